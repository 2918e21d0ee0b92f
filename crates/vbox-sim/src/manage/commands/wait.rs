//! `guestproperty wait <vm> <patterns> [--timeout <ms>] [--fail-on-timeout]`.
//!
//! It reports the first change of a matching property after it started: a write by
//! another process (another VBoxManage, vboxctl), or one the simulated guest makes as time
//! passes (the engine's watch). The state directory is polled every [`POLL_MS`]; each look
//! lets the model catch up with the clock. A timeout prints an error on stderr and still exits
//! 0 (7.0.14 `guestproperty-wait-timeout`), 2 with `--fail-on-timeout`.

use super::super::context::{Cx, SUCCESS, SYNTAX};
use super::super::guestprops;
use super::find_machine;
use super::guestproperty::FIND_WAIT;

/// How often the state directory is read while waiting for another process's change.
const POLL_MS: i64 = 50;

/// `guestproperty wait`.
pub(crate) async fn run(cx: &mut Cx<'_>, rest: &[String]) -> i32 {
    // VBoxManage looks the machine up before it checks the arguments, and a machine that
    // is not found ends as a syntax error after the lookup's error.
    let id = match rest.first() {
        Some(vm) => find_machine(cx, vm, &FIND_WAIT).await.ok(),
        None => None,
    };
    let (Some(id), Some(patterns)) = (id, rest.get(1)) else {
        return cx.syntax_error("Incorrect parameters");
    };
    let mut timeout_ms: Option<u32> = None;
    let mut fail_on_timeout = false;
    let mut i = 2;
    while i < rest.len() {
        match rest[i].as_str() {
            "--timeout" | "-timeout" => match rest.get(i + 1).and_then(|v| v.parse().ok()) {
                Some(ms) => {
                    timeout_ms = Some(ms);
                    i += 1;
                }
                None => return cx.syntax_error("Incorrect parameters"),
            },
            "--fail-on-timeout" => fail_on_timeout = true,
            _ => return cx.syntax_error("Incorrect parameters"),
        }
        i += 1;
    }
    let engine = cx.sim.engine();
    let deadline = timeout_ms.map_or(i64::MAX / 4, |ms| engine.now_ms() + i64::from(ms));
    let changes = match engine.watch(Some(&id), patterns, POLL_MS) {
        Ok(mut watch) => engine.next_changes(&mut watch, deadline).await,
        Err(e) => Err(e),
    };
    match changes {
        Err(e) => cx.fail(e.message()),
        Ok(changes) => match changes.into_iter().next() {
            Some((_, change)) => {
                let text = guestprops::wait_change(&change, &cx.opts);
                cx.print(&text);
                SUCCESS
            }
            None => {
                cx.error_line("Time out or interruption while waiting for a notification.");
                // "Hysterical raisins": --fail-on-timeout has always exited with 2.
                if fail_on_timeout {
                    SYNTAX
                } else {
                    SUCCESS
                }
            }
        },
    }
}
