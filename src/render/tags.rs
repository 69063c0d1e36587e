//! Tagged PDF, the content side: follows the [`Tag`]s among a document's items, in
//! page order, to build the structure tree, and brackets what each page draws in
//! marked content: `/P <</MCID 3>> BDC … EMC` for content of an element, `/Artifact`
//! for the rest. [`fixup::write_structure`](super::fixup::write_structure) writes the
//! tree the MCIDs point into. Modelled on typst-pdf's `tags/` and krilla's `tagging`.
//!
//! Consecutive items of one element share one marked-content sequence, so a paragraph
//! line of several runs costs one MCID, not one per run. A run in another language than
//! the document's ([`span_lang`](super::span_lang)) is bracketed inside it in
//! `/Span <</Lang (en)>> BDC … EMC`, which leaves the structure and its reading order
//! as they are.

use std::collections::BTreeMap;
use std::sync::Arc;

use printpdf::{DictItem, Op};

use super::span_lang::run_language;
use crate::layout::{drawn_as_artifact, ArtifactKind, FrameItem, LinkTarget, StructElem, Tag, TagContext};
use crate::locale::Locale;
use crate::text::GlyphRun;

/// A node of the structure tree: the root (`Document`) or an element of the layout.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// The element; `None` for the root.
    pub(crate) elem: Option<StructElem>,
    /// The index of the parent node (the root is its own).
    pub(crate) parent: usize,
    /// Children in reading order.
    pub(crate) kids: Vec<Kid>,
}

/// A child of a structure node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kid {
    /// Another node, by index.
    Node(usize),
    /// Marked content on a page (index from 0), by its MCID there.
    Content {
        /// The page.
        page: usize,
        /// The marked content's id on that page.
        mcid: usize,
    },
    /// A link annotation, by its index in [`Tagger::annotations`] (an `/OBJR`).
    Annotation(usize),
}

/// A link annotation to write on a page, and the element it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Annotation {
    /// The page (index from 0).
    pub(crate) page: usize,
    /// Its `/Rect`, `[x0 y0 x1 y1]` in PDF points (y up).
    pub(crate) rect: [f32; 4],
    /// Where it leads.
    pub(crate) target: Arc<LinkTarget>,
    /// The node of its `Link` element: its `/StructParent`'s entry.
    pub(crate) node: usize,
}

/// What the items being drawn are marked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Content of the node with this index.
    Content(usize),
    /// Not content.
    Artifact(ArtifactKind),
}

/// What is open at a point of the item stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Elem(usize),
    Artifact(ArtifactKind),
}

/// The structure tree as it is built, and the marked content of the current page.
#[derive(Debug, Clone)]
pub(crate) struct Tagger {
    /// The nodes; index 0 is the root.
    pub(crate) nodes: Vec<Node>,
    /// For each page, the node each MCID belongs to (its parent tree entry).
    pub(crate) parents: Vec<Vec<usize>>,
    /// The link annotations, in reading order.
    pub(crate) annotations: Vec<Annotation>,
    stack: Vec<Open>,
    current: Option<Mark>,
    /// The document's language.
    lang: Locale,
}

impl Tagger {
    /// A tagger for a document in the language `lang`.
    pub(crate) fn new(lang: &Locale) -> Self {
        Tagger {
            nodes: vec![Node { elem: None, parent: 0, kids: Vec::new() }],
            parents: Vec::new(),
            annotations: Vec::new(),
            stack: Vec::new(),
            current: None,
            lang: lang.clone(),
        }
    }

    /// The `/Span <</Lang …>> BDC` to draw a run of content inside, when its language
    /// is not the document's; the caller closes it with `EMC` after the run.
    /// Artifacts are not read, so they get none.
    pub(crate) fn language_span(&self, run: &GlyphRun) -> Option<Op> {
        let Some(Mark::Content(_)) = self.current else { return None };
        let language = run_language(&run.text, &self.lang)?;
        let lang = DictItem::String { data: language.into_bytes(), literal: true };
        Some(Op::BeginMarkedContentWithProperties {
            tag: "Span".into(),
            properties: DictItem::Dict { map: BTreeMap::from([("Lang".to_string(), lang)]) },
        })
    }

    /// Starts a page: MCIDs count from 0 on each.
    pub(crate) fn begin_page(&mut self) {
        self.parents.push(Vec::new());
        self.current = None;
    }

    /// Ends the page's open marked content.
    pub(crate) fn end_page(&mut self, ops: &mut Vec<Op>) {
        if self.current.take().is_some() {
            ops.push(Op::EndMarkedContent);
        }
    }

    /// Handles one item before it is drawn: a tag opens or closes an element; an item
    /// that draws gets the marked content it belongs to opened, when it is not already.
    pub(crate) fn item(&mut self, item: &FrameItem, ops: &mut Vec<Op>) {
        let mark = match item {
            FrameItem::Tag(tag) => return self.tag(tag),
            FrameItem::Link { .. } => return,
            _ => self.mark(item),
        };
        if self.current == Some(mark) {
            return;
        }
        self.end_page(ops);
        ops.push(match mark {
            Mark::Content(node) => self.open_content(node),
            Mark::Artifact(kind) => artifact(kind),
        });
        self.current = Some(mark);
    }

    /// Records a link area, `rect` in PDF points, as an annotation of the innermost
    /// element (the layout's `Link`); an area outside every element is dropped, as
    /// an annotation no element owns would fail PDF/UA.
    pub(crate) fn link(&mut self, rect: [f32; 4], target: &Arc<LinkTarget>) {
        let Some(node) = self.innermost() else { return };
        let page = self.parents.len().saturating_sub(1);
        self.nodes[node].kids.push(Kid::Annotation(self.annotations.len()));
        self.annotations.push(Annotation { page, rect, target: target.clone(), node });
    }

    fn tag(&mut self, tag: &Tag) {
        match tag {
            Tag::Start(elem) => {
                let parent = self.innermost().unwrap_or(0);
                let index = self.nodes.len();
                self.nodes.push(Node { elem: Some(elem.clone()), parent, kids: Vec::new() });
                self.nodes[parent].kids.push(Kid::Node(index));
                self.stack.push(Open::Elem(index));
            }
            Tag::Artifact(kind) => self.stack.push(Open::Artifact(*kind)),
            Tag::End => {
                self.stack.pop();
            }
        }
    }

    /// The innermost open element, if no artifact is open inside it.
    fn innermost(&self) -> Option<usize> {
        match self.stack.last() {
            Some(Open::Elem(index)) => Some(*index),
            _ => None,
        }
    }

    /// Content of the innermost element, or an artifact as [`drawn_as_artifact`] says.
    fn mark(&self, item: &FrameItem) -> Mark {
        let context = match self.stack.last() {
            Some(Open::Elem(index)) => match &self.nodes[*index].elem {
                Some(elem) => TagContext::Element(elem),
                None => TagContext::Outside,
            },
            Some(Open::Artifact(kind)) => TagContext::Artifact(*kind),
            None => TagContext::Outside,
        };
        match (drawn_as_artifact(item, context), self.innermost()) {
            (Some(kind), _) => Mark::Artifact(kind),
            (None, Some(index)) => Mark::Content(index),
            (None, None) => Mark::Artifact(ArtifactKind::Layout),
        }
    }

    fn open_content(&mut self, node: usize) -> Op {
        let page = self.parents.len().saturating_sub(1);
        let mcids = self.parents.last_mut().expect("begin_page comes first");
        let mcid = mcids.len();
        mcids.push(node);
        self.nodes[node].kids.push(Kid::Content { page, mcid });
        let role = self.nodes[node].elem.as_ref().map_or("Span", role_of);
        let properties = BTreeMap::from([("MCID".to_string(), DictItem::Int(mcid as i64))]);
        Op::BeginMarkedContentWithProperties {
            tag: role.into(),
            properties: DictItem::Dict { map: properties },
        }
    }
}

/// `/Artifact <</Type /Layout>> BDC`.
fn artifact(kind: ArtifactKind) -> Op {
    let kind = match kind {
        ArtifactKind::Pagination => "Pagination",
        ArtifactKind::Layout => "Layout",
    };
    let properties = BTreeMap::from([("Type".to_string(), DictItem::Name(kind.as_bytes().to_vec()))]);
    Op::BeginMarkedContentWithProperties {
        tag: "Artifact".into(),
        properties: DictItem::Dict { map: properties },
    }
}

/// The structure type an element is written as. `Address` is our own, role-mapped to
/// `Div` ([`ROLE_MAP`]).
pub(crate) fn role_of(elem: &StructElem) -> &'static str {
    match elem {
        StructElem::Heading(1) => "H1",
        StructElem::Heading(2) => "H2",
        StructElem::Heading(_) => "H3",
        StructElem::Paragraph => "P",
        StructElem::Quote => "BlockQuote",
        StructElem::List => "L",
        StructElem::ListItem => "LI",
        StructElem::Label => "Lbl",
        StructElem::ListBody => "LBody",
        StructElem::Figure { .. } => "Figure",
        StructElem::Caption => "Caption",
        StructElem::Address => "Address",
        StructElem::Link => "Link",
        StructElem::Table => "Table",
        StructElem::TableRow => "TR",
        StructElem::TableHeader => "TH",
        StructElem::TableCell => "TD",
    }
}

/// Our own structure types and the standard ones they stand for.
pub(crate) const ROLE_MAP: [(&str, &str); 1] = [("Address", "Div")];
