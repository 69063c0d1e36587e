//! Build stage: plans jobs (case x language x product), runs them in parallel with
//! rayon, and writes outputs atomically. Fonts are loaded once per run and each photo
//! is decoded once per case; both are shared by every job that needs them.

pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::compose::compose_pack;
use crate::diag::{Diagnostic, LineIndex, Span};
use crate::layout::{layout_pack, LayoutError};
use crate::load::{discover_cases, load_case, Case, CaseDir, LangEntry};
use crate::render::{render_pdf, PhotoCache, RenderOptions};
use crate::text::FontBook;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder of case folders.
    pub packs_dir: PathBuf,
    /// Where outputs go; `None` builds in memory only (`check`).
    pub out_dir: Option<PathBuf>,
    /// Only these case ids (all when empty).
    pub cases: Vec<String>,
    /// Only these languages (all when empty).
    pub langs: Vec<String>,
    /// Worker threads (rayon); `None` uses one per core.
    pub jobs: Option<usize>,
    /// The fonts folder.
    pub fonts_dir: PathBuf,
    /// `SOURCE_DATE_EPOCH`.
    pub source_date: Option<i64>,
}

/// One output file's result.
#[derive(Debug, Clone)]
pub struct JobResult {
    /// Case id.
    pub case: String,
    /// Language tag.
    pub lang: String,
    /// Product name, e.g. `pack`.
    pub product: &'static str,
    /// Output path (relative to the out dir's parent as given).
    pub path: PathBuf,
    /// Warnings for this output.
    pub warnings: Vec<Diagnostic>,
    /// Pages, bytes and sha256 when built; the errors when not.
    pub outcome: Result<Built, Vec<Diagnostic>>,
}

/// A built output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// Page count.
    pub pages: usize,
    /// File size.
    pub bytes: usize,
    /// Hex sha256 of the file.
    pub sha256: String,
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Per-output results, sorted by case, language, product.
    pub jobs: Vec<JobResult>,
    /// Errors that stopped a whole case (bad case.yaml, missing photo).
    pub case_errors: Vec<Diagnostic>,
}

impl BuildReport {
    /// True when some job or case failed.
    pub fn has_errors(&self) -> bool {
        !self.case_errors.is_empty() || self.jobs.iter().any(|j| j.outcome.is_err())
    }
}

/// Environment and usage problems: no packs folder, unknown case, no fonts.
#[derive(Debug)]
pub struct UsageError(pub Diagnostic);

/// Runs a build (or, without `out_dir`, a check).
pub fn run_build(options: &BuildOptions) -> Result<BuildReport, UsageError> {
    let book = FontBook::load(&options.fonts_dir).map_err(UsageError)?;
    let mut case_dirs = discover_cases(&options.packs_dir).map_err(UsageError)?;
    if !options.cases.is_empty() {
        if let Some(unknown) = options
            .cases
            .iter()
            .find(|id| !case_dirs.iter().any(|c| &c.id == *id))
        {
            let diag = Diagnostic::error(
                Some(Span::file(&options.packs_dir)),
                format!("no case `{unknown}` in this packs folder"),
            )
            .with_hint(format!(
                "cases here: {}",
                case_dirs
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return Err(UsageError(diag));
        }
        case_dirs.retain(|c| options.cases.contains(&c.id));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            UsageError(Diagnostic::error(
                None,
                format!("cannot start worker threads: {e}"),
            ))
        })?;
    Ok(pool.install(|| build_cases(&book, &case_dirs, options)))
}

fn build_cases(book: &FontBook, case_dirs: &[CaseDir], options: &BuildOptions) -> BuildReport {
    let loaded: Vec<Result<Case, Diagnostic>> = case_dirs
        .par_iter()
        .map(|dir| load_case(dir, &options.langs))
        .collect();
    let mut report = BuildReport::default();
    let mut cases = Vec::new();
    for result in loaded {
        match result {
            Ok(case) => cases.push(case),
            Err(diag) => report.case_errors.push(diag),
        }
    }
    let photos = PhotoCache::default();
    let jobs: Vec<(&Case, &LangEntry)> = cases
        .iter()
        .flat_map(|c| c.langs.iter().map(move |l| (c, l)))
        .collect();
    report.jobs = jobs
        .par_iter()
        .map(|(case, entry)| build_pack(book, case, entry, &photos, options))
        .collect();
    report
}

/// Output file name of a product.
pub fn output_name(case: &str, lang: &str, product: &str) -> String {
    format!("{case}-{lang}-{product}.pdf")
}

fn build_pack(
    book: &FontBook,
    case: &Case,
    entry: &LangEntry,
    photos: &PhotoCache,
    options: &BuildOptions,
) -> JobResult {
    let out_dir = options.out_dir.clone().unwrap_or_default();
    let path = out_dir
        .join(&case.id)
        .join(output_name(&case.id, &entry.lang, "pack"));
    let mut warnings = entry.warnings.clone();
    let outcome = make_pack(book, case, entry, photos, options, &path, &mut warnings);
    JobResult {
        case: case.id.clone(),
        lang: entry.lang.clone(),
        product: "pack",
        path,
        warnings,
        outcome,
    }
}

fn make_pack(
    book: &FontBook,
    case: &Case,
    entry: &LangEntry,
    photos: &PhotoCache,
    options: &BuildOptions,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Built, Vec<Diagnostic>> {
    let file = entry.file.as_ref().map_err(|e| vec![e.clone()])?;
    let doc = compose_pack(case, file, warnings);
    let paged = layout_pack(book, &doc, &case.photo)
        .map_err(|e| vec![layout_error(e, case, &entry.path)])?;
    let render_options = RenderOptions {
        max_photo_ppi: 200.0,
        source_date: options.source_date,
    };
    let bytes = render_pdf(book, &paged, photos, render_options)
        .map_err(|e| vec![Diagnostic::in_file(&entry.path, e)])?;
    let built = Built {
        pages: paged.pages.len(),
        bytes: bytes.len(),
        sha256: hex(&Sha256::digest(&bytes)),
    };
    if options.out_dir.is_some() {
        write::write_atomic(path, &bytes)
            .map_err(|e| vec![Diagnostic::in_file(path, format!("cannot write: {e}"))])?;
    }
    Ok(built)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Points a layout error at the source: the first place the text has the character,
/// in the language file or else in case.yaml.
fn layout_error(error: LayoutError, case: &Case, lang_path: &Path) -> Diagnostic {
    let LayoutError::MissingGlyphs(missing) = error;
    let yaml = case.dir.join("case.yaml");
    let span = [lang_path, yaml.as_path()]
        .into_iter()
        .find_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let offset = text.find(|c| missing.chars.contains(&c))?;
            let (line, column) = LineIndex::new(&text).line_col(&text, offset);
            Some(Span::at(p, line, column))
        })
        .unwrap_or_else(|| Span::file(lang_path));
    Diagnostic::error(Some(span), format!("no shipped font has {}", missing.describe()))
        .with_hint("the fonts in fonts/ cover Latin, Greek, Cyrillic, Arabic and Hebrew; add a face for this script or remove the characters")
}

/// Reads `SOURCE_DATE_EPOCH` when set to a number.
pub fn source_date_from_env() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds")),
        Err(_) => Ok(None),
    }
}

/// The default fonts folder: `fonts/` here if present, else the one this binary was built with.
pub fn default_fonts_dir() -> PathBuf {
    let local = PathBuf::from("fonts");
    if local.join("NotoSans-Regular.ttf").is_file() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
    }
}

/// Shared photo handle type, re-exported for tests.
pub type SharedPhoto = Arc<crate::load::Photo>;
