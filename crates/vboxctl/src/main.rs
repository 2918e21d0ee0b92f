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
    init_logging(settings.verbosity, settings.color);
    match commands::run(cli.command, &settings, &printer) {
        Ok(status) => status.into(),
        Err(err) => {
            printer.error(&err, error::hint(&err).as_deref());
            ExitCode::FAILURE
        }
    }
}

/// Log lines of the libraries (`tracing`) on stderr: warnings by default, debug with `-v`,
/// errors only with `-q`; `VBOXCTL_LOG` (an `EnvFilter` such as `vbox_soap=trace`) overrides.
/// The libraries log operation names, never argument values, so no secret reaches a log.
fn init_logging(verbosity: output::Verbosity, color: bool) {
    let level = match verbosity {
        output::Verbosity::Quiet => "error",
        output::Verbosity::Default => "warn",
        // Our crates only: the HTTP stack's own debug lines are noise here.
        output::Verbosity::Verbose => {
            "warn,vbox=debug,vbox_ops=debug,vbox_manage=debug,vbox_soap=debug,vbox_sim=debug"
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("VBOXCTL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .without_time()
        .with_target(false)
        .try_init();
}
