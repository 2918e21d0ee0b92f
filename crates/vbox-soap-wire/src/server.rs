//! The server side (for a simulated vboxwebsrv): reading a request, writing the answer or a
//! fault byte for byte as vboxwebsrv 7.0.14 does. Pair the body with [`crate::http`]'s
//! [`crate::http::ResponseHead`].

use crate::error::SoapError;
use crate::fault::Fault;
use crate::param::Param;
use crate::read::{read_payload, Limits};
use crate::tree::{Element, Elements};
use crate::write::{operation, Doc, Side};
use crate::VBOX_NS;

/// A request as read from the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The operation: the local name of the element in `Body` (`IMachine_getName`).
    pub op: String,
    /// The element's name as the client wrote it (`vbox:IMachine_getName`, `ns1:…`); gSOAP puts
    /// it into the unknown-method faultstring ([`Fault::unknown_method`]).
    pub qname: String,
    /// The element's namespace; vboxwebsrv knows only [`VBOX_NS`].
    pub namespace: Option<String>,
    /// The parameters in document order (arrays repeated).
    pub children: Vec<Element>,
}

impl Request {
    /// Whether the operation element is in the VirtualBox namespace (otherwise gSOAP answers
    /// "method name or namespace not recognized").
    pub fn in_vbox_namespace(&self) -> bool {
        self.namespace.as_deref() == Some(VBOX_NS)
    }
}

impl Elements for Request {
    fn elements(&self) -> &[Element] {
        &self.children
    }
}

/// Reads a request body with the default [`Limits`].
///
/// When the XML breaks off after the operation element began, the error is
/// [`SoapError::Malformed`] with `body_element` set: vboxwebsrv answers such a body (captured:
/// `<SOAP-ENV:Body><unclosed>` and the end of input) with
/// `Fault::unknown_method(body_element)` when it does not know the element.
///
/// # Errors
/// [`SoapError::TooLarge`], [`SoapError::Malformed`], [`SoapError::NotSoap`].
pub fn parse_request(body: impl AsRef<[u8]>) -> Result<Request, SoapError> {
    parse_request_with(body, &Limits::default())
}

/// [`parse_request`] with explicit limits.
///
/// # Errors
/// As [`parse_request`].
pub fn parse_request_with(body: impl AsRef<[u8]>, limits: &Limits) -> Result<Request, SoapError> {
    let payload = read_payload(body.as_ref(), limits)?;
    let mut children = payload.children;
    end_at_nul(&mut children);
    Ok(Request {
        op: payload.local,
        qname: payload.qname,
        namespace: payload.namespace,
        children,
    })
}

/// gSOAP reads values into C strings: a NUL ends the value there (vboxwebsrv 7.2.22 answers
/// `<_this>ab\0cd</_this>` with `Invalid managed object reference "ab"`).
fn end_at_nul(elements: &mut [Element]) {
    for e in elements {
        if let Some(nul) = e.text.find('\0') {
            e.text.truncate(nul);
        }
        end_at_nul(&mut e.children);
    }
}

/// The answer to `op` (without the `Response` suffix) with `params` as its children, exactly as
/// gSOAP writes it: five namespace declarations, an empty value as `<name/>`, an operation
/// without out values as `<vbox:opResponse></vbox:opResponse>`, CRLF after the envelope.
///
/// # Errors
/// [`SoapError::Xml`] when a value cannot be carried by XML 1.0 (answer with a fault instead).
pub fn response(op: &str, params: &[Param]) -> Result<String, SoapError> {
    operation(Side::Server, &format!("{op}Response"), params)
}

/// The fault body as vboxwebsrv writes it: `faultcode`, `faultstring` and, for the VirtualBox
/// faults, `<detail>` with `vbox:RuntimeFault` (`resultCode`, `returnval`) or
/// `vbox:InvalidObjectFault` (`badObjectID`). Send it with HTTP status 500
/// ([`crate::http::ResponseHead::fault`]).
///
/// # Errors
/// [`SoapError::Xml`] when the faultstring (an error text) holds a character XML 1.0 cannot
/// carry.
pub fn fault_response(fault: &Fault) -> Result<String, SoapError> {
    let mut doc = Doc::new(Side::Server);
    doc.wrap("SOAP-ENV:Fault", |doc| {
        doc.leaf("faultcode", fault.faultcode(), "faultcode")?;
        doc.leaf("faultstring", &fault.faultstring(), "faultstring")?;
        match fault {
            Fault::Runtime {
                result_code,
                error_info,
                ..
            } => doc.wrap("detail", |doc| {
                doc.wrap("vbox:RuntimeFault", |doc| {
                    doc.leaf("resultCode", &result_code.to_string(), "resultCode")?;
                    doc.leaf("returnval", error_info, "the error info reference")
                })
            }),
            Fault::InvalidObject { bad_object_id } => doc.wrap("detail", |doc| {
                doc.wrap("vbox:InvalidObjectFault", |doc| {
                    doc.leaf("badObjectID", bad_object_id, "badObjectID")
                })
            }),
            Fault::Other { .. } => Ok(()),
        }
    })?;
    Ok(doc.finish())
}
