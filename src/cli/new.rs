//! `appealpress new ID`: a case folder that builds at once, with every field shown and
//! explained, for an editor to fill in.

use std::path::Path;

use image::{Rgb, RgbImage};

use crate::diag::{Diagnostic, Span};
use crate::load::is_case_id;
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

/// Writes the portrait as a JPEG.
pub fn write_portrait(path: &Path) -> std::io::Result<()> {
    let image = draw_portrait(PORTRAIT.0, PORTRAIT.1);
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 90)
        .encode(image.as_raw(), PORTRAIT.0 as u16, PORTRAIT.1 as u16, jpeg_encoder::ColorType::Rgb)
        .map_err(std::io::Error::other)?;
    std::fs::write(path, bytes)
}

fn case_yaml(id: &str) -> String {
    format!(
        r#"# The facts of case `{id}`, the same in every language. Unknown keys are errors.

# The person's name as printed (a language file may spell it its own way: `person:`).
person: Person Name

photo:
  # JPEG or PNG inside this folder. For press, about 2700 px wide or more, so the
  # cover, which runs across the page, reaches 300 ppi. EXIF rotation is respected.
  file: portrait.jpg
  # Required: printed next to the photo wherever it appears.
  credit: "Placeholder portrait drawn by appealpress"
  # Optional focal point, x and y from 0 to 1: crops are centred on it.
  focus: [0.5, 0.4]

# active | closed. Closed cases are refused unless --include-closed.
status: active

# Optional, YYYY-MM-DD: printed on the cover; a date in the past is a warning.
# deadline: 2027-03-31

# Optional paper for home prints: a4 | letter (a language file may override it).
paper: a4

# One or more authorities the appeal goes to; the first is the sample letter's recipient.
write_to:
  - name: Minister of Justice
    address: [Ministry of Justice, Street and number, City, Country]
    # Optional:
    # email: minister@example.org

# Where messages of solidarity go: the postcard's address side.
solidarity:
  name: Person Name
  address: [Prison name, Town, Country]
"#
    )
}

fn lang_md(lang: &str) -> String {
    format!(
        r#"---
# The `{lang}` text of the case. Headings are yours to translate; the ids in braces
# ({{#story}}, {{#letter}}, {{#action}}, {{#appeal}}) are not.
title: Free Person Name
# Required when there is a sample letter ({{#appeal}}):
salutation: "Dear Minister,"
# Optional:
closing: "Yours sincerely,"
# Optional per-language paper (a4 | letter) and spelling of the name:
# paper: letter
# person: Person Name
# Digits of page and list numbers and dates: latin (default) or native, the
# language's own (Arabic-Indic for ar, Persian for fa, Devanagari for hi, Thai for th):
# digits: native
# The postcard message, a few sentences; it is shrunk to fit, down to 80 %.
postcard: |
  Dear Person Name, people around the world are thinking of you
  and will keep writing until you are free.
---

## The story {{#story}}

Who the person is, what happened to them, and why it is wrong. The first paragraph
is set a little larger on the cover. *Emphasis* and **strong** text work as usual.

## A letter from the person {{#letter}}

Optional: the person's own words, set apart in the pack.

## Take action {{#action}}

What readers should do. The addresses from case.yaml are printed after this section.

- a first request to the authorities;
- a second request.

## Sample letter {{#appeal}}

The body of a sample appeal letter: the pack adds the date line, the recipient, the
salutation, the closing and room to sign.
"#
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
pub fn scaffold(packs_dir: &Path, id: &str, langs: &[String]) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
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
        std::fs::write(&path, lang_md(lang.tag())).map_err(|e| fail(&path, e))?;
        written.push(path);
    }
    let photo = dir.join("portrait.jpg");
    write_portrait(&photo).map_err(|e| fail(&photo, e))?;
    written.push(photo);
    Ok(written)
}
