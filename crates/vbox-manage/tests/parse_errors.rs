//! VBoxManage error blocks and progress lines on every real capture.

use vbox_fixtures::{assert_covered, fixture, fixture_files, fixture_root};
use vbox_manage::parse::errors::{parse_error, parse_progress, ManageError};
use vbox_types::{ErrorKind, ResultCode};

/// Every error fixture these tests cover; `coverage` fails when a new one appears unlisted.
/// In `vboxmanage-7.0.14/` that is every `*.stderr` with an `error:` line.
const COVERED: &[&str] = &[
    "vboxmanage/clonevm-error-source-running-6.0-windows.txt",
    "vboxmanage/error-already-locked-by-session-startvm-2022.txt",
    "vboxmanage/error-guestcontrol-not-running-5.2-windows.txt",
    "vboxmanage/error-guestcontrol-session-not-started-5.2-windows.txt",
    "vboxmanage/error-guestcontrol-uuid-not-found-5.2-windows.txt",
    "vboxmanage/error-invalid-machine-state-paused-acpipowerbutton-5.0-macos.txt",
    "vboxmanage/error-invalid-machine-state-poweredoff-acpipowerbutton-4.3.10-macos-TRUNCATED.txt",
    "vboxmanage/error-locked-for-session-modifyvm-natpf-4.3.txt",
    "vboxmanage/error-not-found-by-name-startvm-windows-2018.txt",
    "vboxmanage/error-not-found-by-name-unregistervm-7.x-linux-ci.txt",
    "vboxmanage/error-not-found-empty-name-storagectl-5.2.txt",
    "vboxmanage-7.0.14/clonevm-linked-no-snapshot.stderr",
    "vboxmanage-7.0.14/controlvm-acpi-not-running.stderr",
    "vboxmanage-7.0.14/controlvm-poweroff-not-running.stderr",
    "vboxmanage-7.0.14/createvm-duplicate.stderr",
    "vboxmanage-7.0.14/disks-unregistervm-base-delete-with-linked-children.stderr",
    "vboxmanage-7.0.14/guestproperty-wait-timeout.stderr",
    "vboxmanage-7.0.14/modifyvm-while-running.stderr",
    "vboxmanage-7.0.14/showvminfo-empty-name.stderr",
    "vboxmanage-7.0.14/showvminfo-not-found.stderr",
    "vboxmanage-7.0.14/startvm-already-running.stderr",
    "vboxmanage-7.0.14/startvm-not-found.stderr",
    "vboxmanage-7.0.14/unregistervm-not-found.stderr",
];

/// Parses a fixture's error block.
fn load(rel: &str) -> ManageError {
    let text = fixture(rel);
    parse_error(&text).unwrap_or_else(|| panic!("{rel}: no error block"))
}

/// The exit code `INDEX.tsv` records for a 7.0.14 capture.
fn exit_code(name: &str) -> Option<i32> {
    let index = fixture("vboxmanage-7.0.14/INDEX.tsv");
    index.lines().find_map(|l| {
        let mut cols = l.split('\t');
        (cols.next()? == name).then(|| cols.next()?.parse().ok())?
    })
}

/// Asserts one error: code, kind and first message.
fn check(e: &ManageError, code: Option<ResultCode>, kind: ErrorKind, message: &str) {
    assert_eq!(e.code, code, "{e:?}");
    let err = e.to_error();
    assert_eq!(err.kind(), kind, "{e:?}");
    assert_eq!(err.code(), code);
    assert_eq!(err.message(), message);
}

#[test]
fn coverage() {
    let mut files = fixture_files("vboxmanage", |n| {
        n.starts_with("error-") || n.starts_with("clonevm-error-")
    });
    let root = fixture_root();
    for rel in fixture_files("vboxmanage-7.0.14", |n| n.ends_with(".stderr")) {
        let text = std::fs::read_to_string(root.join(&rel)).expect("read");
        if text.contains("error:") {
            files.push(rel);
        } else {
            assert!(parse_error(&text).is_none(), "{rel}: no error expected");
        }
    }
    assert_covered(&files, COVERED);
}

/// Every 7.2.22 capture: an error block exactly where VBoxManage failed (or timed out a wait),
/// whose first message is the first `error:` line; none elsewhere.
#[test]
fn every_7_2_22_error() {
    let index = fixture("vboxmanage-7.2.22/INDEX.tsv");
    for line in index.lines() {
        let mut cols = line.split('\t');
        let (Some(name), Some(Ok(code))) = (cols.next(), cols.next().map(str::parse::<i32>)) else {
            continue;
        };
        let text = fixture(&format!("vboxmanage-7.2.22/{name}.stderr"));
        match parse_error(&text) {
            Some(e) => {
                assert!(
                    code != 0 || name == "guestproperty-wait-timeout",
                    "{name}: {e:?}"
                );
                let first = text
                    .lines()
                    .find_map(|l| l.split_once("VBoxManage: error: "))
                    .map(|(_, m)| m.trim())
                    .unwrap_or_default();
                assert_eq!(e.to_error().message(), first, "{name}");
            }
            // `clonevm` without arguments prints only its usage (stdout) and exits 1.
            None if name == "syntax-error" => assert_eq!(code, 1),
            None => assert_eq!(code, 0, "{name}: failed without an error block"),
        }
    }
}

/// 7.2.22: what pause, resume and reset refuse, and a launch the host refuses.
#[test]
fn control_refusals_7_2_22() {
    let invalid_vm_state = ResultCode::from_symbol("VBOX_E_INVALID_VM_STATE");
    for (name, message) in [
        ("ctl-pause-paused", "Already paused"),
        (
            "ctl-resume-running",
            "Cannot resume the machine as it is not paused (machine state: Running)",
        ),
        ("ctl-reset-paused", "Invalid machine state: Paused"),
    ] {
        let e = load(&format!("vboxmanage-7.2.22/{name}.stderr"));
        check(&e, invalid_vm_state, ErrorKind::InvalidState, message);
    }
    for name in ["ctl-pause-not-running", "ctl-reset-saved"] {
        let e = load(&format!("vboxmanage-7.2.22/{name}.stderr"));
        check(
            &e,
            None,
            ErrorKind::InvalidState,
            "Machine 'ctl' is not currently running.",
        );
    }
    let refused = load("vboxmanage-7.2.22/ctl-startvm-refused.stderr");
    let err = refused.to_error();
    assert_eq!(err.message(), "Driverless mode (VERR_SUP_DRIVERLESS)");
    assert!(!err.kind().is_retryable(), "{err:?}");
}

/// A VBoxManage that starts while VBoxSVC ends itself: worth a retry.
#[test]
fn no_com_server_is_transient() {
    let e = load("vboxmanage-7.2.22/errors/no-com-server.stderr");
    check(
        &e,
        ResultCode::from_symbol("NS_ERROR_FAILURE"),
        ErrorKind::Transient,
        "Failed to create the VirtualBox object!",
    );
    assert_eq!(
        fixture("vboxmanage-7.2.22/errors/no-com-server.exitcode").trim(),
        "1"
    );
}

#[test]
fn exit_codes_7014() {
    assert_eq!(exit_code("showvminfo-not-found"), Some(1));
    for rel in COVERED
        .iter()
        .filter_map(|r| r.strip_prefix("vboxmanage-7.0.14/"))
    {
        let name = rel.strip_suffix(".stderr").unwrap();
        let expected = if name == "guestproperty-wait-timeout" {
            0
        } else {
            1
        };
        assert_eq!(exit_code(name), Some(expected), "{name}");
    }
}

#[test]
fn clonevm_source_running_windows() {
    let text = fixture("vboxmanage/clonevm-error-source-running-6.0-windows.txt");
    let e = parse_error(&text).unwrap();
    check(
        &e,
        Some(ResultCode::INVALID_OBJECT_STATE),
        ErrorKind::InvalidState,
        "Clone VM failed",
    );
    assert_eq!(
        e.messages,
        vec![
            "Clone VM failed",
            "Failed to lock source media 'basecentos7\\basecentos7.vdi'"
        ]
    );
    assert_eq!(e.component.as_deref(), Some("MediumWrap"));
    assert_eq!(e.interface.as_deref(), Some("IMedium"));
    assert!(e.context.as_deref().unwrap().contains("handleCloneVM"));
    assert_eq!(parse_progress(&text), vec![0]);
}

#[test]
fn already_locked_by_session() {
    let e = load("vboxmanage/error-already-locked-by-session-startvm-2022.txt");
    check(
        &e,
        Some(ResultCode::INVALID_OBJECT_STATE),
        ErrorKind::Locked,
        "The machine 'packer-virtualbox-iso-1663686568' is already locked by a session (or being locked or unlocked)",
    );
    assert_eq!(e.component.as_deref(), Some("MachineWrap"));
    assert!(e
        .context
        .as_deref()
        .unwrap()
        .starts_with("\"LaunchVMProcess("));
}

#[test]
fn guestcontrol_not_running() {
    let e = load("vboxmanage/error-guestcontrol-not-running-5.2-windows.txt");
    check(
        &e,
        None,
        ErrorKind::InvalidState,
        "Machine \"{75a91c26-d044-423d-a438-9b72b7ab8af0}\" is not running (currently powered off)!",
    );
    assert_eq!(e.component, None);
    assert_eq!(e.context, None);
}

#[test]
fn guestcontrol_session_not_started() {
    let e = load("vboxmanage/error-guestcontrol-session-not-started-5.2-windows.txt");
    check(
        &e,
        Some(ResultCode::E_UNEXPECTED),
        ErrorKind::Backend,
        "Session is not in started state",
    );
    assert_eq!(e.component.as_deref(), Some("GuestSessionWrap"));
    assert_eq!(e.interface.as_deref(), Some("IGuestSession"));
    assert!(e
        .context
        .as_deref()
        .unwrap()
        .ends_with("at line 1520 of file VBoxManageGuestCtrl.cpp"));
}

#[test]
fn guestcontrol_uuid_not_found() {
    let e = load("vboxmanage/error-guestcontrol-uuid-not-found-5.2-windows.txt");
    check(
        &e,
        Some(ResultCode::OBJECT_NOT_FOUND),
        ErrorKind::NotFound,
        "Could not find a registered machine with UUID {7e261a39-d356-4eb1-a8ed-75675b149241}",
    );
    assert_eq!(e.interface.as_deref(), Some("IVirtualBox"));
}

#[test]
fn invalid_machine_state_paused() {
    let e = load("vboxmanage/error-invalid-machine-state-paused-acpipowerbutton-5.0-macos.txt");
    check(
        &e,
        Some(ResultCode::INVALID_VM_STATE),
        ErrorKind::InvalidState,
        "Invalid machine state: Paused",
    );
    assert_eq!(e.component.as_deref(), Some("ConsoleWrap"));
    assert_eq!(
        e.context.as_deref(),
        Some("\"PowerButton()\" at line 285 of file VBoxManageControlVM.cpp")
    );
}

#[test]
fn invalid_machine_state_truncated() {
    let e = load(
        "vboxmanage/error-invalid-machine-state-poweredoff-acpipowerbutton-4.3.10-macos-TRUNCATED.txt",
    );
    check(
        &e,
        Some(ResultCode::INVALID_VM_STATE),
        ErrorKind::InvalidState,
        "Invalid machine state: PoweredOff",
    );
    assert_eq!(e.component.as_deref(), Some("Console"));
    assert_eq!(
        e.context.as_deref(),
        Some("\"PowerButton()\" at line 276 of file VBoxManageCo")
    );
}

#[test]
fn locked_for_session_43() {
    let e = load("vboxmanage/error-locked-for-session-modifyvm-natpf-4.3.txt");
    check(
        &e,
        Some(ResultCode::INVALID_OBJECT_STATE),
        ErrorKind::Locked,
        "The machine 'kala.c78933cd1c9e20810f92d8e7a87b3f01.box' is already locked for a session (or being unlocked)",
    );
    assert_eq!(e.component.as_deref(), Some("Machine"));
}

#[test]
fn not_found_by_name_windows() {
    let e = load("vboxmanage/error-not-found-by-name-startvm-windows-2018.txt");
    check(
        &e,
        Some(ResultCode::OBJECT_NOT_FOUND),
        ErrorKind::NotFound,
        "Could not find a registered machine named 'Mojave'",
    );
    assert_eq!(e.messages.len(), 1);
}

#[test]
fn not_found_by_name_7x_ci() {
    let e = load("vboxmanage/error-not-found-by-name-unregistervm-7.x-linux-ci.txt");
    check(
        &e,
        Some(ResultCode::OBJECT_NOT_FOUND),
        ErrorKind::NotFound,
        "Could not find a registered machine named 'al2023'",
    );
    assert_eq!(e.component.as_deref(), Some("VirtualBoxWrap"));
}

#[test]
fn not_found_empty_name() {
    let e = load("vboxmanage/error-not-found-empty-name-storagectl-5.2.txt");
    check(
        &e,
        Some(ResultCode::OBJECT_NOT_FOUND),
        ErrorKind::NotFound,
        "Could not find a registered machine named ''",
    );
}

#[test]
fn e7014_clonevm_linked_no_snapshot() {
    let e = load("vboxmanage-7.0.14/clonevm-linked-no-snapshot.stderr");
    check(
        &e,
        Some(ResultCode::E_INVALIDARG),
        ErrorKind::InvalidInput,
        "Linked clone can only be created from a snapshot",
    );
    assert_eq!(e.component.as_deref(), Some("MachineWrap"));
}

#[test]
fn e7014_controlvm_not_running() {
    for f in [
        "controlvm-acpi-not-running.stderr",
        "controlvm-poweroff-not-running.stderr",
    ] {
        let e = load(&format!("vboxmanage-7.0.14/{f}"));
        check(
            &e,
            None,
            ErrorKind::InvalidState,
            "Machine 'clone a' is not currently running.",
        );
    }
}

#[test]
fn e7014_createvm_duplicate() {
    let e = load("vboxmanage-7.0.14/createvm-duplicate.stderr");
    check(
        &e,
        Some(ResultCode::FILE_ERROR),
        ErrorKind::Backend,
        "Machine settings file '/home/lab/vms/web 01/web 01.vbox' already exists",
    );
    assert!(e
        .context
        .as_deref()
        .unwrap()
        .starts_with("\"CreateMachine("));
}

#[test]
fn e7014_unregistervm_with_linked_children() {
    let text =
        fixture("vboxmanage-7.0.14/disks-unregistervm-base-delete-with-linked-children.stderr");
    let e = parse_error(&text).unwrap();
    check(
        &e,
        Some(ResultCode::OBJECT_IN_USE),
        ErrorKind::InUse,
        "Machine delete failed",
    );
    assert_eq!(
        e.messages[1],
        "Cannot close medium '/home/lab/vms/base/base.vdi' because it has 2 child media"
    );
    assert_eq!(e.component.as_deref(), Some("MediumWrap"));
    assert_eq!(e.interface.as_deref(), Some("IMedium"));
    assert_eq!(parse_progress(&text), vec![0, 10, 20, 30]);
}

#[test]
fn e7014_guestproperty_wait_timeout() {
    let e = load("vboxmanage-7.0.14/guestproperty-wait-timeout.stderr");
    check(
        &e,
        None,
        ErrorKind::Timeout,
        "Time out or interruption while waiting for a notification.",
    );
}

#[test]
fn e7014_modifyvm_while_running() {
    let e = load("vboxmanage-7.0.14/modifyvm-while-running.stderr");
    check(
        &e,
        Some(ResultCode::INVALID_OBJECT_STATE),
        ErrorKind::Locked,
        "The machine 'clone a' is already locked for a session (or being unlocked)",
    );
}

#[test]
fn e7014_startvm_already_running() {
    let e = load("vboxmanage-7.0.14/startvm-already-running.stderr");
    check(
        &e,
        Some(ResultCode::INVALID_OBJECT_STATE),
        ErrorKind::Locked,
        "The machine 'clone a' is already locked by a session (or being locked or unlocked)",
    );
}

#[test]
fn e7014_not_found() {
    for (f, name) in [
        ("showvminfo-empty-name.stderr", ""),
        ("showvminfo-not-found.stderr", "no such vm"),
        ("startvm-not-found.stderr", "no such vm"),
        ("unregistervm-not-found.stderr", "no such vm"),
    ] {
        let e = load(&format!("vboxmanage-7.0.14/{f}"));
        check(
            &e,
            Some(ResultCode::OBJECT_NOT_FOUND),
            ErrorKind::NotFound,
            &format!("Could not find a registered machine named '{name}'"),
        );
        assert_eq!(e.component.as_deref(), Some("VirtualBoxWrap"), "{f}");
        assert!(
            e.context.as_deref().unwrap().starts_with("\"FindMachine("),
            "{f}"
        );
    }
}

#[test]
fn e7014_progress_only() {
    let text = fixture("vboxmanage-7.0.14/clonevm-full.stderr");
    assert!(parse_error(&text).is_none());
    assert_eq!(
        parse_progress(&text),
        vec![0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    );
}

#[test]
fn without_details_no_code() {
    let e = parse_error("VBoxManage: error: Something odd\n").unwrap();
    check(&e, None, ErrorKind::Backend, "Something odd");
    let e =
        parse_error("VBoxManage: error: Could not find a registered machine named 'x'\n").unwrap();
    assert_eq!(e.to_error().kind(), ErrorKind::NotFound);
}

/// `showvminfo` while a snapshot of the machine is being taken (real 7.2.22): the session
/// machine goes away under it. The first block decides (E_ACCESSDENIED "not ready": worth a
/// retry), not VBoxManage's failed clean-up after it.
#[test]
fn object_not_ready_is_transient() {
    let e = load("vboxmanage-7.2.22/errors/object-not-ready.stderr");
    check(
        &e,
        ResultCode::from_symbol("E_ACCESSDENIED"),
        ErrorKind::Transient,
        "The object is not ready",
    );
}
