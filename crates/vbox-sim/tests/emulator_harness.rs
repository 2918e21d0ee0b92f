//! Helpers of the emulator tests (`emulator_*.rs` include this file as a module): a
//! temporary simulated host and a way to run VBoxManage command lines on it in-process.
#![allow(dead_code)]

use vbox_sim::manage::{run, EmulatorEnv};
use vbox_sim::SimOptions;

/// What one command printed and returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Exit code.
    pub code: i32,
    /// stdout.
    pub out: String,
    /// stderr.
    pub err: String,
}

/// A simulated host in a temporary state directory.
pub struct Host {
    /// The state directory (removed on drop).
    pub dir: tempfile::TempDir,
    /// The emulated VBoxManage's environment.
    pub env: EmulatorEnv,
}

impl Host {
    /// A fresh host whose VBoxManage is `version` (`6.1`, `7.0.14`, `7.1`, …).
    pub fn new(version: &str) -> Host {
        let dir = tempfile::tempdir().unwrap();
        let env = EmulatorEnv::new(dir.path(), SimOptions::emulating(version).unwrap());
        Host { dir, env }
    }

    /// The same state directory seen by another VBoxManage version.
    pub fn as_version(&self, version: &str) -> EmulatorEnv {
        EmulatorEnv::new(self.dir.path(), SimOptions::emulating(version).unwrap())
    }

    /// Run one command line.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(&self.env, args)
    }

    /// Run one command line that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(o.code, 0, "{args:?} failed: {o:?}");
        o.out
    }

    /// The machine folder, as the emulator prints it (the canonical state directory).
    pub fn machines(&self) -> String {
        let dir = self.dir.path().canonicalize().unwrap();
        dir.join("machines").to_string_lossy().into_owned()
    }

    /// A machine whose launch is quick and whose guest has no Guest Additions.
    pub fn quick_vm(&self, name: &str) {
        self.ok(&[
            "createvm",
            "--name",
            name,
            "--ostype",
            "Other",
            "--register",
        ]);
        self.ok(&["setextradata", name, "VBoxSim/StartDurationMs", "10"]);
        self.ok(&["setextradata", name, "VBoxSim/NoGuestAdditions", "1"]);
    }
}

/// Run one command line in an environment.
pub fn run_in(env: &EmulatorEnv, args: &[&str]) -> Output {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&argv, env, &mut out, &mut err);
    Output {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}
