//! `modifyvm --vram`, `--boot<N>`, `--nictype<N>`, `--cableconnected<N>` and `--natpf<N>`:
//! each option becomes one [`ModifyMachine`] with the call VBoxManage makes for it, whose
//! failure texts are the real 7.2.22 host's (`modifyvm a --vram 1000`, `--boot1 usb`, a second
//! rule of one name or one host port, `--natpf1 delete` of an unknown rule).

use super::super::cli::{parse_u32, GetOptError};
use super::super::context::{Cx, Site, FAILURE, SYNTAX};
use vbox_types::{
    AdapterChange, BootDevice, ForwardRemoval, ModifyMachine, NetworkAdapterType, PortForward,
};

const FILE: &str = "VBoxManageModifyVM.cpp";

/// The option keys handled here (their first spelling, as `GetOpt` reports them).
pub(crate) const KEYS: &[&str] = &[
    "--vram",
    "--boot",
    "--nictype",
    "--cableconnected",
    "--natpf",
];

fn site(component: &'static str, interface: &'static str, call: &'static str, line: u32) -> Site {
    Site {
        component,
        interface,
        call,
        line,
        file: FILE,
        later: None,
    }
}

/// The NAT engine's calls: `AddRedirect` of a rule, `RemoveRedirect` of a name.
fn nat_site(remove: bool) -> Site {
    if remove {
        site(
            "NATEngineWrap",
            "INATEngine",
            "RemoveRedirect(Bstr(ValueUnion.psz).raw())",
            2264,
        )
    } else {
        site(
            "NATEngineWrap",
            "INATEngine",
            "AddRedirect(Bstr(strName).raw(), proto, Bstr(strHostIp).raw(), RTStrToUInt16(strHostPort), Bstr(strGuestIp).raw(), RTStrToUInt16(strGuestPort))",
            2251,
        )
    }
}

/// One option of [`KEYS`] as a change and the site of its call; `next` fetches the rule name
/// after `--natpf<N> delete` (VBoxManage's `RTGetOptFetchValue`). `nic` checks the slot.
pub(crate) fn parse(
    cx: &mut Cx<'_>,
    key: &str,
    index: u32,
    value: &str,
    nic: &mut dyn FnMut(&mut Cx<'_>) -> Result<u32, i32>,
    next: &mut dyn FnMut() -> Option<String>,
) -> Result<(ModifyMachine, Site), i32> {
    let mut change = ModifyMachine::default();
    let adapter = |slot| AdapterChange {
        slot,
        ..AdapterChange::default()
    };
    let site = match key {
        "--vram" => {
            let Some(mb) = parse_u32(value) else {
                cx.getopt_error(&GetOptError::BadValue(value.to_string()));
                return Err(FAILURE);
            };
            change.vram_mb = Some(mb);
            site(
                "GraphicsAdapterWrap",
                "IGraphicsAdapter",
                "COMSETTER(VRAMSize)(ValueUnion.u32)",
                1000,
            )
        }
        "--boot" => {
            let Some(device) = BootDevice::ALL
                .iter()
                .copied()
                .find(|d| d.manage_word() == value)
            else {
                cx.error_line(&format!("Invalid boot device '{value}'"));
                return Err(SYNTAX);
            };
            if !(1..=BootDevice::POSITIONS as u32).contains(&index) {
                cx.error_line(&format!("Invalid boot slot number {index}"));
                return Err(SYNTAX);
            }
            // One position: the others keep their devices (see `apply_boot`).
            let mut order = vec![BootDevice::None; index as usize];
            order[index as usize - 1] = device;
            change.boot_order = Some(order);
            Site::session_machine(
                "SetBootOrder(GetOptState.uIndex, DeviceType_Null)",
                1300,
                FILE,
            )
        }
        "--nictype" => {
            let slot = nic(cx)?;
            let Some(t) = NetworkAdapterType::from_manage_word(value) else {
                cx.error_line(&format!(
                    "Invalid NIC type '{value}' specified for NIC {index}"
                ));
                return Err(FAILURE);
            };
            change.adapters.push(AdapterChange {
                adapter_type: Some(t),
                ..adapter(slot)
            });
            site(
                "NetworkAdapterWrap",
                "INetworkAdapter",
                "COMSETTER(AdapterType)",
                1460,
            )
        }
        "--cableconnected" => {
            let slot = nic(cx)?;
            let on = match value {
                "on" => true,
                "off" => false,
                _ => {
                    cx.getopt_error(&GetOptError::BadValue(value.to_string()));
                    return Err(FAILURE);
                }
            };
            change.adapters.push(AdapterChange {
                cable_connected: Some(on),
                ..adapter(slot)
            });
            site(
                "NetworkAdapterWrap",
                "INetworkAdapter",
                "COMSETTER(CableConnected)",
                1500,
            )
        }
        _ => {
            let slot = nic(cx)?;
            if value == "delete" {
                let Some(name) = next() else {
                    cx.getopt_error(&GetOptError::MissingValue("--natpf"));
                    return Err(FAILURE);
                };
                change.forwards_removed.push(ForwardRemoval { slot, name });
                nat_site(true)
            } else {
                let Some(rule) = PortForward::parse_rule(slot, value) else {
                    cx.error_line(&format!("Invalid NAT rule '{value}'"));
                    return Err(FAILURE);
                };
                change.forwards_added.push(rule);
                nat_site(false)
            }
        }
    };
    Ok((change, site))
}

/// `--boot<N>` sets one position: fill the others from the machine's current order.
pub(crate) fn apply_boot(change: &mut ModifyMachine, current: &[BootDevice]) {
    if let Some(order) = change.boot_order.as_mut() {
        let position = order.len();
        let device = order[position - 1];
        *order = current.to_vec();
        order.resize(BootDevice::POSITIONS, BootDevice::None);
        order[position - 1] = device;
    }
}
