//! Provides validation entry points, profile selection, and PDF/A and PDF/UA rule evaluation.
//!
//! File and byte APIs prepare the document, infer or accept an explicit profile, and evaluate
//! normalized metadata and inspection summaries. Exhaustive evaluation aggregates failures
//! into deterministic reports and counts; staged lazy paths stop at the first failed check
//! while propagating parsing and resource-limit errors encountered along the way.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{PageError, PdfError};
use crate::guidance::guidance_for_rule_id;
use crate::limits::SafetyLimits;
use crate::metadata::{dates_equivalent, xmp_integer_value};
use crate::model::{InspectionStage, InspectionSummary, PdfDocument, PdfObjectId};
use crate::report::{
    FailureCategory, RuleFailure, ValidationCounts, ValidationFailure, ValidationReport,
};

macro_rules! iso_pdfa_rule_id {
    ($profile:expr, $part1:literal, $part2:literal, $part3:literal) => {{
        match ($profile).pdfa_part() {
            Some(1) if !$part1.is_empty() => Some(concat!("ISO 19005-1:2005:", $part1)),
            Some(2) if !$part2.is_empty() => Some(concat!("ISO 19005-2:2011:", $part2)),
            Some(3) if !$part3.is_empty() => Some(concat!("ISO 19005-3:2012:", $part3)),
            _ => None,
        }
    }};
}

#[derive(Default)]
struct ValidationFailures {
    entries: Vec<ValidationFailure>,
}

impl ValidationFailures {
    fn push(&mut self, failure: ValidationFailure) {
        self.entries.push(failure);
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn sort_by_key<F, K>(&mut self, f: F)
    where
        F: FnMut(&ValidationFailure) -> K,
        K: Ord,
    {
        self.entries.sort_by_key(f);
    }
}

/// A PDF/A or PDF/UA conformance level this crate can validate a document against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationProfile {
    PdfA1b,
    PdfA1a,
    PdfA2b,
    PdfA2a,
    PdfA2u,
    PdfA3b,
    PdfA3a,
    PdfA3u,
    PdfUa1,
}

/// An input string did not identify a validation profile.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseValidationProfileError {
    input: String,
}

impl fmt::Display for ParseValidationProfileError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "unknown validation profile: {}", self.input)
    }
}

impl std::error::Error for ParseValidationProfileError {}

impl Serialize for ValidationProfile {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ValidationProfile {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
    {
        let value = String::deserialize(deserializer)?;
        value.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for ValidationProfile {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(version) = self.as_str().strip_prefix("ua") {
            write!(formatter, "PDF/UA-{version}")
        } else {
            write!(formatter, "PDF/A-{}", self.as_str())
        }
    }
}

impl ValidationProfile {
    /// Returns every profile implemented by this version of the crate.
    pub const fn all() -> &'static [Self] {
        const PROFILES: &[ValidationProfile] = &[
            ValidationProfile::PdfA1b,
            ValidationProfile::PdfA1a,
            ValidationProfile::PdfA2b,
            ValidationProfile::PdfA2a,
            ValidationProfile::PdfA2u,
            ValidationProfile::PdfA3b,
            ValidationProfile::PdfA3a,
            ValidationProfile::PdfA3u,
            ValidationProfile::PdfUa1,
        ];
        PROFILES
    }

    /// Returns the stable, compact profile name used by JSON reports and bindings.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::PdfA1b => "1b",
            Self::PdfA1a => "1a",
            Self::PdfA2b => "2b",
            Self::PdfA2a => "2a",
            Self::PdfA2u => "2u",
            Self::PdfA3b => "3b",
            Self::PdfA3a => "3a",
            Self::PdfA3u => "3u",
            Self::PdfUa1 => "ua1",
        }
    }

    /// Returns the number of checks implemented for this profile.
    pub const fn implemented_check_count(self) -> usize {
        match self {
            Self::PdfA1b => 134,
            Self::PdfA1a => 140,
            Self::PdfA2b => 144,
            Self::PdfA2a => 154,
            Self::PdfA2u => 146,
            Self::PdfA3b => 146,
            Self::PdfA3a => 156,
            Self::PdfA3u => 148,
            Self::PdfUa1 => 104,
        }
    }

    pub const fn pdfa_part(self) -> Option<u8> {
        match self {
            Self::PdfA1a | Self::PdfA1b => Some(1),
            Self::PdfA2a | Self::PdfA2b | Self::PdfA2u => Some(2),
            Self::PdfA3a | Self::PdfA3b | Self::PdfA3u => Some(3),
            _ => None,
        }
    }

    pub const fn pdfa_conformance(self) -> Option<char> {
        match self {
            Self::PdfA1a | Self::PdfA2a | Self::PdfA3a => Some('A'),
            Self::PdfA1b | Self::PdfA2b | Self::PdfA3b => Some('B'),
            Self::PdfA2u | Self::PdfA3u => Some('U'),
            _ => None,
        }
    }

    const fn is_pdfa_2_or_3(self) -> bool {
        matches!(self.pdfa_part(), Some(2 | 3))
    }

    const fn requires_tagged_structure(self) -> bool {
        matches!(self.pdfa_conformance(), Some('A'))
    }

    const fn requires_unicode_mapping(self) -> bool {
        matches!(self.pdfa_conformance(), Some('A' | 'U'))
    }

    const fn permits_optional_content(self) -> bool {
        self.is_pdfa_2_or_3()
    }

    const fn permits_xref_streams(self) -> bool {
        self.is_pdfa_2_or_3()
    }

    const fn permits_transparency(self) -> bool {
        self.is_pdfa_2_or_3()
    }

    const fn permits_embedded_files(self) -> bool {
        matches!(self.pdfa_part(), Some(2 | 3))
    }
}

impl FromStr for ValidationProfile {
    type Err = ParseValidationProfileError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let normalized: String = input
            .trim()
            .chars()
            .filter(|character| !matches!(character, '/' | '-' | '_'))
            .map(|character| character.to_ascii_lowercase())
            .collect();
        let canonical = normalized
            .strip_prefix("pdfua")
            .map(|version| format!("ua{version}"))
            .or_else(|| normalized.strip_prefix("pdfa").map(str::to_owned))
            .unwrap_or(normalized);
        ValidationProfile::all()
            .iter()
            .copied()
            .find(|profile| profile.as_str() == canonical)
            .ok_or_else(|| ParseValidationProfileError {
                input: input.to_owned(),
            })
    }
}

/// Returns the sole element of a slice known to hold at most one entry, or
/// `None` for zero or multiple entries.
fn only<T>(items: &[T]) -> Option<&T> {
    items.first().filter(|_| items.len() == 1)
}

/// Options shared by every validation entry point.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ValidationOptions {
    profile: Option<ValidationProfile>,
    limits: SafetyLimits,
}

impl ValidationOptions {
    /// Validates against `profile` regardless of the document's declaration, or infers the profile from XMP metadata when `profile` is `None`.
    #[must_use]
    pub fn profile(mut self, profile: impl Into<Option<ValidationProfile>>) -> Self {
        self.profile = profile.into();
        self
    }

    /// Replaces the resource bounds enforced while reading, parsing, and inspecting the document.
    #[must_use]
    pub fn limits(mut self, limits: SafetyLimits) -> Self {
        self.limits = limits;
        self
    }
}

/// The selected profile and compliance outcome returned by [`validate_pdf_lazy`].
///
/// `profile` is either the explicitly requested profile or the one inferred
/// from the document's XMP metadata. `is_compliant` is `false` as soon as the
/// validator finds the first failing rule.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ComplianceResult {
    /// The profile used for validation.
    pub profile: ValidationProfile,
    /// Whether every rule checked before completion passed.
    pub is_compliant: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ValidationMode {
    Exhaustive,
    Lazy,
}

/// Reads a file from disk and validates it against a selected profile.
pub fn validate_pdf(
    path: impl AsRef<Path>,
    options: &ValidationOptions,
) -> Result<ValidationReport, PageError> {
    let path = path.as_ref();
    let bytes = read_file(path, &options.limits)?;
    validate_bytes_with_mode(
        &bytes,
        options.profile,
        &options.limits,
        ValidationMode::Exhaustive,
    )
    .map(|report| report.with_source(path))
}

fn read_file(path: &Path, limits: &SafetyLimits) -> Result<Vec<u8>, PageError> {
    let file = fs::File::open(path)?;
    let metadata = file.metadata()?;
    if metadata.len() > limits.max_input_size {
        return Err(PdfError::InputTooLarge {
            actual: metadata.len(),
            limit: limits.max_input_size,
        }
        .into());
    }

    let read_limit = limits.max_input_size.saturating_add(1);
    let mut bytes = Vec::new();
    file.take(read_limit).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limits.max_input_size {
        return Err(PdfError::InputTooLarge {
            actual: bytes.len() as u64,
            limit: limits.max_input_size,
        }
        .into());
    }
    Ok(bytes)
}

/// Validates PDF bytes already in memory against a selected profile.
pub fn validate_pdf_bytes(
    bytes: &[u8],
    options: &ValidationOptions,
) -> Result<ValidationReport, PageError> {
    validate_bytes_with_mode(
        bytes,
        options.profile,
        &options.limits,
        ValidationMode::Exhaustive,
    )
}

fn validate_bytes_with_mode(
    bytes: &[u8],
    profile: Option<ValidationProfile>,
    limits: &SafetyLimits,
    mode: ValidationMode,
) -> Result<ValidationReport, PageError> {
    let preparation = PdfDocument::prepare_for_validation(bytes, limits)?;
    let profile = profile.map_or_else(|| declared_profile(preparation.document()), Ok)?;
    let (document, inspections) = preparation.into_inspections(
        bytes,
        limits,
        crate::model::InspectionPlan::for_profile(profile),
    )?;
    Ok(validate_document(document, inspections, profile, mode))
}

/// Performs lazy validation of a file and returns only the compliance outcome.
pub fn is_pdf_compliant(
    path: impl AsRef<Path>,
    options: &ValidationOptions,
) -> Result<bool, PageError> {
    validate_pdf_lazy(path, options).map(|result| result.is_compliant)
}

/// Performs lazy validation of bytes and returns only the compliance outcome.
///
/// The profile-selection behavior matches [`validate_pdf_bytes`], but lazy validation stops after the first failing rule.
pub fn is_pdf_compliant_bytes(
    bytes: &[u8],
    options: &ValidationOptions,
) -> Result<bool, PageError> {
    validate_bytes_lazy(bytes, options.profile, &options.limits).map(|result| result.is_compliant)
}

/// Performs lazy validation of a file and returns the selected profile with the compliance outcome.
///
/// This exists for `page_cli`, which reports the inferred profile alongside the lazy outcome; it is not part of the stable public API.
#[doc(hidden)]
pub fn validate_pdf_lazy(
    path: impl AsRef<Path>,
    options: &ValidationOptions,
) -> Result<ComplianceResult, PageError> {
    let bytes = read_file(path.as_ref(), &options.limits)?;
    validate_bytes_lazy(&bytes, options.profile, &options.limits)
}

pub(crate) fn validate_bytes_lazy(
    bytes: &[u8],
    profile: Option<ValidationProfile>,
    limits: &SafetyLimits,
) -> Result<ComplianceResult, PageError> {
    let preparation = PdfDocument::prepare_for_validation_without_font_summary(bytes, limits)?;
    let profile = profile.map_or_else(|| declared_profile(preparation.document()), Ok)?;
    let (preparation, syntax) = preparation.with_syntax(bytes, limits)?;
    let preflight_failed = has_preflight_failure(preparation.document(), &syntax.header, profile);
    if preflight_failed {
        preparation.check_content_limits(limits)?;
        return Ok(ComplianceResult {
            profile,
            is_compliant: false,
        });
    }

    let mut stopped = false;
    let _ = preparation.into_inspections_with_syntax_staged(
        bytes,
        limits,
        syntax,
        crate::model::InspectionPlan::for_profile(profile),
        |stage, document, inspections| {
            let should_validate = if profile == ValidationProfile::PdfUa1 {
                matches!(
                    stage,
                    InspectionStage::DocumentFeatures
                        | InspectionStage::Content
                        | InspectionStage::Actions
                        | InspectionStage::Forms
                        | InspectionStage::Annotations
                        | InspectionStage::Complete
                )
            } else {
                matches!(
                    stage,
                    InspectionStage::Content
                        | InspectionStage::IccBased
                        | InspectionStage::XObjects
                        | InspectionStage::Graphics
                        | InspectionStage::Annotations
                        | InspectionStage::Actions
                        | InspectionStage::Forms
                        | InspectionStage::DocumentFeaturesComplete
                        | InspectionStage::StreamSafety
                        | InspectionStage::UnicodeNames
                        | InspectionStage::Complete
                )
            };
            if should_validate {
                let failures = collect_validation_failures(
                    document,
                    inspections,
                    profile,
                    ValidationMode::Lazy,
                    Some(stage),
                );
                stopped = !failures.is_empty();
            }
            Ok(stopped)
        },
    )?;
    Ok(ComplianceResult {
        profile,
        is_compliant: !stopped,
    })
}

fn has_preflight_failure(
    document: &PdfDocument,
    header: &crate::syntax::HeaderSummary,
    profile: ValidationProfile,
) -> bool {
    if profile == ValidationProfile::PdfUa1 {
        let xmp = document.xmp.as_ref();
        return !xmp.is_some_and(|xmp| xmp.pdfua_identification_present)
            || !xmp.is_some_and(|xmp| {
                matches!(xmp.pdfua_parts.as_slice(), [part] if xmp_integer_value(part) == Some(1))
            })
            || xmp.is_some_and(|xmp| {
                xmp.pdfua_identification_prefix_failed_tests
                    .iter()
                    .any(|test| matches!(test, 3..=5))
            })
            || (document.encrypted
                && !document
                    .encryption_permissions
                    .is_some_and(|permissions| permissions & 512 == 512))
            || !header.has_valid_pdfa23_header
            || !document.catalog_metadata.is_valid()
            || !xmp.is_some_and(|xmp| xmp.dc_title_present);
    }

    let mut header_failures = ValidationFailures::default();
    validate_header(profile, header, &mut header_failures);
    if !header_failures.is_empty() {
        return true;
    }
    let has_trailer_id = if profile.is_pdfa_2_or_3() {
        if header.is_linearized {
            header
                .first_linearized_trailer_id
                .as_ref()
                .is_some_and(|id| !id.is_empty())
        } else {
            header
                .last_trailer_id
                .as_ref()
                .is_some_and(|id| !id.is_empty())
        }
    } else if header.is_linearized {
        header.has_first_linearized_trailer_id
    } else {
        header.last_trailer_id.is_some() || document.trailer_id.is_some()
    };
    if !has_trailer_id
        || (!profile.is_pdfa_2_or_3()
            && header.is_linearized
            && header.last_trailer_id.is_some()
            && header.first_linearized_trailer_id != header.last_trailer_id)
    {
        return true;
    }

    if document.encrypted
        || !document.catalog_present
        || !document.catalog_metadata.is_valid()
        || (!profile.is_pdfa_2_or_3()
            && document.catalog_metadata.is_stream
            && document.catalog_metadata.has_filter)
        || document.xmp_parse_error.is_some()
    {
        return true;
    }

    let Some(xmp) = document.xmp.as_ref() else {
        return true;
    };
    if xmp.packet_header_has_bytes
        || xmp.packet_header_has_encoding
        || !xmp.pdfa_identification_present
    {
        return true;
    }
    if profile.is_pdfa_2_or_3() && !xmp.actual_encoding_is_utf8 {
        return true;
    }
    if !xmp.invalid_predefined_xmp_properties.is_empty()
        || !xmp.invalid_predefined_xmp_value_types.is_empty()
        || !xmp.undefined_extension_xmp_properties.is_empty()
        || !xmp.invalid_extension_xmp_value_types.is_empty()
        || !xmp.extension_schema_failed_tests.is_empty()
        || xmp
            .identification_prefix_failed_tests
            .iter()
            .any(|test| *test != 7 || profile.is_pdfa_2_or_3())
    {
        return true;
    }
    if !matches!(xmp.pdfa_parts.as_slice(), [part] if xmp_integer_value(part) == profile.pdfa_part().map(i32::from))
    {
        return true;
    }
    let [conformance] = xmp.pdfa_conformances.as_slice() else {
        return true;
    };
    match profile {
        ValidationProfile::PdfA1a | ValidationProfile::PdfA2a | ValidationProfile::PdfA3a => {
            conformance != "A"
        }
        ValidationProfile::PdfA2u | ValidationProfile::PdfA3u => conformance != "U",
        ValidationProfile::PdfA2b | ValidationProfile::PdfA3b => conformance != "B",
        ValidationProfile::PdfA1b => !matches!(conformance.as_str(), "A" | "B"),
        ValidationProfile::PdfUa1 => true,
    }
}

fn declared_profile(document: &PdfDocument) -> Result<ValidationProfile, PageError> {
    if let Some(error) = &document.xmp_parse_error {
        return Err(PageError::InvalidProfileDeclaration(format!(
            "XMP metadata could not be parsed: {error}"
        )));
    }
    let Some(xmp) = &document.xmp else {
        return Err(PageError::MissingProfileDeclaration);
    };

    match (
        xmp.pdfa_identification_present,
        xmp.pdfua_identification_present,
    ) {
        (false, false) => Err(PageError::MissingProfileDeclaration),
        (true, true) => Err(PageError::InvalidProfileDeclaration(
            "both PDF/A and PDF/UA identification schemas are present".to_owned(),
        )),
        (true, false) => declared_pdfa_profile(xmp),
        (false, true) => declared_pdfua_profile(xmp),
    }
}

fn declared_pdfa_profile(
    xmp: &crate::metadata::XmpMetadata,
) -> Result<ValidationProfile, PageError> {
    let [part] = xmp.pdfa_parts.as_slice() else {
        return Err(PageError::InvalidProfileDeclaration(format!(
            "expected exactly one pdfaid:part value, found {:?}",
            xmp.pdfa_parts
        )));
    };
    let part = xmp_integer_value(part).ok_or_else(|| {
        PageError::InvalidProfileDeclaration(format!(
            "pdfaid:part value {:?} is not an integer",
            part
        ))
    })?;
    let conformance = match xmp.pdfa_conformances.as_slice() {
        [] => None,
        [conformance] => Some(conformance.as_str()),
        values => {
            return Err(PageError::InvalidProfileDeclaration(format!(
                "expected at most one pdfaid:conformance value, found {values:?}"
            )));
        }
    };

    match (part, conformance) {
        (1, Some("A")) => Ok(ValidationProfile::PdfA1a),
        (1, Some("B")) => Ok(ValidationProfile::PdfA1b),
        (2, Some("A")) => Ok(ValidationProfile::PdfA2a),
        (2, Some("B")) => Ok(ValidationProfile::PdfA2b),
        (2, Some("U")) => Ok(ValidationProfile::PdfA2u),
        (3, Some("A")) => Ok(ValidationProfile::PdfA3a),
        (3, Some("B")) => Ok(ValidationProfile::PdfA3b),
        (3, Some("U")) => Ok(ValidationProfile::PdfA3u),
        _ => Err(PageError::InvalidProfileDeclaration(format!(
            "pdfaid:part {part} and pdfaid:conformance {conformance:?} do not identify a supported PDF/A profile"
        ))),
    }
}

fn declared_pdfua_profile(
    xmp: &crate::metadata::XmpMetadata,
) -> Result<ValidationProfile, PageError> {
    let [part] = xmp.pdfua_parts.as_slice() else {
        return Err(PageError::InvalidProfileDeclaration(format!(
            "expected exactly one pdfuaid:part value, found {:?}",
            xmp.pdfua_parts
        )));
    };
    match xmp_integer_value(part) {
        Some(1) => Ok(ValidationProfile::PdfUa1),
        Some(part) => Err(PageError::InvalidProfileDeclaration(format!(
            "pdfuaid:part {part} does not identify a supported PDF/UA profile"
        ))),
        None => Err(PageError::InvalidProfileDeclaration(format!(
            "pdfuaid:part value {part:?} is not an integer"
        ))),
    }
}

fn validate_document(
    document: PdfDocument,
    inspections: InspectionSummary,
    profile: ValidationProfile,
    mode: ValidationMode,
) -> ValidationReport {
    let failures = collect_validation_failures(&document, &inspections, profile, mode, None);
    finish_report(
        document,
        profile,
        failures,
        profile.implemented_check_count(),
    )
}

fn collect_validation_failures(
    document: &PdfDocument,
    inspections: &InspectionSummary,
    profile: ValidationProfile,
    mode: ValidationMode,
    stage: Option<InspectionStage>,
) -> ValidationFailures {
    let mut failures = ValidationFailures::default();

    macro_rules! finish_if_lazy {
        () => {
            if mode == ValidationMode::Lazy && !failures.is_empty() {
                return failures;
            }
        };
    }

    macro_rules! stop_at_stage {
        ($expected:expr) => {
            if mode == ValidationMode::Lazy && stage == Some($expected) {
                return failures;
            }
        };
    }

    if profile == ValidationProfile::PdfUa1 {
        if !document
            .xmp
            .as_ref()
            .is_some_and(|xmp| xmp.pdfua_identification_present)
        {
            failures.push(failure(
                "ISO 14289-1:2014:5:1",
                "XMP does not contain the PDF/UA Identification schema",
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        finish_if_lazy!();
        if let Some(failure) = require_single_declared_value(
            document.xmp.as_ref().map(|xmp| xmp.pdfua_parts.as_slice()),
            |value| xmp_integer_value(value) == Some(1),
            "ISO 14289-1:2014:5:2",
            "PDF/UA part",
            "pdfuaid:part",
            "one value 1",
            document.xmp_object,
        ) {
            failures.push(failure);
        }
        finish_if_lazy!();
        if document
            .xmp
            .as_ref()
            .is_some_and(|xmp| xmp.pdfua_identification_prefix_failed_tests.contains(&3))
        {
            failures.push(failure(
                "ISO 14289-1:2014:5:3",
                "the PDF/UA identification part property uses a lexical prefix other than pdfuaid",
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        finish_if_lazy!();
        if document
            .xmp
            .as_ref()
            .is_some_and(|xmp| xmp.pdfua_identification_prefix_failed_tests.contains(&4))
        {
            failures.push(failure(
                "ISO 14289-1:2014:5:4",
                "the PDF/UA identification amd property uses a lexical prefix other than pdfuaid",
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        finish_if_lazy!();
        if document
            .xmp
            .as_ref()
            .is_some_and(|xmp| xmp.pdfua_identification_prefix_failed_tests.contains(&5))
        {
            failures.push(failure(
                "ISO 14289-1:2014:5:5",
                "the PDF/UA identification corr property uses a lexical prefix other than pdfuaid",
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        finish_if_lazy!();
        if !inspections.header.has_valid_pdfa23_header {
            failures.push(failure(
                "ISO 14289-1:2014:6.1:1",
                "the file header must match %PDF-1.n with n between 0 and 7",
                None,
                FailureCategory::Conformance,
            ));
        }
        finish_if_lazy!();
        if document.encrypted
            && !document
                .encryption_permissions
                .is_some_and(|permissions| permissions & 512 == 512)
        {
            failures.push(failure(
                "ISO 14289-1:2014:7.16:1",
                "an encrypted document must contain an encryption-dictionary /P entry with bit 10 set",
                document.encryption_dictionary_object,
                FailureCategory::Conformance,
            ));
        }
        finish_if_lazy!();
        if !document.catalog_metadata.is_valid() {
            failures.push(failure(
                "ISO 14289-1:2014:7.1:8",
                "the document catalog Metadata entry must resolve to a stream with /Type /Metadata and /Subtype /XML",
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        finish_if_lazy!();
        if !document
            .xmp
            .as_ref()
            .is_some_and(|xmp| xmp.dc_title_present)
        {
            failures.push(failure(
                "ISO 14289-1:2014:7.1:9",
                "the catalog Metadata stream must contain a dc:title entry",
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        finish_if_lazy!();
        if !inspections.document_features.catalog_contains_lang
            && document
                .xmp
                .as_ref()
                .is_some_and(|xmp| xmp.lang_alt_requires_catalog_language)
        {
            failures.push(failure(
                "ISO 14289-1:2014:7.2:33",
                "a catalog /Lang entry is required when XMP language alternatives provide no natural language",
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        finish_if_lazy!();
        validate_viewer_preferences(&inspections.document_features, &mut failures);
        finish_if_lazy!();
        validate_mark_info(
            &inspections.document_features,
            &mut failures,
            "ISO 14289-1:2014:6.2:1",
            "the document catalog MarkInfo dictionary must contain boolean /Marked true",
        );
        finish_if_lazy!();
        validate_suspects(&inspections.document_features, &mut failures);
        finish_if_lazy!();
        validate_struct_tree_root_presence(
            &inspections.document_features,
            &mut failures,
            "ISO 14289-1:2014:7.1:11",
            "the document catalog must contain a StructTreeRoot entry describing the logical structure hierarchy",
        );
        finish_if_lazy!();
        if inspections.document_features.struct_tree_role_map_has_cycle {
            failures.push(failure(
                "ISO 14289-1:2014:7.1:6",
                "the StructTreeRoot RoleMap must not contain a circular mapping",
                inspections
                    .document_features
                    .struct_tree_root_object_id
                    .or(inspections.document_features.catalog_id),
                FailureCategory::Conformance,
            ));
        }
        if inspections.document_features.struct_tree_has_unmapped_type {
            failures.push(failure(
                "ISO 14289-1:2014:7.1:5",
                "every non-standard structure type must resolve through RoleMap to a standard structure type",
                inspections
                    .document_features
                    .struct_tree_root_object_id
                    .or(inspections.document_features.catalog_id),
                FailureCategory::Conformance,
            ));
        }
        if inspections
            .document_features
            .struct_tree_role_map_has_standard_remap
        {
            failures.push(failure(
                "ISO 14289-1:2014:7.1:7",
                "a standard structure type must not be remapped",
                inspections
                    .document_features
                    .struct_tree_root_object_id
                    .or(inspections.document_features.catalog_id),
                FailureCategory::Conformance,
            ));
        }
        aggregate_failures_with_location(
            &inspections
                .document_features
                .structure_elements_missing_parent,
            "ISO 14289-1:2014:7.1:12",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .form_elements_without_role_with_invalid_children,
            "ISO 14289-1:2014:7.18.4:2",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .toci_elements_not_contained_in_toc,
            "ISO 14289-1:2014:7.2:26",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .tr_elements_not_contained_in_table_section,
            "ISO 14289-1:2014:7.2:4",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .li_elements_not_contained_in_list,
            "ISO 14289-1:2014:7.2:17",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .lbody_elements_not_contained_in_li,
            "ISO 14289-1:2014:7.2:18",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .thead_elements_not_contained_in_table,
            "ISO 14289-1:2014:7.2:5",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .tbody_elements_not_contained_in_table,
            "ISO 14289-1:2014:7.2:6",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .tfoot_elements_not_contained_in_table,
            "ISO 14289-1:2014:7.2:7",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .th_elements_not_contained_in_tr,
            "ISO 14289-1:2014:7.2:8",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .td_elements_not_contained_in_tr,
            "ISO 14289-1:2014:7.2:9",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .tr_elements_with_invalid_children,
            "ISO 14289-1:2014:7.2:10",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .toc_elements_with_invalid_children,
            "ISO 14289-1:2014:7.2:27",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .toc_elements_with_caption_not_first,
            "ISO 14289-1:2014:7.2:28",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .list_elements_with_caption_not_first,
            "ISO 14289-1:2014:7.2:40",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .list_elements_with_invalid_children,
            "ISO 14289-1:2014:7.2:19",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .list_items_with_invalid_children,
            "ISO 14289-1:2014:7.2:20",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_invalid_children,
            "ISO 14289-1:2014:7.2:3",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .thead_elements_with_invalid_children,
            "ISO 14289-1:2014:7.2:36",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .tbody_elements_with_invalid_children,
            "ISO 14289-1:2014:7.2:37",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .tfoot_elements_with_invalid_children,
            "ISO 14289-1:2014:7.2:38",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_multiple_captions,
            "ISO 14289-1:2014:7.2:39",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_caption_not_first_or_last,
            "ISO 14289-1:2014:7.2:16",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_multiple_theads,
            "ISO 14289-1:2014:7.2:11",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_multiple_tfoots,
            "ISO 14289-1:2014:7.2:12",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_tfoot_without_tbody,
            "ISO 14289-1:2014:7.2:13",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_thead_without_tbody,
            "ISO 14289-1:2014:7.2:14",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_unequal_column_row_spans,
            "ISO 14289-1:2014:7.2:41",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_row_column_span_overflows,
            "ISO 14289-1:2014:7.2:42",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_elements_with_missing_columns,
            "ISO 14289-1:2014:7.2:43",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.document_features.table_cells_with_intersections,
            "ISO 14289-1:2014:7.2:15",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_cells_with_undetermined_headers,
            "ISO 14289-1:2014:7.5:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .table_cells_with_undefined_headers,
            "ISO 14289-1:2014:7.5:2",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .figure_elements_missing_alternative_text,
            "ISO 14289-1:2014:7.3:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .formula_elements_missing_alternative_text,
            "ISO 14289-1:2014:7.7:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.document_features.note_elements_missing_id,
            "ISO 14289-1:2014:7.9:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .note_elements_with_duplicate_id,
            "ISO 14289-1:2014:7.9:2",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.document_features.optional_content_missing_names,
            "ISO 14289-1:2014:7.10:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.document_features.optional_content_as_entries,
            "ISO 14289-1:2014:7.10:2",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .file_specs_missing_or_empty_f_or_uf,
            "ISO 14289-1:2014:7.11:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.actions.file_specs_missing_or_empty_f_or_uf,
            "ISO 14289-1:2014:7.11:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .heading_elements_with_invalid_nesting,
            "ISO 14289-1:2014:7.4.2:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .structure_elements_with_multiple_h_children,
            "ISO 14289-1:2014:7.4.4:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections
                .document_features
                .heading_elements_with_h_in_presence_of_hn,
            "ISO 14289-1:2014:7.4.4:2",
            None,
            &mut failures,
        );
        stop_at_stage!(InspectionStage::DocumentFeatures);
        aggregate_failures_with_location(
            &inspections.content.artifacts_inside_tagged_content,
            "ISO 14289-1:2014:7.1:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.content.tagged_content_inside_artifacts,
            "ISO 14289-1:2014:7.1:2",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.content.untagged_content,
            "ISO 14289-1:2014:7.1:3",
            None,
            &mut failures,
        );
        for (object_id, form) in &inspections.content.form_xobjects {
            if form.contains_mcid && form.references > 1 {
                failures.push(failure(
                    "ISO 14289-1:2014:7.20:2",
                    format!(
                        "Form XObject contains marked content with MCIDs and is referenced {} times; its semantic parent is not unique",
                        form.references
                    ),
                    Some((*object_id).into()),
                    FailureCategory::Conformance,
                ));
            }
        }
        stop_at_stage!(InspectionStage::Content);
        let mut pdfua_language_failures = inspections
            .document_features
            .language_failures_pdfua1
            .clone();
        pdfua_language_failures
            .extend(inspections.content.language_failures_pdfua1.iter().cloned());
        aggregate_failures_with_location(
            &pdfua_language_failures,
            "ISO 14289-1:2014:7.2:29",
            None,
            &mut failures,
        );
        if !inspections.document_features.catalog_contains_lang {
            aggregate_failures_with_location(
                &inspections.actions.outline_entries,
                "ISO 14289-1:2014:7.2:2",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections.document_features.actual_text_language_failures,
                "ISO 14289-1:2014:7.2:21",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections.document_features.alt_text_language_failures,
                "ISO 14289-1:2014:7.2:22",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections
                    .document_features
                    .expansion_text_language_failures,
                "ISO 14289-1:2014:7.2:23",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections.content.span_actual_text_language_failures,
                "ISO 14289-1:2014:7.2:30",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections.content.span_alt_text_language_failures,
                "ISO 14289-1:2014:7.2:31",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections.content.span_expansion_text_language_failures,
                "ISO 14289-1:2014:7.2:32",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections.content.text_language_failures,
                "ISO 14289-1:2014:7.2:34",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections.annotations.contents_language_failures,
                "ISO 14289-1:2014:7.2:24",
                None,
                &mut failures,
            );
            aggregate_failures_with_location(
                &inspections.forms.tu_language_failures,
                "ISO 14289-1:2014:7.2:25",
                None,
                &mut failures,
            );
        }
        aggregate_failures(
            &inspections.forms.dynamic_xfa_forms,
            "ISO 14289-1:2014:7.15:1",
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.annotations.annotations_not_nested_in_annot,
            "ISO 14289-1:2014:7.18.1:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.annotations.links_not_nested_in_link,
            "ISO 14289-1:2014:7.18.5:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.annotations.links_missing_contents,
            "ISO 14289-1:2014:7.18.5:2",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.annotations.annotations_missing_contents_or_alt,
            "ISO 14289-1:2014:7.18.1:2",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.annotations.trapnet_annotations,
            "ISO 14289-1:2014:7.18.2:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.annotations.printer_mark_annotations,
            "ISO 14289-1:2014:7.18.8:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.annotations.pages_missing_tabs,
            "ISO 14289-1:2014:7.18.3:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.forms.widgets_missing_tu_or_alt,
            "ISO 14289-1:2014:7.18.1:3",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.forms.widgets_not_nested_in_form,
            "ISO 14289-1:2014:7.18.4:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.xobjects.form_reference,
            "ISO 14289-1:2014:7.20:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.actions.media_clips_missing_ct,
            "ISO 14289-1:2014:7.18.6.2:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.actions.media_clips_missing_alt,
            "ISO 14289-1:2014:7.18.6.2:2",
            None,
            &mut failures,
        );
        stop_at_stage!(InspectionStage::Actions);
        stop_at_stage!(InspectionStage::Forms);
        stop_at_stage!(InspectionStage::Annotations);
        aggregate_failures_with_location(
            &inspections
                .font_embedding
                .incompatible_type0_system_info_pdfua1,
            "ISO 14289-1:2014:7.21.3.1:1",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.4.1-1 shares the content-reached font population and
        // validated font-program recognition used by PDF/A font embedding.
        aggregate_failures_with_location(
            &inspections.font_embedding.failures,
            "ISO 14289-1:2014:7.21.4.1:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.font_embedding.invalid_type1_charsets_pdfua1,
            "ISO 14289-1:2014:7.21.4.2:1",
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.font_embedding.invalid_cid_subset_cidsets_pdfua1,
            "ISO 14289-1:2014:7.21.4.2:2",
            None,
            &mut failures,
        );
        // Reuse the shared rendered-glyph scanners. Mode-3-only text has no
        // shown bytes, and unresolved mappings cannot establish a glyph
        // identity to check.
        let mut glyph_presence_failures = inspections
            .font_embedding
            .missing_truetype_glyphs
            .iter()
            .chain(&inspections.font_embedding.missing_type1_glyphs)
            .cloned()
            .collect::<Vec<_>>();
        glyph_presence_failures.sort_by(|left, right| {
            left.object_id
                .cmp(&right.object_id)
                .then_with(|| left.description.cmp(&right.description))
        });
        aggregate_failures_with_location(
            &glyph_presence_failures,
            "ISO 14289-1:2014:7.21.4.1:2",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.5-1 shares the rendered embedded-font width scanner
        // with PDF/A. It allows a tolerance of one font unit and covers
        // simple, composite, Type 1, Type 1C, and Type 3 font programs.
        aggregate_failures_with_location(
            &inspections.font_embedding.inconsistent_truetype_widths,
            "ISO 14289-1:2014:7.21.5:1",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.6-1 shares the bounded embedded TrueType cmap
        // summary with PDF/A-2/3. Non-symbolic fonts need at least one
        // non-symbol cmap, and need more than one when a Microsoft Symbol
        // cmap is present.
        aggregate_failures_with_location(
            &inspections
                .font_embedding
                .invalid_nonsymbolic_truetype_cmaps,
            "ISO 14289-1:2014:7.21.6:1",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.6-2 reuses the shared simple-font encoding parser and
        // embedded TrueType cmap scanner. Its cmap requirement is stricter
        // than 7.21.6-1: an embedded non-symbolic TrueType font must contain
        // Microsoft Unicode (3,1), regardless of whether Differences exists.
        aggregate_failures_with_location(
            &inspections
                .font_embedding
                .invalid_nonsymbolic_truetype_encodings_pdfua1,
            "ISO 14289-1:2014:7.21.6:2",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.6-3 reuses the shared TrueType descriptor and
        // dictionary inspection: symbolic TrueType fonts must not contain
        // an /Encoding entry in the font dictionary.
        aggregate_failures_with_location(
            &inspections
                .font_embedding
                .invalid_symbolic_truetype_encodings,
            "ISO 14289-1:2014:7.21.6:3",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.6-4 reuses the bounded embedded TrueType cmap
        // summary. Multiple subtables are permitted when a Microsoft Symbol
        // cmap is present.
        aggregate_failures_with_location(
            &inspections
                .font_embedding
                .invalid_symbolic_truetype_cmaps_pdfa2,
            "ISO 14289-1:2014:7.21.6:4",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.7-1 reuses the shared rendered-glyph Unicode mapper,
        // including mappings from standard simple-font encodings, Type 1
        // character names, and Adobe character collections.
        aggregate_failures_with_location(
            &inspections.font_embedding.invalid_unicode_mappings,
            "ISO 14289-1:2014:7.21.7:1",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.7-2 reuses the shared ToUnicode CMap parser and
        // reserved-value scanner. The scanner rejects U+0000, U+FEFF, and
        // U+FFFE for every font usage, including invisible text.
        aggregate_failures_with_location(
            &inspections.font_embedding.invalid_unicode_values_pdfua1,
            "ISO 14289-1:2014:7.21.7:2",
            None,
            &mut failures,
        );
        // PDF/UA-1 7.21.8-1 reuses the shared glyph-name/CID resolution but
        // retains text-showing operators made invisible by rendering mode 3.
        aggregate_failures_with_location(
            &inspections.font_embedding.notdef_glyphs_pdfua1,
            "ISO 14289-1:2014:7.21.8:1",
            None,
            &mut failures,
        );
        // PDF/UA-1 uses the same embedded Type 2 CIDFont population and
        // CIDToGIDMap shape as PDF/A-2 and PDF/A-3, without their rendering
        // mode exemption. Reuse the already broader applicability vector.
        aggregate_failures_with_location(
            &inspections.font_embedding.invalid_cid_to_gid_maps_pdfa2,
            "ISO 14289-1:2014:7.21.3.2:1",
            None,
            &mut failures,
        );
        // Reuse the font scanner's used Type 0 encoding CMaps, including
        // non-predefined CMaps referenced by them.
        aggregate_failures_with_location(
            &inspections.font_embedding.unembedded_cmaps,
            "ISO 14289-1:2014:7.21.3.3:1",
            None,
            &mut failures,
        );
        // Reuse the shared embedded-CMap WMode comparison. Its applicability
        // is already limited to the embedded Type 0 CMaps inspected by the
        // font scanner.
        aggregate_failures_with_location(
            &inspections.font_embedding.invalid_cmap_wmodes,
            "ISO 14289-1:2014:7.21.3.3:2",
            None,
            &mut failures,
        );
        // Inspect CMap references used by Type 0 fonts and accept only the
        // predefined names listed in Table 118. This also implements
        // PDF/UA-1 rule 7.21.3.3-3.
        aggregate_failures_with_location(
            &inspections.font_embedding.invalid_cmap_references,
            "ISO 14289-1:2014:7.21.3.3:3",
            None,
            &mut failures,
        );
        return failures;
    }

    if document.encrypted {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.3:2", "6.1.3:2", "6.1.3:2"),
            "PDF/A-1b does not permit encryption",
            None,
            FailureCategory::Conformance,
        ));
        if document.encrypted_content_unavailable {
            return failures;
        }
    }
    finish_if_lazy!();
    validate_header(profile, &inspections.header, &mut failures);
    finish_if_lazy!();
    let has_trailer_id = if profile.is_pdfa_2_or_3() {
        if inspections.header.is_linearized {
            inspections
                .header
                .first_linearized_trailer_id
                .as_ref()
                .is_some_and(|id| !id.is_empty())
        } else {
            inspections
                .header
                .last_trailer_id
                .as_ref()
                .is_some_and(|id| !id.is_empty())
        }
    } else if inspections.header.is_linearized {
        inspections.header.has_first_linearized_trailer_id
    } else {
        inspections.header.last_trailer_id.is_some() || document.trailer_id.is_some()
    };
    if !has_trailer_id {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.3:1", "6.1.3:1", "6.1.3:1"),
            "the applicable document trailer does not contain an ID entry",
            None,
            FailureCategory::Conformance,
        ));
    }
    finish_if_lazy!();
    if !profile.is_pdfa_2_or_3()
        && inspections.header.is_linearized
        && inspections.header.last_trailer_id.is_some()
        && inspections.header.first_linearized_trailer_id != inspections.header.last_trailer_id
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.3:4", "", ""),
            "the first-page and last trailer ID values differ in a linearized PDF",
            None,
            FailureCategory::Conformance,
        ));
    }
    finish_if_lazy!();
    let metadata = &document.catalog_metadata;
    if !metadata.is_valid() {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.7.2:1", "6.6.2.1:1", "6.6.2.1:1"),
            "catalog Metadata must resolve to a stream with /Type /Metadata and /Subtype /XML",
            document.xmp_object,
            FailureCategory::Metadata,
        ));
    }
    finish_if_lazy!();
    if !profile.is_pdfa_2_or_3() && metadata.is_stream && metadata.has_filter {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.7.2:2", "", ""),
            "the catalog metadata stream dictionary contains a Filter key",
            document.xmp_object,
            FailureCategory::Metadata,
        ));
    }
    finish_if_lazy!();

    if let Some(error) = &document.xmp_parse_error {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.7.9:1", "6.6.2.1:4", "6.6.2.1:4"),
            format!("XMP metadata cannot be parsed: {error}"),
            document.xmp_object,
            FailureCategory::Metadata,
        ));
    }
    finish_if_lazy!();

    let xmp = document.xmp.as_ref();
    if xmp.is_some_and(|xmp| xmp.packet_header_has_bytes) {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.7.5:1", "6.6.2.1:2", "6.6.2.1:2"),
            "the XMP packet header contains the forbidden bytes attribute",
            document.xmp_object,
            FailureCategory::Metadata,
        ));
    }
    if xmp.is_some_and(|xmp| xmp.packet_header_has_encoding) {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.7.5:2", "6.6.2.1:3", "6.6.2.1:3"),
            "the XMP packet header contains the forbidden encoding attribute",
            document.xmp_object,
            FailureCategory::Metadata,
        ));
    }
    if profile.is_pdfa_2_or_3() && xmp.is_some_and(|xmp| !xmp.actual_encoding_is_utf8) {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "", "6.6.2.1:5", "6.6.2.1:5"),
            "the XMP package must be encoded as UTF-8",
            document.xmp_object,
            FailureCategory::Metadata,
        ));
    }
    if let Some(xmp) = xmp {
        if !profile.is_pdfa_2_or_3() && !xmp.invalid_predefined_xmp_properties.is_empty() {
            failures.push(failure(
                iso_pdfa_rule_id!(profile, "6.7.9:2", "", ""),
                format!(
                    "XMP uses undefined predefined-schema properties: {}",
                    xmp.invalid_predefined_xmp_properties
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        if !xmp.invalid_predefined_xmp_value_types.is_empty() {
            failures.push(failure(
                iso_pdfa_rule_id!(profile, "6.7.9:3", "6.6.2.3.1:2", "6.6.2.3.1:2"),
                format!(
                    "XMP predefined-schema properties use incompatible value shapes: {}",
                    xmp.invalid_predefined_xmp_value_types
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        if !profile.is_pdfa_2_or_3() && !xmp.undefined_extension_xmp_properties.is_empty() {
            failures.push(failure(
                iso_pdfa_rule_id!(profile, "6.7.9:2", "6.6.2.3.1:1", "6.6.2.3.1:1"),
                format!(
                    "XMP extension properties are absent from the current extension schemas: {}",
                    xmp.undefined_extension_xmp_properties
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        if profile.is_pdfa_2_or_3()
            && (!xmp.invalid_predefined_xmp_properties.is_empty()
                || !xmp.undefined_extension_xmp_properties.is_empty())
        {
            failures.push(failure(
                iso_pdfa_rule_id!(profile, "", "6.6.2.3.1:1", "6.6.2.3.1:1"),
                "XMP contains a property not defined by a predefined or declared extension schema",
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        if !xmp.invalid_extension_xmp_value_types.is_empty() {
            failures.push(failure(
                iso_pdfa_rule_id!(profile, "6.7.9:3", "6.6.2.3.1:2", "6.6.2.3.1:2"),
                format!(
                    "XMP extension properties use incompatible declared value shapes: {}",
                    xmp.invalid_extension_xmp_value_types
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        for test in &xmp.extension_schema_failed_tests {
            let Some((rule_id, message)) = extension_schema_rule(profile, *test) else {
                continue;
            };
            failures.push(failure(
                rule_id,
                message,
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
        for test in &xmp.identification_prefix_failed_tests {
            if *test == 7 && !profile.is_pdfa_2_or_3() {
                continue;
            }
            let Some((rule_id, property)) = identification_prefix_rule(profile, *test) else {
                continue;
            };
            failures.push(failure(
                rule_id,
                format!(
                    "the PDF/A identification {property} property uses a lexical prefix other than pdfaid"
                ),
                document.xmp_object,
                FailureCategory::Metadata,
            ));
        }
    }
    finish_if_lazy!();
    if !xmp.is_some_and(|xmp| xmp.pdfa_identification_present) {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.7.11:1", "6.6.4:1", "6.6.4:1"),
            "XMP does not contain the PDF/A Identification schema",
            document.xmp_object,
            FailureCategory::Metadata,
        ));
    }
    finish_if_lazy!();

    if xmp.is_some_and(|xmp| xmp.pdfa_identification_present) {
        let expected_part = match profile.pdfa_part() {
            Some(1) => "one value 1",
            Some(2) => "one value 2",
            Some(3) => "one value 3",
            _ => "the selected PDF/A part",
        };
        if let Some(failure) = require_single_declared_value(
            xmp.map(|xmp| xmp.pdfa_parts.as_slice()),
            |value| xmp_integer_value(value) == profile.pdfa_part().map(i32::from),
            iso_pdfa_rule_id!(profile, "6.7.11:2", "6.6.4:2", "6.6.4:2"),
            "PDF/A part",
            "pdfaid:part",
            expected_part,
            document.xmp_object,
        ) {
            failures.push(failure);
        }

        let (conformance_rule, expected_conformance) = match profile {
            ValidationProfile::PdfA1a => (
                iso_pdfa_rule_id!(profile, "6.7.11:3", "6.6.4:3", "6.6.4:3"),
                "one A",
            ),
            ValidationProfile::PdfA2a | ValidationProfile::PdfA3a => (
                iso_pdfa_rule_id!(profile, "6.7.11:3", "6.6.4:3", "6.6.4:3"),
                "one A",
            ),
            ValidationProfile::PdfA2u | ValidationProfile::PdfA3u => (
                iso_pdfa_rule_id!(profile, "6.7.11:3", "6.6.4:3", "6.6.4:3"),
                "one U",
            ),
            _ => (
                iso_pdfa_rule_id!(profile, "6.7.11:3", "6.6.4:3", "6.6.4:3"),
                "one B",
            ),
        };
        if let Some(failure) = require_single_declared_value(
            xmp.map(|xmp| xmp.pdfa_conformances.as_slice()),
            |value| match profile {
                ValidationProfile::PdfA1a => value == "A",
                ValidationProfile::PdfA2a | ValidationProfile::PdfA3a => value == "A",
                ValidationProfile::PdfA2u | ValidationProfile::PdfA3u => value == "U",
                ValidationProfile::PdfA2b | ValidationProfile::PdfA3b => value == "B",
                _ => matches!(value, "A" | "B"),
            },
            conformance_rule,
            "PDF/A conformance",
            "pdfaid:conformance",
            expected_conformance,
            document.xmp_object,
        ) {
            failures.push(failure);
        }
    }
    finish_if_lazy!();

    if !profile.is_pdfa_2_or_3() {
        validate_info_consistency(profile, document, &mut failures);
    }
    finish_if_lazy!();

    if profile.requires_tagged_structure() {
        validate_tagged_document(profile, &inspections.document_features, &mut failures);
        validate_structure_tree(profile, &inspections.document_features, &mut failures);
        let document_language_failures = if profile.is_pdfa_2_or_3() {
            &inspections.document_features.language_failures_pdfa23
        } else {
            &inspections.document_features.language_failures
        };
        let content_language_failures = if profile.is_pdfa_2_or_3() {
            &inspections.content.language_failures_pdfa23
        } else {
            &inspections.content.language_failures
        };
        aggregate_failures_with_location(
            document_language_failures,
            iso_pdfa_rule_id!(profile, "6.8.4:1", "6.7.4:1", "6.7.4:1"),
            None,
            &mut failures,
        );
        aggregate_failures_with_location(
            content_language_failures,
            iso_pdfa_rule_id!(profile, "6.8.4:1", "6.7.4:1", "6.7.4:1"),
            None,
            &mut failures,
        );
    }
    finish_if_lazy!();

    validate_output_intents(profile, document, &mut failures);
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::Content);

    aggregate_failures_with_location(
        if profile.is_pdfa_2_or_3() {
            &inspections.icc_based.failures_pdfa2
        } else {
            &inspections.icc_based.failures
        },
        iso_pdfa_rule_id!(profile, "6.2.3.2:1", "6.2.4.2:1", "6.2.4.2:1"),
        Some("direct profile"),
        &mut failures,
    );
    aggregate_failures_with_location(
        &inspections.icc_based.component_failures,
        iso_pdfa_rule_id!(profile, "6.2.3.2:2", "6.2.4.2:1", "6.2.4.2:1"),
        Some("direct profile"),
        &mut failures,
    );
    aggregate_failures_with_location(
        if profile.is_pdfa_2_or_3() {
            &inspections.icc_based.invalid_devicen_components_pdfa2
        } else {
            &inspections.icc_based.invalid_devicen_components
        },
        iso_pdfa_rule_id!(profile, "6.1.12:9", "6.1.13:9", "6.1.13:9"),
        Some("direct DeviceN space"),
        &mut failures,
    );
    if profile.is_pdfa_2_or_3() {
        aggregate_failures_with_location(
            &inspections.icc_based.invalid_devicen_colorants,
            iso_pdfa_rule_id!(profile, "", "6.2.4.4:1", "6.2.4.4:1"),
            Some("direct DeviceN space"),
            &mut failures,
        );
        aggregate_failures_with_location(
            &inspections.icc_based.inconsistent_separations,
            iso_pdfa_rule_id!(profile, "", "6.2.4.4:2", "6.2.4.4:2"),
            None,
            &mut failures,
        );
    }
    finish_if_lazy!();
    let output_color_space = pdfa_output_color_space(document);
    validate_device_color_spaces(
        profile,
        output_color_space,
        &inspections.icc_based,
        &mut failures,
    );
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::IccBased);
    validate_xobjects(profile, &inspections.xobjects, &mut failures);
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::XObjects);
    validate_graphics(
        profile,
        &inspections.graphics,
        &inspections.content,
        output_color_space,
        &mut failures,
    );
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::Graphics);
    validate_annotations(
        output_color_space,
        profile,
        &inspections.annotations,
        &mut failures,
    );
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::Annotations);
    validate_actions(profile, &inspections.actions, &mut failures);
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::Actions);
    validate_forms(profile, &inspections.forms, &mut failures);
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::Forms);
    validate_document_features(
        profile,
        &inspections.document_features,
        &inspections.actions,
        &mut failures,
    );
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::DocumentFeaturesComplete);
    if profile.is_pdfa_2_or_3() {
        let mut invalid_unicode_names = inspections.unicode_names.failures.clone();
        invalid_unicode_names.extend(
            inspections
                .document_features
                .invalid_unicode_structure_types
                .iter()
                .cloned(),
        );
        aggregate_failures(
            &invalid_unicode_names,
            iso_pdfa_rule_id!(profile, "", "6.1.8:1", "6.1.8:1"),
            &mut failures,
        );
    }
    validate_pdf_specifications(
        profile,
        &inspections.document_features,
        &inspections.actions,
        &mut failures,
    );
    validate_object_limits(
        profile,
        &inspections.object_limits,
        &inspections.content,
        &mut failures,
    );
    validate_stream_safety(
        profile,
        &inspections.stream_safety,
        &inspections.content,
        &mut failures,
    );
    finish_if_lazy!();
    stop_at_stage!(InspectionStage::StreamSafety);

    stop_at_stage!(InspectionStage::UnicodeNames);
    validate_font_dictionaries(profile, &inspections.font_embedding, &mut failures);
    if profile.requires_unicode_mapping() {
        let invalid_unicode_mappings = if profile.is_pdfa_2_or_3() {
            inspections
                .font_embedding
                .invalid_unicode_mappings
                .iter()
                .filter(|failure| {
                    !inspections
                        .font_embedding
                        .unicode_mapping_type3_exemptions
                        .iter()
                        .any(|type3_failure| {
                            type3_failure.object_id == failure.object_id
                                && type3_failure.description == failure.description
                        })
                })
                .cloned()
                .collect::<Vec<_>>()
        } else {
            inspections.font_embedding.invalid_unicode_mappings.clone()
        };
        aggregate_failures(
            &invalid_unicode_mappings,
            iso_pdfa_rule_id!(profile, "6.3.8:1", "6.2.11.7.2:1", "6.2.11.7.2:1"),
            &mut failures,
        );
    }
    if profile.is_pdfa_2_or_3() && profile.requires_unicode_mapping() {
        aggregate_failures(
            &inspections.font_embedding.invalid_unicode_values,
            iso_pdfa_rule_id!(profile, "", "6.2.11.7.2:2", "6.2.11.7.2:2"),
            &mut failures,
        );
    }
    finish_if_lazy!();
    if matches!(
        profile,
        ValidationProfile::PdfA2a | ValidationProfile::PdfA3a
    ) {
        aggregate_failures(
            &inspections.font_embedding.unicode_pua_without_actual_text,
            iso_pdfa_rule_id!(profile, "", "6.2.11.7.3:1", "6.2.11.7.3:1"),
            &mut failures,
        );
    }
    if profile.is_pdfa_2_or_3() {
        aggregate_failures(
            &inspections.font_embedding.notdef_glyphs,
            iso_pdfa_rule_id!(profile, "", "6.2.11.8:1", "6.2.11.8:1"),
            &mut failures,
        );
    }
    validate_font_embedding(profile, &inspections.font_embedding, &mut failures);

    failures
}

fn validate_tagged_document(
    profile: ValidationProfile,
    features: &crate::document_features::DocumentFeatureSummary,
    failures: &mut ValidationFailures,
) {
    validate_mark_info(
        features,
        failures,
        iso_pdfa_rule_id!(profile, "6.8.2.2:1", "6.7.2.2:1", "6.7.2.2:1"),
        "the document catalog MarkInfo dictionary must contain boolean /Marked true",
    );
}

fn validate_mark_info(
    features: &crate::document_features::DocumentFeatureSummary,
    failures: &mut ValidationFailures,
    rule_id: impl Into<Option<&'static str>>,
    message: &'static str,
) {
    if !features.mark_info_is_dictionary || features.marked != Some(true) {
        failures.push(failure(
            rule_id,
            message,
            features.mark_info_object_id.or(features.catalog_id),
            FailureCategory::Conformance,
        ));
    }
}

fn validate_suspects(
    features: &crate::document_features::DocumentFeatureSummary,
    failures: &mut ValidationFailures,
) {
    if features.suspects == Some(true) {
        failures.push(failure(
            "ISO 14289-1:2014:7.1:4",
            "the document catalog MarkInfo dictionary must not contain boolean /Suspects true",
            features.mark_info_object_id.or(features.catalog_id),
            FailureCategory::Conformance,
        ));
    }
}

fn validate_viewer_preferences(
    features: &crate::document_features::DocumentFeatureSummary,
    failures: &mut ValidationFailures,
) {
    if !features.viewer_preferences_is_dictionary || features.display_doc_title != Some(true) {
        failures.push(failure(
            "ISO 14289-1:2014:7.1:10",
            "the document catalog ViewerPreferences dictionary must contain boolean /DisplayDocTitle true",
            features
                .viewer_preferences_object_id
                .or(features.catalog_id),
            FailureCategory::Conformance,
        ));
    }
}

fn validate_structure_tree(
    profile: ValidationProfile,
    features: &crate::document_features::DocumentFeatureSummary,
    failures: &mut ValidationFailures,
) {
    if !features.struct_tree_root_present || !features.struct_tree_root_valid {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.8.3.3:1", "6.7.3.3:1", "6.7.3.3:1"),
            "the document catalog must contain a StructTreeRoot entry describing the logical structure hierarchy",
            features.struct_tree_root_object_id.or(features.catalog_id),
            FailureCategory::Conformance,
        ));
    }
    if features.struct_tree_role_map_has_cycle {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.8.3.4:2", "6.7.3.4:2", "6.7.3.4:2"),
            "the StructTreeRoot RoleMap must not contain a circular mapping",
            features.struct_tree_root_object_id.or(features.catalog_id),
            FailureCategory::Conformance,
        ));
    }
    if features.struct_tree_has_unmapped_type {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.8.3.4:1", "6.7.3.4:1", "6.7.3.4:1"),
            "every non-standard structure type must resolve through RoleMap to a standard structure type",
            features.struct_tree_root_object_id.or(features.catalog_id),
            FailureCategory::Conformance,
        ));
    }
    if profile.is_pdfa_2_or_3() && features.struct_tree_role_map_has_standard_remap {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "", "6.7.3.4:3", "6.7.3.4:3"),
            "a standard structure type must not be remapped",
            features.struct_tree_root_object_id,
            FailureCategory::Conformance,
        ));
    }
}

fn validate_struct_tree_root_presence(
    features: &crate::document_features::DocumentFeatureSummary,
    failures: &mut ValidationFailures,
    rule_id: &'static str,
    message: &'static str,
) {
    if !features.struct_tree_root_present {
        failures.push(failure(
            rule_id,
            message,
            features.struct_tree_root_object_id.or(features.catalog_id),
            FailureCategory::Conformance,
        ));
    }
}

fn validate_header(
    profile: ValidationProfile,
    header: &crate::syntax::HeaderSummary,
    failures: &mut ValidationFailures,
) {
    let valid = if profile.is_pdfa_2_or_3() {
        header.has_valid_pdfa23_header
    } else {
        header.has_valid_header
    };
    if !valid {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.2:1", "6.1.2:1", "6.1.2:1"),
            "the file must start with a PDF header in the form %PDF-n.m",
            None,
            FailureCategory::Conformance,
        ));
    }
    if !header.has_binary_comment {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.2:2", "6.1.2:2", "6.1.2:2"),
            "the PDF header must be immediately followed by a comment with four bytes above 127",
            None,
            FailureCategory::Conformance,
        ));
    }
    if header.has_post_eof_data {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.3:3", "6.1.3:3", "6.1.3:3"),
            "data follows the last %%EOF marker",
            None,
            FailureCategory::Conformance,
        ));
    }
}

fn validate_object_limits(
    profile: ValidationProfile,
    limits: &crate::object_limits::ObjectLimitsSummary,
    content: &crate::content_support::ContentExecutionSummary,
    failures: &mut ValidationFailures,
) {
    let checks = [
        (
            iso_pdfa_rule_id!(profile, "6.1.12:1", "6.1.13:1", "6.1.13:1"),
            "an integer is outside the inclusive PDF/A-1 range",
            limits.out_of_range_integers.as_slice(),
        ),
        (
            iso_pdfa_rule_id!(profile, "6.1.12:2", "6.1.13:2", "6.1.13:2"),
            "a real number is outside the inclusive PDF/A range",
            if profile.is_pdfa_2_or_3() {
                limits.out_of_range_reals_pdfa_2.as_slice()
            } else {
                limits.out_of_range_reals.as_slice()
            },
        ),
        (
            iso_pdfa_rule_id!(profile, "6.1.12:3", "6.1.13:3", "6.1.13:3"),
            "a string exceeds the PDF/A string-length limit",
            if profile.is_pdfa_2_or_3() {
                limits.overlong_strings_pdfa_2.as_slice()
            } else {
                limits.overlong_strings.as_slice()
            },
        ),
        (
            iso_pdfa_rule_id!(profile, "6.1.12:4", "6.1.13:4", "6.1.13:4"),
            "a name exceeds the 127-byte PDF/A-1 limit",
            limits.overlong_names.as_slice(),
        ),
        (
            iso_pdfa_rule_id!(profile, "6.1.12:5", "", ""),
            "an array exceeds the 8,191-entry PDF/A-1 limit",
            if profile.is_pdfa_2_or_3() {
                &[][..]
            } else {
                limits.oversized_arrays.as_slice()
            },
        ),
        (
            iso_pdfa_rule_id!(profile, "6.1.12:6", "", ""),
            "a dictionary exceeds the 4,095-entry PDF/A-1 limit",
            if profile.is_pdfa_2_or_3() {
                &[][..]
            } else {
                limits.oversized_dictionaries.as_slice()
            },
        ),
    ];
    for (rule_id, description, objects) in checks {
        if !objects.is_empty() {
            failures.push(failure(
                rule_id,
                description,
                only(objects).copied(),
                FailureCategory::Conformance,
            ));
        }
    }
    aggregate_failures_with_location(
        &content.out_of_range_integers,
        iso_pdfa_rule_id!(profile, "6.1.12:1", "6.1.13:1", "6.1.13:1"),
        None,
        failures,
    );
    if !profile.is_pdfa_2_or_3() {
        aggregate_failures_with_location(
            &content.out_of_range_reals,
            iso_pdfa_rule_id!(profile, "6.1.12:2", "", ""),
            None,
            failures,
        );
        aggregate_failures_with_location(
            &content.overlong_strings,
            iso_pdfa_rule_id!(profile, "6.1.12:3", "6.1.13:3", "6.1.13:3"),
            None,
            failures,
        );
    } else {
        aggregate_failures_with_location(
            &content.overlong_strings_pdfa_2,
            iso_pdfa_rule_id!(profile, "6.1.12:3", "6.1.13:3", "6.1.13:3"),
            None,
            failures,
        );
    }
    aggregate_failures_with_location(
        &content.overlong_names,
        iso_pdfa_rule_id!(profile, "6.1.12:4", "6.1.13:4", "6.1.13:4"),
        None,
        failures,
    );
    if profile.is_pdfa_2_or_3()
        && (!limits.underflow_reals_pdfa_2.is_empty() || !content.underflow_reals_pdfa_2.is_empty())
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "", "6.1.13:5", "6.1.13:5"),
            "a real number is nonzero but closer to zero than the PDF/A-2/3 minimum",
            limits.underflow_reals_pdfa_2.first().copied().or_else(|| {
                content
                    .underflow_reals_pdfa_2
                    .first()
                    .and_then(|failure| failure.object_id)
            }),
            FailureCategory::Conformance,
        ));
    }
    if limits.too_many_indirect_objects {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.12:7", "6.1.13:7", "6.1.13:7"),
            "the document exceeds the 8,388,607 indirect-object PDF/A-1 limit",
            None,
            FailureCategory::Conformance,
        ));
    }
}

fn extension_schema_rule(
    profile: ValidationProfile,
    test: u8,
) -> Option<(Option<&'static str>, &'static str)> {
    Some(match test {
        1 => (
            iso_pdfa_rule_id!(profile, "6.7.8:1", "6.6.2.3.2:1", "6.6.2.3.2:1"),
            "an XMP extension-schema object contains a field not defined by PDF/A-1",
        ),
        2 => (
            iso_pdfa_rule_id!(profile, "6.7.8:2", "6.6.2.3.3:1", "6.6.2.3.3:1"),
            "pdfaExtension:schemas must use the pdfaExtension prefix and an rdf:Bag",
        ),
        3 => (
            iso_pdfa_rule_id!(profile, "6.7.8:3", "6.6.2.3.3:2", "6.6.2.3.3:2"),
            "an extension schema definition has an invalid pdfaSchema:schema field",
        ),
        4 => (
            iso_pdfa_rule_id!(profile, "6.7.8:4", "6.6.2.3.3:3", "6.6.2.3.3:3"),
            "an extension schema definition has an invalid pdfaSchema:namespaceURI field",
        ),
        5 => (
            iso_pdfa_rule_id!(profile, "6.7.8:5", "6.6.2.3.3:4", "6.6.2.3.3:4"),
            "an extension schema definition has an invalid pdfaSchema:prefix field",
        ),
        6 => (
            iso_pdfa_rule_id!(profile, "6.7.8:6", "6.6.2.3.3:5", "6.6.2.3.3:5"),
            "an extension schema definition has an invalid property sequence",
        ),
        7 => (
            iso_pdfa_rule_id!(profile, "6.7.8:7", "6.6.2.3.3:6", "6.6.2.3.3:6"),
            "an extension schema definition has an invalid value-type sequence",
        ),
        8 => (
            iso_pdfa_rule_id!(profile, "6.7.8:8", "6.6.2.3.3:7", "6.6.2.3.3:7"),
            "an extension-schema property has an invalid pdfaProperty:name field",
        ),
        9 => (
            iso_pdfa_rule_id!(profile, "6.7.8:9", "6.6.2.3.3:8", "6.6.2.3.3:8"),
            "an extension-schema property has an invalid or undefined value type",
        ),
        10 => (
            iso_pdfa_rule_id!(profile, "6.7.8:10", "6.6.2.3.3:9", "6.6.2.3.3:9"),
            "an extension-schema property has an invalid category",
        ),
        11 => (
            iso_pdfa_rule_id!(profile, "6.7.8:11", "6.6.2.3.3:10", "6.6.2.3.3:10"),
            "an extension-schema property has an invalid description",
        ),
        12 => (
            iso_pdfa_rule_id!(profile, "6.7.8:12", "6.6.2.3.3:11", "6.6.2.3.3:11"),
            "an extension-schema value type has an invalid pdfaType:type field",
        ),
        13 => (
            iso_pdfa_rule_id!(profile, "6.7.8:13", "6.6.2.3.3:12", "6.6.2.3.3:12"),
            "an extension-schema value type has an invalid namespace URI",
        ),
        14 => (
            iso_pdfa_rule_id!(profile, "6.7.8:14", "6.6.2.3.3:13", "6.6.2.3.3:13"),
            "an extension-schema value type has an invalid prefix field",
        ),
        15 => (
            iso_pdfa_rule_id!(profile, "6.7.8:15", "6.6.2.3.3:14", "6.6.2.3.3:14"),
            "an extension-schema value type has an invalid description",
        ),
        16 => (
            iso_pdfa_rule_id!(profile, "6.7.8:16", "6.6.2.3.3:15", "6.6.2.3.3:15"),
            "an extension-schema value type has an invalid field sequence",
        ),
        17 => (
            iso_pdfa_rule_id!(profile, "6.7.8:17", "6.6.2.3.3:16", "6.6.2.3.3:16"),
            "an extension-schema field has an invalid name",
        ),
        18 => (
            iso_pdfa_rule_id!(profile, "6.7.8:18", "6.6.2.3.3:17", "6.6.2.3.3:17"),
            "an extension-schema field has an invalid or undefined value type",
        ),
        19 => (
            iso_pdfa_rule_id!(profile, "6.7.8:19", "6.6.2.3.3:18", "6.6.2.3.3:18"),
            "an extension-schema field has an invalid description",
        ),
        _ => return None,
    })
}

fn identification_prefix_rule(
    profile: ValidationProfile,
    test: u8,
) -> Option<(Option<&'static str>, &'static str)> {
    Some(match test {
        4 => (
            iso_pdfa_rule_id!(profile, "6.7.11:4", "6.6.4:4", "6.6.4:4"),
            "part",
        ),
        5 => (
            iso_pdfa_rule_id!(profile, "6.7.11:5", "6.6.4:5", "6.6.4:5"),
            "conformance",
        ),
        6 => (
            iso_pdfa_rule_id!(profile, "6.7.11:6", "6.6.4:6", "6.6.4:6"),
            "amd",
        ),
        7 => (iso_pdfa_rule_id!(profile, "", "6.6.4:7", "6.6.4:7"), "corr"),
        _ => return None,
    })
}

fn validate_actions(
    profile: ValidationProfile,
    actions: &crate::actions::ActionSummary,
    failures: &mut ValidationFailures,
) {
    if profile.is_pdfa_2_or_3() {
        let widget_action_failures = actions
            .widgets_with_actions
            .iter()
            .chain(&actions.widgets_with_additional_actions)
            .cloned()
            .collect::<Vec<_>>();
        aggregate_failures(
            &widget_action_failures,
            iso_pdfa_rule_id!(profile, "6.6.1:3", "6.4.1:1", "6.4.1:1"),
            failures,
        );
    } else {
        aggregate_failures(
            &actions.widgets_with_actions,
            iso_pdfa_rule_id!(profile, "6.6.1:3", "6.4.1:1", "6.4.1:1"),
            failures,
        );
        aggregate_failures(
            &actions.widgets_with_additional_actions,
            iso_pdfa_rule_id!(profile, "6.6.2:1", "", ""),
            failures,
        );
    }
    for (invalid, rule_id) in [
        (
            if profile.is_pdfa_2_or_3() {
                actions.invalid_action_types_pdfa2.as_slice()
            } else {
                actions.invalid_action_types.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.6.1:1", "6.5.1:1", "6.5.1:1"),
        ),
        (
            actions.invalid_named_actions.as_slice(),
            iso_pdfa_rule_id!(profile, "6.6.1:2", "6.5.1:2", "6.5.1:2"),
        ),
        (
            actions.fields_with_additional_actions.as_slice(),
            iso_pdfa_rule_id!(profile, "6.6.2:2", "6.4.1:2", "6.4.1:2"),
        ),
        (
            actions.catalog_with_additional_actions.as_slice(),
            iso_pdfa_rule_id!(profile, "6.6.2:3", "6.5.2:1", "6.5.2:1"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                actions.pages_with_additional_actions.as_slice()
            } else {
                &[][..]
            },
            iso_pdfa_rule_id!(profile, "", "6.5.2:2", "6.5.2:2"),
        ),
    ] {
        aggregate_failures(invalid, rule_id, failures);
    }
}

fn validate_forms(
    profile: ValidationProfile,
    forms: &crate::forms::FormSummary,
    failures: &mut ValidationFailures,
) {
    for (invalid, rule_id) in [
        (
            forms.invalid_need_appearances.as_slice(),
            iso_pdfa_rule_id!(profile, "6.9:1", "6.4.1:3", "6.4.1:3"),
        ),
        (
            forms.widgets_without_appearances.as_slice(),
            iso_pdfa_rule_id!(profile, "6.9:2", "6.3.3:1", "6.3.3:1"),
        ),
    ] {
        aggregate_failures(invalid, rule_id, failures);
    }
}

fn validate_document_features(
    profile: ValidationProfile,
    features: &crate::document_features::DocumentFeatureSummary,
    actions: &crate::actions::ActionSummary,
    failures: &mut ValidationFailures,
) {
    for (invalid, rule_id, description) in [
        (
            features.contains_embedded_files_name && !profile.permits_embedded_files(),
            iso_pdfa_rule_id!(profile, "6.1.11:2", "", ""),
            "the catalog Names dictionary contains an EmbeddedFiles entry",
        ),
        (
            features.contains_optional_content && !profile.permits_optional_content(),
            iso_pdfa_rule_id!(profile, "6.1.13:1", "", ""),
            "the document catalog contains an OCProperties entry",
        ),
    ] {
        if invalid {
            failures.push(failure(
                rule_id,
                description,
                features.catalog_id,
                FailureCategory::Conformance,
            ));
        }
    }
    if profile.is_pdfa_2_or_3() {
        for (invalid, rule_id) in [
            (
                &features.invalid_page_boundaries,
                iso_pdfa_rule_id!(profile, "", "6.1.13:11", "6.1.13:11"),
            ),
            (
                &features.pages_with_pres_steps,
                iso_pdfa_rule_id!(profile, "", "6.10:2", "6.10:2"),
            ),
            (
                &features.catalog_with_requirements,
                iso_pdfa_rule_id!(profile, "", "6.11:1", "6.11:1"),
            ),
            (
                &features.catalog_with_alternate_presentations,
                iso_pdfa_rule_id!(profile, "", "6.10:1", "6.10:1"),
            ),
            (
                &features.catalog_with_needs_rendering,
                iso_pdfa_rule_id!(profile, "", "6.4.2:2", "6.4.2:2"),
            ),
            (
                &features.permissions_with_invalid_keys,
                iso_pdfa_rule_id!(profile, "", "6.1.12:1", "6.1.12:1"),
            ),
            (
                &features.acro_forms_with_xfa,
                iso_pdfa_rule_id!(profile, "", "6.4.2:1", "6.4.2:1"),
            ),
            (
                &features.optional_content_missing_names,
                iso_pdfa_rule_id!(profile, "", "6.9:1", "6.9:1"),
            ),
            (
                &features.optional_content_duplicate_names,
                iso_pdfa_rule_id!(profile, "", "6.9:2", "6.9:2"),
            ),
            (
                &features.optional_content_invalid_orders,
                iso_pdfa_rule_id!(profile, "", "6.9:3", "6.9:3"),
            ),
            (
                &features.optional_content_as_entries,
                iso_pdfa_rule_id!(profile, "", "6.9:4", "6.9:4"),
            ),
            (
                &features.signature_refs_with_digest_keys,
                iso_pdfa_rule_id!(profile, "", "6.1.12:2", "6.1.12:2"),
            ),
        ] {
            aggregate_failures(invalid, rule_id, failures);
        }
        aggregate_failures(
            &features.file_specs_missing_f_or_uf,
            iso_pdfa_rule_id!(profile, "", "6.8:2", "6.8:2"),
            failures,
        );
        aggregate_failures(
            &actions.file_specs_missing_f_or_uf,
            iso_pdfa_rule_id!(profile, "", "6.8:2", "6.8:2"),
            failures,
        );
        if matches!(profile.pdfa_part(), Some(2)) {
            aggregate_failures(
                &features.embedded_files_not_pdfa,
                iso_pdfa_rule_id!(profile, "", "6.8:5", ""),
                failures,
            );
        }
        if matches!(profile.pdfa_part(), Some(3)) {
            for (invalid, rule_id) in [
                (
                    &features.embedded_files_with_invalid_mime,
                    iso_pdfa_rule_id!(profile, "", "", "6.8:1"),
                ),
                (
                    &features.file_specs_missing_af_relationship,
                    iso_pdfa_rule_id!(profile, "", "", "6.8:3"),
                ),
                (
                    &features.file_specs_not_associated,
                    iso_pdfa_rule_id!(profile, "", "", "6.8:4"),
                ),
            ] {
                aggregate_failures(invalid, rule_id, failures);
            }
        }
    }
}

/// Aggregates failures across file specifications in the catalog name tree
/// and the `/F` entries of `GoToR` and `SubmitForm` actions.
fn validate_pdf_specifications(
    profile: ValidationProfile,
    document_features: &crate::document_features::DocumentFeatureSummary,
    actions: &crate::actions::ActionSummary,
    failures: &mut ValidationFailures,
) {
    if profile.is_pdfa_2_or_3() {
        return;
    }
    let file_spec_failures = document_features
        .file_specs_with_embedded_files
        .iter()
        .chain(&actions.file_specs_with_embedded_files)
        .cloned()
        .collect::<Vec<_>>();
    aggregate_failures(
        &file_spec_failures,
        iso_pdfa_rule_id!(profile, "6.1.11:1", "", ""),
        failures,
    );
}

fn validate_stream_safety(
    profile: ValidationProfile,
    streams: &crate::stream_safety::StreamSafetySummary,
    content: &crate::content_support::ContentExecutionSummary,
    failures: &mut ValidationFailures,
) {
    if !streams.external_stream_entries.is_empty() {
        let object_id = only(&streams.external_stream_entries).map(|entry| entry.object_id);
        let description = streams
            .external_stream_entries
            .iter()
            .map(|stream| format!("stream contains {}", stream.keys.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.7:3", "6.1.7.1:3", "6.1.7.1:3"),
            description,
            object_id,
            FailureCategory::Conformance,
        ));
    }
    if !profile.is_pdfa_2_or_3() && !streams.lzw_filters.is_empty() {
        let object_id = only(&streams.lzw_filters).copied();
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.10:1", "", ""),
            "a parsed stream declares the forbidden LZWDecode filter",
            object_id,
            FailureCategory::Conformance,
        ));
    }
    if profile.is_pdfa_2_or_3() && !streams.invalid_filters_pdfa2.is_empty() {
        let object_id = only(&streams.invalid_filters_pdfa2).copied();
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "", "6.1.7.2:1", "6.1.7.2:1"),
            "a parsed stream declares a filter that PDF/A-2 and PDF/A-3 do not permit, including LZWDecode",
            object_id,
            FailureCategory::Conformance,
        ));
    }
    if profile.is_pdfa_2_or_3() && !streams.invalid_signature_byte_ranges.is_empty() {
        let object_id = only(&streams.invalid_signature_byte_ranges).copied();
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "", "6.4.3:1", "6.4.3:1"),
            "a signature /ByteRange does not cover the complete PDF except for its signature contents",
            object_id,
            FailureCategory::Conformance,
        ));
    }
    if profile.is_pdfa_2_or_3() && !streams.invalid_signature_certificates.is_empty() {
        let object_id = only(&streams.invalid_signature_certificates).copied();
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "", "6.4.3:2", "6.4.3:2"),
            "a parsed PKCS#7 signature does not contain a signing certificate",
            object_id,
            FailureCategory::Conformance,
        ));
    }
    if profile.is_pdfa_2_or_3() && !streams.invalid_signature_signer_counts.is_empty() {
        let object_id = only(&streams.invalid_signature_signer_counts).copied();
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "", "6.4.3:3", "6.4.3:3"),
            "a parsed PKCS#7 signature does not contain exactly one signer",
            object_id,
            FailureCategory::Conformance,
        ));
    }
    if profile.is_pdfa_2_or_3()
        && let Some(context) = &content.inline_image_invalid_filter_context
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.10:2", "6.1.10:1", "6.1.10:1"),
            format!("{context} declares a filter that PDF/A-2 and PDF/A-3 do not permit"),
            None,
            FailureCategory::Conformance,
        ));
    }
    if (streams.has_xref_stream || !streams.xref_streams.is_empty())
        && !profile.permits_xref_streams()
    {
        let object_id = only(&streams.xref_streams).copied();
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.4:3", "", ""),
            "the document contains an xref stream",
            object_id,
            FailureCategory::Conformance,
        ));
    }
    for (invalid, rule_id, message) in [
        (
            streams.has_odd_hex_string || content.has_odd_hex_string,
            iso_pdfa_rule_id!(profile, "6.1.6:1", "6.1.6:1", "6.1.6:1"),
            "a hexadecimal string contains an odd number of non-whitespace characters",
        ),
        (
            streams.has_non_hex_character || content.has_non_hex_character,
            iso_pdfa_rule_id!(profile, "6.1.6:2", "6.1.6:2", "6.1.6:2"),
            "a hexadecimal string contains a non-hexadecimal character",
        ),
        (
            streams.has_invalid_xref_subsection_spacing && !profile.is_pdfa_2_or_3(),
            iso_pdfa_rule_id!(profile, "6.1.4:1", "", ""),
            "an xref subsection header does not separate its numbers with one SPACE character",
        ),
        (
            streams.has_invalid_xref_eol,
            iso_pdfa_rule_id!(profile, "6.1.4:2", "6.1.4:2", "6.1.4:2"),
            "the xref keyword is not followed by exactly one EOL marker",
        ),
        (
            streams.has_invalid_indirect_object_syntax,
            iso_pdfa_rule_id!(profile, "6.1.8:1", "6.1.9:1", "6.1.9:1"),
            "an indirect object header or endobj keyword has invalid PDF/A-1 spacing",
        ),
    ] {
        if invalid {
            failures.push(failure(
                rule_id,
                message,
                None,
                FailureCategory::Conformance,
            ));
        }
    }
    for (invalid, rule_id, message) in [
        (
            streams.invalid_lengths.as_slice(),
            iso_pdfa_rule_id!(profile, "6.1.7:1", "6.1.7.1:1", "6.1.7.1:1"),
            "a stream /Length does not match its raw content length",
        ),
        (
            streams.invalid_eol_markers.as_slice(),
            iso_pdfa_rule_id!(profile, "6.1.7:2", "6.1.7.1:2", "6.1.7.1:2"),
            "a stream has invalid EOL markers around stream data",
        ),
    ] {
        if !invalid.is_empty() {
            failures.push(failure(
                rule_id,
                message,
                only(invalid).copied(),
                FailureCategory::Conformance,
            ));
        }
    }
}

/// Computes the object id and first distinct description used by every
/// same-rule failure aggregator.
fn joined_failure(invalid: &[RuleFailure]) -> (Option<PdfObjectId>, String) {
    let mut seen = HashSet::new();
    let first = invalid
        .iter()
        .find(|entry| seen.insert(entry.description.as_str()))
        .expect("failure aggregation requires at least one entry");
    let only_failure = invalid
        .iter()
        .all(|entry| entry.description == first.description);
    let object_id = (invalid
        .iter()
        .all(|entry| entry.object_id == first.object_id)
        && only_failure)
        .then_some(first.object_id)
        .flatten();
    (object_id, first.description.clone())
}

/// Aggregates same-rule failures into one [`ValidationFailure`], attaching
/// the single object id only when exactly one entry is present.
fn aggregate_failures(
    invalid: &[RuleFailure],
    rule_id: impl Into<Option<&'static str>>,
    failures: &mut ValidationFailures,
) {
    if invalid.is_empty() {
        return;
    }
    let rule_id = rule_id
        .into()
        .expect("a reported conformance finding has an ISO rule reference");
    let (object_id, description) = joined_failure(invalid);
    failures.push(failure(
        rule_id,
        description,
        object_id,
        FailureCategory::Conformance,
    ));
}

/// Like [`aggregate_failures`], but keeps the first distinct failure
/// description and prefixes entries without an object id with `no_id_label`
/// when given.
fn aggregate_failures_with_location(
    invalid: &[RuleFailure],
    rule_id: impl Into<Option<&'static str>>,
    no_id_label: Option<&str>,
    failures: &mut ValidationFailures,
) {
    if invalid.is_empty() {
        return;
    }
    let rule_id = rule_id
        .into()
        .expect("a reported conformance finding has an ISO rule reference");
    let mut seen = HashSet::new();
    let first = invalid
        .iter()
        .find(|entry| {
            let no_id_label = entry.object_id.is_none().then_some(no_id_label).flatten();
            seen.insert((no_id_label, entry.description.as_str()))
        })
        .expect("failure aggregation requires at least one entry");
    let no_id_label = first.object_id.is_none().then_some(no_id_label).flatten();
    let detail = match no_id_label {
        Some(label) => format!("{label}: {}", first.description),
        None => first.description.clone(),
    };
    let only_failure = invalid.iter().all(|entry| {
        let entry_no_id_label = entry.object_id.is_none().then_some(no_id_label).flatten();
        entry_no_id_label == no_id_label && entry.description == first.description
    });
    let object_id = (invalid
        .iter()
        .all(|entry| entry.object_id == first.object_id)
        && only_failure)
        .then_some(first.object_id)
        .flatten();
    failures.push(failure(
        rule_id,
        detail,
        object_id,
        FailureCategory::Conformance,
    ));
}

fn validate_device_color_spaces(
    profile: ValidationProfile,
    output_color_space: Option<&str>,
    color_spaces: &crate::icc_based::IccBasedSummary,
    failures: &mut ValidationFailures,
) {
    if let Some(context) = &color_spaces.device_rgb_context
        && output_color_space != Some("RGB ")
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.2.3.3:1", "6.2.4.3:2", "6.2.4.3:2"),
            format!(
                "DeviceRGB is selected in {context}, but the PDF/A-1 output colour space is {output_color_space:?}"
            ),
            None,
            FailureCategory::Conformance,
        ));
    }
    if let Some(context) = &color_spaces.device_cmyk_context
        && output_color_space != Some("CMYK")
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.2.3.3:2", "6.2.4.3:3", "6.2.4.3:3"),
            format!(
                "DeviceCMYK is selected in {context}, but the PDF/A-1 output colour space is {output_color_space:?}"
            ),
            None,
            FailureCategory::Conformance,
        ));
    }
    if let Some(context) = &color_spaces.device_gray_context
        && output_color_space.is_none()
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.2.3.3:3", "6.2.4.3:4", "6.2.4.3:4"),
            format!(
                "DeviceGray is selected in {context}, but no PDF/A-1 output colour space is defined"
            ),
            None,
            FailureCategory::Conformance,
        ));
    }
}

fn pdfa_output_color_space(document: &PdfDocument) -> Option<&str> {
    let mut output_color_space = None;
    for entry in document
        .output_intents_summary
        .entries
        .iter()
        .filter(|entry| entry.is_dictionary_based && entry.dest_output_profile_is_stream)
    {
        if matches!(
            entry.subtype.as_deref(),
            Some("GTS_PDFA1" | "GTS_PDFA2" | "GTS_PDFA3")
        ) {
            output_color_space = entry
                .dest_output_profile_header
                .as_ref()
                .map(|header| header.color_space.as_str());
        }
    }
    output_color_space
}

fn validate_xobjects(
    profile: ValidationProfile,
    xobjects: &crate::xobject::XObjectSummary,
    failures: &mut ValidationFailures,
) {
    if profile.is_pdfa_2_or_3() {
        let form_forbidden_entries = xobjects
            .form_opi
            .iter()
            .chain(&xobjects.form_postscript)
            .cloned()
            .collect::<Vec<_>>();
        aggregate_failures(
            &form_forbidden_entries,
            iso_pdfa_rule_id!(profile, "6.2.5:1", "6.2.9:1", "6.2.9:1"),
            failures,
        );
    } else {
        aggregate_failures(
            &xobjects.form_opi,
            iso_pdfa_rule_id!(profile, "6.2.4:2", "6.2.8:2", "6.2.8:2"),
            failures,
        );
        aggregate_failures(
            &xobjects.form_postscript,
            iso_pdfa_rule_id!(profile, "6.2.5:1", "6.2.9:1", "6.2.9:1"),
            failures,
        );
    }
    for (invalid, rule_id) in [
        (
            xobjects.image_alternates.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.4:1", "6.2.8:1", "6.2.8:1"),
        ),
        (
            xobjects.image_opi.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.4:2", "6.2.8:2", "6.2.8:2"),
        ),
        (
            xobjects.image_interpolate.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.4:3", "6.2.8:3", "6.2.8:3"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                xobjects.image_bits_per_component_pdfa2.as_slice()
            } else {
                xobjects.image_bits_per_component.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.2.4:4", "6.2.8:4", "6.2.8:4"),
        ),
        (
            xobjects.mask_bits_per_component.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.4:5", "6.2.8:5", "6.2.8:5"),
        ),
        (
            xobjects.form_reference.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.6:1", "6.2.9:2", "6.2.9:2"),
        ),
        (
            xobjects.postscript_xobject.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.7:1", "6.2.9:3", "6.2.9:3"),
        ),
    ] {
        aggregate_failures_with_location(invalid, rule_id, None, failures);
    }
    if profile.is_pdfa_2_or_3() {
        for (index, failures_for_rule) in xobjects.jpeg2000_failures.iter().enumerate() {
            aggregate_failures(
                failures_for_rule,
                [
                    iso_pdfa_rule_id!(profile, "", "6.2.8.3:1", "6.2.8.3:1"),
                    iso_pdfa_rule_id!(profile, "", "6.2.8.3:2", "6.2.8.3:2"),
                    iso_pdfa_rule_id!(profile, "", "6.2.8.3:3", "6.2.8.3:3"),
                    iso_pdfa_rule_id!(profile, "", "6.2.8.3:4", "6.2.8.3:4"),
                    iso_pdfa_rule_id!(profile, "", "6.2.8.3:5", "6.2.8.3:5"),
                ]
                .get(index)
                .copied()
                .unwrap_or(iso_pdfa_rule_id!(
                    profile,
                    "",
                    "6.2.8.3:5",
                    "6.2.8.3:5"
                )),
                failures,
            );
        }
    }
}

fn validate_graphics(
    profile: ValidationProfile,
    graphics: &crate::graphics::GraphicsSummary,
    content: &crate::content_support::ContentExecutionSummary,
    output_color_space: Option<&str>,
    failures: &mut ValidationFailures,
) {
    for (invalid, rule_id) in [
        (
            graphics.transfer_functions.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.8:1", "6.2.5:1", "6.2.5:1"),
        ),
        (
            graphics.transfer_functions_2.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.8:2", "6.2.5:2", "6.2.5:2"),
        ),
        (
            graphics.rendering_intents.as_slice(),
            iso_pdfa_rule_id!(profile, "6.2.9:1", "6.2.6:1", "6.2.6:1"),
        ),
        (
            if profile.permits_transparency() {
                &[][..]
            } else {
                graphics.extgstate_soft_masks.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.4:1", "", ""),
        ),
        (
            if profile.permits_transparency() {
                &[][..]
            } else {
                graphics.xobject_soft_masks.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.4:2", "", ""),
        ),
        (
            if profile.permits_transparency() {
                &[][..]
            } else {
                graphics.transparency_groups.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.4:3", "", ""),
        ),
        (
            if profile.permits_transparency() {
                graphics.blend_modes_pdfa2.as_slice()
            } else {
                graphics.blend_modes.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.4:4", "6.2.10:1", "6.2.10:1"),
        ),
        (
            if profile.permits_transparency() {
                &[][..]
            } else {
                graphics.stroke_alpha.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.4:5", "", ""),
        ),
        (
            if profile.permits_transparency() {
                &[][..]
            } else {
                graphics.fill_alpha.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.4:6", "", ""),
        ),
    ] {
        aggregate_failures_with_location(invalid, rule_id, None, failures);
    }
    if profile.is_pdfa_2_or_3() {
        if output_color_space.is_none() {
            aggregate_failures_with_location(
                &graphics.transparency_groups_missing_cs,
                iso_pdfa_rule_id!(profile, "", "6.2.10:2", "6.2.10:2"),
                None,
                failures,
            );
            aggregate_failures_with_location(
                &graphics.pages_with_transparency_missing_cs,
                iso_pdfa_rule_id!(profile, "", "6.2.10:2", "6.2.10:2"),
                None,
                failures,
            );
        }
        for (invalid, rule_id) in [
            (
                &graphics.extgstate_htp,
                iso_pdfa_rule_id!(profile, "", "6.2.5:3", "6.2.5:3"),
            ),
            (
                &graphics.halftone_types,
                iso_pdfa_rule_id!(profile, "", "6.2.5:4", "6.2.5:4"),
            ),
            (
                &graphics.halftone_names,
                iso_pdfa_rule_id!(profile, "", "6.2.5:5", "6.2.5:5"),
            ),
        ] {
            aggregate_failures_with_location(invalid, rule_id, None, failures);
        }
    }
    if profile.is_pdfa_2_or_3() {
        aggregate_failures_with_location(
            &content.icc_cmyk_overprint,
            iso_pdfa_rule_id!(profile, "", "6.2.4.2:2", "6.2.4.2:2"),
            None,
            failures,
        );
        aggregate_failures_with_location(
            &content.inherited_resources,
            iso_pdfa_rule_id!(profile, "", "6.2.2:2", "6.2.2:2"),
            None,
            failures,
        );
        aggregate_failures_with_location(
            &graphics.halftone_transfer_functions,
            iso_pdfa_rule_id!(profile, "", "6.2.5:6", "6.2.5:6"),
            None,
            failures,
        );
    }
    if !content.undefined_operators.is_empty() {
        let detail = content
            .undefined_operators
            .iter()
            .map(|(operator, context)| format!("{context}: {operator}"))
            .collect::<Vec<_>>()
            .join("; ");
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.2.10:1", "6.2.2:1", "6.2.2:1"),
            format!("content uses operators not defined by PDF 1.4: {detail}"),
            None,
            FailureCategory::Conformance,
        ));
    }
    if let Some(context) = &content.inline_image_lzw_context {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.1.10:2", "6.1.10:1", "6.1.10:1"),
            format!("{context} declares the forbidden LZW inline-image filter"),
            None,
            FailureCategory::Conformance,
        ));
    }
    if let Some(context) = &content.inline_image_interpolate_context {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.2.4:3", "6.2.8:3", "6.2.8:3"),
            format!("{context} sets the forbidden true inline-image interpolation flag"),
            None,
            FailureCategory::Conformance,
        ));
    }
}

fn validate_annotations(
    output_color_space: Option<&str>,
    profile: ValidationProfile,
    annotations: &crate::annotations::AnnotationSummary,
    failures: &mut ValidationFailures,
) {
    for (invalid, rule_id) in [
        (
            if profile.is_pdfa_2_or_3() {
                annotations.invalid_subtypes_pdfa2.as_slice()
            } else {
                annotations.invalid_subtypes.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.5.2:1", "6.3.1:1", "6.3.1:1"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                &[][..]
            } else {
                annotations.invalid_opacities.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.5.3:1", "", ""),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                annotations.invalid_flags_pdfa2.as_slice()
            } else {
                annotations.invalid_flags.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.5.3:2", "6.3.2:2", "6.3.2:2"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                annotations.missing_flags_pdfa2.as_slice()
            } else {
                &[][..]
            },
            iso_pdfa_rule_id!(profile, "", "6.3.2:1", "6.3.2:1"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                annotations.missing_appearances_pdfa2.as_slice()
            } else {
                &[][..]
            },
            iso_pdfa_rule_id!(profile, "", "6.3.3:1", "6.3.3:1"),
        ),
        (
            annotations.invalid_appearance_entries.as_slice(),
            iso_pdfa_rule_id!(profile, "6.5.3:4", "6.3.3:2", "6.3.3:2"),
        ),
        (
            annotations.invalid_button_appearances.as_slice(),
            iso_pdfa_rule_id!(profile, "6.5.3:5", "6.3.3:3", "6.3.3:3"),
        ),
        (
            annotations.invalid_other_appearances.as_slice(),
            iso_pdfa_rule_id!(profile, "6.5.3:6", "6.3.3:4", "6.3.3:4"),
        ),
    ] {
        aggregate_failures(invalid, rule_id, failures);
    }
    if output_color_space != Some("RGB ") && !profile.is_pdfa_2_or_3() {
        aggregate_failures(
            &annotations.color_uses,
            iso_pdfa_rule_id!(profile, "6.5.3:3", "", ""),
            failures,
        );
    }
}

fn validate_font_embedding(
    profile: ValidationProfile,
    font_embedding: &crate::font_embedding::FontEmbeddingSummary,
    failures: &mut ValidationFailures,
) {
    let invalid = &font_embedding.failures;
    if invalid.is_empty() {
        return;
    }
    let (object_id, message) = joined_failure(invalid);
    failures.push(failure(
        iso_pdfa_rule_id!(profile, "6.3.4:1", "6.2.11.4.1:1", "6.2.11.4.1:1"),
        format!("font program is not embedded for {message}"),
        object_id,
        FailureCategory::Conformance,
    ));
}

fn validate_font_dictionaries(
    profile: ValidationProfile,
    fonts: &crate::font_embedding::FontEmbeddingSummary,
    failures: &mut ValidationFailures,
) {
    for (invalid, rule_id) in [
        (
            fonts.invalid_types.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.2:1", "6.2.11.2:1", "6.2.11.2:1"),
        ),
        (
            fonts.invalid_subtypes.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.2:2", "6.2.11.2:2", "6.2.11.2:2"),
        ),
        (
            fonts.invalid_base_fonts.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.2:3", "6.2.11.2:3", "6.2.11.2:3"),
        ),
        (
            fonts.invalid_first_chars.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.2:4", "6.2.11.2:4", "6.2.11.2:4"),
        ),
        (
            fonts.invalid_last_chars.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.2:5", "6.2.11.2:5", "6.2.11.2:5"),
        ),
        (
            fonts.invalid_widths.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.2:6", "6.2.11.2:6", "6.2.11.2:6"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                fonts.invalid_font_file_subtypes_pdfa2.as_slice()
            } else {
                fonts.invalid_font_file_subtypes.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.3.2:7", "6.2.11.2:7", "6.2.11.2:7"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                fonts.incompatible_type0_system_info_pdfa2.as_slice()
            } else {
                fonts.incompatible_type0_system_info.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.3.3.1:1", "6.2.11.3.1:1", "6.2.11.3.1:1"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                fonts.invalid_cid_to_gid_maps_pdfa2.as_slice()
            } else {
                fonts.invalid_cid_to_gid_maps.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.3.3.2:1", "6.2.11.3.2:1", "6.2.11.3.2:1"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                fonts.unembedded_cmaps.as_slice()
            } else {
                // PDF/A-1 permits only the two Identity CMaps unembedded;
                // PDF/A-2/3 additionally permit the complete Table 118 set.
                &[]
            },
            iso_pdfa_rule_id!(profile, "6.3.3.3:1", "6.2.11.3.3:1", "6.2.11.3.3:1"),
        ),
        (
            fonts.invalid_cmap_wmodes.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.3.3:2", "6.2.11.3.3:2", "6.2.11.3.3:2"),
        ),
        (
            fonts.invalid_cmap_cids.as_slice(),
            iso_pdfa_rule_id!(profile, "6.1.12:10", "6.1.13:10", "6.1.13:10"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                fonts.invalid_cmap_references.as_slice()
            } else {
                &[]
            },
            iso_pdfa_rule_id!(profile, "", "6.2.11.3.3:3", "6.2.11.3.3:3"),
        ),
        (
            fonts.oversized_cmap_cids.as_slice(),
            iso_pdfa_rule_id!(profile, "6.1.12:10", "6.1.13:10", "6.1.13:10"),
        ),
        (
            fonts.invalid_type1_subset_charsets.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.5:2", "6.2.11.4.2:1", "6.2.11.4.2:1"),
        ),
        (
            fonts.invalid_cid_subset_cidsets.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.5:3", "6.2.11.4.2:2", "6.2.11.4.2:2"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                fonts
                    .invalid_nonsymbolic_truetype_encodings_pdfa2
                    .as_slice()
            } else {
                fonts.invalid_nonsymbolic_truetype_encodings.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.3.7:1", "6.2.11.6:2", "6.2.11.6:2"),
        ),
        (
            fonts.invalid_symbolic_truetype_encodings.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.7:2", "6.2.11.6:3", "6.2.11.6:3"),
        ),
        (
            if profile.is_pdfa_2_or_3() {
                fonts.invalid_symbolic_truetype_cmaps_pdfa2.as_slice()
            } else {
                fonts.invalid_symbolic_truetype_cmaps.as_slice()
            },
            iso_pdfa_rule_id!(profile, "6.3.7:3", "6.2.11.6:4", "6.2.11.6:4"),
        ),
        (
            fonts.missing_truetype_glyphs.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.5:1", "6.2.11.4.1:2", "6.2.11.4.1:2"),
        ),
        (
            fonts.missing_type1_glyphs.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.5:1", "6.2.11.4.1:2", "6.2.11.4.1:2"),
        ),
        (
            fonts.inconsistent_truetype_widths.as_slice(),
            iso_pdfa_rule_id!(profile, "6.3.6:1", "6.2.11.5:1", "6.2.11.5:1"),
        ),
        (
            fonts.excessive_graphics_state_nesting.as_slice(),
            iso_pdfa_rule_id!(profile, "6.1.12:8", "6.1.13:8", "6.1.13:8"),
        ),
    ] {
        aggregate_failures(invalid, rule_id, failures);
    }
    if !profile.is_pdfa_2_or_3() {
        aggregate_failures(
            &fonts.missing_cid_subset_cidsets,
            iso_pdfa_rule_id!(profile, "6.3.5:3", "6.2.11.4.2:2", "6.2.11.4.2:2"),
            failures,
        );
    }
    aggregate_failures(
        &fonts.invalid_nonsymbolic_truetype_cmaps,
        iso_pdfa_rule_id!(profile, "6.3.7:1", "6.2.11.6:1", "6.2.11.6:1"),
        failures,
    );
    if !profile.is_pdfa_2_or_3() {
        aggregate_failures(
            &fonts.unembedded_predefined_cmaps,
            iso_pdfa_rule_id!(profile, "6.3.3.3:1", "6.2.11.3.3:1", "6.2.11.3.3:1"),
            failures,
        );
    }
}

/// Requires exactly one declared value satisfying `accept`, producing a
/// failure describing either the rejected set of values or the absence of
/// any declaration.
fn require_single_declared_value(
    values: Option<&[String]>,
    accept: impl Fn(&str) -> bool,
    rule_id: impl Into<Option<&'static str>>,
    noun: &str,
    declaration_name: &str,
    expected_description: &str,
    object_id: Option<PdfObjectId>,
) -> Option<ValidationFailure> {
    let rule_id = rule_id.into();
    match values {
        Some([value]) if accept(value) => None,
        Some(values) => Some(failure(
            rule_id,
            format!(
                "XMP declares {noun} values {values:?}, expected exactly {expected_description}"
            ),
            object_id,
            FailureCategory::Metadata,
        )),
        None => Some(failure(
            rule_id,
            format!("XMP has no {declaration_name} declaration"),
            object_id,
            FailureCategory::Metadata,
        )),
    }
}

fn validate_output_intents(
    profile: ValidationProfile,
    document: &PdfDocument,
    failures: &mut ValidationFailures,
) {
    validate_output_intent_profiles(profile, document, failures);
    validate_output_intent_identity(profile, document, failures);
    if profile.is_pdfa_2_or_3()
        && document.output_intents_summary.entries.iter().any(|entry| {
            entry.subtype.as_deref() == Some("GTS_PDFX") && entry.dest_output_profile_ref_present
        })
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "", "6.2.3:3", "6.2.3:3"),
            "a PDF/X OutputIntent contains the forbidden /DestOutputProfileRef entry",
            document.catalog_reference,
            FailureCategory::Conformance,
        ));
    }
}

fn validate_output_intent_profiles(
    profile: ValidationProfile,
    document: &PdfDocument,
    failures: &mut ValidationFailures,
) {
    let entries = document
        .output_intents_summary
        .entries
        .iter()
        .filter(|entry| entry.is_dictionary_based);

    let mut invalid_profiles = Vec::new();
    for entry in entries
        .clone()
        .filter(|entry| entry.dest_output_profile_is_stream)
    {
        if !entry
            .dest_output_profile_header
            .as_ref()
            .is_some_and(|header| {
                if profile.is_pdfa_2_or_3() {
                    header.conforms_to_pdfa_2_output_intent()
                } else {
                    header.conforms_to_pdfa_1_output_intent()
                }
            })
        {
            let detail = match (
                &entry.dest_output_profile_header,
                &entry.dest_output_profile_decode_error,
            ) {
                (Some(header), _) => format!(
                    "ICC output profile has class {:?}, colour space {:?}, and version {}.{}",
                    header.device_class,
                    header.color_space,
                    header.version_major,
                    header.version_minor
                ),
                (None, Some(error)) => error.clone(),
                (None, None) => {
                    "ICC output profile is shorter than the 20-byte header prefix required by this check"
                        .to_owned()
                }
            };
            invalid_profiles.push((entry.dest_output_profile_id, detail));
        }
    }
    if !invalid_profiles.is_empty() {
        let object_id = only(&invalid_profiles).and_then(|(object_id, _)| *object_id);
        let detail = invalid_profiles
            .iter()
            .map(|(_, detail)| detail.clone())
            .collect::<Vec<_>>()
            .join("; ");
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.2.2:1", "6.2.3:1", "6.2.3:1"),
            detail,
            object_id,
            FailureCategory::Conformance,
        ));
    }
}

fn validate_output_intent_identity(
    profile: ValidationProfile,
    document: &PdfDocument,
    failures: &mut ValidationFailures,
) {
    let entries = document
        .output_intents_summary
        .entries
        .iter()
        .filter(|entry| entry.is_dictionary_based);

    let mut indirect_profiles = entries.filter_map(|entry| entry.dest_output_profile_id);
    if let Some(expected) = indirect_profiles.next()
        && indirect_profiles.any(|object_id| object_id != expected)
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.2.2:2", "6.2.3:2", "6.2.3:2"),
            "output intents reference different indirect destination profiles",
            document.catalog_reference,
            FailureCategory::Conformance,
        ));
    }
}

fn validate_info_consistency(
    profile: ValidationProfile,
    document: &PdfDocument,
    failures: &mut ValidationFailures,
) {
    let xmp = document.xmp.as_ref();
    let empty = &[];
    let object_id = document.info_object;
    compare_field(
        document,
        "Title",
        xmp.map_or(empty, |xmp| &xmp.title_x_default),
        iso_pdfa_rule_id!(profile, "6.7.3:2", "", ""),
        "dc:title['x-default']",
        object_id,
        failures,
        |a, b| a == b,
    );
    if let Some(author) = document.info.values.get("Author")
        && (xmp.is_none_or(|xmp| xmp.creator_container_count != 1)
            || xmp.is_none_or(|xmp| xmp.creators.len() != 1)
            || xmp.and_then(|xmp| xmp.creators.first()) != Some(author))
    {
        failures.push(failure(
            iso_pdfa_rule_id!(profile, "6.7.3:3", "", ""),
            format!(
                "Info Author {author:?} does not equal the sole dc:creator entry {:?}",
                xmp.map(|xmp| &xmp.creators)
            ),
            object_id,
            FailureCategory::Metadata,
        ));
    }
    compare_field(
        document,
        "Subject",
        xmp.map_or(empty, |xmp| &xmp.description_x_default),
        iso_pdfa_rule_id!(profile, "6.7.3:4", "", ""),
        "dc:description['x-default']",
        object_id,
        failures,
        |a, b| a == b,
    );
    compare_field(
        document,
        "Keywords",
        xmp.map_or(empty, |xmp| &xmp.keywords),
        iso_pdfa_rule_id!(profile, "6.7.3:5", "", ""),
        "pdf:Keywords",
        object_id,
        failures,
        |a, b| a == b,
    );
    compare_field(
        document,
        "Creator",
        xmp.map_or(empty, |xmp| &xmp.creator_tools),
        iso_pdfa_rule_id!(profile, "6.7.3:6", "", ""),
        "xmp:CreatorTool",
        object_id,
        failures,
        |a, b| a == b,
    );
    compare_field(
        document,
        "Producer",
        xmp.map_or(empty, |xmp| &xmp.producers),
        iso_pdfa_rule_id!(profile, "6.7.3:7", "", ""),
        "pdf:Producer",
        object_id,
        failures,
        |a, b| a == b,
    );
    if let Some(xmp) = xmp {
        if !xmp.create_dates.is_empty()
            && !xmp
                .invalid_predefined_xmp_value_types
                .contains("{http://ns.adobe.com/xap/1.0/}CreateDate (date)")
        {
            compare_field(
                document,
                "CreationDate",
                &xmp.create_dates,
                iso_pdfa_rule_id!(profile, "6.7.3:1", "", ""),
                "xmp:CreateDate",
                object_id,
                failures,
                dates_equivalent,
            );
        }
        if !xmp.modify_dates.is_empty()
            && !xmp
                .invalid_predefined_xmp_value_types
                .contains("{http://ns.adobe.com/xap/1.0/}ModifyDate (date)")
        {
            compare_field(
                document,
                "ModDate",
                &xmp.modify_dates,
                iso_pdfa_rule_id!(profile, "6.7.3:8", "", ""),
                "xmp:ModifyDate",
                object_id,
                failures,
                dates_equivalent,
            );
        }
    }
}

fn compare_field(
    document: &PdfDocument,
    info_key: &str,
    xmp_values: &[String],
    rule_id: impl Into<Option<&'static str>>,
    xmp_name: &str,
    object_id: Option<PdfObjectId>,
    failures: &mut ValidationFailures,
    matches: impl Fn(&str, &str) -> bool,
) {
    if let Some(info_value) = document.info.values.get(info_key)
        && (xmp_values.len() != 1
            || !xmp_values
                .first()
                .is_some_and(|xmp_value| matches(info_value, xmp_value)))
    {
        failures.push(failure(
            rule_id,
            format!(
                "Info {info_key} {info_value:?} is not equivalent to {xmp_name} {xmp_values:?}"
            ),
            object_id,
            FailureCategory::Metadata,
        ));
    }
}

fn finish_report(
    document: PdfDocument,
    profile: ValidationProfile,
    mut failures: ValidationFailures,
    total_rules: usize,
) -> ValidationReport {
    failures.sort_by_key(|failure| failure.rule_id.clone());
    let failures = failures.entries;
    let mut failed_rules = 0;
    let mut previous_rule = None;
    for failure in &failures {
        if previous_rule != Some(failure.rule_id.as_str()) {
            failed_rules += 1;
            previous_rule = Some(failure.rule_id.as_str());
        }
    }
    ValidationReport {
        source: None,
        profile,
        is_compliant: failures.is_empty(),
        rules: ValidationCounts {
            total: total_rules,
            passed: total_rules.saturating_sub(failed_rules),
            failed: failed_rules,
        },
        document,
        failures,
    }
}

fn failure(
    rule_id: impl Into<Option<&'static str>>,
    message: impl Into<String>,
    _object_id: Option<PdfObjectId>,
    category: FailureCategory,
) -> ValidationFailure {
    let rule_id = rule_id
        .into()
        .expect("every reported conformance finding has an ISO rule reference")
        .to_owned();
    ValidationFailure {
        guidance: guidance_for_rule_id(&rule_id),
        rule_id,
        message: message.into(),
        category,
    }
}

#[cfg(test)]
mod tests {
    use lopdf::xref::XrefType;
    use lopdf::{
        Dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
        StringFormat, dictionary,
    };

    use super::*;

    const VALID_XMP: &[u8] = br#"<?xpacket begin=""?>
      <x:xmpmeta xmlns:x="adobe:ns:meta/">
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
            pdfaid:part="1" pdfaid:conformance="B"/>
        </rdf:RDF>
      </x:xmpmeta>
      <?xpacket end="w"?>"#;

    const COMPLETE_XMP: &[u8] = br#"<?xpacket begin=""?>
      <x:xmpmeta xmlns:x="adobe:ns:meta/">
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
          xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
          xmlns:dc="http://purl.org/dc/elements/1.1/"
          xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
          xmlns:xmp="http://ns.adobe.com/xap/1.0/">
          <rdf:Description pdfaid:part="1" pdfaid:conformance="B"
            pdf:Keywords="rust,pdf" pdf:Producer="producer"
            xmp:CreatorTool="tool" xmp:CreateDate="2026-07-27T12:30:45+02:00"
            xmp:ModifyDate="2026-07-27T12:30:45+02:00">
            <dc:title><rdf:Alt><rdf:li xml:lang="fr">Titre</rdf:li>
              <rdf:li xml:lang="x-default">Title</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>Author</rdf:li></rdf:Seq></dc:creator>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Subject</rdf:li>
              </rdf:Alt></dc:description>
          </rdf:Description>
        </rdf:RDF>
      </x:xmpmeta>
      <?xpacket end="w"?>"#;

    fn pdf_document() -> Document {
        let mut document = Document::with_version("1.4");
        document.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
        document.trailer.set(
            "ID",
            vec![
                Object::string_literal("0123456789abcdef"),
                Object::string_literal("0123456789abcdef"),
            ],
        );
        document
    }

    #[test]
    fn accepts_all_implemented_checks() {
        let bytes = fixture(Some(VALID_XMP), true);
        let report = validate_pdf_bytes(
            &bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert!(report.is_compliant, "{:#?}", report.failures);
        assert_eq!(
            report.rules.passed,
            ValidationProfile::PdfA1b.implemented_check_count()
        );
    }

    #[test]
    fn infers_the_profile_declared_in_xmp() {
        let bytes = fixture(Some(VALID_XMP), true);
        let report = validate_pdf_bytes(&bytes, &ValidationOptions::default())
            .expect("PDF/A-1b profile declaration");

        assert_eq!(report.profile, ValidationProfile::PdfA1b);
        assert!(report.is_compliant, "{:#?}", report.failures);
    }

    #[test]
    fn default_options_infer_the_profile_with_default_limits() {
        let options = ValidationOptions::default();
        assert_eq!(options.profile, None);
        assert_eq!(
            options.limits.max_input_size,
            SafetyLimits::DEFAULT_MAX_INPUT_SIZE
        );

        let options = options.profile(ValidationProfile::PdfUa1).profile(None);
        assert_eq!(options.profile, None);
    }

    #[test]
    fn lazy_validation_infers_the_profile_and_returns_compliance() {
        let bytes = fixture(Some(VALID_XMP), true);

        let result = validate_bytes_lazy(&bytes, None, &SafetyLimits::default())
            .expect("PDF/A-1b profile declaration");

        assert_eq!(result.profile, ValidationProfile::PdfA1b);
        assert!(result.is_compliant);
    }

    #[test]
    fn lazy_validation_stops_after_the_first_failure() {
        let bytes = fixture(Some(VALID_XMP), true);
        let mut document = Document::load_mem(&bytes).expect("load validation fixture");
        document.trailer.remove(b"ID");
        let mut invalid = Vec::new();
        document
            .save_to(&mut invalid)
            .expect("write invalid fixture");

        let result = is_pdf_compliant_bytes(
            &invalid,
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("validate fixture");

        assert!(!result);
    }

    #[test]
    fn lazy_validation_accepts_file_input() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trailer-id-missing.pdf");

        let result =
            validate_pdf_lazy(&path, &ValidationOptions::default()).expect("validate fixture");

        assert_eq!(result.profile, ValidationProfile::PdfA1b);
        assert!(!result.is_compliant);
    }

    #[test]
    fn inferred_validation_requires_a_profile_declaration() {
        let bytes = fixture(None, true);
        let error = validate_pdf_bytes(&bytes, &ValidationOptions::default())
            .expect_err("missing profile declaration");

        assert!(matches!(error, PageError::MissingProfileDeclaration));
    }

    #[test]
    fn inferred_validation_accepts_implemented_pdfa_1a_declaration() {
        let xmp = std::str::from_utf8(VALID_XMP)
            .expect("fixture is UTF-8")
            .replace("pdfaid:conformance=\"B\"", "pdfaid:conformance=\"A\"");
        let bytes = fixture(Some(xmp.as_bytes()), true);
        let report = validate_pdf_bytes(&bytes, &ValidationOptions::default())
            .expect("PDF/A-1a profile declaration");
        assert_eq!(report.profile, ValidationProfile::PdfA1a);
        assert!(report.is_compliant, "{:#?}", report.failures);
        assert_eq!(
            report.rules.total,
            ValidationProfile::PdfA1a.implemented_check_count()
        );
    }

    #[test]
    fn inferred_validation_rejects_an_incomplete_profile_declaration() {
        let xmp = std::str::from_utf8(VALID_XMP)
            .expect("fixture is UTF-8")
            .replace(" pdfaid:conformance=\"B\"", "");
        let bytes = fixture(Some(xmp.as_bytes()), true);
        let error = validate_pdf_bytes(&bytes, &ValidationOptions::default())
            .expect_err("incomplete PDF/A-1 declaration");

        assert!(matches!(&error, PageError::InvalidProfileDeclaration(_)));
        assert!(error.to_string().contains("pdfaid:conformance"));
    }

    #[test]
    fn inferred_validation_recognizes_pdfua_declarations() {
        let xmp = br#"<?xpacket begin=""?>
          <x:xmpmeta xmlns:x="adobe:ns:meta/">
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
              xmlns:dc="http://purl.org/dc/elements/1.1/">
              <rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
                pdfuaid:part="1"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Document title</rdf:li></rdf:Alt></dc:title></rdf:Description>
            </rdf:RDF>
          </x:xmpmeta>
          <?xpacket end="w"?>"#;
        let bytes = fixture(Some(xmp), true);
        let report = validate_pdf_bytes(&bytes, &ValidationOptions::default())
            .expect("PDF/UA-1 profile declaration");
        assert_eq!(report.profile, ValidationProfile::PdfUa1);
        assert_eq!(
            report
                .failures
                .iter()
                .map(|failure| failure.rule_id.as_str())
                .collect::<Vec<_>>(),
            ["ISO 14289-1:2014:7.2:33"]
        );
        assert_eq!(
            report.rules.total,
            ValidationProfile::PdfUa1.implemented_check_count()
        );
    }

    #[test]
    fn inferred_validation_rejects_unimplemented_profile_declarations() {
        let xmp = std::str::from_utf8(VALID_XMP).expect("fixture is UTF-8");
        let pdfa4 = xmp.replace("pdfaid:part=\"1\"", "pdfaid:part=\"4\"");
        let declarations = [
            pdfa4.replace(" pdfaid:conformance=\"B\"", ""),
            pdfa4.replace("pdfaid:conformance=\"B\"", "pdfaid:conformance=\"E\""),
            pdfa4.replace("pdfaid:conformance=\"B\"", "pdfaid:conformance=\"F\""),
            xmp.replace("pdfaid", "pdfuaid")
                .replace("pdfa/ns/id/", "pdfua/ns/id/")
                .replace("pdfuaid:part=\"1\"", "pdfuaid:part=\"2\"")
                .replace(" pdfuaid:conformance=\"B\"", ""),
        ];

        for declaration in declarations {
            let bytes = fixture(Some(declaration.as_bytes()), true);
            let options = ValidationOptions::default();
            let errors = [
                validate_pdf_bytes(&bytes, &options).expect_err("unsupported declaration"),
                is_pdf_compliant_bytes(&bytes, &options).expect_err("unsupported declaration"),
            ];
            for error in errors {
                assert!(matches!(error, PageError::InvalidProfileDeclaration(_)));
                assert!(error.to_string().contains("supported"));
                assert_eq!(error.rule_id(), "PROFILE-001");
            }
        }
    }

    #[test]
    fn rejects_a_missing_binary_header_comment() {
        let mut bytes = fixture(Some(VALID_XMP), true);
        let line_end = bytes
            .iter()
            .position(|byte| matches!(byte, b'\r' | b'\n'))
            .expect("PDF header line ending");
        let comment_start = if bytes[line_end] == b'\r' && bytes.get(line_end + 1) == Some(&b'\n') {
            line_end + 2
        } else {
            line_end + 1
        };
        bytes[comment_start + 1..comment_start + 5].copy_from_slice(b"abcd");

        let report = validate_pdf_bytes(
            &bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.1.2:2");
        assert_no_rule(&report, "ISO 19005-1:2005:6.1.2:1");
    }

    #[test]
    fn rejects_mismatched_linearized_trailer_ids() {
        let bytes = fixture(Some(VALID_XMP), true);
        let (mut document, mut inspections) =
            PdfDocument::prepare_for_validation(&bytes, &SafetyLimits::default())
                .expect("prepare fixture")
                .into_inspections(
                    &bytes,
                    &SafetyLimits::default(),
                    crate::model::InspectionPlan::all(),
                )
                .expect("inspect fixture");
        document.trailer_id = Some(vec![b"last-one".to_vec(), b"last-two".to_vec()]);
        inspections.header.is_linearized = true;
        inspections.header.first_linearized_trailer_id = Some(b"first-onefirst-two".to_vec());
        inspections.header.last_trailer_id = Some(b"last-onelast-two".to_vec());
        let report = validate_document(
            document,
            inspections,
            ValidationProfile::PdfA1b,
            ValidationMode::Exhaustive,
        );
        assert_rule(&report, "ISO 19005-1:2005:6.1.3:4");
    }

    #[test]
    fn rejects_data_after_the_last_eof_marker() {
        let mut bytes = fixture(Some(VALID_XMP), true);
        bytes.extend_from_slice(b"unexpected");

        let report = validate_pdf_bytes(
            &bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.1.3:3");
    }

    #[test]
    fn rejects_xref_streams() {
        let bytes = fixture(Some(VALID_XMP), true);
        let mut document = Document::load_mem(&bytes).expect("load fixture");
        document.reference_table.cross_reference_type = XrefType::CrossReferenceStream;
        let mut bytes = Vec::new();
        document
            .save_to(&mut bytes)
            .expect("save fixture with xref stream");

        let report = validate_pdf_bytes(
            &bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.1.4:3");
    }

    #[test]
    fn rejects_a_missing_trailer_id() {
        let bytes = fixture(Some(VALID_XMP), true);
        let mut document = Document::load_mem(&bytes).expect("load fixture");
        document.trailer.remove(b"ID");
        let mut bytes = Vec::new();
        document
            .save_to(&mut bytes)
            .expect("save fixture without ID");

        let report = validate_pdf_bytes(
            &bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.1.3:1");
    }

    #[test]
    fn pdfa_2_and_3_require_a_nonempty_last_trailer_id() {
        let bytes = fixture(Some(VALID_XMP), true);
        for profile in [
            ValidationProfile::PdfA2a,
            ValidationProfile::PdfA2b,
            ValidationProfile::PdfA2u,
            ValidationProfile::PdfA3a,
            ValidationProfile::PdfA3b,
            ValidationProfile::PdfA3u,
        ] {
            let (mut document, mut inspections) =
                PdfDocument::prepare_for_validation(&bytes, &SafetyLimits::default())
                    .expect("prepare fixture")
                    .into_inspections(
                        &bytes,
                        &SafetyLimits::default(),
                        crate::model::InspectionPlan::all(),
                    )
                    .expect("inspect fixture");
            document.trailer_id = Some(vec![b"parser fallback".to_vec()]);
            inspections.header.last_trailer_id = Some(Vec::new());
            let report =
                validate_document(document, inspections, profile, ValidationMode::Exhaustive);
            let expected = iso_pdfa_rule_id!(profile, "6.1.3:1", "6.1.3:1", "6.1.3:1")
                .expect("trailer-ID check has an ISO reference");
            assert!(
                report
                    .failures
                    .iter()
                    .any(|failure| failure.rule_id == expected),
                "missing profile-specific trailer-ID failure: {report}"
            );
        }
    }

    #[test]
    fn pdfa_2_and_3_require_the_pdfaid_prefix_for_corr() {
        let xmp = br#"<?xpacket begin=""?>
          <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
            xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
            xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
            xmlns:wrong="http://www.aiim.org/pdfa/ns/id/">
            <rdf:Description pdfaid:part="2" pdfaid:conformance="B"><wrong:corr>1</wrong:corr></rdf:Description>
          </rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;
        let bytes = fixture(Some(xmp), true);

        let report = validate_pdf_bytes(
            &bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA2b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-2:2011:6.6.4:7");
    }

    #[test]
    fn pdfa_2_and_3_require_utf8_xmp_bytes() {
        let utf16_xmp = VALID_XMP
            .iter()
            .flat_map(|byte| [*byte, 0])
            .collect::<Vec<_>>();
        let report = validate_pdf_bytes(
            &fixture(Some(&utf16_xmp), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA2b),
        )
        .expect("explicit profile validation");

        assert_rule(&report, "ISO 19005-2:2011:6.6.2.1:5");
    }

    #[test]
    fn pdfa_2_and_3_report_lzw_through_the_combined_stream_filter_rule() {
        let bytes = include_bytes!(
            "../tests/fixtures/mutations/stream-lzw/shared-document_feature-stream_lzwdecode.pdf"
        );
        let report = validate_pdf_bytes(
            bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA2b),
        )
        .expect("explicit profile validation");

        assert_rule(&report, "ISO 19005-2:2011:6.1.7.2:1");
    }

    #[test]
    fn pdfa_2_inline_image_lzw_maps_to_the_inline_filter_rule() {
        let bytes = fixture_with_page_content(
            Some(VALID_XMP),
            true,
            b"BI /W 1 /H 1 /BPC 8 /F /LZW ID x EI\n",
        );
        let report = validate_pdf_bytes(
            &bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA2b),
        )
        .expect("explicit profile validation");

        assert_rule(&report, "ISO 19005-2:2011:6.1.10:1");
    }

    #[test]
    fn pdfa_2_and_3_report_widget_a_and_aa_through_one_rule() {
        let bytes = include_bytes!(
            "../tests/fixtures/mutations/widget-additional-actions/shared-action-widget_additional_actions.pdf"
        );
        let report = validate_pdf_bytes(
            bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA2b),
        )
        .expect("explicit profile validation");

        assert_rule(&report, "ISO 19005-2:2011:6.4.1:1");
    }

    #[test]
    fn reports_missing_xmp() {
        let report = validate_pdf_bytes(
            &fixture(None, true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.7.2:1");
        assert_rule(&report, "ISO 19005-1:2005:6.7.11:1");
    }

    #[test]
    fn reports_malformed_xmp() {
        let report = validate_pdf_bytes(
            &fixture(Some(b"<rdf:RDF>"), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.7.9:1");
    }

    #[test]
    fn enforces_catalog_metadata_stream_type_subtype_and_filter() {
        for (dictionary, expected) in [
            (dictionary! {"Subtype" => "XML"}, "ISO 19005-1:2005:6.7.2:1"),
            (
                dictionary! {"Type" => "Metadata"},
                "ISO 19005-1:2005:6.7.2:1",
            ),
            (
                dictionary! {"Type" => "Other", "Subtype" => "XML"},
                "ISO 19005-1:2005:6.7.2:1",
            ),
            (
                dictionary! {"Type" => "Metadata", "Subtype" => "Other"},
                "ISO 19005-1:2005:6.7.2:1",
            ),
            (
                dictionary! {
                    "Type" => "Metadata",
                    "Subtype" => "XML",
                    "Filter" => "ASCIIHexDecode",
                },
                "ISO 19005-1:2005:6.7.2:2",
            ),
        ] {
            let report = validate_pdf_bytes(
                &fixture_with_metadata_dictionary(VALID_XMP, dictionary, None),
                &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
            )
            .expect("explicit profile validation");
            assert_rule(&report, expected);
        }
    }

    /// A catalog Metadata stream with a direct null `/Filter` does not have
    /// a meaningful filter entry, following the direct-null convention used
    /// by other presence checks.
    #[test]
    fn catalog_metadata_direct_null_filter_is_not_a_filter_violation() {
        let report = validate_pdf_bytes(
            &fixture_with_metadata_dictionary(
                VALID_XMP,
                dictionary! {
                    "Type" => "Metadata",
                    "Subtype" => "XML",
                    "Filter" => Object::Null,
                },
                None,
            ),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_no_rule(&report, "ISO 19005-1:2005:6.7.2:2");
    }

    #[test]
    fn filtered_metadata_streams_are_allowed_by_pdfa_2_and_pdfa_3() {
        for (part, profile) in [
            ("2", ValidationProfile::PdfA2b),
            ("3", ValidationProfile::PdfA3b),
        ] {
            let xmp = String::from_utf8(VALID_XMP.to_vec())
                .expect("fixture is UTF-8")
                .replace("pdfaid:part=\"1\"", &format!("pdfaid:part=\"{part}\""));
            let encoded_xmp = xmp
                .as_bytes()
                .iter()
                .map(|byte| format!("{byte:02X}"))
                .collect::<String>()
                + ">";
            let report = validate_pdf_bytes(
                &fixture_with_metadata_dictionary(
                    encoded_xmp.as_bytes(),
                    dictionary! {
                        "Type" => "Metadata",
                        "Subtype" => "XML",
                        "Filter" => "ASCIIHexDecode",
                    },
                    None,
                ),
                &ValidationOptions::default().profile(profile),
            )
            .expect("explicit profile validation");
            assert!(
                report.failures.iter().all(|failure| !failure
                    .message
                    .contains("metadata stream dictionary contains a Filter")),
                "filtered metadata stream was reported for PDF/A-{part}: {:#?}",
                report.failures
            );
        }
    }

    #[test]
    fn rejects_missing_and_duplicate_identification_declarations() {
        let missing = br#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>"#;
        let report = validate_pdf_bytes(
            &fixture(Some(missing), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.7.11:1");

        let duplicate = br#"<rdf:RDF
          xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
          xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
          <rdf:Description pdfaid:part="1" pdfaid:conformance="B"/>
          <rdf:Description pdfaid:part="2" pdfaid:conformance="A"/>
        </rdf:RDF>"#;
        let report = validate_pdf_bytes(
            &fixture(Some(duplicate), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.7.9:1");
        assert_rule(&report, "ISO 19005-1:2005:6.7.11:1");
    }

    #[test]
    fn accepts_info_values_with_correct_rdf_alt_and_seq_forms() {
        let report = validate_pdf_bytes(
            &fixture_with_metadata_dictionary(
                COMPLETE_XMP,
                dictionary! {"Type" => "Metadata", "Subtype" => "XML"},
                Some(complete_info()),
            ),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        for rule in [
            "ISO 19005-1:2005:6.7.3:1",
            "ISO 19005-1:2005:6.7.3:2",
            "ISO 19005-1:2005:6.7.3:3",
            "ISO 19005-1:2005:6.7.3:4",
            "ISO 19005-1:2005:6.7.3:5",
            "ISO 19005-1:2005:6.7.3:6",
            "ISO 19005-1:2005:6.7.3:7",
            "ISO 19005-1:2005:6.7.3:8",
        ] {
            assert_no_rule(&report, rule);
        }
    }

    #[test]
    fn reports_every_info_xmp_mismatch_independently() {
        let cases = [
            ("Title", "ISO 19005-1:2005:6.7.3:2"),
            ("Author", "ISO 19005-1:2005:6.7.3:3"),
            ("Subject", "ISO 19005-1:2005:6.7.3:4"),
            ("Keywords", "ISO 19005-1:2005:6.7.3:5"),
            ("Creator", "ISO 19005-1:2005:6.7.3:6"),
            ("Producer", "ISO 19005-1:2005:6.7.3:7"),
            ("CreationDate", "ISO 19005-1:2005:6.7.3:1"),
            ("ModDate", "ISO 19005-1:2005:6.7.3:8"),
        ];
        for (key, rule) in cases {
            let mut info = complete_info();
            info.set(
                key,
                Object::String(b"different".to_vec(), StringFormat::Literal),
            );
            let report = validate_pdf_bytes(
                &fixture_with_metadata_dictionary(
                    COMPLETE_XMP,
                    dictionary! {"Type" => "Metadata", "Subtype" => "XML"},
                    Some(info),
                ),
                &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
            )
            .expect("explicit profile validation");
            assert_rule(&report, rule);
        }
    }

    #[test]
    fn author_requires_exactly_one_seq_entry() {
        let xmp = String::from_utf8(COMPLETE_XMP.to_vec())
            .expect("fixture is UTF-8")
            .replace(
                "<rdf:li>Author</rdf:li>",
                "<rdf:li>Author</rdf:li><rdf:li>Second</rdf:li>",
            );
        let report = validate_pdf_bytes(
            &fixture_with_metadata_dictionary(
                xmp.as_bytes(),
                dictionary! {"Type" => "Metadata", "Subtype" => "XML"},
                Some(complete_info()),
            ),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.7.3:3");
    }

    #[test]
    fn missing_output_intent_is_outside_the_pinned_output_intent_predicates() {
        let report = validate_pdf_bytes(
            &fixture(Some(VALID_XMP), false),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_no_rule(&report, "ISO 19005-1:2005:6.2.2:1");
        assert_no_rule(&report, "ISO 19005-1:2005:6.2.2:2");
    }

    #[test]
    fn reports_incorrect_pdfa_declarations() {
        let xmp = String::from_utf8(VALID_XMP.to_vec())
            .expect("fixture is UTF-8")
            .replace("pdfaid:part=\"1\"", "pdfaid:part=\"2\"")
            .replace("pdfaid:conformance=\"B\"", "pdfaid:conformance=\"U\"");
        let report = validate_pdf_bytes(
            &fixture(Some(xmp.as_bytes()), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.7.11:2");
        assert_rule(&report, "ISO 19005-1:2005:6.7.11:3");
    }

    #[test]
    fn accepts_pdfa_1a_declaration_for_pdfa_1b_validation() {
        let xmp = String::from_utf8(VALID_XMP.to_vec())
            .expect("fixture is UTF-8")
            .replace("pdfaid:conformance=\"B\"", "pdfaid:conformance=\"A\"");
        let report = validate_pdf_bytes(
            &fixture(Some(xmp.as_bytes()), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert!(
            report
                .failures
                .iter()
                .all(|failure| failure.rule_id != "ISO 19005-1:2005:6.7.11:3")
        );
    }

    #[test]
    fn pdfa_1a_requires_conformance_a() {
        let b = validate_pdf_bytes(
            &fixture(Some(VALID_XMP), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1a),
        )
        .expect("explicit profile validation");
        assert_rule(&b, "ISO 19005-1:2005:6.7.11:3");

        let a_xmp = String::from_utf8(VALID_XMP.to_vec())
            .expect("fixture is UTF-8")
            .replace("pdfaid:conformance=\"B\"", "pdfaid:conformance=\"A\"");
        let a = validate_pdf_bytes(
            &fixture(Some(a_xmp.as_bytes()), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1a),
        )
        .expect("explicit profile validation");
        assert_no_rule(&a, "ISO 19005-1:2005:6.7.11:3");
        assert_eq!(
            a.rules.total,
            ValidationProfile::PdfA1a.implemented_check_count()
        );
    }

    #[test]
    fn rejects_lowercase_pdfa_conformance() {
        let xmp = String::from_utf8(VALID_XMP.to_vec())
            .expect("fixture is UTF-8")
            .replace("pdfaid:conformance=\"B\"", "pdfaid:conformance=\"b\"");
        let report = validate_pdf_bytes(
            &fixture(Some(xmp.as_bytes()), true),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_rule(&report, "ISO 19005-1:2005:6.7.11:3");
    }

    #[test]
    fn malformed_pdf_returns_a_parser_error() {
        let error = validate_pdf_bytes(
            include_bytes!("../tests/fixtures/malformed.pdf"),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect_err("malformed PDF");
        assert!(matches!(error, PageError::Pdf(PdfError::Parse(_))));
    }

    #[test]
    fn encrypted_input_with_unresolvable_root_returns_parser_error() {
        let error = validate_pdf_bytes(
            include_bytes!("../tests/fixtures/encrypted.pdf"),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect_err("the encrypted fixture has no resolvable catalog object");
        assert!(matches!(error, PageError::Pdf(PdfError::InvalidCatalog)));
        assert_eq!(error.rule_id(), "PDF-PARSE-001");
    }

    #[test]
    fn validates_after_decrypting_with_empty_user_password() {
        let mut document =
            Document::load_mem(&fixture(Some(VALID_XMP), true)).expect("load validation fixture");
        let state = EncryptionState::try_from(EncryptionVersion::V1 {
            document: &document,
            owner_password: "owner",
            user_password: "",
            permissions: Permissions::all(),
        })
        .expect("create encryption state");
        document
            .encrypt(&state)
            .expect("encrypt validation fixture");
        let mut bytes = Vec::new();
        document
            .save_to(&mut bytes)
            .expect("save encrypted fixture");

        let report = validate_pdf_bytes(
            &bytes,
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");

        assert_rule(&report, "ISO 19005-1:2005:6.1.3:2");
        let document = &report.document;
        assert!(document.encrypted);
        assert!(!document.encrypted_content_unavailable);
        assert!(document.catalog_present);
        assert!(document.xmp.is_some());
        assert_eq!(
            report.rules.total,
            ValidationProfile::PdfA1b.implemented_check_count()
        );
    }

    #[test]
    fn encrypted_input_respects_object_safety_limit() {
        let limits = SafetyLimits {
            max_object_count: 0,
            ..SafetyLimits::default()
        };
        let error = validate_pdf_bytes(
            include_bytes!("../tests/fixtures/encrypted.pdf"),
            &ValidationOptions::default()
                .profile(ValidationProfile::PdfA1b)
                .limits(limits),
        )
        .expect_err("object limit");
        assert!(matches!(
            error,
            PageError::Pdf(PdfError::TooManyObjects { limit: 0, .. })
        ));
    }

    #[test]
    fn ordinary_object_safety_limit_returns_an_error() {
        let limits = SafetyLimits {
            max_object_count: 0,
            ..SafetyLimits::default()
        };
        let error = validate_pdf_bytes(
            include_bytes!("../tests/fixtures/structural.pdf"),
            &ValidationOptions::default()
                .profile(ValidationProfile::PdfA1b)
                .limits(limits),
        )
        .expect_err("object limit");
        assert!(matches!(
            error,
            PageError::Pdf(PdfError::TooManyObjects { .. })
        ));
    }

    #[test]
    fn missing_input_returns_an_io_error() {
        let path = Path::new("tests/fixtures/definitely-not-present.pdf");
        let error = validate_pdf(
            path,
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect_err("missing input");
        assert!(matches!(error, PageError::InputIo(_)));
    }

    #[test]
    fn input_size_limit_returns_an_error() {
        let limits = SafetyLimits {
            max_input_size: 1,
            ..SafetyLimits::default()
        };
        let error = validate_pdf_bytes(
            include_bytes!("../tests/fixtures/structural.pdf"),
            &ValidationOptions::default()
                .profile(ValidationProfile::PdfA1b)
                .limits(limits),
        )
        .expect_err("input size limit");
        assert!(matches!(
            error,
            PageError::Pdf(PdfError::InputTooLarge { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn bounded_file_read_rejects_an_unbounded_input() {
        let limits = SafetyLimits {
            max_input_size: 4,
            ..SafetyLimits::default()
        };
        let error = read_file(Path::new("/dev/zero"), &limits).expect_err("input size limit");
        assert!(matches!(
            error,
            PageError::Pdf(PdfError::InputTooLarge {
                actual: 5,
                limit: 4
            })
        ));
    }

    #[test]
    fn decoded_stream_size_limit_returns_an_error() {
        let limits = SafetyLimits {
            max_decoded_stream_size: 16,
            ..SafetyLimits::default()
        };
        let error = validate_pdf_bytes(
            &fixture(Some(VALID_XMP), true),
            &ValidationOptions::default()
                .profile(ValidationProfile::PdfA1b)
                .limits(limits),
        )
        .expect_err("decoded stream limit");
        assert!(matches!(error, PageError::Pdf(PdfError::XmpDecodeLimit(_))));
        let report = validate_pdf_bytes(
            &fixture(Some(VALID_XMP), true),
            &ValidationOptions::default()
                .profile(ValidationProfile::PdfA1b)
                .limits(SafetyLimits::unlimited()),
        )
        .expect("unlimited decoding");
        assert!(report.is_compliant, "{report}");
    }

    #[test]
    fn lazy_validation_checks_content_stream_limit_after_preflight_failure() {
        let mut document = Document::load_mem(&fixture_with_page_content(None, true, &[b'q'; 32]))
            .expect("load validation fixture");
        document.trailer.remove(b"ID");
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).expect("write invalid fixture");
        let limits = SafetyLimits {
            max_decoded_stream_size: 16,
            ..SafetyLimits::default()
        };
        let error = is_pdf_compliant_bytes(
            &bytes,
            &ValidationOptions::default()
                .profile(ValidationProfile::PdfA1b)
                .limits(limits),
        )
        .expect_err("content stream limit after preflight failure");
        assert!(matches!(
            error,
            PageError::Pdf(PdfError::ContentDecodeLimit(16))
        ));
        let compliant = is_pdf_compliant_bytes(
            &bytes,
            &ValidationOptions::default()
                .profile(ValidationProfile::PdfA1b)
                .limits(SafetyLimits::unlimited()),
        )
        .expect("unlimited content decoding preserves the conformance result");
        assert!(!compliant);
    }

    #[test]
    fn reference_depth_limit_returns_an_error() {
        let limits = SafetyLimits {
            max_reference_depth: 0,
            ..SafetyLimits::default()
        };
        let error = validate_pdf_bytes(
            &fixture(Some(VALID_XMP), true),
            &ValidationOptions::default()
                .profile(ValidationProfile::PdfA1b)
                .limits(limits),
        )
        .expect_err("reference depth limit");
        assert!(matches!(error, PageError::Pdf(PdfError::ReferenceDepth(0))));
    }

    #[test]
    fn direct_root_dictionary_returns_parser_error() {
        let error = validate_pdf_bytes(
            &fixture_with_root(Some(VALID_XMP), true, false),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect_err("a direct trailer /Root cannot be validated");
        assert!(matches!(error, PageError::Pdf(PdfError::InvalidCatalog)));
        assert_eq!(error.rule_id(), "PDF-PARSE-001");
    }

    #[test]
    fn static_structural_fixture_parses() {
        let report = validate_pdf_bytes(
            include_bytes!("../tests/fixtures/structural.pdf"),
            &ValidationOptions::default().profile(ValidationProfile::PdfA1b),
        )
        .expect("explicit profile validation");
        assert_eq!(report.document.version, "1.4");
        assert!(!report.is_compliant, "fixture intentionally has no XMP");
    }

    #[test]
    fn same_rule_aggregators_discard_duplicate_findings() {
        let repeated = RuleFailure {
            object_id: Some(PdfObjectId {
                object_number: 10,
                generation: 0,
            }),
            description: "the same problem".to_owned(),
        };
        let distinct = RuleFailure {
            object_id: Some(PdfObjectId {
                object_number: 11,
                generation: 0,
            }),
            description: "the same problem".to_owned(),
        };
        let other = RuleFailure {
            object_id: Some(PdfObjectId {
                object_number: 12,
                generation: 0,
            }),
            description: "another problem".to_owned(),
        };
        let invalid = vec![repeated.clone(), repeated, distinct, other];

        let mut failures = ValidationFailures::default();
        aggregate_failures_with_location(&invalid, "TEST-001", None, &mut failures);
        assert_eq!(failures.entries[0].message, "the same problem");
        assert_eq!(failures.entries.len(), 1);

        let mut failures = ValidationFailures::default();
        aggregate_failures(&invalid, "TEST-001", &mut failures);
        assert_eq!(failures.entries[0].message, "the same problem");
        assert_eq!(failures.entries.len(), 1);
    }

    #[test]
    fn object_limit_failures_are_aggregated_by_rule() {
        let limits = crate::object_limits::ObjectLimitsSummary {
            out_of_range_integers: vec![
                PdfObjectId {
                    object_number: 10,
                    generation: 0,
                },
                PdfObjectId {
                    object_number: 11,
                    generation: 0,
                },
                PdfObjectId {
                    object_number: 12,
                    generation: 0,
                },
            ],
            ..Default::default()
        };
        let mut failures = ValidationFailures::default();

        validate_object_limits(
            ValidationProfile::PdfA1b,
            &limits,
            &crate::content_support::ContentExecutionSummary::default(),
            &mut failures,
        );

        assert_eq!(failures.entries.len(), 1);
        assert_eq!(failures.entries[0].rule_id, "ISO 19005-1:2005:6.1.12:1");
    }

    #[test]
    fn stream_safety_failures_are_aggregated_by_rule() {
        let streams = crate::stream_safety::StreamSafetySummary {
            invalid_lengths: vec![
                PdfObjectId {
                    object_number: 20,
                    generation: 0,
                },
                PdfObjectId {
                    object_number: 21,
                    generation: 0,
                },
            ],
            ..Default::default()
        };
        let mut failures = ValidationFailures::default();

        validate_stream_safety(
            ValidationProfile::PdfA1b,
            &streams,
            &crate::content_support::ContentExecutionSummary::default(),
            &mut failures,
        );

        assert_eq!(failures.entries.len(), 1);
        assert_eq!(failures.entries[0].rule_id, "ISO 19005-1:2005:6.1.7:1");
    }

    fn assert_rule(report: &ValidationReport, expected: &str) {
        assert!(
            report
                .failures
                .iter()
                .any(|failure| failure.rule_id == expected),
            "missing {expected}: {:#?}",
            report.failures
        );
    }

    fn assert_no_rule(report: &ValidationReport, expected: &str) {
        assert!(
            report
                .failures
                .iter()
                .all(|failure| failure.rule_id != expected),
            "unexpected {expected}: {:#?}",
            report.failures
        );
    }

    fn fixture(xmp: Option<&[u8]>, output_intent: bool) -> Vec<u8> {
        fixture_with_root(xmp, output_intent, true)
    }

    fn fixture_with_root(xmp: Option<&[u8]>, output_intent: bool, indirect_root: bool) -> Vec<u8> {
        fixture_with_page_content_and_root(xmp, output_intent, indirect_root, None)
    }

    fn fixture_with_page_content(
        xmp: Option<&[u8]>,
        output_intent: bool,
        content: &[u8],
    ) -> Vec<u8> {
        fixture_with_page_content_and_root(xmp, output_intent, true, Some(content))
    }

    fn fixture_with_page_content_and_root(
        xmp: Option<&[u8]>,
        output_intent: bool,
        indirect_root: bool,
        page_content: Option<&[u8]>,
    ) -> Vec<u8> {
        let mut document = pdf_document();
        let pages_id = document.add_object(dictionary! {
            "Type" => "Pages",
            "Kids" => Vec::<Object>::new(),
            "Count" => 0,
        });
        if let Some(content) = page_content {
            let content_id = document.add_object(Stream::new(Dictionary::new(), content.to_vec()));
            let page_id = document.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                "Contents" => content_id,
            });
            let pages = document
                .objects
                .get_mut(&pages_id)
                .and_then(|object| object.as_dict_mut().ok())
                .expect("pages");
            pages.set("Kids", vec![Object::Reference(page_id)]);
            pages.set("Count", 1);
        }
        let mut catalog = dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
            "MarkInfo" => dictionary! { "Marked" => true },
            "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
            "StructTreeRoot" => Dictionary::new(),
        };
        if let Some(xmp) = xmp {
            let metadata_id = document.add_object(Stream::new(
                dictionary! {
                    "Type" => "Metadata",
                    "Subtype" => "XML",
                },
                xmp.to_vec(),
            ));
            catalog.set("Metadata", metadata_id);
        }
        if output_intent {
            let intent_id = document.add_object(dictionary! {
                "Type" => "OutputIntent",
                "S" => "GTS_PDFA1",
                "OutputConditionIdentifier" => Object::string_literal("Test"),
            });
            catalog.set("OutputIntents", vec![Object::Reference(intent_id)]);
        }
        if indirect_root {
            let catalog_id = document.add_object(catalog);
            document.trailer.set("Root", catalog_id);
        } else {
            document.trailer.set("Root", Object::Dictionary(catalog));
        }
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).expect("save fixture");
        bytes
    }

    fn fixture_with_metadata_dictionary(
        xmp: &[u8],
        metadata_dictionary: Dictionary,
        info: Option<Dictionary>,
    ) -> Vec<u8> {
        let mut document = pdf_document();
        let pages_id = document.add_object(dictionary! {
            "Type" => "Pages",
            "Kids" => Vec::<Object>::new(),
            "Count" => 0,
        });
        let metadata_id = document.add_object(Stream::new(metadata_dictionary, xmp.to_vec()));
        let intent_id = document.add_object(dictionary! {
            "Type" => "OutputIntent",
            "S" => "GTS_PDFA1",
            "OutputConditionIdentifier" => Object::string_literal("Test"),
        });
        let catalog_id = document.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
            "Metadata" => metadata_id,
            "OutputIntents" => vec![Object::Reference(intent_id)],
        });
        document.trailer.set("Root", catalog_id);
        if let Some(info) = info {
            let info_id = document.add_object(info);
            document.trailer.set("Info", info_id);
        }
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).expect("save fixture");
        bytes
    }

    fn complete_info() -> Dictionary {
        dictionary! {
            "Title" => Object::string_literal("Title"),
            "Author" => Object::string_literal("Author"),
            "Subject" => Object::string_literal("Subject"),
            "Keywords" => Object::string_literal("rust,pdf"),
            "Creator" => Object::string_literal("tool"),
            "Producer" => Object::string_literal("producer"),
            "CreationDate" => Object::string_literal("D:20260727123045+02'00'"),
            "ModDate" => Object::string_literal("D:20260727123045+02'00'"),
        }
    }
}
