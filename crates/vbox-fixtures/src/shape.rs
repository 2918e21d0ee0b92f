//! Comparing an output with a capture by its form: the values that differ between any two
//! hosts (UUIDs, MAC addresses, times, timestamps, folder roots) are masked, everything else
//! — keys, their order, quoting, line shapes, fixed texts — must be equal.

/// `text` with host-specific values masked: UUIDs → `<uuid>`, 12-hex-digit MACs → `<mac>`,
/// ISO times (`2026-11-28T13:22:18.271000000`, `…Z`) → `<time>`, digit runs of 10 or more
/// (ms/ns timestamps) → `<n>`, and each `(from, to)` of `roots` replaced first (a machine
/// folder, a home directory). CRLF becomes LF.
pub fn mask(text: &str, roots: &[(&str, &str)]) -> String {
    let mut s = text.replace("\r\n", "\n");
    for (from, to) in roots {
        if !from.is_empty() {
            s = s.replace(from, to);
        }
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(n) = uuid_at(&chars, i) {
            out.push_str("<uuid>");
            i += n;
        } else if let Some(n) = iso_time_at(&chars, i) {
            out.push_str("<time>");
            i += n;
        } else if let Some(n) = hex_run_at(&chars, i) {
            out.push_str(if n == 12 { "<mac>" } else { "<n>" });
            i += n;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Panics with a line-by-line report when `actual` and `expected` differ after [`mask`].
///
/// # Panics
/// When the masked texts differ.
pub fn assert_same_shape(what: &str, actual: &str, expected: &str, roots: &[(&str, &str)]) {
    let a = mask(actual, roots);
    let e = mask(expected, roots);
    if a == e {
        return;
    }
    let mut report = String::new();
    let (al, el): (Vec<&str>, Vec<&str>) = (a.lines().collect(), e.lines().collect());
    for i in 0..al.len().max(el.len()) {
        let (x, y) = (al.get(i).copied(), el.get(i).copied());
        if x != y {
            report.push_str(&format!(
                "line {}:\n  emulator: {}\n  captured: {}\n",
                i + 1,
                x.unwrap_or("<none>"),
                y.unwrap_or("<none>")
            ));
        }
    }
    if report.is_empty() {
        report = format!(
            "trailing newline differs: emulator {:?}, captured {:?}",
            a.ends_with('\n'),
            e.ends_with('\n')
        );
    }
    panic!("{what}: output differs from the capture\n{report}");
}

/// The keys of `key=value` lines (quoted keys unquoted), in order: the key set and order of a
/// `--machinereadable` output.
pub fn keys(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            if let Some(rest) = line.strip_prefix('"') {
                let end = rest.find("\"=")?;
                return Some(rest[..end].to_string());
            }
            let eq = line.find('=')?;
            Some(line[..eq].to_string())
        })
        .collect()
}

fn is_hex(c: char) -> bool {
    c.is_ascii_hexdigit()
}

fn boundary(chars: &[char], i: usize) -> bool {
    i == 0 || !chars[i - 1].is_ascii_alphanumeric()
}

fn end_boundary(chars: &[char], i: usize) -> bool {
    i >= chars.len() || !chars[i].is_ascii_alphanumeric()
}

/// Length of a UUID (8-4-4-4-12 hex) starting at `i`.
fn uuid_at(chars: &[char], i: usize) -> Option<usize> {
    if !boundary(chars, i) {
        return None;
    }
    let groups = [8, 4, 4, 4, 12];
    let mut j = i;
    for (g, len) in groups.iter().enumerate() {
        for _ in 0..*len {
            if !chars.get(j).copied().is_some_and(is_hex) {
                return None;
            }
            j += 1;
        }
        if g < 4 {
            if chars.get(j) != Some(&'-') {
                return None;
            }
            j += 1;
        }
    }
    end_boundary(chars, j).then_some(j - i)
}

/// Length of an ISO date-time (`YYYY-MM-DDTHH:MM:SS`, optional fraction and `Z`) at `i`.
fn iso_time_at(chars: &[char], i: usize) -> Option<usize> {
    // The second form names saved-state files (`Snapshots/2026-12-05T08-30-56-354237000Z.sav`).
    ["dddd-dd-ddTdd:dd:dd", "dddd-dd-ddTdd-dd-dd"]
        .iter()
        .find_map(|pattern| time_with(pattern, chars, i))
}

fn time_with(pattern: &str, chars: &[char], i: usize) -> Option<usize> {
    if !boundary(chars, i) || chars.len() < i + pattern.len() {
        return None;
    }
    for (k, p) in pattern.chars().enumerate() {
        let c = chars[i + k];
        let ok = if p == 'd' { c.is_ascii_digit() } else { c == p };
        if !ok {
            return None;
        }
    }
    let mut j = i + pattern.len();
    if matches!(chars.get(j), Some('.' | '-')) {
        j += 1;
        while chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
    }
    if chars.get(j) == Some(&'Z') {
        j += 1;
    }
    Some(j - i)
}

/// Length of a MAC (exactly 12 hex digits, at least one digit) or of a run of 10+ decimal
/// digits at `i`.
fn hex_run_at(chars: &[char], i: usize) -> Option<usize> {
    if !boundary(chars, i) {
        return None;
    }
    let mut j = i;
    while chars.get(j).copied().is_some_and(is_hex) {
        j += 1;
    }
    let n = j - i;
    if !end_boundary(chars, j) {
        return None;
    }
    let run = &chars[i..j];
    let all_digits = run.iter().all(|c| c.is_ascii_digit());
    if n == 12 && run.iter().any(|c| c.is_ascii_digit()) {
        return Some(12);
    }
    (all_digits && n >= 10).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_host_values_and_keeps_the_rest() {
        let text = "UUID=\"813d390f-e5b8-47f4-870d-dc12adaae284\"\nmacaddress1=\"080027CBC7A4\"\n\
                    VMStateChangeTime=\"2026-11-28T13:22:18.271000000\"\n\
                    GuestAdditionsFacility_VirtualBox Base Driver=50,1458910695598\n\
                    CfgFile=\"/home/lab/vms/a/a.vbox\"\nmemory=128\n";
        assert_eq!(
            mask(text, &[("/home/lab/vms", "<root>")]),
            "UUID=\"<uuid>\"\nmacaddress1=\"<mac>\"\nVMStateChangeTime=\"<time>\"\n\
             GuestAdditionsFacility_VirtualBox Base Driver=50,<n>\n\
             CfgFile=\"<root>/a/a.vbox\"\nmemory=128\n"
        );
        assert_eq!(mask("@ 2024-05-07T12:34:56.123Z x", &[]), "@ <time> x");
        assert_eq!(mask("nicspeed1=\"0\" cafe", &[]), "nicspeed1=\"0\" cafe");
    }

    #[test]
    fn keys_in_order_with_quoted_keys() {
        let text =
            "name=\"a\"\nEncryption:     disabled\n\"IDE-1-0\"=\"none\"\nBIOS NVRAM File=\"x\"\n";
        assert_eq!(keys(text), ["name", "IDE-1-0", "BIOS NVRAM File"]);
    }

    #[test]
    #[should_panic(expected = "line 2")]
    fn a_difference_names_the_line() {
        assert_same_shape("t", "a=1\nb=2\n", "a=1\nc=2\n", &[]);
    }
}
