//! exec: reading VBoxManage output (on the real 7.0.14 captures and on synthesized variants)
//! and the retry loop (on the scripted runner, with tokio's paused clock).

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use vbox_manage::exec::{interpret, normalise, strip_warnings, CallOptions, Exec};
use vbox_manage::runner::{FakeReply, FakeRunner, RawOutput};
use vbox_types::{ErrorKind, ResultCode};

fn raw(code: Option<i32>, stdout: &str, stderr: &str) -> RawOutput {
    RawOutput {
        code,
        stdout: stdout.to_string(),
        stderr: stderr.to_string(),
    }
}

/// One capture of the 7.0.14 host with its recorded exit code.
fn capture(name: &str) -> RawOutput {
    let dir = "vboxmanage-7.0.14";
    let index = vbox_fixtures::fixture(&format!("{dir}/INDEX.tsv"));
    let code = index
        .lines()
        .find_map(|l| {
            let mut f = l.split('\t');
            (f.next() == Some(name)).then(|| f.next()?.parse().ok())?
        })
        .unwrap_or_else(|| panic!("{name} is not in INDEX.tsv"));
    RawOutput {
        code: Some(code),
        stdout: vbox_fixtures::fixture(&format!("{dir}/{name}.stdout")),
        stderr: vbox_fixtures::fixture(&format!("{dir}/{name}.stderr")),
    }
}

#[test]
fn every_capture_succeeds_exactly_when_the_host_said_so() {
    let index = vbox_fixtures::fixture("vboxmanage-7.0.14/INDEX.tsv");
    // The one capture that exits 0 yet failed: only stderr tells the timeout.
    let exit_0_failures = ["guestproperty-wait-timeout"];
    let mut checked = 0;
    for line in index.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        // The command line of `modifyvm-nics` holds a newline; its continuation is no entry.
        if fields.len() != 3 {
            continue;
        }
        let cap = capture(fields[0]);
        let should_succeed = cap.code == Some(0) && !exit_0_failures.contains(&fields[0]);
        match interpret(cap.clone()) {
            Ok(reply) => {
                assert!(should_succeed, "{} succeeded", fields[0]);
                assert_eq!(reply.stdout, cap.stdout, "{}", fields[0]);
            }
            Err(e) => assert!(!should_succeed, "{} failed: {e}", fields[0]),
        }
        checked += 1;
    }
    assert!(checked > 70, "{checked}");
}

#[test]
fn capture_errors_have_their_kinds_and_texts() {
    let cases = [
        (
            "startvm-not-found",
            ErrorKind::NotFound,
            "Could not find a registered machine named 'no such vm'",
        ),
        (
            "guestproperty-wait-timeout",
            ErrorKind::Timeout,
            "Time out or interruption while waiting for a notification.",
        ),
        (
            "startvm-already-running",
            ErrorKind::Locked,
            "The machine 'clone a' is already locked by a session (or being locked or unlocked)",
        ),
        (
            "modifyvm-while-running",
            ErrorKind::Locked,
            "The machine 'clone a' is already locked for a session (or being unlocked)",
        ),
        (
            "controlvm-poweroff-not-running",
            ErrorKind::InvalidState,
            "Machine 'clone a' is not currently running.",
        ),
        (
            "clonevm-linked-no-snapshot",
            ErrorKind::InvalidInput,
            "Linked clone can only be created from a snapshot",
        ),
        (
            "disks-unregistervm-base-delete-with-linked-children",
            ErrorKind::InUse,
            "Machine delete failed\nCannot close medium '/home/lab/vms/base/base.vdi' because \
             it has 2 child media",
        ),
    ];
    for (name, kind, message) in cases {
        let cap = capture(name);
        let err = interpret(cap).unwrap_err();
        assert_eq!((err.kind(), err.message()), (kind, message), "{name}");
    }
    let err = interpret(capture("startvm-not-found")).unwrap_err();
    assert_eq!(err.code(), Some(ResultCode::OBJECT_NOT_FOUND));
}

#[test]
fn usage_on_stdout_with_exit_1_is_a_syntax_error() {
    let cap = capture("syntax-error");
    assert_eq!(cap.code, Some(1));
    let err = interpret(cap).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.message()
            .contains("Usage - Create a clone of an existing virtual machine:"),
        "{err}"
    );
}

#[test]
fn exit_2_is_a_syntax_error_with_or_without_a_block() {
    let logo = "Oracle VM VirtualBox Command Line Management Interface Version 7.0.14\n\
                Copyright (C) 2005-2024 Oracle and/or its affiliates\n\n";
    let stderr = format!("{logo}VBoxManage: error: Invalid command 'frobnicate'\n");
    let err = interpret(raw(Some(2), "Usage:\n\nVBoxManage list\n", &stderr)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.message(), "Invalid command 'frobnicate'");

    let stderr = format!("{logo}Syntax error: unknown option: --bogus\n");
    let err = interpret(raw(Some(2), "", &stderr)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.message(), "Syntax error: unknown option: --bogus");

    // `guestproperty wait --fail-on-timeout` exits 2 on a timeout: still a Timeout.
    let err = interpret(raw(
        Some(2),
        "",
        "VBoxManage: error: Time out or interruption while waiting for a notification.\n",
    ))
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
}

#[test]
fn failures_without_a_block_carry_the_first_useful_line() {
    let err = interpret(raw(
        Some(1),
        "",
        "\n0%...\nWARNING: something odd\n   more of it\nFailed to initialize COM!\nsecond\n",
    ))
    .unwrap_err();
    assert_eq!(
        (err.kind(), err.message()),
        (ErrorKind::Backend, "Failed to initialize COM!")
    );

    let err = interpret(raw(Some(3), "only on stdout\n", "")).unwrap_err();
    assert_eq!(err.message(), "only on stdout");

    let err = interpret(raw(Some(1), "", "")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend);
    assert!(err.message().contains("code 1"), "{err}");

    let err = interpret(raw(None, "name=\"x\"\n", "")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend);
    assert!(err.message().contains("signal"), "{err}");
}

#[test]
fn an_error_block_fails_even_with_exit_0_and_on_windows() {
    let stderr = "VBoxManage.exe: error: Could not find a registered machine named 'x'\r\n\
                  VBoxManage.exe: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), \
                  component VirtualBoxWrap, interface IVirtualBox, callee IUnknown\r\n";
    let err = interpret(raw(Some(0), "", stderr)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        err.message(),
        "Could not find a registered machine named 'x'"
    );

    // With exit 0, an error-looking line on stdout is data (a description, say).
    let stdout = "description=\"see\nVBoxManage: error: this is a note\"\n";
    assert_eq!(interpret(raw(Some(0), stdout, "")).unwrap().stdout, stdout);
}

#[test]
fn windows_6_0_clone_failure_keeps_every_line() {
    let text = vbox_fixtures::fixture("vboxmanage/clonevm-error-source-running-6.0-windows.txt");
    let err = interpret(raw(Some(1), "", &text.replace('\n', "\r\n"))).unwrap_err();
    assert_eq!(err.code(), Some(ResultCode::INVALID_OBJECT_STATE));
    assert_eq!(
        err.message(),
        "Clone VM failed\nFailed to lock source media 'basecentos7\\basecentos7.vdi'"
    );
}

#[test]
fn crlf_is_normalised() {
    assert_eq!(normalise("a\r\nb\r\n"), "a\nb\n");
    let reply = interpret(raw(Some(0), "name=\"x\"\r\nid=1\r\n", "0%...100%\r\n")).unwrap();
    assert_eq!(reply.stdout, "name=\"x\"\nid=1\n");
    assert_eq!(reply.stderr, "0%...100%\n");
    assert_eq!(reply.progress, [0, 100]);
}

#[test]
fn leading_warnings_are_stripped() {
    let logname = "WARNING: Environment variable LOGNAME or USER does not correspond to \
                   effective user id.\nname=\"web\"\n";
    assert_eq!(strip_warnings(logname), "name=\"web\"\n");

    // The Linux wrapper's notices: continuation lines indented with spaces (Fedora, Arch) or
    // a tab (Debian), blank lines inside, and two notices in a row.
    let kmod =
        "WARNING: The vboxdrv kernel module is not loaded. Either there is no module\n         \
                available for the current kernel (6.8.0-31-generic) or it failed to\n         \
                load. Please recompile the kernel module and install it by\n\n           \
                sudo /sbin/vboxconfig\n\n         \
                You will not be able to start VMs until this problem is fixed.\n\
                WARNING: The character device /dev/vboxdrv does not exist.\n\t \
                Please install the virtualbox-dkms package and the appropriate\n\n\t \
                You will not be able to start VMs until this problem is fixed.\n\
                \"web 01\" {7c6e1d2a-0000-4000-8000-000000000001}\n";
    assert_eq!(
        strip_warnings(kmod),
        "\"web 01\" {7c6e1d2a-0000-4000-8000-000000000001}\n"
    );
    let reply = interpret(raw(Some(0), &kmod.replace('\n', "\r\n"), "")).unwrap();
    assert_eq!(
        reply.stdout,
        "\"web 01\" {7c6e1d2a-0000-4000-8000-000000000001}\n"
    );

    // Later lines are data, even when they look like a warning.
    let data = "description=\"a\nWARNING: not a notice\n  indented\"\n";
    assert_eq!(strip_warnings(data), data);
    assert_eq!(strip_warnings("WARNING: only\n"), "");
}

#[tokio::test(start_paused = true)]
async fn progress_reaches_the_caller() {
    let fake = Arc::new(FakeRunner::new());
    let stderr = "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n";
    fake.on(&["controlvm"], FakeReply::ok("").with_stderr(stderr));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    let opts = CallOptions {
        on_progress: Some(Arc::new(move |p| seen2.lock().unwrap().push(p))),
        ..CallOptions::once(Duration::from_secs(5))
    };
    let reply = Exec::new(fake)
        .call(&args(&["controlvm", "web", "poweroff"]), &opts)
        .await
        .unwrap();
    let all: Vec<u32> = (0..=100).step_by(10).collect();
    assert_eq!(reply.progress, all);
    assert_eq!(*seen.lock().unwrap(), all);
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

const LOCKED: &str = "VBoxManage: error: The machine 'web' is already locked for a session (or \
                      being unlocked)\nVBoxManage: error: Details: code \
                      VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MachineWrap, \
                      interface IMachine, callee nsISupports\n";

#[tokio::test(start_paused = true)]
async fn a_lock_held_for_a_moment_is_retried_with_backoff() {
    let fake = Arc::new(FakeRunner::new());
    fake.on_seq(
        &["modifyvm"],
        vec![
            FakeReply::fail(1, LOCKED),
            FakeReply::fail(1, LOCKED),
            FakeReply::ok(""),
        ],
    );
    let exec = Exec::new(fake.clone());
    let start = Instant::now();
    exec.call(
        &args(&["modifyvm", "web", "--memory", "256"]),
        &CallOptions::retrying(Duration::from_secs(10)),
    )
    .await
    .unwrap();
    assert_eq!(fake.call_count(), 3);
    assert_eq!(start.elapsed(), Duration::from_millis(100 + 200));
    assert_eq!(
        fake.timeouts(),
        [10_000, 9_900, 9_700].map(Duration::from_millis)
    );
}

#[tokio::test(start_paused = true)]
async fn the_object_is_not_ready_is_retried_too() {
    let fake = Arc::new(FakeRunner::new());
    let not_ready = "VBoxManage: error: The object is not ready\nVBoxManage: error: Details: \
                     code E_ACCESSDENIED (0x80070005), component SessionMachine, interface \
                     IMachine, callee nsISupports\n";
    fake.on_seq(
        &["showvminfo"],
        vec![
            FakeReply::fail(1, not_ready),
            FakeReply::ok("name=\"web\"\n"),
        ],
    );
    let reply = Exec::new(fake.clone())
        .call(
            &args(&["showvminfo", "web"]),
            &CallOptions::retrying(Duration::from_secs(5)),
        )
        .await
        .unwrap();
    assert_eq!(reply.stdout, "name=\"web\"\n");
    assert_eq!(fake.call_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn only_retryable_kinds_and_only_when_asked() {
    let fake = Arc::new(FakeRunner::new());
    let not_found = "VBoxManage: error: Could not find a registered machine named 'x'\n\
                     VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), \
                     component VirtualBoxWrap, interface IVirtualBox, callee nsISupports\n";
    fake.on(&["showvminfo"], FakeReply::fail(1, not_found));
    fake.on(&["startvm"], FakeReply::fail(1, LOCKED));
    let exec = Exec::new(fake.clone());
    let long = CallOptions::retrying(Duration::from_secs(10));
    let err = exec
        .call(&args(&["showvminfo", "x"]), &long)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(fake.call_count(), 1);

    let err = exec
        .call(
            &args(&["startvm", "web"]),
            &CallOptions::once(Duration::from_secs(10)),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Locked);
    assert_eq!(fake.call_count(), 2, "no retry without `retry`");
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_the_deadline() {
    let fake = Arc::new(FakeRunner::new());
    fake.on(&["modifyvm"], FakeReply::fail(1, LOCKED));
    let start = Instant::now();
    let err = Exec::new(fake.clone())
        .call(
            &args(&["modifyvm", "web"]),
            &CallOptions::retrying(Duration::from_secs(1)),
        )
        .await
        .unwrap_err();
    // Attempts at 0, 0.1, 0.3 and 0.7 s; the next pause (800 ms) would end after 1 s.
    assert_eq!(err.kind(), ErrorKind::Locked);
    assert!(err.message().contains("already locked"), "{err}");
    assert_eq!(fake.call_count(), 4);
    assert_eq!(start.elapsed(), Duration::from_millis(700));
    assert_eq!(
        fake.timeouts(),
        [1000, 900, 700, 300].map(Duration::from_millis)
    );
}

#[tokio::test(start_paused = true)]
async fn the_backoff_doubles_up_to_two_seconds() {
    let fake = Arc::new(FakeRunner::new());
    fake.on(&["modifyvm"], FakeReply::fail(1, LOCKED));
    fake.set_delay(Duration::from_millis(10));
    Exec::new(fake.clone())
        .call(
            &args(&["modifyvm", "web"]),
            &CallOptions::retrying(Duration::from_secs(12)),
        )
        .await
        .unwrap_err();
    let t = fake.timeouts();
    let gaps: Vec<u128> = t.windows(2).map(|w| (w[0] - w[1]).as_millis()).collect();
    // Each gap is the attempt's own 10 ms plus the pause.
    assert_eq!(gaps, [110, 210, 410, 810, 1610, 2010, 2010, 2010, 2010]);
}

#[tokio::test(start_paused = true)]
async fn a_runner_timeout_ends_the_call() {
    let fake = Arc::new(FakeRunner::new());
    fake.on(&["guestproperty"], FakeReply::ok(""));
    fake.set_delay(Duration::from_secs(60));
    let start = Instant::now();
    let err = Exec::new(fake.clone())
        .call(
            &args(&["guestproperty", "wait"]),
            &CallOptions::retrying(Duration::from_secs(3)),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(fake.call_count(), 1);
    assert_eq!(start.elapsed(), Duration::from_secs(3));
}
