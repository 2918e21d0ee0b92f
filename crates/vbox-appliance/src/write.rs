//! Writing appliances: an OVF descriptor in VirtualBox's shape and the OVA tar around it.
//! The simulator exports with these; VirtualBox's own exports (fixture `export-ova.ovf`) are
//! the model, reduced to what an import reads back.

use crate::xml::escape;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use vbox_types::{Error, ErrorKind, OvfVersion, Result};

/// A disk to describe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskEntry {
    /// The file's name in the appliance (`web-disk001.vmdk`).
    pub href: String,
    /// Virtual size in bytes.
    pub capacity_bytes: u64,
}

/// A network adapter to describe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NicEntry {
    /// `NAT`, `Bridged`, …
    pub connection: String,
    /// `E1000`, `PCNet32`, `virtio-net`.
    pub subtype: String,
    /// MAC address to keep (12 hex digits); `None` strips it.
    pub mac: Option<String>,
}

/// A virtual system to describe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemEntry {
    /// The machine's name.
    pub name: String,
    /// OS type id.
    pub os_type: String,
    /// Virtual CPUs.
    pub cpus: u32,
    /// RAM in MB.
    pub memory_mb: u32,
    /// Product, vendor, version.
    pub product: Option<String>,
    /// Vendor.
    pub vendor: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Disks, in attachment order.
    pub disks: Vec<DiskEntry>,
    /// Adapters, in slot order.
    pub nics: Vec<NicEntry>,
}

/// The descriptor of these systems.
pub fn descriptor(systems: &[SystemEntry], version: OvfVersion) -> String {
    let ns = match version {
        OvfVersion::V1_0 => ("1.0", "1"),
        OvfVersion::V2_0 => ("2.0", "2"),
    };
    let mut x = String::from("<?xml version=\"1.0\"?>\n");
    x.push_str(&format!(
        "<Envelope ovf:version=\"{v}\" xml:lang=\"en-US\" xmlns=\"http://schemas.dmtf.org/ovf/envelope/{n}\" xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/{n}\" xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\" xmlns:vssd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:vbox=\"http://www.virtualbox.org/ovf/machine\">\n",
        v = ns.0,
        n = ns.1
    ));
    let disks: Vec<&DiskEntry> = systems.iter().flat_map(|s| &s.disks).collect();
    x.push_str("  <References>\n");
    for (i, d) in disks.iter().enumerate() {
        x.push_str(&format!(
            "    <File ovf:id=\"file{}\" ovf:href=\"{}\"/>\n",
            i + 1,
            escape(&d.href)
        ));
    }
    x.push_str("  </References>\n  <DiskSection>\n    <Info>List of the virtual disks used in the package</Info>\n");
    for (i, d) in disks.iter().enumerate() {
        x.push_str(&format!(
            "    <Disk ovf:capacity=\"{}\" ovf:diskId=\"vmdisk{n}\" ovf:fileRef=\"file{n}\" ovf:format=\"http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized\"/>\n",
            d.capacity_bytes,
            n = i + 1
        ));
    }
    x.push_str("  </DiskSection>\n");
    let many = systems.len() > 1;
    if many {
        x.push_str("  <VirtualSystemCollection ovf:id=\"ExportedVirtualBoxMachines\">\n");
    }
    let mut disk_no = 0;
    for s in systems {
        system(&mut x, s, &mut disk_no);
    }
    if many {
        x.push_str("  </VirtualSystemCollection>\n");
    }
    x.push_str("</Envelope>\n");
    x
}

fn system(x: &mut String, s: &SystemEntry, disk_no: &mut usize) {
    let name = escape(&s.name);
    x.push_str(&format!(
        "  <VirtualSystem ovf:id=\"{name}\">\n    <Info>A virtual machine</Info>\n"
    ));
    if s.product.is_some() || s.vendor.is_some() || s.version.is_some() {
        x.push_str("    <ProductSection>\n      <Info>Meta-information about the installed software</Info>\n");
        for (tag, value) in [
            ("Product", &s.product),
            ("Vendor", &s.vendor),
            ("Version", &s.version),
        ] {
            if let Some(v) = value {
                x.push_str(&format!("      <{tag}>{}</{tag}>\n", escape(v)));
            }
        }
        x.push_str("    </ProductSection>\n");
    }
    let os = escape(&s.os_type);
    x.push_str(&format!(
        "    <OperatingSystemSection ovf:id=\"1\">\n      <Info>The kind of installed guest operating system</Info>\n      <Description>{os}</Description>\n      <vbox:OSType ovf:required=\"false\">{os}</vbox:OSType>\n    </OperatingSystemSection>\n"
    ));
    x.push_str("    <VirtualHardwareSection>\n      <Info>Virtual hardware requirements for a virtual machine</Info>\n");
    x.push_str(&format!(
        "      <System>\n        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>\n        <vssd:InstanceID>0</vssd:InstanceID>\n        <vssd:VirtualSystemIdentifier>{name}</vssd:VirtualSystemIdentifier>\n        <vssd:VirtualSystemType>virtualbox-2.2</vssd:VirtualSystemType>\n      </System>\n"
    ));
    let mut id = 0;
    let mut item = |x: &mut String, body: String| {
        id += 1;
        x.push_str(&format!(
            "      <Item>\n{body}        <rasd:InstanceID>{id}</rasd:InstanceID>\n      </Item>\n"
        ));
        id
    };
    item(x, format!("        <rasd:ElementName>{n} virtual CPU</rasd:ElementName>\n        <rasd:ResourceType>3</rasd:ResourceType>\n        <rasd:VirtualQuantity>{n}</rasd:VirtualQuantity>\n", n = s.cpus));
    item(x, format!("        <rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits>\n        <rasd:ElementName>{m} MB of memory</rasd:ElementName>\n        <rasd:ResourceType>4</rasd:ResourceType>\n        <rasd:VirtualQuantity>{m}</rasd:VirtualQuantity>\n", m = s.memory_mb));
    if !s.disks.is_empty() {
        let ctl = item(x, "        <rasd:Address>0</rasd:Address>\n        <rasd:ElementName>sataController0</rasd:ElementName>\n        <rasd:ResourceSubType>AHCI</rasd:ResourceSubType>\n        <rasd:ResourceType>20</rasd:ResourceType>\n".to_string());
        for (port, _) in s.disks.iter().enumerate() {
            *disk_no += 1;
            item(x, format!("        <rasd:AddressOnParent>{port}</rasd:AddressOnParent>\n        <rasd:ElementName>disk{d}</rasd:ElementName>\n        <rasd:HostResource>ovf:/disk/vmdisk{d}</rasd:HostResource>\n        <rasd:Parent>{ctl}</rasd:Parent>\n        <rasd:ResourceType>17</rasd:ResourceType>\n", d = *disk_no));
        }
    }
    for nic in &s.nics {
        let c = escape(&nic.connection);
        item(x, format!("        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>\n        <rasd:Connection>{c}</rasd:Connection>\n        <rasd:ElementName>Ethernet adapter on '{c}'</rasd:ElementName>\n        <rasd:ResourceSubType>{}</rasd:ResourceSubType>\n        <rasd:ResourceType>10</rasd:ResourceType>\n", escape(&nic.subtype)));
    }
    x.push_str("    </VirtualHardwareSection>\n");
    x.push_str(&format!(
        "    <vbox:Machine ovf:required=\"false\" name=\"{name}\" OSType=\"{os}\">\n      <ovf:Info>Complete VirtualBox machine configuration in VirtualBox format</ovf:Info>\n      <Hardware>\n        <Network>\n"
    ));
    for (slot, nic) in s.nics.iter().enumerate() {
        let mac = nic
            .mac
            .as_deref()
            .map(|m| format!(" MACAddress=\"{}\"", escape(m)))
            .unwrap_or_default();
        x.push_str(&format!(
            "          <Adapter slot=\"{slot}\" enabled=\"true\"{mac}/>\n"
        ));
    }
    x.push_str("        </Network>\n      </Hardware>\n    </vbox:Machine>\n  </VirtualSystem>\n");
}

/// Writes the OVA `path`: the descriptor first (as `ovf_name`), then each `(name, source
/// file)` — the order VirtualBox requires. Refuses an existing `path`.
///
/// # Errors
/// InvalidInput when `path` exists; I/O errors with the path.
pub fn write_ova(
    path: &Path,
    ovf_name: &str,
    descriptor: &str,
    files: &[(String, &Path)],
) -> Result<()> {
    let io = |e: std::io::Error| {
        let kind = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorKind::NotFound
        } else {
            ErrorKind::Backend
        };
        Error::new(kind, format!("'{}': {e}", path.display()))
    };
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("'{}' exists already", path.display()),
                )
            } else {
                io(e)
            }
        })?;
    let mut tar = tar::Builder::new(BufWriter::new(file));
    let mut header = tar::Header::new_ustar();
    header.set_size(descriptor.len() as u64);
    header.set_mode(0o640);
    header.set_cksum();
    tar.append_data(&mut header, ovf_name, descriptor.as_bytes())
        .map_err(io)?;
    for (name, source) in files {
        let mut f = File::open(source).map_err(io)?;
        tar.append_file(name, &mut f).map_err(io)?;
    }
    tar.into_inner().map_err(io)?.flush().map_err(io)
}

/// Writes the SHA-256 manifest `path` (`SHA256 (name) = hex`, as VirtualBox's `.mf`, fixture
/// `export-ovf20.mf`) of the files `names` in `dir`.
///
/// # Errors
/// I/O errors.
pub fn write_manifest(path: &Path, dir: &Path, names: &[String]) -> std::io::Result<()> {
    use sha2::{Digest, Sha256};
    let mut text = String::new();
    for name in names {
        let mut hasher = Sha256::new();
        let mut f = File::open(dir.join(name))?;
        std::io::copy(&mut f, &mut hasher)?;
        let hex: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        text.push_str(&format!("SHA256 ({name}) = {hex}\n"));
    }
    std::fs::write(path, text)
}
