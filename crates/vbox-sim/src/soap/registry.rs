//! Machines outside the registry: `createMachine` makes an unregistered machine that
//! `registerMachine` registers (or `cloneTo` fills first); `unregister` takes a machine out
//! and returns its media; `deleteConfig` deletes them and the machine's files.

use super::call::{ret, Call, Failure, Reply};
use super::machine_read::this_machine;
use super::objects::{Obj, ProgressCell};
use crate::model::{media, session, unregister};
use vbox_soap_wire::Param;
use vbox_types::{
    Backend, CleanupMode, CloneMachine, CloneMode, CloneOption, CreateMachine, Error, Machine,
    ResultCode, Unregister,
};

fn limbo<'a>(
    c: &Call<'a>,
) -> std::sync::MutexGuard<
    'a,
    std::collections::HashMap<String, crate::model::machine::MachineRecord>,
> {
    c.shared.limbo.lock().unwrap_or_else(|e| e.into_inner())
}

/// A machine by id, registered or not.
pub(crate) async fn machine(c: &Call<'_>, id: &str) -> Result<Machine, Error> {
    match c.sim().get_machine(id).await {
        Err(e) => limbo(c)
            .get(id)
            .map(|m| m.to_machine(c.sim().now_ms()))
            .ok_or(e),
        found => found,
    }
}

/// `IVirtualBox_createMachine`, with the parameters of the served version (6.1: settingsFile,
/// name, groups, osTypeId, flags; 7.0 adds cipher, passwordId, password; 7.1 adds platform).
pub(crate) fn create(c: &Call<'_>) -> Reply {
    let name = c.text("name")?.to_string();
    let flags = c.opt("flags").unwrap_or_default();
    let uuid = flags
        .split(',')
        .find_map(|f| f.trim().strip_prefix("UUID="))
        .map(str::to_string);
    let spec = CreateMachine {
        name,
        os_type_id: c
            .opt("osTypeId")
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        groups: c
            .all("groups")
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(str::to_string)
            .collect(),
        ..Default::default()
    };
    let rec = c.sim().transact(|reg, ctx| {
        let i = reg.create_machine(&spec, ctx)?;
        let mut rec = reg.machines.remove(i);
        reg.touched.remove(&rec.id);
        if let Some(u) = uuid.as_deref().and_then(crate::model::parse_uuid) {
            rec.hardware_uuid = u.clone();
            rec.id = u;
        }
        Ok(rec)
    })?;
    let id = rec.id.clone();
    limbo(c).insert(id.clone(), rec);
    // The same IMachine that getMachines lists once it is registered; editable until then.
    ret(c.mor(Obj::Machine { id, mutable: false }))
}

/// `IVirtualBox_registerMachine`.
pub(crate) fn register(c: &Call<'_>) -> Reply {
    let (id, _) = match c.obj("machine")? {
        Obj::Machine { id, mutable } => (id, mutable),
        _ => return Err(Failure::Invalid(c.text("machine")?.to_string())),
    };
    let rec = limbo(c).remove(&id).ok_or_else(|| {
        Error::from_code(
            ResultCode::INVALID_OBJECT_STATE,
            format!("Machine {{{id}}} is already registered"),
        )
    })?;
    let back = rec.clone();
    let out = c.sim().transact(|reg, _| {
        if reg
            .machines
            .iter()
            .any(|m| m.name == rec.name || m.id == rec.id)
        {
            return Err(Error::from_code(
                ResultCode::FILE_ERROR,
                format!("A machine named '{}' is already registered", rec.name),
            ));
        }
        reg.machines.push(rec);
        let i = reg.machines.len() - 1;
        reg.touch(i);
        Ok(())
    });
    if out.is_err() {
        limbo(c).insert(id, back);
    }
    out?;
    Ok(Vec::new())
}

/// `IMachine_cloneTo(target, mode, options)`: the copy goes into the unregistered target.
pub(crate) async fn clone_to(c: &Call<'_>) -> Reply {
    let (source, snapshot) = match c.this()? {
        Obj::SnapshotMachine { id, snapshot } => (id, Some(snapshot)),
        Obj::Machine { id, .. } => (id, None),
        _ => return Err(Failure::Invalid(c.text("_this")?.to_string())),
    };
    let Obj::Machine { id: target, .. } = c.obj("target")? else {
        return Err(Failure::Invalid(c.text("target")?.to_string()));
    };
    let mode: CloneMode = c.parse("mode")?;
    let options = c
        .all("options")
        .into_iter()
        .map(|o| o.parse::<CloneOption>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::from_code(ResultCode::E_INVALIDARG, e.to_string()))?;
    let (name, groups) = {
        let l = limbo(c);
        let t = l.get(&target).ok_or_else(|| {
            Error::from_code(ResultCode::E_INVALIDARG, "The target machine is registered")
        })?;
        (t.name.clone(), t.groups.clone())
    };
    let spec = CloneMachine {
        source,
        name,
        mode,
        options,
        snapshot,
        groups,
    };
    let outcome = match c.sim().clone_machine(&spec).await {
        Ok(made) => c
            .sim()
            .transact(|reg, _| {
                let i = reg.find(&made.id)?;
                let mut rec = reg.machines.remove(i);
                reg.touched.remove(&rec.id);
                rec.id = target.clone();
                rec.hardware_uuid = target.clone();
                Ok(rec)
            })
            .map(|rec| {
                limbo(c).insert(target.clone(), rec);
            }),
        Err(e) => Err(e),
    };
    ret(c.mor(Obj::Progress(ProgressCell::finished(outcome))))
}

/// `IMachine_unregister(cleanupMode)`: out of the registry, with its own media returned
/// (children first) unless the mode returns none.
pub(crate) fn unregister(c: &Call<'_>) -> Reply {
    let (id, _) = this_machine(c)?;
    let mode: CleanupMode = c.parse("cleanupMode")?;
    let (rec, returned) = c.sim().transact(|reg, ctx| {
        let i = reg.find(&id)?;
        let m = &reg.machines[i];
        session::check_unregister(m, ctx.now)?;
        if mode == CleanupMode::UnregisterOnly && (!m.snapshots.is_empty() || !m.disks.is_empty()) {
            return Err(Error::from_code(ResultCode::INVALID_OBJECT_STATE, format!("Cannot unregister the machine '{}' because it has snapshots or storage attachments", m.name)));
        }
        let others: Vec<String> = reg.media_of_others(i);
        let mut own: Vec<String> = media::used_by(m).into_iter().filter(|x| !others.contains(x)).collect();
        own.sort_by_key(|x| std::cmp::Reverse(media::depth(&reg.media, x)));
        if matches!(mode, CleanupMode::UnregisterOnly | CleanupMode::DetachAllReturnNone) {
            own.clear();
        }
        let rec = reg.machines.remove(i);
        reg.touched.remove(&rec.id);
        Ok((rec, own))
    })?;
    limbo(c).insert(id, rec);
    Ok(vec![Param::array(
        "returnval",
        returned.into_iter().map(|m| c.mor(Obj::Medium(m))),
    )])
}

/// `IMachine_deleteConfig(media)`: deletes the given media and the machine's files.
pub(crate) fn delete_config(c: &Call<'_>) -> Reply {
    let (id, _) = this_machine(c)?;
    let mut listed = Vec::new();
    for text in c.all("media") {
        match c.resolve(text)? {
            Some(Obj::Medium(m)) => listed.push(m),
            _ => return Err(Failure::Invalid(text.to_string())),
        }
    }
    let rec = limbo(c).remove(&id).ok_or_else(|| {
        Error::from_code(
            ResultCode::INVALID_OBJECT_STATE,
            "Cannot delete settings of a registered machine",
        )
    })?;
    // The model's unregister-with-delete does exactly deleteConfig's work; the machine joins
    // the registry for the length of that one transaction.
    let outcome = c.sim().transact(|reg, ctx| {
        let keep: Vec<String> = media::used_by(&rec)
            .into_iter()
            .filter(|m| !listed.contains(m))
            .collect();
        reg.machines.push(rec);
        let how = Unregister {
            cleanup: CleanupMode::DetachAllReturnHardDisksOnly,
            delete_files: true,
            keep_media: keep,
        };
        unregister::unregister(reg, reg.machines.len() - 1, &how, ctx).map(|_| ())
    });
    ret(c.mor(Obj::Progress(ProgressCell::finished(outcome))))
}

/// An unknown-medium error for `id`.
pub(crate) fn medium_not_found(id: &str) -> Error {
    Error::from_code(
        ResultCode::OBJECT_NOT_FOUND,
        format!("Could not find a medium with UUID {{{id}}}"),
    )
}

/// Applies `edit` to machine `id` when it is outside the registry (a new machine is editable
/// before it is registered); `None` for a registered machine.
pub(crate) fn edit_unregistered(
    c: &Call<'_>,
    id: &str,
    edit: impl FnOnce(
        &mut crate::model::machine::MachineRecord,
        &crate::model::Ctx<'_>,
    ) -> Result<(), Error>,
) -> Option<Result<(), Error>> {
    let mut rec = limbo(c).remove(id)?;
    let out = c.sim().view(|_, ctx| edit(&mut rec, ctx));
    limbo(c).insert(id.to_string(), rec);
    Some(out)
}

/// Whether machine `id` is outside the registry.
pub(crate) fn is_unregistered(c: &Call<'_>, id: &str) -> bool {
    limbo(c).contains_key(id)
}
