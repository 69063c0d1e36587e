//! Colour per profile: RGB for home prints; for press, CMYK with black text on the
//! black plate only, registration for marks, and the photo converted through the
//! output profile.

use std::sync::{Arc, OnceLock};

use moxcms::{ColorProfile, Layout, RenderingIntent, TransformExecutor, TransformOptions};
use printpdf::{Cmyk, Color, Rgb};

use crate::layout::Profile;
use crate::text::Paint;

#[cfg(target_arch = "x86_64")]
mod avx2;

/// The CMYK output profile (coated FOGRA39, built with ArgyllCMS; see icc/README.md).
pub(crate) const OUTPUT_PROFILE: &[u8] = include_bytes!("icc/appealpress-FOGRA39L.icc");

/// [`OUTPUT_PROFILE`] deflated, once per process: every press file embeds it.
pub(crate) fn output_profile_deflated() -> &'static [u8] {
    use std::io::Write;
    static DEFLATED: OnceLock<Vec<u8>> = OnceLock::new();
    DEFLATED.get_or_init(|| {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(OUTPUT_PROFILE).expect("writing to a Vec cannot fail");
        encoder.finish().expect("writing to a Vec cannot fail")
    })
}

/// Name of the graphics state 100 % K text and rules are drawn in on press:
/// `/OP true /op true /OPM 1` (written by [`super::fixup::add_overprint_states`]).
pub(crate) const OVERPRINT: &str = "GSop";
/// Name of the graphics state everything else is drawn in after them: no overprint.
pub(crate) const KNOCKOUT: &str = "GSko";

/// Name of the registration colour space in page resources.
pub(crate) const REGISTRATION: &str = "CSReg";

/// The fill or stroke colour of a paint; `None` for registration, which is a
/// Separation colour space set up by [`super::fixup`] rather than a device colour.
pub(crate) fn paint_color(paint: Paint, profile: Profile) -> Option<Color> {
    match profile {
        Profile::Home => {
            let (r, g, b) = match paint {
                Paint::Ink | Paint::Registration => (0.0, 0.0, 0.0),
                Paint::Accent => (0.72, 0.11, 0.11),
                Paint::Muted => (0.36, 0.36, 0.36),
                Paint::Paper => (1.0, 1.0, 1.0),
                Paint::Tint => (0.975, 0.94, 0.92),
            };
            Some(Color::Rgb(Rgb { r, g, b, icc_profile: None }))
        }
        Profile::Press => {
            // Black and grey are K only: no rich black, so text stays sharp whatever
            // the registration of the plates.
            let (c, m, y, k) = match paint {
                Paint::Ink => (0.0, 0.0, 0.0, 1.0),
                Paint::Muted => (0.0, 0.0, 0.0, 0.78),
                Paint::Accent => (0.0, 0.92, 0.85, 0.22),
                Paint::Paper => (0.0, 0.0, 0.0, 0.0),
                Paint::Tint => (0.0, 0.05, 0.07, 0.0),
                Paint::Registration => return None,
            };
            Some(Color::Cmyk(Cmyk { c, m, y, k, icc_profile: None }))
        }
    }
}

/// The sRGB to output-profile transform, built once per process.
fn cmyk_transform() -> Result<&'static Arc<dyn TransformExecutor<u8> + Send + Sync>, String> {
    static TRANSFORM: OnceLock<Result<Arc<dyn TransformExecutor<u8> + Send + Sync>, String>> =
        OnceLock::new();
    TRANSFORM
        .get_or_init(|| {
            let output =
                ColorProfile::new_from_slice(OUTPUT_PROFILE).map_err(|e| format!("output profile: {e:?}"))?;
            let options = TransformOptions {
                rendering_intent: RenderingIntent::Perceptual,
                ..TransformOptions::default()
            };
            ColorProfile::new_srgb()
                .create_transform_8bit(Layout::Rgb, &output, Layout::Rgba, options)
                .map_err(|e| format!("sRGB to CMYK transform: {e:?}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Grid points per axis of the conversion table.
const GRID: usize = 33;

/// The transform sampled on a 33 x 33 x 33 grid of sRGB values, as colour-management
/// modules do: a photo is converted by interpolating in the table, several times
/// faster than running the profile's pipeline for every pixel.
struct CmykTable {
    /// The four output channels at each grid point, index `(r * GRID + g) * GRID + b`,
    /// 0..255 scaled by 256. Sixteen bits keep the table small enough for the cache.
    entries: Vec<[u16; 4]>,
    /// For each 8-bit channel value: the grid cell below it (low 16 bits) and the
    /// position inside the cell in 1/256 steps (high 16 bits), so a lookup needs no
    /// arithmetic to find its cell. One `u32` so the vector path can gather it.
    axis: [u32; 256],
}

/// Steps between neighbouring grid points along red, green and blue.
const STRIDE_R: usize = GRID * GRID;
const STRIDE_G: usize = GRID;
const STRIDE_B: usize = 1;

/// The two steps from the cell's low corner, indexed by (r >= g, g >= b, r >= b) as
/// bits 2, 1, 0. Indices 2 and 5 cannot occur (the comparisons contradict each other).
const TETRAHEDRA: [(usize, usize); 8] = [
    (STRIDE_B, STRIDE_G), // b > g > r
    (STRIDE_B, STRIDE_G), // impossible
    (STRIDE_G, STRIDE_B), // g >= b > r
    (STRIDE_G, STRIDE_R), // g > r >= b
    (STRIDE_B, STRIDE_R), // b > r >= g
    (STRIDE_R, STRIDE_B), // r >= b > g
    (STRIDE_R, STRIDE_G), // impossible
    (STRIDE_R, STRIDE_G), // r >= g >= b
];

/// The most ink a press file may put on paper, as total area coverage: the sum of C,
/// M, Y and K in percent (GWG sheet-fed coated: 300 %; uncoated or newsprint shops
/// ask for less).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InkLimit(u16);

impl InkLimit {
    /// 300 %, what GWG's sheet-fed coated profile and most shops ask for, and what
    /// the output profile was built with.
    pub(crate) const DEFAULT: InkLimit = InkLimit(300);
    /// The lowest limit accepted: below it a photo's shadows turn to grey.
    pub(crate) const MIN: u16 = 200;
    /// The highest: four full inks.
    pub(crate) const MAX: u16 = 400;

    /// A limit in percent, if it is in [`InkLimit::MIN`]..=[`InkLimit::MAX`].
    pub(crate) fn new(percent: u16) -> Option<InkLimit> {
        (InkLimit::MIN..=InkLimit::MAX).contains(&percent).then_some(InkLimit(percent))
    }

    /// The limit in percent.
    pub(crate) fn percent(self) -> u16 {
        self.0
    }
}

impl Default for InkLimit {
    fn default() -> InkLimit {
        InkLimit::DEFAULT
    }
}

impl std::fmt::Display for InkLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} %", self.0)
    }
}

/// How far under the limit the table's grid points are held, in 1/255 of one ink
/// (about 8 %): interpolation cannot exceed its corners, but rounding each channel
/// may add up to two steps, and the JPEG's quantisation rings past the table at hard
/// edges in the shadows (about 6 % on `tests/preflight.rs`'s photo of black and deep
/// colour bands, measured by Ghostscript).
const LIMIT_MARGIN: f32 = 20.0;

/// Holds a CMYK colour (0..=255 per ink) to `total` (in the same units): first
/// grey component replacement, moving the part C, M and Y share onto K, which keeps a
/// neutral shadow's colour and puts its weight on the black plate; then, if that is
/// not enough (K full), C, M and Y scaled down together, which keeps their hue.
fn limit_ink([c, m, y, k]: [f32; 4], total: f32) -> [f32; 4] {
    let sum = c + m + y + k;
    if sum <= total {
        return [c, m, y, k];
    }
    // Each unit moved takes three off C, M and Y and adds one to K.
    let moved = c.min(m).min(y).min(255.0 - k).min((sum - total) / 2.0).max(0.0);
    let (c, m, y, k) = (c - moved, m - moved, y - moved, k + moved);
    let colour = c + m + y;
    if colour + k <= total || colour <= 0.0 {
        return [c, m, y, k];
    }
    let scale = ((total - k) / colour).max(0.0);
    [c * scale, m * scale, y * scale, k]
}

impl CmykTable {
    fn build(limit: InkLimit) -> Result<CmykTable, String> {
        let level = |i: usize| ((i * 255 + (GRID - 1) / 2) / (GRID - 1)) as u8;
        let mut rgb = Vec::with_capacity(GRID * GRID * GRID * 3);
        for r in 0..GRID {
            for g in 0..GRID {
                for b in 0..GRID {
                    rgb.extend([level(r), level(g), level(b)]);
                }
            }
        }
        let mut cmyk = vec![0u8; GRID * GRID * GRID * 4];
        cmyk_transform()?.transform(&rgb, &mut cmyk).map_err(|e| format!("colour conversion: {e:?}"))?;
        let total = f32::from(limit.percent()) * 255.0 / 100.0 - LIMIT_MARGIN;
        let entries = cmyk
            .chunks_exact(4)
            .map(|c| {
                let limited = limit_ink([c[0], c[1], c[2], c[3]].map(f32::from), total);
                // Down to the 1/256 step below, never up: the sum stays under the limit.
                limited.map(|v| (v * 256.0).floor().clamp(0.0, 255.0 * 256.0) as u16)
            })
            .collect();
        let mut axis = [0u32; 256];
        for (v, cell) in axis.iter_mut().enumerate() {
            // Position on the grid in 1/256 steps.
            let scaled = v as u32 * (GRID as u32 - 1) * 256 / 255;
            let base = (scaled >> 8).min(GRID as u32 - 2);
            *cell = base | (scaled - (base << 8)) << 16;
        }
        Ok(CmykTable { entries, axis })
    }

    /// Tetrahedral interpolation between the grid points around a colour: the cube's
    /// corner below it, the opposite corner, and the two corners on the path between
    /// them that follows its channels from the largest fraction to the smallest.
    #[inline(always)]
    fn lookup(&self, r: u8, g: u8, b: u8) -> [u8; 4] {
        let [r, g, b] = [r, g, b].map(|v| self.axis[usize::from(v)]);
        let (fr, fg, fb) = (r >> 16, g >> 16, b >> 16);
        let origin = (r & 0xffff) as usize * STRIDE_R
            + (g & 0xffff) as usize * STRIDE_G
            + (b & 0xffff) as usize * STRIDE_B;
        // Which tetrahedron: the steps go along the channel with the largest fraction,
        // then the middle one. Chosen by table rather than branches, because in a photo
        // the order changes from pixel to pixel and branches would be mispredicted.
        let order = usize::from(fr >= fg) << 2 | usize::from(fg >= fb) << 1 | usize::from(fr >= fb);
        let (s1, s2) = TETRAHEDRA[order];
        let hi = fr.max(fg).max(fb);
        let lo = fr.min(fg).min(fb);
        let mid = fr + fg + fb - hi - lo;
        let p0 = self.entries[origin];
        let p1 = self.entries[origin + s1];
        let p2 = self.entries[origin + s1 + s2];
        let p3 = self.entries[origin + STRIDE_R + STRIDE_G + STRIDE_B];
        let (w0, w1, w2, w3) = (256 - hi, hi - mid, mid - lo, lo);
        let mut out = [0u8; 4];
        for i in 0..4 {
            // Spelled out: `array::map` here is not always inlined, and costs half the time.
            let sum =
                u32::from(p0[i]) * w0 + u32::from(p1[i]) * w1 + u32::from(p2[i]) * w2 + u32::from(p3[i]) * w3;
            out[i] = ((sum + (1 << 15)) >> 16).min(255) as u8;
        }
        out
    }
}

impl CmykTable {
    /// Converts a row of sRGB pixels into four planes, one byte per pixel each. Eight
    /// pixels at a time with AVX2 where the processor has it, the rest one by one; both
    /// paths do the same integer arithmetic, so the bytes never depend on the machine.
    fn convert_row(&self, rgb: &[u8], planes: [&mut [u8]; 4]) {
        let [p0, p1, p2, p3] = planes;
        let count = (rgb.len() / 3).min(p0.len()).min(p1.len()).min(p2.len()).min(p3.len());
        #[allow(unused_mut)]
        let mut done = 0;
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2 (checked above).
            done =
                unsafe { avx2::convert(self, &rgb[..count * 3], [&mut *p0, &mut *p1, &mut *p2, &mut *p3]) };
        }
        for i in done..count {
            [p0[i], p1[i], p2[i], p3[i]] = self.lookup(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]);
        }
    }
}

/// The table for an ink limit, built once per limit a process uses (one, nearly
/// always; a handful at most, each 140 KB, kept for the process's life).
fn cmyk_table(limit: InkLimit) -> Result<&'static CmykTable, String> {
    type Tables = std::sync::Mutex<Vec<(InkLimit, &'static CmykTable)>>;
    static TABLES: OnceLock<Tables> = OnceLock::new();
    let tables = TABLES.get_or_init(Default::default);
    let mut tables = tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, table)) = tables.iter().find(|(l, _)| *l == limit) {
        return Ok(table);
    }
    let table: &'static CmykTable = Box::leak(Box::new(CmykTable::build(limit)?));
    tables.push((limit, table));
    Ok(table)
}

/// The CMYK table with each grid point turned into what a YCCK JPEG stores: the
/// JFIF luma and chroma of C, M and Y, and K inverted (Adobe's convention). The
/// transform from CMY is linear, so interpolating it is as exact as interpolating CMYK,
/// and the JPEG encoder then has no conversion left to do.
fn ycck_table(limit: InkLimit) -> Result<&'static CmykTable, String> {
    type Tables = std::sync::Mutex<Vec<(InkLimit, &'static CmykTable)>>;
    static TABLES: OnceLock<Tables> = OnceLock::new();
    let tables = TABLES.get_or_init(Default::default);
    let mut tables = tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, table)) = tables.iter().find(|(l, _)| *l == limit) {
        return Ok(table);
    }
    let cmyk = cmyk_table(limit)?;
    let entries = cmyk.entries.iter().map(|&[c, m, y, k]| cmy_to_ycc(c, m, y, k)).collect();
    let table: &'static CmykTable = Box::leak(Box::new(CmykTable { entries, axis: cmyk.axis }));
    tables.push((limit, table));
    Ok(table)
}

/// JFIF YCbCr of C, M, Y and inverted K, all scaled by 256.
fn cmy_to_ycc(c: u16, m: u16, y: u16, k: u16) -> [u16; 4] {
    let [c, m, y] = [c, m, y].map(f32::from);
    let luma = 0.299 * c + 0.587 * m + 0.114 * y;
    let blue = -0.168_74 * c - 0.331_26 * m + 0.5 * y + 128.0 * 256.0;
    let red = 0.5 * c - 0.418_69 * m - 0.081_31 * y + 128.0 * 256.0;
    let clamp = |v: f32| v.round().clamp(0.0, 255.0 * 256.0) as u16;
    [clamp(luma), clamp(blue), clamp(red), 255 * 256 - k]
}

#[cfg(test)]
/// Converts sRGB pixels (3 bytes each) to CMYK (4 bytes each) through the output
/// profile, within `limit`.
pub(crate) fn srgb_to_cmyk(rgb: &[u8], limit: InkLimit) -> Result<Vec<u8>, String> {
    let table = cmyk_table(limit)?;
    let mut cmyk = vec![0u8; rgb.len() / 3 * 4];
    for (pixel, four) in rgb.chunks_exact(3).zip(cmyk.chunks_exact_mut(4)) {
        four.copy_from_slice(&table.lookup(pixel[0], pixel[1], pixel[2]));
    }
    Ok(cmyk)
}

/// An sRGB image the JPEG encoder reads as YCCK in the output profile, converting
/// each row as it asks for it: no converted copy of the photo is ever held.
pub(crate) struct YcckImage<'a> {
    rgb: &'a [u8],
    width: u16,
    height: u16,
    table: &'static CmykTable,
}

impl<'a> YcckImage<'a> {
    /// Wraps `width` x `height` sRGB pixels, to be converted within `limit`.
    pub(crate) fn new(
        rgb: &'a [u8],
        width: u16,
        height: u16,
        limit: InkLimit,
    ) -> Result<YcckImage<'a>, String> {
        if rgb.len() != usize::from(width) * usize::from(height) * 3 {
            return Err("the photo's pixel buffer does not match its size".into());
        }
        Ok(YcckImage { rgb, width, height, table: ycck_table(limit)? })
    }
}

impl jpeg_encoder::ImageBuffer for YcckImage<'_> {
    fn get_jpeg_color_type(&self) -> jpeg_encoder::JpegColorType {
        jpeg_encoder::JpegColorType::Ycck
    }

    fn width(&self) -> u16 {
        self.width
    }

    fn height(&self) -> u16 {
        self.height
    }

    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        let row = usize::from(self.width) * 3;
        let start = usize::from(y) * row;
        let Some(pixels) = self.rgb.get(start..start + row) else { return };
        let width = usize::from(self.width);
        let planes = buffers.each_mut().map(|plane| {
            let from = plane.len();
            plane.resize(from + width, 0);
            &mut plane[from..]
        });
        self.table.convert_row(pixels, planes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_text_is_k_only_on_press() {
        let Some(Color::Cmyk(ink)) = paint_color(Paint::Ink, Profile::Press) else { panic!() };
        assert_eq!((ink.c, ink.m, ink.y, ink.k), (0.0, 0.0, 0.0, 1.0));
        let Some(Color::Cmyk(grey)) = paint_color(Paint::Muted, Profile::Press) else { panic!() };
        assert_eq!((grey.c, grey.m, grey.y), (0.0, 0.0, 0.0));
        assert!(paint_color(Paint::Registration, Profile::Press).is_none());
    }

    #[test]
    fn the_table_matches_the_profile_pipeline() {
        let pixels: Vec<u8> = (0..3000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let direct = {
            let mut out = vec![0u8; pixels.len() / 3 * 4];
            cmyk_transform().unwrap().transform(&pixels, &mut out).unwrap();
            out
        };
        let table = srgb_to_cmyk(&pixels, InkLimit::DEFAULT).unwrap();
        let worst = direct.iter().zip(&table).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
        assert!(worst <= 4, "table differs from the pipeline by up to {worst} of 255");
    }

    #[test]
    fn row_conversion_matches_the_scalar_lookup_for_every_colour_step() {
        // Every colour on a 4-step lattice plus scattered ones, in a row whose length
        // is not a multiple of eight, so both the vector groups and the tail are used.
        let mut pixels: Vec<u8> = Vec::new();
        for r in (0..=255u8).step_by(4) {
            for g in (0..=255u8).step_by(4) {
                for b in (0..=255u8).step_by(4) {
                    pixels.extend([r, g, b]);
                }
            }
        }
        pixels.extend((0..3 * 1003u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        for table in [cmyk_table(InkLimit::DEFAULT).unwrap(), ycck_table(InkLimit::DEFAULT).unwrap()] {
            let count = pixels.len() / 3;
            let mut planes = vec![vec![0u8; count]; 4];
            let [a, b, c, d] = &mut planes[..] else { unreachable!() };
            table.convert_row(&pixels, [a, b, c, d]);
            for (i, pixel) in pixels.chunks_exact(3).enumerate() {
                let expected = table.lookup(pixel[0], pixel[1], pixel[2]);
                let got = [0, 1, 2, 3].map(|p| planes[p][i]);
                assert_eq!(got, expected, "pixel {i} {pixel:?}");
            }
        }
    }

    #[test]
    fn ycck_is_the_jpeg_encoders_own_conversion_of_the_cmyk() {
        let pixels: Vec<u8> = (0..3000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let cmyk = srgb_to_cmyk(&pixels, InkLimit::DEFAULT).unwrap();
        // The rows exactly as the encoder reads them.
        let image = YcckImage::new(&pixels, 1000, 1, InkLimit::DEFAULT).unwrap();
        let mut planes: [Vec<u8>; 4] = Default::default();
        jpeg_encoder::ImageBuffer::fill_buffers(&image, 0, &mut planes);
        let ycck: Vec<[u8; 4]> = (0..1000).map(|i| [0, 1, 2, 3].map(|p| planes[p][i])).collect();
        assert_eq!(ycck.len() * 4, cmyk.len());
        for (four, ours) in cmyk.chunks_exact(4).zip(&ycck) {
            let (y, cb, cr) = jpeg_encoder::rgb_to_ycbcr(four[0], four[1], four[2]);
            let theirs = [y, cb, cr, 255 - four[3]];
            let worst = theirs.iter().zip(ours).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
            assert!(worst <= 2, "{four:?}: {ours:?} against {theirs:?}");
        }
    }

    #[test]
    fn conversion_goes_through_the_profile() {
        // White takes no ink; black takes a lot, within the 300 % limit; pure red has
        // magenta and yellow but no cyan to speak of.
        let cmyk = srgb_to_cmyk(&[255, 255, 255, 0, 0, 0, 255, 0, 0], InkLimit::DEFAULT).unwrap();
        assert!(cmyk[..4].iter().all(|&v| v <= 2), "white {:?}", &cmyk[..4]);
        let black: u32 = cmyk[4..8].iter().map(|&v| v as u32).sum();
        assert!(black > 500 && black <= 765 + 3, "black total {black} of 1020");
        assert!(cmyk[9] > 200 && cmyk[10] > 200 && cmyk[8] < 30, "red {:?}", &cmyk[8..12]);
    }

    /// The most ink any colour of the table gives, in percent.
    fn table_max(limit: InkLimit) -> f32 {
        let table = cmyk_table(limit).unwrap();
        let mut worst = 0u32;
        for r in (0..=255u8).step_by(3) {
            for g in (0..=255u8).step_by(3) {
                for b in (0..=255u8).step_by(3) {
                    let ink: u32 = table.lookup(r, g, b).iter().map(|&v| u32::from(v)).sum();
                    worst = worst.max(ink);
                }
            }
        }
        worst as f32 * 100.0 / 255.0
    }

    #[test]
    fn no_colour_takes_more_ink_than_the_limit() {
        for percent in [300, 260, 220] {
            let worst = table_max(InkLimit::new(percent).unwrap());
            assert!(worst <= f32::from(percent) - 2.0, "{percent} %: up to {worst} %");
            // The limit binds: the darkest colours come close to it.
            assert!(worst >= f32::from(percent) - 10.0, "{percent} %: only {worst} %");
        }
    }

    #[test]
    fn neutral_shadows_are_mostly_black() {
        for percent in [300, 240] {
            let limit = InkLimit::new(percent).unwrap();
            for v in [0u8, 20, 40, 60] {
                let [c, m, y, k] = <[u8; 4]>::try_from(srgb_to_cmyk(&[v, v, v], limit).unwrap()).unwrap();
                assert!(k > c && k > m && k > y, "{percent} %: grey {v} is {:?}", [c, m, y, k]);
            }
        }
    }

    #[test]
    fn grey_component_replacement_keeps_the_hue_and_the_limit() {
        // A neutral over the limit loses equal C, M, Y to K; a colour with K full is
        // scaled down evenly.
        let out = limit_ink([150.0, 140.0, 130.0, 100.0], 480.0);
        assert_eq!(out, [130.0, 120.0, 110.0, 120.0]);
        let out = limit_ink([250.0, 250.0, 250.0, 255.0], 600.0);
        assert!((out.iter().sum::<f32>() - 600.0).abs() < 0.01, "{out:?}");
        assert_eq!(out[3], 255.0);
        assert_eq!(limit_ink([10.0, 20.0, 30.0, 40.0], 600.0), [10.0, 20.0, 30.0, 40.0]);
    }
}
