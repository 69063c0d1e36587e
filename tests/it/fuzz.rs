//! Fuzzing the whole pipeline with a seeded generator: mutated case.yaml, Markdown and
//! photos go through load, compose, layout and render, which must never panic.
//!
//! `cargo test --test it fuzz::` runs a short, fixed set of inputs. For a long run:
//! `APPEALPRESS_FUZZ_SECONDS=1800 cargo test --release --test it fuzz:: -- --nocapture`
//! (and `APPEALPRESS_FUZZ_SEED=n` to start elsewhere). A panic writes the input that
//! caused it to `target/fuzz-crashes/` and fails the test.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common;

use appealpress::compose::{compose_pack, compose_postcard};
use appealpress::fonts::FontBook;
use appealpress::layout::{layout_pack, layout_postcard, Profile};
use appealpress::load::{load_case, CaseDir};
use appealpress::render::{render_pdf, PhotoCache, RenderOptions};
use common::Rng;

/// Fragments that stress the parsers and the typesetter.
const SNIPPETS: &[&str] = &[
    "\n## X {#story}\n",
    "\n## Y {#letter}\n",
    "{#action}",
    "{#appeal}",
    "{#nope}",
    "\n---\n",
    "*",
    "**",
    "_",
    "`",
    "\n- ",
    "\n1. ",
    "\n   - ",
    "\n> ",
    "<b>",
    "</i>",
    "<!-- c -->",
    "![i](p.png)",
    "[l](u)",
    "\\",
    "\n\n",
    "  \n",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!binary ",
    "'",
    "\"",
    "#",
    "\t",
    "~~~\n",
    "|a|b|\n|-|-|\n",
    "person: X\n",
    "photo:\n  file: p.png\n",
    "focus: [9, -1]\n",
    "paper: letter\n",
    "paper: tabloid\n",
    "status: closed\n",
    "deadline: 1999-02-30\n",
    "write_to: []\n",
    "postcard: |\n  hi\n",
    "علي أعراص",
    "שלום",
    "中文",
    "🙂",
    "\u{202E}",
    "\u{200F}",
    "\u{00AD}",
    "\u{2028}",
    "\u{FEFF}",
    "\u{0}",
    "\u{301}",
    "\u{651}\u{64B}",
    "ـــــ",
    "ﻻ",
    "e\u{301}\u{302}\u{303}",
    "Aarrass-",
    "—",
    "-\n",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 => bytes.splice(at..at, rng.pick(SNIPPETS).bytes()).for_each(drop),
            1 => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] = rng.next() as u8;
            }
            3 => {
                let end = (at + rng.below(200)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy).for_each(drop);
            }
            4 => {
                let long = rng.pick(SNIPPETS).repeat(1 + rng.below(300));
                bytes.splice(at..at, long.bytes()).for_each(drop);
            }
            _ => bytes.splice(at..at, rng.pick(SNIPPETS).bytes()).for_each(drop),
        }
    }
    // Mostly valid UTF-8, so the later stages get exercised too; sometimes not.
    if rng.below(10) == 0 {
        unsafe_bytes_as_lossy(bytes)
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Keeps invalid bytes: written to disk as they are, to test the UTF-8 check.
fn unsafe_bytes_as_lossy(bytes: Vec<u8>) -> String {
    // Encoded as a marker the writer turns back into raw bytes.
    format!("\u{0}RAW{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn write_text(path: &Path, text: &str) {
    match text.strip_prefix("\u{0}RAW") {
        Some(hex) => {
            let bytes: Vec<u8> =
                (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
            std::fs::write(path, bytes).unwrap();
        }
        None => std::fs::write(path, text).unwrap(),
    }
}

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn photo_bytes(rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (1 + rng.below(300) as u32, 1 + rng.below(300) as u32);
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([x as u8, y as u8, 7, (x ^ y) as u8]));
    let mut out = Vec::new();
    let format = if rng.below(2) == 0 { image::ImageFormat::Png } else { image::ImageFormat::Jpeg };
    let img = image::DynamicImage::ImageRgba8(img);
    let img =
        if format == image::ImageFormat::Jpeg { image::DynamicImage::ImageRgb8(img.to_rgb8()) } else { img };
    img.write_to(&mut std::io::Cursor::new(&mut out), format).unwrap();
    if rng.below(8) == 0 {
        let at = rng.below(out.len());
        out.truncate(at);
    }
    out
}

/// One generated case folder.
struct Input {
    case_yaml: String,
    langs: Vec<(String, String)>,
    photo: Vec<u8>,
}

fn generate(rng: &mut Rng, corpus: &[(String, String)]) -> Input {
    let yamls: Vec<&(String, String)> = corpus.iter().filter(|(n, _)| n.starts_with("case")).collect();
    let mds: Vec<&(String, String)> = corpus.iter().filter(|(n, _)| n.starts_with("md")).collect();
    let yaml = &rng.pick(&yamls).1;
    let case_yaml = if rng.below(3) == 0 { mutate(rng, yaml) } else { yaml.clone() };
    let case_yaml = case_yaml.replace("photo.jpg", "photo.img");
    let mut langs = Vec::new();
    for tag in ["en", "ar"].iter().take(1 + rng.below(2)) {
        let md = &rng.pick(&mds).1;
        langs.push((tag.to_string(), mutate(rng, md)));
    }
    Input { case_yaml, langs, photo: photo_bytes(rng) }
}

fn save_crash(input: &Input, seed: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/fuzz-crashes/{seed}"));
    std::fs::create_dir_all(&dir).unwrap();
    write_text(&dir.join("case.yaml"), &input.case_yaml);
    for (tag, md) in &input.langs {
        write_text(&dir.join(format!("{tag}.md")), md);
    }
    std::fs::write(dir.join("photo.img"), &input.photo).unwrap();
    dir
}

/// Runs every stage on the input; errors are fine, panics are not.
fn run_pipeline(book: &FontBook, input: &Input, seed: u64) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let case_dir = dir.path().join("fuzz-case");
    std::fs::create_dir(&case_dir).unwrap();
    write_text(&case_dir.join("case.yaml"), &input.case_yaml);
    for (tag, md) in &input.langs {
        write_text(&case_dir.join(format!("{tag}.md")), md);
    }
    std::fs::write(case_dir.join("photo.img"), &input.photo).unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut rendered = 0;
        let Ok(case) = load_case(&CaseDir { id: "fuzz-case".into(), dir: case_dir.clone() }, &[]) else {
            return 0;
        };
        let photos = PhotoCache::default();
        for entry in &case.langs {
            let Ok(file) = &entry.file else { continue };
            for profile in [Profile::Home, Profile::Press] {
                let options = RenderOptions { profile, source_date: None, ink_limit: Default::default() };
                if let Ok(pack) = compose_pack(&case, file, &mut appealpress::diag::Sink::new()) {
                    if let Ok(paged) = layout_pack(book, &pack, &case.photo, profile) {
                        rendered += usize::from(render_pdf(&paged, &photos, options).is_ok());
                    }
                }
                if let Ok(card) = compose_postcard(&case, file, &mut appealpress::diag::Sink::new()) {
                    if let Ok(paged) = layout_postcard(book, &card, &case.photo, profile) {
                        rendered += usize::from(render_pdf(&paged, &photos, options).is_ok());
                    }
                }
            }
        }
        rendered
    }));
    match result {
        Ok(n) => n,
        Err(_) => panic!("seed {seed} panicked; input saved in {}", save_crash(input, seed).display()),
    }
}

#[test]
fn the_pipeline_never_panics() {
    let book = FontBook::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).unwrap();
    let corpus = corpus();
    let budget =
        std::env::var("APPEALPRESS_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).map(Duration::from_secs);
    let first: u64 = std::env::var("APPEALPRESS_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let started = Instant::now();
    let (mut runs, mut rendered) = (0u64, 0usize);
    let mut seed = first;
    loop {
        let done = match budget {
            Some(budget) => started.elapsed() >= budget,
            None => runs >= 60,
        };
        if done {
            break;
        }
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let input = generate(&mut rng, &corpus);
        rendered += run_pipeline(&book, &input, seed);
        runs += 1;
        seed += 1;
        if budget.is_some() && runs % 500 == 0 {
            eprintln!(
                "{runs} inputs, {rendered} PDFs rendered, {:.0} s, no panic",
                started.elapsed().as_secs_f64()
            );
        }
    }
    eprintln!("fuzz: {runs} inputs (seeds {first}..{seed}), {rendered} PDFs rendered, no panic");
    assert!(
        rendered > 0,
        "no input got through to a PDF: the generator is too destructive to test the later stages"
    );
}
