//! Flow: stacking lines and blocks into pages, with widow, orphan and keep-with-next
//! control, no page ending on a hyphenated line, and no last box of a section pushed
//! onto a page of its own when squeezing the gaps of the page before makes room.

use super::FrameItem;

/// A line (or an unbreakable block) of the flow, with items relative to its top-left.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FlowLine {
    /// Height it takes.
    pub(crate) height: f32,
    /// Its items.
    pub(crate) items: Vec<FrameItem>,
    /// Ends with an inserted hyphen: a page must not end on it, since the reader would
    /// turn the page in the middle of a word.
    pub(crate) hyphenated: bool,
}

/// A block of the flow: its lines and how they may be split.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unit {
    /// Space above, dropped at the top of a page.
    pub(crate) space_before: f32,
    /// The lines.
    pub(crate) lines: Vec<FlowLine>,
    /// May break between lines (paragraphs), keeping two lines on each side.
    pub(crate) splittable: bool,
    /// Must share a page with the start of the next unit (headings).
    pub(crate) keep_with_next: bool,
    /// Starts a new page.
    pub(crate) page_break_before: bool,
    /// Its page start may be dropped when it and everything up to the next page
    /// start fit on the page before ([`FlowOptions::follow_when_fits`]).
    pub(crate) soft_break: bool,
    /// Starts a section: at a page's foot it needs [`SECTION_START_LINES`] lines of
    /// its section under it (or the whole section).
    pub(crate) heading: bool,
    /// Set larger than the text after it (the story's lead paragraph), so it reads as
    /// display at a page's foot: ending a page while its section goes on overleaf, it
    /// needs [`SECTION_START_LINES`] lines of the section under it, as a heading does.
    pub(crate) lead: bool,
}

impl Unit {
    /// A unit of one unbreakable block.
    pub(crate) fn block(space_before: f32, height: f32, items: Vec<FrameItem>) -> Unit {
        Unit {
            space_before,
            lines: vec![FlowLine { height, items, hyphenated: false }],
            splittable: false,
            keep_with_next: false,
            page_break_before: false,
            soft_break: false,
            heading: false,
            lead: false,
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

/// The most the gaps between blocks of a page may shrink, as a fraction of their
/// height, to keep a section's last box from a page of its own.
const MAX_SQUEEZE: f32 = 0.5;

/// The area text flows in on each page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FlowArea {
    /// Left.
    pub(crate) x: f32,
    /// Top on pages after the first.
    pub(crate) top: f32,
    /// Bottom limit.
    pub(crate) bottom: f32,
}

/// A gap placed on the current page: the index of the first placement below it, and
/// its height.
struct Gap {
    first_item: usize,
    height: f32,
}

/// Where one line of the flow went: its unit, its index in the unit, and its top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placement {
    /// The unit's index.
    pub(crate) unit: usize,
    /// The line's index in the unit.
    pub(crate) line: usize,
    /// The line's top on its page.
    pub(crate) y: f32,
}

/// How the flow may bend the rules it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct FlowOptions {
    /// A [`Unit::soft_break`] page start is dropped when everything up to the next
    /// page start fits whole on the current page.
    pub(crate) follow_when_fits: bool,
}

/// A pagination: each page's placements, and what a typesetter would hold against it
/// ([`PageCost`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    /// Each page's placements, in flow order.
    pub(crate) pages: Vec<Vec<Placement>>,
    /// The cost of its page breaks.
    pub(crate) cost: PageCost,
}

/// What a set of page breaks costs, counted as a typesetter counts: each page (paper
/// and turning), each page before the last left partly blank (quadratically, so one
/// page a third empty costs less than one two-thirds empty, and more below half
/// full), a page under a quarter
/// full or a section heading stranded with fewer than [`SECTION_START_LINES`] of its
/// lines at a page's foot (both as good as forbidden), each paragraph split across
/// pages, and each designed page start dropped because the section fits.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct PageCost {
    /// Pages.
    pub(crate) pages: usize,
    /// Pages before the last filled under a quarter.
    pub(crate) near_empty: usize,
    /// Headings left at a page's foot with fewer than [`SECTION_START_LINES`] lines
    /// of their section, the section going on overleaf.
    pub(crate) stranded: usize,
    /// The sum over pages before the last of the square of their blank fraction.
    pub(crate) blank: f32,
    /// The sum over pages before the last of how far their fill falls short of half
    /// a page: a page more than half empty is what a reader notices.
    pub(crate) under_half: f32,
    /// Paragraphs split across pages.
    pub(crate) splits: usize,
    /// Soft page starts dropped.
    pub(crate) followed: usize,
}

impl PageCost {
    /// The total, in points of badness.
    pub(crate) fn total(&self) -> f32 {
        self.pages as f32 * 15.0
            + (self.near_empty + self.stranded) as f32 * 1000.0
            + self.blank * 40.0
            + self.under_half * 100.0
            + self.splits as f32
            + self.followed as f32
    }

    /// Whether a page is less than half filled or a rule had to give way: worth
    /// trying other layouts for.
    pub(crate) fn has_defects(&self) -> bool {
        self.near_empty + self.stranded > 0 || self.blank > 0.25
    }
}

/// The fewest lines of a section a heading must have under it at a page's foot, when
/// the section goes on overleaf: fewer, and the reader meets a heading that leads
/// nowhere on this page.
pub(crate) const SECTION_START_LINES: usize = 4;

#[cfg(test)]
/// Places units on pages; returns each page's items.
pub(crate) fn paginate(units: &[Unit], area: FlowArea) -> Vec<Vec<FrameItem>> {
    materialize(units, area, &plan(units, area, FlowOptions::default()))
}

/// The items of each page of `plan`, which was made for these `units`.
pub(crate) fn materialize(units: &[Unit], area: FlowArea, plan: &Plan) -> Vec<Vec<FrameItem>> {
    plan.pages
        .iter()
        .map(|page| {
            page.iter()
                .flat_map(|p| {
                    units[p.unit].lines[p.line]
                        .items
                        .iter()
                        .cloned()
                        .map(move |item| item.translated(area.x, p.y))
                })
                .collect()
        })
        .collect()
}

/// Breaks units into pages: greedily, by the rules (widows, orphans, headings kept
/// with their section's first lines, no page ending on a hyphen), and costs the
/// result. Nothing is cloned: a plan holds only where each line goes.
pub(crate) fn plan(units: &[Unit], area: FlowArea, options: FlowOptions) -> Plan {
    let mut pages: Vec<Vec<Placement>> = vec![Vec::new()];
    let mut gaps: Vec<Gap> = Vec::new();
    let mut y = area.top;
    let mut cost = PageCost::default();
    let new_page = |pages: &mut Vec<Vec<Placement>>, gaps: &mut Vec<Gap>, y: &mut f32| {
        pages.push(Vec::new());
        gaps.clear();
        *y = area.top;
    };
    // While a squeezed group is placed: the last unit of the group, and how much of
    // each unit's space before is kept.
    let mut squeezed: Option<(usize, f32)> = None;
    for (index, unit) in units.iter().enumerate() {
        let at_top = |y: f32| y <= area.top;
        if squeezed.is_some_and(|(last, _)| index > last) {
            squeezed = None;
        }
        if unit.page_break_before && !at_top(y) {
            let follows = options.follow_when_fits
                && unit.soft_break
                && y + stretch_height(units, index) <= area.bottom + 0.01;
            if follows {
                cost.followed += 1;
            } else {
                new_page(&mut pages, &mut gaps, &mut y);
            }
        }
        let keep = match squeezed {
            Some((last, keep)) if index <= last => keep,
            _ => 1.0,
        };
        let mut space = if at_top(y) { 0.0 } else { unit.space_before * keep };
        let (need, group_end) = start_need(units, index);
        if y + space + need > area.bottom && !at_top(y) {
            // A section's last group (a label and its box, say) that would move to a
            // page it has to itself: before sending it there, squeeze the gaps of
            // this page, as a compositor would, if that makes room.
            let page = pages.last_mut().expect("there is always a page");
            let alone = units.get(group_end + 1).is_none_or(|next| next.page_break_before);
            let flexible = gaps.iter().map(|g| g.height).sum::<f32>() + group_space(units, index, group_end);
            let over = y + space + need - area.bottom;
            if alone && squeezed.is_none() && flexible > 0.0 && over + 0.02 <= MAX_SQUEEZE * flexible {
                let ratio = (over + 0.02) / flexible;
                y -= squeeze(page, &mut gaps, ratio);
                space *= 1.0 - ratio;
                squeezed = Some((group_end, 1.0 - ratio));
            } else {
                new_page(&mut pages, &mut gaps, &mut y);
                space = 0.0;
            }
        }
        if space > 0.0 {
            let first_item = pages.last().map_or(0, Vec::len);
            gaps.push(Gap { first_item, height: space });
        }
        y += space;
        let mut line = 0;
        while line < unit.lines.len() {
            let rest = &unit.lines[line..];
            let fit = lines_that_fit(rest, area.bottom - y);
            let mut take = lines_to_take(rest.len(), fit, unit.splittable);
            if take > 0 && take < rest.len() {
                take = not_on_a_hyphen(rest, take, at_top(y));
            }
            if take == 0 {
                if !at_top(y) {
                    new_page(&mut pages, &mut gaps, &mut y);
                    continue;
                }
                // Taller than a whole page: place what fits, at least one line.
                take = fit.clamp(1, rest.len());
            }
            let page = pages.last_mut().expect("there is always a page");
            for (i, l) in rest[..take].iter().enumerate() {
                page.push(Placement { unit: index, line: line + i, y });
                y += l.height;
            }
            line += take;
            if line < unit.lines.len() {
                cost.splits += 1;
                new_page(&mut pages, &mut gaps, &mut y);
            }
        }
    }
    // Pages a forced start left empty (none in practice) hold nothing: drop none, but
    // cost them as near-empty like any other.
    cost.pages = pages.len();
    for page in &pages[..pages.len() - 1] {
        let end = page.last().map_or(area.top, |p| p.y + units[p.unit].lines[p.line].height);
        let fill = ((end - area.top) / (area.bottom - area.top)).clamp(0.0, 1.0);
        if fill < 0.25 {
            cost.near_empty += 1;
        }
        cost.blank += (1.0 - fill) * (1.0 - fill);
        cost.under_half += (0.5 - fill).max(0.0);
    }
    cost.stranded = stranded_headings(units, &pages);
    Plan { pages, cost }
}

/// The height of the units from `index` up to the next page start (or the end), all
/// placed on one page.
fn stretch_height(units: &[Unit], index: usize) -> f32 {
    let end =
        units[index + 1..].iter().position(|u| u.page_break_before).map_or(units.len(), |i| index + 1 + i);
    units[index..end]
        .iter()
        .enumerate()
        .map(|(i, u)| if i == 0 { 0.0 } else { u.space_before } + u.lines.iter().map(|l| l.height).sum::<f32>())
        .sum::<f32>()
        + units[index].space_before
}

/// The units of the section a heading at `heading` starts: those after it up to the
/// next heading or page start.
fn section_end(units: &[Unit], heading: usize) -> usize {
    units[heading + 1..]
        .iter()
        .position(|u| u.heading || u.page_break_before)
        .map_or(units.len(), |i| heading + 1 + i)
}

/// Headings (and leads, [`Unit::lead`]) whose page holds fewer than
/// [`SECTION_START_LINES`] lines of their section after them while the section goes
/// on on the next page.
fn stranded_headings(units: &[Unit], pages: &[Vec<Placement>]) -> usize {
    let mut stranded = 0;
    for (page_index, page) in pages.iter().enumerate() {
        let display = |p: &&Placement| units[p.unit].heading || units[p.unit].lead;
        let Some(last_heading) = page.iter().rev().find(display) else { continue };
        let (heading, end) = (last_heading.unit, section_end(units, last_heading.unit));
        let in_section = |p: &&Placement| p.unit > heading && p.unit < end;
        let here = page.iter().filter(in_section).count();
        let overleaf = pages.get(page_index + 1).is_some_and(|next| next.iter().any(|p| in_section(&p)));
        if overleaf && here < SECTION_START_LINES {
            stranded += 1;
        }
    }
    stranded
}

/// The height a page must have left for the unit at `index` to start there, counting
/// the whole chain of units it keeps with (a heading, a subheading under it, then the
/// first lines of a paragraph: a heading must not be left last on a page because the
/// subheading after it moved on), and the index of the chain's last unit.
fn start_need(units: &[Unit], index: usize) -> (f32, usize) {
    let mut need = 0.0;
    let mut last = index;
    loop {
        let unit = &units[last];
        match units.get(last + 1).filter(|next| unit.keep_with_next && !next.page_break_before) {
            // A kept unit goes on this page whole, then the space before the next.
            Some(next) => {
                need += unit.lines.iter().map(|l| l.height).sum::<f32>() + next.space_before;
                last += 1;
            }
            None => {
                if units[index].heading && last > index {
                    need += section_start_height(units, last, section_end(units, index));
                } else {
                    need += unit.min_start_height();
                }
                break;
            }
        }
    }
    (need, last)
}

/// The height of the first [`SECTION_START_LINES`] lines of a section from unit
/// `first` (or of the whole section, up to `end`, when it is shorter), with the gaps
/// between its units; the last unit counted keeps at least its own minimum start, so
/// that the lines asked for are lines the flow can set there.
fn section_start_height(units: &[Unit], first: usize, end: usize) -> f32 {
    let mut need = 0.0;
    let mut lines = 0;
    for (i, unit) in units[first..end.max(first + 1)].iter().enumerate() {
        if i > 0 {
            need += unit.space_before;
        }
        let wanted = SECTION_START_LINES - lines;
        let take =
            if unit.splittable { unit.lines.len().min(wanted.max(MIN_LINES)) } else { unit.lines.len() };
        need += unit.lines[..take].iter().map(|l| l.height).sum::<f32>();
        lines += take;
        if lines >= SECTION_START_LINES {
            break;
        }
    }
    need
}

/// The spaces before the units after `index` up to `last`, which squeezing shrinks
/// too (the space before `index` itself is counted by the caller's gaps).
fn group_space(units: &[Unit], index: usize, last: usize) -> f32 {
    units[index].space_before + units[index + 1..=last].iter().map(|u| u.space_before).sum::<f32>()
}

/// Shrinks every gap on the page by `ratio` of its height, moving the items below each
/// gap up; returns how far the page's last item moved.
fn squeeze(page: &mut [Placement], gaps: &mut [Gap], ratio: f32) -> f32 {
    let mut shift = 0.0;
    let mut next = 0;
    for (i, item) in page.iter_mut().enumerate() {
        while next < gaps.len() && gaps[next].first_item <= i {
            let cut = gaps[next].height * ratio;
            gaps[next].height -= cut;
            shift += cut;
            next += 1;
        }
        item.y -= shift;
    }
    for gap in &mut gaps[next..] {
        shift += gap.height * ratio;
        gap.height -= gap.height * ratio;
    }
    shift
}

/// How many lines to set before a page break when `take` fit: fewer when the last of
/// them ends with an inserted hyphen, so that no word is split across pages. Lines move
/// to the next page (keeping [`MIN_LINES`] at the foot), or, when too few would stay,
/// the whole rest does; only a page that holds nothing else keeps a hyphen at its foot.
fn not_on_a_hyphen(lines: &[FlowLine], take: usize, at_top: bool) -> usize {
    let mut keep = take;
    while keep > 0 && lines[keep - 1].hyphenated {
        keep -= 1;
    }
    if keep == take || keep >= MIN_LINES {
        keep
    } else if at_top {
        take
    } else {
        0
    }
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
            lines: (0..lines)
                .map(|_| FlowLine { height: 10.0, items: vec![marker(id)], hyphenated: false })
                .collect(),
            splittable: true,
            keep_with_next: false,
            page_break_before: false,
            soft_break: false,
            heading: false,
            lead: false,
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
    fn no_page_ends_on_an_inserted_hyphen() {
        // Five lines fit; the fifth ends with a hyphen, so it goes over with the rest.
        let mut para = paragraph(1, 8);
        para.lines[4].hyphenated = true;
        let pages = paginate(&[para.clone()], AREA);
        assert_eq!(ids(&pages), vec![vec![1; 4], vec![1; 4]]);
        // Two hyphens in a row: back to three lines.
        para.lines[3].hyphenated = true;
        assert_eq!(ids(&paginate(&[para], AREA)), vec![vec![1; 3], vec![1; 5]]);
    }

    #[test]
    fn a_paragraph_moves_whole_rather_than_end_a_page_on_a_hyphen_or_an_orphan() {
        // Two lines fit after the first paragraph; the second of them is hyphenated,
        // and one line alone would be an orphan.
        let mut para = paragraph(2, 4);
        para.lines[1].hyphenated = true;
        let pages = paginate(&[paragraph(1, 3), para], AREA);
        assert_eq!(ids(&pages), vec![vec![1; 3], vec![2; 4]]);
    }

    #[test]
    fn a_heading_is_not_left_last_by_the_subheading_after_it() {
        // Heading and subheading fit under the first paragraph; the paragraph's first
        // two lines do not. All three go over together.
        let mut heading = paragraph(9, 1);
        heading.keep_with_next = true;
        heading.splittable = false;
        let mut sub = paragraph(8, 1);
        sub.keep_with_next = true;
        sub.splittable = false;
        let pages = paginate(&[paragraph(1, 2), heading, sub, paragraph(2, 3)], AREA);
        assert_eq!(ids(&pages), vec![vec![1, 1], vec![9, 8, 2, 2, 2]]);
    }

    #[test]
    fn a_sections_last_box_squeezes_onto_the_page_before() {
        // Three spaced paragraphs, then a label and a box, then a page break: the box
        // is 4 pt too tall for the room left, which the 5 pt gaps can give.
        let spaced = |id| Unit { space_before: 5.0, ..paragraph(id, 1) };
        let mut label = spaced(7);
        label.keep_with_next = true;
        let boxed = Unit::block(5.0, 14.0, vec![marker(6)]);
        let mut next = paragraph(5, 1);
        next.page_break_before = true;
        let area = FlowArea { x: 0.0, top: 0.0, bottom: 70.0 };
        let units = [paragraph(1, 1), spaced(2), spaced(3), label.clone(), boxed.clone(), next.clone()];
        let pages = paginate(&units, area);
        assert_eq!(ids(&pages), vec![vec![1, 2, 3, 7, 6], vec![5]]);
        let bottom = pages[0].iter().map(|i| match i {
            FrameItem::Rect { y, .. } => *y,
            _ => 0.0,
        });
        // The box's top is where its 14 pt still end inside the area.
        assert!(bottom.fold(0.0, f32::max) + 14.0 <= 70.0 + 0.01);
        // Without the page break after it, the box is not alone on the next page:
        // no squeezing.
        let units = [paragraph(1, 1), spaced(2), spaced(3), label, boxed, paragraph(5, 1)];
        assert_eq!(ids(&paginate(&units, area)), vec![vec![1, 2, 3], vec![7, 6, 5]]);
    }

    #[test]
    fn a_heading_takes_four_lines_of_its_section_or_moves_over() {
        // Heading and the first two lines of a 6-line paragraph fit under 1 line of
        // text: the rules alone left the heading with two lines at the foot.
        let mut heading = paragraph(9, 1);
        heading.keep_with_next = true;
        heading.splittable = false;
        heading.heading = true;
        let units = [paragraph(1, 1), heading.clone(), paragraph(2, 6)];
        let plan = plan(&units, AREA, FlowOptions::default());
        assert_eq!(plan.cost.stranded, 0);
        assert_eq!(ids(&materialize(&units, AREA, &plan)), vec![vec![1], vec![9, 2, 2, 2, 2], vec![2, 2]]);
        // A section shorter than four lines stays whole under its heading.
        let units = [paragraph(1, 1), heading, paragraph(2, 3)];
        assert_eq!(ids(&paginate(&units, AREA)), vec![vec![1, 9, 2, 2, 2]]);
    }

    #[test]
    fn a_lead_ending_a_page_while_its_section_goes_on_costs_as_a_stranded_heading() {
        // The lead fills page 1; the section's last line goes overleaf. Read back, the
        // lead's larger lines at the foot look like a heading left there.
        let mut lead = paragraph(1, 5);
        lead.lead = true;
        let units = [lead.clone(), paragraph(2, 1)];
        let plan_of = |units: &[Unit]| plan(units, AREA, FlowOptions::default());
        assert_eq!(ids(&materialize(&units, AREA, &plan_of(&units))), vec![vec![1; 5], vec![2]]);
        assert_eq!(plan_of(&units).cost.stranded, 1);
        // Plain body text there is no fault, nor a lead whose section ends on its page.
        assert_eq!(plan_of(&[paragraph(1, 5), paragraph(2, 1)]).cost.stranded, 0);
        lead.lines.pop();
        assert_eq!(plan_of(&[lead, paragraph(2, 1)]).cost.stranded, 0);
    }

    #[test]
    fn a_soft_page_start_gives_way_when_the_section_fits() {
        let mut second = paragraph(2, 2);
        second.page_break_before = true;
        second.soft_break = true;
        let units = [paragraph(1, 2), second.clone()];
        let follow = FlowOptions { follow_when_fits: true };
        let followed = plan(&units, AREA, follow);
        assert_eq!(ids(&materialize(&units, AREA, &followed)), vec![vec![1, 1, 2, 2]]);
        assert_eq!(followed.cost.followed, 1);
        // The designed break is cheaper than a page half empty.
        assert!(followed.cost.total() < plan(&units, AREA, FlowOptions::default()).cost.total());
        // Too long to fit whole: it starts its page as designed.
        let long = Unit { lines: paragraph(2, 4).lines, ..second };
        assert_eq!(ids(&paginate(&[paragraph(1, 2), long.clone()], AREA)), vec![vec![1, 1], vec![2; 4]]);
        let units = [paragraph(1, 2), long];
        assert_eq!(
            ids(&materialize(&units, AREA, &plan(&units, AREA, follow))),
            vec![vec![1, 1], vec![2; 4]]
        );
    }

    #[test]
    fn a_page_under_a_quarter_full_is_costed() {
        let mut second = paragraph(2, 5);
        second.page_break_before = true;
        let cost = plan(&[paragraph(1, 1), second], AREA, FlowOptions::default()).cost;
        assert_eq!((cost.pages, cost.near_empty), (2, 1));
    }

    #[test]
    fn page_break_before_starts_a_page() {
        let mut second = paragraph(2, 1);
        second.page_break_before = true;
        let pages = paginate(&[paragraph(1, 1), second], AREA);
        assert_eq!(ids(&pages), vec![vec![1], vec![2]]);
    }
}
