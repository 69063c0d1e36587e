//! Bad input, one fixture each (tests/fixtures/bad/<name>/): every one is reported
//! with its file (and line where there is one), exits 1 (or 0 for warnings), writes
//! no output for the broken job, and leaves a good case beside it built.

use crate::common;

use common::*;

struct Expect {
    fixture: &'static str,
    /// Extra build arguments.
    args: &'static [&'static str],
    /// Exit code.
    code: i32,
    /// Text the report must contain.
    message: &'static str,
    /// Whether the fixture's own output is written.
    built: bool,
}

const CASES: &[Expect] = &[
    Expect { fixture: "yaml-syntax", args: &[], code: 1, message: "yaml-syntax/case.yaml:14:1: found unexpected end of stream, while scanning a quoted scalar at line 5", built: false },
    Expect { fixture: "unknown-key", args: &[], code: 1, message: "unknown-key/case.yaml:2:1: unknown field `persn`", built: false },
    Expect { fixture: "wrong-type", args: &[], code: 1, message: "wrong-type/case.yaml:9:14: write_to[0].address: invalid type: integer `42`, expected a sequence", built: false },
    Expect { fixture: "photo-outside", args: &[], code: 1, message: "photo-outside/case.yaml:4: photo `../../../../etc/passwd` is outside the case folder", built: false },
    Expect { fixture: "photo-missing", args: &[], code: 1, message: "photo-missing/case.yaml:4: photo `portrait.jpg` is not in the case folder", built: false },
    Expect { fixture: "photo-corrupt", args: &[], code: 1, message: "photo-corrupt/case.yaml:4: photo packs/photo-corrupt/photo.png cannot be decoded", built: false },
    Expect { fixture: "photo-huge", args: &[], code: 1, message: "photo-huge/case.yaml:4: photo packs/photo-huge/photo.png is 100000 x 100000 px", built: false },
    Expect { fixture: "invalid-utf8", args: &[], code: 1, message: "invalid-utf8/en.md:11:36: the file is not valid UTF-8", built: false },
    Expect { fixture: "unknown-section", args: &[], code: 1, message: "unknown-section/en.md:13:1: unknown section id `actions`", built: false },
    Expect { fixture: "missing-section", args: &[], code: 1, message: "missing-section/en.md: the required section `{#action}` is missing", built: false },
    Expect { fixture: "empty-section", args: &[], code: 1, message: "empty-section/en.md:13:1: section `{#action}` is empty", built: false },
    Expect { fixture: "no-font", args: &[], code: 1, message: "no-font/en.md:11:54: no font covers the Han script that the `en` text needs: U+548C '和', U+5E73 '平'", built: false },
    Expect { fixture: "no-salutation", args: &[], code: 1, message: "no-salutation/en.md:1:1: the sample letter needs a `salutation`", built: false },
    Expect { fixture: "no-credit", args: &[], code: 1, message: "no-credit/case.yaml:4:3: photo: missing field `credit`", built: false },
    Expect { fixture: "closed", args: &[], code: 0, message: "note: packs/closed/case.yaml:6: case `closed` is closed", built: false },
    Expect { fixture: "closed", args: &["--include-closed"], code: 0, message: "built 2 file(s), 0 failed", built: true },
    Expect { fixture: "overflow", args: &["--product", "postcard"], code: 1, message: "overflow/en.md:5:1: the postcard message does not fit", built: false },
    Expect { fixture: "address-overflow", args: &["--product", "postcard"], code: 1, message: "address-overflow/case.yaml:10: the solidarity address on the postcard does not fit", built: false },
    Expect { fixture: "raw-html", args: &[], code: 0, message: "warning: packs/raw-html/en.md:11:36: raw HTML is printed as text", built: true },
    Expect { fixture: "past-deadline", args: &[], code: 0, message: "warning: packs/past-deadline/case.yaml:7: the deadline 2020-01-31 has passed", built: true },
];

#[test]
fn every_bad_input_is_reported_and_fails_alone() {
    let bad = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    for expect in CASES {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture_packs().join("latin-case"), &dir.path().join("packs/latin-case"));
        copy_dir(&bad.join(expect.fixture), &dir.path().join(format!("packs/{}", expect.fixture)));
        let product = if expect.args.contains(&"--product") { &[][..] } else { &["--product", "pack"][..] };
        let mut args = vec!["build", "packs", "--out", "dist", "--profile", "home", "--lang", "en"];
        args.extend_from_slice(product);
        args.extend_from_slice(expect.args);
        // Without the system's font folders, so that `no-font` fails wherever it runs.
        let out = appealpress_env(dir.path(), &args, &[("APPEALPRESS_NO_SYSTEM_FONTS", "1")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(expect.code), "{}: {stderr}", expect.fixture);
        assert!(
            stderr.contains(expect.message),
            "{}: expected `{}` in:\n{stderr}",
            expect.fixture,
            expect.message
        );
        assert!(!stderr.contains("panicked"), "{}: {stderr}", expect.fixture);
        let product = if expect.args.contains(&"postcard") { "postcard" } else { "pack" };
        let own = dir.path().join(format!("dist/{0}/{0}-en-{product}.pdf", expect.fixture));
        assert_eq!(own.exists(), expect.built, "{}: output {}", expect.fixture, own.display());
        let good = dir.path().join(format!("dist/latin-case/latin-case-en-{product}.pdf"));
        assert!(good.exists(), "{}: the good case beside it was not built", expect.fixture);
        // Warnings are in the manifest with the output they belong to.
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("dist/manifest.json")).unwrap()).unwrap();
        if expect.code == 0 && expect.message.starts_with("warning") {
            let entry =
                manifest["outputs"].as_array().unwrap().iter().find(|e| e["case"] == expect.fixture).unwrap();
            let warnings = entry["warnings"].as_array().unwrap();
            assert!(warnings.iter().any(|w| {
                let (span, message) = (&w["span"], w["message"].as_str().unwrap());
                let at = format!("{}:{}", span["file"].as_str().unwrap(), span["line"]);
                let shown = format!("warning: {at}:{}", span["column"]);
                let shown = if span["column"] == 0 { format!("warning: {at}") } else { shown };
                format!("{shown}: {message}").starts_with(expect.message)
            }));
        }
    }
}

#[test]
fn a_failed_rebuild_keeps_the_earlier_file_and_leaves_no_temporary_file() {
    let dir = packs_copy();
    let args =
        ["build", "packs", "--out", "dist", "--case", "latin-case", "--lang", "en", "--profile", "home"];
    assert!(appealpress(dir.path(), &args).status.success());
    let pack = dir.path().join("dist/latin-case/latin-case-en-pack.pdf");
    let before = std::fs::read(&pack).unwrap();
    // Break the language file and build again.
    let md = dir.path().join("packs/latin-case/en.md");
    let text = std::fs::read_to_string(&md).unwrap().replace("{#story}", "{#stories}");
    std::fs::write(&md, text).unwrap();
    let out = appealpress(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&pack).unwrap(), before, "the earlier PDF changed");
    let names: Vec<String> = std::fs::read_dir(dir.path().join("dist/latin-case"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The outputs, the thumbnail and the case's page.
    let ours =
        |n: &String| (n.ends_with(".pdf") || n.ends_with(".jpg") || n == "index.html") && !n.starts_with('.');
    assert!(names.iter().all(ours), "left behind: {names:?}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("dist/manifest.json")).unwrap()).unwrap();
    let entry = &manifest["outputs"][0];
    assert_eq!(entry["status"], "failed");
    assert_eq!(entry["kept_previous"], true);
    assert!(entry["errors"][0]["message"].as_str().unwrap().contains("unknown section id `stories`"));
    assert_eq!(entry["errors"][0]["span"]["file"], "packs/latin-case/en.md");
}

#[test]
fn the_manifest_matches_the_files_on_disk() {
    use sha2::Digest;
    let dir = packs_copy();
    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("dist/manifest.json")).unwrap()).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 3 * 4, "three languages, four products each");
    for entry in outputs {
        let bytes = std::fs::read(dir.path().join("dist").join(entry["file"].as_str().unwrap())).unwrap();
        assert_eq!(entry["bytes"].as_u64().unwrap() as usize, bytes.len());
        let digest: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(entry["sha256"].as_str().unwrap(), digest);
        assert!(entry["pages"].as_u64().unwrap() >= 2);
    }
}

/// The build's stderr, for `latin-case` in English with `extra` arguments, after
/// `edit` has changed the copied packs folder.
fn build_latin(edit: impl FnOnce(&std::path::Path), extra: &[&str]) -> (Option<i32>, String) {
    let dir = packs_copy();
    edit(&dir.path().join("packs/latin-case"));
    let mut args = vec!["build", "packs", "--out", "dist", "--case", "latin-case", "--lang", "en"];
    args.extend_from_slice(extra);
    let out = appealpress(dir.path(), &args);
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_home_photo_under_100_ppi_is_a_warning_naming_the_size_needed() {
    let small = |case: &std::path::Path| {
        let img =
            image::RgbImage::from_fn(500, 400, |x, y| image::Rgb([(x % 200) as u8, (y % 200) as u8, 90]));
        img.save(case.join("photo.jpg")).unwrap();
    };
    let (code, stderr) = build_latin(small, &["--profile", "home"]);
    assert_eq!(code, Some(0), "{stderr}");
    for product in ["pack", "postcard"] {
        let warning = stderr
            .lines()
            .position(|l| {
                l.starts_with("warning: packs/latin-case/case.yaml:4: photo")
                    && l.ends_with(&format!("on the home {product}; home prints need 100"))
            })
            .unwrap_or_else(|| panic!("no warning for the home {product}:\n{stderr}"));
        let hint = stderr.lines().nth(warning + 1).unwrap();
        assert!(hint.contains("use a photo at least") && hint.contains("px wide, better"), "{hint}");
        assert!(stderr.lines().nth(warning).unwrap().contains("(500 x 400 px)"), "{stderr}");
    }
    // The sample's 2800 px photo is plenty.
    let (code, stderr) = build_latin(|_| {}, &["--profile", "home"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("ppi"), "{stderr}");
}

#[test]
fn a_postcard_that_does_not_fit_is_one_error_naming_the_postcards() {
    let long = |case: &std::path::Path| {
        let path = case.join("en.md");
        let long = "We stand with you and we will not stop writing. ".repeat(40);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("  Dear Test Person, people far away are thinking of you\n", &format!("  {long}\n"));
        std::fs::write(&path, text).unwrap();
    };
    let (code, stderr) = build_latin(long, &["--product", "postcard"]);
    assert_eq!(code, Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("does not fit")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].starts_with("error: packs/latin-case/en.md:5:1: the postcard message does not fit: "),
        "{stderr}"
    );
    assert!(errors[0].contains("mm too tall even at 80 % of its size on the home postcard, "), "{stderr}");
    assert!(errors[0].ends_with(" mm on the press postcard"), "{stderr}");
    assert!(stderr.contains("built 0 file(s), 2 failed"), "{stderr}");
}

#[test]
fn a_misspelt_photo_name_lists_the_images_and_suggests_one() {
    let misspelt = |case: &std::path::Path| {
        let path = case.join("case.yaml");
        let text = std::fs::read_to_string(&path).unwrap().replace("file: photo.jpg", "file: foto.jpg");
        std::fs::write(&path, text).unwrap();
    };
    let (code, stderr) = build_latin(misspelt, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: packs/latin-case/case.yaml:4: photo `foto.jpg` is not in the case folder"),
        "{stderr}"
    );
    assert!(stderr.contains("= hint: did you mean `photo.jpg`?"), "{stderr}");
    assert!(stderr.contains("= hint: images in the folder: `photo.jpg`"), "{stderr}");
}

#[test]
fn a_postcard_only_build_prints_the_postcards_warnings_once() {
    // `digits: native` in English: compose warns for the postcard as for the pack, and
    // a build of postcards alone, both profiles, prints that one warning once.
    let native_digits = |case: &std::path::Path| {
        let en = case.join("en.md");
        let text = std::fs::read_to_string(&en).unwrap().replacen("---\n", "---\ndigits: native\n", 1);
        std::fs::write(en, text).unwrap();
    };
    let (code, stderr) = build_latin(native_digits, &["--product", "postcard"]);
    assert_eq!(code, Some(0), "{stderr}");
    let shown = "`digits: native`: no native digits are known for `en`; printing 0-9";
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(shown)).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("warning: packs/latin-case/en.md:"), "{stderr}");
    assert!(stderr.contains("built 2 file(s), 0 failed, 1 warning(s)"), "{stderr}");
}

#[test]
fn a_postcard_only_build_warns_of_labels_that_fall_back_to_english() {
    // Esperanto has no labels file: the postcard's stamp box and printing instructions
    // are in English, and a build of postcards alone must say so, as the pack's does.
    let esperanto = |case: &std::path::Path| {
        std::fs::copy(case.join("en.md"), case.join("eo.md")).unwrap();
    };
    let (code, stderr) = build_latin(esperanto, &["--lang", "eo", "--product", "postcard"]);
    assert_eq!(code, Some(0), "{stderr}");
    let shown = "warning: packs/latin-case/eo.md: no labels for `eo`; the pack's fixed words are in English";
    assert_eq!(stderr.lines().filter(|l| *l == shown).count(), 1, "{stderr}");
}

/// A packs folder with `latin-case` and a copy of it, `hostile`, that `edit` breaks;
/// builds the English home packs and returns the exit code and stderr. The run is
/// killed after 60 s, and the test fails, so that a hang (a FIFO read) is a failure,
/// not a test that never ends.
fn build_hostile(
    edit: impl FnOnce(&std::path::Path),
    env: &[(&str, &str)],
) -> (Option<i32>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    copy_dir(&fixture_packs().join("latin-case"), &packs.join("latin-case"));
    copy_dir(&fixture_packs().join("latin-case"), &packs.join("hostile"));
    edit(&packs.join("hostile"));
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_appealpress"));
    command
        .args(["build", "packs", "--out", "dist", "--profile", "home", "--product", "pack", "--lang", "en"])
        .current_dir(dir.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("APPEALPRESS_MAX_TEXT_BYTES")
        .env("XDG_CACHE_HOME", dir.path().join(".cache"))
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("stderr")).unwrap());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the build still ran after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let stderr = String::from_utf8_lossy(&std::fs::read(dir.path().join("stderr")).unwrap()).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let good = dir.path().join("dist/latin-case/latin-case-en-pack.pdf");
    assert!(good.exists(), "the good case beside it was not built:\n{stderr}");
    (status.code(), stderr, dir)
}

/// Rewrites a file of the hostile case.
fn edit_file(path: &std::path::Path, edit: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, edit(text)).unwrap();
}

fn mkfifo(path: &std::path::Path) {
    use std::os::unix::ffi::OsStrExt;
    let _ = std::fs::remove_file(path);
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

#[test]
fn yaml_nested_100_000_deep_is_an_error_at_once() {
    // 200 KB of `[` (the issue measured 59 s in the YAML parser for this depth): now
    // refused by a scan before any parser runs.
    let deep = |case: &std::path::Path| {
        let deep = "[".repeat(100_000);
        edit_file(&case.join("case.yaml"), |t| t.replace("focus: [0.5, 0.3]", &format!("focus: {deep}")));
    };
    let started = std::time::Instant::now();
    let (code, stderr, _dir) = build_hostile(deep, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: packs/hostile/case.yaml:6:72: the YAML nests deeper than 64 levels here"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
}

#[test]
fn a_language_file_over_the_limit_is_an_error_naming_it() {
    // 2 MB: a valid file padded with blank lines, which the limit refuses unread.
    let big = |case: &std::path::Path| {
        edit_file(&case.join("en.md"), |t| t + &"\n".repeat(2 * 1024 * 1024));
    };
    let (code, stderr, dir) = build_hostile(big, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error: packs/hostile/en.md: the file is 2098"), "{stderr}");
    assert!(stderr.contains("over the 1048576 bytes appealpress reads"), "{stderr}");
    assert!(stderr.contains("APPEALPRESS_MAX_TEXT_BYTES"), "{stderr}");
    assert!(!dir.path().join("dist/hostile/hostile-en-pack.pdf").exists());
    // The bound is the user's to raise.
    let (code, stderr, dir) = build_hostile(big, &[("APPEALPRESS_MAX_TEXT_BYTES", "4000000")]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.path().join("dist/hostile/hostile-en-pack.pdf").exists());
}

#[test]
fn a_fifo_as_language_file_or_photo_is_an_error_not_a_hang() {
    let (code, stderr, _dir) = build_hostile(|case| mkfifo(&case.join("en.md")), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: packs/hostile/en.md: is a FIFO (named pipe), not a regular file"),
        "{stderr}"
    );
    let (code, stderr, _dir) = build_hostile(|case| mkfifo(&case.join("photo.jpg")), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: packs/hostile/case.yaml:4: photo packs/hostile/photo.jpg is a FIFO (named pipe)"
        ),
        "{stderr}"
    );
    let (code, stderr, _dir) = build_hostile(|case| mkfifo(&case.join("case.yaml")), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error: packs/hostile/case.yaml: is a FIFO (named pipe)"), "{stderr}");
}

#[test]
fn a_case_yaml_that_is_a_folder_fails_the_case_instead_of_hiding_it() {
    let folder = |case: &std::path::Path| {
        std::fs::remove_file(case.join("case.yaml")).unwrap();
        std::fs::create_dir(case.join("case.yaml")).unwrap();
    };
    let (code, stderr, _dir) = build_hostile(folder, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error: packs/hostile/case.yaml: is a folder, not a regular file"), "{stderr}");
}

#[test]
fn two_files_for_one_language_fail_it_naming_both_every_run() {
    let twice = |case: &std::path::Path| {
        std::fs::copy(case.join("en.md"), case.join("EN.md")).unwrap();
    };
    let mut seen = Vec::new();
    for _ in 0..2 {
        let (code, stderr, dir) = build_hostile(twice, &[]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("error: packs/hostile/EN.md: `EN.md` and `en.md` are both for the language `en`; none is built"),
            "{stderr}"
        );
        assert!(!dir.path().join("dist/hostile/hostile-en-pack.pdf").exists());
        seen.push(stderr.lines().filter(|l| l.starts_with("error")).map(str::to_string).collect::<Vec<_>>());
    }
    assert_eq!(seen[0], seen[1]);
}

#[test]
fn control_characters_in_a_name_are_errors_at_their_line_and_column() {
    for (c, name) in [('\0', "NUL"), ('\u{7}', "BEL"), ('\u{1b}', "ESC")] {
        let control = |case: &std::path::Path| {
            edit_file(&case.join("case.yaml"), |t| {
                t.replace("person: Test Person", &format!("person: Test{c}Person"))
            });
        };
        let (code, stderr, dir) = build_hostile(control, &[]);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        let shown = format!(
            "error: packs/hostile/case.yaml:2:13: the file holds the control character U+{:04X} ({name})",
            c as u32
        );
        assert!(stderr.contains(&shown), "{name}: {stderr}");
        assert!(!dir.path().join("dist/hostile/hostile-en-pack.pdf").exists());
        let index = std::fs::read_to_string(dir.path().join("dist/index.html")).unwrap();
        assert!(!index.contains(c), "{name} reached index.html");
    }
    // Written as a YAML escape, or in a language file's `person:`, as well.
    let escaped = |case: &std::path::Path| {
        edit_file(&case.join("en.md"), |t| t.replacen("---\n", "---\nperson: \"Test\\ePerson\"\n", 1));
    };
    let (code, stderr, _dir) = build_hostile(escaped, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: packs/hostile/en.md:2: `person` holds the control character U+001B (ESC)"),
        "{stderr}"
    );
}

#[test]
fn a_direction_override_in_a_name_is_an_error_unless_the_language_allows_it() {
    let reversed = |case: &std::path::Path| {
        edit_file(&case.join("case.yaml"), |t| {
            t.replace("person: Test Person", "person: Ali \u{202e}ssarraA")
        });
    };
    let (code, stderr, _dir) = build_hostile(reversed, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: packs/hostile/case.yaml:2:13: the person's name holds the invisible character U+202E (right-to-left override)"),
        "{stderr}"
    );
    // Never printed raw, even in the message about it.
    assert!(!stderr.contains('\u{202e}'), "{stderr}");
    for (front, allowed) in [
        ("person: Ali \u{202e}ssarraA\n", false),
        ("title: Free \u{2067}Ali\u{2069}\n", false),
        ("person: Ali \u{202e}ssarraA\nallow_bidi_controls: true\n", true),
    ] {
        let in_language = |case: &std::path::Path| {
            edit_file(&case.join("en.md"), |t| {
                let t = if front.starts_with("title") {
                    t.replace("title: Justice for Test Person\n", "")
                } else {
                    t
                };
                t.replacen("---\n", &format!("---\n{front}"), 1)
            });
        };
        let (code, stderr, dir) = build_hostile(in_language, &[]);
        assert_eq!(code, Some(if allowed { 0 } else { 1 }), "{front}: {stderr}");
        assert_eq!(dir.path().join("dist/hostile/hostile-en-pack.pdf").exists(), allowed, "{front}");
        if !allowed {
            assert!(stderr.contains("error: packs/hostile/en.md:2:"), "{front}: {stderr}");
            assert!(stderr.contains("set `allow_bidi_controls: true`"), "{front}: {stderr}");
        }
    }
    // ZWNJ is part of Persian names: علی‌رضا builds.
    let persian = |case: &std::path::Path| {
        edit_file(&case.join("en.md"), |t| t.replacen("---\n", "---\nperson: \"Ali (علی\u{200c}رضا)\"\n", 1));
    };
    let (code, stderr, dir) = build_hostile(persian, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.path().join("dist/hostile/hostile-en-pack.pdf").exists());
}

#[test]
fn a_file_name_with_escape_characters_is_printed_escaped() {
    let named = |case: &std::path::Path| {
        std::fs::write(case.join("e\u{1b}[2Jn\nerror: forged.md"), "x").unwrap();
    };
    let (code, stderr, _dir) = build_hostile(named, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(!stderr.lines().any(|l| l.starts_with("error: forged")), "{stderr}");
    assert!(stderr.contains("e\\u{1b}[2Jn\\u{a}error: forged.md"), "{stderr}");
}

/// A photo cut short (a half-copied file), as a baseline JPEG, a progressive JPEG and
/// a PNG: `check` and `build` of every product and profile report one error for the
/// case, naming the photo and how much of it is there, build nothing of it (no grey
/// band, no blocky photo), and build the good case beside it.
#[test]
fn a_photo_cut_short_is_one_error_for_its_case_in_check_and_build() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    copy_dir(&fixture_packs().join("latin-case"), &packs.join("latin-case"));
    let image = image::RgbImage::from_fn(1400, 940, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)).wrapping_mul(2_246_822_519);
        image::Rgb([(n >> 24) as u8, (n >> 16) as u8, (n >> 8) as u8])
    });
    let encode = |format| {
        let mut out = Vec::new();
        image.write_to(&mut std::io::Cursor::new(&mut out), format).unwrap();
        out
    };
    let mut progressive = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut progressive, 90);
    encoder.set_progressive(true);
    encoder.encode(image.as_raw(), 1400, 940, jpeg_encoder::ColorType::Rgb).unwrap();
    let cases = [
        ("cut-baseline", "photo.jpg", encode(image::ImageFormat::Jpeg)),
        ("cut-progressive", "photo.jpg", progressive),
        ("cut-png", "photo.png", encode(image::ImageFormat::Png)),
    ];
    for (case, file, bytes) in &cases {
        let folder = packs.join(case);
        copy_dir(&fixture_packs().join("latin-case"), &folder);
        std::fs::remove_file(folder.join("photo.jpg")).unwrap();
        std::fs::write(folder.join(file), &bytes[..bytes.len() / 2]).unwrap();
        edit_file(&folder.join("case.yaml"), |t| t.replace("file: photo.jpg", &format!("file: {file}")));
    }
    for args in [&["check", "packs"][..], &["build", "packs", "--out", "dist"][..]] {
        let out = appealpress(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        for (case, file, _) in &cases {
            let errors: Vec<&str> = stderr
                .lines()
                .filter(|l| l.starts_with("error:") && l.contains(&format!("{case}/")))
                .collect();
            let expected =
                format!("error: packs/{case}/case.yaml:4: photo packs/{case}/{file} is cut short:");
            assert_eq!(errors.len(), 1, "{args:?} {case}: {errors:#?}");
            assert!(errors[0].starts_with(&expected), "{args:?}: {}", errors[0]);
            // How much is there: a share of the image, or the scan a progressive file
            // stops in.
            assert!(
                errors[0].contains(" % of its image data") || errors[0].contains("in scan"),
                "{}",
                errors[0]
            );
            assert!(!dir.path().join("dist").join(case).exists(), "{case}: something of it was built");
        }
        assert!(stderr.contains("(3 cases with errors)"), "{stderr}");
        assert!(!stderr.contains("failed to fill"), "{stderr}");
    }
    for product in ["pack", "pack-press", "postcard", "postcard-press"] {
        assert!(
            dir.path().join(format!("dist/latin-case/latin-case-en-{product}.pdf")).exists(),
            "{product}"
        );
    }
}
