//! Progress of `up` and `down`: one line per machine on a terminal (indicatif), plain log
//! lines on stderr otherwise, or one JSON object per event on stdout (`-o ndjson`).

use super::Printer;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::collections::HashMap;
use std::time::Duration;
use vbox_ops::fleet::{Action, Event, EventKind};

/// Where the events go.
pub enum FleetProgress {
    /// One JSON line per event on stdout.
    Ndjson,
    /// One bar per machine, keyed by host and machine.
    Bars {
        _multi: MultiProgress,
        bars: HashMap<(String, String), ProgressBar>,
    },
    /// One line per event on stderr (`prefix` the host when the map spans several).
    Lines {
        /// Whether to name the host in each line.
        hosts: bool,
    },
    /// Nothing (`--quiet`).
    Silent,
}

/// An event with the host it happened on, as `-o ndjson` prints it.
#[derive(Serialize)]
struct HostEvent<'a> {
    host: &'a str,
    #[serde(flatten)]
    event: &'a Event,
}

impl FleetProgress {
    /// The progress for a run over `machines` (host label, machine name), in plan order.
    pub fn new(printer: &Printer, ndjson: bool, machines: &[(String, String)]) -> FleetProgress {
        if ndjson {
            return FleetProgress::Ndjson;
        }
        if printer.progress {
            let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            let width = machines.iter().map(|(_, m)| m.len()).max().unwrap_or(0);
            let template = if printer.color {
                format!("{{spinner:.cyan}} {{prefix:{width}.bold}}  {{msg}}")
            } else {
                format!("{{spinner}} {{prefix:{width}}}  {{msg}}")
            };
            let style = ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            let bars = machines
                .iter()
                .map(|key| {
                    let bar = multi.add(ProgressBar::new_spinner());
                    bar.set_style(style.clone());
                    bar.set_prefix(key.1.clone());
                    bar.set_message("waiting for a slot");
                    bar.enable_steady_tick(Duration::from_millis(120));
                    (key.clone(), bar)
                })
                .collect();
            return FleetProgress::Bars {
                _multi: multi,
                bars,
            };
        }
        if printer.verbosity >= super::Verbosity::Default {
            let first = machines.first().map(|(h, _)| h);
            let hosts = machines.iter().any(|(h, _)| Some(h) != first);
            return FleetProgress::Lines { hosts };
        }
        FleetProgress::Silent
    }

    /// Show one event.
    pub fn event(&self, host: &str, event: &Event) {
        match self {
            FleetProgress::Ndjson => {
                if let Ok(line) = serde_json::to_string(&HostEvent { host, event }) {
                    println!("{line}");
                }
            }
            FleetProgress::Bars { bars, .. } => {
                let key = (host.to_string(), event.machine.clone());
                if let Some(bar) = bars.get(&key) {
                    let text = describe(&event.kind);
                    if is_last(&event.kind) {
                        bar.finish_with_message(text);
                    } else {
                        bar.set_message(text);
                    }
                }
            }
            FleetProgress::Lines { hosts } => {
                let text = describe(&event.kind);
                if *hosts {
                    eprintln!("{host}/{}: {text}", event.machine);
                } else {
                    eprintln!("{}: {text}", event.machine);
                }
            }
            FleetProgress::Silent => {}
        }
    }

    /// Stop drawing; every machine's line stays with its last message.
    pub fn finish(&self) {
        if let FleetProgress::Bars { bars, .. } = self {
            for bar in bars.values().filter(|b| !b.is_finished()) {
                bar.finish();
            }
        }
    }
}

/// The machine's last event of a run (an unchanged machine still reports its addresses).
fn is_last(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Ready { .. }
            | EventKind::Failed { .. }
            | EventKind::Interrupted
            | EventKind::RolledBack
    )
}

/// An action as words (`nothing to do`).
pub fn action_words(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Start => "start",
        Action::Reconfigure => "change settings",
        Action::Differs => "settings differ (running: `up --restart` applies them)",
        Action::Restart => "stop, change settings, start",
        Action::NothingToDo => "nothing to do",
        Action::Stop => "stop",
        Action::Destroy => "destroy",
        Action::Absent => "absent",
        Action::Wait => "wait, then decide",
    }
}

/// An event as a person reads it.
pub fn describe(kind: &EventKind) -> String {
    match kind {
        EventKind::Begin { action } => format!("begin: {}", action_words(*action)),
        EventKind::Snapshotting { template } => {
            format!("taking the base snapshot of '{template}' for linked clones")
        }
        EventKind::Settling { state } => {
            format!("is {state}: waiting for it to settle before deciding")
        }
        EventKind::Cloning { percent } => format!("cloning {percent}%"),
        EventKind::Starting => "starting".into(),
        EventKind::WaitingForIp => "waiting for IP".into(),
        EventKind::Stopping => "stopping".into(),
        EventKind::Configuring => "changing settings".into(),
        EventKind::Destroying => "destroying".into(),
        EventKind::Ready { addresses } if addresses.is_empty() => "done".into(),
        EventKind::Ready { addresses } => {
            let list: Vec<String> = addresses.iter().map(|a| a.address.to_string()).collect();
            format!("ready {}", list.join(", "))
        }
        EventKind::Unchanged => "unchanged".into(),
        EventKind::RolledBack => "rolled back: the half-made clone was destroyed".into(),
        EventKind::Interrupted => "interrupted".into(),
        EventKind::Failed { error } => format!("failed: {error}"),
    }
}
