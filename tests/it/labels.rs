//! Labels files written by a coordinator: one in a case folder changes that case's
//! fixed words in the PDF (read back with pdftotext), one in the packs folder changes
//! every case's, editing one rebuilds only the outputs of its language, and a broken
//! one fails that language's outputs with its file, line and column (exit 1) while the
//! rest still builds.

use crate::common;

use std::path::Path;

use common::*;

/// Builds the home packs of the fixture copy in `dir`; returns the exit code and stderr.
fn build(dir: &Path) -> (Option<i32>, String) {
    let args = ["build", "packs", "--out", "dist", "--product", "pack", "--profile", "home"];
    let out = appealpress(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stderr)
}

/// The text of a built PDF, read back by pdftotext; `None` without poppler.
fn pdf_text(dir: &Path, file: &str) -> Option<String> {
    let pdftotext = tool("pdftotext")?;
    let path = dir.join("dist").join(file);
    Some(run_tool(&pdftotext, &[path.to_str().unwrap(), "-"]))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_labels_file_in_a_case_folder_changes_its_fixed_words_and_rebuilds_its_language() {
    let dir = packs_copy();
    write(&dir.path().join("packs/latin-case/labels/en.yaml"), "kicker: \"Letterwriting marathon\"\n");
    let (code, stderr) = build(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    if let Some(text) = pdf_text(dir.path(), "latin-case/latin-case-en-pack.pdf") {
        assert!(text.contains("Letterwriting marathon"), "the override is not printed:\n{text}");
        assert!(!text.contains("Urgent appeal"), "the shipped kicker is still printed");
        // The fields the file leaves out keep the shipped wording.
        assert!(text.contains("Write to"), "{text}");
        let other = pdf_text(dir.path(), "arabic-case/arabic-case-ar-pack.pdf").unwrap_or_default();
        assert!(!other.contains("Letterwriting"), "another case took this case's labels");
    }

    // Editing the case's English labels rebuilds its English pack only.
    write(&dir.path().join("packs/latin-case/labels/en.yaml"), "kicker: \"Write for rights\"\n");
    let (code, stderr) = build(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(written(&stderr), ["latin-case/latin-case-en-pack.pdf"], "{stderr}");
    if let Some(text) = pdf_text(dir.path(), "latin-case/latin-case-en-pack.pdf") {
        assert!(text.contains("Write for rights"), "{text}");
    }
}

#[test]
fn a_labels_file_in_the_packs_folder_serves_every_case() {
    let dir = packs_copy();
    write(&dir.path().join("packs/labels/fr.yaml"), "kicker: \"Action urgente\"\n");
    let (code, stderr) = build(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    if let Some(text) = pdf_text(dir.path(), "latin-case/latin-case-fr-pack.pdf") {
        assert!(text.contains("Action urgente") && !text.contains("Appel urgent"), "{text}");
    }
}

#[test]
fn a_broken_labels_file_fails_its_language_with_file_and_line() {
    let dir = packs_copy();
    write(&dir.path().join("packs/latin-case/labels/fr.yaml"), "kicker: \"Appel\"\nstampe: \"Timbre\"\n");
    let (code, stderr) = build(dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    let expected = "latin-case/labels/fr.yaml:2:1: unknown field `stampe`";
    assert!(stderr.contains(expected), "expected `{expected}` in:\n{stderr}");
    assert!(stderr.contains("did you mean `stamp`?"), "{stderr}");
    let dist = dir.path().join("dist");
    assert!(!dist.join("latin-case/latin-case-fr-pack.pdf").exists(), "the broken language was built");
    assert!(dist.join("latin-case/latin-case-en-pack.pdf").exists(), "the case's other language failed too");
    assert!(dist.join("arabic-case/arabic-case-ar-pack.pdf").exists(), "the other case failed too");
}
