//! Checking an appliance file before VirtualBox touches it.
//!
//! VirtualBox 7.2 reads only the descriptor when it reads and interprets an appliance, so a
//! truncated OVA passes `import --dry-run` and fails halfway through the import, leaving the
//! new machine's folder behind (fixture `import-truncated`); an OVF whose disk is missing
//! fails the same way later (`import-ovf-missing-disk`). Checked here first, such files are
//! refused before anything is made.

use crate::ovf::{self, Ovf};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use vbox_types::{Error, ErrorKind, Result};

/// Largest descriptor read (real ones are a few KB; this bounds hostile input).
const MAX_OVF_BYTES: u64 = 16 * 1024 * 1024;

/// Whether `path` names an OVF descriptor (else an OVA).
pub fn is_ovf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ovf"))
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    let kind = if e.kind() == std::io::ErrorKind::NotFound {
        ErrorKind::NotFound
    } else {
        ErrorKind::InvalidInput
    };
    Error::new(kind, format!("cannot read '{}': {e}", path.display()))
}

/// Reads and checks an `.ova` or `.ovf`: the descriptor parses, and every file it
/// references is there in full (inside the OVA, or beside the OVF). Returns the descriptor.
///
/// # Errors
/// NotFound when the file does not exist; InvalidInput for a truncated or malformed file
/// or a missing referenced file, naming it.
pub fn check_file(path: &Path) -> Result<Ovf> {
    if is_ovf(path) {
        check_ovf(path)
    } else {
        check_ova(path)
    }
}

fn check_ovf(path: &Path) -> Result<Ovf> {
    let text = read_limited(File::open(path).map_err(|e| io_error(path, e))?, path)?;
    let ovf = ovf::parse(&text, &path.display().to_string())?;
    let dir = path.parent().unwrap_or(Path::new("."));
    for file in &ovf.files {
        let beside = dir.join(&file.href);
        if !plain_name(&file.href) {
            return Err(invalid(format!(
                "'{}' references '{}', which is not a file beside it",
                path.display(),
                file.href
            )));
        }
        if !beside.is_file() {
            return Err(invalid(format!(
                "'{}' is missing: '{}' references it",
                beside.display(),
                path.display()
            )));
        }
    }
    Ok(ovf)
}

/// A name without folders (VirtualBox refers to files beside the descriptor only).
fn plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('/') && !name.contains('\\') && name != ".." && name != "."
}

fn read_limited(reader: impl Read, path: &Path) -> Result<String> {
    let mut text = String::new();
    reader
        .take(MAX_OVF_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| io_error(path, e))?;
    if text.len() as u64 > MAX_OVF_BYTES {
        return Err(invalid(format!(
            "'{}': the OVF descriptor is larger than {MAX_OVF_BYTES} bytes",
            path.display()
        )));
    }
    Ok(text)
}

/// The members of an OVA: name and whether its data is all there.
fn check_ova(path: &Path) -> Result<Ovf> {
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    let len = file.metadata().map_err(|e| io_error(path, e))?.len();
    let mut archive = tar::Archive::new(file);
    let entries = archive.entries_with_seek().map_err(|e| io_error(path, e))?;
    let not_ova =
        |why: String| invalid(format!("'{}' is not a complete OVA: {why}", path.display()));
    let mut ovf: Option<Ovf> = None;
    let mut members: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| not_ova(e.to_string()))?;
        let name = entry
            .path()
            .map_err(|e| not_ova(e.to_string()))?
            .to_string_lossy()
            .into_owned();
        let end = entry.raw_file_position().saturating_add(entry.size());
        if end > len {
            return Err(invalid(format!(
                "'{}' is truncated: its member '{name}' needs {end} bytes, the file has {len}",
                path.display()
            )));
        }
        if members.is_empty() {
            // VirtualBox requires the descriptor to come first.
            if !is_ovf(Path::new(&name)) {
                return Err(not_ova(format!("its first member '{name}' is not an .ovf")));
            }
            let text = read_limited(entry, path)?;
            ovf = Some(ovf::parse(&text, &format!("{}/{name}", path.display()))?);
        }
        members.push(name);
    }
    let ovf = ovf.ok_or_else(|| not_ova("it holds no member".into()))?;
    for file in &ovf.files {
        if !members.contains(&file.href) {
            return Err(not_ova(format!(
                "'{}' that its descriptor references is not in it",
                file.href
            )));
        }
    }
    Ok(ovf)
}

/// Reads only the descriptor of an `.ova` (its first member) or an `.ovf`, as VirtualBox's
/// `IAppliance::read` does: the disks are not looked at.
///
/// # Errors
/// The `std::io::Error` of opening the file, or InvalidInput text for what is not an OVF.
pub fn read_descriptor(path: &Path) -> std::result::Result<Ovf, DescriptorError> {
    let file = File::open(path).map_err(DescriptorError::Open)?;
    let what = path.display().to_string();
    let text = if is_ovf(path) {
        read_limited(file, path).map_err(DescriptorError::Invalid)?
    } else {
        let mut archive = tar::Archive::new(file);
        let mut entries = archive
            .entries()
            .map_err(|e| DescriptorError::Invalid(invalid(format!("'{what}': {e}"))))?;
        let first = entries
            .next()
            .ok_or_else(|| DescriptorError::Invalid(invalid(format!("'{what}' is empty"))))?
            .map_err(|e| DescriptorError::Invalid(invalid(format!("'{what}': {e}"))))?;
        read_limited(first, path).map_err(DescriptorError::Invalid)?
    };
    ovf::parse(&text, &what).map_err(DescriptorError::Invalid)
}

/// Why [`read_descriptor`] failed.
#[derive(Debug)]
pub enum DescriptorError {
    /// The file could not be opened.
    Open(std::io::Error),
    /// It is not a readable appliance.
    Invalid(Error),
}

/// Copies the referenced file `href` of the appliance `path` (a member of the OVA, or the
/// file beside the OVF) to `dest`; a truncated member fails with `UnexpectedEof`.
///
/// # Errors
/// I/O errors: NotFound for a missing file or member.
pub fn extract(path: &Path, href: &str, dest: &Path) -> std::io::Result<u64> {
    use std::io::ErrorKind as Io;
    if !plain_name(href) {
        return Err(std::io::Error::new(
            Io::InvalidInput,
            format!("'{href}' is not a file name"),
        ));
    }
    if is_ovf(path) {
        let source = path.parent().unwrap_or(Path::new(".")).join(href);
        return std::fs::copy(source, dest);
    }
    let mut archive = tar::Archive::new(File::open(path)?);
    for entry in archive.entries()? {
        let mut entry = entry?;
        if entry.path()?.to_string_lossy() == href {
            let size = entry.size();
            let mut out = File::create(dest)?;
            let copied = std::io::copy(&mut entry, &mut out)?;
            if copied < size {
                return Err(std::io::Error::new(
                    Io::UnexpectedEof,
                    "the member ends early",
                ));
            }
            return Ok(copied);
        }
    }
    Err(std::io::Error::new(
        Io::NotFound,
        format!("no member '{href}'"),
    ))
}

/// The SHA-256 of a file, in lower-case hex: how a template's appliance file is recognised.
///
/// # Errors
/// I/O errors.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    std::io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
