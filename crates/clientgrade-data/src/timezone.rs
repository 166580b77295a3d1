//! Time zones: timestamps with a UTC offset (or in UTC) turned into the local day of the analysis time zone.
//!
//! A sale belongs to the day it happened on where the business is. Exports
//! that write times in UTC (Stripe) or with an offset (Shopify) are read in
//! the analysis time zone (`[analysis] timezone`, `--timezone`), an IANA name
//! looked up in the tz database bundled by `chrono-tz`. A value without a
//! time, or a time without an offset in a column not marked as UTC, is
//! already local and stays as written.

use chrono::{Datelike, TimeZone};

use clientgrade_core::Date;

use crate::values::DateOrder;

/// An IANA time zone such as `America/New_York`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone(chrono_tz::Tz);

impl Zone {
    /// Look a zone up by its IANA name.
    pub fn parse(name: &str) -> Result<Zone, String> {
        name.trim().parse::<chrono_tz::Tz>().map(Zone).map_err(|_| {
            format!(
                "`{name}` is not a time zone; use an IANA name such as \"America/New_York\", \
                 \"Europe/Berlin\" or \"UTC\""
            )
        })
    }

    /// Its IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The local date at `seconds` since 1970-01-01 00:00 UTC.
    fn local_date(self, seconds: i64) -> Option<Date> {
        let t = self.0.timestamp_opt(seconds, 0).single()?;
        Date::from_ymd(t.year(), t.month(), t.day())
    }
}

/// How one date column is read when a time zone is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ZoneRule {
    /// The analysis time zone.
    pub zone: Zone,
    /// Whether times without an offset are UTC (the column's header says so).
    pub naive_is_utc: bool,
}

/// A time of day and, when written, its offset from UTC in seconds.
struct Time {
    seconds: i64,
    offset: Option<i64>,
}

impl ZoneRule {
    /// The local date of `s` (a date, optionally followed by a time and an
    /// offset) whose date part is in `order`; `None` when it is not a date.
    pub(crate) fn local_date(self, s: &str, order: DateOrder) -> Option<Date> {
        let s = s.trim();
        let (day, rest) = split_date(s);
        let date = order.parse(day)?;
        if rest.is_empty() {
            return Some(date);
        }
        let time = parse_time(rest)?;
        let offset = match time.offset {
            Some(o) => o,
            None if self.naive_is_utc => 0,
            None => return Some(date),
        };
        let instant = i64::from(date.days()) * 86_400 + time.seconds - offset;
        self.zone.local_date(instant)
    }
}

/// Whether a header names a UTC column: `Created date (UTC)`, `created_utc`.
pub(crate) fn header_says_utc(header: &str) -> bool {
    crate::schema::normalize(header).contains("utc")
}

/// Whether a value carries a time with an offset or a UTC marker.
pub(crate) fn has_offset(s: &str) -> bool {
    let (_, rest) = split_date(s.trim());
    !rest.is_empty() && parse_time(rest).is_some_and(|t| t.offset.is_some())
}

/// The date part and the rest (a time) of a timestamp.
fn split_date(s: &str) -> (&str, &str) {
    match s.find(['T', ' ']) {
        Some(i) if i >= 6 => (&s[..i], s[i + 1..].trim()),
        _ => (s, ""),
    }
}

/// `10:22`, `10:22:11`, `10:22:11.123`, optionally `AM`/`PM`, optionally an
/// offset `Z`, `UTC`, `GMT`, `+02:00`, `-0500`, `+02`.
fn parse_time(s: &str) -> Option<Time> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut parts = [0i64; 3];
    let mut n = 0;
    while n < 3 {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 2 {
            return None;
        }
        parts[n] = s[start..i].parse().ok()?;
        n += 1;
        if i < b.len() && b[i] == b':' && n < 3 {
            i += 1;
        } else {
            break;
        }
    }
    if n < 2 {
        return None;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    let mut rest = s[i..].trim_start();
    let (mut h, m, sec) = (parts[0], parts[1], parts[2]);
    let upper = rest.get(..2).map(str::to_ascii_uppercase);
    if let Some(ampm) = upper.filter(|u| u == "AM" || u == "PM") {
        if !(1..=12).contains(&h) {
            return None;
        }
        h %= 12;
        if ampm == "PM" {
            h += 12;
        }
        rest = rest[2..].trim_start();
    }
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let offset = parse_offset(rest)?;
    Some(Time {
        seconds: h * 3600 + m * 60 + sec,
        offset,
    })
}

/// `Some(None)` for no offset, `Some(Some(seconds))` for one, `None` for junk.
fn parse_offset(s: &str) -> Option<Option<i64>> {
    let s = s.trim();
    if s.is_empty() {
        return Some(None);
    }
    let upper = s.to_ascii_uppercase();
    let rest = match upper.as_str() {
        "Z" | "UTC" | "GMT" => return Some(Some(0)),
        u if u.starts_with("UTC") || u.starts_with("GMT") => &s[3..],
        _ => s,
    };
    let (sign, digits) = match rest.as_bytes().first() {
        Some(b'+') => (1, &rest[1..]),
        Some(b'-') => (-1, &rest[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(Some(sign * (h * 3600 + m * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ny(naive_is_utc: bool) -> ZoneRule {
        ZoneRule {
            zone: Zone::parse("America/New_York").unwrap(),
            naive_is_utc,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<Date> {
        Date::from_ymd(y, m, day)
    }

    #[test]
    fn utc_times_late_in_the_evening_belong_to_the_previous_local_day() {
        let r = ny(true);
        let iso = DateOrder::YearMonthDay;
        // 02:00 UTC on 1 January is 21:00 on 31 December in New York (EST, -5)
        assert_eq!(r.local_date("2026-01-01 02:00:00", iso), d(2025, 12, 31));
        assert_eq!(r.local_date("2026-01-01T05:00:00Z", iso), d(2026, 1, 1));
        // summer time (EDT, -4): 03:59 UTC is 23:59 the day before
        assert_eq!(r.local_date("2025-07-04 03:59:59", iso), d(2025, 7, 3));
        assert_eq!(r.local_date("2025-07-04 04:00:00", iso), d(2025, 7, 4));
    }

    #[test]
    fn offsets_are_honoured_and_naive_local_times_stay() {
        let r = ny(false);
        let iso = DateOrder::YearMonthDay;
        assert_eq!(
            r.local_date("2025-10-07 23:50:26 -0400", iso),
            d(2025, 10, 7)
        );
        assert_eq!(
            r.local_date("2025-10-08 01:50:26 +0200", iso),
            d(2025, 10, 7)
        );
        assert_eq!(
            r.local_date("2025-10-08T01:50:26+02:00", iso),
            d(2025, 10, 7)
        );
        // no offset and not a UTC column: already local
        assert_eq!(r.local_date("2025-10-08 01:50:26", iso), d(2025, 10, 8));
        assert_eq!(r.local_date("2025-10-08", iso), d(2025, 10, 8));
        assert_eq!(
            r.local_date("10/08/2025 1:05 AM", DateOrder::MonthDayYear),
            d(2025, 10, 8)
        );
        assert_eq!(r.local_date("2025-10-08 25:00", iso), None);
        assert_eq!(r.local_date("2025-10-08 10:00 +99", iso), None);
    }

    #[test]
    fn names_and_markers() {
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert_eq!(
            Zone::parse("Europe/Berlin").unwrap().name(),
            "Europe/Berlin"
        );
        assert!(header_says_utc("Created date (UTC)"));
        assert!(header_says_utc("created_utc"));
        assert!(!header_says_utc("Created at"));
        assert!(has_offset("2025-10-07 09:50:26 +0200"));
        assert!(has_offset("2025-10-07T09:50:26Z"));
        assert!(!has_offset("2025-10-07 09:50:26"));
    }
}
