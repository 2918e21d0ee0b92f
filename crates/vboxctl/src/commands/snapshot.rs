//! `snapshot take|list|restore|delete`, straight to the backend.

use super::{backend_error, Ctx, ExitStatus};
use crate::cli::{SnapshotArgs, SnapshotCommand};
use crate::output::json::{time_ms, SnapshotActionJson, SnapshotJson};
use crate::output::Table;
use crate::settings::require;
use anyhow::Result;
use vbox_ops::check_name;
use vbox_types::{Backend, Snapshot, TakeSnapshot};

pub async fn run(ctx: &Ctx<'_>, command: SnapshotCommand) -> Result<ExitStatus> {
    let backend = ctx.backend().await?;
    match command {
        SnapshotCommand::Take(args) => {
            check_name(&args.name)?;
            require("snapshot name", &args.snapshot)?;
            let spec = TakeSnapshot {
                name: args.snapshot.clone(),
                description: args.description.clone(),
                live: args.live,
            };
            let message = format!("Taking snapshot '{}' of '{}'", args.snapshot, args.name);
            let snapshot = ctx
                .waiting(message, backend.take_snapshot(&args.name, &spec))
                .await
                .map_err(backend_error("take a snapshot of", &args.name))?;
            ctx.printer.status(format!(
                "Took snapshot '{}' of '{}'",
                snapshot.name, args.name
            ));
            if ctx.json() {
                ctx.printer.json(&SnapshotJson::new(&snapshot))?;
            }
        }
        SnapshotCommand::List(args) => {
            check_name(&args.name)?;
            let snapshots = backend
                .list_snapshots(&args.name)
                .await
                .map_err(backend_error("list the snapshots of", &args.name))?;
            if ctx.json() {
                let rows: Vec<SnapshotJson> = snapshots.iter().map(SnapshotJson::new).collect();
                ctx.printer.json(&rows)?;
            } else if snapshots.is_empty() {
                ctx.printer
                    .status(format!("'{}' has no snapshots", args.name));
            } else {
                ctx.printer.table(&snapshot_table(&snapshots))?;
            }
        }
        SnapshotCommand::Restore(args) => change(ctx, backend, &args, Change::Restore).await?,
        SnapshotCommand::Delete(args) => change(ctx, backend, &args, Change::Delete).await?,
    }
    Ok(ExitStatus::Success)
}

/// What `restore` and `delete` do to an existing snapshot.
#[derive(Clone, Copy)]
enum Change {
    Restore,
    Delete,
}

impl Change {
    /// (progress verb, failed operation, JSON action, done verb)
    fn words(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Change::Restore => ("Restoring", "restore a snapshot of", "restored", "Restored"),
            Change::Delete => ("Deleting", "delete a snapshot of", "deleted", "Deleted"),
        }
    }
}

async fn change(
    ctx: &Ctx<'_>,
    backend: &dyn Backend,
    args: &SnapshotArgs,
    what: Change,
) -> Result<()> {
    check_name(&args.name)?;
    require("snapshot name", &args.snapshot)?;
    let (doing, operation, action, done) = what.words();
    let (name, snapshot) = (args.name.as_str(), args.snapshot.as_str());
    let message = format!("{doing} snapshot '{snapshot}' of '{name}'");
    let result = match what {
        Change::Restore => {
            ctx.waiting(message, backend.restore_snapshot(name, snapshot))
                .await
        }
        Change::Delete => {
            ctx.waiting(message, backend.delete_snapshot(name, snapshot))
                .await
        }
    };
    result.map_err(backend_error(operation, name))?;
    ctx.printer
        .status(format!("{done} snapshot '{snapshot}' of '{name}'"));
    if ctx.json() {
        ctx.printer.json(&SnapshotActionJson {
            machine: name.to_string(),
            snapshot: snapshot.to_string(),
            action,
        })?;
    }
    Ok(())
}

/// The snapshot tree: names indented by depth, `*` after the current one.
pub fn snapshot_table(snapshots: &[Snapshot]) -> Table {
    let mut table = Table::new(&["NAME", "TAKEN", "ID"]);
    for s in snapshots {
        let current = if s.current { " *" } else { "" };
        let indent = "  ".repeat(s.depth as usize);
        table.row([
            format!("{indent}{}{current}", s.name),
            time_ms(s.taken_ms).unwrap_or_default(),
            s.id.clone(),
        ]);
    }
    table
}
