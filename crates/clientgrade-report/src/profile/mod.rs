//! The ideal customer profile in every output: summary.json `ideal_profile`, the terminal lines, the report section with its lift chart, and prospects.csv.
//!
//! This module owns the list limits and how a lift and its interval read
//! (shared by every form); `json`, `lines`, `section` and `prospects_csv`
//! write one output each.

mod json;
mod lines;
mod prospects_csv;
mod section;

pub use json::profile_json;
pub use lines::profile_lines;
pub(crate) use prospects_csv::stage_prospects_csv;
pub use prospects_csv::write_prospects_csv;
pub(crate) use section::profile_section;

use clientgrade_core::profile::ValueProfile;
use clientgrade_core::{GradedCustomer, Portfolio, Tier};

/// Values listed per kind (more and less common in Tier 1) in the terminal.
const TERMINAL_VALUES: usize = 5;
/// Values drawn in the report's lift chart, per kind.
const CHART_VALUES: usize = 8;
/// Prospects and growth candidates listed in the report and the terminal.
const LISTED: usize = 10;

/// `employees_count` → `employees count`.
fn display(name: &str) -> String {
    name.replace('_', " ")
}

/// A lift as read aloud: `2.4×`, `12×`, `∞`.
fn lift_text(v: f64) -> String {
    if !v.is_finite() {
        "∞".into()
    } else if v >= 10.0 {
        format!("{v:.0}×")
    } else if v >= 1.0 {
        format!("{v:.1}×")
    } else {
        format!("{v:.2}×")
    }
}

/// The interval of a lift with two decimals, so that an end just below or
/// above 1 never reads as 1.0.
fn lift_range(v: &ValueProfile) -> String {
    let t = |x: f64| {
        if !x.is_finite() {
            "∞".to_string()
        } else if x >= 10.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.2}")
        }
    };
    format!("{} to {}", t(v.lift.low), t(v.lift.high))
}

/// The Tier-2 customers who look most like Tier 1, best first.
pub fn growth_candidates(p: &Portfolio) -> Vec<&GradedCustomer> {
    let Some(profile) = &p.profile else {
        return Vec::new();
    };
    if !profile.distinguishes {
        return Vec::new();
    }
    let mut v: Vec<&GradedCustomer> = p
        .customers
        .iter()
        .filter(|g| g.tier.tier == Some(Tier::Good) && g.lookalike.is_some())
        .collect();
    // stable: equal scores keep the portfolio's order (revenue, then id)
    v.sort_by(|a, b| {
        b.lookalike
            .unwrap_or(0.0)
            .total_cmp(&a.lookalike.unwrap_or(0.0))
    });
    v
}

fn id_of(g: &GradedCustomer) -> &str {
    g.facts.id.as_ref().map_or("", |i| i.expose())
}
