//! Destroy: power off first, delete the machine's own disks, never anyone else's.

use crate::error::{check_name, Error, Result};
use crate::lifecycle::power::{stop_machine, wait_machine_as, StopMode, StopOptions};
use crate::machines::get;
use crate::wait::retry_transient;
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::time::Instant;
use vbox_types::{Backend, Machine, Medium, Unregister};

/// Destroy options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestroyOptions {
    /// Unregister and delete the settings, but leave every disk image on disk.
    pub keep_disks: bool,
    /// Destroy even when a disk of the machine is the parent of a linked clone's disk. The
    /// shared disks are then kept (the clones still need them); only the machine goes.
    pub force: bool,
    /// A machine that does not exist counts as destroyed instead of an error.
    pub missing_ok: bool,
    /// Deadline for the power-off and for lock retries.
    pub timeout: Duration,
}

impl Default for DestroyOptions {
    fn default() -> DestroyOptions {
        DestroyOptions {
            keep_disks: false,
            force: false,
            missing_ok: false,
            timeout: Duration::from_secs(60),
        }
    }
}

/// What a destroy did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DestroyOutcome {
    /// Whether the machine existed.
    pub existed: bool,
    /// Whether it had to be powered off first.
    pub powered_off: bool,
    /// Disk images deleted.
    pub deleted_media: Vec<Medium>,
    /// Disk images left on disk (asked for, shared with other machines, or parents of
    /// linked clones).
    pub kept_media: Vec<Medium>,
}

/// Destroy a machine.
///
/// Unlike Salt's `vb_destroy_machine` (unregister + deleteConfig, nothing else), this powers a
/// running machine off first, and checks the media registry before unregistering: deleting a
/// template whose disk has linked clones fails half-way on a real host (VBOX_E_OBJECT_IN_USE
/// after the machine is already unregistered, leaving its folder behind), so that case is
/// refused up front unless `force` is set — and then the shared disks are kept.
pub async fn destroy(
    backend: &dyn Backend,
    name: &str,
    opts: &DestroyOptions,
) -> Result<DestroyOutcome> {
    check_name(name)?;
    let deadline = Instant::now() + opts.timeout;
    let machine = match get(backend, name).await {
        Ok(m) => m,
        Err(Error::NotFound { .. }) if opts.missing_ok => return Ok(DestroyOutcome::default()),
        Err(e) => return Err(e),
    };
    let mut outcome = DestroyOutcome {
        existed: true,
        ..Default::default()
    };
    // A machine on its way somewhere (Starting, Saving, Stopping…) cannot be powered off or
    // unregistered: VirtualBox refuses with "Invalid machine state: Starting". Wait for it to
    // arrive, within the deadline, then judge.
    let machine = if machine.state.is_transient() {
        let settled = |m: &Machine| !m.state.is_transient();
        wait_machine_as(
            backend,
            &machine.id,
            &machine.name,
            deadline,
            "settle",
            settled,
        )
        .await?
    } else {
        machine
    };
    if machine.state.is_online() {
        let how = StopOptions {
            mode: StopMode::PowerOff,
            timeout: opts.timeout,
            escalate: true,
        };
        stop_machine(backend, machine.clone(), &how).await?;
        outcome.powered_off = true;
    }
    let media = list_media_settled(backend, deadline)
        .await
        .map_err(Error::backend("list the disks of", name))?;
    let plan = plan_media(&machine, &media);
    if !plan.linked_children.is_empty() && !opts.force {
        let names = machine_names(backend, &plan.linked_children).await;
        return Err(Error::InUse {
            machine: name.into(),
            operation: "destroy",
            reason: format!("its disks are the parents of the disks of linked clones: {}", names.join(", ")),
            hint: Some("destroy the linked clones first, or pass --force to remove the machine and keep the shared disks".into()),
        });
    }
    let keep: BTreeSet<&str> = if opts.keep_disks {
        plan.own.iter().map(|m| m.id.as_str()).collect()
    } else {
        plan.shared.iter().copied().collect()
    };
    let how = Unregister {
        keep_media: keep.iter().map(|s| s.to_string()).collect(),
        ..Unregister::default()
    };
    let report = retry_transient(deadline, || backend.unregister_machine(&machine.id, &how))
        .await
        .map_err(Error::backend("destroy", name))?;
    outcome.deleted_media = report.deleted_media;
    outcome.kept_media = report.kept_media;
    // Backends report media in the order VirtualBox handed them back, which differs between
    // VBoxManage and the web service for the same machine: sort, so the output is stable.
    for media in [&mut outcome.deleted_media, &mut outcome.kept_media] {
        media.sort_by(|a, b| a.location.cmp(&b.location));
    }
    Ok(outcome)
}

/// The media registry. Over the web service a listing is a walk of the media tree, one
/// request per medium: a medium that another client deletes meanwhile (a fleet destroying
/// the other linked clones of one template at the same time) ends it with NotFound. Such a
/// listing is taken again after a pause, until `deadline`.
async fn list_media_settled(
    backend: &dyn Backend,
    deadline: Instant,
) -> std::result::Result<Vec<Medium>, vbox_types::Error> {
    let pause = Duration::from_millis(100);
    loop {
        match backend.list_media().await {
            Err(e)
                if e.kind() == vbox_types::ErrorKind::NotFound
                    && Instant::now() + pause < deadline =>
            {
                tracing::debug!(error = %e, "a medium vanished while listing; listing again");
                tokio::time::sleep(pause).await;
            }
            other => return other,
        }
    }
}

/// The machine's media, and which must survive it.
struct MediaPlan<'a> {
    /// Every medium the machine uses (current state and snapshots).
    own: Vec<&'a Medium>,
    /// Ids of its media that someone else needs: used by another machine, or an ancestor of
    /// a medium another machine uses (a linked clone's differencing disk).
    shared: BTreeSet<&'a str>,
    /// Names/ids of the machines whose disks descend from this machine's disks.
    linked_children: Vec<String>,
}

fn plan_media<'a>(machine: &Machine, media: &'a [Medium]) -> MediaPlan<'a> {
    let by_id = |id: &str| media.iter().find(|m| m.id == id);
    let own: Vec<&Medium> = media
        .iter()
        .filter(|m| m.machine_ids.contains(&machine.id))
        .collect();
    let mut shared = BTreeSet::new();
    let mut children = BTreeSet::new();
    for medium in &own {
        if medium.machine_ids.iter().any(|u| *u != machine.id) {
            shared.insert(medium.id.as_str());
        }
        // Walk the descendants: any used by another machine makes this medium shared.
        let mut stack: Vec<&str> = medium.child_ids.iter().map(String::as_str).collect();
        while let Some(id) = stack.pop() {
            let Some(child) = by_id(id) else { continue };
            let others: Vec<&String> = child
                .machine_ids
                .iter()
                .filter(|u| **u != machine.id)
                .collect();
            if !others.is_empty() {
                shared.insert(medium.id.as_str());
                children.extend(others.into_iter().cloned());
            }
            stack.extend(child.child_ids.iter().map(String::as_str));
        }
    }
    MediaPlan {
        own,
        shared,
        linked_children: children.into_iter().collect(),
    }
}

/// Names for machine ids (the id itself when the listing fails or lacks it).
async fn machine_names(backend: &dyn Backend, ids: &[String]) -> Vec<String> {
    let listed = backend.list_machines().await.unwrap_or_default();
    ids.iter()
        .map(|id| {
            listed
                .iter()
                .find(|m| &m.id == id)
                .map_or_else(|| id.clone(), |m| format!("'{}'", m.name))
        })
        .collect()
}
