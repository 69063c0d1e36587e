//! The appeal pack: cover with photo and story, the person's letter, the action page
//! with addresses, and the sample letter; footers with page numbers.

use std::sync::Arc;

use super::flow::{materialize, plan, FlowArea, FlowLine, FlowOptions, Plan, Unit};
use super::photo::{crop_fit, crop_to_frame, upright_aspect, wide_frame_fits, Framing};
use super::postcard::ink_extent;
use super::qr;
use super::setter::{Setter, Setting};
use super::style::{pack_style, PackStyle};
use super::{
    press, tagged, ArtifactKind, FrameItem, LayoutError, Page, PagedDocument, Profile, StructElem, Tag,
};
use crate::compose::{ActionLink, AddressCard, Cover, DocBlock, Document, ParaRole};
use crate::fonts::{small_on_body, FontBook};
use crate::load::{Inline, Photo};
use crate::text::{Align, Paint};

/// Between a page's number and the page count in the footer: `2 / 3`.
const PAGE_OF: char = '/';
/// After a numbered list item's number: `1.`.
const AFTER_LIST_NUMBER: char = '.';
/// Between the person's name and the title in the footer.
const FOOTER_DASH: char = '\u{2014}';
/// What ends a footer label shortened to fit beside the page number.
const ELLIPSIS: char = '\u{2026}';

/// The characters layout and text print of their own around compose's text: the
/// space and slash of page numbers (`2 / 3`), the full stop after list numbers, the
/// dash between name and title in the footer and the ellipsis that shortens a long
/// one, and the hyphen text inserts in a broken word (`text/line.rs`). The numbers'
/// digits and the bullet are the language's, in the composed document. The job keys
/// read this list (`jobs::incremental::printed_text`), so a font that prints one of
/// these is keyed too.
pub const ADDED_CHARACTERS: [char; 6] =
    [' ', PAGE_OF, AFTER_LIST_NUMBER, FOOTER_DASH, ELLIPSIS, BREAK_HYPHEN];

/// [`crate::text::BREAK_HYPHEN`] as a character.
const BREAK_HYPHEN: char = match crate::text::BREAK_HYPHEN.as_bytes() {
    [byte] => *byte as char,
    _ => panic!("the break hyphen is one ASCII character"),
};

/// Lays out an appeal pack. For press, the cover photo runs across the page into the
/// bleed, and each page is placed on a larger sheet with trim, bleed and crop marks.
pub fn layout_pack(
    book: &FontBook,
    doc: &Document,
    photo: &Arc<Photo>,
    profile: Profile,
) -> Result<PagedDocument, LayoutError> {
    let home = layout_home_pack(book, doc, photo)?;
    Ok(match profile {
        Profile::Home => home,
        Profile::Press => press_pack(&home),
    })
}

/// The pack as a home printer takes it: the text and the flow that both profiles share.
pub fn layout_home_pack(
    book: &FontBook,
    doc: &Document,
    photo: &Arc<Photo>,
) -> Result<PagedDocument, LayoutError> {
    let (page_w, page_h) = doc.paper.size_pt();
    let style = pack_style(small_on_body(&doc.lang)).loosened(book.leading_scale(&doc.lang));
    let width = page_w - 2.0 * style.margin_x;
    let setter = Setter::new(book, &doc.lang, doc.lang.is_rtl(), width).keeping_whole(&doc.names);
    let pack = PackLayout { setter, doc, style, width, photo };
    let mut units = pack.units()?;
    let area = FlowArea { x: style.margin_x, top: style.margin_top, bottom: page_h - style.margin_bottom };
    let bodies = pack.break_pages(&mut units, area)?;
    let count = bodies.len();
    let label = pack.footer_label(count)?;
    let mut pages = Vec::with_capacity(count);
    for (index, mut items) in bodies.into_iter().enumerate() {
        items.extend(pack.footer(&label, index + 1, count, page_h)?);
        pages.push(Page::plain(page_w, page_h, items));
    }
    Ok(PagedDocument {
        pages,
        title: doc.title.clone(),
        author: doc.publisher.clone(),
        subject: "Appeal pack".to_string(),
        lang: doc.lang.clone(),
        photo: Some(photo.clone()),
    })
}

/// The press pack from the home layout of the same document. The two differ only in
/// the cover photo, which for press runs on from the page's edge into the bleed on
/// each side where it reaches the text column's edge (both for a wide photo, the start
/// side for an upright one), cropped with the same framing; every line and page break
/// is the same, so the text is set once for both.
pub fn press_pack(home: &PagedDocument) -> PagedDocument {
    let to_bleed = |page_w: f32, item: &FrameItem| match (item, &home.photo) {
        (&FrameItem::Image { x, y, width, height, framing, .. }, Some(photo)) => {
            let (x, width) = bled_frame(page_w, x, width);
            let (w, h) = photo.size();
            let crop = crop_to_frame(w, h, width, height, framing);
            FrameItem::Image { x, y, width, height, crop, framing }
        }
        _ => item.clone(),
    };
    let pages = home
        .pages
        .iter()
        .map(|page| {
            let items = page.items.iter().map(|item| to_bleed(page.width, item)).collect();
            press::to_press(Page::plain(page.width, page.height, items))
        })
        .collect();
    PagedDocument {
        pages,
        title: home.title.clone(),
        author: home.author.clone(),
        subject: home.subject.clone(),
        lang: home.lang.clone(),
        photo: home.photo.clone(),
    }
}

/// Where the press cover's photo frame runs (its `x` and width on the page) for a
/// home frame at `x`, `width` wide on a page `page_w` wide: from the page's edge into
/// the bleed on each side where the frame reaches the text column's edge. The column's
/// edges are the page margins, the same on both sides, so an edge of the frame on one
/// of them is at the smaller of its two gaps.
fn bled_frame(page_w: f32, x: f32, width: f32) -> (f32, f32) {
    let (left_gap, right_gap) = (x, page_w - x - width);
    let margin = left_gap.min(right_gap);
    match (left_gap <= margin + 0.5, right_gap <= margin + 0.5) {
        (true, true) => (-press::BLEED, page_w + 2.0 * press::BLEED),
        (true, false) => (-press::BLEED, x + width + press::BLEED),
        (false, true) => (x, page_w + press::BLEED - x),
        (false, false) => (x, width),
    }
}

/// What setting the pack's blocks needs: the text setter at the column's width, the
/// document, its style and photo.
struct PackLayout<'a> {
    setter: Setter<'a>,
    doc: &'a Document,
    style: PackStyle,
    width: f32,
    photo: &'a Arc<Photo>,
}

/// The cover photo's frame heights tried when the designed one leaves a page to
/// fix, as fractions of it: a typesetter's few lines either way.
const COVER_SCALES: [f32; 6] = [0.85, 0.9, 0.95, 1.05, 1.1, 1.15];

/// What a cover frame off its designed height costs per tenth of a change, against
/// a page's costs ([`super::flow::PageCost::total`]): moving a page break is worth a
/// somewhat smaller or larger photo.
const COVER_SCALE_COST: f32 = 4.0;

/// The least space between the kicker's ink and the title's, in ems of the kicker.
const KICKER_TITLE_GAP: f32 = 0.3;

impl PackLayout<'_> {
    /// Chooses the pack's page breaks by cost over the whole pack: the rules' greedy
    /// breaks, with and without letting a section follow on the page before its
    /// designed page start; then, when a page is still left half empty or a rule had
    /// to give way, the same with the cover photo a little shorter or taller. The
    /// cheapest wins (ties go to the designed layout); `units` is left holding the
    /// cover it was made with. A plan places lines without copying them, so each try
    /// is one pass over the lines.
    fn break_pages(&self, units: &mut [Unit], area: FlowArea) -> Result<Vec<Vec<FrameItem>>, LayoutError> {
        let tries = [FlowOptions::default(), FlowOptions { follow_when_fits: true }];
        let cheapest = |units: &[Unit],
                        extra: f32,
                        best: &mut Option<(f32, Plan, Option<Unit>)>,
                        cover: Option<Unit>| {
            for options in tries {
                let plan = plan(units, area, options);
                let cost = plan.cost.total() + extra;
                if best.as_ref().is_none_or(|(c, ..)| cost < *c - 0.01) {
                    *best = Some((cost, plan, cover.clone()));
                }
            }
        };
        let mut best = None;
        cheapest(units, 0.0, &mut best, None);
        let cover_at = self.doc.blocks.iter().position(|b| matches!(b, DocBlock::Cover(_)));
        if let (Some(0), Some(DocBlock::Cover(cover))) = (cover_at, self.doc.blocks.first()) {
            if best.as_ref().is_some_and(|(_, plan, _)| plan.cost.has_defects()) {
                let designed = units[0].clone();
                for scale in COVER_SCALES {
                    let Some(scaled) = self.scaled_cover(cover, scale)? else { continue };
                    units[0] = scaled;
                    let extra = (scale - 1.0).abs() * 10.0 * COVER_SCALE_COST;
                    cheapest(units, extra, &mut best, Some(units[0].clone()));
                }
                units[0] = designed;
            }
        }
        let (_, plan, cover) = best.expect("one plan at least");
        if let Some(cover) = cover {
            units[0] = cover;
        }
        Ok(materialize(units, area, &plan))
    }

    fn units(&self) -> Result<Vec<Unit>, LayoutError> {
        let mut units = Vec::new();
        let mut break_next = false;
        for (index, block) in self.doc.blocks.iter().enumerate() {
            let first_unit = units.len();
            match block {
                DocBlock::Cover(cover) => units.push(self.cover(cover)?),
                DocBlock::Heading(text) => units.push(self.heading(text)?),
                DocBlock::Subheading(inlines) => units.push(self.subheading(inlines)?),
                DocBlock::Paragraph { inlines, role, .. } => units.push(self.paragraph(inlines, *role)?),
                DocBlock::List { start, items, role } => {
                    units.extend(self.list(*start, items, *role)?);
                    wrap_units(&mut units[first_unit..], StructElem::List);
                }
                DocBlock::Addresses { label, cards } => units.extend(self.addresses(label, cards)?),
                DocBlock::LetterHead { sender, date, recipient } => {
                    units.push(self.letter_head(sender, date, recipient)?)
                }
                DocBlock::LetterClose { closing, signature } => {
                    units.extend(self.letter_close(closing.as_deref(), signature)?)
                }
                DocBlock::ActionCode(action) => units.extend(self.action_code(action)?),
                DocBlock::PageBreak => {
                    break_next = true;
                    continue;
                }
            }
            if break_next {
                if let Some(unit) = units.get_mut(first_unit) {
                    unit.page_break_before = true;
                    // A page start may give way to a section that fits on the page
                    // before, but a letter to be sent always starts its own sheet.
                    unit.soft_break = !self.starts_a_letter(index);
                }
                break_next = false;
            }
        }
        Ok(units)
    }

    /// Whether the stretch of blocks from `index` to the next page break holds a
    /// letter's head (the sample letter, printed to be signed and posted).
    fn starts_a_letter(&self, index: usize) -> bool {
        self.doc.blocks[index..]
            .iter()
            .take_while(|b| !matches!(b, DocBlock::PageBreak))
            .any(|b| matches!(b, DocBlock::LetterHead { .. }))
    }

    fn cover(&self, cover: &Cover) -> Result<Unit, LayoutError> {
        Ok(self.scaled_cover(cover, 1.0)?.expect("the designed frame always fits"))
    }

    /// The cover with its photo frame `scale` times its designed height (the width
    /// stays, so the text beside or above it is set the same); `None` when a frame
    /// that tall or short would cut the photo's keep region or its headroom.
    fn scaled_cover(&self, cover: &Cover, scale: f32) -> Result<Option<Unit>, LayoutError> {
        let framing = Framing { focus: cover.focus, keep: cover.keep };
        let size = self.photo.size();
        // The arrangement is chosen on the home frame; the press pack widens it to the
        // bleed at the same height, so its crop shows less of the photo's height, and
        // a frame is taken only when that crop, too, keeps the keep region whole.
        let page_w = self.width + 2.0 * self.style.margin_x;
        let keeps = |x: f32, width: f32, height: f32| {
            let (_, press_w) = bled_frame(page_w, self.style.margin_x + x, width);
            [width, press_w].into_iter().all(|width| {
                let fit = crop_fit(size, crop_to_frame(size.0, size.1, width, height, framing), framing);
                fit.keep_whole && fit.headroom
            })
        };
        let wide_h = (self.width * 0.56).round();
        let wide_fits = |height: f32| {
            wide_frame_fits(size, self.width, height, framing) && keeps(0.0, self.width, height)
        };
        if wide_fits(wide_h) {
            let frame_h = (wide_h * scale).round();
            if scale != 1.0 && !wide_fits(frame_h) {
                return Ok(None);
            }
            return self.wide_cover(cover, framing, frame_h).map(Some);
        }
        let frame_w = (self.width * 0.52).round();
        let frame_h = (frame_w / upright_aspect(size) * scale).round();
        if scale != 1.0 && !keeps(self.setter.place_x(0.0, frame_w), frame_w, frame_h) {
            return Ok(None);
        }
        self.upright_cover(cover, framing, frame_w, frame_h).map(Some)
    }

    /// A wide photo across the column, under the kicker and title.
    fn wide_cover(&self, cover: &Cover, framing: Framing, frame_h: f32) -> Result<Unit, LayoutError> {
        let mut items = Vec::new();
        let mut y = self.cover_heading(cover, self.width, 0.0, &mut items)?;
        y += 10.0;
        // The photo sits in the margins a desktop printer needs; `press_pack` widens
        // it to the bleed.
        let (frame_x, frame_w) = (0.0, self.width);
        let (photo_w, photo_h) = self.photo.size();
        let crop = crop_to_frame(photo_w, photo_h, frame_w, frame_h, framing);
        let photo = FrameItem::Image { x: frame_x, y, width: frame_w, height: frame_h, crop, framing };
        items.extend(tagged(StructElem::Figure { alt: cover.photo_alt.clone() }, [photo]));
        y += frame_h + 3.0;
        y += self.cover_credit(cover, 0.0, self.width, y, &mut items)?;
        y = self.cover_deadline(cover, self.width, 0.0, y, &mut items)?;
        Ok(Unit::block(0.0, y + 4.0, items))
    }

    /// An upright photo in an upright frame on the start side (the photo itself is
    /// never mirrored), its credit below it, and the kicker, title and deadline beside
    /// it: a portrait keeps its head and most of its height.
    fn upright_cover(
        &self,
        cover: &Cover,
        framing: Framing,
        frame_w: f32,
        frame_h: f32,
    ) -> Result<Unit, LayoutError> {
        let gap = 14.0;
        let side_x = frame_w + gap;
        let side_w = self.width - side_x;
        let mut side = Vec::new();
        let heading_end = self.cover_heading(cover, side_w, side_x, &mut side)?;
        let side_end = self.cover_deadline(cover, side_w, side_x, heading_end, &mut side)?;
        let (photo_w, photo_h) = self.photo.size();
        let crop = crop_to_frame(photo_w, photo_h, frame_w, frame_h, framing);
        let frame_x = self.setter.place_x(0.0, frame_w);
        let photo = FrameItem::Image { x: frame_x, y: 0.0, width: frame_w, height: frame_h, crop, framing };
        let mut items = side;
        items.extend(tagged(StructElem::Figure { alt: cover.photo_alt.clone() }, [photo]));
        let credit_h = self.cover_credit(cover, 0.0, frame_w, frame_h + 3.0, &mut items)?;
        let y = (frame_h + 3.0 + credit_h).max(side_end);
        Ok(Unit::block(0.0, y + 4.0, items))
    }

    /// The accent bar, kicker and title in a column `width` wide at logical offset
    /// `x`; returns where they end.
    fn cover_heading(
        &self,
        cover: &Cover,
        width: f32,
        x: f32,
        items: &mut Vec<FrameItem>,
    ) -> Result<f32, LayoutError> {
        let s = &self.style;
        let mut y = 0.0;
        items.push(FrameItem::Rect {
            x: self.setter.place_x(x, 36.0),
            y,
            width: 36.0,
            height: 4.0,
            paint: Paint::Accent,
        });
        y += 10.0;
        let kicker = Setting { size: s.label, bold: true, paint: Paint::Accent, align: Align::Start };
        let (kicker_items, h) = self.setter.display_block_lines(
            self.setter.set_plain(&cover.kicker, kicker, width)?,
            s.label,
            x,
            y,
        );
        items.extend(tagged(StructElem::Paragraph, kicker_items));
        y += h + 2.0;
        let title = Setting { size: s.title, bold: true, paint: Paint::Ink, align: Align::Start };
        let (mut title_items, mut h) = self.setter.display_block_lines(
            self.setter.set_display(&cover.title, title, width)?,
            s.title,
            x,
            y,
        );
        // Each line's box holds its own ink, but a kicker reaching far down (Myanmar's
        // medials) and a title reaching far up can still meet in the gap between them:
        // the title goes down until their inks are apart.
        let gap = KICKER_TITLE_GAP * s.label.size;
        if let (Some((_, kicker_bottom)), Some((title_top, _))) =
            (ink_extent(items), ink_extent(&title_items))
        {
            let push = (kicker_bottom + gap - title_top).max(0.0);
            if push > 0.0 {
                title_items = title_items.into_iter().map(|i| i.translated(0.0, push)).collect();
                h += push;
            }
        }
        items.extend(tagged(StructElem::Heading(1), title_items));
        Ok(y + h)
    }

    /// The photo credit under the photo, flush with its end edge; returns its height.
    fn cover_credit(
        &self,
        cover: &Cover,
        x: f32,
        width: f32,
        y: f32,
        items: &mut Vec<FrameItem>,
    ) -> Result<f32, LayoutError> {
        let s = &self.style;
        let caption = Setting { size: s.small, bold: false, paint: Paint::Muted, align: Align::End };
        let (credit_items, h) =
            self.setter.block_lines(self.setter.set_plain(&cover.credit, caption, width)?, s.small, x, y);
        items.extend(tagged(StructElem::Caption, credit_items));
        Ok(h)
    }

    /// The deadline line, when there is one, below `y`; returns where it ends.
    fn cover_deadline(
        &self,
        cover: &Cover,
        width: f32,
        x: f32,
        y: f32,
        items: &mut Vec<FrameItem>,
    ) -> Result<f32, LayoutError> {
        let s = &self.style;
        let Some(deadline) = &cover.deadline else { return Ok(y) };
        let line = Setting { size: s.body, bold: true, paint: Paint::Accent, align: Align::Start };
        let (deadline_items, h) =
            self.setter.block_lines(self.setter.set_plain(deadline, line, width)?, s.body, x, y + 4.0);
        items.extend(tagged(StructElem::Paragraph, deadline_items));
        Ok(y + h + 4.0)
    }

    fn heading(&self, text: &str) -> Result<Unit, LayoutError> {
        let s = &self.style;
        let setting = Setting { size: s.heading, bold: true, paint: Paint::Ink, align: Align::Start };
        let mut lines =
            self.setter.display_lines(self.setter.set_display(text, setting, self.width)?, s.heading, 0.0);
        if let Some(last) = lines.last_mut() {
            last.height += 3.0;
        }
        wrap_lines(&mut lines, StructElem::Heading(2));
        Ok(Unit {
            space_before: s.heading_gap,
            lines,
            splittable: false,
            keep_with_next: true,
            page_break_before: false,
            soft_break: false,
            heading: true,
            lead: false,
        })
    }

    fn subheading(&self, inlines: &[Inline]) -> Result<Unit, LayoutError> {
        let s = &self.style;
        let setting = Setting { size: s.body, bold: true, paint: Paint::Ink, align: Align::Start };
        let mut lines = self.setter.flow_lines(self.setter.set(inlines, setting, self.width)?, s.body, 0.0);
        wrap_lines(&mut lines, StructElem::Heading(3));
        Ok(Unit {
            space_before: s.paragraph_gap * 1.5,
            lines,
            splittable: false,
            keep_with_next: true,
            page_break_before: false,
            soft_break: false,
            heading: false,
            lead: false,
        })
    }

    fn paragraph(&self, inlines: &[Inline], role: ParaRole) -> Result<Unit, LayoutError> {
        let s = &self.style;
        let size = s.for_role(role);
        let setting = Setting { size, bold: false, paint: Paint::Ink, align: Align::Justify };
        let indent = if role == ParaRole::Quote { s.indent } else { 0.0 };
        let mut lines =
            self.setter.flow_lines(self.setter.set(inlines, setting, self.width - indent)?, size, indent);
        if role == ParaRole::Quote {
            // The person's words carry a rule on the start side, drawn per line so it
            // follows the paragraph across a page break.
            for line in &mut lines {
                let x = self.setter.place_x(0.0, 2.5);
                line.items.push(FrameItem::Rect {
                    x,
                    y: 0.0,
                    width: 2.5,
                    height: line.height,
                    paint: Paint::Accent,
                });
            }
        }
        wrap_lines(
            &mut lines,
            if role == ParaRole::Quote { StructElem::Quote } else { StructElem::Paragraph },
        );
        let gap = if role == ParaRole::Quote { s.paragraph_gap * 0.5 } else { s.paragraph_gap };
        Ok(Unit {
            space_before: gap,
            lines,
            splittable: true,
            keep_with_next: false,
            page_break_before: false,
            soft_break: false,
            heading: false,
            lead: role == ParaRole::Lead,
        })
    }

    fn list(
        &self,
        start: Option<u64>,
        items: &[Vec<Inline>],
        role: ParaRole,
    ) -> Result<Vec<Unit>, LayoutError> {
        let s = &self.style;
        let size = s.for_role(role);
        let body = Setting { size, bold: false, paint: Paint::Ink, align: Align::Justify };
        // The sample letter is printed as a plain letter, in black only.
        let marker_paint = if role == ParaRole::Letter { Paint::Ink } else { Paint::Accent };
        let marker_setting = Setting { size, bold: true, paint: marker_paint, align: Align::End };
        let mut units = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let marker = match start {
                Some(n) => format!("{}{AFTER_LIST_NUMBER}", self.doc.conventions.number(n + i as u64)),
                None => self.doc.conventions.bullet.to_string(),
            };
            let mut lines =
                self.setter.flow_lines(self.setter.set(item, body, self.width - s.indent)?, size, s.indent);
            let marker_width = s.indent - 5.0;
            let marker_lines = self.setter.flow_lines(
                self.setter.set_plain(&marker, marker_setting, marker_width)?,
                size,
                0.0,
            );
            wrap_lines(&mut lines, StructElem::ListBody);
            // The marker is read before the item's text, so it is drawn first too.
            if let (Some(first), Some(marker_line)) = (lines.first_mut(), marker_lines.into_iter().next()) {
                first.items.splice(0..0, tagged(StructElem::Label, marker_line.items));
            }
            wrap_lines(&mut lines, StructElem::ListItem);
            let space_before = if i == 0 { s.paragraph_gap } else { s.paragraph_gap * 0.5 };
            units.push(Unit {
                space_before,
                lines,
                splittable: true,
                keep_with_next: false,
                page_break_before: false,
                soft_break: false,
                heading: false,
                lead: false,
            });
        }
        Ok(units)
    }

    /// A card: tinted panel, name in bold, address lines, e-mail.
    fn address_card(
        &self,
        card: &AddressCard,
        x: f32,
        width: f32,
    ) -> Result<(Vec<FrameItem>, f32), LayoutError> {
        let s = &self.style;
        let pad = 10.0;
        let inner = width - 2.0 * pad;
        let mut items = Vec::new();
        let mut y = pad;
        let name = Setting { size: s.body, bold: true, paint: Paint::Ink, align: Align::Start };
        let (name_items, h) =
            self.setter.block_lines(self.setter.set_line_auto(&card.name, name, inner)?, s.body, x + pad, y);
        items.extend(tagged(StructElem::Paragraph, name_items));
        y += h + 2.0;
        let line = Setting { size: s.body, bold: false, paint: Paint::Ink, align: Align::Start };
        for text in &card.lines {
            let (line_items, h) =
                self.setter.block_lines(self.setter.set_line_auto(text, line, inner)?, s.body, x + pad, y);
            items.extend(tagged(StructElem::Paragraph, line_items));
            y += h;
        }
        if let Some(email) = &card.email {
            let muted = Setting { size: s.small, bold: false, paint: Paint::Muted, align: Align::Start };
            let (email_items, h) = self.setter.block_lines(
                self.setter.set_inlines_auto(email, muted, inner)?,
                s.small,
                x + pad,
                y + 2.0,
            );
            items.extend(tagged(StructElem::Paragraph, email_items));
            y += h + 2.0;
        }
        Ok((items, y + pad))
    }

    fn addresses(&self, label: &str, cards: &[AddressCard]) -> Result<Vec<Unit>, LayoutError> {
        let s = &self.style;
        let label_setting = Setting { size: s.label, bold: true, paint: Paint::Accent, align: Align::Start };
        let mut label_lines =
            self.setter.flow_lines(self.setter.set_plain(label, label_setting, self.width)?, s.label, 0.0);
        wrap_lines(&mut label_lines, StructElem::Heading(3));
        let mut units = vec![Unit {
            space_before: s.heading_gap,
            lines: label_lines,
            splittable: false,
            keep_with_next: true,
            page_break_before: false,
            soft_break: false,
            heading: false,
            lead: false,
        }];
        let gap = 12.0;
        let card_w = (self.width - gap) / 2.0;
        for (row_index, row) in cards.chunks(2).enumerate() {
            let mut built = Vec::new();
            for (col, card) in row.iter().enumerate() {
                built.push(self.address_card(card, col as f32 * (card_w + gap), card_w)?);
            }
            let height = built.iter().map(|(_, h)| *h).fold(0.0, f32::max);
            let mut items = Vec::new();
            for (col, (card_items, _)) in built.into_iter().enumerate() {
                let x = self.setter.place_x(col as f32 * (card_w + gap), card_w);
                items.push(FrameItem::Rect { x, y: 0.0, width: card_w, height, paint: Paint::Tint });
                items.extend(tagged(StructElem::Address, card_items));
            }
            units.push(Unit::block(if row_index == 0 { 4.0 } else { gap }, height, items));
        }
        Ok(units)
    }

    /// The online action's QR code, [`ACTION_CODE_SIDE`] square, flush with the
    /// column's start, its address under it; the quiet zone is kept clear by the
    /// space above and below and, on the start side, by the page margin.
    fn action_code(&self, action: &ActionLink) -> Result<Option<Unit>, LayoutError> {
        let s = &self.style;
        let Some(code) = qr::code_block(&self.setter, action, ACTION_CODE_SIDE, s.body, 0.0)? else {
            return Ok(None);
        };
        Ok(Some(Unit::block(s.paragraph_gap, code.height, code.items)))
    }

    /// Writing lines: a label with ruled lines under it for the reader to fill in.
    fn fill_in(
        &self,
        label: &str,
        x: f32,
        y: f32,
        width: f32,
        rules: usize,
    ) -> Result<(Vec<FrameItem>, f32), LayoutError> {
        let s = &self.style;
        let setting = Setting { size: s.small, bold: false, paint: Paint::Muted, align: Align::Start };
        let (label_items, mut h) =
            self.setter.block_lines(self.setter.set_plain(label, setting, width)?, s.small, x, y);
        let mut items = tagged(StructElem::Paragraph, label_items);
        for _ in 0..rules {
            h += 20.0;
            let left = self.setter.place_x(x, width);
            items.push(FrameItem::Rule {
                x1: left,
                y1: y + h,
                x2: left + width,
                y2: y + h,
                thickness: 0.5,
                paint: Paint::Muted,
            });
        }
        Ok((items, h + 6.0))
    }

    fn letter_head(&self, sender: &str, date: &str, recipient: &AddressCard) -> Result<Unit, LayoutError> {
        let s = &self.style;
        let sender_w = self.width * 0.45;
        let date_w = self.width * 0.3;
        let (mut items, sender_h) = self.fill_in(sender, 0.0, 0.0, sender_w, 3)?;
        let (date_items, date_h) = self.fill_in(date, self.width - date_w, 0.0, date_w, 1)?;
        items.extend(date_items);
        let mut y = sender_h.max(date_h) + 18.0;
        let name = Setting { size: s.body, bold: true, paint: Paint::Ink, align: Align::Start };
        let (name_items, h) = self.setter.block_lines(
            self.setter.set_line_auto(&recipient.name, name, sender_w)?,
            s.body,
            0.0,
            y,
        );
        let mut address = tagged(StructElem::Paragraph, name_items);
        y += h;
        let line = Setting { size: s.body, bold: false, paint: Paint::Ink, align: Align::Start };
        for text in &recipient.lines {
            let (line_items, h) =
                self.setter.block_lines(self.setter.set_line_auto(text, line, sender_w)?, s.body, 0.0, y);
            address.extend(tagged(StructElem::Paragraph, line_items));
            y += h;
        }
        items.extend(tagged(StructElem::Address, address));
        Ok(Unit::block(s.paragraph_gap, y + 14.0, items))
    }

    fn letter_close(&self, closing: Option<&str>, signature: &str) -> Result<Vec<Unit>, LayoutError> {
        let s = &self.style;
        let mut units = Vec::new();
        if let Some(closing) = closing {
            let setting = Setting { size: s.body, bold: false, paint: Paint::Ink, align: Align::Start };
            let mut lines =
                self.setter.flow_lines(self.setter.set_plain(closing, setting, self.width)?, s.body, 0.0);
            wrap_lines(&mut lines, StructElem::Paragraph);
            units.push(Unit {
                space_before: s.paragraph_gap * 2.0,
                lines,
                splittable: false,
                keep_with_next: true,
                page_break_before: false,
                soft_break: false,
                heading: false,
                lead: false,
            });
        }
        let (items, h) = self.fill_in(signature, 0.0, 36.0, self.width * 0.45, 0)?;
        let rule_x = self.setter.place_x(0.0, self.width * 0.45);
        let mut items = items;
        items.push(FrameItem::Rule {
            x1: rule_x,
            y1: 34.0,
            x2: rule_x + self.width * 0.45,
            y2: 34.0,
            thickness: 0.5,
            paint: Paint::Ink,
        });
        units.push(Unit::block(0.0, 36.0 + h, items));
        Ok(units)
    }

    /// The page footer: a thin rule, the person and title (`label`, from
    /// [`PackLayout::footer_label`]) on the start side, the page number on the end side.
    fn footer(
        &self,
        label: &str,
        number: usize,
        count: usize,
        page_h: f32,
    ) -> Result<Vec<FrameItem>, LayoutError> {
        let s = &self.style;
        let top = page_h - s.margin_bottom + 14.0;
        let mut items = vec![
            FrameItem::Tag(Tag::Artifact(ArtifactKind::Pagination)),
            FrameItem::Rule {
                x1: s.margin_x,
                y1: top,
                x2: s.margin_x + self.width,
                y2: top,
                thickness: 0.25,
                paint: Paint::Muted,
            },
        ];
        let page = self.page_number(number, count);
        for (text, setting) in
            [(label, self.footer_setting(false)), (page.as_str(), self.footer_setting(true))]
        {
            let (line_items, _) = self.setter.block_lines(
                self.setter.set_plain(text, setting, self.width)?,
                s.small,
                0.0,
                top + 4.0,
            );
            items.extend(line_items.into_iter().map(|i| i.translated(s.margin_x, 0.0)));
        }
        items.push(FrameItem::Tag(Tag::End));
        Ok(items)
    }

    /// The footer's person and title on the start side, bold page number on the end side.
    fn footer_setting(&self, page_number: bool) -> Setting {
        let align = if page_number { Align::End } else { Align::Start };
        Setting { size: self.style.small, bold: page_number, paint: Paint::Muted, align }
    }

    /// `2 / 5`, in the language's digits.
    fn page_number(&self, number: usize, count: usize) -> String {
        let numbers = &self.doc.conventions;
        format!("{} {PAGE_OF} {}", numbers.number(number as u64), numbers.number(count as u64))
    }

    /// The footer's `person — title`, shortened with an ellipsis when it would run into
    /// the page number: a long title used to run on up to the number ("…Trade
    /// Unionist,1 / 5") and wrap below the page's last baseline. The room is what the
    /// widest page number of the document leaves, so every page shows the same label.
    fn footer_label(&self, count: usize) -> Result<String, LayoutError> {
        let label = format!("{} {FOOTER_DASH} {}", self.doc.person, self.doc.title);
        let number_setting = self.footer_setting(true);
        let mut widest_number = 0.0f32;
        for number in 1..=count {
            let page = self.page_number(number, count);
            widest_number = widest_number.max(self.natural_width(&page, number_setting)?.unwrap_or(f32::MAX));
        }
        // An em and a half of air between the label and the number.
        let room = self.width - widest_number - 1.5 * self.style.small.size;
        let fits = |text: &str| -> Result<bool, LayoutError> {
            Ok(self.natural_width(text, self.footer_setting(false))?.is_some_and(|w| w <= room))
        };
        if fits(&label)? {
            return Ok(label);
        }
        // The longest prefix that fits with the ellipsis, cut between words where a word
        // fits, else between grapheme clusters of the first word; found by bisection
        // (a longer prefix is never narrower).
        let cuts = truncation_points(&label);
        let shortened = |cut: usize| format!("{}{ELLIPSIS}", trim_before_ellipsis(&label[..cut]));
        let (mut lo, mut hi) = (0, cuts.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(&shortened(cuts[mid - 1]))? {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Ok(if lo == 0 { ELLIPSIS.to_string() } else { shortened(cuts[lo - 1]) })
    }

    /// The width `text` takes on one line in `setting`; `None` when it breaks into
    /// several lines even on a measure as wide as a poster (a forced break).
    fn natural_width(&self, text: &str, setting: Setting) -> Result<Option<f32>, LayoutError> {
        let lines = self.setter.set_plain(text, Setting { align: Align::Start, ..setting }, UNBOUNDED)?;
        Ok(match lines.as_slice() {
            [line] => Some(line.set_width),
            _ => None,
        })
    }
}

/// The side of the action page's QR code: above the 20 mm a phone reads from arm's
/// length at any module count a short address makes.
const ACTION_CODE_SIDE: f32 = 22.0 * super::MM;

/// Wraps the lines of a block in a structure element: its start before the first
/// line's items, its end after the last line's, so that it travels with them through
/// pagination and may open on one page and close on the next.
fn wrap_lines(lines: &mut [FlowLine], elem: StructElem) {
    if let [first, ..] = lines {
        first.items.insert(0, FrameItem::Tag(Tag::Start(elem)));
    }
    if let [.., last] = lines {
        last.items.push(FrameItem::Tag(Tag::End));
    }
}

/// Wraps consecutive units (a list's items) in one structure element.
fn wrap_units(units: &mut [Unit], elem: StructElem) {
    if let Some(first) = units.iter_mut().find_map(|u| u.lines.first_mut()) {
        first.items.insert(0, FrameItem::Tag(Tag::Start(elem)));
    }
    if let Some(last) = units.iter_mut().rev().find_map(|u| u.lines.last_mut()) {
        last.items.push(FrameItem::Tag(Tag::End));
    }
}

/// A measure no footer reaches: for measuring text on one line.
const UNBOUNDED: f32 = 100_000.0;

/// Where a too-long footer label may be cut, shortest prefix first: at the end of each
/// word (before a space), or, when even the first word is too long, the grapheme
/// cluster boundaries inside it (so a base letter never loses its marks).
fn truncation_points(text: &str) -> Vec<usize> {
    let first_space = text.find(char::is_whitespace).unwrap_or(text.len());
    let mut cuts: Vec<usize> = icu_segmenter::GraphemeClusterSegmenter::new()
        .segment_str(&text[..first_space])
        .filter(|&i| i > 0 && i < first_space)
        .collect();
    cuts.extend(
        text.char_indices()
            .filter(|&(i, c)| c.is_whitespace() && i > 0)
            .map(|(i, _)| i)
            .filter(|&i| !text[..i].ends_with(char::is_whitespace)),
    );
    cuts
}

/// A prefix ready for the ellipsis: no trailing spaces, and no trailing punctuation or
/// dash that would sit against it ("Journalist,…" reads as "Journalist…").
fn trim_before_ellipsis(prefix: &str) -> &str {
    prefix.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, ',' | ';' | ':' | '\u{2014}' | '\u{2013}' | '-' | '\u{060C}' | '\u{061B}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::compose_pack;
    use crate::fonts::test_fonts;
    use crate::load::{discover_cases, load_case, Block, Case};

    /// The long-content fixture (issue 14): a title that meets the page number, a
    /// story that spans pages, an action section that fills its page.
    fn long_case(lang: &str) -> Case {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/long");
        load_case(&discover_cases(&dir).unwrap()[0], &[lang.to_string()]).unwrap()
    }

    fn layout(case: &Case) -> PagedDocument {
        let file = case.langs[0].file.as_ref().unwrap();
        let doc = compose_pack(case, file, &mut crate::diag::Sink::new()).unwrap();
        layout_pack(test_fonts(), &doc, &case.photo, Profile::Home).unwrap()
    }

    /// A text item's text and its glyphs' left and right extent.
    fn text_of(item: &FrameItem) -> Option<(String, f32, f32, f32)> {
        let FrameItem::Text { x, baseline, run, .. } = item else { return None };
        let text = run.text.clone();
        let left = run.glyphs.iter().map(|g| x + g.x).fold(f32::MAX, f32::min);
        let right = run.glyphs.iter().map(|g| x + g.x + g.advance).fold(f32::MIN, f32::max);
        Some((text, *baseline, left, right))
    }

    /// A run's text and its left and right edges.
    type Extent = (String, f32, f32);

    /// The footer's runs (below the flow area): page number runs (digits, spaces and
    /// the slash) and label runs, each as (text, left, right).
    fn footer(page: &Page) -> (Vec<Extent>, Vec<Extent>) {
        let floor = page.height - pack_style(false).margin_bottom;
        let runs = page.items.iter().filter_map(text_of).filter(|(_, baseline, ..)| *baseline > floor);
        runs.map(|(text, _, l, r)| (text, l, r))
            .partition(|(text, ..)| text.chars().all(|c| c.is_numeric() || c == '/' || c.is_whitespace()))
    }

    #[test]
    fn a_long_title_is_shortened_clear_of_the_page_number() {
        for lang in ["en", "ar"] {
            let doc = layout(&long_case(lang));
            for (index, page) in doc.pages.iter().enumerate() {
                let (number, label) = footer(page);
                let (nl, nr) = number.iter().fold((f32::MAX, f32::MIN), |(l, r), n| (l.min(n.1), r.max(n.2)));
                let (ll, lr) = label.iter().fold((f32::MAX, f32::MIN), |(l, r), n| (l.min(n.1), r.max(n.2)));
                let text: String = label.iter().map(|(t, ..)| t.as_str()).collect();
                assert!(text.contains('\u{2026}'), "{lang} page {}: footer not shortened: {text}", index + 1);
                // Left to right the number is on the right; right to left on the left.
                let gap = if lang == "ar" { ll - nr } else { nl - lr };
                assert!(gap >= 8.0, "{lang} page {}: {gap:.1} pt between `{text}` and the number", index + 1);
                let baselines: Vec<f32> = page
                    .items
                    .iter()
                    .filter_map(text_of)
                    .map(|t| t.1)
                    .filter(|b| *b > page.height - 40.0)
                    .collect();
                assert!(
                    baselines.iter().all(|b| (b - baselines[0]).abs() < 0.01),
                    "footer wrapped: {baselines:?}"
                );
            }
        }
    }

    #[test]
    fn a_short_footer_is_left_as_it_is() {
        let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        let case = load_case(&discover_cases(&packs).unwrap()[0], &["en".to_string()]).unwrap();
        let doc = layout(&case);
        let (_, label) = footer(&doc.pages[0]);
        let text: String = label.iter().map(|(t, ..)| t.as_str()).collect();
        assert_eq!(text, "Ali Aarrass \u{2014} Free Ali Aarrass");
    }

    #[test]
    fn the_footer_prints_the_title_as_the_cover_does() {
        // French quotes the title's straight quotation marks with guillemets and
        // narrow no-break spaces; the footer used to print the title as typed.
        let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        let mut case = load_case(&discover_cases(&packs).unwrap()[0], &["fr".to_string()]).unwrap();
        case.source.langs[0].file.as_mut().unwrap().front.title = "Libérez \"Ali\"".to_string();
        let file = case.langs[0].file.as_ref().unwrap();
        let composed = compose_pack(&case, file, &mut crate::diag::Sink::new()).unwrap();
        let Some(crate::compose::DocBlock::Cover(cover)) = composed.blocks.first() else {
            panic!("no cover")
        };
        assert_ne!(cover.title, file.front.title, "French should quote the title its own way");
        let doc = layout_pack(test_fonts(), &composed, &case.photo, Profile::Home).unwrap();
        let (_, label) = footer(&doc.pages[1]);
        let text: String = label.iter().map(|(t, ..)| t.as_str()).collect();
        assert_eq!(text, format!("Ali Aarrass \u{2014} {}", cover.title));
    }

    #[test]
    fn footer_labels_are_cut_between_words_and_lose_trailing_commas() {
        let label = "Ali \u{2014} Free Ali, Trade Unionist";
        let cuts: Vec<&str> =
            truncation_points(label).into_iter().map(|i| trim_before_ellipsis(&label[..i])).collect();
        assert_eq!(
            cuts,
            [
                "A",
                "Al",
                "Ali",
                "Ali",
                "Ali \u{2014} Free",
                "Ali \u{2014} Free Ali",
                "Ali \u{2014} Free Ali, Trade"
            ]
        );
    }

    /// The last line of body text on each page but the last, as text.
    fn page_ends(doc: &PagedDocument) -> Vec<String> {
        let floor = doc.pages[0].height - pack_style(false).margin_bottom;
        let pages = &doc.pages[..doc.pages.len() - 1];
        pages
            .iter()
            .map(|page| {
                let body: Vec<_> = page.items.iter().filter_map(text_of).filter(|t| t.1 < floor).collect();
                let last = body.iter().map(|t| t.1).fold(f32::MIN, f32::max);
                body.iter().filter(|t| (t.1 - last).abs() < 0.01).map(|t| t.0.as_str()).collect()
            })
            .collect()
    }

    #[test]
    fn no_page_ends_on_a_hyphenated_word() {
        // The paragraph across the first page break grows a word at a time at its start,
        // so its line breaks change; set as the text stage breaks them, five of these
        // twelve lengths end page 1 on a hyphen ("…offences that carry sen-").
        let mut case = long_case("en");
        let source = std::fs::read_to_string(&case.langs[0].path).unwrap();
        let words = ["truly", "remarkable", "international", "determination", "unforgettable", "and"];
        for extra in 0..12 {
            let file = case.source.langs[0].file.as_mut().unwrap();
            let Block::Paragraph { inlines, .. } = &mut file.sections[0].blocks[3] else { panic!() };
            if extra > 0 {
                inlines[0].text.insert(0, ' ');
                inlines[0].text.insert_str(0, words[extra % words.len()]);
            }
            let doc = layout(&case);
            for end in page_ends(&doc) {
                let word = end.rsplit(' ').next().unwrap_or_default();
                // A line may end on a hyphen the text has ("Montgomery-").
                assert!(
                    !end.ends_with('-') || source.contains(word),
                    "a page ends on `{end}` ({extra} words)"
                );
            }
        }
    }

    #[test]
    fn the_solidarity_box_does_not_sit_alone_on_a_page() {
        let doc = layout(&long_case("en"));
        let page = doc
            .pages
            .iter()
            .find(|p| p.items.iter().filter_map(text_of).any(|t| t.0 == "Send a message of solidarity to"))
            .unwrap();
        let texts: Vec<String> = page.items.iter().filter_map(text_of).map(|t| t.0).collect();
        assert!(texts.iter().any(|t| t == "Write to"), "the box is alone on its page: {texts:?}");
    }

    /// A case of the scripts fixtures.
    fn script_case(id: &str) -> Case {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts");
        load_case(discover_cases(&dir).unwrap().iter().find(|d| d.id == id).unwrap(), &[]).unwrap()
    }

    fn run_of(item: &FrameItem) -> Option<&crate::text::GlyphRun> {
        if let FrameItem::Text { run, .. } = item {
            Some(run)
        } else {
            None
        }
    }

    /// How far a text item's ink reaches: its top and bottom on the page, y down.
    fn ink_of(item: &FrameItem) -> Option<(f32, f32)> {
        let FrameItem::Text { baseline, run, .. } = item else { return None };
        let face = run.font.face();
        let inks = run.glyphs.iter().filter_map(|g| face.ink_em(g.gid).map(|ink| (ink, g.y)));
        inks.map(|([_, low, _, high], y)| (baseline - high * run.size - y, baseline - low * run.size - y))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
    }

    #[test]
    fn a_tall_title_clears_the_kicker_above_it() {
        // Nastaliq's ل and ک climb far above Latin ascenders; Myanmar and Sinhala
        // stack their vowels; Latin and Arabic for comparison.
        let nastaliq = std::path::Path::new("/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Bold.ttf");
        // The shipped faces and the machine's, as a build finds them (Nastaliq is found).
        let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let book = crate::fonts::FontBook::load(&fonts)
            .unwrap()
            .with_sources(crate::fonts::FontSources::from_env(&[]));
        for id in ["urdu-case", "burmese-case", "sinhala-case", "tamil-case", "persian-case", "yiddish-case"]
        {
            let case = script_case(id);
            let file = case.langs[0].file.as_ref().unwrap();
            let doc = compose_pack(&case, file, &mut crate::diag::Sink::new()).unwrap();
            let pack = layout_pack(&book, &doc, &case.photo, Profile::Home).unwrap();
            let items = pack.pages[0].flat_items();
            let texts: Vec<&FrameItem> =
                items.iter().filter(|i| matches!(i, FrameItem::Text { .. })).collect();
            let FrameItem::Text { run: kicker, .. } = texts[0] else { unreachable!() };
            assert_eq!(kicker.paint, Paint::Accent, "{id}: the kicker comes first");
            let title_size = texts.iter().filter_map(|i| run_of(i).map(|r| r.size)).fold(0.0, f32::max);
            let kicker_bottom = ink_of(texts[0]).unwrap().1;
            let title: Vec<&&FrameItem> =
                texts.iter().filter(|i| run_of(i).is_some_and(|r| r.size == title_size)).collect();
            let title_top = title.iter().filter_map(|i| ink_of(i)).map(|ink| ink.0).fold(f32::MAX, f32::min);
            assert!(
                title_top > kicker_bottom + 1.0,
                "{id}: the title's ink reaches {title_top:.1}, the kicker's {kicker_bottom:.1}"
            );
            if id == "urdu-case" && nastaliq.exists() {
                let face = &run_of(title[0]).unwrap().font.face().file;
                assert!(face.contains("Nastaliq"), "{face}");
            }
        }
    }

    #[test]
    fn right_to_left_list_numbers_read_from_the_right() {
        // The sample's Arabic letter: "1." set right to left, as a browser's
        // <ol dir=rtl> shows it: the number on the right, flush with the start edge,
        // its full stop on its left, the text side.
        let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        let case = load_case(&discover_cases(&packs).unwrap()[0], &["ar".to_string()]).unwrap();
        let pack = layout(&case);
        let mut markers = 0;
        for page in &pack.pages {
            let items = page.flat_items();
            for item in &items {
                let FrameItem::Text { x, run, .. } = item else { continue };
                if run.text.chars().count() != 2 || !run.text.contains('.') {
                    continue;
                }
                let at = |c: &str| {
                    (0..run.glyphs.len()).find(|&i| run.cluster_text(i) == c).map(|i| run.glyphs[i].x)
                };
                let (Some(stop), Some(number)) =
                    (at("."), run.text.chars().find(char::is_ascii_digit).and_then(|d| at(&d.to_string())))
                else {
                    continue;
                };
                markers += 1;
                assert!(stop < number, "{:?}: the full stop is right of the number", run.text);
                let right = x + run.glyphs.iter().map(|g| g.x + g.advance).fold(0.0, f32::max);
                let page_text_right = items.iter().filter_map(text_of).map(|t| t.3).fold(0.0, f32::max);
                assert!(
                    (right - page_text_right).abs() < 2.0,
                    "{:?} ends at {right}, the text at {page_text_right}",
                    run.text
                );
            }
        }
        assert_eq!(markers, 4, "the sample letter's four numbered demands");
    }
}
