//! `import`: an appliance or a Vagrant box as a new machine, or `--dry-run` to see what it
//! would make.

use super::{show::report_new, Ctx, ExitStatus};
use crate::cli::{ImportArgs, MacsArg, OutputFormat};
use crate::output::appliance::{dry_run_text, ApplianceProgress, DryRunJson};
use anyhow::{Context, Result};
use std::future::Future;
use std::path::Path;
use vbox_types::{CancelToken, ImportAppliance, MacPolicy, Watch};

/// The policy a `--macs` value names.
pub fn mac_policy(arg: MacsArg) -> MacPolicy {
    match arg {
        MacsArg::Fresh => MacPolicy::Fresh,
        MacsArg::KeepNat => MacPolicy::KeepNat,
        MacsArg::KeepAll => MacPolicy::KeepAll,
    }
}

/// `path` made absolute: VirtualBox resolves a relative path against its own working
/// folder (VBoxSVC's, or the chroot's `/` on the real-host harness), not ours.
pub fn absolute(path: &Path) -> Result<String> {
    let abs = std::path::absolute(path)
        .with_context(|| format!("cannot resolve '{}'", path.display()))?;
    Ok(abs.display().to_string())
}

pub async fn run(ctx: &Ctx<'_>, args: &ImportArgs) -> Result<ExitStatus> {
    let spec = ImportAppliance {
        path: absolute(&args.file)?,
        name: args.name.clone(),
        memory_mb: args.memory,
        cpus: args.cpus,
        base_folder: args.base_folder.as_deref().map(absolute).transpose()?,
        macs: mac_policy(args.macs),
    };
    let backend = ctx.backend().await?;
    if args.dry_run {
        let info = vbox_ops::appliance::read_appliance(backend, &spec).await?;
        if ctx.json() {
            ctx.printer.json(&DryRunJson {
                file: &spec.path,
                info: &info,
            })?;
        } else {
            ctx.printer.data(&dry_run_text(&info))?;
        }
        return Ok(ExitStatus::Success);
    }
    let Some((result, progress)) = watched(ctx, "import", &spec.path, |watch| {
        vbox_ops::appliance::import(backend, &spec, watch)
    })
    .await
    else {
        return Ok(ExitStatus::Interrupted);
    };
    let machine = match result {
        Ok(m) => m,
        Err(e) => {
            progress.finish(None);
            return Err(e.into());
        }
    };
    progress.finish(Some(&machine.name));
    let status = format!("Imported '{}' from '{}'", machine.name, args.file.display());
    if progress.is_ndjson() {
        ctx.printer.status(status);
        return Ok(ExitStatus::Success);
    }
    report_new(ctx, &machine, status).await
}

/// Runs an import or export (`operation`, of `file`) under its progress display (bar,
/// lines or NDJSON events). A Ctrl-C asks it to cancel — VirtualBox's progress is cancelled
/// and what it made is undone (a VBoxManage child in the foreground hears the same Ctrl-C and
/// cancels its progress itself) — and waits for it to end; then `None`, after saying so.
pub async fn watched<T, Fut>(
    ctx: &Ctx<'_>,
    operation: &'static str,
    file: &str,
    run: impl FnOnce(Watch) -> Fut,
) -> Option<(T, ApplianceProgress)>
where
    Fut: Future<Output = T>,
{
    let ndjson = ctx.settings.format == OutputFormat::Ndjson;
    let progress = ctx.printer.appliance_progress(operation, file, ndjson);
    let watch = Watch {
        progress: progress.listener(),
        cancel: CancelToken::default(),
    };
    let cancel = watch.cancel.clone();
    let running = run(watch);
    tokio::pin!(running);
    tokio::select! {
        done = &mut running => Some((done, progress)),
        _ = tokio::signal::ctrl_c() => {
            cancel.cancel();
            ctx.printer.status("Cancelling …");
            let _ = running.await;
            progress.finish(None);
            ctx.printer.status(format!("Cancelled: VirtualBox's {operation} was stopped and undone"));
            None
        }
    }
}
