//! Paths inside the output folder, never followed out of it.
//!
//! A manifest is data: a path it names (`../../etc/passwd`, `/home/x/photo.png`) or a
//! symlink someone put in the output folder (a case folder linked elsewhere) must never
//! make `prune` delete, or `build` and `index` read, a file outside the folder. Every
//! path taken from a manifest or found by walking the folder goes through here.

use std::path::{Component, Path, PathBuf};

/// `relative` under `out_dir` when it is a plain relative path (no `..`, no root, no
/// prefix) and no folder on the way down is a symlink. The path itself may not exist.
pub(crate) fn confined(out_dir: &Path, relative: &str) -> Option<PathBuf> {
    let relative = plain(relative)?;
    no_link_down_to(out_dir, folder_of(relative)).then(|| out_dir.join(relative))
}

/// `relative` when it is made of plain names only.
fn plain(relative: &str) -> Option<&Path> {
    let path = Path::new(relative);
    let plain = !relative.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then_some(path)
}

/// The folder a plain relative path is in (empty for the output folder itself).
fn folder_of(relative: &Path) -> &Path {
    relative.parent().unwrap_or(Path::new(""))
}

/// Whether each folder from `out_dir` down to `out_dir/folder` is a real folder or not
/// there (yet): never a link, nor a file.
fn no_link_down_to(out_dir: &Path, folder: &Path) -> bool {
    let mut path = out_dir.to_path_buf();
    folder.components().all(|name| {
        path.push(name);
        std::fs::symlink_metadata(&path).map_or(true, |meta| meta.file_type().is_dir())
    })
}

/// [`confined`] for many paths of one output folder: each folder on the way is looked
/// at once (a build with nothing to do checks 2,000 files in 100 folders).
#[derive(Debug)]
pub(crate) struct Confiner<'a> {
    out_dir: &'a Path,
    /// Folders found to be real folders (not links), relative.
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl<'a> Confiner<'a> {
    /// A confiner for paths under `out_dir`.
    pub(crate) fn new(out_dir: &'a Path) -> Confiner<'a> {
        Confiner { out_dir, folders: Default::default() }
    }

    /// As [`confined`].
    pub(crate) fn path(&self, relative: &str) -> Option<PathBuf> {
        let relative = plain(relative)?;
        let folder = folder_of(relative);
        let mut known = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if !known.contains(folder) {
            if !no_link_down_to(self.out_dir, folder) {
                return None;
            }
            known.insert(folder.to_path_buf());
        }
        Some(self.out_dir.join(relative))
    }
}

/// `relative` under `out_dir` as [`confined`], when it is a regular file there (not a
/// symlink, folder, FIFO or device).
pub(crate) fn confined_file(out_dir: &Path, relative: &str) -> Option<PathBuf> {
    let path = confined(out_dir, relative)?;
    std::fs::symlink_metadata(&path).ok().filter(|m| m.file_type().is_file()).map(|_| path)
}

/// The bytes of the regular file `relative` under `out_dir` ([`confined_file`]).
pub(crate) fn read_confined(out_dir: &Path, relative: &str) -> Option<Vec<u8>> {
    std::fs::read(confined_file(out_dir, relative)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_out_of_the_folder_and_through_links_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        let elsewhere = root.path().join("elsewhere");
        std::fs::create_dir_all(out.join("case")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(out.join("case/a.pdf"), b"a").unwrap();
        std::fs::write(elsewhere.join("b.pdf"), b"b").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("b.pdf"), out.join("case/b.pdf")).unwrap();

        assert_eq!(read_confined(&out, "case/a.pdf").as_deref(), Some(&b"a"[..]));
        for bad in
            ["../elsewhere/b.pdf", "/etc/passwd", "linked/b.pdf", "case/b.pdf", "", "case/../case/a.pdf"]
        {
            assert_eq!(read_confined(&out, bad), None, "{bad}");
        }
        assert_eq!(confined(&out, "linked/b.pdf"), None);
        let confiner = Confiner::new(&out);
        assert_eq!(confiner.path("linked/b.pdf"), None);
        assert_eq!(confiner.path("../elsewhere/b.pdf"), None);
        assert_eq!(confiner.path("case/a.pdf"), Some(out.join("case/a.pdf")));
        assert_eq!(confined(&out, "case/new.pdf"), Some(out.join("case/new.pdf")));
    }
}
