//! CJK punctuation spacing: adjacent full-width punctuation shares its blank space.
//!
//! A full-width bracket, comma or full stop sits in a square em, its ink at one side
//! and blank space at the other. Set one after another (`。」`, `」「`, `、（`) the two
//! blanks add up to a gap of a whole em, which reads as a hole in the line. Japanese
//! typesetting (JIS X 4051, and W3C's Requirements for Japanese Text Layout) halves
//! such pairs; Simplified Chinese does the same with its corner-placed commas and
//! stops. The font's `halt` forms would do it glyph by glyph, but a shape plan is
//! shared by every text and these pairs are rare, so [`compress`] adjusts the shaped
//! advances after shaping instead: the blank half of one glyph of the pair goes.
//!
//! Only the brackets and stops whose ink side is the same in Japanese and Simplified
//! Chinese faces are touched, and only in those languages: Traditional Chinese
//! centres its commas and stops, and curly quotes are drawn proportionally by some
//! faces and full-width by others.

use super::ShapedGlyph;
use crate::locale::{variants_for, Locale, Variant};

/// Where a punctuation mark's ink sits in its em square.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Opening brackets: ink on the right (in horizontal text), blank on the left.
    Opening,
    /// Closing brackets, commas and full stops: ink on the left, blank on the right.
    Closing,
}

fn side(c: char) -> Option<Side> {
    match c {
        '「' | '『' | '（' | '［' | '｛' | '〔' | '〈' | '《' | '【' | '〘' | '〖' => {
            Some(Side::Opening)
        }
        '」' | '』' | '）' | '］' | '｝' | '〕' | '〉' | '》' | '】' | '〙' | '〗' | '、' | '。' | '，'
        | '．' => Some(Side::Closing),
        _ => None,
    }
}

/// Whether the language sets its punctuation the way [`compress`] assumes.
pub fn compresses(lang: &Locale) -> bool {
    matches!(variants_for(lang).first(), Some(Variant::Ja | Variant::Hans))
}

/// Halves the blank between adjacent full-width punctuation in a left-to-right run:
/// of a closing mark followed by any other, the first loses the blank half on its
/// right; of two opening marks, the second loses the blank half on its left and its
/// ink moves back by as much. `em` is the font size in the glyphs' units; a glyph
/// narrower than nine tenths of it is not full-width and is left alone. `text` is the
/// text the glyphs' clusters index into.
pub(crate) fn compress(glyphs: &mut [ShapedGlyph], text: &str, em: f32) {
    let mark = |g: &ShapedGlyph| {
        let c = text.get(g.cluster..)?.chars().next()?;
        side(c).filter(|_| g.advance >= 0.9 * em)
    };
    for i in 1..glyphs.len() {
        let (Some(first), Some(second)) = (mark(&glyphs[i - 1]), mark(&glyphs[i])) else { continue };
        if glyphs[i - 1].cluster == glyphs[i].cluster {
            continue;
        }
        match (first, second) {
            (Side::Closing, _) => glyphs[i - 1].advance /= 2.0,
            (Side::Opening, Side::Opening) => {
                let half = glyphs[i].advance / 2.0;
                glyphs[i].advance -= half;
                glyphs[i].x_offset -= half;
            }
            (Side::Opening, Side::Closing) => {}
        }
    }
}

/// Sets a full-width opening bracket that starts a line half-width, so the line
/// aligns with the lines around it: in its em the bracket's ink sits on the right,
/// and set full-width at the start of a line (a title opening with 『, a paragraph
/// with 「) it leaves half an em blank before the ink, which reads as an indent.
/// JLREQ (3.1.4) sets such a bracket half-width at a line start, as the font's `halt`
/// form would; Chinese typesetting does the same. `glyphs` are the line's first
/// piece, left to right; its first glyph loses the blank half of its em on its left,
/// its ink moving back by as much.
///
/// Whether the blank is there is read from the glyph's own ink, `ink_left` (its left
/// edge in ems from its origin), not assumed from the language: a face that centres
/// its brackets (as Traditional Chinese faces do their stops) is left alone.
pub(crate) fn align_line_start(
    glyphs: &mut [ShapedGlyph],
    text: &str,
    em: f32,
    ink_left: impl Fn(u16) -> Option<f32>,
) {
    let Some(first) = glyphs.first_mut() else { return };
    let opening = text.get(first.cluster..).and_then(|t| t.chars().next()).and_then(side);
    let blank_half = ink_left(first.gid).is_some_and(|left| left >= 0.45);
    if opening == Some(Side::Opening) && first.advance >= 0.9 * em && blank_half {
        let half = em / 2.0;
        first.advance -= half;
        first.x_offset -= half;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::locale;

    /// One full-width glyph per character of `text`, each 1000 units wide.
    fn glyphs(text: &str) -> Vec<ShapedGlyph> {
        text.char_indices()
            .map(|(cluster, _)| ShapedGlyph {
                gid: 1,
                cluster,
                advance: 1000.0,
                x_offset: 0.0,
                y_offset: 0.0,
            })
            .collect()
    }

    fn advances(text: &str) -> Vec<(f32, f32)> {
        let mut g = glyphs(text);
        compress(&mut g, text, 1000.0);
        g.iter().map(|g| (g.advance, g.x_offset)).collect()
    }

    #[test]
    fn a_full_stop_before_a_closing_bracket_gives_up_its_blank() {
        assert_eq!(advances("す。」と"), [(1000.0, 0.0), (500.0, 0.0), (1000.0, 0.0), (1000.0, 0.0)]);
    }

    #[test]
    fn closing_then_opening_and_opening_then_opening() {
        assert_eq!(advances("」「"), [(500.0, 0.0), (1000.0, 0.0)]);
        assert_eq!(advances("（「"), [(1000.0, 0.0), (500.0, -500.0)]);
        assert_eq!(advances("、（"), [(500.0, 0.0), (1000.0, 0.0)]);
    }

    #[test]
    fn an_opening_bracket_at_a_line_start_is_set_half_width() {
        let start = |text: &str, ink_left: f32| {
            let mut g = glyphs(text);
            align_line_start(&mut g, text, 1000.0, |_| Some(ink_left));
            g.iter().map(|g| (g.advance, g.x_offset)).collect::<Vec<_>>()
        };
        // Ink on the right half of the em: the blank half goes, the ink moves back.
        assert_eq!(start("『自由』", 0.55), [(500.0, -500.0), (1000.0, 0.0), (1000.0, 0.0), (1000.0, 0.0)]);
        assert_eq!(start("（注）", 0.6)[0], (500.0, -500.0));
        // A centred bracket, a closing one or a letter keeps its em.
        assert_eq!(start("「す", 0.3)[0], (1000.0, 0.0));
        assert_eq!(start("」す", 0.1)[0], (1000.0, 0.0));
        assert_eq!(start("す「", 0.6)[0], (1000.0, 0.0));
    }

    #[test]
    fn three_in_a_row_lose_two_halves() {
        // 」、「: the bracket and the comma each give up their right half.
        assert_eq!(advances("」、「"), [(500.0, 0.0), (500.0, 0.0), (1000.0, 0.0)]);
    }

    #[test]
    fn single_marks_proportional_glyphs_and_other_languages_stay() {
        assert_eq!(advances("す。と"), [(1000.0, 0.0); 3]);
        assert_eq!(advances("「す」"), [(1000.0, 0.0); 3]);
        let text = ".)";
        let mut g: Vec<ShapedGlyph> =
            glyphs(text).into_iter().map(|g| ShapedGlyph { advance: 300.0, ..g }).collect();
        compress(&mut g, text, 1000.0);
        assert!(g.iter().all(|g| g.advance == 300.0));
        assert!(compresses(&locale("ja")) && compresses(&locale("zh")) && compresses(&locale("zh-Hans-CN")));
        assert!(
            !compresses(&locale("zh-Hant"))
                && !compresses(&locale("zh-TW"))
                && !compresses(&locale("ko"))
                && !compresses(&locale("en"))
        );
    }
}
