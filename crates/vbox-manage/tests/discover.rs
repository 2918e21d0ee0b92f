//! Finding VBoxManage: the explicit path, the search order, and the "not found" message.

use std::path::{Path, PathBuf};
use vbox_manage::discover::{default_dirs, discover, discover_in, SearchEnv, DOWNLOAD_URL};
use vbox_types::ErrorKind;

/// An executable file (on Unix mode 0755) at `dir/name`.
fn install(dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, "#!/bin/sh\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

fn env_with(
    path: &[&Path],
    install: Option<&Path>,
    msi: Option<&Path>,
    defaults: &[&Path],
) -> SearchEnv {
    SearchEnv {
        path: path.iter().map(|p| p.to_path_buf()).collect(),
        vbox_install_path: install.map(Path::to_path_buf),
        vbox_msi_install_path: msi.map(Path::to_path_buf),
        default_dirs: defaults.iter().map(|p| p.to_path_buf()).collect(),
    }
}

#[test]
fn an_explicit_path_must_be_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = SearchEnv::default();
    let good = install(tmp.path(), "VBoxManage");
    assert_eq!(discover_in(Some(&good), &empty).unwrap(), good);
    assert_eq!(discover(Some(&good)).unwrap(), good);

    let missing = tmp.path().join("nope").join("VBoxManage");
    let err = discover_in(Some(&missing), &empty).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(
        err.message().contains(&missing.display().to_string()),
        "{err}"
    );
    assert!(err.message().contains("no such file"), "{err}");

    let err = discover(Some(tmp.path())).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("not a file"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_file_that_is_not_executable_is_not_used() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("a");
    let plain = install(&first, "VBoxManage");
    std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = discover_in(Some(&plain), &SearchEnv::default()).unwrap_err();
    assert!(err.message().contains("not executable"), "{err}");

    let second = tmp.path().join("b");
    let good = install(&second, "VBoxManage");
    let env = env_with(&[&first, &second], None, None, &[]);
    assert_eq!(discover_in(None, &env).unwrap(), good);
}

#[test]
fn the_search_order_is_path_install_vars_then_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |n: &str| tmp.path().join(n);
    let (p1, p2, inst, msi, def) = (dir("p1"), dir("p2"), dir("inst"), dir("msi"), dir("def"));
    let in_default = install(&def, "VBoxManage");
    let env = env_with(&[&p1, &p2], Some(&inst), Some(&msi), &[&def]);
    assert_eq!(discover_in(None, &env).unwrap(), in_default);
    let in_msi = install(&msi, "VBoxManage.exe");
    assert_eq!(discover_in(None, &env).unwrap(), in_msi);
    let in_install = install(&inst, "VBoxManage");
    assert_eq!(discover_in(None, &env).unwrap(), in_install);
    let lower_case = install(&p2, "vboxmanage");
    assert_eq!(discover_in(None, &env).unwrap(), lower_case);
    let first = install(&p1, "VBoxManage");
    assert_eq!(discover_in(None, &env).unwrap(), first);
}

#[test]
fn nothing_found_lists_every_place_and_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    // A repeated folder is listed once; an empty PATH entry (the current folder) is skipped.
    let env = env_with(&[&a, Path::new(""), &b, &a], Some(&c), None, &[&b]);
    let err = discover_in(None, &env).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let m = err.message();
    for (dir, source) in [(&a, "PATH"), (&b, "PATH"), (&c, "VBOX_INSTALL_PATH")] {
        let entry = format!("{} ({source})", dir.display());
        assert_eq!(m.matches(&entry).count(), 1, "{entry} in {m}");
    }
    assert!(m.contains(DOWNLOAD_URL), "{m}");
    assert!(m.contains("vboxmanage:///path/to/VBoxManage"), "{m}");
    assert!(m.contains("VBoxManage, vboxmanage, VBoxManage.exe"), "{m}");
    assert_eq!(env.folders().len(), 3);
}

#[test]
fn default_folders_per_platform() {
    assert_eq!(
        default_dirs("linux"),
        [
            "/usr/bin",
            "/usr/local/bin",
            "/usr/lib/virtualbox",
            "/opt/VirtualBox"
        ]
        .map(PathBuf::from)
    );
    assert_eq!(
        default_dirs("macos"),
        [
            "/Applications/VirtualBox.app/Contents/MacOS",
            "/usr/local/bin"
        ]
        .map(PathBuf::from)
    );
    assert_eq!(
        default_dirs("windows"),
        [PathBuf::from(r"C:\Program Files\Oracle\VirtualBox")]
    );
    assert_eq!(
        SearchEnv::from_env().default_dirs,
        default_dirs(std::env::consts::OS)
    );
}
