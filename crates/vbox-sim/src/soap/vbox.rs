//! `IWebsessionManager`, `IManagedObjectRef`, `IVirtualBox` and the system/platform
//! properties, plus which operations exist in which version.

use super::call::{done, ret, Call, Failure, Reply};
use super::objects::{Obj, SessionLock};
use std::sync::{Arc, Mutex};
use vbox_soap_wire::mor::ObjectRef;
use vbox_soap_wire::Param;
use vbox_types::{ApiVersion, Backend, ChipsetType, Error, ResultCode};

/// Whether the served version's WSDL has `op` (only the operations whose presence differs
/// between 6.1, 7.0 and 7.1 are listed; reference §3).
pub(crate) fn exists_in(op: &str, api: ApiVersion) -> bool {
    const ONLY_7_1: &[&str] = &[
        "IMachine_getPlatform",
        "IMachine_getFirmwareSettings",
        "IVirtualBox_getPlatformProperties",
    ];
    const UNTIL_7_0: &[&str] = &[
        "IMachine_getChipsetType",
        "IMachine_getFirmwareType",
        "ISystemProperties_getMaxNetworkAdapters",
    ];
    const SINCE_7_0: &[&str] = &[
        "INetworkAdapter_getHostOnlyNetwork",
        "INetworkAdapter_setHostOnlyNetwork",
        "IGuestPropertyChangedEvent_getFWasDeleted",
    ];
    let v7_1_interface = ["IPlatform_", "IPlatformProperties_", "IFirmwareSettings_"]
        .iter()
        .any(|p| op.starts_with(p));
    if ONLY_7_1.contains(&op) || v7_1_interface {
        return api >= ApiVersion::V7_1;
    }
    if UNTIL_7_0.contains(&op) {
        return api < ApiVersion::V7_1;
    }
    if SINCE_7_0.contains(&op) {
        return api >= ApiVersion::V7_0;
    }
    if op == "INetworkAdapter_getCloudNetwork" || op == "INetworkAdapter_setCloudNetwork" {
        return api >= ApiVersion::V6_1;
    }
    true
}

/// `IWebsessionManager_*`, `IManagedObjectRef_*`, `IVirtualBox_*`, `ISystemProperties_*`,
/// `IPlatformProperties_*`.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    Some(match (c.iface, c.method) {
        ("IWebsessionManager", "logon") => logon(c),
        ("IWebsessionManager", "logoff") => logoff(c),
        ("IWebsessionManager", "getSessionObject") => c
            .obj("refIVirtualBox")
            .and_then(|_| ret(c.mor(Obj::Session(Arc::new(Mutex::new(SessionLock::None)))))),
        ("IManagedObjectRef", "release") => release(c),
        ("IManagedObjectRef", "getInterfaceName") => c.this().and_then(|o| ret(interface_name(&o))),
        ("IVirtualBox", m) => return virtualbox(c, m).await,
        ("ISystemProperties" | "IPlatformProperties", m) => return properties(c, m),
        _ => return None,
    })
}

fn logon(c: &Call<'_>) -> Reply {
    let user = c.text("username")?;
    let password = c.text("password")?;
    let opts = &c.shared.opts;
    if let Some(expected) = &opts.user {
        let password_ok = opts.password.as_deref().unwrap_or_default() == password;
        // vboxwebsrv fails the logon without a VirtualBox fault structure (reference §4.3).
        if expected != user || !password_ok || user.len() >= 1024 || password.len() >= 1024 {
            return Err(Failure::Other("Logon failed".into()));
        }
    }
    let vbox = c.shared.sessions.logon();
    c.enter(vbox.session());
    ret(vbox)
}

fn logoff(c: &Call<'_>) -> Reply {
    let text = c.text("refIVirtualBox")?;
    c.obj("refIVirtualBox")?;
    let r: ObjectRef = text.parse().map_err(|_| Failure::Invalid(text.into()))?;
    let objects = c.shared.sessions.logoff(r.session()).unwrap_or_default();
    super::lifecycle::close_sessions(c.sim(), &objects);
    done()
}

fn release(c: &Call<'_>) -> Reply {
    let text = c.text("_this")?;
    let bad = || Failure::Invalid(text.to_string());
    let r: ObjectRef = text.parse().map_err(|_| bad())?;
    let obj = c.shared.sessions.release(&r).ok_or_else(bad)?;
    super::lifecycle::close_sessions(c.sim(), &[obj]);
    done()
}

fn interface_name(o: &Obj) -> &'static str {
    [
        "IVirtualBox",
        "ISession",
        "IMachine",
        "IConsole",
        "IProgress",
        "IVirtualBoxErrorInfo",
        "INetworkAdapter",
        "ISystemProperties",
        "ISnapshot",
        "IMedium",
        "IEventSource",
        "IEventListener",
        // The real server names a reference by the type the call returned: `IEvent` for
        // `IEventSource_getEvent`'s, whatever the event's own type.
        "IEvent",
        "IPlatform",
        "IPlatformProperties",
        "IFirmwareSettings",
        "IHost",
        "IHostNetworkInterface",
        "IDHCPServer",
        "IVRDEServer",
        "IDisplay",
        "IKeyboard",
        "IMouse",
        "IGuest",
    ]
    .into_iter()
    .find(|i| o.implements(i))
    .unwrap_or("IUnknown")
}

async fn virtualbox(c: &Call<'_>, method: &str) -> Option<Reply> {
    const KNOWN: &[&str] = &[
        "getVersion",
        "getVersionNormalized",
        "getRevision",
        "getAPIVersion",
        "getMachines",
        "getMachineStates",
        "findMachine",
        "getSystemProperties",
        "getEventSource",
        "getHardDisks",
        "getPlatformProperties",
        "createMachine",
        "registerMachine",
        "createMedium",
    ];
    if !KNOWN.contains(&method) {
        return None;
    }
    if let Err(e) = c.this() {
        return Some(Err(e));
    }
    Some(virtualbox_call(c, method).await)
}

async fn virtualbox_call(c: &Call<'_>, method: &str) -> Reply {
    let sim = c.sim();
    match method {
        "getVersion" => ret(&sim.options().version),
        "getVersionNormalized" => ret(sim.version().await?.version_normalized),
        "getRevision" => ret(sim.options().revision),
        "getAPIVersion" => ret(c.api().api_string()),
        "getMachines" => {
            let all = sim.list_machines().await?;
            let refs: Vec<String> = all
                .into_iter()
                .map(|m| {
                    c.mor(Obj::Machine {
                        id: m.id,
                        mutable: false,
                    })
                })
                .collect();
            Ok(vec![Param::array("returnval", refs)])
        }
        "getMachineStates" => {
            let mut states = Vec::new();
            for text in c.all("machines") {
                let id = match c.resolve(text)? {
                    Some(Obj::Machine { id, .. }) => id,
                    _ => return Err(Failure::Invalid(text.to_string())),
                };
                states.push(sim.get_machine(&id).await?.state.api_name());
            }
            Ok(vec![Param::array("returnval", states)])
        }
        "findMachine" => {
            let m = sim.get_machine(c.text("nameOrId")?).await?;
            ret(c.mor(Obj::Machine {
                id: m.id,
                mutable: false,
            }))
        }
        "getSystemProperties" => ret(c.mor(Obj::SystemProperties)),
        "getPlatformProperties" => platform_properties(c),
        "getEventSource" => ret(c.mor(Obj::EventSource)),
        "getHardDisks" => super::media::hard_disks(c).await,
        _ => super::media::create(c, method).await,
    }
}

fn properties(c: &Call<'_>, method: &str) -> Option<Reply> {
    if method != "getMaxNetworkAdapters" {
        return None;
    }
    Some(c.this().and_then(|_| {
        let chipset: ChipsetType = c.parse("chipset")?;
        ret(chipset.max_network_adapters())
    }))
}

/// `IVirtualBox_getPlatformProperties(architecture)`: `x86` and `ARM` answer (this
/// simulator models x86 alone, so both are the same object); `None`, also what a missing
/// element reads as, is E_INVALIDARG without a text, as on the real 7.2.22.
fn platform_properties(c: &Call<'_>) -> Reply {
    const ARCHITECTURES: [(&str, u32); 3] = [("None", 0), ("x86", 1), ("ARM", 2)];
    let architecture = match c.opt("architecture") {
        None => 0,
        Some(text) => vbox_soap_wire::value::enumeration(text, &ARCHITECTURES)
            .map_err(|why| Failure::Fault(why.fault("architecture")))?,
    };
    if architecture == 0 {
        return Err(Failure::Vbox(Error::from_code(
            ResultCode::E_INVALIDARG,
            "",
        )));
    }
    ret(c.mor(Obj::PlatformProperties))
}
