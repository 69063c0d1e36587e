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
        || relative.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        });
    let outside = || {
        Diagnostic::error(
            Some(span.clone()),
            format!("photo `{file}` is outside the case folder"),
        )
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

/// Reads and decodes the photo at `path`, bounded by [`MAX_PHOTO_SIDE`] and [`MAX_PHOTO_ALLOC`].
pub fn load_photo(path: &Path, span: &Span) -> Result<Photo, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            Some(span.clone()),
            format!("cannot read photo {}: {e}", path.display()),
        )
    })?;
    decode_photo(path, &bytes, span)
}

/// Decodes photo bytes; errors name the photo and the case.yaml line that points to it.
pub fn decode_photo(path: &Path, bytes: &[u8], span: &Span) -> Result<Photo, Diagnostic> {
    let corrupt = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            Some(span.clone()),
            format!("photo {} cannot be decoded: {e}", path.display()),
        )
        .with_hint("use a JPEG or PNG file")
    };
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| corrupt(&e))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_SIDE);
    limits.max_alloc = Some(MAX_PHOTO_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| corrupt(&e))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(corrupt(&"the image is empty"));
    }
    let orientation = decoder.orientation().map_err(|e| corrupt(&e))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| corrupt(&e))?;
    image.apply_orientation(orientation);
    Ok(Photo {
        pixels: flatten_on_white(image),
        path: path.to_path_buf(),
    })
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
    fn corrupt_bytes_are_an_error_not_a_panic() {
        let err =
            decode_photo(Path::new("p.jpg"), b"\xff\xd8\xff\xe0garbage", &span()).unwrap_err();
        assert!(err.message.contains("cannot be decoded"));
    }

    #[test]
    fn alpha_is_flattened_on_white() {
        let mut png = Vec::new();
        let img = image::RgbaImage::from_pixel(2, 2, image::Rgba([0, 0, 0, 0]));
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let photo = decode_photo(Path::new("p.png"), &png, &span()).unwrap();
        assert_eq!(photo.pixels.get_pixel(0, 0).0, [255, 255, 255]);
    }
}
