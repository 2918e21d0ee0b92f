//! SshRunner with a fake `ssh` that runs the remote command string locally with `sh -c`, the
//! way sshd hands it to the remote login shell.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vbox_manage::runner::{shell_quote, RunOptions, Runner, SshRunner};
use vbox_types::ErrorKind;

const LONG: Duration = Duration::from_secs(10);

fn script(path: &Path, body: &str) -> PathBuf {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_path_buf()
}

/// A fake ssh: records its argv (NUL-separated) next to itself, then runs the last argument
/// with `sh -c` in an environment without LC_ALL/LANG, so the `LC_ALL=C` prefix of the
/// command string is what the "remote" program sees.
fn fake_ssh(dir: &Path) -> PathBuf {
    let log = dir.join("ssh-argv");
    script(
        &dir.join("ssh"),
        &format!(
            "printf '%s\\0' \"$@\" > '{}'\nfor last; do :; done\nexec env -u LC_ALL -u LANG sh -c \"$last\"",
            log.display()
        ),
    )
}

/// A "remote VBoxManage" that prints LC_ALL and then each argument, NUL-terminated.
fn fake_vboxmanage(dir: &Path, name: &str) -> PathBuf {
    script(&dir.join(name), r#"printf '%s\0' "LC_ALL=$LC_ALL" "$@""#)
}

fn runner(dir: &Path, remote: &Path) -> SshRunner {
    SshRunner::new("lab@host1")
        .with_ssh_program(fake_ssh(dir))
        .with_remote_program(remote.display().to_string())
}

fn nul_split(s: &str) -> Vec<&str> {
    s.split_terminator('\0').collect()
}

#[tokio::test]
async fn every_argument_survives_the_remote_shell() {
    let dir = tempfile::tempdir().unwrap();
    let remote = fake_vboxmanage(dir.path(), "VBoxManage");
    let args: Vec<String> = [
        "showvminfo",
        "web 01",
        "it's",
        "tmpl \"q\"",
        "'",
        "''",
        "",
        "\u{e4}\u{df} \u{65e5}\u{672c} \u{1f680}",
        "-x",
        "--delete",
        "$(touch pwned)",
        "`touch pwned`",
        "a; touch pwned",
        "a && b | c > d < e",
        "line one\nline two",
        "\\n $HOME ~ * ? [a] {a,b} #c !x %s",
        "\t tab",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let raw = runner(dir.path(), &remote)
        .run(&args, &RunOptions::timeout(LONG))
        .await
        .unwrap();
    assert_eq!(raw.code, Some(0), "{}", raw.stderr);
    let seen = nul_split(&raw.stdout);
    assert_eq!(seen[0], "LC_ALL=C");
    assert_eq!(
        seen[1..],
        args.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
    assert!(!dir.path().join("pwned").exists());
    assert!(!Path::new("pwned").exists());
}

#[tokio::test]
async fn ssh_gets_batch_mode_port_key_and_one_command_string() {
    let dir = tempfile::tempdir().unwrap();
    // A remote program whose path has a space and a quote is quoted like any argument.
    let remote = fake_vboxmanage(dir.path(), "Virtual Box's VBoxManage");
    let ssh = runner(dir.path(), &remote)
        .with_port(2222)
        .with_identity("/keys/id_ed25519")
        .with_control_dir(dir.path().join("control"));
    let control_path = format!("ControlPath={}/%C", dir.path().join("control").display());
    let raw = ssh
        .run(&["list".into(), "vms".into()], &RunOptions::timeout(LONG))
        .await
        .unwrap();
    assert_eq!(nul_split(&raw.stdout), ["LC_ALL=C", "list", "vms"]);
    let argv = std::fs::read_to_string(dir.path().join("ssh-argv")).unwrap();
    let command = format!(
        "LC_ALL=C {} 'list' 'vms'",
        shell_quote(&remote.display().to_string())
    );
    assert_eq!(
        nul_split(&argv),
        [
            "-o",
            "BatchMode=yes",
            "-o",
            "ControlMaster=auto",
            "-o",
            control_path.as_str(),
            "-o",
            "ControlPersist=60",
            "-p",
            "2222",
            "-i",
            "/keys/id_ed25519",
            "--",
            "lab@host1",
            command.as_str()
        ]
    );
    assert_eq!(
        ssh.describe(),
        format!(
            "ssh://lab@host1:2222/{}",
            remote.display().to_string().trim_start_matches('/')
        )
    );
}

#[tokio::test]
async fn remote_exit_codes_and_streams_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let remote = script(
        &dir.path().join("VBoxManage"),
        "echo 'VBoxManage: error: Machine '\\''web'\\'' is not currently running.' >&2; exit 1",
    );
    let raw = runner(dir.path(), &remote)
        .run(&["controlvm".into()], &RunOptions::timeout(LONG))
        .await
        .unwrap();
    assert_eq!(raw.code, Some(1));
    assert_eq!(
        raw.stderr,
        "VBoxManage: error: Machine 'web' is not currently running.\n"
    );
}

#[tokio::test]
async fn ssh_failures_are_errors_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let denied = script(
        &dir.path().join("ssh-denied"),
        "echo 'lab@host1: Permission denied (publickey,password).' >&2; exit 255",
    );
    let err = SshRunner::new("lab@host1")
        .with_ssh_program(denied)
        .run(&["list".into()], &RunOptions::timeout(LONG))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert!(err.message().contains("lab@host1"), "{err}");

    let remote_missing = dir.path().join("no-such-VBoxManage");
    let err = runner(dir.path(), &remote_missing)
        .run(&["list".into()], &RunOptions::timeout(LONG))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");

    let err = SshRunner::new("h")
        .with_ssh_program(dir.path().join("no-ssh-here"))
        .run(&["list".into()], &RunOptions::timeout(LONG))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("no-ssh-here"), "{err}");
}

#[tokio::test]
async fn a_hanging_remote_command_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let remote = script(&dir.path().join("VBoxManage"), "exec sleep 10");
    let started = Instant::now();
    let err = runner(dir.path(), &remote)
        .run(
            &["guestproperty".into(), "wait".into()],
            &RunOptions::timeout(Duration::from_millis(200)),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.message().contains("VBoxManage guestproperty"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
}
