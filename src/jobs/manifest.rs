//! `<out>/manifest.json`: every output of the run, what it is, its size and digest,
//! the key of its inputs (for incremental builds), its warnings, and for failed jobs
//! the errors. CI, the next incremental build and the download page read it.
//!
//! A sharded build writes `manifest.shard-I-of-N.json` instead; `appealpress index`
//! merges the shards' manifests into `manifest.json`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::confine::confined;
use super::stamps::FileCheck;
use super::{BuildReport, JobResult, Shard};
use crate::compose::Product;
use crate::diag::{Diagnostic, Span};
use crate::layout::Profile;

/// The manifest file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// The tool that wrote it.
    pub(crate) tool: String,
    /// For a sharded build, which shard (`1/3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) shard: Option<String>,
    /// One entry per output, sorted by case, language, product, profile.
    pub(crate) outputs: Vec<Entry>,
    /// Errors that stopped whole cases (they have no outputs).
    pub(crate) case_errors: Vec<Diagnostic>,
    /// Files of earlier builds that must not stay public (closed, withdrawn or removed
    /// cases, languages and products no longer built), still in the output folder:
    /// `appealpress prune` deletes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) withdrawn: Vec<Withdrawn>,
}

/// A file of an earlier build that is to be deleted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Withdrawn {
    /// Path relative to the output folder, with `/`.
    pub(crate) file: String,
    /// Case id.
    pub(crate) case: String,
    /// Why: `case closed`, `case withdrawn`, `case removed`, `no longer built`.
    pub(crate) reason: String,
    /// Hex SHA-256 of the file as appealpress wrote it: `prune` deletes the file only
    /// while it still has these bytes.
    pub(crate) sha256: String,
}

/// One output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Case id.
    pub(crate) case: String,
    /// Language tag.
    pub(crate) language: String,
    /// The person's name as this language prints it.
    #[serde(default)]
    pub(crate) person: String,
    /// The case's deadline (`YYYY-MM-DD`), which the download page shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) deadline: Option<String>,
    /// The language's online action, which the download page links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) action_url: Option<String>,
    /// `pack` or `postcard`.
    pub(crate) product: Product,
    /// `home` or `press`.
    pub(crate) profile: Profile,
    /// Path relative to the output folder, with `/`.
    pub(crate) file: String,
    /// `built` (now, or by an earlier run with the same inputs) or `failed`. Whether
    /// this run wrote the file is in its log, not here, so that a build with nothing
    /// to do leaves the manifest byte for byte as it was.
    pub(crate) status: Status,
    /// Digest of everything the output is made from; equal keys, equal files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) key: Option<String>,
    /// Page count, when built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pages: Option<usize>,
    /// File size in bytes, when built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) bytes: Option<usize>,
    /// Hex SHA-256 of the file, when built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) sha256: Option<String>,
    /// The paper the file is printed on: `A4` or `Letter` for a home pack, the home
    /// postcard sheet (four cards) and the press pack's trimmed page; `A6` for a
    /// press postcard. Absent in manifests of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) paper: Option<PaperSize>,
    /// A picture of the first page (a JPEG; a PNG in earlier versions), relative to
    /// the output folder (one home pack per case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) thumbnail: Option<String>,
    /// For a failed job: the last good file is still at `file`, byte for byte as an
    /// earlier run wrote it, and is offered, marked not up to date; `pages`, `bytes`,
    /// `sha256` and `thumbnail` describe it. A failed job's file is never touched.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) kept_previous: bool,
    /// A press file's preflight (`appealpress preflight`'s checks), run on the file
    /// as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) preflight: Option<PreflightResult>,
    /// A press file's job sheet for the shop (plain text), relative to the output
    /// folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) job_sheet: Option<String>,
    /// Warnings for this output.
    #[serde(default)]
    pub(crate) warnings: Vec<Diagnostic>,
    /// Errors, for a failed job.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) errors: Vec<Diagnostic>,
}

/// What preflight said of a press file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PreflightResult {
    /// `pass`, `pass with warnings` or `fail`.
    pub(crate) verdict: String,
    /// The ink limit the file was converted to and checked against, in percent.
    pub(crate) ink_limit: u16,
    /// What was measured.
    pub(crate) measured: crate::preflight::Measured,
    /// Every finding, with its check id.
    #[serde(default)]
    pub(crate) findings: Vec<crate::preflight::Finding>,
}

/// A paper size, as print dialogs and the download page name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PaperSize {
    /// ISO A4, 210 x 297 mm.
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
    /// ISO A6, 105 x 148 mm: one postcard.
    A6,
    /// ISO A3, 297 x 420 mm: the poster of an A4 case.
    A3,
    /// US Tabloid, 11 x 17 in: the poster of a Letter case.
    Tabloid,
}

impl PaperSize {
    /// The paper `product` is printed on for `profile`, given the case's (or the
    /// language file's) paper for home prints: a press postcard is one A6 card, the
    /// rest are on the home paper (the postcard sheet holds four A6 cards on it).
    pub(crate) fn of(paper: crate::load::Paper, product: Product, profile: Profile) -> PaperSize {
        match (product, profile, paper) {
            (Product::Postcard, Profile::Press, _) => PaperSize::A6,
            (Product::Poster, _, crate::load::Paper::A4) => PaperSize::A3,
            (Product::Poster, _, crate::load::Paper::Letter) => PaperSize::Tabloid,
            (_, _, crate::load::Paper::A4) => PaperSize::A4,
            (_, _, crate::load::Paper::Letter) => PaperSize::Letter,
        }
    }
}

/// What became of an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
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
    pub(crate) fn is_built(&self) -> bool {
        matches!(self.status, Status::Built | Status::Unchanged)
    }

    /// True for an output whose file is there to be downloaded: built, or the last
    /// good file of a job that failed since ([`Entry::is_stale`]).
    pub(crate) fn is_offered(&self) -> bool {
        self.is_built() || self.is_stale()
    }

    /// True for the last good file of an output that failed to build in the run that
    /// wrote this manifest: offered, but not up to date with its sources.
    pub(crate) fn is_stale(&self) -> bool {
        self.status == Status::Failed && self.kept_previous && self.sha256.is_some()
    }

    /// The files the entry names: the output, its thumbnail and its job sheet, if any.
    pub(crate) fn files(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.file.as_str()).chain(self.thumbnail.as_deref()).chain(self.job_sheet.as_deref())
    }
}

/// The manifest of a whole build, and of a sharded one once `index` has merged it.
pub(crate) const MANIFEST_FILE: &str = "manifest.json";

/// A shard's manifest is `manifest.shard-I-of-N.json`: these three parts around the
/// numbers, written by [`manifest_name`] and read back by [`manifest_of`] only.
const SHARD_NAME: (&str, &str, &str) = ("manifest.shard-", "-of-", ".json");

/// [`MANIFEST_FILE`], or `manifest.shard-I-of-N.json` for a shard.
pub(crate) fn manifest_name(shard: Option<Shard>) -> String {
    match shard {
        Some(s) => shard_manifest_name(s.index, s.count),
        None => MANIFEST_FILE.to_string(),
    }
}

/// A shard's manifest name with `index` and `count` in place of the numbers: also
/// the pattern (`I`, `N`) that messages name.
fn shard_manifest_name(index: impl std::fmt::Display, count: impl std::fmt::Display) -> String {
    let (prefix, of, suffix) = SHARD_NAME;
    format!("{prefix}{index}{of}{count}{suffix}")
}

/// Which manifest a file name is: `Some(None)` for [`MANIFEST_FILE`], `Some(Some(shard))`
/// for a shard's, `None` for any other file.
pub(crate) fn manifest_of(name: &str) -> Option<Option<Shard>> {
    if name == MANIFEST_FILE {
        return Some(None);
    }
    let (prefix, of, suffix) = SHARD_NAME;
    let (index, count) = name.strip_prefix(prefix)?.strip_suffix(suffix)?.split_once(of)?;
    Some(Some(Shard { index: index.parse().ok()?, count: count.parse().ok()? }))
}

/// A path under the output folder as written in the manifest: relative, with `/`.
pub(crate) fn relative(path: &Path, out_dir: &Path) -> String {
    path.strip_prefix(out_dir).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// What a manifest says of a source file: its path from the packs folder's name on
/// (`packs/ali-aarrass/en.md`), never the build machine's absolute path, so that a
/// published manifest names no folder of the machine and is the same bytes whether
/// the packs folder was named relative or absolute. The shipped fonts folder, which
/// a missing font's hint names, is written `fonts`.
#[derive(Debug, Clone)]
pub(crate) struct SourcePaths {
    /// The packs folder as the run was given it.
    packs_dir: PathBuf,
    /// What it is written as.
    name: PathBuf,
    /// The shipped fonts folder as the run was given it.
    fonts_dir: PathBuf,
}

impl SourcePaths {
    /// Paths under `packs_dir` (and the folder `fonts_dir`) as written in a manifest.
    pub(crate) fn new(packs_dir: &Path, fonts_dir: &Path) -> SourcePaths {
        let name = packs_dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("packs"));
        SourcePaths { packs_dir: packs_dir.to_path_buf(), name, fonts_dir: fonts_dir.to_path_buf() }
    }

    fn path(&self, file: &Path) -> PathBuf {
        match file.strip_prefix(&self.packs_dir) {
            Ok(rest) => self.name.join(rest),
            Err(_) => file.to_path_buf(),
        }
    }

    fn text(&self, text: &str) -> String {
        let fonts = self.fonts_dir.display().to_string();
        let text = if self.fonts_dir.is_absolute() && fonts.len() > 1 {
            text.replace(&format!("{fonts} (shipped)"), "fonts (shipped)")
        } else {
            text.to_string()
        };
        let prefix = format!("{}/", self.packs_dir.display());
        if prefix == "/" || prefix == "./" {
            return text;
        }
        text.replace(&prefix, &format!("{}/", self.name.display()))
    }

    /// `diag` with its file, message and hints naming sources from the packs folder.
    pub(crate) fn diagnostic(&self, diag: &Diagnostic) -> Diagnostic {
        let mut diag = diag.clone();
        if let Some(span) = &mut diag.span {
            span.file = self.path(&span.file);
        }
        diag.message = self.text(&diag.message);
        diag.hints = diag.hints.iter().map(|h| self.text(h)).collect();
        diag
    }
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
        paper: job.paper,
        thumbnail: None,
        kept_previous: false,
        preflight: None,
        job_sheet: None,
        warnings: job.warnings.warnings().to_vec(),
        errors: Vec::new(),
    };
    match &job.outcome {
        Ok(built) => {
            entry.pages = Some(built.pages);
            entry.bytes = Some(built.bytes);
            entry.sha256 = Some(built.sha256.clone());
            entry.thumbnail = built.thumbnail.as_ref().map(|p| relative(p, out_dir));
            entry.preflight = built.preflight.clone();
            entry.job_sheet = built.job_sheet.as_ref().map(|p| relative(p, out_dir));
        }
        Err(errors) => {
            entry.status = Status::Failed;
            entry.key = None;
            // Whether the earlier file may be offered is decided against the last
            // manifest (`keep_last_good`), which knows what it was.
            entry.errors = errors.clone();
        }
    }
    entry
}

/// The manifest of a run.
pub(crate) fn manifest(
    report: &BuildReport,
    out_dir: &Path,
    shard: Option<Shard>,
    sources: &SourcePaths,
) -> Manifest {
    let outputs = report.jobs.iter().map(|job| entry(job, out_dir)).map(|mut entry| {
        entry.warnings = entry.warnings.iter().map(|d| sources.diagnostic(d)).collect();
        entry.errors = entry.errors.iter().map(|d| sources.diagnostic(d)).collect();
        entry
    });
    Manifest {
        tool: concat!("appealpress ", env!("CARGO_PKG_VERSION")).to_string(),
        shard: shard.map(|s| format!("{}/{}", s.index, s.count)),
        outputs: outputs.collect(),
        case_errors: report.case_errors.iter().map(|d| sources.diagnostic(d)).collect(),
        withdrawn: Vec::new(),
    }
}

/// Writes the manifest atomically under `out_dir`.
pub(crate) fn write_manifest(manifest: &Manifest, out_dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    let mut json = serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?;
    json.push(b'\n');
    let path = out_dir.join(name);
    super::write::write_atomic(&path, &json)?;
    Ok(path)
}

/// Reads a manifest; `None` when there is none or it cannot be parsed.
pub(crate) fn read_manifest(path: &Path) -> Option<Manifest> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Reads the last run's manifest: `Ok(None)` when there is none; a warning naming it
/// when it is there but cannot be read or parsed (truncated, edited by hand). A
/// damaged manifest costs a full build; what must be withdrawn is found on disk.
pub(crate) fn read_previous_manifest(path: &Path) -> Result<Option<Manifest>, Diagnostic> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(damaged(path, e.to_string())),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| damaged(path, e.to_string()))
}

fn damaged(path: &Path, why: String) -> Diagnostic {
    Diagnostic::warning(Some(Span::file(path)), format!("cannot read the last build's manifest ({why})"))
        .with_hint("every file is built again, and the files of withdrawn cases are found in the folder")
}

/// The entries of the last run's manifest that can stand for an unchanged output,
/// by file: built, with a key, and the file (and its thumbnail) still byte for byte
/// as recorded.
pub(crate) fn reusable_entries(previous: &Manifest, check: &FileCheck) -> HashMap<String, Entry> {
    use rayon::prelude::*;
    // Looked at in parallel: a `stat` or two per file of the catalogue.
    previous
        .outputs
        .par_iter()
        .filter(|e| e.is_built() && e.key.is_some() && check.is_as_recorded(&e.file, e.sha256.as_deref()))
        .filter(|e| e.thumbnail.as_ref().is_none_or(|t| check.is_as_recorded(t, None)))
        .map(|e| (e.file.clone(), e.clone()))
        .collect()
}

/// Why an output of the last manifest that this run did not build is kept in the
/// new one ([`carry_over`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CarriedOver {
    /// This run did not look at it (another case or language than `--case`/`--lang`
    /// selected): it stays as it was, up to date or not.
    NotLookedAt,
    /// Its case failed to load (a tab in case.yaml, a broken photo): its last good
    /// file stays offered, marked not up to date, rather than vanishing.
    CaseFailed,
}

/// Keeps in `current` the outputs of the last manifest that this run did not build,
/// as `why` says of each (`None`: not kept), so that a partial build or a broken
/// case does not drop files from the manifest and the download page. Only outputs
/// whose file is still there as recorded are kept.
pub(crate) fn carry_over(
    current: &mut Manifest,
    previous: &Manifest,
    check: &FileCheck,
    why: impl Fn(&Entry) -> Option<CarriedOver>,
) {
    let seen: std::collections::HashSet<String> = current.outputs.iter().map(|e| e.file.clone()).collect();
    let kept = previous.outputs.iter().filter(|e| !seen.contains(&e.file)).filter_map(|e| {
        let why = why(e)?;
        (e.is_offered() && check.is_as_recorded(&e.file, e.sha256.as_deref())).then_some((e, why))
    });
    let kept: Vec<Entry> = kept
        .map(|(e, why)| {
            let mut e = e.clone();
            if e.status == Status::Unchanged {
                e.status = Status::Built;
            }
            if why == CarriedOver::CaseFailed {
                e.status = Status::Failed;
                e.kept_previous = true;
                // The case's errors are the manifest's `case_errors`; a key would
                // claim the file matches today's sources.
                e.key = None;
            }
            // A thumbnail no longer as it was written is not shown.
            e.thumbnail = e.thumbnail.filter(|t| check.is_as_recorded(t, None));
            e
        })
        .collect();
    current.outputs.extend(kept);
    sort_outputs(&mut current.outputs);
}

/// For each output that failed this run, offers its last good file, marked not up to
/// date, when the last manifest describes it and it is still there byte for byte as
/// recorded (pages, size, digest and thumbnail copied from that record). A file that
/// is there but not as recorded is left alone and not offered: nobody knows what it is.
pub(crate) fn keep_last_good(current: &mut Manifest, previous: Option<&Manifest>, check: &FileCheck) {
    let earlier: HashMap<&str, &Entry> = previous
        .map(|p| p.outputs.iter().filter(|e| e.is_offered()).map(|e| (e.file.as_str(), e)).collect())
        .unwrap_or_default();
    for entry in current.outputs.iter_mut().filter(|e| e.status == Status::Failed) {
        let last_good =
            earlier.get(entry.file.as_str()).filter(|e| check.is_as_recorded(&e.file, e.sha256.as_deref()));
        entry.kept_previous = last_good.is_some();
        if let Some(last) = last_good {
            entry.pages = last.pages;
            entry.bytes = last.bytes;
            entry.sha256 = last.sha256.clone();
            entry.paper = last.paper.or(entry.paper);
            entry.thumbnail = last.thumbnail.clone().filter(|t| check.is_as_recorded(t, None));
        }
    }
}

/// The first file `manifest` names that is not a plain path inside `out_dir` (`..`,
/// an absolute path, a path through a symlink): a manifest is data, and data never
/// makes the download page read or link a file outside the folder.
pub(crate) fn path_outside<'a>(manifest: &'a Manifest, out_dir: &Path) -> Option<&'a str> {
    let outputs = manifest.outputs.iter().flat_map(Entry::files);
    let withdrawn = manifest.withdrawn.iter().map(|w| w.file.as_str());
    outputs.chain(withdrawn).find(|f| confined(out_dir, f).is_none())
}

fn sort_outputs(outputs: &mut [Entry]) {
    outputs.sort_by(|a, b| {
        (&a.case, &a.language, &a.product, &a.profile).cmp(&(&b.case, &b.language, &b.product, &b.profile))
    });
}

/// Merges the manifests of the shards of one build (all `manifest.shard-*-of-N.json`
/// in `out_dir`, which must agree on N and be complete) into one manifest.
pub(crate) fn merge_shards(out_dir: &Path) -> Result<Manifest, String> {
    let entries =
        std::fs::read_dir(out_dir).map_err(|e| format!("cannot read {}: {e}", out_dir.display()))?;
    let mut shards: Vec<(usize, usize, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let shard = manifest_of(&e.file_name().to_string_lossy())??;
            Some((shard.index, shard.count, e.path()))
        })
        .collect();
    shards.sort();
    let Some(&(_, count, _)) = shards.first() else {
        let pattern = shard_manifest_name("I", "N");
        return Err(format!("no shard manifests ({pattern}) in {}", out_dir.display()));
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
        if let Some(outside) = path_outside(&manifest, out_dir) {
            return Err(format!(
                "{} names `{outside}`, which is not a file inside the output folder: refusing to publish it",
                path.display()
            ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_name_reads_back_as_the_manifest_it_names() {
        assert_eq!(manifest_name(None), "manifest.json");
        assert_eq!(manifest_of("manifest.json"), Some(None));
        let shard = Shard { index: 2, count: 3 };
        assert_eq!(manifest_name(Some(shard)), "manifest.shard-2-of-3.json");
        assert_eq!(manifest_of(&manifest_name(Some(shard))), Some(Some(shard)));
        for other in
            ["index.html", "manifest.shard-x-of-3.json", "manifest.shard-2.json", "manifest.json.tmp"]
        {
            assert_eq!(manifest_of(other), None, "{other}");
        }
    }
}
