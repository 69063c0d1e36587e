//! Walking the font folders: every font file under each root, in sorted order and
//! each file once (symlinks followed, loops cut), indexed anew ([`super::tables`])
//! unless the cache holds it with the same size and mtime.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::cache::FileRecord;
use super::sources::{FontSources, Origin};
use super::tables::index_file;
use crate::diag::{Diagnostic, Sink, Span};

/// How deep folders are followed below a root; font trees are shallow, and the limit
/// stops a symlink loop the visited set might miss.
const MAX_DEPTH: usize = 12;

/// A file's modification time in nanoseconds since the epoch; 0 when unknown.
fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos().min(u64::MAX as u128) as u64)
}

/// Walks the roots and indexes every font file, reusing cached entries whose file
/// is unchanged. Returns the files in the order found with the rank of their root,
/// whether anything differs from the cache, and warnings.
pub(super) fn scan(sources: &FontSources, cached: Vec<FileRecord>) -> Scan {
    let mut previous: HashMap<PathBuf, FileRecord> =
        cached.into_iter().map(|r| (r.path.clone(), r)).collect();
    let previous_count = previous.len();
    let mut found: Vec<(FileRecord, u16)> = Vec::new();
    let mut seen_files: HashSet<PathBuf> = HashSet::new();
    let mut seen_dirs: HashSet<PathBuf> = HashSet::new();
    let mut warnings = Sink::new();
    let mut changed = false;
    let mut parsed = 0;
    for (rank, (root, origin)) in sources.roots.iter().enumerate() {
        if !root.is_dir() {
            // A system folder that does not exist is normal; one the user named is not.
            if *origin != Origin::System {
                warnings.warn(Diagnostic::warning(
                    Some(Span::file(root)),
                    format!("font folder from {} does not exist or is not a folder", origin.describe()),
                ));
            }
            continue;
        }
        let mut files = Vec::new();
        walk(root, 0, &mut seen_dirs, &mut files, &mut warnings);
        for path in files {
            if !seen_files.insert(path.clone()) {
                continue;
            }
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            let (mtime, size) = (mtime_ns(&meta), meta.len());
            let record = match previous.remove(&path) {
                Some(r) if r.mtime_ns == mtime && r.size == size => r,
                _ => {
                    changed = true;
                    parsed += 1;
                    let (faces, error) = match index_file(&path, size) {
                        Ok(faces) => (faces, None),
                        Err(e) => (Vec::new(), Some(e)),
                    };
                    FileRecord {
                        path: path.clone(),
                        mtime_ns: mtime,
                        size,
                        faces,
                        error,
                        digest: None,
                        bad_faces: Vec::new(),
                    }
                }
            };
            if let Some(error) = &record.error {
                warnings.warn(
                    Diagnostic::warning(
                        Some(Span::file(&record.path)),
                        format!("skipped this font file: {error}"),
                    )
                    .with_hint("remove or replace the file; the other fonts are still used"),
                );
            }
            found.push((record, rank.min(u16::MAX as usize) as u16));
        }
    }
    // Entries of folders this run did not search stay cached for runs that do, as
    // long as their file is still there.
    let kept_before = previous.len();
    previous.retain(|path, _| path.is_file());
    changed |= previous.len() != kept_before || found.len() + previous.len() != previous_count;
    let mut rest: Vec<FileRecord> = previous.into_values().collect();
    rest.sort_by(|a, b| a.path.cmp(&b.path));
    found.extend(rest.into_iter().map(|r| (r, u16::MAX)));
    Scan { found, changed, parsed, warnings }
}

/// What a walk of the font folders found.
pub(super) struct Scan {
    /// Every file, with the rank of its root (`u16::MAX`: a cached file of a folder
    /// this run does not search, kept for the cache only).
    pub(super) found: Vec<(FileRecord, u16)>,
    /// Whether anything differs from the cache.
    pub(super) changed: bool,
    /// How many files were read anew (not taken from the cache).
    pub(super) parsed: usize,
    /// Unreadable folders, corrupt files.
    pub(super) warnings: Sink,
}

/// Collects font files under `dir` (sorted, following symlinks once).
fn walk(
    dir: &Path,
    depth: usize,
    seen_dirs: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    warnings: &mut Sink,
) {
    let Ok(canonical) = dir.canonicalize() else { return };
    if depth > MAX_DEPTH || !seen_dirs.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            warnings
                .warn(Diagnostic::warning(Some(Span::file(dir)), format!("cannot read font folder: {e}")));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if meta.is_dir() {
            walk(&path, depth + 1, seen_dirs, files, warnings);
        } else if meta.is_file() && is_font_file(&path) {
            if let Ok(canonical) = path.canonicalize() {
                files.push(canonical);
            }
        }
    }
}

/// Whether a file's name says it is a font (TrueType, OpenType, or a collection).
fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc"))
}
