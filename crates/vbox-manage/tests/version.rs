//! `VBoxManage --version`: real captures and the notices hosts print before the line.

use std::sync::Arc;
use std::time::Duration;
use vbox_manage::exec::Exec;
use vbox_manage::runner::{FakeReply, FakeRunner};
use vbox_manage::version::{detect, parse_version_output};
use vbox_types::{ApiVersion, ErrorKind};

/// (version, normalised, revision, api) of a parse.
fn read(stdout: &str) -> (String, String, u32, ApiVersion) {
    let v = parse_version_output(stdout).unwrap_or_else(|e| panic!("{stdout:?}: {e}"));
    (v.version, v.version_normalized, v.revision, v.api)
}

fn expect(
    version: &str,
    normalised: &str,
    revision: u32,
    api: ApiVersion,
) -> (String, String, u32, ApiVersion) {
    (version.into(), normalised.into(), revision, api)
}

#[test]
fn real_captures() {
    let out = vbox_fixtures::fixture("vboxmanage-7.0.14/version.stdout");
    assert_eq!(
        read(&out),
        expect("7.0.14", "7.0.14", 161095, ApiVersion::V7_0)
    );
    let out = vbox_fixtures::fixture("vboxmanage/version-6.0.12-windows.txt");
    assert_eq!(
        read(&out),
        expect("6.0.12", "6.0.12", 133076, ApiVersion::V6_0)
    );
    assert_eq!(
        read(&out.replace('\n', "\r\n")),
        expect("6.0.12", "6.0.12", 133076, ApiVersion::V6_0)
    );
}

#[test]
fn build_suffixes() {
    assert_eq!(
        read("7.1.4_OSEr165100\n"),
        expect("7.1.4_OSE", "7.1.4", 165100, ApiVersion::V7_1)
    );
    assert_eq!(
        read("7.0.10_Ubuntur158379\n"),
        expect("7.0.10_Ubuntu", "7.0.10", 158379, ApiVersion::V7_0)
    );
    assert_eq!(
        read("7.1.0_BETA2r164136\n"),
        expect("7.1.0_BETA2", "7.1.0", 164136, ApiVersion::V7_1)
    );
    assert_eq!(
        read("7.1.0_rpmfusionr164728\n"),
        expect("7.1.0_rpmfusion", "7.1.0", 164728, ApiVersion::V7_1)
    );
}

#[test]
fn warnings_and_kernel_module_notices_before_the_line() {
    let logname = "WARNING: Environment variable LOGNAME or USER does not correspond to \
                   effective user id.\n7.0.18r162988\n";
    assert_eq!(
        read(logname),
        expect("7.0.18", "7.0.18", 162988, ApiVersion::V7_0)
    );

    let kmod =
        "WARNING: The vboxdrv kernel module is not loaded. Either there is no module\n         \
                available for the current kernel (6.8.0-31-generic) or it failed to\n         \
                load. Please recompile the kernel module and install it by\n\n           \
                sudo /sbin/vboxconfig\n\n         \
                You will not be able to start VMs until this problem is fixed.\n\
                7.0.14r161095\n";
    assert_eq!(
        read(kmod),
        expect("7.0.14", "7.0.14", 161095, ApiVersion::V7_0)
    );

    let debian = "WARNING: The character device /dev/vboxdrv does not exist.\n\t \
                  Please install the virtualbox-dkms package and the appropriate\n\t \
                  headers, most likely linux-headers-amd64.\n\n\t \
                  You will not be able to start VMs until this problem is fixed.\n\
                  6.1.50_Debianr161033\n";
    assert_eq!(
        read(debian),
        expect("6.1.50_Debian", "6.1.50", 161033, ApiVersion::V6_1)
    );
}

#[test]
fn too_old_and_unreadable() {
    let err = parse_version_output("4.3.28r100309\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(err.message().contains("4.3.28"), "{err}");
    let err = parse_version_output("Oracle VM VirtualBox\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend);
    assert!(err.message().contains("Oracle VM VirtualBox"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn detect_asks_version_and_tolerates_notices() {
    let fake = Arc::new(FakeRunner::new());
    fake.on(
        &["--version"],
        FakeReply::ok(
            "WARNING: Environment variable LOGNAME or USER does not correspond to effective \
             user id.\r\n7.2.0r170228\r\n",
        ),
    );
    let exec = Exec::new(fake.clone());
    let v = detect(&exec, Duration::from_secs(5)).await.unwrap();
    assert_eq!((v.version.as_str(), v.api), ("7.2.0", ApiVersion::V7_2));
    assert_eq!(fake.calls(), [vec!["--version".to_string()]]);
    assert_eq!(fake.timeouts(), [Duration::from_secs(5)]);

    let broken = Arc::new(FakeRunner::new());
    broken.on(&["--version"], FakeReply::fail(126, "permission denied\n"));
    let err = detect(&Exec::new(broken), Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend);
    assert_eq!(err.message(), "permission denied");
}
