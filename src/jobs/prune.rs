//! `appealpress prune`: deletes the files the manifests of an output folder list as
//! withdrawn (closed, withdrawn or removed cases; languages and products no longer
//! built), and nothing else.
//!
//! `build` never deletes: a file of a person at risk is removed only by this command,
//! only where the manifest names it, and only while it still has the bytes appealpress
//! recorded for it, so a file someone put there by hand, or replaced, is never lost.
//! No path is followed through a symlink (`confine`): a case folder linked elsewhere
//! is not the output folder. Then the photo cache entries no current output uses go
//! (the encoded photos of the people withdrawn), and the case folders left empty, a
//! killed prune's included.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::confine::{confined, confined_file};
use super::manifest::{self, Withdrawn};
use crate::diag::{Diagnostic, Span};

/// What a prune did, or with `dry_run` would do.
#[derive(Debug, Default)]
pub(crate) struct PruneReport {
    /// Files deleted (or to be deleted), under the output folder.
    pub(crate) removed: Vec<PathBuf>,
    /// Files listed as withdrawn but kept: changed since they were built, or not
    /// deletable. Each is an error: someone must look.
    pub(crate) kept: Vec<Diagnostic>,
    /// The manifests rewritten without the entries of removed files.
    pub(crate) manifests: Vec<PathBuf>,
    /// Photo cache entries (to be) deleted: no current output uses them.
    pub(crate) cache_removed: Vec<PathBuf>,
}

/// Prunes every manifest of `out_dir` (`manifest.json` and the shards'): deletes each
/// withdrawn file whose SHA-256 is as recorded, then the case folders left empty, and
/// rewrites the manifest without what is gone. With `dry_run` nothing is touched.
pub(crate) fn prune(out_dir: &Path, dry_run: bool) -> Result<PruneReport, Diagnostic> {
    let names = manifest_names(out_dir)?;
    if names.is_empty() {
        return Err(Diagnostic::error(
            Some(Span::file(out_dir)),
            format!("no {} in this folder", manifest::MANIFEST_FILE),
        )
        .with_hint("prune works on a folder written by `appealpress build`"));
    }
    let mut report = PruneReport::default();
    let mut cases_in_use = HashSet::new();
    let mut every_manifest_read = true;
    for name in names {
        let path = out_dir.join(&name);
        let Some(mut manifest) = manifest::read_manifest(&path) else {
            report
                .kept
                .push(Diagnostic::in_file(&path, "cannot read this manifest; nothing it lists was deleted"));
            every_manifest_read = false;
            continue;
        };
        cases_in_use.extend(manifest.outputs.iter().map(|e| e.case.clone()));
        if manifest.withdrawn.is_empty() {
            continue;
        }
        manifest.withdrawn =
            prune_listed(out_dir, &path, std::mem::take(&mut manifest.withdrawn), dry_run, &mut report);
        if !dry_run {
            manifest::write_manifest(&manifest, out_dir, &name)
                .map_err(|e| Diagnostic::in_file(&path, format!("cannot write: {e}")))?;
            report.manifests.push(path);
        }
    }
    // Which photos are in use cannot be told without every manifest.
    if every_manifest_read {
        report.cache_removed = super::photo_store::prune_cache(out_dir, &cases_in_use, dry_run);
    }
    if !dry_run {
        remove_empty_case_folders(out_dir);
    }
    Ok(report)
}

/// Deletes the listed files that are as recorded; returns the entries still to prune.
fn prune_listed(
    out_dir: &Path,
    manifest_path: &Path,
    listed: Vec<Withdrawn>,
    dry_run: bool,
    report: &mut PruneReport,
) -> Vec<Withdrawn> {
    let mut left = Vec::new();
    for entry in listed {
        let Some(path) = confined(out_dir, &entry.file) else {
            let message = format!(
                "withdrawn file `{}` is not inside the output folder (or is reached through a link); not deleted",
                entry.file
            );
            report.kept.push(Diagnostic::in_file(manifest_path, message));
            continue;
        };
        if std::fs::symlink_metadata(&path).is_err() {
            continue; // Deleted already: nothing left to do.
        }
        let Some(file) = confined_file(out_dir, &entry.file) else {
            let message = "not a regular file (a link, a folder); not deleted";
            report.kept.push(Diagnostic::in_file(&path, message));
            left.push(entry);
            continue;
        };
        if manifest::file_digest(&file).as_deref() != Some(entry.sha256.as_str()) {
            let message =
                "changed since appealpress wrote it (its sha256 differs from the manifest's); not deleted";
            let diag = Diagnostic::error(Some(Span::file(&file)), message).with_hint(format!(
                "it belongs to case `{}` ({}): delete it by hand if it should go",
                entry.case, entry.reason
            ));
            report.kept.push(diag);
            left.push(entry);
            continue;
        }
        if !dry_run {
            if let Err(e) = std::fs::remove_file(&file) {
                report.kept.push(Diagnostic::in_file(&file, format!("cannot delete: {e}")));
                left.push(entry);
                continue;
            }
        }
        report.removed.push(file);
    }
    left
}

/// The manifests of an output folder, sorted: `manifest.json` and `manifest.shard-*.json`.
fn manifest_names(out_dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let entries = std::fs::read_dir(out_dir).map_err(|e| {
        Diagnostic::error(Some(Span::file(out_dir)), format!("cannot read the output folder: {e}"))
    })?;
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| manifest::manifest_of(n).is_some())
        .collect();
    names.sort();
    Ok(names)
}

/// Removes the case folders of the output folder that are empty: those this prune
/// emptied, and those a killed one left. Folders only, never through a link.
fn remove_empty_case_folders(out_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(out_dir) else { return };
    for entry in entries.flatten() {
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.file_type().is_ok_and(|t| t.is_dir()) {
            // Fails, harmlessly, when something is still in it.
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::jobs::manifest::Manifest;

    fn manifest_with(withdrawn: Vec<Withdrawn>) -> Manifest {
        Manifest { tool: "t".into(), shard: None, outputs: Vec::new(), case_errors: Vec::new(), withdrawn }
    }

    fn listed(file: &str, bytes: &[u8]) -> Withdrawn {
        use sha2::{Digest, Sha256};
        Withdrawn {
            file: file.into(),
            case: "c".into(),
            reason: "case closed".into(),
            sha256: super::super::hex(&Sha256::digest(bytes)),
        }
    }

    #[test]
    fn deletes_exactly_the_listed_files_that_are_as_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("c")).unwrap();
        std::fs::write(out.join("c/a.pdf"), b"a").unwrap();
        std::fs::write(out.join("c/b.pdf"), b"changed by hand").unwrap();
        std::fs::write(out.join("c/other.pdf"), b"not listed").unwrap();
        std::fs::write(out.join("secret"), b"s").unwrap();
        let entries = vec![listed("c/a.pdf", b"a"), listed("c/b.pdf", b"b"), listed("../secret", b"s")];
        manifest::write_manifest(&manifest_with(entries), out, manifest::MANIFEST_FILE).unwrap();

        let dry = prune(out, true).unwrap();
        assert_eq!(dry.removed, vec![out.join("c/a.pdf")]);
        assert!(out.join("c/a.pdf").is_file(), "a dry run deleted a file");

        let report = prune(out, false).unwrap();
        assert_eq!(report.removed, vec![out.join("c/a.pdf")]);
        assert_eq!(report.kept.len(), 2, "{:?}", report.kept);
        assert!(!out.join("c/a.pdf").exists());
        assert!(
            out.join("c/b.pdf").is_file()
                && out.join("c/other.pdf").is_file()
                && out.join("secret").is_file()
        );
        // The manifest keeps what is still to be pruned, and only that.
        let after = manifest::read_manifest(&out.join(manifest::MANIFEST_FILE)).unwrap();
        assert_eq!(after.withdrawn.iter().map(|w| w.file.as_str()).collect::<Vec<_>>(), ["c/b.pdf"]);
    }
}
