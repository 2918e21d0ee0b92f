//! The host's networking over SOAP: `IHost`'s host-only interfaces
//! (`IHostNetworkInterface`), `IVirtualBox`'s DHCP servers (`IDHCPServer`) and global
//! extradata, and the 7.x `IHostOnlyNetwork` calls, which a Linux vboxwebsrv (the real 7.2.22)
//! answers E_NOTIMPL without a text. Answers follow that host (`fixtures/README.md`,
//! "vboxmanage-7.2.22/hostonly/"): a failed `createHostOnlyNetworkInterface` still answers,
//! with a null interface and a progress that failed.

use super::call::{done, ret, Call, Failure, Reply};
use super::objects::{Obj, ProgressCell};
use crate::model::errors;
use vbox_soap_wire::Param;
use vbox_types::{ApiVersion, Error, ResultCode};

/// The `IVirtualBox` methods of this module.
const VIRTUALBOX: &[&str] = &[
    "getDHCPServers",
    "findDHCPServerByNetworkName",
    "createDHCPServer",
    "removeDHCPServer",
    "getExtraData",
    "setExtraData",
];

/// `IVirtualBox`'s 7.x host-only network methods (macOS hosts only).
const HOSTONLYNET: &[&str] = &[
    "getHostOnlyNetworks",
    "createHostOnlyNetwork",
    "findHostOnlyNetworkByName",
    "findHostOnlyNetworkById",
    "removeHostOnlyNetwork",
];

/// `None` when the operation is not this module's.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    match c.iface {
        "IVirtualBox" if VIRTUALBOX.contains(&c.method) => Some(virtualbox(c)),
        "IVirtualBox" if HOSTONLYNET.contains(&c.method) => {
            // The operations exist from 7.0 on; this simulated host is a Linux one.
            (c.api() >= ApiVersion::V7_0).then(|| {
                c.this()?;
                Err(Failure::Vbox(Error::from_code(ResultCode::E_NOTIMPL, "")))
            })
        }
        "IHost" => host(c),
        "IHostNetworkInterface" => Some(interface(c)),
        "IDHCPServer" => Some(dhcp(c)),
        _ => None,
    }
}

fn virtualbox(c: &Call<'_>) -> Reply {
    c.this()?;
    let engine = c.sim().engine();
    match c.method {
        "getDHCPServers" => {
            let names = engine.read(|reg, _| {
                Ok(reg
                    .host_net
                    .dhcp_servers
                    .iter()
                    .map(|d| d.network_name.clone())
                    .collect::<Vec<_>>())
            })?;
            let refs: Vec<String> = names.into_iter().map(|n| c.mor(Obj::Dhcp(n))).collect();
            Ok(vec![Param::array("returnval", refs)])
        }
        "findDHCPServerByNetworkName" => {
            let name = c.text("name")?.to_string();
            engine.read(|reg, _| {
                reg.dhcp(&name)
                    .map(drop)
                    .ok_or_else(|| errors::no_dhcp(&name))
            })?;
            ret(c.mor(Obj::Dhcp(name)))
        }
        "createDHCPServer" => {
            let name = c.text("name")?.to_string();
            engine.write(|reg, _| reg.create_dhcp(&name))?;
            ret(c.mor(Obj::Dhcp(name)))
        }
        "removeDHCPServer" => {
            let Obj::Dhcp(name) = c.obj("server")? else {
                return Err(Failure::Invalid(c.text("server")?.to_string()));
            };
            engine.write(|reg, _| reg.remove_dhcp(&name))?;
            done()
        }
        "getExtraData" => {
            let key = c.text("key")?;
            let value = engine.read(|reg, _| Ok(reg.global_extradata.get(key).cloned()))?;
            ret(value.unwrap_or_default())
        }
        _ => {
            let (key, value) = (c.text("key")?.to_string(), c.text("value")?.to_string());
            engine.write(|reg, _| {
                if value.is_empty() {
                    reg.global_extradata.remove(&key);
                } else {
                    reg.global_extradata.insert(key, value);
                }
                Ok(())
            })?;
            done()
        }
    }
}

fn host(c: &Call<'_>) -> Option<Reply> {
    const KNOWN: &[&str] = &[
        "getNetworkInterfaces",
        "findHostNetworkInterfacesOfType",
        "findHostNetworkInterfaceByName",
        "findHostNetworkInterfaceById",
        "createHostOnlyNetworkInterface",
        "removeHostOnlyNetworkInterface",
    ];
    KNOWN.contains(&c.method).then(|| host_call(c))
}

fn host_call(c: &Call<'_>) -> Reply {
    c.this()?;
    let engine = c.sim().engine();
    let all_ids = || {
        engine.read(|reg, _| {
            Ok(reg
                .host_net
                .interfaces
                .iter()
                .map(|i| i.id.clone())
                .collect::<Vec<_>>())
        })
    };
    match c.method {
        "getNetworkInterfaces" => refs(c, all_ids()?),
        "findHostNetworkInterfacesOfType" => {
            // Every simulated interface is host-only; the host has no bridged one.
            let ids = if c.text("type")? == "HostOnly" {
                all_ids()?
            } else {
                Vec::new()
            };
            refs(c, ids)
        }
        "findHostNetworkInterfaceByName" => {
            let name = c.text("name")?;
            let id = engine.read(|reg, _| Ok(reg.interface(name)?.id.clone()))?;
            ret(c.mor(Obj::HostInterface(id)))
        }
        "findHostNetworkInterfaceById" => {
            let id = uuid_of(c.text("id")?);
            engine.read(|reg, _| {
                interface_by_id(reg, &id)?;
                Ok(())
            })?;
            ret(c.mor(Obj::HostInterface(id)))
        }
        "createHostOnlyNetworkInterface" => {
            let made = engine.write(|reg, _| {
                let name = reg.create_interface()?;
                Ok(reg.interface(&name)?.id.clone())
            });
            let (iface, outcome) = match made {
                Ok(id) => (c.mor(Obj::HostInterface(id)), Ok(())),
                Err(e) => (String::new(), Err(e)),
            };
            Ok(vec![
                Param::value("hostInterface", iface),
                Param::value(
                    "returnval",
                    c.mor(Obj::Progress(ProgressCell::finished(outcome))),
                ),
            ])
        }
        _ => {
            let id = uuid_of(c.text("id")?);
            engine.write(|reg, _| reg.remove_interface(&id))?;
            ret(c.mor(Obj::Progress(ProgressCell::finished(Ok(())))))
        }
    }
}

fn refs(c: &Call<'_>, ids: Vec<String>) -> Reply {
    let refs: Vec<String> = ids
        .into_iter()
        .map(|id| c.mor(Obj::HostInterface(id)))
        .collect();
    Ok(vec![Param::array("returnval", refs)])
}

/// A UUID as the API takes it (braces allowed); an unparsable one finds nothing.
fn uuid_of(text: &str) -> String {
    crate::model::parse_uuid(text).unwrap_or_else(|| text.to_string())
}

fn interface_by_id<'r>(
    reg: &'r crate::model::Registry,
    id: &str,
) -> vbox_types::Result<&'r crate::model::hostonly::Interface> {
    reg.host_net
        .interfaces
        .iter()
        .find(|i| i.id == id)
        .ok_or_else(|| errors::no_host_interface_id(id))
}

fn interface(c: &Call<'_>) -> Reply {
    let Obj::HostInterface(id) = c.this()? else {
        return Err(Failure::Unknown);
    };
    let engine = c.sim().engine();
    if c.method == "enableStaticIPConfig" {
        let (ip, mask) = (c.text("IPAddress")?, c.text("networkMask")?);
        engine.write(|reg, _| {
            let name = interface_by_id(reg, &id)?.name.clone();
            reg.set_interface_ip(&name, ip, mask)
        })?;
        return done();
    }
    let i = engine.read(|reg, _| interface_by_id(reg, &id).cloned())?;
    let v = i.view();
    match c.method {
        "getName" | "getShortName" => ret(v.name),
        "getId" => ret(i.id),
        "getNetworkName" => ret(v.network_name),
        "getIPAddress" => ret(v.ipv4_address),
        "getNetworkMask" => ret(v.ipv4_mask),
        "getIPV6Address" => ret(""),
        "getIPV6NetworkMaskPrefixLength" => ret(0),
        "getIPV6Supported" | "getDHCPEnabled" | "getWireless" => ret(false),
        "getHardwareAddress" => ret(i.mac()),
        "getMediumType" => ret("Ethernet"),
        "getStatus" => ret(v.status),
        "getInterfaceType" => ret("HostOnly"),
        _ => Err(Failure::Unknown),
    }
}

fn dhcp(c: &Call<'_>) -> Reply {
    let Obj::Dhcp(network) = c.this()? else {
        return Err(Failure::Unknown);
    };
    let engine = c.sim().engine();
    match c.method {
        "setEnabled" => {
            let on: bool = c.parse("enabled")?;
            engine.write(|reg, _| reg.edit_dhcp(&network, |d| d.enabled = on))?;
            return done();
        }
        "setConfiguration" => {
            let text = |n: &str| c.text(n).map(str::to_string);
            let (ip, mask, lower, upper) = (
                text("IPAddress")?,
                text("networkMask")?,
                text("FromIPAddress")?,
                text("ToIPAddress")?,
            );
            engine.write(|reg, _| {
                reg.edit_dhcp(&network, |d| {
                    d.server_ip = ip;
                    d.network_mask = mask;
                    d.lower_ip = lower;
                    d.upper_ip = upper;
                })
            })?;
            return done();
        }
        _ => {}
    }
    let d = engine.read(|reg, _| {
        reg.dhcp(&network)
            .cloned()
            .ok_or_else(|| errors::no_dhcp(&network))
    })?;
    match c.method {
        "getNetworkName" => ret(d.network_name),
        "getIPAddress" => ret(d.server_ip),
        "getNetworkMask" => ret(d.network_mask),
        "getLowerIP" => ret(d.lower_ip),
        "getUpperIP" => ret(d.upper_ip),
        "getEnabled" => ret(d.enabled),
        _ => Err(Failure::Unknown),
    }
}
