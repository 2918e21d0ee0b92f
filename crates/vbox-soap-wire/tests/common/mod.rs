//! Shared by the test binaries: the captured HTTP answers, the WSDL files, and the table of the
//! 54 exchanges captured from vboxwebsrv 7.0.14.
#![allow(dead_code)] // each test binary uses a different part

pub mod exchanges;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use vbox_soap_wire::wsdl::Wsdl;

/// The capture directory.
pub const DIR: &str = "soap-7.0.14";

/// A captured answer: status line, headers, body (from the first byte after the blank line).
pub struct Captured {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Splits a `NN-name.response.txt` capture.
pub fn split_response(text: &str) -> Captured {
    let (head, body) = text
        .split_once("\n\n")
        .expect("blank line after the headers");
    let mut lines = head.lines();
    let status_line = lines.next().expect("status line");
    let mut parts = status_line.splitn(3, ' ');
    let _protocol = parts.next();
    let status = parts
        .next()
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let reason = parts.next().unwrap_or_default().to_string();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(": ").expect("header line");
            (n.to_string(), v.to_string())
        })
        .collect();
    Captured {
        status,
        reason,
        headers,
        body: body.to_string(),
    }
}

/// The request bytes of exchange `file` (`05-findMachine`).
pub fn request_of(file: &str) -> String {
    vbox_fixtures::fixture(&format!("{DIR}/{file}.request.xml"))
}

/// The answer of exchange `file`.
pub fn response_of(file: &str) -> Captured {
    split_response(&vbox_fixtures::fixture(&format!(
        "{DIR}/{file}.response.txt"
    )))
}

/// `vboxweb.wsdl` of `version` (`7.0.18`) from `fixtures/wsdl/`, loaded once per test binary.
pub fn wsdl(version: &str) -> &'static Wsdl {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Wsdl>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().expect("wsdl cache");
    let entry = cache.entry(version.to_string()).or_insert_with(|| {
        let path = vbox_fixtures::wsdl_path(version);
        let wsdl = Wsdl::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Box::leak(Box::new(wsdl))
    });
    entry
}
