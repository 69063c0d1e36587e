//! The font index's cache on disk: one record per font file (its faces' names,
//! style, `cmap` location and script counts, and its digest once a job key needed
//! it), reused while the file's size and mtime are unchanged, so a run indexes only
//! the files that changed. One file per user, written whole and renamed into place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

/// The on-disk index format; a file of another version is ignored and rewritten.
/// Version 2 reads bold from fsSelection too (see [`super::tables`]).
const INDEX_VERSION: u32 = 2;

/// The cached index's file name, which carries its [`INDEX_VERSION`]: a tool of
/// another version reads and writes another file, rather than each rebuilding the
/// other's index.
fn index_file_name() -> String {
    format!("font-index-v{INDEX_VERSION}.json")
}

/// The cache file: its format version and a record per font file.
#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    files: Vec<FileRecord>,
}

/// What the index knows of one font file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(super) struct FileRecord {
    /// Canonical path.
    pub(super) path: PathBuf,
    /// Modification time, nanoseconds since the epoch.
    pub(super) mtime_ns: u64,
    /// Size in bytes.
    pub(super) size: u64,
    /// Its faces (one, or several for a collection).
    #[serde(default)]
    pub(super) faces: Vec<FaceRecord>,
    /// Why it cannot be used, when it cannot.
    #[serde(default)]
    pub(super) error: Option<String>,
    /// SHA-256 of the bytes, once a job key has needed it (hex).
    #[serde(default)]
    pub(super) digest: Option<String>,
    /// Faces that failed to load when the digest was taken.
    #[serde(default)]
    pub(super) bad_faces: Vec<u32>,
}

/// What the index knows of one face.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(super) struct FaceRecord {
    /// Index inside a collection (0 for a single font).
    pub(super) index: u32,
    /// Typographic family (name id 16, else 1).
    pub(super) family: String,
    /// PostScript name.
    pub(super) postscript: String,
    /// OS/2 weight class (400 regular, 700 bold).
    pub(super) weight: u16,
    /// Italic or oblique.
    pub(super) italic: bool,
    /// Offset and length of the `cmap` table in the file, to check a character
    /// without reading the face.
    pub(super) cmap: [u32; 2],
    /// Characters mapped, per script (four-letter code).
    pub(super) scripts: BTreeMap<String, u32>,
}

/// The records of the cache at `path`; none when it is missing, damaged or of
/// another version.
pub(super) fn read_cache(path: &Path) -> Vec<FileRecord> {
    let Ok(bytes) = std::fs::read(path) else { return Vec::new() };
    match serde_json::from_slice::<CacheFile>(&bytes) {
        Ok(cache) if cache.version == INDEX_VERSION => cache.files,
        // Another version or a damaged file: rebuilt from the fonts, and rewritten.
        _ => Vec::new(),
    }
}

/// Writes the cache beside itself and renames it into place, so a concurrent run
/// reads the old index or the new one, never half of one. A cache that cannot be
/// written is not an error: the index still serves this run from memory.
pub(super) fn write_cache(path: &Path, files: &[FileRecord]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let cache = CacheFile { version: INDEX_VERSION, files: files.to_vec() };
    let Ok(json) = serde_json::to_vec(&cache) else { return };
    // Unique per process and per write, so two writers never share a temporary file.
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let serial = WRITES.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{}.{}.{serial}.tmp", index_file_name(), std::process::id()));
    if std::fs::write(&temp, json).is_ok() && std::fs::rename(&temp, path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

/// The 32 bytes a 64-digit hex string writes; `None` for anything else.
pub(super) fn from_hex(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if text.len() != 64 {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Where the index is cached: `$XDG_CACHE_HOME/appealpress/font-index-v2.json`, else
/// `~/.cache/appealpress/font-index-v2.json`; `None` without either variable. The
/// cache is per user, not per output folder, because the fonts are the machine's.
pub(crate) fn default_cache_path() -> Option<PathBuf> {
    let cache_home =
        std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute()).or_else(|| {
            std::env::var_os("HOME").map(PathBuf::from).filter(|h| h.is_absolute()).map(|h| h.join(".cache"))
        })?;
    Some(cache_home.join("appealpress").join(index_file_name()))
}
