//! VirtualBox versions and API generations.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The API generation of a VirtualBox installation.
///
/// The numbering of several enums (most importantly [`crate::MachineState`]) depends on it:
/// 6.1 removed `FaultTolerantSyncing`, 7.0 inserted `AbortedSaved`, 7.1 moved the chipset
/// and the NIC limits into the platform properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ApiVersion {
    /// VirtualBox 5.2.x (API `5_2`).
    #[serde(rename = "5.2")]
    V5_2,
    /// VirtualBox 6.0.x (API `6_0`).
    #[serde(rename = "6.0")]
    V6_0,
    /// VirtualBox 6.1.x (API `6_1`).
    #[serde(rename = "6.1")]
    V6_1,
    /// VirtualBox 7.0.x (API `7_0`).
    #[serde(rename = "7.0")]
    V7_0,
    /// VirtualBox 7.1.x (API `7_1`).
    #[serde(rename = "7.1")]
    V7_1,
    /// VirtualBox 7.2.x (API `7_2`).
    #[serde(rename = "7.2")]
    V7_2,
}

impl ApiVersion {
    /// Every generation this crate knows, oldest first.
    pub const ALL: [ApiVersion; 6] = [
        ApiVersion::V5_2,
        ApiVersion::V6_0,
        ApiVersion::V6_1,
        ApiVersion::V7_0,
        ApiVersion::V7_1,
        ApiVersion::V7_2,
    ];

    /// The newest generation; what a version newer than every known one is treated as.
    pub const LATEST: ApiVersion = ApiVersion::V7_2;

    /// `major.minor`, as users write it (`"7.1"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V5_2 => "5.2",
            ApiVersion::V6_0 => "6.0",
            ApiVersion::V6_1 => "6.1",
            ApiVersion::V7_0 => "7.0",
            ApiVersion::V7_1 => "7.1",
            ApiVersion::V7_2 => "7.2",
        }
    }

    /// The form of `IVirtualBox::APIVersion` (`"7_1"`).
    pub fn api_string(self) -> String {
        self.as_str().replace('.', "_")
    }

    /// The generation of a `major.minor` pair. Versions older than 5.2 are refused; newer
    /// minors of a known major and newer majors map to the latest known generation, so a new
    /// release is not rejected by a hard-coded list (a complaint about Vagrant, hashicorp/vagrant#13501).
    pub fn from_major_minor(major: u32, minor: u32) -> Option<ApiVersion> {
        Some(match (major, minor) {
            (5, 2) => ApiVersion::V5_2,
            (6, 0) => ApiVersion::V6_0,
            (6, 1) => ApiVersion::V6_1,
            (7, 0) => ApiVersion::V7_0,
            (7, 1) => ApiVersion::V7_1,
            (7, 2) => ApiVersion::V7_2,
            (6, _) => ApiVersion::V6_1,
            (7, _) | (8.., _) => ApiVersion::LATEST,
            _ => return None,
        })
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error returned when a version string cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported VirtualBox API version '{0}' (expected 5.2, 6.0, 6.1, 7.0, 7.1 or 7.2)")]
pub struct ParseVersionError(pub String);

impl FromStr for ApiVersion {
    type Err = ParseVersionError;

    /// Accepts `7.1`, `7_1`, `7.1.12`, `7.1.12r169651`, `7.0.10_Ubuntur158379`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseVersionError(s.to_string());
        let t = s.trim();
        let mut parts = t.split(['.', '_']);
        let major: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        let minor: u32 = parts
            .next()
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|p| p.parse().ok())
            .ok_or_else(err)?;
        ApiVersion::from_major_minor(major, minor).ok_or_else(err)
    }
}

/// What a host says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// The full version as reported (`7.1.12`, `7.0.10_Ubuntu`, `6.0.12`).
    pub version: String,
    /// The version without a publisher suffix (`7.0.10`).
    pub version_normalized: String,
    /// The build revision (`169651`), 0 when unknown.
    pub revision: u32,
    /// The API generation, which selects per-version formats and numbering.
    pub api: ApiVersion,
}

impl VersionInfo {
    /// Parse a `VBoxManage --version` line such as `7.1.12r169651`, `7.0.10_Ubuntur158379`,
    /// `6.0.12r133076` or `7.1.4_OSEr165100`.
    pub fn parse_manage_version(s: &str) -> Option<VersionInfo> {
        let line = s
            .lines()
            .map(str::trim)
            .find(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()) && l.contains('.'))?;
        let (ver, rev) = match line.rfind('r') {
            Some(i) if line[i + 1..].chars().all(|c| c.is_ascii_digit()) && i + 1 < line.len() => {
                (&line[..i], line[i + 1..].parse().unwrap_or(0))
            }
            _ => (line, 0),
        };
        let normalized: String = ver
            .split('_')
            .next()
            .unwrap_or(ver)
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let api = normalized.parse().ok()?;
        Some(VersionInfo {
            version: ver.to_string(),
            version_normalized: normalized,
            revision: rev,
            api,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_manage_versions() {
        let v = VersionInfo::parse_manage_version("7.1.12r169651\n").unwrap();
        assert_eq!(
            (v.version.as_str(), v.revision, v.api),
            ("7.1.12", 169651, ApiVersion::V7_1)
        );
        let v = VersionInfo::parse_manage_version("7.0.10_Ubuntur158379").unwrap();
        assert_eq!(v.version, "7.0.10_Ubuntu");
        assert_eq!(v.version_normalized, "7.0.10");
        assert_eq!(v.api, ApiVersion::V7_0);
        let warn = "WARNING: Environment variable LOGNAME or USER does not correspond to effective user id.\n7.0.16r162802\n";
        assert_eq!(
            VersionInfo::parse_manage_version(warn).unwrap().api,
            ApiVersion::V7_0
        );
        assert_eq!(
            VersionInfo::parse_manage_version("6.0.12r133076")
                .unwrap()
                .api,
            ApiVersion::V6_0
        );
    }

    #[test]
    fn parses_api_strings() {
        assert_eq!("7_1".parse::<ApiVersion>().unwrap(), ApiVersion::V7_1);
        assert_eq!("5.2".parse::<ApiVersion>().unwrap(), ApiVersion::V5_2);
        assert_eq!("7.3".parse::<ApiVersion>().unwrap(), ApiVersion::V7_2);
        assert!("4.3".parse::<ApiVersion>().is_err());
        assert!("x".parse::<ApiVersion>().is_err());
    }
}
