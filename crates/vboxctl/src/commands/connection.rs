//! Which host a command talks to, and the proof that it is one. The choice is made by
//! `vbox_config::resolve_connection` (command line, environment, configuration file); when
//! nothing names a host, the default is this host's VirtualBox, else the simulator with a
//! notice. Every backend answers its version before the command uses it.

use super::Ctx;
use crate::settings::env;
use crate::traced::Traced;
use anyhow::Result;
use std::sync::Arc;
use vbox_config::{Config, Connection, Origin};
use vbox_types::{Backend, VersionInfo};

/// A connected host and how reports name it.
pub struct Host {
    /// The backend.
    pub backend: Arc<dyn Backend>,
    /// The `[hosts.NAME]` name, else `default` (`--connect`, `VBOXCTL_CONNECT`, or the
    /// default connection): short, and the same on every run of a test.
    pub label: String,
    /// What the host answered when asked for its version.
    pub version: VersionInfo,
}

impl Ctx<'_> {
    /// The configuration, read on first use; its warnings (a password others can read) are
    /// printed once.
    pub fn config(&self) -> vbox_config::Result<&Config> {
        if let Some(config) = self.config.get() {
            return Ok(config);
        }
        let config = vbox_config::load_config(self.settings.config_file.as_deref(), &env)?;
        for warning in &config.warnings {
            match &warning.hint {
                Some(hint) => self.printer.warning(format!("{warning} ({hint})")),
                None => self.printer.warning(warning),
            }
        }
        Ok(self.config.get_or_init(|| config))
    }

    /// The connection for machines that want `wanted` (a profile's `host`), resolved.
    pub fn connection(&self, wanted: Option<&str>) -> Result<Connection> {
        Ok(vbox_config::resolve_connection(
            &self.settings.overrides,
            wanted,
            &env,
            || self.config(),
        )?)
    }

    /// Whether the command line, the environment or the configuration names a host (else
    /// the default connection is used).
    pub fn host_named(&self) -> Result<bool> {
        Ok(self.connection(None)?.origin != Origin::Default)
    }

    /// Connect to the host of `wanted` (`None`: the default connection) and check that it
    /// answers as VirtualBox.
    pub async fn connect(&self, wanted: Option<&str>) -> Result<Host> {
        let connection = self.connection(wanted)?;
        for note in &connection.notes {
            self.printer.status(format!("note: {note}"));
        }
        for warning in &connection.warnings {
            self.printer.warning(warning);
        }
        let uri = match &connection.uri {
            Some(uri) => uri.clone(),
            None => {
                let default = vbox::default_connection();
                if let Some(notice) = default.notice() {
                    self.printer.notice(notice);
                }
                default.uri()
            }
        };
        let options = vbox::ConnectOptions {
            user: connection.user.clone(),
            password: connection.password.clone(),
            ca_file: self.settings.ca_file.clone(),
            insecure: self.settings.insecure,
            tls_pin: self.settings.tls_pin.clone(),
        };
        self.printer.verbose(format!("Connecting to {uri}"));
        let backend: Arc<dyn Backend> = match vbox::connect_with(&uri, &options) {
            Ok(backend) => Arc::new(Traced::new(backend)),
            Err(err) => return Err(err.into()),
        };
        let version = match backend.version().await {
            Ok(version) => version,
            Err(source) => {
                return Err(vbox::ConnectError::NotVirtualBox {
                    uri: uri.clone(),
                    source,
                }
                .into())
            }
        };
        self.printer.verbose(format!(
            "Connected to {} (VirtualBox {} r{}, API {})",
            backend.describe(),
            version.version,
            version.revision,
            version.api.as_str()
        ));
        let label = connection.name.unwrap_or_else(|| "default".into());
        Ok(Host {
            backend,
            label,
            version,
        })
    }
}
