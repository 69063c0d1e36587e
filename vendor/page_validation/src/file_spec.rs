//! Shares the PDF/A-1 embedded-file check across file-specification reachability paths.
//!
//! The checker resolves a file-specification dictionary within the reference-depth limit and
//! reports a present, non-null `/EF` entry. Name-tree and action inspectors reuse this predicate
//! so the same file specification receives consistent treatment wherever it is reached.

use lopdf::{Document, Object};

use crate::error::PdfError;
use crate::limits::SafetyLimits;
pub(crate) use crate::object_resolution::has_non_empty_string_entry;
use crate::object_resolution::{dictionary_based, resolve_optional};
use crate::report::RuleFailure;

/// Checks a resolved file-specification dictionary for the forbidden `/EF`
/// key (ISO 19005-1:2005, 6.1.11, clause 1).
///
/// File specifications may be reached through the catalog's
/// `Names/EmbeddedFiles` name tree or through a `GoToR`/`SubmitForm` action's
/// `/F` entry. Every path shares this check instead of re-deriving it.
///
/// A direct `Object::Null` `/EF` value is empty and passes; an *indirect*
/// null remains a present key and fails, matching the same convention used
/// for the enclosing `EmbeddedFiles` entry.
///
/// PDF32000 has exactly two other file-specification sites, and both are
/// deliberately *not* wired to this check because the object carrying the
/// file specification is already unconditionally forbidden for PDF/A-1b by
/// a different rule, making a second (redundant) report of the same
/// underlying object pointless:
/// - a `FileAttachment` annotation's `/FS` entry: `FileAttachment` is not in
///   the allowed subtype list, so the
///   annotation itself already fails before its file specification would
///   matter;
/// - a `Launch`/`GoToE` action's file specification: neither action type is
///   in the allowed list, so the action itself
///   already fails the same way.
///
/// That leaves the `Names/EmbeddedFiles` tree and a `GoToR`/`SubmitForm`
/// action's `/F` as the only two reachability paths that need this check,
/// which is exactly what's wired up (`document_features.rs`, `actions.rs`).
pub(crate) fn inspect(
    document: &Document,
    value: &Object,
    limits: &SafetyLimits,
    context: &str,
) -> Result<Option<RuleFailure>, PdfError> {
    let object_id = value.as_reference().ok().map(Into::into);
    let Some(file_spec) =
        resolve_optional(document, value, limits.max_reference_depth)?.and_then(dictionary_based)
    else {
        return Ok(None);
    };
    if file_spec
        .get(b"EF")
        .is_ok_and(|value| !matches!(value, Object::Null))
    {
        Ok(Some(RuleFailure {
            object_id,
            description: format!("{context} contains an EF entry"),
        }))
    } else {
        Ok(None)
    }
}
