//! Persistence: the registry as one JSON file in the state directory.
//!
//! Every operation is a transaction: take an exclusive `fs4` lock on `registry.lock`, load
//! `registry.json`, let the model advance to now and act, write the file back atomically
//! (temporary file in the same directory, fsync, rename, fsync the directory), unlock. Several
//! processes can share a directory without losing updates, and a process killed at any point
//! leaves either the old or the new file. The machines' `.vbox` files are written too (their
//! content is the machine record as JSON), so that deleting a machine visibly deletes files.

use crate::model::{errors, Registry, FORMAT};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use vbox_types::{Error, Result, ResultCode};

/// The registry file.
pub(crate) const REGISTRY_FILE: &str = "registry.json";
/// The lock file.
pub(crate) const LOCK_FILE: &str = "registry.lock";

/// The state directory.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    dir: PathBuf,
}

impl Store {
    /// Open (creating) a state directory.
    pub(crate) fn open(dir: &Path) -> Result<Store> {
        fs::create_dir_all(dir.join("machines"))
            .map_err(|e| errors::file_error("Could not create the simulator directory", dir, e))?;
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let store = Store { dir };
        // Create the registry (and check an existing one is readable) under the lock.
        store.transact(|_| Ok(()))?;
        store.remove_leftovers()?;
        Ok(store)
    }

    /// Remove the temporary registry files of writers that were killed between writing and
    /// renaming (`kill -9` of a vboxctl mid-transaction). Every registry write happens under
    /// the lock, so while we hold it any such file is a leftover, never a write in flight.
    fn remove_leftovers(&self) -> Result<()> {
        let _lock = self.lock()?;
        let prefix = format!(".{REGISTRY_FILE}.tmp-");
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(())
    }

    /// The directory.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Read the registry without changing it (still under the lock, for a consistent view).
    pub(crate) fn read(&self) -> Result<Registry> {
        let _lock = self.lock()?;
        Ok(self.load()?.0)
    }

    /// Run `f` on the registry inside the lock and save what it changed, even when `f` fails
    /// (a failure can leave real changes behind, as VirtualBox's half-way `deleteConfig` does).
    pub(crate) fn transact<R>(&self, f: impl FnOnce(&mut Registry) -> Result<R>) -> Result<R> {
        let _lock = self.lock()?;
        let (mut reg, before) = self.load()?;
        let out = f(&mut reg);
        let after = serde_json::to_string(&reg).map_err(json_error)?;
        if after != before {
            self.write_atomic(&self.dir.join(REGISTRY_FILE), after.as_bytes(), true)?;
        }
        for id in std::mem::take(&mut reg.touched) {
            if let Some(m) = reg.machines.iter().find(|m| m.id == id) {
                let text = crate::model::vbox_file::render(m);
                let path = PathBuf::from(&m.settings_file);
                if let Some(parent) = path.parent() {
                    let _ = fs::create_dir_all(parent);
                }
                // The .vbox file is for other readers; the registry is the truth.
                let _ = self.write_atomic(&path, text.as_bytes(), false);
            }
        }
        out
    }

    fn lock(&self) -> Result<File> {
        let path = self.dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| errors::file_error("Could not open the lock file", &path, e))?;
        fs4::fs_std::FileExt::lock_exclusive(&file)
            .map_err(|e| errors::file_error("Could not lock", &path, e))?;
        // Closing the file (drop) releases the lock.
        Ok(file)
    }

    fn load(&self) -> Result<(Registry, String)> {
        let path = self.dir.join(REGISTRY_FILE);
        match fs::read_to_string(&path) {
            Ok(text) => {
                let mut reg: Registry = serde_json::from_str(&text).map_err(|e| {
                    Error::from_code(
                        ResultCode::XML_ERROR,
                        format!(
                            "The simulator registry '{}' is damaged: {e}",
                            path.display()
                        ),
                    )
                })?;
                if reg.format > FORMAT {
                    return Err(Error::from_code(
                        ResultCode::NOT_SUPPORTED,
                        format!(
                            "The simulator registry '{}' has format {}, newer than this simulator's {FORMAT}",
                            path.display(),
                            reg.format
                        ),
                    ));
                }
                reg.format = FORMAT;
                Ok((reg, text))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let reg = Registry {
                    format: FORMAT,
                    ..Registry::default()
                };
                Ok((reg, String::new()))
            }
            Err(e) => Err(errors::file_error("Could not read", &path, e)),
        }
    }

    /// Write a file so that readers see the old or the new content, never a mix.
    fn write_atomic(&self, path: &Path, data: &[u8], durable: bool) -> Result<()> {
        let dir = path.parent().unwrap_or(&self.dir);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(
            ".{name}.tmp-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        let res = (|| -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            f.write_all(data)?;
            if durable {
                f.sync_all()?;
            }
            drop(f);
            fs::rename(&tmp, path)?;
            if durable {
                // Make the rename itself durable.
                if let Ok(d) = File::open(dir) {
                    let _ = d.sync_all();
                }
            }
            Ok(())
        })();
        if let Err(e) = res {
            let _ = fs::remove_file(&tmp);
            return Err(errors::file_error("Could not write", path, e));
        }
        Ok(())
    }
}

fn json_error(e: serde_json::Error) -> Error {
    Error::from_code(
        ResultCode::E_FAIL,
        format!("Could not encode the registry: {e}"),
    )
}

/// A small placeholder file standing in for a disk image or a saved state.
pub(crate) fn write_placeholder(path: &Path, what: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(
        path,
        format!(
            "<<< vbox-sim placeholder: {what} >>>\n(no data; the simulator keeps only metadata)\n"
        ),
    )
}
