//! Inspects stream dictionaries, raw stream boundaries, and digital signatures for PDF/A
//! conformance findings.
//!
//! Parsed objects are matched to the shared raw-syntax index to check stream lengths, end
//! markers, filters, and external data entries. Signature checks examine byte ranges and
//! PKCS#7 signer data; the resulting summary also carries raw syntax findings into validation.

use std::collections::BTreeSet;

use lopdf::xref::XrefType;
use lopdf::{Document, Object};

use crate::error::PdfError;
use crate::limits::SafetyLimits;
use crate::model::PdfObjectId;
use crate::object_resolution::{resolve_optional, resolved_name};
use crate::syntax::stream_data_end_before_eol;
#[cfg(test)]
use crate::syntax::{is_eol_before, is_pdf_boundary, read_line, single_eol_end};

#[derive(Clone, Debug, Default)]
pub(crate) struct StreamSafetySummary {
    pub(crate) external_stream_entries: Vec<StreamFailure>,
    pub(crate) lzw_filters: Vec<PdfObjectId>,
    pub(crate) invalid_filters_pdfa2: Vec<PdfObjectId>,
    pub(crate) xref_streams: Vec<PdfObjectId>,
    pub(crate) has_xref_stream: bool,
    pub(crate) invalid_lengths: Vec<PdfObjectId>,
    pub(crate) invalid_eol_markers: Vec<PdfObjectId>,
    pub(crate) has_odd_hex_string: bool,
    pub(crate) has_non_hex_character: bool,
    pub(crate) has_invalid_xref_subsection_spacing: bool,
    pub(crate) has_invalid_xref_eol: bool,
    pub(crate) has_invalid_indirect_object_syntax: bool,
    pub(crate) invalid_signature_byte_ranges: Vec<PdfObjectId>,
    pub(crate) invalid_signature_certificates: Vec<PdfObjectId>,
    pub(crate) invalid_signature_signer_counts: Vec<PdfObjectId>,
}

#[derive(Clone, Debug)]
pub(crate) struct StreamFailure {
    pub(crate) object_id: PdfObjectId,
    pub(crate) keys: Vec<&'static str>,
}

pub(crate) fn inspect(
    document: &Document,
    limits: &SafetyLimits,
    bytes: &[u8],
    syntax: &crate::syntax::SyntaxSummary,
    raw_scan: &crate::syntax::RawScanIndex,
) -> Result<StreamSafetySummary, PdfError> {
    let mut summary = StreamSafetySummary {
        has_odd_hex_string: syntax.has_odd_hex_string,
        has_non_hex_character: syntax.has_non_hex_character,
        has_invalid_xref_subsection_spacing: syntax.has_invalid_xref_subsection_spacing,
        has_invalid_xref_eol: syntax.has_invalid_xref_eol,
        has_invalid_indirect_object_syntax: syntax.has_invalid_indirect_object_syntax,
        has_xref_stream: matches!(
            document.reference_table.cross_reference_type,
            XrefType::CrossReferenceStream
        ),
        ..StreamSafetySummary::default()
    };
    let mut used_stream_starts = BTreeSet::new();
    for (object_id, object) in &document.objects {
        if let Some(dictionary) = object.as_dict().ok()
            && resolved_name(document, dictionary, b"Type", limits.max_reference_depth)?
                == Some(b"Sig".as_slice())
        {
            if !signature_byte_range_covers_document(
                document,
                dictionary,
                limits.max_reference_depth,
                bytes.len(),
            )? {
                summary
                    .invalid_signature_byte_ranges
                    .push((*object_id).into());
            }
            if let Some(contents) = dictionary
                .get(b"Contents")
                .ok()
                .map(|value| resolve_optional(document, value, limits.max_reference_depth))
                .transpose()?
                .flatten()
                .and_then(|value| value.as_str().ok())
                && let Some((certificate_present, signer_count)) = parse_pkcs7_signed_data(contents)
            {
                if !certificate_present {
                    summary
                        .invalid_signature_certificates
                        .push((*object_id).into());
                }
                if signer_count != 1 {
                    summary
                        .invalid_signature_signer_counts
                        .push((*object_id).into());
                }
            }
        }
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get_type().ok() == Some(b"XRef".as_slice()) {
            summary.xref_streams.push((*object_id).into());
        }
        let raw_location = syntax
            .raw_stream_locations
            .get(&(*object_id).into())
            .copied();
        let indexed_location = raw_location
            .or_else(|| {
                stream
                    .start_position
                    .and_then(|start| raw_scan.streams.location_at(start))
            })
            .or_else(|| {
                raw_scan
                    .streams
                    .locate(bytes, &stream.content, &used_stream_starts)
            });
        let raw_start = indexed_location
            .map(|location| location.data_start)
            .or(stream.start_position);
        if let Some(start) = raw_start {
            used_stream_starts.insert(start);
            inspect_raw_stream_syntax_with_declared(
                document,
                stream,
                *object_id,
                start,
                limits,
                bytes,
                indexed_location.and_then(|location| location.endstream),
                indexed_location.and_then(|location| location.declared_length),
                &mut summary,
            )?;
        }
        let keys = [
            (b"F".as_slice(), "F"),
            (b"FFilter".as_slice(), "FFilter"),
            (b"FDecodeParms".as_slice(), "FDecodeParms"),
        ]
        .into_iter()
        .filter_map(|(key, name)| {
            stream
                .dict
                .get(key)
                .ok()
                .filter(|value| !matches!(value, Object::Null))
                .map(|_| name)
        })
        .collect::<Vec<_>>();
        if !keys.is_empty() {
            summary.external_stream_entries.push(StreamFailure {
                object_id: (*object_id).into(),
                keys,
            });
        }
        if let Ok(filter) = stream.dict.get(b"Filter")
            && !matches!(filter, Object::Null)
        {
            if filter_contains_lzw_decode(document, filter, limits.max_reference_depth)? {
                summary.lzw_filters.push((*object_id).into());
            }
            if filter_contains_invalid_pdfa2_filter(
                document,
                filter,
                stream.dict.get(b"DecodeParms").ok(),
                limits.max_reference_depth,
            )? {
                summary.invalid_filters_pdfa2.push((*object_id).into());
            }
        }
    }
    for (object_id, location) in &syntax.raw_stream_locations {
        let lopdf_id = (object_id.object_number, object_id.generation);
        if document
            .objects
            .get(&lopdf_id)
            .is_some_and(|object| object.as_stream().is_ok())
        {
            continue;
        }
        inspect_raw_stream_measurements(
            lopdf_id,
            location.data_start,
            location.declared_length,
            bytes,
            location.endstream,
            &mut summary,
        );
    }
    Ok(summary)
}

fn parse_pkcs7_signed_data(bytes: &[u8]) -> Option<(bool, usize)> {
    let (tag, content, _) = der_tlv(bytes, 0)?;
    if tag != 0x30 {
        return None;
    }
    let content_info = der_children(bytes, content)?;
    let content_type = content_info.first().copied()?;
    if bytes.get(content_type.0..content_type.1)?
        != [
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
        ]
    {
        return None;
    }
    let wrapper = content_info.get(1).copied()?;
    if bytes.get(wrapper.0..wrapper.1)?.first().copied()? != 0xa0 {
        return None;
    }
    let (_, wrapper_content, _) = der_tlv(bytes, wrapper.0)?;
    let signed_data = der_children(bytes, wrapper_content)?
        .into_iter()
        .find(|range| bytes.get(range.0..range.0 + 1) == Some(&[0x30][..]))?;
    let (_, signed_data_content, _) = der_tlv(bytes, signed_data.0)?;
    let fields = der_children(bytes, signed_data_content)?;
    let certificate_present = fields
        .iter()
        .any(|range| bytes.get(range.0..range.0 + 1) == Some(&[0xa0][..]));
    let signer_infos = fields
        .iter()
        .rev()
        .find(|range| bytes.get(range.0..range.0 + 1) == Some(&[0x31][..]))
        .copied()?;
    let (_, signer_content, _) = der_tlv(bytes, signer_infos.0)?;
    let signer_count = der_children(bytes, signer_content)?.len();
    Some((certificate_present, signer_count))
}

fn der_tlv(bytes: &[u8], offset: usize) -> Option<(u8, (usize, usize), usize)> {
    let tag = *bytes.get(offset)?;
    let length_byte = *bytes.get(offset.checked_add(1)?)?;
    let (length, header) = if length_byte & 0x80 == 0 {
        (usize::from(length_byte), 2)
    } else {
        let count = usize::from(length_byte & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let start = offset.checked_add(2)?;
        let end = start.checked_add(count)?;
        let mut length = 0usize;
        for byte in bytes.get(start..end)? {
            length = length.checked_mul(256)?.checked_add(usize::from(*byte))?;
        }
        (length, 2 + count)
    };
    let content_start = offset.checked_add(header)?;
    let content_end = content_start.checked_add(length)?;
    bytes.get(content_start..content_end)?;
    Some((tag, (content_start, content_end), content_end))
}

fn der_children(bytes: &[u8], content: (usize, usize)) -> Option<Vec<(usize, usize)>> {
    let mut offset = content.0;
    let mut children = Vec::new();
    while offset < content.1 {
        let (_, range, next) = der_tlv(bytes, offset)?;
        if next > content.1 {
            return None;
        }
        children.push((offset, next));
        offset = next;
        let _ = range;
    }
    (offset == content.1).then_some(children)
}

fn signature_byte_range_covers_document(
    document: &Document,
    dictionary: &lopdf::Dictionary,
    maximum_depth: usize,
    document_length: usize,
) -> Result<bool, PdfError> {
    let Some(value) = dictionary
        .get(b"ByteRange")
        .ok()
        .map(|value| resolve_optional(document, value, maximum_depth))
        .transpose()?
        .flatten()
    else {
        return Ok(false);
    };
    let Some(values) = value.as_array().ok() else {
        return Ok(false);
    };
    let values = values
        .iter()
        .map(|value| {
            Ok(resolve_optional(document, value, maximum_depth)?
                .and_then(|value| value.as_i64().ok()))
        })
        .collect::<Result<Vec<_>, PdfError>>()?;
    let Some(values) = values.into_iter().collect::<Option<Vec<_>>>() else {
        return Ok(false);
    };
    if values.len() != 4 || values.iter().any(|value| *value < 0) {
        return Ok(false);
    }
    let [start, length, end, stream_length] = values.as_slice() else {
        return Ok(false);
    };
    let document_length = i64::try_from(document_length).unwrap_or(i64::MAX);
    Ok(*start == 0
        && *end >= start.saturating_add(*length)
        // A signed range can declare an end beyond the current physical EOF,
        // as in some incremental or signature files. Keep validating the
        // declared extent while requiring it to cover the available file.
        && end.saturating_add(*stream_length) >= document_length)
}

#[cfg(test)]
fn inspect_raw_stream_syntax(
    document: &Document,
    stream: &lopdf::Stream,
    object_id: lopdf::ObjectId,
    start: usize,
    limits: &SafetyLimits,
    bytes: &[u8],
    known_endstream: Option<usize>,
    summary: &mut StreamSafetySummary,
) -> Result<(), PdfError> {
    inspect_raw_stream_syntax_with_declared(
        document,
        stream,
        object_id,
        start,
        limits,
        bytes,
        known_endstream,
        None,
        summary,
    )
}

fn inspect_raw_stream_syntax_with_declared(
    document: &Document,
    stream: &lopdf::Stream,
    object_id: lopdf::ObjectId,
    start: usize,
    limits: &SafetyLimits,
    bytes: &[u8],
    known_endstream: Option<usize>,
    raw_declared_length: Option<usize>,
    summary: &mut StreamSafetySummary,
) -> Result<(), PdfError> {
    let declared_length = match raw_declared_length {
        Some(length) => Some(length),
        None => stream
            .dict
            .get(b"Length")
            .ok()
            .map(|value| resolve_optional(document, value, limits.max_reference_depth))
            .transpose()?
            .flatten()
            .and_then(|value| value.as_i64().ok())
            .and_then(|length| usize::try_from(length).ok()),
    };
    inspect_raw_stream_measurements(
        object_id,
        start,
        declared_length,
        bytes,
        known_endstream,
        summary,
    );
    Ok(())
}

fn inspect_raw_stream_measurements(
    object_id: lopdf::ObjectId,
    start: usize,
    declared_length: Option<usize>,
    bytes: &[u8],
    known_endstream: Option<usize>,
    summary: &mut StreamSafetySummary,
) {
    let valid_start = stream_keyword_has_required_eol(bytes, start);
    let endstream = known_endstream;
    #[cfg(test)]
    let endstream = endstream.or_else(|| find_endstream(bytes, start, declared_length));
    let actual_length = endstream.and_then(|keyword| {
        declared_length
            .filter(|length| {
                declared_stream_end_matches(bytes, start, *length, keyword)
                    && declared_length_includes_utf16le_delimiter(bytes, start, *length, keyword)
            })
            .or_else(|| {
                stream_data_end_before_eol(bytes, keyword).map(|end| end.saturating_sub(start))
            })
    });
    let valid_end = actual_length.is_some();
    if !valid_start || !valid_end {
        summary.invalid_eol_markers.push(object_id.into());
    }
    if declared_length != actual_length {
        summary.invalid_lengths.push(object_id.into());
    }
}

fn stream_keyword_has_required_eol(bytes: &[u8], start: usize) -> bool {
    let eol_start = match (
        bytes.get(start.wrapping_sub(2)),
        bytes.get(start.wrapping_sub(1)),
    ) {
        (Some(b'\r'), Some(b'\n')) => start - 2,
        (_, Some(b'\n')) => start - 1,
        _ => return false,
    };
    bytes
        .get(..eol_start)
        .is_some_and(|before_eol| before_eol.ends_with(b"stream"))
}

#[cfg(test)]
fn find_endstream(bytes: &[u8], start: usize, declared_length: Option<usize>) -> Option<usize> {
    if let Some(length) = declared_length {
        let end = start.checked_add(length)?;
        let keyword = match bytes.get(end..) {
            Some(rest) if rest.starts_with(b"endstream") => Some(end),
            Some(rest) if rest.starts_with(b"\nendstream") => Some(end + 1),
            Some(rest) if rest.starts_with(b"\rendstream") => Some(end + 1),
            Some(rest) if rest.starts_with(b"\r\nendstream") => Some(end + 2),
            _ => None,
        };
        if keyword.is_some_and(|position| {
            declared_stream_end_matches(bytes, start, length, position)
                && is_pdf_boundary(bytes.get(position.wrapping_sub(1)).copied())
                && is_pdf_boundary(bytes.get(position + b"endstream".len()).copied())
        }) {
            return keyword;
        }
    }
    let mut first = None;
    for (offset, window) in bytes.get(start..)?.windows(b"endstream".len()).enumerate() {
        let position = start + offset;
        if window != b"endstream"
            || !is_pdf_boundary(bytes.get(position.wrapping_sub(1)).copied())
            || !is_pdf_boundary(bytes.get(position + b"endstream".len()).copied())
        {
            continue;
        }
        first.get_or_insert(position);
        if declared_length.is_some_and(|length| {
            stream_data_end_before_eol(bytes, position) == start.checked_add(length)
        }) {
            return Some(position);
        }
    }
    first
}

fn declared_stream_end_matches(
    bytes: &[u8],
    start: usize,
    length: usize,
    endstream: usize,
) -> bool {
    let Some(end) = start.checked_add(length) else {
        return false;
    };
    let data_end = stream_data_end_before_eol(bytes, endstream).unwrap_or(endstream);
    if end != data_end && end != endstream && end.checked_add(1) != Some(endstream) {
        return false;
    }
    bytes
        .get(end..endstream)
        .is_some_and(|separator| matches!(separator, b"" | b"\n" | b"\r" | b"\r\n"))
        && bytes
            .get(endstream..)
            .is_some_and(|bytes| bytes.starts_with(b"endstream"))
}

fn declared_length_includes_utf16le_delimiter(
    bytes: &[u8],
    start: usize,
    length: usize,
    endstream: usize,
) -> bool {
    let Some(end) = start.checked_add(length) else {
        return false;
    };
    end.checked_add(1) == Some(endstream)
        && endstream >= 3
        && bytes.get(endstream - 3) == Some(&0)
        && bytes.get(endstream - 2..endstream) == Some(b"\r\n")
}

#[cfg(test)]
fn inspect_hex_strings(
    bytes: &[u8],
    stream_data_ranges: &[std::ops::Range<usize>],
    summary: &mut StreamSafetySummary,
) {
    let mut cursor = 0;
    while cursor < bytes.len() {
        if let Some(range) = stream_data_ranges
            .iter()
            .find(|range| range.contains(&cursor))
        {
            cursor = range.end;
            continue;
        }
        match bytes[cursor] {
            b'%' => {
                cursor += 1;
                while cursor < bytes.len() && !matches!(bytes[cursor], b'\r' | b'\n') {
                    cursor += 1;
                }
            }
            b'(' => cursor = skip_literal_string(bytes, cursor + 1),
            b'<' if bytes.get(cursor + 1) == Some(&b'<') => cursor += 2,
            b'<' => {
                cursor += 1;
                let mut count = 0;
                while cursor < bytes.len() && bytes.get(cursor) != Some(&b'>') {
                    if !bytes.get(cursor).is_some_and(u8::is_ascii_whitespace) {
                        count += 1;
                        summary.has_non_hex_character |=
                            !bytes.get(cursor).is_some_and(u8::is_ascii_hexdigit);
                    }
                    cursor += 1;
                }
                summary.has_odd_hex_string |= count % 2 != 0;
                cursor += usize::from(cursor < bytes.len());
            }
            _ => cursor += 1,
        }
    }
}

#[cfg(test)]
fn skip_literal_string(bytes: &[u8], mut cursor: usize) -> usize {
    let mut nesting = 1;
    while cursor < bytes.len() && nesting > 0 {
        let Some(byte) = bytes.get(cursor).copied() else {
            break;
        };
        match byte {
            b'\\' => cursor = cursor.saturating_add(2),
            b'(' => {
                nesting += 1;
                cursor += 1;
            }
            b')' => {
                nesting -= 1;
                cursor += 1;
            }
            _ => cursor += 1,
        }
    }
    cursor
}

#[cfg(test)]
fn inspect_xref_syntax(
    bytes: &[u8],
    stream_data_ranges: &[std::ops::Range<usize>],
    summary: &mut StreamSafetySummary,
) {
    let mut cursor = 0;
    while cursor < bytes.len() {
        if let Some(range) = stream_data_ranges
            .iter()
            .find(|range| range.contains(&cursor))
        {
            cursor = range.end;
            continue;
        }
        match bytes[cursor] {
            b'%' => {
                cursor += 1;
                while cursor < bytes.len() && !matches!(bytes[cursor], b'\r' | b'\n') {
                    cursor += 1;
                }
            }
            b'(' => cursor = skip_literal_string(bytes, cursor + 1),
            b'<' if bytes.get(cursor + 1) == Some(&b'<') => cursor += 2,
            b'<' => {
                cursor += 1;
                while cursor < bytes.len() && bytes[cursor] != b'>' {
                    cursor += 1;
                }
                cursor += usize::from(cursor < bytes.len());
            }
            b'x' if bytes.get(cursor..cursor + 4) == Some(b"xref")
                && is_pdf_boundary(bytes.get(cursor.wrapping_sub(1)).copied())
                && is_pdf_boundary(bytes.get(cursor + 4).copied()) =>
            {
                inspect_xref_table(bytes, cursor + 4, summary);
                cursor += 4;
            }
            _ => cursor += 1,
        }
    }
}

#[cfg(test)]
fn inspect_xref_table(bytes: &[u8], after_xref: usize, summary: &mut StreamSafetySummary) {
    let Some(mut cursor) = single_eol_end(bytes, after_xref) else {
        summary.has_invalid_xref_eol = true;
        return;
    };
    loop {
        let Some((line, next)) = read_line(bytes, cursor) else {
            return;
        };
        if line == b"trailer" {
            return;
        }
        let Some(entry_count) = subsection_entry_count(line) else {
            summary.has_invalid_xref_subsection_spacing = true;
            return;
        };
        cursor = next;
        for _ in 0..entry_count {
            let Some((_, next)) = read_line(bytes, cursor) else {
                return;
            };
            cursor = next;
        }
    }
}

#[cfg(test)]
fn subsection_entry_count(line: &[u8]) -> Option<usize> {
    let separator = line.iter().position(|byte| !byte.is_ascii_digit())?;
    (separator > 0 && line.get(separator) == Some(&b' ') && line.get(separator + 1) != Some(&b' '))
        .then_some(())?;
    let count_end = separator
        + 1
        + line[separator + 1..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
    (count_end == line.len()).then_some(())?;
    std::str::from_utf8(&line[separator + 1..count_end])
        .ok()?
        .parse()
        .ok()
}

#[cfg(test)]
fn inspect_indirect_object_syntax(
    bytes: &[u8],
    stream_data_ranges: &[std::ops::Range<usize>],
    summary: &mut StreamSafetySummary,
) {
    let mut cursor = 0;
    while cursor < bytes.len() {
        if let Some(range) = stream_data_ranges
            .iter()
            .find(|range| range.contains(&cursor))
        {
            cursor = range.end;
            continue;
        }
        match bytes[cursor] {
            b'%' => {
                cursor += 1;
                while cursor < bytes.len() && !matches!(bytes[cursor], b'\r' | b'\n') {
                    cursor += 1;
                }
            }
            b'(' => cursor = skip_literal_string(bytes, cursor + 1),
            b'<' if bytes.get(cursor + 1) == Some(&b'<') => cursor += 2,
            b'<' => {
                cursor += 1;
                while cursor < bytes.len() && bytes[cursor] != b'>' {
                    cursor += 1;
                }
                cursor += usize::from(cursor < bytes.len());
            }
            byte if byte.is_ascii_digit()
                && is_pdf_boundary(bytes.get(cursor.wrapping_sub(1)).copied()) =>
            {
                if let Some((after_obj, valid)) = indirect_object_header_end(bytes, cursor) {
                    summary.has_invalid_indirect_object_syntax |= !valid;
                    cursor = after_obj;
                } else {
                    cursor += 1;
                }
            }
            b'e' if bytes.get(cursor..cursor + b"endobj".len()) == Some(b"endobj")
                && is_pdf_boundary(bytes.get(cursor.wrapping_sub(1)).copied())
                && is_pdf_boundary(bytes.get(cursor + b"endobj".len()).copied()) =>
            {
                summary.has_invalid_indirect_object_syntax |= !is_eol_before(bytes, cursor)
                    || single_eol_end(bytes, cursor + b"endobj".len()).is_none();
                cursor += b"endobj".len();
            }
            _ => cursor += 1,
        }
    }
}

#[cfg(test)]
fn indirect_object_header_end(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    let object_number_end = skip_digits(bytes, start);
    let (generation_start, first_separator_length) = skip_whitespace(bytes, object_number_end);
    (generation_start > object_number_end).then_some(())?;
    let generation_end = skip_digits(bytes, generation_start);
    (generation_end > generation_start).then_some(())?;
    let (obj_start, second_separator_length) = skip_whitespace(bytes, generation_end);
    (bytes.get(obj_start..obj_start + b"obj".len()) == Some(b"obj")
        && is_pdf_boundary(bytes.get(obj_start + b"obj".len()).copied()))
    .then_some(())?;
    let after_obj = obj_start + b"obj".len();
    Some((
        after_obj,
        first_separator_length == 1
            && second_separator_length == 1
            && is_eol_before(bytes, start)
            && single_eol_end(bytes, after_obj).is_some(),
    ))
}

#[cfg(test)]
fn skip_digits(bytes: &[u8], mut cursor: usize) -> usize {
    while bytes.get(cursor).is_some_and(u8::is_ascii_digit) {
        cursor += 1;
    }
    cursor
}

#[cfg(test)]
fn skip_whitespace(bytes: &[u8], mut cursor: usize) -> (usize, usize) {
    let start = cursor;
    while bytes.get(cursor).is_some_and(u8::is_ascii_whitespace) {
        cursor += 1;
    }
    (cursor, cursor - start)
}

fn filter_contains_lzw_decode(
    document: &Document,
    filter: &Object,
    maximum_depth: usize,
) -> Result<bool, PdfError> {
    let Some(filter) = resolve_optional(document, filter, maximum_depth)? else {
        return Ok(false);
    };
    Ok(match filter {
        Object::Name(name) => name.as_slice() == b"LZWDecode",
        Object::Array(filters) => filters.iter().try_fold(false, |found, filter| {
            Ok::<bool, PdfError>(
                found || filter_contains_lzw_decode(document, filter, maximum_depth)?,
            )
        })?,
        _ => false,
    })
}

fn filter_contains_invalid_pdfa2_filter(
    document: &Document,
    filter: &Object,
    decode_parms: Option<&Object>,
    maximum_depth: usize,
) -> Result<bool, PdfError> {
    let Some(filter) = resolve_optional(document, filter, maximum_depth)? else {
        return Ok(true);
    };
    match filter {
        Object::Name(name) => Ok(!pdfa2_filter_is_allowed(
            document,
            name,
            decode_parms,
            maximum_depth,
        )?),
        Object::Array(filters) => {
            let resolved_decode_parms = decode_parms
                .map(|value| resolve_optional(document, value, maximum_depth))
                .transpose()?
                .flatten();
            for (index, filter) in filters.iter().enumerate() {
                let decode_parm = resolved_decode_parms.and_then(|value| match value {
                    Object::Array(values) => values.get(index),
                    _ if index == 0 => Some(value),
                    _ => None,
                });
                if filter_contains_invalid_pdfa2_filter(
                    document,
                    filter,
                    decode_parm,
                    maximum_depth,
                )? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Ok(true),
    }
}

fn pdfa2_filter_is_allowed(
    document: &Document,
    name: &[u8],
    decode_parm: Option<&Object>,
    maximum_depth: usize,
) -> Result<bool, PdfError> {
    if name != b"Crypt" {
        return Ok(matches!(
            name,
            b"ASCIIHexDecode"
                | b"ASCII85Decode"
                | b"FlateDecode"
                | b"RunLengthDecode"
                | b"CCITTFaxDecode"
                | b"JBIG2Decode"
                | b"DCTDecode"
                | b"JPXDecode"
        ));
    }
    let Some(decode_parm) = decode_parm
        .map(|value| resolve_optional(document, value, maximum_depth))
        .transpose()?
        .flatten()
        .and_then(|value| value.as_dict().ok())
    else {
        return Ok(false);
    };
    Ok(decode_parm
        .get(b"Name")
        .ok()
        .and_then(|value| value.as_name().ok())
        == Some(b"Identity".as_slice()))
}

#[cfg(test)]
mod tests {
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};

    use super::{StreamSafetySummary, inspect_raw_stream_syntax};
    use crate::SafetyLimits;

    #[test]
    fn checks_raw_stream_length_and_eol_markers() {
        let document = Document::with_version("1.4");
        let mut stream = Stream::new(Dictionary::new(), b"abc".to_vec());
        stream.start_position = Some(7);
        let bytes = b"stream\nabc\nendstream";
        let mut summary = StreamSafetySummary::default();
        inspect_raw_stream_syntax(
            &document,
            &stream,
            (1, 0),
            7,
            &SafetyLimits::default(),
            bytes,
            None,
            &mut summary,
        )
        .expect("inspect valid stream");
        assert!(summary.invalid_lengths.is_empty());
        assert!(summary.invalid_eol_markers.is_empty());

        stream.dict.set("Length", 2);
        let mut summary = StreamSafetySummary::default();
        inspect_raw_stream_syntax(
            &document,
            &stream,
            (1, 0),
            7,
            &SafetyLimits::default(),
            bytes,
            None,
            &mut summary,
        )
        .expect("inspect mismatched stream");
        assert_eq!(summary.invalid_lengths.len(), 1);

        let bytes = b"stream abc\nendstream";
        stream.start_position = Some(7);
        let mut summary = StreamSafetySummary::default();
        inspect_raw_stream_syntax(
            &document,
            &stream,
            (1, 0),
            7,
            &SafetyLimits::default(),
            bytes,
            None,
            &mut summary,
        )
        .expect("inspect invalid EOL stream");
        assert_eq!(summary.invalid_eol_markers.len(), 1);

        stream.dict.set("Length", 17);
        stream.start_position = Some(7);
        let bytes = b"stream\nabc\nendstream\nxyz\nendstream";
        let mut summary = StreamSafetySummary::default();
        inspect_raw_stream_syntax(
            &document,
            &stream,
            (1, 0),
            7,
            &SafetyLimits::default(),
            bytes,
            None,
            &mut summary,
        )
        .expect("inspect stream data containing endstream text");
        assert!(summary.invalid_lengths.is_empty());
        assert!(summary.invalid_eol_markers.is_empty());

        stream.dict.set("Length", 3);
        let bytes = b"stream \nabc\nendstream";
        let mut summary = StreamSafetySummary::default();
        inspect_raw_stream_syntax(
            &document,
            &stream,
            (1, 0),
            7,
            &SafetyLimits::default(),
            bytes,
            None,
            &mut summary,
        )
        .expect("inspect stream with extra keyword space");
        assert_eq!(summary.invalid_eol_markers.len(), 1);
    }

    #[test]
    fn raw_stream_index_locates_distinct_streams_without_rescanning_input() {
        let bytes = b"stream\nfirst\nendstream\nstream\nsecond\nendstream";
        let index = crate::syntax::scan_raw_index(bytes, &SafetyLimits::default())
            .expect("scan raw stream index")
            .streams;
        let mut used = std::collections::BTreeSet::new();
        let first = index
            .locate(bytes, b"first", &used)
            .expect("first stream location");
        used.insert(first.data_start);
        let second = index
            .locate(bytes, b"second", &used)
            .expect("second stream location");

        assert_eq!(
            &bytes[first.data_start..first.data_start + b"first".len()],
            b"first"
        );
        assert_eq!(
            &bytes[second.data_start..second.data_start + b"second".len()],
            b"second"
        );
    }

    #[test]
    fn inspects_direct_length_streams_without_parser_offsets() {
        let mut source = Document::with_version("1.4");
        source.add_object(Stream::new(Dictionary::new(), b"abc".to_vec()));
        let mut bytes = Vec::new();
        source.save_to(&mut bytes).expect("serialize stream");
        let document = Document::load_mem(&bytes).expect("parse stream");
        assert!(
            document
                .objects
                .values()
                .find_map(|object| object.as_stream().ok())
                .is_some_and(|stream| stream.start_position.is_none())
        );

        let summary = super::inspect(
            &document,
            &SafetyLimits::default(),
            &bytes,
            &crate::syntax::SyntaxSummary::default(),
            &crate::syntax::RawScanIndex::default(),
        )
        .expect("inspect stream");
        assert!(summary.invalid_lengths.is_empty());
        assert!(summary.invalid_eol_markers.is_empty());
    }

    #[test]
    fn excludes_nested_direct_stream_bytes_from_lexical_checks() {
        let mut source = Document::with_version("1.4");
        source.add_object(dictionary! {
            "Nested" => Object::Stream(Stream::new(Dictionary::new(), b"<G>".to_vec())),
        });
        let mut bytes = Vec::new();
        source.save_to(&mut bytes).expect("serialize nested stream");
        let document = Document::load_mem(&bytes).expect("parse nested stream");

        let summary = super::inspect(
            &document,
            &SafetyLimits::default(),
            &bytes,
            &crate::syntax::SyntaxSummary::default(),
            &crate::syntax::RawScanIndex::default(),
        )
        .expect("inspect stream");
        assert!(!summary.has_odd_hex_string);
        assert!(!summary.has_non_hex_character);
    }

    #[test]
    fn checks_hex_string_syntax_without_scanning_comments_or_stream_data() {
        let mut summary = StreamSafetySummary::default();
        let stream_range = 41..54;
        super::inspect_hex_strings(
            b"<A0> <A 0> (literal <F>) % comment <F>\nstream\n<F>\nendstream",
            std::slice::from_ref(&stream_range),
            &mut summary,
        );
        assert!(!summary.has_odd_hex_string);
        assert!(!summary.has_non_hex_character);

        super::inspect_hex_strings(b"<A> <G0>", &[], &mut summary);
        assert!(summary.has_odd_hex_string);
        assert!(summary.has_non_hex_character);
    }

    #[test]
    fn checks_xref_eol_and_subsection_header_syntax() {
        let mut summary = StreamSafetySummary::default();
        super::inspect_xref_syntax(
            b"xref\n0 2\n0000000000 65535 f \n0000000010 00000 n \ntrailer\n",
            &[],
            &mut summary,
        );
        assert!(!summary.has_invalid_xref_eol);
        assert!(!summary.has_invalid_xref_subsection_spacing);

        super::inspect_xref_syntax(
            b"xref\n0  1\n0000000000 65535 f \ntrailer\n",
            &[],
            &mut summary,
        );
        assert!(summary.has_invalid_xref_subsection_spacing);

        let mut summary = StreamSafetySummary::default();
        super::inspect_xref_syntax(
            b"xref 0 1\n0000000000 65535 f \ntrailer\n",
            &[],
            &mut summary,
        );
        assert!(summary.has_invalid_xref_eol);
    }

    #[test]
    fn checks_indirect_object_syntax_without_scanning_strings_or_stream_data() {
        let mut summary = StreamSafetySummary::default();
        super::inspect_indirect_object_syntax(
            b"\n1 0 obj\n<< /Value (2 0 obj) >>\nendobj\n",
            &[],
            &mut summary,
        );
        assert!(!summary.has_invalid_indirect_object_syntax);

        super::inspect_indirect_object_syntax(b"2  0 obj\nnull\nendobj\n", &[], &mut summary);
        assert!(summary.has_invalid_indirect_object_syntax);

        let mut summary = StreamSafetySummary::default();
        super::inspect_indirect_object_syntax(b"3 0 obj null\nendobj\n", &[], &mut summary);
        assert!(summary.has_invalid_indirect_object_syntax);

        let mut summary = StreamSafetySummary::default();
        super::inspect_indirect_object_syntax(b"\n4 0obj\nnull\nendobj\n", &[], &mut summary);
        assert!(summary.has_invalid_indirect_object_syntax);
    }
}
