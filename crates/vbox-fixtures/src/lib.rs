//! Where the real captured VirtualBox output lives (`shared/fixtures/`, next to the checkout),
//! for tests. `VBOXCTL_FIXTURES` overrides the path; under `CI=true` a missing directory is a
//! failure, never a silent skip. [`shape`] compares an output with a capture by its form.

pub mod shape;

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

/// The fixtures of one directory (`vboxmanage-7.0.14`) whose file name `select` accepts, as
/// sorted `dir/name` paths; empty when the fixture root is absent outside CI.
///
/// # Panics
/// When the directory cannot be read.
pub fn fixture_files(dir: &str, select: impl Fn(&str) -> bool) -> Vec<String> {
    let Some(root) = fixture_root() else {
        return Vec::new();
    };
    let entries = std::fs::read_dir(root.join(dir))
        .unwrap_or_else(|e| panic!("cannot list fixtures {dir}: {e}"));
    let mut files: Vec<String> = entries
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| select(name))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

/// The coverage check of the parser tests: every selected fixture is in `covered` (so a new
/// capture of a command fails until something parses it), and every covered file exists.
///
/// # Panics
/// When either does not hold.
pub fn assert_covered(selected: &[String], covered: &[&str]) {
    let Some(root) = fixture_root() else { return };
    let missing: Vec<&String> = selected
        .iter()
        .filter(|f| !covered.contains(&f.as_str()))
        .collect();
    assert!(missing.is_empty(), "fixtures without a test: {missing:?}");
    for rel in covered {
        assert!(root.join(rel).is_file(), "listed fixture {rel} is missing");
    }
}
