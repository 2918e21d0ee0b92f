//! `destroy`: power off, unregister, delete the disks that belong to the machine alone.

use super::{Ctx, ExitStatus};
use crate::cli::DestroyArgs;
use crate::output::json::{DestroyJson, MediumJson};
use crate::settings::destroy_options;
use anyhow::Result;

pub async fn run(ctx: &Ctx<'_>, args: &DestroyArgs) -> Result<ExitStatus> {
    let opts = destroy_options(args);
    let backend = ctx.backend().await?;
    let message = format!("Destroying '{}'", args.name);
    let outcome = ctx
        .waiting(message, vbox_ops::destroy(backend, &args.name, &opts))
        .await?;
    if outcome.powered_off {
        ctx.printer
            .status(format!("Powered off '{}' first", args.name));
    }
    for medium in &outcome.deleted_media {
        ctx.printer
            .status(format!("Deleted disk {}", medium.location));
    }
    for medium in &outcome.kept_media {
        ctx.printer.status(format!("Kept disk {}", medium.location));
    }
    ctx.printer.status(format!("Destroyed '{}'", args.name));
    if ctx.json() {
        ctx.printer.json(&DestroyJson {
            name: args.name.clone(),
            powered_off: outcome.powered_off,
            deleted_media: outcome.deleted_media.iter().map(MediumJson::new).collect(),
            kept_media: outcome.kept_media.iter().map(MediumJson::new).collect(),
        })?;
    }
    Ok(ExitStatus::Success)
}
