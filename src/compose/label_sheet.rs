//! The address labels product: one label for each authority of case.yaml's
//! `write_to` and each of its `copies_to`, in that order. Compose decides which
//! addresses and in what order; layout puts them on the stock's grid.

use crate::diag::{Diagnostic, Sink};
use crate::load::{CaseSource, LangFile, Paper};
use crate::locale::Locale;

/// One address to print on a label, and where case.yaml gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SheetAddress {
    /// The addressee, the label's first line.
    pub name: String,
    /// The address lines, each in its own script and direction.
    pub lines: Vec<String>,
    /// The case.yaml list it comes from (`write_to` or `copies_to`) and its index
    /// there, for an address too long for its label.
    pub source: (&'static str, usize),
}

/// A sheet of address labels for one language (the language decides the sheet's
/// paper, title and `/Lang`; the addresses are printed as case.yaml writes them).
#[derive(Debug, Clone)]
pub(crate) struct LabelSheet {
    /// The language.
    pub lang: Locale,
    /// The paper, which decides the stock: Avery L7160 on A4, 5160 on Letter.
    pub paper: Paper,
    /// Title of the language file, for metadata.
    pub title: String,
    /// The publishing organisation, the file's author.
    pub publisher: Option<String>,
    /// The addresses, one label each.
    pub addresses: Vec<SheetAddress>,
}

impl LabelSheet {
    /// Every character the sheet prints.
    pub fn printed_text(&self) -> String {
        let mut text = String::new();
        for address in &self.addresses {
            text.push_str(&address.name);
            address.lines.iter().for_each(|line| text.push_str(line));
        }
        text
    }
}

/// Composes the labels sheet: every authority of `write_to`, then every `copies_to`.
/// Fails, as the other products do, on a broken labels file for the language (the
/// title is the file's own, so no label word is printed, but a job must not succeed
/// where the pack of the same language fails on it).
pub(crate) fn compose_labels(
    case: &CaseSource,
    file: &LangFile,
    warnings: &mut Sink,
) -> Result<LabelSheet, Diagnostic> {
    super::labels_warning_of_fallback(case, file, warnings)?;
    let facts = &case.facts;
    let lists = [("write_to", &facts.write_to), ("copies_to", &facts.copies_to)];
    let addresses = lists
        .into_iter()
        .flat_map(|(key, list)| {
            list.iter().enumerate().map(move |(index, a)| SheetAddress {
                name: a.name.clone(),
                lines: a.address.clone(),
                source: (key, index),
            })
        })
        .collect();
    Ok(LabelSheet {
        lang: file.lang.clone(),
        paper: file.paper(facts),
        title: file.front.title.clone(),
        publisher: facts.publisher.clone(),
        addresses,
    })
}
