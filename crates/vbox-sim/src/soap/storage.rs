//! Storage controllers, optical media and shared folders over SOAP:
//! `IMachine_getStorageControllers|getStorageControllerByName|createSharedFolder|
//! removeSharedFolder|getSharedFolders|discardSettings`, `IStorageController_*`,
//! `ISharedFolder_*`, `IVirtualBox_openMedium` and the console's transient shares. Each
//! setter changes the model at once (the simulator keeps no uncommitted session copy), so
//! `discardSettings` has nothing to undo; clients order their calls so that a refusal comes
//! before a change.

use super::call::{done, ret, Call, Failure, Reply};
use super::lifecycle::as_lock_holder;
use super::machine_read::this_machine;
use super::objects::Obj;
use crate::model::{shares, storage};
use vbox_soap_wire::Param;
use vbox_types::{Error, ResultCode, SharedFolder, StorageBus};

/// The calls of this module, or `None`.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    Some(match (c.iface, c.method) {
        ("IMachine", "getStorageControllers" | "getStorageControllerByName") => controllers(c),
        ("IMachine", "getSharedFolders") => machine_shares(c),
        ("IMachine", "createSharedFolder" | "removeSharedFolder") => change_share(c, false).await,
        ("IMachine", "discardSettings") => done(),
        ("IConsole", "getSharedFolders") => console_shares(c),
        ("IConsole", "createSharedFolder" | "removeSharedFolder") => change_share(c, true).await,
        ("IStorageController", _) => controller(c).await,
        ("ISharedFolder", _) => share(c),
        ("IVirtualBox", "openMedium") => open_medium(c),
        _ => return None,
    })
}

fn controllers(c: &Call<'_>) -> Reply {
    let (id, _) = this_machine(c)?;
    let all = c.sim().view(|reg, ctx| {
        Ok(storage::controllers(
            ctx.root,
            &reg.machines[reg.find(&id)?],
        ))
    })?;
    let obj = |name: String| {
        c.mor(Obj::StorageController {
            machine: id.clone(),
            name,
        })
    };
    if c.method == "getStorageControllers" {
        return Ok(vec![Param::array(
            "returnval",
            all.into_iter().map(|x| obj(x.name)),
        )]);
    }
    let name = c.text("name")?;
    match all.into_iter().find(|x| x.name == name) {
        Some(x) => ret(obj(x.name)),
        None => Err(Failure::Vbox(Error::from_code(
            ResultCode::OBJECT_NOT_FOUND,
            format!("Could not find a storage controller named '{name}'"),
        ))),
    }
}

async fn controller(c: &Call<'_>) -> Reply {
    let Obj::StorageController { machine, name } = c.this()? else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    if c.method == "setPortCount" {
        let ports: u32 = c.parse("portCount")?;
        let op = async {
            c.sim().transact(|reg, ctx| {
                let i = reg.find(&machine)?;
                storage::set_port_count(reg, i, &name, ports, ctx)
            })
        };
        as_lock_holder(c, &machine, true, op).await?;
        return done();
    }
    let rec = c.sim().view(|reg, ctx| {
        let m = &reg.machines[reg.find(&machine)?];
        Ok(storage::controllers(ctx.root, m)
            .into_iter()
            .find(|x| x.name == name))
    })?;
    let Some(rec) = rec else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    match c.method {
        "getName" => ret(&rec.name),
        "getBus" => ret(StorageBus::parse(&rec.bus).map_or("SATA", |b| b.api_name())),
        "getControllerType" => ret(&rec.kind),
        "getPortCount" => ret(rec.ports),
        "getMaxPortCount" => ret(storage::limits(&rec).0),
        _ => Err(Failure::Unknown),
    }
}

fn share_refs(c: &Call<'_>, machine: &str, list: Vec<SharedFolder>) -> Reply {
    Ok(vec![Param::array(
        "returnval",
        list.into_iter().map(|s| {
            c.mor(Obj::SharedFolder {
                machine: machine.to_string(),
                name: s.name,
                transient: s.transient,
            })
        }),
    )])
}

fn machine_shares(c: &Call<'_>) -> Reply {
    let (id, _) = this_machine(c)?;
    let list = c
        .sim()
        .view(|reg, _| Ok(reg.machines[reg.find(&id)?].hw.config.shares.clone()))?;
    share_refs(c, &id, list)
}

fn console_id(c: &Call<'_>) -> Result<String, Failure> {
    match c.this()? {
        Obj::Console(id) => Ok(id),
        _ => Err(Failure::Invalid(c.text("_this")?.to_string())),
    }
}

fn console_shares(c: &Call<'_>) -> Reply {
    let id = console_id(c)?;
    let list = c.sim().view(|reg, _| {
        let m = &reg.machines[reg.find(&id)?];
        Ok(m.run
            .as_ref()
            .map(|r| r.transient_shares.clone())
            .unwrap_or_default())
    })?;
    share_refs(c, &id, list)
}

/// `createSharedFolder(name, hostPath, writable, automount, autoMountPoint)` and
/// `removeSharedFolder(name)` of a session machine or a console.
async fn change_share(c: &Call<'_>, transient: bool) -> Reply {
    let (id, mutable) = if transient {
        (console_id(c)?, true)
    } else {
        this_machine(c)?
    };
    let add = c.method == "createSharedFolder";
    let share = SharedFolder {
        name: c.text("name")?.to_string(),
        host_path: c.text("hostPath")?.to_string(),
        read_only: add && !c.parse::<bool>("writable")?,
        auto_mount: add && c.parse::<bool>("automount")?,
        mount_point: c.text("autoMountPoint")?.to_string(),
        transient,
    };
    let op = async {
        c.sim().transact(|reg, ctx| {
            let i = reg.find(&id)?;
            let m = &mut reg.machines[i];
            let r = if add {
                shares::add(m, &share, ctx)
            } else {
                shares::remove(m, &share.name, transient, ctx)
            };
            if r.is_ok() {
                reg.touch(i);
            }
            r
        })
    };
    if transient {
        // The console belongs to the VM process's session: no lock of this client's.
        op.await?;
    } else {
        as_lock_holder(c, &id, mutable, op).await?;
    }
    done()
}

fn share(c: &Call<'_>) -> Reply {
    let Obj::SharedFolder {
        machine,
        name,
        transient,
    } = c.this()?
    else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    let found = c.sim().view(|reg, _| {
        let m = &reg.machines[reg.find(&machine)?];
        Ok(shares::list(m)
            .into_iter()
            .find(|s| s.name == name && s.transient == transient))
    })?;
    let Some(s) = found else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    match c.method {
        "getName" => ret(&s.name),
        "getHostPath" => ret(&s.host_path),
        "getWritable" => ret(!s.read_only),
        "getAutoMount" => ret(s.auto_mount),
        "getAutoMountPoint" => ret(&s.mount_point),
        "getAccessible" => ret(std::path::Path::new(&s.host_path).exists()),
        _ => Err(Failure::Unknown),
    }
}

/// `IVirtualBox_openMedium(location, deviceType, accessMode, forceNewUuid)`: a registered
/// medium by location or UUID, else the image opened and registered.
fn open_medium(c: &Call<'_>) -> Reply {
    c.this()?;
    let location = c.text("location")?.to_string();
    let dvd = c.text("deviceType")? == "DVD";
    let id = c.sim().transact(
        |reg, ctx| match storage::find_medium(reg, &location, ctx.root) {
            Some(id) => Ok(id),
            None => storage::open_medium(reg, &location, ctx.root, dvd),
        },
    )?;
    ret(c.mor(Obj::Medium(id)))
}
