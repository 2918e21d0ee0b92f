//! The backend as `-v` shows it: every VirtualBox operation a command makes, logged before it
//! runs (`get_machine 'web1'`, `start_machine 'web1' headless`). Machines are named by name
//! where one is known, even when `vbox-ops` addresses them by UUID; values written (guest
//! properties, extradata, descriptions) are not logged, only their keys.

use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vbox_types::{
    ApplianceInfo, Backend, Capabilities, CloneMachine, ControlAction, CreateMachine,
    ExportAppliance, GuestProperty, GuestPropertyChange, ImportAppliance, Machine, MachineFields,
    MachineSummary, Medium, ModifyMachine, Result, Snapshot, StartType, TakeSnapshot, Unregister,
    UnregisterReport, VersionInfo, Watch,
};

/// Logs each call at info level (`vboxctl -v`), then delegates.
#[derive(Debug)]
pub struct Traced {
    inner: Arc<dyn Backend>,
    /// Names of the machines seen so far, by UUID.
    names: Mutex<HashMap<String, String>>,
}

impl Traced {
    /// Wrap a backend.
    pub fn new(inner: Arc<dyn Backend>) -> Traced {
        Traced {
            inner,
            names: Mutex::new(HashMap::new()),
        }
    }

    /// `'name'` for a machine given by name or by a UUID whose name is known.
    fn machine(&self, name_or_id: &str) -> String {
        let names = self.names.lock().unwrap_or_else(|e| e.into_inner());
        format!(
            "'{}'",
            names.get(name_or_id).map_or(name_or_id, String::as_str)
        )
    }

    fn learn<'a>(&self, machines: impl IntoIterator<Item = (&'a str, &'a str)>) {
        let mut names = self.names.lock().unwrap_or_else(|e| e.into_inner());
        for (id, name) in machines {
            names.insert(id.to_string(), name.to_string());
        }
    }

    fn learned_all(&self, result: Result<Vec<Machine>>) -> Result<Vec<Machine>> {
        if let Ok(machines) = &result {
            self.learn(machines.iter().map(|m| (m.id.as_str(), m.name.as_str())));
        }
        result
    }

    fn learned(&self, result: Result<Machine>) -> Result<Machine> {
        if let Ok(m) = &result {
            self.learn([(m.id.as_str(), m.name.as_str())]);
        }
        result
    }
}

macro_rules! op {
    ($($arg:tt)*) => { tracing::info!(target: "vboxctl", $($arg)*) };
}

#[async_trait]
impl Backend for Traced {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    async fn version(&self) -> Result<VersionInfo> {
        op!("version");
        self.inner.version().await
    }

    async fn list_machines(&self) -> Result<Vec<MachineSummary>> {
        op!("list_machines");
        let listed = self.inner.list_machines().await;
        if let Ok(list) = &listed {
            self.learn(list.iter().map(|m| (m.id.as_str(), m.name.as_str())));
        }
        listed
    }

    async fn list_machines_full(&self) -> Result<Vec<Machine>> {
        op!("list_machines_full");
        self.learned_all(self.inner.list_machines_full().await)
    }

    async fn list_machines_with(&self, fields: MachineFields) -> Result<Vec<Machine>> {
        op!("list_machines_with");
        self.learned_all(self.inner.list_machines_with(fields).await)
    }

    async fn get_machine(&self, name_or_id: &str) -> Result<Machine> {
        op!("get_machine {}", self.machine(name_or_id));
        self.learned(self.inner.get_machine(name_or_id).await)
    }

    async fn create_machine(&self, spec: &CreateMachine) -> Result<Machine> {
        op!("create_machine '{}'", spec.name);
        self.learned(self.inner.create_machine(spec).await)
    }

    async fn modify_machine(&self, name_or_id: &str, change: &ModifyMachine) -> Result<()> {
        op!("modify_machine {}", self.machine(name_or_id));
        self.inner.modify_machine(name_or_id, change).await
    }

    async fn clone_machine(&self, spec: &CloneMachine) -> Result<Machine> {
        op!(
            "clone_machine {} to '{}'",
            self.machine(&spec.source),
            spec.name
        );
        self.learned(self.inner.clone_machine(spec).await)
    }

    async fn start_machine(&self, name_or_id: &str, start_type: StartType) -> Result<()> {
        op!(
            "start_machine {} {}",
            self.machine(name_or_id),
            start_type.as_str()
        );
        self.inner.start_machine(name_or_id, start_type).await
    }

    async fn control_machine(&self, name_or_id: &str, action: ControlAction) -> Result<()> {
        op!("control_machine {} {action:?}", self.machine(name_or_id));
        self.inner.control_machine(name_or_id, action).await
    }

    async fn unregister_machine(
        &self,
        name_or_id: &str,
        how: &Unregister,
    ) -> Result<UnregisterReport> {
        op!("unregister_machine {}", self.machine(name_or_id));
        self.inner.unregister_machine(name_or_id, how).await
    }

    async fn list_media(&self) -> Result<Vec<Medium>> {
        op!("list_media");
        self.inner.list_media().await
    }

    async fn get_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
    ) -> Result<Option<GuestProperty>> {
        op!("get_guest_property {} {property}", self.machine(name_or_id));
        self.inner.get_guest_property(name_or_id, property).await
    }

    async fn enumerate_guest_properties(
        &self,
        name_or_id: &str,
        patterns: &str,
    ) -> Result<Vec<GuestProperty>> {
        op!(
            "enumerate_guest_properties {} {patterns}",
            self.machine(name_or_id)
        );
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
        op!("set_guest_property {} {property}", self.machine(name_or_id));
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
        op!(
            "wait_guest_property {} {patterns} (up to {})",
            self.machine(name_or_id),
            crate::output::duration(timeout)
        );
        self.inner
            .wait_guest_property(name_or_id, patterns, timeout)
            .await
    }

    async fn list_snapshots(&self, name_or_id: &str) -> Result<Vec<Snapshot>> {
        op!("list_snapshots {}", self.machine(name_or_id));
        self.inner.list_snapshots(name_or_id).await
    }

    async fn take_snapshot(&self, name_or_id: &str, spec: &TakeSnapshot) -> Result<Snapshot> {
        op!(
            "take_snapshot {} '{}'{}",
            self.machine(name_or_id),
            spec.name,
            if spec.live { " live" } else { "" }
        );
        self.inner.take_snapshot(name_or_id, spec).await
    }

    async fn restore_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        op!("restore_snapshot {} '{snapshot}'", self.machine(name_or_id));
        self.inner.restore_snapshot(name_or_id, snapshot).await
    }

    async fn delete_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        op!("delete_snapshot {} '{snapshot}'", self.machine(name_or_id));
        self.inner.delete_snapshot(name_or_id, snapshot).await
    }

    async fn list_os_type_ids(&self) -> Result<Vec<String>> {
        op!("list_os_type_ids");
        self.inner.list_os_type_ids().await
    }

    async fn get_extradata(&self, name_or_id: &str, key: &str) -> Result<Option<String>> {
        op!("get_extradata {} {key}", self.machine(name_or_id));
        self.inner.get_extradata(name_or_id, key).await
    }

    async fn set_extradata(&self, name_or_id: &str, key: &str, value: Option<&str>) -> Result<()> {
        op!("set_extradata {} {key}", self.machine(name_or_id));
        self.inner.set_extradata(name_or_id, key, value).await
    }

    async fn machine_config(&self, name_or_id: &str) -> Result<vbox_types::MachineConfig> {
        op!("machine_config {}", self.machine(name_or_id));
        self.inner.machine_config(name_or_id).await
    }

    async fn read_appliance(&self, spec: &ImportAppliance) -> Result<ApplianceInfo> {
        op!("read_appliance '{}'", spec.path);
        self.inner.read_appliance(spec).await
    }

    async fn import_appliance(&self, spec: &ImportAppliance, watch: Watch) -> Result<Machine> {
        op!("import_appliance '{}'", spec.path);
        let imported = self.inner.import_appliance(spec, watch).await;
        self.learned(imported)
    }

    async fn export_appliance(&self, spec: &ExportAppliance, watch: Watch) -> Result<()> {
        op!("export_appliance {:?} '{}'", spec.machines, spec.path);
        self.inner.export_appliance(spec, watch).await
    }

    async fn list_host_only(&self) -> Result<vbox_types::HostNetworks> {
        op!("list_host_only");
        self.inner.list_host_only().await
    }

    async fn create_host_only(
        &self,
        spec: &vbox_types::CreateHostOnly,
    ) -> Result<vbox_types::HostOnlyNetwork> {
        op!("create_host_only {:?}", spec.kind);
        self.inner.create_host_only(spec).await
    }

    async fn remove_host_only(&self, name: &str) -> Result<()> {
        op!("remove_host_only '{name}'");
        self.inner.remove_host_only(name).await
    }
}
