//! The network adapter section: one entry per slot up to the chipset maximum.
//!
//! Machine-readable lines are printed with plain `RTPrintf` in every version, so names and
//! values are not escaped.

use super::flavor::Flavor;
use super::out::{labelled, Out};
use vbox_types::{NetworkAdapter, NetworkAttachmentType as Att, PortForward};

/// Every adapter slot of the machine, a NAT adapter with its port forwards.
pub(crate) fn section(
    o: &mut Out,
    adapters: &[NetworkAdapter],
    forwards: &[PortForward],
    f: Flavor,
) {
    for a in adapters {
        adapter(o, a, f);
        if a.enabled && a.attachment == Att::NAT {
            let mine = forwards.iter().filter(|r| r.slot == a.slot);
            for (i, rule) in mine.enumerate() {
                forward(o, a.slot + 1, i, rule);
            }
        }
    }
}

/// One rule: `Forwarding(i)="name,tcp,,2222,,22"` (the index restarts for every adapter) or
/// the human `NIC 1 Rule(0):   name = ssh, protocol = tcp, …` of a real 7.2.22 host.
fn forward(o: &mut Out, n: u32, i: usize, r: &PortForward) {
    if o.mr() {
        o.line(&format!("Forwarding({i})=\"{}\"", r.rule()));
    } else {
        o.line(&format!(
            "NIC {n} Rule({i}):   name = {}, protocol = {}, host ip = {}, host port = {}, guest ip = {}, guest port = {}",
            r.name,
            r.protocol.manage_word(),
            r.host_ip,
            r.host_port,
            r.guest_ip,
            r.guest_port
        ));
    }
}

fn adapter(o: &mut Out, a: &NetworkAdapter, f: Flavor) {
    let n = a.slot + 1;
    if !a.enabled {
        o.mr_line(&format!("nic{n}=\"none\""));
        o.human_line(&labelled(&format!("NIC {n}:"), "disabled"));
        return;
    }
    let nat = a.attachment == Att::NAT;
    if o.mr() {
        if let Some(line) = attachment_line(a) {
            o.line(&line);
        }
        o.line(&format!("macaddress{n}=\"{}\"", a.mac_address));
        let cable = if a.cable_connected { "on" } else { "off" };
        o.line(&format!("cableconnected{n}=\"{cable}\""));
        o.line(&format!("nic{n}=\"{}\"", a.attachment.manage_word()));
        o.line(&format!("nictype{n}=\"{}\"", a.adapter_type.manage_word()));
        o.line(&format!("nicspeed{n}=\"{}\"", a.line_speed_kbps));
        if nat {
            // A fresh NAT engine: MTU 0, socket and TCP window sizes printed as 64 (KB).
            o.line("mtu=\"0\"\nsockSnd=\"64\"\nsockRcv=\"64\"\ntcpWndSnd=\"64\"\ntcpWndRcv=\"64\"");
            if f.nat_extras() {
                o.line("localhostReachable=\"0\"\nforwardBroadcast=\"0\"");
            }
            if f.nat_tftp() {
                o.line("enableTFTP=\"0\"");
            }
        }
    } else {
        let value = format!(
            "MAC: {}, Attachment: {}, Cable connected: {}, Trace: off (file: none), Type: {}, \
             Reported speed: {} Mbps, Boot priority: 0, Promisc Policy: deny, Bandwidth group: none",
            a.mac_address,
            human_attachment(a),
            if a.cable_connected { "on" } else { "off" },
            a.adapter_type.manage_word(),
            a.line_speed_kbps / 1000,
        );
        o.line(&labelled(&format!("NIC {n}:"), &value));
        if nat && f.nat_tftp() {
            // 7.2 prints the NAT engine on indented lines of their own, the 7.1 flags included.
            o.line(&format!(
                "NIC {n} Settings:\n\tMTU: 0, Socket (send: 64, receive: 64), TCP Window (send:64, receive: 64),\n\tLocalhostReachable: 0, ForwardBroadcast: 0, EnableTFTP: 0"
            ));
        } else if nat {
            o.line(&format!(
                "NIC {n} Settings:  MTU: 0, Socket (send: 64, receive: 64), TCP Window (send:64, receive: 64)"
            ));
        }
    }
}

/// The attachment-specific line printed before `macaddress<N>`. `natnet<N>` is the NAT
/// engine's network, `nat` when it is the default one.
fn attachment_line(a: &NetworkAdapter) -> Option<String> {
    let n = a.slot + 1;
    let (key, value) = match a.attachment {
        Att::NAT => ("natnet", "nat"),
        Att::Bridged => ("bridgeadapter", a.bridged_interface.as_str()),
        Att::Internal => ("intnet", a.internal_network.as_str()),
        Att::HostOnly => ("hostonlyadapter", a.host_only_interface.as_str()),
        Att::Generic => ("generic", a.generic_driver.as_str()),
        Att::NATNetwork => ("nat-network", a.nat_network.as_str()),
        Att::HostOnlyNetwork => ("hostonly-network", a.host_only_network.as_str()),
        Att::Cloud => ("cloud-network", ""),
        Att::Null => return None,
    };
    Some(format!("{key}{n}=\"{value}\""))
}

fn human_attachment(a: &NetworkAdapter) -> String {
    match a.attachment {
        Att::Null => "none".to_string(),
        Att::NAT => "NAT".to_string(),
        Att::Bridged => format!("Bridged Interface '{}'", a.bridged_interface),
        Att::Internal => format!("Internal Network '{}'", a.internal_network),
        Att::HostOnly => format!("Host-only Interface '{}'", a.host_only_interface),
        // The driver's properties follow in braces; the simulator keeps none.
        Att::Generic => format!("Generic '{}' {{  }}", a.generic_driver),
        Att::NATNetwork => format!("NAT Network '{}'", a.nat_network),
        Att::HostOnlyNetwork => format!("Host Only Network '{}'", a.host_only_network),
        Att::Cloud => "Cloud Network ''".to_string(),
    }
}
