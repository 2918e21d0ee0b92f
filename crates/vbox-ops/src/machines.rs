//! Reading machines: list, get, exists, adapters.

use crate::error::{check_name, Error, Result};
use vbox_types::{Backend, ErrorKind, Machine, MachineFields, NetworkAdapter};

/// Every registered machine with details, in the backend's order (registration order).
pub async fn list(backend: &dyn Backend) -> Result<Vec<Machine>> {
    backend
        .list_machines_full()
        .await
        .map_err(Error::backend("list machines on", &backend.describe()))
}

/// Every registered machine with its name, UUID, accessibility and state, and of the rest
/// only `fields`: a listing that reads only what it shows (see [`MachineFields`]).
pub async fn list_with(backend: &dyn Backend, fields: MachineFields) -> Result<Vec<Machine>> {
    backend
        .list_machines_with(fields)
        .await
        .map_err(Error::backend("list machines on", &backend.describe()))
}

/// One machine by name or UUID.
pub async fn get(backend: &dyn Backend, name: &str) -> Result<Machine> {
    check_name(name)?;
    backend
        .get_machine(name)
        .await
        .map_err(Error::backend("read", name))
}

/// Whether a machine is registered. Unlike Salt's `vb_machine_exists`, errors other than
/// "not found" (a dead backend, say) are reported instead of being read as "absent".
pub async fn exists(backend: &dyn Backend, name: &str) -> Result<bool> {
    check_name(name)?;
    match backend.get_machine(name).await {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::backend("look up", name)(e)),
    }
}

/// The machine's adapter slots, bounded by its chipset (PIIX3 8, ICH9 36). Salt iterated over
/// the sum of both maxima and swallowed the errors of slots that do not exist; the chipset
/// says exactly how many there are.
pub async fn adapters(backend: &dyn Backend, name: &str) -> Result<Vec<NetworkAdapter>> {
    let machine = get(backend, name).await?;
    let max = machine.chipset.max_network_adapters() as usize;
    Ok(machine.adapters.into_iter().take(max).collect())
}
