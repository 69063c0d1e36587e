//! Layout snapshots: the first page of each fixture pack, dumped as text (one line per
//! text run, rule, panel and image, with positions), compared with the committed
//! reference. A change in line breaking, spacing or mirroring shows up as a readable
//! diff: a difference fails and leaves what was got as `<reference>.new`. After an
//! intended change, `UPDATE_SNAPSHOTS=1 cargo test --test it layout_snapshots` rewrites
//! the references and still fails once (common/snapshot.rs).

use crate::common;

use std::path::Path;

use appealpress::compose::compose_pack;
use appealpress::fonts::FontBook;
use appealpress::layout::{describe_page, layout_pack, Profile};
use appealpress::load::{discover_cases, load_case};

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
    common::snapshot::assert_snapshot(&reference, &actual);
}

#[test]
fn latin_letter_size_pack() {
    check("latin-case", "en");
}

#[test]
fn arabic_pack_is_mirrored() {
    check("arabic-case", "ar");
}
