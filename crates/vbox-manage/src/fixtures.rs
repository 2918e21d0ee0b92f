//! Where the real captured VirtualBox output lives (`shared/fixtures/`, next to the checkout),
//! for tests. `VBOXCTL_FIXTURES` overrides the path; under `CI=true` a missing directory is a
//! failure, never a silent skip.

use std::path::PathBuf;

/// The fixture root, or `None` when it is absent outside CI.
///
/// # Panics
/// When `CI=true` and the directory does not exist.
pub fn fixture_root() -> Option<PathBuf> {
    let root = std::env::var_os("VBOXCTL_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
        });
    if root.is_dir() {
        return Some(root);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "fixture directory {} is missing",
        root.display()
    );
    None
}

/// The text of one fixture file (`vboxmanage/list-vms-5.2-macos.txt`), or `None` when the
/// fixture root is absent outside CI.
///
/// # Panics
/// When the root exists but the file does not.
pub fn fixture(relative: &str) -> Option<String> {
    let root = fixture_root()?;
    let path = root.join(relative);
    Some(
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display())),
    )
}
