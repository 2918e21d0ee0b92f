//! `showvminfo` output, per emulated version: `--machinereadable` and the human form (which
//! is also each block of `list --long vms`).
//!
//! Both forms come from one ordered walk over the settings (VBoxManageInfo.cpp's `showVMInfo`
//! with its `SHOW_*` macros), so their order never drifts apart. Which lines exist in which
//! version is decided in [`Flavor`].

use super::view::format::flavor::{EncryptionLine, Flavor};
use super::view::format::out::{Form, Out};
use super::view::format::{hardware, nics, runtime, storage};
use super::view::{ConsoleView, MachineView};
use crate::SimOptions;

/// The `--machinereadable` text of a machine, as the emulated version prints it.
pub(crate) fn machinereadable(view: &MachineView, opts: &SimOptions) -> String {
    render(view, opts, Form::Machine, true)
}

/// Plain `showvminfo <vm>` (a session is open: a running machine shows its console's video
/// mode, VRDE connection and guest facts).
pub(crate) fn human(view: &MachineView, opts: &SimOptions) -> String {
    render(view, opts, Form::Human, true)
}

/// One block of `list --long vms|runningvms`: the human form without a session, so without
/// the console lines. Every block ends with an empty line, which is what separates them.
pub(crate) fn human_without_session(view: &MachineView, opts: &SimOptions) -> String {
    render(view, opts, Form::Human, false)
}

fn render(view: &MachineView, opts: &SimOptions, form: Form, session: bool) -> String {
    let f = Flavor::of(opts);
    let m = &view.machine;
    if !m.accessible {
        return inaccessible(&m.id, &m.settings_file, form, f);
    }
    let console: Option<&ConsoleView> = if session { view.console.as_ref() } else { None };
    let mut o = Out::new(form, f.v7());
    hardware::general(&mut o, view, f);
    storage::section(&mut o, &view.controllers, &view.disks, f);
    nics::section(&mut o, &m.adapters, &view.config.forwards, f);
    runtime::devices(&mut o, view, f);
    runtime::session(&mut o, view, console, f);
    runtime::tail(&mut o, view, console, f);
    o.finish()
}

/// An inaccessible machine (its settings file cannot be read): name and UUID only, plus, in
/// the human form, the settings file and (7.0+) the encryption line. The access error details
/// themselves go to stderr.
pub(crate) fn inaccessible(id: &str, settings_file: &str, form: Form, f: Flavor) -> String {
    if form == Form::Machine {
        return format!("name=\"<inaccessible>\"\nUUID=\"{id}\"\n");
    }
    let mut s = format!(
        "Name:            <inaccessible!>\nUUID:            {id}\nConfig file:     {settings_file}\n"
    );
    if f.encryption() != EncryptionLine::None {
        s.push_str("Encryption:     disabled\n");
    }
    s.push_str("Access error details:\n\n");
    s
}

#[cfg(test)]
#[path = "showvminfo_tests.rs"]
mod tests;
