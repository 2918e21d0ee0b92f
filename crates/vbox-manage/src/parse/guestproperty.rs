//! `guestproperty get|enumerate|wait` output.
//!
//! Two `enumerate` formats exist and are detected per input:
//! - up to 6.1 (and 7.x `--old-format`): `Name: <n>, value: <v>, timestamp: <ns>, flags: <f>`;
//!   values may span lines and contain `, `, so a record starts only at a line beginning with
//!   `Name: ` that has `, value: `, and its value ends at the record's **last** `, timestamp: `;
//! - 7.0+: an aligned table `<name padded> = '<value>'<pad> @ <ISO UTC ms> <FLAGS>`.
//!
//! The guest-side `VBoxControl` prints the old format after a banner, with `<NULL>` for empty
//! values and flags; both are read as empty.

use vbox_types::{GuestProperty, GuestPropertyChange};

/// What VBoxControl prints for an empty value or empty flags.
const NULL: &str = "<NULL>";

/// The value of `guestproperty get`: `Value: <v>` gives `Some(v)`, `No value set!` (missing or
/// empty property) gives `None`. Also reads the `Name: …, value: …` form some versions print.
/// A `--verbose` `Timestamp:`/`Flags:` tail is not part of the value.
pub fn parse_get(stdout: &str) -> Option<String> {
    let text = stdout.replace("\r\n", "\n");
    let mut offset = 0;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if trimmed == "No value set!" {
            return None;
        }
        if let Some(rest) = line
            .strip_prefix("Value: ")
            .or_else(|| (line == "Value:").then_some(""))
        {
            // The value runs to the end, or to a `--verbose` Timestamp/Flags line.
            let start = offset + (line.len() - rest.len());
            let tail = &text[start..];
            let end = ["\nTimestamp: ", "\nFlags: "]
                .iter()
                .filter_map(|m| tail.find(m))
                .min()
                .unwrap_or(tail.len());
            return Some(tail[..end].trim_end_matches('\n').to_string());
        }
        if line.starts_with("Name: ") && line.contains(", value: ") {
            let record = &text[offset..];
            let record = record.trim_end_matches('\n');
            return parse_old_record(record).map(|p| p.value);
        }
        offset += line.len() + 1;
    }
    None
}

/// `guestproperty get --verbose`: the value with the `Timestamp: <ns>` and `Flags: <f>` lines
/// that follow it (0 and empty when a version omits them). `None` for `No value set!`.
pub fn parse_get_verbose(name: &str, stdout: &str) -> Option<GuestProperty> {
    let value = parse_get(stdout)?;
    let text = stdout.replace("\r\n", "\n");
    let last = |label: &str| {
        text.lines()
            .rev()
            .find_map(|l| l.strip_prefix(label))
            .map(str::trim)
    };
    Some(GuestProperty {
        name: name.to_string(),
        value,
        timestamp_ns: last("Timestamp: ")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0),
        flags: last("Flags:").unwrap_or("").to_string(),
    })
}

/// Every property of `guestproperty enumerate` (either format; `No properties found.` and empty
/// output give an empty list). Old-format timestamps are ns already; 7.x ISO times are
/// converted to ns since the epoch (0 when absent, e.g. with `--no-timestamp`).
pub fn parse_enumerate(stdout: &str) -> Vec<GuestProperty> {
    let text = stdout.replace("\r\n", "\n");
    let old = text.lines().any(is_old_record_start);
    if old {
        split_records(&text, is_old_record_start)
            .iter()
            .filter_map(|r| parse_old_record(r))
            .collect()
    } else {
        split_records(&text, is_table_record_start)
            .iter()
            .filter_map(|r| parse_table_record(r))
            .collect()
    }
}

/// The change `guestproperty wait` reported: `Name: n, value: v, flags: f`, or (7.0+)
/// `Property n was deleted`. `None` when nothing was reported, which is what a timeout looks
/// like (exit 0, `Time out or interruption while waiting for a notification.` on stderr).
pub fn parse_wait(stdout: &str, stderr: &str) -> Option<GuestPropertyChange> {
    if is_wait_timeout(stderr) && stdout.trim().is_empty() {
        return None;
    }
    let text = stdout.replace("\r\n", "\n");
    for (i, line) in text.split('\n').enumerate() {
        if let Some(rest) = line.strip_prefix("Name: ") {
            let (name, after) = rest.split_once(", value: ")?;
            // The record may span lines: take the rest of the output.
            let record: String = std::iter::once(after)
                .chain(text.split('\n').skip(i + 1))
                .collect::<Vec<_>>()
                .join("\n");
            let record = record.trim_end_matches('\n');
            let (value, flags) = match record.rfind(", flags:") {
                Some(at) => (&record[..at], record[at + ", flags:".len()..].trim()),
                None => (record, ""),
            };
            return Some(GuestPropertyChange {
                name: name.to_string(),
                value: value.to_string(),
                flags: flags.to_string(),
                deleted: false,
            });
        }
        if let Some(rest) = line.trim().strip_prefix("Property ") {
            if let Some(name) = rest.strip_suffix(" was deleted") {
                return Some(GuestPropertyChange {
                    name: name.to_string(),
                    value: String::new(),
                    flags: String::new(),
                    deleted: true,
                });
            }
        }
    }
    None
}

/// Whether `guestproperty wait`'s stderr reports a timeout (or an interruption). The exit code
/// is 0 either way unless `--fail-on-timeout` was given.
pub fn is_wait_timeout(stderr: &str) -> bool {
    stderr.contains("Time out or interruption while waiting")
}

/// Nanoseconds since the epoch of a 7.x enumerate time (`2024-05-07T12:34:56.123Z`).
pub fn parse_iso_time_ns(s: &str) -> Option<i64> {
    let s = s.trim().strip_suffix('Z')?;
    let (date, time) = s.split_once('T')?;
    let mut d = date.split('-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    if d.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (hms, frac) = match time.split_once('.') {
        Some((h, f)) => (h, f),
        None => (time, ""),
    };
    let mut t = hms.split(':');
    let hour: i64 = t.next()?.parse().ok()?;
    let min: i64 = t.next()?.parse().ok()?;
    let sec: i64 = t.next()?.parse().ok()?;
    if t.next().is_some() || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    if frac.len() > 9 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac_ns: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse().ok()?
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3_600 + min * 60 + sec;
    Some(secs * 1_000_000_000 + frac_ns)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_old_record_start(line: &str) -> bool {
    line.starts_with("Name: ") && line.contains(", value: ")
}

fn is_table_record_start(line: &str) -> bool {
    !line.starts_with(' ') && line.contains(" = '")
}

/// Groups lines into records: a record is a start line plus the following non-start lines.
/// Lines before the first start (banners, `No properties found.`) are dropped.
fn split_records(text: &str, is_start: fn(&str) -> bool) -> Vec<String> {
    let mut records: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if is_start(line) {
            records.push(line.to_string());
        } else if let Some(last) = records.last_mut() {
            last.push('\n');
            last.push_str(line);
        }
    }
    for r in &mut records {
        let trimmed = r.trim_end_matches('\n').len();
        r.truncate(trimmed);
    }
    records
}

fn null_to_empty(s: &str) -> String {
    if s == NULL {
        String::new()
    } else {
        s.to_string()
    }
}

/// One `Name: n, value: v, timestamp: t, flags: f` record (the value may hold newlines).
fn parse_old_record(record: &str) -> Option<GuestProperty> {
    let rest = record.strip_prefix("Name: ")?;
    let (name, after) = rest.split_once(", value: ")?;
    let (value, tail) = match after.rfind(", timestamp: ") {
        Some(at) => (&after[..at], &after[at + ", timestamp: ".len()..]),
        None => {
            // No timestamp (a `wait`-style line): value up to the last `, flags:`.
            let at = after.rfind(", flags:").unwrap_or(after.len());
            let flags = after.get(at + ", flags:".len()..).unwrap_or("").trim();
            return Some(GuestProperty {
                name: name.to_string(),
                value: null_to_empty(&after[..at]),
                timestamp_ns: 0,
                flags: null_to_empty(flags),
            });
        }
    };
    let (ts, flags) = match tail.split_once(", flags:") {
        Some((ts, flags)) => (ts, flags.trim()),
        None => (tail, ""),
    };
    Some(GuestProperty {
        name: name.to_string(),
        value: null_to_empty(value),
        timestamp_ns: ts.trim().parse().unwrap_or(0),
        flags: null_to_empty(flags),
    })
}

/// One 7.x table record: `<name padded> = '<value>'<pad> @ <time> <FLAGS>`.
fn parse_table_record(record: &str) -> Option<GuestProperty> {
    let (name, rest) = record.split_once(" = '")?;
    let name = name.trim_end();
    // The time column starts at the last ` @ ` (values may hold `@`, flags never do).
    let (value_part, time_part) = match rest.rfind(" @ ") {
        Some(at) if rest[..at].trim_end().ends_with('\'') => (&rest[..at], Some(&rest[at + 3..])),
        _ => (rest, None),
    };
    let (value, flags_no_time) = match time_part {
        Some(_) => (value_part.trim_end().strip_suffix('\'')?, ""),
        None => {
            // `--no-timestamp`: the value ends at the last quote, flags follow.
            let at = value_part.rfind('\'')?;
            (&value_part[..at], value_part[at + 1..].trim())
        }
    };
    let (timestamp_ns, flags) = match time_part {
        Some(t) => {
            let t = t.trim_start();
            let (time, flags) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
            (parse_iso_time_ns(time).unwrap_or(0), flags.trim())
        }
        None => (0, flags_no_time),
    };
    Some(GuestProperty {
        name: name.to_string(),
        value: value.to_string(),
        timestamp_ns,
        flags: flags.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_time() {
        assert_eq!(parse_iso_time_ns("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(
            parse_iso_time_ns("1970-01-02T00:00:00.001Z"),
            Some(86_400_001_000_000)
        );
        assert_eq!(
            parse_iso_time_ns("2026-11-28T13:22:19.779Z"),
            Some(1_795_872_139_779_000_000)
        );
        assert_eq!(parse_iso_time_ns("nonsense"), None);
    }

    #[test]
    fn table_value_with_quote_and_at() {
        let p = parse_enumerate("/a = 'it's @ x'   @ 1970-01-01T00:00:01.000Z RDONLYGUEST\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].value, "it's @ x");
        assert_eq!(p[0].timestamp_ns, 1_000_000_000);
        assert_eq!(p[0].flags, "RDONLYGUEST");
    }

    #[test]
    fn no_properties() {
        assert!(parse_enumerate("No properties found.\n").is_empty());
        assert!(parse_enumerate("").is_empty());
    }

    #[test]
    fn get_forms() {
        assert_eq!(parse_get("Value: a b\n"), Some("a b".into()));
        assert_eq!(
            parse_get("Value: x\nTimestamp: 1\nFlags: \n"),
            Some("x".into())
        );
        assert_eq!(parse_get("No value set!\n"), None);
        assert_eq!(
            parse_get("Name: /a, value: v, v, timestamp: 5, flags: \n"),
            Some("v, v".into())
        );
    }

    #[test]
    fn wait_deleted() {
        let c = parse_wait("Property /a/b was deleted\n", "").unwrap();
        assert!(c.deleted);
        assert_eq!(c.name, "/a/b");
    }
}
