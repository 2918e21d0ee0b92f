//! The vboxwebsrv SOAP client backend: transport (HTTP/1.1, TLS, a connection pool),
//! websessions, and one module per VirtualBox area behind the [`vbox_types::Backend`] trait.
//!
//! The wire format itself (envelopes, faults, references, HTTP facts, the WSDL checker) lives
//! in `vbox-soap-wire`, shared with the simulator's server; it is re-exported here so that
//! client code names one crate.

pub mod backend;
pub mod client;
pub mod transport;

pub use backend::{SoapBackend, SoapOptions};
pub use client::Secret;
pub use vbox_soap_wire::{
    envelope, http, mor, server, wsdl, xml, Element, Elements, Fault, Limits, Param, Position,
    SoapError, CLIENT_FAULTCODE, SOAP_ENC_NS, SOAP_ENV_NS, VBOX_NS, XSD_NS, XSI_NS,
};
