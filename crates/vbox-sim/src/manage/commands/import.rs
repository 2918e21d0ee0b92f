//! `import <ovf|ova> [--dry-run] [--options …] [--vsys 0 --vmname … --memory … --cpus …]`,
//! as the real 7.2.22 prints it (fixtures `vboxmanage-7.2.22-appliance/import-*`): the read's
//! progress, `Interpreting <file>...` and `OK.` on stderr, the disks table and the numbered
//! description on stdout, then the import's progress and `Successfully imported the
//! appliance.` The dry run shows the settings file of the suggested name even when
//! `--vmname` is given, as the real one does.

use super::super::cli::{parse_u32, GetOpt, Item, Opt};
use super::super::context::{code_symbol, Cx, ProgressSite, SUCCESS};
use super::super::progress::{Progress, MAX_STEP_MS};
use super::super::usage::Usage;
use crate::model::{appliance, progress as durations};
use vbox_types::{ApplianceInfo, ImportAppliance, MacPolicy};

/// `import`'s usage (the real 7.2.22's first synopsis).
pub(crate) const USAGE: Usage = Usage {
    purpose: "import a virtual appliance in OVF format or from a cloud service and create virtual machines",
    synopses: &[(
        "",
        "VBoxManage import <ovfname | ovaname> [--dry-run] [--options= keepallmacs | keepnatmacs | importtovdi | keepextradata] [--vsys=n] [--ostype=ostype] [--vmname=name] [--settingsfile=filename] [--basefolder=folder] [--group=group] [--memory=MB] [--cpus=n] [--description=text] [--eula= show | accept] [--unit=n] [--ignore] [--scsitype= BusLogic | LsiLogic] [--disk=path] [--controller=index] [--port=n]",
    )],
};

const OPTS: &[Opt] = &[
    Opt::flag(&["--dry-run", "-n"]),
    Opt::value(&["--options", "-O"]),
    Opt::value(&["--vsys"]),
    Opt::value(&["--vmname"]),
    Opt::value(&["--memory"]),
    Opt::value(&["--cpus"]),
    Opt::value(&["--basefolder"]),
];

const FILE: &str = "VBoxManageAppliance.cpp";
const READ_FAILED: ProgressSite = ProgressSite {
    component: "ApplianceWrap",
    interface: "IAppliance",
    context: Some(("RTEXITCODE handleImportAppliance(HandlerArg*)", 513, FILE)),
    later: None,
};
/// A failed import names the object that failed: a medium, or the appliance for a missing
/// source file (fixtures `import-truncated`, `import-ovf-missing-disk`).
const IMPORT_FAILED: ProgressSite = ProgressSite {
    component: "MediumWrap",
    interface: "IMedium",
    context: Some(("RTEXITCODE handleImportAppliance(HandlerArg*)", 1450, FILE)),
    later: None,
};

/// `import`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let mut spec = ImportAppliance::default();
    let mut dry_run = false;
    for item in GetOpt::new(args, OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--dry-run" => dry_run = true,
                "--options" => {
                    for o in value.split(',') {
                        match o.to_ascii_lowercase().as_str() {
                            "keepallmacs" => spec.macs = MacPolicy::KeepAll,
                            "keepnatmacs" => spec.macs = MacPolicy::KeepNat,
                            _ => {}
                        }
                    }
                }
                "--vmname" => spec.name = Some(value.to_string()),
                "--memory" => spec.memory_mb = parse_u32(value),
                "--cpus" => spec.cpus = parse_u32(value),
                "--basefolder" => spec.base_folder = Some(value.to_string()),
                _ => {}
            },
            Ok(Item::Arg(a)) if spec.path.is_empty() => spec.path = a.to_string(),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    if spec.path.is_empty() {
        return cx.syntax_error("import: not enough arguments");
    }
    let p = Progress::start(cx);
    let suggested = ImportAppliance {
        name: None,
        ..spec.clone()
    };
    let info = match cx
        .sim
        .view(|reg, ctx| appliance::interpret(reg, &suggested, ctx))
    {
        Ok(info) => info,
        Err(e) => {
            p.fail(cx, code_symbol(&e));
            return cx.progress_error(Some("Appliance read failed"), &e, &READ_FAILED);
        }
    };
    p.succeed(cx);
    cx.eprint(&format!("Interpreting {}...\nOK.\n", spec.path));
    let sound: Vec<Option<String>> = appliance::read(&spec.path)
        .map(|ovf| ovf.systems.iter().map(sound_line).collect())
        .unwrap_or_default();
    cx.print(&listing(&info, &spec, &sound));
    if dry_run {
        return SUCCESS;
    }
    let mut p = Progress::start(cx);
    let sim = cx.sim.clone();
    sim.engine()
        .pass(durations::CLONE_MS, MAX_STEP_MS, |done| p.reach(cx, done))
        .await;
    match cx
        .sim
        .transact(|reg, ctx| appliance::import(reg, &spec, ctx))
    {
        Ok(_) => {
            p.succeed(cx);
            cx.print("Successfully imported the appliance.\n");
            SUCCESS
        }
        Err(e) => {
            p.fail(cx, code_symbol(&e));
            let site = if e.message().starts_with("Error opening") {
                ProgressSite {
                    component: "ApplianceWrap",
                    interface: "IAppliance",
                    ..IMPORT_FAILED
                }
            } else {
                IMPORT_FAILED
            };
            cx.progress_error(Some("Appliance import failed"), &e, &site)
        }
    }
}

/// The disks table and the numbered description of each system, `spec`'s values in the
/// "specified with" forms.
fn listing(info: &ApplianceInfo, spec: &ImportAppliance, sound: &[Option<String>]) -> String {
    let mut out = String::from("Disks:\n");
    let mut n = 0;
    for s in &info.systems {
        for d in &s.disks {
            n += 1;
            out.push_str(&format!(
                "  vmdisk{n}\t{}\t-1\thttp://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized\t{}\t-1\t-1\t\n",
                d.capacity_bytes.unwrap_or(0),
                d.source
            ));
        }
    }
    out.push('\n');
    for (v, s) in info.systems.iter().enumerate() {
        let first = v == 0;
        let mut items: Vec<String> = Vec::new();
        let os = s.os_type_id.clone().unwrap_or_default();
        items.push(format!("Suggested OS type: \"{os}\"\n    (change with \"--vsys {v} --ostype <type>\"; use \"list ostypes\" to list all possible values)"));
        items.push(match (&spec.name, first) {
            (Some(n), true) => format!("VM name specified with --vmname: \"{n}\""),
            _ => format!(
                "Suggested VM name \"{}\"\n    (change with \"--vsys {v} --vmname <name>\")",
                s.name
            ),
        });
        items.push(format!(
            "Suggested VM group \"/\"\n    (change with \"--vsys {v} --group <group>\")"
        ));
        items.push(format!(
            "Suggested VM settings file name \"{}\"\n    (change with \"--vsys {v} --settingsfile <filename>\")",
            s.settings_file.clone().unwrap_or_default()
        ));
        items.push(format!(
            "Suggested VM base folder \"{}\"\n    (change with \"--vsys {v} --basefolder <path>\")",
            s.base_folder.clone().unwrap_or_default()
        ));
        for (label, value) in [
            ("Product", &s.product),
            ("Vendor", &s.vendor),
            ("Version", &s.version),
        ] {
            if let Some(value) = value {
                items.push(format!("{label} (ignored): {value}"));
            }
        }
        let cpus = s.cpus.unwrap_or(1);
        items.push(match (spec.cpus, first) {
            (Some(_), true) => format!("No. of CPUs specified with --cpus: {cpus}"),
            _ => format!("Number of CPUs: {cpus}\n    (change with \"--vsys {v} --cpus <n>\")"),
        });
        let mb = s.memory_mb.unwrap_or(0);
        items.push(match (spec.memory_mb, first) {
            (Some(_), true) => format!("Guest memory specified with --memory: {mb} MB"),
            _ => format!("Guest memory: {mb} MB\n    (change with \"--vsys {v} --memory <MB>\")"),
        });
        if let Some(Some(expects)) = sound.get(v) {
            items.push(format!("Sound card (appliance expects \"{expects}\", can change on import)\n    (disable with \"--vsys {v} --unit {} --ignore\")", items.len()));
        }
        for nic in &s.nics {
            items.push(format!(
                "Network adapter: orig {}, config 3, extra {}",
                nic.network, nic.config
            ));
        }
        let controller = items.len();
        if !s.disks.is_empty() {
            items.push(format!("SATA controller, type AHCI\n    (disable with \"--vsys {v} --unit {controller} --ignore\")"));
        }
        for (port, d) in s.disks.iter().enumerate() {
            let unit = items.len();
            items.push(format!(
                "Hard disk image: source image={}, target path={}, controller={controller};port={port}\n    (change target path with \"--vsys {v} --unit {unit} --disk path\";\n    change controller with \"--vsys {v} --unit {unit} --controller <index>\";\n    change controller port with \"--vsys {v} --unit {unit} --port <n>\";\n    disable with \"--vsys {v} --unit {unit} --ignore\")",
                d.source, d.target
            ));
        }
        out.push_str(&format!("Virtual system {v}:\n"));
        for (i, item) in items.iter().enumerate() {
            out.push_str(&format!("{i:>2}: {item}\n"));
        }
    }
    out
}

/// What the sound card line says the appliance expects: nothing when VirtualBox's own
/// section describes the machine (`import-dry-run`), else the item's subtype
/// (`import-warning`).
fn sound_line(s: &vbox_appliance::ovf::OvfSystem) -> Option<String> {
    let subtype = s.sound.clone()?;
    Some(if s.vbox_machine {
        String::new()
    } else {
        subtype
    })
}
