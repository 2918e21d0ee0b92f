//! `IMachine::cloneTo`: full clones (new independent disks) and linked clones (differencing
//! disks on a snapshot's disks), in the three clone modes.
//!
//! Everything is checked before anything is created, and whatever was created is removed
//! again if a later step fails: a failed clone leaves nothing registered and no files.

use super::machine::{
    machine_folder, normalize_groups, path_string, random_mac, safe_file_name, Hardware,
    MachineRecord,
};
use super::media::{self, Attachment};
use super::snapshots::{self, SnapshotRecord};
use super::state::RunRecord;
use super::{errors, new_uuid, Ctx, Registry};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vbox_types::{
    ApiVersion, CloneMachine, CloneMode, CloneOption, MachineState, NetworkAttachmentType, Result,
};

/// What the new machine's current state is made of.
struct Plan {
    hw: Hardware,
    disks: Vec<Attachment>,
    /// Linked: new differencing disks on `disks`; full: copies.
    linked: bool,
    snapshots: Vec<SnapshotRecord>,
    current_snapshot: Option<String>,
    saved: Option<(Option<RunRecord>, String)>,
}

/// Check a clone request; returns the source index. Used before the clone's duration passes,
/// so that refusals come at once.
pub(crate) fn check(reg: &Registry, spec: &CloneMachine, ctx: &Ctx<'_>) -> Result<usize> {
    let src = reg.find(&spec.source)?;
    if spec.name.is_empty() {
        return Err(errors::invalid_arg("Machine name must not be empty"));
    }
    if spec.is_linked() {
        if spec.snapshot.is_none() {
            return Err(errors::linked_needs_snapshot());
        }
        if spec.mode != CloneMode::MachineState {
            return Err(errors::linked_single_state());
        }
    }
    if let Some(o) = spec.options.iter().find(|o| !o.exists_in(ctx.api())) {
        return Err(errors::invalid_arg(format!(
            "Invalid clone option '{}' for API {}",
            o.api_name(),
            ctx.api()
        )));
    }
    let m = &reg.machines[src];
    if let Some(s) = &spec.snapshot {
        snapshots::find(m, s)?;
    }
    let groups = normalize_groups(&spec.groups)?;
    let settings = settings_path(ctx.root, &groups, &spec.name);
    if settings.exists()
        || reg
            .machines
            .iter()
            .any(|x| Path::new(&x.settings_file) == settings)
    {
        return Err(errors::settings_exist(&path_string(&settings)));
    }
    // The VM process holds the current state's disks write-locked.
    if spec.snapshot.is_none() && super::session::has_vm_process(m) {
        if let Some(a) = m.disks.first() {
            let loc = media::find(&reg.media, &a.medium)
                .map(|i| reg.media[i].location.clone())
                .unwrap_or_default();
            return Err(errors::cannot_lock_source_media(&loc));
        }
    }
    Ok(src)
}

fn settings_path(root: &Path, groups: &[String], name: &str) -> PathBuf {
    machine_folder(root, groups, name).join(format!("{}.vbox", safe_file_name(name)))
}

/// Clone and register; returns the new machine's index.
pub(crate) fn clone(reg: &mut Registry, spec: &CloneMachine, ctx: &Ctx<'_>) -> Result<usize> {
    let src = check(reg, spec, ctx)?;
    let source = reg.machines[src].clone();
    let plan = plan(&source, spec)?;
    let groups = normalize_groups(&spec.groups)?;
    let folder = machine_folder(ctx.root, &groups, &spec.name);
    let folder_existed = folder.exists();
    let media_before = reg.media.len();
    let result = build(reg, &source, spec, plan, &groups, &folder, ctx);
    if result.is_err() {
        // Leave nothing behind: forget the new media and remove their files.
        for m in reg.media.drain(media_before..) {
            let _ = std::fs::remove_file(&m.location);
        }
        if !folder_existed {
            let _ = std::fs::remove_dir_all(&folder);
        }
    }
    let rec = result?;
    let id = rec.id.clone();
    reg.machines.push(rec);
    let idx = reg.machines.len() - 1;
    reg.touch(idx);
    // The clone's settings copy the source's controllers (type and port count).
    super::storage::copy_controllers(reg, &source.id, &id, ctx.root)?;
    Ok(idx)
}

/// Which states of the source go into the clone.
fn plan(source: &MachineRecord, spec: &CloneMachine) -> Result<Plan> {
    let snap = match &spec.snapshot {
        Some(s) => Some(source.snapshots[snapshots::find(source, s)?].clone()),
        None => None,
    };
    let current_saved = || {
        source
            .state_file
            .as_ref()
            .map(|f| (source.saved_run.clone(), f.clone()))
    };
    // The source's current state alone (no snapshots): a full clone of `machine` mode.
    let current_only = || Plan {
        hw: source.hw.clone(),
        disks: source.disks.clone(),
        linked: false,
        snapshots: Vec::new(),
        current_snapshot: None,
        saved: current_saved(),
    };
    let snap_saved = |s: &SnapshotRecord| {
        s.state_file
            .as_ref()
            .map(|f| (s.saved_run.clone(), f.clone()))
    };
    let linked = spec.is_linked();
    Ok(match spec.mode {
        CloneMode::MachineState => match &snap {
            Some(s) => Plan {
                hw: s.hw.clone(),
                disks: s.disks.clone(),
                linked,
                snapshots: Vec::new(),
                current_snapshot: None,
                saved: snap_saved(s),
            },
            None => current_only(),
        },
        CloneMode::MachineAndChildStates => {
            // The chosen snapshot (default: the current one) becomes the root; the current
            // state comes along when it lies below it.
            let root = snap.clone().or_else(|| {
                source
                    .current_snapshot
                    .as_ref()
                    .and_then(|id| source.snapshots.iter().find(|s| &s.id == id).cloned())
            });
            match root {
                None => current_only(),
                Some(root) => {
                    let ids = snapshots::subtree(source, &root.id);
                    let mut snaps: Vec<SnapshotRecord> = source
                        .snapshots
                        .iter()
                        .filter(|s| ids.contains(&s.id))
                        .cloned()
                        .collect();
                    if let Some(r) = snaps.iter_mut().find(|s| s.id == root.id) {
                        r.parent = None;
                    }
                    let under = source
                        .current_snapshot
                        .as_ref()
                        .is_some_and(|c| ids.contains(c));
                    if under {
                        Plan {
                            hw: source.hw.clone(),
                            disks: source.disks.clone(),
                            linked: false,
                            snapshots: snaps,
                            current_snapshot: source.current_snapshot.clone(),
                            saved: current_saved(),
                        }
                    } else {
                        Plan {
                            hw: root.hw.clone(),
                            disks: root.disks.clone(),
                            linked: false,
                            snapshots: snaps,
                            current_snapshot: Some(root.id.clone()),
                            saved: snap_saved(&root),
                        }
                    }
                }
            }
        }
        CloneMode::AllStates => Plan {
            hw: source.hw.clone(),
            disks: source.disks.clone(),
            linked: false,
            snapshots: source.snapshots.clone(),
            current_snapshot: source.current_snapshot.clone(),
            saved: current_saved(),
        },
    })
}

fn build(
    reg: &mut Registry,
    source: &MachineRecord,
    spec: &CloneMachine,
    plan: Plan,
    groups: &[String],
    folder: &Path,
    ctx: &Ctx<'_>,
) -> Result<MachineRecord> {
    let id = new_uuid();
    let snap_folder = folder.join("Snapshots");
    std::fs::create_dir_all(folder)
        .map_err(|e| errors::file_error("Could not create the machine folder", folder, e))?;

    // Media: linked clones get differencing images on the snapshot's images; full clones
    // copy every image involved, parents first, keeping the chains between copied images and
    // flattening whatever lies below them (the copies are independent of the source).
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    if plan.linked {
        for a in &plan.disks {
            let diff = media::create_diff(&mut reg.media, &a.medium, &snap_folder)?;
            map.insert(a.medium.clone(), diff);
        }
    } else {
        let mut involved: Vec<String> = Vec::new();
        for a in plan
            .snapshots
            .iter()
            .flat_map(|s| s.disks.iter())
            .chain(plan.disks.iter())
        {
            if !involved.contains(&a.medium) {
                involved.push(a.medium.clone());
            }
        }
        involved.sort_by_key(|id| media::depth(&reg.media, id));
        let mut n = 0;
        for old in involved {
            let Some(i) = media::find(&reg.media, &old) else {
                continue;
            };
            let rec = reg.media[i].clone();
            let new = match rec.parent.as_ref().and_then(|p| map.get(p)) {
                Some(parent) => media::create_diff(&mut reg.media, &parent.clone(), &snap_folder)?,
                None => {
                    n += 1;
                    let loc = base_name(&reg.media, &rec.id, source, &spec.name, n, folder);
                    media::create_base(&mut reg.media, &loc, rec.logical_size)?
                }
            };
            map.insert(old, new);
        }
    }
    let remap = |disks: &[Attachment]| -> Vec<Attachment> {
        disks
            .iter()
            .map(|a| Attachment {
                medium: map
                    .get(&a.medium)
                    .cloned()
                    .unwrap_or_else(|| a.medium.clone()),
                ..a.clone()
            })
            .collect()
    };

    // New MACs unless kept (KeepAllMACs, or KeepNATMACs for NAT adapters).
    let keep_all = spec.options.contains(&CloneOption::KeepAllMACs);
    let keep_nat = spec.options.contains(&CloneOption::KeepNATMACs);
    let mut taken: Vec<String> = Vec::new();
    let mut macs: BTreeMap<String, String> = BTreeMap::new();
    let all_machines_macs: Vec<String> = reg
        .machines
        .iter()
        .flat_map(|m| m.hw.adapters.iter().map(|a| a.mac_address.clone()))
        .collect();
    let mut new_hw = |hw: &Hardware| -> Hardware {
        let mut hw = hw.clone();
        for a in hw.adapters.iter_mut() {
            let keep = keep_all || (keep_nat && a.attachment == NetworkAttachmentType::NAT);
            if keep {
                continue;
            }
            let new = macs.entry(a.mac_address.clone()).or_insert_with(|| {
                let mac = random_mac(&|m| {
                    all_machines_macs.iter().any(|x| x == m) || taken.iter().any(|x| x == m)
                });
                taken.push(mac.clone());
                mac
            });
            a.mac_address = new.clone();
        }
        hw
    };

    // Snapshots with new ids.
    let ids: BTreeMap<String, String> = plan
        .snapshots
        .iter()
        .map(|s| (s.id.clone(), new_uuid()))
        .collect();
    let mut snaps = Vec::new();
    for s in &plan.snapshots {
        let state_file = match &s.state_file {
            Some(_) => {
                let f = snap_folder.join(format!("{{{}}}.sav", ids[&s.id]));
                crate::model::write_placeholder(&f, "cloned saved state")
                    .map_err(|e| errors::file_error("Could not copy the saved state", &f, e))?;
                Some(path_string(&f))
            }
            None => None,
        };
        snaps.push(SnapshotRecord {
            id: ids[&s.id].clone(),
            parent: s.parent.as_ref().and_then(|p| ids.get(p).cloned()),
            hw: new_hw(&s.hw),
            disks: remap(&s.disks),
            state_file,
            ..s.clone()
        });
    }

    let settings = folder.join(format!("{}.vbox", safe_file_name(&spec.name)));
    let (state, state_file, saved_run) = match &plan.saved {
        Some((run, _)) => {
            let f = snap_folder.join(crate::clock::saved_state_file_name(ctx.now));
            crate::model::write_placeholder(&f, "cloned saved state")
                .map_err(|e| errors::file_error("Could not copy the saved state", &f, e))?;
            (MachineState::Saved, Some(path_string(&f)), run.clone())
        }
        None => (MachineState::PoweredOff, None, None),
    };
    let hw = new_hw(&plan.hw);
    let disks = remap(&plan.disks);
    // The settings file is copied with the guest properties it stores: VBoxSVC's, without
    // the transient ones.
    let guest_props = source
        .svc_view()
        .iter()
        .filter(|(_, p)| !p.flags.contains("TRANSIENT") && !p.guest)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(MachineRecord {
        hardware_uuid: if spec.options.contains(&CloneOption::KeepHwUUIDs)
            && ctx.api() >= ApiVersion::V6_0
        {
            source.hardware_uuid.clone()
        } else {
            id.clone()
        },
        id,
        name: spec.name.clone(),
        description: source.description.clone(),
        groups: groups.to_vec(),
        hw,
        state,
        last_state_change_ms: ctx.now,
        session_name: None,
        held_lock: None,
        pending: None,
        run: None,
        saved_run,
        guest_props,
        svc_props: None,
        extradata: source.extradata.clone(),
        disks,
        snapshots: snaps,
        current_snapshot: plan
            .current_snapshot
            .as_ref()
            .and_then(|c| ids.get(c).cloned()),
        folder: path_string(folder),
        settings_file: path_string(&settings),
        state_file,
    })
}

/// The name of a full clone's copy of a base image: `<new name>.vdi` when the source image
/// was named after the source machine, else `<new name>-disk<N>.vdi` (VirtualBox's rule).
fn base_name(
    media: &[media::MediumRecord],
    id: &str,
    source: &MachineRecord,
    new_name: &str,
    n: usize,
    folder: &Path,
) -> PathBuf {
    let mut root = id.to_string();
    while let Some(p) = media::find(media, &root).and_then(|i| media[i].parent.clone()) {
        root = p;
    }
    let stem = media::find(media, &root)
        .map(|i| {
            Path::new(&media[i].location)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let safe = safe_file_name(new_name);
    let named = folder.join(format!("{safe}.vdi"));
    if stem == safe_file_name(&source.name) && !named.exists() {
        return named;
    }
    let mut k = n;
    loop {
        let p = folder.join(format!("{safe}-disk{k}.vdi"));
        if !p.exists() {
            return p;
        }
        k += 1;
    }
}
