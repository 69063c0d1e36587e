//! Publishing a finished output folder: the merged manifest of a sharded build and
//! the download page, `index.html`, built from a manifest.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use super::incremental::Shard;
use super::index_page::{render_index_html, PageCase, PageFile, PageLanguage, Thumbnail};
use super::manifest::{self, Entry, Manifest};
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

/// What `appealpress publish` did to a folder of merged shard outputs.
#[derive(Debug, Default)]
pub struct PublishReport {
    /// `manifest.json` and the download pages, written.
    pub written: Vec<PathBuf>,
    /// What the prune of withdrawn files did.
    pub pruned: super::prune::PruneReport,
    /// Outputs that failed in the shards' builds and are offered as their last good
    /// file, marked not up to date.
    pub stale: usize,
    /// Outputs that failed and have no earlier file to offer.
    pub missing: usize,
    /// Errors of cases that failed to load, as the shards recorded them.
    pub case_errors: Vec<Diagnostic>,
}

impl PublishReport {
    /// True when the site is published but something in it is not as its sources say:
    /// a failed output or case, or a withdrawn file that had to be kept. The command
    /// then exits 1, after publishing, so that the run ends red and someone looks.
    pub fn has_failures(&self) -> bool {
        self.stale > 0 || self.missing > 0 || !self.case_errors.is_empty() || !self.pruned.kept.is_empty()
    }
}

/// `appealpress publish`: what the publish job of CI does with the shards' outputs
/// merged into one folder, in order: every one of the `shards` shard manifests must be
/// there (a shard whose build did not finish would take its cases off the site, and
/// leave its withdrawals on it); then the merged manifest and the download page are
/// written and the withdrawn files deleted. Failed outputs and cases do not stop it:
/// withdrawals and good files publish whatever else fails, and a failed case's last
/// good files stay offered, marked not up to date. An `Err` means nothing may be
/// published.
pub fn publish(out_dir: &Path, shards: Option<usize>) -> Result<PublishReport, Diagnostic> {
    if let Some(count) = shards {
        let missing: Vec<String> = (1..=count)
            .filter(|i| !out_dir.join(manifest::manifest_name(Some(Shard { index: *i, count }))).is_file())
            .map(|i| format!("{i}/{count}"))
            .collect();
        if !missing.is_empty() {
            return Err(Diagnostic::error(
                Some(Span::file(out_dir)),
                format!("no manifest from shard {}; nothing is published", missing.join(", ")),
            )
            .with_hint(
                "a shard writes its manifest when its build runs to the end (exit 0 or 1); look at its log",
            ));
        }
    }
    let written = merge_and_publish(out_dir)?;
    let pruned = super::prune::prune(out_dir, false)?;
    // Read back after the prune: what the site now offers.
    let merged = manifest::read_manifest(&out_dir.join(manifest::manifest_name(None))).ok_or_else(|| {
        Diagnostic::in_file(&out_dir.join("manifest.json"), "cannot read the merged manifest")
    })?;
    let failed = merged.outputs.iter().filter(|e| e.status == manifest::Status::Failed);
    let (stale, missing) =
        failed.fold((0, 0), |(s, m), e| if e.is_stale() { (s + 1, m) } else { (s, m + 1) });
    Ok(PublishReport { written, pruned, stale, missing, case_errors: merged.case_errors })
}

/// Writes `<out>/index.html` for the outputs in `manifest`: every case with the files
/// that exist, thumbnails read from the PNGs the build wrote beside the packs.
pub fn write_download_page(out_dir: &Path, manifest: &Manifest) -> std::io::Result<PathBuf> {
    let cases = page_cases(out_dir, manifest);
    let html = render_index_html("Appeal packs and postcards", &cases);
    let path = out_dir.join("index.html");
    super::write::write_atomic(&path, html.as_bytes())?;
    Ok(path)
}

/// The manifest's outputs grouped by case and language, as the page shows them.
pub fn page_cases(out_dir: &Path, manifest: &Manifest) -> Vec<PageCase> {
    let mut by_case: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
    // A file outside the folder is never linked (`merge_shards` refuses such a
    // manifest; this holds for any manifest handed here).
    let inside = |e: &&Entry| super::confine::confined(out_dir, &e.file).is_some();
    for entry in manifest.outputs.iter().filter(inside) {
        by_case.entry(&entry.case).or_default().push(entry);
    }
    by_case.into_iter().map(|(id, entries)| page_case(out_dir, id, &entries)).collect()
}

fn page_case(out_dir: &Path, id: &str, entries: &[&Entry]) -> PageCase {
    // The English pack speaks to most visitors; else the first language there is.
    let preference = |e: &&&Entry| (e.language != "en", e.language.clone());
    let person = entries.iter().min_by_key(preference).map(|e| e.person.clone()).unwrap_or_default();
    // Every output of a case carries the case's deadline; the least one is shown
    // should outputs of older runs disagree.
    let deadline = entries.iter().filter_map(|e| e.deadline.clone()).min();
    let thumbnail = entries
        .iter()
        .filter(|e| e.is_built() && e.thumbnail.is_some())
        .min_by_key(preference)
        .and_then(|e| thumbnail(out_dir, e));
    let mut languages: BTreeMap<&str, Vec<PageFile>> = BTreeMap::new();
    let mut actions: BTreeMap<&str, String> = BTreeMap::new();
    for entry in entries.iter().filter(|e| e.is_built()) {
        if let Some(url) = &entry.action_url {
            actions.insert(&entry.language, url.clone());
        }
        let (product, profile) = (entry.product, entry.profile);
        languages.entry(&entry.language).or_default().push(PageFile {
            product,
            profile,
            href: entry.file.clone(),
            bytes: entry.bytes.unwrap_or(0) as u64,
            pages: entry.pages.unwrap_or(0),
        });
    }
    PageCase {
        id: id.to_string(),
        person,
        deadline,
        thumbnail,
        languages: languages
            .into_iter()
            .map(|(tag, files)| PageLanguage {
                tag: tag.to_string(),
                action_url: actions.get(tag).cloned(),
                files,
            })
            .collect(),
        missing: entries.iter().filter(|e| !e.is_built()).count(),
    }
}

fn thumbnail(out_dir: &Path, entry: &Entry) -> Option<Thumbnail> {
    // Only a regular file inside the output folder: never a path the manifest names
    // elsewhere, never through a link.
    let png = super::confine::read_confined(out_dir, entry.thumbnail.as_ref()?)?;
    let (width, height) = png_size(&png)?;
    Some(Thumbnail { png, width, height, product: entry.product, lang: entry.language.clone() })
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    Some((word(16), word(20)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_reads_the_header_and_refuses_other_files() {
        let mut png = Vec::new();
        image::RgbImage::new(7, 3)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(png_size(&png), Some((7, 3)));
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
