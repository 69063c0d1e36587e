//! The appeal pack: cover with photo and story, the person's letter, the action page
//! with addresses, and the sample letter; footers with page numbers.

use std::sync::Arc;

use super::flow::{paginate, FlowArea, Unit};
use super::photo::crop_to_frame;
use super::setter::{Setter, Setting};
use super::style::{pack_style, PackStyle};
use super::{press, FrameItem, LayoutError, Page, PagedDocument, Profile};
use crate::compose::{AddressCard, Cover, DocBlock, Document, ParaRole};
use crate::load::{Inline, Photo};
use crate::text::{Align, FontBook, Paint};

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
        Profile::Press => press_pack(&home, doc),
    })
}

/// The pack as a home printer takes it: the text and the flow that both profiles share.
pub fn layout_home_pack(
    book: &FontBook,
    doc: &Document,
    photo: &Arc<Photo>,
) -> Result<PagedDocument, LayoutError> {
    let (page_w, page_h) = doc.paper.size_pt();
    let style = pack_style(doc.lang.is_rtl()).loosened(book.leading_scale(&doc.lang));
    let width = page_w - 2.0 * style.margin_x;
    let t = Setter { book, lang: &doc.lang, rtl: doc.lang.is_rtl(), width };
    let ctx = Ctx { t, doc, style, width, photo };
    let units = ctx.units()?;
    let area = FlowArea { x: style.margin_x, top: style.margin_top, bottom: page_h - style.margin_bottom };
    let bodies = paginate(&units, area);
    let count = bodies.len();
    let mut pages = Vec::with_capacity(count);
    for (index, mut items) in bodies.into_iter().enumerate() {
        items.extend(ctx.footer(index + 1, count, page_h)?);
        pages.push(Page::plain(page_w, page_h, items));
    }
    Ok(PagedDocument {
        pages,
        title: doc.title.clone(),
        author: doc.publisher.clone(),
        subject: "Appeal pack".to_string(),
        lang: doc.lang.to_string(),
        photo: Some(photo.clone()),
    })
}

/// The press pack from the home layout of the same document. The two differ only in
/// the cover photo, which for press spans the page from edge to edge and runs on into
/// the bleed; every line and page break is the same, so the text is set once for both.
pub fn press_pack(home: &PagedDocument, doc: &Document) -> PagedDocument {
    let (page_w, _) = doc.paper.size_pt();
    let focus = doc.blocks.iter().find_map(|b| match b {
        DocBlock::Cover(cover) => Some(cover.focus),
        _ => None,
    });
    let to_bleed = |item: &FrameItem| match (item, &home.photo, focus) {
        (&FrameItem::Image { y, height, .. }, Some(photo), Some(focus)) => {
            let width = page_w + 2.0 * press::BLEED;
            let crop = crop_to_frame(photo.pixels.width(), photo.pixels.height(), width, height, focus);
            FrameItem::Image { x: -press::BLEED, y, width, height, crop }
        }
        _ => item.clone(),
    };
    let pages = home
        .pages
        .iter()
        .map(|page| {
            press::to_press(Page::plain(page.width, page.height, page.items.iter().map(to_bleed).collect()))
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

struct Ctx<'a> {
    t: Setter<'a>,
    doc: &'a Document,
    style: PackStyle,
    width: f32,
    photo: &'a Arc<Photo>,
}

impl Ctx<'_> {
    fn units(&self) -> Result<Vec<Unit>, LayoutError> {
        let mut units = Vec::new();
        let mut break_next = false;
        for block in &self.doc.blocks {
            let start = units.len();
            match block {
                DocBlock::Cover(cover) => units.push(self.cover(cover)?),
                DocBlock::Heading(text) => units.push(self.heading(text)?),
                DocBlock::Subheading(inlines) => units.push(self.subheading(inlines)?),
                DocBlock::Paragraph { inlines, role, .. } => units.push(self.paragraph(inlines, *role)?),
                DocBlock::List { start, items, role } => units.extend(self.list(*start, items, *role)?),
                DocBlock::Addresses { label, cards } => units.extend(self.addresses(label, cards)?),
                DocBlock::LetterHead { sender, date, recipient } => {
                    units.push(self.letter_head(sender, date, recipient)?)
                }
                DocBlock::LetterClose { closing, signature } => {
                    units.extend(self.letter_close(closing.as_deref(), signature)?)
                }
                DocBlock::PageBreak => {
                    break_next = true;
                    continue;
                }
            }
            if break_next {
                if let Some(unit) = units.get_mut(start) {
                    unit.page_break_before = true;
                }
                break_next = false;
            }
        }
        Ok(units)
    }

    fn cover(&self, cover: &Cover) -> Result<Unit, LayoutError> {
        let s = &self.style;
        let mut items = Vec::new();
        let mut y = 0.0;
        items.push(FrameItem::Rect {
            x: self.t.place_x(0.0, 36.0),
            y,
            width: 36.0,
            height: 4.0,
            paint: Paint::Accent,
        });
        y += 10.0;
        let kicker = Setting { size: s.label, bold: true, paint: Paint::Accent, align: Align::Start };
        let (kicker_items, h) =
            self.t.block_lines(self.t.set_plain(&cover.kicker, kicker, self.width)?, s.label, 0.0, y);
        items.extend(kicker_items);
        y += h + 2.0;
        let title = Setting { size: s.title, bold: true, paint: Paint::Ink, align: Align::Start };
        let (title_items, h) =
            self.t.block_lines(self.t.set_plain(&cover.title, title, self.width)?, s.title, 0.0, y);
        items.extend(title_items);
        y += h + 10.0;
        let frame_h = (self.width * 0.56).round();
        // The photo sits in the margins a desktop printer needs; `press_pack` widens
        // it to the bleed.
        let (frame_x, frame_w) = (0.0, self.width);
        let pixels = &self.photo.pixels;
        let crop = crop_to_frame(pixels.width(), pixels.height(), frame_w, frame_h, cover.focus);
        items.push(FrameItem::Image { x: frame_x, y, width: frame_w, height: frame_h, crop });
        y += frame_h + 3.0;
        let caption = Setting { size: s.small, bold: false, paint: Paint::Muted, align: Align::End };
        let (credit_items, h) =
            self.t.block_lines(self.t.set_plain(&cover.credit, caption, self.width)?, s.small, 0.0, y);
        items.extend(credit_items);
        y += h;
        if let Some(deadline) = &cover.deadline {
            let line = Setting { size: s.body, bold: true, paint: Paint::Accent, align: Align::Start };
            let (deadline_items, h) =
                self.t.block_lines(self.t.set_plain(deadline, line, self.width)?, s.body, 0.0, y + 4.0);
            items.extend(deadline_items);
            y += h + 4.0;
        }
        Ok(Unit::block(0.0, y + 4.0, items))
    }

    fn heading(&self, text: &str) -> Result<Unit, LayoutError> {
        let s = &self.style;
        let setting = Setting { size: s.heading, bold: true, paint: Paint::Ink, align: Align::Start };
        let mut lines = self.t.flow_lines(self.t.set_plain(text, setting, self.width)?, s.heading, 0.0);
        if let Some(last) = lines.last_mut() {
            last.height += 3.0;
        }
        Ok(Unit {
            space_before: s.heading_gap,
            lines,
            splittable: false,
            keep_with_next: true,
            page_break_before: false,
        })
    }

    fn subheading(&self, inlines: &[Inline]) -> Result<Unit, LayoutError> {
        let s = &self.style;
        let setting = Setting { size: s.body, bold: true, paint: Paint::Ink, align: Align::Start };
        let lines = self.t.flow_lines(self.t.set(inlines, setting, self.width)?, s.body, 0.0);
        Ok(Unit {
            space_before: s.paragraph_gap * 1.5,
            lines,
            splittable: false,
            keep_with_next: true,
            page_break_before: false,
        })
    }

    fn paragraph(&self, inlines: &[Inline], role: ParaRole) -> Result<Unit, LayoutError> {
        let s = &self.style;
        let size = s.for_role(role);
        let setting = Setting { size, bold: false, paint: Paint::Ink, align: Align::Justify };
        let indent = if role == ParaRole::Quote { s.indent } else { 0.0 };
        let mut lines = self.t.flow_lines(self.t.set(inlines, setting, self.width - indent)?, size, indent);
        if role == ParaRole::Quote {
            // The person's words carry a rule on the start side, drawn per line so it
            // follows the paragraph across a page break.
            for line in &mut lines {
                let x = self.t.place_x(0.0, 2.5);
                line.items.push(FrameItem::Rect {
                    x,
                    y: 0.0,
                    width: 2.5,
                    height: line.height,
                    paint: Paint::Accent,
                });
            }
        }
        let gap = if role == ParaRole::Quote { s.paragraph_gap * 0.5 } else { s.paragraph_gap };
        Ok(Unit {
            space_before: gap,
            lines,
            splittable: true,
            keep_with_next: false,
            page_break_before: false,
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
                Some(n) => format!("{}.", self.doc.conventions.number(n + i as u64)),
                None => self.doc.conventions.bullet.to_string(),
            };
            let mut lines = self.t.flow_lines(self.t.set(item, body, self.width - s.indent)?, size, s.indent);
            let marker_width = s.indent - 5.0;
            let marker_lines =
                self.t.flow_lines(self.t.set_plain(&marker, marker_setting, marker_width)?, size, 0.0);
            if let (Some(first), Some(marker_line)) = (lines.first_mut(), marker_lines.into_iter().next()) {
                first.items.extend(marker_line.items);
            }
            let space_before = if i == 0 { s.paragraph_gap } else { s.paragraph_gap * 0.5 };
            units.push(Unit {
                space_before,
                lines,
                splittable: true,
                keep_with_next: false,
                page_break_before: false,
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
            self.t.block_lines(self.t.set_line_auto(&card.name, name, inner)?, s.body, x + pad, y);
        items.extend(name_items);
        y += h + 2.0;
        let line = Setting { size: s.body, bold: false, paint: Paint::Ink, align: Align::Start };
        for text in &card.lines {
            let (line_items, h) =
                self.t.block_lines(self.t.set_line_auto(text, line, inner)?, s.body, x + pad, y);
            items.extend(line_items);
            y += h;
        }
        if let Some(email) = &card.email {
            let muted = Setting { size: s.small, bold: false, paint: Paint::Muted, align: Align::Start };
            let (email_items, h) =
                self.t.block_lines(self.t.set_line_auto(email, muted, inner)?, s.small, x + pad, y + 2.0);
            items.extend(email_items);
            y += h + 2.0;
        }
        Ok((items, y + pad))
    }

    fn addresses(&self, label: &str, cards: &[AddressCard]) -> Result<Vec<Unit>, LayoutError> {
        let s = &self.style;
        let label_setting = Setting { size: s.label, bold: true, paint: Paint::Accent, align: Align::Start };
        let label_lines =
            self.t.flow_lines(self.t.set_plain(label, label_setting, self.width)?, s.label, 0.0);
        let mut units = vec![Unit {
            space_before: s.heading_gap,
            lines: label_lines,
            splittable: false,
            keep_with_next: true,
            page_break_before: false,
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
                let x = self.t.place_x(col as f32 * (card_w + gap), card_w);
                items.push(FrameItem::Rect { x, y: 0.0, width: card_w, height, paint: Paint::Tint });
                items.extend(card_items);
            }
            units.push(Unit::block(if row_index == 0 { 4.0 } else { gap }, height, items));
        }
        Ok(units)
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
        let (mut items, mut h) = self.t.block_lines(self.t.set_plain(label, setting, width)?, s.small, x, y);
        for _ in 0..rules {
            h += 20.0;
            let left = self.t.place_x(x, width);
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
        let (name_items, h) =
            self.t.block_lines(self.t.set_line_auto(&recipient.name, name, sender_w)?, s.body, 0.0, y);
        items.extend(name_items);
        y += h;
        let line = Setting { size: s.body, bold: false, paint: Paint::Ink, align: Align::Start };
        for text in &recipient.lines {
            let (line_items, h) =
                self.t.block_lines(self.t.set_line_auto(text, line, sender_w)?, s.body, 0.0, y);
            items.extend(line_items);
            y += h;
        }
        Ok(Unit::block(s.paragraph_gap, y + 14.0, items))
    }

    fn letter_close(&self, closing: Option<&str>, signature: &str) -> Result<Vec<Unit>, LayoutError> {
        let s = &self.style;
        let mut units = Vec::new();
        if let Some(closing) = closing {
            let setting = Setting { size: s.body, bold: false, paint: Paint::Ink, align: Align::Start };
            let lines = self.t.flow_lines(self.t.set_plain(closing, setting, self.width)?, s.body, 0.0);
            units.push(Unit {
                space_before: s.paragraph_gap * 2.0,
                lines,
                splittable: false,
                keep_with_next: true,
                page_break_before: false,
            });
        }
        let (items, h) = self.fill_in(signature, 0.0, 36.0, self.width * 0.45, 0)?;
        let rule_x = self.t.place_x(0.0, self.width * 0.45);
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

    /// The page footer: a thin rule, the person and title on the start side, the page
    /// number on the end side.
    fn footer(&self, number: usize, count: usize, page_h: f32) -> Result<Vec<FrameItem>, LayoutError> {
        let s = &self.style;
        let top = page_h - s.margin_bottom + 14.0;
        let mut items = vec![FrameItem::Rule {
            x1: s.margin_x,
            y1: top,
            x2: s.margin_x + self.width,
            y2: top,
            thickness: 0.25,
            paint: Paint::Muted,
        }];
        let start = Setting { size: s.small, bold: false, paint: Paint::Muted, align: Align::Start };
        let end = Setting { size: s.small, bold: true, paint: Paint::Muted, align: Align::End };
        let label = format!("{} \u{2014} {}", self.doc.person, self.doc.title);
        let numbers = &self.doc.conventions;
        let page = format!("{} / {}", numbers.number(number as u64), numbers.number(count as u64));
        for (text, setting) in [(label.as_str(), start), (page.as_str(), end)] {
            let (line_items, _) =
                self.t.block_lines(self.t.set_plain(text, setting, self.width)?, s.small, 0.0, top + 4.0);
            items.extend(line_items.into_iter().map(|i| i.translated(s.margin_x, 0.0)));
        }
        Ok(items)
    }
}
