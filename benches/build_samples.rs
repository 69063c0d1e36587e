//! Builds the sample packs in memory and reports the time of each stage.
//!
//! `cargo bench --bench build_samples` (release profile). It runs the same stages as
//! `appealpress build` but writes nothing; the end-to-end wall time of the binary is
//! measured with `hyperfine` as README.md describes.

use std::path::Path;
use std::time::{Duration, Instant};

use appealpress::build::{run_build, BuildOptions};
use appealpress::compose::compose_pack;
use appealpress::layout::layout_pack;
use appealpress::load::{discover_cases, load_case};
use appealpress::render::{render_pdf, PhotoCache, RenderOptions};
use appealpress::text::FontBook;

const ROUNDS: u32 = 20;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fonts_started = Instant::now();
    let book = FontBook::load(&root.join("fonts")).expect("fonts");
    let fonts = fonts_started.elapsed();
    let dirs = discover_cases(&root.join("packs")).expect("packs");

    let (mut load, mut layout, mut render) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut packs = 0;
    for _ in 0..ROUNDS {
        for dir in &dirs {
            let started = Instant::now();
            let case = load_case(dir, &[]).expect("sample case loads");
            load += started.elapsed();
            let photos = PhotoCache::default();
            for entry in &case.langs {
                let file = entry.file.as_ref().expect("sample language parses");
                let started = Instant::now();
                let doc = compose_pack(&case, file, &mut Vec::new());
                let paged = layout_pack(&book, &doc, &case.photo).expect("sample lays out");
                layout += started.elapsed();
                let started = Instant::now();
                let options = RenderOptions {
                    max_photo_ppi: 200.0,
                    source_date: None,
                };
                let bytes = render_pdf(&book, &paged, &photos, options).expect("sample renders");
                render += started.elapsed();
                assert!(bytes.starts_with(b"%PDF-1.7"));
                packs += 1;
            }
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / ROUNDS as f64;
    println!("fonts loaded once: {:.1} ms", fonts.as_secs_f64() * 1000.0);
    println!(
        "per round of {} packs, one thread:",
        packs / ROUNDS as usize
    );
    println!(
        "  load (yaml, markdown, photo decode): {:7.1} ms",
        per(load)
    );
    println!(
        "  compose + layout (shape, break):     {:7.1} ms",
        per(layout)
    );
    println!(
        "  render (subset, photo, PDF):         {:7.1} ms",
        per(render)
    );

    for jobs in [1, 2] {
        let options = BuildOptions {
            packs_dir: root.join("packs"),
            out_dir: None,
            cases: Vec::new(),
            langs: Vec::new(),
            jobs: Some(jobs),
            fonts_dir: root.join("fonts"),
            source_date: None,
        };
        let started = Instant::now();
        for _ in 0..ROUNDS {
            let report = run_build(&options).expect("build runs");
            assert!(!report.has_errors());
        }
        println!(
            "whole build in memory, --jobs {jobs}: {:7.1} ms",
            per(started.elapsed())
        );
    }
}
