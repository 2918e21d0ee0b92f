//! The CLI against the real VirtualBox (7.2, in the chroot `scripts/real-virtualbox.sh` sets
//! up): the default connection finds it, and the input vboxctl refuses is what the real host
//! refuses or silently stores under another name. Run with
//! `VBOXCTL_REAL_CHROOT=/var/tmp/vboxctl-real/root cargo test -p vboxctl --test real_cli -- --include-ignored`.

use std::path::Path;
use std::process::{Command, Output};
use vbox_suite::real::{RealHome, RealHost};

/// `vboxctl` with PATH holding only `bin` (then the system folders, for `chroot`), and no
/// connection named anywhere.
fn vboxctl(home: &RealHome, bin: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vboxctl"));
    cmd.env(
        "PATH",
        format!("{}:/usr/sbin:/usr/bin:/sbin:/bin", bin.display()),
    )
    .env_remove("VBOXCTL_CONNECT")
    .env_remove("VBOXCTL_HOST")
    .env_remove("VBOXCTL_CONFIG")
    .env_remove("VBOX_INSTALL_PATH")
    .env("XDG_CONFIG_HOME", home.dir().join("no-config"))
    .env("NO_COLOR", "1");
    cmd
}

/// A folder holding `VBoxManage`: the real one of `home`, as an installation puts it on PATH.
fn bin_of(home: &RealHome) -> tempfile::TempDir {
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(home.vboxmanage(), bin.path().join("VBoxManage")).unwrap();
    bin
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn the_default_connection_is_the_real_virtualbox() {
    let home = RealHost::from_env().home("cli-default-connection");
    let bin = bin_of(&home);
    let out = vboxctl(&home, bin.path())
        .args(["-v", "version"])
        .output()
        .unwrap();
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("VirtualBox: 7.2"), "{all}");
    assert!(
        all.contains(&format!(
            "Backend:    vboxmanage://{}/VBoxManage",
            bin.path().display()
        )),
        "{all}"
    );
    assert!(
        !all.contains("notice:") && !all.contains("simulator"),
        "{all}"
    );
    let out = vboxctl(&home, bin.path())
        .args(["create", "found-by-default", "--memory", "4"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(home
        .run_ok(&["list", "vms"])
        .contains("\"found-by-default\""));
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn input_is_refused_where_the_real_virtualbox_would_refuse_or_rename_it() {
    let home = RealHost::from_env().home("cli-input");
    let bin = bin_of(&home);
    let cli = |args: &[&str]| vboxctl(&home, bin.path()).args(args).output().unwrap();

    // The ranges are the host's own.
    let props = home.run_ok(&["list", "systemproperties"]);
    for line in [
        "Minimum guest RAM size:          4 Megabytes",
        "Maximum guest RAM size:          2097152 Megabytes",
        "Minimum guest CPU count:         1",
        "Maximum guest CPU count:         64",
        "Virtual disk limit (info):       2199022206976 Bytes",
    ] {
        assert!(props.contains(line), "{line} in {props}");
    }
    home.run_ok(&["createvm", "--name", "probe", "--register"]);
    let refused = home.run(&["modifyvm", "probe", "--memory", "3"]);
    assert!(String::from_utf8_lossy(&refused.stderr)
        .contains("Invalid RAM size: 3 MB (must be in range [4, 2097152] MB)"));
    for (args, says) in [
        (
            &["create", "m", "--memory", "3"][..],
            "VirtualBox takes 4 to 2097152 MB",
        ),
        (
            &["create", "m", "--cpus", "65"],
            "VirtualBox takes 1 to 64 virtual CPUs",
        ),
        (
            &["create", "m", "--disk", "0"],
            "VirtualBox takes 1 to 2097151 MB",
        ),
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(text(&out).contains(says), "{}", text(&out));
    }

    // The real host takes `a/b` but stores it as `a_b`: vboxctl refuses it before anything.
    let stored = home.run_ok(&["createvm", "--name", "x/y"]);
    assert!(stored.contains("/x_y/x_y.vbox"), "{stored}");
    let out = cli(&["create", "a/b"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("illegal machine name \"a/b\""),
        "{}",
        text(&out)
    );

    // An unknown OS type: checked against the host's `list ostypes` before anything is made
    // (VBoxManage's createvm would refuse it too: "Unknown or invalid guest OS type given"),
    // with the nearest ids as a hint; nothing is left.
    let out = cli(&["create", "bogus", "--ostype", "Bogus_99"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("unknown OS type id 'Bogus_99'") && text(&out).contains("Ubuntu_64"),
        "{}",
        text(&out)
    );
    assert!(!home.run_ok(&["list", "vms"]).contains("bogus"));

    // A disk within the range is made and shown.
    let out = cli(&["create", "disked", "--disk", "64"]);
    assert!(
        text(&out).contains("Created 'disked'") && text(&out).contains("64 MB disk"),
        "{}",
        text(&out)
    );
    let out = cli(&["show", "disked"]);
    assert!(text(&out).contains("disked.vdi (64 MB)"), "{}", text(&out));
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn destroy_removes_the_group_folders_the_real_virtualbox_keeps() {
    let home = RealHost::from_env().home("cli-group-folders");
    let bin = bin_of(&home);
    // The real host alone keeps the empty group folders.
    home.run_ok(&[
        "createvm",
        "--name",
        "kept",
        "--groups",
        "/kept/deep",
        "--register",
    ]);
    home.run_ok(&["unregistervm", "kept", "--delete"]);
    assert!(home.machine_folder().join("kept").join("deep").is_dir());
    let cli = |args: &[&str]| vboxctl(&home, bin.path()).args(args).output().unwrap();
    let out = cli(&["create", "web1", "--group", "/lab/web"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = cli(&["destroy", "web1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!home.machine_folder().join("lab").exists());
}
