//! Where an inventory reaches a machine's SSH through a NAT port forward, as `vagrant
//! ssh-config` gives it: a TCP forward to guest port 22 on a NAT adapter, used when the guest
//! has no address the host can reach (none, or only its NAT address, 10.0.2.x, which exists
//! inside the NAT engine alone).

use vbox_types::{Backend, Machine, NetworkAttachmentType, PortForward};

/// The guest's SSH port.
const SSH: u16 = 22;

/// The address and port of the SSH forward of `m`, when the inventory should use it.
/// `ip_slot` is the adapter slot of the address the inventory would use otherwise.
pub async fn ssh_endpoint(
    backend: &dyn Backend,
    m: &Machine,
    ip_slot: Option<Option<u32>>,
) -> anyhow::Result<Option<(String, u16)>> {
    let is_nat = |slot: u32| {
        m.adapters
            .get(slot as usize)
            .is_some_and(|a| a.enabled && a.attachment == NetworkAttachmentType::NAT)
    };
    if !m.accessible
        || !m
            .adapters
            .iter()
            .any(|a| a.enabled && a.attachment == NetworkAttachmentType::NAT)
    {
        return Ok(None);
    }
    // An address on a bridged or host-only adapter is reachable as it is.
    if let Some(Some(slot)) = ip_slot {
        if !is_nat(slot) {
            return Ok(None);
        }
    }
    let forwards = backend
        .machine_config(&m.id)
        .await
        .map_err(super::backend_error("read the forwards of", &m.name))?
        .forwards;
    let ssh = forwards.iter().find(|f: &&PortForward| {
        f.guest_port == SSH && f.protocol == vbox_types::NatProtocol::Tcp && is_nat(f.slot)
    });
    Ok(ssh.map(|f| (host_address(&backend.describe(), &f.host_ip), f.host_port)))
}

/// The host a forward listens on as seen from here: its own address when it binds one, else
/// the VirtualBox host (`ssh://user@host`, `http://host:18083`), or loopback for this machine.
fn host_address(describe: &str, bind: &str) -> String {
    if !bind.is_empty() && bind != "0.0.0.0" && !bind.starts_with("127.") {
        return bind.to_string();
    }
    let remote = describe
        .strip_prefix("ssh://")
        .or_else(|| describe.strip_prefix("https://"))
        .or_else(|| describe.strip_prefix("http://"));
    let Some(rest) = remote else {
        return if bind.is_empty() {
            "127.0.0.1".into()
        } else {
            bind.into()
        };
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host.split(':').next().unwrap_or(host),
    };
    host.to_string()
}

#[cfg(test)]
mod tests {
    use super::host_address;

    #[test]
    fn the_forward_is_reached_where_virtualbox_runs() {
        assert_eq!(
            host_address("vboxmanage:///usr/bin/VBoxManage", ""),
            "127.0.0.1"
        );
        assert_eq!(
            host_address("vboxmanage:///usr/bin/VBoxManage", "127.0.0.2"),
            "127.0.0.2"
        );
        assert_eq!(host_address("ssh://ops@lab1:2222", ""), "lab1");
        assert_eq!(host_address("http://10.1.2.3:18083", ""), "10.1.2.3");
        assert_eq!(host_address("https://[fd00::1]:18083", ""), "fd00::1");
        assert_eq!(host_address("http://lab1:18083", "192.0.2.7"), "192.0.2.7");
    }
}
