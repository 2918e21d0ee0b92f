//! The processes of one VirtualBox home, found by the `VBOX_IPC_SOCKETID` in their environment
//! (VBoxSVC, the VM processes and vboxwebsrv all inherit it), and ended by PID.

use std::process::Command;
use std::time::{Duration, Instant};

/// PIDs and names of the processes whose environment holds `VBOX_IPC_SOCKETID=<id>`.
pub(crate) fn with_socket_id(id: &str) -> Vec<(u32, String)> {
    let wanted = format!("VBOX_IPC_SOCKETID={id}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_bytes())
        {
            let name = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
            found.push((pid, name.trim().to_string()));
        }
    }
    found
}

/// Send `signal` to `pid` (through kill(1): the workspace forbids unsafe code).
pub(crate) fn signal(pid: u32, signal: &str) {
    let _ = Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status();
}

/// Whether `pid` still runs (a zombie counts as gone).
pub(crate) fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|r| r.split_whitespace().next());
            state != Some("Z")
        })
        .unwrap_or(false)
}

/// End every process of the home `id`: VM processes at once (the home is being thrown away),
/// then the rest with TERM and, after `grace`, KILL.
pub(crate) fn end_all(id: &str, grace: Duration) {
    let procs = with_socket_id(id);
    for (pid, name) in &procs {
        let vm = name.starts_with("VBoxHeadless") || name.starts_with("VBoxSDL");
        signal(*pid, if vm { "KILL" } else { "TERM" });
    }
    let deadline = Instant::now() + grace;
    while procs.iter().any(|(pid, _)| alive(*pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    for (pid, _) in procs.iter().filter(|(pid, _)| alive(*pid)) {
        signal(*pid, "KILL");
    }
}
