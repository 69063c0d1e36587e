//! The poster (`products: [poster]`), read back from the files as a reader and a
//! print shop would: A3 for an A4 language and Tabloid for a Letter one, the press
//! file's TrimBox that size and its BleedBox 3 mm larger, the QR code decoding to
//! `action_url` from poppler's raster of the real PDF (`pdftoppm -r 150`, decoded with
//! rqrr, the links tests' decoder), the name and the ask line as `pdftotext` extracts
//! them, the press file passing `preflight`, the home file passing PDF/UA-1; and a
//! case that lists no `poster` gets none.

use std::path::{Path, PathBuf};

use crate::common::{appealpress, copy_dir, fixture_packs, qr_codes_on_page_one, run_tool, tool};

use lopdf::Document;

const MM: f32 = 72.0 / 25.4;
const ACTION: &str = "https://example.org/act/test-person-poster";

/// A packs folder with the Latin fixture (English on Letter, French on A4) and the
/// Arabic one (A4, right to left), each asking for the poster and an online action.
fn poster_packs(root: &Path) -> PathBuf {
    let packs = root.join("packs");
    for case in ["latin-case", "arabic-case"] {
        copy_dir(&fixture_packs().join(case), &packs.join(case));
        let yaml = packs.join(case).join("case.yaml");
        let mut text = std::fs::read_to_string(&yaml).unwrap();
        text.push_str(&format!("\nproducts: [poster]\naction_url: {ACTION}\n"));
        std::fs::write(&yaml, text).unwrap();
    }
    packs
}

fn build(root: &Path) -> std::process::Output {
    let out = appealpress(root, &["build", "packs", "--out", "dist"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A page box of the first page, `[x0, y0, x1, y1]`.
fn page_box(doc: &Document, key: &[u8]) -> [f32; 4] {
    let page = *doc.get_pages().values().next().unwrap();
    let dict = doc.get_dictionary(page).unwrap();
    let values: Vec<f32> =
        dict.get(key).unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
    [values[0], values[1], values[2], values[3]]
}

/// The posters built: file, and its trim in points.
const POSTERS: [(&str, (f32, f32)); 3] = [
    ("latin-case/latin-case-fr-poster", (841.89, 1190.55)),
    ("latin-case/latin-case-en-poster", (792.0, 1224.0)),
    ("arabic-case/arabic-case-ar-poster", (841.89, 1190.55)),
];

#[test]
fn poster_sizes_and_press_boxes() {
    let dir = tempfile::tempdir().unwrap();
    poster_packs(dir.path());
    build(dir.path());
    let close = |a: f32, b: f32| (a - b).abs() < 0.02;
    for (name, (w, h)) in POSTERS {
        let home = Document::load(dir.path().join(format!("dist/{name}.pdf"))).unwrap();
        assert_eq!(home.get_pages().len(), 1, "{name}: one page");
        let media = page_box(&home, b"MediaBox");
        assert!(close(media[2] - media[0], w) && close(media[3] - media[1], h), "{name}: {media:?}");
        let press = Document::load(dir.path().join(format!("dist/{name}-press.pdf"))).unwrap();
        assert_eq!(press.get_pages().len(), 1, "{name}-press: one page");
        let trim = page_box(&press, b"TrimBox");
        let bleed = page_box(&press, b"BleedBox");
        assert!(close(trim[2] - trim[0], w) && close(trim[3] - trim[1], h), "{name}-press trim {trim:?}");
        for i in 0..2 {
            assert!(close(trim[i] - bleed[i], 3.0 * MM), "{name}-press bleed {bleed:?} trim {trim:?}");
            assert!(close(bleed[i + 2] - trim[i + 2], 3.0 * MM), "{name}-press bleed {bleed:?}");
        }
    }
    // The manifest names the paper.
    let manifest = std::fs::read_to_string(dir.path().join("dist/manifest.json")).unwrap();
    assert!(manifest.contains("\"a3\"") || manifest.contains("\"A3\""), "{manifest}");
    // Nothing else was asked for.
    assert!(!dir.path().join("dist/latin-case/latin-case-en-pack.pdf").exists());
}

#[test]
fn the_posters_code_reads_back_as_the_action_address() {
    let Some(pdftoppm) = tool("pdftoppm") else { return };
    let dir = tempfile::tempdir().unwrap();
    poster_packs(dir.path());
    build(dir.path());
    for (name, _) in POSTERS {
        for file in [format!("dist/{name}.pdf"), format!("dist/{name}-press.pdf")] {
            let codes = qr_codes_on_page_one(&pdftoppm, &dir.path().join(&file));
            assert_eq!(codes, [ACTION], "{file}");
        }
    }
}

#[test]
fn the_name_and_the_ask_read_back_as_text() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    poster_packs(dir.path());
    build(dir.path());
    let text_of = |name: &str| {
        let pdf = dir.path().join(format!("dist/{name}.pdf"));
        run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"])
    };
    for suffix in ["", "-press"] {
        let en = text_of(&format!("latin-case/latin-case-en-poster{suffix}"));
        let en = en.split_whitespace().collect::<Vec<_>>().join(" ");
        for wanted in [
            "Test Person",
            "Justice for Test Person",
            // The first item of the action list, standing alone.
            "The immediate and unconditional release of Test Person",
            "Scan to take action online",
            "example.org/act/test-person-poster",
        ] {
            assert!(en.contains(wanted), "{suffix}: `{wanted}` not in {en}");
        }
        let fr = text_of(&format!("latin-case/latin-case-fr-poster{suffix}"));
        assert!(fr.contains("Test Person"), "{fr}");
    }
}

#[test]
fn the_press_poster_passes_preflight_and_the_photo_warning_names_it() {
    let dir = tempfile::tempdir().unwrap();
    poster_packs(dir.path());
    let out = build(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The fixture's 2800 px photo across A3 and its bleed is about 235 ppi: a warning
    // that names the poster, not an error.
    assert!(stderr.contains("ppi at its placed size on the press poster; print needs 300"), "{stderr}");
    for (name, _) in POSTERS {
        let pdf = dir.path().join(format!("dist/{name}-press.pdf"));
        let out = appealpress(dir.path(), &["preflight", pdf.to_str().unwrap()]);
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}: {report}{}", String::from_utf8_lossy(&out.stderr));
        let sheet = std::fs::read_to_string(dir.path().join(format!("dist/{name}-press.txt"))).unwrap();
        assert!(sheet.contains("poster, one page"), "{sheet}");
    }
}

#[test]
fn a_case_without_poster_in_its_products_gets_none() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture_packs().join("latin-case"), &dir.path().join("packs/latin-case"));
    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist", "--product", "pack"]);
    assert!(out.status.success());
    assert!(!dir.path().join("dist/latin-case/latin-case-en-poster.pdf").exists());
}

#[test]
fn the_home_posters_pass_pdf_ua_1() {
    use page_validation::{validate_pdf_bytes, ValidationOptions, ValidationProfile};
    let dir = tempfile::tempdir().unwrap();
    poster_packs(dir.path());
    build(dir.path());
    let options = ValidationOptions::default().profile(ValidationProfile::PdfUa1);
    for (name, _) in POSTERS {
        let bytes = std::fs::read(dir.path().join(format!("dist/{name}.pdf"))).unwrap();
        let report = validate_pdf_bytes(&bytes, &options).unwrap();
        let failures: Vec<String> =
            report.failures.iter().map(|f| format!("{}: {}", f.rule_id, f.message)).collect();
        assert!(failures.is_empty(), "{name}: {failures:#?}");
    }
}

#[test]
fn a_petition_too_long_for_two_lines_gives_way_then_is_an_error_at_its_line() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = poster_packs(dir.path());
    let en = packs.join("latin-case/en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let long = "we ask for the release of Test Person and of every person held with them ".repeat(4);
    let text = text.replacen("---\n", &format!("---\npetition: \"{}\"\n", long.trim()), 1);
    std::fs::write(&en, &text).unwrap();
    // The petition's sentence fits no two lines: the action list's first item does.
    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist", "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.path().join("dist/latin-case/latin-case-en-poster.pdf");
    let printed = run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]);
    let printed = printed.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(printed.contains("The immediate and unconditional release of Test Person"), "{printed}");
    assert!(!printed.contains("every person held"), "{printed}");
    // With that item as long, nothing fits: an error at the petition's line.
    let item = "- the immediate and unconditional release of Test Person;";
    assert!(text.contains(item));
    std::fs::write(&en, text.replace(item, &format!("- {}", long.trim()))).unwrap();
    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: packs/latin-case/en.md:2:"), "{stderr}");
    assert!(stderr.contains("the ask on the poster does not fit"), "{stderr}");
    assert!(stderr.contains("shorten the first sentence of `petition:` in the front matter"), "{stderr}");
}
