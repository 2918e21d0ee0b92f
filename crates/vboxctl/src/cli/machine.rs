//! Arguments of the commands that act on one machine's lifecycle and inventory.

use clap::{Args, ValueEnum};
use vbox_types::{ApiVersion, CloneMode};

/// `create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Name of the new machine
    #[arg(value_name = "NAME")]
    pub name: String,
    /// OS type id (`Ubuntu_64`, `Windows11_64`, `Other`); without it the machine has no
    /// network adapter
    #[arg(long, value_name = "ID")]
    pub ostype: Option<String>,
    /// Memory in MB [default: what VirtualBox gives a new machine, 128]
    #[arg(long, value_name = "MB")]
    pub memory: Option<u32>,
    /// Number of virtual CPUs [default: 1]
    #[arg(long, value_name = "N")]
    pub cpus: Option<u32>,
    /// Create and attach a dynamically allocated disk of this size
    #[arg(long, value_name = "MB")]
    pub disk: Option<u64>,
    /// Put the machine in this group (`/lab/web`); repeatable
    #[arg(long = "group", value_name = "G")]
    pub groups: Vec<String>,
    /// Free-form description
    #[arg(long, value_name = "D")]
    pub description: Option<String>,
}

/// `clone`.
#[derive(Debug, Args)]
pub struct CloneArgs {
    /// Machine to clone (name or UUID)
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// Name of the new machine
    #[arg(value_name = "NAME")]
    pub name: String,
    /// What to clone: `machine` (current state), `machine-and-children`, `all`; Salt's
    /// `state`, `child`, `all` are accepted too
    #[arg(long, value_name = "MODE", value_parser = parse_clone_mode, default_value = "machine")]
    pub mode: CloneMode,
    /// Linked clone: differencing disks on a snapshot of the source (one named `--snapshot`,
    /// or a base snapshot that is reused or taken)
    #[arg(long)]
    pub linked: bool,
    /// Clone from this snapshot (name or UUID) instead of the current state
    #[arg(long, value_name = "S")]
    pub snapshot: Option<String>,
    /// Put the clone in this group; repeatable
    #[arg(long = "group", value_name = "G")]
    pub groups: Vec<String>,
}

/// `start`.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Frontend of the VM process; `headless` works on hosts without a display
    #[arg(long = "type", value_enum, default_value_t = StartTypeArg::Headless)]
    pub start_type: StartTypeArg,
    /// Seconds to wait for the machine to reach Running before failing
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,
    /// After starting, wait up to SECS for IP addresses and print them
    #[arg(long, value_name = "SECS")]
    pub wait_ip: Option<u64>,
}

/// The frontend a machine is started with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StartTypeArg {
    /// No window
    Headless,
    /// The VirtualBox GUI window
    Gui,
    /// A headless VM process with a detachable GUI
    Separate,
    /// The SDL window
    Sdl,
}

/// `stop`.
#[derive(Debug, Args)]
pub struct StopArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// How to stop
    #[arg(long, value_enum, default_value_t = StopModeArg::Acpi)]
    pub mode: StopModeArg,
    /// Seconds to wait for the machine to stop; with `acpi`, the guest's grace period before
    /// it is powered off
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,
    /// With `acpi`: fail instead of powering off when the guest ignores the shutdown
    #[arg(long)]
    pub no_escalate: bool,
}

/// `pause`, `resume`, `reset`.
#[derive(Debug, Args)]
pub struct ControlArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Seconds to wait for the machine to reach its new state
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,
}

/// How a machine is stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StopModeArg {
    /// Press the ACPI power button and wait for the guest to shut down; power off when it
    /// does not within the timeout (unless --no-escalate)
    Acpi,
    /// Press the ACPI power button and wait for the guest to shut down; never power off
    /// (`acpi --no-escalate`): a guest that ignores the button fails the stop
    Shutdown,
    /// Pull the plug at once
    Poweroff,
    /// Save the execution state to disk
    Savestate,
}

/// `destroy`.
#[derive(Debug, Args)]
pub struct DestroyArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Unregister only, leaving the disk images on disk
    #[arg(long)]
    pub keep_disks: bool,
    /// Also destroy a machine whose disks are the base of linked clones (detaching them)
    #[arg(long)]
    pub force: bool,
    /// Seconds to wait for power-off and deletion
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,
}

/// `ip`.
#[derive(Debug, Args)]
pub struct IpArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Wait up to SECS for addresses instead of looking once
    #[arg(long, value_name = "SECS")]
    pub wait: Option<u64>,
    /// Only trust the addresses once this guest property is set (Salt's `waitforpattern`)
    #[arg(long, value_name = "PROP")]
    pub pattern: Option<String>,
    /// Only addresses of the adapter in this slot (0-based)
    #[arg(long, value_name = "SLOT")]
    pub interface: Option<u32>,
    /// Only IPv4 addresses
    #[arg(long)]
    pub ipv4: bool,
}

/// `adapters`.
#[derive(Debug, Args)]
pub struct AdaptersArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Include the disabled slots
    #[arg(long)]
    pub all: bool,
}

/// `states`.
#[derive(Debug, Args)]
pub struct StatesArgs {
    /// API generation: 5.2, 6.0, 6.1, 7.0, 7.1 or 7.2 [default: the host's with `--connect`,
    /// else 7.1]
    #[arg(long, value_name = "VERSION", value_parser = parse_api)]
    pub api: Option<ApiVersion>,
}

/// `nodes`.
#[derive(Debug, Args)]
pub struct NodesArgs {
    /// Every attribute (salt-cloud's list_nodes_full)
    #[arg(long, conflicts_with = "select")]
    pub full: bool,
    /// Only these attributes, comma-separated (salt-cloud's list_nodes_select)
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
}

fn parse_clone_mode(word: &str) -> Result<CloneMode, String> {
    CloneMode::from_word(word).ok_or_else(|| {
        "expected machine, machine-and-children or all (Salt's state, child, all work too)"
            .to_string()
    })
}

fn parse_api(s: &str) -> Result<ApiVersion, String> {
    s.parse()
        .map_err(|e: vbox_types::ParseVersionError| e.to_string())
}
