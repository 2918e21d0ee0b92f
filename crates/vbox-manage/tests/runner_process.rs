//! ProcessRunner against small shell scripts standing in for VBoxManage.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use vbox_manage::exec::{CallOptions, Exec};
use vbox_manage::runner::{ProcessRunner, RawOutput, RunOptions, Runner};
use vbox_types::ErrorKind;

const LONG: Duration = Duration::from_secs(10);

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

async fn run(program: &Path, args: &[&str]) -> vbox_types::Result<RawOutput> {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    ProcessRunner::new(program)
        .run(&args, &RunOptions::timeout(LONG))
        .await
}

#[tokio::test]
async fn stdout_stderr_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let prog = script(
        dir.path(),
        "VBoxManage",
        r#"echo "out $1"; echo "err $1" >&2; exit "$1""#,
    );
    for code in [0, 1, 2] {
        let raw = run(&prog, &[&code.to_string()]).await.unwrap();
        assert_eq!(
            raw,
            RawOutput {
                code: Some(code),
                stdout: format!("out {code}\n"),
                stderr: format!("err {code}\n"),
            }
        );
    }
}

#[tokio::test]
async fn arguments_reach_the_child_verbatim_and_in_the_c_locale() {
    let dir = tempfile::tempdir().unwrap();
    let prog = script(
        dir.path(),
        "VBoxManage",
        r#"echo "$LC_ALL/$LANG"; printf '%s\0' "$@""#,
    );
    let args = [
        "web 01", "$(id)", "`id`", "a;b", "-x", "it's", "\"q\"", "ä\nß",
    ];
    let raw = run(&prog, &args).await.unwrap();
    let (locale, rest) = raw.stdout.split_once('\n').unwrap();
    assert_eq!(locale, "C/C");
    let seen: Vec<&str> = rest.split_terminator('\0').collect();
    assert_eq!(seen, args);
}

#[tokio::test]
async fn crlf_output_is_normalised_by_exec() {
    let dir = tempfile::tempdir().unwrap();
    let prog = script(dir.path(), "VBoxManage", r"printf 'a=1\r\nb=2\r\n'");
    let raw = run(&prog, &[]).await.unwrap();
    assert_eq!(
        raw.stdout, "a=1\r\nb=2\r\n",
        "the runner leaves bytes alone"
    );
    let exec = Exec::new(Arc::new(ProcessRunner::new(&prog)));
    let reply = exec.call(&[], &CallOptions::once(LONG)).await.unwrap();
    assert_eq!(reply.stdout, "a=1\nb=2\n");
}

#[tokio::test]
async fn progress_arrives_while_the_command_runs() {
    let dir = tempfile::tempdir().unwrap();
    let go = dir.path().join("go");
    // The script prints 0% and then waits for the test to see it: without incremental
    // reading the callback would not fire until exit, and the call would time out.
    let prog = script(
        dir.path(),
        "VBoxManage",
        r#"printf '0%%...' >&2
while [ ! -f "$1" ]; do sleep 0.01; done
printf '10%%...20%%...30%%...40%%...50%%...60%%...70%%...80%%...90%%...100%%\n' >&2
echo done"#,
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (seen2, go2) = (seen.clone(), go.clone());
    let opts = RunOptions {
        timeout: Duration::from_secs(5),
        on_progress: Some(Arc::new(move |p| {
            seen2.lock().unwrap().push(p);
            if p == 0 {
                std::fs::write(&go2, "").unwrap();
            }
        })),
    };
    let raw = ProcessRunner::new(&prog)
        .run(&[go.display().to_string()], &opts)
        .await
        .unwrap();
    assert_eq!(raw.stdout, "done\n");
    assert_eq!(
        *seen.lock().unwrap(),
        (0..=100).step_by(10).collect::<Vec<u32>>()
    );
}

fn alive(pid: &str) -> bool {
    // `kill -0` also succeeds for a zombie, so this checks that the child was reaped.
    std::process::Command::new("kill")
        .args(["-0", pid])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
        .success()
}

#[tokio::test]
async fn a_hanging_command_is_killed_at_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pid");
    let prog = script(
        dir.path(),
        "VBoxManage",
        &format!("echo $$ > '{}'\nexec sleep 10", pidfile.display()),
    );
    let started = Instant::now();
    let err = ProcessRunner::new(&prog)
        .run(
            &["showvminfo".into(), "web".into()],
            &RunOptions::timeout(Duration::from_millis(200)),
        )
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.message().contains("VBoxManage showvminfo"), "{err}");
    assert!(err.message().contains("200ms"), "{err}");
    assert!(
        !err.message().contains("web"),
        "only the command is named: {err}"
    );
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    assert!(!alive(pid.trim()), "the child is gone and reaped");
}

#[tokio::test]
async fn a_grandchild_holding_the_pipes_does_not_outlive_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    // Not `exec`: the shell's child `sleep` keeps stdout open after the shell is killed.
    let prog = script(dir.path(), "VBoxManage", "sleep 3; echo late");
    let started = Instant::now();
    let err = run_with(&prog, Duration::from_millis(200)).await;
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_background_process_left_behind_does_not_hold_up_the_result() {
    let dir = tempfile::tempdir().unwrap();
    // Like ssh's ControlPersist master: a background child keeps both pipes open after the
    // command itself has exited.
    let prog = script(
        dir.path(),
        "VBoxManage",
        "sleep 2 &\necho 'name=\"web\"'\necho '0%...100%' >&2\nexit 0",
    );
    let started = Instant::now();
    let raw = run(&prog, &["showvminfo"]).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        raw,
        RawOutput {
            code: Some(0),
            stdout: "name=\"web\"\n".into(),
            stderr: "0%...100%\n".into(),
        }
    );
}

async fn run_with(prog: &Path, timeout: Duration) -> vbox_types::Error {
    ProcessRunner::new(prog)
        .run(&["list".into()], &RunOptions::timeout(timeout))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn spawn_failures_are_typed_and_name_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-VBoxManage");
    let err = run(&missing, &["list"]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("no-VBoxManage"), "{err}");

    let plain = dir.path().join("not-executable");
    std::fs::write(&plain, "#!/bin/sh\n").unwrap();
    std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = run(&plain, &["list"]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend);
    assert!(err.message().contains("not-executable"), "{err}");

    let prog = script(dir.path(), "VBoxManage", "true");
    let err = run(&prog, &["a\0b"]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn death_by_signal_has_no_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let prog = script(dir.path(), "VBoxManage", "echo partial; kill -9 $$");
    let raw = run(&prog, &[]).await.unwrap();
    assert_eq!(raw.code, None);
    assert_eq!(raw.stdout, "partial\n");
}

#[tokio::test]
async fn large_outputs_on_both_streams_do_not_deadlock() {
    let dir = tempfile::tempdir().unwrap();
    let prog = script(
        dir.path(),
        "VBoxManage",
        "head -c 1000000 /dev/zero | tr '\\0' o\nhead -c 1000000 /dev/zero | tr '\\0' e >&2\n\
         head -c 1000 /dev/zero | tr '\\0' o",
    );
    let raw = run(&prog, &[]).await.unwrap();
    assert_eq!(raw.stdout.len(), 1_001_000);
    assert_eq!(raw.stderr.len(), 1_000_000);
}

#[tokio::test]
async fn invalid_utf8_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let prog = script(dir.path(), "VBoxManage", r"printf 'name=\377x\n'");
    let raw = run(&prog, &[]).await.unwrap();
    assert_eq!(raw.stdout, "name=\u{fffd}x\n");
}

#[test]
fn describe_is_the_program_path() {
    let runner = ProcessRunner::new("/usr/bin/VBoxManage");
    assert_eq!(runner.describe(), "/usr/bin/VBoxManage");
    assert_eq!(runner.program(), Path::new("/usr/bin/VBoxManage"));
}
