//! The verdicts part of summary.json: Pareto, whale curve, concentration, matrix, ranking, RFM, flags, actions and the lifetime models' fits.

use super::steady_rate::{trend_contradicts_steady_rate, STEADY_RATE};
use super::{group, id_of, BASE};
use crate::headline::profit_json;
use crate::json_values::{money_json, share_json};
use clientgrade_core::concentration::hhi_band;
use clientgrade_core::flags::FlagKind;
use clientgrade_core::matrix::Quadrant;
use clientgrade_core::pareto::{AbcClass, Pareto, Whale};
use clientgrade_core::rfm::Segment;
use clientgrade_core::{Action, Portfolio};
use serde_json::{json, Value as Json};

fn pareto_json(x: &Pareto) -> Json {
    json!({
        "customers": x.customers,
        "base": BASE,
        "top_20_percent_customers": x.top_customers,
        "top_20_percent_share": share_json(x.top_share),
        "gini": share_json(x.gini),
        "gini_note": x.gini_note,
        "below_zero_counted_as_zero": x.below_zero,
        "lorenz": x.lorenz.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
    })
}

fn whale_json(w: &Whale) -> Json {
    let n = w.customers;
    json!({
        "customers": n,
        "base": BASE,
        "total_profit": money_json(w.total),
        "peak_profit": money_json(w.peak),
        "peak_share_of_total": share_json(w.peak_share),
        "peak_customers": w.peak_customers,
        "peak_customer_share": share_json((n > 0).then(|| w.peak_customers as f64 / n as f64)),
        "given_back_by_the_rest": money_json(w.given_back),
        "points": w.points.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
    })
}

/// The verdicts part of `summary.json`.
pub fn verdicts_json(p: &Portfolio) -> Json {
    let v = &p.verdicts;
    let s = &p.settings;
    let n = p.customers.len();
    let quadrants: Vec<Json> = Quadrant::ALL
        .iter()
        .map(|q| {
            let (c, r, pr) = group(p, |g| g.quadrant == Some(*q));
            let t = v.matrix.name(*q);
            json!({"quadrant": q.key(), "name": t.name, "short_name": t.short, "action": t.action, "customers": c,
                   "revenue": money_json(r), "profit": profit_json(p, pr)})
        })
        .collect();
    let segments: Vec<Json> = Segment::ALL
        .iter()
        .map(|seg| {
            let (c, r, pr) = group(p, |g| g.rfm.segment == *seg);
            json!({"segment": seg.name(), "customers": c, "revenue": money_json(r), "profit": profit_json(p, pr)})
        })
        .collect();
    let flags: Vec<Json> = FlagKind::ALL
        .iter()
        .map(|k| {
            let (c, r, pr) = group(p, |g| g.flags.iter().any(|f| f.kind == *k));
            json!({"flag": k.name(), "customers": c, "revenue": money_json(r), "profit": profit_json(p, pr)})
        })
        .collect();
    let actions: Vec<Json> = Action::ALL
        .iter()
        .map(|a| {
            let (c, r, pr) = group(p, |g| g.action == *a);
            json!({"action": a.name(), "customers": c, "revenue": money_json(r), "profit": profit_json(p, pr)})
        })
        .collect();
    let (_, bought_revenue, _) = group(p, |g| g.status.graded());
    let abc: Vec<Json> = [AbcClass::A, AbcClass::B, AbcClass::C]
        .iter()
        .map(|k| {
            let (c, r, _) = group(p, |g| g.status.graded() && g.abc == *k);
            json!({"class": k.name(), "customers": c, "revenue_share": share_json(r.ratio(bought_revenue))})
        })
        .collect();
    let top_keys: Vec<Json> = {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| p.customers[i].key.rank);
        order
            .into_iter()
            .take(10)
            .map(|i| {
                let g = &p.customers[i];
                json!({"rank": g.key.rank, "customer_id": id_of(p, i), "score": share_json(Some(g.key.score)),
                       "revenue": money_json(g.characteristics.revenue)})
            })
            .collect()
    };
    json!({
        "pareto": {
            "revenue": pareto_json(&v.pareto_revenue),
            "profit": v.pareto_profit.as_ref().map(pareto_json),
            "service_cost": v.pareto_service.as_ref().map(pareto_json),
            "abc": {"a": s.pareto.abc_a, "b": s.pareto.abc_b, "base": BASE, "classes": abc,
                    "rule": "lapsed and lost customers bought nothing in the window: class C, not counted here"},
        },
        "whale_curve": v.whale.as_ref().map(whale_json),
        "concentration": {
            "base": BASE,
            "revenue_top_1": share_json(v.revenue_top.top1),
            "revenue_top_5": share_json(v.revenue_top.top5),
            "revenue_top_10": share_json(v.revenue_top.top10),
            "profit_top_1": share_json(v.profit_top.and_then(|t| t.top1)),
            "profit_top_5": share_json(v.profit_top.and_then(|t| t.top5)),
            "profit_top_10": share_json(v.profit_top.and_then(|t| t.top10)),
            "hhi": v.hhi.map(|h| (h * 10.0).round() / 10.0),
            "hhi_band": v.hhi.map(hhi_band),
            "alert_share": s.concentration.customer_alert,
            "alerts": v.alerts.iter().map(|&i| json!({
                "customer_id": id_of(p, i),
                "revenue_share": share_json(Some(p.customers[i].characteristics.revenue_share)),
            })).collect::<Vec<_>>(),
        },
        "account_managers": {
            "alert_share": s.concentration.manager_alert,
            "managers": v.managers.iter().map(|m| json!({
                "manager": m.manager, "customers": m.customers, "class_a_customers": m.class_a_customers,
                "revenue": money_json(m.revenue), "revenue_share": share_json(m.revenue_share),
                "profit": profit_json(p, m.profit), "profit_share": share_json(m.profit_share.filter(|_| crate::headline::profit_known(p))), "alert": m.alert,
            })).collect::<Vec<_>>(),
        },
        "matrix": {
            "x": v.matrix.x_axis, "y": v.matrix.y_axis,
            "configured_x": s.matrix.x, "configured_y": s.matrix.y,
            "fallback": v.matrix.fallback,
            "split_x": v.matrix.x, "split_y": v.matrix.y,
            "good_x": v.matrix.good_x, "good_y": v.matrix.good_y,
            "unplaced": v.matrix.unplaced,
            "not_bought_in_window": v.matrix.not_bought,
            "names_are_judgements": v.matrix.judged,
            "rule": "customers who bought in the window; a value at or above the split counts as high; a split at the median, mean or a percentile names its quadrants by what it means, and the configured names apply when both splits are fixed values (or the quadrants were named in the config)",
            "quadrants": quadrants,
        },
        "ranking": {
            "formula": "score = revenue × Σ wᵢ(0.5 + sᵢ) / Σ wᵢ, sᵢ = the customer's standing on factor i among all customers (0 worst, 1 best, mid-rank for ties, 0.5 without a value)",
            "factors": s.ranking.factors.iter().map(|f| json!({
                "label": f.label, "characteristic": f.characteristic, "weight": f.weight, "higher_is_better": f.higher_is_better,
                "used": !v.unused_factors.iter().any(|u| u.label == f.label),
            })).collect::<Vec<_>>(),
            "unused": v.unused_factors.iter().map(|u| json!({"label": u.label, "reason": u.reason})).collect::<Vec<_>>(),
            "top_10": top_keys,
        },
        "rfm": {
            "recency_days_cuts": v.rfm_cuts[0],
            "frequency_orders_cuts": v.rfm_cuts[1],
            "monetary_lifetime_revenue_cuts": v.rfm_cuts[2],
            "rule": "each score is 1 plus the cut-offs exceeded (recency: 5 minus); segment from recency and (frequency + monetary) / 2 rounded up",
            "segments": segments,
        },
        "flags": flags,
        "actions": actions,
        "lifetime": p.lifetime.as_ref().map(|l| lifetime_json(p, l)),
    })
}

fn fit_json(f: &clientgrade_core::ModelFit) -> Json {
    json!({
        "model": f.model,
        "customers": f.customers,
        "parameters": f.params.iter().map(|(n, v, se)| json!({"name": n, "estimate": v, "std_error": se})).collect::<Vec<_>>(),
        "log_likelihood": f.log_likelihood,
        "iterations": f.iterations,
        "gradient_norm": f.gradient_norm,
        "converged": f.converged,
    })
}

fn lifetime_json(p: &Portfolio, l: &clientgrade_core::Lifetime) -> Json {
    let values: Vec<&clientgrade_core::CustomerLifetime> = p
        .customers
        .iter()
        .filter_map(|g| g.lifetime.as_ref())
        .collect();
    let revenue: Vec<f64> = values.iter().filter_map(|v| v.expected_revenue).collect();
    let profit: Vec<f64> = values.iter().filter_map(|v| v.clv_profit).collect();
    let (down, up) = trend_contradicts_steady_rate(p);
    json!({
        "fitted": true,
        "assumption": STEADY_RATE,
        "declining_customers": down.len(),
        "growing_customers": up.len(),
        "time_unit": "weeks",
        "horizon_weeks": l.settings.horizon_weeks,
        "yearly_discount_rate": l.settings.discount_rate,
        "bg_nbd": fit_json(&l.bgnbd),
        "gamma_gamma": l.gamma_gamma.as_ref().map(fit_json),
        "customers_valued": values.len(),
        // + 0.0: an empty sum is -0.0
        "expected_purchases_total": values.iter().map(|v| v.expected_purchases).sum::<f64>() + 0.0,
        "expected_revenue_total": revenue.iter().sum::<f64>() + 0.0,
        "clv_profit_total": (!profit.is_empty()).then(|| profit.iter().sum::<f64>() + 0.0),
        "clv_profit_rule": "expected revenue × gross margin rate − expected orders × cost to serve per order, discounted",
        "likely_lost": values.iter().filter(|v| v.p_alive.is_some_and(|p| p < 0.5)).count(),
        "notes": l.notes,
        "holdout": l.holdout.as_ref().map(|h| json!({
            "end": h.end.to_string(),
            "weeks": h.weeks,
            "customers": h.scorecard.customers,
            "correlation": h.scorecard.correlation,
            "mean_absolute_error": h.scorecard.mae,
            "predicted_total": h.scorecard.predicted_total,
            "actual_total": h.scorecard.actual_total,
            "by_calibration_repeat_purchases": h.scorecard.by_frequency.iter().map(|(k, n, p, a)| json!({
                "repeat_purchases": k, "customers": n, "mean_predicted": p, "mean_actual": a,
            })).collect::<Vec<_>>(),
        })),
    })
}
