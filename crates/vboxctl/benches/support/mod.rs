//! Shared by the real-host benchmarks.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use vbox_suite::real::RealHome;

/// Makes `n` machines (Ubuntu_64, `bench000`…) in one XPCOM process of the real host: 200
/// `createvm` processes would take longer than the benchmark. Argument: n.
const MAKE_MACHINES: &str = r#"
import sys, vboxapi
manager = vboxapi.VirtualBoxManager(None, None)
vbox = manager.getVirtualBox()
c = manager.constants
for i in range(int(sys.argv[1])):
    m = vbox.createMachine("", "bench%03d" % i, c.PlatformArchitecture_x86, [], "Ubuntu_64", "", "", "", "")
    m.saveSettings()
    vbox.registerMachine(m)
"#;

/// Makes `n` machines (`bench000`…, Ubuntu_64, defaults otherwise) on the real host's `home`.
pub fn make_real_machines(home: &RealHome, n: usize) {
    let made = home
        .command("/usr/bin/python3")
        .args(["-c", MAKE_MACHINES, &n.to_string()])
        .output()
        .expect("run python3 in the chroot");
    assert!(
        made.status.success(),
        "making machines: {}",
        String::from_utf8_lossy(&made.stderr)
    );
}

/// The median of a route's rounds.
pub fn median_of(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Runs a process to its end, failing loudly; its wall time and its stdout.
pub fn timed(command: &mut Command) -> (Duration, String) {
    let t0 = Instant::now();
    let out = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run the route's process");
    let took = t0.elapsed();
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (took, String::from_utf8_lossy(&out.stdout).into_owned())
}
