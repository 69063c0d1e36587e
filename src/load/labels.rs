//! Labels files: `labels/<tag>.yaml`, the pack's fixed words for one language.
//!
//! The same format serves the files shipped in the binary and the overrides a
//! coordinator writes in the packs folder or a case folder. Every field is optional
//! here, so an override can change one word; that the shipped files are complete is
//! a test's job. This module reads and parses; compose layers the files (shipped <
//! packs < case) for a language.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;

/// A labels file as written. Unknown keys are errors, with a "did you mean".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LabelsYaml {
    /// Whether a native speaker has checked every line.
    pub(crate) reviewed: Option<bool>,
    /// Who reviewed it, or what is left to check.
    pub(crate) reviewer: Option<String>,
    /// Above the title on the cover.
    pub(crate) kicker: Option<String>,
    /// The photo's alternative text for screen readers, `{name}` standing for the
    /// person (`Portrait of {name}`). Optional: it is never printed, and a language
    /// without it gets a warning, not English words.
    pub(crate) photo_alt: Option<String>,
    /// Before the photo credit.
    pub(crate) photo: Option<String>,
    /// Above the authorities' addresses.
    pub(crate) write_to: Option<String>,
    /// Above the addresses that get copies (case.yaml's `copies_to`).
    pub(crate) copies_to: Option<String>,
    /// Above the solidarity address.
    pub(crate) solidarity: Option<String>,
    /// The sender block of the sample letter.
    pub(crate) sender: Option<String>,
    /// The date line of the sample letter.
    pub(crate) date: Option<String>,
    /// Under the signature line.
    pub(crate) signature: Option<String>,
    /// Before an e-mail address.
    pub(crate) email: Option<String>,
    /// Before a deadline.
    pub(crate) deadline: Option<String>,
    /// In the postcard's stamp box.
    pub(crate) stamp: Option<String>,
    /// How to print the home postcard sheet (double-sided, long-edge flip, then cut).
    pub(crate) print_postcards: Option<String>,
    /// Above the person's name on the petition sheet.
    pub(crate) petition_kicker: Option<String>,
    /// Before the petition's addressee.
    pub(crate) petition_to: Option<String>,
    /// Heading of the petition table's first column: the row's number.
    pub(crate) petition_number: Option<String>,
    /// Heading of the column for the signer's name.
    pub(crate) petition_name: Option<String>,
    /// Heading of the column for the signer's town or e-mail.
    pub(crate) petition_place: Option<String>,
    /// Before the address signed sheets go back to.
    pub(crate) petition_return: Option<String>,
    /// As `petition_return`, with the deadline: `{date}` stands for it.
    pub(crate) petition_return_by: Option<String>,
    /// At the petition sheet's foot: what the signatures are used for.
    pub(crate) petition_data_use: Option<String>,
    /// Beside the poster's QR code.
    pub(crate) poster_scan: Option<String>,
    /// Above the person's name on the tally sheet.
    pub(crate) tally_kicker: Option<String>,
    /// Before the event's name on the tally sheet.
    pub(crate) tally_event: Option<String>,
    /// The tally's count of letters.
    pub(crate) tally_letters: Option<String>,
    /// The tally's count of postcards.
    pub(crate) tally_cards: Option<String>,
    /// The tally's count of petition signatures.
    pub(crate) tally_signatures: Option<String>,
    /// Before where the filled-in tally goes.
    pub(crate) tally_report_to: Option<String>,
    /// The download site's words (`page_*`), never printed in a pack: the title of
    /// the pages.
    pub(crate) page_title: Option<String>,
    /// The heading of the list of languages.
    pub(crate) page_languages: Option<String>,
    /// The link back to the first page, which lists every case.
    pub(crate) page_all_cases: Option<String>,
    /// The link of a home pack.
    pub(crate) page_pack_home: Option<String>,
    /// The link of a press pack.
    pub(crate) page_pack_press: Option<String>,
    /// The link of a home postcard sheet.
    pub(crate) page_postcard_home: Option<String>,
    /// The link of a press postcard.
    pub(crate) page_postcard_press: Option<String>,
    /// The link of a sheet of address labels.
    pub(crate) page_labels_home: Option<String>,
    /// The link of a petition sheet.
    pub(crate) page_petition_home: Option<String>,
    /// The link of a home poster.
    pub(crate) page_poster_home: Option<String>,
    /// The link of a press poster.
    pub(crate) page_poster_press: Option<String>,
    /// The link of a tally sheet.
    pub(crate) page_tally_home: Option<String>,
    /// The link of an event's bundle (pack, petition, tally and postcards in one file).
    pub(crate) page_bundle_home: Option<String>,
    /// How to print a home file, `{paper}` standing for the paper (A4, Letter).
    pub(crate) page_print_home: Option<String>,
    /// After `page_print_home` for a pack: print double-sided.
    pub(crate) page_duplex: Option<String>,
    /// How to have a press file printed, `{paper}` standing for its trimmed size.
    pub(crate) page_print_shop: Option<String>,
    /// A file's page count, `{n}` standing for the number.
    pub(crate) page_pages: Option<String>,
    /// The mark of a file left from an earlier build because this one failed.
    pub(crate) page_stale: Option<String>,
    /// How many files of a case could not be built, `{n}` standing for the number.
    pub(crate) page_missing: Option<String>,
    /// The link to the online action.
    pub(crate) page_action: Option<String>,
    /// The name of US Letter paper, as print dialogs show it.
    pub(crate) page_letter: Option<String>,
}

/// One labels file, read and parsed; a broken one keeps its error, which fails only
/// the jobs of the languages it is for.
#[derive(Debug, Clone)]
pub struct LabelsFile {
    /// The file name without `.yaml`: the language tag it is for, as written.
    pub(crate) tag: String,
    /// Where it is: what the tests name when a shipped file is incomplete.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) path: PathBuf,
    /// SHA-256 of its bytes, when it could be read: job keys include it.
    pub(crate) digest: Option<[u8; 32]>,
    /// The parsed file, or the error (with file, line and column) that stopped it.
    pub(crate) parsed: Result<LabelsYaml, Diagnostic>,
}

/// Parses the text of a labels file. An empty file (or one of comments) sets nothing.
pub(crate) fn parse_labels_yaml(path: &Path, text: &str) -> Result<LabelsYaml, Diagnostic> {
    if text.lines().all(|line| line.trim().is_empty() || line.trim_start().starts_with('#')) {
        return Ok(LabelsYaml::default());
    }
    super::guard::check_nesting(path, text, 0)?;
    let parsed =
        serde_yaml::from_str(text).map_err(|e| super::case_yaml::yaml_error_in(path, text, 0, &e))?;
    super::guard::check_yaml_values(path, text, 0)?;
    Ok(parsed)
}

/// Reads every `*.yaml` in a `labels` folder, sorted by name; a folder that is not
/// there holds none. A `*.yaml` that is not a regular file (a FIFO, a folder) fails,
/// naming it, as a broken file does: it is never opened.
pub(crate) fn load_labels_folder(dir: &Path) -> Vec<LabelsFile> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect();
    paths.sort();
    paths.into_iter().map(|path| load_labels_file(&path)).collect()
}

/// Reads and parses one labels file.
fn load_labels_file(path: &Path) -> LabelsFile {
    let tag = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let text = super::read_text(path);
    let digest = text.as_ref().ok().map(|text| Sha256::digest(text.as_bytes()).into());
    let parsed = text.and_then(|text| parse_labels_yaml(path, &text));
    LabelsFile { tag, path: path.to_path_buf(), digest, parsed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_may_set_one_field() {
        let parsed = parse_labels_yaml(Path::new("de.yaml"), "kicker: Eilaktion\n").unwrap();
        assert_eq!(parsed.kicker.as_deref(), Some("Eilaktion"));
        assert_eq!(parsed.photo, None);
        assert_eq!(parse_labels_yaml(Path::new("de.yaml"), "# nothing yet\n\n"), Ok(LabelsYaml::default()));
    }

    #[test]
    fn an_unknown_key_names_its_line_and_the_key_meant() {
        let err = parse_labels_yaml(Path::new("de.yaml"), "kicker: Eilaktion\nsignatur: Unterschrift\n")
            .unwrap_err();
        let span = err.span.as_ref().unwrap();
        assert_eq!((span.file.as_path(), span.line), (Path::new("de.yaml"), 2));
        assert!(err.message.contains("unknown field `signatur`"), "{}", err.message);
        assert_eq!(err.hints, vec!["did you mean `signature`?"]);
    }

    #[test]
    fn a_folder_that_is_not_there_holds_no_files() {
        assert!(load_labels_folder(Path::new("/nonexistent/labels")).is_empty());
    }
}
