//! How figures and lists are written as text: percentages, shares, thousands, plurals, id columns, `… and N more`.
//!
//! A leaf: it depends on nothing in the crate but [`crate::text`], so the
//! terminal summary, report.html, summary.json's notes and every section
//! writer can share it.

use std::fmt::Write;

use crate::text::{shown, ID_CHARS};
use clientgrade_core::evidence::percent;
use clientgrade_core::{Money, Portfolio};

/// Items of a list printed at most (alerts, notes); the rest are counted.
pub(crate) const LIST_ITEMS: usize = 20;

/// `  … and N more (summary.json lists them all)` after a cut list.
pub(crate) fn more_line(s: &mut String, total: usize) {
    if total > LIST_ITEMS {
        let _ = writeln!(
            s,
            "  … and {} more (summary.json lists them all)",
            thousands((total - LIST_ITEMS) as u64)
        );
    }
}

/// A fraction as a percentage (`0.3421` → `34.2%`), `n/a` when not finite.
pub(crate) fn pct(v: f64) -> String {
    if v.is_finite() {
        percent(v)
    } else {
        "n/a".into()
    }
}

/// A number with `decimals` decimals, `n/a` when not finite.
pub(crate) fn num(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        format!("{v:.decimals$}")
    } else {
        "n/a".into()
    }
}

/// `part` as a percentage of `whole`, `n/a` when `whole` is not positive.
pub(crate) fn share(part: Money, whole: Money) -> String {
    if whole.raw() > 0 {
        pct(part.to_f64() / whole.to_f64())
    } else {
        "n/a".into()
    }
}

/// A count with thousands separators: 1234567 → `1,234,567`.
pub(crate) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Width of an id column: the longest id shown, at least 10 characters and
/// at most [`ID_CHARS`].
pub(crate) fn id_width<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.map(|i| shown(i, ID_CHARS).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(10, ID_CHARS)
}

/// A customer's id as shown, for the positions `i` of `p.customers`.
pub(crate) fn id_text(p: &Portfolio, i: usize) -> &str {
    p.customers[i]
        .facts
        .id
        .as_ref()
        .map_or("", |id| id.expose())
}

/// `1 customer`, `2 customers`: a count with its noun.
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}
