//! Operations that span time: begun in one transaction, completed by the model's clock.

use super::Engine;
use crate::model::control::Progress;
use vbox_types::Result;

impl Engine {
    /// Wait until machine `machine_id`'s operation `p` has completed (the model may move its
    /// due time).
    pub(crate) async fn wait_progress(&self, machine_id: &str, p: &Progress) -> Result<()> {
        let mut due = p.due_ms;
        loop {
            self.sleep_until(due).await;
            let still = self.read(|reg, _| {
                let i = reg.find(machine_id)?;
                Ok(reg.machines[i]
                    .pending
                    .as_ref()
                    .filter(|q| q.id == p.id)
                    .map(|q| q.due_ms))
            })?;
            match still {
                Some(d) => due = d,
                None => return Ok(()),
            }
        }
    }
}
