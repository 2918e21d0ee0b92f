//! The VBoxManage backend of vboxctl. So far: parsers of VBoxManage's output formats, each
//! tested on the real captures in `shared/fixtures/`. The backend itself (argv builders, the
//! `Runner` seam, discovery) comes next.

pub mod fixtures;
pub mod parse;
