//! Calendar dates as whole days, with no clock and no time zone.

use std::fmt;

/// A civil date (proleptic Gregorian), stored as days since 1970-01-01.
///
/// Dates in clientgrade never carry a time of day or a zone: a sale belongs to
/// the day it was recorded on, and the as-of date is always an input.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date(i32);

impl Date {
    /// The date for a year, month (1–12) and day (1–31), if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// The date `days` days after 1970-01-01.
    pub const fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub const fn days(self) -> i32 {
        self.0
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Whole days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// The same day `months` months later (or earlier when negative), clamped
    /// to the end of a shorter month (2024-03-31 minus one month is 2024-02-29).
    pub fn add_months(self, months: i32) -> Date {
        let (y, m, d) = self.ymd();
        let total = y * 12 + (m as i32 - 1) + months;
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        let nd = d.min(days_in_month(ny, nm));
        Date(days_from_civil(ny, nm, nd))
    }

    /// The date `days` days later.
    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Parse `YYYY-MM-DD` exactly.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = digits(&b[0..4])? as i32;
        let m = digits(&b[5..7])?;
        let d = digits(&b[8..10])?;
        Date::from_ymd(y, m, d)
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Whether `year` is a leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms (public domain
// description of the arithmetic, written anew here).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = Date::from_ymd(1900, 1, 1).unwrap().days();
        let end = Date::from_ymd(2300, 12, 31).unwrap().days();
        for z in start..=end {
            let (y, m, d) = Date(z).ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(Date(z)));
        }
    }

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::from_ymd(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(
            Date::parse_iso("1997-09-30").unwrap().to_string(),
            "1997-09-30"
        );
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::parse_iso("2024-02-30"), None);
        assert_eq!(Date::parse_iso("2024-2-3"), None);
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        let d = Date::parse_iso("2024-03-31").unwrap();
        assert_eq!(d.add_months(-1).to_string(), "2024-02-29");
        assert_eq!(d.add_months(-12).to_string(), "2023-03-31");
        assert_eq!(d.add_months(-13).to_string(), "2023-02-28");
        assert_eq!(d.add_months(10).to_string(), "2025-01-31");
    }
}
