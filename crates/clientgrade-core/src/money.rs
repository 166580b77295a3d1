//! Exact money amounts in ten-thousandths of a currency unit.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Money as a whole number of ten-thousandths (1.2345 is `Money(12_345)`).
///
/// Sums of millions of rows stay exact: no float drift, and the same input
/// gives the same totals in any order. Four decimal places cover every
/// currency's minor unit and common unit prices; the range is ±922 trillion.
///
/// Arithmetic never wraps around: `+`, `-`, `+=`, `-=`, negation and `sum`
/// saturate at the ends of the range. The data crate rejects single amounts
/// beyond ±10^12 and stops a run whose sums would come near the range, so
/// saturation is a last guard, never a result; where a sum must be exact or
/// fail, use [`Money::checked_add`] or [`Money::overflowing_add`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

/// Ten-thousandths in one currency unit.
pub const MONEY_SCALE: i64 = 10_000;

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// From a count of ten-thousandths.
    pub const fn from_raw(raw: i64) -> Money {
        Money(raw)
    }

    /// The count of ten-thousandths.
    pub const fn raw(self) -> i64 {
        self.0
    }

    /// From whole currency units.
    pub const fn from_units(units: i64) -> Money {
        Money(units * MONEY_SCALE)
    }

    /// From cents (hundredths).
    pub const fn from_cents(cents: i64) -> Money {
        Money(cents * 100)
    }

    /// From a float, rounded half away from zero to four decimals; `None` when
    /// not finite or out of range.
    pub fn from_f64(v: f64) -> Option<Money> {
        let scaled = (v * MONEY_SCALE as f64).round();
        if scaled.is_finite() && scaled.abs() < 9.0e18 {
            Some(Money(scaled as i64))
        } else {
            None
        }
    }

    /// As a float (for ratios and charts, never for sums).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / MONEY_SCALE as f64
    }

    /// `self × factor`, rounded half away from zero to four decimals.
    pub fn mul_f64(self, factor: f64) -> Money {
        Money((self.0 as f64 * factor).round() as i64)
    }

    /// `self / other` as a float; `None` when `other` is zero.
    pub fn ratio(self, other: Money) -> Option<f64> {
        (other.0 != 0).then(|| self.0 as f64 / other.0 as f64)
    }

    /// Whether below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Absolute value.
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Saturating addition (sums never wrap around silently).
    pub fn saturating_add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    /// `self + other`, or `None` beyond the range.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// `self - other`, or `None` beyond the range.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// `self + other` wrapped, and whether it went beyond the range (for hot
    /// loops that check once at the end).
    #[inline]
    pub fn overflowing_add(self, other: Money) -> (Money, bool) {
        let (v, o) = self.0.overflowing_add(other.0);
        (Money(v), o)
    }

    /// Rounded to cents (hundredths), half to even.
    pub fn round_to_cents(self) -> Money {
        Money(round_half_even(self.0, 100) * 100)
    }

    /// Rounded to cents, half to even, as a float-free string with exactly two
    /// decimals: `1234.5` → `"1234.50"`.
    pub fn to_cents_string(self) -> String {
        let cents = round_half_even(self.0, 100);
        let sign = if cents < 0 { "-" } else { "" };
        let a = cents.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// Like [`Money::to_cents_string`] with thousands separators: `1,234.50`.
    pub fn to_display_string(self) -> String {
        let s = self.to_cents_string();
        let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
        let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut grouped = String::with_capacity(int.len() + int.len() / 3);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped}.{frac}")
    }
}

fn round_half_even(v: i64, div: i64) -> i64 {
    let q = v.div_euclid(div);
    let r = v.rem_euclid(div);
    match (2 * r).cmp(&div) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    }
}

/// The full-precision decimal text: at least two decimals, up to four, no
/// trailing zeros beyond two (`12.5` → `12.50`, `0.1235` → `0.1235`).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (int, frac) = (a / MONEY_SCALE as u64, a % MONEY_SCALE as u64);
        if frac % 100 == 0 {
            write!(f, "{sign}{int}.{:02}", frac / 100)
        } else if frac % 10 == 0 {
            write!(f, "{sign}{int}.{:03}", frac / 10)
        } else {
            write!(f, "{sign}{int}.{frac:04}")
        }
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Add for Money {
    type Output = Money;
    #[inline]
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}
impl Sub for Money {
    type Output = Money;
    #[inline]
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}
impl Neg for Money {
    type Output = Money;
    #[inline]
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}
impl AddAssign for Money {
    #[inline]
    fn add_assign(&mut self, o: Money) {
        self.0 = self.0.saturating_add(o.0);
    }
}
impl SubAssign for Money {
    #[inline]
    fn sub_assign(&mut self, o: Money) {
        self.0 = self.0.saturating_sub(o.0);
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_keeps_precision_and_two_decimals_minimum() {
        assert_eq!(Money::from_raw(125_000).to_string(), "12.50");
        assert_eq!(Money::from_raw(1_235).to_string(), "0.1235");
        assert_eq!(Money::from_raw(-1_230).to_string(), "-0.123");
        assert_eq!(Money::from_raw(-5).to_string(), "-0.0005");
        assert_eq!(Money::ZERO.to_string(), "0.00");
    }

    #[test]
    fn cents_round_half_to_even() {
        assert_eq!(Money::from_raw(1_250).to_cents_string(), "0.12");
        assert_eq!(Money::from_raw(1_350).to_cents_string(), "0.14");
        assert_eq!(Money::from_raw(-1_250).to_cents_string(), "-0.12");
        assert_eq!(Money::from_raw(1_251).to_cents_string(), "0.13");
        assert_eq!(
            Money::from_units(1_234_567).to_display_string(),
            "1,234,567.00"
        );
        assert_eq!(Money::from_cents(-123_456).to_display_string(), "-1,234.56");
        assert_eq!(Money::from_cents(99).to_display_string(), "0.99");
    }

    #[test]
    fn arithmetic_saturates_and_never_wraps() {
        let max = Money::from_raw(i64::MAX);
        let min = Money::from_raw(i64::MIN);
        let one = Money::from_raw(1);
        assert_eq!(max + one, max);
        assert_eq!(min - one, min);
        assert_eq!(-min, max);
        let mut m = max;
        m += max;
        assert_eq!(m, max);
        m = min;
        m -= max;
        assert_eq!(m, min);
        assert_eq!([max, one, one].into_iter().sum::<Money>(), max);
        assert_eq!(max.checked_add(one), None);
        assert_eq!(min.checked_sub(one), None);
        assert_eq!(one.checked_add(one), Some(Money::from_raw(2)));
        assert_eq!(max.overflowing_add(one), (min, true));
        assert_eq!(one.overflowing_add(one), (Money::from_raw(2), false));
    }

    #[test]
    fn float_conversion_rounds_to_four_decimals() {
        assert_eq!(Money::from_f64(0.1 + 0.2), Some(Money::from_raw(3_000)));
        assert_eq!(Money::from_f64(f64::NAN), None);
        assert_eq!(Money::from_f64(1e300), None);
    }
}
