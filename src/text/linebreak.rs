//! Break opportunities turned into Knuth–Plass items.
//!
//! UAX #14 (unicode-linebreak) finds the opportunities in every script, tailored where
//! a script needs more than the default rules:
//!
//! - **Thai, Lao, Khmer, Burmese** (class SA) are written without spaces between words,
//!   and UAX #14 leaves their runs unbroken. Inside each such run the word breaks come
//!   from ICU4X's dictionary line segmenter; nothing else breaks there.
//! - **Chinese and Japanese** break between ideographs and kana by UAX #14 itself, with
//!   its prohibition rules (kinsoku): no break before closing punctuation (LB13, LB16), none
//!   after opening punctuation (LB14), none before small kana, the prolonged sound mark
//!   or iteration marks (LB21 with CJ resolved to NS, UAX #14's default: strict). Every
//!   boundary next to a CJK character gets zero-width stretchable glue, so justification
//!   spaces the characters instead of stretching absent spaces.
//! - **Korean** is set word by word, as Korean typesetting does (CSS `word-break:
//!   keep-all`): no break between Hangul syllables, so lines break at spaces.
//! - **Hyphenation** only where hypher has patterns for the language in the script it
//!   is written in, only in words wholly in that script, and never leaving fewer
//!   letters on either side than the language allows ([`HYPHENATION`]).
//!
//! The item builder measures through [`Measure`], so the tests can check breaking on
//! synthetic widths for scripts the shipped fonts do not cover.
//!
//! Why ICU4X's dictionary segmenter only for those runs: it has the same word lists as
//! ICU4C and the browsers, and is faster than its LSTM models. Its `LineSegmenter` was
//! three times slower than unicode-linebreak on Latin text (17.6 µs against 5.8 µs for
//! a 700-byte English paragraph) and breaks it the same way, so everything else keeps
//! unicode-linebreak. It cost 23 small crates, 32 s of CPU to a clean release build
//! and 1.2 MB of dictionaries in the binary, measured when it came in.

use std::ops::Range;
use std::sync::OnceLock;

use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{LineSegmenter, LineSegmenterBorrowed};
use unicode_linebreak::{break_property, linebreaks, BreakClass, BreakOpportunity};
use unicode_script::{Script, UnicodeScript};

use super::collect::Prepared;
use super::knuth_plass::{Item, INFINITY};
use super::shape::advance;
use super::{Align, ParagraphSpec, SPACE_STRETCH};
use crate::fonts::{is_invisible, FontBook};
use crate::locale::{is_unspaced_cjk_script, Locale};

/// Why a Knuth–Plass item is where it is, in terms of the paragraph text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Source {
    /// Unbreakable text.
    Text(Range<usize>),
    /// Inter-word space.
    Space(Range<usize>),
    /// A zero-width gap that justification may widen, at byte `at`: between CJK
    /// characters (inter-character spacing), or between two words of a script written
    /// without spaces (Thai). As glue right after a box it is also a break; a gap where
    /// a line may not break (kinsoku) is glue after an infinite penalty, which carries
    /// the same source.
    Gap {
        /// Byte index of the gap.
        at: usize,
    },
    /// A break inside a word at a hyphenation point; `at` is where the second part starts.
    Hyphen {
        /// Byte index of the break.
        at: usize,
    },
    /// A break allowed after a visible character (after a dash or a slash).
    Plain {
        /// Byte index of the break.
        at: usize,
    },
    /// The end of the paragraph or a forced line break.
    Forced {
        /// Byte index where the next line starts.
        at: usize,
    },
    /// Filler glue that lets a last line stay short.
    Fill,
}

/// The items of a paragraph, with where each comes from.
#[derive(Debug, Clone)]
pub(crate) struct LineItems {
    /// For the breaker.
    pub(crate) items: Vec<Item>,
    /// Parallel to `items`.
    pub(crate) sources: Vec<Source>,
}

impl LineItems {
    fn push(&mut self, item: Item, source: Source) {
        self.items.push(item);
        self.sources.push(source);
    }
}

/// A break position in the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Opportunity {
    /// UAX #14 allows a break.
    Allowed,
    /// A word boundary inside a run of a script without spaces (from the segmenter).
    Word,
    /// UAX #14 requires a break.
    Mandatory,
    /// A hyphenation point.
    Hyphen,
}

/// Stretch of the glue between two CJK characters, in ems of the text. A line of
/// ideographs on a grid needs none; pushing a character that may not start a line
/// back to the previous one (kinsoku) spreads about one em over the line's gaps.
const CJK_GAP_STRETCH: f32 = 0.1;

/// Stretch of the zero-width glue between two Thai (Lao, Khmer, Burmese) words, in
/// ems: about what an inter-word space of the same size may stretch (0.6 of a quarter
/// em), so a line with few real spaces still justifies.
const WORD_GAP_STRETCH: f32 = 0.15;

/// The cost of breaking a line at an inserted hyphen (TeX's `\hyphenpenalty`): a
/// hyphen must buy spacing better by more than this squared in demerits, so a paragraph
/// that sets about as evenly without one is set without one.
pub(crate) const HYPHEN_PENALTY: f32 = 50.0;

/// How far an inter-word space in justified text shrinks, as a share of its width, at
/// most. Ragged text does not shrink its spaces.
pub(crate) const SPACE_SHRINK: f32 = 0.3;

/// How far a Korean word space shrinks, at most. Korean breaks only between words
/// (no hyphenation), and its word space is the only thing that tells one word from
/// the next: squeezed by 0.3 it nearly vanishes beside a Hangul syllable's own side
/// bearings, next to lines set loose. Lines set loose instead, or ragged when too
/// loose ([`super::MAX_SPACE_GROWTH`]).
pub(crate) const KOREAN_SPACE_SHRINK: f32 = 0.1;

/// Widths the item builder needs: from shaped text in a build ([`build_items`]), from
/// synthetic widths in tests.
pub(crate) trait Measure {
    /// Width of `range` of the paragraph text set as one piece.
    fn width(&self, range: Range<usize>) -> f32;
    /// Width of the hyphen added when a line breaks at `at`.
    fn hyphen(&self, at: usize) -> f32;
    /// The font size (em) of the text at `at`, the unit of gap stretch.
    fn em(&self, at: usize) -> f32;
    /// Whether a word may be hyphenated at `at`: not inside a link, whose text is an
    /// address or names one, and a hyphen would change it.
    fn may_hyphenate(&self, _at: usize) -> bool {
        true
    }
}

/// Hyphenation for one language: hypher's patterns, the script they are written in,
/// and the shortest fragments a hyphen may leave before and after it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hyphenation {
    /// The patterns.
    pub lang: hypher::Lang,
    /// The script of the patterns: only words wholly in it are hyphenated.
    pub(crate) script: Script,
    /// Fewest grapheme clusters before a hyphen (TeX's `\lefthyphenmin`).
    pub(crate) left_min: usize,
    /// Fewest grapheme clusters after it, on the next line (`\righthyphenmin`).
    pub(crate) right_min: usize,
    /// Whether capitalised words are hyphenated. Elsewhere a capitalised word is mostly
    /// a name, and a hyphen in a person's name is a mistake a reader notices; German
    /// capitalises every noun, and its long compounds are what most needs hyphens.
    pub(crate) capitalised_words: bool,
}

/// Every language hypher has patterns for: its code, patterns, script, and the shortest
/// fragments before and after a hyphen.
///
/// The fragment lengths are those hyph-utf8 ships with each language's patterns (the
/// TeX `\lefthyphenmin`/`\righthyphenmin` pairs that hypher's `Lang::bounds` copies),
/// with two changes: no language leaves a single letter alone on a line (hyph-utf8
/// allows it in Afrikaans, Georgian and Greek; a one-letter line end reads as a typo),
/// and French keeps three letters after the hyphen, as babel-french sets it.
const HYPHENATION: &[(&str, hypher::Lang, Script, usize, usize)] = {
    use hypher::Lang::*;
    use Script::{
        Bengali as Beng, Cyrillic as Cyrl, Devanagari as Deva, Georgian as Geor, Greek as Grek,
        Gujarati as Gujr, Gurmukhi as Guru, Kannada as Knda, Latin as Latn, Malayalam as Mlym, Oriya as Orya,
        Tamil as Taml, Telugu as Telu,
    };
    &[
        ("af", Afrikaans, Latn, 2, 2),
        ("as", Assamese, Beng, 2, 2),
        ("be", Belarusian, Cyrl, 2, 2),
        ("bg", Bulgarian, Cyrl, 2, 2),
        ("bn", Bengali, Beng, 2, 2),
        ("ca", Catalan, Latn, 2, 2),
        ("cs", Czech, Latn, 2, 2),
        ("da", Danish, Latn, 2, 2),
        ("de", German, Latn, 2, 2),
        ("el", Greek, Grek, 2, 2),
        ("en", English, Latn, 2, 3),
        ("es", Spanish, Latn, 2, 2),
        ("et", Estonian, Latn, 2, 3),
        ("fi", Finnish, Latn, 2, 2),
        ("fr", French, Latn, 2, 3),
        ("gl", Galician, Latn, 2, 2),
        ("gu", Gujarati, Gujr, 2, 2),
        ("hi", Hindi, Deva, 2, 2),
        ("hr", Croatian, Latn, 2, 2),
        ("hu", Hungarian, Latn, 2, 2),
        ("is", Icelandic, Latn, 2, 2),
        ("it", Italian, Latn, 2, 2),
        ("ka", Georgian, Geor, 2, 2),
        ("kmr", Kurmanji, Latn, 2, 2),
        ("kn", Kannada, Knda, 2, 2),
        ("ku", Kurmanji, Latn, 2, 2),
        ("la", Latin, Latn, 2, 2),
        ("lt", Lithuanian, Latn, 2, 2),
        ("ml", Malayalam, Mlym, 2, 2),
        ("mn", Mongolian, Cyrl, 2, 2),
        ("mr", Marathi, Deva, 2, 2),
        ("nb", Norwegian, Latn, 2, 2),
        ("nl", Dutch, Latn, 2, 2),
        ("nn", Norwegian, Latn, 2, 2),
        ("no", Norwegian, Latn, 2, 2),
        ("or", Oriya, Orya, 2, 2),
        ("pa", Panjabi, Guru, 2, 2),
        ("pl", Polish, Latn, 2, 2),
        ("pt", Portuguese, Latn, 2, 3),
        ("ru", Russian, Cyrl, 2, 2),
        ("sa", Sanskrit, Deva, 2, 2),
        ("sk", Slovak, Latn, 2, 3),
        ("sl", Slovenian, Latn, 2, 2),
        ("sq", Albanian, Latn, 2, 2),
        ("sr", Serbian, Cyrl, 2, 2),
        ("sv", Swedish, Latn, 2, 2),
        ("ta", Tamil, Taml, 2, 2),
        ("te", Telugu, Telu, 2, 2),
        ("tk", Turkmen, Latn, 2, 2),
        ("tr", Turkish, Latn, 2, 2),
        ("uk", Ukrainian, Cyrl, 2, 2),
    ]
};

/// The hyphenation for a language tag, when hypher has patterns for its language in
/// the script it is written in: `sr` (Cyrillic) is hyphenated, `sr-Latn` is not, since
/// the Serbian patterns are Cyrillic. Languages with no patterns (Arabic, Thai,
/// Chinese, Japanese, Korean, Amharic, ...) are never hyphenated; they break only
/// where UAX #14 allows.
pub fn hyphenation_lang(lang: &Locale) -> Option<Hyphenation> {
    let &(_, patterns, script, left_min, right_min) =
        HYPHENATION.iter().find(|(code, ..)| *code == lang.language())?;
    if lang.script() != script.short_name() {
        return None;
    }
    let capitalised_words = patterns == hypher::Lang::German;
    Some(Hyphenation { lang: patterns, script, left_min, right_min, capitalised_words })
}

/// True for a Korean paragraph: set word by word, justified at spaces.
fn is_korean(lang: &Locale) -> bool {
    lang.language() == "ko"
}

/// True for the languages whose script writes words without spaces between them and
/// breaks lines between dictionary words (Thai, Lao, Khmer, Burmese): their spaces
/// mark phrases, so justification has nowhere honest to put its slack
/// ([`super::WhyRagged::WordsWithoutSpaces`]).
pub(crate) fn writes_words_without_spaces(lang: &Locale) -> bool {
    matches!(lang.script(), "Thai" | "Laoo" | "Khmr" | "Mymr")
}

/// The script-specific work a paragraph needs, found in one pass over its text, so a
/// Latin paragraph pays for nothing but that pass (and an ASCII one not even that).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Needs {
    /// Has characters of class SA (Thai, Lao, Khmer, Burmese): run the segmenter.
    complex: bool,
    /// Has Chinese or Japanese characters: inter-character gaps.
    cjk: bool,
    /// Has Hangul: keep syllables together.
    hangul: bool,
}

impl Needs {
    fn of(text: &str) -> Needs {
        let mut needs = Needs::default();
        if text.is_ascii() {
            return needs;
        }
        // Everything below U+0E00 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic) needs
        // no tailoring; skip the property look-ups for it.
        for c in text.chars().filter(|&c| c >= '\u{0E00}') {
            match break_property(c as u32) {
                BreakClass::ComplexContext => needs.complex = true,
                BreakClass::HangulLvSyllable
                | BreakClass::HangulLvtSyllable
                | BreakClass::HangulLJamo
                | BreakClass::HangulVJamo
                | BreakClass::HangulTJamo => needs.hangul = true,
                _ => needs.cjk |= is_cjk(c),
            }
        }
        needs
    }
}

/// True for Chinese and Japanese characters and their punctuation: the scripts of
/// the CJK writing systems that put no spaces between words (Han, kana, bopomofo:
/// [`crate::locale::CJK`]), the CJK symbols and punctuation block, full-width forms.
/// Hangul is not here: Korean is spaced into words and justified at the spaces.
pub(crate) fn is_cjk(c: char) -> bool {
    if c < '\u{2E80}' {
        return false;
    }
    matches!(
        c,
        '\u{3000}'..='\u{303F}'
            | '\u{30FB}'..='\u{30FC}'
            | '\u{FE10}'..='\u{FE1F}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF01}'..='\u{FF60}'
            | '\u{FFE0}'..='\u{FFE6}'
    ) || is_unspaced_cjk_script(c.script())
}

/// The dictionary line segmenter for Thai, Lao, Khmer and Burmese, built once per
/// process. Its data is compiled into the binary; only SA runs are ever given to it.
fn complex_segmenter() -> &'static LineSegmenterBorrowed<'static> {
    static SEGMENTER: OnceLock<LineSegmenterBorrowed<'static>> = OnceLock::new();
    SEGMENTER.get_or_init(|| LineSegmenter::new_dictionary(LineBreakOptions::default()))
}

/// All break positions: UAX #14 opportunities tailored by script and language, plus
/// hyphenation points inside words when the language has patterns. Sorted by position.
fn opportunities(text: &str, spec: &ParagraphSpec, needs: Needs) -> Vec<(usize, Opportunity)> {
    let mut breaks: Vec<(usize, Opportunity)> = linebreaks(text)
        .map(|(at, kind)| match kind {
            BreakOpportunity::Mandatory => (at, Opportunity::Mandatory),
            BreakOpportunity::Allowed => (at, Opportunity::Allowed),
        })
        .collect();
    if needs.complex {
        add_word_breaks(text, &mut breaks);
    }
    let korean = is_korean(&spec.lang);
    if needs.hangul || (korean && !text.is_ascii()) {
        keep_words_together(text, korean, &mut breaks);
    }
    if !spec.hyphenate {
        // Text set without hyphens (a title, a name) ends no line in a hyphen either:
        // "Wei-Lin" stays whole, as it would were the hyphen inserted.
        breaks.retain(|&(at, kind)| kind != Opportunity::Allowed || !after_word_hyphen(text, at));
        return breaks;
    }
    let Some(hyphenation) = hyphenation_lang(&spec.lang) else {
        return breaks;
    };
    let mut out = Vec::with_capacity(breaks.len() * 2);
    let mut segment_start = 0;
    for (at, kind) in breaks {
        hyphenation_points(text, segment_start..at, hyphenation, &spec.keep_whole, &mut out);
        out.push((at, kind));
        segment_start = at;
    }
    out
}

/// Whether the break at `at` follows a hyphen written between two letters.
fn after_word_hyphen(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    matches!(before.next(), Some('-' | '\u{2010}'))
        && before.next().is_some_and(char::is_alphabetic)
        && text[at..].chars().next().is_some_and(char::is_alphabetic)
}

/// Adds the segmenter's word boundaries inside each run of SA characters, which
/// UAX #14 treats as one unbreakable word. The run is segmented on its own: the
/// dictionary looks only at the complex-script run anyway, and its edges are UAX #14's.
fn add_word_breaks(text: &str, breaks: &mut Vec<(usize, Opportunity)>) {
    let segmenter = complex_segmenter();
    let mut run: Option<usize> = None;
    let mut added = false;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let complex = i < text.len() && break_property(c as u32) == BreakClass::ComplexContext;
        match (complex, run) {
            (true, None) => run = Some(i),
            (false, Some(start)) => {
                let words = &text[start..i];
                for at in segmenter.segment_str(words).filter(|&at| at > 0 && at < words.len()) {
                    breaks.push((start + at, Opportunity::Word));
                    added = true;
                }
                run = None;
            }
            _ => {}
        }
    }
    if added {
        // Stable: where both name a position (they should not), UAX #14's comes first
        // and is kept.
        breaks.sort_by_key(|&(at, _)| at);
        breaks.dedup_by_key(|&mut (at, _)| at);
    }
}

/// Removes the breaks inside words that UAX #14 would allow between syllables. In
/// Korean, a line breaks only after a space wherever Hangul or hanja is involved (a
/// particle after a parenthesis, a counter after a number stay on the word's line),
/// and letters never break from letters (CSS `keep-all`); a URL in Latin letters keeps
/// its UAX #14 breaks. In other languages only Hangul–Hangul breaks go, since a Korean
/// name in a French paragraph is still a word.
fn keep_words_together(text: &str, korean: bool, breaks: &mut Vec<(usize, Opportunity)>) {
    let hangul = |class: BreakClass| {
        matches!(
            class,
            BreakClass::HangulLvSyllable
                | BreakClass::HangulLvtSyllable
                | BreakClass::HangulLJamo
                | BreakClass::HangulVJamo
                | BreakClass::HangulTJamo
        )
    };
    let letter = |class: BreakClass| {
        hangul(class)
            || matches!(
                class,
                BreakClass::Alphabetic
                    | BreakClass::HebrewLetter
                    | BreakClass::Numeric
                    | BreakClass::Ambiguous
                    | BreakClass::Ideographic
                    | BreakClass::ConditionalJapaneseStarter
                    | BreakClass::ComplexContext
            )
    };
    let korean_word = |class: BreakClass| hangul(class) || class == BreakClass::Ideographic;
    breaks.retain(|&(at, kind)| {
        if kind != Opportunity::Allowed || text[..at].chars().next_back().is_none_or(char::is_whitespace) {
            return true;
        }
        let (Some(before), Some(after)) = (base_before(text, at), text[at..].chars().next()) else {
            return true;
        };
        let (before, after) = (break_property(before as u32), break_property(after as u32));
        if korean {
            // A break survives only between two non-Korean characters that are not
            // both letters (after a slash in a URL, around a dash between numbers).
            !(korean_word(before) || korean_word(after) || letter(before) && letter(after))
        } else {
            !(hangul(before) && hangul(after))
        }
    });
}

/// The last character before `at` that is not a combining mark or joiner: the base
/// whose line-breaking class the marks take (UAX #14 LB9).
fn base_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().rev().find(|&c| {
        !matches!(break_property(c as u32), BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner)
    })
}

/// True when byte `at` (a character boundary inside the text) is a gap between two
/// typographic units of which at least one is Chinese or Japanese: the place for
/// inter-character glue. Not inside a cluster (before a mark or a variation selector),
/// not beside a space (the space is the glue there), not beside an invisible format
/// character (it has no glyph to carry the gap in the line).
fn is_cjk_gap(text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (text[..at].chars().next_back(), text[at..].chars().next()) else {
        return false;
    };
    let attaches =
        matches!(break_property(after as u32), BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner)
            || break_property(before as u32) == BreakClass::ZeroWidthJoiner;
    let spacing = |c: char| c.is_whitespace() || is_invisible(c);
    if attaches || spacing(before) || spacing(after) {
        return false;
    }
    let base = base_before(text, at).unwrap_or(before);
    is_cjk(base) || is_cjk(after)
}

/// Words shorter than this many letters are never hyphenated: too little is gained.
const MIN_HYPHENATED_WORD: usize = 6;

/// A capitalised word is hyphenated (where the language hyphenates them at all, see
/// [`Hyphenation::capitalised_words`]) only from this length: long compounds gain from
/// a hyphen, while most names and place names are shorter.
const MIN_HYPHENATED_CAPITALISED_WORD: usize = 8;

/// Hyphenation points of the words in `range` written wholly in the patterns' script.
/// A word in another script, or mixing scripts (a Chinese name in an English paragraph,
/// a Latin brand with a Cyrillic ending), is left whole: patterns know only their own
/// script's letters and would guess. Words in capitals (acronyms) are left whole, and
/// capitalised ones unless the language capitalises its nouns. A point is kept only
/// between grapheme clusters, with enough clusters on both sides.
fn hyphenation_points(
    text: &str,
    range: Range<usize>,
    hyphenation: Hyphenation,
    keep_whole: &[String],
    out: &mut Vec<(usize, Opportunity)>,
) {
    let segment = &text[range.clone()];
    let mut word_start = None;
    let mut words = Vec::new();
    for (i, c) in segment.char_indices().chain(std::iter::once((segment.len(), ' '))) {
        match (c.is_alphabetic() || is_mark(c), word_start) {
            (true, None) if c.is_alphabetic() => word_start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                word_start = None;
            }
            _ => {}
        }
    }
    let in_script = |w: &str| {
        w.chars().all(|c| {
            let script = c.script();
            script == hyphenation.script || script == Script::Inherited || script == Script::Common
        })
    };
    for word in words {
        let w = &segment[word.clone()];
        let letters = w.chars().count();
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        let acronym = w.chars().filter(|c| c.is_uppercase()).count() > 1;
        let too_short = letters < MIN_HYPHENATED_WORD
            || (capitalised && (!hyphenation.capitalised_words || letters < MIN_HYPHENATED_CAPITALISED_WORD));
        if too_short || acronym || !in_script(w) || is_kept_whole(w, keep_whole) {
            continue;
        }
        let word_at = range.start + word.start;
        let clusters = cluster_starts(w);
        let mut at = 0;
        let syllables: Vec<&str> = hypher::hyphenate(w, hyphenation.lang).collect();
        for syllable in &syllables[..syllables.len().saturating_sub(1)] {
            at += syllable.len();
            let Ok(before) = clusters.binary_search(&at) else { continue };
            let enough = before >= hyphenation.left_min && clusters.len() - before >= hyphenation.right_min;
            if enough && !splits_conjunct(w, at) {
                out.push((word_at + at, Opportunity::Hyphen));
            }
        }
    }
}

/// Whether `word` is one of `keep_whole`, or one of four letters or more with an
/// ending of up to four letters (a name with a case ending: "Darans", "Leylának"),
/// ignoring case. Shorter names are matched whole only: "Ali" must not keep
/// "alimentation" from its hyphens.
fn is_kept_whole(word: &str, keep_whole: &[String]) -> bool {
    if keep_whole.is_empty() {
        return false;
    }
    let word = word.to_lowercase();
    keep_whole.iter().any(|kept| {
        let kept = kept.to_lowercase();
        let (letters, extra) =
            (kept.chars().count(), word.chars().count().saturating_sub(kept.chars().count()));
        word == kept || (word.starts_with(&kept) && letters >= 4 && extra <= 4)
    })
}

/// The start of every grapheme cluster of a word, in bytes. In most alphabets each
/// letter is one (precomposed accents), and ASCII words skip the segmenter.
fn cluster_starts(word: &str) -> Vec<usize> {
    if word.is_ascii() {
        return (0..word.len()).collect();
    }
    let graphemes = graphemes();
    graphemes.segment_str(word).filter(|&at| at < word.len()).collect()
}

/// True when a break at `at` would split an Indic conjunct: after a virama, which joins
/// its consonant to the next (क्ष), or before a joiner. The grapheme segmenter keeps
/// most conjuncts whole, but not in every version of the rules.
fn splits_conjunct(word: &str, at: usize) -> bool {
    // In each Indic block from Devanagari to Malayalam (U+0900 to U+0D7F, 128 code
    // points each) the virama is at offset 0x4D.
    let virama = |c: char| ('\u{0900}'..='\u{0D7F}').contains(&c) && (c as u32) % 0x80 == 0x4D;
    let joiner = |c: char| matches!(c, '\u{200C}' | '\u{200D}');
    word[..at].chars().next_back().is_some_and(|c| virama(c) || joiner(c))
        || word[at..].chars().next().is_some_and(joiner)
}

/// The grapheme cluster segmenter, built once per process.
fn graphemes() -> &'static icu_segmenter::GraphemeClusterSegmenterBorrowed<'static> {
    static GRAPHEMES: OnceLock<icu_segmenter::GraphemeClusterSegmenterBorrowed<'static>> = OnceLock::new();
    GRAPHEMES.get_or_init(icu_segmenter::GraphemeClusterSegmenter::new)
}

/// True for a combining mark, which belongs to the word of the letter it marks
/// (Devanagari vowel signs and viramas, Cyrillic stress accents).
fn is_mark(c: char) -> bool {
    break_property(c as u32) == BreakClass::CombiningMark
}

/// Measures text by shaping it with the paragraph's fonts (advances remembered per
/// thread, see [`advance`]).
struct ShapingMeasure<'a, 'b> {
    book: &'a FontBook,
    prepared: &'a Prepared<'b>,
    lang: &'a Locale,
}

impl Measure for ShapingMeasure<'_, '_> {
    /// Shapes `range` item by item: each face, level and style apart.
    fn width(&self, range: Range<usize>) -> f32 {
        let prepared = self.prepared;
        prepared
            .items_in(range)
            .map(|(item, part)| {
                let rtl = item.level.is_rtl();
                advance(self.book, item.face, item.style.size, prepared.text, part, rtl, self.lang)
            })
            .sum()
    }

    /// A hyphen in the face and size of the text before `at`.
    fn hyphen(&self, at: usize) -> f32 {
        let item = self.prepared.item_at(at.saturating_sub(1));
        advance(self.book, item.face, item.style.size, super::BREAK_HYPHEN, 0..1, false, self.lang)
    }

    fn em(&self, at: usize) -> f32 {
        self.prepared.item_at(at).style.size
    }

    fn may_hyphenate(&self, at: usize) -> bool {
        self.prepared.item_at(at).style.link.is_none()
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{2028}' || c == '\t'
}

/// What breaking inside a word costs when the word is wider than the line: far more
/// than any ordinary break, so a word is broken only where it cannot fit, and as few
/// times as it takes; less than [`INFINITY`], so it is allowed.
const EMERGENCY_PENALTY: f32 = 5_000.0;

/// A word wider than the line (a long web address, a compound in a narrow column)
/// would stick out of its column and, justified, squeeze its line's spaces until the
/// words overlap. As CSS's `overflow-wrap: anywhere` does, it may break between any
/// two grapheme clusters instead, at [`EMERGENCY_PENALTY`], without a hyphen.
fn push_overlong_word(out: &mut LineItems, text: &str, word: Range<usize>, measure: &impl Measure) {
    let graphemes = graphemes();
    let mut from = word.start;
    for at in graphemes.segment_str(&text[word.clone()]).map(|b| word.start + b) {
        if at <= from || at >= word.end {
            continue;
        }
        out.push(Item::Box { width: measure.width(from..at) }, Source::Text(from..at));
        out.push(
            Item::Penalty { width: 0.0, penalty: EMERGENCY_PENALTY, flagged: false },
            Source::Plain { at },
        );
        from = at;
    }
    out.push(Item::Box { width: measure.width(from..word.end) }, Source::Text(from..word.end));
}

/// Builds the box/glue/penalty list for the paragraph.
pub(crate) fn build_items(book: &FontBook, prepared: &Prepared, spec: &ParagraphSpec) -> LineItems {
    items_for(prepared.text, spec, &ShapingMeasure { book, prepared, lang: &spec.lang })
}

/// Builds the box/glue/penalty list for `text`, measured by `measure`.
pub(crate) fn items_for(text: &str, spec: &ParagraphSpec, measure: &impl Measure) -> LineItems {
    let mut out = LineItems { items: Vec::new(), sources: Vec::new() };
    let needs = Needs::of(text);
    // Korean justifies at its spaces; Chinese and Japanese between characters.
    let korean = is_korean(&spec.lang);
    let cjk_gaps = needs.cjk && !korean;
    let justify = spec.align == Align::Justify;
    let gap = |at: usize, stretch: f32| Item::Glue {
        width: 0.0,
        stretch: stretch * measure.em(at.saturating_sub(1)),
        shrink: 0.0,
    };
    let mut start = 0;
    let opportunities = opportunities(text, spec, needs);
    let allowed = opportunities
        .into_iter()
        .filter(|&(at, kind)| kind != Opportunity::Hyphen || measure.may_hyphenate(at));
    for (at, kind) in allowed {
        let segment = &text[start..at];
        let content_end = start + segment.trim_end_matches(is_space).len();
        if content_end > start {
            let mut from = start;
            if cjk_gaps {
                // Gaps where no line may end (kinsoku, or inside a run UAX #14 keeps
                // together) still space the characters: glue behind an infinite penalty.
                let inner = text[start..content_end].char_indices().skip(1).map(|(i, _)| start + i);
                for inner in inner.filter(|&i| is_cjk_gap(text, i)) {
                    out.push(Item::Box { width: measure.width(from..inner) }, Source::Text(from..inner));
                    let never = Item::Penalty { width: 0.0, penalty: INFINITY, flagged: false };
                    out.push(never, Source::Gap { at: inner });
                    out.push(gap(inner, CJK_GAP_STRETCH), Source::Gap { at: inner });
                    from = inner;
                }
            }
            let w = measure.width(from..content_end);
            if w > spec.width {
                push_overlong_word(&mut out, text, from..content_end, measure);
            } else {
                out.push(Item::Box { width: w }, Source::Text(from..content_end));
            }
        }
        match kind {
            Opportunity::Mandatory => {
                out.push(Item::Glue { width: 0.0, stretch: INFINITY, shrink: 0.0 }, Source::Fill);
                out.push(
                    Item::Penalty { width: 0.0, penalty: -INFINITY, flagged: false },
                    Source::Forced { at },
                );
            }
            Opportunity::Allowed if content_end < at => {
                let w = measure.width(content_end..at);
                let shrink = match (justify, korean) {
                    (false, _) => 0.0,
                    (true, true) => KOREAN_SPACE_SHRINK,
                    (true, false) => SPACE_SHRINK,
                };
                let (stretch, shrink) = (w * SPACE_STRETCH, w * shrink);
                out.push(Item::Glue { width: w, stretch, shrink }, Source::Space(content_end..at));
            }
            Opportunity::Word => out.push(gap(at, WORD_GAP_STRETCH), Source::Gap { at }),
            Opportunity::Allowed if cjk_gaps && is_cjk_gap(text, at) => {
                out.push(gap(at, CJK_GAP_STRETCH), Source::Gap { at })
            }
            Opportunity::Allowed => {
                out.push(Item::Penalty { width: 0.0, penalty: 50.0, flagged: true }, Source::Plain { at });
            }
            Opportunity::Hyphen => {
                let w = measure.hyphen(at);
                out.push(
                    Item::Penalty { width: w, penalty: HYPHEN_PENALTY, flagged: true },
                    Source::Hyphen { at },
                );
            }
        }
        start = at;
    }
    out
}

/// Synthetic widths for tests of scripts the shipped fonts do not cover.
#[cfg(test)]
pub(crate) mod synthetic {
    use std::ops::Range;

    use super::{is_cjk, Measure};

    /// Measures `text` with every character a fixed share of the em: CJK one em, a
    /// space a quarter, Thai marks (set above or below their base) nothing, anything
    /// else half an em.
    pub(crate) struct Synthetic<'a> {
        /// The paragraph text.
        pub(crate) text: &'a str,
        /// The em in points.
        pub(crate) size: f32,
    }

    impl Synthetic<'_> {
        /// The advance of one character.
        pub(crate) fn advance(&self, c: char) -> f32 {
            let em = if is_cjk(c) {
                1.0
            } else if c == ' ' {
                0.25
            } else if matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}') {
                0.0
            } else {
                0.5
            };
            em * self.size
        }
    }

    impl Measure for Synthetic<'_> {
        fn width(&self, range: Range<usize>) -> f32 {
            self.text[range].chars().map(|c| self.advance(c)).sum()
        }

        fn hyphen(&self, _at: usize) -> f32 {
            self.size * 0.3
        }

        fn em(&self, _at: usize) -> f32 {
            self.size
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::fonts::test_fonts;
    use crate::locale::locale;
    use crate::text::{collect::prepare, Direction, Paint, SpanStyle, StyledText};

    fn spec(lang: &str) -> ParagraphSpec {
        ParagraphSpec {
            lang: locale(lang),
            dir: Direction::Ltr,
            align: Align::Justify,
            width: 100.0,
            hyphenate: true,
            keep_whole: Vec::new(),
        }
    }

    fn english() -> Hyphenation {
        hyphenation_lang(&locale("en")).unwrap()
    }

    #[test]
    fn hyphenates_lowercase_words_only() {
        let mut points = Vec::new();
        hyphenation_points("international Aarrassian", 0..24, english(), &[], &mut points);
        let positions: Vec<usize> = points.iter().map(|p| p.0).collect();
        assert!(!positions.is_empty());
        assert!(positions.iter().all(|&p| p < 13), "{positions:?}");
    }

    #[test]
    fn very_long_words_are_hyphenated_not_a_crash() {
        // Found by the fuzzer: hypher without `alloc` panics past 45 bytes.
        let word = "internationalisationofthehumanrightsobligationsofeverystate";
        let mut points = Vec::new();
        hyphenation_points(word, 0..word.len(), english(), &[], &mut points);
        assert!(points.len() > 5);
    }

    #[test]
    fn items_for_a_short_paragraph() {
        let mut text = StyledText::default();
        text.push(
            "Write today.",
            SpanStyle { bold: false, italic: false, size: 10.0, paint: Paint::Ink, link: None },
        );
        let prepared = prepare(test_fonts(), &text, &spec("en")).unwrap();
        let items = build_items(test_fonts(), &prepared, &spec("en"));
        let kinds: Vec<&str> = items
            .sources
            .iter()
            .map(|s| match s {
                Source::Text(_) => "text",
                Source::Space(_) => "space",
                Source::Hyphen { .. } => "hyphen",
                Source::Plain { .. } => "plain",
                Source::Gap { .. } => "gap",
                Source::Forced { .. } => "forced",
                Source::Fill => "fill",
            })
            .collect();
        assert_eq!(kinds, vec!["text", "space", "text", "fill", "forced"]);
    }

    /// Thai: a short appeal, with the spaces Thai puts between phrases.
    pub(crate) const THAI: &str = "นายอาลี อาร์ราส ถูกส่งตัวจากประเทศสเปนไปยังประเทศโมร็อกโกในปี 2010 \
        ซึ่งเป็นการละเมิดพันธกรณีระหว่างประเทศ เมื่อเดินทางมาถึงเขาถูกควบคุมตัวโดยไม่ให้ติดต่อกับโลกภายนอก\
        เป็นเวลาสิบสองวันและถูกทรมานตามคำบอกเล่าของเขา";

    /// Chinese with the punctuation kinsoku is about.
    pub(crate) const CHINESE: &str =
        "国际特赦组织呼吁摩洛哥当局立即释放阿里·阿拉斯。他于二〇一〇年被西班牙引渡到\
        摩洛哥，违反了西班牙的国际义务。抵达后，他被单独监禁十二天，据他所述，遭受了酷刑。请写信给司法部长，\
        要求：「立即释放阿里·阿拉斯」、「调查酷刑指控」。他的家人说：『我们等了十二年。』";

    /// Characters no line may start with, and ones no line may end with (UAX #14 CL,
    /// CP, EX, IS, NS and OP), listed here rather than looked up, to check the rules
    /// independently.
    pub(crate) const NO_LINE_START: &str =
        "。，、」』）！？：；・ーっゃゅょぁぃぅぇぉァィゥェォッャュョ々〕】";
    pub(crate) const NO_LINE_END: &str = "「『（〔【";

    fn spec_for(lang: &str, width: f32) -> ParagraphSpec {
        ParagraphSpec { width, ..spec(lang) }
    }

    /// Breaks `text` on synthetic 10 pt widths; returns each line's span.
    fn lines(text: &str, lang: &str, width: f32) -> Vec<crate::text::line::LineSpan> {
        let items = items_for(text, &spec_for(lang, width), &synthetic::Synthetic { text, size: 10.0 });
        let breaks = crate::text::knuth_plass::break_lines(&items.items, |_| width);
        assert_eq!(breaks.last().copied(), items.items.len().checked_sub(1), "the paragraph ends");
        crate::text::line::line_spans(&items, &breaks, text)
    }

    fn synthetic_width(text: &str) -> f32 {
        let measure = synthetic::Synthetic { text, size: 10.0 };
        text.chars().map(|c| measure.advance(c)).sum()
    }

    #[test]
    fn thai_breaks_only_at_word_boundaries() {
        use icu_segmenter::{options::WordBreakInvariantOptions, WordSegmenter};
        // The words as ICU4X's dictionary word segmenter sees them, independently of
        // the line segmenter the breaker uses.
        let words: Vec<usize> =
            WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()).segment_str(THAI).collect();
        let mut inside_words = 0;
        for width in [45.0, 60.0, 90.0, 140.0, 200.0] {
            let spans = lines(THAI, "th", width);
            assert!(
                spans.len() >= (synthetic_width(THAI) / width) as usize,
                "{width}: {} lines",
                spans.len()
            );
            for span in &spans {
                let line = &THAI[span.range.clone()];
                assert!(words.contains(&span.range.start), "{width}: line starts inside a word: {line}");
                assert!(words.contains(&span.range.end), "{width}: line ends inside a word: {line}");
                // Each line fits (its spaces may shrink by 0.3 of a quarter em).
                let spaces = line.matches(' ').count() as f32;
                assert!(synthetic_width(line) - spaces * 0.75 <= width + 0.01, "{width}: overfull: {line}");
                inside_words += span.gaps.len();
            }
        }
        // Lines broke at the segmenter's word boundaries, not only at the spaces.
        assert!(inside_words > 20);
    }

    #[test]
    fn thai_words_come_from_the_dictionary() {
        let breaks: Vec<usize> =
            opportunities("ประเทศไทยมีประชากร", &spec("th"), Needs::of("ประเทศไทยมีประชากร"))
                .into_iter()
                .filter(|&(_, kind)| kind == Opportunity::Word)
                .map(|(at, _)| at)
                .collect();
        // ประเทศไทย | มี | ประชากร
        assert_eq!(breaks, vec!["ประเทศไทย".len(), "ประเทศไทยมี".len()]);
        // Lao, Khmer and Burmese have dictionaries too.
        for text in ["ພາສາລາວເປັນພາສາທາງການ", "ភាសាខ្មែរជាភាសាផ្លូវការ", "မြန်မာဘာသာစကားသည်"]
        {
            let words = opportunities(text, &spec("en"), Needs::of(text))
                .into_iter()
                .filter(|&(_, kind)| kind == Opportunity::Word)
                .count();
            assert!(words >= 2, "{text}");
        }
    }

    #[test]
    fn a_thai_word_wider_than_the_line_breaks_between_clusters() {
        use icu_segmenter::GraphemeClusterSegmenter;
        let text = "ประเทศไทย กรุงเทพมหานคร";
        let clusters: Vec<usize> = GraphemeClusterSegmenter::new().segment_str(text).collect();
        for width in [1.0, 10.0, 30.0] {
            // Every word is wider than the line: rather than stick out, the words
            // break, but only between grapheme clusters (กรุ stays whole), and each
            // line but the word's last is full.
            let spans = lines(text, "th", width);
            let set: Vec<&str> =
                spans.iter().map(|s| &text[s.range.clone()]).filter(|l| !l.is_empty()).collect();
            assert_eq!(set.concat().replace(' ', ""), text.replace(' ', ""), "{width}");
            for span in &spans {
                assert!(
                    clusters.contains(&span.range.start) && clusters.contains(&span.range.end),
                    "{width}"
                );
                let line = &text[span.range.clone()];
                let single = line.chars().filter(|c| synthetic_width(&c.to_string()) > 0.0).count() <= 1;
                assert!(single || synthetic_width(line) <= width + 0.01, "{width}: overfull: {line}");
            }
        }
    }

    #[test]
    fn chinese_lines_keep_the_prohibition_rules() {
        let mut count = 0;
        for width in (55..=205).step_by(15).map(|w| w as f32) {
            let spans = lines(CHINESE, "zh", width);
            assert!(spans.len() >= (synthetic_width(CHINESE) / width) as usize, "{width}");
            for (i, span) in spans.iter().enumerate() {
                let line = &CHINESE[span.range.clone()];
                let first = line.chars().next().unwrap();
                let last = line.chars().next_back().unwrap();
                assert!(
                    i == 0 || !NO_LINE_START.contains(first),
                    "{width}: line starts with {first}: {line}"
                );
                assert!(!NO_LINE_END.contains(last), "{width}: line ends with {last}: {line}");
                assert!(synthetic_width(line) <= width + 0.01, "{width}: overfull: {line}");
                count += 1;
            }
        }
        assert!(count > 50);
    }

    #[test]
    fn japanese_small_kana_and_long_vowel_do_not_start_a_line() {
        let text = "きょうはラーメンを食べました。";
        let at: Vec<usize> = opportunities(text, &spec("ja"), Needs::of(text)).iter().map(|o| o.0).collect();
        for c in ['ょ', 'ー', '。'] {
            let before = text.find(c).unwrap();
            assert!(!at.contains(&before), "break before {c}: {at:?}");
        }
        // But between the other kana and kanji, anywhere.
        assert!(at.contains(&text.find('は').unwrap()) && at.contains(&text.find('食').unwrap()));
    }

    #[test]
    fn korean_breaks_only_at_spaces() {
        let text = "국제앰네스티는 모로코 당국에 알리 아라스(Ali Aarrass)를 즉시 석방할 것을 촉구합니다. \
            그는 2010년 스페인에서 모로코로 인도되었으며, 이는 국제 의무를 위반한 것입니다.";
        // From 70 pt, the longest word (국제앰네스티는) fits; a word wider than the line
        // would break inside, as in any language.
        for width in [70.0, 100.0, 160.0] {
            let spans = lines(text, "ko", width);
            assert!(spans.len() >= 3, "{width}");
            for span in &spans[..spans.len() - 1] {
                assert!(text[span.range.end..].starts_with(' '), "{width}: {}", &text[span.range.clone()]);
                assert!(span.gaps.is_empty(), "Korean justifies at its spaces");
            }
        }
        // A Korean name in another language is still one word; Chinese in Korean text
        // is kept whole too (keep-all).
        let breaks = |text: &str, lang: &str| {
            opportunities(text, &spec(lang), Needs::of(text)).iter().map(|o| o.0).collect::<Vec<_>>()
        };
        assert_eq!(breaks("김정은 씨", "fr"), vec!["김정은 ".len(), "김정은 씨".len()]);
        assert_eq!(breaks("漢字를 씀", "ko"), vec!["漢字를 ".len(), "漢字를 씀".len()]);
    }

    #[test]
    fn no_hyphenation_without_patterns_or_outside_the_patterns_script() {
        for lang in ["th", "zh", "ja", "ko", "am", "ar", "he", "fa", "zh-Hant", "ja-JP", "sr-Latn", "az-Arab"]
        {
            assert!(hyphenation_lang(&locale(lang)).is_none(), "{lang}");
        }
        for lang in
            ["en", "de", "de-AT", "pt-BR", "ru", "uk", "el", "pl", "tr", "it", "sr", "sr-Cyrl", "nb", "hi"]
        {
            assert!(hyphenation_lang(&locale(lang)).is_some(), "{lang}");
        }
        let text = "international 國際特赦組織國際特赦組織 международный";
        let hyphens = opportunities(text, &spec("en"), Needs::of(text))
            .into_iter()
            .filter(|&(_, kind)| kind == Opportunity::Hyphen)
            .map(|(at, _)| at)
            .collect::<Vec<_>>();
        assert!(!hyphens.is_empty());
        assert!(hyphens.iter().all(|&at| at < "international".len()), "{hyphens:?}");
    }

    /// The hyphenation points `opportunities` finds in `text` set in `lang`.
    fn hyphens(text: &str, lang: &str) -> Vec<usize> {
        opportunities(text, &spec(lang), Needs::of(text))
            .into_iter()
            .filter(|&(_, kind)| kind == Opportunity::Hyphen)
            .map(|(at, _)| at)
            .collect()
    }

    #[test]
    fn hyphenates_cyrillic_greek_and_german_nouns_in_their_own_script() {
        assert!(!hyphens("международный", "ru").is_empty());
        assert!(!hyphens("міжнародних", "uk").is_empty());
        assert!(!hyphens("δικαιωμάτων", "el").is_empty());
        assert!(!hyphens("Menschenrechtsorganisation", "de").is_empty());
        assert!(!hyphens("Menschenrechtsorganisation", "de-CH").is_empty());
        // A capitalised word is a name outside German; a short one is a name in German too.
        assert!(hyphens("Internationalisation", "en").is_empty());
        assert!(hyphens("Aarrass", "de").is_empty());
        // Words in another script than the patterns', or mixing scripts, stay whole.
        assert!(hyphens("international", "ru").is_empty());
        assert!(hyphens("internationalмеждународный", "ru").is_empty());
        assert!(hyphens("международный", "en").is_empty());
    }

    #[test]
    fn hyphens_leave_the_language_minimum_on_each_side() {
        let words = [
            ("en", "extraordinarily unbelievable"),
            ("fr", "extraordinairement inacceptable"),
            ("el", "ανθρώπινων οργάνωση αμνηστία"),
            ("ka", "საერთაშორისო ამნისტია"),
            ("af", "menseregte organisasie"),
            ("hi", "अंतरराष्ट्रीय मानवाधिकार"),
        ];
        let mut found = 0;
        for (lang, text) in words {
            let hyphenation = hyphenation_lang(&locale(lang)).unwrap();
            for at in hyphens(text, lang) {
                let start = text[..at].rfind(' ').map_or(0, |i| i + 1);
                let end = text[at..].find(' ').map_or(text.len(), |i| at + i);
                let (before, after) =
                    (cluster_starts(&text[start..at]).len(), cluster_starts(&text[at..end]).len());
                assert!(before >= hyphenation.left_min, "{lang}: {}-{}", &text[start..at], &text[at..end]);
                assert!(after >= hyphenation.right_min, "{lang}: {}-{}", &text[start..at], &text[at..end]);
                assert!(before >= 2 && after >= 2, "{lang}: a letter alone");
                found += 1;
            }
        }
        assert!(found > 12, "{found}");
    }

    #[test]
    fn latin_text_needs_no_tailoring() {
        for text in
            ["Write today.", "Écrivez aujourd’hui — ¡ya! «Libérez-le»", "Ελλάδα, Россия, עברית, العربية"]
        {
            assert_eq!(Needs::of(text), Needs::default(), "{text}");
        }
        assert_eq!(Needs::of("中文 ไทย 한국"), Needs { complex: true, cjk: true, hangul: true });
    }

    #[test]
    fn any_text_sets_without_panic() {
        let long_thai = "ก".repeat(300);
        let texts = [
            "",
            " ",
            "   ",
            "。",
            "」」」「「「、、、",
            "「",
            "中\u{FE00}文\u{E0100}字",
            "中\u{200B}文\u{2028}字\u{2028}",
            "Amnesty国际特赦组织ประเทศไทย 서울特别市 (Seoul) — ลาว",
            "ไ",
            "\u{0E31}\u{0E34}",
            &long_thai,
            "ﾃｽﾄ・テスト。ＡＢＣ１２３",
        ];
        for text in texts {
            for lang in ["th", "zh", "ja", "ko", "en", "zu"] {
                for width in [0.5, 12.0, 100.0] {
                    let spans = lines(text, lang, width);
                    for span in &spans {
                        assert!(
                            text.is_char_boundary(span.range.start) && text.is_char_boundary(span.range.end)
                        );
                    }
                }
            }
        }
    }
}
