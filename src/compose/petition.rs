//! The petition sheet: the person's name and photo, the ask (the language file's
//! `petition:` or its `{#petition}` section), the authorities it is addressed to, a
//! table to sign in, and at the foot where the signed sheets go back to, by when, and
//! what the names are used for. Compose decides the words; layout decides how many
//! rows fit and where they go.

use super::{
    conventions_of, credit_line, deadline_date, labels_warning_of_fallback, localized, names_of, photo_alt,
    photo_credit, AddressCard, Conventions,
};
use crate::diag::{Diagnostic, Sink, Span};
use crate::load::{Block, CaseSource, Inline, LangFile, Paper, SectionId};
use crate::locale::Locale;

/// One paragraph of the ask: its text, and for an item of a list its marker (the
/// language's bullet, or its number with a full stop).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AskParagraph {
    /// The list marker, for a list item.
    pub(crate) marker: Option<String>,
    /// The text, with the language's quotation marks and its addresses linked.
    pub(crate) inlines: Vec<Inline>,
    /// A sub-heading of the `{#petition}` section, set in bold.
    pub(crate) bold: bool,
}

/// A petition sheet for one language: plain owned data, everything layout prints.
#[derive(Debug, Clone)]
pub(crate) struct PetitionSheet {
    /// The language: the sheet's direction, script and `/Lang`.
    pub(crate) lang: Locale,
    /// The paper.
    pub(crate) paper: Paper,
    /// The language file's title, for metadata.
    pub(crate) title: String,
    /// The person's name as this language prints it.
    pub(crate) person: String,
    /// Every spelling of the name: never hyphenated.
    pub(crate) names: Vec<String>,
    /// The publishing organisation, the file's author.
    pub(crate) publisher: Option<String>,
    /// Above the name: "Petition".
    pub(crate) kicker: String,
    /// The photo credit, printed under the photo.
    pub(crate) credit: String,
    /// The photo's focal point.
    pub(crate) focus: (f32, f32),
    /// The region of the photo every crop keeps whole.
    pub(crate) keep: Option<[f32; 4]>,
    /// What the photo shows, for screen readers.
    pub(crate) photo_alt: String,
    /// The ask, paragraph by paragraph.
    pub(crate) ask: Vec<AskParagraph>,
    /// Where the ask is written, for a fit error.
    pub(crate) ask_span: Span,
    /// "To:", as the language writes a label before its value.
    pub(crate) to: String,
    /// The names of the authorities of `write_to`, whom the petition addresses.
    pub(crate) addressees: Vec<String>,
    /// The table's column headings, in reading order: number, name, town or e-mail,
    /// signature.
    pub(crate) columns: [String; 4],
    /// "Please return signed sheets (by date) to:", when case.yaml has a `return_to`.
    pub(crate) return_label: Option<String>,
    /// Where signed sheets go back to.
    pub(crate) return_to: Option<AddressCard>,
    /// What the names are used for.
    pub(crate) data_use: String,
    /// case.yaml's `petition_rows`: `None` fills the first page.
    pub(crate) rows: Option<u32>,
    /// The language's digits (row numbers) and marks.
    pub(crate) conventions: Conventions,
}

impl PetitionSheet {
    /// Every character the sheet prints (the row numbers in the language's digits
    /// included), for the job's font key.
    pub(crate) fn printed_text(&self) -> String {
        let mut text = format!("{}{}{}{}", self.kicker, self.person, self.credit, self.to);
        for para in &self.ask {
            text.extend(para.marker.as_deref());
            para.inlines.iter().for_each(|i| text.push_str(&i.text));
        }
        self.addressees.iter().for_each(|a| text.push_str(a));
        self.columns.iter().for_each(|c| text.push_str(c));
        text.extend(self.return_label.as_deref());
        if let Some(card) = &self.return_to {
            card.push_printed_text(&mut text);
        }
        text.push_str(&self.data_use);
        text.push_str(&self.conventions.number(1_234_567_890));
        text.push_str(RETURN_SEPARATOR);
        text
    }

    /// The foot's return line: the label in bold, then the name and the address lines
    /// between [`RETURN_SEPARATOR`]s, then the e-mail as a link (which is never
    /// hyphenated: `peti-tions@` is no address). `None` without a `return_to`.
    pub(crate) fn return_line(&self) -> Option<Vec<Inline>> {
        let (label, card) = (self.return_label.as_ref()?, self.return_to.as_ref()?);
        let address = std::iter::once(card.name.as_str())
            .chain(card.lines.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(RETURN_SEPARATOR);
        let mut line =
            vec![Inline { bold: true, ..Inline::plain(&format!("{label} ")) }, Inline::plain(&address)];
        if let Some(email) = &card.email {
            line.push(Inline::plain(RETURN_SEPARATOR));
            line.extend(email.iter().cloned());
        }
        Some(line)
    }
}

/// Between the parts of the return address on its one line.
pub(crate) const RETURN_SEPARATOR: &str = ", ";

/// Composes the petition sheet of a language. The plan builds one only for a
/// language whose file gives an ask ([`LangFile::has_petition`]); asked for one
/// without, it is an error naming the file.
pub(crate) fn compose_petition(
    case: &CaseSource,
    file: &LangFile,
    warnings: &mut Sink,
) -> Result<PetitionSheet, Diagnostic> {
    let labels = labels_warning_of_fallback(case, file, warnings)?;
    let conventions = conventions_of(file, warnings);
    let ask = ask_of(file, &conventions).ok_or_else(|| {
        Diagnostic::in_file(
            &file.path,
            "the language file gives no petition: no `petition:` and no `{#petition}` section",
        )
        .with_hint("add `petition:` with the ask to the front matter, or a section `## … {#petition}`")
    })?;
    let facts = &case.facts;
    let person = file.person(facts);
    let return_label = facts.return_to.as_ref().map(|_| {
        let label = match deadline_date(case, file, &conventions, warnings) {
            Some(date) => labels.petition_return_by.replace("{date}", &date),
            None => labels.petition_return.clone(),
        };
        conventions.labelled(label.trim_end(), "").trim_end().to_string()
    });
    // The e-mail without its label: the line is one of the footer's, and an address
    // with an @ needs no word before it in any language.
    let return_to = facts.return_to.as_ref().map(|r| AddressCard {
        name: r.name.clone(),
        lines: r.address.clone(),
        email: r.email.as_ref().map(|e| vec![Inline::linked(e, &format!("mailto:{e}"))]),
    });
    Ok(PetitionSheet {
        lang: file.lang.clone(),
        paper: file.paper(facts),
        title: conventions.text(&file.front.title),
        names: names_of(&person, facts),
        photo_alt: photo_alt(case, file, &person, warnings),
        person,
        publisher: facts.publisher.clone(),
        kicker: labels.petition_kicker.clone(),
        credit: credit_line(&labels.photo, photo_credit(case, file), &conventions),
        focus: facts.photo.focus_point(),
        keep: facts.photo.keep,
        ask,
        ask_span: file.petition_span.clone(),
        to: conventions.labelled(&labels.petition_to, "").trim_end().to_string(),
        addressees: facts.write_to.iter().map(|a| a.name.clone()).collect(),
        columns: [
            labels.petition_number.clone(),
            labels.petition_name.clone(),
            labels.petition_place.clone(),
            labels.signature.clone(),
        ],
        return_label,
        return_to,
        data_use: labels.petition_data_use.clone(),
        rows: facts.petition_rows,
        conventions,
    })
}

/// The ask: the front matter's `petition:` (a paragraph per blank-line-separated
/// stretch, as the postcard's message), else the `{#petition}` section's blocks.
fn ask_of(file: &LangFile, conventions: &Conventions) -> Option<Vec<AskParagraph>> {
    let para = |inlines: Vec<Inline>| AskParagraph { marker: None, inlines, bold: false };
    if let Some(text) = file.front.petition.as_deref() {
        // A YAML block keeps the writer's line wrapping; only blank lines are meant.
        let paragraphs = text
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .map(|p| para(localized(&[Inline::plain(&p)], conventions)))
            .collect();
        return Some(paragraphs);
    }
    let section = file.section(SectionId::Petition)?;
    let mut out = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph { inlines, .. } => out.push(para(localized(inlines, conventions))),
            Block::Subheading { inlines, .. } => {
                out.push(AskParagraph { bold: true, ..para(localized(inlines, conventions)) })
            }
            Block::List { start, items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}.", conventions.number(n + i as u64)),
                        None => conventions.bullet.to_string(),
                    };
                    out.push(AskParagraph { marker: Some(marker), ..para(localized(item, conventions)) });
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Case;

    fn sample() -> Case {
        crate::load::sample_case()
    }

    fn file_of(case: &Case, lang: &str) -> LangFile {
        case.langs.iter().find(|e| e.lang == lang).unwrap().file.clone().unwrap()
    }

    #[test]
    fn the_sheet_addresses_write_to_and_returns_to_return_to() {
        let case = sample();
        let sheet = compose_petition(&case, &file_of(&case, "en"), &mut Sink::new()).unwrap();
        assert_eq!(sheet.kicker, "Petition");
        assert_eq!(sheet.to, "To:");
        let names: Vec<&str> = case.facts.write_to.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(sheet.addressees, names);
        assert_eq!(sheet.columns, ["No.", "Name", "Town or email", "Signature"].map(String::from));
        assert_eq!(sheet.ask.len(), 1);
        assert!(sheet.return_to.is_some(), "the sample has a return_to");
        // The sample has no deadline: the label without a date.
        assert_eq!(sheet.return_label.as_deref(), Some("Please return signed sheets to:"));
    }

    #[test]
    fn the_return_lines_email_is_a_link() {
        let case = sample();
        let sheet = compose_petition(&case, &file_of(&case, "en"), &mut Sink::new()).unwrap();
        let line = sheet.return_line().unwrap();
        let last = line.last().unwrap();
        assert_eq!(last.link.as_deref(), Some(format!("mailto:{}", last.text).as_str()));
        assert!(line[0].bold && line[0].text.starts_with("Please return signed sheets to:"));
    }

    #[test]
    fn a_deadline_goes_into_the_return_line_as_the_pack_writes_dates() {
        let mut case = sample();
        case.source.facts.deadline = Some("2027-03-31".into());
        let sheet = compose_petition(&case, &file_of(&case, "en"), &mut Sink::new()).unwrap();
        assert_eq!(sheet.return_label.as_deref(), Some("Please return signed sheets by 31 March 2027 to:"));
        // Without return_to there is nothing to return to: no line at all.
        case.source.facts.return_to = None;
        let sheet = compose_petition(&case, &file_of(&case, "en"), &mut Sink::new()).unwrap();
        assert_eq!((sheet.return_label, sheet.return_to), (None, None));
    }

    #[test]
    fn a_petition_section_gives_the_ask_with_its_lists() {
        let case = sample();
        let mut file = file_of(&case, "en");
        file.front.petition = None;
        assert!(!file.has_petition());
        assert!(compose_petition(&case, &file, &mut Sink::new()).is_err());
        file.sections.push(crate::load::lang::Section {
            id: SectionId::Petition,
            heading: "Petition".into(),
            blocks: vec![
                Block::Paragraph { inlines: vec![Inline::plain("We ask:")], span: Span::file("en.md") },
                Block::List {
                    start: Some(1),
                    items: vec![vec![Inline::plain("an inquiry")], vec![Inline::plain("a retrial")]],
                    span: Span::file("en.md"),
                },
            ],
            span: Span::at("en.md", 40, 1),
        });
        assert!(file.has_petition());
        let sheet = compose_petition(&case, &file, &mut Sink::new()).unwrap();
        let markers: Vec<Option<&str>> = sheet.ask.iter().map(|p| p.marker.as_deref()).collect();
        assert_eq!(markers, [None, Some("1."), Some("2.")]);
    }
}
