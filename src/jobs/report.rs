//! What a run produced: a [`JobResult`] per output, gathered in a [`BuildReport`]
//! with the errors, warnings and notes about whole cases and the run; and the
//! [`UsageError`] that stops a run before any job.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::compose::Product;
use crate::diag::{Diagnostic, Sink};
use crate::layout::Profile;
use crate::load::Status;

use super::{manifest, stamps};

/// One output file's result.
#[derive(Debug, Clone)]
pub struct JobResult {
    /// Case id.
    pub(crate) case: String,
    /// Language tag.
    pub(crate) lang: String,
    /// The person's name as this language prints it.
    pub(crate) person: String,
    /// The case's deadline, `YYYY-MM-DD` as in case.yaml, for the download page.
    pub(crate) deadline: Option<String>,
    /// The language's online action (`action_url`), for the download page.
    pub(crate) action_url: Option<String>,
    /// Which product.
    pub(crate) product: Product,
    /// For whom.
    pub(crate) profile: Profile,
    /// The paper the output is printed on, for the manifest and the download page.
    pub(crate) paper: Option<manifest::PaperSize>,
    /// Output path.
    pub(crate) path: PathBuf,
    /// The key of the job's inputs, when they could all be read.
    pub(crate) key: Option<String>,
    /// True when the inputs were unchanged and the earlier file was kept as it is.
    pub(crate) skipped: bool,
    /// Warnings for this output, each once.
    pub(crate) warnings: Sink,
    /// Pages, bytes and sha256 when built; the errors when not.
    pub(crate) outcome: Result<Built, Vec<Diagnostic>>,
}

/// A built output.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Built {
    /// Page count.
    pub(crate) pages: usize,
    /// File size.
    pub(crate) bytes: usize,
    /// Hex sha256 of the file.
    pub(crate) sha256: String,
    /// The first page as a PNG, for the download page (home packs only).
    pub(crate) thumbnail: Option<PathBuf>,
    /// The stamps of the files this run wrote (the PDF, the thumbnail), taken right
    /// after each was renamed into place; empty for a file kept as it was.
    pub(crate) stamps: Vec<(PathBuf, stamps::Stamp)>,
    /// A press file's preflight.
    pub(crate) preflight: Option<manifest::PreflightResult>,
    /// A press file's job sheet, beside it.
    pub(crate) job_sheet: Option<PathBuf>,
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Per-output results, sorted by case, language, product, profile.
    pub jobs: Vec<JobResult>,
    /// Errors that stopped a whole case (bad case.yaml, missing photo).
    pub(crate) case_errors: Vec<Diagnostic>,
    /// Warnings about the run rather than one output: font files discovery skipped.
    pub(crate) warnings: Vec<Diagnostic>,
    /// The cases an error stopped before their jobs were planned (case.yaml, photo path).
    pub(crate) stopped_cases: Vec<String>,
    /// Notes: cases not built because they are closed or withdrawn.
    pub(crate) notes: Vec<Diagnostic>,
    /// The cases read this run and not built, by id, with their status: their earlier
    /// files are withdrawn.
    pub(crate) not_built: HashMap<String, Status>,
    /// The cases that loaded and had their jobs planned (none, for a case with no
    /// language files left): an output of theirs that no job claims is no longer built.
    pub(crate) planned_cases: HashSet<String>,
}

impl BuildReport {
    /// The warnings to print: the run's and every output's, sorted, each once.
    pub(crate) fn all_warnings(&self) -> Sink {
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
    pub(crate) fn failed_cases(&self) -> usize {
        let failed_jobs = self.jobs.iter().filter(|j| j.outcome.is_err()).map(|j| j.case.as_str());
        let cases: HashSet<&str> = failed_jobs.chain(self.stopped_cases.iter().map(String::as_str)).collect();
        cases.len()
    }

    /// Jobs built this run, jobs skipped as unchanged, and jobs failed.
    pub(crate) fn counts(&self) -> (usize, usize, usize) {
        let skipped = self.jobs.iter().filter(|j| j.skipped).count();
        let failed = self.jobs.iter().filter(|j| j.outcome.is_err()).count();
        (self.jobs.len() - skipped - failed, skipped, failed)
    }
}

/// Environment and usage problems: no packs folder, unknown case, no fonts.
#[derive(Debug)]
pub struct UsageError(pub Diagnostic);

/// Called from the worker threads as each job finishes, with how many jobs there are.
pub(crate) type Progress<'a> = &'a (dyn Fn(&JobResult, usize) + Sync);
