//! The photo for a PDF: cropped, downsampled to the profile's resolution, JPEG.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};

use crate::layout::CropRect;
use crate::load::Photo;

/// JPEG bytes ready to embed with `/DCTDecode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedPhoto {
    /// The JPEG file.
    pub jpeg: Vec<u8>,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

/// Pixel size for a crop placed at `frame_w` x `frame_h` points, at most `max_ppi`
/// and never more than the crop itself (no upsampling).
pub fn target_pixels(crop: CropRect, frame_w: f32, frame_h: f32, max_ppi: f32) -> (u32, u32) {
    let w = ((frame_w / 72.0) * max_ppi).floor() as u32;
    let h = ((frame_h / 72.0) * max_ppi).floor() as u32;
    (w.clamp(1, crop.width), h.clamp(1, crop.height))
}

/// Crops, resamples and encodes.
pub fn encode(photo: &Photo, crop: CropRect, size: (u32, u32)) -> EncodedPhoto {
    let cropped =
        imageops::crop_imm(&photo.pixels, crop.x, crop.y, crop.width, crop.height).to_image();
    let resized = if (crop.width, crop.height) == size {
        cropped
    } else {
        imageops::resize(&cropped, size.0, size.1, FilterType::CatmullRom)
    };
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 88)
        .encode_image(&resized)
        .expect("encoding an in-memory RGB image to a Vec cannot fail");
    EncodedPhoto {
        jpeg,
        width: size.0,
        height: size.1,
    }
}

type PhotoKey = (usize, CropRect, (u32, u32));

/// Encoded photos shared by the jobs of a build: every language of a case places the
/// same crop at the same size, so it is encoded once.
#[derive(Debug, Default)]
pub struct PhotoCache {
    entries: Mutex<HashMap<PhotoKey, Arc<EncodedPhoto>>>,
}

impl PhotoCache {
    /// The encoded photo for this crop and size, encoding it on first use.
    pub fn get(&self, photo: &Arc<Photo>, crop: CropRect, size: (u32, u32)) -> Arc<EncodedPhoto> {
        let key = (Arc::as_ptr(photo) as usize, crop, size);
        // Encoding under the lock makes a second job for the same photo wait for the
        // first instead of doing the same work.
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .entry(key)
            .or_insert_with(|| Arc::new(encode(photo, crop, size)))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsamples_to_the_ppi_limit_but_never_up() {
        let crop = CropRect {
            x: 0,
            y: 0,
            width: 2000,
            height: 1000,
        };
        // 144 pt = 2 in; at 200 ppi that is 400 px.
        assert_eq!(target_pixels(crop, 144.0, 72.0, 200.0), (400, 200));
        let small = CropRect {
            x: 0,
            y: 0,
            width: 100,
            height: 50,
        };
        assert_eq!(target_pixels(small, 144.0, 72.0, 200.0), (100, 50));
    }
}
