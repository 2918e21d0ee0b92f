//! Where the real captured VirtualBox output lives (`fixtures/` at the root of the repository),
//! for tests. `VBOXCTL_FIXTURES` overrides the path. A missing directory or file is a panic
//! naming it, never a silent skip. [`shape`] compares an output with a capture by its form.

pub mod shape;
pub mod steps;

use std::path::PathBuf;

/// The fixture root: `VBOXCTL_FIXTURES` when set, else the repository's `fixtures/`.
///
/// # Panics
/// When the directory does not exist.
pub fn fixture_root() -> PathBuf {
    let root = std::env::var_os("VBOXCTL_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"));
    assert!(
        root.is_dir(),
        "fixture directory {} is missing (the captures belong in the repository's fixtures/; \
         VBOXCTL_FIXTURES overrides the path)",
        root.display()
    );
    root
}

/// The text of one fixture file (`vboxmanage/list-vms-5.2-macos.txt`).
///
/// # Panics
/// When the fixture root or the file is missing or unreadable.
pub fn fixture(relative: &str) -> String {
    let path = fixture_root().join(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// The `vboxweb.wsdl` of VirtualBox `version` (`7.0.18`, `7.2.22`) in `fixtures/wsdl/`.
///
/// # Panics
/// When the fixture root or the file is missing.
pub fn wsdl_path(version: &str) -> PathBuf {
    let path = fixture_root()
        .join("wsdl")
        .join(version)
        .join("vboxweb.wsdl");
    assert!(path.is_file(), "WSDL {} is missing", path.display());
    path
}

/// The fixtures of one directory (`vboxmanage-7.0.14`) whose file name `select` accepts, as
/// sorted `dir/name` paths.
///
/// # Panics
/// When the fixture root or the directory is missing or cannot be read.
pub fn fixture_files(dir: &str, select: impl Fn(&str) -> bool) -> Vec<String> {
    let path = fixture_root().join(dir);
    let entries = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("cannot list fixtures {}: {e}", path.display()));
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
/// When either does not hold, or the fixture root is missing.
pub fn assert_covered(selected: &[String], covered: &[&str]) {
    let root = fixture_root();
    let missing: Vec<&String> = selected
        .iter()
        .filter(|f| !covered.contains(&f.as_str()))
        .collect();
    assert!(missing.is_empty(), "fixtures without a test: {missing:?}");
    for rel in covered {
        assert!(root.join(rel).is_file(), "listed fixture {rel} is missing");
    }
}

/// Write the smallest optical image VirtualBox opens as a DVD: 20 sectors of 2048 bytes with
/// an ISO 9660 primary volume descriptor and its set terminator at sector 16 (the real 7.2.22
/// refuses a file without them: "Could not get the storage format … (VERR_NOT_SUPPORTED)").
pub fn write_tiny_iso(path: &std::path::Path) -> std::io::Result<()> {
    let mut image = vec![0u8; 2048 * 20];
    for (sector, kind) in [(16usize, 1u8), (17, 255)] {
        let at = sector * 2048;
        image[at] = kind;
        image[at + 1..at + 6].copy_from_slice(b"CD001");
        image[at + 6] = 1;
    }
    std::fs::write(path, image)
}
