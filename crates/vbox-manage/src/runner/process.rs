//! Runs a local VBoxManage process, and the spawn-and-collect core the ssh runner shares.
//!
//! Every child runs without a shell, with `LC_ALL=C`/`LANG=C` (the parsers and the error
//! texts other code matches on are the English ones), stdin closed, and is killed when the
//! call is dropped or its deadline passes. stdout and stderr are read at the same time (a
//! full pipe would otherwise stall a chatty `list -l vms`), and stderr is read as it comes
//! so `0%...10%...` progress reaches the caller while the command runs.

use super::{ProgressFn, RawOutput, RunOptions, Runner};
use async_trait::async_trait;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;
use vbox_types::{Error, ErrorKind, Result};

/// Spawns the VBoxManage executable at `program`.
#[derive(Debug, Clone)]
pub struct ProcessRunner {
    program: PathBuf,
    env: Vec<(OsString, OsString)>,
}

impl ProcessRunner {
    /// Run this executable.
    pub fn new(program: impl Into<PathBuf>) -> ProcessRunner {
        ProcessRunner {
            program: program.into(),
            env: Vec::new(),
        }
    }

    /// Also set `key=value` in the child's environment (e.g. `VBOX_USER_HOME`, which picks
    /// the VirtualBox configuration a VBoxManage uses).
    pub fn with_env(
        mut self,
        key: impl Into<OsString>,
        value: impl Into<OsString>,
    ) -> ProcessRunner {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The executable.
    pub fn program(&self) -> &std::path::Path {
        &self.program
    }
}

#[async_trait]
impl Runner for ProcessRunner {
    fn describe(&self) -> String {
        self.program.display().to_string()
    }

    async fn run(&self, args: &[String], opts: &RunOptions) -> Result<RawOutput> {
        let label = command_label(&program_name(&self.program), args);
        run_process(&self.program, args, &self.env, &label, opts).await
    }

    /// Read directly: a local VBoxManage sees the same files (the paths it prints are valid
    /// here).
    async fn read_file(&self, path: &str, opts: &RunOptions) -> Result<Option<String>> {
        match tokio::time::timeout(opts.timeout, tokio::fs::read_to_string(path)).await {
            Ok(Ok(text)) => Ok(Some(text)),
            Ok(Err(e)) => {
                tracing::debug!(path, error = %e, "cannot read a file VBoxManage named");
                Ok(None)
            }
            Err(_) => Ok(None),
        }
    }
}

/// The last path component of `program` (`/usr/bin/VBoxManage` → `VBoxManage`).
pub(crate) fn program_name(program: &Path) -> String {
    program
        .file_name()
        .unwrap_or(program.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// How errors name a call: the program and its first argument (`VBoxManage showvminfo`),
/// never the rest of the argv, which may hold values a log must not show.
pub(crate) fn command_label(program: &str, args: &[String]) -> String {
    match args.first() {
        Some(first) => format!("{program} {first}"),
        None => program.to_string(),
    }
}

/// Spawn `program` with `args` (no shell), collect its output and exit code, and enforce
/// `opts.timeout`. `label` names the call in errors (see [`command_label`]).
///
/// Errors: the program does not exist → NotFound; it cannot be started otherwise, or an
/// argument holds a NUL byte → Backend / InvalidInput; the deadline passes → Timeout, after
/// the child was killed and reaped.
pub(crate) async fn run_process<A: AsRef<OsStr>>(
    program: &Path,
    args: &[A],
    env: &[(OsString, OsString)],
    label: &str,
    opts: &RunOptions,
) -> Result<RawOutput> {
    if args
        .iter()
        .any(|a| a.as_ref().as_encoded_bytes().contains(&0))
    {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("cannot run `{label}`: an argument contains a NUL byte"),
        ));
    }
    let mut command = Command::new(program);
    command
        .args(args)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = spawn(&mut command)
        .await
        .map_err(|e| spawn_error(program, e))?;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let collect = async {
        let reading = async {
            tokio::try_join!(
                read_into(stdout, &mut out),
                read_stderr(stderr, &mut err, opts.on_progress.as_ref()),
            )
        };
        tokio::pin!(reading);
        let exited = {
            let wait = child.wait();
            tokio::pin!(wait);
            tokio::select! {
                read = &mut reading => { read?; None }
                status = &mut wait => Some(status?),
            }
        };
        let status = match exited {
            None => child.wait().await?,
            Some(status) => {
                // A background process the child left behind (ssh's ControlPersist master,
                // say) can hold the pipes open for minutes. What the child wrote is already
                // in the pipe, so a short wait for the rest is enough.
                if tokio::time::timeout(AFTER_EXIT_GRACE, &mut reading)
                    .await
                    .is_err()
                {
                    tracing::debug!(command = label, "output still open after exit; not waiting");
                }
                status
            }
        };
        Ok::<_, std::io::Error>(status)
    };
    let outcome = tokio::time::timeout(opts.timeout, collect).await;
    match outcome {
        Ok(Ok(status)) => Ok(RawOutput {
            code: status.code(),
            stdout: String::from_utf8_lossy(&out).into_owned(),
            stderr: String::from_utf8_lossy(&err).into_owned(),
        }),
        Ok(Err(e)) => {
            let _ = child.kill().await;
            Err(Error::new(
                ErrorKind::Backend,
                format!("cannot read the output of `{label}`: {e}"),
            )
            .with_source(e))
        }
        Err(_elapsed) => {
            // `kill` also waits, so no zombie is left behind. A failure here means the child
            // is already gone, which is what we want anyway.
            let _ = child.kill().await;
            Err(Error::new(
                ErrorKind::Timeout,
                format!(
                    "`{label}` did not finish within {:?}; the process was killed",
                    opts.timeout
                ),
            ))
        }
    }
}

/// `ETXTBSY` (26 on Linux, macOS and the BSDs).
const TEXT_FILE_BUSY: i32 = 26;

/// Spawn, retrying a few times on "text file busy": the executable was just written (an
/// upgrade replacing VBoxManage) and a process forked meanwhile still holds the write handle
/// for the moment until its exec; Go's os/exec hit the same (golang/go#22315).
async fn spawn(command: &mut Command) -> std::io::Result<tokio::process::Child> {
    let mut tries = 0;
    loop {
        match command.spawn() {
            Err(e) if cfg!(unix) && e.raw_os_error() == Some(TEXT_FILE_BUSY) && tries < 5 => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(5 * tries)).await;
            }
            other => return other,
        }
    }
}

fn spawn_error(program: &Path, e: std::io::Error) -> Error {
    let kind = if e.kind() == std::io::ErrorKind::NotFound {
        ErrorKind::NotFound
    } else {
        ErrorKind::Backend
    };
    Error::new(kind, format!("cannot run {}: {e}", program.display())).with_source(e)
}

/// How long pipes may stay open after the child exited (see [`run_process`]).
const AFTER_EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

async fn read_into(pipe: Option<impl AsyncRead + Unpin>, buf: &mut Vec<u8>) -> std::io::Result<()> {
    if let Some(mut pipe) = pipe {
        pipe.read_to_end(buf).await?;
    }
    Ok(())
}

/// Read stderr chunk by chunk, reporting each progress percentage as soon as it is complete.
async fn read_stderr(
    pipe: Option<impl AsyncRead + Unpin>,
    buf: &mut Vec<u8>,
    on_progress: Option<&ProgressFn>,
) -> std::io::Result<()> {
    let Some(mut pipe) = pipe else {
        return Ok(());
    };
    let mut scanner = ProgressScanner::default();
    let mut chunk = [0u8; 4096];
    loop {
        let n = pipe.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(report) = on_progress {
            scanner.feed(&chunk[..n], |p| report(p));
        }
    }
    if let Some(report) = on_progress {
        scanner.finish(|p| report(p));
    }
    Ok(())
}

/// Finds `N%` steps in a stream of stderr bytes split at arbitrary points.
///
/// A progress line is `0%...10%...` up to `100%` and a newline; a failed operation ends it
/// with the result code symbol instead. A step is complete when the `...` after it (or the
/// end of the line) arrives. A line that holds anything but steps stops counting, so an
/// error message that mentions `50%` is not taken for progress.
#[derive(Debug)]
pub(crate) struct ProgressScanner {
    piece: Vec<u8>,
    line_is_progress: bool,
}

impl Default for ProgressScanner {
    fn default() -> Self {
        ProgressScanner {
            piece: Vec::new(),
            line_is_progress: true,
        }
    }
}

impl ProgressScanner {
    /// The longest piece a step can be (`100%`), plus the `...` that ends it.
    const MAX_PIECE: usize = 7;

    /// Scan more bytes, calling `emit` with each completed step.
    pub(crate) fn feed(&mut self, bytes: &[u8], mut emit: impl FnMut(u32)) {
        for &b in bytes {
            if b == b'\n' || b == b'\r' {
                self.end_piece(&mut emit);
                self.line_is_progress = true;
                continue;
            }
            if !self.line_is_progress {
                continue;
            }
            self.piece.push(b);
            if self.piece.ends_with(b"...") {
                self.piece.truncate(self.piece.len() - 3);
                self.end_piece(&mut emit);
            } else if self.piece.len() > Self::MAX_PIECE {
                self.line_is_progress = false;
                self.piece.clear();
            }
        }
    }

    /// The stream ended: a last step without a newline still counts.
    pub(crate) fn finish(&mut self, mut emit: impl FnMut(u32)) {
        self.end_piece(&mut emit);
    }

    fn end_piece(&mut self, emit: &mut impl FnMut(u32)) {
        if self.line_is_progress && !self.piece.is_empty() {
            match parse_step(&self.piece) {
                Some(p) => emit(p),
                None => self.line_is_progress = false,
            }
        }
        self.piece.clear();
    }
}

fn parse_step(piece: &[u8]) -> Option<u32> {
    let digits = piece.strip_suffix(b"%")?;
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits)
        .ok()?
        .parse()
        .ok()
        .filter(|p| *p <= 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(chunks: &[&str]) -> Vec<u32> {
        let mut scanner = ProgressScanner::default();
        let mut seen = Vec::new();
        for c in chunks {
            scanner.feed(c.as_bytes(), |p| seen.push(p));
        }
        scanner.finish(|p| seen.push(p));
        seen
    }

    #[test]
    fn steps_split_across_chunks() {
        assert_eq!(
            scan(&["0%.", "..1", "0%...20", "%...100%\n"]),
            [0, 10, 20, 100]
        );
        assert_eq!(scan(&["0%...10%...100%"]), [0, 10, 100]);
    }

    #[test]
    fn failed_progress_and_error_lines() {
        assert_eq!(
            scan(&["0%...10%...20%...30%...VBOX_E_OBJECT_IN_USE\n"]),
            [0, 10, 20, 30]
        );
        assert!(scan(&["VBoxManage: error: 50%... done\n"]).is_empty());
        assert!(scan(&["Progress state: 100%...\n", "x 10%...\n"]).is_empty());
        assert_eq!(scan(&["noise\r\n0%...100%\r\n"]), [0, 100]);
        assert!(scan(&["250%...\n"]).is_empty());
    }

    #[test]
    fn labels_name_program_and_first_argument() {
        assert_eq!(
            command_label(
                &program_name(Path::new("/usr/bin/VBoxManage")),
                &["showvminfo".into(), "secret".into()]
            ),
            "VBoxManage showvminfo"
        );
        assert_eq!(command_label("VBoxManage", &[]), "VBoxManage");
    }
}
