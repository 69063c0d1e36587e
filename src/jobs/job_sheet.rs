//! The job sheet: a plain text file beside each press PDF (`...-press.txt`) that a
//! print shop reads without appealpress: what to print (trim, bleed, pages, colour
//! condition, ink limit), on what (a paper suggestion), how to finish it (cut, fold,
//! stitch), and the preflight verdict with every finding. Plain UTF-8 text with CRLF
//! line ends, so any mail client or editor on any system shows it as written.

use crate::compose::Product;
use crate::preflight::{Report, CHECKS};

/// What the sheet says about one press file.
pub(crate) struct Sheet<'a> {
    /// The PDF's file name.
    pub(crate) file: &'a str,
    /// The case id and language tag.
    pub(crate) case: &'a str,
    /// The language tag.
    pub(crate) lang: &'a str,
    /// Pack or postcard.
    pub(crate) product: Product,
    /// The ink limit the photo was converted to, in percent.
    pub(crate) ink_limit: u16,
    /// The file's preflight.
    pub(crate) report: &'a Report,
}

/// The sheet's text.
pub(crate) fn job_sheet(sheet: &Sheet) -> String {
    let report = sheet.report;
    let m = &report.measured;
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push_str("\r\n");
    };
    line(format!("JOB SHEET  {}", sheet.file));
    line("=".repeat(10 + sheet.file.len()));
    line(String::new());
    line(format!("Case / language   {} / {}", sheet.case, sheet.lang));
    let what = match sheet.product {
        Product::Pack => "appeal pack (A4 or Letter pages)",
        Product::Postcard => "postcard, page 1 front (photo to the bleed), page 2 back",
        Product::Labels => "address labels",
        Product::Petition => "petition sheet",
        Product::Poster => "poster, one page (photo to the bleed)",
        Product::Tally => "tally sheet",
        Product::Bundle => "event bundle",
    };
    line(format!("Product           {what}"));
    line(format!("Pages             {}", m.pages));
    if let Some([w, h]) = m.trim_mm {
        line(format!("Trim size         {w:.1} x {h:.1} mm (TrimBox)"));
    }
    if let Some(bleed) = m.bleed_mm {
        line(format!("Bleed             {bleed:.1} mm each side (BleedBox); crop marks outside the bleed"));
    }
    line("File format       PDF/X-4, CMYK only, fonts embedded and subset".into());
    line(format!("Colour condition  {}", m.output_condition.as_deref().unwrap_or("(none stated)")));
    line("Profile           appealpress-FOGRA39L.icc, embedded as the output intent".into());
    line(format!(
        "Total ink limit   {} % (photo converted with grey component replacement)",
        sheet.ink_limit
    ));
    line("Black             text and rules 100 % K only, set to overprint; no rich black".into());
    line(String::new());
    match sheet.product {
        Product::Pack => {
            line(
                "Paper (suggested) 90-120 g/m2 uncoated offset or 115 g/m2 silk; coated 115-135 g/m2".into(),
            );
            line("                  matches the FOGRA39 condition best".into());
            line(if m.pages.is_multiple_of(4) && m.pages > 0 {
                format!(
                    "Finishing         {} pages: saddle-stitch (2 staples) or print loose, single-sided",
                    m.pages
                )
            } else {
                format!(
                    "Finishing         {} pages: print loose (not a multiple of 4 for saddle-stitch), stack in order",
                    m.pages
                )
            });
        }
        Product::Poster => {
            line(
                "Paper (suggested) 150-200 g/m2 coated silk or gloss (FOGRA39); uncoated for writing on"
                    .into(),
            );
            line("Finishing         single-sided, cut to trim on the crop marks; no fold".into());
        }
        // Made for home printers only: a job sheet is never written for these.
        Product::Labels | Product::Petition | Product::Tally | Product::Bundle => {
            line("Paper             printed at home (never made for a shop)".into())
        }
        Product::Postcard => {
            line("Paper (suggested) 300-350 g/m2 coated board (FOGRA39) or uncoated card".into());
            line("Finishing         duplex (page 2 on the back of page 1, head to head), cut to trim".into());
            line("                  on the crop marks; no fold".into());
        }
    }
    line(String::new());
    line(format!("PREFLIGHT         {}", report.verdict().to_uppercase()));
    let measured = [
        m.max_image_ink.map(|v| format!("most ink on an image {v:.0} %")),
        m.max_fill_ink.map(|v| format!("most ink on a fill or text {v:.0} %")),
        m.min_text_pt.map(|v| format!("smallest text {v:.1} pt")),
        m.min_line_pt.map(|v| format!("thinnest line {v:.2} pt")),
        m.min_image_ppi.map(|v| format!("lowest image resolution {v:.0} ppi")),
        (m.black_text > 0).then(|| {
            format!("black text overprinting {} of {} runs", m.black_text_overprinting, m.black_text)
        }),
    ];
    for text in measured.into_iter().flatten() {
        line(format!("  measured: {text}"));
    }
    if report.findings.is_empty() {
        line("  no findings".into());
    }
    for finding in &report.findings {
        line(format!("  {finding}"));
    }
    line(String::new());
    line("Checks run (GWG 2022 sheet-fed CMYK style):".into());
    for (id, what) in CHECKS {
        line(format!("  {id:<22} {what}"));
    }
    line(String::new());
    line("Made by appealpress; the same checks run with: appealpress preflight FILE.pdf".into());
    out
}
