//! The machine state machine over time.
//!
//! Operations only *begin* (see [`super::control`]): the state turns transient and a
//! [`Pending`] records when the progress completes. Everything else that happens by itself —
//! the launch completing, the Guest Additions publishing after the boot, the `Net/Count`
//! beacon, a DHCP renewal gap, an ACPI shutdown finishing, a crash — is an event at a point in
//! sim time. [`advance`] applies the events that are due, in time order, whenever anybody
//! looks at the registry. Evolution is therefore a function of timestamps, and two processes
//! see the same machine.

use super::faults::Behaviour;
use super::guest;
use super::machine::MachineRecord;
use super::media::MediumRecord;
use super::progress;
use super::session;
use super::snapshots;
use super::Ctx;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vbox_types::{ApiVersion, MachineState};

/// An operation whose progress has not completed yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Pending {
    /// Progress id, so the caller recognises its own operation.
    pub id: String,
    /// What completes.
    pub op: PendingOp,
    /// The state before the operation began.
    pub from: MachineState,
    /// When it began, ms.
    pub started_ms: i64,
    /// When it completes, ms.
    pub due_ms: i64,
}

/// The kinds of long operations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub(crate) enum PendingOp {
    /// `launchVMProcess`: Starting (or Restoring from a saved state) → Running, or a failure.
    Start {
        /// Restoring a saved state.
        restore: bool,
        /// The launch fails with this text.
        failure: Option<String>,
    },
    /// `powerDown`, or the end of an ACPI shutdown: Stopping → PoweredOff.
    PowerOff,
    /// `saveState`: Saving → Saved.
    SaveState,
    /// `takeSnapshot`: the snapshot appears when the progress completes.
    TakeSnapshot {
        /// New snapshot id.
        id: String,
        /// Name.
        name: String,
        /// Description.
        description: String,
    },
}

/// The guest of a running VM: its boot and the schedule of what it will do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RunRecord {
    /// When the guest (re)booted, ms.
    pub boot_ms: i64,
    /// When the Guest Additions publish for the first time; `None` without Guest Additions.
    pub ga_at_ms: Option<i64>,
    /// Whether they have.
    pub ga_published: bool,
    /// The next `Net/Count` rewrite.
    pub next_beacon_ms: Option<i64>,
    /// DHCP renewal schedule.
    pub dhcp: Option<DhcpPlan>,
    /// The VM process dies at this time.
    pub crash_at_ms: Option<i64>,
    /// The guest finishes an ACPI shutdown at this time.
    pub acpi_at_ms: Option<i64>,
    /// Paused or saved since: the guest does not run, nothing of it happens.
    pub frozen_since: Option<i64>,
    /// The guest's interface order (slots).
    pub nic_order: Vec<u32>,
    /// Publish IPv6 too.
    pub publish_ipv6: bool,
    /// Transient shared folders of this run (`IConsole.createSharedFolder`): gone with it.
    #[serde(default)]
    pub transient_shares: Vec<vbox_types::SharedFolder>,
}

/// A DHCP release/renew of the guest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DhcpPlan {
    /// When `Net/Count` drops to 0.
    pub drop_at_ms: i64,
    /// How long it stays 0.
    pub gap_ms: i64,
    /// Whether the lease changes.
    pub new_address: bool,
    /// 0 = ahead, 1 = in the gap, 2 = done.
    pub stage: u8,
}

impl RunRecord {
    /// A guest that boots at `boot_ms`, with the machine's behaviour switches.
    pub(crate) fn boot(boot_ms: i64, b: &Behaviour) -> RunRecord {
        let ga_at = (!b.no_guest_additions).then_some(boot_ms + b.boot_delay_ms);
        RunRecord {
            boot_ms,
            ga_at_ms: ga_at,
            ga_published: false,
            next_beacon_ms: None,
            dhcp: match (ga_at, b.dhcp_renew_after_ms) {
                (Some(ga), Some(after)) => Some(DhcpPlan {
                    drop_at_ms: ga + after,
                    gap_ms: b.dhcp_gap_ms,
                    new_address: b.dhcp_new_address,
                    stage: 0,
                }),
                _ => None,
            },
            crash_at_ms: b.crash_after_ms.map(|c| boot_ms + c),
            acpi_at_ms: None,
            frozen_since: None,
            nic_order: b.nic_order.clone(),
            publish_ipv6: b.publish_ipv6,
            transient_shares: Vec::new(),
        }
    }

    /// Stop the guest (pause, save, power-off in progress).
    pub(crate) fn freeze(&mut self, at_ms: i64) {
        if self.frozen_since.is_none() {
            self.frozen_since = Some(at_ms);
        }
    }

    /// Let the guest run again at `at_ms`: everything it had still to do moves later by the
    /// time it stood still, as it would for a paused or saved real guest.
    pub(crate) fn thaw(&mut self, at_ms: i64) {
        let Some(since) = self.frozen_since.take() else {
            return;
        };
        let delta = (at_ms - since).max(0);
        let later = |t: &mut i64| {
            if *t >= since {
                *t += delta;
            }
        };
        if !self.ga_published {
            if let Some(t) = self.ga_at_ms.as_mut() {
                later(t);
            }
        }
        if let Some(t) = self.next_beacon_ms.as_mut() {
            later(t);
        }
        if let Some(d) = self.dhcp.as_mut() {
            if d.stage < 2 {
                later(&mut d.drop_at_ms);
            }
        }
        if let Some(t) = self.crash_at_ms.as_mut() {
            later(t);
        }
        if let Some(t) = self.acpi_at_ms.as_mut() {
            later(t);
        }
    }
}

/// Something that happens by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Complete,
    Crash,
    AcpiShutdown,
    GaPublish,
    DhcpDrop,
    DhcpRestore,
}

/// The next event of a machine and its time, if any.
fn next_event(m: &MachineRecord) -> Option<(i64, Event)> {
    let mut cands: Vec<(i64, Event)> = Vec::new();
    if let Some(p) = &m.pending {
        cands.push((p.due_ms, Event::Complete));
    }
    if let Some(r) = m.run.as_ref().filter(|r| r.frozen_since.is_none()) {
        if let Some(t) = r.crash_at_ms {
            cands.push((t, Event::Crash));
        }
        // A guest shutdown that falls into another operation (a live snapshot) waits for it.
        if let (Some(t), None) = (r.acpi_at_ms, &m.pending) {
            cands.push((t, Event::AcpiShutdown));
        }
        match (r.ga_at_ms, r.ga_published) {
            (Some(t), false) => cands.push((t, Event::GaPublish)),
            (Some(_), true) => match &r.dhcp {
                Some(d) if d.stage == 0 => cands.push((d.drop_at_ms, Event::DhcpDrop)),
                Some(d) if d.stage == 1 => {
                    cands.push((d.drop_at_ms + d.gap_ms, Event::DhcpRestore))
                }
                _ => {}
            },
            _ => {}
        }
    }
    cands.into_iter().min()
}

/// The time of the next thing that will happen to the machine by itself (events and beacon
/// rewrites), for waiters that sleep until something can change.
pub(crate) fn next_due_ms(m: &MachineRecord) -> Option<i64> {
    let beacon = m
        .run
        .as_ref()
        .filter(|r| r.frozen_since.is_none())
        .and_then(|r| r.next_beacon_ms);
    let held = m.held_lock.as_ref().map(|h| h.until_ms);
    [next_event(m).map(|e| e.0), beacon, held]
        .into_iter()
        .flatten()
        .min()
}

/// Apply everything due up to `ctx.now`. Returns whether the machine changed.
pub(crate) fn advance(
    m: &mut MachineRecord,
    media: &mut Vec<MediumRecord>,
    leases: &mut BTreeMap<String, BTreeMap<String, String>>,
    ctx: &Ctx<'_>,
) -> bool {
    let mut changed = session::expire(m, ctx.now);
    // Events are applied in time order; one that had to wait for another happens right after.
    let mut floor = i64::MIN;
    while let Some((t, ev)) = next_event(m).filter(|(t, _)| *t <= ctx.now) {
        let t = t.max(floor);
        floor = t;
        beacon_upto(m, t);
        apply(m, ev, t, media, leases, ctx);
        changed = true;
    }
    changed |= beacon_upto(m, ctx.now);
    changed
}

/// VBoxService rewrites `Net/Count` every interval even when unchanged, so its timestamp
/// advances: the beacon that tells a live guest from stale properties. Only the newest
/// rewrite up to `t` matters.
fn beacon_upto(m: &mut MachineRecord, t: i64) -> bool {
    let Some(r) = m.run.as_mut().filter(|r| r.frozen_since.is_none()) else {
        return false;
    };
    let Some(next) = r.next_beacon_ms.filter(|n| *n <= t) else {
        return false;
    };
    let last = next + (t - next) / progress::BEACON_MS * progress::BEACON_MS;
    r.next_beacon_ms = Some(last + progress::BEACON_MS);
    guest::rewrite_count(m, last);
    true
}

fn apply(
    m: &mut MachineRecord,
    ev: Event,
    t: i64,
    media: &mut Vec<MediumRecord>,
    leases: &mut BTreeMap<String, BTreeMap<String, String>>,
    ctx: &Ctx<'_>,
) {
    match ev {
        Event::Complete => complete(m, t, media, ctx),
        Event::Crash => {
            // The VM process died: VBoxSVC keeps what it heard of, less the TRANSIENT
            // properties (`Machine::i_setMachineState` treats Aborted as PoweredOff).
            m.set_state(MachineState::Aborted, t);
            guest::vm_ended(m, true);
            end_vm_process(m);
        }
        Event::AcpiShutdown => {
            // VBoxService stops during the guest's shutdown and deletes its Net/* properties.
            guest::delete_net(m);
            if let Some(r) = m.run.as_mut() {
                r.acpi_at_ms = None;
                r.freeze(t);
            }
            m.set_state(MachineState::Stopping, t);
            m.pending = Some(Pending {
                id: super::new_uuid(),
                op: PendingOp::PowerOff,
                from: MachineState::Running,
                started_ms: t,
                due_ms: t + progress::POWER_OFF_MS,
            });
        }
        Event::GaPublish => {
            let run = m.run.clone().expect("publishing needs a running guest");
            guest::publish_all(m, &run, leases, t, ctx.opts);
            if let Some(r) = m.run.as_mut() {
                r.ga_published = true;
                r.next_beacon_ms = Some(t + progress::BEACON_MS);
            }
        }
        Event::DhcpDrop => {
            guest::write_count(m, 0, t);
            if let Some(d) = m.run.as_mut().and_then(|r| r.dhcp.as_mut()) {
                d.stage = 1;
            }
        }
        Event::DhcpRestore => {
            let run = m.run.clone().expect("renewing needs a running guest");
            let renew = run.dhcp.as_ref().is_some_and(|d| d.new_address);
            guest::publish_net(m, &run, leases, t, renew, false);
            if let Some(d) = m.run.as_mut().and_then(|r| r.dhcp.as_mut()) {
                d.stage = 2;
            }
        }
    }
}

/// The VM process is gone: no session, no guest.
pub(crate) fn end_vm_process(m: &mut MachineRecord) {
    m.run = None;
    m.pending = None;
    m.session_name = None;
}

fn complete(m: &mut MachineRecord, t: i64, media: &mut Vec<MediumRecord>, ctx: &Ctx<'_>) {
    let Some(p) = m.pending.take() else {
        return;
    };
    match p.op {
        PendingOp::Start { restore, failure } => {
            if failure.is_some() {
                // The VM process died before powering on. A saved machine keeps its state
                // file; 7.0 calls that AbortedSaved.
                let back = match p.from {
                    MachineState::Saved | MachineState::AbortedSaved
                        if ctx.api() >= ApiVersion::V7_0 =>
                    {
                        MachineState::AbortedSaved
                    }
                    other => other,
                };
                m.set_state(back, t);
                end_vm_process(m);
                return;
            }
            let run = if restore {
                // The guest continues where it was saved; the state file is consumed.
                let mut r = m
                    .saved_run
                    .take()
                    .unwrap_or_else(|| RunRecord::boot(t, &Behaviour::of(m)));
                r.thaw(t);
                // The restored VBoxService sees its NICs go down and up and rewrites every
                // property it owns: 4.5–5.3 s after the restore on the real 7.2.22 with a real
                // guest (never later, here, than the guest's own boot would take).
                if r.ga_published {
                    let b = Behaviour::of(m);
                    r.ga_published = false;
                    r.ga_at_ms = Some(t + progress::RESTORE_REPUBLISH_MS.min(b.boot_delay_ms));
                }
                if let Some(f) = m.state_file.take() {
                    let _ = std::fs::remove_file(f);
                }
                r
            } else {
                RunRecord::boot(t, &Behaviour::of(m))
            };
            m.run = Some(run);
            m.set_state(MachineState::Running, t);
            guest::vm_started(m, t, ctx.opts, restore);
        }
        PendingOp::PowerOff => {
            m.set_state(MachineState::PoweredOff, t);
            guest::vm_ended(m, true);
            end_vm_process(m);
        }
        PendingOp::SaveState => {
            let mut run = m.run.take();
            if let Some(r) = run.as_mut() {
                r.freeze(p.started_ms);
            }
            m.saved_run = run;
            let file = std::path::Path::new(&m.folder)
                .join("Snapshots")
                .join(crate::clock::saved_state_file_name(t));
            let _ = crate::model::write_placeholder(&file, "saved state");
            m.state_file = Some(file.to_string_lossy().into_owned());
            m.set_state(MachineState::Saved, t);
            guest::vm_ended(m, false);
            end_vm_process(m);
        }
        PendingOp::TakeSnapshot {
            id,
            name,
            description,
        } => {
            snapshots::complete_take(m, media, &id, &name, &description, p.from, t);
            if let Some(r) = m.run.as_mut() {
                if p.from == MachineState::Running {
                    r.thaw(t);
                }
            }
            if p.from == MachineState::Running && m.run.is_some() {
                // The VM paused for the snapshot's end and resumes: a resume for the guest
                // property service too (`guestproperty-enumerate-after-poweroff`: 2 resumes).
                guest::vm_resumed(m, t);
            }
            m.set_state(p.from, t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn behaviour() -> Behaviour {
        Behaviour {
            no_guest_additions: false,
            boot_delay_ms: 1_000,
            acpi_ignored: false,
            acpi_shutdown_ms: 3_000,
            start_failure: None,
            crash_after_ms: Some(10_000),
            dhcp_renew_after_ms: Some(5_000),
            dhcp_gap_ms: 2_000,
            dhcp_new_address: false,
            nic_order: vec![],
            publish_ipv6: false,
            start_ms: 800,
        }
    }

    #[test]
    fn a_boot_schedules_the_guest() {
        let r = RunRecord::boot(100, &behaviour());
        assert_eq!(r.ga_at_ms, Some(1_100));
        assert_eq!(r.crash_at_ms, Some(10_100));
        assert_eq!(r.dhcp.as_ref().unwrap().drop_at_ms, 6_100);
        let none = RunRecord::boot(
            0,
            &Behaviour {
                no_guest_additions: true,
                ..behaviour()
            },
        );
        assert_eq!((none.ga_at_ms, none.dhcp), (None, None));
    }

    #[test]
    fn thawing_moves_what_is_ahead_by_the_frozen_time() {
        let mut r = RunRecord::boot(0, &behaviour());
        r.freeze(500);
        r.freeze(700); // the first freeze counts
        r.thaw(2_500);
        assert_eq!(r.frozen_since, None);
        assert_eq!(r.ga_at_ms, Some(3_000));
        assert_eq!(r.crash_at_ms, Some(12_000));
        // Published already: the first publish time is history and stays.
        let mut p = RunRecord::boot(0, &behaviour());
        p.ga_published = true;
        p.next_beacon_ms = Some(6_000);
        p.freeze(2_000);
        p.thaw(3_000);
        assert_eq!(p.ga_at_ms, Some(1_000));
        assert_eq!(p.next_beacon_ms, Some(7_000));
    }
}
