//! The fonts of a job are keyed by what it prints ([`printed_text`]): for cases of
//! random text in several languages, every character poppler reads back from each
//! built PDF is one the key was computed from. A character the key missed (a
//! language's quotation marks, a narrow space, a dash layout adds) could reach a font
//! found at run time without its change rebuilding the file. Needs pdftotext (skipped
//! with a line otherwise, a failure under `APPEALPRESS_REQUIRE_TOOLS`).

use crate::common;

use std::collections::BTreeSet;

use appealpress::jobs::incremental::printed_text;
use appealpress::load::{discover_cases, load_case_source};
use common::*;

/// `words` words of letters, each maybe followed by punctuation, joined by one of
/// the spaces a language file may hold. Nothing that Markdown would read as syntax.
fn random_text(random: &mut Rng, words: usize) -> String {
    const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêàçœæßäöüñøåłśżčřšžőăîțș\
        αβγδεζηθλμπσωΑΓΔЖИЛПФЦЧШЩЫЭЮЯжилпфцчшщыэюя0123456789";
    const AFTER: &[&str] = &["", "", "", ",", ".", ";", ":", "!", "?", "…", "%", "’s", ")"];
    const BEFORE: &[&str] = &["", "", "", "\"", "'", "“", "«", "(", "‘", "„"];
    const SPACES: &[&str] = &[" ", " ", " ", " – ", " — ", "\u{00A0}", "\u{202F}", " / ", " & "];
    let letters: Vec<char> = LETTERS.chars().collect();
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push_str(random.pick::<&str>(SPACES));
        }
        out.push_str(random.pick::<&str>(BEFORE));
        // Start with a letter, so no line reads as a list or a heading.
        out.push(letters[random.below(26)]);
        for _ in 0..random.below(8) {
            out.push(*random.pick(&letters));
        }
        out.push_str(random.pick::<&str>(AFTER));
        if random.below(6) == 0 {
            out.push('"');
        }
    }
    out
}

/// A JSON string is a YAML double-quoted scalar: any text, safely.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// The fixture's English file with random words in every field a reader sees.
fn random_language_file(random: &mut Rng) -> String {
    let fixture = std::fs::read_to_string(fixture_packs().join("latin-case/en.md")).unwrap();
    let body = fixture.splitn(3, "---\n").nth(2).unwrap();
    let front = format!(
        "title: {}\nperson: {}\nsalutation: {}\nclosing: {}\npostcard: {}\n",
        yaml_string(&random_text(random, 4)),
        yaml_string(&random_text(random, 2)),
        yaml_string(&random_text(random, 2)),
        yaml_string(&random_text(random, 2)),
        yaml_string(&random_text(random, 10)),
    );
    let story = format!("{}\n\n{}\n", random_text(random, 60), random_text(random, 25));
    let body =
        body.replacen("## The story {#story}\n\n", &format!("## The story {{#story}}\n\n{story}\n"), 1);
    let body = body.replacen("- access to", &format!("- {}\n- access to", random_text(random, 6)), 1);
    format!("---\n{front}---\n{body}")
}

#[test]
fn every_character_of_a_built_pdf_is_in_the_text_its_fonts_are_keyed_by() {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    let languages = ["en", "fr", "de", "ru", "pl", "es", "cs", "el"];
    let mut random = Rng(0x5eed_1234_abcd_0001);
    for (i, lang) in languages.iter().enumerate() {
        let case = packs.join(format!("random-{i}"));
        copy_dir(&fixture_packs().join("latin-case"), &case);
        std::fs::remove_file(case.join("en.md")).unwrap();
        std::fs::remove_file(case.join("fr.md")).unwrap();
        std::fs::write(case.join(format!("{lang}.md")), random_language_file(&mut random)).unwrap();
    }
    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist", "--profile", "home"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");

    let mut checked = 0;
    for case_dir in discover_cases(&packs).unwrap() {
        let source = load_case_source(&case_dir, &[]).unwrap();
        let entry = &source.langs[0];
        let keyed: BTreeSet<char> = printed_text(&source, entry).chars().collect();
        for product in ["pack", "postcard"] {
            let pdf = dir.path().join(format!("dist/{0}/{0}-{1}-{product}.pdf", case_dir.id, entry.lang));
            let read = normalise_extracted(&run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]));
            let missed: BTreeSet<char> = read
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control() && !keyed.contains(c))
                .collect();
            assert!(missed.is_empty(), "{}: printed but not keyed: {missed:?}", pdf.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * languages.len());
}
