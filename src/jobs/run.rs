//! Running: a build from its options to its report. Cases load in parallel, are
//! planned ([`super::plan`]), and their jobs run on rayon's pool, a case at a time
//! sharing its photo work, the jobs whose inputs are unchanged reported from the last
//! manifest instead.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::compose::{
    compose_labels, compose_pack, compose_petition, compose_postcard, compose_poster, compose_tally, Product,
};
use crate::diag::{Diagnostic, Sink, Span};
use crate::fonts::FontBook;
use crate::layout::{
    bind, layout_home_pack, layout_labels, layout_petition, layout_postcard, layout_poster, layout_tally,
    press_pack, LayoutError, PagedDocument, Profile, TextSource,
};
use crate::load::photo::DigestMemo;
use crate::load::{
    discover_cases, load_case_source_with, load_pack_labels, Case, CaseDir, CaseSource, LangFile, Paper,
};
use crate::once_map::OnceMap;
use crate::render::{self, PhotoCache};

use super::incremental::JobOutput;
use super::manifest::{self, Entry};
use super::names::PHOTO_DIGESTS_FILE;
use super::options::BuildOptions;
use super::plan::{self, Job, PlannedCase};
use super::report::{BuildReport, Built, JobResult, Progress, UsageError};
use super::{messages, output, photo_checks, photo_store, records, stamps, write};

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
        if *origin == crate::fonts::Origin::FontDir && !dir.is_dir() {
            let diag = Diagnostic::error(Some(Span::file(dir)), "no such font folder (from --font-dir)");
            return Err(UsageError(diag));
        }
    }
    let book =
        FontBook::load(&options.fonts_dir).map_err(UsageError)?.with_sources(options.font_sources.clone());
    let case_dirs = discover_cases(&options.packs_dir).map_err(UsageError)?;
    let case_ids: HashSet<String> = case_dirs.iter().map(|c| c.id.clone()).collect();
    let case_dirs = plan::select_cases(options, case_dirs)?;
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
        records::write_records(
            &mut report,
            options,
            out_dir,
            &case_ids,
            previous.as_ref(),
            check,
            &manifest_name,
        );
    }
    Ok(report)
}

/// Loads the cases (in parallel, the photos' digests remembered between runs), plans
/// them, and runs each case's jobs on the pool.
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
    let planned = plan::plan_cases(book, case_dirs, loaded, options, &mut report);
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
                let run = CaseRun { book, case: &case, warnings: &case_warnings, shared: &shared, options };
                let results = run.run_jobs(&to_build, progress);
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

/// What every job of a case reads as it runs: the fonts, the case with its photo,
/// the warnings about the whole case, the work its jobs share, and the options. One
/// value, where the same five travelled as parameters through every step of a job.
pub(super) struct CaseRun<'a> {
    /// The run's fonts.
    pub(crate) book: &'a FontBook,
    /// The case, its photo decoded.
    pub(crate) case: &'a Case,
    /// Warnings about the whole case, reported with each of its outputs.
    pub(crate) warnings: &'a [Diagnostic],
    /// What the case's jobs share.
    pub(crate) shared: &'a Shared,
    /// The run's options.
    pub(crate) options: &'a BuildOptions,
}

impl CaseRun<'_> {
    /// Runs the case's jobs in two passes on the pool: first their text (compose,
    /// layout), each job starting the photo work its document needs as soon as it is
    /// laid out, so that one thread encodes the photo while the others set the text of
    /// the rest; then rendering and writing, which find the photos encoded or being
    /// encoded.
    fn run_jobs(&self, jobs: &[Job], progress: &(dyn Fn(&JobResult) + Sync)) -> Vec<JobResult> {
        let (shared, photo) = (self.shared, &self.case.photo);
        let ink_limit = self.options.ink_limit(&self.case.source);
        let results = rayon::scope(|scope| {
            let laid_out: Vec<(JobResult, Option<PagedDocument>)> = jobs
                .par_iter()
                .map(|job| {
                    let (result, paged) = self.lay_out_job(job);
                    if let Some(paged) = &paged {
                        for (crop, size, space) in
                            render::photo::requests(paged, job.output.profile, ink_limit)
                        {
                            if shared
                                .photos_started
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .insert((crop, size, space))
                            {
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
                        result.outcome = output::make_output(self, job, &paged);
                    }
                    progress(&result);
                    result
                })
                .collect()
        });
        shared.folders.flush();
        results
    }

    /// Lays out one job's document: the text work. Its result carries the job's
    /// warnings; the document is `None` when the job failed (the errors are in the
    /// result).
    fn lay_out_job(&self, job: &Job) -> (JobResult, Option<PagedDocument>) {
        let mut result = job_result(self.case, self.warnings, job);
        match self.lay_out(job, &mut result.warnings) {
            Ok(paged) => (result, Some(paged)),
            Err(errors) => {
                result.outcome = Err(errors);
                (result, None)
            }
        }
    }

    /// Composes and lays out one job's document, and checks its photo.
    fn lay_out(&self, job: &Job, warnings: &mut Sink) -> Result<PagedDocument, Vec<Diagnostic>> {
        let (case, options) = (self.case, self.options);
        let JobOutput { product, profile, .. } = job.output;
        let (paged, paper) = self.lay_out_product(job.lang, product, profile, warnings)?;
        photo_checks::check_photo_resolution(case, product, profile, &paged, warnings)?;
        // The press postcard is A6 whatever the paper.
        let paper = (product != Product::Postcard || profile == Profile::Home).then_some(paper);
        let report = options.out_dir.is_none();
        photo_checks::check_photo_framing(case, (product, profile, paper), &paged, report, warnings);
        Ok(paged)
    }

    /// Composes and lays out one product of the language at index `lang`, and says its
    /// home paper.
    fn lay_out_product(
        &self,
        lang: usize,
        product: Product,
        profile: Profile,
        warnings: &mut Sink,
    ) -> Result<(PagedDocument, Paper), Vec<Diagnostic>> {
        let CaseRun { book, case, shared, .. } = *self;
        let entry = &case.langs[lang];
        let file = entry.ready()?;
        Ok(match product {
            Product::Pack => {
                let doc = compose_pack(case, file, warnings).map_err(|e| vec![e])?;
                let home = shared
                    .home_packs
                    .get_or_init(lang, || layout_home_pack(book, &doc, &case.photo).map(Arc::new))
                    .map_err(|e| vec![messages::layout_error(book, e, case, entry, None)])?;
                let paged = match profile {
                    Profile::Home => Arc::unwrap_or_clone(home),
                    Profile::Press => press_pack(&home),
                };
                (paged, doc.paper)
            }
            Product::Labels => {
                let sheet = compose_labels(case, file, warnings).map_err(|e| vec![e])?;
                let paged = layout_labels(book, &sheet)
                    .map_err(|e| vec![messages::layout_error(book, e, case, entry, None)])?;
                (paged, sheet.paper)
            }
            Product::Petition => {
                let sheet = compose_petition(case, file, warnings).map_err(|e| vec![e])?;
                let paged = layout_petition(book, &sheet, &case.photo)
                    .map_err(|e| vec![messages::layout_error(book, e, case, entry, Some(&sheet.ask_span))])?;
                (paged, sheet.paper)
            }
            Product::Poster => {
                let poster = compose_poster(case, file, warnings).map_err(|e| vec![e])?;
                let paged = layout_poster(book, &poster, &case.photo, profile).map_err(|e| {
                    // An ask too long even on two lines points at where the ask starts.
                    let span = match &e {
                        LayoutError::Overflow { source: TextSource::LangText(_), .. } => {
                            poster.asks.first().map(|ask| &ask.span)
                        }
                        _ => None,
                    };
                    vec![messages::layout_error(book, e, case, entry, span)]
                })?;
                (paged, poster.paper)
            }
            Product::Tally => {
                let sheet = compose_tally(case, file, warnings).map_err(|e| vec![e])?;
                let paged = layout_tally(book, &sheet)
                    .map_err(|e| vec![messages::layout_error(book, e, case, entry, None)])?;
                (paged, sheet.paper)
            }
            Product::Bundle => {
                let parts = bundle_parts(case, file)
                    .into_iter()
                    .map(|part| self.lay_out_product(lang, part, Profile::Home, warnings).map(|(doc, _)| doc))
                    .collect::<Result<Vec<_>, _>>()?;
                (bind(parts, "Event bundle"), file.paper(&case.facts))
            }
            Product::Postcard => {
                let card = compose_postcard(case, file, warnings).map_err(|e| vec![e])?;
                let paged = layout_postcard(book, &card, &case.photo, profile).map_err(|e| {
                    let fit = messages::PostcardFit { run: self, card: &card, lang };
                    vec![fit.error(e, profile)]
                })?;
                (paged, card.paper)
            }
        })
    }
}

/// What an event's bundle holds for a language, in printing order: the pack, then
/// each of the petition sheet, the tally sheet and the postcard sheet that the case
/// lists in `products:` and that the language can have (a petition needs its ask, a
/// postcard the solidarity address).
fn bundle_parts(case: &CaseSource, file: &LangFile) -> Vec<Product> {
    let listed = case.products();
    let can_have = |product: &Product| match product {
        Product::Petition => file.has_petition(),
        Product::Postcard => case.facts.solidarity.is_some(),
        _ => true,
    };
    let parts = [Product::Petition, Product::Tally, Product::Postcard];
    std::iter::once(Product::Pack)
        .chain(parts.into_iter().filter(|p| listed.contains(p) && can_have(p)))
        .collect()
}

/// What the jobs of one case share: each is computed by the first job to need it.
#[derive(Default)]
pub(super) struct Shared {
    /// Encoded photos, by crop, size and colour.
    pub(crate) photos: PhotoCache,
    /// The photos whose encoding was started ahead of rendering.
    pub(crate) photos_started: std::sync::Mutex<HashSet<render::photo::PhotoRequest>>,
    /// The home pack of each language (by index in the case's languages); the press
    /// pack is the same layout with the cover photo run into the bleed.
    pub(crate) home_packs: OnceMap<usize, Result<Arc<PagedDocument>, LayoutError>>,
    /// The error for a postcard text that does not fit, by language and what
    /// overflowed: one error for the home and press postcards alike, so it is printed
    /// once (see `messages::PostcardFit`).
    pub(crate) postcard_overflows: OnceMap<(usize, &'static str), Diagnostic>,
    /// The folders the case's files were renamed into, flushed once its jobs end.
    pub(crate) folders: write::FolderSyncs,
    /// The case's photo cache in the output folder, if any.
    pub(crate) store: Option<Arc<photo_store::DiskPhotoStore>>,
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
            entry.file.as_ref().map_or(source.facts.paper.unwrap_or_default(), |f| f.paper(&source.facts)),
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
