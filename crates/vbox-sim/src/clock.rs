//! The simulator's clock: wall time captured at open plus tokio's monotonic time since then.
//!
//! In real use this is wall time, so separate processes sharing a state directory agree on
//! "now". Under `#[tokio::test(start_paused = true)]` tokio's clock only moves when every
//! task sleeps (or with `tokio::time::advance`), so tests never wait for real.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

/// Milliseconds since the Unix epoch, from the sim's point of view.
#[derive(Debug)]
pub(crate) struct Clock {
    anchor_ms: AtomicI64,
    base: Instant,
}

impl Clock {
    /// A clock starting at wall time, or at `floor_ms` when that is later (another `Sim` on the
    /// same directory already got further, e.g. in a test whose paused clock ran ahead).
    pub(crate) fn new(floor_ms: i64) -> Clock {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        Clock {
            anchor_ms: AtomicI64::new(wall.max(floor_ms)),
            base: Instant::now(),
        }
    }

    /// Now, in ms since the epoch.
    pub(crate) fn now_ms(&self) -> i64 {
        self.anchor_ms.load(Ordering::SeqCst) + self.base.elapsed().as_millis() as i64
    }

    /// Never run behind a time another instance already recorded: the model only moves
    /// forward, and two processes must see the same machine.
    pub(crate) fn observe(&self, seen_ms: i64) {
        let now = self.now_ms();
        if seen_ms > now {
            self.anchor_ms.fetch_add(seen_ms - now, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn follows_tokio_time_and_never_goes_back() {
        let c = Clock::new(0);
        let t0 = c.now_ms();
        tokio::time::advance(Duration::from_secs(5)).await;
        assert_eq!(c.now_ms() - t0, 5000);
        c.observe(t0 + 60_000);
        assert_eq!(c.now_ms(), t0 + 60_000);
        c.observe(t0);
        assert_eq!(c.now_ms(), t0 + 60_000);
    }
}
