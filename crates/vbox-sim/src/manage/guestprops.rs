//! `guestproperty get|enumerate|wait` output, per emulated version (VBoxManageGuestProp.cpp).
//!
//! Up to 6.1 `enumerate` prints `Name: …, value: …, timestamp: …, flags: …` lines in store
//! order. 7.0 made an aligned table sorted by name the default: `<name> = '<value>'`, padded
//! to a column, then `@ <ISO time>` and the flags. `No properties found.` is the text for an
//! empty result in every version.

use super::view::format::time;
use crate::SimOptions;
use vbox_types::{ApiVersion, GuestProperty, GuestPropertyChange};

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

/// Widest name column of the 7.0+ table.
const MAX_NAME_COLUMN: usize = 48;
/// Widest value column of the 7.0+ table.
const MAX_VALUE_COLUMN: usize = 28;

/// `guestproperty get` (`Value: …` or `No value set!`, also for an empty value; `--verbose`
/// adds the timestamp in ns and the flags when there is a value). The same in 6.1 to 7.2.
pub(crate) fn get(prop: Option<&GuestProperty>, verbose: bool, opts: &SimOptions) -> String {
    let _ = opts;
    match prop.filter(|p| !p.value.is_empty()) {
        None => "No value set!\n".to_string(),
        Some(p) if verbose => format!(
            "Value: {}\nTimestamp: {}\nFlags: {}\n",
            p.value, p.timestamp_ns, p.flags
        ),
        Some(p) => format!("Value: {}\n", p.value),
    }
}

/// `guestproperty enumerate` of `props` (in store order), as the emulated version prints it.
pub(crate) fn enumerate(
    props: &[GuestProperty],
    style: &EnumerateStyle,
    opts: &SimOptions,
    now_ms: i64,
) -> String {
    if props.is_empty() {
        return "No properties found.\n".to_string();
    }
    let modern = opts.api >= ApiVersion::V7_0;
    let mut order: Vec<&GuestProperty> = props.iter().collect();
    if modern && !style.unsort {
        // A stable sort by name, as VBoxManage's bubble sort over UTF-16 code units (equal
        // to byte order for the ASCII names properties have).
        order.sort_by(|a, b| a.name.cmp(&b.name));
    }
    if !modern || style.old_format {
        return order.iter().map(|p| old_line(p)).collect();
    }
    table(&order, style, now_ms)
}

fn old_line(p: &GuestProperty) -> String {
    format!(
        "Name: {}, value: {}, timestamp: {}, flags: {}\n",
        p.name, p.value, p.timestamp_ns, p.flags
    )
}

/// The 7.0+ table. Column widths come from the longest name (at most 48) and value (at most
/// 28) in UTF-16 units; the padding brings `<name> = '<value>'` (counted in output bytes) to
/// name width + value width + 6, at least one space. Without a time and without flags the
/// line ends after the value.
fn table(order: &[&GuestProperty], style: &EnumerateStyle, now_ms: i64) -> String {
    let units = |s: &str| s.encode_utf16().count();
    let name_w = order
        .iter()
        .map(|p| units(&p.name))
        .fold(1, usize::max)
        .min(MAX_NAME_COLUMN);
    let value_w = order
        .iter()
        .map(|p| units(&p.value))
        .fold(1, usize::max)
        .min(MAX_VALUE_COLUMN);
    let now_ns = now_ms.saturating_mul(1_000_000);
    let mut out = String::new();
    for p in order {
        let pad = name_w.saturating_sub(p.name.chars().count());
        let head = format!("{}{} = '{}'", p.name, " ".repeat(pad), p.value);
        out.push_str(&head);
        let flags = if style.no_flags { "" } else { p.flags.as_str() };
        if style.no_timestamp && flags.is_empty() {
            out.push('\n');
            continue;
        }
        let width = name_w + value_w + 6;
        let padding = if head.len() < width {
            width - head.len()
        } else {
            1
        };
        out.push_str(&" ".repeat(padding));
        if !style.no_timestamp {
            let when = if style.relative {
                time::duration(now_ns - p.timestamp_ns)
            } else {
                time::iso_millis(p.timestamp_ns)
            };
            out.push_str(&format!("@ {when}"));
        }
        if !flags.is_empty() {
            out.push(' ');
            out.push_str(flags);
        }
        out.push('\n');
    }
    out
}

/// `guestproperty wait` after a change. 7.0 added `fWasDeleted` and says so; 6.1 prints a
/// deletion like a change to an empty value.
pub(crate) fn wait_change(change: &GuestPropertyChange, opts: &SimOptions) -> String {
    if change.deleted && opts.api >= ApiVersion::V7_0 {
        return format!("Property {} was deleted\n", change.name);
    }
    format!(
        "Name: {}, value: {}, flags: {}\n",
        change.name, change.value, change.flags
    )
}

#[cfg(test)]
#[path = "guestprops_tests.rs"]
mod tests;
