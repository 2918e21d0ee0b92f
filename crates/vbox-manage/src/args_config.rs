//! `modifyvm` options of the settings in [`vbox_types::MachineConfig`] and the adapter's card
//! and cable. The 6.1 spellings (`--nictype1`, `--cableconnected1`, `--natpf1`) are used: 7.x
//! keeps them as aliases of its dashed names, so one argv serves every version.

use crate::args::Argv;
use vbox_types::{AdapterChange, BootDevice, ModifyMachine};

/// `--vram`, `--boot<N>` and the NAT rules (removals first, so a rule can be replaced in one
/// call: VBoxManage applies options in order).
pub(crate) fn config_args(mut a: Argv, change: &ModifyMachine) -> Argv {
    if let Some(mb) = change.vram_mb {
        a = a.opt("--vram", mb.to_string());
    }
    if let Some(order) = &change.boot_order {
        for position in 0..BootDevice::POSITIONS {
            let device = order.get(position).copied().unwrap_or(BootDevice::None);
            a = a.opt(&format!("--boot{}", position + 1), device.manage_word());
        }
    }
    for r in &change.forwards_removed {
        a = a
            .arg(format!("--natpf{}", r.slot + 1))
            .arg("delete")
            .arg(&r.name);
    }
    for f in &change.forwards_added {
        // `=` form: a rule may start with a comma (no name) and never is an option.
        a = a.arg(format!("--natpf{}={}", f.slot + 1, f.rule()));
    }
    a
}

/// `--nictype<N>` and `--cableconnected<N>`.
pub(crate) fn adapter_extra_args(mut a: Argv, change: &AdapterChange) -> Argv {
    let n = change.slot + 1;
    if let Some(t) = change.adapter_type {
        a = a.opt(&format!("--nictype{n}"), t.manage_word());
    }
    if let Some(on) = change.cable_connected {
        a = a.opt(
            &format!("--cableconnected{n}"),
            if on { "on" } else { "off" },
        );
    }
    a
}
