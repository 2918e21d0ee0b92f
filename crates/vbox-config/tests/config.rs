//! What a good configuration and map turn into, and which connection wins.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vbox_config::locate::{config_path, load_config};
use vbox_config::{
    resolve_connection, resolve_password, Config, Credentials, Map, Origin, Overrides,
};
use vbox_ops::StopMode;
use vbox_types::{CloneMode, StartType};

const CONFIG: &str = r#"
default_host = "local"

[hosts.local]
connect = "vboxmanage://"

[hosts.lab]
connect = "http://lab.example:18083"
user = "vbox"
password_env = "LAB_VBOX_PASSWORD"

[profiles.web]
host = "lab"
clonefrom = "ubuntu-24.04"
clonemode = "state"
linked = true
power_on = true
wait_for_ip_timeout = 120
waitforpattern = "/VirtualBox/GuestInfo/OS/Product"
interfaceindex = 1
boot_timeout = 30000
memory = 2048
cpus = 2
groups = ["/lab/web"]
description = "web tier"
start_type = "headless"
stop_mode = "poweroff"
stop_timeout = 20

[profiles.db]
clonefrom = "debian-12"
clonemode = "all"
power_on = false
"#;

fn config() -> Config {
    Config::parse(Path::new("/etc/vboxctl/config.toml"), CONFIG, Some(0o600)).expect("valid")
}

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

#[test]
fn profiles_keep_salt_cloud_keys_and_units() {
    let config = config();
    assert!(config.warnings.is_empty());
    let web = config.profile("web").unwrap();
    assert_eq!(web.host.as_deref(), Some("lab"));
    let spec = web.spec("web-01");
    assert_eq!(spec.name, "web-01");
    assert_eq!(spec.profile, "web");
    assert_eq!(spec.clone_from, "ubuntu-24.04");
    assert_eq!(spec.clone_mode, CloneMode::MachineState);
    assert!(spec.linked && spec.power_on);
    assert_eq!(
        spec.wait_for_ip_timeout,
        Duration::from_secs(120),
        "Salt: seconds"
    );
    assert_eq!(
        spec.boot_timeout,
        Duration::from_millis(30_000),
        "Salt: milliseconds"
    );
    assert_eq!(
        spec.wait_for_pattern.as_deref(),
        Some("/VirtualBox/GuestInfo/OS/Product")
    );
    assert_eq!(spec.interface_index, 1);
    assert_eq!((spec.memory_mb, spec.cpus), (Some(2048), Some(2)));
    assert_eq!(spec.groups, ["/lab/web"]);
    assert_eq!(spec.description.as_deref(), Some("web tier"));
    assert_eq!(spec.start_type, StartType::Headless);
    assert_eq!(spec.stop_mode, StopMode::PowerOff);
    assert_eq!(spec.stop_timeout, Duration::from_secs(20));

    let db = config.profile("db").unwrap().spec("db");
    assert_eq!(db.clone_mode, CloneMode::AllStates);
    assert!(!db.power_on && !db.linked);
    assert_eq!(
        db.wait_for_ip_timeout,
        Duration::from_secs(60),
        "Salt's default"
    );
    assert_eq!(db.boot_timeout, Duration::from_secs(60), "Salt's default");
    assert_eq!(db.interface_index, 0);
}

#[test]
fn maps_expand_names_and_counts() {
    let map = r#"
[profiles.cache]
clonefrom = "alpine"

[[machines]]
profile = "web"
count = 3
name = "web-{n:02}"

[[machines]]
profile = "db"
names = ["db-main", "db-replica"]

[[machines]]
profile = "cache"
count = 2
first = 0
name = "cache{n}"
"#;
    let map = Map::parse(Path::new("lab.toml"), map, &config()).expect("valid map");
    let names: Vec<&str> = map.machines.iter().map(|w| w.spec.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "web-01",
            "web-02",
            "web-03",
            "db-main",
            "db-replica",
            "cache0",
            "cache1"
        ]
    );
    assert_eq!(map.hosts(), [Some("lab"), None]);
    let on_lab: Vec<String> = map
        .specs_on(Some("lab"))
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(on_lab, ["web-01", "web-02", "web-03"]);
    assert_eq!(map.specs_on(None).len(), 4);
    assert_eq!(
        map.machines[5].spec.clone_from, "alpine",
        "the map's own profile"
    );
}

#[test]
fn the_config_file_is_found_by_precedence() {
    let cli = Path::new("/tmp/cli.toml");
    let all = env(&[
        ("VBOXCTL_CONFIG", "/tmp/env.toml"),
        ("XDG_CONFIG_HOME", "/xdg"),
        ("HOME", "/home/me"),
    ]);
    assert_eq!(
        config_path(Some(cli), &all),
        Some((cli.to_path_buf(), true))
    );
    assert_eq!(
        config_path(None, &all),
        Some((PathBuf::from("/tmp/env.toml"), true))
    );
    let xdg = env(&[("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/me")]);
    assert_eq!(
        config_path(None, &xdg),
        Some((PathBuf::from("/xdg/vboxctl/config.toml"), false))
    );
    let home = env(&[("XDG_CONFIG_HOME", ""), ("HOME", "/home/me")]);
    assert_eq!(
        config_path(None, &home),
        Some((PathBuf::from("/home/me/.config/vboxctl/config.toml"), false))
    );
    assert_eq!(config_path(None, &env(&[])), None);
}

#[test]
fn a_missing_default_file_is_an_empty_config_but_a_named_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().to_str().unwrap().to_string();
    let vars = env(&[("XDG_CONFIG_HOME", &xdg)]);
    assert_eq!(load_config(None, &vars).unwrap(), Config::default());
    let missing = dir.path().join("nope.toml");
    let err = load_config(Some(&missing), &vars).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("cannot read {}", missing.display())
    );

    let file = dir.path().join("vboxctl").join("config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, CONFIG).unwrap();
    let loaded = load_config(None, &vars).unwrap();
    assert_eq!(loaded.path.as_deref(), Some(file.as_path()));
    assert_eq!(loaded.hosts.len(), 2);
}

#[test]
fn the_connection_comes_from_cli_then_env_then_file() {
    let config = config();
    let file = || Ok(&config);
    let none = env(&[]);
    let resolve = |cli: &Overrides, wanted: Option<&str>, vars: &dyn Fn(&str) -> Option<String>| {
        resolve_connection(cli, wanted, vars, file)
    };
    let default = resolve(&Overrides::default(), None, &none).unwrap();
    assert_eq!(
        (
            default.name.as_deref(),
            default.uri.as_deref(),
            default.origin
        ),
        (Some("local"), Some("vboxmanage://"), Origin::ConfigFile)
    );

    let vars = env(&[("LAB_VBOX_PASSWORD", "s3cret")]);
    let by_profile = resolve(&Overrides::default(), Some("lab"), &vars).unwrap();
    assert_eq!(by_profile.uri.as_deref(), Some("http://lab.example:18083"));
    assert_eq!(by_profile.user.as_deref(), Some("vbox"));
    assert_eq!(
        by_profile.password.as_ref().map(|p| p.expose()),
        Some("s3cret"),
        "read once, for the web service"
    );
    assert_eq!(format!("{:?}", by_profile.password), "Some(***)");

    let vars = env(&[
        ("VBOXCTL_HOST", "lab"),
        ("VBOXCTL_USER", "ops"),
        ("LAB_VBOX_PASSWORD", "s3cret"),
        ("VBOXCTL_PASSWORD", "from-env"),
    ]);
    let from_env = resolve(&Overrides::default(), None, &vars).unwrap();
    assert_eq!(from_env.name.as_deref(), Some("lab"));
    assert_eq!(from_env.origin, Origin::Environment);
    assert_eq!(
        (
            from_env.user.as_deref(),
            from_env.password.as_ref().map(|p| p.expose())
        ),
        (Some("ops"), Some("from-env")),
        "the environment beats the file, for every setting"
    );

    let cli = Overrides {
        host: Some("local".into()),
        user: Some("me".into()),
        ..Overrides::default()
    };
    let vars = env(&[("VBOXCTL_CONNECT", "ssh://x@y")]);
    let from_cli = resolve(&cli, None, &vars).unwrap();
    assert_eq!(
        (
            from_cli.name.as_deref(),
            from_cli.uri.as_deref(),
            from_cli.user.as_deref()
        ),
        (Some("local"), Some("vboxmanage://"), Some("me")),
        "--host on the command line beats VBOXCTL_CONNECT"
    );
    assert_eq!(
        from_cli.notes,
        ["--host local is used, not VBOXCTL_CONNECT=ssh://x@y: the command line wins over the environment"]
    );
    assert_eq!(from_cli.password, None, "no password for a VBoxManage host");

    let both = env(&[("VBOXCTL_HOST", "lab"), ("VBOXCTL_CONNECT", "ssh://x@y")]);
    let err = resolve(&Overrides::default(), None, &both).unwrap_err();
    assert_eq!(
        err.to_string(),
        "VBOXCTL_CONNECT=ssh://x@y and VBOXCTL_HOST=lab both name the host to use"
    );

    let empty = Config::default();
    let unknown = resolve_connection(
        &Overrides::default(),
        None,
        &env(&[("VBOXCTL_HOST", "lab")]),
        || Ok(&empty),
    );
    assert_eq!(
        unknown.unwrap_err().to_string(),
        "no connection named \"lab\" in the configuration (known: none)"
    );
    let nothing = resolve_connection(&Overrides::default(), None, &none, || Ok(&empty)).unwrap();
    assert_eq!((nothing.uri, nothing.origin), (None, Origin::Default));
}

#[test]
fn an_explicit_uri_never_reads_the_configuration() {
    let broken = || -> vbox_config::Result<&Config> { panic!("the configuration was read") };
    let cli = Overrides {
        connect: Some("sim:///tmp/lab".into()),
        ..Overrides::default()
    };
    let c = resolve_connection(&cli, Some("lab"), &env(&[]), broken).unwrap();
    assert_eq!(
        (c.uri.as_deref(), c.origin),
        (Some("sim:///tmp/lab"), Origin::CommandLine)
    );
    let vars = env(&[("VBOXCTL_CONNECT", "ssh://x@y")]);
    let c = resolve_connection(&Overrides::default(), None, &vars, broken).unwrap();
    assert_eq!(
        (c.uri.as_deref(), c.origin),
        (Some("ssh://x@y"), Origin::Environment)
    );
}

#[test]
fn passwords_come_from_the_command_line_then_env_then_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pw");
    std::fs::write(&file, "from-file\nsecond line\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut warnings = Vec::new();
    let vars = env(&[("VBOXCTL_PASSWORD", "from-env")]);
    let got = resolve_password(Some(&file), &Credentials::None, &vars, &mut warnings).unwrap();
    assert_eq!(got.unwrap().expose(), "from-file");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("can be read by other users (mode 644)"));
    let got =
        resolve_password(None, &Credentials::Env("X".into()), &vars, &mut Vec::new()).unwrap();
    assert_eq!(got.unwrap().expose(), "from-env");
    let got = resolve_password(None, &Credentials::None, &env(&[]), &mut Vec::new()).unwrap();
    assert_eq!(got, None);
}
