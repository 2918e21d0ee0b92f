//! The emulated VBoxManage commands, one module per command (or family), each with its
//! usage text, its options and its handler.

pub(crate) mod clonevm;
mod closemedium;
mod controlvm;
mod createvm;
mod export;
mod extradata;
mod folders;
mod guestproperty;
mod hostonly;
mod import;
mod list;
mod media;
mod modifyvm;
mod modifyvm_config;
mod setproperty;
mod sharedfolder;
mod showvminfo;
mod snapshot;
mod startvm;
mod storageattach;
mod unregistervm;
mod wait;

use super::context::{Cx, Site};
use super::usage::Usage;
use vbox_types::Backend;

/// Every command the emulator knows, with its usage.
pub(crate) const COMMANDS: &[(&str, &Usage)] = &[
    ("list", &list::USAGE),
    ("showvminfo", &showvminfo::USAGE),
    ("createvm", &createvm::USAGE),
    ("modifyvm", &modifyvm::USAGE),
    ("clonevm", &clonevm::USAGE),
    ("startvm", &startvm::USAGE),
    ("controlvm", &controlvm::USAGE),
    ("unregistervm", &unregistervm::USAGE),
    ("snapshot", &snapshot::USAGE),
    ("guestproperty", &guestproperty::USAGE),
    ("getextradata", &extradata::GET_USAGE),
    ("setextradata", &extradata::SET_USAGE),
    ("createmedium", &media::CREATE_USAGE),
    ("createhd", &media::CREATE_USAGE),
    ("storagectl", &media::STORAGECTL_USAGE),
    ("storageattach", &media::STORAGEATTACH_USAGE),
    ("closemedium", &closemedium::USAGE),
    ("sharedfolder", &sharedfolder::USAGE),
    ("setproperty", &setproperty::USAGE),
    ("import", &import::USAGE),
    ("export", &export::USAGE),
    ("hostonlyif", &hostonly::HOSTONLYIF_USAGE),
    ("dhcpserver", &hostonly::DHCPSERVER_USAGE),
];

/// The usage of a command, if the emulator knows it.
pub(crate) fn usage_of(command: &str) -> Option<&'static Usage> {
    COMMANDS
        .iter()
        .find(|(name, _)| *name == command)
        .map(|(_, u)| *u)
}

/// Run a known command on its arguments; the exit code.
pub(crate) async fn dispatch(cx: &mut Cx<'_>, command: &str, args: &[String]) -> i32 {
    match command {
        "list" => list::run(cx, args).await,
        "showvminfo" => showvminfo::run(cx, args).await,
        "createvm" => createvm::run(cx, args).await,
        "modifyvm" => modifyvm::run(cx, args).await,
        "clonevm" => clonevm::run(cx, args).await,
        "startvm" => startvm::run(cx, args).await,
        "controlvm" => controlvm::run(cx, args).await,
        "unregistervm" => unregistervm::run(cx, args).await,
        "snapshot" => snapshot::run(cx, args).await,
        "guestproperty" => guestproperty::run(cx, args).await,
        "getextradata" => extradata::get(cx, args).await,
        "setextradata" => extradata::set(cx, args).await,
        "createmedium" | "createhd" => media::create(cx, args).await,
        "storagectl" => media::storagectl(cx, args).await,
        "storageattach" => storageattach::run(cx, args).await,
        "closemedium" => closemedium::run(cx, args).await,
        "sharedfolder" => sharedfolder::run(cx, args).await,
        "setproperty" => setproperty::run(cx, args).await,
        "import" => import::run(cx, args).await,
        "export" => export::run(cx, args).await,
        "hostonlyif" => hostonly::hostonlyif(cx, args).await,
        "dhcpserver" => hostonly::dhcpserver(cx, args).await,
        other => cx.syntax_error(&format!("Invalid command '{other}'")),
    }
}

/// `FindMachine`: the machine's UUID, or the error printed at `site` (`Err` carries the
/// exit code, 1).
pub(crate) async fn find_machine(cx: &mut Cx<'_>, name: &str, site: &Site) -> Result<String, i32> {
    match cx.sim.get_machine(name).await {
        Ok(m) => Ok(m.id),
        Err(e) => Err(cx.api_error(&e, site)),
    }
}

/// VBoxManage's `parseGroups`: a comma-separated list.
pub(crate) fn parse_groups(list: &str) -> Vec<String> {
    list.split(',').map(str::to_string).collect()
}
