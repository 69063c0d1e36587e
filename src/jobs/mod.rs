//! Jobs stage: plans jobs (case x language x product x profile), skips those whose
//! inputs are unchanged since the last manifest, runs the rest in parallel with rayon,
//! checks the photo's resolution, and writes outputs atomically.
//!
//! Cases stream through: all are read and keyed up front (text only, cheap), but a
//! photo is decoded only for a case with work to do, and dropped with the case, so
//! memory stays flat however large the catalogue. Fonts are loaded once per run;
//! encoded photos, and the text of each language's pack, are shared by the jobs of a
//! case (`Shared`).
//!
//! A run, file by file: `options.rs` (what to build), `plan.rs` (which jobs, their
//! paths and keys), `run.rs` (loading, laying out, what a case's jobs share:
//! `CaseRun`), `photo_checks.rs` and `messages.rs` (the photo's checks; layout errors
//! as diagnostics), `output.rs` (render, preflight, write), `records.rs` (manifest,
//! stamps, download page), `report.rs` (what came of it); `names.rs` names every file
//! a job writes and `env.rs` reads the environment. The other files keep the output
//! folder: the manifest, incremental keys, withdrawal, pruning, publishing, locking,
//! atomic writes.

pub(crate) mod checks;
pub(crate) mod confine;
pub(crate) mod env;
pub mod incremental;
pub mod index_page;
pub(crate) mod job_sheet;
pub(crate) mod journal;
#[cfg(test)]
mod kit_tests;
pub mod lock;
pub(crate) mod manifest;
mod messages;
pub(crate) mod names;
pub(crate) mod options;
mod output;
mod photo_checks;
pub(crate) mod photo_store;
mod plan;
pub(crate) mod prune;
pub mod publish;
mod records;
pub(crate) mod report;
mod run;
pub(crate) mod stamps;
pub(crate) mod withdraw;
pub(crate) mod write;

pub(crate) use env::{default_fonts_dir, source_date_from_env};
pub(crate) use incremental::{hex, Shard};
pub use options::BuildOptions;
pub(crate) use report::{BuildReport, JobResult};
pub use run::{run_build, run_build_with_progress};
