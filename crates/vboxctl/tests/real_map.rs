//! `up` of a map with NICs, forwards, memory, CPUs, storage (a new disk, an ISO) and a shared
//! folder on the real VirtualBox 7.2: linked clones
//! of a template come out as the map says (read back by the real `VBoxManage showvminfo
//! --machinereadable`), a second `up` changes nothing, and a changed map changes exactly what
//! changed — through VBoxManage and through a real vboxwebsrv. Run with
//! `scripts/real-virtualbox.sh test real_map`.

use std::process::{Command, Output};
use vbox_suite::real::{RealHome, RealHost};

fn vboxctl(home: &RealHome, connect: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vboxctl"))
        .arg("--connect")
        .arg(connect)
        .args(args)
        .env_remove("VBOXCTL_CONNECT")
        .env_remove("VBOXCTL_HOST")
        .env_remove("VBOXCTL_CONFIG")
        .env("XDG_CONFIG_HOME", home.dir().join("no-config"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run vboxctl")
}

fn ok(out: Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "vboxctl failed: {text}");
    text
}

fn map(memory: u32, port: u16, files: &std::path::Path) -> String {
    let (iso, share) = (files.join("tools.iso"), files.join("share"));
    format!(
        r#"
[profiles.web]
clonefrom = "tmpl"
linked = true
power_on = false
memory = {memory}
cpus = 2
[[profiles.web.nics]]
type = "nat"
[[profiles.web.nics]]
type = "intnet"
network = "lab"
adapter_type = "virtio"

[profiles.gw]
clonefrom = "tmpl"
linked = true
power_on = false
memory = 256
[[profiles.gw.nics]]
type = "nat"
[[profiles.gw.forwarded_ports]]
guest = 22
host = {port}
host_ip = "127.0.0.1"
id = "ssh"
[[profiles.gw.storage]]
slot = "SATA:1:0"
size = 4
[[profiles.gw.storage]]
slot = "IDE:1:0"
type = "dvd"
file = "{iso}"
[[profiles.gw.shared_folders]]
name = "share"
host_path = "{share}"

[[machines]]
profile = "web"
count = 2
name = "web-{{n}}"

[[machines]]
profile = "gw"
names = ["gw"]
"#,
        iso = iso.display(),
        share = share.display(),
    )
}

fn up_converges(home: &RealHome, connect: &str) {
    ok(vboxctl(home, connect, &["create", "tmpl", "--disk", "8"]));
    let file = home.dir().join("lab.toml");
    let port = vbox_suite::free_port();
    let files = home.dir().join("files");
    std::fs::create_dir_all(files.join("share")).unwrap();
    vbox_suite::write_tiny_iso(&files.join("tools.iso")).unwrap();
    std::fs::write(&file, map(256, port, &files)).unwrap();
    let file = file.to_string_lossy().into_owned();
    ok(vboxctl(home, connect, &["up", &file]));

    for web in ["web-1", "web-2"] {
        let lines = home.showvminfo_lines(web);
        for line in [
            "memory=256",
            "cpus=2",
            "nic1=\"nat\"",
            "nic2=\"intnet\"",
            "intnet2=\"lab\"",
            "nictype2=\"virtio\"",
        ] {
            home.assert_showvminfo_has(&lines, line);
        }
    }
    let gw = home.showvminfo_lines("gw");
    home.assert_showvminfo_has(&gw, "memory=256");
    home.assert_showvminfo_has(
        &gw,
        &format!("Forwarding(0)=\"ssh,tcp,127.0.0.1,{port},,22\""),
    );
    let gw_info = home.showvminfo("gw");
    assert!(
        gw_info["SATA-1-0"].ends_with("/gw-SATA-1-0.vdi"),
        "{:?}",
        gw_info.get("SATA-1-0")
    );
    assert_eq!(
        gw_info["IDE-1-0"],
        files.join("tools.iso").display().to_string()
    );
    assert_eq!(gw_info["SharedFolderNameMachineMapping1"], "share");
    assert_eq!(
        gw_info["SharedFolderPathMachineMapping1"],
        files.join("share").display().to_string()
    );

    // A second `up` does nothing.
    let before: Vec<Vec<String>> = ["web-1", "web-2", "gw"]
        .iter()
        .map(|m| home.showvminfo_lines(m))
        .collect();
    let dry = ok(vboxctl(home, connect, &["up", &file, "--dry-run"]));
    assert!(dry.contains("Nothing to do"), "{dry}");
    let again = ok(vboxctl(home, connect, &["up", &file]));
    assert!(again.contains("Nothing changed"), "{again}");
    let after: Vec<Vec<String>> = ["web-1", "web-2", "gw"]
        .iter()
        .map(|m| home.showvminfo_lines(m))
        .collect();
    assert_eq!(before, after, "a second up changed nothing");

    // The map's web memory changes: exactly that changes.
    std::fs::write(&file, map(384, port, &files)).unwrap();
    let dry = ok(vboxctl(home, connect, &["up", &file, "--dry-run"]));
    assert!(dry.contains("web-1: memory 256 → 384 MB"), "{dry}");
    assert!(!dry.contains("gw:"), "{dry}");
    ok(vboxctl(home, connect, &["up", &file]));
    for (i, web) in ["web-1", "web-2"].iter().enumerate() {
        let lines = home.showvminfo_lines(web);
        let changed: Vec<String> = lines
            .iter()
            .filter(|l| !before[i].contains(l))
            .cloned()
            .collect();
        assert_eq!(changed, ["memory=384"], "{web}: only the memory changed");
    }
    assert_eq!(home.showvminfo_lines("gw"), before[2], "gw is unchanged");
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn up_converges_a_map_through_vboxmanage() {
    let home = RealHost::from_env().home("map-manage");
    let uri = home.uri();
    up_converges(&home, &uri);
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn up_converges_a_map_through_the_web_service() {
    let home = RealHost::from_env().home("map-soap");
    let web = home.start_webservice();
    up_converges(&home, &web.url());
}
