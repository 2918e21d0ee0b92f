//! The real host as a [`Harness`]: through VBoxManage or through a fresh vboxwebsrv.

use super::agent::GuestAgent;
use super::home::RealHome;
use super::observed::Observed;
use super::{RealHost, SshServer, WebService};
use crate::{GuestShape, Harness, Timing};
use async_trait::async_trait;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncBufReadExt;
use vbox_types::Backend;

/// One scenario's run on the real host: its own home, the backend under test (watched, so that
/// every start and reset boots the guest the agent plays), and that agent.
pub struct RealHarness {
    backend: Arc<dyn Backend>,
    timing: Timing,
    agent: Arc<GuestAgent>,
    lockers: Mutex<Vec<tokio::process::Child>>,
    // Dropped last: the servers and the home's processes end after everything above.
    web: Option<WebService>,
    sshd: Option<SshServer>,
    home: RealHome,
}

impl RealHarness {
    /// The backend through the real VBoxManage.
    pub fn manage(label: &str) -> RealHarness {
        let home = RealHost::from_env().home(label);
        let backend = home.backend();
        RealHarness::with(home, backend)
    }

    /// The backend through a freshly started real vboxwebsrv at its default settings, with
    /// [`RealHarness::SOAP_CALL_DEADLINE`] on every request: a client that starved the fresh
    /// server (its worker threads start lazily) fails here at once instead of passing late.
    pub fn soap(label: &str) -> RealHarness {
        let home = RealHost::from_env().home(label);
        let web = home.start_webservice();
        let options = vbox_soap::SoapOptions {
            call_timeout: RealHarness::SOAP_CALL_DEADLINE,
            ..vbox_soap::SoapOptions::default()
        };
        let backend = vbox_soap::SoapBackend::new(&web.url(), options)
            .expect("connect to the real vboxwebsrv");
        let mut harness = RealHarness::with(home, Arc::new(backend));
        harness.web = Some(web);
        harness
    }

    /// The longest any one request may wait for its answer through the web service. On the
    /// real 7.2.22 every lifecycle request answers at once (long operations return a progress
    /// object, waited on in slices of half this), so this is a deadline, not a guess at speed.
    /// 2 s held on a quiet machine; with four builds beside the suite (load average 10 on two
    /// cores) one `IMachine_cloneTo` took longer, so 5 s — still far below the starved
    /// server's wait of a minute that this guards against.
    pub const SOAP_CALL_DEADLINE: Duration = Duration::from_secs(5);

    /// The backend through VBoxManage over ssh: an sshd of the test's own on loopback in front
    /// of the home's VBoxManage, reached with a key made for it.
    pub fn ssh(label: &str) -> RealHarness {
        let home = RealHost::from_env().home(label);
        let sshd = home.start_sshd();
        let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
        let runner = vbox_manage::runner::SshRunner::new(format!("{user}@127.0.0.1"))
            .with_port(sshd.port())
            .with_identity(&sshd.identity)
            .with_ssh_program(&sshd.ssh_program)
            .with_control_dir(home.dir().join("cm"))
            .with_remote_program(home.vboxmanage().to_string_lossy());
        let backend = Arc::new(vbox_manage::ManageBackend::new(
            vbox_manage::exec::Exec::new(Arc::new(runner)),
            vbox_manage::ManageOptions::default(),
        ));
        let mut harness = RealHarness::with(home, backend);
        harness.sshd = Some(sshd);
        harness
    }

    fn with(home: RealHome, backend: Arc<dyn Backend>) -> RealHarness {
        let timing = RealHarness::timing();
        let agent = Arc::new(GuestAgent::new(home.backend(), timing.boot_delay));
        let backend = Arc::new(Observed {
            inner: backend,
            agent: agent.clone(),
        });
        RealHarness {
            backend,
            timing,
            agent,
            lockers: Mutex::new(Vec::new()),
            web: None,
            sshd: None,
            home,
        }
    }

    /// Durations on the real host. A machine without an OS reaches Running in about 0.4 s;
    /// the guest the agent plays boots in `boot_delay`; nothing here waits for a real OS. The
    /// boot delay and the DHCP gap hold several backend calls each (a VBoxManage call takes
    /// 0.1–0.5 s on a loaded 2-core machine; over ssh, more).
    pub fn timing() -> Timing {
        Timing {
            boot_delay: Duration::from_secs(6),
            start_duration: Duration::from_millis(400),
            acpi_shutdown: Duration::from_secs(1),
            dhcp_renew_after: Duration::from_secs(3),
            dhcp_renew_gap: Duration::from_secs(15),
            lock_hold: Duration::from_secs(8),
            timeout: Duration::from_secs(60),
            address_timeout: Duration::from_secs(4),
            acpi_timeout: Duration::from_secs(4),
            lock_timeout: Duration::from_secs(1),
            tolerance: Duration::from_secs(1),
            slack: Duration::from_secs(5),
            paused: false,
        }
    }

    /// The home (for reading back with the real VBoxManage).
    pub fn home(&self) -> &RealHome {
        &self.home
    }

    /// The web service, for a harness made by [`RealHarness::soap`].
    pub fn webservice(&self) -> Option<&WebService> {
        self.web.as_ref()
    }
}

#[async_trait]
impl Harness for RealHarness {
    fn backend(&self) -> Arc<dyn Backend> {
        self.backend.clone()
    }

    fn timing(&self) -> &Timing {
        &self.timing
    }

    fn simulated(&self) -> bool {
        false
    }

    fn guest_journal(&self) -> String {
        self.agent.journal()
    }

    /// A machine without an OS: the agent plays the Guest Additions; nothing answers the ACPI
    /// button; a refused launch is real (the machine's own `FallbackToIEM=0` overrides the
    /// home's, and the VM process then refuses driverless mode).
    async fn shape_guest(&self, machine: &str, shape: &GuestShape) -> GuestShape {
        if shape.launch_fails {
            self.home.run_ok(&[
                "setextradata",
                machine,
                "VBoxInternal/HM/FallbackToIEM",
                "0",
            ]);
        }
        let made = GuestShape {
            honours_acpi: false,
            ..shape.clone()
        };
        self.agent.shape(machine, made.clone());
        made
    }

    /// Another real client, Python's `vboxapi` in the chroot, holds a write lock.
    async fn hold_lock(&self, machine: &str, hold: Duration) -> bool {
        let script = format!(
            "import sys, time, vboxapi\n\
             m = vboxapi.VirtualBoxManager(None, None)\n\
             vb = m.getVirtualBox()\n\
             s = m.getSessionObject(vb)\n\
             vb.findMachine(sys.argv[1]).lockMachine(s, m.constants.LockType_Write)\n\
             print('locked', flush=True)\n\
             time.sleep({})\n\
             s.unlockMachine()\n",
            hold.as_secs_f64()
        );
        let mut command = tokio::process::Command::from(self.home.command("/usr/bin/python3"));
        let mut child = command
            .args(["-c", &script, machine])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("start python3 in the chroot");
        let stdout = child.stdout.take().expect("its stdout");
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await;
        assert!(
            matches!(&first, Ok(Ok(Some(l))) if l == "locked"),
            "vboxapi did not lock '{machine}': {first:?}"
        );
        self.lockers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(child);
        true
    }
}
