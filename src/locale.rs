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
//! The type sits beside `diag` rather than in a stage because every stage reads it;
//! it depends on nothing of ours.

use std::fmt;

use icu_locale::{LanguageIdentifier, LocaleDirectionality, LocaleExpander};

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
    pub message: String,
    /// The tag the user most likely meant (`fr` for `french`, `fr-FR` for `fr_FR`).
    pub suggestion: Option<String>,
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
    pub fn tag(&self) -> &str {
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
    pub fn given_region(&self) -> Option<&str> {
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
    pub fn lookup_tags(&self) -> Vec<String> {
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
pub fn likely_language(script: &str) -> Option<String> {
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
    ENGLISH_NAMES.iter().find(|(english, _)| *english == lower).map(|(_, tag)| tag.to_string())
}

/// Language names people write instead of tags, in English and in the language itself.
const ENGLISH_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("french", "fr"),
    ("francais", "fr"),
    ("français", "fr"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("spanish", "es"),
    ("espanol", "es"),
    ("español", "es"),
    ("arabic", "ar"),
    ("german", "de"),
    ("deutsch", "de"),
    ("italian", "it"),
    ("italiano", "it"),
    ("portuguese", "pt"),
    ("portugues", "pt"),
    ("português", "pt"),
    ("russian", "ru"),
    ("chinese", "zh"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("hindi", "hi"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("hebrew", "he"),
    ("turkish", "tr"),
    ("polish", "pl"),
    ("ukrainian", "uk"),
    ("greek", "el"),
    ("thai", "th"),
    ("urdu", "ur"),
    ("bengali", "bn"),
    ("swahili", "sw"),
    ("amharic", "am"),
    ("vietnamese", "vi"),
    ("indonesian", "id"),
];

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
}
