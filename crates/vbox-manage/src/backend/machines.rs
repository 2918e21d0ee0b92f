//! Listing, reading, creating, changing and cloning machines.

use super::ManageBackend;
use crate::args;
use crate::parse::showvminfo::MachineInfoMap;
use crate::parse::{list, long, ostypes, output, showvminfo};
use futures::{StreamExt, TryStreamExt};
use vbox_types::{
    CloneMachine, CreateMachine, Error, ErrorKind, Machine, MachineFields, MachineState,
    MachineSummary, ModifyMachine, Result, SessionState,
};

impl ManageBackend {
    /// Names, UUIDs and states from one `list --long vms`.
    pub(super) async fn list_summaries(&self) -> Result<Vec<MachineSummary>> {
        let reply = self.long_listing().await?;
        Ok(long::parse_list_long(&reply.stdout))
    }

    /// A listing from one `list --long vms` — one process for every machine, where a
    /// `showvminfo` each would cost a process per machine (on the real 7.2.22 host 200
    /// serial `showvminfo` took 2.2× one `list --long vms`). Its OS type is a description;
    /// the id comes from `list ostypes`, asked once per backend and alongside the listing.
    pub(super) async fn list_with(&self, fields: MachineFields) -> Result<Vec<Machine>> {
        let listing = self.long_listing();
        let (reply, types) = if fields.os_type {
            let (reply, types) = futures::join!(listing, self.os_types());
            (reply?, types)
        } else {
            (listing.await?, &[][..])
        };
        let machines = long::parse_list_long_machines(&reply.stdout)
            .into_iter()
            .map(|m| {
                if !m.accessible {
                    return Machine::inaccessible(m.id, m.name);
                }
                let os_type_id = ostypes::id_of(types, &m.os_description)
                    .map_or(m.os_description.clone(), str::to_string);
                Machine {
                    accessible: true,
                    state: m.state.unwrap_or(MachineState::Null),
                    os_type_id,
                    memory_mb: m.memory_mb,
                    cpus: m.cpus,
                    groups: m.groups,
                    // `Session name:` is printed while a session holds the machine.
                    session_state: if m.session_name.is_some() {
                        SessionState::Locked
                    } else {
                        SessionState::Unlocked
                    },
                    session_name: m.session_name,
                    ..Machine::inaccessible(m.id, m.name)
                }
            })
            .collect();
        Ok(machines)
    }

    /// `list vms`, then every machine's details, `concurrency` processes at a time.
    pub(super) async fn list_full(&self) -> Result<Vec<Machine>> {
        let maps = self.machine_maps().await?;
        let mut machines = maps
            .iter()
            .map(|(summary, map)| to_machine(&summary.name, map))
            .collect::<Result<Vec<Machine>>>()?;
        for machine in &mut machines {
            self.os_type_id(machine).await;
        }
        Ok(machines)
    }

    /// Replace the OS description `showvminfo` printed with the OS type id, from one
    /// `list ostypes` per backend. Left as printed when the listing fails or lacks it (a type
    /// this VirtualBox does not know is printed as its id already).
    async fn os_type_id(&self, machine: &mut Machine) {
        if !machine.accessible {
            return;
        }
        let types = self.os_types().await;
        if let Some(id) = ostypes::id_of(types, &machine.os_type_id) {
            machine.os_type_id = id.to_string();
        }
    }

    /// The ids of `list ostypes` (the same one listing the descriptions are mapped with).
    /// Unsupported when it could not be read, so that callers leave the check to VirtualBox.
    pub(super) async fn os_type_ids(&self) -> Result<Vec<String>> {
        let types = self.os_types().await;
        if types.is_empty() {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "VBoxManage did not list its OS types",
            ));
        }
        Ok(types.iter().map(|(id, _)| id.clone()).collect())
    }

    /// `(id, description)` of the host's OS types, from one `list ostypes` per backend;
    /// empty when that fails (OS types then stay descriptions).
    async fn os_types(&self) -> &[(String, String)] {
        self.os_types
            .get_or_init(|| async {
                match self.quick(args::list_ostypes()).await {
                    Ok(reply) => ostypes::parse_list_ostypes(&reply.stdout),
                    Err(e) => {
                        tracing::debug!(error = %e, "list ostypes failed; OS types stay descriptions");
                        Vec::new()
                    }
                }
            })
            .await
    }

    /// Every registered machine with its `showvminfo --machinereadable` map, in `list vms`
    /// order. A machine unregistered between the two steps is left out.
    pub(super) async fn machine_maps(&self) -> Result<Vec<(MachineSummary, MachineInfoMap)>> {
        let listed = list::parse_list_vms(&self.quick(args::list_vms()).await?.stdout);
        let fetched: Vec<Option<(MachineSummary, MachineInfoMap)>> = futures::stream::iter(listed)
            .map(|summary| async move {
                match self.quick(args::showvminfo(&summary.id)).await {
                    Ok(reply) => {
                        let map = showvminfo::parse_machinereadable(&reply.stdout);
                        Ok(Some((summary, map)))
                    }
                    Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .buffered(self.options.concurrency)
            .try_collect()
            .await?;
        Ok(fetched.into_iter().flatten().collect())
    }

    /// One machine by name or UUID.
    pub(super) async fn machine(&self, name_or_id: &str) -> Result<Machine> {
        let (_, mut machine) = self.machine_with_map(name_or_id).await?;
        self.os_type_id(&mut machine).await;
        Ok(machine)
    }

    /// One machine and its raw map (for its attachments), its OS type as `showvminfo`
    /// printed it.
    pub(super) async fn machine_with_map(
        &self,
        name_or_id: &str,
    ) -> Result<(MachineInfoMap, Machine)> {
        let vm = self.target(name_or_id).await?;
        let reply = self.quick(args::showvminfo(&vm)).await?;
        let map = showvminfo::parse_machinereadable(&reply.stdout);
        let machine = to_machine(name_or_id, &map)?;
        Ok((map, machine))
    }

    /// `createvm`, then settings and an optional disk; the machine is deleted again when a
    /// later step fails, so a failed create leaves no machine behind.
    pub(super) async fn create(&self, spec: &CreateMachine) -> Result<Machine> {
        if spec.name.trim().is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "a machine name is required",
            ));
        }
        let reply = self.once(args::createvm(spec)).await?;
        let id = output::created_uuid(&reply.stdout).ok_or_else(|| {
            Error::new(
                ErrorKind::Backend,
                format!("createvm of '{}' printed no UUID", spec.name),
            )
        })?;
        let settings = output::settings_file(&reply.stdout);
        match self.furnish(&id, settings.as_deref(), spec).await {
            Ok(()) => self.machine(&id).await,
            Err(e) => {
                if let Err(cleanup) = self
                    .once(args::unregistervm(&id, args::Delete::Disks))
                    .await
                {
                    tracing::warn!(machine = %id, error = %cleanup, "could not remove a half-created machine");
                }
                Err(e)
            }
        }
    }

    /// The steps after `createvm`: settings, then the disk.
    async fn furnish(&self, id: &str, settings: Option<&str>, spec: &CreateMachine) -> Result<()> {
        if let Some(argv) = args::modifyvm_created(id, spec) {
            self.quick(argv).await?;
        }
        let Some(size_mb) = spec.disk_mb else {
            return Ok(());
        };
        let folder = settings
            .and_then(|s| std::path::Path::new(s).parent())
            .ok_or_else(|| Error::new(ErrorKind::Backend, "createvm printed no settings file"))?;
        let disk = folder.join(format!("{}.vdi", spec.name));
        let disk = disk.to_string_lossy();
        self.quick(args::storagectl_sata(id)).await?;
        let created = self.once(args::createmedium(&disk, size_mb)).await?;
        let attached = self
            .quick(args::storageattach(id, args::SATA, 0, 0, &disk))
            .await;
        if let (Err(_), Some(medium)) = (&attached, output::medium_uuid(&created.stdout)) {
            // Not attached, so deleting the machine would not take the disk with it.
            if let Err(e) = self.once(args::closemedium_delete(&medium)).await {
                tracing::warn!(medium = %medium, error = %e, "could not delete the disk of a failed create");
            }
        }
        attached.map(drop)
    }

    /// `modifyvm` with every change in one call.
    pub(super) async fn modify(&self, name_or_id: &str, change: &ModifyMachine) -> Result<()> {
        let vm = self.target(name_or_id).await?;
        if let Some(argv) = args::modifyvm(&vm, change) {
            self.quick(argv).await?;
        }
        if !change.touches_storage_or_shares() {
            return Ok(());
        }
        // The controllers decide which attachments need a new one first.
        let map = if change.storage_attached.is_empty() {
            None
        } else {
            let reply = self.quick(args::showvminfo(&vm)).await?;
            Some(showvminfo::parse_machinereadable(&reply.stdout))
        };
        self.apply_storage_and_shares(&vm, map.as_ref(), change)
            .await
    }

    /// `clonevm` with a UUID chosen here, so the new machine is found by it even when its
    /// name is not unique.
    pub(super) async fn clone_from(&self, spec: &CloneMachine) -> Result<Machine> {
        if spec.name.trim().is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "a name for the clone is required",
            ));
        }
        let source = self.target(&spec.source).await?;
        let id = uuid::Uuid::new_v4().to_string();
        self.once(args::clonevm(&source, spec, &id)).await?;
        self.machine(&id).await
    }
}

/// A machine from its map; `label` names it in the error.
fn to_machine(label: &str, map: &MachineInfoMap) -> Result<Machine> {
    showvminfo::to_machine(map).map_err(|e| {
        Error::new(
            ErrorKind::Backend,
            format!(
                "cannot read showvminfo of '{label}': {} ({})",
                e.message, e.key
            ),
        )
    })
}
