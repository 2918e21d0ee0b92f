//! `storageattach <vm> --storagectl <n> --port <p> --device <d> [--type hdd|dvddrive]
//! --medium <file|uuid|emptydrive|none>`: hard disks and optical drives (7.0.14 capture
//! `disks-storageattach`; the 7.2.22 captures of fixtures/vboxmanage-7.2.22/config/).

use super::super::cli::{parse_u32, GetOpt, GetOptError, Item};
use super::super::context::{Cx, Site, SUCCESS};
use super::media::{locked_machine, storage_find, ATTACH_OPTS, STORAGEATTACH_USAGE, STORAGE_FILE};
use crate::model::storage;
use std::path::PathBuf;
use vbox_types::{ApiVersion, Error, ResultCode};

/// Where `OpenMedium` fails on a missing or unreadable image (real 7.2.22:
/// `storageattach-iso-missing`, `storageattach-iso-not-an-image`).
const OPEN_MEDIUM: Site = Site {
    component: "MediumWrap",
    interface: "IMedium",
    call: "OpenMedium(Bstr(pszFilenameOrUuid).raw(), enmDevType, enmAccessMode, fForceNewUuidOnOpen, pMedium.asOutParam())",
    line: 197,
    file: "VBoxManageDisk.cpp",
    later: None,
};

/// `storageattach`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&STORAGEATTACH_USAGE);
    let mut vm: Option<&str> = None;
    let (mut ctl, mut port, mut device, mut kind, mut medium) = (None, 0u32, 0u32, None, None);
    for item in GetOpt::new(args, ATTACH_OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--storagectl" => ctl = Some(value),
                "--port" | "--device" => match parse_u32(value) {
                    Some(n) if key == "--port" => port = n,
                    Some(n) => device = n,
                    None => return cx.getopt_error(&GetOptError::BadValue(value.to_string())),
                },
                "--type" => kind = Some(value),
                "--medium" => medium = Some(value),
                _ => {}
            },
            Ok(Item::Arg(a)) if vm.is_none() => vm = Some(a),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let (Some(vm), Some(ctl)) = (vm, ctl) else {
        return cx.syntax_error("Storage controller name not specified");
    };
    let Some(medium) = medium else {
        return cx.syntax_error("Argument --medium must be specified");
    };
    let dvd = kind == Some("dvddrive");
    if kind.is_some_and(|k| k != "hdd" && k != "dvddrive") && medium != "none" {
        return cx.fail(
            "Only hard disks (--type hdd) and DVD drives (--type dvddrive) are emulated by the VirtualBox simulator",
        );
    }
    let id = match locked_machine(cx, vm, storage_find(180, 339)).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    // VBoxManage looks the controller up itself and says so in one line (real 7.2.22
    // `storageattach-no-controller`).
    let known = cx.sim.view(|reg, ctx| {
        let m = &reg.machines[reg.find(&id)?];
        Ok(storage::controllers(ctx.root, m)
            .iter()
            .any(|c| c.name == ctl))
    });
    if known.is_ok_and(|k| !k) {
        return cx.fail(&format!("Could not find a controller named '{ctl}'"));
    }
    let location: PathBuf = std::env::current_dir().unwrap_or_default().join(medium);
    let location = location.to_string_lossy().into_owned();
    let by_uuid = crate::model::parse_uuid(medium).is_some();
    let image = if by_uuid { medium } else { location.as_str() };
    let done = cx.sim.transact(|reg, ctx| {
        let i = reg.find(&id)?;
        let slot = (ctl, port, device);
        let saved = reg.clone();
        let r = if medium == "none" {
            storage::detach(reg, i, slot, ctx)
        } else if dvd {
            let image = (medium != "emptydrive").then_some(image);
            storage::attach_dvd(reg, i, slot, image, ctx)
        } else {
            storage::attach(reg, i, slot, image, ctx)
        };
        if r.is_err() {
            *reg = saved;
        }
        r
    });
    match done {
        Ok(()) => SUCCESS,
        Err(e) if opening_failed(&e) => {
            cx.api_error(&e, &OPEN_MEDIUM);
            cx.fail(&format!("Invalid UUID or filename \"{image}\""))
        }
        Err(e) => {
            let call = match (medium, dvd) {
                ("none", _) => "DetachDevice(Bstr(pszCtl).raw(), port, device)",
                ("emptydrive", _) => {
                    "AttachDeviceWithoutMedium(Bstr(pszCtl).raw(), port, device, deviceType)"
                }
                (_, true) => {
                    "AttachDevice(Bstr(pszCtl).raw(), port, device, DeviceType_DVD, pMedium2Mount)"
                }
                _ => {
                    "AttachDevice(Bstr(pszCtl).raw(), port, device, DeviceType_HardDisk, pMedium2Mount)"
                }
            };
            // 7.2: `AttachDevice` to a port out of range on the real 7.2.22 host.
            let site = Site::session_machine(call, 1010, STORAGE_FILE).from(ApiVersion::V7_2, 782);
            cx.api_error(&e, &site)
        }
    }
}

/// A missing or unreadable image: `OpenMedium`'s failure, before any attach.
fn opening_failed(e: &Error) -> bool {
    matches!(
        e.code(),
        Some(ResultCode::FILE_ERROR) | Some(ResultCode::IPRT_ERROR)
    ) && (e.message().contains("Could not find file for the medium")
        || e.message().contains("Could not get the storage format"))
}
