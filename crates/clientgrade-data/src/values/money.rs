//! Amounts from text: the decimal mark and its detection per column, exact parsing, the bound.

use clientgrade_core::{Money, MONEY_SCALE};

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

    /// The other mark.
    pub fn other(self) -> DecimalMark {
        match self {
            DecimalMark::Dot => DecimalMark::Comma,
            DecimalMark::Comma => DecimalMark::Dot,
        }
    }
}

/// The largest amount accepted, in currency units: 10^12 (a trillion).
///
/// Larger values are rejected ("amount too large to sum"): no real invoice
/// line is that large, such a value is a typo or a placeholder, and with the
/// bound a customer's sums have room for hundreds of thousands of extreme
/// lines before [`Money`]'s ±922 trillion could be exceeded (which stops the
/// run rather than wrapping).
pub const MAX_AMOUNT_UNITS: i64 = 1_000_000_000_000;

/// Why a text is not an accepted amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number at all.
    NotANumber,
    /// A thousands separator not between groups of three digits (`1,23,4`,
    /// `12,5` in a decimal-dot column read as thousands, `1,2345`).
    Grouping,
    /// Readable only with the other decimal mark (`12,5` in a decimal-dot
    /// column, `1,234.5` in a decimal-comma one).
    OtherMark,
    /// `1,234` or `1.234` (one mark before exactly three digits) in a column
    /// whose decimal mark no value decided: 1234 or 1.234?
    Ambiguous,
    /// Beyond ±[`MAX_AMOUNT_UNITS`].
    TooLarge,
}

impl AmountError {
    /// The reject reason for column `key` of section `[table]` read with `mark`.
    pub fn reason(self, key: &str, mark: DecimalMark, table: &str) -> String {
        let name = key.replace('-', " ");
        let (m, other) = (mark.char() as char, mark.thousands() as char);
        match self {
            AmountError::NotANumber => format!("bad {name}"),
            AmountError::Grouping => format!(
                "bad {name}: thousands separators must be followed by groups of three digits \
                 (the column's decimal mark is `{m}`)"
            ),
            AmountError::OtherMark => format!(
                "bad {name}: reads only with `{other}` as the decimal mark, but the column's \
                 decimal mark is `{m}`; if `{other}` is meant, set decimal = \"{other}\" in [{table}]"
            ),
            AmountError::Ambiguous => format!(
                "bad {name}: one `,` or `.` before three digits can be a thousands separator or \
                 the decimal mark and no value decided which; set decimal = \".\" or \",\" in [{table}]"
            ),
            AmountError::TooLarge => format!("{name} too large to sum"),
        }
    }
}

/// The outcome of looking at a sample of a number column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkDetection {
    /// Values that read with one mark only decide it (the majority, if both occur).
    Found(DecimalMark),
    /// Every value reads the same with either mark (plain numbers): the dot,
    /// with values such as `1,234` or `1.234` rejected as ambiguous.
    Undecided,
    /// Some values read differently with either mark (`1,234`, `1.234`) and
    /// no value decides: the user must say.
    Ambiguous {
        /// A value that could be either.
        example: String,
    },
    /// As many values read only with the dot as only with the comma.
    Split {
        /// A value that reads only with the dot.
        dot: String,
        /// A value that reads only with the comma.
        comma: String,
    },
}

/// Detect the decimal mark of a number column from sample values.
///
/// Each value is read with both marks (strictly: thousands separators only
/// between groups of three digits). A value that reads with one mark only is
/// evidence for it (`12,5`, `1.234,56`, `1,234,567`, `0,500`); a value that
/// reads with both but differently (`1,234`, `1.234`) is ambiguous; plain
/// numbers say nothing.
pub fn detect_decimal_mark<'a>(sample: impl IntoIterator<Item = &'a str>) -> MarkDetection {
    let (mut dot, mut comma) = (0usize, 0usize);
    let (mut dot_example, mut comma_example, mut ambiguous) = (None, None, None);
    for v in sample {
        let d = parse_amount(v, DecimalMark::Dot, true);
        let c = parse_amount(v, DecimalMark::Comma, true);
        match (d, c) {
            (Ok(a), Ok(b)) if a != b => {
                ambiguous.get_or_insert_with(|| v.to_string());
            }
            (Ok(_), Err(_)) => {
                dot += 1;
                dot_example.get_or_insert_with(|| v.to_string());
            }
            (Err(_), Ok(_)) => {
                comma += 1;
                comma_example.get_or_insert_with(|| v.to_string());
            }
            _ => {}
        }
    }
    match (dot, comma) {
        (0, 0) => match ambiguous {
            Some(example) => MarkDetection::Ambiguous { example },
            None => MarkDetection::Undecided,
        },
        (d, c) if d == c => MarkDetection::Split {
            dot: dot_example.unwrap_or_default(),
            comma: comma_example.unwrap_or_default(),
        },
        (d, c) if c > d => MarkDetection::Found(DecimalMark::Comma),
        _ => MarkDetection::Found(DecimalMark::Dot),
    }
}

/// Parse an amount exactly: thousands separators, currency symbols or codes,
/// `-12.50`, `12.50-` and `(12.50)` for negatives. More than four decimals are
/// rounded half away from zero. `None` when it is not a number or beyond
/// ±[`MAX_AMOUNT_UNITS`] (see [`AmountError`] for why).
pub fn parse_money(s: &str, mark: DecimalMark) -> Option<Money> {
    parse_amount(s, mark, true).ok()
}

/// [`parse_money`] with the reason of a failure. `decided`: whether the
/// column's mark was set or decided by evidence; when not, a value that
/// reads differently with either mark is [`AmountError::Ambiguous`].
pub(crate) fn parse_amount(
    s: &str,
    mark: DecimalMark,
    decided: bool,
) -> Result<Money, AmountError> {
    let m = parse_decorated(s, mark)?;
    if !decided && s.bytes().any(|b| b == b'.' || b == b',') {
        if let Ok(other) = parse_decorated(s, mark.other()) {
            if other != m {
                return Err(AmountError::Ambiguous);
            }
        }
    }
    bounded(m)
}

/// The one-step path of [`parse_amount`] for a column whose mark is decided:
/// `-?digits` with at most four decimals, within the bound. `None` sends
/// the value down the general path (which gives the reason of a failure).
#[inline]
pub(crate) fn parse_amount_simple(s: &str, mark: DecimalMark) -> Option<Money> {
    parse_simple(s.as_bytes(), mark.char()).filter(|m| bounded(*m).is_ok())
}

/// `m` when within ±[`MAX_AMOUNT_UNITS`].
#[inline]
pub(crate) fn bounded(m: Money) -> Result<Money, AmountError> {
    if m.raw().unsigned_abs() > (MAX_AMOUNT_UNITS * MONEY_SCALE) as u64 {
        return Err(AmountError::TooLarge);
    }
    Ok(m)
}

/// An amount with its decoration (sign forms, currency); a failure is
/// [`AmountError::OtherMark`] when the other mark reads it.
fn parse_decorated(s: &str, mark: DecimalMark) -> Result<Money, AmountError> {
    let b = s.as_bytes();
    let plain = |c: Option<&u8>| c.is_some_and(u8::is_ascii_digit);
    let simple = (plain(b.first()) || b.first() == Some(&b'-')) && plain(b.last());
    // `-$12.50` and `- 12.50` look plain at both ends: the sign forms then
    let result = if simple {
        parse_plain(s, mark).or_else(|_| parse_signed(s, mark))
    } else {
        parse_signed(s, mark)
    };
    match result {
        Err(AmountError::NotANumber | AmountError::Grouping) => {
            let other = parse_signed(s, mark.other());
            match other {
                Ok(_) => Err(AmountError::OtherMark),
                Err(_) => result,
            }
        }
        r => r,
    }
}

/// Sign forms and currency around the number, in any order: `-$12.50`,
/// `$-12.50`, `-12.50 USD`, `USD -12.50`, `(12.50)`, `$(12.50)`, `($12.50)`,
/// `- 12.50`, `12.50-` (SAP), `−12.50` (U+2212 minus sign). One sign at
/// most: a minus and parentheses together, or two minus signs, are not a
/// number (which one was meant cannot be told).
fn parse_signed(s: &str, mark: DecimalMark) -> Result<Money, AmountError> {
    const MINUS: [char; 3] = ['-', '\u{2212}', '\u{2013}'];
    let mut s = s.trim();
    let mut signs = 0u32;
    let mut negative = false;
    loop {
        let before = s.len();
        s = strip_currency(s);
        if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            signs += 1;
            negative = true;
            s = inner.trim();
        } else if let Some(r) = s.strip_prefix(MINUS) {
            signs += 1;
            negative = true;
            s = r.trim_start();
        } else if let Some(r) = s.strip_prefix('+') {
            signs += 1;
            s = r.trim_start();
        } else if let Some(r) = s.strip_suffix(MINUS) {
            signs += 1;
            negative = true;
            s = r.trim_end();
        }
        if s.len() == before {
            break;
        }
    }
    if signs > 1 || s.starts_with(['-', '+']) {
        return Err(AmountError::NotANumber);
    }
    parse_plain(s, mark).map(|m| if negative { -m } else { m })
}

/// The digits, separators and sign of an amount, without decoration.
///
/// Thousands separators (the other mark, a space, an apostrophe, a no-break
/// space) are accepted only between groups of three digits after a first
/// group of one to three digits not starting with 0, one kind per value.
fn parse_plain(s: &str, mark: DecimalMark) -> Result<Money, AmountError> {
    if let Some(m) = parse_simple(s.as_bytes(), mark.char()) {
        return Ok(m);
    }
    let (negative, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let dec = char::from(mark.char());
    let thou = char::from(mark.thousands());
    let mut int: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0u32;
    let mut round_up = false;
    let mut in_frac = false;
    let mut digits = 0usize;
    // thousands grouping: the separator in use, separators seen, digits of
    // the current group, whether the first digit is 0
    let mut sep: Option<char> = None;
    let mut groups = 0usize;
    let mut group = 0usize;
    let mut leading_zero = false;
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
                if digits == 1 {
                    leading_zero = d == 0;
                }
                group += 1;
                int = int
                    .checked_mul(10)
                    .and_then(|i| i.checked_add(d))
                    .ok_or(AmountError::TooLarge)?;
            }
        } else if c == dec && !in_frac {
            if groups > 0 && group != 3 {
                return Err(AmountError::Grouping);
            }
            in_frac = true;
        } else if !in_frac && (c == thou || matches!(c, ' ' | '\'' | '\u{a0}' | '\u{202f}')) {
            let first_ok = (1..=3).contains(&group) && !leading_zero;
            let ok = if groups == 0 { first_ok } else { group == 3 };
            if !ok || *sep.get_or_insert(c) != c {
                return Err(AmountError::Grouping);
            }
            groups += 1;
            group = 0;
        } else {
            return Err(AmountError::NotANumber);
        }
    }
    if digits == 0 {
        return Err(AmountError::NotANumber);
    }
    if !in_frac && groups > 0 && group != 3 {
        return Err(AmountError::Grouping);
    }
    while frac_digits < 4 {
        frac *= 10;
        frac_digits += 1;
    }
    let mut raw = int
        .checked_mul(MONEY_SCALE)
        .and_then(|r| r.checked_add(frac))
        .ok_or(AmountError::TooLarge)?;
    if round_up {
        raw = raw.checked_add(1).ok_or(AmountError::TooLarge)?;
    }
    Ok(Money::from_raw(if negative { -raw } else { raw }))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_amount_path_agrees_with_the_general_one() {
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
        assert_eq!(m("999999999999.9999"), Some(9_999_999_999_999_999));
        assert_eq!(m("1000000000000"), Some(10_000_000_000_000_000));
        assert_eq!(m("123456789012345"), None, "beyond the amount bound");
        assert_eq!(parse_simple(b"-", b'.'), None);
        assert_eq!(parse_simple(b".5", b'.'), None);
        assert_eq!(m(".5"), Some(5_000));
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
    fn negative_amounts_in_every_usual_form_are_credits() {
        let m = |s, k| parse_money(s, k).map(Money::raw);
        use DecimalMark::*;
        for v in [
            "-$152.85",
            "$-152.85",
            "$(152.85)",
            "($152.85)",
            "(152.85)",
            "- 152.85",
            "152.85-",
            "\u{2212}152.85",
            "-152.85 USD",
            "USD -152.85",
            "(152.85 €)",
            "- $152.85",
            "$152.85-",
        ] {
            assert_eq!(m(v, Dot), Some(-1_528_500), "{v}");
        }
        assert_eq!(m("-1.234,56 €", Comma), Some(-12_345_600));
        assert_eq!(m("\u{2212}1.234,56", Comma), Some(-12_345_600));
        // two signs: which was meant cannot be told
        for v in ["(-152.85)", "-152.85-", "-(152.85)", "+-5", "- -5"] {
            assert_eq!(m(v, Dot), None, "{v}");
        }
        // the reason of a refusal is the true one
        let r = |s| parse_amount(s, Dot, true).err();
        assert_eq!(r("- 1,23,4"), Some(AmountError::Grouping));
        assert_eq!(r("-$abc"), Some(AmountError::NotANumber));
        assert_eq!(r("- 150,33"), Some(AmountError::OtherMark));
    }

    #[test]
    fn decimal_mark_detection() {
        use MarkDetection::*;
        let d = |v: &[&str]| detect_decimal_mark(v.iter().copied());
        assert_eq!(d(&["1.234,56", "12,5"]), Found(DecimalMark::Comma));
        assert_eq!(d(&["1,234.56", "12.5"]), Found(DecimalMark::Dot));
        assert_eq!(d(&["3,75", "7"]), Found(DecimalMark::Comma));
        // repeated separators decide: they can only group thousands
        assert_eq!(d(&["1,234,567"]), Found(DecimalMark::Dot));
        assert_eq!(d(&["1.234.567"]), Found(DecimalMark::Comma));
        // a leading 0 or more than three digits before the mark: a decimal mark
        assert_eq!(d(&["0,500"]), Found(DecimalMark::Comma));
        assert_eq!(d(&["1234.567"]), Found(DecimalMark::Dot));
        // one mark before three digits only: ambiguous unless another value decides
        assert_eq!(
            d(&["1,234", "7", "12,500"]),
            Ambiguous {
                example: "1,234".into()
            }
        );
        assert_eq!(d(&["1.234", "2.500", "12,5"]), Found(DecimalMark::Comma));
        assert_eq!(d(&["1,234", "12.5"]), Found(DecimalMark::Dot));
        // plain numbers and spaces or apostrophes as separators say nothing
        assert_eq!(d(&["7", "1 234", "1'234", "-12"]), Undecided);
        // a tie between the marks is for the user to settle
        assert_eq!(
            d(&["12,5", "12.5"]),
            Split {
                dot: "12.5".into(),
                comma: "12,5".into()
            }
        );
    }

    #[test]
    fn thousands_groups_are_checked_strictly() {
        use AmountError::*;
        use DecimalMark::*;
        let m = |s, k| parse_amount(s, k, true).map(Money::raw);
        assert_eq!(m("1,234.56", Dot), Ok(12_345_600));
        assert_eq!(m("1,234,567", Dot), Ok(12_345_670_000));
        assert_eq!(m("1 234 567,5", Comma), Ok(12_345_675_000));
        assert_eq!(m("1'234.5", Dot), Ok(12_345_000));
        assert_eq!(m("-1.234,5", Comma), Ok(-12_345_000));
        assert_eq!(m("(USD 1,234.00)", Dot), Ok(-12_340_000));
        // 12,5 is 125 under no mark: with a decimal comma it is 12.5
        assert_eq!(m("12,5", Comma), Ok(125_000));
        assert_eq!(m("12,5", Dot), Err(OtherMark));
        assert_eq!(m("12.5", Comma), Err(OtherMark));
        assert_eq!(m("1,234.5", Comma), Err(OtherMark));
        assert_eq!(m("1.234,5", Dot), Err(OtherMark));
        assert_eq!(m("$ 12,5", Dot), Err(OtherMark));
        // groups that are not of three digits under either mark
        assert_eq!(m("1,23,4", Dot), Err(Grouping));
        assert_eq!(m("1,23,456.00", Dot), Err(Grouping), "lakh grouping");
        assert_eq!(m("1234,567.0", Dot), Err(Grouping));
        assert_eq!(m("1,234 567", Dot), Err(Grouping), "two kinds of separator");
        assert_eq!(m("0,123,456", Dot), Err(Grouping));
        assert_eq!(m("12.3.4", Dot), Err(NotANumber));
        assert_eq!(m("1,,234", Dot), Err(Grouping));
        // undecided columns: a value that reads differently with either mark is refused
        let u = |s| parse_amount(s, Dot, false).map(Money::raw);
        assert_eq!(u("1,234"), Err(Ambiguous));
        assert_eq!(u("1.234"), Err(Ambiguous));
        assert_eq!(u("1.5"), Ok(15_000));
        assert_eq!(u("1 234"), Ok(12_340_000));
        assert_eq!(u("1,234.5"), Ok(12_345_000));
        assert_eq!(u("12"), Ok(120_000));
    }

    #[test]
    fn amounts_beyond_the_bound_are_too_large_to_sum() {
        let m = |s| parse_amount(s, DecimalMark::Dot, true).map(Money::raw);
        assert_eq!(m("1000000000000"), Ok(MAX_AMOUNT_UNITS * MONEY_SCALE));
        assert_eq!(m("-1000000000000"), Ok(-MAX_AMOUNT_UNITS * MONEY_SCALE));
        assert_eq!(m("1000000000000.0001"), Err(AmountError::TooLarge));
        assert_eq!(m("-1,000,000,000,001"), Err(AmountError::TooLarge));
        assert_eq!(m("99999999999999999999"), Err(AmountError::TooLarge));
        assert_eq!(m("(99999999999999.99)"), Err(AmountError::TooLarge));
        assert_eq!(
            bounded(Money::from_raw(i64::MIN)),
            Err(AmountError::TooLarge)
        );
    }
}
