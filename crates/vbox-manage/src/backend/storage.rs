//! Storage and shared folders: `storagectl`, `createmedium`, `storageattach` and
//! `sharedfolder`, one process per step (VBoxManage takes and releases the machine's write
//! lock for each), and their reading back from `showvminfo` with sizes from one `list hdds`
//! (and one `list dvds` when an ISO is attached) instead of a `showmediuminfo` per medium.
//!
//! Each step is retried only on a retryable kind (a lock held elsewhere, a VBoxSVC that was
//! shutting down): VirtualBox changed nothing then. `createmedium` is not retried: it runs
//! with the long deadline and a second try would find its own file.

use super::ManageBackend;
use crate::parse::{hdds, showvminfo::MachineInfoMap, storage};
use crate::{args, args_storage};
use vbox_types::{MachineConfig, MediumSource, ModifyMachine, Result, StorageAttach, StorageKind};

impl ManageBackend {
    /// The storage and shared-folder steps of `change`, in order: detach, attach (creating
    /// controllers and new disks first), remove shares, add shares. A step that fails stops
    /// the rest; a new disk whose attach failed is deleted again.
    pub(super) async fn apply_storage_and_shares(
        &self,
        vm: &str,
        map: Option<&MachineInfoMap>,
        change: &ModifyMachine,
    ) -> Result<()> {
        for slot in &change.storage_detached {
            self.quick(args_storage::storage_detach(vm, slot)).await?;
        }
        let mut names: Vec<String> = map
            .map(storage::controllers)
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.name)
            .collect();
        let mut created = Vec::new();
        for a in &change.storage_attached {
            if !names.contains(&a.slot.controller) {
                let bus = a.bus.unwrap_or_else(|| a.kind.default_bus());
                self.quick(args_storage::storagectl_add(vm, &a.slot.controller, bus))
                    .await?;
                names.push(a.slot.controller.clone());
                created.push(a.slot.controller.clone());
            }
            if let Err(e) = self.attach(vm, a).await {
                // A controller made for a refused attachment goes again (a missing ISO
                // changes nothing); attachments made before it stay, as VBoxManage has no
                // transaction across processes.
                for name in created.iter().filter(|n| **n == a.slot.controller) {
                    if let Err(r) = self.quick(args_storage::storagectl_remove(vm, name)).await {
                        tracing::warn!(controller = %name, error = %r, "could not remove the controller of a failed attach");
                    }
                }
                return Err(e);
            }
        }
        for s in &change.shared_folders_removed {
            self.quick(args_storage::sharedfolder_remove(vm, s)).await?;
        }
        for s in &change.shared_folders_added {
            self.quick(args_storage::sharedfolder_add(vm, s)).await?;
        }
        Ok(())
    }

    async fn attach(&self, vm: &str, a: &StorageAttach) -> Result<()> {
        let medium = match &a.source {
            MediumSource::Existing(path) => path.clone(),
            MediumSource::EmptyDrive => "emptydrive".to_string(),
            MediumSource::New { path, size_mb } => {
                let reply = self.once(args::createmedium(path, *size_mb)).await?;
                let id = crate::parse::output::medium_uuid(&reply.stdout);
                let argv = args_storage::storageattach_medium(vm, &a.slot, a.kind, path);
                if let Err(e) = self.quick(argv).await {
                    // Nothing of a refused change stays: the new disk goes again.
                    let target = id.as_deref().unwrap_or(path);
                    if let Err(c) = self.quick(args::closemedium_delete(target)).await {
                        tracing::warn!(medium = %target, error = %c, "could not delete the disk of a failed attach");
                    }
                    return Err(e);
                }
                return Ok(());
            }
        };
        let argv = args_storage::storageattach_medium(vm, &a.slot, a.kind, &medium);
        self.quick(argv).await.map(drop)
    }

    /// `showvminfo`'s settings with each attached medium's size.
    pub(super) async fn config_with_sizes(&self, name_or_id: &str) -> Result<MachineConfig> {
        let (map, _) = self.machine_with_map(name_or_id).await?;
        let mut config = crate::parse::config::to_config(&map);
        let with_medium = |kind: StorageKind| {
            config
                .attachments
                .iter()
                .any(|a| a.kind == kind && a.medium_id.is_some())
        };
        let mut media = Vec::new();
        if with_medium(StorageKind::Disk) {
            media.extend(hdds::parse_list_hdds(
                &self.quick(args::list_hdds()).await?.stdout,
            ));
        }
        if with_medium(StorageKind::Dvd) {
            media.extend(hdds::parse_list_hdds(
                &self.quick(args::list_dvds()).await?.stdout,
            ));
        }
        for a in &mut config.attachments {
            let id = a.medium_id.as_deref().map(str::to_ascii_lowercase);
            a.size_bytes = media
                .iter()
                .find(|m| Some(&m.id) == id.as_ref())
                .map(|m| m.logical_size);
        }
        Ok(config)
    }
}
