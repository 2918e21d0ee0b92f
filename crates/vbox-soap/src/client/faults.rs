//! Turning what went wrong in one call into a [`vbox_types::Error`] that names the host and the
//! operation.

use std::fmt;

use vbox_types::{Error, ErrorKind, ResultCode};

use crate::SoapError;

/// Host and operation of one call; attached as the source of VirtualBox errors (whose message
/// stays VirtualBox's own text) and written into every other error's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallContext {
    /// `host:port`.
    pub host: String,
    /// The operation (`IMachine_getState`).
    pub op: String,
}

impl fmt::Display for CallContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.host, self.op)
    }
}

impl std::error::Error for CallContext {}

impl CallContext {
    pub(crate) fn new(host: &str, op: &str) -> CallContext {
        CallContext {
            host: host.to_string(),
            op: op.to_string(),
        }
    }

    /// An error of `kind` whose message starts with host and operation.
    pub(crate) fn error(&self, kind: ErrorKind, text: impl fmt::Display) -> Error {
        Error::new(kind, format!("{self}: {text}"))
    }

    /// A transport error with the operation added (the transport names the host already).
    pub(crate) fn wrap(&self, e: Error) -> Error {
        let text = e.message().to_string();
        let text = text
            .strip_prefix(&format!("{}: ", self.host))
            .unwrap_or(&text);
        self.error(e.kind(), text)
    }

    /// An unreadable answer.
    pub(crate) fn soap_error(&self, status: u16, e: &SoapError) -> Error {
        self.error(
            ErrorKind::Backend,
            format!("unreadable answer (HTTP {status}): {e}"),
        )
    }

    /// A RuntimeFault: VirtualBox's text is the message, the code gives the kind.
    pub(crate) fn runtime(&self, result_code: i32, text: &str) -> Error {
        Error::from_code(ResultCode::from_signed(result_code), text).with_source(self.clone())
    }

    /// An InvalidObjectFault.
    pub(crate) fn invalid_object(&self, bad: &str, expired: bool) -> Error {
        if expired {
            self.error(
                ErrorKind::Transient,
                format!("the websession expired (invalid managed object reference \"{bad}\")"),
            )
        } else {
            self.error(
                ErrorKind::Backend,
                format!("invalid managed object reference \"{bad}\""),
            )
        }
    }
}
