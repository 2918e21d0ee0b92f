//! One module per VBoxManage command output.

pub mod errors;
pub mod guestproperty;
pub mod list;
pub mod showvminfo;
pub mod snapshot;
pub mod systemproperties;
