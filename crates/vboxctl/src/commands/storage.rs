//! `storage attach|detach|list` and `share add|remove|list`: one [`ModifyMachine`] each,
//! checked and applied by `vbox_ops::configure::modify` (a refused change changes nothing).

use super::{backend_error, Ctx, ExitStatus};
use crate::cli::{
    ShareAddArgs, ShareCommand, ShareRemoveArgs, StorageAttachArgs, StorageCommand,
    StorageDetachArgs,
};
use crate::output::storage_json::{SharedFolderJson, StorageJson};
use crate::output::Table;
use anyhow::Result;
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_types::{
    Backend, MachineConfig, MediumSource, ModifyMachine, SharedFolder, SharedFolderRemoval,
    StorageAttach, StorageKind, StorageSlot,
};

pub async fn run(ctx: &Ctx<'_>, command: StorageCommand) -> Result<ExitStatus> {
    match command {
        StorageCommand::Attach(args) => attach(ctx, &args).await,
        StorageCommand::Detach(args) => detach(ctx, &args).await,
        StorageCommand::List(args) => list(ctx, &args.name).await,
    }
}

pub async fn run_share(ctx: &Ctx<'_>, command: ShareCommand) -> Result<ExitStatus> {
    match command {
        ShareCommand::Add(args) => share_add(ctx, &args).await,
        ShareCommand::Remove(args) => share_remove(ctx, &args).await,
        ShareCommand::List(args) => share_list(ctx, &args.name).await,
    }
}

async fn apply(ctx: &Ctx<'_>, name: &str, change: &ModifyMachine) -> Result<()> {
    let backend = ctx.backend().await?;
    configure::modify(backend, name, change, ForwardPolicy::default()).await?;
    Ok(())
}

async fn read(backend: &dyn Backend, name: &str) -> Result<MachineConfig> {
    Ok(backend
        .machine_config(name)
        .await
        .map_err(backend_error("read the storage of", name))?)
}

/// The folder of the machine's settings file (`/` and `\` both end a folder: the host may be
/// Windows).
fn machine_folder(settings_file: &str) -> &str {
    settings_file
        .rsplit_once(['/', '\\'])
        .map_or("", |(dir, _)| dir)
}

async fn attach(ctx: &Ctx<'_>, args: &StorageAttachArgs) -> Result<ExitStatus> {
    let kind = args.kind();
    let slot = match (&args.slot, kind) {
        (Some(slot), _) => slot.clone(),
        // The first SATA port without anything attached: port 0 usually holds the boot disk.
        (None, StorageKind::Disk) => {
            let config = read(ctx.backend().await?, &args.name).await?;
            let taken = |port: u32| {
                config
                    .attachments
                    .iter()
                    .any(|a| a.slot.controller == "SATA" && a.slot.port == port)
            };
            let port = (0..).find(|p| !taken(*p)).unwrap_or(0);
            StorageSlot::new("SATA", port, 0)
        }
        // The secondary master, where VirtualBox's own machines keep their DVD drive.
        (None, _) => StorageSlot::new("IDE", 1, 0),
    };
    let source = if let Some(iso) = &args.iso {
        MediumSource::Existing(iso.clone())
    } else if let Some(disk) = &args.disk {
        MediumSource::Existing(disk.clone())
    } else if let Some(size_mb) = args.new_disk {
        let path = match &args.path {
            Some(p) => p.clone(),
            None => {
                let m = vbox_ops::get(ctx.backend().await?, &args.name).await?;
                let file = format!(
                    "{}-{}-{}-{}.vdi",
                    m.name, slot.controller, slot.port, slot.device
                );
                format!(
                    "{}/{}",
                    machine_folder(&m.settings_file),
                    file.replace(['/', '\\', ':'], "_")
                )
            }
        };
        MediumSource::New { path, size_mb }
    } else if args.empty {
        MediumSource::EmptyDrive
    } else {
        anyhow::bail!(crate::error::CliError::new("nothing to attach")
            .with_hint("give --iso FILE, --disk FILE, --new-disk MB or --empty"));
    };
    let change = ModifyMachine {
        storage_attached: vec![StorageAttach {
            slot: slot.clone(),
            kind,
            source,
            bus: args.bus,
        }],
        ..ModifyMachine::default()
    };
    apply(ctx, &args.name, &change).await?;
    ctx.printer
        .status(format!("Attached a {kind} to {slot} of '{}'", args.name));
    if ctx.json() {
        let c = read(ctx.backend().await?, &args.name).await?;
        ctx.printer.json(&StorageJson::new(&c))?;
    }
    Ok(ExitStatus::Success)
}

async fn detach(ctx: &Ctx<'_>, args: &StorageDetachArgs) -> Result<ExitStatus> {
    let change = ModifyMachine {
        storage_detached: vec![args.slot.clone()],
        ..ModifyMachine::default()
    };
    apply(ctx, &args.name, &change).await?;
    ctx.printer
        .status(format!("Detached {} of '{}'", args.slot, args.name));
    Ok(ExitStatus::Success)
}

async fn list(ctx: &Ctx<'_>, name: &str) -> Result<ExitStatus> {
    let c = read(ctx.backend().await?, name).await?;
    if ctx.json() {
        ctx.printer.json(&StorageJson::new(&c))?;
    } else if c.attachments.is_empty() {
        ctx.printer
            .status(format!("'{name}' has no storage attached"));
    } else {
        ctx.printer.table(&attachment_table(&c))?;
    }
    Ok(ExitStatus::Success)
}

/// A size in MB, or `-` when unknown.
fn size(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "-".to_string(), |b| format!("{} MB", b / (1024 * 1024)))
}

/// Slot, bus, kind, size and medium of every attachment.
pub fn attachment_table(c: &MachineConfig) -> Table {
    let mut table = Table::new(&["SLOT", "BUS", "KIND", "SIZE", "MEDIUM"]);
    for a in &c.attachments {
        let bus = c
            .controllers
            .iter()
            .find(|x| x.name == a.slot.controller)
            .map_or("-", |x| x.bus.manage_word());
        table.row([
            a.slot.to_string(),
            bus.to_string(),
            a.kind.to_string(),
            size(a.size_bytes),
            a.medium.clone().unwrap_or_else(|| "(empty)".to_string()),
        ]);
    }
    table
}

async fn share_add(ctx: &Ctx<'_>, args: &ShareAddArgs) -> Result<ExitStatus> {
    let share = SharedFolder {
        name: args.share.clone(),
        host_path: args.host_path.clone(),
        read_only: args.read_only,
        auto_mount: args.auto_mount,
        mount_point: args.mount_point.clone().unwrap_or_default(),
        transient: args.transient,
    };
    let change = ModifyMachine {
        shared_folders_added: vec![share],
        ..ModifyMachine::default()
    };
    apply(ctx, &args.name, &change).await?;
    ctx.printer.status(format!(
        "Shared '{}' with '{}' as '{}'",
        args.host_path, args.name, args.share
    ));
    Ok(ExitStatus::Success)
}

async fn share_remove(ctx: &Ctx<'_>, args: &ShareRemoveArgs) -> Result<ExitStatus> {
    let change = ModifyMachine {
        shared_folders_removed: vec![SharedFolderRemoval {
            name: args.share.clone(),
            transient: args.transient,
        }],
        ..ModifyMachine::default()
    };
    apply(ctx, &args.name, &change).await?;
    ctx.printer
        .status(format!("Removed share '{}' of '{}'", args.share, args.name));
    Ok(ExitStatus::Success)
}

async fn share_list(ctx: &Ctx<'_>, name: &str) -> Result<ExitStatus> {
    let c = read(ctx.backend().await?, name).await?;
    if ctx.json() {
        let rows: Vec<SharedFolderJson> =
            c.shared_folders.iter().map(SharedFolderJson::new).collect();
        ctx.printer.json(&rows)?;
    } else if c.shared_folders.is_empty() {
        ctx.printer.status(format!("'{name}' has no shared folder"));
    } else {
        ctx.printer.table(&share_table(&c.shared_folders))?;
    }
    Ok(ExitStatus::Success)
}

/// Name, host path and flags of every share. The flags VBoxManage does not print read back
/// as unset through the VBoxManage backend.
pub fn share_table(shares: &[SharedFolder]) -> Table {
    let mut table = Table::new(&["NAME", "HOST PATH", "FLAGS"]);
    for s in shares {
        let mut flags = Vec::new();
        if s.read_only {
            flags.push("read-only".to_string());
        }
        if s.auto_mount {
            flags.push("auto-mount".to_string());
        }
        if !s.mount_point.is_empty() {
            flags.push(format!("at {}", s.mount_point));
        }
        if s.transient {
            flags.push("transient".to_string());
        }
        table.row([s.name.clone(), s.host_path.clone(), flags.join(", ")]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_machine_folder_is_the_settings_files_folder() {
        assert_eq!(machine_folder("/vms/web/web.vbox"), "/vms/web");
        assert_eq!(machine_folder("C:\\VMs\\web\\web.vbox"), "C:\\VMs\\web");
    }
}
