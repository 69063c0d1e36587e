//! The photo for a PDF: cropped, downsampled to the profile's resolution, JPEG; for
//! press, converted to CMYK through the output profile first.
//!
//! The libraries pick vector code for the processor at run time, so a file's bytes
//! stay the same on another machine only if every path computes the same integers.
//! The tests check it for resampling, for the encoder's colour conversion, for our
//! CMYK table (`color.rs`) and for decoding (`load/photo.rs`). The encoder's AVX2 DCT
//! is a port of libjpeg-turbo's, made bit-exact with the scalar one; the crate does not
//! expose it to compare from here.

use std::sync::Arc;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};

use super::color::InkLimit;
use crate::layout::{CropRect, FrameItem, PagedDocument, Profile};
use image::RgbImage;

use crate::load::{DecodedPixels, Photo};
use crate::once_map::OnceMap;

/// JPEG bytes ready to embed with `/DCTDecode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EncodedPhoto {
    /// The JPEG file.
    pub(crate) jpeg: Vec<u8>,
    /// Pixel width.
    pub(crate) width: u32,
    /// Pixel height.
    pub(crate) height: u32,
    /// Colour of the samples.
    pub(crate) space: PhotoSpace,
    /// `None` when the image is the crop itself; else the image is the whole photo,
    /// passed through as it is, and this part of it (in its pixels) fills the frame,
    /// the rest clipped away.
    pub(crate) shows: Option<CropRect>,
}

impl EncodedPhoto {
    /// The JPEG's pixels as RGB, decoded at the smallest scale (1/8, 1/4, 1/2 or 1)
    /// that still has `needed` pixels, for drawing the photo small (a thumbnail). A
    /// CMYK photo (press) is not drawn this way.
    pub(crate) fn decode_for(&self, needed: (u32, u32)) -> Result<RgbImage, String> {
        crate::load::photo::decode_jpeg_scaled(&self.jpeg, needed)
            .map(|image| image.into_rgb8())
            .map_err(|e| format!("cannot decode the photo's JPEG: {e}"))
    }
}

/// Colour space of an encoded photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PhotoSpace {
    /// sRGB, for home prints.
    Rgb,
    /// Grey, for a grey JPEG passed through to a home print.
    Grey,
    /// CMYK in the output profile's terms, for press, within an ink limit. Stored the
    /// Adobe way (inverted, with an APP14 marker), so the PDF gives it a
    /// `/Decode [1 0 1 0 1 0 1 0]`.
    Cmyk(InkLimit),
}

/// What a profile asks of the photo's resolution, in pixels per inch at its placed
/// size: the one statement of it, read by the renderer (how far to downsample) and
/// by the build's preflight (when to warn or fail).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PhotoRules {
    /// Photos are downsampled to this; more pixels would not print.
    pub(crate) target_ppi: f32,
    /// Below this the job warns: press wants its full target, while a desktop print
    /// shows its pixels only below 100 ppi (a 400 px photo on the cover is 56).
    pub(crate) warn_below: f32,
    /// Below this the job fails (press only: a print shop would print it blurred).
    pub(crate) fail_below: Option<f32>,
}

impl PhotoRules {
    /// The rules of a profile: home prints at 200 ppi, press at 300.
    pub(crate) fn of(profile: Profile) -> PhotoRules {
        match profile {
            Profile::Home => PhotoRules { target_ppi: 200.0, warn_below: 100.0, fail_below: None },
            Profile::Press => PhotoRules { target_ppi: 300.0, warn_below: 300.0, fail_below: Some(150.0) },
        }
    }
}

/// A photo as the renderer asks the cache for it: crop, pixel size, colour space.
pub(crate) type PhotoRequest = (CropRect, (u32, u32), PhotoSpace);

/// What the renderer asks of the photo cache for an image of `crop` placed at
/// `width` x `height` points: the crop, its pixel size at the profile's target
/// resolution, and its colour space.
pub(crate) fn request(
    crop: CropRect,
    width: f32,
    height: f32,
    profile: Profile,
    ink: InkLimit,
) -> (CropRect, (u32, u32), PhotoSpace) {
    let size = target_pixels(crop, width, height, PhotoRules::of(profile).target_ppi);
    let space = match profile {
        Profile::Home => PhotoSpace::Rgb,
        Profile::Press => PhotoSpace::Cmyk(ink),
    };
    (crop, size, space)
}

/// The photos a document shows, as the renderer will ask for them, in page order.
pub(crate) fn requests(doc: &PagedDocument, profile: Profile, ink: InkLimit) -> Vec<PhotoRequest> {
    let mut wanted = Vec::new();
    if doc.photo.is_none() {
        return wanted;
    }
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let FrameItem::Image { width, height, crop, .. } = item {
            let request = request(*crop, *width, *height, profile, ink);
            if !wanted.contains(&request) {
                wanted.push(request);
            }
        }
    }
    wanted
}

/// JPEG quality: high enough that a press proof shows no blocking.
const QUALITY: u8 = 90;

/// Pixel size for a crop placed at `frame_w` x `frame_h` points, at most `max_ppi`
/// and never more than the crop itself (no upsampling).
pub(crate) fn target_pixels(crop: CropRect, frame_w: f32, frame_h: f32, max_ppi: f32) -> (u32, u32) {
    let w = ((frame_w / 72.0) * max_ppi).floor() as u32;
    let h = ((frame_h / 72.0) * max_ppi).floor() as u32;
    // `max(1)`: an empty crop asks for one pixel rather than a clamp that panics.
    (w.clamp(1, crop.width.max(1)), h.clamp(1, crop.height.max(1)))
}

/// A home photo's JPEG as it is, when it already is about the size the output needs
/// (at most [`PASS_THROUGH_MARGIN`] times as many pixels across the crop), upright and
/// in sRGB or grey: no decoding, no re-encoding, as typesetters such as Typst do.
pub(crate) fn pass_through(photo: &Photo, crop: CropRect, size: (u32, u32)) -> Option<EncodedPhoto> {
    let facts = photo.embeddable_jpeg()?;
    let near = |have: u32, need: u32| f64::from(have) <= f64::from(need) * PASS_THROUGH_MARGIN;
    if !(near(crop.width, size.0) && near(crop.height, size.1)) {
        return None;
    }
    let (width, height) = facts.stored;
    let whole = CropRect { x: 0, y: 0, width, height };
    let space = if facts.components == 1 { PhotoSpace::Grey } else { PhotoSpace::Rgb };
    let shows = (crop != whole).then_some(crop);
    // The file's metadata (GPS position, camera serial, names, comments) stays out of
    // the PDF; a file whose structure is not plain enough to strip is encoded anew.
    let jpeg = strip_metadata(photo.bytes()).ok()?;
    Some(EncodedPhoto { jpeg, width, height, space, shows })
}

/// The JPEG `bytes` with nothing but what printing it needs: the frame, tables and
/// scans byte for byte (restart markers included, and the segments between the scans
/// of a progressive file), the JFIF marker (APP0) without its thumbnail, and Adobe's
/// colour marker (APP14). Every other APPn (EXIF with its GPS position, serial numbers
/// and thumbnail, XMP, IPTC/Photoshop, ICC, MPF, maker notes), every comment (COM)
/// and whatever follows the end of the image (the other images of an MPF file, phone
/// trailers) is dropped.
///
/// The ICC profile goes too: a photo is passed through only when it is sRGB (or has
/// no profile), and the PDF gives it `/DeviceRGB` or `/DeviceGray`, which readers use
/// instead of a profile inside the JPEG; the profile's own text (description,
/// copyright, device model) is one more place for something to leak.
///
/// Written here rather than with `img-parts`: that crate parses segments only up to
/// the first scan and keeps the rest of the file as one opaque piece, so a comment or
/// APPn between progressive scans, or an image appended after the end marker, would
/// pass through it untouched; telling them apart needs this walk through the scans
/// anyway.
///
/// An error (no pass-through, the photo is encoded anew) for anything but a baseline,
/// extended or progressive Huffman JPEG that ends with its end marker: what `DCTDecode`
/// in every PDF reader reads.
pub(crate) fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("not a JPEG file".into());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend([0xFF, 0xD8]);
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(format!("no marker at byte {at}"));
        }
        // Fill bytes may come before a marker; they carry nothing.
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else {
            return Err("the file ends before its end marker".into());
        };
        at += 1;
        if marker == 0xD9 {
            // The end of the image: anything after it is not part of this picture.
            out.extend([0xFF, 0xD9]);
            return Ok(out);
        }
        let marker_at = at - 2;
        let Some(&[high, low]) = bytes.get(at..at + 2) else {
            return Err("the file ends inside a segment".into());
        };
        let length = usize::from(u16::from_be_bytes([high, low]));
        let Some(body) = bytes.get(at + 2..at + length).filter(|_| length >= 2) else {
            return Err(format!("segment {marker:#04X} at byte {marker_at} has a bad length"));
        };
        at += length;
        let kept: Option<std::borrow::Cow<[u8]>> = match marker {
            // Frames DCTDecode reads (baseline, extended, progressive; Huffman coded),
            // Huffman tables, quantization tables, the restart interval, a number of
            // lines, and scan headers.
            0xC0 | 0xC1 | 0xC2 | 0xC4 | 0xDB | 0xDD | 0xDC | 0xDA => Some(body.into()),
            // JFIF: version, density units and density; the thumbnail is dropped.
            0xE0 if body.starts_with(b"JFIF\0") && body.len() >= 14 => {
                Some([&body[..12], &[0u8, 0][..]].concat().into())
            }
            // Adobe: whether three or four channels are YCbCr/YCCK or RGB/CMYK.
            0xEE if body.starts_with(b"Adobe") && body.len() >= 12 => Some(body[..12].into()),
            0xE0..=0xEF | 0xFE => None,
            _ => return Err(format!("unexpected marker {marker:#04X} at byte {marker_at}")),
        };
        if let Some(body) = kept {
            out.extend([0xFF, marker]);
            out.extend(u16::try_from(body.len() + 2).map_err(|e| e.to_string())?.to_be_bytes());
            out.extend(body.iter());
        }
        if marker == 0xDA {
            // The scan's coded data runs to the next marker that is neither a stuffed
            // zero (FF 00) nor a restart (FF D0 to FF D7); copied byte for byte.
            let start = at;
            loop {
                let Some(ff) = bytes[at..].iter().position(|&b| b == 0xFF) else {
                    return Err("the file ends inside a scan".into());
                };
                at += ff;
                match bytes.get(at + 1) {
                    Some(0x00 | 0xD0..=0xD7) => at += 2,
                    Some(_) => break,
                    None => return Err("the file ends inside a scan".into()),
                }
            }
            out.extend(&bytes[start..at]);
        }
    }
}

/// How many times the pixels an output needs a JPEG may have and still be passed
/// through: up to 300 ppi in a home print's 200 ppi frame costs bytes, not quality.
pub(crate) const PASS_THROUGH_MARGIN: f64 = 1.5;

/// Crops, resamples and encodes; for CMYK, converts through the output profile. The
/// photo is decoded at the smallest scale that still has `size` pixels in the crop.
pub(crate) fn encode(
    photo: &Photo,
    crop: CropRect,
    size: (u32, u32),
    space: PhotoSpace,
) -> Result<EncodedPhoto, String> {
    let pixels = photo.pixels(photo.scale_for((crop.width, crop.height), size))?;
    let region = scaled_crop(crop, photo.size(), pixels.upright_size());
    let resized = resample(&pixels, region, size, PDF_RESAMPLING)
        .map_err(|e| format!("cannot resample the photo: {e}"))?;
    let (Ok(w), Ok(h)) = (u16::try_from(size.0), u16::try_from(size.1)) else {
        return Err("the photo is too large for JPEG".into());
    };
    let mut jpeg = Vec::new();
    let encoder = jpeg_encoder(&mut jpeg);
    let encoded = match space {
        PhotoSpace::Rgb | PhotoSpace::Grey => {
            encoder.encode(resized.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        }
        PhotoSpace::Cmyk(ink) => {
            // YCCK (Adobe transform 2), every channel at full resolution: C, M and Y
            // rebuilt from subsampled chroma overshoot at a hard edge in the shadows
            // (a 2 x 2 average of black and deep blue gave 336 % under a 300 % limit).
            let mut encoder = encoder;
            encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
            encoder.encode_image(super::color::YcckImage::new(resized.as_raw(), w, h, ink)?)
        }
    };
    encoded.map_err(|e| format!("cannot encode the photo: {e}"))?;
    let space = if matches!(space, PhotoSpace::Cmyk(_)) { space } else { PhotoSpace::Rgb };
    Ok(EncodedPhoto { jpeg, width: size.0, height: size.1, space, shows: None })
}

/// The crop (in full-size upright pixels) in the upright pixels of a photo decoded
/// at a reduced scale, `decoded` wide and high: x, y, width, height, kept inside it.
fn scaled_crop(crop: CropRect, full: (u32, u32), decoded: (u32, u32)) -> [f64; 4] {
    let rx = f64::from(decoded.0) / f64::from(full.0);
    let ry = f64::from(decoded.1) / f64::from(full.1);
    let (x, y) = (f64::from(crop.x) * rx, f64::from(crop.y) * ry);
    let w = (f64::from(crop.width) * rx).min(f64::from(decoded.0) - x);
    let h = (f64::from(crop.height) * ry).min(f64::from(decoded.1) - y);
    [x, y, w, h]
}

/// How the PDF's photo is resampled: Catmull-Rom, sharp enough for print after a
/// reduction.
const PDF_RESAMPLING: ResizeAlg = ResizeAlg::Convolution(FilterType::CatmullRom);

/// The `region` (x, y, width, height in the upright decoded pixels) resampled with
/// `algorithm` to `size`, upright. The stored pixels are resampled and only the
/// result is turned, so a photo stored sideways costs no more than one stored upright.
/// The PDF's photo and the thumbnail's are both made here.
pub(crate) fn resample(
    pixels: &DecodedPixels,
    region: [f64; 4],
    size: (u32, u32),
    algorithm: ResizeAlg,
) -> Result<RgbImage, String> {
    let [x, y, width, height] = pixels.stored_rect(region);
    let stored_size = if pixels.swaps_axes() { (size.1, size.0) } else { size };
    let mut resized = RgbImage::new(stored_size.0, stored_size.1);
    let options = ResizeOptions::new().resize_alg(algorithm).crop(x, y, width, height);
    Resizer::new().resize(pixels.stored.as_ref(), &mut resized, &options).map_err(|e| e.to_string())?;
    Ok(crate::load::photo::orient(resized, pixels.orientation))
}

/// The JPEG encoder as every photo is written with.
fn jpeg_encoder(out: &mut Vec<u8>) -> jpeg_encoder::Encoder<&mut Vec<u8>> {
    let mut encoder = jpeg_encoder::Encoder::new(out, QUALITY);
    // Colour detail at half resolution, as cameras and prepress tools store photos:
    // invisible at 200-300 ppi, and it nearly halves the encoding work and the bytes.
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder
}

type PhotoKey = (usize, CropRect, (u32, u32), PhotoSpace);

/// Where encoded photos are kept between runs (the build's cache folder): the render
/// stage reads and writes no file itself.
pub(crate) trait PhotoStore: Send + Sync {
    /// The JPEG stored under `key`, if any.
    fn get(&self, key: &[u8; 32]) -> Option<Vec<u8>>;
    /// Stores `jpeg` under `key`; failing to is no error, the next run encodes again.
    fn put(&self, key: &[u8; 32], jpeg: &[u8]);
}

/// The version of what turns a photo into the JPEG a PDF holds (decoding scale,
/// resampling, colour conversion, CMYK table, encoder settings). Raise it whenever
/// any of that changes, or a dependency doing it does: it is part of every stored
/// photo's key, so older ones are no longer found.
pub(crate) const PIPELINE_VERSION: u32 = 3;

/// The key an encoded photo is stored under: the photo's bytes, the crop, the pixel
/// size, the colour space (and so the profile) and [`PIPELINE_VERSION`].
fn store_key(photo: &Photo, crop: CropRect, size: (u32, u32), space: PhotoSpace) -> [u8; 32] {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    hash.update(PIPELINE_VERSION.to_le_bytes());
    hash.update(photo.digest);
    for value in [crop.x, crop.y, crop.width, crop.height, size.0, size.1] {
        hash.update(value.to_le_bytes());
    }
    match space {
        PhotoSpace::Rgb => hash.update([0]),
        PhotoSpace::Grey => hash.update([1]),
        PhotoSpace::Cmyk(ink) => {
            hash.update([2]);
            hash.update(ink.percent().to_le_bytes());
        }
    }
    hash.finalize().into()
}

/// Encoded photos shared by the jobs of a build: every language of a case places the
/// same crop at the same size, so it is encoded once per profile; with a store, once
/// across runs.
#[derive(Default)]
pub struct PhotoCache {
    encoded: OnceMap<PhotoKey, Result<Arc<EncodedPhoto>, String>>,
    store: Option<Arc<dyn PhotoStore>>,
}

impl std::fmt::Debug for PhotoCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoCache").field("encoded", &self.encoded).finish_non_exhaustive()
    }
}

impl PhotoCache {
    /// A cache that also keeps what it encodes in `store`, and looks there first.
    pub(crate) fn with_store(store: Arc<dyn PhotoStore>) -> PhotoCache {
        PhotoCache { encoded: OnceMap::default(), store: Some(store) }
    }

    /// The encoded photo for this crop, size and colour, encoding it on first use.
    /// Jobs wanting the same photo wait for one encoding; other photos go on in parallel.
    pub(crate) fn get(
        &self,
        photo: &Arc<Photo>,
        crop: CropRect,
        size: (u32, u32),
        space: PhotoSpace,
    ) -> Result<Arc<EncodedPhoto>, String> {
        let key = (Arc::as_ptr(photo) as usize, crop, size, space);
        self.encoded.get_or_init(key, || self.make(photo, crop, size, space).map(Arc::new))
    }

    fn make(
        &self,
        photo: &Photo,
        crop: CropRect,
        size: (u32, u32),
        space: PhotoSpace,
    ) -> Result<EncodedPhoto, String> {
        if space == PhotoSpace::Rgb {
            if let Some(as_is) = pass_through(photo, crop, size) {
                return Ok(as_is);
            }
        }
        // A photo made in memory (no file bytes) has no digest to store it under.
        let store = self.store.as_ref().filter(|_| !photo.bytes().is_empty());
        let key = store.map(|_| store_key(photo, crop, size, space));
        if let (Some(store), Some(key)) = (store, &key) {
            // Stripped on the way out too, so no stored file, whoever wrote it, can
            // bring metadata into a PDF; one that is not a plain JPEG is a miss.
            if let Some(jpeg) = store.get(key).and_then(|jpeg| strip_metadata(&jpeg).ok()) {
                return Ok(EncodedPhoto { jpeg, width: size.0, height: size.1, space, shows: None });
            }
        }
        let mut encoded = encode(photo, crop, size, space)?;
        // The encoder writes JFIF (and Adobe for CMYK) and nothing else; stripping
        // leaves its bytes as they are, and makes that true whatever a new version
        // writes.
        encoded.jpeg = strip_metadata(&encoded.jpeg)?;
        if let (Some(store), Some(key)) = (store, &key) {
            store.put(key, &encoded.jpeg);
        }
        Ok(encoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::RgbImage;

    fn jpeg_photo(exif_orientation: Option<u8>) -> Photo {
        let pixels = RgbImage::from_fn(300, 200, |x, y| image::Rgb([x as u8, y as u8, 90]));
        let mut jpeg = Vec::new();
        jpeg_encoder(&mut jpeg).encode(pixels.as_raw(), 300, 200, jpeg_encoder::ColorType::Rgb).unwrap();
        if let Some(value) = exif_orientation {
            let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0".to_vec();
            tiff.extend([value, 0, 0, 0, 0, 0, 0]);
            let body = [b"Exif\0\0".as_slice(), &tiff].concat();
            let segment = [vec![0xFF, 0xE1], ((body.len() + 2) as u16).to_be_bytes().to_vec(), body].concat();
            jpeg.splice(2..2, segment);
        }
        let span = crate::diag::Span::file("case.yaml");
        crate::load::photo::decode_photo(std::path::Path::new("p.jpg"), &jpeg, &span).unwrap()
    }

    #[test]
    fn a_jpeg_near_the_size_needed_passes_through_clipped() {
        let photo = jpeg_photo(None);
        let whole = CropRect { x: 0, y: 0, width: 300, height: 200 };
        let as_is = pass_through(&photo, whole, (250, 166)).expect("within 1.5x: passed through");
        assert_eq!(as_is.jpeg, photo.bytes());
        assert_eq!((as_is.width, as_is.height, as_is.space, as_is.shows), (300, 200, PhotoSpace::Rgb, None));
        let part = CropRect { x: 20, y: 0, width: 200, height: 200 };
        assert_eq!(pass_through(&photo, part, (200, 200)).unwrap().shows, Some(part));
        // Far more pixels than needed, or stored sideways: decoded and encoded anew.
        assert_eq!(pass_through(&photo, whole, (150, 100)), None);
        let sideways = jpeg_photo(Some(6));
        let upright = CropRect { x: 0, y: 0, width: 200, height: 300 };
        assert_eq!(sideways.size(), (200, 300));
        assert_eq!(pass_through(&sideways, upright, (200, 300)), None);
    }

    /// A segment: marker, length, body.
    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        [&[0xFF, marker][..], &((body.len() + 2) as u16).to_be_bytes(), body].concat()
    }

    /// Where each `FF DA` (start of scan) of a JPEG the encoder wrote is.
    fn scan_starts(jpeg: &[u8]) -> Vec<usize> {
        jpeg.windows(2).enumerate().filter(|(_, w)| w == &[0xFF, 0xDA]).map(|(i, _)| i).collect()
    }

    #[test]
    fn stripping_keeps_the_coded_image_and_drops_all_metadata() {
        let pixels: Vec<u8> =
            (0..97 * 61 * 3).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        for progressive in [false, true] {
            let mut clean = Vec::new();
            let mut encoder = jpeg_encoder(&mut clean);
            encoder.set_progressive(progressive);
            // Restart markers (FF D0 to FF D7) inside the scans must be kept.
            encoder.set_restart_interval(2);
            encoder.encode(&pixels, 97, 61, jpeg_encoder::ColorType::Rgb).unwrap();
            assert!(clean.windows(2).any(|w| w == [0xFF, 0xD3]), "no restart markers to keep");
            // What the encoder writes is kept byte for byte: JFIF, tables, scans.
            assert_eq!(strip_metadata(&clean).unwrap(), clean);

            // The same image with metadata everywhere a file can hold it.
            let mut dirty = clean.clone();
            let scans = scan_starts(&clean);
            if progressive {
                // Between two scans of a progressive file, where img-parts does not look.
                // (The later one first, so the earlier position still holds.)
                dirty.splice(scans[2]..scans[2], segment(0xE1, b"Exif\0\0LATE-EXIF-SECRET"));
                dirty.splice(scans[1]..scans[1], segment(0xFE, b"BETWEEN-SCANS-SECRET"));
            }
            let jfif_end = 2 + 18; // SOI, then the encoder's 18-byte APP0
                                   // A JFIF thumbnail (2 x 1 px), replacing the encoder's APP0.
            let jfif = [&clean[6..18], &[2, 1], &[7u8; 6][..]].concat();
            let inserted = [
                segment(0xE0, &jfif),
                segment(0xE1, b"Exif\0\0MM\0\x2a\0\0\0\x08EXIF-SECRET"),
                segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x>XMP-SECRET</x>"),
                segment(0xE2, b"ICC_PROFILE\0\x01\x01sRGB ICC-SECRET"),
                segment(0xE2, b"MPF\0MPF-SECRET"),
                segment(0xED, b"Photoshop 3.0\08BIM\x04\x04IPTC-SECRET"),
                segment(0xEB, b"JPXX-SECRET"),
                segment(0xFE, b"COMMENT-SECRET"),
            ]
            .concat();
            dirty.splice(2..jfif_end, inserted);
            // Fill bytes before a marker, and a second image appended after the end.
            dirty.splice(dirty.len() - 2..dirty.len() - 2, [0xFF, 0xFF]);
            dirty.extend(b"\xFF\xD8\xFF\xFEAPPENDED-SECRET\xFF\xD9");
            let stripped = strip_metadata(&dirty).unwrap();
            assert_eq!(stripped, clean, "progressive: {progressive}");
            assert!(!stripped.windows(6).any(|w| w == b"SECRET"));

            // Cut anywhere, a file is refused (never half-copied) and nothing panics.
            for end in 0..dirty.len() - 21 {
                assert!(strip_metadata(&dirty[..end]).is_err(), "cut at {end}");
            }
        }
        // Not a frame PDF readers decode: refused, so the photo is encoded anew.
        let mut arithmetic = Vec::new();
        jpeg_encoder(&mut arithmetic).encode(&[0; 8 * 8 * 3], 8, 8, jpeg_encoder::ColorType::Rgb).unwrap();
        let sof = arithmetic.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        arithmetic[sof + 1] = 0xC9;
        assert!(strip_metadata(&arithmetic).is_err());
        assert!(strip_metadata(b"\x89PNG").is_err());
    }

    #[test]
    fn a_photo_passed_through_or_taken_from_the_store_is_stripped() {
        // The test photo with an EXIF block, stored upright (orientation 1).
        let clean = jpeg_photo(None);
        let mut bytes = clean.bytes().to_vec();
        bytes.splice(2..2, segment(0xE1, b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0GPS-SECRET"));
        let span = crate::diag::Span::file("case.yaml");
        let photo = crate::load::photo::decode_photo(std::path::Path::new("p.jpg"), &bytes, &span).unwrap();
        let whole = CropRect { x: 0, y: 0, width: 300, height: 200 };
        assert_eq!(pass_through(&photo, whole, (250, 166)).unwrap().jpeg, clean.bytes());

        /// A store that holds one file whatever the key, metadata included.
        struct Planted(Vec<u8>);
        impl PhotoStore for Planted {
            fn get(&self, _: &[u8; 32]) -> Option<Vec<u8>> {
                Some(self.0.clone())
            }
            fn put(&self, _: &[u8; 32], _: &[u8]) {}
        }
        let cache = PhotoCache::with_store(Arc::new(Planted(bytes)));
        let encoded = cache.get(&Arc::new(photo), whole, (100, 66), PhotoSpace::Rgb).unwrap();
        assert_eq!(encoded.jpeg, clean.bytes());
    }

    #[test]
    fn downsamples_to_the_ppi_limit_but_never_up() {
        let crop = CropRect { x: 0, y: 0, width: 2000, height: 1000 };
        // 144 pt = 2 in; at 200 ppi that is 400 px.
        assert_eq!(target_pixels(crop, 144.0, 72.0, 200.0), (400, 200));
        let small = CropRect { x: 0, y: 0, width: 100, height: 50 };
        assert_eq!(target_pixels(small, 144.0, 72.0, 200.0), (100, 50));
    }

    /// RGB rows converted to YCbCr one pixel at a time, by the encoder's own scalar
    /// function: what processors without AVX2 run.
    struct ScalarRgb<'a>(&'a RgbImage);

    impl jpeg_encoder::ImageBuffer for ScalarRgb<'_> {
        fn get_jpeg_color_type(&self) -> jpeg_encoder::JpegColorType {
            jpeg_encoder::JpegColorType::Ycbcr
        }
        fn width(&self) -> u16 {
            self.0.width() as u16
        }
        fn height(&self) -> u16 {
            self.0.height() as u16
        }
        fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
            for x in 0..self.0.width() {
                let [r, g, b] = self.0.get_pixel(x, u32::from(y)).0;
                let (luma, blue, red) = jpeg_encoder::rgb_to_ycbcr(r, g, b);
                buffers[0].push(luma);
                buffers[1].push(blue);
                buffers[2].push(red);
            }
        }
    }

    #[test]
    fn the_jpeg_of_a_home_photo_does_not_depend_on_the_processor() {
        let photo = RgbImage::from_fn(203, 131, |x, y| {
            image::Rgb([(x * 255 / 203) as u8, ((x * y) % 253) as u8, (y * 255 / 131) as u8])
        });
        let encode = |scalar: bool| {
            let mut jpeg = Vec::new();
            let encoder = jpeg_encoder(&mut jpeg);
            if scalar {
                encoder.encode_image(ScalarRgb(&photo)).unwrap();
            } else {
                encoder.encode(photo.as_raw(), 203, 131, jpeg_encoder::ColorType::Rgb).unwrap();
            }
            jpeg
        };
        // With AVX2 the encoder converts colour with its own vector code; the bytes must
        // be those of the scalar conversion.
        assert!(encode(false) == encode(true), "the vector colour conversion differs");
    }

    #[test]
    fn resampling_gives_the_same_pixels_on_every_processor() {
        use fast_image_resize::CpuExtensions;
        let photo = RgbImage::from_fn(1201, 803, |x, y| {
            let check = if (x / 3 + y / 3) % 2 == 0 { 40 } else { 0 };
            image::Rgb([(x * 200 / 1201) as u8 + check, (y * 200 / 803) as u8, ((x * y) % 251) as u8])
        });
        let options = ResizeOptions::new().resize_alg(PDF_RESAMPLING).crop(31.0, 17.0, 1101.0, 701.0);
        let resize = |extensions: CpuExtensions| {
            let mut out = RgbImage::new(523, 301);
            let mut resizer = Resizer::new();
            // SAFETY: only extensions the processor has are asked for.
            unsafe { resizer.set_cpu_extensions(extensions) };
            resizer.resize(&photo, &mut out, &options).unwrap();
            out
        };
        let plain = resize(CpuExtensions::None);
        #[cfg(target_arch = "x86_64")]
        for extensions in [CpuExtensions::Sse4_1, CpuExtensions::Avx2] {
            if extensions.is_supported() {
                assert!(resize(extensions) == plain, "{extensions:?} differs from plain Rust");
            }
        }
    }
}
