//! The one-line results of `createvm`, `clonevm`, `startvm` and `snapshot take`.

/// The UUID `createvm` printed (`UUID: <uuid>`).
pub fn created_uuid(stdout: &str) -> Option<String> {
    stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("UUID: "))
        .map(|u| u.trim().to_ascii_lowercase())
}

/// The settings file `createvm` printed (`Settings file: '<path>'`).
pub fn settings_file(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|l| {
        let rest = l.trim_end().strip_prefix("Settings file: '")?;
        rest.strip_suffix('\'').map(str::to_string)
    })
}

/// The UUID `createmedium` printed: `Medium created. UUID: <uuid>`.
pub fn medium_uuid(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("Medium created. UUID: ")?;
        Some(rest.trim().to_ascii_lowercase())
    })
}

/// The name `clonevm` reported: `Machine has been successfully cloned as "<name>"`.
pub fn cloned_name(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|l| {
        let rest = l
            .trim_end()
            .strip_prefix("Machine has been successfully cloned as \"")?;
        rest.strip_suffix('"').map(str::to_string)
    })
}

/// Whether `startvm` reported success: `VM "<arg>" has been successfully started.`
pub fn started(stdout: &str) -> bool {
    stdout.lines().any(|l| {
        l.starts_with("VM \"") && l.trim_end().ends_with("\" has been successfully started.")
    })
}

/// The UUID `snapshot take` printed: `Snapshot taken. UUID: <uuid>`.
pub fn snapshot_uuid(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("Snapshot taken. UUID: ")?;
        Some(rest.trim().to_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(
            created_uuid(
                "Virtual machine 'a' is created and registered.\nUUID: AB-C\nSettings file: '/x'\n"
            )
            .as_deref(),
            Some("ab-c")
        );
        assert_eq!(
            settings_file("UUID: x\nSettings file: '/v/it's/a.vbox'\n").as_deref(),
            Some("/v/it's/a.vbox")
        );
        assert_eq!(
            cloned_name("Machine has been successfully cloned as \"tmpl \"q\" 2\"\n").as_deref(),
            Some("tmpl \"q\" 2")
        );
        assert!(started(
            "Waiting for VM \"a\" to power on...\nVM \"a\" has been successfully started.\n"
        ));
        assert!(!started("Waiting for VM \"a\" to power on...\n"));
        assert_eq!(
            snapshot_uuid("Snapshot taken. UUID: 12ab\n").as_deref(),
            Some("12ab")
        );
    }
}
