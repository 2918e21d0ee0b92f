//! Snapshots, linked clones, deletion and media over SOAP, each answer checked against the
//! served version's WSDL.

mod soap_common;

use soap_common::{checked, faultstring, locked_session, machine, p, serve, wsdl, Wire};
use vbox_sim::ServeOptions;
use vbox_soap_wire::wsdl::Wsdl;
use vbox_soap_wire::Param;
use vbox_types::Backend;

fn none() -> Vec<String> {
    Vec::new()
}

async fn logon(w: &mut Wire, s: &Wsdl) -> String {
    checked(
        w,
        s,
        "IWebsessionManager_logon",
        &[p("username", ""), p("password", "")],
    )
    .await
    .remove(0)
}

/// Offline snapshots on the session machine, ISnapshot attributes, a linked clone from the
/// snapshot's machine, then unregister + deleteConfig of the clone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_clones_and_deletion() {
    let s = wsdl("7.0");
    let served = serve("7.0", ServeOptions::default()).await;
    served
        .sim
        .create_machine(&vbox_types::CreateMachine {
            name: "base".into(),
            os_type_id: Some("Ubuntu_64".into()),
            disk_mb: Some(16),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut w = Wire::new(served.addr);
    let vbox = logon(&mut w, &s).await;
    let vm = checked(
        &mut w,
        &s,
        "IVirtualBox_findMachine",
        &[p("_this", &vbox), p("nameOrId", "base")],
    )
    .await
    .remove(0);
    let session = locked_session(&mut w, &s, &vbox, &vm, "Write").await;
    let mutable = checked(&mut w, &s, "ISession_getMachine", &[p("_this", &session)])
        .await
        .remove(0);
    let body = [
        p("_this", &mutable),
        p("name", "s1"),
        p("description", "first"),
        p("pause", true),
    ];
    let answer = w.call("IMachine_takeSnapshot", &body).await;
    soap_common::check(&s, &answer);
    checked(
        &mut w,
        &s,
        "ISession_unlockMachine",
        &[p("_this", &session)],
    )
    .await;
    let snap = checked(
        &mut w,
        &s,
        "IMachine_findSnapshot",
        &[p("_this", &vm), p("nameOrId", "s1")],
    )
    .await
    .remove(0);
    assert_eq!(
        checked(
            &mut w,
            &s,
            "IMachine_getCurrentSnapshot",
            &[p("_this", &vm)]
        )
        .await,
        std::slice::from_ref(&snap)
    );
    assert_eq!(
        checked(&mut w, &s, "ISnapshot_getName", &[p("_this", &snap)]).await,
        ["s1"]
    );
    assert_eq!(
        checked(&mut w, &s, "ISnapshot_getDescription", &[p("_this", &snap)]).await,
        ["first"]
    );
    assert_eq!(
        checked(&mut w, &s, "ISnapshot_getParent", &[p("_this", &snap)]).await,
        [""]
    );
    assert_eq!(
        checked(&mut w, &s, "ISnapshot_getChildren", &[p("_this", &snap)]).await,
        none()
    );
    assert_eq!(
        checked(&mut w, &s, "ISnapshot_getOnline", &[p("_this", &snap)]).await,
        ["false"]
    );
    let source = checked(&mut w, &s, "ISnapshot_getMachine", &[p("_this", &snap)])
        .await
        .remove(0);
    let create = [
        p("_this", &vbox),
        p("settingsFile", ""),
        p("name", "copy"),
        p("osTypeId", "Ubuntu_64"),
        p("flags", ""),
        p("cipher", ""),
        p("passwordId", ""),
        p("password", ""),
    ];
    let target = checked(&mut w, &s, "IVirtualBox_createMachine", &create)
        .await
        .remove(0);
    let clone = [
        p("_this", &source),
        p("target", &target),
        p("mode", "MachineState"),
        Param::array("options", ["Link"]),
    ];
    let progress = checked(&mut w, &s, "IMachine_cloneTo", &clone)
        .await
        .remove(0);
    checked(
        &mut w,
        &s,
        "IProgress_waitForCompletion",
        &[p("_this", &progress), p("timeout", -1)],
    )
    .await;
    assert_eq!(
        checked(
            &mut w,
            &s,
            "IProgress_getResultCode",
            &[p("_this", &progress)]
        )
        .await,
        ["0"]
    );
    checked(
        &mut w,
        &s,
        "IVirtualBox_registerMachine",
        &[p("_this", &vbox), p("machine", &target)],
    )
    .await;
    let attachments = w
        .call("IMachine_getMediumAttachments", &[p("_this", &target)])
        .await;
    soap_common::check(&s, &attachments);
    assert!(
        attachments.body.contains("<controller>SATA</controller>"),
        "{}",
        attachments.body
    );
    let media = checked(
        &mut w,
        &s,
        "IMachine_unregister",
        &[
            p("_this", &target),
            p("cleanupMode", "DetachAllReturnHardDisksOnly"),
        ],
    )
    .await;
    assert_eq!(media.len(), 1, "the linked clone's own differencing disk");
    let parent = checked(&mut w, &s, "IMedium_getParent", &[p("_this", &media[0])])
        .await
        .remove(0);
    assert_ne!(parent, "");
    let deletion = checked(
        &mut w,
        &s,
        "IMachine_deleteConfig",
        &[p("_this", &target), Param::array("media", &media)],
    )
    .await
    .remove(0);
    assert_eq!(
        checked(
            &mut w,
            &s,
            "IProgress_getResultCode",
            &[p("_this", &deletion)]
        )
        .await,
        ["0"]
    );
    assert!(served.sim.get_machine("copy").await.is_err());
    let children = checked(&mut w, &s, "IMedium_getChildren", &[p("_this", &parent)]).await;
    assert!(
        !children.contains(&media[0]),
        "the clone's disk is gone: {children:?}"
    );
    let refused = w
        .call("IMachine_deleteSnapshot", &[p("_this", &vm), p("id", "s1")])
        .await;
    assert!(
        faultstring(&refused).contains("not mutable"),
        "only the session machine deletes"
    );
    checked(
        &mut w,
        &s,
        "IMachine_lockMachine",
        &[
            p("_this", &vm),
            p("session", &session),
            p("lockType", "Write"),
        ],
    )
    .await;
    let snap_id = checked(&mut w, &s, "ISnapshot_getId", &[p("_this", &snap)])
        .await
        .remove(0);
    let deleted = checked(
        &mut w,
        &s,
        "IMachine_deleteSnapshot",
        &[p("_this", &mutable), p("id", &snap_id)],
    )
    .await;
    assert_eq!(deleted.len(), 1);
    checked(
        &mut w,
        &s,
        "ISession_unlockMachine",
        &[p("_this", &session)],
    )
    .await;
    assert_eq!(
        checked(&mut w, &s, "IMachine_getSnapshotCount", &[p("_this", &vm)]).await,
        ["0"]
    );
}

/// createMedium + createBaseStorage, a controller and an attachment on the session machine.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_are_created_and_attached() {
    let s = wsdl("7.0");
    let served = serve("7.0", ServeOptions::default()).await;
    machine(&served.sim, "web", 512, &[]).await;
    let mut w = Wire::new(served.addr);
    let vbox = logon(&mut w, &s).await;
    let location = served.dir.path().join("data.vdi").display().to_string();
    let create = [
        p("_this", &vbox),
        p("format", "VDI"),
        p("location", &location),
        p("accessMode", "ReadWrite"),
        p("aDeviceTypeType", "HardDisk"),
    ];
    let medium = checked(&mut w, &s, "IVirtualBox_createMedium", &create)
        .await
        .remove(0);
    let progress = checked(
        &mut w,
        &s,
        "IMedium_createBaseStorage",
        &[
            p("_this", &medium),
            p("logicalSize", 8 << 20),
            Param::array("variant", ["Standard"]),
        ],
    )
    .await
    .remove(0);
    assert_eq!(
        checked(
            &mut w,
            &s,
            "IProgress_getResultCode",
            &[p("_this", &progress)]
        )
        .await,
        ["0"]
    );
    assert_eq!(
        checked(&mut w, &s, "IMedium_getLogicalSize", &[p("_this", &medium)]).await,
        [(8u64 << 20).to_string()]
    );
    assert_eq!(
        checked(&mut w, &s, "IVirtualBox_getHardDisks", &[p("_this", &vbox)])
            .await
            .len(),
        1
    );
    let vm = checked(
        &mut w,
        &s,
        "IVirtualBox_findMachine",
        &[p("_this", &vbox), p("nameOrId", "web")],
    )
    .await
    .remove(0);
    let session = locked_session(&mut w, &s, &vbox, &vm, "Shared").await;
    let mutable = checked(&mut w, &s, "ISession_getMachine", &[p("_this", &session)])
        .await
        .remove(0);
    checked(
        &mut w,
        &s,
        "IMachine_addStorageController",
        &[
            p("_this", &mutable),
            p("name", "SATA"),
            p("connectionType", "SATA"),
        ],
    )
    .await;
    let slot = [
        p("_this", &mutable),
        p("name", "SATA"),
        p("controllerPort", 0),
        p("device", 0),
    ];
    let mut attach = slot.to_vec();
    attach.extend([p("type", "HardDisk"), p("medium", &medium)]);
    checked(&mut w, &s, "IMachine_attachDevice", &attach).await;
    assert_eq!(
        served.sim.list_media().await.unwrap()[0].machine_ids.len(),
        1
    );
    checked(&mut w, &s, "IMachine_detachDevice", &slot).await;
    checked(
        &mut w,
        &s,
        "ISession_unlockMachine",
        &[p("_this", &session)],
    )
    .await;
    assert!(served.sim.list_media().await.unwrap()[0]
        .machine_ids
        .is_empty());
}
