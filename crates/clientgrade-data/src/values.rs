//! Reading dates, amounts, numbers and flags from text, with formats detected per column.

use clientgrade_core::{Date, Money, MONEY_SCALE};

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
}

impl DateOrder {
    /// The conventional format string, as written in the config file.
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::YearMonthDay => "%Y-%m-%d",
            DateOrder::DayMonthYear => "%d.%m.%Y",
            DateOrder::MonthDayYear => "%m/%d/%Y",
            DateOrder::Compact => "%Y%m%d",
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
            (DateOrder::Compact, _) | (_, None) => self.pattern().to_string(),
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
            _ => None,
        }
    }

    /// Parse one value; `None` when it is not a valid date in this order.
    pub fn parse(self, s: &str) -> Option<Date> {
        if let Some(d) = self.parse_ten(s.as_bytes()) {
            return Some(d);
        }
        let s = s.trim();
        let s = strip_time(s);
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
            DateOrder::Compact => unreachable!("handled above"),
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
    let mut examples = Vec::new();
    let mut ambiguous_example = None;
    for v in sample {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        seen += 1;
        if examples.len() < 3 {
            examples.push(v.to_string());
        }
        let mut ok = [false; 4];
        for (i, o) in ORDERS.iter().enumerate() {
            ok[i] = o.parse(v).is_some();
            counts[i] += usize::from(ok[i]);
        }
        if ok[1] && ok[2] && ambiguous_example.is_none() {
            ambiguous_example = Some(v.to_string());
        }
    }
    if seen == 0 {
        return DateDetection::Empty;
    }
    let best = *counts.iter().max().unwrap_or(&0);
    if best == 0 {
        return DateDetection::Unreadable { examples };
    }
    let winners: Vec<usize> = (0..4).filter(|&i| counts[i] == best).collect();
    if winners == [1, 2] {
        return DateDetection::Ambiguous {
            example: ambiguous_example.unwrap_or_default(),
        };
    }
    DateDetection::Found(ORDERS[winners[0]])
}

/// Which character separates decimals in a number column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1,234.56`.
    Dot,
    /// `1.234,56`.
    Comma,
}

impl DecimalMark {
    fn char(self) -> u8 {
        match self {
            DecimalMark::Dot => b'.',
            DecimalMark::Comma => b',',
        }
    }

    fn thousands(self) -> u8 {
        match self {
            DecimalMark::Dot => b',',
            DecimalMark::Comma => b'.',
        }
    }
}

/// Detect the decimal mark of a number column from sample values.
///
/// A value with both marks decides by the last one; a single mark followed by
/// other than three digits is a decimal mark; repeated marks are thousands
/// separators. Without evidence either way, the dot.
pub fn detect_decimal_mark<'a>(sample: impl IntoIterator<Item = &'a str>) -> DecimalMark {
    let (mut dot, mut comma) = (0usize, 0usize);
    for v in sample {
        let last_dot = v.rfind('.');
        let last_comma = v.rfind(',');
        match (last_dot, last_comma) {
            (Some(d), Some(c)) => {
                if d > c {
                    dot += 1
                } else {
                    comma += 1
                }
            }
            (Some(d), None) => {
                let digits_after = v[d + 1..].bytes().filter(u8::is_ascii_digit).count();
                if v.matches('.').count() > 1 {
                    comma += 1;
                } else if digits_after != 3 {
                    dot += 1;
                }
            }
            (None, Some(c)) => {
                let digits_after = v[c + 1..].bytes().filter(u8::is_ascii_digit).count();
                if v.matches(',').count() > 1 {
                    dot += 1;
                } else if digits_after != 3 {
                    comma += 1;
                }
            }
            (None, None) => {}
        }
    }
    if comma > dot {
        DecimalMark::Comma
    } else {
        DecimalMark::Dot
    }
}

/// Parse an amount exactly: thousands separators, currency symbols or codes,
/// `-12.50`, `12.50-` and `(12.50)` for negatives. More than four decimals are
/// rounded half away from zero. `None` when it is not a number.
pub fn parse_money(s: &str, mark: DecimalMark) -> Option<Money> {
    let b = s.as_bytes();
    let plain = |c: Option<&u8>| c.is_some_and(u8::is_ascii_digit);
    if (plain(b.first()) || b.first() == Some(&b'-')) && plain(b.last()) {
        return parse_plain(s, mark);
    }
    let mut s = s.trim();
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    // currency symbols and ISO codes (EUR, USD…) before or after the number
    s = strip_currency(s);
    if let Some(r) = s.strip_prefix('-') {
        negative = !negative;
        s = r.trim_start();
    } else if let Some(r) = s.strip_prefix('+') {
        s = r.trim_start();
    } else if let Some(r) = s.strip_suffix('-') {
        negative = !negative;
        s = r.trim_end();
    }
    s = strip_currency(s);
    if s.starts_with(['-', '+']) {
        return None;
    }
    parse_plain(s, mark).map(|m| if negative { -m } else { m })
}

/// The digits, separators and sign of an amount, without decoration.
fn parse_plain(s: &str, mark: DecimalMark) -> Option<Money> {
    if let Some(m) = parse_simple(s.as_bytes(), mark.char()) {
        return Some(m);
    }
    let (negative, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let dec = mark.char();
    let thou = mark.thousands();
    let mut int: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0u32;
    let mut round_up = false;
    let mut in_frac = false;
    let mut digits = 0usize;
    let mut prev_digit = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            let d = i64::from(c as u8 - b'0');
            digits += 1;
            if in_frac {
                if frac_digits < 4 {
                    frac = frac * 10 + d;
                    frac_digits += 1;
                } else if frac_digits == 4 {
                    round_up = d >= 5;
                    frac_digits += 1;
                }
            } else {
                int = int.checked_mul(10)?.checked_add(d)?;
            }
            prev_digit = true;
        } else if c as u32 == u32::from(dec) && !in_frac {
            in_frac = true;
            prev_digit = false;
        } else if !in_frac
            && prev_digit
            && (c as u32 == u32::from(thou) || matches!(c, ' ' | '\'' | '\u{a0}' | '\u{202f}'))
        {
            prev_digit = false;
        } else {
            return None;
        }
    }
    if digits == 0 || (!prev_digit && !in_frac) {
        return None;
    }
    while frac_digits < 4 {
        frac *= 10;
        frac_digits += 1;
    }
    let mut raw = int.checked_mul(MONEY_SCALE)?.checked_add(frac)?;
    if round_up {
        raw = raw.checked_add(1)?;
    }
    Some(Money::from_raw(if negative { -raw } else { raw }))
}

/// The common case in one step: `-?digits` with at most four decimals after
/// the decimal mark, no grouping. `None` sends the value down the general path.
#[inline]
fn parse_simple(b: &[u8], dec: u8) -> Option<Money> {
    let (negative, b) = match b.split_first() {
        Some((b'-', r)) => (true, r),
        _ => (false, b),
    };
    if b.is_empty() {
        return None;
    }
    let (int, frac) = match b.iter().position(|&c| c == dec) {
        Some(p) => (&b[..p], &b[p + 1..]),
        None => (b, &b[b.len()..]),
    };
    if int.is_empty() || int.len() > 14 || frac.len() > 4 {
        return None;
    }
    let mut raw: i64 = 0;
    for &c in int.iter().chain(frac) {
        if !c.is_ascii_digit() {
            return None;
        }
        raw = raw * 10 + i64::from(c - b'0');
    }
    for _ in frac.len()..4 {
        raw *= 10;
    }
    Some(Money::from_raw(if negative { -raw } else { raw }))
}

fn strip_currency(s: &str) -> &str {
    let is_symbol = |c: char| matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₽' | '₩' | '¢');
    let mut s = s.trim_matches(|c: char| is_symbol(c) || c.is_whitespace());
    let code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
    if s.len() > 3 && s.is_char_boundary(3) && code(&s[..3]) {
        s = &s[3..];
    }
    if s.len() > 3 && s.is_char_boundary(s.len() - 3) && code(&s[s.len() - 3..]) {
        s = &s[..s.len() - 3];
    }
    s.trim_matches(|c: char| is_symbol(c) || c.is_whitespace())
}

/// Read a yes/no flag: yes, y, true, 1, x, written off, write-off; no, n,
/// false, 0, empty and other status words are "no".
pub fn parse_flag(s: &str) -> bool {
    let n = crate::schema::normalize(s);
    matches!(
        n.as_str(),
        "yes" | "y" | "true" | "t" | "1" | "x" | "writtenoff" | "writeoff" | "baddebt" | "ja" | "j"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn one_step_paths_agree_with_the_general_ones() {
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

        let m = |s: &str| parse_money(s, DecimalMark::Dot).map(Money::raw);
        assert_eq!(parse_simple(b"12.5", b'.').map(Money::raw), Some(125_000));
        assert_eq!(m("12.5"), Some(125_000));
        assert_eq!(m("-0.01"), Some(-100));
        assert_eq!(m("7"), Some(70_000));
        assert_eq!(m("7."), Some(70_000));
        // five decimals, grouping, long numbers: left to the general path
        assert_eq!(parse_simple(b"1.23456", b'.'), None);
        assert_eq!(m("1.23456"), Some(12_346));
        assert_eq!(parse_simple(b"1,234.5", b'.'), None);
        assert_eq!(m("1,234.5"), Some(12_345_000));
        assert_eq!(parse_simple(b"123456789012345", b'.'), None);
        assert_eq!(m("123456789012345"), Some(1_234_567_890_123_450_000));
        assert_eq!(m("1234567890123456"), None, "beyond the money range");
        assert_eq!(parse_simple(b"-", b'.'), None);
        assert_eq!(parse_simple(b".5", b'.'), None);
        assert_eq!(m(".5"), Some(5_000));
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
    fn amounts_are_exact() {
        let m = |s, k| parse_money(s, k).map(Money::raw);
        use DecimalMark::*;
        assert_eq!(m("1234.56", Dot), Some(12_345_600));
        assert_eq!(m("1,234.56", Dot), Some(12_345_600));
        assert_eq!(m("1.234,56", Comma), Some(12_345_600));
        assert_eq!(m("€ 1 234,5", Comma), Some(12_345_000));
        assert_eq!(m("(12.50)", Dot), Some(-125_000));
        assert_eq!(m("12.50-", Dot), Some(-125_000));
        assert_eq!(m("-0.00005", Dot), Some(-1));
        assert_eq!(m("12.34 EUR", Dot), Some(123_400));
        assert_eq!(m("$-3", Dot), Some(-30_000));
        assert_eq!(m("0.1", Dot), Some(1_000));
        assert_eq!(m("", Dot), None);
        assert_eq!(m("12.3.4", Dot), None);
        assert_eq!(m("abc", Dot), None);
        assert_eq!(m("1e5", Dot), None);
        assert_eq!(m("12.3x", Dot), None);
        assert_eq!(m("--5", Dot), None);
        assert_eq!(m("-5", Dot), Some(-50_000));
        assert_eq!(m("-", Dot), None);
        assert_eq!(m("USD12.30", Dot), Some(123_000));
        assert_eq!(m("99999999999999999999", Dot), None);
    }

    #[test]
    fn decimal_mark_detection() {
        assert_eq!(
            detect_decimal_mark(["1.234,56", "12,5"]),
            DecimalMark::Comma
        );
        assert_eq!(detect_decimal_mark(["1,234.56", "12.5"]), DecimalMark::Dot);
        assert_eq!(detect_decimal_mark(["1,234", "7"]), DecimalMark::Dot);
        assert_eq!(detect_decimal_mark(["3,75", "7"]), DecimalMark::Comma);
    }
}
