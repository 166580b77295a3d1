//! `summary.json`: the run and the portfolio in numbers, with no timestamps or absolute paths.

use clientgrade_core::{Money, Portfolio, Status, Tier, TierTotals};
use clientgrade_data::{AsOfSource, TableStats};
use serde_json::{json, Map, Value as Json};

use crate::RunInfo;

/// Money as a JSON number rounded to cents.
pub fn money_json(m: Money) -> Json {
    let s = m.to_cents_string();
    s.parse::<f64>().map_or(Json::Null, |v| json!(v))
}

/// A fraction as a JSON number with six decimals, or null.
pub fn share_json(v: Option<f64>) -> Json {
    match v {
        Some(x) if x.is_finite() => json!((x * 1e6).round() / 1e6 + 0.0),
        _ => Json::Null,
    }
}

fn file_name(t: &TableStats) -> String {
    t.path.file_name().map_or_else(
        || t.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Rejected rows of `t` listed in rejects.csv, and those only counted.
pub fn rejects_listed(t: &TableStats) -> (u64, u64) {
    let listed = (t.rejects.len() as u64).min(t.rejected);
    (listed, t.rejected - listed)
}

/// One note per table whose rejected rows are not all listed in rejects.csv.
pub fn rejects_notes(tables: &[TableStats]) -> Vec<String> {
    tables
        .iter()
        .filter_map(|t| {
            let (listed, left_out) = rejects_listed(t);
            (left_out > 0).then(|| {
                format!(
                    "rejects.csv lists the first {} of the {} rejected rows of {}; the other {} \
                     are counted by reason only (at most {} rejected rows per table are kept, so \
                     that memory stays bounded): fix the causes of the first ones and run again",
                    crate::terminal::thousands(listed),
                    crate::terminal::thousands(t.rejected),
                    t.table.name(),
                    crate::terminal::thousands(left_out),
                    crate::terminal::thousands(clientgrade_data::KEPT_REJECTS as u64),
                )
            })
        })
        .collect()
}

/// The JSON of one table's row accounting.
pub fn table_json(t: &TableStats) -> Json {
    let (listed, left_out) = rejects_listed(t);
    let mut j = json!({
        "table": t.table.name(),
        "file": file_name(t),
        "read": t.read,
        "used": t.used,
        "rejected": t.rejected,
        "rejected_listed_in_rejects_csv": listed,
        "rejected_not_listed": left_out,
        "rejected_by_reason": t.reasons,
        "skipped": t.skipped,
        "read_as": t.detected,
    });
    // how an export was read, only where there is something to say
    if let Some(m) = j.as_object_mut() {
        if !t.skipped_lines.is_empty() {
            m.insert("skipped_lines".into(), json!(t.skipped_lines));
        }
        if let Some(src) = &t.source {
            m.insert("source".into(), json!(src));
        }
        if !t.rules.is_empty() {
            m.insert("rules".into(), json!(t.rules));
        }
        if !t.warnings.is_empty() {
            let w: Vec<Json> = t
                .warnings
                .iter()
                .map(|w| json!({"kind": w.kind, "message": w.message, "fix": w.fix}))
                .collect();
            m.insert("needs_a_decision".into(), json!(w));
        }
    }
    j
}

fn totals_json(t: &TierTotals, p: &Portfolio) -> Map<String, Json> {
    let total = &p.total;
    let mut m = Map::new();
    m.insert("customers".into(), json!(t.customers));
    m.insert(
        "customer_share".into(),
        share_json((total.customers > 0).then(|| t.customers as f64 / total.customers as f64)),
    );
    m.insert("revenue".into(), money_json(t.revenue));
    m.insert(
        "revenue_share".into(),
        share_json(t.revenue.ratio(total.revenue)),
    );
    m.insert("profit".into(), money_json(t.profit));
    m.insert(
        "profit_share".into(),
        share_json((total.profit.raw() > 0).then(|| t.profit.to_f64() / total.profit.to_f64())),
    );
    m.insert("cost_to_serve".into(), money_json(t.cost_to_serve));
    m
}

/// Build `summary.json`.
pub fn summary_json(run: &RunInfo<'_>, p: &Portfolio) -> Json {
    let tiers: Vec<Json> = Tier::ALL
        .iter()
        .map(|&t| {
            let mut m = totals_json(p.tier(t), p);
            m.insert("tier".into(), json!(t.number()));
            m.insert("name".into(), json!(t.name()));
            m.insert("action".into(), json!(t.action()));
            Json::Object(m)
        })
        .collect();
    let mut verdicts = crate::verdicts::verdicts_json(p);
    if let (None, Some(why)) = (&p.lifetime, run.lifetime_not_fitted) {
        verdicts["lifetime"] = json!({"fitted": false, "reason": why});
    }
    let statuses: Vec<Json> = Status::ALL
        .iter()
        .map(|&s| {
            let t = p.status(s);
            json!({
                "status": s.name(),
                "customers": t.customers,
                "revenue": money_json(t.revenue),
                "profit": money_json(t.profit),
                "revenue_previous": money_json(t.revenue_previous),
                "profit_previous": money_json(t.profit_previous),
                "win_back": t.win_back,
                "win_back_profit_previous": money_json(t.win_back_profit_previous),
            })
        })
        .collect();
    let mut notes: Vec<String> = run.notes.to_vec();
    notes.extend(rejects_notes(run.tables));
    notes.extend(p.notes.iter().cloned());
    let mut j = json!({
        "format_version": crate::movement::FORMAT_VERSION,
        "clientgrade_version": env!("CARGO_PKG_VERSION"),
        "as_of": p.window.as_of.to_string(),
        "as_of_source": match run.as_of_source {
            AsOfSource::Given => "given",
            AsOfSource::LatestTransaction => "latest transaction date",
        },
        "window_months": p.window.months,
        "window_first_day": p.window.first_day().to_string(),
        "inputs": run.tables.iter().map(table_json).collect::<Vec<_>>(),
        "customers": p.total.customers,
        "customers_with_purchases_in_window": p.buyers(),
        "listed_without_activity": run.listed_without_activity,
        "coverage": {
            "cost_of_goods": p.coverage.cost_of_goods,
            "discounts": p.coverage.discounts,
            "service": p.coverage.service,
            "invoices": p.coverage.invoices,
            "complaints": p.coverage.complaints,
            "customers": p.coverage.customers,
            "products": p.coverage.products,
        },
        "totals": Json::Object(totals_json(&p.total, p)),
        "statuses": statuses,
        "growth_model": {
            "rule": "revenue rate now over before, per part of each window the customer existed in; quasi-Poisson interval with a dispersion moderated towards the portfolio (docs/tiers.md)",
            "confidence": p.settings.tiers.growth_confidence,
            "threshold": p.settings.tiers.tier1_min_growth,
            "seasonal_factors": p.shares_basis.growth.season.iter().map(|v| share_json(Some(*v))).collect::<Vec<_>>(),
            "dispersion_prior": share_json(Some(p.shares_basis.growth.dispersion)),
            "prior_degrees_of_freedom": share_json(Some(p.shares_basis.growth.prior_df)),
            "data_start": p.shares_basis.growth.data_start.map(|d| d.to_string()),
        },
        "tiers": tiers,
        "undecided": Json::Object(totals_json(&p.undecided, p)),
        "undecidable_reason": p.undecidable,
        "notes": notes,
        "settings": settings_json(p),
        "verdicts": verdicts,
        "ideal_profile": crate::profile::profile_json(p),
    });
    if let (Some(m), Some(o)) = (&p.movement, j.as_object_mut()) {
        o.insert("movement".into(), crate::movement::movement_json(m));
    }
    j
}

/// The settings that decide tiers, statuses and the lists, so that
/// `compare` can tell whether two result folders were graded alike.
pub fn settings_json(p: &Portfolio) -> Json {
    let s = &p.settings;
    let (t, c, l) = (&s.tiers, &s.costs, &s.lifetime);
    json!({
        "window_months": p.window.months,
        "tiers": {
            "tier1-min-margin": t.tier1_min_margin,
            "tier1-high-margin": t.tier1_high_margin,
            "tier1-min-growth": t.tier1_min_growth,
            "growth-confidence": t.growth_confidence,
            "tier1-min-profit": t.tier1_min_profit,
            "tier2-min-margin": t.tier2_min_margin,
            "max-effort-ratio": t.max_effort_ratio,
            "effort-min-events": t.effort_min_events,
        },
        "costs": {
            "hourly-rate": c.hourly_rate,
            "cost-per-service-event": c.cost_per_service_event,
            "return-handling-cost": c.return_handling_cost,
            "assumed-gross-margin": c.assumed_gross_margin,
        },
        "lifetime": {
            "enabled": l.enabled,
            "horizon-weeks": l.horizon_weeks,
            "discount-rate": l.discount_rate,
        },
        "ranking": s.ranking.factors.iter().map(|f| json!({
            "label": f.label,
            "characteristic": f.characteristic,
            "weight": f.weight,
            "higher-is-better": f.higher_is_better,
        })).collect::<Vec<_>>(),
    })
}
