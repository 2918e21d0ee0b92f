//! Shared folders: permanent ones in the settings (`IMachine.createSharedFolder`, needs the
//! write lock) and transient ones of a run (`IConsole.createSharedFolder`, needs the VM
//! process). The texts are the real 7.2.22 host's (fixtures/vboxmanage-7.2.22/config/).

use super::machine::MachineRecord;
use super::{errors, session, Ctx};
use std::path::Path;
use vbox_types::{Error, ErrorKind, Result, ResultCode, SharedFolder};

/// The host path must exist ("RTPathQueryInfo failed on shared folder path '…':
/// VERR_FILE_NOT_FOUND", NS_ERROR_INVALID_ARG).
fn check_path(path: &str) -> Result<()> {
    if !Path::new(path).exists() {
        return Err(errors::invalid_arg(format!(
            "RTPathQueryInfo failed on shared folder path '{path}': VERR_FILE_NOT_FOUND"
        )));
    }
    Ok(())
}

fn exists(name: &str) -> Error {
    Error::from_code(
        ResultCode::OBJECT_IN_USE,
        format!("Shared folder named '{name}' already exists"),
    )
}

fn missing(name: &str) -> Error {
    Error::from_code(
        ResultCode::OBJECT_NOT_FOUND,
        format!("Could not find a shared folder named '{name}'"),
    )
}

/// `sharedfolder add --transient` of a machine without a VM process (VBoxManage's own text).
pub(crate) fn not_running(m: &MachineRecord) -> Error {
    Error::new(
        ErrorKind::InvalidState,
        format!("Machine '{}' is not currently running.", m.name),
    )
}

/// Add `share` (permanent or transient, as it says).
pub(crate) fn add(m: &mut MachineRecord, share: &SharedFolder, ctx: &Ctx<'_>) -> Result<()> {
    let mut share = share.clone();
    if share.transient {
        let Some(run) = m.run.as_mut() else {
            return Err(not_running(m));
        };
        check_path(&share.host_path)?;
        if run.transient_shares.iter().any(|s| s.name == share.name) {
            return Err(exists(&share.name));
        }
        run.transient_shares.push(share);
        return Ok(());
    }
    session::check_write(m, ctx.now)?;
    check_path(&share.host_path)?;
    let shares = &mut m.hw.config.shares;
    if shares.iter().any(|s| s.name == share.name) {
        return Err(exists(&share.name));
    }
    share.transient = false;
    shares.push(share);
    Ok(())
}

/// Remove the share `name` (of the run when `transient`).
pub(crate) fn remove(
    m: &mut MachineRecord,
    name: &str,
    transient: bool,
    ctx: &Ctx<'_>,
) -> Result<()> {
    let shares = if transient {
        match m.run.as_mut() {
            Some(run) => &mut run.transient_shares,
            None => return Err(not_running(m)),
        }
    } else {
        session::check_write(m, ctx.now)?;
        &mut m.hw.config.shares
    };
    let before = shares.len();
    shares.retain(|s| s.name != name);
    if shares.len() == before {
        return Err(missing(name));
    }
    Ok(())
}

/// Every share: the settings', then the run's.
pub(crate) fn list(m: &MachineRecord) -> Vec<SharedFolder> {
    let mut out = m.hw.config.shares.clone();
    if let Some(run) = &m.run {
        out.extend(run.transient_shares.iter().cloned());
    }
    out
}
