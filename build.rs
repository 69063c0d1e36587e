//! Digests what the binary is made from, for the keys of incremental builds.
//!
//! Every output's key includes the tool, so that a changed tool never reuses an old
//! tool's files. Hashing the executable at run time did that, but cost every run
//! about 20 ms for 13 MB with the CPU's SHA instructions (several times more without
//! them): most of a rebuild with nothing to do. The same knowledge is
//! here for nothing at run time: our sources, the manifest, `Cargo.lock` (every
//! dependency's exact version and checksum), the compiler's version and the target.
//! The digest reaches the code as `APPEALPRESS_SOURCE_DIGEST`.
//!
//! The shipped labels (`labels/<tag>.yaml`, the pack's fixed words) are part of the
//! tool too: they are digested with the sources, and listed in
//! `$OUT_DIR/shipped_labels.rs` for `include_str!`, so a new file needs no code. The
//! templates `new` writes a case's language files from (`templates/<tag>.yaml`) are
//! listed the same way in `$OUT_DIR/shipped_templates.rs`; they change no output, so
//! they stay out of the digest.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("Cargo.toml"), root.join("Cargo.lock"), root.join("build.rs")];
    collect_files(&root.join("src"), &mut files);
    let labels = yaml_files(&root.join("labels"));
    files.extend(labels.iter().cloned());
    files.sort();
    write_list(&labels, "shipped_labels.rs");
    write_list(&yaml_files(&root.join("templates")), "shipped_templates.rs");

    let mut sources = Sha256::new();
    for file in &files {
        // Missing files (no Cargo.lock yet) hash as absent, not as empty.
        let Ok(bytes) = std::fs::read(file) else { continue };
        let name = file.strip_prefix(&root).unwrap_or(file).to_string_lossy().replace('\\', "/");
        field(&mut sources, name.as_bytes());
        field(&mut sources, &bytes);
    }
    let sources = hex(&sources.finalize());
    // The files' digest alone too, for a test to check it against the files on disk.
    println!("cargo:rustc-env=APPEALPRESS_SOURCE_FILES_DIGEST={sources}");
    let mut tool = Sha256::new();
    field(&mut tool, sources.as_bytes());
    field(&mut tool, compiler_version().as_bytes());
    field(&mut tool, std::env::var("TARGET").unwrap_or_default().as_bytes());
    println!("cargo:rustc-env=APPEALPRESS_SOURCE_DIGEST={}", hex(&tool.finalize()));

    for watched in ["src", "labels", "templates", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={watched}");
    }
}

/// Every file under `dir`, recursively.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The YAML files of a shipped data folder (`labels/`, `templates/`), sorted by name.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    files.retain(|f| f.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    files
}

/// Writes `$OUT_DIR/<name>`: a slice of (tag, file name, text) for every file, each
/// text embedded with `include_str!`.
fn write_list(files: &[PathBuf], name: &str) {
    let mut code = String::from("&[\n");
    for file in files {
        let tag = file.file_stem().unwrap_or_default().to_string_lossy();
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        code.push_str(&format!("    ({tag:?}, {name:?}, include_str!({:?})),\n", file.display().to_string()));
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    std::fs::write(&out, code).expect("OUT_DIR is writable");
}

/// `rustc -vV`: release, commit and LLVM version.
fn compiler_version() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    Command::new(rustc)
        .arg("-vV")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_default()
}

/// Lowercase hex of a digest.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Length-prefixed, so no two different file lists hash the same bytes.
fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}
