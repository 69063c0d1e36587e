//! The online action's QR code, drawn as vector modules: a filled rectangle for each
//! horizontal run of dark modules, in body ink (black, on the K plate only in press
//! files, like black text), with its address printed and linked under it.

use qrcode::{Color, EcLevel, QrCode};

use super::setter::{Setter, Setting};
use super::style::TextSize;
use super::{tagged, FrameItem, LayoutError, StructElem};
use crate::compose::ActionLink;
use crate::load::Inline;
use crate::text::{Align, Paint};

/// Modules of light margin a reader needs around the symbol (ISO/IEC 18004).
pub(crate) const QUIET_MODULES: f32 = 4.0;

/// A code laid out: its items from the top-left corner of its box (the quiet zone
/// included), and the box's size.
pub(crate) struct CodeBlock {
    /// The symbol, its quiet zone, and the address under it.
    pub(crate) items: Vec<FrameItem>,
    /// Height of the box: quiet zone, symbol, quiet zone, then the address.
    pub(crate) height: f32,
}

/// The symbol of `url` as filled rectangles, `side` points square, its top-left
/// corner at (0, 0); also the module size. `None` when the address is too long for a
/// code (load refuses such addresses, so this does not happen from a case).
pub(crate) fn symbol(url: &str, side: f32) -> Option<(Vec<FrameItem>, f32)> {
    // Level M: a code printed on paper that is folded or scuffed still reads.
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let n = code.width();
    let module = side / n as f32;
    let colors = code.to_colors();
    let mut items = Vec::new();
    for (row, cells) in colors.chunks(n).enumerate() {
        let mut col = 0;
        while col < n {
            if cells[col] == Color::Light {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && cells[col] == Color::Dark {
                col += 1;
            }
            items.push(FrameItem::Rect {
                x: start as f32 * module,
                y: row as f32 * module,
                width: (col - start) as f32 * module,
                height: module,
                paint: Paint::Ink,
            });
        }
    }
    Some((items, module))
}

/// The code of `action`, its symbol `side` points square with its start edge at
/// logical offset `start_x` (flush with the text), its quiet zone reaching before it,
/// and the short address under it at `size`, linked, flush with the symbol. Items are
/// placed from the top of the quiet zone. The code is a figure whose alternative
/// text is the address it holds.
pub(crate) fn code_block(
    t: &Setter,
    action: &ActionLink,
    side: f32,
    size: TextSize,
    start_x: f32,
) -> Result<Option<CodeBlock>, LayoutError> {
    let Some((modules, module)) = symbol(&action.url, side) else { return Ok(None) };
    let quiet = QUIET_MODULES * module;
    let width = side + 2.0 * quiet;
    let left = t.place_x(start_x - quiet, width) + quiet;
    let symbol_items = modules.into_iter().map(|item| item.translated(left, quiet));
    let mut items = tagged(StructElem::Figure { alt: action.short.clone() }, symbol_items);
    let setting = Setting { size, bold: false, paint: Paint::Ink, align: Align::Start };
    let address = [Inline::linked(&action.short, &action.url)];
    let top = side + 2.0 * quiet;
    let lines = t.set_inlines_auto(&address, setting, t.width - start_x)?;
    let (text_items, text_h) = t.block_lines(lines, size, start_x, top);
    items.extend(tagged(StructElem::Paragraph, text_items));
    Ok(Some(CodeBlock { items, height: top + text_h }))
}
