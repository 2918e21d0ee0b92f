//! Vagrant boxes of the `virtualbox` provider: a tar (usually gzipped) holding `box.ovf`,
//! its disks, `metadata.json` (`{"provider": "virtualbox"}`) and a `Vagrantfile` that names
//! the base MAC address, the layout `vagrant package` writes and `vagrant box add` takes.

use crate::ovf;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use vbox_types::{Error, ErrorKind, Result};

/// The provider whose boxes VirtualBox can import.
pub const PROVIDER: &str = "virtualbox";

/// The descriptor's name inside a box.
pub const BOX_OVF: &str = "box.ovf";

/// Whether `path` names a Vagrant box (`.box`).
pub fn is_box(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("box"))
}

fn io_error(what: &Path, e: std::io::Error) -> Error {
    let kind = if e.kind() == std::io::ErrorKind::NotFound {
        ErrorKind::NotFound
    } else {
        ErrorKind::InvalidInput
    };
    Error::new(kind, format!("'{}': {e}", what.display()))
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

/// Unpacks `box_path` into the folder `into` and returns the path of its descriptor there.
///
/// # Errors
/// NotFound when the box does not exist; InvalidInput when it is not a tar, has a member
/// outside its folder, has no `metadata.json`, is for another provider, or holds no OVF.
pub fn unpack_box(box_path: &Path, into: &Path) -> Result<PathBuf> {
    let file = File::open(box_path).map_err(|e| io_error(box_path, e))?;
    let mut reader = BufReader::new(file);
    let mut magic = [0u8; 2];
    let n = reader.read(&mut magic).map_err(|e| io_error(box_path, e))?;
    let gzipped = n == 2 && magic == [0x1f, 0x8b];
    let head = std::io::Cursor::new(magic[..n].to_vec());
    let stream: Box<dyn Read> = Box::new(head.chain(reader));
    let stream: Box<dyn Read> = if gzipped {
        Box::new(GzDecoder::new(stream))
    } else {
        stream
    };
    let not_box = |why: String| {
        invalid(format!(
            "'{}' is not a Vagrant box: {why}",
            box_path.display()
        ))
    };
    let mut archive = tar::Archive::new(stream);
    let entries = archive.entries().map_err(|e| not_box(e.to_string()))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| not_box(e.to_string()))?;
        let name = entry
            .path()
            .map_err(|e| not_box(e.to_string()))?
            .display()
            .to_string();
        // `unpack_in` refuses members that would land outside `into` (`../x`, `/etc/x`).
        let inside = entry
            .unpack_in(into)
            .map_err(|e| not_box(format!("member '{name}': {e}")))?;
        if !inside {
            return Err(not_box(format!("member '{name}' points outside the box")));
        }
    }
    let metadata = into.join("metadata.json");
    let text = fs::read_to_string(&metadata)
        .map_err(|_| not_box("it has no metadata.json".to_string()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| not_box(format!("metadata.json does not parse: {e}")))?;
    match json.get("provider").and_then(|p| p.as_str()) {
        Some(PROVIDER) => {}
        Some(other) => {
            return Err(invalid(format!(
                "'{}' is a Vagrant box for the provider '{other}'; only '{PROVIDER}' boxes can be imported",
                box_path.display()
            )))
        }
        None => return Err(not_box("its metadata.json names no provider".to_string())),
    }
    let boxed = into.join(BOX_OVF);
    if boxed.is_file() {
        return Ok(boxed);
    }
    let mut found = fs::read_dir(into)
        .map_err(|e| io_error(into, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| crate::is_ovf(p))
        .collect::<Vec<_>>();
    found.sort();
    found
        .into_iter()
        .next()
        .ok_or_else(|| not_box("it holds no .ovf descriptor".to_string()))
}

/// Packs the descriptor `ovf_path` and every other file of its folder into the gzipped box
/// `out`, with `metadata.json` and a `Vagrantfile` naming the first adapter's MAC (Vagrant
/// sets it on the imported machine, so the guest's NIC configuration still matches).
/// Written to `out.partial` and renamed, so a failure leaves no box.
///
/// # Errors
/// InvalidInput when `out` exists or the descriptor does not parse; I/O errors.
pub fn pack_box(ovf_path: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        return Err(invalid(format!("'{}' exists already", out.display())));
    }
    let text = fs::read_to_string(ovf_path).map_err(|e| io_error(ovf_path, e))?;
    let descriptor = ovf::parse(&text, &ovf_path.display().to_string())?;
    let base_mac = descriptor
        .systems
        .first()
        .and_then(|s| s.nics.iter().find_map(|n| n.mac.clone()));
    let partial = PathBuf::from(format!("{}.partial", out.display()));
    let written = write_box(ovf_path, &partial, base_mac.as_deref())
        .and_then(|()| fs::rename(&partial, out).map_err(|e| io_error(out, e)));
    if written.is_err() {
        let _ = fs::remove_file(&partial);
    }
    written
}

/// The `Vagrantfile` of a packaged box, as `vagrant package` writes it.
pub fn vagrantfile(base_mac: Option<&str>) -> String {
    let mut text = String::from("Vagrant.configure(\"2\") do |config|\n");
    if let Some(mac) = base_mac {
        text.push_str(&format!("  config.vm.base_mac = \"{mac}\"\n"));
    }
    text.push_str("end\n");
    text
}

fn write_box(ovf_path: &Path, partial: &Path, base_mac: Option<&str>) -> Result<()> {
    let dir = ovf_path.parent().unwrap_or(Path::new("."));
    let file = File::create(partial).map_err(|e| io_error(partial, e))?;
    let gz = GzEncoder::new(BufWriter::new(file), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let add = |tar: &mut tar::Builder<_>, name: &str, data: &[u8]| {
        let mut header = tar::Header::new_ustar();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, data)
            .map_err(|e| io_error(partial, e))
    };
    let ovf_text = fs::read(ovf_path).map_err(|e| io_error(ovf_path, e))?;
    add(&mut tar, BOX_OVF, &ovf_text)?;
    let mut others: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| io_error(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p != ovf_path)
        .collect();
    others.sort();
    for path in others {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut f = File::open(&path).map_err(|e| io_error(&path, e))?;
        tar.append_file(&name, &mut f)
            .map_err(|e| io_error(partial, e))?;
    }
    let metadata = serde_json::json!({ "provider": PROVIDER }).to_string();
    add(&mut tar, "metadata.json", metadata.as_bytes())?;
    add(&mut tar, "Vagrantfile", vagrantfile(base_mac).as_bytes())?;
    let gz = tar.into_inner().map_err(|e| io_error(partial, e))?;
    let mut inner = gz.finish().map_err(|e| io_error(partial, e))?;
    inner.flush().map_err(|e| io_error(partial, e))?;
    Ok(())
}
