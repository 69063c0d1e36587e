//! appealpress: case folders to print-ready appeal packs.
//!
//! The pipeline, one module per stage, dependencies pointing one way:
//! [`load`] → [`compose`] → [`fonts`] → [`text`] → [`layout`] → [`render`] → [`jobs`] → [`cli`].
//! See ARCHITECTURE.md for the types that flow between them.

pub mod cli;
pub mod compose;
pub mod date;
pub mod diag;
pub mod fonts;
pub mod jobs;
pub mod layout;
pub mod load;
pub mod locale;
pub mod once_map;
pub mod preflight;
pub mod render;
pub mod stamp;
pub mod text;
