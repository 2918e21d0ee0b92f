//! Everything in the wire crate that reads outside input: request and response envelopes,
//! HTTP request heads, chunk sizes and gSOAP's scalar values. None may panic; what reads as
//! a request must write back as an answer or a fault.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vbox_soap_wire::envelope::parse_response;
use vbox_soap_wire::http::{chunk_size, RequestHead};
use vbox_soap_wire::server::{fault_response, parse_request, response};
use vbox_soap_wire::{value, Elements, Fault, Param};

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = parse_request(data) {
        // What a server reads it can write back as values (gSOAP's writer: a NUL ends a value
        // on reading, other control characters become character references). Names are not
        // echoed: a server answers with names of its own.
        let echoed: Vec<Param> = request
            .elements()
            .iter()
            .map(|e| Param::value("returnval", &e.text))
            .collect();
        response("IMachine_getName", &echoed).expect("request values written back");
        let _ = fault_response(&Fault::unknown_method(&request.qname));
    }
    let _ = parse_response(data, "IMachine_getName");
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = RequestHead::parse(text.lines()).map(|head| head.route());
        let _ = chunk_size(text);
        let _ = value::integer::<u32>(text);
        let _ = value::integer::<i64>(text);
        let _ = value::boolean(text);
        let _ = value::enumeration(text, &[("Null", 0), ("Shared", 1), ("Write", 2)]);
    }
});
