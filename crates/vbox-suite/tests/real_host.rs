//! The lifecycle suite on the real VirtualBox 7.2 (`scripts/real-virtualbox.sh test`): every
//! scenario through the real VBoxManage, through VBoxManage over ssh, and through a freshly
//! started real vboxwebsrv, each in its own VirtualBox home. Ignored by a plain `cargo test`;
//! without the real host they fail.

use vbox_suite::lifecycle_tests;
use vbox_suite::real::RealHarness;

mod vboxmanage {
    use super::*;
    lifecycle_tests!(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"],
        RealHarness::manage(module_path!())
    );
}

mod webservice {
    use super::*;
    lifecycle_tests!(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"],
        RealHarness::soap(module_path!())
    );
}

mod ssh {
    use super::*;
    lifecycle_tests!(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"],
        RealHarness::ssh(module_path!())
    );
}
