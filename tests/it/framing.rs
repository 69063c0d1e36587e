//! The face is the appeal: for a drawn upright portrait and a drawn landscape photo
//! with an off-centre `keep` region, page 1 of every pack and postcard file (home and
//! press, A4 and Letter, English and Arabic) is rendered with poppler, and the region
//! must show whole, with headroom above it, on the cover and on every card.
//!
//! The photo is plain grey; the keep region is a blue rectangle with a yellow border
//! inside its edges. Whole means the border shows on all four sides of the blue;
//! headroom means grey shows above the border's top.

use crate::common;

use std::path::Path;

use common::*;

const GREY: [u8; 3] = [190, 190, 190];
const BLUE: [u8; 3] = [60, 90, 170];
const YELLOW: [u8; 3] = [240, 200, 40];
const WHITE: [u8; 3] = [255, 255, 255];

/// A `width` x `height` photo: grey, the keep region blue with a yellow border.
fn draw_photo(path: &Path, (width, height): (u32, u32), keep: [f32; 4]) {
    let [l, t, r, b] =
        [keep[0] * width as f32, keep[1] * height as f32, keep[2] * width as f32, keep[3] * height as f32];
    let border = 0.08 * (r - l).min(b - t);
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as f32 + 0.5, y as f32 + 0.5);
        let inside = |d: f32| x >= l + d && x < r - d && y >= t + d && y < b - d;
        image::Rgb(if inside(border) {
            BLUE
        } else if inside(0.0) {
            YELLOW
        } else {
            GREY
        })
    });
    image.save(path).unwrap();
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Grey,
    Blue,
    Yellow,
    /// Paper, text, the accent: anything that is not the photo.
    Page,
    /// A blend at an edge, between two colours.
    Edge,
}

fn classify(px: [u8; 3]) -> Class {
    let distance = |c: [u8; 3]| -> i32 { (0..3).map(|i| (px[i] as i32 - c[i] as i32).pow(2)).sum() };
    let nearest = [(Class::Grey, GREY), (Class::Blue, BLUE), (Class::Yellow, YELLOW), (Class::Page, WHITE)]
        .into_iter()
        .min_by_key(|(_, c)| distance(*c))
        .unwrap();
    let [r, g, b] = px.map(i32::from);
    match nearest {
        (class, c) if distance(c) < 45 * 45 => class,
        // Ink and the accent.
        _ if r + g + b < 240 || r > g + 80 => Class::Page,
        _ => Class::Edge,
    }
}

struct Raster {
    width: usize,
    height: usize,
    pixels: Vec<Class>,
}

impl Raster {
    /// Page 1 of `pdf` at 50 dpi.
    fn page_one(pdftoppm: &Path, pdf: &Path) -> Raster {
        let (magic, width, height, data) = page_one_pixels(pdftoppm, pdf, &["-r", "50"]);
        assert_eq!(magic, "P6");
        let pixels = data.chunks_exact(3).map(|p| classify([p[0], p[1], p[2]])).collect();
        Raster { width, height, pixels }
    }

    fn at(&self, x: usize, y: usize) -> Class {
        self.pixels[y * self.width + x]
    }

    /// The bounding boxes (x0, y0, x1, y1, inclusive) of the blue areas of more than a
    /// few pixels.
    fn blue_boxes(&self) -> Vec<(usize, usize, usize, usize)> {
        let mut seen = vec![false; self.pixels.len()];
        let mut boxes = Vec::new();
        for start in 0..self.pixels.len() {
            if seen[start] || self.pixels[start] != Class::Blue {
                continue;
            }
            let mut stack = vec![start];
            seen[start] = true;
            let (mut x0, mut y0, mut x1, mut y1, mut count) = (usize::MAX, usize::MAX, 0, 0, 0);
            while let Some(i) = stack.pop() {
                let (x, y) = (i % self.width, i / self.width);
                (x0, y0, x1, y1, count) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y), count + 1);
                let mut push = |j: usize| {
                    if !seen[j] && self.pixels[j] == Class::Blue {
                        seen[j] = true;
                        stack.push(j);
                    }
                };
                if x > 0 {
                    push(i - 1);
                }
                if x + 1 < self.width {
                    push(i + 1);
                }
                if y > 0 {
                    push(i - self.width);
                }
                if y + 1 < self.height {
                    push(i + self.width);
                }
            }
            if count > 30 {
                boxes.push((x0, y0, x1, y1));
            }
        }
        boxes
    }

    /// From (x, y) stepping by (dx, dy): the runs of classes met, blends skipped,
    /// until the page's edge or anything not of the photo.
    fn walk(&self, (x, y): (usize, usize), (dx, dy): (isize, isize)) -> Vec<(Class, usize)> {
        let mut runs: Vec<(Class, usize)> = Vec::new();
        let (mut x, mut y) = (x as isize, y as isize);
        let mut edge = 0;
        loop {
            x += dx;
            y += dy;
            if x < 0 || y < 0 || x >= self.width as isize || y >= self.height as isize {
                break;
            }
            let class = self.at(x as usize, y as usize);
            match class {
                // A blend is a pixel or two where two colours meet; more is no photo.
                Class::Edge if edge < 3 => edge += 1,
                Class::Edge | Class::Page => break,
                _ => {
                    edge = 0;
                    match runs.last_mut() {
                        Some((last, n)) if *last == class => *n += 1,
                        _ => runs.push((class, 1)),
                    }
                }
            }
        }
        runs
    }
}

/// What is wrong with the keep regions on page 1 of `pdf`: each must show whole with
/// headroom, and there must be `expected` of them (one per cover or card).
fn keep_problems(pdftoppm: &Path, pdf: &Path, expected: usize) -> Vec<String> {
    let raster = Raster::page_one(pdftoppm, pdf);
    let name = pdf.file_name().unwrap().to_string_lossy();
    let boxes = raster.blue_boxes();
    if boxes.len() != expected {
        return vec![format!("{name}: {} keep regions, not {expected}: {boxes:?}", boxes.len())];
    }
    let mut problems = Vec::new();
    for (x0, y0, x1, y1) in boxes {
        let at = (x0, y0, x1, y1);
        let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
        let up = raster.walk((cx, y0), (0, -1));
        let sides = [
            ("top", up.clone()),
            ("bottom", raster.walk((cx, y1), (0, 1))),
            ("left", raster.walk((x0, cy), (-1, 0))),
            ("right", raster.walk((x1, cy), (1, 0))),
        ];
        // The border, as thick on every side: a side cut inside it shows less of it.
        let border =
            |runs: &[(Class, usize)]| runs.first().filter(|r| r.0 == Class::Yellow).map_or(0, |r| r.1);
        let thickest = sides.iter().map(|(_, runs)| border(runs)).max().unwrap_or(0);
        for (side, runs) in &sides {
            let thickness = border(runs);
            if thickness == 0 || thickness + 1 < thickest * 3 / 4 {
                problems.push(format!("{name}: the keep region at {at:?} is cut at the {side}: {runs:?}"));
            }
        }
        // Headroom: grey above the border, at least 3 % of the region's height.
        let air = up.get(1).filter(|r| r.0 == Class::Grey).map_or(0, |r| r.1);
        let needed = ((y1 - y0) as f32 * 0.03).ceil().max(1.0) as usize;
        if air < needed {
            problems
                .push(format!("{name}: {air} px above the keep region at {at:?}, needs {needed}: {up:?}"));
        }
    }
    problems
}

/// The sample case's texts (English and Arabic) with a drawn photo and `keep`.
fn case_with(dir: &Path, size: (u32, u32), keep: [f32; 4], paper: &str) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/ali-aarrass");
    let case = dir.join("packs/framed");
    std::fs::create_dir_all(&case).unwrap();
    for lang in ["en.md", "ar.md"] {
        std::fs::copy(sample.join(lang), case.join(lang)).unwrap();
    }
    draw_photo(&case.join("photo.png"), size, keep);
    let yaml = std::fs::read_to_string(sample.join("case.yaml")).unwrap();
    let start = yaml.find("photo:").unwrap();
    let end = yaml.find("status:").unwrap();
    let photo = format!(
        "photo:\n  file: photo.png\n  credit: \"Drawn by the test\"\n  keep: [{}, {}, {}, {}]\n",
        keep[0], keep[1], keep[2], keep[3]
    );
    let yaml =
        format!("{}{photo}{}", &yaml[..start], &yaml[end..]).replace("paper: a4", &format!("paper: {paper}"));
    std::fs::write(case.join("case.yaml"), yaml).unwrap();
}

fn every_cover_and_card_keeps(size: (u32, u32), keep: [f32; 4]) {
    let Some(pdftoppm) = tool("pdftoppm") else { return };
    let mut problems = Vec::new();
    for paper in ["a4", "letter"] {
        let dir = tempfile::tempdir().unwrap();
        case_with(dir.path(), size, keep, paper);
        let out = appealpress(dir.path(), &["build", "packs", "--out", "dist"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for lang in ["en", "ar"] {
            for (file, cards) in [("pack", 1), ("pack-press", 1), ("postcard", 4), ("postcard-press", 1)] {
                let pdf = dir.path().join(format!("dist/framed/framed-{lang}-{file}.pdf"));
                problems.extend(
                    keep_problems(&pdftoppm, &pdf, cards).into_iter().map(|p| format!("{paper}: {p}")),
                );
            }
        }
        // `check` says what each product shows, and warns of nothing.
        let out = appealpress(dir.path(), &["check", "packs"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let sheet = if paper == "a4" { "A4" } else { "Letter" };
        let home_pack = format!("home pack cover ({sheet})");
        let press_pack = format!("press pack cover ({sheet})");
        let home_card = format!("home postcard front ({sheet})");
        for place in [&home_pack, &press_pack, &home_card, "press postcard front"] {
            let line = stderr
                .lines()
                .find(|l| l.contains(&format!("on the {place}: ")))
                .unwrap_or_else(|| panic!("{place}: {stderr}"));
            if !(line.starts_with("note: ") && line.ends_with("the keep region is whole")) {
                problems.push(format!("{paper}: check: {line}"));
            }
        }
        problems.extend(
            stderr.lines().filter(|l| l.starts_with("warning:")).map(|l| format!("{paper}: check: {l}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_upright_portraits_keep_region_is_whole_on_every_cover_and_card() {
    // A 3:4 phone portrait, the face in its upper half.
    every_cover_and_card_keeps((1500, 2000), [0.3, 0.12, 0.7, 0.5]);
}

#[test]
fn a_landscape_photos_off_centre_keep_region_is_whole_on_every_cover_and_card() {
    // The person on the right, standing: the region runs low.
    every_cover_and_card_keeps((3000, 2000), [0.66, 0.3, 0.92, 0.9]);
}

#[test]
fn a_landscape_photos_tall_keep_region_is_whole_on_every_cover_and_card() {
    // The person standing head to foot on the right: the home cover's wide frame
    // holds the region, but the press cover's, wider by the margins and the bleed at
    // the same height, would cut its top and foot, so both take the upright frame.
    every_cover_and_card_keeps((3000, 2000), [0.6, 0.2, 0.9, 0.9]);
}

#[test]
fn check_warns_when_a_crop_cuts_the_keep_region() {
    // A region as wide as a panorama and as tall as it: no frame holds it.
    let dir = tempfile::tempdir().unwrap();
    case_with(dir.path(), (4000, 1000), [0.0, 0.0, 1.0, 1.0], "a4");
    let out = appealpress(dir.path(), &["check", "packs"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: packs/framed/case.yaml:6: the crop of photo packs/framed/photo.png on the home postcard front (A4) cuts its keep region"),
        "{stderr}"
    );
}

/// The poster's keep region, as [`every_cover_and_card_keeps`] checks the covers and
/// cards: whole with headroom on the home and press posters, A3 and Tabloid, English
/// and Arabic, and `check` says so. The photos are drawn at least 3600 px wide, what
/// the poster needs for 300 ppi across A3 and its bleed, so that no resolution warning
/// hides among the framing ones.
fn every_poster_keeps(size: (u32, u32), keep: [f32; 4]) {
    let Some(pdftoppm) = tool("pdftoppm") else { return };
    let mut problems = Vec::new();
    for paper in ["a4", "letter"] {
        let dir = tempfile::tempdir().unwrap();
        case_with(dir.path(), size, keep, paper);
        let yaml = dir.path().join("packs/framed/case.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(&yaml, format!("{text}\nproducts: [poster]\n")).unwrap();
        let out = appealpress(dir.path(), &["build", "packs", "--out", "dist"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for lang in ["en", "ar"] {
            for file in ["poster", "poster-press"] {
                let pdf = dir.path().join(format!("dist/framed/framed-{lang}-{file}.pdf"));
                problems
                    .extend(keep_problems(&pdftoppm, &pdf, 1).into_iter().map(|p| format!("{paper}: {p}")));
            }
        }
        let out = appealpress(dir.path(), &["check", "packs"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let sheet = if paper == "a4" { "A4" } else { "Letter" };
        for place in [format!("home poster ({sheet})"), format!("press poster ({sheet})")] {
            let line = stderr
                .lines()
                .find(|l| l.contains(&format!("on the {place}: ")))
                .unwrap_or_else(|| panic!("{place}: {stderr}"));
            if !(line.starts_with("note: ") && line.ends_with("the keep region is whole")) {
                problems.push(format!("{paper}: check: {line}"));
            }
        }
        // Labels that fall back to English are the translations' business (issue 29
        // lands them apart), not the framing's.
        let framing_warning = |l: &&str| l.starts_with("warning:") && !l.contains(": the labels for `");
        problems.extend(stderr.lines().filter(framing_warning).map(|l| format!("{paper}: check: {l}")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_posters_keep_region_is_whole_for_upright_and_landscape_photos() {
    // The three shapes the covers and cards are checked with, at the poster's size.
    every_poster_keeps((3600, 4800), [0.3, 0.12, 0.7, 0.5]);
    // A landscape photo is cropped at its sides: more pixels across for 300 ppi.
    every_poster_keeps((4200, 2800), [0.66, 0.3, 0.92, 0.9]);
    every_poster_keeps((4200, 2800), [0.6, 0.2, 0.9, 0.9]);
}
