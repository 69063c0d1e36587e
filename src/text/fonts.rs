//! The font book: the faces in `fonts/`, loaded once, and font choice by script.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use unicode_script::{Script, UnicodeScript};

use crate::diag::Diagnostic;

/// Index of a face in the [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub u16);

/// The design families shipped in `fonts/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Noto Sans: Latin, Greek, Cyrillic, and the common punctuation.
    Sans,
    /// Noto Naskh Arabic: Arabic script, a book face for running text.
    Naskh,
    /// Noto Sans Hebrew.
    Hebrew,
}

/// The faces the project ships: file name, family, bold, italic.
const SHIPPED: [(&str, Family, bool, bool); 8] = [
    ("NotoSans-Regular.ttf", Family::Sans, false, false),
    ("NotoSans-Bold.ttf", Family::Sans, true, false),
    ("NotoSans-Italic.ttf", Family::Sans, false, true),
    ("NotoSans-BoldItalic.ttf", Family::Sans, true, true),
    ("NotoNaskhArabic-Regular.ttf", Family::Naskh, false, false),
    ("NotoNaskhArabic-Bold.ttf", Family::Naskh, true, false),
    ("NotoSansHebrew-Regular.ttf", Family::Hebrew, false, false),
    ("NotoSansHebrew-Bold.ttf", Family::Hebrew, true, false),
];

/// One loaded face.
pub struct FontFace {
    /// File name inside the fonts folder.
    pub file: String,
    /// Family.
    pub family: Family,
    /// Bold weight.
    pub bold: bool,
    /// Italic style.
    pub italic: bool,
    /// The font file's bytes; they live as long as the process (see [`FontBook::load`]).
    pub data: &'static [u8],
    /// The shaping face over `data`.
    pub shaper: rustybuzz::Face<'static>,
    /// Units per em.
    pub units_per_em: f32,
    /// PostScript name, for the PDF.
    pub postscript_name: String,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFace").field("file", &self.file).finish()
    }
}

impl FontFace {
    /// True when the face maps `c` to a real glyph.
    pub fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some_and(|g| g.0 != 0)
    }
}

/// Key of a cached shape plan: face, right-to-left, script, language.
type PlanKey = (FaceId, bool, rustybuzz::Script, Option<rustybuzz::Language>);

/// All faces, loaded once per process and shared by every job.
pub struct FontBook {
    faces: Vec<FontFace>,
    /// The folder they came from.
    pub dir: PathBuf,
    /// Compiled shape plans. Compiling one costs far more than shaping a word with it,
    /// and a pack needs only a handful, so every job shares them.
    plans: RwLock<HashMap<PlanKey, Arc<rustybuzz::ShapePlan>>>,
    /// Unique among the books of this process, so caches outside the book can tell
    /// whose face ids they hold.
    serial: u64,
}

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontBook").field("dir", &self.dir).field("faces", &self.faces).finish()
    }
}

impl FontBook {
    /// Loads the shipped faces from `dir`. The bytes are leaked on purpose: a build
    /// loads the book once and every job borrows it until the process ends, which lets
    /// the shaping faces be `'static` and shared across threads without re-parsing.
    pub fn load(dir: &Path) -> Result<FontBook, Diagnostic> {
        let mut faces = Vec::with_capacity(SHIPPED.len());
        for (file, family, bold, italic) in SHIPPED {
            let path = dir.join(file);
            let bytes = std::fs::read(&path).map_err(|e| {
                Diagnostic::in_file(&path, format!("cannot read font: {e}")).with_hint(
                    "run from the project folder, or pass --fonts DIR with the faces listed in fonts/OFL.txt",
                )
            })?;
            let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            let shaper = rustybuzz::Face::from_slice(data, 0)
                .ok_or_else(|| Diagnostic::in_file(&path, "not a usable OpenType font"))?;
            let units_per_em = shaper.units_per_em() as f32;
            let postscript_name =
                postscript_name(&shaper).unwrap_or_else(|| file.trim_end_matches(".ttf").to_string());
            faces.push(FontFace {
                file: file.to_string(),
                family,
                bold,
                italic,
                data,
                shaper,
                units_per_em,
                postscript_name,
            });
        }
        static BOOKS: AtomicU64 = AtomicU64::new(1);
        let serial = BOOKS.fetch_add(1, Ordering::Relaxed);
        Ok(FontBook { faces, dir: dir.to_path_buf(), plans: RwLock::default(), serial })
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

    /// The face with `id`.
    pub fn face(&self, id: FaceId) -> &FontFace {
        &self.faces[id.0 as usize]
    }

    /// All faces with their ids.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &FontFace)> {
        self.faces.iter().enumerate().map(|(i, f)| (FaceId(i as u16), f))
    }

    /// The best face of `family` for a style: exact match, else the same weight, else any.
    pub fn styled(&self, family: Family, bold: bool, italic: bool) -> Option<FaceId> {
        let score = |f: &FontFace| u8::from(f.bold == bold) * 2 + u8::from(f.italic == italic);
        self.faces()
            .filter(|(_, f)| f.family == family)
            .max_by_key(|(id, f)| (score(f), std::cmp::Reverse(*id)))
            .map(|(id, _)| id)
    }

    /// Chooses the face for `c`: by its script first, then the face of the text around
    /// it (for spaces, digits and punctuation), then any face that has it.
    pub fn face_for(&self, c: char, bold: bool, italic: bool, context: Option<FaceId>) -> Option<FaceId> {
        let script = c.script();
        let preferred = match script {
            Script::Arabic => Some(Family::Naskh),
            Script::Hebrew => Some(Family::Hebrew),
            Script::Common | Script::Inherited | Script::Unknown => None,
            _ => Some(Family::Sans),
        };
        let by_script = preferred.and_then(|family| self.styled(family, bold, italic));
        // Spaces, digits and punctuation take the family of the text around them, in
        // their own span's weight and style ("**12 days**" is bold throughout).
        let by_context = context
            .filter(|_| preferred.is_none())
            .and_then(|f| self.styled(self.face(f).family, bold, italic));
        let fallback = self.styled(Family::Sans, bold, italic);
        [by_script, by_context, fallback]
            .into_iter()
            .flatten()
            .find(|&id| self.face(id).covers(c))
            .or_else(|| self.faces().find(|(_, f)| f.covers(c)).map(|(id, _)| id))
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
    use crate::text::test_fonts;

    #[test]
    fn picks_faces_by_script_and_context() {
        let book = test_fonts();
        let sans = book.styled(Family::Sans, false, false).unwrap();
        let naskh = book.styled(Family::Naskh, false, false).unwrap();
        let hebrew = book.styled(Family::Hebrew, false, false).unwrap();
        assert_eq!(book.face_for('a', false, false, None), Some(sans));
        assert_eq!(book.face_for('ب', false, false, None), Some(naskh));
        assert_eq!(book.face_for('ש', false, false, None), Some(hebrew));
        // A space between Arabic words stays in the Arabic face.
        assert_eq!(book.face_for(' ', false, false, Some(naskh)), Some(naskh));
        // A bold digit after regular text is bold.
        let bold = book.styled(Family::Sans, true, false).unwrap();
        assert_eq!(book.face_for('1', true, false, Some(sans)), Some(bold));
        assert_eq!(book.face_for('、', false, false, None), None);
        let bold_italic = book.face_for('a', true, true, None).unwrap();
        assert!(book.face(bold_italic).bold && book.face(bold_italic).italic);
    }
}
