//! Listing many machines on the real VirtualBox 7.2 by every route, side by side, in one run:
//! the per-VM `showvminfo` loop of Vagrant-style tools, one `VBoxManage list -l vms`, Salt's
//! `vb_list_machines` over the XPCOM Python binding, minimal raw SOAP clients (Python, as the
//! issue's anchors were measured, and Rust) at 1, 2 and 4 kept-alive connections, and
//! `vboxctl list` over SOAP and over VBoxManage.
//!
//! ```text
//! VBOXCTL_REAL_CHROOT=/var/tmp/vboxctl-real/root cargo bench -p vboxctl --bench real_listing [-- 200 3]
//! ```
//!
//! Arguments: machines (default 200) and rounds (default 3): each round runs every route once,
//! in the order of the table, and the median of the rounds is shown.
//! The machines are made first in a fresh home of the real host (`vbox_suite::real`), and a
//! fresh vboxwebsrv is started at its default settings; only the listings are timed, each a
//! whole process where the route is one (interpreter or binary start included), the raw client
//! from its first connection on.

// A benchmark report is its output.
#![allow(clippy::print_stdout)]

use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{make_real_machines, median_of, timed};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use vbox_suite::real::{RealHome, RealHost};

mod support;

/// Salt's `vb_list_machines`: every machine's `XPCOM_ATTRIBUTES['IMachine']` read through
/// the XPCOM binding (a missing attribute reads as `''`, as Salt's converter does).
const SALT_LIST: &str = r#"
import vboxapi
manager = vboxapi.VirtualBoxManager(None, None)
vbox = manager.getVirtualBox()
attributes = ["id", "name", "accessible", "description", "groups", "memorySize", "OSTypeId", "state"]
machines = []
for machine in manager.getArray(vbox, "machines"):
    d = {}
    for a in attributes:
        try:
            d[a] = getattr(machine, a)
        except Exception:
            d[a] = ""
    machines.append(d)
print(len(machines))
"#;

/// The minimal client of the issue's anchors, in Python: `http.client` over kept-alive
/// connections, one thread each, logon + getMachines + getMachineStates on the first, then
/// five getters a machine with the machines split over the connections. Arguments: port,
/// connections.
const RAW_PYTHON: &str = r#"
import http.client, re, sys, threading
port, n = int(sys.argv[1]), int(sys.argv[2])
def env(op, inner):
    return ('<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:vbox="http://www.virtualbox.org/"><SOAP-ENV:Body><vbox:%s>%s</vbox:%s></SOAP-ENV:Body></SOAP-ENV:Envelope>' % (op, inner, op)).encode()
class C:
    def __init__(s): s.c = http.client.HTTPConnection("127.0.0.1", port)
    def call(s, op, inner):
        s.c.request("POST", "/", env(op, inner), {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'})
        r = s.c.getresponse(); b = r.read()
        assert r.status == 200, (op, r.status)
        if r.getheader("Connection") == "close":
            s.c.close(); s.c = http.client.HTTPConnection("127.0.0.1", port)
        return re.findall(r"<returnval>([^<]*)</returnval>", b.decode())
c0 = C()
vb = c0.call("IWebsessionManager_logon", "<username></username><password></password>")[0]
ms = c0.call("IVirtualBox_getMachines", "<_this>%s</_this>" % vb)
c0.call("IVirtualBox_getMachineStates", "<_this>%s</_this>%s" % (vb, "".join("<machines>%s</machines>" % m for m in ms)))
def work(c, chunk):
    for m in chunk:
        for op in ["IMachine_getName", "IMachine_getId", "IMachine_getOSTypeId", "IMachine_getMemorySize", "IMachine_getCPUCount"]:
            c.call(op, "<_this>%s</_this>" % m)
conns = [c0] + [C() for _ in range(n - 1)]
threads = [threading.Thread(target=work, args=(conns[k], ms[k::n])) for k in range(n)]
for t in threads: t.start()
for t in threads: t.join()
"#;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(200);
    let runs = args.get(1).copied().unwrap_or(3).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(bench(n, runs));
}

/// The routes, in the order of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    SerialShowvminfo,
    ListLong,
    Salt,
    RawPython(usize),
    RawRust(usize),
    Library,
    VboxctlSoap,
    VboxctlManage,
}

impl Route {
    fn label(self, n: usize) -> (String, String) {
        match self {
            Route::SerialShowvminfo => (
                "per-VM `showvminfo --machinereadable`, serial".into(),
                format!("{} processes", n + 1),
            ),
            Route::ListLong => ("one `VBoxManage list -l vms`".into(), "1 process".into()),
            Route::Salt => (
                "Salt's `vb_list_machines` (XPCOM Python binding)".into(),
                "1 process".into(),
            ),
            Route::RawPython(c) => (
                format!(
                    "raw SOAP, minimal Python client (http.client, threads), {c} connection(s)"
                ),
                format!("{} requests", 3 + 5 * n),
            ),
            Route::RawRust(c) => (
                format!("raw SOAP, minimal Rust client (in-process), {c} connection(s)"),
                format!("{} requests", 3 + 5 * n + c - 1),
            ),
            Route::Library => (
                "vboxctl's SOAP backend in-process (its listing without the process)".into(),
                format!("{} requests", 3 + 5 * n),
            ),
            Route::VboxctlSoap => (
                "`vboxctl list` over SOAP (the binary)".into(),
                format!("{} requests", 3 + 5 * n),
            ),
            Route::VboxctlManage => (
                "`vboxctl list` over VBoxManage".into(),
                "2 processes (`list -l vms`, `list ostypes` alongside)".into(),
            ),
        }
    }
}

async fn bench(n: usize, runs: usize) {
    let home = RealHost::from_env().home("bench-real-listing");
    make_real_machines(&home, n);
    let web = home.start_webservice();
    let addr: SocketAddr = web
        .url()
        .trim_start_matches("http://")
        .parse()
        .expect("a loopback address");
    let version = home.run_ok(&["--version"]);
    // `VBOXCTL_BENCH_SOAP_ONLY=1` skips the slow VBoxManage routes (when working on the web
    // service client).
    let soap_only = std::env::var_os("VBOXCTL_BENCH_SOAP_ONLY").is_some();
    let mut routes = vec![Route::SerialShowvminfo, Route::ListLong, Route::Salt];
    if soap_only {
        routes.clear();
    }
    routes.extend([1, 2, 4].map(Route::RawPython));
    routes.extend([1, 2, 4].map(Route::RawRust));
    routes.push(Route::Library);
    routes.push(Route::VboxctlSoap);
    if !soap_only {
        routes.push(Route::VboxctlManage);
    }
    let vboxctl = env!("CARGO_BIN_EXE_vboxctl");
    // Rounds of every route, one after another, so that the load of the host (other work on
    // its 2 cores) weighs on every route alike; the median of the rounds is shown.
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); routes.len()];
    for _ in 0..runs {
        for (i, route) in routes.iter().enumerate() {
            let took = match *route {
                Route::SerialShowvminfo => serial_showvminfo(&home, n).await,
                Route::ListLong => process(
                    home.command("/usr/lib/virtualbox/VBoxManage")
                        .args(["list", "-l", "vms"]),
                ),
                Route::Salt => process(home.command("/usr/bin/python3").args(["-c", SALT_LIST])),
                Route::RawPython(c) => process(home.command("/usr/bin/python3").args([
                    "-c",
                    RAW_PYTHON,
                    &addr.port().to_string(),
                    &c.to_string(),
                ])),
                Route::RawRust(c) => raw_soap(addr, c).await.1,
                Route::Library => library(&web.url(), n).await,
                Route::VboxctlSoap => {
                    process(Command::new(vboxctl).args(["--connect", &web.url(), "list"]))
                }
                Route::VboxctlManage => {
                    process(Command::new(vboxctl).args(["--connect", &home.uri(), "list"]))
                }
            };
            times[i].push(took);
        }
    }
    let medians: Vec<Duration> = times.into_iter().map(median_of).collect();
    let of = |r: Route| routes.iter().position(|x| *x == r).map(|i| medians[i]);
    println!(
        "{n} machines, VirtualBox {}, {runs} round(s) of every route, medians\n",
        version.trim()
    );
    println!("| route | requests / processes | wall time | vs serial showvminfo |");
    println!("|---|---:|---:|---:|");
    let serial = of(Route::SerialShowvminfo);
    for (route, took) in routes.iter().zip(&medians) {
        let (label, count) = route.label(n);
        let ratio = serial.map_or("–".to_string(), |s| {
            format!("{:.1}× faster", s.as_secs_f64() / took.as_secs_f64())
        });
        println!(
            "| {label} | {count} | {:.2} s | {ratio} |",
            took.as_secs_f64()
        );
    }
    let soap = of(Route::VboxctlSoap).expect("always run");
    let ratio = |a: Duration, b: Option<Duration>| {
        b.map_or("–".to_string(), |b| {
            format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64())
        })
    };
    println!(
        "\n`vboxctl list` over SOAP: {} faster than serial showvminfo (target ≥ 20×); {} the \
         4-connection Python client, {} the 4-connection Rust client (target ≤ 1.0×)",
        serial.map_or("–".to_string(), |s| format!(
            "{:.1}×",
            s.as_secs_f64() / soap.as_secs_f64()
        )),
        ratio(soap, of(Route::RawPython(4))),
        ratio(soap, of(Route::RawRust(4))),
    );
    if let (Some(manage), Some(long)) = (of(Route::VboxctlManage), of(Route::ListLong)) {
        println!(
            "`vboxctl list` over VBoxManage: {} one `list -l vms` (target ≤ 1.1×)",
            ratio(manage, Some(long))
        );
    }
}

/// The listing of `vboxctl list` through the SOAP backend, logon included, in this process.
async fn library(url: &str, n: usize) -> Duration {
    let t0 = Instant::now();
    let backend =
        vbox_soap::SoapBackend::new(url, vbox_soap::SoapOptions::default()).expect("a backend");
    let table = vbox_types::MachineFields {
        os_type: true,
        memory: true,
        cpus: true,
        ..Default::default()
    };
    let listed = vbox_types::Backend::list_machines_with(&backend, table)
        .await
        .expect("a listing");
    assert_eq!(listed.len(), n);
    t0.elapsed()
}

/// Runs a process to its end (stdout discarded), failing loudly; its wall time.
fn process(command: &mut Command) -> Duration {
    timed(command).0
}

/// `list vms`, then `showvminfo <uuid> --machinereadable` for each, one after another.
async fn serial_showvminfo(home: &RealHome, n: usize) -> Duration {
    let t0 = Instant::now();
    let listed = home.run_ok(&["list", "vms"]);
    let ids: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.rsplit_once('{').map(|(_, id)| id.trim_end_matches('}')))
        .collect();
    assert_eq!(ids.len(), n);
    for id in ids {
        home.run_ok(&["showvminfo", id, "--machinereadable"]);
    }
    t0.elapsed()
}

/// A minimal SOAP client: logon, getMachines and getMachineStates on one connection, then
/// name, id, OS type, memory and CPUs of every machine, the machines split over `conns`
/// kept-alive connections (each opened once the previous one was answered, so none waits in
/// the server's queue). Returns the requests sent and the wall time.
async fn raw_soap(addr: SocketAddr, conns: usize) -> (usize, Duration) {
    let t0 = Instant::now();
    let mut first = RawConn::open(addr).await;
    let vbox = first
        .call(
            "IWebsessionManager_logon",
            "<username></username><password></password>",
        )
        .await
        .remove(0);
    let machines = first
        .call("IVirtualBox_getMachines", &format!("<_this>{vbox}</_this>"))
        .await;
    let all: String = machines
        .iter()
        .map(|m| format!("<machines>{m}</machines>"))
        .collect();
    let states = first
        .call(
            "IVirtualBox_getMachineStates",
            &format!("<_this>{vbox}</_this>{all}"),
        )
        .await;
    assert_eq!(states.len(), machines.len());
    let chunks: Vec<Vec<String>> = (0..conns)
        .map(|k| machines.iter().skip(k).step_by(conns).cloned().collect())
        .collect();
    let mut tasks = Vec::new();
    let mut conn = Some(first);
    for chunk in chunks {
        let mut c = match conn.take() {
            Some(c) => c,
            None => {
                let mut c = RawConn::open(addr).await;
                // Answered once before the next connection opens.
                c.call("IVirtualBox_getRevision", &format!("<_this>{vbox}</_this>"))
                    .await;
                c
            }
        };
        tasks.push(tokio::spawn(async move {
            for m in &chunk {
                for op in [
                    "IMachine_getName",
                    "IMachine_getId",
                    "IMachine_getOSTypeId",
                    "IMachine_getMemorySize",
                    "IMachine_getCPUCount",
                ] {
                    c.call(op, &format!("<_this>{m}</_this>")).await;
                }
            }
            c.sent
        }));
    }
    let mut sent = 0;
    for t in tasks {
        sent += t.await.expect("a raw client task");
    }
    (sent, t0.elapsed())
}

/// One kept-alive connection, reopened when the server closes it (`--keepalive` budget).
struct RawConn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
    sent: usize,
}

impl RawConn {
    async fn open(addr: SocketAddr) -> RawConn {
        RawConn {
            addr,
            stream: None,
            sent: 0,
        }
    }

    /// Calls `op` with `inner` as its children; the `returnval` values.
    async fn call(&mut self, op: &str, inner: &str) -> Vec<String> {
        if self.stream.is_none() {
            let tcp = TcpStream::connect(self.addr).await.expect("connect");
            tcp.set_nodelay(true).expect("nodelay");
            self.stream = Some(BufReader::new(tcp));
        }
        let stream = self.stream.as_mut().expect("a connection");
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:vbox=\"http://www.virtualbox.org/\"><SOAP-ENV:Body><vbox:{op}>{inner}</vbox:{op}></SOAP-ENV:Body></SOAP-ENV:Envelope>"
        );
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        stream
            .get_mut()
            .write_all(request.as_bytes())
            .await
            .expect("send");
        self.sent += 1;
        let mut line = String::new();
        stream.read_line(&mut line).await.expect("status line");
        assert!(line.contains(" 200 "), "{op}: {line}");
        let (mut length, mut close) = (0usize, false);
        loop {
            line.clear();
            stream.read_line(&mut line).await.expect("header");
            let h = line.trim_end().to_ascii_lowercase();
            if h.is_empty() {
                break;
            }
            if let Some(v) = h.strip_prefix("content-length:") {
                length = v.trim().parse().expect("length");
            }
            close |= h == "connection: close" || h.ends_with("max=1");
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await.expect("body");
        if close {
            self.stream = None;
        }
        let text = String::from_utf8_lossy(&body);
        text.split("<returnval>")
            .skip(1)
            .filter_map(|s| s.split_once("</returnval>").map(|(v, _)| v.to_string()))
            .collect()
    }
}
