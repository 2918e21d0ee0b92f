//! `vboxmanage-sim`: a VBoxManage that drives the simulator instead of VirtualBox. It reads
//! `VBOX_USER_HOME` (the state directory) and `VBOXCTL_SIM_VERSION` (the VirtualBox version
//! to be, default 7.1) and behaves like that version's VBoxManage; see `vbox_sim::manage`.

fn main() -> std::process::ExitCode {
    vbox_sim::manage::main()
}
