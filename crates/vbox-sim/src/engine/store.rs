//! Persistence: the registry as one JSON file in the state directory.
//!
//! A write is a transaction: take an exclusive `fs4` lock on `registry.lock`, load
//! `registry.json`, let the model act, write the file back atomically (temporary file in the
//! same directory, fsync, rename, fsync the directory) when it changed, unlock. Several
//! processes can share a directory without losing updates, and a process killed at any point
//! leaves either the old or the new file. The machines' `.vbox` files are written too (their
//! content is the machine record as JSON), so that deleting a machine visibly deletes files.
//!
//! A read takes a shared lock and writes nothing. The parsed registry is kept and reused
//! while the file's generation (a counter every write bumps, at the start of the file) is the
//! one it was parsed at, so a read of an unchanged registry costs a few bytes read, not a
//! read and a parse of the whole file, and a change made by any other process is seen at the
//! next read. (A counter, not the modification time, the size or the inode: two writes within
//! one timestamp tick can reuse an inode and keep the size.)

use crate::model::{errors, Registry, FORMAT};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use vbox_types::{Error, Result, ResultCode};

/// The registry file.
pub(super) const REGISTRY_FILE: &str = "registry.json";
/// The lock file.
const LOCK_FILE: &str = "registry.lock";

/// The state directory.
#[derive(Debug)]
pub(super) struct Store {
    dir: PathBuf,
    /// The registry as last read or written by this instance, with its file text.
    cache: Mutex<Option<Arc<Loaded>>>,
    /// What this instance did to the disk, for the tests that prove reads do not write.
    counts: Counts,
}

/// A parsed registry and the exact text it came from.
#[derive(Debug)]
pub(super) struct Loaded {
    /// The file's text (empty when there is no file yet).
    text: String,
    /// The registry.
    pub(super) reg: Registry,
}

/// Disk activity of one store.
#[derive(Debug, Default)]
struct Counts {
    /// Files written (the registry and `.vbox` files).
    writes: AtomicU64,
    /// Exclusive locks taken.
    exclusive: AtomicU64,
}

/// Disk activity of one simulator instance so far ([`crate::Sim::io_counts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IoCounts {
    /// Files written (the registry and `.vbox` files).
    pub writes: u64,
    /// Exclusive (write) locks taken.
    pub exclusive_locks: u64,
}

#[derive(Clone, Copy)]
enum Lock {
    Shared,
    Exclusive,
}

impl Store {
    /// Open (creating) a state directory.
    pub(super) fn open(dir: &Path) -> Result<Store> {
        fs::create_dir_all(dir.join("machines"))
            .map_err(|e| errors::file_error("Could not create the simulator directory", dir, e))?;
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let store = Store {
            dir,
            cache: Mutex::new(None),
            counts: Counts::default(),
        };
        if store.dir.join(REGISTRY_FILE).exists() {
            // Check that the registry is readable.
            store.read()?;
        } else {
            // Create it (the transaction writes only when it is still missing under the lock).
            store.transact(|_| Ok(()))?;
        }
        store.remove_leftovers()?;
        Ok(store)
    }

    /// Remove the temporary registry files of writers that were killed between writing and
    /// renaming (`kill -9` of a vboxctl mid-transaction). Every registry write happens under
    /// the exclusive lock, so while we hold it any such file is a leftover, never a write in
    /// flight. The lock is taken only when there is something to remove.
    fn remove_leftovers(&self) -> Result<()> {
        let prefix = format!(".{REGISTRY_FILE}.tmp-");
        let leftovers = || -> Vec<PathBuf> {
            let Ok(entries) = fs::read_dir(&self.dir) else {
                return Vec::new();
            };
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .map(|e| e.path())
                .collect()
        };
        if leftovers().is_empty() {
            return Ok(());
        }
        let _lock = self.lock(Lock::Exclusive)?;
        for path in leftovers() {
            let _ = fs::remove_file(path);
        }
        Ok(())
    }

    /// The directory.
    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    /// What this store wrote and locked so far.
    pub(super) fn io_counts(&self) -> IoCounts {
        IoCounts {
            writes: self.counts.writes.load(Ordering::Relaxed),
            exclusive_locks: self.counts.exclusive.load(Ordering::Relaxed),
        }
    }

    /// The registry as it is on disk, under a shared lock, writing nothing.
    pub(super) fn read(&self) -> Result<Arc<Loaded>> {
        let _lock = self.lock(Lock::Shared)?;
        self.load()
    }

    /// Run `f` on the registry inside the exclusive lock and save what it changed, even when
    /// `f` fails (a failure can leave real changes behind, as VirtualBox's half-way
    /// `deleteConfig` does).
    pub(super) fn transact<R>(&self, f: impl FnOnce(&mut Registry) -> Result<R>) -> Result<R> {
        let _lock = self.lock(Lock::Exclusive)?;
        let before = self.load()?;
        let mut reg = before.reg.clone();
        let out = f(&mut reg);
        let touched = std::mem::take(&mut reg.touched);
        let mut after = serde_json::to_string(&reg).map_err(json_error)?;
        if after != before.text {
            reg.generation = before.reg.generation + 1;
            after = serde_json::to_string(&reg).map_err(json_error)?;
            self.write_atomic(&self.dir.join(REGISTRY_FILE), after.as_bytes(), true)?;
        }
        for id in touched {
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
        *self.cached() = Some(Arc::new(Loaded { text: after, reg }));
        out
    }

    fn cached(&self) -> std::sync::MutexGuard<'_, Option<Arc<Loaded>>> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self, kind: Lock) -> Result<File> {
        let path = self.dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| errors::file_error("Could not open the lock file", &path, e))?;
        match kind {
            Lock::Shared => fs4::fs_std::FileExt::lock_shared(&file),
            Lock::Exclusive => {
                self.counts.exclusive.fetch_add(1, Ordering::Relaxed);
                fs4::fs_std::FileExt::lock_exclusive(&file)
            }
        }
        .map_err(|e| errors::file_error("Could not lock", &path, e))?;
        // Closing the file (drop) releases the lock.
        Ok(file)
    }

    /// The registry on disk (the caller holds a lock), read and parsed only when its
    /// generation changed since this instance last saw it.
    fn load(&self) -> Result<Arc<Loaded>> {
        let path = self.dir.join(REGISTRY_FILE);
        let cached = self.cached().clone();
        if let Some(hit) = cached.as_ref().filter(|c| c.reg.generation > 0) {
            // The length too: a registry deleted and made anew restarts its count.
            if head_of(&path) == Some((hit.reg.generation, hit.text.len() as u64)) {
                return Ok(hit.clone());
            }
        }
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(errors::file_error("Could not read", &path, e)),
        };
        // A file of an older simulator has no generation until its next write: compare it.
        if let Some(hit) = cached.filter(|c| c.text == text) {
            return Ok(hit);
        }
        let reg = if text.is_empty() {
            Registry::default()
        } else {
            parse(&text, &path)?
        };
        let loaded = Arc::new(Loaded {
            text,
            reg: Registry {
                format: FORMAT,
                ..reg
            },
        });
        *self.cached() = Some(loaded.clone());
        Ok(loaded)
    }

    /// Write a file so that readers see the old or the new content, never a mix.
    fn write_atomic(&self, path: &Path, data: &[u8], durable: bool) -> Result<()> {
        self.counts.writes.fetch_add(1, Ordering::Relaxed);
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

/// The generation written at the start of the registry file (`{"format":1,"generation":7,…`),
/// from its first bytes, and the file's length; `None` when missing or unreadable.
fn head_of(path: &Path) -> Option<(u64, u64)> {
    use std::io::Read;
    let mut head = [0u8; 64];
    let mut file = File::open(path).ok()?;
    let length = file.metadata().ok()?.len();
    let mut len = 0;
    while len < head.len() {
        match file.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(_) => return None,
        }
    }
    let head = std::str::from_utf8(&head[..len]).ok()?;
    let (_, rest) = head.split_once("\"generation\":")?;
    let digits: &str = &rest[..rest.find(|c: char| !c.is_ascii_digit())?];
    Some((digits.parse().ok()?, length))
}

/// The registry from its file's text, refusing a damaged file or a newer format.
fn parse(text: &str, path: &Path) -> Result<Registry> {
    let reg: Registry = serde_json::from_str(text).map_err(|e| {
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
    Ok(reg)
}

fn json_error(e: serde_json::Error) -> Error {
    Error::from_code(
        ResultCode::E_FAIL,
        format!("Could not encode the registry: {e}"),
    )
}
