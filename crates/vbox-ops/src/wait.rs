//! Waiting with Salt's semantics, and retrying transient errors until a deadline.

use crate::Result;
use std::future::Future;
use std::time::Duration;
use tokio::time::{sleep, Instant};
use vbox_types::ErrorKind;

/// Salt's blur factor: each step is shortened to 95% so the loop does not overshoot.
const BLUR_FACTOR: f64 = 0.95;

/// Values whose truthiness decides when [`wait_for`] stops, as in Python.
pub trait Truthy {
    /// Python's `bool(x)`.
    fn is_truthy(&self) -> bool;
}

impl Truthy for bool {
    fn is_truthy(&self) -> bool {
        *self
    }
}
impl<T> Truthy for Vec<T> {
    fn is_truthy(&self) -> bool {
        !self.is_empty()
    }
}
impl<T: Truthy> Truthy for Option<T> {
    fn is_truthy(&self) -> bool {
        self.as_ref().is_some_and(Truthy::is_truthy)
    }
}
impl Truthy for String {
    fn is_truthy(&self) -> bool {
        !self.is_empty()
    }
}
impl Truthy for &str {
    fn is_truthy(&self) -> bool {
        !self.is_empty()
    }
}
impl Truthy for i64 {
    fn is_truthy(&self) -> bool {
        *self != 0
    }
}
impl Truthy for serde_json::Value {
    fn is_truthy(&self) -> bool {
        match self {
            serde_json::Value::Null => false,
            serde_json::Value::Bool(b) => *b,
            serde_json::Value::Number(n) => n.as_f64() != Some(0.0),
            serde_json::Value::String(s) => !s.is_empty(),
            serde_json::Value::Array(a) => !a.is_empty(),
            serde_json::Value::Object(o) => !o.is_empty(),
        }
    }
}

/// Salt's `salt.utils.timeout.wait_for`: call `probe` until it returns something truthy and
/// return that; return `default` when `timeout` passes.
///
/// The step is `min(step or 1 s, timeout) × 0.95`, and each later sleep is clamped to the time
/// left (× 0.95), so a step larger than the timeout still gets a last try before the deadline
/// (Salt's `test_wait_for_with_big_step`). The probe runs at least once.
pub async fn wait_for<T, F, Fut>(
    timeout: Duration,
    step: Option<Duration>,
    default: T,
    mut probe: F,
) -> T
where
    T: Truthy,
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    let deadline = Instant::now() + timeout;
    let step = step
        .filter(|s| !s.is_zero())
        .unwrap_or(Duration::from_secs(1));
    let mut step = step.min(timeout).mul_f64(BLUR_FACTOR);
    while Instant::now() <= deadline {
        let value = probe().await;
        if value.is_truthy() {
            return value;
        }
        sleep(step).await;
        // Salt shrinks the step towards the deadline; a 1 ms floor keeps that from becoming
        // an endless series of ever smaller sleeps just before it.
        step = step
            .min(deadline.saturating_duration_since(Instant::now()))
            .mul_f64(BLUR_FACTOR)
            .max(Duration::from_millis(1));
    }
    default
}

/// Retry `op` while it fails with a retryable kind (Locked, Transient), with exponential
/// backoff from 100 ms up to 2 s, until `deadline`. Other errors, and the last retryable
/// error once the deadline passed, are returned as they are.
pub async fn retry_transient<T, F, Fut>(
    deadline: Instant,
    mut op: F,
) -> Result<T, vbox_types::Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, vbox_types::Error>>,
{
    let mut backoff = Duration::from_millis(100);
    loop {
        match op().await {
            Err(e) if is_retryable(e.kind()) && Instant::now() + backoff < deadline => {
                tracing::debug!(error = %e, ?backoff, "retrying");
                sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
            other => return other,
        }
    }
}

fn is_retryable(kind: ErrorKind) -> bool {
    kind.is_retryable()
}

#[cfg(test)]
mod tests {
    //! Salt's `tests/unit/utils/test_timeout.py`, re-expressed with tokio's paused clock.
    use super::*;

    /// Salt's helper: returns false until `after` has passed since creation, then `value`.
    fn returns_after<T: Clone>(
        after: Duration,
        value: T,
        before: T,
    ) -> impl FnMut() -> std::future::Ready<T> {
        let start = Instant::now();
        move || {
            std::future::ready(if start.elapsed() >= after {
                value.clone()
            } else {
                before.clone()
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn test_wait_for_true() {
        let got = wait_for(
            Duration::from_secs(2),
            Some(Duration::from_millis(500)),
            false,
            returns_after(Duration::from_secs(1), true, false),
        )
        .await;
        assert!(got);
    }

    #[tokio::test(start_paused = true)]
    async fn test_wait_for_with_big_step() {
        let got = wait_for(
            Duration::from_millis(1500),
            Some(Duration::from_secs(2)),
            false,
            returns_after(Duration::from_secs(1), true, false),
        )
        .await;
        assert!(
            got,
            "the step is clamped to the timeout, so the value is seen"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn test_wait_for_custom_time() {
        let probe = returns_after(Duration::from_secs(1), "result".to_string(), String::new());
        assert_eq!(
            wait_for(
                Duration::from_secs(2),
                Some(Duration::from_millis(500)),
                String::new(),
                probe
            )
            .await,
            "result"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn test_wait_for_too_long() {
        let got = wait_for(
            Duration::from_millis(500),
            Some(Duration::from_millis(100)),
            false,
            returns_after(Duration::from_secs(1), true, false),
        )
        .await;
        assert!(!got, "the default comes back on timeout");
    }

    #[tokio::test(start_paused = true)]
    async fn test_wait_for_with_args() {
        let args = vec!["one", "two"];
        let got = wait_for(Duration::from_secs(1), None, Vec::new(), || {
            std::future::ready(args.clone())
        })
        .await;
        assert_eq!(got, vec!["one", "two"]);
    }

    #[tokio::test(start_paused = true)]
    async fn test_wait_for_with_kwargs() {
        let kwargs = serde_json::json!({"one": 1, "two": 2});
        let got = wait_for(
            Duration::from_secs(1),
            None,
            serde_json::Value::Null,
            || std::future::ready(kwargs.clone()),
        )
        .await;
        assert_eq!(got, kwargs);
    }

    #[tokio::test(start_paused = true)]
    async fn test_sanity() {
        let mut probe = returns_after(Duration::from_secs(1), true, false);
        assert!(!probe().await);
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(probe().await);
    }

    #[tokio::test(start_paused = true)]
    async fn retries_only_retryable_errors() {
        use vbox_types::{Error, ResultCode};
        let mut calls = 0;
        let deadline = Instant::now() + Duration::from_secs(5);
        let got = retry_transient(deadline, || {
            calls += 1;
            let n = calls;
            async move {
                if n < 3 {
                    Err(Error::from_code(ResultCode::INVALID_OBJECT_STATE, "The machine 'x' is already locked by a session (or being locked or unlocked)"))
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(got.unwrap(), 3);

        let mut calls = 0;
        let got: Result<(), _> = retry_transient(deadline, || {
            calls += 1;
            async { Err(Error::machine_not_found("x")) }
        })
        .await;
        assert_eq!(got.unwrap_err().kind(), ErrorKind::NotFound);
        assert_eq!(calls, 1, "NotFound is not retried");
    }
}
