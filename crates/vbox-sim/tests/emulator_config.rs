//! The emulated `modifyvm` of VRAM, boot order, card, cable and NAT rules, and their lines in
//! `showvminfo`, as the real 7.2.22 host prints and refuses them.

#[path = "emulator_harness.rs"]
mod harness;

use harness::Host;

fn lines(host: &Host, vm: &str) -> Vec<String> {
    host.ok(&["showvminfo", vm, "--machinereadable"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn settings_and_rules_show_as_on_the_real_host() {
    let host = Host::new("7.2.22");
    host.quick_vm("a");
    host.ok(&[
        "modifyvm",
        "a",
        "--nic1",
        "nat",
        "--nic-type1",
        "virtio",
        "--cable-connected1",
        "off",
        "--vram",
        "16",
        "--boot1",
        "disk",
        "--boot2",
        "dvd",
        "--boot3",
        "none",
        "--nat-pf1",
        "web,udp,127.0.0.1,8080,10.0.2.15,80",
        "--natpf1",
        "ssh,tcp,,2222,,22",
    ]);
    let l = lines(&host, "a");
    for want in [
        "vram=16",
        "boot1=\"disk\"",
        "boot2=\"dvd\"",
        "boot3=\"none\"",
        "nictype1=\"virtio\"",
        "cableconnected1=\"off\"",
        // By name, as the real host lists an adapter's rules.
        "Forwarding(0)=\"ssh,tcp,,2222,,22\"",
        "Forwarding(1)=\"web,udp,127.0.0.1,8080,10.0.2.15,80\"",
    ] {
        assert!(l.iter().any(|x| x == want), "{want} in {l:?}");
    }
    host.ok(&["modifyvm", "a", "--natpf1", "delete", "web"]);
    let l = lines(&host, "a");
    assert!(!l.iter().any(|x| x.contains("web,udp")), "{l:?}");
}

#[test]
fn refusals_are_the_real_hosts() {
    let host = Host::new("7.2.22");
    host.quick_vm("a");
    host.ok(&[
        "modifyvm",
        "a",
        "--nic1",
        "nat",
        "--natpf1",
        "ssh,tcp,,2222,,22",
    ]);
    let before = lines(&host, "a");
    let again = host.run(&[
        "modifyvm",
        "a",
        "--memory",
        "300",
        "--natpf1",
        "x,tcp,,2222,,23",
    ]);
    assert_eq!(again.code, 1);
    assert!(again.err.starts_with(
        "VBoxManage: error: A NAT rule for this host port and this host IP already exists\n"
    ));
    let name = host.run(&["modifyvm", "a", "--natpf1", "ssh,tcp,,2223,,22"]);
    assert!(name
        .err
        .starts_with("VBoxManage: error: A NAT rule of this name already exists\n"));
    let vram = host.run(&["modifyvm", "a", "--vram", "1000"]);
    assert!(vram.err.starts_with(
        "VBoxManage: error: Invalid VRAM size: 1000 MB (must be in range [1, 256] MB)\n"
    ));
    let boot = host.run(&["modifyvm", "a", "--boot1", "usb"]);
    assert_eq!(boot.code, 2);
    assert_eq!(boot.err, "VBoxManage: error: Invalid boot device 'usb'\n");
    assert_eq!(lines(&host, "a"), before, "refused options changed nothing");
    // An adapter beyond the chipset's count is reported and skipped; the rest is saved and
    // the exit status is 0 (real 7.2.22: `modifyvm a --memory 300 --nic9 nat`).
    let nine = host.run(&["modifyvm", "a", "--memory", "300", "--nic9", "nat"]);
    assert_eq!(nine.code, 0);
    assert_eq!(nine.err, "VBoxManage: error: Invalid NIC number 9\n");
    assert!(lines(&host, "a").iter().any(|x| x == "memory=300"));
}
