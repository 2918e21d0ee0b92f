//! `hostonly list|create|remove`: the host's host-only networks and their DHCP servers.

use super::{Ctx, ExitStatus};
use crate::cli::{HostOnlyCommand, HostOnlyCreateArgs};
use crate::error::CliError;
use crate::output::hostonly_json::{HostNetworksJson, HostOnlyJson};
use crate::output::Table;
use anyhow::Result;
use std::net::Ipv4Addr;
use vbox_ops::hostonly;
use vbox_types::{CreateHostOnly, DhcpRange, HostNetworks};

pub async fn run(ctx: &Ctx<'_>, command: HostOnlyCommand) -> Result<ExitStatus> {
    match command {
        HostOnlyCommand::List => list(ctx).await,
        HostOnlyCommand::Create(args) => create(ctx, &args).await,
        HostOnlyCommand::Remove(args) => {
            hostonly::remove(ctx.backend().await?, &args.name).await?;
            ctx.printer
                .status(format!("Removed host-only network '{}'", args.name));
            Ok(ExitStatus::Success)
        }
    }
}

async fn list(ctx: &Ctx<'_>) -> Result<ExitStatus> {
    let networks = hostonly::list(ctx.backend().await?).await?;
    if ctx.json() {
        ctx.printer.json(&HostNetworksJson::new(&networks))?;
        return Ok(ExitStatus::Success);
    }
    if networks.host_only.is_empty() {
        ctx.printer
            .status("The host has no host-only interface or network");
    } else {
        ctx.printer.table(&host_only_table(&networks))?;
    }
    if !networks.dhcp_servers.is_empty() {
        ctx.printer.table(&dhcp_table(&networks))?;
    }
    Ok(ExitStatus::Success)
}

async fn create(ctx: &Ctx<'_>, args: &HostOnlyCreateArgs) -> Result<ExitStatus> {
    let spec = spec_of(args)?;
    let made = hostonly::create(ctx.backend().await?, &spec).await?;
    ctx.printer.status(format!(
        "Created host-only {} '{}' ({}/{})",
        made.kind, made.name, made.ipv4_address, made.ipv4_mask
    ));
    if ctx.json() {
        ctx.printer.json(&HostOnlyJson::new(&made))?;
    } else {
        ctx.printer.data(&format!("{}\n", made.name))?;
    }
    Ok(ExitStatus::Success)
}

/// The spec of the arguments: the DHCP server at .100 of the network, handing out .101 to
/// the last address but one, unless given.
fn spec_of(args: &HostOnlyCreateArgs) -> Result<CreateHostOnly> {
    let bad = |what: &str, text: &str| {
        CliError::new(format!("{what} '{text}' is not an IPv4 address"))
            .with_hint("write addresses as 192.168.56.1")
    };
    let ip: Ipv4Addr = args.ip.parse().map_err(|_| bad("--ip", &args.ip))?;
    let mask: Ipv4Addr = args
        .netmask
        .parse()
        .map_err(|_| bad("--netmask", &args.netmask))?;
    let network = u32::from(ip) & u32::from(mask);
    let broadcast = network | !u32::from(mask);
    let nth = |n: u32| Ipv4Addr::from(network.saturating_add(n)).to_string();
    let dhcp = if args.no_dhcp {
        None
    } else {
        let (lower, upper) = match &args.dhcp_range {
            Some(range) => {
                let (l, u) = range.split_once('-').ok_or_else(|| {
                    CliError::new(format!("--dhcp-range '{range}' is not FIRST-LAST"))
                        .with_hint("for example --dhcp-range 192.168.56.101-192.168.56.254")
                })?;
                (l.trim().to_string(), u.trim().to_string())
            }
            None => (
                nth(101),
                Ipv4Addr::from(broadcast.saturating_sub(1)).to_string(),
            ),
        };
        Some(DhcpRange {
            server_ip: args.dhcp_server.clone().unwrap_or_else(|| nth(100)),
            lower_ip: lower,
            upper_ip: upper,
        })
    };
    Ok(CreateHostOnly {
        kind: args.kind.map(Into::into),
        name: args.name.clone(),
        ipv4_address: args.ip.clone(),
        ipv4_mask: args.netmask.clone(),
        dhcp,
    })
}

/// Name, kind, the host's address, status and the DHCP server with its range.
fn host_only_table(n: &HostNetworks) -> Table {
    let mut table = Table::new(&["NAME", "KIND", "ADDRESS", "STATUS", "DHCP"]);
    for h in &n.host_only {
        let address = if h.ipv4_address.is_empty() {
            h.ipv4_mask.clone()
        } else {
            format!("{}/{}", h.ipv4_address, h.ipv4_mask)
        };
        table.row([
            h.name.clone(),
            h.kind.to_string(),
            address,
            h.status.clone(),
            h.dhcp_server.as_ref().map_or("-".into(), dhcp_cell),
        ]);
    }
    table
}

/// Every DHCP server: its network, address, range and whether it runs.
fn dhcp_table(n: &HostNetworks) -> Table {
    let mut table = Table::new(&["DHCP NETWORK", "SERVER", "RANGE", "ENABLED"]);
    for d in &n.dhcp_servers {
        table.row([
            d.network_name.clone(),
            d.server_ip.clone(),
            format!("{}-{}", d.lower_ip, d.upper_ip),
            if d.enabled { "yes" } else { "no" }.to_string(),
        ]);
    }
    table
}

fn dhcp_cell(d: &vbox_types::DhcpServer) -> String {
    let state = if d.enabled { "" } else { " (disabled)" };
    format!("{} {}-{}{state}", d.server_ip, d.lower_ip, d.upper_ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(ip: &str, mask: &str) -> HostOnlyCreateArgs {
        HostOnlyCreateArgs {
            kind: None,
            name: None,
            ip: ip.into(),
            netmask: mask.into(),
            dhcp_server: None,
            dhcp_range: None,
            no_dhcp: false,
        }
    }

    #[test]
    fn the_default_range_follows_the_network() {
        assert_eq!(
            spec_of(&args("192.168.56.1", "255.255.255.0")).unwrap(),
            CreateHostOnly::default()
        );
        let d = spec_of(&args("10.1.0.1", "255.255.0.0"))
            .unwrap()
            .dhcp
            .unwrap();
        assert_eq!(
            (
                d.server_ip.as_str(),
                d.lower_ip.as_str(),
                d.upper_ip.as_str()
            ),
            ("10.1.0.100", "10.1.0.101", "10.1.255.254")
        );
    }
}
