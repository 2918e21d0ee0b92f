//! The maps in `examples/` work: `up` on the simulator makes every machine run with an
//! address, `down --destroy` leaves only the template.

use crate::TestContext;
use serde_json::Value;

fn example(file: &str) -> String {
    format!("{}/../../examples/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// `up` the example and check the report; returns the machines' names.
fn up_and_down(ctx: &TestContext, map: &str, template: &str) -> Vec<String> {
    let report: Value =
        serde_json::from_str(&ctx.run(&["up", map, "--parallel", "8", "-o", "json", "-q"]))
            .expect("the report");
    let machines = report["machines"].as_array().expect("machines");
    for m in machines {
        assert_eq!(m["outcome"], "changed", "{m}");
        assert_eq!(m["state"], "Running", "{m}");
        assert_eq!(m["ip"], "10.0.2.15", "{m}");
    }
    let again: Value = serde_json::from_str(&ctx.run(&["up", map, "-o", "json", "-q"])).unwrap();
    assert_eq!(again["changed"], false);
    ctx.run(&["down", map, "--destroy", "--parallel", "8", "-q"]);
    assert_eq!(ctx.names(), [template]);
    machines
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn lab_example_brings_up_three_web_servers_and_a_database() {
    let ctx = TestContext::new();
    ctx.template("lab-template");
    let names = up_and_down(&ctx, &example("lab.toml"), "lab-template");
    assert_eq!(names, ["web-01", "web-02", "web-03", "db-main"]);
}

#[test]
fn ci_example_brings_up_numbered_runners() {
    let ctx = TestContext::new();
    ctx.template("ci-runner-image");
    ctx.run(&["snapshot", "take", "ci-runner-image", "ready"]);
    let names = up_and_down(&ctx, &example("ci.toml"), "ci-runner-image");
    assert_eq!(
        names,
        [
            "ci-runner-01",
            "ci-runner-02",
            "ci-runner-03",
            "ci-runner-04"
        ]
    );
}
