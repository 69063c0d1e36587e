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

pub mod case_yaml;
pub mod labels;
pub mod lang;
pub mod photo;
pub mod placeholders;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Sink, Span};
use crate::locale::Locale;
pub use case_yaml::{CaseYaml, Paper, Status};
pub use labels::{LabelsFile, LabelsYaml};
pub use lang::{Block, DigitStyle, Inline, LangFile, Section, SectionId};
pub use photo::{DecodedPixels, Photo};

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
    pub id: String,
    /// Folder path.
    pub dir: PathBuf,
    /// The facts.
    pub facts: CaseYaml,
    /// The photo file, resolved inside the case folder.
    pub photo_path: PathBuf,
    /// SHA-256 of the photo file's bytes.
    pub photo_digest: [u8; 32],
    /// Languages in tag order; each parsed or failed on its own.
    pub langs: Vec<LangEntry>,
    /// The text of case.yaml as loaded, to point later diagnostics at its lines.
    pub yaml_text: String,
    /// Labels files of the packs folder (`<packs>/labels/`), shared by its cases.
    pub pack_labels: Arc<[LabelsFile]>,
    /// Labels files of this case (`<case>/labels/`), which override the packs folder's.
    pub case_labels: Vec<LabelsFile>,
    /// Errors that stop the case though everything parsed: placeholders `new` wrote
    /// and nobody replaced, language files whose names are not language tags.
    pub errors: Vec<Diagnostic>,
}

impl CaseSource {
    /// The span of `key:` in this case's case.yaml (line 0 when it is absent).
    pub fn yaml_span(&self, key: &str) -> Span {
        Span::at(self.dir.join("case.yaml"), case_yaml::line_of_key(&self.yaml_text, key, 0), 0)
    }

    /// Reads the photo's header, for a case that has something to build; its pixels
    /// are decoded when an output needs them, at the scale it needs.
    pub fn decode_photo(&self) -> Result<Arc<Photo>, Diagnostic> {
        Ok(Arc::new(photo::load_photo(&self.photo_path, self.photo_digest, &self.yaml_span("file"))?))
    }

    /// The labels overrides, lowest first: the packs folder's, then the case's.
    pub fn label_layers(&self) -> [&[LabelsFile]; 2] {
        [&self.pack_labels, &self.case_labels]
    }

    /// The person's name as the language prints it (`person:` in its front matter, or
    /// case.yaml's).
    pub fn person_in(&self, entry: &LangEntry) -> String {
        let own = entry.file.as_ref().ok().and_then(|f| f.front.person.clone());
        own.unwrap_or_else(|| self.facts.person.clone())
    }
}

/// A loaded case: its source (facts, languages) and the decoded photo, shared by all
/// languages. Derefs to [`CaseSource`].
#[derive(Debug)]
pub struct Case {
    /// Everything read from the case folder.
    pub source: CaseSource,
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
    pub warnings: Vec<Diagnostic>,
    /// SHA-256 of the file's bytes, when it could be read.
    pub digest: Option<[u8; 32]>,
    /// The file as read (empty when it could not be), for errors to point into.
    pub text: String,
}

/// Lists case folders (those holding a `case.yaml`) under `packs_dir`, sorted by id.
pub fn discover_cases(packs_dir: &Path) -> Result<Vec<CaseDir>, Diagnostic> {
    let entries = std::fs::read_dir(packs_dir).map_err(|e| {
        Diagnostic::error(Some(Span::file(packs_dir)), format!("cannot read the packs folder: {e}"))
    })?;
    let mut cases = Vec::new();
    for entry in entries.flatten() {
        let dir = entry.path();
        if dir.is_dir() && dir.join("case.yaml").is_file() {
            let id = entry.file_name().to_string_lossy().into_owned();
            cases.push(CaseDir { id, dir });
        }
    }
    cases.sort();
    Ok(cases)
}

/// The language tags of a case folder's `<lang>.md` files, canonical, sorted.
pub fn language_tags(dir: &Path) -> Vec<String> {
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
pub fn is_case_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Reads a text file as UTF-8; invalid UTF-8 is reported at its line.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::in_file(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column =
            String::from_utf8_lossy(&valid[valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..])
                .chars()
                .count()
                + 1;
        Diagnostic::error(Some(Span::at(path, line, column)), "the file is not valid UTF-8")
            .with_hint("save the file as UTF-8")
    })
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
pub fn load_pack_labels(packs_dir: &Path) -> Arc<[LabelsFile]> {
    labels::load_labels_folder(&packs_dir.join("labels")).into()
}

/// [`load_case_source`] with the packs folder's labels files already read.
pub fn load_case_source_in(
    case_dir: &CaseDir,
    langs: &[String],
    pack_labels: Arc<[LabelsFile]>,
) -> Result<CaseSource, Diagnostic> {
    if !is_case_id(&case_dir.id) {
        return Err(Diagnostic::error(
            Some(Span::file(&case_dir.dir)),
            format!("case folder name `{}` is not a valid case id", case_dir.id),
        )
        .with_hint("use lowercase letters, digits and hyphens, e.g. `ali-aarrass`"));
    }
    let yaml_path = case_dir.dir.join("case.yaml");
    let yaml_text = read_text(&yaml_path)?;
    let facts = case_yaml::parse_case_yaml(&yaml_path, &yaml_text)?;
    let photo_span = Span::at(&yaml_path, case_yaml::line_of_key(&yaml_text, "file", 0), 0);
    let photo_path = photo::resolve_photo_path(&case_dir.dir, &facts.photo.file, &photo_span)?;
    if !photo_path.exists() {
        return Err(photo::missing_photo(&case_dir.dir, &facts.photo.file, &photo_span));
    }
    let (photo_digest, placeholder_portrait) = photo::digest_photo(&photo_path, &photo_span)?;
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

/// The language files of a case folder, parsed; pushes to `errors` the placeholders
/// left in them and the `.md` files whose names are not language tags.
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
    let mut langs = Vec::new();
    for path in paths {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let locale = match Locale::parse(&stem) {
            Ok(locale) => locale,
            Err(_) if is_notes_file(&stem) => continue,
            Err(e) => {
                errors.push(misnamed_error(&path, e));
                continue;
            }
        };
        if !wanted.is_empty() && !wanted.iter().any(|w| w.eq_ignore_ascii_case(locale.tag())) {
            continue;
        }
        let mut warnings = Sink::new();
        let text = read_text(&path);
        let digest = text.as_ref().ok().map(|text| Sha256::digest(text.as_bytes()).into());
        if let Ok(text) = &text {
            errors.extend(placeholders::find_in_text(&path, text, placeholders::YamlComments::FrontMatter));
        }
        let file = text
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|text| lang::parse_lang_file(&path, &locale, text, &mut warnings));
        let text = text.unwrap_or_default();
        langs.push(LangEntry { lang: locale, path, file, warnings: warnings.into_warnings(), digest, text });
    }
    Ok(langs)
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
