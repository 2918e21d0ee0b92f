//! `hostonlyif create|remove|ipconfig` and `dhcpserver add|modify|remove`: the host's host-only
//! interfaces and VirtualBox's DHCP servers, with the texts of the real 7.2.22 Linux host
//! (`fixtures/vboxmanage-7.2.22/config/` and `…/hostonly/`). `hostonlynet` is not a command
//! here, as on every Linux build (the dispatcher's "Invalid command").

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{code_symbol, Cx, ProgressSite, Site, SUCCESS};
use super::super::progress::Progress;
use super::super::usage::Usage;
use crate::model::errors;
use vbox_types::interface_network_name;

/// `hostonlyif`'s usage (7.2 manual).
pub(crate) const HOSTONLYIF_USAGE: Usage = Usage {
    purpose: "manage host-only network interfaces",
    synopses: &[
        (
            "ipconfig",
            "VBoxManage hostonlyif ipconfig <ifname> [--dhcp | --ip=IPv4-address --netmask=IPv4-netmask | --ipv6=IPv6-address --netmasklengthv6=length]",
        ),
        ("create", "VBoxManage hostonlyif create"),
        ("remove", "VBoxManage hostonlyif remove <ifname>"),
    ],
};

/// `dhcpserver`'s usage (7.2 manual, the options the emulator knows).
pub(crate) const DHCPSERVER_USAGE: Usage = Usage {
    purpose: "DHCP server management",
    synopses: &[
        (
            "add",
            "VBoxManage dhcpserver add <--network=netname | --interface=ifname> --server-ip=address --netmask=mask --lower-ip=address --upper-ip=address <--enable | --disable>",
        ),
        (
            "modify",
            "VBoxManage dhcpserver modify <--network=netname | --interface=ifname> [--server-ip=address] [--netmask=mask] [--lower-ip=address] [--upper-ip=address] [--enable | --disable]",
        ),
        (
            "remove",
            "VBoxManage dhcpserver remove <--network=netname | --interface=ifname>",
        ),
    ],
};

const FILE: &str = "VBoxManageHostonly.cpp";

/// A call on `IHost` (the real 7.2.22's `FindHostNetworkInterfaceByName` sites).
const fn host_site(line: u32) -> Site {
    Site {
        component: "HostWrap",
        interface: "IHost",
        call: "FindHostNetworkInterfaceByName(Bstr(pszName).raw(), hif.asOutParam())",
        line,
        file: FILE,
        later: None,
    }
}

/// `hostonlyif …`.
pub(crate) async fn hostonlyif(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&HOSTONLYIF_USAGE);
    match args.first().map(String::as_str) {
        Some("create") => {
            cx.set_subcommand("create");
            create(cx)
        }
        Some("remove") => {
            cx.set_subcommand("remove");
            match args.get(1) {
                Some(name) => remove(cx, name),
                None => cx.syntax_error("No interface name was specified"),
            }
        }
        Some("ipconfig") => {
            cx.set_subcommand("ipconfig");
            ipconfig(cx, &args[1..])
        }
        Some(other) => cx.syntax_error(&format!("Invalid parameter '{other}'")),
        None => cx.syntax_error("No sub-command specified"),
    }
}

fn create(cx: &mut Cx<'_>) -> i32 {
    let progress = Progress::start(cx);
    match cx.sim.engine().write(|reg, _| reg.create_interface()) {
        Ok(name) => {
            progress.succeed(cx);
            cx.print(&format!("Interface '{name}' was successfully created\n"));
            SUCCESS
        }
        Err(e) => {
            progress.fail(cx, code_symbol(&e));
            let site = ProgressSite {
                component: "HostNetworkInterfaceWrap",
                interface: "IHostNetworkInterface",
                context: Some(("RTEXITCODE handleCreate(HandlerArg*)", 105, FILE)),
                later: None,
            };
            cx.progress_error(Some("Failed to create the host-only adapter"), &e, &site)
        }
    }
}

fn remove(cx: &mut Cx<'_>, name: &str) -> i32 {
    let removed = cx.sim.engine().write(|reg, _| {
        let id = reg.interface(name)?.id.clone();
        reg.remove_interface(&id)
    });
    match removed {
        Ok(()) => {
            Progress::start(cx).succeed(cx);
            SUCCESS
        }
        Err(e) => cx.api_error(&e, &host_site(150)),
    }
}

const IPCONFIG_OPTS: &[Opt] = &[
    Opt::value(&["--ip"]),
    Opt::value(&["--netmask"]),
    Opt::flag(&["--dhcp"]),
    Opt::value(&["--ipv6"]),
    Opt::value(&["--netmasklengthv6"]),
];

fn ipconfig(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    let (mut name, mut ip, mut mask) = (None, None, "255.255.255.0");
    for item in GetOpt::new(args, IPCONFIG_OPTS) {
        match item {
            Ok(Item::Opt {
                key: "--ip", value, ..
            }) => ip = Some(value),
            Ok(Item::Opt {
                key: "--netmask",
                value,
                ..
            }) => mask = value,
            Ok(Item::Opt { .. }) => {}
            Ok(Item::Arg(a)) if name.is_none() => name = Some(a),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(name) = name else {
        return cx.syntax_error("No interface name was specified");
    };
    let configured = cx.sim.engine().write(|reg, _| {
        reg.interface(name)?;
        match ip {
            Some(ip) => reg.set_interface_ip(name, ip, mask),
            None => Ok(()),
        }
    });
    match configured {
        Ok(()) => SUCCESS,
        Err(e) => cx.api_error(&e, &host_site(242)),
    }
}

const DHCP_OPTS: &[Opt] = &[
    Opt::value(&["--network", "--netname"]),
    Opt::value(&["--interface", "--ifname"]),
    Opt::value(&["--server-ip", "--ip"]),
    Opt::value(&["--netmask"]),
    Opt::value(&["--lower-ip", "--lowerip"]),
    Opt::value(&["--upper-ip", "--upperip"]),
    Opt::flag(&["--enable"]),
    Opt::flag(&["--disable"]),
];

/// What one `dhcpserver` call asks for.
#[derive(Default)]
struct DhcpArgs<'a> {
    network: Option<String>,
    server_ip: Option<&'a str>,
    mask: Option<&'a str>,
    lower: Option<&'a str>,
    upper: Option<&'a str>,
    enabled: Option<bool>,
}

/// `dhcpserver add|modify|remove`.
pub(crate) async fn dhcpserver(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&DHCPSERVER_USAGE);
    let Some(verb) = args.first().map(String::as_str) else {
        return cx.syntax_error("DHCP server command missing");
    };
    cx.set_subcommand(match verb {
        "add" => "add",
        "modify" => "modify",
        "remove" => "remove",
        other => return cx.syntax_error(&format!("Invalid parameter '{other}'")),
    });
    let mut a = DhcpArgs::default();
    for item in GetOpt::new(&args[1..], DHCP_OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--network" => a.network = Some(value.to_string()),
                "--interface" => a.network = Some(interface_network_name(value)),
                "--server-ip" => a.server_ip = Some(value),
                "--netmask" => a.mask = Some(value),
                "--lower-ip" => a.lower = Some(value),
                "--upper-ip" => a.upper = Some(value),
                "--enable" => a.enabled = Some(true),
                _ => a.enabled = Some(false),
            },
            Ok(Item::Arg(arg)) => return cx.invalid_parameter(arg),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(network) = a.network.clone() else {
        return cx.syntax_error(
            "You need to specify either --network or --interface to identify the DHCP server",
        );
    };
    let exists = cx
        .sim
        .engine()
        .read(|reg, _| Ok(reg.dhcp(&network).is_some()))
        .unwrap_or(false);
    match (verb, exists) {
        // The real 7.2.22: exit 2, the line alone.
        ("add", true) => return cx.argument_error("DHCP server already exists"),
        ("modify" | "remove", false) => return cx.fail(&errors::no_dhcp_text(&network)),
        _ => {}
    }
    let done = cx.sim.engine().write(|reg, _| {
        if verb == "remove" {
            return reg.remove_dhcp(&network);
        }
        if verb == "add" {
            reg.create_dhcp(&network)?;
        }
        reg.edit_dhcp(&network, |d| apply(d, &a))
    });
    match done {
        Ok(()) => SUCCESS,
        // `dhcpserver` reports API failures as one line (exit 1).
        Err(e) => cx.fail(e.message()),
    }
}

fn apply(d: &mut vbox_types::DhcpServer, a: &DhcpArgs<'_>) {
    let set = |field: &mut String, value: Option<&str>| {
        if let Some(v) = value {
            *field = v.to_string();
        }
    };
    set(&mut d.server_ip, a.server_ip);
    set(&mut d.network_mask, a.mask);
    set(&mut d.lower_ip, a.lower);
    set(&mut d.upper_ip, a.upper);
    if let Some(on) = a.enabled {
        d.enabled = on;
    }
}
