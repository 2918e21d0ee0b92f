//! vboxwebsrv's worker threads, as vboxweb.cpp's `SoapQ` runs them (see
//! [`super::SoapServer::run`]).

use super::{http, Shared};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// Accepted connections waiting for a worker, and the workers' count.
pub(crate) struct Queue {
    state: Mutex<State>,
    arrived: Notify,
    max: usize,
}

struct State {
    sockets: VecDeque<TcpStream>,
    /// Workers not serving a connection, counting one just started (as `m_cIdleThreads`).
    idle: usize,
    workers: usize,
}

impl Queue {
    pub(crate) fn new(max: usize) -> Queue {
        Queue {
            state: Mutex::new(State {
                sockets: VecDeque::new(),
                idle: 0,
                workers: 0,
            }),
            arrived: Notify::new(),
            max: max.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues an accepted connection; `true` when a new worker must be started for it (no
    /// worker idle and fewer than the maximum), as `SoapQ::add` decides.
    pub(crate) fn add(&self, stream: TcpStream) -> bool {
        let mut s = self.lock();
        let start = s.idle == 0 && s.workers < self.max;
        if start {
            s.workers += 1;
            s.idle += 1;
        }
        s.sockets.push_back(stream);
        drop(s);
        self.arrived.notify_one();
        start
    }

    /// The next queued connection (`SoapQ::get`).
    async fn get(&self) -> TcpStream {
        loop {
            {
                let mut s = self.lock();
                if let Some(stream) = s.sockets.pop_front() {
                    s.idle -= 1;
                    return stream;
                }
            }
            // A notification sent between the look and this wait is kept as a permit.
            self.arrived.notified().await;
        }
    }

    /// A worker finished a connection (`SoapQ::done`).
    fn done(&self) {
        self.lock().idle += 1;
    }
}

/// One worker: connection after connection, each until it closes.
pub(crate) async fn work(queue: Arc<Queue>, shared: Arc<Shared>) {
    loop {
        let stream = queue.get().await;
        http::serve_connection(stream, shared.clone()).await;
        queue.done();
    }
}

/// The workers of one server, ended when it ends.
#[derive(Default)]
pub(crate) struct Workers(Vec<JoinHandle<()>>);

impl Workers {
    pub(crate) fn spawn(&mut self, work: impl std::future::Future<Output = ()> + Send + 'static) {
        self.0.push(tokio::spawn(work));
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for w in &self.0 {
            w.abort();
        }
    }
}
