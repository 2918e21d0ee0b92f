//! A continuous watch on guest properties, for waits that must not miss a change.
//!
//! One `wait_guest_property` call is blind between its start and the moment the backend has
//! registered for events — for VBoxManage a process start, over ssh a channel too. A change
//! that lands in that gap is seen only when the call's slice ends: measured on the real host
//! through ssh, an address published 6.2 s before the wait noticed it. So waiters overlap:
//! a new one is armed every half slice while the older one still listens, and after every
//! change (its hearer is gone), each before the read it protects; and every new arming is
//! followed by a read, so a change lost in a blind start costs at most half a slice.

use futures::future::BoxFuture;
use futures::stream::{FuturesUnordered, StreamExt};
use std::future::Future;
use std::time::Duration;
use tokio::time::{sleep_until, Instant};
use vbox_types::{Backend, Result};

/// Overlapping waiters on one machine's properties.
pub(crate) struct Watch<'a> {
    backend: &'a dyn Backend,
    name: &'a str,
    patterns: &'a str,
    slice: Duration,
    waiters: FuturesUnordered<BoxFuture<'a, Result<bool>>>,
    next_arm: Instant,
    changed: bool,
}

impl<'a> Watch<'a> {
    /// Waiters of `slice` each on `patterns` of `name`.
    pub(crate) fn new(
        backend: &'a dyn Backend,
        name: &'a str,
        patterns: &'a str,
        slice: Duration,
    ) -> Watch<'a> {
        Watch {
            backend,
            name,
            patterns,
            slice,
            waiters: FuturesUnordered::new(),
            next_arm: Instant::now(),
            changed: false,
        }
    }

    /// Arm a new waiter when one is due (none yet, or half a slice since the last), never
    /// past `deadline`.
    fn arm(&mut self, deadline: Instant) {
        let now = Instant::now();
        if now < self.next_arm || now >= deadline {
            return;
        }
        let slice = self.slice.min(deadline - now);
        let (backend, name, patterns) = (self.backend, self.name, self.patterns);
        self.waiters.push(Box::pin(async move {
            Ok(backend
                .wait_guest_property(name, patterns, slice)
                .await?
                .is_some())
        }));
        self.next_arm = now + self.slice / 2;
    }

    /// Run `read` with the watch armed and listening; whether a change arrived meanwhile is
    /// remembered for [`Watch::changed_since_read`].
    pub(crate) async fn during<T>(
        &mut self,
        deadline: Instant,
        read: impl Future<Output = T>,
    ) -> Result<T> {
        self.arm(deadline);
        self.changed = false;
        tokio::pin!(read);
        loop {
            tokio::select! {
                biased;
                Some(done) = self.waiters.next(), if !self.waiters.is_empty() => {
                    if done? {
                        self.changed = true;
                        // Whoever heard it is gone (a waiter ends at its first change).
                        self.next_arm = Instant::now();
                    }
                }
                out = &mut read => return Ok(out),
            }
        }
    }

    /// Whether a change arrived while the last read ran (read again at once).
    pub(crate) fn changed_since_read(&self) -> bool {
        self.changed
    }

    /// Until a change arrives, a new waiter is due (every half slice: then the caller reads
    /// again, which bounds what a change lost in a waiter's blind start can cost), or
    /// `deadline`.
    pub(crate) async fn next_change(&mut self, deadline: Instant) -> Result<()> {
        self.arm(deadline);
        loop {
            let arm_at = self.next_arm.min(deadline);
            tokio::select! {
                Some(done) = self.waiters.next(), if !self.waiters.is_empty() => {
                    if done? {
                        self.next_arm = Instant::now();
                        return Ok(());
                    }
                }
                _ = sleep_until(arm_at) => return Ok(()),
            }
        }
    }
}
