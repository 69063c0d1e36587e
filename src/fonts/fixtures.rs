//! Font files for tests, made from the shipped faces: a folder for discovery to find,
//! and collections. Nothing here loads a face, so any file of this stage may use it.

use std::path::{Path, PathBuf};

/// The bytes of a shipped font file.
pub(crate) fn shipped(file: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts").join(file)).unwrap()
}

/// A TrueType collection holding `fonts` in order: each font copied whole, its
/// table records moved to offsets from the start of the collection.
pub(crate) fn collection(fonts: &[&[u8]]) -> Vec<u8> {
    let mut out = b"ttcf".to_vec();
    out.extend_from_slice(&[0, 1, 0, 0]);
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let offsets_at = out.len();
    out.resize(offsets_at + 4 * fonts.len(), 0);
    for (i, font) in fonts.iter().enumerate() {
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
        let base = out.len() as u32;
        out[offsets_at + 4 * i..offsets_at + 4 * i + 4].copy_from_slice(&base.to_be_bytes());
        out.extend_from_slice(font);
        let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
        for t in 0..tables {
            let at = base as usize + 12 + 16 * t + 8;
            let offset = u32::from_be_bytes(out[at..at + 4].try_into().unwrap()) + base;
            out[at..at + 4].copy_from_slice(&offset.to_be_bytes());
        }
    }
    out
}

/// A folder holding Noto Sans Thai as a two-face collection (Hebrew regular at
/// index 0, Thai bold at index 1, so the Thai face is not the first) and Thai
/// regular as a single font, plus a file that is not a font at all.
pub(crate) fn thai_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fonts = dir.path().join("fonts");
    std::fs::create_dir_all(fonts.join("sub")).unwrap();
    let ttc = collection(&[&shipped("NotoSansHebrew-Regular.ttf"), &shipped("NotoSansThai-Bold.ttf")]);
    std::fs::write(fonts.join("sub/HebrewThai.ttc"), ttc).unwrap();
    std::fs::write(fonts.join("NotoSansThai-Regular.ttf"), shipped("NotoSansThai-Regular.ttf")).unwrap();
    std::fs::write(fonts.join("broken.ttf"), b"\0\x01\0\0 this is not a font").unwrap();
    std::fs::write(fonts.join("README.txt"), b"not a font file name: never read").unwrap();
    (dir, fonts)
}
