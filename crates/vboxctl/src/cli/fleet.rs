//! Arguments of the commands that work on a map's machines (`up`, `down`) and of `inventory`.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// What `up` and `down` share.
#[derive(Debug, Args)]
pub struct FleetArgs {
    /// The map file: which machines exist, by profile (see docs/maps.md)
    #[arg(value_name = "MAP")]
    pub map: PathBuf,
    /// Print the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// How many machines are worked on at once, on each host
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub parallel: u16,
}

/// `up`.
#[derive(Debug, Args)]
pub struct UpArgs {
    /// The map, dry run and parallelism.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Stop, change and start again a running machine whose settings differ from the map
    /// (VirtualBox changes settings only on stopped machines); without it such a machine is
    /// reported and left running
    #[arg(long)]
    pub restart: bool,
}

/// `down`.
#[derive(Debug, Args)]
pub struct DownArgs {
    /// The map, dry run and parallelism.
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Destroy the machines (and the disks only they use) instead of stopping them
    #[arg(long)]
    pub destroy: bool,
}

/// `inventory`.
#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// The shape of the inventory
    #[arg(long, value_enum, default_value_t = InventoryFormat::Ansible)]
    pub format: InventoryFormat,
    /// Every machine with its groups and variables (Ansible's inventory script protocol; the
    /// default)
    #[arg(long, conflicts_with = "host")]
    pub list: bool,
    /// The variables of one machine (Ansible's inventory script protocol)
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// Only the machines of this map
    #[arg(long, value_name = "MAP")]
    pub map: Option<PathBuf>,
}

/// The inventory formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormat {
    /// Ansible dynamic inventory JSON (`_meta.hostvars`, groups from VirtualBox groups)
    Ansible,
    /// A salt-ssh roster (YAML)
    SaltRoster,
    /// vboxctl's own JSON (docs/output-schema.md)
    Json,
}

pub(crate) const UP_HELP: &str = "\
Examples:
  vboxctl up examples/lab.toml
  vboxctl up examples/lab.toml --dry-run
  vboxctl --config ~/lab/config.toml up lab.toml --parallel 8 -o json
  vboxctl up examples/ci.toml -o ndjson | jq -c 'select(.event == \"ready\")'

Missing machines are cloned, stopped ones started, running ones left alone: a second `up`
changes nothing. Ctrl-C stops starting new work and leaves no half-made machine.
Exit status: 0 all machines as wanted, 1 one or more failed (the others finish), 130 interrupted.";

pub(crate) const DOWN_HELP: &str = "\
Examples:
  vboxctl down examples/lab.toml
  vboxctl down examples/lab.toml --destroy
  vboxctl down examples/ci.toml --destroy --dry-run

Machines of the map are stopped as their profile's stop_mode says (ACPI, then power off at
stop_timeout); with --destroy they are powered off, unregistered and deleted with their disks.
Machines that are not in the map are never touched.";

pub(crate) const INVENTORY_HELP: &str = "\
Examples:
  vboxctl inventory --format ansible --list
  vboxctl inventory --format ansible --host web-01
  vboxctl inventory --format salt-roster --map examples/lab.toml > /etc/salt/roster
  vboxctl --host lab inventory --format json

As an Ansible inventory script (`ansible-inventory -i vbox.sh --graph`):
  #!/bin/sh
  exec vboxctl inventory --format ansible \"$@\"

Groups come from VirtualBox groups (`/lab/web` becomes `lab_web`); `ansible_host` is the
machine's first IPv4 address as its Guest Additions report it.";
