//! `stop`: ACPI shutdown with escalation to power-off, plain power-off, or save state.

use super::{Ctx, ExitStatus};
use crate::cli::{StopArgs, StopModeArg};
use crate::output::json::{MachineRow, StopJson};
use crate::settings::{stop_mode_word, stop_options};
use anyhow::Result;

pub async fn run(ctx: &Ctx<'_>, args: &StopArgs) -> Result<ExitStatus> {
    let opts = stop_options(args);
    let backend = ctx.backend().await?;
    let message = format!("Stopping '{}'", args.name);
    let outcome = ctx
        .waiting(message, vbox_ops::stop(backend, &args.name, &opts))
        .await?;
    let name = &outcome.machine.name;
    let status = if !outcome.was_running {
        format!(
            "'{name}' is not running ({}); nothing to do",
            outcome.machine.state
        )
    } else if outcome.escalated {
        format!(
            "Powered off '{name}': the guest did not shut down within {}s of the ACPI power button",
            args.timeout
        )
    } else {
        match args.mode {
            StopModeArg::Acpi | StopModeArg::Shutdown => format!("Shut down '{name}' (ACPI)"),
            StopModeArg::Poweroff => format!("Powered off '{name}'"),
            StopModeArg::Savestate => format!("Saved the state of '{name}'"),
        }
    };
    ctx.printer.status(status);
    if ctx.json() {
        ctx.printer.json(&StopJson {
            machine: MachineRow::new(&outcome.machine),
            mode: stop_mode_word(args.mode),
            was_running: outcome.was_running,
            escalated: outcome.escalated,
        })?;
    }
    Ok(ExitStatus::Success)
}
