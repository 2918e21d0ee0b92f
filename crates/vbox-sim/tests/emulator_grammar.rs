//! The emulated VBoxManage's grammar: global options, unknown commands and options, usage,
//! exit codes and error blocks, and the differences between the versions it emulates.

#[path = "emulator_harness.rs"]
mod harness;

use harness::{run_in, Host};

const LOGO_70: &str = "Oracle VM VirtualBox Command Line Management Interface Version 7.0.14\nCopyright (C) 2005-2024 Oracle and/or its affiliates\n\n";

#[test]
fn version_and_global_options() {
    let host = Host::new("7.0.14");
    assert_eq!(host.ok(&["--version"]), "7.0.14r161095\n");
    assert_eq!(host.ok(&["--nologo", "-q", "-V"]), "7.0.14r161095\n");
    assert_eq!(
        run_in(&host.as_version("6.1"), &["--version"]).out,
        "6.1.50r161033\n"
    );
    assert_eq!(
        run_in(&host.as_version("7.1"), &["-v"]).out,
        "7.1.12r169651\n"
    );
    assert_eq!(
        run_in(&host.as_version("7.2"), &["--version"]).out,
        "7.2.22r175245\n"
    );
    // Global options only count before the command.
    let o = host.run(&["--nologo", "list", "vms"]);
    assert_eq!((o.code, o.out.as_str(), o.err.as_str()), (0, "", ""));
}

#[test]
fn unknown_commands_are_syntax_errors_with_the_versions_logo() {
    let host = Host::new("7.0.14");
    let o = host.run(&["frobnicate", "x"]);
    assert_eq!(o.code, 2);
    assert!(o.out.is_empty());
    let expected = format!("{LOGO_70}VBoxManage: error: Invalid command 'frobnicate'\n\nUsage - ");
    assert!(o.err.starts_with(&expected), "{}", o.err);
    // Every usage follows, and the long text ends with the error again.
    assert!(o.err.contains("  VBoxManage clonevm <vmname|uuid>"));
    assert!(o
        .err
        .ends_with("\nVBoxManage: error: Invalid command 'frobnicate'\n"));
    let v71 = run_in(&host.as_version("7.1"), &["frobnicate"]);
    assert!(v71.err.starts_with(
        "Oracle VirtualBox Command Line Management Interface Version 7.1.12\nCopyright (C) 2005-2025 Oracle and/or its affiliates\n\n"
    ));
    let v61 = run_in(&host.as_version("6.1"), &["frobnicate"]);
    assert!(v61
        .err
        .starts_with("Oracle VM VirtualBox Command Line Management Interface Version 6.1.50\n"));
}

#[test]
fn a_command_without_arguments_prints_its_usage_and_fails() {
    let host = Host::new("7.0.14");
    let o = host.run(&["unregistervm"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.out,
        "Usage - Unregister a virtual machine:\n\n  VBoxManage unregistervm <uuid | vmname> [--delete] [--delete-all]\n"
    );
    assert!(o.err.is_empty());
}

#[test]
fn options_in_any_order_and_spelling() {
    let host = Host::new("7.0.14");
    let folder = host.machines();
    let out = host.ok(&[
        "createvm",
        "--register",
        "--ostype=Ubuntu_64",
        "-name",
        "a b",
    ]);
    assert!(
        out.starts_with("Virtual machine 'a b' is created and registered.\nUUID: "),
        "{out}"
    );
    assert!(
        out.ends_with(&format!("Settings file: '{folder}/a b/a b.vbox'\n")),
        "{out}"
    );
    host.ok(&["modifyvm", "a b", "--cpus=3", "--memory:512"]);
    let info = host.ok(&["showvminfo", "--machinereadable", "a b"]);
    assert!(
        info.contains("\nmemory=512\n") && info.contains("\ncpus=3\n"),
        "{info}"
    );
}

#[test]
fn getopt_errors() {
    let host = Host::new("7.0.14");
    let unknown = host.run(&["createvm", "--name", "x", "--bogus"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.err.starts_with(&format!("{LOGO_70}VBoxManage: error: Unknown option: --bogus\nUsage - Create a new virtual machine:\n")), "{}", unknown.err);
    let missing = host.run(&["createvm", "--name"]);
    assert_eq!(missing.code, 2);
    assert!(missing
        .err
        .contains("VBoxManage: error: --name: RTGetOpt: Command line option needs argument\n"));
    let required = host.run(&["createvm", "--register"]);
    assert_eq!(required.code, 2);
    assert!(required
        .err
        .contains("VBoxManage: error: Parameter --name is required\n\nUsage - "));
    // unregistervm and startvm word it their own way, with an empty line after it.
    let o = host.run(&["unregistervm", "x", "--bogus"]);
    assert_eq!(o.code, 2);
    assert!(
        o.err
            .contains("VBoxManage: error: unknown option: --bogus\n\nUsage - Unregister"),
        "{}",
        o.err
    );
    let mode = host.run(&["clonevm", "x", "--mode", "everything"]);
    assert_eq!(
        (mode.code, mode.err.as_str()),
        (2, "VBoxManage: error: Invalid clone mode 'everything'\n")
    );
    let opts = host.run(&["clonevm", "x", "--options", "link,nope"]);
    assert_eq!(
        (opts.code, opts.err.as_str()),
        (2, "VBoxManage: error: Invalid clone options 'link,nope'\n")
    );
}

#[test]
fn machines_that_are_not_there() {
    let host = Host::new("7.0.14");
    let o = host.run(&["controlvm", "ghost", "pause"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.err,
        "VBoxManage: error: Could not find a registered machine named 'ghost'\n\
         VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports\n\
         VBoxManage: error: Context: \"FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())\" at line 1178 of file VBoxManageControlVM.cpp\n"
    );
    let uuid = host.run(&["showvminfo", "{15479a3d-8abd-41cb-9ec7-72c83f037850}"]);
    assert!(uuid.err.starts_with(
        "VBoxManage: error: Could not find a registered machine with UUID {15479a3d-8abd-41cb-9ec7-72c83f037850}\n"
    ));
    // `guestproperty wait` checks its arguments after the lookup: a syntax error follows.
    let wait = host.run(&["guestproperty", "wait", "ghost", "/x/*"]);
    assert_eq!(wait.code, 2);
    assert!(
        wait.err.contains("named 'ghost'")
            && wait
                .err
                .contains("VBoxManage: error: Incorrect parameters\n")
    );
}

#[test]
fn not_running_gained_a_period_in_7_0() {
    let host = Host::new("6.1");
    host.quick_vm("idle");
    let v61 = host.run(&["controlvm", "idle", "poweroff"]);
    assert_eq!(
        (v61.code, v61.err.as_str()),
        (
            1,
            "VBoxManage: error: Machine 'idle' is not currently running\n"
        )
    );
    let v70 = run_in(
        &host.as_version("7.0"),
        &["controlvm", "idle", "acpipowerbutton"],
    );
    assert_eq!(
        (v70.code, v70.err.as_str()),
        (
            1,
            "VBoxManage: error: Machine 'idle' is not currently running.\n"
        )
    );
    // The message names the machine as typed, whatever the subcommand.
    let id = host.ok(&["showvminfo", "idle", "--machinereadable"]);
    let uuid = id
        .lines()
        .find_map(|l| l.strip_prefix("UUID=\""))
        .unwrap()
        .trim_end_matches('"');
    let o = run_in(&host.as_version("7.1"), &["controlvm", uuid, "nosuchthing"]);
    assert_eq!(
        o.err,
        format!("VBoxManage: error: Machine '{uuid}' is not currently running.\n")
    );
}

#[test]
fn version_specific_options() {
    let host = Host::new("6.1");
    host.quick_vm("old");
    let all = host.run(&["unregistervm", "old", "--delete-all"]);
    assert_eq!(all.code, 2);
    assert!(all
        .err
        .contains("VBoxManage: error: unknown option: --delete-all\n"));
    let net = host.run(&["modifyvm", "old", "--nic1", "hostonlynet"]);
    assert_eq!(
        (net.code, net.err.as_str()),
        (
            1,
            "VBoxManage: error: Invalid type 'hostonlynet' specfied for NIC 1\n"
        )
    );
    let dashed = host.run(&["modifyvm", "old", "--mac-address1", "auto"]);
    assert_eq!(dashed.code, 1);
    assert!(dashed.err.contains("Unknown option: --mac-address1"));
    let v70 = host.as_version("7.0");
    assert_eq!(
        run_in(&v70, &["modifyvm", "old", "--mac-address1", "080027000001"]).code,
        0
    );
    let info = run_in(&v70, &["showvminfo", "old", "--machinereadable"]).out;
    assert!(info.contains("macaddress1=\"080027000001\""), "{info}");
    assert_eq!(
        run_in(&v70, &["unregistervm", "old", "--delete-all"]).code,
        0
    );
}

#[test]
fn guest_property_formats_per_version() {
    let host = Host::new("6.1");
    host.quick_vm("gp");
    host.ok(&["guestproperty", "set", "gp", "/a/b", "1"]);
    let old = host.ok(&["guestproperty", "enumerate", "gp"]);
    assert!(
        old.starts_with("Name: /a/b, value: 1, timestamp: "),
        "{old}"
    );
    let v70 = host.as_version("7.0");
    let table = run_in(&v70, &["guestproperty", "enumerate", "gp"]).out;
    assert!(table.starts_with("/a/b = '1' @ "), "{table}");
    assert_eq!(
        run_in(&v70, &["guestproperty", "get", "gp", "/a/b"]).out,
        "Value: 1\n"
    );
    assert_eq!(
        run_in(&v70, &["guestproperty", "get", "gp", "/a/c"]).out,
        "No value set!\n"
    );
    host.ok(&["guestproperty", "unset", "gp", "/a/b"]);
    assert_eq!(
        host.ok(&["guestproperty", "enumerate", "gp"]),
        "No properties found.\n"
    );
    let bad = host.run(&["guestproperty", "set", "gp"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.err.contains(
            "VBoxManage: error: Incorrect parameters\n\nUsage:\n\n  VBoxManage guestproperty set"
        ),
        "{}",
        bad.err
    );
}

#[test]
fn wait_times_out_with_exit_0_unless_asked() {
    let host = Host::new("7.0.14");
    host.quick_vm("w");
    let o = host.run(&["guestproperty", "wait", "w", "/none/*", "--timeout", "60"]);
    assert_eq!((o.code, o.out.as_str()), (0, ""));
    assert_eq!(
        o.err,
        "VBoxManage: error: Time out or interruption while waiting for a notification.\n"
    );
    let strict = host.run(&[
        "guestproperty",
        "wait",
        "w",
        "/none/*",
        "--timeout",
        "0",
        "--fail-on-timeout",
    ]);
    assert_eq!(strict.code, 2);
    let syntax = host.run(&["guestproperty", "wait", "w", "/none/*", "--timeout", "soon"]);
    assert_eq!(syntax.code, 2);
}
