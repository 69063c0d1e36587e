//! Books for tests of this stage and of the stages above it: the shipped faces, and
//! books whose discovery finds a face in a folder made for the test.

use std::path::Path;
use std::sync::OnceLock;

use super::book::FontBook;
use super::family::Family;
pub(crate) use super::fixtures::thai_folder;
use super::sources::{FontSources, Origin};

/// The shipped fonts, loaded once for all tests of this crate.
pub(crate) fn test_fonts() -> &'static FontBook {
    static TEST_FONTS: OnceLock<FontBook> = OnceLock::new();
    TEST_FONTS.get_or_init(|| FontBook::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).unwrap())
}

/// A book without the shipped Thai faces, discovering them in `fonts` (see
/// [`thai_folder`]).
pub(crate) fn book_finding_thai(fonts: &Path) -> FontBook {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let roots = vec![(fonts.to_path_buf(), Origin::FontDir)];
    let sources = FontSources { roots, cache: None, system_skipped: true };
    FontBook::load_families(&dir, |f| f != Family::Thai).unwrap().with_sources(sources)
}

/// A book whose discovery searches only a folder holding Noto Nastaliq Urdu
/// Regular, copied from Debian's fonts-noto-core; `None` where that is not installed,
/// unless `APPEALPRESS_REQUIRE_TOOLS` is set (as `.ci/run` does): then the missing
/// font fails the test rather than skip its Nastaliq half.
pub(crate) fn book_finding_nastaliq() -> Option<(tempfile::TempDir, FontBook)> {
    let system = Path::new("/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf");
    if !system.is_file() {
        assert!(
            std::env::var_os("APPEALPRESS_REQUIRE_TOOLS").is_none(),
            "Noto Nastaliq Urdu is required (APPEALPRESS_REQUIRE_TOOLS is set) but {} is missing: apt-get install fonts-noto-core",
            system.display()
        );
        eprintln!("note: Noto Nastaliq Urdu is not installed; skipping the Nastaliq choice");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(system, dir.path().join("NotoNastaliqUrdu-Regular.ttf")).unwrap();
    let roots = vec![(dir.path().to_path_buf(), Origin::FontDir)];
    let sources = FontSources { roots, cache: None, system_skipped: true };
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    Some((dir, FontBook::load(&fonts).unwrap().with_sources(sources)))
}
