//! `list --long vms`: every machine's human `showvminfo` block, one after another. Only the
//! name, UUID and state are read, which is what a listing with states needs from one process.
//!
//! A machine block starts with a column-0 `Name:` line followed within a few lines by a
//! column-0 `UUID:` line. Snapshot lines (`   Name: s (UUID: …)`) and description text do
//! not have that shape. The state line reads `State:   powered off (since 2026-…)`.

use super::list::INACCESSIBLE_NAME;
use vbox_types::{MachineState, MachineSummary};

/// What the human format prints as the name of a machine whose settings cannot be read.
const INACCESSIBLE_HUMAN: &str = "<inaccessible!>";

/// How many lines after `Name:` the `UUID:` line may come (7.0 adds `Encryption:` and
/// `Groups:`/`Guest OS:` sit between them).
const UUID_WITHIN: usize = 6;

/// Name, UUID and state of every machine in `list --long vms` output. `state` is `None`
/// only when the block has no state line it can read (inaccessible machines).
pub fn parse_list_long(stdout: &str) -> Vec<MachineSummary> {
    parse_list_long_machines(stdout)
        .into_iter()
        .map(|m| MachineSummary {
            id: m.id,
            name: m.name,
            accessible: m.accessible,
            state: m.state,
        })
        .collect()
}

/// One machine of `list --long vms`: the columns of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongMachine {
    /// UUID, lower case.
    pub id: String,
    /// Name (`<inaccessible>` for a machine whose settings cannot be read).
    pub name: String,
    /// Whether its settings could be read.
    pub accessible: bool,
    /// The state line's state.
    pub state: Option<MachineState>,
    /// `Groups:`, split at commas.
    pub groups: Vec<String>,
    /// `Guest OS:` — the OS type's *description* (`Ubuntu (64-bit)`), as `showvminfo` prints
    /// it; the backend turns it into the id.
    pub os_description: String,
    /// `Memory size:` in MB.
    pub memory_mb: u32,
    /// `Number of CPUs:`.
    pub cpus: u32,
    /// `Session name:`, printed while a session holds the machine (`headless`).
    pub session_name: Option<String>,
}

/// Every machine block of `list --long vms` output, with the columns a listing shows.
pub fn parse_list_long_machines(stdout: &str) -> Vec<LongMachine> {
    let lines: Vec<&str> = stdout.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut out: Vec<LongMachine> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(name) = field(line, "Name") {
            if name.contains(" (UUID: ") {
                continue;
            }
            let uuid = lines[i + 1..]
                .iter()
                .take(UUID_WITHIN)
                .take_while(|l| field(l, "Name").is_none())
                .find_map(|l| field(l, "UUID"));
            if let Some(uuid) = uuid {
                let accessible = name != INACCESSIBLE_HUMAN;
                out.push(LongMachine {
                    id: uuid.to_ascii_lowercase(),
                    name: if accessible { name } else { INACCESSIBLE_NAME }.to_string(),
                    accessible,
                    state: None,
                    groups: Vec::new(),
                    os_description: String::new(),
                    memory_mb: 0,
                    cpus: 0,
                    session_name: None,
                });
            }
            continue;
        }
        let Some(last) = out.last_mut() else {
            continue;
        };
        if let Some(state) = field(line, "State") {
            if last.state.is_none() {
                last.state = human_state(state);
            }
        } else if let Some(groups) = field(line, "Groups") {
            if last.groups.is_empty() {
                last.groups = groups.split(',').map(|g| g.trim().to_string()).collect();
            }
        } else if let Some(os) = field(line, "Guest OS") {
            if last.os_description.is_empty() {
                last.os_description = os.to_string();
            }
        } else if let Some(mb) =
            field(line, "Memory size").or_else(|| no_colon(line, "Memory size"))
        {
            if last.memory_mb == 0 {
                last.memory_mb = mb.trim_end_matches("MB").trim().parse().unwrap_or(0);
            }
        } else if let Some(n) = field(line, "Number of CPUs") {
            if last.cpus == 0 {
                last.cpus = n.parse().unwrap_or(0);
            }
        } else if let Some(session) = field(line, "Session name") {
            last.session_name.get_or_insert_with(|| session.to_string());
        }
    }
    out
}

/// `Memory size                  2048MB`: 6.0 printed this line without its colon.
fn no_colon<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(label)?;
    rest.starts_with("  ").then(|| rest.trim())
}

/// The value of a column-0 `Label:   value` line.
fn field<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(label)?.strip_prefix(':')?;
    rest.starts_with(' ').then(|| rest.trim())
}

/// `powered off (since 2026-11-28T13:22:16.373000000)` → PoweredOff.
fn human_state(text: &str) -> Option<MachineState> {
    let name = text.split(" (since ").next().unwrap_or(text).trim();
    MachineState::all().find(|s| s.human_name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_snapshots_and_inaccessible() {
        let out = "Name:                        web 01\nEncryption:     disabled\nGroups:                      /\nUUID:                        AB\nState:                       running (since 2026)\nSnapshots:\n\n   Name: s1 (UUID: cd) *\nDescription:\nName:     not a block\n\nName:            <inaccessible!>\nUUID:            ef\nConfig file:     /x.vbox\n";
        let v = parse_list_long(out);
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!((v[0].name.as_str(), v[0].id.as_str()), ("web 01", "ab"));
        assert_eq!(v[0].state, Some(MachineState::Running));
        assert_eq!(v[1].name, INACCESSIBLE_NAME);
        assert!(!v[1].accessible);
        assert_eq!(v[1].state, None);
    }
}
