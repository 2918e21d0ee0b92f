//! Passive event listeners (the only kind usable over SOAP): `IEventSource_createListener`,
//! `registerListener`, `getEvent(timeout)`, `eventProcessed`, `unregisterListener`, and the
//! `IGuestPropertyChangedEvent` attributes of the events handed out. Guest property changes
//! are found by the engine's watch over every machine, which remembers what the listener saw
//! last and wakes when the simulator's guest is due to publish something.

use super::call::{done, ret, Call, Failure, Reply};
use super::objects::{EventData, Obj};
use crate::engine::watch::Watch;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use vbox_types::{Error, ResultCode};

/// A passive listener's state.
#[derive(Debug, Default)]
pub(crate) struct Listener {
    registered: bool,
    /// Whether guest property changes were asked for.
    guest_props: bool,
    /// Every machine's properties as last seen (from registration on).
    watch: Option<Watch>,
    queue: VecDeque<EventData>,
}

/// How often a waiting `getEvent` re-reads the registry for other processes' changes.
const POLL_MS: i64 = 500;

fn listener_of(c: &Call<'_>) -> Result<Arc<Mutex<Listener>>, Failure> {
    match c.obj("listener")? {
        Obj::Listener(l) => Ok(l),
        _ => Err(Failure::Invalid(c.text("listener")?.to_string())),
    }
}

fn locked(l: &Mutex<Listener>) -> std::sync::MutexGuard<'_, Listener> {
    l.lock().unwrap_or_else(|e| e.into_inner())
}

/// `IEventSource_*` and the event interfaces.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    let known = match c.iface {
        "IEventSource" => matches!(
            c.method,
            "createListener"
                | "registerListener"
                | "getEvent"
                | "eventProcessed"
                | "unregisterListener"
        ),
        "IEvent" => matches!(c.method, "getType" | "getWaitable"),
        "IMachineEvent" => c.method == "getMachineId",
        _ => matches!(
            c.method,
            "getName" | "getValue" | "getFlags" | "getFWasDeleted"
        ),
    };
    if !known {
        return None;
    }
    Some(match c.iface {
        "IEventSource" => source(c).await,
        _ => event(c),
    })
}

fn event(c: &Call<'_>) -> Reply {
    let Obj::Event(e) = c.this()? else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    match c.method {
        "getType" => ret("OnGuestPropertyChanged"),
        "getWaitable" => ret(false),
        "getMachineId" => ret(&e.machine_id),
        "getName" => ret(&e.name),
        "getValue" => ret(&e.value),
        "getFlags" => ret(&e.flags),
        _ => ret(e.deleted),
    }
}

async fn source(c: &Call<'_>) -> Reply {
    let Obj::EventSource = c.this()? else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    match c.method {
        "createListener" => ret(c.mor(Obj::Listener(Arc::default()))),
        "registerListener" => {
            let l = listener_of(c)?;
            if c.parse::<bool>("active")? {
                return Err(Failure::Vbox(Error::from_code(
                    ResultCode::E_INVALIDARG,
                    "Active listeners are not supported over the web service",
                )));
            }
            let wanted = c.all("interesting");
            let watch = c.sim().engine().watch(None, "", POLL_MS)?;
            let mut l = locked(&l);
            l.registered = true;
            l.guest_props = wanted
                .iter()
                .any(|t| matches!(*t, "Any" | "MachineEvent" | "OnGuestPropertyChanged"));
            l.watch = Some(watch);
            done()
        }
        "unregisterListener" => {
            let l = listener_of(c)?;
            let mut l = locked(&l);
            l.registered = false;
            l.queue.clear();
            done()
        }
        "eventProcessed" => {
            listener_of(c)?;
            c.obj("event")?;
            done()
        }
        _ => get_event(c).await,
    }
}

async fn get_event(c: &Call<'_>) -> Reply {
    let l = listener_of(c)?;
    let timeout: i32 = c.parse("timeout")?;
    let deadline = c.sim().now_ms()
        + if timeout < 0 {
            i64::MAX / 4
        } else {
            i64::from(timeout)
        };
    let engine = c.sim().engine();
    let mut rx = engine.subscribe();
    loop {
        rx.borrow_and_update();
        let wake = {
            let mut guard = locked(&l);
            let l = &mut *guard;
            let Some(watch) = l.watch.as_mut().filter(|_| l.registered) else {
                return Err(Failure::Vbox(Error::from_code(
                    ResultCode::OBJECT_NOT_FOUND,
                    "Listener was never registered",
                )));
            };
            let found = engine.look(watch)?;
            let wake = watch.wake_at(engine.now_ms(), deadline);
            if l.guest_props {
                l.queue
                    .extend(found.into_iter().map(|(machine_id, ch)| EventData {
                        machine_id,
                        name: ch.name,
                        value: ch.value,
                        flags: ch.flags,
                        deleted: ch.deleted,
                    }));
            }
            if let Some(e) = l.queue.pop_front() {
                drop(guard);
                return ret(c.mor(Obj::Event(Arc::new(e))));
            }
            wake
        };
        if engine.now_ms() >= deadline {
            return ret("");
        }
        engine.sleep_or_change(&mut rx, wake).await;
    }
}
