//! `list vms` / `list runningvms` parser on every captured fixture.

use vbox_fixtures::{assert_covered, fixture, fixture_files};
use vbox_manage::parse::list::parse_list_vms;

const COVERED: &[&str] = &[
    "vboxmanage/list-vms-4.3-linux-three.txt",
    "vboxmanage/list-vms-5.0-macos-ten.txt",
    "vboxmanage/list-vms-5.2-macos.txt",
    "vboxmanage/list-vms-5.2-windows-inaccessible.txt",
    "vboxmanage/list-vms-6.0.8-linux-one.txt",
    "vboxmanage/list-vms-6.1-macos-two.txt",
    "vboxmanage/list-vms-unknown-macos-four.txt",
    "vboxmanage/list-sorted-vms-6.0-linux.txt",
    "vboxmanage/list-runningvms-5.2.8-macos-vagrant.txt",
    "vboxmanage/list-runningvms-6.0-windows-one.txt",
    "vboxmanage/list-runningvms-6.0-windows-six.txt",
    "vboxmanage/list-runningvms-6.0.8-linux-one.txt",
    "vboxmanage/list-runningvms-6.1-macos-one.txt",
    "vboxmanage/list-runningvms-empty-unknown-windows.txt",
    "vboxmanage-7.0.14/list-vms.stdout",
    "vboxmanage-7.0.14/list-vms-after.stdout",
    "vboxmanage-7.0.14/list-runningvms.stdout",
    "vboxmanage-7.0.14/list-runningvms-empty.stdout",
    "vboxmanage-7.0.14/disks-list-vms-after-base-delete.stdout",
];

/// `(name, id)` pairs of a fixture.
fn pairs(path: &str) -> Vec<(String, String, bool)> {
    assert!(COVERED.contains(&path), "{path} missing from COVERED");
    let text = fixture(path);
    parse_list_vms(&text)
        .into_iter()
        .map(|m| {
            assert_eq!(m.state, None);
            (m.name, m.id, m.accessible)
        })
        .collect()
}

fn names(v: &[(String, String, bool)]) -> Vec<&str> {
    v.iter().map(|(n, _, _)| n.as_str()).collect()
}

#[test]
fn list_vms_4_3_linux_three() {
    let v = pairs("vboxmanage/list-vms-4.3-linux-three.txt");
    assert_eq!(
        names(&v),
        [
            "SDN-VM_32bit",
            "learn_puppet_master_0",
            "learn_puppet_agent_1"
        ]
    );
    assert_eq!(v[0].1, "ec527fac-c8b9-40c3-9a33-ad34212d24e0");
    assert!(v.iter().all(|m| m.2));
}

#[test]
fn list_vms_5_0_macos_ten() {
    let v = pairs("vboxmanage/list-vms-5.0-macos-ten.txt");
    assert_eq!(v.len(), 10);
    assert_eq!(v[0].0, "boot2docker-vm");
    assert_eq!(v[9].0, "urfve6cb85a2_default_1458910687825_39001");
    assert_eq!(v[9].1, "295e77c3-d922-4849-93de-4422b8c08880");
}

#[test]
fn list_vms_5_2_macos() {
    let v = pairs("vboxmanage/list-vms-5.2-macos.txt");
    assert_eq!(names(&v), ["Ubuntu", "go-virtualbox"]);
    assert_eq!(v[1].1, "def44546-e3da-4902-8d15-b91c99c80cbc");
}

#[test]
fn list_vms_5_2_windows_inaccessible() {
    let v = pairs("vboxmanage/list-vms-5.2-windows-inaccessible.txt");
    assert_eq!(v.len(), 2);
    assert_eq!(
        v[0],
        (
            "Debian".into(),
            "93a38cd7-ef00-47aa-9868-d291d4ed5e0a".into(),
            true
        )
    );
    assert_eq!(
        v[1],
        (
            "<inaccessible>".into(),
            "a30b7f86-d30a-41b8-9dbc-cb1ea02e55c4".into(),
            false
        )
    );
}

#[test]
fn list_vms_6_0_8_linux_one() {
    let v = pairs("vboxmanage/list-vms-6.0.8-linux-one.txt");
    assert_eq!(
        v,
        [(
            "buster".into(),
            "6c18ec7b-5730-4e8e-a7d1-768dd0601be1".into(),
            true
        )]
    );
}

#[test]
fn list_vms_6_1_macos_two() {
    let v = pairs("vboxmanage/list-vms-6.1-macos-two.txt");
    assert_eq!(names(&v), ["centos_default_1646280262092_51162", "centos8"]);
    assert_eq!(v[1].1, "ca6d485f-33d1-4f66-8df3-a3be3b1970ff");
}

#[test]
fn list_vms_unknown_macos_four() {
    let v = pairs("vboxmanage/list-vms-unknown-macos-four.txt");
    assert_eq!(
        names(&v),
        ["k8s-base", "src-host", "dest-host", "k8s-master"]
    );
    assert_eq!(v[3].1, "2a783bfa-fafd-4910-aace-0af8dd3549ab");
}

#[test]
fn list_sorted_vms_6_0_linux() {
    let v = pairs("vboxmanage/list-sorted-vms-6.0-linux.txt");
    assert_eq!(names(&v), ["ubuntu-18.04-amd64_1549746024485_35372"]);
    assert_eq!(v[0].1, "6294f16b-4f05-4430-afb9-773bdb237aec");
}

#[test]
fn list_runningvms_5_2_8_macos_vagrant() {
    let v = pairs("vboxmanage/list-runningvms-5.2.8-macos-vagrant.txt");
    assert_eq!(names(&v), ["kafka-001_1522781054873_81982"]);
    assert_eq!(v[0].1, "eaf3fcb5-e9c6-4402-bf41-d343841a7ee3");
}

#[test]
fn list_runningvms_6_0_windows_one() {
    let v = pairs("vboxmanage/list-runningvms-6.0-windows-one.txt");
    assert_eq!(
        v,
        [(
            "basecentos7".into(),
            "04503e84-4597-494d-bdf7-ceb80acd96bd".into(),
            true
        )]
    );
}

#[test]
fn list_runningvms_6_0_windows_six() {
    let v = pairs("vboxmanage/list-runningvms-6.0-windows-six.txt");
    assert_eq!(
        names(&v),
        [
            "XPSP3",
            "Xubuntu 22.04",
            "default",
            "Windows 7",
            "Windows 10 x64 ru",
            "Xubuntu VS Code"
        ]
    );
    assert_eq!(v[4].1, "184f37d0-8529-474c-962d-6fd6781d9757");
}

#[test]
fn list_runningvms_6_0_8_linux_one() {
    let v = pairs("vboxmanage/list-runningvms-6.0.8-linux-one.txt");
    assert_eq!(
        v,
        [(
            "buster".into(),
            "6c18ec7b-5730-4e8e-a7d1-768dd0601be1".into(),
            true
        )]
    );
}

#[test]
fn list_runningvms_6_1_macos_one() {
    let v = pairs("vboxmanage/list-runningvms-6.1-macos-one.txt");
    assert_eq!(
        v,
        [(
            "centos8".into(),
            "ca6d485f-33d1-4f66-8df3-a3be3b1970ff".into(),
            true
        )]
    );
}

#[test]
fn list_runningvms_empty_unknown_windows() {
    let v = pairs("vboxmanage/list-runningvms-empty-unknown-windows.txt");
    assert!(v.is_empty());
}

#[test]
fn v7_0_14_list_vms() {
    let v = pairs("vboxmanage-7.0.14/list-vms.stdout");
    assert_eq!(names(&v), ["web 01", "tmpl \"q\"", "bare"]);
    assert_eq!(v[1].1, "e40cf37b-1e05-4937-8ca2-85f632d0df84");
    assert_eq!(v[2].1, "15479a3d-8abd-41cb-9ec7-72c83f037850");
}

#[test]
fn v7_0_14_list_vms_after() {
    let v = pairs("vboxmanage-7.0.14/list-vms-after.stdout");
    assert_eq!(names(&v), ["web 01", "bare"]);
    assert_eq!(v[0].1, "911215d9-0a66-420d-a0d1-104c90b9c56d");
}

#[test]
fn v7_0_14_list_runningvms() {
    let v = pairs("vboxmanage-7.0.14/list-runningvms.stdout");
    assert_eq!(
        v,
        [(
            "clone a".into(),
            "813d390f-e5b8-47f4-870d-dc12adaae284".into(),
            true
        )]
    );
}

#[test]
fn v7_0_14_list_runningvms_empty() {
    let v = pairs("vboxmanage-7.0.14/list-runningvms-empty.stdout");
    assert!(v.is_empty());
}

#[test]
fn v7_0_14_disks_list_vms_after_base_delete() {
    let v = pairs("vboxmanage-7.0.14/disks-list-vms-after-base-delete.stdout");
    assert_eq!(names(&v), ["lc1", "lc2", "full1"]);
    assert_eq!(v[2].1, "5882d443-4c6f-43ef-b1db-c9eb4973cdff");
}

#[test]
fn every_list_fixture_is_covered() {
    let mut files = fixture_files("vboxmanage", |n| {
        ["list-vms-", "list-sorted-vms-", "list-runningvms-"]
            .iter()
            .any(|p| n.starts_with(p))
            && n.ends_with(".txt")
    });
    files.extend(fixture_files("vboxmanage-7.0.14", |n| {
        ["list-vms", "list-runningvms", "disks-list-vms"]
            .iter()
            .any(|p| n.starts_with(p))
            && n.ends_with(".stdout")
    }));
    assert_covered(&files, COVERED);
}
