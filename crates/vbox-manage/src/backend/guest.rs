//! Guest properties (IP discovery reads them) and snapshots.

use super::ManageBackend;
use crate::args;
use crate::exec::CallOptions;
use crate::parse::{guestproperty, output, settings, showvminfo, snapshot};
use crate::runner::RunOptions;
use std::time::Duration;
use vbox_types::{
    Error, ErrorKind, GuestProperty, GuestPropertyChange, Result, Snapshot, TakeSnapshot,
};

impl ManageBackend {
    /// `guestproperty get --verbose`.
    pub(super) async fn guest_property(
        &self,
        name_or_id: &str,
        property: &str,
    ) -> Result<Option<GuestProperty>> {
        let vm = self.target(name_or_id).await?;
        let reply = self.quick(args::guestproperty_get(&vm, property)).await?;
        Ok(guestproperty::parse_get_verbose(property, &reply.stdout))
    }

    /// `guestproperty enumerate`, in the format with ns timestamps.
    pub(super) async fn guest_properties(
        &self,
        name_or_id: &str,
        patterns: &str,
    ) -> Result<Vec<GuestProperty>> {
        let api = self.info().await?.api;
        let vm = self.target(name_or_id).await?;
        let reply = self
            .quick(args::guestproperty_enumerate(&vm, patterns, api))
            .await?;
        Ok(guestproperty::parse_enumerate(&reply.stdout))
    }

    /// `guestproperty wait`: VirtualBox's own event wait, so the change is seen when it
    /// happens. A timeout is `Ok(None)` (VBoxManage reports it as an error with exit 0).
    pub(super) async fn wait_property(
        &self,
        name_or_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>> {
        let vm = self.target(name_or_id).await?;
        let argv = args::guestproperty_wait(&vm, patterns, timeout.as_millis().max(1));
        // The process gets the wait plus a quick call's time to start and answer.
        let opts = CallOptions::once(timeout + self.options.call_timeout);
        match self.exec.call(&argv, &opts).await {
            Ok(reply) => Ok(guestproperty::parse_wait(&reply.stdout, &reply.stderr)),
            Err(e) if guestproperty::is_wait_timeout(e.message()) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The tree from `showvminfo --machinereadable` (the same `SnapshotName…` keys as
    /// `snapshot list --machinereadable`, and the settings file's path in one process), and
    /// each snapshot's time and online flag from that settings file: no VBoxManage command
    /// prints them (see [`crate::parse::settings`]). When the file cannot be read the times
    /// stay 0.
    pub(super) async fn snapshots(&self, name_or_id: &str) -> Result<Vec<Snapshot>> {
        let vm = self.target(name_or_id).await?;
        let reply = self.quick(args::showvminfo(&vm)).await?;
        let map = showvminfo::parse_machinereadable(&reply.stdout);
        let mut snapshots = snapshot::snapshots_from_map(&map);
        let settings_file = map.get("CfgFile").filter(|f| !f.is_empty());
        if let (false, Some(path)) = (snapshots.is_empty(), settings_file) {
            let opts = RunOptions::timeout(self.options.call_timeout);
            match self.exec.runner().read_file(path, &opts).await {
                Ok(Some(xml)) => {
                    let stamps = settings::snapshot_stamps(&xml);
                    for s in &mut snapshots {
                        if let Some(stamp) = stamps.get(&s.id.to_ascii_lowercase()) {
                            s.taken_ms = stamp.taken_ms;
                            s.online = stamp.online;
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::debug!(error = %e, "cannot read the settings file for snapshot times")
                }
            }
        }
        Ok(snapshots)
    }

    /// `snapshot <vm> restore|delete <snapshot>`.
    pub(super) async fn snapshot_act(
        &self,
        name_or_id: &str,
        action: &str,
        snapshot: &str,
    ) -> Result<()> {
        let vm = self.target(name_or_id).await?;
        self.once(args::snapshot_act(&vm, action, snapshot))
            .await
            .map(drop)
    }

    /// `snapshot take`, then the new snapshot from the list.
    pub(super) async fn take(&self, name_or_id: &str, spec: &TakeSnapshot) -> Result<Snapshot> {
        if spec.name.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "a snapshot name is required",
            ));
        }
        let vm = self.target(name_or_id).await?;
        let reply = self.once(args::snapshot_take(&vm, spec)).await?;
        let id = output::snapshot_uuid(&reply.stdout).ok_or_else(|| {
            Error::new(ErrorKind::Backend, "snapshot take printed no snapshot UUID")
        })?;
        self.snapshots(&vm)
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Backend,
                    format!("snapshot {id} was taken but is not listed"),
                )
            })
    }
}
