//! The connections of one transport, under the rules that keep a vboxwebsrv from starving.
//!
//! vboxwebsrv (gSOAP) serves each connection with one worker thread for as long as the
//! connection stays open — a kept-alive connection holds its thread while idle, up to the
//! server's 60 s receive timeout. A new thread is started only when a connection is accepted
//! while no thread is idle, and a thread just started counts as idle until it picks its first
//! connection: connections accepted in a burst queue behind a single new thread. On a fresh
//! server (4 threads seen in the log of a real 7.2.22 at first, then one more every 30–60 s) a
//! client that keeps idle connections open while it sends on new ones waits on itself until
//! the 60 s timeouts. Hence:
//!
//! 1. at most `max` connections;
//! 2. a connection is opened only when every other one has been answered at least once (it
//!    has a thread): never two of ours in the server's queue, so each one accepted while the
//!    threads are busy gets a thread of its own;
//! 3. a new connection whose first answer is late (see the transport: far longer than the
//!    server takes for any request) may sit in the server's queue behind threads our idle
//!    connections hold: then every idle connection is closed, and every one that comes free
//!    is closed rather than kept, until it is answered — so their threads take it. Otherwise
//!    a connection that comes free goes to a waiting request or stays idle for the next one
//!    (a listing then reuses its connections instead of opening one per request: closing each
//!    freed connection while a new one had no answer yet cost 63 connections for 1003
//!    requests on the real 7.2.22, every 100th answer closing one for gSOAP's keep-alive
//!    budget);
//! 4. when nothing of ours is in flight, at most one idle connection is kept, and none longer
//!    than the server's receive timeout allows (see the transport).
//!
//! Every lease returns its slot when dropped, so a request abandoned at its deadline never
//! leaks one.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

/// A connection slot handed to one request.
#[derive(Debug)]
pub(crate) struct Lease<C: Send + 'static> {
    pool: Arc<Shared<C>>,
    /// The connection; `None` when the holder must open one.
    conn: Option<C>,
    /// This lease opened (or must open) the one connection not answered yet.
    unproven: bool,
    /// Still counted in the pool (false once given back).
    live: bool,
}

/// The pool: a bound and the state behind one lock.
#[derive(Debug)]
pub(crate) struct Pool<C: Send + 'static> {
    shared: Arc<Shared<C>>,
}

#[derive(Debug)]
struct Shared<C: Send + 'static> {
    max: usize,
    state: Mutex<State<C>>,
}

#[derive(Debug)]
struct State<C: Send + 'static> {
    /// Connections nobody uses (at most one, see the module doc).
    idle: Vec<C>,
    /// Connections that exist or are being opened, idle ones included.
    open: usize,
    /// One connection is open or opening with no answer read on it yet.
    unproven: bool,
    /// That connection's first answer is late: keep no idle connection (rule 3).
    starving: bool,
    /// Leases handed out (requests in flight or about to be).
    leased: usize,
    /// Requests waiting for a slot, first come first served.
    waiters: VecDeque<oneshot::Sender<Lease<C>>>,
    /// Connections opened so far (for tests and the benchmark).
    opened_total: u64,
}

/// What a pool did so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStats {
    /// Connections open now (idle, in use or being opened).
    pub open: usize,
    /// Idle connections now.
    pub idle: usize,
    /// Connections opened since the start.
    pub opened_total: u64,
}

impl<C: Send + 'static> Pool<C> {
    /// A pool of at most `max` connections (at least 1).
    pub(crate) fn new(max: usize) -> Pool<C> {
        Pool {
            shared: Arc::new(Shared {
                max: max.max(1),
                state: Mutex::new(State {
                    idle: Vec::new(),
                    open: 0,
                    unproven: false,
                    starving: false,
                    leased: 0,
                    waiters: VecDeque::new(),
                    opened_total: 0,
                }),
            }),
        }
    }

    /// A slot: an idle connection, or the right to open one, or — when neither is allowed
    /// now — a wait for one. Idle connections for which `stale` holds are closed instead of
    /// reused (idle so long that the server may be closing them).
    pub(crate) async fn acquire(&self, stale: impl Fn(&C) -> bool) -> Lease<C> {
        let waiting = {
            let mut s = self.shared.lock();
            while let Some(conn) = s.idle.pop() {
                if stale(&conn) {
                    s.open -= 1;
                    continue;
                }
                s.leased += 1;
                return self.shared.lease(Some(conn), false);
            }
            if s.open < self.shared.max && !s.unproven {
                s.open += 1;
                s.opened_total += 1;
                s.unproven = true;
                s.leased += 1;
                return self.shared.lease(None, true);
            }
            let (tx, rx) = oneshot::channel();
            s.waiters.push_back(tx);
            rx
        };
        // The pool outlives every request: the sender is dropped only after sending.
        waiting.await.expect("the pool hands every waiter a lease")
    }

    /// The new connection's first answer is late: close the idle connections, and keep none
    /// until it is answered (rule 3). Nothing happens when no connection is unanswered.
    pub(crate) fn close_idle(&self) {
        let mut s = self.shared.lock();
        if !s.unproven {
            return;
        }
        s.starving = true;
        let closed = s.idle.len();
        s.idle.clear();
        s.open -= closed;
    }

    /// Counters for tests and the benchmark.
    pub(crate) fn stats(&self) -> PoolStats {
        let s = self.shared.lock();
        PoolStats {
            open: s.open,
            idle: s.idle.len(),
            opened_total: s.opened_total,
        }
    }
}

impl<C: Send + 'static> Shared<C> {
    fn lock(&self) -> MutexGuard<'_, State<C>> {
        // The state stays consistent between statements, so a panic elsewhere never leaves
        // it half-changed.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lease(self: &Arc<Self>, conn: Option<C>, unproven: bool) -> Lease<C> {
        Lease {
            pool: self.clone(),
            conn,
            unproven,
            live: true,
        }
    }

    /// Gives a lease back: `conn` is the connection when it may carry another request.
    fn give_back(self: &Arc<Self>, unproven: bool, conn: Option<C>) {
        let mut s = self.lock();
        s.leased -= 1;
        if unproven {
            s.unproven = false;
            s.starving = false;
        }
        match conn {
            Some(conn) => {
                if let Some(conn) = self.hand_over(&mut s, conn) {
                    // Rule 3: a request of ours may be queued behind this connection's
                    // thread; rule 4: nothing in flight, one idle connection is enough.
                    if s.starving || (s.leased == 0 && !s.idle.is_empty()) {
                        s.open -= 1;
                        drop(conn);
                    } else {
                        s.idle.push(conn);
                    }
                }
            }
            None => s.open -= 1,
        }
        if s.leased == 0 {
            while s.idle.len() > 1 {
                s.idle.pop();
                s.open -= 1;
            }
        }
        self.grant_opens(&mut s);
    }

    /// Hands `conn` to the first waiter still waiting; returns it when there is none.
    fn hand_over(self: &Arc<Self>, s: &mut State<C>, conn: C) -> Option<C> {
        let mut conn = conn;
        while let Some(waiter) = s.waiters.pop_front() {
            s.leased += 1;
            match waiter.send(self.lease(Some(conn), false)) {
                Ok(()) => return None,
                Err(mut back) => {
                    // That request gave up: take the lease back without its drop running.
                    s.leased -= 1;
                    back.live = false;
                    conn = back.conn.take().expect("a lease with its connection");
                }
            }
        }
        Some(conn)
    }

    /// Lets waiters open connections while rules 1 and 2 allow it.
    fn grant_opens(self: &Arc<Self>, s: &mut State<C>) {
        while s.open < self.max && !s.unproven {
            let Some(waiter) = s.waiters.pop_front() else {
                return;
            };
            s.open += 1;
            s.unproven = true;
            s.leased += 1;
            if let Err(mut back) = waiter.send(self.lease(None, true)) {
                back.live = false;
                s.open -= 1;
                s.unproven = false;
                s.leased -= 1;
            } else {
                s.opened_total += 1;
            }
        }
    }
}

impl<C: Send + 'static> Lease<C> {
    /// The connection to use, or `None` when the holder must open one (then
    /// [`Lease::opened`]).
    pub(crate) fn conn(&mut self) -> Option<&mut C> {
        self.conn.as_mut()
    }

    /// The connection this lease was told to open.
    pub(crate) fn opened(&mut self, conn: C) {
        self.conn = Some(conn);
    }

    /// Whether the connection was opened for this lease (a fresh connection: no request was
    /// sent on it before).
    pub(crate) fn is_new(&self) -> bool {
        self.unproven
    }

    /// The request is answered and the connection may carry another.
    pub(crate) fn reuse(mut self) {
        self.live = false;
        let conn = self.conn.take();
        self.pool.give_back(self.unproven, conn);
    }

    /// The connection is gone (closed by the server, failed, or never opened).
    pub(crate) fn discard(mut self) {
        self.live = false;
        self.conn = None;
        self.pool.give_back(self.unproven, None);
    }
}

impl<C: Send + 'static> Drop for Lease<C> {
    /// A lease dropped without [`Lease::reuse`] or [`Lease::discard`] — its request was
    /// abandoned at its deadline, mid-exchange — loses its connection: what the server sends
    /// next on it would answer a request nobody waits for.
    fn drop(&mut self) {
        if self.live {
            self.live = false;
            self.conn = None;
            self.pool.give_back(self.unproven, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn never_stale(_: &u32) -> bool {
        false
    }

    async fn opened(pool: &Pool<u32>, id: u32) -> Lease<u32> {
        let mut lease = pool.acquire(never_stale).await;
        if lease.conn().is_none() {
            lease.opened(id);
        }
        lease
    }

    /// A second connection is opened only after the first one answered.
    #[tokio::test]
    async fn grows_one_connection_at_a_time() {
        let pool = Pool::new(4);
        let first = opened(&pool, 1).await;
        assert!(first.is_new());
        let pending = pool.acquire(never_stale);
        tokio::pin!(pending);
        assert!(
            tokio::time::timeout(Duration::from_millis(20), &mut pending)
                .await
                .is_err(),
            "no second connection while the first has no answer"
        );
        // The first answers while the second request waits: the connection goes to it, and
        // nothing else is opened.
        first.reuse();
        let mut second = pending.await;
        assert_eq!(second.conn().copied(), Some(1));
        assert_eq!(pool.stats().opened_total, 1);
        // Now a third may open a connection (the first was answered).
        let third = opened(&pool, 2).await;
        assert!(third.is_new());
        assert_eq!(pool.stats().open, 2);
        second.reuse();
        third.reuse();
    }

    /// Freed connections stay idle for the next request while others are busy; when a new
    /// connection's first answer is late, idle ones are closed and none is kept until it is
    /// answered; when all is done one idle connection stays.
    #[tokio::test]
    async fn idle_connections_unless_a_new_one_may_be_queued() {
        let pool = Pool::new(4);
        opened(&pool, 1).await.reuse();
        let a = opened(&pool, 0).await;
        let b = opened(&pool, 2).await;
        assert!(b.is_new());
        a.reuse();
        assert_eq!(pool.stats().idle, 1, "kept while b is answered in time");
        pool.close_idle();
        assert_eq!(
            pool.stats(),
            PoolStats {
                open: 1,
                idle: 0,
                opened_total: 2
            },
            "closed once b is late"
        );
        let c = pool.acquire(never_stale);
        tokio::pin!(c);
        assert!(tokio::time::timeout(Duration::from_millis(20), &mut c)
            .await
            .is_err());
        b.reuse();
        let mut c = c.await;
        assert_eq!(c.conn().copied(), Some(2), "b went to the waiter");
        let d = opened(&pool, 3).await;
        d.reuse();
        assert_eq!(
            pool.stats().idle,
            1,
            "kept: c is busy on an answered connection"
        );
        c.reuse();
        assert_eq!(
            pool.stats(),
            PoolStats {
                open: 1,
                idle: 1,
                opened_total: 3
            },
            "one idle connection once all is done"
        );
    }

    #[tokio::test]
    async fn never_more_than_max() {
        let pool = Pool::new(2);
        let a = opened(&pool, 1).await;
        a.reuse();
        let a = opened(&pool, 0).await;
        let mut b = opened(&pool, 2).await;
        b.conn();
        let c = pool.acquire(never_stale);
        tokio::pin!(c);
        assert!(tokio::time::timeout(Duration::from_millis(20), &mut c)
            .await
            .is_err());
        drop(b); // abandoned mid-request: its connection is lost, its slot is free
        let mut c = c.await;
        assert!(c.conn().is_none(), "c may open a connection in b's place");
        c.opened(3);
        assert_eq!(pool.stats().open, 2);
        a.reuse();
        c.reuse();
        assert_eq!(pool.stats().open, 1);
    }

    /// A waiter that gave up does not swallow a connection or a slot.
    #[tokio::test]
    async fn abandoned_waiters_are_skipped() {
        let pool = Pool::new(1);
        let a = opened(&pool, 1).await;
        {
            let gave_up = pool.acquire(never_stale);
            tokio::pin!(gave_up);
            assert!(tokio::time::timeout(Duration::from_millis(5), &mut gave_up)
                .await
                .is_err());
        }
        a.reuse();
        assert_eq!(
            pool.stats(),
            PoolStats {
                open: 1,
                idle: 1,
                opened_total: 1
            }
        );
        let mut again = pool.acquire(never_stale).await;
        assert_eq!(again.conn().copied(), Some(1));
        again.discard();
        assert_eq!(pool.stats().open, 0);
    }

    #[tokio::test]
    async fn stale_idle_connections_are_dropped() {
        let pool = Pool::new(1);
        opened(&pool, 7).await.reuse();
        let mut lease = pool.acquire(|c: &u32| *c == 7).await;
        assert!(lease.conn().is_none(), "a stale connection is not reused");
        lease.opened(8);
        lease.reuse();
        assert_eq!(
            pool.stats(),
            PoolStats {
                open: 1,
                idle: 1,
                opened_total: 2
            }
        );
    }
}
