//! `IMachine` getters and the hardware objects hanging off a machine (`INetworkAdapter`,
//! 7.1's `IPlatform` and `IFirmwareSettings`).

use super::call::{ret, Call, Failure, Reply};
use super::objects::Obj;
use vbox_soap_wire::Param;
use vbox_types::{Backend, Machine};

/// The machine `_this` names: its id and whether it is a session machine.
pub(crate) fn this_machine(c: &Call<'_>) -> Result<(String, bool), Failure> {
    match c.this()? {
        Obj::Machine { id, mutable } => Ok((id, mutable)),
        Obj::SnapshotMachine { id, .. } => Ok((id, false)),
        _ => Err(Failure::Invalid(c.text("_this")?.to_string())),
    }
}

const GETTERS: &[&str] = &[
    "getId",
    "getName",
    "getAccessible",
    "getDescription",
    "getGroups",
    "getOSTypeId",
    "getMemorySize",
    "getCPUCount",
    "getState",
    "getLastStateChange",
    "getSessionState",
    "getSessionName",
    "getSnapshotCount",
    "getCurrentSnapshot",
    "getSettingsFilePath",
    "getChipsetType",
    "getFirmwareType",
    "getPlatform",
    "getFirmwareSettings",
    "getNetworkAdapter",
    "getExtraData",
    "getGuestProperty",
    "getGuestPropertyValue",
    "getGuestPropertyTimestamp",
    "enumerateGuestProperties",
    "getMediumAttachments",
];

/// `IMachine` reads.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    if !GETTERS.contains(&c.method) {
        return None;
    }
    Some(read(c).await)
}

async fn read(c: &Call<'_>) -> Reply {
    let (id, mutable) = this_machine(c)?;
    let sim = c.sim();
    match c.method {
        "getNetworkAdapter" => {
            let slot: u32 = c.parse("slot")?;
            let m = sim.get_machine(&id).await?;
            if slot >= m.chipset.max_network_adapters() {
                return Err(invalid_slot(slot));
            }
            return ret(c.mor(Obj::Adapter {
                machine: id,
                slot,
                mutable,
            }));
        }
        "getExtraData" => {
            return ret(sim
                .get_extradata(&id, c.text("key")?)
                .await?
                .unwrap_or_default())
        }
        "getGuestProperty" | "getGuestPropertyValue" | "getGuestPropertyTimestamp" => {
            let name = c.opt("name").or(c.opt("property")).unwrap_or_default();
            let p = sim.get_guest_property(&id, name).await?;
            let (value, ts, flags) = p
                .map(|p| (p.value, p.timestamp_ns, p.flags))
                .unwrap_or_default();
            return match c.method {
                "getGuestPropertyValue" => ret(value),
                "getGuestPropertyTimestamp" => ret(ts),
                _ => Ok(vec![
                    Param::value("value", value),
                    Param::value("timestamp", ts),
                    Param::value("flags", flags),
                ]),
            };
        }
        "enumerateGuestProperties" => {
            let props = sim
                .enumerate_guest_properties(&id, c.text("patterns")?)
                .await?;
            return Ok(vec![
                Param::array("names", props.iter().map(|p| &p.name)),
                Param::array("values", props.iter().map(|p| &p.value)),
                Param::array("timestamps", props.iter().map(|p| p.timestamp_ns)),
                Param::array("flags", props.iter().map(|p| &p.flags)),
            ]);
        }
        "getMediumAttachments" => return super::media::attachments(c, &id),
        _ => {}
    }
    let m = super::registry::machine(c, &id).await?;
    attribute(c, &m)
}

fn invalid_slot(slot: u32) -> Failure {
    Failure::Vbox(vbox_types::Error::from_code(
        vbox_types::ResultCode::E_INVALIDARG,
        format!("Invalid slot number: {slot}"),
    ))
}

/// A plain attribute of the machine.
fn attribute(c: &Call<'_>, m: &Machine) -> Reply {
    match c.method {
        "getId" => ret(&m.id),
        "getName" => ret(&m.name),
        "getAccessible" => ret(m.accessible),
        "getDescription" => ret(&m.description),
        "getGroups" => Ok(vec![Param::array("returnval", &m.groups)]),
        "getOSTypeId" => ret(&m.os_type_id),
        "getMemorySize" => ret(m.memory_mb),
        "getCPUCount" => ret(m.cpus),
        "getState" => ret(m.state.api_name()),
        "getLastStateChange" => ret(m.last_state_change_ms),
        "getSessionState" => ret(m.session_state.api_name()),
        "getSessionName" => ret(m.session_name.as_deref().unwrap_or_default()),
        "getSnapshotCount" => ret(m.snapshot_count),
        "getCurrentSnapshot" => {
            ret(
                c.mor_opt(m.current_snapshot.as_ref().map(|s| Obj::Snapshot {
                    machine: m.id.clone(),
                    id: s.id.clone(),
                })),
            )
        }
        "getSettingsFilePath" => ret(&m.settings_file),
        "getChipsetType" => ret(m.chipset.api_name()),
        "getFirmwareType" => ret(m.firmware.api_name()),
        "getPlatform" => ret(c.mor(Obj::Platform(m.id.clone()))),
        _ => ret(c.mor(Obj::Firmware(m.id.clone()))),
    }
}

const ADAPTER_GETTERS: &[&str] = &[
    "getEnabled",
    "getAdapterType",
    "getMACAddress",
    "getAttachmentType",
    "getCableConnected",
    "getBridgedInterface",
    "getHostOnlyInterface",
    "getHostOnlyNetwork",
    "getInternalNetwork",
    "getNATNetwork",
    "getGenericDriver",
    "getCloudNetwork",
    "getSlot",
    "getLineSpeed",
];

/// `INetworkAdapter` getters, `IPlatform_getChipsetType|getProperties`,
/// `IFirmwareSettings_getFirmwareType`.
pub(crate) async fn hardware(c: &Call<'_>) -> Option<Reply> {
    let known = match c.iface {
        "INetworkAdapter" => ADAPTER_GETTERS.contains(&c.method),
        "IPlatform" => matches!(c.method, "getChipsetType" | "getProperties"),
        _ => c.method == "getFirmwareType",
    };
    if !known {
        return None;
    }
    Some(hardware_read(c).await)
}

async fn hardware_read(c: &Call<'_>) -> Reply {
    let sim = c.sim();
    match c.this()? {
        Obj::Platform(_) if c.method == "getProperties" => ret(c.mor(Obj::PlatformProperties)),
        Obj::Platform(id) => ret(sim.get_machine(&id).await?.chipset.api_name()),
        Obj::Firmware(id) => ret(sim.get_machine(&id).await?.firmware.api_name()),
        Obj::Adapter { machine, slot, .. } => {
            let m = sim.get_machine(&machine).await?;
            let disabled = vbox_types::NetworkAdapter::disabled(slot);
            let a = m
                .adapters
                .iter()
                .find(|a| a.slot == slot)
                .unwrap_or(&disabled);
            match c.method {
                "getEnabled" => ret(a.enabled),
                "getAdapterType" => ret(a.adapter_type.api_name()),
                "getMACAddress" => ret(&a.mac_address),
                "getAttachmentType" => ret(a.attachment.api_name()),
                "getCableConnected" => ret(a.cable_connected),
                "getBridgedInterface" => ret(&a.bridged_interface),
                "getHostOnlyInterface" => ret(&a.host_only_interface),
                // Host-only networks exist on macOS hosts alone: a Linux vboxwebsrv (the
                // real 7.2.22) answers E_NOTIMPL without a text. The simulator lets one be
                // set (a macOS host's behaviour) and then answers it.
                "getHostOnlyNetwork" if a.host_only_network.is_empty() => Err(Failure::Vbox(
                    vbox_types::Error::from_code(vbox_types::ResultCode(0x8000_4001), ""),
                )),
                "getHostOnlyNetwork" => ret(&a.host_only_network),
                "getInternalNetwork" => ret(&a.internal_network),
                "getNATNetwork" => ret(&a.nat_network),
                "getGenericDriver" => ret(&a.generic_driver),
                "getLineSpeed" => ret(a.line_speed_kbps),
                "getCloudNetwork" => ret(""),
                _ => ret(a.slot),
            }
        }
        _ => Err(Failure::Invalid(c.text("_this")?.to_string())),
    }
}
