//! A configuration and a map, all the way to running machines on the simulator: the path
//! `vboxctl up MAP` takes.

use std::path::Path;
use vbox_config::{Config, Map};
use vbox_ops::fleet::{self, ExecOptions, Goal, Outcome};
use vbox_sim::Sim;
use vbox_types::{CreateMachine, MachineState};

const CONFIG: &str = r#"
[hosts.sim]
connect = "sim://"

[profiles.web]
clonefrom = "ubuntu-tmpl"
linked = true
memory = 1024
cpus = 2
groups = ["/lab"]
wait_for_ip_timeout = 90
"#;

const MAP: &str = r#"
[profiles.db]
clonefrom = "ubuntu-tmpl"
memory = 2048
power_on = false

[[machines]]
profile = "web"
count = 3
name = "web-{n:02}"

[[machines]]
profile = "db"
names = ["db"]
"#;

#[tokio::test(start_paused = true)]
async fn a_map_brings_its_machines_up_and_down() {
    let config = Config::parse(Path::new("config.toml"), CONFIG, Some(0o600)).unwrap();
    let map = Map::parse(Path::new("lab.toml"), MAP, &config).unwrap();
    assert_eq!(
        map.hosts(),
        [None],
        "no profile names a host: the default connection"
    );
    let specs = map.specs_on(None);

    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::open(dir.path()).unwrap();
    let template = CreateMachine {
        name: "ubuntu-tmpl".into(),
        os_type_id: Some("Ubuntu_64".into()),
        disk_mb: Some(64),
        ..Default::default()
    };
    vbox_ops::create(&sim, &template).await.unwrap();

    let plan = fleet::plan(&sim, &specs, Goal::Up).await.unwrap();
    let report = fleet::execute(&sim, &plan, &ExecOptions::default(), |_| {}).await;
    let rows: Vec<(&str, Option<MachineState>, Option<String>)> = report
        .machines
        .iter()
        .map(|m| (m.name.as_str(), m.state, m.ip.map(|ip| ip.to_string())))
        .collect();
    let running = Some(MachineState::Running);
    let nat = || Some("10.0.2.15".to_string());
    assert_eq!(
        rows,
        [
            ("web-01", running, nat()),
            ("web-02", running, nat()),
            ("web-03", running, nat()),
            ("db", Some(MachineState::PoweredOff), None),
        ]
    );
    let web = vbox_ops::get(&sim, "web-02").await.unwrap();
    assert_eq!(
        (web.memory_mb, web.cpus, web.groups.as_slice()),
        (1024, 2, &["/lab".to_string()][..])
    );
    assert_eq!(vbox_ops::get(&sim, "db").await.unwrap().memory_mb, 2048);

    let plan = fleet::plan(&sim, &specs, Goal::Destroy).await.unwrap();
    let report = fleet::execute(&sim, &plan, &ExecOptions::default(), |_| {}).await;
    assert!(report
        .machines
        .iter()
        .all(|m| m.outcome == Outcome::Changed && m.state.is_none()));
}
