//! `vboxctl`: drive VirtualBox hosts from the command line. See `vboxctl --help`.

mod access;
mod cli;
mod commands;
mod error;
mod output;
mod settings;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Usage errors exit with 2 inside `parse`, as clap does.
    let cli = cli::Cli::parse();
    let settings = settings::GlobalSettings::resolve(&cli.global);
    let printer = output::Printer::new(settings.verbosity, settings.color, settings.progress);
    match commands::run(cli.command, &settings, &printer) {
        Ok(status) => status.into(),
        Err(err) => {
            printer.error(&err, error::hint(&err).as_deref());
            ExitCode::FAILURE
        }
    }
}
