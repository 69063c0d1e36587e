//! Press geometry: bleed, the slug around it, and crop marks.
//!
//! Pages are laid out in trim coordinates; [`to_press`] places them on a larger
//! MediaBox with the trim centred, records TrimBox and BleedBox, and draws crop marks
//! in the slug, clear of the bleed.

use std::sync::Arc;

use super::{BoxRect, FrameItem, Group, Page, MM};
use crate::text::Paint;

/// Bleed on every side of the trim, in millimetres: what a print shop asks for, and
/// what preflight and the download page say.
pub(crate) const BLEED_MM: f32 = 3.0;
/// Bleed on every side of the trim, in points.
pub(crate) const BLEED: f32 = BLEED_MM * MM;
/// Distance from the trim to where a crop mark starts: 2 mm clear of the bleed.
const MARK_OFFSET: f32 = 5.0 * MM;
/// Length of a crop mark.
const MARK_LENGTH: f32 = 5.0 * MM;
/// Media margin around the trim: room for the marks and a little air.
pub(crate) const SLUG: f32 = MARK_OFFSET + MARK_LENGTH + 2.0 * MM;
/// Crop marks are hairlines, at the 0.25 pt minimum a press holds.
pub(crate) const MARK_WEIGHT: f32 = 0.25;

/// A page laid out at trim size, placed for press: its items a group at the trim's
/// corner, media grown by the slug, trim and bleed boxes set, crop marks added. Link
/// areas are dropped: PDF/X allows no annotation in the trim or the bleed, and paper
/// has nothing to click.
pub(crate) fn to_press(page: Page) -> Page {
    let trim = BoxRect { x: SLUG, y: SLUG, width: page.width, height: page.height };
    let items = page.items.into_iter().filter(|item| !matches!(item, FrameItem::Link { .. })).collect();
    let art = Arc::new(Group { width: page.width, height: page.height, items });
    let mut items = vec![art.placed(SLUG, SLUG)];
    items.extend(crop_marks(trim));
    Page {
        width: page.width + 2.0 * SLUG,
        height: page.height + 2.0 * SLUG,
        items,
        trim: Some(trim),
        bleed: Some(trim.grown(BLEED)),
    }
}

fn rule(x1: f32, y1: f32, x2: f32, y2: f32) -> FrameItem {
    FrameItem::Rule { x1, y1, x2, y2, thickness: MARK_WEIGHT, paint: Paint::Registration }
}

/// Eight crop marks, two per corner, on the lines of the trim, outside the bleed.
pub(crate) fn crop_marks(trim: BoxRect) -> Vec<FrameItem> {
    let (left, top) = (trim.x, trim.y);
    let (right, bottom) = (trim.x + trim.width, trim.y + trim.height);
    let (near, far) = (MARK_OFFSET, MARK_OFFSET + MARK_LENGTH);
    vec![
        rule(left - far, top, left - near, top),
        rule(left, top - far, left, top - near),
        rule(right + near, top, right + far, top),
        rule(right, top - far, right, top - near),
        rule(left - far, bottom, left - near, bottom),
        rule(left, bottom + near, left, bottom + far),
        rule(right + near, bottom, right + far, bottom),
        rule(right, bottom + near, right, bottom + far),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn press_page_boxes_and_marks() {
        let a4 = Page::plain(595.2756, 841.8898, Vec::new());
        let press = to_press(a4);
        let trim = press.trim.unwrap();
        let bleed = press.bleed.unwrap();
        assert_eq!((trim.width, trim.height), (595.2756, 841.8898));
        assert!((bleed.x - (trim.x - 3.0 * MM)).abs() < 1e-4);
        assert!((bleed.width - (trim.width + 6.0 * MM)).abs() < 1e-3);
        assert!((press.width - (trim.width + 24.0 * MM)).abs() < 1e-3);
        // No mark reaches into the bleed.
        // The trim's content, then the marks.
        assert!(
            matches!(&press.items[0], FrameItem::Group { x: SLUG, y: SLUG, group } if group.items.is_empty())
        );
        for item in &press.items[1..] {
            let FrameItem::Rule { x1, y1, x2, y2, thickness, paint } = *item else { panic!() };
            assert_eq!((thickness, paint), (0.25, Paint::Registration));
            for (x, y) in [(x1, y1), (x2, y2)] {
                let inside_bleed =
                    x > bleed.x && x < bleed.x + bleed.width && y > bleed.y && y < bleed.y + bleed.height;
                assert!(!inside_bleed, "mark point {x},{y} is inside the bleed");
            }
        }
        assert_eq!(press.items.len(), 9);
    }
}
