//! The portfolio verdicts (Pareto, whale curve, concentration, matrix, ranking, RFM, flags, actions) as JSON and as terminal text.
//!
//! This module owns what both forms share (the base the portfolio verdicts
//! count, Gini's text, a characteristic's value as shown,
//! the matrix splits); `json` writes the verdicts part of summary.json, `text`
//! the verdict sections of the terminal summary, and `steady_rate` says what
//! the lifetime model assumes and who contradicts it.

mod json;
mod steady_rate;
mod text;

pub use json::verdicts_json;
pub(crate) use steady_rate::{steady_rate_text, trend_contradicts_steady_rate};
pub use text::verdicts_text;

use crate::format::{num, pct};
use crate::view::group;
use clientgrade_core::pareto::Pareto;
use clientgrade_core::{Money, Portfolio};

fn id_of(p: &Portfolio, i: usize) -> &str {
    p.customers[i]
        .facts
        .id
        .as_ref()
        .map_or("", |id| id.expose())
}

/// The customers Pareto, ABC, the whale curve and concentration count.
pub(crate) const BASE: &str = "customers who bought in the window";

/// `Gini 0.56`, `Gini n/a (why)`, and the customers counted as zero.
pub(crate) fn gini_text(x: &Pareto, what: &str) -> String {
    let mut t = match (x.gini, x.gini_note) {
        (Some(g), _) => format!("Gini {}", num(g, 2)),
        (None, Some(why)) => format!("Gini n/a ({why})"),
        (None, None) => "Gini n/a".into(),
    };
    if x.below_zero > 0 {
        t.push_str(&format!(
            " ({} with {what} below zero counted as zero)",
            crate::format::plural(x.below_zero as u64, "customer", "customers")
        ));
    }
    t
}

/// A characteristic's value as a reader expects it: money with separators
/// and cents (`10,851.12`), fractions as percentages, counts plainly.
pub(crate) fn shown_value(name: &str, v: f64) -> String {
    use clientgrade_core::measures::{unit, Unit};
    match unit(name) {
        Unit::Money => Money::from_f64(v).map_or_else(|| "n/a".into(), |m| m.to_display_string()),
        Unit::Fraction => pct(v),
        Unit::Times if v.is_finite() => clientgrade_core::evidence::times(v),
        Unit::Times => "n/a".into(),
        Unit::Number if v.fract() == 0.0 && v.abs() < 1e15 => {
            let n = v.abs() as u64;
            let sign = if v < 0.0 { "-" } else { "" };
            format!("{sign}{}", crate::format::thousands(n))
        }
        Unit::Number => num(v, 1),
    }
}

/// The configured splits of the axes shown (the median when an axis fell back).
pub(crate) fn axis_splits(p: &Portfolio) -> (clientgrade_core::Split, clientgrade_core::Split) {
    let (s, m) = (&p.settings.matrix, &p.verdicts.matrix);
    let pick = |configured: &str, used: &str, split: &clientgrade_core::Split| {
        if configured == used {
            split.clone()
        } else {
            clientgrade_core::Split::default()
        }
    };
    (
        pick(&s.x, &m.x_axis, &s.split_x),
        pick(&s.y, &m.y_axis, &s.split_y),
    )
}

/// ` (the median)` after a split value, or nothing for a fixed one.
pub(crate) fn split_rule(split: &clientgrade_core::Split) -> String {
    match split {
        clientgrade_core::Split::Value(_) => String::new(),
        clientgrade_core::Split::Named(n) if n == "median" || n == "mean" => format!(" (the {n})"),
        clientgrade_core::Split::Named(n) => format!(" (percentile {n})"),
    }
}
