//! Every correction to what printpdf 0.12 writes, in one place, applied to its lopdf
//! document before saving (see DESIGN.md §8 for what was measured):
//!
//! - the header says `%PDF-1.3`; we write 1.7 (we use `/Lang`, a 1.4 feature);
//! - the trailer `/ID` is random; we derive it from the content, for byte-identical builds;
//! - the Info dictionary carries 1970 dates and an empty `/GTS_PDFXVersion`; we rewrite
//!   it with title, author, creator, producer, and dates only from `SOURCE_DATE_EPOCH`;
//! - there is no `/Lang`; we add it to the catalog;
//! - fonts we subset ourselves are named without the subset tag; we add `ABCDEF+`;
//! - pages carry `/Annots []` and `/TrimBox`, `/CropBox` written as `[x y w h]`; we drop
//!   the empty array and set the boxes from the MediaBox.

use lopdf::{Dictionary, Document, Object, StringFormat};

/// What the document should say about itself.
#[derive(Debug, Clone)]
pub struct DocInfo {
    /// Title.
    pub title: String,
    /// Author (the organisation's subject, the person at risk).
    pub subject: String,
    /// BCP 47 language tag.
    pub lang: String,
    /// Creation time (Unix seconds), from `SOURCE_DATE_EPOCH`; `None` writes no dates.
    pub date: Option<i64>,
}

/// Subset font names to apply: printpdf's resource name (`F0`, which it also writes as
/// the font's name) to the tagged PostScript name (`ABCDEF+NotoSans-Regular`).
pub type SubsetTags = Vec<(String, String)>;

/// Applies every correction.
pub fn fix_document(doc: &mut Document, info: &DocInfo, tags: &SubsetTags) {
    doc.version = "1.7".to_string();
    rewrite_info(doc, info);
    set_lang(doc, &info.lang);
    tag_subset_fonts(doc, tags);
    fix_pages(doc);
}

/// Sets a content-derived `/ID`; call after everything else, on the final objects.
pub fn set_document_id(doc: &mut Document, digest: &[u8]) {
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSSZ` for Unix seconds, UTC.
pub fn pdf_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn rewrite_info(doc: &mut Document, info: &DocInfo) {
    let mut dict = Dictionary::new();
    dict.set("Title", text_string(&info.title));
    dict.set("Author", text_string(&info.subject));
    dict.set(
        "Subject",
        text_string(&format!("Appeal pack: {}", info.subject)),
    );
    dict.set(
        "Creator",
        text_string(concat!("appealpress ", env!("CARGO_PKG_VERSION"))),
    );
    dict.set("Producer", text_string("appealpress with printpdf 0.12"));
    if let Some(seconds) = info.date {
        let date = text_string(&pdf_date(seconds));
        dict.set("CreationDate", date.clone());
        dict.set("ModDate", date);
    }
    match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            doc.objects.insert(id, Object::Dictionary(dict));
        }
        Err(_) => {
            let id = doc.add_object(dict);
            doc.trailer.set("Info", id);
        }
    }
}

fn set_lang(doc: &mut Document, lang: &str) {
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Lang", text_string(lang));
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }
}

fn tag_subset_fonts(doc: &mut Document, tags: &SubsetTags) {
    for object in doc.objects.values_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        let key: &[u8] = match dict.get(b"Type").and_then(Object::as_name) {
            Ok(b"Font") => b"BaseFont",
            Ok(b"FontDescriptor") => b"FontName",
            _ => continue,
        };
        let Ok(name) = dict.get(key).and_then(Object::as_name) else {
            continue;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        if let Some((_, tagged)) = tags.iter().find(|(resource, _)| *resource == name) {
            dict.set(key, Object::Name(tagged.clone().into_bytes()));
        }
    }
}

fn fix_pages(doc: &mut Document) {
    let page_ids: Vec<_> = doc.get_pages().into_values().collect();
    for id in page_ids {
        let Ok(Object::Dictionary(page)) = doc.get_object_mut(id) else {
            continue;
        };
        if page
            .get(b"Annots")
            .and_then(Object::as_array)
            .is_ok_and(|a| a.is_empty())
        {
            page.remove(b"Annots");
        }
        if let Ok(media) = page.get(b"MediaBox").cloned() {
            page.remove(b"CropBox");
            page.set("TrimBox", media);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn text_strings_use_utf16_when_needed() {
        assert_eq!(
            text_string("Free"),
            Object::String(b"Free".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, _) = text_string("é") else {
            panic!()
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x00, 0xE9]);
    }
}
