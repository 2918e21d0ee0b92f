//! `doctor`: the backend, the version, machines and their Guest Additions.

use crate::TestContext;

fn checks(out: &std::process::Output) -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v.as_array()
        .expect("a list of checks")
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (s("check"), s("status"), s("detail"))
        })
        .collect()
}

#[test]
fn a_healthy_host_with_one_guest_reporting() {
    let ctx = TestContext::new();
    ctx.running("web1");
    ctx.run(&["create", "db"]);
    let out = ctx.cmd().args(["doctor", "-o", "json"]).output().unwrap();
    assert!(out.status.success());
    let c = checks(&out);
    assert_eq!(c[0].0, "backend");
    assert_eq!((c[1].0.as_str(), c[1].1.as_str()), ("virtualbox", "ok"));
    assert!(c[1].2.starts_with("7.1.12 r169651"), "{:?}", c[1]);
    assert_eq!(c[2].2, "2 registered, 1 running");
    assert_eq!(
        c[3],
        (
            "guest-additions:web1".into(),
            "ok".into(),
            "version 7.1.12".into()
        )
    );
    // The last row says whether a web service listens here, which depends on the machine.
    assert_eq!(c[4].0, "webservice");
}

#[test]
fn an_unreachable_backend_fails() {
    let ctx = TestContext::new();
    let out = ctx
        .bare()
        .args([
            "--connect",
            "vboxmanage:///nonexistent/VBoxManage",
            "doctor",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let c = checks(&out);
    assert_eq!(c[0].1, "failed");
    assert!(c[0].2.contains("/nonexistent/VBoxManage"), "{:?}", c[0]);
}
