//! A simulated VirtualBox host: the `sim://` backend of vboxctl.
//!
//! VirtualBox cannot run everywhere vboxctl is built and tested, so this crate models a host
//! closely enough that the whole product runs end to end against it: machine states and
//! their transitions per API generation, session locks with VirtualBox's error texts,
//! progress objects that take the real host's time, linked and full clones with a media
//! registry of differencing images, snapshots, and the guest properties the Guest Additions
//! publish (boot delay, `Net/Count` beacon, `Net/N` indexes that are not slots, DHCP renewal
//! gaps, stale entries after a power-off).
//!
//! State lives in a directory (see [`Sim::default_dir`]) and is shared safely by several
//! processes. Time is the wall clock in real use and tokio's clock in tests, which run under
//! `#[tokio::test(start_paused = true)]` and never sleep for real. Per-machine behaviour
//! (faults, boot delay, DHCP renewal, …) is set through extradata keys ([`keys`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), vbox_types::Error> {
//! use vbox_types::{Backend, CreateMachine, StartType};
//! let sim = vbox_sim::Sim::open("/tmp/lab")?;
//! sim.create_machine(&CreateMachine { name: "web".into(), os_type_id: Some("Ubuntu_64".into()), ..Default::default() }).await?;
//! sim.start_machine("web", StartType::Headless).await?;
//! # Ok(()) }
//! ```

mod backend;
mod clock;
mod engine;
pub mod keys;
pub mod manage;
mod model;
pub mod soap;

use engine::Engine;
pub use engine::IoCounts;
use model::{Ctx, Registry};
pub use soap::{RequestEvent, ServeOptions, SoapServer};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use vbox_types::{ApiVersion, LockType, Result};

/// Which VirtualBox the simulator pretends to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimOptions {
    /// API generation: decides state numbering, the enums that exist and version-specific
    /// texts and behaviour. Default 7.1.
    pub api: ApiVersion,
    /// `IVirtualBox.version`, also what the Guest Additions report. Default `7.1.12`.
    pub version: String,
    /// `IVirtualBox.revision`. Default 169651 (7.1.12).
    pub revision: u32,
}

impl Default for SimOptions {
    fn default() -> SimOptions {
        SimOptions {
            api: ApiVersion::V7_1,
            version: "7.1.12".to_string(),
            revision: 169_651,
        }
    }
}

impl SimOptions {
    /// The simulator as a given VirtualBox release: `6.1`, `7.0`, `7.1`, `7.2` (the newest
    /// maintenance release we know of each), a full `7.0.14`, or a distribution's build
    /// `7.2.22_Debian`. InvalidInput for anything else.
    pub fn emulating(version: &str) -> Result<SimOptions> {
        let v = version.trim();
        let bad = || {
            vbox_types::Error::new(
                vbox_types::ErrorKind::InvalidInput,
                format!("unknown VirtualBox version '{v}' (expected 6.1, 7.0, 7.1, 7.2 or a full version such as 7.0.14)"),
            )
        };
        // A distribution's build carries a suffix (`7.2.22_Debian`, `6.1.50_Ubuntu`, `_OSE`).
        let (numbers, suffix) = match v.split_once('_') {
            Some((n, s)) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()) => {
                (n, format!("_{s}"))
            }
            Some(_) => return Err(bad()),
            None => (v, String::new()),
        };
        let mut parts = numbers.split('.');
        let major: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let minor: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let build: Option<u32> = match parts.next() {
            Some(p) => Some(p.parse().map_err(|_| bad())?),
            None => None,
        };
        if parts.next().is_some() || (build.is_none() && !suffix.is_empty()) {
            return Err(bad());
        }
        // Revisions of the releases the reference and the fixtures name.
        let (default_build, revision) = match (major, minor) {
            (6, 1) => (50, 161_033),
            (7, 0) => (14, 161_095),
            (7, 1) => (12, 169_651),
            // Debian's 7.2.22, the real host of the real-host suite.
            (7, 2) => (22, 175_245),
            _ => return Err(bad()),
        };
        let api = ApiVersion::from_major_minor(major, minor).ok_or_else(bad)?;
        let build = build.unwrap_or(default_build);
        let revision = if build == default_build {
            revision
        } else {
            revision - 1
        };
        Ok(SimOptions {
            api,
            version: format!("{major}.{minor}.{build}{suffix}"),
            revision,
        })
    }
}

/// A simulated VirtualBox host on a state directory. Cheap to clone (shared state); implements
/// [`vbox_types::Backend`].
#[derive(Clone)]
pub struct Sim {
    engine: Arc<Engine>,
}

impl fmt::Debug for Sim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sim")
            .field("dir", &self.dir())
            .field("version", &self.options().version)
            .field("api", &self.options().api)
            .finish()
    }
}

impl Sim {
    /// Open the simulator on a state directory, creating it (and an empty registry) if
    /// missing, simulating VirtualBox 7.1.12.
    pub fn open(dir: impl AsRef<Path>) -> Result<Sim> {
        Sim::open_with(dir, SimOptions::default())
    }

    /// Open with explicit version options.
    pub fn open_with(dir: impl AsRef<Path>, opts: SimOptions) -> Result<Sim> {
        Ok(Sim {
            engine: Arc::new(Engine::open(dir.as_ref(), opts)?),
        })
    }

    /// The default state directory: `$VBOXCTL_SIM_DIR`, else `$XDG_STATE_HOME/vboxctl/sim`,
    /// else `~/.local/state/vboxctl/sim`.
    pub fn default_dir() -> PathBuf {
        let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        if let Some(d) = env("VBOXCTL_SIM_DIR") {
            return PathBuf::from(d);
        }
        if let Some(d) = env("XDG_STATE_HOME") {
            return PathBuf::from(d).join("vboxctl").join("sim");
        }
        let home = env("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        home.join(".local")
            .join("state")
            .join("vboxctl")
            .join("sim")
    }

    /// The state directory.
    pub fn dir(&self) -> &Path {
        self.engine.dir()
    }

    /// The simulator's clock, ms since the epoch: wall time at open plus tokio time since.
    pub fn now_ms(&self) -> i64 {
        self.engine.now_ms()
    }

    /// The version options.
    pub fn options(&self) -> &SimOptions {
        self.engine.options()
    }

    /// What this instance (and its clones, the SOAP server's included) wrote to the state
    /// directory and how many write locks it took: reads take neither, which the tests check
    /// by counting rather than timing.
    pub fn io_counts(&self) -> IoCounts {
        self.engine.io_counts()
    }

    /// The engine under every face.
    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Another client holds a session lock on the machine for `hold` (for lock-contention tests
    /// and demos). Returns once the lock is taken; it is released when `hold` has passed.
    /// Fails as `lockMachine` does when the machine is already locked (a shared lock on a
    /// running machine always succeeds and excludes nobody).
    pub async fn hold_lock(&self, name_or_id: &str, lock: LockType, hold: Duration) -> Result<()> {
        self.engine.hold_lock(name_or_id, lock, duration_ms(hold))
    }

    /// A transaction that may change the registry ([`Engine::write`]).
    fn transact<R>(&self, f: impl FnOnce(&mut Registry, &Ctx<'_>) -> Result<R>) -> Result<R> {
        self.engine.write(f)
    }

    /// A read that writes nothing ([`Engine::read`]).
    fn view<R>(&self, f: impl FnOnce(&Registry, &Ctx<'_>) -> Result<R>) -> Result<R> {
        self.engine.read(f)
    }
}

/// A duration in ms, saturating (`Duration::MAX` means "for ever", not a negative time).
pub(crate) fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis())
        .unwrap_or(i64::MAX / 4)
        .min(i64::MAX / 4)
}
