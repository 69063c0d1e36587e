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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::locale;

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
