//! A laid-out job's files: the PDF rendered, a press file preflighted as a shop would
//! and given its job sheet, a case's thumbnail drawn, each written atomically and
//! journalled before its rename.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::compose::Product;
use crate::diag::Diagnostic;
use crate::layout::{PagedDocument, Profile};
use crate::render::{self, render_pdf, RenderOptions};

use super::incremental::{hex, JobOutput};
use super::names::{job_sheet_path, thumbnail_path, EARLIER_THUMBNAIL_EXTENSIONS};
use super::plan::Job;
use super::report::Built;
use super::run::CaseRun;
use super::{job_sheet, journal, manifest, stamps, write};

/// Width of the first-page thumbnail written beside one home pack of each case, in
/// pixels: sharp at the download page's 5.5 rem (88 CSS pixels) on a double-density screen.
pub(crate) const THUMBNAIL_WIDTH: u32 = 176;

/// The most bytes a thumbnail may have: the first page of the download page loads
/// one per case.
pub(crate) const THUMBNAIL_MAX_BYTES: usize = 10 * 1024;

/// Renders and writes a laid-out job: the photo work (shared, and usually started
/// while the text of other jobs was set), the PDF and the thumbnail.
pub(super) fn make_output(run: &CaseRun, job: &Job, paged: &PagedDocument) -> Result<Built, Vec<Diagnostic>> {
    let CaseRun { shared, options, .. } = *run;
    let (case, entry) = (&run.case.source, &run.case.langs[job.lang]);
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
