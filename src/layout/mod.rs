//! Layout stage: a composed [`Document`](crate::compose::Document) to pages of
//! positioned items ([`PagedDocument`]).
//!
//! Like typst's `Frame`, a [`Page`] is a flat list of [`FrameItem`]s with absolute
//! positions; every backend reads only that. Coordinates are PDF points from the
//! page's top-left corner, y growing downwards.

pub(crate) mod bundle;
pub(crate) mod flow;
pub(crate) mod labels;
pub(crate) mod pack;
pub(crate) mod petition;
pub(crate) mod photo;
pub(crate) mod postcard;
pub(crate) mod poster;
pub(crate) mod press;
pub(crate) mod qr;
pub(crate) mod setter;
pub(crate) mod style;
pub(crate) mod tally;

use std::sync::Arc;

use crate::load::Photo;
use crate::locale::Locale;
use crate::text::{GlyphRun, MissingGlyphs, Paint};
pub(crate) use bundle::bind;
pub(crate) use labels::layout_labels;
pub use pack::{layout_home_pack, layout_pack, press_pack, ADDED_CHARACTERS};
pub(crate) use petition::layout_petition;
pub(crate) use photo::Framing;
pub use postcard::layout_postcard;
pub(crate) use poster::layout_poster;
pub(crate) use tally::layout_tally;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// Who the file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// A local group's desktop printer: the paper size, RGB, margins.
    Home,
    /// A print shop: trim plus bleed and crop marks, CMYK, 300 ppi.
    Press,
}

impl Profile {
    /// `home` or `press`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Home => "home",
            Profile::Press => "press",
        }
    }
}

/// A rectangle in page coordinates (points, from the top-left corner, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BoxRect {
    /// Left.
    pub(crate) x: f32,
    /// Top.
    pub(crate) y: f32,
    /// Width.
    pub(crate) width: f32,
    /// Height.
    pub(crate) height: f32,
}

impl BoxRect {
    /// The rectangle grown by `d` on every side.
    pub(crate) fn grown(self, d: f32) -> BoxRect {
        BoxRect { x: self.x - d, y: self.y - d, width: self.width + 2.0 * d, height: self.height + 2.0 * d }
    }
}

/// Part of a source photo, in pixels: x, y, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CropRect {
    /// Left.
    pub(crate) x: u32,
    /// Top.
    pub(crate) y: u32,
    /// Width.
    pub(crate) width: u32,
    /// Height.
    pub(crate) height: u32,
}

/// What a stretch of a page is, for readers who do not see it: the structure elements
/// of a tagged PDF. Compose knows what each block is; layout wraps the items it places
/// for a block in [`Tag::Start`] and [`Tag::End`], in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum StructElem {
    /// A heading of level 1 (the title) to 3.
    Heading(u8),
    /// A paragraph, or a line of its own (a name, an address line, a label).
    Paragraph,
    /// The person's own words.
    Quote,
    /// A list, its items, an item's marker and its text.
    List,
    /// One item of a [`StructElem::List`].
    ListItem,
    /// A list item's bullet or number.
    Label,
    /// A list item's text.
    ListBody,
    /// An image that says something, with its alternative text.
    Figure {
        /// What a screen reader says instead of showing it.
        alt: String,
    },
    /// The text that goes with a figure (a photo credit).
    Caption,
    /// A postal or e-mail address to write to (role-mapped to `Div`).
    Address,
    /// A link: its text, and the [`FrameItem::Link`] areas that open it.
    Link,
    /// A table (the petition's signatures): its rows, in order, across its pages.
    Table,
    /// A row of a [`StructElem::Table`]: header cells or data cells.
    TableRow,
    /// A header cell, the heading of its column (written with `/Scope /Column`).
    TableHeader,
    /// A data cell; empty when it is to be filled in by hand.
    TableCell,
}

/// Where a link leads, and how a reader that does not see its text names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// The URI it opens (`https://…`, `mailto:…`).
    pub(crate) uri: String,
    /// What the link is, in words: the annotation's `/Contents`.
    pub(crate) contents: String,
}

/// Why an item is not content: running headers and footers are pagination, the rest
/// (rules, panels, marks, copies of a card) is layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// Footers and page numbers.
    Pagination,
    /// Decoration and repeated copies.
    Layout,
}

/// A structure marker among a page's items. Starts and ends nest, and may span pages
/// (a paragraph across a page break starts on one page and ends on the next). Items
/// outside every element are artifacts; so are rules and filled rectangles, which are
/// never content here.
#[derive(Debug, Clone, PartialEq)]
pub enum Tag {
    /// The items up to the matching [`Tag::End`] belong to this element.
    Start(StructElem),
    /// The items up to the matching [`Tag::End`] are an artifact.
    Artifact(ArtifactKind),
    /// Closes the innermost open element or artifact.
    End,
}

/// One positioned thing on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameItem {
    /// A run of glyphs; glyph x positions are added to `x`, `baseline` is the baseline's y.
    Text {
        /// Left of the run's line box.
        x: f32,
        /// Width of the line box: the measure the line was set to. Every glyph of the
        /// run lies between `x` and `x + measure` (text never leaves its column).
        measure: f32,
        /// Baseline.
        baseline: f32,
        /// The glyphs.
        run: GlyphRun,
    },
    /// A filled rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Fill.
        paint: Paint,
    },
    /// A straight line.
    Rule {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width in points.
        thickness: f32,
        /// Ink.
        paint: Paint,
    },
    /// The case photo, cropped, filling its frame.
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Which pixels of the photo fill the frame.
        crop: CropRect,
        /// How the photo is cropped (focus and keep region), so that a frame of
        /// another shape can be cropped alike, and `check` can tell what it cut.
        framing: Framing,
    },
    /// Items drawn together, placed with their own origin at (`x`, `y`). A group
    /// shared (the same `Arc`) by several places is one piece of artwork drawn
    /// several times: the PDF writes it once, as a form XObject.
    Group {
        /// Where the group's origin goes, left.
        x: f32,
        /// Where the group's origin goes, top.
        y: f32,
        /// The items.
        group: Arc<Group>,
    },
    /// Where a structure element or artifact starts or ends; draws nothing.
    Tag(Tag),
    /// An area that opens a link when clicked or tapped: one per line of the link's
    /// text, inside its [`StructElem::Link`]. Home files only: press files keep no
    /// annotations. Draws nothing.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Where it leads.
        target: Arc<LinkTarget>,
    },
}

/// A piece of artwork in its own coordinates (points from its top-left corner, y
/// down), like typst's `GroupItem`: a postcard's front, or a press page's trim.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Width of its box; items may reach past it (bleed).
    pub(crate) width: f32,
    /// Height of its box.
    pub(crate) height: f32,
    /// Items, in painting order.
    pub(crate) items: Vec<FrameItem>,
}

impl Group {
    /// The group placed at (`x`, `y`).
    pub(crate) fn placed(self: &Arc<Group>, x: f32, y: f32) -> FrameItem {
        FrameItem::Group { x, y, group: self.clone() }
    }

    /// The box its items' ink and its own box cover, `[left, top, right, bottom]` in
    /// its coordinates (y down): art may run past its box into the bleed.
    pub(crate) fn ink_box(&self) -> [f32; 4] {
        self.items.iter().filter_map(FrameItem::ink_box).fold([0.0, 0.0, self.width, self.height], |a, b| {
            [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
        })
    }
}

impl FrameItem {
    /// The item moved by (dx, dy).
    pub(crate) fn translated(mut self, dx: f32, dy: f32) -> FrameItem {
        match &mut self {
            FrameItem::Text { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            FrameItem::Rect { x, y, .. }
            | FrameItem::Image { x, y, .. }
            | FrameItem::Group { x, y, .. }
            | FrameItem::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            FrameItem::Rule { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            FrameItem::Tag(_) => {}
        }
        self
    }

    /// Whether the item draws something (it is not a [`FrameItem::Tag`] or a
    /// [`FrameItem::Link`]).
    pub(crate) fn draws(&self) -> bool {
        !matches!(self, FrameItem::Tag(_) | FrameItem::Link { .. })
    }

    /// The box its ink may cover, `[left, top, right, bottom]` (y down), or `None` if
    /// it draws nothing. Generous for text: an em either side of its measure, two
    /// above the baseline and one below, more than any glyph's ink in our faces. A
    /// group covers its own box too.
    pub(crate) fn ink_box(&self) -> Option<[f32; 4]> {
        Some(match self {
            FrameItem::Text { x, measure, baseline, run } => {
                let em = run.size;
                [x - em, baseline - 2.0 * em, x + measure + em, baseline + em]
            }
            FrameItem::Rect { x, y, width, height, .. } | FrameItem::Image { x, y, width, height, .. } => {
                [*x, *y, x + width, y + height]
            }
            FrameItem::Rule { x1, y1, x2, y2, thickness, .. } => [
                x1.min(*x2) - thickness,
                y1.min(*y2) - thickness,
                x1.max(*x2) + thickness,
                y1.max(*y2) + thickness,
            ],
            FrameItem::Group { x, y, group } => {
                let [l, t, r, b] = group.ink_box();
                [x + l, y + t, x + r, y + b]
            }
            FrameItem::Tag(_) | FrameItem::Link { .. } => return None,
        })
    }
}

/// Where an item is, for tagging: outside every element, in an element, or in an
/// artifact.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TagContext<'a> {
    /// Outside every element (a copy of a card on a sheet).
    Outside,
    /// In this element, the innermost.
    Element(&'a StructElem),
    /// In an artifact.
    Artifact(ArtifactKind),
}

/// The artifact an item is drawn as, or `None` when it is content of its element:
/// rules and filled rectangles are decoration unless they draw a figure (a QR code's
/// modules), and whatever is outside every element is a copy. One rule for the
/// renderer's tagger and for the postcard sheet, which draws a card's artifacts once.
pub(crate) fn drawn_as_artifact(item: &FrameItem, context: TagContext) -> Option<ArtifactKind> {
    let in_figure = matches!(context, TagContext::Element(StructElem::Figure { .. }));
    if matches!(item, FrameItem::Rect { .. } | FrameItem::Rule { .. }) && !in_figure {
        return Some(ArtifactKind::Layout);
    }
    match context {
        TagContext::Outside => Some(ArtifactKind::Layout),
        TagContext::Element(_) => None,
        TagContext::Artifact(kind) => Some(kind),
    }
}

/// `items` wrapped in a structure element.
pub(crate) fn tagged(elem: StructElem, items: impl IntoIterator<Item = FrameItem>) -> Vec<FrameItem> {
    let mut out = vec![FrameItem::Tag(Tag::Start(elem))];
    out.extend(items);
    out.push(FrameItem::Tag(Tag::End));
    out
}

/// A page: its size and items.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in points (the MediaBox).
    pub width: f32,
    /// Height in points.
    pub(crate) height: f32,
    /// Items, in painting order.
    pub items: Vec<FrameItem>,
    /// The finished size, when it is not the whole page (press files).
    pub(crate) trim: Option<BoxRect>,
    /// How far printed content may run past the trim, when the page has bleed.
    pub(crate) bleed: Option<BoxRect>,
}

impl Page {
    /// A page with no separate trim or bleed: what you see is what prints.
    pub(crate) fn plain(width: f32, height: f32, items: Vec<FrameItem>) -> Page {
        Page { width, height, items, trim: None, bleed: None }
    }

    /// The page's items with every group opened: each of a group's items moved to
    /// where the group places it, in painting order. For readers that want absolute
    /// positions (checks, tests, snapshots); the renderers keep the groups.
    pub fn flat_items(&self) -> Vec<FrameItem> {
        let mut out = Vec::with_capacity(self.items.len());
        flatten_into(&self.items, 0.0, 0.0, &mut out);
        out
    }
}

/// Calls `visit` with every item of `items` and of the groups among them, in
/// painting order, each in its own group's coordinates: for readers that need what is
/// drawn (glyphs, fonts) but not where.
pub(crate) fn visit_items<'a>(items: &'a [FrameItem], visit: &mut impl FnMut(&'a FrameItem)) {
    for item in items {
        visit(item);
        if let FrameItem::Group { group, .. } = item {
            visit_items(&group.items, visit);
        }
    }
}

fn flatten_into(items: &[FrameItem], dx: f32, dy: f32, out: &mut Vec<FrameItem>) {
    for item in items {
        match item {
            FrameItem::Group { x, y, group } => flatten_into(&group.items, dx + x, dy + y, out),
            _ if dx == 0.0 && dy == 0.0 => out.push(item.clone()),
            _ => out.push(item.clone().translated(dx, dy)),
        }
    }
}

/// The finished layout of one product.
#[derive(Debug, Clone)]
pub struct PagedDocument {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Metadata title.
    pub(crate) title: String,
    /// Metadata author: the publishing organisation, when named; never the person
    /// the document is about.
    pub(crate) author: Option<String>,
    /// Metadata subject: what the document is (`Appeal pack`, `Solidarity postcard`).
    pub(crate) subject: String,
    /// The language, as load parsed it from the file name: the PDF's `/Lang`, and
    /// what a run in another script is told apart from.
    pub(crate) lang: Locale,
    /// The photo the `Image` items crop from.
    pub(crate) photo: Option<Arc<Photo>>,
}

/// Why a layout failed.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutError {
    /// Text with characters no font has.
    MissingGlyphs(MissingGlyphs),
    /// Text that does not fit its fixed-size area even at the smallest allowed size.
    Overflow {
        /// What overflowed, e.g. "postcard message".
        what: &'static str,
        /// Where its text comes from.
        source: TextSource,
        /// How much too tall, in points, at the smallest size.
        over: f32,
        /// The smallest size tried, as a fraction of the normal size.
        floor: f32,
    },
}

/// Where a piece of fixed-size text comes from, so an overflow can point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextSource {
    /// The language file's front matter key of this name.
    FrontMatter(&'static str),
    /// The case.yaml key of this name.
    CaseYaml(&'static str),
    /// The entry at this index of the case.yaml list of this name (an authority of
    /// `write_to` or `copies_to`).
    CaseYamlEntry(&'static str, usize),
    /// Text of the language file that is not a front matter key of its own, in words
    /// a writer knows it by ("the first item of the `{#action}` list": the poster's
    /// ask); the job knows where it starts.
    LangText(&'static str),
}

/// The lowest effective resolution of the photo on any page: source pixels per inch
/// of placed size, before any downsampling.
pub(crate) fn effective_ppi(doc: &PagedDocument) -> Option<f32> {
    doc.pages
        .iter()
        .flat_map(Page::flat_items)
        .filter_map(|item| match item {
            FrameItem::Image { width, height, crop, .. } => {
                Some((crop.width as f32 / (width / 72.0)).min(crop.height as f32 / (height / 72.0)))
            }
            _ => None,
        })
        .min_by(f32::total_cmp)
}

impl From<MissingGlyphs> for LayoutError {
    fn from(m: MissingGlyphs) -> Self {
        LayoutError::MissingGlyphs(m)
    }
}

/// A text dump of a page for snapshot tests: one line per text run, rules and images.
pub fn describe_page(page: &Page) -> String {
    let mut out = String::new();
    for item in &page.flat_items() {
        let line = match item {
            FrameItem::Text { x, baseline, run, .. } => {
                let text = run.text.clone();
                format!(
                    "text {:.1},{:.1} {:.1}pt {:?} {}",
                    x + run.glyphs.first().map_or(0.0, |g| g.x),
                    baseline,
                    run.size,
                    run.paint,
                    text
                )
            }
            FrameItem::Rect { x, y, width, height, paint } => {
                format!("rect {x:.1},{y:.1} {width:.1}x{height:.1} {paint:?}")
            }
            FrameItem::Rule { x1, y1, x2, y2, thickness, .. } => {
                format!("rule {x1:.1},{y1:.1} -> {x2:.1},{y2:.1} {thickness}pt")
            }
            FrameItem::Image { x, y, width, height, crop, .. } => {
                format!(
                    "image {x:.1},{y:.1} {width:.1}x{height:.1} crop {},{} {}x{}",
                    crop.x, crop.y, crop.width, crop.height
                )
            }
            FrameItem::Link { x, y, width, height, target } => {
                format!("link {x:.1},{y:.1} {width:.1}x{height:.1} {}", target.uri)
            }
            FrameItem::Group { .. } => unreachable!("flat_items opens every group"),
            FrameItem::Tag(_) => continue,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{compose_pack, compose_postcard};
    use crate::fonts::test_fonts;
    use crate::load::{discover_cases, load_case};

    /// The left, top, right and bottom extent of a text run's glyphs.
    fn text_extent(x: f32, baseline: f32, run: &GlyphRun) -> (f32, f32, f32, f32) {
        let left = run.glyphs.iter().map(|g| x + g.x).fold(f32::MAX, f32::min);
        let right = run.glyphs.iter().map(|g| x + g.x + g.advance).fold(f32::MIN, f32::max);
        (left, baseline - run.size, right, baseline + run.size * 0.3)
    }

    #[test]
    fn press_text_stays_4mm_inside_the_trim() {
        let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        for dir in discover_cases(&packs).unwrap() {
            let case = load_case(&dir, &[]).unwrap();
            for entry in &case.langs {
                let file = entry.file.as_ref().unwrap();
                let pack = compose_pack(&case, file, &mut crate::diag::Sink::new()).unwrap();
                let card = compose_postcard(&case, file, &mut crate::diag::Sink::new()).unwrap();
                let docs = [
                    layout_pack(test_fonts(), &pack, &case.photo, Profile::Press).unwrap(),
                    layout_postcard(test_fonts(), &card, &case.photo, Profile::Press).unwrap(),
                ];
                for page in docs.iter().flat_map(|d| &d.pages) {
                    let trim = page.trim.expect("press pages have a trim box");
                    for item in &page.flat_items() {
                        let FrameItem::Text { x, baseline, run, .. } = item else { continue };
                        let (l, t, r, b) = text_extent(*x, *baseline, run);
                        let inset = (l - trim.x)
                            .min(t - trim.y)
                            .min(trim.x + trim.width - r)
                            .min(trim.y + trim.height - b);
                        assert!(inset >= 4.0 * MM, "{}: text {:.1} mm from the trim", entry.lang, inset / MM);
                    }
                }
            }
        }
    }

    #[test]
    fn a_closing_keeps_its_line_breaks() {
        // Chinese closes with 此致 and 敬礼 on lines of their own.
        let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        let dir = discover_cases(&packs).unwrap().remove(0);
        let case = load_case(&dir, &[]).unwrap();
        let mut file = case.langs.iter().find(|e| e.lang == "en").unwrap().file.clone().unwrap();
        file.front.closing = Some("With respect,\nand in solidarity,".to_string());
        let pack = compose_pack(&case, &file, &mut crate::diag::Sink::new()).unwrap();
        let doc = layout_pack(test_fonts(), &pack, &case.photo, Profile::Home).unwrap();
        let baseline_of = |wanted: &str| {
            let page = doc.pages.last().unwrap();
            page.items.iter().find_map(|item| match item {
                FrameItem::Text { baseline, run, .. } if run.text == wanted => Some(*baseline),
                _ => None,
            })
        };
        let first = baseline_of("With respect,").expect("the closing's first line");
        let second = baseline_of("and in solidarity,").expect("the closing's second line");
        assert!(second > first, "{first} then {second}");
    }
}
