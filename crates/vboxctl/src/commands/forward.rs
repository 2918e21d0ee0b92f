//! `forward add|list|remove`: NAT port forwards, with Vagrant's collision rules.

use super::{Ctx, ExitStatus};
use crate::cli::{ForwardAddArgs, ForwardCommand, ForwardRemoveArgs};
use crate::output::config_json::ForwardJson;
use crate::output::Table;
use anyhow::Result;
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_types::{ForwardRemoval, ModifyMachine, PortForward};

pub async fn run(ctx: &Ctx<'_>, command: ForwardCommand) -> Result<ExitStatus> {
    match command {
        ForwardCommand::Add(args) => add(ctx, &args).await,
        ForwardCommand::List(args) => list(ctx, &args.name).await,
        ForwardCommand::Remove(args) => remove(ctx, &args).await,
    }
}

async fn add(ctx: &Ctx<'_>, args: &ForwardAddArgs) -> Result<ExitStatus> {
    let (host_port, guest_port) = args.ports;
    let forward = PortForward {
        slot: args.nic,
        // Vagrant names a forward after its protocol and guest port.
        name: args
            .rule
            .clone()
            .unwrap_or_else(|| format!("{}{guest_port}", args.protocol.manage_word())),
        protocol: args.protocol,
        host_ip: args.host_ip.clone(),
        host_port,
        guest_ip: args.guest_ip.clone(),
        guest_port,
    };
    let backend = ctx.backend().await?;
    let change = ModifyMachine {
        forwards_added: vec![forward],
        ..ModifyMachine::default()
    };
    let policy = ForwardPolicy {
        auto_correct: args.auto_correct,
        probe_local_ports: is_local(&backend.describe()),
    };
    let report = configure::modify(backend, &args.name, &change, policy).await?;
    for (asked, taken) in &report.corrected {
        ctx.printer.warning(format!(
            "host port {} of forward '{}' is taken; using {taken}",
            asked.host_port, asked.name
        ));
    }
    for f in &report.forwards {
        ctx.printer.status(format!(
            "Forwarding host port {} to guest port {} of '{}' ({})",
            f.host_port, f.guest_port, args.name, f.name
        ));
    }
    if ctx.json() {
        let rows: Vec<ForwardJson> = report.forwards.iter().map(ForwardJson::new).collect();
        ctx.printer.json(&rows)?;
    }
    Ok(ExitStatus::Success)
}

async fn list(ctx: &Ctx<'_>, name: &str) -> Result<ExitStatus> {
    let forwards = configure::forwards(ctx.backend().await?, name).await?;
    if ctx.json() {
        let rows: Vec<ForwardJson> = forwards.iter().map(ForwardJson::new).collect();
        ctx.printer.json(&rows)?;
    } else if forwards.is_empty() {
        ctx.printer.status(format!("'{name}' has no port forward"));
    } else {
        ctx.printer.table(&forward_table(&forwards))?;
    }
    Ok(ExitStatus::Success)
}

async fn remove(ctx: &Ctx<'_>, args: &ForwardRemoveArgs) -> Result<ExitStatus> {
    let backend = ctx.backend().await?;
    let known = configure::forwards(backend, &args.name).await?;
    if !known
        .iter()
        .any(|f| f.slot == args.nic && f.name == args.rule)
    {
        anyhow::bail!(crate::error::CliError::new(format!(
            "'{}' has no forward named '{}' on NIC {}",
            args.name,
            args.rule,
            args.nic + 1
        ))
        .with_hint(format!("`vboxctl forward list {}` lists them", args.name)));
    }
    let change = ModifyMachine {
        forwards_removed: vec![ForwardRemoval {
            slot: args.nic,
            name: args.rule.clone(),
        }],
        ..ModifyMachine::default()
    };
    configure::modify(backend, &args.name, &change, ForwardPolicy::default()).await?;
    ctx.printer.status(format!(
        "Removed forward '{}' of '{}'",
        args.rule, args.name
    ));
    Ok(ExitStatus::Success)
}

/// NIC (from 1), name, protocol, host address and port, guest address and port.
pub fn forward_table(forwards: &[PortForward]) -> Table {
    let mut table = Table::new(&["NIC", "NAME", "PROTO", "HOST", "GUEST"]);
    let end = |ip: &str, port: u16| {
        if ip.is_empty() {
            format!("*:{port}")
        } else {
            format!("{ip}:{port}")
        }
    };
    for f in forwards {
        table.row([
            (f.slot + 1).to_string(),
            f.name.clone(),
            f.protocol.manage_word().to_string(),
            end(&f.host_ip, f.host_port),
            end(&f.guest_ip, f.guest_port),
        ]);
    }
    table
}

/// Whether the VirtualBox host is this machine, so its host ports can be probed here (the
/// simulator's machines bind no port of this machine).
fn is_local(describe: &str) -> bool {
    ["vboxmanage://", "http://127.", "http://localhost"]
        .iter()
        .any(|p| describe.starts_with(p))
}
