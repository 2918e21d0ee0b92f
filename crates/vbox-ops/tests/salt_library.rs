//! Salt's library tests against a hypervisor (reference §B.3) and the salt-cloud node shapes
//! (§B.4), run on the simulator.

mod common;

use common::{create_blank, create_ubuntu, exists, secs, sim, BASE_BOX_NAME};
use std::collections::BTreeSet;
use std::net::IpAddr;
use vbox_ops::addresses::{salt_network_addresses, salt_wait_for_network_address};
use vbox_ops::salt::{list_nodes, list_nodes_full, list_nodes_select};
use vbox_ops::{DestroyOptions, Error, StartOptions, StopMode, StopOptions};
use vbox_types::{Backend, CloneMachine, ErrorKind, MachineState};

/// Salt's `assertMachineDoesNotExist`: the lookup fails with VirtualBox's not-found text.
async fn assert_machine_does_not_exist(backend: &dyn Backend, name: &str) {
    assert!(!exists(backend, name).await, "{name} still exists");
    match vbox_ops::get(backend, name).await {
        Err(e @ Error::NotFound { .. }) => {
            assert_eq!(e.kind(), ErrorKind::NotFound);
            assert!(
                e.to_string()
                    .contains("Could not find a registered machine"),
                "{e}"
            );
        }
        other => panic!("expected NotFound for {name}, got {other:?}"),
    }
}

async fn destroy(backend: &dyn Backend, name: &str) {
    let outcome = vbox_ops::destroy(backend, name, &DestroyOptions::default())
        .await
        .expect("destroy");
    assert!(outcome.existed);
}

#[tokio::test(start_paused = true)]
async fn test_create_machine() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    let machine = create_blank(b, BASE_BOX_NAME).await;
    assert_eq!(machine.name, BASE_BOX_NAME);
    assert!(exists(b, BASE_BOX_NAME).await);
    destroy(b, BASE_BOX_NAME).await;
    assert_machine_does_not_exist(b, BASE_BOX_NAME).await;
}

#[tokio::test(start_paused = true)]
async fn test_clone_machine() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    let source = "SaltCloudVirtualboxTestVM";
    create_blank(b, source).await;
    let clone = vbox_ops::clone_machine(b, &CloneMachine::new(source, "NewTestMachine"))
        .await
        .expect("clone");
    assert_eq!(clone.name, "NewTestMachine");
    assert!(exists(b, "NewTestMachine").await);
    destroy(b, "NewTestMachine").await;
    assert_machine_does_not_exist(b, "NewTestMachine").await;
    assert!(exists(b, source).await, "the source survives its clone");
    destroy(b, source).await;
    assert_machine_does_not_exist(b, source).await;
}

#[tokio::test(start_paused = true)]
async fn test_start_stop() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_blank(b, BASE_BOX_NAME).await;
    let power_off = StopOptions {
        mode: StopMode::PowerOff,
        ..Default::default()
    };
    for round in 0..2 {
        let started = vbox_ops::start(b, BASE_BOX_NAME, &StartOptions::default())
            .await
            .unwrap_or_else(|e| panic!("start #{round}: {e}"));
        assert_eq!(started.state, MachineState::Running);
        assert_eq!(started.state.api_name(), "Running");
        let stopped = vbox_ops::stop(b, BASE_BOX_NAME, &power_off)
            .await
            .unwrap_or_else(|e| panic!("stop #{round}: {e}"));
        assert!(stopped.was_running);
        assert_eq!(stopped.machine.state, MachineState::PoweredOff);
        assert_eq!(stopped.machine.state.api_name(), "PoweredOff");
    }
    destroy(b, BASE_BOX_NAME).await;
    assert_machine_does_not_exist(b, BASE_BOX_NAME).await;
}

#[tokio::test(start_paused = true)]
async fn test_network_addresses() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    let name = "SaltMiniBuntuTest";
    create_ubuntu(b, name, None).await;
    let off = salt_network_addresses(b, name, None).await.expect("read");
    assert_eq!(
        off,
        Some(Vec::new()),
        "a powered-off machine has no address"
    );
    vbox_ops::start(b, name, &StartOptions::default())
        .await
        .expect("start");
    let ips = salt_wait_for_network_address(b, name, secs(60), None)
        .await
        .expect("wait");
    assert!(!ips.is_empty(), "no address within 60 s");
    for ip in &ips {
        ip.parse::<IpAddr>()
            .unwrap_or_else(|e| panic!("{ip:?} is not an address: {e}"));
    }
    assert_eq!(ips, ["10.0.2.15"]);
}

fn minimal_keys() -> BTreeSet<String> {
    ["id", "image", "size", "state", "private_ips", "public_ips"]
        .into_iter()
        .map(String::from)
        .collect()
}

#[tokio::test(start_paused = true)]
async fn test_cloud_list() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_blank(b, BASE_BOX_NAME).await;
    create_ubuntu(b, "other", None).await;
    let nodes = list_nodes(b).await.expect("list_nodes");
    assert!(!nodes.is_empty());
    assert!(nodes.contains_key(BASE_BOX_NAME), "{nodes:?}");
    for (name, node) in &nodes {
        let keys: BTreeSet<String> = node.keys().cloned().collect();
        assert_eq!(keys, minimal_keys(), "keys of {name}");
    }
    let base = &nodes[BASE_BOX_NAME];
    assert_eq!(base["state"], "PoweredOff");
    assert_eq!(base["size"], "128 MB");
}

#[tokio::test(start_paused = true)]
async fn test_cloud_list_full() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_blank(b, BASE_BOX_NAME).await;
    let nodes = list_nodes_full(b).await.expect("list_nodes_full");
    assert!(!nodes.is_empty());
    assert!(nodes.contains_key(BASE_BOX_NAME), "{nodes:?}");
    for (name, node) in &nodes {
        assert!(node.len() >= 6, "{name} has only {} keys", node.len());
        for key in minimal_keys() {
            assert!(node.contains_key(&key), "{name} lacks {key}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn test_cloud_list_select() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    let base = create_blank(b, BASE_BOX_NAME).await;
    let nodes = list_nodes_select(b, &["id".to_string()])
        .await
        .expect("list_nodes_select");
    assert!(nodes.contains_key(BASE_BOX_NAME), "{nodes:?}");
    for (name, node) in &nodes {
        let keys: Vec<&String> = node.keys().collect();
        assert_eq!(keys, ["id"], "keys of {name}");
    }
    assert_eq!(nodes[BASE_BOX_NAME]["id"], base.id.as_str());
}

#[tokio::test(start_paused = true)]
async fn test_function_show_instance() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_blank(b, BASE_BOX_NAME).await;
    let name = "cloud-test-running";
    create_ubuntu(b, name, None).await;
    vbox_ops::start(b, name, &StartOptions::default())
        .await
        .expect("start");
    vbox_ops::addresses::wait_for_addresses(b, name, &Default::default(), secs(60))
        .await
        .expect("address");
    let nodes = list_nodes_full(b).await.expect("list_nodes_full");
    let base = &nodes[BASE_BOX_NAME];
    assert!(base.len() >= 6);
    let node = &nodes[name];
    assert!(node.len() >= 6);
    // The real state name (Salt's table would read a running 7.x machine as Paused).
    assert_eq!(node["state"], "Running");
    assert_eq!(node["private_ips"], serde_json::json!(["10.0.2.15"]));
    assert_eq!(node["public_ips"], serde_json::json!([]));
    assert_eq!(base["private_ips"], serde_json::json!([]));
}
