//! Which host a command talks to: `--connect`/`VBOXCTL_CONNECT`, or a `[hosts.NAME]` of the
//! configuration (`--host`, `VBOXCTL_HOST`, a profile's `host`, `default_host`), resolved by
//! `vbox_config::connection` with its precedence: command line, environment, file.

use super::Ctx;
use anyhow::Result;
use std::sync::Arc;
use vbox_config::{Config, Connection};
use vbox_types::Backend;

/// A connected host and how reports name it.
pub struct Host {
    /// The backend.
    pub backend: Arc<dyn Backend>,
    /// The `[hosts.NAME]` name, else `default` (`--connect`, `VBOXCTL_CONNECT`, or the
    /// built-in default): short, and the same on every run of a test.
    pub label: String,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

impl Ctx<'_> {
    /// The configuration, read on first use; its warnings (a password others can read) are
    /// printed once.
    pub fn config(&self) -> Result<&Config> {
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

    /// The connection for machines that want `wanted` (a profile's `host`); `None` when
    /// nothing is configured anywhere (the default backend is used).
    fn connection(&self, wanted: Option<&str>) -> Result<Option<Connection>> {
        let config = self.config()?;
        Ok(vbox_config::connection(
            config,
            &self.settings.overrides,
            wanted,
            &env,
        )?)
    }

    /// The URI the default connection uses.
    pub fn uri(&self) -> Result<String> {
        Ok(match self.connection(None)? {
            Some(connection) => connection.connect,
            None => self.settings.uri.clone(),
        })
    }

    /// Connect to the host of `wanted` (`None`: the default connection).
    pub fn connect(&self, wanted: Option<&str>) -> Result<Host> {
        let (uri, label, options, warning) = match self.connection(wanted)? {
            Some(connection) => {
                let (options, warning) = self.settings.access.options_for(&connection)?;
                let label = connection.name.clone().unwrap_or_else(|| "default".into());
                (connection.connect, label, options, warning)
            }
            None => {
                let (options, warning) = self.settings.access.connect_options()?;
                let uri = self.settings.uri.clone();
                (uri, "default".to_string(), options, warning)
            }
        };
        if let Some(warning) = warning {
            self.printer.warning(warning);
        }
        let backend = vbox::connect_with(&uri, &options)?;
        self.printer
            .verbose(format!("Connected to {}", backend.describe()));
        Ok(Host { backend, label })
    }
}
