//! Print-shop files and postcards, read back with lopdf's parser (always) and with
//! poppler and Ghostscript (when installed; always in CI).

use crate::common;

use common::*;

use lopdf::{Document, Object};

const MM: f32 = 72.0 / 25.4;

fn build(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "packs", "--out", "dist"];
    args.extend_from_slice(extra);
    appealpress(dir, &args)
}

fn rect(doc: &Document, page: lopdf::ObjectId, key: &[u8]) -> [f32; 4] {
    let dict = doc.get_dictionary(page).unwrap();
    let values: Vec<f32> =
        dict.get(key).unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
    [values[0], values[1], values[2], values[3]]
}

/// Adds the poster to the latin-case fixture's products in the copy under `dir`, so
/// that the press checks run over it too.
fn with_poster(dir: &std::path::Path) {
    let yaml = dir.join("packs/latin-case/case.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str("\nproducts: [pack, postcard, poster]\n");
    std::fs::write(&yaml, text).unwrap();
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn press_boxes_are_exact() {
    let dir = packs_copy();
    with_poster(dir.path());
    let out = build(dir.path(), &["--case", "latin-case", "--profile", "press"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cases =
        [("latin-case-fr-pack-press.pdf", 210.0, 297.0), ("latin-case-en-pack-press.pdf", 215.9, 279.4)];
    let cards = [("latin-case-en-postcard-press.pdf", 148.0, 105.0)];
    // A3 for the French (A4) file, Tabloid for the English (Letter) one.
    let posters =
        [("latin-case-fr-poster-press.pdf", 297.0, 420.0), ("latin-case-en-poster-press.pdf", 279.4, 431.8)];
    for (name, w, h) in cases.into_iter().chain(cards).chain(posters) {
        let doc = Document::load(dir.path().join("dist/latin-case").join(name)).unwrap();
        assert!(doc.version.starts_with("1.6"), "{name}: PDF/X-4 is PDF 1.6");
        for page in doc.get_pages().values() {
            let trim = rect(&doc, *page, b"TrimBox");
            let bleed = rect(&doc, *page, b"BleedBox");
            let media = rect(&doc, *page, b"MediaBox");
            assert!(
                close(trim[2] - trim[0], w * MM) && close(trim[3] - trim[1], h * MM),
                "{name} trim {trim:?}"
            );
            for i in 0..2 {
                assert!(close(trim[i] - bleed[i], 3.0 * MM), "{name} bleed {bleed:?} vs trim {trim:?}");
                assert!(
                    close(bleed[i + 2] - trim[i + 2], 3.0 * MM),
                    "{name} bleed {bleed:?} vs trim {trim:?}"
                );
                // Room for crop marks: at least 10 mm beyond the trim.
                assert!(
                    trim[i] - media[i] >= 10.0 * MM && media[i + 2] - trim[i + 2] >= 10.0 * MM,
                    "{name} media {media:?}"
                );
            }
        }
    }
}

/// Every colour operator of every page, with the text state it sets for.
fn colour_ops(doc: &Document) -> Vec<(String, Vec<f32>, bool)> {
    let mut out = Vec::new();
    for page in doc.get_pages().values() {
        let content = doc.get_and_decode_page_content(*page).unwrap();
        let mut in_text = false;
        for op in content.operations {
            match op.operator.as_str() {
                "BT" => in_text = true,
                "ET" => in_text = false,
                "k" | "K" | "rg" | "RG" | "g" | "G" | "sc" | "scn" | "SC" | "SCN" => {
                    let values = op.operands.iter().filter_map(|o| o.as_float().ok()).collect();
                    out.push((op.operator.clone(), values, in_text));
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn press_files_have_no_rgb_and_black_is_k_only() {
    let dir = packs_copy();
    with_poster(dir.path());
    let out = build(dir.path(), &["--case", "latin-case", "--lang", "en", "--profile", "press"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in
        ["latin-case-en-pack-press.pdf", "latin-case-en-postcard-press.pdf", "latin-case-en-poster-press.pdf"]
    {
        let path = dir.path().join("dist/latin-case").join(name);
        let doc = Document::load(&path).unwrap();
        let ops = colour_ops(&doc);
        assert!(
            ops.iter().any(|(op, v, text)| op == "k" && *text && v == &[0.0, 0.0, 0.0, 1.0]),
            "{name}: no K-only text"
        );
        for (op, values, _) in &ops {
            assert!(
                !matches!(op.as_str(), "rg" | "RG" | "g" | "G"),
                "{name}: device RGB or grey operator {op}"
            );
            if (op == "k" || op == "K") && values[3] >= 0.99 {
                assert_eq!(&values[..3], &[0.0, 0.0, 0.0], "{name}: rich black {values:?}");
            }
        }
        // No DeviceRGB anywhere: images, colour spaces, resources.
        let raw = std::fs::read(&path).unwrap();
        for object in doc.objects.values() {
            let dict = match object {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                _ => continue,
            };
            if let Ok(cs) = dict.get(b"ColorSpace").and_then(Object::as_name) {
                assert_ne!(cs, b"DeviceRGB", "{name}: a DeviceRGB object");
            }
        }
        assert!(!raw.windows(9).any(|w| w == b"DeviceRGB"), "{name}: DeviceRGB in the file");
        // The output intent with its embedded profile, under the right key.
        let catalog = doc.catalog().unwrap();
        let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
        let intent = intents[0].as_dict().unwrap();
        assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
        let profile =
            doc.get_object(intent.get(b"DestOutputProfile").unwrap().as_reference().unwrap()).unwrap();
        let profile = profile.as_stream().unwrap();
        assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
        let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
        assert_eq!(info.get(b"GTS_PDFXVersion").unwrap().as_str().unwrap(), b"PDF/X-4");
        assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
        let xmp = doc.get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap()).unwrap();
        let xmp = String::from_utf8_lossy(&xmp.as_stream().unwrap().content).into_owned();
        assert!(xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        assert!(
            xmp.contains("<xmp:CreateDate>2026-01-01T00:00:00Z</xmp:CreateDate>"),
            "XMP and Info dates match"
        );
        assert_eq!(info.get(b"CreationDate").unwrap().as_str().unwrap(), b"D:20260101000000Z");
    }
}

#[test]
fn ghostscript_sees_no_colour_on_a_black_text_page() {
    let Some(gs) = tool("gs") else { return };
    let dir = packs_copy();
    assert!(build(
        dir.path(),
        &["--case", "latin-case", "--lang", "en", "--profile", "press", "--product", "pack"]
    )
    .status
    .success());
    let pdf = dir.path().join("dist/latin-case/latin-case-en-pack-press.pdf");
    // The last page is the sample letter: black text and rules only. Within the trim
    // (the registration crop marks outside it are on every plate by design).
    let pages = Document::load(&pdf).unwrap().get_pages().len().to_string();
    let (first, last) = (format!("-dFirstPage={pages}"), format!("-dLastPage={pages}"));
    let out = run_tool(
        &gs,
        &["-q", "-o", "-", "-sDEVICE=inkcov", "-dUseTrimBox", &first, &last, pdf.to_str().unwrap()],
    );
    let values: Vec<f32> = out.split_whitespace().take(4).map(|v| v.parse().unwrap()).collect();
    assert_eq!(&values[..3], &[0.0, 0.0, 0.0], "inkcov: {out}");
    assert!(values[3] > 0.0, "inkcov: {out}");
}

/// How many times `operations` draw an image XObject, counting those drawn inside the
/// form XObjects they place.
fn images_drawn(doc: &Document, operations: &[lopdf::content::Operation]) -> usize {
    let xobject = |name: &[u8]| {
        doc.objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .find_map(|d| d.get(name).ok()?.as_reference().ok())
    };
    operations
        .iter()
        .filter(|op| op.operator == "Do")
        .map(|op| {
            let id = xobject(op.operands[0].as_name().unwrap()).expect("a named XObject");
            let stream = doc.get_object(id).unwrap().as_stream().unwrap();
            match stream.dict.get(b"Subtype").unwrap().as_name().unwrap() {
                b"Image" => 1,
                _ => {
                    let content =
                        lopdf::content::Content::decode(&stream.decompressed_content().unwrap()).unwrap();
                    images_drawn(doc, &content.operations)
                }
            }
        })
        .sum()
}

#[test]
fn postcard_sheet_has_four_fronts_then_four_backs() {
    let dir = packs_copy();
    let out = build(
        dir.path(),
        &["--case", "latin-case", "--lang", "fr", "--product", "postcard", "--profile", "home"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = Document::load(dir.path().join("dist/latin-case/latin-case-fr-postcard.pdf")).unwrap();
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    assert_eq!(pages.len(), 2);
    let media = rect(&doc, pages[0], b"MediaBox");
    assert!(close(media[2], 297.0 * MM) && close(media[3], 210.0 * MM), "landscape A4 {media:?}");
    // Page 1 draws the photo four times (once itself, three times in the form of the
    // card's copies), page 2 none; cut marks on both.
    for (page, photos) in [(pages[0], 4), (pages[1], 0)] {
        let content = doc.get_and_decode_page_content(page).unwrap();
        assert_eq!(images_drawn(&doc, &content.operations), photos);
        let strokes = content.operations.iter().filter(|op| op.operator == "S").count();
        assert!(strokes >= 6, "cut marks");
    }
}

#[test]
fn an_overlong_postcard_message_fails_with_file_line_and_amount() {
    let dir = packs_copy();
    let path = dir.path().join("packs/latin-case/en.md");
    let long = "We stand with you and we will not stop writing. ".repeat(40);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("  Dear Test Person, people far away are thinking of you\n", &format!("  {long}\n"));
    std::fs::write(&path, text).unwrap();
    let out = build(dir.path(), &["--case", "latin-case", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("packs/latin-case/en.md:5:1: the postcard message does not fit:"), "{stderr}");
    assert!(stderr.contains("mm too tall even at 80 % of its size"), "{stderr}");
    assert!(!dir.path().join("dist/latin-case/latin-case-en-postcard.pdf").exists());
    assert!(dir.path().join("dist/latin-case/latin-case-en-pack.pdf").exists());
}

fn write_photo(dir: &std::path::Path, width: u32, height: u32) {
    let img =
        image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 200) as u8, (y % 200) as u8, 90]));
    img.save(dir.join("packs/latin-case/photo.jpg")).unwrap();
}

#[test]
fn press_photo_resolution_warns_below_300_and_fails_below_150() {
    let dir = packs_copy();
    let args = ["--case", "latin-case", "--lang", "fr", "--product", "pack", "--profile", "press"];
    // The press cover is 216 mm wide (8.5 in with bleed): 2000 px is about 230 ppi.
    write_photo(dir.path(), 2000, 1500);
    let out = build(dir.path(), &args);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: packs/latin-case/case.yaml:4:"), "{stderr}");
    assert!(stderr.contains("ppi at its placed size on the press pack; print needs 300"), "{stderr}");
    // 900 px is about 100 ppi: refused.
    write_photo(dir.path(), 900, 700);
    let out = build(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: packs/latin-case/case.yaml:4:"), "{stderr}");
    assert!(stderr.contains("and 150 at the very least"), "{stderr}");
}
