//! The client side: the request body to POST, and reading the answer.
//!
//! ```
//! use vbox_soap_wire::envelope::{parse_response, request};
//! use vbox_soap_wire::{Elements, Param};
//!
//! let body = request("IVirtualBox_findMachine", &[
//!     Param::value("_this", "b8a4761c5b5f3e71-0000000000000001"),
//!     Param::value("nameOrId", "web 01"),
//! ]).unwrap();
//! assert!(body.contains("<vbox:IVirtualBox_findMachine><_this>"));
//!
//! let answer = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
//!     <soap:Body><v:IVirtualBox_findMachineResponse xmlns:v=\"http://www.virtualbox.org/\">\
//!     <returnval>b8a4761c5b5f3e71-0000000000000002</returnval>\
//!     </v:IVirtualBox_findMachineResponse></soap:Body></soap:Envelope>";
//! let response = parse_response(answer, "IVirtualBox_findMachine").unwrap();
//! assert_eq!(response.returnval(), Some("b8a4761c5b5f3e71-0000000000000002"));
//! ```

use crate::error::SoapError;
use crate::fault::Fault;
use crate::param::Param;
use crate::read::{read_payload, Limits};
use crate::tree::{Element, Elements};
use crate::write::{operation, Side};
use crate::{SOAP_ENV_NS, VBOX_NS};

/// The request body for `op` (`IMachine_getState`) with `params` as its unqualified children in
/// the order given, in the byte shape of the captured requests: XML declaration and LF, an
/// envelope declaring only `SOAP-ENV` and `vbox`, no whitespace, no trailing newline. Send it as
/// `POST /` with the headers in [`crate::http`].
///
/// # Errors
/// [`SoapError::Xml`] when a value holds a character XML 1.0 cannot carry or a name is not an
/// XML name; nothing is produced then.
pub fn request(op: &str, params: &[Param]) -> Result<String, SoapError> {
    operation(Side::Client, op, params)
}

/// A successful answer: the children of `<op>Response` in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The operation answered (without the `Response` suffix).
    pub op: String,
    /// Out parameters and `returnval`, repeated for arrays, in order.
    pub children: Vec<Element>,
}

impl Elements for Response {
    fn elements(&self) -> &[Element] {
        &self.children
    }
}

/// Reads the answer to `op` with the default [`Limits`].
///
/// # Errors
/// [`SoapError::Fault`] for a SOAP fault (typed: [`Fault::Runtime`], [`Fault::InvalidObject`],
/// [`Fault::Other`]); [`SoapError::UnexpectedElement`] when `Body` holds something other than
/// `{http://www.virtualbox.org/}<op>Response`; [`SoapError::TooLarge`],
/// [`SoapError::Malformed`], [`SoapError::NotSoap`] for bodies that cannot be read.
pub fn parse_response(body: impl AsRef<[u8]>, op: &str) -> Result<Response, SoapError> {
    parse_response_with(body, op, &Limits::default())
}

/// [`parse_response`] with explicit limits.
///
/// # Errors
/// As [`parse_response`].
pub fn parse_response_with(
    body: impl AsRef<[u8]>,
    op: &str,
    limits: &Limits,
) -> Result<Response, SoapError> {
    let payload = read_payload(body.as_ref(), limits)?;
    let namespace = payload.namespace.as_deref();
    if namespace == Some(SOAP_ENV_NS) && payload.local == "Fault" {
        let fault = Element {
            name: payload.local,
            text: String::new(),
            children: payload.children,
        };
        return Err(SoapError::Fault(fault_from(&fault)?));
    }
    let expected = format!("{op}Response");
    if namespace != Some(VBOX_NS) || payload.local != expected {
        return Err(SoapError::UnexpectedElement {
            expected: format!("{{{VBOX_NS}}}{expected}"),
            found: payload.expanded_name(),
        });
    }
    Ok(Response {
        op: op.to_string(),
        children: payload.children,
    })
}

/// The typed fault of a SOAP 1.1 `Fault` element.
fn fault_from(fault: &Element) -> Result<Fault, SoapError> {
    let faultcode = fault.get("faultcode").unwrap_or_default().to_string();
    let faultstring = fault.get("faultstring").unwrap_or_default().to_string();
    let detail = fault.element("detail");
    if let Some(runtime) = detail.and_then(|d| d.element("RuntimeFault")) {
        return Ok(Fault::Runtime {
            result_code: runtime.get_as("resultCode")?,
            error_info: runtime.get("returnval").unwrap_or_default().to_string(),
            faultstring,
        });
    }
    if let Some(invalid) = detail.and_then(|d| d.element("InvalidObjectFault")) {
        return Ok(Fault::InvalidObject {
            bad_object_id: invalid.get("badObjectID").unwrap_or_default().to_string(),
        });
    }
    Ok(Fault::Other {
        faultcode,
        faultstring,
    })
}
