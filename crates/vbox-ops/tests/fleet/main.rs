//! `up` / `down` of a fleet on the in-process simulator, with its real-host durations (clone
//! 40 ms, launch 800 ms, 20 s of boot before the Guest Additions publish the DHCP address) on
//! tokio's paused clock.

mod down;
mod faults;
mod support;
mod timing;
mod up;
