//! Case-level preflight: what makes a whole case unfit to print, or worth a second look.

use crate::diag::{Diagnostic, Span};
use crate::load::case_yaml::parse_iso_date;
use crate::load::{CaseSource, Status};

pub(crate) use crate::date::Date;

/// Today in UTC: from `SOURCE_DATE_EPOCH` when given, else the system clock. Only
/// warnings depend on it (a deadline in the past), never a PDF's bytes.
pub(crate) fn today(source_date: Option<i64>) -> Date {
    let seconds = source_date.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    });
    crate::date::utc_date(seconds).0
}

/// Whether a case's packs are built: an active one always, a closed one when asked
/// (`--include-closed`, for an archive), a withdrawn one never.
pub(crate) fn is_built(status: Status, include_closed: bool) -> bool {
    match status {
        Status::Active => true,
        Status::Closed => include_closed,
        Status::Withdrawn => false,
    }
}

/// The note for a case that is not built: what happens to its earlier files.
pub(crate) fn not_built_note(case: &CaseSource) -> Diagnostic {
    let status = case.facts.status;
    let note = Diagnostic::note(
        Some(case.yaml_span("status")),
        format!(
            "case `{}` is {}: nothing is built for it, and its earlier files are listed as withdrawn in {} and left off the download page",
            case.id,
            status.name(),
            super::manifest::MANIFEST_FILE,
        ),
    );
    match status {
        Status::Withdrawn => note.with_hint(
            "run `appealpress prune` now to delete them from the output folder before it is published",
        ),
        _ => note.with_hint("`appealpress prune` deletes them; --include-closed builds a closed case anyway"),
    }
}

/// The note for a case without a `solidarity` address: the postcard is addressed to
/// it, so there is none; the packs are built.
pub(crate) fn no_postcard_note(case: &CaseSource) -> Diagnostic {
    Diagnostic::note(
        Some(Span::file(case.dir.join("case.yaml"))),
        format!("case `{}` has no `solidarity` address, so no postcard is made for it", case.id),
    )
    .with_hint("add `solidarity:` with `name:` and `address:` to make postcards")
}

/// The note for a language that gives no petition (no `petition:` in its front
/// matter, no `{#petition}` section) in a case that lists the petition: that language
/// has no petition sheet; its other products are built.
pub(crate) fn no_petition_note(case: &CaseSource, entry: &crate::load::LangEntry) -> Option<Diagnostic> {
    let file = entry.file.as_ref().ok()?;
    if file.has_petition() {
        return None;
    }
    Some(
        Diagnostic::note(
            Some(Span::file(&file.path)),
            format!(
                "case `{}` has no petition in `{}`, so no petition sheet is made in that language",
                case.id, entry.lang
            ),
        )
        .with_hint("add `petition:` with the ask to the front matter, or a section `## … {#petition}`"),
    )
}

/// The note for products the command line asks for that the case does not list in
/// `products:` (a case that lists none builds the pack and the postcard): the
/// catalogue says what a case has, the command line which of it a run builds.
pub fn unlisted_products_note(case: &CaseSource, asked: &[crate::compose::Product]) -> Option<Diagnostic> {
    let listed = case.products();
    let missing: Vec<&str> = asked.iter().filter(|p| !listed.contains(p)).map(|p| p.name()).collect();
    if missing.is_empty() {
        return None;
    }
    let names = missing.join(", ");
    Some(
        Diagnostic::note(
            Some(case.yaml_span("products")),
            format!("case `{}` does not list {names} in `products:`, so none is made for it", case.id),
        )
        .with_hint(format!(
            "add them to case.yaml: `products: [{}]`",
            listed.iter().map(|p| p.name()).chain(missing.iter().copied()).collect::<Vec<_>>().join(", ")
        )),
    )
}

/// Warnings that apply to every output of the case: a deadline already past.
pub(crate) fn case_warnings(case: &CaseSource, today: Date) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    if let Some(deadline) = case.facts.deadline.as_deref().and_then(parse_iso_date) {
        if deadline < today {
            let (y, m, d) = deadline;
            warnings.push(
                Diagnostic::warning(
                    Some(case.yaml_span("deadline")),
                    format!("the deadline {y:04}-{m:02}-{d:02} has passed; the pack still asks to write before it"),
                )
                .with_hint("update `deadline`, remove it, or close the case"),
            );
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_follows_source_date_epoch() {
        assert_eq!(today(Some(1_700_000_000)), (2023, 11, 14));
    }
}
