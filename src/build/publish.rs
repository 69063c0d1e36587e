//! Publishing a finished output folder: the merged manifest of a sharded build and
//! the download site (`index.html`, a page per case and per language) built from a
//! manifest.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use super::index_page::{
    case_folder, is_site_page, language_page, render_site, PageCase, PageFile, PageLanguage, PageWords,
    Thumbnail, FIRST_PAGE,
};
use super::manifest::{self, Entry, Manifest, Status};
use crate::compose::labels::site_word;
use crate::diag::{Diagnostic, Span};
use crate::locale::Locale;

/// `appealpress index`: merges `manifest.shard-*.json` into `manifest.json` and writes
/// the download site. Returns the files written.
pub fn merge_and_publish(out_dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let in_out_dir = |message: String| Diagnostic::error(Some(Span::file(out_dir)), message);
    let merged = manifest::merge_shards(out_dir).map_err(|m| {
        in_out_dir(m)
            .with_hint("build every shard with `appealpress build --shard I/N` into this folder first")
    })?;
    let manifest_path = manifest::write_manifest(&merged, out_dir, "manifest.json")
        .map_err(|e| in_out_dir(format!("cannot write manifest.json: {e}")))?;
    let pages = write_download_page(out_dir, &merged)
        .map_err(|e| in_out_dir(format!("cannot write the download pages: {e}")))?;
    Ok(std::iter::once(manifest_path).chain(pages).collect())
}

/// Writes the download site for the outputs in `manifest`: `<out>/index.html`, a page
/// per case (`<case>/index.html`) and per language (`index.<tag>.html`), and removes
/// the pages of earlier runs that no longer have a case or language (only files
/// appealpress wrote as pages: [`is_site_page`]). Every page is written inside the
/// folder, never through a link. Returns the pages written, the first page first.
pub fn write_download_page(out_dir: &Path, manifest: &Manifest) -> std::io::Result<Vec<PathBuf>> {
    let cases = page_cases(out_dir, manifest);
    let pages = render_site(&cases, &page_words);
    let mut written = Vec::with_capacity(pages.len());
    for page in &pages {
        let Some(path) = super::confine::confined(out_dir, &page.path) else { continue };
        if page.path != FIRST_PAGE && path.parent().is_some_and(|folder| !folder.is_dir()) {
            // A case with no folder here has no files here either.
            continue;
        }
        super::write::write_atomic(&path, page.html.as_bytes())?;
        written.push(path);
    }
    remove_stale_pages(out_dir, &pages.iter().map(|p| p.path.as_str()).collect::<Vec<_>>());
    written.sort_by_key(|p| p != &out_dir.join(FIRST_PAGE));
    Ok(written)
}

/// Removes `index.<tag>.html` and `<folder>/index.html` pages of earlier runs that
/// this run did not write: a withdrawn case's name must not stay on a page. Only
/// regular files carrying the site's generator mark are removed.
fn remove_stale_pages(out_dir: &Path, current: &[&str]) {
    let Ok(entries) = std::fs::read_dir(out_dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else { continue };
        let candidate = if kind.is_file() {
            let tag = name.strip_prefix("index.").and_then(|rest| rest.strip_suffix(".html"));
            match tag {
                Some(tag) if language_page(tag).as_deref() == Some(name.as_str()) => name,
                _ => continue,
            }
        } else if kind.is_dir() && case_folder(&name).is_some() {
            format!("{name}/index.html")
        } else {
            continue;
        };
        if current.contains(&candidate.as_str()) {
            continue;
        }
        let Some(bytes) = super::confine::read_confined(out_dir, &candidate) else { continue };
        if is_site_page(&bytes) {
            let _ = std::fs::remove_file(out_dir.join(&candidate));
        }
    }
}

/// A language's words for the site, from the shipped labels (English where a
/// language has none).
pub fn page_words(tag: &str) -> PageWords {
    let locale = Locale::parse(tag).or_else(|_| Locale::parse("en")).expect("en is a tag");
    let word = |name: &str| site_word(&locale, name).to_string();
    PageWords {
        title: word("page_title"),
        languages: word("page_languages"),
        all_cases: word("page_all_cases"),
        pack_home: word("page_pack_home"),
        pack_press: word("page_pack_press"),
        postcard_home: word("page_postcard_home"),
        postcard_press: word("page_postcard_press"),
        print_home: word("page_print_home"),
        duplex: word("page_duplex"),
        print_postcards: word("print_postcards"),
        print_shop: word("page_print_shop"),
        pages: word("page_pages"),
        stale: word("page_stale"),
        missing: word("page_missing"),
        deadline: word("deadline"),
        action: word("page_action"),
        letter: word("page_letter"),
    }
}

/// The manifest's outputs grouped by case and language, as the pages show them.
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

/// How the page offers an output: `Some(false)` built as described, `Some(true)` not
/// up to date (it failed in this run, and its last good file is still there),
/// `None` not offered (failed, no file kept).
fn offered(out_dir: &Path, entry: &Entry) -> Option<bool> {
    if entry.is_built() {
        return Some(false);
    }
    let kept = entry.status == Status::Failed
        && entry.kept_previous
        && super::confine::confined_file(out_dir, &entry.file).is_some();
    kept.then_some(true)
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
        .filter(|e| offered(out_dir, e).is_some() && e.thumbnail.is_some())
        .min_by_key(preference)
        .and_then(|e| thumbnail(out_dir, e));
    let mut languages: BTreeMap<&str, PageLanguage> = BTreeMap::new();
    for entry in entries {
        let Some(stale) = offered(out_dir, entry) else { continue };
        let language = languages.entry(&entry.language).or_insert_with(|| PageLanguage {
            tag: entry.language.clone(),
            person: None,
            files: Vec::new(),
            action_url: None,
        });
        if entry.action_url.is_some() {
            language.action_url.clone_from(&entry.action_url);
        }
        if !entry.person.is_empty() {
            language.person = Some(entry.person.clone());
        }
        language.files.push(PageFile {
            product: entry.product,
            profile: entry.profile,
            href: entry.file.clone(),
            bytes: entry.bytes.unwrap_or(0) as u64,
            pages: entry.pages.unwrap_or(0),
            paper: entry.paper,
            stale,
        });
    }
    PageCase {
        id: id.to_string(),
        person,
        deadline,
        thumbnail,
        languages: languages.into_values().collect(),
        missing: entries.iter().filter(|e| offered(out_dir, e).is_none()).count(),
    }
}

fn thumbnail(out_dir: &Path, entry: &Entry) -> Option<Thumbnail> {
    // Only a regular file inside the output folder: never a path the manifest names
    // elsewhere, never through a link. Read for its size, which the page states so
    // that nothing moves as the pictures come in.
    let href = entry.thumbnail.as_ref()?;
    let bytes = super::confine::read_confined(out_dir, href)?;
    let (width, height) = jpeg_size(&bytes).or_else(|| png_size(&bytes))?;
    Some(Thumbnail {
        href: href.clone(),
        width,
        height,
        product: entry.product,
        lang: entry.language.clone(),
    })
}

/// Width and height from a PNG's IHDR chunk (thumbnails of earlier versions).
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    Some((word(16), word(20)))
}

/// Width and height from a JPEG's frame header (any SOF marker but DHT, JPG, DAC).
fn jpeg_size(jpeg: &[u8]) -> Option<(u32, u32)> {
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    while at + 4 <= jpeg.len() {
        if jpeg[at] != 0xFF {
            return None;
        }
        let marker = jpeg[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let frame = jpeg.get(at + 4..at + 9)?;
            let height = u32::from(u16::from_be_bytes([frame[1], frame[2]]));
            let width = u32::from(u16::from_be_bytes([frame[3], frame[4]]));
            return (width > 0 && height > 0).then_some((width, height));
        }
        if marker == 0xDA || length < 2 {
            return None;
        }
        at += 2 + length;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes_are_read_from_the_header_and_other_files_refused() {
        let image = image::RgbImage::new(7, 3);
        let mut png = Vec::new();
        image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        assert_eq!(png_size(&png), Some((7, 3)));
        let mut jpeg = Vec::new();
        image.write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
        assert_eq!(jpeg_size(&jpeg), Some((7, 3)));
        assert_eq!(png_size(b"GIF89a"), None);
        assert_eq!(jpeg_size(b"GIF89a"), None);
        assert_eq!(jpeg_size(&jpeg[..20]), None);
        assert_eq!(jpeg_size(&png), None);
    }
}
