//! The photo cache across runs: encoded photos under
//! `<out>/.appealpress/cache/photos/<case>/`, one file per key (see
//! `render::photo::PhotoStore`), so an edit to a text, a change of layout code or
//! `--force` costs no photo work. Deleting the folder is always safe: what is missing
//! is encoded again. Its size is bounded by evicting the least recently used files at
//! the end of a build; `prune` removes the entries no current output uses.
//!
//! An entry is named `<key>-<sha256 of its bytes>.jpg` and checked against that
//! digest when read, so a damaged entry (a bad disk, a scrambled copy of the Actions
//! cache) is never embedded: it is deleted and encoded again, with a note. Each case
//! has its own folder, and each build that encodes a case's photos records which keys
//! it used (`in-use`), so the photos of a withdrawn, removed or re-photographed person
//! do not stay in the cache.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Span};
use crate::render::photo::PhotoStore;

/// The cache folder, inside the output folder.
pub(crate) const CACHE_DIR: &str = ".appealpress/cache/photos";

/// The list, in each case's cache folder, of the keys its last build used.
const IN_USE: &str = "in-use";

/// How large the cache may grow, in bytes, before the least recently used go: room
/// for the photos of a few hundred cases.
pub(crate) const CACHE_LIMIT: u64 = 512 * 1024 * 1024;

/// The encoded photos of one case, one `<key>-<digest>.jpg` each.
#[derive(Debug)]
pub(crate) struct DiskPhotoStore {
    dir: PathBuf,
    /// Keys found or stored this run, as hex.
    used: Mutex<BTreeSet<String>>,
    /// Damaged entries met this run.
    notes: Mutex<Vec<Diagnostic>>,
}

impl DiskPhotoStore {
    /// The store of case `case` in the output folder `out_dir`.
    pub(crate) fn for_case(out_dir: &Path, case: &str) -> DiskPhotoStore {
        DiskPhotoStore {
            dir: out_dir.join(CACHE_DIR).join(case),
            used: Mutex::default(),
            notes: Mutex::default(),
        }
    }

    /// The entry stored under `key`, with the digest its name gives.
    fn find(&self, key: &str) -> Option<(PathBuf, String)> {
        let entries = std::fs::read_dir(&self.dir).ok()?;
        entries.flatten().find_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let digest = name.strip_prefix(key)?.strip_prefix('-')?.strip_suffix(".jpg")?.to_string();
            Some((e.path(), digest))
        })
    }

    /// Records the keys this run used, for `prune`: exactly those when every job of
    /// the case was built, else added to the last list (the jobs skipped use theirs).
    /// Returns the notes of damaged entries met.
    pub(crate) fn finish(&self, every_job_built: bool) -> Vec<Diagnostic> {
        let mut used = std::mem::take(&mut *self.used.lock().unwrap_or_else(|e| e.into_inner()));
        if !used.is_empty() {
            let list = self.dir.join(IN_USE);
            if !every_job_built {
                let last = std::fs::read_to_string(&list).unwrap_or_default();
                used.extend(last.lines().map(str::to_string));
            }
            let text: String = used.iter().map(|k| format!("{k}\n")).collect();
            let _ = super::write::write_cache_entry(&list, text.as_bytes());
        }
        std::mem::take(&mut *self.notes.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn mark_used(&self, key: &str) {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.to_string());
    }
}

impl PhotoStore for DiskPhotoStore {
    fn get(&self, key: &[u8; 32]) -> Option<Vec<u8>> {
        let key = super::hex(key);
        let (path, digest) = self.find(&key)?;
        let jpeg = std::fs::read(&path).ok()?;
        if super::hex(&Sha256::digest(&jpeg)) != digest {
            let _ = std::fs::remove_file(&path);
            let note = Diagnostic::note(
                Some(Span::file(&path)),
                "a cached photo was damaged (its bytes differ from the digest in its name): encoded again",
            );
            self.notes.lock().unwrap_or_else(|e| e.into_inner()).push(note);
            return None;
        }
        // Its time of last use, for eviction.
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        self.mark_used(&key);
        Some(jpeg)
    }

    fn put(&self, key: &[u8; 32], jpeg: &[u8]) {
        let key = super::hex(key);
        if let Some((old, _)) = self.find(&key) {
            let _ = std::fs::remove_file(old);
        }
        let name = format!("{key}-{}.jpg", super::hex(&Sha256::digest(jpeg)));
        if std::fs::create_dir_all(&self.dir).is_ok()
            && super::write::write_cache_entry(&self.dir.join(name), jpeg).is_ok()
        {
            self.mark_used(&key);
        }
    }
}

/// The cached photos: every `.jpg` in the case folders of the cache, and any file
/// left at its top (the flat layout of earlier versions).
fn cached_files(out_dir: &Path) -> Vec<(Option<String>, PathBuf)> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(out_dir.join(CACHE_DIR)) else { return files };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_file() {
            files.push((None, entry.path()));
        } else if kind.is_dir() {
            let case = entry.file_name().to_string_lossy().into_owned();
            let Ok(inner) = std::fs::read_dir(entry.path()) else { continue };
            for file in inner.flatten() {
                if file.file_type().is_ok_and(|k| k.is_file())
                    && file.path().extension().is_some_and(|x| x == "jpg")
                {
                    files.push((Some(case.clone()), file.path()));
                }
            }
        }
    }
    files
}

/// Deletes the least recently used cached photos until the rest fit in `limit`
/// bytes; returns how many went.
pub(crate) fn evict(out_dir: &Path, limit: u64) -> usize {
    let mut files: Vec<(SystemTime, u64, PathBuf)> = cached_files(out_dir)
        .into_iter()
        .filter_map(|(_, path)| {
            let meta = std::fs::symlink_metadata(&path).ok()?;
            Some((meta.modified().ok()?, meta.len(), path))
        })
        .collect();
    // Newest first; ties by name, so eviction does not depend on folder order.
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    let mut kept = 0u64;
    let mut removed = 0;
    for (_, size, path) in files {
        kept += size;
        if kept > limit && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The cached photos no current output uses: those of cases with no output in
/// `cases` (withdrawn, removed, pruned), those a case's last build did not use (an
/// earlier photo of the person), and files of earlier layouts. With `dry_run` nothing
/// is deleted. Returns the files (to be) deleted; the case folders emptied go too.
pub(crate) fn prune_cache(out_dir: &Path, cases: &HashSet<String>, dry_run: bool) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let mut folders = BTreeSet::new();
    for (case, path) in cached_files(out_dir) {
        let keep = case.as_ref().is_some_and(|case| {
            let folder = out_dir.join(CACHE_DIR).join(case);
            cases.contains(case)
                && in_use(&folder).is_none_or(|keys| entry_key(&path).is_some_and(|k| keys.contains(k)))
        });
        if keep {
            continue;
        }
        if dry_run || std::fs::remove_file(&path).is_ok() {
            removed.push(path.clone());
            if let Some(case) = case {
                folders.insert(case);
            }
        }
    }
    if !dry_run {
        for case in folders.iter().filter(|c| !cases.contains(*c)) {
            let folder = out_dir.join(CACHE_DIR).join(case);
            let _ = std::fs::remove_file(folder.join(IN_USE));
            let _ = std::fs::remove_dir(folder);
        }
    }
    removed
}

/// The keys a case's last build used, when it recorded them.
fn in_use(folder: &Path) -> Option<HashSet<String>> {
    let text = std::fs::read_to_string(folder.join(IN_USE)).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

/// The key part of an entry's name.
fn entry_key(path: &Path) -> Option<&str> {
    path.file_name()?.to_str()?.split('-').next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::{run_build, BuildOptions};

    #[test]
    fn a_warm_photo_cache_gives_the_same_pdfs_as_a_cold_one() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = tempfile::tempdir().unwrap();
        let mut options = BuildOptions::new(root.join("packs"), root.join("fonts"));
        options.out_dir = Some(out.path().to_path_buf());
        options.source_date = Some(1_767_225_600);
        options.langs = vec!["en".into()];
        let digests = |options: &BuildOptions| {
            let report = run_build(options).unwrap();
            let built = report.jobs.iter().filter(|j| !j.skipped);
            built.map(|j| (j.path.clone(), j.outcome.as_ref().unwrap().sha256.clone())).collect::<Vec<_>>()
        };
        let cold = digests(&options);
        let jpgs =
            |out: &Path| cached_files(out).into_iter().map(|(case, _)| case.unwrap()).collect::<Vec<_>>();
        assert_eq!(jpgs(out.path()), ["ali-aarrass"; 4], "home and press, pack and postcard: one photo each");
        options.force = true;
        let warm = digests(&options);
        assert_eq!(cold.len(), 4);
        assert_eq!(cold, warm);
    }

    #[test]
    fn stores_finds_refuses_damaged_entries_with_a_note_and_evicts_the_least_recently_used() {
        let out = tempfile::tempdir().unwrap();
        let store = DiskPhotoStore::for_case(out.path(), "c");
        let jpeg = |fill: u8| [vec![0xFF, 0xD8], vec![fill; 1000], vec![0xFF, 0xD9]].concat();
        assert_eq!(store.get(&[1; 32]), None);
        for key in 1..=3u8 {
            store.put(&[key; 32], &jpeg(key));
        }
        assert_eq!(store.get(&[2; 32]), Some(jpeg(2)));
        let path = |key: u8| store.find(&super::super::hex(&[key; 32])).unwrap().0;
        // Scrambled in the middle, whole in length, JPEG markers intact.
        let mut scrambled = jpeg(3);
        scrambled[500] ^= 0xFF;
        std::fs::write(path(3), &scrambled).unwrap();
        assert_eq!(store.get(&[3; 32]), None, "a damaged entry is not used");
        assert_eq!(store.find(&super::super::hex(&[3; 32])), None, "and is deleted");
        let notes = store.finish(true);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].message.contains("damaged"), "{}", notes[0]);
        // Key 1 is used last: it stays, key 2 goes.
        store.put(&[3; 32], &jpeg(3));
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for key in [2u8, 3] {
            let file = std::fs::File::options().append(true).open(path(key)).unwrap();
            file.set_modified(old).unwrap();
        }
        store.get(&[1; 32]).unwrap();
        assert_eq!(evict(out.path(), 1500), 2);
        assert_eq!(store.get(&[1; 32]), Some(jpeg(1)));
        assert_eq!(store.get(&[2; 32]), None);
    }

    #[test]
    fn prune_keeps_only_what_current_cases_last_used() {
        let out = tempfile::tempdir().unwrap();
        let jpeg = [0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9];
        let current = DiskPhotoStore::for_case(out.path(), "current");
        current.put(&[1; 32], &jpeg);
        current.put(&[2; 32], &jpeg);
        current.finish(true);
        // A later build uses key 2 only (a new photo of the person).
        let later = DiskPhotoStore::for_case(out.path(), "current");
        later.get(&[2; 32]).unwrap();
        later.finish(true);
        DiskPhotoStore::for_case(out.path(), "withdrawn").put(&[3; 32], &jpeg);
        std::fs::write(out.path().join(CACHE_DIR).join("old-flat-layout.jpg"), jpeg).unwrap();

        let cases: HashSet<String> = ["current".to_string()].into();
        assert_eq!(prune_cache(out.path(), &cases, true).len(), 3, "a dry run lists");
        assert_eq!(cached_files(out.path()).len(), 4, "and deletes nothing");
        assert_eq!(prune_cache(out.path(), &cases, false).len(), 3);
        let left: Vec<_> = cached_files(out.path()).into_iter().map(|(_, p)| p).collect();
        assert_eq!(left.len(), 1);
        assert_eq!(entry_key(&left[0]), Some(super::super::hex(&[2; 32]).as_str()));
        assert!(!out.path().join(CACHE_DIR).join("withdrawn").exists(), "its folder goes too");
    }
}
