//! The fixture catalogues built once per test run: every folder of fixture cases but
//! `bad/`, and the sample's `packs/`, each copied and built (every product, home and
//! press; the whole campaign kit for the sample and the script fixtures) into the
//! target's temporary folder. The column and composition tests read
//! the same PDFs back, so they are built once, not once per test.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use appealpress::load::discover_cases;

use super::{appealpress, copy_dir, noto_cjk_installed};

/// Every folder of fixture cases (`packs/`, `scripts/`, `languages/`, and any added
/// later), and the sample's `packs/`. `bad/` holds cases broken on purpose.
pub fn case_folders() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir() && !path.ends_with("bad"))
        .collect();
    folders.sort();
    folders.push(root.join("packs"));
    folders
}

/// Whether the catalogue of `folder` builds the whole campaign kit (petition, poster,
/// labels, tally sheet, bundle) besides the pack and the postcard: the sample, in its
/// five languages, and the script fixtures, one case per script.
pub fn builds_the_kit(folder: &Path) -> bool {
    folder.ends_with("scripts") || folder == Path::new(env!("CARGO_MANIFEST_DIR")).join("packs")
}

/// Every PDF a build of each of [`case_folders`] writes, sorted; the `scripts/`
/// folder only when Noto Sans CJK is installed.
pub fn built_pdfs() -> &'static [PathBuf] {
    static BUILT: OnceLock<Vec<PathBuf>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-catalogues");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        build_all(&dir)
    })
}

/// The pack PDFs (home and press) of [`built_pdfs`].
pub fn built_packs() -> Vec<PathBuf> {
    built_pdfs()
        .iter()
        .filter(|pdf| {
            let name = pdf.file_name().unwrap().to_string_lossy();
            name.ends_with("-pack.pdf") || name.ends_with("-pack-press.pdf")
        })
        .cloned()
        .collect()
}

/// Copies each folder under `dir` (a build writes its cache beside its output, never
/// into the fixtures) and builds it there.
fn build_all(dir: &Path) -> Vec<PathBuf> {
    let mut pdfs = Vec::new();
    for (n, folder) in case_folders().iter().enumerate() {
        let cases = discover_cases(folder).unwrap();
        if cases.is_empty() || (folder.ends_with("scripts") && !noto_cjk_installed()) {
            continue;
        }
        let packs = dir.join(format!("packs-{n}"));
        copy_dir(folder, &packs);
        if builds_the_kit(folder) {
            super::ask_for_the_kit(&packs);
        }
        let out = dir.join(format!("out-{n}"));
        let output = appealpress(dir, &["build", packs.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {}",
            folder.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        for case in std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
            pdfs.extend(
                std::fs::read_dir(case)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "pdf")),
            );
        }
    }
    pdfs.sort();
    pdfs
}
