//! The emulated VBoxManage's commands, one behaviour at a time: snapshots, extradata,
//! launch failures, machine files, renames, listings and disks.

#[path = "emulator_harness.rs"]
mod harness;

use harness::Host;

#[test]
fn snapshots_without_any() {
    let host = Host::new("7.0.14");
    host.quick_vm("s");
    let list = host.run(&["snapshot", "s", "list"]);
    assert_eq!(
        (list.code, list.out.as_str()),
        (1, "This machine does not have any snapshots\n")
    );
    let current = host.run(&["snapshot", "s", "restorecurrent"]);
    assert_eq!(
        (current.code, current.out.as_str()),
        (1, "This machine does not have any snapshots\n")
    );
    let missing = host.run(&["snapshot", "s", "restore", "nope"]);
    assert_eq!(missing.code, 1);
    assert!(missing
        .err
        .starts_with("VBoxManage: error: Could not find a snapshot named 'nope'\n"));
    // Subcommand syntax errors show the subcommand's usage but exit 1.
    let no_name = host.run(&["snapshot", "s", "take"]);
    assert_eq!(no_name.code, 1);
    assert!(no_name
        .err
        .contains("Missing snapshot name\n\nUsage:\n\n  VBoxManage snapshot <uuid | vmname> take"));
}

#[test]
fn snapshot_restore_and_delete_name_the_snapshot() {
    let host = Host::new("7.0.14");
    host.quick_vm("r");
    let taken = host.ok(&["snapshot", "r", "take", "one"]);
    let id = taken
        .strip_prefix("Snapshot taken. UUID: ")
        .unwrap()
        .trim_end();
    let restore = host.run(&["snapshot", "r", "restore", "one"]);
    assert_eq!(restore.out, format!("Restoring snapshot 'one' ({id})\n"));
    assert_eq!(
        restore.err,
        "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"
    );
    let delete = host.run(&["snapshot", "r", "delete", id]);
    assert_eq!(
        (delete.code, delete.out),
        (0, format!("Deleting snapshot 'one' ({id})\n"))
    );
    // Number makes a taken name unique.
    host.ok(&["snapshot", "r", "take", "n"]);
    host.ok(&["snapshot", "r", "take", "n", "--uniquename", "Number"]);
    let list = host.ok(&["snapshot", "r", "list", "--machinereadable"]);
    assert!(list.contains("=\"n2\""), "{list}");
}

#[test]
fn extradata_get_set_enumerate() {
    let host = Host::new("7.0.14");
    host.quick_vm("x");
    assert_eq!(host.ok(&["getextradata", "x", "my/key"]), "No value set!\n");
    host.ok(&["setextradata", "x", "my/key", "v 1"]);
    assert_eq!(host.ok(&["getextradata", "x", "my/key"]), "Value: v 1\n");
    let all = host.ok(&["getextradata", "x", "enumerate"]);
    assert!(all.contains("Key: my/key, Value: v 1\n"), "{all}");
    host.ok(&["setextradata", "x", "my/key"]);
    assert!(!host.ok(&["getextradata", "x"]).contains("my/key"));
}

#[test]
fn startvm_reports_a_failed_launch_without_context() {
    let host = Host::new("7.0.14");
    host.quick_vm("f");
    host.ok(&["setextradata", "f", "VBoxSim/StartFailure", "1"]);
    let o = host.run(&["startvm", "f", "--type", "headless"]);
    assert_eq!(o.code, 1);
    assert_eq!(o.out, "Waiting for VM \"f\" to power on...\n");
    assert_eq!(
        o.err,
        "VBoxManage: error: The virtual machine 'f' has terminated unexpectedly during startup with exit code 1 (0x1)\n\
         VBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005), component MachineWrap, interface IMachine\n"
    );
    let bad_type = host.run(&["startvm", "f", "--type", "vnc"]);
    assert!(bad_type
        .err
        .starts_with("VBoxManage: error: Invalid frontend name: 'vnc'\n"));
}

#[test]
fn createvm_without_register_and_with_a_base_folder() {
    let host = Host::new("7.0.14");
    let base = host.dir.path().canonicalize().unwrap().join("elsewhere");
    let base = base.to_string_lossy().into_owned();
    let out = host.ok(&[
        "createvm",
        "--name",
        "loose",
        "--basefolder",
        &base,
        "--groups",
        "/g",
    ]);
    assert!(
        out.starts_with("Virtual machine 'loose' is created.\n"),
        "{out}"
    );
    assert!(
        out.ends_with(&format!("Settings file: '{base}/g/loose/loose.vbox'\n")),
        "{out}"
    );
    assert_eq!(host.ok(&["list", "vms"]), "");
    // Its settings file is there, so the name is taken in that folder.
    let again = host.run(&[
        "createvm",
        "--name",
        "loose",
        "--basefolder",
        &base,
        "--groups",
        "/g",
    ]);
    assert_eq!(again.code, 1);
    assert!(again.err.contains("already exists"));
}

#[test]
fn modifyvm_renames_and_changes_nothing_on_a_refusal() {
    let host = Host::new("7.0.14");
    host.quick_vm("old name");
    let refused = host.run(&["modifyvm", "old name", "--cpus", "4", "--memory", "1"]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .err
            .starts_with("VBoxManage: error: Invalid RAM size: 1 MB"),
        "{}",
        refused.err
    );
    assert!(refused
        .err
        .contains("Context: \"COMSETTER(MemorySize)(ValueUnion.u32)\""));
    let info = host.ok(&["showvminfo", "old name", "--machinereadable"]);
    assert!(info.contains("\ncpus=1\n"));
    host.ok(&["modifyvm", "old name", "--name", "new name"]);
    let folder = host.machines();
    let info = host.ok(&["showvminfo", "new name", "--machinereadable"]);
    assert!(
        info.contains(&format!("CfgFile=\"{folder}/new name/new name.vbox\"")),
        "{info}"
    );
    assert!(std::path::Path::new(&format!("{folder}/new name/new name.vbox")).is_file());
    assert!(!std::path::Path::new(&format!("{folder}/old name")).exists());
}

#[test]
fn list_sorted_and_running() {
    let host = Host::new("7.0.14");
    for name in ["b", "A", "c"] {
        host.ok(&["createvm", "--name", name, "--register"]);
    }
    let sorted = host.ok(&["list", "--sorted", "vms"]);
    let names: Vec<&str> = sorted
        .lines()
        .map(|l| l.split('"').nth(1).unwrap())
        .collect();
    assert_eq!(names, ["A", "b", "c"]);
    assert_eq!(host.ok(&["list", "-s", "runningvms"]), "");
    let bad = host.run(&["list", "everything"]);
    assert_eq!(bad.code, 2);
    assert!(bad
        .err
        .contains("VBoxManage: error: Invalid parameter 'everything'\n"));
}

#[test]
fn disks_step_by_step() {
    let host = Host::new("7.0.14");
    host.quick_vm("d");
    let disk = format!("{}/d/d.vdi", host.machines());
    let created = host.run(&["createmedium", "--filename", &disk, "--size", "8"]);
    assert_eq!(created.code, 0, "{created:?}");
    assert!(created.out.starts_with("Medium created. UUID: "));
    let again = host.run(&["createmedium", "disk", "--filename", &disk, "--size", "8"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .err
            .starts_with("0%...VBOX_E_FILE_ERROR\nVBoxManage: error: Failed to create medium\n"),
        "{}",
        again.err
    );
    let no_ctl = host.run(&[
        "storageattach",
        "d",
        "--storagectl",
        "SATA",
        "--port",
        "0",
        "--device",
        "0",
        "--type",
        "hdd",
        "--medium",
        &disk,
    ]);
    assert_eq!(no_ctl.code, 1);
    // VBoxManage's own check, one line (real 7.2.22 `storageattach-no-controller`).
    assert_eq!(
        no_ctl.err,
        "VBoxManage: error: Could not find a controller named 'SATA'\n"
    );
    host.ok(&[
        "storagectl",
        "d",
        "--name",
        "SATA",
        "--add",
        "sata",
        "--portcount",
        "1",
    ]);
    let dup = host.run(&["storagectl", "d", "--name", "SATA", "--add", "sata"]);
    assert!(dup
        .err
        .contains("Storage controller named 'SATA' already exists"));
    // Beyond the bus's 30 ports is out of range; beyond the port count is not (real 7.2.22:
    // `storageattach-port-beyond-count` grows a 1-port controller).
    let port = host.run(&[
        "storageattach",
        "d",
        "--storagectl",
        "SATA",
        "--port",
        "30",
        "--device",
        "0",
        "--type",
        "hdd",
        "--medium",
        &disk,
    ]);
    assert!(
        port.err
            .contains("port=30 (must be in range [0, 29]), device=0 (must be in range [0, 0])"),
        "{}",
        port.err
    );
    host.ok(&[
        "storageattach",
        "d",
        "--storagectl",
        "SATA",
        "--port",
        "0",
        "--device",
        "0",
        "--type",
        "hdd",
        "--medium",
        &disk,
    ]);
    let hdds = host.ok(&["list", "hdds"]);
    assert!(
        hdds.contains(&format!("Location:       {disk}\n"))
            && hdds.contains("Capacity:       8 MBytes\n"),
        "{hdds}"
    );
    host.ok(&[
        "storageattach",
        "d",
        "--storagectl",
        "SATA",
        "--port",
        "0",
        "--device",
        "0",
        "--medium",
        "none",
    ]);
    let info = host.ok(&["showvminfo", "d", "--machinereadable"]);
    assert!(!info.contains(&disk));
}

#[test]
fn closemedium_refuses_an_attached_disk_and_deletes_a_free_one() {
    let host = Host::new("7.1");
    host.quick_vm("c");
    let disk = format!("{}/c/c.vdi", host.machines());
    let created = host.ok(&["createmedium", "disk", "--filename", &disk, "--size", "8"]);
    let id = created
        .trim()
        .trim_start_matches("Medium created. UUID: ")
        .to_string();
    host.ok(&["storagectl", "c", "--name", "SATA", "--add", "sata"]);
    let attach = |medium: &str| {
        host.ok(&[
            "storageattach",
            "c",
            "--storagectl",
            "SATA",
            "--port",
            "0",
            "--device",
            "0",
            "--type",
            "hdd",
            "--medium",
            medium,
        ])
    };
    attach(&disk);
    let busy = host.run(&["closemedium", "disk", &id, "--delete"]);
    assert_eq!(busy.code, 1);
    assert!(
        busy.err
            .contains("because it is still attached to 1 virtual machines")
            && busy.err.contains("VBOX_E_OBJECT_IN_USE"),
        "{}",
        busy.err
    );
    attach("none");
    let deleted = host.run(&["closemedium", &disk, "--delete"]);
    assert_eq!(deleted.code, 0, "{deleted:?}");
    assert!(deleted.err.ends_with("100%\n"), "progress: {}", deleted.err);
    assert!(!host.ok(&["list", "hdds"]).contains(&id));
    assert!(!std::path::Path::new(&disk).exists());
    let gone = host.run(&["closemedium", &id]);
    assert_eq!(gone.code, 1);
    assert!(gone.err.contains("VBOX_E_OBJECT_NOT_FOUND"), "{}", gone.err);
}
