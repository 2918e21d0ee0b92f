//! The harness: a private simulator directory per test, the built binary, and snapshots of
//! exit status + stdout + stderr with the volatile parts (UUIDs, MACs, paths, times) filtered.

use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

/// Simulator knobs that keep a lifecycle fast: a start takes 50 ms, the guest publishes its
/// addresses 200 ms after that, and shuts down 100 ms after the ACPI power button.
pub const FAST_GUEST: [(&str, &str); 3] = [
    ("VBoxSim/StartDurationMs", "50"),
    ("VBoxSim/BootDelayMs", "200"),
    ("VBoxSim/AcpiShutdownMs", "100"),
];

/// One test's simulated host; its directory is removed when the test ends.
pub struct TestContext {
    dir: TempDir,
    /// The VirtualBox version of the VBoxManage emulator this host is reached through;
    /// `None`: the simulator directly (`sim://`).
    emulated: Option<&'static str>,
}

impl Default for TestContext {
    fn default() -> TestContext {
        let dir = tempfile::Builder::new()
            .prefix("vboxctl-cli")
            .tempdir()
            .expect("temp dir");
        TestContext {
            dir,
            emulated: None,
        }
    }
}

impl TestContext {
    /// A fresh, empty simulated host.
    pub fn new() -> TestContext {
        TestContext::default()
    }

    /// The simulator's state directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A fresh host reached through the VBoxManage backend and the emulator binary
    /// (`vboxmanage-sim`) of VirtualBox `version`, which finds the state directory through
    /// `VBOX_USER_HOME` as VBoxManage finds its configuration.
    pub fn emulator(version: &'static str) -> TestContext {
        TestContext {
            emulated: Some(version),
            ..TestContext::default()
        }
    }

    /// The backend URI of this host.
    pub fn uri(&self) -> String {
        match self.emulated {
            Some(_) => format!("vboxmanage://{}", env!("CARGO_BIN_EXE_vboxmanage-sim")),
            None => format!("sim://{}", self.dir().display()),
        }
    }

    /// `vboxctl --connect <this host>`, isolated from the caller's environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--connect").arg(self.uri());
        cmd
    }

    /// `vboxctl` without `--connect`.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_vboxctl"));
        cmd.env_remove("VBOXCTL_CONNECT")
            .env_remove("VBOXCTL_CONFIG")
            .env_remove("VBOXCTL_HOST")
            .env("XDG_CONFIG_HOME", self.dir().join("xdg-config"))
            .env("NO_COLOR", "1")
            .env("HOME", self.dir())
            .env("XDG_STATE_HOME", self.dir().join("xdg-state"))
            .env("XDG_DATA_HOME", self.dir().join("xdg-data"))
            .env("VBOX_USER_HOME", self.dir());
        if let Some(version) = self.emulated {
            cmd.env("VBOXCTL_SIM_VERSION", version);
        }
        cmd
    }

    /// Run a setup step that must succeed; returns its stdout.
    pub fn run(&self, args: &[&str]) -> String {
        let output = self.cmd().args(args).output().expect("run vboxctl");
        assert!(
            output.status.success(),
            "setup step {args:?} failed:\n{}",
            render(&output)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// A machine with a NAT adapter and a guest that boots in a fraction of a second.
    pub fn machine(&self, name: &str) {
        self.run(&["create", name, "--ostype", "Ubuntu_64"]);
        self.fast_guest(name);
    }

    /// Make a machine's simulated start, boot and shutdown fast.
    pub fn fast_guest(&self, name: &str) {
        for (key, value) in FAST_GUEST {
            self.run(&["extradata", "set", "--", name, key, value]);
        }
    }

    /// A template for maps: a disk (for linked clones) and a fast guest, which clones
    /// inherit because VirtualBox (and the simulator) copy extradata to clones.
    pub fn template(&self, name: &str) {
        self.run(&["create", name, "--ostype", "Ubuntu_64", "--disk", "64"]);
        self.fast_guest(name);
    }

    /// Leave `name` Starting for a launch of `ms` milliseconds: a start is begun and its
    /// vboxctl killed, as when an `up` is interrupted mid-launch. Waits for the state, not
    /// for a time.
    pub fn left_starting(&self, name: &str, ms: u32) {
        let ms = ms.to_string();
        self.run(&["extradata", "set", name, "VBoxSim/StartDurationMs", &ms]);
        let mut child = self
            .cmd()
            .args(["start", name, "-q"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start vboxctl");
        loop {
            let show: serde_json::Value =
                serde_json::from_str(&self.run(&["show", name, "-o", "json"])).expect("JSON");
            if show["state"] == "Starting" {
                break;
            }
            assert!(
                child.try_wait().expect("poll").is_none(),
                "the start ended early"
            );
        }
        child.kill().expect("kill the start");
        child.wait().expect("reap the start");
    }

    /// Write a file into this host's directory; returns its path.
    pub fn write(&self, file: &str, text: &str) -> std::path::PathBuf {
        let path = self.dir().join(file);
        std::fs::write(&path, text).expect("write a test file");
        path
    }

    /// The names of the registered machines, sorted.
    pub fn names(&self) -> Vec<String> {
        let out = self.run(&["list", "-o", "json"]);
        let rows: serde_json::Value = serde_json::from_str(&out).expect("list JSON");
        rows.as_array()
            .expect("a list")
            .iter()
            .map(|r| r["name"].as_str().unwrap_or_default().to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// A running machine whose guest has published its addresses.
    pub fn running(&self, name: &str) {
        self.machine(name);
        self.run(&["start", name, "--wait-ip", "20"]);
    }

    /// The snapshot filters: this host's directory, UUIDs, MACs, times, elapsed seconds.
    pub fn settings(&self) -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        let dir = self.dir().display().to_string();
        settings.add_filter(&regex::escape(&dir), "[SIM]");
        settings.add_filter(
            &regex::escape(env!("CARGO_BIN_EXE_vboxmanage-sim")),
            "[EMULATOR]",
        );
        settings.add_filter(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[UUID]",
        );
        settings.add_filter(r"\b[0-9A-F]{12}\b", "[MAC]");
        settings.add_filter(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "[TIME]");
        settings.add_filter(r#""timestamp_ns": \d+"#, r#""timestamp_ns": "[NS]""#);
        settings.add_filter(r"after \d+(\.\d+)?m?s\b", "after [SECS]s");
        settings.add_filter(env!("CARGO_PKG_VERSION"), "[VERSION]");
        settings
    }
}

/// Exit status, stdout and stderr, the way the snapshots show them.
pub fn render(output: &Output) -> String {
    let code = output
        .status
        .code()
        .map_or_else(|| "signal".to_string(), |c| c.to_string());
    format!(
        "exit: {code}\n----- stdout -----\n{}----- stderr -----\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Run a command and compare exit status, stdout and stderr with an inline snapshot.
#[macro_export]
macro_rules! snap {
    ($ctx:expr, $cmd:expr, @$snapshot:literal) => {{
        let output = $cmd.output().expect("run vboxctl");
        let text = $crate::common::render(&output);
        $ctx.settings().bind(|| insta::assert_snapshot!(text, @$snapshot));
    }};
}
