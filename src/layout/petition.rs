//! The petition sheet: on the first page the kicker, the person's name, a small photo
//! framed as the pack's cover frames it, the ask and the authorities it goes to; then a
//! ruled table to sign in (number, name, town or e-mail, signature) filling the rest
//! of the page, its rows tall enough to write in by hand. More rows than the first
//! page holds (case.yaml's `petition_rows`) go on further pages, each with the table's
//! header row again; the numbering runs on. Every page carries the footer: where the
//! signed sheets go back to, by when, and what the names are used for.
//!
//! The table is tagged as one `Table` across its pages, its header row's cells `TH`
//! (scope column), each row's `TD`, the signing cells empty; its rules are artifacts,
//! and so are the header row and footer repeated on later pages (the first page's
//! footer is read before the table). The columns follow the language's direction: in
//! Arabic the number stands at the right.

use std::sync::Arc;

use super::photo::{crop_fit, crop_to_frame, upright_aspect, Framing};
use super::setter::{Setter, Setting};
use super::style::{pack_style, PackStyle, TextSize};
use super::{
    tagged, ArtifactKind, FrameItem, LayoutError, Page, PagedDocument, StructElem, Tag, TextSource, MM,
};
use crate::compose::{AskParagraph, PetitionSheet};
use crate::fonts::{small_on_body, FontBook};
use crate::load::{Inline, Photo};
use crate::text::{Align, Paint};

/// Side margins: a desktop printer's unprintable edge is under 5 mm; 15 mm leaves a
/// hand room to rest on the sheet.
const MARGIN_X: f32 = 15.0 * MM;
/// Top margin.
const MARGIN_TOP: f32 = 14.0 * MM;
/// Bottom margin, under the footer.
const MARGIN_BOTTOM: f32 = 12.0 * MM;
/// A signature row's height: room for a hand-written name and signature (a ruled
/// school exercise book's line is 8 to 10 mm).
pub(crate) const ROW_HEIGHT: f32 = 9.5 * MM;
/// The photo frame's width.
const PHOTO_WIDTH: f32 = 30.0 * MM;
/// Between the photo and the text beside it.
const PHOTO_GAP: f32 = 6.0 * MM;
/// Inside a table cell, across and down.
const CELL_PAD_X: f32 = 1.8 * MM;
const CELL_PAD_Y: f32 = 1.5 * MM;
/// The number column's width at least, and at most.
const NUMBER_WIDTH: (f32, f32) = (10.0 * MM, 24.0 * MM);
/// The shares of the width after the number column: name, town or e-mail, signature.
const COLUMN_SHARES: [f32; 3] = [0.34, 0.30, 0.36];
/// Fewer rows than this on the first page is a sheet nobody would print: the ask is
/// too long for it.
const MIN_ROWS: usize = 3;
/// Between the header's blocks and the table, and above the footer.
const BLOCK_GAP: f32 = 5.0 * MM;

/// Lays out the petition sheet (home only: it is printed on a desktop printer).
pub(crate) fn layout_petition(
    book: &FontBook,
    sheet: &PetitionSheet,
    photo: &Arc<Photo>,
) -> Result<PagedDocument, LayoutError> {
    let (page_w, page_h) = sheet.paper.size_pt();
    let style = pack_style(small_on_body(&sheet.lang)).loosened(book.leading_scale(&sheet.lang));
    let width = page_w - 2.0 * MARGIN_X;
    let setter = Setter::new(book, &sheet.lang, sheet.lang.is_rtl(), width).keeping_whole(&sheet.names);
    let sheet_layout = SheetLayout { setter, sheet, style, width, photo };
    sheet_layout.pages(page_w, page_h)
}

/// What setting the sheet needs: the setter over the text width, the sheet, the
/// pack's type sizes for its language, and the photo.
struct SheetLayout<'a> {
    setter: Setter<'a>,
    sheet: &'a PetitionSheet,
    style: PackStyle,
    width: f32,
    photo: &'a Arc<Photo>,
}

/// The table's columns: each one's logical start (from the start side) and width.
#[derive(Debug, Clone, Copy)]
struct Columns {
    starts: [f32; 4],
    widths: [f32; 4],
}

impl SheetLayout<'_> {
    /// Every page: the first with the header, the rest with the running head; the
    /// table's rows spread over them, the footer on each.
    fn pages(&self, page_w: f32, page_h: f32) -> Result<PagedDocument, LayoutError> {
        let sheet = self.sheet;
        let (header_items, header_h) = self.header()?;
        let (footer_lines, footer_h) = self.footer()?;
        let footer_top = page_h - MARGIN_BOTTOM - footer_h;
        let columns = self.columns()?;
        let (head_row, head_row_h) = self.head_row(&columns)?;
        let table_top = MARGIN_TOP + header_h + BLOCK_GAP;
        let table_bottom = footer_top - BLOCK_GAP;
        let first_fit =
            ((table_bottom - table_top - head_row_h) / ROW_HEIGHT + 0.001).floor().max(0.0) as usize;
        if first_fit < MIN_ROWS {
            let needed = head_row_h + MIN_ROWS as f32 * ROW_HEIGHT;
            return Err(LayoutError::Overflow {
                what: "petition ask",
                source: TextSource::FrontMatter("petition"),
                over: needed - (table_bottom - table_top),
                floor: 1.0,
            });
        }
        let (running_items, running_h) = self.running_head()?;
        let later_top = MARGIN_TOP + running_h + BLOCK_GAP;
        // The running head is shorter than the first page's header: at least as many.
        let later_fit =
            (((table_bottom - later_top - head_row_h) / ROW_HEIGHT + 0.001).floor() as usize).max(first_fit);
        let total = sheet.rows.map_or(first_fit, |n| n as usize);
        let mut pages = Vec::new();
        let mut number = 1;
        while pages.is_empty() || number <= total {
            let first = pages.is_empty();
            let fit = if first { first_fit } else { later_fit };
            let count = fit.min(total + 1 - number);
            let top = if first { table_top } else { later_top };
            let mut items = Vec::new();
            let head = head_row.iter().map(|i| i.clone().translated(0.0, top));
            let footer = footer_lines.iter().map(|i| i.clone().translated(0.0, footer_top));
            if first {
                items.extend(header_items.iter().cloned());
                // Read before the table: on later pages it is a repeat.
                items.extend(footer);
                items.push(FrameItem::Tag(Tag::Start(StructElem::Table)));
                items.extend(tagged(StructElem::TableRow, head));
            } else {
                items.push(FrameItem::Tag(Tag::Artifact(ArtifactKind::Pagination)));
                items.extend(running_items.iter().cloned());
                items.extend(head.filter(drawn));
                items.extend(footer.filter(drawn));
                items.push(FrameItem::Tag(Tag::End));
            }
            let rows_top = top + head_row_h;
            for row in 0..count {
                items.extend(self.row(&columns, number + row, rows_top + row as f32 * ROW_HEIGHT)?);
            }
            number += count;
            let rows_bottom = rows_top + count as f32 * ROW_HEIGHT;
            items.extend(self.rules(&columns, top, head_row_h, rows_bottom, count));
            if number > total {
                items.push(FrameItem::Tag(Tag::End));
            }
            let items = items.into_iter().map(|i| i.translated(MARGIN_X, 0.0)).collect();
            pages.push(Page::plain(page_w, page_h, items));
        }
        Ok(PagedDocument {
            pages,
            title: sheet.title.clone(),
            author: sheet.publisher.clone(),
            subject: "Petition sheet".to_string(),
            lang: sheet.lang.clone(),
            photo: Some(self.photo.clone()),
        })
    }

    /// The first page's top: the photo on the start side, beside it the kicker, the
    /// name, the ask and the addressees; returns the items (from the top margin, in
    /// logical x from the text's start) and the height.
    fn header(&self) -> Result<(Vec<FrameItem>, f32), LayoutError> {
        let s = &self.style;
        let sheet = self.sheet;
        let side_x = PHOTO_WIDTH + PHOTO_GAP;
        let side_w = self.width - side_x;
        let mut items = Vec::new();
        // The accent bar over the kicker, as on the pack's cover.
        items.push(FrameItem::Rect {
            x: self.setter.place_x(side_x, 36.0),
            y: 0.0,
            width: 36.0,
            height: 4.0,
            paint: Paint::Accent,
        });
        let mut y = 10.0;
        let kicker = Setting { size: s.label, bold: true, paint: Paint::Accent, align: Align::Start };
        let (kicker_items, h) = self.setter.display_block_lines(
            self.setter.set_plain(&sheet.kicker, kicker, side_w)?,
            s.label,
            side_x,
            y,
        );
        items.extend(tagged(StructElem::Paragraph, kicker_items));
        y += h + 2.0;
        let name_size = TextSize { size: s.title.size * 0.7, leading: s.title.leading * 0.7 };
        let name = Setting { size: name_size, bold: true, paint: Paint::Ink, align: Align::Start };
        let (name_items, h) = self.setter.display_block_lines(
            self.setter.set_display(&sheet.person, name, side_w)?,
            name_size,
            side_x,
            y,
        );
        items.extend(tagged(StructElem::Heading(1), name_items));
        y += h + 4.0;
        let (photo_items, photo_h) = self.photo()?;
        items.extend(photo_items);
        for para in &sheet.ask {
            y += self.ask_paragraph(para, side_x, side_w, y, &mut items)?;
            y += s.paragraph_gap;
        }
        y += 2.0;
        y += self.addressees(side_x, side_w, y, &mut items)?;
        Ok((items.into_iter().map(|i| i.translated(0.0, MARGIN_TOP)).collect(), y.max(photo_h)))
    }

    /// The photo in its frame on the start side, its credit under it; returns the
    /// items and the height they take. The frame is upright, as the pack's cover frames
    /// a portrait, when that crop keeps the photo's keep region whole with headroom;
    /// otherwise it takes the photo's own shape, which shows all of it.
    fn photo(&self) -> Result<(Vec<FrameItem>, f32), LayoutError> {
        let s = &self.style;
        let sheet = self.sheet;
        let framing = Framing { focus: sheet.focus, keep: sheet.keep };
        let size = self.photo.size();
        let upright_h = PHOTO_WIDTH / upright_aspect(size);
        let upright = crop_to_frame(size.0, size.1, PHOTO_WIDTH, upright_h, framing);
        let fit = crop_fit(size, upright, framing);
        let (frame_h, crop) = if fit.keep_whole && fit.headroom {
            (upright_h, upright)
        } else {
            let own = size.0 as f32 / size.1.max(1) as f32;
            let frame_h = PHOTO_WIDTH / own.clamp(0.75, 16.0 / 9.0);
            (frame_h, crop_to_frame(size.0, size.1, PHOTO_WIDTH, frame_h, framing))
        };
        let x = self.setter.place_x(0.0, PHOTO_WIDTH);
        let image = FrameItem::Image { x, y: 0.0, width: PHOTO_WIDTH, height: frame_h, crop, framing };
        let mut items = tagged(StructElem::Figure { alt: sheet.photo_alt.clone() }, [image]);
        let caption = Setting { size: s.small, bold: false, paint: Paint::Muted, align: Align::End };
        // Not hyphenated: a narrow column of a name or two, where a hyphen cuts a name.
        let (credit, h) = self.setter.block_lines(
            self.setter.set_plain_unhyphenated(&sheet.credit, caption, PHOTO_WIDTH)?,
            s.small,
            0.0,
            frame_h + 3.0,
        );
        items.extend(tagged(StructElem::Caption, credit));
        Ok((items, frame_h + 3.0 + h))
    }

    /// One paragraph of the ask at logical `x`, `width` wide, from `y`; a list item's
    /// marker hangs in the indent before it. Returns the height.
    fn ask_paragraph(
        &self,
        para: &AskParagraph,
        x: f32,
        width: f32,
        y: f32,
        items: &mut Vec<FrameItem>,
    ) -> Result<f32, LayoutError> {
        let s = &self.style;
        let setting = Setting { size: s.body, bold: para.bold, paint: Paint::Ink, align: Align::Start };
        let indent = if para.marker.is_some() { s.indent } else { 0.0 };
        let mut para_items = Vec::new();
        if let Some(marker) = &para.marker {
            let marker_setting = Setting { align: Align::End, paint: Paint::Accent, bold: true, ..setting };
            let (marker_items, _) = self.setter.block_lines(
                self.setter.set_plain(marker, marker_setting, indent - 5.0)?,
                s.body,
                x,
                y,
            );
            para_items.extend(marker_items);
        }
        let (text_items, h) = self.setter.block_lines(
            self.setter.set(&para.inlines, setting, width - indent)?,
            s.body,
            x + indent,
            y,
        );
        para_items.extend(text_items);
        items.extend(tagged(StructElem::Paragraph, para_items));
        Ok(h)
    }

    /// "To:" and the authorities' names, each on its own line beside it; returns the
    /// height.
    fn addressees(&self, x: f32, width: f32, y: f32, items: &mut Vec<FrameItem>) -> Result<f32, LayoutError> {
        let s = &self.style;
        let label = Setting { size: s.body, bold: true, paint: Paint::Accent, align: Align::Start };
        let label_lines = self.setter.set_plain(&self.sheet.to, label, width * 0.4)?;
        let label_w = label_lines.iter().map(|l| l.set_width).fold(0.0, f32::max);
        let (label_items, label_h) = self.setter.block_lines(label_lines, s.body, x, y);
        items.extend(tagged(StructElem::Paragraph, label_items));
        let names_x = x + label_w + 0.4 * s.body.size;
        let names_w = width - (names_x - x);
        let name = Setting { size: s.body, bold: true, paint: Paint::Ink, align: Align::Start };
        let mut h = 0.0;
        for addressee in &self.sheet.addressees {
            let (name_items, used) = self.setter.block_lines(
                self.setter.set_line_auto(addressee, name, names_w)?,
                s.body,
                names_x,
                y + h,
            );
            items.extend(tagged(StructElem::Paragraph, name_items));
            h += used;
        }
        Ok(h.max(label_h))
    }

    /// The footer's lines from its own top (the return line, then the data-use line,
    /// under a thin rule), content as laid out here; returns them and their height.
    fn footer(&self) -> Result<(Vec<FrameItem>, f32), LayoutError> {
        let s = &self.style;
        let sheet = self.sheet;
        let mut items = vec![FrameItem::Rule {
            x1: 0.0,
            y1: 0.0,
            x2: self.width,
            y2: 0.0,
            thickness: 0.25,
            paint: Paint::Muted,
        }];
        let mut y = 4.0;
        if let Some(inlines) = sheet.return_line() {
            let setting = Setting { size: s.small, bold: false, paint: Paint::Ink, align: Align::Start };
            let (line_items, h) =
                self.setter.block_lines(self.setter.set(&inlines, setting, self.width)?, s.small, 0.0, y);
            items.extend(tagged(StructElem::Paragraph, line_items));
            y += h + 1.5;
        }
        let muted = Setting { size: s.small, bold: false, paint: Paint::Muted, align: Align::Start };
        let (data_items, h) = self.setter.block_lines(
            self.setter.set_plain(&sheet.data_use, muted, self.width)?,
            s.small,
            0.0,
            y,
        );
        items.extend(tagged(StructElem::Paragraph, data_items));
        Ok((items, y + h))
    }

    /// Later pages' head: the kicker and the name on one line, so a loose sheet is
    /// known; returns its items (at the top margin) and height.
    fn running_head(&self) -> Result<(Vec<FrameItem>, f32), LayoutError> {
        let s = &self.style;
        let inlines = [
            Inline { bold: true, ..Inline::plain(&format!("{} ", self.sheet.kicker)) },
            Inline::plain(&self.sheet.person),
        ];
        let setting = Setting { size: s.label, bold: false, paint: Paint::Muted, align: Align::Start };
        Ok(self.setter.block_lines(self.setter.set(&inlines, setting, self.width)?, s.label, 0.0, MARGIN_TOP))
    }

    /// The table's columns: the number's as wide as its heading or the widest number
    /// needs (within [`NUMBER_WIDTH`]), the rest shared by [`COLUMN_SHARES`].
    fn columns(&self) -> Result<Columns, LayoutError> {
        let s = &self.style;
        let total = self.sheet.rows.unwrap_or(99).max(99) as u64;
        let head = Setting { size: s.label, bold: true, paint: Paint::Ink, align: Align::Start };
        let number = Setting { size: s.body, bold: false, paint: Paint::Muted, align: Align::Start };
        let widest = |text: &str, setting: Setting| -> Result<f32, LayoutError> {
            let lines = self.setter.set_plain(text, setting, NUMBER_WIDTH.1)?;
            Ok(lines.iter().map(|l| l.set_width).fold(0.0, f32::max))
        };
        let needed = widest(&self.sheet.columns[0], head)?
            .max(widest(&self.sheet.conventions.number(total), number)?)
            + 2.0 * CELL_PAD_X;
        let number_w = needed.clamp(NUMBER_WIDTH.0, NUMBER_WIDTH.1);
        let rest = self.width - number_w;
        let widths = [number_w, rest * COLUMN_SHARES[0], rest * COLUMN_SHARES[1], rest * COLUMN_SHARES[2]];
        let mut starts = [0.0; 4];
        for i in 1..4 {
            starts[i] = starts[i - 1] + widths[i - 1];
        }
        Ok(Columns { starts, widths })
    }

    /// The header row from the table's top: each heading a `TH`, on a tint; returns
    /// the items and the row's height.
    fn head_row(&self, columns: &Columns) -> Result<(Vec<FrameItem>, f32), LayoutError> {
        let s = &self.style;
        let setting = Setting { size: s.label, bold: true, paint: Paint::Ink, align: Align::Start };
        let mut cells = Vec::new();
        for (i, text) in self.sheet.columns.iter().enumerate() {
            let lines = self.setter.set_plain(text, setting, columns.widths[i] - 2.0 * CELL_PAD_X)?;
            cells.push(self.setter.block_lines(lines, s.label, columns.starts[i] + CELL_PAD_X, CELL_PAD_Y));
        }
        let height = cells.iter().map(|(_, h)| *h).fold(0.0, f32::max) + 2.0 * CELL_PAD_Y;
        let mut items =
            vec![FrameItem::Rect { x: 0.0, y: 0.0, width: self.width, height, paint: Paint::Tint }];
        for (cell, _) in cells {
            items.extend(tagged(StructElem::TableHeader, cell));
        }
        Ok((items, height))
    }

    /// One signature row from `top`: its number in the first cell, three empty cells
    /// to fill in by hand.
    fn row(&self, columns: &Columns, number: usize, top: f32) -> Result<Vec<FrameItem>, LayoutError> {
        let s = &self.style;
        let setting = Setting { size: s.body, bold: false, paint: Paint::Muted, align: Align::Center };
        let text = self.sheet.conventions.number(number as u64);
        let lines = self.setter.set_plain(&text, setting, columns.widths[0] - 2.0 * CELL_PAD_X)?;
        let y = top + (ROW_HEIGHT - s.body.leading * lines.len() as f32) / 2.0;
        let (number_items, _) = self.setter.block_lines(lines, s.body, CELL_PAD_X, y);
        let mut cells = tagged(StructElem::TableCell, number_items);
        for _ in 1..4 {
            cells.extend(tagged(StructElem::TableCell, []));
        }
        Ok(tagged(StructElem::TableRow, cells))
    }

    /// The table's rules (artifacts): heavier above and under the header row, a light
    /// one under each row, and the columns' edges from top to bottom.
    fn rules(&self, columns: &Columns, top: f32, head_h: f32, bottom: f32, rows: usize) -> Vec<FrameItem> {
        let across = |y: f32, thickness: f32, paint: Paint| FrameItem::Rule {
            x1: 0.0,
            y1: y,
            x2: self.width,
            y2: y,
            thickness,
            paint,
        };
        let mut items = vec![across(top, 0.8, Paint::Ink), across(top + head_h, 0.8, Paint::Ink)];
        for row in 1..=rows {
            let y = top + head_h + row as f32 * ROW_HEIGHT;
            items.push(across(y, 0.4, Paint::Muted));
        }
        let edges = columns.starts.iter().copied().chain([self.width]);
        for x in edges {
            let x = self.setter.place_x(x, 0.0);
            items.push(FrameItem::Rule {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
                thickness: 0.4,
                paint: Paint::Muted,
            });
        }
        items
    }
}

/// Whether an item draws (it is not a structure tag): a repeat on a later page keeps
/// only what it draws, inside its artifact.
fn drawn(item: &FrameItem) -> bool {
    !matches!(item, FrameItem::Tag(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::compose_petition;
    use crate::diag::Sink;
    use crate::fonts::test_fonts;
    use crate::load::Case;

    fn sample() -> Case {
        crate::load::sample_case()
    }

    fn layout(case: &Case, lang: &str) -> PagedDocument {
        let file = case.langs.iter().find(|e| e.lang == lang).unwrap().file.as_ref().unwrap();
        let sheet = compose_petition(case, file, &mut Sink::new()).unwrap();
        layout_petition(test_fonts(), &sheet, &case.photo).unwrap()
    }

    /// The row numbers on a page, with the left of each and its baseline, in order.
    fn numbers(page: &Page) -> Vec<(usize, f32, f32)> {
        let mut found = Vec::new();
        let mut depth_in_cell = 0;
        for item in &page.items {
            match item {
                FrameItem::Tag(Tag::Start(StructElem::TableCell)) => depth_in_cell += 1,
                FrameItem::Tag(Tag::End) if depth_in_cell > 0 => depth_in_cell -= 1,
                FrameItem::Text { x, baseline, run, .. } if depth_in_cell > 0 => {
                    found.push((run.text.parse().unwrap(), *x + run.glyphs[0].x, *baseline))
                }
                _ => {}
            }
        }
        found
    }

    fn texts(page: &Page) -> Vec<String> {
        page.items
            .iter()
            .filter_map(|i| match i {
                FrameItem::Text { run, .. } => Some(run.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_rows_fill_the_first_page_tall_enough_to_sign() {
        let case = sample();
        let doc = layout(&case, "en");
        assert_eq!(doc.pages.len(), 1);
        let rows = numbers(&doc.pages[0]);
        assert!(rows.len() >= 15, "only {} rows", rows.len());
        let wanted: Vec<usize> = (1..=rows.len()).collect();
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), wanted);
        for pair in rows.windows(2) {
            assert!((pair[1].2 - pair[0].2 - ROW_HEIGHT).abs() < 0.01);
        }
        const { assert!(ROW_HEIGHT >= 9.0 * MM) };
        // The last row ends above the footer's rule, which is above the bottom margin.
        let (_, page_h) = case.facts.paper.unwrap_or_default().size_pt();
        let footer_rule = doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                FrameItem::Rule { y1, y2, thickness, .. } if y1 == y2 && *thickness == 0.25 => Some(*y1),
                _ => None,
            })
            .fold(0.0f32, f32::max);
        let last = rows.last().unwrap().2;
        assert!(last + ROW_HEIGHT < footer_rule && footer_rule < page_h - MARGIN_BOTTOM);
        // Another row would not have fitted.
        assert!(last + 2.0 * ROW_HEIGHT > footer_rule - BLOCK_GAP, "a row's room left over");
    }

    #[test]
    fn more_rows_go_on_pages_that_repeat_the_header_and_count_on() {
        let mut case = sample();
        case.source.facts.petition_rows = Some(60);
        let doc = layout(&case, "en");
        assert!(doc.pages.len() >= 2, "{} pages", doc.pages.len());
        let all: Vec<usize> = doc.pages.iter().flat_map(numbers).map(|r| r.0).collect();
        assert_eq!(all, (1..=60).collect::<Vec<_>>());
        for page in &doc.pages {
            let texts = texts(page);
            for heading in ["No.", "Name", "Town or email", "Signature"] {
                assert!(texts.iter().any(|t| t == heading), "{heading} missing: {texts:?}");
            }
            assert!(texts.iter().any(|t| t.starts_with("Names are passed only")), "no footer: {texts:?}");
        }
        // The table opens once and closes once, on the last page: one table.
        let starts = doc.pages.iter().flat_map(|p| &p.items);
        let tables = starts.filter(|i| matches!(i, FrameItem::Tag(Tag::Start(StructElem::Table)))).count();
        assert_eq!(tables, 1);
        // Fewer rows than fill the page: only those.
        case.source.facts.petition_rows = Some(5);
        let doc = layout(&case, "en");
        assert_eq!(doc.pages.len(), 1);
        assert_eq!(numbers(&doc.pages[0]).len(), 5);
    }

    #[test]
    fn right_to_left_the_number_column_is_on_the_right() {
        let case = sample();
        let (page_w, _) = case.facts.paper.unwrap_or_default().size_pt();
        for (lang, right) in [("en", false), ("ar", true)] {
            let doc = layout(&case, lang);
            let rows = numbers(&doc.pages[0]);
            assert!(rows.iter().all(|r| (r.1 > page_w / 2.0) == right), "{lang}: {rows:?}");
        }
    }

    #[test]
    fn text_stays_in_its_column_and_its_cell() {
        // Every glyph inside the line box it was set for (column.rs's rule), and every
        // cell's text between its column's rules, in both directions, with more rows
        // than a page and a number column made wide by a long heading.
        let mut case = sample();
        case.source.facts.petition_rows = Some(45);
        for lang in ["en", "ar", "fr"] {
            let doc = layout(&case, lang);
            for (p, page) in doc.pages.iter().enumerate() {
                let rules: Vec<f32> = page
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        FrameItem::Rule { x1, x2, y1, y2, .. } if x1 == x2 && y2 > y1 => Some(*x1),
                        _ => None,
                    })
                    .collect();
                assert_eq!(rules.len(), 5, "{lang} p{p}: the columns' edges");
                let mut in_cell = 0;
                for item in &page.items {
                    match item {
                        FrameItem::Tag(Tag::Start(StructElem::TableHeader | StructElem::TableCell)) => {
                            in_cell += 1
                        }
                        FrameItem::Tag(Tag::End) if in_cell > 0 => in_cell -= 1,
                        FrameItem::Text { x, measure, run, .. } => {
                            for g in run.glyphs.iter().filter(|g| g.advance > 0.0) {
                                let pen = g.x - g.x_offset;
                                let (left, right) = (pen, pen + g.advance);
                                assert!(
                                    left > -0.01 && right < measure + 0.01,
                                    "{lang} p{p}: `{}` leaves its {measure:.1} pt line",
                                    run.text
                                );
                            }
                            if in_cell > 0 {
                                // Between two neighbouring rules.
                                let (l, r) = (*x, x + measure);
                                let inside = rules.iter().any(|a| *a <= l + 0.01)
                                    && rules.iter().any(|b| *b >= r - 0.01)
                                    && !rules.iter().any(|c| *c > l + 0.01 && *c < r - 0.01);
                                assert!(
                                    inside,
                                    "{lang} p{p}: `{}` at {l:.1}..{r:.1} crosses a rule {rules:?}",
                                    run.text
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    #[test]
    fn an_ask_too_long_for_the_first_page_is_an_overflow_of_the_petition() {
        let case = sample();
        let file = case.langs.iter().find(|e| e.lang == "en").unwrap().file.as_ref().unwrap();
        let mut sheet = compose_petition(&case, file, &mut Sink::new()).unwrap();
        let para = sheet.ask[0].clone();
        sheet.ask = vec![para; 14];
        match layout_petition(test_fonts(), &sheet, &case.photo) {
            Err(LayoutError::Overflow { what: "petition ask", source, .. }) => {
                assert_eq!(source, TextSource::FrontMatter("petition"))
            }
            other => panic!("{:?}", other.map(|d| d.pages.len())),
        }
    }
}
