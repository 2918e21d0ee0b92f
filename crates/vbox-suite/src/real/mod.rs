//! The real VirtualBox of `scripts/real-virtualbox.sh`: Debian's VirtualBox 7.2 in a chroot,
//! found through [`CHROOT_ENV`] alone.
//!
//! Every test gets its own [`RealHome`]: a VirtualBox home with its own `VBOX_USER_HOME` and
//! `VBOX_IPC_SOCKETID` (so its own VBoxSVC), a machine folder inside it, and a `VBoxManage`
//! wrapper that runs the real tool in the chroot. Homes live in a folder that the script
//! bind-mounts at the same path inside the chroot, so paths VirtualBox reports are valid here
//! too. A home ends every process it started (VBoxSVC, VM processes, vboxwebsrv) by PID and is
//! removed when dropped.
//!
//! A test that needs the real host and cannot find it panics: CI never skips it silently.

mod agent;
mod harness;
mod home;
mod observed;
mod processes;
mod ssh;
mod webservice;

pub use harness::RealHarness;
pub use home::RealHome;
pub use ssh::SshServer;
pub use webservice::WebService;

use std::path::{Path, PathBuf};

/// The environment variable naming the chroot (`scripts/real-virtualbox.sh env` prints it).
pub const CHROOT_ENV: &str = "VBOXCTL_REAL_CHROOT";

/// The real host: its chroot and the folder of test homes.
#[derive(Debug, Clone)]
pub struct RealHost {
    chroot: PathBuf,
    homes: PathBuf,
}

impl RealHost {
    /// The host the real-host script set up.
    ///
    /// # Panics
    /// When [`CHROOT_ENV`] is unset or does not hold an installed VirtualBox: a real-host test
    /// cannot go on, and must not pass by skipping.
    pub fn from_env() -> RealHost {
        let chroot = std::env::var_os(CHROOT_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                panic!(
                    "{CHROOT_ENV} is not set: the real-host tests need the real VirtualBox; \
                 run them with `scripts/real-virtualbox.sh test`"
                )
            });
        let vboxmanage = chroot.join("usr/lib/virtualbox/VBoxManage");
        assert!(
            vboxmanage.is_file(),
            "{CHROOT_ENV}={} holds no VirtualBox ({} is missing): run `scripts/real-virtualbox.sh setup`",
            chroot.display(),
            vboxmanage.display()
        );
        let homes = chroot
            .parent()
            .map(|base| base.join("homes"))
            .unwrap_or_else(|| panic!("{CHROOT_ENV} has no parent folder"));
        let inside = chroot.join(homes.strip_prefix("/").unwrap_or(&homes));
        assert!(
            is_mount_point(&inside),
            "{} is not bind-mounted into the chroot: run `scripts/real-virtualbox.sh setup`",
            homes.display()
        );
        RealHost { chroot, homes }
    }

    /// A fresh VirtualBox home named after `label` (a test's name).
    pub fn home(&self, label: &str) -> RealHome {
        RealHome::create(self.clone(), label)
    }

    /// The home `name`, kept between runs (see [`RealHome`]): for a machine worth keeping,
    /// such as the booted test guest.
    pub fn kept_home(&self, name: &str) -> RealHome {
        RealHome::kept(self.clone(), name)
    }

    /// The chroot.
    pub fn chroot(&self) -> &Path {
        &self.chroot
    }

    /// The folder holding every test home.
    pub fn homes(&self) -> &Path {
        &self.homes
    }
}

/// Whether `path` is a mount point (a bind mount of the same file system keeps the device
/// number, so the kernel's mount table is asked).
fn is_mount_point(path: &Path) -> bool {
    let Ok(info) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    let wanted = path.to_string_lossy();
    info.lines()
        .filter_map(|l| l.split(' ').nth(4))
        .any(|mount_point| mount_point == wanted)
}
