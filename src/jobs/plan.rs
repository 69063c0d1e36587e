//! Planning: which cases and languages a run was asked for, and for each case that
//! loads, its jobs (case x language x product x profile), each with its output path
//! and the key of its inputs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::compose::Product;
use crate::diag::{Diagnostic, Span};
use crate::fonts::FontBook;
use crate::layout::Profile;
use crate::load::{CaseDir, CaseSource};

use super::checks;
use super::incremental::{self, JobOutput, RunFingerprint};
use super::names::output_name;
use super::options::BuildOptions;
use super::report::{BuildReport, UsageError};

/// The case folders a run builds: those `--case` names (one it does not find is a
/// usage error), of this shard; `--lang` must name a language one of them has.
pub(super) fn select_cases(
    options: &BuildOptions,
    mut case_dirs: Vec<CaseDir>,
) -> Result<Vec<CaseDir>, UsageError> {
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
    Ok(case_dirs)
}

/// Plans the cases that loaded: a case not to be built (closed, withdrawn) or stopped
/// by an error is noted in `report`; each other case gets its warnings and its jobs.
pub(super) fn plan_cases(
    book: &FontBook,
    case_dirs: &[CaseDir],
    loaded: Vec<Result<CaseSource, Diagnostic>>,
    options: &BuildOptions,
    report: &mut BuildReport,
) -> Vec<PlannedCase> {
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
                let products = case_products(options, &source);
                if source.facts.solidarity.is_none() && products.contains(&Product::Postcard) {
                    report.notes.push(checks::no_postcard_note(&source));
                }
                report.notes.extend(checks::unlisted_products_note(&source, &options.products));
                if products.contains(&Product::Petition) {
                    report
                        .notes
                        .extend(source.langs.iter().filter_map(|e| checks::no_petition_note(&source, e)));
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
    planned
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
pub(super) fn outside_selection(
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

/// One output to make.
pub(super) struct Job {
    /// Index into the case's languages.
    pub(crate) lang: usize,
    /// The product, the profile, and whether the job draws the case's thumbnail.
    pub(crate) output: JobOutput,
    /// Where its file goes.
    pub(crate) path: PathBuf,
    /// The key of its inputs, when keyed (a check keys nothing) and they could be read.
    pub(crate) key: Option<String>,
}

/// A case with its jobs planned.
pub(super) struct PlannedCase {
    /// The case as loaded, without its photo.
    pub(crate) source: CaseSource,
    /// Warnings about the whole case, reported with each of its outputs.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Its jobs, in the order their results are reported.
    pub(crate) jobs: Vec<Job>,
}

/// The products a run builds for a case: those its case.yaml lists (the pack and the
/// postcard when it lists none) that the command line asks for (all when it names none).
fn case_products(options: &BuildOptions, source: &CaseSource) -> Vec<Product> {
    let asked = options.products();
    source.products().into_iter().filter(|p| options.products.is_empty() || asked.contains(p)).collect()
}

/// A case's jobs: each language that is asked for, by each product the case lists
/// and the run asks for (no postcard without a solidarity address, no petition sheet
/// for a language without an ask) and profile (the
/// labels have no press file), with its output path and, when
/// `fingerprint` is given (a build, not a check), its key.
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
        // The postcard is addressed to the solidarity address: none, no postcard. The
        // petition is the language's ask: none, no petition sheet for the language (a
        // file that fails to read fails each job, the petition's too).
        let has_petition = entry.file.as_ref().map_or(true, |file| file.has_petition());
        let products = case_products(options, source)
            .into_iter()
            .filter(|p| *p != Product::Postcard || source.facts.solidarity.is_some())
            .filter(|p| *p != Product::Petition || has_petition);
        for product in products {
            for profile in
                options.profiles().into_iter().filter(|p| *p == Profile::Home || product.has_press())
            {
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
