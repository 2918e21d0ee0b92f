//! `list systemproperties` output.
//!
//! Lines are `<Label>:<spaces><value>`; the label ends at the first `:` (4.3 prints
//! `Maximum PIIX3 Floppy Controllers:1` with no space) and values are trimmed (empty values may
//! keep trailing spaces). From 7.1 some lines sit in per-platform sections
//! (`Host platform properties:`, `x86 platform properties:`, `ARMv8 platform properties:`),
//! each with its own `Maximum <chipset> Network Adapter count:`.

use vbox_types::ChipsetType;

/// What `list systemproperties` printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemProperties {
    /// `API version:` (`7_0`).
    pub api_version: Option<String>,
    /// `Default machine folder:`.
    pub default_machine_folder: Option<String>,
    /// `Maximum <PIIX3|ICH9|ARMv8Virtual> Network Adapter count:` per chipset, in output order.
    pub max_adapters: Vec<(ChipsetType, u32)>,
    /// `Webservice auth. library:`.
    pub webservice_auth_library: Option<String>,
    /// Every `(section, label, value)` line in output order; the section is the 7.1 section
    /// header's label (`x86 platform properties`), empty before any header. Values are trimmed
    /// and may be empty.
    pub raw: Vec<(String, String, String)>,
}

impl SystemProperties {
    /// The value of the first line with this label (any section).
    pub fn get(&self, label: &str) -> Option<&str> {
        self.raw
            .iter()
            .find(|(_, l, _)| l == label)
            .map(|(_, _, v)| v.as_str())
    }

    /// The maximum number of network adapters of a chipset, when listed.
    pub fn max_adapters_for(&self, chipset: ChipsetType) -> Option<u32> {
        self.max_adapters
            .iter()
            .find(|(c, _)| *c == chipset)
            .map(|(_, n)| *n)
    }
}

/// Parse `list systemproperties`. Lines without a `:` are ignored.
pub fn parse_systemproperties(stdout: &str) -> SystemProperties {
    let mut props = SystemProperties::default();
    let mut section = String::new();
    for line in stdout.lines() {
        let Some((label, value)) = line.split_once(':') else {
            continue;
        };
        let label = label.trim();
        let value = value.trim();
        if label.is_empty() {
            continue;
        }
        if value.is_empty() && label.to_ascii_lowercase().ends_with(" properties") {
            section = label.to_string();
            continue;
        }
        let non_empty = (!value.is_empty()).then(|| value.to_string());
        match label {
            "API version" if props.api_version.is_none() => props.api_version = non_empty,
            "Default machine folder" if props.default_machine_folder.is_none() => {
                props.default_machine_folder = non_empty;
            }
            "Webservice auth. library" if props.webservice_auth_library.is_none() => {
                props.webservice_auth_library = non_empty;
            }
            _ => {
                if let Some(chipset) = label
                    .strip_prefix("Maximum ")
                    .and_then(|l| l.strip_suffix(" Network Adapter count"))
                    .and_then(ChipsetType::from_api_name)
                {
                    if let Ok(n) = value.parse() {
                        props.max_adapters.push((chipset, n));
                    }
                }
            }
        }
        props
            .raw
            .push((section.clone(), label.to_string(), value.to_string()));
    }
    props
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_71() {
        let out = "API version:                     7_1\n\
Host platform properties:\n\
Supported platform architectures: x86\n\
x86 platform properties:\n\
Maximum PIIX3 Network Adapter count:   8\n\
Maximum ICH9 Network Adapter count:   36\n\
ARMv8 platform properties:\n\
Maximum ARMv8Virtual Network Adapter count:   64\n";
        let p = parse_systemproperties(out);
        assert_eq!(p.api_version.as_deref(), Some("7_1"));
        assert_eq!(
            p.max_adapters,
            vec![
                (ChipsetType::PIIX3, 8),
                (ChipsetType::ICH9, 36),
                (ChipsetType::ARMv8Virtual, 64)
            ]
        );
        assert_eq!(p.raw[1].0, "Host platform properties");
        assert_eq!(p.raw[1].2, "x86");
        assert_eq!(p.raw[4].0, "ARMv8 platform properties");
    }
}
