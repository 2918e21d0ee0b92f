//! `sim serve` in one process and `--connect http://…` in another: the lifecycle over SOAP,
//! and authentication (a wrong password refused clearly, the password never printed).

use crate::TestContext;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

/// A running `vboxctl sim serve` on a free loopback port; killed on drop.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(ctx: &TestContext, extra: &[&str], password: Option<&str>) -> Server {
    let state = ctx.dir().join("served");
    std::fs::create_dir_all(&state).expect("the served state directory");
    let mut cmd = ctx.bare();
    cmd.args([
        "sim",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--api",
        "7.0",
        "--state",
    ])
    .arg(&state)
    .args(extra)
    .stderr(Stdio::piped())
    .stdout(Stdio::null());
    if let Some(p) = password {
        cmd.env("VBOXCTL_PASSWORD", p);
    }
    let mut child = cmd.spawn().expect("start the server");
    let mut line = String::new();
    BufReader::new(child.stderr.take().expect("stderr"))
        .read_line(&mut line)
        .expect("the server's first line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server { child, url }
}

#[test]
fn lifecycle_over_soap() {
    let ctx = TestContext::new();
    let server = serve(&ctx, &[], None);
    let run = |args: &[&str]| {
        let out = ctx
            .bare()
            .args(["--connect", &server.url])
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    };
    run(&["create", "tmpl", "--ostype", "Ubuntu_64", "--disk", "64"]);
    for (key, value) in crate::common::FAST_GUEST {
        run(&["extradata", "set", "tmpl", key, value]);
    }
    run(&["clone", "tmpl", "web 01", "--linked"]);
    assert_eq!(
        run(&["start", "web 01", "--wait-ip", "20"]).trim(),
        "10.0.2.15"
    );
    assert!(run(&["list"]).contains("web 01"));
    // doctor recognises the server as a vboxwebsrv.
    let addr = server.url.trim_start_matches("http://").to_string();
    let doctor = ctx
        .cmd()
        .args(["doctor", "-o", "json", "--webservice", &addr])
        .output()
        .unwrap();
    let checks: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let web = checks.as_array().unwrap().last().unwrap().clone();
    assert_eq!(web["status"], "ok", "{web}");
    assert!(
        web["detail"]
            .as_str()
            .unwrap()
            .starts_with("vboxwebsrv of VirtualBox 7.0"),
        "{web}"
    );
    assert!(run(&["version"]).contains("7.0"));
    run(&["stop", "web 01"]);
    run(&["destroy", "web 01"]);
    run(&["destroy", "tmpl"]);
    assert_eq!(run(&["list", "-o", "json"]).trim(), "[]");
}

#[test]
fn authentication() {
    let ctx = TestContext::new();
    let secret = "s3cr3t-Pässwort";
    let server = serve(&ctx, &["--user", "lab"], Some(secret));
    let list = |user: &str, password: &str| {
        ctx.bare()
            .args(["--connect", &server.url, "--user", user, "list"])
            .env("VBOXCTL_PASSWORD", password)
            .output()
            .unwrap()
    };
    let wrong = list("lab", "nope");
    assert_eq!(wrong.status.code(), Some(1));
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert!(err.contains("logon refused"), "{err}");
    assert!(
        !err.contains("nope") && !err.contains(secret),
        "no password in: {err}"
    );
    assert!(!list("intruder", secret).status.success());
    // One that wants a password is still recognised by doctor as a vboxwebsrv.
    let addr = server.url.trim_start_matches("http://").to_string();
    let doctor = ctx
        .cmd()
        .args(["doctor", "-o", "json", "--webservice", &addr])
        .env_remove("VBOXCTL_PASSWORD")
        .output()
        .unwrap();
    let checks: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let web = checks.as_array().unwrap().last().unwrap().clone();
    assert_eq!(web["status"], "ok", "{web}");
    assert!(
        web["detail"]
            .as_str()
            .unwrap()
            .contains("wants a user and password"),
        "{web}"
    );
    let ok = list("lab", secret);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // `-vv` shows each web service call, and still never the password.
    let traced = ctx
        .bare()
        .args(["-vv", "--connect", &server.url, "--user", "lab", "list"])
        .env("VBOXCTL_PASSWORD", secret)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&traced.stderr);
    assert!(traced.status.success(), "{err}");
    for op in [
        "IWebsessionManager_logon",
        "IVirtualBox_getVersion",
        "IVirtualBox_getMachines",
    ] {
        assert!(err.contains(op), "{op} in: {err}");
    }
    assert!(err.contains("INFO list_machines"), "{err}");
    assert!(!err.contains(secret), "no password in: {err}");

    // From a file (first line), warned about when others may read it.
    let file = ctx.dir().join("pw");
    std::fs::write(&file, format!("{secret}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let out = ctx
        .bare()
        .args(["--connect", &server.url, "--user", "lab", "--password-file"])
        .arg(&file)
        .arg("list")
        .env_remove("VBOXCTL_PASSWORD")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    #[cfg(unix)]
    assert!(err.contains("can be read by other users"), "{err}");
    assert!(!err.contains(secret));

    // The server refuses to start with a user but no password.
    std::fs::create_dir_all(ctx.dir().join("other")).unwrap();
    let refused = ctx
        .bare()
        .args([
            "sim",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--user",
            "lab",
            "--state",
        ])
        .arg(ctx.dir().join("other"))
        .env_remove("VBOXCTL_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("needs a password"));
}

/// The server keeps the registry it read (its reads write nothing) yet answers with what other
/// processes wrote since: vboxctl on `sim://` and the VBoxManage emulator, each a process of
/// its own on the served directory, and the other way round.
#[test]
fn the_server_sees_what_other_processes_write() {
    let ctx = TestContext::new();
    let server = serve(&ctx, &[], None);
    let state = ctx.dir().join("served");
    let over_soap = |args: &[&str]| ok(ctx.bare().args(["--connect", &server.url]).args(args));
    let on_disk = |args: &[&str]| {
        let uri = format!("sim://{}", state.display());
        ok(ctx.bare().args(["--connect", &uri]).args(args))
    };
    let emulator = |args: &[&str]| {
        ok(
            std::process::Command::new(env!("CARGO_BIN_EXE_vboxmanage-sim"))
                .args(args)
                .env("VBOX_USER_HOME", &state)
                .env("VBOXCTL_SIM_VERSION", "7.0"),
        )
    };
    over_soap(&["create", "a"]);
    let listed = over_soap(&["list", "-o", "json"]);
    assert!(
        listed.contains("\"a\"") && !listed.contains("\"b\""),
        "{listed}"
    );
    on_disk(&["create", "b"]);
    let listed = over_soap(&["list", "-o", "json"]);
    assert!(listed.contains("\"b\""), "{listed}");
    emulator(&["setextradata", "b", "lab/owner", "ops"]);
    assert_eq!(
        over_soap(&["extradata", "get", "b", "lab/owner"]).trim(),
        "ops"
    );
    // The same length again: still seen.
    emulator(&["setextradata", "b", "lab/owner", "dev"]);
    assert_eq!(
        over_soap(&["extradata", "get", "b", "lab/owner"]).trim(),
        "dev"
    );
    over_soap(&["extradata", "set", "a", "lab/owner", "qa"]);
    assert_eq!(emulator(&["getextradata", "a", "lab/owner"]), "Value: qa\n");
    assert_eq!(
        on_disk(&["extradata", "get", "a", "lab/owner"]).trim(),
        "qa"
    );
}

/// Runs `cmd`, which must succeed; its stdout.
fn ok(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
