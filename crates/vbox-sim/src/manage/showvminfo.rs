//! `showvminfo --machinereadable` output, per emulated version.

use super::view::MachineView;
use crate::SimOptions;

/// The `--machinereadable` text of a machine, as the emulated version prints it.
pub(crate) fn machinereadable(view: &MachineView, opts: &SimOptions) -> String {
    let _ = opts;
    format!("name=\"{}\"\n", view.machine.name)
}
