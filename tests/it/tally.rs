//! The tally sheet, read back from the PDF as a reader would (`pdftotext -bbox-layout`
//! for the words, `pdftoppm` and a QR decoder for the code): the counts the case asks
//! for, each in its language's words and on its start side; where to send the sheet,
//! its web form as a code that decodes to `report_to`, or its postal address whole.

use std::path::{Path, PathBuf};

use crate::common::bbox::{self, Line, Word};
use crate::common::{appealpress_env, copy_dir, fixture_packs, qr_codes_on_page_one, run_tool, tool};

const REPORT_URL: &str = "https://example.org/tally/test-person";

/// The Latin fixture (English and French) and the Arabic one, in one packs folder,
/// each with `products:` asking for the tally and `report_to` set as given. Returns
/// the packs folder.
fn tally_cases(root: &Path, products: &str, report_to: &str) -> PathBuf {
    let packs = root.join("packs");
    for case in ["latin-case", "arabic-case"] {
        let dir = packs.join(case);
        copy_dir(&fixture_packs().join(case), &dir);
        let yaml = std::fs::read_to_string(dir.join("case.yaml")).unwrap();
        std::fs::write(
            dir.join("case.yaml"),
            format!("{yaml}products: {products}\nreport_to: {report_to}\n"),
        )
        .unwrap();
    }
    packs
}

/// Builds the tally sheets of `packs` into `out`.
fn build(root: &Path, packs: &Path, out: &Path) {
    let run = appealpress_env(
        root,
        &["build", packs.to_str().unwrap(), "--out", out.to_str().unwrap(), "--product", "tally"],
        &[("SOURCE_DATE_EPOCH", "1780000000")],
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

/// The sheet's one page as poppler reads it: its lines, and the page's width.
fn page_of(pdftotext: &Path, pdf: &Path) -> (Vec<Line>, f32) {
    let xhtml = run_tool(pdftotext, &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let mut pages = bbox::parse(&xhtml);
    assert_eq!(pages.len(), 1, "{}: one page", pdf.display());
    let size = xhtml.split("<page ").nth(1).unwrap();
    let start = size.find("width=\"").unwrap() + 7;
    let width: f32 = size[start..start + size[start..].find('"').unwrap()].parse().unwrap();
    (pages.remove(0).lines, width)
}

/// The page's words, in reading order as poppler groups them into lines.
fn words_of(pdftotext: &Path, pdf: &Path) -> (Vec<Word>, f32) {
    let (lines, width) = page_of(pdftotext, pdf);
    (lines.into_iter().flat_map(|l| l.words).collect(), width)
}

/// The words of `phrase` found in a row, first word's box.
fn find<'a>(words: &'a [Word], phrase: &str) -> Option<&'a Word> {
    let wanted: Vec<&str> = phrase.split_whitespace().collect();
    words.windows(wanted.len()).find(|w| w.iter().zip(&wanted).all(|(a, b)| a.text == *b)).map(|w| &w[0])
}

#[test]
fn the_tally_asks_for_the_cases_counts_and_its_code_decodes_to_report_to() {
    let (Some(pdftotext), Some(pdftoppm)) = (tool("pdftotext"), tool("pdftoppm")) else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = tally_cases(dir.path(), "[pack, postcard, tally]", REPORT_URL);
    let out = dir.path().join("out");
    build(dir.path(), &packs, &out);
    let pdf = out.join("latin-case/latin-case-en-tally.pdf");
    assert!(!out.join("latin-case/latin-case-en-pack.pdf").exists(), "--product tally builds the tally only");
    let (words, width) = words_of(&pdftotext, &pdf);
    for phrase in ["Tally sheet", "Test Person", "Event", "Date", "Letters written", "Cards written"] {
        assert!(find(&words, phrase).is_some(), "`{phrase}` is not on the sheet: {words:?}");
    }
    // No petition is made for the case: no signatures to count.
    assert!(find(&words, "Signatures collected").is_none(), "signatures asked without a petition");
    // The counts' words stand on the start side, the boxes on the end side.
    let letters = find(&words, "Letters written").unwrap();
    assert!(letters.right < width / 2.0, "English count label not on the left: {letters:?}");
    // The form's address decodes from the printed page, as a phone reads it.
    assert_eq!(qr_codes_on_page_one(&pdftoppm, &pdf), [REPORT_URL]);
    // French has its own sheet, in its words.
    let (fr, _) = words_of(&pdftotext, &out.join("latin-case/latin-case-fr-tally.pdf"));
    assert!(find(&fr, "Test Person").is_some());
    // Arabic: set from the right, the start side (the counts' words, the fields', the
    // address's), so more lines end near the right margin than start near the left.
    let (lines, ar_width) = page_of(&pdftotext, &out.join("arabic-case/arabic-case-ar-tally.pdf"));
    let ar: Vec<&Word> = lines.iter().flat_map(|l| &l.words).collect();
    assert!(!ar.is_empty());
    let right_aligned = lines.iter().filter(|l| l.right() > ar_width - 80.0).count();
    let left_aligned = lines.iter().filter(|l| l.left() < 80.0).count();
    assert!(right_aligned > left_aligned, "the Arabic sheet is not set from the right: {ar:?}");
}

#[test]
fn a_postal_report_to_is_printed_whole_and_a_petition_adds_signatures() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    let postal = "\n  name: Group 12 coordinator\n  address: [12 Sample Lane, 1000 Brussels, Belgium]";
    let packs = tally_cases(dir.path(), "[pack, petition, tally]", postal);
    // The English file asks for a petition; the French one does not.
    let en = packs.join("latin-case/en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, text.replacen("---\n", "---\npetition: \"Release Test Person now.\"\n", 1)).unwrap();
    let out = dir.path().join("out");
    build(dir.path(), &packs, &out);
    let (words, _) = words_of(&pdftotext, &out.join("latin-case/latin-case-en-tally.pdf"));
    for phrase in
        ["Group 12 coordinator", "12 Sample Lane", "1000 Brussels", "Belgium", "Signatures collected"]
    {
        assert!(find(&words, phrase).is_some(), "`{phrase}` is not on the sheet: {words:?}");
    }
    // No postcard for this case: no cards to count.
    assert!(find(&words, "Cards written").is_none());
    let (fr, _) = words_of(&pdftotext, &out.join("latin-case/latin-case-fr-tally.pdf"));
    assert!(find(&fr, "Group 12 coordinator").is_some());
    let fr_text: Vec<&str> = fr.iter().map(|w| w.text.as_str()).collect();
    assert!(!fr_text.contains(&"Signatures") && !fr_text.contains(&"signatures"), "{fr_text:?}");
}
