//! Snapshots. Taking one freezes the current disks: from then on the machine writes to new
//! differencing images whose parents are the frozen ones. That is what makes a template's base
//! disk the parent of its linked clones' disks, and why deleting such a template fails.

use super::machine::{Hardware, MachineRecord};
use super::media::{self, Attachment, MediumRecord};
use super::progress;
use super::session;
use super::state::{Pending, PendingOp, RunRecord};
use super::{errors, new_uuid, parse_uuid, Ctx};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use vbox_types::{Error, MachineState, Result, ResultCode, Snapshot, TakeSnapshot};

/// One snapshot of a machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SnapshotRecord {
    /// UUID.
    pub id: String,
    /// Name (not unique).
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Parent snapshot.
    #[serde(default)]
    pub parent: Option<String>,
    /// When taken, ms.
    pub taken_ms: i64,
    /// Taken with a saved execution state (running, paused or saved machine).
    pub online: bool,
    /// Hardware at the time.
    pub hw: Hardware,
    /// The frozen disks.
    #[serde(default)]
    pub disks: Vec<Attachment>,
    /// Saved state file of an online snapshot.
    #[serde(default)]
    pub state_file: Option<String>,
    /// The guest frozen in that state.
    #[serde(default)]
    pub saved_run: Option<RunRecord>,
}

/// The snapshot folder of a machine.
pub(crate) fn snapshot_folder(m: &MachineRecord) -> PathBuf {
    Path::new(&m.folder).join("Snapshots")
}

/// Find a snapshot by name or UUID (`findSnapshot`).
pub(crate) fn find(m: &MachineRecord, name_or_id: &str) -> Result<usize> {
    if let Some(id) = parse_uuid(name_or_id) {
        if let Some(i) = m.snapshots.iter().position(|s| s.id == id) {
            return Ok(i);
        }
        return Err(errors::snapshot_uuid_not_found(&id));
    }
    m.snapshots
        .iter()
        .position(|s| s.name == name_or_id)
        .ok_or_else(|| errors::snapshot_not_found(name_or_id))
}

/// The tree in pre-order (parents before children, siblings in creation order).
pub(crate) fn list(m: &MachineRecord) -> Vec<Snapshot> {
    fn walk(m: &MachineRecord, parent: Option<&str>, depth: u32, out: &mut Vec<Snapshot>) {
        for s in m.snapshots.iter().filter(|s| s.parent.as_deref() == parent) {
            out.push(Snapshot {
                id: s.id.clone(),
                name: s.name.clone(),
                description: s.description.clone(),
                parent_id: s.parent.clone(),
                depth,
                taken_ms: Snapshot::whole_seconds(s.taken_ms),
                online: s.online,
                current: m.current_snapshot.as_deref() == Some(s.id.as_str()),
            });
            walk(m, Some(&s.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(m, None, 0, &mut out);
    out
}

/// The ids of a snapshot and everything below it.
pub(crate) fn subtree(m: &MachineRecord, id: &str) -> Vec<String> {
    let mut out = vec![id.to_string()];
    let mut i = 0;
    while i < out.len() {
        let cur = out[i].clone();
        out.extend(
            m.snapshots
                .iter()
                .filter(|s| s.parent.as_deref() == Some(cur.as_str()))
                .map(|s| s.id.clone()),
        );
        i += 1;
    }
    out
}

/// Begin `takeSnapshot`: the state becomes Snapshotting (offline), LiveSnapshotting (`live`)
/// or OnlineSnapshotting (a running machine paused for the snapshot). Returns the pending id,
/// the new snapshot's id and the due time.
pub(crate) fn begin_take(
    m: &mut MachineRecord,
    spec: &TakeSnapshot,
    ctx: &Ctx<'_>,
) -> Result<(String, String, i64)> {
    if spec.name.is_empty() {
        return Err(errors::invalid_arg("The snapshot name must not be empty"));
    }
    let from = m.state;
    let (state, dur) = match from {
        MachineState::PoweredOff
        | MachineState::Saved
        | MachineState::Aborted
        | MachineState::AbortedSaved
        | MachineState::Teleported
            if m.pending.is_none() =>
        {
            session::check_write(m, ctx.now)?;
            (MachineState::Snapshotting, progress::SNAPSHOT_MS)
        }
        MachineState::Running if spec.live => {
            (MachineState::LiveSnapshotting, progress::LIVE_SNAPSHOT_MS)
        }
        MachineState::Running | MachineState::Paused => {
            if let Some(r) = m.run.as_mut() {
                r.freeze(ctx.now);
            }
            (MachineState::OnlineSnapshotting, progress::LIVE_SNAPSHOT_MS)
        }
        other => {
            return Err(Error::from_code(
                ResultCode::INVALID_VM_STATE,
                format!(
                    "Cannot take a snapshot of the machine while it is changing the state (machine state: {})",
                    other.global_name()
                ),
            ))
        }
    };
    let id = new_uuid();
    let pid = new_uuid();
    let due = ctx.now + dur;
    m.set_state(state, ctx.now);
    m.pending = Some(Pending {
        id: pid.clone(),
        op: PendingOp::TakeSnapshot {
            id: id.clone(),
            name: spec.name.clone(),
            description: spec.description.clone(),
        },
        from,
        started_ms: ctx.now,
        due_ms: due,
    });
    Ok((pid, id, due))
}

/// The snapshot progress completed: freeze the disks and record the snapshot.
pub(crate) fn complete_take(
    m: &mut MachineRecord,
    media: &mut Vec<MediumRecord>,
    id: &str,
    name: &str,
    description: &str,
    from: MachineState,
    t: i64,
) {
    let folder = snapshot_folder(m);
    let frozen = m.disks.clone();
    for a in m.disks.iter_mut() {
        if let Ok(diff) = media::create_diff(media, &a.medium, &folder) {
            a.medium = diff;
        }
    }
    let online = matches!(
        from,
        MachineState::Running
            | MachineState::Paused
            | MachineState::Saved
            | MachineState::AbortedSaved
    );
    let (state_file, saved_run) = if online {
        let f = folder.join(format!("{{{id}}}.sav"));
        let _ = crate::model::write_placeholder(&f, "snapshot saved state");
        let mut run = if from == MachineState::Saved || from == MachineState::AbortedSaved {
            m.saved_run.clone()
        } else {
            m.run.clone()
        };
        if let Some(r) = run.as_mut() {
            r.freeze(t);
        }
        (Some(f.to_string_lossy().into_owned()), run)
    } else {
        (None, None)
    };
    m.snapshots.push(SnapshotRecord {
        id: id.to_string(),
        name: name.to_string(),
        description: description.to_string(),
        parent: m.current_snapshot.clone(),
        taken_ms: t,
        online,
        hw: m.hw.clone(),
        disks: frozen,
        state_file,
        saved_run,
    });
    m.current_snapshot = Some(id.to_string());
}

fn check_offline(m: &MachineRecord, ctx: &Ctx<'_>) -> Result<()> {
    if session::has_vm_process(m) || m.state.is_transient() || m.pending.is_some() {
        return Err(Error::from_code(
            ResultCode::INVALID_VM_STATE,
            format!(
                "Cannot delete the current state of the running machine (machine state: {})",
                m.state.global_name()
            ),
        ));
    }
    session::check_write(m, ctx.now)
}

/// `restoreSnapshot`: the current state is discarded and replaced by new differencing images
/// on the snapshot's disks; an online snapshot leaves the machine Saved.
pub(crate) fn restore(
    m: &mut MachineRecord,
    media: &mut Vec<MediumRecord>,
    snapshot: &str,
    ctx: &Ctx<'_>,
) -> Result<()> {
    if m.snapshots.is_empty() {
        return Err(errors::no_snapshots());
    }
    let i = find(m, snapshot)?;
    check_offline(m, ctx)?;
    let snap = m.snapshots[i].clone();
    let folder = snapshot_folder(m);
    // Discard the current state's own differencing images.
    for a in std::mem::take(&mut m.disks) {
        let own = media::find(media, &a.medium).is_some_and(|k| media[k].parent.is_some())
            && !m
                .snapshots
                .iter()
                .any(|s| s.disks.iter().any(|d| d.medium == a.medium))
            && media::children(media, &a.medium).is_empty();
        if own {
            media::delete(media, &a.medium);
        }
    }
    let mut disks = Vec::new();
    for a in &snap.disks {
        let diff = media::create_diff(media, &a.medium, &folder)?;
        disks.push(Attachment {
            medium: diff,
            ..a.clone()
        });
    }
    m.disks = disks;
    m.hw = snap.hw.clone();
    if let Some(f) = m.state_file.take() {
        let _ = std::fs::remove_file(f);
    }
    m.saved_run = None;
    if snap.online {
        let f = folder.join(crate::clock::saved_state_file_name(ctx.now));
        let _ = crate::model::write_placeholder(&f, "restored saved state");
        m.state_file = Some(f.to_string_lossy().into_owned());
        m.saved_run = snap.saved_run.clone();
        m.set_state(MachineState::Saved, ctx.now);
    } else {
        m.set_state(MachineState::PoweredOff, ctx.now);
    }
    m.current_snapshot = Some(snap.id);
    Ok(())
}

/// `deleteSnapshot`: the snapshot's frozen images are merged with their successors, and its
/// children move up to its parent.
pub(crate) fn delete(
    m: &mut MachineRecord,
    media: &mut Vec<MediumRecord>,
    others_use: &dyn Fn(&str) -> bool,
    snapshot: &str,
    ctx: &Ctx<'_>,
) -> Result<()> {
    if m.snapshots.is_empty() {
        return Err(errors::no_snapshots());
    }
    let i = find(m, snapshot)?;
    if m.pending.is_some() || (m.state.is_transient()) {
        return Err(errors::invalid_state(m.state));
    }
    if !session::has_vm_process(m) {
        session::check_write(m, ctx.now)?;
    }
    let snap = m.snapshots[i].clone();
    let kids: Vec<usize> = (0..m.snapshots.len())
        .filter(|&k| m.snapshots[k].parent.as_deref() == Some(snap.id.as_str()))
        .collect();
    if kids.len() > 1 {
        return Err(Error::from_code(
            ResultCode::INVALID_OBJECT_STATE,
            format!(
                "Snapshot '{}' of the machine '{}' cannot be deleted, because it has {} child snapshots, which is more than the one snapshot allowed for deletion",
                snap.name,
                m.name,
                kids.len()
            ),
        ));
    }
    let is_current = m.current_snapshot.as_deref() == Some(snap.id.as_str());
    // The successor state whose images sit on this snapshot's images.
    let successor: Option<Option<usize>> = match (kids.first(), is_current) {
        (Some(&k), _) => Some(Some(k)),
        (None, true) => Some(None),
        (None, false) => None,
    };
    let succ_disks = |m: &MachineRecord| -> Vec<Attachment> {
        match successor {
            Some(Some(k)) => m.snapshots[k].disks.clone(),
            Some(None) => m.disks.clone(),
            None => Vec::new(),
        }
    };
    // Plan and validate every merge before changing anything.
    let mut merges: Vec<(String, Option<String>)> = Vec::new();
    for a in &snap.disks {
        let g = succ_disks(m)
            .into_iter()
            .find(|d| {
                d.controller == a.controller
                    && d.port == a.port
                    && d.device == a.device
                    && media::find(media, &d.medium)
                        .is_some_and(|k| media[k].parent.as_deref() == Some(a.medium.as_str()))
            })
            .map(|d| d.medium);
        let others: Vec<String> = media::children(media, &a.medium)
            .into_iter()
            .filter(|c| Some(c) != g.as_ref())
            .collect();
        if !others.is_empty() && g.is_some() {
            let loc = media::find(media, &a.medium)
                .map(|k| media[k].location.clone())
                .unwrap_or_default();
            return Err(Error::from_code(
                ResultCode::INVALID_OBJECT_STATE,
                format!(
                    "Hard disk '{loc}' has more than one child hard disk ({})",
                    others.len() + 1
                ),
            ));
        }
        merges.push((a.medium.clone(), g));
    }
    for (f, g) in merges {
        match g {
            Some(g) => {
                // Merge the successor's image into the frozen one, which takes its place.
                let replace = |disks: &mut Vec<Attachment>| {
                    for d in disks.iter_mut().filter(|d| d.medium == g) {
                        d.medium = f.clone();
                    }
                };
                match successor {
                    Some(Some(k)) => replace(&mut m.snapshots[k].disks),
                    _ => replace(&mut m.disks),
                }
                for (k, mrec) in media.iter_mut().enumerate() {
                    let _ = k;
                    if mrec.parent.as_deref() == Some(g.as_str()) {
                        mrec.parent = Some(f.clone());
                    }
                }
                media::delete(media, &g);
            }
            None => {
                let diff = media::find(media, &f).is_some_and(|k| media[k].parent.is_some());
                let used_elsewhere = m
                    .snapshots
                    .iter()
                    .filter(|s| s.id != snap.id)
                    .any(|s| s.disks.iter().any(|d| d.medium == f))
                    || m.disks.iter().any(|d| d.medium == f)
                    || others_use(&f);
                if diff && !used_elsewhere && media::children(media, &f).is_empty() {
                    media::delete(media, &f);
                }
            }
        }
    }
    for s in m.snapshots.iter_mut() {
        if s.parent.as_deref() == Some(snap.id.as_str()) {
            s.parent = snap.parent.clone();
        }
    }
    if is_current {
        m.current_snapshot = snap.parent.clone();
    }
    if let Some(f) = &snap.state_file {
        let _ = std::fs::remove_file(f);
    }
    m.snapshots.retain(|s| s.id != snap.id);
    Ok(())
}
