//! The time to draw a download-page thumbnail, and sample pages as PNGs to look at.
//!
//! `cargo bench --bench thumbnails`: prints the best and mean time to draw the sample's
//! English cover 240 px wide and to encode it as a PNG, then writes the first two pages
//! of the English and Arabic pack and postcard, 600 px wide, to the temp folder.

use std::path::Path;
use std::time::{Duration, Instant};

use appealpress::compose::{compose_pack, compose_postcard};
use appealpress::fonts::FontBook;
use appealpress::layout::{layout_pack, layout_postcard, FrameItem, PagedDocument, Profile};
use appealpress::load::{discover_cases, load_case, Case};
use appealpress::render::raster::{rasterize_page, thumbnail_png};

const RUNS: u32 = 100;

/// The best and the mean of `RUNS` timed calls, after one to warm up: on a shared
/// machine the mean says more about the load than about the code.
fn time(f: &dyn Fn()) -> (Duration, Duration) {
    f();
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    (times.iter().min().copied().unwrap_or_default(), times.iter().sum::<Duration>() / RUNS)
}

fn pack(book: &FontBook, case: &Case, lang: &str) -> PagedDocument {
    let entry = case.langs.iter().find(|e| e.lang == lang).expect("the sample has the language");
    let doc =
        compose_pack(case, entry.file.as_ref().expect("it parses"), &mut appealpress::diag::Sink::new())
            .expect("composes");
    layout_pack(book, &doc, &case.photo, Profile::Home).expect("lays out")
}

fn postcard(book: &FontBook, case: &Case, lang: &str) -> PagedDocument {
    let entry = case.langs.iter().find(|e| e.lang == lang).expect("the sample has the language");
    let card =
        compose_postcard(case, entry.file.as_ref().expect("it parses"), &mut appealpress::diag::Sink::new())
            .expect("composes");
    layout_postcard(book, &card, &case.photo, Profile::Home).expect("lays out")
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let book = FontBook::load(&root.join("fonts")).expect("fonts");
    let dirs = discover_cases(&root.join("packs")).expect("packs");
    let dir = dirs.iter().find(|d| d.id == "ali-aarrass").expect("the sample case");
    let case = load_case(dir, &[]).expect("the sample loads");

    let en = pack(&book, &case, "en");
    let runs = en.pages[0].items.iter().filter(|item| matches!(item, FrameItem::Text { .. })).count();
    let (best, mean) = time(&|| drop(rasterize_page(&en, 0, 240).expect("draws")));
    println!("A4 cover ({runs} runs of text) at 240 px: drawn in {best:?} (mean {mean:?})");
    let (best, mean) = time(&|| drop(thumbnail_png(&en, 0, 240, &Default::default()).expect("encodes")));
    println!("  as PNG: {best:?} (mean {mean:?})");

    let documents = [
        ("en", en),
        ("ar", pack(&book, &case, "ar")),
        ("card-en", postcard(&book, &case, "en")),
        ("card-ar", postcard(&book, &case, "ar")),
    ];
    for (name, doc) in &documents {
        for index in 0..doc.pages.len().min(2) {
            let path = std::env::temp_dir().join(format!("raster-{name}-{}.png", index + 1));
            std::fs::write(&path, thumbnail_png(doc, index, 600, &Default::default()).expect("encodes"))
                .expect("writes");
            println!("wrote {}", path.display());
        }
    }
}
