//! A map's `storage` and `shared_folders` on the simulator: `up` gives the clone a new disk,
//! an ISO and a share; a second plan changes nothing; a changed map changes exactly what
//! changed; bad entries are refused with their place in the file.

use std::path::Path;
use vbox_config::{Config, Map};
use vbox_ops::fleet::{self, Action, ExecOptions, Goal};
use vbox_sim::Sim;
use vbox_types::{Backend, CreateMachine, StorageKind};

fn map_text(iso: &Path, share: &Path, share_name: &str) -> String {
    format!(
        r#"
[profiles.web]
clonefrom = "tmpl"
power_on = false

[[profiles.web.storage]]
slot = "SATA:1:0"
size = 16

[[profiles.web.storage]]
slot = "IDE:1:0"
type = "dvd"
file = "{}"

[[profiles.web.shared_folders]]
name = "{share_name}"
host_path = "{}"
auto_mount = true

[[machines]]
profile = "web"
names = ["web"]
"#,
        iso.display(),
        share.display()
    )
}

#[tokio::test(start_paused = true)]
async fn up_converges_storage_and_shares() {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::open(dir.path().join("sim")).unwrap();
    let template = CreateMachine {
        name: "tmpl".into(),
        disk_mb: Some(64),
        ..Default::default()
    };
    vbox_ops::create(&sim, &template).await.unwrap();
    let iso = dir.path().join("tools.iso");
    vbox_fixtures::write_tiny_iso(&iso).unwrap();
    let share = dir.path().join("code");
    std::fs::create_dir_all(&share).unwrap();
    let config = Config::default();

    let map = Map::parse(
        Path::new("lab.toml"),
        &map_text(&iso, &share, "code"),
        &config,
    )
    .unwrap();
    let specs = map.specs_on(None);
    let plan = fleet::plan(&sim, &specs, Goal::Up).await.unwrap();
    fleet::execute(&sim, &plan, &ExecOptions::default(), |_| {}).await;
    let c = sim.machine_config("web").await.unwrap();
    let slots: Vec<(String, StorageKind)> = c
        .attachments
        .iter()
        .map(|a| (a.slot.key(), a.kind))
        .collect();
    assert_eq!(
        slots,
        [
            ("IDE-1-0".to_string(), StorageKind::Dvd),
            ("SATA-0-0".to_string(), StorageKind::Disk),
            ("SATA-1-0".to_string(), StorageKind::Disk),
        ],
        "the template's disk stays, the map's slots are filled"
    );
    let new = c
        .attachments
        .iter()
        .find(|a| a.slot.key() == "SATA-1-0")
        .unwrap();
    assert_eq!(new.size_bytes, Some(16 << 20));
    assert_eq!(c.shared_folders.len(), 1);
    assert!(c.shared_folders[0].auto_mount);

    // Nothing differs any more.
    let again = fleet::plan(&sim, &specs, Goal::Up).await.unwrap();
    assert!(!again.changes(), "{:?}", again.steps);

    // A renamed share: exactly that changes.
    let changed = Map::parse(
        Path::new("lab.toml"),
        &map_text(&iso, &share, "src"),
        &config,
    )
    .unwrap();
    let plan = fleet::plan(&sim, &changed.specs_on(None), Goal::Up)
        .await
        .unwrap();
    assert_eq!(plan.steps[0].action, Action::Reconfigure);
    assert_eq!(
        plan.steps[0].changes,
        [
            "shared folder 'code': remove".to_string(),
            format!("shared folder 'src': add {}", share.display())
        ]
    );
}

#[test]
fn bad_storage_and_share_entries_are_placed() {
    let cases = [
        (
            "[profiles.w]\nclonefrom = \"t\"\n[[profiles.w.storage]]\nslot = \"SATA\"\nsize = 8\n[[machines]]\nprofile = \"w\"\nnames = [\"a\"]\n",
            "profiles.w.storage[0].slot: \"SATA\" is not CONTROLLER:PORT:DEVICE",
        ),
        (
            "[profiles.w]\nclonefrom = \"t\"\n[[profiles.w.storage]]\nslot = \"IDE:1:0\"\ntype = \"dvd\"\nsize = 8\n[[machines]]\nprofile = \"w\"\nnames = [\"a\"]\n",
            "profiles.w.storage[0].slot: give one of file",
        ),
        (
            "[profiles.w]\nclonefrom = \"t\"\n[[profiles.w.shared_folders]]\nname = \"s\"\n[[machines]]\nprofile = \"w\"\nnames = [\"a\"]\n",
            "missing: host_path",
        ),
    ];
    for (text, needle) in cases {
        let e = Map::parse(Path::new("lab.toml"), text, &Config::default()).unwrap_err();
        assert!(e.to_string().contains(needle), "{e}");
    }
}
