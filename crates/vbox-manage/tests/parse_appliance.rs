//! `import --dry-run` on every real 7.2.22 capture that lists a virtual system.

use vbox_fixtures::fixture;
use vbox_manage::parse::appliance::parse_import;

fn capture(name: &str) -> vbox_types::ApplianceInfo {
    let dir = "vboxmanage-7.2.22-appliance";
    parse_import(
        &fixture(&format!("{dir}/{name}.stdout")),
        &fixture(&format!("{dir}/{name}.stderr")),
    )
}

#[test]
fn dry_run_suggestions() {
    let info = capture("import-dry-run");
    assert!(info.warnings.is_empty());
    let s = &info.systems[0];
    assert_eq!(s.name, "src1 1");
    assert_eq!(s.os_type_id.as_deref(), Some("Debian_64"));
    assert_eq!((s.cpus, s.memory_mb), (Some(2), Some(256)));
    assert_eq!(s.product.as_deref(), Some("Prod <x>"));
    assert_eq!(s.vendor.as_deref(), Some("V"));
    assert_eq!(s.version.as_deref(), Some("1.0"));
    assert_eq!(
        s.settings_file.as_deref(),
        Some("/var/tmp/vboxctl-real/homes/appl-cap/machines/src1 1/src1 1.vbox")
    );
    assert_eq!(
        s.base_folder.as_deref(),
        Some("/var/tmp/vboxctl-real/homes/appl-cap/machines")
    );
    assert_eq!(s.disks.len(), 1);
    assert_eq!(s.disks[0].source, "src1-disk001.vmdk");
    assert_eq!(s.disks[0].target, "src1-disk001.vmdk");
    assert_eq!(s.disks[0].capacity_bytes, Some(8 * 1024 * 1024));
    assert_eq!(s.nics.len(), 1);
    assert_eq!(s.nics[0].network, "NAT");
    assert_eq!(s.nics[0].config, "slot=0;type=NAT");
}

#[test]
fn options_given() {
    let s = capture("import-options").systems.remove(0);
    assert_eq!(s.name, "imp1");
    assert_eq!((s.cpus, s.memory_mb), (Some(1), Some(300)));
    assert_eq!(s.os_type_id.as_deref(), Some("Debian_64"));
}

#[test]
fn interpretation_warnings() {
    let info = capture("import-warning");
    assert_eq!(
        info.warnings,
        vec!["Virtual appliance \"src1\" was configured with 300 CPUs however VirtualBox supports a maximum of 64 CPUs. Setting the CPU count to 64.".to_string()]
    );
    assert_eq!(info.systems[0].cpus, Some(64));
    assert_eq!(info.systems[0].nics[0].config, "type=NAT");
}
