//! The download page (`index.html`) in a real headless Chromium: it loads, every link
//! and image points at something on this machine, nothing is requested from the
//! network, images have alt text and right-to-left languages are marked. Two controls
//! first prove that the harness sees a request when a page does make one, and that
//! the page's Content-Security-Policy is what stops it. Skipped when Chromium is not
//! installed, unless `APPEALPRESS_REQUIRE_TOOLS` is set (as in CI).
//!
//! Set `APPEALPRESS_KEEP_PAGE=1` to keep the rendered site and print where it is.

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use appealpress::build::index_page::{
    render_index_html, PageCase, PageFile, PageLanguage, Thumbnail, CONTENT_SECURITY_POLICY,
};
use appealpress::compose::Product;
use appealpress::layout::Profile;
use common::chromium::{load_page, PageLoad};

const TITLE: &str = "Appeal packs — Write for Rights";

/// A small PNG that looks like a pack's first page: a photo block and lines of text.
fn thumbnail_png() -> Vec<u8> {
    let (w, h) = (120u32, 170u32);
    let image = image::RgbImage::from_fn(w, h, |x, y| {
        let photo = (8..112).contains(&x) && (8..86).contains(&y);
        let title = (8..90).contains(&x) && (96..104).contains(&y);
        let line = (8..112).contains(&x) && (112..162).contains(&y) && (y - 112) % 8 < 3;
        if photo {
            image::Rgb([70 + (x / 4) as u8, 74 + (y / 4) as u8, 82])
        } else if title {
            image::Rgb([28, 28, 28])
        } else if line {
            image::Rgb([170, 170, 170])
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    let mut png = Vec::new();
    image.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}

/// Four files per language, named as the build names them.
fn language(case: &str, tag: &str) -> PageLanguage {
    let file = |product: Product, profile: Profile, bytes: u64, pages: usize| {
        let suffix = if profile == Profile::Press { "-press" } else { "" };
        PageFile {
            product,
            profile,
            href: format!("{case}/{case}-{tag}-{}{suffix}.pdf", product.name()),
            bytes,
            pages,
        }
    };
    PageLanguage {
        tag: tag.to_string(),
        action_url: None,
        files: vec![
            file(Product::Pack, Profile::Home, 421_888, 6),
            file(Product::Pack, Profile::Press, 14_100_000, 6),
            file(Product::Postcard, Profile::Home, 1_310_000, 2),
            file(Product::Postcard, Profile::Press, 2_250_000, 2),
        ],
    }
}

/// Two cases: one in English, French and Arabic with a thumbnail; one whose name has
/// characters HTML must escape and whose folder name needs percent-encoding.
fn cases() -> Vec<PageCase> {
    vec![
        PageCase {
            id: "ali-aarrass".to_string(),
            person: "Ali Aarrass".to_string(),
            deadline: Some("2027-03-31".to_string()),
            thumbnail: Some(Thumbnail {
                png: thumbnail_png(),
                width: 120,
                height: 170,
                product: Product::Pack,
                lang: "en".to_string(),
            }),
            languages: ["en", "fr", "ar"].iter().map(|tag| language("ali-aarrass", tag)).collect(),
            missing: 0,
        },
        PageCase {
            id: "zeynep-çelik".to_string(),
            person: "Zeynep Çelik <\"Zey\"> & O'Brien".to_string(),
            deadline: None,
            thumbnail: None,
            languages: ["tr", "en"].iter().map(|tag| language("zeynep-çelik", tag)).collect(),
            missing: 1,
        },
    ]
}

/// Writes the page and a placeholder file at every link, as a build would.
fn write_site(dir: &Path, cases: &[PageCase]) -> PathBuf {
    for case in cases {
        for language in &case.languages {
            for file in &language.files {
                let path = dir.join(&file.href);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, b"%PDF-1.7\n%placeholder\n").unwrap();
            }
        }
    }
    let page = dir.join("index.html");
    std::fs::write(&page, render_index_html(TITLE, cases)).unwrap();
    page
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("a percent escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

fn no_network(load: &PageLoad) {
    assert!(
        load.page_requests().is_empty() && load.page_lookups().is_empty(),
        "the page reached for the network:\nrequests: {:#?}\nlookups: {:#?}",
        load.page_requests(),
        load.page_lookups(),
    );
}

/// Checks that every URL on the loaded page is inline PNG data, an anchor on the page,
/// or a relative path to a file inside `root`; returns how many file links there are.
fn relative_links(load: &PageLoad, root: &Path) -> usize {
    let elements = load.elements();
    let ids: Vec<&str> = elements.iter().filter_map(|e| e.attr("id")).collect();
    let mut links = 0;
    for element in &elements {
        for (name, value) in &element.attrs {
            if !URL_ATTRIBUTES.contains(&name.as_str()) {
                continue;
            }
            if let Some(data) = value.strip_prefix("data:") {
                assert!(element.name == "img" && data.starts_with("image/png;base64,"), "{element:?}");
            } else if let Some(anchor) = value.strip_prefix('#') {
                assert!(ids.contains(&anchor), "#{anchor} names no element");
            } else {
                assert_eq!(name, "href", "{element:?}");
                assert!(!value.contains(':') && !value.starts_with('/'), "not a relative path: {value}");
                let target = root.join(percent_decode(value));
                assert!(target.is_file(), "{value} → {} does not exist", target.display());
                assert!(target.canonicalize().unwrap().starts_with(root), "{value} leads out of the site");
                links += 1;
            }
        }
    }
    links
}

/// The page `appealpress build` writes, for the fixture cases and the sample: it
/// loads offline, links every output in the manifest and nothing else, and shows
/// each case's first page.
#[test]
fn the_built_download_page_links_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let packs = root.join("packs");
    common::copy_dir(&common::fixture_packs(), &packs);
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/ali-aarrass"),
        &packs.join("ali-aarrass"),
    );
    let out = common::appealpress(&root, &["build", "packs", "--out", "dist"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dist = root.join("dist");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dist.join("manifest.json")).unwrap()).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap().len();
    assert_eq!(outputs, (2 + 1 + 5) * 4);
    let Some(load) = load_page(&dist.join("index.html")) else { return };
    no_network(&load);
    assert!(load.console.is_empty(), "console messages: {:#?}", load.console);
    assert_eq!(relative_links(&load, &dist), outputs, "one link per output");
    assert_eq!(load.texts("h2").len(), 3, "one heading per case");
    let elements = load.elements();
    let images: Vec<_> = elements.iter().filter(|e| e.name == "img").collect();
    assert_eq!(images.len(), 3, "a thumbnail per case");
    for img in images {
        assert!(
            img.attr("alt").is_some_and(|alt| alt.starts_with("First page of the appeal pack")),
            "{img:?}"
        );
    }
}

/// Attributes that hold a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "poster",
    "action",
    "formaction",
    "data",
    "background",
    "ping",
    "cite",
    "manifest",
];

#[test]
fn download_page_works_offline_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let _cleanup = if std::env::var_os("APPEALPRESS_KEEP_PAGE").is_some() {
        eprintln!("keeping the site at {}", dir.keep().display());
        None
    } else {
        Some(dir)
    };
    let page = write_site(&root, &cases());
    let Some(load) = load_page(&page) else { return };
    eprintln!("chromium loaded the page in {:?}", load.elapsed);
    let background: Vec<&str> = load.background().iter().map(|r| r.url.as_str()).collect();
    eprintln!("chromium's own requests, not the page's: {background:#?}");

    // It loaded: the title and each person's name, decoded, in id order.
    assert_eq!(load.texts("h1"), [TITLE]);
    assert_eq!(load.texts("h2"), ["Ali Aarrass", "Zeynep Çelik <\"Zey\"> & O'Brien"]);
    let elements = load.elements();
    let html = elements.iter().find(|e| e.name == "html").unwrap();
    assert_eq!(html.attr("lang"), Some("en"));

    // Every URL is inline data, an anchor on the page, or a file next to the page.
    let links = relative_links(&load, &root);
    assert_eq!(links, 4 * 5, "one link per file");

    // Nothing requested from the network, nothing blocked by the page's own policy.
    no_network(&load);
    assert!(load.console.is_empty(), "console messages: {:#?}", load.console);

    // Link texts say what the file is, with the details read as part of the link.
    let links = load.texts("a");
    assert!(links.contains(&"Appeal pack — print at home · PDF, 6 pages, 412 KB".to_string()), "{links:#?}");
    assert!(links.contains(&"Postcard — print shop (A6 with bleed) · PDF, 2 pages, 2.1 MB".to_string()));

    // Every image has alt text.
    let images: Vec<_> = elements.iter().filter(|e| e.name == "img").collect();
    assert_eq!(images.len(), 1);
    for img in images {
        assert!(img.attr("alt").is_some_and(|alt| !alt.trim().is_empty()), "{img:?}");
    }
    assert_eq!(
        elements.iter().find(|e| e.name == "img").unwrap().attr("alt"),
        Some("First page of the appeal pack for Ali Aarrass, English")
    );

    // The Arabic entry is marked as Arabic and right to left; its links say so too.
    let arabic: Vec<_> = elements.iter().filter(|e| e.attr("lang") == Some("ar")).collect();
    assert_eq!(arabic.len(), 1);
    assert_eq!(arabic[0].attr("dir"), Some("rtl"));
    assert!(load.dom.contains("<span lang=\"ar\" dir=\"rtl\">العربية</span>"));
    let rtl = elements.iter().filter(|e| e.attr("dir") == Some("rtl")).count();
    assert_eq!(rtl, 1, "only Arabic is right to left here");
    for tag in ["en", "fr", "ar", "tr"] {
        assert!(elements.iter().any(|e| e.name == "span" && e.attr("lang") == Some(tag)), "{tag}");
    }
    let arabic_links = elements.iter().filter(|e| e.name == "a" && e.attr("hreflang") == Some("ar")).count();
    assert_eq!(arabic_links, 4);
}

/// Control: a page without the policy that loads an image from the network. If the
/// harness did not see this, the test above could pass with the page leaking.
#[test]
fn harness_sees_requests_a_page_makes() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("leak.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>leak</title>\
         </head>\
         <body><h1>leak</h1><img src=\"http://example.invalid/x.png\" alt=\"x\"></body></html>",
    )
    .unwrap();
    let Some(load) = load_page(&page) else { return };
    let urls: Vec<&str> = load.page_requests().iter().map(|r| r.url.as_str()).collect();
    assert_eq!(urls, ["http://example.invalid/x.png"], "all requests: {:#?}", load.requests);
    // So is the look-up of its host (logged as `~notfound` under the resolver rules).
    assert!(!load.page_lookups().is_empty(), "lookups: {:#?}", load.lookups);
    // Whatever Chromium fetched for itself was not mistaken for the page's.
    assert!(load.background().iter().all(|r| !r.url.contains("example.invalid")));
}

/// Control: the same request from a page carrying the download page's policy is
/// blocked before it is made, and the browser says so.
#[test]
fn content_security_policy_stops_requests() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("blocked.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\"><title>t</title>\
             </head><body><h1>t</h1><img src=\"http://example.invalid/x.png\" alt=\"x\"></body></html>"
        ),
    )
    .unwrap();
    let Some(load) = load_page(&page) else { return };
    no_network(&load);
    assert!(
        load.console.iter().any(|m| m.contains("Content Security Policy") && m.contains("example.invalid")),
        "console: {:#?}",
        load.console
    );
}
