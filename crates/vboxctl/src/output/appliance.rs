//! `import` and `export`: the progress of the VirtualBox operation and what a dry run shows.
//!
//! Progress is a bar with the percent and VirtualBox's description of the step on a
//! terminal, one plain line per new step or tenth elsewhere, and an `{"event": "progress"}`
//! line per step with `-o ndjson` (then one `"done"` line).

use super::{fields, Printer, Table};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::sync::{Arc, Mutex};
use vbox_types::{ApplianceInfo, OperationProgress, ProgressFn};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// A bar on stderr (a terminal).
    Bar,
    /// Plain lines on stderr.
    Lines,
    /// NDJSON events on stdout.
    Ndjson,
    /// Nothing (quiet).
    Silent,
}

/// One NDJSON event of an import or export.
#[derive(Debug, Serialize)]
pub struct ApplianceEvent<'a> {
    /// `progress` or `done`.
    pub event: &'a str,
    /// `import` or `export`.
    pub operation: &'a str,
    /// The appliance file.
    pub file: &'a str,
    /// Percent (progress events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<u32>,
    /// VirtualBox's description of the step, when the backend gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    /// The machine made or exported (done events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine: Option<&'a str>,
}

/// The tenth and description last shown as a plain line.
type Shown = (u32, Option<String>);

/// The progress display of one operation.
#[derive(Debug, Clone)]
pub struct ApplianceProgress {
    mode: ProgressMode,
    operation: &'static str,
    file: String,
    bar: Option<ProgressBar>,
    last: Arc<Mutex<Option<Shown>>>,
}

impl Printer {
    /// The progress display of an import or export of `file`.
    pub fn appliance_progress(
        &self,
        operation: &'static str,
        file: &str,
        ndjson: bool,
    ) -> ApplianceProgress {
        let mode = if ndjson {
            ProgressMode::Ndjson
        } else if self.progress {
            ProgressMode::Bar
        } else if self.verbosity >= super::Verbosity::Default {
            ProgressMode::Lines
        } else {
            ProgressMode::Silent
        };
        let bar = (mode == ProgressMode::Bar).then(|| {
            let bar = ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stderr());
            let template = if self.color {
                "{bar:30.cyan} {pos:>3}% {msg} {elapsed:.dim}"
            } else {
                "{bar:30} {pos:>3}% {msg} {elapsed}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        });
        ApplianceProgress {
            mode,
            operation,
            file: file.to_string(),
            bar,
            last: Arc::default(),
        }
    }
}

impl ApplianceProgress {
    /// The listener to hand to the backend.
    pub fn listener(&self) -> Option<ProgressFn> {
        if self.mode == ProgressMode::Silent {
            return None;
        }
        let me = self.clone();
        Some(Arc::new(move |p: &OperationProgress| me.show(p)))
    }

    fn show(&self, p: &OperationProgress) {
        let description = p.description.as_deref();
        match self.mode {
            ProgressMode::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_position(u64::from(p.percent.min(100)));
                    if let Some(d) = description {
                        bar.set_message(d.to_string());
                    }
                }
            }
            ProgressMode::Lines => {
                let Ok(mut last) = self.last.lock() else {
                    return;
                };
                let tenth = p.percent / 10;
                let new_step = last
                    .as_ref()
                    .is_none_or(|(t, d)| *t != tenth || d.as_deref() != description);
                if new_step {
                    *last = Some((tenth, p.description.clone()));
                    eprintln!(
                        "{:>3}% {}",
                        p.percent,
                        description.unwrap_or(self.operation)
                    );
                }
            }
            ProgressMode::Ndjson => self.event(&ApplianceEvent {
                event: "progress",
                operation: self.operation,
                file: &self.file,
                percent: Some(p.percent),
                description,
                machine: None,
            }),
            ProgressMode::Silent => {}
        }
    }

    fn event(&self, event: &ApplianceEvent<'_>) {
        if let Ok(line) = serde_json::to_string(event) {
            println!("{line}");
        }
    }

    /// The operation ended; with NDJSON a `done` event naming the machine.
    pub fn finish(&self, machine: Option<&str>) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.mode == ProgressMode::Ndjson {
            self.event(&ApplianceEvent {
                event: "done",
                operation: self.operation,
                file: &self.file,
                percent: None,
                description: None,
                machine,
            });
        }
    }

    /// Whether stdout carries NDJSON events.
    pub fn is_ndjson(&self) -> bool {
        self.mode == ProgressMode::Ndjson
    }
}

/// What a dry run shows: each virtual system's settings, disks and adapters, then the
/// warnings.
pub fn dry_run_text(info: &ApplianceInfo) -> String {
    let mut out = String::new();
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    for (i, s) in info.systems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&fields(&[
            ("Name", s.name.clone()),
            ("OS type", or_dash(s.os_type_id.clone())),
            ("Memory", or_dash(s.memory_mb.map(|m| format!("{m} MB")))),
            ("CPUs", or_dash(s.cpus.map(|c| c.to_string()))),
            ("Settings file", or_dash(s.settings_file.clone())),
            ("Product", or_dash(s.product.clone())),
            ("Vendor", or_dash(s.vendor.clone())),
            ("Version", or_dash(s.version.clone())),
        ]));
        let mut disks = Table::new(&["DISK", "SIZE", "TARGET"]);
        for d in &s.disks {
            let size = d
                .capacity_bytes
                .map(|b| format!("{} MB", b.div_ceil(1 << 20)))
                .unwrap_or_else(|| "-".into());
            disks.row([d.source.clone(), size, d.target.clone()]);
        }
        out.push('\n');
        out.push_str(&disks.render());
        let mut nics = Table::new(&["ADAPTER", "NETWORK", "CONFIG"]);
        for (slot, n) in s.nics.iter().enumerate() {
            nics.row([(slot + 1).to_string(), n.network.clone(), n.config.clone()]);
        }
        out.push('\n');
        out.push_str(&nics.render());
    }
    for w in &info.warnings {
        out.push_str(&format!("\nwarning: {w}"));
    }
    if !info.warnings.is_empty() {
        out.push('\n');
    }
    out
}

/// JSON of a dry run (docs/output-schema.md): the interpretation as VirtualBox gave it.
#[derive(Debug, Serialize)]
pub struct DryRunJson<'a> {
    /// The file read.
    pub file: &'a str,
    /// Virtual systems, warnings.
    #[serde(flatten)]
    pub info: &'a ApplianceInfo,
}
