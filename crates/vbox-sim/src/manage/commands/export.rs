//! `export <vm>… --output <file> [--ovf10|--ovf20] [--manifest] [--options …] [--vsys N
//! --product … --vendor … --version …]`, as the real 7.2.22 prints it (fixtures
//! `vboxmanage-7.2.22-appliance/export-*`): the write's progress on stderr and
//! `Successfully exported N machine(s).` on stdout.

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{code_symbol, Cx, ProgressSite, Site, SUCCESS};
use super::super::progress::Progress;
use super::super::usage::Usage;
use super::find_machine;
use crate::model::appliance;
use vbox_types::{ExportAppliance, MacPolicy, OvfVersion};

/// `export`'s usage (the real 7.2.22's first synopsis).
pub(crate) const USAGE: Usage = Usage {
    purpose: "export one or more virtual machines to a virtual appliance or to a cloud service",
    synopses: &[(
        "",
        "VBoxManage export <machines> <--output=name> [--legacy09 | --ovf09 | --ovf10 | --ovf20] [--manifest] [--options= manifest | iso | nomacs | nomacsbutnat...] [--vsys=virtual-system-number] [--description=description-info] [--eula=license-text] [--eulafile=filename] [--product=product-name] [--producturl=product-URL] [--vendor=vendor-name] [--vendorurl=vendor-URL] [--version=version-info] [--vmname=vmname]",
    )],
};

const OPTS: &[Opt] = &[
    Opt::value(&["--output", "-o"]),
    Opt::flag(&["--ovf10"]),
    Opt::flag(&["--ovf20"]),
    Opt::flag(&["--manifest"]),
    Opt::value(&["--options"]),
    Opt::value(&["--vsys"]),
    Opt::value(&["--product"]),
    Opt::value(&["--vendor"]),
    Opt::value(&["--version"]),
];

const FILE: &str = "VBoxManageAppliance.cpp";
const FIND: Site = Site::vbox(
    "FindMachine(Bstr(strMachine).raw(), machine.asOutParam())",
    1793,
    FILE,
);
const WRITE_FAILED: ProgressSite = ProgressSite {
    component: "ApplianceWrap",
    interface: "IAppliance",
    context: Some(("RTEXITCODE handleExportAppliance(HandlerArg*)", 2031, FILE)),
    later: None,
};

/// `export`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let mut spec = ExportAppliance::default();
    let mut names: Vec<String> = Vec::new();
    for item in GetOpt::new(args, OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--output" => spec.path = value.to_string(),
                "--ovf10" => spec.ovf = OvfVersion::V1_0,
                "--ovf20" => spec.ovf = OvfVersion::V2_0,
                "--manifest" => spec.manifest = true,
                "--options" => {
                    for o in value.split(',') {
                        match o.to_ascii_lowercase().as_str() {
                            "manifest" => spec.manifest = true,
                            "nomacs" => spec.macs = MacPolicy::Fresh,
                            "nomacsbutnat" => spec.macs = MacPolicy::KeepNat,
                            _ => {}
                        }
                    }
                }
                "--product" => spec.product = Some(value.to_string()),
                "--vendor" => spec.vendor = Some(value.to_string()),
                "--version" => spec.version = Some(value.to_string()),
                _ => {}
            },
            Ok(Item::Arg(a)) => names.push(a.to_string()),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    if names.is_empty() {
        return cx.syntax_error("At least one machine must be specified with the export command.");
    }
    if spec.path.is_empty() {
        return cx.syntax_error("Missing --output argument with export command.");
    }
    for name in &names {
        match find_machine(cx, name, &FIND).await {
            Ok(id) => spec.machines.push(id),
            Err(code) => return code,
        }
    }
    let p = Progress::start(cx);
    match cx.sim.view(|reg, _| appliance::export(reg, &spec)) {
        Ok(()) => {
            p.succeed(cx);
            cx.print(&format!(
                "Successfully exported {} machine(s).\n",
                names.len()
            ));
            SUCCESS
        }
        Err(e) => {
            p.fail(cx, code_symbol(&e));
            cx.progress_error(Some("Appliance write failed"), &e, &WRITE_FAILED)
        }
    }
}
