//! A machine's settings file (`.vbox`), read only for what no VBoxManage command prints: when
//! each snapshot was taken, and whether it holds a saved state (online). Up to 7.1 nothing
//! printed it either; on 7.2 `snapshot list` (every form) and `showvminfo` still do not, while
//! the API's `ISnapshot.timeStamp` — what the web service gives — is this very attribute
//! (second precision: a real 7.2.22 gave `1796459503000` for `timeStamp="2026-12-05T08:31:43Z"`).

use std::collections::HashMap;

/// What the settings file says of one snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotStamp {
    /// When it was taken, ms since the epoch.
    pub taken_ms: i64,
    /// Whether it has a saved state (`stateFile=`): taken while the machine ran.
    pub online: bool,
}

/// Every `<Snapshot uuid="{…}" timeStamp="…Z" [stateFile="…"]>` element, by lower-case UUID
/// without braces. Elements it cannot read are left out.
pub fn snapshot_stamps(xml: &str) -> HashMap<String, SnapshotStamp> {
    let mut out = HashMap::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<Snapshot ") {
        rest = &rest[at + "<Snapshot ".len()..];
        let attrs = attributes(rest);
        let (Some(uuid), Some(stamp)) = (attrs.get("uuid"), attrs.get("timeStamp")) else {
            continue;
        };
        let Some(ns) = crate::parse::guestproperty::parse_iso_time_ns(stamp) else {
            continue;
        };
        let id = uuid
            .trim_start_matches('{')
            .trim_end_matches('}')
            .to_ascii_lowercase();
        out.insert(
            id,
            SnapshotStamp {
                taken_ms: ns.div_euclid(1_000_000),
                online: attrs.get("stateFile").is_some_and(|f| !f.is_empty()),
            },
        );
    }
    out
}

/// The `name="value"` attributes at the start of `tag` (up to its `>`), values unescaped of
/// nothing (the ones read here never need it). Quotes are honoured, so a `>` inside a value
/// does not end the tag.
fn attributes(tag: &str) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
            return out;
        }
        let Some(eq) = rest.find('=') else {
            return out;
        };
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return out;
        };
        let Some(end) = after[1..].find(quote) else {
            return out;
        };
        out.insert(name, &after[1..1 + end]);
        rest = &after[2 + end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_of_nested_snapshots() {
        let xml = r#"<Machine uuid="{m}" name="a>b" lastStateChange="2026-12-05T08:54:45Z">
    <Snapshot uuid="{33AA0FF1-142d-4313-a798-975bc749240b}" name="s > 1" timeStamp="2026-12-05T08:31:43Z">
      <Snapshots>
        <Snapshot uuid="{b499d9d3-30fe-4ca7-80d0-8dc4ab9f7798}" name="snap2" timeStamp="2026-12-05T08:54:42Z" stateFile="Snapshots/2026-12-05T08-54-42-762882000Z.sav">
"#;
        let s = snapshot_stamps(xml);
        assert_eq!(s.len(), 2);
        let first = s["33aa0ff1-142d-4313-a798-975bc749240b"];
        assert_eq!(first.taken_ms, 1_796_459_503_000);
        assert!(!first.online);
        let second = s["b499d9d3-30fe-4ca7-80d0-8dc4ab9f7798"];
        assert_eq!(second.taken_ms, 1_796_460_882_000);
        assert!(second.online);
    }
}
