//! Disks: the registry listing with each disk's users, and unregistering a machine without
//! losing a disk someone else needs.
//!
//! One `list --long hdds` names every disk's users, snapshots included: one process for the
//! whole registry where reading each machine's attachments took one `showvminfo` per machine
//! (and a machine in the middle of a power-off can keep such a read waiting for a minute on
//! the real 7.2 host).

use super::ManageBackend;
use crate::args::{self, Delete};
use crate::parse::hdds;
use crate::parse::showvminfo::MachineInfoMap;
use vbox_types::{
    ApiVersion, CleanupMode, ErrorKind, Medium, Result, Unregister, UnregisterReport,
};

/// One attached image of the current state.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Attachment {
    controller: String,
    port: u32,
    device: u32,
    medium_id: String,
}

impl ManageBackend {
    /// `list hdds`: the disks without their users.
    async fn hdds(&self) -> Result<Vec<Medium>> {
        let reply = self.quick(args::list_hdds()).await?;
        Ok(hdds::parse_list_hdds(&reply.stdout))
    }

    /// Every disk with the machines that use it (`list --long hdds`).
    pub(super) async fn media(&self) -> Result<Vec<Medium>> {
        let reply = self.quick(args::list_hdds_long()).await?;
        Ok(hdds::parse_list_hdds(&reply.stdout))
    }

    /// Detach the kept disks of the current state, unregister (deleting what `how` says),
    /// and report which of the machine's disks are gone and which stayed, from `list hdds`
    /// before and after.
    pub(super) async fn unregister(
        &self,
        name_or_id: &str,
        how: &Unregister,
    ) -> Result<UnregisterReport> {
        let (map, machine) = self.machine_with_map(name_or_id).await?;
        let id = machine.id;
        let before = self.media().await?;
        let delete = if !how.delete_files {
            Delete::Nothing
        } else if how.cleanup == CleanupMode::DetachAllReturnHardDisksAndVMRemovable
            && self.info().await?.api >= ApiVersion::V7_0
        {
            Delete::DisksAndRemovable
        } else {
            Delete::Disks
        };
        if delete != Delete::Nothing {
            for a in attachments(&map).filter(|a| how.keep_media.contains(&a.medium_id)) {
                let argv = args::storageattach(&id, &a.controller, a.port, a.device, "none");
                self.quick(argv).await?;
            }
        }
        if let Err(e) = self.once(args::unregistervm(&id, delete)).await {
            // VirtualBox unregisters first and deletes after: a disk that is still the
            // parent of another machine's disk fails the call but the machine is gone.
            match self.quick(args::showvminfo(&id)).await {
                Err(gone) if gone.kind() == ErrorKind::NotFound => {
                    tracing::warn!(machine = %id, error = %e, "unregistered; some disks were kept");
                }
                _ => return Err(e),
            }
        }
        let after = if delete == Delete::Nothing {
            before.clone()
        } else {
            self.hdds().await?
        };
        let mut report = UnregisterReport::default();
        for medium in before.into_iter().filter(|m| m.machine_ids.contains(&id)) {
            if after.iter().any(|m| m.id == medium.id) {
                report.kept_media.push(medium);
            } else {
                report.deleted_media.push(medium);
            }
        }
        Ok(report)
    }
}

/// The images attached in the current state, from `<ctl>-ImageUUID-<port>-<device>` keys.
fn attachments(map: &MachineInfoMap) -> impl Iterator<Item = Attachment> + '_ {
    map.iter().filter_map(|(key, value)| {
        let mut parts = key.rsplitn(3, '-');
        let device = parts.next()?.parse().ok()?;
        let port = parts.next()?.parse().ok()?;
        let controller = parts.next()?.strip_suffix("-ImageUUID")?;
        Some(Attachment {
            controller: controller.to_string(),
            port,
            device,
            medium_id: value.to_ascii_lowercase(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::showvminfo::parse_machinereadable;

    #[test]
    fn attachments_with_dashes_in_the_controller() {
        let map = parse_machinereadable(
            "\"SATA-0-0\"=\"/v/a.vdi\"\n\"SATA-ImageUUID-0-0\"=\"AB\"\n\"my-ctl-ImageUUID-1-0\"=\"cd\"\n\"SATA-1-0\"=\"none\"\n",
        );
        let found: Vec<Attachment> = attachments(&map).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].medium_id, "ab");
        assert_eq!((found[1].controller.as_str(), found[1].port), ("my-ctl", 1));
    }
}
