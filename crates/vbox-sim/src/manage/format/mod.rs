//! Building blocks shared by the emulator's output formats: the two-form line writer that
//! mirrors VBoxManage's `SHOW_*` macros, the version differences, times as IPRT prints them,
//! the guest OS type table, and the sections of `showvminfo`.

pub(crate) mod flavor;
pub(crate) mod hardware;
pub(crate) mod hostnet;
pub(crate) mod nics;
pub(crate) mod ostype;
pub(crate) mod out;
pub(crate) mod runtime;
pub(crate) mod snapshots;
pub(crate) mod storage;
pub(crate) mod sysprops;
pub(crate) mod time;
