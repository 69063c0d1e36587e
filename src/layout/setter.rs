//! Setting text for layout: styled runs to shaped lines, and shaped lines to frame
//! items at a place, mirrored on right-to-left pages.

use std::cell::RefCell;
use std::sync::Arc;

use super::flow::FlowLine;
use super::style::{baseline_offset, TextSize};
use super::{FrameItem, LayoutError, LinkTarget, StructElem, Tag};
use crate::fonts::FontBook;
use crate::load::Inline;
use crate::locale::Locale;
use crate::text::{
    set_paragraph, Align, Direction, GlyphRun, Paint, ParagraphSpec, ShapedLine, SpanStyle, StyledText,
};

/// How many times [`Setter::set_display`] halves the range of measures it balances
/// over: the last is within a 128th of the measure, under 4 pt on a page.
const BALANCE_STEPS: usize = 7;

/// How to set a piece of text.
#[derive(Clone, Copy)]
pub(crate) struct Setting {
    /// Size and leading.
    pub(crate) size: TextSize,
    /// Bold throughout.
    pub(crate) bold: bool,
    /// Ink.
    pub(crate) paint: Paint,
    /// Alignment.
    pub(crate) align: Align,
}

/// Sets text for one language and direction, within a measure `width` that right-to-
/// left boxes are mirrored in.
pub(crate) struct Setter<'a> {
    /// The fonts.
    pub(crate) book: &'a FontBook,
    /// BCP 47 tag.
    pub(crate) lang: &'a Locale,
    /// Right-to-left page.
    pub(crate) rtl: bool,
    /// Width of the area boxes are placed (and mirrored) in.
    pub(crate) width: f32,
    /// The targets of the links set so far: a run's [`GlyphRun::link`] numbers one,
    /// from setting its text to placing its lines ([`Setter::flow_lines`]).
    links: RefCell<Vec<Arc<LinkTarget>>>,
    /// Words never hyphenated: the parts of the person's name ([`Setter::keeping_whole`]).
    keep_whole: Vec<String>,
}

impl<'a> Setter<'a> {
    /// A setter for `lang` on a page `width` wide, mirrored when `rtl`.
    pub(crate) fn new(book: &'a FontBook, lang: &'a Locale, rtl: bool, width: f32) -> Setter<'a> {
        Setter { book, lang, rtl, width, links: RefCell::default(), keep_whole: Vec::new() }
    }

    /// The setter, never hyphenating the words of `names` (every spelling of the
    /// person's name) in anything it sets.
    pub(crate) fn keeping_whole(mut self, names: &[String]) -> Self {
        let words = names.iter().flat_map(|name| name.split(|c: char| !c.is_alphabetic()));
        self.keep_whole = words.filter(|w| !w.is_empty()).map(str::to_string).collect();
        self.keep_whole.sort();
        self.keep_whole.dedup();
        self
    }
}

impl Setter<'_> {
    pub(crate) fn dir(&self) -> Direction {
        if self.rtl {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    /// Left edge of a box at logical start offset `x` and width `w` (mirrored for RTL).
    pub(crate) fn place_x(&self, x: f32, w: f32) -> f32 {
        if self.rtl {
            self.width - x - w
        } else {
            x
        }
    }

    pub(crate) fn set(
        &self,
        inlines: &[Inline],
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        self.set_in(inlines, setting, width, self.dir())
    }

    pub(crate) fn set_in(
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
    pub(crate) fn set_plain_unhyphenated(
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
        let mut previous: Option<&Inline> = None;
        for inline in inlines {
            let text = inline.text.replace('\n', "\u{2028}");
            let span = SpanStyle {
                bold: inline.bold || setting.bold,
                italic: inline.italic,
                size: setting.size.size,
                paint: setting.paint,
                link: self.link_number(inline, previous),
            };
            styled.push(&text, span);
            previous = Some(inline);
        }
        let spec = ParagraphSpec {
            lang: self.lang.clone(),
            dir,
            align: setting.align,
            width,
            hyphenate,
            keep_whole: self.keep_whole.clone(),
        };
        // Whether a justified paragraph was set ragged is the text stage's decision
        // (`SetParagraph::justification`); the lines carry it out.
        Ok(set_paragraph(self.book, &styled, &spec)?.lines)
    }

    /// The number of the inline's link: the previous inline's when both lead to the
    /// same place (`[**Sign** now](…)` is one link in two styles), else a new one.
    fn link_number(&self, inline: &Inline, previous: Option<&Inline>) -> Option<u32> {
        let uri = inline.link.as_ref()?;
        let mut links = self.links.borrow_mut();
        let continues = previous.is_some_and(|p| p.link.as_ref() == Some(uri));
        if continues && !links.is_empty() {
            let last = links.len() - 1;
            let mut target = (*links[last]).clone();
            target.contents.push_str(&inline.text);
            links[last] = Arc::new(target);
            return Some(last as u32);
        }
        links.push(Arc::new(LinkTarget { uri: uri.clone(), contents: inline.text.clone() }));
        Some(links.len() as u32 - 1)
    }

    /// Sets display text (a title, a heading, the postcard's name): never hyphenated,
    /// and balanced: when it takes several lines, they are set to the narrowest measure
    /// that still needs no more of them, so the last line is not a word left alone and
    /// the lines read as a shape. The lines' boxes are that measure wide, on the start
    /// side of `width`.
    pub(crate) fn set_display(
        &self,
        text: &str,
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        let set = |w: f32| self.set_with(&[Inline::plain(text)], setting, w, self.dir(), false);
        let lines = set(width)?;
        if lines.len() < 2 || setting.align != Align::Start {
            return Ok(lines);
        }
        let count = lines.len();
        let fits = |lines: &[ShapedLine], w: f32| {
            lines.len() == count && lines.iter().all(|l| l.set_width <= w + 0.01)
        };
        // Bisect between a measure known too narrow and one known to hold the lines.
        let (mut narrow, mut wide, mut best) = (width / count as f32 * 0.8, width, lines);
        for _ in 0..BALANCE_STEPS {
            let mid = (narrow + wide) / 2.0;
            let lines = set(mid)?;
            if fits(&lines, mid) {
                (wide, best) = (mid, lines);
            } else {
                narrow = mid;
            }
        }
        Ok(best)
    }

    pub(crate) fn set_plain(
        &self,
        text: &str,
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        self.set(&[Inline::plain(text)], setting, width)
    }

    /// Sets a name or address line in its own direction (a Latin address in an Arabic
    /// pack reads left to right, "1040 Brussels") while keeping it on the page's start side.
    pub(crate) fn set_line_auto(
        &self,
        text: &str,
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        self.set_inlines_auto(&[Inline::plain(text)], setting, width)
    }

    /// [`Setter::set_line_auto`] for styled or linked runs (an e-mail line).
    pub(crate) fn set_inlines_auto(
        &self,
        inlines: &[Inline],
        setting: Setting,
        width: f32,
    ) -> Result<Vec<ShapedLine>, LayoutError> {
        let text: String = inlines.iter().map(|i| i.text.as_str()).collect();
        let own = first_strong_direction(&text).unwrap_or(self.dir());
        let align = match (own == self.dir(), setting.align) {
            (false, Align::Start) => Align::End,
            (false, Align::End) => Align::Start,
            (_, align) => align,
        };
        self.set_in(inlines, Setting { align, ..setting }, width, own)
    }

    /// Shaped lines as flow lines, their boxes starting at logical offset `x`. Linked
    /// runs are wrapped in a [`StructElem::Link`] with a [`FrameItem::Link`] over them
    /// on each line; a link that runs on from the end of one line to the start of the
    /// next stays one element, with an area on each line.
    pub(crate) fn flow_lines(&self, lines: Vec<ShapedLine>, size: TextSize, x: f32) -> Vec<FlowLine> {
        let links_at_edges: Vec<(Option<u32>, Option<u32>)> = lines
            .iter()
            .map(|line| (line.runs.first().and_then(|r| r.link), line.runs.last().and_then(|r| r.link)))
            .collect();
        lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let left = self.place_x(x, line.width);
                let baseline = baseline_offset(size);
                let measure = line.width;
                let hyphenated = line.hyphenated;
                let continued_from = i.checked_sub(1).and_then(|p| links_at_edges[p].1);
                let continues_to = links_at_edges.get(i + 1).and_then(|next| next.0);
                let edges = (continued_from, continues_to);
                let place = |run| FrameItem::Text { x: left, measure, baseline, run };
                let items = self.linked_items(line.runs, edges, size.size, baseline, place);
                FlowLine { height: size.leading, items, hyphenated }
            })
            .collect()
    }

    /// A line's runs as items, each stretch of runs of one link inside its element
    /// with its area. `edges` are the links the line continues from (the previous
    /// line's last run) and on to (the next line's first), whose element stays open.
    fn linked_items(
        &self,
        runs: Vec<GlyphRun>,
        edges: (Option<u32>, Option<u32>),
        size: f32,
        baseline: f32,
        place: impl Fn(GlyphRun) -> FrameItem,
    ) -> Vec<FrameItem> {
        let count = runs.len();
        let mut items = Vec::with_capacity(count);
        let mut stretch: Option<(u32, f32, f32)> = None;
        for (i, run) in runs.into_iter().enumerate() {
            if let (Some(link), Some((open, ..))) = (run.link, stretch) {
                if link != open {
                    items.extend(self.close_link(&mut stretch, false, size, baseline));
                }
            } else if run.link.is_none() {
                items.extend(self.close_link(&mut stretch, false, size, baseline));
            }
            let item = place(run);
            let FrameItem::Text { x, run, .. } = &item else { unreachable!("place makes text") };
            if let Some(link) = run.link {
                let (start, end) = pen_extent(run);
                match &mut stretch {
                    Some((_, left, right)) => {
                        *left = left.min(x + start);
                        *right = right.max(x + end);
                    }
                    None => {
                        if !(i == 0 && edges.0 == Some(link)) {
                            items.push(FrameItem::Tag(Tag::Start(StructElem::Link)));
                        }
                        stretch = Some((link, x + start, x + end));
                    }
                }
            }
            items.push(item);
        }
        let runs_on = stretch.is_some_and(|(link, ..)| edges.1 == Some(link));
        items.extend(self.close_link(&mut stretch, runs_on, size, baseline));
        items
    }

    /// The area of the open stretch of a link, and the end of its element unless the
    /// link runs on to the next line.
    fn close_link(
        &self,
        stretch: &mut Option<(u32, f32, f32)>,
        runs_on: bool,
        size: f32,
        baseline: f32,
    ) -> Vec<FrameItem> {
        let Some((link, left, right)) = stretch.take() else { return Vec::new() };
        let Some(target) = self.links.borrow().get(link as usize).cloned() else { return Vec::new() };
        // From the ascenders to the descenders, as a reader's finger aims.
        let (top, height) = (baseline - 0.9 * size, 1.15 * size);
        let mut items = vec![FrameItem::Link { x: left, y: top, width: right - left, height, target }];
        if !runs_on {
            items.push(FrameItem::Tag(Tag::End));
        }
        items
    }

    /// Display lines (a title, a heading, the kicker, the postcard's name) as flow
    /// lines whose boxes hold their ink: the leadings were drawn for the Latin face,
    /// and a line whose glyphs reach higher or lower than its ascender and descender
    /// (Nastaliq's ل and ک climb to 1.5 em; Myanmar stacks its vowels over and under
    /// the letter) gets the difference above or below, so it runs into nothing.
    /// Lines within the Latin face's extents are set as [`Setter::flow_lines`] sets them.
    pub(crate) fn display_lines(&self, lines: Vec<ShapedLine>, size: TextSize, x: f32) -> Vec<FlowLine> {
        let mut lines = self.flow_lines(lines, size, x);
        let (ascender, descender) = self.book.latin_extents();
        let baseline = baseline_offset(size);
        let room_above = baseline.max(ascender * size.size);
        let room_below = (size.leading - baseline).max(descender * size.size);
        for line in &mut lines {
            let (top, bottom) = ink_extent(&line.items);
            let (above, below) = ((top - room_above).max(0.0), (bottom - room_below).max(0.0));
            if above > 0.0 || below > 0.0 {
                let items = std::mem::take(&mut line.items);
                line.items = items.into_iter().map(|i| i.translated(0.0, above)).collect();
                line.height += above + below;
            }
        }
        lines
    }

    /// [`Setter::block_lines`] for display lines ([`Setter::display_lines`]).
    pub(crate) fn display_block_lines(
        &self,
        lines: Vec<ShapedLine>,
        size: TextSize,
        x: f32,
        y: f32,
    ) -> (Vec<FrameItem>, f32) {
        stack(self.display_lines(lines, size, x), y)
    }

    /// Shaped lines as items of a block, the first line box's top at `y`; returns the
    /// items and the height used.
    pub(crate) fn block_lines(
        &self,
        lines: Vec<ShapedLine>,
        size: TextSize,
        x: f32,
        y: f32,
    ) -> (Vec<FrameItem>, f32) {
        stack(self.flow_lines(lines, size, x), y)
    }
}

/// Flow lines stacked as items of a block from `y` down; returns them and their height.
fn stack(lines: Vec<FlowLine>, y: f32) -> (Vec<FrameItem>, f32) {
    let mut items = Vec::new();
    let mut height = 0.0;
    for line in lines {
        items.extend(line.items.into_iter().map(|i| i.translated(0.0, y + height)));
        height += line.height;
    }
    (items, height)
}

/// How far the ink of a line's glyphs reaches above and below its baseline, points
/// (each from the glyphs' own outlines, in the face each run is set in).
fn ink_extent(items: &[FrameItem]) -> (f32, f32) {
    let (mut top, mut bottom) = (0.0f32, 0.0f32);
    for item in items {
        let FrameItem::Text { run, .. } = item else { continue };
        let face = run.font.face();
        for glyph in &run.glyphs {
            if let Some([_, low, _, high]) = face.ink_em(glyph.gid) {
                top = top.max(high * run.size + glyph.y);
                bottom = bottom.max(-(low * run.size + glyph.y));
            }
        }
    }
    (top, bottom)
}

/// Where a run's pen starts and ends, from its line's left: its glyphs' advance boxes.
fn pen_extent(run: &GlyphRun) -> (f32, f32) {
    let starts = run.glyphs.iter().map(|g| g.x - g.x_offset);
    let left = starts.clone().fold(f32::INFINITY, f32::min);
    let right = run.glyphs.iter().map(|g| g.x - g.x_offset + g.advance).fold(f32::NEG_INFINITY, f32::max);
    if left.is_finite() && right.is_finite() {
        (left, right)
    } else {
        (0.0, 0.0)
    }
}

/// The direction of the first strongly directional character (rules P2 and P3 of UAX #9).
pub(crate) fn first_strong_direction(text: &str) -> Option<Direction> {
    use unicode_bidi::BidiClass::{AL, L, R};
    text.chars().find_map(|c| match unicode_bidi::bidi_class(c) {
        L => Some(Direction::Ltr),
        R | AL => Some(Direction::Rtl),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::test_fonts;
    use crate::locale::locale;

    fn setting(size: f32) -> Setting {
        Setting {
            size: TextSize { size, leading: size * 1.2 },
            bold: true,
            paint: Paint::Ink,
            align: Align::Start,
        }
    }

    fn texts(lines: &[ShapedLine]) -> Vec<String> {
        lines.iter().map(|l| l.runs.iter().map(|r| r.text.as_str()).collect::<String>()).collect()
    }

    #[test]
    fn display_text_is_never_hyphenated() {
        let lang = locale("en");
        let setter = Setter::new(test_fonts(), &lang, false, 200.0);
        let title = "International solidarity with imprisoned environmentalists";
        // Set as body text, the narrow measure hyphenates it; as display, never.
        assert!(setter.set_plain(title, setting(20.0), 200.0).unwrap().iter().any(|l| l.hyphenated));
        let lines = setter.set_display(title, setting(20.0), 200.0).unwrap();
        assert!(lines.iter().all(|l| !l.hyphenated), "{:?}", texts(&lines));
    }

    #[test]
    fn display_lines_are_balanced() {
        let lang = locale("en");
        let setter = Setter::new(test_fonts(), &lang, false, 300.0);
        let title = "Freedom for the imprisoned teachers of the northern valleys now";
        // A measure where, unbalanced, the last line is one word.
        let plain = |w: f32| {
            setter.set_with(&[Inline::plain(title)], setting(20.0), w, Direction::Ltr, false).unwrap()
        };
        let runt =
            |lines: &[ShapedLine]| lines.len() > 1 && !texts(lines).last().unwrap().trim().contains(' ');
        let width =
            (150..450).map(|w| w as f32).find(|&w| runt(&plain(w))).expect("a measure leaving a runt");
        let plain = plain(width);
        let lines = setter.set_display(title, setting(20.0), width).unwrap();
        assert!(!runt(&lines), "{:?}", texts(&lines));
        assert_eq!(lines.len(), plain.len());
        let widths: Vec<f32> = lines.iter().map(|l| l.set_width).collect();
        let (min, max) = (
            widths.iter().copied().fold(f32::INFINITY, f32::min),
            widths.iter().copied().fold(0.0, f32::max),
        );
        assert!(min > 0.6 * max, "{:?} {widths:?}", texts(&lines));
    }

    #[test]
    fn the_persons_name_is_never_hyphenated() {
        // German hyphenates long capitalised words; a surname is not one to cut.
        let lang = locale("de");
        let name = "Leyla Donaubergmann".to_string();
        let text = "Wir fordern die Freilassung von Donaubergmann und schreiben Donaubergmanns \
                    Familie, dass Leyla Donaubergmann nicht vergessen ist und Donaubergmann frei kommt.";
        let cut = |setter: &Setter| -> bool {
            (100..220).step_by(7).any(|w| {
                let lines = setter
                    .set(&[Inline::plain(text)], Setting { bold: false, ..setting(10.0) }, w as f32)
                    .unwrap();
                texts(&lines).iter().any(|l| l.ends_with("Donau-") || l.ends_with("Donauberg-"))
            })
        };
        assert!(cut(&Setter::new(test_fonts(), &lang, false, 220.0)));
        assert!(!cut(&Setter::new(test_fonts(), &lang, false, 220.0).keeping_whole(&[name])));
    }

    #[test]
    fn a_cjk_opening_bracket_starts_its_line_flush() {
        // JLREQ: 『 at a line start is set half-width, so a title or a paragraph that
        // opens with it is not indented by the blank half of its em.
        let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let book = FontBook::load(&fonts).unwrap().with_sources(crate::fonts::FontSources::from_env(&[]));
        for tag in ["ja", "zh"] {
            let lang = locale(tag);
            let setter = Setter::new(&book, &lang, false, 300.0);
            let display = setter.set_display("『自由』を求める", setting(30.0), 300.0).unwrap();
            let body = setter
                .set_plain("「自由」を求める声。", Setting { bold: false, ..setting(10.0) }, 300.0)
                .unwrap();
            for (line, size) in [(&display[0], 30.0), (&body[0], 10.0)] {
                let run = &line.runs[0];
                let face = run.font.face();
                if !face.file.contains("CJK") {
                    return; // No CJK face on this machine (scripts.rs says so).
                }
                let glyph = &run.glyphs[0];
                let ink_left = glyph.x + face.ink_em(glyph.gid).unwrap()[0] * size;
                assert!(ink_left < 0.2 * size, "{tag}: the bracket's ink starts {ink_left:.1} pt in");
                // The next character follows the bracket's ink, not a blank em.
                assert!(run.glyphs[1].x < 0.75 * size, "{tag}: {:?}", run.glyphs[1].x);
            }
        }
    }
}
