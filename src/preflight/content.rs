//! The content walk: every page's operators, forms included, with the graphics state
//! a renderer would keep, and the checks that need it (colour, ink, text size, line
//! width, overprint, fonts, images).

use std::collections::{HashMap, HashSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{dict_of, resolve, Level, Report, Rules};

/// A colour space, as far as preflight cares.
#[derive(Debug, Clone, PartialEq)]
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// A Separation: `All` (registration, every plate), `None` (no plate), or a spot.
    Separation {
        all: bool,
        none: bool,
    },
    /// DeviceN with this many inks.
    DeviceN,
    /// Lab, Indexed, Pattern: no ink to read off the operands.
    Other(&'static str),
}

/// A colour: its space and its operands.
#[derive(Debug, Clone, PartialEq)]
struct Paint {
    space: Space,
    values: Vec<f32>,
}

impl Paint {
    fn black() -> Paint {
        Paint { space: Space::Gray, values: vec![0.0] }
    }

    /// Total ink in percent and the number of inks, where the operands say it.
    fn ink(&self) -> Option<(f32, usize)> {
        let used = |v: &[f32]| v.iter().filter(|&&x| x > 0.001).count();
        match self.space {
            Space::Gray => {
                let k = 1.0 - self.values.first().copied().unwrap_or(0.0);
                Some((k * 100.0, usize::from(k > 0.001)))
            }
            Space::Cmyk | Space::DeviceN => {
                Some((self.values.iter().sum::<f32>() * 100.0, used(&self.values)))
            }
            Space::Separation { none: true, .. } => Some((0.0, 0)),
            Space::Separation { all, .. } => {
                let t = self.values.first().copied().unwrap_or(1.0);
                let plates = if all { 4 } else { 1 };
                Some((t * 100.0 * plates as f32, if t > 0.001 { plates } else { 0 }))
            }
            Space::Rgb | Space::Other(_) => None,
        }
    }

    /// 100 % K and nothing else.
    fn is_full_black(&self) -> bool {
        match self.space {
            Space::Gray => self.values.first().is_some_and(|&g| g <= 0.001),
            Space::Cmyk => {
                matches!(self.values[..], [c, m, y, k] if c <= 0.001 && m <= 0.001 && y <= 0.001 && k >= 0.999)
            }
            _ => false,
        }
    }

    /// No ink at all: white, which must never overprint.
    fn is_white(&self) -> bool {
        self.ink().is_some_and(|(ink, _)| ink <= 0.001)
    }
}

#[derive(Debug, Clone)]
struct State {
    ctm: [f32; 6],
    fill: Paint,
    stroke: Paint,
    line_width: f32,
    overprint_fill: bool,
    overprint_stroke: bool,
    font_size: f32,
    render_mode: i64,
}

impl State {
    fn new(ctm: [f32; 6]) -> State {
        State {
            ctm,
            fill: Paint::black(),
            stroke: Paint::black(),
            line_width: 1.0,
            overprint_fill: false,
            overprint_stroke: false,
            font_size: 0.0,
            render_mode: 0,
        }
    }
}

/// `m` then `n`: PDF's row-vector order, as `cm` concatenates.
fn mul(m: [f32; 6], n: [f32; 6]) -> [f32; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// How much a matrix scales lengths: the square root of its area scale.
fn scale(m: [f32; 6]) -> f32 {
    (m[0] * m[3] - m[1] * m[2]).abs().sqrt()
}

fn numbers(operands: &[Object]) -> Vec<f32> {
    operands.iter().filter_map(|o| o.as_float().ok()).collect()
}

fn matrix(operands: &[Object]) -> Option<[f32; 6]> {
    <[f32; 6]>::try_from(numbers(operands)).ok()
}

/// The page's (inherited) resources.
fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(resources) = dict.get(b"Resources") {
            return dict_of(doc, resources);
        }
        dict = dict_of(doc, dict.get(b"Parent").ok()?)?;
    }
    None
}

/// An entry of a resource category (`/Font /F0`).
fn resource<'a>(
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
    kind: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    let category = dict_of(doc, resources?.get(kind).ok()?)?;
    category.get(name).ok()
}

/// What a page's walk collects, then turns into findings.
struct Walk<'a> {
    doc: &'a Document,
    rules: &'a Rules,
    page: usize,
    report: &'a mut Report,
    fonts_seen: &'a mut HashMap<ObjectId, bool>,
    images_seen: &'a mut HashMap<ObjectId, Option<f32>>,
    forms_open: HashSet<ObjectId>,
    rgb: Option<String>,
    min_one_ink_text: Option<f32>,
    min_multi_ink_text: Option<(f32, usize)>,
    min_line: Option<f32>,
    max_fill: Option<f32>,
    min_ppi: Option<f32>,
    unchecked: Vec<String>,
}

/// What a file's pages share, checked once: fonts (embedded or not) and images (the
/// most ink, where measured).
#[derive(Default)]
pub(super) struct Seen {
    fonts: HashMap<ObjectId, bool>,
    images: HashMap<ObjectId, Option<f32>>,
}

/// Checks one page's content.
pub(super) fn check_page(
    doc: &Document,
    page_id: ObjectId,
    page: usize,
    rules: &Rules,
    report: &mut Report,
    seen: &mut Seen,
) {
    let mut walk = Walk {
        doc,
        rules,
        page,
        report,
        fonts_seen: &mut seen.fonts,
        images_seen: &mut seen.images,
        forms_open: HashSet::new(),
        rgb: None,
        min_one_ink_text: None,
        min_multi_ink_text: None,
        min_line: None,
        max_fill: None,
        min_ppi: None,
        unchecked: Vec::new(),
    };
    let resources = page_resources(doc, page_id);
    if let Ok(page_dict) = doc.get_dictionary(page_id) {
        walk.check_group(page_dict);
    }
    match Content::decode(&doc.get_page_content(page_id)).map_err(|e| e.to_string()) {
        Ok(content) => walk.run(&content, resources, State::new(IDENTITY), 0),
        Err(e) => walk
            .unchecked
            .push(format!("the page's content could not be read ({e}): nothing on it was checked")),
    }
    walk.finish();
}

impl Walk<'_> {
    fn run(&mut self, content: &Content, resources: Option<&Dictionary>, start: State, depth: usize) {
        let mut stack: Vec<State> = Vec::new();
        let mut state = start;
        let mut text_matrix = IDENTITY;
        let mut line_matrix = IDENTITY;
        let mut leading = 0.0f32;
        for op in &content.operations {
            let operands = &op.operands[..];
            match op.operator.as_str() {
                "q" => stack.push(state.clone()),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        state = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(operands) {
                        state.ctm = mul(m, state.ctm);
                    }
                }
                "w" => state.line_width = numbers(operands).first().copied().unwrap_or(1.0),
                "gs" => self.graphics_state(&mut state, resources, operands),
                "g" | "G" | "rg" | "RG" | "k" | "K" => {
                    let space = match op.operator.as_str() {
                        "g" | "G" => Space::Gray,
                        "rg" | "RG" => Space::Rgb,
                        _ => Space::Cmyk,
                    };
                    if space == Space::Rgb {
                        self.rgb.get_or_insert_with(|| format!("an RGB colour operator ({})", op.operator));
                    }
                    let paint = Paint { space, values: numbers(operands) };
                    if op.operator.chars().all(|c| c.is_ascii_lowercase()) {
                        state.fill = paint;
                    } else {
                        state.stroke = paint;
                    }
                }
                "cs" | "CS" => {
                    let space = operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map_or(Space::Other("unknown"), |name| self.named_space(resources, name));
                    // The initial colour of a space: black for device spaces, full tint for separations.
                    let values = match space {
                        Space::Cmyk => vec![0.0, 0.0, 0.0, 1.0],
                        Space::Separation { .. } | Space::DeviceN => vec![1.0],
                        _ => vec![0.0],
                    };
                    let paint = Paint { space, values };
                    if op.operator == "cs" {
                        state.fill = paint;
                    } else {
                        state.stroke = paint;
                    }
                }
                "sc" | "scn" => state.fill.values = numbers(operands),
                "SC" | "SCN" => state.stroke.values = numbers(operands),
                "S" | "s" => self.stroke(&state),
                "f" | "F" | "f*" => self.fill(&state),
                "B" | "B*" | "b" | "b*" => {
                    self.fill(&state);
                    self.stroke(&state);
                }
                "sh" => self.unchecked.push("a shading: its ink was not measured".into()),
                "BT" => {
                    text_matrix = IDENTITY;
                    line_matrix = IDENTITY;
                }
                "Tf" => {
                    state.font_size = operands.get(1).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        self.font(resources, name);
                    }
                }
                "Tr" => state.render_mode = operands.first().and_then(|o| o.as_i64().ok()).unwrap_or(0),
                "TL" => leading = numbers(operands).first().copied().unwrap_or(0.0),
                "Tm" => {
                    if let Some(m) = matrix(operands) {
                        text_matrix = m;
                        line_matrix = m;
                    }
                }
                "Td" | "TD" => {
                    if let [tx, ty] = numbers(operands)[..] {
                        if op.operator == "TD" {
                            leading = -ty;
                        }
                        line_matrix = mul([1.0, 0.0, 0.0, 1.0, tx, ty], line_matrix);
                        text_matrix = line_matrix;
                    }
                }
                "T*" => {
                    line_matrix = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], line_matrix);
                    text_matrix = line_matrix;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if op.operator != "Tj" && op.operator != "TJ" {
                        line_matrix = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], line_matrix);
                        text_matrix = line_matrix;
                    }
                    self.text(&state, text_matrix);
                }
                "Do" => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        self.xobject(resources, name, &state, depth);
                    }
                }
                "BI" | "ID" | "EI" => self.unchecked.push("an inline image: not measured".into()),
                _ => {}
            }
        }
    }

    /// A named colour space: a device space or one in the resources.
    fn named_space(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Space {
        match name {
            b"DeviceGray" | b"G" => return Space::Gray,
            b"DeviceRGB" | b"RGB" => return Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => return Space::Cmyk,
            b"Pattern" => return Space::Other("pattern"),
            _ => {}
        }
        let space = resource(self.doc, resources, b"ColorSpace", name).map(|o| self.space_of(o));
        space.unwrap_or(Space::Other("unknown"))
    }

    /// A colour space object: a name or an array.
    fn space_of(&mut self, object: &Object) -> Space {
        let object = resolve(self.doc, object);
        if let Ok(name) = object.as_name() {
            return match name {
                b"DeviceGray" => Space::Gray,
                b"DeviceRGB" => Space::Rgb,
                b"DeviceCMYK" => Space::Cmyk,
                _ => Space::Other("unknown"),
            };
        }
        let Ok(array) = object.as_array() else { return Space::Other("unknown") };
        let family = array.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
        match family {
            b"ICCBased" => {
                let n = array
                    .get(1)
                    .and_then(|o| dict_of(self.doc, o))
                    .and_then(|d| d.get(b"N").ok())
                    .and_then(|n| n.as_i64().ok());
                match n {
                    Some(1) => Space::Gray,
                    Some(3) => Space::Rgb,
                    Some(4) => Space::Cmyk,
                    _ => Space::Other("ICC"),
                }
            }
            b"CalRGB" => Space::Rgb,
            b"CalGray" => Space::Gray,
            b"Separation" => {
                let ink = array.get(1).and_then(|o| resolve(self.doc, o).as_name().ok()).unwrap_or(b"");
                Space::Separation { all: ink == b"All", none: ink == b"None" }
            }
            b"DeviceN" => Space::DeviceN,
            b"Indexed" | b"I" => {
                if let Some(base) = array.get(1) {
                    if self.space_of(base) == Space::Rgb {
                        return Space::Rgb;
                    }
                }
                Space::Other("indexed")
            }
            b"Lab" => Space::Other("Lab"),
            b"Pattern" => Space::Other("pattern"),
            _ => Space::Other("unknown"),
        }
    }

    fn graphics_state(&mut self, state: &mut State, resources: Option<&Dictionary>, operands: &[Object]) {
        let Some(name) = operands.first().and_then(|o| o.as_name().ok()) else { return };
        let Some(dict) = resource(self.doc, resources, b"ExtGState", name).and_then(|o| dict_of(self.doc, o))
        else {
            return;
        };
        let flag = |key: &[u8]| dict.get(key).ok().and_then(|o| resolve(self.doc, o).as_bool().ok());
        if let Some(stroke) = flag(b"OP") {
            state.overprint_stroke = stroke;
            // `/op` absent takes `/OP`'s value (ISO 32000-1, table 58).
            state.overprint_fill = flag(b"op").unwrap_or(stroke);
        } else if let Some(fill) = flag(b"op") {
            state.overprint_fill = fill;
        }
        if let Some(width) = dict.get(b"LW").ok().and_then(|o| o.as_float().ok()) {
            state.line_width = width;
        }
    }

    fn fill(&mut self, state: &State) {
        self.paint_ink(&state.fill);
        if state.overprint_fill && state.fill.is_white() {
            self.report.add(
                "OVERPRINT-WHITE",
                Level::Error,
                Some(self.page),
                "a white fill overprints: it will not print",
            );
        }
    }

    fn stroke(&mut self, state: &State) {
        let width = state.line_width * scale(state.ctm);
        self.min_line = Some(self.min_line.map_or(width, |m| m.min(width)));
        if state.overprint_stroke && state.stroke.is_white() {
            self.report.add(
                "OVERPRINT-WHITE",
                Level::Error,
                Some(self.page),
                "a white line overprints: it will not print",
            );
        }
    }

    fn paint_ink(&mut self, paint: &Paint) {
        match paint.ink() {
            Some((ink, _)) => self.max_fill = Some(self.max_fill.map_or(ink, |m| m.max(ink))),
            None if paint.space == Space::Rgb => {
                self.rgb.get_or_insert_with(|| "an RGB fill".into());
            }
            None => {}
        }
    }

    fn text(&mut self, state: &State, text_matrix: [f32; 6]) {
        // Mode 3 is invisible (OCR layers); 7 only clips.
        if matches!(state.render_mode, 3 | 7) {
            return;
        }
        let size = state.font_size.abs() * {
            let m = mul(text_matrix, state.ctm);
            (m[2] * m[2] + m[3] * m[3]).sqrt()
        };
        let paint = if state.render_mode == 1 { &state.stroke } else { &state.fill };
        self.paint_ink(paint);
        let inks = paint.ink().map_or(4, |(_, inks)| inks);
        if inks <= 1 {
            self.min_one_ink_text = Some(self.min_one_ink_text.map_or(size, |m| m.min(size)));
        } else if self.min_multi_ink_text.is_none_or(|(m, _)| size < m) {
            self.min_multi_ink_text = Some((size, inks));
        }
        if paint.is_full_black() {
            self.report.measured.black_text += 1;
            if state.overprint_fill {
                self.report.measured.black_text_overprinting += 1;
            }
        }
        if state.overprint_fill && paint.is_white() {
            self.report.add(
                "OVERPRINT-WHITE",
                Level::Error,
                Some(self.page),
                "white text overprints: it will not print",
            );
        }
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) {
        let Some(Object::Reference(id)) = resource(self.doc, resources, b"Font", name) else {
            return;
        };
        if self.fonts_seen.contains_key(id) {
            return;
        }
        let Ok(font) = self.doc.get_dictionary(*id) else { return };
        let embedded = font_embedded(self.doc, font);
        self.fonts_seen.insert(*id, embedded);
        if !embedded {
            let base = font.get(b"BaseFont").ok().and_then(|o| resolve(self.doc, o).as_name().ok());
            let base = base.map_or("(unnamed)".into(), |b| String::from_utf8_lossy(b).into_owned());
            self.report.add_many(
                "FONT-EMBEDDED",
                Level::Error,
                Some(self.page),
                format!("font {base} is not embedded"),
            );
        }
    }

    fn xobject(&mut self, resources: Option<&Dictionary>, name: &[u8], state: &State, depth: usize) {
        let Some(Object::Reference(id)) = resource(self.doc, resources, b"XObject", name) else { return };
        let Ok(stream) = self.doc.get_object(*id).and_then(Object::as_stream) else { return };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => self.image(*id, stream, state),
            Ok(b"Form") => {
                if depth > 16 || !self.forms_open.insert(*id) {
                    return;
                }
                self.check_group(&stream.dict);
                let own = stream.dict.get(b"Resources").ok().and_then(|o| dict_of(self.doc, o));
                let form_matrix =
                    stream.dict.get(b"Matrix").ok().and_then(|o| o.as_array().ok()).and_then(|a| matrix(a));
                let mut inner = state.clone();
                inner.ctm = mul(form_matrix.unwrap_or(IDENTITY), state.ctm);
                match stream
                    .decompressed_content()
                    .map_err(|e| e.to_string())
                    .and_then(|c| Content::decode(&c).map_err(|e| e.to_string()))
                {
                    Ok(content) => self.run(&content, own.or(resources), inner, depth + 1),
                    Err(e) => self.unchecked.push(format!("a form's content could not be read ({e})")),
                }
                self.forms_open.remove(id);
            }
            _ => {}
        }
    }

    /// A transparency group's blending space.
    fn check_group(&mut self, dict: &Dictionary) {
        let Some(group) = dict.get(b"Group").ok().and_then(|o| dict_of(self.doc, o)) else { return };
        if let Ok(space) = group.get(b"CS") {
            if self.space_of(space) == Space::Rgb {
                self.report.add(
                    "TRANSPARENCY-BLEND-CS",
                    Level::Error,
                    Some(self.page),
                    "a transparency group blends in RGB: it will not separate as previewed",
                );
            }
        }
    }

    fn image(&mut self, id: ObjectId, stream: &lopdf::Stream, state: &State) {
        let dict = &stream.dict;
        let int = |key: &[u8]| dict.get(key).ok().and_then(|o| resolve(self.doc, o).as_i64().ok());
        let (Some(width), Some(height)) = (int(b"Width"), int(b"Height")) else { return };
        let mask = dict.get(b"ImageMask").ok().and_then(|o| o.as_bool().ok()).unwrap_or(false);
        let bits = int(b"BitsPerComponent").unwrap_or(8);
        // Effective resolution: pixels over the placed size, the lower of the two axes.
        let m = state.ctm;
        let (placed_w, placed_h) = ((m[0] * m[0] + m[1] * m[1]).sqrt(), (m[2] * m[2] + m[3] * m[3]).sqrt());
        if placed_w > 0.0 && placed_h > 0.0 && !mask && bits > 1 {
            let ppi = (width as f32 / (placed_w / 72.0)).min(height as f32 / (placed_h / 72.0));
            self.min_ppi = Some(self.min_ppi.map_or(ppi, |p| p.min(ppi)));
        }
        if mask {
            self.paint_ink(&state.fill);
            return;
        }
        let space = dict.get(b"ColorSpace").ok().map(|o| self.space_of(o));
        if space == Some(Space::Rgb) {
            self.rgb.get_or_insert_with(|| format!("an RGB image ({width} x {height} px)"));
        }
        if let Some(known) = self.images_seen.get(&id) {
            if let Some(ink) = *known {
                self.record_image_ink(ink);
            }
            return;
        }
        let ink = match space {
            Some(Space::Cmyk) => match image_ink(stream, bits) {
                Ok(ink) => Some(ink),
                Err(why) => {
                    self.unchecked.push(format!("a CMYK image's ink ({why})"));
                    None
                }
            },
            // One ink: at most 100 %.
            Some(Space::Gray) => None,
            Some(Space::Rgb) => None,
            _ => {
                self.unchecked.push(
                    "an image in a colour space other than CMYK or grey: its ink was not measured".into(),
                );
                None
            }
        };
        self.images_seen.insert(id, ink);
        if let Some(ink) = ink {
            self.record_image_ink(ink);
        }
    }

    fn record_image_ink(&mut self, ink: f32) {
        let measured = &mut self.report.measured.max_image_ink;
        *measured = Some(measured.map_or(ink, |m| m.max(ink)));
        if ink > self.rules.ink_limit + 0.05 {
            self.report.add(
                "INK-TOTAL",
                Level::Error,
                Some(self.page),
                format!(
                    "an image carries up to {ink:.0} % total ink; the limit is {:.0} %",
                    self.rules.ink_limit
                ),
            );
        }
    }

    /// Turns what the page collected into findings.
    fn finish(self) {
        let page = Some(self.page);
        let rules = self.rules;
        let report = self.report;
        if let Some(what) = self.rgb {
            report.add(
                "COLOR-RGB",
                Level::Error,
                page,
                format!("{what}: a press file separates to CMYK only"),
            );
        }
        if let Some(size) = self.min_one_ink_text {
            if size < rules.min_text_one_ink - 0.01 {
                report.add(
                    "TEXT-SIZE",
                    Level::Error,
                    page,
                    format!("text in one ink at {size:.1} pt; the least is {} pt", rules.min_text_one_ink),
                );
            }
            keep_min(&mut report.measured.min_text_pt, size);
        }
        if let Some((size, inks)) = self.min_multi_ink_text {
            // Below the one-ink minimum it fails whatever its inks; between that and
            // the multi-ink minimum a shop asks about it (misregistration blurs it).
            if size < rules.min_text_one_ink - 0.01 {
                report.add(
                    "TEXT-SIZE",
                    Level::Error,
                    page,
                    format!(
                        "text in {inks} inks at {size:.1} pt; no text may be under {} pt",
                        rules.min_text_one_ink
                    ),
                );
            } else if size < rules.min_text_multi_ink - 0.01 {
                report.add(
                    "TEXT-SIZE",
                    Level::Warning,
                    page,
                    format!("text in {inks} inks at {size:.1} pt; text in more than one ink wants {} pt, or misregistration blurs it", rules.min_text_multi_ink),
                );
            }
            keep_min(&mut report.measured.min_text_pt, size);
        }
        if let Some(width) = self.min_line {
            if width < rules.min_line - 0.001 {
                report.add(
                    "LINE-WIDTH",
                    Level::Error,
                    page,
                    format!("a line {width:.3} pt wide; the thinnest a press holds is {} pt", rules.min_line),
                );
            }
            keep_min(&mut report.measured.min_line_pt, width);
        }
        if let Some(ink) = self.max_fill {
            if ink > rules.ink_limit + 0.05 {
                report.add(
                    "INK-TOTAL",
                    Level::Error,
                    page,
                    format!("a fill carries {ink:.0} % total ink; the limit is {:.0} %", rules.ink_limit),
                );
            }
            let measured = &mut report.measured.max_fill_ink;
            *measured = Some(measured.map_or(ink, |m| m.max(ink)));
        }
        if let Some(ppi) = self.min_ppi {
            if ppi < rules.image_ppi_error {
                report.add(
                    "IMAGE-RESOLUTION",
                    Level::Error,
                    page,
                    format!(
                        "an image at {ppi:.0} ppi effective; print needs {:.0} at the least",
                        rules.image_ppi_error
                    ),
                );
            } else if ppi < rules.image_ppi_warning {
                report.add(
                    "IMAGE-RESOLUTION",
                    Level::Warning,
                    page,
                    format!(
                        "an image at {ppi:.0} ppi effective; {:.0} or more prints sharp",
                        rules.image_ppi_warning
                    ),
                );
            }
            keep_min(&mut report.measured.min_image_ppi, ppi);
        }
        let mut unchecked = self.unchecked;
        unchecked.sort();
        unchecked.dedup();
        for what in unchecked {
            report.add_many("NOT-CHECKED", Level::Info, page, what);
        }
    }
}

fn keep_min(slot: &mut Option<f32>, value: f32) {
    *slot = Some(slot.map_or(value, |m| m.min(value)));
}

/// Whether a font's glyphs are in the file: Type3 fonts are their own glyphs; every
/// other kind needs a FontFile, FontFile2 or FontFile3 in its descriptor (a Type0's
/// in its descendant's).
fn font_embedded(doc: &Document, font: &Dictionary) -> bool {
    let subtype = font.get(b"Subtype").ok().and_then(|o| o.as_name().ok());
    if subtype == Some(b"Type3".as_slice()) {
        return true;
    }
    let font = if subtype == Some(b"Type0".as_slice()) {
        let descendant = font
            .get(b"DescendantFonts")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| dict_of(doc, o));
        match descendant {
            Some(d) => d,
            None => return false,
        }
    } else {
        font
    };
    let Some(descriptor) = font.get(b"FontDescriptor").ok().and_then(|o| dict_of(doc, o)) else {
        return false;
    };
    [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"].iter().any(|k| descriptor.has(k))
}

/// The most total ink on any pixel of a CMYK image, in percent: decoded with
/// jpeg-decoder (DCT) or inflated (Flate, 8 bits), with the image's `/Decode`.
fn image_ink(stream: &lopdf::Stream, bits: i64) -> Result<f32, String> {
    let filters: Vec<Vec<u8>> = match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec)).collect(),
        _ => Vec::new(),
    };
    let inverted = stream
        .dict
        .get(b"Decode")
        .ok()
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| o.as_float().ok())
        .is_some_and(|first| first > 0.5);
    // Ink per sample, 0..=255, from what the decoder gives.
    let (samples, as_ink): (Vec<u8>, bool) = match &filters[..] {
        [dct] if dct == b"DCTDecode" => {
            let mut decoder = jpeg_decoder::Decoder::new(&stream.content[..]);
            let pixels = decoder.decode().map_err(|e| format!("the JPEG does not decode: {e}"))?;
            let info = decoder.info().ok_or("the JPEG has no header")?;
            if info.pixel_format != jpeg_decoder::PixelFormat::CMYK32 {
                return Err("the JPEG is not four-channel".into());
            }
            // jpeg-decoder gives an Adobe (inverted) JPEG's samples as ink, which is
            // what a PDF's `/Decode [1 0 ...]` makes of them; without that array a
            // reader takes the filter's output, the inverse, as it is.
            (pixels, inverted)
        }
        [] | [_] if filters.is_empty() || filters[0] == b"FlateDecode" => {
            if bits != 8 {
                return Err(format!("{bits} bits per component"));
            }
            let data = if filters.is_empty() {
                stream.content.clone()
            } else {
                stream.decompressed_content().map_err(|e| format!("cannot inflate: {e}"))?
            };
            (data, !inverted)
        }
        _ => {
            let names: Vec<String> =
                filters.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            return Err(format!("filter {} not decoded", names.join(", ")));
        }
    };
    let worst = samples
        .chunks_exact(4)
        .map(|p| p.iter().map(|&v| u32::from(if as_ink { v } else { 255 - v })).sum::<u32>())
        .max()
        .unwrap_or(0);
    Ok(worst as f32 * 100.0 / 255.0)
}
