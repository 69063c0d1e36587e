//! Font discovery: faces for the scripts the shipped fonts do not cover (Han, kana,
//! Hangul, ...), found at run time instead of committed (a CJK face is ~20 MB).
//!
//! **Where**, in this order of preference: the folders given with `--font-dir`, the
//! folders in `APPEALPRESS_FONT_PATH` (`:`-separated), then the system's font folders
//! (`/usr/share/fonts`, `/usr/local/share/fonts`, `$XDG_DATA_HOME/fonts` or
//! `~/.local/share/fonts`, `~/.fonts`), which `APPEALPRESS_NO_SYSTEM_FONTS=1` leaves
//! out (tests use it to make "no font has this script" reproducible).
//!
//! **When**: only once a character turns up that no shipped face has. A build whose
//! text the shipped faces cover never reads a font folder. The first need walks every
//! folder once per process ([`Discovery::index`], a `OnceLock`) and indexes each font
//! file from its `cmap`, `name` and `OS/2` tables alone, never its outlines: per face,
//! the family, weight, style and how many characters of each script it maps. The
//! index is cached on disk ([`default_cache_path`]), one entry per file, reused while
//! the file's mtime and size are unchanged. A face's bytes are read only when text is
//! set in it, or hashed when a job key needs them.
//!
//! **Which**: candidates for a character are ranked by an order that depends only on
//! the faces and the language, never on the order folders were read in: language
//! variant first (zh-Hans → SC, zh-Hant → TC, zh-HK → HK then TC, ja → JP, ko → KR),
//! then where the folder came from, weight, design (sans before serif before mono),
//! how much of the script the face covers, and finally names and path. The first
//! candidate whose `cmap` has the character wins.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use rustybuzz::ttf_parser;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_script::{Script, UnicodeScript};

use super::fonts::{Design, Family, FontFace};
use crate::diag::{Diagnostic, Sink, Span};
use crate::locale::Locale;

/// Extra font folders, `:`-separated, searched after `--font-dir` and before the
/// system's folders.
pub const FONT_PATH_ENV: &str = "APPEALPRESS_FONT_PATH";

/// When set to anything but empty or `0`, the system's font folders are not searched.
pub const NO_SYSTEM_FONTS_ENV: &str = "APPEALPRESS_NO_SYSTEM_FONTS";

/// The on-disk index format; a file of another version is ignored and rewritten.
/// Version 2 reads bold from fsSelection too (see [`index_face`]).
const INDEX_VERSION: u32 = 2;

/// File name of the cached index.
const INDEX_FILE: &str = "font-index-v1.json";

/// How deep folders are followed below a root; font trees are shallow, and the limit
/// stops a symlink loop the visited set might miss.
const MAX_DEPTH: usize = 12;

/// Where a font folder came from. Earlier origins win between equal candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// `--font-dir`.
    FontDir,
    /// `APPEALPRESS_FONT_PATH`.
    EnvPath,
    /// A system font folder.
    System,
}

impl Origin {
    fn describe(self) -> &'static str {
        match self {
            Origin::FontDir => "--font-dir",
            Origin::EnvPath => FONT_PATH_ENV,
            Origin::System => "system",
        }
    }
}

/// Where to look for fonts beyond the shipped ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontSources {
    /// Folders in order of preference, with where each came from.
    pub roots: Vec<(PathBuf, Origin)>,
    /// Where the index is cached between runs; `None` keeps it in memory only.
    pub cache: Option<PathBuf>,
    /// True when the system's folders were left out by `APPEALPRESS_NO_SYSTEM_FONTS`.
    pub system_skipped: bool,
}

impl FontSources {
    /// No discovery at all: only the shipped faces (unit tests, benchmarks, fuzzing).
    pub fn none() -> FontSources {
        FontSources::default()
    }

    /// The folders a run searches: `font_dirs` (from `--font-dir`), then
    /// `APPEALPRESS_FONT_PATH`, then the system's folders unless
    /// `APPEALPRESS_NO_SYSTEM_FONTS` is set; the index cached at [`default_cache_path`].
    pub fn from_env(font_dirs: &[PathBuf]) -> FontSources {
        let mut roots: Vec<(PathBuf, Origin)> =
            font_dirs.iter().map(|d| (d.clone(), Origin::FontDir)).collect();
        if let Some(path) = std::env::var_os(FONT_PATH_ENV) {
            roots.extend(
                std::env::split_paths(&path)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(|p| (p, Origin::EnvPath)),
            );
        }
        let system_skipped = std::env::var_os(NO_SYSTEM_FONTS_ENV).is_some_and(|v| !v.is_empty() && v != "0");
        if !system_skipped {
            roots.extend(system_font_dirs().into_iter().map(|p| (p, Origin::System)));
        }
        FontSources { roots, cache: default_cache_path(), system_skipped }
    }

    /// The searched folders for a message, to follow the shipped folder:
    /// `, /a (--font-dir), /usr/share/fonts (system)`, and why the system's are left
    /// out when they are.
    pub fn describe(&self) -> String {
        let mut text: String =
            self.roots.iter().map(|(p, o)| format!(", {} ({})", p.display(), o.describe())).collect();
        if self.system_skipped {
            text.push_str(&format!(
                "; the system's font folders are left out because {NO_SYSTEM_FONTS_ENV} is set"
            ));
        }
        text
    }
}

/// The system's font folders, as fontconfig's defaults name them on Linux.
pub fn system_font_dirs() -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from).filter(|h| h.is_absolute());
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
    let mut dirs = vec![PathBuf::from("/usr/share/fonts"), PathBuf::from("/usr/local/share/fonts")];
    dirs.extend(data_home.map(|d| d.join("fonts")));
    dirs.extend(home.map(|h| h.join(".fonts")));
    dirs
}

/// Where the index is cached: `$XDG_CACHE_HOME/appealpress/font-index-v1.json`, else
/// `~/.cache/appealpress/font-index-v1.json`; `None` without either variable. The
/// cache is per user, not per output folder, because the fonts are the machine's.
pub fn default_cache_path() -> Option<PathBuf> {
    let cache_home =
        std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute()).or_else(|| {
            std::env::var_os("HOME").map(PathBuf::from).filter(|h| h.is_absolute()).map(|h| h.join(".cache"))
        })?;
    Some(cache_home.join("appealpress").join(INDEX_FILE))
}

/// A regional variant of the CJK ideographs: the same code points drawn the way one
/// region writes them. Read from a face's family name (`Noto Sans CJK JP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// Simplified Chinese (SC).
    Hans,
    /// Traditional Chinese, Taiwan (TC).
    Hant,
    /// Traditional Chinese, Hong Kong (HK).
    Hk,
    /// Japanese (JP).
    Ja,
    /// Korean (KR).
    Ko,
}

/// The variants a language wants, best first; empty for a language with no preference.
pub fn variants_for(lang: &Locale) -> &'static [Variant] {
    // By script first: `zh-Hans-HK` is simplified Chinese, whatever the region.
    match (lang.script(), lang.region()) {
        ("Hant", Some("HK" | "MO")) => &[Variant::Hk, Variant::Hant],
        ("Hant", _) => &[Variant::Hant, Variant::Hk],
        ("Hans", _) => &[Variant::Hans],
        ("Jpan", _) => &[Variant::Ja],
        ("Kore", _) => &[Variant::Ko],
        _ => &[],
    }
}

/// The variant a face is made for, from the tokens of its family name.
fn variant_of(family: &str) -> Option<Variant> {
    family.split(|c: char| !c.is_ascii_alphanumeric()).find_map(|token| {
        match token.to_ascii_uppercase().as_str() {
            "SC" | "CN" | "HANS" | "GB" => Some(Variant::Hans),
            "TC" | "TW" | "HANT" => Some(Variant::Hant),
            "HK" => Some(Variant::Hk),
            "JP" | "JA" | "JAPANESE" => Some(Variant::Ja),
            "KR" | "KO" | "KOREAN" => Some(Variant::Ko),
            _ => None,
        }
    })
}

/// How well a family's design sits beside Noto Sans: sans 0, unknown 1, serif 2, mono 3.
fn design_rank(family: &str) -> u8 {
    let lower = family.to_ascii_lowercase();
    if lower.contains("mono") {
        3
    } else if lower.contains("serif") && !lower.contains("sans") {
        2
    } else if lower.contains("sans") || lower.contains("gothic") || lower.contains("hei") {
        0
    } else {
        1
    }
}

/// The key a face's scripts are counted under: unicode-script's four-letter code.
pub fn script_key(script: Script) -> &'static str {
    script.short_name()
}

// ---------------------------------------------------------------------------------
// The on-disk index.

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    files: Vec<FileRecord>,
}

/// What the index knows of one font file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct FileRecord {
    /// Canonical path.
    path: PathBuf,
    /// Modification time, nanoseconds since the epoch.
    mtime_ns: u64,
    /// Size in bytes.
    size: u64,
    /// Its faces (one, or several for a collection).
    #[serde(default)]
    faces: Vec<FaceRecord>,
    /// Why it cannot be used, when it cannot.
    #[serde(default)]
    error: Option<String>,
    /// SHA-256 of the bytes, once a job key has needed it (hex).
    #[serde(default)]
    digest: Option<String>,
    /// Faces that failed to load when the digest was taken.
    #[serde(default)]
    bad_faces: Vec<u32>,
}

/// What the index knows of one face.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct FaceRecord {
    /// Index inside a collection (0 for a single font).
    index: u32,
    /// Typographic family (name id 16, else 1).
    family: String,
    /// PostScript name.
    postscript: String,
    /// OS/2 weight class (400 regular, 700 bold).
    weight: u16,
    /// Italic or oblique.
    italic: bool,
    /// Offset and length of the `cmap` table in the file, to check a character
    /// without reading the face.
    cmap: [u32; 2],
    /// Characters mapped, per script (four-letter code).
    scripts: BTreeMap<String, u32>,
}

fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos().min(u64::MAX as u128) as u64)
}

fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads `len` bytes at `offset`, refusing ranges past the end (a corrupt header
/// must not make us allocate gigabytes).
fn read_at(file: &mut File, size: u64, offset: u64, len: u64) -> Result<Vec<u8>, String> {
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
fn index_file(path: &Path, size: u64) -> Result<Vec<FaceRecord>, String> {
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
fn count_scripts(cmap: &[u8]) -> Option<BTreeMap<String, u32>> {
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
fn cmap_has(cmap: &[u8], c: char) -> bool {
    let Some(table) = ttf_parser::cmap::Table::parse(cmap) else { return false };
    table
        .subtables
        .into_iter()
        .filter(|s| s.is_unicode())
        .any(|s| s.glyph_index(u32::from(c)).is_some_and(|g| g.0 != 0))
}

/// Walks the roots and indexes every font file, reusing cached entries whose file
/// is unchanged. Returns the files in the order found with the rank of their root,
/// whether anything differs from the cache, and warnings.
fn scan(sources: &FontSources, cached: Vec<FileRecord>) -> Scan {
    let mut previous: HashMap<PathBuf, FileRecord> =
        cached.into_iter().map(|r| (r.path.clone(), r)).collect();
    let previous_count = previous.len();
    let mut found: Vec<(FileRecord, u16)> = Vec::new();
    let mut seen_files: HashSet<PathBuf> = HashSet::new();
    let mut seen_dirs: HashSet<PathBuf> = HashSet::new();
    let mut warnings = Sink::new();
    let mut changed = false;
    let mut parsed = 0;
    for (rank, (root, origin)) in sources.roots.iter().enumerate() {
        if !root.is_dir() {
            // A system folder that does not exist is normal; one the user named is not.
            if *origin != Origin::System {
                warnings.warn(Diagnostic::warning(
                    Some(Span::file(root)),
                    format!("font folder from {} does not exist or is not a folder", origin.describe()),
                ));
            }
            continue;
        }
        let mut files = Vec::new();
        walk(root, 0, &mut seen_dirs, &mut files, &mut warnings);
        for path in files {
            if !seen_files.insert(path.clone()) {
                continue;
            }
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            let (mtime, size) = (mtime_ns(&meta), meta.len());
            let record = match previous.remove(&path) {
                Some(r) if r.mtime_ns == mtime && r.size == size => r,
                _ => {
                    changed = true;
                    parsed += 1;
                    let (faces, error) = match index_file(&path, size) {
                        Ok(faces) => (faces, None),
                        Err(e) => (Vec::new(), Some(e)),
                    };
                    FileRecord {
                        path: path.clone(),
                        mtime_ns: mtime,
                        size,
                        faces,
                        error,
                        digest: None,
                        bad_faces: Vec::new(),
                    }
                }
            };
            if let Some(error) = &record.error {
                warnings.warn(
                    Diagnostic::warning(
                        Some(Span::file(&record.path)),
                        format!("skipped this font file: {error}"),
                    )
                    .with_hint("remove or replace the file; the other fonts are still used"),
                );
            }
            found.push((record, rank.min(u16::MAX as usize) as u16));
        }
    }
    // Entries of folders this run did not search stay cached for runs that do, as
    // long as their file is still there.
    let kept_before = previous.len();
    previous.retain(|path, _| path.is_file());
    changed |= previous.len() != kept_before || found.len() + previous.len() != previous_count;
    let mut rest: Vec<FileRecord> = previous.into_values().collect();
    rest.sort_by(|a, b| a.path.cmp(&b.path));
    found.extend(rest.into_iter().map(|r| (r, u16::MAX)));
    Scan { found, changed, parsed, warnings }
}

/// What a walk of the font folders found.
struct Scan {
    /// Every file, with the rank of its root (`u16::MAX`: a cached file of a folder
    /// this run does not search, kept for the cache only).
    found: Vec<(FileRecord, u16)>,
    /// Whether anything differs from the cache.
    changed: bool,
    /// How many files were read anew (not taken from the cache).
    parsed: usize,
    /// Unreadable folders, corrupt files.
    warnings: Sink,
}

/// Collects font files under `dir` (sorted, following symlinks once).
fn walk(
    dir: &Path,
    depth: usize,
    seen_dirs: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    warnings: &mut Sink,
) {
    let Ok(canonical) = dir.canonicalize() else { return };
    if depth > MAX_DEPTH || !seen_dirs.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            warnings
                .warn(Diagnostic::warning(Some(Span::file(dir)), format!("cannot read font folder: {e}")));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if meta.is_dir() {
            walk(&path, depth + 1, seen_dirs, files, warnings);
        } else if meta.is_file() && is_font_file(&path) {
            if let Ok(canonical) = path.canonicalize() {
                files.push(canonical);
            }
        }
    }
}

fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc"))
}

fn read_cache(path: &Path) -> Vec<FileRecord> {
    let Ok(bytes) = std::fs::read(path) else { return Vec::new() };
    match serde_json::from_slice::<CacheFile>(&bytes) {
        Ok(cache) if cache.version == INDEX_VERSION => cache.files,
        // Another version or a damaged file: rebuilt from the fonts, and rewritten.
        _ => Vec::new(),
    }
}

/// Writes the cache beside itself and renames it into place, so a concurrent run
/// reads the old index or the new one, never half of one. A cache that cannot be
/// written is not an error: the index still serves this run from memory.
fn write_cache(path: &Path, files: &[FileRecord]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let cache = CacheFile { version: INDEX_VERSION, files: files.to_vec() };
    let Ok(json) = serde_json::to_vec(&cache) else { return };
    // Unique per process and per write, so two writers never share a temporary file.
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let serial = WRITES.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{INDEX_FILE}.{}.{serial}.tmp", std::process::id()));
    if std::fs::write(&temp, json).is_ok() && std::fs::rename(&temp, path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

// ---------------------------------------------------------------------------------
// The index in memory.

/// One font file of the index, with its bytes once they are needed.
struct FileState {
    record: Mutex<FileRecord>,
    /// Rank of the root it was found under (lower is preferred).
    root_rank: u16,
    /// The bytes, read on first use and kept for the rest of the process (see
    /// [`crate::text::FontBook::load`] for why they are leaked).
    bytes: OnceLock<Option<&'static [u8]>>,
}

/// One face the index offers.
pub(crate) struct Candidate {
    file: usize,
    face: FaceRecord,
    /// Its family: the position of its name among the index's sorted family names
    /// (what [`Family::Found`] holds).
    pub(crate) family: u16,
    variant: Option<Variant>,
    design: u8,
}

impl Candidate {
    /// Index of the face inside its file (collections hold several).
    pub(crate) fn face_index(&self) -> u32 {
        self.face.index
    }

    /// Bold (weight 600 and up).
    pub(crate) fn bold(&self) -> bool {
        self.face.weight >= 600
    }

    /// Italic or oblique.
    pub(crate) fn italic(&self) -> bool {
        self.face.italic
    }
}

/// The query a ranked candidate list answers: script, language variants, style.
type RankKey = (&'static str, &'static [Variant], bool, bool);

/// A character asked for in a language's variants, a design it prefers, and a style
/// (bold, italic).
type CharKey = (char, &'static [Variant], Option<Design>, bool, bool);

/// All faces found, in a fixed order that gives them their [`super::FaceId`]s.
pub(crate) struct Index {
    files: Vec<FileState>,
    /// Every usable face, sorted by family, weight, style, PostScript name, then
    /// root and path: an order that does not depend on how folders were walked.
    pub(crate) faces: Vec<Candidate>,
    /// `cmap` tables read so far, per face.
    cmaps: Vec<OnceLock<Option<Vec<u8>>>>,
    /// Faces loaded for layout, per face; `None` inside when loading failed.
    faces_loaded: Vec<OnceLock<Option<Arc<FontFace>>>>,
    /// Candidate lists per query, best first.
    ranked: RwLock<HashMap<RankKey, Arc<[u32]>>>,
    /// Layout's answers so far: the face for a character in a language and style,
    /// and the face of a family for a style. Each is asked for every character of a
    /// paragraph, and the answer never changes within a process.
    chosen: RwLock<HashMap<CharKey, Option<usize>>>,
    styles: RwLock<HashMap<(u16, bool, bool), Option<usize>>>,
    /// Where the index is cached.
    cache: Option<PathBuf>,
    /// Problems met: unreadable or corrupt files, faces that fail to load.
    warnings: Mutex<Sink>,
    /// How many files the scan read anew rather than from the cache.
    pub(crate) parsed: usize,
}

impl Index {
    /// Walks the sources (with the on-disk cache) and builds the index.
    fn build(sources: &FontSources) -> Index {
        let cached = sources.cache.as_deref().map(read_cache).unwrap_or_default();
        let scan = scan(sources, cached);
        if scan.changed {
            if let Some(cache) = &sources.cache {
                let records: Vec<FileRecord> = scan.found.iter().map(|(r, _)| r.clone()).collect();
                write_cache(cache, &records);
            }
        }
        let mut index = Index::from_records(scan.found, sources.cache.clone(), scan.warnings);
        index.parsed = scan.parsed;
        index
    }

    fn from_records(found: Vec<(FileRecord, u16)>, cache: Option<PathBuf>, warnings: Sink) -> Index {
        let mut faces: Vec<(usize, FaceRecord)> = Vec::new();
        for (file, (record, rank)) in found.iter().enumerate() {
            // Cached entries of folders this run does not search are kept for saving
            // only, never offered.
            if *rank == u16::MAX {
                continue;
            }
            faces.extend(record.faces.iter().map(|f| (file, f.clone())));
        }
        faces.sort_by(|(fa, a), (fb, b)| {
            (&a.family, a.weight, a.italic, &a.postscript, found[*fa].1, &found[*fa].0.path, a.index).cmp(&(
                &b.family,
                b.weight,
                b.italic,
                &b.postscript,
                found[*fb].1,
                &found[*fb].0.path,
                b.index,
            ))
        });
        // Face ids are 16 bits, shared with the shipped faces: a machine with more
        // faces than that offers the first ones in this order.
        faces.truncate(usize::from(u16::MAX) - 1024);
        // A found family is known by its position among the sorted family names.
        let mut families: Vec<String> = faces.iter().map(|(_, f)| f.family.clone()).collect();
        families.dedup();
        let faces: Vec<Candidate> = faces
            .into_iter()
            .map(|(file, face)| Candidate {
                file,
                family: families.binary_search(&face.family).unwrap_or(0) as u16,
                variant: variant_of(&face.family),
                design: design_rank(&face.family),
                face,
            })
            .collect();
        let cmaps = faces.iter().map(|_| OnceLock::new()).collect();
        let faces_loaded = faces.iter().map(|_| OnceLock::new()).collect();
        let files = found
            .into_iter()
            .map(|(record, root_rank)| FileState {
                record: Mutex::new(record),
                root_rank,
                bytes: OnceLock::new(),
            })
            .collect();
        Index {
            files,
            faces,
            cmaps,
            faces_loaded,
            ranked: RwLock::default(),
            chosen: RwLock::default(),
            styles: RwLock::default(),
            cache,
            warnings: Mutex::new(warnings),
            parsed: 0,
        }
    }

    /// A face already loaded for layout.
    pub(crate) fn loaded(&self, face: usize) -> Option<&Arc<FontFace>> {
        self.faces_loaded.get(face)?.get()?.as_ref()
    }

    /// Loads a face for layout (reading its file on first use); `None`, with a
    /// warning, when it cannot be read or parsed, and it is skipped from then on.
    pub(crate) fn load(&self, face: usize) -> Option<&Arc<FontFace>> {
        self.faces_loaded[face]
            .get_or_init(|| {
                let candidate = &self.faces[face];
                let data = self.bytes(face)?;
                let loaded = FontFace::new(
                    self.path(face).display().to_string(),
                    candidate.face.index,
                    Family::Found(candidate.family),
                    candidate.bold(),
                    candidate.italic(),
                    data,
                )
                .map(|loaded| Arc::new(loaded.with_design(Design::of_family(&candidate.face.family))));
                if loaded.is_none() {
                    self.face_failed(face, "not a usable OpenType face");
                }
                loaded
            })
            .as_ref()
    }

    /// [`Index::resolve`] for layout: the face loaded, the answer remembered.
    pub(crate) fn resolve_loaded(
        &self,
        c: char,
        bold: bool,
        italic: bool,
        lang: &Locale,
        design: Option<Design>,
    ) -> Option<usize> {
        let key = (c, variants_for(lang), design, bold, italic);
        if let Some(&answer) = self.chosen.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return answer;
        }
        let answer = self.resolve(c, bold, italic, lang, design, |i| self.load(i).is_some());
        self.chosen.write().unwrap_or_else(|e| e.into_inner()).insert(key, answer);
        answer
    }

    /// [`Index::styled`] for layout: the face loaded, the answer remembered.
    pub(crate) fn styled_loaded(&self, family: u16, bold: bool, italic: bool) -> Option<usize> {
        let key = (family, bold, italic);
        if let Some(&answer) = self.styles.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return answer;
        }
        let answer = self.styled(family, bold, italic, |i| self.load(i).is_some());
        self.styles.write().unwrap_or_else(|e| e.into_inner()).insert(key, answer);
        answer
    }

    /// The problems met so far.
    pub(crate) fn warnings(&self) -> Vec<Diagnostic> {
        self.warnings.lock().unwrap_or_else(|e| e.into_inner()).warnings().to_vec()
    }

    fn warn(&self, diag: Diagnostic) {
        self.warnings.lock().unwrap_or_else(|e| e.into_inner()).warn(diag);
    }

    /// The path of a face's file.
    pub(crate) fn path(&self, face: usize) -> PathBuf {
        self.files[self.faces[face].file].record.lock().unwrap_or_else(|e| e.into_inner()).path.clone()
    }

    /// Candidates for characters of `script` in a language wanting `variants`, best first.
    fn ranked(
        &self,
        script: &'static str,
        variants: &'static [Variant],
        bold: bool,
        italic: bool,
    ) -> Arc<[u32]> {
        let key = (script, variants, bold, italic);
        if let Some(list) = self.ranked.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return list.clone();
        }
        let want_weight: i32 = if bold { 700 } else { 400 };
        let mut list: Vec<u32> = (0..self.faces.len() as u32)
            .filter(|&i| self.faces[i as usize].face.scripts.get(script).is_some_and(|&n| n > 0))
            .collect();
        list.sort_by_key(|&i| {
            let c = &self.faces[i as usize];
            // Without a preference every face is as good; with one, the wanted variants
            // in order, then faces made for no region, then other regions' faces.
            let lang = match c.variant {
                _ if variants.is_empty() => 0,
                Some(v) => variants.iter().position(|&w| w == v).unwrap_or(variants.len() + 1),
                None => variants.len(),
            };
            (
                lang,
                self.files[c.file].root_rank,
                (i32::from(c.face.weight) - want_weight).abs(),
                c.design,
                c.face.italic != italic,
                std::cmp::Reverse(c.face.scripts.get(script).copied().unwrap_or(0)),
                i,
            )
        });
        let list: Arc<[u32]> = list.into();
        self.ranked.write().unwrap_or_else(|e| e.into_inner()).entry(key).or_insert(list).clone()
    }

    /// Whether the face's `cmap` maps `c`; reads only that table, once.
    fn has(&self, face: usize, c: char) -> bool {
        let cmap = self.cmaps[face].get_or_init(|| {
            let [at, len] = self.faces[face].face.cmap;
            let path = self.path(face);
            let size = std::fs::metadata(&path).map(|m| m.len()).ok()?;
            let mut file = File::open(&path).ok()?;
            read_at(&mut file, size, u64::from(at), u64::from(len)).ok()
        });
        cmap.as_deref().is_some_and(|cmap| cmap_has(cmap, c))
    }

    /// The best face for `c` in `lang` that `usable` accepts (loads or verifies it).
    /// With a `design`, only faces of that design are candidates (`None` when the
    /// machine has none: the caller falls back to the shipped family).
    pub(crate) fn resolve(
        &self,
        c: char,
        bold: bool,
        italic: bool,
        lang: &Locale,
        design: Option<Design>,
        mut usable: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let script = match c.script() {
            Script::Inherited | Script::Unknown => Script::Common,
            s => s,
        };
        let ranked = self.ranked(script_key(script), variants_for(lang), bold, italic);
        let of_design = |i: usize| design.is_none_or(|d| d.names(&self.faces[i].face.family));
        ranked.iter().map(|&i| i as usize).find(|&i| of_design(i) && self.has(i, c) && usable(i))
    }

    /// The face of `family` closest to a style that `usable` accepts: exact weight
    /// and style first, then the same weight, then any; among equals, the preferred root.
    pub(crate) fn styled(
        &self,
        family: u16,
        bold: bool,
        italic: bool,
        mut usable: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let mut members: Vec<usize> =
            (0..self.faces.len()).filter(|&i| self.faces[i].family == family).collect();
        members.sort_by_key(|&i| {
            let c = &self.faces[i];
            (c.bold() != bold, c.face.italic != italic, self.files[c.file].root_rank, i)
        });
        members.into_iter().find(|&i| usable(i))
    }

    /// The bytes of a face's file, read once per process; `None` (with a warning)
    /// when it cannot be read.
    pub(crate) fn bytes(&self, face: usize) -> Option<&'static [u8]> {
        let file = &self.files[self.faces[face].file];
        *file.bytes.get_or_init(|| {
            let path = self.path(face);
            match std::fs::read(&path) {
                Ok(bytes) => Some(Box::leak(bytes.into_boxed_slice())),
                Err(e) => {
                    self.warn(Diagnostic::warning(
                        Some(Span::file(&path)),
                        format!("cannot read this font: {e}"),
                    ));
                    None
                }
            }
        })
    }

    /// Records that a face failed to load, so it is skipped from now on.
    pub(crate) fn face_failed(&self, face: usize, why: &str) {
        let path = self.path(face);
        self.warn(Diagnostic::warning(
            Some(Span::file(&path)),
            format!("skipped face {} of this font file: {why}", self.faces[face].face.index),
        ));
    }

    /// SHA-256 of a face's file, and whether the face loads: from the cache when the
    /// file is unchanged since it was taken, else computed (and the cache updated).
    /// `None` when the file cannot be read.
    pub(crate) fn digest(&self, face: usize) -> Option<([u8; 32], bool)> {
        let candidate = &self.faces[face];
        let state = &self.files[candidate.file];
        let (digest, loads, fresh) = {
            let mut record = state.record.lock().unwrap_or_else(|e| e.into_inner());
            match record.digest.as_deref().and_then(from_hex) {
                Some(digest) => (digest, !record.bad_faces.contains(&candidate.face.index), false),
                None => {
                    let owned;
                    let bytes: &[u8] = match state.bytes.get().copied().flatten() {
                        Some(b) => b,
                        None => {
                            owned = std::fs::read(&record.path).ok()?;
                            &owned
                        }
                    };
                    let digest: [u8; 32] = Sha256::digest(bytes).into();
                    // Whether each face loads is settled once, with the bytes the digest
                    // stands for, so a job key never names a face that layout would skip.
                    record.bad_faces = record
                        .faces
                        .iter()
                        .map(|f| f.index)
                        .filter(|&i| rustybuzz::Face::from_slice(bytes, i).is_none())
                        .collect();
                    record.digest = Some(digest.iter().map(|b| format!("{b:02x}")).collect());
                    (digest, !record.bad_faces.contains(&candidate.face.index), true)
                }
            }
        };
        if !loads {
            self.face_failed(face, "not a usable OpenType face");
        }
        if fresh {
            self.save();
        }
        Some((digest, loads))
    }

    /// Writes the index, with the digests taken so far, to its cache file. Each
    /// file's record is locked on its own, never two at once.
    fn save(&self) {
        let Some(cache) = &self.cache else { return };
        let records: Vec<FileRecord> =
            self.files.iter().map(|f| f.record.lock().unwrap_or_else(|e| e.into_inner()).clone()).collect();
        write_cache(cache, &records);
    }
}

fn from_hex(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if text.len() != 64 {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Lazy discovery for one [`super::FontBook`]: the sources, and the index once built.
pub(crate) struct Discovery {
    pub(crate) sources: FontSources,
    index: OnceLock<Index>,
    builds: AtomicUsize,
}

impl Discovery {
    pub(crate) fn new(sources: FontSources) -> Discovery {
        Discovery { sources, index: OnceLock::new(), builds: AtomicUsize::new(0) }
    }

    /// The index, built (walking the folders) on first call.
    pub(crate) fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            self.builds.fetch_add(1, Ordering::Relaxed);
            if self.sources.roots.is_empty() {
                return Index::from_records(Vec::new(), None, Sink::new());
            }
            Index::build(&self.sources)
        })
    }

    /// The index when it has been built.
    pub(crate) fn built(&self) -> Option<&Index> {
        self.index.get()
    }

    /// How many times the index was built: 0 until needed, then 1.
    pub(crate) fn builds(&self) -> usize {
        self.builds.load(Ordering::Relaxed)
    }
}

/// Helpers for tests here and in other modules: font folders built from the shipped
/// faces, and collections made of them.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::{Path, PathBuf};

    use super::{FontSources, Origin};
    use crate::text::{Family, FontBook};

    /// A book without the shipped Thai faces, discovering them in `fonts` (see
    /// [`thai_folder`]).
    pub(crate) fn book_finding_thai(fonts: &Path) -> FontBook {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let roots = vec![(fonts.to_path_buf(), Origin::FontDir)];
        let sources = FontSources { roots, cache: None, system_skipped: true };
        FontBook::load_families(&dir, |f| f != Family::Thai).unwrap().with_sources(sources)
    }

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
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::locale::locale;

    fn sources(dirs: &[&Path], cache: Option<PathBuf>) -> FontSources {
        FontSources {
            roots: dirs.iter().map(|d| (d.to_path_buf(), Origin::FontDir)).collect(),
            cache,
            system_skipped: true,
        }
    }

    #[test]
    fn languages_choose_regional_variants() {
        assert_eq!(variants_for(&locale("zh")), &[Variant::Hans]);
        assert_eq!(variants_for(&locale("zh-Hans")), &[Variant::Hans]);
        assert_eq!(variants_for(&locale("zh-Hant")), &[Variant::Hant, Variant::Hk]);
        assert_eq!(variants_for(&locale("zh-TW")), &[Variant::Hant, Variant::Hk]);
        assert_eq!(variants_for(&locale("zh-HK")), &[Variant::Hk, Variant::Hant]);
        assert_eq!(variants_for(&locale("zh-Hant-HK")), &[Variant::Hk, Variant::Hant]);
        assert_eq!(variants_for(&locale("ja")), &[Variant::Ja]);
        assert_eq!(variants_for(&locale("ko-KR")), &[Variant::Ko]);
        assert!(variants_for(&locale("en")).is_empty());
        assert_eq!(variant_of("Noto Sans CJK JP"), Some(Variant::Ja));
        assert_eq!(variant_of("Noto Serif CJK TC"), Some(Variant::Hant));
        assert_eq!(variant_of("Source Han Sans HK"), Some(Variant::Hk));
        assert_eq!(variant_of("Droid Sans Fallback"), None);
        // "Sans" is not "SC", "Kr" inside a word is not Korean.
        assert_eq!(variant_of("Krungthep Sans"), None);
    }

    fn face(family: &str, weight: u16, scripts: &[(&str, u32)]) -> FaceRecord {
        FaceRecord {
            index: 0,
            family: family.into(),
            postscript: family.replace(' ', ""),
            weight,
            italic: false,
            cmap: [0, 0],
            scripts: scripts.iter().map(|(s, n)| (s.to_string(), *n)).collect(),
        }
    }

    fn file(path: &str, faces: Vec<FaceRecord>) -> FileRecord {
        FileRecord {
            path: path.into(),
            mtime_ns: 0,
            size: 0,
            faces,
            error: None,
            digest: None,
            bad_faces: vec![],
        }
    }

    /// The family names of the ranked candidates for a script, language and weight.
    fn ranking(index: &Index, script: &'static str, lang: &str, bold: bool) -> Vec<String> {
        let ranked = index.ranked(script, variants_for(&locale(lang)), bold, false);
        ranked
            .iter()
            .map(|&i| {
                let c = &index.faces[i as usize];
                format!("{}{}", c.face.family, if c.bold() { " Bold" } else { "" })
            })
            .collect()
    }

    #[test]
    fn candidates_rank_by_language_then_source_design_weight_and_coverage() {
        let found = vec![
            (
                file(
                    "/sys/droid.ttf",
                    vec![face("Droid Sans Fallback", 400, &[("Hani", 30000), ("Hang", 11000)])],
                ),
                2,
            ),
            (file("/sys/serif-sc.ttc", vec![face("Noto Serif CJK SC", 400, &[("Hani", 30000)])]), 2),
            (
                file(
                    "/sys/sans.ttc",
                    vec![
                        face("Noto Sans CJK JP", 400, &[("Hani", 30000), ("Hang", 11000)]),
                        face("Noto Sans CJK SC", 400, &[("Hani", 30000), ("Hang", 11000)]),
                        face("Noto Sans Mono CJK SC", 400, &[("Hani", 30000)]),
                        face("Noto Sans CJK TC", 400, &[("Hani", 30000)]),
                    ],
                ),
                2,
            ),
            (file("/sys/sans-bold.ttc", vec![face("Noto Sans CJK SC", 700, &[("Hani", 30000)])]), 2),
            (file("/mine/jp.otf", vec![face("Source Han Sans JP", 400, &[("Hani", 20000)])]), 0),
            // Cached for another run's folders: never offered.
            (file("/elsewhere/sc.otf", vec![face("Other Sans SC", 400, &[("Hani", 40000)])]), u16::MAX),
        ];
        let index = Index::from_records(found, None, Sink::new());
        let zh = ranking(&index, "Hani", "zh", false);
        assert_eq!(&zh[..3], ["Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans Mono CJK SC"]);
        assert!(!zh.iter().any(|f| f == "Other Sans SC"));
        // Bold text prefers the bold face of the same language.
        assert_eq!(ranking(&index, "Hani", "zh", true)[0], "Noto Sans CJK SC Bold");
        // A face from --font-dir beats the system's for the same language.
        assert_eq!(&ranking(&index, "Hani", "ja", false)[..2], ["Source Han Sans JP", "Noto Sans CJK JP"]);
        assert_eq!(ranking(&index, "Hani", "zh-HK", false)[0], "Noto Sans CJK TC");
        // Without a preference, a face made for no one region comes before any region's.
        assert_eq!(ranking(&index, "Hani", "en", false)[0], "Source Han Sans JP");
        assert_eq!(
            ranking(&index, "Hang", "ko", false),
            ["Droid Sans Fallback", "Noto Sans CJK JP", "Noto Sans CJK SC"]
        );
    }

    #[test]
    fn indexes_collections_and_skips_broken_files_with_a_warning() {
        let (_dir, fonts) = thai_folder();
        let index = Index::build(&sources(&[&fonts], None));
        let names: Vec<(String, u32, bool)> =
            index.faces.iter().map(|c| (c.face.family.clone(), c.face.index, c.bold())).collect();
        assert_eq!(
            names,
            [
                ("Noto Sans Hebrew".to_string(), 0, false),
                ("Noto Sans Thai".to_string(), 0, false),
                ("Noto Sans Thai".to_string(), 1, true),
            ]
        );
        assert!(index.faces[1].face.scripts["Thai"] > 60, "{:?}", index.faces[1].face.scripts);
        let warnings = index.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].to_string().contains("broken.ttf: skipped this font file"), "{}", warnings[0]);
        // The Thai character resolves to the single Thai font for regular text and to
        // face 1 of the collection for bold, and that face loads from the collection.
        let regular = index.resolve_loaded('ก', false, false, &locale("th"), None).unwrap();
        let bold = index.resolve_loaded('ก', true, false, &locale("th"), None).unwrap();
        assert_eq!(index.faces[regular].face_index(), 0);
        assert!(index.path(regular).ends_with("NotoSansThai-Regular.ttf"));
        assert_eq!(index.faces[bold].face_index(), 1);
        let loaded = index.load(bold).unwrap();
        assert_eq!(loaded.postscript_name, "NotoSansThai-Bold");
        assert!(loaded.covers('ก') && !loaded.covers('ש'));
        assert!(index.resolve_loaded('中', false, false, &locale("zh"), None).is_none());
    }

    #[test]
    fn the_cache_is_reused_until_a_file_changes() {
        let (dir, fonts) = thai_folder();
        let cache = dir.path().join("cache/appealpress/font-index-v1.json");
        let first = Index::build(&sources(&[&fonts], Some(cache.clone())));
        assert_eq!(first.parsed, 3);
        assert!(cache.is_file());
        let second = Index::build(&sources(&[&fonts], Some(cache.clone())));
        assert_eq!(second.parsed, 0, "an unchanged folder is read from the cache");
        assert_eq!(second.faces.len(), first.faces.len());
        // The broken file is still reported from the cache, without reading it again.
        assert_eq!(second.warnings().len(), 1);
        // A file whose size changes is read again; the others are not.
        let mut bytes = shipped("NotoSansThai-Regular.ttf");
        bytes.extend_from_slice(&[0; 4]);
        std::fs::write(fonts.join("NotoSansThai-Regular.ttf"), bytes).unwrap();
        let third = Index::build(&sources(&[&fonts], Some(cache.clone())));
        assert_eq!(third.parsed, 1);
        // A damaged cache is rebuilt, not trusted.
        std::fs::write(&cache, b"{ not json").unwrap();
        assert_eq!(Index::build(&sources(&[&fonts], Some(cache))).parsed, 3);
    }

    #[test]
    fn digests_are_cached_with_the_index() {
        let (dir, fonts) = thai_folder();
        let cache = dir.path().join("index.json");
        let index = Index::build(&sources(&[&fonts], Some(cache.clone())));
        let thai = index.resolve_loaded('ก', false, false, &locale("th"), None).unwrap();
        let (digest, loads) = index.digest(thai).unwrap();
        assert!(loads);
        assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(shipped("NotoSansThai-Regular.ttf"))));
        let again = Index::build(&sources(&[&fonts], Some(cache)));
        let record =
            again.files.iter().find(|f| f.record.lock().unwrap().path.ends_with("NotoSansThai-Regular.ttf"));
        assert!(record.unwrap().record.lock().unwrap().digest.is_some(), "the digest was saved");
    }

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

    #[test]
    fn a_face_that_indexes_but_does_not_load_is_skipped_with_a_warning() {
        let (_dir, fonts) = thai_folder();
        // Thai with its `head` table cut to nothing: the character map still reads, so
        // the index offers it (first, by path), but no shaper can load it.
        let mut broken = shipped("NotoSansThai-Regular.ttf");
        let tables = u16::from_be_bytes([broken[4], broken[5]]) as usize;
        let head = (0..tables).map(|t| 12 + 16 * t).find(|&at| &broken[at..at + 4] == b"head").unwrap();
        broken[head + 12..head + 16].copy_from_slice(&[0; 4]);
        std::fs::write(fonts.join("0-NotoSansThai-Regular.ttf"), broken).unwrap();
        let index = Index::build(&sources(&[&fonts], None));
        let first = index.ranked("Thai", &[], false, false)[0] as usize;
        assert!(index.path(first).ends_with("0-NotoSansThai-Regular.ttf"));
        assert_eq!(index.digest(first).map(|(_, loads)| loads), Some(false));
        let chosen = index.resolve_loaded('ก', false, false, &locale("th"), None).unwrap();
        assert!(index.path(chosen).ends_with("fonts/NotoSansThai-Regular.ttf"), "{:?}", index.path(chosen));
        assert!(index.load(first).is_none());
        let warnings: Vec<String> = index.warnings().iter().map(|w| w.to_string()).collect();
        assert!(
            warnings.iter().any(|w| w.contains("0-NotoSansThai-Regular.ttf: skipped face 0")),
            "{warnings:?}"
        );
    }

    #[test]
    fn missing_user_folders_warn_and_missing_system_folders_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let sources = FontSources {
            roots: vec![
                (dir.path().join("nope"), Origin::EnvPath),
                (dir.path().join("not-here-either"), Origin::System),
            ],
            cache: None,
            system_skipped: false,
        };
        let index = Index::build(&sources);
        assert!(index.faces.is_empty());
        let warnings = index.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains(FONT_PATH_ENV));
    }
}
