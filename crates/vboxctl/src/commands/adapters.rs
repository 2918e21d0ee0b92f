//! `adapters`: a machine's network adapter slots.

use super::{Ctx, ExitStatus};
use crate::cli::AdaptersArgs;
use crate::output::{json::AdapterJson, Table};
use anyhow::Result;
use vbox_types::NetworkAdapter;

pub async fn run(ctx: &Ctx<'_>, args: &AdaptersArgs) -> Result<ExitStatus> {
    let adapters = vbox_ops::adapters(ctx.backend().await?, &args.name).await?;
    let shown: Vec<&NetworkAdapter> = adapters.iter().filter(|a| args.all || a.enabled).collect();
    if ctx.json() {
        let rows: Vec<AdapterJson> = shown.into_iter().map(AdapterJson::new).collect();
        ctx.printer.json(&rows)?;
    } else if shown.is_empty() {
        ctx.printer
            .status(format!("'{}' has no enabled network adapter", args.name));
    } else {
        ctx.printer.table(&adapter_table(shown))?;
    }
    Ok(ExitStatus::Success)
}

/// Slot (0-based, as `ip --interface` takes it), card, attachment, network, MAC, cable.
pub fn adapter_table<'a>(adapters: impl IntoIterator<Item = &'a NetworkAdapter>) -> Table {
    let mut table = Table::new(&["SLOT", "TYPE", "ATTACHMENT", "NETWORK", "MAC", "CABLE"]);
    for a in adapters {
        let attachment = if a.enabled {
            a.attachment.api_name()
        } else {
            "disabled"
        };
        table.row([
            a.slot.to_string(),
            a.adapter_type.api_name().to_string(),
            attachment.to_string(),
            a.network_name().to_string(),
            a.mac_address.clone(),
            if a.cable_connected {
                "connected"
            } else {
                "unplugged"
            }
            .to_string(),
        ]);
    }
    table
}
