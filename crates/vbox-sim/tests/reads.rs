//! Reads write nothing: a request that changes nothing — through the in-process backend, the
//! SOAP server or the VBoxManage emulator — takes no write lock and writes no file, counted
//! (not timed). And separate instances on one state directory, each with its own cached
//! registry, still see each other's changes.

#[path = "soap_common/mod.rs"]
mod soap_common;

use soap_common::{machine, p, serve, Wire};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use vbox_sim::manage::EmulatorEnv;
use vbox_sim::{ServeOptions, Sim, SimOptions};
use vbox_types::{Backend, CreateMachine};

/// Every file under `dir` with its modification time and length: what a write would change.
fn files(dir: &Path) -> BTreeMap<PathBuf, (SystemTime, u64)> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                todo.push(e.path());
            } else {
                out.insert(e.path(), (meta.modified().unwrap(), meta.len()));
            }
        }
    }
    out
}

/// Runs VBoxManage command lines of the emulator (its own simulator instance, as a separate
/// process has); their outputs.
async fn emulator(dir: &Path, lines: &[&[&str]]) -> Vec<String> {
    let env = EmulatorEnv::new(dir, SimOptions::emulating("7.2").unwrap());
    let lines: Vec<Vec<String>> = lines
        .iter()
        .map(|l| l.iter().map(|a| a.to_string()).collect())
        .collect();
    tokio::task::spawn_blocking(move || {
        lines
            .iter()
            .map(|args| {
                let (mut out, mut err) = (Vec::new(), Vec::new());
                let code = vbox_sim::manage::run(args, &env, &mut out, &mut err);
                assert_eq!(code, 0, "{args:?}: {}", String::from_utf8_lossy(&err));
                String::from_utf8(out).unwrap()
            })
            .collect()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_through_every_face_write_nothing() {
    let served = serve("7.2", ServeOptions::default()).await;
    let sim = &served.sim;
    machine(sim, "a", 512, &[]).await;
    machine(sim, "b", 1024, &["/lab"]).await;
    sim.set_guest_property("a", "/Test/Ready", Some("yes"), None)
        .await
        .unwrap();
    let counted = sim.io_counts();
    let on_disk = files(sim.dir());

    // The in-process backend.
    assert_eq!(sim.list_machines().await.unwrap().len(), 2);
    assert_eq!(sim.list_machines_full().await.unwrap().len(), 2);
    assert_eq!(sim.get_machine("b").await.unwrap().memory_mb, 1024);
    let props = sim
        .enumerate_guest_properties("a", "/Test/*")
        .await
        .unwrap();
    assert_eq!(props.len(), 1);
    assert!(sim.list_snapshots("a").await.unwrap().is_empty());
    assert!(sim.get_extradata("a", "nothing").await.unwrap().is_none());
    sim.list_media().await.unwrap();

    // The SOAP server (the same instance, so its counts are the server's too).
    let mut w = Wire::new(served.addr);
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", ""), p("password", "")],
        )
        .await
        .remove(0);
    let machines = w.ok("IVirtualBox_getMachines", &[p("_this", &vbox)]).await;
    assert_eq!(machines.len(), 2);
    let mut names = Vec::new();
    for m in &machines {
        names.push(w.get("IMachine_getName", m).await);
        w.get("IMachine_getState", m).await;
        w.get("IMachine_getMemorySize", m).await;
    }
    assert_eq!(names, ["a", "b"]);
    let found = w
        .ok(
            "IVirtualBox_findMachine",
            &[p("_this", &vbox), p("nameOrId", "b")],
        )
        .await;
    assert_eq!(w.get("IMachine_getName", &found[0]).await, "b");
    w.ok("IWebsessionManager_logoff", &[p("refIVirtualBox", &vbox)])
        .await;
    assert_eq!(sim.io_counts(), counted, "the backend or the server wrote");

    // The emulator, with instances of its own: nothing on disk changes.
    let out = emulator(
        sim.dir(),
        &[
            &["list", "vms"],
            &["list", "-l", "vms"],
            &["showvminfo", "a", "--machinereadable"],
            &["guestproperty", "enumerate", "a"],
            &["getextradata", "a", "enumerate"],
            &["list", "hdds"],
        ],
    )
    .await;
    assert!(out[0].starts_with("\"a\" {"), "{}", out[0]);
    assert!(out[3].contains("/Test/Ready"), "{}", out[3]);
    assert_eq!(
        files(sim.dir()),
        on_disk,
        "a read changed the state directory"
    );

    // The counts do count: a change writes the registry and the machine's settings file
    // under one write lock.
    sim.set_extradata("a", "k", Some("v")).await.unwrap();
    let after = sim.io_counts();
    assert_eq!(after.exclusive_locks, counted.exclusive_locks + 1);
    assert_eq!(after.writes, counted.writes + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn separate_instances_see_each_others_changes() {
    let dir = tempfile::tempdir().unwrap();
    let a = Sim::open(dir.path()).unwrap();
    let b = Sim::open(dir.path()).unwrap();
    let create = |name: &str| CreateMachine {
        name: name.into(),
        ..Default::default()
    };
    // Both have read (and cached) the registry before the other changes it.
    assert!(a.list_machines().await.unwrap().is_empty());
    assert!(b.list_machines().await.unwrap().is_empty());
    a.create_machine(&create("x")).await.unwrap();
    assert_eq!(b.list_machines().await.unwrap()[0].name, "x");
    b.set_extradata("x", "k", Some("1")).await.unwrap();
    assert_eq!(
        a.get_extradata("x", "k").await.unwrap().as_deref(),
        Some("1")
    );
    // A change of the same size as the one before is seen too (the cache compares content).
    b.set_extradata("x", "k", Some("2")).await.unwrap();
    assert_eq!(
        a.get_extradata("x", "k").await.unwrap().as_deref(),
        Some("2")
    );
    // And by an emulated VBoxManage, its own instance again, and back.
    let out = emulator(dir.path(), &[&["getextradata", "x", "k"]]).await;
    assert_eq!(out[0], "Value: 2\n");
    emulator(dir.path(), &[&["setextradata", "x", "k", "3"]]).await;
    assert_eq!(
        a.get_extradata("x", "k").await.unwrap().as_deref(),
        Some("3")
    );
    assert_eq!(
        b.get_extradata("x", "k").await.unwrap().as_deref(),
        Some("3")
    );
    b.create_machine(&create("y")).await.unwrap();
    let names: Vec<String> = a
        .list_machines()
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["x", "y"]);
}
