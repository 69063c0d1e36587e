//! The words the pack prints around the case text, per language.

use crate::locale::Locale;

/// Fixed wording for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Above the title on the cover.
    pub kicker: &'static str,
    /// Before the photo credit.
    pub photo: &'static str,
    /// Above the authorities' addresses.
    pub write_to: &'static str,
    /// Above the solidarity address.
    pub solidarity: &'static str,
    /// The sender block of the sample letter.
    pub sender: &'static str,
    /// The date line of the sample letter.
    pub date: &'static str,
    /// Under the signature line.
    pub signature: &'static str,
    /// Before an e-mail address.
    pub email: &'static str,
    /// Before a deadline.
    pub deadline: &'static str,
    /// In the postcard's stamp box.
    pub stamp: &'static str,
}

impl Labels {
    /// Every string of the wording: job keys scan it for characters that need a font
    /// found at run time.
    pub fn texts(&self) -> [&'static str; 10] {
        // Destructured without `..`, so a new field does not compile until it is listed.
        let Labels { kicker, photo, write_to, solidarity, sender, date, signature, email, deadline, stamp } =
            self;
        [kicker, photo, write_to, solidarity, sender, date, signature, email, deadline, stamp]
    }
}

const EN: Labels = Labels {
    kicker: "Urgent appeal",
    photo: "Photo",
    write_to: "Write to",
    solidarity: "Send a message of solidarity to",
    sender: "Your name and address",
    date: "Date",
    signature: "Signature",
    email: "Email",
    deadline: "Please write before",
    stamp: "Stamp",
};

const FR: Labels = Labels {
    kicker: "Appel urgent",
    photo: "Photo",
    write_to: "Écrivez à",
    solidarity: "Envoyez un message de solidarité à",
    sender: "Vos nom et adresse",
    date: "Date",
    signature: "Signature",
    email: "Courriel",
    deadline: "Merci d’écrire avant le",
    stamp: "Timbre",
};

const NL: Labels = Labels {
    kicker: "Urgente oproep",
    photo: "Foto",
    write_to: "Schrijf naar",
    solidarity: "Stuur een solidariteitsboodschap naar",
    sender: "Uw naam en adres",
    date: "Datum",
    signature: "Handtekening",
    email: "E-mail",
    deadline: "Schrijf vóór",
    stamp: "Postzegel",
};

const ES: Labels = Labels {
    kicker: "Acción urgente",
    photo: "Foto",
    write_to: "Escribe a",
    solidarity: "Envía un mensaje de solidaridad a",
    sender: "Tu nombre y dirección",
    date: "Fecha",
    signature: "Firma",
    email: "Correo electrónico",
    deadline: "Escribe antes del",
    stamp: "Sello",
};

const AR: Labels = Labels {
    kicker: "نداء عاجل",
    photo: "الصورة",
    write_to: "اكتبوا إلى",
    solidarity: "أرسلوا رسالة تضامن إلى",
    sender: "اسمك وعنوانك",
    date: "التاريخ",
    signature: "التوقيع",
    email: "البريد الإلكتروني",
    deadline: "يرجى الكتابة قبل",
    stamp: "طابع",
};

const HI: Labels = Labels {
    kicker: "तत्काल अपील",
    photo: "फ़ोटो",
    write_to: "इन्हें पत्र लिखें",
    solidarity: "एकजुटता का संदेश यहाँ भेजें",
    sender: "आपका नाम और पता",
    date: "दिनांक",
    signature: "हस्ताक्षर",
    email: "ईमेल",
    deadline: "कृपया इस तिथि से पहले लिखें:",
    stamp: "डाक टिकट",
};

const TH: Labels = Labels {
    kicker: "ปฏิบัติการด่วน",
    photo: "ภาพ",
    write_to: "เขียนจดหมายถึง",
    solidarity: "ส่งข้อความให้กำลังใจถึง",
    sender: "ชื่อและที่อยู่ของคุณ",
    date: "วันที่",
    signature: "ลายมือชื่อ",
    email: "อีเมล",
    deadline: "โปรดเขียนก่อนวันที่",
    stamp: "แสตมป์",
};

const AM: Labels = Labels {
    kicker: "አስቸኳይ ጥሪ",
    photo: "ፎቶ",
    write_to: "ለሚከተሉት ይጻፉ፦",
    solidarity: "የአጋርነት መልእክት ወደዚህ ይላኩ፦",
    sender: "ስምዎና አድራሻዎ",
    date: "ቀን",
    signature: "ፊርማ",
    email: "ኢሜይል",
    deadline: "እባክዎ ከዚህ ቀን በፊት ይጻፉ፦",
    stamp: "ቴምብር",
};

/// Chinese in simplified characters (zh, zh-Hans, zh-CN, zh-SG).
const ZH_HANS: Labels = Labels {
    kicker: "紧急行动",
    photo: "照片",
    write_to: "请写信给",
    solidarity: "请将声援信息寄至",
    sender: "您的姓名和地址",
    date: "日期",
    signature: "签名",
    email: "电子邮件",
    deadline: "请在此日期前写信：",
    stamp: "邮票",
};

/// Chinese in traditional characters (zh-Hant, zh-TW, zh-HK, zh-MO).
const ZH_HANT: Labels = Labels {
    kicker: "緊急行動",
    photo: "照片",
    write_to: "請寫信給",
    solidarity: "請將聲援訊息寄至",
    sender: "您的姓名和地址",
    date: "日期",
    signature: "簽名",
    email: "電子郵件",
    deadline: "請在此日期前寫信：",
    stamp: "郵票",
};

const JA: Labels = Labels {
    kicker: "緊急行動",
    photo: "写真",
    write_to: "宛先",
    solidarity: "連帯のメッセージの送り先",
    sender: "あなたの氏名と住所",
    date: "日付",
    signature: "署名",
    email: "メール",
    deadline: "締め切り：",
    stamp: "切手",
};

const KO: Labels = Labels {
    kicker: "긴급 행동",
    photo: "사진",
    write_to: "편지 보낼 곳",
    solidarity: "연대 메시지 보낼 곳",
    sender: "보내는 사람 이름과 주소",
    date: "날짜",
    signature: "서명",
    email: "이메일",
    deadline: "마감일:",
    stamp: "우표",
};

/// The labels for a language tag, and whether they are a fallback (English).
pub fn labels_for(lang: &Locale) -> (&'static Labels, bool) {
    match lang.language() {
        "en" => (&EN, false),
        "fr" => (&FR, false),
        "nl" => (&NL, false),
        "es" => (&ES, false),
        "ar" => (&AR, false),
        "hi" => (&HI, false),
        "th" => (&TH, false),
        "am" => (&AM, false),
        "zh" if lang.script() == "Hant" => (&ZH_HANT, false),
        "zh" => (&ZH_HANS, false),
        "ja" => (&JA, false),
        "ko" => (&KO, false),
        _ => (&EN, true),
    }
}

/// Month names for dates printed in the pack.
fn months(lang: &Locale) -> [&'static str; 12] {
    match lang.language() {
        "fr" => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "nl" => [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "es" => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        // The month names used in Morocco and across the Maghreb.
        "ar" => [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "ماي",
            "يونيو",
            "يوليوز",
            "غشت",
            "شتنبر",
            "أكتوبر",
            "نونبر",
            "دجنبر",
        ],
        _ => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    }
}

/// A date as the language writes it in running text: "31 March 2027",
/// "31 de marzo de 2027", "2027年3月31日". Thai counts years in the Buddhist era and
/// Amharic dates are given in the Ethiopian calendar, as each is read day to day.
pub fn format_date(lang: &Locale, (year, month, day): (i32, u32, u32)) -> String {
    let month = month.clamp(1, 12);
    let name = |names: [&'static str; 12]| names[(month - 1) as usize];
    match lang.language() {
        "es" => format!("{day} de {} de {year}", name(months(lang))),
        "zh" | "ja" => format!("{year}年{month}月{day}日"),
        "ko" => format!("{year}년 {month}월 {day}일"),
        "th" => format!("{day} {} {}", name(THAI_MONTHS), year + 543),
        "hi" => format!("{day} {} {year}", name(HINDI_MONTHS)),
        "am" => {
            let (year, month, day) = ethiopian_date(year, month, day);
            format!("{} {day} ቀን {year} ዓ.ም.", ETHIOPIAN_MONTHS[(month - 1) as usize])
        }
        _ => format!("{day} {} {year}", name(months(lang))),
    }
}

const THAI_MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

const HINDI_MONTHS: [&str; 12] =
    ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"];

/// The twelve thirty-day months of the Ethiopian calendar and Pagume, the five or
/// six days that close the year.
const ETHIOPIAN_MONTHS: [&str; 13] =
    ["መስከረም", "ጥቅምት", "ኅዳር", "ታኅሣሥ", "ጥር", "የካቲት", "መጋቢት", "ሚያዝያ", "ግንቦት", "ሰኔ", "ሐምሌ", "ነሐሴ", "ጳጉሜን"];

/// The Julian day number of a Gregorian date (Fliegel and Van Flandern).
fn julian_day(year: i32, month: u32, day: u32) -> i64 {
    let (y, m, d) = (year as i64, month as i64, day as i64);
    let a = (14 - m) / 12;
    let y = y + 4800 - a;
    let m = m + 12 * a - 3;
    d + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
}

/// A Gregorian date in the Ethiopian calendar (year, month 1 to 13, day): years of
/// 365 days, every fourth of 366 (the years before a year divisible by four), counted
/// from Meskerem 1 of year 0 (Julian day 1,723,856; year 1 of Amete Mihret starts a
/// year later), so that the leap day closes the fourth year of each cycle.
fn ethiopian_date(year: i32, month: u32, day: u32) -> (i64, u32, u32) {
    const EPOCH: i64 = 1_723_856;
    let days = julian_day(year, month, day) - EPOCH;
    let cycle = days.rem_euclid(1461);
    let day_of_year = cycle % 365 + 365 * (cycle / 1460);
    let year = 4 * days.div_euclid(1461) + cycle / 365 - cycle / 1460;
    (year, (day_of_year / 30 + 1) as u32, (day_of_year % 30 + 1) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::locale;

    #[test]
    fn dates_in_each_language() {
        assert_eq!(format_date(&locale("en"), (2027, 3, 31)), "31 March 2027");
        assert_eq!(format_date(&locale("fr"), (2027, 3, 31)), "31 mars 2027");
        assert_eq!(format_date(&locale("es"), (2027, 3, 1)), "1 de marzo de 2027");
        assert_eq!(format_date(&locale("ar"), (2027, 3, 31)), "31 مارس 2027");
        assert_eq!(format_date(&locale("hi"), (2027, 3, 31)), "31 मार्च 2027");
        assert_eq!(format_date(&locale("th"), (2027, 3, 31)), "31 มีนาคม 2570");
        assert_eq!(format_date(&locale("zh-Hant"), (2027, 3, 31)), "2027年3月31日");
        assert_eq!(format_date(&locale("ja"), (2027, 3, 31)), "2027年3月31日");
        assert_eq!(format_date(&locale("ko"), (2027, 3, 31)), "2027년 3월 31일");
        assert_eq!(format_date(&locale("am"), (2027, 3, 31)), "መጋቢት 22 ቀን 2019 ዓ.ም.");
    }

    #[test]
    fn ethiopian_new_years_and_pagume() {
        // Meskerem 1 falls on 11 September, or on the 12th in the year before a
        // Gregorian leap year; the days before it are Pagume, six of them after an
        // Ethiopian leap year (2015 E.C.).
        assert_eq!(ethiopian_date(2024, 9, 11), (2017, 1, 1));
        assert_eq!(ethiopian_date(2023, 9, 12), (2016, 1, 1));
        assert_eq!(ethiopian_date(2023, 9, 11), (2015, 13, 6));
        assert_eq!(ethiopian_date(2024, 9, 10), (2016, 13, 5));
        assert_eq!(ethiopian_date(2000, 1, 7), (1992, 4, 28));
    }

    #[test]
    fn known_and_fallback_languages() {
        assert_eq!(labels_for(&locale("fr")).0.write_to, "Écrivez à");
        assert_eq!(labels_for(&locale("pt-BR")), (&EN, true));
        assert_eq!(labels_for(&locale("hi-IN")), (&HI, false));
        assert_eq!(labels_for(&locale("zh")), (&ZH_HANS, false));
        assert_eq!(labels_for(&locale("zh-Hans-HK")), (&ZH_HANS, false));
        assert_eq!(labels_for(&locale("zh-Hant")), (&ZH_HANT, false));
        assert_eq!(labels_for(&locale("zh-TW")), (&ZH_HANT, false));
        assert_eq!(labels_for(&locale("zh-HK")), (&ZH_HANT, false));
    }
}
