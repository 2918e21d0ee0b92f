//! The command line, as clap sees it: every command and flag with its help text. Nothing here
//! resolves or validates beyond what clap does; that is `settings.rs`.

use clap::{Args, Parser, Subcommand, ValueEnum};

mod appliance;
mod configure;
mod fleet;
mod hostonly;
mod keys;
mod machine;
mod sim;
mod storage;

pub use appliance::*;
pub use configure::*;
pub use fleet::*;
pub use hostonly::*;
pub use keys::*;
pub use machine::*;
pub use sim::*;
pub use storage::*;

const NAMES_HELP: &str = "\
Machine names may contain spaces, quotes and any Unicode; quote them for your shell. A name
that starts with `-` goes after `--`, which ends the options: `vboxctl show -- -odd-name`.

Exit status: 0 success, 1 failure (unknown machine, forbidden by the machine's state,
timeout, absent), 2 usage error.";

/// Drive VirtualBox hosts: list, create, clone, start, wait for IP addresses, stop, destroy.
#[derive(Debug, Parser)]
#[command(name = "vboxctl", version, after_help = NAMES_HELP)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes. Their own heading puts them after each command's options in
/// `--help`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The VirtualBox host to drive: `vboxmanage://` (this host's VirtualBox),
    /// `vboxmanage:///path/to/VBoxManage`, `ssh://user@host`, `http(s)://host:18083`,
    /// `sim:///dir` (the simulator in an existing directory) or `sim://` [default:
    /// `$VBOXCTL_CONNECT`, else `--host`'s or the configuration's, else this host's VirtualBox,
    /// else the simulator]
    #[arg(long, global = true, value_name = "URI")]
    pub connect: Option<String>,

    /// The configuration file [default: `$VBOXCTL_CONFIG`, else
    /// `$XDG_CONFIG_HOME/vboxctl/config.toml`] (docs/configuration.md)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,

    /// Use the connection `[hosts.NAME]` of the configuration [default: `$VBOXCTL_HOST`, else
    /// its `default_host`]. Goes before the command: `inventory --host` is Ansible's
    #[arg(long = "host", value_name = "NAME")]
    pub host: Option<String>,

    /// Output format of the data written to stdout
    #[arg(short, long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Print only data and errors: no status lines, no progress
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print what vboxctl does on stderr: `-v` each VirtualBox operation, `-vv` also each
    /// VBoxManage command line and web service call (never a password)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// User name for the web service (`http(s)://`), and the user `sim serve` requires
    /// [default: `$VBOXCTL_USER`, else the configuration's]
    #[arg(long, global = true, value_name = "USER")]
    pub user: Option<String>,

    /// File whose first line is the password [default: `$VBOXCTL_PASSWORD_FILE`, else
    /// `$VBOXCTL_PASSWORD`, else the configuration's; never on the command line]. Warned
    /// about when others can read it
    #[arg(long, global = true, value_name = "FILE")]
    pub password_file: Option<std::path::PathBuf>,

    /// Extra CA certificate (PEM) trusted for `https://` besides the system's
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_file: Option<std::path::PathBuf>,

    /// Accept any certificate for `https://` (for self-signed test hosts only)
    #[arg(long, global = true)]
    pub insecure: bool,

    /// Accept exactly this server certificate for `https://`: a PEM file holding it, or its
    /// SHA-256 fingerprint (`openssl x509 -noout -fingerprint -sha256`). Works with a
    /// self-signed certificate, without `--insecure`
    #[arg(
        long,
        global = true,
        value_name = "FILE|SHA256",
        conflicts_with = "insecure"
    )]
    pub tls_pin: Option<String>,
}

/// The format of the data written to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people
    Table,
    /// JSON, as documented in docs/output-schema.md
    Json,
    /// One JSON object per line, streamed as things happen (`up` and `down`)
    Ndjson,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List registered machines
    #[command(after_help = "Example:\n  vboxctl list -o json")]
    List,

    /// Show one machine in detail: settings, adapters, addresses, snapshots
    #[command(after_help = "Example:\n  vboxctl show web1 -o json")]
    Show(MachineArg),

    /// Create and register a new machine
    #[command(
        after_help = "Example:\n  vboxctl create web1 --ostype Ubuntu_64 --memory 2048 --cpus 2 --disk 10240 --group /lab"
    )]
    Create(CreateArgs),

    /// Clone a machine (full or linked, from the current state or a snapshot)
    #[command(after_help = "Examples:\n  vboxctl clone template web1\n  \
                            vboxctl clone template web2 --linked --snapshot base")]
    Clone(CloneArgs),

    /// Start a machine (headless by default) and optionally wait for its IP addresses
    #[command(after_help = "Example:\n  vboxctl start web1 --wait-ip 120")]
    Start(StartArgs),

    /// Stop a machine: ACPI shutdown, then power off when the guest ignores it
    #[command(after_help = "Examples:\n  vboxctl stop web1 --timeout 30\n  \
                            vboxctl stop web1 --mode poweroff")]
    Stop(StopArgs),

    /// Pause a running machine (its VM process stays, the guest stops executing)
    #[command(after_help = "Example:\n  vboxctl pause web1")]
    Pause(ControlArgs),

    /// Resume a paused machine
    #[command(after_help = "Example:\n  vboxctl resume web1")]
    Resume(ControlArgs),

    /// Reset a running machine (a hard reboot of the guest, like the reset button)
    #[command(
        after_help = "The guest boots again: the addresses it published before stay readable until\nit rewrites them, and `vboxctl ip --wait` waits for the new ones.\n\nExample:\n  vboxctl reset web1 && vboxctl ip web1 --wait 120"
    )]
    Reset(ControlArgs),

    /// Power off, unregister and delete a machine with the disks that belong only to it
    #[command(after_help = "Example:\n  vboxctl destroy web1 --keep-disks")]
    Destroy(DestroyArgs),

    /// Exit 0 if a machine exists, 1 if not (prints nothing unless `-o json`)
    #[command(after_help = "Example:\n  vboxctl exists web1 && echo present")]
    Exists(MachineArg),

    /// Print a machine's IP addresses, as its Guest Additions report them
    #[command(after_help = "Examples:\n  vboxctl ip web1\n  \
                            vboxctl ip web1 --wait 120 --interface 1")]
    Ip(IpArgs),

    /// Change a stopped machine's settings: memory, CPUs, VRAM, boot order, NICs
    #[command(after_help = configure::MODIFY_HELP)]
    Modify(ModifyArgs),

    /// Add, list and remove NAT port forwards
    #[command(subcommand)]
    Forward(ForwardCommand),

    /// Attach and detach ISOs and disks (a new disk of a given size), list storage
    #[command(subcommand)]
    Storage(StorageCommand),

    /// Add, list and remove shared folders (permanent, or transient on a running machine)
    #[command(subcommand)]
    Share(ShareCommand),

    /// List, create and remove host-only networks with their DHCP servers
    #[command(subcommand, name = "hostonly")]
    HostOnly(HostOnlyCommand),

    /// List a machine's network adapters
    #[command(after_help = "Example:\n  vboxctl adapters web1 --all -o json")]
    Adapters(AdaptersArgs),

    /// Print the machine states and their numbers in one VirtualBox API generation
    #[command(after_help = "Example:\n  vboxctl states --api 6.1")]
    States(StatesArgs),

    /// Machines in salt-cloud's shape (list_nodes, list_nodes_full, list_nodes_select)
    #[command(after_help = "Examples:\n  vboxctl nodes -o json\n  \
                            vboxctl nodes --select id,state -o json")]
    Nodes(NodesArgs),

    /// Read, write and wait for guest properties
    #[command(subcommand, name = "guestproperty")]
    GuestProperty(GuestPropertyCommand),

    /// Take, list, restore and delete snapshots
    #[command(subcommand)]
    Snapshot(SnapshotCommand),

    /// Read and write a machine's extradata
    #[command(subcommand)]
    Extradata(ExtradataCommand),

    /// Check the connection: backend, VirtualBox and API version, web service, Guest Additions
    #[command(
        after_help = "Examples:\n  vboxctl doctor\n  vboxctl --connect vboxmanage:// doctor -o json\n\n\
                            Exit status 1 when the backend cannot be reached or does not answer as\n\
                            VirtualBox; warnings do not fail."
    )]
    Doctor(DoctorArgs),

    /// Run the simulator as a server
    #[command(subcommand)]
    Sim(SimCommand),

    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  vboxctl completions bash > ~/.local/share/bash-completion/completions/vboxctl\n  \
                            vboxctl completions zsh > \"${fpath[1]}/_vboxctl\"\n  \
                            vboxctl completions fish > ~/.config/fish/completions/vboxctl.fish"
    )]
    Completions(CompletionsArgs),

    /// Make a map's machines exist and run: clone the missing, start the stopped
    #[command(after_help = UP_HELP)]
    Up(UpArgs),

    /// Stop (or destroy) a map's machines
    #[command(after_help = DOWN_HELP)]
    Down(DownArgs),

    /// The connected host's machines as an Ansible inventory, a salt-ssh roster or JSON
    #[command(after_help = INVENTORY_HELP)]
    Inventory(InventoryArgs),

    /// Import an appliance (.ova, .ovf) or a Vagrant box as a new machine
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),

    /// Export machines to an appliance (.ova, .ovf) or a Vagrant box
    #[command(after_help = EXPORT_HELP)]
    Export(ExportArgs),

    /// Print the versions of vboxctl, the backend and VirtualBox
    #[command(after_help = "Example:\n  vboxctl version --connect sim:///tmp/lab")]
    Version,
}

/// `doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Where to look for a vboxwebsrv (its default address on this host)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:18083")]
    pub webservice: String,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A single machine.
#[derive(Debug, Args)]
pub struct MachineArg {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_an_example() {
        fn walk(cmd: &clap::Command, path: &str) {
            let path = format!("{path} {}", cmd.get_name());
            if cmd.has_subcommands() {
                for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                    walk(sub, &path);
                }
            } else {
                let after = cmd
                    .get_after_help()
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                assert!(after.contains("vboxctl"), "`{path}` has no example");
            }
        }
        for sub in Cli::command().get_subcommands() {
            walk(sub, "vboxctl");
        }
    }
}
