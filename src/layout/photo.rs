//! Cropping the photo to its frame around the focal point.

use super::CropRect;

/// The largest part of a `width` x `height` photo with the frame's aspect ratio,
/// centred on the focal point (`focus`, fractions of width and height) as far as the
/// photo's edges allow.
pub fn crop_to_frame(width: u32, height: u32, frame_w: f32, frame_h: f32, focus: (f32, f32)) -> CropRect {
    let aspect = frame_w / frame_h;
    let (w, h) = (width as f32, height as f32);
    let (crop_w, crop_h) = if w / h > aspect { (h * aspect, h) } else { (w, w / aspect) };
    let crop_w = crop_w.round().clamp(1.0, w);
    let crop_h = crop_h.round().clamp(1.0, h);
    let x = (focus.0 * w - crop_w / 2.0).clamp(0.0, w - crop_w);
    let y = (focus.1 * h - crop_h / 2.0).clamp(0.0, h - crop_h);
    CropRect { x: x.round() as u32, y: y.round() as u32, width: crop_w as u32, height: crop_h as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landscape_frame_on_portrait_photo_follows_focus() {
        // A 1000x1500 portrait in a 2:1 frame: full width, 500 px tall band.
        let top = crop_to_frame(1000, 1500, 200.0, 100.0, (0.5, 0.0));
        assert_eq!(top, CropRect { x: 0, y: 0, width: 1000, height: 500 });
        let face = crop_to_frame(1000, 1500, 200.0, 100.0, (0.5, 0.35));
        assert_eq!(face.y, 275);
        let bottom = crop_to_frame(1000, 1500, 200.0, 100.0, (0.5, 1.0));
        assert_eq!(bottom.y + bottom.height, 1500);
    }

    #[test]
    fn portrait_frame_on_landscape_photo() {
        let crop = crop_to_frame(3000, 2000, 100.0, 200.0, (0.9, 0.5));
        assert_eq!((crop.width, crop.height), (1000, 2000));
        assert_eq!(crop.x + crop.width, 3000);
    }
}
