//! VBoxManage over ssh on the real host: an sshd of the test's own on a loopback port, with
//! keys made for it, in front of the home's `VBoxManage` wrapper. Ended by PID.

use super::home::RealHome;
use super::processes;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running sshd for one home. Dropping it ends the process.
#[derive(Debug)]
pub struct SshServer {
    child: Child,
    addr: SocketAddr,
    /// The client's private key.
    pub identity: PathBuf,
    /// An `ssh` that trusts this server (no known-hosts prompt) and offers the key, for
    /// `SshRunner`, or first on `PATH` for `vboxctl --connect ssh://…`.
    pub ssh_program: PathBuf,
}

impl SshServer {
    /// The loopback port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }
}

impl Drop for SshServer {
    fn drop(&mut self) {
        processes::signal(self.child.id(), "TERM");
        let _ = self.child.wait();
    }
}

fn keygen(path: &std::path::Path) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .status()
        .expect("run ssh-keygen (scripts/real-virtualbox.sh setup installs it)");
    assert!(status.success(), "ssh-keygen failed");
}

impl RealHome {
    /// Start an sshd on a free loopback port that lets this process's user in with a fresh
    /// key, and return once it accepts connections.
    ///
    /// # Panics
    /// When sshd is missing or does not listen within 30 s.
    pub fn start_sshd(&self) -> SshServer {
        let dir = self.dir().join("ssh");
        // Fresh keys every time (a kept home still has the last run's).
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the ssh folder");
        let (host_key, identity) = (dir.join("host_key"), dir.join("id"));
        keygen(&host_key);
        keygen(&identity);
        std::fs::copy(dir.join("id.pub"), dir.join("authorized_keys")).expect("authorize the key");
        // sshd's privilege separation needs this folder to exist.
        std::fs::create_dir_all("/run/sshd").expect("create /run/sshd");
        let addr = {
            let l = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
            l.local_addr().expect("its address")
        };
        let config = dir.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "Port {}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\n\
                 PermitRootLogin prohibit-password\nPasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\nStrictModes no\nUsePAM no\nPidFile none\n",
                addr.port(),
                host_key.display(),
                dir.join("authorized_keys").display()
            ),
        )
        .expect("write sshd_config");
        let ssh_program = dir.join("ssh");
        std::fs::write(
            &ssh_program,
            format!(
                "#!/bin/sh\nexec /usr/bin/ssh -i '{}' -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \"$@\"\n",
                identity.display()
            ),
        )
        .expect("write the ssh wrapper");
        std::fs::set_permissions(&ssh_program, std::fs::Permissions::from_mode(0o755))
            .expect("make it executable");
        let mut child = Command::new("/usr/sbin/sshd")
            .arg("-D")
            .arg("-f")
            .arg(&config)
            .arg("-E")
            .arg(dir.join("sshd.log"))
            .stdin(Stdio::null())
            .spawn()
            .expect("start /usr/sbin/sshd (scripts/real-virtualbox.sh setup installs it)");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(dir.join("sshd.log")).unwrap_or_default();
                panic!("sshd exited ({status}) before listening:\n{log}");
            }
            assert!(Instant::now() < deadline, "sshd did not listen within 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        SshServer {
            child,
            addr,
            identity,
            ssh_program,
        }
    }
}
