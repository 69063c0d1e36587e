//! `<out>/manifest.json`: every output of the run, what it is, its size and digest,
//! the key of its inputs (for incremental builds), its warnings, and for failed jobs
//! the errors. CI, the next incremental build and the download page read it.
//!
//! A sharded build writes `manifest.shard-I-of-N.json` instead; `appealpress index`
//! merges the shards' manifests into `manifest.json`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{BuildReport, JobResult, Shard};
use crate::compose::Product;
use crate::diag::Diagnostic;
use crate::layout::Profile;

/// The manifest file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The tool that wrote it.
    pub tool: String,
    /// For a sharded build, which shard (`1/3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// One entry per output, sorted by case, language, product, profile.
    pub outputs: Vec<Entry>,
    /// Errors that stopped whole cases (they have no outputs).
    pub case_errors: Vec<Diagnostic>,
    /// Files of earlier builds that must not stay public (closed, withdrawn or removed
    /// cases, languages and products no longer built), still in the output folder:
    /// `appealpress prune` deletes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<Withdrawn>,
}

/// A file of an earlier build that is to be deleted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Withdrawn {
    /// Path relative to the output folder, with `/`.
    pub file: String,
    /// Case id.
    pub case: String,
    /// Why: `case closed`, `case withdrawn`, `case removed`, `no longer built`.
    pub reason: String,
    /// Hex SHA-256 of the file as appealpress wrote it: `prune` deletes the file only
    /// while it still has these bytes.
    pub sha256: String,
}

/// One output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Case id.
    pub case: String,
    /// Language tag.
    pub language: String,
    /// The person's name as this language prints it.
    #[serde(default)]
    pub person: String,
    /// The case's deadline (`YYYY-MM-DD`), which the download page shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The language's online action, which the download page links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_url: Option<String>,
    /// `pack` or `postcard`.
    pub product: Product,
    /// `home` or `press`.
    pub profile: Profile,
    /// Path relative to the output folder, with `/`.
    pub file: String,
    /// `built` (now, or by an earlier run with the same inputs) or `failed`. Whether
    /// this run wrote the file is in its log, not here, so that a build with nothing
    /// to do leaves the manifest byte for byte as it was.
    pub status: Status,
    /// Digest of everything the output is made from; equal keys, equal files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Page count, when built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// File size in bytes, when built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<usize>,
    /// Hex SHA-256 of the file, when built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// A PNG of the first page, relative to the output folder (home packs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
    /// For a failed job: whether an earlier file is still at `file` (left untouched).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kept_previous: bool,
    /// Warnings for this output.
    #[serde(default)]
    pub warnings: Vec<Diagnostic>,
    /// Errors, for a failed job.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Diagnostic>,
}

/// What became of an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Built, now or by an earlier run with the same inputs.
    Built,
    /// How manifests of earlier versions said built by an earlier run; read, never
    /// written.
    Unchanged,
    /// The job failed.
    Failed,
}

impl Entry {
    /// True for an output that exists as described.
    pub fn is_built(&self) -> bool {
        matches!(self.status, Status::Built | Status::Unchanged)
    }
}

/// `manifest.json`, or `manifest.shard-I-of-N.json` for a shard.
pub fn manifest_name(shard: Option<Shard>) -> String {
    match shard {
        Some(s) => format!("manifest.shard-{}-of-{}.json", s.index, s.count),
        None => "manifest.json".to_string(),
    }
}

/// A path under the output folder as written in the manifest: relative, with `/`.
pub fn relative(path: &Path, out_dir: &Path) -> String {
    path.strip_prefix(out_dir).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn entry(job: &JobResult, out_dir: &Path) -> Entry {
    let mut entry = Entry {
        case: job.case.clone(),
        language: job.lang.clone(),
        person: job.person.clone(),
        deadline: job.deadline.clone(),
        action_url: job.action_url.clone(),
        product: job.product,
        profile: job.profile,
        file: relative(&job.path, out_dir),
        status: Status::Built,
        key: job.key.clone(),
        pages: None,
        bytes: None,
        sha256: None,
        thumbnail: None,
        kept_previous: false,
        warnings: job.warnings.warnings().to_vec(),
        errors: Vec::new(),
    };
    match &job.outcome {
        Ok(built) => {
            entry.pages = Some(built.pages);
            entry.bytes = Some(built.bytes);
            entry.sha256 = Some(built.sha256.clone());
            entry.thumbnail = built.thumbnail.as_ref().map(|p| relative(p, out_dir));
        }
        Err(errors) => {
            entry.status = Status::Failed;
            entry.key = None;
            entry.kept_previous = job.path.is_file();
            entry.errors = errors.clone();
        }
    }
    entry
}

/// The manifest of a run.
pub fn manifest(report: &BuildReport, out_dir: &Path, shard: Option<Shard>) -> Manifest {
    Manifest {
        tool: concat!("appealpress ", env!("CARGO_PKG_VERSION")).to_string(),
        shard: shard.map(|s| format!("{}/{}", s.index, s.count)),
        outputs: report.jobs.iter().map(|job| entry(job, out_dir)).collect(),
        case_errors: report.case_errors.clone(),
        withdrawn: Vec::new(),
    }
}

/// The files to withdraw after a run: those the last manifest listed (as outputs, or
/// as withdrawn and not yet pruned) that this run did not build and `reason` says must
/// go, with their thumbnails, while they are still in the output folder. A file built
/// again (a case reopened) is no longer withdrawn.
pub fn withdrawn(
    current: &Manifest,
    previous: &Manifest,
    out_dir: &Path,
    reason: impl Fn(&Entry) -> Option<String>,
) -> Vec<Withdrawn> {
    let built: std::collections::HashSet<&str> = current
        .outputs
        .iter()
        .flat_map(|e| std::iter::once(e.file.as_str()).chain(e.thumbnail.as_deref()))
        .collect();
    let mut list: Vec<Withdrawn> = previous.withdrawn.clone();
    for entry in previous.outputs.iter().filter(|e| !built.contains(e.file.as_str())) {
        let Some(reason) = reason(entry) else { continue };
        let withdraw = |file: &str, sha256: Option<String>| {
            // A file the last run recorded no digest for (a failed job's earlier file)
            // is digested as it is now.
            let sha256 = sha256.or_else(|| file_digest(&out_dir.join(file)))?;
            Some(Withdrawn {
                file: file.to_string(),
                case: entry.case.clone(),
                reason: reason.clone(),
                sha256,
            })
        };
        list.extend(withdraw(&entry.file, entry.sha256.clone()));
        if let Some(thumbnail) = &entry.thumbnail {
            list.extend(withdraw(thumbnail, None));
        }
    }
    list.retain(|w| !built.contains(w.file.as_str()) && out_dir.join(&w.file).is_file());
    list.sort();
    list.dedup_by(|a, b| a.file == b.file);
    list
}

/// Hex SHA-256 of a file, when it can be read.
pub fn file_digest(path: &Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    Some(super::hex(&Sha256::digest(std::fs::read(path).ok()?)))
}

/// Writes the manifest atomically under `out_dir`.
pub fn write_manifest(manifest: &Manifest, out_dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    let mut json = serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?;
    json.push(b'\n');
    let path = out_dir.join(name);
    super::write::write_atomic(&path, &json)?;
    Ok(path)
}

/// Reads a manifest; `None` when there is none or it cannot be parsed (an old or
/// damaged manifest only means everything is built again).
pub fn read_manifest(path: &Path) -> Option<Manifest> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// The entries of the last run's manifest that can stand for an unchanged output,
/// by file: built, with a key, and the file still there at the recorded size.
pub fn reusable_entries(out_dir: &Path, previous: &Manifest) -> HashMap<String, Entry> {
    previous
        .outputs
        .iter()
        .filter(|e| e.is_built() && e.key.is_some() && file_is_as_recorded(out_dir, e))
        .filter(|e| e.thumbnail.as_ref().is_none_or(|t| out_dir.join(t).is_file()))
        .map(|e| (e.file.clone(), e.clone()))
        .collect()
}

fn file_is_as_recorded(out_dir: &Path, entry: &Entry) -> bool {
    let on_disk = std::fs::metadata(out_dir.join(&entry.file)).map(|m| m.len() as usize).ok();
    on_disk.is_some() && on_disk == entry.bytes
}

/// Keeps in `current` the outputs of the last manifest that this run did not look at
/// (`outside` says which: another language or case than `--lang`/`--case` selected),
/// so a partial build does not drop the rest of the folder from the manifest and the
/// download page. Only outputs whose file is still there as recorded are kept.
pub fn carry_over(
    current: &mut Manifest,
    previous: Manifest,
    out_dir: &Path,
    outside: impl Fn(&Entry) -> bool,
) {
    let seen: std::collections::HashSet<String> = current.outputs.iter().map(|e| e.file.clone()).collect();
    let kept = previous
        .outputs
        .into_iter()
        .filter(|e| !seen.contains(&e.file) && e.is_built() && outside(e) && file_is_as_recorded(out_dir, e));
    current.outputs.extend(kept.map(|mut e| {
        e.status = Status::Built;
        e
    }));
    sort_outputs(&mut current.outputs);
}

fn sort_outputs(outputs: &mut [Entry]) {
    outputs.sort_by(|a, b| {
        (&a.case, &a.language, &a.product, &a.profile).cmp(&(&b.case, &b.language, &b.product, &b.profile))
    });
}

/// Merges the manifests of the shards of one build (all `manifest.shard-*-of-N.json`
/// in `out_dir`, which must agree on N and be complete) into one manifest.
pub fn merge_shards(out_dir: &Path) -> Result<Manifest, String> {
    let entries =
        std::fs::read_dir(out_dir).map_err(|e| format!("cannot read {}: {e}", out_dir.display()))?;
    let mut shards: Vec<(usize, usize, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (index, count) =
                name.strip_prefix("manifest.shard-")?.strip_suffix(".json")?.split_once("-of-")?;
            Some((index.parse().ok()?, count.parse().ok()?, e.path()))
        })
        .collect();
    shards.sort();
    let Some(&(_, count, _)) = shards.first() else {
        return Err(format!("no shard manifests (manifest.shard-I-of-N.json) in {}", out_dir.display()));
    };
    if let Some((_, other, path)) = shards.iter().find(|(_, n, _)| *n != count) {
        return Err(format!("{} is a shard of {other}, others of {count}", path.display()));
    }
    let present: Vec<usize> = shards.iter().map(|(i, _, _)| *i).collect();
    let missing: Vec<String> =
        (1..=count).filter(|i| !present.contains(i)).map(|i| format!("{i}/{count}")).collect();
    if !missing.is_empty() {
        return Err(format!("shard manifests missing for {}", missing.join(", ")));
    }
    let mut merged = Manifest {
        tool: String::new(),
        shard: None,
        outputs: Vec::new(),
        case_errors: Vec::new(),
        withdrawn: Vec::new(),
    };
    let mut first_tool: Option<(String, &PathBuf)> = None;
    for (_, _, path) in &shards {
        let manifest = read_manifest(path).ok_or_else(|| format!("cannot read {}", path.display()))?;
        // Shards of different tools would mix files keyed, laid out and checked by
        // different code in one catalogue.
        match &first_tool {
            Some((tool, first)) if *tool != manifest.tool => {
                return Err(format!(
                    "{} was written by {}, {} by {tool}: build every shard with the same appealpress",
                    path.display(),
                    manifest.tool,
                    first.display()
                ))
            }
            Some(_) => {}
            None => first_tool = Some((manifest.tool.clone(), path)),
        }
        merged.tool = manifest.tool;
        merged.outputs.extend(manifest.outputs);
        merged.case_errors.extend(manifest.case_errors);
        merged.withdrawn.extend(manifest.withdrawn);
    }
    merged.withdrawn.sort();
    sort_outputs(&mut merged.outputs);
    merged.case_errors.sort();
    Ok(merged)
}
