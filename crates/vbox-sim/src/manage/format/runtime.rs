//! The second half of `showvminfo`: fixed devices, the session, what the console of a
//! running VM adds (video mode, VRDE connection, USB devices, the guest), the description,
//! the snapshots and the guest section.
//!
//! A console exists only for `showvminfo` of a machine with a VM process; `list --long`
//! passes no session, so it never prints the console lines (VBoxManageList.cpp calls
//! `showVMInfo(…, NULL, VMINFO_STANDARD)`).

use super::flavor::Flavor;
use super::ostype;
use super::out::{labelled, quoted, Out};
use super::snapshots;
use super::time;
use crate::manage::view::{ConsoleView, MachineView};
use vbox_types::SessionState;

/// Before this much guest run time the screen still shows the BIOS logo (640x480x32); then
/// the text mode (720x400) the 7.0.14 capture shows 3 s after power-on.
const BIOS_LOGO_MS: i64 = 2_000;

/// Pointing device to drag and drop.
pub(crate) fn devices(o: &mut Out, v: &MachineView, f: Flavor) {
    o.pair("hidpointing", "ps2mouse", "Pointing Device:", "PS/2 Mouse");
    o.pair("hidkeyboard", "ps2kbd", "Keyboard Device:", "PS/2 Keyboard");
    for i in 1..=4 {
        serial_or_parallel(o, &format!("uart{i}"), &format!("UART {i}:"));
    }
    for i in 1..=2 {
        serial_or_parallel(o, &format!("lpt{i}"), &format!("LPT {i}:"));
    }
    let d = ostype::defaults(&v.machine.os_type_id, v.os_type_given, f);
    // 7.0 introduced the `Default` audio driver; 6.1 machines get the host's (PulseAudio on
    // Linux).
    let (drv_mr, drv) = if f.v7() {
        ("default", "Default")
    } else {
        ("pulse", "PulseAudio")
    };
    let human = format!(
        "enabled (Driver: {drv}, Controller: {}, Codec: {})",
        d.audio.1, d.audio.2
    );
    o.pair("audio", drv_mr, "Audio:", &human);
    o.on_off("audio_out", "Audio playback:", false);
    o.on_off("audio_in", "Audio capture:", false);
    o.pair("clipboard", "disabled", "Clipboard Mode:", "disabled");
    if f.clipboard_file_transfers() {
        o.on_off(
            "clipboard_file_transfers",
            "Clipboard file transfers:",
            false,
        );
    }
    o.pair("draganddrop", "disabled", "Drag and drop Mode:", "disabled");
}

fn serial_or_parallel(o: &mut Out, key: &str, label: &str) {
    o.mr_line(&format!("{key}=\"off\""));
    o.human_line(&labelled(label, "disabled"));
}

/// Session name, video mode, VRDE, USB, bandwidth groups, shared folders and the live VRDE
/// connection.
pub(crate) fn session(o: &mut Out, v: &MachineView, console: Option<&ConsoleView>, f: Flavor) {
    let m = &v.machine;
    if m.session_state != SessionState::Unlocked {
        if let Some(name) = m.session_name.as_deref().filter(|n| !n.is_empty()) {
            o.string("SessionName", "Session name:", name);
        }
    }
    if let Some(c) = console {
        let (x, y, bpp) = if c.uptime_ms(v.now_ms) < BIOS_LOGO_MS {
            (640, 480, 32)
        } else {
            (720, 400, 0)
        };
        o.mr_line(&format!("VideoMode=\"{x},{y},{bpp}\"@0,0 1"));
        o.human_line(&labelled(
            "Video mode:",
            &format!("{x}x{y}x{bpp} at 0,0 enabled"),
        ));
    }
    o.mr_line("vrde=\"off\"");
    o.human_line(&labelled("VRDE:", "disabled"));
    o.on_off("usb", "OHCI USB:", false);
    o.on_off("ehci", "EHCI USB:", false);
    o.on_off("xhci", "xHCI USB:", false);
    shares_mr(o, v);
    if f.v7() {
        o.human_line(&labelled("USB Device Filters:", "<none>"));
        if console.is_some() {
            o.human_line("Available remote USB devices: <none>");
            o.human_line("Currently attached USB devices: <none>");
        }
        o.human_line(&labelled("Bandwidth groups:", "<none>"));
        o.human_line(&labelled("Shared folders:", "<none>"));
    } else {
        o.human_line("\nUSB Device Filters:\n\n<none>\n");
        if console.is_some() {
            o.human_line("Available remote USB devices:\n\n<none>\n");
            o.human_line("Currently Attached USB Devices:\n\n<none>\n");
        }
        o.human_line("Bandwidth groups:  <none>\n");
        o.human_line("Shared folders:<none>\n");
    }
    if console.is_some() {
        o.on_off_ex(
            "VRDEActiveConnection",
            "VRDE Connection:",
            false,
            "active",
            "not active",
        );
        // `SHOW_ULONG_VALUE("VRDEClients=", …)`: the key already ends in `=`, hence the
        // famous `VRDEClients==0`.
        o.number("VRDEClients=", "Clients so far:", 0, "");
        if !f.v7() {
            o.human_line("");
        }
    }
    if f.recording() {
        recording(o, v);
    }
}

/// `SharedFolder{Name,Path}{Machine,Transient}MappingN` (real 7.2.22:
/// `showvminfo-running-transient-share`); the human form says `<none>` even with shares,
/// as the real host's does for a stopped machine.
fn shares_mr(o: &mut Out, v: &MachineView) {
    for (scope, transient) in [("Machine", false), ("Transient", true)] {
        let mine = v.shares.iter().filter(|s| s.transient == transient);
        for (n, s) in mine.enumerate() {
            let n = n + 1;
            o.mr_line(&quoted(
                &format!("SharedFolderName{scope}Mapping{n}"),
                &s.name,
                false,
                false,
            ));
            o.mr_line(&quoted(
                &format!("SharedFolderPath{scope}Mapping{n}"),
                &s.host_path,
                false,
                false,
            ));
        }
    }
}

/// `#ifdef VBOX_WITH_RECORDING`: the recording settings of a machine that never recorded,
/// one screen with the defaults, as the 7.2.22 captures print them (after the shared folders
/// and the console's VRDE lines).
fn recording(o: &mut Out, v: &MachineView) {
    let base = v.nvram_file.strip_suffix(".nvram").unwrap_or(&v.nvram_file);
    let file = format!("{base}-screen0.webm");
    o.pair("recording_started", "off", "Recording status:", "stopped");
    o.pair("recording_enabled", "off", "Recording enabled:", "no");
    o.number("recording_screens", "Recording screens:", 1, "");
    o.mr_line(" rec_screen0");
    o.human_line(" Screen 0:");
    o.pair("rec_screen_enabled", "on", "    Enabled:", "yes");
    o.number("rec_screen_id", "    ID:", 0, "");
    o.pair("rec_screen_video_enabled", "on", "    Record video:", "yes");
    o.pair("rec_screen_audio_enabled", "off", "    Record audio:", "no");
    o.string("rec_screen_dest", "    Destination:", "File");
    o.string("rec_screen_dest_filename", "    File:", &file);
    o.string("rec_screen_opts", "    Options:", "ac_profile=med");
    o.string(
        "rec_screen_video_res_xy",
        "    Video dimensions:",
        "1024x768",
    );
    o.number("rec_screen_video_rate_kbps", "    Video rate:", 512, "kbps");
    o.number("rec_screen_video_fps", "    Video FPS:", 25, "fps");
}

/// Description, snapshots and the guest section, up to the end of the output.
pub(crate) fn tail(o: &mut Out, v: &MachineView, console: Option<&ConsoleView>, f: Flavor) {
    let m = &v.machine;
    if !m.description.is_empty() {
        if o.mr() {
            o.string("description", "", &m.description);
        } else {
            o.line(&format!("Description:\n{}", m.description));
        }
    }
    if f.v7() {
        if !v.snapshots.is_empty() {
            o.human_line("* Snapshots:");
            snapshots::tree(o, &v.snapshots, f);
        }
        o.human_line("* Guest:");
        o.number("GuestMemoryBalloon", "Configured memory balloon:", 0, "MB");
        if let Some(c) = console {
            guest(o, v, c, f);
        }
        o.human_line("");
    } else {
        o.human_line("Guest:\n");
        o.number(
            "GuestMemoryBalloon",
            "Configured memory balloon size:",
            0,
            "MB",
        );
        if let Some(c) = console {
            guest(o, v, c, f);
        }
        o.human_line("");
        if !v.snapshots.is_empty() {
            o.human_line("Snapshots:\n");
            snapshots::tree(o, &v.snapshots, f);
            o.human_line("");
        }
    }
}

/// `IGuest`: the OS type the guest reports (the machine's until the Guest Additions report
/// theirs), the run level, the Additions version and facilities.
fn guest(o: &mut Out, v: &MachineView, c: &ConsoleView, f: Flavor) {
    let os = &v.machine.os_type_id;
    let reported = match &c.additions {
        // The simulated Guest Additions run in a Linux guest.
        Some(_) if os.ends_with("_64") => "Linux26_64".to_string(),
        Some(_) => "Linux26".to_string(),
        None => os.clone(),
    };
    o.string("GuestOSType", "OS type:", &reported);
    let level = if c.additions.is_some() { 2 } else { 0 };
    o.number("GuestAdditionsRunLevel", "Additions run level:", level, "");
    let Some(ga) = &c.additions else {
        if f.v7() {
            o.human_line(&labelled("Guest Facilities:", "<none>"));
        } else {
            o.human_line("\nGuest Facilities:\n\nNo active facilities.");
        }
        return;
    };
    let version = format!("{} r{}", ga.version, ga.revision);
    // 6.x forgot the colon of this label.
    let label = if f.v7() {
        "Additions version:"
    } else {
        "Additions version"
    };
    o.string("GuestAdditionsVersion", label, &version);
    o.human_line(if f.v7() {
        "Guest Facilities:"
    } else {
        "\nGuest Facilities:\n"
    });
    for name in ["VirtualBox Base Driver", "VirtualBox System Service"] {
        // Status 50 = AdditionsFacilityStatus_Active.
        o.mr_line(&format!(
            "GuestAdditionsFacility_{name}=50,{}",
            ga.active_since_ms
        ));
        o.human_line(&format!(
            "Facility \"{name}\": active/running (last update: {})",
            time::slashed(ga.active_since_ms)
        ));
    }
}
