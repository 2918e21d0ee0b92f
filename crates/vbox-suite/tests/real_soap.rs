//! The web service client against the real vboxwebsrv 7.2 (`scripts/real-virtualbox.sh
//! test`): requests counted per machine for a listing, references released exactly once, and
//! TLS with the certificates users deploy (self-signed, CA-signed), trusted by CA file, pin or
//! not at all. Ignored by a plain `cargo test`; without the real host they fail.

mod wire_common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;
use vbox_soap::transport::{fingerprint, CertPin, HttpTransport, TlsOptions};
use vbox_soap::{SoapBackend, SoapOptions};
use vbox_suite::real::{RealHarness, RealHome, RealHost};
use vbox_types::{Backend, ErrorKind, MachineFields};
use wire_common::Counting;

/// `n` machines made by the real VBoxManage (Ubuntu_64, 1024 MB on 7.2).
fn machines(home: &RealHome, n: usize) {
    for i in 0..n {
        home.run_ok(&[
            "createvm",
            "--name",
            &format!("vm{i:02}"),
            "--ostype",
            "Ubuntu_64",
            "--register",
        ]);
    }
}

/// The table of `vboxctl list` costs getMachines, getMachineStates and five getters a machine
/// on the real server too; `show`'s full read releases what it lets go exactly once (a
/// second release faults on the real server, and a fault closes its connection).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn listing_requests_per_machine_on_the_real_server() {
    let home = RealHost::from_env().home(module_path!());
    let n = 6;
    machines(&home, n);
    let web = home.start_webservice();
    let url = web.url();
    let counting = Arc::new(Counting::new(
        HttpTransport::new(&url, TlsOptions::default(), 1 << 24).unwrap(),
    ));
    let options = SoapOptions {
        call_timeout: RealHarness::SOAP_CALL_DEADLINE,
        ..SoapOptions::default()
    };
    let backend = SoapBackend::with_transport(&url, counting.clone(), options);
    backend.client().vbox().await.unwrap();
    counting.take();

    let table = MachineFields {
        os_type: true,
        memory: true,
        cpus: true,
        ..MachineFields::default()
    };
    let listed = backend.list_machines_with(table).await.unwrap();
    assert_eq!(listed.len(), n);
    for m in &listed {
        assert!(m.accessible, "{m:?}");
        assert_eq!(
            (m.os_type_id.as_str(), m.memory_mb, m.cpus),
            ("Ubuntu_64", 1024, 1)
        );
        assert_eq!(m.state, vbox_types::MachineState::PoweredOff);
    }
    let counts = counting.take();
    assert_eq!(
        counts.get("IVirtualBox_getMachineStates"),
        Some(&1),
        "{counts:?}"
    );
    assert_eq!(counts.values().sum::<usize>(), 2 + 5 * n, "{counts:?}");

    let full = backend.list_machines_full().await.unwrap();
    assert_eq!(full.len(), n);
    assert!(full.iter().all(|m| m.adapters.len() == 8), "PIIX3: 8 slots");
    let shown = backend.get_machine("vm01").await.unwrap();
    assert_eq!(
        shown.adapters[0].attachment,
        vbox_types::NetworkAttachmentType::NAT
    );
    let counts = counting.take();
    assert_eq!(
        counts.get("IMachine_getPlatform"),
        Some(&(n + 1)),
        "{counts:?}"
    );
    assert!(
        counting.faults.lock().unwrap().is_empty(),
        "{:?}",
        counting.faults
    );
    assert_eq!(
        backend.client().outstanding(),
        0,
        "every reference let go is released"
    );
}

/// A listing on a machine whose settings file went away: getMachineStates says `Null`, only
/// its id is read, and it is listed as inaccessible.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn an_inaccessible_machine_is_listed_without_faults() {
    let home = RealHost::from_env().home(module_path!());
    machines(&home, 2);
    let gone = home.showvminfo("vm01")["CfgFile"].clone();
    let id = home.showvminfo("vm01")["UUID"].clone();
    // VBoxSVC reads the settings at its start: end it (and whatever else of this home runs:
    // nothing but its own service processes yet), hide the file, and let the web service
    // start a new one.
    for (pid, _) in home.processes() {
        let _ = Command::new("kill").arg(pid.to_string()).status();
    }
    wait_until(|| home.processes().is_empty());
    std::fs::rename(&gone, format!("{gone}.away")).unwrap();
    let web = home.start_webservice();
    let backend = SoapBackend::new(&web.url(), quick()).unwrap();
    let listed = backend
        .list_machines_with(MachineFields::ALL)
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    let hidden = listed.iter().find(|m| m.id == id).expect("listed by id");
    assert!(!hidden.accessible);
    assert!(listed.iter().any(|m| m.accessible && m.name == "vm00"));
}

fn wait_until(done: impl Fn() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("gave up waiting");
}

fn quick() -> SoapOptions {
    SoapOptions {
        call_timeout: RealHarness::SOAP_CALL_DEADLINE,
        ..SoapOptions::default()
    }
}

/// Runs openssl (the host's) in `dir`.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Certificates in a folder of the home (visible inside the chroot at the same path).
struct Certs {
    dir: PathBuf,
}

impl Certs {
    fn new(home: &RealHome) -> Certs {
        let dir = home.dir().join("tls");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("server.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
             keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        Certs { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// What most vboxwebsrv guides make: `openssl req -x509` (a self-signed certificate,
    /// which OpenSSL 3 marks `CA:TRUE`), key and certificate in one PEM for `--keyfile`.
    fn self_signed(&self) -> PathBuf {
        openssl(
            &self.dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "self.key",
                "-out",
                "self.pem",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
        );
        self.keyfile("self.key", "self.pem", "self-keyfile.pem")
    }

    /// A CA and a server certificate it signed for 127.0.0.1.
    fn ca_signed(&self) -> PathBuf {
        openssl(
            &self.dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=vboxctl test CA",
            ],
        );
        openssl(
            &self.dir,
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost",
            ],
        );
        openssl(
            &self.dir,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "server.ext",
            ],
        );
        self.keyfile("server.key", "server.pem", "server-keyfile.pem")
    }

    fn keyfile(&self, key: &str, cert: &str, out: &str) -> PathBuf {
        let mut both = std::fs::read(self.path(key)).unwrap();
        both.extend(std::fs::read(self.path(cert)).unwrap());
        std::fs::write(self.path(out), both).unwrap();
        self.path(out)
    }

    fn der(&self, cert: &str) -> Vec<u8> {
        match CertPin::parse(&self.path(cert).to_string_lossy()).unwrap() {
            CertPin::Certificate(der) => der,
            other => panic!("{other:?}"),
        }
    }
}

/// Logs on over https with `tls`; the error kind when refused.
async fn logon(url: &str, tls: TlsOptions) -> Result<(), ErrorKind> {
    let options = SoapOptions {
        ca_file: tls.ca_file,
        insecure: tls.insecure,
        pin: tls.pin,
        ..quick()
    };
    let backend = SoapBackend::new(url, options).map_err(|e| e.kind())?;
    match backend.version().await {
        Ok(v) => {
            assert!(v.version.starts_with("7.2"), "{v:?}");
            Ok(())
        }
        Err(e) => {
            assert!(
                e.kind() != ErrorKind::Auth || e.message().contains("certificate"),
                "{e}"
            );
            Err(e.kind())
        }
    }
}

fn https(web: &vbox_suite::real::WebService) -> String {
    web.url().replacen("http://", "https://", 1)
}

/// A self-signed certificate: refused without trust (WebPKI will not take a CA certificate
/// as the server's own), accepted as its own CA file, pinned by file or fingerprint, or with
/// `insecure`; a wrong pin is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn tls_with_a_self_signed_certificate() {
    let home = RealHost::from_env().home(module_path!());
    let certs = Certs::new(&home);
    let keyfile = certs.self_signed();
    let web = home.start_webservice_with(&["--ssl", "--keyfile", &keyfile.to_string_lossy()]);
    let url = https(&web);
    let cert = certs.path("self.pem");
    let digest = fingerprint(&certs.der("self.pem"));

    assert_eq!(
        logon(&url, TlsOptions::default()).await,
        Err(ErrorKind::Auth)
    );
    let as_ca = TlsOptions {
        ca_file: Some(cert.clone()),
        ..TlsOptions::default()
    };
    assert_eq!(logon(&url, as_ca).await, Ok(()));
    for pin in [
        cert.to_string_lossy().to_string(),
        digest.clone(),
        format!("sha256:{}", digest.replace(':', "")),
    ] {
        let pinned = TlsOptions {
            pin: Some(CertPin::parse(&pin).unwrap()),
            ..TlsOptions::default()
        };
        assert_eq!(logon(&url, pinned).await, Ok(()), "{pin}");
    }
    let wrong = TlsOptions {
        pin: Some(CertPin::Sha256([7; 32])),
        ..TlsOptions::default()
    };
    assert_eq!(logon(&url, wrong).await, Err(ErrorKind::Auth));
    let insecure = TlsOptions {
        insecure: true,
        ..TlsOptions::default()
    };
    assert_eq!(logon(&url, insecure).await, Ok(()));
}

/// A certificate signed by a CA: trusted through the CA file, or pinned itself; pinning the
/// CA (not what the server presents) is refused, as is no trust at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn tls_with_a_ca_signed_certificate() {
    let home = RealHost::from_env().home(module_path!());
    let certs = Certs::new(&home);
    let keyfile = certs.ca_signed();
    let web = home.start_webservice_with(&["--ssl", "--keyfile", &keyfile.to_string_lossy()]);
    let url = https(&web);

    assert_eq!(
        logon(&url, TlsOptions::default()).await,
        Err(ErrorKind::Auth)
    );
    let trusted = TlsOptions {
        ca_file: Some(certs.path("ca.pem")),
        ..TlsOptions::default()
    };
    assert_eq!(logon(&url, trusted).await, Ok(()));
    let pinned = TlsOptions {
        pin: Some(CertPin::parse(&fingerprint(&certs.der("server.pem"))).unwrap()),
        ..TlsOptions::default()
    };
    assert_eq!(logon(&url, pinned).await, Ok(()));
    let pinned_ca = TlsOptions {
        pin: Some(CertPin::Certificate(certs.der("ca.pem"))),
        ..TlsOptions::default()
    };
    assert_eq!(logon(&url, pinned_ca).await, Err(ErrorKind::Auth));
}
