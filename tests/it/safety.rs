//! The output folder is safe for the people it names (issue 24): a withdrawal is never
//! lost (whatever drops a case from one build's manifest), nothing stale or damaged is
//! served as current, one writer at a time, `prune` and `index` never reach outside
//! the folder, and what a withdrawn person leaves behind (cached photos, empty
//! folders, temporary files, machine paths) is swept. Each test builds the fixture
//! packs with the binary and reads what it left.

use crate::common;

use std::path::{Path, PathBuf};

use common::{appealpress_env, packs_copy, set_status};

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = appealpress_env(dir, args, &[("SOURCE_DATE_EPOCH", "1767225600")]);
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!log.contains("panicked"), "{log}");
    (out.status.code(), log)
}

fn build(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "packs", "--out", "dist"];
    args.extend_from_slice(extra);
    let (code, log) = run(dir, &args);
    assert!(matches!(code, Some(0 | 1)), "{log}");
    log
}

fn prune(dir: &Path) -> String {
    let (code, log) = run(dir, &["prune", "--out", "dist"]);
    assert_eq!(code, Some(0), "{log}");
    log
}

fn manifest(dist: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dist.join("manifest.json")).unwrap()).unwrap()
}

/// Every file under `dir`, relative, sorted; `.appealpress` left out when asked.
fn files(dir: &Path, private: bool) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, private: bool, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if !private && relative.starts_with(".appealpress") {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, private, out);
            } else {
                out.push(relative);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, private, &mut out);
    out.sort();
    out
}

fn case_files(dist: &Path, case: &str) -> Vec<String> {
    files(dist, false).into_iter().filter(|f| f.starts_with(&format!("{case}/"))).collect()
}

#[test]
fn a_case_whose_language_files_went_first_is_still_withdrawn() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    build(dir.path(), &["--profile", "home"]);
    assert!(!case_files(&dist, "latin-case").is_empty());
    // The language files moved away: a build with nothing to build for the case...
    let aside = dir.path().join("aside");
    std::fs::create_dir(&aside).unwrap();
    for lang in ["en.md", "fr.md"] {
        std::fs::rename(dir.path().join("packs/latin-case").join(lang), aside.join(lang)).unwrap();
    }
    build(dir.path(), &["--profile", "home"]);
    // ...then the case withdrawn.
    set_status(dir.path(), "latin-case", "withdrawn");
    build(dir.path(), &["--profile", "home"]);
    prune(dir.path());
    assert_eq!(case_files(&dist, "latin-case"), Vec::<String>::new());
    assert!(!case_files(&dist, "arabic-case").is_empty(), "the other case stays");
}

#[test]
fn a_typo_in_the_status_keeps_the_files_listed_and_the_withdrawal_after_it_takes_them() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    build(dir.path(), &["--profile", "home"]);
    let before = case_files(&dist, "latin-case");
    // A save with `status: withdr` (as `watch` builds on every save): the case fails to
    // load, its last good files stay, listed as outputs and on the page.
    set_status(dir.path(), "latin-case", "withdr");
    let log = build(dir.path(), &["--profile", "home"]);
    assert!(log.contains("latin-case/case.yaml"), "{log}");
    let written = manifest(&dist);
    let listed: Vec<&str> = written["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["case"] == "latin-case")
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 4, "a case that fails to load is not a removed case");
    assert!(std::fs::read_to_string(dist.join("index.html")).unwrap().contains("latin-case"));
    assert_eq!(case_files(&dist, "latin-case"), before);
    set_status(dir.path(), "latin-case", "withdrawn");
    build(dir.path(), &["--profile", "home"]);
    prune(dir.path());
    assert_eq!(case_files(&dist, "latin-case"), Vec::<String>::new());
}

#[test]
fn a_damaged_manifest_is_a_warning_and_the_withdrawal_is_found_on_disk() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    build(dir.path(), &["--profile", "home"]);
    let whole = std::fs::read(dist.join("manifest.json")).unwrap();
    std::fs::write(dist.join("manifest.json"), &whole[..whole.len() / 2]).unwrap();
    set_status(dir.path(), "arabic-case", "withdrawn");
    let log = build(dir.path(), &["--profile", "home"]);
    assert!(log.contains("warning: dist/manifest.json: cannot read the last build's manifest"), "{log}");
    let withdrawn = manifest(&dist)["withdrawn"].as_array().unwrap().len();
    assert_eq!(withdrawn, 3, "two PDFs and the thumbnail");
    prune(dir.path());
    assert_eq!(case_files(&dist, "arabic-case"), Vec::<String>::new());
}

#[test]
fn a_damaged_cached_photo_is_encoded_again_with_a_note() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    let only = ["--case", "latin-case", "--lang", "en", "--product", "pack"];
    build(dir.path(), &only);
    let clean: Vec<Vec<u8>> =
        case_files(&dist, "latin-case").iter().map(|f| std::fs::read(dist.join(f)).unwrap()).collect();
    // Scramble the middle of every cached entry, keeping its length and its markers.
    let mut scrambled = 0;
    for file in cached_photos(&dist) {
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        for byte in &mut bytes[middle..middle + 64] {
            *byte = byte.wrapping_mul(31).wrapping_add(7);
        }
        std::fs::write(&file, bytes).unwrap();
        scrambled += 1;
    }
    assert!(scrambled >= 1, "the press pack's CMYK photo is cached");
    let mut args = only.to_vec();
    args.push("--force");
    let log = build(dir.path(), &args);
    assert!(log.contains("a cached photo was damaged"), "{log}");
    let again: Vec<Vec<u8>> =
        case_files(&dist, "latin-case").iter().map(|f| std::fs::read(dist.join(f)).unwrap()).collect();
    assert!(again == clean, "the files are those of a clean build");
}

#[test]
fn a_file_changed_in_place_at_its_recorded_size_is_built_again() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    let only = ["--case", "latin-case", "--profile", "home"];
    build(dir.path(), &only);
    let pack = dist.join("latin-case/latin-case-en-pack.pdf");
    let clean = std::fs::read(&pack).unwrap();
    // What a build killed between renaming a new file into place and writing the
    // manifest leaves: another file at the recorded size, and its times set back.
    let modified = std::fs::metadata(&pack).unwrap().modified().unwrap();
    let mut stale = clean.clone();
    let at = stale.windows(6).position(|w| w == b"stream").unwrap() + 40;
    stale[at] ^= 0x55;
    std::fs::write(&pack, &stale).unwrap();
    std::fs::File::options().append(true).open(&pack).unwrap().set_modified(modified).unwrap();
    let log = build(dir.path(), &only);
    assert!(log.contains("built dist/latin-case/latin-case-en-pack.pdf"), "{log}");
    assert!(std::fs::read(&pack).unwrap() == clean, "the stale file was served as current");
    // And with nothing changed, nothing is built.
    let log = build(dir.path(), &only);
    assert!(log.contains("built 0 file(s), 4 unchanged"), "{log}");
}

#[test]
fn a_second_writer_waits_or_with_no_wait_exits_2() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    let held = appealpress::jobs::lock::lock_output(&dist, appealpress::jobs::lock::WhenBusy::Fail).unwrap();
    for args in [
        &["build", "packs", "--out", "dist", "--no-wait"][..],
        &["prune", "--out", "dist", "--no-wait"],
        &["index", "--out", "dist", "--no-wait"],
    ] {
        let (code, log) = run(dir.path(), args);
        assert_eq!(code, Some(2), "{args:?}: {log}");
        assert!(log.contains("another appealpress is writing to this output folder"), "{args:?}: {log}");
    }
    // Without --no-wait it says so and waits, then builds once the folder is free.
    let mut waiting = std::process::Command::new(env!("CARGO_BIN_EXE_appealpress"))
        .args(["build", "packs", "--out", "dist", "--case", "latin-case", "--profile", "home"])
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", dir.path().join(".cache"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(waiting.try_wait().unwrap().is_none(), "it did not wait");
    assert!(!dist.join("manifest.json").exists(), "it wrote while another held the folder");
    drop(held);
    let out = waiting.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(log.contains("waiting for another appealpress to finish writing to dist"), "{log}");
}

#[test]
fn prune_never_deletes_through_a_linked_case_folder() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    build(dir.path(), &["--profile", "home"]);
    // The case folder in the output folder replaced by a link to a folder elsewhere
    // that holds files of the same names.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::rename(dist.join("latin-case"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dist.join("latin-case")).unwrap();
    let kept = files(&elsewhere, true);
    set_status(dir.path(), "latin-case", "withdrawn");
    build(dir.path(), &["--profile", "home"]);
    run(dir.path(), &["prune", "--out", "dist"]);
    assert_eq!(files(&elsewhere, true), kept, "prune deleted outside the output folder");
}

#[test]
fn index_refuses_a_manifest_that_names_files_outside_the_folder() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    build(dir.path(), &["--profile", "home", "--shard", "1/1"]);
    let secret = dir.path().join("secret.jpg");
    std::fs::copy(dist.join("latin-case/latin-case-en-pack.jpg"), &secret).unwrap();
    let shard = dist.join("manifest.shard-1-of-1.json");
    let mut doctored: serde_json::Value = serde_json::from_slice(&std::fs::read(&shard).unwrap()).unwrap();
    let outputs = doctored["outputs"].as_array_mut().unwrap();
    let thumbnailed = outputs.iter_mut().find(|e| e["thumbnail"].is_string()).unwrap();
    thumbnailed["thumbnail"] = secret.to_string_lossy().into_owned().into();
    outputs[0]["file"] = "../../../etc/passwd".into();
    std::fs::write(&shard, serde_json::to_vec(&doctored).unwrap()).unwrap();
    let (code, log) = run(dir.path(), &["index", "--out", "dist"]);
    assert_eq!(code, Some(2), "{log}");
    assert!(log.contains("not a file inside the output folder"), "{log}");
    let page = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    assert!(!page.contains("etc/passwd"), "the page links outside the folder");
}

/// The cached photos of the output folder, at any depth.
fn cached_photos(dist: &Path) -> Vec<PathBuf> {
    let cache = ".appealpress/cache/photos/";
    let all = files(dist, true).into_iter();
    all.filter(|f| f.starts_with(cache) && f.ends_with(".jpg")).map(|f| dist.join(f)).collect()
}

#[test]
fn prune_sweeps_a_withdrawn_persons_cached_photos_and_empty_folders() {
    let dir = packs_copy();
    let dist = dir.path().join("dist");
    let press_packs = ["--profile", "press", "--product", "pack"];
    build(dir.path(), &press_packs);
    let both = cached_photos(&dist).len();
    assert!(both >= 2, "each case's press photo is cached");
    // A temporary file a killed run left deep in the cache, and an empty case folder
    // a killed prune left.
    let deep = dist.join(".appealpress/cache/photos/latin-case");
    std::fs::create_dir_all(&deep).unwrap();
    let temp = deep.join(".abc.jpg.0.1.tmp");
    std::fs::write(&temp, b"half").unwrap();
    std::fs::create_dir(dist.join("emptied-case")).unwrap();
    set_status(dir.path(), "arabic-case", "withdrawn");
    build(dir.path(), &press_packs);
    assert!(!temp.exists(), "temporary files are swept at every depth");
    prune(dir.path());
    let left = cached_photos(&dist);
    assert!(left.len() < both, "the withdrawn person's photos stay in the cache: {left:?}");
    assert!(!left.is_empty(), "a current case keeps its cached photos");
    assert!(!dist.join(".appealpress/cache/photos/arabic-case").exists());
    assert!(!dist.join("emptied-case").exists());
}

#[test]
fn the_manifest_names_no_path_of_the_build_machine() {
    let dir = packs_copy();
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    common::copy_dir(&bad.join("raw-html"), &dir.path().join("packs/raw-html"));
    // A missing font's hint names the shipped fonts folder: here the one built in,
    // an absolute path of this machine.
    common::copy_dir(&bad.join("no-font"), &dir.path().join("packs/no-font"));
    let absolute: PathBuf = dir.path().join("packs");
    let build = |packs: &str, out: &str| {
        let args = ["build", packs, "--out", out, "--profile", "home", "--product", "pack", "--lang", "en"];
        let env = [("SOURCE_DATE_EPOCH", "1767225600"), ("APPEALPRESS_NO_SYSTEM_FONTS", "1")];
        let out = appealpress_env(dir.path(), &args, &env);
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "the no-font case fails: {log}");
        assert!(log.contains("raw HTML is printed as text") && log.contains("(shipped)"), "{log}");
    };
    build(absolute.to_str().unwrap(), "abs");
    let text = std::fs::read_to_string(dir.path().join("abs/manifest.json")).unwrap();
    assert!(text.contains("fonts (shipped)"), "{text}");
    for machine in [dir.path().to_str().unwrap(), env!("CARGO_MANIFEST_DIR")] {
        assert!(!text.contains(machine), "the manifest names {machine}: {text}");
    }
    build("packs", "rel");
    let relative = std::fs::read_to_string(dir.path().join("rel/manifest.json")).unwrap();
    assert_eq!(text, relative, "the same manifest however the packs folder was named");
}
