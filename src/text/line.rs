//! Line building: from chosen breaks to finished lines, reordered by bidi, reshaped,
//! hyphenated and justified.

use std::ops::Range;

use super::collect::Prepared;
use super::fonts::FontBook;
use super::linebreak::{LineItems, Source};
use super::shape::{shape, ShapedGlyph};
use super::{Align, Direction, GlyphRun, ParagraphSpec, PlacedGlyph, ShapedLine};

/// A line's text range and how it ends.
#[derive(Debug, Clone, PartialEq)]
struct LineSpan {
    range: Range<usize>,
    hyphenated: bool,
    /// Ends the paragraph or at a forced break: set ragged, not justified.
    last: bool,
}

/// Turns break indices into text ranges.
fn line_spans(items: &LineItems, breaks: &[usize], text: &str) -> Vec<LineSpan> {
    let mut spans = Vec::new();
    let mut start = 0;
    for &b in breaks {
        let (end, next, hyphenated, last) = match &items.sources[b] {
            Source::Space(r) => (r.start, r.end, false, false),
            Source::Hyphen { at } => (*at, *at, true, false),
            Source::Plain { at } => (*at, *at, false, false),
            Source::Forced { at } => (*at, *at, false, true),
            Source::Text(r) => (r.end, r.end, false, false),
            Source::Fill => (start, start, false, false),
        };
        let trimmed = start + text[start..end].trim_end_matches([' ', '\u{2028}', '\t']).len();
        spans.push(LineSpan { range: start..trimmed, hyphenated, last });
        start = next;
    }
    spans
}

/// Builds every line of the paragraph.
pub fn build_lines(
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
    range: Range<usize>,
    rtl: bool,
    face: super::FaceId,
    style: super::SpanStyle,
}

fn build_line(book: &FontBook, prepared: &Prepared, span: &LineSpan, spec: &ParagraphSpec) -> ShapedLine {
    let mut pieces = visual_pieces(book, prepared, span.range.clone(), &spec.lang);
    if span.hyphenated {
        let item = prepared.item_at(span.range.end.saturating_sub(1));
        let glyphs = shape(book, item.face, item.style.size, "-", 0..1, false, &spec.lang);
        let hyphen =
            Piece { glyphs, range: usize::MAX..usize::MAX, rtl: false, face: item.face, style: item.style };
        match spec.dir {
            Direction::Ltr => pieces.push(hyphen),
            Direction::Rtl => pieces.insert(0, hyphen),
        }
    }
    let natural: f32 = pieces.iter().flat_map(|p| &p.glyphs).map(|g| g.advance).sum();
    let spaces = pieces.iter().flat_map(|p| &p.glyphs).filter(|g| is_stretchable(prepared.text, g)).count();
    let justify = spec.align == Align::Justify && !span.last && spaces > 0;
    let extra = if justify { (spec.width - natural) / spaces as f32 } else { 0.0 };
    let slack = spec.width - natural;
    let start_x = match (spec.align, spec.dir) {
        (Align::Justify, _) if justify => 0.0,
        (Align::Center, _) => slack / 2.0,
        (Align::Start | Align::Justify, Direction::Ltr) | (Align::End, Direction::Rtl) => 0.0,
        (Align::Start | Align::Justify, Direction::Rtl) | (Align::End, Direction::Ltr) => slack,
    };
    let mut x = start_x;
    let mut runs: Vec<GlyphRun> = Vec::new();
    let mut max_size: f32 = 0.0;
    for piece in &pieces {
        max_size = max_size.max(piece.style.size);
        let texts = cluster_texts(prepared.text, &piece.glyphs, piece.range.clone(), piece.rtl);
        let mut actual = actual_texts(prepared.text, &piece.glyphs, piece.range.clone(), piece.rtl);
        let mut placed = Vec::with_capacity(piece.glyphs.len());
        for (i, (glyph, text)) in piece.glyphs.iter().zip(texts).enumerate() {
            let advance = glyph.advance + if is_stretchable(prepared.text, glyph) { extra } else { 0.0 };
            let actual_text = actual.remove(&i);
            placed.push(PlacedGlyph {
                gid: glyph.gid,
                x: x + glyph.x_offset,
                y: glyph.y_offset,
                advance,
                text,
                actual_text,
            });
            x += advance;
        }
        match runs.last_mut() {
            Some(run)
                if run.face == piece.face
                    && run.size == piece.style.size
                    && run.paint == piece.style.paint =>
            {
                run.glyphs.extend(placed)
            }
            _ => runs.push(GlyphRun {
                face: piece.face,
                size: piece.style.size,
                paint: piece.style.paint,
                glyphs: placed,
            }),
        }
    }
    ShapedLine {
        runs,
        width: spec.width,
        natural_width: if justify { spec.width } else { natural },
        hyphenated: span.hyphenated,
        max_size,
        source: span.range.clone(),
    }
}

/// True for the glyph of an inter-word space, which justification widens.
fn is_stretchable(text: &str, glyph: &ShapedGlyph) -> bool {
    glyph.cluster < text.len() && text[glyph.cluster..].starts_with(' ')
}

/// Reorders the line by the bidi algorithm and shapes each item part, left to right.
fn visual_pieces(book: &FontBook, prepared: &Prepared, range: Range<usize>, lang: &str) -> Vec<Piece> {
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
            pieces.push(Piece {
                glyphs,
                range: part,
                rtl: item.level.is_rtl(),
                face: item.face,
                style: item.style,
            });
        }
    }
    pieces
}

/// For words with a glyph off the baseline (Arabic marks): the index of the word's
/// first glyph in visual order, with the word's text and glyph count.
///
/// Text extractors place a mark that sits above or below the baseline on a line of
/// its own, splitting the word. Wrapping the word in `/ActualText` keeps it whole.
/// Extractors spread an actual text over its box left to right, then read a
/// right-to-left line from right to left, so a right-to-left word is given reversed.
fn actual_texts(
    text: &str,
    glyphs: &[ShapedGlyph],
    range: Range<usize>,
    rtl: bool,
) -> std::collections::HashMap<usize, (String, usize)> {
    let mut out = std::collections::HashMap::new();
    if range.start == usize::MAX {
        return out;
    }
    let is_space = |g: &ShapedGlyph| text[g.cluster..].starts_with(' ');
    let mut i = 0;
    while i < glyphs.len() {
        if is_space(&glyphs[i]) {
            i += 1;
            continue;
        }
        let len = glyphs[i..].iter().take_while(|g| !is_space(g)).count();
        let word = &glyphs[i..i + len];
        if word.iter().any(|g| g.y_offset != 0.0) {
            let start = word.iter().map(|g| g.cluster).min().unwrap_or(range.start);
            let last = word.iter().map(|g| g.cluster).max().unwrap_or(range.start);
            let end = glyphs.iter().map(|g| g.cluster).filter(|&c| c > last).min().unwrap_or(range.end);
            let logical = &text[start..end];
            let actual = if rtl { logical.chars().rev().collect() } else { logical.to_string() };
            out.insert(i, (actual, len));
        }
        i += len;
    }
    out
}

/// The source text each glyph stands for, for copy and search. A cluster's text goes
/// to its first glyph in logical order; when a cluster has exactly one glyph per
/// character (a base and its marks), each glyph gets its own character.
fn cluster_texts(text: &str, glyphs: &[ShapedGlyph], range: Range<usize>, rtl: bool) -> Vec<String> {
    if range.start == usize::MAX {
        return glyphs.iter().map(|_| "-".to_string()).collect();
    }
    let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_end = |c: usize| starts.iter().copied().find(|&s| s > c).unwrap_or(range.end);
    let mut out = vec![String::new(); glyphs.len()];
    let order: Vec<usize> = if rtl { (0..glyphs.len()).rev().collect() } else { (0..glyphs.len()).collect() };
    let mut i = 0;
    while i < order.len() {
        let cluster = glyphs[order[i]].cluster;
        let mut j = i;
        while j < order.len() && glyphs[order[j]].cluster == cluster {
            j += 1;
        }
        let cluster_text = &text[cluster..cluster_end(cluster)];
        let chars: Vec<char> = cluster_text.chars().collect();
        if chars.len() == j - i && j - i > 1 {
            for (k, c) in chars.into_iter().enumerate() {
                out[order[i + k]] = c.to_string();
            }
        } else {
            out[order[i]] = cluster_text.to_string();
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::text::*;

    fn style(size: f32) -> SpanStyle {
        SpanStyle { bold: false, italic: false, size, paint: Paint::Ink }
    }

    fn set(text: &str, lang: &str, dir: Direction, width: f32) -> Vec<ShapedLine> {
        let mut styled = StyledText::default();
        styled.push(text, style(10.0));
        let spec = ParagraphSpec { lang: lang.into(), dir, align: Align::Justify, width, hyphenate: true };
        set_paragraph(test_fonts(), &styled, &spec).unwrap()
    }

    fn line_text(line: &ShapedLine) -> String {
        line.runs.iter().flat_map(|r| &r.glyphs).map(|g| g.text.as_str()).collect()
    }

    /// A layout snapshot: each line's text and natural width, as the reader would check.
    fn snapshot(lines: &[ShapedLine]) -> String {
        lines.iter().map(|l| format!("{:.1} | {}\n", l.natural_width, line_text(l))).collect()
    }

    const TEXT: &str =
        "Spain extradited him to Morocco in 2010, in breach of its international obligations. \
        On arrival he was held incommunicado for twelve days and, by his account, tortured.";

    #[test]
    fn justified_lines_fill_the_measure_except_the_last() {
        let lines = set(TEXT, "en", Direction::Ltr, 160.0);
        assert!(lines.len() >= 4);
        for line in &lines[..lines.len() - 1] {
            let right = line.runs.last().unwrap().glyphs.last().map(|g| g.x + g.advance).unwrap();
            assert!((right - 160.0).abs() < 0.05, "line ends at {right}: {}", line_text(line));
        }
        assert!(lines.last().unwrap().natural_width < 160.0);
    }

    #[test]
    fn layout_snapshot_english() {
        let lines = set(TEXT, "en", Direction::Ltr, 160.0);
        let expected = "\
160.0 | Spain extradited him to Morocco
160.0 | in 2010, in breach of its inter-
160.0 | national obligations. On arrival
160.0 | he was held incommunicado for
160.0 | twelve days and, by his account,
42.0 | tortured.
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
}
