//! Start and stop.

use crate::error::{check_name, Error, Result};
use crate::machines::get;
use crate::wait::retry_transient;
use std::time::Duration;
use tokio::time::{sleep, Instant};
use vbox_types::{
    Backend, ControlAction, ErrorKind, Machine, MachineState, SessionState, StartType,
};

/// How often a machine's state is re-read while waiting for it to change.
const STATE_POLL: Duration = Duration::from_millis(250);
/// How often the ACPI power button is pressed again: a press during boot is lost
/// (ScaleComputing/HyperCoreAnsibleCollection#293).
const ACPI_RESEND: Duration = Duration::from_secs(10);
/// Time allowed for a power-off after an ACPI timeout (escalation) to complete.
const POWER_OFF_GRACE: Duration = Duration::from_secs(30);

/// How to start a machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartOptions {
    /// Frontend; headless by default (Salt's default frontend is the GUI, which fails on
    /// servers without a display).
    pub start_type: StartType,
    /// Deadline for the whole start: lock retries, the launch, and the session settling.
    /// When it expires the last lock error (or a Timeout) is returned; the machine may still
    /// come up afterwards.
    pub timeout: Duration,
}

impl Default for StartOptions {
    fn default() -> StartOptions {
        StartOptions {
            start_type: StartType::Headless,
            timeout: Duration::from_secs(60),
        }
    }
}

/// Start a machine and wait until it is Running with its VM process holding the session.
///
/// A machine that is already online is refused with its state. A session lock held by
/// someone else (VBOX_E_INVALID_OBJECT_STATE) is retried with backoff until the deadline;
/// any other failure (a VM that dies during startup, say) is returned at once.
pub async fn start(backend: &dyn Backend, name: &str, opts: &StartOptions) -> Result<Machine> {
    check_name(name)?;
    let deadline = Instant::now() + opts.timeout;
    let machine = get(backend, name).await?;
    if !machine.state.can_start() {
        return Err(Error::InvalidState {
            machine: name.into(),
            state: machine.state,
            operation: "start",
        });
    }
    retry_transient(deadline, || {
        backend.start_machine(&machine.id, opts.start_type)
    })
    .await
    .map_err(Error::backend("start", name))?;
    // The launching session is released once the VM process holds the machine; Salt waited
    // for "Unlocked" here, which a running machine never is.
    let settled = |m: &Machine| {
        !matches!(m.state, MachineState::Starting | MachineState::Restoring)
            && m.session_state != SessionState::Spawning
    };
    let machine = wait_machine(backend, name, deadline, "start", settled).await?;
    if machine.state != MachineState::Running {
        // The VM process died after the launch reported success (a crash during startup).
        return Err(Error::InvalidState {
            machine: name.into(),
            state: machine.state,
            operation: "start",
        });
    }
    Ok(machine)
}

/// How to stop a machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StopMode {
    /// Press the ACPI power button and wait for the guest to shut down.
    #[default]
    Acpi,
    /// Hard power-off (Salt's only mode).
    PowerOff,
    /// Save the execution state.
    SaveState,
}

/// Stop options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopOptions {
    /// How.
    pub mode: StopMode,
    /// For ACPI: how long the guest gets to shut down. Then, with `escalate`, the machine is
    /// powered off; without it, a Timeout error is returned and the machine keeps running.
    /// For the other modes: the deadline of the operation.
    pub timeout: Duration,
    /// Power off when the ACPI shutdown does not finish in time.
    pub escalate: bool,
}

impl Default for StopOptions {
    fn default() -> StopOptions {
        StopOptions {
            mode: StopMode::Acpi,
            timeout: Duration::from_secs(60),
            escalate: true,
        }
    }
}

/// What a stop did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopOutcome {
    /// The machine afterwards.
    pub machine: Machine,
    /// Whether it was running (a stop of a stopped machine succeeds and changes nothing).
    pub was_running: bool,
    /// Whether the ACPI shutdown timed out and the machine was powered off instead.
    pub escalated: bool,
}

/// Stop a machine. Stopping a machine that is already off succeeds without doing anything
/// (except `SaveState`, which needs a running machine).
pub async fn stop(backend: &dyn Backend, name: &str, opts: &StopOptions) -> Result<StopOutcome> {
    check_name(name)?;
    let machine = get(backend, name).await?;
    stop_machine(backend, machine, opts).await
}

/// [`stop`] of a machine already read: it is addressed by its UUID, and named by its name in
/// every message (never by the UUID the user did not type).
pub(crate) async fn stop_machine(
    backend: &dyn Backend,
    machine: Machine,
    opts: &StopOptions,
) -> Result<StopOutcome> {
    let name = machine.name.clone();
    let name = name.as_str();
    let deadline = Instant::now() + opts.timeout;
    // A machine between states (Starting, Saving…) refuses every control ("Invalid machine
    // state: Starting"): wait, within the deadline, for where it is going, then stop that.
    let machine = if machine.state.is_transient() {
        let settled = |m: &Machine| !m.state.is_transient();
        wait_machine_as(backend, &machine.id, name, deadline, "settle", settled).await?
    } else {
        machine
    };
    if !machine.state.is_online() {
        if opts.mode == StopMode::SaveState {
            return Err(Error::InvalidState {
                machine: name.into(),
                state: machine.state,
                operation: "save the state of",
            });
        }
        return Ok(StopOutcome {
            machine,
            was_running: false,
            escalated: false,
        });
    }
    let off = |m: &Machine| !m.state.is_online() && m.session_state == SessionState::Unlocked;
    let id = machine.id.clone();
    let id = id.as_str();

    match opts.mode {
        StopMode::PowerOff => {
            control(backend, id, name, ControlAction::PowerOff, deadline).await?;
        }
        StopMode::SaveState => {
            control(backend, id, name, ControlAction::SaveState, deadline).await?;
        }
        StopMode::Acpi if machine.state == MachineState::Running => {
            if acpi_shutdown(backend, id, name, deadline).await? {
                let machine =
                    wait_machine_as(backend, id, name, deadline + POWER_OFF_GRACE, "stop", off)
                        .await?;
                return Ok(StopOutcome {
                    machine,
                    was_running: true,
                    escalated: false,
                });
            }
            if !opts.escalate {
                return Err(Error::Timeout {
                    what: format!("'{name}' to shut down after the ACPI power button"),
                    waited: opts.timeout,
                    hint: Some("the guest ignored the power button (no ACPI support, or still booting); use --mode poweroff, or allow escalation".into()),
                });
            }
            tracing::info!(machine = name, "ACPI shutdown timed out; powering off");
            control(
                backend,
                id,
                name,
                ControlAction::PowerOff,
                Instant::now() + POWER_OFF_GRACE,
            )
            .await?;
            let machine = wait_machine_as(
                backend,
                id,
                name,
                Instant::now() + POWER_OFF_GRACE,
                "stop",
                off,
            )
            .await?;
            return Ok(StopOutcome {
                machine,
                was_running: true,
                escalated: true,
            });
        }
        StopMode::Acpi => {
            // Paused, Stuck…: the guest cannot react to the button, so only power-off helps.
            if !opts.escalate {
                return Err(Error::InvalidState {
                    machine: name.into(),
                    state: machine.state,
                    operation: "shut down (ACPI)",
                });
            }
            control(backend, id, name, ControlAction::PowerOff, deadline).await?;
            let machine =
                wait_machine_as(backend, id, name, deadline + POWER_OFF_GRACE, "stop", off).await?;
            return Ok(StopOutcome {
                machine,
                was_running: true,
                escalated: true,
            });
        }
    }
    let machine =
        wait_machine_as(backend, id, name, deadline + POWER_OFF_GRACE, "stop", off).await?;
    Ok(StopOutcome {
        machine,
        was_running: true,
        escalated: false,
    })
}

/// Press the power button (again every [`ACPI_RESEND`]) until the machine is offline or the
/// deadline passes. Returns whether it went offline.
async fn acpi_shutdown(
    backend: &dyn Backend,
    id: &str,
    name: &str,
    deadline: Instant,
) -> Result<bool> {
    let mut next_press = Instant::now();
    let mut pressed = false;
    loop {
        let m = get_as(backend, id, name).await?;
        if !m.state.is_online() {
            return Ok(true);
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(false);
        }
        if now >= next_press && m.state == MachineState::Running {
            match control(backend, id, name, ControlAction::AcpiPowerButton, deadline).await {
                // The guest finished shutting down between the read and the press (a real
                // 7.2.22 guest powering off as the button was pressed again): "not currently
                // running" — the next read tells.
                Err(e) if e.kind() == ErrorKind::InvalidState => {}
                // A later press is only a reminder: its failure must not end a stop the first
                // press started (the real guest's stop through VBoxManage failed once this
                // way mid-shutdown; the cause was not kept). The wait and the escalation decide.
                Err(e) if pressed => {
                    tracing::warn!(machine = name, error = %e, "a repeated ACPI press failed");
                }
                other => other?,
            }
            pressed = true;
            next_press = now + ACPI_RESEND;
        }
        sleep(STATE_POLL.min(deadline - now)).await;
    }
}

async fn control(
    backend: &dyn Backend,
    id: &str,
    name: &str,
    action: ControlAction,
    deadline: Instant,
) -> Result<()> {
    retry_transient(deadline, || backend.control_machine(id, action))
        .await
        .map_err(Error::backend("stop", name))
}

/// A machine read by UUID (`lookup`) after the user named it `name`: a machine gone in the
/// meantime is reported by that name, not as VirtualBox's "no machine with UUID {…}".
pub(crate) async fn get_as(backend: &dyn Backend, lookup: &str, name: &str) -> Result<Machine> {
    match backend.get_machine(lookup).await {
        Ok(m) => Ok(m),
        Err(e) if e.kind() == vbox_types::ErrorKind::NotFound && lookup != name => {
            Err(Error::NotFound {
                message: format!("'{name}' is no longer registered"),
            })
        }
        Err(e) => Err(Error::backend("read", name)(e)),
    }
}

/// Re-read the machine until `done` holds, or fail with a Timeout at `deadline`.
pub async fn wait_machine(
    backend: &dyn Backend,
    name: &str,
    deadline: Instant,
    operation: &'static str,
    done: impl Fn(&Machine) -> bool,
) -> Result<Machine> {
    wait_machine_as(backend, name, name, deadline, operation, done).await
}

/// [`wait_machine`] of a machine looked up by `lookup` (its UUID) and named `name` in messages.
pub(crate) async fn wait_machine_as(
    backend: &dyn Backend,
    lookup: &str,
    name: &str,
    deadline: Instant,
    operation: &'static str,
    done: impl Fn(&Machine) -> bool,
) -> Result<Machine> {
    let started = Instant::now();
    loop {
        let m = get_as(backend, lookup, name).await?;
        if done(&m) {
            return Ok(m);
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::Timeout {
                what: format!(
                    "'{name}' to {operation} (it is {}, session {})",
                    m.state, m.session_state
                ),
                waited: now - started,
                hint: None,
            });
        }
        sleep(STATE_POLL.min(deadline - now)).await;
    }
}
