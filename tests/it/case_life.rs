//! The life of a case, end to end: closing and withdrawing a case, removing its
//! folder, `prune`; a case without a solidarity address; language files misnamed;
//! `--lang` naming nothing; and the CI log (one stream, counters in order, a summary
//! that counts files and cases).

use crate::common;

use std::path::Path;

use common::{appealpress, packs_copy, set_status};

fn manifest(dist: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dist.join("manifest.json")).unwrap()).unwrap()
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = appealpress(dir, args);
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout: {}", String::from_utf8_lossy(&out.stdout));
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!log.contains("panicked"), "{log}");
    (out.status.code(), log)
}

fn withdrawn_files(dist: &Path) -> Vec<String> {
    let manifest = manifest(dist);
    let Some(list) = manifest["withdrawn"].as_array() else { return Vec::new() };
    list.iter().map(|w| w["file"].as_str().unwrap().to_string()).collect()
}

#[test]
fn closing_a_case_withdraws_its_files_and_prune_deletes_exactly_those() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    let build = ["build", "packs", "--out", "dist"];
    let (code, log) = run(dir.path(), &build);
    assert_eq!(code, Some(0), "{log}");
    let arabic: Vec<String> = std::fs::read_dir(dist.join("arabic-case"))
        .unwrap()
        .map(|e| format!("arabic-case/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|f| f != "arabic-case/index.html")
        .collect();
    assert_eq!(arabic.len(), 7, "four PDFs, the thumbnail, the press files' job sheets: {arabic:?}");
    assert!(dist.join("arabic-case/index.html").is_file(), "the case's page");

    // Closed, in capitals as people write it: a note, exit 0, nothing built for it, off
    // the page, every earlier file (thumbnail too) listed as withdrawn.
    set_status(dir.path(), "arabic-case", "Closed");
    let (code, log) = run(dir.path(), &build);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("note: packs/arabic-case/case.yaml:"), "{log}");
    assert!(log.contains("case `arabic-case` is closed"), "{log}");
    assert!(!log.contains("] built dist/arabic-case"), "{log}");
    let page = std::fs::read_to_string(dist.join("index.html")).unwrap();
    assert!(!page.contains("arabic-case"), "the page still lists the closed case");
    // Its own page, which names the person, is gone at once (not left for prune).
    assert!(!dist.join("arabic-case/index.html").exists(), "the closed case's page stays");
    let arabic_page = std::fs::read_to_string(dist.join("index.ar.html")).unwrap_or_default();
    assert!(!arabic_page.contains("arabic-case"), "the Arabic page still lists the closed case");
    assert!(manifest(&dist)["outputs"].as_array().unwrap().iter().all(|e| e["case"] != "arabic-case"));
    let mut expected = arabic.clone();
    expected.sort();
    assert_eq!(withdrawn_files(&dist), expected);
    // A second build keeps them listed while they are there.
    run(dir.path(), &build);
    assert_eq!(withdrawn_files(&dist), expected);

    // prune --dry-run lists them and deletes nothing.
    let (code, log) = run(dir.path(), &["prune", "--out", "dist", "--dry-run"]);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("would remove 7 file(s)"), "{log}");
    assert!(expected.iter().all(|f| dist.join(f).is_file()));

    // A file someone changed since is kept, with an error; the rest go.
    let changed = dist.join("arabic-case/arabic-case-ar-pack.pdf");
    let mut bytes = std::fs::read(&changed).unwrap();
    bytes.extend_from_slice(b"%edited\n");
    std::fs::write(&changed, &bytes).unwrap();
    let (code, log) = run(dir.path(), &["prune", "--out", "dist"]);
    assert_eq!(code, Some(1), "{log}");
    assert!(log.contains("removed 6 file(s), 1 kept"), "{log}");
    assert!(log.contains("its sha256 differs"), "{log}");
    assert!(changed.is_file());
    for file in expected.iter().filter(|f| !f.ends_with("-ar-pack.pdf")) {
        assert!(!dist.join(file).exists(), "{file} was not deleted");
    }
    assert_eq!(withdrawn_files(&dist), ["arabic-case/arabic-case-ar-pack.pdf"]);
    // The other case's files are untouched.
    assert!(dist.join("latin-case/latin-case-en-pack.pdf").is_file());

    // A removed case folder: its files are withdrawn as `case removed`; prune deletes
    // them and the folder left empty.
    std::fs::remove_dir_all(dir.path().join("packs/latin-case")).unwrap();
    std::fs::write(dir.path().join("packs/arabic-case/keep.txt"), "").unwrap();
    set_status(dir.path(), "arabic-case", "active");
    let (code, log) = run(dir.path(), &build);
    assert_eq!(code, Some(0), "{log}");
    let removed = manifest(&dist)["withdrawn"].as_array().unwrap().clone();
    assert_eq!(removed.len(), 13, "{removed:#?}");
    assert!(removed.iter().filter(|w| w["case"] == "latin-case").all(|w| w["reason"] == "case removed"));
    // The reopened case's pack was built again over the edited file: not withdrawn.
    assert!(removed.iter().all(|w| w["case"] != "arabic-case"), "{removed:#?}");
    let (code, log) = run(dir.path(), &["prune", "--out", "dist"]);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("removed 13 file(s)"), "{log}");
    assert!(!dist.join("latin-case").exists());
    assert!(withdrawn_files(&dist).is_empty());
}

#[test]
fn a_withdrawn_case_is_never_built_and_says_to_prune() {
    let dir = packs_copy();
    set_status(dir.path(), "arabic-case", "withdrawn");
    let (code, log) = run(dir.path(), &["build", "packs", "--out", "dist", "--include-closed"]);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("case `arabic-case` is withdrawn"), "{log}");
    assert!(log.contains("run `appealpress prune` now"), "{log}");
    assert!(!dir.path().join("dist/arabic-case").exists());
    // `check` reports it as a note too, not an error (the other seven notes are the
    // framing of latin-case's photo: its two languages print on A4 and Letter, so two
    // for each product but the press postcard).
    let (code, log) = run(dir.path(), &["check", "packs"]);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("note: packs/arabic-case/case.yaml:") && log.contains("is withdrawn"), "{log}");
    assert!(log.contains("8 note(s)"), "{log}");
}

#[test]
fn a_case_without_solidarity_gets_packs_and_no_postcard() {
    let dir = packs_copy();
    let yaml = dir.path().join("packs/latin-case/case.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let without = &text[..text.find("solidarity:").unwrap()];
    std::fs::write(&yaml, without).unwrap();
    let (code, log) = run(dir.path(), &["build", "packs", "--out", "dist", "--profile", "home"]);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("case `latin-case` has no `solidarity` address, so no postcard is made"), "{log}");
    let dist = dir.path().join("dist/latin-case");
    assert!(dist.join("latin-case-en-pack.pdf").is_file() && dist.join("latin-case-fr-pack.pdf").is_file());
    assert!(!dist.join("latin-case-en-postcard.pdf").exists());
}

#[test]
fn a_misnamed_language_file_is_an_error_naming_the_tag_meant() {
    let dir = packs_copy();
    let case = dir.path().join("packs/latin-case");
    std::fs::rename(case.join("fr.md"), case.join("french.md")).unwrap();
    std::fs::write(case.join("README.md"), "Notes for the editors.\n").unwrap();
    let (code, log) = run(dir.path(), &["build", "packs", "--out", "dist", "--profile", "home"]);
    assert_eq!(code, Some(1), "{log}");
    assert!(
        log.contains("error: packs/latin-case/french.md: `french.md` is not named by a language tag"),
        "{log}"
    );
    assert!(log.contains("rename it `fr.md`"), "{log}");
    assert!(!log.contains("README"), "{log}");
    // Upper case is a tag, written canonically.
    std::fs::rename(case.join("french.md"), case.join("FR.md")).unwrap();
    let (code, log) =
        run(dir.path(), &["build", "packs", "--out", "dist", "--profile", "home", "--lang", "Fr"]);
    assert_eq!(code, Some(0), "{log}");
    assert!(dir.path().join("dist/latin-case/latin-case-fr-pack.pdf").is_file(), "{log}");
}

#[test]
fn a_language_no_case_has_exits_2_listing_those_there_are() {
    let dir = packs_copy();
    let (code, log) = run(dir.path(), &["build", "packs", "--out", "dist", "--lang", "de"]);
    assert_eq!(code, Some(2), "{log}");
    assert!(log.contains("no case here has a `de.md`"), "{log}");
    assert!(log.contains("languages here: ar, en, fr"), "{log}");
}

#[test]
fn the_ci_log_is_one_stream_in_order_with_a_consistent_summary() {
    let dir = packs_copy();
    // A photo that cannot be decoded fails every job of its case; the summary counts
    // the files and says it is one case.
    std::fs::write(dir.path().join("packs/arabic-case/photo.jpg"), b"not a jpeg").unwrap();
    let yaml = std::fs::read_to_string(dir.path().join("packs/arabic-case/case.yaml")).unwrap();
    assert!(yaml.contains("photo.jpg"), "the fixture's photo moved: {yaml}");
    let (code, log) = run(dir.path(), &["build", "packs", "--out", "dist", "--jobs", "2"]);
    assert_eq!(code, Some(1), "{log}");
    let counters: Vec<usize> =
        log.lines().filter_map(|l| l.strip_prefix('[')?.split_once('/')?.0.trim().parse().ok()).collect();
    assert_eq!(counters, (1..=12).collect::<Vec<_>>(), "{log}");
    let summary = log.lines().last().unwrap();
    assert!(summary.starts_with("built 8 file(s), 4 failed (1 case with errors)"), "{log}");
}
