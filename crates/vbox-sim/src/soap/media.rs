//! Media and storage: `IVirtualBox_getHardDisks|createMedium`, `IMedium`, the
//! `IMediumAttachment` structs and `IMachine_addStorageController|attachDevice|detachDevice`;
//! also routes the machine-registry calls ([`super::registry`]).

use super::call::{done, ret, Call, Failure, Reply};
use super::lifecycle::as_lock_holder;
use super::machine_read::this_machine;
use super::objects::{NewMedium, Obj, ProgressCell};
use super::registry;
use crate::model::storage;
use std::path::Path;
use std::sync::{Arc, Mutex};
use vbox_soap_wire::Param;
use vbox_types::{Backend, DeviceType, Error, Medium, ResultCode};

/// `IVirtualBox_getHardDisks`: the base media only (`IVirtualBox::hardDisks`); differencing
/// images are reached through `IMedium_getChildren`.
pub(crate) async fn hard_disks(c: &Call<'_>) -> Reply {
    let all = c.sim().list_media().await?;
    let refs: Vec<String> = all
        .into_iter()
        .filter(|m| m.device_type == DeviceType::HardDisk && m.parent_id.is_none())
        .map(|m| c.mor(Obj::Medium(m.id)))
        .collect();
    Ok(vec![Param::array("returnval", refs)])
}

/// `IVirtualBox_createMachine|registerMachine|createMedium`.
pub(crate) async fn create(c: &Call<'_>, method: &str) -> Reply {
    match method {
        "createMachine" => registry::create(c),
        "registerMachine" => registry::register(c),
        _ => {
            let format = c.text("format")?;
            if !format.eq_ignore_ascii_case("VDI") {
                return Err(Failure::Vbox(Error::from_code(
                    ResultCode::E_INVALIDARG,
                    format!(
                        "Unsupported medium format '{format}' (the simulator creates VDI images)"
                    ),
                )));
            }
            let location = c.text("location")?.to_string();
            ret(c.mor(Obj::NewMedium(Arc::new(Mutex::new(NewMedium {
                location,
                created: None,
            })))))
        }
    }
}

/// The `IMediumAttachment` structs of machine `id` (disks and optical drives, by slot), in
/// the WSDL's field order; an empty drive has a null medium.
pub(crate) fn attachments(c: &Call<'_>, id: &str) -> Reply {
    let all = c.sim().view(|reg, ctx| {
        let mut config = vbox_types::MachineConfig::default();
        crate::model::storage_change::report(reg, reg.find(id)?, ctx, &mut config);
        Ok(config.attachments)
    })?;
    let machine = c.mor(Obj::Machine {
        id: id.to_string(),
        mutable: false,
    });
    Ok(all
        .into_iter()
        .map(|a| {
            let flag = |n: &str| Param::value(n, false);
            Param::structure(
                "returnval",
                vec![
                    Param::value("machine", &machine),
                    Param::value("medium", c.mor_opt(a.medium_id.map(Obj::Medium))),
                    Param::value("controller", a.slot.controller),
                    Param::value("port", a.slot.port),
                    Param::value("device", a.slot.device),
                    Param::value("type", a.kind.api_name()),
                    flag("passthrough"),
                    flag("temporaryEject"),
                    flag("isEjected"),
                    flag("nonRotational"),
                    flag("discard"),
                    flag("hotPluggable"),
                    Param::value("bandwidthGroup", ""),
                ],
            )
        })
        .collect())
}

/// Storage and registry calls on `IMachine`.
pub(crate) async fn machine(c: &Call<'_>) -> Option<Reply> {
    Some(match c.method {
        "cloneTo" => registry::clone_to(c).await,
        "unregister" => registry::unregister(c),
        "deleteConfig" => registry::delete_config(c),
        "addStorageController" | "attachDevice" | "detachDevice" => storage_call(c).await,
        _ => return None,
    })
}

async fn storage_call(c: &Call<'_>) -> Reply {
    let (id, mutable) = this_machine(c)?;
    let name = c.text("name")?.to_string();
    let sim = c.sim();
    let method = c.method;
    if method == "addStorageController" {
        let bus = c.text("connectionType")?.to_ascii_lowercase();
        let op = async {
            sim.transact(|reg, ctx| {
                let i = reg.find(&id)?;
                storage::add_controller(reg, i, &name, &bus, None, ctx)
            })
        };
        as_lock_holder(c, &id, mutable, op).await?;
        return ret(c.mor(Obj::StorageController { machine: id, name }));
    }
    let port: u32 = c.parse("controllerPort")?;
    let device: u32 = c.parse("device")?;
    let dvd = c.text("type")? == "DVD";
    // An optical drive may be attached empty (a null medium).
    let medium = match c.resolve(c.text("medium")?)? {
        Some(obj) if method == "attachDevice" => Some(medium_id(c, &obj)?),
        _ => None,
    };
    let op = async {
        sim.transact(|reg, ctx| {
            let i = reg.find(&id)?;
            let slot = (name.as_str(), port, device);
            match &medium {
                _ if method == "detachDevice" => storage::detach(reg, i, slot, ctx),
                m if dvd => storage::attach_dvd(reg, i, slot, m.as_deref(), ctx),
                Some(m) => storage::attach(reg, i, slot, m, ctx),
                None => Err(Error::from_code(
                    ResultCode::E_INVALIDARG,
                    "A hard disk attachment needs a medium",
                )),
            }
        })
    };
    as_lock_holder(c, &id, mutable, op).await?;
    done()
}

/// The registered id behind an `IMedium` reference.
fn medium_id(c: &Call<'_>, obj: &Obj) -> Result<String, Failure> {
    match obj {
        Obj::Medium(id) => Ok(id.clone()),
        Obj::NewMedium(n) => n
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .created
            .clone()
            .ok_or_else(|| {
                Failure::Vbox(Error::from_code(
                    ResultCode::INVALID_OBJECT_STATE,
                    "Medium storage has not been created",
                ))
            }),
        _ => Err(Failure::Invalid(
            c.text("_this").unwrap_or_default().to_string(),
        )),
    }
}

/// `IMedium_*`.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    const KNOWN: &[&str] = &[
        "getId",
        "getLocation",
        "getFormat",
        "getDeviceType",
        "getParent",
        "getChildren",
        "getMachineIds",
        "getLogicalSize",
        "createBaseStorage",
        "deleteStorage",
        "getName",
    ];
    if !KNOWN.contains(&c.method) {
        return None;
    }
    Some(medium(c).await)
}

async fn medium(c: &Call<'_>) -> Reply {
    let this = c.this()?;
    if c.method == "createBaseStorage" {
        return create_base(c, &this);
    }
    if c.method == "deleteStorage" {
        // A medium no machine uses: closed and its file deleted.
        let id = medium_id(c, &this)?;
        let outcome = c.sim().transact(|reg, _| {
            if reg
                .machines
                .iter()
                .any(|m| crate::model::media::machine_uses(m, &id))
            {
                return Err(Error::from_code(
                    ResultCode::OBJECT_IN_USE,
                    "Cannot delete storage: medium is attached to a virtual machine",
                ));
            }
            crate::model::media::delete(&mut reg.media, &id);
            Ok(())
        });
        return ret(c.mor(Obj::Progress(ProgressCell::finished(outcome))));
    }
    if let Obj::NewMedium(n) = &this {
        if c.method == "getLocation" {
            return ret(n.lock().unwrap_or_else(|e| e.into_inner()).location.clone());
        }
    }
    let id = medium_id(c, &this)?;
    // Every registered image, optical ones included (`list_media` lists the disks).
    let found = c.sim().view(|reg, _| {
        Ok(reg
            .media
            .iter()
            .find(|m| m.id == id)
            .map(|r| crate::model::media::to_medium(&reg.media, &reg.machines, r)))
    })?;
    let m: &Medium = &found.ok_or_else(|| registry::medium_not_found(&id))?;
    match c.method {
        "getId" => ret(&m.id),
        "getLocation" => ret(&m.location),
        "getName" => ret(Path::new(&m.location)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()),
        "getFormat" => ret(&m.format),
        "getDeviceType" => ret(match m.device_type {
            DeviceType::HardDisk => "HardDisk",
            DeviceType::Dvd => "DVD",
            DeviceType::Floppy => "Floppy",
        }),
        "getParent" => ret(c.mor_opt(m.parent_id.clone().map(Obj::Medium))),
        "getChildren" => Ok(vec![Param::array(
            "returnval",
            m.child_ids.iter().map(|k| c.mor(Obj::Medium(k.clone()))),
        )]),
        "getMachineIds" => Ok(vec![Param::array("returnval", &m.machine_ids)]),
        _ => ret(m.logical_size),
    }
}

/// `IMedium_createBaseStorage(logicalSize, variant[])` of a `createMedium` answer.
fn create_base(c: &Call<'_>, this: &Obj) -> Reply {
    let Obj::NewMedium(n) = this else {
        return Err(Failure::Vbox(Error::from_code(
            ResultCode::INVALID_OBJECT_STATE,
            "Medium storage already exists",
        )));
    };
    let bytes: u64 = c.parse("logicalSize")?;
    let location = n.lock().unwrap_or_else(|e| e.into_inner()).location.clone();
    let made = c.sim().transact(|reg, _| {
        storage::create_medium(reg, Path::new(&location), bytes.div_ceil(1024 * 1024))
    });
    let outcome = made.map(|id| {
        n.lock().unwrap_or_else(|e| e.into_inner()).created = Some(id);
    });
    ret(c.mor(Obj::Progress(ProgressCell::finished(outcome))))
}
