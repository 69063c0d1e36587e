//! Reading a font file for the index: its faces' table directories and their
//! `cmap`, `name` and `OS/2` tables, never the outlines, with every offset checked
//! against the file's size (a corrupt header must not make us allocate gigabytes).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use rustybuzz::ttf_parser;
use unicode_script::{Script, UnicodeScript};

use super::cache::FaceRecord;

/// The key a face's scripts are counted under: unicode-script's four-letter code.
pub(crate) fn script_key(script: Script) -> &'static str {
    script.short_name()
}

/// A big-endian `u16` at the start of `b`.
fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}

/// A big-endian `u32` at the start of `b`.
fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads `len` bytes at `offset`, refusing ranges past the end (a corrupt header
/// must not make us allocate gigabytes).
pub(super) fn read_at(file: &mut File, size: u64, offset: u64, len: u64) -> Result<Vec<u8>, String> {
    if offset.checked_add(len).is_none_or(|end| end > size) {
        return Err(format!("truncated: {len} bytes at {offset} run past the end ({size} bytes)"));
    }
    file.seek(SeekFrom::Start(offset)).map_err(|e| e.to_string())?;
    let mut buf = vec![0; len as usize];
    file.read_exact(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf)
}

/// Indexes a font file's faces from their table directories and the `cmap`, `name`
/// and `OS/2` tables.
pub(super) fn index_file(path: &Path, size: u64) -> Result<Vec<FaceRecord>, String> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let head = read_at(&mut file, size, 0, 12)?;
    let offsets: Vec<u32> = if &head[..4] == b"ttcf" {
        let count = be32(&head[8..12]);
        if count == 0 || count > 1024 {
            return Err(format!("a collection of {count} faces"));
        }
        let table = read_at(&mut file, size, 12, 4 * u64::from(count))?;
        table.chunks_exact(4).map(be32).collect()
    } else {
        vec![0]
    };
    offsets
        .iter()
        .enumerate()
        .map(|(index, &offset)| index_face(&mut file, size, offset, index as u32))
        .collect()
}

/// Indexes the face whose table directory is at `offset`: face `index` of the file.
fn index_face(file: &mut File, size: u64, offset: u32, index: u32) -> Result<FaceRecord, String> {
    let header = read_at(file, size, u64::from(offset), 12)?;
    if !matches!(&header[..4], [0, 1, 0, 0] | b"OTTO" | b"true") {
        return Err("not a TrueType or OpenType font".into());
    }
    let count = u64::from(be16(&header[4..6]));
    let records = read_at(file, size, u64::from(offset) + 12, 16 * count)?;
    let table = |tag: &[u8; 4]| {
        records.chunks_exact(16).find(|r| &r[..4] == tag).map(|r| (be32(&r[8..12]), be32(&r[12..16])))
    };
    let (cmap_at, cmap_len) = table(b"cmap").ok_or("no cmap table")?;
    let cmap = read_at(file, size, u64::from(cmap_at), u64::from(cmap_len))?;
    let mut read_table = |tag: &[u8; 4]| -> Result<Option<Vec<u8>>, String> {
        table(tag).map(|(at, len)| read_at(file, size, u64::from(at), u64::from(len))).transpose()
    };
    let name = read_table(b"name")?;
    let os2 = read_table(b"OS/2")?;

    let scripts = count_scripts(&cmap).ok_or("unreadable cmap table")?;
    let names = name.as_deref().and_then(ttf_parser::name::Table::parse);
    let find_name = |id: u16| {
        let names = names.as_ref()?;
        let mut found: Vec<(bool, String)> = names
            .names
            .into_iter()
            .filter(|n| n.name_id == id)
            .filter_map(|n| Some((n.language_id != 0x0409, n.to_string()?)))
            .collect();
        found.sort();
        found.into_iter().next().map(|(_, s)| s)
    };
    let postscript = find_name(ttf_parser::name_id::POST_SCRIPT_NAME).unwrap_or_default();
    let family = find_name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
        .or_else(|| find_name(ttf_parser::name_id::FAMILY))
        .unwrap_or_else(|| postscript.clone());
    if family.is_empty() {
        return Err("no family name".into());
    }
    let os2 = os2.as_deref().and_then(ttf_parser::os2::Table::parse);
    // Some faces mark bold only in fsSelection (Noto Nastaliq Urdu Bold says weight
    // 400): the bold bit counts as at least 700.
    let weight = os2.as_ref().map_or(400, |t| {
        let class = t.weight().to_number();
        if t.is_bold() {
            class.max(700)
        } else {
            class
        }
    });
    let italic = os2.as_ref().is_some_and(|t| t.style() != ttf_parser::Style::Normal);
    Ok(FaceRecord { index, family, postscript, weight, italic, cmap: [cmap_at, cmap_len], scripts })
}

/// Characters per script that a `cmap` table maps (Unicode subtables only).
pub(super) fn count_scripts(cmap: &[u8]) -> Option<BTreeMap<String, u32>> {
    let table = ttf_parser::cmap::Table::parse(cmap)?;
    let mut points = Vec::new();
    for sub in table.subtables {
        if sub.is_unicode() {
            sub.codepoints(|cp| points.push(cp));
        }
    }
    points.sort_unstable();
    points.dedup();
    let mut scripts = BTreeMap::new();
    for c in points.into_iter().filter_map(char::from_u32) {
        *scripts.entry(script_key(c.script()).to_string()).or_insert(0) += 1;
    }
    Some(scripts)
}

/// True when a `cmap` table maps `c` to a real glyph.
pub(super) fn cmap_has(cmap: &[u8], c: char) -> bool {
    let Some(table) = ttf_parser::cmap::Table::parse(cmap) else { return false };
    table
        .subtables
        .into_iter()
        .filter(|s| s.is_unicode())
        .any(|s| s.glyph_index(u32::from(c)).is_some_and(|g| g.0 != 0))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::shipped;
    use super::*;

    #[test]
    fn truncated_and_lying_headers_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let real = shipped("NotoSansThai-Regular.ttf");
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("empty.ttf", Vec::new()),
            ("short.ttf", real[..40].to_vec()),
            ("cut.ttf", real[..real.len() / 2].to_vec()),
            ("huge-collection.ttc", b"ttcf\0\x01\0\0\xff\xff\xff\xff".to_vec()),
            ("collection-past-end.ttc", b"ttcf\0\x01\0\0\0\0\0\x01\x7f\xff\xff\xff".to_vec()),
        ];
        for (name, bytes) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let result = index_file(&path, bytes.len() as u64);
            assert!(result.is_err(), "{name}: {result:?}");
        }
    }
}
