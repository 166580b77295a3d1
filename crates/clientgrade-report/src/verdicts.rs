//! The portfolio verdicts (Pareto, whale curve, concentration, matrix, ranking, RFM, flags, actions) as JSON and as terminal text.

use std::fmt::Write;

use clientgrade_core::concentration::hhi_band;
use clientgrade_core::flags::FlagKind;
use clientgrade_core::matrix::Quadrant;
use clientgrade_core::pareto::{AbcClass, Pareto, Whale};
use clientgrade_core::rfm::Segment;
use clientgrade_core::{Action, Money, Portfolio};
use serde_json::{json, Value as Json};

use crate::summary::{money_json, share_json};
use crate::terminal::{more_line, num, pct, LIST_ITEMS};
use crate::text::{shown, ID_CHARS, NAME_CHARS};

fn id_of(p: &Portfolio, i: usize) -> &str {
    p.customers[i]
        .facts
        .id
        .as_ref()
        .map_or("", |id| id.expose())
}

fn pareto_json(x: &Pareto) -> Json {
    json!({
        "customers": x.customers,
        "top_20_percent_customers": x.top_customers,
        "top_20_percent_share": share_json(x.top_share),
        "gini": share_json(x.gini),
        "lorenz": x.lorenz.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
    })
}

fn whale_json(w: &Whale, n: usize) -> Json {
    json!({
        "total_profit": money_json(w.total),
        "peak_profit": money_json(w.peak),
        "peak_share_of_total": share_json(w.peak_share),
        "peak_customers": w.peak_customers,
        "peak_customer_share": share_json((n > 0).then(|| w.peak_customers as f64 / n as f64)),
        "given_back_by_the_rest": money_json(w.given_back),
        "points": w.points.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
    })
}

/// Counts and money of the customers selected by `pick`.
pub(crate) fn group<F: Fn(&clientgrade_core::GradedCustomer) -> bool>(
    p: &Portfolio,
    pick: F,
) -> (u64, Money, Money) {
    p.customers
        .iter()
        .filter(|g| pick(g))
        .fold((0, Money::ZERO, Money::ZERO), |a, g| {
            (
                a.0 + 1,
                a.1 + g.characteristics.revenue,
                a.2 + g.characteristics.profit.unwrap_or(Money::ZERO),
            )
        })
}

/// The verdicts part of `summary.json`.
pub fn verdicts_json(p: &Portfolio) -> Json {
    let v = &p.verdicts;
    let s = &p.settings;
    let n = p.customers.len();
    let total = p.total.revenue;
    let quadrants: Vec<Json> = Quadrant::ALL
        .iter()
        .map(|q| {
            let (c, r, pr) = group(p, |g| g.quadrant == Some(*q));
            let t = q.text(&s.matrix);
            json!({"quadrant": q.key(), "name": t.name, "action": t.action, "customers": c,
                   "revenue": money_json(r), "profit": money_json(pr)})
        })
        .collect();
    let segments: Vec<Json> = Segment::ALL
        .iter()
        .map(|seg| {
            let (c, r, pr) = group(p, |g| g.rfm.segment == *seg);
            json!({"segment": seg.name(), "customers": c, "revenue": money_json(r), "profit": money_json(pr)})
        })
        .collect();
    let flags: Vec<Json> = FlagKind::ALL
        .iter()
        .map(|k| {
            let (c, r, pr) = group(p, |g| g.flags.iter().any(|f| f.kind == *k));
            json!({"flag": k.name(), "customers": c, "revenue": money_json(r), "profit": money_json(pr)})
        })
        .collect();
    let actions: Vec<Json> = Action::ALL
        .iter()
        .map(|a| {
            let (c, r, pr) = group(p, |g| g.action == *a);
            json!({"action": a.name(), "customers": c, "revenue": money_json(r), "profit": money_json(pr)})
        })
        .collect();
    let abc: Vec<Json> = [AbcClass::A, AbcClass::B, AbcClass::C]
        .iter()
        .map(|k| {
            let (c, r, _) = group(p, |g| g.abc == *k);
            json!({"class": k.name(), "customers": c, "revenue_share": share_json(r.ratio(total))})
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
            "abc": {"a": s.pareto.abc_a, "b": s.pareto.abc_b, "classes": abc},
        },
        "whale_curve": v.whale.as_ref().map(|w| whale_json(w, n)),
        "concentration": {
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
                "profit": money_json(m.profit), "profit_share": share_json(m.profit_share), "alert": m.alert,
            })).collect::<Vec<_>>(),
        },
        "matrix": {
            "x": s.matrix.x, "y": s.matrix.y,
            "split_x": v.matrix.x, "split_y": v.matrix.y,
            "good_x": v.matrix.good_x, "good_y": v.matrix.good_y,
            "unplaced": v.matrix.unplaced,
            "rule": "a value at or above the split counts as high",
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
    json!({
        "fitted": true,
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
            "customers": h.customers,
            "correlation": h.correlation,
            "mean_absolute_error": h.mae,
            "predicted_total": h.predicted_total,
            "actual_total": h.actual_total,
            "by_calibration_repeat_purchases": h.by_frequency.iter().map(|(k, n, p, a)| json!({
                "repeat_purchases": k, "customers": n, "mean_predicted": p, "mean_actual": a,
            })).collect::<Vec<_>>(),
        })),
    })
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
            format!("{sign}{}", crate::terminal::thousands(n))
        }
        Unit::Number => num(v, 1),
    }
}

fn opt_percent(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), pct)
}

/// The verdict sections of the terminal summary.
pub fn verdicts_text(p: &Portfolio, top: usize) -> String {
    let v = &p.verdicts;
    let s = &p.settings;
    let n = p.customers.len();
    let mut o = String::new();
    let _ = writeln!(o, "\nPareto");
    let pr = &v.pareto_revenue;
    let _ = writeln!(
        o,
        "  revenue: the top 20% ({} customers) bring {}; Gini {}",
        pr.top_customers,
        opt_percent(pr.top_share),
        pr.gini.map_or_else(|| "n/a".into(), |g| num(g, 2))
    );
    if let Some(pp) = &v.pareto_profit {
        let _ = writeln!(
            o,
            "  profit:  the top 20% bring {}",
            opt_percent(pp.top_share)
        );
    }
    if let Some(ps) = &v.pareto_service {
        let _ = writeln!(
            o,
            "  service effort: the top 20% take {}; Gini {}",
            opt_percent(ps.top_share),
            ps.gini.map_or_else(|| "n/a".into(), |g| num(g, 2))
        );
    }
    if let Some(w) = &v.whale {
        let _ = writeln!(
            o,
            "  whale curve: the {} most profitable customers ({}) earn {} of total profit ({}); the other {} give back {}",
            w.peak_customers,
            pct(w.peak_customers as f64 / n.max(1) as f64),
            opt_percent(w.peak_share),
            w.total.to_display_string(),
            n - w.peak_customers,
            w.given_back.to_display_string()
        );
    }
    let _ = writeln!(o, "\nConcentration");
    let _ = writeln!(
        o,
        "  revenue share of the largest 1 / 5 / 10 customers: {} / {} / {}; HHI {} ({})",
        opt_percent(v.revenue_top.top1),
        opt_percent(v.revenue_top.top5),
        opt_percent(v.revenue_top.top10),
        v.hhi.map_or_else(|| "n/a".into(), |h| num(h, 0)),
        v.hhi.map_or("n/a", hhi_band)
    );
    for &i in v.alerts.iter().take(LIST_ITEMS) {
        let _ = writeln!(
            o,
            "  ALERT customer {} has {} of revenue (alert at ≥ {})",
            shown(id_of(p, i), ID_CHARS),
            pct(p.customers[i].characteristics.revenue_share),
            pct(s.concentration.customer_alert)
        );
    }
    more_line(&mut o, v.alerts.len());
    let alerted: Vec<_> = v.managers.iter().filter(|m| m.alert).collect();
    for m in alerted.iter().take(LIST_ITEMS) {
        let _ = writeln!(
            o,
            "  ALERT account manager {} holds {} of revenue and {} of profit ({} customers, {} of them class A)",
            shown(&m.manager, NAME_CHARS),
            opt_percent(m.revenue_share),
            opt_percent(m.profit_share),
            m.customers,
            m.class_a_customers
        );
    }
    more_line(&mut o, alerted.len());
    let split = |name: &str, at: Option<f64>, good: &Option<Vec<String>>| match good {
        Some(g) => format!("high: {}", g.join(", ")),
        None => at.map_or_else(
            || "split n/a".into(),
            |x| format!("split at {}", shown_value(name, x)),
        ),
    };
    let _ = writeln!(
        o,
        "\nGrading matrix: {} ({}) × {} ({})",
        clientgrade_core::measures::label(&s.matrix.x),
        split(&s.matrix.x, v.matrix.x, &v.matrix.good_x),
        clientgrade_core::measures::label(&s.matrix.y),
        split(&s.matrix.y, v.matrix.y, &v.matrix.good_y)
    );
    for q in Quadrant::ALL {
        let (c, r, _) = group(p, |g| g.quadrant == Some(q));
        let t = q.text(&s.matrix);
        let _ = writeln!(
            o,
            "  {:<9} {:<20} {:>7} customers {:>7} of revenue  → {}",
            q.key(),
            t.name,
            c,
            crate::terminal::share(r, p.total.revenue),
            t.action
        );
    }
    if v.matrix.unplaced > 0 {
        let _ = writeln!(
            o,
            "  {} customers not placed (no value on an axis)",
            v.matrix.unplaced
        );
    }
    let _ = writeln!(
        o,
        "\nKey customers (revenue adjusted by {} factors)",
        s.ranking.factors.len() - v.unused_factors.len()
    );
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| p.customers[i].key.rank);
    for &i in order.iter().take(top) {
        let g = &p.customers[i];
        let parts: Vec<String> = s
            .ranking
            .factors
            .iter()
            .zip(&g.key.factors)
            .filter(|(f, _)| !v.unused_factors.iter().any(|u| u.label == f.label))
            .map(|(f, (_, c))| {
                let m = Money::from_f64(*c).unwrap_or(Money::ZERO);
                let sign = if m.is_negative() { "" } else { "+" };
                format!("{} {sign}{}", f.label, m.to_display_string())
            })
            .collect();
        let _ = writeln!(
            o,
            "  {:>2}. {:<10} score {:>14}  revenue {:>14}  ({})",
            g.key.rank,
            shown(id_of(p, i), ID_CHARS),
            Money::from_f64(g.key.score).map_or_else(|| "n/a".into(), |m| m.to_display_string()),
            g.characteristics.revenue.to_display_string(),
            parts.join(", ")
        );
    }
    for u in &v.unused_factors {
        let _ = writeln!(o, "  factor {} not used: {}", u.label, u.reason);
    }
    let _ = writeln!(o, "\nRFM segments");
    let mut line = String::from(" ");
    for seg in Segment::ALL {
        let (c, _, _) = group(p, |g| g.rfm.segment == seg);
        if c > 0 {
            let _ = write!(line, " {} {};", seg.name(), c);
        }
    }
    let _ = writeln!(o, "{}", line.trim_end_matches(';'));
    let _ = writeln!(o, "\nRed flags");
    for k in FlagKind::ALL {
        let (c, r, pr) = group(p, |g| g.flags.iter().any(|f| f.kind == k));
        if c > 0 {
            let _ = writeln!(
                o,
                "  {:<20} {:>6} customers, revenue {:>16}, profit {:>15}",
                k.name(),
                c,
                r.to_display_string(),
                pr.to_display_string()
            );
        }
    }
    if let Some(l) = &p.lifetime {
        let _ = writeln!(
            o,
            "\nLifetime value (BG/NBD + Gamma–Gamma, weeks, next {} weeks, {} a year discount)",
            l.settings.horizon_weeks,
            pct(l.settings.discount_rate)
        );
        let params = |f: &clientgrade_core::ModelFit| {
            let ps: Vec<String> = f
                .params
                .iter()
                .map(|(n, v, _)| format!("{n} {}", num(*v, 3)))
                .collect();
            format!(
                "{}{}",
                ps.join(", "),
                if f.converged { "" } else { " (NOT CONVERGED)" }
            )
        };
        let _ = writeln!(
            o,
            "  BG/NBD on {} customers: {}",
            l.bgnbd.customers,
            params(&l.bgnbd)
        );
        if let Some(g) = &l.gamma_gamma {
            let _ = writeln!(
                o,
                "  Gamma–Gamma on {} repeat buyers: {}",
                g.customers,
                params(g)
            );
        }
        let values: Vec<&clientgrade_core::CustomerLifetime> = p
            .customers
            .iter()
            .filter_map(|g| g.lifetime.as_ref())
            .collect();
        let revenue: f64 = values.iter().filter_map(|v| v.expected_revenue).sum();
        let profit: Vec<f64> = values.iter().filter_map(|v| v.clv_profit).collect();
        if !values.is_empty() {
            let _ = writeln!(
                o,
                "  expected purchases {}, expected revenue {}, lifetime value in profit {}; {} customers are more likely gone than alive (P(alive) < 50%)",
                num(values.iter().map(|v| v.expected_purchases).sum::<f64>(), 0),
                Money::from_f64(revenue).map_or_else(|| "n/a".into(), |m| m.to_display_string()),
                if profit.is_empty() {
                    "n/a (no cost of goods)".to_string()
                } else {
                    Money::from_f64(profit.iter().sum())
                        .map_or_else(|| "n/a".into(), |m| m.to_display_string())
                },
                values.iter().filter(|v| v.p_alive.is_some_and(|p| p < 0.5)).count()
            );
        }
        if let Some(h) = &l.holdout {
            let _ = writeln!(
                o,
                "  holdout check to {} ({} weeks, {} customers): predicted {} purchase days, actual {}; correlation {}, mean absolute error {}",
                h.end, num(h.weeks, 1), h.customers, num(h.predicted_total, 0), num(h.actual_total, 0), num(h.correlation, 3), num(h.mae, 3)
            );
        }
        for n in &l.notes {
            let _ = writeln!(o, "  note: {n}");
        }
    }
    let _ = writeln!(o, "\nActions (actions.csv is ready to import into a CRM)");
    for a in Action::ALL {
        let (c, r, _) = group(p, |g| g.action == a);
        if c > 0 {
            let _ = writeln!(
                o,
                "  {:<32} {:>6} customers, revenue {:>16}",
                a.name(),
                c,
                r.to_display_string()
            );
        }
    }
    o
}
