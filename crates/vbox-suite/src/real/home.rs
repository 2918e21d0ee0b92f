//! One VirtualBox home on the real host: its own VBoxSVC, machine folder and `VBoxManage`.

use super::processes;
use super::RealHost;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use vbox_types::Backend;

/// Homes made by this process so far (names stay unique across a test binary's threads).
static HOMES: AtomicU32 = AtomicU32::new(0);

/// Where the real programs live inside the chroot.
pub(crate) const LIB_DIR: &str = "/usr/lib/virtualbox";

/// A VirtualBox home of its own (see the module doc of [`crate::real`]). Dropping it ends its
/// processes and removes its folder.
#[derive(Debug)]
pub struct RealHome {
    host: RealHost,
    dir: PathBuf,
    socket_id: String,
    /// Kept when dropped (its processes still end): [`RealHost::kept_home`].
    kept: bool,
}

impl RealHome {
    pub(crate) fn create(host: RealHost, label: &str) -> RealHome {
        let clean: String = label
            .rsplit("::")
            .next()
            .unwrap_or(label)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .take(24)
            .collect();
        let n = HOMES.fetch_add(1, Ordering::SeqCst);
        let socket_id = format!("{clean}-{}-{n}", std::process::id());
        let dir = host.homes().join(&socket_id);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove a stale test home");
        }
        RealHome::prepare(host, dir, socket_id, false)
    }

    /// The home `name`, made when missing and kept afterwards with what it holds (a machine
    /// that took minutes to prepare); only its processes end with the value.
    pub(crate) fn kept(host: RealHost, name: &str) -> RealHome {
        let dir = host.homes().join(name);
        RealHome::prepare(host, dir, name.to_string(), true)
    }

    fn prepare(host: RealHost, dir: PathBuf, socket_id: String, kept: bool) -> RealHome {
        std::fs::create_dir_all(dir.join("machines")).expect("create a test home");
        let home = RealHome {
            host,
            dir,
            socket_id,
            kept,
        };
        home.write_wrapper();
        let folder = home.dir.join("machines");
        home.run_ok(&["setproperty", "machinefolder", &folder.to_string_lossy()]);
        // Machines run on the instruction emulator: this build has no native-API back end.
        home.run_ok(&[
            "setextradata",
            "global",
            "VBoxInternal/HM/FallbackToIEM",
            "1",
        ]);
        home.run_ok(&["setproperty", "websrvauthlibrary", "null"]);
        home
    }

    /// A `VBoxManage` for this home: the real one in the chroot, with this home's environment.
    fn write_wrapper(&self) {
        let script = format!(
            "#!/bin/sh\nVBOX_USER_HOME='{}' VBOX_IPC_SOCKETID='{}' exec chroot '{}' {LIB_DIR}/VBoxManage \"$@\"\n",
            self.dir.display(),
            self.socket_id,
            self.host.chroot().display()
        );
        let path = self.vboxmanage();
        std::fs::write(&path, script).expect("write the VBoxManage wrapper");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("make the wrapper executable");
    }

    /// The home's folder (also its `VBOX_USER_HOME`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The machine folder.
    pub fn machine_folder(&self) -> PathBuf {
        self.dir.join("machines")
    }

    /// The home's `VBOX_IPC_SOCKETID`.
    pub fn socket_id(&self) -> &str {
        &self.socket_id
    }

    /// The `VBoxManage` wrapper of this home.
    pub fn vboxmanage(&self) -> PathBuf {
        self.dir.join("VBoxManage")
    }

    /// vboxctl's URI for this home through VBoxManage.
    pub fn uri(&self) -> String {
        format!("vboxmanage://{}", self.vboxmanage().display())
    }

    /// A backend on this home through VBoxManage, as `vboxctl --connect` makes it.
    pub fn backend(&self) -> Arc<dyn Backend> {
        vbox::connect(&self.uri()).expect("connect to the real VBoxManage")
    }

    /// A command running `program` (a path inside the chroot) with this home's environment.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new("chroot");
        command
            .arg(self.host.chroot())
            .arg("env")
            .arg(format!("VBOX_USER_HOME={}", self.dir.display()))
            .arg(format!("VBOX_IPC_SOCKETID={}", self.socket_id))
            .arg("LC_ALL=C")
            .arg(program)
            .stdin(Stdio::null());
        command
    }

    /// Run the real VBoxManage with `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(self.vboxmanage())
            .args(args)
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .output()
            .expect("run the real VBoxManage")
    }

    /// Run the real VBoxManage and return its stdout.
    ///
    /// # Panics
    /// When it fails (with its stderr).
    pub fn run_ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "VBoxManage {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `showvminfo --machinereadable` of `machine` by the real VBoxManage, as key → value
    /// (quotes removed).
    pub fn showvminfo(&self, machine: &str) -> std::collections::BTreeMap<String, String> {
        self.run_ok(&["showvminfo", machine, "--machinereadable"])
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| {
                (
                    k.trim_matches('"').to_string(),
                    v.trim_matches('"').to_string(),
                )
            })
            .collect()
    }

    /// The lines of `showvminfo --machinereadable` of `machine` by the real VBoxManage, as
    /// printed (keys repeat: `Forwarding(0)` per NAT adapter).
    pub fn showvminfo_lines(&self, machine: &str) -> Vec<String> {
        self.run_ok(&["showvminfo", machine, "--machinereadable"])
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Panics unless the real `showvminfo` of `machine` has exactly this line.
    pub fn assert_showvminfo_has(&self, lines: &[String], line: &str) {
        assert!(
            lines.iter().any(|l| l == line),
            "real showvminfo lacks `{line}`:\n{}",
            lines.join("\n")
        );
    }

    /// The processes of this home (pid, name).
    pub fn processes(&self) -> Vec<(u32, String)> {
        processes::with_socket_id(&self.socket_id)
    }
}

impl Drop for RealHome {
    fn drop(&mut self) {
        processes::end_all(&self.socket_id, Duration::from_secs(3));
        let ipc = self
            .host
            .chroot()
            .join("tmp")
            .join(format!(".vbox-{}-ipc", self.socket_id));
        let _ = std::fs::remove_dir_all(ipc);
        // A plain folder of ours (no mount inside a home): removing it touches nothing else.
        if !self.kept && std::env::var_os("VBOXCTL_REAL_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
