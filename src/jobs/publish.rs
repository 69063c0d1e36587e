//! Publishing a finished output folder: the merged manifest of a sharded build and
//! the download site (`index.html`, a page per case and per language) built from a
//! manifest.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use super::incremental::Shard;
use super::index_page::{
    case_folder, is_site_page, language_page, render_site_with_guide, PageCase, PageFile, PageLanguage,
    PageWords, Thumbnail, FIRST_PAGE, GUIDE_FOLDER,
};
use super::manifest::{self, Entry, Manifest, Status};
use crate::compose::labels::site_word;
use crate::diag::{Diagnostic, Span};
use crate::locale::Locale;

/// `appealpress index`: merges `manifest.shard-*.json` into `manifest.json` and writes
/// the download site. Returns the files written.
pub(crate) fn merge_and_publish(out_dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let in_out_dir = |message: String| Diagnostic::error(Some(Span::file(out_dir)), message);
    let merged = manifest::merge_shards(out_dir).map_err(|m| {
        in_out_dir(m)
            .with_hint("build every shard with `appealpress build --shard I/N` into this folder first")
    })?;
    let manifest_path = manifest::write_manifest(&merged, out_dir, manifest::MANIFEST_FILE)
        .map_err(|e| in_out_dir(format!("cannot write {}: {e}", manifest::MANIFEST_FILE)))?;
    let pages = write_download_page(out_dir, &merged)
        .map_err(|e| in_out_dir(format!("cannot write the download pages: {e}")))?;
    Ok(std::iter::once(manifest_path).chain(pages).collect())
}

/// What `appealpress publish` did to a folder of merged shard outputs.
#[derive(Debug, Default)]
pub(crate) struct PublishReport {
    /// `manifest.json` and the download pages, written.
    pub(crate) written: Vec<PathBuf>,
    /// What the prune of withdrawn files did.
    pub(crate) pruned: super::prune::PruneReport,
    /// Outputs that failed in the shards' builds and are offered as their last good
    /// file, marked not up to date.
    pub(crate) stale: usize,
    /// Outputs that failed and have no earlier file to offer.
    pub(crate) missing: usize,
    /// Errors of cases that failed to load, as the shards recorded them.
    pub(crate) case_errors: Vec<Diagnostic>,
}

impl PublishReport {
    /// True when the site is published but something in it is not as its sources say:
    /// a failed output or case, or a withdrawn file that had to be kept. The command
    /// then exits 1, after publishing, so that the run ends red and someone looks.
    pub(crate) fn has_failures(&self) -> bool {
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
pub(crate) fn publish(out_dir: &Path, shards: Option<usize>) -> Result<PublishReport, Diagnostic> {
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
    let merged_path = out_dir.join(manifest::MANIFEST_FILE);
    let merged = manifest::read_manifest(&merged_path)
        .ok_or_else(|| Diagnostic::in_file(&merged_path, "cannot read the merged manifest"))?;
    let failed = merged.outputs.iter().filter(|e| e.status == manifest::Status::Failed);
    let (stale, missing) =
        failed.fold((0, 0), |(s, m), e| if e.is_stale() { (s + 1, m) } else { (s, m + 1) });
    Ok(PublishReport { written, pruned, stale, missing, case_errors: merged.case_errors })
}

/// Writes the download site for the outputs in `manifest`: `<out>/index.html`, a page
/// per case (`<case>/index.html`) and per language (`index.<tag>.html`), and removes
/// the pages of earlier runs that no longer have a case or language (only files
/// appealpress wrote as pages: [`is_site_page`]). Every page is written inside the
/// folder, never through a link. Returns the pages written, the first page first.
pub(crate) fn write_download_page(out_dir: &Path, manifest: &Manifest) -> std::io::Result<Vec<PathBuf>> {
    let cases = page_cases(out_dir, manifest);
    // The guide's link only where the site carries the guide (the packs workflow puts
    // it there before publishing), so that no link leads nowhere.
    let guide = out_dir.join(GUIDE_FOLDER).join("printing.html").is_file();
    let pages = render_site_with_guide(&cases, &page_words, guide);
    let mut written = Vec::with_capacity(pages.len());
    for page in &pages {
        // Checked again as it is written: a page goes only to a real folder inside.
        let Some(path) = super::confine::confined(out_dir, &page.path) else { continue };
        if path.parent().is_some_and(|folder| !folder.is_dir()) {
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
        labels_home: word("page_labels_home"),
        petition_home: word("page_petition_home"),
        poster_home: word("page_poster_home"),
        poster_press: word("page_poster_press"),
        tally_home: word("page_tally_home"),
        bundle_home: word("page_bundle_home"),
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
pub(crate) fn page_cases(out_dir: &Path, manifest: &Manifest) -> Vec<PageCase> {
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
            job_sheet: entry.job_sheet.clone(),
        });
    }
    // The page goes in the case's folder only when that is a real folder inside the
    // output folder: never through a link, never a folder made for it.
    let folder = case_folder(id)
        .filter(|folder| {
            let path = super::confine::confined(out_dir, folder);
            path.and_then(|p| std::fs::symlink_metadata(p).ok()).is_some_and(|m| m.is_dir())
        })
        .map(str::to_string);
    PageCase {
        id: id.to_string(),
        folder,
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

    /// A manifest entry of case `c`, language `lang`, home pack, as JSON gives it.
    fn entry(lang: &str, status: &str, kept_previous: bool) -> Entry {
        let mut value = serde_json::json!({
            "case": "c", "language": lang, "person": format!("P {lang}"), "product": "pack",
            "profile": "home", "file": format!("c/c-{lang}-pack.pdf"), "status": status,
            "paper": "Letter", "kept_previous": kept_previous,
        });
        if status == "built" || kept_previous {
            // As the manifest keeps them for a failed output's last good file.
            value["pages"] = 6.into();
            value["bytes"] = 421_888.into();
            value["sha256"] = "00".into();
        }
        serde_json::from_value(value).unwrap()
    }

    fn manifest(outputs: Vec<Entry>) -> Manifest {
        Manifest { tool: "t".into(), shard: None, outputs, case_errors: Vec::new(), withdrawn: Vec::new() }
    }

    #[test]
    fn a_failed_output_whose_last_good_file_stays_is_offered_as_not_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir(out.join("c")).unwrap();
        for lang in ["en", "fr"] {
            std::fs::write(out.join(format!("c/c-{lang}-pack.pdf")), b"%PDF").unwrap();
        }
        let outputs = vec![
            entry("en", "built", false),
            // Failed in this run; its last good file is there.
            entry("fr", "failed", true),
            // Failed, nothing kept.
            entry("de", "failed", false),
            // Failed, said kept, but the file is gone: not offered.
            entry("es", "failed", true),
        ];
        let cases = page_cases(out, &manifest(outputs));
        assert_eq!(cases.len(), 1);
        let case = &cases[0];
        assert_eq!(case.missing, 2, "only failed outputs with no file kept are missing");
        let offered: Vec<(&str, bool, usize, Option<PaperSize>)> = case
            .languages
            .iter()
            .flat_map(|l| l.files.iter().map(move |f| (l.tag.as_str(), f.stale, f.pages, f.paper)))
            .collect();
        use crate::jobs::manifest::PaperSize;
        assert_eq!(
            offered,
            [("en", false, 6, Some(PaperSize::Letter)), ("fr", true, 6, Some(PaperSize::Letter))]
        );
        write_download_page(out, &manifest(vec![entry("en", "built", false), entry("fr", "failed", true)]))
            .unwrap();
        let page = std::fs::read_to_string(out.join("c/index.html")).unwrap();
        assert_eq!(page.matches("<strong class=\"stale\">Not up to date</strong>").count(), 1, "{page}");
        assert!(page.contains("<a href=\"c-fr-pack.pdf\""));
        assert!(!page.contains("could not be built"));
        let french = std::fs::read_to_string(out.join("index.fr.html")).unwrap();
        assert!(french.contains("<strong class=\"stale\">Pas à jour</strong>"), "{french}");
    }

    #[test]
    fn pages_of_withdrawn_cases_and_languages_go_and_other_files_stay() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let both = |case: &str, lang: &str| {
            let mut e = entry(lang, "built", false);
            e.case = case.into();
            e.file = format!("{case}/{case}-{lang}-pack.pdf");
            std::fs::create_dir_all(out.join(case)).unwrap();
            std::fs::write(out.join(&e.file), b"%PDF").unwrap();
            e
        };
        let written = write_download_page(out, &manifest(vec![both("a", "en"), both("b", "fr")])).unwrap();
        assert_eq!(written.first(), Some(&out.join("index.html")));
        for page in ["index.html", "a/index.html", "b/index.html", "index.en.html", "index.fr.html"] {
            assert!(out.join(page).is_file(), "{page}");
        }
        // Someone's own page in a folder of the output folder is not ours.
        std::fs::create_dir(out.join("notes")).unwrap();
        std::fs::write(out.join("notes/index.html"), "<html><title>notes</title></html>").unwrap();
        std::fs::write(out.join("index.de.html"), "<html><title>mine</title></html>").unwrap();
        // Case b withdrawn: its page and the French page go with it.
        write_download_page(out, &manifest(vec![both("a", "en")])).unwrap();
        assert!(!out.join("b/index.html").exists());
        assert!(!out.join("index.fr.html").exists());
        for page in ["index.html", "a/index.html", "index.en.html", "notes/index.html", "index.de.html"] {
            assert!(out.join(page).is_file(), "{page}");
        }
        let first = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(!first.contains("b/index.html") && !first.contains("index.fr.html"));
    }

    #[cfg(unix)]
    #[test]
    fn no_page_is_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::os::unix::fs::symlink(elsewhere.path(), out.join("c")).unwrap();
        // The case's files are in a real folder; its page would go through the link.
        std::fs::create_dir(out.join("real")).unwrap();
        let mut e = entry("en", "built", false);
        e.file = "real/c-en-pack.pdf".into();
        write_download_page(out, &manifest(vec![e])).unwrap();
        assert!(!elsewhere.path().join("index.html").exists());
        // Nor linked: the case is listed without a page.
        let first = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(first.contains("<h2>P en</h2>") && !first.contains("c/index.html"), "{first}");
        assert!(out.join("index.html").is_file());
    }

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
