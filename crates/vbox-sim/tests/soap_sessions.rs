//! Websessions, authentication, reference release and keep-alive of the simulated vboxwebsrv.

mod soap_common;

use soap_common::{faultstring, machine, p, serve, Wire};
use std::time::Duration;
use vbox_sim::ServeOptions;
use vbox_soap_wire::envelope::parse_response;
use vbox_soap_wire::{Fault, SoapError};

fn fault_of(answer: &soap_common::Answer) -> Fault {
    assert_eq!(answer.status, 500);
    assert_eq!(answer.header("Connection"), Some("close"));
    match parse_response(&answer.body, "any") {
        Err(SoapError::Fault(f)) => f,
        other => panic!("not a fault: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_websessions_expire_and_activity_keeps_them() {
    let opts = ServeOptions {
        session_timeout: Duration::from_millis(100),
        check_interval: Duration::from_millis(10),
        ..ServeOptions::default()
    };
    let served = serve("7.0", opts).await;
    let mut w = Wire::new(served.addr);
    let idle = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", ""), p("password", "")],
        )
        .await
        .remove(0);
    let busy = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", ""), p("password", "")],
        )
        .await
        .remove(0);
    assert_ne!(idle[..16], busy[..16], "each logon is a new websession");
    assert!(idle.ends_with("-0000000000000001") && busy.ends_with("-0000000000000001"));
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(w.get("IVirtualBox_getVersion", &busy).await, "7.0.14");
    }
    let expired = w.call("IVirtualBox_getVersion", &[p("_this", &idle)]).await;
    assert_eq!(fault_of(&expired), Fault::invalid_object(idle.clone()));
    assert_eq!(w.get("IVirtualBox_getAPIVersion", &busy).await, "7_0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authentication_checks_user_and_password_when_configured() {
    let opts = ServeOptions {
        user: Some("admin".into()),
        password: Some("s3cret".into()),
        ..ServeOptions::default()
    };
    let served = serve("7.1", opts).await;
    let mut w = Wire::new(served.addr);
    for (user, password) in [("admin", "wrong"), ("root", "s3cret"), ("", "")] {
        let refused = w
            .call(
                "IWebsessionManager_logon",
                &[p("username", user), p("password", password)],
            )
            .await;
        // No VirtualBox detail in a failed logon (reference §4.3), and never the password.
        let fault = fault_of(&refused);
        assert!(matches!(fault, Fault::Other { .. }), "{fault:?}");
        assert!(!refused.body.contains("s3cret") && !refused.body.contains("wrong"));
    }
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", "admin"), p("password", "s3cret")],
        )
        .await;
    assert_eq!(w.get("IVirtualBox_getAPIVersion", &vbox[0]).await, "7_1");

    // Null authentication (the default) lets anyone in.
    let open = serve("7.1", ServeOptions::default()).await;
    let mut w = Wire::new(open.addr);
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", "anyone"), p("password", "x")],
        )
        .await;
    assert_eq!(vbox.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn released_references_are_invalid_and_objects_keep_their_reference() {
    let served = serve("7.0", ServeOptions::default()).await;
    machine(&served.sim, "web", 256, &[]).await;
    let mut w = Wire::new(served.addr);
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", ""), p("password", "")],
        )
        .await
        .remove(0);
    let find = [p("_this", &vbox), p("nameOrId", "web")];
    let vm = w.ok("IVirtualBox_findMachine", &find).await.remove(0);
    assert_eq!(
        w.ok("IVirtualBox_findMachine", &find).await,
        std::slice::from_ref(&vm)
    );
    let s1 = w
        .ok(
            "IWebsessionManager_getSessionObject",
            &[p("refIVirtualBox", &vbox)],
        )
        .await;
    let s2 = w
        .ok(
            "IWebsessionManager_getSessionObject",
            &[p("refIVirtualBox", &vbox)],
        )
        .await;
    assert_ne!(s1, s2, "every getSessionObject is a new ISession");
    let nic = w
        .ok(
            "IMachine_getNetworkAdapter",
            &[p("_this", &vm), p("slot", 0)],
        )
        .await
        .remove(0);
    w.ok("IManagedObjectRef_release", &[p("_this", &nic)]).await;
    let stale = w
        .call("INetworkAdapter_getMACAddress", &[p("_this", &nic)])
        .await;
    assert_eq!(fault_of(&stale), Fault::invalid_object(nic.clone()));
    let again = w
        .call("IManagedObjectRef_release", &[p("_this", &nic)])
        .await;
    assert_eq!(fault_of(&again), Fault::invalid_object(nic.clone()));
    let fresh = w
        .ok(
            "IMachine_getNetworkAdapter",
            &[p("_this", &vm), p("slot", 0)],
        )
        .await
        .remove(0);
    assert_ne!(fresh, nic, "a released object gets a new reference");
    // A reference used with an interface its object lacks is refused.
    let wrong = w
        .call("INetworkAdapter_getMACAddress", &[p("_this", &vm)])
        .await;
    assert!(matches!(fault_of(&wrong), Fault::Runtime { .. }));
    assert_eq!(
        w.get("IManagedObjectRef_getInterfaceName", &fresh).await,
        "INetworkAdapter"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_carry_keepalive_max_requests() {
    let opts = ServeOptions {
        keepalive_max: 3,
        ..ServeOptions::default()
    };
    let served = serve("7.0", opts).await;
    let mut w = Wire::new(served.addr);
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", ""), p("password", "")],
        )
        .await
        .remove(0);
    let mut budgets = Vec::new();
    for _ in 0..4 {
        let answer = w
            .call("IVirtualBox_getRevision", &[p("_this", &vbox)])
            .await;
        budgets.push(answer.header("Keep-Alive").unwrap().to_string());
    }
    assert_eq!(
        budgets,
        [
            "timeout=60, max=2",
            "timeout=60, max=1",
            "timeout=60, max=3",
            "timeout=60, max=2"
        ]
    );
    assert_eq!(w.connections, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_namespaces_are_unknown_and_parameters_read_like_gsoap() {
    let served = serve("7.0", ServeOptions::default()).await;
    let mut w = Wire::new(served.addr);
    let foreign = "<?xml version=\"1.0\"?><e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body><x:IVirtualBox_getVersion xmlns:x=\"urn:other\"><_this>a</_this></x:IVirtualBox_getVersion></e:Body></e:Envelope>";
    assert_eq!(
        faultstring(&w.post(foreign.as_bytes()).await),
        "Method 'x:IVirtualBox_getVersion' not implemented: method name or namespace not recognized"
    );
    // gSOAP (not strict) leaves a missing element empty and skips unknown ones.
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", ""), p("extra", "x")],
        )
        .await
        .remove(0);
    let no_this = w.call("IVirtualBox_getVersion", &[]).await;
    assert_eq!(fault_of(&no_this), Fault::invalid_object(""));
    let unnamed = w
        .call("IVirtualBox_findMachine", &[p("_this", &vbox)])
        .await;
    assert!(faultstring(&unnamed).contains("Could not find a registered machine named ''"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_locks_end_with_their_websession() {
    let opts = ServeOptions {
        session_timeout: Duration::from_millis(60),
        check_interval: Duration::from_millis(10),
        ..ServeOptions::default()
    };
    let served = serve("7.0", opts).await;
    machine(&served.sim, "web", 256, &[]).await;
    let mut w = Wire::new(served.addr);
    let state = |sim: vbox_sim::Sim| async move {
        use vbox_types::Backend;
        sim.get_machine("web").await.unwrap().session_state
    };
    for ending in ["logoff", "release", "expiry"] {
        let vbox = w
            .ok(
                "IWebsessionManager_logon",
                &[p("username", ""), p("password", "")],
            )
            .await
            .remove(0);
        let vm = w
            .ok(
                "IVirtualBox_findMachine",
                &[p("_this", &vbox), p("nameOrId", "web")],
            )
            .await
            .remove(0);
        let session = w
            .ok(
                "IWebsessionManager_getSessionObject",
                &[p("refIVirtualBox", &vbox)],
            )
            .await
            .remove(0);
        let lock = [
            p("_this", &vm),
            p("session", &session),
            p("lockType", "Write"),
        ];
        w.ok("IMachine_lockMachine", &lock).await;
        assert_eq!(
            state(served.sim.clone()).await,
            vbox_types::SessionState::Locked
        );
        match ending {
            "logoff" => drop(
                w.ok("IWebsessionManager_logoff", &[p("refIVirtualBox", &vbox)])
                    .await,
            ),
            "release" => drop(
                w.ok("IManagedObjectRef_release", &[p("_this", &session)])
                    .await,
            ),
            _ => tokio::time::sleep(Duration::from_millis(150)).await,
        }
        assert_eq!(
            state(served.sim.clone()).await,
            vbox_types::SessionState::Unlocked,
            "{ending}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_details_expect_continue_close_and_get() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let served = serve("7.0", ServeOptions::default()).await;
    let body = vbox_soap_wire::envelope::request(
        "IWebsessionManager_logon",
        &[p("username", ""), p("password", "")],
    )
    .unwrap();
    let mut raw = tokio::net::TcpStream::connect(served.addr).await.unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    raw.write_all(head.as_bytes()).await.unwrap();
    let mut interim = [0u8; 25];
    raw.read_exact(&mut interim).await.unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    raw.write_all(body.as_bytes()).await.unwrap();
    let mut all = String::new();
    raw.read_to_string(&mut all).await.unwrap();
    assert!(all.starts_with("HTTP/1.1 200 OK\r\n"), "{all}");
    assert!(
        all.contains("IWebsessionManager_logonResponse"),
        "closed after the answer"
    );

    let mut raw = tokio::net::TcpStream::connect(served.addr).await.unwrap();
    raw.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut all = String::new();
    raw.read_to_string(&mut all).await.unwrap();
    assert!(all.starts_with("HTTP/1.1 405 "), "{all}");
}
