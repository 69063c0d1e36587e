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

pub mod checks;
pub mod confine;
pub mod env;
pub mod incremental;
pub mod index_page;
pub mod job_sheet;
pub mod journal;
pub mod lock;
pub mod manifest;
mod messages;
pub mod names;
pub mod options;
mod output;
mod photo_checks;
pub mod photo_store;
mod plan;
pub mod prune;
pub mod publish;
mod records;
pub mod report;
mod run;
pub mod stamps;
pub mod withdraw;
pub mod write;

pub use env::{default_fonts_dir, source_date_from_env};
pub use incremental::{hex, JobOutput, Shard};
pub use options::BuildOptions;
pub use report::{BuildReport, Built, JobResult, Progress, UsageError};
pub use run::{run_build, run_build_with_progress};
