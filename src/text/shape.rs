//! Shaping: one item's text to positioned glyphs with rustybuzz.
//!
//! [`shape`] is what the text stage calls. Its steps in font units, [`compile_plan`]
//! and [`shape_units`], are public so that `tests/it/hb_shape.rs` can run the same steps
//! on faces that are not in the [`FontBook`] and compare the result with HarfBuzz's
//! own `hb-shape`.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock, RwLock};

use rustybuzz::{Direction as HbDirection, GlyphBuffer, Language, Script, ShapePlan, UnicodeBuffer};

use super::punctuation;
use super::ShapedGlyph;
use crate::fonts::{is_invisible, FaceId, FontBook};
use crate::locale::Locale;

/// Shapes `text[range]` in one face and size. Glyphs come back in visual order
/// (right-to-left runs reversed, as HarfBuzz does), without glyphs for invisible
/// format characters, and with adjacent CJK punctuation sharing its blank space in
/// the languages that do so ([`super::punctuation`]).
pub(crate) fn shape(
    book: &FontBook,
    face: FaceId,
    size: f32,
    text: &str,
    range: Range<usize>,
    rtl: bool,
    lang: &Locale,
) -> Vec<ShapedGlyph> {
    let font = book.face(face);
    let output = shape_units(&font.shaper, &text[range.clone()], rtl, lang, |buffer| {
        shape_plan(book, face, buffer.direction(), buffer.script(), buffer.language())
    });
    let scale = size / font.units_per_em;
    let mut glyphs: Vec<ShapedGlyph> = output
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
        .collect();
    if !rtl && punctuation::compresses(lang) {
        punctuation::compress(&mut glyphs, text, size);
    }
    glyphs
}

/// The advance of `text[range]` in points: the same number as `width(&shape(..))`,
/// summed in the same order, but remembered. Line breaking measures every word, and
/// words recur through a pack and across the products of a language, so the advances
/// in font units (which do not depend on the size) are kept per thread and face.
pub(crate) fn advance(
    book: &FontBook,
    face: FaceId,
    size: f32,
    text: &str,
    range: Range<usize>,
    rtl: bool,
    lang: &Locale,
) -> f32 {
    thread_local! {
        static ADVANCES: RefCell<AdvanceCache> = RefCell::default();
    }
    let scale = size / book.face(face).units_per_em;
    ADVANCES.with_borrow_mut(|cache| {
        let units = cache.get_or_shape(book, face, &text[range.clone()], rtl, lang, || {
            shape(book, face, book.face(face).units_per_em, text, range.clone(), rtl, lang)
                .iter()
                .map(|g| g.advance as i32)
                .collect()
        });
        units.iter().map(|&u| u as f32 * scale).sum()
    })
}

/// Advances by book, face, direction and language, then by text.
#[derive(Default)]
struct AdvanceCache {
    book: u64,
    faces: Vec<(ShapingKey, WordAdvances)>,
}

/// Face, right-to-left, language: what besides the text decides the advances.
type ShapingKey = (FaceId, bool, String);

/// Each text's glyph advances in font units.
type WordAdvances = HashMap<String, Box<[i32]>>;

/// Entries kept per face before the cache starts afresh: a few catalogues' worth of
/// distinct words, a few megabytes per thread.
const ADVANCE_CACHE_LIMIT: usize = 50_000;

impl AdvanceCache {
    fn get_or_shape(
        &mut self,
        book: &FontBook,
        face: FaceId,
        text: &str,
        rtl: bool,
        lang: &Locale,
        shape: impl FnOnce() -> Box<[i32]>,
    ) -> &[i32] {
        if self.book != book.serial() {
            *self = AdvanceCache { book: book.serial(), faces: Vec::new() };
        }
        let at = match self.faces.iter().position(|((f, r, l), _)| *f == face && *r == rtl && l == lang.tag())
        {
            Some(at) => at,
            None => {
                self.faces.push(((face, rtl, lang.to_string()), HashMap::new()));
                self.faces.len() - 1
            }
        };
        let words = &mut self.faces[at].1;
        if words.len() >= ADVANCE_CACHE_LIMIT && !words.contains_key(text) {
            words.clear();
        }
        if !words.contains_key(text) {
            words.insert(text.to_string(), shape());
        }
        &words[text]
    }
}

/// The buffer `text` is shaped in: the direction its bidi level gives, the language of
/// its language file (an unparsable tag is left unset), and the script guessed from
/// its first character that has one, as HarfBuzz's `guess_segment_properties` does.
fn buffer(text: &str, rtl: bool, lang: &Locale) -> UnicodeBuffer {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl { HbDirection::RightToLeft } else { HbDirection::LeftToRight });
    if let Ok(language) = lang.tag().parse::<Language>() {
        buffer.set_language(language);
    }
    buffer.guess_segment_properties();
    buffer
}

/// Key of a compiled shape plan: the book's [`FontBook::serial`] (face ids are the
/// book's own), face, right-to-left, script, language.
type PlanKey = (u64, FaceId, bool, Script, Option<Language>);

/// Compiled shape plans, for every book of the process. Compiling one costs far more
/// than shaping a word with it, and a pack needs only a handful, so every job and
/// thread shares them. A process loads one book per build; its plans are a few
/// kilobytes.
static PLANS: LazyLock<RwLock<HashMap<PlanKey, Arc<ShapePlan>>>> = LazyLock::new(RwLock::default);

/// The shape plan for a face of `book`, a direction, script and language, compiled
/// on first use ([`compile_plan`]) and shared from then on.
pub(crate) fn shape_plan(
    book: &FontBook,
    face: FaceId,
    direction: HbDirection,
    script: Script,
    language: Option<Language>,
) -> Arc<ShapePlan> {
    let key = (book.serial(), face, direction == HbDirection::RightToLeft, script, language);
    if let Some(plan) = PLANS.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return plan.clone();
    }
    let plan = Arc::new(compile_plan(&book.face(face).shaper, direction, script, key.4.as_ref()));
    PLANS.write().unwrap_or_else(|e| e.into_inner()).entry(key).or_insert(plan).clone()
}

/// Compiles the shape plan for a face, direction, script and language. It asks for no
/// features of its own: the shaper's defaults for the script (for example `ccmp`,
/// `locl`, `liga`, `kern`, `mark`, `mkmk`, and Arabic's and Indic's positional and
/// conjunct features) are what the product uses. [`shape_plan`] caches these.
pub fn compile_plan(
    face: &rustybuzz::Face,
    direction: HbDirection,
    script: Script,
    language: Option<&Language>,
) -> ShapePlan {
    ShapePlan::new(face, direction, Some(script), language, &[])
}

/// Shapes `text` in `face` as [`shape`] does, before scaling: glyph ids, clusters as
/// byte offsets into `text`, and positions in font units, in visual order, with the
/// glyphs of invisible characters still in. `plan` gives the plan for the buffer's
/// properties: the book's cached one in [`shape`], a fresh [`compile_plan`] elsewhere.
pub fn shape_units<P: Borrow<ShapePlan>>(
    face: &rustybuzz::Face,
    text: &str,
    rtl: bool,
    lang: &Locale,
    plan: impl FnOnce(&UnicodeBuffer) -> P,
) -> GlyphBuffer {
    let buffer = buffer(text, rtl, lang);
    let plan = plan(&buffer);
    rustybuzz::shape_with_plan(face, plan.borrow(), buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The total advance of shaped glyphs.
    fn width(glyphs: &[ShapedGlyph]) -> f32 {
        glyphs.iter().map(|g| g.advance).sum()
    }
    use crate::fonts::{test_fonts, Family, Style};
    use crate::locale::locale;

    #[test]
    fn latin_ligature_and_kerning() {
        let book = test_fonts();
        let sans = book.styled(Family::Sans, Style::REGULAR).unwrap();
        let text = "office AV";
        let glyphs = shape(book, sans, 10.0, text, 0..text.len(), false, &locale("en"));
        // Noto Sans has an "ffi" ligature: fewer glyphs than characters.
        assert!(glyphs.len() < text.chars().count(), "{glyphs:?}");
        assert!(width(&glyphs) > 30.0 && width(&glyphs) < 60.0);
    }

    #[test]
    fn arabic_joins_and_runs_right_to_left() {
        let book = test_fonts();
        let naskh = book.styled(Family::Naskh, Style::REGULAR).unwrap();
        let text = "بيت";
        let glyphs = shape(book, naskh, 10.0, text, 0..text.len(), true, &locale("ar"));
        assert_eq!(glyphs.len(), 3);
        // Visual order: the last letter comes first.
        assert_eq!(glyphs[0].cluster, text.len() - 'ت'.len_utf8());
        // Joined forms differ from the isolated forms of the same letters.
        let isolated: Vec<u16> = ["ب", "ي", "ت"]
            .iter()
            .map(|s| shape(book, naskh, 10.0, s, 0..s.len(), true, &locale("ar"))[0].gid)
            .collect();
        let joined: Vec<u16> = glyphs.iter().rev().map(|g| g.gid).collect();
        assert!(isolated.iter().zip(&joined).all(|(a, b)| a != b), "{isolated:?} vs {joined:?}");
    }

    /// `tests/it/hb_shape.rs` checks `shape_units` against HarfBuzz; this checks that
    /// `shape` is exactly `shape_units` scaled, less the invisible characters' glyphs.
    #[test]
    fn shape_is_shape_units_scaled_without_invisibles() {
        let book = test_fonts();
        let naskh = book.styled(Family::Naskh, Style::REGULAR).unwrap();
        let font = book.face(naskh);
        // A ZWNJ inside a word: HarfBuzz gives it a zero-width glyph, `shape` drops it.
        let text = "« می\u{200C}خواهم »";
        let range = "« ".len()..text.len() - " »".len();
        let glyphs = shape(book, naskh, 12.0, text, range.clone(), true, &locale("fa"));
        let units = shape_units(&font.shaper, &text[range.clone()], true, &locale("fa"), |b| {
            compile_plan(&font.shaper, b.direction(), b.script(), b.language().as_ref())
        });
        let scale = 12.0 / font.units_per_em;
        let expected: Vec<ShapedGlyph> = units
            .glyph_infos()
            .iter()
            .zip(units.glyph_positions())
            .filter(|(info, _)| !text[range.start + info.cluster as usize..].starts_with('\u{200C}'))
            .map(|(info, pos)| ShapedGlyph {
                gid: info.glyph_id as u16,
                cluster: range.start + info.cluster as usize,
                advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                y_offset: pos.y_offset as f32 * scale,
            })
            .collect();
        assert_eq!(units.len(), expected.len() + 1, "one glyph for the ZWNJ");
        assert_eq!(glyphs, expected);
    }
}
