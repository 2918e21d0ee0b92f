//! `version`: vboxctl's version, the backend, and what the host runs.

use super::{Ctx, ExitStatus};
use crate::output::{fields, json::VersionJson};
use anyhow::Result;

pub async fn run(ctx: &Ctx<'_>) -> Result<ExitStatus> {
    let describe = ctx.backend().await?.describe();
    let info = ctx.version().await?.clone();
    let out = VersionJson {
        vboxctl: env!("CARGO_PKG_VERSION"),
        backend: describe,
        virtualbox: info.version,
        revision: info.revision,
        api: info.api.as_str(),
    };
    if ctx.json() {
        ctx.printer.json(&out)?;
    } else {
        ctx.printer.data(&fields(&[
            ("vboxctl", out.vboxctl.to_string()),
            ("Backend", out.backend),
            ("VirtualBox", format!("{}r{}", out.virtualbox, out.revision)),
            ("API", out.api.to_string()),
        ]))?;
    }
    Ok(ExitStatus::Success)
}
