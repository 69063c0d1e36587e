//! The language of a language file, parsed once.
//!
//! A `<lang>.md` is named by a BCP 47 tag. [`Locale::parse`] reads it with ICU4X and
//! fills in what the tag leaves implicit from CLDR's likely subtags: `fa` is written
//! in Arabic script in Iran, `zh-HK` in traditional characters, `sr` in Cyrillic. Every
//! stage asks this one value (labels and quotation marks in compose, hyphenation,
//! line breaking and font choice in text, direction in layout), so a tag such as
//! `zh-Hans-HK` means the same thing everywhere: simplified characters, whatever the
//! region.
//!
//! Language rules more than one stage reads sit here too: which scripts count as
//! CJK and which of those write spaces between words ([`CJK`]), and the regional
//! forms of the ideographs a language wants ([`variants_for`]).
//!
//! The type sits beside `diag` rather than in a stage because every stage reads it;
//! it depends on nothing of ours.

use std::fmt;

use icu_locale::{LanguageIdentifier, LocaleDirectionality, LocaleExpander};
use unicode_script::Script;

/// A parsed, canonical language tag with its script, region and direction resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Locale {
    /// The tag as written canonically: `fr`, `pt-BR`, `zh-Hans-HK`, `sr-Latn`.
    tag: String,
    /// The primary language subtag: `zh`.
    language: String,
    /// The script, given or likely: `Hans`, `Latn`, `Arab`.
    script: String,
    /// Whether the tag names its script (`sr-Latn`) rather than implying it (`sr`).
    script_given: bool,
    /// The region, given or likely: `HK`, `BR`; `None` where CLDR has none.
    region: Option<String>,
    /// Whether the region was given in the tag.
    region_given: bool,
    /// Written right to left, by its script.
    rtl: bool,
}

/// Why a file name is not a language tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleError {
    /// What is wrong, for the diagnostic.
    pub(crate) message: String,
    /// The tag the user most likely meant (`fr` for `french`, `fr-FR` for `fr_FR`).
    pub(crate) suggestion: Option<String>,
}

impl fmt::Display for LocaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Locale {
    /// Parses a BCP 47 language tag, case-insensitively (`FR`, `pt-br` and `pt-BR` are
    /// the same). Only language, script and region subtags are accepted: a language
    /// file is named by what its text is written in, nothing more.
    pub fn parse(tag: &str) -> Result<Locale, LocaleError> {
        let not_a_tag = |message: String| LocaleError { message, suggestion: suggest(tag) };
        if tag.contains('_') {
            return Err(not_a_tag(format!(
                "`{tag}` is not a BCP 47 language tag: subtags are joined by `-`"
            )));
        }
        let id = LanguageIdentifier::try_from_str(tag)
            .map_err(|_| not_a_tag(format!("`{tag}` is not a BCP 47 language tag")))?;
        // ISO 639 codes have two or three letters; longer ones (`readme`, `notes`) are
        // syntactically tags but name nothing.
        if id.language.is_unknown() || id.language.as_str().len() > 3 {
            return Err(not_a_tag(format!("`{tag}` names no language")));
        }
        if !id.variants.is_empty() {
            return Err(not_a_tag(format!(
                "`{tag}`: variant subtags are not supported; name the file by language, script and region"
            )));
        }
        // ICU accepts three-letter codes that have a two-letter form (`fra`); CLDR's
        // likely subtags know them by the short form only, so insist on it.
        let mut full = id.clone();
        expander().maximize(&mut full);
        if full.script.is_none() {
            return Err(not_a_tag(format!("`{tag}` is not a language this tool has data for")));
        }
        let script = full.script.map(|s| s.as_str().to_string()).unwrap_or_default();
        let rtl = directionality().is_right_to_left(&full);
        Ok(Locale {
            tag: id.to_string(),
            language: id.language.as_str().to_string(),
            script,
            script_given: id.script.is_some(),
            region: full.region.map(|r| r.as_str().to_string()),
            region_given: id.region.is_some(),
            rtl,
        })
    }

    /// The tag as written canonically, as outputs are named: `fr`, `pt-BR`, `zh-Hans-HK`.
    pub(crate) fn tag(&self) -> &str {
        &self.tag
    }

    /// The primary language subtag, lowercase: `zh`, `pt`, `fa`.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The script, given in the tag or likely for it, as an ISO 15924 code: `Latn`,
    /// `Arab`, `Hans`, `Hant`, `Cyrl`, `Jpan`, `Kore`.
    pub fn script(&self) -> &str {
        &self.script
    }

    /// The region, given in the tag or likely for it: `BR` for `pt-BR`, `BR` for `pt`
    /// too (CLDR's likely region), `HK` for `zh-Hans-HK`.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The region only where the tag names it.
    pub(crate) fn given_region(&self) -> Option<&str> {
        self.region.as_deref().filter(|_| self.region_given)
    }

    /// Written right to left (Arabic, Hebrew, Thaana, ... scripts), whatever the language.
    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// The tags to look locale data up by (labels, conventions), most specific first:
    /// `zh-Hans-HK` → `zh-Hans-HK`, `zh-Hans`, `zh-HK`, `zh`. The bare language (and
    /// language-region) come last and only when this locale's script is the
    /// language's usual one, so `sr-Latn` never falls back to Cyrillic `sr`, nor
    /// `zh-Hant` to simplified `zh`.
    pub(crate) fn lookup_tags(&self) -> Vec<String> {
        let mut tags = Vec::new();
        let mut push = |tag: String| {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        };
        let language = &self.language;
        let script = &self.script;
        if let Some(region) = self.given_region() {
            push(format!("{language}-{script}-{region}"));
        }
        push(format!("{language}-{script}"));
        if self.script == default_script(language) {
            if let Some(region) = self.given_region() {
                push(format!("{language}-{region}"));
            }
            push(language.clone());
        }
        tags
    }
}

impl PartialEq<str> for Locale {
    fn eq(&self, tag: &str) -> bool {
        self.tag == tag
    }
}

impl PartialEq<&str> for Locale {
    fn eq(&self, tag: &&str) -> bool {
        self.tag == *tag
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

/// The script CLDR expects for a bare language subtag (`Cyrl` for `sr`, `Hans` for `zh`).
fn default_script(language: &str) -> String {
    let Ok(mut id) = LanguageIdentifier::try_from_str(language) else {
        return String::new();
    };
    expander().maximize(&mut id);
    id.script.map(|s| s.as_str().to_string()).unwrap_or_default()
}

/// The language CLDR finds likeliest for text in a script, by its ISO 15924 code: `en`
/// for `Latn`, `ar` for `Arab`, `ja` for `Jpan`, `ko` for `Kore`, `zh` for `Hani`;
/// `None` for a code CLDR has no language for.
pub(crate) fn likely_language(script: &str) -> Option<String> {
    let mut id = LanguageIdentifier::try_from_str(&format!("und-{script}")).ok()?;
    expander().maximize(&mut id);
    Some(id.language.as_str().to_string()).filter(|language| language != "und")
}

/// Likely subtags for every language CLDR knows, not only the well-covered ones:
/// campaigns write in Hausa, Yoruba and Tigrinya too.
/// Free to make: compiled data is static, so nothing is cached.
fn expander() -> LocaleExpander {
    LocaleExpander::new_extended()
}

fn directionality() -> LocaleDirectionality {
    LocaleDirectionality::new_extended()
}

/// The tag a misnamed file most likely meant: `fr_FR` → `fr-FR`, `french` → `fr`,
/// `English` → `en`.
fn suggest(name: &str) -> Option<String> {
    let dashed = name.replace('_', "-");
    if dashed != name {
        if let Ok(locale) = Locale::parse(&dashed) {
            return Some(locale.tag);
        }
    }
    let lower = name.to_lowercase();
    let named = |(tag, autonym, english): &&Language| {
        // A bare language: "Chinese (Simplified)" is not a name people write.
        !tag.contains('-') && (english.to_lowercase() == lower || autonym.to_lowercase() == lower)
    };
    LANGUAGES
        .iter()
        .find(named)
        .map(|(tag, ..)| tag.to_string())
        .or_else(|| OTHER_NAMES.iter().find(|(name, _)| *name == lower).map(|(_, tag)| tag.to_string()))
}

/// Names people write instead of tags that the table of [`LANGUAGES`] does not hold:
/// autonyms typed without their accents, and other English names.
const OTHER_NAMES: &[(&str, &str)] =
    &[("francais", "fr"), ("espanol", "es"), ("portugues", "pt"), ("farsi", "fa")];

/// A language: tag, name in the language itself, name in English.
pub(crate) type Language = (&'static str, &'static str, &'static str);

/// The languages whose names are known: the download pages name them, and a file
/// named by a language (`French.md`) is told its tag. A tag with a region or script is matched exactly
/// before its bare language is tried.
pub(crate) const LANGUAGES: &[Language] = &[
    ("af", "Afrikaans", "Afrikaans"),
    ("am", "አማርኛ", "Amharic"),
    ("ar", "العربية", "Arabic"),
    ("az", "Azərbaycan dili", "Azerbaijani"),
    ("be", "Беларуская", "Belarusian"),
    ("bg", "Български", "Bulgarian"),
    ("bn", "বাংলা", "Bengali"),
    ("bo", "བོད་སྐད་", "Tibetan"),
    ("bs", "Bosanski", "Bosnian"),
    ("ca", "Català", "Catalan"),
    ("ckb", "کوردیی ناوەندی", "Central Kurdish"),
    ("cs", "Čeština", "Czech"),
    ("cy", "Cymraeg", "Welsh"),
    ("da", "Dansk", "Danish"),
    ("de", "Deutsch", "German"),
    ("dv", "ދިވެހި", "Dhivehi"),
    ("el", "Ελληνικά", "Greek"),
    ("en", "English", "English"),
    ("es-419", "Español de América Latina", "Latin American Spanish"),
    ("es", "Español", "Spanish"),
    ("et", "Eesti", "Estonian"),
    ("eu", "Euskara", "Basque"),
    ("fa", "فارسی", "Persian"),
    ("fi", "Suomi", "Finnish"),
    ("fil", "Filipino", "Filipino"),
    ("fr", "Français", "French"),
    ("ga", "Gaeilge", "Irish"),
    ("gl", "Galego", "Galician"),
    ("gu", "ગુજરાતી", "Gujarati"),
    ("ha", "Hausa", "Hausa"),
    ("he", "עברית", "Hebrew"),
    ("hi", "हिन्दी", "Hindi"),
    ("hr", "Hrvatski", "Croatian"),
    ("ht", "Kreyòl ayisyen", "Haitian Creole"),
    ("hu", "Magyar", "Hungarian"),
    ("hy", "Հայերեն", "Armenian"),
    ("id", "Bahasa Indonesia", "Indonesian"),
    ("ig", "Igbo", "Igbo"),
    ("is", "Íslenska", "Icelandic"),
    ("it", "Italiano", "Italian"),
    ("ja", "日本語", "Japanese"),
    ("ka", "ქართული", "Georgian"),
    ("kk", "Қазақ тілі", "Kazakh"),
    ("km", "ខ្មែរ", "Khmer"),
    ("ko", "한국어", "Korean"),
    ("ku", "Kurdî", "Kurdish"),
    ("ky", "Кыргызча", "Kyrgyz"),
    ("lo", "ລາວ", "Lao"),
    ("lt", "Lietuvių", "Lithuanian"),
    ("lv", "Latviešu", "Latvian"),
    ("mk", "Македонски", "Macedonian"),
    ("ml", "മലയാളം", "Malayalam"),
    ("mn", "Монгол", "Mongolian"),
    ("mr", "मराठी", "Marathi"),
    ("ms", "Bahasa Melayu", "Malay"),
    ("mt", "Malti", "Maltese"),
    ("my", "မြန်မာ", "Burmese"),
    ("nb", "Norsk bokmål", "Norwegian Bokmål"),
    ("ne", "नेपाली", "Nepali"),
    ("nl", "Nederlands", "Dutch"),
    ("nn", "Norsk nynorsk", "Norwegian Nynorsk"),
    ("no", "Norsk", "Norwegian"),
    ("om", "Afaan Oromoo", "Oromo"),
    ("pa", "ਪੰਜਾਬੀ", "Punjabi"),
    ("pl", "Polski", "Polish"),
    ("ps", "پښتو", "Pashto"),
    ("pt-BR", "Português do Brasil", "Brazilian Portuguese"),
    ("pt-PT", "Português europeu", "European Portuguese"),
    ("pt", "Português", "Portuguese"),
    ("ro", "Română", "Romanian"),
    ("ru", "Русский", "Russian"),
    ("rw", "Kinyarwanda", "Kinyarwanda"),
    ("sd", "سنڌي", "Sindhi"),
    ("si", "සිංහල", "Sinhala"),
    ("sk", "Slovenčina", "Slovak"),
    ("sl", "Slovenščina", "Slovenian"),
    ("so", "Soomaali", "Somali"),
    ("sq", "Shqip", "Albanian"),
    ("sr-Latn", "Srpski", "Serbian (Latin)"),
    ("sr", "Српски", "Serbian"),
    ("sv", "Svenska", "Swedish"),
    ("sw", "Kiswahili", "Swahili"),
    ("ta", "தமிழ்", "Tamil"),
    ("te", "తెలుగు", "Telugu"),
    ("tg", "Тоҷикӣ", "Tajik"),
    ("th", "ไทย", "Thai"),
    ("ti", "ትግርኛ", "Tigrinya"),
    ("tl", "Tagalog", "Tagalog"),
    ("tr", "Türkçe", "Turkish"),
    ("ug", "ئۇيغۇرچە", "Uyghur"),
    ("uk", "Українська", "Ukrainian"),
    ("ur", "اردو", "Urdu"),
    ("uz", "Oʻzbekcha", "Uzbek"),
    ("vi", "Tiếng Việt", "Vietnamese"),
    ("wo", "Wolof", "Wolof"),
    ("xh", "isiXhosa", "Xhosa"),
    ("yi", "ייִדיש", "Yiddish"),
    ("yo", "Yorùbá", "Yoruba"),
    ("zh-Hans", "简体中文", "Chinese (Simplified)"),
    ("zh-CN", "简体中文", "Chinese (Simplified)"),
    ("zh-Hant", "繁體中文", "Chinese (Traditional)"),
    ("zh-TW", "繁體中文", "Chinese (Traditional)"),
    ("zh", "中文", "Chinese"),
    ("zu", "isiZulu", "Zulu"),
];

/// The table entry for a tag: the exact tag (ignoring case) if listed, else its
/// primary language subtag, with whether the match was exact.
pub(crate) fn language_entry(tag: &str) -> Option<(&'static Language, bool)> {
    if let Some(entry) = LANGUAGES.iter().find(|(t, _, _)| t.eq_ignore_ascii_case(tag)) {
        return Some((entry, true));
    }
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    LANGUAGES.iter().find(|(t, _, _)| t.eq_ignore_ascii_case(primary)).map(|entry| (entry, false))
}

/// A language's name in that language and its own script (`fr` → `Français`,
/// `ar` → `العربية`). A tag with a region or script that is not listed gets its
/// language's name (`en-GB` → `English`); `None` when the language is not known, and
/// the page then shows the tag itself.
pub(crate) fn language_autonym(tag: &str) -> Option<&'static str> {
    language_entry(tag).map(|((_, autonym, _), _)| *autonym)
}

/// A language's name in English, for alt text and the hint beside the autonym.
pub(crate) fn language_english(tag: &str) -> Option<&'static str> {
    language_entry(tag).map(|((_, _, english), _)| *english)
}

/// A CJK writing system: a locale script (ISO 15924) whose text is written in several
/// Unicode scripts at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CjkWriting {
    /// The locale's script code: `Hans`, `Hant`, `Jpan`, `Kore`.
    pub(crate) code: &'static str,
    /// The Unicode scripts its text is written in.
    pub(crate) scripts: &'static [Script],
    /// Whether it puts spaces between words (Korean): its text then breaks and is
    /// justified at the spaces, not between any two characters.
    pub(crate) spaces_words: bool,
}

/// The CJK writing systems: the one list of which scripts count as CJK. Line breaking
/// (between characters of the systems that write no spaces), the `/Lang` of a run in
/// the PDF (kana make a run Japanese, hangul Korean) and the font a missing
/// character's error suggests all read it.
pub(crate) const CJK: [CjkWriting; 4] = [
    CjkWriting { code: "Hans", scripts: &[Script::Han, Script::Bopomofo], spaces_words: false },
    CjkWriting { code: "Hant", scripts: &[Script::Han, Script::Bopomofo], spaces_words: false },
    CjkWriting {
        code: "Jpan",
        scripts: &[Script::Han, Script::Hiragana, Script::Katakana],
        spaces_words: false,
    },
    CjkWriting { code: "Kore", scripts: &[Script::Hangul, Script::Han], spaces_words: true },
];

/// The CJK writing system of a locale script code, if it is one.
pub(crate) fn cjk_writing(code: &str) -> Option<&'static CjkWriting> {
    CJK.iter().find(|w| w.code == code)
}

/// Whether a Unicode script is one the CJK writing systems write in: Han, Bopomofo,
/// Hiragana, Katakana, Hangul.
pub(crate) fn is_cjk_script(script: Script) -> bool {
    CJK.iter().any(|w| w.scripts.contains(&script))
}

/// Whether a Unicode script is written without spaces between words in a CJK writing
/// system (Han, Bopomofo, kana; not Hangul): text in it may break between any two
/// characters.
pub(crate) fn is_unspaced_cjk_script(script: Script) -> bool {
    CJK.iter().any(|w| !w.spaces_words && w.scripts.contains(&script))
}

/// A regional variant of the CJK ideographs: the same code points drawn the way one
/// region writes them. Fonts say theirs in their family name (`Noto Sans CJK JP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// Simplified Chinese (SC).
    Hans,
    /// Traditional Chinese, Taiwan (TC).
    Hant,
    /// Traditional Chinese, Hong Kong (HK).
    Hk,
    /// Japanese (JP).
    Ja,
    /// Korean (KR).
    Ko,
}

/// The variants a language wants, best first; empty for a language with no preference.
pub fn variants_for(lang: &Locale) -> &'static [Variant] {
    // By script first: `zh-Hans-HK` is simplified Chinese, whatever the region.
    match (lang.script(), lang.region()) {
        ("Hant", Some("HK" | "MO")) => &[Variant::Hk, Variant::Hant],
        ("Hant", _) => &[Variant::Hant, Variant::Hk],
        ("Hans", _) => &[Variant::Hans],
        ("Jpan", _) => &[Variant::Ja],
        ("Kore", _) => &[Variant::Ko],
        _ => &[],
    }
}

/// A locale for a tag known to be valid, in tests.
#[cfg(test)]
pub(crate) fn locale(tag: &str) -> Locale {
    Locale::parse(tag).unwrap_or_else(|e| panic!("{tag}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(tag: &str) -> Locale {
        Locale::parse(tag).unwrap_or_else(|e| panic!("{tag}: {e}"))
    }

    #[test]
    fn tags_are_canonical_whatever_their_case() {
        assert_eq!(parse("FR").tag(), "fr");
        assert_eq!(parse("pt-br").tag(), "pt-BR");
        assert_eq!(parse("zh-hans-hk").tag(), "zh-Hans-HK");
        assert_eq!(parse("sr-latn").tag(), "sr-Latn");
    }

    #[test]
    fn scripts_and_regions_come_from_likely_subtags() {
        let cases = [
            ("zh-Hans-HK", "zh", "Hans", Some("HK")),
            ("zh-HK", "zh", "Hant", Some("HK")),
            ("zh-TW", "zh", "Hant", Some("TW")),
            ("zh", "zh", "Hans", Some("CN")),
            ("pt-BR", "pt", "Latn", Some("BR")),
            ("sr", "sr", "Cyrl", Some("RS")),
            ("sr-Latn", "sr", "Latn", Some("RS")),
            ("fa", "fa", "Arab", Some("IR")),
            ("ur", "ur", "Arab", Some("PK")),
            ("he", "he", "Hebr", Some("IL")),
            ("yi", "yi", "Hebr", None),
            ("ja", "ja", "Jpan", Some("JP")),
            ("ha", "ha", "Latn", Some("NG")),
        ];
        for (tag, language, script, region) in cases {
            let locale = parse(tag);
            assert_eq!(
                (locale.language(), locale.script()),
                (language, script),
                "{tag}: language and script"
            );
            if region.is_some() {
                assert_eq!(locale.region(), region, "{tag}: region");
            }
        }
    }

    #[test]
    fn direction_comes_from_the_script() {
        for tag in ["ar", "fa", "ur", "he", "yi", "dv", "ps", "ckb", "az-Arab"] {
            assert!(parse(tag).is_rtl(), "{tag} is right to left");
        }
        for tag in ["en", "az", "zh-Hans-HK", "sr-Latn", "am", "hi", "ku"] {
            assert!(!parse(tag).is_rtl(), "{tag} is left to right");
        }
    }

    #[test]
    fn lookup_never_crosses_scripts() {
        assert_eq!(parse("zh-Hans-HK").lookup_tags(), ["zh-Hans-HK", "zh-Hans", "zh-HK", "zh"]);
        assert_eq!(parse("zh-HK").lookup_tags(), ["zh-Hant-HK", "zh-Hant"]);
        assert_eq!(parse("sr-Latn").lookup_tags(), ["sr-Latn"]);
        assert_eq!(parse("sr").lookup_tags(), ["sr-Cyrl", "sr"]);
        assert_eq!(parse("pt-BR").lookup_tags(), ["pt-Latn-BR", "pt-Latn", "pt-BR", "pt"]);
        assert_eq!(parse("fr").lookup_tags(), ["fr-Latn", "fr"]);
    }

    #[test]
    fn names_that_are_not_tags_get_a_suggestion() {
        let err = Locale::parse("fr_FR").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("fr-FR"));
        let err = Locale::parse("french").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("fr"));
        assert!(Locale::parse("README").is_err());
        assert!(Locale::parse("notes").is_err());
        assert!(Locale::parse("und").is_err());
        assert!(Locale::parse("en-US-posix").is_err());
    }

    #[test]
    fn autonyms_in_their_own_script() {
        assert_eq!(language_autonym("en"), Some("English"));
        assert_eq!(language_autonym("fr"), Some("Français"));
        assert_eq!(language_autonym("ar"), Some("العربية"));
        assert_eq!(language_autonym("zh-Hant"), Some("繁體中文"));
        assert_eq!(language_autonym("PT-br"), Some("Português do Brasil"));
        assert_eq!(language_autonym("en-GB"), Some("English"));
        assert_eq!(language_autonym("xx"), None);
        for (tag, autonym, english) in LANGUAGES {
            assert!(!autonym.is_empty() && !english.is_empty(), "{tag}");
            assert_eq!(LANGUAGES.iter().filter(|(t, _, _)| t == tag).count(), 1, "{tag} listed twice");
        }
    }

    #[test]
    fn language_names_suggest_their_tag_from_the_one_table() {
        // The names the old hand list held, and a few more the table now gives.
        let names = "english en french fr francais fr français fr dutch nl nederlands nl spanish es \
             espanol es español es arabic ar german de deutsch de italian it italiano it \
             portuguese pt portugues pt português pt russian ru chinese zh japanese ja \
             korean ko hindi hi persian fa farsi fa hebrew he turkish tr polish pl \
             ukrainian uk greek el thai th urdu ur bengali bn swahili sw amharic am \
             vietnamese vi indonesian id Русский ru 日本語 ja Suomi fi";
        let words: Vec<&str> = names.split_whitespace().collect();
        for pair in words.chunks(2) {
            assert_eq!(suggest(pair[0]).as_deref(), Some(pair[1]), "{}", pair[0]);
        }
        assert_eq!(suggest("Klingon"), None);
    }

    #[test]
    fn languages_choose_regional_variants() {
        assert_eq!(variants_for(&parse("zh")), &[Variant::Hans]);
        assert_eq!(variants_for(&parse("zh-Hans")), &[Variant::Hans]);
        assert_eq!(variants_for(&parse("zh-Hant")), &[Variant::Hant, Variant::Hk]);
        assert_eq!(variants_for(&parse("zh-TW")), &[Variant::Hant, Variant::Hk]);
        assert_eq!(variants_for(&parse("zh-HK")), &[Variant::Hk, Variant::Hant]);
        assert_eq!(variants_for(&parse("zh-Hant-HK")), &[Variant::Hk, Variant::Hant]);
        assert_eq!(variants_for(&parse("ja")), &[Variant::Ja]);
        assert_eq!(variants_for(&parse("ko-KR")), &[Variant::Ko]);
        assert!(variants_for(&parse("en")).is_empty());
    }

    #[test]
    fn cjk_is_han_bopomofo_kana_and_hangul_and_only_hangul_is_spaced() {
        let all: Vec<Script> = CJK.iter().flat_map(|w| w.scripts.iter().copied()).collect();
        for script in [Script::Han, Script::Bopomofo, Script::Hiragana, Script::Katakana, Script::Hangul] {
            assert!(is_cjk_script(script) && all.contains(&script), "{script:?}");
            assert_eq!(is_unspaced_cjk_script(script), script != Script::Hangul, "{script:?}");
        }
        assert!(
            !is_cjk_script(Script::Latin) && !is_cjk_script(Script::Thai) && !is_cjk_script(Script::Common)
        );
        // Every CJK locale script CLDR gives names a writing system here.
        for tag in ["zh", "zh-HK", "ja", "ko"] {
            assert!(cjk_writing(parse(tag).script()).is_some(), "{tag}");
        }
        assert!(cjk_writing("Latn").is_none());
    }
}
