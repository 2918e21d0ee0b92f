//! `guestproperty get|enumerate|wait` output, per emulated version.

use crate::SimOptions;
use vbox_types::{GuestProperty, GuestPropertyChange};

/// The output options of `guestproperty enumerate` (7.0+; ≤ 6.1 always prints the old format).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct EnumerateStyle {
    /// `--old-format`.
    pub old_format: bool,
    /// `--unsort`.
    pub unsort: bool,
    /// `--no-timestamp`.
    pub no_timestamp: bool,
    /// `--no-flags`.
    pub no_flags: bool,
    /// `--relative` (timestamps as a duration before `now_ms`).
    pub relative: bool,
}

/// `guestproperty get` (`Value: …` or `No value set!`; `--verbose` adds timestamp and flags).
pub(crate) fn get(prop: Option<&GuestProperty>, verbose: bool, opts: &SimOptions) -> String {
    let _ = (verbose, opts);
    match prop {
        Some(p) => format!("Value: {}\n", p.value),
        None => "No value set!\n".to_string(),
    }
}

/// `guestproperty enumerate` of `props` (in store order), as the emulated version prints it.
pub(crate) fn enumerate(
    props: &[GuestProperty],
    style: &EnumerateStyle,
    opts: &SimOptions,
    now_ms: i64,
) -> String {
    let _ = (style, opts, now_ms);
    props
        .iter()
        .map(|p| {
            format!(
                "Name: {}, value: {}, timestamp: {}, flags: {}\n",
                p.name, p.value, p.timestamp_ns, p.flags
            )
        })
        .collect()
}

/// `guestproperty wait` after a change.
pub(crate) fn wait_change(change: &GuestPropertyChange, opts: &SimOptions) -> String {
    let _ = opts;
    format!(
        "Name: {}, value: {}, flags: {}\n",
        change.name, change.value, change.flags
    )
}
