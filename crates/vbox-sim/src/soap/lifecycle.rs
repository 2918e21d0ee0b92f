//! `ISession` and the `IMachine` calls that take or use session locks: `lockMachine`,
//! `launchVMProcess`, `saveState` (session machine), `saveSettings`.

use super::call::{done, ret, Call, Failure, Reply};
use super::machine_read::this_machine;
use super::objects::{Obj, ProgressCell, SessionLock};
use crate::model::{errors, session};
use crate::Sim;
use std::sync::{Arc, Mutex};
use vbox_types::{ControlAction, Error, LockType, ResultCode, SessionState, StartType};

/// A write lock held by a SOAP session lasts until `unlockMachine`, or until the ISession
/// goes away (released, logged off, expired). With the watchdog on, the lock is a lease the
/// watchdog renews ([`renew_leases`]), so a server that dies does not leave the machine
/// locked for other processes for ever.
fn lease_ms(c: &Call<'_>) -> i64 {
    let timeout = c.shared.opts.session_timeout;
    if timeout.is_zero() {
        i64::MAX / 4
    } else {
        crate::duration_ms(timeout + c.shared.opts.check_interval)
    }
}

/// The ISessions among `objects` are gone: their write locks end, as VirtualBox closes a
/// session whose last reference is released.
pub(crate) fn close_sessions(sim: &Sim, objects: &[Obj]) {
    for obj in objects {
        if let Obj::Session(slot) = obj {
            let lock = std::mem::take(&mut *lock_of(slot));
            if let SessionLock::Write(id) = lock {
                let _ = release_write(sim, &id);
            }
        }
    }
}

/// Extends the write locks of live ISessions by `lease` (the watchdog's pass).
pub(crate) fn renew_leases(sim: &Sim, objects: &[Obj], lease: std::time::Duration) {
    let held: Vec<String> = objects
        .iter()
        .filter_map(|o| match o {
            Obj::Session(slot) => match &*lock_of(slot) {
                SessionLock::Write(id) => Some(id.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    if held.is_empty() {
        return;
    }
    let _ = sim.engine().renew_locks(&held, crate::duration_ms(lease));
}

fn lock_of(m: &Mutex<SessionLock>) -> std::sync::MutexGuard<'_, SessionLock> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn this_session(c: &Call<'_>) -> Result<Arc<Mutex<SessionLock>>, Failure> {
    match c.this()? {
        Obj::Session(s) => Ok(s),
        _ => Err(Failure::Invalid(c.text("_this")?.to_string())),
    }
}

fn session_param(c: &Call<'_>) -> Result<Arc<Mutex<SessionLock>>, Failure> {
    match c.obj("session")? {
        Obj::Session(s) => Ok(s),
        _ => Err(Failure::Invalid(c.text("session")?.to_string())),
    }
}

/// Whether machine `id` has a VM process now.
fn has_vm_process(sim: &Sim, id: &str) -> Result<bool, Error> {
    sim.view(|reg, _| Ok(session::has_vm_process(&reg.machines[reg.find(id)?])))
}

/// The session's lock as it is now: a shared link ends with the VM process (after
/// `IConsole_powerDown` completes the session is already unlocked, capture 52).
fn current(sim: &Sim, slot: &Mutex<SessionLock>) -> SessionLock {
    let mut lock = lock_of(slot);
    if let SessionLock::Shared(id) = &*lock {
        if !has_vm_process(sim, id).unwrap_or(false) {
            *lock = SessionLock::None;
        }
    }
    lock.clone()
}

/// `ISession_*`.
pub(crate) async fn session(c: &Call<'_>) -> Option<Reply> {
    if !matches!(
        c.method,
        "getState" | "getMachine" | "getConsole" | "unlockMachine" | "getType"
    ) {
        return None;
    }
    Some(session_call(c))
}

fn session_call(c: &Call<'_>) -> Reply {
    let slot = this_session(c)?;
    let lock = current(c.sim(), &slot);
    match c.method {
        "getState" => ret(if lock == SessionLock::None {
            SessionState::Unlocked
        } else {
            SessionState::Locked
        }
        .api_name()),
        "getType" => ret(match lock {
            SessionLock::None => "Null",
            SessionLock::Write(_) => "WriteLock",
            SessionLock::Shared(_) => "Shared",
            SessionLock::Launch(_) => "Remote",
        }),
        "getMachine" => ret(c.mor_opt(lock.machine().map(|id| Obj::Machine {
            id: id.to_string(),
            mutable: true,
        }))),
        "getConsole" => {
            let console = match &lock {
                SessionLock::Shared(id) | SessionLock::Launch(id)
                    if has_vm_process(c.sim(), id)? =>
                {
                    Some(Obj::Console(id.clone()))
                }
                _ => None,
            };
            ret(c.mor_opt(console))
        }
        _ => {
            match &lock {
                SessionLock::None => {
                    return Err(Failure::Vbox(Error::from_code(
                        ResultCode::E_UNEXPECTED,
                        "The session is not locked (session state: Unlocked)",
                    )))
                }
                SessionLock::Write(id) => release_write(c.sim(), id)?,
                SessionLock::Shared(_) | SessionLock::Launch(_) => {}
            }
            *lock_of(&slot) = SessionLock::None;
            done()
        }
    }
}

fn release_write(sim: &Sim, id: &str) -> Result<(), Error> {
    sim.engine().release_lock(id)
}

/// Runs `op` on a machine our own session write-locks: the simulator's operations take the
/// write lock themselves, so ours steps aside for the call and is taken back afterwards.
pub(crate) async fn as_lock_holder<T, F>(
    c: &Call<'_>,
    id: &str,
    mutable: bool,
    op: F,
) -> Result<T, Failure>
where
    F: std::future::Future<Output = Result<T, Error>>,
{
    if !mutable {
        return Err(Failure::Vbox(Error::from_code(
            ResultCode::INVALID_OBJECT_STATE,
            "The machine is not mutable (state is not locked)",
        )));
    }
    Ok(c.sim().engine().as_lock_holder(id, op).await?)
}

/// Lifecycle calls on `IMachine`.
pub(crate) async fn machine(c: &Call<'_>) -> Option<Reply> {
    Some(match c.method {
        "lockMachine" => lock_machine(c),
        "launchVMProcess" => launch(c),
        // Settings are stored as they change; a new machine may save before it is registered.
        "saveSettings" => save_settings(c).await,
        "saveState" => save_state(c).await,
        _ => return super::media::machine(c).await,
    })
}

fn lock_machine(c: &Call<'_>) -> Reply {
    let (id, _) = this_machine(c)?;
    let slot = session_param(c)?;
    let lock_type: LockType = c.parse("lockType")?;
    if current(c.sim(), &slot) != SessionLock::None {
        return Err(Failure::Vbox(Error::from_code(
            ResultCode::INVALID_OBJECT_STATE,
            "The given session is busy",
        )));
    }
    // Shared without a VM process gives a write lock and a null console (reference §3).
    let new = if lock_type == LockType::Shared && has_vm_process(c.sim(), &id)? {
        SessionLock::Shared(id)
    } else {
        let lease = lease_ms(c);
        c.sim().engine().hold_lock(&id, LockType::Write, lease)?;
        SessionLock::Write(id)
    };
    *lock_of(&slot) = new;
    done()
}

fn launch(c: &Call<'_>) -> Reply {
    let (id, _) = this_machine(c)?;
    let slot = session_param(c)?;
    let name = c.text("name")?;
    let start: StartType = if name.is_empty() {
        Ok(StartType::Gui)
    } else {
        name.parse()
    }
    .map_err(|_| {
        Error::from_code(
            ResultCode::E_INVALIDARG,
            format!("Invalid frontend name: '{name}'"),
        )
    })?;
    if matches!(
        current(c.sim(), &slot),
        SessionLock::Write(_) | SessionLock::Shared(_)
    ) {
        return Err(Failure::Vbox(Error::from_code(
            ResultCode::INVALID_OBJECT_STATE,
            "The given session is busy",
        )));
    }
    let begun = c.sim().engine().begin_start(&id, start)?;
    *lock_of(&slot) = SessionLock::Launch(begun.machine.clone());
    let sim = c.sim().clone();
    let progress = ProgressCell::spawn(async move {
        sim.engine().wait(&begun).await?;
        begun.outcome()
    });
    ret(c.mor(Obj::Progress(progress)))
}

async fn save_settings(c: &Call<'_>) -> Reply {
    let (id, mutable) = this_machine(c)?;
    if mutable || super::registry::is_unregistered(c, &id) {
        return done();
    }
    let state = super::registry::machine(c, &id).await?.state;
    Err(Failure::Vbox(errors::not_mutable(state)))
}

async fn save_state(c: &Call<'_>) -> Reply {
    let (id, mutable) = this_machine(c)?;
    if !mutable {
        let m = c
            .sim()
            .view(|reg, _| Ok(reg.machines[reg.find(&id)?].state))?;
        return Err(Failure::Vbox(errors::not_mutable(m)));
    }
    super::console::begin(c, &id, ControlAction::SaveState)
}
