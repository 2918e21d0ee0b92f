//! Everything vboxctl shows: the printer (the only writer to stdout and stderr), tables,
//! JSON output structs, error reports and the progress spinner.
//!
//! Commands build typed rows and hand them here; nothing outside this module prints.

// The one module allowed to print (conventions 2 and 6 of the design).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod error;
mod fleet;
pub mod fleet_json;
pub mod inventory;
pub mod json;
mod printer;
mod progress;
mod table;

pub use fleet::{action_words, FleetProgress};
pub use printer::{Printer, Verbosity};
pub use table::{fields, indent, Table};
