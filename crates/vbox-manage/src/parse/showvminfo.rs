//! `showvminfo <vm> --machinereadable` output: a tolerant `key=value` reader
//! ([`parse_machinereadable`]) and the mapping to a [`Machine`] ([`to_machine`]).

use vbox_types::{
    ChipsetType, FirmwareType, Machine, MachineState, NetworkAdapter, NetworkAdapterType,
    NetworkAttachmentType, SessionState, SnapshotRef,
};

/// The ordered `key=value` pairs of a `--machinereadable` output, values already unquoted and
/// unescaped. Keys may repeat (`Forwarding(0)` per NAT adapter); [`MachineInfoMap::get`]
/// returns the first occurrence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MachineInfoMap {
    entries: Vec<(String, String)>,
}

impl MachineInfoMap {
    /// The value of the first pair with this key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of this key, in output order.
    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// All pairs in output order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A required key is missing or its value cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("showvminfo --machinereadable: key '{key}': {message}")]
pub struct ParseError {
    /// The offending key.
    pub key: String,
    /// What is wrong with it.
    pub message: String,
}

impl ParseError {
    fn missing(key: &str) -> ParseError {
        ParseError {
            key: key.to_string(),
            message: "missing".to_string(),
        }
    }

    fn invalid(key: &str, value: &str) -> ParseError {
        ParseError {
            key: key.to_string(),
            message: format!("invalid value '{value}'"),
        }
    }
}

/// Scans a quoted text (after its opening quote), undoing `\"` and `\\` (other backslashes
/// are kept: disk paths are printed unescaped). Returns the unescaped text up to the first
/// unescaped `"` and that quote's byte offset, if any.
fn scan_quoted(s: &str) -> (String, Option<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&(_, n @ ('"' | '\\'))) => {
                    out.push(n);
                    chars.next();
                }
                _ => out.push('\\'),
            },
            '"' => return (out, Some(i)),
            _ => out.push(c),
        }
    }
    (out, None)
}

/// Decodes a value that starts and ends on one line. `None` when the quoted value continues
/// on the next line.
fn single_line_value(rest: &str) -> Option<String> {
    let Some(body) = rest.strip_prefix('"') else {
        return Some(rest.to_string());
    };
    let (text, close) = scan_quoted(body);
    match close {
        Some(pos) if pos + 1 == body.len() => Some(text),
        // Printed with printf, unescaped, but quoted as a whole (`"tmpl "q""`).
        _ if body.ends_with('"') => Some(body[..body.len() - 1].to_string()),
        // Quoted part followed by more (`VideoMode="720,400,0"@0,0 1`): keep it raw.
        Some(_) => Some(rest.to_string()),
        None => None,
    }
}

/// Reads `showvminfo --machinereadable` (or `snapshot list --machinereadable`) stdout into
/// ordered pairs.
///
/// Tolerates: quoted (`"IDE Controller-0-0"=`) and unquoted keys with spaces
/// (`BIOS NVRAM File=`), bare values (`memory=1024`, `videocapopts=ac_enabled=false`),
/// `\"`/`\\` escapes, quoted values spanning lines (`description="a` / `b"`), lines without
/// `=` (`Encryption:     disabled`, ` rec_screen0`), which are skipped, and CRLF.
pub fn parse_machinereadable(stdout: &str) -> MachineInfoMap {
    let mut entries = Vec::new();
    let mut lines = stdout.lines().map(|l| l.strip_suffix('\r').unwrap_or(l));
    while let Some(line) = lines.next() {
        let Some((key, rest)) = split_key(line) else {
            continue;
        };
        let value = match single_line_value(rest) {
            Some(v) => v,
            None => {
                // Multi-line quoted value: gather lines until one closes the quote.
                let mut raw = rest[1..].to_string();
                let mut closed = None;
                for next in lines.by_ref() {
                    raw.push('\n');
                    raw.push_str(next);
                    let (text, close) = scan_quoted(&raw);
                    if close.is_some_and(|p| p + 1 == raw.len()) {
                        closed = Some(text);
                        break;
                    }
                    if close.is_some() && next.ends_with('"') {
                        closed = Some(raw[..raw.len() - 1].to_string());
                        break;
                    }
                }
                closed.unwrap_or(raw)
            }
        };
        entries.push((key, value));
    }
    MachineInfoMap { entries }
}

/// Splits a line into its key and the raw text after `=`; `None` for lines that are not
/// `key=value`.
fn split_key(line: &str) -> Option<(String, &str)> {
    let trimmed = line.trim_start();
    if let Some(body) = trimmed.strip_prefix('"') {
        let (key, close) = scan_quoted(body);
        let rest = body[close? + 1..].strip_prefix('=')?;
        return Some((key, rest));
    }
    let (key, rest) = trimmed.split_once('=')?;
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    Some((key.to_string(), rest))
}

fn required<'a>(map: &'a MachineInfoMap, key: &str) -> Result<&'a str, ParseError> {
    map.get(key).ok_or_else(|| ParseError::missing(key))
}

fn number<T: std::str::FromStr>(map: &MachineInfoMap, key: &str) -> Result<T, ParseError> {
    let v = required(map, key)?;
    v.trim().parse().map_err(|_| ParseError::invalid(key, v))
}

/// Parses `VMStateChangeTime` (`2026-11-28T13:22:16.373000000`: UTC, up to 9 fraction digits,
/// the `Z` cut off by VBoxManage's 30-byte buffer; a trailing `Z` is accepted) to ms since the
/// epoch, with the ISO parser of the guest property table.
pub fn parse_state_change_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let with_z = if s.ends_with('Z') {
        s.to_string()
    } else {
        format!("{s}Z")
    };
    crate::parse::guestproperty::parse_iso_time_ns(&with_z).map(|ns| ns.div_euclid(1_000_000))
}

fn chipset_from_word(word: &str) -> Option<ChipsetType> {
    ChipsetType::ALL.iter().copied().find(|c| {
        c.manage_word().eq_ignore_ascii_case(word) || c.api_name().eq_ignore_ascii_case(word)
    })
}

fn adapter(map: &MachineInfoMap, n: u32) -> Option<NetworkAdapter> {
    let slot = n - 1;
    let nic = map.get(&format!("nic{n}"))?;
    let mut a = NetworkAdapter::disabled(slot);
    if nic.eq_ignore_ascii_case("none") {
        return Some(a);
    }
    let s = |k: &str| map.get(&format!("{k}{n}")).unwrap_or("").to_string();
    a.enabled = true;
    a.attachment =
        NetworkAttachmentType::from_manage_word(nic).unwrap_or(NetworkAttachmentType::Null);
    if let Some(t) = map
        .get(&format!("nictype{n}"))
        .and_then(NetworkAdapterType::from_manage_word)
    {
        a.adapter_type = t;
    }
    a.mac_address = s("macaddress").to_ascii_uppercase();
    a.cable_connected = map
        .get(&format!("cableconnected{n}"))
        .is_none_or(|v| v.eq_ignore_ascii_case("on"));
    a.line_speed_kbps = s("nicspeed").trim().parse().unwrap_or(0);
    a.bridged_interface = s("bridgeadapter");
    a.host_only_interface = s("hostonlyadapter");
    a.internal_network = s("intnet");
    a.nat_network = s("nat-network");
    a.host_only_network = s("hostonly-network");
    a.generic_driver = s("generic");
    Some(a)
}

/// Builds a [`Machine`] from the pairs of `showvminfo --machinereadable`.
///
/// Required keys: `name`, `UUID` and, for accessible machines, `memory`, `cpus` and `VMState`.
/// A machine whose name is `<inaccessible>` (only `name` and `UUID` are printed) gives
/// [`Machine::inaccessible`].
///
/// Notes on the mapping:
/// * `ostype=` is the OS type's **description** (`Ubuntu (64-bit)`), not its id
///   (`Ubuntu_64`); machinereadable output has no field with the id, so the description is
///   stored in `os_type_id`.
/// * `VMStateChangeTime` becomes `last_state_change_ms` (0 when absent).
/// * `SessionName` present → [`SessionState::Locked`], else `Unlocked`.
/// * Adapters: one per slot up to the chipset maximum (or the highest `nic<N>` printed);
///   `nic<N>="none"` or an absent `nic<N>` is a disabled adapter.
/// * `snapshot_count` counts the `SnapshotName*` keys; the current snapshot comes from
///   `CurrentSnapshotUUID`/`CurrentSnapshotName`.
pub fn to_machine(map: &MachineInfoMap) -> Result<Machine, ParseError> {
    let name = required(map, "name")?.to_string();
    let id = required(map, "UUID")?.trim().to_ascii_lowercase();
    if name == crate::parse::list::INACCESSIBLE_NAME
        || map.get("accessible").is_some_and(|v| v == "off")
    {
        return Ok(Machine::inaccessible(id, name));
    }
    let state_word = required(map, "VMState")?;
    let state = MachineState::from_short_name(state_word)
        .ok_or_else(|| ParseError::invalid("VMState", state_word))?;
    let last_state_change_ms = match map.get("VMStateChangeTime") {
        Some(t) => {
            parse_state_change_time(t).ok_or_else(|| ParseError::invalid("VMStateChangeTime", t))?
        }
        None => 0,
    };
    let chipset = match map.get("chipset") {
        Some(c) => chipset_from_word(c).ok_or_else(|| ParseError::invalid("chipset", c))?,
        None => ChipsetType::PIIX3,
    };
    let firmware = match map.get("firmware") {
        Some(f) => f
            .parse::<FirmwareType>()
            .map_err(|_| ParseError::invalid("firmware", f))?,
        None => FirmwareType::BIOS,
    };
    let highest_nic = map
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("nic")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let slots = chipset.max_network_adapters().max(highest_nic);
    let adapters = (1..=slots)
        .map(|n| adapter(map, n).unwrap_or_else(|| NetworkAdapter::disabled(n - 1)))
        .collect();
    let session_name = map.get("SessionName").map(str::to_string);
    let current_snapshot = map.get("CurrentSnapshotUUID").map(|id| SnapshotRef {
        id: id.to_string(),
        name: map.get("CurrentSnapshotName").unwrap_or("").to_string(),
    });
    Ok(Machine {
        id,
        name,
        accessible: true,
        description: map.get("description").unwrap_or("").to_string(),
        groups: map
            .get("groups")
            .unwrap_or("/")
            .split(',')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_string)
            .collect(),
        os_type_id: map.get("ostype").unwrap_or("").to_string(),
        memory_mb: number(map, "memory")?,
        cpus: number(map, "cpus")?,
        state,
        last_state_change_ms,
        session_state: if session_name.is_some() {
            SessionState::Locked
        } else {
            SessionState::Unlocked
        },
        session_name,
        chipset,
        firmware,
        adapters,
        snapshot_count: u32::try_from(crate::parse::snapshot::snapshot_paths(map).count())
            .unwrap_or(u32::MAX),
        current_snapshot,
        settings_file: map.get("CfgFile").unwrap_or("").to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bare_values() {
        let m = parse_machinereadable(
            "name=\"tmpl \\\"q\\\"\"\r\nCfgFile=\"C:\\\\Users\\\\x.vbox\"\n\"SATA-0-0\"=\"C:\\Virtual Machines\\a.vdi\"\nmemory=1024\nvideocapopts=ac_enabled=false\nVideoMode=\"720,400,0\"@0,0 1\n",
        );
        assert_eq!(m.get("name"), Some("tmpl \"q\""));
        assert_eq!(m.get("CfgFile"), Some("C:\\Users\\x.vbox"));
        assert_eq!(m.get("SATA-0-0"), Some("C:\\Virtual Machines\\a.vdi"));
        assert_eq!(m.get("memory"), Some("1024"));
        assert_eq!(m.get("videocapopts"), Some("ac_enabled=false"));
        assert_eq!(m.get("VideoMode"), Some("\"720,400,0\"@0,0 1"));
        assert_eq!(m.len(), 6);
    }

    #[test]
    fn unescaped_printf_quotes() {
        let m = parse_machinereadable("SnapshotName=\"a \"b\"\"\nx=\"C:\\dir\\\"\ny=1\n");
        assert_eq!(m.get("SnapshotName"), Some("a \"b\""));
        assert_eq!(m.get("x"), Some("C:\\dir\\"));
        assert_eq!(m.get("y"), Some("1"));
    }

    #[test]
    fn multi_line_and_odd_lines() {
        let m = parse_machinereadable(
            "name=\"n\"\nEncryption:     disabled\ndescription=\"name1=value1\nsay \\\"hi\\\"\nname2=value2\"\n rec_screen0\nBIOS NVRAM File=\"/x y\"\n\"IDE Controller-0-0\"=\"none\"\nGuestAdditionsFacility_VirtualBox Base Driver=50,1458910695598",
        );
        assert_eq!(
            m.get("description"),
            Some("name1=value1\nsay \"hi\"\nname2=value2")
        );
        assert_eq!(m.get("BIOS NVRAM File"), Some("/x y"));
        assert_eq!(m.get("IDE Controller-0-0"), Some("none"));
        assert_eq!(
            m.get("GuestAdditionsFacility_VirtualBox Base Driver"),
            Some("50,1458910695598")
        );
        assert_eq!(m.len(), 5);
    }

    #[test]
    fn unterminated_value_runs_to_end() {
        let m = parse_machinereadable("a=\"x\ny");
        assert_eq!(m.get("a"), Some("x\ny"));
    }

    #[test]
    fn state_change_time() {
        assert_eq!(
            parse_state_change_time("1970-01-01T00:00:00.000000000"),
            Some(0)
        );
        assert_eq!(
            parse_state_change_time("2016-03-25T12:58:09.499000000"),
            Some(1_458_910_689_499)
        );
        assert_eq!(
            parse_state_change_time("2016-03-25T12:58:09.499Z"),
            Some(1_458_910_689_499)
        );
        assert_eq!(parse_state_change_time("garbage"), None);
    }

    #[test]
    fn inaccessible_and_errors() {
        let m = parse_machinereadable(
            "name=\"<inaccessible>\"\nUUID=\"A30B7F86-D30A-41B8-9DBC-CB1EA02E55C4\"\n",
        );
        let mach = to_machine(&m).unwrap();
        assert!(!mach.accessible);
        assert_eq!(mach.id, "a30b7f86-d30a-41b8-9dbc-cb1ea02e55c4");
        let err = to_machine(&parse_machinereadable("name=\"x\"\n")).unwrap_err();
        assert_eq!(err.key, "UUID");
        assert!(err.to_string().contains("UUID"));
        let err = to_machine(&parse_machinereadable(
            "name=\"x\"\nUUID=\"u\"\nVMState=\"bogus\"\nmemory=1\ncpus=1\n",
        ))
        .unwrap_err();
        assert_eq!(err.key, "VMState");
    }
}
