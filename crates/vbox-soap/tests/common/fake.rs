//! A scripted vboxwebsrv behind the `Transport` seam: answers from the 7.0.14 captures or from
//! a table, checks every request against a WSDL, and counts handed-out and released references.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use vbox_soap::server::{fault_response, parse_request, response, Request};
use vbox_soap::transport::{HttpReply, Transport};
use vbox_soap::wsdl::Wsdl;
use vbox_soap::{Elements, Fault, Param, SoapBackend, SoapOptions};

/// What the fake answers to one request: `None` lets the default table answer.
pub type Script = Box<dyn Fn(&Request, &mut FakeState) -> Option<(u16, String)> + Send + Sync>;

/// What the fake has seen.
#[derive(Default, Debug)]
pub struct FakeState {
    pub ops: Vec<String>,
    pub bodies: Vec<String>,
    pub problems: Vec<String>,
    pub handed_out: HashSet<String>,
    /// The operation that handed each reference out.
    pub origin: HashMap<String, String>,
    pub current_op: String,
    pub released: HashSet<String>,
    pub next_object: u64,
    pub session: u64,
}

pub struct Fake {
    pub api: &'static str,
    wsdl: &'static Wsdl,
    script: Script,
    pub state: Mutex<FakeState>,
}

impl std::fmt::Debug for Fake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fake({})", self.api)
    }
}

/// The WSDL release directory of an API generation.
pub fn wsdl_version(api: &str) -> &'static str {
    match api {
        "6_1" => "6.1.40",
        "7_0" => "7.0.18",
        _ => "7.1.12",
    }
}

impl Fake {
    pub fn new(api: &'static str, script: Script) -> Arc<Fake> {
        let state = FakeState {
            session: 0xb8a4761c5b5f3e71,
            next_object: 1,
            ..FakeState::default()
        };
        Arc::new(Fake {
            api,
            wsdl: super::wsdl(wsdl_version(api)),
            script,
            state: Mutex::new(state),
        })
    }

    pub fn backend(self: &Arc<Fake>, opts: SoapOptions) -> SoapBackend {
        SoapBackend::with_transport("http://fake:18083/", self.clone(), opts)
    }

    pub fn count(&self, op: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .ops
            .iter()
            .filter(|o| *o == op)
            .count()
    }

    pub fn problems(&self) -> Vec<String> {
        self.state.lock().unwrap().problems.clone()
    }

    /// References handed out and never released (the IVirtualBox of each logon excluded, and
    /// the machines: the client keeps those for the websession, see `Client::keep`).
    pub fn leaked(&self) -> Vec<String> {
        let s = self.state.lock().unwrap();
        let kept = ["IVirtualBox_getMachines", "IVirtualBox_findMachine"];
        let mut leaked: Vec<String> = s
            .handed_out
            .difference(&s.released)
            .filter(|r| !kept.contains(&s.origin[*r].as_str()))
            .map(|r| format!("{r} from {}", s.origin[r]))
            .collect();
        leaked.sort();
        leaked
    }
}

/// A new reference of the current websession, counted as handed out.
pub fn new_ref(state: &mut FakeState) -> String {
    state.next_object += 1;
    let r = format!("{:016x}-{:016x}", state.session, state.next_object);
    state.handed_out.insert(r.clone());
    let op = state.current_op.clone();
    state.origin.insert(r.clone(), op);
    r
}

pub fn ok(op: &str, params: &[Param]) -> (u16, String) {
    (200, response(op, params).unwrap())
}

pub fn fault(f: &Fault) -> (u16, String) {
    (500, fault_response(f).unwrap())
}

/// Plain values of attribute getters (by operation name).
fn value_of(op: &str, api: &str) -> Option<&'static str> {
    let v = match op.split_once('_').map_or(op, |(_, m)| m) {
        "getAPIVersion" => {
            return Some(match api {
                "6_1" => "6_1",
                "7_0" => "7_0",
                _ => "7_1",
            })
        }
        "getVersion" | "getVersionNormalized" => "7.0.14",
        "getState" if op.starts_with("IMachine") => "PoweredOff",
        "getSessionState" | "getState" => "Unlocked",
        "getChipsetType" => "PIIX3",
        "getFirmwareType" => "BIOS",
        "getAdapterType" => "Am79C973",
        "getAttachmentType" => "NAT",
        "getAccessible" | "getEnabled" | "getCompleted" | "getCableConnected" => "true",
        "getMaxNetworkAdapters" => "2",
        "getResultCode" => "0",
        "getType" => "OnMachineStateChanged",
        "getMemorySize" => "1024",
        "getRevision" | "getSnapshotCount" | "getCPUCount" | "getLastStateChange" => "1",
        "getName" => "web01",
        "getId" => "2b9b5e5a-1c1e-4b7e-9d38-0d0a0c3f0001",
        "getDeviceType" => "HardDisk",
        _ => return None,
    };
    Some(v)
}

/// Operations that answer nothing, or a reference.
fn default_answer(req: &Request, state: &mut FakeState, api: &str) -> (u16, String) {
    let op = req.op.as_str();
    if op == "IWebsessionManager_logon" {
        state.session += 1;
        let r = format!("{:016x}-{:016x}", state.session, 1);
        return ok(op, &[Param::value("returnval", r)]);
    }
    if op == "IManagedObjectRef_release" {
        // vboxwebsrv faults on a second release (the reference is gone): exactly once.
        let r = req.get("_this").unwrap_or_default().to_string();
        if !state.released.insert(r.clone()) {
            state.problems.push(format!("released {r} twice"));
        }
        return ok(op, &[]);
    }
    if op == "IMachine_getMediumAttachments" {
        // wsmap="struct": fields by value, the medium as a reference.
        let medium = new_ref(state);
        let fields = vec![
            Param::value("medium", medium),
            Param::value("controller", "SATA"),
            Param::value("port", 0),
            Param::value("device", 0),
            Param::value("type", "HardDisk"),
        ];
        return ok(op, &[Param::structure("returnval", fields)]);
    }
    if let Some(v) = value_of(op, api) {
        return ok(op, &[Param::value("returnval", v)]);
    }
    let getter_of_text = [
        "getDescription",
        "getOSTypeId",
        "getSessionName",
        "getSettingsFilePath",
        "getMACAddress",
        "getBridgedInterface",
        "getHostOnlyInterface",
        "getInternalNetwork",
        "getNATNetwork",
        "getGenericDriver",
        "getHostOnlyNetwork",
        "getExtraData",
        "getCurrentSnapshot",
        "getGroups",
        "getLocation",
        "getFormat",
        "getLogicalSize",
        "getParent",
        "getChildren",
        "getMachineIds",
        "getHardDisks",
        "getMachines",
        "pause",
        "resume",
        "reset",
        "powerButton",
        "deleteGuestProperty",
        "eventProcessed",
        "unregisterListener",
        "registerListener",
        "enumerateGuestProperties",
        "getGuestProperty",
    ];
    let method = op.split_once('_').map_or(op, |(_, m)| m);
    if getter_of_text.contains(&method)
        || method.starts_with("set")
        || method.starts_with("save")
        || method.starts_with("register")
        || method.starts_with("unlock")
        || method.starts_with("lock")
        || method.starts_with("waitFor")
        || method.starts_with("attach")
        || method == "unregister"
    {
        return ok(op, &[]);
    }
    // Everything else the client uses returns a reference.
    let r = new_ref(state);
    ok(op, &[Param::value("returnval", r)])
}

#[async_trait]
impl Transport for Fake {
    async fn post(&self, body: String, _timeout: Duration) -> Result<HttpReply, vbox_types::Error> {
        let req = parse_request(&body).expect("the client sends well-formed requests");
        let mut state = self.state.lock().unwrap();
        for p in self.wsdl.check_request(&body) {
            state.problems.push(format!("{}: {p}", req.op));
        }
        state.ops.push(req.op.clone());
        state.current_op = req.op.clone();
        state.bodies.push(body.clone());
        drop(state);
        let scripted = (self.script)(&req, &mut self.state.lock().unwrap());
        let (status, text) = match scripted {
            Some(answer) => answer,
            None => default_answer(&req, &mut self.state.lock().unwrap(), self.api),
        };
        Ok(HttpReply {
            status,
            body: text.into_bytes(),
        })
    }
}

/// The script that answers from the table only.
pub fn table() -> Script {
    Box::new(|_, _| None)
}

/// A script answering `op` with capture `file` (status and body), the rest from the table.
pub fn captures(map: HashMap<&'static str, &'static str>) -> Script {
    Box::new(move |req, _| {
        let file = map.get(req.op.as_str())?;
        let c = super::response_of(file);
        Some((c.status, c.body))
    })
}
