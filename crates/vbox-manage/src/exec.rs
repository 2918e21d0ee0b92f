//! Running VBoxManage and reading what it said: the layer every command goes through.
//!
//! VBoxManage's exit code alone is not enough: 7.x prints `WARNING:` lines before the real
//! output, `guestproperty wait` reports a timeout on stderr with exit 0, some failures exit 0
//! with an error block, a real 7.0.14 `clonevm` without arguments prints its usage on stdout
//! and exits 1, and Windows hosts end lines with CRLF. [`interpret`] turns a [`RawOutput`]
//! into a [`Reply`] or a typed error; [`Exec`] adds deadlines and retries.

use crate::parse::errors::{parse_error, parse_progress, ManageError};
use crate::runner::{RawOutput, RunOptions, Runner};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
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
    /// Exit 0 is success even with an error block on stderr: `list --long vms` prints each
    /// inaccessible machine's error there and exits 0 (a real 7.2.22), and the listing is
    /// still complete.
    pub exit_code_decides: bool,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("on_progress", &self.on_progress.is_some())
            .field("exit_code_decides", &self.exit_code_decides)
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
            exit_code_decides: false,
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

/// The first pause between retries; it doubles after each attempt.
pub const RETRY_FIRST_DELAY: Duration = Duration::from_millis(100);
/// The longest pause between retries.
pub const RETRY_MAX_DELAY: Duration = Duration::from_secs(2);

/// Exit code of a VBoxManage syntax error (`RTEXITCODE_SYNTAX`).
const EXIT_SYNTAX: i32 = 2;

/// Normalise line ends (`\r\n` → `\n`).
pub fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Read a finished process.
///
/// - An error block on stderr fails the call even with exit 0 (`guestproperty wait` timing
///   out → Timeout). The error keeps VirtualBox's text: every message line of the block, in
///   order, joined with newlines; kind and code as [`ManageError::to_error`] gives them.
/// - Exit 2 is a syntax error: InvalidInput unless the block says something more precise.
/// - Usage text on stdout with a non-zero exit (7.0.14 `clonevm` without arguments exits 1)
///   is a syntax error too.
/// - Any other non-zero exit, or death by a signal, fails with the first useful line of
///   stderr, else of stdout (warnings, progress and the logo skipped).
/// - Otherwise the output, CRLF normalised and the leading `WARNING:` block removed.
pub fn interpret(raw: RawOutput) -> Result<Reply> {
    interpret_with(raw, false)
}

/// [`interpret`], where with `exit_code_decides` an error block on stderr fails only a call
/// that did not exit 0 (see [`CallOptions::exit_code_decides`]).
pub fn interpret_with(raw: RawOutput, exit_code_decides: bool) -> Result<Reply> {
    let stdout = normalise(&raw.stdout);
    let stderr = normalise(&raw.stderr);
    let failed = raw.code != Some(0);
    // With exit 0, stdout is data (a description may quote an error line); only a failed
    // call's stdout is searched for a block.
    let block = if exit_code_decides && !failed {
        None
    } else {
        parse_error(&stderr).or_else(|| failed.then(|| parse_error(&stdout)).flatten())
    };
    if let Some(block) = block {
        let err = block_error(&block);
        let syntax = raw.code == Some(EXIT_SYNTAX) && err.kind() == ErrorKind::Backend;
        return Err(if syntax {
            err.with_kind(ErrorKind::InvalidInput)
        } else {
            err
        });
    }
    let stdout = strip_warnings(&stdout);
    if failed {
        return Err(exit_error(raw.code, &stdout, &stderr));
    }
    let progress = parse_progress(&stderr);
    Ok(Reply {
        stdout,
        stderr,
        progress,
    })
}

/// The error of a block, with all its message lines (`Clone VM failed` alone would hide the
/// `Failed to lock source media '…'` that follows it).
fn block_error(block: &ManageError) -> Error {
    let first = block.to_error();
    if block.messages.len() < 2 {
        return first;
    }
    let message = block.messages.join("\n");
    match first.code() {
        Some(code) => Error::from_code(code, message).with_kind(first.kind()),
        None => Error::new(first.kind(), message),
    }
}

/// The error of a failed exit without an error block.
fn exit_error(code: Option<i32>, stdout: &str, stderr: &str) -> Error {
    if code.is_some() && stdout.trim_start().starts_with("Usage") {
        let usage = first_useful_line(stdout).unwrap_or("Usage");
        return Error::new(
            ErrorKind::InvalidInput,
            format!("VBoxManage rejected the arguments and printed its usage: {usage}"),
        );
    }
    let line = first_useful_line(stderr).or_else(|| first_useful_line(stdout));
    let kind = if code == Some(EXIT_SYNTAX) {
        ErrorKind::InvalidInput
    } else {
        ErrorKind::Backend
    };
    let message = match (code, line) {
        (Some(_), Some(line)) => line.to_string(),
        (Some(c), None) => format!("VBoxManage exited with code {c} and printed no message"),
        (None, Some(line)) => format!("VBoxManage was killed by a signal: {line}"),
        (None, None) => "VBoxManage was killed by a signal".to_string(),
    };
    Error::new(kind, message)
}

/// The first line worth showing: not blank, not a `WARNING:` notice, not progress, not the
/// logo syntax errors print (`Oracle VM VirtualBox Command Line Management Interface …`).
fn first_useful_line(text: &str) -> Option<&str> {
    let mut in_warning = false;
    text.lines()
        .map(str::trim_end)
        .find(|line| {
            if line.starts_with("WARNING:") {
                in_warning = true;
                return false;
            }
            if in_warning && (line.is_empty() || line.starts_with([' ', '\t'])) {
                return false;
            }
            in_warning = false;
            let line = line.trim_start();
            !(line.is_empty()
                || (line.starts_with(|c: char| c.is_ascii_digit()) && line.contains("%..."))
                || line.contains("Command Line Management Interface")
                || line.starts_with("Copyright (C)")
                || line.starts_with("(C) "))
        })
        .map(str::trim)
}

/// Drop the `WARNING:` notices printed on stdout before the output: 7.0.16+ warns when
/// LOGNAME/USER do not match the user id, and the Linux wrapper script prints its
/// "vboxdrv kernel module is not loaded" / "character device /dev/vboxdrv does not exist"
/// notices (continuation lines indented with spaces or a tab, blank lines between).
///
/// Only a leading run of notices is removed: later output is data, and a multi-line value
/// may well contain a line starting with `WARNING:`.
pub fn strip_warnings(stdout: &str) -> String {
    let mut rest = stdout;
    let mut in_warning = false;
    while let Some(line) = rest.split_inclusive('\n').next() {
        let continuation = in_warning && (line.trim().is_empty() || line.starts_with([' ', '\t']));
        if line.starts_with("WARNING:") {
            in_warning = true;
        } else if !continuation {
            break;
        }
        rest = &rest[line.len()..];
    }
    rest.to_string()
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

    /// The runner calls go through.
    pub fn runner(&self) -> &Arc<dyn Runner> {
        &self.runner
    }

    /// Run `args` and interpret the result.
    ///
    /// The whole call, retries included, ends by `opts.timeout`: each attempt gets the time
    /// left as its runner timeout. With `opts.retry`, an error whose kind is retryable
    /// (Locked, Transient) is tried again after a pause of 100 ms, doubling up to 2 s, as
    /// long as the pause ends before the deadline; then the last error is returned as it
    /// is. Other errors, a Timeout included, return at once.
    pub async fn call(&self, args: &[String], opts: &CallOptions) -> Result<Reply> {
        let start = Instant::now();
        let deadline = start.checked_add(opts.timeout);
        let mut delay = RETRY_FIRST_DELAY;
        let mut attempt = 1u32;
        loop {
            let remaining = deadline.map_or(opts.timeout, |d| {
                d.saturating_duration_since(Instant::now())
            });
            let run = RunOptions {
                timeout: remaining,
                on_progress: opts.on_progress.clone(),
            };
            let err = match self
                .runner
                .run(args, &run)
                .await
                .and_then(|raw| interpret_with(raw, opts.exit_code_decides))
            {
                Ok(reply) => return Ok(reply),
                Err(err) => err,
            };
            let retry = opts.retry
                && err.kind().is_retryable()
                && deadline.is_none_or(|d| Instant::now() + delay < d);
            if !retry {
                return Err(err);
            }
            // Only the command name: the other arguments may hold values logs must not show.
            tracing::debug!(
                command = args.first().map(String::as_str).unwrap_or(""),
                attempt,
                kind = %err.kind(),
                error = %err,
                delay_ms = delay.as_millis() as u64,
                "VBoxManage call failed with a retryable error; retrying"
            );
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(RETRY_MAX_DELAY);
            attempt += 1;
        }
    }
}
