//! Appliances in the simulator: its exports import again with the same settings and disks,
//! it reads a real 7.2.22 descriptor, its emulated `import --dry-run` has the shape of the
//! real one, and the failures are the real host's (nothing registered after them).

mod common;
#[path = "emulator_harness.rs"]
mod harness;

use common::{sim, vm_with_disk};
use std::fs;
use vbox_appliance::write::write_ova;
use vbox_fixtures::{fixture, shape::assert_same_shape};
use vbox_types::{
    Backend, ErrorKind, ExportAppliance, ImportAppliance, MacPolicy, ModifyMachine, OvfVersion,
    ResultCode,
};

/// An OVA holding the real 7.2.22 export's descriptor and a placeholder disk.
fn real_ova(dir: &std::path::Path) -> std::path::PathBuf {
    let ovf = dir.join("src1.ovf");
    fs::write(&ovf, fixture("vboxmanage-7.2.22-appliance/export-ova.ovf")).unwrap();
    let disk = dir.join("disk");
    fs::write(&disk, vec![0u8; 4096]).unwrap();
    let ova = dir.join("src1.ova");
    let text = fs::read_to_string(&ovf).unwrap();
    write_ova(
        &ova,
        "src1.ovf",
        &text,
        &[("src1-disk001.vmdk".into(), &disk)],
    )
    .unwrap();
    ova
}

#[tokio::test(start_paused = true)]
async fn exports_import_again_with_the_same_settings() {
    let (dir, sim) = sim();
    let src = vm_with_disk(&sim, "web").await;
    sim.modify_machine(
        "web",
        &ModifyMachine {
            memory_mb: Some(768),
            cpus: Some(2),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for (file, ovf) in [
        ("web.ova", OvfVersion::V1_0),
        ("v2/web.ovf", OvfVersion::V2_0),
    ] {
        let path = dir.path().join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let spec = ExportAppliance {
            machines: vec!["web".into()],
            path: path.display().to_string(),
            ovf,
            manifest: true,
            product: Some("Lab".into()),
            ..Default::default()
        };
        sim.export_appliance(&spec, Default::default())
            .await
            .unwrap();
        let again = sim
            .export_appliance(&spec, Default::default())
            .await
            .unwrap_err();
        assert_eq!(again.code(), Some(ResultCode::IPRT_ERROR), "{again}");

        let import = ImportAppliance {
            path: spec.path.clone(),
            ..Default::default()
        };
        let info = sim.read_appliance(&import).await.unwrap();
        let s = &info.systems[0];
        assert_eq!(s.name, "web 1", "a suggestion beside the registered web");
        assert_eq!(s.product.as_deref(), Some("Lab"));
        assert_eq!(s.disks[0].capacity_bytes, Some(64 << 20));
        let name = format!("copy-{}", file.replace('/', "-"));
        let m = sim
            .import_appliance(
                &ImportAppliance {
                    name: Some(name.clone()),
                    macs: MacPolicy::KeepAll,
                    ..import
                },
                Default::default(),
            )
            .await
            .unwrap();
        assert_eq!(
            (m.name.as_str(), m.memory_mb, m.cpus),
            (name.as_str(), 768, 2)
        );
        assert_eq!(m.os_type_id, src.os_type_id);
        assert_eq!(m.adapters[0].mac_address, src.adapters[0].mac_address);
        let media = sim.list_media().await.unwrap();
        let disk = media
            .iter()
            .find(|d| d.machine_ids.contains(&m.id))
            .expect("an imported disk");
        assert_eq!(disk.logical_size, 64 << 20);
    }
    assert!(dir.path().join("v2/web.mf").is_file());
}

#[tokio::test(start_paused = true)]
async fn real_descriptor_read_and_bad_files_refused() {
    let (dir, sim) = sim();
    let ova = real_ova(dir.path());
    let info = sim
        .read_appliance(&ImportAppliance {
            path: ova.display().to_string(),
            ..Default::default()
        })
        .await
        .unwrap();
    let s = &info.systems[0];
    assert_eq!(
        (s.name.as_str(), s.memory_mb, s.cpus),
        ("src1", Some(256), Some(2))
    );
    assert_eq!(s.os_type_id.as_deref(), Some("Debian_64"));

    let missing = ImportAppliance {
        path: dir.path().join("nothing.ova").display().to_string(),
        ..Default::default()
    };
    let e = sim.read_appliance(&missing).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert!(e.message().starts_with("Error opening the OVA file"), "{e}");

    let bytes = fs::read(&ova).unwrap();
    let cut = dir.path().join("cut.ova");
    fs::write(&cut, &bytes[..bytes.len() - 2000]).unwrap();
    let spec = ImportAppliance {
        path: cut.display().to_string(),
        name: Some("cut".into()),
        ..Default::default()
    };
    sim.read_appliance(&spec).await.unwrap();
    let e = sim
        .import_appliance(&spec, Default::default())
        .await
        .unwrap_err();
    assert!(e.message().ends_with("(VERR_EOF)"), "{e}");
    assert!(sim.list_machines().await.unwrap().is_empty());
    assert!(sim.list_media().await.unwrap().is_empty());
}

#[test]
fn emulated_dry_run_has_the_real_shape() {
    let host = harness::Host::new("7.2.22");
    let files = tempfile::tempdir().unwrap();
    let ova = real_ova(files.path());
    let ova = ova.display().to_string();
    host.ok(&[
        "createvm",
        "--name",
        "src1",
        "--ostype",
        "Debian_64",
        "--register",
    ]);
    let dry = host.run(&["import", &ova, "--dry-run"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    let home = "/var/tmp/vboxctl-real/homes/appl-cap";
    let machines = host.machines();
    let roots = [(machines.as_str(), "<machines>"), (ova.as_str(), "<ova>")];
    let captured_roots = [
        (home, "<home>"),
        ("<home>/machines", "<machines>"),
        ("<home>/src1.ova", "<ova>"),
    ];
    let expected = fixture("vboxmanage-7.2.22-appliance/import-dry-run.stdout");
    let expected = vbox_fixtures::shape::mask(&expected, &captured_roots);
    assert_same_shape("import --dry-run", &dry.out, &expected, &roots);
    let expected_err = fixture("vboxmanage-7.2.22-appliance/import-dry-run.stderr");
    let expected_err = vbox_fixtures::shape::mask(&expected_err, &captured_roots);
    assert_same_shape("import --dry-run (stderr)", &dry.err, &expected_err, &roots);

    let imported = host.run(&[
        "import",
        &ova,
        "--vsys",
        "0",
        "--vmname",
        "imp1",
        "--memory",
        "300",
        "--cpus",
        "1",
        "--options",
        "keepallmacs",
    ]);
    let expected = vbox_fixtures::shape::mask(
        &fixture("vboxmanage-7.2.22-appliance/import-options.stdout"),
        &captured_roots,
    );
    // The dry run's settings file is the suggestion's; masked roots leave the name.
    assert_same_shape("import", &imported.out, &expected, &roots);
    let again = host.run(&["import", &ova, "--vsys", "0", "--vmname", "imp1"]);
    assert_eq!(again.code, 1);
    assert!(again.err.contains("VERR_ALREADY_EXISTS"), "{again:?}");

    let out = files.path().join("back.ova").display().to_string();
    let export = host.run(&["export", "imp1", "--output", &out]);
    assert_eq!(export.code, 0, "{export:?}");
    assert_eq!(
        export.out,
        fixture("vboxmanage-7.2.22-appliance/export-ova.stdout")
    );
    let exists = host.run(&["export", "imp1", "--output", &out]);
    let expected = vbox_fixtures::shape::mask(
        &fixture("vboxmanage-7.2.22-appliance/export-exists.stderr"),
        &[(home, "<home>"), ("<home>/src1.ova", "<out>")],
    );
    assert_same_shape(
        "export exists",
        &exists.err,
        &expected,
        &[(out.as_str(), "<out>")],
    );
    let unknown = host.run(&["export", "nosuch", "--output", &out]);
    assert_eq!(
        unknown.err,
        fixture("vboxmanage-7.2.22-appliance/export-unknown-vm.stderr")
    );
}
