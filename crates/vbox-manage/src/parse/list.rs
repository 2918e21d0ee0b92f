//! `list vms` / `list runningvms` output: one `"<name>" {<uuid>}` line per machine.

use vbox_types::MachineSummary;

/// The name VBoxManage prints for a machine whose settings file cannot be read.
pub const INACCESSIBLE_NAME: &str = "<inaccessible>";

/// Parses the stdout of `VBoxManage list vms` (also `list --sorted vms` and
/// `list runningvms`).
///
/// Each line is `"<name>" {<uuid>}`. Names are printed without escaping, so they may contain
/// quotes and spaces; the separator is the **last** ` {` of the line. `"<inaccessible>"`
/// gives `accessible: false`. Blank lines, `WARNING:` lines and lines that do not have the
/// shape are skipped; CRLF line ends are tolerated. `state` is always `None` (this listing
/// does not report it).
pub fn parse_list_vms(stdout: &str) -> Vec<MachineSummary> {
    stdout.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<MachineSummary> {
    let line = line.trim_end_matches(['\r', '\n']).trim();
    if line.is_empty() || line.starts_with("WARNING:") {
        return None;
    }
    let sep = line.rfind(" {")?;
    let (name_part, uuid_part) = (line[..sep].trim_end(), line[sep + 2..].trim_end());
    let uuid = uuid_part.strip_suffix('}')?;
    if uuid.is_empty() || uuid.contains(['{', '}', ' ']) {
        return None;
    }
    let name = name_part
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name_part);
    Some(MachineSummary {
        id: uuid.to_ascii_lowercase(),
        name: name.to_string(),
        accessible: name != INACCESSIBLE_NAME,
        state: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_spaces_crlf_warning() {
        let out = "WARNING: something\r\n\r\n\"tmpl \"q\" {x}\" {E40CF37B-1E05-4937-8CA2-85F632D0DF84}\r\n\"<inaccessible>\" {a30b7f86-d30a-41b8-9dbc-cb1ea02e55c4}\n";
        let v = parse_list_vms(out);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].name, "tmpl \"q\" {x}");
        assert_eq!(v[0].id, "e40cf37b-1e05-4937-8ca2-85f632d0df84");
        assert!(v[0].accessible);
        assert!(!v[1].accessible);
        assert_eq!(v[1].state, None);
    }

    #[test]
    fn empty() {
        assert!(parse_list_vms("").is_empty());
        assert!(parse_list_vms("\n\n").is_empty());
    }
}
