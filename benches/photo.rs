//! The camera-photo benchmark (issue 17): a five-language case whose photo is what
//! coordinators are sent, a 4000 x 3000 progressive JPEG stored sideways (EXIF
//! orientation 6), built by the release binary as a user runs it.
//!
//! `cargo bench --bench photo`. The photo is made here (nothing large is committed)
//! with the sample case's texts, under `target/tmp/photo/`. Each figure is the median
//! wall time of fresh processes:
//! - home packs, five languages, into an empty output folder (no photo cache);
//! - the same after editing one language file (the photo unchanged);
//! - every product and profile with `--force`, the photo cache warm;
//! - `watch`: from saving a language file to its four PDFs rewritten;
//! - the floor under a cold build: decoding the photo alone, in this process;
//! - Typst compiling an equivalent pack, a fresh process per language
//!   (`benches/typst_peer.py`), when Python's `typst` package is installed
//!   (`pip install typst`; `APPEALPRESS_BENCH_NO_TYPST=1` leaves it out).
//!
//! Set `APPEALPRESS_OLD_BIN` to another build of appealpress (say main's, built
//! before a change) to time it side by side; it runs the build figures only.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// Rounds per figure; the median is reported.
const ROUNDS: usize = 7;
/// The camera's sensor, landscape as stored.
const SENSOR: (u32, u32) = (4000, 3000);
/// The languages of the sample case.
const LANGS: [&str; 5] = ["ar", "en", "es", "fr", "nl"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("photo");
    let packs = work.join("packs");
    make_case(&root.join("packs/ali-aarrass"), &packs.join("camera"));
    let fonts = root.join("fonts");
    let mut binaries = vec![("new", PathBuf::from(env!("CARGO_BIN_EXE_appealpress")))];
    if let Some(old) = std::env::var_os("APPEALPRESS_OLD_BIN") {
        binaries.push(("old", PathBuf::from(old)));
    }
    println!("one case x 5 languages, photo {} x {} px progressive, orientation 6", SENSOR.0, SENSOR.1);
    for (label, binary) in &binaries {
        let build = |out: &Path, extra: &[&str]| {
            let mut command = Command::new(binary);
            command.arg("build").arg(&packs).arg("--out").arg(out).arg("--shipped-fonts").arg(&fonts);
            command.args(extra).env("SOURCE_DATE_EPOCH", "1767225600");
            run(command)
        };
        let home = ["--product", "pack", "--profile", "home"];
        let out = work.join(format!("dist-{label}"));
        let cold = median((0..ROUNDS).map(|_| {
            let _ = std::fs::remove_dir_all(&out);
            build(&out, &home)
        }));
        println!("{label}: home packs, 5 languages, empty output folder: {:7.1} ms", ms(cold));
        let edited = packs.join("camera/fr.md");
        let original = std::fs::read_to_string(&edited).expect("fr.md");
        let edit = median((0..ROUNDS).map(|round| {
            std::fs::write(&edited, format!("{original}\nUne phrase ajoutée ({round}).\n")).expect("edit");
            build(&out, &home)
        }));
        std::fs::write(&edited, &original).expect("restore fr.md");
        println!("{label}: home packs, after editing fr.md:            {:7.1} ms", ms(edit));
        build(&out, &[]);
        let force = median((0..ROUNDS).map(|_| build(&out, &["--force"])));
        println!("{label}: everything (20 PDFs) --force, cache warm:  {:7.1} ms", ms(force));
    }
    if std::env::var_os("APPEALPRESS_BENCH_NO_WATCH").is_none() {
        watch_latency(&packs, &fonts, &work.join("dist-watch"));
    }
    decode_floor(&packs.join("camera/camera.jpg"));
    if std::env::var_os("APPEALPRESS_BENCH_NO_TYPST").is_none() {
        typst_peer(root, &packs.join("camera"), &fonts, &work.join("typst"));
    }
}

/// Decoding the photo in full, as a cold home build must: the entropy decoding of
/// every scan of a progressive JPEG is work no scale spares (see `load/photo.rs`).
fn decode_floor(photo: &Path) {
    let bytes = std::fs::read(photo).expect("camera.jpg");
    let span = appealpress::diag::Span::file(photo);
    let decode = median((0..ROUNDS).map(|_| {
        let started = Instant::now();
        appealpress::load::photo::decode_photo(photo, &bytes, &span).expect("the photo decodes");
        started.elapsed()
    }));
    println!("the photo alone, decoded in full (one thread):    {:7.1} ms", ms(decode));
}

/// Typst compiling the same pack, one fresh process per language, when installed.
fn typst_peer(root: &Path, case: &Path, fonts: &Path, work: &Path) {
    let installed = Command::new("python3").args(["-c", "import typst"]).stderr(Stdio::null()).status();
    if !installed.is_ok_and(|s| s.success()) {
        println!("typst: not timed (python3 -c 'import typst' fails: pip install typst)");
        return;
    }
    let status = Command::new("python3")
        .arg(root.join("benches/typst_peer.py"))
        .args([case, fonts, work])
        .arg(ROUNDS.to_string())
        .status();
    if !status.is_ok_and(|s| s.success()) {
        println!("typst: the peer benchmark failed");
    }
}

/// Starts `appealpress watch`, then saves fr.md and times until its four PDFs change.
fn watch_latency(packs: &Path, fonts: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let mut child = Command::new(env!("CARGO_BIN_EXE_appealpress"))
        .arg("watch")
        .arg(packs)
        .arg("--out")
        .arg(out)
        .arg("--shipped-fonts")
        .arg(fonts)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("appealpress watch starts");
    let pdfs: Vec<PathBuf> = ["pack", "postcard"]
        .iter()
        .flat_map(|product| {
            ["", "-press"].map(|press| out.join(format!("camera/camera-fr-{product}{press}.pdf")))
        })
        .collect();
    let edited = packs.join("camera/fr.md");
    let original = std::fs::read_to_string(&edited).expect("fr.md");
    let ready = wait_for(&pdfs, Duration::from_secs(60), |_| true);
    let mut times = Vec::new();
    if ready.is_some() {
        for round in 0..ROUNDS {
            // Let the watcher settle, so each save is a rebuild of its own.
            std::thread::sleep(Duration::from_millis(400));
            let before: Vec<_> = pdfs.iter().map(|p| modified(p)).collect();
            let saved = Instant::now();
            std::fs::write(&edited, format!("{original}\nUne phrase ({round}).\n")).expect("edit");
            let changed = wait_for(&pdfs, Duration::from_secs(30), |i| modified(&pdfs[i]) != before[i]);
            match changed {
                Some(()) => times.push(saved.elapsed()),
                None => break,
            }
        }
    }
    std::fs::write(&edited, &original).expect("restore fr.md");
    let _ = child.kill();
    let _ = child.wait();
    if times.len() == ROUNDS {
        println!(
            "new: watch, save fr.md -> its 4 PDFs rewritten:    {:7.1} ms",
            ms(median(times.into_iter()))
        );
    } else {
        println!("new: watch did not rewrite the PDFs in time");
    }
}

/// Polls until `done(i)` holds for every file (each present), or the time is up.
fn wait_for(files: &[PathBuf], timeout: Duration, done: impl Fn(usize) -> bool) -> Option<()> {
    let started = Instant::now();
    while started.elapsed() < timeout {
        if (0..files.len()).all(|i| files[i].is_file() && done(i)) {
            return Some(());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(times: impl Iterator<Item = Duration>) -> Duration {
    let mut times: Vec<Duration> = times.collect();
    times.sort();
    times[times.len() / 2]
}

/// Runs a build to completion and returns its wall time; panics if it fails.
fn run(mut command: Command) -> Duration {
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let started = Instant::now();
    let status = command.status().expect("the appealpress binary starts");
    let wall = started.elapsed();
    assert!(status.success(), "the build failed: {status}");
    wall
}

/// The sample case's texts with the camera photo, in `dir`.
fn make_case(sample: &Path, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("case folder");
    for lang in LANGS {
        let name = format!("{lang}.md");
        std::fs::copy(sample.join(&name), dir.join(&name)).expect("language file");
    }
    let yaml = std::fs::read_to_string(sample.join("case.yaml")).expect("case.yaml");
    std::fs::write(dir.join("case.yaml"), yaml.replace("portrait.jpg", "camera.jpg")).expect("case.yaml");
    std::fs::write(dir.join("camera.jpg"), camera_jpeg()).expect("photo");
}

/// A portrait as a camera held upright stores it: the sensor's landscape pixels,
/// progressive, with EXIF orientation 6 (turn 90 degrees clockwise to view), and
/// sensor noise so the file is as dense as a real one.
fn camera_jpeg() -> Vec<u8> {
    let upright = appealpress::cli::new::draw_portrait(SENSOR.1, SENSOR.0);
    let mut stored = image::imageops::rotate270(&upright);
    let mut state = 0x9E37_79B9_u32;
    for channel in stored.iter_mut() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *channel = channel.saturating_add((state % 24) as u8).saturating_sub(12);
    }
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 92);
    encoder.set_progressive(true);
    encoder
        .encode(stored.as_raw(), SENSOR.0 as u16, SENSOR.1 as u16, jpeg_encoder::ColorType::Rgb)
        .expect("encode");
    let mut file = jpeg[..2].to_vec();
    file.extend(exif_orientation(6));
    file.extend(&jpeg[2..]);
    file
}

/// An APP1 Exif segment holding one tag: Orientation = `value`.
fn exif_orientation(value: u8) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend([0, 1]);
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]);
    tiff.extend([0, 0, 0, 0]);
    let mut body = b"Exif\0\0".to_vec();
    body.extend(tiff);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(((body.len() + 2) as u16).to_be_bytes());
    segment.extend(body);
    segment
}
