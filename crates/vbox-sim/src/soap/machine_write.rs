//! `IMachine` setters, guest properties, extradata and `INetworkAdapter` setters. Settings
//! changes need the session machine of a write-locked session, as in VirtualBox.

use super::call::{done, Call, Failure, Reply};
use super::lifecycle::as_lock_holder;
use super::machine_read::this_machine;
use super::objects::Obj;
use super::registry::edit_unregistered;
use crate::model::{errors, session, settings};
use vbox_types::{Backend, ModifyMachine, NetworkAdapter, NetworkAttachmentType};

const SETTERS: &[&str] = &[
    "setMemorySize",
    "setCPUCount",
    "setDescription",
    "setGroups",
    "setOSTypeId",
    "setGuestProperty",
    "setGuestPropertyValue",
    "deleteGuestProperty",
    "setExtraData",
];

/// `IMachine` changes.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    if !SETTERS.contains(&c.method) {
        return None;
    }
    Some(write(c).await)
}

async fn write(c: &Call<'_>) -> Reply {
    let (id, mutable) = this_machine(c)?;
    let sim = c.sim();
    let mut change = ModifyMachine::default();
    match c.method {
        "setExtraData" => {
            // A registered machine's extradata changes only on a session machine (the real
            // 7.2.22 refuses it on the registry's IMachine, with this text and code); an
            // empty value deletes the key.
            if !mutable && !super::registry::is_unregistered(c, &id) {
                return Err(Failure::Vbox(vbox_types::Error::from_code(
                    vbox_types::ResultCode::INVALID_VM_STATE,
                    "Cannot set extradata for an immutable machine",
                )));
            }
            let value = c.text("value")?;
            sim.set_extradata(&id, c.text("key")?, Some(value).filter(|v| !v.is_empty()))
                .await?;
            return done();
        }
        "setGuestProperty" | "setGuestPropertyValue" | "deleteGuestProperty" => {
            let name = c
                .opt("property")
                .or(c.opt("name"))
                .unwrap_or_default()
                .to_string();
            let value = (c.method != "deleteGuestProperty")
                .then(|| c.text("value"))
                .transpose()?;
            let flags = c.opt("flags");
            let running =
                sim.view(|reg, _| Ok(session::has_vm_process(&reg.machines[reg.find(&id)?])))?;
            let op = sim.set_guest_property(&id, &name, value, flags);
            // A running VM takes the value directly; a stopped one needs the session machine.
            if running {
                op.await?;
            } else {
                as_lock_holder(c, &id, mutable, op).await?;
            }
            return done();
        }
        "setOSTypeId" => {
            let os = c.text("OSTypeId")?.to_string();
            let early = os.clone();
            if let Some(out) = edit_unregistered(c, &id, |m, _| {
                m.hw.os_type_id = early;
                Ok(())
            }) {
                out?;
                return done();
            }
            let set = async {
                sim.transact(|reg, ctx| {
                    let i = reg.find(&id)?;
                    session::check_write(&reg.machines[i], ctx.now)?;
                    reg.machines[i].hw.os_type_id = os;
                    reg.touch(i);
                    Ok(())
                })
            };
            as_lock_holder(c, &id, mutable, set).await?;
            return done();
        }
        "setMemorySize" => change.memory_mb = Some(c.parse("memorySize")?),
        "setCPUCount" => change.cpus = Some(c.parse("CPUCount")?),
        "setDescription" => change.description = Some(c.text("description")?.to_string()),
        _ => change.groups = Some(c.all("groups").into_iter().map(String::from).collect()),
    }
    let unregistered = edit_unregistered(c, &id, |m, ctx| {
        settings::modify(m, &mut [], &change, &|_| false, ctx)
    });
    match unregistered {
        Some(out) => out?,
        None => as_lock_holder(c, &id, mutable, sim.modify_machine(&id, &change)).await?,
    }
    done()
}

/// `INetworkAdapter` setters.
pub(crate) async fn adapter(c: &Call<'_>) -> Option<Reply> {
    let field = match c.method {
        "setEnabled" => "enabled",
        "setAttachmentType" => "attachmentType",
        "setMACAddress" => "MACAddress",
        "setBridgedInterface" => "bridgedInterface",
        "setHostOnlyInterface" => "hostOnlyInterface",
        "setHostOnlyNetwork" => "hostOnlyNetwork",
        "setInternalNetwork" => "internalNetwork",
        "setNATNetwork" => "NATNetwork",
        "setGenericDriver" => "genericDriver",
        "setCableConnected" => "cableConnected",
        _ => return None,
    };
    Some(set_adapter(c, field).await)
}

async fn set_adapter(c: &Call<'_>, field: &str) -> Reply {
    let Obj::Adapter {
        machine,
        slot,
        mutable,
    } = c.this()?
    else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    let value = c.text(field)?.to_string();
    let flag = |v: &str| matches!(v.trim(), "true" | "1");
    let attachment: Option<NetworkAttachmentType> = match field {
        "attachmentType" => Some(c.parse(field)?),
        _ => None,
    };
    let sim = c.sim();
    let edit = async {
        sim.transact(|reg, ctx| {
            let i = reg.find(&machine)?;
            let m = &mut reg.machines[i];
            session::check_write(m, ctx.now)?;
            if !m.hw.adapters.iter().any(|a| a.slot == slot) {
                m.hw.adapters.push(NetworkAdapter::disabled(slot));
                m.hw.adapters.sort_by_key(|a| a.slot);
            }
            let a =
                m.hw.adapters
                    .iter_mut()
                    .find(|a| a.slot == slot)
                    .expect("added above");
            match field {
                "enabled" => a.enabled = flag(&value),
                "cableConnected" => a.cable_connected = flag(&value),
                "attachmentType" => {
                    a.attachment = attachment.unwrap_or(NetworkAttachmentType::Null)
                }
                "MACAddress" => {
                    let mac = value.to_ascii_uppercase();
                    if mac.len() != 12 || !mac.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Err(errors::invalid_arg(format!(
                            "Invalid MAC address format: '{value}'"
                        )));
                    }
                    a.mac_address = mac;
                }
                "bridgedInterface" => a.bridged_interface = value,
                "hostOnlyInterface" => a.host_only_interface = value,
                "hostOnlyNetwork" => a.host_only_network = value,
                "internalNetwork" => a.internal_network = value,
                "NATNetwork" => a.nat_network = value,
                _ => a.generic_driver = value,
            }
            reg.touch(i);
            Ok(())
        })
    };
    as_lock_holder(c, &machine, mutable, edit).await?;
    done()
}
