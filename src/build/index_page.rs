//! `<out>/index.html`: the download page for a build's outputs.
//!
//! [`render_index_html`] is a pure function from plain owned inputs ([`PageCase`] and
//! what it holds) to one self-contained HTML file: inline CSS only, no scripts, no
//! fonts or images from elsewhere (thumbnails are inline `data:` PNGs), and a
//! Content-Security-Policy that lets the page load nothing but those, so opening it
//! sends no request off the machine. The output depends only on the input (no dates)
//! and is sorted: cases by id, languages by tag, files pack before postcard and home
//! before press.
//!
//! The page is in English; each language's name is shown in its own language and
//! script ([`language_autonym`]), marked with `lang` and, for right-to-left scripts,
//! `dir="rtl"`, and the links to its files carry `hreflang`.

use std::fmt::Write as _;

use base64::prelude::{Engine as _, BASE64_STANDARD};

use crate::compose::{ActionLink, Product};
use crate::layout::Profile;
use crate::locale::Locale;

/// One case on the page: the person, an optional thumbnail and the files built per
/// language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCase {
    /// The case id (its folder name); used for the card's anchor and for sorting.
    pub id: String,
    /// The person's name, as the case's heading.
    pub person: String,
    /// The case's deadline, `YYYY-MM-DD`, shown under the name.
    pub deadline: Option<String>,
    /// A small picture of one of the case's outputs, shown beside the name.
    pub thumbnail: Option<Thumbnail>,
    /// The languages with at least one built file.
    pub languages: Vec<PageLanguage>,
    /// How many of the case's outputs failed to build in this run and are therefore
    /// not offered; the card says so when this is not zero.
    pub missing: usize,
}

/// A thumbnail of the first page of one output, embedded in the page as a PNG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Which product's first page it shows; with `lang`, makes the alt text.
    pub product: Product,
    /// The language of the output it shows.
    pub lang: String,
}

/// The files built for one language of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLanguage {
    /// BCP 47 language tag, as in the case folder (`en`, `fr`, `ar`, `pt-BR`).
    pub tag: String,
    /// The files, in any order.
    pub files: Vec<PageFile>,
    /// The language's online action (case.yaml's or the language file's
    /// `action_url`): a link for the reader to follow, the page's one link off the
    /// machine. Nothing is loaded from it.
    pub action_url: Option<String>,
}

/// One built PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFile {
    /// Pack or postcard.
    pub product: Product,
    /// Home or press.
    pub profile: Profile,
    /// Path relative to the output folder, with `/` between folders
    /// (`ali-aarrass/ali-aarrass-en-pack.pdf`). It is percent-encoded on the page,
    /// so it always stays a relative link.
    pub href: String,
    /// File size in bytes.
    pub bytes: u64,
    /// Page count.
    pub pages: usize,
}

/// The page's Content-Security-Policy: nothing may be loaded but inline styles and
/// `data:` images.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/// A language: tag, name in the language itself, name in English.
type Language = (&'static str, &'static str, &'static str);

/// The languages the page can name. A tag with a region or script is matched exactly
/// before its bare language is tried.
const LANGUAGES: &[Language] = &[
    ("af", "Afrikaans", "Afrikaans"),
    ("am", "አማርኛ", "Amharic"),
    ("ar", "العربية", "Arabic"),
    ("az", "Azərbaycan dili", "Azerbaijani"),
    ("be", "Беларуская", "Belarusian"),
    ("bg", "Български", "Bulgarian"),
    ("bn", "বাংলা", "Bengali"),
    ("bo", "བོད་སྐད་", "Tibetan"),
    ("bs", "Bosanski", "Bosnian"),
    ("ca", "Català", "Catalan"),
    ("ckb", "کوردیی ناوەندی", "Central Kurdish"),
    ("cs", "Čeština", "Czech"),
    ("cy", "Cymraeg", "Welsh"),
    ("da", "Dansk", "Danish"),
    ("de", "Deutsch", "German"),
    ("dv", "ދިވެހި", "Dhivehi"),
    ("el", "Ελληνικά", "Greek"),
    ("en", "English", "English"),
    ("es-419", "Español de América Latina", "Latin American Spanish"),
    ("es", "Español", "Spanish"),
    ("et", "Eesti", "Estonian"),
    ("eu", "Euskara", "Basque"),
    ("fa", "فارسی", "Persian"),
    ("fi", "Suomi", "Finnish"),
    ("fil", "Filipino", "Filipino"),
    ("fr", "Français", "French"),
    ("ga", "Gaeilge", "Irish"),
    ("gl", "Galego", "Galician"),
    ("gu", "ગુજરાતી", "Gujarati"),
    ("ha", "Hausa", "Hausa"),
    ("he", "עברית", "Hebrew"),
    ("hi", "हिन्दी", "Hindi"),
    ("hr", "Hrvatski", "Croatian"),
    ("ht", "Kreyòl ayisyen", "Haitian Creole"),
    ("hu", "Magyar", "Hungarian"),
    ("hy", "Հայերեն", "Armenian"),
    ("id", "Bahasa Indonesia", "Indonesian"),
    ("ig", "Igbo", "Igbo"),
    ("is", "Íslenska", "Icelandic"),
    ("it", "Italiano", "Italian"),
    ("ja", "日本語", "Japanese"),
    ("ka", "ქართული", "Georgian"),
    ("kk", "Қазақ тілі", "Kazakh"),
    ("km", "ខ្មែរ", "Khmer"),
    ("ko", "한국어", "Korean"),
    ("ku", "Kurdî", "Kurdish"),
    ("ky", "Кыргызча", "Kyrgyz"),
    ("lo", "ລາວ", "Lao"),
    ("lt", "Lietuvių", "Lithuanian"),
    ("lv", "Latviešu", "Latvian"),
    ("mk", "Македонски", "Macedonian"),
    ("ml", "മലയാളം", "Malayalam"),
    ("mn", "Монгол", "Mongolian"),
    ("mr", "मराठी", "Marathi"),
    ("ms", "Bahasa Melayu", "Malay"),
    ("mt", "Malti", "Maltese"),
    ("my", "မြန်မာ", "Burmese"),
    ("nb", "Norsk bokmål", "Norwegian Bokmål"),
    ("ne", "नेपाली", "Nepali"),
    ("nl", "Nederlands", "Dutch"),
    ("nn", "Norsk nynorsk", "Norwegian Nynorsk"),
    ("no", "Norsk", "Norwegian"),
    ("om", "Afaan Oromoo", "Oromo"),
    ("pa", "ਪੰਜਾਬੀ", "Punjabi"),
    ("pl", "Polski", "Polish"),
    ("ps", "پښتو", "Pashto"),
    ("pt-BR", "Português do Brasil", "Brazilian Portuguese"),
    ("pt-PT", "Português europeu", "European Portuguese"),
    ("pt", "Português", "Portuguese"),
    ("ro", "Română", "Romanian"),
    ("ru", "Русский", "Russian"),
    ("rw", "Kinyarwanda", "Kinyarwanda"),
    ("sd", "سنڌي", "Sindhi"),
    ("si", "සිංහල", "Sinhala"),
    ("sk", "Slovenčina", "Slovak"),
    ("sl", "Slovenščina", "Slovenian"),
    ("so", "Soomaali", "Somali"),
    ("sq", "Shqip", "Albanian"),
    ("sr", "Српски", "Serbian"),
    ("sv", "Svenska", "Swedish"),
    ("sw", "Kiswahili", "Swahili"),
    ("ta", "தமிழ்", "Tamil"),
    ("te", "తెలుగు", "Telugu"),
    ("tg", "Тоҷикӣ", "Tajik"),
    ("th", "ไทย", "Thai"),
    ("ti", "ትግርኛ", "Tigrinya"),
    ("tl", "Tagalog", "Tagalog"),
    ("tr", "Türkçe", "Turkish"),
    ("ug", "ئۇيغۇرچە", "Uyghur"),
    ("uk", "Українська", "Ukrainian"),
    ("ur", "اردو", "Urdu"),
    ("uz", "Oʻzbekcha", "Uzbek"),
    ("vi", "Tiếng Việt", "Vietnamese"),
    ("wo", "Wolof", "Wolof"),
    ("xh", "isiXhosa", "Xhosa"),
    ("yi", "ייִדיש", "Yiddish"),
    ("yo", "Yorùbá", "Yoruba"),
    ("zh-Hans", "简体中文", "Chinese (Simplified)"),
    ("zh-CN", "简体中文", "Chinese (Simplified)"),
    ("zh-Hant", "繁體中文", "Chinese (Traditional)"),
    ("zh-TW", "繁體中文", "Chinese (Traditional)"),
    ("zh", "中文", "Chinese"),
    ("zu", "isiZulu", "Zulu"),
];

/// The table entry for a tag: the exact tag (ignoring case) if listed, else its
/// primary language subtag, with whether the match was exact.
fn language_entry(tag: &str) -> Option<(&'static Language, bool)> {
    if let Some(entry) = LANGUAGES.iter().find(|(t, _, _)| t.eq_ignore_ascii_case(tag)) {
        return Some((entry, true));
    }
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    LANGUAGES.iter().find(|(t, _, _)| t.eq_ignore_ascii_case(primary)).map(|entry| (entry, false))
}

/// A language's name in that language and its own script (`fr` → `Français`,
/// `ar` → `العربية`). A tag with a region or script that is not listed gets its
/// language's name (`en-GB` → `English`); `None` when the language is not known, and
/// the page then shows the tag itself.
pub fn language_autonym(tag: &str) -> Option<&'static str> {
    language_entry(tag).map(|((_, autonym, _), _)| *autonym)
}

/// A language's name in English, for alt text and the hint beside the autonym.
fn language_english(tag: &str) -> Option<&'static str> {
    language_entry(tag).map(|((_, _, english), _)| *english)
}

/// Renders the whole download page. `title` is the page's title and only heading of
/// level one; the cases are sorted by id whatever order they come in.
pub fn render_index_html(title: &str, cases: &[PageCase]) -> String {
    let mut cases: Vec<&PageCase> = cases.iter().collect();
    cases.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.person.cmp(&b.person)));
    let anchors = case_anchors(&cases);

    let mut html = String::with_capacity(16 * 1024);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ =
        writeln!(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">");
    html.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(html, "<title>{}</title>", escape(title));
    let _ = writeln!(html, "<style>\n{STYLE}</style>\n</head>\n<body>");

    html.push_str("<header class=\"site\">\n<div class=\"wrap\">\n");
    let _ = writeln!(html, "<h1>{}</h1>", escape(title));
    html.push_str(
        "<p class=\"lede\">Appeal packs and solidarity postcards, ready to print. Choose a case, then \
         the language and how you will print: <strong>at home</strong> on a desktop printer, or at a \
         <strong>print shop</strong> (CMYK, 3&nbsp;mm bleed and crop marks). Every file is a PDF.</p>\n",
    );
    html.push_str("</div>\n</header>\n<main class=\"wrap\">\n");

    if cases.len() > 1 {
        html.push_str("<nav class=\"jump\" aria-label=\"Cases on this page\">\n<ul>\n");
        for (case, anchor) in cases.iter().zip(&anchors) {
            let _ = writeln!(html, "<li><a href=\"#{anchor}\">{}</a></li>", escape(&case.person));
        }
        html.push_str("</ul>\n</nav>\n");
    }

    if cases.is_empty() {
        html.push_str("<p class=\"empty\">No appeal packs have been built yet.</p>\n");
    } else {
        html.push_str("<div class=\"cases\">\n");
        for (case, anchor) in cases.iter().zip(&anchors) {
            render_case(&mut html, case, anchor);
        }
        html.push_str("</div>\n");
    }

    html.push_str("</main>\n<footer class=\"site\">\n<div class=\"wrap\">\n");
    html.push_str(
        "<p>This page works offline: it loads nothing from the internet. Print-at-home files are \
         RGB on the case's paper size (A4 or Letter); print-shop files are CMYK with 3&nbsp;mm bleed \
         and crop marks.</p>\n",
    );
    html.push_str("</div>\n</footer>\n</body>\n</html>\n");
    html
}

fn render_case(html: &mut String, case: &PageCase, anchor: &str) {
    let heading = format!("{anchor}-name");
    let _ = writeln!(html, "<article class=\"case\" id=\"{anchor}\" aria-labelledby=\"{heading}\">");
    html.push_str("<div class=\"case-head\">\n");
    if let Some(thumb) = &case.thumbnail {
        let _ = writeln!(
            html,
            "<img src=\"data:image/png;base64,{}\" width=\"{}\" height=\"{}\" alt=\"{}\">",
            BASE64_STANDARD.encode(&thumb.png),
            thumb.width,
            thumb.height,
            escape(&thumbnail_alt(thumb, &case.person)),
        );
    }
    let _ = writeln!(html, "<h2 id=\"{heading}\">{}</h2>", escape(&case.person));
    html.push_str("</div>\n");
    if let Some(deadline) = &case.deadline {
        let _ = writeln!(
            html,
            "<p class=\"deadline\">Write before <time datetime=\"{}\">{}</time></p>",
            escape(deadline),
            escape(&english_date(deadline)),
        );
    }

    let mut languages: Vec<&PageLanguage> = case.languages.iter().filter(|l| !l.files.is_empty()).collect();
    languages.sort_by(|a, b| a.tag.cmp(&b.tag));
    if languages.is_empty() && case.missing == 0 {
        html.push_str("<p class=\"note\">No files for this case yet.</p>\n");
    }
    for language in languages {
        render_language(html, language);
    }
    if case.missing > 0 {
        let (files, verb) = if case.missing == 1 { ("file", "was") } else { ("files", "were") };
        let _ = writeln!(
            html,
            "<p class=\"note\">{} {files} for this case could not be built in this run and {verb} left out.</p>",
            case.missing,
        );
    }
    html.push_str("</article>\n");
}

/// A language's heading and its list of files. Only the language's name is marked
/// `lang`/`dir`: the link texts are English, and a screen reader reading them with an
/// Arabic voice, or a right-to-left layout of English text, would garble them. The
/// links carry `hreflang` for the language of the file they lead to.
/// Right to left by the tag's script; a tag that no longer parses (an old manifest)
/// is read left to right.
fn is_rtl_tag(tag: &str) -> bool {
    Locale::parse(tag).is_ok_and(|locale| locale.is_rtl())
}

fn render_language(html: &mut String, language: &PageLanguage) {
    let tag = escape(&language.tag);
    let dir = if is_rtl_tag(&language.tag) { " dir=\"rtl\"" } else { "" };
    let name = language_autonym(&language.tag).unwrap_or(&language.tag);
    let mut hint = Vec::new();
    if let Some(english) = language_english(&language.tag).filter(|e| *e != name) {
        hint.push(english.to_string());
    }
    if !matches!(language_entry(&language.tag), Some((_, true))) && name != language.tag {
        hint.push(language.tag.clone());
    }

    html.push_str("<div class=\"language\">\n");
    let _ = write!(html, "<h3><span lang=\"{tag}\"{dir}>{}</span>", escape(name));
    if !hint.is_empty() {
        let _ = write!(html, " <span class=\"hint\">{}</span>", escape(&hint.join(" · ")));
    }
    html.push_str("</h3>\n<ul class=\"files\">\n");
    let mut files: Vec<&PageFile> = language.files.iter().collect();
    files.sort_by(|a, b| (a.product, a.profile, &a.href).cmp(&(b.product, b.profile, &b.href)));
    for file in files {
        let _ = writeln!(
            html,
            "<li><a href=\"{}\" hreflang=\"{tag}\" type=\"application/pdf\"><span class=\"label\">{}</span>\
             <span class=\"sep\"> · </span><span class=\"meta\">PDF, {}, {}</span></a>\
             <span class=\"how\">{}</span></li>",
            escape(&percent_encode_path(&file.href)),
            escape(file_label(file.product, file.profile)),
            pages_label(file.pages),
            human_size(file.bytes),
            escape(how_to_print(file.product, file.profile)),
        );
    }
    html.push_str("</ul>\n");
    if let Some(url) = &language.action_url {
        // The address as the pack prints it under its QR code.
        let action = ActionLink::new(url);
        let _ = writeln!(
            html,
            "<p class=\"action\"><a href=\"{}\" hreflang=\"{tag}\" rel=\"noreferrer\">Take action online</a> \
             <span class=\"meta\">{}</span></p>",
            escape(&action.url),
            escape(&action.short),
        );
    }
    html.push_str("</div>\n");
}

/// What a file is, for its link.
fn file_label(product: Product, profile: Profile) -> &'static str {
    match (product, profile) {
        (Product::Pack, Profile::Home) => "Appeal pack — print at home",
        (Product::Pack, Profile::Press) => "Appeal pack — print shop (3 mm bleed, CMYK)",
        (Product::Postcard, Profile::Home) => "Postcards — print at home (4 per sheet)",
        (Product::Postcard, Profile::Press) => "Postcard — print shop (A6 with bleed)",
    }
}

/// One line on how to print a file, for the volunteer or coordinator about to do it.
fn how_to_print(product: Product, profile: Profile) -> &'static str {
    match (product, profile) {
        (Product::Pack, Profile::Home) => {
            "Print at actual size (100%, not “fit to page”), double-sided if you can, flipping on the long edge."
        }
        (Product::Pack, Profile::Press) => {
            "Send to the print shop as it is: trimmed to A4 or Letter at the crop marks, with 3 mm bleed."
        }
        (Product::Postcard, Profile::Home) => {
            "Print at actual size, double-sided, flipping on the long edge; then cut along the marks into four cards."
        }
        (Product::Postcard, Profile::Press) => {
            "Send to the print shop as it is: A6 cards printed on both sides, trimmed at the crop marks."
        }
    }
}

/// `2027-03-31` as `31 March 2027` (CLDR's British English, day before month, read
/// the same everywhere); anything that is not such a date as it is.
fn english_date(iso: &str) -> String {
    let english = crate::locale::Locale::parse("en-GB").expect("en-GB is a tag");
    crate::load::case_yaml::parse_iso_date(iso)
        .and_then(|date| crate::compose::dates::format_date(&english, date, crate::compose::Digits::Latin))
        .map_or_else(|| iso.to_string(), |formatted| formatted.text)
}

/// `First page of the appeal pack for Ali Aarrass, English`.
fn thumbnail_alt(thumb: &Thumbnail, person: &str) -> String {
    let what = match thumb.product {
        Product::Pack => "First page of the appeal pack",
        Product::Postcard => "Front of the postcard",
    };
    let language = language_english(&thumb.lang).unwrap_or(&thumb.lang);
    format!("{what} for {person}, {language}")
}

/// `1 page`, `6 pages`.
fn pages_label(pages: usize) -> String {
    if pages == 1 {
        "1 page".to_string()
    } else {
        format!("{pages} pages")
    }
}

/// A file size for people, in binary units as file managers show them: `900 bytes`,
/// `412 KB`, `6.2 MB`, `48 MB`.
fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    const MB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        if bytes == 1 {
            "1 byte".to_string()
        } else {
            format!("{bytes} bytes")
        }
    } else if b < MB - KB / 2.0 {
        format!("{} KB", ((b / KB).round() as u64).max(1))
    } else if b < 9.95 * MB {
        format!("{:.1} MB", b / MB)
    } else {
        format!("{} MB", (b / MB).round() as u64)
    }
}

/// Unique anchor ids for the cases, from their ids: letters, digits, `-` and `_`
/// kept, anything else turned into `-`, and a number added when two come out equal.
fn case_anchors(cases: &[&PageCase]) -> Vec<String> {
    let mut anchors: Vec<String> = Vec::with_capacity(cases.len());
    for case in cases {
        let slug: String = case
            .id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
            .collect();
        let base = format!("case-{slug}");
        let mut anchor = base.clone();
        let mut n = 2;
        while anchors.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        anchors.push(anchor);
    }
    anchors
}

/// Escapes text for HTML content and double- or single-quoted attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a relative path for a URL: every byte but ASCII letters, digits,
/// `-._~` and the `/` between segments. A leading `/` is encoded too, and so are `:`,
/// `\`, `?` and `#`, so the result is always a relative path to a file.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, byte) in path.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || (byte == b'/' && i > 0);
        if keep {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The page's style sheet: a sober card grid, one column on a phone.
const STYLE: &str = r#":root { color-scheme: light; --ink: #1c1c1c; --muted: #505050; --line: #d8d4cc;
  --paper: #f4f2ed; --card: #ffffff; --link: #0b4a8b; --band: #1c1c1c; --accent: #f2c300; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header.site { background: var(--band); color: #fff; border-bottom: 0.375rem solid var(--accent);
  padding: 2rem 0 1.5rem; }
h1 { margin: 0; font-size: 2rem; line-height: 1.2; letter-spacing: -0.01em; }
.lede { margin: 0.75rem 0 0; max-width: 46rem; color: #ececec; }
.lede strong { color: #fff; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 0.125em; }
a:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; background: #ffe27a; color: #000;
  text-decoration: none; }
nav.jump { margin: 1.5rem 0 0; }
nav.jump ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
nav.jump a { font-weight: 600; }
.cases { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
  gap: 1.25rem; margin: 1.5rem 0 2.5rem; align-items: start; }
.case { background: var(--card); border: 1px solid var(--line); border-radius: 0.375rem; padding: 1.25rem;
  scroll-margin-top: 1rem; }
.case-head { display: flex; gap: 1rem; align-items: flex-start; }
.case-head img { flex: none; width: 5.5rem; height: auto; border: 1px solid var(--line); background: #fff; }
h2 { margin: 0; font-size: 1.375rem; line-height: 1.25; overflow-wrap: anywhere; }
.language { margin-top: 1rem; padding-top: 0.75rem; border-top: 1px solid var(--line); }
h3 { margin: 0 0 0.25rem; font-size: 1.0625rem; line-height: 1.3; }
.hint { font-weight: normal; font-size: 0.875rem; color: var(--muted); }
ul.files { list-style: none; margin: 0; padding: 0; }
ul.files a { display: block; padding: 0.3rem 0; }
ul.files .label { display: block; }
/* The separator is part of the link's text for screen readers, not shown: the
   details go on a line of their own, not underlined (an inline block is not). */
.sep { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }
.meta { display: inline-block; color: var(--muted); font-size: 0.875rem; }
.how { display: block; color: var(--muted); font-size: 0.8125rem; margin: -0.2rem 0 0.3rem; }
.deadline { margin: 0.75rem 0 0; font-weight: 600; }
a:focus-visible .meta { color: #000; }
.note, .empty { color: var(--muted); font-size: 0.9375rem; margin: 1rem 0 0; }
.empty { margin: 2rem 0; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.875rem; padding: 0.5rem 0 2rem; }
@media (max-width: 600px) {
  .wrap { padding: 0 1rem; }
  header.site { padding: 1.5rem 0 1.25rem; }
  h1 { font-size: 1.625rem; }
  .case { padding: 1rem; }
  .case-head img { width: 4.5rem; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn file(product: Product, profile: Profile, href: &str, bytes: u64, pages: usize) -> PageFile {
        PageFile { product, profile, href: href.to_string(), bytes, pages }
    }

    fn language(case: &str, tag: &str) -> PageLanguage {
        let name = |suffix: &str| format!("{case}/{case}-{tag}-{suffix}.pdf");
        PageLanguage {
            tag: tag.to_string(),
            action_url: None,
            files: vec![
                file(Product::Postcard, Profile::Press, &name("postcard-press"), 1_900_000, 2),
                file(Product::Pack, Profile::Home, &name("pack"), 421_888, 6),
                file(Product::Postcard, Profile::Home, &name("postcard"), 880_000, 2),
                file(Product::Pack, Profile::Press, &name("pack-press"), 12_400_000, 6),
            ],
        }
    }

    fn sample() -> Vec<PageCase> {
        vec![
            PageCase {
                id: "zeynep-kaya".to_string(),
                person: "Zeynep <Kaya> & \"friends\" 'quoted'".to_string(),
                deadline: None,
                thumbnail: None,
                languages: vec![language("zeynep-kaya", "tr")],
                missing: 1,
            },
            PageCase {
                id: "ali-aarrass".to_string(),
                person: "Ali Aarrass".to_string(),
                deadline: Some("2027-03-31".to_string()),
                thumbnail: Some(Thumbnail {
                    png: vec![0x89, b'P', b'N', b'G'],
                    width: 120,
                    height: 170,
                    product: Product::Pack,
                    lang: "en".to_string(),
                }),
                languages: vec![
                    language("ali-aarrass", "fr"),
                    language("ali-aarrass", "ar"),
                    language("ali-aarrass", "en"),
                ],
                missing: 0,
            },
        ]
    }

    #[test]
    fn a_case_shows_its_deadline_and_each_file_how_to_print_it() {
        let html = render_index_html("Appeals", &sample());
        assert!(
            html.contains(
                "<p class=\"deadline\">Write before <time datetime=\"2027-03-31\">31 March 2027</time></p>"
            ),
            "{html}"
        );
        // One deadline only: the other case has none.
        assert_eq!(html.matches("class=\"deadline\"").count(), 1);
        for how in [
            "double-sided if you can, flipping on the long edge.",
            "Send to the print shop as it is: trimmed to A4 or Letter",
            "Print at actual size, double-sided, flipping on the long edge; then cut along the marks",
            "Send to the print shop as it is: A6 cards",
        ] {
            // Once per language with the file: four languages in the sample.
            assert_eq!(html.matches(how).count(), 4, "{how}");
        }
        assert_eq!(english_date("2027-03-31"), "31 March 2027");
        assert_eq!(english_date("someday"), "someday");
    }

    #[test]
    fn names_and_titles_are_escaped() {
        let html = render_index_html("Appeals <2025> & \"more\"", &sample());
        assert!(html.contains("<title>Appeals &lt;2025&gt; &amp; &quot;more&quot;</title>"));
        assert!(html.contains("<h1>Appeals &lt;2025&gt; &amp; &quot;more&quot;</h1>"));
        assert!(html.contains("Zeynep &lt;Kaya&gt; &amp; &quot;friends&quot; &#39;quoted&#39;</h2>"));
        assert!(!html.contains("<Kaya>"));
        assert_eq!(escape("<a href='x'>&</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
    }

    #[test]
    fn hrefs_stay_relative_and_are_percent_encoded() {
        assert_eq!(
            percent_encode_path("ali-aarrass/ali-aarrass-en-pack.pdf"),
            "ali-aarrass/ali-aarrass-en-pack.pdf"
        );
        assert_eq!(percent_encode_path("café/a b&c\".pdf"), "caf%C3%A9/a%20b%26c%22.pdf");
        assert_eq!(percent_encode_path("/etc/passwd"), "%2Fetc/passwd");
        assert_eq!(percent_encode_path("//evil.example/x"), "%2F/evil.example/x");
        assert_eq!(percent_encode_path("javascript:alert(1)"), "javascript%3Aalert%281%29");
        assert_eq!(percent_encode_path("a\\b?c#d"), "a%5Cb%3Fc%23d");
    }

    #[test]
    fn autonyms_in_their_own_script() {
        assert_eq!(language_autonym("en"), Some("English"));
        assert_eq!(language_autonym("fr"), Some("Français"));
        assert_eq!(language_autonym("ar"), Some("العربية"));
        assert_eq!(language_autonym("fa"), Some("فارسی"));
        assert_eq!(language_autonym("zh"), Some("中文"));
        assert_eq!(language_autonym("zh-Hant"), Some("繁體中文"));
        assert_eq!(language_autonym("pt-BR"), Some("Português do Brasil"));
        assert_eq!(language_autonym("PT-br"), Some("Português do Brasil"));
        assert_eq!(language_autonym("en-GB"), Some("English"));
        assert_eq!(language_autonym("xx"), None);
        assert_eq!(language_autonym(""), None);
        for (tag, autonym, english) in LANGUAGES {
            assert!(!autonym.is_empty() && !english.is_empty(), "{tag}");
            assert_eq!(LANGUAGES.iter().filter(|(t, _, _)| t == tag).count(), 1, "{tag} listed twice");
        }
    }

    #[test]
    fn unknown_languages_show_their_tag() {
        let case = PageCase {
            id: "c".to_string(),
            person: "P".to_string(),
            deadline: None,
            thumbnail: None,
            languages: vec![language("c", "tlh"), language("c", "en-GB")],
            missing: 0,
        };
        let html = render_index_html("T", &[case]);
        assert!(html.contains("<span lang=\"tlh\">tlh</span></h3>"), "{html}");
        assert!(
            html.contains("<span lang=\"en-GB\">English</span> <span class=\"hint\">en-GB</span>"),
            "{html}"
        );
    }

    #[test]
    fn each_language_is_marked_with_lang_and_direction() {
        let html = render_index_html("T", &sample());
        assert!(
            html.contains("<span lang=\"ar\" dir=\"rtl\">العربية</span> <span class=\"hint\">Arabic</span>")
        );
        assert!(html.contains("<span lang=\"fr\">Français</span> <span class=\"hint\">French</span>"));
        assert!(html.contains("<span lang=\"en\">English</span></h3>"));
        assert!(html.contains("<span lang=\"tr\">Türkçe</span>"));
        assert!(html.contains("hreflang=\"ar\""));
        assert_eq!(html.matches("dir=\"rtl\"").count(), 1);
        for (tag, _, _) in LANGUAGES {
            if is_rtl_tag(tag) {
                let case = PageCase {
                    id: "c".into(),
                    person: "P".into(),
                    deadline: None,
                    thumbnail: None,
                    languages: vec![language("c", tag)],
                    missing: 0,
                };
                assert!(
                    render_index_html("T", &[case]).contains(&format!("lang=\"{tag}\" dir=\"rtl\"")),
                    "{tag}"
                );
            }
        }
    }

    #[test]
    fn images_have_alt_text_and_inline_data() {
        let html = render_index_html("T", &sample());
        assert!(html.contains(
            "<img src=\"data:image/png;base64,iVBORw==\" width=\"120\" height=\"170\" \
             alt=\"First page of the appeal pack for Ali Aarrass, English\">"
        ));
        assert_eq!(html.matches("<img ").count(), 1);
        let thumb =
            Thumbnail { png: vec![], width: 1, height: 1, product: Product::Postcard, lang: "ar".into() };
        assert_eq!(thumbnail_alt(&thumb, "Ali"), "Front of the postcard for Ali, Arabic");
    }

    #[test]
    fn nothing_points_off_the_machine() {
        let mut cases = sample();
        // Base64 can hold `//`: a payload that does, to check it is not mistaken for a URL.
        cases[1].thumbnail.as_mut().unwrap().png = vec![0xff, 0xfe, 0xfd];
        let html = render_index_html("T", &cases);
        assert!(html.contains("data:image/png;base64,//79\""));
        let mut parts = html.split("data:image/png;base64,");
        let mut without_data = parts.next().unwrap().to_string();
        parts.for_each(|rest| without_data.push_str(&rest[rest.find('"').unwrap()..]));
        assert!(!html.contains("http:") && !html.contains("https:"));
        assert!(!without_data.contains("//"), "a protocol-relative URL or a comment marker");
        assert!(!html.contains("<script") && !html.contains("@import") && !html.contains("url("));
        assert!(html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; \
             style-src 'unsafe-inline'\">"
        ));
        for href in html.split("href=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]) {
            assert!(href.starts_with('#') || !href.contains(':'), "{href}");
        }
    }

    #[test]
    fn a_languages_action_url_is_its_one_link_off_the_machine() {
        let mut cases = sample();
        cases[0].languages[0].action_url = Some("https://example.org/act?a=1&b=2".into());
        let html = render_index_html("T", &cases);
        assert!(html.contains(
            "<a href=\"https://example.org/act?a=1&amp;b=2\" hreflang=\"tr\" rel=\"noreferrer\">Take action online</a> \
             <span class=\"meta\">example.org/act?a=1&amp;b=2</span>"
        ), "{html}");
        let off: Vec<&str> = html
            .split("href=\"")
            .skip(1)
            .map(|r| &r[..r.find('"').unwrap()])
            .filter(|h| h.contains(':'))
            .collect();
        assert_eq!(off, ["https://example.org/act?a=1&amp;b=2"]);
    }

    /// The link's text with the markup removed, as a screen reader or a copy reads it.
    fn link_texts(html: &str) -> Vec<String> {
        html.split("<a href=")
            .skip(1)
            .map(|rest| strip_tags(&rest[rest.find('>').unwrap() + 1..rest.find("</a>").unwrap()]))
            .collect()
    }

    fn strip_tags(fragment: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in fragment.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text
    }

    #[test]
    fn link_text_says_what_each_file_is() {
        let html = render_index_html("T", &sample());
        assert!(html.contains(
            "<li><a href=\"ali-aarrass/ali-aarrass-en-pack.pdf\" hreflang=\"en\" type=\"application/pdf\">\
             <span class=\"label\">Appeal pack — print at home</span><span class=\"sep\"> · </span>\
             <span class=\"meta\">PDF, 6 pages, 412 KB</span></a><span class=\"how\">Print at actual size \
             (100%, not “fit to page”), double-sided if you can, flipping on the long edge.</span></li>"
        ));
        let texts = link_texts(&html);
        let arabic: Vec<&str> = texts.iter().map(String::as_str).skip(2).take(4).collect();
        assert_eq!(
            arabic,
            [
                "Appeal pack — print at home · PDF, 6 pages, 412 KB",
                "Appeal pack — print shop (3 mm bleed, CMYK) · PDF, 6 pages, 12 MB",
                "Postcards — print at home (4 per sheet) · PDF, 2 pages, 859 KB",
                "Postcard — print shop (A6 with bleed) · PDF, 2 pages, 1.8 MB",
            ],
            "after the jump list's two links come Arabic's four: {texts:#?}"
        );
        assert!(html.contains("1 file for this case could not be built in this run and was left out."));
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(1023), "1023 bytes");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(421_888), "412 KB");
        assert_eq!(human_size(1024 * 1024 - 1), "1.0 MB");
        assert_eq!(human_size(6_500_000), "6.2 MB");
        assert_eq!(human_size(48 * 1024 * 1024), "48 MB");
        assert_eq!(pages_label(1), "1 page");
        assert_eq!(pages_label(24), "24 pages");
    }

    #[test]
    fn structure_and_order_are_stable() {
        let mut reversed = sample();
        reversed.reverse();
        for case in &mut reversed {
            case.languages.reverse();
            for language in &mut case.languages {
                language.files.reverse();
            }
        }
        let html = render_index_html("Appeal packs", &sample());
        assert_eq!(html, render_index_html("Appeal packs", &reversed));

        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
        assert!(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
        assert_eq!(html.matches("<h1>").count(), 1);
        // One h2 per case, in id order; h3 per language, in tag order; one list each.
        let skeleton: Vec<&str> = html
            .lines()
            .filter(|l| l.starts_with("<h2") || l.starts_with("<h3") || l.starts_with("<ul class=\"files\">"))
            .collect();
        let expected = [
            "<h2 id=\"case-ali-aarrass-name\">Ali Aarrass</h2>",
            "<h3><span lang=\"ar\" dir=\"rtl\">العربية</span> <span class=\"hint\">Arabic</span></h3>",
            "<ul class=\"files\">",
            "<h3><span lang=\"en\">English</span></h3>",
            "<ul class=\"files\">",
            "<h3><span lang=\"fr\">Français</span> <span class=\"hint\">French</span></h3>",
            "<ul class=\"files\">",
            "<h2 id=\"case-zeynep-kaya-name\">Zeynep &lt;Kaya&gt; &amp; &quot;friends&quot; &#39;quoted&#39;</h2>",
            "<h3><span lang=\"tr\">Türkçe</span> <span class=\"hint\">Turkish</span></h3>",
            "<ul class=\"files\">",
        ];
        assert_eq!(skeleton, expected);
        // Files: pack home, pack press, postcards home, postcard press.
        let en = &html[html.find("<span lang=\"en\">").unwrap()..html.find("<span lang=\"fr\">").unwrap()];
        let order: Vec<usize> =
            ["-en-pack.pdf", "-en-pack-press.pdf", "-en-postcard.pdf", "-en-postcard-press.pdf"]
                .iter()
                .map(|name| en.find(name).unwrap())
                .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        // A jump list to the cases when there is more than one.
        assert!(html.contains("<li><a href=\"#case-ali-aarrass\">Ali Aarrass</a></li>"));
        assert!(!render_index_html("T", &sample()[..1]).contains("<nav"));
    }

    #[test]
    fn anchors_are_unique_and_plain() {
        let mut cases = sample();
        cases[0].id = "ali aarrass".to_string();
        cases[1].id = "ali-aarrass".to_string();
        let refs: Vec<&PageCase> = cases.iter().collect();
        assert_eq!(case_anchors(&refs), ["case-ali-aarrass", "case-ali-aarrass-2"]);
    }

    #[test]
    fn empty_pages_and_cases_say_so() {
        assert!(render_index_html("T", &[]).contains("No appeal packs have been built yet."));
        let case = PageCase {
            id: "c".into(),
            person: "P".into(),
            deadline: None,
            thumbnail: None,
            languages: Vec::new(),
            missing: 2,
        };
        let html = render_index_html("T", &[case]);
        assert!(html.contains("2 files for this case could not be built in this run and were left out."));
        assert!(!html.contains("No files for this case yet."));
    }
}
