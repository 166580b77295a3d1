//! The verdict sections of the terminal summary.

use std::fmt::Write;

use super::steady_rate::steady_rate_text;
use super::{axis_splits, gini_text, group, id_of, shown_value, split_rule, BASE};
use crate::format::{more_line, num, pct, LIST_ITEMS};
use crate::text::{shown, ID_CHARS, NAME_CHARS};
use clientgrade_core::concentration::hhi_band;
use clientgrade_core::flags::FlagKind;
use clientgrade_core::matrix::Quadrant;
use clientgrade_core::rfm::Segment;
use clientgrade_core::{Action, Money, Portfolio};

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
        crate::format::thousands(pr.customers as u64)
    );
    let _ = writeln!(
        o,
        "  revenue: the top 20% ({}) bring {}; {}",
        crate::format::plural(pr.top_customers as u64, "customer", "customers"),
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
            crate::format::thousands(w.peak_customers as u64),
            pct(w.peak_customers as f64 / w.customers.max(1) as f64),
            opt_percent(w.peak_share),
            w.total.to_display_string(),
            crate::format::thousands((w.customers - w.peak_customers) as u64),
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
            crate::format::plural(c, "customer", "customers"),
            crate::format::share(r, p.total.revenue),
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
            crate::format::plural(m.unplaced as u64, "customer", "customers")
        );
    }
    let _ = writeln!(
        o,
        "\nKey customers (revenue adjusted by {} factors)",
        s.ranking.factors.len() - v.unused_factors.len()
    );
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| p.customers[i].key.rank);
    let w = crate::format::id_width(order.iter().take(top).map(|&i| id_of(p, i)));
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
