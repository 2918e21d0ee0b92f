//! Appliances through IAppliance.
//!
//! Import: `IVirtualBox::createAppliance`, `IAppliance::read` (progress), `interpret`,
//! `getWarnings`, `getDisks`, `getVirtualSystemDescriptions`,
//! `IVirtualSystemDescription::getDescription`, then with the caller's values
//! `setFinalValues` and `importMachines` (progress, its percent and operation description
//! reported), `getMachines`. Export: `createAppliance`, `IMachine::exportTo` per machine,
//! `IVirtualSystemDescription::addDescription` for product, vendor and version,
//! `IAppliance::write` (progress).
//!
//! A name given by the caller also moves the settings file: VirtualBox keeps the settings
//! file it suggested for the appliance's own name (VBoxManage's `--vmname` recomputes it
//! the same way, with `composeMachineFilename`).

use std::time::Duration;

use vbox_types::{
    ApplianceDisk, ApplianceInfo, ApplianceNic, ApplianceSystem, Error, ErrorKind, ExportAppliance,
    ImportAppliance, MacPolicy, Machine, OperationProgress, Result, Unregister, Watch,
};

use super::SoapBackend;
use crate::{Elements, Param};

/// How often an import or export with a listener reads the progress.
const PROGRESS_SLICE: Duration = Duration::from_millis(500);

/// One row of `getDescription`.
#[derive(Debug, Clone, Default)]
struct Row {
    kind: String,
    ovf: String,
    vbox: String,
    extra: String,
}

/// A read, interpreted appliance and its first virtual system's description.
struct Opened {
    appliance: String,
    description: Option<String>,
    rows: Vec<Row>,
    info: ApplianceInfo,
}

impl SoapBackend {
    /// `IVirtualBox::createAppliance`.
    async fn new_appliance(&self) -> Result<String> {
        let vbox = self.client.vbox().await?;
        let r = self
            .client
            .call(
                "IVirtualBox_createAppliance",
                vec![Param::value("_this", &vbox)],
            )
            .await?;
        Ok(r.returnval().unwrap_or_default().to_string())
    }

    /// createAppliance + read + interpret, the first system's rows with `spec` applied.
    async fn open_appliance(&self, spec: &ImportAppliance) -> Result<Opened> {
        let appliance = self.new_appliance().await?;
        let opened = self.read_into(&appliance, spec).await;
        if opened.is_err() {
            self.client.release([&appliance]).await;
        }
        opened
    }

    async fn read_into(&self, appliance: &str, spec: &ImportAppliance) -> Result<Opened> {
        let r = self
            .client
            .call(
                "IAppliance_read",
                vec![
                    Param::value("_this", appliance),
                    Param::value("file", &spec.path),
                ],
            )
            .await?;
        self.wait(r.returnval().unwrap_or_default(), "read appliance")
            .await?;
        self.call0(
            "IAppliance_interpret",
            vec![Param::value("_this", appliance)],
        )
        .await?;
        let warnings = self.strings_of("IAppliance_getWarnings", appliance).await?;
        let disks = self.strings_of("IAppliance_getDisks", appliance).await?;
        let descriptions = self
            .strings_of("IAppliance_getVirtualSystemDescriptions", appliance)
            .await?;
        let mut systems = Vec::new();
        let mut first_rows = Vec::new();
        for (i, d) in descriptions.iter().enumerate() {
            let mut rows = self.rows(d).await?;
            if i == 0 {
                self.apply(&mut rows, spec).await?;
                first_rows = rows.clone();
            }
            systems.push(system(&rows, &disks));
        }
        let (first, rest) = match descriptions.split_first() {
            Some((f, rest)) => (Some(f.clone()), rest.to_vec()),
            None => (None, Vec::new()),
        };
        self.client.release(rest).await;
        Ok(Opened {
            appliance: appliance.to_string(),
            description: first,
            rows: first_rows,
            info: ApplianceInfo { systems, warnings },
        })
    }

    /// The `returnval` array of a getter.
    async fn strings_of(&self, op: &str, this: &str) -> Result<Vec<String>> {
        let r = self
            .client
            .call(op, vec![Param::value("_this", this)])
            .await?;
        Ok(r.all("returnval").into_iter().map(str::to_string).collect())
    }

    async fn rows(&self, description: &str) -> Result<Vec<Row>> {
        let r = self
            .client
            .call(
                "IVirtualSystemDescription_getDescription",
                vec![Param::value("_this", description)],
            )
            .await?;
        let kinds = r.all("types");
        let ovf = r.all("OVFValues");
        let vbox = r.all("VBoxValues");
        let extra = r.all("extraConfigValues");
        let at = |v: &[&str], i: usize| v.get(i).copied().unwrap_or_default().to_string();
        Ok((0..kinds.len())
            .map(|i| Row {
                kind: kinds[i].to_string(),
                ovf: at(&ovf, i),
                vbox: at(&vbox, i),
                extra: at(&extra, i),
            })
            .collect())
    }

    /// The caller's name, memory, CPUs and base folder in place of the suggestions.
    async fn apply(&self, rows: &mut [Row], spec: &ImportAppliance) -> Result<()> {
        let set = |rows: &mut [Row], kind: &str, value: String| {
            for row in rows.iter_mut().filter(|r| r.kind == kind) {
                row.vbox = value.clone();
            }
        };
        if let Some(mb) = spec.memory_mb {
            // The description's memory is in bytes (VBoxManage prints it in MB).
            set(rows, "Memory", (u64::from(mb) << 20).to_string());
        }
        if let Some(n) = spec.cpus {
            set(rows, "CPU", n.to_string());
        }
        if let Some(folder) = &spec.base_folder {
            set(rows, "BaseFolder", folder.clone());
        }
        if let Some(name) = &spec.name {
            set(rows, "Name", name.clone());
        }
        if spec.name.is_some() || spec.base_folder.is_some() {
            let value = |kind: &str| {
                rows.iter()
                    .find(|r| r.kind == kind)
                    .map(|r| r.vbox.clone())
                    .unwrap_or_default()
            };
            let (name, group, base) = (value("Name"), value("PrimaryGroup"), value("BaseFolder"));
            let vbox = self.client.vbox().await?;
            let r = self
                .client
                .call(
                    "IVirtualBox_composeMachineFilename",
                    vec![
                        Param::value("_this", vbox),
                        Param::value("name", &name),
                        Param::value("group", if group.is_empty() { "/" } else { &group }),
                        Param::value("createFlags", ""),
                        Param::value("baseFolder", &base),
                    ],
                )
                .await?;
            set(
                rows,
                "SettingsFile",
                r.returnval().unwrap_or_default().to_string(),
            );
        }
        Ok(())
    }

    pub(super) async fn appliance_read(&self, spec: &ImportAppliance) -> Result<ApplianceInfo> {
        let opened = self.open_appliance(spec).await?;
        self.release_opened(&opened).await;
        Ok(opened.info)
    }

    async fn release_opened(&self, opened: &Opened) {
        let mut refs = vec![opened.appliance.clone()];
        refs.extend(opened.description.clone());
        self.client.release(refs).await;
    }

    pub(super) async fn appliance_import(
        &self,
        spec: &ImportAppliance,
        watch: Watch,
    ) -> Result<Machine> {
        let before: Vec<String> = self.summaries().await?.into_iter().map(|m| m.id).collect();
        let opened = self.open_appliance(spec).await?;
        let result = self.import_opened(&opened, spec, &watch).await;
        self.release_opened(&opened).await;
        let name = opened
            .rows
            .iter()
            .find(|r| r.kind == "Name")
            .map(|r| r.vbox.clone())
            .unwrap_or_default();
        match result {
            Ok(id) => self.machine_by_name(&id).await,
            Err(e) => {
                self.discard_imported(&before, &name).await;
                Err(e)
            }
        }
    }

    /// setFinalValues, importMachines and its wait; the new machine's UUID.
    async fn import_opened(
        &self,
        opened: &Opened,
        spec: &ImportAppliance,
        watch: &Watch,
    ) -> Result<String> {
        let description = opened.description.as_deref().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("'{}' describes no virtual system", spec.path),
            )
        })?;
        self.call0(
            "IVirtualSystemDescription_setFinalValues",
            vec![
                Param::value("_this", description),
                Param::array("enabled", opened.rows.iter().map(|_| "true")),
                Param::array("VBoxValues", opened.rows.iter().map(|r| r.vbox.as_str())),
                Param::array(
                    "extraConfigValues",
                    opened.rows.iter().map(|r| r.extra.as_str()),
                ),
            ],
        )
        .await?;
        let options: Vec<&str> = match spec.macs {
            MacPolicy::Fresh => vec![],
            MacPolicy::KeepNat => vec!["KeepNATMACs"],
            MacPolicy::KeepAll => vec!["KeepAllMACs"],
        };
        let r = self
            .client
            .call(
                "IAppliance_importMachines",
                vec![
                    Param::value("_this", &opened.appliance),
                    Param::array("options", options),
                ],
            )
            .await?;
        self.wait_reporting(r.returnval().unwrap_or_default(), "import appliance", watch)
            .await?;
        let ids = self
            .strings_of("IAppliance_getMachines", &opened.appliance)
            .await?;
        ids.into_iter().next().ok_or_else(|| {
            Error::new(
                ErrorKind::Backend,
                format!("{}: the import made no machine", self.client.host()),
            )
        })
    }

    /// Unregisters (deleting its files) a machine named `name` that was not registered
    /// `before`. Best effort: the import's error is the one the caller hears.
    async fn discard_imported(&self, before: &[String], name: &str) {
        let Ok(now) = self.summaries().await else {
            return;
        };
        for m in now {
            if m.name == name && !before.contains(&m.id) {
                if let Err(e) = self.unregister(&m.id, &Unregister::default()).await {
                    tracing::warn!(machine = %m.id, error = %e, "could not discard a half-imported machine");
                }
            }
        }
    }

    /// Waits for `progress` in short slices, telling the watch's listener its percent and
    /// operation description, and cancelling it (`IProgress::cancel`, once) when the watch
    /// asks; VirtualBox then undoes what the operation made.
    async fn wait_reporting(&self, progress: &str, what: &str, watch: &Watch) -> Result<()> {
        let mut last = OperationProgress {
            percent: u32::MAX,
            description: None,
        };
        let mut cancelled = false;
        loop {
            let completed = self.client.get("IProgress_getCompleted", progress).await?;
            if let Some(listener) = &watch.progress {
                let now = OperationProgress {
                    percent: self
                        .client
                        .get("IProgress_getPercent", progress)
                        .await?
                        .parse()
                        .unwrap_or(0),
                    description: Some(
                        self.client
                            .get("IProgress_getOperationDescription", progress)
                            .await?,
                    ),
                };
                if now != last {
                    listener(&now);
                    last = now;
                }
            }
            if completed == "true" {
                break;
            }
            if watch.cancel.is_cancelled() && !cancelled {
                cancelled = true;
                self.call0("IProgress_cancel", vec![Param::value("_this", progress)])
                    .await?;
            }
            self.call0(
                "IProgress_waitForCompletion",
                vec![
                    Param::value("_this", progress),
                    Param::value("timeout", PROGRESS_SLICE.as_millis() as i64),
                ],
            )
            .await?;
        }
        // Completed: the plain wait gives the result or the error.
        self.wait(progress, what).await
    }

    pub(super) async fn appliance_export(
        &self,
        spec: &ExportAppliance,
        watch: Watch,
    ) -> Result<()> {
        if spec.machines.is_empty() {
            return Err(Error::new(ErrorKind::InvalidInput, "no machine to export"));
        }
        let appliance = self.new_appliance().await?;
        let result = self.export_into(&appliance, spec, &watch).await;
        self.client.release([&appliance]).await;
        result
    }

    async fn export_into(
        &self,
        appliance: &str,
        spec: &ExportAppliance,
        watch: &Watch,
    ) -> Result<()> {
        for name in &spec.machines {
            let m = self.find(name).await?;
            let r = self
                .client
                .call(
                    "IMachine_exportTo",
                    vec![
                        Param::value("_this", &m),
                        Param::value("appliance", appliance),
                        Param::value("location", &spec.path),
                    ],
                )
                .await?;
            let description = r.returnval().unwrap_or_default().to_string();
            for (kind, value) in [
                ("Product", &spec.product),
                ("Vendor", &spec.vendor),
                ("Version", &spec.version),
            ] {
                if let Some(v) = value {
                    self.call0(
                        "IVirtualSystemDescription_addDescription",
                        vec![
                            Param::value("_this", &description),
                            Param::value("type", kind),
                            Param::value("VBoxValue", v),
                            Param::value("extraConfigValue", ""),
                        ],
                    )
                    .await?;
                }
            }
            self.client.release([&description]).await;
        }
        let mut options = Vec::new();
        if spec.manifest {
            options.push("CreateManifest");
        }
        match spec.macs {
            MacPolicy::Fresh => options.push("StripAllMACs"),
            MacPolicy::KeepNat => options.push("StripAllNonNATMACs"),
            MacPolicy::KeepAll => {}
        }
        let r = self
            .client
            .call(
                "IAppliance_write",
                vec![
                    Param::value("_this", appliance),
                    Param::value("format", spec.ovf.api_name()),
                    Param::array("options", options),
                    Param::value("path", &spec.path),
                ],
            )
            .await?;
        self.wait_reporting(r.returnval().unwrap_or_default(), "export appliance", watch)
            .await
    }
}

/// An [`ApplianceSystem`] from its description rows and `IAppliance::getDisks`
/// (`id\tcapacity\tpopulated\tformat\thref\t…`).
fn system(rows: &[Row], disks: &[String]) -> ApplianceSystem {
    let mut s = ApplianceSystem::default();
    let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
    for row in rows {
        match row.kind.as_str() {
            "Name" => s.name = row.vbox.clone(),
            "OS" => s.os_type_id = some(&row.vbox),
            "CPU" => s.cpus = row.vbox.parse().ok(),
            "Memory" => {
                s.memory_mb = row
                    .vbox
                    .parse::<u64>()
                    .ok()
                    .and_then(|bytes| u32::try_from(bytes >> 20).ok())
            }
            "SettingsFile" => s.settings_file = some(&row.vbox),
            "BaseFolder" => s.base_folder = some(&row.vbox),
            "Product" => s.product = some(&row.vbox),
            "Vendor" => s.vendor = some(&row.vbox),
            "Version" => s.version = some(&row.vbox),
            "NetworkAdapter" => s.nics.push(ApplianceNic {
                network: row.ovf.clone(),
                config: row.extra.clone(),
            }),
            "HardDiskImage" => s.disks.push(ApplianceDisk {
                source: row.ovf.clone(),
                target: row.vbox.clone(),
                capacity_bytes: disks.iter().find_map(|d| {
                    let cols: Vec<&str> = d.split('\t').collect();
                    (cols.get(4) == Some(&row.ovf.as_str()))
                        .then(|| cols.get(1)?.parse().ok())
                        .flatten()
                }),
            }),
            _ => {}
        }
    }
    s
}
