//! Bad input, one fixture each (tests/fixtures/bad/<name>/): every one is reported
//! with its file (and line where there is one), exits 1 (or 0 for warnings), writes
//! no output for the broken job, and leaves a good case beside it built.

mod common;

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
    Expect { fixture: "photo-missing", args: &[], code: 1, message: "photo-missing/case.yaml:4: cannot read photo", built: false },
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
    let ours = |n: &String| (n.ends_with(".pdf") || n.ends_with(".png")) && !n.starts_with('.');
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
