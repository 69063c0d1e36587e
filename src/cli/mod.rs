//! Command line: parses arguments with clap, runs the build, prints diagnostics once
//! (warnings first, then errors, then a summary) and picks the exit code.
//!
//! Everything is written through `outln!` and `errln!`, never `println!` or
//! `eprintln!` (which clippy refuses here): those panic when the stream is a closed
//! pipe (`check packs 2>&1 | head -1`), turning a good run into exit 101 and a
//! half-done `new` into a panic. A line nobody reads is dropped and the run goes on to
//! its own exit code.

#![deny(clippy::print_stdout, clippy::print_stderr)]

/// `println!` that drops the line when stdout is closed instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that drops the line when stderr is closed instead of panicking.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod new;
pub(crate) mod watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::compose::Product;
use crate::diag::{Diagnostic, Severity};
use crate::fonts::FontSources;
use crate::jobs::lock::{OutputLock, WhenBusy};
use crate::jobs::{
    default_fonts_dir, run_build_with_progress, source_date_from_env, BuildOptions, BuildReport, JobResult,
    Shard,
};
use crate::layout::Profile;

/// Exit code: everything built.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: some job failed on content; the others were built.
pub(crate) const EXIT_CONTENT: u8 = 1;
/// Exit code: usage or environment error.
pub(crate) const EXIT_USAGE: u8 = 2;

/// appealpress: case folders to print-ready appeal packs.
#[derive(Debug, Parser)]
#[command(name = "appealpress", version, about)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options shared by build and check.
#[derive(Debug, clap::Args)]
pub(crate) struct Selection {
    /// The folder holding one folder per case.
    #[arg(default_value = "packs")]
    pub(crate) packs_dir: PathBuf,
    /// Only this case (repeatable).
    #[arg(long = "case", value_name = "ID")]
    pub(crate) cases: Vec<String>,
    /// Only this language (repeatable).
    #[arg(long = "lang", value_name = "TAG")]
    pub(crate) langs: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,
    /// The folder of the shipped fonts, the faces listed in fonts/OFL.txt (default:
    /// ./fonts, else the one built in). Not for extra fonts: see --font-dir.
    #[arg(long = "shipped-fonts", alias = "fonts", value_name = "DIR")]
    pub(crate) fonts: Option<PathBuf>,
    /// A folder to look in for fonts the shipped ones lack, e.g. CJK (repeatable;
    /// searched before APPEALPRESS_FONT_PATH and the system's font folders, and only
    /// when a text needs it).
    #[arg(long = "font-dir", value_name = "DIR")]
    pub(crate) font_dirs: Vec<PathBuf>,
    /// Only this product (repeatable; default: all).
    #[arg(long = "product", value_enum)]
    pub(crate) products: Vec<ProductArg>,
    /// Only this profile (repeatable; default: both).
    #[arg(long = "profile", value_enum)]
    pub(crate) profiles: Vec<ProfileArg>,
    /// Build cases whose status is `closed` too.
    #[arg(long)]
    pub(crate) include_closed: bool,
    /// The most ink the press files' photo may carry, as total area coverage in
    /// percent, for every case (over case.yaml's `ink_limit`; default 300).
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u16).range(200..=400))]
    pub(crate) ink_limit: Option<u16>,
}

/// `--product` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ProductArg {
    /// The appeal pack.
    Pack,
    /// The solidarity postcard.
    Postcard,
    /// A petition sheet with a ruled table for signatures (home only).
    Petition,
    /// A poster: A3 for an A4 case, Tabloid for a Letter case.
    Poster,
    /// Address labels for the authorities and those that get copies (home only).
    Labels,
    /// A tally sheet for an event's letters, cards and signatures (home only).
    Tally,
    /// Pack, petition, tally and postcard sheet in one file, in printing order (home only).
    Bundle,
}

/// `--profile` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ProfileArg {
    /// For a desktop printer: RGB, no bleed.
    Home,
    /// For a print shop: bleed, crop marks, CMYK, PDF/X-4.
    Press,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build every product of every case and language into the output folder.
    Build {
        /// Which cases and languages.
        #[command(flatten)]
        selection: Selection,
        /// Output folder.
        #[arg(long, default_value = "dist", value_name = "DIR")]
        out: PathBuf,
        /// Rebuild every output, even those whose inputs have not changed.
        #[arg(long)]
        force: bool,
        /// Build one stable slice of the cases, for N CI runners: `--shard 2/3`.
        /// Writes manifest.shard-I-of-N.json; `appealpress index` merges the shards.
        #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
        shard: Option<Shard>,
        /// Exit with 2 at once if another appealpress is writing to the output folder,
        /// instead of waiting for it.
        #[arg(long)]
        no_wait: bool,
    },
    /// Build, then watch the packs folder and rebuild what changed on each save, one
    /// line per rebuild, until stopped (Ctrl-C). A failed rebuild keeps the last good files.
    Watch {
        /// Which cases and languages.
        #[command(flatten)]
        selection: Selection,
        /// Output folder.
        #[arg(long, default_value = "dist", value_name = "DIR")]
        out: PathBuf,
        /// Exit with 2 at once if another appealpress is writing to the output folder.
        #[arg(long)]
        no_wait: bool,
    },
    /// Load, lay out and render everything in memory; write nothing.
    Check {
        /// Which cases and languages.
        #[command(flatten)]
        selection: Selection,
    },
    /// Merge the shard manifests in the output folder into manifest.json and write the
    /// download page, index.html.
    Index {
        /// Output folder the shards were built into.
        #[arg(long, default_value = "dist", value_name = "DIR")]
        out: PathBuf,
        /// Exit with 2 at once if another appealpress is writing to the output folder.
        #[arg(long)]
        no_wait: bool,
    },
    /// What CI's publish job runs on the shards' outputs merged into one folder:
    /// checks every shard left its manifest, merges them into manifest.json, writes the
    /// download page and deletes the withdrawn files. Failed cases do not stop it (their
    /// last good files stay, marked not up to date); it then exits 1, after publishing.
    Publish {
        /// The folder the shards' outputs were merged into.
        #[arg(long, default_value = "dist", value_name = "DIR")]
        out: PathBuf,
        /// How many shards built the site; each must have left its manifest, or nothing
        /// is published (exit 2).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        shards: Option<u16>,
        /// Exit with 2 at once if another appealpress is writing to the output folder.
        #[arg(long)]
        no_wait: bool,
    },
    /// Delete the files manifest.json lists as withdrawn (closed, withdrawn or removed
    /// cases), each only while it is as appealpress wrote it. Nothing else is deleted.
    Prune {
        /// The output folder.
        #[arg(long, default_value = "dist", value_name = "DIR")]
        out: PathBuf,
        /// List what would be deleted; delete nothing.
        #[arg(long)]
        dry_run: bool,
        /// Exit with 2 at once if another appealpress is writing to the output folder.
        #[arg(long)]
        no_wait: bool,
    },
    /// Check press PDFs as a print shop's preflight would (GWG 2022 sheet-fed CMYK):
    /// output intent, boxes, RGB, transparency, fonts, text size, line width, total
    /// ink, overprint, image resolution. Any maker's files. One line per finding, with
    /// its check id; exits 1 if any file fails, 2 if one cannot be read.
    Preflight {
        /// The PDF files.
        #[arg(required = true, value_name = "FILE.pdf")]
        files: Vec<PathBuf>,
        /// The most total ink allowed, in percent (the shop's condition).
        #[arg(long, value_name = "PERCENT", default_value_t = 300, value_parser = clap::value_parser!(u16).range(50..=400))]
        ink_limit: u16,
        /// Print the reports as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Create a case folder with every field shown and each text to write marked as a
    /// placeholder, which `check` and `build` refuse until it is replaced.
    New {
        /// The case id (the folder name): lowercase letters, digits and hyphens.
        id: String,
        /// Languages to create, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "en")]
        langs: Vec<String>,
        /// The folder holding the cases.
        #[arg(long, default_value = "packs")]
        packs: PathBuf,
    },
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let source_date = match source_date_from_env() {
        Ok(d) => d,
        Err(message) => {
            errln!("{}", Diagnostic::error(None, message));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (selection, out_dir, force, shard, no_wait) = match cli.command {
        Command::Build { selection, out, force, shard, no_wait } => {
            (selection, Some(out), force, shard, no_wait)
        }
        Command::Check { selection } => (selection, None, false, None, false),
        Command::Watch { selection, out, no_wait } => {
            let options = build_options(selection, Some(out), false, None, source_date);
            errln!("{}", watch::watch(&options, when_busy(no_wait)));
            return ExitCode::from(EXIT_USAGE);
        }
        Command::Index { out, no_wait } => {
            let _lock = match lock_output(&out, no_wait) {
                Ok(lock) => lock,
                Err(code) => return code,
            };
            return report_files("wrote", crate::jobs::publish::merge_and_publish(&out));
        }
        Command::Publish { out, shards, no_wait } => {
            let _lock = match lock_output(&out, no_wait) {
                Ok(lock) => lock,
                Err(code) => return code,
            };
            return publish(&out, shards.map(usize::from));
        }
        Command::Prune { out, dry_run, no_wait } => {
            let _lock = match lock_output(&out, no_wait) {
                Ok(lock) => lock,
                Err(code) => return code,
            };
            return prune(&out, dry_run);
        }
        Command::Preflight { files, ink_limit, json } => return preflight(&files, ink_limit, json),
        Command::New { id, langs, packs } => {
            let code = report_files("created", new::scaffold(&packs, &id, &langs));
            for lang in langs.iter().filter_map(|l| crate::locale::Locale::parse(l).ok()) {
                if matches!(new::template_for(&lang), Ok((_, false))) {
                    errln!("note: no template in {lang} yet: {lang}.md is in English, for you to translate");
                }
            }
            return code;
        }
    };
    let options = build_options(selection, out_dir, force, shard, source_date);
    let _lock = match options.out_dir.as_deref().map(|out| lock_output(out, no_wait)).transpose() {
        Ok(lock) => lock,
        Err(code) => return code,
    };
    let started = Instant::now();
    let progress = ProgressReporter::new(options.out_dir.is_some());
    let result = run_build_with_progress(&options, &|job, total| progress.job_done(job, total));
    progress.finish();
    match result {
        Ok(report) => {
            print_report(&report, options.out_dir.is_some(), started.elapsed().as_secs_f64());
            ExitCode::from(if report.has_errors() { EXIT_CONTENT } else { EXIT_OK })
        }
        Err(usage) => {
            errln!("{}", usage.0);
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `appealpress preflight`: each file's findings, or all reports as JSON.
fn preflight(files: &[PathBuf], ink_limit: u16, json: bool) -> ExitCode {
    let rules = crate::preflight::Rules { ink_limit: f32::from(ink_limit), ..Default::default() };
    let mut reports = std::collections::BTreeMap::new();
    let mut unreadable = false;
    for file in files {
        let name = file.display().to_string();
        match std::fs::read(file) {
            Ok(bytes) => {
                reports.insert(name, crate::preflight::preflight(&bytes, &rules));
            }
            Err(e) => {
                errln!("error: {name}: cannot read: {e}");
                unreadable = true;
            }
        }
    }
    if json {
        match serde_json::to_string_pretty(&reports) {
            Ok(text) => outln!("{text}"),
            Err(e) => errln!("error: {e}"),
        }
    } else {
        for (name, report) in &reports {
            outln!("{name}: {} ({} pages)", report.verdict(), report.measured.pages);
            for finding in &report.findings {
                outln!("  {finding}");
            }
        }
    }
    let (failed, _) = crate::preflight::summary(&reports);
    if !json {
        errln!("{} files checked, {failed} failed", reports.len());
    }
    ExitCode::from(if unreadable {
        EXIT_USAGE
    } else if failed > 0 {
        EXIT_CONTENT
    } else {
        EXIT_OK
    })
}

/// What a command does when another holds the output folder: waits, saying so once,
/// or with `--no-wait` gives up.
pub(crate) fn when_busy(no_wait: bool) -> WhenBusy<'static> {
    if no_wait {
        WhenBusy::Fail
    } else {
        WhenBusy::Wait(&|out: &std::path::Path| {
            errln!("waiting for another appealpress to finish writing to {} ...", out.display())
        })
    }
}

/// Takes the output folder's lock for a command, or prints why not and gives the exit
/// code (2: busy with `--no-wait`, or the lock cannot be made).
fn lock_output(out: &std::path::Path, no_wait: bool) -> Result<OutputLock, ExitCode> {
    crate::jobs::lock::lock_output(out, when_busy(no_wait)).map_err(|diag| {
        errln!("{diag}");
        ExitCode::from(EXIT_USAGE)
    })
}

/// The build options the command line asks for.
fn build_options(
    selection: Selection,
    out_dir: Option<PathBuf>,
    force: bool,
    shard: Option<Shard>,
    source_date: Option<i64>,
) -> BuildOptions {
    BuildOptions {
        packs_dir: selection.packs_dir,
        out_dir,
        cases: selection.cases,
        langs: selection.langs,
        jobs: selection.jobs.map(usize::from),
        products: selection
            .products
            .iter()
            .map(|p| match p {
                ProductArg::Pack => Product::Pack,
                ProductArg::Postcard => Product::Postcard,
                ProductArg::Petition => Product::Petition,
                ProductArg::Poster => Product::Poster,
                ProductArg::Labels => Product::Labels,
                ProductArg::Tally => Product::Tally,
                ProductArg::Bundle => Product::Bundle,
            })
            .collect(),
        profiles: selection
            .profiles
            .iter()
            .map(|p| match p {
                ProfileArg::Home => Profile::Home,
                ProfileArg::Press => Profile::Press,
            })
            .collect(),
        fonts_dir: selection.fonts.unwrap_or_else(default_fonts_dir),
        font_sources: FontSources::from_env(&selection.font_dirs),
        source_date,
        include_closed: selection.include_closed,
        force,
        shard,
        ink_limit: selection.ink_limit.and_then(crate::render::color::InkLimit::new),
    }
}

/// For `new` and `index`: each file written, or the one error and exit code 2.
fn report_files(verb: &str, result: Result<Vec<PathBuf>, Diagnostic>) -> ExitCode {
    match result {
        Ok(files) => {
            for file in files {
                outln!("{verb} {}", crate::diag::escape_path(&file));
            }
            ExitCode::from(EXIT_OK)
        }
        Err(diag) => {
            errln!("{diag}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `publish`: the files written and removed on stdout and stderr as `index` and
/// `prune` print them, then what failed and one summary line; exit 1 when something
/// failed (the site is published all the same), 2 when nothing could be published.
fn publish(out: &std::path::Path, shards: Option<usize>) -> ExitCode {
    let report = match crate::jobs::publish::publish(out, shards) {
        Ok(report) => report,
        Err(diag) => {
            errln!("{diag}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    for file in &report.written {
        outln!("wrote {}", crate::diag::escape_path(file));
    }
    for file in &report.pruned.removed {
        errln!("removed {}", crate::diag::escape_path(file));
    }
    for diag in report.case_errors.iter().chain(&report.pruned.kept) {
        errln!("{diag}");
    }
    errln!(
        "published: {} withdrawn file(s) removed, {} output(s) not up to date (last good file kept), \
         {} failed with no file, {} error(s) in cases that failed to load",
        report.pruned.removed.len(),
        report.stale,
        report.missing,
        report.case_errors.len()
    );
    ExitCode::from(if report.has_failures() { EXIT_CONTENT } else { EXIT_OK })
}

/// `prune`: deletes (or lists) the withdrawn files, one line each on stderr, then the
/// files kept and why; exit 1 when a listed file had to be kept.
fn prune(out: &std::path::Path, dry_run: bool) -> ExitCode {
    let report = match crate::jobs::prune::prune(out, dry_run) {
        Ok(report) => report,
        Err(diag) => {
            errln!("{diag}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let verb = if dry_run { "would remove" } else { "removed" };
    for file in &report.removed {
        errln!("{verb} {}", crate::diag::escape_path(file));
    }
    if !report.cache_removed.is_empty() {
        errln!("{verb} {} cached photo(s) no current file uses", report.cache_removed.len());
    }
    for diag in &report.kept {
        errln!("{diag}");
    }
    let kept = if report.kept.is_empty() { String::new() } else { format!(", {} kept", report.kept.len()) };
    errln!("{verb} {} file(s){kept}", report.removed.len());
    ExitCode::from(if report.kept.is_empty() { EXIT_OK } else { EXIT_CONTENT })
}

/// Prints notes, warnings, then errors, each once, then one summary line, all on
/// stderr with the progress lines, so a CI log reads in order.
fn print_report(report: &BuildReport, wrote: bool, seconds: f64) {
    let all = report.all_warnings();
    // A job's notes (`check`'s framing report) print and count with the run's notes.
    let (job_notes, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        all.warnings().iter().partition(|d| d.severity == Severity::Note);
    let mut notes: Vec<&Diagnostic> = report.notes.iter().chain(job_notes).collect();
    notes.sort();
    for diag in notes.iter().chain(&warnings) {
        errln!("{diag}");
    }
    let mut errors: Vec<&Diagnostic> = report.case_errors.iter().collect();
    errors.extend(report.jobs.iter().filter_map(|j| j.outcome.as_ref().err()).flatten());
    errors.sort();
    errors.dedup();
    for e in &errors {
        errln!("{e}");
    }
    errln!("{}", summary(report, wrote, (warnings.len(), notes.len()), seconds));
}

/// The last line of a run: files by outcome, the cases that had errors (a case whose
/// case.yaml fails has no files to count, one whose photo fails has all of them), the
/// warnings and notes, and the time.
fn summary(report: &BuildReport, wrote: bool, (warnings, notes): (usize, usize), seconds: f64) -> String {
    let (built, unchanged, failed) = report.counts();
    let verb = if wrote { "built" } else { "checked" };
    let unchanged = if unchanged > 0 { format!(", {unchanged} unchanged") } else { String::new() };
    let failed_cases = report.failed_cases();
    let cases = match failed_cases {
        0 => String::new(),
        1 => " (1 case with errors)".to_string(),
        n => format!(" ({n} cases with errors)"),
    };
    let notes = match notes {
        0 => String::new(),
        n => format!(", {n} note(s)"),
    };
    format!("{verb} {built} file(s){unchanged}, {failed} failed{cases}, {warnings} warning(s){notes} in {seconds:.2}s")
}

/// Progress while jobs run: on a terminal a bar that redraws in place; elsewhere (CI
/// logs) one plain line per finished job on stderr, numbered in the order the lines
/// appear, with no control characters.
struct ProgressReporter {
    bar: Option<indicatif::ProgressBar>,
    /// Jobs reported so far; locked while a line is printed, so that the numbers
    /// appear in order whichever worker finishes first.
    done: std::sync::Mutex<usize>,
    writing: bool,
}

impl ProgressReporter {
    fn new(writing: bool) -> ProgressReporter {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        ProgressReporter { bar, done: std::sync::Mutex::new(0), writing }
    }

    fn job_done(&self, job: &JobResult, total: usize) {
        let verb = match (&job.outcome, self.writing) {
            (Ok(_), _) if job.skipped => "unchanged",
            (Ok(_), true) => "built",
            (Ok(_), false) => "checked",
            (Err(_), _) => "FAILED",
        };
        // A poisoned lock only means another worker panicked mid-line; count on.
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done += 1;
        match &self.bar {
            Some(bar) => {
                bar.set_length(total as u64);
                bar.set_position(*done as u64);
                bar.set_message(format!("{verb} {}", crate::diag::escape_path(&job.path)));
            }
            None => errln!("{}", progress_line(*done, total, verb, &job.path)),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// One CI log line: `[ 7/28] built dist/case/case-fr-pack.pdf`.
fn progress_line(done: usize, total: usize, verb: &str, path: &std::path::Path) -> String {
    let width = total.to_string().len();
    format!("[{done:>width$}/{total}] {verb} {}", crate::diag::escape_path(path))
}
