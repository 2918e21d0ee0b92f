//! The exact argv of appliance import and export on a scripted fake, and what happens after
//! a failed import: a machine of that name the import registered is unregistered again.

use std::sync::Arc;
use vbox_fixtures::fixture;
use vbox_manage::exec::Exec;
use vbox_manage::runner::{FakeReply, FakeRunner};
use vbox_manage::{ManageBackend, ManageOptions};
use vbox_types::{Backend, ExportAppliance, ImportAppliance, MacPolicy, OvfVersion, Watch};

const DIR: &str = "vboxmanage-7.2.22-appliance";

fn backend() -> (Arc<FakeRunner>, ManageBackend) {
    let fake = Arc::new(FakeRunner::new());
    fake.on(&["--version"], FakeReply::ok("7.2.22_Debianr175245\n"));
    let exec = Exec::new(fake.clone());
    (fake, ManageBackend::new(exec, ManageOptions::default()))
}

fn words(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn dry_run_argv_and_reading() {
    let (fake, b) = backend();
    fake.on(
        &["import"],
        FakeReply::ok(fixture(&format!("{DIR}/import-dry-run.stdout")))
            .with_stderr(fixture(&format!("{DIR}/import-dry-run.stderr"))),
    );
    let spec = ImportAppliance {
        path: "/a b/src1.ova".into(),
        name: Some("-odd".into()),
        memory_mb: Some(300),
        cpus: Some(1),
        base_folder: Some("/vms".into()),
        macs: MacPolicy::KeepNat,
    };
    let info = b.read_appliance(&spec).await.unwrap();
    assert_eq!(
        fake.calls().last().unwrap(),
        &words(&[
            "import",
            "/a b/src1.ova",
            "--dry-run",
            "--options",
            "keepnatmacs",
            "--vsys",
            "0",
            "--vmname=-odd",
            "--memory",
            "300",
            "--cpus",
            "1",
            "--basefolder",
            "/vms",
        ])
    );
    // The settings file follows the given name, as the import will put it.
    assert_eq!(
        info.systems[0].settings_file.as_deref(),
        Some("/var/tmp/vboxctl-real/homes/appl-cap/machines/-odd/-odd.vbox")
    );
    let refused = b
        .read_appliance(&ImportAppliance {
            path: "-x.ova".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), vbox_types::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn a_failed_import_leaves_nothing_registered() {
    let (fake, b) = backend();
    fake.on_seq(
        &["list", "vms"],
        vec![
            FakeReply::ok("\"src1\" {11111111-1111-4111-8111-111111111111}\n"),
            FakeReply::ok("\"src1\" {11111111-1111-4111-8111-111111111111}\n\"imp2\" {22222222-2222-4222-8222-222222222222}\n"),
        ],
    );
    fake.on(
        &["import"],
        FakeReply::fail(1, fixture(&format!("{DIR}/import-truncated.stderr"))),
    );
    fake.on(&["unregistervm"], FakeReply::ok(""));
    let spec = ImportAppliance {
        path: "/x/trunc.ova".into(),
        name: Some("imp2".into()),
        ..Default::default()
    };
    let e = b
        .import_appliance(&spec, Watch::default())
        .await
        .unwrap_err();
    assert!(e.message().contains("VERR_EOF"), "{e}");
    let calls = fake.calls();
    assert_eq!(
        calls.last().unwrap(),
        &words(&[
            "unregistervm",
            "22222222-2222-4222-8222-222222222222",
            "--delete"
        ])
    );
}

#[tokio::test]
async fn export_argv() {
    let (fake, b) = backend();
    fake.on(
        &["export"],
        FakeReply::ok(fixture(&format!("{DIR}/export-ova.stdout"))),
    );
    let spec = ExportAppliance {
        machines: vec!["web 1".into(), "db".into()],
        path: "/out/lab.ovf".into(),
        ovf: OvfVersion::V2_0,
        manifest: true,
        macs: MacPolicy::Fresh,
        product: Some("Lab <x>".into()),
        vendor: None,
        version: Some("1.2".into()),
    };
    b.export_appliance(&spec, Watch::default()).await.unwrap();
    assert_eq!(
        fake.calls().last().unwrap(),
        &words(&[
            "export",
            "web 1",
            "db",
            "--output",
            "/out/lab.ovf",
            "--ovf20",
            "--manifest",
            "--options",
            "nomacs",
            "--vsys",
            "0",
            "--product",
            "Lab <x>",
            "--version",
            "1.2",
            "--vsys",
            "1",
            "--product",
            "Lab <x>",
            "--version",
            "1.2",
        ])
    );
}
