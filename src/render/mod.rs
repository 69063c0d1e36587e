//! Render stage: a [`PagedDocument`] to PDF bytes with printpdf.
//!
//! The renderer makes no layout decisions: it maps each [`FrameItem`] to PDF operators,
//! picks colours for the profile, subsets fonts and encodes the photo. Everything
//! printpdf writes wrong is corrected in [`fixup`]. [`raster`] draws the same items as
//! pixels, for thumbnails.

pub(crate) mod color;
pub(crate) mod fixup;
mod forms;
mod hinting;
pub(crate) mod photo;
pub mod raster;
pub(crate) mod reading;
pub(crate) mod span_lang;
pub(crate) mod subset;
pub(crate) mod tags;

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, CurTransMat, DictItem, ExtendedGraphicsStateId, ExternalStream, ExternalXObject, FontId, Line,
    LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect,
    TextItem, TextMatrix, XObject, XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

use std::sync::Arc;

use crate::fonts::FaceId;
use crate::layout::{FrameItem, Group, Page, PagedDocument, Profile, MM};
use crate::text::Paint;
use color::paint_color;
pub use photo::PhotoCache;
use photo::PhotoSpace;
use subset::SubsetFace;

/// Options of one render.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderOptions {
    /// Home (RGB, 200 ppi) or press (CMYK, 300 ppi, PDF/X-4).
    pub profile: Profile,
    /// `SOURCE_DATE_EPOCH`, written as the document dates.
    pub source_date: Option<i64>,
    /// The most ink the press photo may carry; recorded in the output intent.
    pub ink_limit: color::InkLimit,
}

/// Renders the document to PDF bytes. An item it cannot draw (a run whose face or
/// glyph is not in the file, an image with no photo) is an error naming it, never a
/// blank box: the job fails and no file is written.
pub fn render_pdf(
    doc: &PagedDocument,
    photos: &PhotoCache,
    options: RenderOptions,
) -> Result<Vec<u8>, String> {
    let subsets = subset::subset_faces(doc)?;
    let mut pdf = PdfDocument::new(&doc.title);
    let font_ids: BTreeMap<FaceId, (FontId, &SubsetFace)> =
        subsets.iter().enumerate().map(|(i, s)| (s.face, (FontId(format!("F{i}")), s))).collect();
    for (id, subset) in font_ids.values() {
        pdf.resources.fonts.map.insert(id.clone(), printpdf::PdfFont::new(subset.parsed.clone()));
    }
    let mut images = Vec::new();
    let mut forms = Forms { uses: forms::group_uses(doc), placed: Vec::new() };
    let mut pages = Vec::with_capacity(doc.pages.len());
    // Home files are tagged PDF/UA; press files stay as PDF/X-4 has them, untagged.
    let mut tagger = (options.profile == Profile::Home).then(|| tags::Tagger::new(&doc.lang));
    let mut render_page =
        |page: &Page, number: Option<usize>, forms: &mut Forms, tags: Option<&mut tags::Tagger>| {
            let mut ctx = PageCtx {
                doc,
                number,
                fonts: &font_ids,
                photos,
                options,
                pdf: &mut pdf,
                images: &mut images,
                forms,
                tags,
            };
            let ops = ctx.page_ops(page)?;
            Ok::<_, String>(PdfPage::new(Mm(page.width / MM), Mm(page.height / MM), ops))
        };
    for (index, page) in doc.pages.iter().enumerate() {
        pages.push(render_page(page, Some(index + 1), &mut forms, tagger.as_mut())?);
    }
    // Each repeated group's content is written as a page of its own, after the real
    // ones, and moved into its form XObject once printpdf has written the file. A
    // group's content may place further groups, so the list grows as it is walked.
    let mut form_boxes = Vec::new();
    let mut next = 0;
    while let Some((_, group)) = forms.placed.get(next).cloned() {
        let page = Page::plain(group.width, group.height, group.items.clone());
        pages.push(render_page(&page, None, &mut forms, None)?);
        form_boxes.push(forms::bbox(&group));
        next += 1;
    }
    pdf.pages = pages;
    // `secure: false` lets through the one operator printpdf has no variant for: `SCN`,
    // which sets the registration colour of crop marks.
    let save =
        PdfSaveOptions { optimize: false, subset_fonts: false, secure: false, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = printpdf::to_lopdf_doc(&pdf, &save, &mut warnings);
    let form_names: Vec<String> = forms.placed.iter().map(|(id, _)| id.0.clone()).collect();
    forms::pages_to_forms(&mut lo, &form_names, &form_boxes)?;
    forms::share_page_resources(&mut lo);
    let info = fixup::DocInfo {
        title: doc.title.clone(),
        author: doc.author.clone(),
        subject: doc.subject.clone(),
        lang: doc.lang.to_string(),
        date: options.source_date,
    };
    let tags =
        font_ids.values().map(|(id, s)| (id.0.clone(), format!("{}+{}", s.tag, s.postscript_name))).collect();
    fixup::fix_document(&mut lo, &info, &tags, &doc.pages);
    if let Some(tagger) = &tagger {
        fixup::write_structure(&mut lo, tagger);
    }
    if options.profile == Profile::Press {
        fixup::add_overprint_states(&mut lo);
    }
    compress_streams(&mut lo);
    // printpdf's /ID is random: drop it before the digest that replaces it.
    lo.trailer.remove(b"ID");
    let digest = Sha256::digest(save_bytes(&mut lo, options.profile)?);
    match options.profile {
        Profile::Press => {
            fixup::make_pdfx4(&mut lo, &info, &digest, color::output_profile_deflated(), options.ink_limit)
        }
        Profile::Home => fixup::make_pdfua(&mut lo, &info, &digest),
    }
    // The /ID is a digest of the file written without it: same input, same bytes.
    fixup::set_document_id(&mut lo, &digest);
    save_bytes(&mut lo, options.profile)
}

/// The file's bytes. A home file packs its small objects (the structure tree's
/// elements, one per heading, paragraph and list item, and the font dictionaries)
/// into compressed object streams with a cross-reference stream: tagging would
/// otherwise add a sixth to a pack's size. Press files keep the classic layout
/// print workflows were validated with.
fn save_bytes(doc: &mut lopdf::Document, profile: Profile) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let saved = match profile {
        Profile::Home => {
            // All small objects in one stream: they repeat the same keys, which
            // compress best together.
            let object_stream_config =
                lopdf::ObjectStreamConfig { max_objects_per_stream: 10_000, compression_level: 9 };
            let options = lopdf::SaveOptions {
                use_object_streams: true,
                use_xref_streams: true,
                object_stream_config,
                ..Default::default()
            };
            doc.save_with_options(&mut bytes, options)
        }
        Profile::Press => doc.save_to(&mut bytes),
    };
    saved.map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(bytes)
}

/// What the operators of a page need.
struct PageCtx<'a, 'f> {
    doc: &'a PagedDocument,
    /// The page's number, for errors; `None` for a repeated group's content.
    number: Option<usize>,
    fonts: &'a BTreeMap<FaceId, (FontId, &'f SubsetFace)>,
    photos: &'a PhotoCache,
    options: RenderOptions,
    pdf: &'a mut PdfDocument,
    /// XObjects already added, by the encoded photo they hold: a sheet of four
    /// postcards embeds its photo once and places it four times.
    images: &'a mut Vec<(*const photo::EncodedPhoto, XObjectId)>,
    forms: &'a mut Forms,
    /// The structure tree being built, for a tagged file.
    tags: Option<&'a mut tags::Tagger>,
}

/// The document's repeated groups: how often each is placed, and the form XObject
/// of each placed so far, in order of first use.
struct Forms {
    uses: std::collections::HashMap<*const Group, usize>,
    placed: Vec<(XObjectId, Arc<Group>)>,
}

impl PageCtx<'_, '_> {
    /// The XObject for an encoded photo, added on first use.
    fn image_id(&mut self, encoded: &std::sync::Arc<photo::EncodedPhoto>) -> XObjectId {
        let key = std::sync::Arc::as_ptr(encoded);
        if let Some((_, id)) = self.images.iter().find(|(k, _)| *k == key) {
            return id.clone();
        }
        let id = XObjectId(format!("Im{}", self.images.len()));
        self.pdf.resources.xobjects.map.insert(id.clone(), XObject::External(jpeg_xobject(encoded)));
        self.images.push((key, id.clone()));
        id
    }

    /// The form XObject for a repeated group, added on first use. Its content is
    /// written later (see [`render_pdf`]); what printpdf needs now is a name in the
    /// resources for the pages that place it.
    fn form_id(&mut self, group: &Arc<Group>) -> XObjectId {
        if let Some((id, _)) = self.forms.placed.iter().find(|(_, g)| Arc::ptr_eq(g, group)) {
            return id.clone();
        }
        let id = XObjectId(format!("Fm{}", self.forms.placed.len()));
        self.pdf.resources.xobjects.map.insert(id.clone(), XObject::External(forms::placeholder()));
        self.forms.placed.push((id.clone(), group.clone()));
        id
    }

    /// The items to draw for `items`: a group placed once is opened, its items moved
    /// into place, as if it had never been grouped; a repeated one stays a group.
    fn drawn_items(&self, items: &[FrameItem]) -> Vec<FrameItem> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item {
                FrameItem::Group { x, y, group } if self.forms.uses.get(&Arc::as_ptr(group)) <= Some(&1) => {
                    out.extend(self.drawn_items(&group.items).into_iter().map(|i| i.translated(*x, *y)));
                }
                _ => out.push(item.clone()),
            }
        }
        out
    }

    fn page_ops(&mut self, page: &Page) -> Result<Vec<Op>, String> {
        let h = page.height;
        let profile = self.options.profile;
        let mut ops = Vec::new();
        if let Some(tags) = self.tags.as_deref_mut() {
            tags.begin_page();
        }
        // Whether the graphics state in force overprints: a page and a form both start
        // without, as their content is drawn.
        let mut overprinting = false;
        for item in &self.drawn_items(&page.items) {
            if let Some(wanted) = overprints(item).filter(|_| profile == Profile::Press) {
                if wanted != overprinting {
                    ops.push(Op::LoadGraphicsState {
                        gs: ExtendedGraphicsStateId(
                            if wanted { color::OVERPRINT } else { color::KNOCKOUT }.to_string(),
                        ),
                    });
                    overprinting = wanted;
                }
            }
            if let Some(tags) = self.tags.as_deref_mut() {
                tags.item(item, &mut ops);
            }
            match item {
                FrameItem::Group { x, y, group } => {
                    // printpdf writes `q <translation> cm /Fm Do Q`: one state save per
                    // placement, which a sheet makes fourteen of.
                    let transform = XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(h - y - group.height)),
                        no_auto_scale: true,
                        ..Default::default()
                    };
                    ops.push(Op::UseXobject { id: self.form_id(group), transform });
                }
                FrameItem::Rect { x, y, width, height, paint } => {
                    ops.extend(color_ops(*paint, profile, Target::Fill));
                    let rectangle = Rect {
                        x: Pt(*x),
                        y: Pt(h - y - height),
                        width: Pt(*width),
                        height: Pt(*height),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    };
                    ops.push(Op::DrawRectangle { rectangle });
                }
                FrameItem::Rule { x1, y1, x2, y2, thickness, paint } => {
                    ops.extend(color_ops(*paint, profile, Target::Stroke));
                    ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                    let point =
                        |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(h - y) }, bezier: false };
                    ops.push(Op::DrawLine {
                        line: Line { points: vec![point(*x1, *y1), point(*x2, *y2)], is_closed: false },
                    });
                }
                FrameItem::Text { x, baseline, run, .. } => {
                    let Some((font_id, subset)) = self.fonts.get(&run.font.id()) else {
                        return Err(self.cannot_draw_run(run, "its face is not in the file"));
                    };
                    let glyphs = glyph_ops(run, subset, *x, h - baseline).map_err(|gid| {
                        self.cannot_draw_run(run, &format!("its glyph {gid} is not in the subset"))
                    })?;
                    let language = self.tags.as_deref().and_then(|tags| tags.language_span(run));
                    let in_language = language.is_some();
                    ops.extend(language);
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id.clone()),
                        size: Pt(run.size),
                    });
                    ops.extend(color_ops(run.paint, profile, Target::Fill));
                    ops.extend(glyphs);
                    ops.push(Op::EndTextSection);
                    if in_language {
                        ops.push(Op::EndMarkedContent);
                    }
                }
                FrameItem::Image { x, y, width, height, crop, .. } => {
                    let Some(source) = &self.doc.photo else {
                        return Err(no_photo_error([*x, *y, *width, *height], self.number));
                    };
                    let (crop, size, space) =
                        photo::request(*crop, *width, *height, profile, self.options.ink_limit);
                    let encoded = self.photos.get(source, crop, size, space)?;
                    let id = self.image_id(&encoded);
                    let frame = [*x, h - y - height, *width, *height];
                    ops.push(Op::SaveGraphicsState);
                    let matrix = match encoded.shows {
                        None => [*width, 0.0, 0.0, *height, frame[0], frame[1]],
                        // The whole photo, scaled so its crop fills the frame, clipped to it.
                        Some(shown) => {
                            ops.extend(clip_ops(frame));
                            image_matrix(frame, shown, (encoded.width, encoded.height))
                        }
                    };
                    ops.push(Op::SetTransformationMatrix { matrix: CurTransMat::Raw(matrix) });
                    ops.push(Op::UseXobject {
                        id,
                        transform: XObjectTransform { no_auto_scale: true, ..Default::default() },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
                FrameItem::Link { x, y, width, height, target } => {
                    // Only a tagged file has somewhere to put a link: home files.
                    if let Some(tags) = self.tags.as_deref_mut() {
                        tags.link([*x, h - y - height, x + width, h - y], target);
                    }
                }
                FrameItem::Tag(_) => {}
            }
        }
        if let Some(tags) = self.tags.as_deref_mut() {
            tags.end_page(&mut ops);
        }
        Ok(ops)
    }
}

impl PageCtx<'_, '_> {
    /// The error for a run this page cannot draw, naming it by its text, its language
    /// and its face, and the page.
    fn cannot_draw_run(&self, run: &crate::text::GlyphRun, why: &str) -> String {
        cannot_draw_run(run, &self.doc.lang, self.number, why)
    }
}

/// The error for a run that cannot be drawn: its text, its language (the document's,
/// or the one its script says when another), its face and size, where it is, and why.
fn cannot_draw_run(
    run: &crate::text::GlyphRun,
    lang: &crate::locale::Locale,
    page: Option<usize>,
    why: &str,
) -> String {
    let language = span_lang::run_language(&run.text, lang).unwrap_or_else(|| lang.to_string());
    let face = run.font.face();
    format!(
        "cannot draw the text \"{}\" (language `{language}`, face {} from {} at {} pt){}: {why}",
        run.text.escape_debug(),
        face.postscript_name,
        face.file,
        run.size,
        on_page(page),
    )
}

/// The error for an image frame with no photo to crop from: where the frame is, in
/// points from the page's top left.
pub(crate) fn no_photo_error([x, y, width, height]: [f32; 4], page: Option<usize>) -> String {
    format!(
        "cannot draw the photo frame of {width:.1} x {height:.1} pt at ({x:.1}, {y:.1}){}: the document has no photo",
        on_page(page),
    )
}

/// ` on page N`, or nothing for content placed from a repeated group.
fn on_page(page: Option<usize>) -> String {
    page.map(|n| format!(" on page {n}")).unwrap_or_default()
}

/// Whether a press item is drawn overprinting: 100 % K text and rules only (GWG asks
/// it of black text below 12 pt and rules below 2 pt; on white paper it changes
/// nothing above), so a misregistered plate leaves no white halo around them. Every
/// other item knocks out, a placed group too: its content starts from knockout.
/// `None` for what draws nothing (tags, links), which leaves the state as it is.
fn overprints(item: &FrameItem) -> Option<bool> {
    match item {
        FrameItem::Text { run, .. } => Some(run.paint == Paint::Ink),
        FrameItem::Rule { paint, .. } => Some(*paint == Paint::Ink),
        FrameItem::Rect { .. } | FrameItem::Image { .. } | FrameItem::Group { .. } => Some(false),
        FrameItem::Link { .. } | FrameItem::Tag(_) => None,
    }
}

/// Whether a colour is for filling (text, panels) or stroking (rules, marks).
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Fill,
    Stroke,
}

/// Operators that set the colour of `paint`: a device colour, or for registration the
/// Separation colour space at full tint.
fn color_ops(paint: Paint, profile: Profile, target: Target) -> Vec<Op> {
    match (paint_color(paint, profile), target) {
        (Some(col), Target::Fill) => vec![Op::SetFillColor { col }],
        (Some(col), Target::Stroke) => vec![Op::SetOutlineColor { col }],
        (None, target) => {
            let id = color::REGISTRATION.to_string();
            let (space, key) = match target {
                Target::Fill => (Op::SetColorSpaceFill { id }, "scn"),
                Target::Stroke => (Op::SetColorSpaceStroke { id }, "SCN"),
            };
            vec![space, Op::Unknown { key: key.into(), value: vec![DictItem::Real(1.0)] }]
        }
    }
}

/// Text operators for a run: one `Tm` and one kerned `TJ` per stretch of glyphs on the
/// baseline, a new `Tm` for each glyph off it (marks), and `/ActualText` spans around
/// words whose marks would otherwise be read as separate lines, drawn in the order
/// [`draw_order`] gives.
///
/// Kerns are computed against the integer `/W` widths the viewer uses and rounded to
/// hundredths of a thousandth of an em; exact float kerns would bloat every `TJ` with
/// residues like `0.00015438` that change nothing on the page.
///
/// A glyph the subset does not have would be drawn as glyph 0, a blank box: its id is
/// the error.
fn glyph_ops(
    run: &crate::text::GlyphRun,
    subset: &SubsetFace,
    left: f32,
    baseline_y: f32,
) -> Result<Vec<Op>, u16> {
    let mut ops = Vec::new();
    let upem = f32::from(subset.parsed.pdf_font_metrics.units_per_em.max(1));
    let mut items: Vec<Codepoint> = Vec::new();
    // Where the viewer's pen is after `items`, in points from the run's left.
    let mut pen = 0.0f32;
    let flush = |ops: &mut Vec<Op>, items: &mut Vec<Codepoint>| {
        if !items.is_empty() {
            ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(std::mem::take(items))] });
        }
    };
    let spans = reading::actual_text_spans(run, &subset.texts);
    let spans = |i: usize| spans.get(&i).cloned();
    for step in draw_order(&run.glyphs, spans) {
        let i = match step {
            Draw::Open(text) => {
                flush(&mut ops, &mut items);
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Span".into(),
                    properties: actual_text(&text),
                });
                pen = f32::NAN;
                continue;
            }
            Draw::Close => {
                flush(&mut ops, &mut items);
                ops.push(Op::EndMarkedContent);
                pen = f32::NAN;
                continue;
            }
            Draw::Glyph(i) => i,
        };
        let glyph = &run.glyphs[i];
        let gid = *subset.remap.get(&glyph.gid).ok_or(glyph.gid)?;
        let text = subset.texts.get(&glyph.gid).cloned().unwrap_or_default();
        let width_em =
            subset.parsed.get_glyph_width(gid).map_or(0.0, |w| (f32::from(w) * 1000.0 / upem).trunc());
        let on_baseline = glyph.y == 0.0;
        let continues = on_baseline && items.last().is_some() && (glyph.x - pen).abs() < 0.5 * run.size;
        if continues {
            // Move the pen from where the viewer left it to this glyph with a kern.
            let kern = ((pen - glyph.x) * 1000.0 / run.size * 100.0).round() / 100.0;
            if kern != 0.0 {
                if let Some(last) = items.last_mut() {
                    last.offset += kern;
                }
            }
        } else {
            flush(&mut ops, &mut items);
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(left + glyph.x), Pt(baseline_y + glyph.y)),
            });
        }
        items.push(Codepoint::with_cid(gid, 0.0, text));
        pen = if on_baseline { glyph.x + width_em * run.size / 1000.0 } else { f32::NAN };
        if !on_baseline {
            flush(&mut ops, &mut items);
        }
    }
    flush(&mut ops, &mut items);
    Ok(ops)
}

/// One step of drawing a run: a glyph (by index), or the start or end of an
/// `/ActualText` span.
#[derive(Debug, Clone, PartialEq)]
enum Draw {
    Glyph(usize),
    Open(String),
    Close,
}

/// The order to draw a run's glyphs in, with its `/ActualText` spans: `span(i)` gives
/// the text and glyph count of a span starting at glyph `i`.
///
/// Glyphs are drawn in visual order, except the marks (glyphs without advance) at either
/// end of a span. An extractor gives a span's text one box, from the origin of the first
/// glyph drawn in it to the end of the last (poppler's `ActualText`), so a span that
/// began with a mark would start where the mark hangs, over its base, not at the
/// base's edge: a right-to-left word ending in a pointed letter (Yiddish אַ: its
/// patah comes before the alef in visual order) lost 2 pt on its left, which read as
/// a wider word gap. Such edge marks are drawn right after their span, in a span of
/// their own with no text (the word's span already has their characters).
fn draw_order(
    glyphs: &[crate::text::PlacedGlyph],
    span: impl Fn(usize) -> Option<(String, usize)>,
) -> Vec<Draw> {
    let mut order = Vec::with_capacity(glyphs.len());
    let mut i = 0;
    while i < glyphs.len() {
        let Some((text, count)) = span(i) else {
            order.push(Draw::Glyph(i));
            i += 1;
            continue;
        };
        let end = (i + count.max(1)).min(glyphs.len());
        let advancing = |&j: &usize| glyphs[j].advance != 0.0;
        let (first, last) = match ((i..end).find(advancing), (i..end).rev().find(advancing)) {
            (Some(first), Some(last)) => (first, last + 1),
            _ => (i, end),
        };
        order.push(Draw::Open(text));
        order.extend((first..last).map(Draw::Glyph));
        order.push(Draw::Close);
        if first > i || last < end {
            order.push(Draw::Open(String::new()));
            order.extend((i..first).chain(last..end).map(Draw::Glyph));
            order.push(Draw::Close);
        }
        i = end;
    }
    order
}

/// Deflates every stream that is not compressed yet, at level 3: lopdf's own
/// `compress` uses the best level, which takes three times as long as the default for
/// files a few percent smaller, and level 3 is quicker again than the default for
/// files 0.5 % larger (measured on the scale catalogue's packs).
fn compress_streams(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") || !stream.allows_compression || stream.content.len() < 64 {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(3));
        if encoder.write_all(&stream.content).is_ok() {
            if let Ok(compressed) = encoder.finish() {
                if compressed.len() < stream.content.len() {
                    stream.dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                    stream.set_content(compressed);
                }
            }
        }
    }
}

/// The property list `<< /ActualText (text) >>`, text in UTF-16BE.
fn actual_text(text: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    data.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    DictItem::Dict {
        map: BTreeMap::from([("ActualText".to_string(), DictItem::String { data, literal: false })]),
    }
}

/// Operators that clip what follows to the rectangle x, y (bottom left), width, height.
fn clip_ops([x, y, width, height]: [f32; 4]) -> Vec<Op> {
    let corner = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
    let points =
        vec![corner(x, y), corner(x + width, y), corner(x + width, y + height), corner(x, y + height)];
    vec![Op::DrawPolygon {
        polygon: printpdf::Polygon {
            rings: vec![printpdf::PolygonRing { points }],
            mode: PaintMode::Clip,
            winding_order: printpdf::WindingOrder::NonZero,
        },
    }]
}

/// The image matrix that places a whole `image` (pixels) so that its `shown` part
/// fills `frame` (x, y bottom left, width, height in points).
fn image_matrix(
    [x, y, width, height]: [f32; 4],
    shown: crate::layout::CropRect,
    image: (u32, u32),
) -> [f32; 6] {
    let (per_px_x, per_px_y) = (width / shown.width as f32, height / shown.height as f32);
    let (full_w, full_h) = (image.0 as f32 * per_px_x, image.1 as f32 * per_px_y);
    // PDF's y runs up: the photo's top edge sits `shown.y` pixels above the frame's top.
    let left = x - shown.x as f32 * per_px_x;
    let bottom = y + height + shown.y as f32 * per_px_y - full_h;
    [full_w, 0.0, 0.0, full_h, left, bottom]
}

/// An image XObject that passes the JPEG through untouched (`/DCTDecode`).
fn jpeg_xobject(photo: &photo::EncodedPhoto) -> ExternalXObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let mut dict = BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(photo.width as i64)),
        ("Height".to_string(), DictItem::Int(photo.height as i64)),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
        ("Filter".to_string(), name("DCTDecode")),
    ]);
    match photo.space {
        PhotoSpace::Rgb => {
            dict.insert("ColorSpace".into(), name("DeviceRGB"));
        }
        PhotoSpace::Grey => {
            dict.insert("ColorSpace".into(), name("DeviceGray"));
        }
        PhotoSpace::Cmyk(_) => {
            // Adobe CMYK and YCCK JPEGs decode to inverted samples; the Decode array says so.
            dict.insert("ColorSpace".into(), name("DeviceCMYK"));
            let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
            dict.insert("Decode".into(), DictItem::Array(decode));
        }
    }
    ExternalXObject {
        stream: ExternalStream { dict, content: photo.jpeg.clone(), compress: false },
        width: None,
        height: None,
        dpi: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::test_fonts;
    use crate::layout::{CropRect, Framing};
    use crate::locale::locale;
    use crate::text::{
        set_paragraph, Align, Direction, GlyphRun, ParagraphSpec, PlacedGlyph, SpanStyle, StyledText,
    };

    /// The run of `text` as set in `lang`, 12 pt.
    fn run_of(text: &str, lang: &str, dir: Direction) -> GlyphRun {
        let style = SpanStyle { bold: false, italic: false, size: 12.0, paint: Paint::Ink, link: None };
        let mut styled = StyledText::default();
        styled.push(text, style);
        let spec = ParagraphSpec {
            lang: locale(lang),
            dir,
            align: Align::Start,
            width: 400.0,
            hyphenate: false,
            keep_whole: Vec::new(),
        };
        set_paragraph(test_fonts(), &styled, &spec).unwrap().lines.remove(0).runs.remove(0)
    }

    /// An A6 page of `items` in an English document with no photo.
    fn document(items: Vec<FrameItem>) -> PagedDocument {
        PagedDocument {
            pages: vec![Page::plain(298.0, 420.0, items)],
            title: "test".into(),
            author: None,
            subject: "test".into(),
            lang: locale("en"),
            photo: None,
        }
    }

    fn render(doc: &PagedDocument, profile: Profile) -> Result<Vec<u8>, String> {
        let options = RenderOptions { profile, source_date: Some(0), ink_limit: Default::default() };
        render_pdf(doc, &PhotoCache::default(), options)
    }

    /// The operators of `doc`'s first page, drawn with `fonts` as the file's faces.
    fn page_ops_with(
        doc: &PagedDocument,
        fonts: &BTreeMap<FaceId, (FontId, &SubsetFace)>,
    ) -> Result<Vec<Op>, String> {
        let mut pdf = PdfDocument::new("test");
        let (mut images, photos) = (Vec::new(), PhotoCache::default());
        let mut forms = Forms { uses: forms::group_uses(doc), placed: Vec::new() };
        let mut ctx = PageCtx {
            doc,
            number: Some(1),
            fonts,
            photos: &photos,
            options: RenderOptions {
                profile: Profile::Home,
                source_date: None,
                ink_limit: Default::default(),
            },
            pdf: &mut pdf,
            images: &mut images,
            forms: &mut forms,
            tags: None,
        };
        ctx.page_ops(&doc.pages[0])
    }

    #[test]
    fn an_image_with_no_photo_fails_the_render_naming_the_frame() {
        let image = FrameItem::Image {
            x: 10.0,
            y: 20.0,
            width: 100.0,
            height: 50.0,
            crop: CropRect { x: 0, y: 0, width: 40, height: 20 },
            framing: Framing { focus: (0.5, 0.5), keep: None },
        };
        for profile in [Profile::Home, Profile::Press] {
            let error = render(&document(vec![image.clone()]), profile).unwrap_err();
            assert_eq!(
                error,
                "cannot draw the photo frame of 100.0 x 50.0 pt at (10.0, 20.0) on page 1: the document has no photo"
            );
        }
        // And the thumbnail, drawn from the same items, fails the same way.
        let thumbnail = raster::rasterize_page(&document(vec![image]), 0, 100).unwrap_err();
        assert!(thumbnail.starts_with("cannot draw the photo frame of 100.0 x 50.0 pt"), "{thumbnail}");
    }

    #[test]
    fn a_run_whose_face_or_glyph_is_not_in_the_file_fails_naming_the_run() {
        let run = run_of("Free them", "en", Direction::Ltr);
        let text = FrameItem::Text { x: 20.0, measure: 200.0, baseline: 40.0, run: run.clone() };
        let doc = document(vec![text]);
        // As rendered, the face is subset with every glyph the document draws.
        assert!(render(&doc, Profile::Home).is_ok());
        // A face missing from the file's fonts.
        let error = page_ops_with(&doc, &BTreeMap::new()).unwrap_err();
        let face = run.font.face();
        assert_eq!(
            error,
            format!(
                "cannot draw the text \"Free them\" (language `en`, face {} from {} at 12 pt) on page 1: its face is not in the file",
                face.postscript_name, face.file
            )
        );
        // A glyph missing from its subset: the subset of another text in the face.
        let other = document(vec![FrameItem::Text {
            x: 20.0,
            measure: 200.0,
            baseline: 40.0,
            run: run_of("Ali", "en", Direction::Ltr),
        }]);
        let subsets = subset::subset_faces(&other).unwrap();
        let fonts = subsets.iter().map(|s| (s.face, (FontId("F0".into()), s))).collect();
        let error = page_ops_with(&doc, &fonts).unwrap_err();
        assert!(error.starts_with("cannot draw the text \"Free them\" (language `en`, face "), "{error}");
        assert!(
            error.contains(" on page 1: its glyph ") && error.ends_with(" is not in the subset"),
            "{error}"
        );
    }

    #[test]
    fn a_run_in_another_script_is_named_with_its_own_language() {
        let run = run_of("حرية", "ar", Direction::Rtl);
        let error = cannot_draw_run(&run, &locale("en"), Some(2), "why");
        assert!(error.starts_with("cannot draw the text \"حرية\" (language `ar`, face "), "{error}");
        assert!(error.ends_with(" on page 2: why"), "{error}");
    }

    /// A glyph at `x`; `_letter` says which, for the reader of the test.
    fn glyph(x: f32, advance: f32, _letter: &str) -> PlacedGlyph {
        PlacedGlyph { gid: 1, x, x_offset: 0.0, y: 0.0, advance, range: 0..0, rtl: false }
    }

    /// Yiddish "איז אַ", right to left, in visual order: אַ (its patah, drawn first,
    /// hangs over the alef's middle), a space, איז.
    fn pointed_word() -> Vec<PlacedGlyph> {
        vec![
            glyph(2.3, 0.0, "\u{05B7}"),
            glyph(0.0, 8.6, "\u{05D0}"),
            glyph(8.6, 3.5, " "),
            glyph(12.1, 6.0, "\u{05D6}"),
            glyph(18.1, 3.0, "\u{05D9}"),
            glyph(21.1, 8.6, "\u{05D0}"),
        ]
    }

    #[test]
    fn a_span_starts_and_ends_with_glyphs_that_advance() {
        let glyphs = pointed_word();
        let order = draw_order(&glyphs, |i| (i == 0).then(|| ("\u{05B7}\u{05D0}".to_string(), 2)));
        assert_eq!(
            order,
            [
                Draw::Open("\u{05B7}\u{05D0}".into()),
                Draw::Glyph(1),
                Draw::Close,
                Draw::Open(String::new()),
                Draw::Glyph(0),
                Draw::Close,
                Draw::Glyph(2),
                Draw::Glyph(3),
                Draw::Glyph(4),
                Draw::Glyph(5),
            ]
        );
    }

    #[test]
    fn a_mark_after_the_last_letter_of_a_span_is_drawn_after_it() {
        // Left to right: a base and the mark after it, over it (Devanagari कं).
        let glyphs = [glyph(0.0, 7.0, "\u{0915}"), glyph(1.5, 0.0, "\u{0902}"), glyph(7.0, 3.0, " ")];
        let order = draw_order(&glyphs, |i| (i == 0).then(|| ("\u{0915}\u{0902}".to_string(), 2)));
        assert_eq!(
            order,
            [
                Draw::Open("\u{0915}\u{0902}".into()),
                Draw::Glyph(0),
                Draw::Close,
                Draw::Open(String::new()),
                Draw::Glyph(1),
                Draw::Close,
                Draw::Glyph(2),
            ]
        );
    }

    #[test]
    fn marks_inside_a_span_and_runs_without_spans_keep_visual_order() {
        // יִשׂ: a mark between two letters stays where it is.
        let glyphs = [
            glyph(0.0, 7.0, "\u{05E9}"),
            glyph(5.0, 0.0, "\u{05C2}"),
            glyph(7.0, 3.0, "\u{05D9}"),
            glyph(10.0, 3.0, " "),
        ];
        let order = draw_order(&glyphs, |i| (i == 0).then(|| ("x".to_string(), 3)));
        let expected = [Draw::Open("x".into()), Draw::Glyph(0), Draw::Glyph(1), Draw::Glyph(2), Draw::Close];
        assert_eq!(order[..5], expected);
        assert_eq!(order[5..], [Draw::Glyph(3)]);
        // No spans: drawn as laid out.
        let plain = draw_order(&glyphs, |_| None);
        assert_eq!(plain, (0..glyphs.len()).map(Draw::Glyph).collect::<Vec<_>>());
    }
}
