//! The argv of host-only interfaces, 7.x host-only networks and DHCP servers.
//!
//! `dhcpserver` takes the spellings every version from 5.2 to 7.2 accepts (`--netname`,
//! `--ip`, `--lowerip`, `--upperip`: 6.1 added `--network`, `--server-ip`, `--lower-ip` and
//! kept these; checked on the real 7.2.22, `fixtures/vboxmanage-7.2.22/hostonly/`).

use crate::args::Argv;
use vbox_types::{DhcpRange, HostOnlyKind};

/// `list hostonlyifs` / `list hostonlynets` / `list dhcpservers` / `list hostinfo`.
pub fn list(what: &str) -> Vec<String> {
    Argv::new(&["list", what]).into()
}

/// The listing of one host-only form.
pub fn list_kind(kind: HostOnlyKind) -> Vec<String> {
    list(match kind {
        HostOnlyKind::Interface => "hostonlyifs",
        HostOnlyKind::Network => "hostonlynets",
    })
}

/// `hostonlyif create` (VirtualBox names the interface: `vboxnetN`).
pub fn hostonlyif_create() -> Vec<String> {
    Argv::new(&["hostonlyif", "create"]).into()
}

/// `hostonlyif ipconfig <if> --ip <ip> --netmask <mask>`.
pub fn hostonlyif_ipconfig(name: &str, ip: &str, mask: &str) -> Vec<String> {
    Argv::new(&["hostonlyif", "ipconfig"])
        .arg(name)
        .opt("--ip", ip)
        .opt("--netmask", mask)
        .into()
}

/// `hostonlyif remove <if>`.
pub fn hostonlyif_remove(name: &str) -> Vec<String> {
    Argv::new(&["hostonlyif", "remove"]).arg(name).into()
}

/// `hostonlynet add --name <n> --netmask <m> --lower-ip <l> --upper-ip <u> --enable|--disable`
/// (7.x, macOS): the range is the network's DHCP range.
pub fn hostonlynet_add(name: &str, mask: &str, range: Option<&DhcpRange>) -> Vec<String> {
    let a = Argv::new(&["hostonlynet", "add"])
        .opt("--name", name)
        .opt("--netmask", mask);
    match range {
        Some(r) => a
            .opt("--lower-ip", &r.lower_ip)
            .opt("--upper-ip", &r.upper_ip)
            .arg("--enable"),
        None => a.arg("--disable"),
    }
    .into()
}

/// `hostonlynet remove --name <n>`.
pub fn hostonlynet_remove(name: &str) -> Vec<String> {
    Argv::new(&["hostonlynet", "remove"])
        .opt("--name", name)
        .into()
}

/// `dhcpserver add|modify --netname <net> --ip … --netmask … --lowerip … --upperip … --enable`.
pub fn dhcpserver_set(verb: &str, network: &str, mask: &str, range: &DhcpRange) -> Vec<String> {
    Argv::new(&["dhcpserver", verb])
        .opt("--netname", network)
        .opt("--ip", &range.server_ip)
        .opt("--netmask", mask)
        .opt("--lowerip", &range.lower_ip)
        .opt("--upperip", &range.upper_ip)
        .arg("--enable")
        .into()
}

/// `dhcpserver remove --netname <net>`.
pub fn dhcpserver_remove(network: &str) -> Vec<String> {
    Argv::new(&["dhcpserver", "remove"])
        .opt("--netname", network)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range() -> DhcpRange {
        DhcpRange {
            server_ip: "192.168.61.2".into(),
            lower_ip: "192.168.61.3".into(),
            upper_ip: "192.168.61.254".into(),
        }
    }

    /// The words of the real 7.2.22 capture `dhcpserver-add-legacy`.
    #[test]
    fn dhcpserver_words_are_the_captured_ones() {
        assert_eq!(
            dhcpserver_set("add", "HostInterfaceNetworking-vboxnet8", "255.255.255.0", &range())
                .join(" "),
            "dhcpserver add --netname HostInterfaceNetworking-vboxnet8 --ip 192.168.61.2 --netmask 255.255.255.0 --lowerip 192.168.61.3 --upperip 192.168.61.254 --enable"
        );
        assert_eq!(
            dhcpserver_remove("HostInterfaceNetworking-vboxnet8").join(" "),
            "dhcpserver remove --netname HostInterfaceNetworking-vboxnet8"
        );
    }

    #[test]
    fn interface_and_network_words() {
        assert_eq!(
            hostonlyif_ipconfig("vboxnet1", "192.168.61.1", "255.255.255.0").join(" "),
            "hostonlyif ipconfig vboxnet1 --ip 192.168.61.1 --netmask 255.255.255.0"
        );
        assert_eq!(
            hostonlynet_add("lab", "255.255.255.0", Some(&range())).join(" "),
            "hostonlynet add --name lab --netmask 255.255.255.0 --lower-ip 192.168.61.3 --upper-ip 192.168.61.254 --enable"
        );
        assert_eq!(
            hostonlynet_add("-x", "255.0.0.0", None),
            [
                "hostonlynet",
                "add",
                "--name=-x",
                "--netmask",
                "255.0.0.0",
                "--disable"
            ]
        );
        assert_eq!(list_kind(HostOnlyKind::Network), ["list", "hostonlynets"]);
    }
}
