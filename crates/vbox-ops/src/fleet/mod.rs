//! Fleets: make a set of machines match what a map asks for (`vboxctl up` / `down`).
//!
//! [`plan`] compares the wanted machines with the host and says, per machine, what has to
//! happen; [`execute`] does it, concurrently with a bound, reporting every step as an
//! [`Event`] and ending with a [`Report`] that lists every machine with its state and
//! addresses. The input is a list of [`MachineSpec`]s — one per machine, already expanded
//! from profiles and maps by whoever read the configuration (the `vbox-config` crate), so this
//! module knows nothing of files.
//!
//! The promises, and where they are kept:
//! - idempotent: running machines are left alone, and a second run reports every machine as
//!   unchanged ([`Report::changed`]);
//! - linked clones of one template are safe in parallel: its base snapshot is taken once,
//!   before the first clone, behind a per-template guard (`base.rs`);
//! - one machine's failure is reported with its cause and never stops the others;
//! - cancellation ([`Cancel`]) stops starting new work, lets in-flight clones finish (or rolls
//!   them back when their configuration fails) and leaves no half-made machine.

mod base;
mod cancel;
pub mod converge;
pub mod converge_storage;
mod event;
mod execute;
mod machine;
mod plan;
mod report;
mod spec;

pub use cancel::Cancel;
pub use event::{Event, EventKind};
pub use execute::{execute, ExecOptions};
pub use plan::{plan, plan_with, Action, Goal, Plan, PlanOptions, Step};
pub use report::{Failure, MachineReport, Outcome, Report};
pub use spec::MachineSpec;
