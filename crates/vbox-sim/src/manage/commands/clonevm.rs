//! `clonevm <vm> [--snapshot] [--mode] [--options] [--name] [--groups] [--basefolder]
//! [--uuid] [--register]` (reference §6.5).
//!
//! VBoxManage finds the source (and snapshot), composes the new settings file name,
//! creates the machine (refused when the file exists), then `CloneTo` checks the request
//! (a linked clone needs a snapshot: 7.0.14 `clonevm-linked-no-snapshot`) and the copy runs
//! as a progress. Without `--register` the clone exists only as files.

use super::super::cli::{GetOpt, GetOptError, Item, Opt};
use super::super::context::{Cx, ProgressSite, Site, SUCCESS};
use super::super::progress::Progress;
use super::super::usage::Usage;
use super::folders::{self, Placement};
use super::{find_machine, parse_groups};
use crate::manage::progress::MAX_STEP_MS;
use crate::model::machine::{normalize_groups, path_string};
use crate::model::{clone, errors, snapshots, Ctx, Registry};
use std::path::{Path, PathBuf};
use vbox_types::{ApiVersion, CloneMachine, CloneMode, CloneOption, Error, Result};

/// `clonevm`'s usage, as the 7.0.14 capture `syntax-error` prints it.
pub(crate) const USAGE: Usage = Usage {
    purpose: "create a clone of an existing virtual machine",
    synopses: &[(
        "",
        "VBoxManage clonevm <vmname|uuid> [--basefolder=basefolder] [--groups=group,...] [--mode=machine | --mode=machinechildren | --mode=all] [--name=name] [--options=option,...] [--register] [--snapshot=snapshot-name] [--uuid=uuid]",
    )],
};

const OPTS: &[Opt] = &[
    Opt::value(&["--snapshot"]),
    Opt::value(&["--name"]),
    Opt::value(&["--groups"]),
    Opt::value(&["--mode"]),
    Opt::value(&["--options"]),
    Opt::flag(&["--register"]),
    Opt::value(&["--basefolder"]),
    Opt::value(&["--uuid"]),
];

const FILE: &str = "VBoxManageMisc.cpp";
const FIND: Site = Site::vbox(
    "FindMachine(Bstr(pszSrcName).raw(), srcMachine.asOutParam())",
    665,
    FILE,
)
.from(ApiVersion::V7_2, 701);
const FIND_SNAPSHOT: Site = Site::machine(
    "FindSnapshot(Bstr(pszSnapshotName).raw(), srcSnapshot.asOutParam())",
    674,
    FILE,
)
.from(ApiVersion::V7_2, 716);
const CREATE: Site = Site::machine(
    "CreateMachine(bstrSettingsFile.raw(), Bstr(pszTrgName).raw(), ComSafeArrayAsInParam(groups), NULL, createFlags.raw(), NULL, NULL, NULL, trgMachine.asOutParam())",
    707,
    FILE,
);
/// 7.1's `CreateMachine` takes the platform architecture (the call as the real 7.2.22 prints
/// it when the target's settings file exists; 7.1's line is not known and taken as 7.2's).
const CREATE_PLATFORM: Site = Site::machine(
    "CreateMachine(bstrSettingsFile.raw(), Bstr(pszTrgName).raw(), platformArch, ComSafeArrayAsInParam(groups), NULL, createFlags.raw(), NULL, NULL, NULL, trgMachine.asOutParam())",
    743,
    FILE,
);
/// The `CloneTo` of the 7.0.14 capture `clonevm-linked-no-snapshot`.
const CLONE_TO: Site = Site::machine(
    "CloneTo(trgMachine, mode, ComSafeArrayAsInParam(options), progress.asOutParam())",
    717,
    FILE,
)
.from(ApiVersion::V7_2, 757);
/// `CHECK_PROGRESS_ERROR_RET(progress, ("Clone VM failed"))`; the failing object is a
/// medium (6.0 capture `clonevm-error-source-running`).
const CLONE_FAILED: ProgressSite = ProgressSite {
    component: "MediumWrap",
    interface: "IMedium",
    context: Some(("RTEXITCODE handleCloneVM(HandlerArg*)", 721, FILE)),
    later: None,
};

/// `clonevm`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let mut spec = CloneMachine::new("", "");
    let mut name: Option<String> = None;
    let mut source: Option<&str> = None;
    let mut extra = Placement::default();
    for item in GetOpt::new(args, OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match extra.take(key, value) {
                Some(Ok(())) => {}
                Some(Err(bad)) => return cx.getopt_error(&GetOptError::BadValue(bad)),
                None => match key {
                    "--snapshot" => spec.snapshot = Some(value.to_string()),
                    "--name" => name = Some(value.to_string()),
                    "--groups" => spec.groups = parse_groups(value),
                    "--mode" => match clone_mode(value) {
                        Some(m) => spec.mode = m,
                        None => {
                            return cx.argument_error(&format!("Invalid clone mode '{value}'\n"))
                        }
                    },
                    "--options" => match clone_options(value) {
                        Some(o) => spec.options.extend(o),
                        None => {
                            return cx.argument_error(&format!("Invalid clone options '{value}'\n"))
                        }
                    },
                    _ => {}
                },
            },
            Ok(Item::Arg(a)) if source.is_none() => source = Some(a),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(source) = source else {
        return cx.syntax_error("VM name required");
    };
    let id = match find_machine(cx, source, &FIND).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    spec.source = id.clone();
    // The default name uses the source as typed.
    spec.name = name.unwrap_or_else(|| format!("{source} Clone"));
    let checked = cx
        .sim
        .view(|reg, ctx| Ok(check(reg, &spec, &extra, ctx)))
        .unwrap_or_else(|e| Err(Box::new((e, FIND))));
    match checked {
        Err(refusal) => return cx.api_error(&refusal.0, &refusal.1),
        Ok(Some(running)) => {
            // The VM process holds the current state's disks: the copy fails at once.
            let p = Progress::start(cx);
            p.fail(cx, super::super::context::code_symbol(&running));
            return cx.progress_error(Some("Clone VM failed"), &running, &CLONE_FAILED);
        }
        Ok(None) => {}
    }
    let mut p = Progress::start(cx);
    let sim = cx.sim.clone();
    let made = sim
        .engine()
        .clone(
            &spec,
            MAX_STEP_MS,
            |done| p.reach(cx, done),
            |reg, i, ctx| make(reg, i, &spec, &extra, ctx),
        )
        .await;
    match made {
        Ok(new_name) => {
            p.succeed(cx);
            cx.print(&format!(
                "Machine has been successfully cloned as \"{new_name}\"\n"
            ));
            SUCCESS
        }
        Err(e) => {
            p.fail(cx, super::super::context::code_symbol(&e));
            cx.progress_error(Some("Clone VM failed"), &e, &CLONE_FAILED)
        }
    }
}

/// `parseCloneMode`: case-insensitive words.
fn clone_mode(word: &str) -> Option<CloneMode> {
    match word.to_ascii_lowercase().as_str() {
        "machine" => Some(CloneMode::MachineState),
        "machineandchildren" => Some(CloneMode::MachineAndChildStates),
        "all" => Some(CloneMode::AllStates),
        _ => None,
    }
}

/// `parseCloneOptions`: a comma list; each item may be any case-insensitive prefix of an
/// option's name.
fn clone_options(list: &str) -> Option<Vec<CloneOption>> {
    const NAMES: &[(&str, CloneOption)] = &[
        ("KeepAllMACs", CloneOption::KeepAllMACs),
        ("KeepNATMACs", CloneOption::KeepNATMACs),
        ("KeepDiskNames", CloneOption::KeepDiskNames),
        ("Link", CloneOption::Link),
        ("Linked", CloneOption::Link),
        ("KeepHwUUIDs", CloneOption::KeepHwUUIDs),
        ("KeepHwUUID", CloneOption::KeepHwUUIDs),
    ];
    let mut out = Vec::new();
    for item in list.split(',').filter(|i| !i.is_empty()) {
        let lower = item.to_ascii_lowercase();
        let found = NAMES
            .iter()
            .find(|(name, _)| name.to_ascii_lowercase().starts_with(&lower))?;
        out.push(found.1);
    }
    Some(out)
}

/// A refusal and the call that made it (boxed: a `Result` error should stay small).
type Refusal = Box<(Error, Site)>;

/// The new machine's folder.
fn target_folder(spec: &CloneMachine, extra: &Placement, ctx: &Ctx<'_>) -> Result<PathBuf> {
    let groups = normalize_groups(&spec.groups)?;
    let base = match &extra.base_folder {
        Some(b) => ctx.root.join(b),
        None => ctx.root.join("machines"),
    };
    Ok(folders::folder_in(&base, &groups, &spec.name))
}

/// Everything refused before the copy starts, each at its call; `Some` is the error the
/// progress fails with at once.
fn check(
    reg: &Registry,
    spec: &CloneMachine,
    extra: &Placement,
    ctx: &Ctx<'_>,
) -> std::result::Result<Option<Error>, Refusal> {
    let src = reg.find(&spec.source).map_err(|e| Box::new((e, FIND)))?;
    if let Some(s) = &spec.snapshot {
        snapshots::find(&reg.machines[src], s).map_err(|e| Box::new((e, FIND_SNAPSHOT)))?;
    }
    let create = if ctx.api() >= ApiVersion::V7_1 {
        CREATE_PLATFORM
    } else {
        CREATE
    };
    let folder = target_folder(spec, extra, ctx).map_err(|e| Box::new((e, create)))?;
    let settings = folders::settings_in(&folder, &spec.name);
    let taken = reg
        .machines
        .iter()
        .any(|m| Path::new(&m.settings_file) == settings);
    if settings.exists() || taken {
        return Err(Box::new((
            errors::settings_exist(&path_string(&settings)),
            create,
        )));
    }
    match clone::check(reg, spec, ctx) {
        Ok(_) => Ok(None),
        Err(e) if e.message().starts_with("Failed to lock source media") => Ok(Some(e)),
        Err(e) => Err(Box::new((e, CLONE_TO))),
    }
}

/// After `CloneTo`'s copy (machine `i`): placement, then `RegisterMachine` (or, without `--register`, only the files).
fn make(
    reg: &mut Registry,
    i: usize,
    spec: &CloneMachine,
    extra: &Placement,
    ctx: &Ctx<'_>,
) -> Result<String> {
    let folder = target_folder(spec, extra, ctx)?;
    if extra.base_folder.is_some() {
        let Registry {
            machines, media, ..
        } = reg;
        folders::relocate(&mut machines[i], media, &folder)?;
    }
    if let Some(u) = &extra.uuid {
        folders::assign_uuid(reg, i, u, ctx.root)?;
    }
    reg.touch(i);
    let name = reg.machines[i].name.clone();
    if !extra.register {
        folders::leave_unregistered(reg, i)?;
    }
    Ok(name)
}
