//! Incremental builds and shards: an unchanged job is skipped and its file left alone;
//! an edit rebuilds only what depends on it; N shards build exactly the jobs of one
//! unsharded run, byte for byte.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use common::{appealpress, copy_dir, fixture_packs, packs_copy, written};

fn manifest(dist: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dist.join(name)).unwrap()).unwrap()
}

/// Status of each output in a manifest, by file.
fn statuses(dist: &Path) -> BTreeMap<String, String> {
    manifest(dist, "manifest.json")["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["file"].as_str().unwrap().to_string(), e["status"].as_str().unwrap().to_string()))
        .collect()
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn build(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "packs", "--out", "dist"];
    args.extend(extra);
    let out = appealpress(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[test]
fn editing_one_language_file_rebuilds_only_that_language() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    build(dir.path(), &[]);
    let first = statuses(&dist);
    assert_eq!(first.len(), 12);
    assert!(first.values().all(|s| s == "built"), "{first:?}");
    let times: BTreeMap<String, SystemTime> =
        first.keys().map(|f| (f.clone(), modified(&dist.join(f)))).collect();

    // Nothing changed: nothing is built, no file is touched, the manifest is byte for
    // byte the same.
    let manifest_before = std::fs::read(dist.join("manifest.json")).unwrap();
    let summary = build(dir.path(), &[]);
    assert!(summary.contains("built 0 file(s), 12 unchanged"), "{summary}");
    assert!(written(&summary).is_empty(), "{summary}");
    assert!(
        std::fs::read(dist.join("manifest.json")).unwrap() == manifest_before,
        "a no-op build changed manifest.json"
    );
    for (file, time) in &times {
        assert_eq!(modified(&dist.join(file)), *time, "{file} was rewritten");
    }

    // One edit to the French file: the four French outputs, nothing else.
    let fr = dir.path().join("packs/latin-case/fr.md");
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(&fr, format!("{text}\nUne phrase de plus.\n")).unwrap();
    let log = build(dir.path(), &[]);
    let rebuilt = written(&log);
    assert_eq!(
        rebuilt,
        [
            "latin-case/latin-case-fr-pack-press.pdf",
            "latin-case/latin-case-fr-pack.pdf",
            "latin-case/latin-case-fr-postcard-press.pdf",
            "latin-case/latin-case-fr-postcard.pdf",
        ]
    );
    for (file, time) in &times {
        if !file.contains("-fr-") {
            assert_eq!(modified(&dist.join(file)), *time, "{file} was rewritten");
        }
    }

    // A deleted output is noticed and built again; --force rebuilds everything to the
    // same bytes.
    std::fs::remove_file(dist.join("arabic-case/arabic-case-ar-postcard.pdf")).unwrap();
    let summary = build(dir.path(), &[]);
    assert!(summary.contains("built 1 file(s), 11 unchanged"), "{summary}");
    let before = manifest(&dist, "manifest.json");
    build(dir.path(), &["--force"]);
    let forced = manifest(&dist, "manifest.json");
    for (a, b) in before["outputs"].as_array().unwrap().iter().zip(forced["outputs"].as_array().unwrap()) {
        assert_eq!(b["status"], "built");
        assert_eq!((&a["file"], &a["sha256"], &a["key"]), (&b["file"], &b["sha256"], &b["key"]));
    }
}

#[test]
fn a_changed_photo_or_case_yaml_rebuilds_the_whole_case() {
    let dir = packs_copy();
    build(dir.path(), &["--profile", "home"]);
    let yaml = dir.path().join("packs/arabic-case/case.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}\n# a comment changes the key too\n")).unwrap();
    let built = written(&build(dir.path(), &["--profile", "home"]));
    assert_eq!(built, ["arabic-case/arabic-case-ar-pack.pdf", "arabic-case/arabic-case-ar-postcard.pdf"]);
    // The same photo under another name is still the same photo; other bytes are not.
    let photo = dir.path().join("packs/latin-case/photo.jpg");
    let mut bytes = std::fs::read(&photo).unwrap();
    bytes.extend_from_slice(b"trailing bytes after the JPEG's end");
    std::fs::write(&photo, bytes).unwrap();
    let built = written(&build(dir.path(), &["--profile", "home"]));
    assert_eq!(built.len(), 4, "{built:?}");
    assert!(built.iter().all(|f| f.starts_with("latin-case/")), "{built:?}");
}

#[test]
fn three_shards_build_exactly_the_unsharded_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    copy_dir(&fixture_packs(), &packs);
    // The sample case too, so three cases spread over the shards.
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/ali-aarrass"), &packs.join("ali-aarrass"));
    let run = |args: &[&str]| {
        let out = appealpress(dir.path(), args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["build", "packs", "--out", "whole", "--profile", "home"]);
    for shard in ["1/3", "2/3", "3/3"] {
        run(&["build", "packs", "--out", "sharded", "--profile", "home", "--shard", shard]);
    }
    assert!(!dir.path().join("sharded/manifest.json").exists(), "a shard wrote the whole manifest");
    run(&["index", "--out", "sharded"]);

    let whole = manifest(&dir.path().join("whole"), "manifest.json");
    let merged = manifest(&dir.path().join("sharded"), "manifest.json");
    assert_eq!(whole["outputs"], merged["outputs"]);
    let outputs = whole["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), (2 + 1 + 5) * 2);
    for entry in outputs {
        let file = entry["file"].as_str().unwrap();
        let a = std::fs::read(dir.path().join("whole").join(file)).unwrap();
        let b = std::fs::read(dir.path().join("sharded").join(file)).unwrap();
        assert!(a == b, "{file} differs between the sharded and the whole build");
    }
    // Each case was built by exactly one shard.
    let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for shard in 1..=3 {
        let name = format!("manifest.shard-{shard}-of-3.json");
        for entry in manifest(&dir.path().join("sharded"), &name)["outputs"].as_array().unwrap() {
            owners.entry(entry["case"].as_str().unwrap().to_string()).or_default().push(name.clone());
        }
    }
    for (case, shards) in owners {
        shards.windows(2).for_each(|w| assert_eq!(w[0], w[1], "{case} is in two shards"));
    }
}

#[test]
fn index_refuses_an_incomplete_set_of_shards() {
    let dir = packs_copy();
    build(dir.path(), &["--profile", "home", "--shard", "1/2"]);
    let out = appealpress(dir.path(), &["index", "--out", "dist"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shard manifests missing for 2/2"), "{stderr}");
}

#[test]
fn index_refuses_shards_of_different_tools() {
    let dir = packs_copy();
    build(dir.path(), &["--profile", "home", "--shard", "1/2"]);
    build(dir.path(), &["--profile", "home", "--shard", "2/2"]);
    let second = dir.path().join("dist/manifest.shard-2-of-2.json");
    let mut shard: serde_json::Value = serde_json::from_slice(&std::fs::read(&second).unwrap()).unwrap();
    let ours = shard["tool"].as_str().unwrap().to_string();
    shard["tool"] = "appealpress 0.0.1".into();
    std::fs::write(&second, serde_json::to_vec_pretty(&shard).unwrap()).unwrap();
    let out = appealpress(dir.path(), &["index", "--out", "dist"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("manifest.shard-2-of-2.json was written by appealpress 0.0.1")
            && stderr.contains(&format!("manifest.shard-1-of-2.json by {ours}")),
        "{stderr}"
    );
    assert!(!dir.path().join("dist/manifest.json").exists(), "a mixed catalogue was merged");
}

#[test]
fn a_partial_build_keeps_the_rest_of_the_folder_in_the_manifest() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    build(dir.path(), &[]);
    let all = statuses(&dist);
    // Only the French files of one case: the manifest (and the download page built
    // from it) still lists all twelve outputs.
    let log = build(dir.path(), &["--case", "latin-case", "--lang", "fr", "--force"]);
    let after = statuses(&dist);
    assert_eq!(after.keys().collect::<Vec<_>>(), all.keys().collect::<Vec<_>>());
    assert_eq!(written(&log).len(), 4, "{log}");
    for file in all.keys() {
        // Each on its case's page, beside it.
        let (case, name) = file.split_once('/').unwrap();
        let page = std::fs::read_to_string(dist.join(case).join("index.html")).unwrap();
        assert!(page.contains(&format!("href=\"{name}\"")), "{file} is missing from its case's page");
    }
    // A case folder that is gone leaves the manifest's outputs and the page; its files
    // stay on disk (build deletes nothing), listed as withdrawn for `prune`.
    std::fs::remove_dir_all(dir.path().join("packs/arabic-case")).unwrap();
    build(dir.path(), &["--case", "latin-case"]);
    let left = statuses(&dist);
    assert!(left.keys().all(|f| f.starts_with("latin-case/")), "{left:?}");
    assert!(dist.join("arabic-case/arabic-case-ar-pack.pdf").is_file());
    let withdrawn = manifest(&dist, "manifest.json")["withdrawn"].as_array().unwrap().clone();
    assert!(withdrawn
        .iter()
        .any(|w| w["file"] == "arabic-case/arabic-case-ar-pack.pdf" && w["reason"] == "case removed"));
}

/// The thumbnails the manifest lists, each checked to be on disk.
fn thumbnails(dist: &Path) -> Vec<String> {
    let outputs = manifest(dist, "manifest.json")["outputs"].as_array().unwrap().clone();
    let listed: Vec<String> =
        outputs.iter().filter_map(|e| e["thumbnail"].as_str()).map(str::to_string).collect();
    for file in &listed {
        assert!(dist.join(file).is_file(), "{file} is listed but not there");
    }
    listed
}

#[test]
fn each_case_gets_one_thumbnail_in_english_where_it_has_it() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    build(dir.path(), &["--profile", "home"]);
    assert_eq!(
        thumbnails(&dist),
        ["arabic-case/arabic-case-ar-pack.jpg", "latin-case/latin-case-en-pack.jpg"]
    );
    assert!(!dist.join("latin-case/latin-case-fr-pack.jpg").exists());

    // English gone: the French pack is built again, now with the thumbnail, so the
    // download page still has one for the case.
    let en = dir.path().join("packs/latin-case/en.md");
    let english = std::fs::read(&en).unwrap();
    std::fs::remove_file(&en).unwrap();
    build(dir.path(), &["--profile", "home"]);
    assert_eq!(
        thumbnails(&dist),
        ["arabic-case/arabic-case-ar-pack.jpg", "latin-case/latin-case-fr-pack.jpg"]
    );
    let page = std::fs::read_to_string(dist.join("index.html")).unwrap();
    assert_eq!(page.matches("<img").count(), 2, "{page}");
    assert!(page.contains("alt=\"First page of the appeal pack for Test Person, French\""), "{page}");

    // English back: it takes the thumbnail over, and the French one is not left stale.
    std::fs::write(&en, &english).unwrap();
    build(dir.path(), &["--profile", "home"]);
    assert_eq!(
        thumbnails(&dist),
        ["arabic-case/arabic-case-ar-pack.jpg", "latin-case/latin-case-en-pack.jpg"]
    );
    assert!(!dist.join("latin-case/latin-case-fr-pack.jpg").exists());

    // English there but unreadable: its jobs fail, and French draws the thumbnail.
    std::fs::write(&en, "---\ntitle: [unclosed\n---\n").unwrap();
    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist", "--profile", "home"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = thumbnails(&dist);
    assert!(listed.contains(&"latin-case/latin-case-fr-pack.jpg".to_string()), "{listed:?}");
}

#[test]
fn a_new_source_date_alone_rebuilds_nothing_and_empty_means_unset() {
    let dir = packs_copy();
    let run = |date: &str, extra: &[&str]| {
        let mut args = vec!["build", "packs", "--out", "dist", "--profile", "press"];
        args.extend(extra);
        let out = common::appealpress_env(dir.path(), &args, &[("SOURCE_DATE_EPOCH", date)]);
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{log}");
        log
    };
    run("1767225600", &[]);
    let pack = dir.path().join("dist/latin-case/latin-case-en-pack-press.pdf");
    let first = std::fs::read(&pack).unwrap();
    // CI sets it from the last commit: a commit that changes no input rebuilds nothing.
    let log = run("1767312000", &[]);
    assert!(log.contains("built 0 file(s), 6 unchanged"), "{log}");
    // --force dates the files anew.
    run("1767312000", &["--force"]);
    assert!(std::fs::read(&pack).unwrap() != first, "the forced build kept the old date");
    // `SOURCE_DATE_EPOCH=` in a script is unset, not an error.
    let log = run("", &[]);
    assert!(log.contains("6 unchanged"), "{log}");
}
