//! The ideal customer profile in every output: summary.json `ideal_profile`, the terminal lines, the report section with its lift chart, and prospects.csv.

use std::fmt::Write;
use std::path::Path;

use clientgrade_core::evidence::percent;
use clientgrade_core::profile::encode::AttributeKind;
use clientgrade_core::profile::{AttributeProfile, Call, Profile, ValueProfile};
use clientgrade_core::{GradedCustomer, Portfolio, Tier, Value, ValueKind};
use clientgrade_data::{Column, CsvTableWriter, Staged, TableWriter};
use serde_json::{json, Value as Json};

use crate::markup::Html;
use crate::summary::share_json;
use crate::svg::colour;
use crate::terminal::thousands as count;
use crate::Result;

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

fn value_json(v: &ValueProfile) -> Json {
    json!({
        "value": v.label,
        "tier1_customers": v.tier1,
        "other_customers": v.rest,
        "tier1_share": share_json(Some(v.tier1_share.value)),
        "tier1_share_low": share_json(Some(v.tier1_share.low)),
        "tier1_share_high": share_json(Some(v.tier1_share.high)),
        "other_share": share_json(Some(v.rest_share.value)),
        "other_share_low": share_json(Some(v.rest_share.low)),
        "other_share_high": share_json(Some(v.rest_share.high)),
        "lift": share_json(Some(v.lift.value)),
        "lift_low": share_json(Some(v.lift.low)),
        "lift_high": share_json(Some(v.lift.high)),
        "call": v.call.name(),
        "weight": share_json(v.weight),
    })
}

fn attribute_json(a: &AttributeProfile) -> Json {
    let (kind, edges) = match &a.kind {
        Some(AttributeKind::Text) => ("text", Json::Null),
        Some(AttributeKind::Number { edges }) => (
            "number",
            json!(edges
                .iter()
                .map(|e| share_json(Some(*e)))
                .collect::<Vec<_>>()),
        ),
        None => ("unused", Json::Null),
    };
    json!({
        "name": a.name,
        "kind": kind,
        "bin_edges": edges,
        "skipped": a.skipped,
        "g_statistic": share_json(Some(a.g)),
        "degrees_of_freedom": a.df,
        "p_value": share_json(Some(a.p_value)),
        "p_adjusted": share_json(Some(a.p_adjusted)),
        "signal": a.signal,
        "in_score": a.in_score,
        "values": a.values.iter().map(value_json).collect::<Vec<_>>(),
    })
}

fn listed_json(rows: &[(&AttributeProfile, &ValueProfile)]) -> Json {
    json!(rows
        .iter()
        .map(|(a, v)| json!({
            "attribute": a.name,
            "value": v.label,
            "tier1_share": share_json(Some(v.tier1_share.value)),
            "other_share": share_json(Some(v.rest_share.value)),
            "lift": share_json(Some(v.lift.value)),
            "lift_low": share_json(Some(v.lift.low)),
            "lift_high": share_json(Some(v.lift.high)),
        }))
        .collect::<Vec<_>>())
}

/// `ideal_profile` of summary.json (`null` when the profile is switched off).
pub fn profile_json(p: &Portfolio) -> Json {
    let Some(pr) = &p.profile else {
        return Json::Null;
    };
    let quality = pr.quality.as_ref().map(|q| {
        json!({
            "auc": share_json(Some(q.auc.value)),
            "auc_low": share_json(Some(q.auc.low)),
            "auc_high": share_json(Some(q.auc.high)),
            "confidence": pr.settings.confidence,
            "method": "out-of-fold predictions of k-fold cross-validation (the attribute choice and the penalty made inside the folds); DeLong interval",
            "folds": q.folds,
            "fold_aucs": q.fold_aucs.iter().map(|a| share_json(Some(*a))).collect::<Vec<_>>(),
            "fold_sd": share_json(Some(q.fold_sd)),
            "penalty": q.penalty,
            "calibration": {"intercept": share_json(Some(q.calibration.0)), "slope": share_json(Some(q.calibration.1))},
            "candidate_attributes": q.candidates,
            "attributes_in_score": q.attributes,
        })
    });
    let no_signal: Vec<&str> = pr
        .attributes
        .iter()
        .filter(|a| a.kind.is_some() && !a.signal)
        .map(|a| a.name.as_str())
        .collect();
    let candidates: Vec<Json> = growth_candidates(p)
        .into_iter()
        .take(LISTED)
        .map(|g| {
            json!({
                "customer_id": id_of(g),
                "lookalike_score": share_json(g.lookalike),
            })
        })
        .collect();
    json!({
        "rule": "Tier 1 against Tiers 2–4, among the customers with a tier; lapsed, lost and undecided customers are left out (docs/profile.md)",
        "tier1_customers": pr.tier1,
        "other_customers_with_a_tier": pr.rest,
        "customers_without_a_tier": pr.without_tier,
        "base_rate": share_json(Some(pr.base_rate)),
        "unavailable": pr.unavailable,
        "distinguishes_tier1": pr.distinguishes,
        "statement": pr.statement,
        "quality": quality,
        "over_represented": listed_json(&pr.over_represented()),
        "under_represented": listed_json(&pr.under_represented()),
        "no_signal": no_signal,
        "attributes": pr.attributes.iter().map(attribute_json).collect::<Vec<_>>(),
        "not_in_prospects": pr.not_in_prospects,
        "prospects": pr.prospect_table.as_ref().map(|t| json!({
            "file": "prospects.csv",
            "scored": t.prospects.len(),
            "notes": pr.prospect_notes,
        })),
        "tier2_lookalikes": candidates,
    })
}

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
                crate::terminal::plural(
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

/// The lift chart: each value's lift with its interval on a log scale.
fn lift_chart(rows: &[(&AttributeProfile, &ValueProfile)], confidence: f64) -> Html {
    const W: f64 = 640.0;
    const LABEL: f64 = 250.0;
    const RIGHT: f64 = 20.0;
    const TOP: f64 = 54.0;
    const ROW: f64 = 22.0;
    let (lo, hi) = (0.125f64, 16.0f64);
    let x = |v: f64| {
        let f = (v.clamp(lo, hi).ln() - lo.ln()) / (hi.ln() - lo.ln());
        LABEL + f * (W - LABEL - RIGHT)
    };
    let height = TOP + ROW * rows.len() as f64 + 30.0;
    let title = "Lift: share in Tier 1 over share in the rest";
    let desc = format!(
        "Each value's lift with its {:.0}% interval, on a log scale; right of 1 means more common in Tier 1.",
        confidence * 100.0
    );
    let mut o = Html::new();
    crate::html!(
        o,
        "<svg class=\"chart\" viewBox=\"0 0 {4} {5}\" role=\"img\" aria-labelledby=\"lift-t lift-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"lift-t\">{}</title><desc id=\"lift-d\">{}</desc>\
         <text x=\"8\" y=\"18\" class=\"ct\">{}</text><text x=\"8\" y=\"34\" class=\"legend\">{}</text>",
        title,
        desc,
        title,
        desc,
        W,
        height
    );
    let bottom = TOP + ROW * rows.len() as f64;
    for t in [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0] {
        let tx = x(t);
        let label = if t < 1.0 {
            format!("1/{:.0}", 1.0 / t)
        } else {
            format!("{t:.0}")
        };
        crate::html!(
            o,
            "<line x1=\"{2:.1}\" y1=\"{3}\" x2=\"{2:.1}\" y2=\"{4:.1}\" class=\"{}\"/>\
             <text x=\"{2:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{5}×</text>",
            if t == 1.0 { "ref" } else { "grid" },
            bottom + 14.0,
            tx,
            TOP,
            bottom,
            label
        );
    }
    for (k, (a, v)) in rows.iter().enumerate() {
        let y = TOP + ROW * k as f64 + ROW / 2.0;
        let c = match v.call {
            Call::Over => colour::IDEAL,
            Call::Under => colour::LOSER,
            Call::Unclear => colour::GREY,
        };
        let (x0, x1, xm) = (x(v.lift.low), x(v.lift.high), x(v.lift.value));
        crate::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>\
             <line x1=\"{3:.1}\" y1=\"{4:.1}\" x2=\"{5:.1}\" y2=\"{4:.1}\" stroke=\"{6}\" stroke-width=\"2.5\"/>\
             <circle cx=\"{7:.1}\" cy=\"{4:.1}\" r=\"4.5\" fill=\"{6}\"/>", LABEL - 8.0, y + 4.0, &format!("{} {}", display(&a.name), v.label), x0, y, x1, c, xm);
    }
    o.raw("</svg>");
    o
}

fn value_rows(o: &mut Html, rows: &[(&AttributeProfile, &ValueProfile)]) {
    for (a, v) in rows {
        crate::html!(o, "<tr><td>{}</td><td><b>{}</b></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", &display(&a.name), v.label, percent(v.tier1_share.value), percent(v.rest_share.value), lift_text(v.lift.value), &lift_range(v), count(v.tier1 + v.rest));
    }
}

const VALUE_HEAD: &str = "<tr><th>attribute</th><th>value</th><th class=\"n\">share in Tier 1</th><th class=\"n\">in the rest</th><th class=\"n\">lift</th><th class=\"n\">interval</th><th class=\"n\">customers</th></tr>";

/// The report section (nothing when the profile is switched off).
pub fn profile_section(o: &mut Html, p: &Portfolio) {
    let Some(pr) = &p.profile else {
        return;
    };
    o.raw("<section id=\"profile\"><h2>Your ideal customer: what Tier 1 has in common</h2>");
    if let Some(why) = &pr.unavailable {
        crate::html!(o, "<p>No profile: {}.</p></section>", why);
        return;
    }
    let over = pr.over_represented();
    let under = pr.under_represented();
    let conf = format!("{:.0}%", pr.settings.confidence * 100.0);
    if pr.distinguishes && !over.is_empty() {
        let top: Vec<String> = over
            .iter()
            .take(3)
            .map(|(a, v)| {
                format!(
                    "{} {} ({} of Tier 1, {} of the rest)",
                    &display(&a.name),
                    v.label,
                    percent(v.tier1_share.value),
                    percent(v.rest_share.value)
                )
            })
            .collect();
        crate::html!(
            o,
            "<p class=\"takeaway\">Tier-1 customers are more often: {}.</p>",
            top.join("; ")
        );
    } else if !pr.distinguishes {
        o.raw("<p class=\"takeaway\">Your customer attributes do not tell Tier 1 apart: do not use them to pick prospects.</p>");
    }
    let with_signal = pr.attributes.iter().filter(|a| a.signal).count();
    let tested = pr.attributes.iter().filter(|a| a.kind.is_some()).count();
    o.raw("<div class=\"kpis\">");
    if let Some(q) = &pr.quality {
        crate::html!(o, "<div class=\"kpi\">Tells Tier 1 apart?<b>{}</b></div>\
             <div class=\"kpi\">Cross-validated AUC<b data-summary=\"profile-auc\">{:.2}</b>{}</div>", if pr.distinguishes { "yes" } else { "no" }, q.auc.value, if q.attributes.is_empty() {
                "no attribute in the score".to_string()
            } else {
                format!("{conf} interval {:.2} to {:.2}", q.auc.low, q.auc.high)
            });
    }
    crate::html!(
        o,
        "<div class=\"kpi\">Tier 1 among customers with a tier<b>{}</b>{} of {}</div>\
         <div class=\"kpi\">Attributes with a signal<b>{3} of {4}</b></div></div>",
        percent(pr.base_rate),
        count(pr.tier1),
        count(pr.tier1 + pr.rest),
        with_signal,
        tested
    );
    crate::html!(o, "<p>{}</p>", pr.statement);
    crate::html!(o, "<p class=\"muted\">Learnt from the {} customers with a tier: {} in Tier 1 (the base rate, {}) against {} in Tiers 2–4; \
         {} lapsed, lost or undecided customers are left out. A value counts as more (or less) common in Tier 1 only when its attribute \
         passes a G-test (Holm-adjusted over the attributes, {}) and the whole {7} interval of its lift lies above (or below) 1; \
         values held by fewer than {} customers are never called. How to read it: docs/profile.md.</p>", count(pr.tier1 + pr.rest), count(pr.tier1), percent(pr.base_rate), count(pr.rest), count(pr.without_tier), pr.settings.significance, pr.settings.min_support, conf);
    let mut chart: Vec<(&AttributeProfile, &ValueProfile)> =
        over.iter().take(CHART_VALUES).copied().collect();
    chart.extend(under.iter().take(CHART_VALUES).copied());
    if !chart.is_empty() {
        o.push(&lift_chart(&chart, pr.settings.confidence));
    }
    for (title, rows) in [
        ("More common in Tier 1, strongest first", &over),
        ("Less common in Tier 1", &under),
    ] {
        if rows.is_empty() {
            continue;
        }
        crate::html!(o, "<h3>{}</h3><table class=\"compact\">", title);
        o.raw(VALUE_HEAD);
        value_rows(o, rows);
        o.raw("</table>");
    }
    let none: Vec<String> = pr
        .attributes
        .iter()
        .filter(|a| a.kind.is_some() && !a.signal)
        .map(|a| format!("{} (p = {:.2})", &display(&a.name), a.p_adjusted))
        .collect();
    if !none.is_empty() {
        crate::html!(o, "<p><b>No signal</b> (as common in Tier 1 as in the rest, within chance; left out of the score): {}.</p>", none.join(", "));
    }
    let skipped: Vec<String> = pr
        .attributes
        .iter()
        .filter_map(|a| Some(format!("{}: {}", &display(&a.name), a.skipped.as_ref()?)))
        .collect();
    if !skipped.is_empty() {
        crate::html!(
            o,
            "<p class=\"muted\">Not used: {}.</p>",
            skipped.join("; ")
        );
    }
    prospects_part(o, pr);
    candidates_part(o, p);
    // every value, for the record
    o.raw("<details><summary>Every attribute and value</summary><table class=\"compact\">");
    o.raw(VALUE_HEAD);
    for a in &pr.attributes {
        let rows: Vec<(&AttributeProfile, &ValueProfile)> =
            a.values.iter().map(|v| (a, v)).collect();
        value_rows(o, &rows);
    }
    o.raw("</table></details></section>");
}

fn prospects_part(o: &mut Html, pr: &Profile) {
    let Some(t) = &pr.prospect_table else {
        return;
    };
    crate::html!(o, "<h3>{}</h3><p class=\"muted\">{} prospects scored; every one with its score, rank and reasons is in <code>prospects.csv</code>. \
         The score is the chance that a customer with these values is Tier 1; the reasons say which values raise or lower the odds against a typical customer.{}</p>", if pr.distinguishes {
            "Prospects most like Tier 1"
        } else {
            "Prospects"
        }, count(t.prospects.len() as u64), if pr.not_in_prospects.is_empty() {
            String::new()
        } else {
            format!(
                " The prospects lack {}: not used in their score.",
                &pr.not_in_prospects.iter().map(|n| display(n)).collect::<Vec<_>>().join(", ")
            )
        });
    if !pr.prospects.is_empty() {
        o.raw("<table class=\"compact\"><tr><th class=\"n\">rank</th><th>prospect</th><th class=\"n\">score</th><th>why</th></tr>");
        for ps in pr.prospects.iter().take(LISTED) {
            let pr_ = &t.prospects[ps.position];
            crate::html!(o, "<tr><td class=\"n\">{}</td><td><b>{}</b> {}</td><td class=\"n\">{}</td><td>{}</td></tr>", ps.rank, pr_.id.expose(), pr_.name.as_deref().unwrap_or(""), percent(ps.score), ps.reasons);
        }
        o.raw("</table>");
    }
    if !pr.prospect_notes.is_empty() {
        o.raw("<ul class=\"muted\">");
        for n in &pr.prospect_notes {
            crate::html!(o, "<li>{}</li>", n);
        }
        o.raw("</ul>");
    }
}

fn candidates_part(o: &mut Html, p: &Portfolio) {
    let Some(pr) = &p.profile else { return };
    let candidates = growth_candidates(p);
    if candidates.is_empty() {
        return;
    }
    o.raw("<h3>Tier 2 customers who look like Tier 1</h3><p class=\"muted\">Growth candidates: good customers whose attributes resemble Tier 1's. \
         Their score comes from a model fitted without them (cross-validation), so their own tier does not lower it; <code>lookalike_score</code> in customers.csv has it for every customer.</p>");
    o.raw("<table class=\"compact\"><tr><th>customer</th><th class=\"n\">score</th><th class=\"n\">revenue</th><th>why</th></tr>");
    for g in candidates.iter().take(LISTED) {
        let why = pr
            .explain(&g.facts.attributes)
            .map_or(String::new(), |s| s.reasons);
        crate::html!(o, "<tr><td><b>{}</b> {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>", id_of(g), g.facts.name.as_deref().unwrap_or(""), percent(g.lookalike.unwrap_or(0.0)), &g.characteristics.revenue.to_display_string(), why);
    }
    o.raw("</table>");
}

/// Write `prospects.csv`: every prospect in rank order with its score,
/// rank, reasons and attributes. Nothing without a prospects file.
pub fn write_prospects_csv(path: &Path, p: &Portfolio) -> Result<()> {
    if let Some(staged) = stage_prospects_csv(path, p)? {
        staged.commit()?;
    }
    Ok(())
}

/// prospects.csv completed under a temporary name beside `path` (written
/// for spreadsheets: formula-like text neutralised), or nothing when no
/// prospects were scored.
pub(crate) fn stage_prospects_csv(path: &Path, p: &Portfolio) -> Result<Option<Staged>> {
    let Some(pr) = &p.profile else {
        return Ok(None);
    };
    let Some(t) = &pr.prospect_table else {
        return Ok(None);
    };
    let named = t.prospects.iter().any(|x| x.name.is_some());
    let mut cols = vec![Column::new("prospect_id", ValueKind::Text)];
    if named {
        cols.push(Column::new("name", ValueKind::Text));
    }
    for (n, k) in [
        ("score", ValueKind::Float),
        ("rank", ValueKind::Int),
        ("reasons", ValueKind::Text),
    ] {
        cols.push(Column::new(n, k));
    }
    for a in &t.attributes {
        let taken = ["prospect_id", "name", "score", "rank", "reasons"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(a));
        cols.push(Column::new(
            if taken {
                format!("attribute_{a}")
            } else {
                a.clone()
            },
            ValueKind::Text,
        ));
    }
    let mut w = CsvTableWriter::for_spreadsheets(path, &cols)?;
    for ps in &pr.prospects {
        let x = &t.prospects[ps.position];
        let mut row = vec![Value::Text(x.id.expose())];
        if named {
            row.push(x.name.as_deref().map_or(Value::Null, Value::Text));
        }
        row.push(Value::Float((ps.score * 1e6).round() / 1e6 + 0.0));
        row.push(Value::Int(ps.rank as i64));
        row.push(Value::Text(&ps.reasons));
        for v in &x.values {
            row.push(v.as_deref().map_or(Value::Null, Value::Text));
        }
        w.write_row(&row)?;
    }
    Ok(Some(Box::new(w).stage()?))
}
