//! `create`: a new, registered machine.

use super::backend_error;
use super::{show::report_new, Ctx, ExitStatus};
use crate::cli::CreateArgs;
use crate::error::CliError;
use crate::settings::create_spec;
use anyhow::Result;
use vbox_types::{Backend, ErrorKind};

pub async fn run(ctx: &Ctx<'_>, args: &CreateArgs) -> Result<ExitStatus> {
    let spec = create_spec(args);
    // Everything is checked before anything is made: the name (VirtualBox takes names it
    // then stores under another folder name), the OS type against the host's list.
    vbox_ops::check_new_name(&spec.name)?;
    let backend = ctx.backend().await?;
    if let Some(id) = &spec.os_type_id {
        check_os_type(backend, id).await?;
    }
    let mut machine = vbox_ops::create(backend, &spec).await?;
    // `createvm` without an OS type makes no adapter at all, and `start --wait-ip` would then
    // wait its whole timeout.
    if !args.no_nic && vbox_ops::configure::ensure_nat_nic(backend, &machine).await? {
        machine = vbox_ops::get(backend, &machine.id).await?;
    }
    let disk = match spec.disk_mb {
        Some(mb) => format!("{mb} MB disk"),
        None => "no disk".to_string(),
    };
    let status = format!(
        "Created '{}' ({}, {} MB, {} CPU{}, {disk})",
        machine.name,
        machine.os_type_id,
        machine.memory_mb,
        machine.cpus,
        if machine.cpus == 1 { "" } else { "s" }
    );
    report_new(ctx, &machine, status).await
}

/// An OS type id must be one the host lists (case aside, as VirtualBox compares them). Real
/// VBoxManage 7.2.22 refuses an unknown one in `createvm` ("Unknown or invalid guest OS type
/// given") but takes it silently in `modifyvm`; a backend that cannot list the types leaves
/// the check to VirtualBox.
async fn check_os_type(backend: &dyn Backend, id: &str) -> Result<()> {
    let ids = match backend.list_os_type_ids().await {
        Ok(ids) => ids,
        Err(e) if e.kind() == ErrorKind::Unsupported => return Ok(()),
        Err(e) => return Err(backend_error("list the OS types of", &backend.describe())(e).into()),
    };
    if ids.iter().any(|known| known.eq_ignore_ascii_case(id)) {
        return Ok(());
    }
    let stem: String = id
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .take(4)
        .collect::<String>()
        .to_ascii_lowercase();
    let mut near: Vec<&str> = ids
        .iter()
        .filter(|known| !stem.is_empty() && known.to_ascii_lowercase().starts_with(&stem))
        .map(String::as_str)
        .take(6)
        .collect();
    if near.is_empty() {
        near = [
            "Other",
            "Other_64",
            "Ubuntu_64",
            "Debian_64",
            "Windows11_64",
        ]
        .into_iter()
        .filter(|k| ids.iter().any(|i| i == k))
        .collect();
    }
    Err(CliError::new(format!(
        "unknown OS type id '{id}' on {}",
        backend.describe()
    ))
    .with_hint(format!(
        "for example {}; `VBoxManage list ostypes` lists them all",
        near.join(", ")
    ))
    .into())
}
