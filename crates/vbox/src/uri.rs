//! Backend selection from a URI, and the check that the backend is what it claims.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use vbox_types::{Backend, Secret, VersionInfo};

/// The simulator in its per-user directory. Not a default: [`crate::default_connection`]
/// picks the local VirtualBox when there is one.
pub const SIM_URI: &str = "sim://";

/// What a URI names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `sim://` (the default directory) or `sim:///abs/dir`.
    Sim(Option<PathBuf>),
    /// `vboxmanage://` (discover) or `vboxmanage:///path/to/VBoxManage`.
    VBoxManage(Option<PathBuf>),
    /// `http(s)://host:port` (vboxwebsrv).
    WebService(String),
    /// `ssh://user@host` (VBoxManage over ssh).
    Ssh(String),
}

/// Why a URI could not be turned into a backend.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// The URI is malformed or has an unknown scheme.
    #[error("invalid backend URI '{uri}': {reason}")]
    InvalidUri {
        /// The URI as given.
        uri: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The backend exists in the design but is not built into this binary yet.
    #[error("the {backend} backend is not available in this build (URI '{uri}')")]
    Unsupported {
        /// The backend's name.
        backend: &'static str,
        /// The URI as given.
        uri: String,
    },
    /// `sim:///dir` names a directory that does not exist: a typo must not silently become
    /// a new, empty simulated host.
    #[error("the simulator directory {} does not exist", dir.display())]
    NoSimDir {
        /// The directory.
        dir: PathBuf,
    },
    /// The backend was opened but did not answer as VirtualBox: a program that is no
    /// VBoxManage, a port where no vboxwebsrv listens, a refused logon.
    #[error("'{uri}' did not answer as a VirtualBox host")]
    NotVirtualBox {
        /// The URI as given.
        uri: String,
        /// What the version query got instead.
        #[source]
        source: vbox_types::Error,
    },
    /// The backend could not be opened.
    #[error("cannot open backend '{uri}'")]
    Open {
        /// The URI as given.
        uri: String,
        /// The cause.
        #[source]
        source: vbox_types::Error,
    },
}

impl ConnectError {
    /// The error kind, for exit codes and JSON.
    pub fn kind(&self) -> vbox_types::ErrorKind {
        match self {
            ConnectError::InvalidUri { .. } => vbox_types::ErrorKind::InvalidInput,
            ConnectError::Unsupported { .. } => vbox_types::ErrorKind::Unsupported,
            ConnectError::NoSimDir { .. } => vbox_types::ErrorKind::NotFound,
            ConnectError::NotVirtualBox { source, .. } | ConnectError::Open { source, .. } => {
                source.kind()
            }
        }
    }
}

/// What some backends need besides the URI: web service credentials and TLS trust.
#[derive(Clone, Default)]
pub struct ConnectOptions {
    /// Web service user (`""` when absent: vboxwebsrv's null authentication accepts any).
    pub user: Option<String>,
    /// Web service password (never printed: `Debug` shows `***`).
    pub password: Option<Secret>,
    /// An extra CA certificate (PEM) for `https://`.
    pub ca_file: Option<PathBuf>,
    /// Accept any certificate for `https://`.
    pub insecure: bool,
    /// Accept exactly one server certificate for `https://`: a PEM file holding it, or its
    /// SHA-256 fingerprint (see `vbox_soap::transport::CertPin::parse`).
    pub tls_pin: Option<String>,
}

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("user", &self.user)
            .field("password", &self.password)
            .field("ca_file", &self.ca_file)
            .field("insecure", &self.insecure)
            .field("tls_pin", &self.tls_pin)
            .finish()
    }
}

/// Parse a backend URI without opening anything.
pub fn parse_uri(uri: &str) -> Result<Target, ConnectError> {
    let invalid = |reason: &str| ConnectError::InvalidUri {
        uri: uri.to_string(),
        reason: reason.to_string(),
    };
    let (scheme, rest) = uri
        .split_once("://")
        .ok_or_else(|| invalid("expected SCHEME://…"))?;
    let path = |rest: &str| -> Result<Option<PathBuf>, ConnectError> {
        match rest {
            "" => Ok(None),
            p if p.starts_with('/') => Ok(Some(PathBuf::from(p))),
            _ => Err(invalid(
                "the path must be absolute, e.g. sim:///tmp/lab (three slashes)",
            )),
        }
    };
    match scheme {
        "sim" => Ok(Target::Sim(path(rest)?)),
        "vboxmanage" => Ok(Target::VBoxManage(path(rest)?)),
        "http" | "https" if !rest.is_empty() => Ok(Target::WebService(uri.to_string())),
        "ssh" if !rest.is_empty() => Ok(Target::Ssh(rest.to_string())),
        "http" | "https" | "ssh" => Err(invalid("a host is required")),
        _ => Err(invalid(
            "unknown scheme (expected sim, vboxmanage, http, https or ssh)",
        )),
    }
}

/// Open the backend a URI names and make it prove it is VirtualBox: its version is asked
/// (`VBoxManage --version`, the web service's logon and `getVersion`) before anything else, so
/// `vboxmanage:///bin/true` or a port where something else listens fail here with
/// [`ConnectError::NotVirtualBox`] instead of answering "no machines".
pub async fn open(
    uri: &str,
    options: &ConnectOptions,
) -> Result<(Arc<dyn Backend>, VersionInfo), ConnectError> {
    let backend = connect_with(uri, options)?;
    match backend.version().await {
        Ok(version) => Ok((backend, version)),
        Err(source) => Err(ConnectError::NotVirtualBox {
            uri: uri.to_string(),
            source,
        }),
    }
}

/// Open the backend a URI names, with default options (no credentials), without asking it
/// anything yet (see [`open`]).
pub fn connect(uri: &str) -> Result<Arc<dyn Backend>, ConnectError> {
    connect_with(uri, &ConnectOptions::default())
}

/// Open the backend a URI names, without asking it anything yet (see [`open`]).
///
/// `sim://` opens (creating) the simulator's per-user directory; `sim:///dir` needs `dir` to
/// exist (an empty directory becomes a new simulated host).
pub fn connect_with(uri: &str, options: &ConnectOptions) -> Result<Arc<dyn Backend>, ConnectError> {
    let open = |source| ConnectError::Open {
        uri: uri.to_string(),
        source,
    };
    match parse_uri(uri)? {
        #[cfg(feature = "sim")]
        Target::Sim(dir) => {
            let dir = match dir {
                Some(dir) => {
                    check_sim_dir(&dir)?;
                    dir
                }
                None => vbox_sim::Sim::default_dir(),
            };
            // The version the simulator plays, as for its VBoxManage emulator.
            let opts = match std::env::var(vbox_sim::manage::VERSION_VAR) {
                Ok(v) => vbox_sim::SimOptions::emulating(&v).map_err(open)?,
                Err(_) => vbox_sim::SimOptions::default(),
            };
            let sim = vbox_sim::Sim::open_with(&dir, opts).map_err(open)?;
            Ok(Arc::new(sim))
        }
        #[cfg(not(feature = "sim"))]
        Target::Sim(_) => Err(ConnectError::Unsupported {
            backend: "simulator",
            uri: uri.to_string(),
        }),
        Target::VBoxManage(path) => {
            let program = vbox_manage::discover::discover(path.as_deref()).map_err(open)?;
            Ok(manage(crate::logged::Logged(
                vbox_manage::runner::ProcessRunner::new(program),
            )))
        }
        Target::Ssh(rest) => Ok(manage(crate::logged::Logged(ssh_runner(uri, &rest)?))),
        Target::WebService(url) => {
            let pin = options
                .tls_pin
                .as_deref()
                .map(vbox_soap::transport::CertPin::parse)
                .transpose()
                .map_err(open)?;
            let opts = vbox_soap::SoapOptions {
                user: options.user.clone().unwrap_or_default(),
                password: options.password.clone().unwrap_or_default(),
                ca_file: options.ca_file.clone(),
                insecure: options.insecure,
                pin,
                ..vbox_soap::SoapOptions::default()
            };
            Ok(Arc::new(
                vbox_soap::SoapBackend::new(&url, opts).map_err(open)?,
            ))
        }
    }
}

/// A simulator directory named in a URI must exist: creating it is the user's explicit step
/// (`mkdir`), so a mistyped path fails instead of becoming a new, empty simulated host.
pub(crate) fn check_sim_dir(dir: &Path) -> Result<(), ConnectError> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(ConnectError::NoSimDir {
            dir: dir.to_path_buf(),
        })
    }
}

/// The VBoxManage backend over a runner, with the default deadlines.
fn manage(runner: impl vbox_manage::runner::Runner + 'static) -> Arc<dyn Backend> {
    let exec = vbox_manage::exec::Exec::new(Arc::new(runner));
    Arc::new(vbox_manage::ManageBackend::new(
        exec,
        vbox_manage::ManageOptions::default(),
    ))
}

/// `ssh://[user@]host[:port][/path/to/VBoxManage]`: VBoxManage run by ssh (keys and options
/// from the user's ssh configuration; no password is ever passed).
fn ssh_runner(uri: &str, rest: &str) -> Result<vbox_manage::runner::SshRunner, ConnectError> {
    let invalid = |reason: &str| ConnectError::InvalidUri {
        uri: uri.to_string(),
        reason: reason.to_string(),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    let (user_host, port) = match authority.rsplit_once(':') {
        // `[::1]:22` or `host:22`; a bare IPv6 address without brackets has no port.
        Some((h, p)) if !h.ends_with(':') && (h.ends_with(']') || !h.contains(':')) => {
            let port = p
                .parse::<u16>()
                .map_err(|_| invalid("the port must be a number"))?;
            (h, Some(port))
        }
        _ => (authority, None),
    };
    let host = user_host.rsplit('@').next().unwrap_or("");
    if host.is_empty() {
        return Err(invalid("a host is required"));
    }
    let destination = user_host.replace(['[', ']'], "");
    let mut runner = vbox_manage::runner::SshRunner::new(destination);
    if let Some(port) = port {
        runner = runner.with_port(port);
    }
    if let Some(path) = path.filter(|p| *p != "/") {
        runner = runner.with_remote_program(path);
    }
    Ok(runner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_uris() {
        assert_eq!(parse_uri("sim://").unwrap(), Target::Sim(None));
        assert_eq!(
            parse_uri("sim:///tmp/x y").unwrap(),
            Target::Sim(Some("/tmp/x y".into()))
        );
        assert_eq!(
            parse_uri("vboxmanage:///usr/bin/VBoxManage").unwrap(),
            Target::VBoxManage(Some("/usr/bin/VBoxManage".into()))
        );
        assert_eq!(
            parse_uri("http://127.0.0.1:18083").unwrap(),
            Target::WebService("http://127.0.0.1:18083".into())
        );
        assert_eq!(
            parse_uri("ssh://lab@host").unwrap(),
            Target::Ssh("lab@host".into())
        );
        assert!(matches!(
            parse_uri("sim://relative"),
            Err(ConnectError::InvalidUri { .. })
        ));
        assert!(matches!(
            parse_uri("ftp://x"),
            Err(ConnectError::InvalidUri { .. })
        ));
        assert!(matches!(
            parse_uri("nothing"),
            Err(ConnectError::InvalidUri { .. })
        ));
        assert!(
            connect("http://127.0.0.1:18083").is_ok(),
            "no I/O before the first call"
        );
    }

    #[test]
    fn ssh_uris() {
        use vbox_manage::runner::Runner;
        let r = ssh_runner("u", "lab@host:2222/opt/vb/VBoxManage").unwrap();
        assert_eq!(r.describe(), "ssh://lab@host:2222/opt/vb/VBoxManage");
        let r = ssh_runner("u", "host").unwrap();
        assert_eq!(r.destination(), "host");
        let r = ssh_runner("u", "lab@[::1]:22").unwrap();
        assert_eq!(r.destination(), "lab@::1");
        assert!(ssh_runner("u", "lab@:22").is_err());
        assert!(ssh_runner("u", "host:x").is_err());
    }

    #[test]
    fn a_simulator_directory_must_exist() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("typo");
        let err = connect(&format!("sim://{}", missing.display())).unwrap_err();
        assert!(matches!(err, ConnectError::NoSimDir { .. }), "{err}");
        assert!(!missing.exists(), "nothing was created");
        let empty = tmp.path().join("lab");
        std::fs::create_dir(&empty).unwrap();
        let uri = format!("sim://{}", empty.display());
        connect(&uri).expect("an empty directory becomes a simulated host");
        connect(&uri).expect("and is a simulator directory from then on");
    }

    #[tokio::test]
    async fn open_refuses_a_program_that_is_no_vboxmanage() {
        let err = open("vboxmanage:///bin/true", &ConnectOptions::default())
            .await
            .expect_err("/bin/true is no VBoxManage");
        assert!(matches!(err, ConnectError::NotVirtualBox { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "'vboxmanage:///bin/true' did not answer as a VirtualBox host"
        );
    }

    #[test]
    fn missing_vboxmanage_names_the_file() {
        let err = connect("vboxmanage:///nonexistent/VBoxManage").unwrap_err();
        assert!(
            err.to_string()
                .contains("vboxmanage:///nonexistent/VBoxManage"),
            "{err}"
        );
        assert_eq!(err.kind(), vbox_types::ErrorKind::NotFound);
    }
}
