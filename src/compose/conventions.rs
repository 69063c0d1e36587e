//! Per-language conventions where they show in a pack: the digits of page and list
//! numbers and dates, quotation marks, the spacing French puts around its
//! punctuation, and the list bullet.
//!
//! Writers type what their keyboard gives them ("straight quotes", plain spaces);
//! this module turns that into what a typesetter of the language would print.

use std::sync::LazyLock;

use crate::locale::Locale;
use crate::once_map::OnceMap;

/// Which digits the numbers the pack prints itself use (page and list numbers, dates):
/// a decimal digit set, named by its zero, the other nine following it in Unicode (as
/// every decimal digit set does).
///
/// A language file without `digits:` gets the digits its own text writes its numbers
/// in, when it writes them in one set; else its locale's default numbering system
/// from CLDR ([`Digits::default_for`]): Persian prints ۱۲۳, Bengali ১২৩, Burmese ၁၂၃,
/// Egyptian Arabic (`ar-EG`) ١٢٣, Moroccan Arabic (`ar-MA`) and Arabic with no region
/// 123. The text comes first because a page
/// whose numbers are in two scripts looks wrong to every reader: an Arabic writer who
/// types 2010, as the Maghreb and much of the Arabic press print it, gets page
/// numbers and dates in the same digits, and an Urdu writer who types ۲۰۲۴ (CLDR's
/// Urdu default is 0-9) gets ۲۰۲۴'s digits too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digits {
    /// The digit zero; one to nine follow it.
    zero: char,
}

/// The zeros of the decimal digit sets a language file's text is read for
/// ([`Digits::of`]): those of CLDR's default numbering systems, and the ones in
/// common use beside them.
const ZEROS: [char; 28] = [
    '0',
    '\u{0660}',
    '\u{06F0}',
    '\u{07C0}',
    '\u{0966}',
    '\u{09E6}',
    '\u{0A66}',
    '\u{0AE6}',
    '\u{0B66}',
    '\u{0BE6}',
    '\u{0C66}',
    '\u{0CE6}',
    '\u{0D66}',
    '\u{0DE6}',
    '\u{0E50}',
    '\u{0ED0}',
    '\u{0F20}',
    '\u{1040}',
    '\u{17E0}',
    '\u{1810}',
    '\u{1946}',
    '\u{19D0}',
    '\u{1C50}',
    '\u{A8D0}',
    '\u{A9D0}',
    '\u{ABF0}',
    '\u{FF10}',
    '\u{11066}',
];

impl Digits {
    /// 0123456789.
    pub const LATIN: Digits = Digits { zero: '0' };
    /// ٠١٢٣٤٥٦٧٨٩, Arabic in the Mashriq.
    pub(crate) const ARABIC_INDIC: Digits = Digits { zero: '\u{0660}' };
    /// ۰۱۲۳۴۵۶۷۸۹, Persian and Urdu.
    pub(crate) const EXTENDED_ARABIC_INDIC: Digits = Digits { zero: '\u{06F0}' };
    /// ०१२३४५६७८९, Hindi, Marathi, Nepali.
    pub(crate) const DEVANAGARI: Digits = Digits { zero: '\u{0966}' };
    /// ๐๑๒๓๔๕๖๗๘๙.
    pub(crate) const THAI: Digits = Digits { zero: '\u{0E50}' };

    /// The language's own digits, for a language file that asks for `digits: native`:
    /// its CLDR default when that is not 0-9 (Bengali, Burmese), else the digits the
    /// language has beside 0-9 (Arabic in the Maghreb, Urdu, Hindi, Thai).
    pub(crate) fn native(lang: &Locale) -> Option<Digits> {
        let default = Digits::default_for(lang);
        if default != Digits::LATIN {
            return Some(default);
        }
        match lang.language() {
            "ar" => Some(Digits::ARABIC_INDIC),
            "fa" | "ur" | "ps" => Some(Digits::EXTENDED_ARABIC_INDIC),
            "hi" | "mr" | "ne" => Some(Digits::DEVANAGARI),
            "th" => Some(Digits::THAI),
            _ => None,
        }
    }

    /// The digits of the locale's default numbering system in CLDR, through ICU4X's
    /// decimal formatter: `arabext` for Persian and Pashto; `latn` for Urdu but
    /// `arabext` for `ur-IN`; `arab` for Egyptian, Levantine, Iraqi and Saudi Arabic
    /// but `latn` for the Maghreb's, the Emirates' and Arabic with no region; `beng`,
    /// `mymr` and `deva` for Bengali, Burmese, Marathi and Nepali. Made once per tag.
    pub(crate) fn default_for(lang: &Locale) -> Digits {
        static DEFAULTS: LazyLock<OnceMap<String, Digits>> = LazyLock::new(OnceMap::default);
        DEFAULTS.get_or_init(lang.tag().to_string(), || cldr_default(lang).unwrap_or(Digits::LATIN))
    }

    /// The digit set `c` belongs to, when it is a digit of one of the sets a text is
    /// read for.
    pub(crate) fn of(c: char) -> Option<Digits> {
        let at = ZEROS.partition_point(|&zero| zero <= c).checked_sub(1)?;
        let zero = ZEROS[at];
        (c as u32 - zero as u32 <= 9).then_some(Digits { zero })
    }

    /// The one digit set `text` writes its numbers in; `None` when it writes none, or
    /// numbers in two sets.
    pub(crate) fn written_in<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Digits> {
        let mut found = None;
        for c in texts.into_iter().flat_map(str::chars) {
            match (Digits::of(c), found) {
                (None, _) => {}
                (Some(d), None) => found = Some(d),
                (Some(d), Some(f)) if d == f => {}
                (Some(_), Some(_)) => return None,
            }
        }
        found
    }

    /// `text` with its ASCII digits written in these digits.
    pub(crate) fn apply(self, text: &str) -> String {
        let zero = self.zero as u32;
        text.chars()
            .map(|c| match c.to_digit(10).filter(|_| c.is_ascii_digit()) {
                Some(d) => char::from_u32(zero + d).unwrap_or(c),
                None => c,
            })
            .collect()
    }
}

/// The digits ICU4X formats numbers in for `lang`: zero, checked to be followed by
/// one to nine as `Digits` assumes.
fn cldr_default(lang: &Locale) -> Option<Digits> {
    use icu_decimal::input::Decimal;
    use icu_decimal::DecimalFormatter;
    use icu_locale::{Locale as IcuLocale, LocaleCanonicalizer};
    use writeable::Writeable;
    let mut locale = IcuLocale::try_from_str(lang.tag()).ok()?;
    // CLDR keeps its data under the preferred codes (`iw` is `he`), as for dates.
    LocaleCanonicalizer::new_common().canonicalize(&mut locale);
    let formatter = DecimalFormatter::try_new((&locale).into(), Default::default()).ok()?;
    let digit = |n: u8| formatter.format(&Decimal::from(n)).write_to_string().chars().next();
    let zero = digit(0)?;
    let digits = Digits { zero };
    (1..=9).all(|n| digit(n) == char::from_u32(zero as u32 + n as u32)).then_some(digits)
}

/// What a language does with the marks a writer types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conventions {
    /// Digits of the numbers the pack prints itself.
    pub(crate) digits: Digits,
    /// Opening and closing quotation marks for a quotation.
    pub(crate) quotes: (&'static str, &'static str),
    /// The mark before each item of an unnumbered list.
    pub(crate) bullet: &'static str,
    /// French spacing: a thin no-break space inside « » and before ; : ! ?.
    pub(crate) french_spacing: bool,
    /// What follows a label before its value ("Photo: ", "Photo : ", "写真："): French
    /// puts a no-break space before the colon, Chinese and Japanese use the full-width
    /// colon, which carries its own space.
    pub(crate) label_colon: &'static str,
    /// The language (ISO 639), whose no-break rules ([`super::nobreak`]) running text follows.
    pub(crate) language: &'static str,
}

/// A no-break space as French typesetters put before high punctuation and inside
/// guillemets: narrow, and never a place to break the line.
pub(crate) const NARROW_NO_BREAK_SPACE: char = '\u{202F}';

impl Conventions {
    /// The conventions of `lang`, with `digits` as the language file asked.
    pub fn for_language(lang: &Locale, digits: Digits) -> Conventions {
        let (quotes, bullet) = match lang.language() {
            "fr" => (("«\u{202F}", "\u{202F}»"), "–"),
            "es" | "ca" | "ar" | "fa" | "am" | "ru" | "uk" | "el" => (("«", "»"), "•"),
            "de" | "cs" | "sk" | "bg" | "et" | "lt" | "is" => (("„", "“"), "•"),
            "pl" | "ro" | "hu" | "hr" => (("„", "”"), "•"),
            "ja" => (("「", "」"), "・"),
            "zh" if lang.script() == "Hant" => (("「", "」"), "•"),
            // English, Dutch, Simplified Chinese, Korean, Hindi, Thai and most others.
            _ => (("“", "”"), "•"),
        };
        let label_colon = match lang.language() {
            "fr" => "\u{202F}: ",
            "zh" | "ja" => "\u{FF1A}",
            _ => ": ",
        };
        let language = super::nobreak::ONE_LETTER_WORDS
            .iter()
            .map(|(l, _)| *l)
            .find(|l| *l == lang.language())
            .unwrap_or("");
        Conventions { digits, quotes, bullet, french_spacing: lang.language() == "fr", label_colon, language }
    }

    /// A labelled value as the language writes it: `Courriel : x`, `写真：x`, `Email: x`.
    pub(crate) fn labelled(&self, label: &str, value: &str) -> String {
        format!("{label}{}{value}", self.label_colon)
    }

    /// A number as the pack prints it (page numbers, list numbers).
    pub(crate) fn number(&self, n: u64) -> String {
        self.digits.apply(&n.to_string())
    }

    /// Running text with the language's quotation marks and spacing, and no-break
    /// spaces where the language forbids a break ([`super::nobreak`]). Straight double
    /// quotes pair up, opening after a space, a line start or an opening bracket;
    /// curly English quotes are replaced too, so either typing gives the same page.
    /// Apostrophes and single quotes are left alone: an apostrophe and a closing single
    /// quote are the same character, and guessing between them would break words.
    pub fn text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let mut previous: Option<char> = None;
        for c in text.chars() {
            let opens = previous.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}/".contains(p));
            match c {
                '"' if opens => out.push_str(self.quotes.0),
                '"' => out.push_str(self.quotes.1),
                // “ closes German, Czech and Bulgarian quotations („nein“): in those
                // languages it opens only where a quotation may open.
                '\u{201C}' if self.quotes.1 == "\u{201C}" && !opens => out.push_str(self.quotes.1),
                '\u{201C}' => out.push_str(self.quotes.0),
                '\u{201D}' => out.push_str(self.quotes.1),
                _ => out.push(c),
            }
            previous = Some(c);
        }
        let out = super::nobreak::bind(self.language, &out);
        if self.french_spacing {
            french_spacing(&out)
        } else {
            out
        }
    }
}

/// Replaces the plain space a writer puts before ; : ! ? » and after « with a narrow
/// no-break space, and adds one where there was none inside guillemets.
fn french_spacing(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let is_space = |c: Option<char>| matches!(c, Some(' ' | '\u{00A0}' | NARROW_NO_BREAK_SPACE));
        match c {
            ' ' | '\u{00A0}' if matches!(next, Some(';' | ':' | '!' | '?' | '»')) => {
                out.push(NARROW_NO_BREAK_SPACE)
            }
            ' ' | '\u{00A0}' if previous == Some('«') => out.push(NARROW_NO_BREAK_SPACE),
            // Only after a letter: a colon in "10:30" or a URL takes no space.
            '!' | '?' | ';' if previous.is_some_and(char::is_alphabetic) => {
                out.push(NARROW_NO_BREAK_SPACE);
                out.push(c);
            }
            '»' if !is_space(previous) && previous.is_some() => {
                out.push(NARROW_NO_BREAK_SPACE);
                out.push(c);
            }
            '«' => {
                out.push(c);
                if !is_space(next) && next.is_some() {
                    out.push(NARROW_NO_BREAK_SPACE);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::locale;

    #[test]
    fn digits_are_written_in_the_chosen_script() {
        assert_eq!(Digits::ARABIC_INDIC.apply("3 / 12"), "٣ / ١٢");
        assert_eq!(Digits::EXTENDED_ARABIC_INDIC.apply("2027"), "۲۰۲۷");
        assert_eq!(Digits::DEVANAGARI.apply("31 मार्च 2027"), "३१ मार्च २०२७");
        assert_eq!(Digits::THAI.apply("5"), "๕");
        assert_eq!(Digits::LATIN.apply("42"), "42");
        assert_eq!(Digits::native(&locale("ar-MA")), Some(Digits::ARABIC_INDIC));
        assert_eq!(Digits::native(&locale("en")), None);
    }

    #[test]
    fn default_digits_are_the_locales_numbering_system_in_cldr() {
        let default = |tag: &str| Digits::default_for(&locale(tag)).apply("0123456789");
        assert_eq!(default("fa"), "۰۱۲۳۴۵۶۷۸۹");
        // Arabic by region: Egypt, the Levant, Iraq and most of the Gulf print ٠-٩;
        // the Maghreb and the Emirates print 0-9, and so does Arabic with no region
        // (CLDR 46 on: the language as a whole is written both ways).
        for tag in ["ar-EG", "ar-SA", "ar-IQ", "ar-LB", "ar-SY", "ar-SD"] {
            assert_eq!(default(tag), "٠١٢٣٤٥٦٧٨٩", "{tag}");
        }
        for tag in ["ar", "ar-MA", "ar-DZ", "ar-TN", "ar-LY", "ar-AE"] {
            assert_eq!(default(tag), "0123456789", "{tag}");
        }
        assert_eq!(default("ur"), "0123456789");
        assert_eq!(default("ur-IN"), "۰۱۲۳۴۵۶۷۸۹");
        assert_eq!(default("bn"), "০১২৩৪৫৬৭৮৯");
        assert_eq!(default("my"), "၀၁၂၃၄၅၆၇၈၉");
        assert_eq!(default("ne"), "०१२३४५६७८९");
        for tag in ["en", "he", "yi", "hi", "th", "zh", "ja", "ko", "am", "si"] {
            assert_eq!(default(tag), "0123456789", "{tag}");
        }
    }

    #[test]
    fn the_digits_a_text_writes_in() {
        assert_eq!(Digits::written_in(["مارچ ۲۰۲۴ میں"]), Some(Digits::EXTENDED_ARABIC_INDIC));
        assert_eq!(Digits::written_in(["في عام 2010", "12 يومًا"]), Some(Digits::LATIN));
        assert_eq!(Digits::written_in(["১২ মাস"]).map(|d| d.apply("7")), Some("৭".to_string()));
        // None, or two sets: the text does not say.
        assert_eq!(Digits::written_in(["بدون أرقام"]), None);
        assert_eq!(Digits::written_in(["١٢ شهرًا", "2021"]), None);
        assert_eq!(Digits::of('A'), None);
        assert_eq!(Digits::of('٣'), Some(Digits::ARABIC_INDIC));
    }

    #[test]
    fn straight_and_english_quotes_become_the_languages_own() {
        let de = Conventions::for_language(&locale("de"), Digits::LATIN);
        assert_eq!(de.text("er sagte \"nein\" und ging"), "er sagte „nein“ und ging");
        // Typed the German way, it stays so: the closing “ is not taken for an opening one.
        assert_eq!(de.text("er sagte „nein“ und ging"), "er sagte „nein“ und ging");
        let tw = Conventions::for_language(&locale("zh-Hant-TW"), Digits::LATIN);
        assert_eq!(tw.text("“自由”"), "「自由」");
        let ja = Conventions::for_language(&locale("ja"), Digits::LATIN);
        assert_eq!(ja.text("彼は“いいえ”と言った"), "彼は「いいえ」と言った");
        let en = Conventions::for_language(&locale("en"), Digits::LATIN);
        assert_eq!(en.text("a \"confession\" (\"forced\")"), "a “confession” (“forced”)");
        assert_eq!(en.text("Ali's letter"), "Ali's letter");
    }

    #[test]
    fn labels_take_the_languages_colon() {
        let labelled = |tag: &str| Conventions::for_language(&locale(tag), Digits::LATIN).labelled("L", "v");
        assert_eq!(labelled("fr-CA"), "L\u{202F}: v");
        assert_eq!(labelled("ja"), "L：v");
        assert_eq!(labelled("zh-Hant"), "L：v");
        assert_eq!(labelled("ko"), "L: v");
        assert_eq!(labelled("en"), "L: v");
    }

    #[test]
    fn french_gets_thin_no_break_spaces_around_its_punctuation() {
        let fr = Conventions::for_language(&locale("fr"), Digits::LATIN);
        let n = NARROW_NO_BREAK_SPACE;
        assert_eq!(fr.text("des « aveux » ?"), format!("des «{n}aveux{n}»{n}?"));
        assert_eq!(fr.text("des \"aveux\" : non"), format!("des «{n}aveux{n}»{n}: non"));
        assert_eq!(fr.text("«oui»"), format!("«{n}oui{n}»"));
        assert_eq!(fr.text("Pourquoi? À 10:30 !"), format!("Pourquoi{n}? À 10:30{n}!"));
        // Already right: left as it is.
        let right = format!("«{n}oui{n}»");
        assert_eq!(fr.text(&right), right);
    }

    #[test]
    fn bullets_follow_the_language() {
        assert_eq!(Conventions::for_language(&locale("fr"), Digits::LATIN).bullet, "–");
        assert_eq!(Conventions::for_language(&locale("ja"), Digits::LATIN).bullet, "・");
        assert_eq!(Conventions::for_language(&locale("en-GB"), Digits::LATIN).bullet, "•");
        assert_eq!(Conventions::for_language(&locale("ar"), Digits::ARABIC_INDIC).number(12), "١٢");
    }
}
