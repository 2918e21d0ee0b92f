//! The simulator's web service beside the real one, in one run: `vboxctl list` and
//! `vboxctl nodes --full` of the same number of machines through `vboxctl sim serve` and
//! through the real vboxwebsrv 7.2 (target: the simulator at most 2× the real one).
//!
//! ```text
//! VBOXCTL_REAL_CHROOT=/var/tmp/vboxctl-real/root cargo bench -p vboxctl --bench sim_vs_real [-- 200 3]
//! ```
//!
//! Arguments: machines (default 200) and rounds (default 3); each round runs every route once,
//! in the order of the table, and the median of the rounds is shown. The real machines are
//! made in a fresh home of the real host (`vbox_suite::real`) and a fresh vboxwebsrv is
//! started at its default settings; the simulator's are made in a fresh state directory
//! (Ubuntu_64, default settings, as the real ones) and served by the `vboxctl` binary
//! emulating 7.2. Each listing is a whole `vboxctl` process; the servers' CPU time over all
//! rounds is shown too.

// A benchmark report is its output.
#![allow(clippy::print_stdout)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{make_real_machines, median_of, timed};
use vbox_suite::real::RealHost;
use vbox_types::{Backend, CreateMachine};

mod support;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(200);
    let runs = args.get(1).copied().unwrap_or(3).max(1);
    let home = RealHost::from_env().home("bench-sim-vs-real");
    make_real_machines(&home, n);
    let real = home.start_webservice();
    let state = tempfile::tempdir().expect("a state directory");
    make_sim_machines(state.path(), n);
    let sim = SimServer::start(state.path());
    let version = home.run_ok(&["--version"]);

    let routes: [(&str, &[&str]); 2] =
        [("list", &["list"]), ("nodes --full", &["nodes", "--full"])];
    let servers = [
        ("real vboxwebsrv", real.url()),
        ("vboxctl sim serve", sim.url()),
    ];
    let cpu_before = [cpu_time(real.pid()), cpu_time(sim.child.id())];
    let mut times = vec![Vec::new(); routes.len() * servers.len()];
    for _ in 0..runs {
        for (r, (_, args)) in routes.iter().enumerate() {
            for (s, (_, url)) in servers.iter().enumerate() {
                times[r * servers.len() + s].push(vboxctl(url, args, n));
            }
        }
    }
    let cpu = [
        cpu_time(real.pid()) - cpu_before[0],
        cpu_time(sim.child.id()) - cpu_before[1],
    ];
    let medians: Vec<Duration> = times.into_iter().map(median_of).collect();
    println!(
        "{n} machines, real VirtualBox {}, simulator emulating 7.2, {runs} round(s), medians\n",
        version.trim()
    );
    println!("| command | real vboxwebsrv | vboxctl sim serve | sim / real (target ≤ 2×) |");
    println!("|---|---:|---:|---:|");
    for (r, (label, _)) in routes.iter().enumerate() {
        let (real, sim) = (medians[r * 2], medians[r * 2 + 1]);
        println!(
            "| `vboxctl {label}` | {:.2} s | {:.2} s | {:.2}× |",
            real.as_secs_f64(),
            sim.as_secs_f64(),
            sim.as_secs_f64() / real.as_secs_f64()
        );
    }
    println!(
        "\nserver CPU over all rounds: vboxwebsrv {:.2} s (VBoxSVC's share not counted), \
         vboxctl sim serve {:.2} s",
        cpu[0].as_secs_f64(),
        cpu[1].as_secs_f64()
    );
}

/// `n` machines as the real ones are made (`bench000`…, Ubuntu_64, defaults otherwise).
fn make_sim_machines(dir: &std::path::Path, n: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let opts = vbox_sim::SimOptions::emulating("7.2").expect("a version");
        let sim = vbox_sim::Sim::open_with(dir, opts).expect("a simulator");
        for i in 0..n {
            sim.create_machine(&CreateMachine {
                name: format!("bench{i:03}"),
                os_type_id: Some("Ubuntu_64".into()),
                ..Default::default()
            })
            .await
            .expect("a machine");
        }
    });
}

/// `vboxctl sim serve` on a free loopback port, ended (by PID) when dropped.
struct SimServer {
    child: Child,
    addr: SocketAddr,
}

impl SimServer {
    fn start(state: &std::path::Path) -> SimServer {
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        let child = Command::new(env!("CARGO_BIN_EXE_vboxctl"))
            .args(["sim", "serve", "--api", "7.2", "--listen"])
            .arg(addr.to_string())
            .arg("--state")
            .arg(state)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start vboxctl sim serve");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(addr).is_err() {
            assert!(
                Instant::now() < deadline,
                "vboxctl sim serve does not listen"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        SimServer { child, addr }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One `vboxctl --connect <url> <args>` process to its end; its wall time. The listing must
/// name every machine.
fn vboxctl(url: &str, args: &[&str], n: usize) -> Duration {
    let (took, text) = timed(
        Command::new(env!("CARGO_BIN_EXE_vboxctl"))
            .args(["--connect", url])
            .args(args)
            .args(["--output", "json"]),
    );
    assert!(
        text.matches("bench").count() >= n,
        "vboxctl {args:?} against {url} did not list {n} machines"
    );
    took
}

/// A process's CPU time (user + system) so far, from `/proc/<pid>/stat`.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}
