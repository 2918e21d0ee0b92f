//! Machine creation and settings over SOAP, each answer
//! checked against the served version's WSDL.

mod soap_common;

use soap_common::{checked, faultstring, locked_session, machine, p, serve, wsdl, Wire};
use vbox_sim::ServeOptions;
use vbox_soap_wire::wsdl::Wsdl;
use vbox_soap_wire::Param;
use vbox_types::Backend;

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

/// `createMachine` with the parameter list of each version, then `registerMachine`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_machine_takes_each_versions_parameters() {
    for version in ["6.1", "7.0", "7.1"] {
        let s = wsdl(version);
        let served = serve(version, ServeOptions::default()).await;
        let mut w = Wire::new(served.addr);
        let vbox = logon(&mut w, &s).await;
        let mut params = vec![p("_this", &vbox), p("settingsFile", ""), p("name", "fresh")];
        if version == "7.1" {
            params.push(p("platform", "x86"));
        }
        params.extend([
            Param::array("groups", ["/lab"]),
            p("osTypeId", "Ubuntu_64"),
            p("flags", ""),
        ]);
        if version != "6.1" {
            params.extend([p("cipher", ""), p("passwordId", ""), p("password", "")]);
        }
        let vm = checked(&mut w, &s, "IVirtualBox_createMachine", &params)
            .await
            .remove(0);
        assert_eq!(
            checked(&mut w, &s, "IMachine_getName", &[p("_this", &vm)]).await,
            ["fresh"]
        );
        assert!(
            checked(&mut w, &s, "IVirtualBox_getMachines", &[p("_this", &vbox)])
                .await
                .is_empty(),
            "{version}: not registered yet"
        );
        checked(
            &mut w,
            &s,
            "IMachine_setMemorySize",
            &[p("_this", &vm), p("memorySize", 2048)],
        )
        .await;
        checked(&mut w, &s, "IMachine_saveSettings", &[p("_this", &vm)]).await;
        checked(
            &mut w,
            &s,
            "IVirtualBox_registerMachine",
            &[p("_this", &vbox), p("machine", &vm)],
        )
        .await;
        assert_eq!(
            checked(&mut w, &s, "IVirtualBox_getMachines", &[p("_this", &vbox)]).await,
            std::slice::from_ref(&vm)
        );
        let m = served.sim.get_machine("fresh").await.unwrap();
        assert_eq!(
            (m.memory_mb, m.groups),
            (2048, vec!["/lab".to_string()]),
            "{version}"
        );
    }
}

/// Settings need the session machine of a write lock; extradata and guest properties.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_change_through_the_session_machine() {
    let s = wsdl("7.0");
    let served = serve("7.0", ServeOptions::default()).await;
    machine(&served.sim, "web", 512, &[]).await;
    let mut w = Wire::new(served.addr);
    let vbox = logon(&mut w, &s).await;
    let vm = checked(
        &mut w,
        &s,
        "IVirtualBox_findMachine",
        &[p("_this", &vbox), p("nameOrId", "web")],
    )
    .await
    .remove(0);
    let refused = w
        .call("IMachine_setCPUCount", &[p("_this", &vm), p("CPUCount", 2)])
        .await;
    assert!(
        faultstring(&refused).contains("mutable"),
        "{}",
        refused.body
    );
    let session = locked_session(&mut w, &s, &vbox, &vm, "Write").await;
    assert_eq!(
        checked(&mut w, &s, "IMachine_getSessionState", &[p("_this", &vm)]).await,
        ["Locked"]
    );
    assert_eq!(
        checked(&mut w, &s, "ISession_getConsole", &[p("_this", &session)]).await,
        [""]
    );
    let mutable = checked(&mut w, &s, "ISession_getMachine", &[p("_this", &session)])
        .await
        .remove(0);
    checked(
        &mut w,
        &s,
        "IMachine_setCPUCount",
        &[p("_this", &mutable), p("CPUCount", 2)],
    )
    .await;
    checked(
        &mut w,
        &s,
        "IMachine_setDescription",
        &[p("_this", &mutable), p("description", "a <web> & db")],
    )
    .await;
    checked(
        &mut w,
        &s,
        "IMachine_setGroups",
        &[p("_this", &mutable), Param::array("groups", ["/prod"])],
    )
    .await;
    checked(
        &mut w,
        &s,
        "IMachine_setGuestProperty",
        &[
            p("_this", &mutable),
            p("property", "/app/role"),
            p("value", "db"),
            p("flags", ""),
        ],
    )
    .await;
    let nic = checked(
        &mut w,
        &s,
        "IMachine_getNetworkAdapter",
        &[p("_this", &mutable), p("slot", 1)],
    )
    .await
    .remove(0);
    checked(
        &mut w,
        &s,
        "INetworkAdapter_setAttachmentType",
        &[p("_this", &nic), p("attachmentType", "Internal")],
    )
    .await;
    checked(
        &mut w,
        &s,
        "INetworkAdapter_setInternalNetwork",
        &[p("_this", &nic), p("internalNetwork", "backend")],
    )
    .await;
    checked(
        &mut w,
        &s,
        "INetworkAdapter_setEnabled",
        &[p("_this", &nic), p("enabled", true)],
    )
    .await;
    checked(&mut w, &s, "IMachine_saveSettings", &[p("_this", &mutable)]).await;
    checked(
        &mut w,
        &s,
        "ISession_unlockMachine",
        &[p("_this", &session)],
    )
    .await;
    // Extradata of a registered machine changes only on a session machine: the real
    // 7.2.22 refuses it on the registry's IMachine.
    let refused = w
        .call(
            "IMachine_setExtraData",
            &[p("_this", &vm), p("key", "k"), p("value", "v")],
        )
        .await;
    assert_eq!(refused.status, 500);
    assert!(
        refused
            .body
            .contains("Cannot set extradata for an immutable machine"),
        "{}",
        refused.body
    );
    let session = locked_session(&mut w, &s, &vbox, &vm, "Shared").await;
    let mutable = checked(&mut w, &s, "ISession_getMachine", &[p("_this", &session)])
        .await
        .remove(0);
    checked(
        &mut w,
        &s,
        "IMachine_setExtraData",
        &[p("_this", &mutable), p("key", "k"), p("value", "v")],
    )
    .await;
    assert_eq!(
        checked(
            &mut w,
            &s,
            "IMachine_getExtraData",
            &[p("_this", &vm), p("key", "k")]
        )
        .await,
        ["v"]
    );
    checked(
        &mut w,
        &s,
        "IMachine_setExtraData",
        &[p("_this", &mutable), p("key", "k"), p("value", "")],
    )
    .await;
    checked(
        &mut w,
        &s,
        "ISession_unlockMachine",
        &[p("_this", &session)],
    )
    .await;
    let m = served.sim.get_machine("web").await.unwrap();
    assert_eq!(
        (m.cpus, m.description.as_str(), m.groups[0].as_str()),
        (2, "a <web> & db", "/prod")
    );
    assert_eq!(m.adapters[1].internal_network, "backend");
    assert_eq!(served.sim.get_extradata("web", "k").await.unwrap(), None);
    let value = checked(
        &mut w,
        &s,
        "IMachine_getGuestPropertyValue",
        &[p("_this", &vm), p("property", "/app/role")],
    )
    .await;
    assert_eq!(value, ["db"]);
    assert_eq!(
        checked(&mut w, &s, "IMachine_getSessionState", &[p("_this", &vm)]).await,
        ["Unlocked"]
    );
}
