//! Colour per profile: RGB for home prints; for press, CMYK with black text on the
//! black plate only, registration for marks, and the photo converted through the
//! output profile.

use std::sync::{Arc, OnceLock};

use moxcms::{ColorProfile, Layout, RenderingIntent, TransformExecutor, TransformOptions};
use printpdf::{Cmyk, Color, Rgb};

use crate::layout::Profile;
use crate::text::Paint;

/// The CMYK output profile (coated FOGRA39, built with ArgyllCMS; see icc/README.md).
pub const OUTPUT_PROFILE: &[u8] = include_bytes!("icc/appealpress-FOGRA39L.icc");

/// [`OUTPUT_PROFILE`] deflated, once per process: every press file embeds it.
pub fn output_profile_deflated() -> &'static [u8] {
    use std::io::Write;
    static DEFLATED: OnceLock<Vec<u8>> = OnceLock::new();
    DEFLATED.get_or_init(|| {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(OUTPUT_PROFILE).expect("writing to a Vec cannot fail");
        encoder.finish().expect("writing to a Vec cannot fail")
    })
}

/// Name of the registration colour space in page resources.
pub const REGISTRATION: &str = "CSReg";

/// The fill or stroke colour of a paint; `None` for registration, which is a
/// Separation colour space set up by [`super::fixup`] rather than a device colour.
pub fn paint_color(paint: Paint, profile: Profile) -> Option<Color> {
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
    /// CMYK at each grid point, index `(r * GRID + g) * GRID + b`, 0..255 scaled by 256.
    entries: Vec<[u32; 4]>,
}

impl CmykTable {
    fn build() -> Result<CmykTable, String> {
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
        let entries = cmyk.chunks_exact(4).map(|c| [0, 1, 2, 3].map(|i| u32::from(c[i]) << 8)).collect();
        Ok(CmykTable { entries })
    }

    /// Tetrahedral interpolation between the eight grid points around a colour.
    fn lookup(&self, rgb: [u8; 3]) -> [u8; 4] {
        // Position on the grid in 1/256 steps.
        let scaled = rgb.map(|v| u32::from(v) * (GRID as u32 - 1) * 256 / 255);
        let base = scaled.map(|v| ((v >> 8) as usize).min(GRID - 2));
        let frac = [0, 1, 2].map(|i| scaled[i] - ((base[i] as u32) << 8));
        let at = |dr: usize, dg: usize, db: usize| {
            &self.entries[((base[0] + dr) * GRID + base[1] + dg) * GRID + base[2] + db]
        };
        let (fr, fg, fb) = (frac[0], frac[1], frac[2]);
        // The tetrahedron holding the point, by the order of its fractions.
        let (p1, p2, w) = if fr >= fg && fg >= fb {
            (at(1, 0, 0), at(1, 1, 0), [256 - fr, fr - fg, fg - fb, fb])
        } else if fr >= fb && fb >= fg {
            (at(1, 0, 0), at(1, 0, 1), [256 - fr, fr - fb, fb - fg, fg])
        } else if fb >= fr && fr >= fg {
            (at(0, 0, 1), at(1, 0, 1), [256 - fb, fb - fr, fr - fg, fg])
        } else if fg >= fr && fr >= fb {
            (at(0, 1, 0), at(1, 1, 0), [256 - fg, fg - fr, fr - fb, fb])
        } else if fg >= fb && fb >= fr {
            (at(0, 1, 0), at(0, 1, 1), [256 - fg, fg - fb, fb - fr, fr])
        } else {
            (at(0, 0, 1), at(0, 1, 1), [256 - fb, fb - fg, fg - fr, fr])
        };
        let (p0, p3) = (at(0, 0, 0), at(1, 1, 1));
        [0, 1, 2, 3].map(|i| {
            let sum = p0[i] * w[0] + p1[i] * w[1] + p2[i] * w[2] + p3[i] * w[3];
            ((sum + (1 << 15)) >> 16).min(255) as u8
        })
    }
}

fn cmyk_table() -> Result<&'static CmykTable, String> {
    static TABLE: OnceLock<Result<CmykTable, String>> = OnceLock::new();
    TABLE.get_or_init(CmykTable::build).as_ref().map_err(Clone::clone)
}

/// Converts sRGB pixels (3 bytes each) to CMYK (4 bytes each) through the output profile.
pub fn srgb_to_cmyk(rgb: &[u8]) -> Result<Vec<u8>, String> {
    let table = cmyk_table()?;
    let mut cmyk = Vec::with_capacity(rgb.len() / 3 * 4);
    for pixel in rgb.chunks_exact(3) {
        cmyk.extend(table.lookup([pixel[0], pixel[1], pixel[2]]));
    }
    Ok(cmyk)
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
        let table = srgb_to_cmyk(&pixels).unwrap();
        let worst = direct.iter().zip(&table).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
        assert!(worst <= 4, "table differs from the pipeline by up to {worst} of 255");
    }

    #[test]
    fn conversion_goes_through_the_profile() {
        // White takes no ink; black takes a lot, within the 300 % limit; pure red has
        // magenta and yellow but no cyan to speak of.
        let cmyk = srgb_to_cmyk(&[255, 255, 255, 0, 0, 0, 255, 0, 0]).unwrap();
        assert!(cmyk[..4].iter().all(|&v| v <= 2), "white {:?}", &cmyk[..4]);
        let black: u32 = cmyk[4..8].iter().map(|&v| v as u32).sum();
        assert!(black > 500 && black <= 765 + 3, "black total {black} of 1020");
        assert!(cmyk[9] > 200 && cmyk[10] > 200 && cmyk[8] < 30, "red {:?}", &cmyk[8..12]);
    }
}
