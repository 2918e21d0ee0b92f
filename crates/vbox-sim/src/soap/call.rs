//! One SOAP call: reading the request, resolving references, dispatching to the interface
//! modules and turning the outcome into the answer or fault vboxwebsrv sends.

use super::objects::{ErrorInfo, Obj};
use super::Shared;
use super::{
    console, events, getters, lifecycle, machine_read, machine_write, media, snapshots, vbox,
};
use crate::Sim;
use std::fmt::Display;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use vbox_soap_wire::mor::ObjectRef;
use vbox_soap_wire::server::{fault_response, parse_request, response, Request};
use vbox_soap_wire::value::{self, Refused};
use vbox_soap_wire::{Elements, Fault, Param, SoapError};
use vbox_types::{ApiVersion, Error, ErrorKind, ResultCode};

/// Why a call produced no answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A VirtualBox error: RuntimeFault with an error info.
    Vbox(Error),
    /// A reference that is malformed, released or of a websession that is gone.
    Invalid(String),
    /// No such operation in the served version.
    Unknown,
    /// A fault without VirtualBox detail.
    Other(String),
    /// A fault as written (a refused parameter value).
    Fault(Fault),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Vbox(e)
    }
}

/// What a handler returns: the out values, in WSDL order.
pub(crate) type Reply = Result<Vec<Param>, Failure>;

/// A `<returnval>` answer.
pub(crate) fn ret(value: impl Display) -> Reply {
    Ok(vec![Param::value("returnval", value)])
}

/// An answer without out values.
pub(crate) fn done() -> Reply {
    Ok(Vec::new())
}

/// The call being served.
pub(crate) struct Call<'a> {
    pub shared: &'a Shared,
    pub req: &'a Request,
    /// `IMachine` of `IMachine_getName`.
    pub iface: &'a str,
    /// `getName` of `IMachine_getName`.
    pub method: &'a str,
    /// The websession of the first reference resolved (0 = none yet): where new references
    /// and error infos go.
    ws: AtomicU64,
}

impl Call<'_> {
    pub(crate) fn sim(&self) -> &Sim {
        &self.shared.sim
    }

    pub(crate) fn api(&self) -> ApiVersion {
        self.shared.sim.options().api
    }

    /// A parameter's text. gSOAP (without SOAP_XML_STRICT, as vboxwebsrv is built) leaves a
    /// missing element empty and skips elements it does not know, so neither is an error
    /// here; what vboxwebsrv then does with the empty value decides (an empty `_this` is an
    /// invalid reference, an empty name finds nothing).
    pub(crate) fn text(&self, name: &str) -> Result<&str, Failure> {
        Ok(self.req.get(name).unwrap_or_default())
    }

    /// An optional parameter's text.
    pub(crate) fn opt(&self, name: &str) -> Option<&str> {
        self.req.get(name)
    }

    /// Every value of an array parameter.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.req.all(name)
    }

    /// A scalar parameter read as gSOAP reads it ([`vbox_soap_wire::value`]): a missing
    /// element keeps `T`'s default, an empty or invalid one is the validation fault vboxwebsrv
    /// answers before VirtualBox sees the call.
    pub(crate) fn parse<T: WireValue>(&self, name: &str) -> Result<T, Failure> {
        match self.opt(name) {
            None => Ok(T::missing()),
            Some(text) => T::read(text).map_err(|why| Failure::Fault(why.fault(name))),
        }
    }

    /// The object a reference parameter names; a null reference is refused.
    pub(crate) fn obj(&self, name: &str) -> Result<Obj, Failure> {
        let text = self.text(name)?;
        self.resolve(text)?
            .ok_or_else(|| Failure::Invalid(String::new()))
    }

    /// A possibly-null reference parameter.
    pub(crate) fn resolve(&self, text: &str) -> Result<Option<Obj>, Failure> {
        if text.is_empty() {
            return Ok(None);
        }
        let bad = || Failure::Invalid(text.to_string());
        let r: ObjectRef = text.parse().map_err(|_| bad())?;
        let obj = self.shared.sessions.resolve(&r).ok_or_else(bad)?;
        let _ = self
            .ws
            .compare_exchange(0, r.session(), Ordering::SeqCst, Ordering::SeqCst);
        Ok(Some(obj))
    }

    /// `_this`, which must implement the operation's interface.
    pub(crate) fn this(&self) -> Result<Obj, Failure> {
        let obj = self.obj("_this")?;
        if obj.implements(self.iface) {
            Ok(obj)
        } else {
            Err(Failure::Vbox(Error::from_code(
                ResultCode(0x8000_4002),
                format!("The object does not support the interface {}", self.iface),
            )))
        }
    }

    /// The reference of `obj` in this call's websession.
    pub(crate) fn mor(&self, obj: Obj) -> String {
        let ws = self.ws.load(Ordering::SeqCst);
        self.shared
            .sessions
            .register(ws, obj)
            .map(|r| r.to_string())
            .unwrap_or_default()
    }

    /// The reference of `obj`, or null.
    pub(crate) fn mor_opt(&self, obj: Option<Obj>) -> String {
        obj.map(|o| self.mor(o)).unwrap_or_default()
    }

    /// Uses websession `ws` for new references (after a logon).
    pub(crate) fn enter(&self, ws: u64) {
        self.ws.store(ws, Ordering::SeqCst);
    }
}

/// What serving one request body gave: the answer or fault, and what a log line names.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// Whether `text` is an answer (else a fault).
    pub ok: bool,
    /// The envelope to send.
    pub text: String,
    /// The operation as the client named it (empty when the body could not be read).
    pub op: String,
    /// The `_this` reference, when the request had one.
    pub object: Option<String>,
    /// The faultstring of a fault.
    pub fault: Option<String>,
}

/// Serves one request body.
pub(crate) async fn handle(shared: &Shared, body: &[u8]) -> Outcome {
    let req = match parse_request(body) {
        Ok(req) => req,
        Err(SoapError::Malformed {
            body_element: Some(q),
            ..
        }) => return Outcome::fault(&q, None, &Fault::unknown_method(&q)),
        Err(e) => {
            let fault = Fault::Other {
                faultcode: vbox_soap_wire::CLIENT_FAULTCODE.into(),
                faultstring: e.to_string(),
            };
            return Outcome::fault("", None, &fault);
        }
    };
    let object = req.get("_this").map(str::to_string);
    if !req.in_vbox_namespace() {
        return Outcome::fault(&req.qname, object, &Fault::unknown_method(&req.qname));
    }
    let (iface, method) = req.op.split_once('_').unwrap_or((req.op.as_str(), ""));
    let call = Call {
        shared,
        req: &req,
        iface,
        method,
        ws: AtomicU64::new(0),
    };
    let reply = if vbox::exists_in(&req.op, call.api()) {
        dispatch(&call).await
    } else {
        Err(Failure::Unknown)
    };
    let fault = match reply {
        Ok(params) => match response(&req.op, &params) {
            Ok(text) => {
                return Outcome {
                    ok: true,
                    text,
                    op: req.op.clone(),
                    object,
                    fault: None,
                }
            }
            Err(e) => runtime(&call, &Error::new(ErrorKind::Backend, e.to_string())),
        },
        Err(Failure::Unknown) => Fault::unknown_method(&req.qname),
        Err(Failure::Invalid(r)) => Fault::invalid_object(r),
        Err(Failure::Other(text)) => Fault::Other {
            faultcode: vbox_soap_wire::CLIENT_FAULTCODE.into(),
            faultstring: text,
        },
        Err(Failure::Fault(fault)) => fault,
        Err(Failure::Vbox(e)) => runtime(&call, &e),
    };
    Outcome::fault(&req.op, object, &fault)
}

impl Outcome {
    fn fault(op: &str, object: Option<String>, fault: &Fault) -> Outcome {
        let text = fault_response(fault).unwrap_or_else(|_| {
            fault_response(&Fault::Other {
                faultcode: vbox_soap_wire::CLIENT_FAULTCODE.into(),
                faultstring: "error text not representable in XML".into(),
            })
            .unwrap_or_default()
        });
        Outcome {
            ok: false,
            text,
            op: op.to_string(),
            object,
            fault: Some(fault.faultstring()),
        }
    }
}

async fn dispatch(c: &Call<'_>) -> Reply {
    if let Some(r) = super::config::dispatch(c).await {
        return r;
    }
    if let Some(r) = super::storage::dispatch(c).await {
        return r;
    }
    if let Some(r) = super::hostnet::dispatch(c).await {
        return r;
    }
    let found = match c.iface {
        "IWebsessionManager"
        | "IManagedObjectRef"
        | "IVirtualBox"
        | "ISystemProperties"
        | "IPlatformProperties" => vbox::dispatch(c).await,
        "IMachine" => match machine_read::dispatch(c).await {
            Some(r) => Some(r),
            None => match machine_write::dispatch(c).await {
                Some(r) => Some(r),
                None => match lifecycle::machine(c).await {
                    Some(r) => Some(r),
                    None => snapshots::machine(c).await,
                },
            },
        },
        "INetworkAdapter" | "IPlatform" | "IFirmwareSettings" => {
            match machine_read::hardware(c).await {
                Some(r) => Some(r),
                None => machine_write::adapter(c).await,
            }
        }
        "ISession" => lifecycle::session(c).await,
        "IConsole" | "IProgress" => console::dispatch(c).await,
        "IVirtualBoxErrorInfo" => super::errors::dispatch(c),
        "ISnapshot" => snapshots::dispatch(c).await,
        "IMedium" => media::dispatch(c).await,
        "IEventSource" | "IEvent" | "IMachineEvent" | "IGuestPropertyChangedEvent" => {
            events::dispatch(c).await
        }
        _ => None,
    };
    let found = match found {
        Some(r) => Some(r),
        None => getters::dispatch(c).await,
    };
    found.unwrap_or(Err(Failure::Unknown))
}

/// The RuntimeFault for `e`, with an error info registered in the call's websession.
fn runtime(c: &Call<'_>, e: &Error) -> Fault {
    let code = e.code().unwrap_or(ResultCode::E_FAIL).signed();
    let info = ErrorInfo {
        result_code: code,
        text: e.message().to_string(),
        interface: c.iface.to_string(),
    };
    let mor = if c.ws.load(Ordering::SeqCst) == 0 {
        String::new()
    } else {
        c.mor(Obj::ErrorInfo(Arc::new(info)))
    };
    // An error without a text (E_INVALIDARG of a bad enum value) has no entry after the
    // result code in the real faultstring.
    let texts: &[&str] = if e.message().is_empty() {
        &[]
    } else {
        &[e.message()]
    };
    Fault::runtime(code, mor, texts)
}

/// A parameter type and how gSOAP reads its text.
pub(crate) trait WireValue: Sized {
    /// The value of a missing element (gSOAP's default).
    fn missing() -> Self;
    /// The value of a present element.
    fn read(text: &str) -> Result<Self, Refused>;
}

macro_rules! wire_integers {
    ($($t:ty),+) => {$(
        impl WireValue for $t {
            fn missing() -> Self {
                0
            }
            fn read(text: &str) -> Result<Self, Refused> {
                value::integer(text)
            }
        }
    )+};
}

wire_integers!(i32, u16, u32, i64, u64);

impl WireValue for bool {
    fn missing() -> Self {
        false
    }
    fn read(text: &str) -> Result<Self, Refused> {
        value::boolean(text)
    }
}

macro_rules! wire_enums {
    ($($t:ident),+) => {$(
        impl WireValue for vbox_types::$t {
            fn missing() -> Self {
                Self::ALL[0]
            }
            fn read(text: &str) -> Result<Self, Refused> {
                let values: Vec<(&str, u32)> =
                    Self::ALL.iter().map(|v| (v.api_name(), v.value())).collect();
                let n = value::enumeration(text, &values)?;
                Self::from_value(n).ok_or(Refused::Invalid)
            }
        }
    )+};
}

wire_enums!(
    LockType,
    CloneMode,
    CloneOption,
    CleanupMode,
    ChipsetType,
    NetworkAttachmentType,
    FirmwareType,
    SessionType,
    SessionState
);
