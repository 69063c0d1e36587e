//! End to end: build the fixture cases with the real binary and read the PDFs back
//! with readers that are not ours (lopdf's parser always; poppler and qpdf when
//! installed, and always in CI).

use crate::common;

use std::collections::BTreeSet;

use common::*;
use lopdf::{Document, Object};

fn build(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "packs", "--out", "dist"];
    args.extend_from_slice(extra);
    appealpress(dir, &args)
}

fn media_box(doc: &Document, page: lopdf::ObjectId) -> Vec<f32> {
    let dict = doc.get_dictionary(page).unwrap();
    dict.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect()
}

#[test]
fn builds_every_language_with_exact_paper_and_embedded_subset_fonts() {
    let dir = packs_copy();
    let out = build(dir.path(), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = [
        ("latin-case", "en", [612.0, 792.0]),
        ("latin-case", "fr", [595.2756, 841.8898]),
        ("arabic-case", "ar", [595.2756, 841.8898]),
    ];
    for (case, lang, size) in expected {
        let path = dir.path().join(format!("dist/{case}/{case}-{lang}-pack.pdf"));
        let doc = Document::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(doc.version.starts_with("1.7"));
        let pages = doc.get_pages();
        assert!(pages.len() >= 2, "{lang}: {} pages", pages.len());
        for page in pages.values() {
            let b = media_box(&doc, *page);
            assert_eq!(b[0], 0.0);
            assert!((b[2] - size[0]).abs() < 0.01 && (b[3] - size[1]).abs() < 0.01, "{lang}: {b:?}");
        }
        let mut fonts = 0;
        for object in doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor") {
                fonts += 1;
                let name =
                    String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
                assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "subset tag missing: {name}");
                assert!(dict.has(b"FontFile2"), "{name} is not embedded");
            }
            // A Type0 font and its CIDFont carry the same, subset-tagged name.
            if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0") {
                let base = dict.get(b"BaseFont").unwrap().as_name().unwrap();
                let descendants = dict.get(b"DescendantFonts").unwrap().as_array().unwrap();
                for descendant in descendants {
                    let descendant = match descendant {
                        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
                        other => other.as_dict().unwrap(),
                    };
                    let inner = descendant.get(b"BaseFont").unwrap().as_name().unwrap();
                    assert_eq!(String::from_utf8_lossy(inner), String::from_utf8_lossy(base), "{lang}");
                }
            }
        }
        assert!(fonts >= 2, "{lang}: {fonts} fonts");
        let catalog = doc.catalog().unwrap();
        let Object::String(tag, _) = catalog.get(b"Lang").unwrap() else { panic!("no /Lang") };
        assert_eq!(tag, lang.as_bytes());
    }
}

#[test]
fn same_input_same_bytes_whatever_the_jobs() {
    let dir = packs_copy();
    let mut runs: Vec<std::collections::BTreeMap<String, Vec<u8>>> = Vec::new();
    for jobs in ["1", "2", "2"] {
        let out_dir = format!("out-{}", runs.len());
        let out = appealpress(dir.path(), &["build", "packs", "--out", &out_dir, "--jobs", jobs]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut files = every_file(&dir.path().join(out_dir));
        // The stamps of the files written (their inodes and times) are this machine's
        // record of them, different at every write by design; never published.
        files.remove(".appealpress/stamps.json").expect("stamps are kept");
        runs.push(files);
    }
    // Every output: the 12 PDFs, the thumbnails, the manifest and the download page.
    let pdfs = runs[0].keys().filter(|f| f.ends_with(".pdf")).count();
    assert_eq!(pdfs, 12, "{:?}", runs[0].keys().collect::<Vec<_>>());
    assert!(runs[0].contains_key("manifest.json") && runs[0].contains_key("index.html"));
    for run in &runs[1..] {
        assert_eq!(run.keys().collect::<Vec<_>>(), runs[0].keys().collect::<Vec<_>>());
        let differ: Vec<&String> =
            run.iter().filter(|(f, bytes)| runs[0][*f] != **bytes).map(|(f, _)| f).collect();
        assert!(differ.is_empty(), "these outputs differ between runs: {differ:?}");
    }
}

/// Every file under `dir`, by path relative to it (with `/`), with its bytes.
fn every_file(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn source_date_epoch_sets_the_document_dates() {
    let dir = packs_copy();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_appealpress"))
        .args(["build", "packs", "--out", "dist", "--case", "latin-case", "--lang", "en"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc = Document::load(dir.path().join("dist/latin-case/latin-case-en-pack.pdf")).unwrap();
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    assert_eq!(info.get(b"CreationDate").unwrap().as_str().unwrap(), b"D:20231114221320Z");
    // Without it, no date is written at all (rather than the build time).
    let out = build(dir.path(), &["--case", "latin-case", "--lang", "fr"]);
    assert!(out.status.success());
    let doc = Document::load(dir.path().join("dist/latin-case/latin-case-fr-pack.pdf")).unwrap();
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    assert!(!info.has(b"CreationDate"));
}

/// The Info dictionary and the XMP packet of a built PDF, as text (empty when none).
fn metadata(path: &std::path::Path) -> (lopdf::Dictionary, String) {
    let doc = Document::load(path).unwrap();
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap().clone();
    // Press files carry XMP (PDF/X needs it); home files have none.
    let Ok(reference) = doc.catalog().unwrap().get(b"Metadata").and_then(|m| m.as_reference()) else {
        return (info, String::new());
    };
    let xmp = doc.get_object(reference).unwrap().as_stream().unwrap();
    let bytes = xmp.decompressed_content().unwrap_or_else(|_| xmp.content.clone());
    (info, String::from_utf8_lossy(&bytes).into_owned())
}

#[test]
fn the_person_at_risk_is_never_the_author_and_the_subject_names_the_product() {
    let dir = packs_copy();
    let out = build(dir.path(), &["--case", "latin-case", "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dist = dir.path().join("dist/latin-case");
    for (file, subject) in [
        ("latin-case-en-pack.pdf", "Appeal pack"),
        ("latin-case-en-pack-press.pdf", "Appeal pack"),
        ("latin-case-en-postcard.pdf", "Solidarity postcard"),
        ("latin-case-en-postcard-press.pdf", "Solidarity postcard"),
    ] {
        let (info, xmp) = metadata(&dist.join(file));
        assert!(!info.has(b"Author"), "{file}: an author with no publisher named");
        assert_eq!(info.get(b"Subject").unwrap().as_str().unwrap(), subject.as_bytes(), "{file}");
        assert!(!xmp.contains("dc:creator"), "{file}: {xmp}");
        // The name is in the title only.
        let title = std::str::from_utf8(info.get(b"Title").unwrap().as_str().unwrap()).unwrap().to_string();
        if !xmp.is_empty() {
            assert_eq!(
                xmp.matches("Test Person").count(),
                title.matches("Test Person").count(),
                "{file}: {xmp}"
            );
        }
    }
    // A publisher named in case.yaml is the author.
    let yaml = dir.path().join("packs/latin-case/case.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}publisher: Example Human Rights Group\n")).unwrap();
    let out = build(dir.path(), &["--case", "latin-case", "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (info, xmp) = metadata(&dist.join("latin-case-en-pack-press.pdf"));
    assert_eq!(info.get(b"Author").unwrap().as_str().unwrap(), b"Example Human Rights Group");
    assert!(xmp.contains("<rdf:li>Example Human Rights Group</rdf:li>"), "{xmp}");
}

#[test]
fn photo_is_jpeg_at_most_200_ppi() {
    let dir = packs_copy();
    // A large photo, so the 200 ppi limit is what bounds it.
    let big =
        image::RgbImage::from_fn(3000, 2400, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    big.save(dir.path().join("packs/latin-case/photo.jpg")).unwrap();
    let out = build(dir.path(), &["--case", "latin-case", "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = Document::load(dir.path().join("dist/latin-case/latin-case-en-pack.pdf")).unwrap();
    let (_, first_page) = doc.get_pages().into_iter().next().unwrap();
    let content = doc.get_and_decode_page_content(first_page).unwrap();
    let placed = content.operations.iter().filter(|op| op.operator == "cm").find_map(|op| {
        let v: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
        (v[0] > 100.0).then_some((v[0], v[3]))
    });
    let (width_pt, height_pt) = placed.expect("the photo is placed with a scaling cm");
    let image = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .expect("an image");
    assert_eq!(image.dict.get(b"Filter").unwrap().as_name().unwrap(), b"DCTDecode");
    let px_w = image.dict.get(b"Width").unwrap().as_i64().unwrap() as f32;
    let px_h = image.dict.get(b"Height").unwrap().as_i64().unwrap() as f32;
    let ppi = (px_w / (width_pt / 72.0)).max(px_h / (height_pt / 72.0));
    assert!(ppi <= 200.5 && ppi > 190.0, "{ppi} ppi");
    assert!(
        std::fs::metadata(dir.path().join("dist/latin-case/latin-case-en-pack.pdf")).unwrap().len()
            < 1_000_000
    );
}

#[test]
fn each_thumbnail_looks_like_the_first_page_of_its_pdf() {
    // The download page shows our own drawing of each case's first page; poppler's
    // drawing of the PDF at the same size is the reference. Blocks of 8 x 8 pixels
    // are compared, coarse enough for two rasterizers' anti-aliasing to agree.
    let Some(pdftoppm) = tool("pdftoppm") else { return };
    let dir = packs_copy();
    assert!(build(dir.path(), &["--profile", "home"]).status.success());
    let dist = dir.path().join("dist");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dist.join("manifest.json")).unwrap()).unwrap();
    let mut checked = 0;
    for entry in manifest["outputs"].as_array().unwrap() {
        let Some(thumbnail) = entry["thumbnail"].as_str() else { continue };
        let ours = image::open(dist.join(thumbnail)).unwrap().to_rgb8();
        let (width, height) = ours.dimensions();
        let prefix = dir.path().join(format!("poppler-{checked}"));
        let pdf = dist.join(entry["file"].as_str().unwrap());
        let (w, h) = (width.to_string(), height.to_string());
        let args = ["-f", "1", "-l", "1", "-singlefile", "-png", "-scale-to-x", &w, "-scale-to-y", &h];
        let mut args: Vec<&str> = args.to_vec();
        args.extend([pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
        run_tool(&pdftoppm, &args);
        let poppler = image::open(prefix.with_extension("png")).unwrap().to_rgb8();
        assert_eq!(poppler.dimensions(), (width, height), "{thumbnail}");
        let (differing, blocks) = differing_blocks(&ours, &poppler, 8, 24);
        assert!(
            differing * 50 <= blocks,
            "{thumbnail}: {differing} of {blocks} blocks of 8 x 8 px differ from poppler's drawing of {}",
            entry["file"]
        );
        checked += 1;
    }
    assert_eq!(checked, 2, "one thumbnail per case");
}

/// How many `side` x `side` blocks of two images of one size differ in some channel's
/// mean by more than `tolerance`, and how many blocks there are.
fn differing_blocks(a: &image::RgbImage, b: &image::RgbImage, side: u32, tolerance: u32) -> (usize, usize) {
    let mean = |image: &image::RgbImage, bx: u32, by: u32| {
        let mut sum = [0u32; 3];
        for y in by * side..(by + 1) * side {
            for x in bx * side..(bx + 1) * side {
                for (s, c) in sum.iter_mut().zip(image.get_pixel(x, y).0) {
                    *s += u32::from(c);
                }
            }
        }
        sum.map(|s| s / (side * side))
    };
    let (columns, rows) = (a.width() / side, a.height() / side);
    let mut differing = 0;
    for by in 0..rows {
        for bx in 0..columns {
            let (x, y) = (mean(a, bx, by), mean(b, bx, by));
            if x.iter().zip(y).any(|(p, q)| p.abs_diff(q) > tolerance) {
                differing += 1;
            }
        }
    }
    (differing, (columns * rows) as usize)
}

#[test]
fn poppler_reads_back_every_word_and_qpdf_finds_no_errors() {
    let (Some(pdftotext), Some(pdffonts), Some(qpdf)) = (tool("pdftotext"), tool("pdffonts"), tool("qpdf"))
    else {
        return;
    };
    let dir = packs_copy();
    assert!(build(dir.path(), &[]).status.success());
    for (case, lang) in [("latin-case", "en"), ("latin-case", "fr"), ("arabic-case", "ar")] {
        let pdf = dir.path().join(format!("dist/{case}/{case}-{lang}-pack.pdf"));
        let pdf = pdf.to_str().unwrap();
        let check = std::process::Command::new(&qpdf).args(["--check", pdf]).output().unwrap();
        assert!(check.status.success(), "qpdf --check {pdf}: {}", String::from_utf8_lossy(&check.stdout));
        let fonts = run_tool(&pdffonts, &[pdf]);
        for line in fonts.lines().skip(2) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "not embedded+subset+unicode: {line}");
        }
        let source = std::fs::read_to_string(fixture_packs().join(case).join(format!("{lang}.md"))).unwrap();
        assert_text_complete(&pdftotext, pdf, &source);
    }
}

/// Every word of the language file's body comes back from the PDF's text layer.
fn assert_text_complete(pdftotext: &std::path::Path, pdf: &str, source: &str) {
    let text = normalise_extracted(&run_tool(pdftotext, &[pdf, "-"]));
    let extracted: BTreeSet<String> = words(&text).into_iter().collect();
    // A word may also come back glued to its neighbour where an explicit hyphen ended a
    // line ("demandez-" + "leur"): poppler joins such lines like hyphenated ones.
    let missing: Vec<String> = source_words(source)
        .into_iter()
        .filter(|w| !extracted.contains(w) && !text.contains(w.as_str()))
        .collect();
    assert!(missing.is_empty(), "{pdf}: words not found in the PDF text: {missing:?}");
}

#[test]
fn the_sample_packs_read_back_completely_in_all_five_languages() {
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
    let out = appealpress(dir.path(), &["build", packs.to_str().unwrap(), "--out", "dist"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for lang in ["en", "fr", "nl", "es", "ar"] {
        let pdf = dir.path().join(format!("dist/ali-aarrass/ali-aarrass-{lang}-pack.pdf"));
        let source = std::fs::read_to_string(packs.join(format!("ali-aarrass/{lang}.md"))).unwrap();
        assert_text_complete(&pdftotext, pdf.to_str().unwrap(), &source);
    }
}

#[test]
fn a_broken_case_fails_alone_with_file_and_line() {
    let dir = packs_copy();
    let bad = dir.path().join("packs/bad-case");
    copy_dir(&fixture_packs().join("latin-case"), &bad);
    std::fs::remove_file(bad.join("fr.md")).unwrap();
    let en = std::fs::read_to_string(bad.join("en.md")).unwrap().replace("{#action}", "{#actions}");
    std::fs::write(bad.join("en.md"), en).unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("packs/bad-case/en.md:21:1: unknown section id `actions`"), "{stderr}");
    assert!(!dir.path().join("dist/bad-case/bad-case-en-pack.pdf").exists());
    assert!(dir.path().join("dist/latin-case/latin-case-en-pack.pdf").exists());
    assert!(dir.path().join("dist/arabic-case/arabic-case-ar-pack.pdf").exists());
}

#[test]
fn a_character_no_font_has_is_an_error_naming_it() {
    let dir = packs_copy();
    let path = dir.path().join("packs/latin-case/fr.md");
    let text = std::fs::read_to_string(&path).unwrap().replace("pacifique sur", "pacifique 和平 sur");
    std::fs::write(&path, text).unwrap();
    // Without the system's folders, so that an installed CJK font does not cover it.
    let out = appealpress_env(
        dir.path(),
        &["build", "packs", "--out", "dist", "--case", "latin-case"],
        &[("APPEALPRESS_NO_SYSTEM_FONTS", "1")],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("packs/latin-case/fr.md:11:"), "{stderr}");
    assert!(stderr.contains("U+548C '和'") && stderr.contains("U+5E73 '平'"), "{stderr}");
    assert!(dir.path().join("dist/latin-case/latin-case-en-pack.pdf").exists());
}

#[test]
fn usage_errors_exit_2() {
    let dir = packs_copy();
    let out = build(dir.path(), &["--case", "no-such-case"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no case `no-such-case`"));
    let out = appealpress(dir.path(), &["build", "missing-folder"]);
    assert_eq!(out.status.code(), Some(2));
    let out = appealpress(dir.path(), &["build", "--jobs", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_writes_nothing() {
    let dir = packs_copy();
    let out = appealpress(dir.path(), &["check", "packs"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join("dist").exists());
}

#[test]
fn a_new_case_is_refused_until_every_placeholder_is_replaced_then_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let out = appealpress(dir.path(), &["new", "new-case", "--langs", "en,ar", "--packs", "packs"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let case = dir.path().join("packs/new-case");
    for file in ["case.yaml", "en.md", "ar.md", "portrait.jpg"] {
        assert!(case.join(file).is_file(), "{file}");
    }
    let yaml = std::fs::read_to_string(case.join("case.yaml")).unwrap();
    for key in [
        "person:",
        "photo:",
        "credit:",
        "focus:",
        "status:",
        "deadline:",
        "paper:",
        "write_to:",
        "email:",
        "solidarity:",
    ] {
        assert!(yaml.contains(key), "the scaffold does not show `{key}`");
    }
    // Untouched: one error per placeholder (11 in case.yaml, 9 in each language file)
    // and one for the drawn portrait, each at its file and line; nothing is built.
    for command in [&["check", "packs"][..], &["build", "packs", "--out", "dist"][..]] {
        let out = appealpress(dir.path(), command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        let placeholders: Vec<&str> = stderr.lines().filter(|l| l.contains("placeholder `[[")).collect();
        assert_eq!(placeholders.len(), 11 + 9 + 9, "{stderr}");
        for file in ["case.yaml", "en.md", "ar.md"] {
            assert!(
                placeholders.iter().any(|l| l.contains(&format!("new-case/{file}:"))),
                "{file}: {stderr}"
            );
        }
        assert!(
            stderr.contains("new-case/case.yaml:6:10: placeholder `[[Person Name]]` is still here"),
            "{stderr}"
        );
        assert!(stderr.contains("is the placeholder portrait"), "{stderr}");
        assert!(stderr.contains("0 failed (1 case with errors)"), "{stderr}");
    }
    assert!(!dir.path().join("dist/new-case").exists());
    // Filled in: the brackets' text kept as if written, a real photo: no warnings.
    for file in ["case.yaml", "en.md", "ar.md"] {
        let text = std::fs::read_to_string(case.join(file)).unwrap();
        std::fs::write(case.join(file), text.replace("[[", "").replace("]]", "")).unwrap();
    }
    std::fs::copy(fixture_packs().join("latin-case/photo.jpg"), case.join("portrait.jpg")).unwrap();
    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("built 8 file(s), 0 failed, 0 warning(s)"), "{stderr}");
    // A second `new` with the same id writes nothing and says why.
    let again = appealpress(dir.path(), &["new", "new-case", "--packs", "packs"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}

#[test]
fn a_new_case_speaks_the_language_of_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = appealpress(dir.path(), &["new", "cas", "--langs", "fr,de,pt-BR", "--packs", "packs"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let read = |tag: &str| std::fs::read_to_string(dir.path().join(format!("packs/cas/{tag}.md"))).unwrap();
    let fr = read("fr");
    assert!(
        fr.contains("## Agissez {#action}") && fr.contains("salutation: \"[[Monsieur le Ministre,]]\""),
        "{fr}"
    );
    assert!(!fr.contains("Take action"), "{fr}");
    assert!(read("de").contains("{#appeal}") && !read("de").contains("Sample letter"));
    assert!(!read("pt-BR").contains("Take action"));
}

/// The home postcard sheet draws one front and one back four times each. Per side,
/// the card's artwork (panels, rules, the stamp box) is one form XObject placed on all
/// four cards; the first card's text and photo are inline (they are what a screen
/// reader reads) and the three copies of them one more form, placed three times. The
/// photo is embedded once. The press card, placed once, keeps its art inline.
#[test]
fn the_home_postcard_sheet_writes_each_side_of_the_card_once() {
    let dir = packs_copy();
    let out = build(dir.path(), &["--case", "latin-case", "--lang", "en", "--product", "postcard"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let streams_of = |file: &str, subtype: &[u8]| {
        let doc = Document::load(dir.path().join("dist/latin-case").join(file)).unwrap();
        let count = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(subtype))
            .count();
        (doc, count)
    };
    let (home, forms) = streams_of("latin-case-en-postcard.pdf", b"Form");
    assert_eq!(forms, 4, "an artwork form and a copy form for each side");
    assert_eq!(streams_of("latin-case-en-postcard.pdf", b"Image").1, 1);
    let mut seen = std::collections::BTreeSet::new();
    for (number, page) in home.get_pages() {
        let content = home.get_and_decode_page_content(page).unwrap();
        let mut placed: std::collections::BTreeMap<Vec<u8>, usize> = Default::default();
        for op in content.operations.iter().filter(|op| op.operator == "Do") {
            let name = op.operands[0].as_name().unwrap().to_vec();
            if name.starts_with(b"Fm") {
                *placed.entry(name).or_default() += 1;
            }
        }
        let mut counts: Vec<usize> = placed.values().copied().collect();
        counts.sort();
        assert_eq!(counts, [3, 4], "page {number}: the copies three times, the artwork four: {placed:?}");
        seen.extend(placed.into_keys());
    }
    assert_eq!(seen.len(), 4, "each side has forms of its own");
    assert_eq!(streams_of("latin-case-en-postcard-press.pdf", b"Form").1, 0);
}
