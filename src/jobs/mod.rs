//! Jobs stage: plans jobs (case x language x product x profile), skips those whose
//! inputs are unchanged since the last manifest, runs the rest in parallel with rayon,
//! checks the photo's resolution, and writes outputs atomically.
//!
//! Cases stream through: all are read and keyed up front (text only, cheap), but a
//! photo is decoded only for a case with work to do, and dropped with the case, so
//! memory stays flat however large the catalogue. Fonts are loaded once per run;
//! encoded photos, and the text of each language's pack, are shared by the jobs of a
//! case (`Shared`).

pub mod checks;
pub mod confine;
pub mod incremental;
pub mod index_page;
pub mod job_sheet;
pub mod journal;
pub mod lock;
pub mod manifest;
pub mod photo_store;
pub mod prune;
pub mod publish;
pub mod stamps;
pub mod withdraw;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::compose::{compose_pack, compose_postcard, Postcard, Product};
use crate::diag::{Diagnostic, LineIndex, Sink, Span};
use crate::layout::photo::crop_fit;
use crate::layout::{
    effective_ppi, layout_home_pack, layout_postcard, press_pack, LayoutError, PagedDocument, Profile,
    TextSource, MM,
};
use crate::layout::{FrameItem, Page};
use crate::load::photo::DigestMemo;
use crate::load::Paper;
use crate::load::{
    discover_cases, load_case_source_with, load_pack_labels, Case, CaseDir, CaseSource, LangEntry, Status,
};
use crate::locale::Locale;
use crate::once_map::OnceMap;
use crate::render::color::InkLimit;
use crate::render::photo::PhotoRules;
use crate::render::{self, render_pdf, PhotoCache, RenderOptions};
use crate::text::{FontBook, FontSources};
use incremental::RunFingerprint;
pub use incremental::{hex, JobOutput, Shard};
use manifest::Entry;

/// The photo digests the last run took, by the stamp of each photo (`DigestMemo`).
pub const PHOTO_DIGESTS_FILE: &str = ".appealpress/photo-digests.json";

/// Width of the first-page thumbnail written beside one home pack of each case, in
/// pixels: sharp at the download page's 5.5 rem (88 CSS pixels) on a double-density screen.
pub const THUMBNAIL_WIDTH: u32 = 176;

/// The most bytes a thumbnail may have: the first page of the download page loads
/// one per case.
pub const THUMBNAIL_MAX_BYTES: usize = 10 * 1024;

/// The thumbnail's extension: it is `<case>-<lang>-pack.jpg`, beside the home pack
/// whose first page it shows ([`thumbnail_path`]).
pub const THUMBNAIL_EXTENSION: &str = "jpg";

/// The extensions of thumbnails earlier versions wrote (a PNG beside the pack): read
/// back as thumbnails by `withdraw.rs`, so that a withdrawn case's old picture goes
/// too, and deleted when the new one is written.
pub const EARLIER_THUMBNAIL_EXTENSIONS: &[&str] = &["png"];

/// Where the thumbnail of the home pack at `pdf` goes.
pub fn thumbnail_path(pdf: &Path) -> PathBuf {
    pdf.with_extension(THUMBNAIL_EXTENSION)
}

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
    /// Products to build (all when empty).
    pub products: Vec<Product>,
    /// Profiles to build (all when empty).
    pub profiles: Vec<Profile>,
    /// Worker threads (rayon); `None` uses one per core.
    pub jobs: Option<usize>,
    /// The fonts folder.
    pub fonts_dir: PathBuf,
    /// Where to look for faces the shipped fonts lack (`--font-dir`, the environment,
    /// the system's folders); searched only when a text needs it.
    pub font_sources: FontSources,
    /// `SOURCE_DATE_EPOCH`.
    pub source_date: Option<i64>,
    /// Build cases with `status: closed` too (never `withdrawn` ones).
    pub include_closed: bool,
    /// Rebuild every job, even those whose inputs are unchanged.
    pub force: bool,
    /// Build only this slice of the cases.
    pub shard: Option<Shard>,
    /// The press photos' ink limit for every case (`--ink-limit`), over each
    /// case.yaml's `ink_limit`.
    pub ink_limit: Option<InkLimit>,
}

impl BuildOptions {
    /// Default options for a packs folder: everything, into `dist`, with font
    /// discovery as the command line has it without `--font-dir`.
    pub fn new(packs_dir: impl Into<PathBuf>, fonts_dir: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            packs_dir: packs_dir.into(),
            out_dir: Some(PathBuf::from("dist")),
            cases: Vec::new(),
            langs: Vec::new(),
            products: Vec::new(),
            profiles: Vec::new(),
            jobs: None,
            fonts_dir: fonts_dir.into(),
            font_sources: FontSources::from_env(&[]),
            source_date: None,
            include_closed: false,
            force: false,
            shard: None,
            ink_limit: None,
        }
    }

    /// The ink limit of a case's press files: the command line's, else its
    /// case.yaml's, else 300 %.
    pub fn ink_limit(&self, case: &CaseSource) -> InkLimit {
        self.ink_limit.or_else(|| case.facts.ink_limit.and_then(InkLimit::new)).unwrap_or_default()
    }

    fn products(&self) -> Vec<Product> {
        if self.products.is_empty() {
            vec![Product::Pack, Product::Postcard]
        } else {
            self.products.clone()
        }
    }

    fn profiles(&self) -> Vec<Profile> {
        if self.profiles.is_empty() {
            vec![Profile::Home, Profile::Press]
        } else {
            self.profiles.clone()
        }
    }
}

/// One output file's result.
#[derive(Debug, Clone)]
pub struct JobResult {
    /// Case id.
    pub case: String,
    /// Language tag.
    pub lang: String,
    /// The person's name as this language prints it.
    pub person: String,
    /// The case's deadline, `YYYY-MM-DD` as in case.yaml, for the download page.
    pub deadline: Option<String>,
    /// The language's online action (`action_url`), for the download page.
    pub action_url: Option<String>,
    /// Which product.
    pub product: Product,
    /// For whom.
    pub profile: Profile,
    /// The paper the output is printed on, for the manifest and the download page.
    pub paper: Option<manifest::PaperSize>,
    /// Output path.
    pub path: PathBuf,
    /// The key of the job's inputs, when they could all be read.
    pub key: Option<String>,
    /// True when the inputs were unchanged and the earlier file was kept as it is.
    pub skipped: bool,
    /// Warnings for this output, each once.
    pub warnings: Sink,
    /// Pages, bytes and sha256 when built; the errors when not.
    pub outcome: Result<Built, Vec<Diagnostic>>,
}

/// A built output.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// Page count.
    pub pages: usize,
    /// File size.
    pub bytes: usize,
    /// Hex sha256 of the file.
    pub sha256: String,
    /// The first page as a PNG, for the download page (home packs only).
    pub thumbnail: Option<PathBuf>,
    /// The stamps of the files this run wrote (the PDF, the thumbnail), taken right
    /// after each was renamed into place; empty for a file kept as it was.
    pub stamps: Vec<(PathBuf, stamps::Stamp)>,
    /// A press file's preflight.
    pub preflight: Option<manifest::PreflightResult>,
    /// A press file's job sheet, beside it.
    pub job_sheet: Option<PathBuf>,
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Per-output results, sorted by case, language, product, profile.
    pub jobs: Vec<JobResult>,
    /// Errors that stopped a whole case (bad case.yaml, missing photo).
    pub case_errors: Vec<Diagnostic>,
    /// Warnings about the run rather than one output: font files discovery skipped.
    pub warnings: Vec<Diagnostic>,
    /// The cases an error stopped before their jobs were planned (case.yaml, photo path).
    pub stopped_cases: Vec<String>,
    /// Notes: cases not built because they are closed or withdrawn.
    pub notes: Vec<Diagnostic>,
    /// The cases read this run and not built, by id, with their status: their earlier
    /// files are withdrawn.
    pub not_built: HashMap<String, Status>,
    /// The cases that loaded and had their jobs planned (none, for a case with no
    /// language files left): an output of theirs that no job claims is no longer built.
    pub planned_cases: HashSet<String>,
}

impl BuildReport {
    /// The warnings to print: the run's and every output's, sorted, each once.
    pub fn all_warnings(&self) -> Sink {
        let mut all: Vec<&Diagnostic> =
            self.warnings.iter().chain(self.jobs.iter().flat_map(|j| j.warnings.warnings())).collect();
        all.sort();
        all.into_iter().cloned().collect()
    }

    /// True when some job or case failed.
    pub fn has_errors(&self) -> bool {
        !self.case_errors.is_empty() || self.jobs.iter().any(|j| j.outcome.is_err())
    }

    /// How many cases had an error: those stopped before their jobs (case.yaml, a
    /// misnamed file) and those with a failed job, each once.
    pub fn failed_cases(&self) -> usize {
        let failed_jobs = self.jobs.iter().filter(|j| j.outcome.is_err()).map(|j| j.case.as_str());
        let cases: HashSet<&str> = failed_jobs.chain(self.stopped_cases.iter().map(String::as_str)).collect();
        cases.len()
    }

    /// Jobs built this run, jobs skipped as unchanged, and jobs failed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let skipped = self.jobs.iter().filter(|j| j.skipped).count();
        let failed = self.jobs.iter().filter(|j| j.outcome.is_err()).count();
        (self.jobs.len() - skipped - failed, skipped, failed)
    }
}

/// Environment and usage problems: no packs folder, unknown case, no fonts.
#[derive(Debug)]
pub struct UsageError(pub Diagnostic);

/// Called from the worker threads as each job finishes, with how many jobs there are.
pub type Progress<'a> = &'a (dyn Fn(&JobResult, usize) + Sync);

/// Runs a build (or, without `out_dir`, a check).
pub fn run_build(options: &BuildOptions) -> Result<BuildReport, UsageError> {
    run_build_with_progress(options, &|_, _| {})
}

/// Runs a build, reporting each finished job to `progress`.
pub fn run_build_with_progress(
    options: &BuildOptions,
    progress: Progress,
) -> Result<BuildReport, UsageError> {
    for (dir, origin) in &options.font_sources.roots {
        // A folder the user named that is not there is a typo, worth stopping for; this
        // looks at the folder itself only, never into it.
        if *origin == crate::text::discover::Origin::FontDir && !dir.is_dir() {
            let diag = Diagnostic::error(Some(Span::file(dir)), "no such font folder (from --font-dir)");
            return Err(UsageError(diag));
        }
    }
    let book =
        FontBook::load(&options.fonts_dir).map_err(UsageError)?.with_sources(options.font_sources.clone());
    let mut case_dirs = discover_cases(&options.packs_dir).map_err(UsageError)?;
    let case_ids: HashSet<String> = case_dirs.iter().map(|c| c.id.clone()).collect();
    if !options.cases.is_empty() {
        if let Some(unknown) = options.cases.iter().find(|id| !case_dirs.iter().any(|c| &c.id == *id)) {
            let known: Vec<&str> = case_dirs.iter().map(|c| c.id.as_str()).collect();
            let diag = Diagnostic::error(
                Some(Span::file(&options.packs_dir)),
                format!("no case `{unknown}` in this packs folder"),
            )
            .with_hint(format!("cases here: {}", known.join(", ")));
            return Err(UsageError(diag));
        }
        case_dirs.retain(|c| options.cases.contains(&c.id));
    }
    check_languages_exist(&options.langs, &case_dirs, &options.packs_dir)?;
    if let Some(shard) = options.shard {
        case_dirs.retain(|c| shard.contains(&c.id));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| UsageError(Diagnostic::error(None, format!("cannot start worker threads: {e}"))))?;
    let manifest_name = manifest::manifest_name(options.shard);
    let mut damaged = None;
    let previous = match &options.out_dir {
        Some(out_dir) => {
            manifest::read_previous_manifest(&out_dir.join(&manifest_name)).unwrap_or_else(|warning| {
                damaged = Some(warning);
                None
            })
        }
        None => None,
    };
    let check = options.out_dir.as_deref().map(stamps::FileCheck::read);
    let reusable = match (&check, &previous) {
        (Some(check), Some(previous)) if !options.force => manifest::reusable_entries(previous, check),
        _ => HashMap::new(),
    };
    if let Some(out_dir) = &options.out_dir {
        write::sweep_stale_temps(out_dir);
    }
    let mut report = pool.install(|| build_cases(&book, &case_dirs, options, &reusable, progress));
    report.warnings = book.warnings();
    report.warnings.extend(damaged);
    report.warnings.sort();
    if let (Some(out_dir), Some(check)) = (&options.out_dir, check) {
        photo_store::evict(out_dir, photo_store::CACHE_LIMIT);
        write_records(&mut report, options, out_dir, &case_ids, previous.as_ref(), check, &manifest_name);
    }
    Ok(report)
}

/// Writes what a run leaves beside its outputs: the manifest (with the outputs it did
/// not look at carried over and the files that must go listed as withdrawn), the
/// stamps of the files it lists, and the download page.
fn write_records(
    report: &mut BuildReport,
    options: &BuildOptions,
    out_dir: &Path,
    case_ids: &HashSet<String>,
    previous: Option<&manifest::Manifest>,
    check: stamps::FileCheck,
    manifest_name: &str,
) {
    let sources = manifest::SourcePaths::new(&options.packs_dir, &options.fonts_dir);
    let mut manifest = manifest::manifest(report, out_dir, options.shard, &sources);
    manifest::keep_last_good(&mut manifest, previous, &check);
    if let Some(previous) = previous {
        // A case that failed to load keeps its last good files listed, marked not up
        // to date: a typo in case.yaml is not a removed case.
        manifest::carry_over(&mut manifest, previous, &check, |e| {
            if outside_selection(options, case_ids, &e.case, &e.language, e.product, e.profile) {
                Some(manifest::CarriedOver::NotLookedAt)
            } else {
                report.stopped_cases.contains(&e.case).then_some(manifest::CarriedOver::CaseFailed)
            }
        });
    }
    let gone = |file: &withdraw::OutputFile| withdrawal_reason(options, case_ids, report, file);
    manifest.withdrawn = withdraw::withdrawn(&manifest, previous, &check, out_dir, gone);
    for job in report.jobs.iter().filter(|j| !j.skipped) {
        if let Ok(built) = &job.outcome {
            for (path, stamp) in &built.stamps {
                check.note(&manifest::relative(path, out_dir), stamp.clone());
            }
        }
    }
    let listed: Vec<&str> =
        manifest.outputs.iter().filter(|e| e.is_offered()).flat_map(Entry::files).collect();
    if let Err(e) = check.save(&listed) {
        let path = out_dir.join(stamps::STAMPS_FILE);
        report.warnings.push(Diagnostic::warning(Some(Span::file(&path)), format!("cannot write: {e}")));
    }
    match manifest::write_manifest(&manifest, out_dir, manifest_name) {
        Ok(_) => {
            let outputs = manifest.outputs.iter().flat_map(Entry::files);
            let settled = outputs.chain(manifest.withdrawn.iter().map(|w| w.file.as_str())).collect();
            journal::settle(out_dir, &settled);
        }
        Err(e) => {
            let path = out_dir.join(manifest_name);
            report.case_errors.push(Diagnostic::in_file(&path, format!("cannot write: {e}")));
        }
    }
    // A shard's page would list only its own cases; `appealpress index` writes the
    // page once every shard is in.
    if options.shard.is_none() {
        if let Err(e) = publish::write_download_page(out_dir, &manifest) {
            let path = out_dir.join("index.html");
            report.case_errors.push(Diagnostic::in_file(&path, format!("cannot write: {e}")));
        }
    }
}

/// `--lang` asks for languages that some selected case has: one that none has is a
/// typo or a missing file, and would otherwise build nothing and exit 0.
fn check_languages_exist(
    langs: &[String],
    case_dirs: &[CaseDir],
    packs_dir: &Path,
) -> Result<(), UsageError> {
    if langs.is_empty() {
        return Ok(());
    }
    let present: Vec<String> = {
        let mut tags: Vec<String> =
            case_dirs.iter().flat_map(|c| crate::load::language_tags(&c.dir)).collect();
        tags.sort();
        tags.dedup();
        tags
    };
    let missing: Vec<&String> =
        langs.iter().filter(|lang| !present.iter().any(|tag| tag.eq_ignore_ascii_case(lang))).collect();
    let Some(first) = missing.first() else { return Ok(()) };
    let diag = Diagnostic::error(
        Some(Span::file(packs_dir)),
        format!("no case here has a `{first}.md`, so --lang {first} would build nothing"),
    )
    .with_hint(if present.is_empty() {
        "the selected cases have no language files".to_string()
    } else {
        format!("languages here: {}", present.join(", "))
    });
    Err(UsageError(diag))
}

/// Whether an output lies outside what this run was asked to build (another case,
/// language, product or profile than selected, another shard's case), for a case that
/// still exists.
fn outside_selection(
    options: &BuildOptions,
    case_ids: &HashSet<String>,
    case: &String,
    lang: &str,
    product: Product,
    profile: Profile,
) -> bool {
    fn unselected<T: PartialEq>(selected: &[T], value: &T) -> bool {
        !selected.is_empty() && !selected.contains(value)
    }
    let other_lang = !options.langs.is_empty() && !options.langs.iter().any(|l| l.eq_ignore_ascii_case(lang));
    case_ids.contains(case)
        && (unselected(&options.cases, case)
            || other_lang
            || unselected(&options.products, &product)
            || unselected(&options.profiles, &profile)
            || options.shard.is_some_and(|s| !s.contains(case)))
}

/// Why an output file in the folder that no output of this run claims must not stay
/// public, or `None` when it may: its case was removed from the catalogue, is closed
/// or withdrawn, or no longer has that language or product. Files outside what was
/// selected (`--case`, `--lang`, another shard's cases) are left alone, and so are
/// those of a case that failed to load: its last good files stay.
fn withdrawal_reason(
    options: &BuildOptions,
    case_ids: &HashSet<String>,
    report: &BuildReport,
    file: &withdraw::OutputFile,
) -> Option<String> {
    if !case_ids.contains(&file.case) {
        // Each shard judges the removed cases that would be its own.
        let ours = options.shard.is_none_or(|s| s.contains(&file.case));
        return ours.then(|| "case removed".to_string());
    }
    if let Some(status) = report.not_built.get(&file.case) {
        return Some(format!("case {}", status.name()));
    }
    let outside = outside_selection(options, case_ids, &file.case, &file.lang, file.product, file.profile);
    (report.planned_cases.contains(&file.case) && !outside).then(|| "no longer built".to_string())
}

/// One output to make.
struct Job {
    /// Index into the case's languages.
    lang: usize,
    /// The product, the profile, and whether the job draws the case's thumbnail.
    output: JobOutput,
    path: PathBuf,
    key: Option<String>,
}

/// A case with its jobs planned.
struct PlannedCase {
    source: CaseSource,
    /// Warnings about the whole case, reported with each of its outputs.
    warnings: Vec<Diagnostic>,
    jobs: Vec<Job>,
}

fn build_cases(
    book: &FontBook,
    case_dirs: &[CaseDir],
    options: &BuildOptions,
    reusable: &HashMap<String, Entry>,
    progress: Progress,
) -> BuildReport {
    let pack_labels = load_pack_labels(&options.packs_dir);
    let memo_path = options.out_dir.as_ref().map(|out| out.join(PHOTO_DIGESTS_FILE));
    let memo = memo_path.as_ref().and_then(|p| std::fs::read(p).ok());
    let memo = memo.map(|bytes| DigestMemo::from_json(&bytes)).unwrap_or_default();
    let loaded: Vec<Result<CaseSource, Diagnostic>> = case_dirs
        .par_iter()
        .map(|dir| load_case_source_with(dir, &options.langs, pack_labels.clone(), &memo))
        .collect();
    if let (Some(path), Some(json)) = (&memo_path, memo.to_json()) {
        // A cache: losing it costs a read of each photo.
        let _ = write::write_cache_entry(path, &json);
    }
    let mut report = BuildReport::default();
    let today = checks::today(options.source_date);
    // Keys serve only the next build; a check, which writes nothing, skips keying its
    // jobs (composing each language's text again and digesting the fonts it reaches).
    let fingerprint = options.out_dir.is_some().then(RunFingerprint::new);
    let mut planned = Vec::new();
    for (dir, result) in case_dirs.iter().zip(loaded) {
        match result {
            Ok(source) if !checks::is_built(source.facts.status, options.include_closed) => {
                report.notes.push(checks::not_built_note(&source));
                report.not_built.insert(source.id.clone(), source.facts.status);
            }
            Ok(source) if !source.errors.is_empty() => {
                // The language files' own errors too: the editor sees every
                // placeholder left in the case at once.
                let in_langs = source.langs.iter().flat_map(|l| l.errors.iter());
                report.case_errors.extend(source.errors.iter().chain(in_langs).cloned());
                report.stopped_cases.push(source.id.clone());
            }
            Ok(source) => {
                let warnings = checks::case_warnings(&source, today);
                if source.facts.solidarity.is_none() && options.products().contains(&Product::Postcard) {
                    report.notes.push(checks::no_postcard_note(&source));
                }
                let jobs = plan_jobs(book, &source, &warnings, options, fingerprint.as_ref());
                report.planned_cases.insert(source.id.clone());
                planned.push(PlannedCase { source, warnings, jobs });
            }
            Err(diag) => {
                report.case_errors.push(diag);
                report.stopped_cases.push(dir.id.clone());
            }
        }
    }
    let total = planned.iter().map(|c| c.jobs.len()).sum();
    let results: Vec<(Vec<JobResult>, Vec<Diagnostic>)> = planned
        .into_par_iter()
        .map(|case| build_case(book, case, options, reusable, &|job| progress(job, total)))
        .collect();
    for (jobs, notes) in results {
        report.jobs.extend(jobs);
        report.notes.extend(notes);
    }
    report
}

fn plan_jobs(
    book: &FontBook,
    source: &CaseSource,
    case_warnings: &[Diagnostic],
    options: &BuildOptions,
    fingerprint: Option<&RunFingerprint>,
) -> Vec<Job> {
    let out_dir = options.out_dir.clone().unwrap_or_default();
    let thumbnail_lang = thumbnail_language(source);
    let mut jobs = Vec::new();
    for (lang, entry) in source.langs.iter().enumerate() {
        // The fonts this language's text can reach; no folder is searched when the
        // shipped faces cover it.
        let fonts = fingerprint.map(|_| incremental::fonts_key(book, source, entry));
        let fonts = fonts.as_deref().unwrap_or_default();
        // The postcard is addressed to the solidarity address: none, no postcard.
        let products = options
            .products()
            .into_iter()
            .filter(|p| *p != Product::Postcard || source.facts.solidarity.is_some());
        for product in products {
            for profile in options.profiles() {
                let name = output_name(&source.id, entry.lang.tag(), product, profile);
                let thumbnail =
                    Some(lang) == thumbnail_lang && product == Product::Pack && profile == Profile::Home;
                let output = JobOutput { product, profile, thumbnail };
                jobs.push(Job {
                    lang,
                    output,
                    path: out_dir.join(&source.id).join(name),
                    key: fingerprint.and_then(|f| {
                        f.job_key(source, case_warnings, entry, fonts, output, options.ink_limit(source))
                    }),
                });
            }
        }
    }
    jobs
}

/// The language whose home pack gives the case its thumbnail on the download page:
/// English, which speaks to most visitors, else the first by tag, of those whose file
/// can be built. One per case, as the page shows one: drawing every language's first
/// page cost 7 % of a build.
fn thumbnail_language(source: &CaseSource) -> Option<usize> {
    let readable = source.langs.iter().enumerate().filter(|(_, entry)| entry.ready().is_ok());
    readable.min_by_key(|(_, entry)| (entry.lang != "en", entry.lang.tag())).map(|(index, _)| index)
}

/// Builds the jobs of one case: those unchanged since the last manifest are reported
/// from it; for the rest the photo is decoded once and the jobs run in parallel.
fn build_case(
    book: &FontBook,
    planned: PlannedCase,
    options: &BuildOptions,
    reusable: &HashMap<String, Entry>,
    progress: &(dyn Fn(&JobResult) + Sync),
) -> (Vec<JobResult>, Vec<Diagnostic>) {
    let PlannedCase { source, warnings: case_warnings, jobs } = planned;
    let mut notes = Vec::new();
    let out_dir = options.out_dir.clone().unwrap_or_default();
    let mut results: Vec<Option<JobResult>> = Vec::with_capacity(jobs.len());
    let mut to_build = Vec::new();
    for job in jobs {
        let previous = job.key.as_ref().and_then(|key| {
            let entry = reusable.get(&manifest::relative(&job.path, &out_dir))?;
            (entry.key.as_ref() == Some(key)).then_some(entry)
        });
        match previous {
            Some(entry) => {
                let result = unchanged_result(&source, &job, entry, &out_dir);
                progress(&result);
                results.push(Some(result));
            }
            None => {
                results.push(None);
                to_build.push(job);
            }
        }
    }
    if !to_build.is_empty() {
        let mut built = match source.decode_photo() {
            Ok(photo) => {
                let every_job_built = results.iter().all(Option::is_none);
                let shared = Shared::for_build(options, &source.id);
                let case = Case { source, photo };
                let results = run_jobs(book, &case, &case_warnings, &to_build, &shared, options, progress);
                if let Some(store) = &shared.store {
                    notes = store.finish(every_job_built);
                }
                results
            }
            // Every job needs the photo, so each reports it; the CLI prints it once.
            Err(diag) => to_build
                .iter()
                .map(|job| {
                    let mut result = job_result(&source, &case_warnings, job);
                    result.outcome = Err(vec![diag.clone()]);
                    progress(&result);
                    result
                })
                .collect(),
        }
        .into_iter();
        for slot in results.iter_mut().filter(|r| r.is_none()) {
            *slot = built.next();
        }
    }
    (results.into_iter().flatten().collect(), notes)
}

/// Runs a case's jobs in two passes on the pool: first their text (compose, layout),
/// each job starting the photo work its document needs as soon as it is laid out,
/// so that one thread encodes the photo while the others set the text of the rest;
/// then rendering and writing, which find the photos encoded or being encoded.
fn run_jobs(
    book: &FontBook,
    case: &Case,
    case_warnings: &[Diagnostic],
    jobs: &[Job],
    shared: &Shared,
    options: &BuildOptions,
    progress: &(dyn Fn(&JobResult) + Sync),
) -> Vec<JobResult> {
    let results = rayon::scope(|scope| {
        let laid_out: Vec<(JobResult, Option<PagedDocument>)> = jobs
            .par_iter()
            .map(|job| {
                let (result, paged) = lay_out_job(book, case, case_warnings, job, shared, options);
                if let Some(paged) = &paged {
                    for (crop, size, space) in
                        render::photo::requests(paged, job.output.profile, options.ink_limit(&case.source))
                    {
                        if shared
                            .photos_started
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .insert((crop, size, space))
                        {
                            let photo = &case.photo;
                            scope.spawn(move |_| {
                                // An error here is met again, and reported, by the render.
                                let _ = shared.photos.get(photo, crop, size, space);
                            });
                        }
                    }
                }
                (result, paged)
            })
            .collect();
        laid_out
            .into_par_iter()
            .zip(jobs)
            .map(|((mut result, paged), job)| {
                if let Some(paged) = paged {
                    let entry = &case.langs[job.lang];
                    result.outcome = make_output(entry, job, &paged, shared, options, &case.source);
                }
                progress(&result);
                result
            })
            .collect()
    });
    shared.folders.flush();
    results
}

/// What the jobs of one case share: each is computed by the first job to need it.
#[derive(Default)]
struct Shared {
    /// Encoded photos, by crop, size and colour.
    photos: PhotoCache,
    /// The photos whose encoding was started ahead of rendering.
    photos_started: std::sync::Mutex<HashSet<render::photo::PhotoRequest>>,
    /// The home pack of each language (by index in the case's languages); the press
    /// pack is the same layout with the cover photo run into the bleed.
    home_packs: OnceMap<usize, Result<Arc<PagedDocument>, LayoutError>>,
    /// The error for a postcard text that does not fit, by language and what
    /// overflowed: one error for the home and press postcards alike, so it is printed
    /// once (see [`PostcardFit`]).
    postcard_overflows: OnceMap<(usize, &'static str), Diagnostic>,
    /// The folders the case's files were renamed into, flushed once its jobs end.
    folders: write::FolderSyncs,
    /// The case's photo cache in the output folder, if any.
    store: Option<Arc<photo_store::DiskPhotoStore>>,
}

impl Shared {
    /// What a case's jobs share, with the photo cache of the output folder, if any.
    fn for_build(options: &BuildOptions, case: &str) -> Shared {
        let store =
            options.out_dir.as_deref().map(|out| Arc::new(photo_store::DiskPhotoStore::for_case(out, case)));
        let photos = store.clone().map(|s| PhotoCache::with_store(s)).unwrap_or_default();
        Shared { photos, store, ..Shared::default() }
    }
}

/// A result for the job with its identity and warnings filled in, not yet built.
fn job_result(source: &CaseSource, case_warnings: &[Diagnostic], job: &Job) -> JobResult {
    let entry = &source.langs[job.lang];
    let warnings = case_warnings.iter().chain(&entry.warnings).cloned().collect();
    JobResult {
        case: source.id.clone(),
        lang: entry.lang.to_string(),
        person: source.person_in(entry),
        deadline: source.facts.deadline.clone(),
        action_url: entry
            .file
            .as_ref()
            .ok()
            .and_then(|file| crate::compose::action_link(source, file))
            .map(|a| a.url),
        product: job.output.product,
        profile: job.output.profile,
        // As compose decides it: the language file's paper, else the case's, else A4.
        paper: Some(manifest::PaperSize::of(
            entry
                .file
                .as_ref()
                .ok()
                .and_then(|f| f.front.paper)
                .or(source.facts.paper)
                .unwrap_or(crate::load::Paper::A4),
            job.output.product,
            job.output.profile,
        )),
        path: job.path.clone(),
        key: job.key.clone(),
        skipped: false,
        warnings,
        outcome: Err(Vec::new()),
    }
}

/// The result of a job whose inputs are as last time: the earlier file and what the
/// manifest said of it, warnings included.
fn unchanged_result(source: &CaseSource, job: &Job, entry: &Entry, out_dir: &Path) -> JobResult {
    let mut result = job_result(source, &[], job);
    result.skipped = true;
    result.warnings = entry.warnings.iter().cloned().collect();
    result.outcome = Ok(Built {
        pages: entry.pages.unwrap_or(0),
        bytes: entry.bytes.unwrap_or(0),
        sha256: entry.sha256.clone().unwrap_or_default(),
        thumbnail: entry.thumbnail.as_ref().map(|t| out_dir.join(t)),
        stamps: Vec::new(),
        preflight: entry.preflight.clone(),
        job_sheet: entry.job_sheet.as_ref().map(|t| out_dir.join(t)),
    });
    result
}

/// A press file's job sheet: its name with `.txt`.
pub fn job_sheet_path(pdf: &Path) -> PathBuf {
    pdf.with_extension("txt")
}

/// Output file name: `<case>-<lang>-<product>.pdf`, `-press` before `.pdf` for press.
pub fn output_name(case: &str, lang: &str, product: Product, profile: Profile) -> String {
    format!("{case}-{lang}{}", output_ending(product, profile))
}

/// What follows the language in an output's name: `-pack.pdf`, `-postcard-press.pdf`.
pub fn output_ending(product: Product, profile: Profile) -> String {
    let suffix = if profile == Profile::Press { "-press" } else { "" };
    format!("-{}{suffix}.pdf", product.name())
}

/// Lays out one job's document: the text work. Its result carries the job's warnings;
/// the document is `None` when the job failed (the errors are in the result).
fn lay_out_job(
    book: &FontBook,
    case: &Case,
    case_warnings: &[Diagnostic],
    job: &Job,
    shared: &Shared,
    options: &BuildOptions,
) -> (JobResult, Option<PagedDocument>) {
    let mut result = job_result(case, case_warnings, job);
    let entry = &case.langs[job.lang];
    match lay_out(book, case, entry, job, shared, options, &mut result.warnings) {
        Ok(paged) => (result, Some(paged)),
        Err(errors) => {
            result.outcome = Err(errors);
            (result, None)
        }
    }
}

fn lay_out(
    book: &FontBook,
    case: &Case,
    entry: &LangEntry,
    job: &Job,
    shared: &Shared,
    options: &BuildOptions,
    warnings: &mut Sink,
) -> Result<PagedDocument, Vec<Diagnostic>> {
    let JobOutput { product, profile, .. } = job.output;
    let file = entry.ready()?;
    let (paged, paper) = match product {
        Product::Pack => {
            let doc = compose_pack(case, file, warnings).map_err(|e| vec![e])?;
            let home = shared
                .home_packs
                .get_or_init(job.lang, || layout_home_pack(book, &doc, &case.photo).map(Arc::new))
                .map_err(|e| vec![layout_error(book, e, case, entry, None)])?;
            let paged = match profile {
                Profile::Home => Arc::unwrap_or_clone(home),
                Profile::Press => press_pack(&home),
            };
            (paged, doc.paper)
        }
        Product::Postcard => {
            let card = compose_postcard(case, file, warnings).map_err(|e| vec![e])?;
            let paged = layout_postcard(book, &card, &case.photo, profile).map_err(|e| {
                let fit = PostcardFit { book, case, entry, card: &card, lang: job.lang, options };
                vec![fit.error(e, profile, shared)]
            })?;
            (paged, card.paper)
        }
    };
    check_photo_resolution(case, product, profile, &paged, warnings)?;
    // The press postcard is A6 whatever the paper.
    let paper = (product == Product::Pack || profile == Profile::Home).then_some(paper);
    check_photo_framing(case, (product, profile, paper), &paged, options.out_dir.is_none(), warnings);
    Ok(paged)
}

/// Renders and writes a laid-out job: the photo work (shared, and usually started
/// while the text of other jobs was set), the PDF and the thumbnail.
fn make_output(
    entry: &LangEntry,
    job: &Job,
    paged: &PagedDocument,
    shared: &Shared,
    options: &BuildOptions,
    case: &CaseSource,
) -> Result<Built, Vec<Diagnostic>> {
    let ink_limit = options.ink_limit(case);
    let Job { output: JobOutput { profile, product, thumbnail }, ref path, .. } = *job;
    let render_options = RenderOptions { profile, source_date: options.source_date, ink_limit };
    let bytes = render_pdf(paged, &shared.photos, render_options)
        .map_err(|e| vec![Diagnostic::in_file(&entry.path, e)])?;
    let mut built = Built {
        pages: paged.pages.len(),
        bytes: bytes.len(),
        sha256: hex(&Sha256::digest(&bytes)),
        thumbnail: None,
        stamps: Vec::new(),
        preflight: None,
        job_sheet: None,
    };
    // A press file is preflighted as a shop would, from its bytes.
    let report = (profile == Profile::Press).then(|| {
        let rules =
            crate::preflight::Rules { ink_limit: f32::from(ink_limit.percent()), ..Default::default() };
        crate::preflight::preflight(&bytes, &rules)
    });
    if let Some(report) = &report {
        built.preflight = Some(manifest::PreflightResult {
            verdict: report.verdict().to_string(),
            ink_limit: ink_limit.percent(),
            measured: report.measured.clone(),
            findings: report.findings.clone(),
        });
    }
    if let Some(out_dir) = options.out_dir.as_deref() {
        let cannot_write =
            |path: &Path, e: std::io::Error| Diagnostic::in_file(path, format!("cannot write: {e}"));
        let thumbnail_path = thumbnail_path(path);
        if product == Product::Pack && profile == Profile::Home {
            // An earlier version's picture (a PNG) is replaced by this one, or by
            // another language's: it would only go stale beside its pack.
            for extension in EARLIER_THUMBNAIL_EXTENSIONS {
                let _ = std::fs::remove_file(path.with_extension(extension));
            }
        }
        if thumbnail {
            let jpeg = render::raster::thumbnail_jpeg(
                paged,
                0,
                THUMBNAIL_WIDTH,
                &shared.photos,
                THUMBNAIL_MAX_BYTES,
            )
            .map_err(|e| vec![Diagnostic::in_file(&entry.path, e)])?;
            let jpeg_sha256 = hex(&Sha256::digest(&jpeg));
            journal::record(out_dir, &manifest::relative(&thumbnail_path, out_dir), &jpeg_sha256);
            write::write_atomic_in(&thumbnail_path, &jpeg, &shared.folders)
                .map_err(|e| vec![cannot_write(&thumbnail_path, e)])?;
            built.stamps.extend(
                stamps::Stamp::of(&thumbnail_path, &jpeg_sha256).map(|s| (thumbnail_path.clone(), s)),
            );
            built.thumbnail = Some(thumbnail_path);
        } else if product == Product::Pack && profile == Profile::Home {
            // Another language draws the case's thumbnail now (English was added, say):
            // this one's earlier picture would only go stale beside its pack.
            let _ = std::fs::remove_file(&thumbnail_path);
        }
        if let Some(report) = &report {
            let sheet_path = job_sheet_path(path);
            let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = job_sheet::job_sheet(&job_sheet::Sheet {
                file: &file_name,
                case: &case.id,
                lang: entry.lang.tag(),
                product,
                ink_limit: ink_limit.percent(),
                report,
            });
            let sheet_sha256 = hex(&Sha256::digest(text.as_bytes()));
            journal::record(out_dir, &manifest::relative(&sheet_path, out_dir), &sheet_sha256);
            write::write_atomic_in(&sheet_path, text.as_bytes(), &shared.folders)
                .map_err(|e| vec![cannot_write(&sheet_path, e)])?;
            built.job_sheet = Some(sheet_path);
        }
        journal::record(out_dir, &manifest::relative(path, out_dir), &built.sha256);
        write::write_atomic_in(path, &bytes, &shared.folders).map_err(|e| vec![cannot_write(path, e)])?;
        built.stamps.extend(stamps::Stamp::of(path, &built.sha256).map(|s| (path.clone(), s)));
    }
    Ok(built)
}

/// Warns, or for press fails, when the photo has fewer pixels than the profile's
/// [`PhotoRules`] ask at its placed size.
fn check_photo_resolution(
    case: &Case,
    product: Product,
    profile: Profile,
    paged: &PagedDocument,
    warnings: &mut Sink,
) -> Result<(), Vec<Diagnostic>> {
    let Some(ppi) = effective_ppi(paged) else { return Ok(()) };
    let rules = PhotoRules::of(profile);
    if ppi >= rules.warn_below {
        return Ok(());
    }
    let span = case.yaml_span("file");
    let (width, height) = case.photo.size();
    let needed = |target: f32| (width as f32 * target / ppi).ceil();
    let needs = match profile {
        Profile::Home => "home prints need",
        Profile::Press => "print needs",
    };
    let mut message = format!(
        "photo {} ({} x {} px) is {ppi:.0} ppi at its placed size on the {} {}; {needs} {:.0}",
        case.photo.path.display(),
        width,
        height,
        profile.name(),
        product.name(),
        rules.warn_below,
    );
    let mut hint = format!("use a photo at least {:.0} px wide", needed(rules.warn_below));
    if rules.target_ppi > rules.warn_below {
        hint.push_str(&format!(", better {:.0} px ({:.0} ppi)", needed(rules.target_ppi), rules.target_ppi));
    }
    match rules.fail_below {
        Some(floor) if ppi < floor => {
            message.push_str(&format!(", and {floor:.0} at the very least"));
            Err(vec![Diagnostic::error(Some(span), message).with_hint(hint)])
        }
        _ => {
            warnings.warn(Diagnostic::warning(Some(span), message).with_hint(hint));
            Ok(())
        }
    }
}

/// What each crop of the photo shows: for `check` (`report`), a note per product and
/// profile with the share of the photo's width and height; always a warning when a
/// crop cuts the keep region or shows less than half the photo's height (the layouts
/// choose their frames so that it should never have to).
fn check_photo_framing(
    case: &Case,
    (product, profile, paper): (Product, Profile, Option<Paper>),
    paged: &PagedDocument,
    report: bool,
    warnings: &mut Sink,
) {
    let size = case.photo.size();
    let photo = case.photo.path.display();
    // Languages may print on different papers, whose frames differ.
    let paper = match paper {
        Some(Paper::A4) => " (A4)",
        Some(Paper::Letter) => " (Letter)",
        None => "",
    };
    let place = match product {
        Product::Pack => format!("{} pack cover{paper}", profile.name()),
        Product::Postcard => format!("{} postcard front{paper}", profile.name()),
    };
    let images = paged.pages.iter().flat_map(Page::flat_items).filter_map(|item| match item {
        FrameItem::Image { crop, framing, .. } => Some((crop, framing)),
        _ => None,
    });
    // A home sheet draws its front four times, the same crop: one report.
    let mut seen = Vec::new();
    for (crop, framing) in images {
        if seen.contains(&crop) {
            continue;
        }
        seen.push(crop);
        let fit = crop_fit(size, crop, framing);
        let (width_pc, height_pc) = (fit.width_shown * 100.0, fit.height_shown * 100.0);
        let keep_span = || case.yaml_span(if framing.keep.is_some() { "keep" } else { "file" });
        if report {
            let keep = match framing.keep {
                Some(_) if fit.keep_whole => "; the keep region is whole",
                Some(_) => "; the keep region is cut",
                None => "",
            };
            let message = format!(
                "photo {photo} on the {place}: {width_pc:.0} % of its width and {height_pc:.0} % of its height show{keep}"
            );
            warnings.warn(Diagnostic::note(Some(case.yaml_span("file")), message));
        }
        if !fit.keep_whole {
            warnings.warn(
                Diagnostic::warning(
                    Some(keep_span()),
                    format!("the crop of photo {photo} on the {place} cuts its keep region"),
                )
                .with_hint("no frame of this shape holds the region: make `keep` smaller, or use a photo with more room around it"),
            );
        } else if fit.height_shown < 0.5 {
            warnings.warn(
                Diagnostic::warning(
                    Some(keep_span()),
                    format!("the {place} shows only {height_pc:.0} % of the height of photo {photo}"),
                )
                .with_hint(
                    "give `keep: [left, top, right, bottom]` in case.yaml for the part that must show",
                ),
            );
        }
    }
}

/// Points a layout error at its source: for a missing character, the first place the
/// text has it, in the language file or else in case.yaml; for an overflow, `span`.
fn layout_error(
    book: &FontBook,
    error: LayoutError,
    case: &Case,
    entry: &LangEntry,
    span: Option<&Span>,
) -> Diagnostic {
    let lang_path = entry.path.as_path();
    match error {
        LayoutError::MissingGlyphs(missing) => {
            // A language that needs a script no font has misses it all through its
            // file: point at the first such character there, and name the first few,
            // so every job of the language reports the same error (printed once). The
            // layout's own list, found in case.yaml, serves when the file has none.
            if let Some((at, in_file)) = first_uncovered(book, lang_path, &entry.text, &entry.lang) {
                return missing_font_error(book, &in_file, &entry.lang, at);
            }
            let yaml = case.dir.join("case.yaml");
            let at = [(lang_path, entry.text.as_str()), (yaml.as_path(), case.yaml_text.as_str())]
                .into_iter()
                .find_map(|(p, text)| {
                    let offset = text.find(|c| missing.chars.contains(&c))?;
                    let (line, column) = LineIndex::new(text).line_col(text, offset);
                    Some(Span::at(p, line, column))
                })
                .unwrap_or_else(|| Span::file(lang_path));
            missing_font_error(book, &missing, &entry.lang, at)
        }
        LayoutError::Overflow { what, source, over, floor } => {
            overflow_error(case, lang_path, span, what, source, floor, &[(None, over)])
        }
    }
}

/// The error for text that does not fit, at its source: how much too tall it is on
/// each output that failed (`None`: the only one), at the smallest size tried.
fn overflow_error(
    case: &Case,
    lang_path: &Path,
    span: Option<&Span>,
    what: &str,
    source: TextSource,
    floor: f32,
    overs: &[(Option<Profile>, f32)],
) -> Diagnostic {
    let (at, hint) = match source {
        TextSource::FrontMatter(key) => (
            span.cloned().unwrap_or_else(|| Span::file(lang_path)),
            format!("shorten `{key}` in the front matter; nothing is ever cut off"),
        ),
        TextSource::CaseYaml(key) => {
            (case.yaml_span(key), format!("shorten `{key}` in case.yaml; nothing is ever cut off"))
        }
    };
    let size =
        if floor < 1.0 { format!(" even at {:.0} % of its size", floor * 100.0) } else { String::new() };
    let amounts: Vec<String> = overs
        .iter()
        .enumerate()
        .map(|(i, (profile, over))| {
            let too_tall = if i == 0 { format!(" too tall{size}") } else { String::new() };
            let on = profile.map(|p| format!(" on the {} postcard", p.name())).unwrap_or_default();
            format!("{:.1} mm{too_tall}{on}", over / MM)
        })
        .collect();
    Diagnostic::error(Some(at), format!("the {what} does not fit: {}", amounts.join(", "))).with_hint(hint)
}

/// Turns a postcard's layout error into a diagnostic. Text that does not fit on the
/// card overflows by a different amount on the home sheet's cards and on the press
/// card, which differ in size and margins: reported per job, the one fault came out
/// twice with two figures (the CLI prints identical errors once). So the first job to
/// fail lays the card out for each profile being built, and every job of the language
/// reports the same single error, naming each postcard that does not fit.
struct PostcardFit<'a> {
    book: &'a FontBook,
    case: &'a Case,
    entry: &'a LangEntry,
    card: &'a Postcard,
    /// The language's index in the case, the key of what is shared.
    lang: usize,
    options: &'a BuildOptions,
}

impl PostcardFit<'_> {
    /// The diagnostic for `error`, met laying the card out for `profile`.
    fn error(&self, error: LayoutError, profile: Profile, shared: &Shared) -> Diagnostic {
        let span = Some(&self.card.message_span);
        let LayoutError::Overflow { what, source, floor, .. } = error else {
            return layout_error(self.book, error, self.case, self.entry, span);
        };
        shared.postcard_overflows.get_or_init((self.lang, what), || {
            let mut overs = Vec::new();
            for other in self.options.profiles() {
                let result = if other == profile {
                    Err(error.clone())
                } else {
                    layout_postcard(self.book, self.card, &self.case.photo, other).map(|_| ())
                };
                // Another fault on the other card is that job's own error.
                if let Err(LayoutError::Overflow { what: failed, over, .. }) = result {
                    if failed == what {
                        overs.push((Some(other), over));
                    }
                }
            }
            overflow_error(self.case, &self.entry.path, span, what, source, floor, &overs)
        })
    }
}

/// How many characters an error about a missing font lists.
const MISSING_LISTED: usize = 8;

/// The first character of a language file (`text`, read from `path`) that no font
/// has, where it is, and the first few such characters (the scripts they belong to are
/// what is missing).
fn first_uncovered(
    book: &FontBook,
    path: &Path,
    text: &str,
    lang: &Locale,
) -> Option<(Span, crate::text::MissingGlyphs)> {
    let uncovered = |c: char| {
        !c.is_whitespace()
            && !crate::text::fonts::is_invisible(c)
            && book.face_for(c, false, false, None, lang).is_none()
    };
    let offset = text.find(uncovered)?;
    let mut chars = Vec::new();
    for c in text[offset..].chars().filter(|&c| uncovered(c)) {
        if !chars.contains(&c) {
            chars.push(c);
        }
        if chars.len() == MISSING_LISTED {
            break;
        }
    }
    let (line, column) = LineIndex::new(text).line_col(text, offset);
    Some((Span::at(path, line, column), crate::text::MissingGlyphs { chars }))
}

/// The error for characters no font has: the language, the scripts, where fonts were
/// looked for, and what to install or pass.
fn missing_font_error(
    book: &FontBook,
    missing: &crate::text::MissingGlyphs,
    lang: &Locale,
    at: Span,
) -> Diagnostic {
    let scripts = missing.scripts();
    let names = scripts.join(", ");
    let noun = if scripts.len() == 1 { "script" } else { "scripts" };
    let cjk = scripts.iter().any(|s| matches!(*s, "Han" | "Hiragana" | "Katakana" | "Hangul" | "Bopomofo"));
    // Symbols and punctuation shared by all scripts have no script to name.
    let symbols = scripts.iter().all(|s| matches!(*s, "Common" | "Inherited"));
    let message = if symbols {
        format!("no font has these characters, which the `{lang}` text needs: {}", missing.describe())
    } else {
        format!("no font covers the {names} {noun} that the `{lang}` text needs: {}", missing.describe())
    };
    let install = if symbols {
        "install a font that has these characters, e.g. Noto Sans Symbols 2 (Debian and Ubuntu: `apt-get install fonts-noto-core`)".to_string()
    } else if cjk {
        "install Noto Sans CJK: `apt-get install fonts-noto-cjk` on Debian or Ubuntu (elsewhere, Noto Sans CJK or Source Han Sans from your package manager)".to_string()
    } else {
        let first = scripts.first().copied().unwrap_or_default();
        format!("install a font for the {names} {noun}, e.g. Noto Sans {first} (Debian and Ubuntu: `apt-get install fonts-noto-core`, or fonts-noto-extra)")
    };
    let sources = book.sources();
    Diagnostic::error(Some(at), message)
        .with_hint(install)
        .with_hint(format!(
            "or point appealpress at a folder holding one: --font-dir DIR (repeatable) or {}=DIR1:DIR2",
            crate::text::discover::FONT_PATH_ENV
        ))
        .with_hint(format!("searched {} (shipped){}", book.dir.display(), sources.describe()))
}

/// Reads `SOURCE_DATE_EPOCH` when set to a number; empty is unset, as the
/// reproducible-builds specification has it (`SOURCE_DATE_EPOCH= cmd` in a script).
pub fn source_date_from_env() -> Result<Option<i64>, String> {
    parse_source_date(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

fn parse_source_date(value: Option<&str>) -> Result<Option<i64>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            v.parse().map(Some).map_err(|_| format!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds"))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_source_date_is_unset() {
        assert_eq!(parse_source_date(None), Ok(None));
        assert_eq!(parse_source_date(Some("")), Ok(None));
        assert_eq!(parse_source_date(Some(" 1767225600\n")), Ok(Some(1_767_225_600)));
        assert!(parse_source_date(Some("yesterday")).unwrap_err().contains("`yesterday`"));
    }
}
