//! The petition sheet, read back from the PDF as a reader would: the table's headings
//! in order and its rows numbered 1..N (`pdftotext -layout`), rows tall enough to sign
//! in (`-bbox-layout`), a second page repeating the headings when case.yaml asks for
//! more rows than the first holds, the number column on the right in Arabic, the
//! table tagged as a table (`qpdf --json`: `Table`, `TR`, `TH` with `/Scope /Column`,
//! `TD`) and the file passing PDF/UA-1; a language without an ask gets no sheet and a
//! note, and an ask given twice is an error at its line.

use std::path::{Path, PathBuf};

use crate::common::bbox::{self, Word};
use crate::common::{appealpress_env, copy_dir, run_tool, tool};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// The table's headings in English, in reading order.
const HEADINGS: [&str; 4] = ["No.", "Name", "Town or email", "Signature"];

/// A copy of the sample case (every language gives a `petition:`) whose case.yaml
/// lists the petition, plus `extra` lines; returns the packs folder.
fn petition_case(root: &Path, extra: &str) -> PathBuf {
    let packs = root.join("packs");
    let case = packs.join("ali-aarrass");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/ali-aarrass"), &case);
    let yaml = case.join("case.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}products: [pack, petition]\n{extra}")).unwrap();
    packs
}

/// Builds the petition sheets of `packs` (for `langs`, all when empty) into `out`;
/// returns the run's standard error, asserting it succeeded.
fn build(root: &Path, packs: &Path, langs: &[&str]) -> String {
    let out = root.join("out");
    let mut args =
        vec!["build", packs.to_str().unwrap(), "--out", out.to_str().unwrap(), "--product", "petition"];
    for lang in langs {
        args.extend(["--lang", lang]);
    }
    let run = appealpress_env(root, &args, &[("SOURCE_DATE_EPOCH", "1780000000")]);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    stderr
}

fn sheet(root: &Path, lang: &str) -> PathBuf {
    root.join(format!("out/ali-aarrass/ali-aarrass-{lang}-petition.pdf"))
}

/// The text of each page as `pdftotext -layout` sets it out.
fn layout_pages(pdftotext: &Path, pdf: &Path) -> Vec<String> {
    let text = run_tool(pdftotext, &["-layout", pdf.to_str().unwrap(), "-"]);
    text.split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_string).collect()
}

/// The row numbers of a page: the lines of `-layout` text that are a number alone
/// (the signing cells are empty), in order.
fn row_numbers(page: &str) -> Vec<usize> {
    page.lines().filter_map(|l| l.trim().parse().ok()).collect()
}

/// Whether `line` holds the headings, in reading order, left to right.
fn holds_headings(line: &str) -> bool {
    let mut rest = line;
    HEADINGS.iter().all(|h| match rest.find(h) {
        Some(at) => {
            rest = &rest[at + h.len()..];
            true
        }
        None => false,
    })
}

#[test]
fn the_table_reads_back_with_its_headings_and_rows_numbered_in_order() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = petition_case(dir.path(), "");
    build(dir.path(), &packs, &["en", "fr"]);
    let pdf = sheet(dir.path(), "en");
    assert!(!dir.path().join("out/ali-aarrass/ali-aarrass-en-pack.pdf").exists(), "--product petition only");
    // The return address's e-mail is never hyphenated (in French it reaches the end
    // of the foot's first line).
    let fr = layout_pages(&pdftotext, &sheet(dir.path(), "fr")).concat();
    assert!(fr.contains("petitions@example.org"), "the e-mail is cut:\n{fr}");
    let pages = layout_pages(&pdftotext, &pdf);
    assert_eq!(pages.len(), 1, "the default fills one page");
    let page = &pages[0];
    for wanted in ["Petition", "Ali Aarrass", "We call on the Moroccan authorities", "Minister of Justice"] {
        assert!(page.contains(wanted), "`{wanted}` not on the sheet:\n{page}");
    }
    let heading_line =
        page.lines().position(holds_headings).unwrap_or_else(|| panic!("no headings:\n{page}"));
    let numbers = row_numbers(page);
    assert!(numbers.len() >= 15, "{numbers:?}");
    assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
    let first_row = page.lines().position(|l| l.trim() == "1").unwrap();
    assert!(first_row > heading_line, "the headings come before the rows");
    // The footer: where the sheets go, and the data-use line.
    assert!(page.contains("Please return signed sheets to:"), "{page}");
    assert!(page.contains("petitions@example.org") && page.contains("kept for no other purpose"), "{page}");
    // Rows a hand can sign in: the numbers' baselines at least 9 mm apart.
    let xhtml = run_tool(&pdftotext, &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let words: Vec<Word> = bbox::parse(&xhtml).remove(0).lines.into_iter().flat_map(|l| l.words).collect();
    let bottoms: Vec<f32> = (1..=numbers.len())
        .map(|n| words.iter().find(|w| w.text == n.to_string()).map(|w| w.bottom).unwrap())
        .collect();
    for pair in bottoms.windows(2) {
        assert!(pair[1] - pair[0] >= 9.0 * MM, "rows {:.1} mm apart", (pair[1] - pair[0]) / MM);
    }
}

#[test]
fn rows_beyond_the_first_page_go_on_with_the_headings_again() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = petition_case(dir.path(), "petition_rows: 50\n");
    build(dir.path(), &packs, &["en"]);
    let pages = layout_pages(&pdftotext, &sheet(dir.path(), "en"));
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let mut all = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.lines().any(holds_headings), "page {}: no headings:\n{page}", i + 1);
        assert!(page.contains("Please return signed sheets to:"), "page {}: no footer", i + 1);
        all.extend(row_numbers(page));
    }
    assert_eq!(all, (1..=50).collect::<Vec<_>>(), "the numbering runs on across the pages");
    assert!(!pages[1].contains("We call on"), "the ask is on the first page only");
}

#[test]
fn the_table_is_tagged_as_a_table_and_the_sheet_passes_pdf_ua_1() {
    let Some(qpdf) = tool("qpdf") else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = petition_case(dir.path(), "petition_rows: 40\n");
    build(dir.path(), &packs, &["en", "ar"]);
    for lang in ["en", "ar"] {
        let pdf = sheet(dir.path(), lang);
        let json = run_tool(&qpdf, &["--json=2", "--json-key=qpdf", pdf.to_str().unwrap()]);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let elements: Vec<&serde_json::Value> = json["qpdf"][1]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|o| o.get("value"))
            .filter(|v| v["/Type"] == "/StructElem")
            .collect();
        let of = |s: &str| elements.iter().filter(|e| e["/S"] == s).copied().collect::<Vec<_>>();
        assert_eq!(of("/Table").len(), 1, "{lang}: one table across the pages");
        assert_eq!(of("/TR").len(), 41, "{lang}: the heading row and 40 rows");
        let headers = of("/TH");
        assert_eq!(headers.len(), 4, "{lang}");
        for th in &headers {
            assert_eq!(th["/A"]["/O"], "/Table", "{lang}: {th}");
            assert_eq!(th["/A"]["/Scope"], "/Column", "{lang}: {th}");
        }
        let cells = of("/TD");
        assert_eq!(cells.len(), 160, "{lang}: four cells a row");
        // The signing cells are empty elements; the number's cell holds its number.
        let empty = cells.iter().filter(|td| td["/K"].as_array().is_some_and(Vec::is_empty)).count();
        assert_eq!(empty, 120, "{lang}");
        let bytes = std::fs::read(&pdf).unwrap();
        let options =
            page_validation::ValidationOptions::default().profile(page_validation::ValidationProfile::PdfUa1);
        let report = page_validation::validate_pdf_bytes(&bytes, &options).unwrap();
        let failures: Vec<String> =
            report.failures.iter().map(|f| format!("{}: {}", f.rule_id, f.message)).collect();
        assert!(failures.is_empty(), "{lang}: PDF/UA-1 fails:\n{}", failures.join("\n"));
    }
}

#[test]
fn in_arabic_the_columns_mirror_the_number_at_the_right() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = petition_case(dir.path(), "");
    build(dir.path(), &packs, &["en", "ar"]);
    for (lang, right) in [("en", false), ("ar", true)] {
        let xhtml = run_tool(&pdftotext, &["-bbox-layout", sheet(dir.path(), lang).to_str().unwrap(), "-"]);
        let page_w: f32 = {
            let tag = xhtml.split("<page ").nth(1).unwrap();
            let at = tag.find("width=\"").unwrap() + 7;
            tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
        };
        let pages = bbox::parse(&xhtml);
        let lines = &pages[0].lines;
        // The rows: lines that are one number alone.
        let numbers: Vec<&Word> = lines
            .iter()
            .filter(|l| l.words.len() == 1 && l.words[0].text.parse::<u32>().is_ok())
            .map(|l| &l.words[0])
            .collect();
        assert!(numbers.len() >= 15, "{lang}: {} rows", numbers.len());
        for n in &numbers {
            assert_eq!(
                n.left > page_w / 2.0,
                right,
                "{lang}: row {} at x {:.0} of {page_w:.0}",
                n.text,
                n.left
            );
        }
        // The headings' row, just above the first row: its word nearest the numbers
        // heads their column (in whatever language the labels are), and the headings
        // span the table from one side to the other.
        let first = numbers.iter().find(|w| w.text == "1").unwrap();
        let headings: Vec<&Word> = lines
            .iter()
            .flat_map(|l| &l.words)
            .filter(|w| w.bottom <= first.top && w.bottom > first.top - 12.0 * MM)
            .collect();
        let centre = |w: &Word| (w.left + w.right) / 2.0;
        let nearest = headings
            .iter()
            .min_by(|a, b| (centre(a) - centre(first)).abs().total_cmp(&(centre(b) - centre(first)).abs()))
            .unwrap_or_else(|| panic!("{lang}: no headings above row 1"));
        assert!((centre(nearest) - centre(first)).abs() < 8.0 * MM, "{lang}: {nearest:?} over {first:?}");
        assert!(
            headings.iter().any(|w| w.left < page_w / 2.0) && headings.iter().any(|w| w.right > page_w / 2.0)
        );
    }
}

#[test]
fn a_language_without_an_ask_gets_no_sheet_and_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let packs = petition_case(dir.path(), "");
    let nl = packs.join("ali-aarrass/nl.md");
    let text = std::fs::read_to_string(&nl).unwrap();
    let without: Vec<&str> = {
        let mut skip = false;
        text.lines()
            .filter(|l| {
                if l.starts_with("petition:") {
                    skip = true;
                    return false;
                }
                if skip && l.starts_with("  ") {
                    return false;
                }
                skip = false;
                true
            })
            .collect()
    };
    std::fs::write(&nl, without.join("\n") + "\n").unwrap();
    let stderr = build(dir.path(), &packs, &[]);
    assert!(sheet(dir.path(), "en").exists(), "{stderr}");
    assert!(!sheet(dir.path(), "nl").exists(), "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("note:")
            && l.contains("nl.md")
            && l.contains("no petition in `nl`, so no petition sheet is made")),
        "{stderr}"
    );
}

#[test]
fn an_ask_given_twice_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let packs = petition_case(dir.path(), "");
    let en = packs.join("ali-aarrass/en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let line = text.lines().position(|l| l.starts_with("petition:")).unwrap() + 1;
    std::fs::write(&en, format!("{text}\n## Our petition {{#petition}}\n\nRelease him.\n")).unwrap();
    let run = appealpress_env(dir.path(), &["check", packs.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let at = format!("ali-aarrass/en.md:{line}:");
    assert!(
        stderr.lines().any(|l| l.starts_with("error") && l.contains(&at) && l.contains("given twice")),
        "wants an error at {at}: {stderr}"
    );
}
