//! Build keys for fonts: what of the fonts a job's text can reach goes into the job's
//! key, so that a changed font rebuilds exactly the outputs set in it. The build's
//! other keys and fingerprints are in `build/incremental.rs`, which reads this one;
//! it sits here because it follows the book's choice rules face by face.

use std::collections::BTreeSet;

use unicode_script::UnicodeScript;

use super::book::FontBook;
use super::face::is_invisible;
use super::family::{preferred_design, script_family, Design, Family, Style};
use crate::locale::Locale;

/// What of the fonts a job's text may be set in goes into its key: each face's
/// name and SHA-256, for the shipped faces, then the SHA-256 and face index of
/// each found one. Only faces [`FontBook::face_for`] can reach for `text` count,
/// so changing the Thai font rebuilds the Thai packs and nothing else, and a
/// Latin pack hashes Noto Sans alone. No folder is read when the shipped faces
/// cover `text`.
///
/// Reach is over-approximated, so equal keys mean equal fonts: Noto Sans (the
/// fallback) always; the family of each script in the text; for a character some
/// Noto Sans face lacks, every shipped family that has it; and among found faces,
/// the choice for each character no shipped face has and for each character whose
/// language prefers a design (Urdu's Nastaliq), in both weights, with every style
/// of its family (digits and punctuation follow the face around them). An Urdu
/// text therefore reads the font folders even though the shipped Naskh covers it.
pub(crate) fn fonts_key(book: &FontBook, text: &str, lang: &Locale) -> Vec<u8> {
    let mut chars: Vec<char> = text.chars().filter(|&c| !is_invisible(c) && !c.is_whitespace()).collect();
    chars.sort_unstable();
    chars.dedup();
    let mut families = vec![Family::Sans];
    let mut add = |family: Family| {
        if !families.contains(&family) {
            families.push(family);
        }
    };
    for &c in &chars {
        if let Some(family) = script_family(c.script()) {
            add(family);
        }
        if !book.faces().filter(|(_, f)| f.family == Family::Sans).all(|(_, f)| f.covers(c)) {
            book.faces().filter(|(_, f)| f.covers(c)).for_each(|(_, f)| add(f.family));
        }
    }
    let mut key = Vec::new();
    for (_, face) in book.faces().filter(|(_, f)| families.contains(&f.family)) {
        key.push(b'S');
        key.extend_from_slice(&(face.file.len() as u32).to_le_bytes());
        key.extend_from_slice(face.file.as_bytes());
        key.extend_from_slice(&face.digest());
    }
    for (digest, index) in found_faces(book, &chars, lang) {
        key.push(b'F');
        key.extend_from_slice(&digest);
        key.extend_from_slice(&index.to_le_bytes());
    }
    key
}

/// The found faces `chars` can reach (see [`fonts_key`]): the digest of
/// each one's file and its index in it, in the index's order. Empty, without
/// reading any folder, when the shipped faces have every character and the
/// language prefers no design for them.
pub(super) fn found_faces(book: &FontBook, chars: &[char], lang: &Locale) -> Vec<([u8; 32], u32)> {
    // Each character that may be set in a found face, with the designs asked of
    // the index for it: the preferred one, and any face when no shipped one has it.
    let wanted: Vec<(char, Option<Design>)> = chars
        .iter()
        .flat_map(|&c| {
            let design = preferred_design(c.script(), lang).map(|d| (c, Some(d)));
            let uncovered = (!book.faces().any(|(_, f)| f.covers(c))).then_some((c, None));
            [design, uncovered]
        })
        .flatten()
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let Some(index) = book.found_index() else { return Vec::new() };
    let usable = |i: usize| index.digest(i).is_some_and(|(_, loads)| loads);
    let families: BTreeSet<u16> = wanted
        .iter()
        .flat_map(|&(c, design)| {
            [Style::REGULAR, Style::BOLD].map(|style| index.resolve(c, style, lang, design, usable))
        })
        .flatten()
        .map(|i| index.faces[i].family)
        .collect();
    let faces: BTreeSet<usize> = families
        .into_iter()
        .flat_map(|family| Style::ALL.map(|style| index.styled(family, style, usable)))
        .flatten()
        .collect();
    faces
        .into_iter()
        .filter_map(|face| Some((index.digest(face)?.0, index.faces[face].face_index())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{book_finding_nastaliq, book_finding_thai, test_fonts, thai_folder};
    use super::*;
    use crate::locale::locale;

    #[test]
    fn discovery_waits_until_a_character_needs_it() {
        let (_dir, fonts) = thai_folder();
        let book = book_finding_thai(&fonts);
        for c in "Justice pour Ali, العدالة, 12 €, मीरा, ሰላም".chars() {
            book.face_for(c, Style::REGULAR, None, &locale("en"));
        }
        assert!(found_faces(&book, &"Justice, मीरा क्षत्रिय, ሰላም".chars().collect::<Vec<_>>(), &locale("hi"))
            .is_empty());
        fonts_key(&book, "Justice, मीरा क्षत्रिय, ሰላም", &locale("hi"));
        assert_eq!(book.discovery_runs(), 0, "text the shipped faces cover must not index any folder");
        assert!(book.warnings().is_empty());
        let thai = book.face_for('ก', Style::REGULAR, None, &locale("th")).unwrap();
        assert_eq!(book.discovery_runs(), 1);
        let face = book.face(thai);
        assert_eq!(
            (face.family, face.index, face.postscript_name.as_str()),
            (Family::Found(1), 0, "NotoSansThai-Regular")
        );
        // Bold comes from face 1 of the collection; the Thai mark after it stays there.
        let bold = book.face_for('ก', Style::BOLD, None, &locale("th")).unwrap();
        assert_eq!((book.face(bold).index, book.face(bold).style), (1, Style::BOLD));
        assert_eq!(book.face_for('ๆ', Style::BOLD, Some(bold), &locale("th")), Some(bold));
        assert_eq!(book.face_for('中', Style::REGULAR, Some(thai), &locale("zh")), None);
        assert_eq!(book.discovery_runs(), 1, "the folders are indexed once per process");
        // The broken file in the folder is reported, once.
        let warnings = book.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn keys_name_the_shipped_faces_a_text_can_reach() {
        let book = test_fonts();
        let digests = |family: Family| -> Vec<[u8; 32]> {
            book.faces().filter(|(_, f)| f.family == family).map(|(_, f)| f.digest()).collect()
        };
        let (sans, deva) = (digests(Family::Sans), digests(Family::Devanagari));
        let has = |key: &[u8], digest: &[u8; 32]| key.windows(32).any(|w| w == digest);
        let latin = fonts_key(book, "Free Test Person, 12 months.", &locale("en"));
        assert!(sans.iter().all(|d| has(&latin, d)));
        assert!(!deva.iter().any(|d| has(&latin, d)), "a Latin text does not depend on the Devanagari faces");
        assert_eq!(fonts_key(book, "Other words, same faces", &locale("fr")), latin);
        let hindi = fonts_key(book, "मीरा क्षत्रिय", &locale("hi"));
        assert!(deva.iter().chain(&sans).all(|d| has(&hindi, d)));
        // A new script's faces reach its texts and no others.
        let bengali = digests(Family::Bengali);
        assert!(!bengali.iter().any(|d| has(&latin, d) || has(&hindi, d)));
        let key = fonts_key(book, "রুমানা হকের মুক্তি", &locale("bn"));
        assert!(bengali.iter().all(|d| has(&key, d)) && !deva.iter().any(|d| has(&key, d)));
        // A character Noto Sans lacks reaches the faces that have it, whatever its script.
        let danda = fonts_key(book, "Free Test Person \u{0964}", &locale("en"));
        assert!(deva.iter().all(|d| has(&danda, d)));
    }

    #[test]
    fn found_faces_enter_the_key_by_content() {
        let (_dir, fonts) = thai_folder();
        let book = book_finding_thai(&fonts);
        let chars: Vec<char> = "ปล่อยตัวมาลัย".chars().collect();
        let found = found_faces(&book, &chars, &locale("th"));
        // Both weights of the family: the regular font and face 1 of the collection.
        let indices: Vec<u32> = found.iter().map(|(_, i)| *i).collect();
        assert_eq!(indices, [0, 1]);
        let key = fonts_key(&book, "ปล่อยตัวมาลัย", &locale("th"));
        assert!(found.iter().all(|(digest, _)| key.windows(32).any(|w| w == digest)));
        // The same fonts in another folder give the same key; other bytes another.
        let (_other, copy) = thai_folder();
        assert_eq!(fonts_key(&book_finding_thai(&copy), "ปล่อยตัวมาลัย", &locale("th")), key);
        let mut changed = std::fs::read(copy.join("NotoSansThai-Regular.ttf")).unwrap();
        changed.extend_from_slice(&[0; 4]);
        std::fs::write(copy.join("NotoSansThai-Regular.ttf"), changed).unwrap();
        assert_ne!(fonts_key(&book_finding_thai(&copy), "ปล่อยตัวมาลัย", &locale("th")), key);
    }

    #[test]
    fn a_found_nastaliq_enters_the_keys_of_urdu_texts_only() {
        let Some((_dir, book)) = book_finding_nastaliq() else { return };
        let urdu = book.face_for('ک', Style::REGULAR, None, &locale("ur")).unwrap();
        let digest = book.face(urdu).digest();
        let has = |key: &[u8]| key.windows(32).any(|w| w == digest);
        assert!(has(&fonts_key(&book, "پاکستان", &locale("ur"))));
        assert!(!has(&fonts_key(&book, "پاکستان", &locale("fa"))));
    }
}
