//! The download site (`index.html`, a page per case and per language) in a real
//! headless Chromium: each page loads from the file system, every link and image
//! points at a file of the site, nothing is requested from the network or refused by
//! the pages' policy (images come from the site itself), images have alt text and
//! right-to-left languages are marked. Two controls prove that the harness sees a
//! request when a page does make one, and that the pages' Content-Security-Policy is
//! what stops it. Skipped when Chromium is not
//! installed, unless `APPEALPRESS_REQUIRE_TOOLS` is set (as in CI).
//!
//! Set `APPEALPRESS_KEEP_PAGE=1` to keep the rendered site and print where it is.

use crate::common;

use std::io::Cursor;
use std::path::Path;

use appealpress::compose::Product;
use appealpress::jobs::index_page::{
    render_site, PageCase, PageFile, PageLanguage, PaperSize, Thumbnail, CONTENT_SECURITY_POLICY,
};
use appealpress::jobs::publish::page_words;
use appealpress::layout::Profile;
use common::chromium::{load_page, PageLoad};

/// A small JPEG that looks like a pack's first page: a photo block and lines of text.
fn thumbnail_jpeg() -> Vec<u8> {
    let (w, h) = (176u32, 249u32);
    let image = image::RgbImage::from_fn(w, h, |x, y| {
        let photo = (12..164).contains(&x) && (12..126).contains(&y);
        let title = (12..130).contains(&x) && (140..152).contains(&y);
        let line = (12..164).contains(&x) && (164..236).contains(&y) && (y - 164) % 10 < 4;
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
    let mut jpeg = Vec::new();
    image.write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
    jpeg
}

/// Four files per language, named as the build names them.
fn language(case: &str, tag: &str) -> PageLanguage {
    let file = |product: Product, profile: Profile, bytes: u64, pages: usize| {
        let suffix = if profile == Profile::Press { "-press" } else { "" };
        let paper = if product == Product::Postcard && profile == Profile::Press {
            PaperSize::A6
        } else {
            PaperSize::A4
        };
        PageFile {
            product,
            profile,
            href: format!("{case}/{case}-{tag}-{}{suffix}.pdf", product.name()),
            bytes,
            pages,
            paper: Some(paper),
            stale: false,
            job_sheet: None,
        }
    };
    PageLanguage {
        tag: tag.to_string(),
        person: None,
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
            folder: Some("ali-aarrass".to_string()),
            person: "Ali Aarrass".to_string(),
            deadline: Some("2027-03-31".to_string()),
            thumbnail: Some(Thumbnail {
                href: "ali-aarrass/ali-aarrass-en-pack.jpg".to_string(),
                width: 176,
                height: 249,
                product: Product::Pack,
                lang: "en".to_string(),
            }),
            languages: ["en", "fr", "ar"].iter().map(|tag| language("ali-aarrass", tag)).collect(),
            missing: 0,
        },
        PageCase {
            id: "zeynep-çelik".to_string(),
            folder: Some("zeynep-çelik".to_string()),
            person: "Zeynep Çelik <\"Zey\"> & O'Brien".to_string(),
            deadline: None,
            thumbnail: None,
            languages: ["tr", "en"].iter().map(|tag| language("zeynep-çelik", tag)).collect(),
            missing: 1,
        },
    ]
}

/// Writes the site's pages, the thumbnail and a placeholder file at every link, as a
/// build would.
fn write_site(dir: &Path, cases: &[PageCase]) {
    for case in cases {
        for language in &case.languages {
            for file in &language.files {
                let path = dir.join(&file.href);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, b"%PDF-1.7\n%placeholder\n").unwrap();
            }
        }
        if let Some(thumb) = &case.thumbnail {
            std::fs::write(dir.join(&thumb.href), thumbnail_jpeg()).unwrap();
        }
    }
    for page in render_site(cases, &page_words) {
        std::fs::write(dir.join(&page.path), page.html).unwrap();
    }
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

/// [`no_network`], and nothing refused by the page's policy (an image from elsewhere
/// than the site would be, and said so in the console).
fn loads_cleanly(load: &PageLoad) {
    no_network(load);
    assert!(load.console.is_empty(), "console messages: {:#?}", load.console);
}

/// What the URLs of a loaded page lead to.
#[derive(Debug, Default)]
struct Links {
    /// Links to PDFs.
    pdfs: usize,
    /// Links to other pages of the site.
    pages: Vec<String>,
    /// Images.
    images: usize,
}

/// Checks that every URL on the loaded page `page` is an anchor on the page, or a
/// relative path to a file inside `root` (the online action aside); says what they
/// lead to.
fn relative_links(load: &PageLoad, page: &Path, root: &Path) -> Links {
    let elements = load.elements();
    let ids: Vec<&str> = elements.iter().filter_map(|e| e.attr("id")).collect();
    let folder = page.parent().unwrap();
    let mut links = Links::default();
    for element in &elements {
        for (name, value) in &element.attrs {
            if !URL_ATTRIBUTES.contains(&name.as_str()) {
                continue;
            }
            if let Some(anchor) = value.strip_prefix('#') {
                assert!(ids.contains(&anchor), "#{anchor} names no element");
                continue;
            }
            assert!(!value.contains(':') && !value.starts_with('/'), "not a relative path: {value}");
            assert!(matches!(name.as_str(), "href" | "src"), "{element:?}");
            let target = folder.join(percent_decode(value));
            assert!(target.is_file(), "{value} → {} does not exist", target.display());
            let target = target.canonicalize().unwrap();
            assert!(target.starts_with(root), "{value} leads out of the site");
            if element.name == "img" {
                links.images += 1;
            } else if value.ends_with(".pdf") {
                links.pdfs += 1;
            } else if value.ends_with("-press.txt") {
                // A press file's job sheet, beside it.
            } else {
                assert!(value.ends_with(".html"), "{element:?}");
                links.pages.push(target.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    links
}

/// The site `appealpress build` writes, for the fixture cases and the sample: its
/// pages load offline, the first page reaches every case page and language page,
/// which link every output in the manifest and nothing else; each thumbnail is a
/// JPEG file of at most 10 KB, and each output names its paper.
#[test]
fn the_built_download_site_links_every_output() {
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
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), (2 + 1 + 5) * 4);

    // Each output names its paper: a press postcard is an A6 card, the rest the
    // language's home paper (A4 in every case.yaml here; latin-case's en.md asks
    // for Letter).
    for output in outputs {
        let expected = if output["product"] == "postcard" && output["profile"] == "press" {
            "A6"
        } else if output["case"] == "latin-case" && output["language"] == "en" {
            "Letter"
        } else {
            "A4"
        };
        assert_eq!(output["paper"], expected, "{output}");
    }
    let latin = std::fs::read_to_string(dist.join("latin-case/index.html")).unwrap();
    assert_eq!(latin.matches("Print on Letter paper at actual size").count(), 2, "the pack and the sheet");
    assert_eq!(latin.matches("trimmed to Letter at the crop marks").count(), 1);
    // One thumbnail per case, a JPEG file of at most 10 KB.
    let thumbnails: Vec<&str> = outputs.iter().filter_map(|o| o["thumbnail"].as_str()).collect();
    assert_eq!(thumbnails.len(), 3);
    for thumbnail in &thumbnails {
        let bytes = std::fs::read(dist.join(thumbnail)).unwrap();
        eprintln!("{thumbnail}: {} bytes", bytes.len());
        assert!(thumbnail.ends_with(".jpg") && bytes.starts_with(&[0xFF, 0xD8]), "{thumbnail}");
        assert!(bytes.len() <= 10 * 1024, "{thumbnail}: {} bytes", bytes.len());
    }
    let first = dist.join("index.html");
    let html = std::fs::read_to_string(&first).unwrap();
    assert!(!html.contains("data:") && !html.contains(".pdf"), "the first page lists cases, not files");

    let Some(load) = load_page(&first) else { return };
    loads_cleanly(&load);
    let links = relative_links(&load, &first, &dist);
    assert_eq!(links.images, 3, "a thumbnail per case");
    assert_eq!(links.pdfs, 0);
    assert_eq!(load.texts("h2").len(), 1 + 3, "the languages, then one heading per case");
    let elements = load.elements();
    for img in elements.iter().filter(|e| e.name == "img") {
        assert!(
            img.attr("alt").is_some_and(|alt| alt.starts_with("First page of the appeal pack")),
            "{img:?}"
        );
    }
    // Every case page and language page is reached from the first page; together
    // the case pages link every output once.
    let mut pages = links.pages.clone();
    pages.sort();
    assert_eq!(
        pages,
        [
            "ali-aarrass/index.html",
            "arabic-case/index.html",
            "index.ar.html",
            "index.en.html",
            "index.es.html",
            "index.fr.html",
            "index.nl.html",
            "latin-case/index.html",
        ]
    );
    let mut pdfs = 0;
    for page in pages.iter().filter(|p| p.ends_with("/index.html")) {
        let path = dist.join(page);
        let load = load_page(&path).unwrap();
        loads_cleanly(&load);
        let links = relative_links(&load, &path, &dist);
        assert_eq!(links.images, 1, "{page}");
        assert_eq!(links.pages, ["index.html"], "{page} links back to the first page");
        pdfs += links.pdfs;
    }
    assert_eq!(pdfs, outputs.len(), "one link per output");
    // The Arabic page: right to left, its words Arabic, the Arabic files of both
    // cases that have Arabic.
    let arabic = dist.join("index.ar.html");
    let load = load_page(&arabic).unwrap();
    loads_cleanly(&load);
    let html = load.elements().into_iter().find(|e| e.name == "html").unwrap();
    assert_eq!((html.attr("lang"), html.attr("dir")), (Some("ar"), Some("rtl")));
    let links = relative_links(&load, &arabic, &dist);
    let in_arabic = outputs.iter().filter(|o| o["language"] == "ar").count();
    assert_eq!(links.pdfs, in_arabic);
    assert!(load.texts("a").iter().any(|t| t.starts_with("حزمة المناشدة — للطباعة في المنزل")));
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
fn download_site_works_offline_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let _cleanup = if std::env::var_os("APPEALPRESS_KEEP_PAGE").is_some() {
        eprintln!("keeping the site at {}", dir.keep().display());
        None
    } else {
        Some(dir)
    };
    write_site(&root, &cases());
    let first = root.join("index.html");
    let Some(load) = load_page(&first) else { return };
    eprintln!("chromium loaded the page in {:?}", load.elapsed);
    let background: Vec<&str> = load.background().iter().map(|r| r.url.as_str()).collect();
    eprintln!("chromium's own requests, not the page's: {background:#?}");

    // It loaded: the title and each person's name, decoded, in id order.
    assert_eq!(load.texts("h1"), ["Appeal packs and postcards"]);
    assert_eq!(load.texts("h2"), ["Languages", "Ali Aarrass", "Zeynep Çelik <\"Zey\"> & O'Brien"]);
    let elements = load.elements();
    let html = elements.iter().find(|e| e.name == "html").unwrap();
    assert_eq!(html.attr("lang"), Some("en"));
    loads_cleanly(&load);
    let links = relative_links(&load, &first, &root);
    assert_eq!(links.images, 1);
    assert_eq!(
        links.pages,
        [
            "index.ar.html",
            "index.en.html",
            "index.fr.html",
            "index.tr.html",
            "ali-aarrass/index.html",
            "zeynep-çelik/index.html"
        ]
    );
    assert_eq!(
        elements.iter().find(|e| e.name == "img").unwrap().attr("alt"),
        Some("First page of the appeal pack for Ali Aarrass, English")
    );
    // The languages are named in their own script, Arabic right to left.
    let arabic: Vec<_> = elements.iter().filter(|e| e.attr("lang") == Some("ar")).collect();
    assert_eq!(arabic.len(), 2, "in the list of languages and on the case's card");
    assert!(arabic.iter().all(|e| e.attr("dir") == Some("rtl")));

    // A case page: every file of the case, the paper beside pages and size.
    let page = root.join("zeynep-çelik/index.html");
    let load = load_page(&page).unwrap();
    loads_cleanly(&load);
    let links = relative_links(&load, &page, &root);
    assert_eq!((links.pdfs, links.images), (2 * 4, 0));
    assert_eq!(load.texts("h1"), ["Zeynep Çelik <\"Zey\"> & O'Brien"]);
    let texts = load.texts("a");
    assert!(
        texts.contains(&"Appeal pack — print at home · PDF · A4 · 6 pages · 412 KB".to_string()),
        "{texts:#?}"
    );
    assert!(texts.contains(&"Postcard — print shop · PDF · A6 · 2 pages · 2.1 MB".to_string()));
    assert!(load.texts("p").iter().any(|t| t == "Files that could not be built in this run: 1"));
    let turkish_links =
        load.elements().iter().filter(|e| e.name == "a" && e.attr("hreflang") == Some("tr")).count();
    assert_eq!(turkish_links, 4);

    // A language page, in the language and its direction.
    let page = root.join("index.ar.html");
    let load = load_page(&page).unwrap();
    loads_cleanly(&load);
    let elements = load.elements();
    let html = elements.iter().find(|e| e.name == "html").unwrap();
    assert_eq!((html.attr("lang"), html.attr("dir")), (Some("ar"), Some("rtl")));
    assert_eq!(load.texts("h1"), ["حزم المناشدات والبطاقات البريدية"]);
    let links = relative_links(&load, &page, &root);
    assert_eq!((links.pdfs, links.images), (4, 1));
    assert_eq!(links.pages, ["index.html", "ali-aarrass/index.html"]);
    for img in elements.iter().filter(|e| e.name == "img") {
        assert_eq!(img.attr("alt"), Some(""), "beside the name it shows, the picture is decoration");
    }
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

/// Control: under the pages' policy, Chromium shows an image of the site from a page
/// opened from the file system (`img-src 'self'` covers `file:` URLs of a `file:`
/// page there), and refuses any other: an inline `data:` image is refused, and says
/// so. So a page with no console message had its thumbnails allowed.
#[test]
fn the_policy_allows_the_sites_images_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("case")).unwrap();
    std::fs::write(dir.path().join("case/thumb.jpg"), thumbnail_jpeg()).unwrap();
    let page = dir.path().join("case/index.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\"><title>t</title>\
             </head><body><h1>t</h1><img src=\"thumb.jpg\" alt=\"a\"><img src=\"../case/thumb.jpg\" alt=\"b\">\
             <img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"c\"></body></html>"
        ),
    )
    .unwrap();
    let Some(load) = load_page(&page) else { return };
    no_network(&load);
    assert_eq!(load.console.len(), 1, "console: {:#?}", load.console);
    assert!(load.console[0].contains("data:image/png") && load.console[0].contains("img-src 'self'"));
}
