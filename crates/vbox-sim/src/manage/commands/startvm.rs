//! `startvm <vm>... [--type gui|headless|sdl|separate]` (reference §6.6): for each machine
//! `Waiting for VM "<arg>" to power on...`, then `VM "<arg>" has been successfully
//! started.` once the launch progress completed, with the name as typed.

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{Cx, ProgressSite, Site, FAILURE, SUCCESS};
use super::super::progress;
use super::super::usage::Usage;
use super::find_machine;
use crate::model::errors;
use vbox_types::{ApiVersion, Error, ResultCode, StartType};

/// `startvm`'s usage (7.0 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "start a virtual machine",
    synopses: &[(
        "",
        "VBoxManage startvm <uuid | vmname...> [--putenv=name[=value]] [--type= [gui | headless | sdl | separate] ] --password file --password-id password identifier",
    )],
};

const OPTS: &[Opt] = &[
    Opt::value(&["--type", "-type"]),
    Opt::value(&["--putenv"]),
    Opt::value(&["--password"]),
    Opt::value(&["--password-id"]),
];

const FILE: &str = "VBoxManageMisc.cpp";
/// The `FindMachine` of the captures `startvm-not-found` (7.0.14 and 7.2.22).
const FIND: Site = Site::vbox(
    "FindMachine(Bstr(pszVM).raw(), machine.asOutParam())",
    867,
    FILE,
)
.from(ApiVersion::V7_2, 907);
/// The launch of the captures `startvm-already-running` (7.0.14 and 7.2.22).
const LAUNCH: Site = Site::machine(
    "LaunchVMProcess(a->session, sessionType.raw(), ComSafeArrayAsInParam(aBstrEnv), progress.asOutParam())",
    880,
    FILE,
)
.from(ApiVersion::V7_2, 920);
/// A VM process that died during its launch: VBoxSVC completes the progress, so the error is
/// the machine's. Printed without a context.
const LAUNCH_DIED: ProgressSite = ProgressSite {
    component: "MachineWrap",
    interface: "IMachine",
    context: None,
    later: None,
};
/// A power-up the VM process refused (the 7.2.22 capture `ctl-startvm-refused`: "Driverless
/// mode (VERR_SUP_DRIVERLESS)"): the console sets the error.
const LAUNCH_REFUSED: ProgressSite = ProgressSite {
    component: "ConsoleWrap",
    interface: "IConsole",
    context: None,
    later: None,
};

/// `startvm`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let mut vms: Vec<&str> = Vec::new();
    let mut frontend = String::new();
    for item in GetOpt::new(args, OPTS) {
        match item {
            Ok(Item::Opt {
                key: "--type",
                value,
                ..
            }) => frontend = value.to_string(),
            Ok(Item::Opt {
                key: "--putenv",
                value,
                ..
            }) if value.contains('\n') => {
                return cx.syntax_error(
                    "Parameter to option --putenv must not contain any newline character",
                )
            }
            Ok(Item::Opt { .. }) => {}
            Ok(Item::Arg(a)) => vms.push(a),
            Err(super::super::cli::GetOptError::Unknown(o)) => {
                return cx.syntax_error(&format!("unknown option: {o}\n"))
            }
            Err(e) => return cx.getopt_error(&e),
        }
    }
    if vms.is_empty() {
        return cx.syntax_error("at least one VM name or uuid required");
    }
    let mut code = SUCCESS;
    for vm in vms {
        if start_one(cx, vm, &frontend).await != SUCCESS {
            code = FAILURE;
        }
    }
    code
}

/// The frontend `launchVMProcess` gets; an empty `--type` means the GUI.
fn start_type(frontend: &str) -> Result<StartType, Error> {
    match frontend.to_ascii_lowercase().as_str() {
        "" | "gui" => Ok(StartType::Gui),
        "headless" | "capture" => Ok(StartType::Headless),
        "sdl" => Ok(StartType::Sdl),
        "separate" => Ok(StartType::Separate),
        _ => Err(Error::from_code(
            ResultCode::E_INVALIDARG,
            format!("Invalid frontend name: '{frontend}'"),
        )),
    }
}

async fn start_one(cx: &mut Cx<'_>, vm: &str, frontend: &str) -> i32 {
    let id = match find_machine(cx, vm, &FIND).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let begun = start_type(frontend).and_then(|t| cx.sim.engine().begin_start(&id, t));
    let begun = match begun {
        Ok(x) => x,
        Err(e) => return cx.api_error(&e, &LAUNCH),
    };
    cx.print(&format!("Waiting for VM \"{vm}\" to power on...\n"));
    if let Err(e) = progress::wait_pending(cx, &begun, None).await {
        return cx.fail(e.message());
    }
    if let Some(text) = &begun.progress.failure {
        let site = if errors::start_failure_is_exit(text) {
            LAUNCH_DIED
        } else {
            LAUNCH_REFUSED
        };
        return cx.progress_error(None, &errors::start_failed(text), &site);
    }
    cx.print(&format!("VM \"{vm}\" has been successfully started.\n"));
    SUCCESS
}
