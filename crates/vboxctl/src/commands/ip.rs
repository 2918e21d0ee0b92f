//! `ip`: a machine's addresses, from the guest properties its Guest Additions publish.

use super::{Ctx, ExitStatus};
use crate::cli::IpArgs;
use crate::error::CliError;
use crate::output::json::AddressJson;
use crate::settings::{address_query, secs};
use anyhow::Result;
use std::time::Duration;
use vbox_ops::addresses::{
    probe_addresses, wait_for_addresses, AddressQuery, GuestAddress, NotReady,
};

pub async fn run(ctx: &Ctx<'_>, args: &IpArgs) -> Result<ExitStatus> {
    let query = address_query(args);
    let found = match args.wait {
        Some(wait) => wait_for(ctx, &args.name, &query, secs(wait)).await,
        None => probe_addresses(ctx.backend().await?, &args.name, &query)
            .await?
            .map_err(|reason| not_ready(&args.name, args.interface, reason).into()),
    };
    match found {
        Ok(addresses) => {
            print(ctx, &addresses)?;
            Ok(ExitStatus::Success)
        }
        Err(err) => {
            // "No address (yet)" still gives JSON readers a document; the exit status and
            // stderr say why. Other failures (an unknown machine) print nothing.
            let none_yet = err.is::<CliError>()
                || matches!(err.downcast_ref(), Some(vbox_ops::Error::Timeout { .. }));
            if ctx.json() && none_yet {
                ctx.printer.json(&Vec::<AddressJson>::new())?;
            }
            Err(err)
        }
    }
}

/// Wait for addresses with a spinner; on expiry the error carries vbox-ops' hint (no Guest
/// Additions, no interface, stale values).
pub async fn wait_for(
    ctx: &Ctx<'_>,
    name: &str,
    query: &AddressQuery,
    timeout: Duration,
) -> Result<Vec<GuestAddress>> {
    let message = format!(
        "Waiting up to {} for an IP address of '{name}'",
        crate::output::duration(timeout)
    );
    let backend = ctx.backend().await?;
    Ok(ctx
        .waiting(message, wait_for_addresses(backend, name, query, timeout))
        .await?)
}

/// Addresses one per line, or the JSON array.
pub fn print(ctx: &Ctx<'_>, addresses: &[GuestAddress]) -> Result<()> {
    if ctx.json() {
        let rows: Vec<AddressJson> = addresses.iter().map(AddressJson::new).collect();
        ctx.printer.json(&rows)?;
    } else {
        ctx.printer.lines(addresses.iter().map(|a| a.address))?;
    }
    Ok(())
}

/// A machine name as it must be typed in a shell: bare when plain, else single-quoted, after
/// `--` when it starts with `-`.
pub fn shell_word(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.:@%+,".contains(c));
    let word = if plain {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    };
    if name.starts_with('-') {
        format!("-- {word}")
    } else {
        word
    }
}

/// Why a single look found nothing, with what to do about it.
fn not_ready(name: &str, slot: Option<u32>, reason: NotReady) -> CliError {
    let none = || CliError::new(format!("'{name}' reports no IP address"));
    let wait = "addresses appear once the guest has booted; wait for them with `--wait SECS`";
    match (reason, slot) {
        (NotReady::NotRunning(state), _) => {
            CliError::new(format!("'{name}' is {state}, so it has no IP address")).with_hint(
                format!(
                    "start it first, e.g. with `vboxctl start {} --wait-ip 120`",
                    shell_word(name)
                ),
            )
        }
        (NotReady::PatternUnset(property), _) => {
            CliError::new(format!("'{name}' has not set guest property '{property}' yet"))
                .with_hint(wait)
        }
        (NotReady::NoGuestAdditions, _) => none().with_hint(
            "the Guest Additions are not running in the guest (yet); while it boots, wait with `--wait SECS`",
        ),
        (NotReady::Stale, _) => none().with_hint(
            "only addresses from a previous boot are published; wait with `--wait SECS`",
        ),
        (NotReady::NoAddress, Some(slot)) => {
            CliError::new(format!("'{name}' reports no IP address on adapter slot {slot}"))
                .with_hint(format!(
                    "`vboxctl adapters {0}` lists the slots, `vboxctl ip {0}` every address",
                    shell_word(name)
                ))
        }
        (NotReady::NoCount | NotReady::NoAddress, _) => none().with_hint(wait),
    }
}
