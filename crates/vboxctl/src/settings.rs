//! Command-line arguments and environment resolved into plain settings and the option structs
//! of `vbox-ops`, so commands only do I/O and output.

use crate::cli::{
    CloneArgs, CreateArgs, DestroyArgs, GlobalArgs, IpArgs, OutputFormat, StartArgs, StartTypeArg,
    StopArgs, StopModeArg,
};
use crate::error::CliError;
use crate::output::Verbosity;
use std::io::IsTerminal;
use std::time::Duration;
use vbox_ops::addresses::AddressQuery;
use vbox_ops::{DestroyOptions, StartOptions, StopMode, StopOptions};
use vbox_types::{CloneMachine, CloneOption, CreateMachine, StartType};

/// Settings every command shares: plain data, resolved once from the command line and the
/// environment. The connection is resolved on first use by `vbox_config::resolve_connection`
/// (command line, environment, configuration file, default), so commands that need no host
/// never read the configuration.
#[derive(Debug, Clone)]
pub struct GlobalSettings {
    /// Format of stdout.
    pub format: OutputFormat,
    /// How much goes to stderr.
    pub verbosity: Verbosity,
    /// Colour on stderr: a terminal, and `NO_COLOR` unset or empty (no-color.org).
    pub color: bool,
    /// Spinners on stderr: a terminal.
    pub progress: bool,
    /// `--config FILE` (else `vbox-config` looks at `VBOXCTL_CONFIG` and the XDG path).
    pub config_file: Option<std::path::PathBuf>,
    /// What the command line says about the connection.
    pub overrides: vbox_config::Overrides,
    /// Extra CA certificate for `https://`.
    pub ca_file: Option<std::path::PathBuf>,
    /// Accept any certificate for `https://`.
    pub insecure: bool,
    /// Accept exactly this certificate (PEM file or SHA-256 fingerprint) for `https://`.
    pub tls_pin: Option<String>,
}

impl GlobalSettings {
    /// Resolve the global flags against the terminal and `NO_COLOR`.
    pub fn resolve(args: &GlobalArgs) -> GlobalSettings {
        let terminal = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let verbosity = match (args.quiet, args.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Default,
            (false, 1) => Verbosity::Verbose,
            (false, _) => Verbosity::Debug,
        };
        GlobalSettings {
            format: args.output,
            verbosity,
            color: terminal && !no_color,
            progress: terminal,
            config_file: args.config.clone(),
            overrides: vbox_config::Overrides {
                host: args.host.clone(),
                connect: args.connect.clone(),
                user: args.user.clone(),
                password_file: args.password_file.clone(),
            },
            ca_file: args.ca_file.clone(),
            insecure: args.insecure,
            tls_pin: args.tls_pin.clone(),
        }
    }
}

/// Reads the process environment: the one `Env` every resolution gets.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Refuse an empty value of a required argument (a name, a key) with a one-line error. Machine
/// names are checked by `vbox_ops::check_name`, which says the same for them.
pub fn require(what: &str, value: &str) -> Result<(), CliError> {
    if value.is_empty() {
        return Err(CliError::new(format!("{what} must not be empty")));
    }
    Ok(())
}

/// Seconds from the command line.
pub fn secs(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

/// `create` as the backend takes it.
pub fn create_spec(args: &CreateArgs) -> CreateMachine {
    CreateMachine {
        name: args.name.clone(),
        os_type_id: args.ostype.clone(),
        memory_mb: args.memory,
        cpus: args.cpus,
        groups: args.groups.clone(),
        description: args.description.clone(),
        disk_mb: args.disk,
    }
}

/// `clone` as the backend takes it.
pub fn clone_spec(args: &CloneArgs) -> CloneMachine {
    CloneMachine {
        mode: args.mode,
        options: if args.linked {
            vec![CloneOption::Link]
        } else {
            Vec::new()
        },
        snapshot: args.snapshot.clone(),
        groups: args.groups.clone(),
        ..CloneMachine::new(&args.source, &args.name)
    }
}

/// The frontend to start with.
pub fn start_type(arg: StartTypeArg) -> StartType {
    match arg {
        StartTypeArg::Headless => StartType::Headless,
        StartTypeArg::Gui => StartType::Gui,
        StartTypeArg::Separate => StartType::Separate,
        StartTypeArg::Sdl => StartType::Sdl,
    }
}

/// `start` options.
pub fn start_options(args: &StartArgs) -> StartOptions {
    StartOptions {
        start_type: start_type(args.start_type),
        timeout: secs(args.timeout),
    }
}

/// `stop` options.
pub fn stop_options(args: &StopArgs) -> StopOptions {
    StopOptions {
        mode: match args.mode {
            StopModeArg::Acpi | StopModeArg::Shutdown => StopMode::Acpi,
            StopModeArg::Poweroff => StopMode::PowerOff,
            StopModeArg::Savestate => StopMode::SaveState,
        },
        timeout: secs(args.timeout),
        escalate: !args.no_escalate && args.mode != StopModeArg::Shutdown,
    }
}

/// The word of a stop mode, as the user typed it and JSON reports it.
pub fn stop_mode_word(mode: StopModeArg) -> &'static str {
    match mode {
        StopModeArg::Acpi => "acpi",
        StopModeArg::Shutdown => "shutdown",
        StopModeArg::Poweroff => "poweroff",
        StopModeArg::Savestate => "savestate",
    }
}

/// `destroy` options. A missing machine is an error for the CLI (Salt's driver also refuses:
/// "`<name>` doesn't exist and can't be deleted").
pub fn destroy_options(args: &DestroyArgs) -> DestroyOptions {
    DestroyOptions {
        keep_disks: args.keep_disks,
        force: args.force,
        missing_ok: false,
        timeout: secs(args.timeout),
    }
}

/// What `ip` reads.
pub fn address_query(args: &IpArgs) -> AddressQuery {
    AddressQuery {
        wait_for_pattern: args.pattern.clone(),
        adapter_slot: args.interface,
        include_ipv6: !args.ipv4,
        ..AddressQuery::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("vboxctl").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn clone_words_and_linking() {
        let Command::Clone(args) =
            parse(&["clone", "a", "b", "--mode", "child", "--linked"]).command
        else {
            panic!("not a clone");
        };
        let spec = clone_spec(&args);
        assert_eq!(spec.mode, vbox_types::CloneMode::MachineAndChildStates);
        assert!(spec.is_linked());
        assert_eq!((spec.source.as_str(), spec.name.as_str()), ("a", "b"));
    }

    #[test]
    fn stop_escalates_unless_told() {
        let Command::Stop(args) = parse(&["stop", "x", "--no-escalate", "--timeout", "5"]).command
        else {
            panic!("not a stop");
        };
        let opts = stop_options(&args);
        assert!(!opts.escalate);
        assert_eq!(opts.timeout, Duration::from_secs(5));
        assert_eq!(opts.mode, StopMode::Acpi);
    }

    #[test]
    fn names_after_double_dash() {
        let Command::Show(args) = parse(&["show", "--", "-odd"]).command else {
            panic!("not a show");
        };
        assert_eq!(args.name, "-odd");
        assert!(require("snapshot name", "").is_err());
    }
}
