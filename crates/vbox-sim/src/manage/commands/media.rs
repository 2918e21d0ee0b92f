//! `createmedium disk`, `storagectl` and `storageattach`: the three steps that give a
//! machine a disk (7.0.14 captures `disks-createmedium`, `disks-storagectl-add`,
//! `disks-storageattach`).

use super::super::cli::{parse_u32, GetOpt, GetOptError, Item, Opt};
use super::super::context::{code_symbol, Cx, ProgressSite, Site, SUCCESS};
use super::super::progress::{self, Progress};
use super::super::usage::Usage;
use super::find_machine;
use crate::model::{session, storage};
use vbox_types::ApiVersion;

/// `createmedium`'s usage (7.0 manual).
pub(crate) const CREATE_USAGE: Usage = Usage {
    purpose: "create a new virtual hard disk, DVD, or floppy medium",
    synopses: &[(
        "",
        "VBoxManage createmedium [disk | dvd | floppy] --filename=filename [--size=megabytes | --sizebyte=bytes] [--diffparent= UUID | filename ] [--format= VDI | VMDK | VHD ] [--variant Standard,Fixed,Split2G,Stream,ESX,Formatted,RawDisk] --property name=value... --property-file name=/path/to/file/with/value...",
    )],
};

/// `storagectl`'s usage (7.0 manual).
pub(crate) const STORAGECTL_USAGE: Usage = Usage {
    purpose: "manage a storage controller",
    synopses: &[(
        "",
        "VBoxManage storagectl <uuid | vmname> --name=controller-name [--add= floppy | ide | pcie | sas | sata | scsi | usb ] [--controller= BusLogic | I82078 | ICH6 | IntelAhci | LSILogic | LSILogicSAS | NVMe | PIIX3 | PIIX4 | USB | VirtIO ] [--bootable= on | off ] [--hostiocache= on | off ] [--portcount=count] [--remove] [--rename=new-controller-name]",
    )],
};

/// `storageattach`'s usage (7.0 manual, the options the emulator knows).
pub(crate) const STORAGEATTACH_USAGE: Usage = Usage {
    purpose: "attach, remove, and modify storage media used by a virtual machine",
    synopses: &[(
        "",
        "VBoxManage storageattach <uuid | vmname> --storagectl=name [--bandwidthgroup= name | none ] [--comment=text] [--device=number] [--discard= on | off ] [--encodedlun=lun] [--forceunmount] [--hotpluggable= on | off ] [--initiator=initiator] [--intnet] [--lun=lun] [--medium= none | emptydrive | additions | uuid | filename | host:drive | iscsi ] [--mtype= normal | writethrough | immutable | shareable | readonly | multiattach ] [--nonrotational= on | off ] [--passthrough= on | off ] [--passwordfile=file] [--password=password] [--port=number] [--server= name | ip ] [--setparentuuid=uuid] [--setuuid=uuid] [--target=target] [--tempeject= on | off ] [--tport=port] [--type= dvddrive | fdd | hdd ] [--username=username]",
    )],
};

const CREATE_OPTS: &[Opt] = &[
    Opt::value(&["--filename", "-filename"]),
    Opt::value(&["--size", "-size"]),
    Opt::value(&["--sizebyte"]),
    Opt::value(&["--format", "-format"]),
    Opt::value(&["--variant", "-variant"]),
    Opt::value(&["--diffparent"]),
    Opt::flag(&["--static", "-static"]),
    Opt::value(&["--property"]),
    Opt::value(&["--property-file"]),
];

const CTL_OPTS: &[Opt] = &[
    Opt::value(&["--name"]),
    Opt::value(&["--add"]),
    Opt::value(&["--controller"]),
    Opt::value(&["--portcount", "--sataportcount"]),
    Opt::value(&["--bootable"]),
    Opt::value(&["--hostiocache"]),
    Opt::value(&["--rename"]),
    Opt::flag(&["--remove"]),
];

pub(super) const ATTACH_OPTS: &[Opt] = &[
    Opt::value(&["--storagectl"]),
    Opt::value(&["--port"]),
    Opt::value(&["--device"]),
    Opt::value(&["--type"]),
    Opt::value(&["--medium"]),
    Opt::value(&["--mtype"]),
    Opt::value(&["--comment"]),
    Opt::value(&["--nonrotational"]),
    Opt::value(&["--discard"]),
    Opt::value(&["--hotpluggable"]),
];

/// `createmedium` took 41 ms on the real host (reference §8).
const CREATE_MEDIUM_MS: i64 = 41;

const DISK_FILE: &str = "VBoxManageDisk.cpp";
pub(super) const STORAGE_FILE: &str = "VBoxManageStorageController.cpp";

/// `createmedium disk --filename <f> --size <MB> [--format VDI]`.
pub(crate) async fn create(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&CREATE_USAGE);
    let (mut filename, mut size_mb, mut kind) = (None::<&str>, None::<u64>, "disk");
    for item in GetOpt::new(args, CREATE_OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--filename" => filename = Some(value),
                "--size" | "--sizebyte" => match value.parse::<u64>() {
                    Ok(n) if key == "--size" => size_mb = Some(n),
                    Ok(n) => size_mb = Some(n.div_ceil(1024 * 1024)),
                    Err(_) => return cx.getopt_error(&GetOptError::BadValue(value.to_string())),
                },
                "--format" if !value.eq_ignore_ascii_case("VDI") => {
                    return cx.fail(&format!(
                        "The medium format '{value}' is not emulated by the VirtualBox simulator (VDI only)"
                    ))
                }
                "--diffparent" | "--property" | "--property-file" => {
                    return cx.fail(&format!("createmedium {key} is not emulated by the VirtualBox simulator"))
                }
                _ => {}
            },
            Ok(Item::Arg(a @ ("disk" | "dvd" | "floppy"))) => kind = a,
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(filename) = filename.filter(|f| !f.is_empty()) else {
        return cx.syntax_error("Parameters --filename is required");
    };
    if kind != "disk" {
        return cx.fail("Only hard disks are emulated by the VirtualBox simulator");
    }
    let Some(size_mb) = size_mb else {
        return cx.syntax_error("Parameters --size is required");
    };
    // VBoxManage makes the name absolute; VirtualBox adds the format's extension.
    let mut location = std::env::current_dir().unwrap_or_default().join(filename);
    if location.extension().is_none() {
        location.set_extension("vdi");
    }
    // The image is created at once; a file that exists fails the progress at its start.
    match cx
        .sim
        .transact(|reg, _| storage::create_medium(reg, &location, size_mb))
    {
        Ok(id) => {
            progress::timed(cx, CREATE_MEDIUM_MS).await;
            cx.print(&format!("Medium created. UUID: {id}\n"));
            SUCCESS
        }
        Err(e) => {
            Progress::start(cx).fail(cx, code_symbol(&e));
            let site = ProgressSite {
                component: "MediumWrap",
                interface: "IMedium",
                // The same line on the real 7.2.22 host (a file that exists already).
                context: Some(("RTEXITCODE handleCreateMedium(HandlerArg*)", 630, DISK_FILE)),
                later: None,
            };
            cx.progress_error(Some("Failed to create medium"), &e, &site)
        }
    }
}

/// The `FindMachine` of a storage command at its 7.0 line and, from 7.2, at the line the real
/// 7.2.22 host prints for a machine that does not exist.
pub(super) fn storage_find(line: u32, line_7_2: u32) -> Site {
    Site::vbox(
        "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
        line,
        STORAGE_FILE,
    )
    .from(ApiVersion::V7_2, line_7_2)
}

/// Find the machine and check the write lock both commands take (6 lines after the lookup).
pub(super) async fn locked_machine(cx: &mut Cx<'_>, vm: &str, find: Site) -> Result<String, i32> {
    let id = find_machine(cx, vm, &find).await?;
    let lock = cx
        .sim
        .view(|reg, ctx| session::check_write(&reg.machines[reg.find(&id)?], ctx.now));
    match lock {
        Ok(()) => Ok(id),
        Err(e) => {
            let line = find.line_in(cx.opts.api) + 6;
            let site = Site::machine(
                "LockMachine(a->session, LockType_Write)",
                line,
                STORAGE_FILE,
            );
            Err(cx.api_error(&e, &site))
        }
    }
}

/// `storagectl <vm> --name <n> (--add <bus> [--controller <type>] [--portcount <n>] | --remove)`.
pub(crate) async fn storagectl(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&STORAGECTL_USAGE);
    let mut vm: Option<&str> = None;
    let (mut name, mut bus, mut kind, mut ports, mut remove) = (None, None, None, None, false);
    for item in GetOpt::new(args, CTL_OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--name" => name = Some(value),
                "--add" => bus = Some(value),
                "--controller" => kind = Some(value),
                "--portcount" => match parse_u32(value) {
                    Some(n) => ports = Some(n),
                    None => return cx.getopt_error(&GetOptError::BadValue(value.to_string())),
                },
                "--remove" => remove = true,
                "--rename" => {
                    return cx
                        .fail("storagectl --rename is not emulated by the VirtualBox simulator")
                }
                _ => {}
            },
            Ok(Item::Arg(a)) if vm.is_none() => vm = Some(a),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let (Some(vm), Some(name)) = (vm, name) else {
        return cx.syntax_error("Storage controller name not specified");
    };
    if let Some(b) = bus.filter(|b| !storage::is_bus(b)) {
        return cx.fail(&format!("Invalid --add argument '{b}'"));
    }
    if let (Some(b), Some(k)) = (bus, kind) {
        if storage::controller_type(b, k).is_none() {
            return cx.fail(&format!("Invalid --type argument '{k}'"));
        }
    }
    let id = match locked_machine(cx, vm, storage_find(1060, 1054)).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let done = cx.sim.transact(|reg, ctx| {
        let i = reg.find(&id)?;
        Ok(change_controller(
            reg,
            i,
            name,
            (bus, kind, ports),
            remove,
            ctx,
        ))
    });
    let done = done.unwrap_or_else(|e| {
        Err((
            e,
            "GetStorageControllerByName(Bstr(pszCtl).raw(), ctl.asOutParam())",
        ))
    });
    match done {
        Ok(()) => SUCCESS,
        Err((e, call)) => {
            // 7.2: `AddStorageController` of an existing name on the real 7.2.22 host.
            let site = Site::session_machine(call, 1120, STORAGE_FILE).from(ApiVersion::V7_2, 1088);
            cx.api_error(&e, &site)
        }
    }
}

type ControllerChange<'a> = (Option<&'a str>, Option<&'a str>, Option<u32>);

/// The API calls of `storagectl`, each failure with its call.
fn change_controller(
    reg: &mut crate::model::Registry,
    i: usize,
    name: &str,
    (bus, kind, ports): ControllerChange<'_>,
    remove: bool,
    ctx: &crate::model::Ctx<'_>,
) -> Result<(), (vbox_types::Error, &'static str)> {
    if remove {
        return storage::remove_controller(reg, i, name, ctx)
            .map_err(|e| (e, "RemoveStorageController(Bstr(pszCtl).raw())"));
    }
    if let Some(b) = bus {
        storage::add_controller(reg, i, name, b, kind, ctx).map_err(|e| {
            (
                e,
                "AddStorageController(Bstr(pszCtl).raw(), StorageBus_SATA, ctl.asOutParam())",
            )
        })?;
    }
    if let Some(n) = ports {
        storage::set_port_count(reg, i, name, n, ctx)
            .map_err(|e| (e, "COMSETTER(PortCount)(portcount)"))?;
    }
    Ok(())
}
