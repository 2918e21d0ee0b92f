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
    // Without --wait-ip: the address wait's waiters and reads run side by side, so the order
    // of their lines is not fixed.
    snap!(ctx, ctx.cmd().args(["-v", "start", "web1"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Connecting to sim://[SIM]
     INFO version
    Connected to sim://[SIM] (VirtualBox 7.1.12 r169651, API 7.1)
    Starting 'web1' …
     INFO get_machine 'web1'
     INFO start_machine 'web1' headless
     INFO get_machine 'web1'
    Started 'web1' (headless)
    ");
    snap!(ctx, ctx.cmd().args(["-v", "-q", "list"]), @"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: the argument '--verbose...' cannot be used with '--quiet'

    Usage: vboxctl --connect <URI> --verbose... <COMMAND>

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

#[test]
fn each_command_lists_its_own_options_before_the_global_ones() {
    let ctx = TestContext::new();
    for command in [
        &["create"][..],
        &["start"],
        &["up"],
        &["snapshot", "take"],
        &["doctor"],
    ] {
        let out = ctx.bare().args(command).arg("--help").output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        let own = help
            .find("\nOptions:\n")
            .unwrap_or_else(|| panic!("{command:?}: {help}"));
        let global = help
            .find("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("{command:?}: {help}"));
        let connect = help.find("--connect <URI>").unwrap();
        assert!(own < global && global < connect, "{command:?}: {help}");
        let first_own = help[own..].lines().nth(1).unwrap_or_default();
        assert!(!first_own.contains("--connect"), "{command:?}: {help}");
    }
}

#[test]
fn off_a_terminal_long_waits_are_announced_in_plain_lines() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    // stderr is a pipe here: no spinner, but a line saying what is awaited and for how long.
    snap!(ctx, ctx.cmd().args(["start", "web1", "--wait-ip", "20"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    Starting 'web1' …
    Started 'web1' (headless)
    Waiting up to 20s for an IP address of 'web1' …
    ");
}

#[test]
fn verbose_says_connected_only_once_the_host_answered() {
    let ctx = TestContext::new();
    let out = ctx
        .bare()
        .args(["-v", "--connect", "http://127.0.0.1:9", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.starts_with("Connecting to http://127.0.0.1:9\n"),
        "{err}"
    );
    assert!(!err.contains("Connected to"), "{err}");
}
