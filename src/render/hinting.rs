//! TrueType hinting taken out of an embedded subset.
//!
//! Hinting is bytecode that snaps outlines to a screen's pixel grid at small sizes.
//! The Noto faces we ship are hinted, and in a subset the bytecode (`fpgm`, `prep`,
//! `cvt ` and each glyph's instructions) is more than half of the font's bytes, and
//! a sixth to a quarter of each PDF we write. A printed page is rasterised at 300 dpi
//! and more, where hints move nothing visible: poppler draws every fixture file pixel
//! for pixel the same with and without them, and Ghostscript, which runs them, draws
//! stems a little crisper at 100 dpi and the same to the eye at 300. So subsets are
//! embedded without:
//! outlines, advances and the other tables stay as the subsetter wrote them (only
//! checksums are recomputed). CFF faces (Noto Sans CJK) keep their stem hints, which
//! are part of each charstring.

/// Tables that hold hinting or metrics that depend on it: the font program, the
/// control-value program and table, their variations, and device metrics computed by
/// running them.
const HINTING_TABLES: [&[u8; 4]; 7] = [b"fpgm", b"prep", b"cvt ", b"cvar", b"hdmx", b"VDMX", b"LTSH"];

/// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

/// A TrueType font (`glyf` outlines) without its hinting; any other font (CFF) as it
/// is. `None` when the font's tables do not read as the OpenType spec has them.
pub(crate) fn without_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let tables = read_tables(font)?;
    let find = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, data)| *data);
    let (Some(glyf), Some(loca), Some(head), Some(maxp)) =
        (find(b"glyf"), find(b"loca"), find(b"head"), find(b"maxp"))
    else {
        return Some(font.to_vec());
    };
    let long_offsets = read_u16(head, 50)? == 1;
    let (mut glyf, mut loca) = strip_glyphs(glyf, loca, long_offsets)?;
    let mut maxp = without_hinting_limits(maxp)?;
    let mut out: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(tables.len());
    for (tag, data) in &tables {
        if HINTING_TABLES.contains(&tag) {
            continue;
        }
        let data = match tag {
            b"glyf" => std::mem::take(&mut glyf),
            b"loca" => std::mem::take(&mut loca),
            b"maxp" => std::mem::take(&mut maxp),
            _ => data.to_vec(),
        };
        out.push((*tag, data));
    }
    Some(write_font(read_u32(font, 0)?, out))
}

/// The table records of an sfnt, in the order of its directory.
fn read_tables(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let count = usize::from(read_u16(font, 4)?);
    (0..count)
        .map(|i| {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
            let offset = read_u32(font, record + 8)? as usize;
            let length = read_u32(font, record + 12)? as usize;
            Some((tag, font.get(offset..offset.checked_add(length)?)?))
        })
        .collect()
}

/// Every glyph without instructions, and the `loca` that indexes the new `glyf`, in
/// the same format. Glyphs stay 2-byte aligned, as the short format needs.
fn strip_glyphs(glyf: &[u8], loca: &[u8], long_offsets: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    let offsets: Vec<usize> = if long_offsets {
        loca.chunks_exact(4).map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize).collect()
    } else {
        loca.chunks_exact(2).map(|c| 2 * usize::from(u16::from_be_bytes([c[0], c[1]]))).collect()
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_offsets = Vec::with_capacity(offsets.len());
    new_offsets.push(0);
    for pair in offsets.windows(2) {
        let glyph = glyf.get(pair[0]..pair[1])?;
        if !glyph.is_empty() {
            new_glyf.extend(strip_glyph(glyph)?);
            if new_glyf.len() % 2 == 1 {
                new_glyf.push(0);
            }
        }
        new_offsets.push(new_glyf.len());
    }
    let new_loca = if long_offsets {
        new_offsets.iter().flat_map(|&o| (o as u32).to_be_bytes()).collect()
    } else {
        new_offsets
            .iter()
            .map(|&o| u16::try_from(o / 2).ok())
            .collect::<Option<Vec<u16>>>()?
            .into_iter()
            .flat_map(u16::to_be_bytes)
            .collect()
    };
    Some((new_glyf, new_loca))
}

/// One glyph's description without its instructions.
fn strip_glyph(glyph: &[u8]) -> Option<Vec<u8>> {
    let contours = i16::from_be_bytes([*glyph.first()?, *glyph.get(1)?]);
    if contours >= 0 {
        // Header (10 bytes), the contours' end points, then the instructions' length
        // and bytes, then flags and coordinates.
        let length_at = 10 + 2 * usize::from(contours.unsigned_abs());
        let instructions = usize::from(read_u16(glyph, length_at)?);
        let rest = glyph.get(length_at + 2 + instructions..)?;
        let mut out = glyph.get(..length_at)?.to_vec();
        out.extend([0, 0]);
        out.extend(rest);
        return Some(out);
    }
    // A composite: its components, each flagged; the instructions, if any, follow the
    // last one. Clear the flag and cut them off.
    let mut out = glyph.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = read_u16(glyph, at)?;
        let mut size = 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & WE_HAVE_A_SCALE != 0 {
            size += 2;
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            size += 4;
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            size += 8;
        }
        out.extend((flags & !WE_HAVE_INSTRUCTIONS).to_be_bytes());
        out.extend(glyph.get(at + 2..at + size)?);
        at += size;
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

/// `maxp` with the limits that only hinting uses set to what an unhinted font has:
/// one zone, no twilight points, storage, functions, instruction definitions, stack
/// or instructions. (Version 0.5 tables, for CFF, have none of these.)
fn without_hinting_limits(maxp: &[u8]) -> Option<Vec<u8>> {
    let mut out = maxp.to_vec();
    if read_u32(maxp, 0)? == 0x0001_0000 {
        let fields: [(usize, u16); 7] = [(14, 1), (16, 0), (18, 0), (20, 0), (22, 0), (24, 0), (26, 0)];
        for (at, value) in fields {
            out.get_mut(at..at + 2)?.copy_from_slice(&value.to_be_bytes());
        }
    }
    Some(out)
}

/// An sfnt from its tables: directory in tag order, tables 4-byte aligned, checksums
/// and `head.checkSumAdjustment` computed as the OpenType spec says.
fn write_font(version: u32, mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|(tag, _)| *tag);
    let count = tables.len() as u16;
    let selector = 15 - count.max(1).leading_zeros() as u16;
    let search_range = (1u16 << selector) * 16;
    let mut out = Vec::new();
    out.extend(version.to_be_bytes());
    for field in [count, search_range, selector, count * 16 - search_range] {
        out.extend(field.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset + 8);
        }
        out.extend(*tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The OpenType table checksum: the sum of big-endian u32 words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustybuzz::ttf_parser;

    /// Each glyph's outline as path commands, and its advance.
    fn drawn(font: &[u8]) -> Vec<(String, Option<u16>)> {
        struct Path(String);
        impl ttf_parser::OutlineBuilder for Path {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x} {y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x} {y}");
            }
            fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
                self.0 += &format!("Q{x1} {y1} {x} {y}");
            }
            fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
                self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let face = ttf_parser::Face::parse(font, 0).expect("the font reads");
        (0..face.number_of_glyphs())
            .map(|g| {
                let mut path = Path(String::new());
                face.outline_glyph(ttf_parser::GlyphId(g), &mut path);
                (path.0, face.glyph_hor_advance(ttf_parser::GlyphId(g)))
            })
            .collect()
    }

    /// How many simple glyphs have instructions, and how many composites are flagged
    /// as having them, read from `glyf` directly.
    fn hinted_glyphs(font: &[u8]) -> (usize, usize) {
        let tables = read_tables(font).unwrap();
        let find = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).unwrap().1;
        let long = read_u16(find(b"head"), 50).unwrap() == 1;
        let (glyf, loca) = (find(b"glyf"), find(b"loca"));
        let offset = |i: usize| match long {
            true => read_u32(loca, 4 * i).unwrap() as usize,
            false => 2 * usize::from(read_u16(loca, 2 * i).unwrap()),
        };
        let glyphs = loca.len() / if long { 4 } else { 2 } - 1;
        let (mut simple, mut composite) = (0, 0);
        for glyph in (0..glyphs).map(|i| &glyf[offset(i)..offset(i + 1)]).filter(|g| !g.is_empty()) {
            let contours = i16::from_be_bytes([glyph[0], glyph[1]]);
            if contours >= 0 {
                simple += usize::from(read_u16(glyph, 10 + 2 * contours as usize).unwrap() > 0);
                continue;
            }
            let (mut at, mut flagged) = (10, false);
            loop {
                let flags = read_u16(glyph, at).unwrap();
                flagged |= flags & WE_HAVE_INSTRUCTIONS != 0;
                at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 { 4 } else { 2 };
                at += [(WE_HAVE_A_SCALE, 2), (WE_HAVE_AN_X_AND_Y_SCALE, 4), (WE_HAVE_A_TWO_BY_TWO, 8)]
                    .iter()
                    .find(|(flag, _)| flags & flag != 0)
                    .map_or(0, |(_, size)| *size);
                if flags & MORE_COMPONENTS == 0 {
                    break;
                }
            }
            composite += usize::from(flagged);
        }
        (simple, composite)
    }

    /// A subset of Noto Sans with simple glyphs and a composite that carries its own
    /// instructions (`Å`), as the PDF would embed it.
    fn hinted_subset() -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSans-Regular.ttf");
        let data = std::fs::read(path).unwrap();
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        let mut gids: Vec<u16> =
            "Free Ali Aarrass, Å é ñ 0123".chars().filter_map(|c| face.glyph_index(c)).map(|g| g.0).collect();
        gids.sort();
        gids.dedup();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
        subsetter::subset(&data, 0, &remapper).unwrap()
    }

    #[test]
    fn outlines_and_advances_are_kept_and_every_instruction_goes() {
        let hinted = hinted_subset();
        let (simple, composite) = hinted_glyphs(&hinted);
        assert!(simple > 10 && composite > 0, "hinted to begin with: {simple} simple, {composite} composite");
        let plain = without_hinting(&hinted).unwrap();
        assert_eq!(drawn(&plain), drawn(&hinted));
        assert_eq!(hinted_glyphs(&plain), (0, 0));
        let tables: Vec<[u8; 4]> = read_tables(&plain).unwrap().iter().map(|(t, _)| *t).collect();
        for tag in HINTING_TABLES {
            assert!(!tables.contains(tag), "{} is still there", String::from_utf8_lossy(tag));
        }
        assert!(plain.len() * 2 < hinted.len(), "{} bytes, hinted {}", plain.len(), hinted.len());
        // What printpdf embeds it from, and the same bytes again from them.
        let mut warnings = Vec::new();
        assert!(printpdf::ParsedFont::from_bytes(&plain, 0, &mut warnings).is_some());
        assert_eq!(without_hinting(&plain).unwrap(), plain);
    }

    #[test]
    fn the_font_checksums_add_up_as_opentype_says() {
        let plain = without_hinting(&hinted_subset()).unwrap();
        assert_eq!(checksum(&plain), 0xB1B0_AFBA, "whole font with checkSumAdjustment");
        for (tag, data) in read_tables(&plain).unwrap() {
            let index = read_tables(&plain).unwrap().iter().position(|(t, _)| *t == tag).unwrap();
            let recorded = read_u32(&plain, 12 + 16 * index + 4).unwrap();
            let mut data = data.to_vec();
            if &tag == b"head" {
                data[8..12].fill(0);
            }
            assert_eq!(checksum(&data), recorded, "{}", String::from_utf8_lossy(&tag));
        }
    }

    #[test]
    fn a_cff_font_is_left_as_it_is() {
        let cff = [0x4f, 0x54, 0x54, 0x4f, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(without_hinting(&cff).unwrap(), cff.to_vec());
    }
}
