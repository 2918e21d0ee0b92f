//! The codec on the vboxwebsrv 7.2.22 exchanges (`fixtures/soap-7.2.22/README.md`): what the
//! client relies on — `Null` for an inaccessible machine in getMachineStates, its getters'
//! E_ACCESSDENIED, setExtraData refused on the registry's machine, one reference per object,
//! a second release faulting, and fault answers closing the connection.

mod common;

use common::split_response;
use vbox_fixtures::{assert_covered, fixture, fixture_files};
use vbox_soap_wire::envelope::parse_response;
use vbox_soap_wire::server::parse_request;
use vbox_soap_wire::{Elements, Fault, SoapError};

const DIR: &str = "soap-7.2.22";

const COVERED: &[&str] = &[
    "01-logon",
    "02-getMachines",
    "03-getMachineStates-inaccessible",
    "04-getName-inaccessible",
    "05-getId-inaccessible",
    "06-findMachine",
    "07-setExtraData-immutable",
    "08-getPlatform",
    "09-getPlatform-again",
    "10-release",
    "11-release-again",
    "12-findSnapshot",
    "13-snapshot-getTimeStamp",
    "14-logoff",
];

/// Request op, answer status, the answer parsed.
fn exchange(name: &str) -> (u16, Result<Vec<String>, Fault>, common::Captured) {
    let request = fixture(&format!("{DIR}/{name}.request.xml"));
    let op = parse_request(&request)
        .expect("a request the server reads")
        .op;
    let answer = split_response(&fixture(&format!("{DIR}/{name}.response.txt")));
    let parsed = match parse_response(&answer.body, &op) {
        Ok(r) => Ok(r.all("returnval").into_iter().map(str::to_string).collect()),
        Err(SoapError::Fault(f)) => Err(f),
        Err(e) => panic!("{name}: {e}"),
    };
    (answer.status, parsed, answer)
}

#[test]
fn every_exchange_is_read() {
    let files = fixture_files(DIR, |n| {
        n.ends_with(".response.txt") || n.ends_with(".request.xml")
    });
    let covered: Vec<String> = COVERED
        .iter()
        .flat_map(|n| {
            [
                format!("{DIR}/{n}.request.xml"),
                format!("{DIR}/{n}.response.txt"),
            ]
        })
        .collect();
    let covered: Vec<&str> = covered.iter().map(String::as_str).collect();
    assert_covered(&files, &covered);
    for name in COVERED {
        let (status, parsed, answer) = exchange(name);
        // A fault is HTTP 500 and closes the connection; an answer keeps it.
        let connection = answer
            .headers
            .iter()
            .find(|(n, _)| n == "Connection")
            .map(|(_, v)| v.as_str());
        match parsed {
            Ok(_) => assert_eq!((status, connection), (200, Some("keep-alive")), "{name}"),
            Err(_) => assert_eq!((status, connection), (500, Some("close")), "{name}"),
        }
    }
}

#[test]
fn what_the_client_relies_on() {
    let ok = |name: &str| exchange(name).1.unwrap_or_else(|f| panic!("{name}: {f}"));
    let fault = |name: &str| exchange(name).1.expect_err(name);
    let machines = ok("02-getMachines");
    assert_eq!(machines.len(), 3);
    assert_eq!(
        ok("03-getMachineStates-inaccessible"),
        ["PoweredOff", "PoweredOff", "Null"]
    );
    match fault("04-getName-inaccessible") {
        Fault::Runtime { result_code, .. } => assert_eq!(result_code as u32, 0x8007_0005),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        ok("05-getId-inaccessible"),
        ["9bcda6da-28cd-4224-8fef-698c0ae94e40"]
    );
    assert_eq!(
        ok("06-findMachine"),
        [machines[0].clone()],
        "one object, one reference"
    );
    match fault("07-setExtraData-immutable") {
        Fault::Runtime {
            result_code,
            faultstring,
            ..
        } => {
            assert_eq!(result_code, -2_135_228_414);
            assert!(faultstring.contains("Cannot set extradata for an immutable machine"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ok("08-getPlatform"), ok("09-getPlatform-again"));
    assert_eq!(ok("10-release"), Vec::<String>::new());
    match fault("11-release-again") {
        Fault::InvalidObject { bad_object_id } => {
            assert_eq!(bad_object_id, ok("08-getPlatform")[0]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ok("13-snapshot-getTimeStamp"), ["1796461149000"]);
    assert!(ok("01-logon")[0].ends_with("-0000000000000001"));
    ok("12-findSnapshot");
    ok("14-logoff");
}
