//! The error of lifecycle operations: a kind, a one-line message naming the machine, and a
//! hint where we know what the user can do about it.

use std::time::Duration;
use vbox_types::{ErrorKind, MachineState};

/// Why an operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The machine (or snapshot) does not exist. The message is VirtualBox's own text.
    #[error("{message}")]
    NotFound {
        /// VirtualBox's text, e.g. `Could not find a registered machine named 'x'`.
        message: String,
    },
    /// The machine's state forbids the operation.
    #[error("cannot {operation} '{machine}': it is {state}")]
    InvalidState {
        /// The machine.
        machine: String,
        /// Its current state.
        state: MachineState,
        /// What was attempted (`start`, `destroy`).
        operation: &'static str,
    },
    /// A deadline passed.
    #[error("timed out after {} waiting for {what}", seconds(*waited))]
    Timeout {
        /// What we waited for, naming the machine.
        what: String,
        /// How long we waited.
        waited: Duration,
        /// What probably went wrong.
        hint: Option<String>,
    },
    /// The caller passed something invalid.
    #[error("{0}")]
    InvalidInput(String),
    /// Refused because something else depends on the object (a linked clone's parent disk).
    #[error("refusing to {operation} '{machine}': {reason}")]
    InUse {
        /// The machine.
        machine: String,
        /// What was attempted.
        operation: &'static str,
        /// Who depends on it.
        reason: String,
        /// How to proceed.
        hint: Option<String>,
    },
    /// The host cannot do this at all (VirtualBox's host-only driver is missing, a form of
    /// network only other platforms have); the source carries VirtualBox's message.
    #[error("cannot {operation} on this host")]
    HostRefused {
        /// What was attempted (`create a host-only interface`).
        operation: String,
        /// The backend's error (kind Unsupported).
        #[source]
        source: vbox_types::Error,
        /// What the user can do instead.
        hint: String,
    },
    /// The backend failed; the source carries VirtualBox's message.
    #[error("cannot {operation} '{machine}'")]
    Backend {
        /// What was attempted.
        operation: &'static str,
        /// The machine.
        machine: String,
        /// The backend's error.
        #[source]
        source: vbox_types::Error,
    },
}

impl Error {
    /// What went wrong, for exit codes, retries and JSON.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::InvalidState { .. } => ErrorKind::InvalidState,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::InUse { .. } => ErrorKind::InUse,
            Error::Backend { source, .. } | Error::HostRefused { source, .. } => source.kind(),
        }
    }

    /// What the user can do about it, when we know.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Timeout { hint, .. } | Error::InUse { hint, .. } => hint.clone(),
            Error::HostRefused { hint, .. } => Some(hint.clone()),
            Error::InvalidState { state, operation, .. } => match (*operation, state) {
                ("start", s) if s.is_online() => Some("it is already running; stop it first".into()),
                ("modify", s) if s.is_online() => Some("VirtualBox changes settings only on a stopped machine: `vboxctl stop` it first".into()),
                ("modify", MachineState::Saved) => Some("a saved machine keeps its settings: start and stop it, or discard the saved state".into()),
                ("resume", MachineState::Running) => Some("it is not paused".into()),
                ("pause", MachineState::Paused) => Some("it is already paused; `vboxctl resume` it".into()),
                ("reset", MachineState::Paused) => Some("resume it first".into()),
                (crate::lifecycle::LINKED_CLONE_OF, s) if s.is_online() => Some(
                    "it has no snapshot to link to, and one taken now would be a live one: stop it first, or take a snapshot yourself (`vboxctl snapshot take NAME base --live`) and clone from it (`--snapshot base`)".into(),
                ),
                ("pause" | "resume" | "reset", s) if !s.is_online() => Some("it is not running; start it first".into()),
                (_, s) if s.is_transient() => Some("an operation is in progress; try again when it finishes".into()),
                _ => None,
            },
            Error::Backend { source, .. } if source.kind() == ErrorKind::Locked => {
                Some("another session holds the machine (a running VM, the GUI, or another tool); try again when it is released".into())
            }
            _ => None,
        }
    }

    /// Wrap a backend error for an operation on a machine. NotFound and InvalidInput keep
    /// VirtualBox's one-line text; everything else names the operation and machine, with
    /// VirtualBox's text as the cause.
    pub fn backend<'a>(
        operation: &'static str,
        machine: &'a str,
    ) -> impl FnOnce(vbox_types::Error) -> Error + 'a {
        move |source| match source.kind() {
            ErrorKind::NotFound => Error::NotFound {
                message: source.message().to_string(),
            },
            ErrorKind::InvalidInput if machine.is_empty() => {
                Error::InvalidInput(source.message().to_string())
            }
            _ => Error::Backend {
                operation,
                machine: machine.to_string(),
                source,
            },
        }
    }
}

/// Refuse a name for a new machine that VirtualBox takes but that makes trouble, before
/// anything is made. VirtualBox (7.2.22, checked on the real host) accepts any non-empty name
/// and names the settings folder after it with every character outside letters, digits,
/// space, `( ) - . _` replaced by `_` — so `create a/b` makes the folder `a_b/`, and `a_b` and
/// `a:b` are then refused ("settings file already exists"). Refused here, as maps refuse them:
/// surrounding white space (a name that looks like another), control characters (a tab or
/// newline: invisible, and unusable in tables and inventories), and `/` or `\` (VirtualBox's
/// group separator and a path separator).
pub fn check_new_name(name: &str) -> Result<()> {
    check_name(name)?;
    let bad = name != name.trim()
        || name
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\'));
    if bad {
        return Err(Error::InvalidInput(format!(
            "illegal machine name \"{}\": no slashes, control characters or surrounding spaces",
            name.escape_debug()
        )));
    }
    Ok(())
}

/// A wait as people write it: `3s`, `2.5s`, `250ms` — never `3.003991822s`.
fn seconds(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let tenths = (ms + 50) / 100;
    match tenths % 10 {
        0 => format!("{}s", tenths / 10),
        t => format!("{}.{t}s", tenths / 10),
    }
}

/// The result type of operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Refuse empty machine names up front with a clear message (VirtualBox would answer
/// "Could not find a registered machine named ''", which reads like a bug).
pub fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::InvalidInput("machine name must not be empty".into()));
    }
    Ok(())
}
