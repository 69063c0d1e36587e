//! No photo metadata in any output: a case photo carrying an EXIF GPS position, a
//! camera serial number and an artist, XMP and IPTC cities and a JPEG comment is built
//! into home and press packs and postcards; no image of any PDF, no thumbnail, no
//! page and no cached photo holds any of it, and the home files still embed the
//! photo's coded image data as it was (passed through, not encoded anew).

use crate::common;

use std::path::Path;

use common::*;
use lopdf::{Document, Object};

/// A JPEG segment: marker, length, body.
fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    [&[0xFF, marker][..], &((body.len() + 2) as u16).to_be_bytes(), body].concat()
}

/// The GPS latitude's three rationals (50/1, 51/1, 4321/100), as EXIF stores them.
fn latitude() -> Vec<u8> {
    [50u32, 1, 51, 1, 4321, 100].iter().flat_map(|n| n.to_be_bytes()).collect()
}

/// An EXIF block as a camera writes one, big-endian: IFD0 with Artist, a GPS IFD
/// pointer and BodySerialNumber, then the GPS IFD with the latitude and its reference.
fn exif() -> Vec<u8> {
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        [&tag.to_be_bytes()[..], &kind.to_be_bytes(), &count.to_be_bytes(), &value.to_be_bytes()].concat()
    };
    let (ascii, long, rational) = (2, 4, 5);
    let artist = b"ARTIST-SECRET-Q7\0";
    let serial = b"SERIAL-SECRET-Q7\0";
    // TIFF header (8), IFD0 (2 + 3 x 12 + 4 = 42), then its strings, then the GPS IFD.
    let artist_at = 8 + 42;
    let serial_at = artist_at + artist.len() as u32;
    let gps_at = serial_at + serial.len() as u32;
    let latitude_at = gps_at + 2 + 2 * 12 + 4;
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend(3u16.to_be_bytes());
    tiff.extend(entry(0x013B, ascii, artist.len() as u32, artist_at));
    tiff.extend(entry(0x8825, long, 1, gps_at));
    tiff.extend(entry(0xA431, ascii, serial.len() as u32, serial_at));
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(artist);
    tiff.extend(serial);
    tiff.extend(2u16.to_be_bytes());
    tiff.extend(entry(0x0001, ascii, 2, u32::from_be_bytes(*b"N\0\0\0")));
    tiff.extend(entry(0x0002, rational, 3, latitude_at));
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(latitude());
    [b"Exif\0\0".as_slice(), &tiff].concat()
}

/// An XMP packet with the city and position.
fn xmp() -> Vec<u8> {
    let packet = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" photoshop:City="XMP-CITY-SECRET-Q7" exif:GPSLatitude="50,51.7201N"/></rdf:RDF></x:xmpmeta>"#;
    [b"http://ns.adobe.com/xap/1.0/\0".as_slice(), packet.as_bytes()].concat()
}

/// A Photoshop APP13 block holding IPTC record 2:90, the city.
fn iptc() -> Vec<u8> {
    let city = b"IPTC-CITY-SECRET-Q7";
    let mut record = vec![0x1C, 2, 90];
    record.extend((city.len() as u16).to_be_bytes());
    record.extend(city);
    record.push(0); // resource data is padded to an even length
    let mut block = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    block.extend((record.len() as u32).to_be_bytes());
    block.extend(record);
    block
}

/// What must not appear in any output.
fn secrets() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("artist", b"ARTIST-SECRET".to_vec()),
        ("camera serial", b"SERIAL-SECRET".to_vec()),
        ("XMP city", b"XMP-CITY-SECRET".to_vec()),
        ("IPTC city", b"IPTC-CITY-SECRET".to_vec()),
        ("comment", b"COMMENT-SECRET".to_vec()),
        ("GPS latitude", latitude()),
        ("EXIF block", b"Exif\0\0".to_vec()),
        ("XMP packet", b"http://ns.adobe.com/xap".to_vec()),
        ("Photoshop block", b"Photoshop 3.0".to_vec()),
    ]
}

/// An upright sRGB photo of 1332 x 780 px, about what a home cover needs (and, at 150
/// ppi, just enough for the press pack), with every
/// kind of metadata inserted after its start marker; and its coded data, from the
/// first scan to the end.
fn photo_with_metadata() -> (Vec<u8>, Vec<u8>) {
    let (w, h) = (1332u16, 780u16);
    let pixels: Vec<u8> = (0..u32::from(w) * u32::from(h))
        .flat_map(|i| {
            let (x, y) = (i % u32::from(w), i / u32::from(w));
            [(x * 255 / 1332) as u8, (y * 255 / 780) as u8, ((x ^ y) & 0x3F) as u8 + 90]
        })
        .collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 88).encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    let first_scan = jpeg.windows(2).position(|pair| pair == [0xFF, 0xDA]).unwrap();
    let scans = jpeg[first_scan..].to_vec();
    let metadata = [
        segment(0xE1, &exif()),
        segment(0xE1, &xmp()),
        segment(0xED, &iptc()),
        segment(0xFE, b"COMMENT-SECRET-Q7: taken at the family's house"),
    ]
    .concat();
    jpeg.splice(2..2, metadata);
    (jpeg, scans)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The markers of a JPEG's segments before its first scan.
fn markers_before_scan(jpeg: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut at = 2;
    while let Some(&[0xFF, marker, high, low]) = jpeg.get(at..at + 4) {
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        at += 2 + usize::from(u16::from_be_bytes([high, low]));
    }
    markers
}

/// The stream bytes of every image XObject in the PDF at `path`, as stored.
fn pdf_images(path: &Path) -> Vec<Vec<u8>> {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    doc.objects
        .values()
        .filter_map(|object| match object {
            Object::Stream(stream)
                if stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image") =>
            {
                Some(stream.content.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn no_photo_metadata_reaches_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("packs/meta-case");
    copy_dir(&fixture_packs().join("latin-case"), &case);
    std::fs::remove_file(case.join("fr.md")).unwrap();
    let (photo, scans) = photo_with_metadata();
    std::fs::write(case.join("photo.jpg"), &photo).unwrap();

    let out = appealpress(dir.path(), &["build", "packs", "--out", "dist"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let folder = dir.path().join("dist/meta-case");
    let mut checked = Vec::new();
    for product in ["pack", "pack-press", "postcard", "postcard-press"] {
        let path = folder.join(format!("meta-case-en-{product}.pdf"));
        let images = pdf_images(&path);
        assert!(!images.is_empty(), "{product}: no image");
        for image in &images {
            for (what, secret) in secrets() {
                assert!(!contains(image, &secret), "{product}: an image holds the {what}");
            }
            // A JPEG keeps JFIF and Adobe's marker, its tables, frame and scans only.
            for marker in markers_before_scan(image) {
                let allowed = [0xE0, 0xEE, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD, 0xDA];
                assert!(allowed.contains(&marker), "{product}: segment FF {marker:02X} kept");
            }
        }
        // The home files pass the photo through: the same coded data, stripped.
        if !product.ends_with("press") {
            assert!(
                images.iter().any(|image| image.ends_with(&scans) && image.len() < photo.len()),
                "{product}: the photo was not passed through"
            );
        }
        // The file as a whole (the PDF's own XMP, which names the XMP namespace, aside).
        let file = std::fs::read(&path).unwrap();
        for (what, secret) in secrets().into_iter().filter(|(what, _)| *what != "XMP packet") {
            assert!(!contains(&file, &secret), "{product}: the file holds the {what}");
        }
        checked.push(product);
    }
    // The download page's thumbnail, drawn from the home pack's photo: a JPEG of its
    // pixels only (JFIF, tables, frame, scan: no EXIF, XMP or comment); the site's
    // pages; and the encoded photos kept for later runs.
    let thumbnail = std::fs::read(folder.join("meta-case-en-pack.jpg")).unwrap();
    assert_eq!(thumbnail[..2], [0xFF, 0xD8]);
    let mut at = 2;
    loop {
        let marker = thumbnail[at + 1];
        assert_eq!(thumbnail[at], 0xFF);
        assert!(
            [0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDA, 0xDD].contains(&marker),
            "thumbnail marker {marker:02X}"
        );
        if marker == 0xDA {
            break;
        }
        at += 2 + u16::from_be_bytes([thumbnail[at + 2], thumbnail[at + 3]]) as usize;
    }
    let mut others = vec![("thumbnail".to_string(), thumbnail)];
    for page in ["index.html", "index.en.html", "meta-case/index.html"] {
        others.push((page.into(), std::fs::read(dir.path().join("dist").join(page)).unwrap()));
    }
    // One folder per case, each photo a file in it.
    let cache = dir.path().join("dist/.appealpress/cache/photos");
    let mut cached = 0;
    for folder in std::fs::read_dir(&cache).into_iter().flatten().flatten() {
        for entry in std::fs::read_dir(folder.path()).into_iter().flatten().flatten() {
            others.push((entry.path().display().to_string(), std::fs::read(entry.path()).unwrap()));
            cached += 1;
        }
    }
    assert!(cached > 0, "the press photos are cached, and checked here");
    for (name, bytes) in &others {
        for (what, secret) in secrets() {
            assert!(!contains(bytes, &secret), "{name} holds the {what}");
        }
    }
    assert_eq!(checked.len(), 4);
}
