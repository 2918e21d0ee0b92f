//! The WSDL index and checker: the real 6.1.40, 7.0.18 and 7.1.12 `vboxweb.wsdl`, every
//! captured envelope against 7.0.18 (the closest to the 7.0.14 host), deliberately broken
//! envelopes, and the `createMachine` differences between versions.

mod common;

use std::io::Write;
use std::time::Instant;

use common::exchanges::{EXCHANGES, MALFORMED};
use common::{request_of, response_of, wsdl};
use vbox_soap_wire::envelope::request;
use vbox_soap_wire::server::{fault_response, response};
use vbox_soap_wire::wsdl::{Field, Problem, Wsdl, XsdType};
use vbox_soap_wire::{Fault, Param};

const VERSIONS: [&str; 4] = ["6.1.40", "7.0.18", "7.1.12", "7.2.22"];

#[test]
fn every_wsdl_loads_completely() {
    let started = Instant::now();
    for version in VERSIONS {
        let path = vbox_fixtures::wsdl_path(version);
        let one = Instant::now();
        let wsdl = Wsdl::load(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        // Every portType operation has exactly one input: count them independently.
        let declared = text.matches("<wsdl:input message=").count();
        assert_eq!(wsdl.operation_count(), declared, "{version}");
        writeln!(
            std::io::stderr(),
            "{version}: {} operations, {} bytes, loaded in {:?}",
            declared,
            text.len(),
            one.elapsed()
        )
        .unwrap();
    }
    let total = started.elapsed();
    writeln!(
        std::io::stderr(),
        "{} WSDLs loaded in {total:?}",
        VERSIONS.len()
    )
    .unwrap();
    // Release builds take well under a second; this bound only catches a pathological parser
    // in an unoptimised test build on a slow CI machine.
    assert!(total.as_secs() < 30, "loading took {total:?}");
}

#[test]
fn the_index_has_types_enums_structs_and_faults() {
    let w = wsdl("7.0.18");
    let find = w.operation("IVirtualBox_findMachine").unwrap();
    let names: Vec<&str> = find.request.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["_this", "nameOrId"]);
    assert_eq!(find.response[0].ty, XsdType::String);
    let lock = w.operation("IMachine_lockMachine").unwrap();
    assert_eq!(lock.request[2].ty, XsdType::Enum("LockType".into()));
    assert_eq!(
        w.enumeration("LockType").unwrap(),
        ["Null", "Shared", "Write", "VM"]
    );
    let states = w.operation("IVirtualBox_getMachineStates").unwrap();
    assert_eq!(
        states.request[1],
        Field {
            name: "machines".into(),
            ty: XsdType::String,
            min_occurs: 0,
            max_occurs: None
        }
    );
    let guest = w.operation("IMachine_enumerateGuestProperties").unwrap();
    assert_eq!(guest.response[2].ty, XsdType::Long);
    let attachments = w.operation("IMachine_getMediumAttachments").unwrap();
    assert_eq!(
        attachments.response[0].ty,
        XsdType::Struct("IMediumAttachment".into())
    );
    assert!(w.structure("IMediumAttachment").unwrap().len() > 5);
    let runtime = w.fault_detail("RuntimeFault").unwrap();
    assert_eq!(runtime[0].ty, XsdType::Int);
    assert!(w.fault_detail("InvalidObjectFault").is_some());
    assert!(w.operation("IWaitForCompletionResponse").is_none());
}

#[test]
fn every_captured_envelope_conforms_to_the_7_0_wsdl() {
    let w = wsdl("7.0.18");
    for exchange in EXCHANGES {
        let req = request_of(exchange.file);
        let answer = response_of(exchange.file);
        let (req_problems, resp_problems) = (w.check_request(&req), w.check_response(&answer.body));
        match exchange.file {
            "27-unknown-operation" => {
                let unknown = Problem::UnknownOperation {
                    element: "IMachine_doesNotExist".into(),
                };
                assert_eq!(req_problems, [unknown]);
            }
            MALFORMED => {
                assert!(matches!(req_problems.as_slice(), [Problem::Unreadable(_)]));
            }
            _ => assert_eq!(req_problems, [], "{}: request", exchange.file),
        }
        assert_eq!(resp_problems, [], "{}: response", exchange.file);
    }
}

#[test]
fn the_other_public_captures_conform_too() {
    let w = wsdl("7.0.18");
    let php = vbox_fixtures::fixture("soap/request-IMedium_refreshState-php-soapclient.xml");
    assert_eq!(w.check_request(&php), []);
    let logon = vbox_fixtures::fixture("soap/response-IWebsessionManager_logon-REFORMATTED.xml");
    assert_eq!(w.check_response(logon), []);
}

fn lock(lock_type: &str, params: &[Param]) -> String {
    let mut all = vec![
        Param::value("_this", "b8a4761c5b5f3e71-0000000000000002"),
        Param::value("session", "b8a4761c5b5f3e71-0000000000000007"),
        Param::value("lockType", lock_type),
    ];
    all.extend_from_slice(params);
    request("IMachine_lockMachine", &all).unwrap()
}

fn problem_names(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

#[test]
fn broken_requests_produce_the_expected_problems() {
    let w = wsdl("7.0.18");
    const OP: &str = "IMachine_lockMachine";
    assert_eq!(
        w.check_request(lock("Exclusive", &[])),
        [Problem::NotInEnum {
            path: OP.into(),
            name: "lockType".into(),
            value: "Exclusive".into(),
            enumeration: "LockType".into()
        }]
    );
    assert_eq!(
        w.check_request(lock("Shared", &[Param::value("bogus", 1)])),
        [Problem::UnknownElement {
            path: OP.into(),
            name: "bogus".into()
        }]
    );
    assert_eq!(
        w.check_request(lock("Write", &[Param::value("lockType", "Shared")])),
        [Problem::TooMany {
            path: OP.into(),
            name: "lockType".into(),
            count: 2,
            max: 1
        }]
    );
    let swapped = request(
        OP,
        &[
            Param::value("_this", "b8a4761c5b5f3e71-0000000000000002"),
            Param::value("lockType", "Shared"),
            Param::value("session", "b8a4761c5b5f3e71-0000000000000007"),
        ],
    )
    .unwrap();
    assert_eq!(
        w.check_request(swapped),
        [Problem::OutOfOrder {
            path: OP.into(),
            name: "session".into(),
            index: 2
        }]
    );
    let missing = request(OP, &[Param::value("_this", "x")]).unwrap();
    assert_eq!(
        problem_names(&w.check_request(missing)),
        [
            "IMachine_lockMachine: missing element session",
            "IMachine_lockMachine: missing element lockType"
        ]
    );
}

#[test]
fn wrong_values_of_builtin_types_are_found() {
    let w = wsdl("7.0.18");
    let this = Param::value("_this", "b8a4761c5b5f3e71-0000000000000008");
    let wait = |t: &str| {
        request(
            "IProgress_waitForCompletion",
            &[this.clone(), Param::value("timeout", t)],
        )
        .unwrap()
    };
    assert_eq!(w.check_request(wait("-1")), []);
    assert_eq!(w.check_request(wait("+10000")), []);
    assert_eq!(
        problem_names(&w.check_request(wait("soon"))),
        ["IProgress_waitForCompletion/timeout: \"soon\" is not a valid xsd:int"]
    );
    assert_eq!(w.check_request(wait("2147483648")).len(), 1);
    let enable = |v: &str| {
        request(
            "INetworkAdapter_setEnabled",
            &[this.clone(), Param::value("enabled", v)],
        )
        .unwrap()
    };
    assert_eq!(w.check_request(enable("false")), []);
    assert_eq!(
        problem_names(&w.check_request(enable("yes"))),
        ["INetworkAdapter_setEnabled/enabled: \"yes\" is not a valid xsd:boolean"]
    );
    let slot = request(
        "IMachine_getNetworkAdapter",
        &[this.clone(), Param::value("slot", -1)],
    )
    .unwrap();
    assert_eq!(w.check_request(slot).len(), 1, "unsignedInt rejects -1");
}

#[test]
fn broken_responses_and_faults_produce_the_expected_problems() {
    let w = wsdl("7.0.18");
    let props = response(
        "IMachine_enumerateGuestProperties",
        &[
            Param::array("names", ["a"]),
            Param::array("values", ["1"]),
            Param::array("timestamps", ["yesterday"]),
            Param::array("flags", [""]),
        ],
    )
    .unwrap();
    assert_eq!(
        problem_names(&w.check_response(props)),
        ["IMachine_enumerateGuestPropertiesResponse/timestamps: \"yesterday\" is not a valid xsd:long"]
    );
    let state = response(
        "IMachine_getState",
        &[Param::value("returnval", "Sleeping")],
    )
    .unwrap();
    assert_eq!(
        problem_names(&w.check_response(state)),
        ["IMachine_getStateResponse/returnval: \"Sleeping\" is not a MachineState value"]
    );
    let unknown = response("IMachine_getColour", &[]).unwrap();
    assert_eq!(
        w.check_response(unknown),
        [Problem::UnknownOperation {
            element: "IMachine_getColourResponse".into()
        }]
    );
    // A struct array: the fields of each IMediumAttachment are checked too.
    let attachment = Param::structure(
        "returnval",
        w.structure("IMediumAttachment")
            .unwrap()
            .iter()
            .map(|f| Param::value(&f.name, if f.name == "port" { "first" } else { "" }))
            .collect(),
    );
    let problems =
        w.check_response(response("IMachine_getMediumAttachments", &[attachment]).unwrap());
    assert!(problems.contains(&Problem::WrongType {
        path: "IMachine_getMediumAttachmentsResponse/returnval".into(),
        name: "port".into(),
        value: "first".into(),
        expected: XsdType::Int
    }));
    let fault = fault_response(&Fault::Runtime {
        result_code: 0,
        error_info: String::new(),
        faultstring: "x".into(),
    })
    .unwrap()
    .replace(
        "<resultCode>0</resultCode>",
        "<resultCode>E_FAIL</resultCode>",
    );
    assert_eq!(
        problem_names(&w.check_response(fault)),
        ["Fault/detail/RuntimeFault/resultCode: \"E_FAIL\" is not a valid xsd:int"]
    );
}

#[test]
fn an_operation_outside_the_vbox_namespace_is_reported() {
    let w = wsdl("7.0.18");
    let body = request("IMachine_getName", &[Param::value("_this", "x")])
        .unwrap()
        .replace(
            "xmlns:vbox=\"http://www.virtualbox.org/\"",
            "xmlns:vbox=\"urn:other\"",
        );
    assert_eq!(
        w.check_request(body),
        [Problem::WrongNamespace {
            element: "IMachine_getName".into(),
            namespace: "urn:other".into()
        }]
    );
}
