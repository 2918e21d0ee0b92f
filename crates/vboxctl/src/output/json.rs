//! The JSON output contract (schema version 1, documented in `docs/output-schema.md`).
//!
//! These structs are separate from the domain types on purpose: renaming a field in
//! `vbox-types` must not silently change what scripts parse. Enums are written as their
//! VirtualBox API names, times as RFC 3339 UTC strings.

use serde::Serialize;
use std::time::{Duration, SystemTime};
use vbox_ops::addresses::{AddressFamily, AddressScope, GuestAddress};
use vbox_types::{
    GuestProperty, GuestPropertyChange, Machine, MachineState, Medium, NetworkAdapter, Snapshot,
};

/// An RFC 3339 UTC time with milliseconds from ms since the epoch; `None` for 0 or less
/// (VirtualBox's "never").
pub fn time_ms(ms: i64) -> Option<String> {
    let ms = u64::try_from(ms).ok().filter(|&ms| ms > 0)?;
    let time = SystemTime::UNIX_EPOCH + Duration::from_millis(ms);
    Some(humantime::format_rfc3339_millis(time).to_string())
}

/// An RFC 3339 UTC time with nanoseconds from ns since the epoch (guest property stamps).
pub fn time_ns(ns: i64) -> Option<String> {
    let ns = u64::try_from(ns).ok().filter(|&ns| ns > 0)?;
    let time = SystemTime::UNIX_EPOCH + Duration::from_nanos(ns);
    Some(humantime::format_rfc3339_nanos(time).to_string())
}

/// `list`: one machine.
#[derive(Debug, Serialize)]
pub struct MachineRow {
    pub name: String,
    pub id: String,
    /// API name (`PoweredOff`, `Running`).
    pub state: &'static str,
    pub os_type: String,
    pub memory_mb: u32,
    pub cpus: u32,
    pub groups: Vec<String>,
    pub session_state: &'static str,
    pub accessible: bool,
}

impl MachineRow {
    /// The row of a machine.
    pub fn new(m: &Machine) -> MachineRow {
        MachineRow {
            name: m.name.clone(),
            id: m.id.clone(),
            state: m.state.api_name(),
            os_type: m.os_type_id.clone(),
            memory_mb: m.memory_mb,
            cpus: m.cpus,
            groups: m.groups.clone(),
            session_state: m.session_state.api_name(),
            accessible: m.accessible,
        }
    }
}

/// `show`, `create`, `clone`: one machine in detail.
#[derive(Debug, Serialize)]
pub struct MachineDetail {
    #[serde(flatten)]
    pub machine: MachineRow,
    pub description: String,
    pub last_state_change: Option<String>,
    pub session_name: Option<String>,
    pub chipset: &'static str,
    pub firmware: &'static str,
    pub settings_file: String,
    pub current_snapshot: Option<String>,
    /// Enabled adapters only.
    pub adapters: Vec<AdapterJson>,
    pub private_ips: Vec<String>,
    pub public_ips: Vec<String>,
    pub snapshots: Vec<SnapshotJson>,
    /// The disks of its current state.
    pub disks: Vec<DiskJson>,
    /// NAT port forwards of its enabled NAT adapters (left out when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forwards: Vec<super::config_json::ForwardJson>,
    /// Storage controllers and attachments (left out when the backend cannot read them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<super::storage_json::StorageJson>,
    /// Shared folders (left out when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shared_folders: Vec<super::storage_json::SharedFolderJson>,
}

/// A disk of a machine: its image and size.
#[derive(Debug, Serialize)]
pub struct DiskJson {
    pub id: String,
    pub location: String,
    /// The size the guest sees, in MB (MiB, as VirtualBox counts).
    pub size_mb: u64,
}

impl DiskJson {
    /// The JSON form of a disk.
    pub fn new(m: &Medium) -> DiskJson {
        DiskJson {
            id: m.id.clone(),
            location: m.location.clone(),
            size_mb: m.logical_size / (1024 * 1024),
        }
    }
}

impl MachineDetail {
    /// A machine with the addresses, snapshots and disks read alongside it.
    pub fn new(
        m: &Machine,
        addresses: &[GuestAddress],
        snapshots: &[Snapshot],
        disks: &[Medium],
    ) -> MachineDetail {
        let ips = |scope: AddressScope| {
            addresses
                .iter()
                .filter(|a| a.scope == scope)
                .map(|a| a.address.to_string())
                .collect()
        };
        MachineDetail {
            machine: MachineRow::new(m),
            description: m.description.clone(),
            last_state_change: time_ms(m.last_state_change_ms),
            session_name: m.session_name.clone(),
            chipset: m.chipset.api_name(),
            firmware: m.firmware.api_name(),
            settings_file: m.settings_file.clone(),
            current_snapshot: m.current_snapshot.as_ref().map(|s| s.name.clone()),
            adapters: m.enabled_adapters().map(AdapterJson::new).collect(),
            private_ips: ips(AddressScope::Private),
            public_ips: ips(AddressScope::Public),
            snapshots: snapshots.iter().map(SnapshotJson::new).collect(),
            disks: disks.iter().map(DiskJson::new).collect(),
            forwards: Vec::new(),
            storage: None,
            shared_folders: Vec::new(),
        }
    }
}

/// `adapters`: one adapter slot.
#[derive(Debug, Serialize)]
pub struct AdapterJson {
    pub slot: u32,
    pub enabled: bool,
    pub adapter_type: &'static str,
    pub mac_address: String,
    pub attachment: &'static str,
    /// The interface or network the attachment names (empty for NAT).
    pub network: String,
    pub bridged_interface: String,
    pub host_only_interface: String,
    pub host_only_network: String,
    pub internal_network: String,
    pub nat_network: String,
    pub generic_driver: String,
    pub cable_connected: bool,
    pub line_speed_kbps: u32,
}

impl AdapterJson {
    /// The JSON form of an adapter.
    pub fn new(a: &NetworkAdapter) -> AdapterJson {
        AdapterJson {
            slot: a.slot,
            enabled: a.enabled,
            adapter_type: a.adapter_type.api_name(),
            mac_address: a.mac_address.clone(),
            attachment: a.attachment.api_name(),
            network: a.network_name().to_string(),
            bridged_interface: a.bridged_interface.clone(),
            host_only_interface: a.host_only_interface.clone(),
            host_only_network: a.host_only_network.clone(),
            internal_network: a.internal_network.clone(),
            nat_network: a.nat_network.clone(),
            generic_driver: a.generic_driver.clone(),
            cable_connected: a.cable_connected,
            line_speed_kbps: a.line_speed_kbps,
        }
    }
}

/// `snapshot list`, `snapshot take`: one snapshot.
#[derive(Debug, Serialize)]
pub struct SnapshotJson {
    pub id: String,
    pub name: String,
    pub description: String,
    pub parent_id: Option<String>,
    pub depth: u32,
    pub taken: Option<String>,
    pub online: bool,
    pub current: bool,
}

impl SnapshotJson {
    /// The JSON form of a snapshot.
    pub fn new(s: &Snapshot) -> SnapshotJson {
        SnapshotJson {
            id: s.id.clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            parent_id: s.parent_id.clone(),
            depth: s.depth,
            taken: time_ms(s.taken_ms),
            online: s.online,
            current: s.current,
        }
    }
}

/// `ip`, `start --wait-ip`: one address.
#[derive(Debug, Serialize)]
pub struct AddressJson {
    pub address: String,
    /// `ipv4` or `ipv6`.
    pub family: &'static str,
    pub adapter_slot: Option<u32>,
    pub mac: Option<String>,
    pub interface_index: u32,
    /// `private` or `public`.
    pub scope: &'static str,
}

impl AddressJson {
    /// The JSON form of an address.
    pub fn new(a: &GuestAddress) -> AddressJson {
        AddressJson {
            address: a.address.to_string(),
            family: match a.family {
                AddressFamily::Ipv4 => "ipv4",
                AddressFamily::Ipv6 => "ipv6",
            },
            adapter_slot: a.adapter_slot,
            mac: a.mac.clone(),
            interface_index: a.interface_index,
            scope: match a.scope {
                AddressScope::Private => "private",
                AddressScope::Public => "public",
            },
        }
    }
}

/// `start`.
#[derive(Debug, Serialize)]
pub struct StartJson {
    #[serde(flatten)]
    pub machine: MachineRow,
    pub start_type: &'static str,
    /// Present only with `--wait-ip`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<AddressJson>>,
}

/// `stop`.
#[derive(Debug, Serialize)]
pub struct StopJson {
    #[serde(flatten)]
    pub machine: MachineRow,
    /// `acpi`, `shutdown`, `poweroff` or `savestate`.
    pub mode: &'static str,
    pub was_running: bool,
    pub escalated: bool,
}

/// `destroy`.
#[derive(Debug, Serialize)]
pub struct DestroyJson {
    pub name: String,
    pub powered_off: bool,
    pub deleted_media: Vec<MediumJson>,
    pub kept_media: Vec<MediumJson>,
}

/// A disk image.
#[derive(Debug, Serialize)]
pub struct MediumJson {
    pub id: String,
    pub location: String,
}

impl MediumJson {
    /// The JSON form of a medium.
    pub fn new(m: &Medium) -> MediumJson {
        MediumJson {
            id: m.id.clone(),
            location: m.location.clone(),
        }
    }
}

/// `exists`.
#[derive(Debug, Serialize)]
pub struct ExistsJson {
    pub name: String,
    pub exists: bool,
}

/// `states`: one state of an API generation.
#[derive(Debug, Serialize)]
pub struct StateJson {
    pub value: u32,
    pub name: &'static str,
    pub short_name: &'static str,
    pub description: &'static str,
}

impl StateJson {
    /// A state with its number in the generation being listed.
    pub fn new(value: u32, s: MachineState) -> StateJson {
        StateJson {
            value,
            name: s.api_name(),
            short_name: s.short_name(),
            description: s.description(),
        }
    }
}

/// `guestproperty get`, `enumerate`: one property.
#[derive(Debug, Serialize)]
pub struct GuestPropertyJson {
    pub name: String,
    pub value: String,
    pub timestamp: Option<String>,
    pub timestamp_ns: i64,
    pub flags: String,
}

impl GuestPropertyJson {
    /// The JSON form of a property.
    pub fn new(p: &GuestProperty) -> GuestPropertyJson {
        GuestPropertyJson {
            name: p.name.clone(),
            value: p.value.clone(),
            timestamp: time_ns(p.timestamp_ns),
            timestamp_ns: p.timestamp_ns,
            flags: p.flags.clone(),
        }
    }
}

/// `guestproperty wait`: the change seen.
#[derive(Debug, Serialize)]
pub struct PropertyChangeJson {
    pub name: String,
    pub value: String,
    pub flags: String,
    pub deleted: bool,
}

impl PropertyChangeJson {
    /// The JSON form of a change.
    pub fn new(c: &GuestPropertyChange) -> PropertyChangeJson {
        PropertyChangeJson {
            name: c.name.clone(),
            value: c.value.clone(),
            flags: c.flags.clone(),
            deleted: c.deleted,
        }
    }
}

/// `guestproperty set`/`unset`, `extradata get`/`set`: a key of a machine and its value
/// afterwards (`null` when unset).
#[derive(Debug, Serialize)]
pub struct KeyValueJson {
    pub machine: String,
    pub key: String,
    pub value: Option<String>,
}

/// `snapshot restore`/`delete`.
#[derive(Debug, Serialize)]
pub struct SnapshotActionJson {
    pub machine: String,
    pub snapshot: String,
    /// `restored` or `deleted`.
    pub action: &'static str,
}

/// `version`.
#[derive(Debug, Serialize)]
pub struct VersionJson {
    pub vboxctl: &'static str,
    pub backend: String,
    pub virtualbox: String,
    pub revision: u32,
    pub api: &'static str,
}

/// `doctor`: one check.
#[derive(Debug, Serialize)]
pub struct CheckJson {
    /// What was checked (`backend`, `virtualbox`, `webservice`, `guest-additions:<machine>`).
    pub check: String,
    /// `ok`, `warning` or `failed`.
    pub status: &'static str,
    /// What was found, or what to do.
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(time_ms(0), None);
        assert_eq!(time_ms(-5), None);
        assert_eq!(
            time_ms(1_700_000_000_123).as_deref(),
            Some("2023-11-14T22:13:20.123Z")
        );
        assert_eq!(
            time_ns(1_700_000_000_123_456_789).as_deref(),
            Some("2023-11-14T22:13:20.123456789Z")
        );
    }
}
