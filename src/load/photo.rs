//! The case photo: resolved safely inside the case folder, decoded once per scale as
//! stored, RGB, with the orientation that turns it upright.

use std::io::Cursor;
use std::path::{Component, Path, PathBuf};

use std::sync::{Arc, Condvar, Mutex};

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage};
use sha2::Digest;

use crate::diag::{Diagnostic, Span};
use crate::once_map::OnceMap;
use crate::stamp::FileStamp;

/// Largest photo accepted, in pixels per side; checked from the header before decoding.
pub(crate) const MAX_PHOTO_SIDE: u32 = 12_000;
/// The most memory photo decoding may hold at once, in bytes, across every job
/// thread of the process: one photo's decode (its decoder's buffers and the RGB
/// pixels made from them) must fit in it, and decodes running at once share it.
pub(crate) const MAX_PHOTO_ALLOC: u64 = 512 * 1024 * 1024;

/// The process's decode budget: every decode of a photo's pixels reserves what it
/// will hold here first, so four cases decoding at once wait for each other rather
/// than together go past [`MAX_PHOTO_ALLOC`].
static BUDGET: DecodeBudget = DecodeBudget::new(MAX_PHOTO_ALLOC);

/// A count of bytes that decodes hold, shared by threads: a counting semaphore in
/// bytes. A reservation waits until it fits, and gives its bytes back when dropped.
#[derive(Debug)]
struct DecodeBudget {
    total: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

impl DecodeBudget {
    const fn new(total: u64) -> DecodeBudget {
        DecodeBudget { total, used: Mutex::new(0), freed: Condvar::new() }
    }

    /// Waits until `bytes` more fit in the budget and holds them until the returned
    /// reservation is dropped; `None`, at once, when `bytes` alone is more than all of
    /// it (waiting would never end).
    fn reserve(&self, bytes: u64) -> Option<Reservation<'_>> {
        if bytes > self.total {
            return None;
        }
        // A thread that panicked holding the lock left a count that is still right.
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used + bytes > self.total {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += bytes;
        Some(Reservation { budget: self, bytes })
    }
}

/// Bytes held in a [`DecodeBudget`] until dropped.
#[derive(Debug)]
struct Reservation<'a> {
    budget: &'a DecodeBudget,
    bytes: u64,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|e| e.into_inner());
        *used -= self.bytes;
        self.budget.freed.notify_all();
    }
}

/// Bytes a decode to `width` x `height` pixels of `color` holds at its peak: the
/// decoder's output, at its real bytes per pixel (8 for 16-bit RGBA), and the RGB
/// image [`flatten_on_white`] makes from it (through 8-bit RGBA when there is alpha).
fn decoded_bytes(width: u32, height: u32, color: image::ColorType) -> u64 {
    let pixels = u64::from(width) * u64::from(height);
    let native = pixels * u64::from(color.bytes_per_pixel());
    match color {
        // Taken as it is.
        image::ColorType::Rgb8 => native,
        // Kept while the RGB image is made from it.
        image::ColorType::Rgba8 => native + 3 * pixels,
        // Converted to 8-bit RGBA (both held), which is kept while the RGB is made.
        c if c.has_alpha() => (native + 4 * pixels).max(7 * pixels),
        // Kept while converted to RGB.
        _ => native + 3 * pixels,
    }
}

/// Bytes a JPEG decode to `size` pixels of `components` holds, counted generously:
/// the pixels as for any image, one plane per component at that size (jpeg-decoder
/// decodes each component whole before converting colour), and, for a progressive
/// file, `coefficients` (see [`coefficient_bytes`]), which no scale reduces.
fn jpeg_decode_bytes(size: (u32, u32), components: u8, coefficients: u64) -> u64 {
    let color = if components == 1 { image::ColorType::L8 } else { image::ColorType::Rgb8 };
    let planes = u64::from(size.0) * u64::from(size.1) * u64::from(components);
    decoded_bytes(size.0, size.1, color) + planes + coefficients
}

/// Reserves `bytes` of the process's decode budget for decoding the photo at `path`:
/// waits while other decodes hold too much of it; an error naming the file when the
/// photo alone needs more than all of it.
fn reserve_for(what: &dyn std::fmt::Display, bytes: u64) -> Result<Reservation<'static>, String> {
    BUDGET.reserve(bytes).ok_or_else(|| too_much_memory(what, bytes, BUDGET.total))
}

/// `what` (the photo, named by its file) needs more than `budget` bytes to decode.
fn too_much_memory(what: &dyn std::fmt::Display, bytes: u64, budget: u64) -> String {
    const MB: u64 = 1024 * 1024;
    format!(
        "{what} needs {} MB of memory to decode, more than the {} MB appealpress decodes a photo in",
        bytes.div_ceil(MB),
        budget / MB
    )
}

/// The case photo, shared by every language of its case. Reading it takes only its
/// header (size, orientation, colour); pixels are decoded when an output needs them,
/// and then only at the scale it needs (see [`Photo::pixels`]).
#[derive(Debug)]
pub struct Photo {
    /// The file it came from.
    pub(crate) path: PathBuf,
    /// SHA-256 of the file's bytes: what a derived image is cached under.
    pub(crate) digest: [u8; 32],
    bytes: Vec<u8>,
    /// Upright size in pixels (orientation applied).
    size: (u32, u32),
    orientation: Orientation,
    /// Set for a JPEG that decodes at a reduced scale: its header's facts.
    jpeg: Option<JpegFacts>,
    /// Bytes a decode at full scale holds ([`decoded_bytes`], [`jpeg_decode_bytes`]).
    full_decode_bytes: u64,
    /// RGB pixels as stored, by scale denominator (1, 4 or 8), decoded on first use.
    decoded: OnceMap<u32, Result<Arc<RgbImage>, String>>,
}

/// A photo's pixels as decoded: in the file's stored orientation, with the orientation
/// that turns them upright. Outputs turn only the small image they resample to, not
/// the whole photo: for a camera's 12-megapixel photo stored sideways, turning it
/// first cost a sixth of a home build.
#[derive(Debug, Clone)]
pub(crate) struct DecodedPixels {
    /// The pixels, as the file stores them.
    pub(crate) stored: Arc<RgbImage>,
    /// What turns `stored` upright.
    pub(crate) orientation: Orientation,
}

impl DecodedPixels {
    /// Whether turning the pixels upright swaps width and height.
    pub(crate) fn swaps_axes(&self) -> bool {
        matches!(
            self.orientation,
            Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH
        )
    }

    /// Width and height once upright.
    pub(crate) fn upright_size(&self) -> (u32, u32) {
        let (w, h) = self.stored.dimensions();
        if self.swaps_axes() {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// The rectangle `[x, y, width, height]` of the upright image, in its pixels, as a
    /// rectangle of the stored pixels.
    pub(crate) fn stored_rect(&self, [x, y, w, h]: [f64; 4]) -> [f64; 4] {
        if self.orientation == Orientation::NoTransforms {
            return [x, y, w, h];
        }
        let (sw, sh) = self.stored.dimensions();
        let (sw, sh) = (f64::from(sw), f64::from(sh));
        // Where an upright point (u, v) lies in the stored image: the inverse of the
        // orientation, on edges rather than pixel centres.
        let stored_point = |u: f64, v: f64| match self.orientation {
            Orientation::NoTransforms => (u, v),
            Orientation::Rotate90 => (v, sh - u),
            Orientation::Rotate180 => (sw - u, sh - v),
            Orientation::Rotate270 => (sw - v, u),
            Orientation::FlipHorizontal => (sw - u, v),
            Orientation::FlipVertical => (u, sh - v),
            Orientation::Rotate90FlipH => (v, u),
            Orientation::Rotate270FlipH => (sw - v, sh - u),
        };
        let (a, b) = (stored_point(x, y), stored_point(x + w, y + h));
        let (left, top) = (a.0.min(b.0), a.1.min(b.1));
        [left, top, a.0.max(b.0) - left, a.1.max(b.1) - top]
    }

    #[cfg(test)]
    /// The whole image, upright.
    pub(crate) fn upright(&self) -> RgbImage {
        orient(self.stored.as_ref().clone(), self.orientation)
    }
}

/// Turns `image` by `orientation`.
pub(crate) fn orient(image: RgbImage, orientation: Orientation) -> RgbImage {
    if orientation == Orientation::NoTransforms {
        return image;
    }
    let mut image = DynamicImage::ImageRgb8(image);
    image.apply_orientation(orientation);
    image.into_rgb8()
}

/// What a JPEG's header says, for scaled decoding and for passing it through as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegFacts {
    /// Size as stored (before orientation).
    pub(crate) stored: (u32, u32),
    /// 1 (grey) or 3 (YCbCr or RGB); CMYK photos always decode at full scale.
    pub(crate) components: u8,
    /// Whether its colours are sRGB: no ICC profile, or one that names sRGB.
    pub(crate) srgb: bool,
    /// Whether it is progressive (several scans), as cameras and phones often save.
    pub(crate) progressive: bool,
    /// Bytes its decoder holds for DCT coefficients at any scale ([`coefficient_bytes`]).
    pub(crate) coefficients: u64,
}

/// Scale denominators decoded in the DCT domain, largest first. jpeg-decoder's
/// entropy decoding, which no scale spares, is slower than zune-jpeg's, so whether a
/// reduced scale pays depends on the file. Measured (best of 5): the sample's
/// baseline 3000 x 3750 portrait decodes in full with zune-jpeg in 43 ms and at 1/2
/// with jpeg-decoder in 83 ms; a 12-megapixel progressive photo in 260 ms and 207 ms,
/// and at 1/2 the resampling after it reads a quarter of the pixels. So 1/2 is used
/// for progressive files only; 1/4 and 1/8 pay for both.
const JPEG_SCALES: [u32; 2] = [8, 4];
/// [`JPEG_SCALES`] for a progressive JPEG.
const PROGRESSIVE_JPEG_SCALES: [u32; 3] = [8, 4, 2];

impl Photo {
    #[cfg(test)]
    /// A photo from pixels already decoded and upright (tests, generated images).
    pub(crate) fn from_pixels(pixels: RgbImage, path: PathBuf) -> Photo {
        let size = pixels.dimensions();
        let decoded = OnceMap::default();
        let _ = decoded.get_or_init(1, || Ok(Arc::new(pixels)));
        let orientation = Orientation::NoTransforms;
        let (bytes, jpeg, full_decode_bytes) = (Vec::new(), None, 0);
        Photo { path, digest: [0; 32], bytes, size, orientation, jpeg, full_decode_bytes, decoded }
    }

    /// Upright width and height in pixels.
    pub(crate) fn size(&self) -> (u32, u32) {
        self.size
    }

    /// The file's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The header's facts when this is a JPEG that can be embedded as it is: stored
    /// upright (no orientation to apply), in sRGB or grey.
    pub(crate) fn embeddable_jpeg(&self) -> Option<JpegFacts> {
        self.jpeg.filter(|j| j.srgb && self.orientation == Orientation::NoTransforms)
    }

    /// The reduced scales this photo decodes at, largest first (none for a PNG).
    fn scales(&self) -> &'static [u32] {
        match self.jpeg {
            Some(JpegFacts { progressive: true, .. }) => &PROGRESSIVE_JPEG_SCALES,
            Some(_) => &JPEG_SCALES,
            None => &[],
        }
    }

    /// The largest scale denominator (1, 2, 4 or 8) at which `region` (upright pixels
    /// at full scale) still has `needed` pixels: a reduced-scale decode does a
    /// sixteenth or a sixty-fourth of the IDCT and colour work, and the resampling
    /// after it reads as much less.
    pub(crate) fn scale_for(&self, region: (u32, u32), needed: (u32, u32)) -> u32 {
        if self.jpeg.is_none() {
            return 1;
        }
        let fits = |d: u32| region.0 >= needed.0.saturating_mul(d) && region.1 >= needed.1.saturating_mul(d);
        self.scales().iter().copied().find(|&d| fits(d)).unwrap_or(1)
    }

    /// The RGB pixels at 1/`denominator` of the full size in each dimension (rounded
    /// up), as stored, decoded on first use and kept for the other outputs.
    pub(crate) fn pixels(&self, denominator: u32) -> Result<DecodedPixels, String> {
        let denominator = if self.scales().contains(&denominator) { denominator } else { 1 };
        let stored = self.decoded.get_or_init(denominator, || self.decode_at(denominator).map(Arc::new))?;
        Ok(DecodedPixels { stored, orientation: self.orientation })
    }

    fn decode_at(&self, denominator: u32) -> Result<RgbImage, String> {
        let cannot =
            |e: &dyn std::fmt::Display| format!("photo {} cannot be decoded: {e}", self.path.display());
        let what = format_args!("photo {}", self.path.display()).to_string();
        // The reservation is held until the RGB pixels are made, the peak of the decode.
        let (image, _held) = match (denominator, self.jpeg) {
            (1, _) | (_, None) => {
                let held = reserve_for(&what, self.full_decode_bytes)?;
                (full_decode(&self.bytes, &self.path).map_err(|e| e.message)?, held)
            }
            (_, Some(facts)) => {
                let scaled = |side: u32| side.div_ceil(denominator);
                let needed = (scaled(facts.stored.0), scaled(facts.stored.1));
                decode_jpeg_within_budget(&self.bytes, needed, &what).map_err(|e| cannot(&e))?
            }
        };
        Ok(flatten_on_white(image))
    }
}

/// Decodes an RGB or grey JPEG in the DCT domain at the smallest scale (1/8, 1/4, 1/2
/// or 1) that still gives `needed` pixels, within the process's decode budget
/// ([`MAX_PHOTO_ALLOC`]). jpeg-decoder is built without its processor-specific code
/// (`platform_independent`), so the pixels are the same on every processor.
pub(crate) fn decode_jpeg_scaled(bytes: &[u8], needed: (u32, u32)) -> Result<DynamicImage, String> {
    decode_jpeg_within_budget(bytes, needed, &"the photo's JPEG").map(|(image, _)| image)
}

/// [`decode_jpeg_scaled`], with the budget's reservation still held: the caller makes
/// its RGB pixels from the image before letting it go. `what` names the photo in an
/// error.
fn decode_jpeg_within_budget(
    bytes: &[u8],
    needed: (u32, u32),
    what: &dyn std::fmt::Display,
) -> Result<(DynamicImage, Reservation<'static>), String> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.set_max_decoding_buffer_size(MAX_PHOTO_ALLOC as usize);
    decoder.read_info().map_err(|e| e.to_string())?;
    let side = |n: u32| u16::try_from(n.clamp(1, u32::from(u16::MAX))).unwrap_or(u16::MAX);
    let (w, h) = decoder.scale(side(needed.0), side(needed.1)).map_err(|e| e.to_string())?;
    let frame = jpeg_frame(bytes);
    let components = frame.map_or(3, |f| f.components);
    let coefficients = frame.filter(|f| f.progressive).map_or(0, |f| f.coefficients);
    let held = reserve_for(what, jpeg_decode_bytes((u32::from(w), u32::from(h)), components, coefficients))?;
    let pixels = decoder.decode().map_err(|e| e.to_string())?;
    let format = decoder.info().map(|i| i.pixel_format);
    let (w, h) = (u32::from(w), u32::from(h));
    let image = match format {
        Some(jpeg_decoder::PixelFormat::RGB24) => {
            RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8)
        }
        Some(jpeg_decoder::PixelFormat::L8) => {
            image::GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8)
        }
        _ => None,
    };
    image.map(|image| (image, held)).ok_or_else(|| "unexpected pixel layout".to_string())
}

/// Resolves `file` (from case.yaml) inside `case_dir`, refusing anything that leaves it.
pub(crate) fn resolve_photo_path(case_dir: &Path, file: &str, span: &Span) -> Result<PathBuf, Diagnostic> {
    let relative = Path::new(file);
    let escapes = relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
    let outside = || {
        Diagnostic::error(Some(span.clone()), format!("photo `{file}` is outside the case folder"))
            .with_hint("put the photo in the case folder and name it relative to it, e.g. `photo.jpg`")
    };
    if escapes {
        return Err(outside());
    }
    let path = case_dir.join(relative);
    // A symlink may still point out of the folder: compare the real locations.
    if let (Ok(real_dir), Ok(real_file)) = (case_dir.canonicalize(), path.canonicalize()) {
        if !real_file.starts_with(&real_dir) {
            return Err(outside());
        }
    }
    Ok(path)
}

/// How many image names an error about a missing photo lists.
const IMAGES_LISTED: usize = 10;

/// The error for a photo name that matches no file: it lists the images (JPEG and
/// PNG) in the folder the photo was looked for in, and suggests the closest name, as
/// a misspelt or renamed file is the usual cause.
pub(crate) fn missing_photo(case_dir: &Path, file: &str, span: &Span) -> Diagnostic {
    let wanted = case_dir.join(file);
    // `img/p.jpg`: look in `img/` when it exists, else in the case folder itself.
    let folder = wanted.parent().filter(|p| p.is_dir()).unwrap_or(case_dir);
    let mut images: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| e.path())
        .filter(|p| {
            let ext = p.extension().map(|x| x.to_string_lossy().to_lowercase());
            matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png"))
        })
        .map(|p| p.strip_prefix(case_dir).unwrap_or(&p).to_string_lossy().into_owned())
        .collect();
    images.sort();
    let diag = Diagnostic::error(
        Some(span.clone()),
        format!("photo `{file}` is not in the case folder {}", case_dir.display()),
    );
    if images.is_empty() {
        return diag
            .with_hint("the folder has no JPEG or PNG image: put the photo there and name it in `file:`");
    }
    // Case differences count as small as they are: `Portrait.JPG` for `portrait.jpg`.
    let distance = |name: &str| super::case_yaml::edit_distance(&name.to_lowercase(), &file.to_lowercase());
    let closest = images.iter().min_by_key(|name| distance(name));
    let mut listed =
        images.iter().take(IMAGES_LISTED).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    if images.len() > IMAGES_LISTED {
        listed.push_str(&format!(" and {} more", images.len() - IMAGES_LISTED));
    }
    let diag = match closest.filter(|name| distance(name) <= (file.chars().count() / 3).max(3)) {
        Some(name) => diag.with_hint(format!("did you mean `{name}`?")),
        None => diag,
    };
    diag.with_hint(format!("images in the folder: {listed}"))
}

/// Reads the photo at `path` and its header, bounded by [`MAX_PHOTO_SIDE`] and
/// [`MAX_PHOTO_ALLOC`]; its pixels are decoded later, as far as outputs need them.
/// `digest` is the file's SHA-256, as [`digest_photo`] found it.
pub(crate) fn load_photo(path: &Path, digest: [u8; 32], span: &Span) -> Result<Photo, Diagnostic> {
    read_header(path, read_photo(path, span)?, digest, span)
}

/// SHA-256 of the photo file, so a build can tell whether it changed without decoding
/// it, and whether it is the placeholder portrait `new` drew.
pub(crate) fn digest_photo(path: &Path, span: &Span) -> Result<([u8; 32], bool), Diagnostic> {
    let bytes = read_photo(path, span)?;
    Ok((sha2::Sha256::digest(&bytes).into(), super::placeholders::is_placeholder_portrait(&bytes)))
}

/// Photo digests remembered from an earlier run, each with the stamp of the file it
/// was taken from ([`FileStamp`]): a photo whose stamp holds is not read again. A
/// build with nothing to do read and hashed every photo of the catalogue, a tenth of
/// its time. The build keeps the memo in its output folder; a lost one costs a read.
#[derive(Debug, Default)]
pub(crate) struct DigestMemo {
    last: std::collections::BTreeMap<String, MemoEntry>,
    used: Mutex<std::collections::BTreeMap<String, MemoEntry>>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct MemoEntry {
    stamp: FileStamp,
    sha256: [u8; 32],
    placeholder: bool,
}

impl DigestMemo {
    /// The memo as [`DigestMemo::to_json`] wrote it; empty when damaged.
    pub(crate) fn from_json(bytes: &[u8]) -> DigestMemo {
        DigestMemo { last: serde_json::from_slice(bytes).unwrap_or_default(), used: Mutex::default() }
    }

    /// The digests of the photos this run looked at, or `None` when they are the ones
    /// it was made from (nothing to write).
    pub(crate) fn to_json(&self) -> Option<Vec<u8>> {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        (*used != self.last).then(|| serde_json::to_vec(&*used).unwrap_or_default())
    }

    /// [`digest_photo`], read from the memo while the file's stamp holds.
    /// `meta` is the photo's metadata, taken before it is read: a write while it is
    /// read changes the stamp, so the next run reads it again rather than trust this
    /// digest.
    pub(crate) fn digest(
        &self,
        path: &Path,
        meta: &std::fs::Metadata,
        span: &Span,
    ) -> Result<([u8; 32], bool), Diagnostic> {
        let key = path.to_string_lossy().into_owned();
        let stamp = FileStamp::of(meta);
        let remembered = self.last.get(&key).filter(|e| e.stamp == stamp);
        let (sha256, placeholder) = match remembered {
            Some(entry) => (entry.sha256, entry.placeholder),
            None => digest_photo(path, span)?,
        };
        let entry = MemoEntry { stamp, sha256, placeholder };
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key, entry);
        Ok((sha256, placeholder))
    }
}

fn read_photo(path: &Path, span: &Span) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| cannot_read(path, span, e))
}

/// The error for a photo that cannot be read (or looked at), at case.yaml's line.
pub(crate) fn cannot_read(path: &Path, span: &Span, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Some(span.clone()), format!("cannot read photo {}: {e}", path.display()))
}

/// Decodes photo bytes in full; errors name the photo and the case.yaml line that
/// points to it.
pub fn decode_photo(path: &Path, bytes: &[u8], span: &Span) -> Result<Photo, Diagnostic> {
    let photo = read_header(path, bytes.to_vec(), sha2::Sha256::digest(bytes).into(), span)?;
    photo.pixels(1).map_err(|message| {
        Diagnostic::error(Some(span.clone()), message).with_hint("use a JPEG or PNG file")
    })?;
    Ok(photo)
}

fn corrupt(path: &Path, span: &Span, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(Some(span.clone()), format!("photo {} cannot be decoded: {e}", path.display()))
        .with_hint("use a JPEG or PNG file")
}

/// The decoder for the photo's format, with the size limits applied.
fn decoder_for<'a>(
    path: &Path,
    bytes: &'a [u8],
    span: &Span,
) -> Result<Box<dyn ImageDecoder + 'a>, Diagnostic> {
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| corrupt(path, span, &e))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PHOTO_ALLOC);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(path, span),
        e => corrupt(path, span, &e),
    })?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(corrupt(path, span, &"the image is empty"));
    }
    if width > MAX_PHOTO_SIDE || height > MAX_PHOTO_SIDE {
        return Err(Diagnostic::error(
            Some(span.clone()),
            format!("photo {} is {width} x {height} px, larger than the {MAX_PHOTO_SIDE} px per side appealpress reads", path.display()),
        )
        .with_hint("scale the photo down; 4000 px on the long side is plenty for print"));
    }
    Ok(Box::new(decoder))
}

/// Reads the header: size, orientation and, for a JPEG, what scaled decoding and
/// passing it through need. No pixel is decoded.
fn read_header(path: &Path, bytes: Vec<u8>, digest: [u8; 32], span: &Span) -> Result<Photo, Diagnostic> {
    let mut decoder = decoder_for(path, &bytes, span)?;
    let stored = decoder.dimensions();
    let orientation = decoder.orientation().map_err(|e| corrupt(path, span, &e))?;
    let icc = decoder.icc_profile().map_err(|e| corrupt(path, span, &e))?;
    let components = match decoder.original_color_type() {
        image::ExtendedColorType::L8 => Some(1),
        image::ExtendedColorType::Rgb8 => Some(3),
        _ => None,
    };
    let color = decoder.color_type();
    drop(decoder);
    // Only a whole file is read: what a cut one lacks would print grey or blocky.
    if let Some(what) = damage(&bytes) {
        return Err(Diagnostic::error(Some(span.clone()), format!("photo {} {what}", path.display()))
            .with_hint("copy the photo again from where it came from (a copy or download was interrupted), or export it anew"));
    }
    let is_jpeg = bytes.starts_with(&[0xFF, 0xD8]);
    let srgb = icc.is_none_or(|profile| profile.windows(4).any(|w| w == b"sRGB"));
    let frame = jpeg_frame(&bytes).filter(|_| is_jpeg);
    let progressive = frame.is_some_and(|f| f.progressive);
    let coefficients = frame.filter(|f| f.progressive).map_or(0, |f| f.coefficients);
    let jpeg = components.filter(|_| is_jpeg).map(|components| JpegFacts {
        stored,
        components,
        srgb,
        progressive,
        coefficients,
    });
    // What decoding holds at full scale, and at the smallest scale this photo decodes
    // at: refused now, naming the file, when even that is more than the budget.
    let full_decode_bytes = match frame {
        Some(f) => jpeg_decode_bytes(stored, f.components, coefficients)
            .max(decoded_bytes(stored.0, stored.1, color)),
        None => decoded_bytes(stored.0, stored.1, color),
    };
    let least_bytes = match jpeg {
        Some(facts) => {
            let smallest = JPEG_SCALES[0];
            let scaled = (stored.0.div_ceil(smallest), stored.1.div_ceil(smallest));
            jpeg_decode_bytes(scaled, facts.components, coefficients)
        }
        None => full_decode_bytes,
    };
    if least_bytes > MAX_PHOTO_ALLOC {
        let what = format_args!("photo {}", path.display()).to_string();
        return Err(Diagnostic::error(
            Some(span.clone()),
            too_much_memory(&what, least_bytes, MAX_PHOTO_ALLOC),
        )
        .with_hint(format!(
            "it is {} x {} px at {} bytes a pixel: save it as an 8-bit JPEG, or scale it down",
            stored.0,
            stored.1,
            color.bytes_per_pixel()
        )));
    }
    let size = match orientation {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (stored.1, stored.0),
        _ => stored,
    };
    let decoded = OnceMap::default();
    let path = path.to_path_buf();
    Ok(Photo { path, digest, bytes, size, orientation, jpeg, full_decode_bytes, decoded })
}

/// Whether the JPEG's frame header (SOF) is a progressive one.
#[cfg(test)]
fn is_progressive_jpeg(bytes: &[u8]) -> bool {
    jpeg_frame(bytes).is_some_and(|frame| frame.progressive)
}

/// What a JPEG's frame header (SOFn) tells of decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct JpegFrame {
    /// Whether the frame is progressive (several scans).
    progressive: bool,
    /// How many colour components it has.
    components: u8,
    /// Bytes a progressive decoder holds for the coefficients: two for each of the 64
    /// of every 8 x 8 block of every component, at full size whatever the scale.
    coefficients: u64,
}

/// The JPEG's frame header, read by walking the markers before the first scan,
/// segment by segment; `None` when there is none before it, or it is cut short.
fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame> {
    let mut at = 2; // after SOI
    while let Some(&[prefix, marker, high, low]) = bytes.get(at..at + 4) {
        if prefix != 0xFF {
            return None;
        }
        let length = usize::from(u16::from_be_bytes([high, low]));
        match marker {
            // Fill bytes before a marker.
            0xFF => at += 1,
            // Frames; C4, C8 and CC are tables and a reserved marker.
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let body = bytes.get(at + 4..at + 2 + length)?;
                return frame_from_header(marker, body);
            }
            // The first scan: no frame came before it.
            0xDA => return None,
            _ => at += 2 + length,
        }
    }
    None
}

/// [`JpegFrame`] from a SOFn segment's `body`: precision, height, width, then an id,
/// sampling factors and table for each component.
fn frame_from_header(marker: u8, body: &[u8]) -> Option<JpegFrame> {
    let &[_, h1, h0, w1, w0, count, ..] = body else { return None };
    let (height, width) = (u64::from(u16::from_be_bytes([h1, h0])), u64::from(u16::from_be_bytes([w1, w0])));
    let sampling: Vec<(u64, u64)> = body
        .get(6..6 + 3 * usize::from(count))?
        .chunks(3)
        .map(|c| (u64::from(c[1] >> 4).max(1), u64::from(c[1] & 15).max(1)))
        .collect();
    let h_max = sampling.iter().map(|s| s.0).max().unwrap_or(1);
    let v_max = sampling.iter().map(|s| s.1).max().unwrap_or(1);
    // Blocks of a component: the MCUs across and down, times its blocks in each.
    let (mcus_x, mcus_y) = (width.div_ceil(8 * h_max), height.div_ceil(8 * v_max));
    let blocks: u64 = sampling.iter().map(|(h, v)| mcus_x * h * mcus_y * v).sum();
    Some(JpegFrame {
        // Progressive frames: DCT, differential, arithmetic and differential arithmetic.
        progressive: matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE),
        components: count,
        coefficients: blocks * 64 * 2,
    })
}

/// Why the photo's file is not whole, when it is not: cut short (a half-copied or
/// half-downloaded file) or damaged. The decoders do not say so themselves: the
/// `image` crate's JPEG decoders fill what is missing of a baseline JPEG with grey,
/// and a cut progressive JPEG decodes to its first, blocky scans. So the file's own
/// structure is walked to its end: a JPEG's markers, segment by segment, and each
/// scan's coded data to the marker after it, up to the end-of-image marker; a PNG's
/// chunks, each with its CRC, up to `IEND`. A cut file gets how much of its image it
/// holds where that can be told: for a sequential JPEG, the share of its 8 x 8 blocks
/// whose codes are there (a Huffman walk); for a PNG, the share of its pixel rows'
/// bytes that its compressed data gives. Anything after the end is not looked at.
pub(crate) fn damage(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_damage(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png_damage(bytes)
    } else {
        None
    }
}

/// The tables and frame facts a sequential JPEG's Huffman walk needs, gathered as the
/// markers go by.
#[derive(Default)]
struct JpegWalk {
    /// (id, horizontal sampling, vertical sampling) of each frame component.
    components: Vec<(u8, u32, u32)>,
    size: (u32, u32),
    progressive: bool,
    /// DC tables (0..4) and AC tables (4..8).
    tables: [Option<Huffman>; 8],
    restart_interval: u32,
    /// Blocks of every completed scan, and whether the walk could count them.
    blocks_done: u64,
    countable: bool,
}

/// A Huffman table as the JPEG standard decodes it: the largest code of each length,
/// and where that length's symbols start.
#[derive(Clone)]
struct Huffman {
    max_code: [i32; 17],
    offset: [i32; 17],
    symbols: Vec<u8>,
}

impl Huffman {
    fn new(counts: &[u8], symbols: &[u8]) -> Huffman {
        let (mut max_code, mut offset) = ([-1i32; 17], [0i32; 17]);
        let (mut code, mut k) = (0i32, 0i32);
        for len in 1..=16 {
            let n = i32::from(counts[len - 1]);
            offset[len] = k - code;
            if n > 0 {
                code += n;
                k += n;
                max_code[len] = code - 1;
            }
            code <<= 1;
        }
        Huffman { max_code, offset, symbols: symbols.to_vec() }
    }
}

/// Reads a scan's coded bits: stuffed zeros dropped; `None` at a marker or the end.
struct Bits<'a> {
    data: &'a [u8],
    at: usize,
    byte: u8,
    left: u8,
}

impl Bits<'_> {
    fn bit(&mut self) -> Option<u32> {
        if self.left == 0 {
            let &b = self.data.get(self.at)?;
            if b == 0xFF {
                if self.data.get(self.at + 1)? != &0 {
                    return None;
                }
                self.at += 1;
            }
            self.at += 1;
            (self.byte, self.left) = (b, 8);
        }
        self.left -= 1;
        Some(u32::from(self.byte >> self.left) & 1)
    }

    fn skip(&mut self, n: u8) -> Option<()> {
        (0..n).try_for_each(|_| self.bit().map(|_| ()))
    }

    fn symbol(&mut self, table: &Huffman) -> Option<u8> {
        let mut code = 0i32;
        for len in 1..=16 {
            code = (code << 1) | self.bit()? as i32;
            if code <= table.max_code[len] {
                return table.symbols.get(usize::try_from(code + table.offset[len]).ok()?).copied();
            }
        }
        None
    }

    /// Drops what is left of the byte and steps over a restart marker.
    fn restart(&mut self) {
        self.left = 0;
        if self.data.get(self.at) == Some(&0xFF) && matches!(self.data.get(self.at + 1), Some(0xD0..=0xD7)) {
            self.at += 2;
        }
    }
}

impl JpegWalk {
    fn frame(&mut self, marker: u8, body: &[u8]) {
        if let &[_, h1, h0, w1, w0, count, ..] = body {
            self.size = (u32::from(u16::from_be_bytes([w1, w0])), u32::from(u16::from_be_bytes([h1, h0])));
            let specs = body.get(6..6 + 3 * usize::from(count)).unwrap_or_default();
            self.components = specs
                .chunks(3)
                .map(|c| (c[0], u32::from(c[1] >> 4).max(1), u32::from(c[1] & 15).max(1)))
                .collect();
        }
        self.progressive = matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE);
        // Huffman-coded sequential frames only; arithmetic coding is not counted.
        self.countable = matches!(marker, 0xC0 | 0xC1);
    }

    fn tables(&mut self, mut body: &[u8]) {
        while let [class_id, rest @ ..] = body {
            let Some(counts) = rest.get(..16) else { return };
            let n: usize = counts.iter().map(|&c| usize::from(c)).sum();
            let Some(symbols) = rest.get(16..16 + n) else { return };
            let slot = usize::from(class_id >> 4 & 1) * 4 + usize::from(class_id & 3);
            self.tables[slot] = Some(Huffman::new(counts, symbols));
            body = &rest[16 + n..];
        }
    }

    fn max_sampling(&self) -> (u32, u32) {
        let h = self.components.iter().map(|c| c.1).max().unwrap_or(1);
        let v = self.components.iter().map(|c| c.2).max().unwrap_or(1);
        (h, v)
    }

    /// Blocks of component `(id, h, v)` in a scan of it alone.
    fn component_blocks(&self, (_, h, v): (u8, u32, u32)) -> u64 {
        let (hmax, vmax) = self.max_sampling();
        let across = (self.size.0 * h).div_ceil(hmax).div_ceil(8);
        let down = (self.size.1 * v).div_ceil(vmax).div_ceil(8);
        u64::from(across) * u64::from(down)
    }

    fn total_blocks(&self) -> u64 {
        self.components.iter().map(|&c| self.component_blocks(c)).sum()
    }

    /// Walks a sequential scan's codes (`header` is its SOS body, `data` what follows
    /// it): the blocks whose codes are all there.
    fn scan_blocks(&self, header: &[u8], data: &[u8]) -> Option<(u64, u64)> {
        let count = usize::from(*header.first()?);
        let mut members = Vec::new();
        for spec in header.get(1..1 + 2 * count)?.chunks(2) {
            let component = *self.components.iter().find(|c| c.0 == spec[0])?;
            let dc = self.tables[usize::from(spec[1] >> 4 & 3)].as_ref()?;
            let ac = self.tables[4 + usize::from(spec[1] & 3)].as_ref()?;
            members.push((component, dc, ac));
        }
        // One block per unit in a scan of one component; else each component's
        // sampling factors' worth in every MCU.
        let (units, per_unit): (u64, Vec<(u32, &Huffman, &Huffman)>) = if let [(c, dc, ac)] = members[..] {
            (self.component_blocks(c), vec![(1, dc, ac)])
        } else {
            let (hmax, vmax) = self.max_sampling();
            let mcus = u64::from(self.size.0.div_ceil(8 * hmax)) * u64::from(self.size.1.div_ceil(8 * vmax));
            (mcus, members.iter().map(|&((_, h, v), dc, ac)| (h * v, dc, ac)).collect())
        };
        let blocks_per_unit: u64 = per_unit.iter().map(|p| u64::from(p.0)).sum();
        let mut bits = Bits { data, at: 0, byte: 0, left: 0 };
        let mut done = 0u64;
        'units: while done < units {
            for &(n, dc, ac) in &per_unit {
                for _ in 0..n {
                    let Some(()) = block(&mut bits, dc, ac) else { break 'units };
                }
            }
            done += 1;
            if self.restart_interval > 0 && done.is_multiple_of(u64::from(self.restart_interval)) {
                bits.restart();
            }
        }
        Some((done * blocks_per_unit, units * blocks_per_unit))
    }
}

/// Steps over one 8 x 8 block's codes: a DC difference, then run-length AC codes.
fn block(bits: &mut Bits, dc: &Huffman, ac: &Huffman) -> Option<()> {
    let size = bits.symbol(dc)?;
    bits.skip(size)?;
    let mut k = 1;
    while k < 64 {
        let rs = bits.symbol(ac)?;
        let (run, size) = (rs >> 4, rs & 15);
        if size == 0 {
            if run != 15 {
                break;
            }
            k += 16;
        } else {
            k += usize::from(run) + 1;
            bits.skip(size)?;
        }
    }
    Some(())
}

/// [`damage`] for a JPEG.
fn jpeg_damage(bytes: &[u8]) -> Option<String> {
    let mut walk = JpegWalk::default();
    let mut at = 2;
    let mut scans = 0;
    let cut = |walk: &JpegWalk, scans: u32, share: Option<(u64, u64)>| {
        let total = walk.total_blocks();
        let share = share.filter(|_| walk.countable && total > 0).map(|(done, _)| walk.blocks_done + done);
        Some(match share {
            Some(done) => format!(
                "is cut short: the file ends after {} % of its image data, before its end marker",
                (done * 100 / total).min(99)
            ),
            None if scans > 0 => format!(
                "is cut short: the file ends after {} bytes, in scan {scans} of its image data, before its end marker",
                bytes.len()
            ),
            None => format!("is cut short: the file ends after {} bytes, before any image data", bytes.len()),
        })
    };
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Some(format!("is damaged: there is no marker at byte {at}, where one belongs"));
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else { return cut(&walk, scans, None) };
        at += 1;
        match marker {
            0xD9 if scans > 0 => return None,
            0xD9 => return Some("is damaged: it ends before any image data".into()),
            // Markers without a segment: restarts (outside a scan) and TEM.
            0xD0..=0xD7 | 0x01 => continue,
            _ => {}
        }
        let Some(&[high, low]) = bytes.get(at..at + 2) else { return cut(&walk, scans, None) };
        let length = usize::from(u16::from_be_bytes([high, low]));
        if length < 2 {
            return Some(format!("is damaged: segment {marker:#04X} at byte {} has a bad length", at - 2));
        }
        let Some(body) = bytes.get(at + 2..at + length) else { return cut(&walk, scans, None) };
        at += length;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => walk.frame(marker, body),
            0xC4 => walk.tables(body),
            0xDD if body.len() >= 2 => {
                walk.restart_interval = u32::from(u16::from_be_bytes([body[0], body[1]]))
            }
            0xDA => {
                scans += 1;
                let start = at;
                // The coded data runs to the next marker that is neither a stuffed zero
                // (FF 00) nor a restart (FF D0 to FF D7).
                loop {
                    let Some(ff) = bytes[at..].iter().position(|&b| b == 0xFF) else {
                        let share =
                            (!walk.progressive).then(|| walk.scan_blocks(body, &bytes[start..])).flatten();
                        return cut(&walk, scans, share);
                    };
                    at += ff;
                    match bytes.get(at + 1) {
                        Some(0x00 | 0xD0..=0xD7) => at += 2,
                        Some(_) => break,
                        None => {
                            let share = (!walk.progressive)
                                .then(|| walk.scan_blocks(body, &bytes[start..]))
                                .flatten();
                            return cut(&walk, scans, share);
                        }
                    }
                }
                if !walk.progressive {
                    let count = usize::from(body.first().copied().unwrap_or(0));
                    let ids = body.get(1..1 + 2 * count).unwrap_or_default();
                    walk.blocks_done += ids
                        .chunks(2)
                        .filter_map(|s| walk.components.iter().find(|c| c.0 == s[0]))
                        .map(|&c| walk.component_blocks(c))
                        .sum::<u64>();
                }
            }
            _ => {}
        }
    }
}

/// [`damage`] for a PNG.
fn png_damage(bytes: &[u8]) -> Option<String> {
    let mut at = 8;
    let mut header: Option<[u8; 13]> = None;
    let mut compressed = Vec::new();
    loop {
        let Some(&[a, b, c, d]) = bytes.get(at..at + 4) else {
            return Some(png_cut(bytes, header, &compressed));
        };
        let length = u32::from_be_bytes([a, b, c, d]) as usize;
        let Some(kind) = bytes.get(at + 4..at + 8) else { return Some(png_cut(bytes, header, &compressed)) };
        let data_end = (at + 8).saturating_add(length);
        let Some(crc) = bytes.get(data_end..data_end.saturating_add(4)) else {
            if kind == b"IDAT" {
                compressed.extend_from_slice(bytes.get(at + 8..).unwrap_or_default());
            }
            return Some(png_cut(bytes, header, &compressed));
        };
        let data = &bytes[at + 8..data_end];
        let mut sum = flate2::Crc::new();
        sum.update(kind);
        sum.update(data);
        if sum.sum().to_be_bytes() != crc {
            let name = String::from_utf8_lossy(kind).into_owned();
            return Some(format!(
                "is damaged: its `{name}` chunk at byte {at} does not match its checksum (CRC)"
            ));
        }
        match kind {
            b"IHDR" => header = data.try_into().ok(),
            b"IDAT" => compressed.extend_from_slice(data),
            b"IEND" => return None,
            _ => {}
        }
        at = data_end + 4;
    }
}

/// What a PNG cut short holds: the share of its pixel rows' bytes its compressed data
/// gives (inflated as far as it goes, into a scratch buffer), when its header is there.
fn png_cut(bytes: &[u8], header: Option<[u8; 13]>, compressed: &[u8]) -> String {
    let expected = header.and_then(|h| {
        let (width, height) = (
            u64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]])),
            u64::from(u32::from_be_bytes([h[4], h[5], h[6], h[7]])),
        );
        let channels = match h[9] {
            0 | 3 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            _ => return None,
        };
        // Interlaced rows come in seven passes; the share is told of plain files only.
        (h[12] == 0).then(|| height * (1 + (width * channels * u64::from(h[8])).div_ceil(8)))
    });
    let inflated = {
        use std::io::Read;
        let mut reader = flate2::read::ZlibDecoder::new(compressed);
        let mut scratch = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        while let Ok(n @ 1..) = reader.read(&mut scratch) {
            total += n as u64;
        }
        total
    };
    match expected.filter(|&e| e > 0) {
        Some(expected) => format!(
            "is cut short: the file ends after {} % of its image data, before its `IEND` chunk",
            (inflated * 100 / expected).min(99)
        ),
        None => format!("is cut short: the file ends after {} bytes, before its `IEND` chunk", bytes.len()),
    }
}

/// Decodes in full with the `image` crate (zune-jpeg for JPEG: fast, and the same
/// pixels on every processor: `our_full_decode_gives_the_pixels_of_the_portable_decoder`),
/// as stored.
fn full_decode(bytes: &[u8], path: &Path) -> Result<DynamicImage, Diagnostic> {
    let span = Span::file(path);
    let decoder = decoder_for(path, bytes, &span)?;
    DynamicImage::from_decoder(decoder).map_err(|e| corrupt(path, &span, &e))
}

fn too_large(path: &Path, span: &Span) -> Diagnostic {
    Diagnostic::error(
        Some(span.clone()),
        format!("photo {} is larger than appealpress reads", path.display()),
    )
    .with_hint(format!("scale the photo down to at most {MAX_PHOTO_SIDE} px per side"))
}

/// Converts to RGB, compositing any alpha over white paper.
fn flatten_on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32) + 127) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_digest_serves_while_the_photo_is_unchanged_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("photo.jpg");
        std::fs::write(&photo, b"first bytes").unwrap();
        let span = Span::file(dir.path().join("case.yaml"));
        let memo = DigestMemo::default();
        let first = memo.digest(&photo, &std::fs::metadata(&photo).unwrap(), &span).unwrap();
        let json = memo.to_json().expect("a new digest is written");
        // Remembered: the file is not read (here the memo's digest is another one's,
        // to see that it is believed while the stamp holds).
        let mut entries: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let key = photo.to_string_lossy().into_owned();
        entries[&key]["sha256"] = serde_json::to_value([7u8; 32]).unwrap();
        let memo = DigestMemo::from_json(&serde_json::to_vec(&entries).unwrap());
        assert_eq!(memo.digest(&photo, &std::fs::metadata(&photo).unwrap(), &span).unwrap().0, [7u8; 32]);
        assert_eq!(memo.to_json(), None, "nothing changed, nothing to write");
        // Rewritten in place at the same size: read again.
        std::fs::write(&photo, b"other bytes").unwrap();
        let again = memo.digest(&photo, &std::fs::metadata(&photo).unwrap(), &span).unwrap();
        assert_eq!(again.0, <[u8; 32]>::from(sha2::Sha256::digest(b"other bytes")));
        assert_ne!(again.0, first.0);
    }

    fn span() -> Span {
        Span::at("case.yaml", 3, 9)
    }

    #[test]
    fn refuses_paths_leaving_the_folder() {
        for bad in ["../x.jpg", "/etc/passwd", "a/../../b.jpg"] {
            let err = resolve_photo_path(Path::new("packs/c"), bad, &span()).unwrap_err();
            assert!(err.message.contains("outside the case folder"), "{bad}");
        }
        assert!(resolve_photo_path(Path::new("packs/c"), "img/p.jpg", &span()).is_ok());
    }

    #[test]
    fn a_missing_photo_lists_the_folders_images_and_suggests_the_closest() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["portrait.jpg", "Family.PNG", "scan.jpeg", "notes.txt", "en.md"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("old.jpg")).unwrap(); // a folder, not an image
        let err = missing_photo(dir.path(), "potrait.jpg", &span());
        assert_eq!(err.span, Some(span()));
        assert!(err.message.starts_with("photo `potrait.jpg` is not in the case folder"), "{}", err.message);
        assert_eq!(
            err.hints,
            [
                "did you mean `portrait.jpg`?",
                "images in the folder: `Family.PNG`, `portrait.jpg`, `scan.jpeg`"
            ]
        );
        // Letter case counts for little; a name far from every image gets the list only.
        assert_eq!(missing_photo(dir.path(), "family.png", &span()).hints[0], "did you mean `Family.PNG`?");
        assert_eq!(missing_photo(dir.path(), "campaign-banner.gif", &span()).hints.len(), 1);
        let empty = tempfile::tempdir().unwrap();
        let err = missing_photo(empty.path(), "p.jpg", &span());
        assert!(err.hints[0].contains("no JPEG or PNG image"), "{:?}", err.hints);
    }

    #[test]
    fn corrupt_bytes_are_an_error_not_a_panic() {
        let err = decode_photo(Path::new("p.jpg"), b"\xff\xd8\xff\xe0garbage", &span()).unwrap_err();
        assert!(err.message.contains("cannot be decoded"));
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(width, height, |x, _| image::Rgb([if x == 0 { 255 } else { 0 }, 0, 0]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
        out
    }

    /// An APP1 Exif segment holding one tag: Orientation = `value`.
    fn exif_orientation(value: u8) -> Vec<u8> {
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend([0, 1]); // one entry
        tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]); // 0x0112 SHORT x1
        tiff.extend([0, 0, 0, 0]); // no next IFD
        let mut body = b"Exif\0\0".to_vec();
        body.extend(tiff);
        let len = (body.len() + 2) as u16;
        let mut segment = vec![0xFF, 0xE1];
        segment.extend(len.to_be_bytes());
        segment.extend(body);
        segment
    }

    #[test]
    fn exif_orientation_is_applied() {
        let plain = jpeg(40, 20);
        let mut rotated = plain[..2].to_vec();
        rotated.extend(exif_orientation(6)); // "rotate 90 degrees clockwise to view"
        rotated.extend(&plain[2..]);
        let photo = decode_photo(Path::new("p.jpg"), &rotated, &span()).unwrap();
        assert_eq!(photo.size(), (20, 40));
        let upright = photo.pixels(1).unwrap().upright();
        assert_eq!(upright.dimensions(), (20, 40));
        // The red first column is now the top row.
        assert!(upright.get_pixel(10, 0).0[0] > 150, "{:?}", upright.get_pixel(10, 0));
        assert!(upright.get_pixel(10, 39).0[0] < 100);
    }

    /// Cropping the upright image and cropping the stored one where `stored_rect` says,
    /// then turning it, give the same pixels, for all eight orientations.
    #[test]
    fn a_rectangle_of_the_upright_photo_maps_to_the_stored_one() {
        let stored = Arc::new(RgbImage::from_fn(6, 4, |x, y| image::Rgb([x as u8, y as u8, 0])));
        let crop = |image: &RgbImage, [x, y, w, h]: [f64; 4]| {
            image::imageops::crop_imm(image, x as u32, y as u32, w as u32, h as u32).to_image()
        };
        for orientation in (1..=8).map(|n| Orientation::from_exif(n).unwrap()) {
            let pixels = DecodedPixels { stored: stored.clone(), orientation };
            let upright = pixels.upright();
            assert_eq!(upright.dimensions(), pixels.upright_size(), "{orientation:?}");
            let rect = [1.0, 0.0, 2.0, 3.0];
            let turned = orient(crop(&stored, pixels.stored_rect(rect)), orientation);
            assert_eq!(turned, crop(&upright, rect), "{orientation:?}");
        }
    }

    #[test]
    fn a_progressive_jpeg_is_told_from_a_baseline_one() {
        let pixels = vec![128u8; 16 * 16 * 3];
        let mut progressive = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut progressive, 90);
        encoder.set_progressive(true);
        encoder.encode(&pixels, 16, 16, jpeg_encoder::ColorType::Rgb).unwrap();
        assert!(is_progressive_jpeg(&progressive));
        assert!(!is_progressive_jpeg(&jpeg(16, 16)));
        // Cut anywhere, it is read without a panic; what is not a JPEG is not progressive.
        for end in 0..progressive.len() {
            is_progressive_jpeg(&progressive[..end]);
        }
        assert!(!is_progressive_jpeg(b"\xff\xd8\xff"));
        assert!(!is_progressive_jpeg(b"\xff\xd8\x00\x00\x00\x00"));
        let photo = decode_photo(Path::new("p.jpg"), &progressive, &span()).unwrap();
        assert_eq!(photo.scale_for((16, 16), (8, 8)), 2, "a progressive file decodes at 1/2");
        let photo = decode_photo(Path::new("p.jpg"), &jpeg(16, 16), &span()).unwrap();
        assert_eq!(photo.scale_for((16, 16), (8, 8)), 1, "a baseline one in full");
    }

    #[test]
    fn cmyk_jpegs_are_read() {
        // Pure cyan, encoded the way Photoshop writes CMYK (Adobe, inverted).
        let cyan: Vec<u8> = [255u8, 0, 0, 0].repeat(16 * 16);
        let mut bytes = Vec::new();
        jpeg_encoder::Encoder::new(&mut bytes, 95)
            .encode(&cyan, 16, 16, jpeg_encoder::ColorType::Cmyk)
            .unwrap();
        let photo = decode_photo(Path::new("p.jpg"), &bytes, &span()).unwrap();
        let [r, g, b] = photo.pixels(1).unwrap().stored.get_pixel(8, 8).0;
        assert!(r < 60 && g > 180 && b > 180, "cyan came back as {r},{g},{b}");
    }

    #[test]
    fn a_huge_declared_size_is_refused_before_decoding() {
        // A PNG header claiming 100000 x 100000 pixels, and nothing else.
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            out.extend(kind);
            out.extend(data);
            out.extend(crc.sum().to_be_bytes());
            out
        };
        let mut header = 100_000u32.to_be_bytes().repeat(2);
        header.extend([8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &header));
        png.extend(chunk(b"IDAT", &[]));
        png.extend(chunk(b"IEND", &[]));
        let err = decode_photo(Path::new("p.png"), &png, &span()).unwrap_err();
        assert!(err.message.contains("100000 x 100000 px"), "{}", err.message);
    }

    /// A PNG of `width` x `height` pixels, `depth` bits a sample, of PNG colour type
    /// `kind`, with no pixel data: all that reading the header needs.
    fn png_header(width: u32, height: u32, depth: u8, kind: u8) -> Vec<u8> {
        let chunk = |name: &[u8], data: &[u8]| {
            let mut crc = flate2::Crc::new();
            crc.update(name);
            crc.update(data);
            [&(data.len() as u32).to_be_bytes()[..], name, data, &crc.sum().to_be_bytes()].concat()
        };
        let header = [&width.to_be_bytes()[..], &height.to_be_bytes(), &[depth, kind, 0, 0, 0]].concat();
        [&b"\x89PNG\r\n\x1a\n"[..], &chunk(b"IHDR", &header), &chunk(b"IDAT", &[]), &chunk(b"IEND", &[])]
            .concat()
    }

    #[test]
    fn a_photo_counts_its_real_bytes_per_pixel_and_one_past_the_budget_is_refused_by_name() {
        let span = span();
        // 9000 x 9000 16-bit RGBA: 8 bytes a pixel, 618 MB decoded, then 8-bit RGBA and
        // RGB made from it. Within the side limit, and 4 bytes a pixel would fit.
        let png = png_header(9000, 9000, 16, 6);
        let err = read_header(Path::new("big.png"), png, [0; 32], &span).unwrap_err();
        assert_eq!(err.span, Some(span.clone()), "the error points at case.yaml's `file:`");
        assert!(err.message.starts_with("photo big.png needs"), "{}", err.message);
        assert!(err.message.contains("more than the 512 MB"), "{}", err.message);
        // The same size in 8-bit RGB, 3 bytes a pixel, is read.
        let photo = read_header(Path::new("ok.png"), png_header(9000, 9000, 8, 2), [0; 32], &span).unwrap();
        assert_eq!(photo.full_decode_bytes, 9000 * 9000 * 3);
        // 12000 x 12000 16-bit RGB or grey with alpha: refused too.
        for kind in [2, 4] {
            let png = png_header(12_000, 12_000, 16, kind);
            assert!(read_header(Path::new("p.png"), png, [0; 32], &span).is_err(), "PNG colour type {kind}");
        }
        assert_eq!(decoded_bytes(10, 10, image::ColorType::Rgba16), 800 + 400);
        assert_eq!(decoded_bytes(10, 10, image::ColorType::Rgb16), 600 + 300);
        assert_eq!(decoded_bytes(10, 10, image::ColorType::La8), 700);
    }

    #[test]
    fn decodes_running_at_once_share_one_budget() {
        use std::sync::mpsc;
        use std::time::Duration;
        static SMALL: DecodeBudget = DecodeBudget::new(100);
        let first = SMALL.reserve(60).unwrap();
        let (sent, got) = mpsc::channel();
        let second = std::thread::spawn(move || {
            let held = SMALL.reserve(60).unwrap();
            sent.send(()).unwrap();
            drop(held);
        });
        // 60 + 60 is past 100: the second waits while the first holds its bytes...
        assert!(got.recv_timeout(Duration::from_millis(300)).is_err(), "both reservations proceeded");
        // ...and goes on once they are given back.
        drop(first);
        got.recv_timeout(Duration::from_secs(10)).expect("the second proceeds once the first is done");
        second.join().unwrap();
        // Two that fit together do not wait.
        let (a, b) = (SMALL.reserve(50).unwrap(), SMALL.reserve(50).unwrap());
        drop((a, b));
        assert_eq!(*SMALL.used.lock().unwrap(), 0);
        // More than all of it, alone: refused at once rather than waited for.
        assert!(SMALL.reserve(101).is_none());
    }

    #[test]
    fn the_frame_header_gives_a_progressive_files_coefficients() {
        // 4:2:0 colour, 100 x 60 px: 7 x 4 MCUs of 16 x 16; luma 4 blocks each, chroma 1.
        let mut progressive = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut progressive, 90);
        encoder.set_progressive(true);
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        encoder.encode(&vec![128u8; 100 * 60 * 3], 100, 60, jpeg_encoder::ColorType::Rgb).unwrap();
        let frame = jpeg_frame(&progressive).unwrap();
        assert_eq!(frame, JpegFrame { progressive: true, components: 3, coefficients: 7 * 4 * 6 * 64 * 2 });
        assert!(!jpeg_frame(&jpeg(16, 16)).unwrap().progressive);
    }

    #[test]
    fn our_full_decode_gives_the_pixels_of_the_portable_decoder() {
        // `full_decode` (through `image`, whose JPEG decoder picks vector code for the
        // processor it runs on) must give the pixels that zune-jpeg's scalar code, the
        // same on every machine, gives: else a press file's bytes would depend on the
        // processor that built it.
        use zune_jpeg::zune_core::bytestream::ZCursor;
        use zune_jpeg::zune_core::options::DecoderOptions;
        let portable = |bytes: &[u8]| {
            let options = DecoderOptions::default().set_use_unsafe(false);
            zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options).decode().unwrap()
        };
        // The sample's portrait (3000 x 3750, full colour resolution), and a photo with
        // its colour at half resolution, so the upsampling is checked too.
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/packs/ali-aarrass/portrait.jpg"));
        let pixels: Vec<u8> =
            (0..517 * 333 * 3).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 25) as u8).collect();
        let mut subsampled = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut subsampled, 90);
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        encoder.encode(&pixels, 517, 333, jpeg_encoder::ColorType::Rgb).unwrap();
        for (bytes, path) in [(std::fs::read(path).unwrap(), path), (subsampled, Path::new("subsampled.jpg"))]
        {
            let ours = full_decode(&bytes, path).unwrap().into_rgb8().into_raw();
            let reference = portable(&bytes);
            assert_eq!(ours.len(), reference.len(), "{}", path.display());
            let differing = ours.iter().zip(&reference).filter(|(a, b)| a != b).count();
            assert_eq!(differing, 0, "{}: of {} samples", path.display(), ours.len());
        }
    }

    /// Noise, so that every part of the image costs about as many bytes.
    fn noise(width: u32, height: u32) -> image::RgbImage {
        image::RgbImage::from_fn(width, height, |x, y| {
            let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)).wrapping_mul(2_246_822_519);
            image::Rgb([(n >> 24) as u8, (n >> 16) as u8, (n >> 8) as u8])
        })
    }

    fn encoded(image: image::RgbImage, format: image::ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut out), format).unwrap();
        out
    }

    fn progressive_jpeg(image: &image::RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
        encoder.set_progressive(true);
        let (w, h) = image.dimensions();
        encoder.encode(image.as_raw(), w as u16, h as u16, jpeg_encoder::ColorType::Rgb).unwrap();
        out
    }

    /// The share a cut file's message gives, in per cent.
    fn share(message: &str) -> u64 {
        let before = message.split(" %").next().unwrap();
        before.rsplit(' ').next().unwrap().parse().unwrap()
    }

    #[test]
    fn a_photo_cut_short_is_refused_saying_how_much_of_it_is_there() {
        let image = noise(96, 64);
        let baseline = encoded(image.clone(), image::ImageFormat::Jpeg);
        let progressive = progressive_jpeg(&image);
        let png = encoded(image, image::ImageFormat::Png);
        for (name, bytes) in [("p.jpg", &baseline), ("p.jpg", &progressive), ("p.png", &png)] {
            assert_eq!(damage(bytes), None, "{name}: whole");
            assert!(decode_photo(Path::new(name), bytes, &span()).is_ok());
            // Cut anywhere: never a panic, always refused (the header's own errors
            // aside, for a cut inside the header).
            for end in 8..bytes.len() {
                assert!(damage(&bytes[..end]).is_some(), "{name} cut at {end} of {}", bytes.len());
            }
            let half = &bytes[..bytes.len() / 2];
            let err = decode_photo(Path::new(name), half, &span()).unwrap_err();
            assert_eq!(err.span, Some(span()), "the error points at case.yaml's `file:`");
            assert!(
                err.message.starts_with(&format!("photo {name} is cut short: the file ends after")),
                "{}",
                err.message
            );
        }
        // Half the bytes of noise: about half the image, told from its blocks (JPEG) or
        // its rows' bytes (PNG).
        for bytes in [&baseline, &png] {
            let message = damage(&bytes[..bytes.len() / 2]).unwrap();
            assert!((35..=65).contains(&share(&message)), "{message}");
        }
        let message = damage(&progressive[..progressive.len() / 2]).unwrap();
        assert!(message.contains("in scan "), "{message}");
        // The sample's photo and the fixtures' are whole.
        for file in ["packs/ali-aarrass/portrait.jpg", "tests/fixtures/packs/latin-case/photo.jpg"] {
            let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
            assert_eq!(damage(&bytes), None, "{file}");
        }
    }

    #[test]
    fn a_damaged_png_chunk_is_refused_by_its_checksum() {
        let mut png = encoded(noise(32, 32), image::ImageFormat::Png);
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        png[idat + 20] ^= 0x55;
        let message = damage(&png).unwrap();
        assert!(message.contains("`IDAT` chunk") && message.contains("checksum"), "{message}");
    }

    #[test]
    fn alpha_is_flattened_on_white() {
        let mut png = Vec::new();
        let img = image::RgbaImage::from_pixel(2, 2, image::Rgba([0, 0, 0, 0]));
        DynamicImage::ImageRgba8(img).write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let photo = decode_photo(Path::new("p.png"), &png, &span()).unwrap();
        assert_eq!(photo.pixels(1).unwrap().stored.get_pixel(0, 0).0, [255, 255, 255]);
    }
}
