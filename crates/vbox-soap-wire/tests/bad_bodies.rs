//! Bodies that cannot be answers or requests give typed errors, never a panic: malformed XML
//! (with its position), things that are not SOAP, bodies over the size limit, hostile nesting.

use vbox_soap_wire::envelope::{parse_response, parse_response_with};
use vbox_soap_wire::server::{parse_request, parse_request_with};
use vbox_soap_wire::{Limits, SoapError};

const ENV: &str =
    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
                   xmlns:vbox=\"http://www.virtualbox.org/\">";

fn envelope(body_content: &str) -> String {
    format!("{ENV}<SOAP-ENV:Body>{body_content}</SOAP-ENV:Body></SOAP-ENV:Envelope>")
}

/// The Malformed error's (line, column, message, body element).
fn malformed(body: &str) -> (usize, usize, String, Option<String>) {
    match parse_response(body, "IMachine_getName") {
        Err(SoapError::Malformed {
            position,
            message,
            body_element,
        }) => (position.line, position.column, message, body_element),
        other => panic!("expected Malformed for {body:?}, got {other:?}"),
    }
}

fn not_soap(body: &str) -> String {
    match parse_request(body) {
        Err(SoapError::NotSoap { found }) => found,
        other => panic!("expected NotSoap for {body:?}, got {other:?}"),
    }
}

#[test]
fn malformed_xml_names_the_position() {
    let mismatched = "<?xml version=\"1.0\"?>\n<a:Envelope xmlns:a=\"http://schemas.xmlsoap.org/soap/envelope/\">\
                      <a:Body>\n  <vbox:IMachine_getNameResponse xmlns:vbox=\"http://www.virtualbox.org/\">\
                      <returnval>x</retval>";
    let (line, column, message, element) = malformed(mismatched);
    assert_eq!(line, 3);
    assert!(column > 60, "column {column}");
    assert!(message.contains("retval"), "{message}");
    assert_eq!(element.as_deref(), Some("vbox:IMachine_getNameResponse"));

    let truncated = envelope("<vbox:IMachine_getNameResponse><returnval>x</returnval>");
    let cut = &truncated[..truncated.len() - "</SOAP-ENV:Body></SOAP-ENV:Envelope>".len()];
    let (line, column, message, _) = malformed(cut);
    assert_eq!((line, column), (1, cut.chars().count() + 1));
    assert!(message.contains("not closed"), "{message}");

    let entity = envelope("<vbox:IMachine_getNameResponse><returnval>&nbsp;</returnval></vbox:IMachine_getNameResponse>");
    assert!(malformed(&entity).2.contains("nbsp"));

    let prefix = envelope("<nope:IMachine_getNameResponse/>");
    assert!(malformed(&prefix).2.contains("nope"));

    let attribute = envelope("<vbox:IMachine_getNameResponse a=\"1\" a=\"2\"/>");
    malformed(&attribute);

    let after = format!("{}<extra/>", envelope("<vbox:IMachine_getNameResponse/>"));
    assert!(malformed(&after).2.contains("after the end"));
}

#[test]
fn non_soap_bodies_are_told_apart() {
    assert_eq!(not_soap(""), "an empty document");
    assert_eq!(not_soap("  \n"), "an empty document");
    assert!(not_soap("Service Unavailable").contains("Service Unavailable"));
    assert!(not_soap("{\"error\": 1}").contains("text"));
    assert!(not_soap("<!DOCTYPE html><html><body>502</body></html>").contains("document type"));
    assert!(not_soap("<html><body>502 Bad Gateway</body></html>").contains("<html>"));
    let soap12 =
        "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body/></e:Envelope>";
    assert!(not_soap(soap12).contains("SOAP 1.2"));
    let no_ns = "<Envelope><Body/></Envelope>";
    assert!(not_soap(no_ns).contains("<Envelope>"));
    let no_body = format!("{ENV}</SOAP-ENV:Envelope>");
    assert_eq!(not_soap(&no_body), "an envelope without Body");
    assert_eq!(not_soap(&envelope("")), "an empty Body");
    assert!(not_soap(&format!("{ENV}<vbox:x/></SOAP-ENV:Envelope>")).contains("<vbox:x>"));
}

#[test]
fn the_php_fault_dumps_are_not_soap() {
    let dump = vbox_fixtures::fixture("soap/fault-RuntimeFault-php-print_r-6.1.22-PARTIAL.txt");
    assert!(matches!(
        parse_response(dump, "IMachine_launchVMProcess"),
        Err(SoapError::NotSoap { .. })
    ));
}

#[test]
fn invalid_utf8_is_malformed_not_a_panic() {
    let mut body = envelope(
        "<vbox:IMachine_getNameResponse><returnval>ab</returnval></vbox:IMachine_getNameResponse>",
    )
    .into_bytes();
    let at = body.windows(2).position(|w| w == b"ab").unwrap();
    body[at] = 0xff;
    assert!(matches!(
        parse_response(&body, "IMachine_getName"),
        Err(SoapError::Malformed { .. })
    ));
}

#[test]
fn oversize_bodies_are_refused_before_parsing() {
    let limits = Limits {
        max_body_bytes: 1024,
        ..Limits::default()
    };
    let values = "<returnval>x</returnval>".repeat(100);
    let body = envelope(&format!(
        "<vbox:IMachine_getGroupsResponse>{values}</vbox:IMachine_getGroupsResponse>"
    ));
    assert_eq!(
        parse_response_with(&body, "IMachine_getGroups", &limits).unwrap_err(),
        SoapError::TooLarge {
            size: body.len(),
            max: 1024
        }
    );
    assert!(parse_response(&body, "IMachine_getGroups").is_ok());
    // The default limit: a body just over it fails at once, whatever it holds.
    let huge = vec![b' '; Limits::default().max_body_bytes + 1];
    assert!(matches!(
        parse_request(&huge),
        Err(SoapError::TooLarge { .. })
    ));
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let depth = 200_000;
    let inner = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let body = envelope(&format!(
        "<vbox:IMachine_getName>{inner}</vbox:IMachine_getName>"
    ));
    match parse_request(&body) {
        Err(SoapError::Malformed { message, .. }) => assert!(message.contains("deeper than 16")),
        other => panic!("expected Malformed, got {other:?}"),
    }
    let shallow = Limits {
        max_depth: 1,
        ..Limits::default()
    };
    let nested = envelope("<vbox:IMachine_getName><_this><x/></_this></vbox:IMachine_getName>");
    assert!(parse_request_with(&nested, &shallow).is_err());
    assert!(parse_request(&nested).is_ok());
}

#[test]
fn extra_body_entries_after_the_operation_are_ignored() {
    let body =
        envelope("<vbox:IMachine_getName><_this>r</_this></vbox:IMachine_getName><vbox:Other/>");
    let req = parse_request(&body).unwrap();
    assert_eq!(
        (req.op.as_str(), req.children.len()),
        ("IMachine_getName", 1)
    );
}
