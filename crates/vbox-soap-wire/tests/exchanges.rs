//! Every exchange captured from vboxwebsrv 7.0.14: the request rebuilt byte for byte and read
//! back, the answer read by the client into the right values or typed fault, and the answer
//! rebuilt by the server side byte for byte with the captured HTTP status and headers.

mod common;

use common::exchanges::{Answer, Exchange, EXCHANGES, MALFORMED};
use common::{request_of, response_of, Captured, DIR};
use vbox_soap_wire::envelope::{parse_response, request};
use vbox_soap_wire::http::ResponseHead;
use vbox_soap_wire::mor::ObjectRef;
use vbox_soap_wire::server::{fault_response, parse_request, response};
use vbox_soap_wire::{Elements, Fault, Param, SoapError};

fn params(exchange: &Exchange) -> Vec<Param> {
    exchange
        .params
        .iter()
        .map(|(name, value)| Param::value(*name, value))
        .collect()
}

/// The fault an answer stands for, built the way a server would build it.
fn fault_of(answer: &Answer) -> Option<Fault> {
    match answer {
        Answer::Returns(_) => None,
        Answer::Runtime(code, info, text) => Some(Fault::runtime(*code, *info, &[text])),
        Answer::Invalid(reference) => Some(Fault::invalid_object(*reference)),
        Answer::Other(faultstring) => Some(Fault::Other {
            faultcode: "SOAP-ENV:Client".into(),
            faultstring: (*faultstring).into(),
        }),
    }
}

#[test]
fn every_capture_is_in_the_table() {
    let files = vbox_fixtures::fixture_files(DIR, |_| true);
    let covered: Vec<String> = EXCHANGES
        .iter()
        .flat_map(|e| {
            [
                format!("{DIR}/{}.request.xml", e.file),
                format!("{DIR}/{}.response.txt", e.file),
            ]
        })
        .collect();
    let covered: Vec<&str> = covered.iter().map(String::as_str).collect();
    vbox_fixtures::assert_covered(&files, &covered);
}

#[test]
fn requests_are_rebuilt_byte_for_byte_and_read_back() {
    for exchange in EXCHANGES.iter().filter(|e| e.file != MALFORMED) {
        let captured = request_of(exchange.file);
        let built = request(exchange.op, &params(exchange)).unwrap();
        assert_eq!(built, captured, "{}: request bytes", exchange.file);

        let parsed = parse_request(&captured).unwrap();
        assert_eq!(parsed.op, exchange.op, "{}", exchange.file);
        assert_eq!(parsed.qname, format!("vbox:{}", exchange.op));
        assert!(parsed.in_vbox_namespace());
        let children: Vec<(&str, &str)> = parsed
            .children
            .iter()
            .map(|c| (c.name.as_str(), c.text.as_str()))
            .collect();
        assert_eq!(children, exchange.params, "{}: children", exchange.file);
        for reference in parsed.all("_this") {
            let mor: ObjectRef = reference.parse().unwrap();
            assert_eq!(mor.to_string(), reference, "{}", exchange.file);
        }
    }
}

#[test]
fn the_malformed_request_fails_where_gsoap_stopped() {
    let captured = request_of(MALFORMED);
    let err = parse_request(&captured).unwrap_err();
    let SoapError::Malformed {
        position,
        body_element,
        ..
    } = &err
    else {
        panic!("expected Malformed, got {err:?}");
    };
    // The body is one line that stops right after `<unclosed>`.
    assert_eq!((position.line, position.offset), (1, captured.len()));
    // vboxwebsrv's answer names that element: the server side builds it from the error.
    let element = body_element.as_deref().unwrap();
    assert_eq!(element, "unclosed");
    let answer = response_of(MALFORMED);
    let fault = fault_response(&Fault::unknown_method(element)).unwrap();
    assert_eq!(fault, answer.body);
}

#[test]
fn answers_are_read_into_values_or_typed_faults() {
    for exchange in EXCHANGES {
        let answer = response_of(exchange.file);
        let result = parse_response(&answer.body, exchange.op);
        match (&exchange.answer, result) {
            (Answer::Returns(values), Ok(resp)) => {
                assert_eq!(resp.op, exchange.op);
                assert_eq!(resp.all("returnval"), *values, "{}", exchange.file);
                assert_eq!(resp.children.len(), values.len(), "{}", exchange.file);
                assert_eq!(resp.returnval(), values.first().copied());
            }
            (expected, Err(SoapError::Fault(fault))) => {
                assert_eq!(Some(fault), fault_of(expected), "{}", exchange.file);
            }
            (_, other) => panic!("{}: unexpected {other:?}", exchange.file),
        }
    }
}

#[test]
fn typed_values_of_some_answers() {
    let answer = response_of("08-fault-errorinfo-getResultCode");
    let resp = parse_response(&answer.body, "IVirtualBoxErrorInfo_getResultCode").unwrap();
    assert_eq!(resp.get_as::<i32>("returnval").unwrap(), -2135228415);
    let answer = response_of("19-na-getEnabled");
    let resp = parse_response(&answer.body, "INetworkAdapter_getEnabled").unwrap();
    assert!(resp.get_as::<bool>("returnval").unwrap());
    let answer = response_of("20-getGuestPropertyValue");
    let resp = parse_response(&answer.body, "IMachine_getGuestPropertyValue").unwrap();
    assert_eq!(
        ObjectRef::parse_nullable(resp.returnval().unwrap()).unwrap(),
        None
    );
    let answer = response_of("06-findMachine-notfound");
    let err = parse_response(&answer.body, "IVirtualBox_findMachine").unwrap_err();
    let fault = err.as_fault().unwrap();
    assert_eq!(fault.result_code(), Some(-2135228415));
    assert_eq!(fault.faultcode(), "SOAP-ENV:Client");
}

fn expected_head(exchange: &Exchange, answer: &Captured) -> ResponseHead {
    match exchange.answer {
        Answer::Returns(_) => {
            let keep_alive = answer
                .headers
                .iter()
                .find(|(n, _)| n == "Keep-Alive")
                .map(|(_, v)| v.as_str())
                .expect("a success keeps the connection");
            // The per-connection budget is server state: take it from the capture.
            let remaining = keep_alive.rsplit("max=").next().unwrap().parse().unwrap();
            ResponseHead::ok(answer.body.len(), remaining)
        }
        _ => ResponseHead::fault(answer.body.len()),
    }
}

#[test]
fn the_server_side_rebuilds_every_answer_byte_for_byte() {
    for exchange in EXCHANGES {
        let answer = response_of(exchange.file);
        let body = match &exchange.answer {
            Answer::Returns(values) => {
                response(exchange.op, &[Param::array("returnval", values.iter())]).unwrap()
            }
            other => fault_response(&fault_of(other).unwrap()).unwrap(),
        };
        assert_eq!(body, answer.body, "{}: body", exchange.file);

        let head = expected_head(exchange, &answer);
        assert_eq!(
            (head.status, head.reason),
            (answer.status, answer.reason.as_str()),
            "{}",
            exchange.file
        );
        let headers: Vec<(String, String)> = head
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect();
        assert_eq!(headers, answer.headers, "{}: headers", exchange.file);
    }
}

#[test]
fn an_array_param_is_the_repeated_element_and_an_empty_one_is_absent() {
    let captured = request_of("15-getMachineStates");
    let machines = [
        "b8a4761c5b5f3e71-0000000000000002",
        "b8a4761c5b5f3e71-0000000000000003",
    ];
    let this = Param::value("_this", "b8a4761c5b5f3e71-0000000000000001");
    let built = request(
        "IVirtualBox_getMachineStates",
        &[this.clone(), Param::array("machines", machines)],
    )
    .unwrap();
    assert_eq!(built, captured);
    // launchVMProcess with no environment changes sends no <environmentChanges> at all.
    let launch = request_of("40-launchVMProcess");
    let built = request(
        "IMachine_launchVMProcess",
        &[
            Param::value("_this", "b8a4761c5b5f3e71-0000000000000003"),
            Param::value("session", "b8a4761c5b5f3e71-0000000000000007"),
            Param::value("name", "headless"),
            Param::array("environmentChanges", Vec::<String>::new()),
        ],
    )
    .unwrap();
    assert_eq!(built, launch);
}
