//! Dates from text: the date orders, their detection per column, the plausible range.

use clientgrade_core::Date;

/// The order of day, month and year in a date column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// `2025-03-31`, `2025/03/31` (also with a time after it).
    YearMonthDay,
    /// `31.03.2025`, `31/03/2025`.
    DayMonthYear,
    /// `03/31/2025`.
    MonthDayYear,
    /// `20250331`.
    Compact,
    /// `31.03.25`: two-digit years, see `two_digit_year`.
    DayMonthShortYear,
    /// `03/31/25`: two-digit years, see `two_digit_year`.
    MonthDayShortYear,
    /// `45747` (= 2025-03-31): Excel's serial day numbers, see `EXCEL_SERIALS`.
    ExcelSerial,
}

/// The year of a two-digit year, by Excel's and Windows' rule: `00`–`29`
/// are 2000–2029, `30`–`99` are 1930–1999.
pub fn two_digit_year(yy: u32) -> u32 {
    if yy < 30 {
        2000 + yy
    } else {
        1900 + yy
    }
}

/// The Excel serial day numbers read as dates: 18264 (1950-01-01) to
/// 73415 (2100-12-31). Smaller integers in a date column (day numbers,
/// counts) are not taken for dates.
pub const EXCEL_SERIALS: std::ops::RangeInclusive<u32> = 18_264..=73_415;

/// Days from 1970-01-01 back to 1899-12-30, Excel's day 0 (for serials
/// from 61 on, past Excel's 1900 leap-day bug).
const EXCEL_EPOCH_DAYS: i32 = -25_569;

impl DateOrder {
    /// The conventional format string, as written in the config file.
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::YearMonthDay => "%Y-%m-%d",
            DateOrder::DayMonthYear => "%d.%m.%Y",
            DateOrder::MonthDayYear => "%m/%d/%Y",
            DateOrder::Compact => "%Y%m%d",
            DateOrder::DayMonthShortYear => "%d.%m.%y",
            DateOrder::MonthDayShortYear => "%m/%d/%y",
            DateOrder::ExcelSerial => "excel",
        }
    }

    /// The format string with the separator of `example`, a value of the
    /// column: `31/03/2025` gives `%d/%m/%Y`, `31.03.2025` gives `%d.%m.%Y`.
    pub fn pattern_like(self, example: &str) -> String {
        let sep = example
            .trim()
            .chars()
            .find(|c| !c.is_ascii_digit())
            .filter(|c| matches!(c, '-' | '/' | '.' | ' '));
        match (self, sep) {
            (DateOrder::Compact | DateOrder::ExcelSerial, _) | (_, None) => {
                self.pattern().to_string()
            }
            (_, Some(c)) => self
                .pattern()
                .chars()
                .map(|p| if matches!(p, '-' | '/' | '.') { c } else { p })
                .collect(),
        }
    }

    /// Read a config `date-format` such as `%d/%m/%Y` (separators are free).
    pub fn from_pattern(p: &str) -> Option<DateOrder> {
        let fields: Vec<char> = p
            .split('%')
            .skip(1)
            .filter_map(|f| f.chars().next())
            .collect();
        match fields.as_slice() {
            ['Y', 'm', 'd', ..] if p.contains("%Y%m%d") => Some(DateOrder::Compact),
            ['Y', 'm', 'd', ..] => Some(DateOrder::YearMonthDay),
            ['d', 'm', 'Y', ..] => Some(DateOrder::DayMonthYear),
            ['m', 'd', 'Y', ..] => Some(DateOrder::MonthDayYear),
            ['d', 'm', 'y', ..] => Some(DateOrder::DayMonthShortYear),
            ['m', 'd', 'y', ..] => Some(DateOrder::MonthDayShortYear),
            [] if p.trim().eq_ignore_ascii_case("excel") => Some(DateOrder::ExcelSerial),
            _ => None,
        }
    }

    /// Parse one value; `None` when it is not a valid date in this order.
    /// A year-first date with a four-digit year (`2025-03-04`, ISO 8601) is
    /// read in every order: it cannot be read another way, and exports mix
    /// it with the local form (`3/4/2025`) in one column.
    pub fn parse(self, s: &str) -> Option<Date> {
        self.parse_strict(s).or_else(|| {
            (self != DateOrder::YearMonthDay)
                .then(|| DateOrder::YearMonthDay.parse_strict(s))
                .flatten()
        })
    }

    /// [`DateOrder::parse`] in this order only.
    pub(crate) fn parse_strict(self, s: &str) -> Option<Date> {
        if let Some(d) = self.parse_ten(s.as_bytes()) {
            return Some(d);
        }
        let s = s.trim();
        let s = strip_time(s);
        if self == DateOrder::ExcelSerial {
            if s.len() != 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u32 = s.parse().ok()?;
            return EXCEL_SERIALS
                .contains(&n)
                .then(|| Date::from_days(EXCEL_EPOCH_DAYS + n as i32));
        }
        if self == DateOrder::Compact {
            if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let y = s[0..4].parse().ok()?;
            let m = s[4..6].parse().ok()?;
            let d = s[6..8].parse().ok()?;
            return Date::from_ymd(y, m, d);
        }
        let mut parts = [0u32; 3];
        let mut lens = [0usize; 3];
        let mut n = 0;
        let mut sep: Option<u8> = None;
        let mut in_number = false;
        for b in s.bytes() {
            if b.is_ascii_digit() {
                if !in_number {
                    if n == 3 {
                        return None;
                    }
                    n += 1;
                    in_number = true;
                }
                let p = &mut parts[n - 1];
                *p = p.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
                lens[n - 1] += 1;
            } else if matches!(b, b'-' | b'/' | b'.') && in_number {
                if *sep.get_or_insert(b) != b {
                    return None;
                }
                in_number = false;
            } else {
                return None;
            }
        }
        if n != 3 || !in_number {
            return None;
        }
        let (y, m, d, ylen) = match self {
            DateOrder::YearMonthDay => (parts[0], parts[1], parts[2], lens[0]),
            DateOrder::DayMonthYear => (parts[2], parts[1], parts[0], lens[2]),
            DateOrder::MonthDayYear => (parts[2], parts[0], parts[1], lens[2]),
            DateOrder::DayMonthShortYear if lens[2] == 2 => {
                (two_digit_year(parts[2]), parts[1], parts[0], 4)
            }
            DateOrder::MonthDayShortYear if lens[2] == 2 => {
                (two_digit_year(parts[2]), parts[0], parts[1], 4)
            }
            _ => return None,
        };
        let other_lens_ok = match self {
            DateOrder::YearMonthDay => lens[1] <= 2 && lens[2] <= 2,
            _ => lens[0] <= 2 && lens[1] <= 2,
        };
        if ylen != 4 || !other_lens_ok {
            return None;
        }
        Date::from_ymd(i32::try_from(y).ok()?, m, d)
    }
}

impl DateOrder {
    /// The common case in one step: exactly ten bytes, two-digit day and
    /// month, four-digit year, two equal separators (`2025-03-31`,
    /// `31.03.2025`, `03/31/2025`). `None` sends the value down the general path.
    #[inline]
    fn parse_ten(self, b: &[u8]) -> Option<Date> {
        let b: &[u8; 10] = b.try_into().ok()?;
        let num = |r: &[u8]| {
            r.iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let sep = |c: u8| matches!(c, b'-' | b'/' | b'.');
        let (y, m, d) = match self {
            DateOrder::YearMonthDay if sep(b[4]) && b[7] == b[4] => {
                (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?)
            }
            DateOrder::DayMonthYear if sep(b[2]) && b[5] == b[2] => {
                (num(&b[6..10])?, num(&b[3..5])?, num(&b[0..2])?)
            }
            DateOrder::MonthDayYear if sep(b[2]) && b[5] == b[2] => {
                (num(&b[6..10])?, num(&b[0..2])?, num(&b[3..5])?)
            }
            _ => return None,
        };
        Date::from_ymd(y as i32, m, d)
    }
}

/// Cut a time of day after a date: `2025-03-31T10:00:00Z`, `31.03.2025 10:00`.
fn strip_time(s: &str) -> &str {
    match s.find(['T', ' ']) {
        Some(i) if i >= 6 => &s[..i],
        _ => s,
    }
}

/// The outcome of looking at a sample of a date column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateDetection {
    /// One order reads the sample best.
    Found(DateOrder),
    /// Day-first and month-first read it equally well: the user must say.
    Ambiguous {
        /// A value that could be either.
        example: String,
    },
    /// No order reads any sample value.
    Unreadable {
        /// Up to three sample values.
        examples: Vec<String>,
    },
    /// The sample had no values.
    Empty,
}

/// Detect the date order of a column from sample values (empty values skipped).
pub fn detect_date_order<'a>(sample: impl IntoIterator<Item = &'a str>) -> DateDetection {
    const ORDERS: [DateOrder; 4] = [
        DateOrder::YearMonthDay,
        DateOrder::DayMonthYear,
        DateOrder::MonthDayYear,
        DateOrder::Compact,
    ];
    let mut counts = [0usize; 4];
    let mut seen = 0usize;
    let mut values: Vec<&str> = Vec::new();
    let mut examples = Vec::new();
    let mut ambiguous_example = None;
    for v in sample {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        seen += 1;
        values.push(v);
        if examples.len() < 3 {
            examples.push(v.to_string());
        }
        let mut ok = [false; 4];
        for (i, o) in ORDERS.iter().enumerate() {
            ok[i] = o.parse_strict(v).is_some();
        }
        if ok[0] {
            // year first: read in every order, decides nothing among the others
            counts[0] += 1;
            continue;
        }
        for i in 1..4 {
            counts[i] += usize::from(ok[i]);
        }
        if ok[1] && ok[2] && ambiguous_example.is_none() {
            ambiguous_example = Some(v.to_string());
        }
    }
    if seen == 0 {
        return DateDetection::Empty;
    }
    // the other values decide; year-first ones are read whatever the order
    if counts[1..].iter().any(|&c| c > 0) {
        counts[0] = 0;
    }
    let best = *counts.iter().max().unwrap_or(&0);
    if best == 0 {
        return detect_short_or_serial(values, examples);
    }
    let winners: Vec<usize> = (0..4).filter(|&i| counts[i] == best).collect();
    if winners == [1, 2] {
        return DateDetection::Ambiguous {
            example: ambiguous_example.unwrap_or_default(),
        };
    }
    DateDetection::Found(ORDERS[winners[0]])
}

/// When no four-digit-year order reads a value: two-digit years (`31.03.25`,
/// day or month first as the values tell) or, when every value is one,
/// Excel serial day numbers; else unreadable.
fn detect_short_or_serial(values: Vec<&str>, examples: Vec<String>) -> DateDetection {
    if !values.is_empty()
        && values
            .iter()
            .all(|v| DateOrder::ExcelSerial.parse_strict(v).is_some())
    {
        return DateDetection::Found(DateOrder::ExcelSerial);
    }
    let (mut day, mut month, mut ambiguous) = (0usize, 0usize, None);
    for v in &values {
        let d = DateOrder::DayMonthShortYear.parse_strict(v).is_some();
        let m = DateOrder::MonthDayShortYear.parse_strict(v).is_some();
        day += usize::from(d);
        month += usize::from(m);
        if d && m && ambiguous.is_none() {
            ambiguous = Some(v.to_string());
        }
    }
    match (day, month) {
        (0, 0) => DateDetection::Unreadable { examples },
        (d, m) if d == m => DateDetection::Ambiguous {
            example: ambiguous.unwrap_or_default(),
        },
        (d, m) if d > m => DateDetection::Found(DateOrder::DayMonthShortYear),
        _ => DateDetection::Found(DateOrder::MonthDayShortYear),
    }
}

/// The earliest date accepted: 1900-01-01 (days since 1970-01-01).
pub const FIRST_PLAUSIBLE_DAY: i32 = -25_567;
/// The latest date accepted: 2100-12-31 (days since 1970-01-01).
pub const LAST_PLAUSIBLE_DAY: i32 = 47_846;

/// Whether `d` lies in 1900-01-01 ..= 2100-12-31: dates outside are typos
/// (`2999`, `0025`) or placeholders (`9999-12-31`, `1899-12-30`), never sales.
#[inline]
pub fn plausible(d: Date) -> bool {
    (FIRST_PLAUSIBLE_DAY..=LAST_PLAUSIBLE_DAY).contains(&d.days())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn one_step_date_path_agrees_with_the_general_one() {
        use DateOrder::*;
        for (order, text, want) in [
            (YearMonthDay, "2025-03-31", Some("2025-03-31")),
            (YearMonthDay, "2025/03/31", Some("2025-03-31")),
            (YearMonthDay, "2025-03/31", None),
            (YearMonthDay, "2025-02-30", None),
            (DayMonthYear, "31.03.2025", Some("2025-03-31")),
            (MonthDayYear, "03/31/2025", Some("2025-03-31")),
            (MonthDayYear, "31/03/2025", None),
        ] {
            assert_eq!(order.parse_ten(text.as_bytes()), want.map(d), "{text}");
            assert_eq!(order.parse(text), want.map(d), "{text}");
        }
        // not ten bytes: the general path
        assert_eq!(YearMonthDay.parse_ten(b"2025-3-31"), None);
        assert_eq!(YearMonthDay.parse("2025-3-31"), Some(d("2025-03-31")));
    }

    #[test]
    fn date_orders_parse_common_forms() {
        use DateOrder::*;
        assert_eq!(YearMonthDay.parse("2025-03-31"), Some(d("2025-03-31")));
        assert_eq!(YearMonthDay.parse("2025/3/1"), Some(d("2025-03-01")));
        assert_eq!(
            YearMonthDay.parse("2025-03-31T10:00:00Z"),
            Some(d("2025-03-31"))
        );
        assert_eq!(
            DayMonthYear.parse("31.03.2025 10:00"),
            Some(d("2025-03-31"))
        );
        assert_eq!(MonthDayYear.parse("03/31/2025"), Some(d("2025-03-31")));
        assert_eq!(Compact.parse("20250331"), Some(d("2025-03-31")));
        assert_eq!(YearMonthDay.parse("2025-02-30"), None);
        assert_eq!(YearMonthDay.parse("2025-03"), None);
        assert_eq!(YearMonthDay.parse("2025-03/01"), None);
        assert_eq!(DayMonthYear.parse("31.03.25"), None);
        assert_eq!(YearMonthDay.parse("yesterday"), None);
    }

    #[test]
    fn detection_decides_once_per_column() {
        assert_eq!(
            detect_date_order(["01/02/2025", "13/02/2025"]),
            DateDetection::Found(DateOrder::DayMonthYear)
        );
        assert_eq!(
            detect_date_order(["01/02/2025", "02/13/2025"]),
            DateDetection::Found(DateOrder::MonthDayYear)
        );
        assert_eq!(
            detect_date_order(["01/02/2025", "03/04/2025"]),
            DateDetection::Ambiguous {
                example: "01/02/2025".into()
            }
        );
        assert_eq!(
            detect_date_order(["2025-01-02", "", "garbage"]),
            DateDetection::Found(DateOrder::YearMonthDay)
        );
        assert!(matches!(
            detect_date_order(["soon"]),
            DateDetection::Unreadable { .. }
        ));
        assert_eq!(
            DateOrder::DayMonthYear.pattern_like("31/03/2025"),
            "%d/%m/%Y"
        );
        assert_eq!(
            DateOrder::DayMonthYear.pattern_like("31.03.2025"),
            "%d.%m.%Y"
        );
        assert_eq!(
            DateOrder::YearMonthDay.pattern_like("2025/03/31 10:00"),
            "%Y/%m/%d"
        );
        assert_eq!(DateOrder::Compact.pattern_like("20250331"), "%Y%m%d");
        assert_eq!(
            DateOrder::from_pattern("%d/%m/%Y"),
            Some(DateOrder::DayMonthYear)
        );
        assert_eq!(DateOrder::from_pattern("%Y%m%d"), Some(DateOrder::Compact));
    }

    #[test]
    fn the_plausible_range_is_1900_to_2100() {
        assert_eq!(
            Date::from_ymd(1900, 1, 1).unwrap().days(),
            FIRST_PLAUSIBLE_DAY
        );
        assert_eq!(
            Date::from_ymd(2100, 12, 31).unwrap().days(),
            LAST_PLAUSIBLE_DAY
        );
        assert!(plausible(d("1900-01-01")) && plausible(d("2100-12-31")));
        assert!(!plausible(d("1899-12-31")) && !plausible(d("2101-01-01")));
        assert!(!plausible(d("2999-01-01")) && !plausible(d("9999-12-31")));
    }
}
