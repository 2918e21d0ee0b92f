//! Getters other people's clients call right after logon (remotevbox, vboxwebber, pyvbox):
//! `IVirtualBox_getHost|getHomeFolder|getMachineGroups`, `IMachine_getExtraDataKeys|
//! getVRDEServer|getBootOrder|getStorageControllers`, the `IConsole` sub-objects, and the
//! few reads on those objects the model can answer. Values follow the real vboxwebsrv 7.2.22
//! (a machine made by `createvm`): VRDE off with no properties set but `TCP/Ports` = 3389,
//! boot order Floppy, DVD, HardDisk, None.

use super::call::{ret, Call, Failure, Reply};
use super::machine_read::this_machine;
use super::objects::Obj;
use crate::model::storage;
use vbox_soap_wire::Param;
use vbox_types::{Error, ResultCode};

/// The default boot order of a new machine (positions 1 to 4).
const BOOT_ORDER: [&str; 4] = ["Floppy", "DVD", "HardDisk", "None"];

/// Dispatches the getters of this module; `None` for anything else.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    let known = match c.iface {
        "IVirtualBox" => matches!(c.method, "getHost" | "getHomeFolder" | "getMachineGroups"),
        "IMachine" => matches!(
            c.method,
            "getExtraDataKeys" | "getVRDEServer" | "getBootOrder" | "getStorageControllers"
        ),
        "IConsole" => matches!(
            c.method,
            "getDisplay" | "getKeyboard" | "getMouse" | "getGuest"
        ),
        "IHost" => matches!(c.method, "getOperatingSystem" | "getProcessorCount"),
        "IVRDEServer" => matches!(
            c.method,
            "getEnabled" | "getVRDEProperties" | "getVRDEProperty"
        ),
        _ => false,
    };
    if !known {
        return None;
    }
    Some(read(c).await)
}

async fn read(c: &Call<'_>) -> Reply {
    match c.iface {
        "IVirtualBox" => virtualbox(c),
        "IMachine" => machine(c),
        "IConsole" => console(c),
        "IHost" => host(c),
        _ => vrde(c),
    }
}

fn virtualbox(c: &Call<'_>) -> Reply {
    c.this()?;
    match c.method {
        "getHost" => ret(c.mor(Obj::Host)),
        "getHomeFolder" => ret(c.sim().dir().display()),
        _ => {
            // Each group once, in no particular order (the API says so).
            let groups = c.sim().view(|reg, _| {
                let mut all: Vec<String> = Vec::new();
                for m in &reg.machines {
                    for g in &m.groups {
                        if !all.contains(g) {
                            all.push(g.clone());
                        }
                    }
                }
                Ok(all)
            })?;
            Ok(vec![Param::array("returnval", groups)])
        }
    }
}

fn machine(c: &Call<'_>) -> Reply {
    let (id, _) = this_machine(c)?;
    match c.method {
        "getExtraDataKeys" => {
            let keys = c.sim().view(|reg, _| {
                let i = reg.find(&id)?;
                Ok(reg.machines[i]
                    .extradata
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>())
            })?;
            Ok(vec![Param::array("returnval", keys)])
        }
        "getVRDEServer" => ret(c.mor(Obj::VrdeServer(id))),
        "getBootOrder" => {
            let position: u32 = c.parse("position")?;
            match position
                .checked_sub(1)
                .and_then(|i| BOOT_ORDER.get(i as usize))
            {
                Some(device) => ret(device),
                None => Err(Failure::Vbox(Error::from_code(
                    ResultCode::E_INVALIDARG,
                    format!("Invalid boot position: {position} (must be in range [1, 4])"),
                ))),
            }
        }
        _ => {
            let names = c.sim().view(|reg, ctx| {
                let i = reg.find(&id)?;
                Ok(storage::controllers(ctx.root, &reg.machines[i])
                    .into_iter()
                    .map(|ctl| ctl.name)
                    .collect::<Vec<_>>())
            })?;
            let refs: Vec<String> = names
                .into_iter()
                .map(|name| {
                    c.mor(Obj::StorageController {
                        machine: id.clone(),
                        name,
                    })
                })
                .collect();
            Ok(vec![Param::array("returnval", refs)])
        }
    }
}

fn console(c: &Call<'_>) -> Reply {
    let Obj::Console(id) = c.this()? else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    let part = match c.method {
        "getDisplay" => "IDisplay",
        "getKeyboard" => "IKeyboard",
        "getMouse" => "IMouse",
        _ => "IGuest",
    };
    ret(c.mor(Obj::ConsolePart {
        machine: id,
        interface: part,
    }))
}

fn host(c: &Call<'_>) -> Reply {
    c.this()?;
    match c.method {
        "getOperatingSystem" => ret(crate::model::hostonly::HOST_OS),
        _ => ret(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

fn vrde(c: &Call<'_>) -> Reply {
    c.this()?;
    match c.method {
        "getEnabled" => ret(false),
        // The real server lists no property of a machine that never set one.
        "getVRDEProperties" => Ok(vec![Param::array("returnval", Vec::<String>::new())]),
        _ => ret(match c.text("key")? {
            "TCP/Ports" => "3389",
            _ => "",
        }),
    }
}
