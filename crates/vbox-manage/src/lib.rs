//! The VBoxManage backend of vboxctl: VirtualBox driven through its `VBoxManage` tool.
//!
//! Layers, bottom up: a [`runner::Runner`] runs one process (locally, over ssh, or a
//! scripted fake in tests); [`exec`] reads what it printed (warnings, error blocks, exit
//! codes, progress) and applies deadlines and retries; [`parse`] holds one parser per
//! command output, each tested on real captures in `fixtures/`; [`ManageBackend`]
//! implements [`vbox_types::Backend`] with them.

pub mod args;
mod args_config;
pub mod args_hostonly;
pub mod args_storage;
mod backend;
pub mod discover;
pub mod exec;
pub mod parse;
pub mod runner;
pub mod version;

pub use backend::{ManageBackend, ManageOptions};
