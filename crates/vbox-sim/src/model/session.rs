//! Session locks (`ISession`, `IMachine::lockMachine`, `launchVMProcess`).
//!
//! A running VM holds its machine through the VM process's session: `sessionState` is
//! `Locked` (and `Spawning` while the process is being launched). Another client can hold a
//! lock too (`Sim::hold_lock`), which is how lock contention is simulated. The three refusal
//! texts differ by API call, and callers match on them, so each check names its call.

use super::machine::MachineRecord;
use super::state::PendingOp;
use super::{errors, Ctx};
use serde::{Deserialize, Serialize};
use vbox_types::{LockType, Result, SessionState};

/// A lock held by another client until a point in sim time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HeldLock {
    /// The lock type the client asked for.
    pub lock: LockType,
    /// When the client unlocks, ms.
    pub until_ms: i64,
}

/// Whether a VM process exists for the machine (launching, running, saving, stopping).
pub(crate) fn has_vm_process(m: &MachineRecord) -> bool {
    m.run.is_some()
        || matches!(
            m.pending.as_ref().map(|p| &p.op),
            Some(PendingOp::Start { .. })
        )
}

/// `IMachine.sessionState` and `sessionName` now.
pub(crate) fn session_of(m: &MachineRecord, now: i64) -> (SessionState, Option<String>) {
    if let Some(p) = &m.pending {
        if matches!(p.op, PendingOp::Start { .. }) {
            return (SessionState::Spawning, m.session_name.clone());
        }
    }
    if has_vm_process(m) {
        return (SessionState::Locked, m.session_name.clone());
    }
    if m.pending.is_some() {
        // An offline operation (snapshot, …) runs inside a write-locked session.
        return (SessionState::Locked, None);
    }
    if m.held_lock.as_ref().is_some_and(|h| h.until_ms > now) {
        return (SessionState::Locked, None);
    }
    (SessionState::Unlocked, None)
}

/// Whether any session holds the machine.
pub(crate) fn is_locked(m: &MachineRecord, now: i64) -> bool {
    session_of(m, now).0 != SessionState::Unlocked
}

/// `launchVMProcess` needs an unlocked machine.
pub(crate) fn check_launch(m: &MachineRecord, now: i64) -> Result<()> {
    if is_locked(m, now) {
        return Err(errors::locked_by_session(&m.name));
    }
    Ok(())
}

/// `lockMachine(Write)` (what `modifyvm`, offline snapshots and `setextradata`-style edits of
/// a stopped machine take) needs an unlocked machine.
pub(crate) fn check_write(m: &MachineRecord, now: i64) -> Result<()> {
    if is_locked(m, now) {
        return Err(errors::locked_for_session(&m.name));
    }
    Ok(())
}

/// `unregister` needs an unlocked machine.
pub(crate) fn check_unregister(m: &MachineRecord, now: i64) -> Result<()> {
    if is_locked(m, now) {
        return Err(errors::unregister_locked(&m.name));
    }
    Ok(())
}

/// Another client locks the machine until `ctx.now + hold_ms`. A shared lock on a running
/// machine links to the VM's session and excludes nobody; any other lock needs the machine
/// unlocked, as `lockMachine` does.
pub(crate) fn hold(
    m: &mut MachineRecord,
    lock: LockType,
    hold_ms: i64,
    ctx: &Ctx<'_>,
) -> Result<()> {
    match lock {
        LockType::Null => Err(errors::invalid_arg("Invalid lock type: Null")),
        LockType::Shared if has_vm_process(m) => Ok(()),
        _ => {
            check_write(m, ctx.now)?;
            m.held_lock = Some(HeldLock {
                lock,
                until_ms: ctx.now + hold_ms,
            });
            Ok(())
        }
    }
}

/// Forget a held lock whose time is up (the client unlocked).
pub(crate) fn expire(m: &mut MachineRecord, now: i64) -> bool {
    if m.held_lock.as_ref().is_some_and(|h| h.until_ms <= now) {
        m.held_lock = None;
        return true;
    }
    false
}
