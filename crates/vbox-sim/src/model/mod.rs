//! The simulated VirtualBox host as data: the registry of machines and media, and the rules
//! that change it. Everything here is synchronous and a function of the registry plus "now",
//! which is what lets two processes sharing one state directory see the same machine.

pub(crate) mod appliance;
pub(crate) mod clone;
pub(crate) mod config;
pub(crate) mod control;
pub(crate) mod errors;
pub(crate) mod faults;
pub(crate) mod guest;
pub(crate) mod hostonly;
pub(crate) mod machine;
pub(crate) mod media;
pub(crate) mod progress;
pub(crate) mod session;
pub(crate) mod settings;
pub(crate) mod shares;
pub(crate) mod snapshots;
pub(crate) mod state;
pub(crate) mod storage;
pub(crate) mod storage_change;
pub(crate) mod unregister;
pub(crate) mod vbox_file;

use crate::SimOptions;
use machine::MachineRecord;
use media::MediumRecord;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use vbox_types::Result;

/// The version of the registry file format.
pub(crate) const FORMAT: u32 = 1;

/// Everything the simulated VBoxSVC knows: `VirtualBox.xml` plus the DHCP servers' leases.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Registry {
    /// File format version.
    #[serde(default)]
    pub format: u32,
    /// Bumped by every write that changes the file, and written right after `format`, so
    /// that a reader knows from the file's first bytes whether the registry it parsed last
    /// is still current. 0: unknown (a file of an older simulator).
    #[serde(default)]
    pub generation: u64,
    /// The latest sim time any instance acted at; clocks of later openers never run behind it.
    #[serde(default)]
    pub clock_ms: i64,
    /// Registered machines, in registration order (the order of `list vms`).
    #[serde(default)]
    pub machines: Vec<MachineRecord>,
    /// The media registry.
    #[serde(default)]
    pub media: Vec<MediumRecord>,
    /// DHCP leases: pool (`hostonly:vboxnet0`, `nat`, …) → MAC → address.
    #[serde(default)]
    pub leases: BTreeMap<String, BTreeMap<String, String>>,
    /// Host-only interfaces and DHCP servers (a fresh home: the default `vboxnet0` server).
    #[serde(default)]
    pub host_net: hostonly::HostNet,
    /// Global extradata (`VBoxManage setextradata global`); `VBoxSim/*` keys here tune the
    /// simulated host.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub global_extradata: BTreeMap<String, String>,
    /// `ISystemProperties.webServiceAuthLibrary` when changed from VirtualBox's `VBoxAuth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websrv_auth_library: Option<String>,
    /// Machines whose `.vbox` file must be rewritten after this transaction.
    #[serde(skip)]
    pub touched: BTreeSet<String>,
}

/// What every model operation needs besides the registry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    /// Sim time of the operation, ms since the epoch.
    pub now: i64,
    /// Version being simulated.
    pub opts: &'a SimOptions,
    /// The state directory.
    pub root: &'a Path,
}

impl Ctx<'_> {
    /// The API generation.
    pub(crate) fn api(&self) -> vbox_types::ApiVersion {
        self.opts.api
    }
}

impl Registry {
    /// Index of a machine by name or UUID, with `findMachine`'s errors. A string that parses as
    /// a UUID (with or without braces) is looked up by id only, as VirtualBox does.
    pub(crate) fn find(&self, name_or_id: &str) -> Result<usize> {
        if let Some(id) = parse_uuid(name_or_id) {
            return self
                .machines
                .iter()
                .position(|m| m.id == id)
                .ok_or_else(|| errors::machine_uuid_not_found(&id));
        }
        self.machines
            .iter()
            .position(|m| m.name == name_or_id)
            .ok_or_else(|| errors::machine_not_found(name_or_id))
    }

    /// Apply every time-driven event that became due up to `ctx.now`, on every machine.
    pub(crate) fn advance(&mut self, ctx: &Ctx<'_>) {
        self.clock_ms = self.clock_ms.max(ctx.now);
        let Registry {
            machines,
            media,
            leases,
            touched,
            ..
        } = self;
        for m in machines.iter_mut() {
            if state::advance(m, media, leases, ctx) {
                touched.insert(m.id.clone());
            }
        }
    }

    /// Whether something is due to happen by itself at `now` (an event, a beacon rewrite, a held
    /// lock running out): what [`Registry::advance`] would change.
    pub(crate) fn due(&self, now: i64) -> bool {
        self.machines
            .iter()
            .any(|m| state::next_due_ms(m).is_some_and(|t| t <= now))
    }

    /// Mark a machine's settings file for rewriting.
    pub(crate) fn touch(&mut self, idx: usize) {
        let id = self.machines[idx].id.clone();
        self.touched.insert(id);
    }
}

/// A lower-case UUID if `s` is one (braces allowed).
pub(crate) fn parse_uuid(s: &str) -> Option<String> {
    let t = s.trim_start_matches('{').trim_end_matches('}');
    if t.len() != 36 {
        return None;
    }
    uuid::Uuid::parse_str(t).ok().map(|u| u.to_string())
}

/// A fresh lower-case UUID.
pub(crate) fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Registry {
    /// The media every machine but the one at `index` uses (current state and snapshots): what
    /// deleting that machine's snapshots must not delete.
    pub(crate) fn media_of_others(&self, index: usize) -> Vec<String> {
        self.machines
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != index)
            .flat_map(|(_, m)| media::used_by(m))
            .collect()
    }

    /// Every MAC in use by any machine.
    pub(crate) fn macs(&self) -> Vec<String> {
        self.machines
            .iter()
            .flat_map(|m| m.hw.adapters.iter().map(|a| a.mac_address.clone()))
            .collect()
    }

    /// `createMachine` + `registerMachine` (+ a VDI when asked). Returns the new index.
    pub(crate) fn create_machine(
        &mut self,
        spec: &vbox_types::CreateMachine,
        ctx: &Ctx<'_>,
    ) -> Result<usize> {
        if spec.name.is_empty() {
            return Err(errors::invalid_arg("Machine name must not be empty"));
        }
        let macs = self.macs();
        let mut rec = MachineRecord::create(spec, ctx, &|m| macs.iter().any(|x| x == m))?;
        // An existing settings file refuses the machine, registered or not (a half-deleted
        // machine's .vbox blocks its name, as on a real host).
        let settings = Path::new(&rec.settings_file);
        if settings.exists()
            || self
                .machines
                .iter()
                .any(|m| m.settings_file == rec.settings_file)
        {
            return Err(errors::settings_exist(&rec.settings_file));
        }
        let folder = std::path::PathBuf::from(&rec.folder);
        std::fs::create_dir_all(&folder)
            .map_err(|e| errors::file_error("Could not create the machine folder", &folder, e))?;
        if let Some(mb) = spec.disk_mb {
            let loc = folder.join(format!("{}.vdi", machine::safe_file_name(&spec.name)));
            let id = media::create_base(&mut self.media, &loc, mb * 1024 * 1024)?;
            rec.disks.push(media::Attachment {
                controller: "SATA".to_string(),
                port: 0,
                device: 0,
                medium: id,
            });
        }
        self.machines.push(rec);
        let idx = self.machines.len() - 1;
        self.touch(idx);
        Ok(idx)
    }
}

/// A small placeholder file standing in for a disk image or a saved state.
pub(crate) fn write_placeholder(path: &Path, what: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(
        path,
        format!(
            "<<< vbox-sim placeholder: {what} >>>\n(no data; the simulator keeps only metadata)\n"
        ),
    )
}
