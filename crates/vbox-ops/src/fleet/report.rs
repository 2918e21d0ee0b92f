//! The final report: every machine with its state and addresses.

use super::plan::{Action, Goal};
use crate::addresses::{AddressFamily, GuestAddress};
use serde::Serialize;
use std::net::IpAddr;
use vbox_types::{ErrorKind, MachineState};

/// How a machine's part of the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The action was done.
    Changed,
    /// Nothing had to be done.
    Unchanged,
    /// The action failed; see [`MachineReport::error`].
    Failed,
    /// The interrupt came first: nothing was done to the machine.
    Skipped,
    /// The interrupt came during the work: the machine is whole but not all steps were done
    /// (cloned but not started, started but not waited for).
    Interrupted,
}

/// Why a machine failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The error's kind.
    pub kind: ErrorKind,
    /// The message with its causes, `: `-joined.
    pub message: String,
    /// What the user can do about it.
    pub hint: Option<String>,
}

impl Failure {
    pub(crate) fn from_error(e: &crate::Error) -> Failure {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Failure {
            kind: e.kind(),
            message,
            hint: e.hint(),
        }
    }
}

/// One machine after the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MachineReport {
    /// The machine.
    pub name: String,
    /// Its profile.
    pub profile: String,
    /// What the plan said.
    pub action: Action,
    /// How it ended.
    pub outcome: Outcome,
    /// Its state now; `None` when it does not exist.
    pub state: Option<MachineState>,
    /// Its addresses (when it runs and an address was waited for or was already there).
    pub addresses: Vec<GuestAddress>,
    /// The main address: Salt's `interfaceindex`-th IPv4 address in the guest's order.
    pub ip: Option<IpAddr>,
    /// Why it failed.
    pub error: Option<Failure>,
}

impl MachineReport {
    pub(crate) fn new(name: &str, profile: &str, action: Action, outcome: Outcome) -> Self {
        MachineReport {
            name: name.to_string(),
            profile: profile.to_string(),
            action,
            outcome,
            state: None,
            addresses: Vec::new(),
            ip: None,
            error: None,
        }
    }
}

/// Salt's pick: `ips[interfaceindex]` over the IPv4 addresses in guest interface order.
pub(crate) fn main_address(addresses: &[GuestAddress], index: usize) -> Option<IpAddr> {
    let mut v4: Vec<&GuestAddress> = addresses
        .iter()
        .filter(|a| a.family == AddressFamily::Ipv4)
        .collect();
    v4.sort_by_key(|a| a.interface_index);
    v4.get(index).map(|a| a.address)
}

/// Every machine of the plan, in the plan's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The goal.
    pub goal: Goal,
    /// Whether the run was interrupted.
    pub interrupted: bool,
    /// One entry per machine.
    pub machines: Vec<MachineReport>,
}

impl Report {
    /// Whether anything was changed ("nothing to do" when false).
    pub fn changed(&self) -> bool {
        self.machines.iter().any(|m| {
            matches!(m.outcome, Outcome::Changed | Outcome::Interrupted)
                || (m.outcome == Outcome::Failed && m.action.changes())
        })
    }

    /// The machines that failed.
    pub fn failures(&self) -> impl Iterator<Item = &MachineReport> {
        self.machines
            .iter()
            .filter(|m| m.outcome == Outcome::Failed)
    }

    /// The entry of one machine.
    pub fn machine(&self, name: &str) -> Option<&MachineReport> {
        self.machines.iter().find(|m| m.name == name)
    }
}
