//! The font book: the faces shipped in `fonts/`, loaded once; the faces found at run
//! time for scripts those do not cover ([`super::discover`]); and font choice by script.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use sha2::{Digest, Sha256};
use unicode_script::{Script, UnicodeScript};

use super::discover::{Discovery, FontSources};
use crate::diag::Diagnostic;
use crate::locale::Locale;

/// Index of a face in the [`FontBook`]: the shipped faces first, in [`SHIPPED`]
/// order, then the found ones in the index's fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub u16);

/// A design family: one of those shipped in `fonts/`, or one found at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Noto Sans: Latin, Greek, Cyrillic, and the common punctuation.
    Sans,
    /// Noto Naskh Arabic: Arabic script, a book face for running text.
    Naskh,
    /// Noto Sans Hebrew.
    Hebrew,
    /// Noto Sans Devanagari (Hindi, Marathi, Nepali, ...); upright only.
    Devanagari,
    /// Noto Sans Thai; upright only.
    Thai,
    /// Noto Sans Ethiopic (Amharic, Tigrinya, ...); upright only.
    Ethiopic,
    /// Noto Sans Bengali (Bengali, Assamese); upright only.
    Bengali,
    /// Noto Sans Tamil; upright only.
    Tamil,
    /// Noto Sans Myanmar (Burmese); upright only.
    Myanmar,
    /// Noto Sans Sinhala; upright only.
    Sinhala,
    /// Noto Sans Georgian; upright only.
    Georgian,
    /// Noto Sans Armenian; upright only.
    Armenian,
    /// A family found by discovery: an index into the discovery index's family names.
    Found(u16),
}

/// A style of a script that some languages' readers expect instead of the family
/// shipped for it. A design is looked for among the faces found at run time, by
/// family name; without one, the shipped family serves, with no error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Design {
    /// Nastaliq, the hanging Perso-Arabic style Urdu is read in (Noto Nastaliq Urdu,
    /// Jameel Noori Nastaleeq, ...). Persian and Arabic are read in Naskh.
    Nastaliq,
}

impl Design {
    /// Every design, for finding a family's.
    const ALL: [Design; 1] = [Design::Nastaliq];

    /// Whether a family of this name is of this design (both common spellings).
    pub fn names(self, family: &str) -> bool {
        let family = family.to_ascii_lowercase();
        match self {
            Design::Nastaliq => family.contains("nastaliq") || family.contains("nastaleeq"),
        }
    }

    /// The design a family's name says it is of, if any.
    pub fn of_family(family: &str) -> Option<Design> {
        Design::ALL.into_iter().find(|d| d.names(family))
    }

    /// A letter every face of the design has, to ask whether the machine has one.
    fn sample(self) -> char {
        match self {
            Design::Nastaliq => '\u{0627}',
        }
    }

    /// How much more leading than the script's shipped family lines in this design
    /// need. Nastaliq's words climb from the baseline of their last letter to well
    /// above the line (Noto Nastaliq Urdu's ascender is 1.9 em against Naskh's 1.07),
    /// so at Naskh's leading a tall word meets the descenders of the line above.
    pub fn leading_scale(self) -> f32 {
        match self {
            Design::Nastaliq => 1.3,
        }
    }

    /// Whether justification may lengthen joins with tatweel. Nastaliq's joins
    /// descend diagonally to the baseline of the word's last letter: a flat tatweel
    /// between them breaks the cascade instead of lengthening a stroke, so a
    /// Nastaliq line is justified with its spaces only.
    pub fn takes_kashida(self) -> bool {
        match self {
            Design::Nastaliq => false,
        }
    }
}

/// The languages whose Arabic-script text is read in Nastaliq: Urdu, and Punjabi and
/// Saraiki as written in Pakistan (Shahmukhi).
const NASTALIQ_LANGUAGES: [&str; 3] = ["ur", "pnb", "skr"];

/// The design text of language `lang` prefers for characters of `script`, when it
/// is not the family shipped for the script: a preference of the language (Urdu),
/// not of the script (Persian is read in Naskh), and only where the language is
/// written in that script (`ur-Latn` is not).
pub fn preferred_design(script: Script, lang: &Locale) -> Option<Design> {
    let nastaliq = NASTALIQ_LANGUAGES.contains(&lang.language()) && lang.script() == "Arab";
    (script == Script::Arabic && nastaliq).then_some(Design::Nastaliq)
}

/// The faces the project ships: file name, family, bold, italic. Only Noto Sans has
/// an italic; the other scripts' upright faces serve italic text. Each script's face
/// is shipped when it is small (all but Sans are under 350 KB a weight), so every
/// user has it; Noto Nastaliq Urdu (570 KB a weight) is found at run time instead
/// (see [`preferred_design`]), Urdu falling back to the shipped Naskh.
const SHIPPED: [(&str, Family, bool, bool); 26] = [
    ("NotoSans-Regular.ttf", Family::Sans, false, false),
    ("NotoSans-Bold.ttf", Family::Sans, true, false),
    ("NotoSans-Italic.ttf", Family::Sans, false, true),
    ("NotoSans-BoldItalic.ttf", Family::Sans, true, true),
    ("NotoNaskhArabic-Regular.ttf", Family::Naskh, false, false),
    ("NotoNaskhArabic-Bold.ttf", Family::Naskh, true, false),
    ("NotoSansHebrew-Regular.ttf", Family::Hebrew, false, false),
    ("NotoSansHebrew-Bold.ttf", Family::Hebrew, true, false),
    ("NotoSansDevanagari-Regular.ttf", Family::Devanagari, false, false),
    ("NotoSansDevanagari-Bold.ttf", Family::Devanagari, true, false),
    ("NotoSansThai-Regular.ttf", Family::Thai, false, false),
    ("NotoSansThai-Bold.ttf", Family::Thai, true, false),
    ("NotoSansEthiopic-Regular.ttf", Family::Ethiopic, false, false),
    ("NotoSansEthiopic-Bold.ttf", Family::Ethiopic, true, false),
    ("NotoSansBengali-Regular.ttf", Family::Bengali, false, false),
    ("NotoSansBengali-Bold.ttf", Family::Bengali, true, false),
    ("NotoSansTamil-Regular.ttf", Family::Tamil, false, false),
    ("NotoSansTamil-Bold.ttf", Family::Tamil, true, false),
    ("NotoSansMyanmar-Regular.ttf", Family::Myanmar, false, false),
    ("NotoSansMyanmar-Bold.ttf", Family::Myanmar, true, false),
    ("NotoSansSinhala-Regular.ttf", Family::Sinhala, false, false),
    ("NotoSansSinhala-Bold.ttf", Family::Sinhala, true, false),
    ("NotoSansGeorgian-Regular.ttf", Family::Georgian, false, false),
    ("NotoSansGeorgian-Bold.ttf", Family::Georgian, true, false),
    ("NotoSansArmenian-Regular.ttf", Family::Armenian, false, false),
    ("NotoSansArmenian-Bold.ttf", Family::Armenian, true, false),
];

/// One loaded face.
pub struct FontFace {
    /// File name inside the fonts folder, or the path of a found face.
    pub file: String,
    /// Index of the face inside its file: 0 for a single font, the face's position
    /// in a collection (`.ttc`) otherwise.
    pub index: u32,
    /// Family.
    pub family: Family,
    /// Bold weight.
    pub bold: bool,
    /// Italic style.
    pub italic: bool,
    /// The font file's bytes (the whole collection for a face of one); they live as
    /// long as the process (see [`FontBook::load`]).
    pub data: &'static [u8],
    /// The shaping face over `data`.
    pub shaper: rustybuzz::Face<'static>,
    /// Units per em.
    pub units_per_em: f32,
    /// PostScript name, for the PDF.
    pub postscript_name: String,
    /// The design of a found face, when its family names one (a Nastaliq face);
    /// `None` for the shipped faces.
    pub design: Option<Design>,
    /// SHA-256 of `data`, taken when a job key first needs it.
    digest: OnceLock<[u8; 32]>,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFace").field("file", &self.file).field("index", &self.index).finish()
    }
}

impl FontFace {
    /// The ink box of glyph `gid`, in ems from its origin, y up: `[left, bottom,
    /// right, top]`; `None` for a glyph that draws nothing (a space).
    pub fn ink_em(&self, gid: u16) -> Option<[f32; 4]> {
        let rect = self.shaper.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(gid))?;
        let em = self.units_per_em;
        Some([rect.x_min as f32 / em, rect.y_min as f32 / em, rect.x_max as f32 / em, rect.y_max as f32 / em])
    }

    /// The face's ascender and descender (`hhea`), in ems, both positive: how far
    /// above and below the baseline its designer meant its lines to reach.
    pub fn extents_em(&self) -> (f32, f32) {
        let em = self.units_per_em;
        (self.shaper.ascender() as f32 / em, -(self.shaper.descender() as f32) / em)
    }

    /// Parses face `index` of `data`; `None` when it is not a usable OpenType face.
    pub fn new(
        file: String,
        index: u32,
        family: Family,
        bold: bool,
        italic: bool,
        data: &'static [u8],
    ) -> Option<FontFace> {
        let shaper = rustybuzz::Face::from_slice(data, index)?;
        let units_per_em = shaper.units_per_em() as f32;
        let postscript_name = postscript_name(&shaper).unwrap_or_else(|| {
            let stem = file.rsplit('/').next().unwrap_or(&file);
            stem.split('.').next().unwrap_or(stem).to_string()
        });
        Some(FontFace {
            file,
            index,
            family,
            bold,
            italic,
            data,
            shaper,
            units_per_em,
            postscript_name,
            design: None,
            digest: OnceLock::new(),
        })
    }

    /// The face, marked as being of `design`.
    pub fn with_design(self, design: Option<Design>) -> FontFace {
        FontFace { design, ..self }
    }

    /// Whether justification may lengthen this face's Arabic joins with tatweel.
    pub fn takes_kashida(&self) -> bool {
        self.design.is_none_or(Design::takes_kashida)
    }

    /// SHA-256 of the font file's bytes, computed once.
    pub fn digest(&self) -> [u8; 32] {
        *self.digest.get_or_init(|| Sha256::digest(self.data).into())
    }

    /// True when the face maps `c` to a real glyph.
    pub fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some_and(|g| g.0 != 0)
    }
}

/// A face as a text run holds it: its id in the book and the face itself, so the
/// renderers reach every font from the positioned document alone (typst's `Font`).
/// Two handles are equal when they are the same face of the same book.
#[derive(Clone)]
pub struct Font {
    id: FaceId,
    face: Arc<FontFace>,
}

impl Font {
    /// The face's id in its book: a stable key for per-document tables.
    pub fn id(&self) -> FaceId {
        self.id
    }

    /// The face.
    pub fn face(&self) -> &FontFace {
        &self.face
    }
}

impl PartialEq for Font {
    fn eq(&self, other: &Font) -> bool {
        self.id == other.id && Arc::ptr_eq(&self.face, &other.face)
    }
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Font({}, {})", self.id.0, self.face.file)
    }
}

/// Key of a cached shape plan: face, right-to-left, script, language.
type PlanKey = (FaceId, bool, rustybuzz::Script, Option<rustybuzz::Language>);

/// All faces, loaded once per process and shared by every job.
pub struct FontBook {
    /// The shipped faces.
    faces: Vec<Arc<FontFace>>,
    /// The folder they came from.
    pub dir: PathBuf,
    /// Compiled shape plans. Compiling one costs far more than shaping a word with it,
    /// and a pack needs only a handful, so every job shares them.
    plans: RwLock<HashMap<PlanKey, Arc<rustybuzz::ShapePlan>>>,
    /// Unique among the books of this process, so caches outside the book can tell
    /// whose face ids they hold.
    serial: u64,
    /// Faces found at run time, for scripts the shipped ones lack; nothing is read
    /// until such a script turns up.
    found: Discovery,
}

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontBook").field("dir", &self.dir).field("faces", &self.faces).finish()
    }
}

impl FontBook {
    /// Loads the shipped faces from `dir`, with discovery off (see
    /// [`FontBook::with_sources`]). The bytes are leaked on purpose: a build loads the
    /// book once and every job borrows it until the process ends, which lets the
    /// shaping faces be `'static` and shared across threads without re-parsing.
    pub fn load(dir: &Path) -> Result<FontBook, Diagnostic> {
        Self::load_families(dir, |_| true)
    }

    /// Loads the shipped faces of the families `keep` accepts. Tests use it to see a
    /// script discovered that the full set would cover.
    pub(crate) fn load_families(dir: &Path, keep: impl Fn(Family) -> bool) -> Result<FontBook, Diagnostic> {
        let mut faces = Vec::with_capacity(SHIPPED.len());
        for (file, family, bold, italic) in SHIPPED.into_iter().filter(|f| keep(f.1)) {
            let path = dir.join(file);
            let bytes = std::fs::read(&path).map_err(|e| {
                Diagnostic::in_file(&path, format!("cannot read font: {e}")).with_hint(
                    "run from the project folder, or pass --shipped-fonts DIR with the faces listed in fonts/OFL.txt",
                )
            })?;
            let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            let face = FontFace::new(file.to_string(), 0, family, bold, italic, data)
                .ok_or_else(|| Diagnostic::in_file(&path, "not a usable OpenType font"))?;
            faces.push(Arc::new(face));
        }
        static BOOKS: AtomicU64 = AtomicU64::new(1);
        let serial = BOOKS.fetch_add(1, Ordering::Relaxed);
        Ok(FontBook {
            faces,
            dir: dir.to_path_buf(),
            plans: RwLock::default(),
            serial,
            found: Discovery::new(FontSources::none()),
        })
    }

    /// The book with discovery over `sources`: a character no shipped face has is
    /// looked for there (lazily; see [`super::discover`]).
    pub fn with_sources(mut self, sources: FontSources) -> FontBook {
        self.found = Discovery::new(sources);
        self
    }

    /// Where discovery looks.
    pub fn sources(&self) -> &FontSources {
        &self.found.sources
    }

    /// How many times the folders were indexed: 0 until a character needed a font
    /// beyond the shipped ones, then 1 for the rest of the process.
    pub fn discovery_runs(&self) -> usize {
        self.found.builds()
    }

    /// Problems discovery met (corrupt or unreadable font files, missing folders),
    /// for the run's report; empty when nothing was discovered.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.found.built().map(|index| index.warnings()).unwrap_or_default()
    }

    /// The shape plan for a face, direction, script and language, compiled on first use.
    pub fn shape_plan(
        &self,
        face: FaceId,
        direction: rustybuzz::Direction,
        script: rustybuzz::Script,
        language: Option<rustybuzz::Language>,
    ) -> Arc<rustybuzz::ShapePlan> {
        let key = (face, direction == rustybuzz::Direction::RightToLeft, script, language);
        if let Some(plan) = self.plans.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return plan.clone();
        }
        let plan = super::shape::compile_plan(&self.face(face).shaper, direction, script, key.3.as_ref());
        let plan = Arc::new(plan);
        self.plans.write().unwrap_or_else(|e| e.into_inner()).entry(key).or_insert(plan).clone()
    }

    /// This book's number, unique in the process (never 0).
    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// The face with `id`. Ids come only from this book ([`FontBook::face_for`],
    /// [`FontBook::styled`]), which loads a found face before handing out its id.
    pub fn face(&self, id: FaceId) -> &FontFace {
        self.try_face(id).expect("face ids are handed out by this book, after loading the face")
    }

    /// The face with `id`, or `None` for an id this book never handed out.
    pub fn try_face(&self, id: FaceId) -> Option<&FontFace> {
        self.shared_face(id).map(|face| &**face)
    }

    /// The face with `id` as text runs carry it, so that backends need no book.
    /// Ids come only from this book, as for [`FontBook::face`].
    pub fn font(&self, id: FaceId) -> Font {
        let face =
            self.shared_face(id).expect("face ids are handed out by this book, after loading the face");
        Font { id, face: face.clone() }
    }

    fn shared_face(&self, id: FaceId) -> Option<&Arc<FontFace>> {
        let i = id.0 as usize;
        match self.faces.get(i) {
            Some(face) => Some(face),
            None => self.found.built()?.loaded(i - self.faces.len()),
        }
    }

    /// The shipped faces with their ids.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &FontFace)> {
        self.faces.iter().enumerate().map(|(i, f)| (FaceId(i as u16), &**f))
    }

    fn found_id(&self, index_position: usize) -> Option<FaceId> {
        u16::try_from(self.faces.len() + index_position).ok().map(FaceId)
    }

    /// The ascender and descender in ems ([`FontFace::extents_em`]) of the Latin
    /// face, Noto Sans, whose lines the pack's leadings were drawn for.
    pub fn latin_extents(&self) -> (f32, f32) {
        self.styled(Family::Sans, false, false).map_or((1.069, 0.293), |id| self.face(id).extents_em())
    }

    /// The best face of `family` for a style: exact match, else the same weight, else any.
    pub fn styled(&self, family: Family, bold: bool, italic: bool) -> Option<FaceId> {
        if let Family::Found(family) = family {
            let index = self.found.built()?;
            return index.styled_loaded(family, bold, italic).and_then(|i| self.found_id(i));
        }
        let score = |f: &FontFace| u8::from(f.bold == bold) * 2 + u8::from(f.italic == italic);
        self.faces()
            .filter(|(_, f)| f.family == family)
            .max_by_key(|(id, f)| (score(f), std::cmp::Reverse(*id)))
            .map(|(id, _)| id)
    }

    /// Chooses the face for `c` in text of language `lang`: a found face of the design
    /// the language prefers for its script (Nastaliq for Urdu), if the machine has one;
    /// then by its script, then the face of the text around it (for spaces, digits, punctuation, and scripts
    /// no shipped family serves), then any shipped face that has it, and last a face
    /// found at run time ([`super::discover`]), the language choosing among regional
    /// variants (zh-Hant → Traditional Chinese forms).
    pub fn face_for(
        &self,
        c: char,
        bold: bool,
        italic: bool,
        context: Option<FaceId>,
        lang: &Locale,
    ) -> Option<FaceId> {
        let script = c.script();
        let by_design = preferred_design(script, lang).and_then(|d| self.designed(c, d, bold, italic, lang));
        let preferred = script_family(script);
        let by_script = preferred.and_then(|family| self.styled(family, bold, italic));
        // In their own span's weight and style ("**12 days**" is bold throughout).
        let by_context = context
            .filter(|_| preferred.is_none())
            .and_then(|f| self.styled(self.face(f).family, bold, italic));
        let fallback = self.styled(Family::Sans, bold, italic);
        [by_design, by_script, by_context, fallback]
            .into_iter()
            .flatten()
            .find(|&id| self.face(id).covers(c))
            .or_else(|| self.faces().find(|(_, f)| f.covers(c)).map(|(id, _)| id))
            .or_else(|| self.discover(c, bold, italic, lang))
    }

    /// A found face for `c`, indexing the font folders on first need.
    fn discover(&self, c: char, bold: bool, italic: bool, lang: &Locale) -> Option<FaceId> {
        // Format characters never trigger a search: they take the face around them.
        if is_invisible(c) || c.is_whitespace() || self.found.sources.roots.is_empty() {
            return None;
        }
        let index = self.found.index();
        index.resolve_loaded(c, bold, italic, lang, None).and_then(|i| self.found_id(i))
    }

    /// How much looser than usual lines of text in `lang` are set: the preferred
    /// design's [`Design::leading_scale`] when the machine has that design (Urdu in a
    /// found Nastaliq), else 1.
    pub fn leading_scale(&self, lang: &Locale) -> f32 {
        // Only the Arabic script has a preferred design today.
        match preferred_design(Script::Arabic, lang) {
            Some(design) if self.designed(design.sample(), design, false, false, lang).is_some() => {
                design.leading_scale()
            }
            _ => 1.0,
        }
    }

    /// A found face of `design` that has `c`, indexing the font folders on first need;
    /// `None` when the machine has none, and the shipped family serves.
    fn designed(&self, c: char, design: Design, bold: bool, italic: bool, lang: &Locale) -> Option<FaceId> {
        if self.found.sources.roots.is_empty() {
            return None;
        }
        let index = self.found.index();
        index.resolve_loaded(c, bold, italic, lang, Some(design)).and_then(|i| self.found_id(i))
    }

    /// What of the fonts a job's text may be set in goes into its key: each face's
    /// name and SHA-256, for the shipped faces, then the SHA-256 and face index of
    /// each found one. Only faces [`FontBook::face_for`] can reach for `text` count,
    /// so changing the Thai font rebuilds the Thai packs and nothing else, and a
    /// Latin pack hashes Noto Sans alone. No folder is read when the shipped faces
    /// cover `text`.
    ///
    /// Reach is over-approximated, so equal keys mean equal fonts: Noto Sans (the
    /// fallback) always; the family of each script in the text; for a character some
    /// Noto Sans face lacks, every shipped family that has it; and among found faces,
    /// the choice for each character no shipped face has and for each character whose
    /// language prefers a design (Urdu's Nastaliq), in both weights, with every style
    /// of its family (digits and punctuation follow the face around them). An Urdu
    /// text therefore reads the font folders even though the shipped Naskh covers it.
    pub fn fonts_key(&self, text: &str, lang: &Locale) -> Vec<u8> {
        let mut chars: Vec<char> = text.chars().filter(|&c| !is_invisible(c) && !c.is_whitespace()).collect();
        chars.sort_unstable();
        chars.dedup();
        let mut families = vec![Family::Sans];
        let mut add = |family: Family| {
            if !families.contains(&family) {
                families.push(family);
            }
        };
        for &c in &chars {
            if let Some(family) = script_family(c.script()) {
                add(family);
            }
            if !self.faces.iter().filter(|f| f.family == Family::Sans).all(|f| f.covers(c)) {
                self.faces.iter().filter(|f| f.covers(c)).for_each(|f| add(f.family));
            }
        }
        let mut key = Vec::new();
        for face in self.faces.iter().filter(|f| families.contains(&f.family)) {
            key.push(b'S');
            key.extend_from_slice(&(face.file.len() as u32).to_le_bytes());
            key.extend_from_slice(face.file.as_bytes());
            key.extend_from_slice(&face.digest());
        }
        for (digest, index) in self.found_faces(&chars, lang) {
            key.push(b'F');
            key.extend_from_slice(&digest);
            key.extend_from_slice(&index.to_le_bytes());
        }
        key
    }

    /// The found faces `chars` can reach (see [`FontBook::fonts_key`]): the digest of
    /// each one's file and its index in it, in the index's order. Empty, without
    /// reading any folder, when the shipped faces have every character and the
    /// language prefers no design for them.
    fn found_faces(&self, chars: &[char], lang: &Locale) -> Vec<([u8; 32], u32)> {
        // Each character that may be set in a found face, with the designs asked of
        // the index for it: the preferred one, and any face when no shipped one has it.
        let wanted: Vec<(char, Option<Design>)> = chars
            .iter()
            .flat_map(|&c| {
                let design = preferred_design(c.script(), lang).map(|d| (c, Some(d)));
                let uncovered = (!self.faces.iter().any(|f| f.covers(c))).then_some((c, None));
                [design, uncovered]
            })
            .flatten()
            .collect();
        if wanted.is_empty() || self.found.sources.roots.is_empty() {
            return Vec::new();
        }
        let index = self.found.index();
        let usable = |i: usize| index.digest(i).is_some_and(|(_, loads)| loads);
        let families: BTreeSet<u16> = wanted
            .iter()
            .flat_map(|&(c, design)| {
                [false, true].map(|bold| index.resolve(c, bold, false, lang, design, usable))
            })
            .flatten()
            .map(|i| index.faces[i].family)
            .collect();
        let faces: BTreeSet<usize> = families
            .into_iter()
            .flat_map(|family| {
                [(false, false), (true, false), (false, true), (true, true)]
                    .map(|(bold, italic)| index.styled(family, bold, italic, usable))
            })
            .flatten()
            .collect();
        faces
            .into_iter()
            .filter_map(|face| Some((index.digest(face)?.0, index.faces[face].face_index())))
            .collect()
    }
}

/// The shipped family for a script, if one is made for it.
fn script_family(script: Script) -> Option<Family> {
    match script {
        Script::Latin | Script::Greek | Script::Cyrillic => Some(Family::Sans),
        Script::Arabic => Some(Family::Naskh),
        Script::Hebrew => Some(Family::Hebrew),
        Script::Devanagari => Some(Family::Devanagari),
        Script::Thai => Some(Family::Thai),
        Script::Ethiopic => Some(Family::Ethiopic),
        Script::Bengali => Some(Family::Bengali),
        Script::Tamil => Some(Family::Tamil),
        Script::Myanmar => Some(Family::Myanmar),
        Script::Sinhala => Some(Family::Sinhala),
        Script::Georgian => Some(Family::Georgian),
        Script::Armenian => Some(Family::Armenian),
        // Spaces, digits, punctuation and marks follow the text around them, and so do
        // scripts without a shipped family: kana after kanji stay in the face the
        // kanji were found in.
        _ => None,
    }
}

fn postscript_name(face: &rustybuzz::Face) -> Option<String> {
    face.names()
        .into_iter()
        .find(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .and_then(|n| n.to_string())
}

/// True for characters that take no glyph of their own: controls and format marks
/// the shaper should not be asked to draw.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::locale;
    use crate::text::discover::testing::{book_finding_thai, thai_folder};
    use crate::text::test_fonts;

    #[test]
    fn picks_faces_by_script_and_context() {
        let book = test_fonts();
        let sans = book.styled(Family::Sans, false, false).unwrap();
        let naskh = book.styled(Family::Naskh, false, false).unwrap();
        let hebrew = book.styled(Family::Hebrew, false, false).unwrap();
        assert_eq!(book.face_for('a', false, false, None, &locale("en")), Some(sans));
        assert_eq!(book.face_for('ب', false, false, None, &locale("en")), Some(naskh));
        assert_eq!(book.face_for('ש', false, false, None, &locale("en")), Some(hebrew));
        // A space between Arabic words stays in the Arabic face.
        assert_eq!(book.face_for(' ', false, false, Some(naskh), &locale("en")), Some(naskh));
        // A bold digit after regular text is bold.
        let bold = book.styled(Family::Sans, true, false).unwrap();
        assert_eq!(book.face_for('1', true, false, Some(sans), &locale("en")), Some(bold));
        assert_eq!(book.face_for('、', false, false, None, &locale("en")), None);
        let bold_italic = book.face_for('a', true, true, None, &locale("en")).unwrap();
        assert!(book.face(bold_italic).bold && book.face(bold_italic).italic);
    }

    #[test]
    fn the_scripts_beyond_latin_are_shipped_upright_in_two_weights() {
        let book = test_fonts();
        let scripts = [
            ('क', Family::Devanagari),
            ('ก', Family::Thai),
            ('ሰ', Family::Ethiopic),
            ('ক', Family::Bengali),
            ('த', Family::Tamil),
            ('က', Family::Myanmar),
            ('ක', Family::Sinhala),
            ('ა', Family::Georgian),
            ('ա', Family::Armenian),
        ];
        for (c, family) in scripts {
            for bold in [false, true] {
                // Italic text gets the upright face: these scripts have no italic.
                let id = book.face_for(c, bold, true, None, &locale("en")).unwrap();
                let face = book.face(id);
                assert_eq!((face.family, face.bold, face.italic), (family, bold, false), "{c}");
            }
        }
        // The danda and the Thai repetition mark follow the text around them.
        let deva = book.styled(Family::Devanagari, false, false).unwrap();
        assert_eq!(book.face_for('।', false, false, Some(deva), &locale("hi")), Some(deva));
        let thai = book.styled(Family::Thai, false, false).unwrap();
        assert_eq!(book.face_for('ๆ', false, false, Some(thai), &locale("th")), Some(thai));
        assert_eq!(book.discovery_runs(), 0);
    }

    #[test]
    fn discovery_waits_until_a_character_needs_it() {
        let (_dir, fonts) = thai_folder();
        let book = book_finding_thai(&fonts);
        for c in "Justice pour Ali, العدالة, 12 €, मीरा, ሰላም".chars() {
            book.face_for(c, false, false, None, &locale("en"));
        }
        assert!(book
            .found_faces(&"Justice, मीरा क्षत्रिय, ሰላም".chars().collect::<Vec<_>>(), &locale("hi"))
            .is_empty());
        book.fonts_key("Justice, मीरा क्षत्रिय, ሰላም", &locale("hi"));
        assert_eq!(book.discovery_runs(), 0, "text the shipped faces cover must not index any folder");
        assert!(book.warnings().is_empty());
        let thai = book.face_for('ก', false, false, None, &locale("th")).unwrap();
        assert_eq!(book.discovery_runs(), 1);
        let face = book.face(thai);
        assert_eq!(
            (face.family, face.index, face.postscript_name.as_str()),
            (Family::Found(1), 0, "NotoSansThai-Regular")
        );
        // Bold comes from face 1 of the collection; the Thai mark after it stays there.
        let bold = book.face_for('ก', true, false, None, &locale("th")).unwrap();
        assert_eq!((book.face(bold).index, book.face(bold).bold), (1, true));
        assert_eq!(book.face_for('ๆ', true, false, Some(bold), &locale("th")), Some(bold));
        assert_eq!(book.face_for('中', false, false, Some(thai), &locale("zh")), None);
        assert_eq!(book.discovery_runs(), 1, "the folders are indexed once per process");
        // The broken file in the folder is reported, once.
        let warnings = book.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn keys_name_the_shipped_faces_a_text_can_reach() {
        let book = test_fonts();
        let digests = |family: Family| -> Vec<[u8; 32]> {
            book.faces.iter().filter(|f| f.family == family).map(|f| f.digest()).collect()
        };
        let (sans, deva) = (digests(Family::Sans), digests(Family::Devanagari));
        let has = |key: &[u8], digest: &[u8; 32]| key.windows(32).any(|w| w == digest);
        let latin = book.fonts_key("Free Test Person, 12 months.", &locale("en"));
        assert!(sans.iter().all(|d| has(&latin, d)));
        assert!(!deva.iter().any(|d| has(&latin, d)), "a Latin text does not depend on the Devanagari faces");
        assert_eq!(book.fonts_key("Other words, same faces", &locale("fr")), latin);
        let hindi = book.fonts_key("मीरा क्षत्रिय", &locale("hi"));
        assert!(deva.iter().chain(&sans).all(|d| has(&hindi, d)));
        // A new script's faces reach its texts and no others.
        let bengali = digests(Family::Bengali);
        assert!(!bengali.iter().any(|d| has(&latin, d) || has(&hindi, d)));
        let key = book.fonts_key("রুমানা হকের মুক্তি", &locale("bn"));
        assert!(bengali.iter().all(|d| has(&key, d)) && !deva.iter().any(|d| has(&key, d)));
        // A character Noto Sans lacks reaches the faces that have it, whatever its script.
        let danda = book.fonts_key("Free Test Person \u{0964}", &locale("en"));
        assert!(deva.iter().all(|d| has(&danda, d)));
    }

    #[test]
    fn found_faces_enter_the_key_by_content() {
        let (_dir, fonts) = thai_folder();
        let book = book_finding_thai(&fonts);
        let chars: Vec<char> = "ปล่อยตัวมาลัย".chars().collect();
        let found = book.found_faces(&chars, &locale("th"));
        // Both weights of the family: the regular font and face 1 of the collection.
        let indices: Vec<u32> = found.iter().map(|(_, i)| *i).collect();
        assert_eq!(indices, [0, 1]);
        let key = book.fonts_key("ปล่อยตัวมาลัย", &locale("th"));
        assert!(found.iter().all(|(digest, _)| key.windows(32).any(|w| w == digest)));
        // The same fonts in another folder give the same key; other bytes another.
        let (_other, copy) = thai_folder();
        assert_eq!(book_finding_thai(&copy).fonts_key("ปล่อยตัวมาลัย", &locale("th")), key);
        let mut changed = std::fs::read(copy.join("NotoSansThai-Regular.ttf")).unwrap();
        changed.extend_from_slice(&[0; 4]);
        std::fs::write(copy.join("NotoSansThai-Regular.ttf"), changed).unwrap();
        assert_ne!(book_finding_thai(&copy).fonts_key("ปล่อยตัวมาลัย", &locale("th")), key);
    }

    /// A book whose discovery searches only a folder holding Noto Nastaliq Urdu
    /// Regular, copied from Debian's fonts-noto-core; `None` where that is not installed,
    /// unless `APPEALPRESS_REQUIRE_TOOLS` is set (as `.ci/run` does): then the missing
    /// font fails the test rather than skip its Nastaliq half.
    fn book_finding_nastaliq() -> Option<(tempfile::TempDir, FontBook)> {
        let system = Path::new("/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf");
        if !system.is_file() {
            assert!(
                std::env::var_os("APPEALPRESS_REQUIRE_TOOLS").is_none(),
                "Noto Nastaliq Urdu is required (APPEALPRESS_REQUIRE_TOOLS is set) but {} is missing: apt-get install fonts-noto-core",
                system.display()
            );
            eprintln!("note: Noto Nastaliq Urdu is not installed; skipping the Nastaliq choice");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(system, dir.path().join("NotoNastaliqUrdu-Regular.ttf")).unwrap();
        let roots = vec![(dir.path().to_path_buf(), crate::text::discover::Origin::FontDir)];
        let sources = FontSources { roots, cache: None, system_skipped: true };
        let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        Some((dir, FontBook::load(&fonts).unwrap().with_sources(sources)))
    }

    #[test]
    fn urdu_prefers_a_found_nastaliq_and_falls_back_to_the_shipped_naskh() {
        assert_eq!(preferred_design(Script::Arabic, &locale("ur")), Some(Design::Nastaliq));
        assert_eq!(preferred_design(Script::Arabic, &locale("ur-PK")), Some(Design::Nastaliq));
        assert_eq!(preferred_design(Script::Arabic, &locale("fa")), None);
        assert_eq!(preferred_design(Script::Latin, &locale("ur")), None);
        assert_eq!(preferred_design(Script::Arabic, &locale("ur-Latn")), None);
        assert!(
            Design::Nastaliq.names("Jameel Noori Nastaleeq") && !Design::Nastaliq.names("Noto Naskh Arabic")
        );
        // Without discovery Urdu is set in Naskh, with no error.
        let book = test_fonts();
        let naskh = book.styled(Family::Naskh, false, false).unwrap();
        assert_eq!(book.face_for('ک', false, false, None, &locale("ur")), Some(naskh));
        let Some((_dir, book)) = book_finding_nastaliq() else { return };
        let naskh = book.styled(Family::Naskh, false, false).unwrap();
        let urdu = book.face_for('ک', false, false, None, &locale("ur")).unwrap();
        let face = book.face(urdu);
        assert_eq!(
            (face.postscript_name.as_str(), face.design),
            ("NotoNastaliqUrdu-Regular", Some(Design::Nastaliq))
        );
        assert!(!face.takes_kashida() && book.face(naskh).takes_kashida());
        // The space and digits of an Urdu line stay in Nastaliq; Persian and Arabic
        // in the same script keep Naskh.
        assert_eq!(book.face_for(' ', false, false, Some(urdu), &locale("ur")), Some(urdu));
        assert_eq!(book.face_for('ک', false, false, None, &locale("fa")), Some(naskh));
        assert_eq!(book.face_for('ب', false, false, None, &locale("ar")), Some(naskh));
        // The found face enters the keys of Urdu texts only.
        let digest = face.digest();
        let has = |key: &[u8]| key.windows(32).any(|w| w == digest);
        assert!(has(&book.fonts_key("پاکستان", &locale("ur"))));
        assert!(!has(&book.fonts_key("پاکستان", &locale("fa"))));
    }
}
