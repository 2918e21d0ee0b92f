//! The base snapshot of each template, taken once however many linked clones are made of it
//! at the same time.
//!
//! `clone_machine` alone would take the snapshot on the first clone of a template without one;
//! started eight at a time, every clone would see "no snapshot" and take its own (the race the
//! Parallels plugin hit: Parallels/vagrant-parallels#206), and snapshots taken while other
//! clones read the template fail on a locked machine. So the fleet resolves the snapshot once
//! per template, behind a per-template cell, and passes it to every clone.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;
use vbox_types::Backend;

/// What one template's cell holds: the snapshot id, or why there is none (the first clone
/// gets the real error; the others a copy of its kind and text).
type Resolved = std::result::Result<String, (vbox_types::ErrorKind, String)>;

/// Per-template cells.
#[derive(Debug, Default)]
pub(crate) struct BaseSnapshots {
    cells: Mutex<HashMap<String, Arc<OnceCell<Resolved>>>>,
}

impl BaseSnapshots {
    /// The snapshot id linked clones of `template` are made from: its current snapshot, or a
    /// new base snapshot. `on_take` runs when this call is the one that takes it.
    pub(crate) async fn resolve(
        &self,
        backend: &dyn Backend,
        template: &str,
        on_take: impl FnOnce(),
    ) -> Result<String> {
        let cell = {
            let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
            cells.entry(template.to_string()).or_default().clone()
        };
        let mut first_error = None;
        let resolved = cell
            .get_or_init(|| async {
                let outcome = async {
                    let source = crate::get(backend, template).await?;
                    if source.current_snapshot.is_none() {
                        on_take();
                    }
                    crate::lifecycle::base_snapshot(backend, &source).await
                }
                .await;
                outcome.map_err(|e| {
                    let copy = (e.kind(), e.to_string());
                    first_error = Some(e);
                    copy
                })
            })
            .await;
        match (resolved, first_error) {
            (Ok(id), _) => Ok(id.clone()),
            (Err(_), Some(e)) => Err(e),
            (Err((kind, message)), None) => Err(Error::Backend {
                operation: "take the base snapshot of",
                machine: template.to_string(),
                source: vbox_types::Error::new(*kind, message.clone()),
            }),
        }
    }
}
