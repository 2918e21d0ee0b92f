//! What has to happen to each wanted machine: the host's machines compared with the map.

use super::converge;
use super::spec::MachineSpec;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::HashMap;
use vbox_types::{Backend, MachineState};

/// Where the machines should end up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// `up`: every machine exists, and runs when its profile says `power_on`.
    Up,
    /// `down`: every existing machine is stopped.
    Down,
    /// `down --destroy`: no machine exists.
    Destroy,
}

/// What one machine needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Missing: clone it from its template (and start it when `power_on`).
    Create,
    /// Exists but is not running: start it.
    Start,
    /// Exists, not running, and its settings differ from the map: change them (then start
    /// it when `power_on`).
    Reconfigure,
    /// Running and its settings differ from the map: VirtualBox changes them only on a
    /// stopped machine, so nothing is done unless a restart is allowed ([`PlanOptions`]).
    Differs,
    /// Running with settings that differ, restart allowed: stop it, change them, start it.
    Restart,
    /// Already as wanted (running for `up`, stopped for `down`).
    NothingToDo,
    /// Running: stop it.
    Stop,
    /// Exists: destroy it (powered off first when running).
    Destroy,
    /// Already absent (`down`, `down --destroy`).
    Absent,
    /// On its way between states (Starting, Saving, Stopping…), as after an interrupted run
    /// or while another tool works on it: wait for it to settle, within the profile's
    /// deadline (`boot_timeout` for `up`, `stop_timeout` for `down`), then act on the state
    /// it settled in.
    Wait,
}

impl Action {
    /// Whether the action changes the host.
    pub fn changes(self) -> bool {
        matches!(
            self,
            Action::Create
                | Action::Start
                | Action::Reconfigure
                | Action::Restart
                | Action::Stop
                | Action::Destroy
        )
    }
}

/// One machine of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The wanted machine.
    pub spec: MachineSpec,
    /// What it needs.
    pub action: Action,
    /// Its state when planned; `None` when it does not exist.
    pub state: Option<MachineState>,
    /// For `up` of an existing machine: each setting that differs from the map.
    pub changes: Vec<String>,
}

/// How a plan treats running machines whose settings differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanOptions {
    /// Stop, change and start again a running machine whose settings differ from the map
    /// (otherwise it is reported and left running).
    pub restart_to_apply: bool,
}

/// Per machine, in the map's order, what has to happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The goal the plan was made for.
    pub goal: Goal,
    /// One step per wanted machine.
    pub steps: Vec<Step>,
}

impl Plan {
    /// Whether executing the plan would change anything (`--dry-run`: "nothing to do").
    pub fn changes(&self) -> bool {
        self.steps.iter().any(|s| s.action.changes())
    }
}

/// Compare the wanted machines with the host. One listing of the host (plus one read per
/// machine whose state the listing does not carry, as with VBoxManage); nothing is changed.
/// Names must be unique (a map reader checks that, with file and line).
pub async fn plan(backend: &dyn Backend, desired: &[MachineSpec], goal: Goal) -> Result<Plan> {
    plan_with(backend, desired, goal, PlanOptions::default()).await
}

/// [`plan`] with options. For `up`, each existing machine whose profile manages settings is
/// read (its details, and its forwards when the profile lists them) and compared.
pub async fn plan_with(
    backend: &dyn Backend,
    desired: &[MachineSpec],
    goal: Goal,
    opts: PlanOptions,
) -> Result<Plan> {
    if let Some(dup) = first_duplicate(desired) {
        return Err(Error::InvalidInput(format!(
            "machine '{dup}' is wanted twice"
        )));
    }
    let listed = backend
        .list_machines()
        .await
        .map_err(Error::backend("list machines on", &backend.describe()))?;
    let states: HashMap<&str, Option<MachineState>> =
        listed.iter().map(|m| (m.name.as_str(), m.state)).collect();
    let mut steps = Vec::with_capacity(desired.len());
    for spec in desired {
        let state = match states.get(spec.name.as_str()) {
            None => None,
            Some(Some(state)) => Some(*state),
            Some(None) => Some(crate::get(backend, &spec.name).await?.state),
        };
        let mut action = action_for(spec, state, goal);
        let mut changes = Vec::new();
        let settled = !matches!(action, Action::Create | Action::Wait);
        if goal == Goal::Up && settled && converge::manages_settings(spec) {
            changes = super::machine::difference_of(backend, spec).await?.lines;
            if !changes.is_empty() {
                action = match state {
                    Some(s) if s.is_online() && opts.restart_to_apply => Action::Restart,
                    Some(s) if s.is_online() => Action::Differs,
                    _ => Action::Reconfigure,
                };
            }
        }
        steps.push(Step {
            action,
            state,
            changes,
            spec: spec.clone(),
        });
    }
    Ok(Plan { goal, steps })
}

pub(crate) fn action_for(spec: &MachineSpec, state: Option<MachineState>, goal: Goal) -> Action {
    match (goal, state) {
        (_, Some(s)) if s.is_transient() => Action::Wait,
        (Goal::Up, None) => Action::Create,
        // Saved and Aborted machines start too; a Paused one is left alone: someone is working
        // on it, and a start would be refused.
        (Goal::Up, Some(s)) if spec.power_on && s.can_start() => Action::Start,
        (Goal::Up, Some(_)) => Action::NothingToDo,
        (Goal::Down | Goal::Destroy, None) => Action::Absent,
        (Goal::Down, Some(s)) if s.is_online() => Action::Stop,
        (Goal::Down, Some(_)) => Action::NothingToDo,
        (Goal::Destroy, Some(_)) => Action::Destroy,
    }
}

fn first_duplicate(desired: &[MachineSpec]) -> Option<&str> {
    let mut seen = std::collections::HashSet::new();
    desired
        .iter()
        .map(|s| s.name.as_str())
        .find(|n| !seen.insert(*n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MachineState::*;

    #[test]
    fn actions_per_goal_and_state() {
        let on = MachineSpec::new("m", "t");
        let off = MachineSpec {
            power_on: false,
            ..on.clone()
        };
        let cases = [
            (&on, None, Goal::Up, Action::Create),
            (&on, Some(PoweredOff), Goal::Up, Action::Start),
            (&on, Some(Saved), Goal::Up, Action::Start),
            (&on, Some(Aborted), Goal::Up, Action::Start),
            (&on, Some(Running), Goal::Up, Action::NothingToDo),
            (&on, Some(Paused), Goal::Up, Action::NothingToDo),
            (&on, Some(Starting), Goal::Up, Action::Wait),
            (&on, Some(Starting), Goal::Destroy, Action::Wait),
            (&on, Some(Saving), Goal::Down, Action::Wait),
            (&off, Some(PoweredOff), Goal::Up, Action::NothingToDo),
            (&on, None, Goal::Down, Action::Absent),
            (&on, Some(Running), Goal::Down, Action::Stop),
            (&on, Some(Paused), Goal::Down, Action::Stop),
            (&on, Some(PoweredOff), Goal::Down, Action::NothingToDo),
            (&on, None, Goal::Destroy, Action::Absent),
            (&on, Some(PoweredOff), Goal::Destroy, Action::Destroy),
            (&on, Some(Running), Goal::Destroy, Action::Destroy),
        ];
        for (spec, state, goal, want) in cases {
            assert_eq!(action_for(spec, state, goal), want, "{state:?} {goal:?}");
        }
    }

    #[test]
    fn duplicates_are_found() {
        let specs = [
            MachineSpec::new("a", "t"),
            MachineSpec::new("b", "t"),
            MachineSpec::new("a", "t"),
        ];
        assert_eq!(first_duplicate(&specs), Some("a"));
        assert_eq!(first_duplicate(&specs[..2]), None);
    }
}
