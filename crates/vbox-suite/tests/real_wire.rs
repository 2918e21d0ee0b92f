//! Wire fidelity by difference: the same requests go to the real vboxwebsrv 7.2.22 and to the
//! simulator's server playing 7.2, and the answers must have the same structure: HTTP status,
//! element names in order, the type of each value (reference, integer, boolean, UUID, text,
//! empty), and for a fault its kind, faultcode, result code and faultstring (references and
//! numbers masked). The script covers the operations the project's SOAP client uses on a
//! machine that does not run, plus a start, the console, a power-off, events and the faults.
//! Ignored by a plain `cargo test`; `scripts/real-virtualbox.sh test real_wire` runs it.

#[path = "../../vbox-sim/tests/soap_common/mod.rs"]
mod soap_common;
mod wire_common;

use soap_common::{exchange, serve, Answer, Wire};
use std::collections::HashMap;
use std::net::SocketAddr;
use vbox_sim::ServeOptions;
use vbox_soap_wire::envelope::{parse_response, request};
use vbox_soap_wire::{Element, Fault, Param, SoapError};
use vbox_suite::real::RealHost;

/// A parameter of a scripted request: literal text, or the first `returnval` of an earlier
/// step (by its label).
#[derive(Clone, Copy)]
enum V {
    Lit(&'static str),
    From(&'static str),
}

/// One request: a label for later steps, the operation and its parameters.
struct Step {
    label: &'static str,
    op: &'static str,
    params: Vec<(&'static str, V)>,
}

fn step(label: &'static str, op: &'static str, params: &[(&'static str, V)]) -> Step {
    Step {
        label,
        op,
        params: params.to_vec(),
    }
}

use V::{From, Lit};

/// The script. Labels starting with `_` are not referred to later.
fn script() -> Vec<Step> {
    let this = |l| [("_this", From(l))];
    let mut s = vec![
        step(
            "vbox",
            "IWebsessionManager_logon",
            &[("username", Lit("")), ("password", Lit(""))],
        ),
        step("_", "IVirtualBox_getAPIVersion", &this("vbox")),
        step("_", "IVirtualBox_getVersion", &this("vbox")),
        step("_", "IVirtualBox_getRevision", &this("vbox")),
        step("machines", "IVirtualBox_getMachines", &this("vbox")),
        step(
            "_",
            "IVirtualBox_getMachineStates",
            &[("_this", From("vbox")), ("machines", From("machines"))],
        ),
        step(
            "vm",
            "IVirtualBox_findMachine",
            &[("_this", From("vbox")), ("nameOrId", Lit("t1"))],
        ),
        step(
            "_",
            "IVirtualBox_findMachine",
            &[("_this", From("vbox")), ("nameOrId", Lit("no such vm"))],
        ),
        step("host", "IVirtualBox_getHost", &this("vbox")),
        // Host networking of a Linux host without vboxnet0 (issue 12).
        step("_", "IHost_getOperatingSystem", &this("host")),
        step(
            "_",
            "IHost_findHostNetworkInterfacesOfType",
            &[("_this", From("host")), ("type", Lit("HostOnly"))],
        ),
        step(
            "_",
            "IHost_findHostNetworkInterfaceByName",
            &[("_this", From("host")), ("name", Lit("vboxnet0"))],
        ),
        step("dhcp", "IVirtualBox_getDHCPServers", &this("vbox")),
        step("_", "IDHCPServer_getNetworkName", &this("dhcp")),
        step("_", "IDHCPServer_getIPAddress", &this("dhcp")),
        step("_", "IDHCPServer_getNetworkMask", &this("dhcp")),
        step("_", "IDHCPServer_getLowerIP", &this("dhcp")),
        step("_", "IDHCPServer_getUpperIP", &this("dhcp")),
        step("_", "IDHCPServer_getEnabled", &this("dhcp")),
        step(
            "_",
            "IVirtualBox_findDHCPServerByNetworkName",
            &[
                ("_this", From("vbox")),
                ("name", Lit("HostInterfaceNetworking-nope")),
            ],
        ),
        step("_", "IVirtualBox_getHostOnlyNetworks", &this("vbox")),
        step("_", "IVirtualBox_getHomeFolder", &this("vbox")),
        step("_", "IVirtualBox_getMachineGroups", &this("vbox")),
        step("sysprops", "IVirtualBox_getSystemProperties", &this("vbox")),
        step("_", "IVirtualBox_getHardDisks", &this("vbox")),
        step(
            "platprops",
            "IVirtualBox_getPlatformProperties",
            &[("_this", From("vbox")), ("platform", Lit("x86"))],
        ),
    ];
    for getter in [
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
        "getExtraDataKeys",
        "getVRDEServer",
        "getStorageControllers",
        "getMediumAttachments",
        "getPlatform",
        "getFirmwareSettings",
    ] {
        s.push(Step {
            label: "_",
            op: leak(format!("IMachine_{getter}")),
            params: this("vm").to_vec(),
        });
    }
    s.extend([
        step("_", "IManagedObjectRef_getInterfaceName", &this("vm")),
        step("_", "IVirtualBox_getVersionNormalized", &this("vbox")),
        step("platform", "IMachine_getPlatform", &this("vm")),
        step("_", "IPlatform_getChipsetType", &this("platform")),
        step("platprops", "IPlatform_getProperties", &this("platform")),
        step(
            "_",
            "IPlatformProperties_getMaxNetworkAdapters",
            &[("_this", From("platprops")), ("chipset", Lit("PIIX3"))],
        ),
        step("firmware", "IMachine_getFirmwareSettings", &this("vm")),
        step("_", "IFirmwareSettings_getFirmwareType", &this("firmware")),
        // Gone in 7.1: unknown operations on 7.2.
        step("_", "IMachine_getChipsetType", &this("vm")),
        step("_", "IMachine_getFirmwareType", &this("vm")),
        step(
            "_",
            "ISystemProperties_getMaxNetworkAdapters",
            &[("_this", From("sysprops")), ("chipset", Lit("PIIX3"))],
        ),
        step(
            "_",
            "IMachine_getGuestProperty",
            &[("_this", From("vm")), ("name", Lit("/no/such"))],
        ),
        step(
            "_",
            "IMachine_getExtraData",
            &[("_this", From("vm")), ("key", Lit("no/such/key"))],
        ),
        step(
            "_",
            "IMachine_getBootOrder",
            &[("_this", From("vm")), ("position", Lit("1"))],
        ),
        step(
            "_",
            "IMachine_getBootOrder",
            &[("_this", From("vm")), ("position", Lit("9"))],
        ),
        step(
            "_",
            "IMachine_getGuestPropertyValue",
            &[("_this", From("vm")), ("property", Lit("/no/such"))],
        ),
        step(
            "_",
            "IMachine_enumerateGuestProperties",
            &[("_this", From("vm")), ("patterns", Lit(""))],
        ),
        step(
            "nic",
            "IMachine_getNetworkAdapter",
            &[("_this", From("vm")), ("slot", Lit("0"))],
        ),
        step(
            "_",
            "IMachine_getNetworkAdapter",
            &[("_this", From("vm")), ("slot", Lit("-1"))],
        ),
        step("_", "INetworkAdapter_getEnabled", &this("nic")),
        step("_", "INetworkAdapter_getAdapterType", &this("nic")),
        step("_", "INetworkAdapter_getMACAddress", &this("nic")),
        step("_", "INetworkAdapter_getAttachmentType", &this("nic")),
        step("_", "INetworkAdapter_getCableConnected", &this("nic")),
        step("_", "INetworkAdapter_getSlot", &this("nic")),
        step("_", "INetworkAdapter_getBridgedInterface", &this("nic")),
        step("_", "INetworkAdapter_getHostOnlyInterface", &this("nic")),
        step("_", "INetworkAdapter_getHostOnlyNetwork", &this("nic")),
        step("_", "INetworkAdapter_getInternalNetwork", &this("nic")),
        step("_", "INetworkAdapter_getNATNetwork", &this("nic")),
        step("_", "INetworkAdapter_getGenericDriver", &this("nic")),
        step(
            "snap",
            "IMachine_findSnapshot",
            &[("_this", From("vm")), ("nameOrId", Lit("base"))],
        ),
        step("_", "ISnapshot_getName", &this("snap")),
        step("_", "ISnapshot_getId", &this("snap")),
        step("_", "ISnapshot_getDescription", &this("snap")),
        step("_", "ISnapshot_getTimeStamp", &this("snap")),
        step("_", "ISnapshot_getOnline", &this("snap")),
        step("_", "ISnapshot_getParent", &this("snap")),
        step("_", "ISnapshot_getChildren", &this("snap")),
        step("_", "ISnapshot_getMachine", &this("snap")),
        step(
            "session",
            "IWebsessionManager_getSessionObject",
            &[("refIVirtualBox", From("vbox"))],
        ),
        step("_", "ISession_getState", &this("session")),
        // pyremotevbox sends the enum's number.
        step(
            "_",
            "IMachine_lockMachine",
            &[
                ("_this", From("vm")),
                ("session", From("session")),
                ("lockType", Lit("1")),
            ],
        ),
        step("_", "ISession_getType", &this("session")),
        step("mutable", "ISession_getMachine", &this("session")),
        step("_", "IMachine_getState", &this("mutable")),
        step("_", "ISession_unlockMachine", &this("session")),
        // Settings through a write lock (given by its number, 2).
        step(
            "_",
            "IMachine_lockMachine",
            &[
                ("_this", From("vm")),
                ("session", From("session")),
                ("lockType", Lit("2")),
            ],
        ),
        step("mutable", "ISession_getMachine", &this("session")),
        step(
            "_",
            "IMachine_setDescription",
            &[("_this", From("mutable")), ("description", Lit("wire"))],
        ),
        step(
            "_",
            "IMachine_setMemorySize",
            &[("_this", From("mutable")), ("memorySize", Lit("256"))],
        ),
        step(
            "_",
            "IMachine_setCPUCount",
            &[("_this", From("mutable")), ("CPUCount", Lit("1"))],
        ),
        step(
            "_",
            "IMachine_setGroups",
            &[("_this", From("mutable")), ("groups", Lit("/lab/web"))],
        ),
        step(
            "_",
            "IMachine_setExtraData",
            &[
                ("_this", From("mutable")),
                ("key", Lit("wire/key")),
                ("value", Lit("1")),
            ],
        ),
        step(
            "_",
            "IMachine_setGuestProperty",
            &[
                ("_this", From("mutable")),
                ("property", Lit("/wire/p")),
                ("value", Lit("v")),
                ("flags", Lit("")),
            ],
        ),
        step(
            "_",
            "IMachine_getGuestProperty",
            &[("_this", From("mutable")), ("name", Lit("/wire/p"))],
        ),
        step(
            "_",
            "IMachine_deleteGuestProperty",
            &[("_this", From("mutable")), ("name", Lit("/wire/p"))],
        ),
        step(
            "mnic",
            "IMachine_getNetworkAdapter",
            &[("_this", From("mutable")), ("slot", Lit("1"))],
        ),
        // NAT: an internal network needs the ring-0 driver the real host runs without.
        step(
            "_",
            "INetworkAdapter_setEnabled",
            &[("_this", From("mnic")), ("enabled", Lit("true"))],
        ),
        step(
            "_",
            "INetworkAdapter_setAttachmentType",
            &[("_this", From("mnic")), ("attachmentType", Lit("NAT"))],
        ),
        step(
            "_",
            "INetworkAdapter_setInternalNetwork",
            &[("_this", From("mnic")), ("internalNetwork", Lit("wire"))],
        ),
        step(
            "_",
            "INetworkAdapter_setMACAddress",
            &[("_this", From("mnic")), ("MACAddress", Lit("080027000001"))],
        ),
        step(
            "_",
            "INetworkAdapter_setAttachmentType",
            &[("_this", From("mnic")), ("attachmentType", Lit("nonsense"))],
        ),
        step(
            "_",
            "IMachine_addStorageController",
            &[
                ("_this", From("mutable")),
                ("name", Lit("SATA")),
                ("connectionType", Lit("SATA")),
            ],
        ),
        step("_", "IMachine_saveSettings", &this("mutable")),
        step("_", "ISession_unlockMachine", &this("session")),
        step("_", "IMachine_getMemorySize", &this("vm")),
        step("_", "IMachine_getStorageControllers", &this("vm")),
        step(
            "_",
            "IMachine_lockMachine",
            &[
                ("_this", From("vm")),
                ("session", From("session")),
                ("lockType", Lit("shared")),
            ],
        ),
        step(
            "progress",
            "IMachine_launchVMProcess",
            &[
                ("_this", From("vm")),
                ("session", From("session")),
                ("name", Lit("headless")),
            ],
        ),
        step(
            "_",
            "IProgress_waitForCompletion",
            &[("_this", From("progress")), ("timeout", Lit("30000"))],
        ),
        step("_", "IProgress_getCompleted", &this("progress")),
        step("_", "IProgress_getResultCode", &this("progress")),
        step("console", "ISession_getConsole", &this("session")),
        step("_", "IConsole_getDisplay", &this("console")),
        step("_", "IConsole_getKeyboard", &this("console")),
        step("_", "IConsole_getMouse", &this("console")),
        step("_", "IConsole_getGuest", &this("console")),
        step("_", "IConsole_getMachine", &this("console")),
        step("_", "IMachine_getState", &this("vm")),
        step("_", "IMachine_getSessionState", &this("vm")),
        step("_", "IConsole_pause", &this("console")),
        step("_", "IConsole_pause", &this("console")),
        step("_", "IConsole_resume", &this("console")),
        step("_", "IConsole_reset", &this("console")),
        step("_", "IConsole_powerButton", &this("console")),
        step("down", "IConsole_powerDown", &this("console")),
        step(
            "_",
            "IProgress_waitForCompletion",
            &[("_this", From("down")), ("timeout", Lit("30000"))],
        ),
        // No unlockMachine of the launching session here: on the real host the VM process's
        // end unlocks it a moment after powerDown's progress completes, so the answer is 200
        // or "The session is not locked" from run to run.
        step("source", "IVirtualBox_getEventSource", &this("vbox")),
        step("listener", "IEventSource_createListener", &this("source")),
        step(
            "_",
            "IEventSource_registerListener",
            &[
                ("_this", From("source")),
                ("listener", From("listener")),
                ("interesting", Lit("OnGuestPropertyChanged")),
                ("active", Lit("false")),
            ],
        ),
        step(
            "_",
            "IEventSource_getEvent",
            &[
                ("_this", From("source")),
                ("listener", From("listener")),
                ("timeout", Lit("0")),
            ],
        ),
        step(
            "_",
            "IEventSource_unregisterListener",
            &[("_this", From("source")), ("listener", From("listener"))],
        ),
        step("_", "IManagedObjectRef_release", &this("nic")),
        step("_", "IManagedObjectRef_release", &this("nic")),
        step("_", "IMachine_doesNotExist", &this("vm")),
        step(
            "_",
            "IMachine_getName",
            &[("_this", Lit("0123456789abcdef-0000000000000099"))],
        ),
        step(
            "_",
            "IWebsessionManager_logoff",
            &[("refIVirtualBox", From("vbox"))],
        ),
        step("_", "IMachine_getName", &this("vm")),
    ]);
    s
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The class of a value, as far as the structure goes.
fn class(text: &str) -> &'static str {
    let uuid = text.len() == 36 && text.chars().filter(|c| *c == '-').count() == 4;
    if text.is_empty() {
        "empty"
    } else if text.len() == 33 && text.as_bytes()[16] == b'-' {
        "ref"
    } else if uuid {
        "uuid"
    } else if text == "true" || text == "false" {
        "bool"
    } else if text.parse::<i64>().is_ok() {
        "int"
    } else {
        "text"
    }
}

fn shape(elements: &[Element], out: &mut Vec<String>) {
    for e in elements {
        if e.children.is_empty() {
            out.push(format!("{}:{}", e.name, class(&e.text)));
        } else {
            out.push(format!("{}{{", e.name));
            shape(&e.children, out);
            out.push("}".into());
        }
    }
}

/// A faultstring with references and hex or decimal numbers masked.
fn mask(text: &str) -> String {
    text.split_inclusive([' ', '"', '\'', '(', ')'])
        .map(|word| {
            let core = word.trim_end_matches([' ', '"', '\'', '(', ')']);
            let end = &word[core.len()..];
            match class(core) {
                "ref" | "uuid" | "int" => format!("<{}>{end}", class(core)),
                _ if core.starts_with("0x") => format!("<hex>{end}"),
                _ => word.to_string(),
            }
        })
        .collect()
}

/// The structure of an answer.
fn structure(op: &str, answer: &Answer) -> (Vec<String>, Option<String>) {
    let mut out = vec![format!("status {}", answer.status)];
    match parse_response(&answer.body, op) {
        Ok(r) => {
            shape(&r.children, &mut out);
            // Later steps use the returnval (takeSnapshot's comes after its `id`).
            let first = r
                .children
                .iter()
                .find(|e| e.name == "returnval")
                .or(r.children.first())
                .map(|e| e.text.clone());
            (out, first)
        }
        Err(SoapError::Fault(f)) => {
            let kind = match &f {
                Fault::Runtime { .. } => "RuntimeFault",
                Fault::InvalidObject { .. } => "InvalidObjectFault",
                Fault::Other { .. } => "fault",
            };
            out.push(format!(
                "{kind} {} {:?} {}",
                f.faultcode(),
                f.result_code(),
                mask(&f.faultstring())
            ));
            (out, None)
        }
        Err(e) => panic!("{op}: unreadable answer {e}: {}", answer.body),
    }
}

/// Runs the script against `addr`; the structure of every answer, by step.
async fn run(addr: SocketAddr) -> Vec<(String, Vec<String>)> {
    let mut wire = Wire::new(addr);
    let mut values: HashMap<&str, String> = HashMap::new();
    let mut out = Vec::new();
    for s in script() {
        let params: Vec<Param> = s
            .params
            .iter()
            .map(|(name, v)| match v {
                Lit(text) => Param::value(*name, text),
                From(label) => Param::value(*name, values.get(label).cloned().unwrap_or_default()),
            })
            .collect();
        let answer = wire.post(request(s.op, &params).unwrap().as_bytes()).await;
        let (shape, first) = structure(s.op, &answer);
        if let Some(first) = first {
            values.insert(s.label, first);
        }
        out.push((s.op.to_string(), shape));
    }
    for (line, what) in [
        ("GET /?wsdl HTTP/1.1", "wsdl"),
        ("GET / HTTP/1.1", "get"),
        ("HEAD / HTTP/1.1", "head"),
        ("DELETE / HTTP/1.1", "delete"),
    ] {
        let answer = exchange(addr, format!("{line}\r\nHost: x\r\n\r\n").as_bytes()).await;
        let mut shape = vec![
            format!("status {}", answer.status),
            format!("content-type {:?}", answer.header("Content-Type")),
            format!("connection {:?}", answer.header("Connection")),
        ];
        if what == "wsdl" {
            shape.push(format!("{} bytes", answer.body.len()));
        } else if !answer.body.is_empty() {
            shape.extend(structure("any", &answer).0);
        }
        out.push((what.to_string(), shape));
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn the_simulator_answers_with_the_structure_of_the_real_vboxwebsrv() {
    let home = RealHost::from_env().home("real_wire");
    wire_common::real_t1(&home);
    let web = home.start_webservice();
    let real_addr: SocketAddr = web.url().trim_start_matches("http://").parse().unwrap();

    let served = serve("7.2", ServeOptions::default()).await;
    wire_common::sim_t1(&served.sim).await;

    let real = run(real_addr).await;
    let sim = run(served.addr).await;
    let mut differences = Vec::new();
    assert_eq!(real.len(), sim.len());
    for (i, ((op, theirs), (_, ours))) in real.iter().zip(&sim).enumerate() {
        if theirs != ours {
            differences.push(format!(
                "step {i} {op}:\n  real: {theirs:?}\n  sim:  {ours:?}"
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} answers differ:\n{}",
        differences.len(),
        real.len(),
        differences.join("\n")
    );
}
