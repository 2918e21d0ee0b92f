//! `showProgress`: `0%...10%...…100%` on stderr, printed as the simulated operation
//! advances in real time. Marks that were skipped are still printed; a failure prints the
//! result code's symbol where `100%` would be (7.0.14 capture
//! `disks-unregistervm-base-delete-with-linked-children`: `0%...10%...20%...30%...VBOX_E_OBJECT_IN_USE`);
//! before 7.0 it is `Progress state: <symbol>` on a line of its own (6.0 capture
//! `clonevm-error-source-running`).

use super::context::Cx;
use std::time::Duration;
use vbox_types::ApiVersion;

/// Longest real sleep between two looks at the clock.
const MAX_STEP_MS: i64 = 50;

/// The progress line being printed.
#[derive(Debug)]
pub(crate) struct Progress {
    /// The last mark printed, in percent.
    last: u32,
}

impl Progress {
    /// Print `0%...`.
    pub(crate) fn start(cx: &mut Cx<'_>) -> Progress {
        cx.eprint("0%...");
        Progress { last: 0 }
    }

    /// Print the marks up to `percent` (below 100).
    pub(crate) fn reach(&mut self, cx: &mut Cx<'_>, percent: u32) {
        let target = percent.min(99) / 10 * 10;
        let mut marks = String::new();
        while self.last + 10 <= target {
            self.last += 10;
            marks.push_str(&format!("{}%...", self.last));
        }
        if !marks.is_empty() {
            cx.eprint(&marks);
        }
    }

    /// The marks of an operation running from `start_ms` to `due_ms` on the simulator's
    /// clock, printed while it runs; returns when `due_ms` has passed.
    pub(crate) async fn follow(&mut self, cx: &mut Cx<'_>, start_ms: i64, due_ms: i64) {
        loop {
            let now = cx.sim.now_ms();
            let span = (due_ms - start_ms).max(1);
            let done = ((now - start_ms).clamp(0, span) * 100 / span) as u32;
            self.reach(cx, done);
            if now >= due_ms {
                return;
            }
            let step = (due_ms - now).clamp(1, MAX_STEP_MS);
            tokio::time::sleep(Duration::from_millis(step as u64)).await;
        }
    }

    /// Completed successfully: the remaining marks and `100%`.
    pub(crate) fn succeed(mut self, cx: &mut Cx<'_>) {
        self.reach(cx, 99);
        cx.eprint("100%\n");
    }

    /// Failed with `symbol` after the work done so far.
    pub(crate) fn fail(self, cx: &mut Cx<'_>, symbol: &str) {
        if cx.opts.api >= ApiVersion::V7_0 {
            cx.eprint(&format!("{symbol}\n"));
        } else {
            cx.eprint(&format!("\nProgress state: {symbol}\n"));
        }
    }
}

/// A progress of `duration_ms` that starts now and succeeds (operations the simulator does
/// at once but VirtualBox takes this long for: clones, deletions, media).
pub(crate) async fn timed(cx: &mut Cx<'_>, duration_ms: i64) {
    let mut p = Progress::start(cx);
    let start = cx.sim.now_ms();
    p.follow(cx, start, start + duration_ms).await;
    p.succeed(cx);
}

/// Wait until machine `machine_id`'s operation `pending_id` has completed (the model may
/// move its due time), printing marks on `marks` meanwhile.
pub(crate) async fn wait_pending(
    cx: &mut Cx<'_>,
    machine_id: &str,
    pending: &crate::model::control::Progress,
    started_ms: i64,
    mut marks: Option<&mut Progress>,
) -> vbox_types::Result<()> {
    let mut due = pending.due_ms;
    loop {
        match marks.as_deref_mut() {
            Some(p) => p.follow(cx, started_ms, due).await,
            None => {
                let wait = (due - cx.sim.now_ms()).max(0);
                tokio::time::sleep(Duration::from_millis(wait as u64)).await;
            }
        }
        let still = cx.sim.view(|reg, _| {
            let m = &reg.machines[reg.find(machine_id)?];
            Ok(m.pending
                .as_ref()
                .filter(|p| p.id == pending.id)
                .map(|p| p.due_ms))
        })?;
        match still {
            None => return Ok(()),
            Some(d) => due = d.max(cx.sim.now_ms() + 1),
        }
    }
}
