//! The Guest Additions model: publishing after the boot, Net/N order, the beacon, DHCP gaps,
//! stale and deleted properties, faults, and waiting for changes (reference §5).

mod common;
use common::*;
use std::time::Duration;
use vbox_sim::keys;
use vbox_types::*;

#[tokio::test(start_paused = true)]
async fn guest_additions_publish_after_the_boot_delay() {
    let (_d, sim) = sim();
    let m = vm(&sim, "vm").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    let running_at = sim.now_ms();
    sleep_ms(19_000).await;
    assert!(props(&sim, "vm", "/VirtualBox/GuestInfo/*")
        .await
        .is_empty());
    assert!(prop(&sim, "vm", GUEST_ADD_VERSION).await.is_none());
    sleep_ms(1_000).await;
    let net = props(&sim, "vm", "/VirtualBox/GuestInfo/Net/*").await;
    assert_eq!(net[IP0].value, "10.0.2.15");
    assert_eq!(net[MAC0].value, m.adapters[0].mac_address);
    assert_eq!(
        net["/VirtualBox/GuestInfo/Net/0/V4/Netmask"].value,
        "255.255.255.0"
    );
    assert_eq!(
        net["/VirtualBox/GuestInfo/Net/0/V4/Broadcast"].value,
        "10.0.2.255"
    );
    assert_eq!(net["/VirtualBox/GuestInfo/Net/0/Status"].value, "Up");
    assert_eq!(net["/VirtualBox/GuestInfo/Net/0/Name"].value, "eth0");
    assert_eq!(net[GUEST_NET_COUNT].value, "1");
    // What the real VBoxService 7.2.22 gives its network properties in a real guest.
    assert_eq!(net[IP0].flags, "TRANSIENT, TRANSRESET");
    // Written at boot + 20 s, in ns; Count comes last.
    assert_eq!(net[IP0].timestamp_ns / 1_000_000, running_at + 20_000);
    assert!(
        net[GUEST_NET_COUNT].timestamp_ns > net["/VirtualBox/GuestInfo/Net/0/Name"].timestamp_ns
    );
    assert!(!net.keys().any(|k| k.contains("V6")));
    assert_eq!(
        prop(&sim, "vm", GUEST_ADD_VERSION).await.as_deref(),
        Some("7.1.12")
    );
    assert_eq!(
        prop(&sim, "vm", "/VirtualBox/GuestInfo/OS/Product")
            .await
            .as_deref(),
        Some("Linux")
    );
    assert_eq!(
        prop(&sim, "vm", "/VirtualBox/GuestInfo/OS/NoLoggedInUsers")
            .await
            .as_deref(),
        Some("true")
    );
    // The interface assembled from the properties matches the adapter by MAC.
    let all: Vec<GuestProperty> = net.into_values().collect();
    let nic = GuestNetInterface::from_properties(0, &all);
    assert_eq!(nic.mac.as_deref(), Some(m.adapters[0].mac_address.as_str()));
}

#[tokio::test(start_paused = true)]
async fn boot_delay_is_configurable() {
    let (_d, sim) = sim();
    vm(&sim, "fast").await;
    set_extra(&sim, "fast", keys::BOOT_DELAY_MS, "1500").await;
    sim.start_machine("fast", StartType::Headless)
        .await
        .unwrap();
    sleep_ms(1_499).await;
    assert!(prop(&sim, "fast", IP0).await.is_none());
    sleep_ms(1).await;
    assert_eq!(prop(&sim, "fast", IP0).await.as_deref(), Some("10.0.2.15"));
}

#[tokio::test(start_paused = true)]
async fn the_count_is_a_beacon() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    boot(&sim, "vm").await;
    let c0 = sim
        .get_guest_property("vm", GUEST_NET_COUNT)
        .await
        .unwrap()
        .unwrap();
    let ip0 = sim.get_guest_property("vm", IP0).await.unwrap().unwrap();
    sleep_ms(12_000).await;
    let c1 = sim
        .get_guest_property("vm", GUEST_NET_COUNT)
        .await
        .unwrap()
        .unwrap();
    // Rewritten every 5 s: two rewrites in 12 s, the last one 10 s after the first write.
    assert_eq!(
        c1.timestamp_ns / 1_000_000 - c0.timestamp_ns / 1_000_000,
        10_000
    );
    assert_eq!(c1.value, "1");
    // Unchanged values are not rewritten.
    assert_eq!(
        sim.get_guest_property("vm", IP0).await.unwrap().unwrap(),
        ip0
    );
}

#[tokio::test(start_paused = true)]
async fn host_only_addresses_are_unique_and_stable() {
    let (_d, sim) = sim();
    for name in ["a", "b"] {
        vm(&sim, name).await;
        sim.modify_machine(
            name,
            &ModifyMachine {
                adapters: vec![adapter(1, NetworkAttachmentType::HostOnly, "vboxnet0")],
                ..Default::default()
            },
        )
        .await
        .unwrap();
        boot(&sim, name).await;
    }
    let ip = "/VirtualBox/GuestInfo/Net/1/V4/IP";
    assert_eq!(prop(&sim, "a", ip).await.as_deref(), Some("192.168.56.101"));
    assert_eq!(prop(&sim, "b", ip).await.as_deref(), Some("192.168.56.102"));
    // Both NAT adapters have the NAT engine's address.
    assert_eq!(prop(&sim, "a", IP0).await, prop(&sim, "b", IP0).await);
    sim.control_machine("a", ControlAction::PowerOff)
        .await
        .unwrap();
    boot(&sim, "a").await;
    assert_eq!(prop(&sim, "a", ip).await.as_deref(), Some("192.168.56.101"));
    assert_eq!(prop(&sim, "a", GUEST_NET_COUNT).await.as_deref(), Some("2"));
}

#[tokio::test(start_paused = true)]
async fn net_index_is_not_the_slot() {
    let (_d, sim) = sim();
    let m = vm(&sim, "vm").await;
    sim.modify_machine(
        "vm",
        &ModifyMachine {
            adapters: vec![
                adapter(1, NetworkAttachmentType::Internal, "labnet"),
                adapter(2, NetworkAttachmentType::HostOnly, "vboxnet1"),
            ],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    set_extra(&sim, "vm", keys::GUEST_NIC_ORDER, "2,0,1").await;
    boot(&sim, "vm").await;
    let m2 = sim.get_machine("vm").await.unwrap();
    // Slot 2 (host-only) is the guest's first interface, NAT second; the internal network
    // has no DHCP server, so no address and no index.
    assert_eq!(
        prop(&sim, "vm", IP0).await.as_deref(),
        Some("192.168.57.101")
    );
    assert_eq!(
        prop(&sim, "vm", MAC0).await,
        Some(m2.adapters[2].mac_address.clone())
    );
    assert_eq!(
        prop(&sim, "vm", "/VirtualBox/GuestInfo/Net/1/MAC").await,
        Some(m.adapters[0].mac_address.clone())
    );
    assert_eq!(
        prop(&sim, "vm", GUEST_NET_COUNT).await.as_deref(),
        Some("2")
    );
    assert!(prop(&sim, "vm", "/VirtualBox/GuestInfo/Net/2/V4/IP")
        .await
        .is_none());
}

#[tokio::test(start_paused = true)]
async fn static_addresses_bridged_and_nat_networks() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.modify_machine(
        "vm",
        &ModifyMachine {
            adapters: vec![
                adapter(1, NetworkAttachmentType::Internal, "labnet"),
                adapter(2, NetworkAttachmentType::Bridged, "eth0"),
                adapter(3, NetworkAttachmentType::NATNetwork, "NatNetwork"),
            ],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    set_extra(&sim, "vm", &keys::static_ip(1), "10.10.0.5/16").await;
    set_extra(&sim, "vm", keys::PUBLISH_IPV6, "1").await;
    boot(&sim, "vm").await;
    let net = props(&sim, "vm", "/VirtualBox/GuestInfo/Net/*").await;
    let ip = |i: u32| net[&guest_net_property(i, "V4/IP")].value.clone();
    assert_eq!(ip(0), "10.0.2.15");
    assert_eq!(ip(1), "10.10.0.5");
    assert_eq!(
        net[&guest_net_property(1, "V4/Netmask")].value,
        "255.255.0.0"
    );
    assert_eq!(ip(2), "192.168.1.100");
    assert_eq!(ip(3), "10.0.2.4");
    assert!(net[&guest_net_property(0, "V6/IP")]
        .value
        .starts_with("fd00::"));
    assert_eq!(net[GUEST_NET_COUNT].value, "4");
}

#[tokio::test(start_paused = true)]
async fn dhcp_renewal_gap_keeps_stale_entries() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    set_extra(&sim, "vm", keys::DHCP_RENEW_AFTER_MS, "10000").await;
    set_extra(&sim, "vm", keys::DHCP_RENEW_NEW_ADDRESS, "1").await;
    boot(&sim, "vm").await;
    assert_eq!(
        prop(&sim, "vm", GUEST_NET_COUNT).await.as_deref(),
        Some("1")
    );
    sleep_ms(10_000).await;
    // In the gap: Count is 0 but Net/0 stays, with the old address (VBoxService deletes
    // nothing). Only indexes below Count are valid.
    assert_eq!(
        prop(&sim, "vm", GUEST_NET_COUNT).await.as_deref(),
        Some("0")
    );
    assert_eq!(prop(&sim, "vm", IP0).await.as_deref(), Some("10.0.2.15"));
    sleep_ms(1_990).await;
    assert_eq!(
        prop(&sim, "vm", GUEST_NET_COUNT).await.as_deref(),
        Some("0")
    );
    sleep_ms(20).await;
    assert_eq!(
        prop(&sim, "vm", GUEST_NET_COUNT).await.as_deref(),
        Some("1")
    );
    assert_eq!(prop(&sim, "vm", IP0).await.as_deref(), Some("10.0.2.16"));
}

/// The Guest Additions' properties are TRANSIENT: a hard power-off deletes them, as on the
/// real 7.2.22 host (fixtures/README.md, vboxmanage-7.2.22); properties without the flag stay.
/// (This test used to assert that they stay, stale; they did while the simulated Guest
/// Additions wrote them without flags.) A restarted machine shows no address until its guest
/// publishes.
#[tokio::test(start_paused = true)]
async fn hard_power_off_deletes_the_guest_additions_properties() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    boot(&sim, "vm").await;
    sim.set_guest_property("vm", "/Lab/Role", Some("web"), None)
        .await
        .unwrap();
    sim.control_machine("vm", ControlAction::PowerOff)
        .await
        .unwrap();
    for gone in [
        IP0,
        GUEST_NET_COUNT,
        GUEST_ADD_VERSION,
        "/VirtualBox/HostInfo/VBoxVer",
    ] {
        assert!(prop(&sim, "vm", gone).await.is_none(), "{gone}");
    }
    assert_eq!(prop(&sim, "vm", "/Lab/Role").await.as_deref(), Some("web"));
    // The guest's unflagged facts end with its VM process too (a real 7.2.22 guest after a
    // hard power-off of a cold boot: "No properties found.").
    assert!(prop(&sim, "vm", "/VirtualBox/GuestInfo/OS/Product")
        .await
        .is_none());
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    let started = sim.get_machine("vm").await.unwrap().last_state_change_ms;
    assert!(prop(&sim, "vm", IP0).await.is_none());
    sleep_ms(20_000).await;
    let fresh = sim.get_guest_property("vm", IP0).await.unwrap().unwrap();
    assert!(fresh.timestamp_ns > started * 1_000_000);
}

/// A reset deletes the guest's network at once (VBoxService writes it TRANSIENT, TRANSRESET:
/// a real 7.2.22 guest), keeps the Guest Additions' version (no flag), and is counted at its
/// time; the rebooted guest publishes again after its boot.
#[tokio::test(start_paused = true)]
async fn a_reset_deletes_the_network_until_the_rebooted_guest_publishes_it() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    boot(&sim, "vm").await;
    sim.control_machine("vm", ControlAction::Reset)
        .await
        .unwrap();
    let reset_at = sim.now_ms();
    assert!(prop(&sim, "vm", IP0).await.is_none());
    assert!(prop(&sim, "vm", "/VirtualBox/GuestAdd/Version")
        .await
        .is_some());
    let counter = sim
        .get_guest_property("vm", "/VirtualBox/VMInfo/ResetCounter")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(counter.value, "1");
    assert_eq!(counter.timestamp_ns / 1_000_000, reset_at);
    sleep_ms(20_000).await;
    let fresh = sim.get_guest_property("vm", IP0).await.unwrap().unwrap();
    assert!(fresh.timestamp_ns > reset_at * 1_000_000);
    sim.control_machine("vm", ControlAction::PowerOff)
        .await
        .unwrap();
    assert!(prop(&sim, "vm", IP0).await.is_none());
}

/// A power-off right after a reset, before the guest or the host wrote anything, deletes
/// nothing on the real 7.2.22 host (`ctl-guestproperty-after-poweroff`): VBoxSVC keeps a
/// host-set TRANSIENT property, and never heard of the counter.
#[tokio::test(start_paused = true)]
async fn a_power_off_right_after_a_reset_keeps_the_properties() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    boot(&sim, "vm").await;
    sim.set_guest_property("vm", "/lab/ip", Some("10.0.2.15"), Some("TRANSIENT"))
        .await
        .unwrap();
    sim.control_machine("vm", ControlAction::Reset)
        .await
        .unwrap();
    sim.control_machine("vm", ControlAction::PowerOff)
        .await
        .unwrap();
    assert_eq!(
        prop(&sim, "vm", "/lab/ip").await.as_deref(),
        Some("10.0.2.15")
    );
    assert!(prop(&sim, "vm", "/VirtualBox/VMInfo/ResetCounter")
        .await
        .is_none());
}

/// A save keeps the properties (`ctl-guestproperty-saved`: without the VM's own sysprep and
/// counter properties), a restore brings them back with the host version rewritten and the
/// resume counted (`ctl-guestproperty-restored`).
#[tokio::test(start_paused = true)]
async fn save_and_restore_keep_the_properties() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    boot(&sim, "vm").await;
    let running = props(&sim, "vm", "/VirtualBox/*").await;
    assert!(running.contains_key("/VirtualBox/HostGuest/SysprepArgs"));
    assert_eq!(running["/VirtualBox/VMInfo/ResumeCounter"].value, "0");
    sim.control_machine("vm", ControlAction::SaveState)
        .await
        .unwrap();
    let saved = props(&sim, "vm", "/VirtualBox/*").await;
    assert_eq!(saved[IP0], running[IP0]);
    assert!(saved.contains_key("/VirtualBox/HostInfo/VBoxVer"));
    assert!(!saved.contains_key("/VirtualBox/HostGuest/SysprepArgs"));
    assert!(!saved.contains_key("/VirtualBox/VMInfo/ResumeCounter"));
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    let restored_at = sim.get_machine("vm").await.unwrap().last_state_change_ms;
    let restored = props(&sim, "vm", "/VirtualBox/*").await;
    assert_eq!(restored[IP0], running[IP0]);
    assert_eq!(restored["/VirtualBox/VMInfo/ResumeCounter"].value, "1");
    assert_eq!(restored["/VirtualBox/VMInfo/ResetCounter"].value, "0");
    assert!(
        restored["/VirtualBox/HostInfo/VBoxVer"].timestamp_ns / 1_000_000 >= restored_at,
        "the host version is rewritten at the restore"
    );
}

#[tokio::test(start_paused = true)]
async fn acpi_shutdown_deletes_the_net_properties() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    boot(&sim, "vm").await;
    let t0 = sim.now_ms();
    sim.control_machine("vm", ControlAction::AcpiPowerButton)
        .await
        .unwrap();
    assert_eq!(sim.now_ms(), t0, "the button returns at once");
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
    sleep_ms(3_050).await;
    assert_eq!(state(&sim, "vm").await, MachineState::Stopping);
    assert!(props(&sim, "vm", "/VirtualBox/GuestInfo/Net/*")
        .await
        .is_empty());
    sleep_ms(100).await;
    let m = sim.get_machine("vm").await.unwrap();
    assert_eq!(m.state, MachineState::PoweredOff);
    assert_eq!(m.last_state_change_ms, t0 + 3_000 + 110);
    assert_eq!(m.session_state, SessionState::Unlocked);
    // VBoxService deleted the network; the power-off ended the rest of what the guest wrote
    // (a real 7.2.22 guest after its ACPI shutdown: "No properties found.").
    assert!(prop(&sim, "vm", GUEST_ADD_VERSION).await.is_none());
    assert!(prop(&sim, "vm", "/VirtualBox/GuestInfo/OS/Product")
        .await
        .is_none());
}

#[tokio::test(start_paused = true)]
async fn acpi_can_be_ignored_or_slow() {
    let (_d, sim) = sim();
    vm(&sim, "deaf").await;
    vm(&sim, "slow").await;
    set_extra(&sim, "deaf", keys::ACPI_IGNORED, "1").await;
    set_extra(&sim, "slow", keys::ACPI_SHUTDOWN_MS, "30000").await;
    boot(&sim, "deaf").await;
    boot(&sim, "slow").await;
    sim.control_machine("deaf", ControlAction::AcpiPowerButton)
        .await
        .unwrap();
    sim.control_machine("slow", ControlAction::AcpiPowerButton)
        .await
        .unwrap();
    sleep_ms(29_000).await;
    assert_eq!(state(&sim, "slow").await, MachineState::Running);
    sleep_ms(2_000).await;
    assert_eq!(state(&sim, "slow").await, MachineState::PoweredOff);
    sleep_ms(60_000).await;
    assert_eq!(state(&sim, "deaf").await, MachineState::Running);
    assert!(prop(&sim, "deaf", IP0).await.is_some());
}

#[tokio::test(start_paused = true)]
async fn crash_after_leaves_the_machine_aborted() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    set_extra(&sim, "vm", keys::BOOT_DELAY_MS, "1000").await;
    set_extra(&sim, "vm", keys::CRASH_AFTER_MS, "5000").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    let t0 = sim.now_ms();
    sleep_ms(4_999).await;
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
    sleep_ms(1).await;
    let m = sim.get_machine("vm").await.unwrap();
    assert_eq!(m.state, MachineState::Aborted);
    assert_eq!(m.last_state_change_ms, t0 + 5_000);
    assert_eq!(m.session_state, SessionState::Unlocked);
    // VirtualBox treats Aborted as a power-off: what the guest wrote ends with its process.
    assert!(prop(&sim, "vm", IP0).await.is_none());
    assert!(prop(&sim, "vm", "/VirtualBox/GuestInfo/OS/Product")
        .await
        .is_none());
    // Aborted machines start again.
    sim.set_extradata("vm", keys::CRASH_AFTER_MS, None)
        .await
        .unwrap();
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    sleep_ms(60_000).await;
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
}

#[tokio::test(start_paused = true)]
async fn start_failure_fails_the_progress() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    set_extra(&sim, "vm", keys::START_FAILURE, "1").await;
    let t0 = sim.now_ms();
    let (msg, code, kind) = err_of(sim.start_machine("vm", StartType::Headless).await);
    assert_eq!(
        msg,
        "The virtual machine 'vm' has terminated unexpectedly during startup with exit code 1 (0x1)"
    );
    assert_eq!(code, ResultCode::E_FAIL);
    assert_eq!(kind, ErrorKind::Backend);
    assert_eq!(sim.now_ms() - t0, 800);
    let m = sim.get_machine("vm").await.unwrap();
    assert_eq!(m.state, MachineState::PoweredOff);
    assert_eq!(m.session_state, SessionState::Unlocked);
    set_extra(
        &sim,
        "vm",
        keys::START_FAILURE,
        "Nonexistent host networking interface, name 'vboxnet0' (VERR_INTERNAL_ERROR)",
    )
    .await;
    let (msg, _, _) = err_of(sim.start_machine("vm", StartType::Headless).await);
    assert!(msg.starts_with("Nonexistent host networking interface"));
    set_extra(&sim, "vm", keys::START_DURATION_MS, "3000").await;
    sim.set_extradata("vm", keys::START_FAILURE, None)
        .await
        .unwrap();
    let t0 = sim.now_ms();
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    assert_eq!(sim.now_ms() - t0, 3000);
}

#[tokio::test(start_paused = true)]
async fn failed_restore_is_aborted_saved() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    sim.control_machine("vm", ControlAction::SaveState)
        .await
        .unwrap();
    set_extra(&sim, "vm", keys::START_FAILURE, "1").await;
    assert!(sim.start_machine("vm", StartType::Headless).await.is_err());
    assert_eq!(state(&sim, "vm").await, MachineState::AbortedSaved);
    sim.set_extradata("vm", keys::START_FAILURE, None)
        .await
        .unwrap();
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
}

#[tokio::test(start_paused = true)]
async fn no_guest_additions_publish_nothing() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    set_extra(&sim, "vm", keys::NO_GUEST_ADDITIONS, "1").await;
    boot(&sim, "vm").await;
    sleep_ms(120_000).await;
    assert!(
        props(&sim, "vm", "/VirtualBox/GuestInfo/*|/VirtualBox/GuestAdd/*")
            .await
            .is_empty()
    );
    assert!(prop(&sim, "vm", "/VirtualBox/HostInfo/VBoxVer")
        .await
        .is_some());
}

#[tokio::test(start_paused = true)]
async fn a_paused_guest_does_not_boot() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    sleep_ms(10_000).await;
    sim.control_machine("vm", ControlAction::Pause)
        .await
        .unwrap();
    sleep_ms(60_000).await;
    assert!(prop(&sim, "vm", IP0).await.is_none());
    sim.control_machine("vm", ControlAction::Resume)
        .await
        .unwrap();
    sleep_ms(9_999).await;
    assert!(prop(&sim, "vm", IP0).await.is_none());
    sleep_ms(1).await;
    assert!(prop(&sim, "vm", IP0).await.is_some());
}

#[tokio::test(start_paused = true)]
async fn wait_wakes_when_the_guest_publishes() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    let t0 = sim.now_ms();
    let change = sim
        .wait_guest_property(
            "vm",
            "/VirtualBox/GuestInfo/Net/Count",
            Duration::from_secs(60),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sim.now_ms() - t0, 20_000);
    assert_eq!(change.name, GUEST_NET_COUNT);
    assert_eq!(change.value, "1");
    assert!(!change.deleted);
    // The beacon wakes the next wait 5 s later.
    let again = sim
        .wait_guest_property("vm", GUEST_NET_COUNT, Duration::from_secs(60))
        .await
        .unwrap();
    assert!(again.is_some());
    assert_eq!(sim.now_ms() - t0, 25_000);
}

#[tokio::test(start_paused = true)]
async fn wait_times_out_and_sees_host_writes_and_deletions() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    let t0 = sim.now_ms();
    let none = sim
        .wait_guest_property("vm", "/VirtualBox/NoSuch/*", Duration::from_millis(500))
        .await
        .unwrap();
    assert!(none.is_none());
    assert_eq!(sim.now_ms() - t0, 500);

    let s2 = sim.clone();
    let writer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(3)).await;
        s2.set_guest_property("vm", "/Test/Key", Some("v1"), None)
            .await
            .unwrap();
    });
    let t1 = sim.now_ms();
    let c = sim
        .wait_guest_property("vm", "/Test/*", Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    writer.await.unwrap();
    assert_eq!((c.name.as_str(), c.value.as_str()), ("/Test/Key", "v1"));
    assert_eq!(sim.now_ms() - t1, 3_000);

    // ACPI shutdown deletes Net/*; 7.x reports the deletion.
    boot(&sim, "vm").await;
    sim.control_machine("vm", ControlAction::AcpiPowerButton)
        .await
        .unwrap();
    let c = sim
        .wait_guest_property(
            "vm",
            "/VirtualBox/GuestInfo/Net/0/*",
            Duration::from_secs(10),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(c.deleted);
    assert!(c.name.starts_with("/VirtualBox/GuestInfo/Net/0/"));
}

#[tokio::test(start_paused = true)]
async fn host_side_property_rules() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.set_guest_property("vm", "/My/Prop", Some("x"), Some("rdonlyguest"))
        .await
        .unwrap();
    let p = sim
        .get_guest_property("vm", "/My/Prop")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((p.value.as_str(), p.flags.as_str()), ("x", "RDONLYGUEST"));
    assert_eq!(p.timestamp_ns / 1_000_000, sim.now_ms());
    sim.set_guest_property("vm", "/My/Prop", None, None)
        .await
        .unwrap();
    assert!(sim
        .get_guest_property("vm", "/My/Prop")
        .await
        .unwrap()
        .is_none());
    let long = format!("/{}", "n".repeat(64));
    let (_, code, kind) = err_of(sim.set_guest_property("vm", &long, Some("x"), None).await);
    assert_eq!(
        (code, kind),
        (ResultCode::E_INVALIDARG, ErrorKind::InvalidInput)
    );
    let (_, code, _) = err_of(
        sim.set_guest_property("vm", "/v", Some(&"v".repeat(1025)), None)
            .await,
    );
    assert_eq!(code, ResultCode::E_INVALIDARG);
    let (_, code, _) = err_of(
        sim.set_guest_property("vm", "/t", Some("1"), Some("TRANSIENT"))
            .await,
    );
    assert_eq!(code, ResultCode::E_INVALIDARG);
    let (_, code, _) = err_of(
        sim.set_guest_property("vm", "/t", Some("1"), Some("BOGUS"))
            .await,
    );
    assert_eq!(code, ResultCode::E_INVALIDARG);
    // Transient properties are fine while running.
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    sim.set_guest_property("vm", "/t", Some("1"), Some("TRANSIENT"))
        .await
        .unwrap();
    // Two writes in the same millisecond still get distinct, increasing timestamps.
    sim.set_guest_property("vm", "/a", Some("1"), None)
        .await
        .unwrap();
    sim.set_guest_property("vm", "/a", Some("2"), None)
        .await
        .unwrap();
    let a = sim.get_guest_property("vm", "/a").await.unwrap().unwrap();
    let t = sim.get_guest_property("vm", "/t").await.unwrap().unwrap();
    assert!(a.timestamp_ns > t.timestamp_ns);
}

#[tokio::test(start_paused = true)]
async fn addresses_of_deleted_machines_are_handed_out_again() {
    let (_d, sim) = sim();
    for round in 0..3 {
        let name = format!("vm{round}");
        vm(&sim, &name).await;
        sim.modify_machine(
            &name,
            &ModifyMachine {
                adapters: vec![adapter(0, NetworkAttachmentType::HostOnly, "vboxnet0")],
                ..Default::default()
            },
        )
        .await
        .unwrap();
        boot(&sim, &name).await;
        assert_eq!(
            prop(&sim, &name, IP0).await.as_deref(),
            Some("192.168.56.101")
        );
        sim.control_machine(&name, ControlAction::PowerOff)
            .await
            .unwrap();
        sim.unregister_machine(&name, &Unregister::default())
            .await
            .unwrap();
    }
}

#[tokio::test(start_paused = true)]
async fn acpi_during_a_live_snapshot_waits_for_it() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    set_extra(&sim, "vm", keys::ACPI_SHUTDOWN_MS, "100").await;
    boot(&sim, "vm").await;
    sim.control_machine("vm", ControlAction::AcpiPowerButton)
        .await
        .unwrap();
    let snap = sim
        .take_snapshot(
            "vm",
            &TakeSnapshot {
                name: "live".into(),
                live: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(snap.online);
    sleep_ms(200).await;
    assert_eq!(state(&sim, "vm").await, MachineState::PoweredOff);
    assert_eq!(sim.list_snapshots("vm").await.unwrap().len(), 1);
}

/// "The guest network interface is assigned to the IPv4 range 10.0.x.0/24 by default where x
/// corresponds to the instance of the NAT interface +2" (VirtualBox manual): NIC slot 1 on NAT
/// leases 10.0.3.15, whatever the guest's interface order.
#[tokio::test(start_paused = true)]
async fn each_nat_adapter_is_its_own_network() {
    let (_d, sim) = sim();
    let m = vm(&sim, "vm").await;
    sim.modify_machine(
        "vm",
        &ModifyMachine {
            adapters: vec![adapter(1, NetworkAttachmentType::NAT, "")],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    set_extra(&sim, "vm", keys::GUEST_NIC_ORDER, "1,0").await;
    boot(&sim, "vm").await;
    let m2 = sim.get_machine("vm").await.unwrap();
    assert_eq!(prop(&sim, "vm", IP0).await.as_deref(), Some("10.0.3.15"));
    assert_eq!(
        prop(&sim, "vm", MAC0).await,
        Some(m2.adapters[1].mac_address.clone())
    );
    assert_eq!(
        prop(&sim, "vm", "/VirtualBox/GuestInfo/Net/1/V4/IP")
            .await
            .as_deref(),
        Some("10.0.2.15")
    );
    assert_eq!(
        prop(&sim, "vm", "/VirtualBox/GuestInfo/Net/1/MAC").await,
        Some(m.adapters[0].mac_address.clone())
    );
}
