//! Passive event listeners delivering the simulated guest's property changes, and the
//! console actions of a running machine.

mod soap_common;

use soap_common::{checked, faultstring, locked_session, machine, p, serve, wsdl, Wire};
use vbox_sim::ServeOptions;
use vbox_soap_wire::Param;
use vbox_types::Backend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guest_property_changes_arrive_as_events() {
    let s = wsdl("7.0");
    let served = serve("7.0", ServeOptions::default()).await;
    machine(&served.sim, "web", 512, &[]).await;
    served
        .sim
        .set_extradata("web", vbox_sim::keys::BOOT_DELAY_MS, Some("40"))
        .await
        .unwrap();
    let mut w = Wire::new(served.addr);
    let vbox = checked(
        &mut w,
        &s,
        "IWebsessionManager_logon",
        &[p("username", ""), p("password", "")],
    )
    .await
    .remove(0);
    let source = checked(
        &mut w,
        &s,
        "IVirtualBox_getEventSource",
        &[p("_this", &vbox)],
    )
    .await
    .remove(0);
    let listener = checked(
        &mut w,
        &s,
        "IEventSource_createListener",
        &[p("_this", &source)],
    )
    .await
    .remove(0);
    let register = [
        p("_this", &source),
        p("listener", &listener),
        Param::array("interesting", ["OnGuestPropertyChanged"]),
        p("active", false),
    ];
    checked(&mut w, &s, "IEventSource_registerListener", &register).await;
    let quiet = [
        p("_this", &source),
        p("listener", &listener),
        p("timeout", 20),
    ];
    assert_eq!(
        checked(&mut w, &s, "IEventSource_getEvent", &quiet).await,
        [""],
        "nothing happens while stopped"
    );
    served
        .sim
        .start_machine("web", vbox_types::StartType::Headless)
        .await
        .unwrap();
    let wait = [
        p("_this", &source),
        p("listener", &listener),
        p("timeout", 5000),
    ];
    let event = checked(&mut w, &s, "IEventSource_getEvent", &wait)
        .await
        .remove(0);
    assert_eq!(
        checked(&mut w, &s, "IEvent_getType", &[p("_this", &event)]).await,
        ["OnGuestPropertyChanged"]
    );
    let id = served.sim.get_machine("web").await.unwrap().id;
    assert_eq!(
        checked(
            &mut w,
            &s,
            "IMachineEvent_getMachineId",
            &[p("_this", &event)]
        )
        .await,
        [id]
    );
    let name = checked(
        &mut w,
        &s,
        "IGuestPropertyChangedEvent_getName",
        &[p("_this", &event)],
    )
    .await
    .remove(0);
    assert!(name.starts_with("/VirtualBox/"), "{name}");
    let value = checked(
        &mut w,
        &s,
        "IGuestPropertyChangedEvent_getValue",
        &[p("_this", &event)],
    )
    .await
    .remove(0);
    let stored = served
        .sim
        .get_guest_property("web", &name)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(value, stored.value);
    assert_eq!(
        checked(
            &mut w,
            &s,
            "IGuestPropertyChangedEvent_getFWasDeleted",
            &[p("_this", &event)]
        )
        .await,
        ["false"]
    );
    checked(
        &mut w,
        &s,
        "IEventSource_eventProcessed",
        &[
            p("_this", &source),
            p("listener", &listener),
            p("event", &event),
        ],
    )
    .await;
    checked(
        &mut w,
        &s,
        "IEventSource_unregisterListener",
        &[p("_this", &source), p("listener", &listener)],
    )
    .await;
    let gone = w.call("IEventSource_getEvent", &quiet).await;
    assert!(faultstring(&gone).contains("0x80bb0001"), "{}", gone.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_actions_and_save_state() {
    let s = wsdl("7.0");
    let served = serve("7.0", ServeOptions::default()).await;
    machine(&served.sim, "web", 512, &[]).await;
    served
        .sim
        .start_machine("web", vbox_types::StartType::Headless)
        .await
        .unwrap();
    let mut w = Wire::new(served.addr);
    let vbox = checked(
        &mut w,
        &s,
        "IWebsessionManager_logon",
        &[p("username", ""), p("password", "")],
    )
    .await
    .remove(0);
    let vm = checked(
        &mut w,
        &s,
        "IVirtualBox_findMachine",
        &[p("_this", &vbox), p("nameOrId", "web")],
    )
    .await
    .remove(0);
    assert_eq!(
        checked(&mut w, &s, "IMachine_getSessionName", &[p("_this", &vm)]).await,
        ["headless"]
    );
    let session = locked_session(&mut w, &s, &vbox, &vm, "Shared").await;
    let console = checked(&mut w, &s, "ISession_getConsole", &[p("_this", &session)])
        .await
        .remove(0);
    checked(&mut w, &s, "IConsole_pause", &[p("_this", &console)]).await;
    assert_eq!(
        checked(&mut w, &s, "IMachine_getState", &[p("_this", &vm)]).await,
        ["Paused"]
    );
    let again = w.call("IConsole_pause", &[p("_this", &console)]).await;
    assert!(faultstring(&again).contains("Already paused"));
    checked(&mut w, &s, "IConsole_resume", &[p("_this", &console)]).await;
    checked(&mut w, &s, "IConsole_reset", &[p("_this", &console)]).await;
    assert_eq!(
        checked(&mut w, &s, "IMachine_getState", &[p("_this", &vm)]).await,
        ["Running"]
    );
    let plain = w.call("IMachine_saveState", &[p("_this", &vm)]).await;
    assert!(
        faultstring(&plain).contains("mutable"),
        "saveState needs the session machine"
    );
    let mutable = checked(&mut w, &s, "ISession_getMachine", &[p("_this", &session)])
        .await
        .remove(0);
    let progress = checked(&mut w, &s, "IMachine_saveState", &[p("_this", &mutable)])
        .await
        .remove(0);
    checked(
        &mut w,
        &s,
        "IProgress_waitForCompletion",
        &[p("_this", &progress), p("timeout", 5000)],
    )
    .await;
    assert_eq!(
        checked(&mut w, &s, "IProgress_getPercent", &[p("_this", &progress)]).await,
        ["100"]
    );
    assert_eq!(
        checked(
            &mut w,
            &s,
            "IProgress_getErrorInfo",
            &[p("_this", &progress)]
        )
        .await,
        [""]
    );
    assert_eq!(
        checked(&mut w, &s, "IMachine_getState", &[p("_this", &vm)]).await,
        ["Saved"]
    );
    assert_eq!(
        checked(&mut w, &s, "ISession_getState", &[p("_this", &session)]).await,
        ["Unlocked"]
    );
}
