//! What the last build recorded of each file it wrote or checked: size, modification
//! and change times, inode and SHA-256 (`<out>/.appealpress/stamps.json`).
//!
//! A job is skipped only when its file is byte for byte what the manifest records. A
//! size alone is faked by a build killed after it renamed a new file into place and
//! before it wrote the manifest; hashing every file on every build costs a no-op build
//! of a large catalogue its speed. A stamp is the fast path between: taken right after
//! a file's rename (or after its bytes were hashed and found as recorded), it changes
//! whenever the file is replaced or written, since a rename brings a new inode and any
//! write a new change time. A file whose stamp differs is hashed and compared with the
//! recorded digest. The stamps are private to the machine (inodes, times) and live
//! beside the photo cache, never in the published manifest; a lost or damaged stamps
//! file only means the files are hashed once.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::confine::Confiner;
use crate::stamp::FileStamp;

/// The stamps file, inside the output folder.
pub(crate) const STAMPS_FILE: &str = ".appealpress/stamps.json";

/// A file as last seen whole: its metadata and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    /// Size, times and inode.
    pub(crate) file: FileStamp,
    /// Hex SHA-256 of the bytes.
    pub(crate) sha256: String,
}

impl Stamp {
    /// The stamp of `path` as it is now, for bytes known to hash to `sha256`.
    pub(crate) fn of(path: &Path, sha256: &str) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        meta.file_type().is_file().then(|| Stamp::from_metadata(&meta, sha256))
    }

    fn from_metadata(meta: &std::fs::Metadata, sha256: &str) -> Stamp {
        Stamp { file: FileStamp::of(meta), sha256: sha256.to_string() }
    }

    /// Whether the file this metadata describes is still the file stamped.
    fn matches(&self, meta: &std::fs::Metadata) -> bool {
        self.file == FileStamp::of(meta)
    }
}

/// Stamps by file, relative to the output folder with `/`.
pub(crate) type StampMap = BTreeMap<String, Stamp>;

/// Checks files against what was recorded, fast where a stamp still holds, and keeps
/// the stamps of every file found as recorded (and of every file written) for the
/// next run.
#[derive(Debug)]
pub(crate) struct FileCheck<'a> {
    out_dir: &'a Path,
    confiner: Confiner<'a>,
    last: StampMap,
    seen: Mutex<StampMap>,
}

impl<'a> FileCheck<'a> {
    /// The stamps the last run of `out_dir` left (none when missing or damaged).
    pub(crate) fn read(out_dir: &'a Path) -> FileCheck<'a> {
        let last = std::fs::read(out_dir.join(STAMPS_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        FileCheck { out_dir, confiner: Confiner::new(out_dir), last, seen: Mutex::default() }
    }

    /// The SHA-256 the last run recorded for `file`, if it stamped it.
    pub(crate) fn recorded_sha256(&self, file: &str) -> Option<&str> {
        self.last.get(file).map(|s| s.sha256.as_str())
    }

    /// Whether `file` (relative to the output folder) is a regular file with the bytes
    /// `sha256` says, or, without `sha256`, the bytes its last stamp says.
    pub(crate) fn is_as_recorded(&self, file: &str, sha256: Option<&str>) -> bool {
        let Some(path) = self.confiner.path(file) else { return false };
        let Ok(meta) = std::fs::symlink_metadata(&path) else { return false };
        if !meta.file_type().is_file() {
            return false;
        }
        let stamp = self.last.get(file);
        let Some(expected) = sha256.or(stamp.map(|s| s.sha256.as_str())) else { return false };
        let fresh = match stamp {
            Some(stamp) if stamp.sha256 == expected && stamp.matches(&meta) => Some(stamp.clone()),
            _ => {
                let digest = super::manifest::file_digest(&path);
                // Stamped from the metadata read before hashing: a write in between
                // changes it, so the next run hashes again rather than trust it.
                (digest.as_deref() == Some(expected)).then(|| Stamp::from_metadata(&meta, expected))
            }
        };
        let found = fresh.is_some();
        if let Some(stamp) = fresh {
            self.note(file, stamp);
        }
        found
    }

    /// Records the stamp of a file this run wrote.
    pub(crate) fn note(&self, file: &str, stamp: Stamp) {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(file.to_string(), stamp);
    }

    /// Writes the stamps of `files` (those the manifest now lists) when they differ
    /// from the last run's: a build with nothing to do writes nothing.
    pub(crate) fn save(self, files: &[&str]) -> std::io::Result<()> {
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let stamps: StampMap =
            files.iter().filter_map(|f| seen.get(*f).map(|s| (f.to_string(), s.clone()))).collect();
        if stamps == self.last {
            return Ok(());
        }
        let json = serde_json::to_vec(&stamps).map_err(std::io::Error::other)?;
        super::write::write_cache_entry(&self.out_dir.join(STAMPS_FILE), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn sha(bytes: &[u8]) -> String {
        super::super::hex(&Sha256::digest(bytes))
    }

    #[test]
    fn a_replaced_file_of_the_same_size_is_not_as_recorded() {
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("a.pdf");
        super::super::write::write_atomic(&path, b"12 days").unwrap();
        let check = FileCheck::read(out.path());
        assert!(check.is_as_recorded("a.pdf", Some(&sha(b"12 days"))), "hashed: as recorded");
        check.save(&["a.pdf"]).unwrap();

        // A killed build renamed another file of the same size into place.
        super::super::write::write_atomic(&path, b"13 days").unwrap();
        let check = FileCheck::read(out.path());
        assert!(!check.is_as_recorded("a.pdf", Some(&sha(b"12 days"))));
        assert!(check.is_as_recorded("a.pdf", Some(&sha(b"13 days"))));
        // Without a digest of its own, a file is checked against its stamp's.
        assert!(!FileCheck::read(out.path()).is_as_recorded("a.pdf", None));
    }

    #[test]
    fn a_stamp_that_holds_is_trusted_and_a_no_op_save_writes_nothing() {
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("a.pdf");
        std::fs::write(&path, b"bytes").unwrap();
        // A stamp that holds is believed without reading the file: here its digest is
        // deliberately another file's, to see that the bytes are not read.
        let check = FileCheck::read(out.path());
        check.note("a.pdf", Stamp::of(&path, &sha(b"other")).unwrap());
        check.save(&["a.pdf"]).unwrap();
        let check = FileCheck::read(out.path());
        assert!(check.is_as_recorded("a.pdf", Some(&sha(b"other"))));
        // Nothing changed: the stamps file is not written again.
        std::fs::remove_file(out.path().join(STAMPS_FILE)).unwrap();
        std::fs::create_dir(out.path().join(STAMPS_FILE)).unwrap();
        check.save(&["a.pdf"]).expect("no write, so no error from the folder in its way");
    }
}
