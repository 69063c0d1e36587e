//! What to build and where: [`BuildOptions`], as the command line or a test gives it.

use std::path::PathBuf;

use crate::compose::Product;
use crate::fonts::FontSources;
use crate::layout::Profile;
use crate::load::CaseSource;
use crate::render::color::InkLimit;

use super::incremental::Shard;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder of case folders.
    pub(crate) packs_dir: PathBuf,
    /// Where outputs go; `None` builds in memory only (`check`).
    pub out_dir: Option<PathBuf>,
    /// Only these case ids (all when empty).
    pub(crate) cases: Vec<String>,
    /// Only these languages (all when empty).
    pub(crate) langs: Vec<String>,
    /// Products to build (all a case lists when empty).
    pub products: Vec<Product>,
    /// Profiles to build (all when empty).
    pub profiles: Vec<Profile>,
    /// Worker threads (rayon); `None` uses one per core.
    pub jobs: Option<usize>,
    /// The fonts folder.
    pub(crate) fonts_dir: PathBuf,
    /// Where to look for faces the shipped fonts lack (`--font-dir`, the environment,
    /// the system's folders); searched only when a text needs it.
    pub(crate) font_sources: FontSources,
    /// `SOURCE_DATE_EPOCH`.
    pub(crate) source_date: Option<i64>,
    /// Build cases with `status: closed` too (never `withdrawn` ones).
    pub(crate) include_closed: bool,
    /// Rebuild every job, even those whose inputs are unchanged.
    pub(crate) force: bool,
    /// Build only this slice of the cases.
    pub(crate) shard: Option<Shard>,
    /// The press photos' ink limit for every case (`--ink-limit`), over each
    /// case.yaml's `ink_limit`.
    pub(crate) ink_limit: Option<InkLimit>,
}

impl BuildOptions {
    /// Default options for a packs folder: everything, into `dist`, with font
    /// discovery as the command line has it without `--font-dir`.
    pub fn new(packs_dir: impl Into<PathBuf>, fonts_dir: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            packs_dir: packs_dir.into(),
            out_dir: Some(PathBuf::from("dist")),
            cases: Vec::new(),
            langs: Vec::new(),
            products: Vec::new(),
            profiles: Vec::new(),
            jobs: None,
            fonts_dir: fonts_dir.into(),
            font_sources: FontSources::from_env(&[]),
            source_date: None,
            include_closed: false,
            force: false,
            shard: None,
            ink_limit: None,
        }
    }

    /// The ink limit of a case's press files: the command line's, else its
    /// case.yaml's, else 300 %.
    pub(crate) fn ink_limit(&self, case: &CaseSource) -> InkLimit {
        self.ink_limit.or_else(|| case.facts.ink_limit.and_then(InkLimit::new)).unwrap_or_default()
    }

    /// The products asked for: every one when none was named (each case builds those
    /// of them its case.yaml lists).
    pub(super) fn products(&self) -> Vec<Product> {
        if self.products.is_empty() {
            Product::ALL.to_vec()
        } else {
            self.products.clone()
        }
    }

    /// The profiles asked for: both when none was named.
    pub(super) fn profiles(&self) -> Vec<Profile> {
        if self.profiles.is_empty() {
            vec![Profile::Home, Profile::Press]
        } else {
            self.profiles.clone()
        }
    }
}
