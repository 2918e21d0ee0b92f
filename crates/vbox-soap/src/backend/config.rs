//! Video memory, boot order, NAT port forwards and the adapter's card and cable: the settings
//! of [`MachineConfig`] (`IGraphicsAdapter`, `IMachine.setBootOrder`, `INATEngine`).

use vbox_types::{
    AdapterChange, ApiVersion, BootDevice, Error, ErrorKind, MachineConfig, ModifyMachine,
    NetworkAttachmentType, PortForward, Result,
};

use super::SoapBackend;
use crate::{Elements, Param};

impl SoapBackend {
    /// The settings of `change` that [`MachineConfig`] reads back, on a mutable machine.
    pub(super) async fn apply_config(&self, m: &str, change: &ModifyMachine) -> Result<()> {
        if let Some(mb) = change.vram_mb {
            self.set_vram(m, mb).await?;
        }
        if let Some(order) = &change.boot_order {
            for position in 0..BootDevice::POSITIONS {
                let device = order.get(position).copied().unwrap_or(BootDevice::None);
                self.call0(
                    "IMachine_setBootOrder",
                    vec![
                        Param::value("_this", m),
                        Param::value("position", position + 1),
                        Param::value("device", device.api_name()),
                    ],
                )
                .await?;
            }
        }
        for r in &change.forwards_removed {
            self.with_nat_engine(m, r.slot, |nat| async move {
                self.call0(
                    "INATEngine_removeRedirect",
                    vec![Param::value("_this", nat), Param::value("name", &r.name)],
                )
                .await
            })
            .await?;
        }
        for f in &change.forwards_added {
            self.with_nat_engine(m, f.slot, |nat| async move {
                self.call0(
                    "INATEngine_addRedirect",
                    vec![
                        Param::value("_this", nat),
                        Param::value("name", &f.name),
                        Param::value("proto", f.protocol.api_name()),
                        Param::value("hostIP", &f.host_ip),
                        Param::value("hostPort", f.host_port),
                        Param::value("guestIP", &f.guest_ip),
                        Param::value("guestPort", f.guest_port),
                    ],
                )
                .await
            })
            .await?;
        }
        Ok(())
    }

    /// The card and cable of one adapter (`na` is its `INetworkAdapter`).
    pub(super) async fn apply_adapter_extras(
        &self,
        na: &str,
        change: &AdapterChange,
    ) -> Result<()> {
        if let Some(t) = change.adapter_type {
            self.call0(
                "INetworkAdapter_setAdapterType",
                vec![
                    Param::value("_this", na),
                    Param::value("adapterType", t.api_name()),
                ],
            )
            .await?;
        }
        if let Some(on) = change.cable_connected {
            self.call0(
                "INetworkAdapter_setCableConnected",
                vec![
                    Param::value("_this", na),
                    Param::value("cableConnected", on),
                ],
            )
            .await?;
        }
        Ok(())
    }

    /// 6.1 moved the video memory to `IGraphicsAdapter`.
    async fn set_vram(&self, m: &str, mb: u32) -> Result<()> {
        if self.api().await? < ApiVersion::V6_1 {
            return self
                .call0(
                    "IMachine_setVRAMSize",
                    vec![Param::value("_this", m), Param::value("VRAMSize", mb)],
                )
                .await;
        }
        let ga = self.client.get("IMachine_getGraphicsAdapter", m).await?;
        let result = self
            .call0(
                "IGraphicsAdapter_setVRAMSize",
                vec![Param::value("_this", &ga), Param::value("VRAMSize", mb)],
            )
            .await;
        self.client.release([&ga]).await;
        result
    }

    async fn vram(&self, m: &str) -> Result<u32> {
        let text = if self.api().await? < ApiVersion::V6_1 {
            self.client.get("IMachine_getVRAMSize", m).await?
        } else {
            let ga = self.client.get("IMachine_getGraphicsAdapter", m).await?;
            let r = self.client.get("IGraphicsAdapter_getVRAMSize", &ga).await;
            self.client.release([&ga]).await;
            r?
        };
        Ok(text.parse().unwrap_or_default())
    }

    /// Runs `work` on the `INATEngine` of adapter `slot`, then releases both references.
    async fn with_nat_engine<T, F, Fut>(&self, m: &str, slot: u32, work: F) -> Result<T>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let r = self
            .client
            .call(
                "IMachine_getNetworkAdapter",
                vec![Param::value("_this", m), Param::value("slot", slot)],
            )
            .await?;
        let na = r.returnval().unwrap_or_default().to_string();
        let nat = match self.client.get("INetworkAdapter_getNATEngine", &na).await {
            Ok(nat) => nat,
            Err(e) => {
                self.client.release([&na]).await;
                return Err(e);
            }
        };
        let result = work(nat.clone()).await;
        self.client.release([&nat, &na]).await;
        result
    }

    pub(super) async fn config(&self, name_or_id: &str) -> Result<MachineConfig> {
        let machine = self.machine_by_name(name_or_id).await?;
        let m = self.find(name_or_id).await?;
        let mut boot_order = Vec::with_capacity(BootDevice::POSITIONS);
        for position in 1..=BootDevice::POSITIONS {
            let r = self
                .client
                .call(
                    "IMachine_getBootOrder",
                    vec![
                        Param::value("_this", &m),
                        Param::value("position", position),
                    ],
                )
                .await?;
            let word = r.returnval().unwrap_or_default();
            boot_order.push(BootDevice::parse(word).ok_or_else(|| {
                Error::new(
                    ErrorKind::Backend,
                    format!("IMachine_getBootOrder gave an unknown device '{word}'"),
                )
            })?);
        }
        let mut forwards = Vec::new();
        // Only NAT adapters forward (showvminfo prints the rules of those alone).
        let nat = machine
            .enabled_adapters()
            .filter(|a| a.attachment == NetworkAttachmentType::NAT);
        for a in nat {
            let slot = a.slot;
            let rules = self
                .with_nat_engine(&m, slot, |nat| async move {
                    let r = self
                        .client
                        .call("INATEngine_getRedirects", vec![Param::value("_this", nat)])
                        .await?;
                    Ok(r.all("returnval")
                        .into_iter()
                        .filter_map(|rule| PortForward::parse_rule(slot, rule))
                        .collect::<Vec<_>>())
                })
                .await?;
            forwards.extend(rules);
        }
        let (controllers, attachments, shared_folders) =
            self.storage_config(&m, machine.state.is_online()).await?;
        Ok(MachineConfig {
            vram_mb: self.vram(&m).await?,
            boot_order,
            forwards,
            controllers,
            attachments,
            shared_folders,
        })
    }
}
