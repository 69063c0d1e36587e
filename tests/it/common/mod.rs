//! Helpers shared by the end-to-end tests: fixture copies, running the binary, the
//! external readers (poppler, qpdf) used to check what was written, and a headless
//! Chromium ([`chromium`]) for the HTML it writes.

#![allow(dead_code)]

pub mod bbox;
pub mod catalogue;
pub mod chromium;
pub mod snapshot;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The committed fixture packs.
pub fn fixture_packs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs")
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Page 1 of `pdf` as poppler rasterises it (`pdftoppm` with `args` added, such as
/// `-r 150 -gray`), read from its binary PNM: the magic number (`P5` grey, `P6` RGB),
/// the width and height, and the pixel bytes.
pub fn page_one_pixels(pdftoppm: &Path, pdf: &Path, args: &[&str]) -> (String, usize, usize, Vec<u8>) {
    let out = Command::new(pdftoppm)
        .args(args)
        .args(["-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftoppm {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    // <magic> <width> <height> 255 <pixels>
    let data = out.stdout;
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
    }
    at += 1;
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (fields.swap_remove(0), width, height, data[at..].to_vec())
}

/// Every QR code on page 1 of `pdf`, decoded from poppler's 150 dpi grey raster, as a
/// phone would read the printed page.
pub fn qr_codes_on_page_one(pdftoppm: &Path, pdf: &Path) -> Vec<String> {
    let (magic, w, h, pixels) = page_one_pixels(pdftoppm, pdf, &["-r", "150", "-gray"]);
    assert_eq!(magic, "P5");
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    prepared.detect_grids().iter().filter_map(|grid| grid.decode().ok().map(|d| d.1)).collect()
}

/// Every product, as case.yaml lists them to build the whole campaign kit.
pub const THE_KIT: &str = "[pack, postcard, petition, poster, labels, tally, bundle]";

/// Has every case of the packs folder `packs` (a copy) build the whole campaign kit:
/// `products:` listing every product, and a `report_to` for the tally sheet where the
/// case gives none. The sample and the script fixtures build the pack and postcard
/// alone, as the tests of those expect; the catalogues check the kit on them this way.
pub fn ask_for_the_kit(packs: &Path) {
    for entry in std::fs::read_dir(packs).unwrap() {
        let yaml = entry.unwrap().path().join("case.yaml");
        let Ok(text) = std::fs::read_to_string(&yaml) else { continue };
        assert!(!text.contains("\nproducts:"), "{}: lists its products already", yaml.display());
        let report_to = if text.contains("\nreport_to:") {
            String::new()
        } else {
            "report_to: https://example.org/tally\n".into()
        };
        std::fs::write(&yaml, format!("{text}products: {THE_KIT}\n{report_to}")).unwrap();
    }
}

/// A temporary folder holding a copy of the fixture packs under `packs/`.
pub fn packs_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture_packs(), &dir.path().join("packs"));
    dir
}

/// The fixture cases in scripts beyond Latin and Arabic: Devanagari, Thai and
/// Ethiopic (shipped faces), Chinese, Japanese and Korean (faces found at run time).
/// They live apart from `fixture_packs` so that the tests building every fixture do
/// not need CJK fonts installed.
pub fn script_packs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts")
}

/// Sets `status:` in the case.yaml of `case` under `dir/packs`.
pub fn set_status(dir: &Path, case: &str, status: &str) {
    let yaml = dir.join(format!("packs/{case}/case.yaml"));
    let text = std::fs::read_to_string(&yaml).unwrap();
    let start = text.find("status:").unwrap();
    let end = start + text[start..].find('\n').unwrap();
    std::fs::write(&yaml, format!("{}status: {status}{}", &text[..start], &text[end..])).unwrap();
}

/// Runs `appealpress` with `args` in `cwd`.
pub fn appealpress(cwd: &Path, args: &[&str]) -> Output {
    appealpress_env(cwd, args, &[])
}

/// Runs `appealpress` with `args` in `cwd` and extra environment variables. Font
/// discovery is kept to this run: the index cache goes under `cwd/.cache`, and the
/// caller's `APPEALPRESS_FONT_PATH` and `APPEALPRESS_NO_SYSTEM_FONTS` do not leak in.
pub fn appealpress_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_appealpress"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("APPEALPRESS_FONT_PATH")
        .env_remove("APPEALPRESS_NO_SYSTEM_FONTS")
        .env("XDG_CACHE_HOME", cwd.join(".cache"));
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the binary runs")
}

/// Whether Noto Sans CJK (Debian's fonts-noto-cjk) is installed, asked of fontconfig
/// when it is there, else looked for where Debian puts it. When it is not: `false`
/// with a note, or a failure under `APPEALPRESS_REQUIRE_TOOLS` (`.ci/run` installs it).
#[track_caller]
pub fn noto_cjk_installed() -> bool {
    let by_fontconfig = Command::new("fc-list")
        .args([":family=Noto Sans CJK SC", "family"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| !out.stdout.is_empty());
    let installed = by_fontconfig
        .unwrap_or_else(|| Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").is_file());
    if !installed {
        if std::env::var_os("APPEALPRESS_REQUIRE_TOOLS").is_some() {
            panic!("Noto Sans CJK is required (APPEALPRESS_REQUIRE_TOOLS is set) but not installed: apt-get install fonts-noto-cjk");
        }
        skipped("Noto Sans CJK (apt-get install fonts-noto-cjk)");
    }
    installed
}

/// Where Debian's fonts-noto-core puts the Noto faces the project does not ship.
pub const NOTO_CORE_DIR: &str = "/usr/share/fonts/truetype/noto";

/// The folder holding Noto Nastaliq Urdu (Debian's fonts-noto-core), which Urdu is
/// set in when found at run time, or `None` with a note when it is not installed, or
/// a failure under `APPEALPRESS_REQUIRE_TOOLS` (`.ci/run` installs it).
#[track_caller]
pub fn noto_nastaliq_dir() -> Option<PathBuf> {
    let dir = Path::new(NOTO_CORE_DIR);
    if dir.join("NotoNastaliqUrdu-Regular.ttf").is_file() {
        return Some(dir.to_path_buf());
    }
    if std::env::var_os("APPEALPRESS_REQUIRE_TOOLS").is_some() {
        panic!("Noto Nastaliq Urdu is required (APPEALPRESS_REQUIRE_TOOLS is set) but not in {NOTO_CORE_DIR}: apt-get install fonts-noto-core");
    }
    skipped("Noto Nastaliq Urdu (apt-get install fonts-noto-core)");
    None
}

/// The path of an external tool, or `None` (with a [`skipped`] line) when it is not
/// installed. `.ci/run` installs them and sets `APPEALPRESS_REQUIRE_TOOLS=1`, which
/// turns a missing tool into a failure, so CI never skips these checks.
#[track_caller]
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        if std::env::var_os("APPEALPRESS_REQUIRE_TOOLS").is_some() {
            panic!("{name} is required (APPEALPRESS_REQUIRE_TOOLS is set) but not installed");
        }
        skipped(name);
    }
    found
}

/// Prints `skipped: <test>: <what> not installed` where it is seen: straight to the
/// standard error, which the test harness does not capture as it does `eprintln!`, so
/// that a run without the tool shows each check it did not make, not a silent pass.
/// The test is the harness's name for the thread, else the caller's file and line.
#[track_caller]
pub fn skipped(what: &str) {
    use std::io::Write;
    let caller = std::panic::Location::caller();
    let thread = std::thread::current();
    let test = match thread.name() {
        Some(name) if name != "main" => name.to_string(),
        _ => format!("{}:{}", caller.file(), caller.line()),
    };
    let _ = writeln!(std::io::stderr(), "skipped: {test}: {what} not installed");
}

/// Runs a tool and returns its standard output; panics when it fails.
pub fn run_tool(tool: &Path, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().expect("tool runs");
    assert!(
        out.status.success(),
        "{} {:?} failed: {}",
        tool.display(),
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The words of a language file's body as a reader sees them: Markdown syntax, heading
/// ids and punctuation removed.
pub fn source_words(markdown: &str) -> Vec<String> {
    let body = markdown.splitn(3, "---\n").nth(2).unwrap_or(markdown);
    let body = body.lines().map(|l| l.split(" {#").next().unwrap_or(l)).collect::<Vec<_>>().join("\n");
    words(&body)
}

/// Splits into words of letters, digits and combining marks, dropping everything else.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || is_mark(c)))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect()
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Extracted text with hyphenation at line ends undone and bidi control marks turned
/// into spaces (poppler writes them where a run changes direction, sometimes in place
/// of the space that was there).
pub fn normalise_extracted(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    text.replace("-\n", "")
}

/// The files a run wrote, from its log (`[ 3/12] built dist/case/file.pdf`), relative
/// to the output folder and sorted: the manifest says what each file is, not which run
/// wrote it.
pub fn written(log: &str) -> Vec<String> {
    let mut files: Vec<String> = log
        .lines()
        .filter_map(|l| {
            l.split_once("] built ").map(|(_, path)| path.trim_start_matches("dist/").to_string())
        })
        .collect();
    files.sort();
    files
}

/// xorshift64*: small, fast and the same on every machine, so a generated test input
/// is the same every run.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
