//! `appealpress watch`: after its first build, saving a language file rewrites that
//! language's four PDFs, with the new text, and leaves the other languages alone; a
//! save that breaks the file keeps the last good PDFs. It says what it watches, and
//! for each rebuild which files changed and which outputs it wrote.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: a loaded CI machine may take seconds where a laptop takes 100 ms.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Kills the watcher however the test ends.
struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn pdfs(out: &Path, lang: &str) -> Vec<PathBuf> {
    ["pack", "postcard"]
        .iter()
        .flat_map(|p| {
            ["", "-press"].map(|press| out.join(format!("ali-aarrass/ali-aarrass-{lang}-{p}{press}.pdf")))
        })
        .collect()
}

fn contents(files: &[PathBuf]) -> Vec<Option<Vec<u8>>> {
    files.iter().map(|f| std::fs::read(f).ok()).collect()
}

fn modified(files: &[PathBuf]) -> Vec<Option<std::time::SystemTime>> {
    files.iter().map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok()).collect()
}

/// The lines the watcher has printed on stderr so far, read by a thread.
fn collect_lines(child: &mut Child) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let sink = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

/// The lines printed after the first `skip`, up to and including the next rebuild's
/// summary line, once that line is there.
fn next_rebuild(lines: &Mutex<Vec<String>>, skip: usize) -> Option<Vec<String>> {
    let lines = lines.lock().unwrap();
    let end = lines.iter().skip(skip).position(|l| l.starts_with("rebuilt "))?;
    Some(lines[skip..=skip + end].to_vec())
}

/// Polls until `done` holds, or panics after [`TIMEOUT`] with `what`.
fn wait_until(what: &str, done: impl Fn() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < TIMEOUT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn saving_a_language_file_rewrites_its_pdfs() {
    let work = tempfile::tempdir().unwrap();
    let packs = work.path().join("packs");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/ali-aarrass");
    std::fs::create_dir_all(packs.join("ali-aarrass")).unwrap();
    for entry in std::fs::read_dir(&sample).unwrap().flatten() {
        std::fs::copy(entry.path(), packs.join("ali-aarrass").join(entry.file_name())).unwrap();
    }
    let out = work.path().join("dist");
    let mut child = Command::new(env!("CARGO_BIN_EXE_appealpress"))
        .arg("watch")
        .arg(&packs)
        .arg("--out")
        .arg(&out)
        .arg("--shipped-fonts")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"))
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("appealpress watch starts");
    let lines = collect_lines(&mut child);
    let _watching = Watching(child);
    let (french, english) = (pdfs(&out, "fr"), pdfs(&out, "en"));
    wait_until("the first build", || next_rebuild(&lines, 0).is_some());
    let first_rebuild = next_rebuild(&lines, 0).unwrap();
    assert!(
        first_rebuild[0].starts_with("watching ") && first_rebuild[0].contains("(1 case(s)) for changes"),
        "{first_rebuild:#?}"
    );
    let seen = lines.lock().unwrap().len();
    let first = contents(&french);
    let first_written = modified(&french);
    let english_first = contents(&english);
    assert!(first.iter().all(Option::is_some), "the first build wrote the French PDFs");

    let fr = packs.join("ali-aarrass/fr.md");
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(&fr, format!("{text}\nUne phrase ajoutée pendant la veille.\n")).unwrap();
    // The packs print the new sentence; the postcards, which do not, are written again.
    wait_until("the French PDFs to be rewritten", || {
        modified(&french).iter().zip(&first_written).all(|(now, was)| now != was)
    });
    let now = contents(&french);
    assert!(now[0] != first[0] && now[1] != first[1], "the French packs changed");
    // The rebuild's own account: the file saved, then the four French files written,
    // and nothing else, before its summary line.
    wait_until("the rebuild's summary", || next_rebuild(&lines, seen).is_some());
    let rebuild = next_rebuild(&lines, seen).unwrap();
    let changed: Vec<&String> = rebuild.iter().filter(|l| l.starts_with("changed ")).collect();
    assert_eq!(changed.len(), 1, "{rebuild:#?}");
    assert!(changed[0].ends_with("ali-aarrass/fr.md"), "{rebuild:#?}");
    let mut wrote: Vec<String> =
        rebuild.iter().filter_map(|l| l.strip_prefix("wrote ")).map(str::to_string).collect();
    wrote.sort();
    let mut expected: Vec<String> = french.iter().map(|p| p.display().to_string()).collect();
    expected.sort();
    assert_eq!(wrote, expected, "{rebuild:#?}");
    assert!(rebuild.last().unwrap().starts_with("rebuilt 4 file(s), "), "{rebuild:#?}");
    assert_eq!(contents(&english), english_first, "the English PDFs were not touched");

    // A broken front matter fails the rebuild; the last good French files stay.
    let good = contents(&french);
    let manifest = out.join("manifest.json");
    let listed = std::fs::read(&manifest).unwrap();
    std::fs::write(&fr, "---\ntitle: [unclosed\n---\n").unwrap();
    wait_until("the failed rebuild's manifest", || std::fs::read(&manifest).is_ok_and(|m| m != listed));
    assert_eq!(contents(&french), good, "a failed rebuild keeps the last good files");
}
