//! `up` and `down` of a map on the simulator: from empty, again (no change), after a machine
//! was destroyed by hand, stopping, destroying, a failure in one machine, and `--dry-run`.

use crate::{snap, TestContext};

/// Three linked clones of `tmpl` in the group `/lab`.
const MAP: &str = r#"
[profiles.web]
clonefrom = "tmpl"
linked = true
memory = 256
groups = ["/lab"]
wait_for_ip_timeout = 20

[[machines]]
profile = "web"
count = 3
name = "web-{n}"
"#;

fn lab() -> (TestContext, String) {
    let ctx = TestContext::new();
    ctx.template("tmpl");
    let map = ctx.write("map.toml", MAP).display().to_string();
    (ctx, map)
}

#[test]
fn up_from_empty_again_and_after_a_machine_was_destroyed() {
    let (ctx, map) = lab();
    snap!(ctx, ctx.cmd().args(["up", &map, "--parallel", "1"]), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     OUTCOME  STATE    ADDRESSES
    web-1  default  changed  Running  10.0.2.15
    web-2  default  changed  Running  10.0.2.15
    web-3  default  changed  Running  10.0.2.15
    ----- stderr -----
    web-1: begin: create
    web-1: taking the base snapshot of 'tmpl' for linked clones
    web-1: cloning 0%
    web-1: cloning 100%
    web-1: starting
    web-1: waiting for IP
    web-1: ready 10.0.2.15
    web-2: begin: create
    web-2: cloning 0%
    web-2: cloning 100%
    web-2: starting
    web-2: waiting for IP
    web-2: ready 10.0.2.15
    web-3: begin: create
    web-3: cloning 0%
    web-3: cloning 100%
    web-3: starting
    web-3: waiting for IP
    web-3: ready 10.0.2.15
    3 changed, 0 unchanged, 0 failed
    ");
    snap!(ctx, ctx.cmd().args(["up", &map, "-q"]), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     OUTCOME    STATE    ADDRESSES
    web-1  default  unchanged  Running  10.0.2.15
    web-2  default  unchanged  Running  10.0.2.15
    web-3  default  unchanged  Running  10.0.2.15
    ----- stderr -----
    ");
    ctx.run(&["destroy", "web-2"]);
    snap!(ctx, ctx.cmd().args(["up", &map]).arg("-q"), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     OUTCOME    STATE    ADDRESSES
    web-1  default  unchanged  Running  10.0.2.15
    web-2  default  changed    Running  10.0.2.15
    web-3  default  unchanged  Running  10.0.2.15
    ----- stderr -----
    ");
    assert_eq!(ctx.names(), ["tmpl", "web-1", "web-2", "web-3"]);
}

#[test]
fn down_then_down_destroy() {
    let (ctx, map) = lab();
    ctx.run(&["up", &map, "-q"]);
    snap!(ctx, ctx.cmd().args(["down", &map, "--parallel", "1"]), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     OUTCOME  STATE       ADDRESSES
    web-1  default  changed  PoweredOff
    web-2  default  changed  PoweredOff
    web-3  default  changed  PoweredOff
    ----- stderr -----
    web-1: begin: stop
    web-1: stopping
    web-1: done
    web-2: begin: stop
    web-2: stopping
    web-2: done
    web-3: begin: stop
    web-3: stopping
    web-3: done
    3 changed, 0 unchanged, 0 failed
    ");
    snap!(ctx, ctx.cmd().args(["down", &map, "-q"]), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     OUTCOME    STATE       ADDRESSES
    web-1  default  unchanged  PoweredOff
    web-2  default  unchanged  PoweredOff
    web-3  default  unchanged  PoweredOff
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["down", &map, "--destroy", "--dry-run"]), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     PROFILE  STATE       ACTION
    web-1  default  web      PoweredOff  destroy
    web-2  default  web      PoweredOff  destroy
    web-3  default  web      PoweredOff  destroy
    ----- stderr -----
    Dry run: 3 of 3 machines would change; nothing was done
    ");
    snap!(ctx, ctx.cmd().args(["down", &map, "--destroy", "-q"]), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     OUTCOME  STATE   ADDRESSES
    web-1  default  changed  absent
    web-2  default  changed  absent
    web-3  default  changed  absent
    ----- stderr -----
    ");
    assert_eq!(ctx.names(), ["tmpl"], "only the template is left");
}

#[test]
fn one_machine_fails_and_the_others_finish() {
    let (ctx, map) = lab();
    // web-2 exists already, stopped, and its VM process dies at launch.
    ctx.run(&["clone", "tmpl", "web-2"]);
    ctx.run(&["extradata", "set", "web-2", "VBoxSim/StartFailure", "1"]);
    snap!(ctx, ctx.cmd().args(["up", &map, "-q"]), @"
    exit: 1
    ----- stdout -----
    NAME   HOST     OUTCOME  STATE       ADDRESSES
    web-1  default  changed  Running     10.0.2.15
    web-2  default  failed   PoweredOff
    web-3  default  changed  Running     10.0.2.15
    ----- stderr -----
    error: web-2: cannot start 'web-2': The virtual machine 'web-2' has terminated unexpectedly during startup with exit code 1 (0x1)
    ");
    let out = ctx.cmd().args(["up", &map, "-o", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed = &report["machines"][1];
    assert_eq!(failed["outcome"], "failed");
    assert_eq!(failed["error"]["kind"], "Backend");
    assert!(failed["error"]["message"]
        .as_str()
        .unwrap()
        .contains("terminated unexpectedly"));
    assert_eq!(report["machines"][0]["outcome"], "unchanged");
}

#[test]
fn dry_run_changes_nothing() {
    let (ctx, map) = lab();
    snap!(ctx, ctx.cmd().args(["up", &map, "--dry-run"]), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     PROFILE  STATE   ACTION
    web-1  default  web      absent  create
    web-2  default  web      absent  create
    web-3  default  web      absent  create
    ----- stderr -----
    Dry run: 3 of 3 machines would change; nothing was done
    ");
    snap!(ctx, ctx.cmd().args(["up", &map, "--dry-run", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "goal": "up",
      "changes": true,
      "machines": [
        {
          "name": "web-1",
          "host": "default",
          "profile": "web",
          "state": null,
          "action": "create"
        },
        {
          "name": "web-2",
          "host": "default",
          "profile": "web",
          "state": null,
          "action": "create"
        },
        {
          "name": "web-3",
          "host": "default",
          "profile": "web",
          "state": null,
          "action": "create"
        }
      ]
    }
    ----- stderr -----
    Dry run: 3 of 3 machines would change; nothing was done
    "#);
    assert_eq!(ctx.names(), ["tmpl"]);
}

#[test]
fn ndjson_streams_one_event_per_line_then_the_report() {
    let (ctx, map) = lab();
    let out = ctx
        .cmd()
        .args(["up", &map, "-o", "ndjson", "--parallel", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr, "3 changed, 0 unchanged, 0 failed\n",
        "progress goes to stdout as events; stderr has the summary only"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    let (report, events) = lines.split_last().unwrap();
    assert_eq!(report["event"], "report");
    assert_eq!(report["changed"], true);
    for name in ["web-1", "web-2", "web-3"] {
        let kinds: Vec<&str> = events
            .iter()
            .filter(|e| e["machine"] == name)
            .map(|e| e["event"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.first(), Some(&"begin"), "{name}: {kinds:?}");
        assert_eq!(kinds.last(), Some(&"ready"), "{name}: {kinds:?}");
        assert!(kinds.contains(&"cloning") && kinds.contains(&"waiting_for_ip"));
    }
    let snapshots = events
        .iter()
        .filter(|e| e["event"] == "snapshotting")
        .count();
    assert_eq!(snapshots, 1, "the base snapshot is taken once");
    assert!(events.iter().all(|e| e["host"].is_string()));
}

#[test]
fn ndjson_is_refused_by_other_commands() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["list", "-o", "ndjson"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: `-o ndjson` is the event stream of `up`, `down`, `import` and `export`
    hint: use `-o json` for the other commands
    ");
}

#[test]
fn an_interrupt_stops_new_work_and_leaves_no_half_made_machine() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let (ctx, map) = lab();
    // A slow boot keeps web-1 waiting for its address when the interrupt comes.
    ctx.run(&["extradata", "set", "tmpl", "VBoxSim/BootDelayMs", "5000"]);
    let mut child = ctx
        .cmd()
        .args(["up", &map, "-o", "ndjson", "--parallel", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        if line.unwrap().contains(r#""event":"waiting_for_ip""#) {
            break;
        }
    }
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    let report: serde_json::Value = serde_json::from_str(rest.last().unwrap()).unwrap();
    assert_eq!(report["interrupted"], true);
    let outcomes: Vec<&str> = report["machines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["interrupted", "skipped", "skipped"]);
    assert_eq!(
        ctx.names(),
        ["tmpl", "web-1"],
        "web-1 is whole, the others never began"
    );
    let web1: serde_json::Value =
        serde_json::from_str(&ctx.run(&["show", "web-1", "-o", "json"])).unwrap();
    assert_eq!(
        web1["state"], "Running",
        "cloned and started, only the wait was cut"
    );
}

#[test]
fn a_machine_still_starting_is_waited_for_then_judged() {
    let ctx = TestContext::new();
    ctx.template("tmpl");
    let map = ctx.write(
        "one.toml",
        r#"
[profiles.web]
clonefrom = "tmpl"
boot_timeout = 1000
stop_timeout = 1
wait_for_ip_timeout = 20

[[machines]]
profile = "web"
names = ["web-1"]
"#,
    );
    ctx.run(&["clone", "tmpl", "web-1"]);
    ctx.left_starting("web-1", 600_000);
    snap!(ctx, ctx.cmd().arg("up").arg(&map).arg("--dry-run"), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     PROFILE  STATE     ACTION
    web-1  default  web      Starting  wait, then decide
    ----- stderr -----
    Dry run: 1 of 1 machine is between states, which the run waits for before deciding; 0 would change; nothing was done
    ");
    // Still Starting when the profile's boot_timeout ends: a failure that says so, not
    // "unchanged".
    snap!(ctx, ctx.cmd().arg("up").arg(&map), @"
    exit: 1
    ----- stdout -----
    NAME   HOST     OUTCOME  STATE     ADDRESSES
    web-1  default  failed   Starting
    ----- stderr -----
    web-1: begin: wait, then decide
    web-1: is Starting: waiting for it to settle before deciding
    web-1: failed: timed out after [SECS]s waiting for 'web-1' to settle (it is Starting, session Spawning)
    error: web-1: timed out after [SECS]s waiting for 'web-1' to settle (it is Starting, session Spawning)
      hint: something else is working on it (a start or stop still under way, e.g. from an interrupted run); run again once it has settled, or raise the profile's boot_timeout/stop_timeout
    0 changed, 0 unchanged, 1 failed
    ");
    // `down --destroy` waits the same way (stop_timeout) instead of failing on the state
    // with the machine's UUID.
    snap!(ctx, ctx.cmd().arg("down").arg(&map).arg("--destroy").arg("-q"), @"
    exit: 1
    ----- stdout -----
    NAME   HOST     OUTCOME  STATE     ADDRESSES
    web-1  default  failed   Starting
    ----- stderr -----
    error: web-1: timed out after [SECS]s waiting for 'web-1' to settle (it is Starting, session Spawning)
      hint: something else is working on it (a start or stop still under way, e.g. from an interrupted run); run again once it has settled, or raise the profile's boot_timeout/stop_timeout
    ");
}

#[test]
fn a_start_that_finishes_while_waited_for_counts_with_its_address() {
    let ctx = TestContext::new();
    ctx.template("tmpl");
    let map = ctx.write(
        "one.toml",
        "[profiles.web]\nclonefrom = \"tmpl\"\nwait_for_ip_timeout = 20\n\n[[machines]]\nprofile = \"web\"\nnames = [\"web-1\"]\n",
    );
    ctx.run(&["clone", "tmpl", "web-1"]);
    // A launch that takes 3 s: `up` finds it Starting (or, on a slow machine, already
    // Running), waits, and reports it with its address either way.
    ctx.left_starting("web-1", 3000);
    snap!(ctx, ctx.cmd().arg("up").arg(&map).arg("-q"), @"
    exit: 0
    ----- stdout -----
    NAME   HOST     OUTCOME    STATE    ADDRESSES
    web-1  default  unchanged  Running  10.0.2.15
    ----- stderr -----
    ");
}

#[test]
fn dry_run_checks_that_templates_exist_and_the_run_refuses_before_beginning() {
    let (ctx, map) = lab();
    ctx.run(&["destroy", "tmpl"]);
    snap!(ctx, ctx.cmd().args(["up", &map, "--dry-run"]), @"
    exit: 1
    ----- stdout -----
    NAME   HOST     PROFILE  STATE   ACTION
    web-1  default  web      absent  create
    web-2  default  web      absent  create
    web-3  default  web      absent  create
    ----- stderr -----
    error: web-1, web-2, web-3 cannot be cloned: the template 'tmpl' does not exist on default
    Dry run: 3 of 3 machines could not be made; nothing was done
    ");
    snap!(ctx, ctx.cmd().args(["up", &map]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: nothing was done: web-1, web-2, web-3 cannot be cloned: the template 'tmpl' does not exist on default
    hint: create or import 'tmpl' on default (or correct `clonefrom` in the map); `--dry-run` checks a map without changing anything
    ");
    assert!(ctx.names().is_empty(), "nothing was made");
}

#[test]
fn an_interrupted_run_counts_each_machine_once() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let (ctx, map) = lab();
    ctx.run(&["extradata", "set", "tmpl", "VBoxSim/BootDelayMs", "5000"]);
    let mut child = ctx
        .cmd()
        .args(["up", &map, "--parallel", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for line in lines.by_ref() {
        if line.unwrap().contains("waiting for IP") {
            break;
        }
    }
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert_eq!(
        rest.last().map(String::as_str),
        Some("Interrupted: 0 changed, 0 unchanged, 0 failed, 1 interrupted (whole, not finished), 2 skipped; no machine was left half-made"),
        "{rest:?}"
    );
}
