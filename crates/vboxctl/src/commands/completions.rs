//! `completions`: the shell completion script, generated from the command definition.

use super::{Ctx, ExitStatus};
use crate::cli::{Cli, CompletionsArgs};
use anyhow::Result;
use clap::CommandFactory;

pub fn run(ctx: &Ctx<'_>, args: &CompletionsArgs) -> Result<ExitStatus> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "vboxctl", &mut script);
    ctx.printer.data(&String::from_utf8_lossy(&script))?;
    Ok(ExitStatus::Success)
}
