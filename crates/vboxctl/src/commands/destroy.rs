//! `destroy`: power off, unregister, delete the disks that belong to the machine alone.

use super::{Ctx, ExitStatus};
use crate::cli::DestroyArgs;
use crate::output::json::{DestroyJson, MediumJson};
use crate::settings::destroy_options;
use anyhow::Result;
use std::path::Path;
use vbox_types::Machine;

pub async fn run(ctx: &Ctx<'_>, args: &DestroyArgs) -> Result<ExitStatus> {
    let opts = destroy_options(args);
    let backend = ctx.backend().await?;
    let before = vbox_ops::get(backend, &args.name).await?;
    let message = format!("Destroying '{}'", args.name);
    let outcome = ctx
        .waiting(message, vbox_ops::destroy(backend, &args.name, &opts))
        .await?;
    prune_group_folders(&backend.describe(), &before);
    if outcome.powered_off {
        ctx.printer
            .status(format!("Powered off '{}' first", args.name));
    }
    for medium in &outcome.deleted_media {
        ctx.printer
            .status(format!("Deleted disk {}", medium.location));
    }
    for medium in &outcome.kept_media {
        ctx.printer.status(format!("Kept disk {}", medium.location));
    }
    ctx.printer.status(format!("Destroyed '{}'", args.name));
    if ctx.json() {
        ctx.printer.json(&DestroyJson {
            name: args.name.clone(),
            powered_off: outcome.powered_off,
            deleted_media: outcome.deleted_media.iter().map(MediumJson::new).collect(),
            kept_media: outcome.kept_media.iter().map(MediumJson::new).collect(),
        })?;
    }
    Ok(ExitStatus::Success)
}

/// Remove the group folders a destroyed machine sat in (`<machines>/lab/web/` of a machine in
/// `/lab/web`) when it left them empty. VirtualBox (7.2.22, checked: `unregistervm --delete`)
/// deletes the machine's own folder but keeps the group folders, so `down --destroy` of a map
/// left a tree of empty folders. Only where vboxctl sees the host's files (the simulator, a
/// local VBoxManage), only folders named like the group's parts, and only empty ones.
pub fn prune_group_folders(describe: &str, machine: &Machine) {
    let local = describe.starts_with("sim://") || describe.starts_with("vboxmanage:///");
    let Some(group) = machine.groups.first().filter(|g| *g != "/") else {
        return;
    };
    if !local {
        return;
    }
    let parts: Vec<&str> = group.split('/').filter(|p| !p.is_empty()).collect();
    let machine_dir = Path::new(&machine.settings_file).parent();
    let mut dir = machine_dir.and_then(Path::parent);
    for part in parts.iter().rev() {
        let Some(d) = dir else { break };
        let named = d.file_name().is_some_and(|n| n.to_string_lossy() == *part);
        if !named || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
