//! Font discovery's index: the faces found at run time for what the shipped fonts do
//! not cover (Han, kana, Hangul, ...) or a language prefers (Nastaliq), found
//! instead of committed (a CJK face is ~20 MB). Where it looks is
//! [`super::sources`]; how a file is read, [`super::tables`]; the walk,
//! [`super::scan`]; the cache on disk, [`super::cache`].
//!
//! **When**: only once a character turns up that no shipped face has. A build whose
//! text the shipped faces cover never reads a font folder. The first need walks every
//! folder once per process ([`Discovery::index`], a `OnceLock`) and indexes each font
//! file from its `cmap`, `name` and `OS/2` tables alone, never its outlines: per face,
//! the family, weight, style and how many characters of each script it maps. A face's
//! bytes are read only when text is set in it, or hashed when a job key needs them.
//!
//! **Which**: candidates for a character are ranked by an order that depends only on
//! the faces and the language, never on the order folders were read in: language
//! variant first (zh-Hans → SC, zh-Hant → TC, zh-HK → HK then TC, ja → JP, ko → KR,
//! [`crate::locale::variants_for`]), then where the folder came from, weight, design
//! (sans before serif before mono), how much of the script the face covers, and
//! finally names and path. The first candidate whose `cmap` has the character wins.

use std::collections::HashMap;
use std::fs::File;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use sha2::{Digest, Sha256};
use unicode_script::{Script, UnicodeScript};

use super::cache::{from_hex, read_cache, write_cache, FaceRecord, FileRecord};
use super::face::FontFace;
use super::family::{Design, Family, Style};
use super::scan::scan;
use super::sources::FontSources;
use super::tables::{cmap_has, read_at, script_key};
use crate::diag::{Diagnostic, Sink, Span};
use crate::locale::{variants_for, Locale, Variant};

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

// ---------------------------------------------------------------------------------
// The index in memory.

/// One font file of the index, with its bytes once they are needed.
struct FileState {
    record: Mutex<FileRecord>,
    /// Rank of the root it was found under (lower is preferred).
    root_rank: u16,
    /// The bytes, read on first use and kept for the rest of the process (see
    /// [`super::FontBook::load`] for why they are leaked).
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

    /// Bold (weight 600 and up), and italic or oblique.
    pub(crate) fn style(&self) -> Style {
        Style { bold: self.face.weight >= 600, italic: self.face.italic }
    }
}

/// The query a ranked candidate list answers: script, language variants, style.
type RankKey = (&'static str, &'static [Variant], Style);

/// A character asked for in a language's variants, a design it prefers, and a style
/// (bold, italic).
type CharKey = (char, &'static [Variant], Option<Design>, Style);

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
    styles: RwLock<HashMap<(u16, Style), Option<usize>>>,
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
                    candidate.style(),
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
        style: Style,
        lang: &Locale,
        design: Option<Design>,
    ) -> Option<usize> {
        let key = (c, variants_for(lang), design, style);
        if let Some(&answer) = self.chosen.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return answer;
        }
        let answer = self.resolve(c, style, lang, design, |i| self.load(i).is_some());
        self.chosen.write().unwrap_or_else(|e| e.into_inner()).insert(key, answer);
        answer
    }

    /// [`Index::styled`] for layout: the face loaded, the answer remembered.
    pub(crate) fn styled_loaded(&self, family: u16, style: Style) -> Option<usize> {
        let key = (family, style);
        if let Some(&answer) = self.styles.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return answer;
        }
        let answer = self.styled(family, style, |i| self.load(i).is_some());
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
    fn ranked(&self, script: &'static str, variants: &'static [Variant], style: Style) -> Arc<[u32]> {
        let key = (script, variants, style);
        if let Some(list) = self.ranked.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return list.clone();
        }
        let want_weight: i32 = if style.bold { 700 } else { 400 };
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
                c.face.italic != style.italic,
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
        style: Style,
        lang: &Locale,
        design: Option<Design>,
        mut usable: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let script = match c.script() {
            Script::Inherited | Script::Unknown => Script::Common,
            s => s,
        };
        let ranked = self.ranked(script_key(script), variants_for(lang), style);
        let of_design = |i: usize| design.is_none_or(|d| d.names(&self.faces[i].face.family));
        ranked.iter().map(|&i| i as usize).find(|&i| of_design(i) && self.has(i, c) && usable(i))
    }

    /// The face of `family` closest to a style that `usable` accepts: exact weight
    /// and style first, then the same weight, then any; among equals, the preferred root.
    pub(crate) fn styled(
        &self,
        family: u16,
        style: Style,
        mut usable: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let mut members: Vec<usize> =
            (0..self.faces.len()).filter(|&i| self.faces[i].family == family).collect();
        members.sort_by_key(|&i| {
            let c = &self.faces[i];
            (c.style().bold != style.bold, c.face.italic != style.italic, self.files[c.file].root_rank, i)
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

    #[cfg(test)]
    /// How many times the index was built: 0 until needed, then 1.
    pub(crate) fn builds(&self) -> usize {
        self.builds.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::fixtures::*;
    use super::super::sources::{Origin, FONT_PATH_ENV};
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
    fn faces_name_their_regional_variant() {
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
        let ranked = index.ranked(script, variants_for(&locale(lang)), Style { bold, italic: false });
        ranked
            .iter()
            .map(|&i| {
                let c = &index.faces[i as usize];
                format!("{}{}", c.face.family, if c.style().bold { " Bold" } else { "" })
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
            index.faces.iter().map(|c| (c.face.family.clone(), c.face.index, c.style().bold)).collect();
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
        let regular = index.resolve_loaded('ก', Style::REGULAR, &locale("th"), None).unwrap();
        let bold = index.resolve_loaded('ก', Style::BOLD, &locale("th"), None).unwrap();
        assert_eq!(index.faces[regular].face_index(), 0);
        assert!(index.path(regular).ends_with("NotoSansThai-Regular.ttf"));
        assert_eq!(index.faces[bold].face_index(), 1);
        let loaded = index.load(bold).unwrap();
        assert_eq!(loaded.postscript_name, "NotoSansThai-Bold");
        assert!(loaded.covers('ก') && !loaded.covers('ש'));
        assert!(index.resolve_loaded('中', Style::REGULAR, &locale("zh"), None).is_none());
    }

    #[test]
    fn the_cache_is_reused_until_a_file_changes() {
        let (dir, fonts) = thai_folder();
        let cache = dir.path().join("cache/appealpress/font-index.json");
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
        let thai = index.resolve_loaded('ก', Style::REGULAR, &locale("th"), None).unwrap();
        let (digest, loads) = index.digest(thai).unwrap();
        assert!(loads);
        assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(shipped("NotoSansThai-Regular.ttf"))));
        let again = Index::build(&sources(&[&fonts], Some(cache)));
        let record =
            again.files.iter().find(|f| f.record.lock().unwrap().path.ends_with("NotoSansThai-Regular.ttf"));
        assert!(record.unwrap().record.lock().unwrap().digest.is_some(), "the digest was saved");
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
        let first = index.ranked("Thai", &[], Style::REGULAR)[0] as usize;
        assert!(index.path(first).ends_with("0-NotoSansThai-Regular.ttf"));
        assert_eq!(index.digest(first).map(|(_, loads)| loads), Some(false));
        let chosen = index.resolve_loaded('ก', Style::REGULAR, &locale("th"), None).unwrap();
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
