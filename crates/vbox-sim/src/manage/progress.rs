//! `showProgress`: `0%...10%...…100%` on stderr, printed as the simulated operation
//! advances in real time. Marks that were skipped are still printed; a failure prints the
//! result code's symbol where `100%` would be (7.0.14 capture
//! `disks-unregistervm-base-delete-with-linked-children`: `0%...10%...20%...30%...VBOX_E_OBJECT_IN_USE`);
//! before 7.0 it is `Progress state: <symbol>` on a line of its own (6.0 capture
//! `clonevm-error-source-running`).

use super::context::Cx;
use crate::engine::lifecycle::Begun;
use vbox_types::ApiVersion;

/// Longest sleep between two looks at the clock.
pub(crate) const MAX_STEP_MS: i64 = 50;

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
/// at once but VirtualBox takes this long for: deletions, media).
pub(crate) async fn timed(cx: &mut Cx<'_>, duration_ms: i64) {
    let mut p = Progress::start(cx);
    let sim = cx.sim.clone();
    sim.engine()
        .pass(duration_ms, MAX_STEP_MS, |done| p.reach(cx, done))
        .await;
    p.succeed(cx);
}

/// Wait until the operation `begun` has completed (the engine follows its progress), printing
/// marks on `marks` meanwhile.
pub(crate) async fn wait_pending(
    cx: &mut Cx<'_>,
    begun: &Begun,
    mut marks: Option<&mut Progress>,
) -> vbox_types::Result<()> {
    let sim = cx.sim.clone();
    sim.engine()
        .follow(begun, MAX_STEP_MS, |done| {
            if let Some(p) = marks.as_deref_mut() {
                p.reach(cx, done);
            }
        })
        .await
}
