//! Lifecycle operations (work in progress).
