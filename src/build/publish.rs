//! Publishing a finished output folder: the merged manifest of a sharded build and
//! the download page, `index.html`, built from a manifest.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

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
