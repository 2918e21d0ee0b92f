//! The argv of every VBoxManage call the backend makes, built without running anything so
//! that tests can check it word for word.
//!
//! Rules that keep odd names safe:
//! - every value is its own argv word (no shell is involved locally; the ssh runner quotes);
//! - an option value that starts with `-` is attached with `=` (`--name=-x`), because
//!   `RTGetOpt` would otherwise read it as an option;
//! - a machine named with a leading `-` is passed by UUID (the backend resolves it first),
//!   because the machine is a plain argument that `RTGetOpt` would read as an option.
//!
//! Option spellings are the ones every version from 5.2 to 7.2 accepts (`--macaddress1`
//! rather than 7.0's `--mac-address1`), except where a feature is newer than that.

use vbox_types::{
    AdapterChange, ApiVersion, CloneMachine, ControlAction, CreateMachine, ModifyMachine,
    NetworkAttachmentType, StartType, TakeSnapshot,
};

/// An argv under construction.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Argv(Vec<String>);

impl Argv {
    /// Start with the command words.
    pub fn new(words: &[&str]) -> Argv {
        Argv(words.iter().map(|w| w.to_string()).collect())
    }

    /// A plain word.
    pub fn arg(mut self, word: impl Into<String>) -> Argv {
        self.0.push(word.into());
        self
    }

    /// An option with its value; `--opt=value` when the value starts with `-`.
    pub fn opt(mut self, option: &str, value: impl AsRef<str>) -> Argv {
        let value = value.as_ref();
        if value.starts_with('-') {
            self.0.push(format!("{option}={value}"));
        } else {
            self.0.push(option.to_string());
            self.0.push(value.to_string());
        }
        self
    }

    /// The words.
    pub fn into_vec(self) -> Vec<String> {
        self.0
    }
}

impl From<Argv> for Vec<String> {
    fn from(argv: Argv) -> Vec<String> {
        argv.0
    }
}

/// `list vms`.
pub fn list_vms() -> Vec<String> {
    Argv::new(&["list", "vms"]).into()
}

/// `list --long vms`: names, UUIDs and states of every machine in one process.
pub fn list_vms_long() -> Vec<String> {
    Argv::new(&["list", "--long", "vms"]).into()
}

/// `list ostypes`.
pub fn list_ostypes() -> Vec<String> {
    Argv::new(&["list", "ostypes"]).into()
}

/// `list hdds`.
pub fn list_hdds() -> Vec<String> {
    Argv::new(&["list", "hdds"]).into()
}

/// `list dvds`: the registered optical images.
pub fn list_dvds() -> Vec<String> {
    Argv::new(&["list", "dvds"]).into()
}

/// `list --long hdds`: every disk with the machines (and snapshots) that use it.
pub fn list_hdds_long() -> Vec<String> {
    Argv::new(&["list", "--long", "hdds"]).into()
}

/// `showvminfo <vm> --machinereadable`.
pub fn showvminfo(vm: &str) -> Vec<String> {
    Argv::new(&["showvminfo"])
        .arg(vm)
        .arg("--machinereadable")
        .into()
}

/// `createvm --name <n> [--ostype <id>] [--groups <g,…>] --register`.
pub fn createvm(spec: &CreateMachine) -> Vec<String> {
    let mut a = Argv::new(&["createvm"]).opt("--name", &spec.name);
    if let Some(os) = &spec.os_type_id {
        a = a.opt("--ostype", os);
    }
    if !spec.groups.is_empty() {
        a = a.opt("--groups", spec.groups.join(","));
    }
    a.arg("--register").into()
}

/// The `modifyvm` of a new machine's memory, CPUs and description; `None` when there is
/// nothing to set.
pub fn modifyvm_created(vm: &str, spec: &CreateMachine) -> Option<Vec<String>> {
    let change = ModifyMachine {
        memory_mb: spec.memory_mb,
        cpus: spec.cpus,
        description: spec.description.clone(),
        ..ModifyMachine::default()
    };
    modifyvm(vm, &change)
}

/// `modifyvm <vm> …` for every field of `change` that is set; `None` when none is.
pub fn modifyvm(vm: &str, change: &ModifyMachine) -> Option<Vec<String>> {
    let mut a = Argv::new(&["modifyvm"]).arg(vm);
    let start = a.0.len();
    if let Some(mb) = change.memory_mb {
        a = a.opt("--memory", mb.to_string());
    }
    if let Some(n) = change.cpus {
        a = a.opt("--cpus", n.to_string());
    }
    if let Some(d) = &change.description {
        a = a.opt("--description", d);
    }
    if let Some(groups) = &change.groups {
        a = a.opt("--groups", groups.join(","));
    }
    for adapter in &change.adapters {
        a = adapter_args(a, adapter);
    }
    a = crate::args_config::config_args(a, change);
    (a.0.len() > start).then(|| a.into())
}

fn adapter_args(mut a: Argv, change: &AdapterChange) -> Argv {
    let n = change.slot + 1;
    if let Some(kind) = change.attachment {
        a = a.opt(&format!("--nic{n}"), nic_word(kind));
        if let Some(net) = &change.network {
            if let Some(option) = network_option(kind) {
                a = a.opt(&format!("{option}{n}"), net);
            }
        }
    }
    if let Some(mac) = &change.mac_address {
        a = a.opt(&format!("--macaddress{n}"), mac);
    }
    crate::args_config::adapter_extra_args(a, change)
}

/// The `modifyvm --nic<N>` word (it differs from `showvminfo`'s `nic<N>=` value for the
/// host-only network and cloud kinds).
fn nic_word(kind: NetworkAttachmentType) -> &'static str {
    match kind {
        NetworkAttachmentType::Null => "none",
        NetworkAttachmentType::NAT => "nat",
        NetworkAttachmentType::Bridged => "bridged",
        NetworkAttachmentType::Internal => "intnet",
        NetworkAttachmentType::HostOnly => "hostonly",
        NetworkAttachmentType::Generic => "generic",
        NetworkAttachmentType::NATNetwork => "natnetwork",
        NetworkAttachmentType::Cloud => "cloud",
        NetworkAttachmentType::HostOnlyNetwork => "hostonlynet",
    }
}

/// The option that names the network of an attachment kind.
fn network_option(kind: NetworkAttachmentType) -> Option<&'static str> {
    Some(match kind {
        NetworkAttachmentType::Bridged => "--bridgeadapter",
        NetworkAttachmentType::Internal => "--intnet",
        NetworkAttachmentType::HostOnly => "--hostonlyadapter",
        NetworkAttachmentType::Generic => "--nicgenericdrv",
        NetworkAttachmentType::NATNetwork => "--nat-network",
        NetworkAttachmentType::HostOnlyNetwork => "--hostonlynet",
        NetworkAttachmentType::Cloud => "--cloud-network",
        NetworkAttachmentType::Null | NetworkAttachmentType::NAT => return None,
    })
}

/// `createmedium disk --filename <f> --size <mb> --format VDI`.
pub fn createmedium(path: &str, size_mb: u64) -> Vec<String> {
    Argv::new(&["createmedium", "disk"])
        .opt("--filename", path)
        .opt("--size", size_mb.to_string())
        .opt("--format", "VDI")
        .into()
}

/// `storagectl <vm> --name SATA --add sata --controller IntelAhci`: the bus's default 30
/// ports, as the web service's `addStorageController` gives them (real 7.2.22), so both
/// backends make the same machine.
pub fn storagectl_sata(vm: &str) -> Vec<String> {
    Argv::new(&["storagectl"])
        .arg(vm)
        .opt("--name", SATA)
        .opt("--add", "sata")
        .opt("--controller", "IntelAhci")
        .into()
}

/// `closemedium disk <uuid> --delete`.
pub fn closemedium_delete(medium: &str) -> Vec<String> {
    Argv::new(&["closemedium", "disk"])
        .arg(medium)
        .arg("--delete")
        .into()
}

/// The controller name new disks go on.
pub const SATA: &str = "SATA";

/// `storageattach <vm> --storagectl <c> --port <p> --device <d> --type hdd --medium <m>`;
/// `medium` `none` detaches.
pub fn storageattach(
    vm: &str,
    controller: &str,
    port: u32,
    device: u32,
    medium: &str,
) -> Vec<String> {
    Argv::new(&["storageattach"])
        .arg(vm)
        .opt("--storagectl", controller)
        .opt("--port", port.to_string())
        .opt("--device", device.to_string())
        .opt("--type", "hdd")
        .opt("--medium", medium)
        .into()
}

/// `clonevm <src> [--snapshot <s>] --mode <m> [--options <o,…>] --name <n> [--groups …]
/// --uuid <id> --register`.
pub fn clonevm(source: &str, spec: &CloneMachine, id: &str) -> Vec<String> {
    let mut a = Argv::new(&["clonevm"]).arg(source);
    if let Some(snap) = &spec.snapshot {
        a = a.opt("--snapshot", snap);
    }
    a = a.opt("--mode", spec.mode.manage_word());
    if !spec.options.is_empty() {
        let words: Vec<&str> = spec.options.iter().map(|o| clone_option_word(*o)).collect();
        a = a.opt("--options", words.join(","));
    }
    a = a.opt("--name", &spec.name);
    if !spec.groups.is_empty() {
        a = a.opt("--groups", spec.groups.join(","));
    }
    a.opt("--uuid", id).arg("--register").into()
}

fn clone_option_word(option: vbox_types::CloneOption) -> &'static str {
    use vbox_types::CloneOption::*;
    match option {
        Link => "link",
        KeepAllMACs => "keepallmacs",
        KeepNATMACs => "keepnatmacs",
        KeepDiskNames => "keepdisknames",
        KeepHwUUIDs => "keephwuuids",
    }
}

/// `startvm <vm> --type <t>`.
pub fn startvm(vm: &str, start_type: StartType) -> Vec<String> {
    Argv::new(&["startvm"])
        .arg(vm)
        .opt("--type", start_type.as_str())
        .into()
}

/// `controlvm <vm> <action>`.
pub fn controlvm(vm: &str, action: ControlAction) -> Vec<String> {
    let word = match action {
        ControlAction::PowerOff => "poweroff",
        ControlAction::AcpiPowerButton => "acpipowerbutton",
        ControlAction::SaveState => "savestate",
        ControlAction::Pause => "pause",
        ControlAction::Resume => "resume",
        ControlAction::Reset => "reset",
    };
    Argv::new(&["controlvm"]).arg(vm).arg(word).into()
}

/// What `unregistervm` deletes besides unregistering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delete {
    /// Nothing: the files stay (the returned disks are closed).
    Nothing,
    /// The settings file and the returned hard disks (`--delete`).
    Disks,
    /// Also removable media in the VM folder that only this VM uses (`--delete-all`, 7.0+).
    DisksAndRemovable,
}

/// `unregistervm <vm> [--delete | --delete-all]`.
pub fn unregistervm(vm: &str, delete: Delete) -> Vec<String> {
    let a = Argv::new(&["unregistervm"]).arg(vm);
    match delete {
        Delete::Nothing => a.into(),
        Delete::Disks => a.arg("--delete").into(),
        Delete::DisksAndRemovable => a.arg("--delete-all").into(),
    }
}

/// `guestproperty get <vm> <name> --verbose`.
pub fn guestproperty_get(vm: &str, name: &str) -> Vec<String> {
    Argv::new(&["guestproperty", "get"])
        .arg(vm)
        .arg(name)
        .arg("--verbose")
        .into()
}

/// `guestproperty enumerate <vm> [--patterns <p>]`, in the old one-line format on 7.0+
/// (`--old-format`): it carries ns timestamps and has no column width limits.
pub fn guestproperty_enumerate(vm: &str, patterns: &str, api: ApiVersion) -> Vec<String> {
    let mut a = Argv::new(&["guestproperty", "enumerate"]).arg(vm);
    if !patterns.is_empty() {
        a = a.opt("--patterns", patterns);
    }
    if api >= ApiVersion::V7_0 {
        a = a.arg("--old-format");
    }
    a.into()
}

/// `guestproperty set <vm> <name> [<value> [--flags <f>]]` (no value deletes). The value is
/// positional, so a leading `-` needs no care.
pub fn guestproperty_set(
    vm: &str,
    name: &str,
    value: Option<&str>,
    flags: Option<&str>,
) -> Vec<String> {
    let mut a = Argv::new(&["guestproperty", "set"]).arg(vm).arg(name);
    if let Some(v) = value {
        a = a.arg(v);
        if let Some(f) = flags {
            a = a.arg("--flags").arg(f);
        }
    }
    a.into()
}

/// `guestproperty wait <vm> <patterns> --timeout <ms>`.
pub fn guestproperty_wait(vm: &str, patterns: &str, timeout_ms: u128) -> Vec<String> {
    Argv::new(&["guestproperty", "wait"])
        .arg(vm)
        .arg(patterns)
        .opt("--timeout", timeout_ms.to_string())
        .into()
}

/// `snapshot <vm> list --machinereadable`.
pub fn snapshot_list(vm: &str) -> Vec<String> {
    Argv::new(&["snapshot"])
        .arg(vm)
        .arg("list")
        .arg("--machinereadable")
        .into()
}

/// `snapshot <vm> take <name> [--description <d>] [--live]`.
pub fn snapshot_take(vm: &str, spec: &TakeSnapshot) -> Vec<String> {
    let mut a = Argv::new(&["snapshot"]).arg(vm).arg("take").arg(&spec.name);
    if !spec.description.is_empty() {
        a = a.opt("--description", &spec.description);
    }
    if spec.live {
        a = a.arg("--live");
    }
    a.into()
}

/// `snapshot <vm> restore|delete <snapshot>`.
pub fn snapshot_act(vm: &str, action: &str, snapshot: &str) -> Vec<String> {
    Argv::new(&["snapshot"])
        .arg(vm)
        .arg(action)
        .arg(snapshot)
        .into()
}

/// `getextradata <vm> <key>`.
pub fn getextradata(vm: &str, key: &str) -> Vec<String> {
    Argv::new(&["getextradata"]).arg(vm).arg(key).into()
}

/// `setextradata <vm> <key> [<value>]` (no value removes the key).
pub fn setextradata(vm: &str, key: &str, value: Option<&str>) -> Vec<String> {
    let a = Argv::new(&["setextradata"]).arg(vm).arg(key);
    match value {
        Some(v) => a.arg(v).into(),
        None => a.into(),
    }
}
