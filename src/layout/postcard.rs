//! The solidarity postcard: front (photo, name, credit) and back (message, divider,
//! address lines, stamp box). For press, one A6 landscape card with bleed and crop
//! marks; for home, four cards on a sheet with cut marks, backs placed so that
//! long-edge duplex printing lines each back up with its front.

use std::sync::Arc;

use super::photo::{crop_to_frame, upright_aspect, wide_frame_fits, Framing};
use super::press::{self, BLEED};
use super::setter::{Setter, Setting};
use super::style::TextSize;
use super::{
    drawn_as_artifact, tagged, ArtifactKind, BoxRect, FrameItem, Group, LayoutError, Page, PagedDocument,
    Profile, StructElem, Tag, TagContext, TextSource, MM,
};
use crate::compose::Postcard;
use crate::fonts::{small_on_body, FontBook};
use crate::load::{Paper, Photo};
use crate::text::{Align, Paint, ShapedLine};

/// A6 landscape, the press postcard's trim.
pub(crate) const A6_LANDSCAPE: (f32, f32) = (148.0 * MM, 105.0 * MM);
/// The stamp box: 25 mm wide, 30 mm tall.
const STAMP: (f32, f32) = (25.0 * MM, 30.0 * MM);
/// The smallest the message may be shrunk to, as a fraction of its normal size.
pub(crate) const MESSAGE_FLOOR: f32 = 0.8;
/// The smallest the addressee's name may be shrunk to on its line before it wraps.
pub(crate) const NAME_FLOOR: f32 = 0.8;
/// The printing instructions' size on the home sheet, and the smallest it may be
/// shrunk to so that a long translation still fits one line of the margin.
const INSTRUCTIONS: TextSize = TextSize { size: 6.5, leading: 8.0 };
const INSTRUCTIONS_FLOOR: f32 = 4.0 / 6.5;

/// How one card is drawn: its size, and how its edges meet the paper.
#[derive(Debug, Clone, Copy)]
struct CardGeometry {
    width: f32,
    height: f32,
    /// Positive: the front's art runs this far past the edge (bleed). Negative: it stops
    /// this far inside (a white frame where a desktop printer cannot print).
    art_edge: f32,
    /// Margin of the back's content from the card edge.
    back_margin: f32,
}

/// Lays out the postcard for a profile.
pub fn layout_postcard(
    book: &FontBook,
    card: &Postcard,
    photo: &Arc<Photo>,
    profile: Profile,
) -> Result<PagedDocument, LayoutError> {
    let pages = match profile {
        Profile::Press => {
            let (w, h) = A6_LANDSCAPE;
            let geometry = CardGeometry { width: w, height: h, art_edge: BLEED, back_margin: 6.0 * MM };
            let front = Page::plain(w, h, front(book, card, photo, geometry)?);
            let back = Page::plain(w, h, back(book, card, geometry)?);
            vec![press::to_press(front), press::to_press(back)]
        }
        Profile::Home => home_sheet(book, card, photo)?,
    };
    Ok(PagedDocument {
        pages,
        title: card.title.clone(),
        author: card.publisher.clone(),
        subject: "Solidarity postcard".to_string(),
        lang: card.lang.clone(),
        photo: Some(photo.clone()),
    })
}

/// The strip along the top of the fronts' side of the home sheet (the bottom of the
/// backs') that no card takes: the printing instruction's margin, cut away with the
/// cards. 5 mm that a desktop printer cannot print, the instruction's line, and a
/// little more than 2 mm to the cut.
pub(crate) const SHEET_STRIP: f32 = 10.0 * MM;

/// The sheet (landscape) and its four card slots on the fronts' side, left to right,
/// top to bottom: the sheet's halves across, and halves of what the [`SHEET_STRIP`]
/// leaves down: 148.5 x 100 mm on A4, 5.5 in x 103 mm on Letter. A card one of four
/// printed on one page cannot be a full A6 (105 mm) and leave the instruction a place
/// outside every card.
pub(crate) fn sheet_slots(paper: Paper) -> ((f32, f32), [BoxRect; 4]) {
    let (short, long) = paper.size_pt();
    let (w, h) = (long, short);
    let (cw, ch) = (w / 2.0, (h - SHEET_STRIP) / 2.0);
    let slot = |col: f32, row: f32| BoxRect { x: col * cw, y: SHEET_STRIP + row * ch, width: cw, height: ch };
    ((w, h), [slot(0.0, 0.0), slot(1.0, 0.0), slot(0.0, 1.0), slot(1.0, 1.0)])
}

/// Where the back of the card in `front` goes on the reverse: mirrored across the
/// sheet's long edge, which is the horizontal axis of a landscape sheet.
pub(crate) fn back_slot(front: BoxRect, sheet_height: f32) -> BoxRect {
    BoxRect { y: sheet_height - front.y - front.height, ..front }
}

fn home_sheet(book: &FontBook, card: &Postcard, photo: &Arc<Photo>) -> Result<Vec<Page>, LayoutError> {
    let ((w, h), slots) = sheet_slots(card.paper);
    let geometry = CardGeometry {
        width: slots[0].width,
        height: slots[0].height,
        art_edge: -5.0 * MM,
        back_margin: 9.0 * MM,
    };
    let front_items = front(book, card, photo, geometry)?;
    let back_items = back(book, card, geometry)?;
    // Each side's artwork is one group, drawn on all four cards (written once in the
    // PDF). The first card's text and photo are read; the other three cards' are
    // copies, one group drawn three times and, untagged, artifacts.
    let group =
        |items: Vec<FrameItem>| Arc::new(Group { width: geometry.width, height: geometry.height, items });
    let (front_art, front_content) = split_artwork(front_items);
    let (back_art, back_content) = split_artwork(back_items);
    let copy = |items: &[FrameItem]| group(items.iter().filter(|item| item.draws()).cloned().collect());
    let (front_copy, back_copy) = (copy(&front_content), copy(&back_content));
    let (front_art, back_art) = (group(front_art), group(back_art));
    let marks = cut_marks(w, h);
    // The backs' side is the fronts' turned over its long edge: its marks likewise.
    let back_marks: Vec<FrameItem> = marks
        .iter()
        .map(|mark| match *mark {
            FrameItem::Rule { x1, y1, x2, y2, thickness, paint } => {
                FrameItem::Rule { x1, y1: h - y1, x2, y2: h - y2, thickness, paint }
            }
            ref other => other.clone(),
        })
        .collect();
    // Read first: how to print the sheet, in the margin above the cards.
    let mut fronts = print_instructions(book, card, w)?;
    let mut backs = Vec::new();
    for (index, slot) in slots.into_iter().enumerate() {
        let reverse = back_slot(slot, h);
        // A side with no artwork places no empty form.
        fronts.extend((!front_art.items.is_empty()).then(|| front_art.placed(slot.x, slot.y)));
        backs.extend((!back_art.items.is_empty()).then(|| back_art.placed(reverse.x, reverse.y)));
        if index == 0 {
            fronts.extend(front_content.iter().cloned().map(|i| i.translated(slot.x, slot.y)));
            backs.extend(back_content.iter().cloned().map(|i| i.translated(reverse.x, reverse.y)));
        } else {
            fronts.push(front_copy.placed(slot.x, slot.y));
            backs.push(back_copy.placed(reverse.x, reverse.y));
        }
    }
    fronts.extend(marks);
    backs.extend(back_marks);
    Ok(vec![Page::plain(w, h, fronts), Page::plain(w, h, backs)])
}

/// A card side's items split in two: its artwork (what is drawn as an artifact, as
/// [`drawn_as_artifact`] says), to be drawn first, and the rest with its structure.
/// An artifact drawn over content that comes before it stays with the content, in its
/// place, so that drawing the artwork first changes nothing on the card.
fn split_artwork(items: Vec<FrameItem>) -> (Vec<FrameItem>, Vec<FrameItem>) {
    let overlaps = |a: [f32; 4], b: [f32; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    let mut open: Vec<TagContext> = Vec::new();
    let mut content_ink: Vec<[f32; 4]> = Vec::new();
    let mut is_art = Vec::with_capacity(items.len());
    for item in &items {
        let context = open.last().copied().unwrap_or(TagContext::Outside);
        match item {
            FrameItem::Tag(Tag::Start(elem)) => open.push(TagContext::Element(elem)),
            FrameItem::Tag(Tag::Artifact(kind)) => open.push(TagContext::Artifact(*kind)),
            FrameItem::Tag(Tag::End) => {
                open.pop();
            }
            _ => {}
        }
        let ink = item.ink_box();
        let art = ink.is_some_and(|ink| {
            drawn_as_artifact(item, context).is_some() && !content_ink.iter().any(|&c| overlaps(c, ink))
        });
        if !art {
            content_ink.extend(ink);
        }
        is_art.push(art);
    }
    let (art, content): (Vec<_>, Vec<_>) = items.into_iter().zip(is_art).partition(|(_, art)| *art);
    (art.into_iter().map(|(item, _)| item).collect(), content.into_iter().map(|(item, _)| item).collect())
}

/// How far the printing instruction keeps from the sheet's side edges and from the
/// cut mark on its centre line.
const INSTRUCTIONS_MARGIN: f32 = 9.0 * MM;

/// How to print the sheet, in the pack's language and direction, on one line in the
/// [`SHEET_STRIP`] above the fronts, outside every card: below the 5 mm a desktop
/// printer cannot print, in the sheet's starting half (the left in a left-to-right
/// language, the right in a right-to-left one), clear of the cut marks. It is seen
/// first, on the first page, and is cut away with the strip: no card carries it.
fn print_instructions(
    book: &FontBook,
    card: &Postcard,
    sheet_width: f32,
) -> Result<Vec<FrameItem>, LayoutError> {
    let margin = INSTRUCTIONS_MARGIN;
    let width = sheet_width / 2.0 - 2.0 * margin;
    let t = Setter::new(book, &card.lang, card.lang.is_rtl(), width);
    let setting = |size: TextSize| Setting { size, bold: false, paint: Paint::Muted, align: Align::Start };
    // Shrink in proportion to what is too long, so the line just fits its measure.
    let natural = t.set_plain_unhyphenated(&card.print_instructions, setting(INSTRUCTIONS), 100_000.0)?;
    let natural_width = natural.iter().map(|l| l.set_width).fold(0.0, f32::max);
    let scale = (width / natural_width.max(1.0)).clamp(INSTRUCTIONS_FLOOR, 1.0);
    let size = TextSize { size: INSTRUCTIONS.size * scale, leading: INSTRUCTIONS.leading * scale };
    let lines = t.set_plain_unhyphenated(&card.print_instructions, setting(size), width)?;
    let (items, _) = t.block_lines(lines, size, 0.0, 5.5 * MM);
    let x = if card.lang.is_rtl() { sheet_width - margin - width } else { margin };
    Ok(tagged(StructElem::Paragraph, items.into_iter().map(|i| i.translated(x, 0.0))))
}

/// Cut marks for the fronts' side of a sheet cut into a strip and four cards: ticks
/// at both ends of the three cut lines, kept 5 mm from the paper edge (where desktop
/// printers cannot print), and a cross where two lines meet. They fall in the strip
/// and in the white frames between cards.
fn cut_marks(w: f32, h: f32) -> Vec<FrameItem> {
    let rule = |x1: f32, y1: f32, x2: f32, y2: f32| FrameItem::Rule {
        x1,
        y1,
        x2,
        y2,
        thickness: press::MARK_WEIGHT,
        paint: Paint::Registration,
    };
    let strip = SHEET_STRIP;
    let (cx, cy) = (w / 2.0, strip + (h - strip) / 2.0);
    let (near, far, cross) = (5.0 * MM, 11.0 * MM, 3.0 * MM);
    vec![
        // The strip's edge, and the centre line's top end, in the strip.
        rule(near, strip, far, strip),
        rule(w - far, strip, w - near, strip),
        rule(cx, near, cx, strip + cross),
        rule(cx - cross, strip, cx + cross, strip),
        rule(cx, h - far, cx, h - near),
        rule(near, cy, far, cy),
        rule(w - far, cy, w - near, cy),
        rule(cx - cross, cy, cx + cross, cy),
        rule(cx, cy - cross, cx, cy + cross),
    ]
}

/// The front: the photo cropped around the focal point, an accent band along the
/// bottom with the person's name and the photo credit.
fn front(
    book: &FontBook,
    card: &Postcard,
    photo: &Arc<Photo>,
    geometry: CardGeometry,
) -> Result<Vec<FrameItem>, LayoutError> {
    let art =
        BoxRect { x: 0.0, y: 0.0, width: geometry.width, height: geometry.height }.grown(geometry.art_edge);
    let band_h = (geometry.height * 0.24).round();
    let photo_h = art.height - band_h;
    let mut items = photo_frame(card, photo, BoxRect { height: photo_h, ..art });
    items.extend([FrameItem::Rect {
        x: art.x,
        y: art.y + photo_h,
        width: art.width,
        height: band_h,
        paint: Paint::Accent,
    }]);
    // Text keeps 7 mm from the trim on the start side, whatever the art does.
    let pad = 7.0 * MM;
    let text_w = geometry.width - 2.0 * pad;
    let t = Setter::new(book, &card.lang, card.lang.is_rtl(), text_w).keeping_whole(&card.names);
    // Larger in a face small on the body (Naskh), as the pack sets it.
    let scale = if small_on_body(&card.lang) { 1.15 } else { 1.0 };
    let name_size = TextSize { size: 19.0 * scale, leading: 23.0 * scale };
    let credit_size = TextSize { size: 6.5 * scale, leading: 9.0 * scale };
    let name = Setting { size: name_size, bold: true, paint: Paint::Paper, align: Align::Start };
    let credit = Setting { size: credit_size, bold: false, paint: Paint::Paper, align: Align::Start };
    let name_lines = t.set_display(&card.person, name, text_w)?;
    let credit_lines = t.set_plain(&card.credit, credit, text_w)?;
    let (name_items, name_h) = t.block_lines(name_lines, name_size, 0.0, 0.0);
    let (credit_items, credit_h) = t.block_lines(credit_lines, credit_size, 0.0, name_h);
    // The leading keeps a Latin name clear of the credit, but marks below the
    // baseline reach further in other scripts (the dots of ي in "علي" sat on the
    // credit): the credit goes down as far as the name's glyphs' ink needs.
    let gap = NAME_CREDIT_GAP * credit_size.size;
    let push = match (ink_extent(&name_items), ink_extent(&credit_items)) {
        (Some((_, name_bottom)), Some((credit_top, _))) => (name_bottom + gap - credit_top).max(0.0),
        _ => 0.0,
    };
    let text_h = name_h + push + credit_h;
    let band_top = art.y + photo_h;
    let band_bottom = (art.y + art.height).min(geometry.height);
    if text_h > band_bottom - band_top {
        let over = text_h - (band_bottom - band_top);
        let source = TextSource::CaseYaml("person");
        return Err(LayoutError::Overflow { what: "name on the postcard front", source, over, floor: 1.0 });
    }
    let y = band_top + ((band_bottom - band_top) - text_h).max(0.0) / 2.0;
    let moved = |items: Vec<FrameItem>, dy: f32| items.into_iter().map(move |i| i.translated(pad, y + dy));
    items.extend(tagged(StructElem::Paragraph, moved(name_items, 0.0)));
    items.extend(tagged(StructElem::Caption, moved(credit_items, push)));
    Ok(items)
}

/// The least space between the ink of the name on the postcard front and the ink of
/// the credit under it, in the credit's ems.
const NAME_CREDIT_GAP: f32 = 0.3;

/// The top and bottom (y down) of the ink of the text among `items`: each glyph's
/// outline box in its face, at its size and offset; `None` without ink. The line box
/// a leading gives says nothing of marks above or below it.
pub(crate) fn ink_extent(items: &[FrameItem]) -> Option<(f32, f32)> {
    let mut extent: Option<(f32, f32)> = None;
    for item in items {
        let FrameItem::Text { baseline, run, .. } = item else { continue };
        let face = run.font.face();
        let scale = run.size / face.units_per_em;
        for glyph in &run.glyphs {
            let Some(bbox) = face.shaper.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(glyph.gid)) else {
                continue;
            };
            let top = baseline - glyph.y - f32::from(bbox.y_max) * scale;
            let bottom = baseline - glyph.y - f32::from(bbox.y_min) * scale;
            extent = Some(extent.map_or((top, bottom), |(t, b)| (t.min(top), b.max(bottom))));
        }
    }
    extent
}

/// The front's photo in `area` (the art above the band): across it when the photo is
/// wide and the crop keeps its keep region, else in an upright frame on the start side
/// (the photo is never mirrored), the rest of the area in the band's colour.
fn photo_frame(card: &Postcard, photo: &Photo, area: BoxRect) -> Vec<FrameItem> {
    let framing = Framing { focus: card.focus, keep: card.keep };
    let size = photo.size();
    let frame = if wide_frame_fits(size, area.width, area.height, framing) {
        area
    } else {
        let width = (area.height * upright_aspect(size)).round().min(area.width);
        let x = if card.lang.is_rtl() { area.x + area.width - width } else { area.x };
        BoxRect { x, width, ..area }
    };
    let crop = crop_to_frame(size.0, size.1, frame.width, frame.height, framing);
    let image =
        FrameItem::Image { x: frame.x, y: frame.y, width: frame.width, height: frame.height, crop, framing };
    let mut items = tagged(StructElem::Figure { alt: card.photo_alt.clone() }, [image]);
    if frame.width < area.width {
        let x = if frame.x > area.x { area.x } else { frame.x + frame.width };
        let paint = Paint::Accent;
        items.push(FrameItem::Rect {
            x,
            y: area.y,
            width: area.width - frame.width,
            height: area.height,
            paint,
        });
    }
    items
}

/// The back: message on the left half, a divider, the address on ruled lines on the
/// right half under a stamp box in the top right corner. A right-to-left message is
/// set right to left and flush right in its half; the postal side keeps its place,
/// where sorting machines and postal workers expect the address and the stamp.
fn back(book: &FontBook, card: &Postcard, geometry: CardGeometry) -> Result<Vec<FrameItem>, LayoutError> {
    let margin = geometry.back_margin;
    let half = geometry.width / 2.0;
    let gutter = 5.0 * MM;
    let mut items = vec![FrameItem::Rule {
        x1: half,
        y1: margin + 4.0 * MM,
        x2: half,
        y2: geometry.height - margin - 4.0 * MM,
        thickness: 0.5,
        paint: Paint::Muted,
    }];
    let panel = BoxRect {
        x: margin,
        y: margin,
        width: half - margin - gutter,
        height: geometry.height - 2.0 * margin,
    };
    let (panel, code) = action_code(book, card, panel)?;
    items.extend(tagged(StructElem::Paragraph, message(book, card, panel)?));
    items.extend(code);
    items.push(FrameItem::Tag(Tag::Artifact(ArtifactKind::Layout)));
    items.extend(stamp_box(book, card, geometry));
    items.push(FrameItem::Tag(Tag::End));
    items.extend(tagged(StructElem::Address, address_lines(book, card, geometry, half + gutter)?));
    Ok(items)
}

/// The side of the postcard's QR code: the 20 mm a phone reads from arm's length.
const CARD_CODE_SIDE: f32 = 20.0 * MM;

/// The online action's code at the foot of the message panel, when there is room
/// for it: when the message still fits above it at its normal size, unhyphenated.
/// The message comes first; a code is never bought by shrinking it. Returns the
/// panel left for the message, and the code's items (none without room).
fn action_code(
    book: &FontBook,
    card: &Postcard,
    panel: BoxRect,
) -> Result<(BoxRect, Vec<FrameItem>), LayoutError> {
    let Some(action) = &card.action else { return Ok((panel, Vec::new())) };
    let t = Setter::new(book, &card.lang, card.lang.is_rtl(), panel.width).keeping_whole(&card.names);
    let size = TextSize { size: 7.5, leading: 9.5 };
    let Some(code) = super::qr::code_block(&t, action, CARD_CODE_SIDE, size, 0.0)? else {
        return Ok((panel, Vec::new()));
    };
    let above = BoxRect { height: panel.height - code.height, ..panel };
    let normal = message_size(card);
    let setting = Setting { size: normal, bold: false, paint: Paint::Ink, align: Align::Start };
    let lines = t.set_plain_unhyphenated(&card.message, setting, panel.width)?;
    if lines.len() as f32 * normal.leading > above.height {
        return Ok((panel, Vec::new()));
    }
    let top = panel.y + panel.height - code.height;
    Ok((above, code.items.into_iter().map(|item| item.translated(panel.x, top)).collect()))
}

/// The message's normal size: larger in a face whose letters are small on the body
/// (Naskh: [`small_on_body`]).
fn message_size(card: &Postcard) -> TextSize {
    if small_on_body(&card.lang) {
        TextSize { size: 12.0, leading: 19.0 }
    } else {
        TextSize { size: 10.5, leading: 14.5 }
    }
}

/// One step of the message's size search, as a share of its normal size.
const MESSAGE_STEP: f32 = 0.025;

/// What one hyphen in the message costs, in size steps: a card is read at arm's
/// length, where a word cut in two shows and type a few percent smaller does not, so
/// two steps smaller (5 %) are worth one hyphen fewer.
const HYPHEN_COST_IN_STEPS: f32 = 2.0;

/// The message, set where it costs least: each size step down from normal costs one,
/// each hyphen [`HYPHEN_COST_IN_STEPS`]; sizes run down to [`MESSAGE_FLOOR`], and at
/// each the message is tried without hyphens first. The line breaks within a setting
/// come from the paragraph breaker (total fit, runts costed).
fn message(book: &FontBook, card: &Postcard, panel: BoxRect) -> Result<Vec<FrameItem>, LayoutError> {
    let t = Setter::new(book, &card.lang, card.lang.is_rtl(), panel.width).keeping_whole(&card.names);
    let normal = message_size(card);
    let steps = ((1.0 - MESSAGE_FLOOR) / MESSAGE_STEP).round() as usize;
    let mut best: Option<(f32, TextSize, Vec<ShapedLine>)> = None;
    let mut needed_at_floor = 0.0;
    for step in 0..=steps {
        let step_cost = step as f32;
        if best.as_ref().is_some_and(|(cost, ..)| *cost <= step_cost) {
            break;
        }
        let scale = (1.0 - step as f32 * MESSAGE_STEP).max(MESSAGE_FLOOR);
        let size = TextSize { size: normal.size * scale, leading: normal.leading * scale };
        let setting = Setting { size, bold: false, paint: Paint::Ink, align: Align::Start };
        for hyphenate in [false, true] {
            let lines = if hyphenate {
                t.set_plain(&card.message, setting, panel.width)?
            } else {
                t.set_plain_unhyphenated(&card.message, setting, panel.width)?
            };
            let needed = lines.len() as f32 * size.leading;
            needed_at_floor = needed;
            if needed > panel.height {
                continue;
            }
            let hyphens = lines.iter().filter(|line| line.hyphenated).count();
            let cost = step_cost + hyphens as f32 * HYPHEN_COST_IN_STEPS;
            if best.as_ref().is_none_or(|(least, ..)| cost < *least) {
                best = Some((cost, size, lines));
            }
        }
    }
    let Some((_, size, lines)) = best else {
        return Err(LayoutError::Overflow {
            source: TextSource::FrontMatter("postcard"),
            what: "postcard message",
            over: needed_at_floor - panel.height,
            floor: MESSAGE_FLOOR,
        });
    };
    let (items, _) = t.block_lines(lines, size, 0.0, 0.0);
    Ok(items.into_iter().map(|i| i.translated(panel.x, panel.y)).collect())
}

fn stamp_box(book: &FontBook, card: &Postcard, geometry: CardGeometry) -> Vec<FrameItem> {
    let (w, h) = STAMP;
    let (x, y) = (geometry.width - geometry.back_margin - w, geometry.back_margin);
    let edge = |x1, y1, x2, y2| FrameItem::Rule { x1, y1, x2, y2, thickness: 0.5, paint: Paint::Muted };
    let mut items = vec![
        edge(x, y, x + w, y),
        edge(x + w, y, x + w, y + h),
        edge(x + w, y + h, x, y + h),
        edge(x, y + h, x, y),
    ];
    let t = Setter::new(book, &card.lang, card.lang.is_rtl(), w);
    let size = TextSize { size: 6.5, leading: 9.0 };
    let label = Setting { size, bold: false, paint: Paint::Muted, align: Align::Center };
    // The label is decoration: if its script had no font the message would fail first.
    if let Ok(lines) = t.set_plain(&card.stamp, label, w) {
        let (label_items, label_h) = t.block_lines(lines, size, 0.0, 0.0);
        let top = y + (h - label_h) / 2.0;
        items.extend(label_items.into_iter().map(|i| i.translated(x, top)));
    }
    items
}

/// The addressee on ruled lines, each line's text in its own direction. The name is
/// fitted to the first rule: shrunk down to [`NAME_FLOOR`], then wrapped, its extra
/// lines stacked above that rule in the free space under the stamp box. A long name
/// used to wrap onto rules of its own, over two of the address's lines.
fn address_lines(
    book: &FontBook,
    card: &Postcard,
    geometry: CardGeometry,
    x: f32,
) -> Result<Vec<FrameItem>, LayoutError> {
    let right = geometry.width - geometry.back_margin;
    let width = right - x;
    let t = Setter::new(book, &card.lang, false, width);
    let size = TextSize { size: 9.5, leading: 12.0 };
    let (name_lines, name_size) = fit_name(&t, &card.addressee.name, size, width)?;
    // Each address entry may wrap; every resulting line gets a rule of its own.
    let mut lines = Vec::new();
    for text in &card.addressee.lines {
        let setting = Setting { size, bold: false, paint: Paint::Ink, align: Align::Start };
        lines.extend(t.set_line_auto(text, setting, width)?);
    }
    let count = (1 + lines.len()).max(4);
    let stamp_bottom = geometry.back_margin + STAMP.1;
    let top = stamp_bottom + 6.0 * MM;
    let bottom = geometry.height - geometry.back_margin - 2.0 * MM;
    let pitch = ((bottom - top) / count as f32).min(9.0 * MM);
    let overflow = |over: f32| LayoutError::Overflow {
        what: "solidarity address on the postcard",
        source: TextSource::CaseYaml("solidarity"),
        over,
        floor: 1.0,
    };
    if pitch < size.leading + 1.0 {
        return Err(overflow(count as f32 * (size.leading + 1.0) - (bottom - top)));
    }
    // The name's lines end on the first rule; the block must stay below the stamp box.
    let first_rule = bottom - (count - 1) as f32 * pitch;
    let name_top = first_rule - name_lines.len() as f32 * name_size.leading - 1.0;
    if name_top < stamp_bottom + 2.0 * MM {
        return Err(overflow(stamp_bottom + 2.0 * MM - name_top));
    }
    let mut items = Vec::new();
    let (name_items, _) = t.block_lines(name_lines, name_size, 0.0, name_top);
    let mut name_items = name_items.into_iter().map(|i| i.translated(x, 0.0));
    let mut lines = lines.into_iter();
    for i in 0..count {
        let rule_y = bottom - (count - 1 - i) as f32 * pitch;
        let rule =
            FrameItem::Rule { x1: x, y1: rule_y, x2: right, y2: rule_y, thickness: 0.4, paint: Paint::Muted };
        items.push(rule);
        if i == 0 {
            items.extend(tagged(StructElem::Paragraph, name_items.by_ref()));
        } else if let Some(line) = lines.next() {
            let (line_items, _) = t.block_lines(vec![line], size, 0.0, rule_y - size.leading - 1.0);
            items.extend(tagged(StructElem::Paragraph, line_items.into_iter().map(|i| i.translated(x, 0.0))));
        }
    }
    Ok(items)
}

/// The addressee's name set on one line of `width`, shrunk in steps down to
/// [`NAME_FLOOR`] if need be; a name too long even then wraps at the floor size.
fn fit_name(
    t: &Setter,
    name: &str,
    size: TextSize,
    width: f32,
) -> Result<(Vec<crate::text::ShapedLine>, TextSize), LayoutError> {
    let mut scale = 1.0f32;
    loop {
        let scaled = TextSize { size: size.size * scale, leading: size.leading * scale };
        let setting = Setting { size: scaled, bold: true, paint: Paint::Ink, align: Align::Start };
        let lines = t.set_line_auto(name, setting, width)?;
        if lines.len() <= 1 || scale <= NAME_FLOOR + 1e-3 {
            return Ok((lines, scaled));
        }
        scale = (scale - 0.025).max(NAME_FLOOR);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::compose_postcard;
    use crate::fonts::test_fonts;
    use crate::load::{discover_cases, load_case};
    use crate::locale::Locale;

    /// The long-content fixture's postcard (issue 14): a solidarity name too long for
    /// its line.
    fn long_card() -> Postcard {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/long");
        let case = load_case(&discover_cases(&dir).unwrap()[0], &["en".to_string()]).unwrap();
        compose_postcard(&case, case.langs[0].file.as_ref().unwrap(), &mut crate::diag::Sink::new()).unwrap()
    }

    fn press_geometry() -> CardGeometry {
        let (width, height) = A6_LANDSCAPE;
        CardGeometry { width, height, art_edge: BLEED, back_margin: 6.0 * MM }
    }

    /// Text lines (joined runs on one baseline) right of `x`, top to bottom, with
    /// their baselines and font sizes.
    fn lines_right_of(items: &[FrameItem], x0: f32) -> Vec<(f32, String, f32)> {
        let mut lines: Vec<(f32, String, f32)> = Vec::new();
        for item in items {
            let FrameItem::Text { x, baseline, run, .. } = item else { continue };
            if *x < x0 {
                continue;
            }
            let text = run.text.clone();
            match lines.iter_mut().find(|(b, ..)| (b - baseline).abs() < 0.01) {
                Some(line) => line.1.push_str(&text),
                None => lines.push((*baseline, text, run.size)),
            }
        }
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        lines
    }

    /// The address rules' heights, top to bottom.
    fn address_rules(items: &[FrameItem]) -> Vec<f32> {
        let mut rules: Vec<f32> = items
            .iter()
            .filter_map(|i| match i {
                FrameItem::Rule { y1, thickness, .. } if *thickness == 0.4 => Some(*y1),
                _ => None,
            })
            .collect();
        rules.sort_by(f32::total_cmp);
        rules
    }

    /// Asserts the name's lines all sit above the first rule and each address line on
    /// a rule of its own after it; returns the name's lines.
    fn check_address_side(card: &Postcard) -> Vec<(f32, String, f32)> {
        let geometry = press_geometry();
        let items = back(test_fonts(), card, geometry).unwrap();
        let rules = address_rules(&items);
        let lines: Vec<_> =
            lines_right_of(&items, geometry.width / 2.0).into_iter().filter(|l| l.1 != card.stamp).collect();
        let (name, address): (Vec<_>, Vec<_>) = lines.into_iter().partition(|(b, ..)| *b < rules[0]);
        for (i, line) in card.addressee.lines.iter().enumerate() {
            let on_rule: Vec<&str> = address
                .iter()
                .filter(|(b, ..)| *b < rules[i + 1] && *b > rules[i])
                .map(|l| l.1.as_str())
                .collect();
            assert_eq!(on_rule, [line.as_str()], "rule {} of {rules:?}", i + 2);
        }
        assert!(!name.is_empty());
        name
    }

    #[test]
    fn a_long_name_wraps_above_the_address_rules_not_over_them() {
        let card = long_card();
        let name = check_address_side(&card);
        assert_eq!(name.len(), 2, "{name:?}");
        assert!(name.iter().all(|(_, _, size)| (*size - 9.5 * NAME_FLOOR).abs() < 0.01), "{name:?}");
        let joined: String = name.iter().map(|l| l.1.as_str()).collect::<Vec<_>>().join(" ");
        assert_eq!(joined, card.addressee.name);
        // The wrapped name stays under the stamp box.
        assert!(name[0].0 - name[0].2 > press_geometry().back_margin + STAMP.1);
    }

    #[test]
    fn a_name_a_little_too_long_is_shrunk_onto_its_line() {
        let mut card = long_card();
        card.addressee.name = "Zhang Wei-Lin Montgomery-Abernathy".to_string();
        let name = check_address_side(&card);
        assert_eq!(name.len(), 1, "{name:?}");
        assert!(name[0].2 < 9.5 && name[0].2 >= 9.5 * NAME_FLOOR - 0.01, "{name:?}");
    }

    #[test]
    fn a_short_message_is_set_without_hyphens() {
        let mut card = long_card();
        card.message = "Dear Zhang, from our international solidarity network: we think of you \
                        constantly, and we are writing to the authorities continuously until your \
                        unconditional release. Stay strong!"
            .to_string();
        let panel = BoxRect { x: 0.0, y: 0.0, width: 170.0, height: 200.0 };
        let items = message(test_fonts(), &card, panel).unwrap();
        let lines = lines_right_of(&items, f32::MIN);
        assert!(lines.len() > 3, "{lines:?}");
        assert!(lines.iter().all(|(_, text, size)| !text.ends_with('-') && *size == 10.5), "{lines:?}");
    }

    #[test]
    fn a_message_is_set_smaller_rather_than_hyphenated_when_that_costs_less() {
        let mut card = long_card();
        card.message = "Dear Zhang, from our international solidarity network: we think of you \
                        constantly, and we are writing to the authorities continuously until your \
                        unconditional release. Stay strong!"
            .to_string();
        let t = Setter::new(test_fonts(), &card.lang, false, 120.0).keeping_whole(&card.names);
        let lines_at = |step: usize, hyphenate: bool| {
            let scale = 1.0 - step as f32 * MESSAGE_STEP;
            let size = TextSize { size: 10.5 * scale, leading: 14.5 * scale };
            let setting = Setting { size, bold: false, paint: Paint::Ink, align: Align::Start };
            let lines = if hyphenate {
                t.set_plain(&card.message, setting, 120.0).unwrap()
            } else {
                t.set_plain_unhyphenated(&card.message, setting, 120.0).unwrap()
            };
            (lines.len() as f32 * size.leading, lines.iter().filter(|l| l.hyphenated).count())
        };
        let mut smaller_instead = 0;
        for height in (100..=200).map(|h| h as f32) {
            let panel = BoxRect { x: 0.0, y: 0.0, width: 120.0, height };
            let Ok(items) = message(test_fonts(), &card, panel) else { continue };
            let lines = lines_right_of(&items, f32::MIN);
            let step = ((1.0 - lines[0].2 / 10.5) / MESSAGE_STEP).round() as usize;
            let hyphens = lines.iter().filter(|(_, text, _)| text.ends_with('-')).count();
            let cost = step as f32 + hyphens as f32 * HYPHEN_COST_IN_STEPS;
            // Nothing cheaper fits: no larger size at all, and no size without hyphens
            // within the hyphens' cost.
            for cheaper in (0..=8).filter(|&k| (k as f32) < cost) {
                for hyphenate in [false, true] {
                    let (needed, more) = lines_at(cheaper, hyphenate);
                    let cheaper_cost = cheaper as f32 + more as f32 * HYPHEN_COST_IN_STEPS;
                    assert!(
                        needed > height || cheaper_cost >= cost,
                        "{height}: step {step} with {hyphens} hyphens, but step {cheaper} fits with {more}"
                    );
                }
            }
            // The old rule (the largest size that fits, hyphens or not) would have
            // hyphenated at a larger size here.
            let hyphenated_larger = (0..step).any(|k| lines_at(k, true).0 <= height);
            smaller_instead += usize::from(hyphens == 0 && hyphenated_larger);
        }
        assert!(smaller_instead > 0, "no panel height chose a smaller size over hyphens");
    }

    #[test]
    fn the_home_sheet_says_how_to_print_it_in_its_margin_outside_every_card() {
        let card = long_card();
        let ((w, h), slots) = sheet_slots(card.paper);
        let pages = home_sheet(test_fonts(), &card, &long_case_photo()).unwrap();
        let text_of = |items: &[FrameItem]| -> String {
            items
                .iter()
                .filter_map(|i| match i {
                    FrameItem::Text { run, .. } => Some(run.text.clone()),
                    _ => None,
                })
                .collect()
        };
        // Once, on the fronts' side, first; never on a card's back.
        let fronts = pages[0].flat_items();
        let top = lines_right_of(&fronts, f32::MIN).into_iter().next().unwrap();
        assert_eq!(top.1, card.print_instructions);
        assert!(!text_of(&pages[1].flat_items()).contains(&card.print_instructions));
        assert!(!text_of(&fronts)
            .replacen(&card.print_instructions, "", 1)
            .contains(&card.print_instructions));
        // Every shipped language's instruction fits one line of the margin, in the
        // sheet's starting half, outside every card.
        for file in crate::compose::labels::shipped() {
            let Some(text) = file.parsed.as_ref().unwrap().print_postcards.clone() else {
                panic!("{}", file.tag)
            };
            let lang = Locale::parse(&file.tag).unwrap();
            let card = Postcard { lang: lang.clone(), print_instructions: text, ..card.clone() };
            // Languages whose faces are found at run time (CJK) are checked where present.
            let Ok(items) = print_instructions(test_fonts(), &card, w) else { continue };
            let lines = lines_right_of(&items, f32::MIN);
            assert_eq!(lines.len(), 1, "{}: {lines:?}", file.tag);
            let (top, bottom) = ink_extent(&items).unwrap();
            assert!(top >= 5.0 * MM && bottom <= SHEET_STRIP - 1.0 * MM, "{}: {top}..{bottom}", file.tag);
            let half = if lang.is_rtl() { (w / 2.0, w) } else { (0.0, w / 2.0) };
            for item in &items {
                let FrameItem::Text { x, run, .. } = item else { continue };
                for g in &run.glyphs {
                    let (l, r) = (x + g.x, x + g.x + g.advance);
                    assert!(
                        l >= half.0 + 9.0 * MM - 0.01 && r <= half.1 - 9.0 * MM + 0.01,
                        "{}: {l}..{r}",
                        file.tag
                    );
                    for slot in slots {
                        let inside = l < slot.x + slot.width
                            && r > slot.x
                            && bottom > slot.y
                            && top < slot.y + slot.height;
                        assert!(!inside, "{}: inside the card at {slot:?}", file.tag);
                    }
                }
            }
        }
        assert!(h > SHEET_STRIP + 2.0 * slots[0].height - 0.01);
    }

    /// The front's name and credit, each as (top, bottom) of its glyphs' ink.
    fn name_and_credit_ink(card: &Postcard, geometry: CardGeometry) -> ((f32, f32), (f32, f32)) {
        let items = front(test_fonts(), card, &long_case_photo(), geometry).unwrap();
        let texts = |name: bool| -> Vec<FrameItem> {
            items
                .iter()
                .filter(|i| matches!(i, FrameItem::Text { run, .. } if (run.size > 12.0) == name))
                .cloned()
                .collect()
        };
        (ink_extent(&texts(true)).unwrap(), ink_extent(&texts(false)).unwrap())
    }

    #[test]
    fn the_name_on_the_front_keeps_clear_of_the_credit_in_every_script() {
        let english = long_card();
        let arabic = Postcard {
            lang: Locale::parse("ar").unwrap(),
            person: "علي أعراص".into(),
            credit: "الصورة: صورة عائلية".into(),
            ..english.clone()
        };
        let ((w, _), slots) = sheet_slots(english.paper);
        let home = CardGeometry {
            width: w / 2.0,
            height: slots[0].height,
            art_edge: -5.0 * MM,
            back_margin: 9.0 * MM,
        };
        for card in [&english, &arabic] {
            for geometry in [home, press_geometry()] {
                let (name, credit) = name_and_credit_ink(card, geometry);
                let gap = credit.0 - name.1;
                assert!(gap >= 1.5, "{}: {gap:.2} pt between the name's ink and the credit's", card.lang);
            }
        }
    }

    /// Each side of the sheet draws one artwork group on all four cards and one group
    /// of copied content on the last three; the first card's content is drawn as it
    /// is, with its structure, and the artwork holds only decoration (rules, panels,
    /// the stamp box's label), never the photo.
    #[test]
    fn the_sheet_draws_each_sides_artwork_from_one_group_four_times() {
        let card = long_card();
        let pages = home_sheet(test_fonts(), &card, &long_case_photo()).unwrap();
        for page in &pages {
            let groups: Vec<&Arc<Group>> = page
                .items
                .iter()
                .filter_map(|item| match item {
                    FrameItem::Group { group, .. } => Some(group),
                    _ => None,
                })
                .collect();
            let uses = |g: &Arc<Group>| groups.iter().filter(|h| Arc::ptr_eq(h, g)).count();
            let art = groups[0];
            let copy = *groups.iter().find(|g| !Arc::ptr_eq(g, art)).expect("copies");
            assert_eq!(uses(art), 4);
            assert_eq!(uses(copy), 3, "the copies");
            assert_eq!(groups.len(), 7);
            assert!(!art.items.is_empty());
            // Decoration and the stamp box's label: nothing a reader needs, no photo.
            assert!(art.items.iter().all(|i| matches!(
                i,
                FrameItem::Rect { .. } | FrameItem::Rule { .. } | FrameItem::Text { .. }
            )));
            assert!(art.items.iter().any(|i| matches!(i, FrameItem::Rect { .. } | FrameItem::Rule { .. })));
            let inline_text = page.items.iter().filter(|i| matches!(i, FrameItem::Text { .. })).count();
            let copied_text = copy.items.iter().filter(|i| matches!(i, FrameItem::Text { .. })).count();
            assert!(copied_text > 0 && inline_text >= copied_text);
            assert!(page.items.iter().any(|i| matches!(i, FrameItem::Tag(Tag::Start(_)))));
        }
    }

    /// Decoration drawn over content that comes before it is not moved under it.
    #[test]
    fn an_artifact_over_earlier_content_stays_in_its_place() {
        let rect = |x: f32| FrameItem::Rect { x, y: 0.0, width: 10.0, height: 10.0, paint: Paint::Accent };
        let photo = tagged(StructElem::Figure { alt: "A".into() }, [rect(0.0)]);
        let mut items = photo.clone();
        items.push(rect(5.0)); // over the figure's square
        items.push(rect(50.0)); // clear of it
        let (art, content) = split_artwork(items);
        assert_eq!(art, vec![rect(50.0)]);
        let mut kept = photo;
        kept.push(rect(5.0));
        assert_eq!(content, kept);
    }

    fn long_case_photo() -> Arc<Photo> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/long");
        load_case(&discover_cases(&dir).unwrap()[0], &["en".to_string()]).unwrap().photo.clone()
    }

    #[test]
    fn a4_sheet_holds_four_a6_cards_and_backs_mirror_fronts() {
        let ((w, h), slots) = sheet_slots(Paper::A4);
        assert!((w - 297.0 * MM).abs() < 0.01 && (h - 210.0 * MM).abs() < 0.01);
        assert!((slots[0].width - 148.5 * MM).abs() < 0.01 && (slots[0].height - 100.0 * MM).abs() < 0.01);
        assert!((slots[0].y - SHEET_STRIP).abs() < 0.01, "the strip on top of the fronts' side");
        for slot in slots {
            let back = back_slot(slot, h);
            assert_eq!((back.x, back.width, back.height), (slot.x, slot.width, slot.height));
            assert!((back.y + back.height / 2.0 - (h - (slot.y + slot.height / 2.0))).abs() < 0.01);
        }
        // Top-left front backs onto bottom-left, the strip at the foot of the backs.
        assert_eq!(back_slot(slots[0], h), BoxRect { y: slots[0].height, ..slots[0] });
        assert!(back_slot(slots[2], h).y.abs() < 0.01);
    }

    #[test]
    fn letter_sheet_uses_quarter_letter_cards() {
        let (_, slots) = sheet_slots(Paper::Letter);
        assert!((slots[0].width - 5.5 * 72.0).abs() < 0.01);
        assert!((slots[0].height - (8.5 * 72.0 - SHEET_STRIP) / 2.0).abs() < 0.01);
    }
}
