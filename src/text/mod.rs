//! Text stage: styled paragraphs to shaped, broken, justified lines.
//!
//! The steps follow typst's `inline/` split, one file each:
//! [`collect`] (itemize by style, bidi level and font), [`shape`] (rustybuzz),
//! [`linebreak`] (UAX #14 opportunities and hyphenation), [`knuth_plass`] (total-fit
//! breaking), and [`line`] (bidi reordering, reshaping and justification of each line).
//! The output, [`ShapedLine`], holds glyphs positioned relative to the line's box; the
//! layout stage only places lines and never looks inside them. The faces come from
//! the stage below, [`crate::fonts`]: text asks it which face sets a character, and
//! shapes with that face.

pub(crate) mod collect;
pub(crate) mod kashida;
pub(crate) mod knuth_plass;
pub(crate) mod line;
pub mod linebreak;
mod paragraph;
pub mod punctuation;
pub mod shape;

use std::ops::Range;

pub(crate) use paragraph::set_paragraph;

use crate::fonts::{Font, Style};
use crate::locale::{is_cjk_script, Locale};

/// What ink a run is printed in; the renderer maps it to a colour per profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Paint {
    /// Body text: black.
    Ink,
    /// The campaign colour, for kickers and rules.
    Accent,
    /// Secondary text: captions, footers.
    Muted,
    /// Text on a dark or accent background.
    Paper,
    /// A light wash of the accent, for panels behind text.
    Tint,
    /// Registration: on every plate, for crop and cut marks only.
    Registration,
}

/// The style of a span of paragraph text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SpanStyle {
    /// Bold weight.
    pub(crate) bold: bool,
    /// Italic style (ignored where the script has no italic face).
    pub(crate) italic: bool,
    /// Size in points.
    pub(crate) size: f32,
    /// Ink.
    pub(crate) paint: Paint,
    /// The link the span belongs to, as the caller numbers its links: lines keep
    /// linked text in runs of its own ([`GlyphRun::link`]), so that the caller can
    /// place the link's area over exactly its glyphs.
    pub(crate) link: Option<u32>,
}

impl SpanStyle {
    /// The weight and slant the span asks of its face.
    pub(crate) fn font_style(&self) -> Style {
        Style { bold: self.bold, italic: self.italic }
    }
}

/// Paragraph text with styled spans covering it exactly, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct StyledText {
    /// The characters; `\u{2028}` marks a forced line break.
    pub(crate) text: String,
    /// Style spans, contiguous and covering `text`.
    pub(crate) spans: Vec<(Range<usize>, SpanStyle)>,
}

impl StyledText {
    /// Appends `text` in `style`.
    pub(crate) fn push(&mut self, text: &str, style: SpanStyle) {
        let start = self.text.len();
        self.text.push_str(text);
        self.spans.push((start..self.text.len(), style));
    }
}

/// Writing direction of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// How lines sit in their measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Flush to the start side, ragged at the end.
    Start,
    /// Centred.
    Center,
    /// Flush to the end side.
    End,
    /// Both edges flush; the last line flush start.
    Justify,
}

/// How to set one paragraph.
#[derive(Debug, Clone)]
pub(crate) struct ParagraphSpec {
    /// The language (shaping language, hyphenation patterns, breaking rules, faces).
    pub(crate) lang: Locale,
    /// Base direction.
    pub(crate) dir: Direction,
    /// Alignment.
    pub(crate) align: Align,
    /// Measure in points.
    pub(crate) width: f32,
    /// Whether words may be hyphenated.
    pub(crate) hyphenate: bool,
    /// Words never hyphenated, nor any word starting with one (an inflected form,
    /// "Darans", "Leylának"): the parts of the person's name. Compared ignoring case.
    pub(crate) keep_whole: Vec<String>,
}

/// A glyph as the shaper gave it ([`shape::shape`]), scaled to points; the
/// punctuation and kashida steps adjust these before a line places them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapedGlyph {
    /// Glyph id.
    pub(crate) gid: u16,
    /// Byte index in the paragraph text of the cluster's first character.
    pub(crate) cluster: usize,
    /// Advance in points.
    pub(crate) advance: f32,
    /// Horizontal offset in points.
    pub(crate) x_offset: f32,
    /// Vertical offset in points, up positive.
    pub(crate) y_offset: f32,
}

/// A glyph placed on a line, relative to the line's left edge and baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in its face.
    pub(crate) gid: u16,
    /// Left edge of the glyph's origin, points from the line's left.
    pub x: f32,
    /// How far the font moved the glyph from its pen position, included in `x`: kerning
    /// in right-to-left text moves a glyph without moving the pen. The line's advance
    /// box, which stays inside the measure, is made of pen positions.
    pub x_offset: f32,
    /// Vertical offset, points, up is positive.
    pub(crate) y: f32,
    /// Advance in points.
    pub advance: f32,
    /// The bytes of the run's [`GlyphRun::text`] this glyph's cluster stands for: every
    /// glyph of a cluster has the same range. Empty for a glyph that stands for no
    /// text (a tatweel that lengthens a join).
    pub(crate) range: Range<usize>,
    /// Whether the glyph's text reads right to left: its cluster's glyphs then come in
    /// reverse order of their text.
    pub(crate) rtl: bool,
}

/// Glyphs of one face and style on a line, in visual order, with the text they show.
///
/// Like typst's `TextItem`, a run carries its text and each glyph's range into it, so
/// whoever reads the run back (the PDF's ToUnicode and `/ActualText`, a test, a
/// snapshot) derives the text from one place.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The face.
    pub(crate) font: Font,
    /// Size in points.
    pub size: f32,
    /// Ink.
    pub(crate) paint: Paint,
    /// The link of the run's text ([`SpanStyle::link`]).
    pub link: Option<u32>,
    /// The text the glyphs show: the run's pieces in visual order, each in its own
    /// (logical) order, and `-` for an inserted hyphen.
    pub text: String,
    /// The glyphs.
    pub glyphs: Vec<PlacedGlyph>,
}

impl GlyphRun {
    #[cfg(test)]
    /// The text of glyph `i`'s cluster.
    pub(crate) fn cluster_text(&self, i: usize) -> &str {
        self.text.get(self.glyphs[i].range.clone()).unwrap_or_default()
    }
}

/// One finished line: glyph runs placed within `width`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapedLine {
    /// The runs, left to right.
    pub(crate) runs: Vec<GlyphRun>,
    /// The measure the line was set to.
    pub(crate) width: f32,
    /// The width its glyphs cover as set: the measure on a justified line, else their
    /// width with the spaces as the breaker set them.
    pub(crate) set_width: f32,
    /// Whether it ends with an inserted hyphen.
    pub(crate) hyphenated: bool,
    /// Byte range of the paragraph text it shows.
    pub(crate) source: Range<usize>,
    /// How many inter-word spaces it has.
    pub(crate) spaces: usize,
    /// Its widest inter-word space as a multiple of that space's natural width: 1.0
    /// when set at natural width, above on a justified line, below on a tight one.
    pub(crate) space_growth: f32,
}

/// How far an inter-word space stretches, as a share of its width, at adjustment
/// ratio 1 (TeX's fonts give a half; a little more keeps lines without hyphens even).
pub(crate) const SPACE_STRETCH: f32 = 0.6;

/// The hyphen text inserts where it breaks a word: layout lists it among the
/// characters it adds to the printed text, so job keys cover the font it is set in.
pub(crate) const BREAK_HYPHEN: &str = "-";

/// The widest a justified line's inter-word spaces may grow, as a multiple of their
/// natural width. Beyond that a paragraph is set ragged instead ([`Justification`]):
/// wider gaps read as holes and, line over line, as rivers.
pub(crate) const MAX_SPACE_GROWTH: f32 = 2.0;

/// Lines with fewer spaces than this are exempt from [`MAX_SPACE_GROWTH`]: a line of
/// one long word and a short one has little to spread its slack over, and setting a
/// whole paragraph ragged for it would cost more than it gains.
pub(crate) const MIN_SPACES_FOR_EVENNESS: usize = 3;

/// How a paragraph was aligned: the decision line setting made, and why when it is
/// not what was asked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Justification {
    /// Justification was not asked for: flush to a side, or centred, as asked.
    NotAsked,
    /// Justified, every line with [`MIN_SPACES_FOR_EVENNESS`] spaces or more within
    /// [`MAX_SPACE_GROWTH`].
    Justified,
    /// Justification was asked for but the paragraph is set flush to its start side,
    /// ragged at the end: justified, some line's spaces would have grown past
    /// [`MAX_SPACE_GROWTH`].
    Ragged {
        /// Why the lines could not be filled evenly.
        reason: WhyRagged,
        /// The widest space growth justifying would have needed.
        space_growth: f32,
    },
}

/// Why a paragraph asked to be justified is set ragged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WhyRagged {
    /// The language has no hyphenation patterns: lines can end only between words.
    NoHyphenation,
    /// Even with hyphenation, the measure is too narrow for the words.
    NarrowMeasure,
    /// The language writes its words without spaces between them (Thai, Lao, Khmer,
    /// Burmese): widening the dictionary breaks between words would read as the
    /// phrase spaces the language does write, and its few real spaces alone would open
    /// holes. Such text is set flush to its start, as Thai typesetting commonly does.
    WordsWithoutSpaces,
}

/// A set paragraph: its lines, and how they are aligned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SetParagraph {
    /// The lines, first to last.
    pub(crate) lines: Vec<ShapedLine>,
    /// Justified, or ragged and why.
    pub(crate) justification: Justification,
}

/// Characters no font has (shipped or found), met while setting a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyphs {
    /// The characters, without repeats, in order of appearance.
    pub(crate) chars: Vec<char>,
}

impl MissingGlyphs {
    /// `U+3001 '、', U+3002 '。'` for messages.
    pub(crate) fn describe(&self) -> String {
        self.chars.iter().map(|c| format!("U+{:04X} '{c}'", *c as u32)).collect::<Vec<_>>().join(", ")
    }

    /// The scripts of the characters (`Han`, `Hangul`), in order of first appearance.
    /// Punctuation and symbols shared by scripts (`Common`) count only when nothing
    /// else is missing: a full-width comma is missing because the Han font is.
    pub(crate) fn scripts(&self) -> Vec<&'static str> {
        use unicode_script::{Script, UnicodeScript};
        let mut scripts = Vec::new();
        let mut shared = Vec::new();
        for c in &self.chars {
            let script = c.script();
            let list =
                if matches!(script, Script::Common | Script::Inherited) { &mut shared } else { &mut scripts };
            if !list.contains(&script.full_name()) {
                list.push(script.full_name());
            }
        }
        if scripts.is_empty() {
            shared
        } else {
            scripts
        }
    }

    /// Whether a CJK font is what is missing: some character is in a CJK script
    /// ([`crate::locale::CJK`]).
    pub(crate) fn needs_cjk_font(&self) -> bool {
        use unicode_script::UnicodeScript;
        self.chars.iter().any(|c| is_cjk_script(c.script()))
    }
}
