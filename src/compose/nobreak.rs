//! Where a language forbids a line break at a space: after a one-letter preposition or
//! conjunction (Polish "w domu", Czech "a proto", Russian "в тюрьме"), between the parts
//! of a date ("2 April 2020", "2 أبريل 2020") and between a number and the word or unit
//! after it ("15 years", "20 %"). Such spaces become no-break spaces (U+00A0), which
//! UAX #14 never breaks at, so the text stage needs no rule of its own.
//!
//! The rules are data: [`ONE_LETTER_WORDS`] says which languages bind which words; the
//! number rules hold in every language that separates words with spaces.

/// A no-break space: the line never breaks at it.
pub(crate) const NO_BREAK_SPACE: char = '\u{00A0}';

/// Per language (ISO 639 code), the one-letter words that may not end a line, as the
/// language's typographic rules (Polish PN-83/P-55366, Czech ČSN 01 6910, Slovak,
/// Slovenian, Russian, Ukrainian, Belarusian and Bulgarian house rules) require: the
/// prepositions and conjunctions, in both cases.
pub(crate) const ONE_LETTER_WORDS: &[(&str, &str)] = &[
    ("pl", "aiouwzAIOUWZ"),
    ("cs", "aiouvkszAIOUVKSZ"),
    ("sk", "aiouvkszAIOUVKSZ"),
    ("sl", "aiouvkszAIOUVKSZ"),
    ("hr", "aiouvkszAIOUVKSZ"),
    ("sr", "aiouvkszAIOUVKSZавиокусАВИОКУС"),
    ("ru", "авиокусяАВИОКУСЯ"),
    ("uk", "авиіїйокусАВИІЇЙОКУС"),
    ("be", "авіўйокусАВІЎЙОКУС"),
    ("bg", "авиокусАВИОКУС"),
];

/// `text` with the spaces `language` forbids a break at made no-break.
pub(crate) fn bind(language: &str, text: &str) -> String {
    let one_letter = ONE_LETTER_WORDS.iter().find(|(l, _)| *l == language).map_or("", |(_, w)| *w);
    let tokens: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    for (i, token) in tokens.iter().enumerate() {
        out.push_str(token);
        let Some(next) = tokens.get(i + 1) else { break };
        let previous = i.checked_sub(1).map(|p| tokens[p]);
        let after_next = tokens.get(i + 2).copied().unwrap_or("");
        // A year is not a quantity: "in 2020 the court" may break after it.
        let binds = is_one_letter_word(token, one_letter)
            || (is_number(token) && !is_year(token) && starts_with_word_or_unit(next))
            // "2 April 2020": the month binds to the year after it, as it binds to its day.
            || (previous.is_some_and(is_day) && is_word(token) && is_year(next))
            // "April 2, 2020".
            || (is_word(token) && next.ends_with(',') && is_day(next.trim_end_matches(',')) && is_year(after_next))
            || (is_day(token.trim_end_matches(',')) && token.ends_with(',') && is_year(next));
        out.push(if binds { NO_BREAK_SPACE } else { ' ' });
    }
    out
}

/// A word of one letter that binds to the next, possibly after an opening bracket or quote.
fn is_one_letter_word(token: &str, words: &str) -> bool {
    let token = token.trim_start_matches(|c: char| "([„«\"“".contains(c));
    let mut chars = token.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if words.contains(c))
}

fn is_digits(token: &str) -> bool {
    !token.is_empty() && token.chars().all(|c| c.is_numeric())
}

/// A number as written in text: digits with separators ("1,000", "2.5"), in any script.
fn is_number(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_numeric)
        && token.chars().all(|c| c.is_numeric() || ".,\u{066B}\u{066C}".contains(c))
        && token.chars().last().is_some_and(char::is_numeric)
}

fn is_day(token: &str) -> bool {
    is_digits(token) && token.chars().count() <= 2
}

fn is_year(token: &str) -> bool {
    let token = token.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '،');
    is_digits(token) && token.chars().count() == 4
}

fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_alphabetic)
}

/// A word, or a unit or sign that follows a number ("%", "°C", "€").
fn starts_with_word_or_unit(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_alphabetic() || "%‰°€$£¥₽₴".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        text.replace(NO_BREAK_SPACE, "~")
    }

    #[test]
    fn one_letter_words_bind_where_the_language_says() {
        assert_eq!(shown(&bind("pl", "jak i w domu, a potem z nami")), "jak i~w~domu, a~potem z~nami");
        assert_eq!(shown(&bind("ru", "мира, в тюрьме и с ней")), "мира, в~тюрьме и~с~ней");
        assert_eq!(shown(&bind("cs", "procesu, v (kterém")), "procesu, v~(kterém");
        // English has no such rule: "a" and "I" may end a line.
        assert_eq!(shown(&bind("en", "I wrote a letter")), "I wrote a letter");
    }

    #[test]
    fn dates_and_numbers_stay_whole() {
        assert_eq!(shown(&bind("en", "on 2 April 2020 for 15 years")), "on 2~April~2020 for 15~years");
        assert_eq!(shown(&bind("en", "on April 2, 2020 she")), "on April~2,~2020 she");
        assert_eq!(shown(&bind("ar", "في 2 أبريل 2020 في")), "في 2~أبريل~2020 في");
        assert_eq!(shown(&bind("de", "um 20 % und 3,5 km")), "um 20~% und 3,5~km");
        // A year ending a clause does not bind what follows.
        assert_eq!(shown(&bind("en", "in 2020. Then")), "in 2020. Then");
    }
}
