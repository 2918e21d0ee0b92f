//! Import and export of appliances and Vagrant boxes, checked so that bad input changes
//! nothing.
//!
//! Before VirtualBox sees a file it is checked here (a truncated OVA or an OVF without its
//! disk passes VirtualBox's read and fails halfway through the import, leaving a folder
//! behind on a real 7.2.22); a taken name is refused up front (VirtualBox itself refuses it
//! only when a disk file collides, fixture `import-taken-disk`). A Vagrant box is unpacked into
//! a folder beside it for the import and removed after; a box export writes `box.ovf` into a
//! folder beside the output and packs it. Both need the VirtualBox host to see the same files
//! (a local host, or a web service on this machine).

use crate::error::{check_new_name, Error, Result};
use crate::machines::exists;
use std::path::{Path, PathBuf};
use vbox_appliance::vagrant;
use vbox_types::{
    ApplianceInfo, Backend, ExportAppliance, ImportAppliance, MacPolicy, Machine, Watch,
};

/// What `import` makes of a file.
#[derive(Debug)]
pub struct Prepared {
    /// The import with the path of the descriptor VirtualBox reads.
    pub spec: ImportAppliance,
    /// The unpacked box, removed when this is dropped.
    _unpacked: Option<tempfile::TempDir>,
}

/// The appliance format an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// An OVA or OVF, by the output's extension (VirtualBox's rule).
    #[default]
    Appliance,
    /// A Vagrant box (`.box`) of the `virtualbox` provider.
    VagrantBox,
}

fn local_error(e: vbox_types::Error) -> Error {
    match e.kind() {
        vbox_types::ErrorKind::NotFound => Error::NotFound {
            message: e.message().to_string(),
        },
        _ => Error::InvalidInput(e.message().to_string()),
    }
}

/// Checks the file of `spec` (unpacking a box) and the name: nothing is made yet.
///
/// # Errors
/// NotFound for a missing file; InvalidInput for a broken file, a box of another provider,
/// a bad or taken name.
pub async fn prepare_import(backend: &dyn Backend, spec: &ImportAppliance) -> Result<Prepared> {
    if let Some(name) = &spec.name {
        check_new_name(name)?;
        if exists(backend, name).await? {
            return Err(Error::InvalidInput(format!(
                "a machine named '{name}' already exists"
            )));
        }
    }
    let path = Path::new(&spec.path);
    let mut spec = spec.clone();
    let mut unpacked = None;
    if vagrant::is_box(path) {
        let dir = tempfile::Builder::new()
            .prefix(".vboxctl-box-")
            .tempdir_in(path.parent().unwrap_or(Path::new(".")))
            .map_err(|e| Error::InvalidInput(format!("cannot unpack '{}': {e}", path.display())))?;
        let ovf = vagrant::unpack_box(path, dir.path()).map_err(local_error)?;
        vbox_appliance::check_file(&ovf).map_err(local_error)?;
        spec.path = ovf.display().to_string();
        unpacked = Some(dir);
    } else {
        vbox_appliance::check_file(path).map_err(local_error)?;
    }
    Ok(Prepared {
        spec,
        _unpacked: unpacked,
    })
}

/// What an import would make (`--dry-run`): the checks of [`prepare_import`], then
/// VirtualBox's interpretation.
pub async fn read_appliance(
    backend: &dyn Backend,
    spec: &ImportAppliance,
) -> Result<ApplianceInfo> {
    let prepared = prepare_import(backend, spec).await?;
    backend
        .read_appliance(&prepared.spec)
        .await
        .map_err(Error::backend("read", &spec.path))
}

/// Imports the file's first virtual system as a registered machine.
pub async fn import(
    backend: &dyn Backend,
    spec: &ImportAppliance,
    watch: Watch,
) -> Result<Machine> {
    let prepared = prepare_import(backend, spec).await?;
    let machine = match backend
        .import_appliance(&prepared.spec, watch.clone())
        .await
    {
        Ok(m) => m,
        // A cancelled progress fails with whatever VirtualBox says (the real 7.2.22 web
        // service: E_FAIL without a text); the caller asked for it, so it is a cancel.
        Err(_) if watch.cancel.is_cancelled() => return Err(cancelled("import", &spec.path)),
        Err(e) => return Err(Error::backend("import", &spec.path)(e)),
    };
    if watch.cancel.is_cancelled() {
        // Cancelled too late for VirtualBox to stop it (VBoxManage that never saw the
        // interrupt): what it made is removed all the same.
        let how = vbox_types::Unregister::default();
        backend
            .unregister_machine(&machine.id, &how)
            .await
            .map_err(Error::backend("remove the cancelled import", &machine.name))?;
        return Err(cancelled("import", &spec.path));
    }
    Ok(machine)
}

/// The error of an operation cancelled on request.
fn cancelled(operation: &'static str, what: &str) -> Error {
    Error::Backend {
        operation,
        machine: what.to_string(),
        source: vbox_types::Error::from_code(
            vbox_types::ResultCode::E_ABORT,
            "Operation cancelled by the user",
        ),
    }
}

/// Exports machines to `spec.path` (which must not exist) as an appliance or a box.
pub async fn export(
    backend: &dyn Backend,
    spec: &ExportAppliance,
    format: ExportFormat,
    watch: Watch,
) -> Result<()> {
    if spec.machines.is_empty() {
        return Err(Error::InvalidInput(
            "name at least one machine to export".into(),
        ));
    }
    let out = PathBuf::from(&spec.path);
    if out.exists() {
        return Err(Error::InvalidInput(format!(
            "'{}' exists already",
            out.display()
        )));
    }
    let what = spec.machines.join(", ");
    match format {
        ExportFormat::Appliance => backend
            .export_appliance(spec, watch)
            .await
            .map_err(Error::backend("export", &what)),
        ExportFormat::VagrantBox => {
            if spec.machines.len() != 1 {
                return Err(Error::InvalidInput(
                    "a Vagrant box holds exactly one machine".into(),
                ));
            }
            let dir = tempfile::Builder::new()
                .prefix(".vboxctl-box-")
                .tempdir_in(out.parent().unwrap_or(Path::new(".")))
                .map_err(|e| {
                    Error::InvalidInput(format!("cannot write '{}': {e}", out.display()))
                })?;
            let ovf = dir.path().join(vagrant::BOX_OVF);
            // Vagrant sets the Vagrantfile's base MAC on the machine it imports, so the
            // exported MACs are kept and the first one is written there.
            let boxed = ExportAppliance {
                path: ovf.display().to_string(),
                manifest: false,
                macs: MacPolicy::KeepAll,
                ..spec.clone()
            };
            backend
                .export_appliance(&boxed, watch.clone())
                .await
                .map_err(Error::backend("export", &what))?;
            if watch.cancel.is_cancelled() {
                return Err(cancelled("export", &what));
            }
            vagrant::pack_box(&ovf, &out).map_err(local_error)
        }
    }
}

/// Whether a map's `clonefrom` names an appliance or box file rather than a machine.
pub fn is_appliance_file(clone_from: &str) -> bool {
    let ext = Path::new(clone_from)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("ova" | "ovf" | "box"))
}

/// Extradata of a template imported from a file: the file's SHA-256.
pub const TEMPLATE_SHA256_KEY: &str = "vboxctl/template-sha256";
/// Extradata of a template imported from a file: the file's path.
pub const TEMPLATE_SOURCE_KEY: &str = "vboxctl/template-source";

/// The template machine a file stands for: `<file stem>-<12 hex digits of its SHA-256>`, so
/// a changed file is a new template and the old one stays for the clones made from it.
///
/// # Errors
/// NotFound when the file does not exist.
pub fn template_name(file: &Path) -> Result<(String, String)> {
    let sha = vbox_appliance::sha256_file(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound {
            message: format!("the template file '{}' does not exist", file.display()),
        },
        _ => Error::InvalidInput(format!("cannot read '{}': {e}", file.display())),
    })?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "template".into());
    Ok((format!("{stem}-{}", &sha[..12]), sha))
}

/// What [`ensure_template`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The template machine's name.
    pub name: String,
    /// Whether it was imported now (else it was there from an earlier run).
    pub imported: bool,
}

/// The template machine of an appliance file: imported once (with the base snapshot linked
/// clones are made from, and the file's checksum in its extradata), reused by later runs.
///
/// # Errors
/// InvalidInput when a machine of the template's name exists that was not imported from a
/// file with this checksum; the errors of [`import`].
pub async fn ensure_template(backend: &dyn Backend, file: &Path, watch: Watch) -> Result<Template> {
    let (name, sha) = template_name(file)?;
    if exists(backend, &name).await? {
        let recorded = backend
            .get_extradata(&name, TEMPLATE_SHA256_KEY)
            .await
            .map_err(Error::backend("read", &name))?;
        if recorded.as_deref() != Some(sha.as_str()) {
            return Err(Error::InvalidInput(format!(
                "a machine named '{name}' exists but was not imported from '{}' (its checksum differs)",
                file.display()
            )));
        }
        return Ok(Template {
            name,
            imported: false,
        });
    }
    let spec = ImportAppliance {
        path: file.display().to_string(),
        name: Some(name.clone()),
        ..ImportAppliance::default()
    };
    let machine = import(backend, &spec, watch).await?;
    let marked = async {
        backend
            .set_extradata(&machine.id, TEMPLATE_SOURCE_KEY, Some(&spec.path))
            .await?;
        backend
            .set_extradata(&machine.id, TEMPLATE_SHA256_KEY, Some(&sha))
            .await
    };
    let done = match marked.await {
        Ok(()) => crate::lifecycle::base_snapshot(backend, &machine)
            .await
            .map(|_| ()),
        Err(e) => Err(Error::backend("mark", &name)(e)),
    };
    if let Err(e) = done {
        // A template without its checksum would be refused by the next run: remove it.
        let _ = backend
            .unregister_machine(&machine.id, &vbox_types::Unregister::default())
            .await;
        return Err(e);
    }
    Ok(Template {
        name,
        imported: true,
    })
}
