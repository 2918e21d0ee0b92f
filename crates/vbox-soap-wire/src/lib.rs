//! The vboxwebsrv wire format, shared by the SOAP client (`vbox-soap`) and the simulator's
//! server (`vbox-sim`): what a client sends and reads, what a server reads and sends, the
//! HTTP facts both ends follow, and a WSDL checker for tests. No HTTP client, no async
//! runtime and no VirtualBox logic here, so a codec bug shows on one end against the other
//! and against the real captures.
//!
//! vboxwebsrv speaks SOAP 1.1 document/literal (gSOAP 2.8). Every call is one element in the
//! `http://www.virtualbox.org/` namespace named after the operation (`IMachine_getState`) whose
//! children are **unqualified** and in WSDL order; arrays are the same element repeated; the
//! answer is `<op>Response`; errors are SOAP faults with a `RuntimeFault` or
//! `InvalidObjectFault` detail. The byte shapes here follow real captures from vboxwebsrv
//! 7.0.14 and 7.2.22 hosts (`fixtures/soap-7.0.14/`, `fixtures/soap-7.2.22/`).
//!
//! - [`envelope`]: client side — [`envelope::request`] and [`envelope::parse_response`].
//! - [`server`]: server side — [`server::parse_request`], [`server::response`],
//!   [`server::fault_response`].
//! - [`http`]: the HTTP facts of the captures (request line and headers, status 500 for
//!   faults, keep-alive, the WSDL on `GET /?wsdl`).
//! - [`mor`]: managed object references (`%016llx-%016llx`).
//! - [`wsdl`]: load a `vboxweb.wsdl` and check envelopes against it.
//! - [`value`]: how gSOAP reads a scalar parameter's text (numbers, booleans, enums).
//! - [`xml`]: escaping and the characters XML 1.0 can carry.

pub mod envelope;
mod error;
mod fault;
pub mod http;
pub mod mor;
mod param;
mod read;
pub mod server;
mod tree;
pub mod value;
mod write;
pub mod wsdl;
pub mod xml;

pub use error::{Position, SoapError};
pub use fault::{Fault, CLIENT_FAULTCODE};
pub use param::Param;
pub use read::Limits;
pub use tree::{Element, Elements};

/// The SOAP 1.1 envelope namespace (prefix `SOAP-ENV` on the wire).
pub const SOAP_ENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.1 encoding namespace (declared by gSOAP as `SOAP-ENC`, never used).
pub const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// The XML Schema instance namespace (`xsi`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The XML Schema namespace (`xsd`).
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// The VirtualBox web service namespace (prefix `vbox`), the WSDL's targetNamespace.
pub const VBOX_NS: &str = "http://www.virtualbox.org/";
