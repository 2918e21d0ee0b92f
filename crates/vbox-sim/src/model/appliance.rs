//! Appliances in the simulator: it reads real OVFs and OVAs (the descriptor, as
//! `IAppliance::read` does) and writes OVAs and OVFs it can read back, in VirtualBox's shape
//! (`vbox_appliance::write`). Disks are the simulator's placeholders, copied in and out.
//!
//! Failures follow the real 7.2.22 host (fixtures `vboxmanage-7.2.22-appliance/`): a missing
//! file fails the read; a missing disk or a truncated OVA fails the import after the read,
//! a truncated one leaving the new machine's empty folder; an existing output file or a
//! missing output folder fails the write.

use super::machine::{machine_folder, normalize_mac, safe_file_name};
use super::media::{Attachment, MediumRecord};
use super::{errors, new_uuid, Ctx, Registry};
use std::path::{Path, PathBuf};
use vbox_appliance::write::{descriptor, write_ova, DiskEntry, NicEntry, SystemEntry};
use vbox_appliance::{DescriptorError, Ovf};
use vbox_types::{
    ApplianceDisk, ApplianceInfo, ApplianceNic, ApplianceSystem, CreateMachine, Error,
    ExportAppliance, ImportAppliance, MacPolicy, NetworkAttachmentType, ResultCode,
};

type Result<T> = vbox_types::Result<T>;

/// `IAppliance::read` + `interpret`.
pub(crate) fn read(path: &str) -> Result<Ovf> {
    let p = Path::new(path);
    vbox_appliance::read_descriptor(p).map_err(|e| match e {
        DescriptorError::Open(_) if vbox_appliance::is_ovf(p) => Error::from_code(
            ResultCode::FILE_ERROR,
            format!("Could not read OVF file '{path}' (VERR_FILE_NOT_FOUND)"),
        ),
        DescriptorError::Open(_) => Error::from_code(
            ResultCode::OBJECT_NOT_FOUND,
            format!("Error opening the OVA file '{path}' (VERR_FILE_NOT_FOUND)"),
        ),
        DescriptorError::Invalid(e) => Error::from_code(ResultCode::FILE_ERROR, e.message()),
    })
}

/// A name not yet registered: the appliance's, or with ` 1`, ` 2`… (`src1 1`, fixture
/// `import-dry-run`).
fn unique_name(reg: &Registry, base: &str) -> String {
    let taken = |n: &str| reg.machines.iter().any(|m| m.name == n);
    if !taken(base) {
        return base.to_string();
    }
    (1..)
        .map(|i| format!("{base} {i}"))
        .find(|n| !taken(n))
        .unwrap_or_default()
}

/// The interpretation of `spec` against the registry.
pub(crate) fn interpret(
    reg: &Registry,
    spec: &ImportAppliance,
    ctx: &Ctx<'_>,
) -> Result<ApplianceInfo> {
    if spec.base_folder.is_some() {
        return Err(errors::invalid_arg(
            "the simulator keeps every machine in its own machine folder",
        ));
    }
    let ovf = read(&spec.path)?;
    let base = ctx.root.join("machines");
    let systems = ovf
        .systems
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = match (&spec.name, i) {
                (Some(n), 0) => n.clone(),
                _ => unique_name(reg, &s.name),
            };
            let file = safe_file_name(&name);
            ApplianceSystem {
                settings_file: Some(
                    base.join(&file)
                        .join(format!("{file}.vbox"))
                        .display()
                        .to_string(),
                ),
                base_folder: Some(base.display().to_string()),
                name,
                os_type_id: Some(s.os_type.clone().unwrap_or_else(|| "Other".into())),
                memory_mb: if i == 0 {
                    spec.memory_mb.or(s.memory_mb)
                } else {
                    s.memory_mb
                },
                cpus: if i == 0 { spec.cpus.or(s.cpus) } else { s.cpus },
                product: s.product.clone(),
                vendor: s.vendor.clone(),
                version: s.version.clone(),
                disks: s
                    .disks
                    .iter()
                    .filter_map(|id| ovf.disk(id))
                    .map(|d| {
                        let href = ovf.file_of(d).map(|f| f.href.clone()).unwrap_or_default();
                        ApplianceDisk {
                            target: href.clone(),
                            source: href,
                            capacity_bytes: d.capacity_bytes,
                        }
                    })
                    .collect(),
                nics: s
                    .nics
                    .iter()
                    .enumerate()
                    .map(|(slot, n)| ApplianceNic {
                        network: n.connection.clone(),
                        // The slot comes from the vbox:Machine section (fixtures
                        // `import-dry-run`, `import-warning`).
                        config: if s.vbox_machine {
                            format!("slot={slot};type={}", n.connection)
                        } else {
                            format!("type={}", n.connection)
                        },
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(ApplianceInfo {
        systems,
        warnings: Vec::new(),
    })
}

/// `importMachines` of the first system: a registered machine with the disks copied into
/// its folder. Everything it made is undone on failure but the folder (as on the real host).
pub(crate) fn import(reg: &mut Registry, spec: &ImportAppliance, ctx: &Ctx<'_>) -> Result<usize> {
    let info = interpret(reg, spec, ctx)?;
    let ovf = read(&spec.path)?;
    let system = info
        .systems
        .into_iter()
        .next()
        .ok_or_else(|| errors::invalid_arg("The appliance describes no virtual system"))?;
    let create = CreateMachine {
        name: system.name.clone(),
        os_type_id: system.os_type_id.clone(),
        memory_mb: system.memory_mb,
        cpus: system.cpus,
        ..CreateMachine::default()
    };
    let machines_before = reg.machines.len();
    let media_before = reg.media.len();
    let result = fill(reg, &create, &system, &ovf, spec, ctx);
    if result.is_err() {
        for m in reg.media.drain(media_before..) {
            let _ = std::fs::remove_file(&m.location);
        }
        for m in reg.machines.drain(machines_before..) {
            let _ = std::fs::remove_file(&m.settings_file);
        }
    }
    result
}

fn fill(
    reg: &mut Registry,
    create: &CreateMachine,
    system: &ApplianceSystem,
    ovf: &Ovf,
    spec: &ImportAppliance,
    ctx: &Ctx<'_>,
) -> Result<usize> {
    // The disks are made before the machine is registered: an existing disk file is the
    // first refusal (fixture `import-taken-disk`).
    let folder = machine_folder(ctx.root, &[], &create.name);
    for disk in &system.disks {
        let target = folder.join(&disk.target);
        if target.exists() {
            return Err(Error::from_code(
                ResultCode::FILE_ERROR,
                format!(
                    "Could not create the imported medium '{}'.\nVMDK: could not create new file '{}' (VERR_ALREADY_EXISTS)",
                    target.display(),
                    target.display()
                ),
            ));
        }
    }
    let i = reg.create_machine(create, ctx)?;
    let folder = PathBuf::from(&reg.machines[i].folder);
    let source = &ovf.systems[0];
    for (port, disk) in system.disks.iter().enumerate() {
        let target = folder.join(&disk.target);
        if let Err(e) = vbox_appliance::extract(Path::new(&spec.path), &disk.source, &target) {
            let _ = std::fs::remove_file(&target);
            return Err(match e.kind() {
                std::io::ErrorKind::NotFound => Error::from_code(
                    ResultCode::OBJECT_NOT_FOUND,
                    format!(
                        "Error opening '{}' for reading (VERR_FILE_NOT_FOUND)",
                        Path::new(&spec.path).with_file_name(&disk.source).display()
                    ),
                ),
                _ => Error::from_code(
                    ResultCode::FILE_ERROR,
                    format!(
                        "Could not create the imported medium '{}' (VERR_EOF)",
                        target.display()
                    ),
                ),
            });
        }
        let id = new_uuid();
        reg.media.push(MediumRecord {
            id: id.clone(),
            location: target.display().to_string(),
            format: "VMDK".to_string(),
            parent: None,
            logical_size: disk.capacity_bytes.unwrap_or(0),
            dvd: false,
        });
        reg.machines[i].disks.push(Attachment {
            controller: "SATA".to_string(),
            port: port as u32,
            device: 0,
            medium: id,
        });
    }
    let keep = |nic: &vbox_appliance::ovf::OvfNic| match spec.macs {
        MacPolicy::KeepAll => true,
        MacPolicy::KeepNat => nic.connection.eq_ignore_ascii_case("NAT"),
        MacPolicy::Fresh => false,
    };
    for (slot, nic) in source.nics.iter().enumerate() {
        let Some(adapter) = reg.machines[i].hw.adapters.get_mut(slot) else {
            break;
        };
        adapter.enabled = true;
        adapter.attachment = attachment(&nic.connection);
        if let Some(mac) = nic.mac.as_deref().filter(|_| keep(nic)) {
            adapter.mac_address = normalize_mac(mac)?;
        }
    }
    reg.touch(i);
    Ok(i)
}

fn attachment(connection: &str) -> NetworkAttachmentType {
    match connection.to_ascii_lowercase().as_str() {
        "nat" => NetworkAttachmentType::NAT,
        "bridged" => NetworkAttachmentType::Bridged,
        "hostonly" | "host-only" => NetworkAttachmentType::HostOnly,
        "intnet" | "internal" => NetworkAttachmentType::Internal,
        _ => NetworkAttachmentType::NAT,
    }
}

/// `exportTo` + `write`: the descriptor, then the disks (in the OVA, or beside the OVF).
pub(crate) fn export(reg: &Registry, spec: &ExportAppliance) -> Result<()> {
    let out = Path::new(&spec.path);
    let dir = out.parent().unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::from_code(
            ResultCode::OBJECT_NOT_FOUND,
            format!(
                "Failed to open directory '{}' (VERR_FILE_NOT_FOUND)",
                dir.display()
            ),
        ));
    }
    if out.exists() {
        return Err(Error::from_code(
            ResultCode::IPRT_ERROR,
            format!(
                "Failed to open '{}' for writing (VERR_ALREADY_EXISTS)",
                out.display()
            ),
        ));
    }
    let mut systems = Vec::new();
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for name in &spec.machines {
        let m = &reg.machines[reg.find(name)?];
        let mut disks = Vec::new();
        for a in &m.disks {
            let Some(medium) = reg.media.iter().find(|x| x.id == a.medium) else {
                continue;
            };
            let href = format!(
                "{}-disk{:03}.vmdk",
                safe_file_name(&m.name),
                files.len() + 1
            );
            files.push((href.clone(), PathBuf::from(&medium.location)));
            disks.push(DiskEntry {
                href,
                capacity_bytes: medium.logical_size,
            });
        }
        let nics =
            m.hw.adapters
                .iter()
                .filter(|a| a.enabled && a.attachment != NetworkAttachmentType::Null)
                .map(|a| {
                    let connection = match a.attachment {
                        NetworkAttachmentType::Bridged => "Bridged",
                        NetworkAttachmentType::HostOnly => "HostOnly",
                        NetworkAttachmentType::Internal => "Internal",
                        _ => "NAT",
                    };
                    let keep = match spec.macs {
                        MacPolicy::KeepAll => true,
                        MacPolicy::KeepNat => connection == "NAT",
                        MacPolicy::Fresh => false,
                    };
                    NicEntry {
                        connection: connection.to_string(),
                        subtype: "E1000".to_string(),
                        mac: keep.then(|| a.mac_address.clone()),
                    }
                })
                .collect();
        systems.push(SystemEntry {
            name: m.name.clone(),
            os_type: m.hw.os_type_id.clone(),
            cpus: m.hw.cpus,
            memory_mb: m.hw.memory_mb,
            product: spec.product.clone(),
            vendor: spec.vendor.clone(),
            version: spec.version.clone(),
            disks,
            nics,
        });
    }
    let text = descriptor(&systems, spec.ovf);
    let io = |e: std::io::Error| errors::file_error("Could not write the appliance", out, e);
    if vbox_appliance::is_ovf(out) {
        std::fs::write(out, &text).map_err(io)?;
        for (href, source) in &files {
            std::fs::copy(source, dir.join(href)).map_err(io)?;
        }
        if spec.manifest {
            let mut names = vec![out
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()];
            names.extend(files.iter().map(|(h, _)| h.clone()));
            vbox_appliance::write::write_manifest(&out.with_extension("mf"), dir, &names)
                .map_err(io)?;
        }
        return Ok(());
    }
    let ovf_name = format!(
        "{}.ovf",
        out.file_stem().unwrap_or_default().to_string_lossy()
    );
    let members: Vec<(String, &Path)> = files
        .iter()
        .map(|(h, p)| (h.clone(), p.as_path()))
        .collect();
    write_ova(out, &ovf_name, &text, &members)
}

/// A progress cancelled by its caller (`IProgress::cancel`).
pub(crate) fn cancelled() -> Error {
    Error::from_code(ResultCode::E_ABORT, "Operation cancelled by the user")
}
