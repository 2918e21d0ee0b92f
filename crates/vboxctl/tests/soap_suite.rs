//! The lifecycle suite through the web service backend: `SoapBackend` over loopback HTTP to
//! the simulator's vboxwebsrv-compatible server, for each served version.

use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;
use vbox_sim::{ServeOptions, Sim, SimOptions, SoapServer};
use vbox_soap::{SoapBackend, SoapOptions};
use vbox_suite::{lifecycle_tests, GuestShape, Harness, SimHarness, Timing};
use vbox_types::Backend;

/// A server on 127.0.0.1 (a free port) over a fresh state directory; the in-process
/// simulator on the same directory plays "another client" for the lock scenario.
struct SoapHarness {
    sim: SimHarness,
    backend: Arc<SoapBackend>,
    server: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl SoapHarness {
    async fn new(version: &str) -> SoapHarness {
        let dir = tempfile::tempdir().expect("a state directory");
        let options = SimOptions::emulating(version).expect("a served version");
        let sim = SimHarness::on_dir(dir.path(), options.clone())
            .expect("open the simulator")
            .with_timing(timing());
        let served = Sim::open_with(dir.path(), options).expect("open the served simulator");
        let server = SoapServer::bind(
            "127.0.0.1:0".parse().unwrap(),
            served,
            ServeOptions::default(),
        )
        .await
        .expect("bind on loopback");
        let url = format!("http://{}", server.local_addr());
        let server = tokio::spawn(async move {
            let _ = server.run().await;
        });
        let backend = SoapBackend::new(
            &url,
            SoapOptions {
                call_timeout: Duration::from_secs(20),
                long_timeout: Duration::from_secs(30),
                ..SoapOptions::default()
            },
        )
        .expect("a client");
        SoapHarness {
            sim,
            backend: Arc::new(backend),
            server,
            _dir: dir,
        }
    }
}

/// [`Timing::fast`] stretched for this transport: reading one machine is some 40 SOAP calls
/// (a getter each), which the simulator's server answers one at a time in a few tens of ms, so
/// what must happen "at once" gets more tolerance and the guest's delays are longer than that.
fn timing() -> Timing {
    Timing {
        boot_delay: Duration::from_millis(1200),
        acpi_shutdown: Duration::from_millis(300),
        dhcp_renew_after: Duration::from_millis(1500),
        dhcp_renew_gap: Duration::from_millis(3000),
        lock_hold: Duration::from_millis(1500),
        timeout: Duration::from_secs(10),
        address_timeout: Duration::from_millis(2000),
        acpi_timeout: Duration::from_millis(1500),
        lock_timeout: Duration::from_millis(500),
        tolerance: Duration::from_millis(600),
        slack: Duration::from_secs(2),
        ..Timing::fast()
    }
}

impl Drop for SoapHarness {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[async_trait]
impl Harness for SoapHarness {
    fn backend(&self) -> Arc<dyn Backend> {
        self.backend.clone()
    }

    fn timing(&self) -> &Timing {
        self.sim.timing()
    }

    fn simulated(&self) -> bool {
        true
    }

    async fn shape_guest(&self, machine: &str, shape: &GuestShape) -> GuestShape {
        self.sim.shape_guest(machine, shape).await
    }

    async fn hold_lock(&self, machine: &str, hold: Duration) -> bool {
        self.sim.hold_lock(machine, hold).await
    }

    fn now_ms(&self) -> i64 {
        self.sim.now_ms()
    }
}

mod soap_7_1 {
    use super::*;
    lifecycle_tests!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)], SoapHarness::new("7.1").await);
}

mod soap_7_0 {
    use super::*;
    lifecycle_tests!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)], SoapHarness::new("7.0").await);
}

mod soap_6_1 {
    use super::*;
    lifecycle_tests!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)], SoapHarness::new("6.1").await);
}
