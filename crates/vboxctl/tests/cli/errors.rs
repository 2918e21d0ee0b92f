//! Failures: one line naming the machine, a hint where one helps, exit status 1 (2 for usage
//! errors); never a backtrace or Debug output.

use crate::{snap, TestContext};

#[test]
fn unknown_machine() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["show", "ghost"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: Could not find a registered machine named 'ghost'
    ");
    snap!(ctx, ctx.cmd().args(["start", "ghost"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Starting 'ghost' …
    error: Could not find a registered machine named 'ghost'
    ");
    snap!(ctx, ctx.cmd().args(["destroy", "ghost"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: Could not find a registered machine named 'ghost'
    ");
    snap!(ctx, ctx.cmd().args(["guestproperty", "get", "ghost", "/x"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: Could not find a registered machine named 'ghost'
    ");
    snap!(ctx, ctx.cmd().args(["ip", "ghost", "--wait", "5", "-o", "json"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Waiting up to 5s for an IP address of 'ghost' …
    error: Could not find a registered machine named 'ghost'
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "list", "ghost"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: Could not find a registered machine named 'ghost'
    ");
}

#[test]
fn empty_names() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["show", ""]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: machine name must not be empty
    ");
    snap!(ctx, ctx.cmd().args(["create", ""]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: machine name must not be empty
    ");
    snap!(ctx, ctx.cmd().args(["exists", ""]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: machine name must not be empty
    ");
    snap!(ctx, ctx.cmd().args(["extradata", "get", "", "k"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: machine name must not be empty
    ");
    ctx.run(&["create", "web1"]);
    snap!(ctx, ctx.cmd().args(["snapshot", "take", "web1", ""]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: snapshot name must not be empty
    ");
}

#[test]
fn bad_modes_are_usage_errors() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["stop", "web1", "--mode", "gently"]), @"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: invalid value 'gently' for '--mode <MODE>'
      [possible values: acpi, shutdown, poweroff, savestate]

    For more information, try '--help'.
    ");
    snap!(ctx, ctx.cmd().args(["clone", "a", "b", "--mode", "everything"]), @"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: invalid value 'everything' for '--mode <MODE>': expected machine, machine-and-children or all (Salt's state, child, all work too)

    For more information, try '--help'.
    ");
    snap!(ctx, ctx.cmd().args(["states", "--api", "4.3"]), @"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: invalid value '4.3' for '--api <VERSION>': unsupported VirtualBox API version '4.3' (expected 5.2, 6.0, 6.1, 7.0, 7.1 or 7.2)

    For more information, try '--help'.
    ");
}

#[test]
fn unreachable_and_invalid_backends() {
    let ctx = TestContext::new();
    // Port 9 (discard) has no web service: the first call fails naming host and operation.
    let out = ctx
        .bare()
        .args(["--connect", "http://127.0.0.1:9", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: 'http://127.0.0.1:9' did not answer as a VirtualBox host\n")
            && err.contains("127.0.0.1:9: IWebsessionManager_logon: cannot connect"),
        "{err}"
    );
    snap!(ctx, ctx.bare().args(["--connect", "sim://relative", "list"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: invalid backend URI 'sim://relative': the path must be absolute, e.g. sim:///tmp/lab (three slashes)
    hint: examples: `sim://`, `sim:///tmp/lab`, `vboxmanage://`, `ssh://user@host`
    ");
    snap!(ctx, ctx.bare().env("VBOXCTL_CONNECT", "ftp://x").args(["list"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: invalid backend URI 'ftp://x': unknown scheme (expected sim, vboxmanage, http, https or ssh)
    hint: examples: `sim://`, `sim:///tmp/lab`, `vboxmanage://`, `ssh://user@host`
    ");
}

#[test]
fn invalid_state_transitions() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    snap!(ctx, ctx.cmd().args(["stop", "web1", "--mode", "savestate"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Stopping 'web1' …
    error: cannot save the state of 'web1': it is PoweredOff
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "restore", "web1", "nope"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Restoring snapshot 'nope' of 'web1' …
    error: cannot restore a snapshot of 'web1'
      caused by: This machine does not have any snapshots
    ");
}
