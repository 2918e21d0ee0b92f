//! What an OVF descriptor says: its files, disks and virtual systems.
//!
//! Read as VirtualBox 7.2 reads it where it matters here: the `vbox:Machine` section, when
//! present, has the machine's own OS type and MAC addresses; otherwise the generic sections
//! do (the fixture `export-ova.ovf` has both).

use crate::xml::{self, Node};
use vbox_types::{Error, ErrorKind, Result};

/// A file the descriptor references (`References/File`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OvfFile {
    /// `ovf:id`.
    pub id: String,
    /// `ovf:href`: the file's name inside the OVA or beside the OVF.
    pub href: String,
}

/// A virtual disk (`DiskSection/Disk`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OvfDisk {
    /// `ovf:diskId`.
    pub id: String,
    /// The `ovf:id` of its file.
    pub file_ref: Option<String>,
    /// Virtual size in bytes.
    pub capacity_bytes: Option<u64>,
}

/// A network adapter of a virtual system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OvfNic {
    /// `rasd:Connection` (`NAT`, `Bridged`, …).
    pub connection: String,
    /// `rasd:ResourceSubType` (`E1000`).
    pub subtype: Option<String>,
    /// MAC address (12 hex digits) from the `vbox:Machine` section, in slot order.
    pub mac: Option<String>,
}

/// One virtual system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OvfSystem {
    /// `ovf:id` (VirtualBox's suggested machine name).
    pub name: String,
    /// OS type: `vbox:OSType`, else the OS section's description.
    pub os_type: Option<String>,
    /// Virtual CPUs.
    pub cpus: Option<u32>,
    /// RAM in MB.
    pub memory_mb: Option<u32>,
    /// Product section.
    pub product: Option<String>,
    /// Vendor.
    pub vendor: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Disk ids in the order of the hardware items.
    pub disks: Vec<String>,
    /// Network adapters in the order of the hardware items.
    pub nics: Vec<OvfNic>,
    /// The sound card's `rasd:ResourceSubType`, when it has one.
    pub sound: Option<String>,
    /// Whether it carries VirtualBox's own `vbox:Machine` section.
    pub vbox_machine: bool,
}

/// A parsed descriptor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ovf {
    /// `ovf:version` (`1.0`, `2.0`).
    pub version: String,
    /// Referenced files.
    pub files: Vec<OvfFile>,
    /// Disks.
    pub disks: Vec<OvfDisk>,
    /// Virtual systems.
    pub systems: Vec<OvfSystem>,
}

impl Ovf {
    /// The disk with this id.
    pub fn disk(&self, id: &str) -> Option<&OvfDisk> {
        self.disks.iter().find(|d| d.id == id)
    }

    /// The file a disk is stored in.
    pub fn file_of(&self, disk: &OvfDisk) -> Option<&OvfFile> {
        let r = disk.file_ref.as_deref()?;
        self.files.iter().find(|f| f.id == r)
    }
}

/// CIM resource types (DMTF CIM_ResourceAllocationSettingData) used here.
const RT_CPU: &str = "3";
const RT_MEMORY: &str = "4";
const RT_ETHERNET: &str = "10";
const RT_DISK: &str = "17";
const RT_SOUND: &str = "35";

/// Parses a descriptor. `what` names it in errors (its path).
pub fn parse(text: &str, what: &str) -> Result<Ovf> {
    let bad = |reason: String| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("'{what}' is not a readable OVF descriptor: {reason}"),
        )
    };
    let root = xml::parse(text).map_err(bad)?;
    if root.name != "Envelope" {
        return Err(bad(format!("its root is <{}>, not <Envelope>", root.name)));
    }
    let files = root
        .child("References")
        .map(|r| {
            r.all("File")
                .map(|f| OvfFile {
                    id: f.attr("id").unwrap_or_default().to_string(),
                    href: f.attr("href").unwrap_or_default().to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let disks = root
        .child("DiskSection")
        .map(|s| s.all("Disk").map(disk).collect())
        .unwrap_or_default();
    let mut systems = Vec::new();
    if let Some(vs) = root.child("VirtualSystem") {
        systems.push(system(vs));
    }
    if let Some(coll) = root.child("VirtualSystemCollection") {
        systems.extend(coll.all("VirtualSystem").map(system));
    }
    if systems.is_empty() {
        return Err(bad("it describes no virtual system".into()));
    }
    Ok(Ovf {
        version: root.attr("version").unwrap_or("1.0").to_string(),
        files,
        disks,
        systems,
    })
}

fn disk(d: &Node) -> OvfDisk {
    let units = d.attr("capacityAllocationUnits").unwrap_or("byte");
    OvfDisk {
        id: d.attr("diskId").unwrap_or_default().to_string(),
        file_ref: d.attr("fileRef").map(str::to_string),
        capacity_bytes: d
            .attr("capacity")
            .and_then(|c| c.trim().parse::<u64>().ok())
            .and_then(|c| c.checked_mul(unit_factor(units)?)),
    }
}

/// The factor of `byte * 2^N` (and the names VMware and VirtualBox write).
fn unit_factor(units: &str) -> Option<u64> {
    let u = units.replace(' ', "");
    let factor = match u.as_str() {
        "byte" | "bytes" | "" => 1,
        "KiloBytes" | "KB" => 1 << 10,
        "MegaBytes" | "MB" => 1 << 20,
        "GigaBytes" | "GB" => 1 << 30,
        _ => {
            let exp: u32 = u.strip_prefix("byte*2^")?.parse().ok()?;
            1u64.checked_shl(exp).filter(|_| exp < 64)?
        }
    };
    Some(factor)
}

fn system(vs: &Node) -> OvfSystem {
    let mut s = OvfSystem {
        name: vs.attr("id").unwrap_or_default().to_string(),
        ..OvfSystem::default()
    };
    if let Some(p) = vs.child("ProductSection") {
        s.product = p.text_of("Product").map(str::to_string);
        s.vendor = p.text_of("Vendor").map(str::to_string);
        s.version = p.text_of("Version").map(str::to_string);
    }
    if let Some(os) = vs.child("OperatingSystemSection") {
        s.os_type = os
            .text_of("OSType")
            .or_else(|| os.text_of("Description"))
            .filter(|t| !t.is_empty())
            .map(str::to_string);
    }
    let hardware = vs.child("VirtualHardwareSection");
    // OVF 2.0 puts disks and adapters in StorageItem and EthernetPortItem (export-ovf20.ovf).
    let items = hardware.into_iter().flat_map(|h| {
        h.children
            .iter()
            .filter(|c| matches!(c.name.as_str(), "Item" | "StorageItem" | "EthernetPortItem"))
    });
    for item in items {
        let quantity = item
            .text_of("VirtualQuantity")
            .and_then(|q| q.parse::<u64>().ok());
        match item.text_of("ResourceType").unwrap_or_default() {
            RT_CPU => s.cpus = quantity.and_then(|q| u32::try_from(q).ok()),
            RT_MEMORY => {
                let units = item.text_of("AllocationUnits").unwrap_or("MegaBytes");
                s.memory_mb = quantity
                    .zip(unit_factor(units))
                    .and_then(|(q, f)| q.checked_mul(f))
                    .and_then(|bytes| u32::try_from(bytes >> 20).ok());
            }
            RT_ETHERNET => s.nics.push(OvfNic {
                connection: item.text_of("Connection").unwrap_or_default().to_string(),
                subtype: item.text_of("ResourceSubType").map(str::to_string),
                mac: None,
            }),
            RT_SOUND => {
                s.sound = Some(
                    item.text_of("ResourceSubType")
                        .unwrap_or_default()
                        .to_string(),
                )
            }
            RT_DISK => {
                let host = item.text_of("HostResource").unwrap_or_default();
                let id = host
                    .strip_prefix("ovf:/disk/")
                    .or_else(|| host.strip_prefix("/disk/"))
                    .unwrap_or(host);
                s.disks.push(id.to_string());
            }
            _ => {}
        }
    }
    if let Some(machine) = vs.child("Machine") {
        s.vbox_machine = true;
        if let Some(os) = machine.attr("OSType") {
            s.os_type = Some(os.to_string());
        }
        let adapters = machine
            .child("Hardware")
            .and_then(|h| h.child("Network"))
            .map(|n| {
                n.all("Adapter")
                    .filter(|a| a.attr("enabled") != Some("false"))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        for (nic, adapter) in s.nics.iter_mut().zip(adapters) {
            nic.mac = adapter.attr("MACAddress").map(str::to_string);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(unit_factor("byte * 2^20"), Some(1 << 20));
        assert_eq!(unit_factor("byte"), Some(1));
        assert_eq!(unit_factor("byte * 2^99"), None);
        assert_eq!(unit_factor("furlongs"), None);
    }

    #[test]
    fn not_an_envelope() {
        let e = parse("<Other/>", "x.ovf").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().contains("x.ovf"), "{e}");
    }
}
