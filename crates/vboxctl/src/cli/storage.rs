//! `storage` and `share`: disks, ISOs and shared folders of a machine.
//!
//! Slots are `CONTROLLER:PORT:DEVICE` with ports and devices from 0, as VBoxManage's
//! `storageattach --port/--device` count them (`SATA:0:0`, `IDE:1:0`).

use clap::{Args, Subcommand};
use vbox_types::{StorageBus, StorageKind, StorageSlot};

const ATTACH_HELP: &str = "\
Give exactly one of --iso, --disk, --new-disk or --empty. A controller the machine does not
have is created first, on --bus or else SATA for disks and IDE for DVDs (IDE: 2 ports of 2
devices; SATA: 30 ports). A port beyond the controller's port count grows it, up to the
bus's maximum. A missing image or a port beyond the maximum is refused and changes nothing.
The machine must be stopped.

Examples:
  vboxctl storage attach web1 --iso /isos/debian.iso                  # IDE:1:0
  vboxctl storage attach web1 --new-disk 20480 --slot SATA:1:0        # a new 20 GB VDI
  vboxctl storage attach web1 --disk /vms/data.vdi --slot SATA:2:0
  vboxctl storage attach web1 --empty --slot IDE:0:1                  # an empty DVD drive";

/// `storage`.
#[derive(Debug, Subcommand)]
pub enum StorageCommand {
    /// Attach an ISO, an existing disk or a new disk (controller created when missing)
    #[command(after_help = ATTACH_HELP)]
    Attach(StorageAttachArgs),
    /// Empty a slot (the drive or disk is detached; the image file stays)
    #[command(after_help = "Example:\n  vboxctl storage detach web1 IDE:1:0")]
    Detach(StorageDetachArgs),
    /// List a machine's storage controllers and attached media with their sizes
    #[command(after_help = "Example:\n  vboxctl storage list web1 -o json")]
    List(super::MachineArg),
}

/// `storage attach`.
#[derive(Debug, Args)]
pub struct StorageAttachArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// An ISO image to put into a DVD drive
    #[arg(long, value_name = "FILE", group = "medium")]
    pub iso: Option<String>,
    /// An existing disk image (or a registered medium's UUID)
    #[arg(long, value_name = "FILE", group = "medium")]
    pub disk: Option<String>,
    /// A new dynamically allocated VDI of this many MB, in the machine's folder unless
    /// --path says where
    #[arg(long, value_name = "MB", group = "medium", value_parser = clap::value_parser!(u64).range(1..))]
    pub new_disk: Option<u64>,
    /// An empty DVD drive
    #[arg(long, group = "medium")]
    pub empty: bool,
    /// Where the new disk goes [default: NAME-CONTROLLER-PORT-DEVICE.vdi in the machine's folder]
    #[arg(long, value_name = "FILE", requires = "new_disk")]
    pub path: Option<String>,
    /// The slot [default: SATA:0:0 for a disk, IDE:1:0 for a DVD]
    #[arg(long, value_name = "CTL:PORT:DEV", value_parser = parse_slot)]
    pub slot: Option<StorageSlot>,
    /// The bus of a controller created for the slot: ide, sata, scsi, sas, pcie, virtio
    #[arg(long, value_name = "BUS", value_parser = parse_bus)]
    pub bus: Option<StorageBus>,
}

impl StorageAttachArgs {
    /// Disk or DVD, by the medium option.
    pub fn kind(&self) -> StorageKind {
        if self.iso.is_some() || self.empty {
            StorageKind::Dvd
        } else {
            StorageKind::Disk
        }
    }
}

/// `storage detach`.
#[derive(Debug, Args)]
pub struct StorageDetachArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The slot to empty
    #[arg(value_name = "CTL:PORT:DEV", value_parser = parse_slot)]
    pub slot: StorageSlot,
}

const SHARE_ADD_HELP: &str = "\
A share is permanent (kept in the settings; the machine must be stopped) or, with
--transient, only for the machine's current run (it must be running). The host path must
exist. The Guest Additions mount an --auto-mount share at boot (under /media/sf_NAME on
Linux unless --mount-point says otherwise).

Examples:
  vboxctl share add web1 code /home/me/code --auto-mount
  vboxctl share add web1 logs /var/log/lab --read-only --transient";

/// `share`.
#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Add a shared folder (permanent on a stopped machine, --transient on a running one)
    #[command(after_help = SHARE_ADD_HELP)]
    Add(ShareAddArgs),
    /// Remove a shared folder by its name
    #[command(after_help = "Example:\n  vboxctl share remove web1 code")]
    Remove(ShareRemoveArgs),
    /// List a machine's shared folders
    #[command(after_help = "Example:\n  vboxctl share list web1 -o json")]
    List(super::MachineArg),
}

/// `share add`.
#[derive(Debug, Args)]
pub struct ShareAddArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Share name, as the guest sees it
    #[arg(value_name = "SHARE")]
    pub share: String,
    /// Host folder (absolute; must exist)
    #[arg(value_name = "HOST_PATH")]
    pub host_path: String,
    /// The guest may not write
    #[arg(long)]
    pub read_only: bool,
    /// The Guest Additions mount it at boot
    #[arg(long)]
    pub auto_mount: bool,
    /// Where an auto-mounted share goes in the guest
    #[arg(long, value_name = "PATH", requires = "auto_mount")]
    pub mount_point: Option<String>,
    /// Only for the current run of a running machine
    #[arg(long)]
    pub transient: bool,
}

/// `share remove`.
#[derive(Debug, Args)]
pub struct ShareRemoveArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Share name
    #[arg(value_name = "SHARE")]
    pub share: String,
    /// Remove the transient share of a running machine
    #[arg(long)]
    pub transient: bool,
}

/// `CONTROLLER:PORT:DEVICE` (the controller name may itself hold colons: the last two fields
/// are the numbers).
pub fn parse_slot(s: &str) -> Result<StorageSlot, String> {
    let bad = || format!("'{s}' is not CONTROLLER:PORT:DEVICE (for example SATA:0:0)");
    let mut parts = s.rsplitn(3, ':');
    let device = parts
        .next()
        .ok_or_else(bad)?
        .trim()
        .parse()
        .map_err(|_| bad())?;
    let port = parts
        .next()
        .ok_or_else(bad)?
        .trim()
        .parse()
        .map_err(|_| bad())?;
    let controller = parts.next().filter(|c| !c.is_empty()).ok_or_else(bad)?;
    Ok(StorageSlot::new(controller, port, device))
}

fn parse_bus(s: &str) -> Result<StorageBus, String> {
    StorageBus::parse(s).ok_or_else(|| {
        format!("unknown bus '{s}': ide, sata, scsi, sas, floppy, usb, pcie, virtio")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_parse_with_colons_in_the_name() {
        assert_eq!(parse_slot("SATA:3:0"), Ok(StorageSlot::new("SATA", 3, 0)));
        assert_eq!(
            parse_slot("My:Ctl:1:1"),
            Ok(StorageSlot::new("My:Ctl", 1, 1))
        );
        assert!(parse_slot("SATA:x:0").is_err());
        assert!(parse_slot(":0:0").is_err());
        assert!(parse_slot("0:0").is_err());
    }
}
