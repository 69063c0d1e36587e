//! Calendar dates from Unix time, in UTC: the one place every stage turns seconds
//! into a year, month and day (PDF dates in render, the deadline check in build).

/// A calendar date: year, month (1-12), day (1-31).
pub(crate) type Date = (i32, u32, u32);

/// The UTC date and the seconds into that day of `seconds` since the Unix epoch, by
/// the `time` crate (which printpdf already builds). A timestamp beyond the years
/// -9999 and 9999 that `time` can hold is taken as the nearest it can.
pub(crate) fn utc_date(seconds: i64) -> (Date, i64) {
    const FIRST: i64 = -377_705_116_800; // -9999-01-01T00:00:00Z
    const LAST: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let moment = time::OffsetDateTime::from_unix_timestamp(seconds.clamp(FIRST, LAST))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let (hours, minutes, secs) = moment.to_hms();
    let into_day = i64::from(hours) * 3600 + i64::from(minutes) * 60 + i64::from(secs);
    ((moment.year(), u32::from(u8::from(moment.month())), u32::from(moment.day())), into_day)
}

/// The date `year-month-day` when it is one on the Gregorian calendar (no 30
/// February, no 29 February outside leap years).
pub(crate) fn valid_date(year: i32, month: u32, day: u32) -> Option<Date> {
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    Some((date.year(), u32::from(u8::from(date.month())), u32::from(date.day())))
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
        // Far past what a calendar date can hold: the last second `time` has.
        assert_eq!(utc_date(i64::MAX), ((9999, 12, 31), 86_399));
    }

    #[test]
    fn valid_dates_know_month_lengths_and_leap_years() {
        assert_eq!(valid_date(2024, 2, 29), Some((2024, 2, 29)));
        assert_eq!(valid_date(2023, 2, 29), None);
        assert_eq!(valid_date(2100, 2, 29), None);
        assert_eq!(valid_date(2000, 2, 29), Some((2000, 2, 29)));
        assert_eq!(valid_date(2027, 4, 31), None);
        assert_eq!(valid_date(2027, 13, 1), None);
        assert_eq!(valid_date(2027, 269, 1), None);
    }
}
