//! `guestproperty wait <vm> <patterns> [--timeout <ms>] [--fail-on-timeout]`.
//!
//! It reports the first change of a matching property after it started: a write by
//! another process (another VBoxManage, vboxctl), or one the simulated guest makes as time
//! passes. The state directory is polled every [`POLL_MS`] of real time; each look lets
//! the model catch up with the clock. A timeout prints an error on stderr and still exits
//! 0 (7.0.14 `guestproperty-wait-timeout`), 2 with `--fail-on-timeout`.

use super::super::context::{Cx, SUCCESS, SYNTAX};
use super::super::guestprops;
use super::find_machine;
use super::guestproperty::FIND_WAIT;
use crate::model::guest;
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::time::Instant;
use vbox_types::{ApiVersion, GuestProperty, GuestPropertyChange};

/// How often the state directory is read while waiting.
const POLL_MS: u64 = 50;

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
    let deadline = timeout_ms.map(|ms| Instant::now() + Duration::from_millis(u64::from(ms)));
    let api = cx.opts.api;
    let mut before = match matching(cx, &id, patterns) {
        Ok(p) => p,
        Err(e) => return cx.fail(e.message()),
    };
    loop {
        let now_props = match matching(cx, &id, patterns) {
            Ok(p) => p,
            Err(e) => return cx.fail(e.message()),
        };
        if let Some(change) = first_change(&before, &now_props, api) {
            let text = guestprops::wait_change(&change, &cx.opts);
            cx.print(&text);
            return SUCCESS;
        }
        before = now_props;
        let now = Instant::now();
        if deadline.is_some_and(|d| now >= d) {
            cx.error_line("Time out or interruption while waiting for a notification.");
            // "Hysterical raisins": --fail-on-timeout has always exited with 2.
            return if fail_on_timeout { SYNTAX } else { SUCCESS };
        }
        let mut nap = Duration::from_millis(POLL_MS);
        if let Some(d) = deadline {
            nap = nap.min(d - now);
        }
        tokio::time::sleep(nap).await;
    }
}

/// The matching properties now, by name.
fn matching(
    cx: &Cx<'_>,
    id: &str,
    patterns: &str,
) -> vbox_types::Result<BTreeMap<String, GuestProperty>> {
    cx.sim.view(|reg, _| {
        let m = &reg.machines[reg.find(id)?];
        Ok(guest::enumerate(m, "")
            .into_iter()
            .filter(|p| vbox_types::guest_pattern_matches(patterns, &p.name))
            .map(|p| (p.name.clone(), p))
            .collect())
    })
}

/// The change between two looks: the oldest write (every write gets a new timestamp), else
/// a deletion.
fn first_change(
    before: &BTreeMap<String, GuestProperty>,
    after: &BTreeMap<String, GuestProperty>,
    api: ApiVersion,
) -> Option<GuestPropertyChange> {
    let written = after
        .values()
        .filter(|p| before.get(&p.name) != Some(*p))
        .min_by_key(|p| p.timestamp_ns);
    if let Some(p) = written {
        return Some(GuestPropertyChange {
            name: p.name.clone(),
            value: p.value.clone(),
            flags: p.flags.clone(),
            deleted: false,
        });
    }
    let gone = before.keys().find(|n| !after.contains_key(*n))?;
    Some(GuestPropertyChange {
        name: gone.clone(),
        value: String::new(),
        flags: String::new(),
        // `fWasDeleted` exists from 7.0 on; 6.1 reports an empty value.
        deleted: api >= ApiVersion::V7_0,
    })
}
