//! Form XObjects: a group placed more than once (the four cards of a home postcard
//! sheet) is written once and drawn where it is placed with `Do`.
//!
//! printpdf 0.12 writes a form only from finished content bytes, and its operator
//! serialiser is private. So the renderer writes each repeated group's content as an
//! extra page after the real ones, with a placeholder XObject in the resources for
//! the pages that place it; [`pages_to_forms`] then moves each extra page's content
//! and resources into its placeholder and removes the page.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use lopdf::{Dictionary, Object};
use printpdf::{DictItem, ExternalStream, ExternalXObject};

use crate::layout::{FrameItem, Group, PagedDocument};

/// How many times each group is placed in the document, nested groups included.
pub(super) fn group_uses(doc: &PagedDocument) -> HashMap<*const Group, usize> {
    fn count(items: &[FrameItem], uses: &mut HashMap<*const Group, usize>) {
        for item in items {
            if let FrameItem::Group { group, .. } = item {
                let seen = uses.entry(Arc::as_ptr(group)).or_default();
                *seen += 1;
                // A repeated group's insides are counted once: they are written once.
                if *seen == 1 {
                    count(&group.items, uses);
                }
            }
        }
    }
    let mut uses = HashMap::new();
    for page in &doc.pages {
        count(&page.items, &mut uses);
    }
    uses
}

/// A stand-in for a form whose content is not written yet.
pub(super) fn placeholder() -> ExternalXObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let dict = BTreeMap::from([("Type".to_string(), name("XObject")), ("Subtype".to_string(), name("Form"))]);
    ExternalXObject {
        stream: ExternalStream { dict, content: Vec::new(), compress: false },
        width: None,
        height: None,
        dpi: None,
    }
}

/// The box the group's items cover, in PDF units of the form (y up from the group's
/// bottom edge): its `/BBox`, which clips, so it must hold the art that runs past the
/// group's box and the ink of glyphs that reach past their advance.
pub(super) fn bbox(group: &Group) -> [f32; 4] {
    let [left, top, right, bottom] = group.ink_box();
    [left, group.height - bottom, right, group.height - top]
}

/// Moves the content of the last `names.len()` pages into the form XObjects of those
/// names (with `boxes` as their `/BBox`), and removes the pages.
pub(super) fn pages_to_forms(
    doc: &mut lopdf::Document,
    names: &[String],
    boxes: &[[f32; 4]],
) -> Result<(), String> {
    if names.is_empty() {
        return Ok(());
    }
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let first_form =
        pages.len().checked_sub(names.len()).filter(|&n| n > 0).ok_or("fewer pages than forms")?;
    // Every page's resources name the same document-wide fonts and XObjects, so the
    // forms share the first page's instead of keeping their own pages' copies.
    let resources_of = |doc: &lopdf::Document, page| {
        doc.get_dictionary(page)
            .and_then(|p| p.get(b"Resources"))
            .cloned()
            .map_err(|e| format!("page resources: {e}"))
    };
    let resources = resources_of(doc, pages[0])?;
    for ((name, bbox), &page_id) in names.iter().zip(boxes).zip(&pages[first_form..]) {
        let page = doc.get_dictionary(page_id).map_err(|e| format!("form page: {e}"))?.clone();
        if let Ok(own) = resources_of(doc, page_id).and_then(|r| r.as_reference().map_err(|e| e.to_string()))
        {
            if resources.as_reference().ok() != Some(own) {
                doc.objects.remove(&own);
            }
        }
        let resources = resources.clone();
        let contents_id =
            page.get(b"Contents").and_then(Object::as_reference).map_err(|e| format!("form content: {e}"))?;
        let content = doc
            .get_object(contents_id)
            .and_then(Object::as_stream)
            .map_err(|e| format!("form content: {e}"))?
            .content
            .clone();
        let form_id = placeholder_id(doc, &resources, name)?;
        // Whole points, rounded outwards: the box only clips, and short numbers keep
        // the dictionary small (`/Type /XObject` is optional and left out for the same
        // reason: a form repeated four times saves little after compression).
        let [l, b, r, t] = *bbox;
        let outwards = [l.floor(), b.floor(), r.ceil(), t.ceil()];
        let dict = Dictionary::from_iter(vec![
            ("Subtype", Object::Name(b"Form".to_vec())),
            ("BBox", Object::Array(outwards.iter().map(|&v| Object::Integer(v as i64)).collect())),
            ("Resources", resources),
        ]);
        doc.objects.insert(form_id, Object::Stream(lopdf::Stream::new(dict, content)));
        doc.objects.remove(&contents_id);
        remove_page(doc, page_id)?;
    }
    Ok(())
}

/// Points every page at the first page's `/Resources` where theirs is an equal copy:
/// printpdf writes one per page, though all name the same document-wide fonts and
/// XObjects.
pub(super) fn share_page_resources(doc: &mut lopdf::Document) {
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let resources_id = |doc: &lopdf::Document, page| {
        doc.get_dictionary(page).and_then(|p| p.get(b"Resources")?.as_reference()).ok()
    };
    let Some(first) = pages.first().and_then(|&page| resources_id(doc, page)) else { return };
    let Ok(shared) = doc.get_dictionary(first).cloned() else { return };
    for &page in &pages[1..] {
        let Some(own) = resources_id(doc, page) else { continue };
        if own != first && doc.get_dictionary(own).is_ok_and(|d| *d == shared) {
            doc.objects.remove(&own);
            if let Ok(dict) = doc.get_dictionary_mut(page) {
                dict.set("Resources", Object::Reference(first));
            }
        }
    }
}

/// The object id of the XObject `name` in a page's resources.
fn placeholder_id(doc: &lopdf::Document, resources: &Object, name: &str) -> Result<lopdf::ObjectId, String> {
    let missing = || format!("no XObject {name} in the resources");
    let resources = match resources {
        Object::Reference(id) => doc.get_dictionary(*id).map_err(|_| missing())?,
        Object::Dictionary(dict) => dict,
        _ => return Err(missing()),
    };
    let xobjects = match resources.get(b"XObject").map_err(|_| missing())? {
        Object::Reference(id) => doc.get_dictionary(*id).map_err(|_| missing())?,
        Object::Dictionary(dict) => dict,
        _ => return Err(missing()),
    };
    xobjects.get(name.as_bytes()).and_then(Object::as_reference).map_err(|_| missing())
}

/// Takes a page out of its parent's `/Kids` and the document.
fn remove_page(doc: &mut lopdf::Document, page_id: lopdf::ObjectId) -> Result<(), String> {
    let parent = doc
        .get_dictionary(page_id)
        .and_then(|p| p.get(b"Parent"))
        .and_then(Object::as_reference)
        .map_err(|e| format!("form page parent: {e}"))?;
    let pages = doc.get_dictionary_mut(parent).map_err(|e| format!("page tree: {e}"))?;
    if let Ok(Object::Array(kids)) = pages.get_mut(b"Kids") {
        kids.retain(|kid| kid.as_reference().ok() != Some(page_id));
        let count = kids.len() as i64;
        pages.set("Count", Object::Integer(count));
    }
    doc.objects.remove(&page_id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Page, PagedDocument};
    use crate::text::Paint;

    fn rect(x: f32, y: f32) -> FrameItem {
        FrameItem::Rect { x, y, width: 10.0, height: 10.0, paint: Paint::Accent }
    }

    #[test]
    fn a_box_holds_what_runs_past_the_group() {
        let group = Group { width: 100.0, height: 50.0, items: vec![rect(-5.0, 45.0)] };
        // y up: the rect's 45..55 (down) is -5..5 from the bottom edge.
        assert_eq!(bbox(&group), [-5.0, -5.0, 100.0, 50.0]);
    }

    #[test]
    fn groups_are_counted_where_they_are_placed() {
        let card = Arc::new(Group { width: 10.0, height: 10.0, items: vec![rect(0.0, 0.0)] });
        let once = Arc::new(Group { width: 10.0, height: 10.0, items: vec![card.placed(0.0, 0.0)] });
        let page = Page::plain(
            100.0,
            100.0,
            vec![card.placed(0.0, 0.0), card.placed(50.0, 0.0), once.placed(0.0, 50.0)],
        );
        let doc = PagedDocument {
            pages: vec![page],
            title: String::new(),
            author: None,
            subject: String::new(),
            lang: crate::locale::locale("en"),
            photo: None,
        };
        let uses = group_uses(&doc);
        assert_eq!(uses[&Arc::as_ptr(&card)], 3);
        assert_eq!(uses[&Arc::as_ptr(&once)], 1);
    }
}
