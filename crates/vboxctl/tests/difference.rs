//! Difference tests: one vboxctl session, run against the real VirtualBox 7.2 (through
//! VBoxManage, the reference, and through a fresh real vboxwebsrv) and against each face of the
//! simulator playing the same release (in-process `sim://`, its VBoxManage emulator, its SOAP
//! server), must print the same JSON and exit the same, once ids, MACs, times and folders are
//! masked. Where they differ, the simulator (or a backend) is wrong, never the real host.
//!
//! Needs the real host: `scripts/real-virtualbox.sh test difference`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use vbox_suite::real::{RealHome, RealHost, WebService};

/// The release the simulator plays: the real host's own.
const VERSION: &str = "7.2.22_Debian";

/// One way to reach a host.
struct Face {
    name: &'static str,
    uri: String,
    env: Vec<(String, String)>,
    /// Folders whose paths differ between faces (the machine folder).
    roots: Vec<String>,
    _keep: Keep,
}

/// What keeps a face alive for the session (ended when dropped).
#[allow(dead_code)] // held for their Drop
enum Keep {
    Home(RealHome),
    HomeAndWeb(WebService, RealHome),
    Dir(tempfile::TempDir),
    Served(Served, tempfile::TempDir),
}

/// `vboxctl sim serve` in a process of its own, ended by PID.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn vboxctl() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vboxctl"));
    cmd.env_remove("VBOXCTL_CONNECT")
        .env_remove("VBOXCTL_CONFIG")
        .env_remove("VBOXCTL_HOST")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

fn real_home(label: &str) -> (RealHome, Vec<String>) {
    let home = RealHost::from_env().home(label);
    let roots = vec![home.dir().display().to_string()];
    (home, roots)
}

fn faces() -> Vec<Face> {
    let (home, roots) = real_home("diff-manage");
    let manage = Face {
        name: "real VBoxManage",
        uri: home.uri(),
        env: Vec::new(),
        roots,
        _keep: Keep::Home(home),
    };
    let (home, roots) = real_home("diff-web");
    let web = home.start_webservice();
    let webservice = Face {
        name: "real vboxwebsrv",
        uri: web.url(),
        env: Vec::new(),
        roots,
        _keep: Keep::HomeAndWeb(web, home),
    };
    let dir = tempfile::tempdir().expect("a state folder");
    let sim = Face {
        name: "simulator",
        uri: format!("sim://{}", dir.path().display()),
        env: vec![("VBOXCTL_SIM_VERSION".into(), VERSION.into())],
        roots: vec![canonical(dir.path())],
        _keep: Keep::Dir(dir),
    };
    let dir = tempfile::tempdir().expect("a state folder");
    let emulator = Face {
        name: "VBoxManage emulator",
        uri: format!("vboxmanage://{}", env!("CARGO_BIN_EXE_vboxmanage-sim")),
        env: vec![
            ("VBOXCTL_SIM_VERSION".into(), VERSION.into()),
            ("VBOX_USER_HOME".into(), dir.path().display().to_string()),
        ],
        roots: vec![canonical(dir.path())],
        _keep: Keep::Dir(dir),
    };
    let dir = tempfile::tempdir().expect("a state folder");
    let (served, url) = serve(dir.path());
    let soap = Face {
        name: "simulator's SOAP server",
        uri: url,
        env: Vec::new(),
        roots: vec![canonical(dir.path())],
        _keep: Keep::Served(served, dir),
    };
    vec![manage, webservice, sim, emulator, soap]
}

fn canonical(dir: &Path) -> String {
    dir.canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .display()
        .to_string()
}

/// Start `vboxctl sim serve` on a free loopback port; its URL from the line it prints.
fn serve(state: &Path) -> (Served, String) {
    let mut child = vboxctl()
        .args([
            "sim",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--api",
            VERSION,
            "--state",
        ])
        .arg(state)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start vboxctl sim serve");
    let stderr = child.stderr.take().expect("its stderr");
    let served = Served(child);
    let mut line = String::new();
    BufReader::new(stderr)
        .read_line(&mut line)
        .expect("read what sim serve printed");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches([';', ','])
        .to_string();
    (served, url)
}

/// One step of the session: a name and vboxctl's arguments.
type Step = (&'static str, &'static [&'static str]);

/// The session: a template with a disk, a snapshot, a linked and a full clone, a start, the
/// addresses the host publishes as the Guest Additions would, pause/resume, stops and destroys.
/// `VBoxSim/*` extradata makes the simulated guest behave as the real machine without an OS
/// (real VirtualBox stores the keys and ignores them).
const SESSION: &[Step] = &[
    ("version", &["version"]),
    (
        "create",
        &[
            "create",
            "tmpl",
            "--ostype",
            "Ubuntu_64",
            "--memory",
            "512",
            "--disk",
            "64",
        ],
    ),
    (
        "no-additions",
        &["extradata", "set", "tmpl", "VBoxSim/NoGuestAdditions", "1"],
    ),
    (
        "quick-start",
        &["extradata", "set", "tmpl", "VBoxSim/StartDurationMs", "10"],
    ),
    (
        "deaf",
        &["extradata", "set", "tmpl", "VBoxSim/AcpiIgnored", "1"],
    ),
    ("show-template", &["show", "tmpl"]),
    // A Linux host without vboxnet0: only the default DHCP server; a NIC on it is refused.
    ("hostonly-list", &["hostonly", "list"]),
    (
        "hostonly-nic-missing",
        &["modify", "tmpl", "--nic", "2=hostonly:vboxnet0"],
    ),
    ("list", &["list"]),
    ("snapshot", &["snapshot", "take", "tmpl", "base"]),
    ("snapshots", &["snapshot", "list", "tmpl"]),
    (
        "clone-linked",
        &["clone", "tmpl", "web", "--linked", "--snapshot", "base"],
    ),
    ("clone-full", &["clone", "tmpl", "copy"]),
    ("nodes-full", &["nodes", "--full"]),
    (
        "extradata-get",
        &["extradata", "get", "web", "VBoxSim/AcpiIgnored"],
    ),
    ("start", &["start", "web"]),
    ("start-again", &["start", "web"]),
    (
        "publish-ip",
        &[
            "guestproperty",
            "set",
            "web",
            "/VirtualBox/GuestInfo/Net/0/V4/IP",
            "10.0.2.15",
            "--flags",
            "TRANSIENT",
        ],
    ),
    (
        "publish-count",
        &[
            "guestproperty",
            "set",
            "web",
            "/VirtualBox/GuestInfo/Net/Count",
            "1",
            "--flags",
            "TRANSIENT",
        ],
    ),
    (
        "publish-additions",
        &[
            "guestproperty",
            "set",
            "web",
            "/VirtualBox/GuestAdd/Version",
            "7.2.22",
            "--flags",
            "TRANSIENT",
        ],
    ),
    (
        "guestproperty-get",
        &[
            "guestproperty",
            "get",
            "web",
            "/VirtualBox/GuestInfo/Net/0/V4/IP",
        ],
    ),
    ("ip", &["ip", "web"]),
    ("pause", &["pause", "web"]),
    ("pause-again", &["pause", "web"]),
    ("resume", &["resume", "web"]),
    ("show-running", &["show", "web"]),
    ("stop", &["stop", "web", "--mode", "poweroff"]),
    // Not compared: what a power-off leaves of host-set TRANSIENT properties. The real 7.2.22
    // host itself keeps them after a pause and resume in some runs and not in others.
    ("destroy-template-refused", &["destroy", "tmpl"]),
    ("destroy-web", &["destroy", "web"]),
    ("destroy-copy", &["destroy", "copy"]),
    ("destroy-template", &["destroy", "tmpl"]),
    ("list-end", &["list"]),
];

/// What one step printed, masked.
#[derive(Debug, PartialEq)]
struct Seen {
    code: Option<i32>,
    stdout: String,
}

fn run(face: &Face, args: &[&str]) -> Seen {
    let out = vboxctl()
        .arg("--connect")
        .arg(&face.uri)
        .args(["-o", "json"])
        .args(args)
        .envs(face.env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("run vboxctl");
    let roots: Vec<(&str, &str)> = face.roots.iter().map(|r| (r.as_str(), "<root>")).collect();
    let stdout = vbox_fixtures::shape::mask(&String::from_utf8_lossy(&out.stdout), &roots);
    // Each face names its own backend; everything else must agree.
    let stdout = stdout
        .lines()
        .map(|l| match l.split_once("\"backend\": ") {
            Some((indent, _)) => format!("{indent}\"backend\": <backend>"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    Seen {
        code: out.status.code(),
        stdout,
    }
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn one_session_answers_alike_everywhere() {
    let faces = faces();
    let mut report = String::new();
    for (step, args) in SESSION {
        let reference = run(&faces[0], args);
        for face in &faces[1..] {
            let seen = run(face, args);
            if seen != reference {
                report.push_str(&format!(
                    "== {step} ({}): exit {:?} vs {:?}\n{}\n-- {} --\n{}\n",
                    face.name,
                    seen.code,
                    reference.code,
                    seen.stdout,
                    faces[0].name,
                    reference.stdout
                ));
            }
        }
    }
    assert!(
        report.is_empty(),
        "the faces differ from the real host:\n{report}"
    );
}

/// The session's steps are what the CLI accepts (a typo would make every face fail alike).
#[test]
fn the_session_parses() {
    let dir = tempfile::tempdir().expect("a state folder");
    for (step, args) in SESSION {
        let out = vboxctl()
            .arg("--connect")
            .arg(format!("sim://{}", dir.path().display()))
            .args(*args)
            .arg("--help")
            .output()
            .expect("run vboxctl");
        assert!(
            out.status.success(),
            "{step}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
