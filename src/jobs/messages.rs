//! Error messages: a layout error turned into a diagnostic that points at its source
//! (the first character no font has, in the language file or case.yaml; the front
//! matter or case.yaml key whose text does not fit) and says what to do about it.

use std::path::Path;

use crate::compose::Postcard;
use crate::diag::{Diagnostic, LineIndex, Span};
use crate::fonts::FontBook;
use crate::layout::{layout_postcard, LayoutError, Profile, TextSource, MM};
use crate::load::{Case, LangEntry};
use crate::locale::Locale;

use super::run::CaseRun;

/// Points a layout error at its source: for a missing character, the first place the
/// text has it, in the language file or else in case.yaml; for an overflow, `span`.
pub(super) fn layout_error(
    book: &FontBook,
    error: LayoutError,
    case: &Case,
    entry: &LangEntry,
    span: Option<&Span>,
) -> Diagnostic {
    let lang_path = entry.path.as_path();
    match error {
        LayoutError::MissingGlyphs(missing) => {
            // A language that needs a script no font has misses it all through its
            // file: point at the first such character there, and name the first few,
            // so every job of the language reports the same error (printed once). The
            // layout's own list, found in case.yaml, serves when the file has none.
            if let Some((at, in_file)) = first_uncovered(book, lang_path, &entry.text, &entry.lang) {
                return missing_font_error(book, &in_file, &entry.lang, at);
            }
            let yaml = case.dir.join("case.yaml");
            let at = [(lang_path, entry.text.as_str()), (yaml.as_path(), case.yaml_text.as_str())]
                .into_iter()
                .find_map(|(p, text)| {
                    let offset = text.find(|c| missing.chars.contains(&c))?;
                    let (line, column) = LineIndex::new(text).line_col(text, offset);
                    Some(Span::at(p, line, column))
                })
                .unwrap_or_else(|| Span::file(lang_path));
            missing_font_error(book, &missing, &entry.lang, at)
        }
        LayoutError::Overflow { what, source, over, floor } => {
            overflow_error(case, lang_path, span, what, source, floor, &[(None, over)])
        }
    }
}

/// The error for text that does not fit, at its source: how much too tall it is on
/// each output that failed (`None`: the only one), at the smallest size tried.
fn overflow_error(
    case: &Case,
    lang_path: &Path,
    span: Option<&Span>,
    what: &str,
    source: TextSource,
    floor: f32,
    overs: &[(Option<Profile>, f32)],
) -> Diagnostic {
    let (at, hint) = match source {
        TextSource::FrontMatter(key) => (
            span.cloned().unwrap_or_else(|| Span::file(lang_path)),
            format!("shorten `{key}` in the front matter; nothing is ever cut off"),
        ),
        TextSource::LangText(what) => (
            span.cloned().unwrap_or_else(|| Span::file(lang_path)),
            format!("shorten {what}; nothing is ever cut off"),
        ),
        TextSource::CaseYaml(key) => {
            (case.yaml_span(key), format!("shorten `{key}` in case.yaml; nothing is ever cut off"))
        }
        TextSource::CaseYamlEntry(key, index) => (
            case.yaml_entry_span(key, index),
            format!("shorten this entry of `{key}` in case.yaml (its name or address lines); nothing is ever cut off"),
        ),
    };
    let size =
        if floor < 1.0 { format!(" even at {:.0} % of its size", floor * 100.0) } else { String::new() };
    let amounts: Vec<String> = overs
        .iter()
        .enumerate()
        .map(|(i, (profile, over))| {
            let too_tall = if i == 0 { format!(" too tall{size}") } else { String::new() };
            let on = profile.map(|p| format!(" on the {} postcard", p.name())).unwrap_or_default();
            format!("{:.1} mm{too_tall}{on}", over / MM)
        })
        .collect();
    Diagnostic::error(Some(at), format!("the {what} does not fit: {}", amounts.join(", "))).with_hint(hint)
}

/// Turns a postcard's layout error into a diagnostic. Text that does not fit on the
/// card overflows by a different amount on the home sheet's cards and on the press
/// card, which differ in size and margins: reported per job, the one fault came out
/// twice with two figures (the CLI prints identical errors once). So the first job to
/// fail lays the card out for each profile being built, and every job of the language
/// reports the same single error, naming each postcard that does not fit.
pub(super) struct PostcardFit<'a> {
    /// The case's jobs, which share the error.
    pub(crate) run: &'a CaseRun<'a>,
    /// The card that did not fit.
    pub(crate) card: &'a Postcard,
    /// The language's index in the case, the key of what is shared.
    pub(crate) lang: usize,
}

impl PostcardFit<'_> {
    /// The diagnostic for `error`, met laying the card out for `profile`.
    pub(crate) fn error(&self, error: LayoutError, profile: Profile) -> Diagnostic {
        let CaseRun { book, case, shared, options, .. } = *self.run;
        let entry = &case.langs[self.lang];
        let span = Some(&self.card.message_span);
        let LayoutError::Overflow { what, source, floor, .. } = error else {
            return layout_error(book, error, case, entry, span);
        };
        shared.postcard_overflows.get_or_init((self.lang, what), || {
            let mut overs = Vec::new();
            for other in options.profiles() {
                let result = if other == profile {
                    Err(error.clone())
                } else {
                    layout_postcard(book, self.card, &case.photo, other).map(|_| ())
                };
                // Another fault on the other card is that job's own error.
                if let Err(LayoutError::Overflow { what: failed, over, .. }) = result {
                    if failed == what {
                        overs.push((Some(other), over));
                    }
                }
            }
            overflow_error(case, &entry.path, span, what, source, floor, &overs)
        })
    }
}

/// How many characters an error about a missing font lists.
const MISSING_LISTED: usize = 8;

/// The first character of a language file (`text`, read from `path`) that no font
/// has, where it is, and the first few such characters (the scripts they belong to are
/// what is missing).
fn first_uncovered(
    book: &FontBook,
    path: &Path,
    text: &str,
    lang: &Locale,
) -> Option<(Span, crate::text::MissingGlyphs)> {
    let uncovered = |c: char| {
        !c.is_whitespace()
            && !crate::fonts::is_invisible(c)
            && book.face_for(c, crate::fonts::Style::REGULAR, None, lang).is_none()
    };
    let offset = text.find(uncovered)?;
    let mut chars = Vec::new();
    for c in text[offset..].chars().filter(|&c| uncovered(c)) {
        if !chars.contains(&c) {
            chars.push(c);
        }
        if chars.len() == MISSING_LISTED {
            break;
        }
    }
    let (line, column) = LineIndex::new(text).line_col(text, offset);
    Some((Span::at(path, line, column), crate::text::MissingGlyphs { chars }))
}

/// The error for characters no font has: the language, the scripts, where fonts were
/// looked for, and what to install or pass.
fn missing_font_error(
    book: &FontBook,
    missing: &crate::text::MissingGlyphs,
    lang: &Locale,
    at: Span,
) -> Diagnostic {
    let scripts = missing.scripts();
    let names = scripts.join(", ");
    let noun = if scripts.len() == 1 { "script" } else { "scripts" };
    let cjk = missing.needs_cjk_font();
    // Symbols and punctuation shared by all scripts have no script to name.
    let symbols = scripts.iter().all(|s| matches!(*s, "Common" | "Inherited"));
    let message = if symbols {
        format!("no font has these characters, which the `{lang}` text needs: {}", missing.describe())
    } else {
        format!("no font covers the {names} {noun} that the `{lang}` text needs: {}", missing.describe())
    };
    let install = if symbols {
        "install a font that has these characters, e.g. Noto Sans Symbols 2 (Debian and Ubuntu: `apt-get install fonts-noto-core`)".to_string()
    } else if cjk {
        "install Noto Sans CJK: `apt-get install fonts-noto-cjk` on Debian or Ubuntu (elsewhere, Noto Sans CJK or Source Han Sans from your package manager)".to_string()
    } else {
        let first = scripts.first().copied().unwrap_or_default();
        format!("install a font for the {names} {noun}, e.g. Noto Sans {first} (Debian and Ubuntu: `apt-get install fonts-noto-core`, or fonts-noto-extra)")
    };
    let sources = book.sources();
    Diagnostic::error(Some(at), message)
        .with_hint(install)
        .with_hint(format!(
            "or point appealpress at a folder holding one: --font-dir DIR (repeatable) or {}=DIR1:DIR2",
            crate::fonts::FONT_PATH_ENV
        ))
        .with_hint(format!("searched {} (shipped){}", book.dir.display(), sources.describe()))
}
