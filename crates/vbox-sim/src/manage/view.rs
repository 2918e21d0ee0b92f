//! What the emulator's output formats read about one machine: the common [`Machine`] plus
//! the simulator's own details that only VBoxManage shows (hardware UUID, saved-state file,
//! disk attachments, snapshot tree).

use crate::Sim;
use vbox_types::{Machine, Result, Snapshot};

/// One machine as `showvminfo` and `snapshot list` see it.
#[derive(Debug, Clone)]
pub(crate) struct MachineView {
    /// The common view.
    pub machine: Machine,
    /// The snapshot tree in pre-order.
    pub snapshots: Vec<Snapshot>,
}

impl Sim {
    /// The view of one machine (NotFound with VirtualBox's text when it is not registered).
    pub(crate) async fn machine_view(&self, name_or_id: &str) -> Result<MachineView> {
        use vbox_types::Backend;
        let machine = self.get_machine(name_or_id).await?;
        let snapshots = self.list_snapshots(name_or_id).await?;
        Ok(MachineView {
            machine,
            snapshots,
        })
    }
}
