//! Draws the sample case's placeholder portrait: a head-and-shoulders silhouette on
//! a soft background, so the project ships no photo it has no right to.
//!
//! `cargo run --release --example make_portrait -- packs/ali-aarrass/portrait.jpg`

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

const WIDTH: u32 = 3000;
const HEIGHT: u32 = 3750;
/// Samples per pixel side, for smooth edges.
const SUPERSAMPLE: u32 = 2;

/// Whether a point lies in the silhouette; both coordinates in units of the image's width.
fn inside(x: f32, y: f32) -> bool {
    let head = ((x - 0.5) / 0.17).powi(2) + ((y - 0.36) / 0.215).powi(2) <= 1.0;
    let neck = (x - 0.5).abs() < 0.085 && y > 0.5 && y < 0.66;
    // Shoulders: a wide ellipse whose top is cut by the neck line.
    let shoulders = ((x - 0.5) / 0.47).powi(2) + ((y - 1.02) / 0.36).powi(2) <= 1.0;
    head || neck || shoulders
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "portrait.jpg".to_string());
    let image = RgbImage::from_fn(WIDTH, HEIGHT, |px, py| {
        let mut covered = 0;
        for sy in 0..SUPERSAMPLE {
            for sx in 0..SUPERSAMPLE {
                let x = (px as f32 + (sx as f32 + 0.5) / SUPERSAMPLE as f32) / WIDTH as f32;
                let y = (py as f32 + (sy as f32 + 0.5) / SUPERSAMPLE as f32) / WIDTH as f32;
                covered += u32::from(inside(x, y));
            }
        }
        let coverage = covered as f32 / (SUPERSAMPLE * SUPERSAMPLE) as f32;
        // Background: warm light grey, lighter towards the upper left.
        let t = (px as f32 / WIDTH as f32 + py as f32 / HEIGHT as f32) / 2.0;
        let background = [236.0 - 40.0 * t, 228.0 - 38.0 * t, 218.0 - 34.0 * t];
        let figure = [58.0, 56.0, 60.0];
        let mix = |i: usize| (background[i] * (1.0 - coverage) + figure[i] * coverage).round() as u8;
        Rgb([mix(0), mix(1), mix(2)])
    });
    let mut file = std::fs::File::create(&path).expect("cannot create the output file");
    JpegEncoder::new_with_quality(&mut file, 90).encode_image(&image).expect("cannot write the JPEG");
    println!("wrote {path} ({WIDTH}x{HEIGHT})");
}
