//! The VBoxManage calls of storage and shared-folder changes, on a scripted fake: a missing
//! controller is added before the attach, a new disk is created before it, and a refused
//! attach takes back the controller and the disk it made.

use std::sync::Arc;
use vbox_fixtures::fixture;
use vbox_manage::exec::Exec;
use vbox_manage::runner::{FakeReply, FakeRunner};
use vbox_manage::{ManageBackend, ManageOptions};
use vbox_types::{
    Backend, ErrorKind, MediumSource, ModifyMachine, SharedFolder, StorageAttach, StorageKind,
    StorageSlot,
};

const CONFIG: &str = "vboxmanage-7.2.22/config";

fn backend() -> (Arc<FakeRunner>, ManageBackend) {
    let fake = Arc::new(FakeRunner::new());
    fake.on(&["--version"], FakeReply::ok("7.2.22r170373\n"));
    // A machine with an IDE controller only.
    fake.on(
        &["showvminfo"],
        FakeReply::ok(
            "name=\"st\"\nUUID=\"0d0d0d0d-0000-4000-8000-000000000001\"\nVMState=\"poweroff\"\n\
             storagecontrollername0=\"IDE\"\nstoragecontrollertype0=\"PIIX4\"\n\
             storagecontrollermaxportcount0=\"2\"\nstoragecontrollerportcount0=\"2\"\n",
        ),
    );
    fake.on(&["list", "ostypes"], FakeReply::ok(""));
    let exec = Exec::new(fake.clone());
    (fake, ManageBackend::new(exec, ManageOptions::default()))
}

/// The calls that change something.
fn changes(fake: &FakeRunner) -> Vec<String> {
    fake.calls()
        .into_iter()
        .filter(|c| !matches!(c[0].as_str(), "--version" | "showvminfo" | "list"))
        .map(|c| c.join(" "))
        .collect()
}

fn new_disk_on_sata() -> ModifyMachine {
    ModifyMachine {
        storage_attached: vec![StorageAttach {
            slot: StorageSlot::new("SATA", 0, 0),
            kind: StorageKind::Disk,
            source: MediumSource::New {
                path: "/vms/st/d.vdi".into(),
                size_mb: 8,
            },
            bus: None,
        }],
        shared_folders_added: vec![SharedFolder::new("code", "/src")],
        ..ModifyMachine::default()
    }
}

#[tokio::test]
async fn a_missing_controller_is_added_and_a_new_disk_created_first() {
    let (fake, b) = backend();
    fake.on(
        &["createmedium"],
        FakeReply::ok(fixture(&format!("{CONFIG}/createmedium-disk.stdout"))),
    );
    fake.on(&["storagectl"], FakeReply::ok(""));
    fake.on(&["storageattach"], FakeReply::ok(""));
    fake.on(&["sharedfolder"], FakeReply::ok(""));
    b.modify_machine("st", &new_disk_on_sata()).await.unwrap();
    assert_eq!(
        changes(&fake),
        [
            "storagectl st --name SATA --add sata",
            "createmedium disk --filename /vms/st/d.vdi --size 8 --format VDI",
            "storageattach st --storagectl SATA --port 0 --device 0 --type hdd --medium /vms/st/d.vdi",
            "sharedfolder add st --name code --hostpath /src --automount",
        ]
    );
}

#[tokio::test]
async fn a_refused_attach_takes_back_what_it_made() {
    let (fake, b) = backend();
    fake.on(
        &["createmedium"],
        FakeReply::ok(fixture(&format!("{CONFIG}/createmedium-disk.stdout"))),
    );
    fake.on(&["storagectl"], FakeReply::ok(""));
    fake.on(&["closemedium"], FakeReply::ok(""));
    fake.on(
        &["storageattach"],
        FakeReply::fail(
            1,
            fixture(&format!("{CONFIG}/storageattach-already-attached.stderr")),
        ),
    );
    let e = b
        .modify_machine("st", &new_disk_on_sata())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InUse, "{e}");
    let calls = changes(&fake);
    assert_eq!(
        calls[3..],
        [
            "closemedium disk 78c62ce8-3296-4c16-b53b-341fe5ee1c63 --delete",
            "storagectl st --name SATA --remove",
        ],
        "{calls:#?}"
    );
    assert!(!calls.iter().any(|c| c.starts_with("sharedfolder")));
}
