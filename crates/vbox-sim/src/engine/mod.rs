//! The engine: the one place that opens transactions on the model.
//!
//! The simulator has three faces — the in-process `Backend` ([`crate::Sim`]), the SOAP server
//! ([`crate::soap`]) and the VBoxManage emulator ([`crate::manage`]) — and one engine under
//! them. The engine owns the state directory ([`store`], private to it), the clock and the
//! wake-up signal of waiters, and offers two primitives and the long operations built on them:
//!
//! - [`Engine::read`] runs a closure on the registry as it is *now* and writes nothing: no
//!   write lock, no file written, unless something became due by itself (a launch completing,
//!   a guest publishing), which is then applied and saved once, as any writer would.
//! - [`Engine::write`] runs a closure that may change the registry, in one exclusive
//!   transaction: the model first advances to now, the closure acts, what changed is saved and
//!   waiters are woken.
//!
//! A face (or a new command) reads or edits the model with these two; anything that spans
//! time — a start with its launch progress, a control action, a snapshot, a clone, waiting for
//! a progress, watching guest properties, another client's session lock — is an engine
//! operation ([`lifecycle`], [`watch`], `locks`),
//! so that each is written once for all three faces.

pub(crate) mod hostonly;
pub(crate) mod lifecycle;
mod locks;
mod store;
#[cfg(test)]
mod tests;
pub(crate) mod watch;

use crate::clock::Clock;
use crate::model::{Ctx, Registry};
use crate::SimOptions;
use std::path::{Path, PathBuf};
use std::sync::Arc;
pub use store::IoCounts;
use store::Store;
use vbox_types::Result;

/// The model on its state directory, with its clock.
pub(crate) struct Engine {
    store: Store,
    clock: Arc<Clock>,
    opts: SimOptions,
    /// Bumped after every change made through this instance, to wake waiters at once.
    changed: tokio::sync::watch::Sender<u64>,
}

impl Engine {
    /// Open (creating) the state directory.
    pub(crate) fn open(dir: &Path, opts: SimOptions) -> Result<Engine> {
        let store = Store::open(dir)?;
        let floor = store.read()?.reg.clock_ms;
        let (changed, _) = tokio::sync::watch::channel(0);
        Ok(Engine {
            clock: shared_clock(store.dir(), floor),
            store,
            opts,
            changed,
        })
    }

    /// The state directory.
    pub(crate) fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// The simulator's clock, ms since the epoch.
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The version options.
    pub(crate) fn options(&self) -> &SimOptions {
        &self.opts
    }

    /// What this engine wrote and locked so far.
    pub(crate) fn io_counts(&self) -> IoCounts {
        self.store.io_counts()
    }

    /// Run `f` on the registry as it is now, writing nothing (see the module's notes).
    pub(crate) fn read<R>(&self, f: impl FnOnce(&Registry, &Ctx<'_>) -> Result<R>) -> Result<R> {
        let loaded = self.store.read()?;
        self.clock.observe(loaded.reg.clock_ms);
        let now = self.clock.now_ms();
        if loaded.reg.due(now) {
            // Something happened by itself since the last write: save it once, so that every
            // reader (in any process) sees the same event at the same time.
            return self.write(|reg, ctx| f(reg, ctx));
        }
        let ctx = Ctx {
            now,
            opts: &self.opts,
            root: self.store.dir(),
        };
        f(&loaded.reg, &ctx)
    }

    /// Run `f` on the registry in one exclusive transaction and save what it changed (even when
    /// `f` fails: a failure can leave real changes behind); waiters are woken afterwards.
    pub(crate) fn write<R>(
        &self,
        f: impl FnOnce(&mut Registry, &Ctx<'_>) -> Result<R>,
    ) -> Result<R> {
        let out = self.store.transact(|reg| {
            self.clock.observe(reg.clock_ms);
            let ctx = Ctx {
                now: self.clock.now_ms(),
                opts: &self.opts,
                root: self.store.dir(),
            };
            reg.advance(&ctx);
            f(reg, &ctx)
        });
        self.changed.send_modify(|g| *g = g.wrapping_add(1));
        out
    }

    /// A receiver woken after every change made through this engine.
    pub(crate) fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

/// One clock per state directory and process: every `Sim` opened on a directory in this
/// process reads the same time, so a second instance (a second command run in-process, a test
/// that reopens the directory) never sees a machine from the past, even under tokio's paused
/// clock. Separate processes agree through the wall clock.
fn shared_clock(dir: &Path, floor_ms: i64) -> Arc<Clock> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CLOCKS: OnceLock<Mutex<HashMap<PathBuf, Arc<Clock>>>> = OnceLock::new();
    let mut map = CLOCKS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let clock = map
        .entry(dir.to_path_buf())
        .or_insert_with(|| Arc::new(Clock::new(floor_ms)))
        .clone();
    clock.observe(floor_ms);
    clock
}
