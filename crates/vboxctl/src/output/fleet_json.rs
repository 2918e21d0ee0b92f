//! The JSON shapes of `up`, `down` and their `--dry-run` (docs/output-schema.md), kept apart
//! from `vbox-ops`' report types so a change there cannot silently change what scripts parse.

use super::json::AddressJson;
use super::{action_words, Table};
use serde::Serialize;
use vbox_ops::fleet::{Action, Goal, MachineReport, Outcome, Step};

/// One machine of a plan (`--dry-run`).
#[derive(Debug, Serialize)]
pub struct PlanRow {
    pub name: String,
    pub host: String,
    pub profile: String,
    /// API name of its state now; `null` when it does not exist.
    pub state: Option<&'static str>,
    pub action: Action,
    /// Each setting that differs from the map (`up` of an existing machine).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

impl PlanRow {
    /// The row of a step on a host.
    pub fn new(host: &str, step: &Step) -> PlanRow {
        PlanRow {
            name: step.spec.name.clone(),
            host: host.to_string(),
            profile: step.spec.profile.clone(),
            state: step.state.map(|s| s.api_name()),
            action: step.action,
            changes: step.changes.clone(),
        }
    }
}

/// A whole plan.
#[derive(Debug, Serialize)]
pub struct PlanJson {
    pub goal: Goal,
    /// Whether executing it would change anything.
    pub changes: bool,
    pub machines: Vec<PlanRow>,
}

/// Why a machine failed.
#[derive(Debug, Serialize)]
pub struct FailureJson {
    /// vbox-types' error kind (`NotFound`, `InvalidState`, `Timeout`, …).
    pub kind: String,
    pub message: String,
    pub hint: Option<String>,
}

/// One machine after `up`/`down`.
#[derive(Debug, Serialize)]
pub struct FleetMachineJson {
    pub name: String,
    pub host: String,
    pub profile: String,
    pub action: Action,
    pub outcome: Outcome,
    /// API name of its state now; `null` when it does not exist.
    pub state: Option<&'static str>,
    /// The main address (the profile's `interfaceindex`-th IPv4 address).
    pub ip: Option<String>,
    pub addresses: Vec<AddressJson>,
    pub error: Option<FailureJson>,
    /// Each setting that differed from the map when planned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

impl FleetMachineJson {
    /// The JSON form of a machine's report on a host.
    pub fn new(host: &str, m: &MachineReport) -> FleetMachineJson {
        FleetMachineJson {
            name: m.name.clone(),
            host: host.to_string(),
            profile: m.profile.clone(),
            action: m.action,
            outcome: m.outcome,
            state: m.state.map(|s| s.api_name()),
            ip: m.ip.map(|ip| ip.to_string()),
            addresses: m.addresses.iter().map(AddressJson::new).collect(),
            error: m.error.as_ref().map(|f| FailureJson {
                kind: format!("{:?}", f.kind),
                message: f.message.clone(),
                hint: f.hint.clone(),
            }),
            changes: Vec::new(),
        }
    }
}

/// The report of `up`/`down` (with `-o ndjson`: its last line, with `"event": "report"`).
#[derive(Debug, Serialize)]
pub struct FleetReportJson {
    pub goal: Goal,
    /// Whether anything was changed.
    pub changed: bool,
    pub interrupted: bool,
    pub machines: Vec<FleetMachineJson>,
}

/// `plan` as a table: NAME HOST PROFILE STATE ACTION.
pub fn plan_table(rows: &[PlanRow]) -> Table {
    let mut table = Table::new(&["NAME", "HOST", "PROFILE", "STATE", "ACTION"]);
    for r in rows {
        table.row([
            r.name.clone(),
            r.host.clone(),
            r.profile.clone(),
            r.state.unwrap_or("absent").to_string(),
            action_words(r.action).to_string(),
        ]);
    }
    table
}

/// The report as a table: NAME HOST OUTCOME STATE ADDRESSES.
pub fn report_table(rows: &[FleetMachineJson]) -> Table {
    let mut table = Table::new(&["NAME", "HOST", "OUTCOME", "STATE", "ADDRESSES"]);
    for r in rows {
        let addresses: Vec<&str> = r.addresses.iter().map(|a| a.address.as_str()).collect();
        table.row([
            r.name.clone(),
            r.host.clone(),
            outcome_word(r.outcome).to_string(),
            r.state.unwrap_or("absent").to_string(),
            addresses.join(","),
        ]);
    }
    table
}

/// An outcome as a word.
pub fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Changed => "changed",
        Outcome::Unchanged => "unchanged",
        Outcome::Failed => "failed",
        Outcome::Skipped => "skipped",
        Outcome::Interrupted => "interrupted",
    }
}
