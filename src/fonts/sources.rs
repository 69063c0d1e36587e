//! Where discovery looks: the folders given with `--font-dir`, the folders in
//! `APPEALPRESS_FONT_PATH` (`:`-separated), then the system's font folders
//! (`/usr/share/fonts`, `/usr/local/share/fonts`, `$XDG_DATA_HOME/fonts` or
//! `~/.local/share/fonts`, `~/.fonts`), which `APPEALPRESS_NO_SYSTEM_FONTS=1` leaves
//! out (tests use it to make "no font has this script" reproducible).

use std::path::PathBuf;

use super::cache::default_cache_path;

/// Extra font folders, `:`-separated, searched after `--font-dir` and before the
/// system's folders.
pub const FONT_PATH_ENV: &str = "APPEALPRESS_FONT_PATH";

/// When set to anything but empty or `0`, the system's font folders are not searched.
pub(crate) const NO_SYSTEM_FONTS_ENV: &str = "APPEALPRESS_NO_SYSTEM_FONTS";

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
    /// How a message names the origin: the option or variable, or `system`.
    pub(super) fn describe(self) -> &'static str {
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
    pub(crate) roots: Vec<(PathBuf, Origin)>,
    /// Where the index is cached between runs; `None` keeps it in memory only.
    pub cache: Option<PathBuf>,
    /// True when the system's folders were left out by `APPEALPRESS_NO_SYSTEM_FONTS`.
    pub(crate) system_skipped: bool,
}

impl FontSources {
    /// No discovery at all: only the shipped faces (unit tests, benchmarks, fuzzing).
    pub(crate) fn none() -> FontSources {
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
    pub(crate) fn describe(&self) -> String {
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
pub(crate) fn system_font_dirs() -> Vec<PathBuf> {
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
