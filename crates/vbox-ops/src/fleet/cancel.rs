//! A cancellation signal (Ctrl-C): cheap to clone, observed by every machine's task.

use std::sync::Arc;
use tokio::sync::watch;

/// Set once, seen by every clone. Built on a tokio watch channel so waiting for it is a plain
/// `await` that can race other work in a `select!`.
#[derive(Debug, Clone)]
pub struct Cancel {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for Cancel {
    fn default() -> Cancel {
        Cancel::new()
    }
}

impl Cancel {
    /// A signal that is not set.
    pub fn new() -> Cancel {
        Cancel {
            tx: Arc::new(watch::channel(false).0),
        }
    }

    /// Set the signal (idempotent).
    pub fn cancel(&self) {
        self.tx.send_replace(true);
    }

    /// Whether the signal is set.
    pub fn is_cancelled(&self) -> bool {
        *self.tx.borrow()
    }

    /// Resolves once the signal is set (at once if it already is).
    pub async fn cancelled(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = rx.wait_for(|set| *set).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn clones_share_the_signal() {
        let cancel = Cancel::new();
        let other = cancel.clone();
        assert!(!other.is_cancelled());
        let waiter = tokio::spawn(async move { other.cancelled().await });
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        assert!(!waiter.is_finished());
        cancel.cancel();
        waiter.await.expect("the waiter wakes up");
        assert!(cancel.is_cancelled());
        cancel.cancelled().await;
    }
}
