//! The photo cache across runs: encoded photos under `<out>/.appealpress/cache/photos/`,
//! one file per key (see `render::photo::PhotoStore`), so an edit to a text, a change
//! of layout code or `--force` costs no photo work. Deleting the folder is always
//! safe: what is missing is encoded again. Its size is bounded by evicting the least
//! recently used files at the end of a build.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::render::photo::PhotoStore;

/// The cache folder, inside the output folder.
pub const CACHE_DIR: &str = ".appealpress/cache/photos";

/// How large the cache may grow, in bytes, before the least recently used go: room
/// for the photos of a few hundred cases.
pub const CACHE_LIMIT: u64 = 512 * 1024 * 1024;

/// Encoded photos in a folder, one `<key>.jpg` each.
#[derive(Debug)]
pub struct DiskPhotoStore {
    dir: PathBuf,
}

impl DiskPhotoStore {
    /// The store of the output folder `out_dir`.
    pub fn new(out_dir: &Path) -> DiskPhotoStore {
        DiskPhotoStore { dir: out_dir.join(CACHE_DIR) }
    }

    fn path(&self, key: &[u8; 32]) -> PathBuf {
        self.dir.join(format!("{}.jpg", super::hex(key)))
    }

    /// Deletes the least recently used files until the rest fit in `limit` bytes;
    /// returns how many went.
    pub fn evict(&self, limit: u64) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return 0 };
        let mut files: Vec<(SystemTime, u64, PathBuf)> = entries
            .flatten()
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((meta.modified().ok()?, meta.len(), e.path()))
            })
            .filter(|(_, _, p)| p.extension().is_some_and(|x| x == "jpg"))
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
}

impl PhotoStore for DiskPhotoStore {
    fn get(&self, key: &[u8; 32]) -> Option<Vec<u8>> {
        let path = self.path(key);
        let jpeg = std::fs::read(&path).ok()?;
        // Written atomically, so a file is whole; a damaged one is encoded anew.
        if !(jpeg.starts_with(&[0xFF, 0xD8]) && jpeg.ends_with(&[0xFF, 0xD9])) {
            return None;
        }
        // Its time of last use, for eviction.
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(jpeg)
    }

    fn put(&self, key: &[u8; 32], jpeg: &[u8]) {
        if std::fs::create_dir_all(&self.dir).is_ok() {
            let _ = super::write::write_cache_entry(&self.path(key), jpeg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{run_build, BuildOptions};

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
        let cached = std::fs::read_dir(out.path().join(CACHE_DIR)).unwrap().count();
        assert_eq!(cached, 4, "home and press, pack and postcard: one photo each");
        options.force = true;
        let warm = digests(&options);
        assert_eq!(cold.len(), 4);
        assert_eq!(cold, warm);
    }

    #[test]
    fn stores_finds_refuses_damaged_files_and_evicts_the_least_recently_used() {
        let out = tempfile::tempdir().unwrap();
        let store = DiskPhotoStore::new(out.path());
        let jpeg = |fill: u8| [vec![0xFF, 0xD8], vec![fill; 1000], vec![0xFF, 0xD9]].concat();
        assert_eq!(store.get(&[1; 32]), None);
        for key in 1..=3u8 {
            store.put(&[key; 32], &jpeg(key));
        }
        assert_eq!(store.get(&[2; 32]), Some(jpeg(2)));
        std::fs::write(store.path(&[3; 32]), &jpeg(3)[..500]).unwrap();
        assert_eq!(store.get(&[3; 32]), None, "a truncated file is not used");
        // Key 1 is used last: it stays, the two others go.
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for key in [2u8, 3] {
            let file = std::fs::File::options().append(true).open(store.path(&[key; 32])).unwrap();
            file.set_modified(old).unwrap();
        }
        store.get(&[1; 32]).unwrap();
        assert_eq!(store.evict(1500), 2);
        assert_eq!(store.get(&[1; 32]), Some(jpeg(1)));
        assert_eq!(store.get(&[2; 32]), None);
    }
}
