//! Lifecycle operations: create, clone, start, stop, destroy, and waiting on a machine's state.
//!
//! Every operation takes an explicit timeout and says what happens when it expires. Only
//! retryable errors (a session lock held by someone else, "the object is not ready") are
//! retried, with backoff, until that deadline.

mod control;
mod create;
mod destroy;
mod power;

pub use control::{pause, reset, resume};
pub(crate) use create::{base_snapshot, LINKED_CLONE_OF};
pub use create::{clone_machine, create, LINKED_BASE_SNAPSHOT};
pub use destroy::{destroy, DestroyOptions, DestroyOutcome};
pub use power::{start, stop, wait_machine, StartOptions, StopMode, StopOptions, StopOutcome};
