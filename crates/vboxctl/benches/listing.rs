//! Listing benchmark of the VBoxManage and web service backends: how many VBoxManage
//! processes (through the VBoxManage emulator, one real process per call as with VirtualBox)
//! or SOAP requests (through the simulator's vboxwebsrv-compatible server on loopback, over
//! kept-alive connections) and how much wall time a listing of 50 and 200 machines takes.
//!
//! `cargo bench -p vboxctl --bench listing` (add `-- 50` to choose the sizes). The machines
//! are made in-process on a temporary simulator directory first; only the listings are timed.

// A benchmark report is its output.
#![allow(clippy::print_stdout)]

use async_trait::async_trait;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vbox_manage::exec::Exec;
use vbox_manage::runner::{ProcessRunner, RawOutput, RunOptions, Runner};
use vbox_manage::{ManageBackend, ManageOptions};
use vbox_sim::{ServeOptions, Sim, SimOptions, SoapServer};
use vbox_soap::transport::{HttpReply, HttpTransport, TlsOptions, Transport};
use vbox_soap::{SoapBackend, SoapOptions};
use vbox_types::{Backend, CreateMachine, Result};

/// A runner that counts the processes it starts.
#[derive(Debug)]
struct Counting {
    inner: ProcessRunner,
    processes: AtomicUsize,
}

#[async_trait]
impl Runner for Counting {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    async fn run(&self, args: &[String], opts: &RunOptions) -> Result<RawOutput> {
        self.processes.fetch_add(1, Ordering::Relaxed);
        self.inner.run(args, opts).await
    }

    async fn read_file(&self, path: &str, opts: &RunOptions) -> Result<Option<String>> {
        self.inner.read_file(path, opts).await
    }
}

/// A transport that counts the requests it sends.
#[derive(Debug)]
struct CountingHttp {
    inner: HttpTransport,
    requests: AtomicUsize,
}

#[async_trait]
impl Transport for CountingHttp {
    async fn post(&self, body: String, timeout: Duration) -> Result<HttpReply> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.inner.post(body, timeout).await
    }
}

const VERSION: &str = "7.1";

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![50, 200]
    } else {
        sizes
    };
    println!("| machines | operation | concurrency | processes / requests | wall time |");
    println!("|---:|---|---:|---:|---:|");
    for n in sizes {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let sim = Sim::open_with(dir.path(), SimOptions::emulating(VERSION).expect("version"))
            .expect("open the simulator");
        for i in 0..n {
            let spec = CreateMachine {
                name: format!("vm{i:03}"),
                os_type_id: Some("Ubuntu_64".into()),
                ..CreateMachine::default()
            };
            sim.create_machine(&spec).await.expect("create a machine");
        }
        soap_runs(n, &dir).await;
        let runs: [(&str, usize); 3] = [("list", 8), ("list --full", 1), ("list --full", 8)];
        for (operation, concurrency) in runs {
            let runner = Arc::new(Counting {
                inner: ProcessRunner::new(env!("CARGO_BIN_EXE_vboxmanage-sim"))
                    .with_env("VBOX_USER_HOME", dir.path())
                    .with_env("VBOXCTL_SIM_VERSION", VERSION),
                processes: AtomicUsize::new(0),
            });
            let backend = ManageBackend::new(
                Exec::new(runner.clone()),
                ManageOptions {
                    concurrency,
                    long_timeout: Duration::from_secs(600),
                    call_timeout: Duration::from_secs(120),
                },
            );
            let t0 = Instant::now();
            let listed = if operation == "list" {
                backend.list_machines().await.expect("list").len()
            } else {
                backend.list_machines_full().await.expect("list full").len()
            };
            let wall = t0.elapsed();
            assert_eq!(listed, n, "every machine listed");
            let concurrency = if operation == "list" {
                "-".to_string()
            } else {
                concurrency.to_string()
            };
            println!(
                "| {n} | VBoxManage {operation} | {concurrency} | {} processes | {:.0} ms |",
                runner.processes.load(Ordering::Relaxed),
                wall.as_secs_f64() * 1000.0
            );
        }
    }
}

/// The same listings through SOAP against the simulator's server on loopback.
async fn soap_runs(n: usize, dir: &tempfile::TempDir) {
    let sim = Sim::open_with(dir.path(), SimOptions::emulating(VERSION).expect("version"))
        .expect("open the simulator");
    let server = SoapServer::bind(
        "127.0.0.1:0".parse().expect("addr"),
        sim,
        ServeOptions::default(),
    )
    .await
    .expect("bind");
    let url = format!("http://{}", server.local_addr());
    let task = tokio::spawn(server.run());
    for (operation, concurrency) in [("list", 16), ("list --full", 1), ("list --full", 16)] {
        let transport = Arc::new(CountingHttp {
            inner: HttpTransport::new(&url, TlsOptions::default(), 64 << 20).expect("transport"),
            requests: AtomicUsize::new(0),
        });
        let opts = SoapOptions {
            concurrency,
            ..SoapOptions::default()
        };
        let backend = SoapBackend::with_transport(&url, transport.clone(), opts);
        // The logon is not part of the listing.
        backend.version().await.expect("version");
        let before = transport.requests.load(Ordering::Relaxed);
        let t0 = Instant::now();
        let listed = if operation == "list" {
            backend.list_machines().await.expect("list").len()
        } else {
            backend.list_machines_full().await.expect("list full").len()
        };
        let wall = t0.elapsed();
        assert_eq!(listed, n, "every machine listed");
        println!(
            "| {n} | SOAP {operation} | {concurrency} | {} requests | {:.0} ms |",
            transport.requests.load(Ordering::Relaxed) - before,
            wall.as_secs_f64() * 1000.0
        );
    }
    task.abort();
}
