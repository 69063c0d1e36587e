//! End to end, every fixture language (issue 13's "Done means"): one build of the
//! many-language case in `tests/fixtures/languages`, then, for each language's home
//! pack, read back with poppler:
//!
//! - **labels**: no warning that the language has no labels;
//! - **date**: the deadline line is in the language (no English words or month names,
//!   and the expected month for a few languages whose long date we are sure of);
//! - **hyphens**: a line ends in an inserted hyphen where hypher has patterns for the
//!   language and script, and none does where it has none;
//! - **evenness**: no justified line with three or more word gaps has a gap wider than
//!   twice the normal space, measured from the PDF (`common::bbox::evenness`, the
//!   measure `tests/it/column.rs` applies to every fixture pack);
//! - **read-back**: the body's characters come back from `pdftotext` at 98 % or more;
//! - **fonts**: every font embedded, subset and with a ToUnicode map;
//! - **quotes**: quotation marks typed in the language's own style print as typed.
//!
//! Every language is checked and every failure reported in one message, so a run shows
//! the whole table rather than the first failing language. The press packs are built in
//! the same run for the column check (`/work/shared/tools/column-check`, another test).
//! The poppler tools are skipped with a note unless `APPEALPRESS_REQUIRE_TOOLS` is set.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::bbox::{self, Line, Page, Word};
use common::*;

/// The fixture case: one fictional person, one `<lang>.md` per language.
const CASE: &str = "leyla-daran";

/// The deadline in `case.yaml` is 2035-03-31; these are its year in the calendars a
/// pack may print it in (Gregorian; Solar Hijri for Persian).
const DEADLINE_YEARS: [u32; 2] = [2035, 1414];

/// Languages (primary subtags) with hypher 0.1.8 patterns. Serbian's are Cyrillic.
const HYPHER_LANGUAGES: [&str; 50] = [
    "af", "sq", "as", "be", "bn", "bg", "ca", "hr", "cs", "da", "nl", "en", "et", "fi", "fr", "gl", "ka",
    "de", "el", "gu", "hi", "hu", "is", "it", "kn", "ku", "la", "lt", "ml", "mr", "mn", "no", "nb", "nn",
    "or", "pa", "pl", "pt", "ru", "sa", "sr", "sk", "sl", "es", "sv", "ta", "te", "tk", "tr", "uk",
];

/// ICU's long-format March for languages where we are sure of it: the deadline line
/// must contain it.
const MARCH: [(&str, &str); 11] = [
    ("de", "März"),
    ("it", "marzo"),
    ("pl", "marca"),
    ("ru", "марта"),
    ("uk", "березня"),
    ("pt-BR", "março"),
    ("sv", "mars"),
    ("tr", "Mart"),
    ("cs", "března"),
    ("el", "Μαρτίου"),
    ("fi", "maaliskuuta"),
];

const ENGLISH_MONTHS: [&str; 12] = [
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
];

/// How a language should come out of the hyphenator.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Hyphens {
    /// hypher has patterns for the language and its script: some line must end in
    /// an inserted hyphen.
    Required,
    /// No patterns: no inserted hyphen (the issue: never hyphenate such a language).
    Forbidden,
    /// Serbian in Latin letters: hypher's Serbian patterns are Cyrillic, but using
    /// the Croatian ones would be defensible, so either is accepted.
    Either,
}

fn primary(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

fn hyphens(lang: &str) -> Hyphens {
    match lang {
        "sr-Latn" => Hyphens::Either,
        _ if HYPHER_LANGUAGES.contains(&primary(lang)) => Hyphens::Required,
        _ => Hyphens::Forbidden,
    }
}

/// The language files of the fixture case, sorted.
fn languages(case_dir: &Path) -> Vec<String> {
    let mut langs: Vec<String> = std::fs::read_dir(case_dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    langs.sort();
    langs
}

fn case_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/languages").join(CASE)
}

// ---------------------------------------------------------------------------------
// The checks, each returning a failure message or None

/// (a) No warning about missing labels for this language's home pack.
fn check_labels(entry: &serde_json::Value) -> Option<String> {
    let warnings = entry["warnings"].as_array().cloned().unwrap_or_default();
    let about_labels: Vec<String> = warnings
        .iter()
        .filter_map(|w| w["message"].as_str())
        .filter(|m| m.to_lowercase().contains("label"))
        .map(str::to_string)
        .collect();
    (!about_labels.is_empty()).then(|| about_labels.join("; "))
}

/// The value of a run of decimal digits in any of the scripts a pack may print.
fn digit_value(c: char) -> Option<u32> {
    const ZEROS: [u32; 12] =
        [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xBE6, 0xDE6, 0xE50, 0x1040, 0xFF10, 0x0AE6, 0x0C66];
    let c = c as u32;
    ZEROS.iter().find(|&&z| (z..z + 10).contains(&c)).map(|z| c - z)
}

fn numbers_in(text: &str) -> Vec<u32> {
    let mut numbers = Vec::new();
    let mut current: Option<u32> = None;
    for c in text.chars() {
        match digit_value(c) {
            Some(d) => current = Some(current.unwrap_or(0).saturating_mul(10).saturating_add(d)),
            None => numbers.extend(current.take()),
        }
    }
    numbers.extend(current);
    numbers
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
    })
}

/// (b) The deadline line of the cover (the first page-one line holding the deadline's
/// year) is in the language.
fn check_date(lang: &str, page_one: &Page) -> Option<String> {
    let line = page_one
        .lines
        .iter()
        .map(|l| l.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "))
        .find(|l| numbers_in(l).iter().any(|n| DEADLINE_YEARS.contains(n)));
    let Some(line) = line else {
        return Some("no deadline line (year 2035) on page 1".into());
    };
    if line.contains("Please write") || ENGLISH_MONTHS.iter().any(|m| contains_word(&line, m)) {
        return Some(format!("English: {line:?}"));
    }
    if let Some((_, month)) = MARCH.iter().find(|(l, _)| *l == lang) {
        if !line.to_lowercase().contains(&month.to_lowercase()) {
            return Some(format!("{month:?} not in {line:?}"));
        }
    }
    None
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{00AD}')
}

/// Line-final words that end in a hyphen the source does not have there: the
/// hyphenator's. A hyphen typed in the source (`tabing-dagat`) does not count.
fn inserted_hyphens(pages: &[Page], source: &str) -> Vec<String> {
    let source: String = source.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut found = Vec::new();
    for page in pages {
        for (i, line) in page.lines.iter().enumerate() {
            let last = &line.words.last().unwrap().text;
            if !last.ends_with(is_hyphen) || page.next_in_block[i].is_none() {
                continue;
            }
            let fragment =
                last.trim_start_matches(|c: char| !c.is_alphanumeric()).trim_end_matches(is_hyphen);
            if fragment.is_empty() {
                continue;
            }
            let typed =
                source.contains(&format!("{fragment}-")) || source.contains(&format!("{fragment}\u{2010}"));
            if !typed {
                found.push(last.clone());
            }
        }
    }
    found
}

/// (c) Hyphenation as the language's patterns allow.
fn check_hyphens(lang: &str, pages: &[Page], source: &str) -> Option<String> {
    let inserted = inserted_hyphens(pages, source);
    match hyphens(lang) {
        Hyphens::Required if inserted.is_empty() => Some("no hyphenated line end".into()),
        Hyphens::Forbidden if !inserted.is_empty() => {
            Some(format!("hyphenated without patterns: {}", inserted.join(" ")))
        }
        _ => None,
    }
}

/// (d) No loose justified line: the shared measure of `common::bbox::evenness`, the
/// one `tests/it/column.rs` applies to every fixture pack.
fn check_evenness(pages: &[Page]) -> Option<String> {
    let loose = bbox::evenness(pages).loose;
    let first = loose.first()?;
    Some(format!(
        "{} loose line(s), first: p{} gap {:.1}× space ({:.1} pt, limit {:.1}) after {:?}: {}",
        loose.len(),
        first.page,
        first.gap / first.space,
        first.gap,
        first.limit,
        first.after,
        first.line
    ))
}

/// The body of a language file as a reader sees it: headings, paragraphs and list
/// items without Markdown syntax or heading ids (as tests/it/scripts.rs reads them).
fn source_text(markdown: &str) -> String {
    let body = markdown.splitn(3, "---\n").nth(2).expect("front matter");
    body.lines()
        .map(|line| {
            let line = line.trim().trim_start_matches("## ").trim_start_matches("- ");
            line.split(" {#").next().unwrap_or(line).replace('*', "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters that carry the text, for comparison: whitespace, hyphens (so a hyphen
/// and line break inserted or removed do not count), quotation marks (the pack prints
/// the language's own) and invisible format characters (ZWJ, ZWNJ, bidi marks, which
/// poppler may drop) are left out.
fn comparable(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            !(c.is_whitespace()
                || is_hyphen(c)
                || "\"'«»„“”‚‘’‹›「」『』".contains(c)
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'))
        })
        .collect()
}

/// The share of `source`'s characters found in order in `extracted`: the length of
/// their longest common subsequence over the source's length. Extra text in the PDF
/// (labels, addresses, footers) costs nothing; a lost, garbled or reordered character
/// of the source does.
fn read_back_ratio(source: &[char], extracted: &[char]) -> f64 {
    if source.is_empty() {
        return 1.0;
    }
    let mut row = vec![0u32; extracted.len() + 1];
    for &s in source {
        let mut diagonal = 0;
        for (j, &e) in extracted.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if s == e { diagonal + 1 } else { above.max(row[j]) };
            diagonal = above;
        }
    }
    row[extracted.len()] as f64 / source.len() as f64
}

/// (e) The body reads back at 98 % or more.
fn check_read_back(text: &str, markdown: &str) -> (f64, Option<String>) {
    let ratio = read_back_ratio(&comparable(&source_text(markdown)), &comparable(text));
    (ratio, (ratio < 0.98).then(|| format!("{:.1} %", ratio * 100.0)))
}

/// The curly quotation marks a language file types in its own style („…“ German,
/// »…« Danish, ”…” Swedish) and that the pack should print as typed.
const TYPED_QUOTES: &str = "„“”«»‚‘›‹";

/// (g) Quotation marks typed as the language prints them come back as typed: each
/// one at least as often in the PDF as in the source. (Straight quotes are left out:
/// the pack turns them into the language's own by design.)
fn check_quotes(text: &str, markdown: &str) -> Option<String> {
    let source = source_text(markdown);
    let changed: Vec<String> = TYPED_QUOTES
        .chars()
        .filter_map(|q| {
            let (typed, printed) = (source.matches(q).count(), text.matches(q).count());
            (printed < typed).then(|| format!("{q} typed {typed}×, printed {printed}×"))
        })
        .collect();
    (!changed.is_empty()).then(|| changed.join(", "))
}

/// (f) Every font embedded, subset and with a ToUnicode map.
fn check_fonts(pdffonts_output: &str) -> Option<String> {
    let mut names = Vec::new();
    let mut bad = Vec::new();
    for line in pdffonts_output.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = cols.len();
        if n < 6 {
            continue;
        }
        names.push(cols[0].to_string());
        if cols[n - 5..n - 2] != ["yes", "yes", "yes"] {
            bad.push(cols[0].to_string());
        }
    }
    if names.is_empty() {
        Some("no fonts".to_string())
    } else {
        (!bad.is_empty()).then(|| format!("not embedded+subset+unicode: {}", bad.join(" ")))
    }
}

// ---------------------------------------------------------------------------------

/// The outcome of one language: its failures by check, and the read-back ratio.
#[derive(Default)]
struct Outcome {
    failures: BTreeMap<&'static str, String>,
    ratio: Option<f64>,
}

/// The manifest entry of the home pack of `lang`.
fn home_pack_entry<'a>(manifest: &'a serde_json::Value, lang: &str) -> Option<&'a serde_json::Value> {
    manifest["outputs"].as_array()?.iter().find(|e| {
        e["case"] == CASE && e["language"] == lang && e["product"] == "pack" && e["profile"] == "home"
    })
}

fn check_language(
    lang: &str,
    dist: &Path,
    manifest: &serde_json::Value,
    (pdftotext, pdffonts): (&Path, &Path),
) -> Outcome {
    let mut outcome = Outcome::default();
    let Some(entry) = home_pack_entry(manifest, lang) else {
        outcome.failures.insert("built", "not in manifest.json".into());
        return outcome;
    };
    if let Some(message) = check_labels(entry) {
        outcome.failures.insert("labels", message);
    }
    if entry["status"] != "built" {
        let errors: Vec<&str> =
            entry["errors"].as_array().into_iter().flatten().filter_map(|e| e["message"].as_str()).collect();
        outcome.failures.insert("built", errors.join("; "));
        return outcome;
    }
    let pdf = dist.join(entry["file"].as_str().unwrap());
    let pdf = pdf.to_str().unwrap();
    let markdown = std::fs::read_to_string(case_dir().join(format!("{lang}.md"))).unwrap();
    let pages = bbox::parse(&run_tool(pdftotext, &["-bbox-layout", pdf, "-"]));
    let font_failure = check_fonts(&run_tool(pdffonts, &[pdf]));
    let text = run_tool(pdftotext, &[pdf, "-"]);
    let (ratio, read_back_failure) = check_read_back(&text, &markdown);
    outcome.ratio = Some(ratio);
    let failures = [
        ("date", pages.first().and_then(|p| check_date(lang, p))),
        ("hyphens", check_hyphens(lang, &pages, &source_text(&markdown))),
        ("evenness", check_evenness(&pages)),
        ("read-back", read_back_failure),
        ("fonts", font_failure),
        ("quotes", check_quotes(&text, &markdown)),
    ];
    outcome.failures.extend(failures.into_iter().filter_map(|(check, f)| f.map(|f| (check, f))));
    outcome
}

/// The table the assertion prints: one row per language, a mark per check.
fn table(outcomes: &BTreeMap<String, Outcome>) -> String {
    const CHECKS: [&str; 8] =
        ["built", "labels", "date", "hyphens", "evenness", "read-back", "fonts", "quotes"];
    let mut out = format!("{:<11}{}  ratio\n", "language", CHECKS.map(|c| format!("{c:>10}")).join(""));
    for (lang, outcome) in outcomes {
        let marks =
            CHECKS.map(|c| format!("{:>10}", if outcome.failures.contains_key(c) { "FAIL" } else { "ok" }));
        let ratio = outcome.ratio.map_or("-".to_string(), |r| format!("{:.1} %", r * 100.0));
        out += &format!("{lang:<11}{}  {ratio}\n", marks.join(""));
    }
    for (lang, outcome) in outcomes {
        for (check, message) in &outcome.failures {
            let message: String = message.chars().take(240).collect();
            out += &format!("{lang} {check}: {message}\n");
        }
    }
    out
}

#[test]
fn every_fixture_language_builds_a_home_pack_as_good_as_english() {
    let (Some(pdftotext), Some(pdffonts)) = (tool("pdftotext"), tool("pdffonts")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&case_dir(), &dir.path().join("packs").join(CASE));
    // One run for every language (it builds them in parallel); a language whose
    // script has no font fails its own jobs, which the table reports.
    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist", "--product", "pack"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let dist = dir.path().join("dist");
    let manifest: serde_json::Value = match std::fs::read_to_string(dist.join("manifest.json")) {
        Ok(text) => serde_json::from_str(&text).unwrap(),
        Err(e) => panic!("no manifest ({e}): {stderr}"),
    };
    let mut outcomes = BTreeMap::new();
    for lang in languages(&case_dir()) {
        let outcome = check_language(&lang, &dist, &manifest, (&pdftotext, &pdffonts));
        outcomes.insert(lang, outcome);
    }
    let report = table(&outcomes);
    eprintln!("{report}");
    let failing: BTreeSet<(&str, &str)> = outcomes
        .iter()
        .flat_map(|(lang, o)| o.failures.keys().map(move |check| (lang.as_str(), *check)))
        .collect();
    let known: BTreeSet<(&str, &str)> = KNOWN_GAPS.iter().map(|&(lang, check, _)| (lang, check)).collect();
    assert!(outcomes.len() >= 30, "only {} fixture languages", outcomes.len());
    let new: Vec<_> = failing.difference(&known).collect();
    assert!(new.is_empty(), "failing checks: {new:?}\n{report}");
    // A gap that closes must leave the list, so the list says what is still open.
    let closed: Vec<_> = known.difference(&failing).collect();
    assert!(closed.is_empty(), "these known gaps pass now; take them off KNOWN_GAPS: {closed:?}\n{report}");
}

/// Checks known to fail, each with why: open work, listed so that nothing else may
/// fail and so that each is noticed when it starts to pass.
const KNOWN_GAPS: &[(&str, &str, &str)] = &[(
    "ur",
    "evenness",
    "poppler's word boxes for Nastaliq's cascading, overlapping words do not give the gaps a reader sees",
)];

#[test]
fn read_back_ratio_counts_lost_and_reordered_characters() {
    let source = comparable("Leyla Daran unterrichtet Geschichte.");
    assert_eq!(
        read_back_ratio(&source, &comparable("Kopf Leyla Daran unter-\nrichtet Geschichte. Fuß")),
        1.0
    );
    assert!(read_back_ratio(&source, &comparable("Leyla Daran unterrichtet")) < 0.98);
    // Visual order of right-to-left text, as a broken extraction gives it.
    let hebrew = comparable("ליילה דרן היא מורה");
    let reversed: String = "ליילה דרן היא מורה".chars().rev().collect();
    assert!(read_back_ratio(&hebrew, &comparable(&reversed)) < 0.5);
}

#[test]
fn inserted_hyphens_are_told_from_typed_ones() {
    let word = |text: &str| Word { left: 0.0, top: 0.0, right: 1.0, bottom: 1.0, text: text.into() };
    let line = |words: &[&str]| Line { words: words.iter().map(|w| word(w)).collect() };
    let page = Page {
        lines: vec![line(&["sa", "isang", "tabing-"]), line(&["dagat", "Versamm-"]), line(&["lung", "end-"])],
        next_in_block: vec![Some(1), Some(2), None],
    };
    let source = "sa isang tabing-dagat Versammlung end-";
    // "tabing-" was typed; "Versamm-" was not; "end-" ends its block.
    assert_eq!(inserted_hyphens(&[page], source), vec!["Versamm-".to_string()]);
}

#[test]
fn the_deadline_line_is_found_in_any_digits_and_english_is_caught() {
    let page = |text: &str| Page {
        lines: vec![Line {
            words: text
                .split(' ')
                .map(|t| Word { left: 0.0, top: 0.0, right: 1.0, bottom: 1.0, text: t.into() })
                .collect(),
        }],
        next_in_block: vec![None],
    };
    assert_eq!(check_date("de", &page("Bitte schreiben Sie bis zum 31. März 2035")), None);
    assert!(check_date("de", &page("Please write before 31 March 2035")).is_some());
    assert!(check_date("nl", &page("Schrijf vóór 31 March 2035")).is_some());
    assert!(check_date("de", &page("Bitte bis 31.03.2035")).is_some(), "März is expected for German");
    assert_eq!(check_date("fa", &page("لطفاً پیش از ۱۱ فروردین ۱۴۱۴ بنویسید")), None);
    assert!(check_date("fa", &page("no date")).is_some());
}
