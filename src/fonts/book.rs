//! The font book: the faces shipped in `fonts/`, loaded once; the faces found at run
//! time for what those do not cover ([`super::index`]); and the choice of a face for
//! a character, by the language's preferred design, the script, the text around it,
//! then any face that has it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use unicode_script::{Script, UnicodeScript};

use super::face::{is_invisible, FaceId, Font, FontFace};
use super::family::{preferred_design, script_family, Design, Family, Style, SHIPPED};
use super::index::{Discovery, Index};
use super::sources::FontSources;
use crate::diag::Diagnostic;
use crate::locale::Locale;

/// All faces, loaded once per process and shared by every job.
pub struct FontBook {
    /// The shipped faces.
    faces: Vec<Arc<FontFace>>,
    /// The folder they came from.
    pub(crate) dir: PathBuf,
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
        for (file, family, style) in SHIPPED.into_iter().filter(|f| keep(f.1)) {
            let path = dir.join(file);
            let bytes = std::fs::read(&path).map_err(|e| {
                Diagnostic::in_file(&path, format!("cannot read font: {e}")).with_hint(
                    "run from the project folder, or pass --shipped-fonts DIR with the faces listed in fonts/OFL.txt",
                )
            })?;
            let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            let face = FontFace::new(file.to_string(), 0, family, style, data)
                .ok_or_else(|| Diagnostic::in_file(&path, "not a usable OpenType font"))?;
            faces.push(Arc::new(face));
        }
        static BOOKS: AtomicU64 = AtomicU64::new(1);
        let serial = BOOKS.fetch_add(1, Ordering::Relaxed);
        Ok(FontBook { faces, dir: dir.to_path_buf(), serial, found: Discovery::new(FontSources::none()) })
    }

    /// The book with discovery over `sources`: a character no shipped face has is
    /// looked for there (lazily; see [`super::index`]).
    pub fn with_sources(mut self, sources: FontSources) -> FontBook {
        self.found = Discovery::new(sources);
        self
    }

    /// Where discovery looks.
    pub(crate) fn sources(&self) -> &FontSources {
        &self.found.sources
    }

    #[cfg(test)]
    /// How many times the folders were indexed: 0 until a character needed a font
    /// beyond the shipped ones, then 1 for the rest of the process.
    pub(crate) fn discovery_runs(&self) -> usize {
        self.found.builds()
    }

    /// Problems discovery met (corrupt or unreadable font files, missing folders),
    /// for the run's report; empty when nothing was discovered.
    pub(crate) fn warnings(&self) -> Vec<Diagnostic> {
        self.found.built().map(|index| index.warnings()).unwrap_or_default()
    }

    /// This book's number, unique in the process (never 0).
    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    /// The face with `id`. Ids come only from this book ([`FontBook::face_for`],
    /// [`FontBook::styled`]), which loads a found face before handing out its id.
    pub(crate) fn face(&self, id: FaceId) -> &FontFace {
        self.try_face(id).expect("face ids are handed out by this book, after loading the face")
    }

    /// The face with `id`, or `None` for an id this book never handed out.
    pub(crate) fn try_face(&self, id: FaceId) -> Option<&FontFace> {
        self.shared_face(id).map(|face| &**face)
    }

    /// The face with `id` as text runs carry it, so that backends need no book.
    /// Ids come only from this book, as for [`FontBook::face`].
    pub(crate) fn font(&self, id: FaceId) -> Font {
        let face =
            self.shared_face(id).expect("face ids are handed out by this book, after loading the face");
        Font::new(id, face.clone())
    }

    fn shared_face(&self, id: FaceId) -> Option<&Arc<FontFace>> {
        let i = id.0 as usize;
        match self.faces.get(i) {
            Some(face) => Some(face),
            None => self.found.built()?.loaded(i - self.faces.len()),
        }
    }

    /// The shipped faces with their ids.
    pub(crate) fn faces(&self) -> impl Iterator<Item = (FaceId, &FontFace)> {
        self.faces.iter().enumerate().map(|(i, f)| (FaceId(i as u16), &**f))
    }

    fn found_id(&self, index_position: usize) -> Option<FaceId> {
        u16::try_from(self.faces.len() + index_position).ok().map(FaceId)
    }

    /// The ascender and descender in ems ([`FontFace::extents_em`]) of the Latin
    /// face, Noto Sans, whose lines the pack's leadings were drawn for.
    pub(crate) fn latin_extents(&self) -> (f32, f32) {
        self.styled(Family::Sans, Style::REGULAR).map_or((1.069, 0.293), |id| self.face(id).extents_em())
    }

    /// The best face of `family` for a style: exact match, else the same weight, else any.
    pub(crate) fn styled(&self, family: Family, style: Style) -> Option<FaceId> {
        if let Family::Found(family) = family {
            let index = self.found.built()?;
            return index.styled_loaded(family, style).and_then(|i| self.found_id(i));
        }
        let score = |f: &FontFace| {
            u8::from(f.style.bold == style.bold) * 2 + u8::from(f.style.italic == style.italic)
        };
        self.faces()
            .filter(|(_, f)| f.family == family)
            .max_by_key(|(id, f)| (score(f), std::cmp::Reverse(*id)))
            .map(|(id, _)| id)
    }

    /// Chooses the face for `c` in text of language `lang`: a found face of the design
    /// the language prefers for its script (Nastaliq for Urdu), if the machine has one;
    /// then by its script, then the face of the text around it (for spaces, digits, punctuation, and scripts
    /// no shipped family serves), then any shipped face that has it, and last a face
    /// found at run time ([`super::index`]), the language choosing among regional
    /// variants (zh-Hant → Traditional Chinese forms).
    pub(crate) fn face_for(
        &self,
        c: char,
        style: Style,
        context: Option<FaceId>,
        lang: &Locale,
    ) -> Option<FaceId> {
        let script = c.script();
        let by_design = preferred_design(script, lang).and_then(|d| self.designed(c, d, style, lang));
        let preferred = script_family(script);
        let by_script = preferred.and_then(|family| self.styled(family, style));
        // In their own span's weight and style ("**12 days**" is bold throughout).
        let by_context =
            context.filter(|_| preferred.is_none()).and_then(|f| self.styled(self.face(f).family, style));
        let fallback = self.styled(Family::Sans, style);
        [by_design, by_script, by_context, fallback]
            .into_iter()
            .flatten()
            .find(|&id| self.face(id).covers(c))
            .or_else(|| self.faces().find(|(_, f)| f.covers(c)).map(|(id, _)| id))
            .or_else(|| self.discover(c, style, lang))
    }

    /// A found face for `c`, indexing the font folders on first need.
    fn discover(&self, c: char, style: Style, lang: &Locale) -> Option<FaceId> {
        // Format characters never trigger a search: they take the face around them.
        if is_invisible(c) || c.is_whitespace() {
            return None;
        }
        self.found_index()?.resolve_loaded(c, style, lang, None).and_then(|i| self.found_id(i))
    }

    /// How much looser than usual lines of text in `lang` are set: the preferred
    /// design's [`Design::leading_scale`] when the machine has that design (Urdu in a
    /// found Nastaliq), else 1.
    pub(crate) fn leading_scale(&self, lang: &Locale) -> f32 {
        // Only the Arabic script has a preferred design today.
        match preferred_design(Script::Arabic, lang) {
            Some(design) if self.designed(design.sample(), design, Style::REGULAR, lang).is_some() => {
                design.leading_scale()
            }
            _ => 1.0,
        }
    }

    /// A found face of `design` that has `c`, indexing the font folders on first need;
    /// `None` when the machine has none, and the shipped family serves.
    fn designed(&self, c: char, design: Design, style: Style, lang: &Locale) -> Option<FaceId> {
        self.found_index()?.resolve_loaded(c, style, lang, Some(design)).and_then(|i| self.found_id(i))
    }

    /// The index of found faces, built on first need; `None` when discovery is off
    /// (no folder to search), so that no caller builds an empty one.
    pub(super) fn found_index(&self) -> Option<&Index> {
        (!self.found.sources.roots.is_empty()).then(|| self.found.index())
    }
}

#[cfg(test)]
mod tests {
    use super::super::family::small_on_body;
    use super::super::testing::{book_finding_nastaliq, test_fonts};
    use super::*;
    use crate::locale::locale;

    #[test]
    fn picks_faces_by_script_and_context() {
        let book = test_fonts();
        let sans = book.styled(Family::Sans, Style::REGULAR).unwrap();
        let naskh = book.styled(Family::Naskh, Style::REGULAR).unwrap();
        let hebrew = book.styled(Family::Hebrew, Style::REGULAR).unwrap();
        assert_eq!(book.face_for('a', Style::REGULAR, None, &locale("en")), Some(sans));
        assert_eq!(book.face_for('ب', Style::REGULAR, None, &locale("en")), Some(naskh));
        assert_eq!(book.face_for('ש', Style::REGULAR, None, &locale("en")), Some(hebrew));
        // A space between Arabic words stays in the Arabic face.
        assert_eq!(book.face_for(' ', Style::REGULAR, Some(naskh), &locale("en")), Some(naskh));
        // A bold digit after regular text is bold.
        let bold = book.styled(Family::Sans, Style::BOLD).unwrap();
        assert_eq!(book.face_for('1', Style::BOLD, Some(sans), &locale("en")), Some(bold));
        assert_eq!(book.face_for('、', Style::REGULAR, None, &locale("en")), None);
        let bold_italic = book.face_for('a', Style::BOLD_ITALIC, None, &locale("en")).unwrap();
        assert_eq!(book.face(bold_italic).style, Style::BOLD_ITALIC);
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
                let id = book.face_for(c, Style { bold, italic: true }, None, &locale("en")).unwrap();
                let face = book.face(id);
                assert_eq!((face.family, face.style), (family, Style { bold, italic: false }), "{c}");
            }
        }
        // The danda and the Thai repetition mark follow the text around them.
        let deva = book.styled(Family::Devanagari, Style::REGULAR).unwrap();
        assert_eq!(book.face_for('।', Style::REGULAR, Some(deva), &locale("hi")), Some(deva));
        let thai = book.styled(Family::Thai, Style::REGULAR).unwrap();
        assert_eq!(book.face_for('ๆ', Style::REGULAR, Some(thai), &locale("th")), Some(thai));
        assert_eq!(book.discovery_runs(), 0);
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
        let naskh = book.styled(Family::Naskh, Style::REGULAR).unwrap();
        assert_eq!(book.face_for('ک', Style::REGULAR, None, &locale("ur")), Some(naskh));
        let Some((_dir, book)) = book_finding_nastaliq() else { return };
        let naskh = book.styled(Family::Naskh, Style::REGULAR).unwrap();
        let urdu = book.face_for('ک', Style::REGULAR, None, &locale("ur")).unwrap();
        let face = book.face(urdu);
        assert_eq!(
            (face.postscript_name.as_str(), face.design),
            ("NotoNastaliqUrdu-Regular", Some(Design::Nastaliq))
        );
        assert!(!face.takes_kashida() && book.face(naskh).takes_kashida());
        // The space and digits of an Urdu line stay in Nastaliq; Persian and Arabic
        // in the same script keep Naskh.
        assert_eq!(book.face_for(' ', Style::REGULAR, Some(urdu), &locale("ur")), Some(urdu));
        assert_eq!(book.face_for('ک', Style::REGULAR, None, &locale("fa")), Some(naskh));
        assert_eq!(book.face_for('ب', Style::REGULAR, None, &locale("ar")), Some(naskh));
    }

    #[test]
    fn arabic_script_text_is_set_larger_for_its_naskh_and_no_other() {
        for tag in ["ar", "fa", "ur", "ps", "ckb", "az-Arab"] {
            assert!(small_on_body(&locale(tag)), "{tag}");
        }
        // Right to left is not the reason: Hebrew and Yiddish are set in Noto Sans
        // Hebrew, drawn to Noto Sans's proportions.
        for tag in ["he", "yi", "en", "hi", "th", "zh", "ja", "ur-Latn", "az"] {
            assert!(!small_on_body(&locale(tag)), "{tag}");
        }
        assert!(Family::Naskh.small_on_body() && !Family::Hebrew.small_on_body());
    }
}
