//! The campaign kit's sheets keep every glyph inside its line box, in every script:
//! the petition sheet, the poster (home and press), the tally sheet and the address
//! labels of the sample and of each script fixture, laid out from the library (the
//! text-in-column invariant of `FrameItem::Text`). `column-check` reads columns from
//! shared line ends, which a form's table and boxes do not have; this reads the
//! layout itself. Scripts the shipped faces lack (CJK) are skipped here and covered
//! by the integration tests, which find the machine's fonts.

use std::path::Path;

use crate::compose::{compose_labels, compose_petition, compose_poster, compose_tally};
use crate::diag::Sink;
use crate::fonts::test_fonts;
use crate::layout::{
    layout_labels, layout_petition, layout_poster, layout_tally, FrameItem, LayoutError, PagedDocument,
    Profile,
};
use crate::load::{discover_cases, load_case};

/// How far a glyph may reach past its line box, in points: rounding.
const EPSILON: f32 = 0.01;

/// Glyphs outside their line box on the pages of `doc`, described.
fn glyphs_outside_their_line(doc: &PagedDocument) -> Vec<String> {
    let mut out = Vec::new();
    for (number, page) in doc.pages.iter().enumerate() {
        for item in page.flat_items() {
            let FrameItem::Text { measure, run, .. } = item else { continue };
            // A mark has no advance: its ink is over its base, which is checked.
            for glyph in run.glyphs.iter().filter(|g| g.advance > 0.0) {
                let pen = glyph.x - glyph.x_offset;
                if pen < -EPSILON || pen + glyph.advance > measure + EPSILON {
                    out.push(format!("page {}: `{}` leaves its {measure:.1} pt line", number + 1, run.text));
                    break;
                }
            }
        }
    }
    out
}

#[test]
fn every_glyph_of_the_kits_sheets_stays_in_its_line_in_every_script() {
    let book = test_fonts();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut checked, mut failures) = (0, Vec::new());
    for folder in [root.join("packs"), root.join("tests/fixtures/scripts")] {
        for dir in discover_cases(&folder).unwrap() {
            let case = load_case(&dir, &[]).unwrap();
            for entry in &case.langs {
                let file = entry.file.as_ref().unwrap();
                let mut sink = Sink::new();
                let mut docs = Vec::new();
                if file.has_petition() {
                    let sheet = compose_petition(&case, file, &mut sink).unwrap();
                    docs.push(("petition", layout_petition(book, &sheet, &case.photo)));
                }
                let poster = compose_poster(&case, file, &mut sink).unwrap();
                for profile in [Profile::Home, Profile::Press] {
                    docs.push(("poster", layout_poster(book, &poster, &case.photo, profile)));
                }
                docs.push(("tally", layout_tally(book, &compose_tally(&case, file, &mut sink).unwrap())));
                docs.push(("labels", layout_labels(book, &compose_labels(&case, file, &mut sink).unwrap())));
                for (product, doc) in docs {
                    let doc = match doc {
                        Ok(doc) => doc,
                        Err(LayoutError::MissingGlyphs(_)) => continue,
                        Err(e) => panic!("{}: {product}: {e:?}", entry.path.display()),
                    };
                    let outside = glyphs_outside_their_line(&doc);
                    failures.extend(
                        outside.into_iter().map(|f| format!("{} {product}: {f}", entry.path.display())),
                    );
                    checked += doc.pages.len();
                }
            }
        }
    }
    assert!(checked > 60, "only {checked} pages checked");
    assert!(failures.is_empty(), "{} lines leave their box:\n{}", failures.len(), failures.join("\n"));
}
