//! Fonts stage: the faces text may be set in, and which face sets a character.
//!
//! Below `text`, which shapes and breaks with the faces this stage chooses; nothing
//! here knows of shaping, paragraphs or pages. Like typst's font book (typst-library)
//! beside its discovery (typst-kit), split by job, each file using only those above
//! it in this list:
//!
//! - `family.rs`: the shipped families, the designs some languages prefer (Nastaliq
//!   for Urdu), [`Style`] (bold, italic), and which text is set larger.
//! - `face.rs`: one loaded face ([`FontFace`]) and the handle a run carries ([`Font`]).
//! - `sources.rs`: where discovery looks (`--font-dir`, `APPEALPRESS_FONT_PATH`, the
//!   system's folders).
//! - `cache.rs`: the font index's cache on disk.
//! - `tables.rs`: reading a font file's `cmap`, `name` and `OS/2` for the index.
//! - `scan.rs`: walking the font folders.
//! - `index.rs`: the faces found, ranked for a character and language, loaded lazily.
//! - `book.rs`: [`FontBook`], the shipped faces and the found ones, and the choice of
//!   a face for a character.
//! - `key.rs`: the fonts a job's text can reach, for its build key.
//!
//! Subsetting and hinting are the PDF writer's (`render/subset.rs`,
//! `render/hinting.rs`); the shape-plan cache is shaping's (`text/shape.rs`).

mod book;
mod cache;
mod face;
mod family;
#[cfg(test)]
mod fixtures;
mod index;
mod key;
mod scan;
mod sources;
mod tables;
#[cfg(test)]
pub(crate) mod testing;

pub use book::FontBook;
pub(crate) use face::{is_invisible, FaceId, Font, FontFace};
pub use family::{preferred_design, small_on_body, Design, Family, Style};
pub(crate) use key::fonts_key;
pub use sources::{FontSources, Origin, FONT_PATH_ENV};
#[cfg(test)]
pub(crate) use testing::test_fonts;
