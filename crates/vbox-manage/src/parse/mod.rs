//! One module per VBoxManage command output.

pub mod appliance;
pub mod config;
pub mod errors;
pub mod guestproperty;
pub mod hdds;
pub mod hostonly;
pub mod list;
pub mod long;
pub mod ostypes;
pub mod output;
pub mod settings;
pub mod showvminfo;
pub mod snapshot;
pub mod storage;
pub mod systemproperties;
