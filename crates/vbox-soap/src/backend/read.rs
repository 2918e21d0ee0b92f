//! Reading machines: summaries, full details, adapters.

use futures::stream::{self, StreamExt, TryStreamExt};
use vbox_types::{
    ApiVersion, ChipsetType, Error, ErrorKind, FirmwareType, Machine, MachineState, MachineSummary,
    NetworkAdapter, NetworkAdapterType, NetworkAttachmentType, Result, SessionState, SnapshotRef,
};

use super::SoapBackend;
use crate::{Elements, Param};

/// Decodes an enum value sent by name.
pub(super) fn decode<T>(op: &str, text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(text)
        .ok_or_else(|| Error::new(ErrorKind::Backend, format!("{op}: unknown value {text:?}")))
}

impl SoapBackend {
    /// `IVirtualBox_getMachines`: the IVirtualBox and every machine's reference (the caller
    /// releases them).
    async fn machine_refs(&self) -> Result<(String, Vec<String>)> {
        let vbox = self.client.vbox().await?;
        let answer = self
            .client
            .call(
                "IVirtualBox_getMachines",
                vec![Param::value("_this", &vbox)],
            )
            .await?;
        let refs = answer
            .all("returnval")
            .into_iter()
            .map(str::to_string)
            .collect();
        Ok((vbox, refs))
    }

    pub(super) async fn summaries(&self) -> Result<Vec<MachineSummary>> {
        let (vbox, refs) = self.machine_refs().await?;
        let result = self.summaries_of(&vbox, &refs).await;
        self.client.release(&refs).await;
        result
    }

    async fn summaries_of(&self, vbox: &str, refs: &[String]) -> Result<Vec<MachineSummary>> {
        if refs.is_empty() {
            return Ok(Vec::new());
        }
        let states = self
            .client
            .call(
                "IVirtualBox_getMachineStates",
                vec![
                    Param::value("_this", vbox),
                    Param::array("machines", super::strings(refs)),
                ],
            )
            .await?;
        let states: Vec<Option<MachineState>> = states
            .all("returnval")
            .into_iter()
            .map(MachineState::from_api_name)
            .collect();
        let rows = stream::iter(refs.iter().cloned().enumerate())
            .map(|(i, m)| {
                let state = states.get(i).copied().flatten();
                async move {
                    let (name, id, accessible) = futures::try_join!(
                        self.client.get("IMachine_getName", &m),
                        self.client.get("IMachine_getId", &m),
                        self.client.get("IMachine_getAccessible", &m),
                    )?;
                    Ok::<_, Error>(MachineSummary {
                        id,
                        name,
                        accessible: accessible == "true",
                        state,
                    })
                }
            })
            .buffered(self.opts.concurrency.max(1));
        rows.try_collect().await
    }

    pub(super) async fn machines_full(&self) -> Result<Vec<Machine>> {
        let (_, refs) = self.machine_refs().await?;
        let result = stream::iter(refs.iter().cloned())
            .map(|m| async move { self.read_machine(&m).await })
            .buffered(self.opts.concurrency.max(1))
            .try_collect()
            .await;
        self.client.release(&refs).await;
        result
    }

    pub(super) async fn machine_by_name(&self, name_or_id: &str) -> Result<Machine> {
        let m = self.find(name_or_id).await?;
        let result = self.read_machine(&m).await;
        self.client.release([&m]).await;
        result
    }

    /// Every attribute of a machine (`m` stays the caller's to release).
    pub(super) async fn read_machine(&self, m: &str) -> Result<Machine> {
        let api = self.api().await?;
        let c = &self.client;
        let (id, name, accessible) = futures::try_join!(
            c.get("IMachine_getId", m),
            c.get("IMachine_getName", m),
            c.get("IMachine_getAccessible", m),
        )?;
        if accessible != "true" {
            return Ok(Machine::inaccessible(id, name));
        }
        let groups = c
            .call("IMachine_getGroups", vec![Param::value("_this", m)])
            .await?;
        let (description, os_type_id, memory, cpus, state, last_change) = futures::try_join!(
            c.get("IMachine_getDescription", m),
            c.get("IMachine_getOSTypeId", m),
            c.get("IMachine_getMemorySize", m),
            c.get("IMachine_getCPUCount", m),
            c.get("IMachine_getState", m),
            c.get("IMachine_getLastStateChange", m),
        )?;
        let (session_state, session_name, snapshot_count, settings_file) = futures::try_join!(
            c.get("IMachine_getSessionState", m),
            c.get("IMachine_getSessionName", m),
            c.get("IMachine_getSnapshotCount", m),
            c.get("IMachine_getSettingsFilePath", m),
        )?;
        let (chipset, firmware) = self.platform(m, api).await?;
        let adapters = self.adapters(m, chipset, api).await?;
        let session_state = decode(
            "IMachine_getSessionState",
            &session_state,
            SessionState::from_api_name,
        )?;
        Ok(Machine {
            id,
            name,
            accessible: true,
            description,
            groups: groups
                .all("returnval")
                .into_iter()
                .map(str::to_string)
                .collect(),
            os_type_id,
            memory_mb: memory.parse().unwrap_or_default(),
            cpus: cpus.parse().unwrap_or_default(),
            state: decode("IMachine_getState", &state, MachineState::from_api_name)?,
            last_state_change_ms: last_change.parse().unwrap_or_default(),
            session_name: (session_state != SessionState::Unlocked && !session_name.is_empty())
                .then_some(session_name),
            session_state,
            chipset,
            firmware,
            adapters,
            snapshot_count: snapshot_count.parse().unwrap_or_default(),
            current_snapshot: self.current_snapshot(m).await?,
            settings_file,
        })
    }

    async fn current_snapshot(&self, m: &str) -> Result<Option<SnapshotRef>> {
        let s = self.client.get("IMachine_getCurrentSnapshot", m).await?;
        if s.is_empty() {
            return Ok(None);
        }
        let ids = futures::try_join!(
            self.client.get("ISnapshot_getId", &s),
            self.client.get("ISnapshot_getName", &s),
        );
        self.client.release([&s]).await;
        let (id, name) = ids?;
        Ok(Some(SnapshotRef { id, name }))
    }

    /// Chipset and firmware: 7.1 moved them into IPlatform and IFirmwareSettings.
    async fn platform(&self, m: &str, api: ApiVersion) -> Result<(ChipsetType, FirmwareType)> {
        let c = &self.client;
        let (chipset, firmware) = if api >= ApiVersion::V7_1 {
            let (platform, settings) = futures::try_join!(
                c.get("IMachine_getPlatform", m),
                c.get("IMachine_getFirmwareSettings", m)
            )?;
            let values = futures::try_join!(
                c.get("IPlatform_getChipsetType", &platform),
                c.get("IFirmwareSettings_getFirmwareType", &settings),
            );
            c.release([&platform, &settings]).await;
            values?
        } else {
            futures::try_join!(
                c.get("IMachine_getChipsetType", m),
                c.get("IMachine_getFirmwareType", m)
            )?
        };
        Ok((
            decode("getChipsetType", &chipset, ChipsetType::from_api_name)?,
            decode("getFirmwareType", &firmware, FirmwareType::from_api_name)?,
        ))
    }

    /// How many adapter slots a machine of `chipset` has.
    async fn max_adapters(&self, m: &str, chipset: ChipsetType, api: ApiVersion) -> Result<u32> {
        let c = &self.client;
        let chipset_param = Param::value("chipset", chipset.api_name());
        let count = if api >= ApiVersion::V7_1 {
            let platform = c.get("IMachine_getPlatform", m).await?;
            let props = c.get("IPlatform_getProperties", &platform).await;
            c.release([&platform]).await;
            let props = props?;
            let r = c
                .call(
                    "IPlatformProperties_getMaxNetworkAdapters",
                    vec![Param::value("_this", &props), chipset_param],
                )
                .await;
            c.release([&props]).await;
            r?
        } else {
            let vbox = c.vbox().await?;
            let sp = c.get("IVirtualBox_getSystemProperties", &vbox).await?;
            let r = c
                .call(
                    "ISystemProperties_getMaxNetworkAdapters",
                    vec![Param::value("_this", &sp), chipset_param],
                )
                .await;
            c.release([&sp]).await;
            r?
        };
        Ok(count
            .returnval()
            .and_then(|v| v.parse().ok())
            .unwrap_or(chipset.max_network_adapters()))
    }

    async fn adapters(
        &self,
        m: &str,
        chipset: ChipsetType,
        api: ApiVersion,
    ) -> Result<Vec<NetworkAdapter>> {
        let max = self.max_adapters(m, chipset, api).await?;
        // Slots are read concurrently (each is a dozen getters), in slot order.
        let read = stream::iter(0..max)
            .map(|slot| async move {
                let r = self
                    .client
                    .call(
                        "IMachine_getNetworkAdapter",
                        vec![Param::value("_this", m), Param::value("slot", slot)],
                    )
                    .await?;
                let na = r.returnval().unwrap_or_default().to_string();
                let adapter = self.read_adapter(&na, slot, api).await;
                self.client.release([&na]).await;
                adapter
            })
            .buffered(self.opts.concurrency.max(1));
        read.try_collect().await
    }

    /// One slot. A disabled slot is read no further (as `showvminfo` prints only
    /// `nic<N>="none"`), and of the network names only the attachment's own is read: every
    /// getter is a round trip, and a machine has 8 (or 36) slots.
    async fn read_adapter(&self, na: &str, slot: u32, api: ApiVersion) -> Result<NetworkAdapter> {
        let c = &self.client;
        if c.get("INetworkAdapter_getEnabled", na).await? != "true" {
            return Ok(NetworkAdapter::disabled(slot));
        }
        let (kind, mac, attachment, cable) = futures::try_join!(
            c.get("INetworkAdapter_getAdapterType", na),
            c.get("INetworkAdapter_getMACAddress", na),
            c.get("INetworkAdapter_getAttachmentType", na),
            c.get("INetworkAdapter_getCableConnected", na),
        )?;
        let attachment = decode(
            "getAttachmentType",
            &attachment,
            NetworkAttachmentType::from_api_name,
        )?;
        let mut adapter = NetworkAdapter {
            slot,
            enabled: true,
            adapter_type: decode("getAdapterType", &kind, |t| {
                NetworkAdapterType::ALL
                    .iter()
                    .copied()
                    .find(|a| a.api_name() == t)
            })?,
            mac_address: mac,
            attachment,
            cable_connected: cable == "true",
            ..NetworkAdapter::disabled(slot)
        };
        let network = match attachment {
            NetworkAttachmentType::Bridged => Some((
                "INetworkAdapter_getBridgedInterface",
                &mut adapter.bridged_interface,
            )),
            NetworkAttachmentType::HostOnly => Some((
                "INetworkAdapter_getHostOnlyInterface",
                &mut adapter.host_only_interface,
            )),
            // hostOnlyNetwork exists from 7.0 on.
            NetworkAttachmentType::HostOnlyNetwork if api >= ApiVersion::V7_0 => Some((
                "INetworkAdapter_getHostOnlyNetwork",
                &mut adapter.host_only_network,
            )),
            NetworkAttachmentType::Internal => Some((
                "INetworkAdapter_getInternalNetwork",
                &mut adapter.internal_network,
            )),
            NetworkAttachmentType::NATNetwork => {
                Some(("INetworkAdapter_getNATNetwork", &mut adapter.nat_network))
            }
            NetworkAttachmentType::Generic => Some((
                "INetworkAdapter_getGenericDriver",
                &mut adapter.generic_driver,
            )),
            _ => None,
        };
        if let Some((op, field)) = network {
            *field = c.get(op, na).await?;
        }
        Ok(adapter)
    }
}
