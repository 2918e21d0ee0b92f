//! `list systemproperties`: one flat list up to 7.0 (the 7.0.14 capture), and from 7.1 the
//! per-platform sections of VBoxManageList.cpp (`Host platform properties:`, then
//! `Supported platform architectures: x86` and `x86 platform properties:`).
//!
//! Values are those of the captured Linux host of each version: 7.0.14's (no extension pack,
//! OSS as the default audio driver, no Guest Additions ISO, no `User language:` line since
//! that build has no NLS) up to 7.1, Debian's 7.2.22 from 7.2 (its VNC extension pack, ALSA,
//! NLS with the `C` language). The web service's authentication library is the host's
//! setting (`setproperty websrvauthlibrary`).

use super::flavor::Flavor;
use crate::SimOptions;
use std::fmt::Display;
use vbox_types::ApiVersion;

/// A storage bus: its name in the labels, ports, devices per port, and how many controllers
/// of it the PIIX3 and ICH9 chipsets allow.
struct Bus(&'static str, u32, u32, u32, u32);

const IDE: Bus = Bus("IDE", 2, 2, 1, 1);
const SATA: Bus = Bus("SATA", 30, 1, 1, 8);
const SCSI: Bus = Bus("SCSI", 16, 1, 1, 8);
const SAS: Bus = Bus("SAS", 255, 1, 1, 8);
const NVME: Bus = Bus("NVMe", 255, 1, 1, 8);
const VIRTIO: Bus = Bus("virtio-scsi", 256, 1, 1, 8);
const FLOPPY: Bus = Bus("Floppy", 1, 2, 1, 1);

/// `<label padded to width><value>`: VBoxManage aligns with spaces inside its format strings,
/// so a label as wide as the column gets no space at all (`Maximum PIIX3 Floppy
/// Controllers:1`).
fn row(s: &mut String, width: usize, label: &str, value: impl Display) {
    s.push_str(&format!("{label:<width$}{value}\n"));
}

/// The whole text.
pub(crate) fn render(opts: &SimOptions, default_folder: &str, websrv_auth: Option<&str>) -> String {
    let f = Flavor::of(opts);
    let mut s = String::new();
    let head = [
        ("API version:", opts.api.api_string()),
        ("Minimum guest RAM size:", "4 Megabytes".into()),
        ("Maximum guest RAM size:", "2097152 Megabytes".into()),
        ("Minimum video RAM size:", "0 Megabytes".into()),
        ("Maximum video RAM size:", "256 Megabytes".into()),
        ("Maximum guest monitor count:", "64".into()),
        ("Minimum guest CPU count:", "1".into()),
        // 6.1 allowed 32 virtual CPUs (as 4.3 to 6.0 did); 7.0 allows 64.
        (
            "Maximum guest CPU count:",
            if f.v7() { "64" } else { "32" }.into(),
        ),
        ("Virtual disk limit (info):", "2199022206976 Bytes".into()),
    ];
    for (label, value) in head {
        row(&mut s, 33, label, value);
    }
    if !f.platform() {
        flat_limits(&mut s);
    }
    // Debian's 7.2.22 package ships the VNC extension pack and takes ALSA for audio.
    let debian = f.api >= ApiVersion::V7_2;
    let mut tail = vec![
        ("Default machine folder:", default_folder),
        ("Raw-mode Supported:", "no"),
        ("Exclusive HW virtualization use:", "on"),
        ("Default hard disk format:", "VDI"),
        ("VRDE auth library:", "VBoxAuth"),
        (
            "Webservice auth. library:",
            websrv_auth.unwrap_or("VBoxAuth"),
        ),
        ("Remote desktop ExtPack:", if debian { "VNC" } else { "" }),
    ];
    // VM encryption came with 7.0.
    if f.v7() {
        tail.push(("VM encryption ExtPack:", ""));
    }
    tail.extend([
        ("Log history count:", "3"),
        ("Default frontend:", ""),
        (
            "Default audio driver:",
            match (debian, f.v7()) {
                (true, _) => "ALSA",
                (false, true) => "OSS",
                (false, false) => "PulseAudio",
            },
        ),
        ("Autostart database path:", ""),
        ("Default Guest Additions ISO:", ""),
        ("Logging Level:", "all"),
        ("Proxy Mode:", "System"),
        ("Proxy URL:", ""),
    ]);
    if debian {
        // `VBOX_WITH_MAIN_NLS`: the language VBoxSVC runs in (the captures ran with LC_ALL=C).
        tail.push(("User language:", "C"));
    }
    for (label, value) in tail {
        row(&mut s, 33, label, value);
    }
    if f.platform() {
        s.push_str("Host platform properties:\n");
        platform(&mut s);
        // An x86 host supports x86 guests only.
        s.push_str("\nSupported platform architectures: x86\n\nx86 platform properties:\n");
        platform(&mut s);
    }
    s
}

/// The ≤ 7.0 block between `Virtual disk limit` and `Default machine folder`.
fn flat_limits(s: &mut String) {
    row(s, 33, "Maximum Serial Port count:", 4);
    row(s, 33, "Maximum Parallel Port count:", 2);
    row(s, 33, "Maximum Boot Position:", 4);
    row(s, 39, "Maximum PIIX3 Network Adapter count:", 8);
    row(s, 38, "Maximum ICH9 Network Adapter count:", 36);
    for Bus(name, ports, devices, piix3, ich9) in [IDE, SATA, SCSI] {
        row(s, 33, &format!("Maximum PIIX3 {name} Controllers:"), piix3);
        row(s, 33, &format!("Maximum ICH9 {name} Controllers:"), ich9);
        row(s, 33, &format!("Maximum {name} Port count:"), ports);
        row(s, 33, &format!("Maximum Devices per {name} Port:"), devices);
    }
    // SAS, NVMe and virtio-scsi name the bus before the chipset; virtio-scsi (6.1+) pads to
    // 40 columns.
    for (Bus(name, ports, devices, piix3, ich9), w) in [(SAS, 33), (NVME, 33), (VIRTIO, 40)] {
        row(s, w, &format!("Maximum {name} PIIX3 Controllers:"), piix3);
        row(s, w, &format!("Maximum {name} ICH9 Controllers:"), ich9);
        row(s, w, &format!("Maximum {name} Port count:"), ports);
        row(s, w, &format!("Maximum Devices per {name} Port:"), devices);
    }
    let Bus(name, ports, devices, piix3, ich9) = FLOPPY;
    row(s, 33, &format!("Maximum PIIX3 {name} Controllers:"), piix3);
    row(s, 33, &format!("Maximum ICH9 {name} Controllers:"), ich9);
    row(s, 33, &format!("Maximum {name} Port count:"), ports);
    row(s, 33, &format!("Maximum Devices per {name} Port:"), devices);
}

/// `listPlatformProperties`: port limits, then the chipsets and each chipset's limits.
fn platform(s: &mut String) {
    row(s, 40, "Maximum Serial Port count:", 4);
    row(s, 40, "Maximum Parallel Port count:", 2);
    row(s, 40, "Maximum Boot Position:", 4);
    // The per-bus labels differ in case (`per Port` / `per port`) and the SATA one is one
    // column short, as in VBoxManageList.cpp.
    let buses = [
        (FLOPPY, "Devices per Port:", 40),
        (VIRTIO, "Devices per Port:", 40),
        (IDE, "Devices per port:", 40),
        (SATA, "Device per port:", 39),
        (SCSI, "Devices per port:", 40),
        (SAS, "Devices per Port:", 40),
        (NVME, "Devices per Port:", 40),
    ];
    for (Bus(name, ports, devices, _, _), per, w) in buses {
        row(s, 40, &format!("Maximum {name} Port count:"), ports);
        row(s, w, &format!("Maximum {name} {per}"), devices);
    }
    row(s, 40, "Supported chipsets:", "PIIX3, ICH9");
    for (i, (chipset, nics)) in [("PIIX3", 8), ("ICH9", 36)].into_iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&format!("{chipset} chipset properties:\n"));
        s.push_str(&format!(
            "Maximum {chipset} Network Adapter count:   {nics}\n"
        ));
        let pads = [
            (IDE, 3),
            (SATA, 2),
            (SCSI, 2),
            (SAS, 3),
            (NVME, 2),
            (VIRTIO, 2),
            (FLOPPY, 0),
        ];
        for (Bus(name, _, _, piix3, ich9), pad) in pads {
            let n = if chipset == "PIIX3" { piix3 } else { ich9 };
            let spaces = " ".repeat(pad);
            s.push_str(&format!(
                "Maximum {chipset} {name} Controllers:{spaces}{n}\n"
            ));
        }
    }
}
