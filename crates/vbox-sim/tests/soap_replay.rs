//! Replays every request of the real vboxwebsrv 7.0.14 capture (`soap-7.0.14/`), in order,
//! against the simulator set up like the captured host, on one kept-alive connection as the
//! capture's client used (reconnecting after each fault, which closes it), and compares each
//! answer byte for byte — status line, headers (Keep-Alive budget included) and body — with
//! the websession id replaced by ours.

mod soap_common;

use soap_common::{check, machine, serve, wsdl, Wire};
use vbox_sim::ServeOptions;
use vbox_types::Backend;

/// The captured websession id.
const CAPTURED_SESSION: &str = "b8a4761c5b5f3e71";

/// Where the simulator cannot give the captured bytes, and why.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    // MAC addresses are random per machine (the captured one belonged to the real host's VM).
    ("17-na-getMACAddress", "080027F6E727"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_captured_exchange_is_answered_as_captured() {
    let names = vbox_fixtures::fixture_files("soap-7.0.14", |n| n.ends_with(".request.xml"));
    assert_eq!(names.len(), 54, "the capture has 54 exchanges");
    let served = serve("7.0.14", ServeOptions::default()).await;
    machine(&served.sim, "web 01", 1024, &["/lab/web"]).await;
    machine(&served.sim, "bare", 128, &[]).await;
    // The captured host's "web 01" failed to start: its host-only interface was missing.
    let failure = "Nonexistent host networking interface, name 'vboxnet0' (VERR_INTERNAL_ERROR)";
    served
        .sim
        .set_extradata("web 01", vbox_sim::keys::START_FAILURE, Some(failure))
        .await
        .unwrap();
    let schema = wsdl("7.0");
    let mut wire = Wire::new(served.addr);
    let mut session = String::new();
    let mut compared = 0;
    for name in &names {
        let step = name
            .trim_start_matches("soap-7.0.14/")
            .trim_end_matches(".request.xml");
        let request = vbox_fixtures::fixture(name);
        let captured = vbox_fixtures::fixture(&format!("soap-7.0.14/{step}.response.txt"));
        let body = if session.is_empty() {
            request
        } else {
            request.replace(CAPTURED_SESSION, &session)
        };
        let answer = wire.post(body.as_bytes()).await;
        if session.is_empty() {
            // The logon answer names our websession.
            let start = answer.body.find("<returnval>").unwrap() + "<returnval>".len();
            session = answer.body[start..start + 16].to_string();
        }
        let mut ours = format!(
            "HTTP {} {}\n",
            answer.status,
            if answer.status == 200 {
                "OK"
            } else {
                "Internal Server Error"
            }
        );
        for (n, v) in &answer.headers {
            ours.push_str(&format!("{n}: {v}\n"));
        }
        ours.push('\n');
        ours.push_str(&answer.body.replace(&session, CAPTURED_SESSION));
        let expected = captured.replace("\r\n", "\n");
        let ours = ours.replace("\r\n", "\n");
        match KNOWN_DIFFERENCES.iter().find(|(s, _)| *s == step) {
            Some((_, masked)) => {
                let start = ours.find("<returnval>").unwrap() + "<returnval>".len();
                let theirs = expected.replacen(masked, &ours[start..start + masked.len()], 1);
                assert_eq!(ours, theirs, "{step}");
            }
            None => assert_eq!(ours, expected, "{step}"),
        }
        if answer.status == 200 {
            check(&schema, &answer);
        }
        compared += 1;
    }
    assert_eq!(compared, names.len());
}
