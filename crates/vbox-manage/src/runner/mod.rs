//! The seam between the backend and a VBoxManage process.
//!
//! A [`Runner`] runs one VBoxManage invocation and hands back what the process gave (exit
//! code, stdout, stderr), nothing more: interpreting that output (warnings, error blocks,
//! retries) is [`crate::exec`]'s job, so every runner — a local process, ssh, the scripted
//! fake of the tests — is interpreted the same way.

mod fake;
mod process;
mod ssh;

pub use fake::{FakeReply, FakeRunner};
pub use process::ProcessRunner;
pub use ssh::{shell_quote, SshRunner};

use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;
use vbox_types::Result;

/// Called with each percentage VBoxManage reports on stderr (`0%...10%...`), as it arrives.
pub type ProgressFn = Arc<dyn Fn(u32) + Send + Sync>;

/// How to run one invocation.
#[derive(Clone)]
pub struct RunOptions {
    /// The whole call must finish within this; on expiry the child is killed and the call
    /// fails with [`vbox_types::ErrorKind::Timeout`].
    pub timeout: Duration,
    /// Progress percentages, when the caller wants them while the call runs.
    pub on_progress: Option<ProgressFn>,
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("timeout", &self.timeout)
            .field("on_progress", &self.on_progress.is_some())
            .finish()
    }
}

impl RunOptions {
    /// Options with this timeout and no progress callback.
    pub fn timeout(timeout: Duration) -> RunOptions {
        RunOptions {
            timeout,
            on_progress: None,
        }
    }
}

/// What one VBoxManage process gave back, untouched except for lossy UTF-8 decoding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawOutput {
    /// Exit code; `None` when the process was killed by a signal.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs VBoxManage with an argument vector (the program itself is the runner's business).
#[async_trait]
pub trait Runner: Send + Sync + std::fmt::Debug {
    /// Where the calls go (`/usr/bin/VBoxManage`, `ssh://lab@host1/VBoxManage`).
    fn describe(&self) -> String;

    /// Run once with exactly these arguments. Errors only for what stops the process from
    /// running or finishing (program missing → NotFound, other spawn failure → Backend,
    /// deadline → Timeout after the child was killed; for ssh also a failed connection or
    /// login); a non-zero exit of VBoxManage itself is an `Ok` [`RawOutput`].
    async fn run(&self, args: &[String], opts: &RunOptions) -> Result<RawOutput>;

    /// The text of a file on the host VBoxManage runs on (a machine's settings file: the one
    /// place VBoxManage 7.2 keeps a snapshot's time, which none of its commands prints).
    /// `Ok(None)` when this runner cannot read files or the file is unreadable. Required, so
    /// that a wrapping runner cannot silently drop it.
    async fn read_file(&self, path: &str, opts: &RunOptions) -> Result<Option<String>>;
}
