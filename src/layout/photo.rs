//! Framing the photo as a picture editor would: the crop of a frame keeps the `keep`
//! region whole with headroom above it, or, without one, never loses the top of an
//! upright portrait; and the arrangement of a cover or postcard front (a wide frame
//! across the page, or an upright one) is chosen by the photo's shape and that region.

use super::CropRect;

/// How a photo is to be cropped, whatever the frame: what `case.yaml` says about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Framing {
    /// The point (fractions of the photo's width and height) a crop centres on where
    /// nothing else decides.
    pub(crate) focus: (f32, f32),
    /// The region (left, top, right, bottom, fractions of the photo from its top left)
    /// every crop keeps whole, with headroom above it.
    pub(crate) keep: Option<[f32; 4]>,
}

/// Headroom above the keep region, as a fraction of its height, when the crop has it
/// to spare: a face that touches the frame's top edge looks cut even when it is not.
const HEADROOM: f32 = 0.1;
/// The least air above the keep region, as a fraction of its height, for a crop to
/// count as having headroom: a pixel or two of sky over a head reads as touching.
const MIN_HEADROOM: f32 = 0.03;
/// Of the height a crop has beyond the keep region, the share above it: a picture
/// editor's head-and-shoulders crop has little air above the head and the body below.
const SHARE_ABOVE: f32 = 0.2;
/// The shapes (width / height) an upright frame may take: the photo's own, within
/// 3:4 and 1:1, so a 9:16 phone portrait still shows three quarters of its height.
const UPRIGHT_ASPECT: (f32, f32) = (0.75, 1.0);
/// A wide frame is kept only while its crop shows at least this share of the photo's
/// height (and the whole keep region).
const WIDE_MIN_HEIGHT: f32 = 0.5;

/// Whether a `width` x `height` photo is upright (taller than wide).
pub(crate) fn is_upright((width, height): (u32, u32)) -> bool {
    height > width
}

/// The shape (width / height) of an upright frame for this photo.
pub(crate) fn upright_aspect((width, height): (u32, u32)) -> f32 {
    (width as f32 / height.max(1) as f32).clamp(UPRIGHT_ASPECT.0, UPRIGHT_ASPECT.1)
}

/// Whether a cover or front may keep its wide frame (`frame_w` x `frame_h`) for this
/// photo: it is not upright, and the wide crop shows the whole keep region with
/// headroom and at least half the photo's height. Otherwise the photo goes into an
/// upright frame of [`upright_aspect`].
pub(crate) fn wide_frame_fits(size: (u32, u32), frame_w: f32, frame_h: f32, framing: Framing) -> bool {
    if is_upright(size) {
        return false;
    }
    let fit = crop_fit(size, crop_to_frame(size.0, size.1, frame_w, frame_h, framing), framing);
    fit.keep_whole && fit.headroom && fit.height_shown >= WIDE_MIN_HEIGHT
}

/// The largest part of a `width` x `height` photo with the frame's aspect ratio.
/// With a keep region: the region whole, with headroom above it as far as the crop has
/// room, centred on the region across. Without: centred on the focal point, but an
/// upright photo keeps its top (a portrait's crop never loses the head).
pub(crate) fn crop_to_frame(
    width: u32,
    height: u32,
    frame_w: f32,
    frame_h: f32,
    framing: Framing,
) -> CropRect {
    let aspect = frame_w / frame_h;
    let (w, h) = (width as f32, height as f32);
    let (crop_w, crop_h) = if w / h > aspect { (h * aspect, h) } else { (w, w / aspect) };
    let crop_w = crop_w.round().clamp(1.0, w);
    let crop_h = crop_h.round().clamp(1.0, h);
    let (focus_x, focus_y) = framing.focus;
    let (x, y) = match framing.keep {
        Some([left, top, right, bottom]) => {
            let (left, top, right, bottom) = (left * w, top * h, right * w, bottom * h);
            let keep_h = bottom - top;
            // Across: centred on the region; a region wider than the crop keeps its
            // start (left) edge, as a face keeps its top.
            let x = if crop_w >= right - left { (left + right) / 2.0 - crop_w / 2.0 } else { left };
            // Down: the region's top after the headroom; the bottom follows when the
            // crop is tall enough, and otherwise is what gives way.
            let slack = crop_h - keep_h;
            let above =
                if slack > 0.0 { (slack * SHARE_ABOVE).max((keep_h * HEADROOM).min(slack)) } else { 0.0 };
            (x, top - above)
        }
        None if height > width => (focus_x * w - crop_w / 2.0, 0.0),
        None => (focus_x * w - crop_w / 2.0, focus_y * h - crop_h / 2.0),
    };
    let x = x.clamp(0.0, w - crop_w);
    let y = y.clamp(0.0, h - crop_h);
    CropRect { x: x.round() as u32, y: y.round() as u32, width: crop_w as u32, height: crop_h as u32 }
}

/// What a crop shows of its photo, for `check`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CropFit {
    /// The share of the photo's width the crop shows.
    pub(crate) width_shown: f32,
    /// The share of the photo's height the crop shows.
    pub(crate) height_shown: f32,
    /// The keep region lies whole inside the crop (true without one).
    pub(crate) keep_whole: bool,
    /// There is air above the keep region, [`MIN_HEADROOM`] of its height at least,
    /// or the region starts at the photo's own top (true without a region).
    pub(crate) headroom: bool,
}

/// What `crop` shows of a photo of `size` framed by `framing`.
pub(crate) fn crop_fit(size: (u32, u32), crop: CropRect, framing: Framing) -> CropFit {
    let (w, h) = (size.0.max(1) as f32, size.1.max(1) as f32);
    let (keep_whole, headroom) = match framing.keep {
        None => (true, true),
        Some([left, top, right, bottom]) => {
            // A pixel of rounding either way is no cut.
            let (cl, ct) = (crop.x as f32 - 1.0, crop.y as f32 - 1.0);
            let (cr, cb) = ((crop.x + crop.width) as f32 + 1.0, (crop.y + crop.height) as f32 + 1.0);
            let whole = left * w >= cl && right * w <= cr && top * h >= ct && bottom * h <= cb;
            let air = top * h - crop.y as f32;
            (whole, air >= (MIN_HEADROOM * (bottom - top) * h).max(1.0) || top * h < 1.0)
        }
    };
    CropFit { width_shown: crop.width as f32 / w, height_shown: crop.height as f32 / h, keep_whole, headroom }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn focus(x: f32, y: f32) -> Framing {
        Framing { focus: (x, y), keep: None }
    }

    #[test]
    fn landscape_frame_on_landscape_photo_follows_focus() {
        let crop = crop_to_frame(3000, 2000, 400.0, 100.0, focus(0.5, 0.0));
        assert_eq!(crop, CropRect { x: 0, y: 0, width: 3000, height: 750 });
        let middle = crop_to_frame(3000, 2000, 400.0, 100.0, focus(0.5, 0.5));
        assert_eq!(middle.y, 625);
        let bottom = crop_to_frame(3000, 2000, 400.0, 100.0, focus(0.5, 1.0));
        assert_eq!(bottom.y + bottom.height, 2000);
    }

    #[test]
    fn an_upright_photo_without_keep_never_loses_its_top() {
        // A 1000x1500 portrait in a 2:1 frame: full width, a 500 px band from the top,
        // whatever the focus says downwards.
        for y in [0.0, 0.35, 0.5, 1.0] {
            let crop = crop_to_frame(1000, 1500, 200.0, 100.0, focus(0.5, y));
            assert_eq!(crop, CropRect { x: 0, y: 0, width: 1000, height: 500 }, "focus y {y}");
        }
    }

    #[test]
    fn portrait_frame_on_landscape_photo() {
        let crop = crop_to_frame(3000, 2000, 100.0, 200.0, focus(0.9, 0.5));
        assert_eq!((crop.width, crop.height), (1000, 2000));
        assert_eq!(crop.x + crop.width, 3000);
    }

    #[test]
    fn the_keep_region_stays_whole_with_headroom() {
        // Off to the right and low: a wide crop 3000 x 1500 of a 3000 x 2000 photo.
        let framing = Framing { focus: (0.5, 0.4), keep: Some([0.66, 0.3, 0.92, 0.85]) };
        let crop = crop_to_frame(3000, 2000, 200.0, 100.0, framing);
        let fit = crop_fit((3000, 2000), crop, framing);
        assert!(fit.keep_whole && fit.headroom, "{crop:?}");
        assert!(crop.y > 0 && crop.y < 600, "{crop:?}");
        // The focus alone cuts it.
        let old = crop_to_frame(3000, 2000, 200.0, 100.0, focus(0.5, 0.4));
        assert!(!crop_fit((3000, 2000), old, framing).keep_whole);
        // Across, a narrow frame is centred on the region.
        let narrow = crop_to_frame(3000, 2000, 100.0, 100.0, framing);
        assert_eq!(narrow.x + narrow.width, 3000);
        let fit = crop_fit((3000, 2000), narrow, framing);
        assert!(fit.keep_whole && fit.headroom);
    }

    #[test]
    fn a_region_taller_than_the_crop_keeps_its_top() {
        let framing = Framing { focus: (0.5, 0.5), keep: Some([0.1, 0.2, 0.9, 0.9]) };
        let crop = crop_to_frame(1000, 1500, 200.0, 100.0, framing);
        assert_eq!(crop.y, 300);
        let fit = crop_fit((1000, 1500), crop, framing);
        assert!(!fit.keep_whole);
        assert!((fit.height_shown - 1.0 / 3.0).abs() < 0.01);
    }

    #[test]
    fn a_sliver_of_air_above_the_region_is_no_headroom() {
        // A region 1000 px tall from y 500: 20 px of air is under 3 % of it, 40 is not.
        let framing = Framing { focus: (0.5, 0.5), keep: Some([0.2, 0.25, 0.8, 0.75]) };
        let crop = |y| CropRect { x: 0, y, width: 3000, height: 1400 };
        assert!(!crop_fit((3000, 2000), crop(480), framing).headroom);
        assert!(crop_fit((3000, 2000), crop(460), framing).headroom);
    }

    #[test]
    fn arrangement_follows_shape_and_keep() {
        let wide = focus(0.5, 0.4);
        assert!(wide_frame_fits((3000, 2000), 180.0, 100.0, wide));
        assert!(!wide_frame_fits((3000, 3750), 180.0, 100.0, wide));
        // A tall keep region in a landscape photo: the wide crop would cut it.
        let tall = Framing { focus: (0.5, 0.4), keep: Some([0.4, 0.05, 0.6, 0.95]) };
        assert!(!wide_frame_fits((3000, 2000), 180.0, 100.0, tall));
        assert_eq!(upright_aspect((3000, 3750)), 0.8);
        assert_eq!(upright_aspect((900, 1600)), 0.75);
    }
}
