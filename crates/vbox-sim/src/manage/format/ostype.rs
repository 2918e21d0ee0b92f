//! Guest OS types: the description `showvminfo` prints as `ostype=` and the settings a fresh
//! `createvm --ostype <id>` (without `--default`) ends up with, as the 7.0.14 captures show
//! them: `Ubuntu_64` gets PAE, long mode, x2APIC and an I/O APIC, `Other` PAE only, and a
//! machine created without an OS type (reported as `Other/Unknown`) long mode and an I/O
//! APIC but no x2APIC. 7.2 applies more of the OS type's recommendations (see
//! [`Defaults`]).

use super::flavor::Flavor;

/// Descriptions of the OS types VirtualBox ships (`VBoxManage list ostypes`). An id missing
/// here is printed as is, which is what VBoxManage does for a type it does not know.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("Other", "Other/Unknown"),
    ("Other_64", "Other/Unknown (64-bit)"),
    ("DOS", "DOS"),
    ("Netware", "Netware"),
    ("L4", "L4"),
    ("QNX", "QNX"),
    ("Windows31", "Windows 3.1"),
    ("Windows95", "Windows 95"),
    ("Windows98", "Windows 98"),
    ("WindowsMe", "Windows ME"),
    ("WindowsNT3x", "Windows NT 3.x"),
    ("WindowsNT4", "Windows NT 4"),
    ("Windows2000", "Windows 2000"),
    ("WindowsXP", "Windows XP (32-bit)"),
    ("WindowsXP_64", "Windows XP (64-bit)"),
    ("Windows2003", "Windows 2003 (32-bit)"),
    ("Windows2003_64", "Windows 2003 (64-bit)"),
    ("WindowsVista", "Windows Vista (32-bit)"),
    ("WindowsVista_64", "Windows Vista (64-bit)"),
    ("Windows2008", "Windows 2008 (32-bit)"),
    ("Windows2008_64", "Windows 2008 (64-bit)"),
    ("Windows7", "Windows 7 (32-bit)"),
    ("Windows7_64", "Windows 7 (64-bit)"),
    ("Windows8", "Windows 8 (32-bit)"),
    ("Windows8_64", "Windows 8 (64-bit)"),
    ("Windows81", "Windows 8.1 (32-bit)"),
    ("Windows81_64", "Windows 8.1 (64-bit)"),
    ("Windows2012_64", "Windows 2012 (64-bit)"),
    ("Windows10", "Windows 10 (32-bit)"),
    ("Windows10_64", "Windows 10 (64-bit)"),
    ("Windows2016_64", "Windows 2016 (64-bit)"),
    ("Windows2019_64", "Windows 2019 (64-bit)"),
    ("Windows11_64", "Windows 11 (64-bit)"),
    ("Windows2022_64", "Windows 2022 (64-bit)"),
    ("WindowsNT", "Other Windows (32-bit)"),
    ("WindowsNT_64", "Other Windows (64-bit)"),
    ("Linux22", "Linux 2.2"),
    ("Linux24", "Linux 2.4 (32-bit)"),
    ("Linux24_64", "Linux 2.4 (64-bit)"),
    ("Linux26", "Linux 2.6 / 3.x / 4.x / 5.x (32-bit)"),
    ("Linux26_64", "Linux 2.6 / 3.x / 4.x / 5.x (64-bit)"),
    ("ArchLinux", "Arch Linux (32-bit)"),
    ("ArchLinux_64", "Arch Linux (64-bit)"),
    ("Debian", "Debian (32-bit)"),
    ("Debian_64", "Debian (64-bit)"),
    ("Fedora", "Fedora (32-bit)"),
    ("Fedora_64", "Fedora (64-bit)"),
    ("Gentoo", "Gentoo (32-bit)"),
    ("Gentoo_64", "Gentoo (64-bit)"),
    ("Mandriva", "Mandriva (32-bit)"),
    ("Mandriva_64", "Mandriva (64-bit)"),
    ("OpenSUSE", "openSUSE (32-bit)"),
    ("OpenSUSE_64", "openSUSE (64-bit)"),
    ("RedHat", "Red Hat (32-bit)"),
    ("RedHat_64", "Red Hat (64-bit)"),
    ("Turbolinux", "Turbolinux (32-bit)"),
    ("Turbolinux_64", "Turbolinux (64-bit)"),
    ("Ubuntu", "Ubuntu (32-bit)"),
    ("Ubuntu_64", "Ubuntu (64-bit)"),
    ("Xandros", "Xandros (32-bit)"),
    ("Xandros_64", "Xandros (64-bit)"),
    ("Oracle", "Oracle (32-bit)"),
    ("Oracle_64", "Oracle (64-bit)"),
    ("Linux", "Other Linux (32-bit)"),
    ("Linux_64", "Other Linux (64-bit)"),
    ("Solaris", "Oracle Solaris 10 5/09 and earlier (32-bit)"),
    ("Solaris_64", "Oracle Solaris 10 5/09 and earlier (64-bit)"),
    ("OpenSolaris", "Oracle Solaris 10 10/09 and later (32-bit)"),
    (
        "OpenSolaris_64",
        "Oracle Solaris 10 10/09 and later (64-bit)",
    ),
    ("Solaris11_64", "Oracle Solaris 11 (64-bit)"),
    ("FreeBSD", "FreeBSD (32-bit)"),
    ("FreeBSD_64", "FreeBSD (64-bit)"),
    ("OpenBSD", "OpenBSD (32-bit)"),
    ("OpenBSD_64", "OpenBSD (64-bit)"),
    ("NetBSD", "NetBSD (32-bit)"),
    ("NetBSD_64", "NetBSD (64-bit)"),
    ("OS2Warp3", "OS/2 Warp 3"),
    ("OS2Warp4", "OS/2 Warp 4"),
    ("OS2Warp45", "OS/2 Warp 4.5"),
    ("OS2eCS", "eComStation"),
    ("OS2", "Other OS/2"),
    ("MacOS", "Mac OS X (32-bit)"),
    ("MacOS_64", "Mac OS X (64-bit)"),
];

/// Families whose recommended settings differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// Vista and later.
    ModernWindows,
    /// 3.1 to 2003.
    OldWindows,
    /// Kernel 2.6 and later.
    Linux,
    /// Linux 2.2 and 2.4.
    OldLinux,
    /// macOS.
    MacOs,
    /// DOS.
    Dos,
    /// Everything else (BSDs, Solaris, OS/2, Other).
    Other,
}

const LINUX_PREFIXES: &[&str] = &[
    "Linux",
    "ArchLinux",
    "Debian",
    "Fedora",
    "Gentoo",
    "Mandriva",
    "OpenSUSE",
    "RedHat",
    "Turbolinux",
    "Ubuntu",
    "Xandros",
    "Oracle",
];
const OLD_WINDOWS: &[&str] = &[
    "Windows31",
    "Windows95",
    "Windows98",
    "WindowsMe",
    "WindowsNT3x",
    "WindowsNT4",
    "Windows2000",
    "WindowsXP",
    "Windows2003",
];

fn family(id: &str) -> Family {
    let base = id.trim_end_matches("_64");
    if base.starts_with("Linux22") || base.starts_with("Linux24") {
        Family::OldLinux
    } else if LINUX_PREFIXES.iter().any(|p| base.starts_with(p)) {
        Family::Linux
    } else if OLD_WINDOWS.contains(&base) {
        Family::OldWindows
    } else if base.starts_with("Windows") {
        Family::ModernWindows
    } else if base.starts_with("MacOS") {
        Family::MacOs
    } else if base == "DOS" {
        Family::Dos
    } else {
        Family::Other
    }
}

/// The `ostype=` value: the description, or the id of a type VirtualBox does not know.
pub(crate) fn description(id: &str) -> &str {
    DESCRIPTIONS
        .iter()
        .find(|(i, _)| *i == id)
        .map_or(id, |(_, d)| d)
}

/// The ids of the OS types the simulator knows: the ones `list ostypes` prints.
pub(crate) fn ids() -> Vec<String> {
    DESCRIPTIONS.iter().map(|(id, _)| id.to_string()).collect()
}

/// `list ostypes`: a block per known OS type, as 6.1 prints it (capture
/// `list-ostypes-6.1-macos.txt`): id, description, family id and name, 64-bit.
pub(crate) fn list_ostypes() -> String {
    DESCRIPTIONS
        .iter()
        .map(|(id, description)| {
            let (family_id, family) = listing_family(id);
            format!(
                "ID:          {id}\nDescription: {description}\nFamily ID:   {family_id}\nFamily Desc: {family}\n64 bit:      {}\n\n",
                id.ends_with("_64")
            )
        })
        .collect()
}

/// The family `list ostypes` names (coarser than [`Family`], which is about defaults).
fn listing_family(id: &str) -> (&'static str, &'static str) {
    match family(id) {
        Family::ModernWindows | Family::OldWindows => ("Windows", "Microsoft Windows"),
        Family::Linux | Family::OldLinux => ("Linux", "Linux"),
        Family::MacOs => ("MacOS", "Mac OS X"),
        _ if id.starts_with("OS2") => ("OS2", "IBM OS/2"),
        _ if id.contains("Solaris") => ("Solaris", "Solaris"),
        _ if id.contains("BSD") => ("BSD", "BSD"),
        _ => ("Other", "Other"),
    }
}

/// What a new machine of an OS type has, where the simulator does not keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Defaults {
    /// PAE/NX.
    pub pae: bool,
    /// The RTC runs in UTC.
    pub rtc_utc: bool,
    /// Large pages.
    pub large_pages: bool,
    /// Long mode (64-bit guest).
    pub long_mode: bool,
    /// x2APIC.
    pub x2apic: bool,
    /// I/O APIC.
    pub ioapic: bool,
    /// `effparavirtprovider` (machine-readable, human).
    pub paravirt: (&'static str, &'static str),
    /// Audio controller (machine-readable, human) and codec.
    pub audio: (&'static str, &'static str, &'static str),
}

/// The settings of a machine of OS type `id`; `given` is false for a machine created
/// without `--ostype` (which VirtualBox still reports as `Other`).
pub(crate) fn defaults(id: &str, given: bool, f: Flavor) -> Defaults {
    let fam = family(id);
    let is64 = id.ends_with("_64");
    let modern = matches!(fam, Family::Linux | Family::ModernWindows);
    // `Machine::getEffectiveParavirtProvider`: KVM for 2.6+ Linux, Hyper-V for Vista+ and
    // Minimal for macOS guests; none for everything else, `Other` included.
    let paravirt = match fam {
        Family::Linux => ("kvm", "KVM"),
        Family::ModernWindows => ("hyperv", "HyperV"),
        Family::MacOs => ("minimal", "Minimal"),
        _ => ("none", "None"),
    };
    let audio = match fam {
        Family::ModernWindows | Family::MacOs => ("hda", "HDA", "STAC9221"),
        Family::Dos | Family::OldWindows if !id.starts_with("Windows2") && !is64 => {
            ("sb16", "SB16", "SB16")
        }
        _ => ("ac97", "AC97", "STAC9700"),
    };
    let mut d = Defaults {
        pae: true,
        rtc_utc: false,
        large_pages: true,
        long_mode: is64 || !given,
        x2apic: given && is64 && modern,
        ioapic: !given || is64 || modern,
        paravirt,
        audio,
    };
    if f.os_type_hints() {
        // What the real 7.2.22 host gave `createvm --ostype` of Ubuntu, Ubuntu_64, Linux26,
        // Linux26_64, Debian_64, Windows7, WindowsXP, Windows10_64, Windows11_64, Other,
        // Other_64, FreeBSD_64, Solaris11_64, MacOS_64, DOS and OS2Warp45: PAE for 32-bit
        // Linux, Other_64 and macOS; x2APIC for Linux; the RTC in UTC for Linux, Solaris and
        // macOS; large pages never (without an OS type too).
        d.large_pages = false;
        if given {
            d.pae = (fam == Family::Linux && !is64) || id == "Other_64" || fam == Family::MacOs;
            d.x2apic = fam == Family::Linux;
            d.rtc_utc = matches!(fam, Family::Linux | Family::OldLinux | Family::MacOs)
                || id.contains("Solaris");
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_ostypes_blocks() {
        let text = list_ostypes();
        assert!(text.starts_with("ID:          Other\nDescription: Other/Unknown\nFamily ID:   Other\nFamily Desc: Other\n64 bit:      false\n\n"));
        assert!(text.contains("ID:          Ubuntu_64\nDescription: Ubuntu (64-bit)\nFamily ID:   Linux\nFamily Desc: Linux\n64 bit:      true\n"));
        assert!(text.contains("Family Desc: Microsoft Windows"));
    }

    fn f(v: &str) -> Flavor {
        Flavor::of(&crate::SimOptions::emulating(v).unwrap())
    }

    #[test]
    fn the_7_2_22_machines() {
        let v72 = f("7.2.22_Debian");
        // `web 01`, `tmpl "q"` and `bare` of the 7.2.22 captures.
        let web = defaults("Ubuntu_64", true, v72);
        assert!(!web.pae && web.rtc_utc && web.x2apic && !web.large_pages);
        let tmpl = defaults("Other", true, v72);
        assert!(!tmpl.pae && !tmpl.rtc_utc && !tmpl.long_mode && !tmpl.large_pages);
        let bare = defaults("Other", false, v72);
        assert!(bare.pae && bare.long_mode && !bare.rtc_utc && !bare.large_pages);
        assert!(defaults("Ubuntu", true, v72).pae);
        assert!(!defaults("Windows10_64", true, v72).x2apic);
    }

    #[test]
    fn the_captured_machines() {
        let defaults = |id: &str, given: bool| defaults(id, given, f("7.0.14"));
        assert_eq!(description("Ubuntu_64"), "Ubuntu (64-bit)");
        assert_eq!(description("Other"), "Other/Unknown");
        assert_eq!(description("NoSuchOs"), "NoSuchOs");
        // web 01, tmpl "q" and bare of the 7.0.14 captures.
        let web = defaults("Ubuntu_64", true);
        assert!(web.pae && web.long_mode && web.x2apic && web.ioapic);
        assert_eq!(web.paravirt.0, "kvm");
        let tmpl = defaults("Other", true);
        assert!(tmpl.pae && !tmpl.long_mode && !tmpl.x2apic && !tmpl.ioapic);
        assert_eq!(tmpl.paravirt.0, "none");
        let bare = defaults("Other", false);
        assert!(bare.long_mode && bare.ioapic && !bare.x2apic);
        assert_eq!(defaults("Windows10_64", true).paravirt.1, "HyperV");
        assert_eq!(defaults("Windows10_64", true).audio.1, "HDA");
        assert_eq!(
            defaults("Ubuntu_64", true).audio,
            ("ac97", "AC97", "STAC9700")
        );
    }
}
