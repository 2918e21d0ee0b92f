//! `clone`: full or linked, from the current state or a snapshot.

use super::{show::report_new, Ctx, ExitStatus};
use crate::cli::CloneArgs;
use crate::settings::clone_spec;
use anyhow::Result;

pub async fn run(ctx: &Ctx<'_>, args: &CloneArgs) -> Result<ExitStatus> {
    let spec = clone_spec(args);
    vbox_ops::check_new_name(&spec.name)?;
    let backend = ctx.backend().await?;
    let message = format!("Cloning '{}' to '{}'", spec.source, spec.name);
    let machine = ctx
        .waiting(message, vbox_ops::clone_machine(backend, &spec))
        .await
        .map_err(|err| match err {
            // A missing snapshot comes back as VirtualBox's bare "Could not find a snapshot
            // named 'x'"; say which machine it was looked up in.
            vbox_ops::Error::NotFound { ref message } if !message.contains(&spec.source) => {
                anyhow::Error::new(err).context(format!("cannot clone '{}'", spec.source))
            }
            err => err.into(),
        })?;
    let kind = if spec.is_linked() { "linked" } else { "full" };
    let from = match &spec.snapshot {
        Some(snapshot) => format!(", snapshot '{snapshot}'"),
        None => String::new(),
    };
    let status = format!(
        "Cloned '{}' to '{}' ({kind}, {}{from})",
        spec.source,
        machine.name,
        spec.mode.manage_word()
    );
    report_new(ctx, &machine, status).await
}
