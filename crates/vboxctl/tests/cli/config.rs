//! `--config`, `--host` and `[hosts.NAME]`: choosing a connection, errors that point into the
//! file, the password warning, and a map whose machines live on two hosts.

use crate::{snap, TestContext};

/// A configuration naming this test's simulator `lab`.
fn config(ctx: &TestContext, extra: &str) -> String {
    let text = format!(
        "[hosts.lab]\nconnect = \"sim://{}\"\n{extra}",
        ctx.dir().display()
    );
    ctx.write("config.toml", &text).display().to_string()
}

#[test]
fn host_chooses_a_connection_of_the_configuration() {
    let ctx = TestContext::new();
    ctx.run(&["create", "db"]);
    let file = config(&ctx, "");
    snap!(ctx, ctx.bare().args(["--config", &file, "--host", "lab", "list", "-o", "json"]).arg("-q"), @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "name": "db",
        "id": "[UUID]",
        "state": "PoweredOff",
        "os_type": "Other",
        "memory_mb": 128,
        "cpus": 1,
        "groups": [
          "/"
        ],
        "session_state": "Unlocked",
        "accessible": true
      }
    ]
    ----- stderr -----
    "#);
    // The environment names the file and the host as well as the flags do.
    snap!(ctx, ctx.bare().env("VBOXCTL_CONFIG", &file).env("VBOXCTL_HOST", "lab").arg("exists").arg("db"), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    ");
    snap!(ctx, ctx.bare().args(["--config", &file, "--host", "nope", "list"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: no connection named "nope" in [SIM]/config.toml (known: lab)
    hint: add [hosts.nope] with connect = "…" to the configuration
    "#);
}

#[test]
fn connect_and_host_on_the_command_line_are_refused_together() {
    let ctx = TestContext::new();
    let file = config(&ctx, "");
    snap!(ctx, ctx.bare().args(["--config", &file, "--host", "lab", "--connect", "sim:///x", "list"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: --connect sim:///x and --host lab both name the host to use
    hint: give one of them
    ");
}

#[test]
fn a_password_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let ctx = TestContext::new();
    let file = config(&ctx, "user = \"me\"\npassword = \"hunter2\"\n");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    snap!(ctx, ctx.bare().args(["--config", &file, "--host", "lab", "list"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    warning: [SIM]/config.toml:4:12: hosts.lab.password: a password is written in a file readable by group or others (mode 0644) (chmod 600 [SIM]/config.toml, or move the password to password_file or password_env)
    No machines are registered
    ");
}

#[test]
fn config_and_map_errors_name_the_file_line_and_key() {
    let ctx = TestContext::new();
    let bad_config = ctx.write("bad.toml", "[hosts.lab]\nconect = \"sim://\"\n");
    snap!(ctx, ctx.bare().arg("--config").arg(&bad_config).arg("list"), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: [SIM]/bad.toml:2:1: hosts.lab.conect: unknown key
    hint: did you mean `connect`? known keys: connect, user, password_file, password_env, password
    ");
    let cases = [
        (
            "typo.toml",
            "[profiles.web]\nclonefrom = \"t\"\nmemroy = 512\n\n[[machines]]\nprofile = \"web\"\nnames = [\"a\"]\n",
        ),
        (
            "value.toml",
            "[profiles.web]\nclonefrom = \"t\"\nclonemode = \"everything\"\n\n[[machines]]\nprofile = \"web\"\nnames = [\"a\"]\n",
        ),
        (
            "profile.toml",
            "[[machines]]\nprofile = \"db\"\ncount = 2\nname = \"db-{n}\"\n",
        ),
        ("syntax.toml", "[[machines]\nprofile = \"web\"\n"),
        (
            "deploy.toml",
            "[profiles.web]\nclonefrom = \"t\"\ndeploy = true\n\n[[machines]]\nprofile = \"web\"\nnames = [\"a\"]\n",
        ),
    ];
    let mut out = String::new();
    for (file, text) in cases {
        let path = ctx.write(file, text);
        let run = ctx.cmd().arg("up").arg(&path).output().unwrap();
        assert_eq!(run.status.code(), Some(1), "{file}");
        out.push_str(&String::from_utf8_lossy(&run.stderr));
    }
    ctx.settings().bind(|| insta::assert_snapshot!(out, @r#"
    error: [SIM]/typo.toml:3:1: profiles.web.memroy: unknown key
    hint: did you mean `memory`? known keys: clonefrom, clonemode, power_on, wait_for_ip_timeout, waitforpattern, interfaceindex, boot_timeout, linked, snapshot, memory, cpus, groups, description, nics, forwarded_ports, storage, shared_folders, start_type, stop_mode, stop_timeout, host
    error: [SIM]/value.toml:3:13: profiles.web.clonemode: illegal value "everything"; legal values are: state, child, all
    error: [SIM]/profile.toml:2:11: machines[0].profile: no profile named "db" (known: none)
    hint: define it under [profiles.NAME] in this map or in config.toml
    error: [SIM]/syntax.toml:1:11: invalid TOML: invalid table header: expected `.`, `]]`
    error: [SIM]/deploy.toml:3:1: profiles.web.deploy: `deploy` is out of scope: vboxctl makes, starts and stops machines but does not bootstrap Salt over SSH (salt-cloud's deploy step)
    hint: remove it, and configure the guests after `vboxctl up` (e.g. Salt or Ansible with `vboxctl inventory`)
    "#));
}

#[test]
fn a_map_on_two_hosts_runs_each_machine_on_its_own() {
    let ctx = TestContext::new();
    let other = TestContext::new();
    ctx.template("tmpl");
    other.template("tmpl");
    let file = ctx.write(
        "config.toml",
        &format!(
            "[hosts.a]\nconnect = \"sim://{}\"\n[hosts.b]\nconnect = \"sim://{}\"\n",
            ctx.dir().display(),
            other.dir().display()
        ),
    );
    let map = ctx.write(
        "map.toml",
        r#"
[profiles.here]
clonefrom = "tmpl"
host = "a"
[profiles.there]
clonefrom = "tmpl"
host = "b"

[[machines]]
profile = "here"
names = ["one"]
[[machines]]
profile = "there"
names = ["two"]
"#,
    );
    snap!(ctx, ctx.bare().arg("--config").arg(&file).arg("up").arg(&map).arg("-q"), @"
    exit: 0
    ----- stdout -----
    NAME  HOST  OUTCOME  STATE    ADDRESSES
    one   a     changed  Running  10.0.2.15
    two   b     changed  Running  10.0.2.15
    ----- stderr -----
    ");
    assert_eq!(ctx.names(), ["one", "tmpl"]);
    assert_eq!(other.names(), ["tmpl", "two"]);
}

#[test]
fn an_explicit_connection_never_reads_the_configuration() {
    let ctx = TestContext::new();
    ctx.run(&["create", "db"]);
    // A broken default configuration file.
    let xdg = ctx.dir().join("xdg-config").join("vboxctl");
    std::fs::create_dir_all(&xdg).unwrap();
    std::fs::write(
        xdg.join("config.toml"),
        "[hosts.lab]\nconect = \"sim://\"\n",
    )
    .unwrap();
    snap!(ctx, ctx.cmd().args(["exists", "db"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    ");
    snap!(ctx, ctx.bare().env("VBOXCTL_CONNECT", ctx.uri()).args(["exists", "db"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    ");
    // Without one, the file is read, and its error shown.
    snap!(ctx, ctx.bare().args(["exists", "db"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: [SIM]/xdg-config/vboxctl/config.toml:2:1: hosts.lab.conect: unknown key
    hint: did you mean `connect`? known keys: connect, user, password_file, password_env, password
    ");
}

#[test]
fn the_command_line_wins_over_the_environment_and_says_so() {
    let ctx = TestContext::new();
    let other = TestContext::new();
    ctx.run(&["create", "here"]);
    other.run(&["create", "elsewhere"]);
    let file = config(&ctx, "");
    let mut settings = ctx.settings();
    settings.add_filter(
        &regex::escape(&other.dir().display().to_string()),
        "[OTHER]",
    );
    let snap = |cmd: &mut std::process::Command| crate::common::render(&cmd.output().unwrap());
    let text = snap(
        ctx.bare()
            .env("VBOXCTL_CONNECT", other.uri())
            .args(["--config", &file, "--host", "lab", "list", "-o", "json"]),
    );
    settings.bind(|| insta::assert_snapshot!(text, @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "name": "here",
        "id": "[UUID]",
        "state": "PoweredOff",
        "os_type": "Other",
        "memory_mb": 128,
        "cpus": 1,
        "groups": [
          "/"
        ],
        "session_state": "Unlocked",
        "accessible": true
      }
    ]
    ----- stderr -----
    note: --host lab is used, not VBOXCTL_CONNECT=sim://[OTHER]: the command line wins over the environment
    "#));
    // Two choices in the environment are an error, not a silent pick.
    let text = snap(
        ctx.bare()
            .env("VBOXCTL_CONNECT", other.uri())
            .env("VBOXCTL_HOST", "lab")
            .env("VBOXCTL_CONFIG", &file)
            .args(["list"]),
    );
    settings.bind(|| {
        insta::assert_snapshot!(text, @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: VBOXCTL_CONNECT=sim://[OTHER] and VBOXCTL_HOST=lab both name the host to use
    hint: unset one of them, or choose on the command line with --connect or --host
    ")
    });
}
