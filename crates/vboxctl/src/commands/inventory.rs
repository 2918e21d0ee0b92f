//! `inventory`: the connected host's machines for Ansible, salt-ssh or scripts.

use super::{Ctx, ExitStatus};
use crate::cli::{InventoryArgs, InventoryFormat};
use crate::error::CliError;
use crate::output::inventory::{ansible_hostvars, ansible_list, salt_roster, InventoryHost};
use crate::output::json::AddressJson;
use anyhow::Result;
use std::collections::HashSet;
use vbox_ops::addresses::{machine_addresses, AddressFamily, AddressQuery};

pub async fn run(ctx: &Ctx<'_>, args: &InventoryArgs) -> Result<ExitStatus> {
    let only: Option<HashSet<String>> = match &args.map {
        Some(path) => {
            let map = vbox_config::Map::load(path, ctx.config()?)?;
            Some(map.machines.into_iter().map(|w| w.spec.name).collect())
        }
        None => None,
    };
    let mut hosts = gather(ctx, only.as_ref()).await?;
    if let Some(name) = &args.host {
        hosts.retain(|h| &h.name == name);
        if hosts.is_empty() {
            return Err(
                CliError::new(format!("no machine named '{name}' in the inventory"))
                    .with_hint("`vboxctl inventory --list` shows the machines")
                    .into(),
            );
        }
    }
    match args.format {
        InventoryFormat::Ansible => match &args.host {
            Some(_) => ctx.printer.json(&ansible_hostvars(&hosts[0]))?,
            None => ctx.printer.json(&ansible_list(&hosts))?,
        },
        InventoryFormat::SaltRoster => {
            let source = ctx.backend().await?.describe();
            ctx.printer.data(&salt_roster(&hosts, &source))?
        }
        InventoryFormat::Json => ctx.printer.json(&hosts)?,
    }
    Ok(ExitStatus::Success)
}

/// Every machine of the host (or of `only`), in name order, with its current addresses.
async fn gather(ctx: &Ctx<'_>, only: Option<&HashSet<String>>) -> Result<Vec<InventoryHost>> {
    let backend = ctx.backend().await?;
    let mut machines = backend.list_machines_full().await?;
    machines.retain(|m| only.is_none_or(|names| names.contains(&m.name)));
    machines.sort_by(|a, b| a.name.cmp(&b.name));
    let query = AddressQuery::default();
    let mut hosts = Vec::with_capacity(machines.len());
    for m in &machines {
        let addresses = if m.state.is_online() {
            machine_addresses(backend, m, &query).await?
        } else {
            Vec::new()
        };
        let main = addresses
            .iter()
            .filter(|a| a.family == AddressFamily::Ipv4)
            .min_by_key(|a| a.interface_index);
        let mut ip = main.map(|a| a.address.to_string());
        // A forward listens only while its machine runs.
        let forward = if m.state.is_online() {
            super::ssh_forward::ssh_endpoint(backend, m, main.map(|a| a.adapter_slot)).await?
        } else {
            None
        };
        let port = forward.map(|(host, port)| {
            ip = Some(host);
            port
        });
        hosts.push(InventoryHost {
            name: m.name.clone(),
            id: m.id.clone(),
            state: m.state.api_name(),
            groups: m.groups.iter().filter(|g| *g != "/").cloned().collect(),
            ip,
            port,
            addresses: addresses.iter().map(AddressJson::new).collect(),
        });
    }
    Ok(hosts)
}
