//! The SOAP backend against a scripted server: captures replayed, every request checked
//! against the WSDL of the version in use, faults mapped, references released.

mod common;

use std::collections::HashMap;

use common::fake::{captures, fault, new_ref, ok, table, Fake};
use vbox_soap::{Elements, Fault, Param, Secret, SoapOptions};
use vbox_types::{Backend, CreateMachine, ErrorKind, StartType};

fn opts() -> SoapOptions {
    SoapOptions {
        user: "admin".into(),
        password: Secret::new("hunter2"),
        ..SoapOptions::default()
    }
}

#[tokio::test]
async fn find_machine_not_found_gives_virtualbox_text_and_releases_the_error_info() {
    let fake = Fake::new(
        "7_0",
        captures(HashMap::from([
            ("IWebsessionManager_logon", "01-logon"),
            ("IVirtualBox_findMachine", "06-findMachine-notfound"),
            ("IVirtualBoxErrorInfo_getText", "07-fault-errorinfo-getText"),
        ])),
    );
    let backend = fake.backend(opts());
    let err = backend.get_extradata("no such vm", "k").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        err.message(),
        "Could not find a registered machine named 'no such vm'"
    );
    assert_eq!(err.code().map(|c| c.signed()), Some(-2135228415));
    let source = std::error::Error::source(&err).unwrap().to_string();
    assert_eq!(source, "fake:18083: IVirtualBox_findMachine");
    assert!(fake
        .state
        .lock()
        .unwrap()
        .released
        .contains("b8a4761c5b5f3e71-0000000000000004"));
    assert_eq!(fake.problems(), Vec::<String>::new());
}

#[tokio::test]
async fn a_bogus_reference_is_a_typed_invalid_object_error() {
    let fake = Fake::new(
        "7_0",
        captures(HashMap::from([("IMachine_getName", "26-bogus-ref")])),
    );
    let backend = fake.backend(opts());
    backend.client().vbox().await.unwrap();
    let err = backend
        .client()
        .get("IMachine_getName", "0123456789abcdef-0000000000000099")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend);
    assert!(
        err.message()
            .starts_with("fake:18083: IMachine_getName: invalid managed object reference"),
        "{err}"
    );
    // Not our websession: it stays.
    assert_eq!(backend.client().generation(), 0);
}

#[tokio::test]
async fn a_refused_logon_is_auth_and_never_shows_the_password() {
    let fake = Fake::new(
        "7_0",
        Box::new(|req, _| {
            (req.op == "IWebsessionManager_logon").then(|| {
                fault(&Fault::Other {
                    faultcode: "SOAP-ENV:Client".into(),
                    faultstring: "VirtualBox error: Invalid username or password".into(),
                })
            })
        }),
    );
    let backend = fake.backend(opts());
    let err = backend.list_machines().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert!(
        err.message().contains("IWebsessionManager_logon") && err.message().contains("fake:18083"),
        "{err}"
    );
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{backend:?}"),
        format!("{:?}", opts()),
    ] {
        assert!(!text.contains("hunter2"), "{text}");
    }
    assert!(fake.state.lock().unwrap().bodies[0].contains("<password>hunter2</password>"));
}

#[tokio::test]
async fn an_expired_websession_is_logged_on_again_and_the_read_retried() {
    let fake = Fake::new(
        "7_0",
        Box::new(|req, state| {
            // The first websession dies before its first getMachines.
            let first = format!("{:016x}-{:016x}", 0xb8a4761c5b5f3e72u64, 1);
            (req.op == "IVirtualBox_getMachines" && req.get("_this") == Some(first.as_str()))
                .then(|| fault(&Fault::invalid_object(first.clone())))
                .filter(|_| state.session == 0xb8a4761c5b5f3e72)
        }),
    );
    let backend = fake.backend(opts());
    assert_eq!(backend.list_machines().await.unwrap(), vec![]);
    assert_eq!(fake.count("IWebsessionManager_logon"), 2);
    assert_eq!(backend.client().generation(), 1);
}

#[tokio::test]
async fn list_machines_full_reads_everything_and_releases_every_reference() {
    for api in ["6_1", "7_0", "7_1"] {
        let fake = Fake::new(api, machines_script(3));
        let backend = fake.backend(SoapOptions {
            concurrency: 2,
            ..opts()
        });
        let machines = backend.list_machines_full().await.unwrap();
        assert_eq!(machines.len(), 3);
        assert_eq!(machines[0].memory_mb, 1024);
        assert_eq!(machines[0].adapters.len(), 2);
        assert_eq!(fake.leaked(), Vec::<String>::new(), "{api}");
        assert_eq!(fake.problems(), Vec::<String>::new(), "{api}");
        let platform = fake.count("IMachine_getPlatform") > 0;
        assert_eq!(platform, api == "7_1");
        assert_eq!(
            fake.count("ISystemProperties_getMaxNetworkAdapters") > 0,
            api != "7_1"
        );
    }
}

fn machines_script(n: usize) -> common::fake::Script {
    Box::new(move |req, state| {
        (req.op == "IVirtualBox_getMachines").then(|| {
            let refs: Vec<String> = (0..n).map(|_| new_ref(state)).collect();
            ok(
                "IVirtualBox_getMachines",
                &[Param::array("returnval", refs)],
            )
        })
    })
}

#[tokio::test]
async fn create_and_start_use_the_request_shapes_of_each_version() {
    for api in ["6_1", "7_0", "7_1"] {
        let fake = Fake::new(api, table());
        let backend = fake.backend(opts());
        let spec = CreateMachine {
            name: "web01".into(),
            memory_mb: Some(1024),
            ..CreateMachine::default()
        };
        backend.create_machine(&spec).await.unwrap();
        backend
            .start_machine("web01", StartType::Headless)
            .await
            .unwrap();
        assert_eq!(fake.problems(), Vec::<String>::new(), "{api}");
        let state = fake.state.lock().unwrap();
        let create = state
            .bodies
            .iter()
            .find(|b| b.contains("IVirtualBox_createMachine>"))
            .unwrap();
        assert_eq!(
            create.contains("<platform>x86</platform>"),
            api == "7_1",
            "{create}"
        );
        assert_eq!(create.contains("<cipher>"), api != "6_1", "{create}");
        let launch = state
            .bodies
            .iter()
            .find(|b| b.contains("IMachine_launchVMProcess>"))
            .unwrap();
        assert!(
            launch.contains("<name>headless</name>") && !launch.contains("<environment>"),
            "{launch}"
        );
        drop(state);
        assert_eq!(fake.leaked(), Vec::<String>::new(), "{api}");
    }
}

#[tokio::test]
async fn every_backend_operation_sends_requests_its_wsdl_accepts() {
    use std::time::Duration;
    use vbox_types::{
        AdapterChange, CloneMachine, ControlAction, ModifyMachine, NetworkAttachmentType,
        TakeSnapshot, Unregister,
    };
    for api in ["6_1", "7_0", "7_1"] {
        let fake = Fake::new(api, table());
        let b = fake.backend(opts());
        let change = ModifyMachine {
            cpus: Some(2),
            groups: Some(vec!["/lab".into()]),
            adapters: vec![AdapterChange {
                slot: 1,
                attachment: Some(NetworkAttachmentType::Bridged),
                network: Some("eth0".into()),
                mac_address: Some("auto".into()),
                ..AdapterChange::default()
            }],
            ..ModifyMachine::default()
        };
        b.modify_machine("web01", &change).await.unwrap();
        b.clone_machine(&CloneMachine::new("web01", "web02"))
            .await
            .unwrap();
        for action in [
            ControlAction::PowerOff,
            ControlAction::SaveState,
            ControlAction::Pause,
        ] {
            b.control_machine("web01", action).await.unwrap();
        }
        b.unregister_machine("web02", &Unregister::default())
            .await
            .unwrap();
        b.set_guest_property("web01", "/a", Some("1"), None)
            .await
            .unwrap();
        b.set_guest_property("web01", "/a", None, None)
            .await
            .unwrap();
        b.get_guest_property("web01", "/a").await.unwrap();
        b.enumerate_guest_properties("web01", "/a*").await.unwrap();
        let waited = b
            .wait_guest_property("web01", "/a*", Duration::from_millis(30))
            .await
            .unwrap();
        assert_eq!(waited, None, "the fake's events are of no machine of ours");
        b.set_extradata("web01", "k", None).await.unwrap();
        b.get_extradata("web01", "k").await.unwrap();
        b.take_snapshot(
            "web01",
            &TakeSnapshot {
                name: "s1".into(),
                ..TakeSnapshot::default()
            },
        )
        .await
        .unwrap_err();
        b.restore_snapshot("web01", "s1").await.unwrap();
        b.delete_snapshot("web01", "s1").await.unwrap();
        b.list_media().await.unwrap();
        b.version().await.unwrap();
        assert_eq!(fake.problems(), Vec::<String>::new(), "{api}");
        assert_eq!(fake.leaked(), Vec::<String>::new(), "{api}");
        assert_eq!(fake.count("IGuestPropertyChangedEvent_getFWasDeleted"), 0);
        assert!(fake.count("IEventSource_unregisterListener") == 1, "{api}");
    }
}

#[tokio::test]
async fn kept_media_stay_out_of_delete_config() {
    const KEEP: &str = "b8a4761c5b5f3e72-00000000000000a1";
    const DROP: &str = "b8a4761c5b5f3e72-00000000000000a2";
    let fake = Fake::new(
        "7_0",
        Box::new(|req, state| match req.op.as_str() {
            "IMachine_unregister" => {
                state
                    .handed_out
                    .extend([KEEP.to_string(), DROP.to_string()]);
                state.origin.insert(KEEP.into(), req.op.clone());
                state.origin.insert(DROP.into(), req.op.clone());
                Some(ok(&req.op, &[Param::array("returnval", [KEEP, DROP])]))
            }
            "IMachine_getMediumAttachments" => Some(ok(&req.op, &[])),
            "IMedium_getId" => Some(ok(
                &req.op,
                &[Param::value(
                    "returnval",
                    format!("id-{}", req.get("_this").unwrap()),
                )],
            )),
            _ => None,
        }),
    );
    let b = fake.backend(opts());
    let how = vbox_types::Unregister {
        keep_media: vec![format!("id-{KEEP}")],
        ..Default::default()
    };
    let report = b.unregister_machine("web01", &how).await.unwrap();
    let ids = |m: &[vbox_types::Medium]| m.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&report.kept_media), vec![format!("id-{KEEP}")]);
    assert_eq!(ids(&report.deleted_media), vec![format!("id-{DROP}")]);
    let state = fake.state.lock().unwrap();
    let delete = state
        .bodies
        .iter()
        .find(|b| b.contains("IMachine_deleteConfig>"))
        .unwrap();
    assert!(
        delete.contains(&format!("<media>{DROP}</media>")) && !delete.contains(KEEP),
        "{delete}"
    );
    drop(state);
    assert_eq!(fake.problems(), Vec::<String>::new());
    assert_eq!(fake.leaked(), Vec::<String>::new());
}

#[tokio::test]
async fn wait_guest_property_filters_events_by_machine_and_pattern() {
    const OURS: &str = "2b9b5e5a-1c1e-4b7e-9d38-0d0a0c3f0001";
    let fake = Fake::new(
        "7_1",
        Box::new(|req, state| {
            let seen = |op: &str| state.ops.iter().filter(|o| *o == op).count();
            let value = |v: &str| Some(ok(&req.op, &[Param::value("returnval", v)]));
            match req.op.as_str() {
                "IEvent_getType" => value("OnGuestPropertyChanged"),
                // The first event is of another machine.
                "IMachineEvent_getMachineId" if seen("IMachineEvent_getMachineId") == 1 => {
                    value("other")
                }
                "IMachineEvent_getMachineId" => value(OURS),
                // The second event of ours does not match the pattern.
                "IGuestPropertyChangedEvent_getName" if seen(&req.op) == 1 => value("/Other"),
                "IGuestPropertyChangedEvent_getName" => value("/VirtualBox/GuestInfo/Net/0/V4/IP"),
                "IGuestPropertyChangedEvent_getValue" => value("10.0.2.15"),
                "IGuestPropertyChangedEvent_getFlags" => value("TRANSIENT"),
                "IGuestPropertyChangedEvent_getFWasDeleted" => value("false"),
                _ => None,
            }
        }),
    );
    let b = fake.backend(opts());
    assert!(b.capabilities().event_wait);
    let change = b
        .wait_guest_property(
            "web01",
            "/VirtualBox/GuestInfo/Net/*",
            std::time::Duration::from_secs(5),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(change.name, "/VirtualBox/GuestInfo/Net/0/V4/IP");
    assert_eq!(
        (change.value.as_str(), change.flags.as_str(), change.deleted),
        ("10.0.2.15", "TRANSIENT", false)
    );
    assert_eq!(fake.count("IEventSource_getEvent"), 3);
    assert_eq!(fake.count("IEventSource_eventProcessed"), 3);
    assert_eq!(fake.count("IEventSource_unregisterListener"), 1);
    let state = fake.state.lock().unwrap();
    let register = state
        .bodies
        .iter()
        .find(|b| b.contains("IEventSource_registerListener>"))
        .unwrap();
    assert!(
        register
            .contains("<interesting>OnGuestPropertyChanged</interesting><active>false</active>"),
        "{register}"
    );
    drop(state);
    assert_eq!(fake.problems(), Vec::<String>::new());
    assert_eq!(fake.leaked(), Vec::<String>::new());
}

#[tokio::test]
async fn a_stale_reference_of_a_live_websession_keeps_the_websession() {
    const STALE: &str = "b8a4761c5b5f3e72-0000000000000063";
    let fake = Fake::new(
        "7_0",
        Box::new(|req, _| {
            (req.op == "IMachine_getName").then(|| fault(&Fault::invalid_object(STALE)))
        }),
    );
    let backend = fake.backend(opts());
    backend.client().vbox().await.unwrap();
    let err = backend
        .client()
        .get("IMachine_getName", STALE)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend, "{err}");
    // The IVirtualBox still answers, so this is a released reference, not an expiry.
    assert_eq!(fake.count("IVirtualBox_getRevision"), 1);
    assert_eq!(backend.client().generation(), 0);
    assert_eq!(fake.count("IWebsessionManager_logon"), 1);
}
