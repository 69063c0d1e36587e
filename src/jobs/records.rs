//! What a run leaves beside its outputs once its jobs are done: the manifest (with the
//! outputs it did not look at carried over, and the files that must go listed as
//! withdrawn), the stamps of the files it lists, and the download page.

use std::collections::HashSet;
use std::path::Path;

use crate::diag::{Diagnostic, Span};

use super::manifest::{self, Entry};
use super::options::BuildOptions;
use super::plan::outside_selection;
use super::report::BuildReport;
use super::{index_page, journal, publish, stamps, withdraw};

/// Writes what a run leaves beside its outputs: the manifest (with the outputs it did
/// not look at carried over and the files that must go listed as withdrawn), the
/// stamps of the files it lists, and the download page.
pub(super) fn write_records(
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
            let path = out_dir.join(index_page::FIRST_PAGE);
            report.case_errors.push(Diagnostic::in_file(&path, format!("cannot write: {e}")));
        }
    }
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
