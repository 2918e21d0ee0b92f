//! The lifecycle test suite of vboxctl: one body of scenarios that runs against every backend.
//!
//! A backend's test file provides a [`Harness`] (the backend, the [`Timing`] of the run,
//! whether the simulator's fault keys work, a way to hold a session lock from another client)
//! and expands [`lifecycle_tests!`], which makes one test per scenario of [`scenarios`]:
//!
//! ```no_run
//! vbox_suite::lifecycle_tests!(#[tokio::test(start_paused = true)], vbox_suite::SimHarness::new());
//! ```
//!
//! Scenarios never call the simulator directly, never assume time is paused or the backend is
//! in-process: they set the simulator's per-machine durations from the timing through
//! extradata (ignored by real VirtualBox), and the ones that need fault injection return early
//! with a log line when [`Harness::simulated`] is false.

mod guest;
mod harness;
pub mod real;
pub mod scenarios;
mod sim;
mod support;
mod timing;

pub use guest::GuestShape;
pub use harness::Harness;
pub use sim::SimHarness;
pub use timing::Timing;

pub use vbox_fixtures::write_tiny_iso;

/// A TCP port of loopback free now (for forwards: the real host's NAT binds those of running
/// machines here, and other tests run beside each one).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("address").port()
}

/// Expands to one test function per lifecycle scenario, each building a fresh harness with
/// `$harness` (an expression evaluated inside the async test, so it may `.await`) and running
/// the scenario of the same name on it. The attributes go on every test function.
///
/// ```ignore
/// vbox_suite::lifecycle_tests!(#[tokio::test(start_paused = true)], SimHarness::new());
/// vbox_suite::lifecycle_tests!(#[tokio::test] #[ignore = "needs VirtualBox"], real_host().await);
/// ```
#[macro_export]
macro_rules! lifecycle_tests {
    // The one list of scenarios, handed to another arm.
    (@list $($then:tt)*) => {
        // Braces: the expansion is items (tests) or an expression (the names).
        $crate::lifecycle_tests! { $($then)*
            linked_clone_start_wait_acpi_stop_destroy
            acpi_ignored_escalates_or_times_out
            dhcp_renewal_during_the_wait
            stale_address_after_a_restore
            missing_guest_additions_time_out_with_a_hint
            wait_on_a_powered_off_machine_fails_at_once
            start_retries_a_held_session_lock
            start_failure_is_reported_and_not_retried
            start_of_a_running_machine_is_refused
            destroy_of_a_linked_clone_template
            destroy_of_a_running_machine_powers_it_off_first
            addresses_are_matched_to_slots_by_mac
            failed_clones_leave_nothing
            save_state_and_start_from_saved
            pause_and_resume
            online_snapshot_of_a_running_machine
            guest_property_waits
            up_and_down_of_linked_clones
            settings_and_forwards_are_changed_and_read_back
            storage_and_shared_folders_are_changed_and_read_back
            host_only_networks_are_listed_created_and_removed
        }
    };
    (@names $($scenario:ident)+) => {
        &[$(stringify!($scenario)),+]
    };
    (@each $attrs:tt ($harness:expr) $($scenario:ident)+) => {
        $($crate::lifecycle_tests!(@one $attrs ($harness) $scenario);)+
    };
    (@one [$(#[$attr:meta])+] ($harness:expr) $scenario:ident) => {
        $(#[$attr])+
        async fn $scenario() {
            let harness = $harness;
            $crate::scenarios::$scenario(&harness).await;
        }
    };
    ($(#[$attr:meta])+, $harness:expr $(,)?) => {
        $crate::lifecycle_tests!(@list @each [$(#[$attr])+] ($harness));
    };
}

/// The names of the scenarios [`lifecycle_tests!`] makes tests of (the functions of
/// [`scenarios`]).
pub const SCENARIOS: &[&str] = lifecycle_tests!(@list @names);

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// A scenario written but left out of the macro would silently run on no backend.
    #[test]
    fn every_scenario_is_in_the_macro() {
        let sources = [
            include_str!("scenarios/addresses.rs"),
            include_str!("scenarios/config.rs"),
            include_str!("scenarios/fleet.rs"),
            include_str!("scenarios/hostonly.rs"),
            include_str!("scenarios/machines.rs"),
            include_str!("scenarios/power.rs"),
            include_str!("scenarios/running.rs"),
            include_str!("scenarios/storage.rs"),
        ];
        let written: BTreeSet<&str> = sources
            .iter()
            .flat_map(|s| s.lines())
            .filter_map(|l| l.strip_prefix("pub async fn "))
            .map(|l| l.split('(').next().unwrap_or_default())
            .collect();
        let listed: BTreeSet<&str> = super::SCENARIOS.iter().copied().collect();
        assert_eq!(written, listed);
        assert_eq!(listed.len(), super::SCENARIOS.len(), "listed once each");
        assert_eq!(listed.len(), 21);
    }
}
