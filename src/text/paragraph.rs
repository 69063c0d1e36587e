//! Setting one paragraph: the steps in order (collect, break, set each line), and the
//! decision to set a justified paragraph ragged when its spaces would grow too wide.

use super::{
    collect, knuth_plass, line, linebreak, Align, Justification, MissingGlyphs, ParagraphSpec, SetParagraph,
    ShapedLine, StyledText, WhyRagged, MAX_SPACE_GROWTH, MIN_SPACES_FOR_EVENNESS,
};
use crate::fonts::FontBook;

/// Sets a paragraph: shaping, bidi, line breaking (total-fit), hyphenation and
/// justification. A justified paragraph whose spaces would grow past
/// [`MAX_SPACE_GROWTH`] is set ragged instead, and says so. Fails only when a
/// character has no font.
pub(crate) fn set_paragraph(
    book: &FontBook,
    text: &StyledText,
    spec: &ParagraphSpec,
) -> Result<SetParagraph, MissingGlyphs> {
    if text.text.is_empty() {
        return Ok(SetParagraph { lines: Vec::new(), justification: Justification::NotAsked });
    }
    let prepared = collect::prepare(book, text, spec)?;
    if spec.align == Align::Justify && linebreak::writes_words_without_spaces(&spec.lang) {
        let ragged = ParagraphSpec { align: Align::Start, ..spec.clone() };
        let lines = break_and_set(book, &prepared, &ragged);
        let justification =
            Justification::Ragged { reason: WhyRagged::WordsWithoutSpaces, space_growth: 1.0 };
        return Ok(SetParagraph { lines, justification });
    }
    let lines = break_and_set(book, &prepared, spec);
    if spec.align != Align::Justify {
        return Ok(SetParagraph { lines, justification: Justification::NotAsked });
    }
    let space_growth = lines
        .iter()
        .filter(|line| line.spaces >= MIN_SPACES_FOR_EVENNESS)
        .map(|line| line.space_growth)
        .fold(1.0, f32::max);
    if space_growth <= MAX_SPACE_GROWTH {
        return Ok(SetParagraph { lines, justification: Justification::Justified });
    }
    let reason = if spec.hyphenate && linebreak::hyphenation_lang(&spec.lang).is_some() {
        WhyRagged::NarrowMeasure
    } else {
        WhyRagged::NoHyphenation
    };
    let ragged = ParagraphSpec { align: Align::Start, ..spec.clone() };
    let lines = break_and_set(book, &prepared, &ragged);
    Ok(SetParagraph { lines, justification: Justification::Ragged { reason, space_growth } })
}

/// Breaks prepared text into lines and sets them, as `spec` asks.
fn break_and_set(book: &FontBook, prepared: &collect::Prepared, spec: &ParagraphSpec) -> Vec<ShapedLine> {
    let items = linebreak::build_items(book, prepared, spec);
    let breaks = knuth_plass::break_lines(&items.items, |_| spec.width);
    line::build_lines(book, prepared, &items, &breaks, spec)
}
