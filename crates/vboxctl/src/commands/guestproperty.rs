//! `guestproperty get|set|unset|enumerate|wait`, straight to the backend.

use super::{backend_error, Ctx, ExitStatus};
use crate::cli::{GuestPropertyCommand, PropertyWaitArgs};
use crate::error::CliError;
use crate::output::json::{time_ns, GuestPropertyJson, PropertyChangeJson};
use crate::output::Table;
use crate::settings::{require, secs};
use anyhow::Result;
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::time::{sleep, Instant};
use vbox_ops::check_name;
use vbox_types::{Backend, GuestProperty, GuestPropertyChange};

/// How often properties are re-read when the backend cannot wait on events.
const POLL_STEP: Duration = Duration::from_millis(250);

pub async fn run(ctx: &Ctx<'_>, command: GuestPropertyCommand) -> Result<ExitStatus> {
    let backend = ctx.backend().await?;
    match command {
        GuestPropertyCommand::Get(args) => {
            check_name(&args.name)?;
            require("property name", &args.property)?;
            let property = backend
                .get_guest_property(&args.name, &args.property)
                .await
                .map_err(backend_error("read guest properties of", &args.name))?
                .ok_or_else(|| {
                    CliError::new(format!(
                        "guest property '{}' is not set on '{}'",
                        args.property, args.name
                    ))
                })?;
            if ctx.json() {
                ctx.printer.json(&GuestPropertyJson::new(&property))?;
            } else {
                ctx.printer.data(&property.value)?;
            }
            Ok(ExitStatus::Success)
        }
        GuestPropertyCommand::Set(args) => {
            set(
                ctx,
                backend,
                &args.name,
                &args.property,
                args.value.as_deref(),
                args.flags.as_deref(),
            )
            .await
        }
        GuestPropertyCommand::Unset(args) => {
            set(ctx, backend, &args.name, &args.property, None, None).await
        }
        GuestPropertyCommand::Enumerate(args) => {
            check_name(&args.name)?;
            let properties = enumerate(backend, &args.name, &args.patterns).await?;
            if ctx.json() {
                let rows: Vec<GuestPropertyJson> =
                    properties.iter().map(GuestPropertyJson::new).collect();
                ctx.printer.json(&rows)?;
            } else if properties.is_empty() {
                ctx.printer
                    .status(format!("'{}' has no matching guest property", args.name));
            } else {
                let mut table = Table::new(&["NAME", "VALUE", "TIMESTAMP", "FLAGS"]);
                for p in &properties {
                    let stamp = time_ns(p.timestamp_ns).unwrap_or_default();
                    table.row([p.name.clone(), p.value.clone(), stamp, p.flags.clone()]);
                }
                ctx.printer.table(&table)?;
            }
            Ok(ExitStatus::Success)
        }
        GuestPropertyCommand::Wait(args) => {
            check_name(&args.name)?;
            let message = format!("Waiting for a guest property of '{}' to change", args.name);
            let change = ctx.waiting(message, wait(backend, &args)).await?;
            if ctx.json() {
                ctx.printer.json(&PropertyChangeJson::new(&change))?;
            } else {
                let mut table = Table::new(&["NAME", "VALUE", "FLAGS"]);
                let value = if change.deleted {
                    "(deleted)".to_string()
                } else {
                    change.value.clone()
                };
                table.row([change.name.clone(), value, change.flags.clone()]);
                ctx.printer.table(&table)?;
            }
            Ok(ExitStatus::Success)
        }
    }
}

async fn set(
    ctx: &Ctx<'_>,
    backend: &dyn Backend,
    name: &str,
    property: &str,
    value: Option<&str>,
    flags: Option<&str>,
) -> Result<ExitStatus> {
    check_name(name)?;
    require("property name", property)?;
    backend
        .set_guest_property(name, property, value, flags)
        .await
        .map_err(backend_error("set guest properties of", name))?;
    ctx.report_set("guest property", name, property, value)
}

async fn enumerate(
    backend: &dyn Backend,
    name: &str,
    patterns: &str,
) -> Result<Vec<GuestProperty>> {
    Ok(backend
        .enumerate_guest_properties(name, patterns)
        .await
        .map_err(backend_error("read guest properties of", name))?)
}

/// The first change of a property matching the patterns: by event where the backend has
/// them, else by comparing enumerations every [`POLL_STEP`].
async fn wait(backend: &dyn Backend, args: &PropertyWaitArgs) -> Result<GuestPropertyChange> {
    let timeout = secs(args.timeout);
    let change = if backend.capabilities().event_wait {
        backend
            .wait_guest_property(&args.name, &args.patterns, timeout)
            .await
            .map_err(backend_error("wait for guest properties of", &args.name))?
    } else {
        poll(backend, &args.name, &args.patterns, timeout).await?
    };
    change.ok_or_else(|| {
        CliError::new(format!(
            "timed out after {}s waiting for a guest property of '{}' matching '{}' to change",
            args.timeout, args.name, args.patterns
        ))
        .with_hint("raise `--timeout`, or check that the guest writes the property")
        .into()
    })
}

async fn poll(
    backend: &dyn Backend,
    name: &str,
    patterns: &str,
    timeout: Duration,
) -> Result<Option<GuestPropertyChange>> {
    let deadline = Instant::now() + timeout;
    let index = |props: Vec<GuestProperty>| -> BTreeMap<String, GuestProperty> {
        props.into_iter().map(|p| (p.name.clone(), p)).collect()
    };
    let before = index(enumerate(backend, name, patterns).await?);
    while Instant::now() < deadline {
        sleep(POLL_STEP.min(deadline - Instant::now())).await;
        let now = index(enumerate(backend, name, patterns).await?);
        // A poll does not know the API version: a deletion is reported as one.
        if let Some((_, change)) = vbox_types::guest_property_changes(&before, &now, true)
            .into_iter()
            .next()
        {
            return Ok(Some(change));
        }
    }
    Ok(None)
}
