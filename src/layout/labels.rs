//! The address labels sheet: one address per label on the standard stock of the
//! case's paper (Avery L7160 on A4, 5160 on Letter), as many sheets as it takes.
//!
//! Each address is set to fit its label: at [`START`], then smaller in steps down to
//! [`FLOOR_PT`] with every line whole on its line, and only at the floor wrapped; an
//! address that is still too tall is an error naming its case.yaml entry, never cut.
//! Each line is set in its own direction (an Arabic line right to left on an English
//! sheet), and each label is aligned to the start side of its address's direction.

use super::setter::{first_strong_direction, Setter, Setting};
use super::style::TextSize;
use super::{tagged, BoxRect, FrameItem, LayoutError, Page, PagedDocument, StructElem, TextSource, MM};
use crate::compose::{LabelSheet, SheetAddress};
use crate::fonts::FontBook;
use crate::load::Paper;
use crate::text::{Align, Direction, Paint, ShapedLine};

/// A sheet of labels: its grid, in points from the sheet's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stock {
    /// The maker's name for it, as the download page says which to buy.
    pub name: &'static str,
    /// Labels across.
    pub columns: usize,
    /// Labels down.
    pub rows: usize,
    /// One label's width.
    pub width: f32,
    /// One label's height.
    pub height: f32,
    /// From the sheet's top edge to the first row.
    pub top: f32,
    /// From the sheet's left edge to the first column.
    pub left: f32,
    /// From one column's left edge to the next's.
    pub pitch_x: f32,
    /// From one row's top edge to the next's.
    pub pitch_y: f32,
}

/// Points per inch.
const INCH: f32 = 72.0;

/// Avery L7160: 3 x 7 labels of 63.5 x 38.1 mm on A4.
pub const L7160: Stock = Stock {
    name: "Avery L7160",
    columns: 3,
    rows: 7,
    width: 63.5 * MM,
    height: 38.1 * MM,
    top: 15.15 * MM,
    left: 7.25 * MM,
    pitch_x: 66.04 * MM,
    pitch_y: 38.1 * MM,
};

/// Avery 5160: 3 x 10 labels of 2 5/8 x 1 in on US Letter.
pub const AVERY_5160: Stock = Stock {
    name: "Avery 5160",
    columns: 3,
    rows: 10,
    width: 2.625 * INCH,
    height: INCH,
    top: 0.5 * INCH,
    left: 0.1875 * INCH,
    pitch_x: 2.75 * INCH,
    pitch_y: INCH,
};

impl Stock {
    /// The stock sold for `paper`.
    pub fn for_paper(paper: Paper) -> Stock {
        match paper {
            Paper::A4 => L7160,
            Paper::Letter => AVERY_5160,
        }
    }

    /// Labels on one sheet.
    pub fn per_sheet(&self) -> usize {
        self.columns * self.rows
    }

    /// The `index`th label of a sheet, across then down.
    pub fn label(&self, index: usize) -> BoxRect {
        let (row, column) = (index / self.columns, index % self.columns);
        BoxRect {
            x: self.left + column as f32 * self.pitch_x,
            y: self.top + row as f32 * self.pitch_y,
            width: self.width,
            height: self.height,
        }
    }
}

/// The address's size when it fits: a desk-printed envelope read at arm's length.
pub const START: TextSize = TextSize { size: 10.0, leading: 12.0 };

/// The smallest an address is set, in points. USPS Publication 25 asks for characters
/// at least 0.08 in (2 mm) tall for its sorting machines to read; the capitals of the
/// shipped Noto Sans are 0.714 em, 2.0 mm at 8 pt. Royal Mail and Deutsche Post ask for
/// no less.
pub const FLOOR_PT: f32 = 8.0;

/// How much smaller each try is, in points.
const STEP_PT: f32 = 0.25;

/// Space kept clear inside a label's edges: label sheets are die-cut with rounded
/// corners, and a desktop printer feeds them to within about a millimetre.
const INSET_X: f32 = 3.0 * MM;
const INSET_Y: f32 = 2.0 * MM;

/// Lays out the labels sheet (home only: labels are printed on a desktop printer).
pub(crate) fn layout_labels(book: &FontBook, sheet: &LabelSheet) -> Result<PagedDocument, LayoutError> {
    let stock = Stock::for_paper(sheet.paper);
    let (width, height) = sheet.paper.size_pt();
    let mut pages = Vec::new();
    for chunk in sheet.addresses.chunks(stock.per_sheet()) {
        let mut items = Vec::new();
        for (index, address) in chunk.iter().enumerate() {
            items.extend(label(book, sheet, address, stock.label(index))?);
        }
        pages.push(Page::plain(width, height, items));
    }
    Ok(PagedDocument {
        pages,
        title: sheet.title.clone(),
        author: sheet.publisher.clone(),
        subject: "Address labels".to_string(),
        lang: sheet.lang.clone(),
        photo: None,
    })
}

/// One address set in its label, centred from top to bottom, on the start side of
/// its own direction.
fn label(
    book: &FontBook,
    sheet: &LabelSheet,
    address: &SheetAddress,
    place: BoxRect,
) -> Result<Vec<FrameItem>, LayoutError> {
    let inner = BoxRect {
        x: place.x + INSET_X,
        y: place.y + INSET_Y,
        width: place.width - 2.0 * INSET_X,
        height: place.height - 2.0 * INSET_Y,
    };
    let all: String =
        std::iter::once(address.name.as_str()).chain(address.lines.iter().map(String::as_str)).collect();
    let rtl = first_strong_direction(&all).map_or(sheet.lang.is_rtl(), |d| d == Direction::Rtl);
    let setter = Setter::new(book, &sheet.lang, rtl, inner.width);
    let (entries, size) = fit(&setter, address, inner)?;
    let count: usize = entries.iter().map(Vec::len).sum();
    let mut y = inner.y + (inner.height - count as f32 * size.leading) / 2.0;
    let mut items = Vec::new();
    for lines in entries {
        let (line_items, used) = setter.block_lines(lines, size, 0.0, y);
        y += used;
        items.extend(tagged(
            StructElem::Paragraph,
            line_items.into_iter().map(|i| i.translated(inner.x, 0.0)),
        ));
    }
    Ok(tagged(StructElem::Address, items))
}

/// The address's lines (the name's, then each address line's) at the largest size
/// from [`START`] down to [`FLOOR_PT`] at which every line is whole on one line and all
/// fit the label's height; at the floor, lines too long for the label wrap. Too tall
/// even then: an overflow naming the address's case.yaml entry.
fn fit(
    setter: &Setter,
    address: &SheetAddress,
    inner: BoxRect,
) -> Result<(Vec<Vec<ShapedLine>>, TextSize), LayoutError> {
    let steps = ((START.size - FLOOR_PT) / STEP_PT).round() as usize;
    for step in 0..=steps {
        let size = (START.size - step as f32 * STEP_PT).max(FLOOR_PT);
        let text = TextSize { size, leading: size * START.leading / START.size };
        let set = |line: &str, bold: bool| {
            let setting = Setting { size: text, bold, paint: Paint::Ink, align: Align::Start };
            setter.set_line_auto(line, setting, inner.width)
        };
        let mut entries = vec![set(&address.name, true)?];
        for line in &address.lines {
            entries.push(set(line, false)?);
        }
        let count: usize = entries.iter().map(Vec::len).sum();
        let wrapped = count > entries.len();
        let needed = count as f32 * text.leading;
        let at_floor = step == steps;
        if needed <= inner.height + 0.01 && (!wrapped || at_floor) {
            return Ok((entries, text));
        }
        if at_floor {
            let (list, index) = address.source;
            return Err(LayoutError::Overflow {
                what: "address label",
                source: TextSource::CaseYamlEntry(list, index),
                over: needed - inner.height,
                floor: FLOOR_PT / START.size,
            });
        }
    }
    unreachable!("the last step is the floor")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stocks_fill_their_paper_as_the_maker_measures_it() {
        for (paper, stock) in [(Paper::A4, L7160), (Paper::Letter, AVERY_5160)] {
            let (w, h) = paper.size_pt();
            let last = stock.label(stock.per_sheet() - 1);
            // The grid is symmetric across the sheet, and stays on it.
            let right_margin = w - (last.x + last.width);
            assert!((right_margin - stock.left).abs() < 0.5 * MM, "{}: {right_margin}", stock.name);
            assert!(last.y + last.height <= h, "{}", stock.name);
            assert!((h - (last.y + last.height) - stock.top).abs() < 0.5 * MM, "{}", stock.name);
        }
    }
}
