//! The tally sheet: one page of the case's paper with the person's name, lines to
//! write the event's name and date on, a box for each count, and where to send the
//! sheet (a QR code when that is a web form). Set in the language's direction: the
//! boxes stand on the end side, where a column of numbers is read.

use super::qr;
use super::setter::{Setter, Setting};
use super::style::{pack_style, PackStyle, TextSize};
use super::{tagged, FrameItem, LayoutError, Page, PagedDocument, StructElem, TextSource, MM};
use crate::compose::{ReportTo, TallySheet};
use crate::fonts::{small_on_body, FontBook};
use crate::load::Inline;
use crate::text::{Align, Paint};

/// A count's box: wide enough for four digits written large, tall enough for them.
const BOX_WIDTH: f32 = 55.0 * MM;
const BOX_HEIGHT: f32 = 20.0 * MM;
/// From one count's top to the next's.
const COUNT_PITCH: f32 = 28.0 * MM;
/// From a field's label to the line written on: room for handwriting.
const WRITING_DROP: f32 = 12.0 * MM;
/// The weight of the lines and boxes written in.
const FORM_RULE: f32 = 0.6;
/// The side of the report form's QR code: scanned from a table, at arm's length.
const CODE_SIDE: f32 = 28.0 * MM;

/// Lays out the tally sheet (home only).
pub(crate) fn layout_tally(book: &FontBook, sheet: &TallySheet) -> Result<PagedDocument, LayoutError> {
    let style = pack_style(small_on_body(&sheet.lang)).loosened(book.leading_scale(&sheet.lang));
    let (width, height) = sheet.paper.size_pt();
    let measure = width - 2.0 * style.margin_x;
    let t = Setter::new(book, &sheet.lang, sheet.lang.is_rtl(), measure)
        .keeping_whole(std::slice::from_ref(&sheet.person));
    let mut form = Form { t: &t, style, items: Vec::new(), y: style.margin_top };
    form.head(sheet)?;
    form.y += 10.0 * MM;
    form.writing_line(&sheet.event)?;
    form.writing_line(&sheet.date)?;
    form.y += 6.0 * MM;
    for count in &sheet.counts {
        form.count(&count.label)?;
    }
    // Where the sheet goes stands at the foot of the page, as a letter's address does,
    // under a rule: the form above is filled in, this is read.
    let form_bottom = form.y + 6.0 * MM;
    let mut foot = Form { t: &t, style, items: Vec::new(), y: 0.0 };
    foot.report(sheet)?;
    let bottom = height - style.margin_bottom;
    let foot_top = bottom - foot.y;
    if form_bottom > foot_top + 0.01 {
        return Err(LayoutError::Overflow {
            what: "tally sheet",
            source: TextSource::CaseYaml("report_to"),
            over: form_bottom - foot_top,
            floor: 1.0,
        });
    }
    if !foot.items.is_empty() {
        let rule_y = foot_top - 5.0 * MM;
        form.items.push(FrameItem::Rule {
            x1: 0.0,
            y1: rule_y,
            x2: t.width,
            y2: rule_y,
            thickness: 1.5,
            paint: Paint::Accent,
        });
    }
    form.items.extend(foot.items.into_iter().map(|item| item.translated(0.0, foot_top)));
    let items = form.items.into_iter().map(|item| item.translated(style.margin_x, 0.0)).collect();
    Ok(PagedDocument {
        pages: vec![Page::plain(width, height, items)],
        title: sheet.title.clone(),
        author: sheet.publisher.clone(),
        subject: "Tally sheet".to_string(),
        lang: sheet.lang.clone(),
        photo: None,
    })
}

/// The sheet being set, from the top down, in the measure's coordinates (x from the
/// measure's left, mirrored for right-to-left by the setter).
struct Form<'a> {
    t: &'a Setter<'a>,
    style: PackStyle,
    items: Vec<FrameItem>,
    /// The top of what comes next.
    y: f32,
}

impl Form<'_> {
    fn setting(size: TextSize, bold: bool, paint: Paint) -> Setting {
        Setting { size, bold, paint, align: Align::Start }
    }

    /// Sets `text` as one element from the current top, advancing it.
    fn text(
        &mut self,
        elem: StructElem,
        text: &str,
        setting: Setting,
        width: f32,
    ) -> Result<(), LayoutError> {
        let lines = self.t.set_plain(text, setting, width)?;
        let (items, used) = self.t.block_lines(lines, setting.size, 0.0, self.y);
        self.items.extend(tagged(elem, items));
        self.y += used;
        Ok(())
    }

    /// The kicker, the person's name and the title.
    fn head(&mut self, sheet: &TallySheet) -> Result<(), LayoutError> {
        let s = self.style;
        let kicker = Self::setting(s.heading, true, Paint::Accent);
        self.text(StructElem::Paragraph, &sheet.kicker, kicker, self.t.width)?;
        self.y += 2.0 * MM;
        let name =
            self.t.set_display(&sheet.person, Self::setting(s.title, true, Paint::Ink), self.t.width)?;
        let (items, used) = self.t.display_block_lines(name, s.title, 0.0, self.y);
        self.items.extend(tagged(StructElem::Heading(1), items));
        self.y += used + 2.0 * MM;
        self.text(
            StructElem::Paragraph,
            &sheet.title,
            Self::setting(s.heading, false, Paint::Ink),
            self.t.width,
        )
    }

    /// A field's label, then a line across the measure to write on.
    fn writing_line(&mut self, label: &str) -> Result<(), LayoutError> {
        let top = self.y;
        let size = self.style.lead;
        self.text(StructElem::Paragraph, label, Self::setting(size, true, Paint::Ink), self.t.width)?;
        let line_y = top + WRITING_DROP.max(self.y - top + 6.0 * MM);
        self.items.push(rule(0.0, line_y, self.t.width, line_y));
        self.y = line_y + 6.0 * MM;
        Ok(())
    }

    /// A count's label on the start side, centred on its box on the end side.
    fn count(&mut self, label: &str) -> Result<(), LayoutError> {
        let size = self.style.heading;
        let room = self.t.width - BOX_WIDTH - 8.0 * MM;
        let lines = self.t.set_plain(label, Self::setting(size, true, Paint::Ink), room)?;
        let text_height = lines.len() as f32 * size.leading;
        let box_top = self.y;
        let (items, _) =
            self.t.block_lines(lines, size, 0.0, box_top + (BOX_HEIGHT - text_height).max(0.0) / 2.0);
        self.items.extend(tagged(StructElem::Paragraph, items));
        let x = self.t.place_x(self.t.width - BOX_WIDTH, BOX_WIDTH);
        let (right, bottom) = (x + BOX_WIDTH, box_top + BOX_HEIGHT);
        self.items.extend([
            rule(x, box_top, right, box_top),
            rule(right, box_top, right, bottom),
            rule(right, bottom, x, bottom),
            rule(x, bottom, x, box_top),
        ]);
        self.y += COUNT_PITCH.max(text_height + 6.0 * MM);
        Ok(())
    }

    /// Where the sheet goes: its label, then the e-mail address, the web form (its
    /// code and short address) or the postal address.
    fn report(&mut self, sheet: &TallySheet) -> Result<(), LayoutError> {
        let Some(report_to) = &sheet.report_to else { return Ok(()) };
        let s = self.style;
        let label = Self::setting(s.body, true, Paint::Accent);
        self.text(StructElem::Paragraph, &sheet.report_label, label, self.t.width)?;
        self.y += 2.0 * MM;
        let body = Self::setting(s.body, false, Paint::Ink);
        match report_to {
            ReportTo::Email(email) => {
                let inlines = [Inline::linked(email, &format!("mailto:{email}"))];
                let lines = self.t.set_inlines_auto(&inlines, body, self.t.width)?;
                let (items, used) = self.t.block_lines(lines, s.body, 0.0, self.y);
                self.items.extend(tagged(StructElem::Paragraph, items));
                self.y += used;
            }
            ReportTo::Web(link) => {
                if let Some(code) = qr::code_block(self.t, link, CODE_SIDE, s.body, 0.0)? {
                    self.items.extend(code.items.into_iter().map(|item| item.translated(0.0, self.y)));
                    self.y += code.height;
                }
            }
            ReportTo::Postal(card) => {
                let mut address = Vec::new();
                let name_setting = Self::setting(s.body, true, Paint::Ink);
                let lines = std::iter::once((card.name.as_str(), name_setting))
                    .chain(card.lines.iter().map(|line| (line.as_str(), body)));
                for (line, setting) in lines {
                    let set = self.t.set_line_auto(line, setting, self.t.width)?;
                    let (items, used) = self.t.block_lines(set, s.body, 0.0, self.y);
                    address.extend(tagged(StructElem::Paragraph, items));
                    self.y += used;
                }
                if let Some(email) = &card.email {
                    let set = self.t.set_inlines_auto(email, body, self.t.width)?;
                    let (items, used) = self.t.block_lines(set, s.body, 0.0, self.y);
                    address.extend(tagged(StructElem::Paragraph, items));
                    self.y += used;
                }
                self.items.extend(tagged(StructElem::Address, address));
            }
        }
        Ok(())
    }
}

/// A line of the form, in body ink.
fn rule(x1: f32, y1: f32, x2: f32, y2: f32) -> FrameItem {
    FrameItem::Rule { x1, y1, x2, y2, thickness: FORM_RULE, paint: Paint::Ink }
}
