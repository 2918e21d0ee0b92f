//! Shared by the test binaries: the wire crate's test helpers (captures, WSDLs) and a fake
//! vboxwebsrv for the client backend.
#![allow(dead_code)] // each test binary uses a different part

#[path = "../../../vbox-soap-wire/tests/common/mod.rs"]
mod wire;

pub mod fake;

pub use wire::*;
