//! Session locks held by other clients (a SOAP session's `lockMachine`, `Sim::hold_lock`):
//! taken, renewed, released, and stepped aside from while the engine's own operations run.

use super::Engine;
use crate::model::session;
use std::future::Future;
use vbox_types::{LockType, Result};

impl Engine {
    /// Another client locks the machine for `hold_ms` (`lockMachine`'s rules and errors).
    pub(crate) fn hold_lock(&self, machine: &str, lock: LockType, hold_ms: i64) -> Result<()> {
        self.write(|reg, ctx| {
            let i = reg.find(machine)?;
            session::hold(&mut reg.machines[i], lock, hold_ms, ctx)
        })
    }

    /// The client's lock of machine `id` ends (a machine gone meanwhile is no error).
    pub(crate) fn release_lock(&self, id: &str) -> Result<()> {
        self.write(|reg, _| {
            if let Ok(i) = reg.find(id) {
                reg.machines[i].held_lock = None;
            }
            Ok(())
        })
    }

    /// The held locks of machines `ids` last at least `lease_ms` more (a lease renewed).
    pub(crate) fn renew_locks(&self, ids: &[String], lease_ms: i64) -> Result<()> {
        self.write(|reg, ctx| {
            for m in reg.machines.iter_mut().filter(|m| ids.contains(&m.id)) {
                if let Some(h) = m.held_lock.as_mut() {
                    h.until_ms = h.until_ms.max(ctx.now + lease_ms);
                }
            }
            Ok(())
        })
    }

    /// Runs `op` on machine `id` whose lock the caller holds: the engine's operations take the
    /// write lock themselves, so the caller's steps aside for `op` and is taken back after.
    pub(crate) async fn as_lock_holder<T>(
        &self,
        id: &str,
        op: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let held = self.read(|reg, _| Ok(reg.machines[reg.find(id)?].held_lock.clone()))?;
        if held.is_some() {
            self.release_lock(id)?;
        }
        let out = op.await;
        if let Some(h) = held {
            self.write(|reg, _| {
                if let Ok(i) = reg.find(id) {
                    reg.machines[i].held_lock = Some(h);
                }
                Ok(())
            })?;
        }
        out
    }
}
