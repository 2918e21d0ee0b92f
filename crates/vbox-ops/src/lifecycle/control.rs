//! Pause, resume and reset: `VBoxManage controlvm`'s verbs that keep the VM process alive.
//!
//! Each checks the machine's state first and refuses what VirtualBox refuses (real 7.2: resume
//! of a running machine "Cannot resume the machine as it is not paused", pause of a paused one
//! "Already paused", reset of a paused one "Invalid machine state: Paused", any of them on a
//! saved or powered-off machine "… is not currently running"), with the machine's name and
//! state instead of VirtualBox's words.

use super::power::wait_machine;
use crate::error::{check_name, Error, Result};
use crate::machines::get;
use crate::wait::retry_transient;
use std::time::Duration;
use tokio::time::Instant;
use vbox_types::{Backend, ControlAction, Machine, MachineState};

/// Pause a running machine; returns it Paused.
pub async fn pause(backend: &dyn Backend, name: &str, timeout: Duration) -> Result<Machine> {
    act(
        backend,
        name,
        timeout,
        ControlAction::Pause,
        "pause",
        MachineState::Running,
        MachineState::Paused,
    )
    .await
}

/// Resume a paused machine; returns it Running.
pub async fn resume(backend: &dyn Backend, name: &str, timeout: Duration) -> Result<Machine> {
    act(
        backend,
        name,
        timeout,
        ControlAction::Resume,
        "resume",
        MachineState::Paused,
        MachineState::Running,
    )
    .await
}

/// Reset (hard reboot) a running machine; returns it Running. The guest boots again: the
/// addresses it published before stay readable, and are stale, until it rewrites them.
pub async fn reset(backend: &dyn Backend, name: &str, timeout: Duration) -> Result<Machine> {
    act(
        backend,
        name,
        timeout,
        ControlAction::Reset,
        "reset",
        MachineState::Running,
        MachineState::Running,
    )
    .await
}

async fn act(
    backend: &dyn Backend,
    name: &str,
    timeout: Duration,
    action: ControlAction,
    operation: &'static str,
    from: MachineState,
    to: MachineState,
) -> Result<Machine> {
    check_name(name)?;
    let deadline = Instant::now() + timeout;
    let machine = get(backend, name).await?;
    if machine.state != from {
        return Err(Error::InvalidState {
            machine: name.into(),
            state: machine.state,
            operation,
        });
    }
    retry_transient(deadline, || backend.control_machine(&machine.id, action))
        .await
        .map_err(Error::backend(operation, name))?;
    wait_machine(backend, name, deadline, operation, |m| m.state == to).await
}
