//! Host-only networks with their DHCP servers: list, create (with the checks VirtualBox leaves
//! to the user: addresses that parse and a DHCP range inside the network), remove; and the
//! check that a NIC attached as host-only names an interface or network that exists (the
//! real 7.2.22 `modifyvm --hostonlyadapter2 vboxnet7` only warns "doesn't seem to exist" and
//! keeps an adapter that cannot start).

use crate::error::{Error, Result};
use std::net::Ipv4Addr;
use vbox_types::{
    AdapterChange, Backend, CreateHostOnly, ErrorKind, HostNetworks, HostOnlyKind, HostOnlyNetwork,
    NetworkAttachmentType,
};

/// What the user can do on a host that cannot make a host-only interface or network.
pub const NO_HOST_ONLY_HINT: &str = "VirtualBox's host-only networking needs its vboxnetadp kernel module: load it (`sudo modprobe vboxnetadp`; it comes with VirtualBox's kernel modules), or attach NICs as NAT with port forwards (`vboxctl modify NAME --nic 1=nat`, `vboxctl forward add`) or to an internal network shared by the machines (`--nic 2=intnet:NET`)";

/// What the user can do when the host has the other host-only form.
pub const OTHER_FORM_HINT: &str = "leave out --kind to make the form this host has (`vboxctl hostonly list` shows what exists), or attach NICs as NAT or to an internal network instead";

/// Every host-only interface or network and every DHCP server.
pub async fn list(backend: &dyn Backend) -> Result<HostNetworks> {
    backend.list_host_only().await.map_err(Error::backend(
        "list host-only networks of",
        &backend.describe(),
    ))
}

/// Create a host-only interface (or 7.x network) after checking its addresses; the host's
/// refusal is [`Error::HostRefused`] with a hint.
pub async fn create(backend: &dyn Backend, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
    check_spec(spec)?;
    backend.create_host_only(spec).await.map_err(|source| {
        let what = match spec.kind {
            Some(HostOnlyKind::Network) => "create a host-only network on",
            _ => "create a host-only interface on",
        };
        if source.kind() == ErrorKind::Unsupported {
            // The missing driver, or a form this platform does not have.
            let hint = if source.message().contains("vboxnetadp") {
                NO_HOST_ONLY_HINT
            } else {
                OTHER_FORM_HINT
            };
            Error::HostRefused {
                operation: what.trim_end_matches(" on").to_string(),
                source,
                hint: hint.to_string(),
            }
        } else if source.kind() == ErrorKind::InvalidInput {
            Error::InvalidInput(source.message().to_string())
        } else {
            Error::backend(what, &backend.describe())(source)
        }
    })
}

/// Remove a host-only interface or network with its DHCP server.
pub async fn remove(backend: &dyn Backend, name: &str) -> Result<()> {
    backend
        .remove_host_only(name)
        .await
        .map_err(Error::backend("remove host-only network", name))
}

fn ipv4(what: &str, text: &str) -> Result<Ipv4Addr> {
    text.parse()
        .map_err(|_| Error::InvalidInput(format!("{what} '{text}' is not an IPv4 address")))
}

/// Addresses that parse, a mask that is one, and a DHCP range inside the network with the
/// server's address and the host's outside it.
pub fn check_spec(spec: &CreateHostOnly) -> Result<()> {
    let ip = ipv4("the host address", &spec.ipv4_address)?;
    let mask = ipv4("the network mask", &spec.ipv4_mask)?;
    let bits = u32::from(mask);
    if bits.leading_ones() + bits.trailing_zeros() != 32 || bits == 0 {
        return Err(Error::InvalidInput(format!(
            "the network mask '{mask}' is not a mask (ones, then zeros)"
        )));
    }
    let net = |a: Ipv4Addr| u32::from(a) & bits;
    let Some(range) = &spec.dhcp else {
        return Ok(());
    };
    let server = ipv4("the DHCP server address", &range.server_ip)?;
    let lower = ipv4("the first DHCP address", &range.lower_ip)?;
    let upper = ipv4("the last DHCP address", &range.upper_ip)?;
    let outside = [server, lower, upper]
        .into_iter()
        .find(|a| net(*a) != net(ip));
    if let Some(a) = outside {
        return Err(Error::InvalidInput(format!(
            "{a} is outside the network {}/{} of the host address {ip}",
            Ipv4Addr::from(net(ip)),
            bits.leading_ones()
        )));
    }
    if u32::from(lower) > u32::from(upper) {
        return Err(Error::InvalidInput(format!(
            "the DHCP range {lower}-{upper} is empty"
        )));
    }
    let inside = |a: Ipv4Addr| (u32::from(lower)..=u32::from(upper)).contains(&u32::from(a));
    if let Some(a) = [ip, server].into_iter().find(|a| inside(*a)) {
        return Err(Error::InvalidInput(format!(
            "{a} is inside the DHCP range {lower}-{upper}: the host's and the server's addresses must stay out of it"
        )));
    }
    Ok(())
}

/// Refuse a change attaching a NIC as host-only to an interface (or 7.x network) the host
/// does not have. A backend that cannot list host-only networks leaves it to VirtualBox.
pub async fn check_attachments(
    backend: &dyn Backend,
    machine: &str,
    adapters: &[AdapterChange],
) -> Result<()> {
    let wanted: Vec<(&AdapterChange, HostOnlyKind, &str)> = adapters
        .iter()
        .filter_map(|a| {
            let kind = match a.attachment? {
                NetworkAttachmentType::HostOnly => HostOnlyKind::Interface,
                NetworkAttachmentType::HostOnlyNetwork => HostOnlyKind::Network,
                _ => return None,
            };
            Some((a, kind, a.network.as_deref()?.trim()))
        })
        .filter(|(_, _, name)| !name.is_empty())
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let networks = match backend.list_host_only().await {
        Ok(n) => n,
        Err(e) if e.kind() == ErrorKind::Unsupported => return Ok(()),
        Err(e) => return Err(Error::backend("modify", machine)(e)),
    };
    for (a, kind, name) in wanted {
        if networks
            .host_only
            .iter()
            .any(|h| h.kind == kind && h.name == name)
        {
            continue;
        }
        let have: Vec<&str> = networks
            .host_only
            .iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.name.as_str())
            .collect();
        let have = if have.is_empty() {
            "none".to_string()
        } else {
            have.join(", ")
        };
        return Err(Error::InvalidInput(format!(
            "NIC {} of '{machine}': this host has no host-only {kind} named '{name}' (host-only {kind}s: {have}; `vboxctl hostonly list` lists them, `vboxctl hostonly create` makes one)",
            a.slot + 1
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbox_types::DhcpRange;

    #[test]
    fn virtualbox_s_default_network_passes() {
        assert!(check_spec(&CreateHostOnly::default()).is_ok());
    }

    #[test]
    fn bad_addresses_are_refused_before_anything_is_made() {
        let with = |f: &dyn Fn(&mut CreateHostOnly)| {
            let mut s = CreateHostOnly::default();
            f(&mut s);
            check_spec(&s).unwrap_err().to_string()
        };
        assert!(with(&|s| s.ipv4_address = "192.168.56".into()).contains("not an IPv4 address"));
        assert!(with(&|s| s.ipv4_mask = "255.0.255.0".into()).contains("not a mask"));
        let outside = with(&|s| {
            s.dhcp = Some(DhcpRange {
                server_ip: "192.168.57.100".into(),
                lower_ip: "192.168.56.101".into(),
                upper_ip: "192.168.56.254".into(),
            })
        });
        assert_eq!(
            outside,
            "192.168.57.100 is outside the network 192.168.56.0/24 of the host address 192.168.56.1"
        );
        assert!(
            with(&|s| s.ipv4_address = "192.168.56.150".into()).contains("inside the DHCP range")
        );
        let empty = with(&|s| {
            if let Some(d) = s.dhcp.as_mut() {
                d.lower_ip = "192.168.56.200".into();
                d.upper_ip = "192.168.56.110".into();
            }
        });
        assert!(empty.contains("is empty"));
    }
}
