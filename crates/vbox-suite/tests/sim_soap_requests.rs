//! How many requests the SOAP client sends, counted against the simulator's server: a listing
//! costs a fixed number per machine (the getters of its columns, nothing else), and every
//! reference is released at most once.

mod wire_common;

// The simulator-server helpers of vbox-sim's own tests (this test also needs the SOAP client,
// which vbox-sim does not depend on).
#[path = "../../vbox-sim/tests/soap_common/mod.rs"]
mod soap_common;

use soap_common::{machine, serve};
use std::collections::BTreeMap;
use std::sync::Arc;
use vbox_sim::ServeOptions;
use vbox_soap::transport::{HttpTransport, TlsOptions};
use vbox_soap::{SoapBackend, SoapOptions};
use vbox_types::{Backend, MachineFields};
use wire_common::Counting;

async fn backend_on(url: &str) -> (SoapBackend, Arc<Counting>) {
    let transport = Arc::new(Counting::new(
        HttpTransport::new(url, TlsOptions::default(), 1 << 24).unwrap(),
    ));
    let backend = SoapBackend::with_transport(url, transport.clone(), SoapOptions::default());
    // The logon is not part of any listing.
    backend.client().vbox().await.unwrap();
    transport.take();
    (backend, transport)
}

fn total(counts: &BTreeMap<String, usize>) -> usize {
    counts.values().sum()
}

/// The table of `vboxctl list` (name, state, OS type, memory, CPUs, id): getMachines,
/// getMachineStates, then five getters per machine — what a minimal client asks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_asks_only_for_its_columns() {
    for version in ["6.1", "7.0", "7.1"] {
        let served = serve(version, ServeOptions::default()).await;
        let url = format!("http://{}", served.addr);
        let (backend, counting) = backend_on(&url).await;
        let mut per_size = Vec::new();
        for n in [4usize, 12] {
            while served.sim.list_machines().await.unwrap().len() < n {
                let i = served.sim.list_machines().await.unwrap().len();
                machine(&served.sim, &format!("vm{i:02}"), 512, &[]).await;
            }
            let table = MachineFields {
                os_type: true,
                memory: true,
                cpus: true,
                ..MachineFields::default()
            };
            let listed = backend.list_machines_with(table).await.unwrap();
            assert_eq!(listed.len(), n);
            assert!(listed
                .iter()
                .all(|m| m.os_type_id == "Ubuntu_64" && m.memory_mb == 512));
            let counts = counting.take();
            assert_eq!(
                counts.get("IVirtualBox_getMachineStates"),
                Some(&1),
                "{counts:?}"
            );
            assert_eq!(counts.get("IManagedObjectRef_release"), None, "{counts:?}");
            assert_eq!(total(&counts), 2 + 5 * n, "{version}: {counts:?}");
            per_size.push(total(&counts));

            // The JSON rows add groups and the session state.
            backend
                .list_machines_with(MachineFields::ALL)
                .await
                .unwrap();
            assert_eq!(total(&counting.take()), 2 + 7 * n, "{version}");
            // Names and states alone (`list_machines`): two getters a machine.
            backend.list_machines().await.unwrap();
            assert_eq!(total(&counting.take()), 2 + 2 * n, "{version}");
        }
        assert!(counting.faults.lock().unwrap().is_empty());
    }
}

/// `show` reads much more, once per attribute, and releases what it let go exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_machines_releases_each_reference_once() {
    let served = serve("7.1", ServeOptions::default()).await;
    for i in 0..3 {
        machine(&served.sim, &format!("vm{i}"), 512, &[]).await;
    }
    let url = format!("http://{}", served.addr);
    let (backend, counting) = backend_on(&url).await;
    backend.list_machines_full().await.unwrap();
    backend.get_machine("vm1").await.unwrap();
    let counts = counting.take();
    // One IPlatform and one IFirmwareSettings per machine read, each released once: a
    // second release would fault.
    assert_eq!(counts.get("IMachine_getPlatform"), Some(&4), "{counts:?}");
    assert!(
        counting.faults.lock().unwrap().is_empty(),
        "{:?}",
        counting.faults
    );
    assert_eq!(backend.client().outstanding(), 0);
}
