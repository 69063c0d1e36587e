//! The case photo: resolved safely inside the case folder, decoded once, upright, RGB.

use std::io::Cursor;
use std::path::{Component, Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage};

use crate::diag::{Diagnostic, Span};

/// Largest photo accepted, in pixels per side; checked from the header before decoding.
pub const MAX_PHOTO_SIDE: u32 = 12_000;
/// Largest decoded size accepted, in bytes.
pub const MAX_PHOTO_ALLOC: u64 = 512 * 1024 * 1024;

/// A decoded photo, shared by every language of its case.
#[derive(Debug)]
pub struct Photo {
    /// Upright pixels (EXIF orientation applied), alpha flattened on white.
    pub pixels: RgbImage,
    /// The file it came from.
    pub path: PathBuf,
}

/// Resolves `file` (from case.yaml) inside `case_dir`, refusing anything that leaves it.
pub fn resolve_photo_path(case_dir: &Path, file: &str, span: &Span) -> Result<PathBuf, Diagnostic> {
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
pub fn missing_photo(case_dir: &Path, file: &str, span: &Span) -> Diagnostic {
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

/// Reads and decodes the photo at `path`, bounded by [`MAX_PHOTO_SIDE`] and [`MAX_PHOTO_ALLOC`].
pub fn load_photo(path: &Path, span: &Span) -> Result<Photo, Diagnostic> {
    decode_photo(path, &read_photo(path, span)?, span)
}

/// SHA-256 of the photo file, so a build can tell whether it changed without decoding
/// it, and whether it is the placeholder portrait `new` drew.
pub fn digest_photo(path: &Path, span: &Span) -> Result<([u8; 32], bool), Diagnostic> {
    use sha2::Digest;
    let bytes = read_photo(path, span)?;
    Ok((sha2::Sha256::digest(&bytes).into(), super::placeholders::is_placeholder_portrait(&bytes)))
}

fn read_photo(path: &Path, span: &Span) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| {
        Diagnostic::error(Some(span.clone()), format!("cannot read photo {}: {e}", path.display()))
    })
}

/// Decodes photo bytes; errors name the photo and the case.yaml line that points to it.
pub fn decode_photo(path: &Path, bytes: &[u8], span: &Span) -> Result<Photo, Diagnostic> {
    let corrupt = |e: &dyn std::fmt::Display| {
        Diagnostic::error(Some(span.clone()), format!("photo {} cannot be decoded: {e}", path.display()))
            .with_hint("use a JPEG or PNG file")
    };
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| corrupt(&e))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PHOTO_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(path, span),
        e => corrupt(&e),
    })?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(corrupt(&"the image is empty"));
    }
    if width > MAX_PHOTO_SIDE || height > MAX_PHOTO_SIDE {
        return Err(Diagnostic::error(
            Some(span.clone()),
            format!("photo {} is {width} x {height} px, larger than the {MAX_PHOTO_SIDE} px per side appealpress reads", path.display()),
        )
        .with_hint("scale the photo down; 4000 px on the long side is plenty for print"));
    }
    let orientation = decoder.orientation().map_err(|e| corrupt(&e))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| corrupt(&e))?;
    image.apply_orientation(orientation);
    Ok(Photo { pixels: flatten_on_white(image), path: path.to_path_buf() })
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
        assert_eq!(photo.pixels.dimensions(), (20, 40));
        // The red first column is now the top row.
        assert!(photo.pixels.get_pixel(10, 0).0[0] > 150, "{:?}", photo.pixels.get_pixel(10, 0));
        assert!(photo.pixels.get_pixel(10, 39).0[0] < 100);
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
        let [r, g, b] = photo.pixels.get_pixel(8, 8).0;
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

    #[test]
    fn decoding_gives_the_same_pixels_with_or_without_vector_code() {
        use zune_core::options::DecoderOptions;
        use zune_jpeg::zune_core::bytestream::ZCursor;
        let decode = |bytes: &[u8], vector: bool| {
            let options = DecoderOptions::default().set_use_unsafe(vector);
            zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options).decode().unwrap()
        };
        // The sample's portrait (3000 x 3750, full colour resolution), and a photo with
        // its colour at half resolution, so the upsampling is checked too.
        let portrait = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/packs/ali-aarrass/portrait.jpg"));
        let pixels: Vec<u8> =
            (0..517 * 333 * 3).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 25) as u8).collect();
        let mut subsampled = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut subsampled, 90);
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        encoder.encode(&pixels, 517, 333, jpeg_encoder::ColorType::Rgb).unwrap();
        for bytes in [portrait.unwrap(), subsampled] {
            let (plain, vector) = (decode(&bytes, false), decode(&bytes, true));
            let differing = plain.iter().zip(&vector).filter(|(a, b)| a != b).count();
            assert_eq!(differing, 0, "of {} samples", plain.len());
        }
    }

    #[test]
    fn alpha_is_flattened_on_white() {
        let mut png = Vec::new();
        let img = image::RgbaImage::from_pixel(2, 2, image::Rgba([0, 0, 0, 0]));
        DynamicImage::ImageRgba8(img).write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let photo = decode_photo(Path::new("p.png"), &png, &span()).unwrap();
        assert_eq!(photo.pixels.get_pixel(0, 0).0, [255, 255, 255]);
    }
}
