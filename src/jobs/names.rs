//! The names the stage gives the files it writes beside each other in a case's
//! output folder: the PDF of each output, its thumbnail, its job sheet; and the
//! photo digests' file. Everything that writes, lists or withdraws such a file reads
//! its name here.

use std::path::{Path, PathBuf};

use crate::compose::Product;
use crate::layout::Profile;

/// Output file name: `<case>-<lang>-<product>.pdf`, `-press` before `.pdf` for press.
pub(crate) fn output_name(case: &str, lang: &str, product: Product, profile: Profile) -> String {
    format!("{case}-{lang}{}", output_ending(product, profile))
}

/// What follows the language in an output's name: `-pack.pdf`, `-postcard-press.pdf`.
pub(crate) fn output_ending(product: Product, profile: Profile) -> String {
    let suffix = if profile == Profile::Press { "-press" } else { "" };
    format!("-{}{suffix}.pdf", product.name())
}

/// Where the thumbnail of the home pack at `pdf` goes.
pub(crate) fn thumbnail_path(pdf: &Path) -> PathBuf {
    pdf.with_extension(THUMBNAIL_EXTENSION)
}

/// The thumbnail's extension: it is `<case>-<lang>-pack.jpg`, beside the home pack
/// whose first page it shows ([`thumbnail_path`]).
pub(crate) const THUMBNAIL_EXTENSION: &str = "jpg";

/// The extensions of thumbnails earlier versions wrote (a PNG beside the pack): read
/// back as thumbnails by `withdraw.rs`, so that a withdrawn case's old picture goes
/// too, and deleted when the new one is written.
pub(crate) const EARLIER_THUMBNAIL_EXTENSIONS: &[&str] = &["png"];

/// A press file's job sheet: its name with `.txt`.
pub(crate) fn job_sheet_path(pdf: &Path) -> PathBuf {
    pdf.with_extension("txt")
}

/// The photo digests the last run took, by the stamp of each photo (`DigestMemo`).
pub(crate) const PHOTO_DIGESTS_FILE: &str = ".appealpress/photo-digests.json";
