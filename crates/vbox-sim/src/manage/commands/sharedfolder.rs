//! `sharedfolder add|remove <vm> --name <n> [--hostpath <p>] [--readonly] [--automount]
//! [--auto-mount-point <m>] [--transient]`, with the real 7.2.22 host's texts
//! (fixtures/vboxmanage-7.2.22/config/sharedfolder-*). A permanent change locks the machine
//! for writing; a transient one needs its VM process and goes through the console. The
//! source lines of the transient calls were not captured: they are those of the permanent
//! calls.

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{Cx, Site, SUCCESS};
use super::super::usage::Usage;
use super::find_machine;
use crate::model::shares;
use vbox_types::{ErrorKind, SharedFolder};

/// `sharedfolder`'s usage (7.2 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "add and remove shared folders",
    synopses: &[
        (
            "add",
            "VBoxManage sharedfolder add <uuid | vmname> <--name=name> <--hostpath=hostpath> [--readonly] [--transient] [--automount] [--auto-mount-point=path]",
        ),
        (
            "remove",
            "VBoxManage sharedfolder remove <uuid | vmname> <--name=name> [--transient]",
        ),
    ],
};

const FILE: &str = "VBoxManageMisc.cpp";

const OPTS: &[Opt] = &[
    Opt::value(&["--name", "-name"]),
    Opt::value(&["--hostpath", "-hostpath"]),
    Opt::flag(&["--readonly", "-readonly"]),
    Opt::flag(&["--transient", "-transient"]),
    Opt::flag(&["--automount", "-automount"]),
    Opt::value(&["--auto-mount-point"]),
];

/// `sharedfolder`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let Some(sub) = args.first().map(String::as_str) else {
        return cx.syntax_error("Not enough parameters");
    };
    let add = match sub {
        "add" => true,
        "remove" => false,
        other => return cx.syntax_error(&format!("Invalid parameter '{other}'")),
    };
    cx.set_subcommand(if add { "add" } else { "remove" });
    let mut vm = None;
    let mut share = SharedFolder {
        auto_mount: false,
        ..SharedFolder::new("", "")
    };
    for item in GetOpt::new(&args[1..], OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--name" => share.name = value.to_string(),
                "--hostpath" => share.host_path = value.to_string(),
                "--readonly" => share.read_only = true,
                "--transient" => share.transient = true,
                "--automount" => share.auto_mount = true,
                "--auto-mount-point" => share.mount_point = value.to_string(),
                _ => {}
            },
            Ok(Item::Arg(a)) if vm.is_none() => vm = Some(a.to_string()),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(vm) = vm else {
        return cx.syntax_error("No VM specified");
    };
    if share.name.is_empty() {
        return cx.syntax_error("No shared folder name specified");
    }
    if add && share.host_path.is_empty() {
        return cx.syntax_error("No host path specified");
    }
    let find = Site::vbox(
        "FindMachine(Bstr(pszMachineName).raw(), machine.asOutParam())",
        if add { 1712 } else { 1820 },
        FILE,
    );
    let id = match find_machine(cx, &vm, &find).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let done = cx.sim.transact(|reg, ctx| {
        let i = reg.find(&id)?;
        let m = &mut reg.machines[i];
        let r = if add {
            shares::add(m, &share, ctx)
        } else {
            shares::remove(m, &share.name, share.transient, ctx)
        };
        if r.is_ok() {
            reg.touch(i);
        }
        r
    });
    let Err(e) = done else {
        return SUCCESS;
    };
    // VBoxManage's own check, no API error block (`sharedfolder-add-transient-stopped`).
    if e.kind() == ErrorKind::InvalidState && e.code().is_none() {
        return cx.fail(e.message());
    }
    let site = if e.kind() == ErrorKind::Locked {
        Site::machine(
            "LockMachine(a->session, LockType_Write)",
            if add { 1726 } else { 1830 },
            FILE,
        )
    } else if add {
        Site {
            component: "SharedFolderWrap",
            interface: "ISharedFolder",
            ..Site::session_machine(
                "CreateSharedFolder(Bstr(pszName).raw(), Bstr(szAbsHostPath).raw(), fWritable, fAutoMount, Bstr(pszAutoMountPoint).raw())",
                1732,
                FILE,
            )
        }
    } else {
        Site::session_machine("RemoveSharedFolder(Bstr(pszName).raw())", 1836, FILE)
    };
    cx.api_error(&e, &site)
}
