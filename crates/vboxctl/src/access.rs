//! Credentials and TLS trust, for the web service backend and for `sim serve`: the user from
//! `--user`/`VBOXCTL_USER`, the password from `VBOXCTL_PASSWORD` or the first line of
//! `--password-file` — never from the command line, where process listings would show it.

use crate::cli::GlobalArgs;
use crate::error::CliError;
use std::path::PathBuf;

/// The environment variable holding the password.
pub const PASSWORD_VAR: &str = "VBOXCTL_PASSWORD";

/// Where credentials come from.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// User name.
    pub user: Option<String>,
    /// Password file.
    pub password_file: Option<PathBuf>,
    /// Extra CA certificate.
    pub ca_file: Option<PathBuf>,
    /// Accept any certificate.
    pub insecure: bool,
    /// The one server certificate to accept (file or SHA-256 fingerprint).
    pub tls_pin: Option<String>,
}

/// A password and, when its file is readable by others, a warning to show.
#[derive(Default)]
pub struct Password {
    /// The password, if one was given.
    pub value: Option<String>,
    /// Why the file is unsafe, if it is.
    pub warning: Option<String>,
}

impl Access {
    /// From the global flags.
    pub fn from_args(args: &GlobalArgs) -> Access {
        Access {
            user: args.user.clone(),
            password_file: args.password_file.clone(),
            ca_file: args.ca_file.clone(),
            insecure: args.insecure,
            tls_pin: args.tls_pin.clone(),
        }
    }

    /// The password: the file's first line when `--password-file` is given, else
    /// `VBOXCTL_PASSWORD`, else none.
    pub fn password(&self) -> Result<Password, CliError> {
        let Some(path) = &self.password_file else {
            return Ok(Password {
                value: std::env::var(PASSWORD_VAR).ok(),
                warning: None,
            });
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::new(format!(
                "cannot read the password file {}: {e}",
                path.display()
            ))
        })?;
        let value = text.lines().next().unwrap_or("").to_string();
        Ok(Password {
            value: Some(value),
            warning: others_can_read(path),
        })
    }

    /// The options `vbox::connect_with` takes, and the password file warning.
    pub fn connect_options(&self) -> Result<(vbox::ConnectOptions, Option<String>), CliError> {
        let password = self.password()?;
        let options = vbox::ConnectOptions {
            user: self.user.clone(),
            password: password.value,
            ca_file: self.ca_file.clone(),
            insecure: self.insecure,
            tls_pin: self.tls_pin.clone(),
        };
        Ok((options, password.warning))
    }
}

impl Access {
    /// The options for a connection of the configuration: its user, and its password — from
    /// `--password-file` when given (with the permission warning), else the way the
    /// `[hosts.NAME]` says, else `VBOXCTL_PASSWORD`.
    pub fn options_for(
        &self,
        connection: &vbox_config::Connection,
    ) -> anyhow::Result<(vbox::ConnectOptions, Option<String>)> {
        let (mut options, warning) = self.connect_options()?;
        options.user = connection.user.clone();
        if self.password_file.is_none() && connection.credentials != vbox_config::Credentials::None
        {
            let env = |name: &str| std::env::var(name).ok();
            options.password = connection
                .password(&env)?
                .map(|secret| secret.expose().to_string());
        }
        Ok((options, warning))
    }
}

/// A warning when group or others may read the file (Unix permissions).
#[cfg(unix)]
fn others_can_read(path: &std::path::Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o044 != 0).then(|| {
        format!(
            "the password file {} can be read by other users (mode {:o}); `chmod 600` it",
            path.display(),
            mode & 0o777
        )
    })
}

#[cfg(not(unix))]
fn others_can_read(_path: &std::path::Path) -> Option<String> {
    None
}
