//! Shared by the web service tests of this crate: a transport that counts requests, and the
//! machine the wire comparisons run on, made the same way on the real host and the simulator.
#![allow(dead_code)] // each test binary uses a different part

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;
use vbox_sim::Sim;
use vbox_soap::server::parse_request;
use vbox_soap::transport::{HttpReply, HttpTransport, Transport};
use vbox_suite::real::RealHome;
use vbox_types::{Backend, CreateMachine, TakeSnapshot};

/// Counts requests by operation, and the operations that faulted.
#[derive(Debug)]
pub struct Counting {
    pub inner: HttpTransport,
    pub ops: Mutex<Vec<String>>,
    pub faults: Mutex<Vec<String>>,
}

impl Counting {
    /// A counter over `inner`.
    pub fn new(inner: HttpTransport) -> Counting {
        Counting {
            inner,
            ops: Mutex::default(),
            faults: Mutex::default(),
        }
    }

    /// The requests counted so far, by operation; the count starts again.
    pub fn take(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for op in self.ops.lock().unwrap().drain(..) {
            *counts.entry(op).or_insert(0) += 1;
        }
        counts
    }
}

#[async_trait::async_trait]
impl Transport for Counting {
    async fn post(&self, body: String, timeout: Duration) -> vbox_types::Result<HttpReply> {
        let op = parse_request(&body).unwrap().op;
        self.ops.lock().unwrap().push(op.clone());
        let reply = self.inner.post(body, timeout).await?;
        if reply.status != 200 {
            self.faults.lock().unwrap().push(op);
        }
        Ok(reply)
    }
}

/// `t1` on the real host: Ubuntu_64, 256 MB, group `/lab`, snapshot `base`.
pub fn real_t1(home: &RealHome) {
    home.run_ok(&[
        "createvm",
        "--name",
        "t1",
        "--ostype",
        "Ubuntu_64",
        "--register",
    ]);
    home.run_ok(&["modifyvm", "t1", "--memory", "256", "--groups", "/lab"]);
    home.run_ok(&["snapshot", "t1", "take", "base"]);
}

/// The same `t1` in the simulator.
pub async fn sim_t1(sim: &Sim) {
    sim.create_machine(&CreateMachine {
        name: "t1".into(),
        os_type_id: Some("Ubuntu_64".into()),
        memory_mb: Some(256),
        groups: vec!["/lab".into()],
        ..Default::default()
    })
    .await
    .unwrap();
    let base = TakeSnapshot {
        name: "base".into(),
        ..Default::default()
    };
    sim.take_snapshot("t1", &base).await.unwrap();
}
