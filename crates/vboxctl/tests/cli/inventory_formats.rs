//! `inventory`: Ansible's dynamic inventory protocol (`--list`, `--host`), a salt-ssh roster
//! and JSON, each checked against the shape the tool reads.

use crate::{snap, TestContext};
use serde_json::Value;

/// `web1` running in `/lab/web`, `db1` running in `/lab`, `spare` stopped in the root group.
fn host() -> TestContext {
    let ctx = TestContext::new();
    ctx.run(&[
        "create",
        "web1",
        "--ostype",
        "Ubuntu_64",
        "--group",
        "/lab/web",
    ]);
    ctx.fast_guest("web1");
    ctx.run(&["create", "db1", "--ostype", "Ubuntu_64", "--group", "/lab"]);
    ctx.fast_guest("db1");
    ctx.run(&["create", "spare"]);
    for name in ["web1", "db1"] {
        ctx.run(&["start", name, "--wait-ip", "20"]);
    }
    ctx
}

fn json(ctx: &TestContext, args: &[&str]) -> Value {
    serde_json::from_str(&ctx.run(args)).expect("valid JSON")
}

fn hosts_of(inventory: &Value, group: &str) -> Vec<String> {
    inventory[group]["hosts"]
        .as_array()
        .map(|h| h.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn ansible_list_has_hostvars_and_groups_from_virtualbox_groups() {
    let ctx = host();
    let inv = json(&ctx, &["inventory", "--format", "ansible", "--list"]);
    assert_eq!(
        inv,
        json(&ctx, &["inventory"]),
        "ansible --list is the default"
    );
    let vars = &inv["_meta"]["hostvars"];
    assert_eq!(vars["web1"]["ansible_host"], "10.0.2.15");
    assert_eq!(vars["db1"]["vbox_state"], "Running");
    assert!(
        vars["spare"].get("ansible_host").is_none(),
        "no address, no ansible_host"
    );
    assert_eq!(hosts_of(&inv, "lab_web"), ["web1"]);
    assert_eq!(hosts_of(&inv, "lab"), ["db1"]);
    assert_eq!(inv["lab"]["children"], serde_json::json!(["lab_web"]));
    assert_eq!(hosts_of(&inv, "ungrouped"), ["spare"]);
    assert_eq!(hosts_of(&inv, "all"), ["db1", "spare", "web1"]);
    assert_eq!(
        inv["all"]["children"],
        serde_json::json!(["lab", "ungrouped"])
    );
    // Every group Ansible reads is an object of hosts and/or children.
    for (name, group) in inv.as_object().unwrap() {
        if name != "_meta" {
            assert!(
                group.get("hosts").is_some() || group.get("children").is_some(),
                "{name}"
            );
        }
    }
}

#[test]
fn ansible_host_gives_one_machines_variables() {
    let ctx = host();
    let vars = json(
        &ctx,
        &["inventory", "--format", "ansible", "--host", "web1"],
    );
    let listed = json(&ctx, &["inventory", "--list"]);
    assert_eq!(vars, listed["_meta"]["hostvars"]["web1"]);
    snap!(ctx, ctx.cmd().args(["inventory", "--host", "nope"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: no machine named 'nope' in the inventory
    hint: `vboxctl inventory --list` shows the machines
    ");
}

#[test]
fn salt_roster_is_yaml_with_one_entry_per_reachable_machine() {
    let ctx = host();
    let roster = ctx.run(&["inventory", "--format", "salt-roster"]);
    // Parse the two-level structure: `name:` at column 0, `  key: value` under it.
    let mut entries: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in roster.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(key) = line.strip_prefix("  ") {
            let (k, v) = key.split_once(": ").expect("`key: value` under a machine");
            entries
                .last_mut()
                .expect("a machine first")
                .1
                .push((k.into(), v.into()));
        } else {
            let name = line.strip_suffix(':').expect("`name:` at column 0");
            entries.push((name.to_string(), Vec::new()));
        }
    }
    let host = |v: &str| vec![("host".to_string(), v.to_string())];
    assert_eq!(
        entries,
        [
            ("db1".to_string(), host("10.0.2.15")),
            ("web1".to_string(), host("10.0.2.15")),
        ]
    );
    assert!(roster.contains("# spare: no address (PoweredOff)\n"));
}

#[test]
fn json_and_a_maps_machines_only() {
    let ctx = host();
    let map = ctx.write(
        "map.toml",
        "[profiles.p]\nclonefrom = \"x\"\n[[machines]]\nprofile = \"p\"\nnames = [\"web1\", \"gone\"]\n",
    );
    let map = map.display().to_string();
    snap!(ctx, ctx.cmd().args(["inventory", "--format", "json", "--map", &map]), @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "name": "web1",
        "id": "[UUID]",
        "state": "Running",
        "groups": [
          "/lab/web"
        ],
        "ip": "10.0.2.15",
        "addresses": [
          {
            "address": "10.0.2.15",
            "family": "ipv4",
            "adapter_slot": 0,
            "mac": "[MAC]",
            "interface_index": 0,
            "scope": "private"
          }
        ]
      }
    ]
    ----- stderr -----
    "#);
    let inv = json(&ctx, &["inventory", "--map", &map]);
    assert_eq!(hosts_of(&inv, "all"), ["web1"]);
}
