//! A file's identity as the file system keeps it: size, modification and change times,
//! inode. Two looks at a file with equal stamps saw the same bytes unless someone set
//! both times back by hand on the same inode: a rename brings a new inode, any write a
//! new change time, and no tool sets the change time. So a digest taken once can stand
//! for the file while its stamp holds (build's output stamps, load's photo digests).

use serde::{Deserialize, Serialize};

/// See the module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileStamp {
    /// Size in bytes.
    pub(crate) bytes: u64,
    /// Modification time, nanoseconds since the epoch.
    pub(crate) modified: i64,
    /// Change time (inode metadata), nanoseconds since the epoch; 0 where unknown.
    pub(crate) changed: i64,
    /// Inode number; 0 where unknown.
    pub(crate) inode: u64,
}

impl FileStamp {
    /// The stamp of the file `meta` describes.
    pub(crate) fn of(meta: &std::fs::Metadata) -> FileStamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i64);
        let (changed, inode) = change_and_inode(meta);
        FileStamp { bytes: meta.len(), modified, changed, inode }
    }
}

#[cfg(unix)]
fn change_and_inode(meta: &std::fs::Metadata) -> (i64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime() * 1_000_000_000 + meta.ctime_nsec(), meta.ino())
}

#[cfg(not(unix))]
fn change_and_inode(_meta: &std::fs::Metadata) -> (i64, u64) {
    (0, 0)
}
