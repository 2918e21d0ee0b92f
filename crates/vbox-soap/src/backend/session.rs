//! ISession locking and IProgress waits.

use std::time::Instant;

use vbox_types::{Error, ErrorKind, Result, ResultCode};

use super::SoapBackend;
use crate::{Elements, Param};

/// A locked session: the ISession and the machine it holds.
pub(super) struct Locked {
    /// The ISession reference.
    pub session: String,
}

impl SoapBackend {
    /// A fresh ISession (each `getSessionObject` returns a new one).
    pub(super) async fn new_session(&self) -> Result<String> {
        let vbox = self.client.vbox().await?;
        let r = self
            .client
            .call(
                "IWebsessionManager_getSessionObject",
                vec![Param::value("refIVirtualBox", vbox)],
            )
            .await?;
        Ok(r.returnval().unwrap_or_default().to_string())
    }

    /// Locks `machine` with `lock_type` (`Shared` or `Write`).
    pub(super) async fn lock(&self, machine: &str, lock_type: &str) -> Result<Locked> {
        let session = self.new_session().await?;
        let locked = self
            .client
            .call(
                "IMachine_lockMachine",
                vec![
                    Param::value("_this", machine),
                    Param::value("session", &session),
                    Param::value("lockType", lock_type),
                ],
            )
            .await;
        match locked {
            Ok(_) => Ok(Locked { session }),
            Err(e) => {
                self.client.release([&session]).await;
                Err(e)
            }
        }
    }

    /// Unlocks and releases the session. Best effort, as VBoxManage does: when the VM process
    /// ended (powerDown, saveState) its shared sessions are already unlocked and
    /// `unlockMachine` fails with "The session is not locked".
    pub(super) async fn unlock(&self, locked: Locked) -> Result<()> {
        let r = self
            .client
            .call(
                "ISession_unlockMachine",
                vec![Param::value("_this", &locked.session)],
            )
            .await;
        self.client.release([&locked.session]).await;
        if let Err(e) = r {
            tracing::debug!(host = %self.client.host(), "ISession_unlockMachine failed: {e}");
        }
        Ok(())
    }

    /// The session's mutable machine (release it when done).
    pub(super) async fn session_machine(&self, locked: &Locked) -> Result<String> {
        self.client
            .get("ISession_getMachine", &locked.session)
            .await
    }

    /// Waits for `progress` to complete (releasing it), in slices of at most the call timeout,
    /// up to the long timeout; a failed operation gives its error text and code.
    pub(super) async fn wait(&self, progress: &str, what: &str) -> Result<()> {
        if progress.is_empty() {
            return Ok(());
        }
        let result = self.wait_inner(progress, what).await;
        self.client.release([progress]).await;
        result
    }

    async fn wait_inner(&self, progress: &str, what: &str) -> Result<()> {
        let deadline = Instant::now() + self.opts.long_timeout;
        let slice_ms = (self.opts.call_timeout.as_millis() / 2).clamp(1, 30_000) as i64;
        loop {
            let completed = self.client.get("IProgress_getCompleted", progress).await?;
            if completed == "true" {
                break;
            }
            if Instant::now() >= deadline {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    format!(
                        "{}: {what}: not complete after {} s",
                        self.client.host(),
                        self.opts.long_timeout.as_secs()
                    ),
                ));
            }
            self.client
                .call(
                    "IProgress_waitForCompletion",
                    vec![
                        Param::value("_this", progress),
                        Param::value("timeout", slice_ms),
                    ],
                )
                .await?;
        }
        let code: i32 = self
            .client
            .get("IProgress_getResultCode", progress)
            .await?
            .parse()
            .unwrap_or(-1);
        if code == 0 {
            return Ok(());
        }
        let info = self.client.get("IProgress_getErrorInfo", progress).await?;
        let text = if info.is_empty() {
            format!("{what} failed")
        } else {
            let text = self.client.get("IVirtualBoxErrorInfo_getText", &info).await;
            self.client.release([&info]).await;
            text?
        };
        Err(Error::from_code(ResultCode::from_signed(code), text))
    }
}
