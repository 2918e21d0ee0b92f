//! `list vms|runningvms|systemproperties|hdds`, with `--long` and `--sorted`.

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{Cx, SUCCESS};
use super::super::listing;
use super::super::usage::Usage;
use super::super::view::format::hostnet;
use crate::model::media::MediumRecord;
use crate::model::{session, Registry};
use vbox_types::{Backend, MachineState, MachineSummary};

/// `list`'s usage (7.0 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "view system information and VM configuration details",
    synopses: &[(
        "",
        "VBoxManage list [--long] [--platform-arch=x86|arm] [--sorted] [bridgedifs | cloudnets | cloudprofiles | cloudproviders | cpu-profiles | dhcpservers | dvds | extpacks | floppies | groups | hddbackends | hdds | hostcpuids | hostdrives | hostdvds | hostfloppies | hostinfo | hostonlyifs | hostonlynets | intnets | natnets | ostypes | runningvms | screenshotformats | systemproperties | usbfilters | usbhost | vms | webcams]",
    )],
};

const OPTS: &[Opt] = &[
    Opt::flag(&["--long", "-l"]),
    Opt::flag(&["--multiple", "-m"]),
    Opt::flag(&["--sorted", "-s"]),
];

/// What `list` can show in real VBoxManage; the emulator shows the first five, `dvds` and the
/// host's networking (`hostinfo`, `hostonlyifs`, `dhcpservers`).
const KNOWN: &[&str] = &[
    "vms",
    "runningvms",
    "systemproperties",
    "hdds",
    "ostypes",
    "bridgedifs",
    "cloudnets",
    "cloudprofiles",
    "cloudproviders",
    "cpu-profiles",
    "dhcpservers",
    "dvds",
    "extpacks",
    "floppies",
    "groups",
    "hddbackends",
    "hostcpuids",
    "hostdrives",
    "hostdvds",
    "hostfloppies",
    "hostinfo",
    "hostonlyifs",
    "hostonlynets",
    "intnets",
    "natnets",
    "screenshotformats",
    "usbfilters",
    "usbhost",
    "webcams",
];

/// The states `list runningvms` shows (VBoxManageList.cpp).
const RUNNING: &[MachineState] = &[
    MachineState::Running,
    MachineState::Teleporting,
    MachineState::LiveSnapshotting,
    MachineState::Paused,
    MachineState::TeleportingPausedVM,
];

/// `list …`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let (mut long, mut sorted) = (false, false);
    let mut what: Option<&str> = None;
    for item in GetOpt::new(args, OPTS) {
        match item {
            Ok(Item::Opt { key: "--long", .. }) => long = true,
            Ok(Item::Opt {
                key: "--sorted", ..
            }) => sorted = true,
            Ok(Item::Opt { .. }) => {}
            Ok(Item::Arg(a)) if what.is_none() && KNOWN.contains(&a) => what = Some(a),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(what) = what else {
        return cx.syntax_error("Missing subcommand for \"list\" command.");
    };
    let text = match what {
        "vms" | "runningvms" => machines(cx, what == "runningvms", long, sorted).await,
        "systemproperties" => {
            let folder = cx.sim.dir().join("machines");
            cx.sim
                .view(|reg, _| Ok(reg.websrv_auth_library.clone()))
                .map(|websrv_auth| {
                    listing::systemproperties(
                        &cx.opts,
                        &folder.to_string_lossy(),
                        websrv_auth.as_deref(),
                    )
                })
        }
        "hdds" => cx.sim.view(|reg, _| Ok(hdds(reg, long))),
        "dvds" => cx.sim.view(|reg, _| Ok(dvds(reg))),
        "ostypes" => Ok(super::super::view::format::ostype::list_ostypes()),
        "hostonlyifs" => cx
            .sim
            .view(|reg, _| Ok(hostnet::hostonlyifs(&reg.host_net.interfaces))),
        "dhcpservers" => cx
            .sim
            .view(|reg, _| Ok(hostnet::dhcpservers(&reg.host_net.dhcp_servers))),
        "hostinfo" => Ok(hostnet::hostinfo(cx.sim.now_ms())),
        // The usage names it, but only macOS builds have 7.x host-only networks: the real
        // 7.2.22 Linux host refuses it with the `list` usage (exit 2).
        "hostonlynets" => return cx.syntax_error("Unknown subcommand \"hostonlynets\"."),
        other => {
            return cx.fail(&format!(
                "'list {other}' is not emulated by the VirtualBox simulator"
            ))
        }
    };
    match text {
        Ok(t) => {
            cx.print(&t);
            SUCCESS
        }
        Err(e) => cx.fail(e.message()),
    }
}

async fn machines(
    cx: &mut Cx<'_>,
    running_only: bool,
    long: bool,
    sorted: bool,
) -> vbox_types::Result<String> {
    let keep =
        |state: Option<MachineState>| !running_only || state.is_some_and(|s| RUNNING.contains(&s));
    if long {
        let mut views = cx.sim.machine_views().await?;
        views.retain(|v| keep(Some(v.machine.state)));
        if sorted {
            views.sort_by(|a, b| by_name(&a.machine.name, &b.machine.name));
        }
        return Ok(listing::list_long(&views, &cx.opts));
    }
    let mut list: Vec<MachineSummary> = cx.sim.list_machines().await?;
    list.retain(|m| keep(m.state));
    if sorted {
        list.sort_by(|a, b| by_name(&a.name, &b.name));
    }
    Ok(listing::list_vms(&list))
}

/// `--sorted` compares names without regard to case.
fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// `list [--long] hdds`: every base image followed by its differencing children, depth
/// first, in registration order (VBoxManageList.cpp's recursive `listMedia`).
fn hdds(reg: &Registry, long: bool) -> String {
    let mut out = String::new();
    let roots = reg.media.iter().filter(|m| {
        !m.dvd
            && m.parent
                .as_deref()
                .is_none_or(|p| !reg.media.iter().any(|x| x.id == p))
    });
    for root in roots {
        medium_tree(reg, root, long, &mut out);
    }
    out
}

/// `list dvds`: the optical images opened for drives, in the short form the real 7.2.22
/// host prints (`State: created`, `Type: readonly`, `Storage format: RAW`).
fn dvds(reg: &Registry) -> String {
    let mut out = String::new();
    for m in reg.media.iter().filter(|m| m.dvd) {
        let mut line = |label: &str, value: &str| out.push_str(&format!("{label:<16}{value}\n"));
        line("UUID:", &m.id);
        line("State:", "created");
        line("Type:", "readonly");
        line("Location:", &m.location);
        line("Storage format:", &m.format);
        line(
            "Capacity:",
            &format!("{} MBytes", m.logical_size / (1024 * 1024)),
        );
        line("Encryption:", "disabled");
        out.push('\n');
    }
    out
}

/// One disk's block and its children's. The long form is 7.2.22's (fixture
/// `list-long-hdds`); the sizes on disk are those of a fresh image there.
fn medium_tree(reg: &Registry, m: &MediumRecord, long: bool, out: &mut String) {
    let parent = m.parent.as_deref().unwrap_or("base");
    let kind = if m.parent.is_some() {
        "differencing"
    } else {
        "base"
    };
    let mut line = |label: &str, value: &str| out.push_str(&format!("{label:<16}{value}\n"));
    line("UUID:", &m.id);
    line("Parent UUID:", parent);
    line("State:", lock_state(reg, &m.id));
    line("Type:", &format!("normal ({kind})"));
    if long && m.parent.is_some() {
        line("Auto-Reset:", "off");
    }
    line("Location:", &m.location);
    line("Storage format:", &m.format);
    if long {
        let variant = if m.parent.is_some() {
            "differencing"
        } else {
            "dynamic"
        };
        line("Format variant:", &format!("{variant} default"));
    }
    line(
        "Capacity:",
        &format!("{} MBytes", m.logical_size / (1024 * 1024)),
    );
    if long {
        line("Size on disk:", "2 MBytes");
    }
    line("Encryption:", "disabled");
    let children: Vec<&MediumRecord> = reg
        .media
        .iter()
        .filter(|c| c.parent.as_deref() == Some(&m.id))
        .collect();
    if long {
        if m.format.eq_ignore_ascii_case("VDI") {
            line("Property:", "AllocationBlockSize=1048576");
        }
        for (n, user) in users(reg, &m.id).iter().enumerate() {
            line(if n == 0 { "In use by VMs:" } else { "" }, user);
        }
        for (n, child) in children.iter().enumerate() {
            line(if n == 0 { "Child UUIDs:" } else { "" }, &child.id);
        }
    }
    out.push('\n');
    for child in children {
        medium_tree(reg, child, long, out);
    }
}

/// `NAME (UUID: ID)` of every machine that uses the disk, followed by ` [SNAP (UUID: ID), …]`
/// when snapshots of it use the disk.
fn users(reg: &Registry, id: &str) -> Vec<String> {
    let uses = |disks: &[crate::model::media::Attachment]| disks.iter().any(|a| a.medium == id);
    reg.machines
        .iter()
        .filter_map(|m| {
            let snaps: Vec<String> = m
                .snapshots
                .iter()
                .filter(|s| uses(&s.disks))
                .map(|s| format!("{} (UUID: {})", s.name, s.id))
                .collect();
            if !uses(&m.disks) && snaps.is_empty() {
                return None;
            }
            let own = format!("{} (UUID: {})", m.name, m.id);
            Some(if snaps.is_empty() {
                own
            } else {
                format!("{own} [{}]", snaps.join(", "))
            })
        })
        .collect()
}

/// A running VM write-locks the images of its current state and read-locks their parents.
fn lock_state(reg: &Registry, id: &str) -> &'static str {
    let running = reg.machines.iter().filter(|m| session::has_vm_process(m));
    let mut state = "created";
    for m in running {
        for a in &m.disks {
            if a.medium == id {
                return "locked write";
            }
            if ancestors(reg, &a.medium).iter().any(|p| p == id) {
                state = "locked read";
            }
        }
    }
    state
}

fn ancestors(reg: &Registry, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = reg
        .media
        .iter()
        .find(|m| m.id == id)
        .and_then(|m| m.parent.clone());
    while let Some(p) = cur {
        if out.contains(&p) {
            break;
        }
        cur = reg
            .media
            .iter()
            .find(|m| m.id == p)
            .and_then(|m| m.parent.clone());
        out.push(p);
    }
    out
}
