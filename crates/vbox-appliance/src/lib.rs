//! Appliance files: OVA archives and OVF descriptors read and checked before VirtualBox
//! sees them, OVAs written (the simulator's exports), and Vagrant boxes unpacked and packed.
//!
//! Everything here works on local files; the backends see only paths on the VirtualBox host.

mod check;
pub mod ovf;
pub mod vagrant;
pub mod write;
mod xml;

pub use check::{check_file, extract, is_ovf, read_descriptor, sha256_file, DescriptorError};
pub use ovf::Ovf;
