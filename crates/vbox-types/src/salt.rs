//! Salt-compatible tables, used only for Salt-shaped output.
//!
//! Salt's `salt/utils/virtualbox.py` keeps a 28-entry `MACHINE_STATE_LIST` in the 5.x
//! numbering, with the four pseudo values as extra entries 24–27, and maps anything it does
//! not know to `("Unknown", "This state is unknown to us. Might be new?")`. With that table a
//! running 7.x machine (value 6) reads as "Paused"; real API values must therefore be decoded
//! with [`crate::MachineState::from_number`] and this table used only where a user depends on
//! Salt's exact output.

use crate::CloneMode;

/// Salt's fallback for values and names it does not know.
pub const SALT_UNKNOWN_STATE: (&str, &str) =
    ("Unknown", "This state is unknown to us. Might be new?");

/// Salt's `MACHINE_STATE_LIST`, in order (index = Salt's number). The descriptions are the
/// VirtualBox SDK texts Salt carries, kept verbatim because Salt users see them.
pub const SALT_MACHINE_STATES: [(&str, &str); 28] = [
    ("Null", "Null value (never used by the API)"),
    ("PoweredOff", "The machine is not running and has no saved execution state; it has either never been started or been shut down successfully."),
    ("Saved", "The machine is not currently running, but the execution state of the machine has been saved to an external file when it was running, from where it can be resumed."),
    ("Teleported", "The machine was teleported to a different host (or process) and then powered off. Take care when powering it on again may corrupt resources it shares with the teleportation target (e.g. disk and network)."),
    ("Aborted", "The process running the machine has terminated abnormally. This may indicate a crash of the VM process in host execution context, or the VM process has been terminated externally."),
    ("Running", "The machine is currently being executed."),
    ("Paused", "Execution of the machine has been paused."),
    ("Stuck", "Execution of the machine has reached the 'Guru Meditation' condition. This indicates a severe error in the hypervisor itself."),
    ("Teleporting", "The machine is about to be teleported to a different host or process. It is possible to pause a machine in this state, but it will go to the TeleportingPausedVM state and it will not be possible to resume it again unless the teleportation fails."),
    ("LiveSnapshotting", "A live snapshot is being taken. The machine is running normally, but some of the runtime configuration options are inaccessible. Also, if paused while in this state it will transition to OnlineSnapshotting and it will not be resume the execution until the snapshot operation has completed."),
    ("Starting", "Machine is being started after powering it on from a zero execution state."),
    ("Stopping", "Machine is being normally stopped powering it off, or after the guest OS has initiated a shutdown sequence."),
    ("Saving", "Machine is saving its execution state to a file."),
    ("Restoring", "Execution state of the machine is being restored from a file after powering it on from the saved execution state."),
    ("TeleportingPausedVM", "The machine is being teleported to another host or process, but it is not running. This is the paused variant of the Teleporting state."),
    ("TeleportingIn", "Teleporting the machine state in from another host or process."),
    ("FaultTolerantSyncing", "The machine is being synced with a fault tolerant VM running else-where."),
    ("DeletingSnapshotOnline", "Like DeletingSnapshot , but the merging of media is ongoing in the background while the machine is running."),
    ("DeletingSnapshotPaused", "Like DeletingSnapshotOnline , but the machine was paused when the merging of differencing media was started."),
    ("OnlineSnapshotting", "Like LiveSnapshotting , but the machine was paused when the merging of differencing media was started."),
    ("RestoringSnapshot", "A machine snapshot is being restored; this typically does not take long."),
    ("DeletingSnapshot", "A machine snapshot is being deleted; this can take a long time since this may require merging differencing media. This value indicates that the machine is not running while the snapshot is being deleted."),
    ("SettingUp", "Lengthy setup operation is in progress."),
    ("Snapshotting", "Taking an (offline) snapshot."),
    ("FirstOnline", "Pseudo-state: first online state (for use in relational expressions)."),
    ("LastOnline", "Pseudo-state: last online state (for use in relational expressions)."),
    ("FirstTransient", "Pseudo-state: first transient state (for use in relational expressions)."),
    ("LastTransient", "Pseudo-state: last transient state (for use in relational expressions)."),
];

/// What Salt's `vb_machinestate_to_tuple` accepts: a number, a name, or anything else.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SaltStateKey<'a> {
    /// An integer: looked up by index.
    Number(i64),
    /// A string: looked up by name (exact, case-sensitive).
    Name(&'a str),
    /// Anything else (None, a float): always Unknown.
    Other,
}

/// Salt's `vb_machinestate_to_tuple`: `(name, description)`, or the Unknown pair.
pub fn salt_state_tuple(key: SaltStateKey<'_>) -> (&'static str, &'static str) {
    let found = match key {
        SaltStateKey::Number(n) => usize::try_from(n)
            .ok()
            .and_then(|i| SALT_MACHINE_STATES.get(i)),
        SaltStateKey::Name(name) => SALT_MACHINE_STATES.iter().find(|(n, _)| *n == name),
        SaltStateKey::Other => None,
    };
    found.copied().unwrap_or(SALT_UNKNOWN_STATE)
}

/// The error text of salt-cloud for a `clonemode` outside `state`, `child`, `all`.
pub const SALT_ILLEGAL_CLONEMODE: &str =
    "Illegal clonemode for virtualbox profile.  Legal values are: state,child,all";

/// Salt's `map_clonemode`: no value means `MachineState` (Salt's 0); `state`, `child`, `all`
/// map to 0, 1, 2 (MachineState, MachineAndChildStates, AllStates); anything else is refused
/// with Salt's text.
pub fn salt_clone_mode(word: Option<&str>) -> Result<CloneMode, &'static str> {
    match word {
        None => Ok(CloneMode::MachineState),
        Some("state") => Ok(CloneMode::MachineState),
        Some("child") => Ok(CloneMode::MachineAndChildStates),
        Some("all") => Ok(CloneMode::AllStates),
        Some(_) => Err(SALT_ILLEGAL_CLONEMODE),
    }
}

/// Salt's number for a clone mode (its `map_clonemode` result: 0, 1, 2).
pub fn salt_clone_mode_number(mode: CloneMode) -> u32 {
    match mode {
        CloneMode::MachineState => 0,
        CloneMode::MachineAndChildStates => 1,
        CloneMode::AllStates => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salt_table_shape() {
        assert_eq!(SALT_MACHINE_STATES.len(), 28);
        assert_eq!(salt_state_tuple(SaltStateKey::Number(1)).0, "PoweredOff");
        assert_eq!(salt_state_tuple(SaltStateKey::Number(5)).0, "Running");
        assert_eq!(
            salt_state_tuple(SaltStateKey::Name("Running")),
            ("Running", "The machine is currently being executed.")
        );
        assert_eq!(
            salt_state_tuple(SaltStateKey::Number(99)),
            SALT_UNKNOWN_STATE
        );
        assert_eq!(
            salt_state_tuple(SaltStateKey::Number(-1)),
            SALT_UNKNOWN_STATE
        );
        assert_eq!(salt_state_tuple(SaltStateKey::Other), SALT_UNKNOWN_STATE);
        assert_eq!(salt_state_tuple(SaltStateKey::Number(24)).0, "FirstOnline");
        assert_eq!(
            salt_state_tuple(SaltStateKey::Number(27)).0,
            "LastTransient"
        );
    }

    #[test]
    fn clonemode_words() {
        assert_eq!(salt_clone_mode(None), Ok(CloneMode::MachineState));
        assert_eq!(
            salt_clone_mode(Some("child")),
            Ok(CloneMode::MachineAndChildStates)
        );
        assert_eq!(
            salt_clone_mode(Some("all")).map(salt_clone_mode_number),
            Ok(2)
        );
        assert_eq!(salt_clone_mode(Some("bogus")), Err(SALT_ILLEGAL_CLONEMODE));
    }
}
