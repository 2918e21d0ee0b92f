//! The guest of a machine without an OS, played from the host: once the machine runs, after
//! the boot delay, it writes the guest properties that the Guest Additions' VBoxService writes
//! (`/VirtualBox/GuestAdd/Version`, `/VirtualBox/GuestInfo/Net/*` per interface with the
//! adapter's MAC, then `Net/Count`), with the flags the real VBoxService 7.2.22 uses.
//!
//! It is how the real host tests every address wait while the machine really runs: VBoxSVC,
//! the VM process and its guest property service are real, only the writer is not the guest.
//! The tiny Linux guest (`scripts/real-virtualbox/guest`) proves the writer is right.

use crate::GuestShape;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;
use vbox_types::{Backend, MachineState, NetworkAttachmentType};

/// The flags VBoxService 7.2.22 gives the network properties in a real guest (the tiny guest
/// of `scripts/real-virtualbox/build-guest.sh`): deleted at a reset and at a power-off, kept
/// over a save and restore.
const NET_FLAGS: &str = "TRANSIENT, TRANSRESET";
/// The real guest writes `GuestAdd/*` without a flag, and they end with its VM process; a
/// host write without a flag would outlive the power-off, so the host-played guest marks
/// them TRANSIENT.
const ADDITIONS_FLAGS: &str = "TRANSIENT";
/// Guest Additions version the agent reports (the host's own, as matching additions would).
const ADDITIONS_VERSION: &str = "7.2.22";

/// Plays the guests of one home.
#[derive(Debug)]
pub(crate) struct GuestAgent {
    backend: Arc<dyn Backend>,
    boot_delay: Duration,
    shapes: Mutex<HashMap<String, GuestShape>>,
    running: Mutex<HashMap<String, JoinHandle<()>>>,
}

impl GuestAgent {
    pub(crate) fn new(backend: Arc<dyn Backend>, boot_delay: Duration) -> GuestAgent {
        GuestAgent {
            backend,
            boot_delay,
            shapes: Mutex::new(HashMap::new()),
            running: Mutex::new(HashMap::new()),
        }
    }

    /// Play `machine` as `shape` from its next start on.
    pub(crate) fn shape(&self, machine: &str, shape: GuestShape) {
        lock(&self.shapes).insert(machine.to_string(), shape);
    }

    /// The machine (name or UUID) started or was reset: boot (wait), then publish, as its
    /// shape says. A default shape for machines nobody shaped (clones of a shaped template
    /// included: the real VirtualBox copies no agent). A later start replaces the play.
    pub(crate) async fn started(&self, machine: &str) {
        let m = match self.backend.get_machine(machine).await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(
                    machine,
                    "the host-played guest cannot find its machine: {e}"
                );
                return;
            }
        };
        let shape = lock(&self.shapes).get(&m.name).cloned().unwrap_or_default();
        if !shape.additions {
            return;
        }
        let (backend, boot_delay, id) = (self.backend.clone(), self.boot_delay, m.id.clone());
        let task = tokio::spawn(async move {
            tokio::time::sleep(boot_delay).await;
            if let Err(e) = play(backend.as_ref(), &id, &shape).await {
                tracing::warn!(machine = %id, "the host-played guest stopped: {e}");
            }
        });
        if let Some(old) = lock(&self.running).insert(m.id, task) {
            old.abort();
        }
    }
}

impl Drop for GuestAgent {
    fn drop(&mut self) {
        for (_, task) in lock(&self.running).drain() {
            task.abort();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One interface as the guest sees it.
struct Interface {
    mac: String,
    ip: String,
}

/// Publish the network of a booted guest, then renew its lease if the shape says so.
async fn play(b: &dyn Backend, name: &str, shape: &GuestShape) -> vbox_types::Result<()> {
    let machine = b.get_machine(name).await?;
    if machine.state != MachineState::Running {
        return Ok(());
    }
    let mut slots: Vec<u32> = machine
        .adapters
        .iter()
        .filter(|a| a.enabled && a.attachment != NetworkAttachmentType::Null)
        .map(|a| a.slot)
        .collect();
    if let Some(order) = &shape.nic_order {
        slots.sort_by_key(|s| order.iter().position(|o| o == s).unwrap_or(usize::MAX));
    }
    let interfaces: Vec<Interface> = slots
        .iter()
        .filter_map(|slot| machine.adapters.iter().find(|a| a.slot == *slot))
        .map(|a| Interface {
            mac: a.mac_address.to_ascii_uppercase(),
            // The NAT engine of adapter N is 10.0.(N+2).0/24 and leases .15 (VirtualBox's
            // manual, "Configuring the Address of a NAT Network Interface"); the first lease
            // of the default host-only network is 192.168.56.101.
            ip: match a.attachment {
                NetworkAttachmentType::NAT => format!("10.0.{}.15", 2 + a.slot),
                _ => format!("192.168.56.{}", 101 + a.slot),
            },
        })
        .collect();
    let set = |prop: String, value: String| async move {
        b.set_guest_property(name, &prop, Some(&value), Some(NET_FLAGS))
            .await
    };
    b.set_guest_property(
        name,
        "/VirtualBox/GuestAdd/Version",
        Some(ADDITIONS_VERSION),
        Some(ADDITIONS_FLAGS),
    )
    .await?;
    for (i, nic) in interfaces.iter().enumerate() {
        let net = format!("/VirtualBox/GuestInfo/Net/{i}");
        set(format!("{net}/V4/IP"), nic.ip.clone()).await?;
        let broadcast = nic.ip.rsplit_once('.').map(|(net, _)| format!("{net}.255"));
        set(format!("{net}/V4/Broadcast"), broadcast.unwrap_or_default()).await?;
        set(format!("{net}/V4/Netmask"), "255.255.255.0".into()).await?;
        set(format!("{net}/MAC"), nic.mac.clone()).await?;
        set(format!("{net}/Status"), "Up".into()).await?;
    }
    let count = interfaces.len().to_string();
    set("/VirtualBox/GuestInfo/Net/Count".into(), count.clone()).await?;
    if let Some((after, gap)) = shape.dhcp_renewal {
        tokio::time::sleep(after).await;
        set("/VirtualBox/GuestInfo/Net/Count".into(), "0".into()).await?;
        tokio::time::sleep(gap).await;
        set("/VirtualBox/GuestInfo/Net/Count".into(), count).await?;
    }
    Ok(())
}
