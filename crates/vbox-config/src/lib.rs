//! vboxctl's configuration: named connections, salt-cloud style profiles, and maps.
//!
//! - [`Config`] (`config.toml`): `[hosts.NAME]` connections (`connect`, `user`, and a password
//!   from `password_file`, `password_env`, or — with a warning when the file is readable by
//!   others — inline `password`) and `[profiles.NAME]` with salt-cloud's VirtualBox keys
//!   (`clonefrom`, `clonemode`, `power_on`, `wait_for_ip_timeout`, `waitforpattern`,
//!   `interfaceindex`, `boot_timeout`; `deploy` is refused as out of scope) plus ours
//!   (`linked`, `snapshot`, `memory`, `cpus`, `groups`, `description`, `start_type`,
//!   `stop_mode`, `stop_timeout`, `host`).
//! - [`Map`]: which machines exist, by profile, as [`vbox_ops::fleet::MachineSpec`]s.
//! - [`locate`]: where the file is; [`resolve_connection`]: the one place that decides which
//!   connection a command uses (command line, then environment, then file, then the default).
//!
//! Every unknown key and bad value is an [`Error::Invalid`] whose [`Diagnostic`] names the
//! file, line, column and dotted key, with a hint where one helps.

mod config;
mod diagnostic;
mod host;
pub mod locate;
mod map;
mod pattern;
mod profile;
mod reader;
mod resolve;
mod settings;
mod storage_keys;

pub use config::{Config, CONFIG_KEYS};
pub use diagnostic::{Diagnostic, Error, Result};
pub use host::{Credentials, Host, HOST_KEYS};
pub use locate::load_config;
pub use map::{Map, Wanted, ENTRY_KEYS, MAP_KEYS};
pub use pattern::NamePattern;
pub use profile::{Profile, PROFILE_KEYS};
pub use resolve::{
    resolve_connection, resolve_password, resolve_server_credentials, Connection, Env, Origin,
    Overrides, ENV_VARS,
};
pub use vbox_types::Secret;
