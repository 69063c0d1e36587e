//! Placeholders: what `appealpress new` writes for an editor to replace. Text in
//! `[[double square brackets]]` and the placeholder portrait (a JPEG marked in an
//! APP15 segment) are errors wherever they are left, so that an untouched case never
//! prints a pack addressed to "Street and number" under a silhouette.

use std::path::Path;

use crate::diag::{Diagnostic, LineIndex, Span};

/// Opens a placeholder in case.yaml and the language files.
pub(crate) const OPEN: &str = "[[";
/// Closes it.
pub(crate) const CLOSE: &str = "]]";

/// The bytes `new` puts in the placeholder portrait's APP15 segment; a photo that
/// holds them is the placeholder still.
pub(crate) const PORTRAIT_MARK: &[u8] = b"appealpress placeholder portrait";

/// How far into a JPEG its APPn segments can lie: they come before the image data.
const HEADER_BYTES: usize = 64 * 1024;

/// One error per placeholder left in `text` (the contents of `path`), at its line
/// and column. Lines that are YAML comments (`#` first, in case.yaml and front
/// matter; `yaml_comments`) are explanations and are not searched.
pub(crate) fn find_in_text(path: &Path, text: &str, yaml_comments: YamlComments) -> Vec<Diagnostic> {
    let index = LineIndex::new(text);
    let mut found = Vec::new();
    let mut offset = 0;
    let mut in_yaml = yaml_comments == YamlComments::Everywhere;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if yaml_comments == YamlComments::FrontMatter && trimmed == "---" {
            // The first `---` opens the front matter and the second closes it.
            in_yaml = number == 0;
        }
        if !(in_yaml && trimmed.starts_with('#')) {
            found.extend(in_line(line).map(|(start, placeholder)| {
                let (line, column) = index.line_col(text, offset + start);
                placeholder_error(Span::at(path, line, column), placeholder)
            }));
        }
        offset += line.len();
    }
    found
}

/// Which lines of a file are YAML, whose `#` lines are comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YamlComments {
    /// case.yaml: all of it.
    Everywhere,
    /// A language file: its front matter, between the first two `---` lines.
    FrontMatter,
}

/// The placeholders of one line: byte offset and text, brackets included.
fn in_line(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + line[from..].find(OPEN)?;
        let end = start + OPEN.len() + line[start + OPEN.len()..].find(CLOSE)? + CLOSE.len();
        from = end;
        Some((start, &line[start..end]))
    })
}

fn placeholder_error(at: Span, placeholder: &str) -> Diagnostic {
    let shown: String = placeholder.chars().take(60).collect();
    let ellipsis = if shown.len() < placeholder.len() { "…" } else { "" };
    Diagnostic::error(Some(at), format!("placeholder `{shown}{ellipsis}` is still here")).with_hint(
        "write the case's own text in its place, brackets included; the case is not built until then",
    )
}

/// True when photo bytes are the placeholder portrait `new` drew.
pub(crate) fn is_placeholder_portrait(bytes: &[u8]) -> bool {
    let header = &bytes[..bytes.len().min(HEADER_BYTES)];
    header.windows(PORTRAIT_MARK.len()).any(|w| w == PORTRAIT_MARK)
}

/// The error for a placeholder portrait, at case.yaml's `file:` line.
pub(crate) fn portrait_error(photo: &Path, at: Span) -> Diagnostic {
    Diagnostic::error(
        Some(at),
        format!("{} is the placeholder portrait `appealpress new` drew", photo.display()),
    )
    .with_hint("put the person's photo in the case folder and name it in `photo: file:`, with its credit")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_found_at_its_line_but_not_in_comments() {
        let yaml = "# Replace every [[text]] like this\nperson: \"[[Person Name]]\"\naddress: [\"[[Street]]\", Town, \"[[Country]]\"]\n";
        let found = find_in_text(Path::new("case.yaml"), yaml, YamlComments::Everywhere);
        let at: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|d| {
                let span = d.span.as_ref().unwrap();
                (span.line, span.column, d.message.as_str())
            })
            .collect();
        assert_eq!(
            at,
            [
                (2, 10, "placeholder `[[Person Name]]` is still here"),
                (3, 12, "placeholder `[[Street]]` is still here"),
                (3, 32, "placeholder `[[Country]]` is still here"),
            ]
        );
    }

    #[test]
    fn a_heading_in_the_body_is_searched_and_front_matter_comments_are_not() {
        let md = "---\n# [[not this]]\ntitle: Free [[Name]]\n---\n\n# [[Heading]]\n\nText.\n";
        let found = find_in_text(Path::new("en.md"), md, YamlComments::FrontMatter);
        let lines: Vec<usize> = found.iter().map(|d| d.span.as_ref().unwrap().line).collect();
        assert_eq!(lines, [3, 6]);
    }

    #[test]
    fn the_portrait_is_known_by_its_mark() {
        let mut jpeg = b"\xFF\xD8\xFF\xEF\x00\x22".to_vec();
        jpeg.extend_from_slice(PORTRAIT_MARK);
        assert!(is_placeholder_portrait(&jpeg));
        assert!(!is_placeholder_portrait(b"\xFF\xD8\xFF\xE0 JFIF"));
    }
}
