//! What differs between the VBoxManage versions the emulator can be, in one place.
//!
//! Sources: the 7.0.14 captures (`fixtures/vboxmanage-7.0.14`), the 7.2.22 captures
//! (`fixtures/vboxmanage-7.2.22`, Debian's build on the real-host suite), VBoxManageInfo.cpp of
//! 6.0/6.1 (pre-7.0 layout), 7.0.x, 7.0.18, 7.1.4 and post-7.2 trunk, and reference §6.
//!
//! Each version is emulated as the captured host of that version was built: the 7.0.14 build
//! had no `VBOX_WITH_RECORDING` and no `VBOX_WITH_VIDEOHWACCEL` (no `recording_*`/`rec_screen*`
//! and no `accelerate2dvideo` lines), Debian's 7.2.22 has recording and shared clipboard file
//! transfers. 6.1 and 7.1 have no capture and print what 7.0 prints there.

use crate::SimOptions;
use vbox_types::ApiVersion;

/// The version being emulated, reduced to the facts the formats need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flavor {
    /// API generation.
    pub api: ApiVersion,
    /// Maintenance release (`14` of 7.0.14).
    pub build: u32,
}

/// How the machine's encryption status is shown after `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EncryptionLine {
    /// Up to 6.1: not at all.
    None,
    /// Early and mid 7.0 (the 7.0.14 capture): a bare `Encryption:     disabled` line in both
    /// forms, not a `key="value"`.
    Bare,
    /// 7.0.18 and 7.1+: `encryption="disabled"` / `Encryption:                  disabled`.
    Key,
}

impl Flavor {
    /// The flavor of the emulated version.
    pub(crate) fn of(opts: &SimOptions) -> Flavor {
        let build = opts
            .version
            .split('.')
            .nth(2)
            .map(|b| {
                b.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|b| b.parse().ok())
            .unwrap_or(0);
        Flavor {
            api: opts.api,
            build,
        }
    }

    /// 7.0 or later: the rewritten VBoxManageInfo.cpp (escaped keys, `* Guest:` section,
    /// snapshots before the guest section, storage attachment flags, AMD-V/IOMMU lines).
    pub(crate) fn v7(self) -> bool {
        self.api >= ApiVersion::V7_0
    }

    /// 7.1 or later: the platform refactor (`platformArchitecture`, HPET and the hardware
    /// virtualization lines inside the x86 block, per-platform system properties).
    pub(crate) fn platform(self) -> bool {
        self.api >= ApiVersion::V7_1
    }

    /// The encryption line of this version. The capture shows the bare line in 7.0.14 and
    /// the source of 7.0.18 the key; 7.0.16 is not documented and is treated like 7.0.14.
    pub(crate) fn encryption(self) -> EncryptionLine {
        match self.api {
            a if a < ApiVersion::V7_0 => EncryptionLine::None,
            ApiVersion::V7_0 if self.build < 18 => EncryptionLine::Bare,
            _ => EncryptionLine::Key,
        }
    }

    /// The machine-readable key of the NVRAM file: `BIOS NVRAM File` (unquoted, with spaces)
    /// up to 7.0.14, `NvramFile` from 7.0.18; none before 7.0 (6.1 prints no NVRAM line for a
    /// BIOS machine).
    pub(crate) fn nvram_key(self) -> Option<&'static str> {
        match self.encryption() {
            EncryptionLine::None => None,
            EncryptionLine::Bare => Some("BIOS NVRAM File"),
            EncryptionLine::Key => Some("NvramFile"),
        }
    }

    /// 7.1+ NAT engine lines `localhostReachable` and `forwardBroadcast` (reference §6.3).
    pub(crate) fn nat_extras(self) -> bool {
        self.platform()
    }

    /// 7.2: the NAT engine's `enableTFTP` line, and the human form's NAT settings on two
    /// indented lines (`showvminfo-poweroff-ubuntu-3nics`, `showvminfo-human-poweroff`).
    pub(crate) fn nat_tftp(self) -> bool {
        self.api >= ApiVersion::V7_2
    }

    /// 7.2: the `recording_*` and `rec_screen*` block (the 7.2.22 build has recording).
    pub(crate) fn recording(self) -> bool {
        self.api >= ApiVersion::V7_2
    }

    /// 7.2: `clipboard_file_transfers` after the clipboard mode.
    pub(crate) fn clipboard_file_transfers(self) -> bool {
        self.api >= ApiVersion::V7_2
    }

    /// 7.2: `createMachine` applies the OS type's recommended PAE, x2APIC and RTC, and leaves
    /// large pages off (the 7.2.22 captures and every OS type tried on the real 7.2.22 host);
    /// before, a new machine kept the defaults whatever its OS type recommended.
    pub(crate) fn os_type_hints(self) -> bool {
        self.api >= ApiVersion::V7_2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(v: &str) -> Flavor {
        Flavor::of(&SimOptions::emulating(v).unwrap())
    }

    #[test]
    fn versions_map_to_their_differences() {
        assert_eq!(of("6.1").encryption(), EncryptionLine::None);
        assert_eq!(of("7.0").encryption(), EncryptionLine::Bare);
        assert_eq!(of("7.0.14").nvram_key(), Some("BIOS NVRAM File"));
        assert_eq!(of("7.0.18").encryption(), EncryptionLine::Key);
        assert_eq!(of("7.0.18").nvram_key(), Some("NvramFile"));
        assert!(of("7.1").platform() && of("7.2").nat_extras());
        assert!(!of("7.0").platform() && !of("6.1").v7());
        assert!(of("7.2.22_Debian").recording() && of("7.2").nat_tftp());
        assert!(!of("7.1").recording() && !of("7.0.14").os_type_hints());
    }
}
