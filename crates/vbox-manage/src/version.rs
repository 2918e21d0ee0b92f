//! `VBoxManage --version`: which VirtualBox, and so which output formats to expect.

use crate::exec::{CallOptions, Exec};
use std::time::Duration;
use vbox_types::{Error, ErrorKind, Result, VersionInfo};

/// Ask VBoxManage its version (tolerating warnings, build suffixes and kernel-module notices).
pub async fn detect(exec: &Exec, timeout: Duration) -> Result<VersionInfo> {
    let reply = exec
        .call(&["--version".to_string()], &CallOptions::once(timeout))
        .await?;
    VersionInfo::parse_manage_version(&reply.stdout).ok_or_else(|| {
        Error::new(
            ErrorKind::Backend,
            format!("cannot read the VirtualBox version from {:?}", reply.stdout),
        )
    })
}
