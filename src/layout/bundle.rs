//! An event's bundle: several laid-out documents bound into one print file, each
//! starting on a right-hand page, so that a copy shop printing it double-sided gives
//! every part its own sheets (the postcard sheet's fronts and backs on one sheet, the
//! petition never on the back of the pack).

use super::{Page, PagedDocument};

/// Binds `parts` in the order given: each part's pages, then a blank page when the
/// part ends on a right-hand page and another part follows. The metadata are the first
/// part's (its title, author and language), with `subject`; each part's structure
/// stays as it was, so the bound file reads part after part.
pub(crate) fn bind(parts: Vec<PagedDocument>, subject: &str) -> PagedDocument {
    let mut parts = parts.into_iter();
    let first = parts.next().expect("a bundle has the pack at least");
    let mut bound = PagedDocument { subject: subject.to_string(), ..first };
    for part in parts {
        if bound.pages.len() % 2 == 1 {
            let last = bound.pages.last().expect("a part has a page");
            bound.pages.push(Page::plain(last.width, last.height, Vec::new()));
        }
        bound.photo = bound.photo.or(part.photo);
        bound.pages.extend(part.pages);
    }
    bound
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::FrameItem;
    use crate::locale::Locale;

    fn doc(pages: usize, mark: f32) -> PagedDocument {
        let rect =
            FrameItem::Rect { x: mark, y: 0.0, width: 1.0, height: 1.0, paint: crate::text::Paint::Ink };
        PagedDocument {
            pages: (0..pages).map(|_| Page::plain(100.0, 200.0, vec![rect.clone()])).collect(),
            title: format!("part {mark}"),
            author: None,
            subject: "part".to_string(),
            lang: Locale::parse("en").unwrap(),
            photo: None,
        }
    }

    #[test]
    fn every_part_starts_on_a_right_hand_page() {
        let bound = bind(vec![doc(3, 1.0), doc(1, 2.0), doc(2, 3.0)], "Event bundle");
        let marks: Vec<Option<f32>> = bound
            .pages
            .iter()
            .map(|page| match page.items.first() {
                Some(FrameItem::Rect { x, .. }) => Some(*x),
                _ => None,
            })
            .collect();
        // 3 pages, a blank verso; 1 page, a blank verso; 2 pages.
        assert_eq!(marks, [Some(1.0), Some(1.0), Some(1.0), None, Some(2.0), None, Some(3.0), Some(3.0)]);
        assert_eq!(bound.title, "part 1");
        assert_eq!(bound.subject, "Event bundle");
        assert!(bound.pages.iter().all(|p| p.width == 100.0 && p.height == 200.0));
    }
}
