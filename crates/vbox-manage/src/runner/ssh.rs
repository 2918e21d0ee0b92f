//! Runs VBoxManage on another host through the system `ssh` client.
//!
//! ssh hands the remote side one command string, which the remote login shell parses, so every
//! argument is single-quoted ([`shell_quote`]) and the string is `LC_ALL=C <program> <args…>`.
//! The remote shell must be POSIX-like (sh, bash, dash, zsh): Linux and macOS hosts; a Windows
//! host's OpenSSH runs `cmd.exe`, which this quoting does not fit. `BatchMode=yes` forbids
//! every prompt, so a password is never asked for or sent: keys or an agent only.
//!
//! When the call's deadline passes the local `ssh` is killed; the remote VBoxManage is not
//! signalled (without a terminal it gets no hangup) and may finish on its own.

use super::process::{command_label, run_process};
use super::{RawOutput, RunOptions, Runner};
use async_trait::async_trait;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use vbox_types::{Error, ErrorKind, Result};

/// Quote one word for a POSIX shell: the result always reads back as exactly `word`.
///
/// Inside single quotes nothing is special (not `$`, backticks, `\`, `"`, newlines), so only
/// the single quote itself needs care: close the quote, add an escaped `'`, reopen.
pub fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// ssh's exit code for its own failures (connection, host key, authentication).
const SSH_FAILED: i32 = 255;

/// A Unix socket path holds at most 108 bytes; ssh adds `/`, the 40 digits of `%C` and a
/// 17-byte temporary suffix while it makes the socket.
const MAX_CONTROL_DIR: usize = 108 - 1 - 40 - 17;

/// `$HOME/.cache/vboxctl/ssh`, when `HOME` is set.
fn default_control_dir() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".cache/vboxctl/ssh"))
}

/// Whether `dir` can hold the socket: short enough, made, and kept to its owner (others could
/// reach the connection through it).
fn usable_control_dir(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    dir.as_os_str().len() <= MAX_CONTROL_DIR
        && std::fs::create_dir_all(dir).is_ok()
        && std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).is_ok()
}
/// A POSIX shell's exit code for "command not found".
const SHELL_NOT_FOUND: i32 = 127;

/// Runs VBoxManage on a remote host through the `ssh` client.
#[derive(Debug, Clone)]
pub struct SshRunner {
    destination: String,
    port: Option<u16>,
    identity: Option<PathBuf>,
    remote_program: String,
    ssh_program: PathBuf,
    /// Where the shared master connection's socket lives; `None`: one connection per call.
    control_dir: Option<PathBuf>,
}

impl SshRunner {
    /// Run `VBoxManage` on `destination` (`host` or `user@host`, as ssh takes it), with the
    /// default port and keys, through the `ssh` found on PATH.
    pub fn new(destination: impl Into<String>) -> SshRunner {
        SshRunner {
            destination: destination.into(),
            port: None,
            identity: None,
            remote_program: "VBoxManage".to_string(),
            ssh_program: PathBuf::from("ssh"),
            control_dir: default_control_dir(),
        }
    }

    /// Connect to this port (`ssh -p`).
    pub fn with_port(mut self, port: u16) -> SshRunner {
        self.port = Some(port);
        self
    }

    /// Authenticate with this private key file (`ssh -i`).
    pub fn with_identity(mut self, key: impl Into<PathBuf>) -> SshRunner {
        self.identity = Some(key.into());
        self
    }

    /// Run this VBoxManage on the remote host (a path, or a name the remote PATH resolves).
    /// It is quoted like every argument, so `~` and variables are not expanded.
    pub fn with_remote_program(mut self, program: impl Into<String>) -> SshRunner {
        self.remote_program = program.into();
        self
    }

    /// One ssh connection per call, no shared master (for an ssh client or server that does
    /// not allow multiplexing).
    pub fn without_shared_connection(mut self) -> SshRunner {
        self.control_dir = None;
        self
    }

    /// Keep the shared master connection's socket in `dir` (created, private, at the first
    /// call).
    pub fn with_control_dir(mut self, dir: impl Into<PathBuf>) -> SshRunner {
        self.control_dir = Some(dir.into());
        self
    }

    /// Use this local ssh client instead of `ssh` (tests use a script).
    pub fn with_ssh_program(mut self, program: impl Into<PathBuf>) -> SshRunner {
        self.ssh_program = program.into();
        self
    }

    /// The destination as given.
    pub fn destination(&self) -> &str {
        &self.destination
    }

    /// The local ssh client that is run.
    pub fn ssh_program(&self) -> &Path {
        &self.ssh_program
    }

    /// The one command string the remote shell runs for `args`.
    pub fn remote_command(&self, args: &[String]) -> String {
        let mut cmd = format!("LC_ALL=C {}", shell_quote(&self.remote_program));
        for arg in args {
            cmd.push(' ');
            cmd.push_str(&shell_quote(arg));
        }
        cmd
    }

    /// The local ssh argv (without the program):
    /// `-o BatchMode=yes [-p PORT] [-i KEY] -- DEST <command string>`.
    pub fn ssh_args(&self, args: &[String]) -> Vec<OsString> {
        self.ssh_argv(self.remote_command(args))
    }

    fn ssh_argv(&self, command: String) -> Vec<OsString> {
        let mut argv: Vec<OsString> = vec!["-o".into(), "BatchMode=yes".into()];
        if let Some(dir) = &self.control_dir {
            // Every VBoxManage call is an ssh process; without a shared master connection each
            // pays a TCP connection and a key exchange. The master lives on for a minute after
            // the last call; its socket is in a folder of the user's own.
            let mut path = OsString::from("ControlPath=");
            path.push(dir.join("%C"));
            for option in [
                OsString::from("ControlMaster=auto"),
                path,
                OsString::from("ControlPersist=60"),
            ] {
                argv.push("-o".into());
                argv.push(option);
            }
        }
        if let Some(port) = self.port {
            argv.push("-p".into());
            argv.push(port.to_string().into());
        }
        if let Some(key) = &self.identity {
            argv.push("-i".into());
            argv.push(key.clone().into_os_string());
        }
        // `--` ends ssh's options, so a destination starting with `-` cannot become one.
        argv.push("--".into());
        argv.push(self.destination.clone().into());
        argv.push(command.into());
        argv
    }

    /// ssh's and the remote shell's own failures, which are not VBoxManage's: the connection
    /// or login failed (exit 255), or VBoxManage is not installed there (exit 127).
    fn transport_error(&self, raw: &RawOutput, label: &str) -> Option<Error> {
        let reason = raw
            .stderr
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("no message")
            .to_string();
        match raw.code {
            Some(SSH_FAILED) => {
                let auth = ["Permission denied", "Host key verification failed"]
                    .iter()
                    .any(|t| raw.stderr.contains(t));
                let kind = if auth {
                    ErrorKind::Auth
                } else {
                    ErrorKind::Backend
                };
                Some(Error::new(
                    kind,
                    format!("ssh to {} failed: {reason}", self.destination),
                ))
            }
            Some(SHELL_NOT_FOUND) if raw.stdout.is_empty() => Some(Error::new(
                ErrorKind::NotFound,
                format!("cannot run `{label}` on {}: {reason}", self.destination),
            )),
            _ => None,
        }
    }
}

#[async_trait]
impl Runner for SshRunner {
    /// `ssh://user@host[:port]/path/to/VBoxManage`.
    fn describe(&self) -> String {
        let (user, host) = match self.destination.rsplit_once('@') {
            Some((user, host)) => (format!("{user}@"), host),
            None => (String::new(), self.destination.as_str()),
        };
        // An IPv6 address needs brackets in a URL.
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        let path = self.remote_program.trim_start_matches('/');
        format!("ssh://{user}{host}{port}/{path}")
    }

    async fn run(&self, args: &[String], opts: &RunOptions) -> Result<RawOutput> {
        let program = Path::new(&self.remote_program)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.remote_program.clone());
        let label = command_label(&program, args);
        // ssh refuses to run at all when it cannot make the socket: go without sharing then.
        let argv = match &self.control_dir {
            Some(dir) if !usable_control_dir(dir) => {
                self.clone().without_shared_connection().ssh_args(args)
            }
            _ => self.ssh_args(args),
        };
        let raw = run_process(&self.ssh_program, &argv, &[], &label, opts).await?;
        match self.transport_error(&raw, &label) {
            Some(err) => Err(err),
            None => Ok(raw),
        }
    }

    /// `cat` on the remote host, in the same ssh session setup as VBoxManage.
    async fn read_file(&self, path: &str, opts: &RunOptions) -> Result<Option<String>> {
        let command = format!("cat -- {}", shell_quote(path));
        // As `run`: without a shared connection when its socket cannot be made.
        let argv = match &self.control_dir {
            Some(dir) if !usable_control_dir(dir) => {
                self.clone().without_shared_connection().ssh_argv(command)
            }
            _ => self.ssh_argv(command),
        };
        let raw = run_process(&self.ssh_program, &argv, &[], "cat", opts).await?;
        if let Some(err) = self.transport_error(&raw, "cat") {
            return Err(err);
        }
        Ok((raw.code == Some(0)).then_some(raw.stdout))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argv_shape() {
        let r = SshRunner::new("lab@host1")
            .with_port(2222)
            .with_identity("/k/id_ed25519")
            .with_remote_program("/usr/bin/VBoxManage")
            .without_shared_connection();
        let argv: Vec<String> = r
            .ssh_args(&["list".into(), "vms".into()])
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            argv,
            [
                "-o",
                "BatchMode=yes",
                "-p",
                "2222",
                "-i",
                "/k/id_ed25519",
                "--",
                "lab@host1",
                "LC_ALL=C '/usr/bin/VBoxManage' 'list' 'vms'"
            ]
        );
        assert_eq!(r.describe(), "ssh://lab@host1:2222/usr/bin/VBoxManage");
        let shared: Vec<OsString> = SshRunner::new("h").ssh_args(&[]);
        assert!(shared.contains(&"ControlMaster=auto".into()), "{shared:?}");
        assert_eq!(SshRunner::new("h").describe(), "ssh://h/VBoxManage");
        assert_eq!(
            SshRunner::new("u@::1").describe(),
            "ssh://u@[::1]/VBoxManage"
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$(x) `y`"), "'$(x) `y`'");
    }

    #[test]
    fn transport_failures() {
        let r = SshRunner::new("lab@h");
        let fail = |code, stderr: &str| RawOutput {
            code: Some(code),
            stdout: String::new(),
            stderr: stderr.to_string(),
        };
        let e = r
            .transport_error(&fail(255, "lab@h: Permission denied (publickey).\n"), "x")
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert!(e.message().contains("Permission denied (publickey)"), "{e}");
        let e = r
            .transport_error(
                &fail(255, "ssh: connect to host h port 22: Connection refused\n"),
                "x",
            )
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::Backend);
        let e = r
            .transport_error(
                &fail(127, "sh: 1: VBoxManage: not found\n"),
                "VBoxManage list",
            )
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(r
            .transport_error(&fail(1, "VBoxManage: error: x\n"), "x")
            .is_none());
    }
}
