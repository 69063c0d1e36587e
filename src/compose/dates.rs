//! Dates as each language writes them, from CLDR's data through ICU4X: the long date
//! pattern of the language ("31 March 2027", "31. März 2027", "2027年3月31日") in the
//! calendar its readers count days in.
//!
//! The calendar is our rule, not CLDR's region default, so that it is stated here and
//! does not change with a region subtag: Amharic dates are in the Ethiopian calendar
//! (Amete Mihret era), Thai in the Buddhist era, Persian in the Solar Hijri calendar,
//! and every other language in the Gregorian one. CLDR alone would differ: it gives
//! `am` (Ethiopia) the Gregorian calendar first, and `ar-SA` the Umm al-Qura Hijri one.
//!
//! Formatting never reads the machine: no system locale, no clock, only the tag and
//! the date given, and the data compiled into the binary.

use std::sync::{Arc, LazyLock};

use icu_calendar::cal::{Buddhist, Ethiopian, Gregorian, Persian};
use icu_calendar::{Date, Iso};
use icu_datetime::fieldsets::YMD;
use icu_datetime::{parts, DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter};
use icu_locale::extensions::unicode::{key, value};
use icu_locale::subtags::{language, region};
use icu_locale::{Locale as IcuLocale, LocaleCanonicalizer};

use writeable::{Part, PartsWrite, Writeable};

use super::conventions::Digits;
use crate::locale::Locale;
use crate::once_map::OnceMap;

/// A date as printed in a pack, and whether CLDR has the language's own pattern for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormattedDate {
    /// The date in the language's long pattern, or as `2027-03-31` when CLDR has no
    /// date data for the language.
    pub text: String,
    /// False when the language has no date data, so the text is the ISO 8601 date: a
    /// form no reader misreads, rather than English or CLDR's root placeholders
    /// ("2027 M03 31").
    pub(crate) localized: bool,
}

/// A Gregorian `(year, month, day)` as `lang` writes it in running text, with `digits`.
/// `None` only for a date that does not exist (30 February).
pub fn format_date(
    lang: &Locale,
    (year, month, day): (i32, u32, u32),
    digits: Digits,
) -> Option<FormattedDate> {
    let date = Date::try_new_iso(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?).ok()?;
    let formatter = formatter_for(lang);
    let text = match formatter.as_deref() {
        Some(f) if f.localized => f.format(date),
        _ => format!("{year:04}-{month:02}-{day:02}"),
    };
    Some(FormattedDate { text: digits.apply(&text), localized: formatter.is_some_and(|f| f.localized) })
}

/// The calendars the packs print dates in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Calendar {
    Gregorian,
    Buddhist,
    Ethiopian,
    Persian,
}

/// The calendar `language`'s readers expect in a dated letter (see the module doc).
fn calendar_of(language: &str) -> Calendar {
    match language {
        "am" => Calendar::Ethiopian,
        "th" => Calendar::Buddhist,
        "fa" => Calendar::Persian,
        _ => Calendar::Gregorian,
    }
}

/// A long-date formatter in one calendar, and whether its language has data of its own.
#[derive(Debug)]
struct DateFormatter {
    calendar: CalendarFormatter,
    localized: bool,
    /// The language's own era, where CLDR lacks it ([`era_override`]).
    era: Option<&'static str>,
}

/// ICU4X's formatter for one calendar. A fixed calendar links only these four
/// calendars' names and patterns into the binary, not the dozen CLDR knows.
#[derive(Debug)]
enum CalendarFormatter {
    Gregorian(FixedCalendarDateTimeFormatter<Gregorian, YMD>),
    Buddhist(FixedCalendarDateTimeFormatter<Buddhist, YMD>),
    Ethiopian(FixedCalendarDateTimeFormatter<Ethiopian, YMD>),
    Persian(FixedCalendarDateTimeFormatter<Persian, YMD>),
}

impl DateFormatter {
    /// The long-date formatter for `locale` in `calendar`, `None` if ICU4X cannot make
    /// one (it always can with compiled data: it falls back to root).
    fn new(locale: &IcuLocale, calendar: Calendar) -> Option<DateFormatter> {
        let root = CalendarFormatter::new(&IcuLocale::UNKNOWN, calendar)?;
        let formatter = CalendarFormatter::new(locale, calendar)?;
        // A language CLDR has no date data for falls back to root, whose months are
        // "M01" to "M12": the same text as root's means the language has none.
        let probe = Date::try_new_iso(2027, 3, 31).ok()?;
        let localized = locale.id.language != language!("und")
            && formatter.format(probe, None) != root.format(probe, None);
        let era = era_override(locale.id.language.as_str(), calendar);
        Some(DateFormatter { calendar: formatter, localized, era })
    }

    fn format(&self, date: Date<Iso>) -> String {
        self.calendar.format(date, self.era)
    }
}

impl CalendarFormatter {
    fn new(locale: &IcuLocale, calendar: Calendar) -> Option<CalendarFormatter> {
        let prefs = DateTimeFormatterPreferences::from(locale);
        let long = YMD::long();
        Some(match calendar {
            Calendar::Gregorian => {
                Self::Gregorian(FixedCalendarDateTimeFormatter::try_new(prefs, long).ok()?)
            }
            Calendar::Buddhist => Self::Buddhist(FixedCalendarDateTimeFormatter::try_new(prefs, long).ok()?),
            Calendar::Ethiopian => {
                Self::Ethiopian(FixedCalendarDateTimeFormatter::try_new(prefs, long).ok()?)
            }
            Calendar::Persian => Self::Persian(FixedCalendarDateTimeFormatter::try_new(prefs, long).ok()?),
        })
    }

    /// `date` in this calendar; the era, if the pattern has one, written as `era`.
    fn format(&self, date: Date<Iso>, era: Option<&'static str>) -> String {
        let mut out = EraReplacer { text: String::new(), era, in_era: 0 };
        // Writing to a String cannot fail.
        let _ = match self {
            Self::Gregorian(f) => f.format(&date.to_calendar(Gregorian)).write_to_parts(&mut out),
            Self::Buddhist(f) => f.format(&date.to_calendar(Buddhist)).write_to_parts(&mut out),
            // Amete Mihret, the era of everyday dates in Ethiopia.
            Self::Ethiopian(f) => f.format(&date.to_calendar(Ethiopian::default())).write_to_parts(&mut out),
            Self::Persian(f) => f.format(&date.to_calendar(Persian)).write_to_parts(&mut out),
        };
        out.text
    }
}

/// The era a language writes where CLDR has none of its own, so ICU4X would print
/// root's Latin abbreviation. CLDR has no Amharic names for the Ethiopian eras: ICU4X
/// prints "መጋቢት 22፣ 2019 AM", where Amharic writes ዓ.ም. (ዓመተ ምሕረት, "year of mercy").
fn era_override(language: &str, calendar: Calendar) -> Option<&'static str> {
    match (language, calendar) {
        ("am", Calendar::Ethiopian) => Some("ዓ.ም."),
        _ => None,
    }
}

/// A sink for a formatted date that writes `era`, when given, instead of the text
/// ICU4X marks as the era.
struct EraReplacer {
    text: String,
    era: Option<&'static str>,
    /// Depth inside an era part whose text is being dropped.
    in_era: usize,
}

impl std::fmt::Write for EraReplacer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.in_era == 0 {
            self.text.push_str(s);
        }
        Ok(())
    }
}

impl PartsWrite for EraReplacer {
    type SubPartsWrite = Self;

    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self) -> std::fmt::Result,
    ) -> std::fmt::Result {
        match self.era {
            Some(era) if part == parts::ERA => {
                if self.in_era == 0 {
                    self.text.push_str(era);
                }
                self.in_era += 1;
                let result = f(self);
                self.in_era -= 1;
                result
            }
            _ => f(self),
        }
    }
}

/// The ICU locale that `lang`'s dates are formatted in, and their calendar.
///
/// The tag as written counts (language, script, region; [`Locale`] has no extensions),
/// not its likely subtags: a bare `fr` is French French, not a guess at a region. ICU formats with Latin digits (`-u-nu-latn`), which
/// [`Digits::apply`] then turns into the file's digits: one choice for the page's
/// numbers and its dates, where CLDR's own default would print Persian, Bengali or
/// Burmese digits in a file that asked for 0-9.
///
/// A bare `en` is CLDR's United States English ("March 31, 2027"); packs go to many
/// countries, so it is formatted as world English, `en-001` ("31 March 2027"), and
/// `en-US` keeps the American order.
fn date_locale(lang: &Locale) -> (IcuLocale, Calendar) {
    let mut locale = IcuLocale::try_from_str(lang.tag()).unwrap_or(IcuLocale::UNKNOWN);
    // CLDR keeps its data under the preferred codes: `tl` (Tagalog) is `fil`, `iw` `he`.
    LocaleCanonicalizer::new_common().canonicalize(&mut locale);
    let mut id = locale.id;
    if id.language == language!("en") && id.region.is_none() {
        id.region = Some(region!("001"));
    }
    let calendar = calendar_of(id.language.as_str());
    let mut locale = IcuLocale::from(id);
    locale.extensions.unicode.keywords.set(key!("nu"), value!("latn"));
    (locale, calendar)
}

/// The formatter for `lang`, made once per locale and calendar and then shared: making
/// one loads and checks data, formatting with it is cheap.
fn formatter_for(lang: &Locale) -> Option<Arc<DateFormatter>> {
    static FORMATTERS: LazyLock<OnceMap<String, Option<Arc<DateFormatter>>>> =
        LazyLock::new(OnceMap::default);
    let (locale, calendar) = date_locale(lang);
    FORMATTERS.get_or_init(locale.to_string(), || DateFormatter::new(&locale, calendar).map(Arc::new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::locale;

    fn date(lang: &str, ymd: (i32, u32, u32)) -> String {
        format_date(&locale(lang), ymd, Digits::LATIN).map(|d| d.text).unwrap_or_default()
    }

    /// 31 March 2027 in each language. The strings are ICU4X 2.4's output, checked
    /// against CLDR's `yMMMMd` patterns and month names (Babel 2.19's CLDR data): the
    /// long date of the semantic skeleton, which for vi, hi, ta, ha, yo and am differs
    /// in its commas and order from CLDR's `long` date format.
    const MARCH_31: &[(&str, &str)] = &[
        ("en", "31 March 2027"),
        ("fr", "31 mars 2027"),
        ("nl", "31 maart 2027"),
        ("es", "31 de marzo de 2027"),
        ("ar", "31 مارس 2027"),
        ("de", "31. März 2027"),
        ("it", "31 marzo 2027"),
        ("pt-BR", "31 de março de 2027"),
        ("pl", "31 marca 2027"),
        ("ru", "31 марта 2027\u{202f}г."),
        ("uk", "31 березня 2027\u{202f}р."),
        ("el", "31 Μαρτίου 2027"),
        ("tr", "31 Mart 2027"),
        ("sv", "31 mars 2027"),
        ("cs", "31. března 2027"),
        ("hu", "2027. március 31."),
        ("ro", "31 martie 2027"),
        ("id", "31 Maret 2027"),
        ("vi", "31 tháng 3 2027"),
        ("sw", "31 Machi 2027"),
        ("he", "31 במרץ 2027"),
        ("fa", "11 فروردین 1406"),
        ("ur", "31 مارچ، 2027"),
        ("hi", "31 मार\u{94d}च, 2027"),
        ("ne", "2027 मार\u{94d}च 31"),
        ("bn", "31 ম\u{9be}র\u{9cd}চ, 2027"),
        ("ta", "31 ம\u{bbe}ர\u{bcd}ச\u{bcd} 2027"),
        ("th", "31 ม\u{e35}นาคม 2570"),
        ("am", "መጋቢት 22፣ 2019 ዓ.ም."),
        ("zh", "2027年3月31日"),
        ("zh-Hant", "2027年3月31日"),
        ("ja", "2027年3月31日"),
        ("ko", "2027년 3월 31일"),
        ("my", "2027 မတ\u{103a} 31"),
        ("si", "2027 මැද\u{dd2}න\u{dca} 31"),
        ("ka", "31 მარტი, 2027"),
        ("hy", "2027 թ․ մարտի 31"),
        ("sr-Latn", "31. mart 2027."),
        ("ha", "2027, Maris 31"),
        ("yo", "31 Oṣù Ẹrẹ\u{300}nà 2027"),
        ("tl", "Marso 31, 2027"),
    ];

    #[test]
    fn dates_in_each_language() {
        for &(lang, expected) in MARCH_31 {
            let formatted = format_date(&locale(lang), (2027, 3, 31), Digits::LATIN).unwrap();
            assert_eq!((lang, formatted.text.as_str()), (lang, expected));
            assert!(formatted.localized, "{lang}");
        }
    }

    #[test]
    fn ethiopian_new_years_and_pagume() {
        // Meskerem 1 falls on 11 September, or on the 12th in the year before a
        // Gregorian leap year; the days before it are Pagume, six of them after an
        // Ethiopian leap year (2015 E.C.).
        assert_eq!(date("am", (2024, 9, 11)), "መስከረም 1፣ 2017 ዓ.ም.");
        assert_eq!(date("am", (2023, 9, 12)), "መስከረም 1፣ 2016 ዓ.ም.");
        assert_eq!(date("am", (2023, 9, 11)), "ጳጉሜን 6፣ 2015 ዓ.ም.");
        assert_eq!(date("am", (2024, 9, 10)), "ጳጉሜን 5፣ 2016 ዓ.ም.");
        assert_eq!(date("am", (2000, 1, 7)), "ታኅሣሥ 28፣ 1992 ዓ.ም.");
        assert_eq!(date("am-ET", (2000, 1, 7)), "ታኅሣሥ 28፣ 1992 ዓ.ም.");
    }

    #[test]
    fn thai_buddhist_and_persian_years() {
        // The Thai year is the Gregorian one plus 543 and turns on 1 January.
        assert_eq!(date("th", (2026, 12, 31)), "31 ธันวาคม 2569");
        assert_eq!(date("th-TH", (2027, 1, 1)), "1 มกราคม 2570");
        // The Solar Hijri year turns at Nowruz; 1403 was a leap year, 1405 is not.
        assert_eq!(date("fa", (2025, 3, 20)), "30 اسفند 1403");
        assert_eq!(date("fa", (2025, 3, 21)), "1 فروردین 1404");
        assert_eq!(date("fa", (2027, 3, 20)), "29 اسفند 1405");
        // Dari names the same month Hut.
        assert_eq!(date("fa-AF", (2027, 3, 20)), "29 حوت 1405");
    }

    #[test]
    fn other_languages_and_regions_keep_the_gregorian_calendar() {
        // CLDR's default for Saudi Arabia is the Umm al-Qura calendar.
        assert_eq!(date("ar-SA", (2027, 3, 31)), "31 مارس 2027");
        assert_eq!(date("zh-TW", (2027, 3, 31)), "2027年3月31日");
        assert_eq!(date("he-IL", (2027, 3, 31)), "31 במרץ 2027");
    }

    #[test]
    fn regions_choose_their_variant() {
        assert_eq!(date("en-US", (2027, 3, 31)), "March 31, 2027");
        assert_eq!(date("en-GB", (2027, 3, 31)), "31 March 2027");
        // Morocco's month names.
        assert_eq!(date("ar-MA", (2027, 5, 3)), "3 ماي 2027");
        assert_eq!(date("ar", (2027, 5, 3)), "3 مايو 2027");
    }

    #[test]
    fn native_digits_are_icus_numbering_systems() {
        // Latin digits from ICU then `Digits::apply` give what ICU's own numbering
        // system for the language gives.
        for (tag, digits) in [
            ("ar-u-nu-arab", Digits::ARABIC_INDIC),
            ("fa-u-nu-arabext", Digits::EXTENDED_ARABIC_INDIC),
            ("hi-u-nu-deva", Digits::DEVANAGARI),
            ("th-u-nu-thai", Digits::THAI),
        ] {
            let icu_locale = IcuLocale::try_from_str(tag).unwrap();
            let icu = CalendarFormatter::new(&icu_locale, calendar_of(&tag[..2]))
                .unwrap()
                .format(Date::try_new_iso(2027, 3, 31).unwrap(), None);
            assert_eq!(format_date(&locale(&tag[..2]), (2027, 3, 31), digits).unwrap().text, icu, "{tag}");
        }
        assert_eq!(
            format_date(&locale("fa"), (2027, 3, 31), Digits::EXTENDED_ARABIC_INDIC).unwrap().text,
            "۱۱ فروردین ۱۴۰۶"
        );
        // CLDR's default digits for Persian, Bengali and Burmese are their own; the
        // file's Latin choice wins.
        assert_eq!(date("bn", (2027, 3, 31)), "31 মার্চ, 2027");
    }

    #[test]
    fn languages_without_date_data_get_iso_dates_not_english() {
        // Thaana (Dhivehi) and Yiddish have likely subtags but no CLDR dates.
        for lang in ["dv", "yi"] {
            let formatted = format_date(&locale(lang), (2027, 3, 1), Digits::LATIN).unwrap();
            assert_eq!(formatted, FormattedDate { text: "2027-03-01".into(), localized: false }, "{lang}");
        }
        assert_eq!(format_date(&locale("en"), (2027, 2, 29), Digits::LATIN), None);
    }
}
