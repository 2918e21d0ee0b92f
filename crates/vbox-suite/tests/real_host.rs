//! The lifecycle suite on the real VirtualBox 7.2 (`scripts/real-virtualbox.sh test`): every
//! scenario through the real VBoxManage, through VBoxManage over ssh, and through a freshly
//! started real vboxwebsrv, each in its own VirtualBox home. Ignored by a plain `cargo test`;
//! without the real host they fail.

use vbox_suite::lifecycle_tests;
use vbox_suite::real::RealHarness;

/// What the host-played guest and the backends log (warnings and up) goes to the test's
/// output, shown when a scenario fails.
fn harness(make: fn(&str) -> RealHarness, label: &str) -> RealHarness {
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_test_writer()
        .try_init();
    make(label)
}

mod vboxmanage {
    use super::*;
    lifecycle_tests!(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"],
        harness(RealHarness::manage, module_path!())
    );
}

mod webservice {
    use super::*;
    lifecycle_tests!(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"],
        harness(RealHarness::soap, module_path!())
    );
}

mod ssh {
    use super::*;
    lifecycle_tests!(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"],
        harness(RealHarness::ssh, module_path!())
    );
}
