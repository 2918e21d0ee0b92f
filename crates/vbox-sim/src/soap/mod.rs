//! A wire-faithful vboxwebsrv: the SOAP web service of VirtualBox over the simulator.
//!
//! The bytes follow real captures from a vboxwebsrv 7.0.14 host (`fixtures/soap-7.0.14/`):
//! gSOAP's headers, HTTP 500 and `Connection: close` for every fault, keep-alive with a budget
//! of requests per connection, websessions whose managed object references read
//! `%016x-%016x`, and RuntimeFaults that carry an `IVirtualBoxErrorInfo` reference. The API
//! version served is the simulator's ([`crate::SimOptions::emulating`]): an operation that
//! version's WSDL lacks is answered like any unknown operation.
//!
//! ```no_run
//! # async fn demo(sim: vbox_sim::Sim) -> vbox_types::Result<()> {
//! use vbox_sim::{ServeOptions, SoapServer};
//! let server = SoapServer::bind("127.0.0.1:18083".parse().unwrap(), sim, ServeOptions::default()).await?;
//! server.run().await
//! # }
//! ```

mod call;
mod config;
mod console;
mod errors;
mod events;
mod getters;
mod hostnet;
mod http;
mod lifecycle;
mod machine_read;
mod machine_write;
mod media;
mod objects;
mod registry;
mod snapshots;
mod storage;
mod vbox;
mod websession;
mod workers;
mod wsdl;

use crate::Sim;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use vbox_types::{Error, ErrorKind, Result};
use websession::Websessions;

/// How the server behaves (the `vboxwebsrv` command-line flags that matter).
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// `None` = null authentication: any logon succeeds (`websrvauthlibrary null`).
    pub user: Option<String>,
    /// The password checked when `user` is set. Never logged.
    pub password: Option<String>,
    /// Idle websessions are logged off after this long (`--timeout`, default 300 s); ZERO
    /// disables the watchdog.
    pub session_timeout: Duration,
    /// How often the watchdog looks (`--check-interval`, default 5 s).
    pub check_interval: Duration,
    /// Requests one connection may carry (`--keepalive`, default 100).
    pub keepalive_max: u32,
    /// Worker threads at most (`--threads`, default 100); see [`SoapServer::run`].
    pub threads: usize,
    /// Where to report every SOAP request served (`vboxctl sim serve -v` prints them); `None`
    /// reports nothing. The server never prints.
    pub requests: Option<tokio::sync::mpsc::UnboundedSender<RequestEvent>>,
}

/// One SOAP request served: what a log line says about it. Parameters are not included (a
/// logon carries a password).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestEvent {
    /// The operation (`IMachine_getName`); empty when the body could not be read.
    pub op: String,
    /// The `_this` reference the request named, if any.
    pub object: Option<String>,
    /// How long serving it took (from the body read to the answer ready).
    pub duration: Duration,
    /// The faultstring when the answer was a fault.
    pub fault: Option<String>,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            user: None,
            password: None,
            session_timeout: Duration::from_secs(300),
            check_interval: Duration::from_secs(5),
            keepalive_max: vbox_soap_wire::http::KEEP_ALIVE_MAX,
            threads: 100,
            requests: None,
        }
    }
}

/// What every connection shares: the simulator, the options and the websessions.
pub(crate) struct Shared {
    pub sim: Sim,
    pub opts: ServeOptions,
    pub sessions: Websessions,
    /// Machines that exist only as settings, not in the registry: created and not yet
    /// registered, or unregistered and not yet deleted (by id).
    pub limbo:
        std::sync::Mutex<std::collections::HashMap<String, crate::model::machine::MachineRecord>>,
}

impl Shared {
    /// Reports a served request to [`ServeOptions::requests`].
    pub(crate) fn observe(&self, outcome: &call::Outcome, duration: Duration) {
        if let Some(requests) = &self.opts.requests {
            // A receiver that is gone only means nobody listens any more.
            let _ = requests.send(RequestEvent {
                op: outcome.op.clone(),
                object: outcome.object.clone(),
                duration,
                fault: outcome.fault.clone(),
            });
        }
    }
}

/// A bound vboxwebsrv; [`SoapServer::run`] serves it.
pub struct SoapServer {
    listener: TcpListener,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for SoapServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoapServer")
            .field("addr", &self.listener.local_addr().ok())
            .field("sim", &self.shared.sim)
            .finish()
    }
}

impl SoapServer {
    /// Listens on `addr` (port 0 picks a free one).
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn bind(addr: SocketAddr, sim: Sim, opts: ServeOptions) -> Result<SoapServer> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| Error::new(ErrorKind::Backend, format!("cannot listen on {addr}: {e}")))?;
        Ok(SoapServer {
            listener,
            shared: Arc::new(Shared {
                sim,
                opts,
                sessions: Websessions::default(),
                limbo: Default::default(),
            }),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves one request body as a POST would, without HTTP: whether the answer is a
    /// success (else a fault), and the envelope. For fuzzing and tests of the request
    /// handling alone.
    pub async fn handle_body(&self, body: &[u8]) -> (bool, String) {
        let outcome = call::handle(&self.shared, body).await;
        (outcome.ok, outcome.text)
    }

    /// Serves until the task is dropped or aborted; the watchdog runs alongside.
    ///
    /// Connections are served as vboxwebsrv's worker threads serve them (`SoapQ` in
    /// vboxweb.cpp): accepted connections wait in one queue; a worker serves one connection
    /// for as long as it stays open (a kept-alive connection holds its worker while idle, up
    /// to the 60 s receive timeout); a new worker starts only when a connection is accepted
    /// while no worker is idle, and a worker just started counts as idle until it picks a
    /// connection — so connections accepted in a burst wait behind one new worker. A client
    /// that keeps idle connections while it waits on new ones waits on itself here as on the
    /// real server.
    ///
    /// # Errors
    /// When accepting connections fails.
    pub async fn run(self) -> Result<()> {
        let watchdog = tokio::spawn(watchdog(self.shared.clone()));
        let _stop = AbortOnDrop(watchdog);
        let queue = Arc::new(workers::Queue::new(self.shared.opts.threads));
        // Dropped (and so ended) with `run`.
        let mut workers = workers::Workers::default();
        loop {
            let (stream, _) = self.listener.accept().await.map_err(|e| {
                Error::new(ErrorKind::Backend, format!("accepting a connection: {e}"))
            })?;
            if queue.add(stream) {
                let (queue, shared) = (queue.clone(), self.shared.clone());
                workers.spawn(workers::work(queue, shared));
            }
        }
    }
}

/// Stops the watchdog when `run` ends (dropped or aborted).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Logs off websessions idle for longer than the timeout, checking every interval, as
/// vboxwebsrv's watchdog thread does.
async fn watchdog(shared: Arc<Shared>) {
    let timeout = shared.opts.session_timeout;
    if timeout.is_zero() {
        return;
    }
    let every = shared.opts.check_interval.max(Duration::from_millis(1));
    loop {
        tokio::time::sleep(every).await;
        let gone = shared.sessions.expire(timeout);
        lifecycle::close_sessions(&shared.sim, &gone);
        let live = shared.sessions.live_objects();
        lifecycle::renew_leases(&shared.sim, &live, timeout + every);
    }
}
