//! `extradata get|set`, straight to the backend. The simulator reads its knobs from here
//! (`VBoxSim/BootDelayMs`, …).

use super::{backend_error, Ctx, ExitStatus};
use crate::cli::ExtradataCommand;
use crate::error::CliError;
use crate::output::json::KeyValueJson;
use crate::settings::require;
use anyhow::Result;
use vbox_ops::check_name;

pub async fn run(ctx: &Ctx<'_>, command: ExtradataCommand) -> Result<ExitStatus> {
    let backend = ctx.backend().await?;
    match command {
        ExtradataCommand::Get(args) => {
            check_name(&args.name)?;
            require("extradata key", &args.key)?;
            let value = backend
                .get_extradata(&args.name, &args.key)
                .await
                .map_err(backend_error("read the extradata of", &args.name))?
                .ok_or_else(|| {
                    CliError::new(format!(
                        "extradata '{}' is not set on '{}'",
                        args.key, args.name
                    ))
                })?;
            if ctx.json() {
                ctx.printer.json(&KeyValueJson {
                    machine: args.name,
                    key: args.key,
                    value: Some(value),
                })?;
            } else {
                ctx.printer.data(&value)?;
            }
            Ok(ExitStatus::Success)
        }
        ExtradataCommand::Set(args) => {
            check_name(&args.name)?;
            require("extradata key", &args.key)?;
            backend
                .set_extradata(&args.name, &args.key, args.value.as_deref())
                .await
                .map_err(backend_error("set the extradata of", &args.name))?;
            ctx.report_set("extradata", &args.name, &args.key, args.value.as_deref())
        }
    }
}
