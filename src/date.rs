//! Calendar dates from Unix time, in UTC: the one place every stage turns seconds
//! into a year, month and day (PDF dates in render, the deadline check in build).

/// A calendar date: year, month (1-12), day (1-31).
pub type Date = (i32, u32, u32);

/// The UTC date and the seconds into that day of `seconds` since the Unix epoch.
pub fn utc_date(seconds: i64) -> (Date, i64) {
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    ((y as i32, m, d), seconds.rem_euclid(86_400))
}

/// Howard Hinnant's days-to-civil algorithm: the proleptic Gregorian date `days`
/// after 1970-01-01, exact for every `i64` day a timestamp can hold.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_around_the_epoch_and_leap_days() {
        assert_eq!(utc_date(0), ((1970, 1, 1), 0));
        assert_eq!(utc_date(-1), ((1969, 12, 31), 86_399));
        assert_eq!(utc_date(1_700_000_000), ((2023, 11, 14), 80_000));
        // 2000-02-29 (a leap day of a century year) and 2100-03-01 (no 2100-02-29).
        assert_eq!(utc_date(951_782_400).0, (2000, 2, 29));
        assert_eq!(utc_date(4_107_542_400).0, (2100, 3, 1));
    }
}
