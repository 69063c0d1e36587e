//! `appealpress watch`: builds, then rebuilds on every save in the packs folder, so a
//! coordinator editing `fr.md` sees the French files updated a moment later.
//!
//! Events are debounced (an editor's save is several: write, rename, metadata), then
//! the build runs as `build` would; the incremental keys make it redo only the jobs
//! whose inputs changed, and the photo cache spares their photo work. A failed job
//! writes nothing, so a rebuild that fails keeps the last good files.
//!
//! It says what it watches when it starts, and for each rebuild which files of the
//! packs folder changed and which outputs were written, so the coordinator knows the
//! save was seen and which PDFs to open again.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diag::Diagnostic;
use crate::jobs::lock::WhenBusy;
use crate::jobs::{run_build, BuildOptions, BuildReport};

/// How long the folder must be quiet after a change before the rebuild starts.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(25);

/// Builds, then watches `options.packs_dir` and rebuilds on change until the process
/// is stopped. Returns only on a usage error (no packs folder, no fonts, no watcher).
pub(crate) fn watch(options: &BuildOptions, when_busy: WhenBusy) -> Diagnostic {
    let (sender, events) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    }) {
        Ok(watcher) => watcher,
        Err(e) => return Diagnostic::error(None, format!("cannot watch for changes: {e}")),
    };
    // Absolute, so that event paths compare with the output folder's.
    let packs = options.packs_dir.canonicalize().unwrap_or_else(|_| options.packs_dir.clone());
    if let Err(e) = watcher.watch(&packs, RecursiveMode::Recursive) {
        let span = crate::diag::Span::file(&options.packs_dir);
        return Diagnostic::error(Some(span), format!("cannot watch this folder: {e}"));
    }
    errln!("{}", watching_line(options));
    let mut rebuild = true;
    loop {
        if rebuild {
            if let Err(usage) = rebuild_once(options, when_busy) {
                return usage;
            }
        }
        let out_dir = options.out_dir.as_deref().and_then(|d| d.canonicalize().ok());
        // Wait for a change, then for the folder to be quiet.
        let Ok(first) = events.recv() else { return Diagnostic::error(None, "the watcher stopped") };
        let mut changed = std::collections::BTreeSet::new();
        rebuild = note_change(&first, out_dir.as_deref(), &mut changed);
        while let Ok(event) = events.recv_timeout(DEBOUNCE) {
            rebuild |= note_change(&event, out_dir.as_deref(), &mut changed);
        }
        if rebuild {
            for path in changed.iter().filter_map(|p| shown_change(p, &packs)) {
                errln!("changed {}", crate::diag::escape_path(&options.packs_dir.join(path)));
            }
        }
    }
}

/// `watching packs (2 cases) for changes, writing to dist; Ctrl-C stops`.
fn watching_line(options: &BuildOptions) -> String {
    let cases = crate::load::discover_cases(&options.packs_dir).map(|c| c.len()).unwrap_or(0);
    let out = options.out_dir.as_deref().map(crate::diag::escape_path).unwrap_or_default();
    format!(
        "watching {} ({cases} case(s)) for changes, writing to {out}; Ctrl-C stops",
        crate::diag::escape_path(&options.packs_dir)
    )
}

/// [`is_input_change`], keeping the paths of an input change in `changed`.
fn note_change(
    event: &notify::Result<notify::Event>,
    out_dir: Option<&Path>,
    changed: &mut std::collections::BTreeSet<PathBuf>,
) -> bool {
    let input = is_input_change(event, out_dir);
    if let (true, Ok(event)) = (input, event) {
        changed.extend(event.paths.iter().cloned());
    }
    input
}

/// A changed path as the coordinator knows it, relative to the packs folder; `None`
/// for the folders themselves and an editor's own files (`.fr.md.swp`, `fr.md~`,
/// hidden temporary files), which are no input.
fn shown_change(path: &Path, packs: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(packs).ok()?;
    let name = relative.file_name()?.to_string_lossy();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || path.is_dir() {
        return None;
    }
    Some(relative.to_path_buf())
}

/// Whether an event touches an input: anything in the packs folder but the output
/// folder, should it be inside it, and mere reads.
fn is_input_change(event: &notify::Result<notify::Event>, out_dir: Option<&Path>) -> bool {
    let Ok(event) = event else { return true };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    let in_output = |path: &PathBuf| out_dir.is_some_and(|out| path.starts_with(out));
    event.paths.is_empty() || !event.paths.iter().all(in_output)
}

/// One build, printed as the problems of the files it built and one line. The output
/// folder is locked for the build only, so a `prune` or `index` can run between saves.
fn rebuild_once(options: &BuildOptions, when_busy: WhenBusy) -> Result<(), Diagnostic> {
    let _lock = match &options.out_dir {
        Some(out) => Some(crate::jobs::lock::lock_output(out, when_busy)?),
        None => None,
    };
    let started = Instant::now();
    let report = run_build(options).map_err(|usage| usage.0)?;
    let problems = print_problems(&report);
    for job in report.jobs.iter().filter(|j| !j.skipped && j.outcome.is_ok()) {
        errln!("wrote {}", crate::diag::escape_path(&job.path));
    }
    errln!("{}", rebuild_line(&report, problems, started.elapsed()));
    Ok(())
}

/// Prints the errors and warnings of the files built this time (an unchanged file's
/// were printed when it was built), each once; returns how many.
fn print_problems(report: &BuildReport) -> usize {
    let built = report.jobs.iter().filter(|j| !j.skipped);
    let mut problems: Vec<&Diagnostic> = report.case_errors.iter().collect();
    for job in built {
        problems.extend(job.warnings.warnings());
        problems.extend(job.outcome.as_ref().err().into_iter().flatten());
    }
    problems.sort();
    problems.dedup();
    for diag in &problems {
        errln!("{diag}");
    }
    problems.len()
}

/// `rebuilt 4 file(s), 16 unchanged, 1 failed, 2 problem(s) in 84 ms`.
fn rebuild_line(report: &BuildReport, problems: usize, took: Duration) -> String {
    let (built, unchanged, failed) = report.counts();
    format!(
        "rebuilt {built} file(s), {unchanged} unchanged, {failed} failed, {problems} problem(s) in {} ms",
        took.as_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_in_the_output_folder_and_reads_are_not_inputs() {
        let out = Path::new("/p/dist");
        let event = |kind, path: &str| Ok(notify::Event::new(kind).add_path(PathBuf::from(path)));
        let modify = notify::EventKind::Modify(notify::event::ModifyKind::Any);
        let read = notify::EventKind::Access(notify::event::AccessKind::Any);
        assert!(is_input_change(&event(modify, "/p/case/fr.md"), Some(out)));
        assert!(!is_input_change(&event(modify, "/p/dist/case/case-fr-pack.pdf"), Some(out)));
        assert!(!is_input_change(&event(read, "/p/case/fr.md"), Some(out)));
        assert!(is_input_change(&event(modify, "/p/dist/x.pdf"), None));
    }

    #[test]
    fn changes_are_shown_from_the_packs_folder_without_editor_files() {
        let packs = Path::new("/p");
        assert_eq!(shown_change(Path::new("/p/case/fr.md"), packs), Some(PathBuf::from("case/fr.md")));
        for editor in ["/p/case/.fr.md.swp", "/p/case/fr.md~", "/p/case/.#fr.md", "/elsewhere/fr.md"] {
            assert_eq!(shown_change(Path::new(editor), packs), None, "{editor}");
        }
    }
}
