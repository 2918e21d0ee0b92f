//! vboxctl (work in progress).
fn main() {}
