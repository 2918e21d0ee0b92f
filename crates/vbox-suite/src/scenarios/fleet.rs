//! A map's machines: `up` of linked clones of a template (a base snapshot taken once, the
//! clones started and waited for), their inventory with addresses, a second `up` that changes
//! nothing, and `down` with destroy.

use crate::support::{create_guest, ip, machine_names, media_ids};
use crate::Harness;
use vbox_ops::fleet::{self, Action, ExecOptions, Goal, MachineSpec, Outcome};
use vbox_types::MachineState;

/// `up` of two linked clones, their nodes with addresses, a second `up`, and `down --destroy`.
pub async fn up_and_down_of_linked_clones(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let tmpl = h.machine_name("base");
    create_guest(h, b, &tmpl, Some(64)).await;
    let names = ["lab-1", "lab-2"].map(|n| h.machine_name(n));
    let specs: Vec<MachineSpec> = names
        .iter()
        .map(|name| MachineSpec {
            linked: true,
            boot_timeout: t.timeout,
            wait_for_ip_timeout: t.timeout,
            stop_timeout: t.acpi_timeout,
            ..MachineSpec::new(name.clone(), tmpl.clone())
        })
        .collect();
    let media_before = media_ids(b).await;

    let plan = fleet::plan(b, &specs, Goal::Up).await.expect("plan up");
    assert!(
        plan.steps.iter().all(|s| s.action == Action::Create),
        "{plan:?}"
    );
    let report = fleet::execute(b, &plan, &ExecOptions::default(), |_| {}).await;
    for m in &report.machines {
        assert_eq!(m.outcome, Outcome::Changed, "{m:?}");
        assert_eq!(m.state, Some(MachineState::Running), "{m:?}");
        assert_eq!(m.ip, Some(ip("10.0.2.15")), "{m:?}");
    }
    assert_eq!(
        b.list_snapshots(&tmpl).await.expect("snapshots").len(),
        1,
        "one base snapshot for both clones"
    );

    let nodes = vbox_ops::salt::list_nodes_full(b).await.expect("nodes");
    for name in &names {
        let node = nodes
            .get(name)
            .unwrap_or_else(|| panic!("{name} in {nodes:?}"));
        assert_eq!(node["state"], "Running", "{node:?}");
        assert_eq!(node["private_ips"][0], "10.0.2.15", "{node:?}");
    }

    let again = fleet::plan(b, &specs, Goal::Up).await.expect("plan again");
    assert!(!again.changes(), "a second up has nothing to do: {again:?}");

    let down = fleet::plan(b, &specs, Goal::Destroy)
        .await
        .expect("plan down");
    let report = fleet::execute(b, &down, &ExecOptions::default(), |_| {}).await;
    for m in &report.machines {
        assert_eq!(m.state, None, "destroyed: {m:?}");
    }
    assert_eq!(machine_names(b).await, std::slice::from_ref(&tmpl));
    // The template keeps its disk (and the differencing image of its base snapshot); nothing
    // of the clones is left.
    let template = vbox_ops::get(b, &tmpl).await.expect("the template");
    let media = b.list_media().await.expect("media");
    assert!(media.len() >= media_before.len(), "{media:?}");
    for m in &media {
        assert!(
            m.machine_ids.is_empty() || m.machine_ids == [template.id.clone()],
            "only the template's media are left: {m:?}"
        );
    }
}
