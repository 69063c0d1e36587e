//! Compose stage: a case and one of its languages to a [`Document`] of semantic
//! blocks for one product. It decides what goes into the pack and in what order,
//! and in which words; the layout stage decides where.

pub(crate) mod conventions;
pub mod dates;
pub(crate) mod label_sheet;
pub(crate) mod labels;
pub(crate) mod links;
pub(crate) mod nobreak;
pub(crate) mod petition;
pub(crate) mod poster;
pub(crate) mod tally;

use crate::diag::{Diagnostic, Sink, Span};
pub use crate::load::Product;
use crate::load::{Block, CaseSource, DigitStyle, Inline, LangFile, Paper, SectionId};
use crate::locale::Locale;
pub use conventions::{Conventions, Digits};
pub(crate) use label_sheet::{compose_labels, LabelSheet, SheetAddress};
pub use labels::{labels_for, Labels};
pub(crate) use links::ActionLink;
pub(crate) use petition::{compose_petition, AskParagraph, PetitionSheet};
#[cfg(test)]
pub(crate) use poster::PosterAsk;
pub(crate) use poster::{compose_poster, Poster};
pub(crate) use tally::{compose_tally, ReportTo, TallySheet};

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParaRole {
    /// Running text, justified.
    Body,
    /// The first paragraph of the story, a little larger.
    Lead,
    /// The person's own words, set apart.
    Quote,
    /// The sample letter's body.
    Letter,
}

/// An address to print as a card.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AddressCard {
    /// Addressee.
    pub(crate) name: String,
    /// Lines.
    pub(crate) lines: Vec<String>,
    /// E-mail: its label, then the address linked to it.
    pub(crate) email: Option<Vec<Inline>>,
}

/// The cover: kicker, title, photo and credit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cover {
    /// Small line above the title.
    pub(crate) kicker: String,
    /// The title.
    pub(crate) title: String,
    /// "Photo: ..." credit line.
    pub(crate) credit: String,
    /// Focal point of the photo, 0..1.
    pub(crate) focus: (f32, f32),
    /// Optional deadline line.
    pub(crate) deadline: Option<String>,
    /// What the photo shows, for screen readers: the front matter's `photo_alt`, else
    /// the language's "Portrait of …".
    pub(crate) photo_alt: String,
    /// The region of the photo every crop keeps whole (left, top, right, bottom).
    pub(crate) keep: Option<[f32; 4]>,
}

/// A semantic block of a product, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DocBlock {
    /// The cover block (first page, top).
    Cover(Cover),
    /// A section heading.
    Heading(String),
    /// A heading inside a section.
    Subheading(Vec<Inline>),
    /// A paragraph.
    Paragraph {
        /// Text runs.
        inlines: Vec<Inline>,
        /// How it is set.
        role: ParaRole,
        /// Source, for overflow errors.
        span: Span,
    },
    /// A list.
    List {
        /// First number, for numbered lists.
        start: Option<u64>,
        /// Items.
        items: Vec<Vec<Inline>>,
        /// Set like this role.
        role: ParaRole,
    },
    /// A labelled group of address cards.
    Addresses {
        /// The label ("Write to").
        label: String,
        /// The cards.
        cards: Vec<AddressCard>,
    },
    /// Sender, date and recipient blocks of the sample letter.
    LetterHead {
        /// Label of the sender block.
        sender: String,
        /// Label of the date line.
        date: String,
        /// The addressee.
        recipient: AddressCard,
    },
    /// Closing formula and room to sign.
    LetterClose {
        /// "Yours sincerely,".
        closing: Option<String>,
        /// Label under the signature line.
        signature: String,
    },
    /// The online action as a QR code, its short address under it.
    ActionCode(ActionLink),
    /// Start a new page.
    PageBreak,
}

/// Everything layout needs to set one product for one language.
#[derive(Debug, Clone)]
pub struct Document {
    /// The language.
    pub(crate) lang: Locale,
    /// Paper.
    pub(crate) paper: Paper,
    /// Document title (metadata and cover).
    pub(crate) title: String,
    /// The person's name as printed.
    pub(crate) person: String,
    /// Every spelling of the person's name the case gives (the file's `person:`,
    /// case.yaml's `person`): layout never hyphenates their words.
    pub(crate) names: Vec<String>,
    /// The publishing organisation (case.yaml's `publisher`), the file's author.
    pub(crate) publisher: Option<String>,
    /// Blocks in reading order.
    pub(crate) blocks: Vec<DocBlock>,
    /// The language's digits, quotation marks and bullet, already applied to the
    /// text of the blocks; layout uses it for the numbers and bullets it adds.
    pub(crate) conventions: Conventions,
}

/// A solidarity postcard: the front's photo and name, the back's message and address.
#[derive(Debug, Clone)]
pub struct Postcard {
    /// The language.
    pub(crate) lang: Locale,
    /// Paper of the home sheet.
    pub(crate) paper: Paper,
    /// The person's name, on the front.
    pub(crate) person: String,
    /// Every spelling of the person's name, as [`Document::names`].
    pub(crate) names: Vec<String>,
    /// The publishing organisation (case.yaml's `publisher`), the file's author.
    pub(crate) publisher: Option<String>,
    /// Title of the language file, for metadata.
    pub(crate) title: String,
    /// "Photo: ..." credit, printed beside the photo.
    pub(crate) credit: String,
    /// Focal point of the photo.
    pub(crate) focus: (f32, f32),
    /// What the photo shows, for screen readers (as the pack's cover).
    pub(crate) photo_alt: String,
    /// The region of the photo every crop keeps whole (left, top, right, bottom).
    pub(crate) keep: Option<[f32; 4]>,
    /// The message on the back.
    pub message: String,
    /// Where the message is (the `postcard:` key), for fit errors.
    pub(crate) message_span: Span,
    /// Where it goes.
    pub(crate) addressee: AddressCard,
    /// Label of the stamp box.
    pub(crate) stamp: String,
    /// How to print the home sheet (double-sided, long-edge flip, cut), in its margin.
    pub(crate) print_instructions: String,
    /// The online action, printed on the back when there is room.
    pub(crate) action: Option<ActionLink>,
}

impl Document {
    /// Every character the pack prints: its blocks, the footer's person and title, and
    /// the language's digits and bullet, in which layout prints page and list numbers.
    /// Build keys the job's fonts with it ([`crate::jobs::incremental::fonts_key`]).
    pub(crate) fn printed_text(&self) -> String {
        let mut text = format!(
            "{}{}{}{}",
            self.person,
            self.title,
            self.conventions.number(1_234_567_890),
            self.conventions.bullet
        );
        for block in &self.blocks {
            block.push_printed_text(&mut text);
        }
        text
    }
}

impl DocBlock {
    /// Appends every string of the block that is printed.
    fn push_printed_text(&self, text: &mut String) {
        let push_inlines = |text: &mut String, inlines: &[Inline]| {
            inlines.iter().for_each(|inline| text.push_str(&inline.text));
        };
        match self {
            DocBlock::Cover(cover) => {
                for part in [&cover.kicker, &cover.title, &cover.credit].into_iter().chain(&cover.deadline) {
                    text.push_str(part);
                }
            }
            DocBlock::Heading(heading) => text.push_str(heading),
            DocBlock::Subheading(inlines) | DocBlock::Paragraph { inlines, .. } => {
                push_inlines(text, inlines)
            }
            DocBlock::List { items, .. } => items.iter().for_each(|item| push_inlines(text, item)),
            DocBlock::Addresses { label, cards } => {
                text.push_str(label);
                cards.iter().for_each(|card| card.push_printed_text(text));
            }
            DocBlock::LetterHead { sender, date, recipient } => {
                text.push_str(sender);
                text.push_str(date);
                recipient.push_printed_text(text);
            }
            DocBlock::LetterClose { closing, signature } => {
                text.extend(closing.as_deref());
                text.push_str(signature);
            }
            DocBlock::ActionCode(action) => text.push_str(&action.short),
            DocBlock::PageBreak => {}
        }
    }
}

impl AddressCard {
    /// Appends the name, the lines and the e-mail.
    fn push_printed_text(&self, text: &mut String) {
        text.push_str(&self.name);
        self.lines.iter().for_each(|line| text.push_str(line));
        self.email.iter().flatten().for_each(|inline| text.push_str(&inline.text));
    }
}

impl Postcard {
    /// Every character the postcard prints, front and back, the home sheet's printing
    /// instructions included.
    pub(crate) fn printed_text(&self) -> String {
        let mut text = [&self.person, &self.credit, &self.message, &self.stamp, &self.print_instructions]
            .into_iter()
            .map(String::as_str)
            .collect::<String>();
        self.addressee.push_printed_text(&mut text);
        text.extend(self.action.as_ref().map(|action| action.short.as_str()));
        text
    }
}

/// Composes the solidarity postcard. It needs the language's `postcard` message and
/// the case's `solidarity` address, and fails on a broken labels file for the language.
/// Warns, as the pack does, when labels fall back to English or native digits are
/// asked for where none are known: a postcard-only build must hear it too (the CLI
/// prints a warning the pack and the postcard share once).
pub fn compose_postcard(
    case: &CaseSource,
    file: &LangFile,
    warnings: &mut Sink,
) -> Result<Postcard, Diagnostic> {
    let labels = labels_warning_of_fallback(case, file, warnings)?;
    let conventions = conventions_of(file, warnings);
    let message =
        file.front.postcard.as_deref().map(str::trim).filter(|m| !m.is_empty()).ok_or_else(|| {
            Diagnostic::error(Some(Span::at(&file.path, 1, 1)), "the front matter has no `postcard` message")
                .with_hint(
                    "add `postcard: |` with the message to the front matter, or build with --product pack",
                )
        })?;
    let solidarity = case.facts.solidarity.as_ref().ok_or_else(|| {
        Diagnostic::error(
            Some(Span::file(case.dir.join("case.yaml"))),
            "the postcard needs a `solidarity` address",
        )
        .with_hint("add `solidarity:` with a name and address lines, or build with --product pack")
    })?;
    let facts = &case.facts;
    let person = file.person(facts);
    Ok(Postcard {
        lang: file.lang.clone(),
        paper: file.paper(facts),
        photo_alt: photo_alt(case, file, &person, warnings),
        keep: facts.photo.keep,
        names: names_of(&person, facts),
        person,
        publisher: facts.publisher.clone(),
        title: file.front.title.clone(),
        credit: credit_line(&labels.photo, photo_credit(case, file), &conventions),
        focus: facts.photo.focus_point(),
        // A YAML block keeps the writer's line wrapping; only blank lines are meant.
        message: message
            .split("\n\n")
            .map(|para| conventions.text(&para.split_whitespace().collect::<Vec<_>>().join(" ")))
            .filter(|para| !para.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        message_span: file.postcard_span.clone(),
        addressee: card(&solidarity.name, &solidarity.address, None, &labels, &conventions),
        stamp: labels.stamp,
        print_instructions: labels.print_postcards,
        action: action_link(case, file),
    })
}

/// The credit line printed beside the photo: the language's "Photo" word, then the
/// credit from case.yaml. A credit that already starts with that word ("Photo: family
/// archive", "photo : X", "Foto – X") is printed as given, or the word would print
/// twice. As case.yaml is shared by every language and its credits are often written
/// in English, a credit starting with the English word gets the language's word in
/// its place ("Foto: family archive" in German, not "Foto: Photo: family archive").
/// The word and the value are joined by the language's colon ("Photo : X" in French,
/// "写真：X" in Japanese).
pub(crate) fn credit_line(label: &str, credit: &str, conventions: &Conventions) -> String {
    if starts_with_label(credit, label).is_some() {
        return credit.to_string();
    }
    let english = &Labels::english().photo;
    conventions.labelled(label, starts_with_label(credit, english).unwrap_or(credit))
}

/// The photo's credit for a language: its front matter's `photo_credit`, else
/// case.yaml's.
fn photo_credit<'a>(case: &'a CaseSource, file: &'a LangFile) -> &'a str {
    file.front.photo_credit.as_deref().unwrap_or(&case.facts.photo.credit)
}

/// When `text` starts with `label` (case-insensitively), optional spaces and a colon
/// or dash, the text after them. The separator is required: "Photo Press Agency" is a
/// name, not a labelled credit.
fn starts_with_label<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let label = label.trim();
    if label.is_empty() {
        return None;
    }
    let mut chars = text.char_indices();
    for expected in label.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(expected.to_lowercase()) {
            return None;
        }
    }
    let rest = chars.as_str().trim_start();
    // ':' and its full-width and small forms, the Armenian and Ethiopic colons, dashes.
    const SEPARATORS: &[char] =
        &[':', '\u{FF1A}', '\u{FE55}', '\u{0589}', '\u{1361}', '\u{1365}', '-', '\u{2013}', '\u{2014}'];
    let rest = rest.strip_prefix(SEPARATORS)?;
    Some(rest.trim_start())
}

fn plain(text: &str) -> Vec<Inline> {
    vec![Inline::plain(text)]
}

/// The language's labels, with a warning when some fall back to English.
pub(crate) fn labels_warning_of_fallback(
    case: &CaseSource,
    file: &LangFile,
    warnings: &mut Sink,
) -> Result<Labels, Diagnostic> {
    let (labels, fell_back) = labels_for(&file.lang, &case.label_layers())?;
    if !fell_back.is_empty() {
        let packs_dir = case.dir.parent().unwrap_or(std::path::Path::new("."));
        warnings.warn(labels::fallback_warning(&file.lang, &fell_back, &file.path, packs_dir));
    }
    Ok(labels)
}

/// The photo's alternative text: the front matter's `photo_alt`, else the labels'
/// (`Portrait of {name}`). A language with neither gets a warning and the person's
/// name alone, which a screen reader can at least say in any language.
fn photo_alt(case: &CaseSource, file: &LangFile, person: &str, warnings: &mut Sink) -> String {
    if let Some(alt) = &file.front.photo_alt {
        return alt.clone();
    }
    labels::photo_alt_for(&file.lang, &case.label_layers(), person).unwrap_or_else(|| {
        let lang = &file.lang;
        warnings.warn(
            Diagnostic::warning(
                Some(file.front_span.clone()),
                format!(
                    "no alternative text for the photo in `{lang}`; screen readers will say only the name"
                ),
            )
            .with_hint(format!(
                "add `photo_alt: \"…\"` to the front matter, saying in the language what the photo shows, \
                 or `photo_alt: \"Portrait of {{name}}\"` in the language to labels/{lang}.yaml"
            )),
        );
        person.to_string()
    })
}

/// The language's conventions, with the digits the file asks for; without `digits:`,
/// the digits its text writes numbers in, else its locale's CLDR default (see
/// [`Digits`]). A file asking for native digits in a language that has none we know
/// gets Latin ones and a warning.
fn conventions_of(file: &LangFile, warnings: &mut Sink) -> Conventions {
    let digits = match file.front.digits {
        Some(DigitStyle::Native) => Digits::native(&file.lang).unwrap_or_else(|| {
            warnings.warn(
                Diagnostic::warning(
                    Some(file.front_span.clone()),
                    format!("`digits: native`: no native digits are known for `{}`; printing 0-9", file.lang),
                )
                .with_hint("native digits exist for ar, fa, ur, ps, hi, mr, ne and th"),
            );
            Digits::LATIN
        }),
        Some(DigitStyle::Latin) => Digits::LATIN,
        None => Digits::written_in(written_text(file)).unwrap_or_else(|| Digits::default_for(&file.lang)),
    };
    Conventions::for_language(&file.lang, digits)
}

/// The text a language file's writer typed, where its numbers are: the title, the
/// postcard message and every section, without the links (a URL's or an address's
/// digits are not the writer's choice).
fn written_text(file: &LangFile) -> impl Iterator<Item = &str> {
    fn inlines(inlines: &[Inline]) -> Vec<&str> {
        inlines.iter().filter(|i| i.link.is_none()).map(|i| i.text.as_str()).collect()
    }
    let blocks = file.sections.iter().flat_map(move |section| {
        let mut texts = vec![section.heading.as_str()];
        for block in &section.blocks {
            match block {
                Block::Paragraph { inlines: runs, .. } | Block::Subheading { inlines: runs, .. } => {
                    texts.extend(inlines(runs))
                }
                Block::List { items, .. } => texts.extend(items.iter().flat_map(|item| inlines(item))),
            }
        }
        texts
    });
    [file.front.title.as_str(), file.front.postcard.as_deref().unwrap_or_default()].into_iter().chain(blocks)
}

/// The online action of a language: its front matter's `action_url`, else the case's.
pub(crate) fn action_link(case: &CaseSource, file: &LangFile) -> Option<ActionLink> {
    let url = file.front.action_url.as_deref().or(case.facts.action_url.as_deref())?;
    Some(ActionLink::new(url))
}

/// Inline runs with their addresses linked, and the language's quotation marks and
/// spacing in all text but the addresses themselves.
fn localized(inlines: &[Inline], conventions: &Conventions) -> Vec<Inline> {
    links::link_addresses(inlines.to_vec())
        .into_iter()
        .map(|i| match links::shows_its_address(&i) {
            true => i,
            false => Inline { text: conventions.text(&i.text), ..i },
        })
        .collect()
}

/// A section's heading and blocks, set in `role`; the story's first paragraph is its
/// lead.
fn section_blocks(
    file: &LangFile,
    id: SectionId,
    role: ParaRole,
    conventions: &Conventions,
    out: &mut Vec<DocBlock>,
) {
    let Some(section) = file.section(id) else {
        return;
    };
    out.push(DocBlock::Heading(conventions.text(&section.heading)));
    for (i, block) in section.blocks.iter().enumerate() {
        let is_lead = id == SectionId::Story && i == 0 && matches!(block, Block::Paragraph { .. });
        let role = if role == ParaRole::Body && is_lead { ParaRole::Lead } else { role };
        out.push(doc_block(block, role, conventions));
    }
}

/// A block of a section as the pack prints it, its paragraphs and lists set in `role`.
fn doc_block(block: &Block, role: ParaRole, conventions: &Conventions) -> DocBlock {
    match block {
        Block::Paragraph { inlines, span } => {
            DocBlock::Paragraph { inlines: localized(inlines, conventions), role, span: span.clone() }
        }
        Block::List { start, items, .. } => DocBlock::List {
            start: *start,
            items: items.iter().map(|item| localized(item, conventions)).collect(),
            role,
        },
        Block::Subheading { inlines, .. } => DocBlock::Subheading(localized(inlines, conventions)),
    }
}

fn card(
    name: &str,
    lines: &[String],
    email: Option<&str>,
    labels: &Labels,
    conventions: &Conventions,
) -> AddressCard {
    AddressCard {
        name: name.to_string(),
        lines: lines.to_vec(),
        email: email.map(|e| {
            let label = conventions.labelled(&labels.email, "");
            vec![Inline::plain(&label), Inline::linked(e, &format!("mailto:{e}"))]
        }),
    }
}

/// The cover's deadline line ("Deadline: 31 March 2027") in the language's own date
/// pattern and calendar. Warns when CLDR has no dates for the language, which prints
/// the date as `2027-03-31` rather than in English.
fn deadline_text(
    case: &CaseSource,
    file: &LangFile,
    labels: &Labels,
    conventions: &Conventions,
    warnings: &mut Sink,
) -> Option<String> {
    let date = deadline_date(case, file, conventions, warnings)?;
    // A full-width colon carries its own space.
    let gap = if labels.deadline.ends_with('\u{FF1A}') { "" } else { " " };
    Some(format!("{}{gap}{date}", labels.deadline))
}

/// The deadline in the language's own date pattern and calendar, when the case has
/// one; warns when CLDR has no dates for the language (printed as `2027-03-31`).
fn deadline_date(
    case: &CaseSource,
    file: &LangFile,
    conventions: &Conventions,
    warnings: &mut Sink,
) -> Option<String> {
    let date = crate::load::case_yaml::parse_iso_date(case.facts.deadline.as_deref()?)?;
    let date = dates::format_date(&file.lang, date, conventions.digits)?;
    if !date.localized {
        warnings.warn(Diagnostic::warning(
            Some(Span::file(&file.path)),
            format!("no date data for `{}`; the deadline is printed as {}", file.lang, date.text),
        ));
    }
    Some(date.text)
}

/// The spellings of the person's name: as printed, and case.yaml's when it differs.
fn names_of(person: &str, facts: &crate::load::CaseYaml) -> Vec<String> {
    let mut names = vec![person.to_string()];
    if facts.person != person {
        names.push(facts.person.clone());
    }
    names
}

/// Composes the home appeal pack: cover and story, the person's letter, the action
/// page with addresses, and the sample letter. Warns when some of the language's
/// labels are missing (they are printed in English); fails on a broken labels file.
pub fn compose_pack(case: &CaseSource, file: &LangFile, warnings: &mut Sink) -> Result<Document, Diagnostic> {
    let labels = labels_warning_of_fallback(case, file, warnings)?;
    let conventions = conventions_of(file, warnings);
    let facts = &case.facts;
    let person = file.person(facts);
    let mut blocks = vec![DocBlock::Cover(cover(case, file, &person, &labels, &conventions, warnings))];
    section_blocks(file, SectionId::Story, ParaRole::Body, &conventions, &mut blocks);
    section_blocks(file, SectionId::Letter, ParaRole::Quote, &conventions, &mut blocks);
    blocks.push(DocBlock::PageBreak);
    section_blocks(file, SectionId::Action, ParaRole::Body, &conventions, &mut blocks);
    blocks.extend(action_link(case, file).map(DocBlock::ActionCode));
    blocks.extend(address_blocks(case, &labels, &conventions));
    blocks.extend(sample_letter(case, file, &labels, &conventions));
    Ok(Document {
        lang: file.lang.clone(),
        paper: file.paper(facts),
        // As the cover prints it: the footer and the metadata show the same title.
        title: conventions.text(&file.front.title),
        names: names_of(&person, facts),
        person,
        publisher: facts.publisher.clone(),
        blocks,
        conventions,
    })
}

/// The cover: kicker, title, photo credit and focus, deadline line and the photo's
/// alternative text (warning when the language has no date data or no alt text).
fn cover(
    case: &CaseSource,
    file: &LangFile,
    person: &str,
    labels: &Labels,
    conventions: &Conventions,
    warnings: &mut Sink,
) -> Cover {
    let photo = &case.facts.photo;
    let deadline = deadline_text(case, file, labels, conventions, warnings);
    Cover {
        kicker: labels.kicker.to_string(),
        title: conventions.text(&file.front.title),
        credit: credit_line(&labels.photo, photo_credit(case, file), conventions),
        focus: photo.focus_point(),
        deadline,
        photo_alt: photo_alt(case, file, person, warnings),
        keep: photo.keep,
    }
}

/// The action page's address cards: the authorities to write to, those that get
/// copies (when case.yaml lists some), then the person's own address for solidarity messages, when there is one.
fn address_blocks(case: &CaseSource, labels: &Labels, conventions: &Conventions) -> Vec<DocBlock> {
    let facts = &case.facts;
    let mut blocks = vec![DocBlock::Addresses {
        label: labels.write_to.to_string(),
        cards: facts
            .write_to
            .iter()
            .map(|a| card(&a.name, &a.address, a.email.as_deref(), labels, conventions))
            .collect(),
    }];
    // Listed only when there are some: a case without them prints as before.
    if !facts.copies_to.is_empty() {
        blocks.push(DocBlock::Addresses {
            label: labels.copies_to.to_string(),
            cards: facts
                .copies_to
                .iter()
                .map(|a| card(&a.name, &a.address, a.email.as_deref(), labels, conventions))
                .collect(),
        });
    }
    if let Some(s) = &facts.solidarity {
        blocks.push(DocBlock::Addresses {
            label: labels.solidarity.to_string(),
            cards: vec![card(&s.name, &s.address, None, labels, conventions)],
        });
    }
    blocks
}

/// The sample letter on a page of its own, when the file has an `{#appeal}` section:
/// its heading, sender and date blocks, the first authority as recipient, the
/// salutation, the section's text and the closing with room to sign.
fn sample_letter(
    case: &CaseSource,
    file: &LangFile,
    labels: &Labels,
    conventions: &Conventions,
) -> Vec<DocBlock> {
    let Some(appeal) = file.section(SectionId::Appeal) else { return Vec::new() };
    let first = &case.facts.write_to[0];
    let salutation = conventions.text(file.front.salutation.as_deref().unwrap_or_default());
    let mut blocks = vec![
        DocBlock::PageBreak,
        DocBlock::Heading(conventions.text(&appeal.heading)),
        DocBlock::LetterHead {
            sender: labels.sender.to_string(),
            date: labels.date.to_string(),
            recipient: card(&first.name, &first.address, None, labels, conventions),
        },
        DocBlock::Paragraph {
            inlines: plain(&salutation),
            role: ParaRole::Letter,
            span: file.front_span.clone(),
        },
    ];
    blocks.extend(appeal.blocks.iter().map(|block| doc_block(block, ParaRole::Letter, conventions)));
    blocks.push(DocBlock::LetterClose {
        closing: file.front.closing.as_deref().map(|c| conventions.text(c)),
        signature: labels.signature.to_string(),
    });
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::test_fonts;
    use crate::layout::{describe_page, layout_pack, Profile};
    use crate::load::{discover_cases, load_case, Case};
    use crate::locale::locale;

    fn sample() -> Case {
        crate::load::sample_case()
    }

    #[test]
    fn native_digits_number_the_pages_and_lists_of_an_arabic_pack() {
        let case = sample();
        let entry = case.langs.iter().find(|e| e.lang == "ar").unwrap();
        let mut file = entry.file.clone().unwrap();
        file.front.digits = Some(DigitStyle::Native);
        let mut warnings = Sink::new();
        let doc = compose_pack(&case, &file, &mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(doc.conventions.digits, Digits::ARABIC_INDIC);
        let pack = layout_pack(test_fonts(), &doc, &case.photo, Profile::Home).unwrap();
        // The page number is the footer's last three runs; right to left they come
        // in visual order: the total, the slash, the number.
        let page_number = |pack: &crate::layout::PagedDocument| -> Vec<String> {
            let page = describe_page(&pack.pages[0]);
            let runs: Vec<&str> = page.lines().filter(|l| l.contains("pt Muted")).collect();
            runs[runs.len() - 3..]
                .iter()
                .map(|l| l.split("Muted").nth(1).unwrap().trim().to_string())
                .collect()
        };
        let total = pack.pages.len().to_string();
        assert_eq!(page_number(&pack), [Digits::ARABIC_INDIC.apply(&total), "/".into(), "١".into()]);

        // The same file without the key keeps 0-9, as Moroccan Arabic prints them.
        file.front.digits = None;
        let latin = compose_pack(&case, &file, &mut crate::diag::Sink::new()).unwrap();
        let pack = layout_pack(test_fonts(), &latin, &case.photo, Profile::Home).unwrap();
        assert_eq!(page_number(&pack)[2], format!("{total} / 1"));
    }

    /// The sample with case.yaml's credit for every language (the sample's language
    /// files give their own).
    fn without_language_credits(mut case: Case) -> Case {
        for entry in &mut case.source.langs {
            entry.file.as_mut().unwrap().front.photo_credit = None;
        }
        case
    }

    #[test]
    fn a_credit_starting_with_the_photo_word_is_printed_as_given() {
        let mut case = without_language_credits(sample());
        let cover_credit = |case: &CaseSource, lang: &str| {
            let entry = case.langs.iter().find(|e| e.lang == lang).unwrap();
            let file = entry.file.as_ref().unwrap();
            let postcard = compose_postcard(case, file, &mut crate::diag::Sink::new()).unwrap().credit;
            match &compose_pack(case, file, &mut crate::diag::Sink::new()).unwrap().blocks[0] {
                DocBlock::Cover(cover) => assert_eq!(cover.credit, postcard),
                other => panic!("{other:?}"),
            }
            postcard
        };
        case.source.facts.photo.credit = "Photo: family archive".into();
        assert_eq!(cover_credit(&case, "en"), "Photo: family archive");
        case.source.facts.photo.credit = "photo : family archive".into();
        assert_eq!(cover_credit(&case, "fr"), "photo : family archive");
        case.source.facts.photo.credit = "الصورة: أرشيف العائلة".into();
        assert_eq!(cover_credit(&case, "ar"), "الصورة: أرشيف العائلة");
        // Without the word, or with it only as part of a name, the label goes first.
        case.source.facts.photo.credit = "Photo Press Agency".into();
        assert_eq!(cover_credit(&case, "en"), "Photo: Photo Press Agency");
        case.source.facts.photo.credit = "© Private".into();
        assert_eq!(cover_credit(&case, "en"), "Photo: © Private");
    }

    #[test]
    fn a_languages_photo_credit_overrides_case_yamls_for_that_language_only() {
        let mut case = without_language_credits(sample());
        let credits = |case: &CaseSource, lang: &str| {
            let file = case.langs.iter().find(|e| e.lang == lang).unwrap().file.as_ref().unwrap();
            let postcard = compose_postcard(case, file, &mut crate::diag::Sink::new()).unwrap().credit;
            let DocBlock::Cover(cover) =
                &compose_pack(case, file, &mut crate::diag::Sink::new()).unwrap().blocks[0]
            else {
                panic!("no cover")
            };
            (cover.credit.clone(), postcard)
        };
        case.source.facts.photo.credit = "Family photo, used with permission".into();
        let ar = case.source.langs.iter_mut().find(|e| e.lang == "ar").unwrap();
        ar.file.as_mut().unwrap().front.photo_credit = Some("صورة عائلية، تُنشر بإذن".into());
        let ar = credits(&case, "ar");
        assert_eq!(ar.0, "الصورة: صورة عائلية، تُنشر بإذن");
        assert_eq!(ar.1, ar.0, "the postcard's credit is the cover's");
        // The languages without the key keep case.yaml's.
        assert_eq!(credits(&case, "fr").1, "Photo\u{202F}: Family photo, used with permission");
    }

    #[test]
    fn an_english_photo_word_gives_way_to_the_languages() {
        let de = Conventions::for_language(&locale("de"), Digits::LATIN);
        let ja = Conventions::for_language(&locale("ja"), Digits::LATIN);
        assert_eq!(credit_line("Foto", "Photo: family archive", &de), "Foto: family archive");
        assert_eq!(credit_line("Foto", "FOTO – Archiv", &de), "FOTO – Archiv");
        assert_eq!(credit_line("写真", "写真：家族", &ja), "写真：家族");
        assert_eq!(credit_line("写真", "Photo: family", &ja), "写真：family");
        assert_eq!(credit_line("Foto", "Fotograf X", &de), "Foto: Fotograf X");
    }

    #[test]
    fn a_warning_about_a_language_file_names_the_file_as_it_is_named() {
        // `IS.md` is Icelandic, a tag in capitals; there are no labels for `is`, so
        // composing warns about the file: the one in the folder, not `is.md`.
        let packs = tempfile::tempdir().unwrap();
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/latin-case");
        let dir = packs.path().join("latin-case");
        std::fs::create_dir(&dir).unwrap();
        for (from, to) in [("case.yaml", "case.yaml"), ("photo.jpg", "photo.jpg"), ("en.md", "IS.md")] {
            std::fs::copy(fixture.join(from), dir.join(to)).unwrap();
        }
        let dirs = discover_cases(packs.path()).unwrap();
        let case = crate::load::load_case_source(&dirs[0], &[]).unwrap();
        let entry = &case.langs[0];
        assert_eq!((entry.lang.tag(), entry.path.file_name().unwrap()), ("is", "IS.md".as_ref()));
        let file = entry.file.as_ref().unwrap();
        let (mut pack, mut card) = (Sink::new(), Sink::new());
        compose_pack(&case, file, &mut pack).unwrap();
        compose_postcard(&case, file, &mut card).unwrap();
        for warnings in [pack, card] {
            let named: Vec<&std::path::Path> = warnings
                .warnings()
                .iter()
                .filter_map(|w| w.span.as_ref())
                .map(|s| s.file.as_path())
                .collect();
            assert!(!named.is_empty(), "no warning for a language without labels");
            assert!(named.iter().all(|file| file.ends_with("latin-case/IS.md")), "{named:?}");
        }
        // An error about the file names it the same way.
        let mut without_message = file.clone();
        without_message.front.postcard = None;
        let error = compose_postcard(&case, &without_message, &mut Sink::new()).unwrap_err();
        assert!(error.span.unwrap().file.ends_with("latin-case/IS.md"));
    }

    /// The one language file of a fixture case under tests/fixtures/scripts.
    fn script_fixture(case_id: &str) -> (Case, LangFile) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts");
        let dirs = discover_cases(&dir).unwrap();
        let case = load_case(dirs.iter().find(|d| d.id == case_id).unwrap(), &[]).unwrap();
        let file = case.langs[0].file.clone().unwrap();
        (case, file)
    }

    #[test]
    fn digits_follow_the_text_else_the_locales_default_unless_the_file_says() {
        let digits = |file: &LangFile| conventions_of(file, &mut Sink::new()).digits;
        // Persian typed with Persian digits (۲۰۲۴) prints its page numbers in them.
        let (case, mut fa) = script_fixture("persian-case");
        assert_eq!(digits(&fa), Digits::EXTENDED_ARABIC_INDIC);
        let doc = compose_pack(&case, &fa, &mut Sink::new()).unwrap();
        let pack = layout_pack(test_fonts(), &doc, &case.photo, Profile::Home).unwrap();
        let page = describe_page(&pack.pages[0]);
        let footer: Vec<&str> = page
            .lines()
            .filter(|l| l.contains("pt Muted"))
            .map(|l| l.split("Muted").nth(1).unwrap().trim())
            .collect();
        let total = Digits::EXTENDED_ARABIC_INDIC.apply(&pack.pages.len().to_string());
        assert_eq!(footer[footer.len() - 3..], [total.as_str(), "/", "۱"]);
        // With no number in its text, CLDR's default for Persian: the same digits.
        for section in &mut fa.sections {
            for block in &mut section.blocks {
                if let Block::Paragraph { inlines, .. } = block {
                    for inline in inlines {
                        inline.text.retain(|c| Digits::of(c).is_none());
                    }
                }
            }
        }
        assert_eq!(Digits::written_in(written_text(&fa)), None);
        assert_eq!(digits(&fa), Digits::EXTENDED_ARABIC_INDIC);
        // `digits: latin` still wins.
        fa.front.digits = Some(DigitStyle::Latin);
        assert_eq!(digits(&fa), Digits::LATIN);
        // Urdu typed with ۲۰۲۴: the text's digits, though CLDR's Urdu default is 0-9.
        let (_, ur) = script_fixture("urdu-case");
        assert_eq!(digits(&ur), Digits::EXTENDED_ARABIC_INDIC);
        // The sample's Arabic writes 2010 and 12: 0-9, as its text and CLDR's `ar` do.
        let case = sample();
        let ar = case.langs.iter().find(|e| e.lang == "ar").unwrap().file.clone().unwrap();
        assert_eq!(digits(&ar), Digits::LATIN);
    }

    #[test]
    fn native_digits_in_a_language_without_them_warn_and_print_latin() {
        let case = sample();
        let entry = case.langs.iter().find(|e| e.lang == "en").unwrap();
        let mut file = entry.file.clone().unwrap();
        file.front.digits = Some(DigitStyle::Native);
        let mut warnings = Sink::new();
        let doc = compose_pack(&case, &file, &mut warnings).unwrap();
        assert_eq!(doc.conventions.digits, Digits::LATIN);
        assert!(warnings.warnings().iter().any(|w| w.message.contains("no native digits")), "{warnings:?}");
        // The postcard says so too, for a build of postcards only.
        let mut card_warnings = Sink::new();
        compose_postcard(&case, &file, &mut card_warnings).unwrap();
        assert_eq!(card_warnings, warnings);
    }

    #[test]
    fn french_text_gets_its_quotes_and_spacing_and_bullets() {
        let case = sample();
        let entry = case.langs.iter().find(|e| e.lang == "fr").unwrap();
        let doc = compose_pack(&case, entry.file.as_ref().unwrap(), &mut crate::diag::Sink::new()).unwrap();
        let text: String = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                DocBlock::Paragraph { inlines, .. } => {
                    Some(inlines.iter().map(|i| i.text.as_str()).collect::<String>())
                }
                _ => None,
            })
            .collect();
        assert!(text.contains("«\u{202F}aveux\u{202F}»"), "the sample's « aveux » keeps a breakable space");
        assert!(!text.contains("« "), "a plain space after «");
        assert_eq!(doc.conventions.bullet, "–");
    }
}
