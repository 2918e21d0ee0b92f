//! `pause`, `resume`, `reset`: the machine keeps its VM process.

use super::{Ctx, ExitStatus};
use crate::cli::ControlArgs;
use crate::output::json::MachineRow;
use crate::settings::secs;
use anyhow::Result;

/// Which of the three.
#[derive(Debug, Clone, Copy)]
pub enum Verb {
    Pause,
    Resume,
    Reset,
}

pub async fn run(ctx: &Ctx<'_>, args: &ControlArgs, verb: Verb) -> Result<ExitStatus> {
    let backend = ctx.backend().await?;
    let (name, timeout) = (args.name.as_str(), secs(args.timeout));
    let (doing, done) = match verb {
        Verb::Pause => ("Pausing", "Paused"),
        Verb::Resume => ("Resuming", "Resumed"),
        Verb::Reset => ("Resetting", "Reset"),
    };
    let work = async {
        match verb {
            Verb::Pause => vbox_ops::pause(backend, name, timeout).await,
            Verb::Resume => vbox_ops::resume(backend, name, timeout).await,
            Verb::Reset => vbox_ops::reset(backend, name, timeout).await,
        }
    };
    let machine = ctx.waiting(format!("{doing} '{name}'"), work).await?;
    ctx.printer.status(format!("{done} '{}'", machine.name));
    if ctx.json() {
        ctx.printer.json(&MachineRow::new(&machine))?;
    }
    Ok(ExitStatus::Success)
}
