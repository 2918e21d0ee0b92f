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

/// `(year, month, day, hour, minute, second, nanosecond)` of a UTC instant in ns since the epoch.
pub(crate) fn explode(ns: i64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let secs = ns.div_euclid(1_000_000_000);
    let nanos = ns.rem_euclid(1_000_000_000) as u32;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400) as u32;
    // Civil date from a day count (proleptic Gregorian), H. Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, sod / 3600, sod / 60 % 60, sod % 60, nanos)
}

/// `Machine::i_composeSavedStateFilename`: a machine's own saved state is named after the
/// time it was written, `2026-11-28T13-22-21-801368000Z.sav` (the captures `showvminfo-saved`
/// of 7.0.14 and 7.2.22); the simulator's times have millisecond precision.
pub(crate) fn saved_state_file_name(ms: i64) -> String {
    let (y, mo, d, h, mi, s, ns) = explode(ms.saturating_mul(1_000_000));
    format!("{y:04}-{mo:02}-{d:02}T{h:02}-{mi:02}-{s:02}-{ns:09}Z.sav")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn saved_states_are_named_after_their_time() {
        // 2026-11-28T13:22:21.801Z
        assert_eq!(
            saved_state_file_name(1_795_872_141_801),
            "2026-11-28T13-22-21-801000000Z.sav"
        );
    }

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
