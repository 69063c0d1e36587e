//! The torture run of issue 24: `kill -9` at random points of `build` and `prune`,
//! over a small catalogue with edits, reverts, withdrawals, removals and typos in
//! between. Every trial ends with a complete `build` and `prune` of its final input,
//! and then: every PDF passes `qpdf --check`, every file of the output folder (but
//! the private `.appealpress/`) is byte for byte what a clean build of that input
//! writes, and no file of a withdrawn, removed or no longer built output is left.
//!
//! It takes minutes, so it is not part of `cargo test`. Run it as
//!
//! ```sh
//! cargo test --release --test it torture:: -- --ignored --nocapture
//! ```
//!
//! with `TORTURE_TRIALS` (default 50) and `TORTURE_SEED` (default 1) to vary it, and
//! `APPEALPRESS_TORTURE_BIN` to torture another build of appealpress.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, fixture_packs};

/// A small deterministic random source (xorshift), so a failing seed replays.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The catalogue's state: what the packs folder holds.
#[derive(Debug, Clone, PartialEq)]
struct Case {
    id: &'static str,
    from: &'static str,
    /// `active`, `withdrawn`, `closed`, or a typo (`withdr`).
    status: &'static str,
    present: bool,
    /// Per language file of the fixture: (name, present, edited).
    langs: Vec<(&'static str, bool, bool)>,
}

fn catalogue() -> Vec<Case> {
    let case = |id, from, langs: &[&'static str]| Case {
        id,
        from,
        status: "active",
        present: true,
        langs: langs.iter().map(|l| (*l, true, false)).collect(),
    };
    vec![
        case("latin-case", "latin-case", &["en.md", "fr.md"]),
        case("arabic-case", "arabic-case", &["ar.md"]),
        case("third-case", "latin-case", &["en.md", "fr.md"]),
    ]
}

/// Writes the packs folder for `cases` under `root/packs` from the fixtures.
fn write_packs(root: &Path, cases: &[Case]) {
    let packs = root.join("packs");
    let _ = std::fs::remove_dir_all(&packs);
    // Every case removed is a catalogue too: an empty packs folder.
    std::fs::create_dir_all(&packs).unwrap();
    for case in cases.iter().filter(|c| c.present) {
        let dir = packs.join(case.id);
        let from = fixture_packs().join(case.from);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(from.join("photo.jpg"), dir.join("photo.jpg")).unwrap();
        let yaml = std::fs::read_to_string(from.join("case.yaml")).unwrap();
        let start = yaml.find("status:").unwrap();
        let end = start + yaml[start..].find('\n').unwrap();
        let yaml = format!("{}status: {}{}", &yaml[..start], case.status, &yaml[end..]);
        std::fs::write(dir.join("case.yaml"), yaml).unwrap();
        for (lang, present, edited) in &case.langs {
            if *present {
                let text = std::fs::read_to_string(from.join(lang)).unwrap();
                // An edit of the same length: the trap a size-only check falls in.
                let text = if *edited { text.replacen("Test Person", "Test Persom", 1) } else { text };
                std::fs::write(dir.join(lang), text).unwrap();
            }
        }
    }
}

/// One random change: an edit or its revert, a status (a typo among them), a
/// language file moved away or back, a case folder removed or restored.
fn mutate(cases: &mut [Case], random: &mut Random) -> String {
    let case = &mut cases[random.below(3) as usize];
    let which = random.below(case.langs.len() as u64) as usize;
    match random.below(5) {
        0 | 1 => {
            let lang = &mut case.langs[which];
            lang.2 = !lang.2;
            format!("{} {} {}", if lang.2 { "edit" } else { "revert" }, case.id, lang.0)
        }
        2 => {
            case.status = ["active", "withdrawn", "closed", "withdr", "activ"][random.below(5) as usize];
            format!("status {} {}", case.id, case.status)
        }
        3 => {
            let lang = &mut case.langs[which];
            lang.1 = !lang.1;
            format!("{} {} {}", if lang.1 { "restore" } else { "move away" }, case.id, lang.0)
        }
        _ => {
            case.present = !case.present;
            format!("{} {}", if case.present { "restore" } else { "remove" }, case.id)
        }
    }
}

/// The binary tortured: this build's, or `APPEALPRESS_TORTURE_BIN` (an older build,
/// to see what it fails).
fn binary() -> Command {
    let path =
        std::env::var_os("APPEALPRESS_TORTURE_BIN").unwrap_or(env!("CARGO_BIN_EXE_appealpress").into());
    let mut command = Command::new(path);
    command.env("SOURCE_DATE_EPOCH", "1767225600").stdout(Stdio::null()).stderr(Stdio::null());
    command
}

/// Runs `args` in `dir` to the end; returns the exit code, printing the log of a
/// run that did not exit 0.
fn complete(dir: &Path, args: &[&str]) -> Option<i32> {
    let out = binary().args(args).current_dir(dir).stderr(Stdio::piped()).output().unwrap();
    if !out.status.success() {
        println!("{args:?} exited {:?}:\n{}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    }
    out.status.code()
}

/// How long a command ran when it was not killed: the kill times are drawn from
/// `[0, estimate]`, so that most kills land while the process runs, whatever the
/// step costs (an incremental build is much quicker than a full one).
struct Estimate(Duration);

/// Runs `args` in `dir` and kills it with SIGKILL at a random time within the
/// estimate of how long it runs; returns whether the kill landed while it ran.
fn killed(dir: &Path, args: &[&str], estimate: &mut Estimate, random: &mut Random) -> bool {
    let after = Duration::from_micros(random.below(estimate.0.as_micros() as u64 + 1));
    let mut child = binary().args(args).current_dir(dir).spawn().unwrap();
    let started = Instant::now();
    while started.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            // It ended first: learn how long such a step takes.
            estimate.0 = (estimate.0 + started.elapsed()) / 2;
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let landed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    landed
}

/// Every file under `dir` but `.appealpress/`, relative, with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            if relative.starts_with(".appealpress") {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, out);
            } else {
                out.push((relative, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

fn qpdf_check(pdf: &Path) -> Result<(), String> {
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().map_err(|e| e.to_string())?;
    // 0: fine; 3: warnings only. 2 is an error.
    match out.status.code() {
        Some(0) => Ok(()),
        _ => Err(String::from_utf8_lossy(&out.stdout).into_owned()),
    }
}

#[test]
#[ignore = "minutes long: cargo test --release --test it torture:: -- --ignored --nocapture"]
fn kills_edits_and_withdrawals_always_end_in_a_clean_builds_files() {
    let trials: u64 = std::env::var("TORTURE_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let seed: u64 = std::env::var("TORTURE_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let qpdf = Command::new("qpdf").arg("--version").output().is_ok();
    assert!(qpdf || std::env::var_os("APPEALPRESS_REQUIRE_TOOLS").is_none(), "qpdf is not installed");
    let mut random = Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("torture");
    let clean = work.path().join("clean");
    std::fs::create_dir_all(&dir).unwrap();
    let mut cases = catalogue();
    write_packs(&dir, &cases);
    let build = ["build", "packs", "--out", "dist"];
    let started = Instant::now();
    complete(&dir, &["build", "packs", "--out", "dist", "--force"]);
    let full = started.elapsed();
    println!("a full build takes {} ms; {trials} trials, seed {seed}", full.as_millis());
    let (mut kills, mut landed, mut pdfs_checked) = (0, 0, 0);
    let (mut forced, mut incremental, mut pruning) =
        (Estimate(full), Estimate(full), Estimate(Duration::from_millis(20)));
    for trial in 0..trials {
        let mut steps = Vec::new();
        for _ in 0..4 {
            steps.push(mutate(&mut cases, &mut random));
            write_packs(&dir, &cases);
            let force = random.chance(20);
            let args: Vec<&str> = build.iter().copied().chain(force.then_some("--force")).collect();
            let estimate = if force { &mut forced } else { &mut incremental };
            landed += usize::from(killed(&dir, &args, estimate, &mut random));
            kills += 1;
            if random.chance(50) {
                landed += usize::from(killed(&dir, &["prune", "--out", "dist"], &mut pruning, &mut random));
                kills += 1;
            }
        }
        // The final input has no typo in it: a case that fails to load keeps its
        // files, which a clean build would not have.
        for case in &mut cases {
            if !["active", "withdrawn", "closed"].contains(&case.status) {
                case.status = "active";
            }
        }
        write_packs(&dir, &cases);
        let code = complete(&dir, &build);
        assert!(matches!(code, Some(0)), "trial {trial} ({steps:?}): final build exited {code:?}");
        assert_eq!(complete(&dir, &["prune", "--out", "dist"]), Some(0), "trial {trial}: prune");

        let _ = std::fs::remove_dir_all(&clean);
        std::fs::create_dir_all(&clean).unwrap();
        copy_dir(&dir.join("packs"), &clean.join("packs"));
        assert_eq!(complete(&clean, &build), Some(0));
        complete(&clean, &["prune", "--out", "dist"]);
        let got = tree(&dir.join("dist"));
        let want = tree(&clean.join("dist"));
        let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "trial {trial} ({steps:?}): other files than a clean build's");
        for ((path, bytes), (_, clean_bytes)) in got.iter().zip(&want) {
            assert!(
                bytes == clean_bytes,
                "trial {trial} ({steps:?}): {} differs from a clean build's",
                path.display()
            );
            if qpdf && path.extension().is_some_and(|x| x == "pdf") {
                let checked = qpdf_check(&dir.join("dist").join(path));
                assert!(checked.is_ok(), "trial {trial}: {} fails qpdf --check: {checked:?}", path.display());
                pdfs_checked += 1;
            }
        }
        println!("trial {trial:>2}: {} files as a clean build's; {}", got.len(), steps.join(", "));
    }
    println!(
        "{trials} trials, {kills} kill times drawn, {landed} landed while the process ran, {pdfs_checked} PDFs checked with qpdf, in {} s",
        started.elapsed().as_secs()
    );
}
