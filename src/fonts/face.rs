//! One face: a font file's bytes (or one face of a collection), parsed for shaping,
//! with what choice and the PDF need of it; and [`Font`], the handle a text run
//! carries so that the renderers reach the face without the book.

use std::sync::{Arc, OnceLock};

use sha2::{Digest, Sha256};

use super::family::{Design, Family, Style};

/// Index of a face in the [`super::FontBook`]: the shipped faces first, in [`SHIPPED`]
/// order, then the found ones in the index's fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FaceId(pub u16);

/// One loaded face.
pub(crate) struct FontFace {
    /// File name inside the fonts folder, or the path of a found face.
    pub(crate) file: String,
    /// Index of the face inside its file: 0 for a single font, the face's position
    /// in a collection (`.ttc`) otherwise.
    pub(crate) index: u32,
    /// Family.
    pub(crate) family: Family,
    /// Weight and slant.
    pub(crate) style: Style,
    /// The font file's bytes (the whole collection for a face of one); they live as
    /// long as the process (see [`super::FontBook::load`]).
    pub(crate) data: &'static [u8],
    /// The shaping face over `data`.
    pub(crate) shaper: rustybuzz::Face<'static>,
    /// Units per em.
    pub(crate) units_per_em: f32,
    /// PostScript name, for the PDF.
    pub(crate) postscript_name: String,
    /// The design of a found face, when its family names one (a Nastaliq face);
    /// `None` for the shipped faces.
    pub(crate) design: Option<Design>,
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
    pub(crate) fn ink_em(&self, gid: u16) -> Option<[f32; 4]> {
        let rect = self.shaper.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(gid))?;
        let em = self.units_per_em;
        Some([rect.x_min as f32 / em, rect.y_min as f32 / em, rect.x_max as f32 / em, rect.y_max as f32 / em])
    }

    /// The face's ascender and descender (`hhea`), in ems, both positive: how far
    /// above and below the baseline its designer meant its lines to reach.
    pub(crate) fn extents_em(&self) -> (f32, f32) {
        let em = self.units_per_em;
        (self.shaper.ascender() as f32 / em, -(self.shaper.descender() as f32) / em)
    }

    /// Parses face `index` of `data`; `None` when it is not a usable OpenType face.
    pub(crate) fn new(
        file: String,
        index: u32,
        family: Family,
        style: Style,
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
            style,
            data,
            shaper,
            units_per_em,
            postscript_name,
            design: None,
            digest: OnceLock::new(),
        })
    }

    /// The face, marked as being of `design`.
    pub(crate) fn with_design(self, design: Option<Design>) -> FontFace {
        FontFace { design, ..self }
    }

    /// Whether justification may lengthen this face's Arabic joins with tatweel.
    pub(crate) fn takes_kashida(&self) -> bool {
        self.design.is_none_or(Design::takes_kashida)
    }

    /// SHA-256 of the font file's bytes, computed once.
    pub(crate) fn digest(&self) -> [u8; 32] {
        *self.digest.get_or_init(|| Sha256::digest(self.data).into())
    }

    /// True when the face maps `c` to a real glyph.
    pub(crate) fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some_and(|g| g.0 != 0)
    }
}

/// A face as a text run holds it: its id in the book and the face itself, so the
/// renderers reach every font from the positioned document alone (typst's `Font`).
/// Two handles are equal when they are the same face of the same book.
#[derive(Clone)]
pub(crate) struct Font {
    id: FaceId,
    face: Arc<FontFace>,
}

impl Font {
    /// The handle of face `id` of a book.
    pub(super) fn new(id: FaceId, face: Arc<FontFace>) -> Font {
        Font { id, face }
    }

    /// The face's id in its book: a stable key for per-document tables.
    pub(crate) fn id(&self) -> FaceId {
        self.id
    }

    /// The face.
    pub(crate) fn face(&self) -> &FontFace {
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

fn postscript_name(face: &rustybuzz::Face) -> Option<String> {
    face.names()
        .into_iter()
        .find(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .and_then(|n| n.to_string())
}

/// True for characters that take no glyph of their own: controls and format marks
/// the shaper should not be asked to draw.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || c.is_control()
}
