//! Other people's clients: the Python packages `remotevbox` and `vboxwebber`, each through its
//! default constructor (which fetches the WSDL from `GET /?wsdl`), log on, list machines, read
//! a machine's properties and snapshots and log off — against the real vboxwebsrv 7.2.22 and
//! against the simulator's server playing 7.2, on the same machine, and both must see the
//! same. The clients are installed by `scripts/python-clients.sh` (CI runs it); the driver is
//! `tests/pyclients/drive.py`. Ignored by a plain `cargo test`.

#[path = "../../vbox-sim/tests/soap_common/mod.rs"]
mod soap_common;
mod wire_common;

use std::path::PathBuf;
use vbox_sim::ServeOptions;
use vbox_suite::real::RealHost;

/// The Python of the clients' virtual environment.
fn python() -> PathBuf {
    let python = std::env::var_os("VBOXCTL_PYTHON_CLIENTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/pyclients/venv/bin/python")
        });
    assert!(
        python.is_file(),
        "{} is missing: run scripts/python-clients.sh (or set VBOXCTL_PYTHON_CLIENTS)",
        python.display()
    );
    python
}

/// What `client` saw at `url`, as the driver's JSON line.
async fn drive(client: &str, url: &str) -> String {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pyclients/drive.py");
    let out = tokio::process::Command::new(python())
        .arg(script)
        .args([client, url, "t1"])
        .output()
        .await
        .expect("run the Python driver");
    assert!(
        out.status.success(),
        "{client} against {url} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn remotevbox_and_vboxwebber_see_the_same_on_the_simulator_as_on_the_real_host() {
    let home = RealHost::from_env().home("real_python_clients");
    wire_common::real_t1(&home);
    let web = home.start_webservice();

    let served = soap_common::serve("7.2", ServeOptions::default()).await;
    wire_common::sim_t1(&served.sim).await;
    let sim_url = format!("http://{}", served.addr);

    for client in ["remotevbox", "vboxwebber"] {
        let real = drive(client, &web.url()).await;
        let sim = drive(client, &sim_url).await;
        assert!(
            real.contains("\"current_snapshot\": \"base\""),
            "{client}: {real}"
        );
        assert!(real.contains("\"machines\": [\"t1\"]"), "{client}: {real}");
        assert_eq!(
            sim, real,
            "{client}: the simulator (left) and the real host (right)"
        );
    }
}
