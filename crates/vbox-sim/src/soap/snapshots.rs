//! Snapshots: `IMachine_takeSnapshot|restoreSnapshot|deleteSnapshot|findSnapshot` and the
//! `ISnapshot` attributes.
//!
//! The simulator's snapshot operations take tens of milliseconds; they run to completion
//! before the answer, which then carries an already completed `IProgress`.

use super::call::{ret, Call, Failure, Reply};
use super::lifecycle::as_lock_holder;
use super::machine_read::this_machine;
use super::objects::{Obj, ProgressCell};
use crate::model::errors;
use vbox_soap_wire::Param;
use vbox_types::{Backend, Snapshot, TakeSnapshot};

/// Snapshot calls on `IMachine`.
pub(crate) async fn machine(c: &Call<'_>) -> Option<Reply> {
    if !matches!(
        c.method,
        "takeSnapshot" | "restoreSnapshot" | "deleteSnapshot" | "findSnapshot"
    ) {
        return None;
    }
    Some(machine_call(c).await)
}

async fn machine_call(c: &Call<'_>) -> Reply {
    let (id, mutable) = this_machine(c)?;
    let sim = c.sim();
    match c.method {
        "findSnapshot" => {
            let wanted = c.text("nameOrId")?;
            let all = sim.list_snapshots(&id).await?;
            let found = if wanted.is_empty() {
                all.into_iter()
                    .find(|s| s.current)
                    .ok_or_else(errors::no_snapshots)?
            } else {
                all.into_iter()
                    .find(|s| s.id == wanted || s.name == wanted)
                    .ok_or_else(|| errors::snapshot_not_found(wanted))?
            };
            ret(c.mor(Obj::Snapshot {
                machine: id,
                id: found.id,
            }))
        }
        "takeSnapshot" => {
            let spec = TakeSnapshot {
                name: c.text("name")?.to_string(),
                description: c.text("description")?.to_string(),
                live: !c.parse::<bool>("pause")?,
            };
            let snap = as_lock_holder(c, &id, mutable, sim.take_snapshot(&id, &spec)).await?;
            let progress = c.mor(Obj::Progress(ProgressCell::finished(Ok(()))));
            Ok(vec![
                Param::value("id", snap.id),
                Param::value("returnval", progress),
            ])
        }
        "restoreSnapshot" => {
            let Obj::Snapshot { id: snap, .. } = c.obj("snapshot")? else {
                return Err(Failure::Invalid(c.text("snapshot")?.to_string()));
            };
            as_lock_holder(c, &id, mutable, sim.restore_snapshot(&id, &snap)).await?;
            ret(c.mor(Obj::Progress(ProgressCell::finished(Ok(())))))
        }
        _ => {
            let snap = c.text("id")?;
            as_lock_holder(c, &id, mutable, sim.delete_snapshot(&id, snap)).await?;
            ret(c.mor(Obj::Progress(ProgressCell::finished(Ok(())))))
        }
    }
}

/// `ISnapshot_*`.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    const KNOWN: &[&str] = &[
        "getId",
        "getName",
        "getDescription",
        "getTimeStamp",
        "getOnline",
        "getParent",
        "getChildren",
        "getMachine",
        "getChildrenCount",
    ];
    if !KNOWN.contains(&c.method) {
        return None;
    }
    Some(snapshot(c).await)
}

async fn snapshot(c: &Call<'_>) -> Reply {
    let Obj::Snapshot { machine, id } = c.this()? else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    let all = c.sim().list_snapshots(&machine).await?;
    let s = all
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| errors::snapshot_uuid_not_found(&id))?;
    let as_obj = |s: &Snapshot| Obj::Snapshot {
        machine: machine.clone(),
        id: s.id.clone(),
    };
    let children: Vec<&Snapshot> = all
        .iter()
        .filter(|k| k.parent_id.as_deref() == Some(&id))
        .collect();
    match c.method {
        "getId" => ret(&s.id),
        "getName" => ret(&s.name),
        "getDescription" => ret(&s.description),
        "getTimeStamp" => ret(s.taken_ms),
        "getOnline" => ret(s.online),
        "getParent" => ret(c.mor_opt(
            all.iter()
                .find(|p| Some(&p.id) == s.parent_id.as_ref())
                .map(as_obj),
        )),
        "getChildren" => Ok(vec![Param::array(
            "returnval",
            children.iter().map(|k| c.mor(as_obj(k))),
        )]),
        "getChildrenCount" => ret(children.len()),
        _ => ret(c.mor(Obj::SnapshotMachine {
            id: machine,
            snapshot: id,
        })),
    }
}
