//! Font subsetting for the PDF: only the glyphs a document uses, renumbered.
//!
//! printpdf subsets only with its heavy `text_layout` feature, so we subset with the
//! `subsetter` crate, take TrueType hinting out ([`super::hinting`]), and hand printpdf
//! the small font and the new glyph ids.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::ParsedFont;
use subsetter::GlyphRemapper;

use crate::fonts::{FaceId, Font};
use crate::layout::{visit_items, FrameItem, PagedDocument};

use super::hinting::without_hinting;
use super::reading::{glyph_texts, tounicode_entry};

/// One face of the document, subset.
pub(crate) struct SubsetFace {
    /// Which face of the book.
    pub(crate) face: FaceId,
    /// The subset font, parsed by printpdf.
    pub(crate) parsed: ParsedFont,
    /// Old glyph id to new glyph id.
    pub(crate) remap: BTreeMap<u16, u16>,
    /// The text each glyph stands for (first non-empty seen), for ToUnicode.
    pub(crate) texts: BTreeMap<u16, String>,
    /// Six capital letters naming this subset (`ABCDEF+Name`), from its glyph set.
    pub(crate) tag: String,
    /// PostScript name of the face.
    pub(crate) postscript_name: String,
}

/// Collects glyphs per face, with the text each stands for (the first non-empty text
/// [`glyph_texts`] gives it), and subsets each face.
pub(crate) fn subset_faces(doc: &PagedDocument) -> Result<Vec<SubsetFace>, String> {
    let mut used: BTreeMap<FaceId, (&Font, BTreeMap<u16, String>)> = BTreeMap::new();
    for page in &doc.pages {
        visit_items(&page.items, &mut |item| {
            if let FrameItem::Text { run, .. } = item {
                let (_, glyphs) = used.entry(run.font.id()).or_insert_with(|| (&run.font, BTreeMap::new()));
                for (g, text) in run.glyphs.iter().zip(glyph_texts(run)) {
                    let entry = glyphs.entry(g.gid).or_default();
                    if entry.is_empty() {
                        entry.push_str(text);
                    }
                }
            }
        });
    }
    used.into_values().map(|(font, texts)| subset_face(font, texts)).collect()
}

fn subset_face(handle: &Font, mut texts: BTreeMap<u16, String>) -> Result<SubsetFace, String> {
    for text in texts.values_mut() {
        tounicode_entry(text);
    }
    let (face, font) = (handle.id(), handle.face());
    let gids: BTreeSet<u16> = texts.keys().copied().collect();
    let gids: Vec<u16> = gids.into_iter().collect();
    let remapper = GlyphRemapper::new_from_glyphs_sorted(&gids);
    let bytes = subsetter::subset(font.data, font.index, &remapper)
        .map_err(|e| format!("cannot subset {}: {e:?}", font.file))?;
    let bytes = without_hinting(&bytes).ok_or_else(|| format!("cannot read the subset of {}", font.file))?;
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| format!("printpdf cannot read the subset of {}", font.file))?;
    let remap = gids.iter().map(|&g| (g, remapper.get(g).unwrap_or(0))).collect();
    Ok(SubsetFace {
        face,
        parsed,
        remap,
        texts,
        tag: subset_tag(&font.postscript_name, &gids),
        postscript_name: font.postscript_name.clone(),
    })
}

/// A deterministic subset tag: the same glyphs of the same face give the same tag.
fn subset_tag(name: &str, gids: &[u16]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = name.bytes().chain(gids.iter().flat_map(|g| g.to_be_bytes()));
    for b in bytes {
        hash ^= b as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| {
            let letter = (hash >> (i * 5)) % 26;
            (b'A' + letter as u8) as char
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::testing::{book_finding_thai, thai_folder};
    use crate::layout::Page;
    use crate::locale::locale;
    use crate::text::{set_paragraph, Align, Direction, Paint, ParagraphSpec, SpanStyle, StyledText};

    /// A bold Thai face taken from index 1 of a collection is subset, embedded, read
    /// back by name, and drawn by the raster backend.
    #[test]
    fn a_face_inside_a_collection_is_subset_embedded_and_drawn() {
        let (_dir, fonts) = thai_folder();
        let book = book_finding_thai(&fonts);
        let mut text = StyledText::default();
        text.push(
            "ปล่อยตัว ",
            SpanStyle { bold: true, italic: false, size: 24.0, paint: Paint::Ink, link: None },
        );
        text.push(
            "มาลัย",
            SpanStyle { bold: false, italic: false, size: 24.0, paint: Paint::Ink, link: None },
        );
        let spec = ParagraphSpec {
            lang: locale("th"),
            dir: Direction::Ltr,
            align: Align::Start,
            width: 400.0,
            hyphenate: false,
            keep_whole: Vec::new(),
        };
        let lines = set_paragraph(&book, &text, &spec).unwrap().lines;
        let items = lines[0]
            .runs
            .iter()
            .map(|run| crate::layout::FrameItem::Text {
                x: 20.0,
                measure: 400.0,
                baseline: 60.0,
                run: run.clone(),
            })
            .collect();
        let doc = PagedDocument {
            pages: vec![Page::plain(440.0, 100.0, items)],
            title: "th".into(),
            author: None,
            subject: "th".into(),
            lang: locale("th"),
            photo: None,
        };
        let subsets = subset_faces(&doc).unwrap();
        let names: Vec<(&str, u32)> =
            subsets.iter().map(|s| (s.postscript_name.as_str(), book.face(s.face).index)).collect();
        assert_eq!(names, [("NotoSansThai-Regular", 0), ("NotoSansThai-Bold", 1)]);
        let pdf = crate::render::render_pdf(
            &doc,
            &crate::render::PhotoCache::default(),
            crate::render::RenderOptions {
                profile: crate::layout::Profile::Home,
                source_date: None,
                ink_limit: Default::default(),
            },
        )
        .unwrap();
        let parsed = lopdf::Document::load_mem(&pdf).unwrap();
        let base_fonts: Vec<String> = parsed
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"FontDescriptor"))
            .map(|d| String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned())
            .collect();
        assert!(base_fonts.iter().any(|n| n.ends_with("+NotoSansThai-Bold")), "{base_fonts:?}");
        let image = crate::render::raster::rasterize_page(&doc, 0, 440).unwrap();
        let dark = image.pixels().filter(|p| p.0[0] < 100).count();
        assert!(dark > 300, "the Thai glyphs are drawn: {dark} dark pixels");
    }

    #[test]
    fn tags_are_six_capitals_and_stable() {
        let a = subset_tag("NotoSans-Regular", &[1, 2, 3]);
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(a, subset_tag("NotoSans-Regular", &[1, 2, 3]));
        assert_ne!(a, subset_tag("NotoSans-Regular", &[1, 2, 4]));
    }
}
