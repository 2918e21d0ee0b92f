//! Guest properties and the network interfaces the Guest Additions publish through them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The prefix of the properties VBoxService's "vminfo" writes for each guest interface.
pub const GUEST_NET_PREFIX: &str = "/VirtualBox/GuestInfo/Net/";
/// The beacon: number of reported interfaces, rewritten every refresh interval.
pub const GUEST_NET_COUNT: &str = "/VirtualBox/GuestInfo/Net/Count";
/// Present when the Guest Additions run.
pub const GUEST_ADD_VERSION: &str = "/VirtualBox/GuestAdd/Version";

/// One guest property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestProperty {
    /// Full name (`/VirtualBox/GuestInfo/Net/0/V4/IP`).
    pub name: String,
    /// Value.
    pub value: String,
    /// Last write, in **ns** since the epoch (unlike `lastStateChange`, which is ms).
    pub timestamp_ns: i64,
    /// Flags as VirtualBox prints them (`TRANSIENT, RDONLYGUEST`), empty when none.
    pub flags: String,
}

/// A change seen while waiting on guest properties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestPropertyChange {
    /// The property name.
    pub name: String,
    /// The new value (empty when deleted).
    pub value: String,
    /// The flags.
    pub flags: String,
    /// Whether the property was deleted (7.0+ reports this explicitly).
    pub deleted: bool,
}

/// The changes between two looks at the same guest properties, in the order VirtualBox sends
/// their events: writes (new or rewritten properties; every write gets a new timestamp)
/// oldest first, then deletions in key order. The key tells the properties apart (a name, or a
/// machine and a name) and comes back with each change. `deletion_flag`: whether the API
/// reports a deletion as such (`fWasDeleted`, 7.0 on); before that a deletion is a change
/// to an empty value. The one change detection of the project: the simulator's waits and
/// events and vboxctl's polling wait all use it.
pub fn guest_property_changes<'a, K: Ord>(
    before: &'a BTreeMap<K, GuestProperty>,
    after: &'a BTreeMap<K, GuestProperty>,
    deletion_flag: bool,
) -> Vec<(&'a K, GuestPropertyChange)> {
    let mut written: Vec<(&'a K, &'a GuestProperty)> = after
        .iter()
        .filter(|(k, p)| before.get(*k) != Some(*p))
        .collect();
    // Stable: equal timestamps keep key order.
    written.sort_by_key(|(_, p)| p.timestamp_ns);
    let deleted = before.iter().filter(|(k, _)| !after.contains_key(*k));
    written
        .into_iter()
        .map(|(k, p)| {
            let change = GuestPropertyChange {
                name: p.name.clone(),
                value: p.value.clone(),
                flags: p.flags.clone(),
                deleted: false,
            };
            (k, change)
        })
        .chain(deleted.map(|(k, p)| {
            let change = GuestPropertyChange {
                name: p.name.clone(),
                value: String::new(),
                flags: String::new(),
                deleted: deletion_flag,
            };
            (k, change)
        }))
        .collect()
}

/// The path of a per-interface property: `guest_net_property(0, "V4/IP")`.
pub fn guest_net_property(index: u32, leaf: &str) -> String {
    format!("{GUEST_NET_PREFIX}{index}/{leaf}")
}

/// A guest network interface, assembled from `/VirtualBox/GuestInfo/Net/<i>/*`. The index is
/// the guest's enumeration order, **not** the adapter slot: match adapters by MAC.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GuestNetInterface {
    /// `<i>` of `Net/<i>`.
    pub index: u32,
    /// `V4/IP`.
    pub ipv4: Option<String>,
    /// `V4/Netmask`.
    pub netmask: Option<String>,
    /// `V4/Broadcast`.
    pub broadcast: Option<String>,
    /// `V6/IP`, should a future Guest Additions publish it (none do up to 7.2).
    pub ipv6: Option<String>,
    /// `MAC`, 12 upper-case hex digits.
    pub mac: Option<String>,
    /// `Status`: `Up` or `Down`.
    pub status: Option<String>,
    /// `Name` (non-Windows guests).
    pub name: Option<String>,
    /// The newest timestamp among the interface's address properties, ns since the epoch.
    pub timestamp_ns: i64,
}

impl GuestNetInterface {
    /// Assemble interface `index` from a property list (other properties are ignored).
    pub fn from_properties(index: u32, props: &[GuestProperty]) -> GuestNetInterface {
        let prefix = format!("{GUEST_NET_PREFIX}{index}/");
        let mut nic = GuestNetInterface {
            index,
            ..Default::default()
        };
        for p in props {
            let Some(leaf) = p.name.strip_prefix(&prefix) else {
                continue;
            };
            let value = (!p.value.is_empty()).then(|| p.value.clone());
            let slot = match leaf {
                "V4/IP" => &mut nic.ipv4,
                "V4/Netmask" => &mut nic.netmask,
                "V4/Broadcast" => &mut nic.broadcast,
                "V6/IP" => &mut nic.ipv6,
                "MAC" => &mut nic.mac,
                "Status" => &mut nic.status,
                "Name" => &mut nic.name,
                _ => continue,
            };
            *slot = value;
            if matches!(leaf, "V4/IP" | "V6/IP" | "MAC") {
                nic.timestamp_ns = nic.timestamp_ns.max(p.timestamp_ns);
            }
        }
        nic
    }
}

/// Whether a name matches one of VirtualBox's guest property patterns: globs with `*` and `?`
/// separated by `|` (an empty pattern matches everything).
pub fn guest_pattern_matches(patterns: &str, name: &str) -> bool {
    if patterns.is_empty() {
        return true;
    }
    patterns
        .split('|')
        .any(|p| glob_match(p.as_bytes(), name.as_bytes()))
}

fn glob_match(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            pi += 1;
            mark = si;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(list: &[(&str, &str, i64)]) -> BTreeMap<String, GuestProperty> {
        list.iter()
            .map(|(n, v, t)| {
                let p = GuestProperty {
                    name: n.to_string(),
                    value: v.to_string(),
                    timestamp_ns: *t,
                    flags: String::new(),
                };
                (p.name.clone(), p)
            })
            .collect()
    }

    fn names(changes: &[(&String, GuestPropertyChange)]) -> Vec<(String, bool)> {
        changes
            .iter()
            .map(|(_, c)| (c.name.clone(), c.deleted))
            .collect()
    }

    #[test]
    fn property_changes_are_writes_oldest_first_then_deletions() {
        let before = look(&[("/a", "1", 1), ("/b", "2", 1), ("/d", "4", 1)]);
        assert!(guest_property_changes(&before, &before, true).is_empty());
        // A rewrite of the same value is a change (its timestamp moved); /c is new.
        let after = look(&[("/a", "1", 9), ("/b", "2", 1), ("/c", "3", 5)]);
        let changes = guest_property_changes(&before, &after, true);
        assert_eq!(
            names(&changes),
            [
                ("/c".to_string(), false),
                ("/a".to_string(), false),
                ("/d".to_string(), true)
            ]
        );
        assert_eq!(changes[0].1.value, "3");
        // Before 7.0 a deletion is an empty value, not flagged.
        let after = look(&[("/a", "1", 1), ("/b", "2", 1)]);
        let gone = guest_property_changes(&before, &after, false);
        assert_eq!(names(&gone), [("/d".to_string(), false)]);
        assert_eq!(gone[0].1.value, "");
    }

    fn prop(name: &str, value: &str, ts: i64) -> GuestProperty {
        GuestProperty {
            name: name.into(),
            value: value.into(),
            timestamp_ns: ts,
            flags: String::new(),
        }
    }

    #[test]
    fn assembles_an_interface() {
        let props = vec![
            prop("/VirtualBox/GuestInfo/Net/1/V4/IP", "192.168.56.101", 5),
            prop("/VirtualBox/GuestInfo/Net/1/MAC", "080027AABBCC", 7),
            prop("/VirtualBox/GuestInfo/Net/1/Status", "Up", 9),
            prop("/VirtualBox/GuestInfo/Net/0/V4/IP", "10.0.2.15", 1),
        ];
        let nic = GuestNetInterface::from_properties(1, &props);
        assert_eq!(nic.ipv4.as_deref(), Some("192.168.56.101"));
        assert_eq!(nic.mac.as_deref(), Some("080027AABBCC"));
        assert_eq!(nic.status.as_deref(), Some("Up"));
        assert_eq!(nic.timestamp_ns, 7);
    }

    #[test]
    fn patterns() {
        assert!(guest_pattern_matches("", "/a"));
        assert!(guest_pattern_matches(
            "/VirtualBox/GuestInfo/Net/*",
            "/VirtualBox/GuestInfo/Net/0/V4/IP"
        ));
        assert!(guest_pattern_matches(
            "/x|/VirtualBox/*/Count",
            "/VirtualBox/GuestInfo/Net/Count"
        ));
        assert!(guest_pattern_matches("/a?c", "/abc"));
        assert!(!guest_pattern_matches("/a?c", "/abbc"));
        assert!(!guest_pattern_matches(
            "/VirtualBox/GuestAdd/*",
            "/VirtualBox/GuestInfo/Net/Count"
        ));
    }
}
