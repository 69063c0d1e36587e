//! `<out>/manifest.json`: every output of the run, what it is, its size and digest,
//! its warnings, and for failed jobs the errors. CI and the download page read it.

use std::path::Path;

use serde::Serialize;

use super::{BuildReport, JobResult};

/// The manifest file.
#[derive(Debug, Serialize)]
pub struct Manifest {
    /// The tool that wrote it.
    pub tool: String,
    /// One entry per output, sorted by case, language, product, profile.
    pub outputs: Vec<Entry>,
    /// Errors that stopped whole cases (they have no outputs).
    pub case_errors: Vec<String>,
}

/// One output.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Case id.
    pub case: String,
    /// Language tag.
    pub language: String,
    /// `pack` or `postcard`.
    pub product: &'static str,
    /// `home` or `press`.
    pub profile: &'static str,
    /// Path relative to the output folder.
    pub file: String,
    /// `built` or `failed`.
    pub status: &'static str,
    /// Page count, when built.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// File size in bytes, when built.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<usize>,
    /// Hex SHA-256 of the file, when built.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// For a failed job: whether an earlier file is still at `file` (left untouched).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub kept_previous: bool,
    /// Warnings for this output, as printed.
    pub warnings: Vec<String>,
    /// Errors, for a failed job.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

fn entry(job: &JobResult, out_dir: &Path) -> Entry {
    let file = job.path.strip_prefix(out_dir).unwrap_or(&job.path).to_string_lossy().replace('\\', "/");
    let warnings = job.warnings.iter().map(ToString::to_string).collect();
    let mut entry = Entry {
        case: job.case.clone(),
        language: job.lang.clone(),
        product: job.product.name(),
        profile: job.profile.name(),
        file,
        status: "built",
        pages: None,
        bytes: None,
        sha256: None,
        kept_previous: false,
        warnings,
        errors: Vec::new(),
    };
    match &job.outcome {
        Ok(built) => {
            entry.pages = Some(built.pages);
            entry.bytes = Some(built.bytes);
            entry.sha256 = Some(built.sha256.clone());
        }
        Err(errors) => {
            entry.status = "failed";
            entry.kept_previous = job.path.is_file();
            entry.errors = errors.iter().map(ToString::to_string).collect();
        }
    }
    entry
}

/// The manifest of a run.
pub fn manifest(report: &BuildReport, out_dir: &Path) -> Manifest {
    Manifest {
        tool: concat!("appealpress ", env!("CARGO_PKG_VERSION")).to_string(),
        outputs: report.jobs.iter().map(|job| entry(job, out_dir)).collect(),
        case_errors: report.case_errors.iter().map(ToString::to_string).collect(),
    }
}

/// Writes `<out>/manifest.json` atomically.
pub fn write_manifest(report: &BuildReport, out_dir: &Path) -> std::io::Result<()> {
    let mut json = serde_json::to_vec_pretty(&manifest(report, out_dir)).map_err(std::io::Error::other)?;
    json.push(b'\n');
    super::write::write_atomic(&out_dir.join("manifest.json"), &json)
}
