//! The state directory: shared by instances and processes, atomic, nothing lost.

mod common;
use common::*;
use std::time::Duration;
use vbox_sim::Sim;
use vbox_types::*;

#[tokio::test(start_paused = true)]
async fn a_second_open_sees_the_same_host() {
    let (dir, a) = sim();
    vm(&a, "web").await;
    a.start_machine("web", StartType::Headless).await.unwrap();
    let b = Sim::open(dir.path()).unwrap();
    assert!(
        b.now_ms() >= a.now_ms() - 1,
        "a later opener never runs behind"
    );
    let m = b.get_machine("web").await.unwrap();
    assert_eq!(m.state, MachineState::Running);
    assert_eq!(m.session_state, SessionState::Locked);
    // Time-driven events are a function of timestamps: both see the guest publish.
    sleep_ms(20_000).await;
    let ip_b = b.get_guest_property("web", IP0).await.unwrap();
    let ip_a = a.get_guest_property("web", IP0).await.unwrap();
    assert!(ip_b.is_some());
    assert_eq!(ip_a, ip_b);
    // Changes through one are seen through the other.
    b.control_machine("web", ControlAction::PowerOff)
        .await
        .unwrap();
    assert_eq!(state(&a, "web").await, MachineState::PoweredOff);
    assert_eq!(a.dir(), b.dir());
}

#[tokio::test(start_paused = true)]
async fn a_pending_operation_completes_even_if_its_caller_is_gone() {
    let (dir, a) = sim();
    vm(&a, "vm").await;
    // The caller is dropped mid-launch (a killed process).
    let start = a.start_machine("vm", StartType::Headless);
    let _ = tokio::time::timeout(Duration::from_millis(100), start).await;
    drop(a);
    let b = Sim::open(dir.path()).unwrap();
    assert_eq!(state(&b, "vm").await, MachineState::Starting);
    sleep_ms(700).await;
    assert_eq!(state(&b, "vm").await, MachineState::Running);
}

#[tokio::test(start_paused = true)]
async fn waiters_see_changes_from_another_instance() {
    let (dir, a) = sim();
    vm(&a, "vm").await;
    let b = Sim::open(dir.path()).unwrap();
    let writer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(2)).await;
        b.set_guest_property("vm", "/X", Some("1"), None)
            .await
            .unwrap();
    });
    let c = a
        .wait_guest_property("vm", "/X", Duration::from_secs(10))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.value, "1");
    writer.await.unwrap();
}

#[test]
fn concurrent_writers_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let s = Sim::open(dir.path()).unwrap();
            vm(&s, "shared").await;
        });
    }
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    // Each thread is its own simulator instance, as separate processes are.
                    let s = Sim::open(&path).unwrap();
                    for i in 0..15 {
                        s.set_extradata("shared", &format!("k/{t}/{i}"), Some("v"))
                            .await
                            .unwrap();
                    }
                    s.create_machine(&CreateMachine {
                        name: format!("m{t}"),
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                })
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let s = Sim::open(dir.path()).unwrap();
        for t in 0..4 {
            for i in 0..15 {
                assert_eq!(
                    s.get_extradata("shared", &format!("k/{t}/{i}"))
                        .await
                        .unwrap()
                        .as_deref(),
                    Some("v")
                );
            }
        }
        assert_eq!(s.list_machines().await.unwrap().len(), 5);
    });
}

#[tokio::test(start_paused = true)]
async fn the_registry_is_written_atomically() {
    let (dir, s) = sim();
    vm_with_disk(&s, "a").await;
    s.start_machine("a", StartType::Headless).await.unwrap();
    let text = std::fs::read_to_string(dir.path().join("registry.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["machines"][0]["name"], "a");
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
    // The settings file holds the machine, in VirtualBox's own shape.
    let m = s.get_machine("a").await.unwrap();
    let vbox = std::fs::read_to_string(&m.settings_file).unwrap();
    assert!(vbox.starts_with("<?xml version=\"1.0\"?>"), "{vbox}");
    assert!(
        vbox.contains(&format!("<Machine uuid=\"{{{}}}\" name=\"a\"", m.id)),
        "{vbox}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_damaged_registry_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("registry.json"), "{ not json").unwrap();
    let e = Sim::open(dir.path()).unwrap_err();
    assert!(e.message().contains("damaged"), "{}", e.message());
}

#[test]
fn default_dir_prefers_the_environment() {
    // Only checks the shape; the environment is process-global, so do not change it here.
    let d = Sim::default_dir();
    assert!(d.ends_with("vboxctl/sim") || std::env::var_os("VBOXCTL_SIM_DIR").is_some());
}
