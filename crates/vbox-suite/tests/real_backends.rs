//! Both backends on one real VirtualBox 7.2 home give the same OS type id (the API's,
//! `Ubuntu_64`, never the description VBoxManage prints) and the same snapshot times
//! (`scripts/real-virtualbox.sh test`). Ignored by a plain `cargo test`.

use vbox_soap::{SoapBackend, SoapOptions};
use vbox_suite::real::{RealHarness, RealHost};
use vbox_types::{Backend, MachineFields};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn os_type_ids_and_snapshot_times_agree() {
    let home = RealHost::from_env().home(module_path!());
    home.run_ok(&[
        "createvm",
        "--name",
        "web",
        "--ostype",
        "Ubuntu_64",
        "--register",
    ]);
    home.run_ok(&["createvm", "--name", "blank", "--register"]);
    home.run_ok(&["snapshot", "web", "take", "base"]);
    home.run_ok(&["startvm", "web", "--type", "headless"]);
    home.run_ok(&["snapshot", "web", "take", "live", "--live"]);
    home.run_ok(&["controlvm", "web", "poweroff"]);
    let web = home.start_webservice();
    let soap = SoapBackend::new(
        &web.url(),
        SoapOptions {
            call_timeout: RealHarness::SOAP_CALL_DEADLINE,
            ..SoapOptions::default()
        },
    )
    .unwrap();
    let manage = home.backend();
    let backends: [&dyn Backend; 2] = [manage.as_ref(), &soap];

    for b in backends {
        let shown = b.get_machine("web").await.unwrap();
        assert_eq!(shown.os_type_id, "Ubuntu_64", "{}", b.describe());
        let listed = b.list_machines_with(MachineFields::ALL).await.unwrap();
        let os: Vec<&str> = listed.iter().map(|m| m.os_type_id.as_str()).collect();
        assert_eq!(os, ["Ubuntu_64", "Other"], "{}", b.describe());
        let full = b.list_machines_full().await.unwrap();
        assert_eq!(full[0].os_type_id, "Ubuntu_64", "{}", b.describe());
    }
    let by_manage = manage.list_snapshots("web").await.unwrap();
    let by_soap = soap.list_snapshots("web").await.unwrap();
    assert_eq!(by_manage.len(), 2);
    assert!(by_manage.iter().all(|s| s.taken_ms > 0), "{by_manage:?}");
    assert_eq!(by_manage, by_soap);
    assert!(by_manage[1].online && !by_manage[0].online);
}
