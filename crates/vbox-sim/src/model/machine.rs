//! Machine records: what a `.vbox` file holds, plus the runtime facts VBoxSVC keeps.

use super::guest::{PropRecord, SvcProps};
use super::media::Attachment;
use super::session::{self, HeldLock};
use super::snapshots::SnapshotRecord;
use super::state::{Pending, RunRecord};
use super::{errors, new_uuid, Ctx};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vbox_types::{
    ApiVersion, ChipsetType, CreateMachine, FirmwareType, Machine, MachineState, NetworkAdapter,
    NetworkAdapterType, NetworkAttachmentType, Result, SnapshotRef,
};

/// The memory `createMachine` gives every new machine up to 7.1. A real 7.0.14 `createvm`
/// (without `--default`) leaves 128 MB even for `Ubuntu_64`: see `disks-showvminfo-with-disk`
/// and `showvminfo-poweroff-no-ostype` in the fixtures.
pub(crate) const DEFAULT_MEMORY_MB: u32 = 128;

/// 7.2's default: 1024 MB for every new machine, with an OS type or without (the 7.2.22
/// captures `showvminfo-poweroff-other-quoted-name`, `showvminfo-poweroff-no-ostype`,
/// `disks-showvminfo-with-disk`; every OS type tried on the real 7.2.22 host gets 1024 MB,
/// whatever it recommends).
pub(crate) const DEFAULT_MEMORY_MB_7_2: u32 = 1024;

/// The memory of a new machine on the simulated version.
pub(crate) fn default_memory_mb(api: ApiVersion) -> u32 {
    if api >= ApiVersion::V7_2 {
        DEFAULT_MEMORY_MB_7_2
    } else {
        DEFAULT_MEMORY_MB
    }
}

/// The settings that a snapshot freezes along with the disks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Hardware {
    /// OS type id.
    pub os_type_id: String,
    /// RAM in MB.
    pub memory_mb: u32,
    /// Virtual CPUs.
    pub cpus: u32,
    /// Chipset.
    pub chipset: ChipsetType,
    /// Firmware.
    pub firmware: FirmwareType,
    /// Every adapter slot of the chipset.
    pub adapters: Vec<NetworkAdapter>,
    /// Video memory, boot order and NAT rules (absent from states saved before they existed).
    #[serde(default)]
    pub config: super::config::HwConfig,
}

/// One machine, registered or being built.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MachineRecord {
    /// UUID.
    pub id: String,
    /// Name, exactly as given (spaces, quotes, unicode, leading dashes).
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Groups; the first decides the folder.
    pub groups: Vec<String>,
    /// Hardware settings of the current state.
    pub hw: Hardware,
    /// Hardware UUID (equal to the id unless cloned with KeepHwUUIDs).
    pub hardware_uuid: String,
    /// Execution state.
    pub state: MachineState,
    /// `lastStateChange`, ms.
    pub last_state_change_ms: i64,
    /// Frontend of the VM process while one exists.
    #[serde(default)]
    pub session_name: Option<String>,
    /// A lock another client holds (`Sim::hold_lock`).
    #[serde(default)]
    pub held_lock: Option<HeldLock>,
    /// The operation in progress (a progress object that has not completed).
    #[serde(default)]
    pub pending: Option<Pending>,
    /// The running guest, while a VM process exists.
    #[serde(default)]
    pub run: Option<RunRecord>,
    /// The guest frozen in the saved state file (Saved, AbortedSaved).
    #[serde(default)]
    pub saved_run: Option<RunRecord>,
    /// Guest properties as clients see them: the VM process's property store while it runs,
    /// else VBoxSVC's copy (persisted like the `<GuestProperties>` of the `.vbox` file).
    #[serde(default)]
    pub guest_props: BTreeMap<String, PropRecord>,
    /// VBoxSVC's copy of the guest properties while a VM process runs (see [`SvcProps`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub svc_props: Option<SvcProps>,
    /// Extradata.
    #[serde(default)]
    pub extradata: BTreeMap<String, String>,
    /// Hard disks of the current state.
    #[serde(default)]
    pub disks: Vec<Attachment>,
    /// Snapshots, in creation order (the tree is in their parent links).
    #[serde(default)]
    pub snapshots: Vec<SnapshotRecord>,
    /// The current snapshot's id.
    #[serde(default)]
    pub current_snapshot: Option<String>,
    /// Machine folder.
    pub folder: String,
    /// `.vbox` path.
    pub settings_file: String,
    /// Saved state file while Saved.
    #[serde(default)]
    pub state_file: Option<String>,
}

impl MachineRecord {
    /// VBoxSVC's guest properties: its copy while a VM process runs, else what clients see.
    pub(crate) fn svc_view(&self) -> &BTreeMap<String, PropRecord> {
        self.svc_props
            .as_ref()
            .map_or(&self.guest_props, |s| &s.props)
    }

    /// A new machine as `createMachine` + OS defaults makes it (not yet registered, no disk).
    pub(crate) fn create(
        spec: &CreateMachine,
        ctx: &Ctx<'_>,
        mac_taken: &dyn Fn(&str) -> bool,
    ) -> Result<MachineRecord> {
        let groups = normalize_groups(&spec.groups)?;
        let (os_type_id, nic1) = os_defaults(spec.os_type_id.as_deref());
        let adapter_type = nic1.unwrap_or(NetworkAdapterType::Am79C973);
        let chipset = ChipsetType::PIIX3;
        let mut taken: Vec<String> = Vec::new();
        let adapters = (0..chipset.max_network_adapters())
            .map(|slot| {
                // Every slot gets a MAC at creation, enabled or not, as VirtualBox does: enabling
                // an adapter later keeps it.
                let mac = random_mac(&|m| mac_taken(m) || taken.iter().any(|t| t == m));
                taken.push(mac.clone());
                let mut a = NetworkAdapter::disabled(slot);
                a.adapter_type = adapter_type;
                a.mac_address = mac;
                if slot == 0 && nic1.is_some() {
                    a.enabled = true;
                    a.attachment = NetworkAttachmentType::NAT;
                }
                a
            })
            .collect();
        let id = new_uuid();
        let folder = machine_folder(ctx.root, &groups, &spec.name);
        let settings_file = folder.join(format!("{}.vbox", safe_file_name(&spec.name)));
        let memory_mb = spec.memory_mb.unwrap_or(default_memory_mb(ctx.api()));
        let cpus = spec.cpus.unwrap_or(1);
        validate_memory(memory_mb)?;
        validate_cpus(cpus)?;
        Ok(MachineRecord {
            hardware_uuid: id.clone(),
            id,
            name: spec.name.clone(),
            description: spec.description.clone().unwrap_or_default(),
            groups,
            hw: Hardware {
                os_type_id,
                memory_mb,
                cpus,
                chipset,
                firmware: FirmwareType::BIOS,
                adapters,
                config: Default::default(),
            },
            state: MachineState::PoweredOff,
            last_state_change_ms: ctx.now,
            session_name: None,
            held_lock: None,
            pending: None,
            run: None,
            saved_run: None,
            svc_props: None,
            guest_props: BTreeMap::new(),
            extradata: BTreeMap::new(),
            disks: Vec::new(),
            snapshots: Vec::new(),
            current_snapshot: None,
            folder: path_string(&folder),
            settings_file: path_string(&settings_file),
            state_file: None,
        })
    }

    /// Change the state, stamping `lastStateChange`.
    pub(crate) fn set_state(&mut self, state: MachineState, at_ms: i64) {
        if self.state != state {
            self.state = state;
            self.last_state_change_ms = at_ms;
        }
    }

    /// The machine as backends report it.
    pub(crate) fn to_machine(&self, now: i64) -> Machine {
        let (session_state, session_name) = session::session_of(self, now);
        let current_snapshot = self.current_snapshot.as_ref().and_then(|id| {
            self.snapshots
                .iter()
                .find(|s| &s.id == id)
                .map(|s| SnapshotRef {
                    id: s.id.clone(),
                    name: s.name.clone(),
                })
        });
        Machine {
            id: self.id.clone(),
            name: self.name.clone(),
            accessible: true,
            description: self.description.clone(),
            groups: self.groups.clone(),
            os_type_id: self.hw.os_type_id.clone(),
            memory_mb: self.hw.memory_mb,
            cpus: self.hw.cpus,
            state: self.state,
            last_state_change_ms: self.last_state_change_ms,
            session_state,
            session_name,
            chipset: self.hw.chipset,
            firmware: self.hw.firmware,
            adapters: self.hw.adapters.clone(),
            snapshot_count: self.snapshots.len() as u32,
            current_snapshot,
            settings_file: self.settings_file.clone(),
        }
    }

    /// An extradata value.
    pub(crate) fn extra(&self, key: &str) -> Option<&str> {
        self.extradata.get(key).map(String::as_str)
    }
}

/// OS type id and the adapter type of NIC 1 (`None`: no adapter). Without an OS type
/// `createvm` makes a machine with no network adapter at all (7.0.14 `createvm-noostype`); with
/// one, adapter 1 is NAT with the OS type's recommended card: PCnet-FAST III for `Other`,
/// PRO/1000 MT Desktop for Linux and modern Windows guests.
pub(crate) fn os_defaults(os: Option<&str>) -> (String, Option<NetworkAdapterType>) {
    let Some(os) = os.filter(|o| !o.is_empty()) else {
        return ("Other".to_string(), None);
    };
    let lower = os.to_ascii_lowercase();
    let legacy = lower.starts_with("other")
        || lower.starts_with("dos")
        || lower.starts_with("windows3")
        || lower.starts_with("windows9")
        || lower.starts_with("windowsnt")
        || lower.starts_with("windows2000")
        || lower.starts_with("windowsxp")
        || lower.starts_with("os2");
    let card = if legacy && !lower.ends_with("_64") {
        NetworkAdapterType::Am79C973
    } else {
        NetworkAdapterType::I82540EM
    };
    (os.to_string(), Some(card))
}

/// Groups as VirtualBox stores them: each starts with `/`, no trailing `/`; empty is `/`.
pub(crate) fn normalize_groups(groups: &[String]) -> Result<Vec<String>> {
    if groups.is_empty() {
        return Ok(vec!["/".to_string()]);
    }
    groups
        .iter()
        .map(|g| {
            if !g.starts_with('/') || g.contains("//") {
                return Err(errors::invalid_arg(format!("Invalid machine group '{g}'")));
            }
            let t = g.trim_end_matches('/');
            Ok(if t.is_empty() {
                "/".to_string()
            } else {
                t.to_string()
            })
        })
        .collect()
}

/// `<root>/machines/<primary group>/<name>`, as VirtualBox composes the default folder
/// (`modifyvm --groups /lab/web` puts the machine into `<machine folder>/lab/web/<name>`).
pub(crate) fn machine_folder(root: &Path, groups: &[String], name: &str) -> PathBuf {
    let mut p = root.join("machines");
    if let Some(g) = groups.first() {
        for part in g.split('/').filter(|s| !s.is_empty()) {
            p.push(safe_file_name(part));
        }
    }
    p.push(safe_file_name(name));
    p
}

/// A file name for a machine name: VirtualBox keeps the name but replaces characters that
/// file systems refuse (`tmpl "q"` lives in `tmpl _q_/tmpl _q_.vbox`, fixture `createvm-other`).
pub(crate) fn safe_file_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    match s.as_str() {
        "" | "." | ".." => "_".repeat(s.len().max(1)),
        _ => s,
    }
}

/// A path as the string the API reports.
pub(crate) fn path_string(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// A random MAC in VirtualBox's OUI 08:00:27, 12 upper-case hex digits.
pub(crate) fn random_mac(taken: &dyn Fn(&str) -> bool) -> String {
    let mut rng = rand::thread_rng();
    loop {
        let n: u32 = rng.gen_range(0..0x0100_0000);
        let mac = format!("080027{n:06X}");
        if !taken(&mac) {
            return mac;
        }
    }
}

/// `memorySize` bounds (VirtualBox: 4 MB to the maximum guest RAM).
pub(crate) fn validate_memory(mb: u32) -> Result<()> {
    const MAX: u32 = 2_097_152;
    if !(4..=MAX).contains(&mb) {
        return Err(errors::invalid_arg(format!(
            "Invalid RAM size: {mb} MB (must be in range [4, {MAX}] MB)"
        )));
    }
    Ok(())
}

/// `CPUCount` bounds.
pub(crate) fn validate_cpus(n: u32) -> Result<()> {
    if !(1..=64).contains(&n) {
        return Err(errors::invalid_arg(format!(
            "Invalid virtual CPU count: {n} (must be in range [1, 64])"
        )));
    }
    Ok(())
}

/// A MAC as VirtualBox stores it, or E_INVALIDARG.
pub(crate) fn normalize_mac(mac: &str) -> Result<String> {
    let t: String = mac.chars().filter(|c| *c != ':' && *c != '-').collect();
    let ok = t.len() == 12 && t.chars().all(|c| c.is_ascii_hexdigit());
    // The first octet must be unicast (bit 0 clear), as INetworkAdapter::setMACAddress checks.
    let unicast = ok && u8::from_str_radix(&t[0..2], 16).is_ok_and(|b| b & 1 == 0);
    if !unicast {
        return Err(errors::invalid_arg(format!(
            "Invalid MAC address format '{mac}'"
        )));
    }
    Ok(t.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_the_name_but_not_separators() {
        assert_eq!(safe_file_name("tmpl \"q\""), "tmpl _q_");
        assert_eq!(safe_file_name("web 01"), "web 01");
        assert_eq!(safe_file_name("--weird"), "--weird");
        assert_eq!(safe_file_name("a/b"), "a_b");
        assert_eq!(safe_file_name("ünïcødé"), "ünïcødé");
        assert_eq!(safe_file_name(".."), "__");
    }

    #[test]
    fn os_defaults_follow_the_captures() {
        assert_eq!(os_defaults(None), ("Other".into(), None));
        assert_eq!(
            os_defaults(Some("Other")).1,
            Some(NetworkAdapterType::Am79C973)
        );
        assert_eq!(
            os_defaults(Some("Ubuntu_64")).1,
            Some(NetworkAdapterType::I82540EM)
        );
    }

    #[test]
    fn groups_and_macs() {
        assert_eq!(normalize_groups(&[]).unwrap(), vec!["/"]);
        assert_eq!(
            normalize_groups(&["/lab/web/".into()]).unwrap(),
            vec!["/lab/web"]
        );
        assert!(normalize_groups(&["lab".into()]).is_err());
        assert_eq!(normalize_mac("08:00:27:aa:bb:cc").unwrap(), "080027AABBCC");
        assert!(normalize_mac("090027AABBCC").is_err());
        assert!(normalize_mac("xyz").is_err());
        let m = random_mac(&|_| false);
        assert!(m.starts_with("080027") && m.len() == 12);
    }
}
