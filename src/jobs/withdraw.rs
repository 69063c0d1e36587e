//! Which files must leave the output folder: found on disk, not remembered.
//!
//! The manifest is a record, not the truth. Deriving the withdrawn list from the last
//! manifest alone lost a withdrawal whenever one build dropped a case from the manifest
//! (its language files moved away first, a typo in `status:` under `watch`, a damaged
//! manifest). So every build walks the output folder: every file named as appealpress
//! names its outputs (`<case>/<case>-<lang>-<product>[-press].pdf`, the thumbnail
//! `<case>/<case>-<lang>-pack.jpg`, or `.png` as earlier versions wrote it) that no output of this run claims is withdrawn
//! when the catalogue says it must go (its case removed, closed or withdrawn, its
//! language or product no longer built), and left alone otherwise (a case that failed
//! to load keeps its last good files; another shard's or selection's files are not
//! this run's to judge). The recorded SHA-256 (manifest, stamps) is kept for each, so
//! `prune` deletes a file only while it has the bytes appealpress wrote.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::confine::confined_file;
use super::manifest::{Manifest, Withdrawn};
use super::stamps::FileCheck;
use crate::compose::Product;
use crate::layout::Profile;
use crate::locale::Locale;

/// An output file name read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputFile {
    /// The case (its folder in the output folder).
    pub(crate) case: String,
    /// The language tag, canonical as output names write it.
    pub(crate) lang: String,
    /// Which product.
    pub(crate) product: Product,
    /// Which profile.
    pub(crate) profile: Profile,
    /// True for the case's thumbnail (a PNG beside the home pack).
    pub(crate) thumbnail: bool,
    /// True for a press file's job sheet (`.txt` beside it).
    pub(crate) job_sheet: bool,
}

/// Reads `name`, a file in the output folder's `case` folder, as an output's name
/// ([`super::names::output_name`]), or as a thumbnail: a home pack's name with `.jpg` (or an
/// earlier version's `.png`).
pub(crate) fn parse_output_name(case: &str, name: &str) -> Option<OutputFile> {
    let thumbnail_stem = std::iter::once(super::names::THUMBNAIL_EXTENSION)
        .chain(super::names::EARLIER_THUMBNAIL_EXTENSIONS.iter().copied())
        .find_map(|extension| name.strip_suffix(extension)?.strip_suffix('.'));
    let sheet_stem = name.strip_suffix(".txt");
    let (pdf_name, thumbnail) = match (thumbnail_stem, sheet_stem) {
        (Some(stem), _) | (None, Some(stem)) => (format!("{stem}.pdf"), thumbnail_stem.is_some()),
        (None, None) => (name.to_string(), false),
    };
    let job_sheet = sheet_stem.is_some();
    let rest = pdf_name.strip_prefix(case)?.strip_prefix('-')?;
    let outputs = Product::ALL
        .into_iter()
        .flat_map(|product| [Profile::Home, Profile::Press].map(|profile| (product, profile)))
        .filter(|&(product, profile)| profile == Profile::Home || product.has_press());
    let (lang, product, profile) = outputs
        .filter(|&output| !thumbnail || output == (Product::Pack, Profile::Home))
        .filter(|&(_, profile)| !job_sheet || profile == Profile::Press)
        .find_map(|(product, profile)| {
            let lang = rest.strip_suffix(&super::names::output_ending(product, profile))?;
            Some((lang, product, profile))
        })?;
    // Only a tag as appealpress writes it: a file a person named otherwise
    // (`case-en-old-pack.pdf`) is not ours to list.
    let canonical = Locale::parse(lang).ok().filter(|l| l.tag() == lang)?;
    Some(OutputFile {
        case: case.to_string(),
        lang: canonical.tag().to_string(),
        product,
        profile,
        thumbnail,
        job_sheet,
    })
}

/// The output-named files in the case folders of `out_dir` that `claimed` does not
/// hold, relative with `/`. Links are not followed: a case folder or file that is a
/// symlink is not ours. (Claimed files are passed over before their names are read:
/// in a build with nothing to do, that is every file.)
fn output_files(out_dir: &Path, claimed: &HashSet<String>) -> Vec<(String, OutputFile)> {
    let mut found = Vec::new();
    let Ok(folders) = std::fs::read_dir(out_dir) else { return found };
    for folder in folders.flatten() {
        let case = folder.file_name().to_string_lossy().into_owned();
        if case.starts_with('.') || !folder.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(files) = std::fs::read_dir(folder.path()) else { continue };
        for file in files.flatten() {
            if !file.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let name = file.file_name().to_string_lossy().into_owned();
            let relative = format!("{case}/{name}");
            if claimed.contains(&relative) {
                continue;
            }
            if let Some(output) = parse_output_name(&case, &name) {
                found.push((relative, output));
            }
        }
    }
    found
}

/// The files to list as withdrawn after a run whose manifest is `current` (outputs
/// carried over from earlier runs included): every output-named file in the folder
/// that `current` does not claim and `reason` says must go, and every file the last
/// manifest listed as withdrawn that is still there unclaimed.
pub(crate) fn withdrawn(
    current: &Manifest,
    previous: Option<&Manifest>,
    check: &FileCheck,
    out_dir: &Path,
    reason: impl Fn(&OutputFile) -> Option<String>,
) -> Vec<Withdrawn> {
    let claimed = claimed_files(current);
    let mut recorded: HashMap<&str, &str> = HashMap::new();
    if let Some(previous) = previous {
        for entry in &previous.outputs {
            if let Some(sha256) = &entry.sha256 {
                recorded.insert(&entry.file, sha256);
            }
        }
        for entry in &previous.withdrawn {
            recorded.insert(&entry.file, &entry.sha256);
        }
    }
    let journal = super::journal::read(out_dir);
    let mut list: Vec<Withdrawn> = Vec::new();
    for (file, output) in output_files(out_dir, &claimed) {
        let Some(reason) = reason(&output) else { continue };
        let now = super::stamps::file_digest(&confined_file(out_dir, &file).unwrap_or_default());
        let known: Vec<&str> = recorded
            .get(file.as_str())
            .copied()
            .into_iter()
            .chain(check.recorded_sha256(&file))
            .chain(journal.get(&file).into_iter().flatten().map(String::as_str))
            .collect();
        // The bytes as they are when appealpress wrote them (a killed build's file is
        // in the journal); else the record, and prune will keep a file changed by
        // hand; a file no record knows (the manifest was lost) is listed as it is.
        let sha256 = match now {
            Some(now) if known.is_empty() || known.contains(&now.as_str()) => now,
            _ => match known.first() {
                Some(first) => first.to_string(),
                None => continue,
            },
        };
        list.push(Withdrawn { file, case: output.case, reason, sha256 });
    }
    // What the last manifest listed and this walk did not find again (another
    // shard's, a selection's) stays listed while it is there.
    let found: HashSet<String> = list.iter().map(|w| w.file.clone()).collect();
    let earlier = previous.into_iter().flat_map(|p| &p.withdrawn).filter(|w| !found.contains(&w.file));
    list.extend(earlier.cloned());
    list.retain(|w| !claimed.contains(w.file.as_str()) && confined_file(out_dir, &w.file).is_some());
    list.sort();
    list.dedup_by(|a, b| a.file == b.file);
    list
}

/// The files the outputs of `manifest` stand for: each output, its thumbnail, and for
/// a failed job whose earlier file stays, that file's thumbnail too.
fn claimed_files(manifest: &Manifest) -> HashSet<String> {
    let mut claimed = HashSet::new();
    for entry in &manifest.outputs {
        claimed.extend(entry.files().map(str::to_string));
        let home_pack = entry.product == Product::Pack && entry.profile == Profile::Home;
        if !entry.is_built() && home_pack {
            // The failed job left its earlier file, and so its picture, in place.
            claimed
                .insert(super::names::thumbnail_path(Path::new(&entry.file)).to_string_lossy().into_owned());
        }
        if !entry.is_built() && entry.profile == Profile::Press {
            // Its job sheet stays beside the earlier file too.
            claimed
                .insert(super::names::job_sheet_path(Path::new(&entry.file)).to_string_lossy().into_owned());
        }
    }
    claimed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_read_back_and_others_do_not() {
        let pack = parse_output_name("ali-aarrass", "ali-aarrass-pt-BR-pack-press.pdf").unwrap();
        assert_eq!(
            (pack.lang.as_str(), pack.product, pack.profile),
            ("pt-BR", Product::Pack, Profile::Press)
        );
        let thumb = parse_output_name("ali-aarrass", "ali-aarrass-en-pack.jpg").unwrap();
        assert!(thumb.thumbnail);
        // An earlier version's PNG thumbnail is read back too, so a withdrawal takes it.
        let earlier = parse_output_name("ali-aarrass", "ali-aarrass-en-pack.png").unwrap();
        assert!(earlier.thumbnail && earlier.product == Product::Pack);
        assert_eq!(parse_output_name("ali-aarrass", "ali-aarrass-en-postcard.jpg"), None);
        let card = parse_output_name("a", "a-zh-Hant-postcard.pdf").unwrap();
        assert_eq!((card.lang.as_str(), card.product), ("zh-Hant", Product::Postcard));
        // The campaign kit's files, so that a product leaving `products:` is withdrawn.
        for (name, product, profile) in [
            ("a-ar-poster-press.pdf", Product::Poster, Profile::Press),
            ("a-ja-petition.pdf", Product::Petition, Profile::Home),
            ("a-en-tally.pdf", Product::Tally, Profile::Home),
            ("a-sr-Latn-bundle.pdf", Product::Bundle, Profile::Home),
        ] {
            let file = parse_output_name("a", name).unwrap();
            assert_eq!((file.product, file.profile), (product, profile), "{name}");
        }
        assert!(parse_output_name("a", "a-ar-poster-press.txt").unwrap().job_sheet);
        for other in [
            "ali-aarrass-en-old-pack.pdf",
            "notes.pdf",
            "ali-aarrass-en-pack.pdf.tmp",
            "ali-en-pack.pdf",
            // Printed at home only: no press file is ours by that name.
            "a-en-petition-press.pdf",
            "a-en-tally-press.txt",
        ] {
            assert_eq!(parse_output_name("ali-aarrass", other), None, "{other}");
        }
    }
}
