//! The address labels product, read back from the PDF as a reader would
//! (`pdftotext -bbox-layout`): every address on its label of the stock's grid
//! (Avery L7160 on A4, 5160 on Letter, measured here from the maker's figures, not
//! from the code's), whole inside it, an Arabic address set right to left on an
//! English sheet, a second sheet when one is full; and a case that lists no
//! `products:` gets no labels file.

use std::path::Path;

use crate::common::bbox::{self, Word};
use crate::common::{appealpress_env, copy_dir, fixture_packs, run_tool, tool};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
/// How far a measured position may be from the maker's.
const TOLERANCE: f32 = 0.5 * MM;

/// A stock as its maker gives it, in millimetres.
struct Stock {
    paper: (f32, f32),
    columns: usize,
    rows: usize,
    label: (f32, f32),
    top: f32,
    left: f32,
    pitch: (f32, f32),
}

const L7160: Stock = Stock {
    paper: (210.0, 297.0),
    columns: 3,
    rows: 7,
    label: (63.5, 38.1),
    top: 15.15,
    left: 7.25,
    pitch: (66.04, 38.1),
};

const INCH: f32 = 25.4;
const AVERY_5160: Stock = Stock {
    paper: (8.5 * INCH, 11.0 * INCH),
    columns: 3,
    rows: 10,
    label: (2.625 * INCH, INCH),
    top: 0.5 * INCH,
    left: 0.1875 * INCH,
    pitch: (2.75 * INCH, INCH),
};

impl Stock {
    /// The `index`th label of a sheet, `[left, top, right, bottom]` in points.
    fn label(&self, index: usize) -> [f32; 4] {
        let (row, column) = (index / self.columns, index % self.columns);
        let x = (self.left + column as f32 * self.pitch.0) * MM;
        let y = (self.top + row as f32 * self.pitch.1) * MM;
        [x, y, x + self.label.0 * MM, y + self.label.1 * MM]
    }
}

/// The Arabic address, first on the sheet: "Embassy of the Kingdom of Morocco",
/// "Rue 1", "Rabat".
const ARABIC_NAME: &str = "سفارة المملكة المغربية";
const ARABIC_LINES: [&str; 2] = ["شارع الحرية 12", "الرباط"];

/// A case folder (the Latin fixture's English file and photo) whose case.yaml asks
/// for labels on `paper`, with the Arabic address first in `write_to` and `copies`
/// more entries in `copies_to`. Returns the packs folder.
fn labels_case(root: &Path, paper: &str, copies: usize) -> std::path::PathBuf {
    let packs = root.join("packs");
    let case = packs.join("labels-case");
    copy_dir(&fixture_packs().join("latin-case"), &case);
    std::fs::remove_file(case.join("fr.md")).unwrap();
    // The sheet's paper is case.yaml's: the fixture's English file asks for Letter.
    let en = std::fs::read_to_string(case.join("en.md")).unwrap();
    let en: String = en.lines().filter(|l| !l.starts_with("paper:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(case.join("en.md"), en).unwrap();
    let mut yaml = format!(
        "person: Test Person\nphoto:\n  file: photo.jpg\n  credit: \"© Test Fixture\"\nstatus: active\n\
         paper: {paper}\nproducts: [pack, labels]\nwrite_to:\n  - name: {ARABIC_NAME}\n    address: [\"{}\", \"{}\"]\n\
         copies_to:\n",
        ARABIC_LINES[0], ARABIC_LINES[1]
    );
    for i in 0..copies {
        yaml.push_str(&format!(
            "  - name: Ambassador number {i}\n    address: [Embassy {i}, {i} Long Example Boulevard, 1040 Brussels, Belgium]\n"
        ));
    }
    std::fs::write(case.join("case.yaml"), yaml).unwrap();
    packs
}

/// The addresses as the case lists them: name, then lines.
fn addresses(copies: usize) -> Vec<Vec<String>> {
    let mut all = vec![std::iter::once(ARABIC_NAME).chain(ARABIC_LINES).map(str::to_string).collect()];
    for i in 0..copies {
        all.push(vec![
            format!("Ambassador number {i}"),
            format!("Embassy {i}"),
            format!("{i} Long Example Boulevard"),
            "1040 Brussels".to_string(),
            "Belgium".to_string(),
        ]);
    }
    all
}

/// A word as written: poppler gives an Arabic word's letters in visual order, right
/// to left reversed.
fn logical(text: &str) -> String {
    let arabic = text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    if arabic {
        text.chars().rev().collect()
    } else {
        text.to_string()
    }
}

/// The words inside `[left, top, right, bottom]`.
fn words_in<'a>(words: &[&'a Word], b: [f32; 4]) -> Vec<&'a Word> {
    let centre = |w: &Word| ((w.left + w.right) / 2.0, (w.top + w.bottom) / 2.0);
    words
        .iter()
        .copied()
        .filter(|w| {
            let (x, y) = centre(w);
            x > b[0] && x < b[2] && y > b[1] && y < b[3]
        })
        .collect()
}

/// Builds the labels for `paper` and checks the sheets against `stock`.
fn check_sheet(paper: &str, stock: &Stock, copies: usize) {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = labels_case(dir.path(), paper, copies);
    let out = dir.path().join("out");
    let run = appealpress_env(
        dir.path(),
        &["build", packs.to_str().unwrap(), "--out", out.to_str().unwrap(), "--product", "labels"],
        &[("SOURCE_DATE_EPOCH", "1780000000")],
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let pdf = out.join("labels-case/labels-case-en-labels.pdf");
    assert!(!out.join("labels-case/labels-case-en-pack.pdf").exists(), "--product labels builds labels only");
    let xhtml = run_tool(&pdftotext, &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    // The paper, from the page's own size.
    let size = xhtml.split("<page ").nth(1).unwrap();
    let number = |name: &str| -> f32 {
        let start = size.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        size[start..start + size[start..].find('"').unwrap()].parse().unwrap()
    };
    assert!((number("width") - stock.paper.0 * MM).abs() < TOLERANCE, "{paper}: width");
    assert!((number("height") - stock.paper.1 * MM).abs() < TOLERANCE, "{paper}: height");
    let pages = bbox::parse(&xhtml);
    let expected = addresses(copies);
    let per_sheet = stock.columns * stock.rows;
    assert_eq!(pages.len(), expected.len().div_ceil(per_sheet), "{paper}: one sheet per {per_sheet} labels");
    let inset = 3.0 * MM;
    for (i, address) in expected.iter().enumerate() {
        let page = &pages[i / per_sheet];
        let words: Vec<&Word> = page.lines.iter().flat_map(|l| &l.words).collect();
        let label = stock.label(i % per_sheet);
        let inside = words_in(&words, label);
        let wanted: Vec<&str> = address.iter().flat_map(|line| line.split_whitespace()).collect();
        let found: Vec<String> = inside.iter().map(|w| logical(&w.text)).collect();
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        for word in &wanted {
            assert!(found.contains(word), "{paper}: label {i}: `{word}` not on it: {found:?}");
        }
        assert_eq!(found.len(), wanted.len(), "{paper}: label {i} holds {found:?}");
        // Whole inside the label: every word's box.
        for w in &inside {
            let whole =
                w.left >= label[0] && w.right <= label[2] && w.top >= label[1] && w.bottom <= label[3];
            assert!(whole, "{paper}: label {i}: `{}` reaches past {label:?}: {w:?}", w.text);
        }
        // The grid: a Latin address starts the stock's inset from the label's left
        // edge, an Arabic one ends that far from its right edge.
        let left = inside.iter().map(|w| w.left).fold(f32::INFINITY, f32::min);
        let right = inside.iter().map(|w| w.right).fold(f32::NEG_INFINITY, f32::max);
        if i == 0 {
            assert!(
                (label[2] - inset - right).abs() < TOLERANCE,
                "{paper}: Arabic label ends at {right}, not {}",
                label[2] - inset
            );
        } else {
            assert!(
                (left - label[0] - inset).abs() < TOLERANCE,
                "{paper}: label {i} starts at {left}, not {}",
                label[0] + inset
            );
        }
    }
    // The Arabic name reads right to left: its first word is the rightmost.
    let words: Vec<&Word> = pages[0].lines.iter().flat_map(|l| &l.words).collect();
    let first_label = words_in(&words, stock.label(0));
    let x_of = |text: &str| first_label.iter().find(|w| logical(&w.text) == text).map(|w| w.left).unwrap();
    let name: Vec<&str> = ARABIC_NAME.split_whitespace().collect();
    assert!(
        x_of(name[0]) > x_of(name[1]) && x_of(name[1]) > x_of(name[2]),
        "{paper}: the Arabic name is not set right to left: {first_label:?}"
    );
}

#[test]
fn a4_labels_sit_on_the_l7160_grid_whole_and_in_their_own_direction() {
    // 1 + 21 addresses: the 22nd starts a second sheet.
    check_sheet("a4", &L7160, 21);
}

#[test]
fn letter_labels_sit_on_the_5160_grid_whole_and_in_their_own_direction() {
    check_sheet("letter", &AVERY_5160, 4);
}

#[test]
fn a_case_without_products_gets_no_labels_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let packs = fixture_packs();
    let run = appealpress_env(
        dir.path(),
        &[
            "build",
            packs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--case",
            "latin-case",
            "--profile",
            "home",
        ],
        &[],
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let names: Vec<String> = std::fs::read_dir(out.join("latin-case"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.ends_with("-en-pack.pdf")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("labels")), "{names:?}");
    // Asked for on the command line, labels are still only for a case that lists them.
    let run = appealpress_env(
        dir.path(),
        &[
            "build",
            packs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--case",
            "latin-case",
            "--product",
            "labels",
        ],
        &[],
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("does not list labels in `products:`"));
    assert!(!out.join("latin-case/latin-case-en-labels.pdf").exists());
}

#[test]
fn check_names_the_entry_of_an_address_too_long_for_its_label() {
    let dir = tempfile::tempdir().unwrap();
    let packs = labels_case(dir.path(), "letter", 2);
    let yaml = packs.join("labels-case/case.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    // The second copies_to entry (line 15) gets twelve address lines.
    let long = format!("[{}]", (0..12).map(|i| format!("Line {i}")).collect::<Vec<_>>().join(", "));
    let text = text.replacen("[Embassy 1, 1 Long Example Boulevard, 1040 Brussels, Belgium]", &long, 1);
    std::fs::write(&yaml, &text).unwrap();
    let line = text.lines().position(|l| l.contains("Ambassador number 1")).unwrap() + 1;
    let run = appealpress_env(dir.path(), &["check", packs.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let at = format!("labels-case/case.yaml:{line}:");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("error") && l.contains(&at) && l.contains("address label does not fit")),
        "wants an error at {at}: {stderr}"
    );
}
