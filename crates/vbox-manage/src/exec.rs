//! Running VBoxManage and reading what it said: the layer every command goes through.
//!
//! VBoxManage's exit code alone is not enough: 7.x prints `WARNING:` lines before the real
//! output, `guestproperty wait` reports a timeout on stderr with exit 0, some failures exit 0
//! with an error block, and Windows hosts end lines with CRLF. [`interpret`] turns a
//! [`RawOutput`] into a [`Reply`] or a typed error; [`Exec`] adds deadlines and retries.

use crate::parse::errors::{parse_error, parse_progress};
use crate::runner::{RawOutput, RunOptions, Runner};
use std::sync::Arc;
use std::time::Duration;
use vbox_types::{Error, ErrorKind, Result};

/// What a successful call printed, normalised (LF line ends, leading `WARNING:` lines gone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    /// Standard output.
    pub stdout: String,
    /// Standard error (progress lines, notices).
    pub stderr: String,
    /// The progress percentages seen on stderr.
    pub progress: Vec<u32>,
}

/// How one call is made.
#[derive(Clone)]
pub struct CallOptions {
    /// Deadline for the whole call, retries included.
    pub timeout: Duration,
    /// Retry errors of a retryable kind (a session lock held for a moment, an object not
    /// ready) with backoff until the deadline. Off for calls whose lock error means a real
    /// state (`startvm` of a running machine) — `vbox-ops` decides those.
    pub retry: bool,
    /// Progress callback, passed to the runner.
    pub on_progress: Option<crate::runner::ProgressFn>,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("on_progress", &self.on_progress.is_some())
            .finish()
    }
}

impl CallOptions {
    /// A call with this deadline and no retries.
    pub fn once(timeout: Duration) -> CallOptions {
        CallOptions {
            timeout,
            retry: false,
            on_progress: None,
        }
    }

    /// A call with this deadline that retries retryable errors until it.
    pub fn retrying(timeout: Duration) -> CallOptions {
        CallOptions {
            retry: true,
            ..CallOptions::once(timeout)
        }
    }
}

/// Normalise line ends (`\r\n` → `\n`).
pub fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Read a finished process: an error block on stderr fails the call even with exit 0; a
/// non-zero exit without one fails with the stderr text; else the normalised output.
pub fn interpret(raw: RawOutput) -> Result<Reply> {
    let stdout = normalise(&raw.stdout);
    let stderr = normalise(&raw.stderr);
    if let Some(err) = parse_error(&stderr) {
        return Err(err.to_error());
    }
    if raw.code != Some(0) {
        let text = stderr.trim();
        let message = if text.is_empty() {
            format!("VBoxManage exited with {:?}", raw.code)
        } else {
            text.to_string()
        };
        return Err(Error::new(ErrorKind::Backend, message));
    }
    let progress = parse_progress(&stderr);
    let stdout = strip_warnings(&stdout);
    Ok(Reply {
        stdout,
        stderr,
        progress,
    })
}

/// Drop the `WARNING:` lines (and their indented continuation) 7.x prints before output.
pub fn strip_warnings(stdout: &str) -> String {
    let mut out = String::with_capacity(stdout.len());
    let mut in_warning = false;
    for line in stdout.split_inclusive('\n') {
        if line.starts_with("WARNING:") {
            in_warning = true;
            continue;
        }
        if in_warning && (line.starts_with(' ') || line.trim().is_empty()) {
            continue;
        }
        in_warning = false;
        out.push_str(line);
    }
    out
}

/// Runs VBoxManage calls through a [`Runner`] and interprets them.
#[derive(Debug, Clone)]
pub struct Exec {
    runner: Arc<dyn Runner>,
}

impl Exec {
    /// Calls go through `runner`.
    pub fn new(runner: Arc<dyn Runner>) -> Exec {
        Exec { runner }
    }

    /// The runner's description.
    pub fn describe(&self) -> String {
        self.runner.describe()
    }

    /// Run `args` and interpret the result (see [`CallOptions`] for retries).
    pub async fn call(&self, args: &[String], opts: &CallOptions) -> Result<Reply> {
        let run = RunOptions {
            timeout: opts.timeout,
            on_progress: opts.on_progress.clone(),
        };
        let raw = self.runner.run(args, &run).await?;
        interpret(raw)
    }
}
