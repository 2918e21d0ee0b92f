//! Storage and shared folders through the web service: controllers (`IMachine.
//! addStorageController`, `IStorageController.portCount`), media (`IVirtualBox.openMedium`,
//! `createMedium` + `IMedium.createBaseStorage`), `IMachine.attachDevice|detachDevice`,
//! `IMachine.createSharedFolder|removeSharedFolder` on the session machine of a write lock,
//! and `IConsole.createSharedFolder|removeSharedFolder` for the transient shares of a running
//! machine. Read back with `getStorageControllers`, `getMediumAttachments` (structs) and
//! `getSharedFolders`.

use vbox_types::{
    Error, ErrorKind, MediumSource, ModifyMachine, Result, SharedFolder, StorageAttach,
    StorageAttachment, StorageBus, StorageController, StorageKind, StorageSlot,
};

use super::SoapBackend;
use crate::{Elements, Param};

impl SoapBackend {
    /// The new disks of `change`, created before the machine is locked (as `createmedium`
    /// runs before `storageattach`): `(path, medium reference)`. On a failure the disks made
    /// so far are deleted again.
    pub(super) async fn create_new_disks(
        &self,
        change: &ModifyMachine,
    ) -> Result<Vec<(String, String)>> {
        let mut made = Vec::new();
        for a in &change.storage_attached {
            if let MediumSource::New { path, size_mb } = &a.source {
                match self.create_disk(path, *size_mb).await {
                    Ok(medium) => made.push((path.clone(), medium)),
                    Err(e) => {
                        self.delete_disks(made).await;
                        return Err(e);
                    }
                }
            }
        }
        Ok(made)
    }

    /// Delete disks of a refused change (best effort: the change's error is what matters).
    pub(super) async fn delete_disks(&self, made: Vec<(String, String)>) {
        for (path, medium) in made {
            let r = self
                .client
                .call(
                    "IMedium_deleteStorage",
                    vec![Param::value("_this", &medium)],
                )
                .await;
            let done = match r {
                Ok(p) => self.wait(p.returnval().unwrap_or_default(), "delete").await,
                Err(e) => Err(e),
            };
            if let Err(e) = done {
                tracing::warn!(disk = %path, error = %e, "could not delete the disk of a refused change");
            }
            self.client.release([&medium]).await;
        }
    }

    /// The storage and permanent share steps of `change` on session machine `sm`.
    pub(super) async fn apply_storage(
        &self,
        sm: &str,
        change: &ModifyMachine,
        made: &[(String, String)],
    ) -> Result<()> {
        for s in &change.storage_detached {
            self.call0(
                "IMachine_detachDevice",
                vec![
                    Param::value("_this", sm),
                    Param::value("name", &s.controller),
                    Param::value("controllerPort", s.port),
                    Param::value("device", s.device),
                ],
            )
            .await?;
        }
        for a in &change.storage_attached {
            self.attach_medium(sm, a, made).await?;
        }
        for s in &change.shared_folders_removed {
            self.call0(
                "IMachine_removeSharedFolder",
                vec![Param::value("_this", sm), Param::value("name", &s.name)],
            )
            .await?;
        }
        for s in &change.shared_folders_added {
            self.create_share("IMachine_createSharedFolder", sm, s)
                .await?;
        }
        Ok(())
    }

    /// The slot's controller, added when missing, with ports enough for the slot (as
    /// `storageattach` grows a controller whose port count is below the port).
    async fn ensure_controller(&self, sm: &str, a: &StorageAttach) -> Result<()> {
        let name = &a.slot.controller;
        let found = self
            .client
            .call(
                "IMachine_getStorageControllerByName",
                vec![Param::value("_this", sm), Param::value("name", name)],
            )
            .await;
        let ctl = match found {
            Ok(r) => r.returnval().unwrap_or_default().to_string(),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let bus = a.bus.unwrap_or_else(|| a.kind.default_bus());
                let r = self
                    .client
                    .call(
                        "IMachine_addStorageController",
                        vec![
                            Param::value("_this", sm),
                            Param::value("name", name),
                            Param::value("connectionType", bus.api_name()),
                        ],
                    )
                    .await?;
                r.returnval().unwrap_or_default().to_string()
            }
            Err(e) => return Err(e),
        };
        let result = self.grow_ports(&ctl, a.slot.port).await;
        self.client.release([&ctl]).await;
        result
    }

    async fn grow_ports(&self, ctl: &str, port: u32) -> Result<()> {
        let count: u32 = self
            .client
            .get("IStorageController_getPortCount", ctl)
            .await?
            .parse()
            .unwrap_or(0);
        if port < count {
            return Ok(());
        }
        self.call0(
            "IStorageController_setPortCount",
            vec![
                Param::value("_this", ctl),
                Param::value("portCount", port + 1),
            ],
        )
        .await
    }

    async fn attach_medium(
        &self,
        sm: &str,
        a: &StorageAttach,
        made: &[(String, String)],
    ) -> Result<()> {
        let (medium, opened) = match &a.source {
            MediumSource::EmptyDrive => (String::new(), false),
            MediumSource::New { path, .. } => {
                let r = made.iter().find(|(p, _)| p == path).map(|(_, r)| r.clone());
                (r.unwrap_or_default(), false)
            }
            MediumSource::Existing(location) => {
                let vbox = self.client.vbox().await?;
                // ISOs open read-only, as `storageattach --type dvddrive` opens them.
                let access = if a.kind == StorageKind::Disk {
                    "ReadWrite"
                } else {
                    "ReadOnly"
                };
                let r = self
                    .client
                    .call(
                        "IVirtualBox_openMedium",
                        vec![
                            Param::value("_this", vbox),
                            Param::value("location", location),
                            Param::value("deviceType", a.kind.api_name()),
                            Param::value("accessMode", access),
                            Param::value("forceNewUuid", false),
                        ],
                    )
                    .await?;
                (r.returnval().unwrap_or_default().to_string(), true)
            }
        };
        // The controller after the medium: a missing image leaves no new controller behind
        // even where a server applies each call at once.
        let result = match self.ensure_controller(sm, a).await {
            Ok(()) => {
                self.call0(
                    "IMachine_attachDevice",
                    vec![
                        Param::value("_this", sm),
                        Param::value("name", &a.slot.controller),
                        Param::value("controllerPort", a.slot.port),
                        Param::value("device", a.slot.device),
                        Param::value("type", a.kind.api_name()),
                        Param::value("medium", &medium),
                    ],
                )
                .await
            }
            Err(e) => Err(e),
        };
        if opened {
            self.client.release([&medium]).await;
        }
        result
    }

    async fn create_share(&self, op: &str, this: &str, s: &SharedFolder) -> Result<()> {
        self.call0(
            op,
            vec![
                Param::value("_this", this),
                Param::value("name", &s.name),
                Param::value("hostPath", &s.host_path),
                Param::value("writable", !s.read_only),
                Param::value("automount", s.auto_mount),
                Param::value("autoMountPoint", &s.mount_point),
            ],
        )
        .await
    }

    /// Transient shares of a running machine, through its console (a shared lock).
    pub(super) async fn change_transient_shares(
        &self,
        m: &str,
        change: &ModifyMachine,
    ) -> Result<()> {
        self.with_console(m, |console| async move {
            for s in &change.shared_folders_removed {
                self.call0(
                    "IConsole_removeSharedFolder",
                    vec![
                        Param::value("_this", &console),
                        Param::value("name", &s.name),
                    ],
                )
                .await?;
            }
            for s in &change.shared_folders_added {
                self.create_share("IConsole_createSharedFolder", &console, s)
                    .await?;
            }
            Ok(())
        })
        .await
    }

    /// Runs `work` on the console of a running machine; a machine without a VM process is
    /// refused as VBoxManage refuses it ("Machine '…' is not currently running.").
    async fn with_console<T, F, Fut>(&self, m: &str, work: F) -> Result<T>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let locked = self.lock(m, "Shared").await?;
        let console = match self
            .client
            .get("ISession_getConsole", &locked.session)
            .await
        {
            Ok(c) => c,
            Err(e) => {
                let _ = self.unlock(locked).await;
                return Err(e);
            }
        };
        let result = match &console {
            c if c.is_empty() => {
                let name = self.client.get("IMachine_getName", m).await;
                Err(Error::new(
                    ErrorKind::InvalidState,
                    format!(
                        "Machine '{}' is not currently running.",
                        name.unwrap_or_default()
                    ),
                ))
            }
            c => work(c.clone()).await,
        };
        self.client.release([&console]).await;
        let unlocked = self.unlock(locked).await;
        let value = result?;
        unlocked.map(|_| value)
    }

    /// Controllers, attachments (with each medium's path, UUID and logical size) and shares.
    pub(super) async fn storage_config(
        &self,
        m: &str,
        running: bool,
    ) -> Result<(
        Vec<StorageController>,
        Vec<StorageAttachment>,
        Vec<SharedFolder>,
    )> {
        let controllers = self.controllers(m).await?;
        let attachments = self.attachments(m).await?;
        let mut shares = self.shares("IMachine_getSharedFolders", m, false).await?;
        if running {
            let transient = self
                .with_console(m, |console| async move {
                    self.shares("IConsole_getSharedFolders", &console, true)
                        .await
                })
                .await;
            match transient {
                Ok(t) => shares.extend(t),
                // Stopped meanwhile: no transient shares.
                Err(e) if e.kind() == ErrorKind::InvalidState => {}
                Err(e) => return Err(e),
            }
        }
        Ok((controllers, attachments, shares))
    }

    /// The references an array getter `op` of `this` returns, each read by `read`; every
    /// reference is released, whatever happens.
    async fn read_each<T, F, Fut>(&self, op: &str, this: &str, read: F) -> Result<Vec<T>>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T>> + Send,
    {
        let refs = self.refs(op, vec![Param::value("_this", this)]).await?;
        self.read_refs(&refs, |x| Box::pin(read(x.to_string())))
            .await
    }

    async fn controllers(&self, m: &str) -> Result<Vec<StorageController>> {
        self.read_each("IMachine_getStorageControllers", m, |c| async move {
            let (name, bus, kind, ports, max) = futures::try_join!(
                self.client.get("IStorageController_getName", &c),
                self.client.get("IStorageController_getBus", &c),
                self.client.get("IStorageController_getControllerType", &c),
                self.client.get("IStorageController_getPortCount", &c),
                self.client.get("IStorageController_getMaxPortCount", &c),
            )?;
            Ok(StorageController {
                name,
                bus: StorageBus::parse(&bus)
                    .or_else(|| StorageBus::of_controller_type(&kind))
                    .unwrap_or(StorageBus::Sata),
                controller_type: kind,
                port_count: ports.parse().unwrap_or(0),
                max_port_count: max.parse().unwrap_or(0),
            })
        })
        .await
    }

    async fn attachments(&self, m: &str) -> Result<Vec<StorageAttachment>> {
        let r = self
            .client
            .call(
                "IMachine_getMediumAttachments",
                vec![Param::value("_this", m)],
            )
            .await?;
        let mut out = Vec::new();
        let mut held = Vec::new();
        let mut failed = None;
        for a in r.children.iter().filter(|e| e.name == "returnval") {
            let kind = StorageKind::parse(a.get("type").unwrap_or_default());
            let medium = a.get("medium").unwrap_or_default().to_string();
            let mut att = StorageAttachment {
                slot: StorageSlot::new(
                    a.get("controller").unwrap_or_default(),
                    a.get("port").and_then(|p| p.parse().ok()).unwrap_or(0),
                    a.get("device").and_then(|d| d.parse().ok()).unwrap_or(0),
                ),
                kind: kind.unwrap_or(StorageKind::Disk),
                medium: None,
                medium_id: None,
                size_bytes: None,
            };
            if !medium.is_empty() {
                held.push(medium.clone());
                let read = futures::try_join!(
                    self.client.get("IMedium_getLocation", &medium),
                    self.client.get("IMedium_getId", &medium),
                    self.client.get("IMedium_getLogicalSize", &medium),
                );
                match read {
                    Ok((location, id, size)) => {
                        att.medium = Some(location);
                        att.medium_id = Some(id);
                        att.size_bytes = size.parse().ok();
                    }
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            out.push(att);
        }
        self.client.release(&held).await;
        if let Some(e) = failed {
            return Err(e);
        }
        out.sort_by(|a, b| a.slot.cmp(&b.slot));
        Ok(out)
    }

    async fn shares(&self, op: &str, this: &str, transient: bool) -> Result<Vec<SharedFolder>> {
        self.read_each(op, this, |s| async move {
            let (name, host_path, writable, auto, point) = futures::try_join!(
                self.client.get("ISharedFolder_getName", &s),
                self.client.get("ISharedFolder_getHostPath", &s),
                self.client.get("ISharedFolder_getWritable", &s),
                self.client.get("ISharedFolder_getAutoMount", &s),
                self.client.get("ISharedFolder_getAutoMountPoint", &s),
            )?;
            Ok(SharedFolder {
                name,
                host_path,
                read_only: writable != "true",
                auto_mount: auto == "true",
                mount_point: point,
                transient,
            })
        })
        .await
    }
}
