//! Families and styles: the designs shipped in `fonts/` and what each is for, the
//! designs some languages prefer (Nastaliq for Urdu), and the weight and slant text
//! asks for. Choice by these facts is [`super::book`]'s; this file holds the facts.

use unicode_script::Script;

use crate::locale::Locale;

/// A face's weight and slant, as text asks for them: what tells the faces of one
/// family apart here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Style {
    /// Bold weight (600 and up in a found face's `OS/2`).
    pub(crate) bold: bool,
    /// Italic or oblique.
    pub(crate) italic: bool,
}

impl Style {
    /// Upright, regular weight.
    pub(crate) const REGULAR: Style = Style { bold: false, italic: false };
    /// Upright, bold.
    pub(crate) const BOLD: Style = Style { bold: true, italic: false };
    /// Italic, regular weight.
    pub(crate) const ITALIC: Style = Style { bold: false, italic: true };
    /// Italic, bold.
    pub(crate) const BOLD_ITALIC: Style = Style { bold: true, italic: true };
    /// Every style, regular first.
    pub(crate) const ALL: [Style; 4] = [Style::REGULAR, Style::BOLD, Style::ITALIC, Style::BOLD_ITALIC];
}

/// A design family: one of those shipped in `fonts/`, or one found at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Noto Sans: Latin, Greek, Cyrillic, and the common punctuation.
    Sans,
    /// Noto Naskh Arabic: Arabic script, a book face for running text.
    Naskh,
    /// Noto Sans Hebrew.
    Hebrew,
    /// Noto Sans Devanagari (Hindi, Marathi, Nepali, ...); upright only.
    Devanagari,
    /// Noto Sans Thai; upright only.
    Thai,
    /// Noto Sans Ethiopic (Amharic, Tigrinya, ...); upright only.
    Ethiopic,
    /// Noto Sans Bengali (Bengali, Assamese); upright only.
    Bengali,
    /// Noto Sans Tamil; upright only.
    Tamil,
    /// Noto Sans Myanmar (Burmese); upright only.
    Myanmar,
    /// Noto Sans Sinhala; upright only.
    Sinhala,
    /// Noto Sans Georgian; upright only.
    Georgian,
    /// Noto Sans Armenian; upright only.
    Armenian,
    /// A family found by discovery: an index into the discovery index's family names.
    Found(u16),
}

/// A style of a script that some languages' readers expect instead of the family
/// shipped for it. A design is looked for among the faces found at run time, by
/// family name; without one, the shipped family serves, with no error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Design {
    /// Nastaliq, the hanging Perso-Arabic style Urdu is read in (Noto Nastaliq Urdu,
    /// Jameel Noori Nastaleeq, ...). Persian and Arabic are read in Naskh.
    Nastaliq,
}

impl Design {
    /// Every design, for finding a family's.
    const ALL: [Design; 1] = [Design::Nastaliq];

    /// Whether a family of this name is of this design (both common spellings).
    pub(crate) fn names(self, family: &str) -> bool {
        let family = family.to_ascii_lowercase();
        match self {
            Design::Nastaliq => family.contains("nastaliq") || family.contains("nastaleeq"),
        }
    }

    /// The design a family's name says it is of, if any.
    pub(crate) fn of_family(family: &str) -> Option<Design> {
        Design::ALL.into_iter().find(|d| d.names(family))
    }

    /// A letter every face of the design has, to ask whether the machine has one.
    pub(super) fn sample(self) -> char {
        match self {
            Design::Nastaliq => '\u{0627}',
        }
    }

    /// How much more leading than the script's shipped family lines in this design
    /// need. Nastaliq's words climb from the baseline of their last letter to well
    /// above the line (Noto Nastaliq Urdu's ascender is 1.9 em against Naskh's 1.07),
    /// so at Naskh's leading a tall word meets the descenders of the line above.
    pub(crate) fn leading_scale(self) -> f32 {
        match self {
            Design::Nastaliq => 1.3,
        }
    }

    /// Whether justification may lengthen joins with tatweel. Nastaliq's joins
    /// descend diagonally to the baseline of the word's last letter: a flat tatweel
    /// between them breaks the cascade instead of lengthening a stroke, so a
    /// Nastaliq line is justified with its spaces only.
    pub(crate) fn takes_kashida(self) -> bool {
        match self {
            Design::Nastaliq => false,
        }
    }
}

/// The languages whose Arabic-script text is read in Nastaliq: Urdu, and Punjabi and
/// Saraiki as written in Pakistan (Shahmukhi).
const NASTALIQ_LANGUAGES: [&str; 3] = ["ur", "pnb", "skr"];

/// The design text of language `lang` prefers for characters of `script`, when it
/// is not the family shipped for the script: a preference of the language (Urdu),
/// not of the script (Persian is read in Naskh), and only where the language is
/// written in that script (`ur-Latn` is not).
pub fn preferred_design(script: Script, lang: &Locale) -> Option<Design> {
    let nastaliq = NASTALIQ_LANGUAGES.contains(&lang.language()) && lang.script() == "Arab";
    (script == Script::Arabic && nastaliq).then_some(Design::Nastaliq)
}

/// The faces the project ships: file name, family, style. Only Noto Sans has
/// an italic; the other scripts' upright faces serve italic text. Each script's face
/// is shipped when it is small (all but Sans are under 350 KB a weight), so every
/// user has it; Noto Nastaliq Urdu (570 KB a weight) is found at run time instead
/// (see [`preferred_design`]), Urdu falling back to the shipped Naskh.
pub(super) const SHIPPED: [(&str, Family, Style); 26] = [
    ("NotoSans-Regular.ttf", Family::Sans, Style::REGULAR),
    ("NotoSans-Bold.ttf", Family::Sans, Style::BOLD),
    ("NotoSans-Italic.ttf", Family::Sans, Style::ITALIC),
    ("NotoSans-BoldItalic.ttf", Family::Sans, Style::BOLD_ITALIC),
    ("NotoNaskhArabic-Regular.ttf", Family::Naskh, Style::REGULAR),
    ("NotoNaskhArabic-Bold.ttf", Family::Naskh, Style::BOLD),
    ("NotoSansHebrew-Regular.ttf", Family::Hebrew, Style::REGULAR),
    ("NotoSansHebrew-Bold.ttf", Family::Hebrew, Style::BOLD),
    ("NotoSansDevanagari-Regular.ttf", Family::Devanagari, Style::REGULAR),
    ("NotoSansDevanagari-Bold.ttf", Family::Devanagari, Style::BOLD),
    ("NotoSansThai-Regular.ttf", Family::Thai, Style::REGULAR),
    ("NotoSansThai-Bold.ttf", Family::Thai, Style::BOLD),
    ("NotoSansEthiopic-Regular.ttf", Family::Ethiopic, Style::REGULAR),
    ("NotoSansEthiopic-Bold.ttf", Family::Ethiopic, Style::BOLD),
    ("NotoSansBengali-Regular.ttf", Family::Bengali, Style::REGULAR),
    ("NotoSansBengali-Bold.ttf", Family::Bengali, Style::BOLD),
    ("NotoSansTamil-Regular.ttf", Family::Tamil, Style::REGULAR),
    ("NotoSansTamil-Bold.ttf", Family::Tamil, Style::BOLD),
    ("NotoSansMyanmar-Regular.ttf", Family::Myanmar, Style::REGULAR),
    ("NotoSansMyanmar-Bold.ttf", Family::Myanmar, Style::BOLD),
    ("NotoSansSinhala-Regular.ttf", Family::Sinhala, Style::REGULAR),
    ("NotoSansSinhala-Bold.ttf", Family::Sinhala, Style::BOLD),
    ("NotoSansGeorgian-Regular.ttf", Family::Georgian, Style::REGULAR),
    ("NotoSansGeorgian-Bold.ttf", Family::Georgian, Style::BOLD),
    ("NotoSansArmenian-Regular.ttf", Family::Armenian, Style::REGULAR),
    ("NotoSansArmenian-Bold.ttf", Family::Armenian, Style::BOLD),
];

/// The shipped family for a script, if one is made for it.
pub(crate) fn script_family(script: Script) -> Option<Family> {
    match script {
        Script::Latin | Script::Greek | Script::Cyrillic => Some(Family::Sans),
        Script::Arabic => Some(Family::Naskh),
        Script::Hebrew => Some(Family::Hebrew),
        Script::Devanagari => Some(Family::Devanagari),
        Script::Thai => Some(Family::Thai),
        Script::Ethiopic => Some(Family::Ethiopic),
        Script::Bengali => Some(Family::Bengali),
        Script::Tamil => Some(Family::Tamil),
        Script::Myanmar => Some(Family::Myanmar),
        Script::Sinhala => Some(Family::Sinhala),
        Script::Georgian => Some(Family::Georgian),
        Script::Armenian => Some(Family::Armenian),
        // Spaces, digits, punctuation and marks follow the text around them, and so do
        // scripts without a shipped family: kana after kanji stay in the face the
        // kanji were found in.
        _ => None,
    }
}

impl Family {
    /// Whether text in this family is set larger and looser than Latin text at the
    /// same nominal size. Naskh's letters are small on the body, and its marks reach
    /// far above and below, so equal point sizes look unequal beside Noto Sans; the
    /// other shipped families are drawn to Noto Sans's proportions. A design that
    /// stands in for a family (Nastaliq for Naskh) is sized as the family is, and
    /// loosened further by its [`Design::leading_scale`].
    pub fn small_on_body(self) -> bool {
        matches!(self, Family::Naskh)
    }
}

/// Whether text of language `lang` is set larger (see [`Family::small_on_body`]):
/// when the family shipped for the language's script is. This is the one rule every
/// product reads for its sizes; direction does not enter it (Hebrew, right to left in
/// Noto Sans Hebrew, is set at Latin sizes).
pub fn small_on_body(lang: &Locale) -> bool {
    Script::from_short_name(lang.script()).and_then(script_family).is_some_and(Family::small_on_body)
}
