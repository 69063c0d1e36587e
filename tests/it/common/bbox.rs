//! Reading back a PDF's words as `pdftotext -bbox-layout` gives them, and the one
//! measure of even justification that the fixture tests share (`tests/it/column.rs` for
//! every fixture pack, `tests/it/languages.rs` per language): both judge a pack by the
//! same lines, the same normal space and the same limit, so they cannot disagree.

use std::collections::HashMap;

use unicode_script::{Script, UnicodeScript};

/// A word box, points, y down.
#[derive(Debug, Clone)]
pub struct Word {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub text: String,
}

impl Word {
    pub fn height(&self) -> f32 {
        self.bottom - self.top
    }

    /// The script of the word's first letter that has one (digits and punctuation do
    /// not): the face its space was most likely set in.
    pub fn script(&self) -> Script {
        self.text
            .chars()
            .map(|c| c.script())
            .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
            .unwrap_or(Script::Common)
    }
}

/// A line as poppler groups it: its words in reading order.
#[derive(Debug, Clone)]
pub struct Line {
    pub words: Vec<Word>,
}

impl Line {
    pub fn left(&self) -> f32 {
        self.words.iter().map(|w| w.left).fold(f32::INFINITY, f32::min)
    }

    pub fn right(&self) -> f32 {
        self.words.iter().map(|w| w.right).fold(f32::NEG_INFINITY, f32::max)
    }

    /// The words left to right, whatever the direction.
    pub fn left_to_right(&self) -> Vec<&Word> {
        let mut words: Vec<&Word> = self.words.iter().collect();
        words.sort_by(|a, b| a.left.total_cmp(&b.left));
        words
    }

    /// The words in reading order, for messages.
    pub fn text(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// A page: its lines, each block's lines in order.
#[derive(Debug, Clone)]
pub struct Page {
    pub lines: Vec<Line>,
    /// For each line, the index of the line after it in the same block.
    pub next_in_block: Vec<Option<usize>>,
}

fn attribute(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).map(|i| i + key.len()).unwrap_or_else(|| panic!("{name} in {tag}"));
    let end = tag[start..].find('"').unwrap() + start;
    tag[start..end].parse().unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses `pdftotext -bbox-layout` output (XHTML of pages, flows, blocks, lines, words).
pub fn parse(xhtml: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    for page_text in xhtml.split("<page ").skip(1) {
        let mut page = Page { lines: Vec::new(), next_in_block: Vec::new() };
        for block in page_text.split("<block ").skip(1) {
            let mut previous: Option<usize> = None;
            for line_text in block.split("<line ").skip(1) {
                let mut words = Vec::new();
                for word in line_text.split("<word ").skip(1) {
                    let (tag, rest) = word.split_once('>').unwrap();
                    words.push(Word {
                        left: attribute(tag, "xMin"),
                        top: attribute(tag, "yMin"),
                        right: attribute(tag, "xMax"),
                        bottom: attribute(tag, "yMax"),
                        text: unescape(rest.split("</word>").next().unwrap()),
                    });
                }
                if words.is_empty() {
                    continue;
                }
                let index = page.lines.len();
                page.lines.push(Line { words });
                page.next_in_block.push(None);
                if let Some(p) = previous {
                    page.next_in_block[p] = Some(index);
                }
                previous = Some(index);
            }
        }
        pages.push(page);
    }
    pages
}

/// The text column of a document: the outermost left and right line ends that two
/// lines or more share (justified lines end exactly there, in any script; a line
/// running out of the column is alone in reaching its end), rounded to half points.
/// As `column-check` finds it.
pub fn column(pages: &[Page]) -> (f32, f32) {
    let mut lefts: HashMap<i32, usize> = HashMap::new();
    let mut rights: HashMap<i32, usize> = HashMap::new();
    for line in pages.iter().flat_map(|p| &p.lines) {
        *lefts.entry((line.left() * 2.0).round() as i32).or_default() += 1;
        *rights.entry((line.right() * 2.0).round() as i32).or_default() += 1;
    }
    let shared = |counts: HashMap<i32, usize>| -> Vec<i32> {
        counts.into_iter().filter(|&(_, n)| n >= 2).map(|(x, _)| x).collect()
    };
    let left = shared(lefts).into_iter().min().map_or(0.0, |x| x as f32 / 2.0);
    let right = shared(rights).into_iter().max().map_or(f32::INFINITY, |x| x as f32 / 2.0);
    (left, right)
}

/// Whether a line spans the whole column, within a point at either end: a justified
/// line. Every other line (a paragraph's last, a heading, an address, a list item, a
/// ragged paragraph) is set at natural spacing.
fn is_full(line: &Line, (left, right): (f32, f32)) -> bool {
    (line.left() - left).abs() < 1.0 && (line.right() - right).abs() < 1.0
}

/// Whether a document's text separates its words with spaces (Chinese, Japanese and
/// Thai do not, and justify between characters instead).
fn spaced(pages: &[Page]) -> bool {
    let words: usize = pages.iter().flat_map(|p| &p.lines).map(|l| l.words.len()).sum();
    let lines: usize = pages.iter().map(|p| p.lines.len()).sum();
    words >= 3 * lines
}

/// The normal width of a space per script, as a share of the height of the words'
/// boxes: the most common gap between two words of that script on lines set at
/// natural spacing (not full). Measured rather than known, so it holds for every face
/// and size; per height, so a size's gaps are judged by its own space; per script, so
/// a Persian pack's Naskh is not judged by the space of its Latin address lines.
fn normal_spaces(pages: &[Page], column: (f32, f32)) -> HashMap<Script, f32> {
    let mut counts: HashMap<Script, HashMap<i32, usize>> = HashMap::new();
    let natural = pages.iter().flat_map(|p| &p.lines).filter(|l| l.words.len() >= 2 && !is_full(l, column));
    for line in natural {
        for pair in line.left_to_right().windows(2) {
            let (height, gap, script) = (pair[0].height(), pair[1].left - pair[0].right, pair[0].script());
            if height > 0.0 && gap > 0.0 && script == pair[1].script() {
                *counts
                    .entry(script)
                    .or_default()
                    .entry((gap / height * 100.0).round() as i32)
                    .or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter_map(|(script, ratios)| {
            let mode = ratios.into_iter().max_by_key(|&(ratio, n)| (n, -ratio))?;
            Some((script, mode.0 as f32 / 100.0))
        })
        .collect()
}

/// A justified line with a word gap above the limit.
#[derive(Debug, Clone)]
pub struct Loose {
    /// Page number, from 1.
    pub page: usize,
    /// The widest gap, points.
    pub gap: f32,
    /// The normal space there, points.
    pub space: f32,
    /// The limit the gap passes: twice the normal space, and half a point for
    /// poppler's rounding.
    pub limit: f32,
    /// The word before the gap (left of it).
    pub after: String,
    /// The line, in reading order.
    pub line: String,
}

/// What [`evenness`] found in a document.
#[derive(Debug, Clone, Default)]
pub struct Evenness {
    /// Justified lines with three gaps or more, checked.
    pub justified: usize,
    /// Those of them with a gap above twice the normal space.
    pub loose: Vec<Loose>,
    /// Those of them whose gaps differ: see [`UNEVEN`].
    pub uneven: Vec<Loose>,
}

/// How far, in points, a gap between two words of one script and size may differ from
/// the median of such gaps on its justified line. Justification widens every space of
/// a line alike, so the gaps poppler measures are equal but for its rounding; one that
/// is not is a word box that does not span its word (a mark drawn first, over its
/// base, starting the box late: Yiddish אַ, Persian اجازهٔ, Hindi के).
pub const UNEVEN: f32 = 0.5;

/// Issue 13's evenness: no justified line with three or more word gaps has a gap wider
/// than twice the normal space (of the script either side of it, as
/// [`normal_spaces`] measures it from the same document). A document whose words are
/// not spaced is not judged.
pub fn evenness(pages: &[Page]) -> Evenness {
    let column = column(pages);
    let mut out = Evenness::default();
    if !spaced(pages) {
        return out;
    }
    let spaces = normal_spaces(pages, column);
    // A script with no natural line of its own (or a gap between two scripts) is
    // judged by the widest space measured: never stricter than the faces it may be in.
    let Some(widest) = spaces.values().copied().reduce(f32::max) else { return out };
    let space_of = |a: &Word, b: &Word| match (spaces.get(&a.script()), spaces.get(&b.script())) {
        (Some(&s), Some(&t)) => s.max(t),
        _ => widest,
    };
    for (number, page) in pages.iter().enumerate() {
        for line in page.lines.iter().filter(|l| l.words.len() >= 4 && is_full(l, column)) {
            out.justified += 1;
            let words = line.left_to_right();
            let alike =
                |a: &Word, b: &Word| a.script() == b.script() && (a.height() - b.height()).abs() < 0.1;
            let mut gaps: Vec<(f32, &Word)> = words
                .windows(2)
                .filter(|p| alike(p[0], p[1]))
                .map(|p| (p[1].left - p[0].right, p[0]))
                .collect();
            if gaps.len() >= 3 {
                let mut sorted: Vec<f32> = gaps.iter().map(|g| g.0).collect();
                sorted.sort_by(f32::total_cmp);
                let median = sorted[sorted.len() / 2];
                gaps.retain(|g| (g.0 - median).abs() > UNEVEN);
                if let Some(&(gap, after)) = gaps.first() {
                    out.uneven.push(Loose {
                        page: number + 1,
                        gap,
                        space: median,
                        limit: median + UNEVEN,
                        after: after.text.clone(),
                        line: line.text(),
                    });
                }
            }
            for pair in line.left_to_right().windows(2) {
                let height = pair[0].height().min(pair[1].height());
                let gap = pair[1].left - pair[0].right;
                let space = space_of(pair[0], pair[1]) * height;
                let limit = 2.0 * space + 0.5;
                if gap > limit {
                    out.loose.push(Loose {
                        page: number + 1,
                        gap,
                        space,
                        limit,
                        after: pair[0].text.clone(),
                        line: line.text(),
                    });
                    break;
                }
            }
        }
    }
    out
}
