//! Video memory (`IGraphicsAdapter`, 6.1+), boot order (`IMachine.get/setBootOrder`), the
//! adapter's card (`INetworkAdapter.setAdapterType`) and NAT port forwards (`INATEngine`).
//! Writes go through the model's `modify`, so they need a session machine like every setter.

use super::call::{done, ret, Call, Failure, Reply};
use super::lifecycle::as_lock_holder;
use super::machine_read::this_machine;
use super::objects::Obj;
use vbox_soap_wire::Param;
use vbox_types::{
    AdapterChange, ApiVersion, Backend, BootDevice, ForwardRemoval, ModifyMachine, NatProtocol,
    NetworkAdapterType, PortForward,
};

/// The calls of this module; `None` for every other.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    let known = match c.iface {
        "IMachine" => {
            matches!(c.method, "getBootOrder" | "setBootOrder")
                || (c.method == "getGraphicsAdapter" && c.api() >= ApiVersion::V6_1)
        }
        "IGraphicsAdapter" => {
            c.api() >= ApiVersion::V6_1 && matches!(c.method, "getVRAMSize" | "setVRAMSize")
        }
        "INetworkAdapter" => matches!(c.method, "getNATEngine" | "setAdapterType"),
        "INATEngine" => matches!(c.method, "getRedirects" | "addRedirect" | "removeRedirect"),
        _ => false,
    };
    if !known {
        return None;
    }
    Some(call(c).await)
}

async fn call(c: &Call<'_>) -> Reply {
    let sim = c.sim();
    let (machine, mutable, change) = match c.this()? {
        Obj::Machine { .. } | Obj::SnapshotMachine { .. } => {
            let (id, mutable) = this_machine(c)?;
            let config = sim.machine_config(&id).await?;
            match c.method {
                "getGraphicsAdapter" => {
                    return ret(c.mor(Obj::GraphicsAdapter {
                        machine: id,
                        mutable,
                    }))
                }
                "getBootOrder" => {
                    let position = c.parse::<u32>("position")? as usize;
                    let device = position
                        .checked_sub(1)
                        .and_then(|i| config.boot_order.get(i))
                        .ok_or_else(|| bad_position(position))?;
                    return ret(device.api_name());
                }
                _ => {
                    let position = c.parse::<u32>("position")? as usize;
                    if !(1..=BootDevice::POSITIONS).contains(&position) {
                        return Err(bad_position(position));
                    }
                    let device = BootDevice::parse(c.text("device")?)
                        .ok_or_else(|| Failure::Other("invalid DeviceType".into()))?;
                    let mut order = config.boot_order;
                    order[position - 1] = device;
                    let change = ModifyMachine {
                        boot_order: Some(order),
                        ..ModifyMachine::default()
                    };
                    (id, mutable, change)
                }
            }
        }
        Obj::GraphicsAdapter { machine, mutable } => {
            if c.method == "getVRAMSize" {
                return ret(sim.machine_config(&machine).await?.vram_mb);
            }
            let change = ModifyMachine {
                vram_mb: Some(c.parse("VRAMSize")?),
                ..ModifyMachine::default()
            };
            (machine, mutable, change)
        }
        Obj::Adapter {
            machine,
            slot,
            mutable,
        } => {
            if c.method == "getNATEngine" {
                return ret(c.mor(Obj::NatEngine {
                    machine,
                    slot,
                    mutable,
                }));
            }
            let t = c.text("adapterType")?;
            let t = NetworkAdapterType::from_manage_word(t)
                .ok_or_else(|| Failure::Other(format!("invalid NetworkAdapterType '{t}'")))?;
            let change = ModifyMachine {
                adapters: vec![AdapterChange {
                    slot,
                    adapter_type: Some(t),
                    ..AdapterChange::default()
                }],
                ..ModifyMachine::default()
            };
            (machine, mutable, change)
        }
        Obj::NatEngine {
            machine,
            slot,
            mutable,
        } => match c.method {
            "getRedirects" => return redirects(c, &machine, slot).await,
            "removeRedirect" => {
                let change = ModifyMachine {
                    forwards_removed: vec![ForwardRemoval {
                        slot,
                        name: c.text("name")?.to_string(),
                    }],
                    ..ModifyMachine::default()
                };
                (machine, mutable, change)
            }
            _ => {
                let proto = c.text("proto")?;
                let forward = PortForward {
                    slot,
                    name: c.text("name")?.to_string(),
                    protocol: NatProtocol::parse(proto)
                        .ok_or_else(|| Failure::Other(format!("invalid NATProtocol '{proto}'")))?,
                    host_ip: c.opt("hostIP").unwrap_or_default().to_string(),
                    host_port: c.parse("hostPort")?,
                    guest_ip: c.opt("guestIP").unwrap_or_default().to_string(),
                    guest_port: c.parse("guestPort")?,
                };
                let change = ModifyMachine {
                    forwards_added: vec![forward],
                    ..ModifyMachine::default()
                };
                (machine, mutable, change)
            }
        },
        _ => return Err(Failure::Invalid(c.text("_this")?.to_string())),
    };
    as_lock_holder(c, &machine, mutable, sim.modify_machine(&machine, &change)).await?;
    done()
}

/// `INATEngine.redirects`: `name,proto,hostip,hostport,guestip,guestport` with the protocol
/// as its number, as VirtualBox's `NATEngine::getRedirects` writes them.
async fn redirects(c: &Call<'_>, machine: &str, slot: u32) -> Reply {
    let sim = c.sim();
    let rules: Vec<String> = sim.view(|reg, _| {
        let m = &reg.machines[reg.find(machine)?];
        Ok(m.hw
            .config
            .forwards_of(slot)
            .map(|f| {
                format!(
                    "{},{},{},{},{},{}",
                    f.name,
                    f.protocol.number(),
                    f.host_ip,
                    f.host_port,
                    f.guest_ip,
                    f.guest_port
                )
            })
            .collect())
    })?;
    Ok(vec![Param::array("returnval", &rules)])
}

fn bad_position(position: usize) -> Failure {
    Failure::Vbox(crate::model::errors::invalid_arg(format!(
        "Invalid boot position: {position} (must be in range [1, {}])",
        BootDevice::POSITIONS
    )))
}
