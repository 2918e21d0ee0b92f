//! A spinner on stderr for the long waits (start, stop, clone, IP waits). It is drawn only
//! when stderr is a terminal, so logs and pipes never receive control sequences; there the
//! printer writes one plain line instead.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// A running spinner; cleared when finished or dropped.
#[derive(Debug)]
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    /// A spinner showing `message`, or nothing when `enabled` is false.
    pub fn start(enabled: bool, color: bool, message: String) -> Spinner {
        if !enabled {
            return Spinner(None);
        }
        let template = if color {
            "{spinner:.cyan} {msg} {elapsed:.dim}"
        } else {
            "{spinner} {msg} {elapsed}"
        };
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(message);
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner(Some(bar))
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = self.0.take() {
            bar.finish_and_clear();
        }
    }
}
