//! Typographic numbers of the appeal pack: sizes, leading, margins, spacing.
//!
//! Text in a face small on the body is set larger and looser than Latin: Naskh's
//! letters are small on the body and its marks reach far above and below, so equal
//! point sizes look unequal. Which text that is, is one rule of the fonts stage
//! ([`crate::fonts::small_on_body`]); the sizes are this file's.

use super::MM;
use crate::compose::ParaRole;

/// Size and leading of one kind of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextSize {
    /// Font size, points.
    pub(crate) size: f32,
    /// Baseline-to-baseline distance, points.
    pub(crate) leading: f32,
}

/// The pack's measurements at one scale of type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PackStyle {
    /// Running text.
    pub(crate) body: TextSize,
    /// First paragraph of the story.
    pub(crate) lead: TextSize,
    /// The person's letter.
    pub(crate) quote: TextSize,
    /// Section headings.
    pub(crate) heading: TextSize,
    /// The cover title.
    pub(crate) title: TextSize,
    /// Kicker, labels.
    pub(crate) label: TextSize,
    /// Captions, footers.
    pub(crate) small: TextSize,
    /// Space between paragraphs.
    pub(crate) paragraph_gap: f32,
    /// Space above a heading.
    pub(crate) heading_gap: f32,
    /// Indent of quotes and list items.
    pub(crate) indent: f32,
    /// Side margins.
    pub(crate) margin_x: f32,
    /// Top margin.
    pub(crate) margin_top: f32,
    /// Bottom margin (the footer sits inside it).
    pub(crate) margin_bottom: f32,
}

/// The style of a pack, `larger` for text whose face is small on the body (Arabic
/// script in Naskh: [`crate::fonts::small_on_body`]).
pub(crate) fn pack_style(larger: bool) -> PackStyle {
    let scale = if larger { 1.18 } else { 1.0 };
    let loose = if larger { 1.12 } else { 1.0 };
    let ts = |size: f32, leading: f32| TextSize { size: size * scale, leading: leading * scale * loose };
    PackStyle {
        body: ts(10.0, 14.6),
        lead: ts(11.5, 16.4),
        quote: ts(10.5, 15.2),
        heading: ts(15.0, 19.0),
        title: ts(30.0, 34.0),
        label: ts(8.5, 12.0),
        small: ts(7.5, 10.0),
        paragraph_gap: 6.0,
        heading_gap: 16.0,
        indent: 16.0,
        // A measure of about 80 characters of body text on A4.
        margin_x: 25.0 * MM,
        margin_top: 18.0 * MM,
        margin_bottom: 20.0 * MM,
    }
}

impl PackStyle {
    /// The style with every leading multiplied by `scale` (see
    /// [`crate::fonts::FontBook::leading_scale`]: Urdu set in Nastaliq).
    pub(crate) fn loosened(self, scale: f32) -> PackStyle {
        let loosen = |t: TextSize| TextSize { leading: t.leading * scale, ..t };
        PackStyle {
            body: loosen(self.body),
            lead: loosen(self.lead),
            quote: loosen(self.quote),
            heading: loosen(self.heading),
            title: loosen(self.title),
            label: loosen(self.label),
            small: loosen(self.small),
            ..self
        }
    }

    /// The text size of a paragraph role.
    pub(crate) fn for_role(&self, role: ParaRole) -> TextSize {
        match role {
            ParaRole::Body | ParaRole::Letter => self.body,
            ParaRole::Lead => self.lead,
            ParaRole::Quote => self.quote,
        }
    }
}

/// Distance from a line box's top to its baseline.
pub(crate) fn baseline_offset(size: TextSize) -> f32 {
    (size.leading - size.size) / 2.0 + size.size * 0.8
}
