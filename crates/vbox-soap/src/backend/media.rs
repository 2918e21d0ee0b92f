//! Media and network adapter changes.

use vbox_types::{AdapterChange, DeviceType, Medium, NetworkAttachmentType, Result};

use super::read::decode;
use super::SoapBackend;
use crate::{Elements, Param};

impl SoapBackend {
    /// One medium's attributes (`medium` stays the caller's to release).
    pub(super) async fn read_medium(&self, medium: &str) -> Result<Medium> {
        let c = &self.client;
        let (id, location, format, device, size) = futures::try_join!(
            c.get("IMedium_getId", medium),
            c.get("IMedium_getLocation", medium),
            c.get("IMedium_getFormat", medium),
            c.get("IMedium_getDeviceType", medium),
            c.get("IMedium_getLogicalSize", medium),
        )?;
        let parent = c.get("IMedium_getParent", medium).await?;
        let parent_id = if parent.is_empty() {
            None
        } else {
            let id = c.get("IMedium_getId", &parent).await;
            c.release([&parent]).await;
            Some(id?)
        };
        let children = c
            .call("IMedium_getChildren", vec![Param::value("_this", medium)])
            .await?;
        let children: Vec<String> = children
            .all("returnval")
            .into_iter()
            .map(str::to_string)
            .collect();
        let mut child_ids = Vec::new();
        for child in &children {
            child_ids.push(c.get("IMedium_getId", child).await);
        }
        c.release(&children).await;
        let machines = c
            .call("IMedium_getMachineIds", vec![Param::value("_this", medium)])
            .await?;
        Ok(Medium {
            id,
            location,
            format,
            device_type: decode("IMedium_getDeviceType", &device, device_type)?,
            parent_id,
            child_ids: child_ids.into_iter().collect::<Result<_>>()?,
            machine_ids: machines
                .all("returnval")
                .into_iter()
                .map(str::to_string)
                .collect(),
            logical_size: size.parse().unwrap_or_default(),
        })
    }

    pub(super) async fn media(&self) -> Result<Vec<Medium>> {
        let vbox = self.client.vbox().await?;
        let r = self
            .client
            .call(
                "IVirtualBox_getHardDisks",
                vec![Param::value("_this", vbox)],
            )
            .await?;
        let roots: Vec<String> = r.all("returnval").into_iter().map(str::to_string).collect();
        // getHardDisks gives the base media only; the children follow them.
        let mut out = Vec::new();
        let mut queue = roots.clone();
        let mut held = roots;
        while let Some(m) = queue.pop() {
            let info = self.read_medium(&m).await;
            let kids = self
                .client
                .call("IMedium_getChildren", vec![Param::value("_this", &m)])
                .await;
            let (info, kids) = match (info, kids) {
                (Ok(i), Ok(k)) => (i, k),
                (Err(e), _) | (_, Err(e)) => {
                    self.client.release(&held).await;
                    return Err(e);
                }
            };
            for k in kids.all("returnval") {
                queue.push(k.to_string());
                held.push(k.to_string());
            }
            // A server that also lists differencing images among the roots reaches them twice.
            if !out.iter().any(|o: &Medium| o.id == info.id) {
                out.push(info);
            }
        }
        self.client.release(&held).await;
        Ok(out)
    }

    /// A new dynamically allocated VDI of `mb` MB next to the settings file, on a new SATA
    /// controller at port 0 (what `createmedium` + `storagectl` + `storageattach` do).
    pub(super) async fn add_disk(&self, m: &str, name: &str, mb: u64) -> Result<()> {
        let settings = self.client.get("IMachine_getSettingsFilePath", m).await?;
        let folder = settings.rsplit_once(['/', '\\']).map_or("", |(dir, _)| dir);
        let location = format!("{folder}/{name}.vdi");
        let medium = self.create_disk(&location, mb).await?;
        let result = self.attach_new_disk(m, &medium).await;
        self.client.release([&medium]).await;
        result
    }

    /// `IVirtualBox.createMedium` + `IMedium.createBaseStorage` (waited for): a new dynamically
    /// allocated VDI of `mb` MB at `location`; returns its reference, the caller's to release.
    pub(super) async fn create_disk(&self, location: &str, mb: u64) -> Result<String> {
        let vbox = self.client.vbox().await?;
        let medium = self
            .client
            .call(
                "IVirtualBox_createMedium",
                vec![
                    Param::value("_this", vbox),
                    Param::value("format", "VDI"),
                    Param::value("location", location),
                    Param::value("accessMode", "ReadWrite"),
                    Param::value("aDeviceTypeType", "HardDisk"),
                ],
            )
            .await?;
        let medium = medium.returnval().unwrap_or_default().to_string();
        let created = match self
            .client
            .call(
                "IMedium_createBaseStorage",
                vec![
                    Param::value("_this", &medium),
                    Param::value("logicalSize", mb * 1024 * 1024),
                    Param::array("variant", ["Standard"]),
                ],
            )
            .await
        {
            Ok(p) => {
                self.wait(p.returnval().unwrap_or_default(), "createmedium")
                    .await
            }
            Err(e) => Err(e),
        };
        match created {
            Ok(()) => Ok(medium),
            Err(e) => {
                self.client.release([&medium]).await;
                Err(e)
            }
        }
    }

    async fn attach_new_disk(&self, m: &str, medium: &str) -> Result<()> {
        self.with_write_lock(m, |sm| async move {
            let ctl = self
                .client
                .call(
                    "IMachine_addStorageController",
                    vec![
                        Param::value("_this", &sm),
                        Param::value("name", "SATA"),
                        Param::value("connectionType", "SATA"),
                    ],
                )
                .await?;
            self.client.release(ctl.returnval()).await;
            self.call0(
                "IMachine_attachDevice",
                vec![
                    Param::value("_this", &sm),
                    Param::value("name", "SATA"),
                    Param::value("controllerPort", 0),
                    Param::value("device", 0),
                    Param::value("type", "HardDisk"),
                    Param::value("medium", medium),
                ],
            )
            .await?;
            self.call0("IMachine_saveSettings", vec![Param::value("_this", &sm)])
                .await
        })
        .await
    }

    /// One adapter change on a mutable machine.
    pub(super) async fn change_adapter(&self, m: &str, change: &AdapterChange) -> Result<()> {
        let r = self
            .client
            .call(
                "IMachine_getNetworkAdapter",
                vec![Param::value("_this", m), Param::value("slot", change.slot)],
            )
            .await?;
        let na = r.returnval().unwrap_or_default().to_string();
        let result = self.change_adapter_ref(&na, change).await;
        self.client.release([&na]).await;
        result
    }

    async fn change_adapter_ref(&self, na: &str, change: &AdapterChange) -> Result<()> {
        let set = |op: &'static str, name: &'static str, value: String| {
            self.call0(
                op,
                vec![Param::value("_this", na), Param::value(name, value)],
            )
        };
        if let Some(attachment) = change.attachment {
            let enabled = attachment != NetworkAttachmentType::Null;
            set("INetworkAdapter_setEnabled", "enabled", enabled.to_string()).await?;
            if enabled {
                set(
                    "INetworkAdapter_setAttachmentType",
                    "attachmentType",
                    attachment.api_name().to_string(),
                )
                .await?;
            }
            if let Some(network) = &change.network {
                let (op, name) = match attachment {
                    NetworkAttachmentType::Bridged => {
                        ("INetworkAdapter_setBridgedInterface", "bridgedInterface")
                    }
                    NetworkAttachmentType::HostOnly => {
                        ("INetworkAdapter_setHostOnlyInterface", "hostOnlyInterface")
                    }
                    NetworkAttachmentType::Internal => {
                        ("INetworkAdapter_setInternalNetwork", "internalNetwork")
                    }
                    NetworkAttachmentType::NATNetwork => {
                        ("INetworkAdapter_setNATNetwork", "NATNetwork")
                    }
                    NetworkAttachmentType::Generic => {
                        ("INetworkAdapter_setGenericDriver", "genericDriver")
                    }
                    NetworkAttachmentType::HostOnlyNetwork => {
                        ("INetworkAdapter_setHostOnlyNetwork", "hostOnlyNetwork")
                    }
                    _ => ("", ""),
                };
                if !op.is_empty() {
                    set(op, name, network.clone()).await?;
                }
            }
        }
        if let Some(mac) = &change.mac_address {
            // An empty MAC makes VirtualBox generate a new one ("auto").
            let mac = if mac.eq_ignore_ascii_case("auto") {
                String::new()
            } else {
                mac.clone()
            };
            set("INetworkAdapter_setMACAddress", "MACAddress", mac).await?;
        }
        self.apply_adapter_extras(na, change).await
    }
}

/// `DeviceType` by its API name.
fn device_type(name: &str) -> Option<DeviceType> {
    match name {
        "HardDisk" => Some(DeviceType::HardDisk),
        "DVD" => Some(DeviceType::Dvd),
        "Floppy" => Some(DeviceType::Floppy),
        _ => None,
    }
}

impl SoapBackend {
    /// Ids and references of the hard disks attached to `m` (IMediumAttachment is a
    /// `wsmap="struct"`: each `returnval` holds the fields, `medium` a reference or empty).
    pub(super) async fn attached_media(&self, m: &str) -> Result<Vec<(String, String)>> {
        let r = self
            .client
            .call(
                "IMachine_getMediumAttachments",
                vec![Param::value("_this", m)],
            )
            .await?;
        let mut out: Vec<(String, String)> = Vec::new();
        let mut others = Vec::new();
        for a in r.children.iter().filter(|e| e.name == "returnval") {
            let medium = a.get("medium").unwrap_or_default().to_string();
            if medium.is_empty() {
                continue;
            }
            if a.get("type") != Some("HardDisk") {
                others.push(medium);
                continue;
            }
            match self.client.get("IMedium_getId", &medium).await {
                Ok(id) => out.push((id, medium)),
                Err(e) => {
                    others.extend(out.into_iter().map(|(_, r)| r));
                    others.push(medium);
                    self.client.release(&others).await;
                    return Err(e);
                }
            }
        }
        self.client.release(&others).await;
        Ok(out)
    }
}
