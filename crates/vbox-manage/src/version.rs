//! `VBoxManage --version`: which VirtualBox, and so which output formats to expect.
//!
//! The line is `<version>r<revision>` (`7.0.14r161095`), with a publisher suffix on distro and
//! test builds (`7.0.10_Ubuntur158379`, `7.1.4_OSEr165100`, `7.1.0_BETA2r164136`). Before it,
//! 7.0.16+ may print `WARNING: Environment variable LOGNAME or USER does not correspond to
//! effective user id.` and the Linux wrapper script a multi-line notice when the vboxdrv
//! kernel module is not loaded (exit code still 0) — both on stdout.

use crate::exec::{strip_warnings, CallOptions, Exec};
use std::time::Duration;
use vbox_types::{ApiVersion, Error, ErrorKind, Result, VersionInfo};

/// Ask VBoxManage its version (tolerating warnings, build suffixes and kernel-module notices).
///
/// Errors: whatever the call fails with; Unsupported for a VirtualBox older than 5.2;
/// Backend when no version line is found (the message quotes the output).
pub async fn detect(exec: &Exec, timeout: Duration) -> Result<VersionInfo> {
    let reply = exec
        .call(&["--version".to_string()], &CallOptions::once(timeout))
        .await?;
    parse_version_output(&reply.stdout)
}

/// Read the output of `VBoxManage --version`: the first line that is a version, after any
/// leading `WARNING:` notices.
pub fn parse_version_output(stdout: &str) -> Result<VersionInfo> {
    let text = strip_warnings(&stdout.replace("\r\n", "\n"));
    let lines = || {
        text.lines()
            .map(str::trim)
            .filter(|l| looks_like_version(l))
    };
    if let Some(info) = lines().find_map(VersionInfo::parse_manage_version) {
        return Ok(info);
    }
    if let Some(old) = lines().next() {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "VirtualBox {old} is not supported (the oldest supported is {})",
                ApiVersion::ALL[0]
            ),
        ));
    }
    Err(Error::new(
        ErrorKind::Backend,
        format!("cannot read the VirtualBox version from `VBoxManage --version` output {stdout:?}"),
    ))
}

/// `<digits>.<digits>…`: a notice line never starts like that.
fn looks_like_version(line: &str) -> bool {
    let mut parts = line.splitn(2, '.');
    let major = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("");
    !major.is_empty()
        && major.chars().all(|c| c.is_ascii_digit())
        && rest.starts_with(|c: char| c.is_ascii_digit())
}
