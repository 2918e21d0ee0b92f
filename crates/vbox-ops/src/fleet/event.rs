//! Progress events: plain data, one per step, for the CLI to draw (progress bars, log lines,
//! NDJSON).

use super::plan::Action;
use crate::addresses::GuestAddress;
use serde::Serialize;

/// Something that happened to one machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// The machine.
    pub machine: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// The steps of a machine's way, in the order they come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// Work on the machine begins (it got a slot of the concurrency bound).
    Begin {
        /// What will be done.
        action: Action,
    },
    /// The template's base snapshot for linked clones is being taken (once per template; the
    /// event goes to the machine whose clone triggered it).
    Snapshotting {
        /// The template.
        template: String,
    },
    /// The machine is between states (Starting, Saving…): waiting for it to settle before
    /// acting.
    Settling {
        /// The state it is in.
        state: vbox_types::MachineState,
    },
    /// Cloning: `percent` 0 when the copy starts, 100 when it is done and configured.
    Cloning {
        /// Progress in percent.
        percent: u8,
    },
    /// The launch is under way.
    Starting,
    /// The machine runs; waiting for the Guest Additions to publish an address.
    WaitingForIp,
    /// Stopping (`down`).
    Stopping,
    /// Its settings are being changed as the map wants.
    Configuring,
    /// Destroying (`down --destroy`).
    Destroying,
    /// The machine is as wanted, with these addresses (empty when none was waited for).
    Ready {
        /// Its addresses.
        addresses: Vec<GuestAddress>,
    },
    /// Nothing had to be done.
    Unchanged,
    /// A half-made clone was destroyed again after a failure.
    RolledBack,
    /// Not done, or not finished, because of the interrupt.
    Interrupted,
    /// The step failed.
    Failed {
        /// The error with its causes (`cannot start 'web-1': caused by: …`).
        error: String,
    },
}

impl Event {
    pub(crate) fn new(machine: &str, kind: EventKind) -> Event {
        Event {
            machine: machine.to_string(),
            kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The NDJSON lines `vboxctl up -o ndjson` prints are these, one per event.
    #[test]
    fn events_serialize_flat_with_an_event_tag() {
        let shapes = [
            (
                EventKind::Begin {
                    action: Action::Create,
                },
                json!({"machine": "web-1", "event": "begin", "action": "create"}),
            ),
            (
                EventKind::Cloning { percent: 100 },
                json!({"machine": "web-1", "event": "cloning", "percent": 100}),
            ),
            (
                EventKind::WaitingForIp,
                json!({"machine": "web-1", "event": "waiting_for_ip"}),
            ),
            (
                EventKind::Ready {
                    addresses: Vec::new(),
                },
                json!({"machine": "web-1", "event": "ready", "addresses": []}),
            ),
            (
                EventKind::Failed {
                    error: "cannot start 'web-1': boom".into(),
                },
                json!({"machine": "web-1", "event": "failed", "error": "cannot start 'web-1': boom"}),
            ),
        ];
        for (kind, want) in shapes {
            let got = serde_json::to_value(Event::new("web-1", kind)).unwrap();
            assert_eq!(got, want);
        }
    }
}
