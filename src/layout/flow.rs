//! Flow: stacking lines and blocks into pages, with widow, orphan and keep-with-next
//! control.

use super::FrameItem;

/// A line (or an unbreakable block) of the flow, with items relative to its top-left.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLine {
    /// Height it takes.
    pub height: f32,
    /// Its items.
    pub items: Vec<FrameItem>,
}

/// A block of the flow: its lines and how they may be split.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// The lines.
    pub lines: Vec<FlowLine>,
    /// May break between lines (paragraphs), keeping two lines on each side.
    pub splittable: bool,
    /// Must share a page with the start of the next unit (headings).
    pub keep_with_next: bool,
    /// Starts a new page.
    pub page_break_before: bool,
}

impl Unit {
    /// A unit of one unbreakable block.
    pub fn block(space_before: f32, height: f32, items: Vec<FrameItem>) -> Unit {
        Unit {
            space_before,
            lines: vec![FlowLine { height, items }],
            splittable: false,
            keep_with_next: false,
            page_break_before: false,
        }
    }

    /// The height of the first lines a page must hold for this unit to start there.
    fn min_start_height(&self) -> f32 {
        let take = if self.splittable { self.lines.len().min(MIN_LINES) } else { self.lines.len() };
        self.lines[..take].iter().map(|l| l.height).sum()
    }
}

/// Fewest lines of a paragraph left alone at a page's foot (orphans) or head (widows).
const MIN_LINES: usize = 2;

/// The area text flows in on each page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowArea {
    /// Left.
    pub x: f32,
    /// Top on pages after the first.
    pub top: f32,
    /// Bottom limit.
    pub bottom: f32,
}

/// Places units on pages; returns each page's items.
pub fn paginate(units: &[Unit], area: FlowArea) -> Vec<Vec<FrameItem>> {
    let mut pages: Vec<Vec<FrameItem>> = vec![Vec::new()];
    let mut y = area.top;
    let new_page = |pages: &mut Vec<Vec<FrameItem>>, y: &mut f32| {
        pages.push(Vec::new());
        *y = area.top;
    };
    for (index, unit) in units.iter().enumerate() {
        let at_top = |y: f32| y <= area.top;
        if unit.page_break_before && !at_top(y) {
            new_page(&mut pages, &mut y);
        }
        let mut space = if at_top(y) { 0.0 } else { unit.space_before };
        let mut need = space + unit.min_start_height();
        if unit.keep_with_next {
            if let Some(next) = units.get(index + 1) {
                need += next.space_before + next.min_start_height();
            }
        }
        if y + need > area.bottom && !at_top(y) {
            new_page(&mut pages, &mut y);
            space = 0.0;
        }
        y += space;
        let mut rest: &[FlowLine] = &unit.lines;
        while !rest.is_empty() {
            let fit = lines_that_fit(rest, area.bottom - y);
            let mut take = lines_to_take(rest.len(), fit, unit.splittable);
            if take == 0 {
                if !at_top(y) {
                    new_page(&mut pages, &mut y);
                    continue;
                }
                // Taller than a whole page: place what fits, at least one line.
                take = fit.clamp(1, rest.len());
            }
            for line in &rest[..take] {
                let page = pages.last_mut().expect("there is always a page");
                page.extend(line.items.iter().cloned().map(|item| item.translated(area.x, y)));
                y += line.height;
            }
            rest = &rest[take..];
            if !rest.is_empty() {
                new_page(&mut pages, &mut y);
            }
        }
    }
    pages
}

/// How many of `total` lines to set here when `fit` fit: all, none, or a split that
/// leaves at least [`MIN_LINES`] on both sides.
fn lines_to_take(total: usize, fit: usize, splittable: bool) -> usize {
    if fit >= total {
        total
    } else if !splittable || fit < MIN_LINES {
        0
    } else if total - fit < MIN_LINES {
        let take = total - MIN_LINES;
        if take < MIN_LINES {
            0
        } else {
            take.min(fit)
        }
    } else {
        fit
    }
}

fn lines_that_fit(lines: &[FlowLine], room: f32) -> usize {
    let mut used = 0.0;
    lines
        .iter()
        .take_while(|l| {
            used += l.height;
            used <= room + 0.01
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Paint;

    fn marker(id: usize) -> FrameItem {
        FrameItem::Rect { x: 0.0, y: 0.0, width: id as f32, height: 1.0, paint: Paint::Ink }
    }

    fn paragraph(id: usize, lines: usize) -> Unit {
        Unit {
            space_before: 0.0,
            lines: (0..lines).map(|_| FlowLine { height: 10.0, items: vec![marker(id)] }).collect(),
            splittable: true,
            keep_with_next: false,
            page_break_before: false,
        }
    }

    fn ids(pages: &[Vec<FrameItem>]) -> Vec<Vec<usize>> {
        pages
            .iter()
            .map(|p| {
                p.iter()
                    .map(|i| match i {
                        FrameItem::Rect { width, .. } => *width as usize,
                        _ => 0,
                    })
                    .collect()
            })
            .collect()
    }

    const AREA: FlowArea = FlowArea { x: 0.0, top: 0.0, bottom: 50.0 };

    #[test]
    fn no_orphan_at_the_foot() {
        // Four lines fill the page; a new 3-line paragraph would leave one line (an orphan).
        let pages = paginate(&[paragraph(1, 4), paragraph(2, 3)], AREA);
        assert_eq!(ids(&pages), vec![vec![1, 1, 1, 1], vec![2, 2, 2]]);
    }

    #[test]
    fn no_widow_at_the_head() {
        // Six lines on a five-line page would leave one line alone: move two over.
        let pages = paginate(&[paragraph(1, 6)], AREA);
        assert_eq!(ids(&pages), vec![vec![1; 4], vec![1; 2]]);
    }

    #[test]
    fn heading_keeps_with_its_text() {
        let mut heading = paragraph(9, 1);
        heading.keep_with_next = true;
        let pages = paginate(&[paragraph(1, 3), heading, paragraph(2, 4)], AREA);
        assert_eq!(ids(&pages), vec![vec![1, 1, 1], vec![9, 2, 2, 2, 2]]);
    }

    #[test]
    fn page_break_before_starts_a_page() {
        let mut second = paragraph(2, 1);
        second.page_break_before = true;
        let pages = paginate(&[paragraph(1, 1), second], AREA);
        assert_eq!(ids(&pages), vec![vec![1], vec![2]]);
    }
}
