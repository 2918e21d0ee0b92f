//! Websessions: one per logon, each a table of managed objects with ids counting up from 1
//! (IVirtualBox is object 1), and the watchdog's idle clock.

use super::objects::Obj;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vbox_soap_wire::mor::ObjectRef;

/// One websession.
#[derive(Debug)]
struct Websession {
    objects: HashMap<u64, Obj>,
    by_key: HashMap<String, u64>,
    next: u64,
    last_used: Instant,
}

/// Every websession of the server.
#[derive(Debug, Default)]
pub(crate) struct Websessions {
    inner: Mutex<HashMap<u64, Websession>>,
}

impl Websessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Websession>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new websession with IVirtualBox as object 1; returns its reference.
    pub(crate) fn logon(&self) -> ObjectRef {
        let mut all = self.lock();
        let mut id: u64 = rand::random();
        while id == 0 || all.contains_key(&id) {
            id = rand::random();
        }
        all.insert(
            id,
            Websession {
                objects: HashMap::new(),
                by_key: HashMap::new(),
                next: 1,
                last_used: Instant::now(),
            },
        );
        drop(all);
        self.register(id, Obj::VirtualBox)
            .expect("the websession was just created")
    }

    /// Ends a websession and every reference of it.
    /// Returns the objects it held (`None` when there was no such websession).
    pub(crate) fn logoff(&self, session: u64) -> Option<Vec<Obj>> {
        self.lock()
            .remove(&session)
            .map(|ws| ws.objects.into_values().collect())
    }

    /// The object behind a reference (and counts as activity), or `None`.
    pub(crate) fn resolve(&self, r: &ObjectRef) -> Option<Obj> {
        let mut all = self.lock();
        let ws = all.get_mut(&r.session())?;
        let obj = ws.objects.get(&r.object())?.clone();
        ws.last_used = Instant::now();
        Some(obj)
    }

    /// The reference of `obj` in `session`: the existing one for the same object, else the
    /// next id. `None` when the websession is gone.
    pub(crate) fn register(&self, session: u64, obj: Obj) -> Option<ObjectRef> {
        let mut all = self.lock();
        let ws = all.get_mut(&session)?;
        let key = obj.key();
        if let Some(id) = ws.by_key.get(&key) {
            return Some(ObjectRef::new(session, *id));
        }
        let id = ws.next;
        ws.next += 1;
        ws.objects.insert(id, obj);
        ws.by_key.insert(key, id);
        Some(ObjectRef::new(session, id))
    }

    /// `IManagedObjectRef_release`: forgets one reference.
    /// Returns the object it named.
    pub(crate) fn release(&self, r: &ObjectRef) -> Option<Obj> {
        let mut all = self.lock();
        let ws = all.get_mut(&r.session())?;
        let obj = ws.objects.remove(&r.object())?;
        ws.by_key.remove(&obj.key());
        Some(obj)
    }

    /// Logs off every websession idle for longer than `timeout`; returns their objects.
    pub(crate) fn expire(&self, timeout: Duration) -> Vec<Obj> {
        let mut all = self.lock();
        let idle: Vec<u64> = all
            .iter()
            .filter(|(_, ws)| ws.last_used.elapsed() > timeout)
            .map(|(id, _)| *id)
            .collect();
        idle.into_iter()
            .filter_map(|id| all.remove(&id))
            .flat_map(|ws| ws.objects.into_values())
            .collect()
    }

    /// Every live object (for the watchdog's lock leases).
    pub(crate) fn live_objects(&self) -> Vec<Obj> {
        self.lock()
            .values()
            .flat_map(|ws| ws.objects.values().cloned())
            .collect()
    }
}
