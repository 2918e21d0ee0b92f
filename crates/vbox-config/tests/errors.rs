//! Every error and warning message, rendered as the CLI shows it (`error:` line, `hint:`).

use std::path::Path;
use vbox_config::{Config, Map};

/// The message and its hint, one per line.
fn render(e: &vbox_config::Error) -> String {
    match e.hint() {
        Some(h) => format!("{e}\nhint: {h}"),
        None => e.to_string(),
    }
}

fn config_error(text: &str) -> String {
    let e = Config::parse(Path::new("config.toml"), text, Some(0o600)).expect_err("invalid");
    assert!(e.diagnostic().is_some(), "located: {e}");
    render(&e)
}

const BASE: &str = "[hosts.lab]\nconnect = \"sim://\"\n[profiles.web]\nclonefrom = \"tmpl\"\n";

fn map_error(text: &str) -> String {
    let config = Config::parse(Path::new("config.toml"), BASE, Some(0o600)).unwrap();
    render(&Map::parse(Path::new("lab.toml"), text, &config).expect_err("invalid"))
}

fn check(cases: &[(&str, &str)], run: fn(&str) -> String) {
    let mut failures = Vec::new();
    for (input, want) in cases {
        let got = run(input);
        if got != *want {
            failures.push(format!("input:\n{input}\nwant:\n{want}\ngot:\n{got}\n"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn config_errors() {
    check(CONFIG_CASES, config_error);
}

#[test]
fn map_errors() {
    check(MAP_CASES, map_error);
}

const CONFIG_CASES: &[(&str, &str)] = &[
    (
        "[hosts.lab\nconnect = 1\n",
        "config.toml:1:11: invalid TOML: invalid table header: expected `.`, `]`",
    ),
    (
        "[hosts.lab]\nconnect = \"sim://\"\nconnect = \"sim://\"\n",
        "config.toml:3:1: invalid TOML: duplicate key `connect` in table `hosts.lab`",
    ),
    (
        "defualt_host = \"lab\"\n",
        "config.toml:1:1: defualt_host: unknown key\nhint: did you mean `default_host`? known keys: default_host, hosts, profiles",
    ),
    (
        "hosts = \"lab\"\n",
        "config.toml:1:9: hosts: expected a table, found string",
    ),
    (
        "[hosts.lab]\nconnect = \"sim://\"\nport = 18083\n",
        "config.toml:3:1: hosts.lab.port: unknown key\nhint: known keys: connect, user, password_file, password_env, password",
    ),
    (
        "[hosts.lab]\nuser = \"vbox\"\n",
        "config.toml:1:1: hosts.lab.connect: missing: connect (the backend URI, e.g. \"ssh://me@lab\")",
    ),
    (
        "[hosts.lab]\nconnect = \"lab.example\"\n",
        "config.toml:2:11: hosts.lab.connect: \"lab.example\" is not a backend URI\nhint: write vboxmanage://, ssh://USER@HOST, http://HOST:18083 or sim://",
    ),
    (
        "[hosts.lab]\nconnect = \"http://lab:18083\"\npassword_env = \"LAB_PW\"\npassword_file = \"pw\"\n",
        "config.toml:4:1: hosts.lab.password_file: give the password one way only, not both password_env and password_file",
    ),
    (
        "[hosts.lab]\nconnect = \"http://lab:18083\"\npassword_env = \"$LAB_PW\"\n",
        "config.toml:3:16: hosts.lab.password_env: password_env is the name of an environment variable (like LAB_PASSWORD), not a value",
    ),
    (
        "default_host = \"prod\"\n[hosts.lab]\nconnect = \"sim://\"\n",
        "config.toml:1:16: default_host: no connection named \"prod\" (known: lab)",
    ),
    (
        "[profiles.web]\nclonefrm = \"tmpl\"\n",
        "config.toml:2:1: profiles.web.clonefrm: unknown key\nhint: did you mean `clonefrom`? known keys: clonefrom, clonemode, power_on, wait_for_ip_timeout, waitforpattern, interfaceindex, boot_timeout, linked, snapshot, memory, cpus, groups, description, nics, forwarded_ports, storage, shared_folders, start_type, stop_mode, stop_timeout, host",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\ndeploy = false\n",
        "config.toml:3:1: profiles.web.deploy: `deploy` is out of scope: vboxctl makes, starts and stops machines but does not bootstrap Salt over SSH (salt-cloud's deploy step)\nhint: remove it, and configure the guests after `vboxctl up` (e.g. Salt or Ansible with `vboxctl inventory`)",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nprovider = \"virtualbox-config\"\n",
        "config.toml:3:1: profiles.web.provider: `provider` is salt-cloud's; vboxctl names the VirtualBox host of a profile with `host`\nhint: write host = \"NAME\" with a [hosts.NAME] section, or leave it out for the default host",
    ),
    (
        "[profiles.web]\nmemory = 1024\n",
        "config.toml:1:1: profiles.web.clonefrom: missing: clonefrom (the template machine to clone)",
    ),
    (
        "[profiles.web]\nclonefrom = \"  \"\n",
        "config.toml:2:13: profiles.web.clonefrom: clonefrom (the template machine to clone) must not be empty",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nclonemode = \"machine\"\n",
        "config.toml:3:13: profiles.web.clonemode: illegal value \"machine\"; legal values are: state, child, all",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nmemory = \"lots\"\n",
        "config.toml:3:10: profiles.web.memory: expected an integer from 4 to 2097152 (MB), found string",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nmemory = 2\n",
        "config.toml:3:10: profiles.web.memory: 2 is out of range: expected an integer from 4 to 2097152 (MB)",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\npower_on = \"yes\"\n",
        "config.toml:3:12: profiles.web.power_on: expected true or false, found string",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\ngroups = [\"lab\"]\n",
        "config.toml:3:11: profiles.web.groups: illegal group \"lab\": a group is a path like \"/lab/web\"",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\ngroups = [\"/lab\", 2]\n",
        "config.toml:3:19: profiles.web.groups[1]: expected a string, found integer",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nlinked = true\nclonemode = \"child\"\n",
        "config.toml:4:13: profiles.web.clonemode: a linked clone copies only one state: clonemode must be \"state\" with linked = true\nhint: VirtualBox refuses linked clones of child or all states",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nhost = \"lab\"\n",
        "config.toml:3:8: profiles.web.host: no connection named \"lab\" (known: none)\nhint: add a [hosts.lab] section with connect = \"…\"",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nstart_type = \"window\"\n",
        "config.toml:3:14: profiles.web.start_type: illegal value \"window\"; legal values are: headless, gui, separate, sdl",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nstop_mode = \"halt\"\n",
        "config.toml:3:13: profiles.web.stop_mode: illegal value \"halt\"; legal values are: acpi, poweroff, savestate",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nwait_for_ip_timeout = -1\n",
        "config.toml:3:23: profiles.web.wait_for_ip_timeout: -1 is out of range: expected an integer from 0 to 86400 (seconds)",
    ),
    (
        "[profiles.web]\nclonefrom = \"tmpl\"\nboot_timeout = 1.5\n",
        "config.toml:3:16: profiles.web.boot_timeout: expected an integer from 1 to 86400000 (milliseconds), found float",
    ),
    (
        "profiles = { web = { clonefrom = \"tmpl\", cpus = 0 } }\n",
        "config.toml:1:49: profiles.web.cpus: 0 is out of range: expected an integer from 1 to 64 (virtual CPUs)",
    ),
];
const MAP_CASES: &[(&str, &str)] = &[
    (
        "[profiles.w]\nclonefrom = \"t\"\n[[profiles.w.nics]]\ntype = \"bridged\"\n[[machines]]\nprofile = \"w\"\nnames = [\"a\"]\n",
        "lab.toml:4:8: profiles.w.nics[0].type: a bridged NIC needs network = \"…\" (the interface or network it joins)",
    ),
    (
        "[profiles.w]\nclonefrom = \"t\"\n[[profiles.w.nics]]\ntype = \"wifi\"\n[[machines]]\nprofile = \"w\"\nnames = [\"a\"]\n",
        "lab.toml:4:8: profiles.w.nics[0].type: illegal value \"wifi\"; legal values are: nat, bridged, hostonly, hostonlynet, intnet, natnetwork, generic, none",
    ),
    (
        "[profiles.w]\nclonefrom = \"t\"\n[[profiles.w.forwarded_ports]]\nguest = 22\nhost = 2222\n[[profiles.w.forwarded_ports]]\nguest = 23\nhost = 2222\n[[machines]]\nprofile = \"w\"\nnames = [\"a\"]\n",
        "lab.toml:8:8: profiles.w.forwarded_ports[1].host: host port 2222 is already forwarded by \"tcp22\"",
    ),
    (
        "[profiles.w]\nclonefrom = \"t\"\n[[profiles.w.forwarded_ports]]\nguest = 22\n[[machines]]\nprofile = \"w\"\nnames = [\"a\"]\n",
        "lab.toml:3:1: profiles.w.forwarded_ports[0].host: missing: host (a port)",
    ),
    (
        "[profiles.w]\nclonefrom = \"t\"\nnics = 1\n[[machines]]\nprofile = \"w\"\nnames = [\"a\"]\n",
        "lab.toml:3:8: profiles.w.nics: expected an array of tables ([[profiles.w.nics]]), found integer",
    ),
    (
        "[profiles.x]\nclonefrom = \"t\"\n",
        "lab.toml:1:1: the map lists no machines\nhint: add [[machines]] entries with profile = \"NAME\" and names = [...] or count + name",
    ),
    (
        "machines = 3\n",
        "lab.toml:1:12: machines: expected an array of tables ([[machines]]), found integer",
    ),
    (
        "[[machines]]\nprofile = \"web\"\nnames = [\"a\"]\nhost = \"lab\"\n",
        "lab.toml:4:1: machines[0].host: unknown key\nhint: known keys: profile, names, name, count, first",
    ),
    (
        "[[machines]]\nnames = [\"a\"]\n",
        "lab.toml:1:1: machines[0].profile: missing: profile (the name of a [profiles.NAME])",
    ),
    (
        "[[machines]]\nprofile = \"wbe\"\nnames = [\"a\"]\n",
        "lab.toml:2:11: machines[0].profile: no profile named \"wbe\" (known: web)\nhint: define it under [profiles.NAME] in this map or in config.toml",
    ),
    (
        "[[machines]]\nprofile = \"web\"\nnames = [\"a\"]\ncount = 2\n",
        "lab.toml:4:1: machines[0].count: give either names = [...] or count with a name pattern, not both names and count",
    ),
    (
        "[[machines]]\nprofile = \"web\"\ncount = 2\n",
        "lab.toml:3:9: machines[0].count: count needs a name pattern\nhint: add name = \"web-{n:02}\" (gives web-01, web-02, …)",
    ),
    (
        "[[machines]]\nprofile = \"web\"\ncount = 3\nname = \"web\"\n",
        "lab.toml:4:8: machines[0].name: the name has no {n}: all 3 machines would be named \"web\"\nhint: write e.g. name = \"web-{n:02}\"",
    ),
    (
        "[[machines]]\nprofile = \"web\"\ncount = 3\nname = \"web-{i}\"\n",
        "lab.toml:4:8: machines[0].name: unknown placeholder `{i}`: write `{n}` or `{n:0W}` (W digits, zero-padded)",
    ),
    (
        "[[machines]]\nprofile = \"web\"\nname = \"web-{n}\"\n",
        "lab.toml:3:8: machines[0].name: a name pattern needs a count\nhint: add count = N",
    ),
    (
        "[[machines]]\nprofile = \"web\"\ncount = 0\nname = \"web-{n}\"\n",
        "lab.toml:3:9: machines[0].count: 0 is out of range: expected an integer from 1 to 1000 (machines)",
    ),
    (
        "[[machines]]\nprofile = \"web\"\nnames = []\n",
        "lab.toml:3:9: machines[0].names: names is empty",
    ),
    (
        "[[machines]]\nprofile = \"web\"\nnames = [\"ok\", \"a/b\"]\n",
        "lab.toml:3:16: machines[0].names[1]: illegal machine name \"a/b\": no slashes, control characters or surrounding spaces",
    ),
    (
        "[[machines]]\nprofile = \"web\"\n",
        "lab.toml:1:1: machines[0]: an entry needs names = [...], or count and a name pattern",
    ),
    (
        "[[machines]]\nprofile = \"web\"\nnames = [\"a\"]\nfirst = 3\n",
        "lab.toml:4:9: machines[0].first: first numbers the machines of a count; there is no count",
    ),
    (
        "[[machines]]\nprofile = \"web\"\ncount = 2\nname = \"web-{n}\"\n\n[[machines]]\nprofile = \"web\"\nnames = [\"web-2\"]\n",
        "lab.toml:8:10: machines[1].names[0]: machine \"web-2\" is already in this map (line 4)",
    ),
];

/// A warning as the CLI shows it.
fn render_warning(d: &vbox_config::Diagnostic) -> String {
    match &d.hint {
        Some(h) => format!("warning: {d}\nhint: {h}"),
        None => format!("warning: {d}"),
    }
}

#[cfg(unix)]
#[test]
fn passwords_readable_by_others_give_warnings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("lab.pw");
    std::fs::write(&secret, "s3cret\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let file = dir.path().join("config.toml");
    let text = "[hosts.a]\nconnect = \"http://a:18083\"\npassword = \"inline\"\n\n[hosts.b]\nconnect = \"http://b:18083\"\npassword_file = \"lab.pw\"\n";
    std::fs::write(&file, text).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();

    let config = Config::load(&file).expect("warnings do not stop loading");
    let shown: Vec<String> = config.warnings.iter().map(render_warning).collect();
    let (f, s) = (file.display(), secret.display());
    assert_eq!(
        shown,
        [
            format!("warning: {f}:3:12: hosts.a.password: a password is written in a file readable by group or others (mode 0640)\nhint: chmod 600 {f}, or move the password to password_file or password_env"),
            format!("warning: {f}:7:17: hosts.b.password_file: {s} is readable by group or others (mode 0644)\nhint: chmod 600 {s}"),
        ]
    );
    let none = |_: &str| None;
    let b = config.host("b").unwrap();
    assert_eq!(
        b.credentials.resolve(&none).unwrap().unwrap().expose(),
        "s3cret"
    );
    let a = config.host("a").unwrap();
    assert_eq!(format!("{:?}", a.credentials), "Inline(***)", "never shown");

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(Config::load(&file).unwrap().warnings.is_empty());
}

#[test]
fn missing_password_sources_are_errors_naming_them() {
    let text = "[hosts.a]\nconnect = \"http://a:18083\"\npassword_env = \"A_PW\"\n[hosts.b]\nconnect = \"http://b:18083\"\npassword_file = \"/nonexistent/b.pw\"\n";
    let config = Config::parse(Path::new("config.toml"), text, Some(0o600)).unwrap();
    let none = |_: &str| None;
    let err = config
        .host("a")
        .unwrap()
        .credentials
        .resolve(&none)
        .unwrap_err();
    assert_eq!(
        render(&err),
        "the password variable A_PW is not set\nhint: export A_PW=… before running vboxctl, or use password_file"
    );
    let err = config
        .host("b")
        .unwrap()
        .credentials
        .resolve(&none)
        .unwrap_err();
    assert_eq!(render(&err), "cannot read /nonexistent/b.pw");
}
