//! Beginning lifecycle operations: `launchVMProcess` and the `IConsole` actions. Each check
//! happens in VirtualBox's order, so each refusal carries VirtualBox's text for that case.

use super::faults::Behaviour;
use super::guest;
use super::machine::MachineRecord;
use super::progress;
use super::session;
use super::state::{Pending, PendingOp, RunRecord};
use super::{errors, new_uuid, Ctx};
use vbox_types::{ControlAction, MachineState, Result, StartType};

/// A progress the caller waits for: its id and when it completes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Progress {
    /// Pending id.
    pub id: String,
    /// Due time, ms.
    pub due_ms: i64,
    /// The failure the progress will end with.
    pub failure: Option<String>,
}

/// Begin `launchVMProcess`: Starting (Restoring from a saved state) with the session
/// Spawning, until the progress completes.
pub(crate) fn begin_start(
    m: &mut MachineRecord,
    start_type: StartType,
    ctx: &Ctx<'_>,
) -> Result<Progress> {
    // A running (or launching, or otherwise locked) machine refuses the launch with the lock
    // error, which is what `startvm` of a running machine prints (7.0.14 capture).
    session::check_launch(m, ctx.now)?;
    if !m.state.can_start() {
        return Err(errors::invalid_state(m.state));
    }
    let b = Behaviour::of(m);
    let restore = matches!(m.state, MachineState::Saved | MachineState::AbortedSaved);
    let from = m.state;
    let id = new_uuid();
    let due_ms = ctx.now + b.start_ms;
    m.set_state(
        if restore {
            MachineState::Restoring
        } else {
            MachineState::Starting
        },
        ctx.now,
    );
    m.session_name = Some(start_type.session_name().to_string());
    m.held_lock = None;
    m.pending = Some(Pending {
        id: id.clone(),
        op: PendingOp::Start {
            restore,
            failure: b.start_failure.clone(),
        },
        from,
        started_ms: ctx.now,
        due_ms,
    });
    Ok(Progress {
        id,
        due_ms,
        failure: b.start_failure,
    })
}

/// Begin an `IConsole` action. Returns the progress to wait for, if the action has one.
pub(crate) fn begin_control(
    m: &mut MachineRecord,
    action: ControlAction,
    ctx: &Ctx<'_>,
) -> Result<Option<Progress>> {
    let now = ctx.now;
    let state = m.state;
    if action == ControlAction::PowerOff
        && matches!(state, MachineState::Saved | MachineState::AbortedSaved)
    {
        return Err(errors::power_down_saved());
    }
    // VBoxManage controlvm needs the console of a VM process.
    if !session::has_vm_process(m) {
        return Err(errors::not_running(&m.name, ctx.api()));
    }
    match action {
        ControlAction::PowerOff => {
            match state {
                MachineState::Running | MachineState::Paused | MachineState::Stuck => {}
                MachineState::Stopping => return Err(errors::power_down_stopping()),
                other => return Err(errors::power_down_invalid(other)),
            }
            Ok(Some(begin_pending(
                m,
                PendingOp::PowerOff,
                MachineState::Stopping,
                progress::POWER_OFF_MS,
                now,
            )))
        }
        ControlAction::SaveState => {
            match state {
                MachineState::Running | MachineState::Paused => {}
                other => return Err(errors::cannot_save(other)),
            }
            Ok(Some(begin_pending(
                m,
                PendingOp::SaveState,
                MachineState::Saving,
                progress::SAVE_STATE_MS,
                now,
            )))
        }
        ControlAction::AcpiPowerButton => {
            if !matches!(
                state,
                MachineState::Running | MachineState::Teleporting | MachineState::LiveSnapshotting
            ) {
                return Err(errors::invalid_state(state));
            }
            let b = Behaviour::of(m);
            if let Some(r) = m.run.as_mut() {
                // The button returns at once; a guest that listens shuts down a little later,
                // one that does not (no ACPI daemon) never does.
                if !b.acpi_ignored && r.acpi_at_ms.is_none() {
                    r.acpi_at_ms = Some(now + b.acpi_shutdown_ms);
                }
            }
            Ok(None)
        }
        ControlAction::Pause => match state {
            MachineState::Running | MachineState::Teleporting | MachineState::LiveSnapshotting => {
                if let Some(r) = m.run.as_mut() {
                    r.freeze(now);
                }
                m.set_state(MachineState::Paused, now);
                Ok(None)
            }
            MachineState::Paused
            | MachineState::TeleportingPausedVM
            | MachineState::OnlineSnapshotting => Err(errors::already_paused()),
            other => Err(errors::invalid_state(other)),
        },
        ControlAction::Resume => match state {
            MachineState::Paused => {
                if let Some(r) = m.run.as_mut() {
                    r.thaw(now);
                }
                m.set_state(MachineState::Running, now);
                guest::vm_resumed(m, now);
                Ok(None)
            }
            other => Err(errors::not_paused(other)),
        },
        ControlAction::Reset => match state {
            MachineState::Running | MachineState::Teleporting | MachineState::LiveSnapshotting => {
                // A hard reset: the guest reboots without shutting VBoxService down, so its
                // properties stay (TRANSIENT ones too) until the new boot rewrites them.
                m.run = Some(RunRecord::boot(now, &Behaviour::of(m)));
                guest::vm_reset(m, now);
                Ok(None)
            }
            other => Err(errors::invalid_state(other)),
        },
    }
}

fn begin_pending(
    m: &mut MachineRecord,
    op: PendingOp,
    state: MachineState,
    dur: i64,
    now: i64,
) -> Progress {
    if let Some(r) = m.run.as_mut() {
        r.freeze(now);
    }
    let id = new_uuid();
    m.pending = Some(Pending {
        id: id.clone(),
        op,
        from: m.state,
        started_ms: now,
        due_ms: now + dur,
    });
    m.set_state(state, now);
    Progress {
        id,
        due_ms: now + dur,
        failure: None,
    }
}
