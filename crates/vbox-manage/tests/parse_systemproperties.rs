//! `list systemproperties` (and `--version`) parsers on every real capture.

use vbox_fixtures::{assert_covered, fixture, fixture_files};
use vbox_manage::parse::systemproperties::parse_systemproperties;
use vbox_types::{ChipsetType, VersionInfo};

/// Every fixture these tests cover; `coverage` fails when a new one appears unlisted.
const COVERED: &[&str] = &[
    "vboxmanage/list-systemproperties-4.3-linux-trailing-spaces.txt",
    "vboxmanage/list-systemproperties-7.0-linux.txt",
    "vboxmanage/version-6.0.12-windows.txt",
    "vboxmanage-7.0.14/list-systemproperties.stdout",
    "vboxmanage-7.0.14/list-systemproperties.stderr",
    "vboxmanage-7.0.14/version.stdout",
    "vboxmanage-7.0.14/version.stderr",
];

#[test]
fn coverage() {
    let select = |n: &str| n.starts_with("list-systemproperties") || n.starts_with("version");
    let mut files = fixture_files("vboxmanage", select);
    files.extend(fixture_files("vboxmanage-7.0.14", select));
    assert_covered(&files, COVERED);
}

#[test]
fn systemproperties_43_trailing_spaces_and_no_space() {
    let out = fixture("vboxmanage/list-systemproperties-4.3-linux-trailing-spaces.txt");
    let p = parse_systemproperties(&out);
    assert_eq!(p.api_version.as_deref(), Some("4_3"));
    assert_eq!(
        p.default_machine_folder.as_deref(),
        Some("/usr/local/VirtualBox_VMs")
    );
    assert_eq!(p.webservice_auth_library.as_deref(), Some("VBoxAuth"));
    assert_eq!(
        p.max_adapters,
        vec![(ChipsetType::PIIX3, 8), (ChipsetType::ICH9, 36)]
    );
    assert_eq!(p.raw.len(), 44);
    assert!(p.raw.iter().all(|(section, _, _)| section.is_empty()));
    // `Label:value` with no space after the colon.
    assert_eq!(p.get("Maximum PIIX3 Floppy Controllers"), Some("1"));
    // Empty values with trailing spaces are trimmed to empty.
    assert_eq!(p.get("Default frontend"), Some(""));
    assert_eq!(p.get("Autostart database path"), Some(""));
    assert_eq!(
        p.get("Remote desktop ExtPack"),
        Some("Oracle VM VirtualBox Extension Pack")
    );
    assert_eq!(
        p.get("Virtual disk limit (info)"),
        Some("2199022206976 Bytes")
    );
}

#[test]
fn systemproperties_70_vagrant() {
    let out = fixture("vboxmanage/list-systemproperties-7.0-linux.txt");
    let p = parse_systemproperties(&out);
    assert_eq!(p.api_version.as_deref(), Some("7_0"));
    assert_eq!(
        p.default_machine_folder.as_deref(),
        Some("/home/username/VirtualBox VMs")
    );
    assert_eq!(p.webservice_auth_library.as_deref(), Some("VBoxAuth"));
    assert_eq!(p.max_adapters_for(ChipsetType::ICH9), Some(36));
    assert_eq!(p.max_adapters_for(ChipsetType::PIIX3), Some(8));
    assert_eq!(p.raw.len(), 59);
    // Empty values without trailing spaces are not section headers.
    assert_eq!(p.get("Remote desktop ExtPack"), Some(""));
    assert!(p.raw.iter().all(|(section, _, _)| section.is_empty()));
    assert_eq!(p.get("Maximum virtio-scsi Port count"), Some("256"));
    assert_eq!(p.get("User language"), Some("en_US"));
}

#[test]
fn systemproperties_7014() {
    let out = fixture("vboxmanage-7.0.14/list-systemproperties.stdout");
    let p = parse_systemproperties(&out);
    assert_eq!(p.api_version.as_deref(), Some("7_0"));
    assert_eq!(p.default_machine_folder.as_deref(), Some("/home/lab/vms"));
    assert_eq!(p.webservice_auth_library.as_deref(), Some("VBoxAuth"));
    assert_eq!(
        p.max_adapters,
        vec![(ChipsetType::PIIX3, 8), (ChipsetType::ICH9, 36)]
    );
    assert_eq!(p.raw.len(), 58);
    assert_eq!(p.get("Default Guest Additions ISO"), Some(""));
    assert_eq!(p.get("Default audio driver"), Some("OSS"));
    assert_eq!(p.get("Proxy URL"), Some(""));
    let stderr = fixture("vboxmanage-7.0.14/list-systemproperties.stderr");
    assert!(stderr.is_empty());
}

#[test]
fn systemproperties_71_sections() {
    let out = "API version:                     7_1\n\
Default machine folder:          /home/u/VirtualBox VMs\n\
Host platform properties:\n\
Supported platform architectures: x86\n\
x86 platform properties:\n\
Maximum PIIX3 Network Adapter count:   8\n\
Maximum ICH9 Network Adapter count:   36\n\
ARMv8 platform properties:\n\
Maximum ARMv8Virtual Network Adapter count:   64\n";
    let p = parse_systemproperties(out);
    assert_eq!(p.api_version.as_deref(), Some("7_1"));
    assert_eq!(p.max_adapters_for(ChipsetType::ARMv8Virtual), Some(64));
    assert_eq!(p.max_adapters.len(), 3);
    assert_eq!(
        p.raw[3],
        (
            "x86 platform properties".to_string(),
            "Maximum PIIX3 Network Adapter count".to_string(),
            "8".to_string()
        )
    );
}

#[test]
fn version_6012_windows() {
    let out = fixture("vboxmanage/version-6.0.12-windows.txt");
    let v = VersionInfo::parse_manage_version(&out).expect("version");
    assert_eq!(v.version_normalized, "6.0.12");
    assert_eq!(v.revision, 133_076);
}

#[test]
fn version_7014() {
    let out = fixture("vboxmanage-7.0.14/version.stdout");
    let v = VersionInfo::parse_manage_version(&out).expect("version");
    assert_eq!(v.version_normalized, "7.0.14");
    assert_eq!(v.revision, 161_095);
    assert_eq!(v.api.to_string(), "7.0");
    assert!(fixture("vboxmanage-7.0.14/version.stderr").is_empty());
}
