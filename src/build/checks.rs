//! Case-level preflight: what makes a whole case unfit to print, or worth a second look.

use crate::diag::Diagnostic;
use crate::load::case_yaml::parse_iso_date;
use crate::load::{CaseSource, Status};

/// A calendar date (year, month, day).
pub type Date = (i32, u32, u32);

/// Today in UTC: from `SOURCE_DATE_EPOCH` when given, else the system clock. Only
/// warnings depend on it (a deadline in the past), never a PDF's bytes.
pub fn today(source_date: Option<i64>) -> Date {
    let seconds = source_date.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    });
    let (y, m, d) = crate::render::fixup::civil_from_days(seconds.div_euclid(86_400));
    (y as i32, m, d)
}

/// A closed case is refused unless asked for.
pub fn check_status(case: &CaseSource, include_closed: bool) -> Result<(), Diagnostic> {
    if case.facts.status == Status::Closed && !include_closed {
        return Err(Diagnostic::error(
            Some(case.yaml_span("status")),
            format!("case `{}` is closed; its packs are not built", case.id),
        )
        .with_hint("set `status: active`, or pass --include-closed to build it anyway"));
    }
    Ok(())
}

/// Warnings that apply to every output of the case: a deadline already past.
pub fn case_warnings(case: &CaseSource, today: Date) -> Vec<Diagnostic> {
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
