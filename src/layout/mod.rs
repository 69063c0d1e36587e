//! Layout stage: a composed [`Document`](crate::compose::Document) to pages of
//! positioned items ([`PagedDocument`]).
//!
//! Like typst's `Frame`, a [`Page`] is a flat list of [`FrameItem`]s with absolute
//! positions; every backend reads only that. Coordinates are PDF points from the
//! page's top-left corner, y growing downwards.

pub mod flow;
pub mod pack;
pub mod photo;
pub mod style;

use std::sync::Arc;

use crate::load::Photo;
use crate::text::{GlyphRun, MissingGlyphs, Paint};
pub use pack::layout_pack;

/// Part of a source photo, in pixels: x, y, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CropRect {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// One positioned thing on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameItem {
    /// A run of glyphs; glyph x positions are added to `x`, `baseline` is the baseline's y.
    Text {
        /// Left of the run's line box.
        x: f32,
        /// Baseline.
        baseline: f32,
        /// The glyphs.
        run: GlyphRun,
    },
    /// A filled rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Fill.
        paint: Paint,
    },
    /// A straight line.
    Rule {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width in points.
        thickness: f32,
        /// Ink.
        paint: Paint,
    },
    /// The case photo, cropped, filling its frame.
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Which pixels of the photo fill the frame.
        crop: CropRect,
    },
}

impl FrameItem {
    /// The item moved by (dx, dy).
    pub fn translated(mut self, dx: f32, dy: f32) -> FrameItem {
        match &mut self {
            FrameItem::Text { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            FrameItem::Rect { x, y, .. } | FrameItem::Image { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            FrameItem::Rule { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }
}

/// A page: its size and items.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Items, in painting order.
    pub items: Vec<FrameItem>,
}

/// The finished layout of one product.
#[derive(Debug, Clone)]
pub struct PagedDocument {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Metadata title.
    pub title: String,
    /// Metadata author (the person the pack is about).
    pub subject: String,
    /// BCP 47 tag.
    pub lang: String,
    /// The photo the `Image` items crop from.
    pub photo: Option<Arc<Photo>>,
}

/// Why a layout failed.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutError {
    /// Text with characters no font has.
    MissingGlyphs(MissingGlyphs),
}

impl From<MissingGlyphs> for LayoutError {
    fn from(m: MissingGlyphs) -> Self {
        LayoutError::MissingGlyphs(m)
    }
}

/// A text dump of a page for snapshot tests: one line per text run, rules and images.
pub fn describe_page(page: &Page) -> String {
    let mut out = String::new();
    for item in &page.items {
        let line = match item {
            FrameItem::Text { x, baseline, run } => {
                let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
                format!(
                    "text {:.1},{:.1} {:.1}pt {:?} {}",
                    x + run.glyphs.first().map_or(0.0, |g| g.x),
                    baseline,
                    run.size,
                    run.paint,
                    text
                )
            }
            FrameItem::Rect {
                x,
                y,
                width,
                height,
                paint,
            } => format!("rect {x:.1},{y:.1} {width:.1}x{height:.1} {paint:?}"),
            FrameItem::Rule {
                x1,
                y1,
                x2,
                y2,
                thickness,
                ..
            } => format!("rule {x1:.1},{y1:.1} -> {x2:.1},{y2:.1} {thickness}pt"),
            FrameItem::Image {
                x,
                y,
                width,
                height,
                crop,
            } => {
                format!(
                    "image {x:.1},{y:.1} {width:.1}x{height:.1} crop {},{} {}x{}",
                    crop.x, crop.y, crop.width, crop.height
                )
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}
