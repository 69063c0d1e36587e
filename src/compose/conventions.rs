//! Per-language conventions where they show in a pack: the digits of page and list
//! numbers and dates, quotation marks, the spacing French puts around its
//! punctuation, and the list bullet.
//!
//! Writers type what their keyboard gives them ("straight quotes", plain spaces);
//! this module turns that into what a typesetter of the language would print.

use crate::locale::Locale;

/// Which digits numbers the pack prints itself (page and list numbers, dates) use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Digits {
    /// 0123456789, the default everywhere (and usual in Morocco and the Maghreb).
    Latin,
    /// ٠١٢٣٤٥٦٧٨٩, Arabic in the Mashriq.
    ArabicIndic,
    /// ۰۱۲۳۴۵۶۷۸۹, Persian and Urdu.
    ExtendedArabicIndic,
    /// ०१२३४५६७८९, Hindi, Marathi, Nepali.
    Devanagari,
    /// ๐๑๒๓๔๕๖๗๘๙.
    Thai,
}

impl Digits {
    /// The language's own digits, for a language file that asks for `digits: native`.
    pub fn native(lang: &Locale) -> Option<Digits> {
        match lang.language() {
            "ar" => Some(Digits::ArabicIndic),
            "fa" | "ur" | "ps" => Some(Digits::ExtendedArabicIndic),
            "hi" | "mr" | "ne" => Some(Digits::Devanagari),
            "th" => Some(Digits::Thai),
            _ => None,
        }
    }

    /// The character for zero; the others follow it in Unicode.
    fn zero(self) -> char {
        match self {
            Digits::Latin => '0',
            Digits::ArabicIndic => '\u{0660}',
            Digits::ExtendedArabicIndic => '\u{06F0}',
            Digits::Devanagari => '\u{0966}',
            Digits::Thai => '\u{0E50}',
        }
    }

    /// `text` with its ASCII digits written in these digits.
    pub fn apply(self, text: &str) -> String {
        let zero = self.zero() as u32;
        text.chars()
            .map(|c| match c.to_digit(10).filter(|_| c.is_ascii_digit()) {
                Some(d) => char::from_u32(zero + d).unwrap_or(c),
                None => c,
            })
            .collect()
    }
}

/// What a language does with the marks a writer types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conventions {
    /// Digits of the numbers the pack prints itself.
    pub digits: Digits,
    /// Opening and closing quotation marks for a quotation.
    pub quotes: (&'static str, &'static str),
    /// The mark before each item of an unnumbered list.
    pub bullet: &'static str,
    /// French spacing: a thin no-break space inside « » and before ; : ! ?.
    pub french_spacing: bool,
    /// What follows a label before its value ("Photo: ", "Photo : ", "写真："): French
    /// puts a no-break space before the colon, Chinese and Japanese use the full-width
    /// colon, which carries its own space.
    pub label_colon: &'static str,
    /// The language (ISO 639), whose no-break rules ([`super::nobreak`]) running text follows.
    pub language: &'static str,
}

/// A no-break space as French typesetters put before high punctuation and inside
/// guillemets: narrow, and never a place to break the line.
pub const NARROW_NO_BREAK_SPACE: char = '\u{202F}';

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
    pub fn labelled(&self, label: &str, value: &str) -> String {
        format!("{label}{}{value}", self.label_colon)
    }

    /// A number as the pack prints it (page numbers, list numbers).
    pub fn number(&self, n: u64) -> String {
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
        assert_eq!(Digits::ArabicIndic.apply("3 / 12"), "٣ / ١٢");
        assert_eq!(Digits::ExtendedArabicIndic.apply("2027"), "۲۰۲۷");
        assert_eq!(Digits::Devanagari.apply("31 मार्च 2027"), "३१ मार्च २०२७");
        assert_eq!(Digits::Thai.apply("5"), "๕");
        assert_eq!(Digits::Latin.apply("42"), "42");
        assert_eq!(Digits::native(&locale("ar-MA")), Some(Digits::ArabicIndic));
        assert_eq!(Digits::native(&locale("en")), None);
    }

    #[test]
    fn straight_and_english_quotes_become_the_languages_own() {
        let de = Conventions::for_language(&locale("de"), Digits::Latin);
        assert_eq!(de.text("er sagte \"nein\" und ging"), "er sagte „nein“ und ging");
        // Typed the German way, it stays so: the closing “ is not taken for an opening one.
        assert_eq!(de.text("er sagte „nein“ und ging"), "er sagte „nein“ und ging");
        let tw = Conventions::for_language(&locale("zh-Hant-TW"), Digits::Latin);
        assert_eq!(tw.text("“自由”"), "「自由」");
        let ja = Conventions::for_language(&locale("ja"), Digits::Latin);
        assert_eq!(ja.text("彼は“いいえ”と言った"), "彼は「いいえ」と言った");
        let en = Conventions::for_language(&locale("en"), Digits::Latin);
        assert_eq!(en.text("a \"confession\" (\"forced\")"), "a “confession” (“forced”)");
        assert_eq!(en.text("Ali's letter"), "Ali's letter");
    }

    #[test]
    fn labels_take_the_languages_colon() {
        let labelled = |tag: &str| Conventions::for_language(&locale(tag), Digits::Latin).labelled("L", "v");
        assert_eq!(labelled("fr-CA"), "L\u{202F}: v");
        assert_eq!(labelled("ja"), "L：v");
        assert_eq!(labelled("zh-Hant"), "L：v");
        assert_eq!(labelled("ko"), "L: v");
        assert_eq!(labelled("en"), "L: v");
    }

    #[test]
    fn french_gets_thin_no_break_spaces_around_its_punctuation() {
        let fr = Conventions::for_language(&locale("fr"), Digits::Latin);
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
        assert_eq!(Conventions::for_language(&locale("fr"), Digits::Latin).bullet, "–");
        assert_eq!(Conventions::for_language(&locale("ja"), Digits::Latin).bullet, "・");
        assert_eq!(Conventions::for_language(&locale("en-GB"), Digits::Latin).bullet, "•");
        assert_eq!(Conventions::for_language(&locale("ar"), Digits::ArabicIndic).number(12), "١٢");
    }
}
