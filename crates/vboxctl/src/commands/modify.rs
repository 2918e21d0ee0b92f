//! `modify`: settings of a stopped machine, checked before anything changes.

use super::{Ctx, ExitStatus};
use crate::cli::ModifyArgs;
use anyhow::Result;
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_types::{AdapterChange, ModifyMachine};

pub async fn run(ctx: &Ctx<'_>, args: &ModifyArgs) -> Result<ExitStatus> {
    let change = change_of(args);
    if change == ModifyMachine::default() {
        anyhow::bail!(
            crate::error::CliError::new(format!("nothing to change on '{}'", args.name)).with_hint(
                "give at least one setting, e.g. --memory 2048; see `vboxctl modify --help`"
            )
        );
    }
    let backend = ctx.backend().await?;
    configure::modify(backend, &args.name, &change, ForwardPolicy::default()).await?;
    ctx.printer.status(format!("Modified '{}'", args.name));
    if ctx.json() {
        let m = vbox_ops::get(backend, &args.name).await?;
        let config = backend
            .machine_config(&m.id)
            .await
            .map_err(super::backend_error("read the settings of", &m.name))?;
        ctx.printer
            .json(&crate::output::config_json::ModifiedJson::new(&m, &config))?;
    }
    Ok(ExitStatus::Success)
}

/// The [`ModifyMachine`] of the options; the NIC options of one NIC merge into one change.
pub fn change_of(args: &ModifyArgs) -> ModifyMachine {
    let mut adapters: Vec<AdapterChange> = Vec::new();
    for n in &args.nics {
        let a = adapter(&mut adapters, n.slot);
        a.attachment = Some(n.attachment);
        a.network = n.network.clone();
    }
    for (slot, t) in &args.nic_types {
        adapter(&mut adapters, *slot).adapter_type = Some(*t);
    }
    for (slot, mac) in &args.macs {
        adapter(&mut adapters, *slot).mac_address = Some(mac.clone());
    }
    for (slot, on) in &args.cables {
        adapter(&mut adapters, *slot).cable_connected = Some(*on);
    }
    ModifyMachine {
        memory_mb: args.memory,
        cpus: args.cpus,
        description: args.description.clone(),
        groups: (!args.groups.is_empty()).then(|| args.groups.clone()),
        adapters,
        vram_mb: args.vram,
        boot_order: args.boot.as_ref().map(|b| b.0.clone()),
        ..ModifyMachine::default()
    }
}

/// The change of `slot`, added when missing.
fn adapter(adapters: &mut Vec<AdapterChange>, slot: u32) -> &mut AdapterChange {
    let i = match adapters.iter().position(|a| a.slot == slot) {
        Some(i) => i,
        None => {
            adapters.push(AdapterChange {
                slot,
                ..AdapterChange::default()
            });
            adapters.len() - 1
        }
    };
    &mut adapters[i]
}
