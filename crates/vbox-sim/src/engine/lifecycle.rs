//! Operations that span time — a start with its launch, a console action, a snapshot — each
//! begun in one transaction and completed by the model's clock, written once for the three
//! faces. A face begins the operation, then waits for it in its own way: the backend and the
//! SOAP server's progress objects just wait, VBoxManage prints its percentage marks while
//! [`Engine::follow`] ticks.

use super::Engine;
use crate::model::control::{self, Progress};
use crate::model::machine::MachineRecord;
use crate::model::{clone, errors, progress, snapshots, Ctx, Registry};
use std::time::Duration;
use vbox_types::{CloneMachine, ControlAction, Result, Snapshot, StartType, TakeSnapshot};

/// An operation begun on a machine; its progress completes on the model's clock.
#[derive(Debug, Clone)]
pub(crate) struct Begun {
    /// The machine's id.
    pub machine: String,
    /// Its progress.
    pub progress: Progress,
    /// When it began, sim ms.
    pub started_ms: i64,
}

impl Begun {
    /// How the operation ended once its progress completed: a launch that fails says why.
    pub(crate) fn outcome(&self) -> Result<()> {
        match &self.progress.failure {
            Some(text) => Err(errors::start_failed(text)),
            None => Ok(()),
        }
    }
}

impl Engine {
    /// Begin `launchVMProcess`.
    pub(crate) fn begin_start(&self, machine: &str, how: StartType) -> Result<Begun> {
        self.begin(machine, |m, ctx| {
            control::begin_start(m, how, ctx).map(Some)
        })
        .map(|b| b.expect("a start always has a progress"))
    }

    /// Begin a console action; `None` when it is done at once (pause, resume, reset, …).
    pub(crate) fn begin_control(
        &self,
        machine: &str,
        action: ControlAction,
    ) -> Result<Option<Begun>> {
        self.begin(machine, |m, ctx| control::begin_control(m, action, ctx))
    }

    /// Begin `takeSnapshot`; the new snapshot's id comes back too. `name` picks the
    /// snapshot's name given the machine as it is (VBoxManage's `--uniquename`).
    pub(crate) fn begin_snapshot(
        &self,
        machine: &str,
        spec: &TakeSnapshot,
        name: impl FnOnce(&MachineRecord, &Ctx<'_>) -> Result<String>,
    ) -> Result<(Begun, String)> {
        let mut snapshot = String::new();
        let begun = self.begin(machine, |m, ctx| {
            let spec = TakeSnapshot {
                name: name(m, ctx)?,
                ..spec.clone()
            };
            let (id, sid, due_ms) = snapshots::begin_take(m, &spec, ctx)?;
            snapshot = sid;
            Ok(Some(Progress {
                id,
                due_ms,
                failure: None,
            }))
        })?;
        Ok((begun.expect("a snapshot always has a progress"), snapshot))
    }

    /// One transaction that begins an operation on a machine.
    fn begin(
        &self,
        machine: &str,
        op: impl FnOnce(&mut MachineRecord, &Ctx<'_>) -> Result<Option<Progress>>,
    ) -> Result<Option<Begun>> {
        self.write(|reg, ctx| {
            let i = reg.find(machine)?;
            let progress = op(&mut reg.machines[i], ctx)?;
            reg.touch(i);
            Ok(progress.map(|progress| Begun {
                machine: reg.machines[i].id.clone(),
                progress,
                started_ms: ctx.now,
            }))
        })
    }

    /// Wait until the operation's progress completed (the model may move its due time),
    /// calling `tick(percent)` at every look at the clock, at least every `step_ms` of sim
    /// time, for a face that shows the progress as it goes.
    pub(crate) async fn follow(
        &self,
        begun: &Begun,
        step_ms: i64,
        mut tick: impl FnMut(u32),
    ) -> Result<()> {
        let mut due = begun.progress.due_ms;
        loop {
            self.run_until(begun.started_ms, due, step_ms, &mut tick)
                .await;
            let still = self.read(|reg, _| {
                let m = &reg.machines[reg.find(&begun.machine)?];
                Ok(m.pending
                    .as_ref()
                    .filter(|q| q.id == begun.progress.id)
                    .map(|q| q.due_ms))
            })?;
            match still {
                Some(d) => due = d.max(self.now_ms() + 1),
                None => return Ok(()),
            }
        }
    }

    /// Let `duration_ms` of sim time pass, ticking as [`Engine::follow`] does: the time
    /// VirtualBox's progress takes for work the model does at once (a copy, a deletion).
    pub(crate) async fn pass(&self, duration_ms: i64, step_ms: i64, mut tick: impl FnMut(u32)) {
        let start = self.now_ms();
        self.run_until(start, start + duration_ms, step_ms, &mut tick)
            .await;
    }

    /// Sleep on the clock until `due_ms`, ticking the share done of `start_ms..due_ms`.
    async fn run_until(
        &self,
        start_ms: i64,
        due_ms: i64,
        step_ms: i64,
        tick: &mut impl FnMut(u32),
    ) {
        loop {
            let now = self.now_ms();
            let span = (due_ms - start_ms).max(1);
            tick(((now - start_ms).clamp(0, span) * 100 / span) as u32);
            if now >= due_ms {
                return;
            }
            let nap = (due_ms - now).clamp(1, step_ms.max(1));
            tokio::time::sleep(Duration::from_millis(nap as u64)).await;
        }
    }

    /// A clone: refusals come at once (`check`); then the copy takes the clone's time
    /// (ticking as [`Engine::follow`]); then one transaction makes the machine and `finish`
    /// completes it (VBoxManage places and registers it as asked).
    pub(crate) async fn clone<T>(
        &self,
        spec: &CloneMachine,
        step_ms: i64,
        tick: impl FnMut(u32),
        finish: impl FnOnce(&mut Registry, usize, &Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.pass(progress::CLONE_MS, step_ms, tick).await;
        self.write(|reg, ctx| {
            let i = clone::clone(reg, spec, ctx)?;
            finish(reg, i, ctx)
        })
    }

    /// Wait until the operation's progress completed.
    pub(crate) async fn wait(&self, begun: &Begun) -> Result<()> {
        self.follow(begun, i64::MAX, |_| {}).await
    }

    /// Start a machine and wait for the launch's outcome.
    pub(crate) async fn start(&self, machine: &str, how: StartType) -> Result<()> {
        let begun = self.begin_start(machine, how)?;
        self.wait(&begun).await?;
        begun.outcome()
    }

    /// A console action, waited for.
    pub(crate) async fn control(&self, machine: &str, action: ControlAction) -> Result<()> {
        match self.begin_control(machine, action)? {
            Some(begun) => self.wait(&begun).await,
            None => Ok(()),
        }
    }

    /// Take a snapshot and wait for it.
    pub(crate) async fn take_snapshot(
        &self,
        machine: &str,
        spec: &TakeSnapshot,
    ) -> Result<Snapshot> {
        let (begun, id) = self.begin_snapshot(machine, spec, |_, _| Ok(spec.name.clone()))?;
        self.wait(&begun).await?;
        self.read(|reg, _| {
            snapshots::list(&reg.machines[reg.find(&begun.machine)?])
                .into_iter()
                .find(|s| s.id == id)
                .ok_or_else(|| errors::snapshot_uuid_not_found(&id))
        })
    }
}
