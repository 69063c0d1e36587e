//! Publishing a sharded catalogue as CI does (.github/workflows/packs.yml): each shard
//! builds into its own folder (its cache from the last run), prunes, and uploads the
//! folder without `.appealpress`; the publish job merges the uploads into one folder
//! and runs `appealpress publish`. Withdrawals and good files always publish; a failing
//! case keeps its last good files, marked not up to date; the failure is reported.
//! And the one scope rule for errors: a fault in a language file fails that language
//! only, a fault in case.yaml fails the case.

use crate::common;

use std::path::{Path, PathBuf};

use appealpress::jobs::incremental::Shard;
use common::{appealpress, copy_dir, fixture_packs, set_status};

const SHARDS: usize = 3;

/// The first `case-N` id that shard `index` of [`SHARDS`] builds and `taken` does not hold.
fn case_for_shard(index: usize, taken: &[String]) -> String {
    let shard = Shard { index, count: SHARDS };
    (0..).map(|n| format!("case-{n}")).find(|id| shard.contains(id) && !taken.contains(id)).unwrap()
}

/// A copy of the Latin fixture case (English and French) as `packs/<id>`.
fn add_case(dir: &Path, id: &str) {
    copy_dir(&fixture_packs().join("latin-case"), &dir.join("packs").join(id));
}

fn manifest(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The manifest's entries for `case`, as (file, status, kept_previous).
fn entries(manifest: &serde_json::Value, case: &str) -> Vec<(String, String, bool)> {
    let outputs = manifest["outputs"].as_array().unwrap();
    let of_case = outputs.iter().filter(|e| e["case"] == case);
    let entry = |e: &serde_json::Value| {
        let file = e["file"].as_str().unwrap().to_string();
        (file, e["status"].as_str().unwrap().to_string(), e["kept_previous"] == true)
    };
    of_case.map(entry).collect()
}

/// Runs what one shard job runs: the build of shard `index` into `shard-<index>`, then
/// `prune`; returns the build's exit code.
fn run_shard(dir: &Path, index: usize) -> i32 {
    let out = format!("shard-{index}");
    let shard = format!("{index}/{SHARDS}");
    let build = appealpress(dir, &["build", "packs", "--out", &out, "--shard", &shard]);
    let code = build.status.code().unwrap();
    assert!(code == 0 || code == 1, "shard {shard}: {}", String::from_utf8_lossy(&build.stderr));
    let prune = appealpress(dir, &["prune", "--out", &out]);
    assert!(prune.status.success(), "{}", String::from_utf8_lossy(&prune.stderr));
    code
}

/// What `actions/download-artifact` with `merge-multiple` makes of the shards'
/// uploads (each shard's folder without `.appealpress`): one folder.
fn merge_uploads(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    let _ = std::fs::remove_dir_all(&site);
    for index in 1..=SHARDS {
        let upload = dir.join(format!("shard-{index}"));
        for entry in std::fs::read_dir(&upload).unwrap().map(Result::unwrap) {
            if entry.file_name() == ".appealpress" {
                continue;
            }
            let target = site.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::create_dir_all(&site).unwrap();
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    site
}

fn files_of(site: &Path, case: &str) -> Vec<String> {
    match std::fs::read_dir(site.join(case)) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn three_shards_publish_withdrawals_and_keep_a_failing_cases_last_good_files() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    // One case per shard: `broken` on shard 1, `withdrawn` on shard 2, `draft` on 3.
    let mut ids: Vec<String> = Vec::new();
    for index in 1..=SHARDS {
        let id = case_for_shard(index, &ids);
        ids.push(id);
    }
    let (broken, withdrawn, draft) = (&ids[0], &ids[1], &ids[2]);
    for id in &ids {
        add_case(dir, id);
    }
    // The first run: everything builds and is published.
    for index in 1..=SHARDS {
        assert_eq!(run_shard(dir, index), 0);
    }
    let site = merge_uploads(dir);
    let first = appealpress(dir, &["publish", "--out", "site", "--shards", "3"]);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let broken_files = files_of(&site, broken);
    assert_eq!(broken_files.iter().filter(|f| f.ends_with(".pdf")).count(), 8, "{broken_files:?}");

    // The second run: a tab in `broken`'s case.yaml, `withdrawn` withdrawn, and a
    // placeholder left in `draft`'s French file while its English changes.
    let yaml = dir.join("packs").join(broken).join("case.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replace("  file: photo.jpg", "\tfile: photo.jpg")).unwrap();
    set_status(dir, withdrawn, "withdrawn");
    let fr = dir.join("packs").join(draft).join("fr.md");
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(&fr, text.replace("Écrivez au ministre", "Écrivez [[à qui ?]]")).unwrap();
    let en = dir.join("packs").join(draft).join("en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, text.replacen("{#story}\n\n", "{#story}\n\nUpdated today. ", 1)).unwrap();

    let codes: Vec<i32> = (1..=SHARDS).map(|index| run_shard(dir, index)).collect();
    assert_eq!(codes, [1, 0, 1], "the failing shards end red");
    let site = merge_uploads(dir);
    let published = appealpress(dir, &["publish", "--out", "site", "--shards", "3"]);
    let stderr = String::from_utf8_lossy(&published.stderr);
    // Published, and red: someone must look.
    assert_eq!(published.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("case.yaml"), "the case's error is reported: {stderr}");
    assert!(stderr.contains("not up to date"), "{stderr}");

    // Withdrawn: gone from the site, whatever else failed.
    assert_eq!(files_of(&site, withdrawn), Vec::<String>::new(), "withdrawn files published");
    let merged = manifest(&site.join("manifest.json"));
    assert!(entries(&merged, withdrawn).is_empty());

    // The broken case keeps its last good files, listed as failed with the file kept.
    let mut kept = files_of(&site, broken);
    kept.sort();
    let mut before = broken_files.clone();
    before.sort();
    assert_eq!(kept, before, "the broken case's last good files");
    let listed = entries(&merged, broken);
    assert_eq!(listed.len(), 8, "{listed:?}");
    assert!(listed.iter().all(|(_, status, kept)| status == "failed" && *kept), "{listed:?}");

    // The draft: French failed alone and keeps its last good files; English rebuilt.
    let listed = entries(&merged, draft);
    for (file, status, kept) in &listed {
        if file.contains("-fr-") {
            assert_eq!((status.as_str(), *kept), ("failed", true), "{file}");
        } else {
            assert_eq!(status, "built", "{file}: one language's fault fails only that language");
        }
    }
    assert_eq!(listed.len(), 8, "{listed:?}");

    // The download page offers the kept files, marked as not up to date.
    let pages = all_html(&site).to_lowercase();
    assert!(pages.contains("not up to date"), "no page marks the kept files");
    for (file, _, _) in entries(&merged, broken) {
        assert!(pages.contains(file.rsplit('/').next().unwrap()), "{file} is not offered");
    }
    assert!(!pages.contains(&format!("{withdrawn}/")), "a page links the withdrawn case");
    assert!(!site.join(withdrawn).exists(), "the withdrawn case's folder or page is left");
}

/// Every HTML file of the site, concatenated.
fn all_html(site: &Path) -> String {
    let mut text = String::new();
    let mut folders = vec![site.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                text.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    text
}

#[test]
fn publish_refuses_when_a_shard_left_no_manifest_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let ids = [case_for_shard(1, &[])];
    add_case(dir, &ids[0]);
    assert_eq!(run_shard(dir, 1), 0);
    // Shards 2 and 3 never finished: no manifest of theirs.
    let site = dir.join("shard-1");
    let out = appealpress(dir, &["publish", "--out", "shard-1", "--shards", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no manifest from shard 2/3, 3/3; nothing is published"), "{stderr}");
    assert!(!site.join("manifest.json").exists() && !site.join("index.html").exists());
}

#[test]
fn a_placeholder_in_one_language_file_fails_that_language_only() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    add_case(dir, "case");
    let fr = dir.join("packs/case/fr.md");
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(&fr, text.replace("Écrivez au ministre", "Écrivez [[à qui ?]]")).unwrap();
    for command in [&["check", "packs"][..], &["build", "packs", "--out", "dist"][..]] {
        let out = appealpress(dir, command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("case/fr.md:"), "the placeholder is named at its line: {stderr}");
        assert!(stderr.contains("4 failed"), "the four French outputs fail: {stderr}");
    }
    let built = files_of(&dir.join("dist"), "case");
    let english: Vec<&String> = built.iter().filter(|f| f.contains("-en-") && f.ends_with(".pdf")).collect();
    assert_eq!(english.len(), 4, "English still builds: {built:?}");
    assert!(!built.iter().any(|f| f.contains("-fr-")), "{built:?}");
}
