//! The poster: what an event's wall shows of a case, in one language. The photo, the
//! person's name, the title, one line of the ask, the deadline and the online action.
//! Compose decides the words (the ask is one sentence, chosen here); layout decides
//! their sizes and places.

use super::links::ActionLink;
use super::{
    action_link, conventions_of, credit_line, deadline_text, labels_warning_of_fallback, names_of, photo_alt,
    photo_credit,
};
use crate::diag::{Diagnostic, Sink, Span};
use crate::load::{Block, CaseSource, Inline, LangFile, Paper, SectionId};
use crate::locale::Locale;

/// Where the poster's ask line comes from, so that a line too long even on two lines
/// can be pointed at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PosterAsk {
    /// The line as printed: one sentence.
    pub(crate) text: String,
    /// What a writer shortens, in words ("the first sentence of `petition:`").
    pub(crate) what: &'static str,
    /// Where that text starts in the language file.
    pub(crate) span: Span,
}

/// A poster for one language: plain data, every word as printed.
#[derive(Debug, Clone)]
pub(crate) struct Poster {
    /// The language.
    pub(crate) lang: Locale,
    /// The case's paper: A4 makes an A3 poster, Letter a Tabloid one.
    pub(crate) paper: Paper,
    /// The language file's title (as the pack's cover prints it).
    pub(crate) title: String,
    /// The person's name in the language.
    pub(crate) person: String,
    /// Where the name comes from: the language file's `person:` or case.yaml's.
    pub(crate) person_in_front_matter: bool,
    /// Every spelling of the name, never hyphenated.
    pub(crate) names: Vec<String>,
    /// The ask's line, as candidates in order: the first sentence of the petition's
    /// ask, then the first item of the action list. Layout prints the first that fits
    /// two lines (a petition's formal first sentence often does not); none, no ask.
    pub(crate) asks: Vec<PosterAsk>,
    /// The deadline line, as the pack's cover prints it.
    pub(crate) deadline: Option<String>,
    /// The online action, printed as a QR code.
    pub(crate) action: Option<ActionLink>,
    /// The words beside the QR code.
    pub(crate) scan: String,
    /// The photo credit line.
    pub(crate) credit: String,
    /// The photo's focal point.
    pub(crate) focus: (f32, f32),
    /// The region every crop keeps whole.
    pub(crate) keep: Option<[f32; 4]>,
    /// What the photo shows, for screen readers.
    pub(crate) photo_alt: String,
    /// The publishing organisation, the file's author.
    pub(crate) publisher: Option<String>,
}

impl Poster {
    /// Every character the poster prints.
    pub(crate) fn printed_text(&self) -> String {
        let mut text = [&self.person, &self.title, &self.scan, &self.credit]
            .into_iter()
            .map(String::as_str)
            .collect::<String>();
        text.extend(self.asks.iter().map(|a| a.text.as_str()));
        text.extend(self.deadline.as_deref());
        text.extend(self.action.as_ref().map(|a| a.short.as_str()));
        text
    }
}

/// Composes the poster of a language. Fails, as the other products do, on a broken
/// labels file for the language; warns as the pack does (labels that fall back, no
/// date data, no alternative text).
pub(crate) fn compose_poster(
    case: &CaseSource,
    file: &LangFile,
    warnings: &mut Sink,
) -> Result<Poster, Diagnostic> {
    let labels = labels_warning_of_fallback(case, file, warnings)?;
    let conventions = conventions_of(file, warnings);
    let facts = &case.facts;
    let person = file.person(facts);
    let asks = ask_lines(file).into_iter().map(|ask| PosterAsk { text: conventions.text(&ask.text), ..ask });
    Ok(Poster {
        lang: file.lang.clone(),
        paper: file.paper(facts),
        title: conventions.text(&file.front.title),
        person_in_front_matter: file.front.person.is_some(),
        names: names_of(&person, facts),
        photo_alt: photo_alt(case, file, &person, warnings),
        person,
        asks: asks.collect(),
        deadline: deadline_text(case, file, &labels, &conventions, warnings),
        action: action_link(case, file),
        scan: labels.poster_scan,
        credit: credit_line(&labels.photo, photo_credit(case, file), &conventions),
        focus: facts.photo.focus_point(),
        keep: facts.photo.keep,
        publisher: facts.publisher.clone(),
    })
}

/// The poster's ask, as candidates in order: the first sentence of the petition's
/// ask (the front matter's `petition:`, else the first paragraph of `{#petition}`),
/// then the first item of the `{#action}` list; empty when the file has neither.
fn ask_lines(file: &LangFile) -> Vec<PosterAsk> {
    let mut asks = Vec::new();
    if let Some(text) = file.front.petition.as_deref().filter(|t| !t.trim().is_empty()) {
        let what = "the first sentence of `petition:` in the front matter";
        asks.push(PosterAsk { text: first_sentence(text), what, span: file.petition_span.clone() });
    }
    let first_paragraph = file.section(SectionId::Petition).and_then(|section| {
        section.blocks.iter().find_map(|block| match block {
            Block::Paragraph { inlines, span } => Some((plain_text(inlines), span.clone())),
            _ => None,
        })
    });
    if let Some((text, span)) = first_paragraph.filter(|(t, _)| !t.trim().is_empty() && asks.is_empty()) {
        let what = "the first sentence of the `{#petition}` section";
        asks.push(PosterAsk { text: first_sentence(&text), what, span });
    }
    let first_item = file.section(SectionId::Action).and_then(|section| {
        section.blocks.iter().find_map(|block| match block {
            Block::List { items, span, .. } => items.first().map(|item| (plain_text(item), span.clone())),
            _ => None,
        })
    });
    if let Some((text, span)) = first_item.filter(|(t, _)| !t.trim().is_empty()) {
        let what = "the first item of the `{#action}` list";
        asks.push(PosterAsk { text: as_own_line(&first_sentence(&text), &file.lang), what, span });
    }
    asks
}

/// The text of inline runs, a forced line break read as a space.
fn plain_text(inlines: &[Inline]) -> String {
    let text: String = inlines.iter().map(|i| i.text.as_str()).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of `text` (UAX #29 sentence boundaries, which know the full
/// stops of every script: `.`, `。`, `۔`, `।`, `؟`), its spaces collapsed.
pub(crate) fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let segmenter = icu_segmenter::SentenceSegmenter::new(Default::default());
    let end = segmenter.segment_str(&text).find(|&i| i > 0).unwrap_or(text.len());
    text[..end].trim_end().to_string()
}

/// A list item as a line of its own: a list running on from its lead-in ("ask them
/// to: - open an investigation;") starts in lower case and ends with the list's
/// semicolon or comma. On a poster it stands alone: its first letter a capital (in
/// scripts with case; Turkish and Azerbaijani dotted `i` to `İ`), without the
/// punctuation that joined it to the next item.
fn as_own_line(item: &str, lang: &Locale) -> String {
    let trimmed = item.trim_end_matches([';', ',', ':', '\u{061B}', '\u{060C}', '；', '，', '、', ' ']);
    let mut chars = trimmed.chars();
    let Some(first) = chars.next() else { return String::new() };
    if !first.is_lowercase() {
        return trimmed.to_string();
    }
    let upper: String = match (first, lang.language()) {
        ('i', "tr" | "az") => "İ".to_string(),
        _ => first.to_uppercase().collect(),
    };
    upper + chars.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{discover_cases, load_case};
    use crate::locale::locale;

    #[test]
    fn the_first_sentence_in_every_script() {
        assert_eq!(first_sentence("Free Ali now. He was tortured."), "Free Ali now.");
        assert_eq!(first_sentence("  Free\n Ali   now!  More."), "Free Ali now!");
        assert_eq!(first_sentence("No full stop at all"), "No full stop at all");
        assert_eq!(first_sentence("علي حر الآن؟ نعم."), "علي حر الآن؟");
        assert_eq!(
            first_sentence("アリさんを釈放してください。拷問の調査を。"),
            "アリさんを釈放してください。"
        );
    }

    #[test]
    fn a_list_item_stands_alone() {
        let en = locale("en");
        assert_eq!(as_own_line("open an investigation;", &en), "Open an investigation");
        assert_eq!(as_own_line("iyi bir gün,", &locale("tr")), "İyi bir gün");
        assert_eq!(as_own_line("أطلقوا سراحه؛", &locale("ar")), "أطلقوا سراحه");
        assert_eq!(as_own_line("Already a line.", &en), "Already a line.");
    }

    #[test]
    fn the_ask_comes_from_the_petition_then_the_action_list() {
        let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        let dirs = discover_cases(&packs).unwrap();
        let case = load_case(dirs.iter().find(|d| d.id == "ali-aarrass").unwrap(), &[]).unwrap();
        let mut file = case.langs.iter().find(|e| e.lang == "en").unwrap().file.clone().unwrap();
        // The sample's petition ask: its first sentence, then the action list's first item.
        let poster = compose_poster(&case, &file, &mut Sink::new()).unwrap();
        assert_eq!(poster.asks[0].text, "Investigate Ali Aarrass’s torture and release him.");
        // Without a petition: the first item of the action list.
        file.front.petition = None;
        let poster = compose_poster(&case, &file, &mut Sink::new()).unwrap();
        assert_eq!(poster.asks.len(), 1);
        let ask = &poster.asks[0];
        assert_eq!(ask.text, "Open an independent investigation into Ali’s allegations of torture");
        assert!(ask.what.contains("{#action}"));
        // A petition in the front matter comes first, its first sentence only.
        file.front.petition = Some("Release Ali Aarrass now. He has suffered enough.".into());
        let poster = compose_poster(&case, &file, &mut Sink::new()).unwrap();
        let texts: Vec<&str> = poster.asks.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Release Ali Aarrass now.",
                "Open an independent investigation into Ali’s allegations of torture"
            ]
        );
        assert_eq!(poster.scan, "Scan to take action online");
        assert!(poster.deadline.is_none(), "the sample has no deadline");
    }
}
