//! vboxctl's library facade (work in progress).
