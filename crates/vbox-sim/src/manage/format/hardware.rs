//! The first part of `showvminfo`: identity, folders, CPU, firmware, state and the settings
//! up to `vmprocpriority`, in the order of each version's VBoxManageInfo.cpp.
//!
//! Values the simulator does not model are what the 7.0.14 host printed for a fresh
//! `createvm` (VRAM 8 MB, VBoxVGA, BIOS, boot order floppy/DVD/disk, RTC local time, …).

use super::flavor::{EncryptionLine, Flavor};
use super::ostype;
use super::out::{labelled, Out};
use super::time;
use crate::manage::view::MachineView;
use vbox_types::{BootDevice, FirmwareType};

/// Everything from `name` to `vmprocpriority`.
pub(crate) fn general(o: &mut Out, v: &MachineView, f: Flavor) {
    identity(o, v, f);
    cpu(o, v, f);
    firmware(o, v, f);
    virtualization(o, v, f);
    state(o, v);
    display_and_misc(o);
}

fn identity(o: &mut Out, v: &MachineView, f: Flavor) {
    let m = &v.machine;
    o.string("name", "Name:", &m.name);
    match f.encryption() {
        EncryptionLine::None => {}
        // Early 7.0 prints this with a plain RTPrintf in both forms.
        EncryptionLine::Bare => o.line("Encryption:     disabled"),
        EncryptionLine::Key => o.string("encryption", "Encryption:", "disabled"),
    }
    o.string("groups", "Groups:", &m.groups.join(","));
    if f.platform() {
        o.string("platformArchitecture", "Platform Architecture:", "x86");
    }
    o.string("ostype", "Guest OS:", ostype::description(&m.os_type_id));
    o.string("UUID", "UUID:", &m.id);
    o.string("CfgFile", "Config file:", &m.settings_file);
    o.string("SnapFldr", "Snapshot folder:", &v.snapshot_folder);
    o.string("LogFldr", "Log folder:", &v.log_folder);
    o.string("hardwareuuid", "Hardware UUID:", &v.hardware_uuid);
    o.number("memory", "Memory size:", i64::from(m.memory_mb), "MB");
    o.on_off("pagefusion", "Page Fusion:", false);
    o.number("vram", "VRAM size:", i64::from(v.config.vram_mb), "MB");
    o.number("cpuexecutioncap", "CPU exec cap:", 100, "%");
    if !f.platform() {
        o.on_off("hpet", "HPET:", false);
    }
    o.string("cpu-profile", "CPUProfile:", "host");
    o.string("chipset", "Chipset:", m.chipset.manage_word());
    o.string("firmware", "Firmware:", firmware_word(m.firmware));
    o.number("cpus", "Number of CPUs:", i64::from(m.cpus), "");
}

fn firmware_word(fw: FirmwareType) -> &'static str {
    match fw {
        FirmwareType::BIOS => "BIOS",
        FirmwareType::EFI => "EFI",
        FirmwareType::EFI32 => "EFI32",
        FirmwareType::EFI64 => "EFI64",
        FirmwareType::EFIDUAL => "EFIDUAL",
    }
}

/// The CPU properties. 7.1 moved them, HPET and the hardware virtualization lines into an
/// x86 block, with the portability level after it.
fn cpu(o: &mut Out, v: &MachineView, f: Flavor) {
    let d = ostype::defaults(&v.machine.os_type_id, v.os_type_given, f);
    if f.platform() {
        o.on_off("hpet", "HPET:", false);
    }
    o.on_off("pae", "PAE:", d.pae);
    o.on_off("longmode", "Long Mode:", d.long_mode);
    o.on_off("triplefaultreset", "Triple Fault Reset:", false);
    o.on_off("apic", "APIC:", true);
    o.on_off("x2apic", "X2APIC:", d.x2apic);
    o.on_off("nested-hw-virt", "Nested VT-x/AMD-V:", false);
    if f.platform() {
        cpuid_overrides(o);
        hw_virt(o, f, d.large_pages);
        portability(o);
    } else {
        portability(o);
        cpuid_overrides(o);
    }
}

fn portability(o: &mut Out) {
    o.number("cpuid-portability-level", "CPUID Portability Level:", 0, "");
}

fn cpuid_overrides(o: &mut Out) {
    o.human_line(&labelled("CPUID overrides:", "None"));
}

fn hw_virt(o: &mut Out, f: Flavor, large_pages: bool) {
    o.on_off("hwvirtex", "Hardware Virtualization:", true);
    o.on_off("nestedpaging", "Nested Paging:", true);
    o.on_off("largepages", "Large Pages:", large_pages);
    o.on_off("vtxvpid", "VT-x VPID:", true);
    o.on_off("vtxux", "VT-x Unrestricted Exec.:", true);
    if f.v7() {
        o.on_off("virtvmsavevmload", "AMD-V Virt. Vmsave/Vmload:", true);
    }
}

fn firmware(o: &mut Out, v: &MachineView, f: Flavor) {
    let d = ostype::defaults(&v.machine.os_type_id, v.os_type_given, f);
    o.pair(
        "bootmenu",
        "messageandmenu",
        "Boot menu mode:",
        "message and menu",
    );
    for (i, device) in v.config.boot_order.iter().enumerate() {
        let n = i + 1;
        let human = match device {
            BootDevice::None => "Not Assigned",
            BootDevice::Floppy => "Floppy",
            BootDevice::Dvd => "DVD",
            BootDevice::Disk => "HardDisk",
            BootDevice::Net => "Network",
        };
        o.pair(
            &format!("boot{n}"),
            device.manage_word(),
            &format!("Boot Device {n}:"),
            human,
        );
    }
    o.on_off("acpi", "ACPI:", true);
    o.on_off("ioapic", "IOAPIC:", d.ioapic);
    o.pair("biosapic", "apic", "BIOS APIC mode:", "APIC");
    o.number("biossystemtimeoffset", "Time offset:", 0, "ms");
    if let Some(key) = f.nvram_key() {
        o.string(key, "BIOS NVRAM File:", &v.nvram_file);
    }
    o.on_off_ex("rtcuseutc", "RTC:", d.rtc_utc, "UTC", "local time");
}

fn virtualization(o: &mut Out, v: &MachineView, f: Flavor) {
    let d = ostype::defaults(&v.machine.os_type_id, v.os_type_given, f);
    if !f.platform() {
        hw_virt(o, f, d.large_pages);
    }
    if f.v7() {
        o.pair("iommu", "none", "IOMMU:", "None");
    }
    o.pair(
        "paravirtprovider",
        "default",
        "Paravirt. Provider:",
        "Default",
    );
    o.pair(
        "effparavirtprovider",
        d.paravirt.0,
        "Effective Paravirt. Prov.:",
        d.paravirt.1,
    );
}

/// `VMState`, `VMStateChangeTime` and the saved-state file, printed without escaping; the
/// human form is one `State:` line.
fn state(o: &mut Out, v: &MachineView) {
    let m = &v.machine;
    let since = time::state_change(m.last_state_change_ms);
    if o.mr() {
        o.line(&format!("VMState=\"{}\"", m.state.short_name()));
        o.line(&format!("VMStateChangeTime=\"{since}\""));
        if let Some(file) = v.state_file.as_deref().filter(|s| !s.is_empty()) {
            o.line(&format!("VMStateFile=\"{file}\""));
        }
    } else {
        let value = format!("{} (since {since})", m.state.human_name());
        o.line(&labelled("State:", &value));
    }
}

fn display_and_misc(o: &mut Out) {
    o.pair(
        "graphicscontroller",
        "vboxvga",
        "Graphics Controller:",
        "VBoxVGA",
    );
    o.number("monitorcount", "Monitor count:", 1, "");
    o.on_off("accelerate3d", "3D Acceleration:", false);
    o.on_off("teleporterenabled", "Teleporter Enabled:", false);
    o.number("teleporterport", "Teleporter Port:", 0, "");
    o.string("teleporteraddress", "Teleporter Address:", "");
    o.string("teleporterpassword", "Teleporter Password:", "");
    o.on_off("tracing-enabled", "Tracing Enabled:", false);
    o.on_off(
        "tracing-allow-vm-access",
        "Allow Tracing to Access VM:",
        false,
    );
    o.string("tracing-config", "Tracing Configuration:", "");
    o.on_off("autostart-enabled", "Autostart Enabled:", false);
    o.number("autostart-delay", "Autostart Delay:", 0, "");
    o.string("defaultfrontend", "Default Frontend:", "");
    o.pair(
        "vmprocpriority",
        "default",
        "VM process priority:",
        "default",
    );
}
