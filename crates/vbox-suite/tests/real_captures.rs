//! The VBoxManage 7.2 captures (`fixtures/vboxmanage-7.2.22/`) and the real host that made them.
//!
//! `VBOXCTL_CAPTURE=1 scripts/real-virtualbox.sh test real_captures` records them: each sequence
//! of [`vbox_fixtures::steps`] on a fresh VirtualBox home, every captured step's stdout, stderr
//! and exit code, with the home and machine folder written as `/home/lab/.config/VirtualBox`
//! and `/home/lab/vms` (the convention of the 7.0.14 captures). Without it, the same steps run
//! and each output must have the capture's shape: the captures stay true to the real host.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;
use vbox_fixtures::shape::assert_same_shape;
use vbox_fixtures::steps::{Step, CONTROL, DISKS, MAIN};
use vbox_suite::real::{RealHome, RealHost};

const DIR: &str = "vboxmanage-7.2.22";

/// Lines that differ between two runs on the same real host, left out of the comparison:
/// the display mode of a running or paused machine without an OS (how far its BIOS got);
/// the NAT engine's `localhostReachable` (`LocalhostReachable:` in the human form) of some
/// machines (seen as both 0 and 1 for the same steps in consecutive runs); and the VM counters listed right after a power-off (present or
/// not, depending on how far the VM process's teardown got).
const VOLATILE: &[&str] = &["VideoMode=", "localhostreachable", "/VirtualBox/VMInfo/"];

fn stable(text: &str) -> String {
    text.lines()
        .filter(|l| {
            !VOLATILE
                .iter()
                .any(|v| l.to_ascii_lowercase().contains(&v.to_ascii_lowercase()))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}
const HOME: &str = "/home/lab/.config/VirtualBox";
const MACHINES: &str = "/home/lab/vms";

struct Recorded {
    name: &'static str,
    code: i32,
    command: String,
    stdout: String,
    stderr: String,
}

/// Run a sequence on a fresh home; what each captured step printed, paths substituted.
fn record(label: &str, steps: &[Step]) -> Vec<Recorded> {
    let home = RealHost::from_env().home(label);
    let machines = home.machine_folder().to_string_lossy().into_owned();
    let home_dir = home.dir().to_string_lossy().into_owned();
    let argv =
        |a: &[&str]| -> Vec<String> { a.iter().map(|s| s.replace("{root}", &machines)).collect() };
    let clean = |bytes: &[u8]| -> String {
        String::from_utf8_lossy(bytes)
            .replace(&machines, MACHINES)
            .replace(&home_dir, HOME)
    };
    let mut meanwhile: Option<std::thread::JoinHandle<Output>> = None;
    let mut out = Vec::new();
    for step in steps {
        match step {
            Step::Setup(a) => {
                let o = run(&home, &argv(a));
                assert!(o.status.success(), "setup {a:?}: {o:?}");
            }
            Step::Meanwhile(delay, a) => {
                let (wrapper, args, delay) = (home.vboxmanage(), argv(a), *delay);
                meanwhile = Some(std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(delay));
                    std::process::Command::new(wrapper)
                        .args(&args)
                        .env("LC_ALL", "C")
                        .output()
                        .expect("run VBoxManage")
                }));
            }
            Step::Capture(name, a) => {
                let args = argv(a);
                let o = run(&home, &args);
                if let Some(h) = meanwhile.take() {
                    let m = h.join().expect("the concurrent command");
                    assert!(m.status.success(), "the concurrent command: {m:?}");
                }
                out.push(Recorded {
                    name,
                    code: o.status.code().unwrap_or(-1),
                    command: format!("VBoxManage {}", a.join(" ")),
                    stdout: clean(&o.stdout),
                    stderr: clean(&o.stderr),
                });
            }
        }
    }
    out
}

fn run(home: &RealHome, args: &[String]) -> Output {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    home.run(&refs)
}

fn dir() -> PathBuf {
    vbox_fixtures::fixture_root().join(DIR)
}

/// The exit codes of the committed INDEX.
fn index() -> BTreeMap<String, i32> {
    vbox_fixtures::fixture(&format!("{DIR}/INDEX.tsv"))
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.next()?.parse().ok()?))
        })
        .collect()
}

fn write(all: &[Recorded]) {
    let dir = dir();
    std::fs::create_dir_all(&dir).expect("create the capture folder");
    let mut index = String::new();
    for r in all {
        std::fs::write(dir.join(format!("{}.stdout", r.name)), &r.stdout).expect("write");
        std::fs::write(dir.join(format!("{}.stderr", r.name)), &r.stderr).expect("write");
        index.push_str(&format!("{}\t{}\t{}\n", r.name, r.code, r.command));
    }
    std::fs::write(dir.join("INDEX.tsv"), index).expect("write the index");
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn vboxmanage_7_2_captures() {
    let sequences: [(&str, &[Step]); 3] = [("main", MAIN), ("disks", DISKS), ("control", CONTROL)];
    let runs: Vec<_> = sequences
        .into_iter()
        .map(|(label, steps)| std::thread::spawn(move || record(label, steps)))
        .collect();
    let all: Vec<Recorded> = runs
        .into_iter()
        .flat_map(|r| r.join().expect("a capture sequence"))
        .collect();
    if std::env::var_os("VBOXCTL_CAPTURE").is_some() {
        write(&all);
        return;
    }
    let index = index();
    let mut differences = String::new();
    for r in &all {
        if index.get(r.name) != Some(&r.code) {
            differences.push_str(&format!(
                "== {}: exit code {} (captured {:?})\n",
                r.name,
                r.code,
                index.get(r.name)
            ));
        }
        for (what, got, ext) in [
            ("stdout", &r.stdout, "stdout"),
            ("stderr", &r.stderr, "stderr"),
        ] {
            let captured = vbox_fixtures::fixture(&format!("{DIR}/{}.{ext}", r.name));
            if let Err(e) = std::panic::catch_unwind(|| {
                assert_same_shape(what, &stable(got), &stable(&captured), &[])
            }) {
                let text = e.downcast_ref::<String>().cloned().unwrap_or_default();
                differences.push_str(&format!("== {}\n{text}\n", r.name));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "the real host no longer answers as captured:\n{differences}"
    );
}
