//! A VBoxManage emulator on top of the simulator: the same command-line grammar, output
//! formats, stdout/stderr split, exit codes and error texts as the VirtualBox version it
//! emulates, over the state directory `VBOX_USER_HOME` names.

mod guestprops;
mod listing;
mod showvminfo;
mod view;
