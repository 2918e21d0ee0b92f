//! Appliances through `VBoxManage import` and `export`.
//!
//! | Operation | VBoxManage calls |
//! |---|---|
//! | `read_appliance` | `import <file> --dry-run [--options …] [--vsys 0 --vmname … --memory … --cpus … --basefolder …]` |
//! | `import_appliance` | the dry run when no name is given (to learn VirtualBox's suggestion), `list vms`, `import <file> …` with the name, `showvminfo`; after a failure `list vms` and `unregistervm --delete` of a machine of that name the import registered |
//! | `export_appliance` | `export <vm>… --output <file> [--ovf20] [--manifest] [--options nomacs\|nomacsbutnat] [--vsys N --product … --vendor … --version …]` |
//!
//! VBoxManage prints two progress runs for an import (reading the appliance, then the
//! import) and only percentages; the descriptions given to the caller name the run.

use super::ManageBackend;
use crate::args::{self, Argv, Delete};
use crate::exec::CallOptions;
use crate::parse::{appliance::parse_import, list::parse_list_vms};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use vbox_types::{
    ApplianceInfo, Error, ErrorKind, ExportAppliance, ImportAppliance, MacPolicy, Machine,
    OperationProgress, OvfVersion, ProgressFn, Result, Watch,
};

/// The argument vector of an import (a dry run when `dry_run`).
pub fn import_argv(spec: &ImportAppliance, dry_run: bool) -> Result<Vec<String>> {
    if spec.path.is_empty() || spec.path.starts_with('-') {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("'{}' is not an appliance path", spec.path),
        ));
    }
    let mut argv = Argv::new(&["import"]).arg(&spec.path);
    if dry_run {
        argv = argv.arg("--dry-run");
    }
    match spec.macs {
        MacPolicy::Fresh => {}
        MacPolicy::KeepNat => argv = argv.opt("--options", "keepnatmacs"),
        MacPolicy::KeepAll => argv = argv.opt("--options", "keepallmacs"),
    }
    argv = argv.opt("--vsys", "0");
    if let Some(name) = &spec.name {
        argv = argv.opt("--vmname", name);
    }
    if let Some(mb) = spec.memory_mb {
        argv = argv.opt("--memory", mb.to_string());
    }
    if let Some(n) = spec.cpus {
        argv = argv.opt("--cpus", n.to_string());
    }
    if let Some(folder) = &spec.base_folder {
        argv = argv.opt("--basefolder", folder);
    }
    Ok(argv.into_vec())
}

/// The argument vector of an export.
pub fn export_argv(machines: &[String], spec: &ExportAppliance) -> Vec<String> {
    let mut argv = Argv::new(&["export"]);
    for m in machines {
        argv = argv.arg(m);
    }
    argv = argv.opt("--output", &spec.path);
    argv = argv.arg(match spec.ovf {
        OvfVersion::V1_0 => "--ovf10",
        OvfVersion::V2_0 => "--ovf20",
    });
    if spec.manifest {
        argv = argv.arg("--manifest");
    }
    match spec.macs {
        MacPolicy::Fresh => argv = argv.opt("--options", "nomacs"),
        MacPolicy::KeepNat => argv = argv.opt("--options", "nomacsbutnat"),
        MacPolicy::KeepAll => {}
    }
    for i in 0..machines.len() {
        let fields = [
            ("--product", &spec.product),
            ("--vendor", &spec.vendor),
            ("--version", &spec.version),
        ];
        if fields.iter().all(|(_, v)| v.is_none()) {
            break;
        }
        argv = argv.opt("--vsys", i.to_string());
        for (option, value) in fields {
            if let Some(v) = value {
                argv = argv.opt(option, v);
            }
        }
    }
    argv.into_vec()
}

/// Percentages of VBoxManage's progress runs, each named: `first` until the first run
/// reached 100 %, `then` after.
fn named_progress(
    progress: ProgressFn,
    first: &'static str,
    then: &'static str,
) -> crate::runner::ProgressFn {
    let first_done = AtomicBool::new(false);
    Arc::new(move |percent| {
        let done = first_done.load(Ordering::Relaxed);
        progress(&OperationProgress {
            percent,
            description: Some(if done { then } else { first }.to_string()),
        });
        if percent >= 100 {
            first_done.store(true, Ordering::Relaxed);
        }
    })
}

impl ManageBackend {
    pub(super) async fn appliance_read(&self, spec: &ImportAppliance) -> Result<ApplianceInfo> {
        let reply = self.quick(import_argv(spec, true)?).await?;
        let mut info = parse_import(&reply.stdout, &reply.stderr);
        if let (Some(name), Some(system)) = (&spec.name, info.systems.first_mut()) {
            // The dry run prints the settings file of the suggested name even with
            // `--vmname` (capture `import-options`); the import itself puts it in a folder of
            // the given name.
            if let Some(base) = &system.base_folder {
                system.settings_file = Some(format!("{base}/{name}/{name}.vbox"));
            }
        }
        Ok(info)
    }

    pub(super) async fn appliance_import(
        &self,
        spec: &ImportAppliance,
        watch: Watch,
    ) -> Result<Machine> {
        let name = match &spec.name {
            Some(n) => n.clone(),
            None => self
                .appliance_read(spec)
                .await?
                .systems
                .into_iter()
                .next()
                .map(|s| s.name)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidInput,
                        format!("'{}' describes no virtual system", spec.path),
                    )
                })?,
        };
        let spec = ImportAppliance {
            name: Some(name.clone()),
            ..spec.clone()
        };
        let argv = import_argv(&spec, false)?;
        let before = self.registered().await?;
        let opts = CallOptions {
            on_progress: watch
                .progress
                .map(|p| named_progress(p, "Reading the appliance", "Importing the appliance")),
            ..CallOptions::once(self.options.long_timeout)
        };
        match self.exec.call(&argv, &opts).await {
            Ok(_) => self.machine(&name).await,
            Err(e) => {
                self.discard_imported(&before, &name).await;
                Err(e)
            }
        }
    }

    /// UUIDs of the registered machines.
    async fn registered(&self) -> Result<Vec<String>> {
        let reply = self.quick(args::list_vms()).await?;
        Ok(parse_list_vms(&reply.stdout)
            .into_iter()
            .map(|m| m.id)
            .collect())
    }

    /// Unregisters and deletes a machine named `name` that was not registered `before`
    /// (an import that failed after registering). Best effort: the import's error is the
    /// one the caller hears.
    async fn discard_imported(&self, before: &[String], name: &str) {
        let Ok(now) = self.quick(args::list_vms()).await else {
            return;
        };
        for m in parse_list_vms(&now.stdout) {
            if m.name == name && !before.contains(&m.id) {
                if let Err(e) = self.once(args::unregistervm(&m.id, Delete::Disks)).await {
                    tracing::warn!(machine = %m.id, error = %e, "could not discard a half-imported machine");
                }
            }
        }
    }

    pub(super) async fn appliance_export(
        &self,
        spec: &ExportAppliance,
        watch: Watch,
    ) -> Result<()> {
        if spec.machines.is_empty() {
            return Err(Error::new(ErrorKind::InvalidInput, "no machine to export"));
        }
        let mut machines = Vec::with_capacity(spec.machines.len());
        for m in &spec.machines {
            machines.push(self.target(m).await?);
        }
        let opts = CallOptions {
            on_progress: watch
                .progress
                .map(|p| named_progress(p, "Exporting the appliance", "Exporting the appliance")),
            ..CallOptions::once(self.options.long_timeout)
        };
        self.exec.call(&export_argv(&machines, spec), &opts).await?;
        Ok(())
    }
}
