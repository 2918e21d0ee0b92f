//! Arguments of the commands that act on one machine's lifecycle and inventory.

use clap::{Args, ValueEnum};
use vbox_types::{ApiVersion, CloneMode};

/// `create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Name of the new machine
    #[arg(value_name = "NAME")]
    pub name: String,
    /// OS type id (`Ubuntu_64`, `Windows11_64`, `Other`), one the host lists
    /// (`VBoxManage list ostypes`)
    #[arg(long, value_name = "ID")]
    pub ostype: Option<String>,
    /// Memory in MB, 4 to 2097152 as VirtualBox takes it [default: what VirtualBox gives a new
    /// machine, 128]
    #[arg(long, value_name = "MB", value_parser = parse_memory, allow_negative_numbers = true)]
    pub memory: Option<u32>,
    /// Number of virtual CPUs, 1 to 64 [default: 1]
    #[arg(long, value_name = "N", value_parser = parse_cpus, allow_negative_numbers = true)]
    pub cpus: Option<u32>,
    /// Create and attach a dynamically allocated disk of this size, 1 MB to 2097151 MB (2 TB)
    #[arg(long, value_name = "MB", value_parser = parse_disk, allow_negative_numbers = true)]
    pub disk: Option<u64>,
    /// Put the machine in this group (`/lab/web`); repeatable
    #[arg(long = "group", value_name = "G")]
    pub groups: Vec<String>,
    /// Free-form description
    #[arg(long, value_name = "D")]
    pub description: Option<String>,
    /// Leave the machine without a network adapter [default: NIC 1 on NAT, as Vagrant and
    /// salt-cloud machines have]
    #[arg(long)]
    pub no_nic: bool,
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

/// VirtualBox's RAM range: `list systemproperties` of 7.2.22 says "Minimum guest RAM size: 4
/// Megabytes", "Maximum guest RAM size: 2097152 Megabytes", and `modifyvm --memory 3` is
/// refused with "Invalid RAM size: 3 MB (must be in range [4, 2097152] MB)".
pub const MEMORY_MB: std::ops::RangeInclusive<u64> = 4..=2_097_152;
/// "Minimum guest CPU count: 1", "Maximum guest CPU count: 64" (7.2.22).
pub const CPUS: std::ops::RangeInclusive<u64> = 1..=64;
/// A disk of at least 1 MB (`createmedium --size 0` is a usage error) and at most the
/// "Virtual disk limit (info): 2199022206976 Bytes" of `list systemproperties` (2 TB − 1 MB),
/// the largest VirtualBox offers in its own interface. VBoxManage makes larger VDI images,
/// up to a limit that depends on the host (VERR_VD_INVALID_SIZE at 999999999999 MB); vboxctl
/// stays within the documented one.
pub const DISK_MB: std::ops::RangeInclusive<u64> = 1..=2_097_151;

fn parse_in(s: &str, range: &std::ops::RangeInclusive<u64>, unit: &str) -> Result<u64, String> {
    let outside = || {
        format!(
            "VirtualBox takes {} to {} {unit}",
            range.start(),
            range.end()
        )
    };
    match s.trim().parse::<i128>() {
        Ok(n) if n >= i128::from(*range.start()) && n <= i128::from(*range.end()) => Ok(n as u64),
        Ok(_) => Err(outside()),
        Err(_) => Err(format!("not a whole number; {}", outside())),
    }
}

pub(crate) fn parse_memory(s: &str) -> Result<u32, String> {
    parse_in(s, &MEMORY_MB, "MB").map(|n| n as u32)
}

pub(crate) fn parse_cpus(s: &str) -> Result<u32, String> {
    parse_in(s, &CPUS, "virtual CPUs").map(|n| n as u32)
}

fn parse_disk(s: &str) -> Result<u64, String> {
    parse_in(s, &DISK_MB, "MB")
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
