//! `exists`: the answer is the exit status; JSON on request.

use super::{Ctx, ExitStatus};
use crate::output::json::ExistsJson;
use anyhow::Result;

pub async fn run(ctx: &Ctx<'_>, name: &str) -> Result<ExitStatus> {
    let exists = vbox_ops::exists(ctx.backend().await?, name).await?;
    if ctx.json() {
        ctx.printer.json(&ExistsJson {
            name: name.to_string(),
            exists,
        })?;
    }
    Ok(if exists {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
