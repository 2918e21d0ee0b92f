//! Clones and destroy: the full cycle of a linked clone, and destroy's media rules.

use crate::support::{
    create_blank, create_guest, create_shaped, exists, ip, linked_clone, machine_names, media_ids,
    start,
};
use crate::{GuestShape, Harness};
use std::path::Path;
use tokio::time::Instant;
use vbox_ops::addresses::{wait_for_addresses, AddressQuery};
use vbox_ops::{DestroyOptions, Error, StopOptions};
use vbox_types::{Backend, CloneMachine, ErrorKind, MachineState, Medium};

/// The disks attached to a machine.
async fn disks_of(b: &dyn Backend, machine_id: &str) -> Vec<Medium> {
    b.list_media()
        .await
        .expect("list media")
        .into_iter()
        .filter(|m| m.machine_ids.iter().any(|id| id == machine_id))
        .collect()
}

/// A linked clone of a guest: the template gets the base snapshot, the clone a differencing
/// disk; the clone boots, gets its address after the boot delay (not from the template's
/// copied properties), stops by ACPI (powered off after the timeout where the guest has no OS
/// to answer the button), and its destroy deletes only its own disk.
pub async fn linked_clone_start_wait_acpi_stop_destroy(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let (tmpl, web) = (h.machine_name("tmpl"), h.machine_name("web"));
    let (template, guest) = create_shaped(h, b, &tmpl, Some(64), &GuestShape::default()).await;
    let template_disks = disks_of(b, &template.id).await;
    assert_eq!(template_disks.len(), 1, "the template's base disk");
    let base_disk = template_disks[0].clone();

    let clone = linked_clone(b, &tmpl, &web).await;
    assert_eq!(clone.name, web);
    let template = vbox_ops::get(b, &tmpl).await.unwrap();
    assert_eq!(
        template.current_snapshot.as_ref().map(|s| s.name.as_str()),
        Some(vbox_ops::lifecycle::LINKED_BASE_SNAPSHOT),
        "a linked clone of a machine without snapshots takes the base snapshot"
    );
    let clone_disks = disks_of(b, &clone.id).await;
    assert_eq!(clone_disks.len(), 1);
    assert_eq!(
        clone_disks[0].parent_id.as_deref(),
        Some(base_disk.id.as_str()),
        "the clone's disk is a differencing image on the template's base disk"
    );

    let running = start(h, b, &web).await;
    assert_eq!(running.state, MachineState::Running);
    let t0 = Instant::now();
    let found = wait_for_addresses(b, &web, &AddressQuery::default(), t.timeout)
        .await
        .expect("address");
    assert!(
        t0.elapsed() + t.tolerance >= t.boot_delay,
        "the address comes after the boot delay, not from the copied stale properties ({:?})",
        t0.elapsed()
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].address, ip("10.0.2.15"));
    assert_eq!(found[0].adapter_slot, Some(0));

    let acpi = StopOptions {
        timeout: if guest.honours_acpi {
            t.timeout
        } else {
            t.acpi_timeout
        },
        ..Default::default()
    };
    let stopped = vbox_ops::stop(b, &web, &acpi).await.expect("ACPI stop");
    assert!(stopped.was_running);
    assert_eq!(
        stopped.escalated, !guest.honours_acpi,
        "a power-off only where the guest does not answer the button"
    );
    assert_eq!(stopped.machine.state, MachineState::PoweredOff);

    let outcome = vbox_ops::destroy(b, &web, &DestroyOptions::default())
        .await
        .expect("destroy the clone");
    assert!(outcome.existed);
    assert!(!outcome.powered_off);
    let deleted: Vec<&str> = outcome
        .deleted_media
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(deleted, [clone_disks[0].id.as_str()]);
    assert!(!Path::new(&clone_disks[0].location).exists());
    assert!(!exists(b, &web).await);
    let left = media_ids(b).await;
    assert!(left.contains(&base_disk.id), "the template's disk is kept");
    assert!(!left.contains(&clone_disks[0].id));
    assert!(Path::new(&base_disk.location).exists());
    assert!(exists(b, &tmpl).await);
}

/// Destroying a template that a linked clone depends on is refused without `force`; with it,
/// the shared disk is kept and the clone still starts.
pub async fn destroy_of_a_linked_clone_template(h: &dyn Harness) {
    let backend = h.backend();
    let b = backend.as_ref();
    let (tmpl, child) = (h.machine_name("tmpl"), h.machine_name("child"));
    let template = create_guest(h, b, &tmpl, Some(64)).await;
    let base = disks_of(b, &template.id)
        .await
        .into_iter()
        .next()
        .expect("template disk");
    linked_clone(b, &tmpl, &child).await;

    let err = vbox_ops::destroy(b, &tmpl, &DestroyOptions::default())
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InUse, "{err}");
    assert!(err.to_string().contains(&format!("'{child}'")), "{err}");
    assert!(err.hint().is_some_and(|h| h.contains("--force")));
    assert!(exists(b, &tmpl).await, "nothing was touched");

    let forced = DestroyOptions {
        force: true,
        ..Default::default()
    };
    let outcome = vbox_ops::destroy(b, &tmpl, &forced)
        .await
        .expect("forced destroy");
    assert!(outcome.existed);
    assert!(
        outcome.kept_media.iter().any(|m| m.id == base.id),
        "the shared disk is kept: {:?}",
        outcome.kept_media
    );
    assert!(!outcome.deleted_media.iter().any(|m| m.id == base.id));
    assert!(!exists(b, &tmpl).await);
    assert!(media_ids(b).await.contains(&base.id));
    assert!(Path::new(&base.location).exists());

    // The clone still works on the kept disk.
    assert!(exists(b, &child).await);
    let running = start(h, b, &child).await;
    assert_eq!(running.state, MachineState::Running);
}

/// Destroy powers a running machine off first and deletes its disk; a second destroy is
/// NotFound, or a no-op with `missing_ok`.
pub async fn destroy_of_a_running_machine_powers_it_off_first(h: &dyn Harness) {
    let backend = h.backend();
    let b = backend.as_ref();
    let busy = h.machine_name("busy");
    let media_before = media_ids(b).await;
    create_guest(h, b, &busy, Some(64)).await;
    start(h, b, &busy).await;
    let outcome = vbox_ops::destroy(b, &busy, &DestroyOptions::default())
        .await
        .expect("destroy");
    assert!(outcome.existed);
    assert!(outcome.powered_off);
    assert_eq!(outcome.deleted_media.len(), 1, "{outcome:?}");
    assert!(!exists(b, &busy).await);
    assert_eq!(media_ids(b).await, media_before, "its disk is gone");

    let missing = DestroyOptions {
        missing_ok: true,
        ..Default::default()
    };
    let again = vbox_ops::destroy(b, &busy, &missing)
        .await
        .expect("missing ok");
    assert!(!again.existed);
    let err = vbox_ops::destroy(b, &busy, &DestroyOptions::default())
        .await
        .expect_err("missing");
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

/// A clone onto a taken name, of a running machine's locked disks, or of a missing source
/// fails and registers nothing.
pub async fn failed_clones_leave_nothing(h: &dyn Harness) {
    let backend = h.backend();
    let b = backend.as_ref();
    let [src, taken, copy, copy2, absent] =
        ["src", "taken", "copy", "copy2", "absent"].map(|n| h.machine_name(n));
    create_guest(h, b, &src, Some(64)).await;
    create_blank(h, b, &taken).await;
    let machines = machine_names(b).await;
    let media = media_ids(b).await;

    let err = vbox_ops::clone_machine(b, &CloneMachine::new(&src, &taken))
        .await
        .expect_err("duplicate name");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(machine_names(b).await, machines);

    // A full clone of a running machine's current state cannot lock the source's disks.
    start(h, b, &src).await;
    let err = vbox_ops::clone_machine(b, &CloneMachine::new(&src, &copy))
        .await
        .expect_err("source media locked");
    match &err {
        Error::Backend { source, .. } => assert!(
            source.message().contains("Failed to lock source media"),
            "{source}"
        ),
        other => panic!("expected the backend's clone failure, got {other:?}"),
    }
    assert!(!exists(b, &copy).await, "nothing registered");
    assert_eq!(machine_names(b).await, machines);
    assert_eq!(media_ids(b).await, media, "no new disk");

    let err = vbox_ops::clone_machine(b, &CloneMachine::new(&absent, &copy2))
        .await
        .expect_err("no source");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(machine_names(b).await, machines);
}
