//! `appealpress new ID`: a case folder with every field shown and explained, in each
//! language's own words (`templates/<tag>.yaml`), for an editor to fill in. What the
//! editor must write is a placeholder, which `check` and `build` refuse (see
//! [`crate::load::placeholders`]); filled in, the case builds without warnings.

use std::path::Path;

use image::{Rgb, RgbImage};

use serde::Deserialize;

use crate::diag::{Diagnostic, Span};
use crate::load::{is_case_id, placeholders};
use crate::locale::Locale;

/// Size of the placeholder portrait: wide enough for a full-bleed press cover at 300 ppi.
const PORTRAIT: (u32, u32) = (3000, 3750);

/// Whether a point lies in the silhouette; both coordinates in units of the image's width.
fn inside(x: f32, y: f32) -> bool {
    let head = ((x - 0.5) / 0.17).powi(2) + ((y - 0.36) / 0.215).powi(2) <= 1.0;
    let neck = (x - 0.5).abs() < 0.085 && y > 0.5 && y < 0.66;
    // Shoulders: a wide ellipse whose top is cut by the neck line.
    let shoulders = ((x - 0.5) / 0.47).powi(2) + ((y - 1.02) / 0.36).powi(2) <= 1.0;
    head || neck || shoulders
}

/// A head-and-shoulders silhouette on a warm grey ground, smoothed by 2x2 supersampling:
/// a portrait placeholder that carries no one's likeness and no one's copyright.
pub fn draw_portrait(width: u32, height: u32) -> RgbImage {
    const SAMPLES: u32 = 2;
    RgbImage::from_fn(width, height, |px, py| {
        let mut covered = 0;
        for sy in 0..SAMPLES {
            for sx in 0..SAMPLES {
                let x = (px as f32 + (sx as f32 + 0.5) / SAMPLES as f32) / width as f32;
                let y = (py as f32 + (sy as f32 + 0.5) / SAMPLES as f32) / width as f32;
                covered += u32::from(inside(x, y));
            }
        }
        let coverage = covered as f32 / (SAMPLES * SAMPLES) as f32;
        // Lighter towards the upper left.
        let t = (px as f32 / width as f32 + py as f32 / height as f32) / 2.0;
        let background = [236.0 - 40.0 * t, 228.0 - 38.0 * t, 218.0 - 34.0 * t];
        let figure = [58.0, 56.0, 60.0];
        let mix = |i: usize| (background[i] * (1.0 - coverage) + figure[i] * coverage).round() as u8;
        Rgb([mix(0), mix(1), mix(2)])
    })
}

/// Writes the portrait as a JPEG, marked as the placeholder (an APP15 segment) so that
/// `check` and `build` refuse it until the person's photo replaces it.
pub fn write_portrait(path: &Path) -> std::io::Result<()> {
    let image = draw_portrait(PORTRAIT.0, PORTRAIT.1);
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, 90);
    encoder.add_app_segment(15, placeholders::PORTRAIT_MARK.to_vec()).map_err(std::io::Error::other)?;
    encoder
        .encode(image.as_raw(), PORTRAIT.0 as u16, PORTRAIT.1 as u16, jpeg_encoder::ColorType::Rgb)
        .map_err(std::io::Error::other)?;
    std::fs::write(path, bytes)
}

fn case_yaml(id: &str) -> String {
    format!(
        r#"# The facts of case `{id}`, the same in every language. Unknown keys are errors.
# Text in double square brackets is a placeholder: `check` and `build` refuse the case
# until each is replaced, brackets included. So is the drawn portrait.

# The person's name as printed (a language file may spell it its own way: `person:`).
person: "[[Person Name]]"

photo:
  # JPEG or PNG inside this folder. For press, about 2700 px wide or more, so the
  # cover, which runs across the page, reaches 300 ppi. EXIF rotation is respected.
  file: portrait.jpg
  # Required: printed next to the photo wherever it appears.
  credit: "[[Who took the photo, or Private]]"
  # Optional focal point, x and y from 0 to 1: a wide photo's crops are centred on it.
  focus: [{focus_x}, {focus_y}]
  # Optional: the region every crop keeps whole, with air above it (the face),
  # [left, top, right, bottom] from 0 to 1 from the photo's top left.
  # keep: [0.3, 0.1, 0.7, 0.5]

# active | closed | withdrawn. A closed or withdrawn case is not built, and its
# earlier files are listed for `appealpress prune` to delete; withdrawn means they
# must not stay public. --include-closed builds a closed case anyway.
status: active

# Optional, YYYY-MM-DD: printed on the cover; a date in the past is a warning.
# deadline: 2027-03-31

# Optional paper for home prints: a4 | letter (a language file may override it).
paper: a4

# One or more authorities the appeal goes to; the first is the sample letter's recipient.
write_to:
  - name: "[[Minister of Justice]]"
    address: ["[[Ministry of Justice]]", "[[Street and number]]", "[[City]]", "[[Country]]"]
    # Optional:
    # email: minister@example.org

# Optional: the organisation that publishes the packs, written as the PDFs' author.
# (The person the case is about never is: their name is in the title only.)
# publisher: Your organisation

# Optional: the online action (petition, e-mail form), an https:// address. It is printed
# as a QR code on the action page and linked in the home files; a language file's
# front matter may give its own `action_url:`.
# action_url: https://example.org/act

# Optional: where messages of solidarity go, the postcard's address side. Without it
# no postcard is made.
solidarity:
  name: "[[Person Name]]"
  address: ["[[Prison name]]", "[[Town]]", "[[Country]]"]
"#,
        focus_x = crate::load::case_yaml::DEFAULT_FOCUS[0],
        focus_y = crate::load::case_yaml::DEFAULT_FOCUS[1],
    )
}

/// What `new` writes into a language file, from `templates/<tag>.yaml`: the headings
/// and prompts in the language, placeholders marked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Template {
    /// Whether a native speaker checked it: every template must say (serde checks
    /// it is there); nothing else reads it.
    #[serde(rename = "reviewed")]
    _reviewed: bool,
    /// Who, or why not.
    #[serde(rename = "reviewer")]
    _reviewer: String,
    /// The pack's title.
    pub(crate) title: String,
    /// The sample letter's salutation.
    pub(crate) salutation: String,
    /// The sample letter's closing.
    pub(crate) closing: String,
    /// The postcard message.
    pub(crate) postcard: String,
    /// `{#story}` heading.
    pub(crate) story_heading: String,
    /// Its prompt.
    pub(crate) story: String,
    /// `{#letter}` heading.
    pub(crate) letter_heading: String,
    /// Its prompt.
    pub(crate) letter: String,
    /// `{#action}` heading.
    pub(crate) action_heading: String,
    /// Its prompt.
    pub(crate) action: String,
    /// Two sample requests, as a list.
    pub(crate) requests: Vec<String>,
    /// `{#appeal}` heading.
    pub(crate) appeal_heading: String,
    /// Its prompt.
    pub(crate) appeal: String,
}

/// The shipped templates: (tag, file name, text).
const TEMPLATES: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped_templates.rs"));

/// The template for a language (by its lookup tags, `pt-BR` before `pt`), and whether
/// it is the language's own; English stands in for a language without one.
pub(crate) fn template_for(lang: &Locale) -> Result<(Template, bool), Diagnostic> {
    let own = lang
        .lookup_tags()
        .iter()
        .find_map(|tag| TEMPLATES.iter().find(|(shipped, ..)| shipped.eq_ignore_ascii_case(tag)));
    let english = TEMPLATES.iter().find(|(tag, ..)| *tag == "en");
    let (_, name, text) =
        own.or(english).ok_or_else(|| Diagnostic::error(None, "no templates/en.yaml in this build"))?;
    let template = serde_yaml::from_str(text).map_err(|e| {
        crate::load::case_yaml::yaml_error_in(&Path::new("templates").join(name), text, 0, &e)
    })?;
    Ok((template, own.is_some()))
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn lang_md(lang: &Locale, t: &Template) -> String {
    let tag = lang.tag();
    let requests: String = t.requests.iter().map(|r| format!("- {r}\n")).collect();
    format!(
        r#"---
# The `{tag}` text of the case. Text in double square brackets is a placeholder:
# `check` and `build` refuse the case until each is replaced, brackets included.
# Headings are yours to change; the ids in braces ({{#story}}, {{#letter}},
# {{#action}}, {{#appeal}}) are not.
title: {title}
# Required when there is a sample letter ({{#appeal}}):
salutation: {salutation}
# Optional:
closing: {closing}
# Optional per-language paper (a4 | letter) and spelling of the name:
# paper: letter
# person: Person Name
# Digits of page and list numbers and dates: latin (default) or native, the
# language's own (Arabic-Indic for ar, Persian for fa, Devanagari for hi, Thai for th):
# digits: native
# The postcard message, a few sentences; it is shrunk to fit, down to 80 %.
postcard: {postcard}
---

## {story_heading} {{#story}}

{story}

## {letter_heading} {{#letter}}

{letter}

## {action_heading} {{#action}}

{action}

{requests}
## {appeal_heading} {{#appeal}}

{appeal}
"#,
        title = quoted(&t.title),
        salutation = quoted(&t.salutation),
        closing = quoted(&t.closing),
        postcard = quoted(&t.postcard),
        story_heading = t.story_heading,
        story = t.story,
        letter_heading = t.letter_heading,
        letter = t.letter,
        action_heading = t.action_heading,
        action = t.action,
        appeal_heading = t.appeal_heading,
        appeal = t.appeal,
    )
}

/// The languages asked for, as canonical tags (`FR` is written `fr.md`), or an error
/// naming the first that is not a tag and the tag it most likely meant.
fn canonical_tags(langs: &[String]) -> Result<Vec<Locale>, Diagnostic> {
    langs
        .iter()
        .map(|lang| {
            Locale::parse(lang).map_err(|e| {
                let hint = match e.suggestion {
                    Some(tag) => format!("did you mean `{tag}`? Use BCP 47 tags such as en, fr, ar or pt-BR"),
                    None => "use BCP 47 tags such as en, fr, ar or pt-BR".to_string(),
                };
                Diagnostic::error(None, e.message).with_hint(hint)
            })
        })
        .collect()
}

/// Creates `packs_dir/id/` with case.yaml, one Markdown file per language and a
/// placeholder portrait. Refuses an invalid id or an existing folder.
pub(crate) fn scaffold(
    packs_dir: &Path,
    id: &str,
    langs: &[String],
) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    let dir = packs_dir.join(id);
    if !is_case_id(id) {
        return Err(Diagnostic::error(None, format!("`{id}` is not a valid case id"))
            .with_hint("use lowercase letters, digits and hyphens, e.g. `ali-aarrass`"));
    }
    if dir.exists() {
        return Err(Diagnostic::error(
            Some(Span::file(&dir)),
            "the folder exists already; nothing was written",
        ));
    }
    let langs = canonical_tags(langs)?;
    let fail = |path: &Path, e: std::io::Error| Diagnostic::in_file(path, format!("cannot write: {e}"));
    std::fs::create_dir_all(&dir).map_err(|e| fail(&dir, e))?;
    let mut written = Vec::new();
    let yaml = dir.join("case.yaml");
    std::fs::write(&yaml, case_yaml(id)).map_err(|e| fail(&yaml, e))?;
    written.push(yaml);
    for lang in &langs {
        let path = dir.join(format!("{lang}.md"));
        let (template, _) = template_for(lang)?;
        std::fs::write(&path, lang_md(lang, &template)).map_err(|e| fail(&path, e))?;
        written.push(path);
    }
    let photo = dir.join("portrait.jpg");
    write_portrait(&photo).map_err(|e| fail(&photo, e))?;
    written.push(photo);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::placeholders::{find_in_text, YamlComments};

    /// Every shipped template, written out, is a language file that parses, in its own
    /// language's tag, with exactly the nine placeholders of the English one: no text
    /// left unmarked, none marked twice.
    #[test]
    fn every_template_writes_a_valid_file_with_nine_placeholders() {
        assert!(TEMPLATES.len() >= 56, "{} templates", TEMPLATES.len());
        for (tag, name, _) in TEMPLATES {
            let lang = Locale::parse(tag).unwrap_or_else(|e| panic!("{name}: {e}"));
            let (template, own) = template_for(&lang).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(own, "{name}");
            let text = lang_md(&lang, &template);
            let path = Path::new(name);
            let mut warnings = crate::diag::Sink::new();
            crate::load::lang::parse_lang_file(path, &lang, &text, &mut warnings)
                .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
            let found = find_in_text(path, &text, YamlComments::FrontMatter);
            assert_eq!(found.len(), 9, "{name}: {found:#?}");
            for heading in [&template.story_heading, &template.action_heading, &template.closing] {
                assert!(!heading.contains(placeholders::OPEN), "{name}: {heading}");
            }
        }
    }

    #[test]
    fn a_language_without_a_template_gets_the_english_one() {
        let (template, own) = template_for(&Locale::parse("eu").unwrap()).unwrap();
        assert!(!own);
        assert_eq!(template.action_heading, "Take action");
        let (template, own) = template_for(&Locale::parse("pt-BR").unwrap()).unwrap();
        assert!(own && template.action_heading != "Take action");
    }
}
