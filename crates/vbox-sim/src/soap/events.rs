//! Passive event listeners (the only kind usable over SOAP): `IEventSource_createListener`,
//! `registerListener`, `getEvent(timeout)`, `eventProcessed`, `unregisterListener`, and the
//! `IGuestPropertyChangedEvent` attributes of the events handed out. Guest property changes
//! are found by comparing each machine's properties with what the listener saw last, waking
//! when the simulator's guest is due to publish something.

use super::call::{done, ret, Call, Failure, Reply};
use super::objects::{EventData, Obj};
use crate::model::guest::PropRecord;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vbox_types::{ApiVersion, Error, ResultCode};

/// Properties per machine id.
type Seen = BTreeMap<String, BTreeMap<String, PropRecord>>;

/// A passive listener's state.
#[derive(Debug, Default)]
pub(crate) struct Listener {
    registered: bool,
    /// Whether guest property changes were asked for.
    guest_props: bool,
    seen: Seen,
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

/// Every machine's guest properties and the next time any machine changes by itself.
fn observe(c: &Call<'_>) -> Result<(Seen, Option<i64>), Error> {
    c.sim().view(|reg, _| {
        let seen = reg
            .machines
            .iter()
            .map(|m| (m.id.clone(), m.guest_props.clone()))
            .collect();
        let due = reg
            .machines
            .iter()
            .filter_map(crate::model::state::next_due_ms)
            .min();
        Ok((seen, due))
    })
}

/// The changes from `before` to `after`, oldest write first, deletions last.
fn changes(before: &Seen, after: &Seen, api: ApiVersion) -> Vec<EventData> {
    let mut out: Vec<(i64, EventData)> = Vec::new();
    for (machine, props) in after {
        let old = before.get(machine);
        for (name, p) in props {
            if old.and_then(|o| o.get(name)) != Some(p) {
                let ev = EventData {
                    machine_id: machine.clone(),
                    name: name.clone(),
                    value: p.value.clone(),
                    flags: p.flags.clone(),
                    deleted: false,
                };
                out.push((p.ts_ns, ev));
            }
        }
        for name in old
            .into_iter()
            .flat_map(|o| o.keys())
            .filter(|n| !props.contains_key(*n))
        {
            // `fWasDeleted` exists from 7.0 on.
            let ev = EventData {
                machine_id: machine.clone(),
                name: name.clone(),
                value: String::new(),
                flags: String::new(),
                deleted: api >= ApiVersion::V7_0,
            };
            out.push((i64::MAX, ev));
        }
    }
    out.sort_by_key(|(ts, _)| *ts);
    out.into_iter().map(|(_, e)| e).collect()
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
            let (seen, _) = observe(c)?;
            let mut l = locked(&l);
            l.registered = true;
            l.guest_props = wanted
                .iter()
                .any(|t| matches!(*t, "Any" | "MachineEvent" | "OnGuestPropertyChanged"));
            l.seen = seen;
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
    let mut rx = c.sim().engine().subscribe();
    loop {
        rx.borrow_and_update();
        let (now_seen, due) = observe(c)?;
        {
            let mut l = locked(&l);
            if !l.registered {
                return Err(Failure::Vbox(Error::from_code(
                    ResultCode::OBJECT_NOT_FOUND,
                    "Listener was never registered",
                )));
            }
            if l.guest_props {
                let found = changes(&l.seen, &now_seen, c.api());
                l.queue.extend(found);
            }
            l.seen = now_seen;
            if let Some(e) = l.queue.pop_front() {
                drop(l);
                return ret(c.mor(Obj::Event(Arc::new(e))));
            }
        }
        let now = c.sim().now_ms();
        if now >= deadline {
            return ret("");
        }
        let wake = [Some(deadline), due, Some(now + POLL_MS)]
            .into_iter()
            .flatten()
            .filter(|t| *t > now)
            .min()
            .unwrap_or(deadline);
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis((wake - now) as u64)) => {}
            _ = rx.changed() => {}
        }
    }
}
