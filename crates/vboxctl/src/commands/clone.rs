//! `clone`: full or linked, from the current state or a snapshot.

use super::{show::report_new, Ctx, ExitStatus};
use crate::cli::CloneArgs;
use crate::error::CliError;
use crate::settings::clone_spec;
use anyhow::Result;
use vbox_types::Backend;

pub async fn run(ctx: &Ctx<'_>, args: &CloneArgs) -> Result<ExitStatus> {
    let spec = clone_spec(args);
    vbox_ops::check_new_name(&spec.name)?;
    let backend = ctx.backend().await?;
    if spec.is_linked() && spec.snapshot.is_none() {
        refuse_live_base(backend, &spec.source).await?;
    }
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

/// A linked clone links to a snapshot. Of a template without one that is running, the base
/// snapshot would be taken live — a copy of a disk in use, as after a power cut — without a
/// word; it is refused instead, saying what to do.
async fn refuse_live_base(backend: &dyn Backend, source: &str) -> Result<()> {
    let template = vbox_ops::get(backend, source).await?;
    if template.current_snapshot.is_none() && template.state.is_online() {
        let word = super::ip::shell_word(&template.name);
        return Err(CliError::new(format!(
            "cannot make a linked clone of '{}': it is {} and has no snapshot to link to, and a snapshot taken now would be a live one",
            template.name, template.state
        ))
        .with_hint(format!(
            "stop it first (`vboxctl stop {word}`), or take a snapshot yourself and pass it (`vboxctl snapshot take {word} base --live`, then `--snapshot base`)"
        ))
        .into());
    }
    Ok(())
}
