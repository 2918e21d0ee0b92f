//! `controlvm <vm> pause|resume|reset|poweroff|savestate|acpipowerbutton|acpisleepbutton`
//! (reference §6.7).
//!
//! VBoxManage locks the machine shared and needs its console: without a VM process it says
//! `Machine '<vm>' is not currently running.` (the period since 7.0; 7.0.14
//! `controlvm-poweroff-not-running`) and exits 1, whatever the subcommand. `poweroff` and
//! `savestate` show the progress; the buttons return at once.

use super::super::context::{Cx, Site, FAILURE, SUCCESS};
use super::super::progress::{self, Progress};
use super::super::usage::Usage;
use super::find_machine;
use crate::model::{errors, session};
use vbox_types::{ApiVersion, ControlAction, MachineState};

/// `controlvm`'s usage (the 7.0 manual's synopses of the emulated subcommands).
pub(crate) const USAGE: Usage = Usage {
    purpose: "change state and settings for a running virtual machine",
    synopses: &[
        ("pause", "VBoxManage controlvm <uuid | vmname> pause"),
        ("resume", "VBoxManage controlvm <uuid | vmname> resume"),
        ("reset", "VBoxManage controlvm <uuid | vmname> reset"),
        ("poweroff", "VBoxManage controlvm <uuid | vmname> poweroff"),
        (
            "savestate",
            "VBoxManage controlvm <uuid | vmname> savestate",
        ),
        (
            "acpipowerbutton",
            "VBoxManage controlvm <uuid | vmname> acpipowerbutton",
        ),
        (
            "acpisleepbutton",
            "VBoxManage controlvm <uuid | vmname> acpisleepbutton",
        ),
        ("reboot", "VBoxManage controlvm <uuid | vmname> reboot"),
        (
            "shutdown",
            "VBoxManage controlvm <uuid | vmname> shutdown [--force]",
        ),
    ],
};

const FILE: &str = "VBoxManageControlVM.cpp";
/// 7.2 reordered VBoxManageControlVM.cpp: its lines are those of the 7.2.22 captures
/// (`ctl-pause-paused`, `ctl-resume-running`, `ctl-reset-paused`) and of the same refusals
/// provoked on the real 7.2.22 host.
const FIND: Site = Site::vbox(
    "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
    1178,
    FILE,
)
.from(ApiVersion::V7_2, 363);

/// Subcommands real VBoxManage has that the simulator does not model.
const NOT_EMULATED: &[&str] = &[
    "reboot",
    "shutdown",
    "unplugcpu",
    "plugcpu",
    "cpuexecutioncap",
    "audioin",
    "audioout",
    "clipboard",
    "draganddrop",
    "keyboardputscancode",
    "keyboardputstring",
    "keyboardputfile",
    "vrde",
    "vrdeport",
    "vrdeproperty",
    "usbattach",
    "usbdetach",
    "guestmemoryballoon",
    "teleport",
    "screenshotpng",
    "recording",
    "setvideomodehint",
    "setscreenlayout",
    "setcredentials",
    "webcam",
    "addencpassword",
    "removeencpassword",
    "removeallencpasswords",
    "changeuartmode",
    "autostart-enabled",
    "autostart-delay",
];

/// `controlvm`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    if args.len() < 2 {
        return cx.syntax_error("Not enough parameters.");
    }
    let (vm, sub) = (args[0].as_str(), args[1].as_str());
    let id = match find_machine(cx, vm, &FIND).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let has_console = cx
        .sim
        .view(|reg, _| Ok(session::has_vm_process(&reg.machines[reg.find(&id)?])));
    match has_console {
        Ok(true) => {}
        Ok(false) => {
            let dot = if cx.opts.api >= ApiVersion::V7_0 {
                "."
            } else {
                ""
            };
            return cx.fail(&format!("Machine '{vm}' is not currently running{dot}"));
        }
        Err(e) => return cx.fail(e.message()),
    }
    let (action, site) = match sub {
        "pause" => (
            ControlAction::Pause,
            Site::console("Pause()", 1211, FILE).from(ApiVersion::V7_2, 388),
        ),
        "resume" => (
            ControlAction::Resume,
            Site::console("Resume()", 1216, FILE).from(ApiVersion::V7_2, 393),
        ),
        "reset" => (
            ControlAction::Reset,
            Site::console("Reset()", 1221, FILE).from(ApiVersion::V7_2, 398),
        ),
        "poweroff" => (
            ControlAction::PowerOff,
            Site::console("PowerDown(progress.asOutParam())", 1392, FILE)
                .from(ApiVersion::V7_2, 602),
        ),
        "savestate" => (
            ControlAction::SaveState,
            Site::session_machine("SaveState(progress.asOutParam())", 1430, FILE)
                .from(ApiVersion::V7_2, 639),
        ),
        "acpipowerbutton" => (
            ControlAction::AcpiPowerButton,
            Site::console("PowerButton()", 1449, FILE).from(ApiVersion::V7_2, 658),
        ),
        "acpisleepbutton" => return sleep_button(cx, &id),
        other if NOT_EMULATED.contains(&other) => {
            return cx.fail(&format!(
                "'controlvm {other}' is not emulated by the VirtualBox simulator"
            ))
        }
        other => {
            // VBoxManage reports the syntax error but ends with E_FAIL: exit 1.
            cx.syntax_error(&format!("Invalid parameter '{other}'."));
            return FAILURE;
        }
    };
    let begun = match cx.sim.engine().begin_control(&id, action) {
        Ok(Some(begun)) => begun,
        Ok(None) => return SUCCESS,
        Err(e) => return cx.api_error(&e, &site),
    };
    let mut marks = Progress::start(cx);
    match progress::wait_pending(cx, &begun, Some(&mut marks)).await {
        Ok(()) => {
            marks.succeed(cx);
            SUCCESS
        }
        Err(e) => {
            marks.fail(cx, super::super::context::code_symbol(&e));
            cx.fail(e.message())
        }
    }
}

/// The ACPI sleep button reaches a running guest's ACPI; the simulated guests do not
/// suspend, so it changes nothing, but it is refused in the states `PowerButton` refuses.
fn sleep_button(cx: &mut Cx<'_>, id: &str) -> i32 {
    let state = cx.sim.view(|reg, _| Ok(reg.machines[reg.find(id)?].state));
    match state {
        Ok(MachineState::Running | MachineState::Teleporting | MachineState::LiveSnapshotting) => {
            SUCCESS
        }
        Ok(s) => {
            let site = Site::console("SleepButton()", 1454, FILE).from(ApiVersion::V7_2, 663);
            cx.api_error(&errors::invalid_state(s), &site)
        }
        Err(e) => cx.fail(e.message()),
    }
}
