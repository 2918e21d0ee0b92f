//! `snapshot <vm> take|restore|restorecurrent|delete|list` (reference §6.9).
//!
//! After its first checks VBoxManage reports errors but ends with E_FAIL, so even syntax
//! errors of the subcommands exit 1 (VBoxManageSnapshot.cpp). A machine without snapshots
//! answers `list` and `restorecurrent` with `This machine does not have any snapshots` on
//! stdout, exit 1.

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{code_symbol, Cx, ProgressSite, Site, FAILURE, SUCCESS};
use super::super::listing;
use super::super::progress::{self, Progress};
use super::super::usage::Usage;
use super::super::view::format::time::state_change;
use super::find_machine;
use crate::model::{progress as durations, snapshots};
use vbox_types::{ApiVersion, Error, TakeSnapshot};

/// `snapshot`'s usage (7.0 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "manage virtual machine snapshots",
    synopses: &[
        ("", "VBoxManage snapshot <uuid | vmname>"),
        (
            "take",
            "VBoxManage snapshot <uuid | vmname> take <snapshot-name> [--description=description] [--live] [--uniquename Number,Timestamp,Space,Force]",
        ),
        (
            "delete",
            "VBoxManage snapshot <uuid | vmname> delete <snapshot-name>",
        ),
        (
            "restore",
            "VBoxManage snapshot <uuid | vmname> restore <snapshot-name>",
        ),
        (
            "restorecurrent",
            "VBoxManage snapshot <uuid | vmname> restorecurrent",
        ),
        (
            "edit",
            "VBoxManage snapshot <uuid | vmname> edit < snapshot-name | --current > [--description=description] [--name=new-name]",
        ),
        (
            "list",
            "VBoxManage snapshot <uuid | vmname> list [ --details | --machinereadable ]",
        ),
        (
            "showvminfo",
            "VBoxManage snapshot <uuid | vmname> showvminfo <snapshot-name>",
        ),
    ],
};

const FILE: &str = "VBoxManageSnapshot.cpp";
const FIND: Site = Site::vbox(
    "FindMachine(bstrMachine.raw(), pMachine.asOutParam())",
    436,
    FILE,
)
// 7.2: the real 7.2.22 host, for a machine that does not exist and a snapshot that does not.
.from(ApiVersion::V7_2, 344);
const FIND_SNAPSHOT: Site = Site::session_machine(
    "FindSnapshot(Bstr(a->argv[2]).raw(), pSnapshot.asOutParam())",
    591,
    FILE,
)
.from(ApiVersion::V7_2, 537);
const TAKE: Site = Site::session_machine(
    "TakeSnapshot(name.raw(), desc.raw(), fPause, snapId.asOutParam(), progress.asOutParam())",
    552,
    FILE,
);
const TAKE_FAILED: ProgressSite = ProgressSite {
    component: "SessionMachine",
    interface: "IMachine",
    context: Some(("RTEXITCODE handleSnapshot(HandlerArg*)", 558, FILE)),
    later: None,
};

const TAKE_OPTS: &[Opt] = &[
    Opt::value(&["--description", "-description", "-desc"]),
    Opt::flag(&["--pause"]),
    Opt::flag(&["--live"]),
    Opt::value(&["--uniquename"]),
];
const LIST_OPTS: &[Opt] = &[Opt::flag(&["--details"]), Opt::flag(&["--machinereadable"])];

const NO_SNAPSHOTS: &str = "This machine does not have any snapshots\n";

/// `snapshot`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    if args.len() < 2 {
        return cx.syntax_error("Not enough parameters");
    }
    let id = match find_machine(cx, &args[0], &FIND).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let rest = &args[2..];
    match args[1].as_str() {
        "take" => {
            cx.set_subcommand("take");
            take(cx, &id, rest).await
        }
        sub @ ("restore" | "delete" | "restorecurrent") => {
            cx.set_subcommand(match sub {
                "restore" => "restore",
                "delete" => "delete",
                _ => "restorecurrent",
            });
            restore_or_delete(cx, &id, sub, rest).await
        }
        "list" => {
            cx.set_subcommand("list");
            list(cx, &id, rest).await
        }
        "edit" | "showvminfo" | "dump" => cx.fail(&format!(
            "'snapshot {}' is not emulated by the VirtualBox simulator",
            args[1]
        )),
        other => {
            cx.syntax_error(&format!("Invalid parameter '{other}'"));
            FAILURE
        }
    }
}

async fn take(cx: &mut Cx<'_>, id: &str, rest: &[String]) -> i32 {
    let Some(name) = rest.first() else {
        cx.syntax_error("Missing snapshot name");
        return FAILURE;
    };
    let mut spec = TakeSnapshot {
        name: name.clone(),
        ..Default::default()
    };
    let mut unique = None;
    for item in GetOpt::new(&rest[1..], TAKE_OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--description" => spec.description = value.to_string(),
                "--pause" => spec.live = false,
                "--live" => spec.live = true,
                _ => match Unique::parse(value) {
                    Some(u) => unique = Some(u),
                    None => {
                        return cx
                            .argument_error(&format!("Invalid unique name description '{value}'"))
                    }
                },
            },
            Ok(Item::Arg(a)) => {
                cx.invalid_parameter(a);
                return FAILURE;
            }
            Err(e) => {
                cx.getopt_error(&e);
                return FAILURE;
            }
        }
    }
    let begun = cx
        .sim
        .engine()
        .begin_snapshot(id, &spec, |m, ctx| match &unique {
            Some(u) => u.apply(&spec.name, ctx.now, |n| snapshots::find(m, n).is_ok()),
            None => Ok(spec.name.clone()),
        });
    let (begun, snapshot_id) = match begun {
        Ok(x) => x,
        Err(e) => {
            cx.api_error(&e, &TAKE);
            return FAILURE;
        }
    };
    let mut marks = Progress::start(cx);
    match progress::wait_pending(cx, &begun, Some(&mut marks)).await {
        Ok(()) => {
            marks.succeed(cx);
            cx.print(&format!("Snapshot taken. UUID: {snapshot_id}\n"));
            SUCCESS
        }
        Err(e) => {
            marks.fail(cx, code_symbol(&e));
            cx.progress_error(Some("Failed to take snapshot"), &e, &TAKE_FAILED)
        }
    }
}

async fn restore_or_delete(cx: &mut Cx<'_>, id: &str, sub: &str, rest: &[String]) -> i32 {
    let current = sub == "restorecurrent";
    if current && !rest.is_empty() {
        cx.syntax_error("Too many arguments");
        return FAILURE;
    }
    if !current && rest.len() != 1 {
        cx.syntax_error("Expecting snapshot name only");
        return FAILURE;
    }
    let found = cx.sim.view(|reg, _| {
        let m = &reg.machines[reg.find(id)?];
        let k = match (current, &m.current_snapshot) {
            (true, None) => return Ok(None),
            (true, Some(c)) => snapshots::find(m, c)?,
            (false, _) => snapshots::find(m, &rest[0])?,
        };
        Ok(Some((
            m.snapshots[k].id.clone(),
            m.snapshots[k].name.clone(),
        )))
    });
    let (snap_id, snap_name) = match found {
        Ok(Some(x)) => x,
        Ok(None) => {
            cx.print(NO_SNAPSHOTS);
            return FAILURE;
        }
        Err(e) => {
            cx.api_error(&e, &FIND_SNAPSHOT);
            return FAILURE;
        }
    };
    let deleting = sub == "delete";
    let verb = if deleting { "Deleting" } else { "Restoring" };
    cx.print(&format!("{verb} snapshot '{snap_name}' ({snap_id})\n"));
    let done = cx.sim.transact(|reg, ctx| {
        let i = reg.find(id)?;
        let others = reg.media_of_others(i);
        let crate::model::Registry {
            machines, media, ..
        } = reg;
        let r = if deleting {
            let used = |mid: &str| others.iter().any(|o| o == mid);
            snapshots::delete(&mut machines[i], media, &used, &snap_id, ctx)
        } else {
            snapshots::restore(&mut machines[i], media, &snap_id, ctx)
        };
        reg.touch(i);
        r
    });
    let site = if deleting {
        Site::session_machine(
            "DeleteSnapshot(bstrSnapGuid.raw(), pProgress.asOutParam())",
            608,
            FILE,
        )
    } else {
        Site::session_machine(
            "RestoreSnapshot(pSnapshot, pProgress.asOutParam())",
            614,
            FILE,
        )
        // The real 7.2.22 host, restoring a snapshot of a paused machine.
        .from(ApiVersion::V7_2, 560)
    };
    if let Err(e) = done {
        cx.api_error(&e, &site);
        return FAILURE;
    }
    progress::timed(cx, durations::SNAPSHOT_MEDIA_MS).await;
    SUCCESS
}

async fn list(cx: &mut Cx<'_>, id: &str, rest: &[String]) -> i32 {
    let mut machine_readable = false;
    for item in GetOpt::new(rest, LIST_OPTS) {
        match item {
            Ok(Item::Opt {
                key: "--machinereadable",
                ..
            }) => machine_readable = true,
            Ok(Item::Opt { .. }) => {}
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let view = match cx.sim.machine_view(id).await {
        Ok(v) => v,
        Err(e) => return cx.fail(e.message()),
    };
    if view.snapshots.is_empty() {
        cx.print(NO_SNAPSHOTS);
        return FAILURE;
    }
    let text = if machine_readable {
        listing::snapshot_list_machinereadable(&view)
    } else {
        listing::snapshot_list_human(&view, &cx.opts)
    };
    cx.print(&text);
    SUCCESS
}

/// `--uniquename Number,Timestamp,Space,Force`: make a taken name unique by a number
/// (`name2`, `name3`, … or from 1 with Force) or the time, with a space when asked.
#[derive(Debug, Clone, Copy, Default)]
struct Unique {
    number: bool,
    timestamp: bool,
    space: bool,
    force: bool,
}

impl Unique {
    fn parse(list: &str) -> Option<Unique> {
        let mut u = Unique::default();
        for item in list.split(',').filter(|i| !i.is_empty()) {
            let lower = item.to_ascii_lowercase();
            let is = |word: &str| word.starts_with(&lower);
            match () {
                _ if is("number") => u.number = true,
                _ if is("timestamp") => u.timestamp = true,
                _ if is("space") => u.space = true,
                _ if is("force") => u.force = true,
                _ => return None,
            }
        }
        Some(u)
    }

    fn apply(
        self,
        name: &str,
        now_ms: i64,
        exists: impl Fn(&str) -> bool,
    ) -> vbox_types::Result<String> {
        if !(self.number || self.timestamp) || (!self.force && !exists(name)) {
            return Ok(name.to_string());
        }
        let sep = if self.space { " " } else { "" };
        let first = if self.force { 1 } else { 2 };
        for count in first..500 {
            let suffix = if self.number {
                count.to_string()
            } else {
                let at = now_ms + 1000 * i64::from(count - first);
                format!("{}Z", &state_change(at)[..19])
            };
            let candidate = format!("{name}{sep}{suffix}");
            if !exists(&candidate) {
                return Ok(candidate);
            }
        }
        Err(Error::from_code(
            vbox_types::ResultCode::E_FAIL,
            "Failed to generate a unique snapshot name",
        ))
    }
}
