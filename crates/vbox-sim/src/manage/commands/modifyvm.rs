//! `modifyvm <vm> …`: memory, CPUs, NICs and their networks and MACs, groups, description,
//! OS type and name.
//!
//! Like VBoxManage, it takes a write lock first (a running machine refuses with "already
//! locked for a session", 7.0.14 `modifyvm-while-running`), applies the options in their
//! order on the session's copy of the settings and saves only when all of them succeeded:
//! a refused option changes nothing. Folder moves (groups, name) happen at the save.

use super::super::cli::{parse_u32, GetOpt, GetOptError, Item, Opt};
use super::super::context::{Cx, Site, FAILURE, SUCCESS};
use super::super::usage::Usage;
use super::{find_machine, folders, modifyvm_config, parse_groups};
use crate::model::machine::{safe_file_name, MachineRecord};
use crate::model::media::MediumRecord;
use crate::model::{errors, session, settings, Ctx, Registry};
use std::path::Path;
use vbox_types::{AdapterChange, ApiVersion, Error, ModifyMachine, NetworkAttachmentType};

/// `modifyvm`'s usage (the 7.0 manual's synopses of the options the emulator knows).
pub(crate) const USAGE: Usage = Usage {
    purpose: "change settings for a virtual machine that is stopped",
    synopses: &[
        (
            "",
            "VBoxManage modifyvm <uuid | vmname> [--name=name] [--groups= group [,group...] ] [--description=description] [--os-type=OS-type] [--icon-file=filename] [--memory=size-in-MB] [--page-fusion= on | off ] [--vram=size-in-MB] [--acpi= on | off ] [--ioapic= on | off ] [--hardware-uuid=UUID] [--cpus=CPU-count] [--cpu-hotplug= on | off ] [--plug-cpu=CPU-ID] [--unplug-cpu=CPU-ID] [--cpu-execution-cap=number] [--pae= on | off ] [--long-mode= on | off ] [--ibpb-on-vm-exit= on | off ] [--ibpb-on-vm-entry= on | off ] [--spec-ctrl= on | off ] [--l1d-flush-on-sched= on | off ] [--l1d-flush-on-vm-entry= on | off ] [--mds-clear-on-sched= on | off ] [--mds-clear-on-vm-entry= on | off ] [--cpu-profile= host | Intel 8086 | Intel 80286 | Intel 80386 ] [--hpet= on | off ] [--hwvirtex= on | off ] [--triple-fault-reset= on | off ] [--apic= on | off ] [--x2apic= on | off ] [--paravirt-provider= none | default | legacy | minimal | hyperv | kvm ] [--paravirt-debug= key=value [,key=value...] ] [--nested-paging= on | off ] [--large-pages= on | off ] [--vtx-vpid= on | off ] [--vtx-ux= on | off ] [--virt-vmsave-vmload= on | off ] [--accelerate-3d= on | off ] [--chipset= ich9 | piix3 ] [--iommu= none | automatic | amd | intel ] [--tpm-type= none | 1.2 | 2.0 | host | swtpm ] [--tpm-location= location ] [--bios-logo-fade-in= on | off ] [--bios-logo-fade-out= on | off ] [--bios-logo-display-time=msec] [--bios-logo-image-path=pathname] [--bios-boot-menu= disabled | menuonly | messageandmenu ] [--bios-apic= disabled | apic | x2apic ] [--bios-system-time-offset=msec] [--bios-pxe-debug= on | off ] [--system-uuid-le= on | off ] [--bootX= none | floppy | dvd | disk | net ] [--rtc-use-utc= on | off ] [--graphicscontroller= none | vboxvga | vmsvga | vboxsvga ] [--snapshot-folder= default | pathname ] [--firmware= bios | efi | efi32 | efi64 ] [--guest-memory-balloon=size-in-MB] [--default-frontend= default | name ] [--vm-process-priority= default | flat | low | normal | high ]",
        ),
        (
            "",
            "VBoxManage modifyvm <uuid | vmname> [--nicN= none | null | nat | bridged | intnet | hostonly | hostonlynet | generic | natnetwork | cloud ] [--nic-typeN= Am79C970A | Am79C973 | 82540EM | 82543GC | 82545EM | virtio ] [--cable-connectedN= on | off ] [--nic-traceN= on | off ] [--nic-trace-fileN=filename] [--nic-propertyN=name= [value] ] [--nic-speedN=kbps] [--nic-boot-prioN=priority] [--nic-promiscN= deny | allow-vms | allow-all ] [--nic-bandwidth-groupN= none | name ] [--bridge-adapterN= none | device-name ] [--cloud-networkN=network-name] [--host-only-adapterN= none | device-name ] [--host-only-netN=network-name] [--intnetN=network-name] [--nat-networkN=network-name] [--nic-generic-drvN=driver-name] [--mac-addressN= auto | MAC-address ]",
        ),
    ],
};

/// The 6.1 spellings, which 7.0 kept as aliases.
const OPTS_6: &[Opt] = &[
    Opt::value(&["--name"]),
    Opt::value(&["--groups"]),
    Opt::value(&["--description"]),
    Opt::value(&["--ostype"]),
    Opt::value(&["--memory"]),
    Opt::value(&["--cpus"]),
    Opt::indexed(&["--nic"]),
    Opt::indexed(&["--bridgeadapter"]),
    Opt::indexed(&["--intnet"]),
    Opt::indexed(&["--hostonlyadapter"]),
    Opt::indexed(&["--nat-network", "--natnetwork"]),
    Opt::indexed(&["--nicgenericdrv"]),
    Opt::indexed(&["--macaddress"]),
    Opt::value(&["--vram"]),
    Opt::indexed(&["--boot"]),
    Opt::indexed(&["--nictype"]),
    Opt::indexed(&["--cableconnected"]),
    Opt::indexed(&["--natpf"]),
];

/// 7.0 renamed most options with dashes and added host-only networks.
const OPTS_7: &[Opt] = &[
    Opt::value(&["--name"]),
    Opt::value(&["--groups"]),
    Opt::value(&["--description"]),
    Opt::value(&["--ostype", "--os-type"]),
    Opt::value(&["--memory"]),
    Opt::value(&["--cpus"]),
    Opt::indexed(&["--nic"]),
    Opt::indexed(&["--bridgeadapter", "--bridge-adapter"]),
    Opt::indexed(&["--intnet"]),
    Opt::indexed(&["--hostonlyadapter", "--host-only-adapter"]),
    Opt::indexed(&["--hostonlynet", "--host-only-net"]),
    Opt::indexed(&["--nat-network", "--natnetwork"]),
    Opt::indexed(&["--nicgenericdrv", "--nic-generic-drv"]),
    Opt::indexed(&["--macaddress", "--mac-address"]),
    Opt::value(&["--vram"]),
    Opt::indexed(&["--boot"]),
    Opt::indexed(&["--nictype", "--nic-type"]),
    Opt::indexed(&["--cableconnected", "--cable-connected"]),
    Opt::indexed(&["--natpf", "--nat-pf"]),
];

const FILE: &str = "VBoxManageModifyVM.cpp";
/// 7.2's lines here are the real 7.2.22 host's: the capture `modifyvm-while-running` and
/// the same refusals provoked there (a machine that does not exist, out-of-range memory and
/// CPU counts, a bad MAC address, a bad group).
const FIND: Site = Site::vbox(
    "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
    632,
    FILE,
)
.from(ApiVersion::V7_2, 893);
/// The lock of the captures `modifyvm-while-running` (7.0.14 and 7.2.22).
const LOCK: Site =
    Site::machine("LockMachine(a->session, LockType_Write)", 644, FILE).from(ApiVersion::V7_2, 901);
const SAVE: Site = Site::session_machine("SaveSettings()", 3358, FILE);

/// One option, parsed.
#[derive(Debug, Clone)]
enum Change {
    Memory(u32),
    Cpus(u32),
    Description(String),
    OsType(String),
    Groups(Vec<String>),
    Name(String),
    Nic(u32, Option<NetworkAttachmentType>),
    Mac(u32, String),
    Network(u32, NetworkAttachmentType, String),
    /// VRAM, boot order, card, cable, NAT rules (`modifyvm_config`).
    Config(Box<(ModifyMachine, Site)>),
}

/// `modifyvm`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    if args.len() < 2 {
        return cx.syntax_error("Not enough parameters");
    }
    let id = match find_machine(cx, &args[0], &FIND).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let lock = cx.sim.view(|reg, ctx| {
        let m = &reg.machines[reg.find(&id)?];
        session::check_write(m, ctx.now).map(|_| m.hw.adapters.len() as u32)
    });
    let nics = match lock {
        Ok(n) => n,
        Err(e) => return cx.api_error(&e, &LOCK),
    };
    let changes = match parse(cx, &args[1..], nics) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let done = cx
        .sim
        .transact(|reg, ctx| Ok(apply(reg, &id, &changes, ctx)))
        .unwrap_or_else(|e| Err(Box::new((e, SAVE))));
    match done {
        Ok(()) => SUCCESS,
        Err(failed) => cx.api_error(&failed.0, &failed.1),
    }
}

fn parse(cx: &mut Cx<'_>, args: &[String], nics: u32) -> Result<Vec<Change>, i32> {
    let opts = if cx.opts.api >= ApiVersion::V7_0 {
        OPTS_7
    } else {
        OPTS_6
    };
    let mut changes = Vec::new();
    let mut getopt = GetOpt::new(args, opts);
    while let Some(item) = getopt.next() {
        let (key, index, value) = match item {
            Ok(Item::Opt { key, index, value }) => (key, index, value),
            Ok(Item::Arg(a)) => {
                cx.invalid_parameter(a);
                return Err(FAILURE);
            }
            Err(e) => return Err(refuse(cx, e)),
        };
        let number = || parse_u32(value).ok_or_else(|| GetOptError::BadValue(value.to_string()));
        let nic = |cx: &mut Cx<'_>| {
            if (1..=nics).contains(&index) {
                Ok(index - 1)
            } else {
                cx.error_line(&format!("Invalid NIC number {index}"));
                Err(FAILURE)
            }
        };
        // The real 7.2.22 prints this and goes on: the option is skipped, the exit status
        // stays 0 and the other options are saved (`modifyvm a --memory 300 --nic9 nat`).
        if index != 0 && key != "--boot" && !(1..=nics).contains(&index) {
            cx.error_line(&format!("Invalid NIC number {index}"));
            continue;
        }
        if modifyvm_config::KEYS.contains(&key) {
            let mut next = || getopt.fetch_value().map(str::to_string);
            let mut nic = |cx: &mut Cx<'_>| nic(cx);
            let config = modifyvm_config::parse(cx, key, index, value, &mut nic, &mut next)?;
            changes.push(Change::Config(Box::new(config)));
            continue;
        }
        let change = match key {
            "--memory" => Change::Memory(number().map_err(|e| refuse(cx, e))?),
            "--cpus" => Change::Cpus(number().map_err(|e| refuse(cx, e))?),
            "--description" => Change::Description(value.to_string()),
            "--ostype" => Change::OsType(value.to_string()),
            "--groups" => Change::Groups(parse_groups(value)),
            "--name" => Change::Name(value.to_string()),
            "--macaddress" => Change::Mac(nic(cx)?, value.to_string()),
            "--nic" => {
                let slot = nic(cx)?;
                match attachment(value, cx.opts.api) {
                    Some(att) => Change::Nic(slot, att),
                    None => {
                        // The typo is VirtualBox's.
                        cx.error_line(&format!("Invalid type '{value}' specfied for NIC {index}"));
                        return Err(FAILURE);
                    }
                }
            }
            net => {
                let kind = network_kind(net);
                let created = kind == NetworkAttachmentType::HostOnly
                    && cx
                        .sim
                        .view(|reg, _| Ok(reg.interface(value).is_ok()))
                        .unwrap_or(false);
                if kind == NetworkAttachmentType::HostOnly
                    && !created
                    && !host_only_interfaces(cx.opts.api).contains(&value)
                {
                    // VBoxManage looks the interface up on the host and only warns.
                    cx.warning_line(&format!("Interface \"{value}\" doesn't seem to exist"));
                }
                Change::Network(nic(cx)?, kind, value.to_string())
            }
        };
        changes.push(change);
    }
    Ok(changes)
}

/// `--nic<N>` words. `None` inside: `none` disables the adapter.
fn attachment(word: &str, api: ApiVersion) -> Option<Option<NetworkAttachmentType>> {
    use NetworkAttachmentType as T;
    let att = match word {
        "none" => return Some(None),
        // The model does not tell "enabled but not attached" from "disabled".
        "null" => T::Null,
        "nat" => T::NAT,
        "bridged" => T::Bridged,
        "intnet" => T::Internal,
        "hostonly" => T::HostOnly,
        "hostonlynet" => T::HostOnlyNetwork,
        "generic" => T::Generic,
        "natnetwork" => T::NATNetwork,
        "cloud" => T::Cloud,
        _ => return None,
    };
    att.exists_in(api).then_some(Some(att))
}

/// The host-only interfaces the captured host of the version had besides those created in the
/// simulator (`hostonlyif create`).
/// The 7.0.14 host had `vboxnet0` (`modifyvm-nics` warns about nothing); Debian's 7.2.22 in
/// its chroot runs without VirtualBox's kernel modules and has none (`modifyvm-nics` warns
/// `Interface "vboxnet0" doesn't seem to exist`, and `list hostonlyifs` is empty there).
fn host_only_interfaces(api: ApiVersion) -> &'static [&'static str] {
    if api >= ApiVersion::V7_2 {
        &[]
    } else {
        &["vboxnet0"]
    }
}

/// Which attachment a network-name option names the network of.
fn network_kind(key: &str) -> NetworkAttachmentType {
    match key {
        "--bridgeadapter" => NetworkAttachmentType::Bridged,
        "--intnet" => NetworkAttachmentType::Internal,
        "--hostonlyadapter" => NetworkAttachmentType::HostOnly,
        "--hostonlynet" => NetworkAttachmentType::HostOnlyNetwork,
        "--nat-network" => NetworkAttachmentType::NATNetwork,
        _ => NetworkAttachmentType::Generic,
    }
}

/// Every refusal while parsing ends the command with 1 (VBoxManage sets E_FAIL).
fn refuse(cx: &mut Cx<'_>, e: GetOptError) -> i32 {
    cx.getopt_error(&e);
    FAILURE
}

fn setter(call: &'static str, line: u32) -> Site {
    Site::session_machine(call, line, FILE)
}

fn adapter_setter(call: &'static str, line: u32) -> Site {
    Site {
        component: "NetworkAdapterWrap",
        interface: "INetworkAdapter",
        call,
        line,
        file: FILE,
        later: None,
    }
}

/// `--groups`: 7.2 validates the groups in `IVirtualBox` (the real 7.2.22 host answers a bad
/// group from VirtualBoxWrap), 7.0 in the machine.
fn groups_site(api: ApiVersion) -> Site {
    const CALL: &str = "COMSETTER(Groups)(ComSafeArrayAsInParam(groups))";
    if api >= ApiVersion::V7_2 {
        Site::vbox(CALL, 935, FILE)
    } else {
        setter(CALL, 664)
    }
}

/// A refused option and its call (boxed: a `Result` error should stay small).
type Failed = Box<(Error, Site)>;

/// The session's copy of the settings, which `SaveSettings` commits.
struct Session<'a> {
    m: MachineRecord,
    media: Vec<MediumRecord>,
    taken: &'a dyn Fn(&str) -> bool,
    ctx: &'a Ctx<'a>,
}

impl Session<'_> {
    fn set(&mut self, change: ModifyMachine, site: Site) -> Result<(), Failed> {
        settings::modify(&mut self.m, &mut self.media, &change, self.taken, self.ctx)
            .map_err(|e| Box::new((e, site)))
    }

    fn set_adapter(&mut self, change: AdapterChange, site: Site) -> Result<(), Failed> {
        self.set(
            ModifyMachine {
                adapters: vec![change],
                ..Default::default()
            },
            site,
        )
    }
}

/// Apply the changes to a copy of the settings; commit only when every one succeeded.
fn apply(reg: &mut Registry, id: &str, changes: &[Change], ctx: &Ctx<'_>) -> Result<(), Failed> {
    let i = reg.find(id).map_err(|e| Box::new((e, FIND)))?;
    let macs = reg.macs();
    let taken = |mac: &str| macs.iter().any(|x| x == mac);
    let mut s = Session {
        m: reg.machines[i].clone(),
        media: reg.media.clone(),
        taken: &taken,
        ctx,
    };
    for c in changes {
        match c {
            Change::Memory(mb) => s.set(
                ModifyMachine {
                    memory_mb: Some(*mb),
                    ..Default::default()
                },
                setter("COMSETTER(MemorySize)(ValueUnion.u32)", 712).from(ApiVersion::V7_2, 988),
            )?,
            Change::Cpus(n) => s.set(
                ModifyMachine {
                    cpus: Some(*n),
                    ..Default::default()
                },
                setter("COMSETTER(CPUCount)(ValueUnion.u32)", 896).from(ApiVersion::V7_2, 1083),
            )?,
            Change::Description(d) => s.set(
                ModifyMachine {
                    description: Some(d.clone()),
                    ..Default::default()
                },
                setter("COMSETTER(Description)(Bstr(ValueUnion.psz).raw())", 680),
            )?,
            Change::OsType(os) => s.m.hw.os_type_id = os.clone(),
            Change::Nic(slot, att) => {
                let (attachment, site) = match att {
                    None => (
                        NetworkAttachmentType::Null,
                        adapter_setter("COMSETTER(Enabled)(FALSE)", 1432),
                    ),
                    Some(a) => (*a, adapter_setter(attachment_call(*a), 1452)),
                };
                let change = AdapterChange {
                    slot: *slot,
                    attachment: Some(attachment),
                    ..Default::default()
                };
                s.set_adapter(change, site)?
            }
            Change::Mac(slot, mac) => {
                let change = AdapterChange {
                    slot: *slot,
                    mac_address: Some(mac.clone()),
                    ..Default::default()
                };
                let site =
                    adapter_setter("COMSETTER(MACAddress)(Bstr(ValueUnion.psz).raw())", 1762)
                        .from(ApiVersion::V7_2, 2461);
                s.set_adapter(change, site)?
            }
            Change::Config(config) => {
                let (mut change, site) = (config.0.clone(), config.1);
                modifyvm_config::apply_boot(&mut change, &s.m.hw.config.boot_order);
                s.set(change, site)?
            }
            Change::Network(..) | Change::Groups(_) | Change::Name(_) => {}
        }
    }
    // A network name belongs to its kind of attachment; the adapter shows the one of the
    // attachment it ends up with.
    for c in changes {
        if let Change::Network(slot, kind, name) = c {
            if s.m.hw.adapters[*slot as usize].attachment == *kind {
                let change = AdapterChange {
                    slot: *slot,
                    network: Some(name.clone()),
                    ..Default::default()
                };
                let site = adapter_setter(
                    "COMSETTER(InternalNetwork)(Bstr(ValueUnion.psz).raw())",
                    1602,
                );
                s.set_adapter(change, site)?;
            }
        }
    }
    // `SaveSettings`: the folder follows the primary group and the name.
    for c in changes {
        match c {
            Change::Groups(g) => s.set(
                ModifyMachine {
                    groups: Some(g.clone()),
                    ..Default::default()
                },
                groups_site(ctx.api()),
            )?,
            Change::Name(n) => {
                rename(&mut s.m, &mut s.media, n).map_err(|e| Box::new((e, SAVE)))?
            }
            _ => {}
        }
    }
    let Session { m, media, .. } = s;
    reg.machines[i] = m;
    reg.media = media;
    reg.touch(i);
    Ok(())
}

/// The setter call VBoxManage makes for each `--nic<N>` word.
fn attachment_call(a: NetworkAttachmentType) -> &'static str {
    use NetworkAttachmentType as T;
    match a {
        T::Null => "COMSETTER(AttachmentType)(NetworkAttachmentType_Null)",
        T::NAT => "COMSETTER(AttachmentType)(NetworkAttachmentType_NAT)",
        T::Bridged => "COMSETTER(AttachmentType)(NetworkAttachmentType_Bridged)",
        T::Internal => "COMSETTER(AttachmentType)(NetworkAttachmentType_Internal)",
        T::HostOnly => "COMSETTER(AttachmentType)(NetworkAttachmentType_HostOnly)",
        T::Generic => "COMSETTER(AttachmentType)(NetworkAttachmentType_Generic)",
        T::NATNetwork => "COMSETTER(AttachmentType)(NetworkAttachmentType_NATNetwork)",
        T::Cloud => "COMSETTER(AttachmentType)(NetworkAttachmentType_Cloud)",
        T::HostOnlyNetwork => "COMSETTER(AttachmentType)(NetworkAttachmentType_HostOnlyNetwork)",
    }
}

/// A renamed machine whose folder carries its name moves to a folder of the new name.
fn rename(m: &mut MachineRecord, media: &mut [MediumRecord], name: &str) -> vbox_types::Result<()> {
    if name.is_empty() {
        return Err(errors::invalid_arg("Machine name must not be empty"));
    }
    let folder = Path::new(&m.folder).to_path_buf();
    let named_after = folder.file_name().map(|f| f.to_string_lossy().into_owned())
        == Some(safe_file_name(&m.name));
    let target = match folder.parent() {
        Some(parent) if named_after => parent.join(safe_file_name(name)),
        _ => folder.clone(),
    };
    m.name = name.to_string();
    folders::relocate(m, media, &target)
}
