//! Builds the sample case in memory and reports the time of each stage.
//!
//! `cargo bench --bench build_samples` (release profile). It runs the same stages as
//! `appealpress build` but writes nothing; the end-to-end wall time of the binary is
//! measured with `hyperfine` as README.md describes.

use std::path::Path;
use std::time::{Duration, Instant};

use appealpress::compose::{compose_pack, Product};
use appealpress::fonts::FontBook;
use appealpress::jobs::{run_build, BuildOptions};
use appealpress::layout::{layout_pack, Profile};
use appealpress::load::{discover_cases, load_case};
use appealpress::render::{render_pdf, PhotoCache, RenderOptions};

const ROUNDS: u32 = 10;

fn per_round(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0 / ROUNDS as f64
}

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
                let doc = compose_pack(&case, file, &mut appealpress::diag::Sink::new())
                    .expect("sample labels parse");
                let paged = layout_pack(&book, &doc, &case.photo, Profile::Home).expect("sample lays out");
                layout += started.elapsed();
                let started = Instant::now();
                let options = RenderOptions {
                    profile: Profile::Home,
                    source_date: None,
                    ink_limit: Default::default(),
                };
                let bytes = render_pdf(&paged, &photos, options).expect("sample renders");
                render += started.elapsed();
                assert!(bytes.starts_with(b"%PDF-1.7"));
                packs += 1;
            }
        }
    }
    println!("fonts loaded once: {:.1} ms", fonts.as_secs_f64() * 1000.0);
    println!("home packs, one thread, per round of {}:", packs / ROUNDS as usize);
    println!("  load (yaml, markdown, photo decode): {:7.1} ms", per_round(load));
    println!("  compose + layout (shape, break):     {:7.1} ms", per_round(layout));
    println!("  render (subset, photo, PDF):         {:7.1} ms", per_round(render));

    let runs: [(&str, Vec<Product>, Vec<Profile>); 2] = [
        ("home packs", vec![Product::Pack], vec![Profile::Home]),
        ("all products and profiles", Vec::new(), Vec::new()),
    ];
    for (label, products, profiles) in runs {
        for jobs in [1, 2] {
            let mut options = BuildOptions::new(root.join("packs"), root.join("fonts"));
            options.out_dir = None;
            options.products = products.clone();
            options.profiles = profiles.clone();
            options.jobs = Some(jobs);
            let started = Instant::now();
            let mut files = 0;
            for _ in 0..ROUNDS {
                let report = run_build(&options).expect("build runs");
                assert!(!report.has_errors());
                files = report.jobs.len();
            }
            println!(
                "{label} ({files} files) in memory, --jobs {jobs}: {:7.1} ms",
                per_round(started.elapsed())
            );
        }
    }
}
