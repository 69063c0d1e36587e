//! Press files as a print shop's preflight sees them: black text overprinting on the
//! K plate (Ghostscript's separations), the photo's total ink under the limit
//! (measured by Ghostscript, not by our decoder), `appealpress preflight` on a file
//! built wrong on purpose and on every fixture's press output, and the job sheets
//! the download page links.

use crate::common;

use std::path::Path;

use common::*;
use lopdf::{dictionary, Document, Object, Stream};

fn build(dir: &Path, extra: &[&str]) {
    let mut args = vec!["build", "packs", "--out", "dist", "--profile", "press"];
    args.extend_from_slice(extra);
    let out = appealpress(dir, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn pages(pdf: &Path) -> usize {
    Document::load(pdf).unwrap().get_pages().len()
}

/// One plate of a `tiffsep` page: width, height, and ink per pixel (0 none, 255 full).
struct Plate {
    width: usize,
    ink: Vec<u8>,
}

/// Reads an uncompressed 8-bit grey TIFF as `tiffsep -sCompression=none` writes
/// each separation (255 is no ink), as ink.
fn read_plate(path: &Path) -> Plate {
    let data = std::fs::read(path).unwrap();
    assert_eq!(&data[..4], b"II*\0", "{}: a little-endian TIFF", path.display());
    let u16_at = |at: usize| u16::from_le_bytes([data[at], data[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(data[at..at + 4].try_into().unwrap()) as usize;
    let ifd = u32_at(4);
    let (mut width, mut height, mut offsets, mut counts) = (0, 0, Vec::new(), Vec::new());
    for i in 0..u16_at(ifd) {
        let entry = ifd + 2 + i * 12;
        let (tag, kind, count) = (u16_at(entry), u16_at(entry + 2), u32_at(entry + 4));
        let values = |out: &mut Vec<usize>| {
            let size = if kind == 3 { 2 } else { 4 };
            let base = if count * size <= 4 { entry + 8 } else { u32_at(entry + 8) };
            for j in 0..count {
                out.push(if kind == 3 { u16_at(base + j * 2) } else { u32_at(base + j * 4) });
            }
        };
        match tag {
            256 => width = if kind == 3 { u16_at(entry + 8) } else { u32_at(entry + 8) },
            257 => height = if kind == 3 { u16_at(entry + 8) } else { u32_at(entry + 8) },
            273 => values(&mut offsets),
            279 => values(&mut counts),
            _ => {}
        }
    }
    let mut ink = Vec::with_capacity(width * height);
    for (offset, count) in offsets.iter().zip(&counts) {
        ink.extend(data[*offset..offset + count].iter().map(|v| 255 - v));
    }
    assert_eq!(ink.len(), width * height, "{}", path.display());
    Plate { width, ink }
}

/// The four plates of one page, rendered by Ghostscript's `tiffsep` with overprint
/// as a press does it, within the trim (crop marks are on every plate by design).
fn separations(pdf: &Path, page: usize, dpi: u32) -> [Plate; 4] {
    separations_of(pdf, page, dpi, &[])
}

/// [`separations`] with more Ghostscript options (`-dFILTERTEXT` draws no text).
fn separations_of(pdf: &Path, page: usize, dpi: u32, extra: &[&str]) -> [Plate; 4] {
    let gs = tool("gs").expect("gs");
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("p.tif");
    let (first, last) = (format!("-dFirstPage={page}"), format!("-dLastPage={page}"));
    let res = format!("-r{dpi}");
    let out = format!("-sOutputFile={}", base.display());
    let mut args = extra.to_vec();
    args.extend_from_slice(&[
        "-q",
        "-dBATCH",
        "-dNOPAUSE",
        "-dSAFER",
        "-sDEVICE=tiffsep",
        "-sCompression=none",
        "-dOverprint=/enable",
        "-dUseTrimBox",
        &res,
        &first,
        &last,
        &out,
        pdf.to_str().unwrap(),
    ]);
    run_tool(&gs, &args);
    ["Cyan", "Magenta", "Yellow", "Black"].map(|ink| read_plate(&dir.path().join(format!("p({ink}).tif"))))
}

#[test]
fn black_text_overprints_on_the_k_plate_alone() {
    let dir = packs_copy();
    build(dir.path(), &["--case", "latin-case", "--lang", "en"]);
    let folder = dir.path().join("dist/latin-case");
    let mut under_tint = 0;
    let mut knocked_out = 0;
    for name in ["latin-case-en-pack-press.pdf", "latin-case-en-postcard-press.pdf"] {
        let pdf = folder.join(name);
        let mut text_pixels = 0;
        for page in 1..=pages(&pdf) {
            let [c, m, y, k] = separations(&pdf, page, 150);
            // A page with no cyan has no photo: every pixel of full black is text or
            // a rule, and must carry no other ink than what lies under it (the card
            // tint, M 5 % Y 7 %, never the accent's 92 % magenta: no K text is on it).
            let has_photo = c.ink.iter().any(|&v| v > 0);
            for i in 0..k.ink.len() {
                if k.ink[i] < 250 {
                    continue;
                }
                text_pixels += 1;
                if has_photo {
                    continue;
                }
                assert!(
                    m.ink[i] <= 20 && y.ink[i] <= 25,
                    "{name} page {page}: full black at ({}, {}) has M {} Y {}",
                    i % k.width,
                    i / k.width,
                    m.ink[i],
                    y.ink[i]
                );
                // Inside a tinted card: the tint stays under the text (overprint);
                // knocked out, it would be white there.
                let tinted = |j: usize| (8..=20).contains(&m.ink[j]) && (10..=25).contains(&y.ink[j]);
                let (x, row) = (i % k.width, i / k.width);
                let left = (x >= 6).then(|| i - 6);
                let right = (x + 6 < k.width).then(|| i + 6);
                let up = (row >= 6).then(|| i - 6 * k.width);
                let down = (i + 6 * k.width < k.ink.len()).then(|| i + 6 * k.width);
                let around = [left, right, up, down].into_iter().flatten().filter(|&j| tinted(j)).count();
                if around >= 3 {
                    if tinted(i) {
                        under_tint += 1;
                    } else {
                        knocked_out += 1;
                    }
                }
            }
        }
        assert!(text_pixels > 1000, "{name}: only {text_pixels} pixels of black text");
    }
    assert!(under_tint > 200, "black text on the tinted cards: {under_tint} pixels");
    assert!(knocked_out * 50 <= under_tint, "{knocked_out} knocked out against {under_tint} overprinted");
}

/// The most total ink of any image pixel within the trim of every page, in percent,
/// as Ghostscript decodes and renders the images alone (no text, no vector art: K
/// text overprinting a dark photo adds its ink to the photo's, as on press, which
/// GWG's limit, a limit per object, does not count).
fn max_ink(pdf: &Path) -> f32 {
    let mut worst = 0u32;
    for page in 1..=pages(pdf) {
        let plates = separations_of(pdf, page, 300, &["-dFILTERTEXT", "-dFILTERVECTOR"]);
        for i in 0..plates[0].ink.len() {
            worst = worst.max(plates.iter().map(|p| u32::from(p.ink[i])).sum());
        }
    }
    worst as f32 * 100.0 / 255.0
}

/// A photo with the darkest colours sRGB has (black, deep blue, deep red, brown) in
/// bands with soft edges, 2700 px wide: over 300 ppi on the press cover, and
/// shadows the profile would put near 300 % of ink.
fn write_dark_photo(dir: &Path) {
    let img = image::RgbImage::from_fn(2700, 2000, |x, y| {
        let band = (x / 300) as usize;
        let dark: [[u8; 3]; 9] = [
            [0, 0, 0],
            [10, 10, 40],
            [40, 0, 0],
            [30, 20, 10],
            [0, 0, 0],
            [20, 40, 20],
            [5, 5, 5],
            [60, 0, 60],
            [15, 15, 15],
        ];
        let shade = (y / 8 % 64) as u8;
        image::Rgb(dark[band].map(|v| v.saturating_add(shade / 4)))
    });
    img.save(dir.join("packs/latin-case/photo.jpg")).unwrap();
}

#[test]
fn no_press_file_carries_more_ink_than_its_limit() {
    let dir = packs_copy();
    write_dark_photo(dir.path());
    build(dir.path(), &[]);
    let mut files = Vec::new();
    for case in ["latin-case", "arabic-case"] {
        for entry in std::fs::read_dir(dir.path().join("dist").join(case)).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with("-press.pdf") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    for pdf in &files {
        let ink = max_ink(pdf);
        assert!(ink <= 300.0, "{}: {ink:.1} % of ink", pdf.display());
        // Our own preflight agrees, and fails the file against a limit under it.
        let out = appealpress(dir.path(), &["preflight", pdf.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        let lower = format!("{}", (ink - 15.0).floor() as u16);
        let out = appealpress(dir.path(), &["preflight", "--ink-limit", &lower, pdf.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
        assert!(String::from_utf8_lossy(&out.stdout).contains("[INK-TOTAL]"));
    }
    // A shop that takes less: 240 % on the command line holds the photo to it, and
    // the limit binds (the photo's shadows reach it).
    build(dir.path(), &["--case", "latin-case", "--lang", "en", "--product", "pack", "--ink-limit", "240"]);
    let pdf = dir.path().join("dist/latin-case/latin-case-en-pack-press.pdf");
    let ink = max_ink(&pdf);
    assert!((200.0..=240.0).contains(&ink), "{ink:.1} % under a 240 % limit");
    let doc = Document::load(&pdf).unwrap();
    let intents = doc.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap();
    let info = intents[0].as_dict().unwrap().get(b"Info").unwrap().as_str().unwrap();
    assert!(String::from_utf8_lossy(info).contains("total ink limit 240 %"));
    let manifest = std::fs::read_to_string(dir.path().join("dist/manifest.json")).unwrap();
    assert!(manifest.contains("\"ink_limit\": 240"), "the manifest records the limit");
}

/// A page that a careless layout program might write: RGB photo, 3 pt text in four
/// inks in a font that is not embedded, a 350 % black box, a 72 ppi CMYK photo, no
/// TrimBox and no output intent.
fn bad_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.6");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    // 300 x 300 px RGB placed at 2 in: 150 ppi (no resolution fault of its own).
    let rgb = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 300, "Height" => 300,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
        },
        vec![120u8; 300 * 300 * 3],
    );
    let rgb = doc.add_object(rgb);
    // 72 x 72 px CMYK placed at 1 in: 72 ppi; light ink.
    let low = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 72, "Height" => 72,
            "ColorSpace" => "DeviceCMYK", "BitsPerComponent" => 8,
        },
        [40u8, 30, 30, 10].repeat(72 * 72),
    );
    let low = doc.add_object(low);
    let content = b"q 144 0 0 144 50 500 cm /Im0 Do Q\n\
        q 72 0 0 72 300 500 cm /Im1 Do Q\n\
        0.85 0.85 0.8 1 k 50 300 200 100 re f\n\
        BT /F1 3 Tf 0.6 0.5 0.5 0.4 k 50 250 Td (Tiny four-colour text) Tj ET\n"
        .to_vec();
    let content = doc.add_object(Stream::new(dictionary! {}, content));
    let resources = dictionary! {
        "Font" => dictionary! { "F1" => font },
        "XObject" => dictionary! { "Im0" => rgb, "Im1" => low },
    };
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content, "Resources" => resources,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn preflight_names_every_fault_of_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.pdf");
    std::fs::write(&path, bad_pdf()).unwrap();
    let out = appealpress(dir.path(), &["preflight", "bad.pdf"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("bad.pdf: fail (1 pages)"), "{stdout}");
    for (id, words) in [
        ("COLOR-RGB", "an RGB image (300 x 300 px)"),
        ("TEXT-SIZE", "text in 4 inks at 3.0 pt"),
        ("INK-TOTAL", "a fill carries 350 % total ink"),
        ("BOX-TRIM", "no TrimBox"),
        ("BOX-BLEED", "no BleedBox"),
        ("IMAGE-RESOLUTION", "an image at 72 ppi effective"),
        ("PDFX-OUTPUT-INTENT", "no GTS_PDFX output intent"),
        ("FONT-EMBEDDED", "font Helvetica is not embedded"),
    ] {
        let line = stdout.lines().find(|l| l.contains(&format!("[{id}]")));
        let line = line.unwrap_or_else(|| panic!("no {id} in:\n{stdout}"));
        assert!(line.contains(words), "{id}: {line}");
        assert!(line.trim_start().starts_with("error"), "{id} is an error: {line}");
    }
    // The same as JSON, for a script.
    let out = appealpress(dir.path(), &["preflight", "--json", "bad.pdf"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["bad.pdf"]["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["check"] == "IMAGE-RESOLUTION" && f["page"] == 1));
    // What is not a PDF fails to parse, and says so.
    std::fs::write(dir.path().join("not.pdf"), b"hello").unwrap();
    let out = appealpress(dir.path(), &["preflight", "not.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[PDF-READ]"));
}

#[test]
fn every_fixture_press_file_passes_and_has_a_job_sheet_on_the_page() {
    let dir = packs_copy();
    build(dir.path(), &[]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("dist/manifest.json")).unwrap())
            .unwrap();
    let mut press = 0;
    for entry in manifest["outputs"].as_array().unwrap() {
        let file = entry["file"].as_str().unwrap();
        if entry["profile"] != "press" {
            assert!(entry.get("preflight").is_none() && entry.get("job_sheet").is_none(), "{file}");
            continue;
        }
        press += 1;
        let preflight = &entry["preflight"];
        // The one warning a fixture may have: the accent's small text (8.5 pt in
        // three inks) under the 9 pt GWG asks of text in more than one ink.
        assert_ne!(preflight["verdict"], "fail", "{file}: {preflight:#}");
        for finding in preflight["findings"].as_array().unwrap() {
            assert!(finding["check"] == "TEXT-SIZE" && finding["level"] == "warning", "{file}: {finding}");
        }
        assert_eq!(preflight["ink_limit"], 300);
        let measured = &preflight["measured"];
        assert_eq!(measured["black_text"], measured["black_text_overprinting"], "{file}");
        assert!(measured["max_image_ink"].as_f64().unwrap() <= 300.0);
        let out = appealpress(&dir.path().join("dist"), &["preflight", file]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        // The job sheet: plain text beside the file, linked beside it on the page.
        let sheet_name = entry["job_sheet"].as_str().unwrap();
        assert_eq!(sheet_name, file.replace(".pdf", ".txt"));
        let sheet = std::fs::read_to_string(dir.path().join("dist").join(sheet_name)).unwrap();
        for words in [
            "Trim size",
            "Bleed             3.0 mm",
            "FOGRA39",
            "Total ink limit   300 %",
            "PREFLIGHT         PASS",
        ] {
            assert!(sheet.contains(words), "{sheet_name} lacks {words}:\n{sheet}");
        }
        let finishing = if file.contains("postcard") { "cut to trim" } else { "saddle-stitch" };
        assert!(sheet.contains(finishing) || sheet.contains("print loose"), "{sheet}");
        let case = entry["case"].as_str().unwrap();
        let page = std::fs::read_to_string(dir.path().join("dist").join(case).join("index.html")).unwrap();
        let link = sheet_name.rsplit('/').next().unwrap();
        assert!(page.contains(&format!("href=\"{link}\"")), "{case}/index.html does not link {link}");
    }
    assert!(press >= 4, "{press} press files");
}
