//! The backend under test, watched: every start and reset it performs — by a scenario, by
//! vbox-ops' fleet, by anything — tells the host-played guest to boot. Everything else passes
//! through untouched.

use super::agent::GuestAgent;
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;
use vbox_types::{
    ApplianceInfo, Backend, Capabilities, CloneMachine, ControlAction, CreateMachine,
    ExportAppliance, GuestProperty, GuestPropertyChange, ImportAppliance, Machine, MachineFields,
    MachineSummary, Medium, ModifyMachine, Result, Snapshot, StartType, TakeSnapshot, Unregister,
    UnregisterReport, VersionInfo, Watch,
};

/// A backend whose starts and resets the agent hears of.
#[derive(Debug)]
pub(crate) struct Observed {
    pub(crate) inner: Arc<dyn Backend>,
    pub(crate) agent: Arc<GuestAgent>,
}

#[async_trait]
impl Backend for Observed {
    fn describe(&self) -> String {
        self.inner.describe()
    }
    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }
    async fn version(&self) -> Result<VersionInfo> {
        self.inner.version().await
    }
    async fn list_machines(&self) -> Result<Vec<MachineSummary>> {
        self.inner.list_machines().await
    }
    async fn list_machines_full(&self) -> Result<Vec<Machine>> {
        self.inner.list_machines_full().await
    }
    async fn list_machines_with(&self, fields: MachineFields) -> Result<Vec<Machine>> {
        self.inner.list_machines_with(fields).await
    }
    async fn get_machine(&self, name_or_id: &str) -> Result<Machine> {
        self.inner.get_machine(name_or_id).await
    }
    async fn create_machine(&self, spec: &CreateMachine) -> Result<Machine> {
        self.inner.create_machine(spec).await
    }
    async fn modify_machine(&self, name_or_id: &str, change: &ModifyMachine) -> Result<()> {
        self.inner.modify_machine(name_or_id, change).await
    }
    async fn clone_machine(&self, spec: &CloneMachine) -> Result<Machine> {
        self.inner.clone_machine(spec).await
    }
    async fn start_machine(&self, name_or_id: &str, start_type: StartType) -> Result<()> {
        self.inner.start_machine(name_or_id, start_type).await?;
        self.agent.started(name_or_id).await;
        Ok(())
    }
    async fn control_machine(&self, name_or_id: &str, action: ControlAction) -> Result<()> {
        self.inner.control_machine(name_or_id, action).await?;
        if action == ControlAction::Reset {
            self.agent.started(name_or_id).await;
        }
        Ok(())
    }
    async fn unregister_machine(
        &self,
        name_or_id: &str,
        how: &Unregister,
    ) -> Result<UnregisterReport> {
        self.inner.unregister_machine(name_or_id, how).await
    }
    async fn list_media(&self) -> Result<Vec<Medium>> {
        self.inner.list_media().await
    }
    async fn get_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
    ) -> Result<Option<GuestProperty>> {
        self.inner.get_guest_property(name_or_id, property).await
    }
    async fn enumerate_guest_properties(
        &self,
        name_or_id: &str,
        patterns: &str,
    ) -> Result<Vec<GuestProperty>> {
        self.inner
            .enumerate_guest_properties(name_or_id, patterns)
            .await
    }
    async fn set_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
        value: Option<&str>,
        flags: Option<&str>,
    ) -> Result<()> {
        self.inner
            .set_guest_property(name_or_id, property, value, flags)
            .await
    }
    async fn wait_guest_property(
        &self,
        name_or_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>> {
        self.inner
            .wait_guest_property(name_or_id, patterns, timeout)
            .await
    }
    async fn list_snapshots(&self, name_or_id: &str) -> Result<Vec<Snapshot>> {
        self.inner.list_snapshots(name_or_id).await
    }
    async fn take_snapshot(&self, name_or_id: &str, spec: &TakeSnapshot) -> Result<Snapshot> {
        self.inner.take_snapshot(name_or_id, spec).await
    }
    async fn restore_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        self.inner.restore_snapshot(name_or_id, snapshot).await
    }
    async fn delete_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        self.inner.delete_snapshot(name_or_id, snapshot).await
    }
    async fn list_os_type_ids(&self) -> Result<Vec<String>> {
        self.inner.list_os_type_ids().await
    }
    async fn get_extradata(&self, name_or_id: &str, key: &str) -> Result<Option<String>> {
        self.inner.get_extradata(name_or_id, key).await
    }
    async fn set_extradata(&self, name_or_id: &str, key: &str, value: Option<&str>) -> Result<()> {
        self.inner.set_extradata(name_or_id, key, value).await
    }
    async fn machine_config(&self, name_or_id: &str) -> Result<vbox_types::MachineConfig> {
        self.inner.machine_config(name_or_id).await
    }

    async fn read_appliance(&self, spec: &ImportAppliance) -> Result<ApplianceInfo> {
        self.inner.read_appliance(spec).await
    }
    async fn import_appliance(&self, spec: &ImportAppliance, watch: Watch) -> Result<Machine> {
        self.inner.import_appliance(spec, watch).await
    }
    async fn export_appliance(&self, spec: &ExportAppliance, watch: Watch) -> Result<()> {
        self.inner.export_appliance(spec, watch).await
    }
    async fn list_host_only(&self) -> Result<vbox_types::HostNetworks> {
        self.inner.list_host_only().await
    }
    async fn create_host_only(
        &self,
        spec: &vbox_types::CreateHostOnly,
    ) -> Result<vbox_types::HostOnlyNetwork> {
        self.inner.create_host_only(spec).await
    }
    async fn remove_host_only(&self, name: &str) -> Result<()> {
        self.inner.remove_host_only(name).await
    }
}
