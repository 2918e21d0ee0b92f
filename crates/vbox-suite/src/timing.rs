//! Every duration a scenario uses, so the same scenario runs on tokio's paused clock with a real
//! host's durations and in real time with durations short enough for a test run.

use std::time::Duration;

/// The durations of one run of the suite.
///
/// The first group is what the simulator is told through its per-machine extradata keys
/// (`VBoxSim/*`; real VirtualBox ignores them, so a harness for a real host sets them to what
/// its guests really take). The second group is the timeouts the scenarios pass to vbox-ops.
/// The last two bound how far from its due time an observation may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// Power-on (Running) until the Guest Additions publish the network (`BootDelayMs`).
    pub boot_delay: Duration,
    /// The launch progress, Starting → Running (`StartDurationMs`).
    pub start_duration: Duration,
    /// ACPI power button → powered off (`AcpiShutdownMs`).
    pub acpi_shutdown: Duration,
    /// First publish of the network until the guest renews its DHCP lease (`DhcpRenewAfterMs`).
    pub dhcp_renew_after: Duration,
    /// How long `Net/Count` is `0` during the renewal (`DhcpRenewGapMs`).
    pub dhcp_renew_gap: Duration,
    /// How long another client holds a session lock in the lock scenario.
    pub lock_hold: Duration,
    /// Timeout of the waits that must succeed (start, stop, address waits).
    pub timeout: Duration,
    /// Timeout of an address wait that must time out.
    pub address_timeout: Duration,
    /// Timeout of an ACPI shutdown that the guest ignores (must time out).
    pub acpi_timeout: Duration,
    /// Deadline of a start that a held lock outlives; shorter than `lock_hold`.
    pub lock_timeout: Duration,
    /// How far from its due time something that should happen "then" (an address after the
    /// boot delay, a failure "at once") may be seen: state polls, round trips to the backend.
    pub tolerance: Duration,
    /// How long after its deadline an operation that timed out may still take to return
    /// (polling slices, the escalating power-off).
    pub slack: Duration,
    /// The run is on tokio's paused clock, where durations are exact: only then do scenarios
    /// assert upper bounds ("at once", "no retries", "within the slack"). A real-time run on a
    /// loaded machine may take any longer, so it asserts lower bounds and the order of events.
    pub paused: bool,
}

impl Timing {
    /// A real host's durations (the simulator's defaults, measured on VirtualBox 7.0.14), for
    /// tokio's paused clock: nothing is slept for real, and upper bounds are asserted.
    pub fn realistic() -> Timing {
        Timing {
            boot_delay: Duration::from_secs(20),
            start_duration: Duration::from_millis(800),
            acpi_shutdown: Duration::from_secs(3),
            dhcp_renew_after: Duration::from_secs(10),
            dhcp_renew_gap: Duration::from_secs(2),
            lock_hold: Duration::from_secs(3),
            timeout: Duration::from_secs(60),
            address_timeout: Duration::from_secs(30),
            acpi_timeout: Duration::from_secs(10),
            lock_timeout: Duration::from_secs(1),
            tolerance: Duration::from_secs(1),
            slack: Duration::from_secs(5),
            paused: true,
        }
    }

    /// Short durations for runs in real time (an emulator process, a SOAP server): every
    /// scenario finishes in a few seconds. No upper bound is asserted in real time.
    pub fn fast() -> Timing {
        Timing {
            boot_delay: Duration::from_millis(300),
            start_duration: Duration::from_millis(50),
            acpi_shutdown: Duration::from_millis(150),
            dhcp_renew_after: Duration::from_millis(500),
            dhcp_renew_gap: Duration::from_millis(1500),
            lock_hold: Duration::from_millis(600),
            timeout: Duration::from_secs(5),
            address_timeout: Duration::from_millis(700),
            acpi_timeout: Duration::from_millis(500),
            lock_timeout: Duration::from_millis(200),
            tolerance: Duration::from_millis(200),
            slack: Duration::from_secs(1),
            paused: false,
        }
    }
}

impl Default for Timing {
    fn default() -> Timing {
        Timing::realistic()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The orderings the scenarios rely on, for both sets.
    #[test]
    fn durations_are_consistent() {
        for t in [Timing::realistic(), Timing::fast()] {
            assert!(t.lock_timeout < t.lock_hold, "{t:?}");
            assert!(t.tolerance < t.boot_delay, "{t:?}");
            assert!(t.acpi_timeout < t.timeout && t.address_timeout < t.timeout);
            assert!(t.start_duration + t.acpi_shutdown < t.timeout);
            assert!(t.boot_delay + t.dhcp_renew_after + t.dhcp_renew_gap < t.timeout);
        }
        let fast = Timing::fast();
        assert!(fast.timeout <= Duration::from_secs(5), "{fast:?}");
    }
}
