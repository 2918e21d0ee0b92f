//! `guestproperty get|set|unset|enumerate|wait`.

use crate::{snap, TestContext};
use std::process::{Child, Stdio};
use std::thread;
use std::time::Duration;

#[test]
fn set_get_enumerate_unset() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    snap!(ctx, ctx.cmd().args(["guestproperty", "set", "web1", "/lab/role", "web", "--flags", "TRANSIENT"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: cannot set guest properties of 'web1'
      caused by: Properties with TRANSIENT or TRANSRESET flag cannot be set or modified if VM is not running
    ");
    snap!(ctx, ctx.cmd().args(["guestproperty", "set", "web1", "/lab/role", "web server"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Set guest property '/lab/role' of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["guestproperty", "get", "web1", "/lab/role"]), @"
    exit: 0
    ----- stdout -----
    web server
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["guestproperty", "get", "web1", "/lab/role", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "/lab/role",
      "value": "web server",
      "timestamp": "[TIME]",
      "timestamp_ns": "[NS]",
      "flags": ""
    }
    ----- stderr -----
    "#);
    ctx.run(&["guestproperty", "set", "web1", "/other/x", "1"]);
    snap!(ctx, ctx.cmd().args(["guestproperty", "enumerate", "web1", "--patterns", "/lab/*"]), @"
    exit: 0
    ----- stdout -----
    NAME       VALUE       TIMESTAMP                       FLAGS
    /lab/role  web server  [TIME]
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["guestproperty", "enumerate", "web1", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "name": "/lab/role",
        "value": "web server",
        "timestamp": "[TIME]",
        "timestamp_ns": "[NS]",
        "flags": ""
      },
      {
        "name": "/other/x",
        "value": "1",
        "timestamp": "[TIME]",
        "timestamp_ns": "[NS]",
        "flags": ""
      }
    ]
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["guestproperty", "unset", "web1", "/lab/role"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Removed guest property '/lab/role' of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["guestproperty", "get", "web1", "/lab/role"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: guest property '/lab/role' is not set on 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["guestproperty", "enumerate", "web1", "--patterns", "/lab/*"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    'web1' has no matching guest property
    ");
    snap!(ctx, ctx.cmd().args(["guestproperty", "set", "web1", "/other/x", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "machine": "web1",
      "key": "/other/x",
      "value": null
    }
    ----- stderr -----
    Removed guest property '/other/x' of 'web1'
    "#);
}

#[test]
fn transient_flags_on_a_running_machine() {
    let ctx = TestContext::new();
    ctx.running("web1");
    ctx.run(&[
        "guestproperty",
        "set",
        "web1",
        "/lab/role",
        "web",
        "--flags",
        "TRANSIENT",
    ]);
    snap!(ctx, ctx.cmd().args(["guestproperty", "get", "web1", "/lab/role", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "/lab/role",
      "value": "web",
      "timestamp": "[TIME]",
      "timestamp_ns": "[NS]",
      "flags": "TRANSIENT"
    }
    ----- stderr -----
    "#);
}

#[test]
fn running_guest_publishes_its_network() {
    let ctx = TestContext::new();
    ctx.running("web1");
    snap!(ctx, ctx.cmd().args(["guestproperty", "enumerate", "web1", "--patterns", "/VirtualBox/GuestInfo/Net/*"]), @"
    exit: 0
    ----- stdout -----
    NAME                                      VALUE          TIMESTAMP                       FLAGS
    /VirtualBox/GuestInfo/Net/0/MAC           [MAC]   [TIME]  TRANSIENT, TRANSRESET
    /VirtualBox/GuestInfo/Net/0/Name          eth0           [TIME]  TRANSIENT, TRANSRESET
    /VirtualBox/GuestInfo/Net/0/Status        Up             [TIME]  TRANSIENT, TRANSRESET
    /VirtualBox/GuestInfo/Net/0/V4/Broadcast  10.0.2.255     [TIME]  TRANSIENT, TRANSRESET
    /VirtualBox/GuestInfo/Net/0/V4/IP         10.0.2.15      [TIME]  TRANSIENT, TRANSRESET
    /VirtualBox/GuestInfo/Net/0/V4/Netmask    255.255.255.0  [TIME]  TRANSIENT, TRANSRESET
    /VirtualBox/GuestInfo/Net/Count           1              [TIME]  TRANSIENT, TRANSRESET
    ----- stderr -----
    ");
}

#[test]
fn wait_sees_a_change() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    let mut waiter = ctx
        .cmd()
        .args(["guestproperty", "wait", "web1", "/lab/*", "--timeout", "20"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the waiter");
    // Write until the waiter has seen a write: however slowly it starts, one lands after it
    // began waiting, and rewriting the same value is a change too (a new timestamp).
    while waiter.try_wait().expect("poll the waiter").is_none() {
        ctx.run(&["guestproperty", "set", "web1", "/lab/ready", "yes"]);
        thread::sleep(Duration::from_millis(300));
    }
    snap!(ctx, WaitOutput(waiter), @"
    exit: 0
    ----- stdout -----
    NAME        VALUE  FLAGS
    /lab/ready  yes
    ----- stderr -----
    Waiting for a guest property of 'web1' to change …
    ");
}

#[test]
fn wait_times_out() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    snap!(ctx, ctx.cmd().args(["guestproperty", "wait", "web1", "/lab/*", "--timeout", "1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Waiting for a guest property of 'web1' to change …
    error: timed out after [SECS]s waiting for a guest property of 'web1' matching '/lab/*' to change
    hint: raise `--timeout`, or check that the guest writes the property
    ");
}

/// A spawned command, read like `Command::output` so the snapshot macro can take it.
struct WaitOutput(Child);

impl WaitOutput {
    fn output(self) -> std::io::Result<std::process::Output> {
        self.0.wait_with_output()
    }
}
