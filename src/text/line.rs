//! Line building: from chosen breaks to finished lines, reordered by bidi, reshaped,
//! hyphenated and justified.
//!
//! Justification fills a line by widening what its script stretches (see [`Stretch`]):
//! inter-word spaces in most scripts, the zero-width gaps between characters in Chinese
//! and Japanese and between words in Thai, and in Arabic first the joins between
//! letters, lengthened with tatweel ([`super::kashida`]). Which gaps exist comes from
//! the line's items, the same ones the breaker counted on.

use std::ops::Range;

use super::collect::Prepared;
use super::linebreak::{LineItems, Source};
use crate::fonts::{FaceId, FontBook};
use unicode_script::{Script, UnicodeScript};

use super::kashida::{distribute, kashida_points, KashidaPoint};
use super::shape::shape;
use super::{Align, Direction, GlyphRun, ParagraphSpec, PlacedGlyph, ShapedGlyph, ShapedLine};
use crate::locale::Locale;

/// A line's text range and how it ends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LineSpan {
    /// The text it shows, without trailing spaces.
    pub(crate) range: Range<usize>,
    /// Ends with an inserted hyphen.
    pub(crate) hyphenated: bool,
    /// Ends the paragraph or at a forced break: set ragged, not justified.
    pub(crate) last: bool,
    /// Byte positions inside `range` of zero-width gaps justification may widen
    /// ([`Source::Gap`]), ascending.
    pub(crate) gaps: Vec<usize>,
}

/// Turns break indices into text ranges.
pub(crate) fn line_spans(items: &LineItems, breaks: &[usize], text: &str) -> Vec<LineSpan> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut first_item = 0;
    for &b in breaks {
        let (end, next, hyphenated, last) = match &items.sources[b] {
            Source::Space(r) => (r.start, r.end, false, false),
            Source::Hyphen { at } => (*at, *at, true, false),
            Source::Plain { at } | Source::Gap { at } => (*at, *at, false, false),
            Source::Forced { at } => (*at, *at, false, true),
            Source::Text(r) => (r.end, r.end, false, false),
            // Only an emergency breaks here (the fill always comes right before a
            // forced break): the line is an overfull last line, ending with the text
            // before the fill; the forced break is left an empty line, dropped later.
            Source::Fill => {
                let end = items.sources[first_item.min(b)..b]
                    .iter()
                    .rev()
                    .find_map(|s| match s {
                        Source::Text(r) => Some(r.end),
                        _ => None,
                    })
                    .unwrap_or(start);
                (end, end, false, true)
            }
        };
        let trimmed = start + text[start..end].trim_end_matches([' ', '\u{2028}', '\t']).len();
        let mut gaps: Vec<usize> = items.sources[first_item.min(b)..b]
            .iter()
            .filter_map(|s| match *s {
                Source::Gap { at } if at > start && at < trimmed => Some(at),
                _ => None,
            })
            .collect();
        // A gap where no break is allowed has a penalty and a glue item, both named.
        gaps.dedup();
        spans.push(LineSpan { range: start..trimmed, hyphenated, last, gaps });
        start = next;
        first_item = b + 1;
    }
    spans
}

/// Builds every line of the paragraph.
pub(crate) fn build_lines(
    book: &FontBook,
    prepared: &Prepared,
    items: &LineItems,
    breaks: &[usize],
    spec: &ParagraphSpec,
) -> Vec<ShapedLine> {
    line_spans(items, breaks, prepared.text)
        .into_iter()
        .filter(|span| !span.range.is_empty())
        .map(|span| build_line(book, prepared, &span, spec))
        .collect()
}

/// One shaped piece of a line, in visual order.
struct Piece {
    glyphs: Vec<ShapedGlyph>,
    /// The paragraph text it shows; for the inserted hyphen, `0..1` of `"-"`, which
    /// its glyphs' clusters index into.
    range: Range<usize>,
    /// Whether it is a hyphen the line break inserted, not text of the paragraph.
    hyphen: bool,
    rtl: bool,
    font: super::Font,
    style: super::SpanStyle,
    /// For Arabic text in a face with a tatweel: its glyph and advance, with which
    /// justification lengthens joins (see [`super::kashida`]).
    tatweel: Option<(u16, f32)>,
}

fn build_line(book: &FontBook, prepared: &Prepared, span: &LineSpan, spec: &ParagraphSpec) -> ShapedLine {
    let mut pieces = visual_pieces(book, prepared, span.range.clone(), &spec.lang);
    // A CJK opening bracket starting a left-to-right line is set half-width.
    if let Some(first) = pieces.first_mut().filter(|p| !p.rtl && p.range.start == span.range.start) {
        let font = first.font.clone();
        let ink_left = |gid: u16| font.face().ink_em(gid).map(|ink| ink[0]);
        super::punctuation::align_line_start(&mut first.glyphs, prepared.text, first.style.size, ink_left);
    }
    if span.hyphenated {
        let item = prepared.item_at(span.range.end.saturating_sub(1));
        let glyphs = shape(book, item.face, item.style.size, super::BREAK_HYPHEN, 0..1, false, &spec.lang);
        let hyphen = Piece {
            glyphs,
            range: 0..1,
            hyphen: true,
            rtl: false,
            font: book.font(item.face),
            style: item.style,
            tatweel: None,
        };
        match spec.dir {
            Direction::Ltr => pieces.push(hyphen),
            Direction::Rtl => pieces.insert(0, hyphen),
        }
    }
    place(prepared.text, &pieces, span, spec)
}

/// What justification widens at a glyph of a line. Each script fills a line its own
/// way; another mechanism (Arabic kashida, which lengthens letters instead of opening
/// gaps) is a new variant here, found in [`stretches`] and applied in [`place`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stretch {
    /// Nothing: the glyph keeps its advance (inside a word or a cluster).
    None,
    /// The glyph is an inter-word space: it widens, or narrows on a tight line.
    Space,
    /// A zero-width gap opens after the glyph: between CJK characters, or between
    /// words of a script written without spaces. Gaps only widen.
    Gap,
}

/// The [`Stretch`] of every glyph of every piece. A gap at text position `at` goes to
/// the glyph visually left of it: the cluster ending at `at` in a left-to-right
/// piece, the one starting there in a right-to-left piece.
fn stretches(text: &str, pieces: &[Piece], gaps: &[usize]) -> Vec<Vec<Stretch>> {
    let mut used = vec![false; gaps.len()];
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let glyphs = &piece.glyphs;
        let mut kinds = vec![Stretch::None; glyphs.len()];
        if piece.hyphen {
            out.push(kinds);
            continue;
        }
        for (i, glyph) in glyphs.iter().enumerate() {
            if is_stretchable(text, glyph) {
                kinds[i] = Stretch::Space;
                continue;
            }
            let right = match glyphs.get(i + 1) {
                Some(next) if next.cluster == glyph.cluster => continue,
                Some(next) if piece.rtl => glyph.cluster.max(next.cluster),
                Some(next) => next.cluster,
                None if piece.rtl => piece.range.start,
                None => piece.range.end,
            };
            if let Ok(k) = gaps.binary_search(&right) {
                if !used[k] {
                    used[k] = true;
                    kinds[i] = Stretch::Gap;
                }
            }
        }
        out.push(kinds);
    }
    out
}

/// Places shaped pieces (in visual order) on the line, justified when the paragraph
/// is and this is not its last line.
fn place(text: &str, pieces: &[Piece], span: &LineSpan, spec: &ParagraphSpec) -> ShapedLine {
    let fill = fill(text, pieces, span, spec);
    let mut x = start_x(spec, fill.justify, spec.width - fill.set_width);
    let mut runs: Vec<GlyphRun> = Vec::new();
    for ((piece, kinds), tatweels) in pieces.iter().zip(&fill.kinds).zip(&fill.tatweels) {
        open_run(&mut runs, piece);
        let Some(run) = runs.last_mut() else { continue };
        x = place_piece(text, run, piece, kinds, tatweels, &fill, x);
    }
    ShapedLine {
        runs,
        width: spec.width,
        set_width: if fill.justify { spec.width } else { fill.set_width },
        hyphenated: span.hyphenated,
        source: span.range.clone(),
        spaces: fill.spaces,
        space_growth: fill.space_growth,
    }
}

/// How a line fills its measure: which glyphs widen, the tatweels lengthening its
/// Arabic joins, and how much each widening glyph grows.
struct Fill {
    /// The [`Stretch`] of each glyph of each piece.
    kinds: Vec<Vec<Stretch>>,
    /// How many tatweels go before each glyph of each piece.
    tatweels: Vec<Vec<usize>>,
    /// Set tighter than natural: only spaces change, and they shrink.
    tight: bool,
    /// Whether the line is set to the full measure.
    justify: bool,
    /// Added to the advance of each glyph that widens (negative: it shrinks).
    extra: f32,
    /// The width the glyphs cover as set.
    set_width: f32,
    /// How many inter-word spaces the line has.
    spaces: usize,
    /// Its widest space as a multiple of that space's natural width.
    space_growth: f32,
}

/// Decides how the line fills its measure ([`Fill`]).
fn fill(text: &str, pieces: &[Piece], span: &LineSpan, spec: &ParagraphSpec) -> Fill {
    let natural: f32 = pieces.iter().flat_map(|p| &p.glyphs).map(|g| g.advance).sum();
    let kinds = stretches(text, pieces, &span.gaps);
    // A line set tighter than natural takes it from its spaces only: closing the gap
    // between two ideographs would make them touch.
    let tight = natural > spec.width;
    let slots = kinds.iter().flatten().filter(|&&k| widens(k, tight)).count();
    let justifies = spec.align == Align::Justify && !span.last;
    // Arabic fills the line by lengthening joins first; the spaces take the rest.
    let (tatweels, kashida_width) = if justifies && !tight {
        kashidas(text, pieces, spec.width - natural)
    } else {
        (pieces.iter().map(|p| vec![0; p.glyphs.len()]).collect(), 0.0)
    };
    let justify = justifies && (slots > 0 || kashida_width > 0.0);
    // A tight line shrinks its spaces whatever the alignment: the breaker counted on
    // that shrink for every line it chose, the last line of a justified paragraph
    // included (as TeX's last line shrinks before its parfillskip), so a line set at
    // its natural width would run past the measure.
    let extra = if (justify || tight) && slots > 0 {
        (spec.width - natural - kashida_width) / slots as f32
    } else {
        0.0
    };
    // An overfull line (material the breaker could not fit) keeps its spaces at half
    // their width or more: it sticks out rather than set its words on top of each other.
    let narrowest_space = space_advances(pieces, &kinds).fold(f32::INFINITY, f32::min);
    let extra = if extra < 0.0 { extra.max(-narrowest_space / 2.0) } else { extra };
    let spaces = space_advances(pieces, &kinds).count();
    let space_growth = if spaces > 0 && narrowest_space > 0.0 { 1.0 + extra / narrowest_space } else { 1.0 };
    let set_width = natural + kashida_width + extra * slots as f32;
    Fill { kinds, tatweels, tight, justify, extra, set_width, spaces, space_growth }
}

/// Whether a glyph of this kind widens: spaces always, the gaps between ideographs
/// unless the line is tight.
fn widens(kind: Stretch, tight: bool) -> bool {
    match kind {
        Stretch::None => false,
        Stretch::Space => true,
        Stretch::Gap => !tight,
    }
}

/// The natural advances of the line's inter-word spaces.
fn space_advances<'a>(pieces: &'a [Piece], kinds: &'a [Vec<Stretch>]) -> impl Iterator<Item = f32> + 'a {
    pieces
        .iter()
        .zip(kinds)
        .flat_map(|(piece, kinds)| piece.glyphs.iter().zip(kinds))
        .filter(|(_, &kind)| kind == Stretch::Space)
        .map(|(glyph, _)| glyph.advance)
}

/// Where the line's first glyph goes, given the room `slack` the set glyphs leave.
fn start_x(spec: &ParagraphSpec, justify: bool, slack: f32) -> f32 {
    match (spec.align, spec.dir) {
        (Align::Justify, _) if justify => 0.0,
        (Align::Center, _) => slack / 2.0,
        (Align::Start | Align::Justify, Direction::Ltr) | (Align::End, Direction::Rtl) => 0.0,
        (Align::Start | Align::Justify, Direction::Rtl) | (Align::End, Direction::Ltr) => slack,
    }
}

/// Starts a new run for the piece unless it continues the last one (same font, size,
/// paint and link).
fn open_run(runs: &mut Vec<GlyphRun>, piece: &Piece) {
    let joins_last = runs.last().is_some_and(|run: &GlyphRun| {
        run.font == piece.font
            && run.size == piece.style.size
            && run.paint == piece.style.paint
            && run.link == piece.style.link
    });
    if !joins_last {
        runs.push(GlyphRun {
            font: piece.font.clone(),
            size: piece.style.size,
            paint: piece.style.paint,
            link: piece.style.link,
            text: String::new(),
            glyphs: Vec::with_capacity(piece.glyphs.len()),
        });
    }
}

/// Appends a piece's text and glyphs to `run` from `x` on, with its tatweels and its
/// widened (or narrowed) spaces; returns where the next glyph goes.
fn place_piece(
    text: &str,
    run: &mut GlyphRun,
    piece: &Piece,
    kinds: &[Stretch],
    tatweels: &[usize],
    fill: &Fill,
    mut x: f32,
) -> f32 {
    let offset = run.text.len();
    run.text.push_str(if piece.hyphen { super::BREAK_HYPHEN } else { &text[piece.range.clone()] });
    let ranges = cluster_ranges(&piece.glyphs, piece.range.clone());
    for (i, ((glyph, range), &kind)) in piece.glyphs.iter().zip(ranges).zip(kinds).enumerate() {
        let range = offset + range.start..offset + range.end;
        if let Some((gid, width)) = piece.tatweel.filter(|_| tatweels[i] > 0) {
            for _ in 0..tatweels[i] {
                // No text: the letters stand for the word, the tatweel is drawing.
                let at = range.start..range.start;
                run.glyphs.push(PlacedGlyph {
                    gid,
                    x,
                    x_offset: 0.0,
                    y: 0.0,
                    advance: width,
                    range: at,
                    rtl: piece.rtl,
                });
                x += width;
            }
        }
        let advance = glyph.advance + if widens(kind, fill.tight) { fill.extra } else { 0.0 };
        run.glyphs.push(PlacedGlyph {
            gid: glyph.gid,
            x: x + glyph.x_offset,
            x_offset: glyph.x_offset,
            y: glyph.y_offset,
            advance,
            range,
            rtl: piece.rtl,
        });
        x += advance;
    }
    x
}

/// True for the glyph of an inter-word space, which justification widens: the plain
/// space and the no-break space the language rules put after a one-letter word or in
/// a date (`compose::nobreak`), which is a word space that must not break, and so
/// must widen as its neighbours do. The narrow no-break space of French punctuation
/// keeps its width, as typesetters set it.
fn is_stretchable(text: &str, glyph: &ShapedGlyph) -> bool {
    glyph.cluster < text.len() && text[glyph.cluster..].starts_with([' ', '\u{00A0}'])
}

/// The tatweel's glyph and advance in a face at a size, when the face has one and
/// its design is justified with it (not Nastaliq: see [`crate::fonts::Design`]).
fn tatweel(book: &FontBook, face: FaceId, size: f32) -> Option<(u16, f32)> {
    let font = book.face(face);
    if !font.takes_kashida() {
        return None;
    }
    let gid = font.shaper.glyph_index('\u{0640}').filter(|g| g.0 != 0)?;
    let advance = font.shaper.glyph_hor_advance(gid)? as f32 * size / font.units_per_em;
    (advance > 0.0).then_some((gid.0, advance))
}

/// How many tatweels go before each glyph of each piece to fill `slack` points of a
/// justified line, and the width they take. Every piece with Arabic in a face with a
/// tatweel offers one join per word (see [`kashida_points`]); as many whole tatweels
/// as fit go to them, spread evenly, and what is left over goes to the spaces.
fn kashidas(text: &str, pieces: &[Piece], slack: f32) -> (Vec<Vec<usize>>, f32) {
    let mut counts: Vec<Vec<usize>> = pieces.iter().map(|p| vec![0; p.glyphs.len()]).collect();
    let points: Vec<(usize, KashidaPoint)> = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.tatweel.is_some())
        .flat_map(|(i, p)| kashida_points(text, &p.glyphs, p.range.end).into_iter().map(move |k| (i, k)))
        .collect();
    let Some(unit) = points.iter().filter_map(|(i, _)| pieces[*i].tatweel).map(|t| t.1).reduce(f32::max)
    else {
        return (counts, 0.0);
    };
    let wanted = (slack / unit).floor().max(0.0) as usize;
    let ranked: Vec<KashidaPoint> = points.iter().map(|(_, k)| *k).collect();
    let mut used = 0.0;
    for ((piece, point), n) in points.iter().zip(distribute(&ranked, wanted, MAX_TATWEELS_PER_JOIN)) {
        counts[*piece][point.at] += n;
        used += n as f32 * pieces[*piece].tatweel.map_or(0.0, |t| t.1);
    }
    (counts, used)
}

/// Tatweels at one join at most: beyond that a word looks stretched, not written.
const MAX_TATWEELS_PER_JOIN: usize = 3;

/// Reorders the line by the bidi algorithm and shapes each item part, left to right.
fn visual_pieces(book: &FontBook, prepared: &Prepared, range: Range<usize>, lang: &Locale) -> Vec<Piece> {
    let para = &prepared.bidi.paragraphs[0];
    let (_, runs) = prepared.bidi.visual_runs(para, range);
    let mut pieces = Vec::new();
    for run in runs {
        let mut parts: Vec<_> = prepared.items_in(run).collect();
        let rtl = parts.first().is_some_and(|(item, _)| item.level.is_rtl());
        if rtl {
            parts.reverse();
        }
        for (item, part) in parts {
            let glyphs = shape(
                book,
                item.face,
                item.style.size,
                prepared.text,
                part.clone(),
                item.level.is_rtl(),
                lang,
            );
            let is_arabic = item.level.is_rtl()
                && prepared.text[part.clone()].chars().any(|c| c.script() == Script::Arabic);
            let tatweel = is_arabic.then(|| tatweel(book, item.face, item.style.size)).flatten();
            pieces.push(Piece {
                glyphs,
                range: part,
                hyphen: false,
                rtl: item.level.is_rtl(),
                font: book.font(item.face),
                style: item.style,
                tatweel,
            });
        }
    }
    pieces
}

/// Each glyph's cluster as a range of its piece's text (`range`, whose start its
/// glyphs' clusters count from): from the cluster's start to the next cluster's.
fn cluster_ranges(glyphs: &[ShapedGlyph], range: Range<usize>) -> Vec<Range<usize>> {
    let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_end = |c: usize| starts.iter().copied().find(|&s| s > c).unwrap_or(range.end);
    glyphs.iter().map(|g| g.cluster - range.start..cluster_end(g.cluster) - range.start).collect()
}

#[cfg(test)]
mod tests {
    use crate::fonts::{test_fonts, FaceId};
    use crate::locale::locale;
    use crate::text::*;

    fn style(size: f32) -> SpanStyle {
        SpanStyle { bold: false, italic: false, size, paint: Paint::Ink, link: None }
    }

    fn set(text: &str, lang: &str, dir: Direction, width: f32) -> Vec<ShapedLine> {
        let mut styled = StyledText::default();
        styled.push(text, style(10.0));
        let spec = ParagraphSpec {
            lang: locale(lang),
            dir,
            align: Align::Justify,
            width,
            hyphenate: true,
            keep_whole: Vec::new(),
        };
        set_paragraph(test_fonts(), &styled, &spec).unwrap().lines
    }

    fn line_text(line: &ShapedLine) -> String {
        line.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// Each glyph of a line with its cluster's text.
    fn glyphs_with_text(line: &ShapedLine) -> Vec<(&PlacedGlyph, &str)> {
        line.runs
            .iter()
            .flat_map(|r| r.glyphs.iter().enumerate().map(move |(i, g)| (g, r.cluster_text(i))))
            .collect()
    }

    /// A layout snapshot: each line's text and natural width, as the reader would check.
    fn snapshot(lines: &[ShapedLine]) -> String {
        lines.iter().map(|l| format!("{:.1} | {}\n", l.set_width, line_text(l))).collect()
    }

    const TEXT: &str =
        "Spain extradited him to Morocco in 2010, in breach of its international obligations. \
        On arrival he was held incommunicado for twelve days and, by his account, tortured.";

    #[test]
    fn justified_lines_fill_the_measure_except_the_last() {
        let lines = set(TEXT, "en", Direction::Ltr, 170.0);
        assert!(lines.len() >= 4);
        for line in &lines[..lines.len() - 1] {
            let right = line.runs.last().unwrap().glyphs.last().map(|g| g.x + g.advance).unwrap();
            assert!((right - 170.0).abs() < 0.05, "line ends at {right}: {}", line_text(line));
            assert!(line.space_growth <= MAX_SPACE_GROWTH, "{}", line_text(line));
        }
        assert!(lines.last().unwrap().set_width < 170.0);
    }

    #[test]
    fn a_paragraph_too_loose_to_justify_is_set_ragged_and_says_why() {
        let mut styled = StyledText::default();
        styled.push(TEXT, style(10.0));
        // At 160 pt, "in 2010, in breach of its inter-" would need spaces 2.5 times
        // their width; at 170 pt the paragraph justifies evenly.
        let spec = |lang: &str, width| ParagraphSpec {
            lang: locale(lang),
            dir: Direction::Ltr,
            align: Align::Justify,
            width,
            hyphenate: true,
            keep_whole: Vec::new(),
        };
        let ragged = set_paragraph(test_fonts(), &styled, &spec("en", 160.0)).unwrap();
        let Justification::Ragged { reason, space_growth } = ragged.justification else {
            panic!("{:?}", ragged.justification)
        };
        assert_eq!(reason, WhyRagged::NarrowMeasure);
        assert!(space_growth > MAX_SPACE_GROWTH);
        assert!(ragged.lines.iter().all(|l| l.space_growth <= 1.0 && l.set_width <= 160.0 + 0.01));
        let even = set_paragraph(test_fonts(), &styled, &spec("en", 170.0)).unwrap();
        assert_eq!(even.justification, Justification::Justified);
        // Without patterns (a language hypher lacks), the reason says so.
        let unhyphenated = set_paragraph(test_fonts(), &styled, &spec("zu", 160.0)).unwrap();
        assert!(matches!(
            unhyphenated.justification,
            Justification::Ragged { reason: WhyRagged::NoHyphenation, .. }
        ));
    }

    #[test]
    fn layout_snapshot_english() {
        let lines = set(TEXT, "en", Direction::Ltr, 170.0);
        let expected = "\
170.0 | Spain extradited him to Morocco in
170.0 | 2010, in breach of its international
170.0 | obligations. On arrival he was held
170.0 | incommunicado for twelve days and,
114.3 | by his account, tortured.
";
        assert_eq!(snapshot(&lines), expected);
    }

    #[test]
    fn every_character_comes_back_in_order() {
        let lines = set(TEXT, "en", Direction::Ltr, 120.0);
        let joined: String = lines
            .iter()
            .map(|l| {
                let t = line_text(l);
                if l.hyphenated {
                    t.trim_end_matches('-').to_string()
                } else {
                    t + " "
                }
            })
            .collect();
        assert_eq!(joined.trim_end(), TEXT);
    }

    #[test]
    fn arabic_line_is_right_aligned_with_latin_inside() {
        let text = "كتب علي (Ali Aarrass) من سجن سلا 2 رسالة طويلة إلى أسرته وإلى كل من يسانده.";
        let lines = set(text, "ar", Direction::Rtl, 150.0);
        assert!(lines.len() >= 2);
        let last = lines.last().unwrap();
        let right = last.runs.last().unwrap().glyphs.last().map(|g| g.x + g.advance).unwrap();
        assert!((right - 150.0).abs() < 0.05, "last line is flush right");
        // The Latin name keeps its left-to-right order inside the right-to-left line.
        let visual = line_text(&lines[0]);
        assert!(
            visual.contains("Ali Aarrass") || lines.iter().any(|l| line_text(l).contains("Ali Aarrass")),
            "{visual}"
        );
        assert!(lines.iter().all(|l| !l.hyphenated));
    }

    /// Sets `text` on synthetic widths (one glyph a character, see
    /// [`Synthetic`](crate::text::linebreak::synthetic::Synthetic)) through the real
    /// item builder, breaker and line placement: no font needed.
    fn set_synthetic(text: &str, lang: &str, width: f32) -> Vec<ShapedLine> {
        use super::line_spans;
        use crate::text::linebreak::{items_for, synthetic::Synthetic};
        let spec = ParagraphSpec {
            lang: locale(lang),
            dir: Direction::Ltr,
            align: Align::Justify,
            width,
            hyphenate: true,
            keep_whole: Vec::new(),
        };
        let measure = Synthetic { text, size: 10.0 };
        let items = items_for(text, &spec, &measure);
        let breaks = knuth_plass::break_lines(&items.items, |_| width);
        line_spans(&items, &breaks, text)
            .into_iter()
            .filter(|span| !span.range.is_empty())
            .map(|span| place_synthetic(text, &span, &spec))
            .collect()
    }

    /// Places one line of `text` with the synthetic widths.
    fn place_synthetic(text: &str, span: &super::LineSpan, spec: &ParagraphSpec) -> ShapedLine {
        use super::{place, Piece};
        use crate::text::linebreak::synthetic::Synthetic;
        use crate::text::ShapedGlyph;
        let measure = Synthetic { text, size: 10.0 };
        let glyphs = text[span.range.clone()]
            .char_indices()
            .map(|(i, c)| ShapedGlyph {
                gid: 0,
                cluster: span.range.start + i,
                advance: measure.advance(c),
                x_offset: 0.0,
                y_offset: 0.0,
            })
            .collect();
        let piece = Piece {
            glyphs,
            range: span.range.clone(),
            hyphen: false,
            rtl: false,
            font: test_fonts().font(FaceId(0)),
            style: style(10.0),
            tatweel: None,
        };
        place(text, &[piece], span, spec)
    }

    #[test]
    fn a_word_wider_than_the_line_breaks_inside_rather_than_stick_out() {
        let text = "Read Donaudampfschifffahrtsgesellschaftskapitaensmuetzenabzeichen now.";
        for width in [60.0, 100.0, 140.0] {
            let lines = set_synthetic(text, "zu", width);
            assert!(lines.iter().all(|l| right_edge(l) <= width + 0.01), "{width}: {}", snapshot(&lines));
            let joined: String = lines.iter().map(line_text).collect::<Vec<_>>().join("");
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""), "{width}");
            // Broken only as often as the word needs: its 62 letters, 5 pt each.
            assert!(lines.len() <= (text.len() as f32 * 5.0 / width).ceil() as usize + 1, "{width}");
        }
    }

    #[test]
    fn an_overfull_line_keeps_its_words_apart() {
        let text = "aaaa bbbb cccc";
        let spec = ParagraphSpec {
            lang: locale("zu"),
            dir: Direction::Ltr,
            align: Align::Justify,
            width: 50.0,
            hyphenate: false,
            keep_whole: Vec::new(),
        };
        let span = super::LineSpan { range: 0..text.len(), hyphenated: false, last: false, gaps: Vec::new() };
        let line = place_synthetic(text, &span, &spec);
        let glyphs: Vec<&PlacedGlyph> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
        // 65 pt of material in 50: the two spaces (2.5 pt each) shrink by half, no more.
        for (g, _) in glyphs_with_text(&line).into_iter().filter(|(_, text)| *text == " ") {
            assert!((g.advance - 1.25).abs() < 1e-4, "{g:?}");
        }
        assert!(glyphs.windows(2).all(|w| w[1].x >= w[0].x + w[0].advance - 1e-4));
    }

    fn right_edge(line: &ShapedLine) -> f32 {
        line.runs.iter().flat_map(|r| &r.glyphs).map(|g| g.x + g.advance).fold(0.0, f32::max)
    }

    #[test]
    fn chinese_justifies_between_characters() {
        use crate::text::linebreak::tests::{CHINESE, NO_LINE_END, NO_LINE_START};
        let measure = crate::text::linebreak::synthetic::Synthetic { text: CHINESE, size: 10.0 };
        for width in [55.0, 97.0, 120.0, 133.5, 200.0] {
            let lines = set_synthetic(CHINESE, "zh", width);
            assert!(lines.len() > 3, "{width}");
            let (last, full) = lines.split_last().unwrap();
            for line in full {
                let text = line_text(line);
                assert!(
                    (right_edge(line) - width).abs() < 0.01,
                    "{width}: ends at {}: {text}",
                    right_edge(line)
                );
                assert!(!NO_LINE_START.contains(text.chars().next().unwrap()), "{width}: {text}");
                assert!(!NO_LINE_END.contains(text.chars().next_back().unwrap()), "{width}: {text}");
                // The space is spread evenly between the characters: every glyph but
                // the last grows by the same amount, and the last not at all.
                let natural = |text: &str| text.chars().map(|c| measure.advance(c)).sum::<f32>();
                let grown: Vec<f32> =
                    glyphs_with_text(line).iter().map(|(g, t)| g.advance - natural(t)).collect();
                let (end, inner) = grown.split_last().unwrap();
                assert!(end.abs() < 1e-4 && inner.iter().all(|g| (g - inner[0]).abs() < 1e-4), "{grown:?}");
            }
            // The last line stays at its natural width.
            assert!(right_edge(last) < width && last.set_width == right_edge(last), "{width}");
            assert!(glyphs_with_text(last)
                .iter()
                .all(|(g, text)| g.advance == measure.advance(text.chars().next().unwrap())));
        }
    }

    #[test]
    fn korean_justifies_at_spaces_only() {
        let text = "국제앰네스티는 모로코 당국에 알리 아라스(Ali Aarrass)를 즉시 석방할 것을 촉구합니다. \
            그는 2010년 스페인에서 모로코로 인도되었으며, 이는 국제 의무를 위반한 것입니다.";
        let lines = set_synthetic(text, "ko", 90.0);
        for line in &lines[..lines.len() - 1] {
            assert!((right_edge(line) - 90.0).abs() < 0.01, "{}", line_text(line));
            for (glyph, text) in glyphs_with_text(line) {
                let natural = if text == " " { 2.5 } else { 5.0 };
                assert!(text == " " || glyph.advance == natural, "{}: {glyph:?}", line_text(line));
            }
        }
    }

    #[test]
    fn thai_justifies_at_spaces_and_word_gaps() {
        use crate::text::linebreak::tests::THAI;
        for width in [60.0, 90.0, 140.0] {
            let lines = set_synthetic(THAI, "th", width);
            for line in &lines[..lines.len() - 1] {
                assert!((right_edge(line) - width).abs() < 0.01, "{width}: {}", line_text(line));
            }
        }
    }

    #[test]
    fn thai_is_set_ragged_and_its_word_breaks_never_widen() {
        use crate::text::linebreak::tests::THAI;
        use crate::text::{Justification, WhyRagged};
        let mut styled = StyledText::default();
        styled.push(THAI, style(10.0));
        for width in [90.0, 140.0, 200.0] {
            let spec = |align| ParagraphSpec {
                lang: locale("th"),
                dir: Direction::Ltr,
                align,
                width,
                hyphenate: true,
                keep_whole: Vec::new(),
            };
            let justified = set_paragraph(test_fonts(), &styled, &spec(Align::Justify)).unwrap();
            let ragged = set_paragraph(test_fonts(), &styled, &spec(Align::Start)).unwrap();
            assert!(justified.lines.len() > 1, "{width}");
            let why = Justification::Ragged { reason: WhyRagged::WordsWithoutSpaces, space_growth: 1.0 };
            assert_eq!(justified.justification, why);
            // Set exactly as flush-start text: no glyph, gap or space is widened.
            assert_eq!(justified.lines, ragged.lines, "{width}");
        }
    }

    #[test]
    fn korean_word_spaces_shrink_little() {
        use crate::text::linebreak::KOREAN_SPACE_SHRINK;
        let text = "국제앰네스티는 모로코 당국에 알리 아라스를 즉시 석방할 것을 촉구합니다. \
            그는 2010년 스페인에서 모로코로 인도되었으며, 이는 국제 의무를 위반한 것입니다. \
            그의 가족은 매주 편지를 기다리고 있으며, 여러분의 편지 한 통이 큰 힘이 됩니다.";
        let mut squeezed = 0;
        for width in (70..=240).step_by(7).map(|w| w as f32) {
            let lines = set_synthetic(text, "ko", width);
            for line in &lines[..lines.len() - 1] {
                for (glyph, _) in glyphs_with_text(line).into_iter().filter(|(_, t)| *t == " ") {
                    assert!(
                        glyph.advance >= 2.5 * (1.0 - KOREAN_SPACE_SHRINK) - 1e-3,
                        "{width}: a space of {} in {}",
                        glyph.advance,
                        line_text(line)
                    );
                    squeezed += usize::from(glyph.advance < 2.5);
                }
            }
        }
        assert!(squeezed > 0, "no line was set tight: the test sees no shrinking");
    }

    #[test]
    fn justified_arabic_lengthens_joins_and_still_fills_the_line() {
        let text = "وفي سجن سلا خضع لنظام أمني مشدد وعزل دائم، فكان يقضي أيامه ولياليه وحيدًا في زنزانته. وكانت المكالمة الهاتفية مع عائلته طوق نجاته، وظلت أفكاره لا تفارق والديه وزوجته وابنته.";
        let lines = set(text, "ar", Direction::Rtl, 260.0);
        assert!(lines.len() > 2);
        let book = test_fonts();
        let naskh = book.styled(crate::fonts::Family::Naskh, crate::fonts::Style::REGULAR).unwrap();
        let tatweel = book.face(naskh).shaper.glyph_index('\u{0640}').unwrap().0;
        let mut lengthened = 0;
        for line in &lines[..lines.len() - 1] {
            let glyphs: Vec<_> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
            let right = glyphs.iter().map(|g| g.x + g.advance).fold(0.0f32, f32::max);
            assert!((right - 260.0).abs() < 0.01, "a justified line ends at {right}");
            // Tatweels stand for no text, so copying the line gives the words as written.
            let kashidas = glyphs.iter().filter(|g| g.gid == tatweel).count();
            assert!(glyphs.iter().filter(|g| g.gid == tatweel).all(|g| g.range.is_empty()));
            assert!(kashidas <= 3 * line_text(line).split(' ').count(), "at most three per word");
            lengthened += kashidas;
        }
        assert!(lengthened > 0, "no line was filled with kashida");
        // The last line is set at its natural width: no kashida.
        let last = lines.last().unwrap();
        assert!(!last.runs.iter().flat_map(|r| &r.glyphs).any(|g| g.gid == tatweel));
    }

    #[test]
    fn gaps_go_to_the_glyph_left_of_them_in_either_direction() {
        use super::{stretches, Piece, Stretch};
        use crate::text::ShapedGlyph;
        let piece = |clusters: [usize; 4], rtl| Piece {
            glyphs: clusters
                .iter()
                .map(|&cluster| ShapedGlyph { gid: 1, cluster, advance: 5.0, x_offset: 0.0, y_offset: 0.0 })
                .collect(),
            range: 0..4,
            hyphen: false,
            rtl,
            font: test_fonts().font(FaceId(0)),
            style: style(10.0),
            tatweel: None,
        };
        // Left to right, "bc" one cluster of two glyphs: the gap at 1 follows "a", the
        // gap at 3 follows the cluster's second glyph.
        let kinds = stretches("abcd", &[piece([0, 1, 1, 3], false)], &[1, 3]);
        assert_eq!(kinds[0], vec![Stretch::Gap, Stretch::None, Stretch::Gap, Stretch::None]);
        // Right to left, visual order d c b a: the gap at 1 (between a and b) lies
        // right of b.
        let kinds = stretches("abcd", &[piece([3, 2, 1, 0], true)], &[1]);
        assert_eq!(kinds[0], vec![Stretch::None, Stretch::None, Stretch::Gap, Stretch::None]);
    }
}
