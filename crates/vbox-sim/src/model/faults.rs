//! The per-machine behaviour switches, read from extradata (`crate::keys`). Faults are data of
//! the machine, so they work through every backend and survive cloning.

use super::machine::MachineRecord;
use super::progress;
use crate::keys;

/// What a machine's extradata asks the simulator to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Behaviour {
    /// No Guest Additions: nothing under `/VirtualBox/GuestAdd` or `/GuestInfo` ever appears.
    pub no_guest_additions: bool,
    /// Power-on to first publish.
    pub boot_delay_ms: i64,
    /// The guest ignores the ACPI power button.
    pub acpi_ignored: bool,
    /// ACPI button to powered off.
    pub acpi_shutdown_ms: i64,
    /// The launch fails with this text.
    pub start_failure: Option<String>,
    /// Running → Aborted after this long.
    pub crash_after_ms: Option<i64>,
    /// First publish to DHCP renewal.
    pub dhcp_renew_after_ms: Option<i64>,
    /// Length of the renewal gap.
    pub dhcp_gap_ms: i64,
    /// The renewal hands out a new address.
    pub dhcp_new_address: bool,
    /// The guest's interface order, as slots.
    pub nic_order: Vec<u32>,
    /// Publish `V6/IP` too.
    pub publish_ipv6: bool,
    /// Launch progress duration.
    pub start_ms: i64,
}

impl Behaviour {
    /// Read a machine's switches; unparsable values fall back to the defaults.
    pub(crate) fn of(m: &MachineRecord) -> Behaviour {
        let flag = |k: &str| m.extra(k).is_some_and(is_true);
        let ms = |k: &str| {
            m.extra(k)
                .and_then(|v| v.trim().parse::<i64>().ok())
                .filter(|v| *v >= 0)
        };
        let start_failure = m
            .extra(keys::START_FAILURE)
            .filter(|v| !v.is_empty() && !is_false(v))
            .map(|v| {
                if is_true(v) {
                    // What VirtualBox reports when the VM process dies before powering on.
                    format!(
                        "The virtual machine '{}' has terminated unexpectedly during startup with exit code 1 (0x1)",
                        m.name
                    )
                } else {
                    v.to_string()
                }
            });
        Behaviour {
            no_guest_additions: flag(keys::NO_GUEST_ADDITIONS),
            boot_delay_ms: ms(keys::BOOT_DELAY_MS).unwrap_or(progress::BOOT_DELAY_MS),
            acpi_ignored: flag(keys::ACPI_IGNORED),
            acpi_shutdown_ms: ms(keys::ACPI_SHUTDOWN_MS).unwrap_or(progress::ACPI_SHUTDOWN_MS),
            start_failure,
            crash_after_ms: ms(keys::CRASH_AFTER_MS),
            dhcp_renew_after_ms: ms(keys::DHCP_RENEW_AFTER_MS),
            dhcp_gap_ms: ms(keys::DHCP_RENEW_GAP_MS).unwrap_or(progress::DHCP_GAP_MS),
            dhcp_new_address: flag(keys::DHCP_RENEW_NEW_ADDRESS),
            nic_order: m
                .extra(keys::GUEST_NIC_ORDER)
                .map(|v| {
                    v.split([',', ' '])
                        .filter_map(|s| s.trim().parse().ok())
                        .collect()
                })
                .unwrap_or_default(),
            publish_ipv6: flag(keys::PUBLISH_IPV6),
            start_ms: ms(keys::START_DURATION_MS).unwrap_or(progress::START_MS),
        }
    }
}

pub(crate) fn is_true(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

fn is_false(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "0" | "false" | "no" | "off"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::machine::MachineRecord;
    use crate::model::Ctx;
    use crate::SimOptions;
    use vbox_types::CreateMachine;

    fn machine(extra: &[(&str, &str)]) -> MachineRecord {
        let opts = SimOptions::default();
        let ctx = Ctx {
            now: 0,
            opts: &opts,
            root: std::path::Path::new("/nonexistent"),
        };
        let spec = CreateMachine {
            name: "m".into(),
            ..Default::default()
        };
        let mut m = MachineRecord::create(&spec, &ctx, &|_| false).unwrap();
        for (k, v) in extra {
            m.extradata.insert(k.to_string(), v.to_string());
        }
        m
    }

    #[test]
    fn defaults_without_extradata() {
        let b = Behaviour::of(&machine(&[]));
        assert_eq!(b.boot_delay_ms, 20_000);
        assert_eq!(b.acpi_shutdown_ms, 3_000);
        assert_eq!(b.start_ms, 800);
        assert_eq!(b.dhcp_gap_ms, 2_000);
        assert!(!b.no_guest_additions && !b.acpi_ignored && !b.publish_ipv6);
        assert_eq!(b.start_failure, None);
        assert!(b.nic_order.is_empty());
    }

    #[test]
    fn keys_are_parsed_leniently() {
        let b = Behaviour::of(&machine(&[
            (keys::NO_GUEST_ADDITIONS, "yes"),
            (keys::BOOT_DELAY_MS, " 1500 "),
            (keys::ACPI_SHUTDOWN_MS, "-5"),
            (keys::START_FAILURE, "0"),
            (keys::GUEST_NIC_ORDER, "2, 0,x,1"),
            (keys::CRASH_AFTER_MS, "oops"),
        ]));
        assert!(b.no_guest_additions);
        assert_eq!(b.boot_delay_ms, 1500);
        assert_eq!(b.acpi_shutdown_ms, 3_000, "negative values fall back");
        assert_eq!(b.start_failure, None, "0 disables the fault");
        assert_eq!(b.nic_order, vec![2, 0, 1]);
        assert_eq!(b.crash_after_ms, None);
        let b = Behaviour::of(&machine(&[(keys::START_FAILURE, "1")]));
        assert!(b
            .start_failure
            .unwrap()
            .contains("'m' has terminated unexpectedly during startup"));
    }
}
