//! `start`: headless by default; optionally wait for IP addresses afterwards.

use super::{ip, Ctx, ExitStatus};
use crate::cli::StartArgs;
use crate::output::json::{AddressJson, MachineRow, StartJson};
use crate::settings::{secs, start_options};
use anyhow::Result;
use vbox_ops::addresses::AddressQuery;

pub async fn run(ctx: &Ctx<'_>, args: &StartArgs) -> Result<ExitStatus> {
    let opts = start_options(args);
    let backend = ctx.backend().await?;
    let message = format!("Starting '{}'", args.name);
    let machine = ctx
        .waiting(message, vbox_ops::start(backend, &args.name, &opts))
        .await?;
    ctx.printer.status(format!(
        "Started '{}' ({})",
        machine.name,
        opts.start_type.as_str()
    ));
    let addresses = match args.wait_ip {
        Some(wait) => {
            Some(ip::wait_for(ctx, &args.name, &AddressQuery::default(), secs(wait)).await?)
        }
        None => None,
    };
    if ctx.json() {
        ctx.printer.json(&StartJson {
            machine: MachineRow::new(&machine),
            start_type: opts.start_type.as_str(),
            addresses: addresses
                .as_ref()
                .map(|list| list.iter().map(AddressJson::new).collect()),
        })?;
    } else if let Some(addresses) = &addresses {
        ip::print(ctx, addresses)?;
    }
    Ok(ExitStatus::Success)
}
