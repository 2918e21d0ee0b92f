//! The lifecycle scenarios: clones, start/stop with escalation, address waits through DHCP
//! renewals and stale values, lock retries, failures, destroy's media rules, and what a
//! running machine does (save/restore, pause/resume, online snapshots, property waits).
//!
//! Each is `async fn(&dyn Harness)` and panics on a failed assertion. Every scenario here must
//! also be listed in [`crate::lifecycle_tests!`] so each backend runs it.

mod addresses;
mod config;
mod fleet;
mod hostonly;
mod machines;
mod power;
mod running;
mod storage;

pub use addresses::{
    addresses_are_matched_to_slots_by_mac, dhcp_renewal_during_the_wait,
    missing_guest_additions_time_out_with_a_hint, stale_address_after_a_restore,
    wait_on_a_powered_off_machine_fails_at_once,
};
pub use config::settings_and_forwards_are_changed_and_read_back;
pub use fleet::up_and_down_of_linked_clones;
pub use hostonly::host_only_networks_are_listed_created_and_removed;
pub use machines::{
    destroy_of_a_linked_clone_template, destroy_of_a_running_machine_powers_it_off_first,
    failed_clones_leave_nothing, linked_clone_start_wait_acpi_stop_destroy,
};
pub use power::{
    acpi_ignored_escalates_or_times_out, start_failure_is_reported_and_not_retried,
    start_of_a_running_machine_is_refused, start_retries_a_held_session_lock,
};
pub use running::{
    guest_property_waits, online_snapshot_of_a_running_machine, pause_and_resume,
    save_state_and_start_from_saved,
};
pub use storage::storage_and_shared_folders_are_changed_and_read_back;
