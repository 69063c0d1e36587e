//! Home files are accessible: every home file of every fixture folder (and of the
//! sample in `packs/`; for those two, the whole campaign kit: petition sheet, poster,
//! labels, tally sheet and bundle besides the pack and postcard sheet) passes the offline PDF/UA-1 checker
//! `page_validation` with no failed rule, in every script, right to left included.
//! The checker is 0.12.2 with one fix (it read CFF real numbers as operators, so every
//! width of a CID-keyed CFF face came out 0): see `vendor/PATCHES.md`.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use page_validation::{validate_pdf_bytes, ValidationOptions, ValidationProfile};

/// Every folder of cases the project ships or tests with, by its path from the crate root.
const CASE_FOLDERS: [&str; 7] = [
    "packs",
    "tests/fixtures/packs",
    "tests/fixtures/scripts",
    "tests/fixtures/languages",
    "tests/fixtures/hyphenation",
    "tests/fixtures/long",
    "tests/fixtures/links",
];

/// Builds the home files of a folder of cases (a copy, in `work`) and returns their paths.
/// The CJK cases of `scripts` need Noto Sans CJK and are left out without it.
fn build_home_files(folder: &str, work: &Path) -> Vec<PathBuf> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let name = folder.replace('/', "-");
    let root = work.join(&name);
    copy_dir(&source, &root.join("packs"));
    if catalogue::builds_the_kit(&source) {
        ask_for_the_kit(&root.join("packs"));
    }
    if folder.ends_with("scripts") && !noto_cjk_installed() {
        for case in ["chinese-case", "japanese-case", "korean-case"] {
            std::fs::remove_dir_all(root.join("packs").join(case)).unwrap();
        }
    }
    let out = appealpress(&root, &["build", "packs", "--out", "dist", "--profile", "home"]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{folder}: {log}");
    let files: Vec<PathBuf> = written(&log).iter().map(|f| root.join("dist").join(f)).collect();
    assert!(!files.is_empty(), "{folder}: no home files built");
    files
}

/// Failed rules of one file, as `rule: message`.
fn failed_rules(pdf: &Path) -> Vec<String> {
    let bytes = std::fs::read(pdf).unwrap();
    let options = ValidationOptions::default().profile(ValidationProfile::PdfUa1);
    let report = validate_pdf_bytes(&bytes, &options).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
    report.failures.iter().map(|f| format!("{}: {}", f.rule_id, f.message)).collect()
}

#[test]
fn every_home_file_passes_pdf_ua_1() {
    let work = tempfile::tempdir().unwrap();
    let mut failing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut checked = 0;
    for folder in CASE_FOLDERS {
        for pdf in build_home_files(folder, work.path()) {
            checked += 1;
            let failures = failed_rules(&pdf);
            if !failures.is_empty() {
                let name = pdf.strip_prefix(work.path()).unwrap().display().to_string();
                failing.insert(name, failures);
            }
        }
    }
    let report: Vec<String> = failing
        .iter()
        .map(|(file, rules)| format!("{file}: {} failed rules\n  {}", rules.len(), rules.join("\n  ")))
        .collect();
    assert!(
        failing.is_empty(),
        "{} of {checked} home files fail PDF/UA-1:\n{}",
        failing.len(),
        report.join("\n")
    );
}

/// A font's ToUnicode map: two-byte code to text.
type CMap = BTreeMap<u16, String>;

fn hex_value(token: &str) -> Vec<u8> {
    let digits = token.trim_matches(|c| c == '<' || c == '>');
    (0..digits.len() / 2).map(|i| u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).unwrap()).collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    let units: Vec<u16> =
        bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
    String::from_utf16_lossy(&units)
}

/// Reads the `bfchar` and `bfrange` entries of a ToUnicode CMap.
fn parse_cmap(text: &str) -> CMap {
    let mut map = CMap::new();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    let code = |t: &str| hex_value(t).iter().fold(0u16, |a, b| a << 8 | u16::from(*b));
    while i < tokens.len() {
        match tokens[i] {
            "beginbfchar" => {
                i += 1;
                while tokens[i] != "endbfchar" {
                    map.insert(code(tokens[i]), utf16_text(&hex_value(tokens[i + 1])));
                    i += 2;
                }
            }
            "beginbfrange" => {
                i += 1;
                while tokens[i] != "endbfrange" {
                    let (lo, hi) = (code(tokens[i]), code(tokens[i + 1]));
                    let start = hex_value(tokens[i + 2]);
                    let base = u16::from_be_bytes([start[0], start[1]]);
                    for c in lo..=hi {
                        map.insert(c, String::from_utf16_lossy(&[base + (c - lo)]));
                    }
                    i += 3;
                }
            }
            _ => {}
        }
        i += 1;
    }
    map
}

/// The ToUnicode maps of a page's fonts, by resource name.
fn page_cmaps(doc: &lopdf::Document, page: lopdf::ObjectId) -> BTreeMap<Vec<u8>, CMap> {
    let mut maps = BTreeMap::new();
    for (name, font) in doc.get_page_fonts(page).unwrap() {
        let Ok(to_unicode) = font.get(b"ToUnicode").and_then(lopdf::Object::as_reference) else { continue };
        let stream = doc.get_object(to_unicode).unwrap().as_stream().unwrap();
        let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        maps.insert(name, parse_cmap(&String::from_utf8_lossy(&content)));
    }
    maps
}

/// The text of each marked-content sequence of a page, by MCID, as lines in drawing
/// order (a new line wherever the text matrix moves to another baseline). Text inside
/// an `/ActualText` span reads as that text, as screen readers take it.
/// Right-to-left lines come out in drawing order, `/ActualText` included (the renderer
/// writes a word's text in the order of its glyphs).
fn marked_texts(doc: &lopdf::Document, page: lopdf::ObjectId) -> BTreeMap<i64, Vec<String>> {
    use lopdf::Object;
    let cmaps = page_cmaps(doc, page);
    let content = doc.get_and_decode_page_content(page).unwrap();
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    // The MCID of each open marked-content sequence (None for others), and whether an
    // ActualText span is open.
    let mut stack: Vec<(Option<i64>, bool)> = Vec::new();
    let (mut font, mut size) = (Vec::new(), 0.0);
    let mut baseline = f32::NAN;
    let mut pending: Option<String> = None;
    for op in content.operations {
        let mcid = stack.iter().rev().find_map(|(m, _)| *m);
        let in_actual = stack.iter().any(|(_, a)| *a);
        let push = |out: &mut BTreeMap<i64, Vec<String>>, text: &str, new_line: bool| {
            let Some(mcid) = mcid else { return };
            let lines = out.entry(mcid).or_default();
            if new_line || lines.is_empty() {
                lines.push(String::new());
            }
            lines.last_mut().unwrap().push_str(text);
        };
        match op.operator.as_str() {
            "BDC" => {
                let props = op.operands.get(1).and_then(|o| o.as_dict().ok());
                let id = props.and_then(|p| p.get(b"MCID").ok()).and_then(|m| m.as_i64().ok());
                let actual = props.and_then(|p| p.get(b"ActualText").ok()).and_then(|t| t.as_str().ok());
                if let Some(actual) = actual {
                    let text = utf16_text(&actual[2..]);
                    pending = Some(text);
                }
                stack.push((id, actual.is_some()));
            }
            "BMC" => stack.push((None, false)),
            "EMC" => {
                stack.pop();
            }
            "Tf" => {
                font = op.operands[0].as_name().unwrap().to_vec();
                size = op.operands[1].as_float().unwrap();
            }
            "Tm" => {
                // A mark drawn above or below its base moves less than a line does.
                let y = op.operands[5].as_float().unwrap();
                if baseline.is_nan() || (y - baseline).abs() >= 0.6 * size {
                    push(&mut out, "", true);
                    baseline = y;
                }
            }
            // The span's text goes where its first glyph is, after the `Tm` that may
            // start a new line.
            "Tj" | "TJ" if in_actual => {
                if let Some(text) = pending.take() {
                    push(&mut out, &text, false);
                }
            }
            "Tj" | "TJ" => {
                let strings: Vec<&[u8]> = match &op.operands[0] {
                    Object::Array(items) => items.iter().filter_map(|o| o.as_str().ok()).collect(),
                    other => other.as_str().into_iter().collect(),
                };
                let cmap = &cmaps[&font];
                for bytes in strings {
                    for code in bytes.chunks(2) {
                        let code = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                        push(&mut out, cmap.get(&code).map_or("", String::as_str), false);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The text of the structure tree in tree order, one entry per line of marked content,
/// each line put back in logical order (right-to-left runs are drawn left to right).
fn structure_text(pdf: &Path, rtl: bool) -> Vec<String> {
    use lopdf::Object;
    let doc = lopdf::Document::load(pdf).unwrap();
    let pages: BTreeMap<lopdf::ObjectId, BTreeMap<i64, Vec<String>>> =
        doc.get_pages().values().map(|&p| (p, marked_texts(&doc, p))).collect();
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap().as_reference().unwrap();
    let mut out = Vec::new();
    let mut todo = vec![(doc.get_dictionary(root).unwrap().get(b"K").unwrap().clone(), None)];
    while let Some((kid, page)) = todo.pop() {
        let (page, mcid) = match kid {
            Object::Reference(id) => {
                let elem = doc.get_dictionary(id).unwrap();
                let page = elem.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).or(page);
                let kids = match elem.get(b"K") {
                    Ok(Object::Array(kids)) => kids.clone(),
                    Ok(kid) => vec![kid.clone()],
                    Err(_) => Vec::new(),
                };
                todo.extend(kids.into_iter().rev().map(|k| (k, page)));
                continue;
            }
            Object::Integer(mcid) => (page.unwrap(), mcid),
            // A link's annotation: its text is the link's marked content, read already.
            Object::Dictionary(objr) if objr.has_type(b"OBJR") => continue,
            Object::Dictionary(mcr) => {
                (mcr.get(b"Pg").unwrap().as_reference().unwrap(), mcr.get(b"MCID").unwrap().as_i64().unwrap())
            }
            other => panic!("unexpected kid {other:?}"),
        };
        for line in pages[&page].get(&mcid).into_iter().flatten() {
            out.push(if rtl { logical(line) } else { line.clone() });
        }
    }
    out
}

/// A right-to-left line from drawing order back to reading order: the bidi reordering
/// of a line is its own inverse for the levels a line of text has here.
fn logical(visual: &str) -> String {
    let info = unicode_bidi::BidiInfo::new(visual, Some(unicode_bidi::Level::rtl()));
    info.paragraphs.iter().map(|p| info.reorder_line(p, p.range.clone()).into_owned()).collect()
}

/// Letters, digits and marks only: what reading order is judged on, free of spaces,
/// hyphens and punctuation that line breaks and quotation conventions change.
fn letters(text: &str) -> String {
    text.chars().filter(|&c| c.is_alphanumeric() || is_mark(c)).collect()
}

/// Non-ASCII characters other than letters, digits, spaces and punctuation: the
/// combining marks of Thai, Arabic and Indic text (no crate here knows the category).
fn is_mark(c: char) -> bool {
    let punctuation = matches!(c,
        '\u{00A0}'..='\u{00BF}' | '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}' | '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{06D4}' | '\u{FEFF}');
    !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace() && !punctuation
}

/// The blocks of a language file's body in order: headings, paragraphs, list items.
fn source_blocks(markdown: &str) -> Vec<String> {
    let body = markdown.splitn(3, "---\n").nth(2).expect("front matter");
    body.split("\n\n")
        .flat_map(|chunk| chunk.lines())
        .map(|line| line.trim().trim_start_matches("## ").trim_start_matches("- "))
        .map(|line| line.split(" {#").next().unwrap_or(line).to_string())
        .filter(|line| !letters(line).is_empty())
        .collect()
}

#[test]
fn the_structure_tree_reads_as_the_source_in_order() {
    let work = tempfile::tempdir().unwrap();
    let mut cases =
        vec![("tests/fixtures/packs", "latin-case", "en"), ("tests/fixtures/packs", "arabic-case", "ar")];
    cases.push(("tests/fixtures/scripts", "thai-case", "th"));
    if noto_cjk_installed() {
        cases.push(("tests/fixtures/scripts", "japanese-case", "ja"));
    }
    for (folder, case, lang) in cases {
        let root = work.path().join(case);
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder).join(case);
        copy_dir(&source, &root.join("packs").join(case));
        let args =
            ["build", "packs", "--out", "dist", "--profile", "home", "--product", "pack", "--lang", lang];
        let out = appealpress(&root, &args);
        assert!(out.status.success(), "{case}: {}", String::from_utf8_lossy(&out.stderr));
        let pdf = root.join("dist").join(case).join(format!("{case}-{lang}-pack.pdf"));
        let tree = letters(&structure_text(&pdf, lang == "ar").concat());
        let markdown = std::fs::read_to_string(source.join(format!("{lang}.md"))).unwrap();
        let mut from = 0;
        for block in source_blocks(&markdown) {
            let want = letters(&block);
            let Some(at) = tree[from..].find(&want) else {
                panic!(
                    "{case} {lang}: `{block}` is not in the structure tree after byte {from}:\n{}",
                    &tree[from..]
                );
            };
            from += at + want.len();
        }
    }
}

/// The runs of a page drawn in a `/Span <</Lang …>>` of their own: the language, the
/// MCID of the marked content (of a structure element) around it, and its text.
fn language_spans(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<(String, Option<i64>, String)> {
    use lopdf::Object;
    let cmaps = page_cmaps(doc, page);
    let content = doc.get_and_decode_page_content(page).unwrap();
    let mut spans = Vec::new();
    // Each open marked-content sequence: its MCID, and its span's index if it has a /Lang.
    let mut stack: Vec<(Option<i64>, Option<usize>)> = Vec::new();
    let mut font = Vec::new();
    for op in content.operations {
        match op.operator.as_str() {
            "BDC" => {
                let props = op.operands.get(1).and_then(|o| o.as_dict().ok());
                let mcid = props.and_then(|p| p.get(b"MCID").ok()).and_then(|m| m.as_i64().ok());
                let lang = props.and_then(|p| p.get(b"Lang").ok()).and_then(|l| l.as_str().ok());
                let span = lang.map(|lang| {
                    let around = stack.iter().rev().find_map(|(m, _)| *m);
                    spans.push((String::from_utf8_lossy(lang).into_owned(), around, String::new()));
                    spans.len() - 1
                });
                stack.push((mcid, span));
            }
            "BMC" => stack.push((None, None)),
            "EMC" => {
                stack.pop();
            }
            "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
            "Tj" | "TJ" => {
                let Some(span) = stack.iter().rev().find_map(|(_, s)| *s) else { continue };
                let strings: Vec<&[u8]> = match &op.operands[0] {
                    Object::Array(items) => items.iter().filter_map(|o| o.as_str().ok()).collect(),
                    other => other.as_str().into_iter().collect(),
                };
                for code in strings.concat().chunks(2) {
                    let code = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                    spans[span].2.push_str(cmaps[&font].get(&code).map_or("", String::as_str));
                }
            }
            _ => {}
        }
    }
    spans
}

/// The structure type of the element a page's MCID belongs to, from the ParentTree.
fn element_of(doc: &lopdf::Document, page: lopdf::ObjectId, mcid: i64) -> String {
    let parents = doc.get_dictionary(page).unwrap().get(b"StructParents").unwrap().as_i64().unwrap();
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap().as_reference().unwrap();
    let tree = doc.get_dictionary(root).unwrap().get(b"ParentTree").unwrap().as_dict().unwrap();
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    let at = nums.iter().position(|n| n.as_i64().ok() == Some(parents)).unwrap();
    let elems = nums[at + 1].as_array().unwrap();
    let elem = doc.get_dictionary(elems[mcid as usize].as_reference().unwrap()).unwrap();
    String::from_utf8_lossy(elem.get(b"S").unwrap().as_name().unwrap()).into_owned()
}

/// The Latin-letter name in the sample's Arabic pack is declared in a language of its
/// own, inside the paragraph that reads it, and Arabic text never is.
#[test]
fn a_latin_name_in_the_arabic_pack_has_its_own_language() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("packs"), &work.path().join("packs"));
    let args = ["build", "packs", "--out", "dist", "--profile", "home", "--product", "pack", "--lang", "ar"];
    let out = appealpress(work.path(), &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = lopdf::Document::load(work.path().join("dist/ali-aarrass/ali-aarrass-ar-pack.pdf")).unwrap();
    let doc_lang = doc.catalog().unwrap().get(b"Lang").unwrap().as_str().unwrap().to_vec();
    assert_eq!(doc_lang, b"ar");
    let mut name_in = Vec::new();
    for &page in doc.get_pages().values() {
        for (lang, around, text) in language_spans(&doc, page) {
            assert_ne!(lang.as_bytes(), doc_lang, "`{text}` is declared in the document's language");
            assert!(
                !text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                "Arabic `{text}` in {lang}"
            );
            let around = around.unwrap_or_else(|| panic!("`{text}` ({lang}) is outside every element"));
            if text.contains("Ali Aarrass") {
                name_in.push((lang, element_of(&doc, page, around)));
            }
        }
    }
    assert!(name_in.contains(&("en".to_string(), "P".to_string())), "the name is read as: {name_in:?}");
}

/// A short Icelandic language file: a language with no shipped labels, so neither its
/// labels nor (without `photo_alt:`) its front matter describe the photo.
fn icelandic(photo_alt: &str) -> String {
    format!(
        "---\ntitle: Réttlæti fyrir Test Person\nsalutation: \"Virðulegi ráðherra,\"\nclosing: \"Virðingarfyllst,\"\n\
         postcard: \"Kæri Test Person, við hugsum til þín.\"\n{photo_alt}---\n\n\
         ## Sagan {{#story}}\n\nTest Person er kennari sem var handtekinn eftir friðsamleg mótmæli.\n\n\
         ## Gripið til aðgerða {{#action}}\n\nSkrifið ráðherranum og krefjist tafarlausrar lausnar Test Person.\n\n\
         ## Bréf {{#appeal}}\n\nÉg hvet yður til að láta Test Person lausan tafarlaust.\n"
    )
}

/// `check` warns, naming the language file, when a language has no alternative text
/// for the photo: none in the front matter and no default in its labels. The labels'
/// default (`Portrait of {name}`) is alt text, so English, which has one, is not warned of.
#[test]
fn check_warns_of_a_language_without_alt_text_and_names_its_file() {
    let work = tempfile::tempdir().unwrap();
    let case = work.path().join("packs/latin-case");
    copy_dir(&fixture_packs().join("latin-case"), &case);
    let check = |is_md: String| {
        std::fs::write(case.join("is.md"), is_md).unwrap();
        let out = appealpress(work.path(), &["check", "packs"]);
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{log}");
        let warned: Vec<String> = log
            .lines()
            .filter(|l| l.contains("no alternative text for the photo"))
            .map(String::from)
            .collect();
        (warned, log)
    };
    let (warned, log) = check(icelandic(""));
    assert_eq!(warned.len(), 1, "one warning, for `is` alone:\n{log}");
    assert!(warned[0].starts_with("warning: "), "{}", warned[0]);
    assert!(warned[0].contains("latin-case/is.md:") && warned[0].contains("`is`"), "{}", warned[0]);
    let (warned, log) = check(icelandic("photo_alt: \"Andlitsmynd af Test Person\"\n"));
    assert!(warned.is_empty(), "front matter alt text is enough:\n{log}");
}

/// The fixed checker reads the widths of a CID-keyed CFF face: a Japanese pack whose
/// `/W` says one thing and whose font program another fails 7.21.5. (Unfixed, every such
/// width read as 0, so correct files failed and this one's wrong width went unseen.)
#[test]
fn a_cjk_width_that_differs_from_its_font_program_fails_7_21_5() {
    use lopdf::Object;
    if !noto_cjk_installed() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let case = "japanese-case";
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts").join(case);
    copy_dir(&source, &work.path().join("packs").join(case));
    let args = ["build", "packs", "--out", "dist", "--profile", "home", "--product", "pack", "--lang", "ja"];
    let out = appealpress(work.path(), &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = work.path().join("dist").join(case).join(format!("{case}-ja-pack.pdf"));
    assert_eq!(failed_rules(&pdf), Vec::<String>::new(), "the pack as built passes");

    let mut doc = lopdf::Document::load(&pdf).unwrap();
    // The CIDFont is written inline in its Type0 font's `/DescendantFonts`.
    let is_cff = |d: &lopdf::Dictionary| {
        d.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"CIDFontType0")
    };
    let cff_font = doc
        .objects
        .values_mut()
        .filter_map(|object| object.as_dict_mut().ok())
        .filter_map(|font| {
            font.get_mut(b"DescendantFonts").ok()?.as_array_mut().ok()?.first_mut()?.as_dict_mut().ok()
        })
        .find(|descendant| is_cff(descendant))
        .expect("a CIDFontType0 font in the Japanese pack");
    let Ok(Object::Array(widths)) = cff_font.get_mut(b"W") else { panic!("/W is an array, written inline") };
    // `/W [first [w1 w2 …] …]`: double the first width.
    let first_run = widths.iter_mut().find_map(|e| e.as_array_mut().ok()).unwrap();
    let width = first_run[0].as_float().unwrap();
    first_run[0] = Object::Real(width * 2.0);
    let broken = work.path().join("broken.pdf");
    doc.save(&broken).unwrap();
    let failures = failed_rules(&broken);
    assert!(
        failures.iter().any(|f| f.starts_with("ISO 14289-1:2014:7.21.5")),
        "a doubled width in /W is not caught: {failures:?}"
    );
}
