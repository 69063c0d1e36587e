//! How a reader gets a run's text back from the PDF: the text each glyph stands for in
//! the fonts' ToUnicode maps, and the `/ActualText` spans around the words that map
//! alone would give back wrong. Both are decided here, from the run's text and its
//! glyphs' ranges into it, and nowhere else.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::text::GlyphRun;

/// The text each glyph of `run` stands for, for the ToUnicode map.
///
/// A cluster's text goes to its first glyph in logical order, the others get none;
/// when a cluster has exactly one glyph per character (a base and its marks), each
/// glyph gets its own character. A tatweel stands for no text.
pub(crate) fn glyph_texts(run: &GlyphRun) -> Vec<&str> {
    let glyphs = &run.glyphs;
    let mut out = vec![""; glyphs.len()];
    let mut i = 0;
    while i < glyphs.len() {
        let range = &glyphs[i].range;
        let end = i + glyphs[i..].iter().take_while(|g| g.range == *range).count();
        let text = run.text.get(range.clone()).unwrap_or_default();
        // The cluster's glyphs in the order of its text.
        let logical: Vec<usize> = if glyphs[i].rtl { (i..end).rev().collect() } else { (i..end).collect() };
        if end - i > 1 && text.chars().count() == end - i {
            for (&glyph, (at, c)) in logical.iter().zip(text.char_indices()) {
                out[glyph] = &text[at..at + c.len_utf8()];
            }
        } else {
            out[logical[0]] = text;
        }
        i = end;
    }
    out
}

/// Makes the text [`glyph_texts`] gave a glyph (the first non-empty one it has in the
/// document) its ToUnicode entry. A glyph that stands for no text of its own (the
/// second glyph of a cluster, a kashida) still needs one for PDF/UA (ISO 14289-1
/// 7.21.7): a zero-width space, which says nothing; [`actual_text_spans`] then sees
/// that the map misreads its word and gives the word its own text.
pub(crate) fn tounicode_entry(text: &mut String) {
    if text.is_empty() {
        text.push('\u{200B}');
    }
}

/// An `/ActualText` span: the text to give for a word and how many glyphs it covers.
pub(crate) type Span = (String, usize);

/// The words of `run` that need an `/ActualText` span, by their first glyph.
///
/// `tounicode` is the face's map (glyph id to text, one text for all uses of a glyph).
/// A word (glyphs between spaces) gets a span when a reader would otherwise split or
/// misspell it:
/// - a glyph sits off the baseline (an Arabic mark) or has no advance (a mark drawn
///   back over its base): extractors put such a glyph on a line of its own, or read
///   the gap after it as a space;
/// - it is lengthened with kashida: tatweels stand for no text, and their gap reads
///   as a word break;
/// - it holds a joiner or non-joiner, which has no glyph: only the word's own text
///   keeps Persian's "نمی‌تواند" or Sinhala's අධ්‍යාපනය whole;
/// - the map's texts of its glyphs, in order, are not the word's own: scripts that
///   reorder and combine (a Devanagari vowel sign drawn before its consonant, a
///   conjunct of three letters in one glyph) use one glyph for different text in
///   different words.
///
/// Extractors spread an actual text over the word's box left to right, then read a
/// right-to-left line from right to left, so a right-to-left word's text is given
/// reversed. Latin and most Arabic words need nothing, and cost no strings.
pub(crate) fn actual_text_spans(run: &GlyphRun, tounicode: &BTreeMap<u16, String>) -> HashMap<usize, Span> {
    let mut out = HashMap::new();
    let texts = glyph_texts(run);
    let mapped = |i: usize| tounicode.get(&run.glyphs[i].gid).map_or("", String::as_str);
    // A mark, a glyph off the baseline, or a tatweel.
    let apart = |i: usize| {
        let g = &run.glyphs[i];
        g.advance == 0.0 || g.y != 0.0 || g.range.is_empty()
    };
    let fast = (0..run.glyphs.len()).all(|i| !apart(i) && mapped(i) == texts[i]);
    if fast && !run.text.contains(JOINERS) {
        return out;
    }
    for word in words(&texts) {
        let misread =
            word.clone().flat_map(|i| texts[i].chars()).ne(word.clone().flat_map(|i| mapped(i).chars()));
        let needs_span =
            misread || word.clone().any(apart) || run.text[text_range(run, word.clone())].contains(JOINERS);
        if needs_span {
            out.insert(word.start, (word_text(run, word.clone()), word.len()));
        }
    }
    out
}

/// The zero width non-joiner and joiner.
const JOINERS: [char; 2] = ['\u{200C}', '\u{200D}'];

/// The glyph ranges of the words of a run: runs of glyphs between the glyphs of a
/// space (glyphs whose whole text is white space). Glyphs with no text of their own
/// (a cluster's others, tatweels) belong to the word around them.
fn words(texts: &[&str]) -> Vec<Range<usize>> {
    let is_space = |t: &str| !t.is_empty() && t.chars().all(char::is_whitespace);
    let mut out = Vec::new();
    let mut i = 0;
    while i < texts.len() {
        if is_space(texts[i]) {
            i += 1;
            continue;
        }
        let len = texts[i..].iter().take_while(|t| !is_space(t)).count();
        out.push(i..i + len);
        i += len;
    }
    out
}

/// The bytes of the run's text that a word's glyphs cover.
fn text_range(run: &GlyphRun, word: Range<usize>) -> Range<usize> {
    let glyphs = &run.glyphs[word];
    let start = glyphs.iter().map(|g| g.range.start).min().unwrap_or(0);
    let end = glyphs.iter().map(|g| g.range.end).max().unwrap_or(start);
    start..end
}

/// A word's text as an extractor should give it: in logical order, reversed for a
/// right-to-left word.
fn word_text(run: &GlyphRun, word: Range<usize>) -> String {
    let rtl = run.glyphs[word.start].rtl;
    let text = &run.text[text_range(run, word)];
    if rtl {
        text.chars().rev().collect()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FaceId;
    use crate::text::{Paint, PlacedGlyph};

    fn run(text: &str, glyphs: Vec<PlacedGlyph>) -> GlyphRun {
        let font = crate::fonts::test_fonts().font(FaceId(0));
        GlyphRun { font, size: 10.0, paint: Paint::Ink, link: None, text: text.into(), glyphs }
    }

    fn glyph(gid: u16, range: Range<usize>, rtl: bool) -> PlacedGlyph {
        PlacedGlyph { gid, x: 0.0, x_offset: 0.0, y: 0.0, advance: 5.0, range, rtl }
    }

    #[test]
    fn a_cluster_gives_its_text_to_its_first_glyph_in_logical_order() {
        // "fi" as one ligature, then a base and its mark as two glyphs of one cluster.
        let ltr =
            run("fie\u{301}", vec![glyph(1, 0..2, false), glyph(2, 2..5, false), glyph(3, 2..5, false)]);
        assert_eq!(glyph_texts(&ltr), ["fi", "e", "\u{301}"]);
        // Right to left, a cluster's glyphs come in reverse: its text goes to the last.
        let glyphs = vec![
            glyph(1, 5..7, true),
            glyph(2, 4..5, true),
            glyph(3, 0..4, true),
            glyph(4, 0..4, true),
            glyph(5, 0..4, true),
        ];
        assert_eq!(glyph_texts(&run("لا ب", glyphs)), ["ب", " ", "", "", "لا"]);
        let tatweel = run("ab", vec![glyph(1, 0..1, false), glyph(9, 1..1, false), glyph(2, 1..2, false)]);
        assert_eq!(glyph_texts(&tatweel), ["a", "", "b"]);
    }

    #[test]
    fn only_words_the_map_reads_wrong_get_a_span() {
        let map = |pairs: &[(u16, &str)]| pairs.iter().map(|&(g, t)| (g, t.to_string())).collect();
        let latin = run(
            "ab c",
            vec![glyph(1, 0..1, false), glyph(2, 1..2, false), glyph(3, 2..3, false), glyph(4, 3..4, false)],
        );
        let tounicode = map(&[(1, "a"), (2, "b"), (3, " "), (4, "c")]);
        assert!(actual_text_spans(&latin, &tounicode).is_empty());
        // Glyph 2 stands for "x" elsewhere in the document: "ab" needs its own text.
        let tounicode = map(&[(1, "a"), (2, "x"), (3, " "), (4, "c")]);
        assert_eq!(actual_text_spans(&latin, &tounicode), HashMap::from([(0, ("ab".to_string(), 2))]));
        // A mark off the baseline in a right-to-left word: the whole word, reversed.
        let mut marked = run("بِت", vec![glyph(1, 4..6, true), glyph(2, 0..4, true), glyph(3, 0..4, true)]);
        marked.glyphs[2].y = 3.0;
        let tounicode = map(&[(1, "ت"), (2, ""), (3, "بِ")]);
        assert_eq!(actual_text_spans(&marked, &tounicode), HashMap::from([(0, ("تِب".to_string(), 3))]));
        // A tatweel inside a word.
        let lengthened = run("ab", vec![glyph(1, 0..1, false), glyph(9, 1..1, false), glyph(2, 1..2, false)]);
        let tounicode = map(&[(1, "a"), (2, "b"), (9, "")]);
        assert_eq!(actual_text_spans(&lengthened, &tounicode), HashMap::from([(0, ("ab".to_string(), 3))]));
    }
}
