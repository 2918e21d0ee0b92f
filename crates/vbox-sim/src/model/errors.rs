//! VirtualBox's error texts and result codes, in one place (reference §3, §7 and the stderr of
//! the 7.0.14 captures). Every error the simulator returns is built here.

use vbox_types::{ApiVersion, Error, MachineState, ResultCode};

/// `findMachine` by name.
pub(crate) fn machine_not_found(name: &str) -> Error {
    Error::machine_not_found(name)
}

/// `findMachine` by UUID: VirtualBox prints the UUID in braces.
pub(crate) fn machine_uuid_not_found(id: &str) -> Error {
    Error::from_code(
        ResultCode::OBJECT_NOT_FOUND,
        format!("Could not find a registered machine with UUID {{{id}}}"),
    )
}

/// `launchVMProcess` on a machine a session holds (startvm of a running machine).
pub(crate) fn locked_by_session(name: &str) -> Error {
    Error::from_code(
        ResultCode::INVALID_OBJECT_STATE,
        format!(
            "The machine '{name}' is already locked by a session (or being locked or unlocked)"
        ),
    )
}

/// `lockMachine(Write)` on a locked machine (modifyvm of a running machine); the wording
/// differs from the launch error.
pub(crate) fn locked_for_session(name: &str) -> Error {
    Error::from_code(
        ResultCode::INVALID_OBJECT_STATE,
        format!("The machine '{name}' is already locked for a session (or being unlocked)"),
    )
}

/// `unregister` of a locked machine.
pub(crate) fn unregister_locked(name: &str) -> Error {
    Error::from_code(
        ResultCode::INVALID_OBJECT_STATE,
        format!("Cannot unregister the machine '{name}' while it is locked"),
    )
}

/// `Invalid machine state: <GlobalName>`.
pub(crate) fn invalid_state(state: MachineState) -> Error {
    Error::from_code(
        ResultCode::INVALID_VM_STATE,
        format!("Invalid machine state: {}", state.global_name()),
    )
}

/// `IConsole::powerDown` in a state other than Running, Paused or Stuck.
pub(crate) fn power_down_invalid(state: MachineState) -> Error {
    Error::from_code(
        ResultCode::INVALID_VM_STATE,
        format!(
            "Invalid machine state: {} (must be Running, Paused or Stuck)",
            state.global_name()
        ),
    )
}

/// `IConsole::powerDown` of a Saved or AbortedSaved machine.
pub(crate) fn power_down_saved() -> Error {
    Error::from_code(
        ResultCode::INVALID_VM_STATE,
        "Cannot power down a saved virtual machine",
    )
}

/// `IConsole::powerDown` while the machine is already stopping.
pub(crate) fn power_down_stopping() -> Error {
    Error::from_code(
        ResultCode::INVALID_VM_STATE,
        "The virtual machine is being powered down",
    )
}

/// VBoxManage `controlvm` when no VM process (console) exists. 7.0 added the final period.
pub(crate) fn not_running(name: &str, api: ApiVersion) -> Error {
    let dot = if api >= ApiVersion::V7_0 { "." } else { "" };
    Error::from_code(
        ResultCode::INVALID_VM_STATE,
        format!("Machine '{name}' is not currently running{dot}"),
    )
}

/// `IConsole::pause` of a paused machine.
pub(crate) fn already_paused() -> Error {
    Error::from_code(ResultCode::INVALID_VM_STATE, "Already paused")
}

/// `IConsole::resume` of a machine that is not paused.
pub(crate) fn not_paused(state: MachineState) -> Error {
    Error::from_code(
        ResultCode::INVALID_VM_STATE,
        format!(
            "Cannot resume the machine as it is not paused (machine state: {})",
            state.global_name()
        ),
    )
}

/// `saveState` on a machine that is neither running nor paused.
pub(crate) fn cannot_save(state: MachineState) -> Error {
    Error::from_code(
        ResultCode::INVALID_VM_STATE,
        format!(
            "Cannot save the execution state as the machine is not running or paused (machine state: {})",
            state.global_name()
        ),
    )
}

/// Settings changes on a machine whose state forbids them (Saved).
pub(crate) fn not_mutable(state: MachineState) -> Error {
    Error::from_code(
        ResultCode::INVALID_VM_STATE,
        format!(
            "The machine is not mutable (state is {})",
            state.global_name()
        ),
    )
}

/// `createMachine`/`cloneTo` onto an existing settings file (fixture `createvm-duplicate`).
pub(crate) fn settings_exist(path: &str) -> Error {
    Error::from_code(
        ResultCode::FILE_ERROR,
        format!("Machine settings file '{path}' already exists"),
    )
}

/// `cloneTo` with `Link` but no snapshot (fixture `clonevm-linked-no-snapshot`).
pub(crate) fn linked_needs_snapshot() -> Error {
    Error::from_code(
        ResultCode::E_INVALIDARG,
        "Linked clone can only be created from a snapshot",
    )
}

/// `cloneTo` with `Link` and a mode other than MachineState.
pub(crate) fn linked_single_state() -> Error {
    Error::from_code(
        ResultCode::E_INVALIDARG,
        "Linked clone can only be created for a single machine state",
    )
}

/// A full clone of the current state of a running machine: its disks are write-locked by the
/// VM process (6.0 capture `clonevm-error-source-running`).
pub(crate) fn cannot_lock_source_media(location: &str) -> Error {
    Error::from_code(
        ResultCode::INVALID_OBJECT_STATE,
        format!("Failed to lock source media '{location}'"),
    )
}

/// `deleteConfig` of a medium that still has differencing children (linked clones): the
/// 7.0.14 capture `disks-unregistervm-base-delete-with-linked-children`.
pub(crate) fn medium_has_children(location: &str, n: usize) -> Error {
    Error::from_code(
        ResultCode::OBJECT_IN_USE,
        format!("Cannot close medium '{location}' because it has {n} child media"),
    )
}

/// `findSnapshot` by name.
pub(crate) fn snapshot_not_found(name: &str) -> Error {
    Error::from_code(
        ResultCode::OBJECT_NOT_FOUND,
        format!("Could not find a snapshot named '{name}'"),
    )
}

/// `findSnapshot` by UUID.
pub(crate) fn snapshot_uuid_not_found(id: &str) -> Error {
    Error::from_code(
        ResultCode::OBJECT_NOT_FOUND,
        format!("Could not find a snapshot with UUID {{{id}}}"),
    )
}

/// What VBoxManage prints when a machine has no snapshots at all.
pub(crate) fn no_snapshots() -> Error {
    Error::from_code(
        ResultCode::OBJECT_NOT_FOUND,
        "This machine does not have any snapshots",
    )
}

/// The launch progress fails as a VM process that dies during startup does.
pub(crate) fn start_failed(text: &str) -> Error {
    Error::from_code(ResultCode::E_FAIL, text)
}

/// Whether a launch failure is the VM process dying (VBoxSVC's "has terminated unexpectedly
/// during startup", reported by the machine) rather than a power-up the VM process refused
/// and reported through its console (the 7.2.22 capture `ctl-startvm-refused`).
pub(crate) fn start_failure_is_exit(text: &str) -> bool {
    text.contains("has terminated unexpectedly during startup")
}

/// An invalid argument with VirtualBox's E_INVALIDARG.
pub(crate) fn invalid_arg(text: impl Into<String>) -> Error {
    Error::from_code(ResultCode::E_INVALIDARG, text)
}

/// A file operation of the simulator failed.
pub(crate) fn file_error(what: &str, path: &std::path::Path, e: std::io::Error) -> Error {
    Error::from_code(
        ResultCode::FILE_ERROR,
        format!("{what} '{}': {e}", path.display()),
    )
    .with_source(e)
}

/// `IHost::createHostOnlyNetworkInterface`'s progress on a Linux host without the vboxnetadp
/// driver (real 7.2.22: E_FAIL, this text alone in the error info).
pub(crate) fn no_vboxnetctl() -> Error {
    Error::from_code(
        ResultCode::E_FAIL,
        "VBoxNetAdpCtl: Error while adding new interface: failed to open /dev/vboxnetctl: No such file or directory",
    )
}

/// `IHost::findHostNetworkInterfaceByName` of a missing interface (real 7.2.22).
pub(crate) fn no_host_interface(name: &str) -> Error {
    Error::from_code(
        ResultCode::E_INVALIDARG,
        format!("The host network interface named '{name}' could not be found"),
    )
}

/// `IHost::removeHostOnlyNetworkInterface` of an unknown id (real 7.2.22).
pub(crate) fn no_host_interface_id(id: &str) -> Error {
    Error::from_code(
        ResultCode::OBJECT_NOT_FOUND,
        format!("Host network interface with UUID {{{id}}} does not exist"),
    )
}

/// `IVirtualBox::findDHCPServerByNetworkName` of a network without one: the real 7.2.22
/// answers E_INVALIDARG without a text; VBoxManage then says the text of [`no_dhcp_text`].
pub(crate) fn no_dhcp(_network: &str) -> Error {
    Error::from_code(ResultCode::E_INVALIDARG, "")
}

/// What `dhcpserver remove|modify` prints for a network without a server (real 7.2.22).
pub(crate) fn no_dhcp_text(network: &str) -> String {
    format!("Failed to find DHCP server for network '{network}'")
}

/// `IVirtualBox::createDHCPServer` for a network that has one.
pub(crate) fn dhcp_exists(network: &str) -> Error {
    Error::from_code(
        ResultCode::E_INVALIDARG,
        format!("A DHCP server for the network '{network}' already exists"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbox_types::ErrorKind;

    #[test]
    fn texts_codes_and_kinds() {
        let e = not_running("clone a", ApiVersion::V7_0);
        assert_eq!(e.message(), "Machine 'clone a' is not currently running.");
        assert_eq!(e.kind(), ErrorKind::InvalidState);
        assert_eq!(
            not_running("x", ApiVersion::V6_1).message(),
            "Machine 'x' is not currently running"
        );
        assert_eq!(locked_by_session("a").kind(), ErrorKind::Locked);
        assert_eq!(locked_for_session("a").kind(), ErrorKind::Locked);
        assert_eq!(unregister_locked("a").kind(), ErrorKind::Locked);
        assert_eq!(medium_has_children("/d.vdi", 2).kind(), ErrorKind::InUse);
        assert_eq!(
            invalid_state(MachineState::Stuck).message(),
            "Invalid machine state: GuruMeditation"
        );
        assert_eq!(
            not_paused(MachineState::AbortedSaved).message(),
            "Cannot resume the machine as it is not paused (machine state: Aborted-Saved)"
        );
        assert_eq!(
            machine_uuid_not_found("15479a3d-8abd-41cb-9ec7-72c83f037850").code(),
            Some(ResultCode::OBJECT_NOT_FOUND)
        );
        assert_eq!(linked_needs_snapshot().kind(), ErrorKind::InvalidInput);
    }
}
