//! Error kinds and VirtualBox result codes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What went wrong, in terms that decide what a caller does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The machine, snapshot, medium or property does not exist (VBOX_E_OBJECT_NOT_FOUND).
    NotFound,
    /// The machine's state forbids the operation (VBOX_E_INVALID_VM_STATE).
    InvalidState,
    /// The machine is locked by another session (VBOX_E_INVALID_OBJECT_STATE); retryable.
    Locked,
    /// A passing condition ("The object is not ready", a busy service); retryable.
    Transient,
    /// A deadline expired.
    Timeout,
    /// The backend or VirtualBox version cannot do this.
    Unsupported,
    /// Logon refused or access denied.
    Auth,
    /// The caller passed something invalid (empty name, bad value).
    InvalidInput,
    /// The object is used by something else (a disk with linked clones; VBOX_E_OBJECT_IN_USE).
    InUse,
    /// Anything else the backend reported.
    Backend,
}

impl ErrorKind {
    /// Whether waiting and trying again can help. Only these kinds are retried.
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorKind::Locked | ErrorKind::Transient)
    }

    /// A stable lower-case name for JSON output (`not_found`, `invalid_state`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::InvalidState => "invalid_state",
            ErrorKind::Locked => "locked",
            ErrorKind::Transient => "transient",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Auth => "auth",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::InUse => "in_use",
            ErrorKind::Backend => "backend",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A VirtualBox result code (an HRESULT). The values are the same on COM and XPCOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResultCode(pub u32);

impl ResultCode {
    /// Object corresponding to the supplied arguments does not exist.
    pub const OBJECT_NOT_FOUND: ResultCode = ResultCode(0x80BB_0001);
    /// Current VM state prevents the operation.
    pub const INVALID_VM_STATE: ResultCode = ResultCode(0x80BB_0002);
    /// VM error.
    pub const VM_ERROR: ResultCode = ResultCode(0x80BB_0003);
    /// File not accessible or erroneous file contents.
    pub const FILE_ERROR: ResultCode = ResultCode(0x80BB_0004);
    /// Runtime subsystem error.
    pub const IPRT_ERROR: ResultCode = ResultCode(0x80BB_0005);
    /// Pluggable Device Manager error.
    pub const PDM_ERROR: ResultCode = ResultCode(0x80BB_0006);
    /// Current object state prohibits the operation (locks).
    pub const INVALID_OBJECT_STATE: ResultCode = ResultCode(0x80BB_0007);
    /// Host OS error.
    pub const HOST_ERROR: ResultCode = ResultCode(0x80BB_0008);
    /// Operation not supported.
    pub const NOT_SUPPORTED: ResultCode = ResultCode(0x80BB_0009);
    /// Invalid XML.
    pub const XML_ERROR: ResultCode = ResultCode(0x80BB_000A);
    /// Current session state prohibits the operation.
    pub const INVALID_SESSION_STATE: ResultCode = ResultCode(0x80BB_000B);
    /// Object in use.
    pub const OBJECT_IN_USE: ResultCode = ResultCode(0x80BB_000C);
    /// Wrong password.
    pub const PASSWORD_INCORRECT: ResultCode = ResultCode(0x80BB_000D);
    /// A maximum has been reached (6.0+).
    pub const MAXIMUM_REACHED: ResultCode = ResultCode(0x80BB_000E);
    /// Guest Control error (6.0+).
    pub const GSTCTL_GUEST_ERROR: ResultCode = ResultCode(0x80BB_000F);
    /// Explicit timeout (6.0+).
    pub const TIMEOUT: ResultCode = ResultCode(0x80BB_0010);
    /// Access denied; also "The object is not ready".
    pub const E_ACCESSDENIED: ResultCode = ResultCode(0x8007_0005);
    /// Invalid argument (XPCOM NS_ERROR_INVALID_ARG).
    pub const E_INVALIDARG: ResultCode = ResultCode(0x8007_0057);
    /// Unspecified failure (XPCOM NS_ERROR_FAILURE).
    pub const E_FAIL: ResultCode = ResultCode(0x8000_4005);
    /// Not implemented.
    pub const E_NOTIMPL: ResultCode = ResultCode(0x8000_4001);
    /// Aborted.
    pub const E_ABORT: ResultCode = ResultCode(0x8000_4004);
    /// Unexpected failure.
    pub const E_UNEXPECTED: ResultCode = ResultCode(0x8000_FFFF);
    /// Out of memory.
    pub const E_OUTOFMEMORY: ResultCode = ResultCode(0x8007_000E);

    /// The signed form SOAP faults carry (`-2135228415` for OBJECT_NOT_FOUND).
    pub fn signed(self) -> i32 {
        self.0 as i32
    }

    /// From the signed form.
    pub fn from_signed(v: i32) -> ResultCode {
        ResultCode(v as u32)
    }

    /// The symbol VBoxManage prints in `Details: code <SYMBOL>`; `xpcom` selects the
    /// Linux/macOS names of the generic codes (`NS_ERROR_FAILURE` instead of `E_FAIL`).
    pub fn symbol(self, xpcom: bool) -> Option<&'static str> {
        Some(match self {
            Self::OBJECT_NOT_FOUND => "VBOX_E_OBJECT_NOT_FOUND",
            Self::INVALID_VM_STATE => "VBOX_E_INVALID_VM_STATE",
            Self::VM_ERROR => "VBOX_E_VM_ERROR",
            Self::FILE_ERROR => "VBOX_E_FILE_ERROR",
            Self::IPRT_ERROR => "VBOX_E_IPRT_ERROR",
            Self::PDM_ERROR => "VBOX_E_PDM_ERROR",
            Self::INVALID_OBJECT_STATE => "VBOX_E_INVALID_OBJECT_STATE",
            Self::HOST_ERROR => "VBOX_E_HOST_ERROR",
            Self::NOT_SUPPORTED => "VBOX_E_NOT_SUPPORTED",
            Self::XML_ERROR => "VBOX_E_XML_ERROR",
            Self::INVALID_SESSION_STATE => "VBOX_E_INVALID_SESSION_STATE",
            Self::OBJECT_IN_USE => "VBOX_E_OBJECT_IN_USE",
            Self::PASSWORD_INCORRECT => "VBOX_E_PASSWORD_INCORRECT",
            Self::MAXIMUM_REACHED => "VBOX_E_MAXIMUM_REACHED",
            Self::GSTCTL_GUEST_ERROR => "VBOX_E_GSTCTL_GUEST_ERROR",
            Self::TIMEOUT => "VBOX_E_TIMEOUT",
            Self::E_ACCESSDENIED => "E_ACCESSDENIED",
            Self::E_INVALIDARG if xpcom => "NS_ERROR_INVALID_ARG",
            Self::E_INVALIDARG => "E_INVALIDARG",
            Self::E_FAIL if xpcom => "NS_ERROR_FAILURE",
            Self::E_FAIL => "E_FAIL",
            Self::E_NOTIMPL if xpcom => "NS_ERROR_NOT_IMPLEMENTED",
            Self::E_NOTIMPL => "E_NOTIMPL",
            Self::E_ABORT if xpcom => "NS_ERROR_ABORT",
            Self::E_ABORT => "E_ABORT",
            Self::E_UNEXPECTED if xpcom => "NS_ERROR_UNEXPECTED",
            Self::E_UNEXPECTED => "E_UNEXPECTED",
            Self::E_OUTOFMEMORY if xpcom => "NS_ERROR_OUT_OF_MEMORY",
            Self::E_OUTOFMEMORY => "E_OUTOFMEMORY",
            _ => return None,
        })
    }

    /// Parse a symbol (`VBOX_E_OBJECT_NOT_FOUND`, `NS_ERROR_FAILURE`, `E_FAIL`).
    pub fn from_symbol(sym: &str) -> Option<ResultCode> {
        const ALL: [ResultCode; 23] = [
            ResultCode::OBJECT_NOT_FOUND,
            ResultCode::INVALID_VM_STATE,
            ResultCode::VM_ERROR,
            ResultCode::FILE_ERROR,
            ResultCode::IPRT_ERROR,
            ResultCode::PDM_ERROR,
            ResultCode::INVALID_OBJECT_STATE,
            ResultCode::HOST_ERROR,
            ResultCode::NOT_SUPPORTED,
            ResultCode::XML_ERROR,
            ResultCode::INVALID_SESSION_STATE,
            ResultCode::OBJECT_IN_USE,
            ResultCode::PASSWORD_INCORRECT,
            ResultCode::MAXIMUM_REACHED,
            ResultCode::GSTCTL_GUEST_ERROR,
            ResultCode::TIMEOUT,
            ResultCode::E_ACCESSDENIED,
            ResultCode::E_INVALIDARG,
            ResultCode::E_FAIL,
            ResultCode::E_NOTIMPL,
            ResultCode::E_ABORT,
            ResultCode::E_UNEXPECTED,
            ResultCode::E_OUTOFMEMORY,
        ];
        ALL.into_iter()
            .find(|c| c.symbol(true) == Some(sym) || c.symbol(false) == Some(sym))
    }

    /// The error kind a result code means, with the message to tell the lock and
    /// "object is not ready" cases apart.
    pub fn kind(self, message: &str) -> ErrorKind {
        match self {
            Self::OBJECT_NOT_FOUND => ErrorKind::NotFound,
            Self::INVALID_VM_STATE => ErrorKind::InvalidState,
            // "already has a lock request pending" (real 7.2: a read while another client
            // locks the machine) is as retryable as a held lock.
            Self::INVALID_OBJECT_STATE
                if message.contains("locked")
                    || message.contains("lock request")
                    || message.contains("session is busy") =>
            {
                ErrorKind::Locked
            }
            Self::INVALID_OBJECT_STATE => ErrorKind::InvalidState,
            Self::INVALID_SESSION_STATE => ErrorKind::Locked,
            Self::OBJECT_IN_USE => ErrorKind::InUse,
            // A missing image or shared folder path (real 7.2.22: `storageattach` of a missing
            // ISO is VBOX_E_FILE_ERROR, `sharedfolder add` of a missing path
            // NS_ERROR_INVALID_ARG, both naming VERR_FILE_NOT_FOUND).
            Self::FILE_ERROR | Self::E_INVALIDARG
                if message.contains("VERR_FILE_NOT_FOUND")
                    || message.contains("VERR_PATH_NOT_FOUND") =>
            {
                ErrorKind::NotFound
            }
            // A file that is no image ("Could not get the storage format … VERR_NOT_SUPPORTED").
            Self::IPRT_ERROR if message.contains("storage format") => ErrorKind::InvalidInput,
            Self::NOT_SUPPORTED | Self::E_NOTIMPL => ErrorKind::Unsupported,
            Self::TIMEOUT => ErrorKind::Timeout,
            Self::PASSWORD_INCORRECT => ErrorKind::Auth,
            Self::E_ACCESSDENIED if message.contains("not ready") => ErrorKind::Transient,
            Self::E_ACCESSDENIED if message.contains("not powered up") => ErrorKind::InvalidState,
            Self::E_ACCESSDENIED => ErrorKind::Auth,
            Self::E_INVALIDARG => ErrorKind::InvalidInput,
            _ => ErrorKind::Backend,
        }
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.symbol(true) {
            Some(s) => write!(f, "{s} (0x{:08x})", self.0),
            None => write!(f, "0x{:08x}", self.0),
        }
    }
}

/// The error every backend returns: a kind, VirtualBox's message, and the result code when
/// VirtualBox gave one.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    code: Option<ResultCode>,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// An error of a kind with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            code: None,
            source: None,
        }
    }

    /// An error from a VirtualBox result code and its text; the kind follows from both.
    pub fn from_code(code: ResultCode, message: impl Into<String>) -> Error {
        let message = message.into();
        Error {
            kind: code.kind(&message),
            message,
            code: Some(code),
            source: None,
        }
    }

    /// Attach the underlying cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.source = Some(Box::new(source));
        self
    }

    /// Override the kind (when the context knows better than the code).
    pub fn with_kind(mut self, kind: ErrorKind) -> Error {
        self.kind = kind;
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// VirtualBox's result code, when it gave one.
    pub fn code(&self) -> Option<ResultCode> {
        self.code
    }

    /// The message (VirtualBox's text where it gave one).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Shorthand for a NotFound error about a machine, with VirtualBox's text.
    pub fn machine_not_found(name: &str) -> Error {
        Error::from_code(
            ResultCode::OBJECT_NOT_FOUND,
            format!("Could not find a registered machine named '{name}'"),
        )
    }
}

/// The result type of backend calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_kinds() {
        let e = Error::machine_not_found("x");
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(
            e.to_string(),
            "Could not find a registered machine named 'x'"
        );
        let lock = Error::from_code(
            ResultCode::INVALID_OBJECT_STATE,
            "The machine 'x' is already locked by a session (or being locked or unlocked)",
        );
        assert!(lock.kind().is_retryable());
        // Real 7.2.22, a read while the fleet's other clone locked the template.
        assert_eq!(
            ResultCode::INVALID_OBJECT_STATE
                .kind("The machine 'base' already has a lock request pending"),
            ErrorKind::Locked
        );
        assert_eq!(
            ResultCode::E_ACCESSDENIED.kind("The object is not ready"),
            ErrorKind::Transient
        );
        assert_eq!(ResultCode::OBJECT_NOT_FOUND.signed(), -2135228415);
        assert_eq!(ResultCode::from_signed(-2147467259), ResultCode::E_FAIL);
        assert_eq!(
            ResultCode::from_symbol("NS_ERROR_INVALID_ARG"),
            Some(ResultCode::E_INVALIDARG)
        );
        assert_eq!(
            ResultCode::INVALID_OBJECT_STATE.to_string(),
            "VBOX_E_INVALID_OBJECT_STATE (0x80bb0007)"
        );
        assert!(!ErrorKind::InvalidState.is_retryable());
    }
}
