//! The digests of the files a build renamed into place, written before each rename
//! (`<out>/.appealpress/journal`), so that a file a killed build left is still known
//! as appealpress's own.
//!
//! A build killed after renaming a new PDF into place and before writing the manifest
//! leaves a file whose bytes no manifest records. Were its case withdrawn next, `prune`
//! would find it "changed since appealpress wrote it" and keep it: a withdrawal lost
//! to a kill. The journal closes that gap: each line is `<file> <sha256>`, appended
//! (one `write` of a short line, whole after a kill) before the rename, and the
//! withdrawal takes the digest of the file as it is when the journal, the manifest or
//! the stamps know it. Lines the new manifest accounts for are dropped when it is
//! written.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

/// The journal file, inside the output folder.
pub(crate) const JOURNAL_FILE: &str = ".appealpress/journal";

/// Notes that `file` (relative to `out_dir`, with `/`) is about to hold bytes with
/// this digest. Best effort: a journal that cannot be written costs only the case above.
pub(crate) fn record(out_dir: &Path, file: &str, sha256: &str) {
    let path = out_dir.join(JOURNAL_FILE);
    let _ = path.parent().map(std::fs::create_dir_all);
    if let Ok(mut journal) = std::fs::File::options().append(true).create(true).open(&path) {
        let _ = journal.write_all(format!("{file} {sha256}\n").as_bytes());
    }
}

/// The digests the journal holds, by file.
pub(crate) fn read(out_dir: &Path) -> HashMap<String, HashSet<String>> {
    let mut known: HashMap<String, HashSet<String>> = HashMap::new();
    let text = std::fs::read_to_string(out_dir.join(JOURNAL_FILE)).unwrap_or_default();
    for line in text.lines() {
        if let Some((file, sha256)) = line.rsplit_once(' ') {
            if sha256.len() == 64 {
                known.entry(file.to_string()).or_default().insert(sha256.to_string());
            }
        }
    }
    known
}

/// Rewrites the journal without the files `settled` accounts for (listed in the new
/// manifest, as an output or as withdrawn); removes it when nothing is left.
pub(crate) fn settle(out_dir: &Path, settled: &HashSet<&str>) {
    let path = out_dir.join(JOURNAL_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else { return };
    let left: String = text
        .lines()
        .filter(|line| line.rsplit_once(' ').is_some_and(|(file, _)| !settled.contains(file)))
        .map(|line| format!("{line}\n"))
        .collect();
    let _ = if left.is_empty() {
        std::fs::remove_file(&path)
    } else {
        super::write::write_cache_entry(&path, left.as_bytes())
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_and_settle_what_the_manifest_holds() {
        let out = tempfile::tempdir().unwrap();
        let (a, b) = ("a".repeat(64), "b".repeat(64));
        record(out.path(), "c/c-en-pack.pdf", &a);
        record(out.path(), "c/c-en-pack.pdf", &b);
        record(out.path(), "c/c-fr-pack.pdf", &a);
        let known = read(out.path());
        assert_eq!(known["c/c-en-pack.pdf"], HashSet::from([a.clone(), b.clone()]));
        settle(out.path(), &HashSet::from(["c/c-en-pack.pdf"]));
        assert_eq!(read(out.path()).keys().collect::<Vec<_>>(), ["c/c-fr-pack.pdf"]);
        settle(out.path(), &HashSet::from(["c/c-fr-pack.pdf"]));
        assert!(!out.path().join(JOURNAL_FILE).exists());
    }
}
