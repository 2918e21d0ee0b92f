//! `states`, which needs no backend unless one is chosen, and `version`.

use crate::{snap, TestContext};

#[test]
fn default_generation_without_a_backend() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.bare().arg("states"), @"
    exit: 0
    ----- stdout -----
    VALUE  NAME                    SHORT NAME                  DESCRIPTION
    0      Null                    null                        Null value, never used by the API
    1      PoweredOff              poweroff                    Not running and no saved state: never started, or shut down cleanly
    2      Saved                   saved                       Not running; the execution state was saved to a file and can be resumed
    3      Teleported              teleported                  Teleported to another host or process, then powered off
    4      Aborted                 aborted                     The VM process ended abnormally (crash or killed); otherwise like PoweredOff
    5      AbortedSaved            aborted-saved               A saved machine whose VM process died before it reached Running
    6      Running                 running                     Executing
    7      Paused                  paused                      Execution is paused
    8      Stuck                   gurumeditation              Guru Meditation: a fatal error in the hypervisor
    9      Teleporting             teleporting                 About to be teleported; pausing gives TeleportingPausedVM
    10     LiveSnapshotting        livesnapshotting            Taking a live snapshot while running
    11     Starting                starting                    Powering on from a zero state
    12     Stopping                stopping                    Powering off, or the guest started a shutdown
    13     Saving                  saving                      Writing the execution state to a file
    14     Restoring               restoring                   Loading a saved execution state while powering on
    15     TeleportingPausedVM     teleportingpausedvm         Teleporting while not running (the paused variant)
    16     TeleportingIn           teleportingin               Receiving the machine state from another host or process
    17     DeletingSnapshotOnline  deletingsnapshotlive        Deleting a snapshot; media are merged while the VM runs
    18     DeletingSnapshotPaused  deletingsnapshotlivepaused  Deleting a snapshot; media are merged while the VM is paused
    19     OnlineSnapshotting      onlinesnapshotting          Taking a snapshot of a running VM that is (or was) paused
    20     RestoringSnapshot       restoringsnapshot           Restoring a snapshot (usually quick)
    21     DeletingSnapshot        deletingsnapshot            Deleting a snapshot of a VM that is not running (may be slow)
    22     SettingUp               settingup                   A long configuration operation is in progress
    23     Snapshotting            snapshotting                Taking an offline snapshot
    ----- stderr -----
    Machine states of VirtualBox API 7.1
    ");
}

#[test]
fn older_generations() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.bare().args(["states", "--api", "6.1", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "value": 0,
        "name": "Null",
        "short_name": "null",
        "description": "Null value, never used by the API"
      },
      {
        "value": 1,
        "name": "PoweredOff",
        "short_name": "poweroff",
        "description": "Not running and no saved state: never started, or shut down cleanly"
      },
      {
        "value": 2,
        "name": "Saved",
        "short_name": "saved",
        "description": "Not running; the execution state was saved to a file and can be resumed"
      },
      {
        "value": 3,
        "name": "Teleported",
        "short_name": "teleported",
        "description": "Teleported to another host or process, then powered off"
      },
      {
        "value": 4,
        "name": "Aborted",
        "short_name": "aborted",
        "description": "The VM process ended abnormally (crash or killed); otherwise like PoweredOff"
      },
      {
        "value": 5,
        "name": "Running",
        "short_name": "running",
        "description": "Executing"
      },
      {
        "value": 6,
        "name": "Paused",
        "short_name": "paused",
        "description": "Execution is paused"
      },
      {
        "value": 7,
        "name": "Stuck",
        "short_name": "gurumeditation",
        "description": "Guru Meditation: a fatal error in the hypervisor"
      },
      {
        "value": 8,
        "name": "Teleporting",
        "short_name": "teleporting",
        "description": "About to be teleported; pausing gives TeleportingPausedVM"
      },
      {
        "value": 9,
        "name": "LiveSnapshotting",
        "short_name": "livesnapshotting",
        "description": "Taking a live snapshot while running"
      },
      {
        "value": 10,
        "name": "Starting",
        "short_name": "starting",
        "description": "Powering on from a zero state"
      },
      {
        "value": 11,
        "name": "Stopping",
        "short_name": "stopping",
        "description": "Powering off, or the guest started a shutdown"
      },
      {
        "value": 12,
        "name": "Saving",
        "short_name": "saving",
        "description": "Writing the execution state to a file"
      },
      {
        "value": 13,
        "name": "Restoring",
        "short_name": "restoring",
        "description": "Loading a saved execution state while powering on"
      },
      {
        "value": 14,
        "name": "TeleportingPausedVM",
        "short_name": "teleportingpausedvm",
        "description": "Teleporting while not running (the paused variant)"
      },
      {
        "value": 15,
        "name": "TeleportingIn",
        "short_name": "teleportingin",
        "description": "Receiving the machine state from another host or process"
      },
      {
        "value": 16,
        "name": "DeletingSnapshotOnline",
        "short_name": "deletingsnapshotlive",
        "description": "Deleting a snapshot; media are merged while the VM runs"
      },
      {
        "value": 17,
        "name": "DeletingSnapshotPaused",
        "short_name": "deletingsnapshotlivepaused",
        "description": "Deleting a snapshot; media are merged while the VM is paused"
      },
      {
        "value": 18,
        "name": "OnlineSnapshotting",
        "short_name": "onlinesnapshotting",
        "description": "Taking a snapshot of a running VM that is (or was) paused"
      },
      {
        "value": 19,
        "name": "RestoringSnapshot",
        "short_name": "restoringsnapshot",
        "description": "Restoring a snapshot (usually quick)"
      },
      {
        "value": 20,
        "name": "DeletingSnapshot",
        "short_name": "deletingsnapshot",
        "description": "Deleting a snapshot of a VM that is not running (may be slow)"
      },
      {
        "value": 21,
        "name": "SettingUp",
        "short_name": "settingup",
        "description": "A long configuration operation is in progress"
      },
      {
        "value": 22,
        "name": "Snapshotting",
        "short_name": "snapshotting",
        "description": "Taking an offline snapshot"
      }
    ]
    ----- stderr -----
    "#);
    snap!(ctx, ctx.bare().args(["states", "--api", "5.2", "-q"]), @"
    exit: 0
    ----- stdout -----
    VALUE  NAME                    SHORT NAME                  DESCRIPTION
    0      Null                    null                        Null value, never used by the API
    1      PoweredOff              poweroff                    Not running and no saved state: never started, or shut down cleanly
    2      Saved                   saved                       Not running; the execution state was saved to a file and can be resumed
    3      Teleported              teleported                  Teleported to another host or process, then powered off
    4      Aborted                 aborted                     The VM process ended abnormally (crash or killed); otherwise like PoweredOff
    5      Running                 running                     Executing
    6      Paused                  paused                      Execution is paused
    7      Stuck                   gurumeditation              Guru Meditation: a fatal error in the hypervisor
    8      Teleporting             teleporting                 About to be teleported; pausing gives TeleportingPausedVM
    9      LiveSnapshotting        livesnapshotting            Taking a live snapshot while running
    10     Starting                starting                    Powering on from a zero state
    11     Stopping                stopping                    Powering off, or the guest started a shutdown
    12     Saving                  saving                      Writing the execution state to a file
    13     Restoring               restoring                   Loading a saved execution state while powering on
    14     TeleportingPausedVM     teleportingpausedvm         Teleporting while not running (the paused variant)
    15     TeleportingIn           teleportingin               Receiving the machine state from another host or process
    16     FaultTolerantSyncing    faulttolerantsyncing        Syncing with a fault-tolerant peer (removed in 6.1)
    17     DeletingSnapshotOnline  deletingsnapshotlive        Deleting a snapshot; media are merged while the VM runs
    18     DeletingSnapshotPaused  deletingsnapshotlivepaused  Deleting a snapshot; media are merged while the VM is paused
    19     OnlineSnapshotting      onlinesnapshotting          Taking a snapshot of a running VM that is (or was) paused
    20     RestoringSnapshot       restoringsnapshot           Restoring a snapshot (usually quick)
    21     DeletingSnapshot        deletingsnapshot            Deleting a snapshot of a VM that is not running (may be slow)
    22     SettingUp               settingup                   A long configuration operation is in progress
    23     Snapshotting            snapshotting                Taking an offline snapshot
    ----- stderr -----
    ");
}

#[test]
fn the_connected_hosts_generation() {
    let ctx = TestContext::new();
    // The simulator emulates 7.1, the default too: what shows the host was asked is the
    // connection in the verbose log.
    let asked = ctx
        .cmd()
        .args(["states", "-v"])
        .output()
        .expect("run vboxctl");
    let default = ctx.bare().arg("states").output().expect("run vboxctl");
    assert!(asked.status.success());
    assert_eq!(asked.stdout, default.stdout);
    let log = String::from_utf8_lossy(&asked.stderr);
    assert!(
        log.contains(&format!("Connected to {}", ctx.uri())),
        "{log}"
    );
    // An explicit generation needs no backend, even an unusable one.
    let offline = ctx
        .bare()
        .args(["--connect", "http://127.0.0.1:1", "states", "--api", "7.0"])
        .output()
        .expect("run vboxctl");
    assert!(offline.status.success());
    assert!(String::from_utf8_lossy(&offline.stdout).contains("5      AbortedSaved"));
}

#[test]
fn version() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().arg("version"), @"
    exit: 0
    ----- stdout -----
    vboxctl:    [VERSION]
    Backend:    sim://[SIM]
    VirtualBox: 7.1.12r169651
    API:        7.1
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["version", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "vboxctl": "[VERSION]",
      "backend": "sim://[SIM]",
      "virtualbox": "7.1.12",
      "revision": 169651,
      "api": "7.1"
    }
    ----- stderr -----
    "#);
}
