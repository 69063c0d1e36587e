//! Page composition as a typesetter judges it, the page level (`composition.rs` has
//! the line level), read back from the PDFs of every fixture pack (every case folder under `tests/fixtures/*/` but `bad/`, and the
//! sample), home and press, with `pdftotext -bbox-layout`: the page-level measures of
//! `/work/shared/tools/composition-check`, ported.
//!
//! - No pack page but the last is filled under a quarter of its body (the text ends
//!   above a quarter of the way from its first line to the footer's band).
//! - No section heading (a line 1.15-1.6 times the body's line height) stands at a
//!   page's foot with fewer than four lines of its section under it while the section
//!   goes on overleaf.
//!
//! Cases in Chinese, Japanese or Korean need Noto Sans CJK; without it they are skipped
//! with a note, and without pdftotext the whole test is, unless
//! `APPEALPRESS_REQUIRE_TOOLS` is set.

use crate::common;

use common::bbox::{self, Line};
use common::*;

/// The fewest lines of its section a heading at a page's foot must have under it.
const SECTION_START_LINES: usize = 4;

/// The least part of its body a page before the last must fill.
const MIN_FILL: f32 = 0.25;

/// The body of a page lies above this part of its height (the footer below it).
const BODY_FLOOR: f32 = 0.9;

fn height(line: &Line) -> f32 {
    line.words.iter().map(|w| w.bottom).fold(f32::MIN, f32::max)
        - line.words.iter().map(|w| w.top).fold(f32::MAX, f32::min)
}

fn top(line: &Line) -> f32 {
    line.words.iter().map(|w| w.top).fold(f32::MAX, f32::min)
}

fn bottom(line: &Line) -> f32 {
    line.words.iter().map(|w| w.bottom).fold(f32::MIN, f32::max)
}

/// A page as read back, with its height, points.
struct Page {
    lines: Vec<Line>,
    height: f32,
}

/// The pages of `pdftotext -bbox-layout` output, each with its height.
fn parse(xhtml: &str) -> Vec<Page> {
    let heights = xhtml.split("<page ").skip(1).map(|page| {
        let tag = page.split('>').next().unwrap_or_default();
        let value = tag.split("height=\"").nth(1).and_then(|v| v.split('"').next());
        value.and_then(|v| v.parse().ok()).expect("a page height")
    });
    bbox::parse(xhtml)
        .into_iter()
        .zip(heights)
        .map(|(page, height)| Page { lines: page.lines, height })
        .collect()
}

/// A page's body lines (above the footer), top to bottom.
fn body(page: &Page) -> Vec<&Line> {
    let mut lines: Vec<&Line> = page.lines.iter().filter(|l| bottom(l) < page.height * BODY_FLOOR).collect();
    lines.sort_by(|a, b| top(a).total_cmp(&top(b)));
    lines
}

/// The page-level faults of one pack, each as `p<N> <kind>: <what>`.
fn page_faults(pages: &[Page]) -> Vec<String> {
    let mut heights: Vec<f32> = pages.iter().flat_map(|p| &p.lines).map(height).collect();
    heights.sort_by(f32::total_cmp);
    let body_h = heights.get(heights.len() / 2).copied().unwrap_or(10.0);
    let is_heading = |l: &Line| (1.15 * body_h..1.6 * body_h).contains(&height(l));
    let mut faults = Vec::new();
    for (index, page) in pages.iter().enumerate().take(pages.len().saturating_sub(1)) {
        let lines = body(page);
        if lines.is_empty() {
            continue;
        }
        let first = lines.iter().map(|l| top(l)).fold(f32::MAX, f32::min);
        let end = lines.iter().map(|l| bottom(l)).fold(f32::MIN, f32::max);
        let fill = (end - first) / (page.height * BODY_FLOOR - first);
        if fill < MIN_FILL {
            faults.push(format!("p{} near-empty: text ends at {:.0}% of the body", index + 1, 100.0 * fill));
        }
        let next = body(&pages[index + 1]);
        let Some(heading) = lines.iter().rposition(|l| is_heading(l)) else { continue };
        let under = lines.len() - 1 - heading;
        let goes_on = next.first().is_some_and(|l| height(l) <= 1.15 * body_h);
        if under < SECTION_START_LINES && goes_on && heading > 2 {
            faults.push(format!(
                "p{} stranded heading: {} + {under} line(s)",
                index + 1,
                lines[heading].text()
            ));
        }
    }
    faults
}

#[test]
fn no_pack_page_is_near_empty_and_no_heading_is_stranded_at_a_foot() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let pdfs = catalogue::built_packs();
    assert!(pdfs.len() >= 8, "{pdfs:?}");
    let mut faults = Vec::new();
    for pdf in &pdfs {
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        let pages = parse(&run_tool(&pdftotext, &["-bbox-layout", pdf.to_str().unwrap(), "-"]));
        faults.extend(page_faults(&pages).into_iter().map(|f| format!("{name} {f}")));
    }
    assert!(
        faults.is_empty(),
        "{} page(s) a typesetter would not sign off:\n{}",
        faults.len(),
        faults.join("\n")
    );
}
