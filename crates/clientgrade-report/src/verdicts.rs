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
        "base": BASE,
        "top_20_percent_customers": x.top_customers,
        "top_20_percent_share": share_json(x.top_share),
        "gini": share_json(x.gini),
        "gini_note": x.gini_note,
        "below_zero_counted_as_zero": x.below_zero,
        "lorenz": x.lorenz.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
    })
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
            crate::terminal::plural(x.below_zero as u64, "customer", "customers")
        ));
    }
    t
}

/// A profit sum for JSON: null when profit is unknown (no cost data).
pub(crate) fn profit_json(p: &Portfolio, m: Money) -> Json {
    if crate::headline::profit_known(p) {
        money_json(m)
    } else {
        Json::Null
    }
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

/// What the lifetime model assumes, said next to every lifetime value.
pub(crate) const STEADY_RATE: &str = "the lifetime model (BG/NBD) assumes each customer keeps \
     a steady purchase rate while it is a customer: it does not use the growth measured between \
     the two windows";

/// Customers with a lifetime value whose measured trend contradicts the
/// steady rate the model assumes: (declining, growing) positions in
/// `p.customers`, most expected purchases first. Declining: the whole growth
/// interval lies below zero; growing: the whole interval lies above zero.
pub(crate) fn trend_contradicts_steady_rate(p: &Portfolio) -> (Vec<usize>, Vec<usize>) {
    let mut down = Vec::new();
    let mut up = Vec::new();
    for (i, g) in p.customers.iter().enumerate() {
        if g.lifetime.is_none() || !g.status.graded() {
            continue;
        }
        let c = &g.characteristics;
        match (c.growth_low, c.growth_high) {
            (_, Some(hi)) if hi < 0.0 => down.push(i),
            (Some(lo), _) if lo > 0.0 => up.push(i),
            _ => {}
        }
    }
    let expected = |i: &usize| {
        p.customers[*i]
            .lifetime
            .map_or(0.0, |l| l.expected_purchases)
    };
    for v in [&mut down, &mut up] {
        v.sort_by(|a, b| expected(b).total_cmp(&expected(a)).then(a.cmp(b)));
    }
    (down, up)
}

/// One sentence on the customers whose trend contradicts the model.
pub(crate) fn steady_rate_text(p: &Portfolio) -> String {
    let (down, up) = trend_contradicts_steady_rate(p);
    let sum = |v: &[usize]| -> f64 {
        v.iter()
            .filter_map(|i| p.customers[*i].lifetime.map(|l| l.expected_purchases))
            .sum()
    };
    let mut t = STEADY_RATE.to_string();
    if down.is_empty() && up.is_empty() {
        t.push_str("; no customer's measured growth contradicts it (no growth interval lies wholly above or below zero)");
        return t;
    }
    if !down.is_empty() {
        t.push_str(&format!(
            "; {} measurably declining (the whole growth interval below zero): their {} expected purchases are likely too many",
            crate::terminal::plural(down.len() as u64, "customer is", "customers are"),
            num(sum(&down), 0)
        ));
    }
    if !up.is_empty() {
        t.push_str(&format!(
            "; {} measurably growing (the whole interval above zero): their {} expected purchases are likely too few",
            crate::terminal::plural(up.len() as u64, "customer is", "customers are"),
            num(sum(&up), 0)
        ));
    }
    let conf = p.settings.tiers.growth_confidence;
    t.push_str(&format!(
        " (the growth intervals are {} intervals: about 1 steady customer in {} falls wholly on \
         each side by chance)",
        crate::terminal::pct(conf),
        num(2.0 / (1.0 - conf).max(1e-9), 0)
    ));
    t
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

fn opt_percent(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), pct)
}

/// The verdict sections of the terminal summary.
pub fn verdicts_text(p: &Portfolio, top: usize) -> String {
    let v = &p.verdicts;
    let s = &p.settings;
    let n = p.customers.len();
    let mut o = String::new();
    let pr = &v.pareto_revenue;
    let _ = writeln!(
        o,
        "\nPareto (the {} {BASE})",
        crate::terminal::thousands(pr.customers as u64)
    );
    let _ = writeln!(
        o,
        "  revenue: the top 20% ({}) bring {}; {}",
        crate::terminal::plural(pr.top_customers as u64, "customer", "customers"),
        opt_percent(pr.top_share),
        gini_text(pr, "net revenue")
    );
    if let Some(pp) = &v.pareto_profit {
        let _ = writeln!(
            o,
            "  profit:  the top 20% bring {} (of the net profit)",
            opt_percent(pp.top_share)
        );
    }
    if let Some(ps) = &v.pareto_service {
        let _ = writeln!(
            o,
            "  service effort: the top 20% take {}; {}",
            opt_percent(ps.top_share),
            gini_text(ps, "service cost")
        );
    }
    if let Some(w) = &v.whale {
        let _ = writeln!(
            o,
            "  whale curve: the {} most profitable customers ({}) earn {} of total profit ({}); the other {} give back {}",
            crate::terminal::thousands(w.peak_customers as u64),
            pct(w.peak_customers as f64 / w.customers.max(1) as f64),
            opt_percent(w.peak_share),
            w.total.to_display_string(),
            crate::terminal::thousands((w.customers - w.peak_customers) as u64),
            w.given_back.to_display_string()
        );
    }
    let _ = writeln!(o, "\nConcentration (the {BASE})");
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
    let m = &v.matrix;
    let split = |name: &str,
                 at: Option<f64>,
                 good: &Option<Vec<String>>,
                 rule: &clientgrade_core::Split| match good {
        Some(g) => format!("high: {}", g.join(", ")),
        None => at.map_or_else(
            || "no split: no values".into(),
            |x| format!("split at {}{}", shown_value(name, x), split_rule(rule)),
        ),
    };
    let (rx, ry) = axis_splits(p);
    let _ = writeln!(
        o,
        "\nGrading matrix: {} ({}) × {} ({})",
        clientgrade_core::measures::label(&m.x_axis),
        split(&m.x_axis, m.x, &m.good_x, &rx),
        clientgrade_core::measures::label(&m.y_axis),
        split(&m.y_axis, m.y, &m.good_y, &ry)
    );
    if let Some(why) = &m.fallback {
        let _ = writeln!(o, "  {why}");
    }
    let nw = Quadrant::ALL
        .iter()
        .map(|q| m.name(*q).short.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for q in Quadrant::ALL {
        let (c, r, _) = group(p, |g| g.quadrant == Some(q));
        let t = m.name(q);
        let _ = writeln!(
            o,
            "  {:<9} {:<nw$} {:>7} {:>7} of revenue  → {}",
            q.key(),
            shown(&t.short, 40),
            crate::terminal::plural(c, "customer", "customers"),
            crate::terminal::share(r, p.total.revenue),
            t.action
        );
    }
    if !m.judged {
        let _ = writeln!(
            o,
            "  the quadrants are named by where the split falls, not judged: a split at the median only ranks customers against each other (customers.csv quadrant_action follows each customer's tier)"
        );
    }
    if m.unplaced > 0 {
        let _ = writeln!(
            o,
            "  {} who bought in the window not placed (no value on an axis)",
            crate::terminal::plural(m.unplaced as u64, "customer", "customers")
        );
    }
    let _ = writeln!(
        o,
        "\nKey customers (revenue adjusted by {} factors)",
        s.ranking.factors.len() - v.unused_factors.len()
    );
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| p.customers[i].key.rank);
    let w = crate::terminal::id_width(order.iter().take(top).map(|&i| id_of(p, i)));
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
            "  {:>2}. {:<w$} score {:>14}  revenue {:>14}  ({})",
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
                "  {:<20} {:>6} {:<10} revenue {:>16}, profit {:>15}",
                k.name(),
                c,
                if c == 1 { "customer," } else { "customers," },
                r.to_display_string(),
                crate::headline::profit_text(p, pr)
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
        let revenues: Vec<f64> = values.iter().filter_map(|v| v.expected_revenue).collect();
        let revenue: f64 = revenues.iter().sum();
        let profit: Vec<f64> = values.iter().filter_map(|v| v.clv_profit).collect();
        if !values.is_empty() {
            let _ = writeln!(
                o,
                "  expected purchases {}, expected revenue {}, lifetime value in profit {}; {} customers are more likely gone than alive (P(alive) < 50%)",
                num(values.iter().map(|v| v.expected_purchases).sum::<f64>(), 0),
                if revenues.is_empty() {
                    "n/a (no spend model)".to_string()
                } else {
                    Money::from_f64(revenue).map_or_else(|| "n/a".into(), |m| m.to_display_string())
                },
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
                h.end, num(h.weeks, 1), h.scorecard.customers, num(h.scorecard.predicted_total, 0), num(h.scorecard.actual_total, 0), num(h.scorecard.correlation, 3), num(h.scorecard.mae, 3)
            );
        }
        for n in &l.notes {
            let _ = writeln!(o, "  note: {n}");
        }
        if !values.is_empty() {
            let _ = writeln!(o, "  note: {}", steady_rate_text(p));
        }
    }
    let _ = writeln!(o, "\nActions (actions.csv is ready to import into a CRM)");
    for a in Action::ALL {
        let (c, r, _) = group(p, |g| g.action == a);
        if c > 0 {
            let _ = writeln!(
                o,
                "  {:<32} {:>6} {:<10} revenue {:>16}",
                a.name(),
                c,
                if c == 1 { "customer," } else { "customers," },
                r.to_display_string()
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_core::{
        grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, CustomerLifetime, Date,
        Settings,
    };

    #[test]
    fn lifetime_values_say_the_model_assumes_a_steady_rate_and_who_contradicts_it() {
        // audit 3.7: declining clients were predicted 59 purchases and made
        // 20, with nothing on the page saying the model ignores the trend
        let all: Vec<CustomerFacts> = (0..6)
            .map(|i| CustomerFacts {
                id: Some(CustomerId::new(&format!("K{i}"))),
                revenue: Money::from_units(2_000 + 317 * i),
                revenue_previous: Money::from_units(2_400 - 211 * i),
                first_purchase: Date::from_ymd(2023, 2, 3 + i as u32),
                last_purchase: Date::from_ymd(2025, 10, 2 + i as u32),
                ..CustomerFacts::default()
            })
            .collect();
        let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let mut p = grade(all, Coverage::default(), &Settings::default(), w);
        // measured growth intervals: two wholly below zero, one wholly above,
        // the rest spanning zero
        let intervals = [
            (-0.71, -0.22),
            (-0.48, -0.05),
            (0.12, 0.93),
            (-0.30, 0.41),
            (-0.02, 0.10),
            (-0.6, 0.0),
        ];
        for (g, (lo, hi)) in p.customers.iter_mut().zip(intervals) {
            g.characteristics.growth_low = Some(lo);
            g.characteristics.growth_high = Some(hi);
            g.lifetime = Some(CustomerLifetime {
                p_alive: Some(0.93),
                expected_purchases: 10.0 + 10.0 * hi.abs(),
                expected_spend: None,
                expected_revenue: None,
                clv_profit: None,
            });
        }
        let (down, up) = trend_contradicts_steady_rate(&p);
        let id = |i: &usize| p.customers[*i].characteristics.growth_high.unwrap();
        assert_eq!(down.iter().map(id).collect::<Vec<_>>(), [-0.22, -0.05]);
        assert_eq!(up.len(), 1);
        let t = steady_rate_text(&p);
        assert!(
            t.starts_with(
                "the lifetime model (BG/NBD) assumes each customer keeps a steady purchase rate"
            ),
            "{t}"
        );
        assert!(t.contains("2 customers are measurably declining"), "{t}");
        assert!(
            t.contains("their 23 expected purchases are likely too many"),
            "{t}"
        );
        assert!(t.contains("1 customer is measurably growing"), "{t}");
    }
}
