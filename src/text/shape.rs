//! Shaping: one item's text to positioned glyphs with rustybuzz.

use std::ops::Range;

use rustybuzz::{Direction as HbDirection, Language, UnicodeBuffer};

use super::fonts::{is_invisible, FaceId, FontBook};

/// A glyph as the shaper gave it, scaled to points.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id.
    pub gid: u16,
    /// Byte index in the paragraph text of the cluster's first character.
    pub cluster: usize,
    /// Advance in points.
    pub advance: f32,
    /// Horizontal offset in points.
    pub x_offset: f32,
    /// Vertical offset in points, up positive.
    pub y_offset: f32,
}

/// Shapes `text[range]` in one face and size. Glyphs come back in visual order
/// (right-to-left runs reversed, as HarfBuzz does), without glyphs for invisible
/// format characters.
pub fn shape(
    book: &FontBook,
    face: FaceId,
    size: f32,
    text: &str,
    range: Range<usize>,
    rtl: bool,
    lang: &str,
) -> Vec<ShapedGlyph> {
    let font = book.face(face);
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&text[range.clone()]);
    buffer.set_direction(if rtl { HbDirection::RightToLeft } else { HbDirection::LeftToRight });
    if let Ok(language) = lang.parse::<Language>() {
        buffer.set_language(language);
    }
    buffer.guess_segment_properties();
    let plan = book.shape_plan(face, buffer.direction(), buffer.script(), buffer.language());
    let output = rustybuzz::shape_with_plan(&font.shaper, &plan, buffer);
    let scale = size / font.units_per_em;
    output
        .glyph_infos()
        .iter()
        .zip(output.glyph_positions())
        .filter_map(|(info, pos)| {
            let cluster = range.start + info.cluster as usize;
            let c = text[cluster..].chars().next().unwrap_or(' ');
            if is_invisible(c) {
                return None;
            }
            Some(ShapedGlyph {
                gid: info.glyph_id as u16,
                cluster,
                advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                y_offset: pos.y_offset as f32 * scale,
            })
        })
        .collect()
}

/// The total advance of shaped glyphs.
pub fn width(glyphs: &[ShapedGlyph]) -> f32 {
    glyphs.iter().map(|g| g.advance).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{test_fonts, Family};

    #[test]
    fn latin_ligature_and_kerning() {
        let book = test_fonts();
        let sans = book.styled(Family::Sans, false, false).unwrap();
        let text = "office AV";
        let glyphs = shape(book, sans, 10.0, text, 0..text.len(), false, "en");
        // Noto Sans has an "ffi" ligature: fewer glyphs than characters.
        assert!(glyphs.len() < text.chars().count(), "{glyphs:?}");
        assert!(width(&glyphs) > 30.0 && width(&glyphs) < 60.0);
    }

    #[test]
    fn arabic_joins_and_runs_right_to_left() {
        let book = test_fonts();
        let naskh = book.styled(Family::Naskh, false, false).unwrap();
        let text = "بيت";
        let glyphs = shape(book, naskh, 10.0, text, 0..text.len(), true, "ar");
        assert_eq!(glyphs.len(), 3);
        // Visual order: the last letter comes first.
        assert_eq!(glyphs[0].cluster, text.len() - 'ت'.len_utf8());
        // Joined forms differ from the isolated forms of the same letters.
        let isolated: Vec<u16> = ["ب", "ي", "ت"]
            .iter()
            .map(|s| shape(book, naskh, 10.0, s, 0..s.len(), true, "ar")[0].gid)
            .collect();
        let joined: Vec<u16> = glyphs.iter().rev().map(|g| g.gid).collect();
        assert!(isolated.iter().zip(&joined).all(|(a, b)| a != b), "{isolated:?} vs {joined:?}");
    }
}
