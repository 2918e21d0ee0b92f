//! SOAP faults as vboxwebsrv raises them.

use std::fmt;

/// A SOAP fault from (or for) vboxwebsrv.
///
/// gSOAP raises every VirtualBox error with `soap_sender_fault`, so the `faultcode` is
/// `SOAP-ENV:Client` even for server-side failures (captured on 7.0.14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `vbox:RuntimeFault`: a VirtualBox API call failed.
    Runtime {
        /// The HRESULT as a signed 32-bit number, as on the wire (`-2135228415` is
        /// VBOX_E_OBJECT_NOT_FOUND, 0x80bb0001).
        result_code: i32,
        /// Reference of an `IVirtualBoxErrorInfo` with the text, component and interface id;
        /// empty when there is none.
        error_info: String,
        /// `VirtualBox error: apirc=0x80bb0001 <text> (0x80bb0001)` in 7.0.
        faultstring: String,
    },
    /// `vbox:InvalidObjectFault`: a managed object reference that is malformed, released, or of
    /// a websession that is gone (logged off, timed out).
    InvalidObject {
        /// The reference as the client sent it.
        bad_object_id: String,
    },
    /// Any other fault: no VirtualBox detail (unknown operation, malformed request, a failed
    /// logon, a fault from something that is not vboxwebsrv).
    Other {
        /// The faultcode as written (a QName such as `SOAP-ENV:Client`).
        faultcode: String,
        /// The faultstring.
        faultstring: String,
    },
}

/// The faultcode vboxwebsrv uses for every fault.
pub const CLIENT_FAULTCODE: &str = "SOAP-ENV:Client";

impl Fault {
    /// A runtime fault whose faultstring is built as vboxwebsrv 7.0 builds it: `VirtualBox
    /// error: apirc=0x%08x`, then ` <text> (0x%08x)` for each entry of the error-info chain
    /// (all given the same `result_code` here).
    pub fn runtime(result_code: i32, error_info: impl Into<String>, texts: &[&str]) -> Fault {
        // Bit-for-bit reinterpretation of the signed HRESULT, for the hex form.
        let hex = format!("{:#010x}", result_code as u32);
        let mut faultstring = format!("VirtualBox error: apirc={hex}");
        for text in texts {
            faultstring.push_str(&format!(" {text} ({hex})"));
        }
        Fault::Runtime {
            result_code,
            error_info: error_info.into(),
            faultstring,
        }
    }

    /// An invalid-object fault for `bad_object_id`.
    pub fn invalid_object(bad_object_id: impl Into<String>) -> Fault {
        Fault::InvalidObject {
            bad_object_id: bad_object_id.into(),
        }
    }

    /// gSOAP's answer to an element in `Body` it has no handler for; `qname` is the element's
    /// name as the client wrote it (`vbox:IMachine_doesNotExist`, or `unclosed` without prefix).
    pub fn unknown_method(qname: &str) -> Fault {
        Fault::Other {
            faultcode: CLIENT_FAULTCODE.to_string(),
            faultstring: format!(
                "Method '{qname}' not implemented: method name or namespace not recognized"
            ),
        }
    }

    /// The faultcode (`SOAP-ENV:Client` for the VirtualBox faults).
    pub fn faultcode(&self) -> &str {
        match self {
            Fault::Other { faultcode, .. } => faultcode,
            _ => CLIENT_FAULTCODE,
        }
    }

    /// The faultstring; for an invalid object it is derived from the reference exactly as
    /// vboxwebsrv writes it.
    pub fn faultstring(&self) -> String {
        match self {
            Fault::Runtime { faultstring, .. } | Fault::Other { faultstring, .. } => {
                faultstring.clone()
            }
            Fault::InvalidObject { bad_object_id } => {
                format!("VirtualBox error: Invalid managed object reference \"{bad_object_id}\"")
            }
        }
    }

    /// The result code of a runtime fault.
    pub fn result_code(&self) -> Option<i32> {
        match self {
            Fault::Runtime { result_code, .. } => Some(*result_code),
            _ => None,
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.faultcode(), self.faultstring())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_faultstring_has_the_7_0_shape() {
        let fault = Fault::runtime(
            -2135228415,
            "b8a4761c5b5f3e71-0000000000000004",
            &["Could not find a registered machine named 'no such vm'"],
        );
        assert_eq!(
            fault.faultstring(),
            "VirtualBox error: apirc=0x80bb0001 Could not find a registered machine named \
             'no such vm' (0x80bb0001)"
        );
        assert_eq!(fault.result_code(), Some(-2135228415));
        assert_eq!(
            Fault::runtime(-2147467259, "", &[]).faultstring(),
            "VirtualBox error: apirc=0x80004005"
        );
    }

    #[test]
    fn invalid_object_and_unknown_method_texts() {
        let fault = Fault::invalid_object("0123456789abcdef-0000000000000099");
        assert_eq!(
            fault.to_string(),
            "SOAP-ENV:Client: VirtualBox error: Invalid managed object reference \
             \"0123456789abcdef-0000000000000099\""
        );
        assert_eq!(
            Fault::unknown_method("unclosed").faultstring(),
            "Method 'unclosed' not implemented: method name or namespace not recognized"
        );
        assert_eq!(fault.result_code(), None);
    }
}
