//! A simulated VirtualBox host (work in progress).
