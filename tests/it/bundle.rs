//! The event bundle, read back with `pdftotext` page by page: the pack, the tally
//! sheet and the postcard sheet the case lists, in printing order, each starting on a
//! right-hand page, every page the same text as in the part's own file.

use std::path::Path;

use crate::common::{appealpress_env, copy_dir, fixture_packs, run_tool, tool};

/// The text of each page of `pdf`.
fn page_texts(pdftotext: &Path, pdf: &Path) -> Vec<String> {
    let text = run_tool(pdftotext, &[pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn the_bundle_is_the_parts_in_printing_order_each_on_a_right_hand_page() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    let case = packs.join("latin-case");
    copy_dir(&fixture_packs().join("latin-case"), &case);
    let yaml = std::fs::read_to_string(case.join("case.yaml")).unwrap();
    std::fs::write(
        case.join("case.yaml"),
        format!("{yaml}products: [pack, postcard, tally, bundle]\nreport_to: tally@example.org\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = appealpress_env(
        dir.path(),
        &["build", packs.to_str().unwrap(), "--out", out.to_str().unwrap(), "--profile", "home"],
        &[("SOURCE_DATE_EPOCH", "1780000000")],
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    for lang in ["en", "fr"] {
        let file = |product: &str| out.join(format!("latin-case/latin-case-{lang}-{product}.pdf"));
        let mut expected = Vec::new();
        for part in ["pack", "tally", "postcard"] {
            if expected.len() % 2 == 1 {
                expected.push(String::new());
            }
            expected.extend(page_texts(&pdftotext, &file(part)));
        }
        let bound = page_texts(&pdftotext, &file("bundle"));
        assert_eq!(bound.len(), expected.len(), "{lang}: pages");
        for (index, (got, want)) in bound.iter().zip(&expected).enumerate() {
            assert_eq!(got.trim(), want.trim(), "{lang}: page {} differs from its part's", index + 1);
        }
        // The parts' own words, where printing order puts them.
        assert!(bound[0].contains("Test Person"), "{lang}: the pack first");
        assert!(bound.iter().any(|p| p.contains("tally@example.org")), "{lang}: the tally sheet");
    }
}
