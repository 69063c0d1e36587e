//! Collect: itemize a paragraph into runs of one style, one bidi level and one face.

use std::ops::Range;

use unicode_bidi::{BidiInfo, Level};

use super::{Direction, MissingGlyphs, ParagraphSpec, SpanStyle, StyledText};
use crate::fonts::{is_invisible, FaceId, FontBook};

/// A maximal run of text shaped as one unit.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Bytes of the paragraph text.
    pub(crate) range: Range<usize>,
    /// The face chosen for it.
    pub(crate) face: FaceId,
    /// Its style.
    pub(crate) style: SpanStyle,
    /// Its bidi embedding level.
    pub(crate) level: Level,
}

/// A paragraph ready to break: its text, bidi analysis and items.
pub(crate) struct Prepared<'a> {
    /// The text.
    pub(crate) text: &'a str,
    /// Bidi levels and paragraph info.
    pub(crate) bidi: BidiInfo<'a>,
    /// Items in logical order, covering `text`.
    pub(crate) items: Vec<Item>,
}

impl Prepared<'_> {
    /// Indices of the items overlapping `range`, in logical order.
    pub(crate) fn items_in(&self, range: Range<usize>) -> impl Iterator<Item = (&Item, Range<usize>)> + '_ {
        let first = self.items.partition_point(|i| i.range.end <= range.start);
        self.items[first..]
            .iter()
            .take_while(move |i| i.range.start < range.end)
            .map(move |i| (i, i.range.start.max(range.start)..i.range.end.min(range.end)))
            .filter(|(_, r)| !r.is_empty())
    }

    /// The item holding byte `index`.
    pub(crate) fn item_at(&self, index: usize) -> &Item {
        let i = self.items.partition_point(|i| i.range.end <= index).min(self.items.len() - 1);
        &self.items[i]
    }
}

/// Runs the bidi algorithm and splits the text where style, level or face changes.
pub(crate) fn prepare<'a>(
    book: &FontBook,
    styled: &'a StyledText,
    spec: &ParagraphSpec,
) -> Result<Prepared<'a>, MissingGlyphs> {
    let text = styled.text.as_str();
    let base = match spec.dir {
        Direction::Ltr => Level::ltr(),
        Direction::Rtl => Level::rtl(),
    };
    let bidi = BidiInfo::new(text, Some(base));
    let mut items: Vec<Item> = Vec::new();
    let mut missing = Vec::new();
    for (range, style) in &styled.spans {
        let mut context: Option<FaceId> = items.last().map(|i| i.face);
        for (offset, c) in text[range.clone()].char_indices() {
            let at = range.start + offset;
            let face = match book.face_for(c, style.font_style(), context, &spec.lang) {
                Some(face) => face,
                None if is_invisible(c) => context.unwrap_or(FaceId(0)),
                None => {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                    FaceId(0)
                }
            };
            context = Some(face);
            let level = bidi.levels[at];
            let end = at + c.len_utf8();
            match items.last_mut() {
                Some(last)
                    if last.range.end == at
                        && last.face == face
                        && last.level == level
                        && last.style == *style =>
                {
                    last.range.end = end;
                }
                _ => items.push(Item { range: at..end, face, style: *style, level }),
            }
        }
    }
    if !missing.is_empty() {
        return Err(MissingGlyphs { chars: missing });
    }
    Ok(Prepared { text, bidi, items })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::test_fonts;
    use crate::locale::locale;
    use crate::text::{Align, Paint};

    fn style() -> SpanStyle {
        SpanStyle { bold: false, italic: false, size: 10.0, paint: Paint::Ink, link: None }
    }

    fn spec(dir: Direction) -> ParagraphSpec {
        ParagraphSpec {
            lang: locale("ar"),
            dir,
            align: Align::Justify,
            width: 200.0,
            hyphenate: false,
            keep_whole: Vec::new(),
        }
    }

    #[test]
    fn arabic_with_latin_name_splits_by_level_and_face() {
        let mut text = StyledText::default();
        text.push("قال علي (Ali Aarrass) في 2010", style());
        let prepared = prepare(test_fonts(), &text, &spec(Direction::Rtl)).unwrap();
        let latin = prepared.items.iter().find(|i| text.text[i.range.clone()].contains("Ali")).unwrap();
        assert!(latin.level.is_ltr());
        assert!(prepared
            .items
            .iter()
            .any(|i| i.level.is_rtl() && text.text[i.range.clone()].contains("علي")));
        assert_ne!(latin.face, prepared.item_at(0).face);
    }

    #[test]
    fn uncovered_characters_are_reported_once_each() {
        let mut text = StyledText::default();
        text.push("a 中 b 中 ☃", style());
        let missing = prepare(test_fonts(), &text, &spec(Direction::Ltr)).err().unwrap();
        assert_eq!(missing.chars, vec!['中', '☃']);
    }
}
