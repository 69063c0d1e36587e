//! Atomic output: a file appears complete or not at all.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename,
/// so readers (and a later run after a crash) never see a half-written file. On any
/// failure the temporary file is removed and the old file, if any, is untouched.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes), Durability::FileAndFolder)
}

/// How much of a write survives a power cut.
#[derive(Clone, Copy)]
enum Durability<'a> {
    /// The file and the folder's entry for it are flushed.
    FileAndFolder,
    /// The file is flushed; the folder is noted, to be flushed later.
    FileNow(&'a FolderSyncs),
    /// Nothing is flushed (a cache entry).
    Nothing,
}

/// Folders whose entries a build renamed files into, flushed once each by
/// [`FolderSyncs::flush`]: a catalogue of 2,000 files in 100 folders then flushes
/// each folder once rather than once per file, half of all its `fsync` calls.
#[derive(Debug, Default)]
pub(crate) struct FolderSyncs(Mutex<BTreeSet<PathBuf>>);

impl FolderSyncs {
    /// Flushes every folder noted since the last flush.
    pub(crate) fn flush(&self) {
        let folders = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        for folder in folders {
            sync_dir(&folder);
        }
    }
}

/// [`write_atomic`], leaving the flush of the folder's entry to `folders`. Until
/// then a power cut may leave the old file in place of the new one, never a part.
pub(crate) fn write_atomic_in(path: &Path, bytes: &[u8], folders: &FolderSyncs) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes), Durability::FileNow(folders))
}

/// Writes through a temporary file and a rename, as [`write_atomic`], but syncs
/// nothing: for a cache, whose entries are checked when read and cost only time
/// when lost.
pub(crate) fn write_cache_entry(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes), Durability::Nothing)
}

/// [`write_atomic`] with the writing of the contents given as `fill`, so that a test
/// can fail it halfway, as a full disk would.
fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    durability: Durability,
) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp =
        dir.join(format!(".{name}.{}.{}.tmp", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        fill(&mut file)?;
        if !matches!(durability, Durability::Nothing) {
            file.sync_all()?;
        }
        std::fs::rename(&temp, path)?;
        match durability {
            Durability::FileAndFolder => sync_dir(dir),
            Durability::FileNow(folders) => {
                folders.0.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
            }
            Durability::Nothing => {}
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Flushes the folder's entry for the renamed file, so that after a power cut the
/// folder holds the new file, not the old one or none. Best effort: the file itself
/// is already safely written, and some file systems cannot open a folder to sync it.
fn sync_dir(dir: &Path) {
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// The process id in a temporary file name of ours (`.<name>.<pid>.<n>.tmp`).
fn temp_owner(file_name: &str) -> Option<u32> {
    let inner = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let mut parts = inner.rsplitn(3, '.');
    let _counter: u64 = parts.next()?.parse().ok()?;
    let pid = parts.next()?.parse().ok()?;
    parts.next().filter(|name| !name.is_empty())?;
    Some(pid)
}

fn process_alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes temporary files that a killed run of appealpress left anywhere under
/// `dir` (the case folders, the photo cache's): only names of the form this module
/// writes, and only when the process that wrote them is gone. Links are not followed.
/// Returns how many were removed.
pub(crate) fn sweep_stale_temps(dir: &Path) -> usize {
    let mut removed = 0;
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                dirs.push(entry.path());
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = temp_owner(&name) {
                if kind.is_file() && !process_alive(pid) && std::fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temporaries_of_dead_runs_are_swept_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("case");
        std::fs::create_dir(&case).unwrap();
        // pid 0 is never a user process; our own pid is alive.
        let dead = case.join(".case-en-pack.pdf.0.3.tmp");
        let deep = dir.path().join(".appealpress/cache/photos/case");
        std::fs::create_dir_all(&deep).unwrap();
        let dead_deep = deep.join(".0123-4567.jpg.0.9.tmp");
        std::fs::write(&dead_deep, b"x").unwrap();
        let ours = case.join(format!(".case-en-pack.pdf.{}.1.tmp", std::process::id()));
        let foreign = case.join(".notes.tmp");
        let pdf = case.join("case-en-pack.pdf");
        for path in [&dead, &ours, &foreign, &pdf] {
            std::fs::write(path, b"x").unwrap();
        }
        assert_eq!(sweep_stale_temps(dir.path()), 2);
        assert!(!dead.exists() && !dead_deep.exists(), "swept at every depth");
        assert!(ours.exists() && foreign.exists() && pdf.exists());
    }

    #[test]
    fn writes_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/a.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> =
            std::fs::read_dir(dir.path().join("sub")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.pdf")]);
    }

    #[test]
    fn a_write_that_fails_halfway_keeps_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, b"the old file").unwrap();
        let half_then_full_disk = |file: &mut std::fs::File| {
            file.write_all(b"the n")?;
            Err(std::io::Error::other("no space left on device"))
        };
        assert!(write_atomic_with(&path, half_then_full_disk, Durability::FileAndFolder).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"the old file");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.pdf")], "a temporary file was left");
    }
}
