//! `controlvm`: IConsole actions and saveState on a running machine.

use vbox_types::{ApiVersion, ControlAction, Error, Result, ResultCode};

use super::SoapBackend;
use crate::{Elements, Param};

impl SoapBackend {
    pub(super) async fn control(&self, name_or_id: &str, action: ControlAction) -> Result<()> {
        let m = self.find(name_or_id).await?;
        let result = self.control_ref(&m, action).await;
        result
    }

    async fn control_ref(&self, m: &str, action: ControlAction) -> Result<()> {
        let locked = self.lock(m, "Shared").await?;
        let console = self
            .client
            .get("ISession_getConsole", &locked.session)
            .await;
        let result = match &console {
            // Without a VM process the shared lock is a write lock with no console.
            Ok(c) if c.is_empty() => Err(self.not_running(m, action).await),
            Ok(c) => self.control_locked(&locked.session, c, action).await,
            Err(_) => Ok(()),
        };
        if let Ok(c) = &console {
            self.client.release([c]).await;
        }
        let unlocked = self.unlock(locked).await;
        console?;
        result.and(unlocked)
    }

    /// The error VBoxManage gives for `controlvm` on a machine without a VM process.
    async fn not_running(&self, m: &str, action: ControlAction) -> Error {
        let (state, name, api) = match futures::try_join!(
            self.client.get("IMachine_getState", m),
            self.client.get("IMachine_getName", m),
            self.api(),
        ) {
            Ok(x) => x,
            Err(e) => return e,
        };
        if action == ControlAction::PowerOff && matches!(state.as_str(), "Saved" | "AbortedSaved") {
            return Error::from_code(
                ResultCode::INVALID_VM_STATE,
                "Cannot power down a saved virtual machine",
            );
        }
        // VBoxManage 7.0 ended the sentence with a period.
        let dot = if api >= ApiVersion::V7_0 { "." } else { "" };
        Error::from_code(
            ResultCode::INVALID_VM_STATE,
            format!("Machine '{name}' is not currently running{dot}"),
        )
    }

    async fn control_locked(
        &self,
        session: &str,
        console: &str,
        action: ControlAction,
    ) -> Result<()> {
        if action == ControlAction::SaveState {
            // IConsole has no saveState since 5.0: it is on the session machine.
            let sm = self.client.get("ISession_getMachine", session).await?;
            let r = self
                .client
                .call("IMachine_saveState", vec![Param::value("_this", &sm)])
                .await;
            self.client.release([&sm]).await;
            return self
                .wait(r?.returnval().unwrap_or_default(), "savestate")
                .await;
        }
        let op = match action {
            ControlAction::PowerOff => "IConsole_powerDown",
            ControlAction::AcpiPowerButton => "IConsole_powerButton",
            ControlAction::Pause => "IConsole_pause",
            ControlAction::Resume => "IConsole_resume",
            ControlAction::Reset | ControlAction::SaveState => "IConsole_reset",
        };
        let r = self
            .client
            .call(op, vec![Param::value("_this", console)])
            .await?;
        if action == ControlAction::PowerOff {
            self.wait(r.returnval().unwrap_or_default(), "poweroff")
                .await?;
        }
        Ok(())
    }
}
