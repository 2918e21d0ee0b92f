//! Changing a machine's settings (`modifyvm`, `IMachine` setters + `saveSettings`).

use super::machine::{
    machine_folder, normalize_groups, normalize_mac, path_string, random_mac, safe_file_name,
    validate_cpus, validate_memory, MachineRecord,
};
use super::media::MediumRecord;
use super::{errors, session, Ctx};
use std::path::Path;
use vbox_types::{
    AdapterChange, ApiVersion, Error, MachineState, ModifyMachine, NetworkAttachmentType, Result,
    ResultCode,
};

/// Apply a change. Needs a write lock, which a running machine's session refuses with
/// "already locked for a session" (7.0.14 `modifyvm-while-running`).
pub(crate) fn modify(
    m: &mut MachineRecord,
    media: &mut [MediumRecord],
    change: &ModifyMachine,
    mac_taken: &dyn Fn(&str) -> bool,
    ctx: &Ctx<'_>,
) -> Result<()> {
    session::check_write(m, ctx.now)?;
    let hardware = change.memory_mb.is_some()
        || change.cpus.is_some()
        || !change.adapters.is_empty()
        || super::config::touches_config(change);
    if hardware && matches!(m.state, MachineState::Saved | MachineState::AbortedSaved) {
        return Err(errors::not_mutable(m.state));
    }
    // Validate everything first: a refused change changes nothing.
    if let Some(mb) = change.memory_mb {
        validate_memory(mb)?;
    }
    if let Some(n) = change.cpus {
        validate_cpus(n)?;
    }
    let groups = change.groups.as_deref().map(normalize_groups).transpose()?;
    let mut adapters = m.hw.adapters.clone();
    for c in &change.adapters {
        apply_adapter(&mut adapters, c, mac_taken, ctx.api())?;
    }
    let mut config = m.hw.config.clone();
    config.apply(change)?;
    if let Some(mb) = change.memory_mb {
        m.hw.memory_mb = mb;
    }
    if let Some(n) = change.cpus {
        m.hw.cpus = n;
    }
    if let Some(d) = &change.description {
        m.description = d.clone();
    }
    m.hw.adapters = adapters;
    m.hw.config = config;
    if let Some(groups) = groups {
        if groups != m.groups {
            move_folder(m, media, &groups, ctx)?;
            m.groups = groups;
        }
    }
    Ok(())
}

fn apply_adapter(
    adapters: &mut [vbox_types::NetworkAdapter],
    c: &AdapterChange,
    mac_taken: &dyn Fn(&str) -> bool,
    api: ApiVersion,
) -> Result<()> {
    let max = adapters.len();
    let Some(a) = adapters.get_mut(c.slot as usize) else {
        return Err(errors::invalid_arg(format!(
            "Invalid slot number: {} (must be in range [0, {}])",
            c.slot,
            max.saturating_sub(1)
        )));
    };
    if let Some(att) = c.attachment {
        if !att.exists_in(api) {
            return Err(Error::from_code(
                ResultCode::NOT_SUPPORTED,
                format!(
                    "The attachment type {} needs VirtualBox {} or later",
                    att.api_name(),
                    att.since()
                ),
            ));
        }
        a.enabled = att != NetworkAttachmentType::Null;
        a.attachment = att;
        // Default names as VBoxManage fills them in when none is given.
        let default = match att {
            NetworkAttachmentType::Bridged => "eth0",
            NetworkAttachmentType::HostOnly => "vboxnet0",
            NetworkAttachmentType::Internal => "intnet",
            NetworkAttachmentType::NATNetwork => "NatNetwork",
            NetworkAttachmentType::HostOnlyNetwork => "HostOnly",
            NetworkAttachmentType::Generic => "UDPTunnel",
            _ => "",
        };
        let field = network_field(a, att);
        if let Some(f) = field {
            if f.is_empty() {
                *f = default.to_string();
            }
        }
    }
    if let Some(net) = &c.network {
        let att = a.attachment;
        if let Some(f) = network_field(a, att) {
            *f = net.clone();
        }
    }
    if let Some(mac) = &c.mac_address {
        a.mac_address = if mac.eq_ignore_ascii_case("auto") {
            random_mac(mac_taken)
        } else {
            normalize_mac(mac)?
        };
    }
    super::config::apply_adapter_extras(a, c);
    Ok(())
}

fn network_field(
    a: &mut vbox_types::NetworkAdapter,
    att: NetworkAttachmentType,
) -> Option<&mut String> {
    Some(match att {
        NetworkAttachmentType::Bridged => &mut a.bridged_interface,
        NetworkAttachmentType::HostOnly => &mut a.host_only_interface,
        NetworkAttachmentType::HostOnlyNetwork => &mut a.host_only_network,
        NetworkAttachmentType::Internal => &mut a.internal_network,
        NetworkAttachmentType::NATNetwork => &mut a.nat_network,
        NetworkAttachmentType::Generic => &mut a.generic_driver,
        _ => return None,
    })
}

/// A group change moves the machine folder (`modifyvm --groups /lab/web` moves it to
/// `<machine folder>/lab/web/<name>`), with every path inside it.
fn move_folder(
    m: &mut MachineRecord,
    media: &mut [MediumRecord],
    groups: &[String],
    ctx: &Ctx<'_>,
) -> Result<()> {
    let old = m.folder.clone();
    let new = machine_folder(ctx.root, groups, &m.name);
    let new_s = path_string(&new);
    if new_s == old {
        return Ok(());
    }
    let settings = new.join(format!("{}.vbox", safe_file_name(&m.name)));
    if settings.exists() {
        return Err(errors::settings_exist(&path_string(&settings)));
    }
    if let Some(parent) = new.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| errors::file_error("Could not create the folder", parent, e))?;
    }
    if Path::new(&old).exists() {
        std::fs::rename(&old, &new)
            .map_err(|e| errors::file_error("Could not move the machine folder", &new, e))?;
    }
    let fix = |p: &mut String| {
        if let Some(rest) = p.strip_prefix(&old) {
            if rest.is_empty() || rest.starts_with(std::path::MAIN_SEPARATOR) {
                *p = format!("{new_s}{rest}");
            }
        }
    };
    fix(&mut m.settings_file);
    if let Some(f) = m.state_file.as_mut() {
        fix(f);
    }
    for s in m.snapshots.iter_mut() {
        if let Some(f) = s.state_file.as_mut() {
            fix(f);
        }
    }
    for md in media.iter_mut() {
        fix(&mut md.location);
    }
    m.folder = new_s;
    Ok(())
}
