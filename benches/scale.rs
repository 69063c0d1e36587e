//! The scale benchmark: a synthetic catalogue of 100 cases x 5 languages, every
//! product and profile (2,000 PDFs), built by the release binary as CI would.
//!
//! `cargo bench --bench scale` (set `APPEALPRESS_SCALE_CASES` for another size). It
//! generates the catalogue once under `target/tmp/` (the sample case's text, each case
//! with its own 3000 x 2000 photo), then reports, each as the wall time of one process:
//! a cold build with `--jobs 1` and with `--jobs 2` (and checks the two are
//! byte-identical), the peak resident memory of each, a rebuild with nothing changed,
//! a rebuild after editing one language file of one case, and everything rebuilt
//! with `--force` and the photo cache warm. With `APPEALPRESS_OLD_BIN` set to another
//! build of appealpress, its cold `--jobs 2` build is timed too, for comparison.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use image::RgbImage;
use rayon::prelude::*;

const PHOTO: (u32, u32) = (3000, 2000);

fn main() {
    let cases: usize =
        std::env::var("APPEALPRESS_SCALE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scale");
    let packs = work.join(format!("catalogue-{cases}"));
    if !packs.join(".complete").is_file() {
        let started = Instant::now();
        generate_catalogue(&root.join("packs/ali-aarrass"), &packs, cases);
        println!("generated {cases} cases in {:.1} s (not timed below)", started.elapsed().as_secs_f64());
    }
    let fonts = root.join("fonts");
    let run_binary = |binary: &Path, jobs: usize, out: &Path, extra: &[&str]| {
        let mut command = Command::new(binary);
        command.arg("build").arg(&packs).arg("--out").arg(out).arg("--shipped-fonts").arg(&fonts);
        command.arg("--jobs").arg(jobs.to_string()).args(extra);
        command.env("SOURCE_DATE_EPOCH", "1767225600");
        measure(command).unwrap_or_else(|e| panic!("{e}"))
    };
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_appealpress"));
    let run = |jobs: usize, out: &Path, extra: &[&str]| run_binary(&binary, jobs, out, extra);

    let outputs = cases * 5 * 4;
    println!("{cases} cases x 5 languages, all products and profiles: {outputs} PDFs");
    let mut cold = Vec::new();
    for jobs in [1, 2] {
        let out = work.join(format!("dist-{cases}-jobs{jobs}"));
        let _ = std::fs::remove_dir_all(&out);
        let (wall, peak) = run(jobs, &out, &[]);
        println!("  cold build, --jobs {jobs}: {:6.2} s wall, peak memory {} MB", secs(wall), peak / 1024);
        cold.push((out, wall));
    }
    println!("  speed-up 1 -> 2 jobs: {:.2}x", secs(cold[0].1) / secs(cold[1].1));
    assert_same_tree(&cold[0].0, &cold[1].0);
    println!("  --jobs 1 and --jobs 2 outputs are byte-identical");

    let out = &cold[1].0;
    let (wall, _) = run(2, out, &[]);
    println!("  rebuild with nothing changed: {:6.3} s", secs(wall));
    let edited = packs.join("case-001").join("fr.md");
    let original = std::fs::read_to_string(&edited).expect("fr.md");
    std::fs::write(&edited, format!("{original}\nUne phrase ajoutée.\n")).expect("edit");
    let mut command = Command::new(env!("CARGO_BIN_EXE_appealpress"));
    command
        .arg("build")
        .arg(&packs)
        .arg("--out")
        .arg(out)
        .arg("--shipped-fonts")
        .arg(&fonts)
        .args(["--jobs", "2"]);
    command.env("SOURCE_DATE_EPOCH", "1767225600");
    let result = measure(command);
    std::fs::write(&edited, &original).expect("restore");
    let (wall, _) = result.unwrap_or_else(|e| panic!("{e}"));
    println!("  rebuild after editing case-001/fr.md: {:6.3} s", secs(wall));
    let (wall, _) = run(2, out, &[]);
    println!("  rebuild after restoring it: {:6.3} s", secs(wall));
    let (wall, _) = run(2, out, &["--force"]);
    println!("  everything again with --force, photo cache warm, --jobs 2: {:6.2} s", secs(wall));
    if let Some(old) = std::env::var_os("APPEALPRESS_OLD_BIN") {
        let out = work.join(format!("dist-{cases}-old"));
        let _ = std::fs::remove_dir_all(&out);
        let (wall, _) = run_binary(Path::new(&old), 2, &out, &[]);
        println!("  the old binary's cold build, --jobs 2: {:6.2} s", secs(wall));
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// Runs the command to completion; returns its wall time and peak resident memory in KiB.
fn measure(mut command: Command) -> Result<(Duration, u64), String> {
    command.stdout(std::process::Stdio::null());
    let started = Instant::now();
    // Reaped by wait4 below, which also returns the child's peak memory.
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().expect("the appealpress binary starts");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, with valid pointers to locals.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if pid != child.id() as libc::pid_t {
        return Err("wait4 failed".into());
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("the build failed: wait status {status}"));
    }
    Ok((wall, usage.ru_maxrss as u64))
}

/// Writes `count` cases: the sample's case.yaml and language files, each case with a
/// photo of its own (the placeholder portrait, tinted and shifted per case).
fn generate_catalogue(sample: &Path, packs: &Path, count: usize) {
    let _ = std::fs::remove_dir_all(packs);
    let texts: Vec<(String, String)> = ["en", "fr", "nl", "es", "ar"]
        .iter()
        .map(|lang| (lang.to_string(), std::fs::read_to_string(sample.join(format!("{lang}.md"))).unwrap()))
        .collect();
    let yaml = std::fs::read_to_string(sample.join("case.yaml")).unwrap();
    let base = appealpress::cli::new::draw_portrait(PHOTO.0, PHOTO.1);
    (0..count).into_par_iter().for_each(|i| {
        let dir = packs.join(format!("case-{i:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("case.yaml"), yaml.replace("portrait.jpg", "photo.jpg")).unwrap();
        for (lang, text) in &texts {
            std::fs::write(dir.join(format!("{lang}.md")), text).unwrap();
        }
        let photo = tinted(&base, i);
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 90)
            .encode(photo.as_raw(), PHOTO.0 as u16, PHOTO.1 as u16, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        std::fs::write(dir.join("photo.jpg"), jpeg).unwrap();
    });
    std::fs::write(packs.join(".complete"), "").unwrap();
}

/// The portrait with a per-case colour cast and a dark band at a per-case height, so
/// no two photos (or their JPEGs) are the same.
fn tinted(base: &RgbImage, case: usize) -> RgbImage {
    let shift = [(case * 37 % 41) as i16 - 20, (case * 53 % 31) as i16 - 15, (case * 29 % 37) as i16 - 18];
    let band = (case as u32 * 97) % base.height();
    let mut photo = base.clone();
    for (_, y, pixel) in photo.enumerate_pixels_mut() {
        let dark = if y.abs_diff(band) < 12 { 40 } else { 0 };
        for (channel, delta) in pixel.0.iter_mut().zip(shift) {
            *channel = (*channel as i16 + delta - dark).clamp(0, 255) as u8;
        }
    }
    photo
}

/// Panics unless the two folders hold the same PDFs with the same bytes.
fn assert_same_tree(a: &Path, b: &Path) {
    let files = |root: &Path| -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "pdf") {
                    found.push(path.strip_prefix(root).unwrap().to_path_buf());
                }
            }
        }
        found.sort();
        found
    };
    let (left, right) = (files(a), files(b));
    assert_eq!(left, right, "the two builds wrote different files");
    for file in left {
        assert!(
            std::fs::read(a.join(&file)).unwrap() == std::fs::read(b.join(&file)).unwrap(),
            "{file:?} differs"
        );
    }
}
