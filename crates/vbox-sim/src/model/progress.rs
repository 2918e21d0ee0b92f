//! How long operations take: the progress objects of the API, with the durations measured on
//! a real 7.0.14 host (reference §8: "use these as the simulator's default durations").
//!
//! An operation puts the machine into its transient state at once, the caller's task sleeps
//! for the duration on tokio's clock, and whoever touches the machine after the due time
//! completes it (see [`super::state`]).

/// `startvm --type headless` until the progress completes: 0.7–1.0 s on the real host.
pub(crate) const START_MS: i64 = 800;
/// `controlvm poweroff`.
pub(crate) const POWER_OFF_MS: i64 = 110;
/// `controlvm savestate`.
pub(crate) const SAVE_STATE_MS: i64 = 260;
/// `snapshot take` of a machine that is not running.
pub(crate) const SNAPSHOT_MS: i64 = 46;
/// `snapshot take --live` (and the paused online variant, which also writes a state file).
pub(crate) const LIVE_SNAPSHOT_MS: i64 = 150;
/// Restoring or deleting a snapshot of empty placeholder disks.
pub(crate) const SNAPSHOT_MEDIA_MS: i64 = 40;
/// `clonevm` of machines with small disks (linked 42 ms, full 33 ms on the real host).
pub(crate) const CLONE_MS: i64 = 40;
/// `unregistervm --delete`.
pub(crate) const DELETE_MS: i64 = 40;

/// A guest boots for tens of seconds before VBoxService publishes anything.
pub(crate) const BOOT_DELAY_MS: i64 = 20_000;
/// VBoxService's `--vminfo-interval`: the `Net/Count` beacon is rewritten this often.
pub(crate) const BEACON_MS: i64 = 5_000;
/// From a restore until the Guest Additions have rewritten their properties (real 7.2.22,
/// a real guest: 4.5, 4.9 and 5.3 s).
pub(crate) const RESTORE_REPUBLISH_MS: i64 = 5_000;
/// How long a guest OS takes to shut down after the ACPI power button.
pub(crate) const ACPI_SHUTDOWN_MS: i64 = 3_000;
/// How long `Net/Count` stays `0` during a DHCP renewal.
pub(crate) const DHCP_GAP_MS: i64 = 2_000;
