//! One machine's way through a run: wait for a slot, do the plan's action, report.

use super::base::BaseSnapshots;
use super::cancel::Cancel;
use super::converge::{self, Difference};
use super::event::{Event, EventKind};
use super::plan::{action_for, Action, Goal, Step};
use super::report::{main_address, Failure, MachineReport, Outcome};
use super::spec::MachineSpec;
use crate::addresses::{machine_addresses, wait_for_addresses, AddressQuery, GuestAddress};
use crate::error::{Error, Result};
use crate::{DestroyOptions, StartOptions, StopOptions};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::{sleep, Instant};
use vbox_types::{Backend, CloneMachine, CloneOption, MachineState};

/// How long to wait between address reads when some addresses are up but not yet the one
/// `interfaceindex` asks for (a second interface still in DHCP).
const MORE_ADDRESSES_POLL: Duration = Duration::from_secs(1);

/// What every machine's task shares.
pub(crate) struct Ctx<'a, F> {
    pub(crate) backend: &'a dyn Backend,
    pub(crate) cancel: &'a Cancel,
    pub(crate) events: &'a F,
    pub(crate) bases: BaseSnapshots,
    pub(crate) slots: Semaphore,
}

impl<F: Fn(Event) + Sync> Ctx<'_, F> {
    fn emit(&self, machine: &str, kind: EventKind) {
        (self.events)(Event::new(machine, kind));
    }

    /// Run one step and report how it ended. Never fails: a failure is in the report.
    pub(crate) async fn run(&self, step: &Step, goal: Goal) -> MachineReport {
        let spec = &step.spec;
        let name = spec.name.as_str();
        let mut report = MachineReport::new(name, &spec.profile, step.action, Outcome::Skipped);
        report.state = step.state;
        // Fair (FIFO) slots: machines begin in the map's order.
        let permit = tokio::select! {
            biased;
            _ = self.cancel.cancelled() => None,
            permit = self.slots.acquire() => permit.ok(),
        };
        // The slot of a machine that ended because of the interrupt can come free before this
        // task sees the interrupt's wake-up: look at the signal itself too.
        let Some(_permit) = permit.filter(|_| !self.cancel.is_cancelled()) else {
            self.emit(name, EventKind::Interrupted);
            return report;
        };
        self.emit(
            name,
            EventKind::Begin {
                action: step.action,
            },
        );
        let mut action = step.action;
        let mut state = step.state;
        if action == Action::Wait {
            match self.settle(spec, state, goal).await {
                Ok(settled) => {
                    state = Some(settled);
                    action = action_for(spec, state, goal);
                    report.action = action;
                }
                Err(e) => {
                    action = Action::Wait;
                    let failure = Failure::from_error(&e);
                    self.emit(
                        name,
                        EventKind::Failed {
                            error: failure.message.clone(),
                        },
                    );
                    report.outcome = Outcome::Failed;
                    report.error = Some(failure);
                }
            }
        }
        let result = match (action, goal) {
            (Action::Wait, _) => return self.finish(name, report).await,
            (Action::Create, _) => self.create(spec, &mut report).await,
            (Action::Start, _) => self.start(spec, &mut report).await,
            (Action::Reconfigure, _) => self.reconfigure(spec, &mut report).await,
            (Action::Restart, _) => match self.restart_stop(spec).await {
                Ok(()) => self.reconfigure(spec, &mut report).await,
                Err(e) => Err(e),
            },
            (Action::Differs, _) => {
                // Reported by the plan; a running machine is not stopped unless allowed.
                self.emit(name, EventKind::Unchanged);
                self.addresses(spec, &mut report, Outcome::Unchanged).await
            }
            (Action::NothingToDo, Goal::Up) => {
                self.emit(name, EventKind::Unchanged);
                // A machine left off (`power_on = false`) or paused has no address to wait for.
                if state == Some(MachineState::Running) {
                    self.addresses(spec, &mut report, Outcome::Unchanged).await
                } else {
                    Ok(Outcome::Unchanged)
                }
            }
            (Action::NothingToDo | Action::Absent, _) => {
                self.emit(name, EventKind::Unchanged);
                Ok(Outcome::Unchanged)
            }
            (Action::Stop, _) => self.stop(spec).await,
            (Action::Destroy, _) => self.destroy(spec).await,
        };
        match result {
            Ok(outcome) => report.outcome = outcome,
            Err(e) => {
                let failure = Failure::from_error(&e);
                self.emit(
                    name,
                    EventKind::Failed {
                        error: failure.message.clone(),
                    },
                );
                report.outcome = Outcome::Failed;
                report.error = Some(failure);
            }
        }
        self.finish(name, report).await
    }

    /// The state a machine between states settles in, waited for until the profile's
    /// deadline; a Timeout naming the machine and its state when it does not.
    async fn settle(
        &self,
        spec: &MachineSpec,
        state: Option<MachineState>,
        goal: Goal,
    ) -> Result<MachineState> {
        let name = spec.name.as_str();
        if let Some(state) = state {
            self.emit(name, EventKind::Settling { state });
        }
        let wait = match goal {
            Goal::Up => spec.boot_timeout,
            Goal::Down | Goal::Destroy => spec.stop_timeout,
        };
        let settled = |m: &vbox_types::Machine| !m.state.is_transient();
        match crate::wait_machine(self.backend, name, Instant::now() + wait, "settle", settled).await {
            Ok(m) => Ok(m.state),
            Err(Error::Timeout { what, waited, .. }) => Err(Error::Timeout {
                what,
                waited,
                hint: Some("something else is working on it (a start or stop still under way, e.g. from an interrupted run); run again once it has settled, or raise the profile's boot_timeout/stop_timeout".into()),
            }),
            Err(e) => Err(e),
        }
    }

    /// The state after the run, and the `ready` event of a machine that ended as wanted.
    async fn finish(&self, name: &str, mut report: MachineReport) -> MachineReport {
        report.state = match crate::get(self.backend, name).await {
            Ok(m) => Some(m.state),
            Err(Error::NotFound { .. }) => None,
            Err(e) => {
                tracing::warn!(machine = name, error = %e, "cannot read the state after the run");
                report.state
            }
        };
        if matches!(report.outcome, Outcome::Changed | Outcome::Unchanged) {
            let addresses = report.addresses.clone();
            self.emit(name, EventKind::Ready { addresses });
        }
        report
    }

    /// Clone, configure, then start. A clone whose configuration fails is destroyed again;
    /// an interrupt during the clone lets it finish (a clone cannot be aborted half-way
    /// without leaving files) and then stops before the start.
    async fn create(&self, spec: &MachineSpec, report: &mut MachineReport) -> Result<Outcome> {
        let name = spec.name.as_str();
        let snapshot = match (&spec.snapshot, spec.linked) {
            (None, true) => Some(
                self.bases
                    .resolve(self.backend, &spec.clone_from, || {
                        let template = spec.clone_from.clone();
                        self.emit(name, EventKind::Snapshotting { template });
                    })
                    .await?,
            ),
            (given, _) => given.clone(),
        };
        self.emit(name, EventKind::Cloning { percent: 0 });
        let clone = CloneMachine {
            source: spec.clone_from.clone(),
            name: spec.name.clone(),
            mode: spec.clone_mode,
            options: if spec.linked {
                vec![CloneOption::Link]
            } else {
                Vec::new()
            },
            snapshot,
            groups: spec.groups.clone(),
        };
        crate::clone_machine(self.backend, &clone).await?;
        if let Err(e) = self.configure(spec).await {
            let how = DestroyOptions {
                missing_ok: true,
                ..DestroyOptions::default()
            };
            match crate::destroy(self.backend, name, &how).await {
                Ok(_) => self.emit(name, EventKind::RolledBack),
                Err(undo) => {
                    tracing::warn!(machine = name, error = %undo, "cannot remove the half-made clone")
                }
            }
            return Err(e);
        }
        self.emit(name, EventKind::Cloning { percent: 100 });
        if !spec.power_on {
            return Ok(Outcome::Changed);
        }
        if self.cancel.is_cancelled() {
            self.emit(name, EventKind::Interrupted);
            return Ok(Outcome::Interrupted);
        }
        self.start(spec, report).await
    }

    /// The profile's settings that differ from the machine's (after a clone: what cloning
    /// did not copy from the template).
    async fn configure(&self, spec: &MachineSpec) -> Result<()> {
        if !converge::manages_settings(spec) {
            return Ok(());
        }
        let d = difference_of(self.backend, spec).await?;
        if d.is_empty() {
            return Ok(());
        }
        let machine = crate::get(self.backend, &spec.name).await?;
        crate::configure::check_adapters(&machine, &d.change)?;
        if d.change.touches_storage_or_shares() {
            let config = self
                .backend
                .machine_config(&machine.id)
                .await
                .map_err(Error::backend("read the settings of", &spec.name))?;
            crate::storage::check(&machine, &config, &d.change)?;
        }
        crate::wait::retry_transient(Instant::now() + spec.boot_timeout, || {
            self.backend.modify_machine(&spec.name, &d.change)
        })
        .await
        .map_err(Error::backend("configure", &spec.name))
    }

    /// Change a stopped machine's settings as the map wants, then start it when `power_on`.
    async fn reconfigure(&self, spec: &MachineSpec, report: &mut MachineReport) -> Result<Outcome> {
        self.emit(&spec.name, EventKind::Configuring);
        self.configure(spec).await?;
        if !spec.power_on {
            return Ok(Outcome::Changed);
        }
        self.start(spec, report).await
    }

    /// The stop before a restart that applies settings: a saved state would keep the machine
    /// immutable, so `savestate` profiles stop by ACPI (powered off after the timeout).
    async fn restart_stop(&self, spec: &MachineSpec) -> Result<()> {
        self.emit(&spec.name, EventKind::Stopping);
        let mode = match spec.stop_mode {
            crate::StopMode::SaveState => crate::StopMode::Acpi,
            mode => mode,
        };
        let how = StopOptions {
            mode,
            timeout: spec.stop_timeout,
            escalate: true,
        };
        crate::stop(self.backend, &spec.name, &how).await.map(drop)
    }

    async fn start(&self, spec: &MachineSpec, report: &mut MachineReport) -> Result<Outcome> {
        self.emit(&spec.name, EventKind::Starting);
        let how = StartOptions {
            start_type: spec.start_type,
            timeout: spec.boot_timeout,
        };
        crate::start(self.backend, &spec.name, &how).await?;
        self.addresses(spec, report, Outcome::Changed).await
    }

    /// Fill in the addresses of a running machine, waiting up to `wait_for_ip_timeout`. An
    /// interrupt ends the wait (the machine is whole; only its address is unknown).
    async fn addresses(
        &self,
        spec: &MachineSpec,
        report: &mut MachineReport,
        done: Outcome,
    ) -> Result<Outcome> {
        let query = AddressQuery {
            wait_for_pattern: spec.wait_for_pattern.clone(),
            ..AddressQuery::default()
        };
        let found = if spec.wait_for_ip_timeout.is_zero() {
            let machine = crate::get(self.backend, &spec.name).await?;
            machine_addresses(self.backend, &machine, &query).await?
        } else {
            self.emit(&spec.name, EventKind::WaitingForIp);
            tokio::select! {
                biased;
                _ = self.cancel.cancelled() => {
                    self.emit(&spec.name, EventKind::Interrupted);
                    return Ok(if done == Outcome::Changed { Outcome::Interrupted } else { done });
                }
                found = wait_for_main_address(self.backend, spec, &query) => found?,
            }
        };
        report.ip = main_address(&found, spec.interface_index);
        report.addresses = found;
        Ok(done)
    }

    async fn stop(&self, spec: &MachineSpec) -> Result<Outcome> {
        self.emit(&spec.name, EventKind::Stopping);
        let how = StopOptions {
            mode: spec.stop_mode,
            timeout: spec.stop_timeout,
            escalate: true,
        };
        crate::stop(self.backend, &spec.name, &how).await?;
        Ok(Outcome::Changed)
    }

    async fn destroy(&self, spec: &MachineSpec) -> Result<Outcome> {
        self.emit(&spec.name, EventKind::Destroying);
        let how = DestroyOptions {
            missing_ok: true,
            timeout: spec.stop_timeout,
            ..DestroyOptions::default()
        };
        crate::destroy(self.backend, &spec.name, &how).await?;
        Ok(Outcome::Changed)
    }
}

/// Wait until the address Salt's `interfaceindex` picks exists. Salt took `ips[index]` of the
/// first non-empty list and failed with an IndexError when a second interface was slower;
/// here the wait goes on until that address is there or the timeout passes.
async fn wait_for_main_address(
    backend: &dyn Backend,
    spec: &MachineSpec,
    query: &AddressQuery,
) -> Result<Vec<GuestAddress>> {
    let started = Instant::now();
    let deadline = started + spec.wait_for_ip_timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let found = wait_for_addresses(backend, &spec.name, query, left).await?;
        if main_address(&found, spec.interface_index).is_some() {
            return Ok(found);
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::Timeout {
                what: format!(
                    "IPv4 address number {} (interfaceindex) of '{}'",
                    spec.interface_index, spec.name
                ),
                waited: now - started,
                hint: Some(format!(
                    "the guest reports {} IPv4 address(es); interfaceindex counts from 0",
                    found.len()
                )),
            });
        }
        sleep(MORE_ADDRESSES_POLL.min(deadline - now)).await;
    }
}

/// What differs between a machine and its spec: one read of the machine, and one of its
/// settings when the spec lists forwards.
pub(crate) async fn difference_of(backend: &dyn Backend, spec: &MachineSpec) -> Result<Difference> {
    let machine = crate::get(backend, &spec.name).await?;
    let config = if converge::needs_config(spec) {
        Some(
            backend
                .machine_config(&machine.id)
                .await
                .map_err(Error::backend("read the settings of", &spec.name))?,
        )
    } else {
        None
    };
    Ok(converge::difference(spec, &machine, config.as_ref()))
}
