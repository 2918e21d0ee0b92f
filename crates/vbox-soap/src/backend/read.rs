//! Reading machines: summaries, full details, adapters.

use futures::stream::{self, StreamExt, TryStreamExt};
use vbox_types::{
    ApiVersion, ChipsetType, Error, ErrorKind, FirmwareType, Machine, MachineFields, MachineState,
    MachineSummary, NetworkAdapter, NetworkAdapterType, NetworkAttachmentType, Result,
    SessionState, SnapshotRef,
};

use super::SoapBackend;
use crate::{Elements, Param};

/// Decodes an enum value sent by name.
pub(super) fn decode<T>(op: &str, text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(text)
        .ok_or_else(|| Error::new(ErrorKind::Backend, format!("{op}: unknown value {text:?}")))
}

/// `IMachine.state` of a machine whose settings cannot be read: `getMachineStates` gives
/// `Null` for it, and its getters other than `id` fault with E_ACCESSDENIED ("The object
/// functionality is limited"), as a real 7.2.22 shows.
const INACCESSIBLE_STATE: MachineState = MachineState::Null;

/// The name [`MachineSummary`] gives a machine that cannot be read (as `VBoxManage list vms`).
const INACCESSIBLE_NAME: &str = "<inaccessible>";

/// One attribute a listing reads of each machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Id,
    OsType,
    Memory,
    Cpus,
    Groups,
    SessionState,
}

impl Column {
    fn op(self) -> &'static str {
        match self {
            Column::Name => "IMachine_getName",
            Column::Id => "IMachine_getId",
            Column::OsType => "IMachine_getOSTypeId",
            Column::Memory => "IMachine_getMemorySize",
            Column::Cpus => "IMachine_getCPUCount",
            Column::Groups => "IMachine_getGroups",
            Column::SessionState => "IMachine_getSessionState",
        }
    }

    /// The columns of `fields`, name and id first.
    fn of(fields: MachineFields) -> Vec<Column> {
        let mut columns = vec![Column::Name, Column::Id];
        let asked = [
            (fields.os_type, Column::OsType),
            (fields.memory, Column::Memory),
            (fields.cpus, Column::Cpus),
            (fields.groups, Column::Groups),
            (fields.session, Column::SessionState),
        ];
        columns.extend(asked.into_iter().filter(|(on, _)| *on).map(|(_, c)| c));
        columns
    }
}

impl SoapBackend {
    /// `IVirtualBox_getMachines`: the IVirtualBox and every machine's reference (kept for
    /// the websession: see [`crate::client::Client::keep`]).
    async fn machine_refs(&self) -> Result<(String, Vec<String>)> {
        let vbox = self.client.vbox().await?;
        let answer = self
            .client
            .call(
                "IVirtualBox_getMachines",
                vec![Param::value("_this", &vbox)],
            )
            .await?;
        let refs: Vec<String> = answer
            .all("returnval")
            .into_iter()
            .map(str::to_string)
            .collect();
        self.client.keep(&refs);
        Ok((vbox, refs))
    }

    pub(super) async fn summaries(&self) -> Result<Vec<MachineSummary>> {
        let machines = self.machines_with(MachineFields::default()).await?;
        Ok(machines.iter().map(Machine::summary).collect())
    }

    /// A listing: every machine's state in one `getMachineStates`, then only the getters of
    /// the columns asked for (name and id always), all machines' getters in one stream over
    /// the transport's connections. A machine whose state is `Null` is inaccessible: only its
    /// id is read.
    pub(super) async fn machines_with(&self, fields: MachineFields) -> Result<Vec<Machine>> {
        let (vbox, refs) = self.machine_refs().await?;
        if refs.is_empty() {
            return Ok(Vec::new());
        }
        let answer = self
            .client
            .call(
                "IVirtualBox_getMachineStates",
                vec![
                    Param::value("_this", &vbox),
                    Param::array("machines", super::strings(&refs)),
                ],
            )
            .await?;
        let states: Vec<MachineState> = answer
            .all("returnval")
            .into_iter()
            .map(|s| MachineState::from_api_name(s).unwrap_or(INACCESSIBLE_STATE))
            .collect();
        let columns = Column::of(fields);
        let readable =
            |i: usize| states.get(i).copied().unwrap_or(INACCESSIBLE_STATE) != INACCESSIBLE_STATE;
        // Machine by machine, its getters one after another, `concurrency` machines at once:
        // the requests in flight are of different machines, and each machine's come in a row.
        let answers: Vec<Vec<Answered>> = stream::iter(0..refs.len())
            .map(|i| {
                let wanted: &[Column] = if readable(i) { &columns } else { &[Column::Id] };
                let m = &refs[i];
                async move {
                    let mut out = Vec::with_capacity(wanted.len());
                    for column in wanted {
                        let r = self
                            .client
                            .call(column.op(), vec![Param::value("_this", m)])
                            .await
                            .map(|a| a.all("returnval").into_iter().map(str::to_string).collect());
                        out.push(((i, *column), r));
                    }
                    out
                }
            })
            .buffered(self.opts.concurrency.max(1))
            .collect()
            .await;
        let answers = answers.into_iter().flatten();
        let mut rows: Vec<Row> = (0..refs.len())
            .map(|i| Row::new(states.get(i).copied().unwrap_or(INACCESSIBLE_STATE)))
            .collect();
        for ((i, column), answer) in answers {
            let row = &mut rows[i];
            match answer {
                Ok(values) => row.set(column, values)?,
                // Became inaccessible since getMachineStates (its settings file went away).
                Err(e) if e.code() == Some(vbox_types::ResultCode::E_ACCESSDENIED) => {
                    row.accessible = false;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(rows.into_iter().map(Row::into_machine).collect())
    }

    pub(super) async fn machines_full(&self) -> Result<Vec<Machine>> {
        let (_, refs) = self.machine_refs().await?;
        stream::iter(refs.iter().cloned())
            .map(|m| async move { self.read_machine(&m).await })
            .buffered(self.opts.concurrency.max(1))
            .try_collect()
            .await
    }

    pub(super) async fn machine_by_name(&self, name_or_id: &str) -> Result<Machine> {
        let m = self.find(name_or_id).await?;
        self.read_machine(&m).await
    }

    /// Every attribute of a machine: accessibility first (the getters of an inaccessible
    /// machine fault, and each fault costs the connection it came on), then everything else
    /// at once.
    pub(super) async fn read_machine(&self, m: &str) -> Result<Machine> {
        let api = self.api().await?;
        let c = &self.client;
        let (id, accessible) = futures::try_join!(
            c.get("IMachine_getId", m),
            c.get("IMachine_getAccessible", m),
        )?;
        if accessible != "true" {
            return Ok(Machine::inaccessible(id, INACCESSIBLE_NAME));
        }
        let groups = async {
            c.call("IMachine_getGroups", vec![Param::value("_this", m)])
                .await
        };
        let (
            name,
            groups,
            description,
            os_type_id,
            memory,
            cpus,
            state,
            last_change,
            session_state,
            session_name,
            snapshot_count,
            settings_file,
            current_snapshot,
            (chipset, firmware, max_adapters),
        ) = futures::try_join!(
            c.get("IMachine_getName", m),
            groups,
            c.get("IMachine_getDescription", m),
            c.get("IMachine_getOSTypeId", m),
            c.get("IMachine_getMemorySize", m),
            c.get("IMachine_getCPUCount", m),
            c.get("IMachine_getState", m),
            c.get("IMachine_getLastStateChange", m),
            c.get("IMachine_getSessionState", m),
            c.get("IMachine_getSessionName", m),
            c.get("IMachine_getSnapshotCount", m),
            c.get("IMachine_getSettingsFilePath", m),
            self.current_snapshot(m),
            self.platform(m, api),
        )?;
        let adapters = self.adapters(m, max_adapters, api).await?;
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
            current_snapshot,
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

    /// Chipset, firmware and the number of adapter slots: 7.1 moved the first two into
    /// IPlatform and IFirmwareSettings, and the slot count into IPlatformProperties.
    async fn platform(&self, m: &str, api: ApiVersion) -> Result<(ChipsetType, FirmwareType, u32)> {
        let c = &self.client;
        if api < ApiVersion::V7_1 {
            let (chipset, firmware) = futures::try_join!(
                c.get("IMachine_getChipsetType", m),
                c.get("IMachine_getFirmwareType", m)
            )?;
            let chipset = decode("getChipsetType", &chipset, ChipsetType::from_api_name)?;
            let firmware = decode("getFirmwareType", &firmware, FirmwareType::from_api_name)?;
            let max = self.max_adapters(None, chipset, api).await?;
            return Ok((chipset, firmware, max));
        }
        // The machine's IPlatform is one object: read once, released once (reading it twice
        // gave the same reference twice, and two releases of it faulted on the real 7.2.22).
        let (platform, settings) = futures::try_join!(
            c.get("IMachine_getPlatform", m),
            c.get("IMachine_getFirmwareSettings", m)
        )?;
        let read = async {
            let (chipset, firmware) = futures::try_join!(
                c.get("IPlatform_getChipsetType", &platform),
                c.get("IFirmwareSettings_getFirmwareType", &settings),
            )?;
            let chipset = decode("getChipsetType", &chipset, ChipsetType::from_api_name)?;
            let firmware = decode("getFirmwareType", &firmware, FirmwareType::from_api_name)?;
            let max = self.max_adapters(Some(&platform), chipset, api).await?;
            Ok::<_, Error>((chipset, firmware, max))
        };
        let result = read.await;
        c.release([&platform, &settings]).await;
        result
    }

    /// How many adapter slots a machine of `chipset` has, asked once per chipset.
    async fn max_adapters(
        &self,
        platform: Option<&str>,
        chipset: ChipsetType,
        api: ApiVersion,
    ) -> Result<u32> {
        if let Some(n) = self
            .max_adapters
            .lock()
            .expect("max adapters")
            .get(&chipset)
        {
            return Ok(*n);
        }
        let c = &self.client;
        let chipset_param = Param::value("chipset", chipset.api_name());
        let count = match platform {
            Some(platform) if api >= ApiVersion::V7_1 => {
                let props = c.get("IPlatform_getProperties", platform).await?;
                let r = c
                    .call(
                        "IPlatformProperties_getMaxNetworkAdapters",
                        vec![Param::value("_this", &props), chipset_param],
                    )
                    .await;
                c.release([&props]).await;
                r?
            }
            _ => {
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
            }
        };
        let n = count
            .returnval()
            .and_then(|v| v.parse().ok())
            .unwrap_or(chipset.max_network_adapters());
        self.max_adapters
            .lock()
            .expect("max adapters")
            .insert(chipset, n);
        Ok(n)
    }

    async fn adapters(&self, m: &str, max: u32, api: ApiVersion) -> Result<Vec<NetworkAdapter>> {
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

/// A listing's answer: which machine, which column, and the values (or the fault).
type Answered = ((usize, Column), Result<Vec<String>>);

/// One machine of a listing as its answers come in.
struct Row {
    machine: Machine,
    accessible: bool,
}

impl Row {
    fn new(state: MachineState) -> Row {
        let accessible = state != INACCESSIBLE_STATE;
        let mut machine = Machine::inaccessible(String::new(), INACCESSIBLE_NAME);
        machine.state = state;
        Row {
            machine,
            accessible,
        }
    }

    fn set(&mut self, column: Column, values: Vec<String>) -> Result<()> {
        let m = &mut self.machine;
        let one = values.first().cloned().unwrap_or_default();
        match column {
            Column::Name => m.name = one,
            Column::Id => m.id = one,
            Column::OsType => m.os_type_id = one,
            Column::Memory => m.memory_mb = one.parse().unwrap_or_default(),
            Column::Cpus => m.cpus = one.parse().unwrap_or_default(),
            Column::Groups => m.groups = values,
            Column::SessionState => {
                m.session_state = decode(column.op(), &one, SessionState::from_api_name)?;
            }
        }
        Ok(())
    }

    fn into_machine(self) -> Machine {
        let mut m = self.machine;
        if !self.accessible {
            return Machine::inaccessible(m.id, INACCESSIBLE_NAME);
        }
        m.accessible = true;
        m
    }
}
