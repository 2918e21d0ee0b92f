//! A real vboxwebsrv for one home, started fresh at its default settings on a loopback port
//! and ended by PID.

use super::home::{RealHome, LIB_DIR};
use super::processes;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A running vboxwebsrv. Dropping it ends the process.
#[derive(Debug)]
pub struct WebService {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl WebService {
    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Its PID.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for WebService {
    fn drop(&mut self) {
        processes::signal(self.child.id(), "TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl RealHome {
    /// Start the real vboxwebsrv on this home (null authentication, set when the home was
    /// made; every other setting at its default) on a free loopback port, and return once it
    /// accepts connections.
    ///
    /// # Panics
    /// When it does not listen within 30 s (with its log).
    pub fn start_webservice(&self) -> WebService {
        self.start_webservice_with(&[])
    }

    /// [`RealHome::start_webservice`] with extra arguments (`--ssl`, `--keyfile`, …).
    pub fn start_webservice_with(&self, extra: &[&str]) -> WebService {
        let addr = free_port();
        let log = self.dir().join(format!("vboxwebsrv-{}.log", addr.port()));
        let child = self
            .command(&format!("{LIB_DIR}/vboxwebsrv"))
            .args(["-H", "127.0.0.1", "-p", &addr.port().to_string()])
            .arg("-F")
            .arg(&log)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the real vboxwebsrv");
        let mut web = WebService { child, addr, log };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return web;
            }
            if let Ok(Some(status)) = web.child.try_wait() {
                panic!(
                    "vboxwebsrv exited ({status}) before listening:\n{}",
                    web.log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "vboxwebsrv did not listen on {addr} within 30 s:\n{}",
                web.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A loopback port nobody listens on now (the listener is closed again before the server
/// binds it; two tests asking at once still get different ports from the kernel).
fn free_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("its address")
}
