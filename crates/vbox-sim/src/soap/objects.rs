//! The objects a websession hands out references to.

use super::events::Listener;
use std::sync::{Arc, Mutex};
use vbox_types::Error;

/// What an `ISession` holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum SessionLock {
    /// Unlocked.
    #[default]
    None,
    /// A write lock (also what `Shared` gives when no VM process runs): the model's held lock.
    Write(String),
    /// A shared link to a running VM's session; ends with the VM process.
    Shared(String),
    /// The session `launchVMProcess` used; the VM process holds the machine.
    Launch(String),
}

impl SessionLock {
    /// The machine id, when locked.
    pub(crate) fn machine(&self) -> Option<&str> {
        match self {
            SessionLock::None => None,
            SessionLock::Write(m) | SessionLock::Shared(m) | SessionLock::Launch(m) => Some(m),
        }
    }
}

/// A progress: completed once `done` holds the outcome.
#[derive(Debug)]
pub(crate) struct ProgressCell {
    pub done: tokio::sync::watch::Receiver<Option<Result<(), Error>>>,
}

impl ProgressCell {
    /// A progress whose outcome `task` produces, run in the background.
    pub(crate) fn spawn(
        task: impl std::future::Future<Output = Result<(), Error>> + Send + 'static,
    ) -> Arc<ProgressCell> {
        let (tx, rx) = tokio::sync::watch::channel(None);
        tokio::spawn(async move {
            let outcome = task.await;
            tx.send_replace(Some(outcome));
        });
        Arc::new(ProgressCell { done: rx })
    }

    /// A progress that has already completed with `outcome`.
    pub(crate) fn finished(outcome: Result<(), Error>) -> Arc<ProgressCell> {
        let (_tx, rx) = tokio::sync::watch::channel(Some(outcome));
        Arc::new(ProgressCell { done: rx })
    }

    /// The outcome, once completed.
    pub(crate) fn outcome(&self) -> Option<Result<(), Error>> {
        let outcome = self.done.borrow();
        // vbox_types::Error is not Clone: rebuild it from its code (or kind) and text.
        outcome.as_ref().map(|o| {
            o.as_ref().map(|_| ()).map_err(|e| match e.code() {
                Some(code) => Error::from_code(code, e.message()),
                None => Error::new(e.kind(), e.message()),
            })
        })
    }
}

/// An `IVirtualBoxErrorInfo`.
#[derive(Debug, Clone)]
pub(crate) struct ErrorInfo {
    /// Signed HRESULT.
    pub result_code: i32,
    /// The text.
    pub text: String,
    /// The interface that raised it (`IVirtualBox`).
    pub interface: String,
}

/// A medium `createMedium` announced: `created` is its id once the storage exists.
#[derive(Debug)]
pub(crate) struct NewMedium {
    pub location: String,
    pub created: Option<String>,
}

/// A guest property change delivered as an `IGuestPropertyChangedEvent`.
#[derive(Debug, Clone)]
pub(crate) struct EventData {
    pub machine_id: String,
    pub name: String,
    pub value: String,
    pub flags: String,
    pub deleted: bool,
}

/// One object of a websession.
#[derive(Debug, Clone)]
pub(crate) enum Obj {
    VirtualBox,
    Session(Arc<Mutex<SessionLock>>),
    /// A machine by id; `mutable` for the session machine of a locked session.
    Machine {
        id: String,
        mutable: bool,
    },
    Console(String),
    Progress(Arc<ProgressCell>),
    ErrorInfo(Arc<ErrorInfo>),
    Adapter {
        machine: String,
        slot: u32,
        mutable: bool,
    },
    SystemProperties,
    Snapshot {
        machine: String,
        id: String,
    },
    Medium(String),
    /// `createMedium`'s answer: a location until `createBaseStorage` makes it a medium.
    NewMedium(Arc<Mutex<NewMedium>>),
    StorageController {
        machine: String,
        name: String,
    },
    /// A shared folder of a machine's settings, or of its run when `transient`.
    SharedFolder {
        machine: String,
        name: String,
        transient: bool,
    },
    /// `ISnapshot_getMachine`: the machine as of the snapshot (a linked clone's source).
    SnapshotMachine {
        id: String,
        snapshot: String,
    },
    EventSource,
    Listener(Arc<Mutex<Listener>>),
    Event(Arc<EventData>),
    Platform(String),
    PlatformProperties,
    Firmware(String),
    /// `IMachine.graphicsAdapter` of a machine (6.1+).
    GraphicsAdapter {
        machine: String,
        mutable: bool,
    },
    /// `INetworkAdapter.NATEngine` of an adapter slot.
    NatEngine {
        machine: String,
        slot: u32,
        mutable: bool,
    },
    Host,
    /// An `IHostNetworkInterface` by id.
    HostInterface(String),
    /// An `IDHCPServer` by its network name.
    Dhcp(String),
    /// A machine's `IVRDEServer` (by machine id).
    VrdeServer(String),
    /// `IDisplay`, `IKeyboard`, `IMouse` or `IGuest` of a running machine's console.
    ConsolePart {
        machine: String,
        interface: &'static str,
    },
}

impl Obj {
    /// The identity that makes the same object map to the same reference in one websession.
    pub(crate) fn key(&self) -> String {
        let ptr = |p: *const ()| format!("{p:p}");
        match self {
            Obj::VirtualBox => "vbox".into(),
            Obj::Session(a) => format!("session:{}", ptr(Arc::as_ptr(a).cast())),
            Obj::Machine { id, mutable } => format!("machine:{id}:{mutable}"),
            Obj::Console(m) => format!("console:{m}"),
            Obj::Progress(a) => format!("progress:{}", ptr(Arc::as_ptr(a).cast())),
            Obj::ErrorInfo(a) => format!("error:{}", ptr(Arc::as_ptr(a).cast())),
            Obj::Adapter {
                machine,
                slot,
                mutable,
            } => format!("nic:{machine}:{slot}:{mutable}"),
            Obj::SystemProperties => "sysprops".into(),
            Obj::Snapshot { id, .. } => format!("snapshot:{id}"),
            Obj::Medium(id) => format!("medium:{id}"),
            Obj::NewMedium(a) => format!("newmedium:{}", ptr(Arc::as_ptr(a).cast())),
            Obj::StorageController { machine, name } => format!("ctl:{machine}:{name}"),
            Obj::SharedFolder {
                machine,
                name,
                transient,
            } => format!("share:{machine}:{name}:{transient}"),
            Obj::SnapshotMachine { snapshot, .. } => format!("snapmachine:{snapshot}"),
            Obj::EventSource => "eventsource".into(),
            Obj::Listener(a) => format!("listener:{}", ptr(Arc::as_ptr(a).cast())),
            Obj::Event(a) => format!("event:{}", ptr(Arc::as_ptr(a).cast())),
            Obj::Platform(m) => format!("platform:{m}"),
            Obj::PlatformProperties => "platformprops".into(),
            Obj::Firmware(m) => format!("firmware:{m}"),
            Obj::GraphicsAdapter { machine, mutable } => format!("graphics:{machine}:{mutable}"),
            Obj::NatEngine {
                machine,
                slot,
                mutable,
            } => format!("natengine:{machine}:{slot}:{mutable}"),
            Obj::Host => "host".into(),
            Obj::HostInterface(id) => format!("hostif:{id}"),
            Obj::Dhcp(network) => format!("dhcp:{network}"),
            Obj::VrdeServer(m) => format!("vrde:{m}"),
            Obj::ConsolePart { machine, interface } => format!("{interface}:{machine}"),
        }
    }

    /// Whether the object implements `interface` (the part of the operation before `_`).
    pub(crate) fn implements(&self, interface: &str) -> bool {
        let name = match self {
            Obj::VirtualBox => "IVirtualBox",
            Obj::Session(_) => "ISession",
            Obj::Machine { .. } => "IMachine",
            Obj::Console(_) => "IConsole",
            Obj::Progress(_) => "IProgress",
            Obj::ErrorInfo(_) => "IVirtualBoxErrorInfo",
            Obj::Adapter { .. } => "INetworkAdapter",
            Obj::SystemProperties => "ISystemProperties",
            Obj::Snapshot { .. } => "ISnapshot",
            Obj::Medium(_) | Obj::NewMedium(_) => "IMedium",
            Obj::StorageController { .. } => "IStorageController",
            Obj::SharedFolder { .. } => "ISharedFolder",
            Obj::SnapshotMachine { .. } => "IMachine",
            Obj::EventSource => "IEventSource",
            Obj::Listener(_) => "IEventListener",
            // An event is cast to the interfaces of its type (reference §4.2 "Casting").
            Obj::Event(_) => {
                return matches!(
                    interface,
                    "IEvent" | "IMachineEvent" | "IGuestPropertyChangedEvent" | "IManagedObjectRef"
                )
            }
            Obj::Platform(_) => "IPlatform",
            Obj::PlatformProperties => "IPlatformProperties",
            Obj::Firmware(_) => "IFirmwareSettings",
            Obj::GraphicsAdapter { .. } => "IGraphicsAdapter",
            Obj::NatEngine { .. } => "INATEngine",
            Obj::Host => "IHost",
            Obj::HostInterface(_) => "IHostNetworkInterface",
            Obj::Dhcp(_) => "IDHCPServer",
            Obj::VrdeServer(_) => "IVRDEServer",
            Obj::ConsolePart { interface: i, .. } => i,
        };
        name == interface || interface == "IManagedObjectRef"
    }
}
