//! Preflight: what a print shop's preflight (GWG 2022 sheet-fed CMYK, as Acrobat,
//! pdfToolbox or PitStop run it) would say of a press PDF, read back from its bytes.
//!
//! It reads any PDF, not only ours: the build runs it on every press file it writes
//! (results in `manifest.json`), and `appealpress preflight FILE.pdf...` on files a
//! shop was sent. It parses the file with lopdf and walks every page's content,
//! forms included, keeping the graphics state an interpreter would (matrix, colour,
//! line width, text size, overprint), and decodes the images (JPEG, Flate) to measure
//! their ink. What it cannot read (an image filter it has no decoder for, a shading,
//! an encrypted file) is reported as not checked, never as passed.
//!
//! Each finding has a check id (`PDFX-OUTPUT-INTENT`, `TEXT-SIZE`, ...), a severity
//! and a message, on a page or the whole file. The ids and limits follow the GWG
//! sheet-fed profile's checks; [`CHECKS`] lists them with what each asks.

mod content;

use std::collections::BTreeMap;

use lopdf::{Document, Object};
use serde::{Deserialize, Serialize};

use crate::layout::MM;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    /// The file fails: a shop would send it back.
    Error,
    /// A shop would ask about it, or fix it up itself.
    Warning,
    /// Something preflight could not check, or a measurement worth knowing.
    Info,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// One thing preflight found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Finding {
    /// The check's id, from [`CHECKS`].
    pub(crate) check: String,
    /// Error, warning or info.
    pub(crate) level: Level,
    /// The page (from 1), or none for the whole file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) page: Option<usize>,
    /// What was found, with the measured value and the limit.
    pub(crate) message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.page {
            Some(page) => write!(f, "{} [{}] page {page}: {}", self.level.name(), self.check, self.message),
            None => write!(f, "{} [{}]: {}", self.level.name(), self.check, self.message),
        }
    }
}

/// What preflight measured over the whole file, for the job sheet and the manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Measured {
    /// Page count.
    pub(crate) pages: usize,
    /// The first page's trim size in millimetres, if it has a TrimBox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) trim_mm: Option<[f32; 2]>,
    /// The first page's bleed beyond the trim, in millimetres (the smallest side).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) bleed_mm: Option<f32>,
    /// The output intent's condition (`FOGRA39`) and its profile's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) output_condition: Option<String>,
    /// The most ink on any image pixel, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max_image_ink: Option<f32>,
    /// The most ink of any vector fill or text, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max_fill_ink: Option<f32>,
    /// The smallest text, in points, with the inks it is printed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min_text_pt: Option<f32>,
    /// The thinnest stroked line, in points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min_line_pt: Option<f32>,
    /// The lowest effective resolution of any image, in pixels per inch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min_image_ppi: Option<f32>,
    /// Text runs in 100 % K, and how many of them overprint.
    pub(crate) black_text: usize,
    /// Of [`Measured::black_text`], those drawn overprinting.
    pub(crate) black_text_overprinting: usize,
}

/// The preflight of one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Report {
    /// Every finding, the file's first, then by page, in the order found.
    pub(crate) findings: Vec<Finding>,
    /// What was measured.
    pub(crate) measured: Measured,
}

impl Report {
    /// Whether any finding is an error.
    pub(crate) fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Error)
    }

    /// `pass`, `pass with warnings` or `fail`, as a job sheet says it.
    pub(crate) fn verdict(&self) -> &'static str {
        if self.failed() {
            "fail"
        } else if self.findings.iter().any(|f| f.level == Level::Warning) {
            "pass with warnings"
        } else {
            "pass"
        }
    }

    /// Adds a finding that may come several times on a page with different messages
    /// (two fonts not embedded), each message once.
    fn add_many(&mut self, check: &str, level: Level, page: Option<usize>, message: impl Into<String>) {
        let finding = Finding { check: check.to_string(), level, page, message: message.into() };
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    fn add(&mut self, check: &str, level: Level, page: Option<usize>, message: impl Into<String>) {
        let finding = Finding { check: check.to_string(), level, page, message: message.into() };
        // The same finding on the same page once (a page of a thousand small glyphs
        // is one finding, with the smallest size).
        if !self.findings.iter().any(|f| f.check == finding.check && f.page == page && f.level == level) {
            self.findings.push(finding);
        }
    }
}

/// The limits a file is held to: GWG 2022 sheet-fed coated, with the ink limit the
/// shop's condition asks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rules {
    /// Most total ink, in percent.
    pub(crate) ink_limit: f32,
    /// Smallest text in one ink, in points.
    pub(crate) min_text_one_ink: f32,
    /// Smallest text in two or more inks (registration shows), in points.
    pub(crate) min_text_multi_ink: f32,
    /// Thinnest line, in points.
    pub(crate) min_line: f32,
    /// Images below this effective resolution fail.
    pub(crate) image_ppi_error: f32,
    /// Images below this warn.
    pub(crate) image_ppi_warning: f32,
    /// Least bleed beyond the trim, in millimetres.
    pub(crate) min_bleed_mm: f32,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            ink_limit: 300.0,
            min_text_one_ink: 5.0,
            min_text_multi_ink: 9.0,
            min_line: 0.25,
            image_ppi_error: 150.0,
            image_ppi_warning: 225.0,
            min_bleed_mm: crate::layout::press::BLEED_MM,
        }
    }
}

/// Every check, with what it asks: the job sheet and `--help` list them.
pub(crate) const CHECKS: &[(&str, &str)] = &[
    ("PDF-READ", "the file parses as a PDF and is not encrypted"),
    ("PDFX-VERSION", "the file claims PDF/X-4 (GTS_PDFXVersion)"),
    ("PDFX-OUTPUT-INTENT", "a GTS_PDFX output intent with an embedded CMYK profile"),
    ("BOX-TRIM", "every page has a TrimBox inside its MediaBox"),
    ("BOX-BLEED", "every page has a BleedBox at least 3 mm beyond the trim on each side"),
    ("COLOR-RGB", "no RGB colour: operators, colour spaces or images"),
    ("TRANSPARENCY-BLEND-CS", "transparency groups blend in CMYK, not RGB"),
    ("FONT-EMBEDDED", "every font used is embedded"),
    ("TEXT-SIZE", "text at least 5 pt (error); in two or more inks at least 9 pt (warning)"),
    ("LINE-WIDTH", "stroked lines at least 0.25 pt"),
    ("INK-TOTAL", "total ink of images and fills at or under the limit (300 % by default)"),
    ("OVERPRINT-BLACK", "100 % K text overprints"),
    ("OVERPRINT-WHITE", "nothing white overprints (it would vanish)"),
    ("IMAGE-RESOLUTION", "images at least 150 ppi effective (warning below 225)"),
    ("NOT-CHECKED", "what preflight could not read, and so could not check"),
];

/// Preflights a PDF's bytes.
pub(crate) fn preflight(bytes: &[u8], rules: &Rules) -> Report {
    let mut report = Report::default();
    let doc = match Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => {
            report.add("PDF-READ", Level::Error, None, format!("cannot parse the file: {e}"));
            return report;
        }
    };
    if doc.trailer.get(b"Encrypt").is_ok() {
        report.add(
            "PDF-READ",
            Level::Error,
            None,
            "the file is encrypted: PDF/X forbids it, and nothing else was checked",
        );
        return report;
    }
    check_document(&doc, &mut report);
    let pages = doc.get_pages();
    report.measured.pages = pages.len();
    let mut seen = content::Seen::default();
    for (number, id) in pages {
        let page = number as usize;
        check_boxes(&doc, id, page, rules, &mut report);
        content::check_page(&doc, id, page, rules, &mut report, &mut seen);
    }
    let m = &report.measured;
    if m.black_text > m.black_text_overprinting {
        let message = format!(
            "{} of {} runs of 100 % K text knock out: a misregistered plate leaves a white halo",
            m.black_text - m.black_text_overprinting,
            m.black_text
        );
        report.add("OVERPRINT-BLACK", Level::Warning, None, message);
    }
    report
}

/// Resolves a reference (once removed is enough in practice; lopdf's `dereference`
/// follows chains).
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map(|(_, o)| o).unwrap_or(object)
}

fn dict_of<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a lopdf::Dictionary> {
    match resolve(doc, object) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn string_of(doc: &Document, object: &Object) -> Option<String> {
    match resolve(doc, object) {
        Object::String(bytes, _) => Some(
            lopdf::decode_text_string(&Object::String(bytes.clone(), lopdf::StringFormat::Literal))
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
        ),
        Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
        _ => None,
    }
}

/// PDF/X identification and the output intent.
fn check_document(doc: &Document, report: &mut Report) {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| dict_of(doc, o));
    let version = info.and_then(|i| i.get(b"GTS_PDFXVersion").ok()).and_then(|v| string_of(doc, v));
    match version.as_deref() {
        Some(v) if v.starts_with("PDF/X-4") => {}
        Some(v) => {
            report.add("PDFX-VERSION", Level::Warning, None, format!("the file claims {v}, not PDF/X-4"))
        }
        None => report.add("PDFX-VERSION", Level::Warning, None, "the file claims no PDF/X version"),
    }
    let catalog = doc.catalog().ok();
    let intents = catalog.and_then(|c| c.get(b"OutputIntents").ok()).map(|o| resolve(doc, o));
    let intent = intents.and_then(|o| o.as_array().ok()).and_then(|list| {
        list.iter()
            .filter_map(|o| dict_of(doc, o))
            .find(|d| d.get(b"S").and_then(Object::as_name).is_ok_and(|s| s == b"GTS_PDFX"))
    });
    let Some(intent) = intent else {
        report.add(
            "PDFX-OUTPUT-INTENT",
            Level::Error,
            None,
            "no GTS_PDFX output intent: the file does not say what it was separated for",
        );
        return;
    };
    let condition = intent.get(b"OutputConditionIdentifier").ok().and_then(|o| string_of(doc, o));
    let info_text = intent.get(b"Info").ok().and_then(|o| string_of(doc, o));
    report.measured.output_condition = match (&condition, &info_text) {
        (Some(c), Some(i)) => Some(format!("{c} ({i})")),
        (Some(c), None) => Some(c.clone()),
        (None, i) => i.clone(),
    };
    let profile = intent.get(b"DestOutputProfile").ok().and_then(|o| dict_of(doc, o));
    match profile.and_then(|p| p.get(b"N").ok()).and_then(|n| resolve(doc, n).as_i64().ok()) {
        Some(4) => {}
        Some(n) => report.add(
            "PDFX-OUTPUT-INTENT",
            Level::Error,
            None,
            format!("the output intent's profile has {n} channels, not CMYK's 4"),
        ),
        None => report.add(
            "PDFX-OUTPUT-INTENT",
            Level::Error,
            None,
            "the output intent embeds no profile (DestOutputProfile)",
        ),
    }
}

/// A page box as `[x0 y0 x1 y1]`, normalised.
fn page_box(doc: &Document, page: lopdf::ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    // Boxes are inheritable only for MediaBox (and CropBox); the others are the page's own.
    let mut dict = doc.get_dictionary(page).ok()?;
    let mut depth = 0;
    let array = loop {
        if let Ok(value) = dict.get(key) {
            break resolve(doc, value).as_array().ok()?;
        }
        if key != b"MediaBox" || depth > 32 {
            return None;
        }
        dict = dict_of(doc, dict.get(b"Parent").ok()?)?;
        depth += 1;
    };
    let v: Vec<f32> = array.iter().filter_map(|o| resolve(doc, o).as_float().ok()).collect();
    let [a, b, c, d] = <[f32; 4]>::try_from(v).ok()?;
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}

fn check_boxes(doc: &Document, id: lopdf::ObjectId, page: usize, rules: &Rules, report: &mut Report) {
    let media = page_box(doc, id, b"MediaBox");
    let trim = page_box(doc, id, b"TrimBox").or_else(|| page_box(doc, id, b"ArtBox"));
    let Some(trim) = trim else {
        report.add("BOX-TRIM", Level::Error, Some(page), "no TrimBox: the shop cannot tell where to cut");
        if page_box(doc, id, b"BleedBox").is_none() {
            report.add(
                "BOX-BLEED",
                Level::Error,
                Some(page),
                "no BleedBox: the file has no bleed for the cut",
            );
        }
        return;
    };
    if let Some(m) = media {
        if trim[0] < m[0] - 0.01 || trim[1] < m[1] - 0.01 || trim[2] > m[2] + 0.01 || trim[3] > m[3] + 0.01 {
            report.add("BOX-TRIM", Level::Error, Some(page), "the TrimBox reaches outside the MediaBox");
        }
    }
    if page == 1 {
        report.measured.trim_mm = Some([(trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM]);
    }
    match page_box(doc, id, b"BleedBox") {
        None => report.add(
            "BOX-BLEED",
            Level::Error,
            Some(page),
            "no BleedBox: the file has no bleed for the cut",
        ),
        Some(bleed) => {
            let least = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
                .into_iter()
                .fold(f32::INFINITY, f32::min)
                / MM;
            if page == 1 {
                report.measured.bleed_mm = Some((least * 10.0).round() / 10.0);
            }
            if least < rules.min_bleed_mm - 0.05 {
                report.add(
                    "BOX-BLEED",
                    Level::Error,
                    Some(page),
                    format!(
                        "the bleed is {least:.1} mm beyond the trim; print needs {} mm",
                        rules.min_bleed_mm
                    ),
                );
            }
        }
    }
}

/// The findings of several files, by file, sorted by level: for the command line.
pub(crate) fn summary(reports: &BTreeMap<String, Report>) -> (usize, usize) {
    let errors = reports.values().filter(|r| r.failed()).count();
    let warnings = reports.values().flat_map(|r| &r.findings).filter(|f| f.level == Level::Warning).count();
    (errors, warnings)
}
