//! Break opportunities (UAX #14 plus hyphenation) turned into Knuth–Plass items.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::collect::Prepared;
use super::fonts::FontBook;
use super::knuth_plass::{Item, INFINITY};
use super::shape::advance;
use super::{Align, ParagraphSpec};

/// Why a Knuth–Plass item is where it is, in terms of the paragraph text.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Unbreakable text.
    Text(Range<usize>),
    /// Inter-word space.
    Space(Range<usize>),
    /// A break inside a word at a hyphenation point; `at` is where the second part starts.
    Hyphen {
        /// Byte index of the break.
        at: usize,
    },
    /// A break allowed after a visible character (after a dash or a slash).
    Plain {
        /// Byte index of the break.
        at: usize,
    },
    /// The end of the paragraph or a forced line break.
    Forced {
        /// Byte index where the next line starts.
        at: usize,
    },
    /// Filler glue that lets a last line stay short.
    Fill,
}

/// The items of a paragraph, with where each comes from.
#[derive(Debug, Clone)]
pub struct LineItems {
    /// For the breaker.
    pub items: Vec<Item>,
    /// Parallel to `items`.
    pub sources: Vec<Source>,
}

impl LineItems {
    fn push(&mut self, item: Item, source: Source) {
        self.items.push(item);
        self.sources.push(source);
    }
}

/// A break position in the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Opportunity {
    Allowed,
    Mandatory,
    Hyphen,
}

/// The hyphenation patterns for a language, if we have them.
pub fn hyphenation_lang(lang: &str) -> Option<hypher::Lang> {
    match lang.split('-').next().unwrap_or("") {
        "en" => Some(hypher::Lang::English),
        "fr" => Some(hypher::Lang::French),
        "nl" => Some(hypher::Lang::Dutch),
        "es" => Some(hypher::Lang::Spanish),
        _ => None,
    }
}

/// All break positions: UAX #14 opportunities, plus hyphenation points inside words
/// when the language has patterns. Sorted by position.
fn opportunities(text: &str, spec: &ParagraphSpec) -> Vec<(usize, Opportunity)> {
    let mut out = Vec::new();
    let patterns = hyphenation_lang(&spec.lang).filter(|_| spec.hyphenate);
    let mut segment_start = 0;
    for (at, kind) in linebreaks(text) {
        if let Some(lang) = patterns {
            hyphenation_points(text, segment_start..at, lang, &mut out);
        }
        let kind = match kind {
            BreakOpportunity::Mandatory => Opportunity::Mandatory,
            BreakOpportunity::Allowed => Opportunity::Allowed,
        };
        out.push((at, kind));
        segment_start = at;
    }
    out
}

/// Hyphenation points of the lowercase words in `range`. Capitalised words are mostly
/// names, and a hyphen in a person's name is a mistake a reader notices.
fn hyphenation_points(
    text: &str,
    range: Range<usize>,
    lang: hypher::Lang,
    out: &mut Vec<(usize, Opportunity)>,
) {
    let segment = &text[range.clone()];
    let mut word_start = None;
    let mut words = Vec::new();
    for (i, c) in segment.char_indices().chain(std::iter::once((segment.len(), ' '))) {
        match (c.is_alphabetic(), word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                word_start = None;
            }
            _ => {}
        }
    }
    for word in words {
        let w = &segment[word.clone()];
        if w.chars().count() < 6 || w.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let mut at = range.start + word.start;
        let syllables: Vec<&str> = hypher::hyphenate(w, lang).collect();
        for syllable in &syllables[..syllables.len().saturating_sub(1)] {
            at += syllable.len();
            out.push((at, Opportunity::Hyphen));
        }
    }
}

/// Measures `range` by shaping it item by item.
fn measure(book: &FontBook, prepared: &Prepared, range: Range<usize>, lang: &str) -> f32 {
    prepared
        .items_in(range)
        .map(|(item, part)| {
            advance(book, item.face, item.style.size, prepared.text, part, item.level.is_rtl(), lang)
        })
        .sum()
}

/// Width of a hyphen in the face and size of the text at `at`.
fn hyphen_width(book: &FontBook, prepared: &Prepared, at: usize, lang: &str) -> f32 {
    let item = prepared.item_at(at.saturating_sub(1));
    advance(book, item.face, item.style.size, "-", 0..1, false, lang)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{2028}' || c == '\t'
}

/// Builds the box/glue/penalty list for the paragraph.
pub fn build_items(book: &FontBook, prepared: &Prepared, spec: &ParagraphSpec) -> LineItems {
    let text = prepared.text;
    let mut out = LineItems { items: Vec::new(), sources: Vec::new() };
    let mut start = 0;
    let justify = spec.align == Align::Justify;
    for (at, kind) in opportunities(text, spec) {
        let segment = &text[start..at];
        let content_end = start + segment.trim_end_matches(is_space).len();
        if content_end > start {
            let w = measure(book, prepared, start..content_end, &spec.lang);
            out.push(Item::Box { width: w }, Source::Text(start..content_end));
        }
        match kind {
            Opportunity::Mandatory => {
                out.push(Item::Glue { width: 0.0, stretch: INFINITY, shrink: 0.0 }, Source::Fill);
                out.push(
                    Item::Penalty { width: 0.0, penalty: -INFINITY, flagged: false },
                    Source::Forced { at },
                );
            }
            Opportunity::Allowed if content_end < at => {
                let w = measure(book, prepared, content_end..at, &spec.lang);
                let (stretch, shrink) = if justify { (w * 0.6, w * 0.3) } else { (w * 0.6, 0.0) };
                out.push(Item::Glue { width: w, stretch, shrink }, Source::Space(content_end..at));
            }
            Opportunity::Allowed => {
                out.push(Item::Penalty { width: 0.0, penalty: 50.0, flagged: true }, Source::Plain { at });
            }
            Opportunity::Hyphen => {
                let w = hyphen_width(book, prepared, at, &spec.lang);
                out.push(Item::Penalty { width: w, penalty: 50.0, flagged: true }, Source::Hyphen { at });
            }
        }
        start = at;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{collect::prepare, test_fonts, Direction, Paint, SpanStyle, StyledText};

    fn spec(lang: &str) -> ParagraphSpec {
        ParagraphSpec {
            lang: lang.into(),
            dir: Direction::Ltr,
            align: Align::Justify,
            width: 100.0,
            hyphenate: true,
        }
    }

    #[test]
    fn hyphenates_lowercase_words_only() {
        let mut points = Vec::new();
        hyphenation_points("international Aarrassian", 0..24, hypher::Lang::English, &mut points);
        let positions: Vec<usize> = points.iter().map(|p| p.0).collect();
        assert!(!positions.is_empty());
        assert!(positions.iter().all(|&p| p < 13), "{positions:?}");
    }

    #[test]
    fn very_long_words_are_hyphenated_not_a_crash() {
        // Found by the fuzzer: hypher without `alloc` panics past 45 bytes.
        let word = "internationalisationofthehumanrightsobligationsofeverystate";
        let mut points = Vec::new();
        hyphenation_points(word, 0..word.len(), hypher::Lang::English, &mut points);
        assert!(points.len() > 5);
    }

    #[test]
    fn items_for_a_short_paragraph() {
        let mut text = StyledText::default();
        text.push("Write today.", SpanStyle { bold: false, italic: false, size: 10.0, paint: Paint::Ink });
        let prepared = prepare(test_fonts(), &text, &spec("en")).unwrap();
        let items = build_items(test_fonts(), &prepared, &spec("en"));
        let kinds: Vec<&str> = items
            .sources
            .iter()
            .map(|s| match s {
                Source::Text(_) => "text",
                Source::Space(_) => "space",
                Source::Hyphen { .. } => "hyphen",
                Source::Plain { .. } => "plain",
                Source::Forced { .. } => "forced",
                Source::Fill => "fill",
            })
            .collect();
        assert_eq!(kinds, vec!["text", "space", "text", "fill", "forced"]);
    }
}
