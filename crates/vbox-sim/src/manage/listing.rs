//! `list vms|runningvms` (short and `--long`), `list systemproperties` and `snapshot list`.

use super::showvminfo;
use super::view::format::flavor::Flavor;
use super::view::format::out::{Form, Out};
use super::view::format::{snapshots, sysprops};
use super::view::MachineView;
use crate::SimOptions;
use vbox_types::MachineSummary;

/// `"<name>" {<uuid>}` per machine (`<inaccessible>` for an inaccessible one). The name is
/// printed as is: `"tmpl "q"" {…}` (7.0.14 `list-vms`).
pub(crate) fn list_vms(machines: &[MachineSummary]) -> String {
    machines
        .iter()
        .map(|m| {
            let name = if m.accessible {
                m.name.as_str()
            } else {
                "<inaccessible>"
            };
            format!("\"{name}\" {{{}}}\n", m.id)
        })
        .collect()
}

/// `list --long vms` (or `runningvms`): the human `showvminfo` block of each machine, without
/// a session (VBoxManageList.cpp passes none), one after the other. Each block ends with an
/// empty line; there is no other separator.
pub(crate) fn list_long(views: &[MachineView], opts: &SimOptions) -> String {
    views
        .iter()
        .map(|v| showvminfo::human_without_session(v, opts))
        .collect()
}

/// `list systemproperties` of the emulated version; `default_folder` is the machine folder.
pub(crate) fn systemproperties(
    opts: &SimOptions,
    default_folder: &str,
    websrv_auth: Option<&str>,
) -> String {
    sysprops::render(opts, default_folder, websrv_auth)
}

/// `snapshot <vm> list --machinereadable` (the caller handles "no snapshots").
pub(crate) fn snapshot_list_machinereadable(view: &MachineView) -> String {
    snapshot_list(view, Form::Machine, &SimOptions::default())
}

/// `snapshot <vm> list` (human form; the caller handles "no snapshots").
pub(crate) fn snapshot_list_human(view: &MachineView, opts: &SimOptions) -> String {
    snapshot_list(view, Form::Human, opts)
}

fn snapshot_list(view: &MachineView, form: Form, opts: &SimOptions) -> String {
    let f = Flavor::of(opts);
    let mut o = Out::new(form, f.v7());
    snapshots::tree(&mut o, &view.snapshots, f);
    o.finish()
}

#[cfg(test)]
#[path = "listing_tests.rs"]
mod tests;
