//! Times as IPRT formats them (VBoxManage never uses the C library for this).

use crate::clock::explode;

/// `RTTimeSpecToString` into VBoxManage's 30-byte buffer: nine fraction digits and the `Z`
/// cut off (`2026-11-28T13:22:16.373000000`), the form of `VMStateChangeTime` and of the
/// human `State:` line in every version.
pub(crate) fn state_change(ms: i64) -> String {
    let (y, mo, d, h, mi, s, ns) = explode(ms.saturating_mul(1_000_000));
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ns:09}")
}

/// `RTTimeToStringEx(…, 3)`: `2026-11-28T13:22:19.779Z`, the time column of the 7.0+
/// `guestproperty enumerate` table.
pub(crate) fn iso_millis(ns: i64) -> String {
    let (y, mo, d, h, mi, s, n) = explode(ns);
    format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
        n / 1_000_000
    )
}

/// `makeTimeStr` of VBoxManageInfo.cpp: `2026/11/28 13:22:19 UTC` (Guest Facilities lines).
pub(crate) fn slashed(ms: i64) -> String {
    let (y, mo, d, h, mi, s, _) = explode(ms.saturating_mul(1_000_000));
    format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// `RTTimeFormatDurationEx(…, 3)`: ISO-8601 durations such as `PT4.250S`, `PT1M0.000S`,
/// `P1DT2H3M4.000S`, `P2W0DT…` (weeks, a single-digit day count, then hours and minutes once
/// anything larger was printed), `PT0S` for zero and a leading `-` for the future.
pub(crate) fn duration(ns: i64) -> String {
    if ns == 0 {
        return "PT0S".to_string();
    }
    const SEC: u64 = 1_000_000_000;
    const MIN: u64 = 60 * SEC;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    const WEEK: u64 = 7 * DAY;
    let mut out = String::new();
    if ns < 0 {
        out.push('-');
    }
    out.push('P');
    let mut left = ns.unsigned_abs();
    // Once a larger unit is printed, every smaller one down to seconds is printed too.
    let mut larger = false;
    if left >= WEEK {
        out.push_str(&format!("{}W", left / WEEK));
        left %= WEEK;
        larger = true;
    }
    if left >= DAY {
        out.push_str(&format!("{}D", left / DAY));
        left %= DAY;
        larger = true;
    }
    out.push('T');
    if left >= HOUR || larger {
        out.push_str(&format!("{}H", left / HOUR));
        left %= HOUR;
        larger = true;
    }
    if left >= MIN || larger {
        out.push_str(&format!("{}M", left / MIN));
        left %= MIN;
    }
    out.push_str(&format!("{}.{:03}S", left / SEC, left % SEC / 1_000_000));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-28T13:22:16.373Z, the first state change of the 7.0.14 capture.
    const T: i64 = 1_795_872_136_373;

    #[test]
    fn times_match_the_captures() {
        assert_eq!(state_change(T), "2026-11-28T13:22:16.373000000");
        // `guestproperty-enumerate-old-format` timestamp 1795872139779948000 is printed as
        // `2026-11-28T13:22:19.779Z` by `guestproperty-enumerate-running`.
        assert_eq!(
            iso_millis(1_795_872_139_779_948_000),
            "2026-11-28T13:22:19.779Z"
        );
        assert_eq!(slashed(T), "2026/11/28 13:22:16 UTC");
        assert_eq!(state_change(0), "1970-01-01T00:00:00.000000000");
        assert_eq!(
            iso_millis(951_782_400_000_000_000),
            "2000-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn durations_follow_iprt() {
        let s = 1_000_000_000;
        assert_eq!(duration(0), "PT0S");
        assert_eq!(duration(4_250_000_000), "PT4.250S");
        assert_eq!(duration(60 * s), "PT1M0.000S");
        assert_eq!(duration(3_600 * s + 5 * s), "PT1H0M5.000S");
        assert_eq!(duration(86_400 * s + 7_384 * s), "P1DT2H3M4.000S");
        assert_eq!(duration(7 * 86_400 * s), "P1WT0H0M0.000S");
        assert_eq!(duration(-2 * s), "-PT2.000S");
    }
}
