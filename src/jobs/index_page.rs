//! The download site of an output folder: `<out>/index.html` and the pages it links.
//!
//! [`render_site`] is a pure function from plain owned inputs ([`PageCase`] and what
//! it holds, and the words of each language, [`PageWords`]) to the site's pages, so
//! that the first page stays light however large the catalogue grows:
//!
//! - `index.html`, in English: the languages of the catalogue, then one card per case
//!   (thumbnail, name, deadline, the languages it has), linking to its page;
//! - `<case>/index.html`, one per case, in its output folder beside its files (so a
//!   case's page goes with the case: the folder is the case's, and withdrawing it
//!   removes the page with the files): every file of the case, per language;
//! - `index.<tag>.html`, one per language of the catalogue, in that language (`lang`,
//!   `dir` from its script, its words from `labels/<tag>.yaml`): the cases that have
//!   the language, each with its files in that language.
//!
//! Every page is self-contained: inline CSS only, no scripts, no fonts; thumbnails
//! are small JPEG files of the site, linked by relative URL. Its
//! Content-Security-Policy ([`CONTENT_SECURITY_POLICY`]) lets it load nothing but
//! those images, from the site itself (`'self'`: the page's own origin on https,
//! and, as Chromium measured, `file:` URLs for a page opened from the file system),
//! so opening a page sends no request off the machine. Every link is a relative path
//! inside the site (percent-encoded), but each language's online action. The output
//! depends only on the input (no dates) and is sorted: cases by id, languages by
//! tag, files pack before postcard and home before press.

use std::fmt::Write as _;

use crate::compose::{ActionLink, Product};
use crate::layout::Profile;
use crate::locale::{language_autonym, language_english, language_entry, Locale};

pub use super::manifest::PaperSize;

/// One case on the site: the person, an optional thumbnail and the files per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCase {
    /// The case id; cases are sorted by it.
    pub id: String,
    /// The folder of the output folder its page goes in (`<folder>/index.html`):
    /// its id when that is a plain name ([`case_folder`]) and a real folder there;
    /// `None` gives the case no page, and its name no link.
    pub folder: Option<String>,
    /// The person's name, as the case's heading.
    pub person: String,
    /// The case's deadline, `YYYY-MM-DD`, shown under the name.
    pub deadline: Option<String>,
    /// A small picture of one of the case's outputs, shown beside the name.
    pub thumbnail: Option<Thumbnail>,
    /// The languages with at least one file.
    pub languages: Vec<PageLanguage>,
    /// How many of the case's outputs failed to build in this run and left no earlier
    /// file: they are not offered, and the case's page says how many.
    pub missing: usize,
}

/// A thumbnail of the first page of one output: an image file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// Path relative to the output folder, with `/`
    /// (`ali-aarrass/ali-aarrass-en-pack.jpg`).
    pub href: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Which product's first page it shows; with `lang`, makes the alt text.
    pub product: Product,
    /// The language of the output it shows.
    pub lang: String,
}

/// The files of one language of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLanguage {
    /// BCP 47 language tag, as in the case folder (`en`, `fr`, `ar`, `pt-BR`).
    pub tag: String,
    /// The person's name as this language prints it, shown on the language's page;
    /// `None` for the case's.
    pub person: Option<String>,
    /// The files, in any order.
    pub files: Vec<PageFile>,
    /// The language's online action (case.yaml's or the language file's
    /// `action_url`): a link for the reader to follow, the only link off the machine.
    /// Nothing is loaded from it.
    pub action_url: Option<String>,
}

/// One PDF on offer.
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
    /// The paper it is printed on; not said when unknown (an older manifest).
    pub paper: Option<PaperSize>,
    /// True for the last good file of an output that failed in this run: offered,
    /// marked as not up to date.
    pub stale: bool,
    /// A press file's job sheet for the shop (plain text, in English, as shops'
    /// paperwork is), relative to the output folder: linked beside the file.
    pub job_sheet: Option<String>,
}

/// The words of the site in one language, from that language's labels
/// (`labels/<tag>.yaml`, the `page_*` fields). `{paper}` and `{n}` are filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageWords {
    /// The page's title and heading (`Appeal packs and postcards`).
    pub(crate) title: String,
    /// Heading of the list of languages.
    pub(crate) languages: String,
    /// The link back to the first page.
    pub(crate) all_cases: String,
    /// The four kinds of file, for their links.
    pub(crate) pack_home: String,
    /// See `pack_home`.
    pub(crate) pack_press: String,
    /// See `pack_home`.
    pub(crate) postcard_home: String,
    /// See `pack_home`.
    pub(crate) postcard_press: String,
    /// The sheet of address labels, for its link.
    pub(crate) labels_home: String,
    /// The link of a petition sheet.
    pub(crate) petition_home: String,
    /// The link of a home poster.
    pub(crate) poster_home: String,
    /// The link of a press poster.
    pub(crate) poster_press: String,
    /// The link of a tally sheet.
    pub(crate) tally_home: String,
    /// The link of an event's bundle (pack, petition, tally and postcards in one file).
    pub(crate) bundle_home: String,
    /// How to print a home file, `{paper}` for the paper (`Print on {paper} paper at
    /// actual size (100%, not “fit to page”).`).
    pub(crate) print_home: String,
    /// After `print_home` for a pack: double-sided.
    pub(crate) duplex: String,
    /// After `print_home` for the postcard sheet: double-sided, then cut (the
    /// `print_postcards` label the sheet prints in its margin).
    pub(crate) print_postcards: String,
    /// How to have a press file printed, `{paper}` for the trimmed size.
    pub(crate) print_shop: String,
    /// The page count, `{n}` for the number (`Pages: {n}`).
    pub(crate) pages: String,
    /// The mark of a file that is not up to date.
    pub(crate) stale: String,
    /// The count of files not built, `{n}` for the number.
    pub(crate) missing: String,
    /// Before the deadline (`Please write before`).
    pub(crate) deadline: String,
    /// The online action's link.
    pub(crate) action: String,
    /// US Letter paper's name.
    pub(crate) letter: String,
}

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePage {
    /// Where it goes, relative to the output folder, with `/`.
    pub path: String,
    /// The HTML.
    pub html: String,
}

/// The pages' Content-Security-Policy: nothing may be loaded but inline styles and
/// images of the site itself.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

/// The first page's file name.
pub(crate) const FIRST_PAGE: &str = "index.html";

/// The mark every page carries in its head: only files with it are ever replaced or
/// removed as stale pages ([`is_site_page`]).
const GENERATOR: &str = "<meta name=\"generator\" content=\"appealpress\">";

/// True for a file appealpress wrote as a page of the site (its head carries the
/// generator mark), so that a stale page may be removed and nothing else.
pub(crate) fn is_site_page(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(GENERATOR.len()).any(|w| w == GENERATOR.as_bytes())
}

/// The case page's folder: the case id when it is a plain folder name (not empty,
/// not `.`-led, no separator); `None` otherwise, and the case then has no page.
pub(crate) fn case_folder(id: &str) -> Option<&str> {
    let plain = !id.is_empty() && !id.starts_with('.') && !id.contains(['/', '\\', '\0']);
    plain.then_some(id)
}

/// The language page of `tag`: `index.<tag>.html`, for a tag of letters, digits and
/// `-` that parses; `None` otherwise.
pub(crate) fn language_page(tag: &str) -> Option<String> {
    let plain = !tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (plain && Locale::parse(tag).is_ok()).then(|| format!("index.{tag}.html"))
}

/// Renders the site: the first page, a page per case (whose id is a plain folder
/// name, [`case_folder`]) and a page per language of the catalogue
/// ([`language_page`]). `words` gives a language's words; the first page and the case
/// pages are in English (`words("en")`). The pages come sorted by path; cases are
/// sorted by id whatever order they come in.
pub fn render_site(cases: &[PageCase], words: &dyn Fn(&str) -> PageWords) -> Vec<SitePage> {
    render_site_with_guide(cases, words, false)
}

/// [`render_site`], with a link to the user guide in the English pages' footer when
/// `guide` is true: when the site holds the guide in [`GUIDE_FOLDER`], so that no
/// link leads nowhere.
pub(crate) fn render_site_with_guide(
    cases: &[PageCase],
    words: &dyn Fn(&str) -> PageWords,
    guide: bool,
) -> Vec<SitePage> {
    let mut cases: Vec<&PageCase> = cases.iter().collect();
    cases.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.person.cmp(&b.person)));
    cases.dedup_by(|a, b| a.id == b.id);
    let english = words("en");
    let tags = catalogue_languages(&cases);
    let mut pages =
        vec![SitePage { path: FIRST_PAGE.to_string(), html: first_page(&cases, &tags, &english, guide) }];
    for case in &cases {
        if let Some(folder) = case.folder.as_deref().and_then(case_folder) {
            let html = case_page(case, folder, &english, guide);
            pages.push(SitePage { path: format!("{folder}/index.html"), html });
        }
    }
    for tag in &tags {
        if let Some(path) = language_page(tag) {
            pages.push(SitePage { path, html: language_page_html(&cases, tag, &words(tag)) });
        }
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages
}

/// The tags with at least one file in some case, sorted.
fn catalogue_languages(cases: &[&PageCase]) -> Vec<String> {
    let tags: std::collections::BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| c.languages.iter().filter(|l| !l.files.is_empty()).map(|l| l.tag.as_str()))
        .collect();
    tags.into_iter().map(str::to_string).collect()
}

/// ` dir="rtl"` for a right-to-left tag, else nothing.
fn dir_attr(tag: &str) -> &'static str {
    if is_rtl_tag(tag) {
        " dir=\"rtl\""
    } else {
        ""
    }
}

/// From `<!DOCTYPE html>` to the opening of `<body>`.
fn page_head(html: &mut String, tag: &str, title: &str) {
    let _ = writeln!(html, "<!DOCTYPE html>\n<html lang=\"{}\"{}>", escape(tag), dir_attr(tag));
    html.push_str("<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ =
        writeln!(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">");
    html.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(html, "{GENERATOR}");
    let _ = writeln!(html, "<title>{}</title>", escape(title));
    let _ = writeln!(html, "<style>\n{STYLE}</style>\n</head>\n<body>");
}

/// The folder of the site that holds the user guide (`docs/`, built by mdBook): the
/// packs workflow and `.ci/run` put it there beside the pages. Not a case id (those
/// have no `_`), so no case's folder can be it.
pub(crate) const GUIDE_FOLDER: &str = "_guide";

/// The English pages' footer; with `guide`, a link to the guide's page on printing,
/// `root` leading from the page to the site's root (`""` or `"../"`).
fn english_footer(root: &str, guide: bool) -> String {
    let link = if guide {
        format!(
            " How to print them: <a href=\"{root}{GUIDE_FOLDER}/printing.html\">the appealpress guide</a>."
        )
    } else {
        String::new()
    };
    format!(
        "<footer class=\"site\">\n<div class=\"wrap\">\n<p>These pages work offline: they load nothing from \
         the internet. Print-at-home files are RGB on the paper each one names (A4 or Letter); print-shop \
         files are CMYK with {bleed}&nbsp;mm bleed and crop marks.{link}</p>\n</div>\n</footer>\n",
        bleed = crate::layout::press::BLEED_MM
    )
}

fn first_page(cases: &[&PageCase], tags: &[String], words: &PageWords, guide: bool) -> String {
    let mut html = String::with_capacity(8 * 1024 + cases.len() * 1024);
    page_head(&mut html, "en", &words.title);
    html.push_str("<header class=\"site\">\n<div class=\"wrap\">\n");
    let _ = writeln!(html, "<h1>{}</h1>", escape(&words.title));
    let _ = writeln!(
        html,
        "<p class=\"lede\">Appeal packs and solidarity postcards, ready to print. Choose a case, then \
         the language and how you will print: <strong>at home</strong> on a desktop printer, or at a \
         <strong>print shop</strong> (CMYK, {bleed}&nbsp;mm bleed and crop marks). Every file is a PDF and \
         says the paper to print it on.</p>",
        bleed = crate::layout::press::BLEED_MM
    );
    html.push_str("</div>\n</header>\n<main class=\"wrap\">\n");
    let pages: Vec<(&String, String)> = tags.iter().filter_map(|t| Some((t, language_page(t)?))).collect();
    if !pages.is_empty() {
        let _ = writeln!(
            html,
            "<nav class=\"languages\" aria-labelledby=\"languages\">\n<h2 id=\"languages\">{}</h2>\n<ul>",
            escape(&words.languages)
        );
        for (tag, page) in pages {
            let _ = writeln!(
                html,
                "<li><a href=\"{}\" hreflang=\"{t}\" lang=\"{t}\"{}>{}</a></li>",
                percent_encode_path(&page),
                dir_attr(tag),
                escape(language_autonym(tag).unwrap_or(tag)),
                t = escape(tag),
            );
        }
        html.push_str("</ul>\n</nav>\n");
    }
    if cases.is_empty() {
        html.push_str("<p class=\"empty\">No appeal packs have been built yet.</p>\n");
    } else {
        html.push_str("<ul class=\"cases\">\n");
        for case in cases {
            html.push_str("<li class=\"case\">");
            if let Some(thumb) = &case.thumbnail {
                image(&mut html, thumb, None, &thumbnail_alt(thumb, &case.person));
            }
            match case.folder.as_deref().and_then(case_folder) {
                Some(folder) => {
                    let _ = write!(
                        html,
                        "<h2><a href=\"{}\">{}</a></h2>",
                        percent_encode_path(&format!("{folder}/index.html")),
                        escape(&case.person)
                    );
                }
                None => {
                    let _ = write!(html, "<h2>{}</h2>", escape(&case.person));
                }
            }
            if let Some(deadline) = &case.deadline {
                english_deadline(&mut html, deadline);
            }
            let mut languages: Vec<&str> =
                case.languages.iter().filter(|l| !l.files.is_empty()).map(|l| l.tag.as_str()).collect();
            languages.sort_unstable();
            html.push_str("<p class=\"langs\">");
            for (i, tag) in languages.iter().enumerate() {
                let sep = if i == 0 { "" } else { " · " };
                let name = escape(language_autonym(tag).unwrap_or(tag));
                let _ = write!(html, "{sep}<span lang=\"{}\"{}>{name}</span>", escape(tag), dir_attr(tag));
            }
            html.push_str("</p></li>\n");
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</main>\n");
    html.push_str(&english_footer("", guide));
    html.push_str("</body>\n</html>\n");
    html
}

/// `<p class="deadline">Write before <time>…</time></p>`, in English.
fn english_deadline(html: &mut String, deadline: &str) {
    let _ = writeln!(
        html,
        "<p class=\"deadline\">Write before <time datetime=\"{}\">{}</time></p>",
        escape(deadline),
        escape(&english_date(deadline)),
    );
}

/// An `<img>` of a thumbnail, its URL relative to the page in `dir`.
fn image(html: &mut String, thumb: &Thumbnail, dir: Option<&str>, alt: &str) {
    let _ = write!(
        html,
        "<img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\">",
        href_from(dir, &thumb.href),
        thumb.width,
        thumb.height,
        escape(alt),
    );
}

/// The URL of `target` (relative to the output folder) from a page in the folder
/// `dir` (`None` for the output folder itself): relative, percent-encoded.
fn href_from(dir: Option<&str>, target: &str) -> String {
    match dir {
        None => percent_encode_path(target),
        Some(dir) => match target.strip_prefix(dir).and_then(|rest| rest.strip_prefix('/')) {
            Some(rest) if !rest.is_empty() => percent_encode_path(rest),
            _ => format!("../{}", percent_encode_path(target)),
        },
    }
}

/// `<case>/index.html`: every file of the case, per language, in English.
fn case_page(case: &PageCase, folder: &str, words: &PageWords, guide: bool) -> String {
    let mut html = String::with_capacity(16 * 1024);
    page_head(&mut html, "en", &format!("{} — {}", case.person, words.title));
    html.push_str("<header class=\"site\">\n<div class=\"wrap\">\n");
    let _ =
        writeln!(html, "<p class=\"back\"><a href=\"../index.html\">{}</a></p>", escape(&words.all_cases));
    html.push_str("<div class=\"case-head\">\n");
    if let Some(thumb) = &case.thumbnail {
        image(&mut html, thumb, Some(folder), &thumbnail_alt(thumb, &case.person));
        html.push('\n');
    }
    let _ = writeln!(html, "<h1>{}</h1>", escape(&case.person));
    html.push_str("</div>\n");
    if let Some(deadline) = &case.deadline {
        english_deadline(&mut html, deadline);
    }
    html.push_str("</div>\n</header>\n<main class=\"wrap\">\n");
    let mut languages: Vec<&PageLanguage> = case.languages.iter().filter(|l| !l.files.is_empty()).collect();
    languages.sort_by(|a, b| a.tag.cmp(&b.tag));
    if languages.is_empty() && case.missing == 0 {
        html.push_str("<p class=\"note\">No files for this case yet.</p>\n");
    }
    for language in languages {
        html.push_str("<section class=\"language\">\n");
        language_heading(&mut html, &language.tag);
        files_list(&mut html, language, Some(folder), words);
        html.push_str("</section>\n");
    }
    if case.missing > 0 {
        let _ = writeln!(
            html,
            "<p class=\"note\">{}</p>",
            escape(&words.missing.replace("{n}", &case.missing.to_string()))
        );
    }
    html.push_str("</main>\n");
    html.push_str(&english_footer("../", guide));
    html.push_str("</body>\n</html>\n");
    html
}

/// `index.<tag>.html`: the cases that have `tag`, each with its files in that
/// language, in that language's words.
fn language_page_html(cases: &[&PageCase], tag: &str, words: &PageWords) -> String {
    let mut html = String::with_capacity(8 * 1024 + cases.len() * 2048);
    page_head(&mut html, tag, &words.title);
    html.push_str("<header class=\"site\">\n<div class=\"wrap\">\n");
    let _ = writeln!(html, "<p class=\"back\"><a href=\"index.html\">{}</a></p>", escape(&words.all_cases));
    let _ = writeln!(html, "<h1>{}</h1>", escape(&words.title));
    html.push_str("</div>\n</header>\n<main class=\"wrap\">\n<div class=\"cases\">\n");
    let locale = Locale::parse(tag).ok();
    for case in cases {
        let Some(language) = case.languages.iter().find(|l| l.tag == tag && !l.files.is_empty()) else {
            continue;
        };
        let person = language.person.as_deref().unwrap_or(&case.person);
        html.push_str("<article class=\"case\">\n<div class=\"case-head\">\n");
        if let Some(thumb) = &case.thumbnail {
            // The name beside it says whose it is: the picture is decoration here.
            image(&mut html, thumb, None, "");
            html.push('\n');
        }
        match case.folder.as_deref().and_then(case_folder) {
            Some(folder) => {
                let _ = writeln!(
                    html,
                    "<h2><a href=\"{}\">{}</a></h2>",
                    percent_encode_path(&format!("{folder}/index.html")),
                    escape(person)
                );
            }
            None => {
                let _ = writeln!(html, "<h2>{}</h2>", escape(person));
            }
        }
        html.push_str("</div>\n");
        if let Some(deadline) = &case.deadline {
            let date = locale.as_ref().map_or_else(|| deadline.clone(), |l| local_date(l, deadline));
            let _ = writeln!(
                html,
                "<p class=\"deadline\">{} <time datetime=\"{}\">{}</time></p>",
                escape(&words.deadline),
                escape(deadline),
                escape(&date)
            );
        }
        files_list(&mut html, language, None, words);
        html.push_str("</article>\n");
    }
    html.push_str("</div>\n</main>\n</body>\n</html>\n");
    html
}

/// A language's heading on a case page. Only the language's name is marked
/// `lang`/`dir`: the page's words are English.
fn language_heading(html: &mut String, tag: &str) {
    let name = language_autonym(tag).unwrap_or(tag);
    let mut hint = Vec::new();
    if let Some(english) = language_english(tag).filter(|e| *e != name) {
        hint.push(english.to_string());
    }
    if !matches!(language_entry(tag), Some((_, true))) && name != tag {
        hint.push(tag.to_string());
    }
    let _ = write!(html, "<h2><span lang=\"{}\"{}>{}</span>", escape(tag), dir_attr(tag), escape(name));
    if !hint.is_empty() {
        let _ = write!(html, " <span class=\"hint\">{}</span>", escape(&hint.join(" · ")));
    }
    html.push_str("</h2>\n");
}

/// A language's files and its online action, from a page in `dir`. The links carry
/// `hreflang` for the language of the file they lead to.
fn files_list(html: &mut String, language: &PageLanguage, dir: Option<&str>, words: &PageWords) {
    let tag = escape(&language.tag);
    html.push_str("<ul class=\"files\">\n");
    let mut files: Vec<&PageFile> = language.files.iter().collect();
    files.sort_by(|a, b| (a.product, a.profile, &a.href).cmp(&(b.product, b.profile, &b.href)));
    for file in files {
        let paper = paper_name(file.paper, words);
        // A one-page file (a poster, a tally sheet) gives no count: the labels have no
        // singular ("1 pages"), and one page is what a sheet is.
        let pages = match file.pages {
            1 => String::new(),
            n => format!("{} · ", words.pages.replace("{n}", &n.to_string())),
        };
        let meta = format!("PDF · {paper} · {pages}{}", human_size(file.bytes));
        let stale = if file.stale {
            format!("<strong class=\"stale\">{}</strong>", escape(&words.stale))
        } else {
            String::new()
        };
        // The job sheet is the shop's paperwork, in English whatever the page's language.
        let sheet = file.job_sheet.as_ref().map_or(String::new(), |sheet| {
            format!(
                " <a class=\"sheet\" href=\"{}\" lang=\"en\" dir=\"ltr\" type=\"text/plain\">job sheet (text)</a>",
                href_from(dir, sheet)
            )
        });
        let _ = writeln!(
            html,
            "<li><a href=\"{}\" hreflang=\"{tag}\" type=\"application/pdf\"><span class=\"label\">{}</span>\
             <span class=\"sep\"> · </span><span class=\"meta\">{}</span></a>{sheet}{stale}\
             <span class=\"how\">{}</span></li>",
            href_from(dir, &file.href),
            escape(file_label(file.product, file.profile, words)),
            escape(&meta),
            escape(&how_to_print(file.product, file.profile, &paper, words)),
        );
    }
    html.push_str("</ul>\n");
    if let Some(url) = &language.action_url {
        // The address as the pack prints it under its QR code.
        let action = ActionLink::new(url);
        let _ = writeln!(
            html,
            "<p class=\"action\"><a href=\"{}\" hreflang=\"{tag}\" rel=\"noreferrer\">{}</a> \
             <span class=\"meta\">{}</span></p>",
            escape(&action.url),
            escape(&words.action),
            escape(&action.short),
        );
    }
}

/// Right to left by the tag's script; a tag that no longer parses (an old manifest)
/// is read left to right.
fn is_rtl_tag(tag: &str) -> bool {
    Locale::parse(tag).is_ok_and(|locale| locale.is_rtl())
}

/// `A4`, `A6`, or Letter in the page's language; both home sizes when unknown.
fn paper_name(paper: Option<PaperSize>, words: &PageWords) -> String {
    match paper {
        Some(PaperSize::A4) => "A4".to_string(),
        Some(PaperSize::A6) => "A6".to_string(),
        Some(PaperSize::A3) => "A3".to_string(),
        Some(PaperSize::Tabloid) => "Tabloid".to_string(),
        Some(PaperSize::Letter) => words.letter.clone(),
        None => format!("A4 / {}", words.letter),
    }
}

/// What a file is, for its link.
fn file_label(product: Product, profile: Profile, words: &PageWords) -> &str {
    match (product, profile) {
        (Product::Pack, Profile::Home) => &words.pack_home,
        (Product::Pack, Profile::Press) => &words.pack_press,
        (Product::Postcard, Profile::Home) => &words.postcard_home,
        (Product::Postcard, Profile::Press) => &words.postcard_press,
        (Product::Labels, _) => &words.labels_home,
        (Product::Petition, _) => &words.petition_home,
        (Product::Poster, Profile::Home) => &words.poster_home,
        (Product::Poster, Profile::Press) => &words.poster_press,
        (Product::Tally, _) => &words.tally_home,
        (Product::Bundle, _) => &words.bundle_home,
    }
}

/// How to print a file, naming its paper, for the volunteer or coordinator about to do it.
fn how_to_print(product: Product, profile: Profile, paper: &str, words: &PageWords) -> String {
    match (product, profile) {
        // The bundle's parts each start on a right-hand page for double-sided printing.
        (Product::Pack | Product::Bundle, Profile::Home) => {
            format!("{} {}", words.print_home.replace("{paper}", paper), words.duplex)
        }
        (Product::Postcard, Profile::Home) => {
            format!("{} {}", words.print_home.replace("{paper}", paper), words.print_postcards)
        }
        // The stock's name is the maker's, in every language: which sheets to buy.
        (Product::Labels, _) => {
            let stock =
                if paper == "A4" { crate::layout::labels::L7160 } else { crate::layout::labels::AVERY_5160 };
            words.print_home.replace("{paper}", &format!("{paper} ({})", stock.name))
        }
        (Product::Petition | Product::Poster | Product::Tally, Profile::Home) => {
            words.print_home.replace("{paper}", paper)
        }
        (_, Profile::Press) => words.print_shop.replace("{paper}", paper),
    }
}

/// `2027-03-31` as `31 March 2027` (CLDR's British English, day before month, read
/// the same everywhere); anything that is not such a date as it is.
fn english_date(iso: &str) -> String {
    local_date(&Locale::parse("en-GB").expect("en-GB is a tag"), iso)
}

/// `2027-03-31` in `locale`'s CLDR long date; anything that is not such a date as it is.
fn local_date(locale: &Locale, iso: &str) -> String {
    crate::load::case_yaml::parse_iso_date(iso)
        .and_then(|date| crate::compose::dates::format_date(locale, date, crate::compose::Digits::LATIN))
        .map_or_else(|| iso.to_string(), |formatted| formatted.text)
}

/// `First page of the appeal pack for Ali Aarrass, English`.
fn thumbnail_alt(thumb: &Thumbnail, person: &str) -> String {
    let what = match thumb.product {
        Product::Pack => "First page of the appeal pack",
        Product::Postcard => "Front of the postcard",
        Product::Labels => "First sheet of the address labels",
        Product::Petition => "First page of the petition sheet",
        Product::Poster => "The poster",
        Product::Tally => "The tally sheet",
        Product::Bundle => "First page of the event bundle",
    };
    let language = language_english(&thumb.lang).unwrap_or(&thumb.lang);
    format!("{what} for {person}, {language}")
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

/// The pages' style sheet: a sober card grid, one column on a phone.
const STYLE: &str = r#":root { color-scheme: light; --ink: #1c1c1c; --muted: #505050; --line: #d8d4cc;
  --paper: #f4f2ed; --card: #ffffff; --link: #0b4a8b; --band: #1c1c1c; --accent: #f2c300; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header.site { background: var(--band); color: #fff; border-bottom: 0.375rem solid var(--accent);
  padding: 2rem 0 1.5rem; }
header.site a { color: #fff; }
h1 { margin: 0; font-size: 2rem; line-height: 1.2; letter-spacing: -0.01em; overflow-wrap: anywhere; }
.lede { margin: 0.75rem 0 0; max-width: 46rem; color: #ececec; }
.lede strong { color: #fff; }
.back { margin: 0 0 0.75rem; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 0.125em; }
a:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; background: #ffe27a; color: #000;
  text-decoration: none; }
nav.languages { margin: 1.5rem 0 0; }
nav.languages h2 { font-size: 1.0625rem; margin: 0 0 0.25rem; }
nav.languages ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.cases { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
  gap: 1.25rem; margin: 1.5rem 0 2.5rem; align-items: start; list-style: none; padding: 0; }
.case { background: var(--card); border: 1px solid var(--line); border-radius: 0.375rem; padding: 1.25rem; }
li.case { display: flow-root; }
li.case img { float: inline-start; margin-inline-end: 1rem; }
.case-head { display: flex; gap: 1rem; align-items: flex-start; }
.case img, .case-head img { flex: none; width: 5.5rem; height: auto; border: 1px solid var(--line); background: #fff; }
h2 { margin: 0; font-size: 1.375rem; line-height: 1.25; overflow-wrap: anywhere; }
.langs { margin: 0.5rem 0 0; color: var(--muted); font-size: 0.9375rem; }
.language { margin-top: 1.5rem; padding-top: 0.75rem; border-top: 1px solid var(--line); }
.language h2 { font-size: 1.1875rem; margin-bottom: 0.25rem; }
.hint { font-weight: normal; font-size: 0.875rem; color: var(--muted); }
ul.files { list-style: none; margin: 0.5rem 0 0; padding: 0; }
ul.files a { display: block; padding: 0.3rem 0; }
ul.files .label { display: block; }
/* The separator is part of the link's text for screen readers, not shown: the
   details go on a line of their own, not underlined (an inline block is not). */
.sep { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }
.meta { display: inline-block; color: var(--muted); font-size: 0.875rem; }
.stale { display: inline-block; background: #ffe27a; color: #000; font-size: 0.8125rem; padding: 0 0.375rem;
  border-radius: 0.25rem; }
.how { display: block; color: var(--muted); font-size: 0.8125rem; margin: -0.2rem 0 0.3rem; }
.deadline { margin: 0.5rem 0 0; font-weight: 600; }
a:focus-visible .meta { color: #000; }
.note, .empty { color: var(--muted); font-size: 0.9375rem; margin: 1rem 0 0; }
.empty { margin: 2rem 0; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.875rem; padding: 0.5rem 0 2rem; }
@media (max-width: 600px) {
  .wrap { padding: 0 1rem; }
  header.site { padding: 1.5rem 0 1.25rem; }
  h1 { font-size: 1.625rem; }
  .case { padding: 1rem; }
  .case img, .case-head img { width: 4.5rem; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::publish::page_words;

    fn file(product: Product, profile: Profile, href: &str, bytes: u64, pages: usize) -> PageFile {
        let paper = Some(if product == Product::Postcard && profile == Profile::Press {
            PaperSize::A6
        } else {
            PaperSize::A4
        });
        PageFile {
            product,
            profile,
            href: href.to_string(),
            bytes,
            pages,
            paper,
            stale: false,
            job_sheet: None,
        }
    }

    fn language(case: &str, tag: &str) -> PageLanguage {
        let name = |suffix: &str| format!("{case}/{case}-{tag}-{suffix}.pdf");
        PageLanguage {
            tag: tag.to_string(),
            person: None,
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
                folder: Some("zeynep-kaya".to_string()),
                person: "Zeynep <Kaya> & \"friends\" 'quoted'".to_string(),
                deadline: None,
                thumbnail: None,
                languages: vec![language("zeynep-kaya", "tr")],
                missing: 1,
            },
            PageCase {
                id: "ali-aarrass".to_string(),
                folder: Some("ali-aarrass".to_string()),
                person: "Ali Aarrass".to_string(),
                deadline: Some("2027-03-31".to_string()),
                thumbnail: Some(Thumbnail {
                    href: "ali-aarrass/ali-aarrass-en-pack.jpg".to_string(),
                    width: 176,
                    height: 249,
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

    fn site(cases: &[PageCase]) -> Vec<SitePage> {
        render_site(cases, &page_words)
    }

    fn page<'a>(pages: &'a [SitePage], path: &str) -> &'a str {
        &pages.iter().find(|p| p.path == path).unwrap_or_else(|| panic!("no {path}")).html
    }

    #[test]
    fn the_footer_links_the_guide_only_when_the_site_has_it() {
        let link = |pages: &[SitePage], path: &str| {
            page(pages, path).contains(&format!("{GUIDE_FOLDER}/printing.html\">the appealpress guide</a>"))
        };
        let without = site(&sample());
        assert!(!link(&without, FIRST_PAGE) && !link(&without, "ali-aarrass/index.html"));
        let with = render_site_with_guide(&sample(), &page_words, true);
        assert!(page(&with, FIRST_PAGE).contains("href=\"_guide/printing.html\""));
        assert!(page(&with, "ali-aarrass/index.html").contains("href=\"../_guide/printing.html\""));
    }

    #[test]
    fn the_site_is_a_first_page_a_page_per_case_and_per_language() {
        let pages = site(&sample());
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "ali-aarrass/index.html",
                "index.ar.html",
                "index.en.html",
                "index.fr.html",
                "index.html",
                "index.tr.html",
                "zeynep-kaya/index.html"
            ]
        );
        let first = page(&pages, "index.html");
        // The first page links each case's page and each language's, and lists no file.
        assert!(first.contains("<h2><a href=\"ali-aarrass/index.html\">Ali Aarrass</a></h2>"), "{first}");
        assert!(
            first.contains("<a href=\"index.ar.html\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>")
        );
        assert!(!first.contains(".pdf"), "{first}");
        assert!(first.contains(
            "<p class=\"langs\"><span lang=\"ar\" dir=\"rtl\">العربية</span> · <span lang=\"en\">English</span> · \
             <span lang=\"fr\">Français</span></p>"
        ));
        assert!(first.contains(
            "<p class=\"deadline\">Write before <time datetime=\"2027-03-31\">31 March 2027</time></p>"
        ));
        // The thumbnail is a file of the site, not inline data.
        assert!(first.contains(
            "<img src=\"ali-aarrass/ali-aarrass-en-pack.jpg\" width=\"176\" height=\"249\" \
             alt=\"First page of the appeal pack for Ali Aarrass, English\" loading=\"lazy\">"
        ));
        assert!(!pages.iter().any(|p| p.html.contains("data:")));
        // The case page sits beside its files and links them and the picture from there.
        let case = page(&pages, "ali-aarrass/index.html");
        assert!(case.contains("<p class=\"back\"><a href=\"../index.html\">All cases</a></p>"));
        assert!(case.contains("<img src=\"ali-aarrass-en-pack.jpg\""), "{case}");
        assert!(case.contains("<a href=\"ali-aarrass-ar-pack.pdf\" hreflang=\"ar\""));
        assert_eq!(case.matches("type=\"application/pdf\"").count(), 12);
        assert!(case.contains(
            "<h2><span lang=\"ar\" dir=\"rtl\">العربية</span> <span class=\"hint\">Arabic</span></h2>"
        ));
    }

    #[test]
    fn a_one_page_sheet_gives_no_page_count_and_a_poster_its_paper() {
        let mut cases = sample();
        let poster = PageFile {
            paper: Some(PaperSize::A3),
            ..file(Product::Poster, Profile::Home, "ali-aarrass/ali-aarrass-en-poster.pdf", 373_000, 1)
        };
        cases[1].languages[2].files.push(poster);
        let pages = site(&cases);
        let case = page(&pages, "ali-aarrass/index.html");
        assert!(case.contains("<span class=\"meta\">PDF · A3 · 364 KB</span>"), "{case}");
        assert!(case.contains("Poster — print at home"), "{case}");
        assert!(case.contains("Print on A3 paper at actual size"), "{case}");
        assert!(!case.contains("1 pages"), "{case}");
    }

    #[test]
    fn each_file_says_its_paper_and_how_to_print_names_it() {
        let mut cases = sample();
        cases[1].languages[2].files[1].paper = Some(PaperSize::Letter);
        let pages = site(&cases);
        let case = page(&pages, "ali-aarrass/index.html");
        assert!(
            case.contains(
                "<li><a href=\"ali-aarrass-en-pack.pdf\" hreflang=\"en\" type=\"application/pdf\">\
             <span class=\"label\">Appeal pack — print at home</span><span class=\"sep\"> · </span>\
             <span class=\"meta\">PDF · Letter · 6 pages · 412 KB</span></a><span class=\"how\">Print on \
             Letter paper at actual size (100%, not “fit to page”). Double-sided if you can, flipping on the \
             long edge.</span></li>"
            ),
            "{case}"
        );
        assert!(case.contains("<span class=\"meta\">PDF · A6 · 2 pages · 1.8 MB</span>"));
        assert!(case.contains("For a print shop, as it is: trimmed to A6 at the crop marks."));
        assert!(case.contains("For a print shop, as it is: trimmed to A4 at the crop marks."));
        // The postcard sheet is printed on the home paper, and cut into four.
        assert!(case.contains(
            "Print on A4 paper at actual size (100%, not “fit to page”). Print double-sided, flipping on \
             the long edge, then cut along the marks."
        ));
        // In the language's words on its page: Letter is named as a French print dialog does.
        let mut fr = cases.clone();
        fr[1].languages[0].files[1].paper = Some(PaperSize::Letter);
        let french = site(&fr);
        let french = page(&french, "index.fr.html");
        assert!(french.contains("PDF · Lettre US · Pages : 6 · 412 KB"), "{french}");
        assert!(french.contains("Imprimez sur papier Lettre US en taille réelle"));
        assert!(french.contains("Pour l’imprimeur, tel quel : rogné au format A6 aux traits de coupe."));
        // A file of an older manifest, whose paper is not known, names both.
        cases[1].languages[2].files[1].paper = None;
        let pages = site(&cases);
        assert!(page(&pages, "ali-aarrass/index.html").contains("PDF · A4 / Letter · 6 pages"));
    }

    #[test]
    fn a_language_page_speaks_its_language_and_lists_its_cases_only() {
        let mut cases = sample();
        cases[1].languages[1].person = Some("علي أعراس".into());
        cases[1].languages[1].action_url = Some("https://example.org/act".into());
        let pages = site(&cases);
        let arabic = page(&pages, "index.ar.html");
        assert!(arabic.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n"), "{arabic}");
        assert!(arabic.contains("<title>حزم المناشدات والبطاقات البريدية</title>"));
        assert!(arabic.contains("<p class=\"back\"><a href=\"index.html\">كل الحالات</a></p>"));
        assert!(arabic.contains("<h2><a href=\"ali-aarrass/index.html\">علي أعراس</a></h2>"), "{arabic}");
        assert!(arabic.contains("حزمة المناشدة — للطباعة في المنزل"));
        assert!(arabic.contains("<a href=\"ali-aarrass/ali-aarrass-ar-pack.pdf\" hreflang=\"ar\""));
        assert!(arabic.contains(">تحرّك عبر الإنترنت</a>"));
        assert!(arabic.contains("<p class=\"deadline\">يرجى الكتابة قبل <time datetime=\"2027-03-31\">"));
        // Only Arabic files, and only the case that has Arabic.
        assert!(!arabic.contains("-fr-") && !arabic.contains("-en-pack.pdf") && !arabic.contains("zeynep"));
        assert_eq!(arabic.matches("type=\"application/pdf\"").count(), 4);
        let turkish = page(&pages, "index.tr.html");
        assert!(turkish.starts_with("<!DOCTYPE html>\n<html lang=\"tr\">\n"));
        assert!(turkish.contains("Eylem paketi — evde yazdırmak için"));
        assert!(!turkish.contains("Ali Aarrass"));
        // The English first page stays, left to right.
        assert!(page(&pages, "index.html").starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
        // A tag that is not a plain tag gets no page (and no link).
        let mut odd = sample();
        odd[0].languages[0].tag = "../x".into();
        let pages = site(&odd);
        assert_eq!(pages.len(), 6, "{:?}", pages.iter().map(|p| &p.path).collect::<Vec<_>>());
        assert!(!page(&pages, "index.html").contains("href=\"index.../x"));
    }

    #[test]
    fn a_file_not_up_to_date_is_offered_and_marked() {
        let mut cases = sample();
        cases[1].languages[1].files[1].stale = true;
        let pages = site(&cases);
        let case = page(&pages, "ali-aarrass/index.html");
        assert_eq!(case.matches("<strong class=\"stale\">Not up to date</strong>").count(), 1);
        assert!(case.contains(
            "<a href=\"ali-aarrass-ar-pack.pdf\" hreflang=\"ar\" type=\"application/pdf\"><span class=\"label\">\
             Appeal pack — print at home</span><span class=\"sep\"> · </span><span class=\"meta\">PDF · A4 · \
             6 pages · 412 KB</span></a><strong class=\"stale\">Not up to date</strong>"
        ), "{case}");
        assert!(page(&pages, "index.ar.html").contains("<strong class=\"stale\">غير محدّث</strong>"));
        let zeynep = page(&pages, "zeynep-kaya/index.html");
        assert!(zeynep.contains("<p class=\"note\">Files that could not be built in this run: 1</p>"));
    }

    #[test]
    fn the_first_page_of_100_cases_stays_under_150_kb() {
        let tags = ["ar", "en", "es", "fr", "nl", "pt-BR", "tr", "zh-Hant"];
        let cases: Vec<PageCase> = (0..100)
            .map(|i| {
                let id = format!("case-{i:03}-a-long-folder-name");
                PageCase {
                    id: id.clone(),
                    folder: Some(id.clone()),
                    person: format!("Person {i} With A Long Family Name"),
                    deadline: Some("2027-03-31".into()),
                    thumbnail: Some(Thumbnail {
                        href: format!("{id}/{id}-en-pack.jpg"),
                        width: 176,
                        height: 249,
                        product: Product::Pack,
                        lang: "en".into(),
                    }),
                    languages: tags.iter().map(|t| language(&id, t)).collect(),
                    missing: 0,
                }
            })
            .collect();
        let pages = site(&cases);
        let first = page(&pages, "index.html");
        eprintln!("index.html for 100 cases of 8 languages: {} bytes", first.len());
        assert!(first.len() <= 150 * 1024, "{} bytes", first.len());
        assert_eq!(first.matches("<li class=\"case\">").count(), 100);
        assert_eq!(pages.len(), 1 + 100 + tags.len());
        for p in &pages {
            eprintln!("{}: {} bytes", p.path, p.html.len());
        }
    }

    #[test]
    fn names_and_titles_are_escaped() {
        let pages = site(&sample());
        let first = page(&pages, "index.html");
        assert!(first.contains("Zeynep &lt;Kaya&gt; &amp; &quot;friends&quot; &#39;quoted&#39;</a></h2>"));
        let case = page(&pages, "zeynep-kaya/index.html");
        assert!(case.contains("<h1>Zeynep &lt;Kaya&gt; &amp; &quot;friends&quot; &#39;quoted&#39;</h1>"));
        assert!(case.contains("<title>Zeynep &lt;Kaya&gt;"));
        assert!(pages.iter().all(|p| !p.html.contains("<Kaya>")));
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
        assert_eq!(href_from(Some("a"), "a/x.pdf"), "x.pdf");
        assert_eq!(href_from(Some("a"), "b/x.pdf"), "../b/x.pdf");
        assert_eq!(href_from(Some("a"), "ab/x.pdf"), "../ab/x.pdf");
        assert_eq!(href_from(Some("a"), "a/"), "../a/");
        assert_eq!(href_from(None, "café/x y.pdf"), "caf%C3%A9/x%20y.pdf");
        assert_eq!(case_folder("ali"), Some("ali"));
        for odd in ["", ".", "..", ".hidden", "a/b", "a\\b"] {
            assert_eq!(case_folder(odd), None, "{odd}");
        }
        assert_eq!(language_page("pt-BR").as_deref(), Some("index.pt-BR.html"));
        for odd in ["", "../x", "en/x", "en.html", "not a tag"] {
            assert_eq!(language_page(odd), None, "{odd}");
        }
    }

    #[test]
    fn unknown_languages_show_their_tag() {
        let case = PageCase {
            id: "c".to_string(),
            folder: Some("c".to_string()),
            person: "P".to_string(),
            deadline: None,
            thumbnail: None,
            languages: vec![language("c", "tlh"), language("c", "en-GB")],
            missing: 0,
        };
        let pages = site(&[case]);
        let html = page(&pages, "c/index.html");
        assert!(html.contains("<h2><span lang=\"tlh\">tlh</span></h2>"), "{html}");
        assert!(html.contains("<span lang=\"en-GB\">English</span> <span class=\"hint\">en-GB</span>"));
    }

    #[test]
    fn nothing_points_off_the_machine() {
        let mut cases = sample();
        cases[0].languages[0].action_url = Some("https://example.org/act?a=1&b=2".into());
        for p in site(&cases) {
            let html = &p.html;
            assert!(!html.contains("<script") && !html.contains("@import") && !html.contains("url("));
            assert!(html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; \
                 style-src 'unsafe-inline'\">"
            ));
            assert!(is_site_page(html.as_bytes()));
            for url in html
                .split(['"'])
                .filter(|_| true)
                .collect::<Vec<_>>()
                .windows(2)
                .filter_map(|w| (w[0].ends_with("href=") || w[0].ends_with("src=")).then_some(w[1]))
            {
                let off = url.contains(':') || url.starts_with('/');
                assert!(!off || url == "https://example.org/act?a=1&amp;b=2", "{}: {url}", p.path);
            }
        }
        let tr = site(&cases);
        assert!(page(&tr, "index.tr.html").contains(
            "<a href=\"https://example.org/act?a=1&amp;b=2\" hreflang=\"tr\" rel=\"noreferrer\">Çevrimiçi harekete geçin</a>"
        ));
        assert!(!is_site_page(b"<!DOCTYPE html><html><head><title>mine</title>"));
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(421_888), "412 KB");
        assert_eq!(human_size(1024 * 1024 - 1), "1.0 MB");
        assert_eq!(human_size(6_500_000), "6.2 MB");
        assert_eq!(human_size(48 * 1024 * 1024), "48 MB");
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
        let pages = site(&sample());
        assert_eq!(pages, site(&reversed));
        let case = page(&pages, "ali-aarrass/index.html");
        assert_eq!(case.matches("<h1>").count(), 1);
        let headings: Vec<&str> = case.lines().filter(|l| l.starts_with("<h2")).collect();
        assert_eq!(headings.len(), 3);
        assert!(headings[0].contains("lang=\"ar\"") && headings[2].contains("lang=\"fr\""));
        // Files: pack home, pack press, postcards home, postcard press.
        let en = &case[case.find("<span lang=\"en\">").unwrap()..case.find("<span lang=\"fr\">").unwrap()];
        let order: Vec<usize> =
            ["-en-pack.pdf", "-en-pack-press.pdf", "-en-postcard.pdf", "-en-postcard-press.pdf"]
                .iter()
                .map(|name| en.find(name).unwrap())
                .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        let first = page(&pages, "index.html");
        assert!(first.find("Ali Aarrass").unwrap() < first.find("Zeynep").unwrap());
    }

    #[test]
    fn empty_sites_and_cases_say_so() {
        let pages = site(&[]);
        assert_eq!(pages.len(), 1);
        assert!(page(&pages, "index.html").contains("No appeal packs have been built yet."));
        let case = PageCase {
            id: "c".into(),
            folder: Some("c".into()),
            person: "P".into(),
            deadline: None,
            thumbnail: None,
            languages: Vec::new(),
            missing: 2,
        };
        let pages = site(&[case]);
        let html = page(&pages, "c/index.html");
        assert!(html.contains("Files that could not be built in this run: 2"));
        assert!(!html.contains("No files for this case yet."));
    }
}
