//! The ideal customer profile's lines of the terminal summary.

use super::{display, growth_candidates, id_of, lift_range, lift_text, TERMINAL_VALUES};
use crate::format::thousands as count;
use clientgrade_core::evidence::percent;
use clientgrade_core::profile::{AttributeProfile, ValueProfile};
use clientgrade_core::Portfolio;
use std::fmt::Write;

fn value_line(a: &AttributeProfile, v: &ValueProfile) -> String {
    format!(
        "    {:<36} {:>6} vs {:>6}   {:>5} ({})",
        format!("{} {}", display(&a.name), v.label),
        percent(v.tier1_share.value),
        percent(v.rest_share.value),
        lift_text(v.lift.value),
        lift_range(v)
    )
}

/// The profile's lines of the terminal summary (empty when switched off).
pub fn profile_lines(p: &Portfolio) -> String {
    let Some(pr) = &p.profile else {
        return String::new();
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nIdeal customer profile: Tier 1 ({}) against Tiers 2–4 ({}){}",
        count(pr.tier1),
        count(pr.rest),
        if pr.without_tier > 0 {
            format!(
                "; {} left out",
                crate::format::plural(
                    pr.without_tier,
                    "customer without a tier",
                    "customers without a tier"
                )
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(s, "  {}", pr.statement);
    if pr.unavailable.is_some() {
        return s;
    }
    let conf = format!("{:.0}%", pr.settings.confidence * 100.0);
    for (title, rows) in [
        ("More common in Tier 1", pr.over_represented()),
        ("Less common in Tier 1", pr.under_represented()),
    ] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "  {title} (share in Tier 1 vs the rest, lift and its {conf} interval):"
        );
        for (a, v) in rows.iter().take(TERMINAL_VALUES) {
            let _ = writeln!(s, "{}", value_line(a, v));
        }
        if rows.len() > TERMINAL_VALUES {
            let _ = writeln!(
                s,
                "    … {} more in report.html",
                rows.len() - TERMINAL_VALUES
            );
        }
    }
    let none: Vec<String> = pr
        .attributes
        .iter()
        .filter(|a| a.kind.is_some() && !a.signal)
        .map(|a| display(&a.name))
        .collect();
    if !none.is_empty() {
        let _ = writeln!(s, "  No signal: {}", none.join(", "));
    }
    if let Some(t) = &pr.prospect_table {
        let top: Vec<String> = pr
            .prospects
            .iter()
            .take(3)
            .map(|ps| {
                format!(
                    "{} ({})",
                    t.prospects[ps.position].id.expose(),
                    percent(ps.score)
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "  Prospects: {} scored into prospects.csv{}",
            count(t.prospects.len() as u64),
            if pr.distinguishes && !top.is_empty() {
                format!("; most like Tier 1: {}", top.join(", "))
            } else {
                String::new()
            }
        );
        for n in &pr.prospect_notes {
            let _ = writeln!(s, "    note: {n}");
        }
    }
    let candidates = growth_candidates(p);
    if !candidates.is_empty() {
        let top: Vec<String> = candidates
            .iter()
            .take(3)
            .map(|g| format!("{} ({})", id_of(g), percent(g.lookalike.unwrap_or(0.0))))
            .collect();
        let _ = writeln!(
            s,
            "  Tier 2 customers who look most like Tier 1: {} (lookalike_score in customers.csv)",
            top.join(", ")
        );
    }
    s
}
