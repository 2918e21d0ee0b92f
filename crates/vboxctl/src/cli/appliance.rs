//! `import` and `export`: appliances (OVA, OVF) and Vagrant boxes.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub(crate) const IMPORT_HELP: &str = "\
The file is checked before VirtualBox sees it: a truncated OVA, an OVF whose disk is missing,
a box for another provider or a name that is taken are refused and nothing is made. A box is
unpacked into a folder beside it for the import and removed after.

Examples:
  vboxctl import base.ova --name web1 --memory 1024
  vboxctl import debian.box --dry-run
  vboxctl import appliance.ovf --base-folder /srv/vms --macs keep-all";

pub(crate) const EXPORT_HELP: &str = "\
The format follows FILE's extension (.ova, .ovf, .box) unless --format says otherwise. A
Vagrant box holds box.ovf, its disk, metadata.json ({\"provider\": \"virtualbox\"}) and a
Vagrantfile naming the first adapter's MAC address, ready for `vagrant box add`.

Examples:
  vboxctl export web1 web1.ova --product Web --vendor Lab --product-version 1.2
  vboxctl export web1 db1 lab.ovf --ovf-version 2.0 --manifest
  vboxctl export base base.box";

/// What happens to MAC addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MacsArg {
    /// New MAC addresses
    Fresh,
    /// Keep only the MACs of NAT adapters
    KeepNat,
    /// Keep every MAC address
    KeepAll,
}

/// `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The appliance: an .ova, an .ovf with its disks beside it, or a Vagrant .box
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Name of the new machine [default: the appliance's, made unique by VirtualBox]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// RAM in MB [default: the appliance's]
    #[arg(long, value_name = "MB")]
    pub memory: Option<u32>,
    /// Virtual CPUs [default: the appliance's]
    #[arg(long, value_name = "N")]
    pub cpus: Option<u32>,
    /// Folder in which the machine's folder (settings and disks) is made [default: the host's
    /// machine folder]
    #[arg(long, value_name = "DIR")]
    pub base_folder: Option<PathBuf>,
    /// MAC addresses of the new machine
    #[arg(long, value_enum, default_value_t = MacsArg::Fresh)]
    pub macs: MacsArg,
    /// Show what would be imported (machine, disks, adapters, VirtualBox's warnings) and
    /// change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// The file `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// One tar file with the descriptor and the disks
    Ova,
    /// The descriptor, with the disks written beside it
    Ovf,
    /// A Vagrant box of the `virtualbox` provider
    VagrantBox,
}

/// OVF version of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OvfVersionArg {
    /// OVF 1.0
    #[value(name = "1.0")]
    V1_0,
    /// OVF 2.0
    #[value(name = "2.0")]
    V2_0,
}

/// `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The machines (names or UUIDs), then the file to write (it must not exist)
    #[arg(value_name = "NAME… FILE", num_args = 2.., required = true)]
    pub args: Vec<String>,
    /// What to write [default: by FILE's extension: .ovf, .box, else OVA]
    #[arg(long, value_enum)]
    pub format: Option<ExportFormatArg>,
    /// OVF version
    #[arg(long, value_enum, default_value_t = OvfVersionArg::V1_0)]
    pub ovf_version: OvfVersionArg,
    /// Write a SHA-256 manifest (.mf) too
    #[arg(long)]
    pub manifest: bool,
    /// Which MAC addresses the appliance keeps [default: all, as VirtualBox does]
    #[arg(long, value_enum, default_value_t = MacsArg::KeepAll)]
    pub macs: MacsArg,
    /// Product name written into each machine's product section
    #[arg(long, value_name = "TEXT")]
    pub product: Option<String>,
    /// Vendor
    #[arg(long, value_name = "TEXT")]
    pub vendor: Option<String>,
    /// Product version
    #[arg(long, value_name = "TEXT")]
    pub product_version: Option<String>,
}
