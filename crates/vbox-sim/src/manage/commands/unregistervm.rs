//! `unregistervm <vm> [--delete | --delete-all]` (reference §6.10).
//!
//! The machine is unregistered first, then `deleteConfig` deletes its media (children
//! before parents), saved states and settings file as a progress. A medium that still has
//! differencing children (a template of linked clones) stops the deletion half-way: the
//! progress fails, the machine stays unregistered and its files stay on disk (7.0.14
//! `disks-unregistervm-base-delete-with-linked-children`).

use super::super::cli::{GetOpt, GetOptError, Item, Opt};
use super::super::context::{code_symbol, Cx, ProgressSite, Site, SUCCESS};
use super::super::progress::Progress;
use super::super::usage::Usage;
use super::find_machine;
use crate::model::{media, progress as durations, unregister, Registry};
use vbox_types::{ApiVersion, CleanupMode, Error, Unregister};

/// `unregistervm`'s usage (7.0 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "unregister a virtual machine",
    synopses: &[(
        "",
        "VBoxManage unregistervm <uuid | vmname> [--delete] [--delete-all]",
    )],
};

const OPTS_6: &[Opt] = &[Opt::flag(&["--delete", "-delete"])];
/// 7.0 added `--delete-all` (CleanupMode `DetachAllReturnHardDisksAndVMRemovable`).
const OPTS_7: &[Opt] = &[
    Opt::flag(&["--delete", "-delete"]),
    Opt::flag(&["--delete-all", "-delete-all"]),
];

const FILE: &str = "VBoxManageMisc.cpp";
/// The `FindMachine` of the captures `unregistervm-not-found` (7.0.14 and 7.2.22).
const FIND: Site = Site::vbox(
    "FindMachine(Bstr(VMName).raw(), machine.asOutParam())",
    229,
    FILE,
)
.from(ApiVersion::V7_2, 228);
/// 7.2: the real 7.2.22 host, unregistering a running machine.
const UNREGISTER: Site = Site::machine(
    "Unregister(fDeleteAll ? CleanupMode_DetachAllReturnHardDisksAndVMRemovable :CleanupMode_DetachAllReturnHardDisksOnly, ComSafeArrayAsOutParam(aMedia))",
    234,
    FILE,
)
.from(ApiVersion::V7_2, 232);
/// The failed `deleteConfig` of the captures
/// `disks-unregistervm-base-delete-with-linked-children` (7.0.14 and 7.2.22).
const DELETE_FAILED: ProgressSite = ProgressSite {
    component: "MediumWrap",
    interface: "IMedium",
    context: Some(("RTEXITCODE handleUnregisterVM(HandlerArg*)", 244, FILE)),
    later: Some((ApiVersion::V7_2, 243)),
};

/// What the registry transaction did.
enum Outcome {
    /// Done (with `deleteConfig` when asked).
    Done,
    /// Refused before anything changed.
    Refused(Error),
    /// Unregistered, then `deleteConfig` failed after this share of its work, in percent.
    DeleteFailed(Error, u32),
}

/// `unregistervm`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let opts = if cx.opts.api >= ApiVersion::V7_0 {
        OPTS_7
    } else {
        OPTS_6
    };
    let (mut delete, mut delete_all) = (false, false);
    let mut vm: Option<&str> = None;
    for item in GetOpt::new(args, opts) {
        match item {
            Ok(Item::Opt {
                key: "--delete", ..
            }) => delete = true,
            Ok(Item::Opt { .. }) => delete_all = true,
            Ok(Item::Arg(a)) if vm.is_none() => vm = Some(a),
            Ok(Item::Arg(a)) => return cx.syntax_error(&format!("Invalid parameter '{a}'")),
            Err(GetOptError::Unknown(o)) => {
                return cx.syntax_error(&format!("unknown option: {o}\n"))
            }
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(vm) = vm else {
        return cx.syntax_error("VM name required");
    };
    let id = match find_machine(cx, vm, &FIND).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let how = Unregister {
        cleanup: if delete_all {
            CleanupMode::DetachAllReturnHardDisksAndVMRemovable
        } else {
            CleanupMode::DetachAllReturnHardDisksOnly
        },
        delete_files: delete || delete_all,
        keep_media: Vec::new(),
    };
    let outcome = cx.sim.transact(|reg, ctx| {
        let i = reg.find(&id)?;
        Ok(run_unregister(reg, i, &how, ctx))
    });
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => return cx.api_error(&e, &UNREGISTER),
    };
    match outcome {
        Outcome::Refused(e) => cx.api_error(&e, &UNREGISTER),
        Outcome::Done if !how.delete_files => SUCCESS,
        Outcome::Done => {
            super::super::progress::timed(cx, durations::DELETE_MS).await;
            SUCCESS
        }
        Outcome::DeleteFailed(e, done) => {
            // The media deleted before the failure took their share of the time.
            let mut p = Progress::start(cx);
            let spent = durations::DELETE_MS * i64::from(done) / 100;
            let sim = cx.sim.clone();
            sim.engine().pass(spent, i64::MAX, |_| {}).await;
            p.reach(cx, done);
            p.fail(cx, code_symbol(&e));
            cx.progress_error(Some("Machine delete failed"), &e, &DELETE_FAILED)
        }
    }
}

/// `Unregister` and, when asked, `deleteConfig`, telling a refusal from a half-way failure.
/// The progress has one step per returned medium plus one for the files.
fn run_unregister(
    reg: &mut Registry,
    i: usize,
    how: &Unregister,
    ctx: &crate::model::Ctx<'_>,
) -> Outcome {
    let id = reg.machines[i].id.clone();
    let steps = media::used_by(&reg.machines[i]).len() as u32 + 1;
    let media_before = reg.media.len();
    match unregister::unregister(reg, i, how, ctx) {
        Ok(_) => Outcome::Done,
        Err(e) if reg.machines.iter().any(|m| m.id == id) => Outcome::Refused(e),
        Err(e) => {
            let deleted = media_before.saturating_sub(reg.media.len()) as u32;
            Outcome::DeleteFailed(e, deleted * 100 / steps)
        }
    }
}
