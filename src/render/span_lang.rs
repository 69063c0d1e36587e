//! The language of a run of text where it differs from the document's, for the `/Lang`
//! of its marked content: a name in Latin letters in an Arabic pack, an Arabic name in
//! an English one.
//!
//! What is known of a run is its script, not its language: the Latin letters in an
//! Arabic pack may be a name, an address from `case.yaml` (written for the country it
//! goes to) or an e-mail address. A run whose letters are all in a script the
//! document's language is not written in gets the language CLDR finds likeliest for
//! that script (`en` for Latin, `ar` for Arabic, `ru` for Cyrillic). A screen reader
//! picks its voice by language, and the document's voice often cannot say another
//! script at all; `und-Latn` (language undetermined) would be the literal truth, but
//! it names no voice, so readers keep the document's. A run in the document's own
//! script, or with no letters (digits, punctuation), or mixing scripts, keeps the
//! document's language.

use std::collections::BTreeSet;

use unicode_script::{Script, UnicodeScript};

use crate::locale::{cjk_writing, likely_language, Locale, CJK};

/// The language to declare for a run's text in a document in `doc`, or `None` when
/// it reads as the document's language.
pub(crate) fn run_language(text: &str, doc: &Locale) -> Option<String> {
    let scripts: BTreeSet<&str> = text
        .chars()
        .map(|c| c.script())
        .filter(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .map(|s| s.short_name())
        .collect();
    if scripts.is_empty() || scripts.iter().any(|s| writes(doc.script(), s)) {
        return None;
    }
    let language = likely_language(writing_system(&scripts)?)?;
    (language != doc.language()).then_some(language)
}

/// Whether a writing system (a locale's ISO 15924 code) is written in a Unicode
/// script (its short name): a CJK system in each of its scripts ([`CJK`]: Japanese
/// mixes kanji and kana, Korean hangul and hanja, Chinese is hanzi with bopomofo),
/// any other in the script of its own code.
fn writes(code: &str, script: &str) -> bool {
    match cjk_writing(code) {
        Some(writing) => writing.scripts.iter().any(|s| s.short_name() == script),
        None => code == script,
    }
}

/// The one writing system a run's scripts belong to: a CJK system when the run is in
/// its scripts and has one that only it writes in (kana make it Japanese, hangul
/// Korean); otherwise the run must be in a single script.
fn writing_system<'a>(scripts: &BTreeSet<&'a str>) -> Option<&'a str> {
    for writing in &CJK {
        let only_its_own = |s: &&str| {
            writes(writing.code, s)
                && CJK.iter().all(|other| other.code == writing.code || !writes(other.code, s))
        };
        if scripts.iter().all(|s| writes(writing.code, s)) && scripts.iter().any(only_its_own) {
            return Some(writing.code);
        }
    }
    match scripts.iter().collect::<Vec<_>>()[..] {
        [single] => Some(single),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::locale;

    #[test]
    fn a_run_in_another_script_gets_that_scripts_likeliest_language() {
        let ar = locale("ar");
        assert_eq!(run_language("(Ali Aarrass)", &ar).as_deref(), Some("en"));
        assert_eq!(run_language("علي أعراص", &ar), None);
        assert_eq!(run_language("12 2020", &ar), None, "digits are every script's");
        assert_eq!(run_language("علي أعراص", &locale("en")).as_deref(), Some("ar"));
        assert_eq!(run_language("Ali", &locale("sr-Latn")), None);
        assert_eq!(run_language("Али", &locale("en")).as_deref(), Some("ru"));
    }

    #[test]
    fn japanese_and_korean_mix_their_scripts() {
        let (ja, ko, en) = (locale("ja"), locale("ko"), locale("en"));
        assert_eq!(run_language("自由を", &ja), None);
        assert_eq!(run_language("한국語", &ko), None);
        assert_eq!(run_language("Ali", &ja).as_deref(), Some("en"));
        assert_eq!(run_language("自由を", &en).as_deref(), Some("ja"));
        assert_eq!(run_language("한국어", &en).as_deref(), Some("ko"));
        assert_eq!(run_language("自由", &en).as_deref(), Some("zh"));
        assert_eq!(run_language("自由", &ko), None);
        assert_eq!(run_language("Ali علي", &locale("ru")), None, "a run of two scripts is unknown");
    }
}
