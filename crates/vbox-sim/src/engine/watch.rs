//! Watching guest properties: the one change detection of the simulator, for
//! `IMachine.waitGuestProperty`-style waits of the backend, VBoxManage's `guestproperty wait`
//! and the SOAP server's `OnGuestPropertyChanged` events alike. A watch remembers the
//! properties of its last look; each look reports what changed since
//! ([`vbox_types::guest_property_changes`]) and moves the baseline.

use super::Engine;
use crate::model::guest;
use crate::model::state::next_due_ms;
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::watch::Receiver;
use vbox_types::{guest_property_changes, ApiVersion, GuestProperty, GuestPropertyChange, Result};

/// Properties by (machine id, name).
type Look = BTreeMap<(String, String), GuestProperty>;

/// A watch on the matching guest properties of one machine or of all.
#[derive(Debug)]
pub(crate) struct Watch {
    /// The machine's id; every machine when `None`.
    machine: Option<String>,
    patterns: String,
    /// How often to re-read the registry for changes made by other processes, ms.
    poll_ms: i64,
    seen: Look,
    /// When a watched machine next changes by itself.
    next_due: Option<i64>,
}

/// A change and the id of the machine it happened to.
pub(crate) type Change = (String, GuestPropertyChange);

impl Watch {
    /// When to look again, at the latest `deadline`: the next change the model makes by
    /// itself, or the next poll for other processes' changes.
    pub(crate) fn wake_at(&self, now: i64, deadline: i64) -> i64 {
        [Some(deadline), self.next_due, Some(now + self.poll_ms)]
            .into_iter()
            .flatten()
            .filter(|t| *t > now)
            .min()
            .unwrap_or(deadline)
    }
}

impl Engine {
    /// Start watching the properties matching `patterns` (VirtualBox's `|`-separated
    /// wildcards; empty is all) of `machine` (a name or id) or of every machine. What is
    /// there now is the baseline.
    pub(crate) fn watch(
        &self,
        machine: Option<&str>,
        patterns: &str,
        poll_ms: i64,
    ) -> Result<Watch> {
        let machine = match machine {
            Some(m) => Some(self.read(|reg, _| Ok(reg.machines[reg.find(m)?].id.clone()))?),
            None => None,
        };
        let mut w = Watch {
            machine,
            patterns: patterns.to_string(),
            poll_ms,
            seen: Look::new(),
            next_due: None,
        };
        self.look(&mut w)?;
        Ok(w)
    }

    /// The changes since the watch's last look, oldest write first, deletions last.
    pub(crate) fn look(&self, w: &mut Watch) -> Result<Vec<Change>> {
        let (now, next_due) = self.read(|reg, _| {
            let mut look = Look::new();
            let mut due: Option<i64> = None;
            for m in &reg.machines {
                if w.machine.as_ref().is_some_and(|id| *id != m.id) {
                    continue;
                }
                for p in guest::enumerate(m, &w.patterns) {
                    look.insert((m.id.clone(), p.name.clone()), p);
                }
                due = [due, next_due_ms(m)].into_iter().flatten().min();
            }
            if let Some(id) = &w.machine {
                // The watched machine must still exist (findMachine's error otherwise).
                reg.find(id)?;
            }
            Ok((look, due))
        })?;
        // `fWasDeleted` exists from 7.0 on; 6.1 reports an empty value.
        let flagged = self.options().api >= ApiVersion::V7_0;
        let changes = guest_property_changes(&w.seen, &now, flagged)
            .into_iter()
            .map(|((machine, _), change)| (machine.clone(), change))
            .collect();
        w.seen = now;
        w.next_due = next_due;
        Ok(changes)
    }

    /// Sleep until `wake_at` (sim time) or until a change is made through this engine,
    /// whichever comes first. Take `rx` (from [`Engine::subscribe`]) and mark it seen
    /// before the look this wait follows, so that no change falls between them.
    pub(crate) async fn sleep_or_change(&self, rx: &mut Receiver<u64>, wake_at: i64) {
        let now = self.now_ms();
        let nap = Duration::from_millis((wake_at - now).max(0) as u64);
        tokio::select! {
            _ = tokio::time::sleep(nap) => {}
            _ = rx.changed() => {}
        }
    }

    /// The next changes of the watch, waiting for them until sim time `deadline`; none when
    /// the deadline passed first.
    pub(crate) async fn next_changes(&self, w: &mut Watch, deadline: i64) -> Result<Vec<Change>> {
        let mut rx = self.subscribe();
        loop {
            rx.borrow_and_update();
            let changes = self.look(w)?;
            let now = self.now_ms();
            if !changes.is_empty() || now >= deadline {
                return Ok(changes);
            }
            self.sleep_or_change(&mut rx, w.wake_at(now, deadline))
                .await;
        }
    }
}
