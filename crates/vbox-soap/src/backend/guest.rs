//! Guest properties (with the event wait) and extradata.

use std::time::{Duration, Instant};

use vbox_types::{guest_pattern_matches, ApiVersion, GuestProperty, GuestPropertyChange, Result};

use super::SoapBackend;
use crate::{Elements, Param};

/// The longest single `getEvent` wait: VBoxManage's own, and the API asks for a poll at least
/// once a second (more than 500 pending events unregister the listener).
const EVENT_SLICE_MS: u128 = 1000;

impl SoapBackend {
    pub(super) async fn guest_property(
        &self,
        name_or_id: &str,
        property: &str,
    ) -> Result<Option<GuestProperty>> {
        let r = self
            .on_machine(
                name_or_id,
                "IMachine_getGuestProperty",
                vec![Param::value("name", property)],
            )
            .await?;
        let value = r.get("value").unwrap_or_default();
        let timestamp_ns: i64 = r
            .get("timestamp")
            .and_then(|t| t.parse().ok())
            .unwrap_or_default();
        // An unset property reads as an empty value with timestamp 0.
        if value.is_empty() && timestamp_ns == 0 {
            return Ok(None);
        }
        Ok(Some(GuestProperty {
            name: property.to_string(),
            value: value.to_string(),
            timestamp_ns,
            flags: r.get("flags").unwrap_or_default().to_string(),
        }))
    }

    pub(super) async fn guest_properties(
        &self,
        name_or_id: &str,
        patterns: &str,
    ) -> Result<Vec<GuestProperty>> {
        let r = self
            .on_machine(
                name_or_id,
                "IMachine_enumerateGuestProperties",
                vec![Param::value("patterns", patterns)],
            )
            .await?;
        let (names, values, stamps, flags) = (
            r.all("names"),
            r.all("values"),
            r.all("timestamps"),
            r.all("flags"),
        );
        Ok(names
            .iter()
            .enumerate()
            .map(|(i, name)| GuestProperty {
                name: name.to_string(),
                value: values.get(i).copied().unwrap_or_default().to_string(),
                timestamp_ns: stamps
                    .get(i)
                    .and_then(|t| t.parse().ok())
                    .unwrap_or_default(),
                flags: flags.get(i).copied().unwrap_or_default().to_string(),
            })
            .collect())
    }

    pub(super) async fn put_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
        value: Option<&str>,
        flags: Option<&str>,
    ) -> Result<()> {
        let m = self.find(name_or_id).await?;
        let params = |this: &str| match value {
            Some(v) => (
                "IMachine_setGuestProperty",
                vec![
                    Param::value("_this", this),
                    Param::value("property", property),
                    Param::value("value", v),
                    Param::value("flags", flags.unwrap_or("")),
                ],
            ),
            None => (
                "IMachine_deleteGuestProperty",
                vec![Param::value("_this", this), Param::value("name", property)],
            ),
        };
        // A running machine takes the change directly; a stopped one needs a write lock.
        let state = self.client.get("IMachine_getState", &m).await;
        let running = matches!(
            state.as_deref(),
            Ok("Running" | "Paused" | "Stuck" | "LiveSnapshotting" | "OnlineSnapshotting")
        );
        let result = if running {
            let (op, p) = params(&m);
            self.call0(op, p).await
        } else {
            self.with_write_lock(&m, |sm| async move {
                let (op, p) = params(&sm);
                self.call0(op, p).await?;
                self.call0("IMachine_saveSettings", vec![Param::value("_this", &sm)])
                    .await
            })
            .await
        };
        state.and(result)
    }

    pub(super) async fn wait_property(
        &self,
        name_or_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>> {
        let m = self.find(name_or_id).await?;
        let id = self.client.get("IMachine_getId", &m).await;
        let id = id?;
        let vbox = self.client.vbox().await?;
        let source = self.client.get("IVirtualBox_getEventSource", &vbox).await?;
        let listener = self
            .client
            .get("IEventSource_createListener", &source)
            .await;
        let result = match &listener {
            Ok(listener) => self.listen(&source, listener, &id, patterns, timeout).await,
            Err(_) => Ok(None),
        };
        self.client.release([&source]).await;
        let listener = listener?;
        self.client.release([&listener]).await;
        result
    }

    async fn listen(
        &self,
        source: &str,
        listener: &str,
        machine_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>> {
        self.call0(
            "IEventSource_registerListener",
            vec![
                Param::value("_this", source),
                Param::value("listener", listener),
                Param::array("interesting", ["OnGuestPropertyChanged"]),
                Param::value("active", false),
            ],
        )
        .await?;
        let found = self
            .next_change(source, listener, machine_id, patterns, timeout)
            .await;
        let unregistered = self
            .call0(
                "IEventSource_unregisterListener",
                vec![
                    Param::value("_this", source),
                    Param::value("listener", listener),
                ],
            )
            .await;
        let found = found?;
        unregistered.map(|()| found)
    }

    async fn next_change(
        &self,
        source: &str,
        listener: &str,
        machine_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>> {
        let deadline = Instant::now() + timeout;
        let api = self.api().await?;
        loop {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_millis();
            if left == 0 {
                return Ok(None);
            }
            let r = self
                .client
                .call(
                    "IEventSource_getEvent",
                    vec![
                        Param::value("_this", source),
                        Param::value("listener", listener),
                        Param::value("timeout", left.min(EVENT_SLICE_MS)),
                    ],
                )
                .await?;
            let event = r.returnval().unwrap_or_default().to_string();
            if event.is_empty() {
                continue;
            }
            let change = self.read_change(&event, machine_id, patterns, api).await;
            let processed = self
                .call0(
                    "IEventSource_eventProcessed",
                    vec![
                        Param::value("_this", source),
                        Param::value("listener", listener),
                        Param::value("event", &event),
                    ],
                )
                .await;
            self.client.release([&event]).await;
            if let Some(change) = change? {
                return processed.map(|()| Some(change));
            }
        }
    }

    async fn read_change(
        &self,
        event: &str,
        machine_id: &str,
        patterns: &str,
        api: ApiVersion,
    ) -> Result<Option<GuestPropertyChange>> {
        let c = &self.client;
        if c.get("IEvent_getType", event).await? != "OnGuestPropertyChanged"
            || c.get("IMachineEvent_getMachineId", event).await? != machine_id
        {
            return Ok(None);
        }
        let name = c.get("IGuestPropertyChangedEvent_getName", event).await?;
        if !patterns.is_empty() && !guest_pattern_matches(patterns, &name) {
            return Ok(None);
        }
        let value = c.get("IGuestPropertyChangedEvent_getValue", event).await?;
        let flags = c.get("IGuestPropertyChangedEvent_getFlags", event).await?;
        // fWasDeleted exists from 7.0; before, a deletion shows as an empty value.
        let deleted = if api >= ApiVersion::V7_0 {
            c.get("IGuestPropertyChangedEvent_getFWasDeleted", event)
                .await?
                == "true"
        } else {
            value.is_empty()
        };
        Ok(Some(GuestPropertyChange {
            name,
            value,
            flags,
            deleted,
        }))
    }

    pub(super) async fn extradata(&self, name_or_id: &str, key: &str) -> Result<Option<String>> {
        let r = self
            .on_machine(
                name_or_id,
                "IMachine_getExtraData",
                vec![Param::value("key", key)],
            )
            .await;
        let value = r?.returnval().unwrap_or_default().to_string();
        // VirtualBox stores no empty values: empty means unset.
        Ok((!value.is_empty()).then_some(value))
    }

    pub(super) async fn put_extradata(
        &self,
        name_or_id: &str,
        key: &str,
        value: Option<&str>,
    ) -> Result<()> {
        let m = self.find(name_or_id).await?;
        // A registered machine's extradata changes only through a session: on a real 7.2.22
        // `setExtraData` on the registry's IMachine fails with "Cannot set extradata for an
        // immutable machine". VBoxManage's `setextradata` takes a shared lock (the running
        // VM's session, or a write lock when nothing holds the machine) and sets it on the
        // session's machine, which saves it.
        self.with_session_machine(&m, "Shared", |sm| async move {
            self.call0(
                "IMachine_setExtraData",
                vec![
                    Param::value("_this", &sm),
                    Param::value("key", key),
                    Param::value("value", value.unwrap_or("")),
                ],
            )
            .await
        })
        .await
    }
}
