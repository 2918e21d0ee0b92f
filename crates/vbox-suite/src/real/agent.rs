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
    /// What the played guests wrote and what failed, in order, with the time since the agent
    /// began: a scenario that waited in vain says why (see [`GuestAgent::journal`]).
    journal: Arc<Journal>,
}

/// Lines of what the agent did, stamped with the time since it was made.
#[derive(Debug)]
struct Journal {
    began: std::time::Instant,
    lines: Mutex<Vec<String>>,
}

impl Journal {
    fn note(&self, line: String) {
        let at = self.began.elapsed().as_secs_f64();
        lock(&self.lines).push(format!("{at:7.2}s {line}"));
    }
}

impl GuestAgent {
    pub(crate) fn new(backend: Arc<dyn Backend>, boot_delay: Duration) -> GuestAgent {
        GuestAgent {
            backend,
            boot_delay,
            shapes: Mutex::new(HashMap::new()),
            running: Mutex::new(HashMap::new()),
            journal: Arc::new(Journal {
                began: std::time::Instant::now(),
                lines: Mutex::new(Vec::new()),
            }),
        }
    }

    /// What the agent did so far, one line per write or failure.
    pub(crate) fn journal(&self) -> String {
        lock(&self.journal.lines).join("\n")
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
                let line = format!("{machine}: the host-played guest cannot find its machine: {e}");
                tracing::warn!("{line}");
                self.journal.note(line);
                return;
            }
        };
        let shape = lock(&self.shapes).get(&m.name).cloned().unwrap_or_default();
        if !shape.additions {
            return;
        }
        let (backend, boot_delay, id) = (self.backend.clone(), self.boot_delay, m.id.clone());
        let journal = self.journal.clone();
        let name = m.name.clone();
        let task = tokio::spawn(async move {
            tokio::time::sleep(boot_delay).await;
            let guest = Guest {
                backend: backend.as_ref(),
                id: &id,
                name: &name,
                journal: &journal,
            };
            if let Err(e) = guest.play(&shape).await {
                let line = format!("{name}: the host-played guest stopped: {e}");
                tracing::warn!("{line}");
                journal.note(line);
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

/// One played guest: its machine, and the journal its writes go to.
struct Guest<'a> {
    backend: &'a dyn Backend,
    id: &'a str,
    name: &'a str,
    journal: &'a Journal,
}

/// How often the played guest tries one write. VBoxService rewrites its properties every few
/// seconds, so a real guest recovers from a failed write too; a write that still fails ends
/// the play (journaled).
const WRITE_ATTEMPTS: u32 = 3;

impl Guest<'_> {
    /// Publish the network of a booted guest, then renew its lease if the shape says so.
    async fn play(&self, shape: &GuestShape) -> vbox_types::Result<()> {
        let machine = self.backend.get_machine(self.id).await?;
        if machine.state != MachineState::Running {
            self.journal.note(format!(
                "{}: not running ({}) after the boot delay: nothing published",
                self.name, machine.state
            ));
            return Ok(());
        }
        let interfaces = interfaces(&machine, shape);
        self.write(
            "/VirtualBox/GuestAdd/Version",
            ADDITIONS_VERSION,
            ADDITIONS_FLAGS,
        )
        .await?;
        for (i, nic) in interfaces.iter().enumerate() {
            let net = format!("/VirtualBox/GuestInfo/Net/{i}");
            let broadcast = nic.ip.rsplit_once('.').map(|(net, _)| format!("{net}.255"));
            self.net(&format!("{net}/V4/IP"), &nic.ip).await?;
            self.net(
                &format!("{net}/V4/Broadcast"),
                &broadcast.unwrap_or_default(),
            )
            .await?;
            self.net(&format!("{net}/V4/Netmask"), "255.255.255.0")
                .await?;
            self.net(&format!("{net}/MAC"), &nic.mac).await?;
            self.net(&format!("{net}/Status"), "Up").await?;
        }
        let count = interfaces.len().to_string();
        self.net(NET_COUNT, &count).await?;
        if let Some((after, gap)) = shape.dhcp_renewal {
            tokio::time::sleep(after).await;
            self.net(NET_COUNT, "0").await?;
            tokio::time::sleep(gap).await;
            self.net(NET_COUNT, &count).await?;
        }
        Ok(())
    }

    /// A network property, with VBoxService's flags.
    async fn net(&self, property: &str, value: &str) -> vbox_types::Result<()> {
        self.write(property, value, NET_FLAGS).await
    }

    /// One property write, tried [`WRITE_ATTEMPTS`] times; each outcome journaled.
    async fn write(&self, property: &str, value: &str, flags: &str) -> vbox_types::Result<()> {
        let mut attempt = 1;
        loop {
            let done = self
                .backend
                .set_guest_property(self.id, property, Some(value), Some(flags))
                .await;
            match done {
                Ok(()) => {
                    self.journal
                        .note(format!("{}: {property} = {value}", self.name));
                    return Ok(());
                }
                Err(e) => {
                    self.journal.note(format!(
                        "{}: {property} = {value} failed (attempt {attempt}): {e}",
                        self.name
                    ));
                    if attempt == WRITE_ATTEMPTS {
                        return Err(e);
                    }
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
    }
}

const NET_COUNT: &str = "/VirtualBox/GuestInfo/Net/Count";

/// The interfaces the guest brings up: enabled, attached adapters, in the shape's order.
fn interfaces(machine: &vbox_types::Machine, shape: &GuestShape) -> Vec<Interface> {
    let mut slots: Vec<u32> = machine
        .adapters
        .iter()
        .filter(|a| a.enabled && a.attachment != NetworkAttachmentType::Null)
        .map(|a| a.slot)
        .collect();
    if let Some(order) = &shape.nic_order {
        slots.sort_by_key(|s| order.iter().position(|o| o == s).unwrap_or(usize::MAX));
    }
    slots
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
        .collect()
}
