//! `list hostonlyifs`, `list dhcpservers` and `list hostinfo` as the real 7.2.22 Linux host
//! prints them (`fixtures/vboxmanage-7.2.22/config/`, `…/hostonly/`; the interface record has
//! the layout of that host's `list bridgedifs`, whose records share VBoxManage's printer).

use crate::model::hostonly::{Interface, HOST_OS};
use vbox_types::DhcpServer;

/// One record per interface, each followed by a blank line; nothing for none.
pub(crate) fn hostonlyifs(interfaces: &[Interface]) -> String {
    let mut out = String::new();
    for i in interfaces {
        let v = i.view();
        out.push_str(&format!(
            "Name:            {}\nGUID:            {}\nDHCP:            Disabled\n\
             IPAddress:       {}\nNetworkMask:     {}\nIPV6Address:     \n\
             IPV6NetworkMaskPrefixLength: 0\nHardwareAddress: {}\nMediumType:      Ethernet\n\
             Wireless:        No\nStatus:          {}\nVBoxNetworkName: {}\n\n",
            v.name,
            i.id,
            v.ipv4_address,
            v.ipv4_mask,
            i.mac(),
            v.status,
            v.network_name
        ));
    }
    out
}

/// The 6.1+ format: records separated by a blank line, none after the last.
pub(crate) fn dhcpservers(servers: &[DhcpServer]) -> String {
    servers
        .iter()
        .map(|d| {
            format!(
                "NetworkName:    {}\nDhcpd IP:       {}\nLowerIPAddress: {}\nUpperIPAddress: {}\n\
                 NetworkMask:    {}\nEnabled:        {}\nGlobal Configuration:\n    \
                 minLeaseTime:     default\n    defaultLeaseTime: default\n    \
                 maxLeaseTime:     default\n    Forced options:   None\n    \
                 Suppressed opts.: None\n        1/legacy: {}\nGroups:               None\n\
                 Individual Configs:   None\n",
                d.network_name,
                d.server_ip,
                d.lower_ip,
                d.upper_ip,
                d.network_mask,
                if d.enabled { "Yes" } else { "No" },
                d.network_mask
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `list hostinfo` of the simulated Linux host at sim time `now_ms`.
pub(crate) fn hostinfo(now_ms: i64) -> String {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!(
        "Host Information:\n\nHost time: {}000000Z\nProcessor online count: {cpus}\n\
         Processor count: {cpus}\nProcessor online core count: {cpus}\nProcessor core count: {cpus}\n\
         Processor supports HW virtualization: no\nProcessor supports PAE: yes\n\
         Processor supports long mode: yes\nProcessor supports nested paging: no\n\
         Processor supports unrestricted guest: no\nProcessor supports nested HW virtualization: no\n\
         Processor supports virt. vmsave/vmload: no\nMemory size: 4096 MByte\n\
         Memory available: 2048 MByte\nOperating system: {HOST_OS}\nOperating system version: 6.1.0-sim\n",
        super::time::iso_millis(now_ms.saturating_mul(1_000_000)).trim_end_matches('Z')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbox_fixtures::fixture;

    #[test]
    fn dhcp_servers_print_as_the_real_host() {
        let one = fixture("vboxmanage-7.2.22/config/list-dhcpservers.stdout");
        let d = crate::model::Registry::default().host_net.dhcp_servers;
        assert_eq!(dhcpservers(&d), one);
        let two = fixture("vboxmanage-7.2.22/hostonly/list-dhcpservers-two.stdout");
        let second = DhcpServer {
            network_name: "HostInterfaceNetworking-vboxnet9".into(),
            server_ip: "192.168.60.2".into(),
            network_mask: "255.255.255.0".into(),
            lower_ip: "192.168.60.3".into(),
            upper_ip: "192.168.60.254".into(),
            enabled: true,
        };
        assert_eq!(dhcpservers(&[d[0].clone(), second]), two);
        assert_eq!(dhcpservers(&[]), "");
    }

    #[test]
    fn hostinfo_has_the_real_shape() {
        let real = fixture("vboxmanage-7.2.22/hostonly/list-hostinfo.stdout");
        let keys = |t: &str| -> Vec<String> {
            t.lines()
                .map(|l| l.split(':').next().unwrap_or("").to_string())
                .collect()
        };
        let ours = hostinfo(1_700_000_000_123);
        assert_eq!(keys(&ours), keys(&real));
        assert!(ours.contains("Host time: 2023-11-14T22:13:20.123000000Z\n"));
    }
}
