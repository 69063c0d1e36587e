//! Setting text for layout: styled runs to shaped lines, and shaped lines to frame
//! items at a place, mirrored on right-to-left pages.

use super::flow::FlowLine;
use super::style::{baseline_offset, TextSize};
use super::{FrameItem, LayoutError};
use crate::load::Inline;
use crate::locale::Locale;
use crate::text::{
    set_paragraph, Align, Direction, FontBook, Paint, ParagraphSpec, ShapedLine, SpanStyle, StyledText,
};

/// How to set a piece of text.
#[derive(Clone, Copy)]
pub struct Setting {
    /// Size and leading.
    pub size: TextSize,
    /// Bold throughout.
    pub bold: bool,
    /// Ink.
    pub paint: Paint,
    /// Alignment.
    pub align: Align,
}

/// Sets text for one language and direction, within a measure `width` that right-to-
/// left boxes are mirrored in.
pub struct Setter<'a> {
    /// The fonts.
    pub book: &'a FontBook,
    /// BCP 47 tag.
    pub lang: &'a Locale,
    /// Right-to-left page.
    pub rtl: bool,
    /// Width of the area boxes are placed (and mirrored) in.
    pub width: f32,
}

impl Setter<'_> {
    pub fn dir(&self) -> Direction {
        if self.rtl {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    /// Left edge of a box at logical start offset `x` and width `w` (mirrored for RTL).
    pub fn place_x(&self, x: f32, w: f32) -> f32 {
        if self.rtl {
            self.width - x - w
        } else {
            x
        }
    }

    pub fn set(
        &self,
        inlines: &[Inline],
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        self.set_in(inlines, setting, width, self.dir())
    }

    pub fn set_in(
        &self,
        inlines: &[Inline],
        setting: Setting,
        width: f32,
        dir: Direction,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        self.set_with(inlines, setting, width, dir, true)
    }

    /// Sets plain text with no word hyphenated: for short texts with room to spare,
    /// where hyphens would cost more than they give.
    pub fn set_plain_unhyphenated(
        &self,
        text: &str,
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        self.set_with(&[Inline::plain(text)], setting, width, self.dir(), false)
    }

    fn set_with(
        &self,
        inlines: &[Inline],
        setting: Setting,
        width: f32,
        dir: Direction,
        hyphenate: bool,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        let mut styled = StyledText::default();
        for inline in inlines {
            let text = inline.text.replace('\n', "\u{2028}");
            let span = SpanStyle {
                bold: inline.bold || setting.bold,
                italic: inline.italic,
                size: setting.size.size,
                paint: setting.paint,
            };
            styled.push(&text, span);
        }
        let spec = ParagraphSpec { lang: self.lang.clone(), dir, align: setting.align, width, hyphenate };
        // Whether a justified paragraph was set ragged is the text stage's decision
        // (`SetParagraph::justification`); the lines carry it out.
        Ok(set_paragraph(self.book, &styled, &spec)?.lines)
    }

    pub fn set_plain(
        &self,
        text: &str,
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        self.set(&[Inline::plain(text)], setting, width)
    }

    /// Sets a name or address line in its own direction (a Latin address in an Arabic
    /// pack reads left to right, "1040 Brussels") while keeping it on the page's start side.
    pub fn set_line_auto(
        &self,
        text: &str,
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        let own = first_strong_direction(text).unwrap_or(self.dir());
        let align = match (own == self.dir(), setting.align) {
            (false, Align::Start) => Align::End,
            (false, Align::End) => Align::Start,
            (_, align) => align,
        };
        let inline = Inline::plain(text);
        self.set_in(&[inline], Setting { align, ..setting }, width, own)
    }

    /// Shaped lines as flow lines, their boxes starting at logical offset `x`.
    pub fn flow_lines(&self, lines: Vec<ShapedLine>, size: TextSize, x: f32) -> Vec<FlowLine> {
        lines
            .into_iter()
            .map(|line| {
                let left = self.place_x(x, line.width);
                let baseline = baseline_offset(size);
                let measure = line.width;
                let hyphenated = line.hyphenated;
                let items = line
                    .runs
                    .into_iter()
                    .map(|run| FrameItem::Text { x: left, measure, baseline, run })
                    .collect();
                FlowLine { height: size.leading, items, hyphenated }
            })
            .collect()
    }

    /// Shaped lines as items of a block, the first line box's top at `y`; returns the
    /// items and the height used.
    pub fn block_lines(
        &self,
        lines: Vec<ShapedLine>,
        size: TextSize,
        x: f32,
        y: f32,
    ) -> (Vec<FrameItem>, f32) {
        let mut items = Vec::new();
        let mut height = 0.0;
        for line in self.flow_lines(lines, size, x) {
            items.extend(line.items.into_iter().map(|i| i.translated(0.0, y + height)));
            height += line.height;
        }
        (items, height)
    }
}

/// The direction of the first strongly directional character (rules P2 and P3 of UAX #9).
pub fn first_strong_direction(text: &str) -> Option<Direction> {
    use unicode_bidi::BidiClass::{AL, L, R};
    text.chars().find_map(|c| match unicode_bidi::bidi_class(c) {
        L => Some(Direction::Ltr),
        R | AL => Some(Direction::Rtl),
        _ => None,
    })
}
