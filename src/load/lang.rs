//! `<lang>.md`: YAML front matter, then Markdown split into sections by heading id.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::case_yaml::{yaml_error_in, CaseYaml, Paper};
use crate::diag::{Diagnostic, LineIndex, Sink, Span};
use crate::locale::Locale;

/// The front matter of a language file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    /// Title on the cover.
    pub(crate) title: String,
    /// Salutation of the sample letter; required when an appeal section exists.
    pub(crate) salutation: Option<String>,
    /// Closing of the sample letter.
    pub(crate) closing: Option<String>,
    /// Per-language paper override.
    pub(crate) paper: Option<Paper>,
    /// The postcard message.
    pub(crate) postcard: Option<String>,
    /// The petition sheet's ask, one paragraph (a `{#petition}` section holds a longer
    /// one); without either, this language has no petition sheet.
    pub(crate) petition: Option<String>,
    /// Per-language spelling of the person's name.
    pub(crate) person: Option<String>,
    /// Digits of the numbers the pack prints itself (page and list numbers, dates):
    /// `latin` (the default) or `native`, the language's own.
    pub(crate) digits: Option<DigitStyle>,
    /// What the photo shows, for screen readers (the PDF's alternative text); the
    /// labels' `photo_alt` is used without it.
    pub(crate) photo_alt: Option<String>,
    /// The photo's credit in this language, overriding case.yaml's `photo.credit`.
    pub(crate) photo_credit: Option<String>,
    /// This language's page of the online action, overriding case.yaml's `action_url`
    /// (a petition in the reader's language).
    pub(crate) action_url: Option<String>,
    /// Whether the title, `person:` and headings may hold direction controls
    /// (U+202A-U+202E, U+2066-U+2069) and invisible characters (U+200B, U+2060, U+FEFF):
    /// refused without it, as one of them can reverse a name on the page.
    #[serde(default)]
    pub(crate) allow_bidi_controls: bool,
}

/// The `digits:` choice of a language file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DigitStyle {
    /// 0123456789.
    Latin,
    /// The language's own digits, such as Arabic-Indic for Arabic.
    Native,
}

/// A run of text with one style. A `\n` inside `text` is a forced line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inline {
    /// The characters.
    pub(crate) text: String,
    /// Bold (Markdown strong).
    pub(crate) bold: bool,
    /// Italic (Markdown emphasis).
    pub(crate) italic: bool,
    /// Where the text links to (`https://…`, `mailto:…`): a Markdown link or
    /// autolink, or an address compose found in the text.
    pub(crate) link: Option<String>,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A paragraph.
    Paragraph {
        /// Its text runs.
        inlines: Vec<Inline>,
        /// Where it starts.
        span: Span,
    },
    /// A bulleted or numbered list; each item is one run of inlines.
    List {
        /// `Some(first number)` for numbered lists.
        start: Option<u64>,
        /// The items.
        items: Vec<Vec<Inline>>,
        /// Where it starts.
        span: Span,
    },
    /// A sub-heading inside a section (Markdown level 3 and below).
    Subheading {
        /// Its text runs.
        inlines: Vec<Inline>,
        /// Where it is.
        span: Span,
    },
}

impl Block {
    /// Where the block starts in its file.
    pub(crate) fn span(&self) -> &Span {
        match self {
            Block::Paragraph { span, .. } | Block::List { span, .. } | Block::Subheading { span, .. } => span,
        }
    }
}

/// The sections a language file may have, by heading id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SectionId {
    /// `{#story}`, required.
    Story,
    /// `{#letter}`, optional: the person's own words.
    Letter,
    /// `{#action}`, required.
    Action,
    /// `{#appeal}`, optional: the sample letter.
    Appeal,
    /// `{#petition}`, optional: the ask of the petition sheet, when it is longer than
    /// the front matter's one-paragraph `petition:`. Never printed in the pack.
    Petition,
}

impl SectionId {
    const ALL: [(&'static str, SectionId); 5] = [
        ("story", SectionId::Story),
        ("letter", SectionId::Letter),
        ("action", SectionId::Action),
        ("appeal", SectionId::Appeal),
        ("petition", SectionId::Petition),
    ];

    /// The id as written after the heading.
    pub(crate) fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(_, id)| *id == self).map(|(s, _)| *s).unwrap_or("?")
    }

    fn parse(id: &str) -> Option<SectionId> {
        Self::ALL.iter().find(|(s, _)| *s == id).map(|(_, id)| *id)
    }
}

/// One section: its translated heading and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    /// Which section.
    pub(crate) id: SectionId,
    /// The heading as written (translated).
    pub(crate) heading: String,
    /// The content.
    pub(crate) blocks: Vec<Block>,
    /// Where the heading is.
    pub(crate) span: Span,
}

/// A parsed language file.
#[derive(Debug, Clone)]
pub struct LangFile {
    /// The language, from the file name.
    pub(crate) lang: Locale,
    /// The file, as found in the case folder (`FR.md` stays `FR.md`): what a message
    /// about it names.
    pub(crate) path: PathBuf,
    /// Front matter.
    pub(crate) front: FrontMatter,
    /// Sections in file order.
    pub(crate) sections: Vec<Section>,
    /// Where the front matter's `postcard:` key is, for fit errors.
    pub(crate) postcard_span: Span,
    /// Where `salutation:` is (or the file when absent).
    pub(crate) front_span: Span,
    /// Where the petition's ask is: the front matter's `petition:` key, else the
    /// `{#petition}` heading (the file's start when there is neither), for fit errors.
    pub(crate) petition_span: Span,
}

impl LangFile {
    /// The section with `id`, if present.
    pub(crate) fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Whether the file has a petition ask (front matter `petition:` or a `{#petition}`
    /// section): without one, the language has no petition sheet.
    pub(crate) fn has_petition(&self) -> bool {
        self.front.petition.is_some() || self.section(SectionId::Petition).is_some()
    }

    /// The person's name as this language prints it: its `person:`, else case.yaml's.
    pub(crate) fn person(&self, facts: &CaseYaml) -> String {
        self.front.person.clone().unwrap_or_else(|| facts.person.clone())
    }

    /// The paper this language's home prints use: its `paper:`, else case.yaml's,
    /// else the default (A4).
    pub(crate) fn paper(&self, facts: &CaseYaml) -> Paper {
        self.front.paper.or(facts.paper).unwrap_or_default()
    }
}

/// Parses a language file's text. `warnings` receives non-fatal findings (raw HTML).
pub(crate) fn parse_lang_file(
    path: &Path,
    lang: &Locale,
    text: &str,
    warnings: &mut Sink,
) -> Result<LangFile, Diagnostic> {
    let (front_text, body, body_offset) = split_front_matter(path, text)?;
    super::guard::check_nesting(path, front_text, 1)?;
    let front: FrontMatter =
        serde_yaml::from_str(front_text).map_err(|e| yaml_error_in(path, front_text, 1, &e))?;
    super::guard::check_yaml_values(path, front_text, 1)?;
    let index = LineIndex::new(text);
    let span_at = |offset: usize| {
        let (line, column) = index.line_col(text, offset);
        Span::at(path, line, column)
    };
    let key_span = |key: &str| Span::at(path, super::guard::line_of_key(front_text, key, 0) + 1, 1);
    if front.title.trim().is_empty() {
        return Err(Diagnostic::error(Some(key_span("title")), "`title` is empty"));
    }
    if front.photo_credit.as_deref().is_some_and(|c| c.trim().is_empty()) {
        return Err(Diagnostic::error(Some(key_span("photo_credit")), "`photo_credit` is empty")
            .with_hint("write the credit in this language, or leave the key out to print case.yaml's"));
    }
    if let Some(url) = &front.action_url {
        super::case_yaml::check_web_address(url).map_err(|why| {
            Diagnostic::error(Some(key_span("action_url")), format!("`action_url` {why}")).with_hint(
                "write the full address of this language's action page, e.g. https://example.org/fr/act",
            )
        })?;
    }
    let sections = parse_sections(body, body_offset, &span_at, warnings)?;
    check_printed_text(text, &front, &sections, &key_span)?;
    check_petition(&front, &sections, &key_span)?;
    let petition_span = match sections.iter().find(|s| s.id == SectionId::Petition) {
        Some(section) if front.petition.is_none() => section.span.clone(),
        _ => key_span("petition"),
    };
    let file = LangFile {
        lang: lang.clone(),
        path: path.to_path_buf(),
        petition_span,
        postcard_span: key_span("postcard"),
        front_span: key_span("salutation"),
        front,
        sections,
    };
    check_required(path, &file)?;
    Ok(file)
}

/// Refuses what a reader would not see but would misread: in the title, `person:` and
/// the headings, direction controls and invisible characters (unless the file allows
/// them); in any text, the control characters that Markdown's character references
/// (`&#x1b;`) write.
fn check_printed_text(
    text: &str,
    front: &FrontMatter,
    sections: &[Section],
    key_span: &dyn Fn(&str) -> Span,
) -> Result<(), Diagnostic> {
    let opt_in = "if the name needs them, set `allow_bidi_controls: true` in the front matter";
    let hidden = |what: &str, value: &str, at: Span| match super::guard::hidden_in_name(value) {
        Some(c) if !front.allow_bidi_controls => {
            Err(super::guard::hidden_in_name_error(what, c, text, at.line, at, Some(opt_in)))
        }
        _ => Ok(()),
    };
    // The raw text was checked as it was read: only a character reference (`&#x1b;`)
    // writes a control character into a run.
    let references = text.contains("&#");
    hidden("the title", &front.title, key_span("title"))?;
    if let Some(person) = &front.person {
        hidden("`person`", person, key_span("person"))?;
    }
    for section in sections {
        hidden("the heading", &section.heading, section.span.clone())?;
        for block in &section.blocks {
            let runs: Vec<&Inline> = match block {
                Block::Paragraph { inlines, .. } => inlines.iter().collect(),
                Block::List { items, .. } => items.iter().flatten().collect(),
                Block::Subheading { inlines, .. } => {
                    let heading: String = inlines.iter().map(|i| i.text.as_str()).collect();
                    hidden("the heading", &heading, block.span().clone())?;
                    inlines.iter().collect()
                }
            };
            let control = runs
                .iter()
                .filter(|_| references)
                .flat_map(|run| run.text.chars())
                .find(|&c| c != '\n' && c.is_control());
            if let Some(c) = control {
                return Err(Diagnostic::error(
                    Some(block.span().clone()),
                    format!("the text holds the control character {}", super::guard::describe(c)),
                )
                .with_hint("a character reference such as `&#x1b;` writes it: delete the reference"));
            }
        }
        if let Some(c) = section.heading.chars().find(|c| c.is_control()) {
            return Err(Diagnostic::error(
                Some(section.span.clone()),
                format!("the heading holds the control character {}", super::guard::describe(c)),
            ));
        }
    }
    Ok(())
}

/// The petition's ask is given once: the front matter's `petition:` (not empty) or a
/// `{#petition}` section, never both, as the sheet could print only one of them.
fn check_petition(
    front: &FrontMatter,
    sections: &[Section],
    key_span: &dyn Fn(&str) -> Span,
) -> Result<(), Diagnostic> {
    let Some(ask) = &front.petition else { return Ok(()) };
    if ask.trim().is_empty() {
        return Err(Diagnostic::error(Some(key_span("petition")), "`petition` is empty").with_hint(
            "write the petition's ask, or leave the key out: a language without one has no petition sheet",
        ));
    }
    if let Some(section) = sections.iter().find(|s| s.id == SectionId::Petition) {
        return Err(Diagnostic::error(
            Some(key_span("petition")),
            format!(
                "the petition's ask is given twice: `petition:` here and the `{{#petition}}` section at line {}",
                section.span.line
            ),
        )
        .with_hint("keep one: `petition:` for a paragraph, the section for a longer ask"));
    }
    Ok(())
}

/// Splits `---\n yaml \n---\n body`; returns the YAML, the body and the body's byte offset.
fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<(&'a str, &'a str, usize), Diagnostic> {
    let missing = || {
        Diagnostic::error(Some(Span::at(path, 1, 1)), "the file does not start with YAML front matter")
            .with_hint("start the file with a line `---`, the keys (title: ...), and another `---`")
    };
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")).ok_or_else(missing)?;
    let start = text.len() - rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = start + offset + line.len();
            return Ok((&rest[..offset], &text[body_offset..], body_offset));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(Some(Span::at(path, 1, 1)), "the front matter has no closing `---` line"))
}

/// Walks the Markdown events, cutting sections at level-2 headings with ids.
fn parse_sections(
    body: &str,
    body_offset: usize,
    span_at: &dyn Fn(usize) -> Span,
    warnings: &mut Sink,
) -> Result<Vec<Section>, Diagnostic> {
    let mut walk = SectionWalk {
        span_at,
        warnings,
        sections: Vec::new(),
        inlines: InlineCollector::default(),
        list: None,
        heading: None,
        block_start: 0,
        list_depth: 0,
    };
    for (event, range) in Parser::new_ext(body, Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter() {
        if let Event::Text(_) = &event {
            if let Some(at) = unmatched_emphasis(body, range.clone()) {
                walk.warnings.warn(
                    Diagnostic::warning(
                        Some(span_at(body_offset + at)),
                        format!("`{}` opens or closes emphasis that is never closed or opened; it prints as it is", &body[at..at + 1]),
                    )
                    .with_hint("close the emphasis (`*word*`), or write `\\*` for a literal asterisk"),
                );
            }
        }
        walk.event(event, body_offset + range.start)?;
    }
    Ok(walk.sections)
}

/// Where, in `body`, a text event at `range` holds an emphasis marker (`*`, `_`) that
/// the Markdown parser left as text because nothing pairs with it: a marker against
/// a word on one side and a space, punctuation or the line's edge on the other
/// (`*word`, `word_`). A marker inside a word (`2*3`, `snake_case`), between spaces
/// (`a * b`) or escaped (`\*`) is text on purpose.
fn unmatched_emphasis(body: &str, range: std::ops::Range<usize>) -> Option<usize> {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    body[range.clone()].char_indices().map(|(i, c)| (range.start + i, c)).find_map(|(at, c)| {
        if c != '*' && c != '_' {
            return None;
        }
        let before = body[..at].chars().next_back();
        let after = body[at + 1..].chars().next();
        let escaped = before == Some('\\');
        let against_word = is_word(before) != is_word(after);
        (!escaped && against_word).then_some(at)
    })
}

/// A list being collected: its first number, its items, where it starts.
type OpenList = (Option<u64>, Vec<Vec<Inline>>, Span);

/// A walk over a language file's Markdown: the sections so far and the block being
/// collected.
struct SectionWalk<'a> {
    span_at: &'a dyn Fn(usize) -> Span,
    warnings: &'a mut Sink,
    sections: Vec<Section>,
    inlines: InlineCollector,
    /// The outermost list open, if any; nested lists are flattened into it.
    list: Option<OpenList>,
    /// The heading open, if any: its level, its `{#id}` and where it starts.
    heading: Option<(HeadingLevel, Option<String>, Span)>,
    /// Where the paragraph open started, in the file.
    block_start: usize,
    list_depth: usize,
}

impl SectionWalk<'_> {
    /// Takes one Markdown event, `here` bytes into the file.
    fn event(&mut self, event: Event<'_>, here: usize) -> Result<(), Diagnostic> {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((level, id.map(|s| s.to_string()), (self.span_at)(here)));
                self.inlines.clear();
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading()?,
            Event::Start(Tag::Paragraph) if self.list.is_none() => {
                self.block_start = here;
                self.inlines.clear();
            }
            Event::End(TagEnd::Paragraph) if self.list.is_none() => self.end_paragraph()?,
            Event::Start(Tag::List(start)) => {
                self.list_depth += 1;
                if self.list_depth == 1 {
                    self.list = Some((start, Vec::new(), (self.span_at)(here)));
                }
            }
            // Nested lists are flattened: each item, at any depth, is one entry.
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) => self.end_item(),
            Event::End(TagEnd::List(_)) => self.end_list()?,
            Event::Html(html) | Event::InlineHtml(html) => {
                self.warnings.warn(
                    Diagnostic::warning(
                        Some((self.span_at)(here)),
                        "raw HTML is printed as text, not interpreted",
                    )
                    .with_hint("write plain Markdown; HTML tags would appear literally in the pack"),
                );
                self.inlines.push_text(html.trim_end_matches('\n'));
            }
            Event::Start(Tag::Image { .. }) => {
                self.warnings.warn(Diagnostic::warning(
                    Some((self.span_at)(here)),
                    "images inside the text are not printed; only the case photo is",
                ));
            }
            inline => self.inline_event(inline),
        }
        Ok(())
    }

    /// Styles and text inside a block; a paragraph ending inside a list item is a space.
    fn inline_event(&mut self, event: Event<'_>) {
        let inlines = &mut self.inlines;
        match event {
            Event::End(TagEnd::Paragraph) => inlines.push_text(" "),
            Event::Start(Tag::Emphasis) => inlines.italic += 1,
            Event::End(TagEnd::Emphasis) => inlines.italic -= 1,
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                inlines.link = link_target(link_type, &dest_url)
            }
            Event::End(TagEnd::Link) => inlines.link = None,
            Event::Start(Tag::Strong) => inlines.bold += 1,
            Event::End(TagEnd::Strong) => inlines.bold -= 1,
            Event::Text(t) | Event::Code(t) => inlines.push_text(&t),
            Event::SoftBreak => inlines.push_text(" "),
            Event::HardBreak => inlines.push_text("\n"),
            _ => {}
        }
    }

    /// A level-1 or level-2 heading starts a section; a deeper one is a subheading of
    /// the current section.
    fn end_heading(&mut self) -> Result<(), Diagnostic> {
        let (level, id, span) = self.heading.take().expect("heading end follows its start");
        let text = self.inlines.take_plain();
        if level == HeadingLevel::H2 || level == HeadingLevel::H1 {
            let section = self.new_section(text, id, span)?;
            self.sections.push(section);
        } else {
            let current = current_section(&mut self.sections, &span)?;
            current.blocks.push(Block::Subheading { inlines: vec![Inline::plain(&text)], span });
        }
        Ok(())
    }

    /// An empty section for a heading, which must carry a known `{#id}` not used before.
    fn new_section(&self, text: String, id: Option<String>, span: Span) -> Result<Section, Diagnostic> {
        let id_text = id.ok_or_else(|| {
            Diagnostic::error(Some(span.clone()), format!("section heading `{text}` has no id"))
                .with_hint("mark it with one of {#story}, {#letter}, {#action}, {#appeal}")
        })?;
        let section_id = SectionId::parse(&id_text).ok_or_else(|| {
            Diagnostic::error(Some(span.clone()), format!("unknown section id `{id_text}`"))
                .with_hint("the sections are {#story}, {#letter}, {#action} and {#appeal}")
        })?;
        if let Some(first) = self.sections.iter().find(|s| s.id == section_id) {
            return Err(Diagnostic::error(
                Some(span),
                format!("section `{id_text}` appears twice (first at line {})", first.span.line),
            ));
        }
        Ok(Section { id: section_id, heading: text, blocks: Vec::new(), span })
    }

    /// A paragraph outside lists joins the current section, unless it is empty.
    fn end_paragraph(&mut self) -> Result<(), Diagnostic> {
        let span = (self.span_at)(self.block_start);
        let runs = self.inlines.take();
        if !runs.is_empty() {
            current_section(&mut self.sections, &span)?.blocks.push(Block::Paragraph { inlines: runs, span });
        }
        Ok(())
    }

    /// The text collected so far is an item of the open list, unless it is empty.
    fn end_item(&mut self) {
        if let Some((_, items, _)) = self.list.as_mut() {
            let runs = self.inlines.take();
            if !runs.is_empty() {
                items.push(runs);
            }
        }
    }

    /// The end of the outermost list adds it to the current section.
    fn end_list(&mut self) -> Result<(), Diagnostic> {
        self.list_depth -= 1;
        if self.list_depth == 0 {
            if let Some((start, items, span)) = self.list.take() {
                current_section(&mut self.sections, &span)?.blocks.push(Block::List { start, items, span });
            }
        }
        Ok(())
    }
}

/// The URI a Markdown link points to, when a reader of the PDF can follow it: web
/// addresses and e-mail (an autolink `<a@b.org>` comes as the bare address). Relative
/// and other links are printed as their text, unlinked: a PDF has no page to be
/// relative to.
fn link_target(link_type: LinkType, dest: &str) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    if link_type == LinkType::Email {
        Some(format!("mailto:{dest}"))
    } else if ["https://", "http://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme)) {
        Some(dest.to_string())
    } else {
        None
    }
}

fn current_section<'s>(sections: &'s mut [Section], span: &Span) -> Result<&'s mut Section, Diagnostic> {
    sections.last_mut().ok_or_else(|| {
        Diagnostic::error(Some(span.clone()), "text before the first section heading")
            .with_hint("start the body with a heading such as `## The story {#story}`")
    })
}

impl Inline {
    /// Text with no emphasis.
    pub(crate) fn plain(text: &str) -> Inline {
        Inline { text: text.to_string(), bold: false, italic: false, link: None }
    }

    /// Text linking to `uri`.
    pub(crate) fn linked(text: &str, uri: &str) -> Inline {
        Inline { link: Some(uri.to_string()), ..Inline::plain(text) }
    }
}

/// Gathers styled text runs between block boundaries.
#[derive(Default)]
struct InlineCollector {
    runs: Vec<Inline>,
    bold: u32,
    italic: u32,
    /// The target of the Markdown link being read, if any.
    link: Option<String>,
}

impl InlineCollector {
    fn clear(&mut self) {
        self.runs.clear();
    }

    fn push_text(&mut self, text: &str) {
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        match self.runs.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic && last.link == self.link => {
                last.text.push_str(text)
            }
            _ => self.runs.push(Inline { text: text.to_string(), bold, italic, link: self.link.clone() }),
        }
    }

    /// Takes the runs with outer white space trimmed; empty when there is no text.
    fn take(&mut self) -> Vec<Inline> {
        let mut runs = std::mem::take(&mut self.runs);
        if let Some(first) = runs.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = runs.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        runs.retain(|r| !r.text.is_empty());
        runs
    }

    fn take_plain(&mut self) -> String {
        self.take().into_iter().map(|r| r.text).collect()
    }
}

fn check_required(path: &Path, file: &LangFile) -> Result<(), Diagnostic> {
    for required in [SectionId::Story, SectionId::Action] {
        if file.section(required).is_none() {
            return Err(Diagnostic::in_file(
                path,
                format!("the required section `{{#{}}}` is missing", required.as_str()),
            )
            .with_hint(format!("add a heading such as `## ... {{#{}}}`", required.as_str())));
        }
    }
    for section in &file.sections {
        if section.blocks.is_empty() {
            return Err(Diagnostic::error(
                Some(section.span.clone()),
                format!("section `{{#{}}}` is empty", section.id.as_str()),
            ));
        }
    }
    if file.section(SectionId::Appeal).is_some()
        && file.front.salutation.as_deref().is_none_or(|s| s.trim().is_empty())
    {
        return Err(Diagnostic::error(
            Some(file.front_span.clone()),
            "the sample letter needs a `salutation`",
        )
        .with_hint("add `salutation: \"Dear Minister,\"` to the front matter"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\ntitle: T\nsalutation: Dear M,\n---\n\n## Story {#story}\n\nOne *two* **three**.\n\n## Act {#action}\n\n- a\n- b\n";

    fn parse(text: &str) -> Result<LangFile, Diagnostic> {
        parse_lang_file(Path::new("en.md"), &Locale::parse("en").unwrap(), text, &mut Sink::new())
    }

    #[test]
    fn sections_blocks_and_styles() {
        let file = parse(GOOD).unwrap();
        assert_eq!(file.sections.len(), 2);
        let story = file.section(SectionId::Story).unwrap();
        assert_eq!(story.heading, "Story");
        assert_eq!(story.span.line, 6);
        let Block::Paragraph { inlines, span } = &story.blocks[0] else { panic!() };
        assert_eq!(span.line, 8);
        assert_eq!(
            inlines.iter().map(|i| (i.text.as_str(), i.bold, i.italic)).collect::<Vec<_>>(),
            vec![
                ("One ", false, false),
                ("two", false, true),
                (" ", false, false),
                ("three", true, false),
                (".", false, false)
            ]
        );
        let Block::List { items, .. } = &file.section(SectionId::Action).unwrap().blocks[0] else { panic!() };
        assert_eq!(items.len(), 2);
        let nested = GOOD.replace("- b\n", "- b\n  - c\n- d\n");
        let file = parse(&nested).unwrap();
        let Block::List { items, .. } = &file.section(SectionId::Action).unwrap().blocks[0] else { panic!() };
        let texts: Vec<&str> = items.iter().map(|i| i[0].text.as_str()).collect();
        assert_eq!(texts, vec!["a", "b", "c", "d"]);
    }

    #[test]
    fn unknown_section_names_its_line() {
        let err = parse(&GOOD.replace("{#action}", "{#actions}")).unwrap_err();
        assert_eq!(err.span.unwrap().line, 10);
        assert!(err.message.contains("actions"));
    }

    #[test]
    fn missing_required_section_is_an_error() {
        let err = parse("---\ntitle: T\n---\n## S {#story}\n\ntext\n").unwrap_err();
        assert!(err.message.contains("{#action}"), "{}", err.message);
    }

    #[test]
    fn a_petition_is_given_once_and_not_empty() {
        let with_ask = GOOD.replace("salutation: Dear M,\n", "salutation: Dear M,\npetition: Free them.\n");
        let file = parse(&with_ask).unwrap();
        assert!(file.has_petition());
        assert_eq!(file.petition_span.line, 4);
        assert!(!parse(GOOD).unwrap().has_petition());
        let section = format!("{GOOD}\n## The petition {{#petition}}\n\nFree them.\n");
        let file = parse(&section).unwrap();
        assert!(file.has_petition());
        assert_eq!(file.petition_span.line, 15);
        let both = format!("{with_ask}\n## The petition {{#petition}}\n\nFree them.\n");
        let err = parse(&both).unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 4, "{err}");
        assert!(err.message.contains("given twice") && err.message.contains("at line 16"), "{err}");
        let empty = GOOD.replace("salutation: Dear M,\n", "salutation: Dear M,\npetition: \"\"\n");
        let err = parse(&empty).unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 4, "{err}");
        assert!(err.message.contains("`petition` is empty"), "{err}");
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let err = parse("---\ntitle: T\ncolour: red\n---\n").unwrap_err();
        assert_eq!(err.span.unwrap().line, 3);
    }

    #[test]
    fn raw_html_is_text_and_warned() {
        let mut warnings = Sink::new();
        let text = GOOD.replace("One *two*", "One <b>x</b> *two*");
        let file =
            parse_lang_file(Path::new("en.md"), &Locale::parse("en").unwrap(), &text, &mut warnings).unwrap();
        assert_eq!(warnings.len(), 2);
        let Block::Paragraph { inlines, .. } = &file.sections[0].blocks[0] else { panic!() };
        assert!(inlines[0].text.contains("<b>x</b>"));
    }

    #[test]
    fn links_and_autolinks_carry_their_target() {
        let text = GOOD.replace(
            "One *two* **three**.",
            "Sign [the petition](https://example.org/act), write to <ali@example.org>, see [notes](notes.md).",
        );
        let file = parse(&text).unwrap();
        let Block::Paragraph { inlines, .. } = &file.sections[0].blocks[0] else { panic!() };
        let links: Vec<(&str, Option<&str>)> =
            inlines.iter().map(|i| (i.text.as_str(), i.link.as_deref())).collect();
        assert_eq!(
            links,
            [
                ("Sign ", None),
                ("the petition", Some("https://example.org/act")),
                (", write to ", None),
                ("ali@example.org", Some("mailto:ali@example.org")),
                (", see notes.", None),
            ]
        );
    }

    #[test]
    fn a_photo_credit_is_read_and_an_empty_one_names_its_line() {
        let file = parse(&GOOD.replace("title: T\n", "title: T\nphoto_credit: صورة العائلة\n")).unwrap();
        assert_eq!(file.front.photo_credit.as_deref(), Some("صورة العائلة"));
        let err = parse(&GOOD.replace("title: T\n", "title: T\nphoto_credit: \"  \"\n")).unwrap_err();
        assert!(err.message.contains("`photo_credit` is empty"), "{}", err.message);
        assert_eq!(err.span.unwrap().line, 3);
    }

    #[test]
    fn a_bad_action_url_names_its_line() {
        let err = parse(&GOOD.replace("title: T\n", "title: T\naction_url: example.org/act\n")).unwrap_err();
        assert_eq!(err.span.unwrap().line, 3);
        assert!(err.message.contains("https://"), "{}", err.message);
        let file =
            parse(&GOOD.replace("title: T\n", "title: T\naction_url: https://example.org/fr\n")).unwrap();
        assert_eq!(file.front.action_url.as_deref(), Some("https://example.org/fr"));
    }

    #[test]
    fn appeal_needs_salutation() {
        let text = GOOD.replace("salutation: Dear M,\n", "") + "\n## L {#appeal}\n\nbody\n";
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("salutation"));
    }

    #[test]
    fn an_emphasis_marker_left_open_is_a_warning_at_its_place() {
        let warnings_of = |body: &str| {
            let text = format!("---\ntitle: T\nsalutation: S\n---\n\n## Story {{#story}}\n\n{body}\n\n## Act {{#action}}\n\nWrite.\n");
            let mut warnings = Sink::new();
            parse_lang_file(Path::new("en.md"), &Locale::parse("en").unwrap(), &text, &mut warnings).unwrap();
            warnings.into_warnings().iter().map(|w| w.to_string()).collect::<Vec<_>>()
        };
        let open = warnings_of("He was *never charged.");
        assert_eq!(open.len(), 1, "{open:?}");
        assert!(open[0].contains("en.md:8:8") && open[0].contains("never closed"), "{open:?}");
        assert_eq!(warnings_of("He was never_ charged.").len(), 1);
        for fine in ["He was *never* charged.", "2*3 and a * b", "snake_case", "a \\*star", "**bold** _it_"] {
            assert_eq!(warnings_of(fine), Vec::<String>::new(), "{fine}");
        }
    }
}
