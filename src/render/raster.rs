//! Raster backend: one page of a [`PagedDocument`] to pixels, for thumbnails on a
//! download page.
//!
//! It reads the same positioned items as the PDF renderer and places them the same way:
//! glyph outlines from the fonts at each glyph's `x` and `y` offset, panels, rules and
//! the photo's crop. tiny-skia draws them: a small pure-Rust anti-aliasing rasterizer
//! with no system libraries, so thumbnails build wherever the PDFs do (its default
//! features are off: PNGs go through `image`'s encoder, and `simd` measured no faster
//! here). Colours are the home profile's RGB, whatever the document was laid out for.

use std::collections::HashMap;
use std::sync::Arc;

use image::metadata::Orientation;

use fast_image_resize::{FilterType, ResizeAlg};
use image::RgbImage;
use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};
use tiny_skia::{FillRule, LineCap, PathBuilder, Pixmap, Rect, Stroke, Transform};

use crate::fonts::{FaceId, FontFace};
use crate::layout::{CropRect, FrameItem, Page, PagedDocument, Profile};
use crate::load::DecodedPixels;
use crate::render::PhotoCache;
use crate::text::{GlyphRun, Paint};

use super::color::paint_color;

/// Largest raster accepted, in pixels per side: far beyond any thumbnail, and small
/// enough that a mistaken width cannot ask for gigabytes.
pub(crate) const MAX_RASTER_SIDE: u32 = 4096;

/// Draws page `page_index` of `doc` on white, `width_px` pixels wide and as tall as the
/// page's proportions give (rounded). The whole page (its MediaBox) is drawn, so a
/// press page shows its bleed and crop marks. Fails for a page index out of range, a
/// size outside 1..=[`MAX_RASTER_SIDE`] pixels, or a photo crop outside the photo.
pub fn rasterize_page(doc: &PagedDocument, page_index: usize, width_px: u32) -> Result<RgbImage, String> {
    rasterize_page_with(doc, page_index, width_px, &PhotoCache::default())
}

/// [`rasterize_page`], drawing the photo the home PDF holds, from `photos`: the
/// thumbnail then shows what the PDF shows, and a build whose photo cache is warm
/// decodes a small JPEG instead of the camera's original.
pub(crate) fn rasterize_page_with(
    doc: &PagedDocument,
    page_index: usize,
    width_px: u32,
    photos: &PhotoCache,
) -> Result<RgbImage, String> {
    let page = doc.pages.get(page_index).ok_or_else(|| {
        format!("there is no page at index {page_index}: the document has {} pages", doc.pages.len())
    })?;
    let (height_px, scale) = raster_size(page, width_px)?;
    let mut pixmap = Pixmap::new(width_px, height_px).ok_or("cannot allocate the raster")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let mut canvas = Canvas { pixmap, scale, glyphs: HashMap::new(), photos };
    for item in &page.items {
        canvas.draw(doc, item)?;
    }
    to_rgb(&canvas.pixmap)
}

/// [`rasterize_page_with`] as PNG bytes. The same document gives the same bytes.
pub fn thumbnail_png(
    doc: &PagedDocument,
    page_index: usize,
    width_px: u32,
    photos: &PhotoCache,
) -> Result<Vec<u8>, String> {
    let image = rasterize_page_with(doc, page_index, width_px, photos)?;
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| format!("cannot encode the thumbnail: {e}"))?;
    Ok(png)
}

/// [`rasterize_page_with`] as a JPEG of at most `max_bytes`: the download page's
/// thumbnail, which a phone on a slow line fetches once per case. Colour is kept at
/// half resolution (4:2:0, as cameras store photos); the quality steps down from 80
/// until the file fits, so the cap holds for any page. Same page, same bytes: the
/// encoder writes no date or metadata.
pub(crate) fn thumbnail_jpeg(
    doc: &PagedDocument,
    page_index: usize,
    width_px: u32,
    photos: &PhotoCache,
    max_bytes: usize,
) -> Result<Vec<u8>, String> {
    let image = rasterize_page_with(doc, page_index, width_px, photos)?;
    let (w, h) = (u16::try_from(image.width()), u16::try_from(image.height()));
    let (Ok(w), Ok(h)) = (w, h) else { return Err("the thumbnail is too large for a JPEG".into()) };
    let mut smallest = Vec::new();
    for quality in [80, 70, 60, 50, 40, 30, 20] {
        let mut jpeg = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, quality);
        // The standard Huffman tables: jpeg-encoder 0.7's optimized ones, with 4:2:0,
        // give files that `image`'s decoder reads as noise (measured), though
        // Chromium shows them; a third smaller is not worth a picture some reader garbles.
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        encoder
            .encode(image.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
            .map_err(|e| format!("cannot encode the thumbnail: {e}"))?;
        if jpeg.len() <= max_bytes {
            return Ok(jpeg);
        }
        smallest = jpeg;
    }
    Err(format!(
        "the thumbnail is {} bytes at the lowest quality, over its {max_bytes} bytes",
        smallest.len()
    ))
}

/// The raster's height in pixels and the pixels per point for a page `width_px` wide.
fn raster_size(page: &Page, width_px: u32) -> Result<(u32, f32), String> {
    let sides_ok = page.width.is_finite() && page.height.is_finite() && page.width > 0.0 && page.height > 0.0;
    if !sides_ok {
        return Err(format!("the page is {} x {} pt: nothing to draw", page.width, page.height));
    }
    let scale = width_px as f32 / page.width;
    let height_px = (page.height * scale).round();
    let fits = |side: f32| (1.0..=MAX_RASTER_SIDE as f32).contains(&side);
    if !fits(width_px as f32) || !fits(height_px) {
        return Err(format!(
            "a {width_px} px wide raster of this page would be {width_px} x {height_px} px; \
             each side must be 1 to {MAX_RASTER_SIDE} px"
        ));
    }
    Ok((height_px as u32, scale))
}

/// The pixmap being drawn, and what drawing it needs.
struct Canvas<'a> {
    pixmap: Pixmap,
    /// Pixels per point.
    scale: f32,
    /// Glyph outlines in font units, built once per page: a page repeats few glyphs
    /// many times, and parsing each again took a fifth of the time of an A4 page.
    /// `None` for glyphs without an outline (spaces).
    glyphs: HashMap<(FaceId, u16), Option<tiny_skia::Path>>,
    /// The home PDF's photos, drawn from.
    photos: &'a PhotoCache,
}

impl Canvas<'_> {
    fn draw(&mut self, doc: &PagedDocument, item: &FrameItem) -> Result<(), String> {
        match item {
            FrameItem::Text { x, baseline, run, .. } => self.draw_run(run, *x, *baseline),
            FrameItem::Rect { x, y, width, height, paint } => {
                if let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) {
                    let page = Transform::from_scale(self.scale, self.scale);
                    self.pixmap.fill_rect(rect, &solid(*paint), page, None);
                }
            }
            FrameItem::Rule { x1, y1, x2, y2, thickness, paint } => {
                self.draw_rule([*x1, *y1, *x2, *y2], *thickness, *paint);
            }
            FrameItem::Group { x, y, group } => {
                for inner in &group.items {
                    self.draw(doc, &inner.clone().translated(*x, *y))?;
                }
            }
            FrameItem::Image { x, y, width, height, crop, .. } => {
                // As in the PDF, an image with no photo is an error, not an empty frame.
                let Some(photo) = &doc.photo else {
                    return Err(super::no_photo_error([*x, *y, *width, *height], None));
                };
                check_crop(photo.size(), *crop)?;
                let frame = [*x, *y, *x + *width, *y + *height].map(|v| v * self.scale);
                // The JPEG the home PDF holds: encoded once for both (or found in
                // the photo cache), the same whichever is drawn first.
                let (crop, size, space) =
                    super::photo::request(*crop, *width, *height, Profile::Home, Default::default());
                let encoded = self.photos.get(photo, crop, size, space)?;
                let whole = CropRect { x: 0, y: 0, width: encoded.width, height: encoded.height };
                let shows = encoded.shows.unwrap_or(whole);
                // Enough pixels for the frame, from a scaled decode of the JPEG.
                let across = |frame_px: f32, shown: u32, all: u32| {
                    (f64::from(frame_px.abs().min(MAX_RASTER_SIDE as f32)) * f64::from(all)
                        / f64::from(shown.max(1)))
                    .ceil() as u32
                };
                let needed = (
                    across(frame[2] - frame[0], shows.width, encoded.width),
                    across(frame[3] - frame[1], shows.height, encoded.height),
                );
                let pixels = encoded.decode_for(needed)?;
                let pixels =
                    DecodedPixels { stored: Arc::new(pixels), orientation: Orientation::NoTransforms };
                self.draw_photo((encoded.width, encoded.height), &pixels, shows, frame)?;
            }
            FrameItem::Tag(_) | FrameItem::Link { .. } => {}
        }
        Ok(())
    }

    /// Strokes a rule from (x1, y1) to (x2, y2) in points, at least a pixel wide as PDF
    /// viewers draw thin lines: a 0.25 pt rule would otherwise fade to a tenth of its
    /// colour in a thumbnail. Butt caps, the PDF's default.
    fn draw_rule(&mut self, ends: [f32; 4], thickness: f32, paint: Paint) {
        let ends = ends.map(|v| v * self.scale);
        let width = (thickness * self.scale).max(1.0);
        if let Some(rect) = snapped_rule(ends, width) {
            self.pixmap.fill_rect(rect, &solid(paint), Transform::identity(), None);
            return;
        }
        let mut line = PathBuilder::new();
        line.move_to(ends[0], ends[1]);
        line.line_to(ends[2], ends[3]);
        let stroke = Stroke { width, line_cap: LineCap::Butt, ..Stroke::default() };
        if let Some(line) = line.finish() {
            self.pixmap.stroke_path(&line, &solid(paint), &stroke, Transform::identity(), None);
        }
    }

    /// Fills each glyph of a run where the PDF's text matrix puts it: the origin at the
    /// run's `x` plus the glyph's `x`, on the baseline raised by the glyph's `y`, one em
    /// `size` points. Font units grow upwards and pixels downwards, hence the negative
    /// vertical scale. Glyphs are filled one by one, as PDF viewers do: one path per
    /// run measured slower, its long rows of edges costing more to sort than the
    /// blitter setups it saves.
    fn draw_run(&mut self, run: &GlyphRun, left: f32, baseline: f32) {
        let face = run.font.face();
        let em = run.size / face.units_per_em.max(1.0) * self.scale;
        let paint = solid(run.paint);
        for glyph in &run.glyphs {
            let outline = self
                .glyphs
                .entry((run.font.id(), glyph.gid))
                .or_insert_with(|| glyph_outline(face, glyph.gid));
            let Some(outline) = outline else { continue };
            let origin_x = (left + glyph.x) * self.scale;
            let origin_y = (baseline - glyph.y) * self.scale;
            let placed = Transform::from_row(em, 0.0, 0.0, -em, origin_x, origin_y);
            self.pixmap.fill_path(outline, &paint, FillRule::Winding, placed, None);
        }
    }

    /// Scales the photo's crop into the frame (left, top, right, bottom in pixels),
    /// snapped to whole pixels. Only the part of the frame on the page is resampled,
    /// straight from the source photo, so neither a print-resolution photo nor a frame
    /// running off the page costs more than the pixels shown.
    fn draw_photo(
        &mut self,
        full: (u32, u32),
        pixels: &DecodedPixels,
        crop: CropRect,
        frame: [f32; 4],
    ) -> Result<(), String> {
        check_crop(full, crop)?;
        let [left, top, right, bottom] = frame.map(|v| f64::from(v.round()));
        let (page_w, page_h) = (f64::from(self.pixmap.width()), f64::from(self.pixmap.height()));
        let [shown_left, shown_top] = [left.max(0.0), top.max(0.0)];
        let [shown_right, shown_bottom] = [right.min(page_w), bottom.min(page_h)];
        // Also false for NaN: a frame off the page, smaller than a pixel or not a number.
        if !(shown_right - shown_left >= 1.0 && shown_bottom - shown_top >= 1.0) {
            return Ok(());
        }
        // The source pixels under the shown part, in proportion; `pixels` may be the
        // photo decoded at a reduced scale.
        let shown = ((shown_right - shown_left) as u32, (shown_bottom - shown_top) as u32);
        let (decoded_w, decoded_h) = pixels.upright_size();
        let ratio_x = f64::from(decoded_w) / f64::from(full.0);
        let ratio_y = f64::from(decoded_h) / f64::from(full.1);
        let (per_px_x, per_px_y) = (
            f64::from(crop.width) * ratio_x / (right - left),
            f64::from(crop.height) * ratio_y / (bottom - top),
        );
        let source_x = f64::from(crop.x) * ratio_x + (shown_left - left) * per_px_x;
        let source_y = f64::from(crop.y) * ratio_y + (shown_top - top) * per_px_y;
        // Rounding must not take the box past the photo's edge: the resizer refuses that.
        let source_w = ((shown_right - shown_left) * per_px_x).min(f64::from(decoded_w) - source_x);
        let source_h = ((shown_bottom - shown_top) * per_px_y).min(f64::from(decoded_h) - source_y);
        // Supersampling: a nearest-neighbour pass down to twice the frame, then a
        // bilinear filter, so the cost follows the thumbnail's size, not the photo's.
        let algorithm = ResizeAlg::SuperSampling(FilterType::Bilinear, 2);
        let scaled =
            super::photo::resample(pixels, [source_x, source_y, source_w, source_h], shown, algorithm)
                .map_err(|e| format!("cannot scale the photo: {e}"))?;
        self.paste(&scaled, shown_left as u32, shown_top as u32);
        Ok(())
    }

    /// Copies opaque pixels onto the pixmap with their top-left at (`left`, `top`),
    /// clipped to the pixmap.
    fn paste(&mut self, image: &RgbImage, left: u32, top: u32) {
        let width = self.pixmap.width() as usize;
        let pixels = self.pixmap.pixels_mut();
        for (x, y, rgb) in image.enumerate_pixels() {
            let [r, g, b] = rgb.0;
            let (px, py) = ((left + x) as usize, (top + y) as usize);
            let slot = if px < width { pixels.get_mut(py * width + px) } else { None };
            if let (Some(slot), Some(color)) =
                (slot, tiny_skia::PremultipliedColorU8::from_rgba(r, g, b, 255))
            {
                *slot = color;
            }
        }
    }
}

/// A horizontal or vertical rule (ends in pixels) as a rectangle on whole pixels, as
/// PDF viewers adjust thin strokes: a hairline shows as one dark row of pixels rather
/// than two half-grey ones. `None` for a slanted rule.
fn snapped_rule([x1, y1, x2, y2]: [f32; 4], width: f32) -> Option<Rect> {
    let width = width.round();
    let near_edge = |centre: f32| (centre - width / 2.0).round();
    if y1 == y2 {
        Rect::from_ltrb(x1.min(x2), near_edge(y1), x1.max(x2), near_edge(y1) + width)
    } else if x1 == x2 {
        Rect::from_ltrb(near_edge(x1), y1.min(y2), near_edge(x1) + width, y1.max(y2))
    } else {
        None
    }
}

/// An error unless `crop` is a non-empty rectangle inside the photo.
fn check_crop((width, height): (u32, u32), crop: CropRect) -> Result<(), String> {
    let inside = u64::from(crop.x) + u64::from(crop.width) <= u64::from(width)
        && u64::from(crop.y) + u64::from(crop.height) <= u64::from(height);
    if crop.width == 0 || crop.height == 0 || !inside {
        return Err(format!(
            "the photo crop {} x {} px at {},{} is not inside the {} x {} px photo",
            crop.width, crop.height, crop.x, crop.y, width, height
        ));
    }
    Ok(())
}

/// A glyph's outline in font units, y up; `None` when it has none (a space, an id
/// the face does not have, or an outline the parser rejects).
fn glyph_outline(face: &FontFace, gid: u16) -> Option<tiny_skia::Path> {
    let mut outline = OutlinePath(PathBuilder::new());
    face.shaper.outline_glyph(GlyphId(gid), &mut outline)?;
    outline.0.finish()
}

/// Collects a ttf-parser outline into a tiny-skia path.
struct OutlinePath(PathBuilder);

impl OutlineBuilder for OutlinePath {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}

/// An anti-aliased solid paint in the home profile's colour of `paint`: the colours a
/// reader's screen and desktop printer show.
fn solid(paint: Paint) -> tiny_skia::Paint<'static> {
    let color = match paint_color(paint, Profile::Home) {
        Some(printpdf::Color::Rgb(rgb)) => tiny_skia::Color::from_rgba(rgb.r, rgb.g, rgb.b, 1.0),
        _ => None,
    };
    let mut skia = tiny_skia::Paint::default();
    skia.set_color(color.unwrap_or(tiny_skia::Color::BLACK));
    skia
}

/// The pixmap's colours without alpha. Everything is drawn opaque over white, so
/// every pixel is opaque and its premultiplied colour is its colour.
fn to_rgb(pixmap: &Pixmap) -> Result<RgbImage, String> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    RgbImage::from_raw(pixmap.width(), pixmap.height(), rgb).ok_or_else(|| "cannot convert the raster".into())
}

#[cfg(test)]
mod tests {
    use crate::locale::locale;
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, OnceLock};

    use super::*;
    use crate::compose::compose_pack;
    use crate::fonts::test_fonts;
    use crate::layout::{layout_pack, press};
    use crate::load::{discover_cases, load_case, Case, Photo};
    use crate::text::{set_paragraph, Align, Direction, ParagraphSpec, SpanStyle, StyledText};

    const WHITE: [u8; 3] = [255, 255, 255];

    /// The sample case, loaded once: decoding its photo is the slow part.
    fn sample_case() -> &'static Case {
        static CASE: OnceLock<Case> = OnceLock::new();
        CASE.get_or_init(|| {
            let packs = Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
            let dirs = discover_cases(&packs).unwrap();
            let dir = dirs.iter().find(|d| d.id == "ali-aarrass").unwrap();
            load_case(dir, &[]).unwrap()
        })
    }

    fn sample_pack(lang: &str) -> PagedDocument {
        let case = sample_case();
        let entry = case.langs.iter().find(|e| e.lang == lang).unwrap();
        let pack = compose_pack(case, entry.file.as_ref().unwrap(), &mut crate::diag::Sink::new()).unwrap();
        layout_pack(test_fonts(), &pack, &case.photo, Profile::Home).unwrap()
    }

    /// A one-page document of `width` x `height` points.
    fn one_page(width: f32, height: f32, items: Vec<FrameItem>, photo: Option<Arc<Photo>>) -> PagedDocument {
        PagedDocument {
            pages: vec![Page::plain(width, height, items)],
            title: "test".into(),
            author: None,
            subject: "test".into(),
            lang: crate::locale::locale("en"),
            photo,
        }
    }

    fn home_rgb(paint: Paint) -> [u8; 3] {
        let Some(printpdf::Color::Rgb(rgb)) = paint_color(paint, Profile::Home) else { panic!() };
        [rgb.r, rgb.g, rgb.b].map(|c| (c * 255.0).round() as u8)
    }

    fn close(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
        a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
    }

    /// The set line of `text` in the sans or Arabic face, 20 pt, and the left and right
    /// of its glyphs' advances, in points from the line's left.
    fn line_run(text: &str, dir: Direction) -> (GlyphRun, (f32, f32)) {
        let style = SpanStyle { bold: false, italic: false, size: 20.0, paint: Paint::Ink, link: None };
        let mut styled = StyledText::default();
        styled.push(text, style);
        let lang = if dir == Direction::Rtl { "ar" } else { "en" };
        let spec = ParagraphSpec {
            lang: locale(lang),
            dir,
            align: Align::Start,
            width: 160.0,
            hyphenate: false,
            keep_whole: Vec::new(),
        };
        let mut lines = set_paragraph(test_fonts(), &styled, &spec).unwrap().lines;
        let line = lines.remove(0);
        assert_eq!(line.runs.len(), 1, "one face for {text:?}");
        let run = line.runs.into_iter().next().unwrap();
        let left = run.glyphs.iter().map(|g| g.x).fold(f32::MAX, f32::min);
        let right = run.glyphs.iter().map(|g| g.x + g.advance).fold(f32::MIN, f32::max);
        (run, (left, right))
    }

    /// Pixels darker than mid-grey, as (x, y).
    fn inked(image: &RgbImage) -> Vec<(u32, u32)> {
        image
            .enumerate_pixels()
            .filter(|(_, _, p)| p.0.iter().all(|&c| c < 128))
            .map(|(x, y, _)| (x, y))
            .collect()
    }

    /// The mean colour of an image's pixels in `x0..x1` x `y0..y1`.
    fn mean(image: &RgbImage, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> [u8; 3] {
        let mut sum = [0u64; 3];
        for y in y0..y1 {
            for x in x0..x1 {
                for (s, c) in sum.iter_mut().zip(image.get_pixel(x, y).0) {
                    *s += u64::from(c);
                }
            }
        }
        let n = u64::from((x1 - x0) * (y1 - y0));
        sum.map(|s| (s / n) as u8)
    }

    #[test]
    fn a_rect_fills_its_box_in_its_colour() {
        let rect = FrameItem::Rect { x: 50.0, y: 25.0, width: 100.0, height: 50.0, paint: Paint::Accent };
        let image = rasterize_page(&one_page(200.0, 100.0, vec![rect], None), 0, 400).unwrap();
        assert_eq!(image.dimensions(), (400, 200));
        assert!(close(image.get_pixel(200, 100).0, home_rgb(Paint::Accent), 1));
        // Just outside each edge (the box is 100..300 x 50..150 px).
        for (x, y) in [(97, 100), (302, 100), (200, 47), (200, 152), (5, 5)] {
            assert_eq!(image.get_pixel(x, y).0, WHITE, "at {x},{y}");
        }
    }

    #[test]
    fn a_rule_is_stroked_with_its_thickness() {
        let rule =
            FrameItem::Rule { x1: 10.0, y1: 50.0, x2: 190.0, y2: 50.0, thickness: 4.0, paint: Paint::Ink };
        let image = rasterize_page(&one_page(200.0, 100.0, vec![rule], None), 0, 200).unwrap();
        assert_eq!(image.get_pixel(100, 49).0, [0, 0, 0]);
        assert_eq!(image.get_pixel(100, 50).0, [0, 0, 0]);
        assert_eq!(image.get_pixel(100, 46).0, WHITE);
        assert_eq!(image.get_pixel(100, 53).0, WHITE);
        // Butt caps: nothing before the start.
        assert_eq!(image.get_pixel(8, 50).0, WHITE);
    }

    #[test]
    fn a_hairline_is_one_dark_row_of_pixels() {
        // 0.25 pt at half a pixel per point, centred between two rows of pixels.
        let rule =
            FrameItem::Rule { x1: 10.0, y1: 50.0, x2: 190.0, y2: 50.0, thickness: 0.25, paint: Paint::Ink };
        let image = rasterize_page(&one_page(200.0, 100.0, vec![rule], None), 0, 100).unwrap();
        let column: Vec<[u8; 3]> = (20..30).map(|y| image.get_pixel(50, y).0).collect();
        assert_eq!(column.iter().filter(|&&p| p == [0, 0, 0]).count(), 1, "{column:?}");
        assert_eq!(column.iter().filter(|&&p| p == WHITE).count(), 9, "{column:?}");
    }

    #[test]
    fn a_slanted_rule_is_stroked() {
        let rule =
            FrameItem::Rule { x1: 0.0, y1: 0.0, x2: 100.0, y2: 100.0, thickness: 2.0, paint: Paint::Ink };
        let image = rasterize_page(&one_page(100.0, 100.0, vec![rule], None), 0, 100).unwrap();
        assert_eq!(image.get_pixel(50, 50).0, [0, 0, 0]);
        assert_eq!(image.get_pixel(50, 45).0, WHITE);
        assert_eq!(image.get_pixel(45, 50).0, WHITE);
    }

    #[test]
    fn text_inks_its_line_box_upright() {
        let (run, (left, right)) = line_run("HAMBURG", Direction::Ltr);
        let (x, baseline) = (20.0, 60.0);
        let text = FrameItem::Text { x, measure: 160.0, baseline, run };
        let image = rasterize_page(&one_page(200.0, 100.0, vec![text], None), 0, 400).unwrap();
        let ink = inked(&image);
        assert!(ink.len() > 500, "only {} inked pixels", ink.len());
        // Capitals stand on the baseline (120 px) and rise about 0.7 em (28 px).
        for &(px, py) in &ink {
            assert!((2.0 * (x + left)..=2.0 * (x + right)).contains(&(px as f32)), "ink at x {px}");
            assert!((88..=121).contains(&py), "ink at y {py}: outside the capitals' box");
        }
        let top = ink.iter().map(|p| p.1).min().unwrap();
        assert!(top < 95, "capitals only reach y {top}");
    }

    #[test]
    fn arabic_inks_its_line_box() {
        let (run, (left, right)) = line_run("سلام عليكم", Direction::Rtl);
        let x = 20.0;
        let text = FrameItem::Text { x, measure: 160.0, baseline: 60.0, run };
        let image = rasterize_page(&one_page(200.0, 100.0, vec![text], None), 0, 400).unwrap();
        let ink = inked(&image);
        assert!(ink.len() > 300, "only {} inked pixels", ink.len());
        for &(px, py) in &ink {
            assert!((2.0 * (x + left)..=2.0 * (x + right)).contains(&(px as f32)), "ink at x {px}");
            // From 0.8 em above the baseline (120 px) to 0.4 em below it.
            assert!((88..=136).contains(&py), "ink at y {py}");
        }
        // Alif and lam rise well above the baseline; upside down they would hang below.
        let top = ink.iter().map(|p| p.1).min().unwrap();
        assert!(top < 100, "the letters only reach y {top}");
    }

    #[test]
    fn the_sample_cover_shows_its_text_and_the_photo_in_its_frame() {
        let doc = sample_pack("en");
        let width_px = 600;
        let image = rasterize_page(&doc, 0, width_px).unwrap();
        let scale = width_px as f32 / doc.pages[0].width;
        let (x, y, width, height, crop) = doc.pages[0]
            .items
            .iter()
            .find_map(|item| match item {
                FrameItem::Image { x, y, width, height, crop, .. } => Some((*x, *y, *width, *height, *crop)),
                _ => None,
            })
            .expect("the cover has a photo");
        let photo = &sample_case().photo.pixels(1).unwrap().upright();
        // Each quarter of the frame looks like the same quarter of the crop; a few
        // pixels in from the edges, where rounding to whole pixels differs.
        for (qx, qy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
            let frame_quarter = |left: f32, top: f32, w: f32, h: f32, inset: f32| {
                let (x0, y0) = (left + w / 2.0 * qx as f32 + inset, top + h / 2.0 * qy as f32 + inset);
                (
                    x0 as u32,
                    y0 as u32,
                    (x0 + w / 2.0 - 2.0 * inset) as u32,
                    (y0 + h / 2.0 - 2.0 * inset) as u32,
                )
            };
            let drawn = mean(&image, frame_quarter(x * scale, y * scale, width * scale, height * scale, 3.0));
            let (cx, cy, cw, ch) = (crop.x as f32, crop.y as f32, crop.width as f32, crop.height as f32);
            let source = mean(photo, frame_quarter(cx, cy, cw, ch, 3.0 / scale * cw / width));
            assert!(close(drawn, source, 6), "quarter {qx},{qy}: drawn {drawn:?}, photo {source:?}");
        }
        let text_ink = inked(&image).iter().filter(|(_, py)| (*py as f32) > (y + height) * scale).count();
        assert!(text_ink > 2000, "only {text_ink} inked pixels below the photo");
    }

    #[test]
    fn the_thumbnail_is_the_drawn_page_losslessly_and_without_a_date() {
        let doc = sample_pack("ar");
        let png = thumbnail_png(&doc, 0, 240, &PhotoCache::default()).unwrap();
        let drawn = rasterize_page(&doc, 0, 240).unwrap();
        let decoded = image::load_from_memory_with_format(&png, image::ImageFormat::Png).unwrap().to_rgb8();
        assert_eq!(decoded.dimensions(), drawn.dimensions());
        assert!(decoded == drawn, "the PNG's pixels are not the drawn page's");
        // A run's PNG depends on nothing but the page: no time or text chunks.
        let chunks = png_chunk_types(&png);
        assert_eq!(chunks.first().map(String::as_str), Some("IHDR"), "{chunks:?}");
        for chunk in &chunks {
            assert!(["IHDR", "IDAT", "IEND"].contains(&chunk.as_str()), "chunk {chunk} in {chunks:?}");
        }
    }

    #[test]
    fn the_jpeg_thumbnail_is_the_drawn_page_in_at_most_its_bytes() {
        let doc = sample_pack("ar");
        let jpeg = thumbnail_jpeg(&doc, 0, 176, &PhotoCache::default(), 10 * 1024).unwrap();
        assert!(jpeg.len() <= 10 * 1024, "{} bytes", jpeg.len());
        let drawn = rasterize_page(&doc, 0, 176).unwrap();
        let decoded = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg).unwrap().to_rgb8();
        assert_eq!(decoded.dimensions(), drawn.dimensions());
        // Lossy, but the same picture: the mean difference per channel is small.
        let total: u64 =
            decoded.as_raw().iter().zip(drawn.as_raw()).map(|(a, b)| u64::from(a.abs_diff(*b))).sum();
        let mean = total as f64 / drawn.as_raw().len() as f64;
        assert!(mean < 6.0, "mean difference {mean:.1} per channel");
        assert_eq!(jpeg, thumbnail_jpeg(&doc, 0, 176, &PhotoCache::default(), 10 * 1024).unwrap());
        let err = thumbnail_jpeg(&doc, 0, 176, &PhotoCache::default(), 100).unwrap_err();
        assert!(err.contains("over its 100 bytes"), "{err}");
    }

    /// The chunk types of a PNG, in order.
    fn png_chunk_types(png: &[u8]) -> Vec<String> {
        let mut chunks = Vec::new();
        let mut at = 8;
        while at + 8 <= png.len() {
            let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            chunks.push(String::from_utf8_lossy(&png[at + 4..at + 8]).into_owned());
            at += 12 + length;
        }
        chunks
    }

    #[test]
    fn a_press_page_is_drawn_whole_with_its_crop_marks() {
        let case = sample_case();
        let entry = case.langs.iter().find(|e| e.lang == "en").unwrap();
        let pack = compose_pack(case, entry.file.as_ref().unwrap(), &mut crate::diag::Sink::new()).unwrap();
        let doc = layout_pack(test_fonts(), &pack, &case.photo, Profile::Press).unwrap();
        let page = &doc.pages[0];
        let image = rasterize_page(&doc, 0, 400).unwrap();
        let scale = 400.0 / page.width;
        assert_eq!(image.height(), (page.height * scale).round() as u32);
        let trim = page.trim.unwrap().grown(press::BLEED);
        let outside_bleed = |&(x, y): &(u32, u32)| {
            let (x, y) = (x as f32 / scale, y as f32 / scale);
            x < trim.x || y < trim.y || x > trim.x + trim.width || y > trim.y + trim.height
        };
        let marks = inked(&image).iter().filter(|p| outside_bleed(p)).count();
        assert!(marks > 40, "only {marks} inked pixels of crop marks");
    }

    #[test]
    fn a_missing_page_or_an_impossible_size_is_an_error() {
        let empty = one_page(200.0, 100.0, Vec::new(), None);
        assert!(rasterize_page(&empty, 1, 100).unwrap_err().contains("no page at index 1"));
        assert!(rasterize_page(&empty, usize::MAX, 100).is_err());
        assert!(rasterize_page(&empty, 0, 0).is_err());
        assert!(rasterize_page(&empty, 0, 100_000).is_err());
        // 1 x 100 pt at 1 px wide is fine; at 100 px it would be 10000 px tall.
        assert!(rasterize_page(&one_page(1.0, 100.0, Vec::new(), None), 0, 1).is_ok());
        assert!(rasterize_page(&one_page(1.0, 100.0, Vec::new(), None), 0, 100).is_err());
        for (w, h) in [(0.0, 100.0), (200.0, 0.0), (-5.0, 10.0), (f32::NAN, 10.0), (f32::INFINITY, 10.0)] {
            assert!(rasterize_page(&one_page(w, h, Vec::new(), None), 0, 100).is_err(), "{w} x {h}");
        }
    }

    #[test]
    fn a_glyph_not_in_its_face_or_at_no_place_draws_nothing() {
        let (mut run, _) = line_run("Hi", Direction::Ltr);
        run.glyphs[0].gid = u16::MAX; // not in the face: no outline, nothing drawn
        run.glyphs[1].x = f32::NAN;
        let text = FrameItem::Text { x: 10.0, measure: 160.0, baseline: 50.0, run };
        assert!(rasterize_page(&one_page(200.0, 100.0, vec![text], None), 0, 100).is_ok());
    }

    #[test]
    fn shapes_of_impossible_sizes_draw_without_a_panic() {
        let rule = |x2: f32, y2: f32, thickness: f32| FrameItem::Rule {
            x1: 5.0,
            y1: 5.0,
            x2,
            y2,
            thickness,
            paint: Paint::Ink,
        };
        let odd_shapes = vec![
            FrameItem::Rect { x: f32::NAN, y: 0.0, width: 10.0, height: 10.0, paint: Paint::Ink },
            FrameItem::Rect { x: 0.0, y: 0.0, width: -10.0, height: 1e30, paint: Paint::Ink },
            FrameItem::Rule {
                x1: 0.0,
                y1: 0.0,
                x2: f32::INFINITY,
                y2: 5.0,
                thickness: -1.0,
                paint: Paint::Ink,
            },
            rule(5.0, 5.0, 0.0),
            rule(9.0, 5.0, f32::INFINITY),
            rule(9.0, 7.0, f32::NAN),
        ];
        assert!(rasterize_page(&one_page(200.0, 100.0, odd_shapes, None), 0, 100).is_ok());
    }

    /// An image item of the test photo cut to `crop`, 50 pt tall at `x`, `width` wide.
    fn photo_item(crop: CropRect, x: f32, width: f32) -> FrameItem {
        FrameItem::Image {
            x,
            y: 10.0,
            width,
            height: 50.0,
            crop,
            framing: crate::layout::Framing { focus: (0.5, 0.5), keep: None },
        }
    }

    /// A black photo of 40 x 30 px.
    fn test_photo() -> Arc<Photo> {
        Arc::new(Photo::from_pixels(RgbImage::new(40, 30), PathBuf::from("test.png")))
    }

    #[test]
    fn a_photo_draws_at_any_place_and_size() {
        let whole = CropRect { x: 0, y: 0, width: 40, height: 30 };
        let right_corner = CropRect { x: 13, y: 7, width: 27, height: 23 };
        let drawn = vec![
            photo_item(whole, 10.0, 80.0),
            photo_item(right_corner, 150.3, 77.7),
            photo_item(whole, -1e9, 2e9),
            photo_item(whole, f32::NAN, 10.0),
        ];
        let page = one_page(200.0, 100.0, drawn.clone(), Some(test_photo()));
        for width_px in [1, 97, 100, 333] {
            assert!(rasterize_page(&page, 0, width_px).is_ok(), "{width_px} px");
        }
        // Without a photo, an image item is an error naming its frame, as in the PDF:
        // never an empty frame.
        let error = rasterize_page(&one_page(200.0, 100.0, drawn, None), 0, 100).unwrap_err();
        assert!(
            error.starts_with("cannot draw the photo frame of 80.0 x 50.0 pt at (10.0, 10.0)"),
            "{error}"
        );
    }

    #[test]
    fn a_crop_outside_the_photo_is_an_error() {
        let outside = [
            CropRect { x: 0, y: 0, width: 0, height: 30 },
            CropRect { x: 30, y: 0, width: 20, height: 30 },
            CropRect { x: u32::MAX, y: 0, width: 2, height: 30 },
        ];
        for crop in outside {
            let page = one_page(200.0, 100.0, vec![photo_item(crop, 10.0, 80.0)], Some(test_photo()));
            assert!(rasterize_page(&page, 0, 100).unwrap_err().contains("not inside"), "{crop:?}");
        }
    }
}
