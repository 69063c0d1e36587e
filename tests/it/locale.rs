//! One language tag, one meaning: `zh-Hans-HK`, `pt-BR`, `sr-Latn` and `fa` resolve
//! script, direction, labels, quotation marks, dates, faces and line breaking the same
//! way in every stage, because every stage reads the one `Locale` parsed from the file
//! name. (Before the `Locale` type, four parsers disagreed: `zh-Hans-HK` got simplified
//! labels, traditional quotes, a Hong Kong font and no punctuation compression.)

use appealpress::compose::dates::format_date;
use appealpress::compose::{labels_for, Conventions, Digits};
use appealpress::fonts::preferred_design;
use appealpress::locale::Locale;
use appealpress::locale::{variants_for, Variant};
use appealpress::text::linebreak::hyphenation_lang;
use appealpress::text::punctuation::compresses;
use unicode_script::{Script, UnicodeScript};

fn locale(tag: &str) -> Locale {
    Locale::parse(tag).unwrap_or_else(|e| panic!("{tag}: {e}"))
}

/// The scripts of the letters of `text` (punctuation and digits left out).
/// The scripts of the letters of `text`, leaving out its placeholders (`{date}`),
/// which are replaced before printing.
fn letter_scripts(text: &str) -> Vec<Script> {
    let mut printed = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        printed.push_str(&rest[..start]);
        rest = rest[start..].split_once('}').map_or("", |(_, after)| after);
    }
    printed.push_str(rest);
    let mut scripts: Vec<Script> =
        printed.chars().filter(|c| c.is_alphabetic()).map(|c| c.script()).collect();
    scripts.sort_by_key(|s| s.short_name());
    scripts.dedup();
    scripts
}

fn date(tag: &str) -> String {
    format_date(&locale(tag), (2027, 3, 31), Digits::LATIN).expect("a valid date").text
}

#[test]
fn simplified_chinese_in_hong_kong_is_simplified_in_every_stage() {
    let hk = locale("zh-Hans-HK");
    assert_eq!((hk.script(), hk.region(), hk.is_rtl()), ("Hans", Some("HK"), false));
    // Labels: the simplified file, with nothing from English.
    let (labels, fell_back) = labels_for(&hk, &[]).unwrap();
    assert!(fell_back.is_empty(), "{fell_back:?}");
    assert_eq!(labels, labels_for(&locale("zh"), &[]).unwrap().0);
    assert_ne!(labels, labels_for(&locale("zh-HK"), &[]).unwrap().0, "traditional labels");
    // Quotation marks: mainland “…”, not the traditional 「…」.
    assert_eq!(Conventions::for_language(&hk, Digits::LATIN).text("\"自由\""), "“自由”");
    // Faces: the simplified design first; traditional Hong Kong text would take HK.
    assert_eq!(variants_for(&hk), &[Variant::Hans]);
    assert_eq!(variants_for(&locale("zh-HK")).first(), Some(&Variant::Hk));
    // Breaking: adjacent full-width punctuation is compressed, as in simplified text.
    assert!(compresses(&hk) && !compresses(&locale("zh-HK")));
    assert!(hyphenation_lang(&hk).is_none());
    assert_eq!(date("zh-Hans-HK"), "2027年3月31日");
}

#[test]
fn brazilian_portuguese_has_its_own_labels_and_portuguese_hyphenation() {
    let br = locale("pt-BR");
    assert_eq!((br.language(), br.script(), br.region(), br.is_rtl()), ("pt", "Latn", Some("BR"), false));
    let (labels, fell_back) = labels_for(&br, &[]).unwrap();
    assert!(fell_back.is_empty(), "{fell_back:?}");
    assert_ne!(labels, labels_for(&locale("en"), &[]).unwrap().0);
    assert_eq!(hyphenation_lang(&br).map(|h| h.lang), Some(hypher::Lang::Portuguese));
    assert!(variants_for(&br).is_empty());
    assert!(date("pt-BR").contains("março"), "{}", date("pt-BR"));
}

#[test]
fn serbian_in_latin_letters_never_falls_back_to_cyrillic() {
    let latn = locale("sr-Latn");
    assert_eq!((latn.language(), latn.script(), latn.is_rtl()), ("sr", "Latn", false));
    let (labels, fell_back) = labels_for(&latn, &[]).unwrap();
    assert!(fell_back.is_empty(), "{fell_back:?}");
    let texts = labels.texts().concat();
    assert_eq!(letter_scripts(&texts), [Script::Latin], "{texts}");
    let cyrillic = labels_for(&locale("sr"), &[]).unwrap().0.texts().concat();
    assert_eq!(letter_scripts(&cyrillic), [Script::Cyrillic], "{cyrillic}");
    // hypher's Serbian patterns are Cyrillic: Latin Serbian is not hyphenated with them.
    assert!(hyphenation_lang(&latn).is_none());
    assert!(hyphenation_lang(&locale("sr")).is_some());
    assert_eq!(letter_scripts(&date("sr-Latn")), [Script::Latin], "{}", date("sr-Latn"));
}

#[test]
fn persian_is_right_to_left_in_naskh_with_its_own_calendar() {
    let fa = locale("fa");
    assert_eq!((fa.script(), fa.region(), fa.is_rtl()), ("Arab", Some("IR"), true));
    let (labels, fell_back) = labels_for(&fa, &[]).unwrap();
    assert!(fell_back.is_empty(), "{fell_back:?}");
    assert_ne!(labels, labels_for(&locale("ar"), &[]).unwrap().0, "Arabic labels");
    // Persian is read in Naskh; Urdu prefers Nastaliq in the same script.
    assert_eq!(preferred_design(Script::Arabic, &fa), None);
    assert!(preferred_design(Script::Arabic, &locale("ur")).is_some());
    assert!(hyphenation_lang(&fa).is_none());
    // Solar Hijri: 31 March 2027 is 11 Farvardin 1406.
    let persian = date("fa");
    assert!(persian.contains("1406") && persian.contains("فروردین"), "{persian}");
}
