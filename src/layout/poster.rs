//! The poster: one page, A3 portrait for an A4 case and Tabloid (11 x 17 in) for a
//! Letter case. The photo large across the top, its credit under it; the person's
//! name very large, the title, one line of the ask and the deadline; at the foot the
//! online action's QR code on the start side with the words to scan it beside it.
//!
//! Home and press share one layout, as the pack's do ([`super::press_pack`]): the
//! press file's photo runs on from the margins into the bleed at the same height
//! ([`press_poster`]), cropped with the same framing, and every line stays where it is.
//!
//! Fixed size, so nothing may overflow: the name is shrunk to fit its measure on one
//! line, down to [`NAME_FLOOR`], then set on two lines (down to [`NAME_WRAP_FLOOR`]); the title, the ask and the
//! deadline likewise, each at most two lines; text that does not fit even so is an
//! error naming its source, never cut. The ask's candidates (the petition's first
//! sentence, then the action list's first item) are tried in order; the first that
//! fits two lines is printed. The photo gives way to the text (down to
//! [`PHOTO_MIN`] of the page), and grows (up to [`PHOTO_MAX`]) when the designed frame
//! would cut the photo's keep region or show less than half its height.

use std::sync::Arc;

use super::photo::{crop_fit, crop_to_frame, Framing};
use super::postcard::ink_extent;
use super::press::{self, BLEED};
use super::setter::{Setter, Setting};
use super::style::TextSize;
use super::{qr, tagged, FrameItem, LayoutError, Page, PagedDocument, Profile, StructElem, TextSource, MM};
use crate::compose::Poster;
use crate::fonts::{small_on_body, FontBook};
use crate::load::{Inline, Paper, Photo};
use crate::text::{Align, Paint, ShapedLine};

/// ISO A3 portrait, the poster of an A4 case.
pub(crate) const A3: (f32, f32) = (297.0 * MM, 420.0 * MM);
/// US Tabloid (11 x 17 in) portrait, the poster of a Letter case.
pub(crate) const TABLOID: (f32, f32) = (11.0 * 72.0, 17.0 * 72.0);

/// The poster's trim for a case's paper: the next size up in the same series.
pub(crate) fn poster_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::A4 => A3,
        Paper::Letter => TABLOID,
    }
}

/// Margin on the sides, the top and the foot: the photo's edge on a home print (a
/// desktop or copy-shop printer leaves 5 mm unprinted), and where the text and the
/// code keep from the trim, well over the 4 mm press asks.
const MARGIN: f32 = 15.0 * MM;
/// The QR code's side: a phone reads a code from about ten times its side, so 40 mm
/// reads from a step or two away, where 30 mm is the least for a metre.
pub(crate) const CODE_SIDE: f32 = 40.0 * MM;
/// Between the photo's credit and the text, and between the text and the code.
const GAP: f32 = 8.0 * MM;
/// The photo's designed height, as a share of the page's.
const PHOTO_SHARE: f32 = 0.5;
/// The tallest the photo grows to keep its keep region whole and show half its height.
const PHOTO_MAX: f32 = 0.62;
/// The shortest the photo gives way to for long text.
pub(crate) const PHOTO_MIN: f32 = 0.28;
/// How much each try changes the photo's height, as a share of the page's.
const PHOTO_STEP: f32 = 0.01;
/// The least share of the photo's height a frame shows (as `check` warns below it).
const PHOTO_MIN_SHOWN: f32 = 0.5;

/// The name: very large, to read across a room.
const NAME: TextSize = TextSize { size: 96.0, leading: 104.0 };
/// The smallest the name is shrunk to on one line before it is set on two.
pub(crate) const NAME_FLOOR: f32 = 0.6;
/// The smallest the name is set on two lines: still larger than the title.
pub(crate) const NAME_WRAP_FLOOR: f32 = 0.45;
const TITLE: TextSize = TextSize { size: 36.0, leading: 42.0 };
const TITLE_FLOOR: f32 = 0.7;
const ASK: TextSize = TextSize { size: 28.0, leading: 34.0 };
pub(crate) const ASK_FLOOR: f32 = 0.75;
const DEADLINE: TextSize = TextSize { size: 22.0, leading: 28.0 };
const DEADLINE_FLOOR: f32 = 0.75;
const SCAN: TextSize = TextSize { size: 20.0, leading: 25.0 };
const ADDRESS: TextSize = TextSize { size: 13.0, leading: 17.0 };
const CREDIT: TextSize = TextSize { size: 8.0, leading: 10.0 };
/// How much smaller each try of a fitted line is, as a share of its size.
const FIT_STEP: f32 = 0.02;
/// The least space between the inks of two stacked pieces of text, in ems of the lower.
const INK_GAP: f32 = 0.25;

/// Lays out the poster for a profile.
pub(crate) fn layout_poster(
    book: &FontBook,
    poster: &Poster,
    photo: &Arc<Photo>,
    profile: Profile,
) -> Result<PagedDocument, LayoutError> {
    let (width, height) = poster_size(poster.paper);
    let page = home_page(book, poster, photo, width, height)?;
    let page = match profile {
        Profile::Home => page,
        Profile::Press => press_poster(page, photo),
    };
    Ok(PagedDocument {
        pages: vec![page],
        title: poster.title.clone(),
        author: poster.publisher.clone(),
        subject: "Poster".to_string(),
        lang: poster.lang.clone(),
        photo: Some(photo.clone()),
    })
}

/// The press poster from the home page: the photo's frame runs on from the margins to
/// the bleed at the top and both sides, the same bottom edge, cropped with the same
/// framing; then trim, bleed and crop marks ([`press::to_press`]).
fn press_poster(page: Page, photo: &Photo) -> Page {
    let items = page
        .items
        .into_iter()
        .map(|item| match item {
            FrameItem::Image { y, height, framing, .. } => {
                let frame = bled_frame(page.width, y, height);
                let (w, h) = photo.size();
                let crop = crop_to_frame(w, h, frame.2, frame.3, framing);
                FrameItem::Image { x: frame.0, y: frame.1, width: frame.2, height: frame.3, crop, framing }
            }
            other => other,
        })
        .collect();
    press::to_press(Page::plain(page.width, page.height, items))
}

/// The press frame (x, y, width, height) of a home photo frame at `y`, `height` tall
/// on a page `page_w` wide: from the bleed's top and sides to the same bottom edge.
fn bled_frame(page_w: f32, y: f32, height: f32) -> (f32, f32, f32, f32) {
    (-BLEED, -BLEED, page_w + 2.0 * BLEED, y + height + BLEED)
}

/// A piece of the text block: its items from its own top, and its height with the
/// space under it.
struct Piece {
    items: Vec<FrameItem>,
    height: f32,
}

/// The home page: photo, credit, the text block, the code.
fn home_page(
    book: &FontBook,
    poster: &Poster,
    photo: &Arc<Photo>,
    width: f32,
    height: f32,
) -> Result<Page, LayoutError> {
    let measure = width - 2.0 * MARGIN;
    let rtl = poster.lang.is_rtl();
    let t = Setter::new(book, &poster.lang, rtl, measure).keeping_whole(&poster.names);
    // Larger in a face small on the body (Naskh), as the postcard's front; looser for
    // a face that reaches far above and below (Nastaliq).
    let scale = if small_on_body(&poster.lang) { 1.15 } else { 1.0 };
    let loose = book.leading_scale(&poster.lang);
    let ts = |s: TextSize| TextSize { size: s.size * scale, leading: s.leading * scale * loose };

    // The text block, set first: the photo takes what it leaves.
    let mut pieces = Vec::new();
    let bar = FrameItem::Rect {
        x: t.place_x(0.0, 30.0 * MM),
        y: 0.0,
        width: 30.0 * MM,
        height: 2.0 * MM,
        paint: Paint::Accent,
    };
    pieces.push((Piece { items: vec![bar], height: 2.0 * MM + 4.0 * MM }, None));
    let name_source = if poster.person_in_front_matter {
        TextSource::FrontMatter("person")
    } else {
        TextSource::CaseYaml("person")
    };
    let name = Fit {
        size: ts(NAME),
        floor: NAME_FLOOR,
        wrap_floor: NAME_WRAP_FLOOR,
        bold: true,
        paint: Paint::Ink,
        max_lines: 2,
    };
    pieces.push(display_piece(
        &t,
        &poster.person,
        name,
        measure,
        ("name on the poster", name_source),
        StructElem::Heading(1),
    )?);
    let title = Fit {
        size: ts(TITLE),
        floor: TITLE_FLOOR,
        wrap_floor: TITLE_FLOOR,
        bold: true,
        paint: Paint::Ink,
        max_lines: 2,
    };
    let title_source = ("title on the poster", TextSource::FrontMatter("title"));
    pieces.push(display_piece(&t, &poster.title, title, measure, title_source, StructElem::Paragraph)?);
    // The first candidate that fits two lines; none fits: an error at the first.
    let ask_fit = Fit {
        size: ts(ASK),
        floor: ASK_FLOOR,
        wrap_floor: ASK_FLOOR,
        bold: false,
        paint: Paint::Ink,
        max_lines: 2,
    };
    let mut first_error = None;
    for ask in &poster.asks {
        let source = ("ask on the poster", TextSource::LangText(ask.what));
        match display_piece(&t, &ask.text, ask_fit, measure, source, StructElem::Paragraph) {
            Ok(piece) => {
                pieces.push(piece);
                first_error = None;
                break;
            }
            Err(error @ LayoutError::Overflow { .. }) => {
                first_error.get_or_insert(error);
            }
            Err(other) => return Err(other),
        }
    }
    if let Some(error) = first_error {
        return Err(error);
    }
    if let Some(deadline) = &poster.deadline {
        let fit = Fit {
            size: ts(DEADLINE),
            floor: DEADLINE_FLOOR,
            wrap_floor: DEADLINE_FLOOR,
            bold: true,
            paint: Paint::Accent,
            max_lines: 2,
        };
        let source = ("deadline on the poster", TextSource::CaseYaml("deadline"));
        pieces.push(display_piece(&t, deadline, fit, measure, source, StructElem::Paragraph)?);
    }
    let (block, block_h) = stack(pieces);

    // The code and its words at the foot.
    let code = match &poster.action {
        Some(action) => code_band(&t, action, &poster.scan, ts(SCAN), ts(ADDRESS), measure)?,
        None => None,
    };
    let band_h = code.as_ref().map_or(0.0, |c| c.1);
    let band_top = height - MARGIN - band_h;

    // The credit under the photo, flush with its end edge.
    let credit_size = ts(CREDIT);
    let credit = Setting { size: credit_size, bold: false, paint: Paint::Muted, align: Align::End };
    let (credit_items, credit_h) =
        t.block_lines(t.set_plain(&poster.credit, credit, measure)?, credit_size, 0.0, 0.0);

    // The photo: as tall as designed, or taller to keep its region whole, within what
    // the text leaves.
    let gaps = 3.0 + credit_h + GAP + if code.is_some() { GAP } else { 0.0 };
    let room = band_top - MARGIN - gaps - block_h;
    if room < PHOTO_MIN * height {
        return Err(LayoutError::Overflow {
            what: "text on the poster",
            source: TextSource::FrontMatter("title"),
            over: PHOTO_MIN * height - room,
            floor: 1.0,
        });
    }
    let framing = Framing { focus: poster.focus, keep: poster.keep };
    let photo_h = photo_height(photo.size(), framing, width, height, room);
    let photo_y = MARGIN;
    let (pw, ph) = photo.size();
    let crop = crop_to_frame(pw, ph, measure, photo_h, framing);
    let image = FrameItem::Image { x: MARGIN, y: photo_y, width: measure, height: photo_h, crop, framing };
    let mut items = tagged(StructElem::Figure { alt: poster.photo_alt.clone() }, [image]);
    let credit_y = photo_y + photo_h + 3.0;
    items.extend(tagged(
        StructElem::Caption,
        credit_items.into_iter().map(|i| i.translated(MARGIN, credit_y)),
    ));

    // The text block in the middle of the space between the credit and the code.
    let free_top = credit_y + credit_h + GAP;
    let free_bottom = if code.is_some() { band_top - GAP } else { height - MARGIN };
    let block_y = free_top + ((free_bottom - free_top) - block_h).max(0.0) / 2.0;
    items.extend(block.into_iter().map(|i| i.translated(MARGIN, block_y)));
    if let Some((code_items, _)) = code {
        items.extend(code_items.into_iter().map(|i| i.translated(MARGIN, band_top)));
    }
    Ok(Page::plain(width, height, items))
}

/// The photo frame's height: the designed share of the page, or the first taller one
/// (up to [`PHOTO_MAX`]) whose crops, home and press, keep the keep region whole with
/// headroom and show half the photo's height; never more than `room`.
fn photo_height(size: (u32, u32), framing: Framing, width: f32, height: f32, room: f32) -> f32 {
    let measure = width - 2.0 * MARGIN;
    let frames_well = |h: f32| {
        let (_, _, press_w, press_h) = bled_frame(width, MARGIN, h);
        [(measure, h), (press_w, press_h)].into_iter().all(|(fw, fh)| {
            let fit = crop_fit(size, crop_to_frame(size.0, size.1, fw, fh, framing), framing);
            fit.keep_whole && fit.headroom && fit.height_shown >= PHOTO_MIN_SHOWN
        })
    };
    let designed = (PHOTO_SHARE * height).min(room);
    let steps = ((PHOTO_MAX - PHOTO_SHARE) / PHOTO_STEP).round() as usize;
    (0..=steps)
        .map(|step| ((PHOTO_SHARE + step as f32 * PHOTO_STEP) * height).round())
        .take_while(|&h| h <= room)
        .find(|&h| frames_well(h))
        .unwrap_or(designed)
}

/// The pieces stacked from the top, each clear of the ink of the one above by
/// [`INK_GAP`] (Nastaliq's and Myanmar's marks reach past the line boxes); returns
/// the items and the block's height.
fn stack(pieces: Vec<(Piece, Option<f32>)>) -> (Vec<FrameItem>, f32) {
    let mut items: Vec<FrameItem> = Vec::new();
    let mut y = 0.0;
    let mut previous_bottom: Option<f32> = None;
    for (piece, em) in pieces {
        let mut moved: Vec<FrameItem> = piece.items.into_iter().map(|i| i.translated(0.0, y)).collect();
        let mut extra = 0.0;
        if let (Some(bottom), Some((top, _)), Some(em)) = (previous_bottom, ink_extent(&moved), em) {
            extra = (bottom + INK_GAP * em - top).max(0.0);
            if extra > 0.0 {
                moved = moved.into_iter().map(|i| i.translated(0.0, extra)).collect();
            }
        }
        // Text by its glyphs' ink; the accent bar by its box (a CJK name's ink reaches
        // past the Latin ascender the line boxes were drawn for, into the bar).
        let drawn =
            moved.iter().filter(|i| !matches!(i, FrameItem::Text { .. })).filter_map(FrameItem::ink_box);
        let box_bottom = drawn.map(|b| b[3]).reduce(f32::max);
        previous_bottom = ink_extent(&moved).map(|(_, b)| b).or(box_bottom).or(previous_bottom);
        y += piece.height + extra;
        items.extend(moved);
    }
    (items, y)
}

/// How a line of display text is fitted: its size, the smallest share of it tried,
/// its weight and ink, and the most lines it may take.
#[derive(Clone, Copy)]
struct Fit {
    size: TextSize,
    floor: f32,
    /// The smallest share tried on more than one line.
    wrap_floor: f32,
    bold: bool,
    paint: Paint,
    max_lines: usize,
}

/// A fitted line of display text as a tagged piece, with the space below it; an
/// overflow naming `what` and `source` when it does not fit.
fn display_piece(
    t: &Setter,
    text: &str,
    fit: Fit,
    measure: f32,
    (what, source): (&'static str, TextSource),
    elem: StructElem,
) -> Result<(Piece, Option<f32>), LayoutError> {
    let (lines, size) = fit_lines(t, text, fit, measure)?.map_err(|over| LayoutError::Overflow {
        what,
        source,
        over,
        floor: fit.wrap_floor,
    })?;
    let (items, height) = t.display_block_lines(lines, size, 0.0, 0.0);
    // A little air under each piece, in proportion to it.
    let after = 0.3 * size.size;
    Ok((Piece { items: tagged(elem, items), height: height + after }, Some(size.size)))
}

/// `text` set on one line of `measure` at the largest size from `fit.size` down to
/// `fit.floor` of it; failing that, on two lines (and so on to `fit.max_lines`) from
/// the full size down to `fit.wrap_floor`. A line broken anywhere but between words (a word cut between
/// its letters, the text stage's last resort) does not count as fitting. `Err` with
/// how much too tall the text is at the floor, in points, when nothing fits.
fn fit_lines(
    t: &Setter,
    text: &str,
    fit: Fit,
    measure: f32,
) -> Result<Result<(Vec<ShapedLine>, TextSize), f32>, LayoutError> {
    let at = |scale: f32| {
        let size = TextSize { size: fit.size.size * scale, leading: fit.size.leading * scale };
        (size, Setting { size, bold: fit.bold, paint: fit.paint, align: Align::Start })
    };
    let steps_to = |floor: f32| ((1.0 - floor) / FIT_STEP).round() as usize;
    let scale_of = |step: usize, floor: f32| (1.0 - step as f32 * FIT_STEP).max(floor);
    // One line: start at the size its natural width suggests (size scales widths).
    let natural = t.set_plain_unhyphenated(text, at(1.0).1, 1.0e6)?;
    let natural_w = natural.iter().map(|l| l.set_width).fold(0.0, f32::max).max(1.0);
    let first = ((1.0 - measure / natural_w) / FIT_STEP).floor().max(0.0) as usize;
    for max_lines in 1..=fit.max_lines {
        let floor = if max_lines == 1 { fit.floor } else { fit.wrap_floor };
        let steps = steps_to(floor);
        let start = if max_lines == 1 { first.min(steps + 1) } else { 0 };
        for step in start..=steps {
            let (size, setting) = at(scale_of(step, floor));
            let lines = t.set_display(text, setting, measure)?;
            let fits = lines.len() <= max_lines
                && lines.iter().all(|l| l.set_width <= measure + 0.01)
                && breaks_between_words(text, &lines);
            if fits {
                return Ok(Ok((lines, size)));
            }
        }
    }
    let (size, setting) = at(fit.wrap_floor);
    let lines = t.set_display(text, setting, measure)?;
    let over = (lines.len().saturating_sub(fit.max_lines)).max(1) as f32 * size.leading;
    Ok(Err(over))
}

/// Whether every line after the first starts where UAX #14 allows a break (or inside
/// text of complex context, Thai and its neighbours, whose words a dictionary finds):
/// not inside a word the text stage cut between its letters for want of room.
fn breaks_between_words(text: &str, lines: &[ShapedLine]) -> bool {
    let allowed: Vec<usize> = unicode_linebreak::linebreaks(text).map(|(at, _)| at).collect();
    lines.iter().skip(1).all(|line| {
        let at = line.source.start;
        let complex = |c: Option<char>| {
            c.is_some_and(|c| {
                unicode_linebreak::break_property(c as u32) == unicode_linebreak::BreakClass::ComplexContext
            })
        };
        allowed.contains(&at)
            || (complex(text[..at].chars().next_back()) && complex(text[at..].chars().next()))
    })
}

/// The code band: the symbol on the start side, its quiet zone clear, and beside it
/// the words to scan it and the short address, linked; returns the items from the
/// band's top-left corner (logical offsets inside the measure) and its height.
fn code_band(
    t: &Setter,
    action: &crate::compose::ActionLink,
    scan: &str,
    scan_size: TextSize,
    address_size: TextSize,
    measure: f32,
) -> Result<Option<(Vec<FrameItem>, f32)>, LayoutError> {
    let Some((modules, module)) = qr::symbol(&action.url, CODE_SIDE) else { return Ok(None) };
    let quiet = qr::QUIET_MODULES * module;
    // The quiet zone reaches into the margin on the start side; the words keep it on
    // the other, and more.
    let gap = quiet.max(8.0 * MM);
    let left = t.place_x(0.0, CODE_SIDE);
    let symbol = modules.into_iter().map(|item| item.translated(left, quiet));
    let mut items = tagged(StructElem::Figure { alt: action.short.clone() }, symbol);
    let column_x = CODE_SIDE + gap;
    let column_w = measure - column_x;
    let words = Setting { size: scan_size, bold: true, paint: Paint::Ink, align: Align::Start };
    let (word_items, words_h) =
        t.block_lines(t.set_plain_unhyphenated(scan, words, column_w)?, scan_size, column_x, 0.0);
    let address = Setting { size: address_size, bold: false, paint: Paint::Ink, align: Align::Start };
    let link = [Inline::linked(&action.short, &action.url)];
    let (address_items, address_h) =
        t.block_lines(t.set_inlines_auto(&link, address, column_w)?, address_size, column_x, words_h + 4.0);
    let column_h = words_h + 4.0 + address_h;
    let band_h = (CODE_SIDE + 2.0 * quiet).max(column_h);
    let column_y = quiet + ((CODE_SIDE - column_h) / 2.0).max(-quiet);
    items.extend(tagged(StructElem::Paragraph, word_items.into_iter().map(|i| i.translated(0.0, column_y))));
    items.extend(tagged(
        StructElem::Paragraph,
        address_items.into_iter().map(|i| i.translated(0.0, column_y)),
    ));
    Ok(Some((items, band_h)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{compose_poster, PosterAsk};
    use crate::diag::Sink;
    use crate::fonts::test_fonts;
    use crate::load::Case;

    fn sample() -> Case {
        crate::load::sample_case()
    }

    fn poster_of(case: &Case, lang: &str) -> Poster {
        let file = case.langs.iter().find(|e| e.lang == lang).unwrap().file.clone().unwrap();
        compose_poster(case, &file, &mut Sink::new()).unwrap()
    }

    fn texts(page: &Page) -> Vec<(String, f32, f32)> {
        page.flat_items()
            .into_iter()
            .filter_map(|item| match item {
                FrameItem::Text { run, baseline, .. } => Some((run.text.clone(), run.size, baseline)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a3_and_tabloid_home_and_press() {
        let case = sample();
        let mut poster = poster_of(&case, "en");
        poster.action = Some(crate::compose::ActionLink::new("https://example.org/act/ali"));
        for (paper, (w, h)) in [(Paper::A4, (841.89, 1190.55)), (Paper::Letter, (792.0, 1224.0))] {
            poster.paper = paper;
            let home = layout_poster(test_fonts(), &poster, &case.photo, Profile::Home).unwrap();
            let page = &home.pages[0];
            assert!((page.width - w).abs() < 0.01 && (page.height - h).abs() < 0.01, "{paper:?}");
            let press = layout_poster(test_fonts(), &poster, &case.photo, Profile::Press).unwrap();
            let trim = press.pages[0].trim.unwrap();
            assert!((trim.width - w).abs() < 0.01 && (trim.height - h).abs() < 0.01);
            // The press photo runs into the bleed on the top and both sides.
            let image = press.pages[0].flat_items().into_iter().find_map(|i| match i {
                FrameItem::Image { x, y, width, .. } => Some((x, y, width)),
                _ => None,
            });
            let (x, y, width) = image.unwrap();
            assert!((x - (trim.x - BLEED)).abs() < 0.01 && (y - (trim.y - BLEED)).abs() < 0.01);
            assert!((width - (w + 2.0 * BLEED)).abs() < 0.01);
            // The name is the largest text, and on one line.
            let texts = texts(page);
            let name: Vec<_> = texts.iter().filter(|(t, ..)| t.contains("Aarrass") && t.len() < 14).collect();
            assert_eq!(name.len(), 1, "{texts:?}");
            assert!(texts.iter().all(|(_, size, _)| *size <= name[0].1));
            assert!(name[0].1 >= 90.0, "{}", name[0].1);
        }
    }

    #[test]
    fn a_long_name_shrinks_then_takes_two_lines_and_never_leaves_its_column() {
        let case = sample();
        let mut poster = poster_of(&case, "en");
        let measure = A3.0 - 2.0 * MARGIN;
        // Full size; shrunk on one line; two lines.
        for (name, lines) in [
            ("Ali Aarrass", 1),
            ("Ali Mohammed Aarrass", 1),
            ("Ali Mohammed Abdelrahman Aarrass El-Haddaoui", 2),
        ] {
            poster.person = name.to_string();
            poster.names = vec![name.to_string()];
            let doc = layout_poster(test_fonts(), &poster, &case.photo, Profile::Home).unwrap();
            let page = &doc.pages[0];
            let runs: Vec<_> = page
                .flat_items()
                .into_iter()
                .filter_map(|item| match item {
                    FrameItem::Text { x, measure: m, run, .. }
                        if run.size >= NAME.size * NAME_WRAP_FLOOR - 0.01 =>
                    {
                        Some((x, m, run))
                    }
                    _ => None,
                })
                .collect();
            let baselines: std::collections::BTreeSet<i64> = page
                .flat_items()
                .into_iter()
                .filter_map(|item| match item {
                    FrameItem::Text { baseline, run, .. }
                        if run.size >= NAME.size * NAME_WRAP_FLOOR - 0.01 =>
                    {
                        Some(baseline as i64)
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(baselines.len(), lines, "{name}");
            for (x, m, run) in runs {
                assert!(x >= MARGIN - 0.01 && x + m <= MARGIN + measure + 0.01, "{name}");
                for g in &run.glyphs {
                    assert!(g.x >= -0.5 && g.x + g.advance <= m + 0.5, "{name}: glyph outside its box");
                }
            }
        }
        // A name no two lines hold even at the floor is an error naming case.yaml.
        let long = "Abdelrahmanbenjellounelhaddaouimohammedaarrass ".repeat(3);
        poster.person = long.trim().to_string();
        let error = layout_poster(test_fonts(), &poster, &case.photo, Profile::Home).unwrap_err();
        assert!(
            matches!(error, LayoutError::Overflow { source: TextSource::CaseYaml("person"), .. }),
            "{error:?}"
        );
        // One word too wide for the measure even at the floor is not cut between its
        // letters to make two lines: it is an error too.
        poster.person = "Abdelrahmanbenjellounelhaddaouimoh".to_string();
        let error = layout_poster(test_fonts(), &poster, &case.photo, Profile::Home).unwrap_err();
        assert!(matches!(error, LayoutError::Overflow { .. }), "{error:?}");
    }

    #[test]
    fn the_photo_keeps_its_region_whole_and_leaves_room_for_the_text() {
        let case = sample();
        let poster = poster_of(&case, "en");
        for profile in [Profile::Home, Profile::Press] {
            let doc = layout_poster(test_fonts(), &poster, &case.photo, profile).unwrap();
            for item in doc.pages[0].flat_items() {
                if let FrameItem::Image { crop, framing, .. } = item {
                    let fit = crop_fit(case.photo.size(), crop, framing);
                    assert!(fit.keep_whole && fit.headroom && fit.height_shown >= 0.5, "{profile:?} {fit:?}");
                }
            }
        }
    }

    #[test]
    fn the_code_is_large_with_its_quiet_zone_clear() {
        let case = sample();
        let mut poster = poster_of(&case, "en");
        poster.action = Some(crate::compose::ActionLink::new("https://example.org/act/ali"));
        for profile in [Profile::Home, Profile::Press] {
            let doc = layout_poster(test_fonts(), &poster, &case.photo, profile).unwrap();
            let items = doc.pages[0].flat_items();
            let modules: Vec<[f32; 4]> = items
                .iter()
                .filter_map(|i| match i {
                    FrameItem::Rect { x, y, width, height, paint: Paint::Ink } => {
                        Some([*x, *y, *width, *height])
                    }
                    _ => None,
                })
                .collect();
            let module = modules.iter().map(|m| m[3]).fold(f32::INFINITY, f32::min);
            let x0 = modules.iter().map(|m| m[0]).fold(f32::INFINITY, f32::min);
            let y0 = modules.iter().map(|m| m[1]).fold(f32::INFINITY, f32::min);
            let x1 = modules.iter().map(|m| m[0] + m[2]).fold(f32::NEG_INFINITY, f32::max);
            let y1 = modules.iter().map(|m| m[1] + m[3]).fold(f32::NEG_INFINITY, f32::max);
            assert!(x1 - x0 >= 30.0 * MM && y1 - y0 >= 30.0 * MM, "{} mm", (x1 - x0) / MM);
            let quiet = [x0 - 4.0 * module, y0 - 4.0 * module, x1 + 4.0 * module, y1 + 4.0 * module];
            for item in &items {
                let ink = match item {
                    FrameItem::Rect { paint: Paint::Ink, .. } => continue,
                    FrameItem::Text { x, baseline, run, .. } => {
                        let l = run.glyphs.iter().map(|g| x + g.x).fold(f32::INFINITY, f32::min);
                        let r =
                            run.glyphs.iter().map(|g| x + g.x + g.advance).fold(f32::NEG_INFINITY, f32::max);
                        [l, baseline - run.size, r, baseline + 0.3 * run.size]
                    }
                    other => match other.ink_box() {
                        Some(b) => b,
                        None => continue,
                    },
                };
                let inside = ink[0] < quiet[2] && ink[2] > quiet[0] && ink[1] < quiet[3] && ink[3] > quiet[1];
                assert!(!inside, "{profile:?}: {item:?} in the quiet zone {quiet:?}");
            }
            // Inside the page, clear of the trim by the margin.
            let trim = doc.pages[0].trim.map_or(0.0, |t| t.x);
            assert!(quiet[0] >= trim && quiet[3] <= trim + A3.1, "{quiet:?}");
        }
    }

    #[test]
    fn an_ask_too_long_for_two_lines_gives_way_to_the_next() {
        let case = sample();
        let mut poster = poster_of(&case, "en");
        let short = "Open an independent investigation into Ali’s allegations of torture";
        let long = PosterAsk {
            text: "We ask for his release and the release of all held with him ".repeat(5),
            ..poster.asks[0].clone()
        };
        let action = PosterAsk { text: short.to_string(), ..long.clone() };
        poster.asks = vec![long.clone(), action];
        let doc = layout_poster(test_fonts(), &poster, &case.photo, Profile::Home).unwrap();
        let printed: String = texts(&doc.pages[0]).into_iter().map(|(t, ..)| t).collect();
        assert!(printed.contains(short) && !printed.contains("all held"), "{printed}");
        // Nothing fits: the error names the first.
        poster.asks = vec![long.clone(), PosterAsk { what: "second", ..long }];
        let error = layout_poster(test_fonts(), &poster, &case.photo, Profile::Home).unwrap_err();
        assert!(
            matches!(error, LayoutError::Overflow { source: TextSource::LangText(w), .. } if w != "second"),
            "{error:?}"
        );
    }

    #[test]
    fn right_to_left_sets_from_the_right() {
        let case = sample();
        let mut poster = poster_of(&case, "ar");
        poster.action = Some(crate::compose::ActionLink::new("https://example.org/act/ali"));
        let doc = layout_poster(test_fonts(), &poster, &case.photo, Profile::Home).unwrap();
        let page = &doc.pages[0];
        let (w, _) = A3;
        // The code is on the start side: the right.
        let modules: Vec<f32> = page
            .flat_items()
            .into_iter()
            .filter_map(|i| match i {
                FrameItem::Rect { x, paint: Paint::Ink, .. } => Some(x),
                _ => None,
            })
            .collect();
        assert!(!modules.is_empty() && modules.iter().all(|&x| x > w / 2.0), "{modules:?}");
        // The name ends flush with the right margin.
        let name = page.flat_items().into_iter().find_map(|i| match i {
            FrameItem::Text { x, measure, run, .. } if run.size > 60.0 => {
                Some(x + run.glyphs.iter().map(|g| g.x + g.advance).fold(0.0, f32::max).min(measure))
            }
            _ => None,
        });
        let right = name.expect("the name");
        assert!((right - (w - MARGIN)).abs() < 2.0, "{right} vs {}", w - MARGIN);
    }
}
