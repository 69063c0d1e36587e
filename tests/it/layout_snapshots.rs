//! Layout snapshots: the first page of each fixture pack, dumped as text (one line per
//! text run, rule, panel and image, with positions), compared with the committed
//! reference. A change in line breaking, spacing or mirroring shows up as a readable
//! diff. After an intended change: `UPDATE_SNAPSHOTS=1 cargo test --test it layout_snapshots`.

use crate::common;

use std::path::Path;

use appealpress::compose::compose_pack;
use appealpress::layout::{describe_page, layout_pack, Profile};
use appealpress::load::{discover_cases, load_case};
use appealpress::text::FontBook;

fn check(case_id: &str, lang: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let book = FontBook::load(&root.join("fonts")).unwrap();
    let dirs = discover_cases(&common::fixture_packs()).unwrap();
    let dir = dirs.iter().find(|d| d.id == case_id).unwrap();
    let case = load_case(dir, &[lang.to_string()]).unwrap();
    let file = case.langs[0].file.as_ref().unwrap();
    let doc = compose_pack(&case, file, &mut appealpress::diag::Sink::new()).unwrap();
    let paged = layout_pack(&book, &doc, &case.photo, Profile::Home).unwrap();
    let actual: String = paged
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| format!("== page {}\n{}", i + 1, describe_page(p)))
        .collect();
    let reference = root.join(format!("tests/snapshots/{case_id}-{lang}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&reference, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&reference).unwrap_or_default();
    if actual != expected {
        let first = actual.lines().zip(expected.lines()).position(|(a, e)| a != e);
        panic!(
            "layout of {case_id}/{lang} changed (first difference at line {:?}); run with UPDATE_SNAPSHOTS=1 after checking it\n--- actual\n{actual}",
            first.map(|i| i + 1)
        );
    }
}

#[test]
fn latin_letter_size_pack() {
    check("latin-case", "en");
}

#[test]
fn arabic_pack_is_mirrored() {
    check("arabic-case", "ar");
}
