//! `create`: a new, registered machine.

use super::{show::report_new, Ctx, ExitStatus};
use crate::cli::CreateArgs;
use crate::settings::create_spec;
use anyhow::Result;

pub async fn run(ctx: &Ctx<'_>, args: &CreateArgs) -> Result<ExitStatus> {
    let spec = create_spec(args);
    let machine = vbox_ops::create(ctx.backend().await?, &spec).await?;
    let status = format!(
        "Created '{}' ({}, {} MB, {} CPU{})",
        machine.name,
        machine.os_type_id,
        machine.memory_mb,
        machine.cpus,
        if machine.cpus == 1 { "" } else { "s" }
    );
    report_new(ctx, &machine, status).await
}
