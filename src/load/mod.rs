//! Load stage: case folders on disk to typed, validated [`Case`]s with source spans.
//!
//! Everything the later stages need from disk is read here: `case.yaml`, each
//! `<lang>.md`, the labels files that override the pack's fixed words (`labels/` in
//! the packs folder and in the case folder), and the photo. Loading is in two steps: [`load_case_source`] reads the
//! text and fingerprints every file (cheap, for a whole catalogue), and
//! [`CaseSource::decode_photo`] reads the photo's header once per case that needs
//! building; its pixels are decoded only as far as outputs need them.
//! A language file that fails does not fail its siblings; a case whose `case.yaml` or
//! photo fails has no jobs.
//!
//! Every file is read through [`read_regular_file`]: only a regular file (never a
//! FIFO, a device or a folder, which would hang or never end), and only up to a bound
//! (text files: [`max_text_bytes`]). Text is then refused where it holds control
//! characters, YAML nested too deep, or invisible direction controls in a name
//! ([`guard`]).

pub(crate) mod case_yaml;
pub(crate) mod guard;
pub(crate) mod labels;
pub(crate) mod lang;
pub mod photo;
pub(crate) mod placeholders;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Sink, Span};
use crate::locale::Locale;
pub use case_yaml::Product;
pub(crate) use case_yaml::{CaseYaml, Paper, ReportToYaml, Status};
pub(crate) use labels::{LabelsFile, LabelsYaml};
pub(crate) use lang::{Block, DigitStyle, Inline, LangFile, SectionId};
pub(crate) use photo::{DecodedPixels, Photo};

/// A case folder found under the packs directory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CaseDir {
    /// The folder name, `[a-z0-9-]+`.
    pub id: String,
    /// The folder.
    pub dir: PathBuf,
}

/// A case read from disk with its photo not yet decoded: enough to plan, key and
/// check its jobs, and cheap enough to hold for a whole catalogue at once.
#[derive(Debug)]
pub struct CaseSource {
    /// Folder name.
    pub(crate) id: String,
    /// Folder path.
    pub(crate) dir: PathBuf,
    /// The facts.
    pub(crate) facts: CaseYaml,
    /// The photo file, resolved inside the case folder.
    pub(crate) photo_path: PathBuf,
    /// SHA-256 of the photo file's bytes.
    pub(crate) photo_digest: [u8; 32],
    /// Languages in tag order; each parsed or failed on its own.
    pub langs: Vec<LangEntry>,
    /// The text of case.yaml as loaded, to point later diagnostics at its lines.
    pub(crate) yaml_text: String,
    /// Labels files of the packs folder (`<packs>/labels/`), shared by its cases.
    pub(crate) pack_labels: Arc<[LabelsFile]>,
    /// Labels files of this case (`<case>/labels/`), which override the packs folder's.
    pub(crate) case_labels: Vec<LabelsFile>,
    /// Errors that stop the case though everything parsed: placeholders `new` wrote
    /// and nobody replaced in case.yaml or the photo, language files whose names are
    /// not language tags. Placeholders in a language file stop only that language
    /// ([`LangEntry::errors`]).
    pub(crate) errors: Vec<Diagnostic>,
}

impl CaseSource {
    /// The span of `key:` in this case's case.yaml (line 0 when it is absent).
    pub(crate) fn yaml_span(&self, key: &str) -> Span {
        Span::at(self.dir.join("case.yaml"), guard::line_of_key(&self.yaml_text, key, 0), 0)
    }

    /// The span of the `index`th entry of the list under `key:` in case.yaml (an
    /// authority of `write_to` or `copies_to`).
    pub fn yaml_entry_span(&self, key: &str, index: usize) -> Span {
        Span::at(self.dir.join("case.yaml"), guard::line_of_entry(&self.yaml_text, key, index), 0)
    }

    /// The products to build for the case: case.yaml's `products:`, each once, in
    /// [`Product::ALL`]'s order; the pack and the postcard when it lists none.
    pub fn products(&self) -> Vec<Product> {
        match &self.facts.products {
            Some(listed) => Product::ALL.into_iter().filter(|p| listed.contains(p)).collect(),
            None => Product::DEFAULT.to_vec(),
        }
    }

    /// Reads the photo's header, for a case that has something to build; its pixels
    /// are decoded when an output needs them, at the scale it needs.
    pub(crate) fn decode_photo(&self) -> Result<Arc<Photo>, Diagnostic> {
        Ok(Arc::new(photo::load_photo(&self.photo_path, self.photo_digest, &self.yaml_span("file"))?))
    }

    /// The labels overrides, lowest first: the packs folder's, then the case's.
    pub(crate) fn label_layers(&self) -> [&[LabelsFile]; 2] {
        [&self.pack_labels, &self.case_labels]
    }

    /// The person's name as the language prints it (`person:` in its front matter, or
    /// case.yaml's).
    pub(crate) fn person_in(&self, entry: &LangEntry) -> String {
        entry.file.as_ref().map_or_else(|_| self.facts.person.clone(), |file| file.person(&self.facts))
    }
}

/// A loaded case: its source (facts, languages) and the decoded photo, shared by all
/// languages. Derefs to [`CaseSource`].
#[derive(Debug)]
pub struct Case {
    /// Everything read from the case folder.
    pub(crate) source: CaseSource,
    /// The decoded photo.
    pub photo: Arc<Photo>,
}

impl std::ops::Deref for Case {
    type Target = CaseSource;

    fn deref(&self) -> &CaseSource {
        &self.source
    }
}

/// One language of a case.
#[derive(Debug)]
pub struct LangEntry {
    /// The language, from the file name.
    pub lang: Locale,
    /// The file.
    pub path: PathBuf,
    /// The parsed file or the error that stopped it.
    pub file: Result<LangFile, Diagnostic>,
    /// Non-fatal findings in this file.
    pub(crate) warnings: Vec<Diagnostic>,
    /// SHA-256 of the file's bytes, when it could be read.
    pub(crate) digest: Option<[u8; 32]>,
    /// The file as read (empty when it could not be), for errors to point into.
    pub(crate) text: String,
    /// Errors that stop this language though the file parsed: the placeholders `new`
    /// wrote and nobody replaced. They fail this language's outputs only.
    pub(crate) errors: Vec<Diagnostic>,
}

impl LangEntry {
    /// The parsed file, when this language can be built; else every error that stops
    /// it (the parse error, or each placeholder left).
    pub(crate) fn ready(&self) -> Result<&LangFile, Vec<Diagnostic>> {
        match &self.file {
            Err(e) => Err(vec![e.clone()]),
            Ok(_) if !self.errors.is_empty() => Err(self.errors.clone()),
            Ok(file) => Ok(file),
        }
    }
}

/// Lists case folders (those holding a `case.yaml`) under `packs_dir`, sorted by id.
/// A `case.yaml` that is there but is not a regular file (a folder, a FIFO) still
/// makes a case, which then fails to load naming it: a case does not vanish from the
/// build, and its earlier outputs stay listed, because of a broken file.
pub fn discover_cases(packs_dir: &Path) -> Result<Vec<CaseDir>, Diagnostic> {
    let entries = std::fs::read_dir(packs_dir).map_err(|e| {
        Diagnostic::error(Some(Span::file(packs_dir)), format!("cannot read the packs folder: {e}"))
    })?;
    let mut cases = Vec::new();
    for entry in entries.flatten() {
        let dir = entry.path();
        // `symlink_metadata` looks at the entry itself and opens nothing.
        if dir.is_dir() && std::fs::symlink_metadata(dir.join("case.yaml")).is_ok() {
            let id = entry.file_name().to_string_lossy().into_owned();
            cases.push(CaseDir { id, dir });
        }
    }
    cases.sort();
    Ok(cases)
}

/// The language tags of a case folder's `<lang>.md` files, canonical, sorted.
pub(crate) fn language_tags(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut tags: Vec<String> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter_map(|p| Locale::parse(&p.file_stem()?.to_string_lossy()).ok())
        .map(|l| l.tag().to_string())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// True for a valid case id, `[a-z0-9-]+`.
pub(crate) fn is_case_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The bound on a text file (case.yaml, a language file, a labels file) when
/// `APPEALPRESS_MAX_TEXT_BYTES` does not set another: 1 MB, some fifty times the
/// longest language file of the samples.
pub(crate) const DEFAULT_MAX_TEXT_BYTES: u64 = 1024 * 1024;

/// The environment variable that sets the bound on text files, in bytes. An
/// environment variable rather than a build option, because every command that reads
/// cases (build, check, watch) and the library's own callers read through this stage
/// alone, and the bound is a property of the machine's trust in its inputs, not of
/// one build.
pub(crate) const MAX_TEXT_BYTES_VAR: &str = "APPEALPRESS_MAX_TEXT_BYTES";

/// The bound on a text file: [`MAX_TEXT_BYTES_VAR`] when set, else
/// [`DEFAULT_MAX_TEXT_BYTES`]; an unreadable value is an error naming it.
pub(crate) fn max_text_bytes() -> Result<u64, String> {
    match std::env::var(MAX_TEXT_BYTES_VAR) {
        Err(_) => Ok(DEFAULT_MAX_TEXT_BYTES),
        Ok(value) => {
            value.trim().parse::<u64>().ok().filter(|&n| n > 0).ok_or_else(|| {
                format!("{MAX_TEXT_BYTES_VAR}=`{value}` is not a number of bytes (e.g. 1048576)")
            })
        }
    }
}

/// What kind of file system entry a file type is, for errors.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
    #[cfg(not(unix))]
    "not a regular file"
}

/// Reads a regular file of at most `limit` bytes. Anything else is an error naming the
/// file: a folder, a FIFO or a device (never opened for reading, as opening a FIFO
/// blocks until a writer comes and a device may never end), or a file over the limit,
/// checked from its metadata and again while reading (at most `limit + 1` bytes are
/// read, so a file that grows meanwhile cannot exhaust memory). A symbolic link is
/// followed; whether its target may lie elsewhere is the caller's call.
pub(crate) fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::in_file(path, format!("cannot read: {e}"));
    let not_regular = |t: std::fs::FileType| {
        Diagnostic::in_file(path, format!("is {}, not a regular file", kind_of(t)))
            .with_hint("replace it with an ordinary file")
    };
    let too_large = |size: String| {
        Diagnostic::in_file(path, format!("the file is {size}, over the {limit} bytes appealpress reads"))
            .with_hint(format!("a larger file must be meant: set {MAX_TEXT_BYTES_VAR} to more bytes"))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    if meta.len() > limit {
        return Err(too_large(format!("{} bytes", meta.len())));
    }
    // Non-blocking, in case the file was swapped for a FIFO since: then the open
    // returns at once, and the check of what was opened below refuses it.
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_large("growing".to_string()));
    }
    Ok(bytes)
}

/// Reads a text file as UTF-8, bounded by [`max_text_bytes`]; invalid UTF-8 and
/// control characters are reported at their line. A byte order mark at the very start
/// is dropped.
pub(crate) fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let limit = max_text_bytes().map_err(|message| Diagnostic::in_file(path, message))?;
    let bytes = read_regular_file(path, limit)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column =
            String::from_utf8_lossy(&valid[valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..])
                .chars()
                .count()
                + 1;
        Diagnostic::error(Some(Span::at(path, line, column)), "the file is not valid UTF-8")
            .with_hint("save the file as UTF-8")
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    guard::check_controls(path, &text)?;
    Ok(text)
}

/// Refuses a case file (`case.yaml`, a language file) that is a link to a file outside
/// its case folder: a case folder is self-contained, as its photo must be, so nothing
/// from elsewhere on the machine is read into a case or quoted in its errors.
fn check_inside_case(case_dir: &Path, path: &Path) -> Result<(), Diagnostic> {
    // A file in the case folder that is no link is inside it; resolving every path
    // (a `readlink` per component) was a sixth of a build with nothing to do.
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(());
    }
    let (Ok(real_dir), Ok(real_file)) = (case_dir.canonicalize(), path.canonicalize()) else {
        return Ok(()); // reading it reports what is wrong
    };
    if real_file.starts_with(&real_dir) {
        return Ok(());
    }
    Err(Diagnostic::in_file(path, "is a link to a file outside the case folder")
        .with_hint("copy the file into the case folder instead of linking to it"))
}

/// Loads one case: `case.yaml`, the photo, and every `<lang>.md` (filtered by `langs`
/// when not empty). Errors in `case.yaml` or the photo fail the whole case.
pub fn load_case(case_dir: &CaseDir, langs: &[String]) -> Result<Case, Diagnostic> {
    let source = load_case_source(case_dir, langs)?;
    let photo = source.decode_photo()?;
    Ok(Case { source, photo })
}

/// Loads one case but for decoding its photo: `case.yaml`, the photo's path and digest
/// (a photo outside the folder or missing fails here), every `<lang>.md`, and the
/// labels files of the case and of the packs folder that holds it.
pub fn load_case_source(case_dir: &CaseDir, langs: &[String]) -> Result<CaseSource, Diagnostic> {
    let packs_dir = case_dir.dir.parent().unwrap_or(Path::new("."));
    load_case_source_in(case_dir, langs, load_pack_labels(packs_dir))
}

/// The labels files of a packs folder (`<packs>/labels/*.yaml`), read once per run
/// and shared by its cases.
pub(crate) fn load_pack_labels(packs_dir: &Path) -> Arc<[LabelsFile]> {
    labels::load_labels_folder(&packs_dir.join("labels")).into()
}

/// [`load_case_source`] with the packs folder's labels files already read.
pub(crate) fn load_case_source_in(
    case_dir: &CaseDir,
    langs: &[String],
    pack_labels: Arc<[LabelsFile]>,
) -> Result<CaseSource, Diagnostic> {
    load_case_source_with(case_dir, langs, pack_labels, &photo::DigestMemo::default())
}

/// [`load_case_source_in`] taking the photo's digest from `memo` while the photo is
/// unchanged since the memo took it.
pub(crate) fn load_case_source_with(
    case_dir: &CaseDir,
    langs: &[String],
    pack_labels: Arc<[LabelsFile]>,
    memo: &photo::DigestMemo,
) -> Result<CaseSource, Diagnostic> {
    if !is_case_id(&case_dir.id) {
        return Err(Diagnostic::error(
            Some(Span::file(&case_dir.dir)),
            format!("case folder name `{}` is not a valid case id", case_dir.id),
        )
        .with_hint("use lowercase letters, digits and hyphens, e.g. `ali-aarrass`"));
    }
    let yaml_path = case_dir.dir.join("case.yaml");
    check_inside_case(&case_dir.dir, &yaml_path)?;
    let yaml_text = read_text(&yaml_path)?;
    let facts = case_yaml::parse_case_yaml(&yaml_path, &yaml_text)?;
    let photo_span = Span::at(&yaml_path, guard::line_of_key(&yaml_text, "file", 0), 0);
    let photo_path = photo::resolve_photo_path(&case_dir.dir, &facts.photo.file, &photo_span)?;
    if !photo_path.exists() {
        return Err(photo::missing_photo(&case_dir.dir, &facts.photo.file, &photo_span));
    }
    // Looked at before it is opened: a FIFO would block the read below forever.
    let meta = std::fs::metadata(&photo_path).map_err(|e| photo::cannot_read(&photo_path, &photo_span, e))?;
    if !meta.is_file() {
        let file = photo_path.display();
        return Err(Diagnostic::error(
            Some(photo_span),
            format!("photo {file} is {}, not a regular file", kind_of(meta.file_type())),
        )
        .with_hint("replace it with a JPEG or PNG file"));
    }
    let (photo_digest, placeholder_portrait) = memo.digest(&photo_path, &meta, &photo_span)?;
    let mut errors =
        placeholders::find_in_text(&yaml_path, &yaml_text, placeholders::YamlComments::Everywhere);
    if placeholder_portrait {
        errors.push(placeholders::portrait_error(&photo_path, photo_span));
    }
    let langs = load_langs(&case_dir.dir, langs, &mut errors)?;
    Ok(CaseSource {
        id: case_dir.id.clone(),
        dir: case_dir.dir.clone(),
        facts,
        photo_path,
        photo_digest,
        langs,
        yaml_text,
        pack_labels,
        case_labels: labels::load_labels_folder(&case_dir.dir.join("labels")),
        errors,
    })
}

/// The language files of a case folder, parsed, each with the placeholders left in
/// it; pushes to `errors` the `.md` files whose names are not language tags.
fn load_langs(
    dir: &Path,
    wanted: &[String],
    errors: &mut Vec<Diagnostic>,
) -> Result<Vec<LangEntry>, Diagnostic> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Diagnostic::in_file(dir, format!("cannot read: {e}")))?;
    let mut paths: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect();
    paths.sort();
    let mut named: Vec<(Locale, PathBuf)> = Vec::new();
    for path in paths {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        match Locale::parse(&stem) {
            Ok(locale) => named.push((locale, path)),
            Err(_) if is_notes_file(&stem) => {}
            Err(e) => errors.push(misnamed_error(&path, e)),
        }
    }
    let mut langs = Vec::new();
    for (index, (locale, path)) in named.iter().enumerate() {
        if !wanted.is_empty() && !wanted.iter().any(|w| w.eq_ignore_ascii_case(locale.tag())) {
            continue;
        }
        // Two files for one language (`en.md` and `EN.md`) would build to the same
        // outputs, the last written winning: the language fails, naming both, and its
        // earlier outputs stay as they were. The paths are sorted, so the first file
        // names the error on every run.
        let same: Vec<&PathBuf> =
            named.iter().filter(|(l, _)| l.tag() == locale.tag()).map(|(_, p)| p).collect();
        if same.len() > 1 {
            if named.iter().position(|(l, _)| l.tag() == locale.tag()) == Some(index) {
                langs.push(duplicate_language(locale, &same));
            }
            continue;
        }
        let mut warnings = Sink::new();
        let text = check_inside_case(dir, path).and_then(|()| read_text(path));
        let digest = text.as_ref().ok().map(|text| Sha256::digest(text.as_bytes()).into());
        let errors = match &text {
            Ok(text) => placeholders::find_in_text(path, text, placeholders::YamlComments::FrontMatter),
            Err(_) => Vec::new(),
        };
        let file = text
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|text| lang::parse_lang_file(path, locale, text, &mut warnings));
        let text = text.unwrap_or_default();
        let (lang, path) = (locale.clone(), path.clone());
        langs.push(LangEntry { lang, path, file, warnings: warnings.into_warnings(), digest, text, errors });
    }
    Ok(langs)
}

/// The entry of a language that more than one file is for: failed, naming them all.
fn duplicate_language(locale: &Locale, paths: &[&PathBuf]) -> LangEntry {
    let names: Vec<String> =
        paths.iter().map(|p| format!("`{}`", p.file_name().unwrap_or_default().to_string_lossy())).collect();
    let all = if names.len() == 2 { "both" } else { "all" };
    let error = Diagnostic::in_file(
        paths[0],
        format!("{} are {all} for the language `{}`; none is built", names.join(" and "), locale.tag()),
    )
    .with_hint("keep one file per language and delete or rename the others");
    LangEntry {
        lang: locale.clone(),
        path: paths[0].clone(),
        file: Err(error),
        warnings: Vec::new(),
        digest: None,
        text: String::new(),
        errors: Vec::new(),
    }
}

/// Markdown files a case folder may hold beside its languages: notes for the editors.
fn is_notes_file(stem: &str) -> bool {
    ["readme", "notes", "changelog", "todo", "sources"].iter().any(|n| stem.eq_ignore_ascii_case(n))
}

/// A `.md` file whose name is not a language tag: it would not be built, so it is an
/// error rather than French silently missing from the packs.
fn misnamed_error(path: &Path, error: crate::locale::LocaleError) -> Diagnostic {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let diag = Diagnostic::error(
        Some(Span::file(path)),
        format!("`{name}` is not named by a language tag, so it would not be built: {}", error.message),
    );
    match error.suggestion {
        Some(tag) => diag.with_hint(format!("rename it `{tag}.md`")),
        None => diag.with_hint(
            "name language files by their BCP 47 tag (`fr.md`, `pt-BR.md`); notes for editors may be README.md or NOTES.md",
        ),
    }
}

/// The shipped sample case (`packs/ali-aarrass`), loaded: the one the unit tests of
/// compose and layout read.
#[cfg(test)]
pub(crate) fn sample_case() -> Case {
    let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
    let dirs = discover_cases(&packs).unwrap();
    load_case(dirs.iter().find(|d| d.id == "ali-aarrass").unwrap(), &[]).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        // A device that never ends is refused before it is opened.
        let err = read_regular_file(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(err.message.contains("is a device, not a regular file"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular_file(dir.path(), 1024).unwrap_err();
        assert!(err.message.contains("is a folder"), "{err}");
        let file = dir.path().join("en.md");
        std::fs::write(&file, [b'x'; 1025]).unwrap();
        let err = read_regular_file(&file, 1024).unwrap_err();
        assert!(err.message.contains("the file is 1025 bytes, over the 1024 bytes"), "{err}");
        assert_eq!(read_regular_file(&file, 1025).unwrap().len(), 1025);
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_dropped_and_one_inside_stays() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("case.yaml");
        std::fs::write(&file, "\u{feff}person: A\u{feff}\n").unwrap();
        assert_eq!(read_text(&file).unwrap(), "person: A\u{feff}\n");
    }
}
