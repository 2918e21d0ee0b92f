//! Arguments of the command groups that read and write keyed data of a machine: guest
//! properties, snapshots, extradata.

use super::MachineArg;
use clap::{Args, Subcommand};

/// `guestproperty …`.
#[derive(Debug, Subcommand)]
pub enum GuestPropertyCommand {
    /// Print one property's value (exit 1 when it is not set)
    #[command(
        after_help = "Example:\n  vboxctl guestproperty get web1 /VirtualBox/GuestAdd/Version"
    )]
    Get(PropertyArgs),
    /// Set a property; without VALUE it is deleted
    #[command(
        after_help = "Example:\n  vboxctl guestproperty set web1 /lab/role web --flags TRANSIENT"
    )]
    Set(PropertySetArgs),
    /// Delete a property
    #[command(after_help = "Example:\n  vboxctl guestproperty unset web1 /lab/role")]
    Unset(PropertyArgs),
    /// List properties, optionally only those matching patterns
    #[command(
        after_help = "Example:\n  vboxctl guestproperty enumerate web1 --patterns '/VirtualBox/GuestInfo/Net/*'"
    )]
    Enumerate(PropertyEnumerateArgs),
    /// Wait until a property matching PATTERNS changes, and print it
    #[command(
        after_help = "Example:\n  vboxctl guestproperty wait web1 '/VirtualBox/GuestInfo/Net/*' --timeout 120"
    )]
    Wait(PropertyWaitArgs),
}

/// A machine and a property name.
#[derive(Debug, Args)]
pub struct PropertyArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Property name (`/VirtualBox/GuestInfo/Net/0/V4/IP`)
    #[arg(value_name = "PROP")]
    pub property: String,
}

/// `guestproperty set`.
#[derive(Debug, Args)]
pub struct PropertySetArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Property name
    #[arg(value_name = "PROP")]
    pub property: String,
    /// New value; omit it to delete the property
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
    /// Flags: TRANSIENT, TRANSRESET, RDONLYGUEST, RDONLYHOST, READONLY (comma-separated)
    #[arg(long, value_name = "F")]
    pub flags: Option<String>,
}

/// `guestproperty enumerate`.
#[derive(Debug, Args)]
pub struct PropertyEnumerateArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Glob patterns separated by `|` (`/VirtualBox/*|/lab/*`)
    #[arg(long, value_name = "P", default_value = "")]
    pub patterns: String,
}

/// `guestproperty wait`.
#[derive(Debug, Args)]
pub struct PropertyWaitArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Glob patterns separated by `|`
    #[arg(value_name = "PATTERNS")]
    pub patterns: String,
    /// Seconds to wait before failing with a timeout
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,
}

/// `snapshot …`.
#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Take a snapshot
    #[command(after_help = "Example:\n  vboxctl snapshot take web1 before-upgrade --live")]
    Take(SnapshotTakeArgs),
    /// List a machine's snapshots as a tree (`*` marks the current one)
    #[command(after_help = "Example:\n  vboxctl snapshot list web1")]
    List(MachineArg),
    /// Restore a snapshot of a machine that is not running
    #[command(after_help = "Example:\n  vboxctl snapshot restore web1 before-upgrade")]
    Restore(SnapshotArgs),
    /// Delete a snapshot
    #[command(after_help = "Example:\n  vboxctl snapshot delete web1 before-upgrade")]
    Delete(SnapshotArgs),
}

/// A machine and a snapshot.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Snapshot name or UUID
    #[arg(value_name = "SNAP")]
    pub snapshot: String,
}

/// `snapshot take`.
#[derive(Debug, Args)]
pub struct SnapshotTakeArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Name of the new snapshot
    #[arg(value_name = "SNAP")]
    pub snapshot: String,
    /// Description
    #[arg(long, value_name = "D", default_value = "")]
    pub description: String,
    /// Do not pause a running machine while taking it
    #[arg(long)]
    pub live: bool,
}

/// `extradata …`.
#[derive(Debug, Subcommand)]
pub enum ExtradataCommand {
    /// Print a value (exit 1 when it is not set)
    #[command(after_help = "Example:\n  vboxctl extradata get web1 VBoxSim/BootDelayMs")]
    Get(ExtradataArgs),
    /// Set a value; without VALUE the key is removed
    #[command(after_help = "Example:\n  vboxctl extradata set web1 VBoxSim/BootDelayMs 200")]
    Set(ExtradataSetArgs),
}

/// A machine and an extradata key.
#[derive(Debug, Args)]
pub struct ExtradataArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Key
    #[arg(value_name = "KEY")]
    pub key: String,
}

/// `extradata set`.
#[derive(Debug, Args)]
pub struct ExtradataSetArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Key
    #[arg(value_name = "KEY")]
    pub key: String,
    /// Value; omit it to remove the key
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
}
