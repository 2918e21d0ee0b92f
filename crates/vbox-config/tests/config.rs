//! What a good configuration and map turn into, and which connection wins.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vbox_config::locate::{config_path, connection, load_config};
use vbox_config::{Config, Credentials, Map, Overrides};
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
    let none = env(&[]);
    let default = connection(&config, &Overrides::default(), None, &none)
        .unwrap()
        .unwrap();
    assert_eq!(
        (default.name.as_deref(), default.connect.as_str()),
        (Some("local"), "vboxmanage://")
    );

    let by_profile = connection(&config, &Overrides::default(), Some("lab"), &none)
        .unwrap()
        .unwrap();
    assert_eq!(by_profile.connect, "http://lab.example:18083");
    assert_eq!(by_profile.user.as_deref(), Some("vbox"));
    assert_eq!(
        by_profile.credentials,
        Credentials::Env("LAB_VBOX_PASSWORD".into())
    );

    let vars = env(&[
        ("VBOXCTL_HOST", "lab"),
        ("VBOXCTL_USER", "ops"),
        ("LAB_VBOX_PASSWORD", "s3cret"),
    ]);
    let from_env = connection(&config, &Overrides::default(), None, &vars)
        .unwrap()
        .unwrap();
    assert_eq!(from_env.name.as_deref(), Some("lab"));
    assert_eq!(
        from_env.user.as_deref(),
        Some("ops"),
        "the environment beats the file"
    );
    assert_eq!(
        from_env.password(&vars).unwrap().unwrap().expose(),
        "s3cret"
    );
    assert_eq!(
        format!("{:?}", from_env.password(&vars).unwrap()),
        "Some(***)"
    );

    let cli = Overrides {
        host: Some("local".into()),
        connect: Some("sim:///tmp/lab".into()),
        user: Some("me".into()),
        password_file: None,
    };
    let vars = env(&[("VBOXCTL_HOST", "lab"), ("VBOXCTL_CONNECT", "ssh://x@y")]);
    let from_cli = connection(&config, &cli, None, &vars).unwrap().unwrap();
    assert_eq!(
        (
            from_cli.name.as_deref(),
            from_cli.connect.as_str(),
            from_cli.user.as_deref()
        ),
        (Some("local"), "sim:///tmp/lab", Some("me")),
        "the command line beats the environment"
    );
    let only_env = connection(&Config::default(), &Overrides::default(), None, &vars);
    let err = only_env.unwrap_err();
    assert_eq!(
        err.to_string(),
        "no connection named \"lab\" in the configuration (known: none)"
    );
    let bare = env(&[("VBOXCTL_CONNECT", "ssh://x@y")]);
    let c = connection(&Config::default(), &Overrides::default(), None, &bare)
        .unwrap()
        .unwrap();
    assert_eq!((c.name, c.connect.as_str()), (None, "ssh://x@y"));
    assert_eq!(
        connection(&Config::default(), &Overrides::default(), None, &none).unwrap(),
        None
    );
}
