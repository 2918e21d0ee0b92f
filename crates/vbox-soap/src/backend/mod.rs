//! [`SoapBackend`]: [`vbox_types::Backend`] over vboxwebsrv.

mod appliance;
mod config;
mod control;
mod guest;
mod hostonly;
mod lifecycle;
mod media;
mod read;
mod session;
mod snapshots;
mod storage;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::OnceCell;
use vbox_types::{
    ApiVersion, ApplianceInfo, Backend, Capabilities, ChipsetType, CloneMachine, ControlAction,
    CreateHostOnly, CreateMachine, Error, ErrorKind, ExportAppliance, GuestProperty,
    GuestPropertyChange, HostNetworks, HostOnlyNetwork, ImportAppliance, Machine, MachineFields,
    MachineSummary, Medium, ModifyMachine, Result, Snapshot, StartType, TakeSnapshot, Unregister,
    UnregisterReport, VersionInfo, Watch,
};

use crate::client::{Client, Secret};
use crate::transport::{HttpTransport, TlsOptions, Transport};
use crate::Param;

/// Settings of a [`SoapBackend`].
#[derive(Clone, Debug)]
pub struct SoapOptions {
    /// Timeout of one request (default 60 s).
    pub call_timeout: Duration,
    /// Timeout of progress waits (default 10 min).
    pub long_timeout: Duration,
    /// Concurrent requests, and so connections, at most (default
    /// [`crate::transport::DEFAULT_MAX_CONNECTIONS`]).
    pub concurrency: usize,
    /// Logon user name (default empty: null authentication accepts anything).
    pub user: String,
    /// Logon password (never printed).
    pub password: Secret,
    /// Extra trusted CA (PEM) for https.
    pub ca_file: Option<PathBuf>,
    /// Accept any certificate (explicit, insecure).
    pub insecure: bool,
    /// Accept exactly this server certificate (or any with this SHA-256 fingerprint).
    pub pin: Option<crate::transport::CertPin>,
    /// Largest answer accepted (default 64 MiB).
    pub max_response_bytes: usize,
}

impl Default for SoapOptions {
    fn default() -> SoapOptions {
        SoapOptions {
            call_timeout: Duration::from_secs(60),
            long_timeout: Duration::from_secs(600),
            concurrency: crate::transport::DEFAULT_MAX_CONNECTIONS,
            user: String::new(),
            password: Secret::default(),
            ca_file: None,
            insecure: false,
            pin: None,
            max_response_bytes: 64 * 1024 * 1024,
        }
    }
}

/// A VirtualBox host reached through its web service.
#[derive(Debug)]
pub struct SoapBackend {
    url: String,
    opts: SoapOptions,
    client: Client,
    version: OnceCell<VersionInfo>,
    /// Adapter slots per chipset, asked once (the same for every machine of a chipset).
    max_adapters: std::sync::Mutex<std::collections::HashMap<ChipsetType, u32>>,
    /// `IHost.operatingSystem`, asked once: it decides which host-only form exists.
    host_os: OnceCell<String>,
}

impl SoapBackend {
    /// A backend for `url` (`http://host:18083/`). No I/O happens until the first call.
    ///
    /// # Errors
    /// InvalidInput for a bad URL or CA file.
    pub fn new(url: &str, opts: SoapOptions) -> Result<SoapBackend> {
        let tls = TlsOptions {
            ca_file: opts.ca_file.clone(),
            insecure: opts.insecure,
            pin: opts.pin.clone(),
        };
        let transport =
            HttpTransport::with_connections(url, tls, opts.max_response_bytes, opts.concurrency)?;
        Ok(Self::with_transport(url, Arc::new(transport), opts))
    }

    /// A backend over any transport (tests replay captures through one).
    pub fn with_transport(
        url: &str,
        transport: Arc<dyn Transport>,
        opts: SoapOptions,
    ) -> SoapBackend {
        let host = host_of(url);
        let client = Client::new(
            transport,
            host,
            opts.user.clone(),
            opts.password.clone(),
            opts.call_timeout,
            opts.max_response_bytes,
        );
        SoapBackend {
            url: url.to_string(),
            opts,
            client,
            version: OnceCell::new(),
            max_adapters: Default::default(),
            host_os: OnceCell::new(),
        }
    }

    /// The websession client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The API generation of the server (asked once).
    ///
    /// # Errors
    /// Call errors; Unsupported for an API version this client does not know.
    pub async fn api(&self) -> Result<ApiVersion> {
        Ok(self.version_info().await?.api)
    }

    async fn version_info(&self) -> Result<VersionInfo> {
        self.version
            .get_or_try_init(|| async {
                let vbox = self.client.vbox().await?;
                let api_text = self.client.get("IVirtualBox_getAPIVersion", &vbox).await?;
                let api: ApiVersion = api_text.parse().map_err(|_| {
                    Error::new(
                        ErrorKind::Unsupported,
                        format!("{}: unknown API version {api_text:?}", self.client.host()),
                    )
                })?;
                let version = self.client.get("IVirtualBox_getVersion", &vbox).await?;
                let version_normalized = self
                    .client
                    .get("IVirtualBox_getVersionNormalized", &vbox)
                    .await?;
                let revision = self.client.get("IVirtualBox_getRevision", &vbox).await?;
                Ok(VersionInfo {
                    version,
                    version_normalized,
                    revision: revision.parse().unwrap_or_default(),
                    api,
                })
            })
            .await
            .cloned()
    }

    /// `op` on the machine `name_or_id` (found, then called with `_this` and `params`).
    async fn on_machine(
        &self,
        name_or_id: &str,
        op: &str,
        params: Vec<Param>,
    ) -> Result<crate::envelope::Response> {
        let m = self.find(name_or_id).await?;
        let mut all = vec![Param::value("_this", &m)];
        all.extend(params);
        self.client.call(op, all).await
    }

    /// `findMachine`: the machine's reference, kept for the websession.
    async fn find(&self, name_or_id: &str) -> Result<String> {
        let vbox = self.client.vbox().await?;
        let r = self
            .client
            .call(
                "IVirtualBox_findMachine",
                vec![
                    Param::value("_this", vbox),
                    Param::value("nameOrId", name_or_id),
                ],
            )
            .await?;
        let m = crate::Elements::returnval(&r)
            .unwrap_or_default()
            .to_string();
        // Machines are kept for the websession (see `Client::keep`).
        self.client.keep([&m]);
        Ok(m)
    }

    /// Runs an idempotent read again once when the websession expired during it (the server
    /// dropped it after its idle timeout; every reference of it is dead, so start over).
    async fn retry_read<T, F, Fut>(&self, read: F) -> Result<T>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let before = self.client.generation();
        match read().await {
            Err(_) if self.client.generation() != before => read().await,
            other => other,
        }
    }
}

/// `host:port` of a URL for messages (the URL itself when it does not parse).
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest).to_string()
}

/// An array parameter of references or names.
fn strings(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

#[async_trait]
impl Backend for SoapBackend {
    fn describe(&self) -> String {
        self.url.clone()
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { event_wait: true }
    }

    async fn version(&self) -> Result<VersionInfo> {
        self.version_info().await
    }

    async fn list_machines(&self) -> Result<Vec<MachineSummary>> {
        self.retry_read(|| self.summaries()).await
    }

    async fn list_machines_full(&self) -> Result<Vec<Machine>> {
        self.retry_read(|| self.machines_full()).await
    }

    async fn list_machines_with(&self, fields: MachineFields) -> Result<Vec<Machine>> {
        self.retry_read(|| self.machines_with(fields)).await
    }

    async fn get_machine(&self, name_or_id: &str) -> Result<Machine> {
        self.retry_read(|| self.machine_by_name(name_or_id)).await
    }

    async fn create_machine(&self, spec: &CreateMachine) -> Result<Machine> {
        self.create(spec).await
    }

    async fn modify_machine(&self, name_or_id: &str, change: &ModifyMachine) -> Result<()> {
        self.modify(name_or_id, change).await
    }

    async fn clone_machine(&self, spec: &CloneMachine) -> Result<Machine> {
        self.clone_vm(spec).await
    }

    async fn start_machine(&self, name_or_id: &str, start_type: StartType) -> Result<()> {
        self.start(name_or_id, start_type).await
    }

    async fn control_machine(&self, name_or_id: &str, action: ControlAction) -> Result<()> {
        self.control(name_or_id, action).await
    }

    async fn unregister_machine(
        &self,
        name_or_id: &str,
        how: &Unregister,
    ) -> Result<UnregisterReport> {
        self.unregister(name_or_id, how).await
    }

    async fn list_media(&self) -> Result<Vec<Medium>> {
        self.retry_read(|| self.media()).await
    }

    async fn get_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
    ) -> Result<Option<GuestProperty>> {
        self.retry_read(|| self.guest_property(name_or_id, property))
            .await
    }

    async fn enumerate_guest_properties(
        &self,
        name_or_id: &str,
        patterns: &str,
    ) -> Result<Vec<GuestProperty>> {
        self.retry_read(|| self.guest_properties(name_or_id, patterns))
            .await
    }

    async fn set_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
        value: Option<&str>,
        flags: Option<&str>,
    ) -> Result<()> {
        self.put_guest_property(name_or_id, property, value, flags)
            .await
    }

    async fn wait_guest_property(
        &self,
        name_or_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>> {
        self.wait_property(name_or_id, patterns, timeout).await
    }

    async fn list_snapshots(&self, name_or_id: &str) -> Result<Vec<Snapshot>> {
        self.retry_read(|| self.snapshots(name_or_id)).await
    }

    async fn take_snapshot(&self, name_or_id: &str, spec: &TakeSnapshot) -> Result<Snapshot> {
        self.take(name_or_id, spec).await
    }

    async fn restore_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        self.restore(name_or_id, snapshot).await
    }

    async fn delete_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()> {
        self.delete_snap(name_or_id, snapshot).await
    }

    async fn get_extradata(&self, name_or_id: &str, key: &str) -> Result<Option<String>> {
        self.retry_read(|| self.extradata(name_or_id, key)).await
    }

    async fn set_extradata(&self, name_or_id: &str, key: &str, value: Option<&str>) -> Result<()> {
        self.put_extradata(name_or_id, key, value).await
    }

    async fn machine_config(&self, name_or_id: &str) -> Result<vbox_types::MachineConfig> {
        self.config(name_or_id).await
    }

    async fn read_appliance(&self, spec: &ImportAppliance) -> Result<ApplianceInfo> {
        self.appliance_read(spec).await
    }

    async fn import_appliance(&self, spec: &ImportAppliance, watch: Watch) -> Result<Machine> {
        self.appliance_import(spec, watch).await
    }

    async fn list_host_only(&self) -> Result<HostNetworks> {
        self.host_networks().await
    }

    async fn create_host_only(&self, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
        self.host_only_create(spec).await
    }

    async fn remove_host_only(&self, name: &str) -> Result<()> {
        self.host_only_remove(name).await
    }

    async fn export_appliance(&self, spec: &ExportAppliance, watch: Watch) -> Result<()> {
        self.appliance_export(spec, watch).await
    }
}
