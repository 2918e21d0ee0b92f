//! `showvminfo <vm> [--machinereadable|--details]`.

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{Cx, Site, SUCCESS};
use super::super::showvminfo;
use super::super::usage::Usage;
use vbox_types::ApiVersion;

/// `showvminfo`'s usage (7.0 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "show configuration information or log file contents for a virtual machine",
    synopses: &[
        (
            "",
            "VBoxManage showvminfo <uuid|vmname> [--details] [--machinereadable] [--password-id] [--password]",
        ),
        (
            "",
            "VBoxManage showvminfo <uuid|vmname> --log=index [--password-id id] [--password id]",
        ),
    ],
};

const OPTS: &[Opt] = &[
    Opt::flag(&["--details", "-details"]),
    Opt::flag(&["--machinereadable", "-machinereadable"]),
    Opt::value(&["--log", "-log"]),
    Opt::value(&["--password-id"]),
    Opt::value(&["--password"]),
];

/// The `FindMachine` of the 7.0.14 captures `showvminfo-not-found`/`-empty-name`.
const FIND: Site = Site::vbox(
    "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())",
    3174,
    "VBoxManageInfo.cpp",
)
// The captures `showvminfo-not-found` and `showvminfo-empty-name` of 7.2.22.
.from(ApiVersion::V7_2, 3248);

/// `showvminfo`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let mut vm: Option<&str> = None;
    let mut machine_readable = false;
    for item in GetOpt::new(args, OPTS) {
        match item {
            Ok(Item::Opt {
                key: "--machinereadable",
                ..
            }) => machine_readable = true,
            Ok(Item::Opt { key: "--log", .. }) => {
                return cx.fail("Machine logs are not emulated by the VirtualBox simulator")
            }
            Ok(Item::Opt { .. }) => {}
            Ok(Item::Arg(a)) if vm.is_none() => vm = Some(a),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(vm) = vm else {
        return cx.syntax_error("VM name or UUID required");
    };
    let view = match cx.sim.machine_view(vm).await {
        Ok(v) => v,
        Err(e) => return cx.api_error(&e, &FIND),
    };
    let text = if machine_readable {
        showvminfo::machinereadable(&view, &cx.opts)
    } else {
        showvminfo::human(&view, &cx.opts)
    };
    cx.print(&text);
    SUCCESS
}
