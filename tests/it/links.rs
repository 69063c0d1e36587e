//! Links and the online action (`tests/fixtures/links`): the QR code printed for
//! `action_url` reads back as that address from our own raster of the page, with its
//! quiet zone clear; home files open the action, every `write_to` e-mail and the links
//! of the text through Link annotations tied into the structure tree; press files
//! carry no annotation at all.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use appealpress::compose::{compose_pack, compose_postcard};
use appealpress::fonts::FontBook;
use appealpress::layout::{
    layout_pack, layout_postcard, FrameItem, Page, PagedDocument, Profile, StructElem, Tag, MM,
};
use appealpress::load::{discover_cases, load_case, Case};
use appealpress::render::raster::rasterize_page;
use common::*;
use lopdf::{Dictionary, Document, Object};

const ACTION: &str = "https://example.org/act/test-person";
const ACTION_FR: &str = "https://example.org/fr/agir";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/links")
}

fn book() -> FontBook {
    FontBook::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).unwrap()
}

fn case(lang: &str) -> Case {
    let dirs = discover_cases(&fixture()).unwrap();
    load_case(&dirs[0], &[lang.to_string()]).unwrap()
}

/// The first page with a figure whose alternative text is `alt`, and that figure's
/// dark modules (filled rectangles), in page coordinates.
fn code_on(doc: &PagedDocument, alt: &str) -> Option<(usize, Vec<[f32; 4]>)> {
    doc.pages.iter().enumerate().find_map(|(index, page)| {
        let items = page.flat_items();
        let start = items.iter().position(
            |item| matches!(item, FrameItem::Tag(Tag::Start(StructElem::Figure { alt: a })) if a == alt),
        )?;
        let modules = items[start + 1..]
            .iter()
            .take_while(|item| !matches!(item, FrameItem::Tag(Tag::End)))
            .filter_map(|item| match item {
                FrameItem::Rect { x, y, width, height, .. } => Some([*x, *y, *width, *height]),
                _ => None,
            })
            .collect();
        Some((index, modules))
    })
}

/// Every code on a raster of the page, decoded.
fn decode_page(doc: &PagedDocument, index: usize, width_px: u32) -> Vec<String> {
    let image = rasterize_page(doc, index, width_px).unwrap();
    let (w, h) = image.dimensions();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        let p = image.get_pixel(x as u32, y as u32).0;
        ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8
    });
    prepared.detect_grids().iter().map(|grid| grid.decode().expect("the code decodes").1).collect()
}

/// Checks the code's size and quiet zone on `page` and returns its module size in pixels
/// at `width_px`.
fn check_code(page: &Page, modules: &[[f32; 4]], width_px: u32) -> f32 {
    let module = modules.iter().map(|m| m[3]).fold(f32::INFINITY, f32::min);
    let x0 = modules.iter().map(|m| m[0]).fold(f32::INFINITY, f32::min);
    let y0 = modules.iter().map(|m| m[1]).fold(f32::INFINITY, f32::min);
    let x1 = modules.iter().map(|m| m[0] + m[2]).fold(f32::NEG_INFINITY, f32::max);
    let y1 = modules.iter().map(|m| m[1] + m[3]).fold(f32::NEG_INFINITY, f32::max);
    assert!(x1 - x0 >= 20.0 * MM - 0.01 && y1 - y0 >= 20.0 * MM - 0.01, "{} mm", (x1 - x0) / MM);
    // Nothing else is drawn in the four modules around the symbol.
    let quiet = [x0 - 4.0 * module, y0 - 4.0 * module, x1 + 4.0 * module, y1 + 4.0 * module];
    let inside =
        |x: f32, y: f32, r: f32, b: f32| x < quiet[2] && r > quiet[0] && y < quiet[3] && b > quiet[1];
    for item in page.flat_items() {
        let intrudes = match &item {
            FrameItem::Text { x, baseline, run, .. } => run.glyphs.iter().any(|g| {
                let left = x + g.x;
                inside(left, baseline - 0.8 * run.size, left + g.advance, baseline + 0.25 * run.size)
            }),
            FrameItem::Rect { x, y, width, height, .. } => {
                let own = modules.iter().any(|m| m == &[*x, *y, *width, *height]);
                !own && inside(*x, *y, x + width, y + height)
            }
            FrameItem::Rule { x1, y1, x2, y2, .. } => {
                inside(x1.min(*x2), y1.min(*y2), x1.max(*x2), y1.max(*y2))
            }
            FrameItem::Image { x, y, width, height, .. } => inside(*x, *y, x + width, y + height),
            _ => false,
        };
        let what = match &item {
            FrameItem::Text { run, .. } => format!("text `{}`", run.text),
            other => format!("{:?}", std::mem::discriminant(other)),
        };
        assert!(!intrudes, "{what} is inside the quiet zone {quiet:?}");
    }
    module * width_px as f32 / page.width
}

#[test]
fn the_action_pages_code_reads_back_as_the_action_address() {
    let book = book();
    for (lang, url) in [("en", ACTION), ("fr", ACTION_FR), ("ar", ACTION)] {
        let case = case(lang);
        let file = case.langs[0].file.as_ref().unwrap();
        let doc = compose_pack(&case, file, &mut appealpress::diag::Sink::new()).unwrap();
        let short = url.trim_start_matches("https://");
        for profile in [Profile::Home, Profile::Press] {
            let paged = layout_pack(&book, &doc, &case.photo, profile).unwrap();
            let links =
                paged.pages.iter().flat_map(Page::flat_items).filter(|i| matches!(i, FrameItem::Link { .. }));
            match profile {
                Profile::Home => assert!(links.count() >= 3, "{lang}: the action and the e-mails are linked"),
                Profile::Press => assert_eq!(links.count(), 0, "{lang}: link areas on a press page"),
            }
            // An address is never hyphenated: "press@exam-ple.org" is another address.
            for item in paged.pages.iter().flat_map(Page::flat_items) {
                if let FrameItem::Text { run, .. } = item {
                    assert!(
                        run.link.is_none() || !run.text.ends_with('-'),
                        "{lang}: `{}` hyphenated",
                        run.text
                    );
                }
            }
            let (index, modules) = code_on(&paged, short).unwrap_or_else(|| panic!("{lang}: no code"));
            let width_px = 1200;
            let module_px = check_code(&paged.pages[index], &modules, width_px);
            assert!(module_px >= 3.0, "{lang}: modules of {module_px} px");
            assert_eq!(decode_page(&paged, index, width_px), [url], "{lang} {profile:?}");
        }
    }
}

#[test]
fn the_postcard_back_carries_the_code_when_the_message_leaves_room() {
    let book = book();
    for (lang, url) in [("en", ACTION), ("fr", ACTION_FR)] {
        let case = case(lang);
        let file = case.langs[0].file.as_ref().unwrap();
        let card = compose_postcard(&case, file, &mut appealpress::diag::Sink::new()).unwrap();
        let short = url.trim_start_matches("https://");
        let home = layout_postcard(&book, &card, &case.photo, Profile::Home).unwrap();
        let (index, modules) = code_on(&home, short).unwrap();
        assert_eq!(index, 1, "the code is on the backs");
        let module_px = check_code(&home.pages[index], &modules, 1800);
        assert!(module_px >= 3.0, "{lang}: modules of {module_px} px");
        // Four cards on the sheet, four codes.
        assert_eq!(decode_page(&home, index, 1800), [url; 4], "{lang}");
        let press = layout_postcard(&book, &card, &case.photo, Profile::Press).unwrap();
        assert_eq!(decode_page(&press, 1, 1200), [url], "{lang} press");

        // A message that fills the panel leaves no room: the card goes without.
        let mut long = card.clone();
        long.message = ["Dear Test Person, we are thinking of you every day."; 6].join("\n");
        let home = layout_postcard(&book, &long, &case.photo, Profile::Home).unwrap();
        assert!(code_on(&home, short).is_none(), "{lang}: a code under a full message");
    }
}

/// Builds the fixture with the binary; returns the output folder (kept by `work`).
fn build(work: &Path) -> PathBuf {
    copy_dir(&fixture(), &work.join("packs"));
    let out = appealpress(work, &["build", "packs", "--out", "dist"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    work.join("dist/action-case")
}

/// The link annotations of a file: each one's dictionary.
fn link_annotations(doc: &Document) -> Vec<Dictionary> {
    let mut out = Vec::new();
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).unwrap();
        let Ok(annots) = page.get(b"Annots") else { continue };
        assert_eq!(
            page.get(b"Tabs").unwrap().as_name().unwrap(),
            b"S",
            "a page with links reads in structure order"
        );
        for annot in doc.dereference(annots).unwrap().1.as_array().unwrap() {
            out.push(doc.dereference(annot).unwrap().1.as_dict().unwrap().clone());
        }
    }
    out
}

fn uri_of(doc: &Document, annot: &Dictionary) -> String {
    let action = doc.dereference(annot.get(b"A").unwrap()).unwrap().1.as_dict().unwrap();
    String::from_utf8(action.get(b"URI").unwrap().as_str().unwrap().to_vec()).unwrap()
}

/// The structure element the ParentTree gives for `key`.
fn struct_parent(doc: &Document, key: i64) -> Dictionary {
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap().as_reference().unwrap();
    let tree = doc.get_dictionary(root).unwrap().get(b"ParentTree").unwrap().as_dict().unwrap();
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    let at = nums.chunks(2).find(|pair| pair[0].as_i64().unwrap() == key).expect("a ParentTree entry");
    doc.get_dictionary(at[1].as_reference().unwrap()).unwrap().clone()
}

#[test]
fn home_packs_link_the_action_and_every_email_and_press_files_link_nothing() {
    let work = tempfile::tempdir().unwrap();
    let dist = build(work.path());
    let pdf = Document::load(dist.join("action-case-en-pack.pdf")).unwrap();
    let annots = link_annotations(&pdf);
    let uris: BTreeSet<String> = annots.iter().map(|a| uri_of(&pdf, a)).collect();
    let want = [
        ACTION,
        "mailto:minister@example.org",
        "mailto:prosecutor@example.org",
        "mailto:team@example.org",
        "mailto:press@example.org",
        "https://www.example.org/news",
        "https://example.org/reports/test-person",
    ];
    for uri in want {
        assert!(uris.contains(uri), "no link to {uri} in {uris:?}");
    }
    for annot in &annots {
        let name = |key: &[u8]| annot.get(key).unwrap().as_name().unwrap().to_vec();
        assert_eq!(name(b"Subtype"), b"Link");
        assert!(!annot.get(b"Contents").unwrap().as_str().unwrap().is_empty());
        assert_eq!(annot.get(b"F").unwrap().as_i64().unwrap(), 4, "printable");
        let border: Vec<i64> =
            annot.get(b"Border").unwrap().as_array().unwrap().iter().map(|o| o.as_i64().unwrap()).collect();
        assert_eq!(border, [0, 0, 0]);
        // The annotation belongs to a Link element, which points back at it.
        let elem = struct_parent(&pdf, annot.get(b"StructParent").unwrap().as_i64().unwrap());
        assert_eq!(elem.get(b"S").unwrap().as_name().unwrap(), b"Link");
        let objrs = elem
            .get(b"K")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .filter(|k| k.as_dict().is_ok_and(|d| d.has_type(b"OBJR")));
        assert!(objrs.count() >= 1, "the Link element has its annotation as a kid");
    }
    // The French pack opens its own language's action page.
    let fr = Document::load(dist.join("action-case-fr-pack.pdf")).unwrap();
    let fr_uris: Vec<String> = link_annotations(&fr).iter().map(|a| uri_of(&fr, a)).collect();
    assert!(fr_uris.iter().any(|u| u == ACTION_FR) && !fr_uris.iter().any(|u| u == ACTION), "{fr_uris:?}");

    let press: Vec<PathBuf> = std::fs::read_dir(&dist)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-press.pdf"))
        .collect();
    assert_eq!(press.len(), 6);
    for file in press {
        let doc = Document::load(&file).unwrap();
        for page in doc.get_pages().values() {
            let page = doc.get_dictionary(*page).unwrap();
            assert!(page.get(b"Annots").is_err(), "{}: a press page with annotations", file.display());
        }
        assert!(!doc.objects.values().any(|o| matches!(o, Object::Dictionary(d) if d.has_type(b"Annot"))));
    }
}
