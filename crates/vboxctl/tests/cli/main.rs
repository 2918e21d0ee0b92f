//! End-to-end tests of the `vboxctl` binary on the simulator: one module per command group,
//! each test on its own simulated host, behaviour pinned with inline insta snapshots.

mod common;

mod appliance;
mod completions;
mod config;
mod configure;
mod connect;
mod doctor;
mod errors;
mod examples;
mod guestproperty;
mod hostonly;
mod inventory;
mod inventory_formats;
mod leftovers;
mod lifecycle;
mod machines;
mod manage;
mod names;
mod output;
mod serve;
mod snapshot;
mod states;
mod up;
mod validation;

pub use common::TestContext;
