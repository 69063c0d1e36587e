//! Our shaping agrees with HarfBuzz, glyph for glyph: every string in [`TABLE`] is
//! shaped by the product's own path (`appealpress::text::shape::shape_units`, the font
//! units that `shape` scales to points, with a plan from the same `compile_plan` the
//! font book caches) and by HarfBuzz's `hb-shape`, in the Regular and the Bold face,
//! and the glyph ids, clusters, advances and offsets must be equal in font units.
//!
//! rustybuzz is a port of HarfBuzz, so this is the check that the port, our buffer
//! set-up (direction, script, language) and our feature choice (the defaults) give
//! what the reference gives for the complex scripts we ship: Arabic joining and marks,
//! Hebrew niqqud, Devanagari conjuncts and reordering, Thai mark stacking and Ethiopic
//! syllables and punctuation; Bengali, Tamil, Sinhala and Myanmar reordering and
//! conjuncts, Georgian and Armenian, Persian in Naskh, Urdu in Nastaliq (found at run
//! time: Debian's fonts-noto-core) and Yiddish in the Hebrew face. It needs `hb-shape` (Debian's libharfbuzz-bin): without
//! it the test says so and passes, unless `APPEALPRESS_REQUIRE_TOOLS` is set, as
//! `.ci/run` sets it, where a missing `hb-shape` fails.

use crate::common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use appealpress::locale::Locale;
use appealpress::text::shape::{compile_plan, shape_units};
use serde::Deserialize;

/// The strings of one script, each shaped in every face of `faces`.
struct ScriptCases {
    /// Name for the summary.
    name: &'static str,
    /// Font files in `fonts/`, or, for a face found at run time (Nastaliq), in
    /// [`common::NOTO_CORE_DIR`].
    faces: [&'static str; 2],
    /// ISO 15924 tag the buffer must guess from the text. A wrong guess would compile
    /// another script's plan in the product, so it is checked, not assumed.
    script: &'static str,
    /// The language tag a language file of this script gives the shaper.
    lang: &'static str,
    /// Whether the bidi step hands this script's items to the shaper right to left.
    rtl: bool,
    /// (text, what it exercises).
    cases: &'static [(&'static str, &'static str)],
}

/// The strings compared. Each font covers every character of its strings (checked:
/// a `.notdef` glyph fails the test), because the product would shape an uncovered
/// character in another face, so such a string would not test this one. Notably
/// Noto Sans Hebrew has no ASCII punctuation or digits, Noto Naskh Arabic no
/// parentheses, Noto Sans Thai no full stop and Noto Sans Ethiopic no guillemets.
const TABLE: &[ScriptCases] = &[
    ScriptCases {
        name: "Arabic",
        faces: ["NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"],
        script: "Arab",
        lang: "ar",
        rtl: true,
        cases: &[
            ("بيت", "initial, medial and final forms of dual-joining letters"),
            ("مستشفى", "a long joined chain ending in alef maksura"),
            ("دار ورد", "right-joining letters (dal, alef, reh, waw) break the chain"),
            ("لا", "the lam-alef ligature (rlig)"),
            ("السلام", "lam-alef inside a word, after the article"),
            ("لأن إلى", "lam-alef with hamza above; alef with hamza below"),
            ("قرآن", "alef madda after a joining letter"),
            ("الله", "the lam-lam-heh ligature of the name of God"),
            ("بِسْمِ اللَّهِ", "kasra and sukun; shadda stacked with fatha"),
            ("مُحَمَّدٌ", "damma, shadda with fatha, dammatan on a final letter"),
            ("كِتَابًا", "fathatan on a final alef"),
            ("ٱلرَّحْمَٰنِ", "alef wasla and the superscript alef (U+0670) as a mark"),
            ("إِنَّ", "kasra under hamza-alef; shadda-fatha on a final noon"),
            ("مسؤول سؤال", "waw with hamza, joined and isolated"),
            ("ـبـ", "tatweel joining a letter on both sides"),
            ("المادة ١٩ لعام ٢٠٢٤", "Arabic-Indic digits in an Arabic run"),
            ("المادة 19", "European digits drawn by the Naskh face"),
            ("«العدالة»", "guillemets, mirrored in a right-to-left run"),
            ("نعم، لا؟ حرية! كرامة.", "Arabic comma and question mark, Latin ! and ."),
            ("می\u{200C}خواهم", "ZWNJ stopping the join inside a Persian word"),
            ("علي أعراس", "the sample case's name"),
        ],
    },
    ScriptCases {
        name: "Hebrew",
        faces: ["NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"],
        script: "Hebr",
        lang: "he",
        rtl: true,
        cases: &[
            ("שלום", "plain letters"),
            ("זכויות האדם", "final and non-final forms, two words"),
            ("בְּרֵאשִׁית", "dagesh with sheva, tsere, shin dot with hiriq"),
            ("שָׁלוֹם", "qamats under a dotted shin; holam on vav"),
            ("שׂמחה", "sin dot"),
            ("אֱלֹהִים", "hataf segol, holam, hiriq"),
            ("יְרוּשָׁלַיִם", "shuruk, patah and hiriq between yods"),
            ("כָּךְ", "dagesh and qamats in kaf; sheva inside final kaf"),
            ("תֵּל־אָבִיב", "maqaf between pointed words"),
            ("חֵרוּת וּכְבוֹד", "freedom and dignity: vav with shuruk as a word"),
            ("צה״ל", "gershayim inside an acronym"),
            ("ז׳ורנליסט", "geresh marking a borrowed sound"),
        ],
    },
    ScriptCases {
        name: "Devanagari",
        faces: ["NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"],
        script: "Deva",
        lang: "hi",
        rtl: false,
        cases: &[
            ("नमस्ते", "half sa before ta (स्त)"),
            ("क्षमा", "the kṣa conjunct (क्ष)"),
            ("त्रिशूल", "tra (त्र) with the i-matra reordered before it"),
            ("ज्ञान", "the jña conjunct (ज्ञ)"),
            ("श्रम श्री", "śra (श्र) and śrī"),
            ("अर्क", "reph: ra-virama drawn above the next consonant (र्क)"),
            ("धर्म कर्तव्य", "reph on ma and on ta"),
            ("किताब", "i-matra drawn before its consonant"),
            ("स्थिति", "i-matra reordered before a whole conjunct"),
            ("क़ानून ज़िंदगी", "nukta (U+093C) under ka and ja; anusvara"),
            ("चाँद हँसना", "candrabindu"),
            ("विद्यालय उद्देश्य", "da-ya and da-da conjuncts; half śa before ya"),
            ("प्यार न्याय", "half pa and half na before ya"),
            ("ट्रक प्रकाश", "rakar under ṭa and pa"),
            ("कृष्ण हृदय", "vocalic r sign; ṣa-ṇa half form"),
            ("राष्ट्र युद्ध", "three-consonant conjunct ṣ-ṭ-ra; dda-dha"),
            ("स्वतंत्रता मानवाधिकार", "freedom and human rights: sva, tra, long vowels"),
            ("क्\u{200D}ष", "ZWJ asking for an explicit half form"),
            ("क्\u{200C}ष", "ZWNJ asking for a visible virama"),
            ("दुःख रु रू", "visarga; ra's own forms with u and uu"),
            ("अनुच्छेद १९। ॐ", "Devanagari digits, danda, the om sign"),
        ],
    },
    ScriptCases {
        name: "Thai",
        faces: ["NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"],
        script: "Thai",
        lang: "th",
        rtl: false,
        cases: &[
            ("สวัสดี", "mai han-akat and sara ii above"),
            ("ที่", "a tone mark stacked on an upper vowel"),
            ("น้ำ", "sara am split into nikhahit and sara aa, the tone mark moved between"),
            ("ทำ กำลัง", "sara am without a tone mark"),
            ("เก่ง แม่ โต๊ะ", "leading vowels เ แ โ; mai ek and mai tri"),
            ("เจ๋ง อึ๋ย", "mai chattawa, alone and on sara ue"),
            ("ปู่ ป้า ฟ้า", "tone marks moved clear of a tall consonant's ascender"),
            ("ปั้น ฝั่ง", "mai han-akat and a tone mark stacked on a tall consonant"),
            ("ญี่ปุ่น", "yo ying and po pla with vowels and tone marks"),
            ("ฐุ ฎุ", "below vowels under consonants with descenders"),
            ("สิทธิมนุษยชน", "human rights: sara i above, sara u below"),
            ("ความยุติธรรม เสรีภาพ", "justice and freedom"),
            ("ชื่อ ถึง", "sara uee with mai ek; sara ue"),
            ("ก็ พี่น้อง", "mai taikhu; two stacks in one word"),
            ("มาตรา ๑๙", "Thai digits"),
            ("กรุงเทพฯ ฯลฯ ฤดู", "paiyannoi; ru with sara uu"),
        ],
    },
    ScriptCases {
        name: "Ethiopic",
        faces: ["NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"],
        script: "Ethi",
        lang: "am",
        rtl: false,
        cases: &[
            ("ሰላም", "syllables of three orders"),
            ("ኢትዮጵያ", "Ethiopia: fourth, sixth and seventh orders"),
            ("አማርኛ", "Amharic: the sixth order and ኛ"),
            ("ሰብዓዊ መብቶች", "human rights: ዓ and ቶ"),
            ("ነፃነት ፍትሕ", "freedom and justice"),
            ("ዓለም።", "full stop ።"),
            ("አንድ፣ ሁለት፣ ሦስት።", "comma ፣ and full stop"),
            ("ሰላም፡ለዓለም፡", "the wordspace ፡"),
            ("ማሳሰቢያ፦ ቀን፤", "preface colon ፦ and semicolon ፤"),
            ("አንቀጽ ፲፱ ፩ ፪ ፫ ፻ ፼", "numerals ፲ ፱ ፩ ፪ ፫, hundred and ten thousand"),
            ("ኳስ ጓደኛ ቈ", "labiovelar syllables"),
            ("ለ፟ማ", "the combining gemination mark (U+135F) over a syllable"),
            ("ፓርቲ ጨለማ", "rarer consonants pa and ča"),
        ],
    },
    ScriptCases {
        name: "Persian",
        faces: ["NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"],
        script: "Arab",
        lang: "fa",
        rtl: true,
        cases: &[
            ("فارسی", "Persian yeh (U+06CC) in final form after seen"),
            ("گچ پژوهش", "the Persian letters gaf, che, pe and zhe"),
            ("کتاب‌ها", "keheh; ZWNJ before the plural suffix"),
            ("نامهٔ من", "hamza above a final heh (ezafe)"),
            ("آزادی بیان", "alef madda; Persian yeh, initial and final"),
            ("اسفند ۱۴۰۲", "Extended Arabic-Indic (Persian) digits"),
            ("حقوق بشر", "human rights: qaf and sheen"),
            ("یکی", "Persian yeh initial, medial and final"),
        ],
    },
    ScriptCases {
        name: "Urdu",
        faces: ["NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf"],
        script: "Arab",
        lang: "ur",
        rtl: true,
        cases: &[
            ("پاکستان", "a long Nastaliq cascade ending in noon"),
            ("اردو", "right-joining letters only"),
            ("ٹھیک ڈاکٹر", "tteh and ddal; do-chashmi heh after tteh"),
            ("بڑا", "rreh after beh"),
            ("میں ہے", "noon ghunna; heh goal"),
            ("لکھتے رہیں گے", "yeh barree after teh; gaf"),
            ("آزادی", "alef madda and the cascade of zain-alef-dal-yeh"),
            ("صحافی گرفتار", "sad-hah-alef; gaf-reh-feh"),
            ("مارچ ۲۰۲۴", "Urdu digits after a final che"),
            ("نستعلیق", "the name of the style: seen-teh-ain-lam-yeh-qaf"),
        ],
    },
    ScriptCases {
        name: "Yiddish",
        faces: ["NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"],
        script: "Hebr",
        lang: "yi",
        rtl: true,
        cases: &[
            ("ייִדיש", "hiriq under the second yod"),
            ("אַ אָ", "pasekh alef and komets alef"),
            ("װאָס", "the double-vav letter (U+05F0)"),
            ("פֿרײַ", "rafe over pe; tsvey yudn (U+05F2) with pasekh"),
            ("כּבֿוד", "dagesh in kaf; rafe over beth"),
            ("שרײַבן", "tsvey yudn with pasekh inside a word"),
            ("טױט", "vov yud (U+05F1)"),
            ("באַפֿרײַט", "three pointed letters in one word"),
        ],
    },
    ScriptCases {
        name: "Bengali",
        faces: ["NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"],
        script: "Beng",
        lang: "bn",
        rtl: false,
        cases: &[
            ("ক্ষমা", "the kṣa conjunct"),
            ("কিছু", "i-sign drawn before its consonant; u-sign"),
            ("বোন কৌশল", "two-part o and au signs around their consonant"),
            ("স্বাধীনতা", "sva: wa-phala; long ii"),
            ("মুক্তি", "kta conjunct with the i-sign before it"),
            ("ধর্ম কর্তব্য", "reph over ma and over ta"),
            ("প্রতিবেদন", "ra-phala under pa; e-sign reordered"),
            ("চিকিৎসা", "khanda ta"),
            ("বাংলাদেশ দুঃখ", "anusvara and visarga"),
            ("অনুচ্ছেদ ১৯", "cha-chha conjunct; Bengali digits"),
        ],
    },
    ScriptCases {
        name: "Tamil",
        faces: ["NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"],
        script: "Taml",
        lang: "ta",
        rtl: false,
        cases: &[
            ("தமிழ்", "pulli (virama) on the final consonant"),
            ("கொடு", "two-part o sign around its consonant"),
            ("கோயில்", "two-part oo sign"),
            ("கௌரவம்", "au sign: e before, au length mark after"),
            ("பெண் வேலை", "e, ee and ai signs drawn before their consonant"),
            ("க்ஷ ஸ்ரீ", "the kṣa conjunct and the shri ligature"),
            ("சுதந்திரம்", "u-sign ligated with its consonant; nta"),
            ("கூட்டம்", "uu-sign; doubled ṭa with pulli"),
            ("தொடர்ந்து", "two-part o sign in a word with pulli"),
        ],
    },
    ScriptCases {
        name: "Myanmar",
        faces: ["NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf"],
        script: "Mymr",
        lang: "my",
        rtl: false,
        cases: &[
            ("မြန်မာ", "medial ra drawn around its consonant; asat"),
            ("ကျွန်ုပ်", "medials ya and wa stacked; asat after u"),
            ("လွှတ်", "medials wa and ha"),
            ("ကြောင်း", "medial ra with the e-vowel before it; visarga"),
            ("မင်္ဂလာ", "kinzi (nga-asat-virama above the next consonant)"),
            ("ဗုဒ္ဓ", "a stacked consonant (virama U+1039)"),
            ("ငြိမ်းချမ်း", "medial ra with i; medial ya"),
            ("သတင်းထောက်", "tall aa after tha"),
            ("၂၀၂၄ ခုနှစ်", "Myanmar digits"),
        ],
    },
    ScriptCases {
        name: "Sinhala",
        faces: ["NotoSansSinhala-Regular.ttf", "NotoSansSinhala-Bold.ttf"],
        script: "Sinh",
        lang: "si",
        rtl: false,
        cases: &[
            ("ශ්\u{200D}රී", "rakaransaya (al-lakuna, ZWJ, ra) with ii"),
            ("ක්\u{200D}ය", "yansaya"),
            ("ලංකාව", "anusvara; aa sign"),
            ("කොළඹ", "two-part o sign: kombuva before, aela-pilla after"),
            ("සෞඛ්\u{200D}යය", "au sign; yansaya"),
            ("පෙරේරා", "kombuva and kombuva with al-lakuna"),
            ("නිදහස", "i-sign above"),
            ("මාධ්\u{200D}යවේදිනී", "yansaya after dha; ee sign"),
            ("ක්\u{200D}රියා", "rakaransaya inside a word"),
        ],
    },
    ScriptCases {
        name: "Georgian",
        faces: ["NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"],
        script: "Geor",
        lang: "ka",
        rtl: false,
        cases: &[
            ("თავისუფლება", "freedom: ascenders and descenders of Mkhedruli"),
            ("საქართველო", "Georgia"),
            ("ადამიანის უფლებები", "human rights"),
            ("ჟურნალისტი", "zhani"),
            ("დაუყოვნებლივ", "qari and the tall letters"),
            ("წერილი ჩვენ", "tsili and chini"),
        ],
    },
    ScriptCases {
        name: "Armenian",
        faces: ["NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"],
        script: "Armn",
        lang: "hy",
        rtl: false,
        cases: &[
            ("Հայաստան", "a capital and small letters"),
            ("իրավունք", "right: descenders"),
            ("Երևան", "the ech-yiwn ligature character (U+0587)"),
            ("ազատություն", "freedom"),
            ("Ազատե՛ք", "the emphasis mark (U+055B) over a vowel"),
            ("խաղաղ։", "the Armenian full stop (U+0589)"),
            ("Հարգանքով՝", "the comma-like abbreviation mark (U+055D)"),
        ],
    },
];

/// One glyph as `hb-shape --output-format=json --no-glyph-names` writes it: id,
/// cluster, advance and offset, all in font units at `--font-size=upem`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Glyph {
    g: u32,
    cl: u32,
    ax: i32,
    ay: i32,
    dx: i32,
    dy: i32,
}

/// What a buffer was shaped with, as `hb-shape` options take it.
struct Props {
    rtl: bool,
    script: String,
    lang: Option<String>,
}

fn fonts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
}

/// Where a face of the table is: `fonts/`, else Debian's Noto folder (for Noto
/// Nastaliq Urdu, found at run time rather than shipped); `None` when that is not
/// installed (a failure under `APPEALPRESS_REQUIRE_TOOLS`).
fn face_path(file: &str) -> Option<PathBuf> {
    let shipped = fonts_dir().join(file);
    if shipped.is_file() {
        return Some(shipped);
    }
    common::noto_nastaliq_dir().map(|dir| dir.join(file)).filter(|path| path.is_file())
}

/// Shapes `text` the product's way and records the direction, script and language the
/// plan was compiled for, so that `hb-shape` is given exactly the same ones.
fn ours(face: &rustybuzz::Face, text: &str, rtl: bool, lang: &str) -> (Vec<Glyph>, Props) {
    let mut props = None;
    let locale = Locale::parse(lang).expect("a language tag");
    let output = shape_units(face, text, rtl, &locale, |buffer| {
        props = Some(Props {
            rtl: buffer.direction() == rustybuzz::Direction::RightToLeft,
            script: buffer.script().tag().to_string(),
            lang: buffer.language().map(|l| l.as_str().to_string()),
        });
        compile_plan(face, buffer.direction(), buffer.script(), buffer.language().as_ref())
    });
    let glyphs = output
        .glyph_infos()
        .iter()
        .zip(output.glyph_positions())
        .map(|(info, pos)| Glyph {
            g: info.glyph_id,
            cl: info.cluster,
            ax: pos.x_advance,
            ay: pos.y_advance,
            dx: pos.x_offset,
            dy: pos.y_offset,
        })
        .collect();
    (glyphs, props.expect("shape_units asks for a plan"))
}

/// Shapes `text` with `hb-shape`. Clusters are UTF-8 byte offsets like rustybuzz's;
/// no features are named, so both sides use the script's defaults; no `--bot`/`--eot`,
/// because the product's buffers carry no paragraph-boundary flags either.
fn theirs(hb_shape: &Path, font: &Path, text: &str, props: &Props) -> Vec<Glyph> {
    let mut args = vec![
        format!("--font-file={}", font.display()),
        "--font-size=upem".to_string(),
        "--output-format=json".to_string(),
        "--no-glyph-names".to_string(),
        "--utf8-clusters".to_string(),
        format!("--direction={}", if props.rtl { "rtl" } else { "ltr" }),
        format!("--script={}", props.script),
    ];
    if let Some(lang) = &props.lang {
        args.push(format!("--language={lang}"));
    }
    args.push(format!("--text={text}"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let json = common::run_tool(hb_shape, &args);
    serde_json::from_str(json.trim()).unwrap_or_else(|e| panic!("hb-shape's JSON for {text:?}: {e}\n{json}"))
}

/// Glyphs in `hb-shape`'s text syntax (`gid=cluster@dx,dy+ax`), for messages.
fn hb_text(glyphs: &[Glyph]) -> String {
    let mut out = String::from("[");
    for (i, g) in glyphs.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        write!(out, "{}={}", g.g, g.cl).unwrap();
        if g.dx != 0 || g.dy != 0 {
            write!(out, "@{},{}", g.dx, g.dy).unwrap();
        }
        write!(out, "+{}", g.ax).unwrap();
        if g.ay != 0 {
            write!(out, ",{}", g.ay).unwrap();
        }
    }
    out.push(']');
    out
}

fn hb_version(hb_shape: &Path) -> String {
    common::run_tool(hb_shape, &["--version"]).lines().next().unwrap_or_default().to_string()
}

#[test]
fn shaping_matches_hb_shape() {
    let Some(hb_shape) = common::tool("hb-shape") else { return };
    let total: usize = TABLE.iter().map(|s| s.cases.len()).sum();
    // Issue 6's bar for this check; trimming the table below it should not go unnoticed.
    assert!(total >= 50, "only {total} strings in the table");

    let mut failures = Vec::new();
    let mut summary = format!("{} against rustybuzz:\n", hb_version(&hb_shape));
    for set in TABLE {
        let mut seen = std::collections::BTreeSet::new();
        let mut glyphs_compared = 0;
        for file in set.faces {
            let Some(path) = face_path(file) else { continue };
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let face = rustybuzz::Face::from_slice(&bytes, 0).expect("a usable font");
            for &(text, what) in set.cases {
                assert!(seen.insert((file, text)), "{text:?} is in the {} table twice", set.name);
                let (ours, props) = ours(&face, text, set.rtl, set.lang);
                let case = format!("{} {file} {text:?} ({what})", set.name);
                // The comparison is about shaping, not itemisation: both sides get the
                // script our buffer guessed, and that guess must be the right one.
                assert!(
                    props.script.eq_ignore_ascii_case(set.script),
                    "{case}: the buffer guessed script {} instead of {}",
                    props.script,
                    set.script
                );
                assert!(props.lang.as_deref() == Some(set.lang), "{case}: language {:?}", props.lang);
                assert!(!ours.is_empty() && ours.iter().all(|g| g.g != 0), "{case}: not covered: {ours:?}");
                let theirs = theirs(&hb_shape, &path, text, &props);
                if ours != theirs {
                    failures.push(format!(
                        "{case}\n  ours:     {}\n  hb-shape: {}",
                        hb_text(&ours),
                        hb_text(&theirs)
                    ));
                }
                glyphs_compared += ours.len();
            }
        }
        writeln!(
            summary,
            "  {:<10} {:>2} strings x {} faces, {} glyphs",
            set.name,
            set.cases.len(),
            set.faces.len(),
            glyphs_compared
        )
        .unwrap();
    }
    writeln!(summary, "  {total} strings, {} differing", failures.len()).unwrap();
    println!("{summary}");
    assert!(failures.is_empty(), "{summary}\n{}", failures.join("\n"));
}
