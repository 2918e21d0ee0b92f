//! `vboxctl`: drive VirtualBox hosts from the command line. See `vboxctl --help`.

mod cli;
mod commands;
mod error;
mod output;
mod settings;
mod traced;

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

/// Log lines (`tracing`) on stderr: warnings by default, operations with `-v`, command lines
/// and web service calls with `-vv`, errors only with `-q`; `VBOXCTL_LOG` (an `EnvFilter` such
/// as `vbox_soap=trace`) overrides. No secret is ever logged: passwords live in a `Secret`
/// that prints `***`, and never go on a VBoxManage command line.
fn init_logging(verbosity: output::Verbosity, color: bool) {
    let level = match verbosity {
        output::Verbosity::Quiet => "error",
        output::Verbosity::Default => "warn",
        // Our crates only: the HTTP stack's own debug lines are noise here. `-v`: each
        // VirtualBox operation (logged by the backend wrapper); `-vv`: also each VBoxManage
        // argv (the facade's runner) and each web service call (vbox-soap's trace).
        output::Verbosity::Verbose => "warn,vboxctl=info,vbox_ops=info",
        output::Verbosity::Debug => {
            "warn,vboxctl=debug,vbox=debug,vbox_ops=debug,vbox_manage=debug,vbox_soap=trace,vbox_sim=debug"
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
