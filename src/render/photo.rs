//! The photo for a PDF: cropped, downsampled to the profile's resolution, JPEG; for
//! press, converted to CMYK through the output profile first.

use std::sync::Arc;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};

use crate::layout::CropRect;
use crate::load::Photo;
use crate::once_map::OnceMap;

/// JPEG bytes ready to embed with `/DCTDecode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedPhoto {
    /// The JPEG file.
    pub jpeg: Vec<u8>,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Colour of the samples.
    pub space: PhotoSpace,
}

/// Colour space of an encoded photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoSpace {
    /// sRGB, for home prints.
    Rgb,
    /// CMYK in the output profile's terms, for press. Stored the Adobe way (inverted,
    /// with an APP14 marker), so the PDF gives it a `/Decode [1 0 1 0 1 0 1 0]`.
    Cmyk,
}

/// JPEG quality: high enough that a press proof shows no blocking.
const QUALITY: u8 = 90;

/// Pixel size for a crop placed at `frame_w` x `frame_h` points, at most `max_ppi`
/// and never more than the crop itself (no upsampling).
pub fn target_pixels(crop: CropRect, frame_w: f32, frame_h: f32, max_ppi: f32) -> (u32, u32) {
    let w = ((frame_w / 72.0) * max_ppi).floor() as u32;
    let h = ((frame_h / 72.0) * max_ppi).floor() as u32;
    // `max(1)`: an empty crop asks for one pixel rather than a clamp that panics.
    (w.clamp(1, crop.width.max(1)), h.clamp(1, crop.height.max(1)))
}

/// Crops, resamples and encodes; for CMYK, converts through the output profile.
pub fn encode(
    photo: &Photo,
    crop: CropRect,
    size: (u32, u32),
    space: PhotoSpace,
) -> Result<EncodedPhoto, String> {
    let mut resized = image::RgbImage::new(size.0, size.1);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom)).crop(
        crop.x as f64,
        crop.y as f64,
        crop.width as f64,
        crop.height as f64,
    );
    Resizer::new()
        .resize(&photo.pixels, &mut resized, &options)
        .map_err(|e| format!("cannot resample the photo: {e}"))?;
    let (Ok(w), Ok(h)) = (u16::try_from(size.0), u16::try_from(size.1)) else {
        return Err("the photo is too large for JPEG".into());
    };
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, QUALITY);
    // Colour detail at half resolution, as cameras and prepress tools store photos:
    // invisible at 200-300 ppi, and it nearly halves the encoding work and the bytes.
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    let encoded = match space {
        PhotoSpace::Rgb => encoder.encode(resized.as_raw(), w, h, jpeg_encoder::ColorType::Rgb),
        PhotoSpace::Cmyk => {
            // YCCK (Adobe transform 2) subsamples the colour of C, M and Y but keeps K,
            // which carries the detail, at full resolution.
            encoder.encode_image(super::color::YcckImage::new(resized.as_raw(), w, h)?)
        }
    };
    encoded.map_err(|e| format!("cannot encode the photo: {e}"))?;
    Ok(EncodedPhoto { jpeg, width: size.0, height: size.1, space })
}

type PhotoKey = (usize, CropRect, (u32, u32), PhotoSpace);

/// Encoded photos shared by the jobs of a build: every language of a case places the
/// same crop at the same size, so it is encoded once per profile.
#[derive(Debug, Default)]
pub struct PhotoCache {
    encoded: OnceMap<PhotoKey, Result<Arc<EncodedPhoto>, String>>,
}

impl PhotoCache {
    /// The encoded photo for this crop, size and colour, encoding it on first use.
    /// Jobs wanting the same photo wait for one encoding; other photos go on in parallel.
    pub fn get(
        &self,
        photo: &Arc<Photo>,
        crop: CropRect,
        size: (u32, u32),
        space: PhotoSpace,
    ) -> Result<Arc<EncodedPhoto>, String> {
        let key = (Arc::as_ptr(photo) as usize, crop, size, space);
        self.encoded.get_or_init(key, || encode(photo, crop, size, space).map(Arc::new))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsamples_to_the_ppi_limit_but_never_up() {
        let crop = CropRect { x: 0, y: 0, width: 2000, height: 1000 };
        // 144 pt = 2 in; at 200 ppi that is 400 px.
        assert_eq!(target_pixels(crop, 144.0, 72.0, 200.0), (400, 200));
        let small = CropRect { x: 0, y: 0, width: 100, height: 50 };
        assert_eq!(target_pixels(small, 144.0, 72.0, 200.0), (100, 50));
    }
}
