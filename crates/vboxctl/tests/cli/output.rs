//! Where things go: data on stdout, the rest on stderr, filtered by `-q`/`-v`; a closed
//! stdout is not an error.

use crate::{snap, TestContext};
use std::process::Stdio;

#[test]
fn quiet_keeps_data_and_errors_only() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    snap!(ctx, ctx.cmd().args(["-q", "start", "web1", "--wait-ip", "20"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["start", "web1", "--quiet"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: cannot start 'web1': it is Running
    hint: it is already running; stop it first
    ");
}

#[test]
fn verbose_tells_what_happens() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    snap!(ctx, ctx.cmd().args(["-v", "start", "web1", "--wait-ip", "20"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    Connected to sim://[SIM]
    Starting 'web1'
    Started 'web1' (headless)
    Waiting for an IP address of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["-v", "-q", "list"]), @"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: the argument '--verbose' cannot be used with '--quiet'

    Usage: vboxctl --connect <URI> --verbose <COMMAND>

    For more information, try '--help'.
    ");
}

#[test]
fn closed_stdout_is_not_an_error() {
    let ctx = TestContext::new();
    let mut child = ctx
        .bare()
        .arg("states")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn vboxctl");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait for vboxctl");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "Machine states of VirtualBox API 7.1\n"
    );
}
