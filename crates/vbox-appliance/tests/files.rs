//! Appliance files: the real 7.2.22 descriptors parse; OVAs written here read back; broken
//! files are refused with the reason before VirtualBox sees them.

use std::fs;
use std::path::Path;
use vbox_appliance::write::{descriptor, write_ova, DiskEntry, NicEntry, SystemEntry};
use vbox_appliance::{check_file, ovf, vagrant};
use vbox_fixtures::fixture;
use vbox_types::{ErrorKind, OvfVersion};

#[test]
fn real_exports_parse() {
    for name in ["export-ova.ovf", "export-ovf20.ovf"] {
        let text = fixture(&format!("vboxmanage-7.2.22-appliance/{name}"));
        let d = ovf::parse(&text, name).unwrap();
        let s = &d.systems[0];
        assert_eq!(s.name, "src1");
        assert_eq!(s.os_type.as_deref(), Some("Debian_64"));
        assert_eq!((s.cpus, s.memory_mb), (Some(2), Some(256)));
        assert_eq!(s.disks, vec!["vmdisk1".to_string()]);
        assert_eq!(
            d.disk("vmdisk1").unwrap().capacity_bytes,
            Some(8 * 1024 * 1024)
        );
        assert_eq!(d.files[0].href, "src1-disk001.vmdk");
        assert_eq!(s.nics.len(), 1);
        assert_eq!(s.nics[0].connection, "NAT");
        assert_eq!(s.nics[0].mac.as_deref().map(str::len), Some(12));
    }
    let text = fixture("vboxmanage-7.2.22-appliance/export-ova.ovf");
    let d = ovf::parse(&text, "x").unwrap();
    assert_eq!(d.systems[0].product.as_deref(), Some("Prod <x>"));
    assert_eq!(d.version, "1.0");
}

fn system() -> SystemEntry {
    SystemEntry {
        name: "web & co".into(),
        os_type: "Ubuntu_64".into(),
        cpus: 2,
        memory_mb: 512,
        product: Some("P<1>".into()),
        vendor: None,
        version: Some("1.0".into()),
        disks: vec![DiskEntry {
            href: "web-disk001.vmdk".into(),
            capacity_bytes: 4 << 20,
        }],
        nics: vec![NicEntry {
            connection: "NAT".into(),
            subtype: "E1000".into(),
            mac: Some("080027AABBCC".into()),
        }],
    }
}

fn ova(dir: &Path) -> std::path::PathBuf {
    let disk = dir.join("disk.bin");
    fs::write(&disk, vec![7u8; 20_000]).unwrap();
    let path = dir.join("web.ova");
    let text = descriptor(&[system()], OvfVersion::V2_0);
    write_ova(
        &path,
        "web.ovf",
        &text,
        &[("web-disk001.vmdk".into(), &disk)],
    )
    .unwrap();
    path
}

#[test]
fn written_ova_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = ova(dir.path());
    let d = check_file(&path).unwrap();
    assert_eq!(d.version, "2.0");
    let s = &d.systems[0];
    assert_eq!(s.name, "web & co");
    assert_eq!(s.product.as_deref(), Some("P<1>"));
    assert_eq!((s.cpus, s.memory_mb), (Some(2), Some(512)));
    assert_eq!(s.nics[0].mac.as_deref(), Some("080027AABBCC"));
    assert_eq!(d.disk(&s.disks[0]).unwrap().capacity_bytes, Some(4 << 20));
    let again = write_ova(&path, "web.ovf", "", &[]).unwrap_err();
    assert_eq!(again.kind(), ErrorKind::InvalidInput);
}

#[test]
fn truncated_ova_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = ova(dir.path());
    let bytes = fs::read(&path).unwrap();
    let cut = dir.path().join("cut.ova");
    fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = check_file(&cut).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("truncated"), "{e}");
    assert!(e.to_string().contains("web-disk001.vmdk"), "{e}");
}

#[test]
fn ovf_without_its_disk_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ovf_path = dir.path().join("web.ovf");
    fs::write(&ovf_path, descriptor(&[system()], OvfVersion::V1_0)).unwrap();
    let e = check_file(&ovf_path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(
        e.to_string().contains("web-disk001.vmdk' is missing"),
        "{e}"
    );
    fs::write(dir.path().join("web-disk001.vmdk"), b"x").unwrap();
    check_file(&ovf_path).unwrap();
    let missing = check_file(&dir.path().join("nothing.ova")).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[test]
fn not_a_tar_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.ova");
    fs::write(&path, b"<Envelope/> but not a tar").unwrap();
    let e = check_file(&path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}

#[test]
fn box_round_trip_and_provider() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    fs::create_dir(&export).unwrap();
    fs::write(
        export.join("box.ovf"),
        descriptor(&[system()], OvfVersion::V1_0),
    )
    .unwrap();
    fs::write(export.join("web-disk001.vmdk"), vec![1u8; 5000]).unwrap();
    let boxed = dir.path().join("web.box");
    vagrant::pack_box(&export.join("box.ovf"), &boxed).unwrap();
    assert!(!dir.path().join("web.box.partial").exists());
    // Vagrant's layout: gzipped tar with box.ovf, the disk, metadata.json, Vagrantfile.
    let gz = flate2::read::GzDecoder::new(fs::File::open(&boxed).unwrap());
    let mut names: Vec<String> = tar::Archive::new(gz)
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Vagrantfile",
            "box.ovf",
            "metadata.json",
            "web-disk001.vmdk"
        ]
    );
    let into = dir.path().join("unpacked");
    fs::create_dir(&into).unwrap();
    let ovf_path = vagrant::unpack_box(&boxed, &into).unwrap();
    assert_eq!(ovf_path, into.join("box.ovf"));
    check_file(&ovf_path).unwrap();
    let vf = fs::read_to_string(into.join("Vagrantfile")).unwrap();
    assert!(vf.contains("config.vm.base_mac = \"080027AABBCC\""), "{vf}");

    // The same files for another provider, uncompressed.
    fs::write(into.join("metadata.json"), r#"{"provider": "libvirt"}"#).unwrap();
    let other = dir.path().join("other.box");
    let mut tar = tar::Builder::new(fs::File::create(&other).unwrap());
    tar.append_dir_all(".", &into).unwrap();
    tar.into_inner().unwrap();
    let into2 = dir.path().join("unpacked2");
    fs::create_dir(&into2).unwrap();
    let e = vagrant::unpack_box(&other, &into2).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("provider 'libvirt'"), "{e}");
}
