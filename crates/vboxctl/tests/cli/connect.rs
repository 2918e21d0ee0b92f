//! Which host a command drives when none is named, and that every host proves what it is:
//! the local VirtualBox by default, the simulator only when asked or when there is none (then
//! with a notice), no program that merely exits 0, no simulator made by a typo.

use crate::{snap, TestContext};
use std::path::{Path, PathBuf};

/// A folder for PATH holding `VBoxManage`: the emulator, as an installed VirtualBox would
/// hold the real one.
fn bin_with_vboxmanage(ctx: &TestContext) -> PathBuf {
    let bin = ctx.dir().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_vboxmanage-sim"), bin.join("VBoxManage"))
        .unwrap();
    bin
}

/// Whether this machine has a VirtualBox in the folders discovery always looks in.
fn installed_here() -> bool {
    [
        "/usr/bin",
        "/usr/local/bin",
        "/usr/lib/virtualbox",
        "/opt/VirtualBox",
    ]
    .iter()
    .any(|d| {
        ["VBoxManage", "vboxmanage"]
            .iter()
            .any(|n| Path::new(d).join(n).exists())
    })
}

#[test]
fn the_default_is_the_local_virtualbox() {
    let ctx = TestContext::new();
    let bin = bin_with_vboxmanage(&ctx);
    let local = || {
        let mut cmd = ctx.bare();
        cmd.env("PATH", &bin).env_remove("VBOX_INSTALL_PATH");
        cmd
    };
    local().args(["create", "real-one"]).output().unwrap();
    let mut settings = ctx.settings();
    settings.add_filter(&regex::escape(&bin.display().to_string()), "[BIN]");
    let out = local()
        .args(["-v", "list", "-o", "json", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::common::render(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows[0]["name"], "real-one",
        "the machine is on the local VirtualBox"
    );
    let out = local().args(["-v", "version"]).output().unwrap();
    let text = crate::common::render(&out);
    settings.bind(|| {
        insta::assert_snapshot!(text, @"
    exit: 0
    ----- stdout -----
    vboxctl:    [VERSION]
    Backend:    vboxmanage://[SIM]/bin/VBoxManage
    VirtualBox: 7.1.12r169651
    API:        7.1
    ----- stderr -----
    Connecting to vboxmanage://[SIM]/bin/VBoxManage
     INFO version
    Connected to vboxmanage://[SIM]/bin/VBoxManage (VirtualBox 7.1.12 r169651, API 7.1)
    ")
    });
}

#[test]
fn without_virtualbox_the_simulator_is_used_and_said() {
    let ctx = TestContext::new();
    let empty = ctx.dir().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let mut cmd = ctx.bare();
    cmd.env("PATH", &empty)
        .env_remove("VBOX_INSTALL_PATH")
        .env_remove("VBOX_MSI_INSTALL_PATH")
        .env("VBOXCTL_SIM_DIR", ctx.dir().join("per-user-sim"))
        .arg("list");
    if installed_here() {
        let out = cmd.output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains("simulator"));
        return;
    }
    snap!(ctx, cmd, @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    notice: no VirtualBox found here (no VBoxManage on PATH, in VBOX_INSTALL_PATH or the install folders): using the simulator in [SIM]/per-user-sim; drive a real host with --connect vboxmanage:///path/to/VBoxManage, ssh://user@host or http://host:18083
    No machines are registered
    ");
    let out = ctx
        .bare()
        .env("PATH", &empty)
        .env_remove("VBOX_INSTALL_PATH")
        .env("VBOXCTL_SIM_DIR", ctx.dir().join("per-user-sim"))
        .args(["doctor", "-o", "json"])
        .output()
        .unwrap();
    let checks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        checks[0]["detail"]
            .as_str()
            .unwrap()
            .ends_with("(the simulator: no VirtualBox was found here)"),
        "{checks}"
    );
    // Asked for, the simulator says nothing more.
    snap!(ctx, ctx.bare().env("VBOXCTL_SIM_DIR", ctx.dir().join("per-user-sim")).args(["--connect", "sim://", "list"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    No machines are registered
    ");
}

#[test]
fn a_program_that_is_no_vboxmanage_is_refused() {
    let ctx = TestContext::new();
    let mut settings = ctx.settings();
    // What `true --version` prints differs between coreutils versions.
    settings.add_filter(
        r#"output "true \(GNU coreutils\)[^"]*""#,
        "output \"[TRUE --VERSION]\"",
    );
    let out = ctx
        .bare()
        .args(["--connect", "vboxmanage:///bin/true", "list"])
        .output()
        .unwrap();
    let text = crate::common::render(&out);
    settings.bind(|| insta::assert_snapshot!(text, @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: 'vboxmanage:///bin/true' did not answer as a VirtualBox host
      caused by: cannot read the VirtualBox version from `VBoxManage --version` output "[TRUE --VERSION]"
    hint: the program must be VirtualBox's VBoxManage: `VBoxManage --version` prints its version
    "#));
}

#[test]
fn a_mistyped_simulator_directory_is_refused() {
    let ctx = TestContext::new();
    let typo = ctx.dir().join("lba");
    snap!(ctx, ctx.bare().arg("--connect").arg(format!("sim://{}", typo.display())).arg("list"), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: the simulator directory [SIM]/lba does not exist
    hint: check the path; to make a new simulated host there, create the directory first (`mkdir -p [SIM]/lba`)
    ");
    assert!(!typo.exists(), "no simulator was made");
}

#[test]
fn doctor_fails_on_a_refused_connection() {
    let ctx = TestContext::new();
    let out = ctx
        .bare()
        .args(["--connect", "http://127.0.0.1:9", "doctor", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        crate::common::render(&out)
    );
    let checks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(checks[0]["check"], "backend");
    assert_eq!(checks[0]["status"], "failed");
    assert!(checks[0]["detail"]
        .as_str()
        .unwrap()
        .contains("Connection refused"));
}

#[test]
fn doctor_tells_a_vboxwebsrv_from_anything_else_listening() {
    use std::io::{Read, Write};
    let ctx = TestContext::new();
    // An HTTP server that is not a web service: it answers every request with a page.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
            );
        }
    });
    let out = ctx
        .cmd()
        .args(["doctor", "-o", "json", "--webservice", &addr])
        .output()
        .unwrap();
    let checks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let web = checks.as_array().unwrap().last().unwrap();
    assert_eq!(web["check"], "webservice");
    assert_eq!(web["status"], "warning", "{web}");
    assert!(
        web["detail"].as_str().unwrap().starts_with(&format!(
            "something listens on {addr} but is not a vboxwebsrv"
        )),
        "{web}"
    );
}
