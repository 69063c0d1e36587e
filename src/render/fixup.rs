//! Every correction to what printpdf 0.12 writes, in one place, applied to its lopdf
//! document before saving (each measured on printpdf 0.12.8 before the project began):
//!
//! - the header says `%PDF-1.3`; we write 1.7 (we use `/Lang`, a 1.4 feature);
//! - the trailer `/ID` is random; we derive it from the content, for byte-identical builds;
//! - the Info dictionary carries 1970 dates and an empty `/GTS_PDFXVersion`; we rewrite
//!   it with title, author, creator, producer, and dates only from `SOURCE_DATE_EPOCH`;
//! - there is no `/Lang`; we add it to the catalog;
//! - fonts we subset ourselves are named without the subset tag; we add `ABCDEF+`;
//! - pages carry `/Annots []` and boxes written as `[x y w h]`, and there is no
//!   BleedBox; we drop the array and write MediaBox, TrimBox and BleedBox from the layout;
//! - PDF/X-4 output (`/GTS_PDFXVersion`, `/Trapped`, the output intent under the right
//!   key `/DestOutputProfile`, XMP with matching dates) is written here, not by printpdf;
//! - so is PDF/UA-1 for home files: the structure tree [`tags`](super::tags) collected
//!   (StructTreeRoot, ParentTree, RoleMap, `/StructParents`), `/MarkInfo`,
//!   `/ViewerPreferences`, `/Tabs`, and XMP with `dc:title` and `pdfuaid:part`.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::tags::{role_of, Annotation, Kid, Tagger, ROLE_MAP};
use crate::layout::{BoxRect, Page, StructElem};

/// What the document should say about itself.
#[derive(Debug, Clone)]
pub(crate) struct DocInfo {
    /// Title.
    pub(crate) title: String,
    /// Author: the publishing organisation, or none. Never the person at risk.
    pub(crate) author: Option<String>,
    /// Subject: what the document is.
    pub(crate) subject: String,
    /// BCP 47 language tag.
    pub(crate) lang: String,
    /// Creation time (Unix seconds), from `SOURCE_DATE_EPOCH`; `None` writes no dates.
    pub(crate) date: Option<i64>,
}

/// Subset font names to apply: printpdf's resource name (`F0`, which it also writes as
/// the font's name) to the tagged PostScript name (`ABCDEF+NotoSans-Regular`).
pub(crate) type SubsetTags = Vec<(String, String)>;

/// Applies every correction; `pages` gives each page's boxes.
pub(crate) fn fix_document(doc: &mut Document, info: &DocInfo, tags: &SubsetTags, pages: &[Page]) {
    doc.version = "1.7".to_string();
    rewrite_info(doc, info);
    set_lang(doc, &info.lang);
    tag_subset_fonts(doc, tags);
    fix_pages(doc, pages);
}

/// The date written into press files when `SOURCE_DATE_EPOCH` is not set: PDF/X needs
/// one, and the clock would make every build differ. 2026-01-01T00:00:00Z.
pub(crate) const FALLBACK_DATE: i64 = 1_767_225_600;

/// Makes the file a PDF/X-4: version 1.6, `GTS_PDFXVersion` and `Trapped` in Info,
/// the output intent with its embedded CMYK profile, and XMP metadata whose dates and
/// ids match Info. `digest` identifies the content (the same bytes as the `/ID`);
/// `icc_deflated` is the CMYK output profile, zlib-compressed.
pub(crate) fn make_pdfx4(
    doc: &mut Document,
    info: &DocInfo,
    digest: &[u8],
    icc_deflated: &[u8],
    ink_limit: super::color::InkLimit,
) {
    doc.version = "1.6".to_string();
    let date = info.date.unwrap_or(FALLBACK_DATE);
    if let Ok(id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(id) {
            dict.set("GTS_PDFXVersion", text_string("PDF/X-4"));
            dict.set("Trapped", Object::Name(b"False".to_vec()));
            let pdf_date = text_string(&pdf_date(date));
            dict.set("CreationDate", pdf_date.clone());
            dict.set("ModDate", pdf_date);
        }
    }
    let profile = Stream::new(
        Dictionary::from_iter(vec![
            ("N", Object::Integer(4)),
            ("Filter", Object::Name(b"FlateDecode".to_vec())),
        ]),
        icc_deflated.to_vec(),
    )
    .with_compression(false);
    let profile_id = doc.add_object(profile);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        ("OutputConditionIdentifier", text_string("FOGRA39")),
        ("OutputCondition", text_string("Offset printing on coated paper, ISO 12647-2 (FOGRA39)")),
        ("RegistryName", text_string("http://www.color.org")),
        (
            "Info",
            text_string(&format!(
                "appealpress coated FOGRA39, built with ArgyllCMS from FOGRA39L.ti3; total ink limit {}",
                ink_limit
            )),
        ),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]);
    let metadata_id = add_metadata(doc, xmp_packet(info, Some(date), digest, Claim::PdfX4), false);
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("OutputIntents", Object::Array(vec![Object::Dictionary(intent)]));
        catalog.set("Metadata", Object::Reference(metadata_id));
    }
}

/// Claims PDF/UA-1 in XMP (`pdfuaid:part`, with `dc:title`, which readers show as the
/// window title): call on a home file after [`write_structure`].
pub(crate) fn make_pdfua(doc: &mut Document, info: &DocInfo, digest: &[u8]) {
    let metadata_id = add_metadata(doc, xmp_packet(info, info.date, digest, Claim::PdfUa1), true);
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Metadata", Object::Reference(metadata_id));
    }
}

/// Adds the XMP packet as the metadata stream. Press files keep it uncompressed, as
/// the PDF/A family asks and prepress tools that scan for the packet expect; a home
/// file's is deflated, which PDF/UA allows: it is a twentieth of a postcard sheet.
fn add_metadata(doc: &mut Document, xmp: String, compressed: bool) -> ObjectId {
    let kind = |k: &str, v: &str| (k.to_string(), Object::Name(v.as_bytes().to_vec()));
    let dict = Dictionary::from_iter(vec![kind("Type", "Metadata"), kind("Subtype", "XML")]);
    let metadata = if compressed {
        let mut stream = Stream::new(dict, xmp.into_bytes());
        // On failure the stream stays as it was, uncompressed and valid.
        let _ = stream.compress();
        stream
    } else {
        Stream::new(dict, xmp.into_bytes()).with_compression(false)
    };
    doc.add_object(metadata)
}

/// Writes the structure tree of a tagged file and marks it so: the StructTreeRoot
/// with its ParentTree (each page's MCIDs to their elements) and RoleMap, each page's
/// `/StructParents` and `/Tabs /S`, the catalog's `/MarkInfo` and
/// `/ViewerPreferences <</DisplayDocTitle true>>`.
pub(crate) fn write_structure(doc: &mut Document, tagger: &Tagger) {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = (0..tagger.nodes.len()).map(|_| doc.new_object_id()).collect();
    let annotation_ids: Vec<ObjectId> = tagger.annotations.iter().map(|_| doc.new_object_id()).collect();
    for (index, node) in tagger.nodes.iter().enumerate() {
        let parent = if index == 0 { root_id } else { ids[node.parent] };
        let role = node.elem.as_ref().map_or("Document", role_of);
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(role.as_bytes().to_vec())),
            ("P", Object::Reference(parent)),
        ]);
        // MCIDs on the element's first page are written as plain numbers under its
        // `/Pg`; those on later pages (a paragraph across a break) as references.
        let first_page = node.kids.iter().find_map(|kid| match kid {
            Kid::Content { page, .. } => pages.get(*page).copied(),
            Kid::Node(_) | Kid::Annotation(_) => None,
        });
        if let Some(page) = first_page {
            dict.set("Pg", Object::Reference(page));
        }
        let kids = node.kids.iter().filter_map(|kid| match *kid {
            Kid::Node(child) => Some(Object::Reference(ids[child])),
            Kid::Content { page, mcid } => {
                let page_id = pages.get(page).copied()?;
                Some(if Some(page_id) == first_page {
                    Object::Integer(mcid as i64)
                } else {
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"MCR".to_vec())),
                        ("Pg", Object::Reference(page_id)),
                        ("MCID", Object::Integer(mcid as i64)),
                    ]))
                })
            }
            Kid::Annotation(index) => {
                let page_id = pages.get(tagger.annotations[index].page).copied()?;
                Some(Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"OBJR".to_vec())),
                    ("Pg", Object::Reference(page_id)),
                    ("Obj", Object::Reference(annotation_ids[index])),
                ])))
            }
        });
        dict.set("K", Object::Array(kids.collect()));
        match &node.elem {
            Some(StructElem::Figure { alt }) => dict.set("Alt", text_string(alt)),
            // A header cell heads its column: the table attributes say so (PDF/UA-1
            // 7.5, ISO 32000-1 14.8.5.7), as a reader needs to name a cell's column.
            Some(StructElem::TableHeader) => dict.set(
                "A",
                Dictionary::from_iter(vec![
                    ("O", Object::Name(b"Table".to_vec())),
                    ("Scope", Object::Name(b"Column".to_vec())),
                ]),
            ),
            _ => {}
        }
        doc.objects.insert(ids[index], Object::Dictionary(dict));
    }
    let mut nums = Vec::new();
    for (page_index, (page_id, mcids)) in pages.iter().zip(&tagger.parents).enumerate() {
        nums.push(Object::Integer(page_index as i64));
        nums.push(Object::Array(mcids.iter().map(|&node| Object::Reference(ids[node])).collect()));
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(*page_id) {
            page.set("StructParents", Object::Integer(page_index as i64));
            page.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    // Each annotation's `/StructParent` follows the pages' keys in the ParentTree.
    for (index, (annotation, &id)) in tagger.annotations.iter().zip(&annotation_ids).enumerate() {
        let Some(&page_id) = pages.get(annotation.page) else { continue };
        let key = (pages.len() + index) as i64;
        doc.objects.insert(id, Object::Dictionary(link_annotation(annotation, page_id, key)));
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(ids[annotation.node]));
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(page_id) {
            match page.get_mut(b"Annots").and_then(Object::as_array_mut) {
                Ok(annots) => annots.push(Object::Reference(id)),
                Err(_) => page.set("Annots", Object::Array(vec![Object::Reference(id)])),
            }
        }
    }
    let role_map =
        ROLE_MAP.iter().map(|(ours, standard)| (*ours, Object::Name(standard.as_bytes().to_vec())));
    let root = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", Object::Reference(ids[0])),
        ("ParentTree", Object::Dictionary(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]))),
        ("ParentTreeNextKey", Object::Integer((pages.len() + tagger.annotations.len()) as i64)),
        ("RoleMap", Object::Dictionary(Dictionary::from_iter(role_map))),
    ]);
    doc.objects.insert(root_id, Object::Dictionary(root));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(root_id));
        catalog.set(
            "MarkInfo",
            Object::Dictionary(Dictionary::from_iter(vec![("Marked", Object::Boolean(true))])),
        );
        let preferences = Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]);
        catalog.set("ViewerPreferences", Object::Dictionary(preferences));
    }
}

/// A link annotation (PDF/UA-1 7.18.5): invisible (`/Border [0 0 0]`), printable
/// (`/F 4`), named in words by `/Contents`, tied to its `Link` element by
/// `/StructParent`, opening its URI.
fn link_annotation(annotation: &Annotation, page: ObjectId, struct_parent: i64) -> Dictionary {
    let rect = annotation.rect.map(pdf_real);
    let action = Dictionary::from_iter(vec![
        ("S", Object::Name(b"URI".to_vec())),
        ("URI", Object::String(uri_bytes(&annotation.target.uri), StringFormat::Literal)),
    ]);
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
        ("Rect", Object::Array(rect.to_vec())),
        ("Border", Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)])),
        ("F", Object::Integer(4)),
        ("P", Object::Reference(page)),
        ("Contents", text_string(&annotation.target.contents)),
        ("StructParent", Object::Integer(struct_parent)),
        ("A", Object::Dictionary(action)),
    ])
}

/// A URI as the 7-bit ASCII a PDF's `/URI` must be: bytes outside printable ASCII
/// (an address with accented letters) percent-encoded.
fn uri_bytes(uri: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(uri.len());
    for &byte in uri.as_bytes() {
        if byte.is_ascii_graphic() {
            out.push(byte);
        } else {
            out.extend(format!("%{byte:02X}").bytes());
        }
    }
    out
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the XMP form of the same instant as [`pdf_date`].
fn xmp_date(seconds: i64) -> String {
    let d = pdf_date(seconds);
    format!("{}-{}-{}T{}:{}:{}Z", &d[2..6], &d[6..8], &d[8..10], &d[10..12], &d[12..14], &d[14..16])
}

/// A UUID-shaped id from a content digest.
fn uuid(digest: &[u8]) -> String {
    let h: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("uuid:{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// The standard a file's XMP says it conforms to.
#[derive(Clone, Copy, PartialEq)]
enum Claim {
    PdfX4,
    PdfUa1,
}

fn xmp_packet(info: &DocInfo, date: Option<i64>, digest: &[u8], claim: Claim) -> String {
    let dates = date.map_or(String::new(), |date| {
        let date = xmp_date(date);
        format!(
            "   <xmp:CreateDate>{date}</xmp:CreateDate>\n   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
        )
    });
    let (namespace, claim) = match claim {
        Claim::PdfX4 => (
            r#"xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/""#,
            "   <pdf:Trapped>False</pdf:Trapped>\n   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n",
        ),
        Claim::PdfUa1 => (r#"xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/""#, "   <pdfuaid:part>1</pdfuaid:part>\n"),
    };
    let id = uuid(digest);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    {namespace}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
{creator}   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
{dates}   <xmp:CreatorTool>appealpress {version}</xmp:CreatorTool>
   <pdf:Producer>appealpress with printpdf 0.12</pdf:Producer>
{claim}   <xmpMM:DocumentID>{id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}',
        title = xml_escape(&info.title),
        creator = info.author.as_ref().map_or(String::new(), |a| format!(
            "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            xml_escape(a)
        )),
        lang = xml_escape(&info.lang),
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Sets a content-derived `/ID`; call after everything else, on the final objects.
pub(crate) fn set_document_id(doc: &mut Document, digest: &[u8]) {
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
pub(crate) fn pdf_date(seconds: i64) -> String {
    let ((y, m, d), secs) = crate::date::utc_date(seconds);
    format!("D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

fn rewrite_info(doc: &mut Document, info: &DocInfo) {
    let mut dict = Dictionary::new();
    dict.set("Title", text_string(&info.title));
    if let Some(author) = &info.author {
        dict.set("Author", text_string(author));
    }
    dict.set("Subject", text_string(&info.subject));
    dict.set("Creator", text_string(concat!("appealpress ", env!("CARGO_PKG_VERSION"))));
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
            // printpdf names the CIDFont inside a Type0 font by the resource name too;
            // ISO 32000-1 (table 117) wants the font's own, the same as the Type0's.
            if let Ok(Object::Array(descendants)) = dict.get_mut(b"DescendantFonts") {
                for descendant in descendants.iter_mut() {
                    if let Object::Dictionary(cid_font) = descendant {
                        cid_font.set("BaseFont", Object::Name(tagged.clone().into_bytes()));
                    }
                }
            }
        }
    }
}

/// A box as a PDF rectangle `[x0 y0 x1 y1]`, from top-left coordinates on a page of
/// height `h`.
fn pdf_rect(b: BoxRect, h: f32) -> Object {
    Object::Array(vec![
        pdf_real(b.x),
        pdf_real(h - b.y - b.height),
        pdf_real(b.x + b.width),
        pdf_real(h - b.y),
    ])
}

/// A coordinate in points, to a thousandth: the boxes' and annotations' numbers.
fn pdf_real(v: f32) -> Object {
    Object::Real((v * 1000.0).round() / 1000.0)
}

/// Sets MediaBox, TrimBox and BleedBox from the layout (printpdf writes `[x y w h]`
/// and knows no BleedBox), drops the empty `/Annots`, and gives every page the
/// registration colour space crop marks are drawn in.
fn fix_pages(doc: &mut Document, pages: &[Page]) {
    let page_ids: Vec<_> = doc.get_pages().into_values().collect();
    let registration = registration_space(doc);
    for (id, page) in page_ids.into_iter().zip(pages) {
        let media = BoxRect { x: 0.0, y: 0.0, width: page.width, height: page.height };
        let mut resources_id = None;
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(id) {
            if dict.get(b"Annots").and_then(Object::as_array).is_ok_and(|a| a.is_empty()) {
                dict.remove(b"Annots");
            }
            dict.remove(b"CropBox");
            dict.set("MediaBox", pdf_rect(media, page.height));
            dict.set("TrimBox", pdf_rect(page.trim.unwrap_or(media), page.height));
            match page.bleed {
                Some(bleed) => dict.set("BleedBox", pdf_rect(bleed, page.height)),
                None => {
                    dict.remove(b"BleedBox");
                }
            }
            resources_id = dict.get(b"Resources").and_then(Object::as_reference).ok();
        }
        if let Some(Ok(Object::Dictionary(resources))) = resources_id.map(|r| doc.get_object_mut(r)) {
            let spaces =
                Dictionary::from_iter(vec![(super::color::REGISTRATION, Object::Reference(registration))]);
            resources.set("ColorSpace", Object::Dictionary(spaces));
        }
    }
}

/// Adds the two graphics states press content switches between to every page's
/// (and so every form's, which share the first page's) `/ExtGState`: overprint
/// (`/OP true /op true /OPM 1`: with OPM 1 a `0 0 0 1 k` leaves C, M and Y as they
/// are under it) for 100 % K text and rules, knockout for everything after them.
pub(crate) fn add_overprint_states(doc: &mut Document) {
    let state = |on: bool| {
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"ExtGState".to_vec())),
            ("OP", Object::Boolean(on)),
            ("op", Object::Boolean(on)),
        ]);
        if on {
            dict.set("OPM", Object::Integer(1));
        }
        Object::Dictionary(dict)
    };
    let page_ids: Vec<_> = doc.get_pages().into_values().collect();
    let mut targets = Vec::new();
    for id in page_ids {
        let resources = match doc.get_dictionary(id).and_then(|page| page.get(b"Resources")) {
            Ok(Object::Reference(r)) => *r,
            _ => continue,
        };
        let states = doc.get_dictionary(resources).and_then(|r| r.get(b"ExtGState")).cloned();
        match states {
            Ok(Object::Reference(r)) => targets.push((r, None)),
            _ => targets.push((resources, Some(()))),
        }
    }
    targets.sort_unstable();
    targets.dedup();
    for (id, inline) in targets {
        let Ok(dict) = doc.get_dictionary_mut(id) else { continue };
        let dict = if inline.is_some() {
            if !matches!(dict.get(b"ExtGState"), Ok(Object::Dictionary(_))) {
                dict.set("ExtGState", Dictionary::new());
            }
            match dict.get_mut(b"ExtGState") {
                Ok(Object::Dictionary(inner)) => inner,
                _ => continue,
            }
        } else {
            dict
        };
        dict.set(super::color::OVERPRINT, state(true));
        dict.set(super::color::KNOCKOUT, state(false));
    }
}

/// `[/Separation /All /DeviceCMYK f]`: ink on every plate, for marks only.
fn registration_space(doc: &mut Document) -> ObjectId {
    let tint = Dictionary::from_iter(vec![
        ("FunctionType", Object::Integer(2)),
        ("Domain", Object::Array(vec![Object::Integer(0), Object::Integer(1)])),
        ("C0", Object::Array(vec![Object::Integer(0); 4])),
        ("C1", Object::Array(vec![Object::Integer(1); 4])),
        ("N", Object::Integer(1)),
    ]);
    doc.add_object(Object::Array(vec![
        Object::Name(b"Separation".to_vec()),
        Object::Name(b"All".to_vec()),
        Object::Name(b"DeviceCMYK".to_vec()),
        Object::Dictionary(tint),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(pdf_date(-1), "D:19691231235959Z");
    }

    #[test]
    fn text_strings_use_utf16_when_needed() {
        assert_eq!(text_string("Free"), Object::String(b"Free".to_vec(), StringFormat::Literal));
        let Object::String(bytes, _) = text_string("é") else { panic!() };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x00, 0xE9]);
    }
}
