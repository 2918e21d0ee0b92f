//! `MachineState`, decoded per API generation.
//!
//! VirtualBox renumbered this enum twice: 6.1 removed `FaultTolerantSyncing` (16) so every
//! later value moved down by one, and 7.0 inserted `AbortedSaved` = 5 so everything from
//! `Running` on moved up by one. The canonical form is therefore the *name*; numbers are only
//! ever decoded or encoded together with an [`ApiVersion`]. The pseudo values (`FirstOnline`,
//! `LastOnline`, `FirstTransient`, `LastTransient`) are range bounds, exposed as functions,
//! never as states.

use crate::ApiVersion;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The execution state of a virtual machine, by its API name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MachineState {
    /// Never used by the API.
    Null,
    /// Not running, no saved state.
    PoweredOff,
    /// Not running, execution state saved to a file.
    Saved,
    /// Teleported to another host or process, then powered off.
    Teleported,
    /// The VM process ended abnormally.
    Aborted,
    /// A saved machine whose process died before reaching Running (7.0+).
    AbortedSaved,
    /// Executing.
    Running,
    /// Execution paused.
    Paused,
    /// Guru Meditation: a fatal VMM error.
    Stuck,
    /// About to be teleported.
    Teleporting,
    /// Taking a live snapshot.
    LiveSnapshotting,
    /// Powering on.
    Starting,
    /// Powering off.
    Stopping,
    /// Saving the execution state.
    Saving,
    /// Restoring a saved execution state.
    Restoring,
    /// Teleporting while paused.
    TeleportingPausedVM,
    /// Receiving a teleported state.
    TeleportingIn,
    /// Syncing with a fault-tolerant peer (5.2 and 6.0 only).
    FaultTolerantSyncing,
    /// Deleting a snapshot while running.
    DeletingSnapshotOnline,
    /// Deleting a snapshot while paused.
    DeletingSnapshotPaused,
    /// Snapshot of a running VM that is paused.
    OnlineSnapshotting,
    /// Restoring a snapshot.
    RestoringSnapshot,
    /// Deleting a snapshot of a VM that is not running.
    DeletingSnapshot,
    /// A long configuration operation is in progress.
    SettingUp,
    /// Taking an offline snapshot.
    Snapshotting,
}

use MachineState as S;

/// One row of the state table: (state, Global name, VBoxManage short name, human name, description).
struct Row(
    MachineState,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// Every state in the canonical order. That order is monotonic with the numbering of every
/// generation, which is what makes the online/transient range checks version independent.
const TABLE: [Row; 25] = [
    Row(
        S::Null,
        "Null",
        "null",
        "null",
        "Null value, never used by the API",
    ),
    Row(
        S::PoweredOff,
        "PoweredOff",
        "poweroff",
        "powered off",
        "Not running and no saved state: never started, or shut down cleanly",
    ),
    Row(
        S::Saved,
        "Saved",
        "saved",
        "saved",
        "Not running; the execution state was saved to a file and can be resumed",
    ),
    Row(
        S::Teleported,
        "Teleported",
        "teleported",
        "teleported",
        "Teleported to another host or process, then powered off",
    ),
    Row(
        S::Aborted,
        "Aborted",
        "aborted",
        "aborted",
        "The VM process ended abnormally (crash or killed); otherwise like PoweredOff",
    ),
    Row(
        S::AbortedSaved,
        "Aborted-Saved",
        "aborted-saved",
        "aborted-saved",
        "A saved machine whose VM process died before it reached Running",
    ),
    Row(S::Running, "Running", "running", "running", "Executing"),
    Row(
        S::Paused,
        "Paused",
        "paused",
        "paused",
        "Execution is paused",
    ),
    Row(
        S::Stuck,
        "GuruMeditation",
        "gurumeditation",
        "guru meditation",
        "Guru Meditation: a fatal error in the hypervisor",
    ),
    Row(
        S::Teleporting,
        "Teleporting",
        "teleporting",
        "teleporting",
        "About to be teleported; pausing gives TeleportingPausedVM",
    ),
    Row(
        S::LiveSnapshotting,
        "LiveSnapshotting",
        "livesnapshotting",
        "live snapshotting",
        "Taking a live snapshot while running",
    ),
    Row(
        S::Starting,
        "Starting",
        "starting",
        "starting",
        "Powering on from a zero state",
    ),
    Row(
        S::Stopping,
        "Stopping",
        "stopping",
        "stopping",
        "Powering off, or the guest started a shutdown",
    ),
    Row(
        S::Saving,
        "Saving",
        "saving",
        "saving",
        "Writing the execution state to a file",
    ),
    Row(
        S::Restoring,
        "Restoring",
        "restoring",
        "restoring",
        "Loading a saved execution state while powering on",
    ),
    Row(
        S::TeleportingPausedVM,
        "TeleportingPausedVM",
        "teleportingpausedvm",
        "teleporting paused vm",
        "Teleporting while not running (the paused variant)",
    ),
    Row(
        S::TeleportingIn,
        "TeleportingIn",
        "teleportingin",
        "teleporting (incoming)",
        "Receiving the machine state from another host or process",
    ),
    Row(
        S::FaultTolerantSyncing,
        "FaultTolerantSyncing",
        "faulttolerantsyncing",
        "fault tolerant syncing",
        "Syncing with a fault-tolerant peer (removed in 6.1)",
    ),
    Row(
        S::DeletingSnapshotOnline,
        "DeletingSnapshotOnline",
        "deletingsnapshotlive",
        "deleting snapshot live",
        "Deleting a snapshot; media are merged while the VM runs",
    ),
    Row(
        S::DeletingSnapshotPaused,
        "DeletingSnapshotPaused",
        "deletingsnapshotlivepaused",
        "deleting snapshot live paused",
        "Deleting a snapshot; media are merged while the VM is paused",
    ),
    Row(
        S::OnlineSnapshotting,
        "OnlineSnapshotting",
        "onlinesnapshotting",
        "online snapshotting",
        "Taking a snapshot of a running VM that is (or was) paused",
    ),
    Row(
        S::RestoringSnapshot,
        "RestoringSnapshot",
        "restoringsnapshot",
        "restoring snapshot",
        "Restoring a snapshot (usually quick)",
    ),
    Row(
        S::DeletingSnapshot,
        "DeletingSnapshot",
        "deletingsnapshot",
        "deleting snapshot",
        "Deleting a snapshot of a VM that is not running (may be slow)",
    ),
    Row(
        S::SettingUp,
        "SettingUp",
        "settingup",
        "setting up",
        "A long configuration operation is in progress",
    ),
    Row(
        S::Snapshotting,
        "Snapshotting",
        "snapshotting",
        "offline snapshotting",
        "Taking an offline snapshot",
    ),
];

impl MachineState {
    /// Every state, in canonical order (including the version-specific ones).
    pub fn all() -> impl Iterator<Item = MachineState> {
        TABLE.iter().map(|r| r.0)
    }

    fn row(self) -> &'static Row {
        &TABLE[self as usize]
    }

    /// Whether this state exists in the given API generation.
    pub fn exists_in(self, api: ApiVersion) -> bool {
        match self {
            S::AbortedSaved => api >= ApiVersion::V7_0,
            S::FaultTolerantSyncing => api <= ApiVersion::V6_0,
            _ => true,
        }
    }

    /// The states of one API generation, in numeric order (index = value).
    pub fn states_of(api: ApiVersion) -> Vec<MachineState> {
        Self::all().filter(|s| s.exists_in(api)).collect()
    }

    /// The numeric value in the given API generation, `None` if the state does not exist there.
    pub fn to_number(self, api: ApiVersion) -> Option<u32> {
        if !self.exists_in(api) {
            return None;
        }
        Self::all()
            .filter(|s| s.exists_in(api))
            .position(|s| s == self)
            .map(|p| p as u32)
    }

    /// Decode a numeric value with the table of the given API generation. Pseudo values are
    /// aliases of real states (e.g. `FirstOnline` is `Running`) and decode to them.
    pub fn from_number(value: u32, api: ApiVersion) -> Option<MachineState> {
        Self::states_of(api).get(value as usize).copied()
    }

    /// The API name (`PoweredOff`, `AbortedSaved`, `Stuck`), as SOAP sends it.
    pub fn api_name(self) -> &'static str {
        match self {
            S::Null => "Null",
            S::PoweredOff => "PoweredOff",
            S::Saved => "Saved",
            S::Teleported => "Teleported",
            S::Aborted => "Aborted",
            S::AbortedSaved => "AbortedSaved",
            S::Running => "Running",
            S::Paused => "Paused",
            S::Stuck => "Stuck",
            S::Teleporting => "Teleporting",
            S::LiveSnapshotting => "LiveSnapshotting",
            S::Starting => "Starting",
            S::Stopping => "Stopping",
            S::Saving => "Saving",
            S::Restoring => "Restoring",
            S::TeleportingPausedVM => "TeleportingPausedVM",
            S::TeleportingIn => "TeleportingIn",
            S::FaultTolerantSyncing => "FaultTolerantSyncing",
            S::DeletingSnapshotOnline => "DeletingSnapshotOnline",
            S::DeletingSnapshotPaused => "DeletingSnapshotPaused",
            S::OnlineSnapshotting => "OnlineSnapshotting",
            S::RestoringSnapshot => "RestoringSnapshot",
            S::DeletingSnapshot => "DeletingSnapshot",
            S::SettingUp => "SettingUp",
            S::Snapshotting => "Snapshotting",
        }
    }

    /// The name API error texts use (`Global::stringifyMachineState`): `GuruMeditation`,
    /// `Aborted-Saved`; the rest equal the API name.
    pub fn global_name(self) -> &'static str {
        self.row().1
    }

    /// The VBoxManage short name, the `VMState=` value of `showvminfo --machinereadable`
    /// (`poweroff`, `gurumeditation`, `aborted-saved`).
    pub fn short_name(self) -> &'static str {
        self.row().2
    }

    /// The human-readable name of `showvminfo` without `--machinereadable` (`powered off`).
    pub fn human_name(self) -> &'static str {
        self.row().3
    }

    /// A one-line description of the state.
    pub fn description(self) -> &'static str {
        self.row().4
    }

    /// Parse an API name, case-sensitively as the API spells it; `GuruMeditation` and
    /// `Aborted-Saved` (the Global names) are accepted too.
    pub fn from_api_name(name: &str) -> Option<MachineState> {
        Self::all().find(|s| s.api_name() == name || s.global_name() == name)
    }

    /// Parse a VBoxManage short name (`poweroff`, `gurumeditation`, `aborted-saved`).
    pub fn from_short_name(name: &str) -> Option<MachineState> {
        Self::all().find(|s| s.short_name() == name)
    }

    /// A VM process exists: `FirstOnline <= state <= LastOnline` (Running … OnlineSnapshotting).
    pub fn is_online(self) -> bool {
        (S::Running..=S::OnlineSnapshotting).contains(&self)
    }

    /// An operation is in progress: `FirstTransient <= state <= LastTransient`
    /// (Teleporting … Snapshotting).
    pub fn is_transient(self) -> bool {
        (S::Teleporting..=S::Snapshotting).contains(&self)
    }

    /// The machine can be started from this state (PoweredOff, Saved, Teleported, Aborted,
    /// AbortedSaved).
    pub fn can_start(self) -> bool {
        matches!(
            self,
            S::PoweredOff | S::Saved | S::Teleported | S::Aborted | S::AbortedSaved
        )
    }
}

/// The pseudo values of one API generation: bounds for range checks on raw numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StateBounds {
    /// `FirstOnline` (the value of Running).
    pub first_online: u32,
    /// `LastOnline` (the value of OnlineSnapshotting).
    pub last_online: u32,
    /// `FirstTransient` (the value of Teleporting).
    pub first_transient: u32,
    /// `LastTransient` (the value of Snapshotting).
    pub last_transient: u32,
}

impl StateBounds {
    /// The bounds of a generation: 5.2/6.0 5/19/8/23, 6.1 5/18/8/22, 7.0+ 6/19/9/23.
    pub fn of(api: ApiVersion) -> StateBounds {
        let n = |s: MachineState| {
            s.to_number(api)
                .expect("bound states exist in every generation")
        };
        StateBounds {
            first_online: n(S::Running),
            last_online: n(S::OnlineSnapshotting),
            first_transient: n(S::Teleporting),
            last_transient: n(S::Snapshotting),
        }
    }
}

impl fmt::Display for MachineState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.api_name())
    }
}

/// Error for a state name that is neither an API name nor a VBoxManage short name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown machine state '{0}'")]
pub struct ParseStateError(pub String);

impl FromStr for MachineState {
    type Err = ParseStateError;

    /// Accepts an API name, a Global name or a VBoxManage short name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MachineState::from_api_name(s)
            .or_else(|| MachineState::from_short_name(s))
            .ok_or_else(|| ParseStateError(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApiVersion::*;

    /// The numbering of the reference (virtualbox-api.md §2.1), written out per generation.
    fn expected(api: ApiVersion) -> Vec<(u32, &'static str)> {
        let v52 = vec![
            (0, "Null"),
            (1, "PoweredOff"),
            (2, "Saved"),
            (3, "Teleported"),
            (4, "Aborted"),
            (5, "Running"),
            (6, "Paused"),
            (7, "Stuck"),
            (8, "Teleporting"),
            (9, "LiveSnapshotting"),
            (10, "Starting"),
            (11, "Stopping"),
            (12, "Saving"),
            (13, "Restoring"),
            (14, "TeleportingPausedVM"),
            (15, "TeleportingIn"),
            (16, "FaultTolerantSyncing"),
            (17, "DeletingSnapshotOnline"),
            (18, "DeletingSnapshotPaused"),
            (19, "OnlineSnapshotting"),
            (20, "RestoringSnapshot"),
            (21, "DeletingSnapshot"),
            (22, "SettingUp"),
            (23, "Snapshotting"),
        ];
        let v61 = vec![
            (0, "Null"),
            (1, "PoweredOff"),
            (2, "Saved"),
            (3, "Teleported"),
            (4, "Aborted"),
            (5, "Running"),
            (6, "Paused"),
            (7, "Stuck"),
            (8, "Teleporting"),
            (9, "LiveSnapshotting"),
            (10, "Starting"),
            (11, "Stopping"),
            (12, "Saving"),
            (13, "Restoring"),
            (14, "TeleportingPausedVM"),
            (15, "TeleportingIn"),
            (16, "DeletingSnapshotOnline"),
            (17, "DeletingSnapshotPaused"),
            (18, "OnlineSnapshotting"),
            (19, "RestoringSnapshot"),
            (20, "DeletingSnapshot"),
            (21, "SettingUp"),
            (22, "Snapshotting"),
        ];
        let v70 = vec![
            (0, "Null"),
            (1, "PoweredOff"),
            (2, "Saved"),
            (3, "Teleported"),
            (4, "Aborted"),
            (5, "AbortedSaved"),
            (6, "Running"),
            (7, "Paused"),
            (8, "Stuck"),
            (9, "Teleporting"),
            (10, "LiveSnapshotting"),
            (11, "Starting"),
            (12, "Stopping"),
            (13, "Saving"),
            (14, "Restoring"),
            (15, "TeleportingPausedVM"),
            (16, "TeleportingIn"),
            (17, "DeletingSnapshotOnline"),
            (18, "DeletingSnapshotPaused"),
            (19, "OnlineSnapshotting"),
            (20, "RestoringSnapshot"),
            (21, "DeletingSnapshot"),
            (22, "SettingUp"),
            (23, "Snapshotting"),
        ];
        match api {
            V5_2 | V6_0 => v52,
            V6_1 => v61,
            V7_0 | V7_1 | V7_2 => v70,
        }
    }

    #[test]
    fn every_value_of_every_generation_round_trips() {
        for api in ApiVersion::ALL {
            let table = expected(api);
            assert_eq!(MachineState::states_of(api).len(), table.len(), "{api}");
            for (n, name) in table {
                let s = MachineState::from_number(n, api).unwrap();
                assert_eq!(s.api_name(), name, "{api} value {n}");
                assert_eq!(s.to_number(api), Some(n));
                assert_eq!(MachineState::from_api_name(name), Some(s));
                assert_eq!(MachineState::from_short_name(s.short_name()), Some(s));
                assert_eq!(s.short_name().parse::<MachineState>().unwrap(), s);
            }
            assert_eq!(MachineState::from_number(24, api), None);
        }
    }

    #[test]
    fn renumbering_is_visible() {
        assert_eq!(MachineState::from_number(5, V6_1), Some(S::Running));
        assert_eq!(MachineState::from_number(5, V7_0), Some(S::AbortedSaved));
        assert_eq!(MachineState::from_number(6, V7_1), Some(S::Running));
        assert_eq!(MachineState::from_number(6, V6_1), Some(S::Paused));
        assert_eq!(S::AbortedSaved.to_number(V6_1), None);
        assert_eq!(S::FaultTolerantSyncing.to_number(V7_0), None);
    }

    #[test]
    fn pseudo_values_are_bounds() {
        let b = |a| StateBounds::of(a);
        assert_eq!(
            b(V5_2),
            StateBounds {
                first_online: 5,
                last_online: 19,
                first_transient: 8,
                last_transient: 23
            }
        );
        assert_eq!(
            b(V6_1),
            StateBounds {
                first_online: 5,
                last_online: 18,
                first_transient: 8,
                last_transient: 22
            }
        );
        assert_eq!(
            b(V7_0),
            StateBounds {
                first_online: 6,
                last_online: 19,
                first_transient: 9,
                last_transient: 23
            }
        );
        for api in ApiVersion::ALL {
            let bounds = b(api);
            for s in MachineState::states_of(api) {
                let n = s.to_number(api).unwrap();
                assert_eq!(
                    s.is_online(),
                    (bounds.first_online..=bounds.last_online).contains(&n),
                    "{s} {api}"
                );
                assert_eq!(
                    s.is_transient(),
                    (bounds.first_transient..=bounds.last_transient).contains(&n),
                    "{s} {api}"
                );
            }
        }
    }

    #[test]
    fn names_per_flavour() {
        assert_eq!(S::Stuck.api_name(), "Stuck");
        assert_eq!(S::Stuck.global_name(), "GuruMeditation");
        assert_eq!(S::Stuck.short_name(), "gurumeditation");
        assert_eq!(S::AbortedSaved.global_name(), "Aborted-Saved");
        assert_eq!(S::AbortedSaved.short_name(), "aborted-saved");
        assert_eq!(
            S::DeletingSnapshotOnline.short_name(),
            "deletingsnapshotlive"
        );
        assert_eq!(S::Snapshotting.human_name(), "offline snapshotting");
        assert!(S::Running.is_online() && !S::Running.is_transient());
        assert!(S::Paused.is_online() && S::Stuck.is_online());
        assert!(!S::SettingUp.is_online() && S::SettingUp.is_transient());
        assert!("bogus".parse::<MachineState>().is_err());
    }
}
