//! [`ManageBackend`]: the [`Backend`] trait through VBoxManage calls.
//!
//! | Operation | VBoxManage calls |
//! |---|---|
//! | `version` | `--version` (once, then cached) |
//! | `list_machines` | `list --long vms` (one process: names, UUIDs, states) |
//! | `list_machines_with` | `list --long vms` (one process: names, UUIDs, states, groups, OS descriptions, memory, CPUs, session names), and `list ostypes` alongside once per backend when the OS type is asked |
//! | `list_machines_full` | `list vms`, then `showvminfo <uuid> --machinereadable` per machine, `concurrency` at a time |
//! | `get_machine` | `showvminfo <vm> --machinereadable` (and `list ostypes` once, to turn the printed OS description back into its id) |
//! | `create_machine` | `createvm --name … [--ostype …] [--groups …] --register`, `modifyvm` (memory, CPUs, description), with a disk `storagectl`, `createmedium disk`, `storageattach`; on failure `closemedium disk <uuid> --delete` (a disk not yet attached) and `unregistervm <uuid> --delete` |
//! | `modify_machine` | `modifyvm <vm> …`; for storage `showvminfo`, `storageattach … --medium none`, `storagectl --add` (a missing controller), `createmedium disk` (a new disk), `storageattach`; `sharedfolder remove\|add` |
//! | `machine_config` | `showvminfo <vm> --machinereadable`, and `list hdds` / `list dvds` when a disk / an ISO is attached (sizes) |
//! | `clone_machine` | `clonevm <src> [--snapshot …] --mode … [--options …] --name … --uuid <new> --register`, then `showvminfo <new>` |
//! | `start_machine` | `startvm <vm> --type <t>` |
//! | `control_machine` | `controlvm <vm> poweroff\|acpipowerbutton\|savestate\|pause\|resume\|reset` |
//! | `unregister_machine` | `showvminfo`, `list hdds`, `storageattach … --medium none` for kept disks, `unregistervm <uuid> [--delete\|--delete-all]`, `list hdds` |
//! | `list_media` | `list hdds`, plus `list vms` and `showvminfo` per machine for the users |
//! | `get_guest_property` | `guestproperty get <vm> <name> --verbose` |
//! | `enumerate_guest_properties` | `guestproperty enumerate <vm> [--patterns …]` (`--old-format` on 7.0+) |
//! | `set_guest_property` | `guestproperty set <vm> <name> [<value> [--flags …]]` |
//! | `wait_guest_property` | `guestproperty wait <vm> <patterns> --timeout <ms>` |
//! | `list_snapshots` | `snapshot <vm> list --machinereadable` |
//! | `take_snapshot` | `snapshot <vm> take <name> [--description …] [--live]`, then the list |
//! | `restore_snapshot` / `delete_snapshot` | `snapshot <vm> restore\|delete <snapshot>` |
//! | `get_extradata` / `set_extradata` | `getextradata <vm> <key>` / `setextradata <vm> <key> [<value>]` |
//! | `list_host_only` | `list hostonlyifs` (`list hostonlynets` on a macOS 7.x host), `list dhcpservers`; `list hostinfo` once for the host's OS |
//! | `create_host_only` | `hostonlyif create`, `hostonlyif ipconfig`, `list dhcpservers`, `dhcpserver add\|modify`, the listings; on failure `hostonlyif remove` (macOS 7.x: `hostonlynet add`) |
//! | `remove_host_only` | the listings, `hostonlyif remove` and `dhcpserver remove` (`hostonlynet remove`) |
//!
//! Machines whose name starts with `-` are addressed by UUID (looked up with `list vms`),
//! because VBoxManage would read such a name as an option.

mod appliance;
mod guest;
mod hostonly;
mod machines;
mod media;
mod storage;

use crate::exec::{CallOptions, Exec, Reply};
use crate::{args, parse, version};
use async_trait::async_trait;
use std::time::Duration;
use tokio::sync::OnceCell;
use vbox_types::{
    ApplianceInfo, Backend, Capabilities, CloneMachine, ControlAction, CreateHostOnly,
    CreateMachine, Error, ErrorKind, ExportAppliance, GuestProperty, GuestPropertyChange,
    HostNetworks, HostOnlyNetwork, ImportAppliance, Machine, MachineFields, MachineSummary, Medium,
    ModifyMachine, Result, Snapshot, StartType, TakeSnapshot, Unregister, UnregisterReport,
    VersionInfo, Watch,
};

/// Deadlines and concurrency of a [`ManageBackend`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManageOptions {
    /// Deadline of a quick call (listing, reading, setting), retries included.
    pub call_timeout: Duration,
    /// Deadline of a long call (clone, start, power-off, save, snapshot, delete).
    pub long_timeout: Duration,
    /// How many VBoxManage processes a listing runs at once.
    pub concurrency: usize,
}

impl Default for ManageOptions {
    fn default() -> ManageOptions {
        ManageOptions {
            call_timeout: Duration::from_secs(60),
            long_timeout: Duration::from_secs(600),
            concurrency: 8,
        }
    }
}

/// VirtualBox driven through `VBoxManage` (local, over ssh, or scripted in tests).
#[derive(Debug)]
pub struct ManageBackend {
    exec: Exec,
    options: ManageOptions,
    version: OnceCell<VersionInfo>,
    /// `(id, description)` of the host's OS types, read once when a machine is first read.
    os_types: OnceCell<Vec<(String, String)>>,
    /// The host's operating system (`list hostinfo`), read once when host-only networking is
    /// first asked about.
    host_os: OnceCell<String>,
}

impl ManageBackend {
    /// A backend whose calls go through `exec`.
    pub fn new(exec: Exec, options: ManageOptions) -> ManageBackend {
        ManageBackend {
            exec,
            options: ManageOptions {
                concurrency: options.concurrency.max(1),
                ..options
            },
            version: OnceCell::new(),
            os_types: OnceCell::new(),
            host_os: OnceCell::new(),
        }
    }

    /// The options in force.
    pub fn options(&self) -> &ManageOptions {
        &self.options
    }

    /// The host's version, asked once.
    async fn info(&self) -> Result<&VersionInfo> {
        self.version
            .get_or_try_init(|| version::detect(&self.exec, self.options.call_timeout))
            .await
    }

    /// A quick call that may be retried (it reads, or sets a value idempotently).
    async fn quick(&self, argv: Vec<String>) -> Result<Reply> {
        self.exec
            .call(&argv, &CallOptions::retrying(self.options.call_timeout))
            .await
    }

    /// `list --long vms`: retried as a quick call, and complete with exit 0 even when it
    /// printed an inaccessible machine's error on stderr.
    async fn long_listing(&self) -> Result<Reply> {
        let opts = CallOptions {
            exit_code_decides: true,
            ..CallOptions::retrying(self.options.call_timeout)
        };
        self.exec.call(&args::list_vms_long(), &opts).await
    }

    /// A call that changes state once: never retried, long deadline.
    async fn once(&self, argv: Vec<String>) -> Result<Reply> {
        self.exec
            .call(&argv, &CallOptions::once(self.options.long_timeout))
            .await
    }

    /// How to name `name_or_id` on a command line: as given, unless it starts with `-`
    /// (VBoxManage would read it as an option), then by UUID.
    async fn target(&self, name_or_id: &str) -> Result<String> {
        if name_or_id.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "a machine name or UUID is required",
            ));
        }
        if !name_or_id.starts_with('-') {
            return Ok(name_or_id.to_string());
        }
        let listed = parse::list::parse_list_vms(&self.quick(args::list_vms()).await?.stdout);
        listed
            .into_iter()
            .find(|m| m.name == name_or_id)
            .map(|m| m.id)
            .ok_or_else(|| Error::machine_not_found(name_or_id))
    }
}

#[async_trait]
impl Backend for ManageBackend {
    fn describe(&self) -> String {
        // A local runner describes itself by its path, a remote one by a URI (`ssh://…`).
        let runner = self.exec.describe();
        if runner.contains("://") {
            runner
        } else {
            format!("vboxmanage://{runner}")
        }
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { event_wait: true }
    }

    async fn version(&self) -> Result<VersionInfo> {
        self.info().await.cloned()
    }

    async fn list_machines(&self) -> Result<Vec<MachineSummary>> {
        self.list_summaries().await
    }

    async fn list_machines_full(&self) -> Result<Vec<Machine>> {
        self.list_full().await
    }

    async fn list_machines_with(&self, fields: MachineFields) -> Result<Vec<Machine>> {
        self.list_with(fields).await
    }

    async fn get_machine(&self, name_or_id: &str) -> Result<Machine> {
        self.machine(name_or_id).await
    }

    async fn create_machine(&self, spec: &CreateMachine) -> Result<Machine> {
        self.create(spec).await
    }

    async fn modify_machine(&self, name_or_id: &str, change: &ModifyMachine) -> Result<()> {
        self.modify(name_or_id, change).await
    }

    async fn clone_machine(&self, spec: &CloneMachine) -> Result<Machine> {
        self.clone_from(spec).await
    }

    async fn start_machine(&self, name_or_id: &str, start_type: StartType) -> Result<()> {
        let vm = self.target(name_or_id).await?;
        let reply = self.once(args::startvm(&vm, start_type)).await?;
        if parse::output::started(&reply.stdout) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Backend,
                format!("startvm of '{name_or_id}' did not report a start"),
            ))
        }
    }

    async fn control_machine(&self, name_or_id: &str, action: ControlAction) -> Result<()> {
        let vm = self.target(name_or_id).await?;
        self.once(args::controlvm(&vm, action)).await.map(drop)
    }

    async fn unregister_machine(
        &self,
        name_or_id: &str,
        how: &Unregister,
    ) -> Result<UnregisterReport> {
        self.unregister(name_or_id, how).await
    }

    async fn list_media(&self) -> Result<Vec<Medium>> {
        self.media().await
    }

    async fn get_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
    ) -> Result<Option<GuestProperty>> {
        self.guest_property(name_or_id, property).await
    }

    async fn enumerate_guest_properties(
        &self,
        name_or_id: &str,
        patterns: &str,
    ) -> Result<Vec<GuestProperty>> {
        self.guest_properties(name_or_id, patterns).await
    }

    async fn set_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
        value: Option<&str>,
        flags: Option<&str>,
    ) -> Result<()> {
        let vm = self.target(name_or_id).await?;
        let argv = args::guestproperty_set(&vm, property, value, flags);
        self.quick(argv).await.map(drop)
    }

    async fn wait_guest_property(
        &self,
        name_or_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>> {
        self.wait_property(name_or_id, patterns, timeout).await
    }

    async fn list_snapshots(&self, name_or_id: &str) -> Result<Vec<Snapshot>> {
        self.snapshots(name_or_id).await
    }

    async fn take_snapshot(&self, name_or_id: &str, spec: &TakeSnapshot) -> Result<Snapshot> {
        self.take(name_or_id, spec).await
    }

    async fn restore_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        self.snapshot_act(name_or_id, "restore", snapshot).await
    }

    async fn delete_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        self.snapshot_act(name_or_id, "delete", snapshot).await
    }

    async fn list_os_type_ids(&self) -> Result<Vec<String>> {
        self.os_type_ids().await
    }

    async fn get_extradata(&self, name_or_id: &str, key: &str) -> Result<Option<String>> {
        let vm = self.target(name_or_id).await?;
        let reply = self.quick(args::getextradata(&vm, key)).await?;
        Ok(parse::guestproperty::parse_get(&reply.stdout))
    }

    async fn set_extradata(&self, name_or_id: &str, key: &str, value: Option<&str>) -> Result<()> {
        let vm = self.target(name_or_id).await?;
        self.quick(args::setextradata(&vm, key, value))
            .await
            .map(drop)
    }

    async fn machine_config(&self, name_or_id: &str) -> Result<vbox_types::MachineConfig> {
        self.config_with_sizes(name_or_id).await
    }

    async fn read_appliance(&self, spec: &ImportAppliance) -> Result<ApplianceInfo> {
        self.appliance_read(spec).await
    }

    async fn import_appliance(&self, spec: &ImportAppliance, watch: Watch) -> Result<Machine> {
        self.appliance_import(spec, watch).await
    }

    async fn export_appliance(&self, spec: &ExportAppliance, watch: Watch) -> Result<()> {
        self.appliance_export(spec, watch).await
    }

    async fn list_host_only(&self) -> Result<HostNetworks> {
        self.host_networks().await
    }

    async fn create_host_only(&self, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
        self.host_only_create(spec).await
    }

    async fn remove_host_only(&self, name: &str) -> Result<()> {
        self.host_only_remove(name).await
    }
}
