//! `import <file> --dry-run` (and the same listing a real import prints first): the disks
//! table and the numbered description of each virtual system; the interpretation warnings
//! from stderr. Shapes from the real 7.2.22 captures `import-dry-run`, `import-options`,
//! `import-warning`.

use vbox_types::{ApplianceDisk, ApplianceInfo, ApplianceNic, ApplianceSystem};

/// The virtual systems described on stdout and the warnings on stderr.
pub fn parse_import(stdout: &str, stderr: &str) -> ApplianceInfo {
    let capacities = disk_table(stdout);
    let mut systems = Vec::new();
    for line in stdout.lines() {
        if line.starts_with("Virtual system ") {
            systems.push(ApplianceSystem::default());
            continue;
        }
        let Some(system) = systems.last_mut() else {
            continue;
        };
        let Some((number, text)) = line.trim_start().split_once(": ") else {
            continue;
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        entry(system, text, &capacities);
    }
    ApplianceInfo {
        systems,
        warnings: warnings(stderr),
    }
}

/// `(file, capacity)` of the `Disks:` table (`id<TAB>capacity<TAB>populated<TAB>format<TAB>file…`).
fn disk_table(stdout: &str) -> Vec<(String, u64)> {
    stdout
        .lines()
        .skip_while(|l| *l != "Disks:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            let cols: Vec<&str> = l.trim_start().split('\t').collect();
            let capacity = cols.get(1)?.parse().ok()?;
            Some((cols.get(4)?.to_string(), capacity))
        })
        .collect()
}

/// The quoted value after `prefix` (`Suggested VM name "web 1"`).
fn quoted<'a>(text: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| {
        let rest = text.strip_prefix(p)?;
        rest.trim_start_matches([':', ' '])
            .strip_prefix('"')?
            .strip_suffix('"')
    })
}

/// The plain value after `prefix` (`Number of CPUs: 2`).
fn plain<'a>(text: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes
        .iter()
        .find_map(|p| text.strip_prefix(p).map(str::trim))
}

fn entry(s: &mut ApplianceSystem, text: &str, capacities: &[(String, u64)]) {
    let owned = |v: &str| Some(v.to_string());
    if let Some(v) = quoted(
        text,
        &["Suggested OS type", "OS type specified with --ostype"],
    ) {
        s.os_type_id = owned(v);
    } else if let Some(v) = quoted(
        text,
        &["Suggested VM name", "VM name specified with --vmname"],
    ) {
        s.name = v.to_string();
    } else if let Some(v) = quoted(
        text,
        &[
            "Suggested VM settings file name",
            "VM settings file name specified with --settingsfile",
        ],
    ) {
        s.settings_file = owned(v);
    } else if let Some(v) = quoted(
        text,
        &[
            "Suggested VM base folder",
            "VM base folder specified with --basefolder",
        ],
    ) {
        s.base_folder = owned(v);
    } else if let Some(v) = plain(text, &["Product (ignored):", "Product:"]) {
        s.product = owned(v);
    } else if let Some(v) = plain(text, &["Vendor (ignored):", "Vendor:"]) {
        s.vendor = owned(v);
    } else if let Some(v) = plain(text, &["Version (ignored):", "Version:"]) {
        s.version = owned(v);
    } else if let Some(v) = plain(
        text,
        &["Number of CPUs:", "No. of CPUs specified with --cpus:"],
    ) {
        s.cpus = v.parse().ok();
    } else if let Some(v) = plain(
        text,
        &["Guest memory:", "Guest memory specified with --memory:"],
    ) {
        s.memory_mb = v.trim_end_matches(" MB").parse().ok();
    } else if let Some(v) = plain(text, &["Network adapter:"]) {
        // `orig NAT, config 3, extra slot=0;type=NAT`
        let field = |key: &str| {
            v.split(", ")
                .find_map(|f| f.strip_prefix(key))
                .unwrap_or_default()
                .to_string()
        };
        s.nics.push(ApplianceNic {
            network: field("orig "),
            config: field("extra "),
        });
    } else if let Some(v) = plain(text, &["Hard disk image:"]) {
        // `source image=a.vmdk, target path=a.vmdk, controller=12;port=0`
        let field = |key: &str| {
            v.split(", ")
                .find_map(|f| f.strip_prefix(key))
                .unwrap_or_default()
                .to_string()
        };
        let source = field("source image=");
        let capacity_bytes = capacities
            .iter()
            .find(|(file, _)| *file == source)
            .map(|(_, c)| *c);
        s.disks.push(ApplianceDisk {
            target: field("target path="),
            source,
            capacity_bytes,
        });
    }
}

/// `VBoxManage: warning: …` lines of stderr, continuation lines joined.
fn warnings(stderr: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut open = false;
    for line in stderr.lines() {
        if let Some(text) = line.split_once(": warning: ").map(|(_, t)| t) {
            found.push(text.trim().to_string());
            open = true;
        } else if open && line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            if let Some(last) = found.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
            }
        } else {
            open = false;
        }
    }
    found
}
