//! Everything vboxctl shows: the printer (the only writer to stdout and stderr), tables,
//! JSON output structs, error reports and the progress spinner.
//!
//! Commands build typed rows and hand them here; nothing outside this module prints.

// The one module allowed to print (conventions 2 and 6 of the design).
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod appliance;
pub mod config_json;
mod error;
mod fleet;
pub mod fleet_json;
pub mod hostonly_json;
pub mod inventory;
pub mod json;
mod printer;
mod progress;
pub mod storage_json;
mod table;

pub use fleet::{action_words, FleetProgress};
pub use printer::{Printer, Verbosity};
pub use table::{fields, indent, Table};

/// A duration as people write it: `250ms`, `3s`, `2.5s`, `1m 30s` — never `3.003991822s`.
pub fn duration(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let tenths = (ms + 50) / 100;
    let (secs, tenth) = (tenths / 10, tenths % 10);
    match (secs / 60, secs % 60) {
        (0, s) if tenth == 0 => format!("{s}s"),
        (0, s) => format!("{s}.{tenth}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m {s}s"),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn durations_read_like_people_write_them() {
        let d = |ms| super::duration(Duration::from_millis(ms));
        assert_eq!(d(250), "250ms");
        assert_eq!(d(3_003), "3s");
        assert_eq!(d(2_480), "2.5s");
        assert_eq!(d(60_000), "1m");
        assert_eq!(d(90_400), "1m 30s");
    }
}
