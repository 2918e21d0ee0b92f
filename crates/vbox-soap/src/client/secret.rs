//! A password that never prints: the same type from the file or environment it is read from
//! to this logon call (`vbox_types::Secret`).

pub use vbox_types::Secret;
