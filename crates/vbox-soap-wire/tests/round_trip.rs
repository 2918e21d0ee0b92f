//! Values survive client → server and server → client unchanged, whatever they hold, and the
//! readers accept envelopes written by other SOAP stacks (other prefixes, whitespace, headers).

use vbox_soap_wire::envelope::{parse_response, request};
use vbox_soap_wire::server::{fault_response, parse_request, response};
use vbox_soap_wire::xml::XmlError;
use vbox_soap_wire::{Elements, Fault, Param, SoapError};

const AWKWARD: &[&str] = &[
    "",
    "web & db <01> \"quoted\" 'single'",
    "  leading and trailing  ",
    " ",
    "ünïcödé 名前 🚀",
    "line 1\nline 2\r\nline 3\rend\ttab",
    "&amp; is not an entity here",
    "]]> and <![CDATA[",
    "a/b\\c:d;e=f,g",
];

#[test]
fn request_values_reach_the_server_unchanged() {
    for value in AWKWARD {
        let body = request(
            "IMachine_setGuestProperty",
            &[
                Param::value("_this", "b8a4761c5b5f3e71-0000000000000002"),
                Param::value("property", value),
                Param::value("value", value),
                Param::value("flags", "TRANSIENT"),
            ],
        )
        .unwrap();
        let req = parse_request(&body).unwrap();
        assert_eq!(req.op, "IMachine_setGuestProperty");
        assert_eq!(req.get("property"), Some(*value), "{value:?}");
        assert_eq!(req.get("value"), Some(*value), "{value:?}");
    }
}

#[test]
fn the_client_escapes_all_five_markup_characters() {
    let body = request(
        "IVirtualBox_findMachine",
        &[Param::value("nameOrId", "<&>\"'")],
    )
    .unwrap();
    assert!(
        body.contains("<nameOrId>&lt;&amp;&gt;&quot;&apos;</nameOrId>"),
        "{body}"
    );
}

#[test]
fn response_values_reach_the_client_unchanged() {
    let body = response(
        "IMachine_enumerateGuestProperties",
        &[
            Param::array("names", AWKWARD.iter()),
            Param::array("values", AWKWARD.iter().rev()),
        ],
    )
    .unwrap();
    let resp = parse_response(&body, "IMachine_enumerateGuestProperties").unwrap();
    assert_eq!(resp.all("names"), AWKWARD);
    let reversed: Vec<&str> = AWKWARD.iter().rev().copied().collect();
    assert_eq!(resp.all("values"), reversed);
    assert_eq!(resp.children.len(), 2 * AWKWARD.len());
}

#[test]
fn structs_round_trip_with_their_fields() {
    let attachment = |port: i32| {
        Param::structure(
            "returnval",
            vec![
                Param::value("controller", "SATA <1>"),
                Param::value("port", port),
                Param::value("passthrough", false),
            ],
        )
    };
    let body = response(
        "IMachine_getMediumAttachments",
        &[attachment(0), attachment(1)],
    )
    .unwrap();
    let resp = parse_response(&body, "IMachine_getMediumAttachments").unwrap();
    assert_eq!(resp.children.len(), 2);
    let second = &resp.children[1];
    assert_eq!(second.get("controller"), Some("SATA <1>"));
    assert_eq!(second.get_as::<i32>("port").unwrap(), 1);
    assert!(!second.get_as::<bool>("passthrough").unwrap());
}

#[test]
fn faults_round_trip_typed() {
    let text = "The machine 'a&b <c>' is \"busy\"";
    let faults = [
        Fault::runtime(-2135228409, "b8a4761c5b5f3e71-000000000000000b", &[text]),
        Fault::runtime(-2147467259, "", &[]),
        Fault::invalid_object("b8a4761c5b5f3e71-0000000000000005"),
        Fault::unknown_method("vbox:IMachine_doesNotExist"),
        Fault::Other {
            faultcode: "SOAP-ENV:Server".into(),
            faultstring: "  spaced  ".into(),
        },
    ];
    for fault in faults {
        let body = fault_response(&fault).unwrap();
        let err = parse_response(&body, "IMachine_lockMachine").unwrap_err();
        assert_eq!(err, SoapError::Fault(fault));
    }
}

#[test]
fn values_xml_cannot_carry_are_refused_before_sending() {
    let err = request("IMachine_setName", &[Param::value("name", "bell\u{7}")]).unwrap_err();
    assert_eq!(
        err,
        SoapError::Xml {
            what: "parameter \"name\"".into(),
            source: XmlError::InvalidChar {
                ch: '\u{7}',
                offset: 4
            }
        }
    );
    assert!(response("IMachine_getName", &[Param::value("returnval", "\0")]).is_err());
    // The server side writes control characters as gSOAP does, as character references.
    let esc = fault_response(&Fault::runtime(-1, "", &["esc \u{1b}[0m"])).unwrap();
    assert!(esc.contains("esc &#x1b;[0m"), "{esc}");
    let bad_name = request("IMachine_getName", &[Param::value("a b", "x")]).unwrap_err();
    assert!(matches!(
        bad_name,
        SoapError::Xml {
            source: XmlError::InvalidName { .. },
            ..
        }
    ));
    assert!(request("IMachine<getName", &[]).is_err());
}

#[test]
fn other_prefixes_whitespace_comments_and_headers_are_read() {
    let body = r#"<?xml version="1.0"?>
<!-- written by another stack -->
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header><x:Trace xmlns:x="urn:trace"><x:id>7</x:id></x:Trace></env:Header>
  <env:Body>
    <IMachine_getGroupsResponse xmlns="http://www.virtualbox.org/">
      <returnval>/a</returnval>
      <!-- a comment between values -->
      <returnval><![CDATA[/b & <c>]]></returnval>
      <returnval>&#x2F;d&#47;&#xD;</returnval>
    </IMachine_getGroupsResponse>
  </env:Body>
</env:Envelope>
"#;
    let resp = parse_response(body, "IMachine_getGroups").unwrap();
    assert_eq!(resp.all("returnval"), ["/a", "/b & <c>", "/d/\r"]);

    let php = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
        xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
        xmlns:ns1=\"http://www.virtualbox.org/\"><SOAP-ENV:Body><ns1:IMedium_refreshState>\
        <_this>8d988f98ffc5e660-0000000000000003</_this></ns1:IMedium_refreshState>\
        </SOAP-ENV:Body></SOAP-ENV:Envelope>\n";
    let req = parse_request(php).unwrap();
    assert_eq!(
        (req.op.as_str(), req.qname.as_str()),
        ("IMedium_refreshState", "ns1:IMedium_refreshState")
    );
    assert!(req.in_vbox_namespace());
    assert_eq!(req.get("_this"), Some("8d988f98ffc5e660-0000000000000003"));
}

#[test]
fn the_reformatted_public_logon_capture_is_read() {
    let body = vbox_fixtures::fixture("soap/response-IWebsessionManager_logon-REFORMATTED.xml");
    let resp = parse_response(&body, "IWebsessionManager_logon").unwrap();
    assert_eq!(resp.returnval(), Some("634f0d8fd6ef0e49-0000000000000001"));
}

#[test]
fn the_answer_must_be_the_one_asked_for() {
    let body = response("IMachine_getName", &[Param::value("returnval", "x")]).unwrap();
    assert_eq!(
        parse_response(&body, "IMachine_getState").unwrap_err(),
        SoapError::UnexpectedElement {
            expected: "{http://www.virtualbox.org/}IMachine_getStateResponse".into(),
            found: "{http://www.virtualbox.org/}IMachine_getNameResponse".into()
        }
    );
    let other_ns = body.replace(
        "xmlns:vbox=\"http://www.virtualbox.org/\"",
        "xmlns:vbox=\"urn:x\"",
    );
    assert!(matches!(
        parse_response(&other_ns, "IMachine_getName"),
        Err(SoapError::UnexpectedElement { .. })
    ));
}

/// Found by the `envelope` fuzz target: a request whose reference held raw NUL bytes read
/// fine but could not be written back into the fault that quotes it. gSOAP's C strings end at
/// the NUL, and its writer escapes the other control characters.
#[test]
fn a_nul_ends_a_request_value_and_control_characters_are_escaped_back() {
    let body = "<?xml version=\"1.0\"?><SOAP-ENV:Envelope \
        xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
        xmlns:vbox=\"http://www.virtualbox.org/\"><SOAP-ENV:Body><vbox:IMachine_getName>\
        <_this>ab\0\0cd</_this><name>x\u{1}y</name></vbox:IMachine_getName></SOAP-ENV:Body>\
        </SOAP-ENV:Envelope>";
    let req = parse_request(body).unwrap();
    assert_eq!(req.get("_this"), Some("ab"));
    let fault = fault_response(&Fault::invalid_object(req.get("name").unwrap())).unwrap();
    assert!(
        fault.contains("Invalid managed object reference \"x&#x1;y\""),
        "{fault}"
    );
    let echoed = response("IMachine_getName", &[Param::value("returnval", "x\u{1}y")]).unwrap();
    assert!(
        echoed.contains("<returnval>x&#x1;y</returnval>"),
        "{echoed}"
    );
}
