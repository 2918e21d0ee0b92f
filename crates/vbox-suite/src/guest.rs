//! What a scenario's guest does once its machine runs, said once and made by each harness in
//! its own way: the simulator through its `VBoxSim/*` keys, the real host through what it can
//! really do (see `crate::real`).

use std::time::Duration;

/// The guest a scenario asks for. [`GuestShape::default`] is a booting guest with Guest
/// Additions that honours the ACPI power button, publishes NIC order = slot order and never
/// renews its lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestShape {
    /// The Guest Additions run and publish `/VirtualBox/GuestInfo/Net/*` after the boot delay.
    pub additions: bool,
    /// The guest shuts down when the ACPI power button is pressed.
    pub honours_acpi: bool,
    /// The guest renews its DHCP lease this long after its first publish, with `Net/Count` 0
    /// for the gap: `(after, gap)`.
    pub dhcp_renewal: Option<(Duration, Duration)>,
    /// The guest's interface order as adapter slots (`[1, 0]`: slot 1 is `Net/0`).
    pub nic_order: Option<Vec<u32>>,
    /// The host refuses to launch the VM process.
    pub launch_fails: bool,
}

impl Default for GuestShape {
    fn default() -> GuestShape {
        GuestShape {
            additions: true,
            honours_acpi: true,
            dhcp_renewal: None,
            nic_order: None,
            launch_fails: false,
        }
    }
}

impl GuestShape {
    /// The shape with only `honours_acpi` changed.
    pub fn ignoring_acpi() -> GuestShape {
        GuestShape {
            honours_acpi: false,
            ..GuestShape::default()
        }
    }
}
