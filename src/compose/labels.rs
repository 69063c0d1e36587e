//! The words the pack prints around the case text, per language.
//!
//! They are data, not code: `labels/<tag>.yaml` at the top of the project, one file
//! per language, embedded in the binary (build.rs lists them). A packs folder or a
//! case folder may add or override a language's words with files of the same format
//! (`labels/<tag>.yaml`), read by the load stage; here the layers are resolved field
//! by field, the case's over the packs folder's over the shipped ones, each layer's
//! most specific tag first. What no layer has is printed in English, and the caller
//! is told which fields those are.

use std::sync::{LazyLock, OnceLock};

use crate::diag::{Diagnostic, Span};
use crate::load::labels::parse_labels_yaml;
use crate::load::{LabelsFile, LabelsYaml};
use crate::locale::Locale;

/// The fields of a labels file, listed once: the printed ones become [`Labels`] and
/// [`FIELDS`], the site's [`PAGE_FIELDS`], and [`field_of`] reads any of them from a
/// file by name. [`LabelsYaml`] (the file format, in load) is destructured whole there,
/// so a field added to the format and not listed here does not compile.
macro_rules! label_fields {
    (
        printed { $( $(#[$doc:meta])* $field:ident, )* }
        site { $( $site:ident, )* }
        unprinted { $( $other:ident, )* }
    ) => {
        /// Fixed wording for one language, every field resolved.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Labels {
            $( $(#[$doc])* pub $field: String, )*
        }

        /// The names of the printed fields, as the files spell them, in the order of
        /// [`Labels::texts`].
        pub(crate) const FIELDS: &[&str] = &[$( stringify!($field), )*];

        /// The download site's words, as the files name them: never printed in a pack,
        /// so not in [`Labels`] (nor in any job's key); the site reads them with
        /// [`site_word`].
        #[cfg(test)]
        pub(crate) const PAGE_FIELDS: &[&str] = &[$( stringify!($site), )*];

        impl Labels {
            /// Every string of the wording, in the order of [`FIELDS`]: job keys scan it
            /// for characters that need a font found at run time.
            pub fn texts(&self) -> Vec<&str> {
                vec![$( self.$field.as_str(), )*]
            }

            /// The printed field `name` (one of [`FIELDS`]).
            fn field(&self, name: &str) -> &str {
                match name {
                    $( stringify!($field) => &self.$field, )*
                    _ => "",
                }
            }

            /// The wording with each field made by `value` from its name.
            fn from_fields(mut value: impl FnMut(&'static str) -> String) -> Labels {
                Labels { $( $field: value(stringify!($field)), )* }
            }
        }

        /// A field of a file by its name in [`FIELDS`] or [`PAGE_FIELDS`].
        fn field_of<'a>(file: &'a LabelsYaml, name: &str) -> Option<&'a str> {
            let LabelsYaml { $( $field, )* $( $site, )* $( $other: _, )* } = file;
            let value = match name {
                $( stringify!($field) => $field, )*
                $( stringify!($site) => $site, )*
                _ => &None,
            };
            value.as_deref()
        }
    };
}

label_fields! {
    printed {
        /// Above the title on the cover.
        kicker,
        /// Before the photo credit.
        photo,
        /// Above the authorities' addresses.
        write_to,
        /// Above the addresses that get copies.
        copies_to,
        /// Above the solidarity address.
        solidarity,
        /// The sender block of the sample letter.
        sender,
        /// The date line of the sample letter.
        date,
        /// Under the signature line.
        signature,
        /// Before an e-mail address.
        email,
        /// Before a deadline.
        deadline,
        /// In the postcard's stamp box.
        stamp,
        /// How to print the home postcard sheet, in its margin.
        print_postcards,
        /// Above the person's name on the petition sheet.
        petition_kicker,
        /// Before the petition's addressee.
        petition_to,
        /// Heading of the petition table's first column: the row's number.
        petition_number,
        /// Heading of the column for the signer's name.
        petition_name,
        /// Heading of the column for the signer's town or e-mail.
        petition_place,
        /// Before the address signed sheets go back to.
        petition_return,
        /// As `petition_return`, with the deadline: `{date}` stands for it.
        petition_return_by,
        /// At the petition sheet's foot: what the signatures are used for.
        petition_data_use,
        /// Beside the poster's QR code.
        poster_scan,
        /// Above the person's name on the tally sheet.
        tally_kicker,
        /// Before the event's name on the tally sheet.
        tally_event,
        /// The tally's count of letters.
        tally_letters,
        /// The tally's count of postcards.
        tally_cards,
        /// The tally's count of petition signatures.
        tally_signatures,
        /// Before where the filled-in tally goes.
        tally_report_to,
    }
    site {
        page_title,
        page_languages,
        page_all_cases,
        page_pack_home,
        page_pack_press,
        page_postcard_home,
        page_postcard_press,
        page_labels_home,
        page_petition_home,
        page_poster_home,
        page_poster_press,
        page_tally_home,
        page_bundle_home,
        page_print_home,
        page_duplex,
        page_print_shop,
        page_pages,
        page_stale,
        page_missing,
        page_action,
        page_letter,
    }
    // Read elsewhere: the review marks by a test, the alternative text by
    // [`photo_alt_for`].
    unprinted {
        reviewed,
        reviewer,
        photo_alt,
    }
}

impl Labels {
    /// Resolves each field from the first file that sets it, else from `fallback`,
    /// listing the fields that came from `fallback`.
    fn resolve(files: &[&LabelsYaml], fallback: &Labels) -> (Labels, Vec<&'static str>) {
        let mut fell_back = Vec::new();
        let labels = Labels::from_fields(|name| match files.iter().find_map(|file| field_of(file, name)) {
            Some(own) => own.to_string(),
            None => {
                fell_back.push(name);
                fallback.field(name).to_string()
            }
        });
        (labels, fell_back)
    }
}

/// A field of the shipped labels for `locale` (a [`FIELDS`] or [`PAGE_FIELDS`] name),
/// from the most specific tag that sets it, else English's. The download site is
/// made from the manifest alone, so only the shipped files speak on it.
pub(crate) fn site_word(locale: &Locale, name: &str) -> &'static str {
    let english = Locale::parse("en").expect("en is a tag");
    shipped_for(locale)
        .into_iter()
        .chain(shipped_for(&english))
        .find_map(|file| field_of(file.parsed.as_ref().ok()?, name))
        .unwrap_or("")
}

/// The shipped files as (tag, file name, text), from build.rs.
const SHIPPED_SOURCES: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped_labels.rs"));

/// Each shipped file, parsed on first use: a build parses the few its languages
/// need, not all of them (parsing every file cost a Latin build 7.8M instructions).
static SHIPPED: [OnceLock<LabelsFile>; SHIPPED_SOURCES.len()] =
    [const { OnceLock::new() }; SHIPPED_SOURCES.len()];

/// The shipped file at `index` of [`SHIPPED_SOURCES`], parsed. Its path reads
/// `labels/<tag>.yaml`, as in the project, should it fail to parse (a test sees that
/// none does).
fn shipped_at(index: usize) -> &'static LabelsFile {
    SHIPPED[index].get_or_init(|| {
        let (tag, name, text) = SHIPPED_SOURCES[index];
        let path = std::path::Path::new("labels").join(name);
        LabelsFile { tag: tag.to_string(), digest: None, parsed: parse_labels_yaml(&path, text), path }
    })
}

#[cfg(test)]
/// The shipped labels files, sorted by tag.
pub(crate) fn shipped() -> impl Iterator<Item = &'static LabelsFile> {
    (0..SHIPPED_SOURCES.len()).map(shipped_at)
}

/// The shipped files for `locale`, the most specific tag first.
fn shipped_for(locale: &Locale) -> Vec<&'static LabelsFile> {
    let tags = locale.lookup_tags();
    tags.iter()
        .filter_map(|tag| SHIPPED_SOURCES.iter().position(|(shipped, ..)| shipped.eq_ignore_ascii_case(tag)))
        .map(shipped_at)
        .collect()
}

/// English, the language of last resort, as shipped.
static ENGLISH: LazyLock<Labels> = LazyLock::new(|| {
    let english =
        shipped_for(&Locale::parse("en").expect("en is a tag")).first().and_then(|f| f.parsed.as_ref().ok());
    let empty = Labels::resolve(&[], &Labels::blank()).0;
    english.map_or(empty.clone(), |en| Labels::resolve(&[en], &empty).0)
});

impl Labels {
    /// Every field empty: the fallback of English itself, which a test sees is complete.
    fn blank() -> Labels {
        Labels::from_fields(|_| String::new())
    }

    /// The shipped English wording, which fills any field a language lacks.
    pub(crate) fn english() -> &'static Labels {
        &ENGLISH
    }
}

/// The labels files of `layers` (lowest first) that are for `locale`, highest first:
/// the higher layer first, and within a layer the most specific tag first. Job keys
/// hash these, so that editing one rebuilds that language's outputs only.
pub(crate) fn override_files<'a>(locale: &Locale, layers: &[&'a [LabelsFile]]) -> Vec<&'a LabelsFile> {
    files_in(locale, layers.iter().rev().copied())
}

/// The files for `locale` in `layers`, given highest first.
fn files_in<'a>(locale: &Locale, layers: impl Iterator<Item = &'a [LabelsFile]>) -> Vec<&'a LabelsFile> {
    let tags = locale.lookup_tags();
    let mut files = Vec::new();
    for layer in layers {
        for tag in &tags {
            files.extend(layer.iter().filter(|f| f.tag.eq_ignore_ascii_case(tag.as_str())));
        }
    }
    files
}

/// The labels for a language: each field from the highest layer (case over packs
/// folder over shipped) and, within it, the most specific tag that sets it; English
/// for what none sets, with the names of those fields. A labels file for the language
/// that could not be read or parsed is the error.
pub fn labels_for(
    locale: &Locale,
    layers: &[&[LabelsFile]],
) -> Result<(Labels, Vec<&'static str>), Diagnostic> {
    let mut parsed = Vec::new();
    for file in files_in(locale, layers.iter().rev().copied()).into_iter().chain(shipped_for(locale)) {
        parsed.push(file.parsed.as_ref().map_err(Clone::clone)?);
    }
    Ok(Labels::resolve(&parsed, Labels::english()))
}

/// The photo's alternative text of a language's labels (`photo_alt`, with `{name}`
/// replaced by `person`), from the same layers as [`labels_for`]; `None` when no
/// layer has one.
pub(crate) fn photo_alt_for(locale: &Locale, layers: &[&[LabelsFile]], person: &str) -> Option<String> {
    files_in(locale, layers.iter().rev().copied())
        .into_iter()
        .chain(shipped_for(locale))
        .find_map(|file| file.parsed.as_ref().ok()?.photo_alt.as_deref())
        .map(|alt| alt.replace("{name}", person))
}

/// The warning for a language some of whose fields fell back to English: it names
/// the file to create and the fields to put in it.
pub(crate) fn fallback_warning(
    lang: &Locale,
    fell_back: &[&str],
    lang_path: &std::path::Path,
    packs_dir: &std::path::Path,
) -> Diagnostic {
    let message = if fell_back.len() == FIELDS.len() {
        format!("no labels for `{lang}`; the pack's fixed words are in English")
    } else {
        format!("the labels for `{lang}` lack {}; those are printed in English", fell_back.join(", "))
    };
    let file = packs_dir.join("labels").join(format!("{lang}.yaml"));
    Diagnostic::warning(Some(Span::file(lang_path)), message).with_hint(format!(
        "create {} (or labels/{lang}.yaml in the case folder, for this case only) with a line for each of {}, \
         in the language: `kicker: \"Urgent appeal\"` in English",
        file.display(),
        fell_back.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
    ))
}

#[cfg(test)]
mod label_tests {
    use std::path::Path;

    use super::*;
    use crate::locale::locale;

    fn shipped_file(tag: &str) -> &'static LabelsYaml {
        shipped().find(|f| f.tag == tag).and_then(|f| f.parsed.as_ref().ok()).unwrap()
    }

    /// An override layer holding one file parsed from `text`.
    fn layer(dir: &str, tag: &str, text: &str) -> Vec<LabelsFile> {
        let path = Path::new(dir).join("labels").join(format!("{tag}.yaml"));
        let parsed = parse_labels_yaml(&path, text);
        vec![LabelsFile { tag: tag.to_string(), path, digest: Some([0; 32]), parsed }]
    }

    #[test]
    fn every_shipped_file_parses_and_sets_every_field() {
        assert!(shipped().count() >= 55, "{} files", shipped().count());
        for file in shipped() {
            let parsed = file.parsed.as_ref().unwrap_or_else(|e| panic!("{e}"));
            assert!(parsed.reviewed.is_some(), "{}: no `reviewed:`", file.path.display());
            let (labels, fell_back) = Labels::resolve(&[parsed], &Labels::blank());
            assert!(fell_back.is_empty(), "{} lacks {fell_back:?}", file.path.display());
            assert!(
                labels.texts().iter().all(|t| !t.trim().is_empty()),
                "{}: an empty field",
                file.path.display()
            );
            assert!(
                Locale::parse(&file.tag).is_ok(),
                "{} is not named by a language tag",
                file.path.display()
            );
        }
    }

    /// Words a language writes as English does, checked: French "Photo", "Date" and
    /// "Signature" are French words, Filipino writes "Email" as a loanword, German
    /// "Petition" and "Name" are German words, and Indonesian tables head the number
    /// column "No.".
    const SAME_AS_ENGLISH: &[(&str, &str)] = &[
        ("fr", "Photo"),
        ("fr", "Date"),
        ("fr", "Signature"),
        ("tl", "Email"),
        ("de", "Petition"),
        ("de", "Name"),
        ("id", "No."),
    ];

    #[test]
    fn every_shipped_file_translates_every_label() {
        let english = Labels::english();
        for file in shipped().filter(|f| f.tag != "en") {
            let parsed = file.parsed.as_ref().unwrap_or_else(|e| panic!("{e}"));
            let (labels, _) = Labels::resolve(&[parsed], &Labels::blank());
            let left: Vec<&str> = labels
                .texts()
                .into_iter()
                .zip(english.texts())
                .filter(|(text, en)| text == en && !SAME_AS_ENGLISH.contains(&(file.tag.as_str(), *text)))
                .map(|(text, _)| text)
                .collect();
            assert!(left.is_empty(), "{}: English left untranslated: {left:?}", file.path.display());
        }
    }

    /// The `{name}` placeholders of a text, in order.
    fn placeholders(text: &str) -> Vec<&str> {
        text.match_indices('{').filter_map(|(at, _)| Some(&text[at..=at + text[at..].find('}')?])).collect()
    }

    #[test]
    fn every_shipped_file_keeps_the_placeholders_of_the_printed_words() {
        // `petition_return_by`'s `{date}` is replaced by the deadline: a translation
        // that drops or misspells it would print the braces, or no date.
        let english = Labels::english();
        for file in shipped() {
            let parsed = file.parsed.as_ref().unwrap_or_else(|e| panic!("{e}"));
            let (labels, _) = Labels::resolve(&[parsed], &Labels::blank());
            for ((name, text), en) in FIELDS.iter().zip(labels.texts()).zip(english.texts()) {
                let (mut own, mut wanted) = (placeholders(text), placeholders(en));
                own.sort_unstable();
                wanted.sort_unstable();
                assert_eq!(own, wanted, "{}: `{name}`: {text}", file.path.display());
            }
        }
        assert_eq!(placeholders(&english.petition_return_by), ["{date}"]);
    }

    #[test]
    fn every_shipped_file_has_the_sites_words() {
        for file in shipped() {
            let parsed = file.parsed.as_ref().unwrap_or_else(|e| panic!("{e}"));
            for &name in PAGE_FIELDS {
                let value = field_of(parsed, name).unwrap_or("");
                assert!(!value.trim().is_empty(), "{} lacks `{name}`", file.path.display());
                let wants = match name {
                    "page_print_home" | "page_print_shop" => Some("{paper}"),
                    "page_pages" | "page_missing" => Some("{n}"),
                    _ => None,
                };
                let placeholders = value.matches('{').count();
                assert_eq!(placeholders, usize::from(wants.is_some()), "{}: `{name}`", file.path.display());
                if let Some(wants) = wants {
                    assert!(value.contains(wants), "{}: `{name}` lacks {wants}", file.path.display());
                }
            }
        }
        assert_eq!(site_word(&locale("fr-CA"), "page_letter"), site_word(&locale("fr"), "page_letter"));
        assert_eq!(site_word(&locale("kk"), "page_title"), site_word(&locale("en"), "page_title"));
    }

    #[test]
    fn the_existing_wording_is_kept() {
        let fr = labels_for(&locale("fr"), &[]).unwrap().0;
        assert_eq!((fr.write_to.as_str(), fr.deadline.as_str()), ("Écrivez à", "Merci d’écrire avant le"));
        assert_eq!(Labels::english().kicker, "Urgent appeal");
        assert_eq!(labels_for(&locale("hi-IN"), &[]).unwrap().0.photo, "फ़ोटो");
    }

    #[test]
    fn lookup_keeps_to_the_script_and_region() {
        let kicker = |tag: &str| labels_for(&locale(tag), &[]).unwrap().0.kicker;
        assert_eq!(kicker("zh"), "紧急行动");
        assert_eq!(kicker("zh-Hans-HK"), "紧急行动", "Simplified, though Hong Kong writes Traditional");
        assert_eq!(kicker("zh-HK"), "緊急行動");
        assert_eq!(kicker("zh-Hant"), "緊急行動");
        assert_eq!(kicker("sr"), "Хитна акција");
        assert_eq!(kicker("sr-Latn"), "Hitna akcija");
        let (pt_br, fell_back) = labels_for(&locale("pt-BR"), &[]).unwrap();
        assert!(fell_back.is_empty());
        assert_eq!((pt_br.sender.as_str(), pt_br.photo.as_str()), ("Seu nome e endereço", "Foto"));
        assert_eq!(labels_for(&locale("pt"), &[]).unwrap().0.sender, "O seu nome e morada");
    }

    #[test]
    fn a_language_with_no_labels_falls_back_to_english_field_by_field() {
        let (labels, fell_back) = labels_for(&locale("kk"), &[]).unwrap();
        assert_eq!(&labels, Labels::english());
        assert_eq!(fell_back, FIELDS);
        // One field from the packs folder: the other nine stay English, and are named.
        let packs = layer("packs", "kk", "kicker: Шұғыл үндеу\n");
        let (labels, fell_back) = labels_for(&locale("kk"), &[&packs]).unwrap();
        assert_eq!(labels.kicker, "Шұғыл үндеу");
        assert_eq!(labels.photo, "Photo");
        assert_eq!(fell_back, &FIELDS[1..]);
        let warning = fallback_warning(&locale("kk"), &fell_back, Path::new("c/kk.md"), Path::new("packs"));
        assert!(warning.message.contains("lack photo, write_to"), "{}", warning.message);
        assert!(warning.hints[0].contains("packs/labels/kk.yaml"), "{}", warning.hints[0]);
    }

    #[test]
    fn the_case_overrides_the_packs_folder_which_overrides_the_shipped_file() {
        let packs = layer("packs", "de", "kicker: Urgent Action\nstamp: Porto\n");
        let case = layer("packs/c", "de-AT", "kicker: Dringend\n");
        let (labels, fell_back) = labels_for(&locale("de-AT"), &[&packs, &case]).unwrap();
        assert!(fell_back.is_empty());
        assert_eq!((labels.kicker.as_str(), labels.stamp.as_str()), ("Dringend", "Porto"));
        assert_eq!(labels.date, shipped_file("de").date.clone().unwrap());
        // The case's de-AT is not for Germany.
        assert_eq!(labels_for(&locale("de"), &[&packs, &case]).unwrap().0.kicker, "Urgent Action");
    }

    #[test]
    fn a_broken_file_fails_its_language_only() {
        let case = layer("c", "de", "kicker: Eilaktion\nstampp: Porto\n");
        let err = labels_for(&locale("de"), &[&case]).unwrap_err();
        let span = err.span.as_ref().unwrap();
        assert_eq!((span.file.as_path(), span.line), (Path::new("c/labels/de.yaml"), 2));
        assert!(labels_for(&locale("fr"), &[&case]).is_ok());
    }

    #[test]
    fn the_guide_lists_every_shipped_file_by_name_and_whether_it_is_reviewed() {
        let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src/labels-and-languages.md");
        let guide = std::fs::read_to_string(page).unwrap();
        let section = guide.split("<!-- labels table -->").nth(1).expect("the guide has the labels table");
        let listed: Vec<(String, bool)> = section
            .lines()
            .take_while(|line| !line.contains("<!-- end labels table -->"))
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let tag = cells.get(2)?.strip_prefix('`')?.strip_suffix('`')?;
                // The language's name is the one the download pages use.
                assert_eq!(
                    Some(cells[1]),
                    crate::locale::language_english(tag),
                    "the guide's name for {tag}"
                );
                Some((tag.to_string(), *cells.get(3)? == "yes"))
            })
            .collect();
        let shipped: Vec<(String, bool)> = shipped()
            .map(|f| (f.tag.clone(), f.parsed.as_ref().ok().and_then(|p| p.reviewed) == Some(true)))
            .collect();
        assert_eq!(listed, shipped, "the guide's labels table and labels/ differ");
    }
}
