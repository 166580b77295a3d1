//! `summary.json`: the run and the portfolio in numbers, with no timestamps or absolute paths.

use clientgrade_core::{Portfolio, Status, Tier, TierTotals};
use clientgrade_data::{AsOfSource, TableStats};
use serde_json::{json, Map, Value as Json};

use crate::caveats::{rejects_listed, rejects_notes};
use crate::json_values::{money_json, share_json};
use crate::RunInfo;

fn file_name(t: &TableStats) -> String {
    t.path.file_name().map_or_else(
        || t.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
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
    let known = crate::headline::profit_known(p);
    m.insert("profit".into(), crate::headline::profit_json(p, t.profit));
    m.insert(
        "profit_share".into(),
        share_json(
            (known && total.profit.raw() > 0).then(|| t.profit.to_f64() / total.profit.to_f64()),
        ),
    );
    m.insert("cost_to_serve".into(), money_json(t.cost_to_serve));
    m
}

/// Build `summary.json`.
pub fn summary_json(run: &RunInfo<'_>, p: &Portfolio) -> Json {
    summary_json_with(run, p, &crate::view::View::of(p))
}

/// Build `summary.json` with the report's figures already computed.
pub(crate) fn summary_json_with(
    run: &RunInfo<'_>,
    p: &Portfolio,
    view: &crate::view::View,
) -> Json {
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
                "profit": crate::headline::profit_json(p, t.profit),
                "revenue_previous": money_json(t.revenue_previous),
                "profit_previous": crate::headline::profit_json(p, t.profit_previous),
                "win_back": t.win_back,
                "win_back_profit_previous": crate::headline::profit_json(p, t.win_back_profit_previous),
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
        "money": crate::headline::headline(p).json(),
        "figures": crate::caveats::caveats(run.tables).json(),
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
    view.add_to_summary(p, &mut j);
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
            "tier1-profit-percentile": t.tier1_profit_percentile,
            "tier1-min-orders": t.tier1_min_orders,
            "tier1-high-margin-vs-portfolio": t.tier1_high_margin_vs_portfolio,
            "tier1-top-profit-share": t.tier1_top_profit_share,
            "effort-confidence": t.effort_confidence,
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

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_core::{
        grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Money, Settings,
    };

    fn customer(id: &str, revenue: i64, previous: i64, last: (i32, u32, u32)) -> CustomerFacts {
        CustomerFacts {
            id: Some(CustomerId::new(id)),
            revenue: Money::from_units(revenue),
            revenue_previous: Money::from_units(previous),
            first_purchase: Date::from_ymd(2023, 2, 7),
            last_purchase: Date::from_ymd(last.0, last.1, last.2),
            ..CustomerFacts::default()
        }
    }

    fn run_info() -> RunInfo<'static> {
        RunInfo {
            tables: &[],
            as_of_source: AsOfSource::Given,
            listed_without_activity: 0,
            notes: &[],
            lifetime_not_fitted: None,
        }
    }

    #[test]
    fn without_cost_data_every_profit_in_summary_json_is_null_not_zero() {
        let all = vec![
            customer("A", 1_730, 1_210, (2025, 11, 3)),
            customer("B", 412, 0, (2025, 4, 19)),
            // lapsed: bought only in the previous window
            customer("L", 0, 655, (2024, 9, 14)),
        ];
        let window = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let p = grade(all, Coverage::default(), &Settings::default(), window);
        let j = summary_json(&run_info(), &p);
        assert!(j["totals"]["profit"].is_null(), "{}", j["totals"]);
        assert!(j["totals"]["profit_share"].is_null());
        for s in j["statuses"].as_array().unwrap() {
            assert!(s["profit"].is_null(), "{s}");
            assert!(s["profit_previous"].is_null(), "{s}");
            assert!(s["win_back_profit_previous"].is_null(), "{s}");
        }
        for t in j["tiers"].as_array().unwrap() {
            assert!(t["profit"].is_null(), "{t}");
        }
        let money = &j["money"];
        assert_eq!(money["profit_known"], false);
        assert!(money["profit_unknown_reason"]
            .as_str()
            .unwrap()
            .contains("costs.assumed-gross-margin"));
        assert!(money["every_customer"]["profit"].is_null());
        assert!(money["every_customer"]["cost_of_goods"].is_null());
        assert_eq!(money["every_customer"]["revenue"], 2_142.0);

        // with an assumed margin, profit is known and reconciles
        let mut s = Settings::default();
        s.costs.assumed_gross_margin = Some(0.3);
        let all = vec![customer("A", 1_730, 1_210, (2025, 11, 3))];
        let p = grade(all, Coverage::default(), &s, window);
        let j = summary_json(&run_info(), &p);
        let e = &j["money"]["every_customer"];
        let f = |k: &str| e[k].as_f64().unwrap();
        assert!(
            (f("revenue") - f("cost_of_goods") - f("service") - f("return_handling") - f("profit"))
                .abs()
                < 0.005,
            "{e}"
        );
        assert_eq!(j["totals"]["profit"], e["profit"]);
    }
}
