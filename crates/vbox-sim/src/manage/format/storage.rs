//! Storage controllers and their attachments.
//!
//! Controllers are those the machine was given (type and port count as recorded), then those
//! only an attachment names, with the bus defaults of their name: such a SATA controller
//! reports 2 ports (or more when a higher port is used), what the captured `storagectl --add
//! sata --portcount 2` made. Optical drives print their eject flags (real 7.2.22: an ISO's
//! `tempeject`/`IsEjected` after its UUID; an empty drive `emptydrive` and `IsEjected`).

use super::flavor::Flavor;
use super::out::{labelled, Out};
use crate::manage::view::DiskView;
use crate::model::storage::{limits, ControllerRecord};

/// A controller as `showvminfo` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Controller {
    name: String,
    /// `StorageControllerType` word.
    kind: &'static str,
    instance: u32,
    max_ports: u32,
    ports: u32,
    devices_per_port: u32,
}

/// (type, max ports, devices per port, minimum port count) of a controller by its name.
fn bus_of(name: &str) -> (&'static str, u32, u32, u32) {
    let n = name.to_ascii_lowercase();
    if n.contains("ide") {
        ("PIIX4", 2, 2, 2)
    } else if n.contains("nvme") {
        ("NVMe", 255, 1, 1)
    } else if n.contains("virtio") {
        ("VirtioSCSI", 256, 1, 1)
    } else if n.contains("sas") {
        ("LsiLogicSas", 255, 1, 1)
    } else if n.contains("scsi") {
        ("LsiLogic", 16, 1, 1)
    } else if n.contains("floppy") {
        ("I82078", 1, 2, 1)
    } else if n.contains("usb") {
        ("USB", 8, 1, 1)
    } else {
        ("IntelAhci", 30, 1, 2)
    }
}

fn controllers(known: &[ControllerRecord], disks: &[DiskView]) -> Vec<Controller> {
    let mut out: Vec<Controller> = Vec::new();
    for c in known {
        let kind = bus_kind(&c.kind);
        let (max_ports, devices_per_port) = limits(c);
        let instance = out.iter().filter(|o| o.kind == kind).count() as u32;
        out.push(Controller {
            name: c.name.clone(),
            kind,
            instance,
            max_ports,
            ports: c.ports,
            devices_per_port,
        });
    }
    for d in disks {
        if let Some(c) = out.iter_mut().find(|c| c.name == d.controller) {
            c.ports = c.ports.max(d.port + 1).min(c.max_ports);
            continue;
        }
        let (kind, max_ports, devices_per_port, min_ports) = bus_of(&d.controller);
        let instance = out.iter().filter(|c| c.kind == kind).count() as u32;
        out.push(Controller {
            name: d.controller.clone(),
            kind,
            instance,
            max_ports,
            ports: min_ports.max(d.port + 1).min(max_ports),
            devices_per_port,
        });
    }
    out
}

/// A recorded controller type in the spelling `showvminfo` prints.
fn bus_kind(kind: &str) -> &'static str {
    const KINDS: &[&str] = &[
        "PIIX4",
        "PIIX3",
        "ICH6",
        "IntelAhci",
        "LsiLogic",
        "BusLogic",
        "LsiLogicSas",
        "I82078",
        "USB",
        "NVMe",
        "VirtioSCSI",
    ];
    KINDS
        .iter()
        .copied()
        .find(|k| k.eq_ignore_ascii_case(kind))
        .unwrap_or("IntelAhci")
}

/// The storage section of `showvminfo`.
pub(crate) fn section(o: &mut Out, known: &[ControllerRecord], disks: &[DiskView], f: Flavor) {
    let ctls = controllers(known, disks);
    if o.mr() {
        for (i, c) in ctls.iter().enumerate() {
            o.string(&format!("storagecontrollername{i}"), "", &c.name);
            o.string(&format!("storagecontrollertype{i}"), "", c.kind);
            o.line(&format!("storagecontrollerinstance{i}=\"{}\"", c.instance));
            o.line(&format!(
                "storagecontrollermaxportcount{i}=\"{}\"",
                c.max_ports
            ));
            o.line(&format!("storagecontrollerportcount{i}=\"{}\"", c.ports));
            o.line(&format!("storagecontrollerbootable{i}=\"on\""));
        }
        for c in &ctls {
            attachments_mr(o, c, disks, f);
        }
    } else if f.v7() {
        human_v7(o, &ctls, disks);
    } else {
        human_v6(o, &ctls, disks);
    }
}

fn slots(c: &Controller) -> impl Iterator<Item = (u32, u32)> + '_ {
    (0..c.ports).flat_map(move |p| (0..c.devices_per_port).map(move |d| (p, d)))
}

fn disk_at<'a>(disks: &'a [DiskView], c: &Controller, port: u32, dev: u32) -> Option<&'a DiskView> {
    disks
        .iter()
        .find(|d| d.controller == c.name && d.port == port && d.device == dev)
}

fn attachments_mr(o: &mut Out, c: &Controller, disks: &[DiskView], f: Flavor) {
    for (p, d) in slots(c) {
        let key = |tag: &str| {
            if tag.is_empty() {
                format!("{}-{p}-{d}", c.name)
            } else {
                format!("{}-{tag}-{p}-{d}", c.name)
            }
        };
        let Some(disk) = disk_at(disks, c, p, d) else {
            o.quoted_key(&key(""), "none");
            continue;
        };
        o.quoted_key(&key(""), &disk.location);
        if disk.dvd && disk.medium_id.is_empty() {
            o.quoted_key(&key("IsEjected"), "off");
            continue;
        }
        o.quoted_key(&key("ImageUUID"), &disk.medium_id);
        if disk.dvd {
            o.quoted_key(&key("tempeject"), "off");
            o.quoted_key(&key("IsEjected"), "off");
        }
        if f.v7() {
            // 7.0 added the per-attachment flags; hot-plug only for controllers named SATA
            // or USB (a name check in VBoxManageInfo.cpp, not a bus check).
            let hot = c.name.eq_ignore_ascii_case("SATA") || c.name.eq_ignore_ascii_case("USB");
            if hot {
                o.quoted_key(&key("hot-pluggable"), "off");
            }
            o.quoted_key(&key("nonrotational"), "off");
            o.quoted_key(&key("discard"), "off");
        }
    }
}

fn human_v7(o: &mut Out, ctls: &[Controller], disks: &[DiskView]) {
    if ctls.is_empty() {
        o.line(&labelled("Storage Controllers:", "<none>"));
        return;
    }
    o.line("Storage Controllers:");
    for (i, c) in ctls.iter().enumerate() {
        o.line(&format!(
            "#{i}: '{}', Type: {}, Instance: {}, Ports: {} (max {}), Bootable",
            c.name, c.kind, c.instance, c.ports, c.max_ports
        ));
        for (p, d) in slots(c) {
            match disk_at(disks, c, p, d) {
                Some(disk) if disk.medium_id.is_empty() => {
                    o.line(&format!("  Port {p}, Unit {d}: Empty"));
                }
                Some(disk) => o.line(&format!(
                    "  Port {p}, Unit {d}: UUID: {}\n    Location: \"{}\"",
                    disk.medium_id, disk.location
                )),
                None => {}
            }
        }
    }
}

/// The pre-7.0 layout (`list -l runningvms` of 6.1): six labelled lines per controller, then
/// one `<name> (<port>, <device>): <path> (UUID: <uuid>)` line per attachment.
fn human_v6(o: &mut Out, ctls: &[Controller], disks: &[DiskView]) {
    for (i, c) in ctls.iter().enumerate() {
        let rows = [
            ("Name", c.name.clone()),
            ("Type", c.kind.to_string()),
            ("Instance Number", c.instance.to_string()),
            ("Max Port Count", c.max_ports.to_string()),
            ("Port Count", c.ports.to_string()),
            ("Bootable", "on".to_string()),
        ];
        for (what, value) in rows {
            o.line(&format!(
                "{:<39} {value}",
                format!("Storage Controller {what} ({i}):")
            ));
        }
    }
    for c in ctls {
        for (p, d) in slots(c) {
            if let Some(disk) = disk_at(disks, c, p, d) {
                o.line(&format!(
                    "{} ({p}, {d}): {} (UUID: {})",
                    c.name, disk.location, disk.medium_id
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk(ctl: &str, port: u32) -> DiskView {
        DiskView {
            controller: ctl.into(),
            port,
            device: 0,
            location: format!("/d/{ctl}{port}.vdi"),
            medium_id: "m".into(),
            dvd: false,
        }
    }

    #[test]
    fn controllers_come_from_the_attachments() {
        let c = controllers(&[], &[disk("SATA", 0), disk("SATA", 4), disk("IDE", 1)]);
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].kind, c[0].ports, c[0].max_ports),
            ("IntelAhci", 5, 30)
        );
        assert_eq!(
            (c[1].kind, c[1].ports, c[1].devices_per_port),
            ("PIIX4", 2, 2)
        );
        assert_eq!(controllers(&[], &[disk("SATA", 0)])[0].ports, 2);
    }

    #[test]
    fn six_one_human_lines_align() {
        let mut o = Out::new(super::super::out::Form::Human, false);
        human_v6(&mut o, &controllers(&[], &[disk("IDE Controller", 0)]), &[]);
        let text = o.finish();
        assert!(text.starts_with("Storage Controller Name (0):            IDE Controller\n"));
        assert!(text.contains("Storage Controller Instance Number (0): 0\n"));
        assert!(text.contains("Storage Controller Max Port Count (0):  2\n"));
    }
}
