//! Extradata keys that change how the simulated machine behaves.
//!
//! They live in the machine's extradata (`VBoxManage setextradata <vm> VBoxSim/… <value>`,
//! `Backend::set_extradata`), so they work through every backend that reaches the simulator
//! and survive cloning (VirtualBox copies extradata to clones). Every key is documented with
//! its default and an example in `docs/simulator.md`.

/// `1`: the guest has no Guest Additions, so no `/VirtualBox/GuestAdd/*` or
/// `/VirtualBox/GuestInfo/*` property is ever published. Default: unset (Guest Additions run).
pub const NO_GUEST_ADDITIONS: &str = "VBoxSim/NoGuestAdditions";

/// Milliseconds from power-on (Running) until the Guest Additions publish their properties:
/// the guest's boot time. Default 20000 (a real guest boots for tens of seconds).
pub const BOOT_DELAY_MS: &str = "VBoxSim/BootDelayMs";

/// `1`: the guest ignores the ACPI power button (no ACPI daemon, a stuck shutdown).
pub const ACPI_IGNORED: &str = "VBoxSim/AcpiIgnored";

/// Milliseconds the guest takes to shut down after the ACPI power button. Default 3000.
pub const ACPI_SHUTDOWN_MS: &str = "VBoxSim/AcpiShutdownMs";

/// The launch fails: `1` gives VirtualBox's "has terminated unexpectedly during startup"
/// text, any other value is used as the error text. The progress fails with E_FAIL.
pub const START_FAILURE: &str = "VBoxSim/StartFailure";

/// The VM process dies this many ms after reaching Running (state Aborted).
pub const CRASH_AFTER_MS: &str = "VBoxSim/CrashAfterMs";

/// Milliseconds after the Guest Additions first published the network until the guest renews
/// its DHCP lease: `Net/Count` drops to `0` for a gap, then comes back. Default: unset (never).
pub const DHCP_RENEW_AFTER_MS: &str = "VBoxSim/DhcpRenewAfterMs";

/// Length of the DHCP renewal gap in ms. Default 2000.
pub const DHCP_RENEW_GAP_MS: &str = "VBoxSim/DhcpRenewGapMs";

/// `1`: the renewal hands out a new address (the next free one of the network).
pub const DHCP_RENEW_NEW_ADDRESS: &str = "VBoxSim/DhcpRenewNewAddress";

/// The guest's interface enumeration order as a comma list of adapter slots (0-based), e.g.
/// `2,0,1`: slot 2 becomes `Net/0`. Unlisted slots follow in slot order. Default: slot order.
pub const GUEST_NIC_ORDER: &str = "VBoxSim/GuestNicOrder";

/// Prefix of the per-slot static address keys: `VBoxSim/StaticIp/<slot>` = `10.10.0.5` or
/// `10.10.0.5/24`. Needed for internal networks (no DHCP there); overrides other attachments.
pub const STATIC_IP_PREFIX: &str = "VBoxSim/StaticIp/";

/// `1`: also publish `Net/<i>/V6/IP` and `V6/Netmask` (a hypothetical future Guest
/// Additions; real ones up to 7.2 publish no IPv6).
pub const PUBLISH_IPV6: &str = "VBoxSim/PublishIPv6";

/// Duration of the launch progress in ms (Starting → Running). Default 800.
pub const START_DURATION_MS: &str = "VBoxSim/StartDurationMs";

/// Global extradata (`VBoxManage setextradata global VBoxSim/NoHostOnlyDriver 1`), not a
/// machine's: `1` makes creating a host-only interface fail as on a real Linux host without the
/// vboxnetadp kernel driver ("VBoxNetAdpCtl: Error while adding new interface: failed to open
/// /dev/vboxnetctl: No such file or directory"). Default: unset (creation succeeds).
pub const NO_HOST_ONLY_DRIVER: &str = "VBoxSim/NoHostOnlyDriver";

/// The key of one slot's static address.
pub fn static_ip(slot: u32) -> String {
    format!("{STATIC_IP_PREFIX}{slot}")
}

/// Every fixed key (without the per-slot `StaticIp/<slot>` family).
pub const ALL: &[&str] = &[
    NO_GUEST_ADDITIONS,
    BOOT_DELAY_MS,
    ACPI_IGNORED,
    ACPI_SHUTDOWN_MS,
    START_FAILURE,
    CRASH_AFTER_MS,
    DHCP_RENEW_AFTER_MS,
    DHCP_RENEW_GAP_MS,
    DHCP_RENEW_NEW_ADDRESS,
    GUEST_NIC_ORDER,
    PUBLISH_IPV6,
    START_DURATION_MS,
];
