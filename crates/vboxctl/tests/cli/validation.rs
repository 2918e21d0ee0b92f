//! Input checked the way VirtualBox checks it, before anything is made (names, memory, CPUs,
//! disk sizes, OS types, linked clones of running templates), and messages that say what is
//! true (a guest still booting, the real name in a hint, durations, counts).

use crate::{snap, TestContext};

#[test]
fn names_virtualbox_would_store_under_another_name_are_refused() {
    let ctx = TestContext::new();
    let mut out = String::new();
    for name in ["a/b", "a\\b", " lead", "trail ", "tab\tx", "new\nline"] {
        let run = ctx.cmd().args(["create", "--", name]).output().unwrap();
        assert_eq!(run.status.code(), Some(1), "{name:?}");
        out.push_str(&String::from_utf8_lossy(&run.stderr));
    }
    insta::assert_snapshot!(out, @r#"
    error: illegal machine name "a/b": no slashes, control characters or surrounding spaces
    error: illegal machine name "a\\b": no slashes, control characters or surrounding spaces
    error: illegal machine name " lead": no slashes, control characters or surrounding spaces
    error: illegal machine name "trail ": no slashes, control characters or surrounding spaces
    error: illegal machine name "tab\tx": no slashes, control characters or surrounding spaces
    error: illegal machine name "new\nline": no slashes, control characters or surrounding spaces
    "#);
    ctx.run(&["create", "tmpl"]);
    snap!(ctx, ctx.cmd().args(["clone", "tmpl", "web/1"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: illegal machine name "web/1": no slashes, control characters or surrounding spaces
    "#);
    assert_eq!(ctx.names(), ["tmpl"], "nothing was made");
    // What VirtualBox itself refuses, explained: two names, one folder.
    ctx.run(&["create", "a_b"]);
    snap!(ctx, ctx.cmd().args(["create", "a:b"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: cannot create 'a:b'
      caused by: Machine settings file '[SIM]/machines/a_b/a_b.vbox' already exists
    hint: VirtualBox names a machine's folder after it, with every character other than letters, digits, space and ( ) - . _ replaced by '_', so names such as 'a:b' and 'a_b' share a folder; choose another name
    ");
}

#[test]
fn sizes_outside_virtualboxs_ranges_are_usage_errors() {
    let ctx = TestContext::new();
    let mut out = String::new();
    for args in [
        &["--memory", "-5"][..],
        &["--memory=-5"],
        &["--memory", "3"],
        &["--memory", "2097153"],
        &["--cpus", "0"],
        &["--cpus", "65"],
        &["--disk", "0"],
        &["--disk", "999999999999"],
        &["--memory", "lots"],
    ] {
        let run = ctx
            .cmd()
            .arg("create")
            .arg("m")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        out.push_str(err.lines().next().unwrap_or_default());
        out.push('\n');
    }
    insta::assert_snapshot!(out, @"
    error: invalid value '-5' for '--memory <MB>': VirtualBox takes 4 to 2097152 MB
    error: invalid value '-5' for '--memory <MB>': VirtualBox takes 4 to 2097152 MB
    error: invalid value '3' for '--memory <MB>': VirtualBox takes 4 to 2097152 MB
    error: invalid value '2097153' for '--memory <MB>': VirtualBox takes 4 to 2097152 MB
    error: invalid value '0' for '--cpus <N>': VirtualBox takes 1 to 64 virtual CPUs
    error: invalid value '65' for '--cpus <N>': VirtualBox takes 1 to 64 virtual CPUs
    error: invalid value '0' for '--disk <MB>': VirtualBox takes 1 to 2097151 MB
    error: invalid value '999999999999' for '--disk <MB>': VirtualBox takes 1 to 2097151 MB
    error: invalid value 'lots' for '--memory <MB>': not a whole number; VirtualBox takes 4 to 2097152 MB
    ");
    assert!(ctx.names().is_empty());
    // The limits themselves are taken.
    ctx.run(&["create", "small", "--memory", "4", "--cpus", "64"]);
}

#[test]
fn the_disk_is_shown_by_create_and_show() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["create", "web1", "--ostype", "Ubuntu_64", "--disk", "4096"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Created 'web1' (Ubuntu_64, 128 MB, 1 CPU, 4096 MB disk)
    ");
    let out = ctx.run(&["show", "web1"]);
    let disks: Vec<&str> = out.lines().filter(|l| l.starts_with("Disks:")).collect();
    ctx.settings().bind(|| insta::assert_snapshot!(disks.join("\n"), @"Disks:         [SIM]/machines/web1/web1.vdi (4096 MB)"));
    let json: serde_json::Value =
        serde_json::from_str(&ctx.run(&["show", "web1", "-o", "json"])).unwrap();
    assert_eq!(json["disks"][0]["size_mb"], 4096);
}

#[test]
fn os_types_are_checked_against_the_hosts_list() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["create", "web1", "--ostype", "Bogus_99"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: unknown OS type id 'Bogus_99' on sim://[SIM]
    hint: for example Other, Other_64, Ubuntu_64, Debian_64, Windows11_64; `VBoxManage list ostypes` lists them all
    ");
    snap!(ctx, ctx.cmd().args(["create", "web1", "--ostype", "ubuntu_6"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: unknown OS type id 'ubuntu_6' on sim://[SIM]
    hint: for example Ubuntu, Ubuntu_64; `VBoxManage list ostypes` lists them all
    ");
    assert!(ctx.names().is_empty());
    // VirtualBox compares ids without regard to case.
    ctx.run(&["create", "web1", "--ostype", "ubuntu_64"]);
}

#[test]
fn a_linked_clone_of_a_running_template_is_not_made_from_a_silent_live_snapshot() {
    let ctx = TestContext::new();
    ctx.running("tmpl");
    snap!(ctx, ctx.cmd().args(["clone", "tmpl", "web1", "--linked"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Cloning 'tmpl' to 'web1' …
    error: cannot make a linked clone of 'tmpl': it is Running
    hint: it has no snapshot to link to, and one taken now would be a live one: stop it first, or take a snapshot yourself (`vboxctl snapshot take NAME base --live`) and clone from it (`--snapshot base`)
    ");
    assert_eq!(ctx.names(), ["tmpl"]);
    ctx.run(&["snapshot", "take", "tmpl", "base", "--live"]);
    ctx.run(&["clone", "tmpl", "web1", "--linked", "--snapshot", "base"]);
}

#[test]
fn hints_name_the_machine_as_it_must_be_typed() {
    let ctx = TestContext::new();
    ctx.run(&["create", "my web"]);
    snap!(ctx, ctx.cmd().args(["ip", "my web"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: 'my web' is PoweredOff, so it has no IP address
    hint: start it first, e.g. with `vboxctl start 'my web' --wait-ip 120`
    ");
}

#[test]
fn durations_are_written_as_people_write_them() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    ctx.run(&["extradata", "set", "web1", "VBoxSim/NoGuestAdditions", "1"]);
    ctx.run(&["start", "web1"]);
    let out = ctx
        .cmd()
        .args(["ip", "web1", "--wait", "1"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let re = regex::Regex::new(r"timed out after \d+(\.\d)?s waiting for an IP address of 'web1'")
        .unwrap();
    assert!(re.is_match(&err), "{err}");
    // A guest that may still be booting is not told to install the Guest Additions first.
    assert!(err.contains("may still be booting"), "{err}");
}

#[test]
fn one_machine_is_one_machine() {
    let ctx = TestContext::new();
    ctx.template("tmpl");
    let map = ctx.write(
        "one.toml",
        "[profiles.web]\nclonefrom = \"tmpl\"\nwait_for_ip_timeout = 20\n\n[[machines]]\nprofile = \"web\"\nnames = [\"web-1\"]\n",
    );
    snap!(ctx, ctx.cmd().arg("up").arg(&map).arg("--dry-run"), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     PROFILE  STATE   ACTION
    web-1  default  web      absent  create
    ----- stderr -----
    Dry run: 1 of 1 machine would change; nothing was done
    ");
    ctx.run(&["up", map.to_str().unwrap(), "-q"]);
    snap!(ctx, ctx.cmd().arg("up").arg(&map), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     OUTCOME    STATE    ADDRESSES
    web-1  default  unchanged  Running  10.0.2.15
    ----- stderr -----
    web-1: begin: nothing to do
    web-1: unchanged
    web-1: waiting for IP
    web-1: ready 10.0.2.15
    Nothing changed: the machine of [SIM]/one.toml is as wanted
    ");
}
