//! The tally sheet: what an event fills in by hand (its name and date, how many
//! letters, cards and signatures it made) and where to send it. Compose decides which
//! counts the case asks for and in what words; layout draws the form.

use super::{card, conventions_of, labels_warning_of_fallback, ActionLink, AddressCard};
use crate::diag::{Diagnostic, Sink};
use crate::load::{CaseSource, LangFile, Paper, Product, ReportToYaml};
use crate::locale::Locale;

/// Where the filled-in sheet goes, as case.yaml's `report_to` gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ReportTo {
    /// An e-mail address, printed and linked.
    Email(String),
    /// A web form: printed short, linked, and drawn as a QR code.
    Web(ActionLink),
    /// A postal address.
    Postal(AddressCard),
}

/// A count the event writes in, with its words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Count {
    /// What is counted (`Letters written`).
    pub(crate) label: String,
}

/// The tally sheet of one case in one language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TallySheet {
    /// The language.
    pub(crate) lang: Locale,
    /// The paper.
    pub(crate) paper: Paper,
    /// The language file's title, under the name and in the metadata.
    pub(crate) title: String,
    /// The person's name as this language prints it.
    pub(crate) person: String,
    /// The publishing organisation, the file's author.
    pub(crate) publisher: Option<String>,
    /// Above the name (`Tally sheet`).
    pub(crate) kicker: String,
    /// Before the line for the event's name.
    pub(crate) event: String,
    /// Before the line for the event's date.
    pub(crate) date: String,
    /// The counts the event fills in: letters always; cards when the case makes
    /// postcards; signatures when it makes a petition sheet in this language.
    pub(crate) counts: Vec<Count>,
    /// Before where the sheet goes (`Please send this sheet, filled in, to`).
    pub(crate) report_label: String,
    /// Where the sheet goes; `None` when case.yaml gives no `report_to`.
    pub(crate) report_to: Option<ReportTo>,
}

impl TallySheet {
    /// Every character the sheet prints.
    pub(crate) fn printed_text(&self) -> String {
        let mut text = [&self.kicker, &self.person, &self.title, &self.event, &self.date, &self.report_label]
            .into_iter()
            .map(String::as_str)
            .collect::<String>();
        self.counts.iter().for_each(|count| text.push_str(&count.label));
        match &self.report_to {
            Some(ReportTo::Email(email)) => text.push_str(email),
            Some(ReportTo::Web(link)) => text.push_str(&link.short),
            Some(ReportTo::Postal(card)) => card.push_printed_text(&mut text),
            None => {}
        }
        text
    }
}

/// Composes the tally sheet. Fails, as the other products do, on a broken labels file
/// for the language.
pub(crate) fn compose_tally(
    case: &CaseSource,
    file: &LangFile,
    warnings: &mut Sink,
) -> Result<TallySheet, Diagnostic> {
    let labels = labels_warning_of_fallback(case, file, warnings)?;
    let conventions = conventions_of(file, warnings);
    let facts = &case.facts;
    let products = case.products();
    let mut counts = vec![Count { label: labels.tally_letters.clone() }];
    if products.contains(&Product::Postcard) && facts.solidarity.is_some() {
        counts.push(Count { label: labels.tally_cards.clone() });
    }
    if products.contains(&Product::Petition) && file.has_petition() {
        counts.push(Count { label: labels.tally_signatures.clone() });
    }
    let report_to = facts.report_to.as_ref().map(|report| match report {
        ReportToYaml::Text(text) if text.contains("://") => ReportTo::Web(ActionLink::new(text.trim())),
        ReportToYaml::Text(text) => ReportTo::Email(text.trim().to_string()),
        ReportToYaml::Postal(p) => {
            ReportTo::Postal(card(&p.name, &p.address, p.email.as_deref(), &labels, &conventions))
        }
    });
    Ok(TallySheet {
        lang: file.lang.clone(),
        paper: file.paper(facts),
        title: conventions.text(&file.front.title),
        person: file.person(facts),
        publisher: facts.publisher.clone(),
        kicker: labels.tally_kicker.clone(),
        event: labels.tally_event.clone(),
        date: labels.date.clone(),
        counts,
        report_label: labels.tally_report_to.clone(),
        report_to,
    })
}
