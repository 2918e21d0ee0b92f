//! `list hostonlyifs`, `list hostonlynets`, `list dhcpservers` and the `Operating system:` line
//! of `list hostinfo`.
//!
//! All three listings are records of `Key:   value` lines separated by blank lines. Formats
//! seen (fixtures): `list dhcpservers` before 6.1 says `IP:` / `lowerIPAddress:` /
//! `upperIPAddress:`, from 6.1 `Dhcpd IP:` / `LowerIPAddress:` / `UpperIPAddress:` followed by
//! an indented `Global Configuration:` block; `list hostonlyifs` has `Wireless:` from 6.0;
//! 7.0's `list hostonlynets` (macOS) has a blank line inside each record, after `GUID:`, so a
//! record there starts at `Name:` rather than after a blank line.

use vbox_types::{DhcpServer, HostOnlyKind, HostOnlyNetwork};

/// The records of a listing: a new record starts at each `first_key` line. Keys are trimmed,
/// values trimmed; indented lines (the DHCP server's nested options) are skipped.
fn records<'a>(stdout: &'a str, first_key: &str) -> Vec<Vec<(&'a str, &'a str)>> {
    let mut out: Vec<Vec<(&str, &str)>> = Vec::new();
    for line in stdout.lines() {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if key == first_key {
            out.push(Vec::new());
        }
        if let Some(record) = out.last_mut() {
            record.push((key, value));
        }
    }
    out
}

fn field<'a>(record: &[(&'a str, &'a str)], keys: &[&str]) -> &'a str {
    record
        .iter()
        .find(|(k, _)| keys.contains(k))
        .map(|(_, v)| *v)
        .unwrap_or("")
}

/// `list hostonlyifs`: one [`HostOnlyNetwork`] of kind Interface per record (no DHCP server
/// joined yet). Nothing printed (a Linux host without `vboxnet0`) is an empty list.
pub fn parse_hostonlyifs(stdout: &str) -> Vec<HostOnlyNetwork> {
    records(stdout, "Name")
        .iter()
        .map(|r| {
            let name = field(r, &["Name"]).to_string();
            let network_name = match field(r, &["VBoxNetworkName"]) {
                "" => vbox_types::interface_network_name(&name),
                n => n.to_string(),
            };
            HostOnlyNetwork {
                kind: HostOnlyKind::Interface,
                network_name,
                ipv4_address: field(r, &["IPAddress"]).to_string(),
                ipv4_mask: field(r, &["NetworkMask"]).to_string(),
                ipv6_address: field(r, &["IPV6Address"]).to_string(),
                ipv6_prefix_length: field(r, &["IPV6NetworkMaskPrefixLength"])
                    .parse()
                    .unwrap_or(0),
                dhcp_enabled: field(r, &["DHCP"]).eq_ignore_ascii_case("enabled"),
                status: field(r, &["Status"]).to_string(),
                dhcp_server: None,
                name,
            }
        })
        .collect()
}

/// `list hostonlynets` (7.x, macOS): one [`HostOnlyNetwork`] of kind Network per record; the
/// range `LowerIP`–`UpperIP` is its DHCP server's, which `list dhcpservers` reports too.
pub fn parse_hostonlynets(stdout: &str) -> Vec<HostOnlyNetwork> {
    records(stdout, "Name")
        .iter()
        .map(|r| {
            let name = field(r, &["Name"]).to_string();
            let state = field(r, &["State"]);
            let network_name = match field(r, &["VBoxNetworkName"]) {
                "" => vbox_types::hostonlynet_network_name(&name),
                n => n.to_string(),
            };
            let dhcp_server = Some(DhcpServer {
                network_name: network_name.clone(),
                network_mask: field(r, &["NetworkMask"]).to_string(),
                lower_ip: field(r, &["LowerIP"]).to_string(),
                upper_ip: field(r, &["UpperIP"]).to_string(),
                enabled: state.eq_ignore_ascii_case("enabled"),
                ..DhcpServer::default()
            });
            HostOnlyNetwork {
                kind: HostOnlyKind::Network,
                network_name,
                dhcp_server,
                ipv4_mask: field(r, &["NetworkMask"]).to_string(),
                dhcp_enabled: state.eq_ignore_ascii_case("enabled"),
                status: state.to_string(),
                name,
                ..HostOnlyNetwork::default()
            }
        })
        .collect()
}

/// `list dhcpservers`, in both the pre-6.1 and the 6.1+ format.
pub fn parse_dhcpservers(stdout: &str) -> Vec<DhcpServer> {
    records(stdout, "NetworkName")
        .iter()
        .map(|r| DhcpServer {
            network_name: field(r, &["NetworkName"]).to_string(),
            server_ip: field(r, &["Dhcpd IP", "IP"]).to_string(),
            network_mask: field(r, &["NetworkMask"]).to_string(),
            lower_ip: field(r, &["LowerIPAddress", "lowerIPAddress"]).to_string(),
            upper_ip: field(r, &["UpperIPAddress", "upperIPAddress"]).to_string(),
            enabled: field(r, &["Enabled"]).eq_ignore_ascii_case("yes"),
        })
        .collect()
}

/// The `Operating system:` value of `list hostinfo` (`Linux`, `Darwin`, `Windows`); empty when
/// missing.
pub fn parse_host_os(stdout: &str) -> String {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("Operating system:"))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// The interface `hostonlyif create` made: `Interface 'vboxnet1' was successfully created`.
pub fn parse_created(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("Interface '")?;
        let (name, tail) = rest.rsplit_once('\'')?;
        tail.contains("successfully created")
            .then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbox_fixtures::fixture;

    #[test]
    fn the_real_linux_host_has_no_interface_but_the_default_dhcp_server() {
        assert!(
            parse_hostonlyifs(&fixture("vboxmanage-7.2.22/config/list-hostonlyifs.stdout"))
                .is_empty()
        );
        let d = parse_dhcpservers(&fixture("vboxmanage-7.2.22/config/list-dhcpservers.stdout"));
        assert_eq!(
            d,
            [DhcpServer {
                network_name: "HostInterfaceNetworking-vboxnet0".into(),
                server_ip: "192.168.56.100".into(),
                network_mask: "255.255.255.0".into(),
                lower_ip: "192.168.56.101".into(),
                upper_ip: "192.168.56.254".into(),
                enabled: true,
            }]
        );
        let two = parse_dhcpservers(&fixture(
            "vboxmanage-7.2.22/hostonly/list-dhcpservers-two.stdout",
        ));
        let nets: Vec<&str> = two.iter().map(|d| d.network_name.as_str()).collect();
        assert_eq!(
            nets,
            [
                "HostInterfaceNetworking-vboxnet0",
                "HostInterfaceNetworking-vboxnet9"
            ]
        );
        assert_eq!(two[1].lower_ip, "192.168.60.3");
        assert_eq!(
            parse_host_os(&fixture("vboxmanage-7.2.22/hostonly/list-hostinfo.stdout")),
            "Linux"
        );
    }

    #[test]
    fn the_created_interface_is_named() {
        assert_eq!(
            parse_created("Interface 'vboxnet1' was successfully created\n").as_deref(),
            Some("vboxnet1")
        );
        assert_eq!(parse_created(""), None);
    }

    #[test]
    fn old_dhcp_format_and_windows_names() {
        let d = parse_dhcpservers(&fixture("vboxmanage/list-sorted-dhcpservers-6.0-linux.txt"));
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[1].server_ip.as_str(), d[1].upper_ip.as_str()),
            ("192.168.19.2", "192.168.19.254")
        );
        let w = parse_dhcpservers(&fixture(
            "vboxmanage/list-dhcpservers-5.x-windows-adapter.txt",
        ));
        assert_eq!(
            w[0].network_name,
            "HostInterfaceNetworking-VirtualBox Host-Only Ethernet Adapter"
        );
        assert!(w[0].enabled);
        assert_eq!(
            parse_dhcpservers(&fixture("vboxmanage/list-dhcpservers-6.1-two.txt"))[1].server_ip,
            "172.28.128.2"
        );
    }

    #[test]
    fn interfaces_with_ipv6_and_status() {
        let i = parse_hostonlyifs(&fixture(
            "vboxmanage/list-sorted-hostonlyifs-6.0-linux-two-ipv6.txt",
        ));
        assert_eq!(i.len(), 2);
        assert_eq!(
            (
                i[1].name.as_str(),
                i[1].ipv4_address.as_str(),
                i[1].ipv6_address.as_str(),
                i[1].ipv6_prefix_length,
                i[1].status.as_str()
            ),
            (
                "vboxnet1",
                "192.168.19.1",
                "fe80::800:27ff:fe00:1",
                64,
                "Up"
            )
        );
        assert_eq!(i[0].network_name, "HostInterfaceNetworking-vboxnet0");
        assert!(!i[0].dhcp_enabled);
        let mac = parse_hostonlyifs(&fixture("vboxmanage/list-hostonlyifs-5.2-macos-one.txt"));
        assert_eq!(
            (mac[0].ipv6_address.as_str(), mac[0].status.as_str()),
            ("", "Down")
        );
        let two = parse_hostonlyifs(&fixture("vboxmanage/list-hostonlyifs-5.x-two-apipa.txt"));
        assert_eq!(two[1].ipv4_address, "169.254.37.187");
    }

    #[test]
    fn hostonlynets_with_a_blank_line_inside_each_record() {
        let n = parse_hostonlynets(&fixture(
            "vboxmanage/list-hostonlynets-7.0-macos-anonymized.txt",
        ));
        let got: Vec<(&str, &str, HostOnlyKind, bool)> = n
            .iter()
            .map(|h| {
                (
                    h.name.as_str(),
                    h.network_name.as_str(),
                    h.kind,
                    h.dhcp_enabled,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "vagrantnet-vbox1",
                    "hostonly-vagrantnet-vbox1",
                    HostOnlyKind::Network,
                    true
                ),
                (
                    "vagrantnet-vbox2",
                    "hostonly-vagrantnet-vbox2",
                    HostOnlyKind::Network,
                    true
                )
            ]
        );
        assert_eq!(n[0].ipv4_mask, "255.255.255.0");
    }
}
