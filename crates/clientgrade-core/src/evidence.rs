//! How numbers are written inside evidence text, the same way everywhere.

use crate::Money;

/// A fraction as a percentage with one decimal: `0.3421` → `34.2%`.
pub fn percent(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 {
            "∞%".into()
        } else {
            "-∞%".into()
        };
    }
    let pct = v * 100.0;
    if pct != 0.0 && pct.abs() < 0.1 {
        // a tiny share keeps two significant digits instead of reading 0.0%
        let digits = (-pct.abs().log10()).floor() as usize + 2;
        return format!("{pct:.digits$}%");
    }
    format!("{pct:.1}%")
}

/// A ratio with two decimals and a times sign: `2.345` → `2.35×`.
pub fn times(v: f64) -> String {
    if v.is_infinite() {
        return "∞×".into();
    }
    format!("{v:.2}×")
}

/// Money with thousands separators and cents: `1,234.50`.
pub fn money(m: Money) -> String {
    m.to_display_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_stable() {
        assert_eq!(percent(0.34214), "34.2%");
        assert_eq!(percent(-0.05), "-5.0%");
        assert_eq!(percent(0.000_43), "0.043%");
        assert_eq!(percent(0.000_043), "0.0043%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(times(2.345), "2.35×");
        assert_eq!(times(f64::INFINITY), "∞×");
        assert_eq!(money(Money::from_cents(123_450)), "1,234.50");
    }
}
