//! The host's networking over `sim serve`, as the real vboxwebsrv 7.2.22 of a Linux host
//! answers (`fixtures/README.md`, "vboxmanage-7.2.22/hostonly/"): no host-only interface, the
//! default DHCP server, E_NOTIMPL for the 7.x host-only networks, and with the global
//! `VBoxSim/NoHostOnlyDriver` key a create that answers a null interface and a failed
//! progress; every answer valid for the version's WSDL.

mod soap_common;

use soap_common::{checked, faultstring, p, serve, wsdl, Wire};
use vbox_sim::ServeOptions;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_linux_7_2_host_answers_as_the_real_one() {
    let s = wsdl("7.2");
    let served = serve("7.2", ServeOptions::default()).await;
    let mut w = Wire::new(served.addr);
    let logon = [p("username", ""), p("password", "")];
    let vbox = checked(&mut w, &s, "IWebsessionManager_logon", &logon)
        .await
        .remove(0);
    let this = |r: &str| [p("_this", r)];
    let host = checked(&mut w, &s, "IVirtualBox_getHost", &this(&vbox))
        .await
        .remove(0);
    assert_eq!(
        checked(&mut w, &s, "IHost_getOperatingSystem", &this(&host)).await,
        ["Linux"]
    );
    let of_type = [p("_this", &host), p("type", "HostOnly")];
    assert!(checked(
        &mut w,
        &s,
        "IHost_findHostNetworkInterfacesOfType",
        &of_type
    )
    .await
    .is_empty());
    let servers = checked(&mut w, &s, "IVirtualBox_getDHCPServers", &this(&vbox)).await;
    assert_eq!(servers.len(), 1);
    for (getter, want) in [
        ("getNetworkName", "HostInterfaceNetworking-vboxnet0"),
        ("getIPAddress", "192.168.56.100"),
        ("getNetworkMask", "255.255.255.0"),
        ("getLowerIP", "192.168.56.101"),
        ("getUpperIP", "192.168.56.254"),
        ("getEnabled", "true"),
    ] {
        let op = format!("IDHCPServer_{getter}");
        assert_eq!(checked(&mut w, &s, &op, &this(&servers[0])).await, [want]);
    }
    let nets = w
        .call("IVirtualBox_getHostOnlyNetworks", &this(&vbox))
        .await;
    assert_eq!(faultstring(&nets), "VirtualBox error: apirc=0x80004001");
    let missing = w
        .call(
            "IHost_findHostNetworkInterfaceByName",
            &[p("_this", &host), p("name", "vboxnet0")],
        )
        .await;
    assert!(faultstring(&missing)
        .contains("The host network interface named 'vboxnet0' could not be found"));

    let fault = [
        p("_this", &vbox),
        p("key", "VBoxSim/NoHostOnlyDriver"),
        p("value", "1"),
    ];
    checked(&mut w, &s, "IVirtualBox_setExtraData", &fault).await;
    let made = w
        .call("IHost_createHostOnlyNetworkInterface", &this(&host))
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(
        made.body.contains("<hostInterface></hostInterface>")
            || made.body.contains("<hostInterface/>"),
        "{}",
        made.body
    );
    let progress = checked(
        &mut w,
        &s,
        "IHost_createHostOnlyNetworkInterface",
        &this(&host),
    )
    .await
    .remove(0);
    assert_eq!(
        checked(&mut w, &s, "IProgress_getCompleted", &this(&progress)).await,
        ["true"]
    );
    assert_eq!(
        checked(&mut w, &s, "IProgress_getResultCode", &this(&progress)).await,
        ["-2147467259"]
    );
    let info = checked(&mut w, &s, "IProgress_getErrorInfo", &this(&progress))
        .await
        .remove(0);
    assert_eq!(
        checked(&mut w, &s, "IVirtualBoxErrorInfo_getText", &this(&info)).await,
        ["VBoxNetAdpCtl: Error while adding new interface: failed to open /dev/vboxnetctl: No such file or directory"]
    );
    assert!(checked(
        &mut w,
        &s,
        "IHost_findHostNetworkInterfacesOfType",
        &of_type
    )
    .await
    .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_only_networks_are_unknown_before_7_0() {
    let served = serve("6.1", ServeOptions::default()).await;
    let mut w = Wire::new(served.addr);
    let vbox = w
        .ok(
            "IWebsessionManager_logon",
            &[p("username", ""), p("password", "")],
        )
        .await
        .remove(0);
    let nets = w
        .call("IVirtualBox_getHostOnlyNetworks", &[p("_this", &vbox)])
        .await;
    assert_eq!(
        faultstring(&nets),
        "Method 'vbox:IVirtualBox_getHostOnlyNetworks' not implemented: method name or namespace not recognized"
    );
}
