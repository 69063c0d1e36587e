//! Input keys for incremental builds, and shards for CI matrices.
//!
//! A job's key is a SHA-256 over everything its PDF is made from: the tool itself,
//! the fonts (shipped or found at run time) that the job's text can reach, the
//! options that change output, case.yaml, the job's language file and the photo's
//! bytes, the labels files of the packs folder and the case that the job's language
//! reads, plus the case-wide warnings (so a deadline that has just passed is
//! reported) and whether the job writes the case's thumbnail. Equal keys give
//! byte-identical files built with the same `SOURCE_DATE_EPOCH` (the one input left
//! out, see [`RunFingerprint::new`]), so a job whose key matches the last manifest,
//! with its file still in place, is skipped.

use sha2::{Digest, Sha256};

use crate::compose::{compose_pack, compose_postcard, labels, Product};
use crate::diag::Diagnostic;
use crate::fonts::FontBook;
use crate::layout::Profile;
use crate::load::{CaseSource, LabelsFile, LangEntry};
use crate::locale::Locale;

/// What every key of a run shares: the tool, the fonts, and run-wide options.
#[derive(Debug, Clone)]
pub(crate) struct RunFingerprint(Sha256);

impl Default for RunFingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl RunFingerprint {
    /// Fingerprints the tool (its sources, dependencies and compiler). The fonts enter
    /// each job's key by what its text can reach ([`fonts_key`]).
    ///
    /// `SOURCE_DATE_EPOCH` is left out on purpose: it only dates the file, and CI sets
    /// it from the last commit, so keying it rebuilt every file at every commit. A file
    /// whose inputs are unchanged keeps the date of the build that made it, which is
    /// the date its content last changed.
    pub(crate) fn new() -> RunFingerprint {
        let mut hasher = Sha256::new();
        field(&mut hasher, b"appealpress-job-key-v5");
        field(&mut hasher, env!("CARGO_PKG_VERSION").as_bytes());
        field(&mut hasher, tool_digest());
        RunFingerprint(hasher)
    }

    /// The key of one job, as lowercase hex.
    pub(crate) fn job_key(
        &self,
        case: &CaseSource,
        case_warnings: &[Diagnostic],
        entry: &LangEntry,
        fonts: &[u8],
        output: JobOutput,
        ink_limit: crate::render::color::InkLimit,
    ) -> Option<String> {
        let JobOutput { product, profile, thumbnail } = output;
        let mut hasher = self.0.clone();
        field(&mut hasher, fonts);
        field(&mut hasher, case.id.as_bytes());
        field(&mut hasher, case.yaml_text.as_bytes());
        field(&mut hasher, &case.photo_digest);
        field(&mut hasher, entry.lang.tag().as_bytes());
        field(&mut hasher, &entry.digest?);
        for file in label_overrides(case, &entry.lang) {
            field(&mut hasher, file.tag.as_bytes());
            field(&mut hasher, &file.digest?);
        }
        field(&mut hasher, product.name().as_bytes());
        field(&mut hasher, profile.name().as_bytes());
        field(&mut hasher, &[u8::from(thumbnail)]);
        if profile == Profile::Press {
            // The command line's limit is not in case.yaml's text.
            field(&mut hasher, &ink_limit.percent().to_le_bytes());
        }
        for warning in case_warnings {
            field(&mut hasher, warning.to_string().as_bytes());
        }
        Some(hex(&hasher.finalize()))
    }
}

/// The labels files of the packs folder and the case that apply to a language, in the
/// order they apply: editing one rebuilds that language's outputs, and only those.
fn label_overrides<'a>(case: &'a CaseSource, lang: &Locale) -> Vec<&'a LabelsFile> {
    labels::override_files(lang, &case.label_layers())
}

/// What a job writes: one product for one profile, and for one language of each case
/// the thumbnail of its first page too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JobOutput {
    /// Pack or postcard.
    pub(crate) product: Product,
    /// Home or press.
    pub(crate) profile: Profile,
    /// Whether the job also writes the download page's thumbnail of its first page.
    pub(crate) thumbnail: bool,
}

/// The fonts a language of a case may be set in, as [`crate::fonts::fonts_key`] gives
/// them for the [`printed_text`] of its products, so no folder is read when the
/// shipped faces cover them all.
pub(crate) fn fonts_key(book: &FontBook, case: &CaseSource, entry: &LangEntry) -> Vec<u8> {
    crate::fonts::fonts_key(book, &printed_text(case, entry), &entry.lang)
}

/// What a language of a case prints, taken from what it prints: the composed pack,
/// postcard, labels and petition sheet, with every label, date, quotation mark, dash and space as compose wrote
/// them, and the few characters layout and text add of their own. A product that does
/// not compose (a broken labels file, no postcard message) fails its job and prints
/// nothing; its warnings are the job's to report, not the key's.
pub fn printed_text(case: &CaseSource, entry: &LangEntry) -> String {
    let mut text: String = crate::layout::ADDED_CHARACTERS.iter().collect();
    let Ok(file) = &entry.file else { return text };
    let mut unreported = crate::diag::Sink::new();
    if let Ok(pack) = compose_pack(case, file, &mut unreported) {
        text.push_str(&pack.printed_text());
    }
    if let Ok(card) = compose_postcard(case, file, &mut unreported) {
        text.push_str(&card.printed_text());
    }
    if let Ok(sheet) = crate::compose::compose_labels(case, file, &mut unreported) {
        text.push_str(&sheet.printed_text());
    }
    if let Ok(tally) = crate::compose::compose_tally(case, file, &mut unreported) {
        text.push_str(&tally.printed_text());
    }
    if let Ok(poster) = crate::compose::compose_poster(case, file, &mut unreported) {
        text.push_str(&poster.printed_text());
    }
    if file.has_petition() {
        if let Ok(sheet) = crate::compose::compose_petition(case, file, &mut unreported) {
            text.push_str(&sheet.printed_text());
        }
    }
    text
}

/// Length-prefixed, so no two different field lists hash the same bytes.
fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// What the tool is made from: `build.rs` digests our sources, `Cargo.lock` and the
/// compiler's version, so any change to the code, its dependencies or the compiler
/// changes every key and a new tool never reuses an old tool's files. Known at compile
/// time: hashing the 13 MB executable instead cost every run about 20 ms.
fn tool_digest() -> &'static [u8] {
    env!("APPEALPRESS_SOURCE_DIGEST").as_bytes()
}

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One of N slices of a catalogue, `I/N` with 1 <= I <= N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// Parses `I/N`.
    pub(crate) fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard: write I/N with 1 <= I <= N, e.g. 2/3");
        let (index, count) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) =
            (index.trim().parse().map_err(|_| bad())?, count.trim().parse().map_err(|_| bad())?);
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether this shard builds the case. Whole cases go to one shard, so each photo
    /// is decoded by one runner; the choice hashes the id, so it stays put when other
    /// cases come and go.
    pub fn contains(self, case_id: &str) -> bool {
        let digest = Sha256::digest(case_id.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        (u64::from_be_bytes(first) % self.count as u64) as usize == self.index - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir`, recursively.
    fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(files_under(&path));
            } else {
                files.push(path);
            }
        }
        files
    }

    #[test]
    fn the_tool_digest_covers_every_source_file_as_it_is_on_disk() {
        // What build.rs promises to digest, listed here independently of it: a file it
        // leaves out (a new folder of sources, the shipped labels) would let a changed
        // tool reuse an old tool's files.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> =
            ["Cargo.toml", "Cargo.lock", "build.rs"].iter().map(|f| root.join(f)).collect();
        files.extend(files_under(&root.join("src")));
        files.extend(
            files_under(&root.join("labels")).into_iter().filter(|f| f.extension() == Some("yaml".as_ref())),
        );
        files.sort();
        let mut hasher = Sha256::new();
        for file in &files {
            let name = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            field(&mut hasher, name.as_bytes());
            field(&mut hasher, &std::fs::read(file).unwrap());
        }
        assert_eq!(hex(&hasher.finalize()), env!("APPEALPRESS_SOURCE_FILES_DIGEST"));
        // The key's tool digest adds the compiler and target to those files.
        assert_ne!(tool_digest(), env!("APPEALPRESS_SOURCE_FILES_DIGEST").as_bytes());
        assert_eq!(tool_digest().len(), 64);
    }

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|index| Shard { index, count: 3 }).collect();
        let mut sizes = [0; 3];
        for i in 0..300 {
            let id = format!("case-{i}");
            let owners: Vec<usize> = shards.iter().filter(|s| s.contains(&id)).map(|s| s.index).collect();
            assert_eq!(owners.len(), 1, "{id} is in shards {owners:?}");
            sizes[owners[0] - 1] += 1;
        }
        assert!(sizes.iter().all(|&n| (70..=130).contains(&n)), "unbalanced: {sizes:?}");
    }

    #[test]
    fn fields_are_length_prefixed() {
        let key = |parts: &[&str]| {
            let mut hasher = Sha256::new();
            for part in parts {
                field(&mut hasher, part.as_bytes());
            }
            hex(&hasher.finalize())
        };
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
    }
}
