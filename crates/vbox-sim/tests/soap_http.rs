//! The HTTP side of the simulator's server as the real vboxwebsrv 7.2.22 answers it (checked
//! on the real host; see `vbox_soap_wire::http`): the WSDL on `GET /?wsdl`, empty answers to
//! `HEAD`/`OPTIONS`, 405 faults for other methods, chunked request bodies, HTTP/1.0, gSOAP's
//! reading of numbers and enum values, and the per-request reports behind `sim serve -v`.

mod soap_common;

use soap_common::{exchange, faultstring, machine, p, serve, Wire};
use vbox_sim::ServeOptions;
use vbox_soap_wire::envelope::{parse_response, request};

#[tokio::test]
async fn the_wsdl_is_served_on_get_as_the_real_one_serves_it() {
    let served = serve("7.2", ServeOptions::default()).await;
    let wsdl = exchange(served.addr, b"GET /?wsdl HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert_eq!(wsdl.status, 200);
    assert_eq!(
        wsdl.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(wsdl.header("Connection"), Some("keep-alive"));
    let fixture = vbox_fixtures::wsdl_path("7.2.22");
    assert_eq!(wsdl.body, std::fs::read_to_string(fixture).unwrap());
    // HTTP/1.0: the same body, and the connection closes.
    let old = exchange(served.addr, b"GET /?wsdl HTTP/1.0\r\n\r\n").await;
    assert_eq!(
        (old.header("Connection"), old.header("Keep-Alive")),
        (Some("close"), None)
    );
    assert_eq!(old.body.len(), wsdl.body.len());
    // Each version serves its own.
    let older = serve("7.0", ServeOptions::default()).await;
    let w70 = exchange(older.addr, b"GET /?wsdl HTTP/1.1\r\n\r\n").await;
    assert_eq!(
        w70.body,
        std::fs::read_to_string(vbox_fixtures::wsdl_path("7.0.18")).unwrap()
    );
}

#[tokio::test]
async fn other_methods_are_answered_as_gsoap_answers_them() {
    let served = serve("7.2", ServeOptions::default()).await;
    for (line, text) in [
        ("GET / HTTP/1.1", "HTTP GET method not implemented"),
        ("GET /?WSDL HTTP/1.1", "HTTP GET method not implemented"),
        ("PUT / HTTP/1.1", "HTTP PUT method not implemented"),
        ("DELETE /x HTTP/1.1", "HTTP DELETE method not implemented"),
        ("FOO / HTTP/1.1", "Error 405: HTTP 405 Method Not Allowed"),
    ] {
        let answer = exchange(served.addr, format!("{line}\r\n\r\n").as_bytes()).await;
        assert_eq!(answer.status, 405, "{line}");
        assert_eq!(answer.header("Connection"), Some("close"), "{line}");
        let fault = parse_response(&answer.body, "any").unwrap_err();
        assert_eq!(fault.as_fault().unwrap().faultstring(), text, "{line}");
    }
    for line in [
        "HEAD /?wsdl HTTP/1.1",
        "HEAD /foo HTTP/1.1",
        "OPTIONS / HTTP/1.1",
    ] {
        let answer = exchange(served.addr, format!("{line}\r\n\r\n").as_bytes()).await;
        assert_eq!(answer.status, 200, "{line}");
        assert_eq!(answer.header("Content-Length"), Some("0"), "{line}");
        assert_eq!(
            answer.header("Content-Type"),
            Some("text/xml; charset=utf-8")
        );
    }
}

#[tokio::test]
async fn a_chunked_body_to_any_path_is_a_call() {
    let served = serve("7.2", ServeOptions::default()).await;
    let body = request(
        "IWebsessionManager_logon",
        &[p("username", ""), p("password", "")],
    )
    .unwrap();
    let (a, b) = body.split_at(body.len() / 2);
    let raw = format!(
        "POST /anywhere HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x};ext=1\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let answer = exchange(served.addr, raw.as_bytes()).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("<returnval>"), "{}", answer.body);
}

#[tokio::test]
async fn numbers_and_enum_values_are_read_as_gsoap_reads_them() {
    let served = serve("7.2", ServeOptions::default()).await;
    machine(&served.sim, "web", 512, &[]).await;
    let mut w = Wire::new(served.addr);
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", ""), p("password", "")],
        )
        .await
        .remove(0);
    let vm = w
        .ok(
            "IVirtualBox_findMachine",
            &[p("_this", &vbox), p("nameOrId", "web")],
        )
        .await
        .remove(0);
    let session = w
        .ok(
            "IWebsessionManager_getSessionObject",
            &[p("refIVirtualBox", &vbox)],
        )
        .await
        .remove(0);
    // pyremotevbox sends the number: 1 is Shared, 2 Write; surrounding blanks do not matter.
    for (lock, session_type) in [
        ("1", "WriteLock"),
        (" 2 ", "WriteLock"),
        ("Shared", "WriteLock"),
    ] {
        w.ok(
            "IMachine_lockMachine",
            &[p("_this", &vm), p("session", &session), p("lockType", lock)],
        )
        .await;
        assert_eq!(w.get("ISession_getType", &session).await, session_type);
        w.ok("ISession_unlockMachine", &[p("_this", &session)])
            .await;
    }
    for (lock, why) in [
        ("7", "invalid value"),
        ("shared", "invalid value"),
        ("0x1", "invalid value"),
        ("", "empty value provided where a value is required"),
    ] {
        let answer = w
            .call(
                "IMachine_lockMachine",
                &[p("_this", &vm), p("session", &session), p("lockType", lock)],
            )
            .await;
        assert_eq!(answer.status, 500);
        assert_eq!(
            faultstring(&answer),
            format!("Validation constraint violation: {why} in element 'lockType'"),
            "{lock:?}"
        );
        assert!(!answer.body.contains("<detail>"), "{}", answer.body);
    }
    let answer = w
        .call(
            "IMachine_getNetworkAdapter",
            &[p("_this", &vm), p("slot", "-1")],
        )
        .await;
    assert_eq!(
        faultstring(&answer),
        "Validation constraint violation: invalid value in element 'slot'"
    );
}

#[tokio::test]
async fn every_request_is_reported_without_its_parameters() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let served = serve(
        "7.2",
        ServeOptions {
            requests: Some(tx),
            ..ServeOptions::default()
        },
    )
    .await;
    let mut w = Wire::new(served.addr);
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", "lab"), p("password", "secret")],
        )
        .await
        .remove(0);
    w.call(
        "IVirtualBox_findMachine",
        &[p("_this", &vbox), p("nameOrId", "none")],
    )
    .await;
    let logon = rx.recv().await.unwrap();
    assert_eq!(
        (
            logon.op.as_str(),
            logon.object.as_deref(),
            logon.fault.as_deref()
        ),
        ("IWebsessionManager_logon", None, None)
    );
    let find = rx.recv().await.unwrap();
    assert_eq!(find.op, "IVirtualBox_findMachine");
    assert_eq!(find.object.as_deref(), Some(vbox.as_str()));
    let fault = find.fault.unwrap();
    assert!(
        fault.contains("Could not find a registered machine named 'none'"),
        "{fault}"
    );
    assert!(!format!("{logon:?}{fault}").contains("secret"));
}

#[tokio::test]
async fn a_nul_ends_a_value_and_control_characters_come_back_escaped() {
    let served = serve("7.2", ServeOptions::default()).await;
    let mut w = Wire::new(served.addr);
    // As the real 7.2.22 answers these two (checked with curl on the real host).
    for (this, quoted) in [("ab\0cd", "\"ab\""), ("ab\u{1}cd", "\"ab&#x1;cd\"")] {
        let body = format!(
            "<?xml version=\"1.0\"?><SOAP-ENV:Envelope \
             xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
             xmlns:vbox=\"http://www.virtualbox.org/\"><SOAP-ENV:Body><vbox:IMachine_getName>\
             <_this>{this}</_this></vbox:IMachine_getName></SOAP-ENV:Body></SOAP-ENV:Envelope>"
        );
        let answer = w.post(body.as_bytes()).await;
        assert_eq!(answer.status, 500);
        assert!(
            answer.body.contains(&format!(
                "<faultstring>VirtualBox error: Invalid managed object reference {quoted}</faultstring>"
            )),
            "{}",
            answer.body
        );
    }
}
