//! `case.yaml`: the language-neutral facts of a case, parsed strictly.

use std::path::Path;

use serde::Deserialize;

use super::guard::{line_of_entry, line_of_key};
use crate::diag::{Diagnostic, Span};

/// Paper for home prints. Written in any case: `a4`, `A4`, `Letter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Paper {
    /// ISO A4, 210 x 297 mm: what a case that names no paper prints on.
    #[default]
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

impl Paper {
    /// Width and height in PDF points.
    pub(crate) fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.2756, 841.8898),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// What is made for a case and language: a file of its own per profile. Listed in
/// case.yaml's `products:` (load reads it; compose and the jobs use it), so it lives
/// here, below every stage that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Product {
    /// The appeal pack.
    Pack,
    /// The solidarity postcard.
    Postcard,
    /// A petition sheet: the ask, then a ruled table for signatures (home only).
    Petition,
    /// A poster for the event's wall: A3 for an A4 case, Tabloid for a Letter case.
    Poster,
    /// A sheet of address labels for the authorities and those that get copies
    /// (home only: labels are printed on a desktop printer).
    Labels,
    /// A tally sheet: how many letters, cards and signatures an event made, and where
    /// to report them (home only).
    Tally,
    /// One print file for an event: the pack, the petition sheet, the tally sheet and
    /// the postcard sheet, in printing order (home only: for a copy shop's printer).
    Bundle,
}

impl Product {
    /// Every product, in the order their files are listed.
    pub const ALL: [Product; 7] = [
        Product::Pack,
        Product::Postcard,
        Product::Petition,
        Product::Poster,
        Product::Labels,
        Product::Tally,
        Product::Bundle,
    ];

    /// What a case that lists no `products:` builds: the pack and the postcard.
    pub const DEFAULT: [Product; 2] = [Product::Pack, Product::Postcard];

    /// `pack`, `postcard`, `petition`, …, as in file names and case.yaml.
    pub fn name(self) -> &'static str {
        match self {
            Product::Pack => "pack",
            Product::Postcard => "postcard",
            Product::Petition => "petition",
            Product::Poster => "poster",
            Product::Labels => "labels",
            Product::Tally => "tally",
            Product::Bundle => "bundle",
        }
    }

    /// Whether the product has a press file: the pack, the postcard and the poster go
    /// to a print shop; the sheets filled in or stuck on at an event are printed at home.
    pub fn has_press(self) -> bool {
        matches!(self, Product::Pack | Product::Postcard | Product::Poster)
    }
}

/// Whether the case is still campaigned on. Written in any case: `active`, `Active`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Appeals are wanted.
    Active,
    /// The campaign has ended (the person was released, say): nothing is built, and
    /// the files of earlier builds are listed as withdrawn, for `prune`.
    Closed,
    /// The case must not stay public (at the person's or family's request, for their
    /// safety): as closed, and the reason to run `prune` at once.
    Withdrawn,
}

impl Status {
    /// The word as written in case.yaml and the manifest.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
        }
    }
}

/// Deserializes a word from a fixed list, ignoring case, so that `A4` and `Active`
/// are read as a person writes them; anything else names the list.
fn one_of<'de, D, T: Copy>(deserializer: D, what: &str, choices: &[(&str, T)]) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let word = String::deserialize(deserializer)?;
    let found = choices.iter().find(|(name, _)| name.eq_ignore_ascii_case(word.trim()));
    found.map(|&(_, value)| value).ok_or_else(|| {
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        serde::de::Error::custom(format!("{what} `{word}` is not one of: {}", names.join(", ")))
    })
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let choices =
            [("active", Status::Active), ("closed", Status::Closed), ("withdrawn", Status::Withdrawn)];
        one_of(deserializer, "status", &choices)
    }
}

impl<'de> Deserialize<'de> for Paper {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        one_of(deserializer, "paper", &[("a4", Paper::A4), ("letter", Paper::Letter)])
    }
}

/// The `photo:` block.
/// The focal point of a photo that names none: centred across, a little above the
/// middle, where a face usually is.
pub(crate) const DEFAULT_FOCUS: [f32; 2] = [0.5, 0.4];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhotoYaml {
    /// Path relative to the case folder.
    pub(crate) file: String,
    /// Printed next to the photo.
    pub(crate) credit: String,
    /// Focal point, x and y in 0..1 ([`DEFAULT_FOCUS`] when not given).
    pub(crate) focus: Option<[f32; 2]>,
    /// The region every crop keeps whole: left, top, right, bottom in 0..1, from the
    /// photo's top left.
    pub(crate) keep: Option<[f32; 4]>,
}

impl PhotoYaml {
    /// The focal point as (x, y): `focus`, else [`DEFAULT_FOCUS`].
    pub(crate) fn focus_point(&self) -> (f32, f32) {
        let [x, y] = self.focus.unwrap_or(DEFAULT_FOCUS);
        (x, y)
    }
}

/// One authority to write to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuthorityYaml {
    /// Title or name as printed on the envelope.
    pub(crate) name: String,
    /// Address lines.
    pub(crate) address: Vec<String>,
    /// Optional e-mail address.
    pub(crate) email: Option<String>,
}

/// Where messages of solidarity go.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SolidarityYaml {
    /// Addressee.
    pub(crate) name: String,
    /// Address lines.
    pub(crate) address: Vec<String>,
}

/// Where an event sends its tally sheet: an e-mail address or a web form written as
/// one string, or a postal address written like a `write_to` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum ReportToYaml {
    /// `report_to: tally@example.org` or `report_to: https://example.org/tally`.
    Text(String),
    /// `report_to:` with `name:`, `address:` and optionally `email:`.
    Postal(AuthorityYaml),
}

/// `case.yaml` as written (docs/src/case-folder.md shows every key): unknown keys are errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseYaml {
    /// The person's name as printed.
    pub(crate) person: String,
    /// The portrait.
    pub(crate) photo: PhotoYaml,
    /// active, closed or withdrawn.
    pub(crate) status: Status,
    /// Optional deadline, YYYY-MM-DD.
    pub(crate) deadline: Option<String>,
    /// Default paper for home prints.
    pub(crate) paper: Option<Paper>,
    /// Authorities the appeal goes to.
    pub(crate) write_to: Vec<AuthorityYaml>,
    /// Authorities that get copies of the appeal (embassies, say), like `write_to`:
    /// the action page lists them, and the labels sheet addresses them.
    #[serde(default)]
    pub(crate) copies_to: Vec<AuthorityYaml>,
    /// Where solidarity messages go.
    pub(crate) solidarity: Option<SolidarityYaml>,
    /// Where events report how many letters, cards and signatures they made: printed
    /// on the tally sheet, with a QR code when it is a web address.
    pub(crate) report_to: Option<ReportToYaml>,
    /// Where signed petition sheets go back to (the group's coordinator): a name,
    /// address lines and an optional e-mail, like an entry of `copies_to`. Printed at
    /// the foot of every petition sheet.
    pub(crate) return_to: Option<AuthorityYaml>,
    /// How many signature rows the petition sheet has; `None`: as many as fill its
    /// first page. More than fit there continue on further pages.
    pub(crate) petition_rows: Option<u32>,
    /// The products to build for the case; `None`: [`Product::DEFAULT`].
    pub(crate) products: Option<Vec<Product>>,
    /// The organisation that publishes the packs: the PDFs' author. Never the person
    /// the case is about, whose name must not reach the metadata beyond the title.
    pub(crate) publisher: Option<String>,
    /// The online action (a petition, an e-mail form), printed as a QR code and a
    /// link on the action page: an `http(s)://` address.
    pub(crate) action_url: Option<String>,
    /// The most ink the press files' photo may carry, as total area coverage in
    /// percent (200 to 400; default 300, GWG sheet-fed coated), for a shop whose
    /// paper takes less. `--ink-limit` on the command line overrides it.
    pub(crate) ink_limit: Option<u16>,
}

/// The most signature rows a petition may ask for: some forty pages, a bound on the
/// work one line of case.yaml can ask for.
pub(crate) const MAX_PETITION_ROWS: u32 = 1000;

/// Parses `case.yaml` text; errors carry the file, line and column.
pub(crate) fn parse_case_yaml(path: &Path, text: &str) -> Result<CaseYaml, Diagnostic> {
    super::guard::check_nesting(path, text, 0)?;
    let case: CaseYaml = serde_yaml::from_str(text).map_err(|e| yaml_error_in(path, text, 0, &e))?;
    super::guard::check_yaml_values(path, text, 0)?;
    check_names(path, text, &case)?;
    validate(path, text, &case)?;
    Ok(case)
}

/// The names case.yaml prints (the person, the authorities, the solidarity addressee)
/// hold no direction controls or invisible characters. case.yaml is the same in every
/// language, so it has no way to allow them: a language file that needs them spells
/// the name in its own `person:` and sets `allow_bidi_controls: true`.
fn check_names(path: &Path, text: &str, case: &CaseYaml) -> Result<(), Diagnostic> {
    let solidarity = case.solidarity.iter().map(|s| ("solidarity", "the solidarity addressee", &s.name));
    let names = [("person", "the person's name", &case.person)]
        .into_iter()
        .chain(case.write_to.iter().map(|a| ("write_to", "an authority's name", &a.name)))
        .chain(case.copies_to.iter().map(|a| ("copies_to", "an authority's name", &a.name)))
        .chain(case.return_to.iter().map(|a| ("return_to", "the return addressee", &a.name)))
        .chain(solidarity)
        .chain(case.report_to.iter().filter_map(|r| match r {
            ReportToYaml::Postal(postal) => Some(("report_to", "the tally's addressee", &postal.name)),
            ReportToYaml::Text(_) => None,
        }));
    for (key, what, name) in names {
        if let Some(c) = super::guard::hidden_in_name(name) {
            let line = line_of_key(text, key, 0);
            let hint = "a language file may spell the name with them in its own `person:`, with `allow_bidi_controls: true`";
            let fallback = Span::at(path, line, 0);
            return Err(super::guard::hidden_in_name_error(what, c, text, line, fallback, Some(hint)));
        }
    }
    Ok(())
}

/// serde_yaml places an error raised by our own deserializers ([`one_of`]) at the
/// start of the document; such a message names its key (`status `x` is not one of`),
/// so point at that key's line instead. `line_offset` as for [`yaml_error_in`].
fn locate_choice_error(mut diag: Diagnostic, text: &str, line_offset: usize) -> Diagnostic {
    let key =
        diag.message.split_once(" `").filter(|(_, rest)| rest.contains("` is not one of: ")).map(|(k, _)| k);
    if let (Some(key), Some(span)) = (key, diag.span.as_mut()) {
        let line = line_of_key(text, key, 0);
        if line > 0 {
            (span.line, span.column) = (line + line_offset, 0);
        }
    }
    diag
}

/// Turns a serde_yaml error in the YAML `text` into a diagnostic; `line_offset` is
/// added to its line (front matter starts below the `---` line). The text lets the
/// hints name what YAML's own words leave unsaid (a tab in the indentation, an empty
/// list item) and an error of our own deserializers point at its key.
pub(crate) fn yaml_error_in(
    path: &Path,
    text: &str,
    line_offset: usize,
    err: &serde_yaml::Error,
) -> Diagnostic {
    let span = match err.location() {
        Some(loc) => Span::at(path, loc.line() + line_offset, loc.column()),
        None => Span::at(path, line_offset.max(1), 0),
    };
    let message = strip_location(&err.to_string());
    let mut diag = Diagnostic::error(Some(span), message.clone());
    let error_line = err.location().map_or(usize::MAX, |loc| loc.line());
    let hints = [
        unknown_field_hint(&message),
        tab_hint(text, error_line, line_offset),
        empty_item_hint(&message, text, error_line, line_offset),
    ];
    for hint in hints.into_iter().flatten() {
        diag = diag.with_hint(hint);
    }
    locate_choice_error(diag, text, line_offset)
}

/// YAML forbids tabs in indentation, and says so as "found character that cannot
/// start any token" or "a tab character that violates indentation": names the first
/// line up to the error's whose indentation holds a tab (lines counted in the file).
fn tab_hint(text: &str, error_line: usize, line_offset: usize) -> Option<String> {
    let (index, _) = text.lines().enumerate().take(error_line).find(|(_, line)| {
        let indent = &line[..line.len() - line.trim_start().len()];
        indent.contains('\t')
    })?;
    Some(format!("YAML indents with spaces, not tabs: line {} has a tab", index + 1 + line_offset))
}

/// An empty item in a flow list, `[a, , b]`: YAML says only "did not find expected
/// node content".
fn empty_item_hint(message: &str, text: &str, error_line: usize, line_offset: usize) -> Option<String> {
    let line = text.lines().nth(error_line.checked_sub(1)?)?;
    let number = error_line + line_offset;
    if message.contains("did not find expected node content") {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.contains(",,") || squeezed.contains("[,") {
            return Some(format!("an empty item in the list at line {number}: remove the extra comma"));
        }
    }
    None
}

/// serde_yaml puts " at line L column C" after its message; the span says that
/// already. Only that first location goes: a second one ("while scanning a quoted
/// scalar at line 5 column 11") points at where the trouble started, and stays.
fn strip_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else { return message.to_string() };
    let rest = &message[start + " at line ".len()..];
    let mut words = rest.splitn(4, ' ');
    let (_line, column_word, _column) = (words.next(), words.next(), words.next());
    let tail = words.next().unwrap_or("");
    if column_word != Some("column") {
        return message[..start].to_string();
    }
    let tail = tail.trim_start_matches(',').trim_start();
    if tail.is_empty() {
        message[..start].to_string()
    } else {
        format!("{}, {tail}", &message[..start])
    }
}

/// For "unknown field `x`, expected one of `a`, `b`": suggests the closest valid key.
/// A nested key's message starts with its place ("photo: unknown field `fiel`",
/// "write_to[0]: ..."), so the words are looked for anywhere in it.
fn unknown_field_hint(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let best = candidates.iter().min_by_key(|c| edit_distance(field, c))?;
    (edit_distance(field, best) <= 3).then(|| format!("did you mean `{best}`?"))
}

/// Levenshtein distance over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn validate(path: &Path, text: &str, case: &CaseYaml) -> Result<(), Diagnostic> {
    let at = |key: &str| Some(Span::at(path, line_of_key(text, key, 0), 0));
    if case.person.trim().is_empty() {
        return Err(Diagnostic::error(at("person"), "`person` is empty"));
    }
    if case.photo.credit.trim().is_empty() {
        return Err(Diagnostic::error(at("credit"), "the photo credit is empty")
            .with_hint("every photo is printed with its credit; write who took it or \"© Private\""));
    }
    if let Some([x, y]) = case.photo.focus {
        if !(0.0..=1.0).contains(&x) || !(0.0..=1.0).contains(&y) {
            return Err(Diagnostic::error(at("focus"), format!("focus [{x}, {y}] is outside 0..1"))
                .with_hint("the focal point is a fraction of the photo's width and height"));
        }
    }
    if let Some([left, top, right, bottom]) = case.photo.keep {
        let unit = |v: f32| (0.0..=1.0).contains(&v);
        if ![left, top, right, bottom].into_iter().all(unit) || left >= right || top >= bottom {
            return Err(Diagnostic::error(
                at("keep"),
                format!("keep [{left}, {top}, {right}, {bottom}] is not a region of the photo"),
            )
            .with_hint(
                "write [left, top, right, bottom] as fractions of the photo's width and height from its \
                 top left, each 0 to 1, left < right and top < bottom, e.g. [0.3, 0.1, 0.7, 0.55]",
            ));
        }
    }
    if case.write_to.is_empty() {
        return Err(Diagnostic::error(at("write_to"), "`write_to` lists no authority"));
    }
    if let Some(limit) = case.ink_limit.filter(|l| !(200..=400).contains(l)) {
        return Err(Diagnostic::error(at("ink_limit"), format!("ink_limit {limit} is outside 200..400"))
            .with_hint("the total ink a shop's paper takes, in percent: 300 for coated sheet-fed, 260 to 280 for uncoated"));
    }
    for (key, list) in [("write_to", &case.write_to), ("copies_to", &case.copies_to)] {
        for (index, authority) in list.iter().enumerate() {
            if authority.address.is_empty() {
                let line = line_of_entry(text, key, index);
                return Err(Diagnostic::error(
                    Some(Span::at(path, line, 0)),
                    format!("authority `{}` in `{key}` has no address lines", authority.name),
                ));
            }
        }
    }
    if let Some(back) = &case.return_to {
        if back.name.trim().is_empty() || back.address.is_empty() {
            let what = if back.address.is_empty() { "has no address lines" } else { "has an empty name" };
            return Err(Diagnostic::error(at("return_to"), format!("`return_to` {what}")).with_hint(
                "write where signed petition sheets go: `name:`, `address:` lines and, if wanted, `email:`",
            ));
        }
    }
    if let Some(rows) = case.petition_rows.filter(|r| !(1..=MAX_PETITION_ROWS).contains(r)) {
        return Err(Diagnostic::error(
            at("petition_rows"),
            format!("petition_rows {rows} is outside 1..{MAX_PETITION_ROWS}"),
        )
        .with_hint("the number of signature rows; leave the key out for as many as fill the first page"));
    }
    if case.products.as_ref().is_some_and(Vec::is_empty) {
        return Err(Diagnostic::error(at("products"), "`products` lists no product")
            .with_hint("list what to build, e.g. `products: [pack, postcard, labels]`, or leave the key out for pack and postcard"));
    }
    if let Some(url) = &case.action_url {
        check_web_address(url).map_err(|why| {
            Diagnostic::error(at("action_url"), format!("`action_url` {why}"))
                .with_hint("write the full address of the action page, e.g. https://example.org/act")
        })?;
    }
    if let Some(ReportToYaml::Text(text)) = &case.report_to {
        let text = text.trim();
        let is_email = !text.contains(char::is_whitespace)
            && text.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        let is_web = text.contains("://") && check_web_address(text).is_ok();
        if !is_email && !is_web {
            let why = match check_web_address(text) {
                Err(why) if text.contains("://") => why,
                _ => format!("`{text}` is neither an e-mail address nor a web address"),
            };
            return Err(Diagnostic::error(at("report_to"), format!("`report_to` {why}")).with_hint(
                "write an e-mail address (tally@example.org), a web address (https://example.org/tally), \
                 or a postal address with `name:` and `address:` lines",
            ));
        }
    }
    if let Some(ReportToYaml::Postal(postal)) = &case.report_to {
        if postal.address.is_empty() {
            return Err(Diagnostic::error(at("report_to"), "`report_to` has no address lines")
                .with_hint("write the address as a list, e.g. `address: [Street 1, 1000 Town, Country]`"));
        }
    }
    if let Some(deadline) = &case.deadline {
        if parse_iso_date(deadline).is_none() {
            return Err(Diagnostic::error(at("deadline"), format!("deadline `{deadline}` is not a date"))
                .with_hint("write it as YYYY-MM-DD, e.g. 2027-03-31"));
        }
    }
    Ok(())
}

/// Checks that `url` is a web address a phone can open from a QR code: `http://` or
/// `https://`, a host, no spaces. Says what is wrong otherwise.
pub(crate) fn check_web_address(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"].iter().find_map(|scheme| lower.strip_prefix(scheme)) else {
        return Err(format!("`{url}` is not a web address (it must start with https:// or http://)"));
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("`{url}` contains a space"));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || !host.contains('.') && !host.starts_with("localhost") {
        return Err(format!("`{url}` names no host"));
    }
    Ok(())
}

/// Parses `YYYY-MM-DD` into (year, month, day) when it is a real calendar date.
pub(crate) fn parse_iso_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    crate::date::valid_date(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "person: A\nphoto:\n  file: p.jpg\n  credit: C\nstatus: active\nwrite_to:\n  - name: M\n    address: [X]\n";

    #[test]
    fn accepts_a_minimal_case() {
        let case = parse_case_yaml(Path::new("case.yaml"), GOOD).unwrap();
        assert_eq!(case.person, "A");
        assert_eq!(case.write_to[0].address, vec!["X"]);
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let text = GOOD.replace("status:", "stauts:");
        let err = parse_case_yaml(Path::new("case.yaml"), &text).unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 5);
        assert!(err.message.contains("unknown field `stauts`"), "{}", err.message);
        assert_eq!(err.hints, vec!["did you mean `status`?"]);
    }

    #[test]
    fn nested_unknown_keys_suggest_too() {
        let with_solidarity = format!("{GOOD}solidarity:\n  name: S\n  address: [Y]\n");
        for (from, to, line, suggestion) in [
            ("  file:", "  fiel:", 3, "file"),
            ("  - name:", "  - nmae:", 7, "name"),
            ("  address: [Y]", "  adress: [Y]", 11, "address"),
        ] {
            let text = with_solidarity.replacen(from, to, 1);
            let err = parse_case_yaml(Path::new("case.yaml"), &text).unwrap_err();
            assert_eq!(err.span.as_ref().unwrap().line, line, "{to}: {}", err.message);
            assert!(err.message.contains("unknown field"), "{}", err.message);
            assert_eq!(err.hints, vec![format!("did you mean `{suggestion}`?")], "{to}");
        }
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        for (from, to, line) in
            [("  credit", "\tcredit", 4), ("  file", "\tfile", 3), ("    address", "  \t  address", 8)]
        {
            let text = GOOD.replace(from, to);
            let err = parse_case_yaml(Path::new("case.yaml"), &text).unwrap_err();
            assert_eq!(err.span.as_ref().unwrap().line, line, "{}", err.message);
            let hint = format!("YAML indents with spaces, not tabs: line {line} has a tab");
            assert!(err.hints.contains(&hint), "{:?}", err.hints);
        }
        // In a language file's front matter, lines count from the file's top.
        let err = yaml_error_in(
            Path::new("en.md"),
            "title: T\npostcard: |\n  Hi\n\tthere\n",
            1,
            &serde_yaml::from_str::<serde_yaml::Value>("title: T\npostcard: |\n  Hi\n\tthere\n").unwrap_err(),
        );
        assert!(err.hints.iter().any(|h| h.ends_with("line 5 has a tab")), "{err}");
    }

    #[test]
    fn an_empty_list_item_is_named() {
        let err = parse_case_yaml(Path::new("case.yaml"), &GOOD.replace("[X]", "[a, , b]")).unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 8);
        assert!(
            err.hints.contains(&"an empty item in the list at line 8: remove the extra comma".to_string()),
            "{err}"
        );
    }

    #[test]
    fn bad_focus_is_reported_at_its_line() {
        let text = GOOD.replace("credit: C\n", "credit: C\n  focus: [2, 0.5]\n");
        let err = parse_case_yaml(Path::new("case.yaml"), &text).unwrap_err();
        assert_eq!(err.span.unwrap().line, 5);
    }

    #[test]
    fn a_keep_region_outside_the_photo_or_inside_out_is_reported_at_its_line() {
        for keep in [
            "[0.2, 0.1, 1.2, 0.5]",
            "[0.7, 0.1, 0.3, 0.5]",
            "[0.2, 0.5, 0.7, 0.5]",
            "[-0.1, 0, 1, 1]",
            "[.nan, 0, 1, 1]",
        ] {
            let text = GOOD.replace("credit: C\n", &format!("credit: C\n  keep: {keep}\n"));
            let err = parse_case_yaml(Path::new("case.yaml"), &text).unwrap_err();
            assert_eq!(err.span.as_ref().unwrap().line, 5, "{keep}: {err}");
            assert!(err.message.contains("is not a region of the photo"), "{keep}: {err}");
            assert_eq!(err.span.unwrap().file, Path::new("case.yaml"));
        }
        let three = GOOD.replace("credit: C\n", "credit: C\n  keep: [0.2, 0.1, 0.7]\n");
        let err = parse_case_yaml(Path::new("case.yaml"), &three).unwrap_err();
        assert_eq!(err.span.unwrap().line, 5, "{}", err.message);
        let good = GOOD.replace("credit: C\n", "credit: C\n  keep: [0, 0.1, 1, 0.6]\n");
        assert_eq!(
            parse_case_yaml(Path::new("case.yaml"), &good).unwrap().photo.keep,
            Some([0.0, 0.1, 1.0, 0.6])
        );
    }

    #[test]
    fn a_second_location_in_a_yaml_error_is_kept() {
        let text = "person: \"A\nphoto: x\n";
        let err = parse_case_yaml(Path::new("case.yaml"), text).unwrap_err();
        assert!(err.message.contains("while scanning a quoted scalar at line 1"), "{}", err.message);
        assert!(!err.message.contains("at line 3"), "{}", err.message);
    }

    #[test]
    fn status_and_paper_are_read_in_any_case() {
        let text = GOOD.replace("status: active", "status: Withdrawn\npaper: A4");
        let case = parse_case_yaml(Path::new("case.yaml"), &text).unwrap();
        assert_eq!((case.status, case.paper), (Status::Withdrawn, Some(Paper::A4)));
        let text = GOOD.replace("status: active", "status: LETTER");
        let err = parse_case_yaml(Path::new("case.yaml"), &text).unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 5, "{err}");
        assert!(err.message.contains("status `LETTER` is not one of: active, closed, withdrawn"), "{err}");
    }

    #[test]
    fn action_url_must_be_a_web_address() {
        let with = |url: &str| parse_case_yaml(Path::new("case.yaml"), &format!("{GOOD}action_url: {url}\n"));
        assert_eq!(
            with("https://example.org/act").unwrap().action_url.as_deref(),
            Some("https://example.org/act")
        );
        for bad in ["example.org/act", "ftp://example.org", "https://", "\"https://a b.org\""] {
            let err = with(bad).unwrap_err();
            assert_eq!(err.span.as_ref().unwrap().line, 9, "{bad}: {err:?}");
            assert!(err.message.contains("action_url"), "{}", err.message);
        }
    }

    #[test]
    fn copies_to_and_products_are_read_and_checked_at_their_lines() {
        let text = format!(
            "{GOOD}copies_to:\n  - name: Embassy A\n    address:\n      - Street 1\n      - Town\n  - name: Embassy B\n    address: []\n"
        );
        let err = parse_case_yaml(Path::new("case.yaml"), &text).unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 14, "{err}");
        assert!(err.message.contains("`Embassy B` in `copies_to` has no address lines"), "{err}");
        let good = text.replace("address: []", "address: [Road 2]");
        let case = parse_case_yaml(Path::new("case.yaml"), &good).unwrap();
        assert_eq!(case.copies_to.len(), 2);
        assert_eq!(case.copies_to[0].address, vec!["Street 1", "Town"]);
        assert_eq!(case.products, None);
        let with = |products: &str| {
            parse_case_yaml(Path::new("case.yaml"), &format!("{GOOD}products: {products}\n"))
        };
        assert_eq!(with("[pack, labels]").unwrap().products, Some(vec![Product::Pack, Product::Labels]));
        let err = with("[]").unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 9, "{err}");
        let err = with("[lables]").unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 9, "{err}");
        assert!(err.message.contains("labels"), "{err}");
        // Without copies_to, the case reads as before.
        assert!(parse_case_yaml(Path::new("case.yaml"), GOOD).unwrap().copies_to.is_empty());
    }

    #[test]
    fn report_to_is_an_email_a_web_address_or_a_postal_address_checked_at_its_line() {
        let with =
            |value: &str| parse_case_yaml(Path::new("case.yaml"), &format!("{GOOD}report_to: {value}\n"));
        assert!(matches!(with("tally@example.org").unwrap().report_to, Some(ReportToYaml::Text(_))));
        assert!(matches!(with("https://example.org/tally").unwrap().report_to, Some(ReportToYaml::Text(_))));
        let postal = with("\n  name: Group 12\n  address: [Street 1, Town]").unwrap();
        let Some(ReportToYaml::Postal(postal)) = postal.report_to else { panic!("not postal") };
        assert_eq!(postal.address, vec!["Street 1", "Town"]);
        for bad in ["the office", "https://", "ftp://example.org", "tally@localhost"] {
            let err = with(bad).unwrap_err();
            assert_eq!(err.span.as_ref().unwrap().line, 9, "{bad}: {err}");
            assert!(err.message.contains("report_to"), "{bad}: {err}");
        }
        let err = with("\n  name: Group 12\n  address: []").unwrap_err();
        assert!(err.message.contains("no address lines"), "{err}");
    }

    #[test]
    fn return_to_and_petition_rows_are_read_and_checked_at_their_lines() {
        let with = |extra: &str| parse_case_yaml(Path::new("case.yaml"), &format!("{GOOD}{extra}"));
        let case = with("return_to:\n  name: Group\n  address: [Road 1, Town]\n  email: g@example.org\npetition_rows: 40\n")
            .unwrap();
        let back = case.return_to.unwrap();
        assert_eq!(
            (back.name.as_str(), back.address.len(), back.email.as_deref()),
            ("Group", 2, Some("g@example.org"))
        );
        assert_eq!(case.petition_rows, Some(40));
        assert_eq!(with("").unwrap().return_to.map(|r| r.name), None);
        for (extra, message) in [
            ("return_to:\n  name: Group\n  address: []\n", "`return_to` has no address lines"),
            ("return_to:\n  name: \" \"\n  address: [Road]\n", "`return_to` has an empty name"),
            ("petition_rows: 0\n", "petition_rows 0 is outside"),
            ("petition_rows: 5000\n", "petition_rows 5000 is outside"),
        ] {
            let err = with(extra).unwrap_err();
            assert_eq!(err.span.as_ref().unwrap().line, 9, "{extra}: {err}");
            assert!(err.message.contains(message), "{extra}: {err}");
        }
        let err = with("return_to:\n  name: G\n  adress: [Road]\n").unwrap_err();
        assert_eq!(err.span.as_ref().unwrap().line, 11, "{err}");
        assert_eq!(err.hints, vec!["did you mean `address`?"]);
    }

    #[test]
    fn an_entry_is_found_by_its_index_past_nested_lists() {
        let text =
            "write_to:\n  - name: A\n    address:\n      - x\n      - y\n  - name: B\nstatus: active\n";
        assert_eq!(line_of_entry(text, "write_to", 0), 2);
        assert_eq!(line_of_entry(text, "write_to", 1), 6);
        assert_eq!(line_of_entry(text, "write_to", 2), 1, "no third entry: the key's line");
        assert_eq!(line_of_entry("write_to:\n- name: A\n- name: B\n", "write_to", 1), 3);
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_iso_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("soon"), None);
    }
}
