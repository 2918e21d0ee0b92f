//! Lifecycle operations over any [`vbox_types::Backend`]: Salt's VirtualBox utilities
//! (`salt/utils/virtualbox.py` and the salt-cloud driver), with their behaviour kept where users
//! rely on it and fixed where it was wrong.
//!
//! | Salt | here | what changed |
//! |---|---|---|
//! | `vb_list_machines`, `vb_get_machine`, `vb_machine_exists` | [`list`], [`get`], [`exists`] | backend errors are reported, not read as "absent" |
//! | `vb_xpcom_to_attribute_dict`, `treat_machine_dict` | [`salt::to_attribute_dict`], [`salt::treat_machine_dict`] | same semantics; `excluded` matched by name |
//! | `vb_get_network_adapters` | [`adapters`] | slot count from the chipset |
//! | `vb_get_network_addresses`, `vb_wait_for_network_address` | [`addresses`] | Salt's contract kept in `salt_*`; ours adds MAC matching, IPv6, stale rejection, events |
//! | `wait_for` | [`wait::wait_for`] | same timing semantics |
//! | `vb_create_machine`, `vb_clone_vm` | [`create`], [`clone_machine`] | OS type/memory/CPUs, linked clones, snapshots, cleanup on failure |
//! | `vb_start_vm` | [`start`] | headless; retries only lock errors |
//! | `vb_stop_vm` | [`stop`] | ACPI with escalation, power-off, save state |
//! | `vb_destroy_machine` | [`destroy`] | powers off first; never deletes another machine's disk |
//! | `list_nodes*` | [`salt::list_nodes`] … | real states on 7.x, real private/public addresses |
//! | salt-cloud `-m MAP` (`-P`) | [`fleet::plan`], [`fleet::execute`] | idempotent, bounded concurrency, one base snapshot per template, per-machine failures, interrupt without half-made machines |

pub mod addresses;
pub mod appliance;
pub mod configure;
mod error;
pub mod fleet;
pub mod hostonly;
pub mod lifecycle;
mod machines;
pub mod salt;
pub mod storage;
pub mod wait;
mod watch;

pub use error::{check_name, check_new_name, Error, Result};
pub use lifecycle::{
    clone_machine, create, destroy, pause, reset, resume, start, stop, wait_machine,
    DestroyOptions, DestroyOutcome, StartOptions, StopMode, StopOptions, StopOutcome,
};
pub use machines::{adapters, exists, get, list, list_with};
