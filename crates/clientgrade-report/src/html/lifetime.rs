//! The lifetime section: the fitted models, CLV and P(alive) by tier, the holdout check and trends the model does not see.

use super::{id, m, short, tier_colour, TEXT_CHARS};
use crate::format::{num, pct, thousands as count};
use crate::markup::Html;
use crate::svg::{bars, colour};
use crate::text::ID_CHARS;
use crate::view::View;
use crate::RunInfo;
use clientgrade_core::{Money, Portfolio, Tier};

/// Customers listed per kind (declining, growing) whose measured trend
/// contradicts the lifetime model's steady rate.
const SHOWN_TREND: usize = 5;

pub(super) fn lifetime_section(o: &mut Html, run: &RunInfo<'_>, p: &Portfolio, view: &View) {
    let Some(l) = &p.lifetime else {
        if let Some(why) = run.lifetime_not_fitted {
            crate::markup::html!(o, "<section id=\"lifetime\"><h2>Lifetime value</h2><p class=\"takeaway\">Lifetime values cannot be computed: {}.</p></section>", short(why, TEXT_CHARS));
        }
        return;
    };
    let Some(v) = &view.lifetime else {
        return;
    };
    crate::markup::html!(
        o,
        "<section id=\"lifetime\"><h2>Lifetime value in profit (next {} weeks)</h2>",
        l.settings.horizon_weeks
    );
    let money_f = |v: f64| Money::from_f64(v).map_or_else(|| "n/a".into(), m);
    crate::markup::html!(o, "<p class=\"takeaway\">{}{} over the next {} weeks (discounted at {} a year); {} of them are more likely gone than still buying.</p>", if v.revenue_known {
            format!("Your customers are expected to bring {} of revenue", money_f(v.expected_revenue))
        } else {
            "Your customers' expected revenue is not known (the spend model was not fitted)".to_string()
        }, if v.in_profit {
            format!(" and {} of profit", money_f(v.clv_profit))
        } else {
            " (profit unknown: no cost of goods)".to_string()
        }, l.settings.horizon_weeks, pct(l.settings.discount_rate), count(v.likely_gone));
    let steady = crate::verdicts::steady_rate_text(p);
    crate::markup::html!(
        o,
        "<p class=\"muted\"><b>Read with care:</b> {}.</p>",
        &format!("{}{}", steady[..1].to_uppercase(), &steady[1..])
    );
    let (down, up) = crate::verdicts::trend_contradicts_steady_rate(p);
    if !down.is_empty() || !up.is_empty() {
        o.raw("<table class=\"compact\"><tr><th>customer</th><th>measured growth (interval)</th><th class=\"n\">expected purchases</th><th class=\"n\">expected revenue</th><th>so the model is likely</th></tr>");
        let shown_rows = down
            .iter()
            .take(SHOWN_TREND)
            .map(|i| (*i, "too high"))
            .chain(up.iter().take(SHOWN_TREND).map(|i| (*i, "too low")));
        for (i, verdict) in shown_rows {
            let g = &p.customers[i];
            let c = &g.characteristics;
            let l = g.lifetime.as_ref();
            crate::markup::html!(o, "<tr><td>{}</td><td class=\"nw\">{} ({} to {})</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{6}</td></tr>", short(id(g), ID_CHARS), c.growth.map_or_else(|| "n/a".into(), clientgrade_core::evidence::percent), c.growth_low.map_or_else(|| "n/a".into(), clientgrade_core::evidence::percent), c.growth_high.map_or_else(|| "n/a".into(), clientgrade_core::evidence::percent), l.map_or_else(|| "n/a".into(), |l| num(l.expected_purchases, 1)), l.and_then(|l| l.expected_revenue)
                    .and_then(Money::from_f64)
                    .map_or_else(|| "n/a".into(), m), verdict);
        }
        o.raw("</table>");
        if down.len() > SHOWN_TREND || up.len() > SHOWN_TREND {
            crate::markup::html!(o, "<p class=\"muted\">The {} with the most expected purchases of each kind are listed; customers.csv has growth_low, growth_high and expected_purchases for every customer.</p>", SHOWN_TREND);
        }
    }
    let money_text =
        |v: f64| Money::from_f64(v).map_or_else(|| "n/a".into(), |x| x.to_display_string());
    let mut rows: Vec<(String, f64, &str, String)> = Tier::ALL
        .iter()
        .zip(v.value_by_tier)
        .map(|(t, x)| (t.to_string(), x, tier_colour(Some(*t)), money_text(x)))
        .collect();
    if v.value_lapsed_and_lost != 0.0 {
        rows.push((
            "lapsed or lost".to_string(),
            v.value_lapsed_and_lost,
            colour::GREY,
            money_text(v.value_lapsed_and_lost),
        ));
    }
    let alive: Vec<(String, f64, &str, String)> = v
        .p_alive_bands
        .iter()
        .map(|b| {
            (
                b.label.to_string(),
                b.customers as f64,
                if b.from < crate::view::LIKELY_GONE {
                    colour::LOSER
                } else {
                    colour::IDEAL
                },
                format!("{} customers", b.customers),
            )
        })
        .collect();
    let in_profit = v.in_profit;
    o.push(&bars(
        "clv-tier",
        if in_profit {
            "Lifetime value in profit by tier"
        } else {
            "Expected revenue by tier"
        },
        if in_profit {
            "Per tier, the discounted expected profit over the horizon: expected revenue times the gross margin rate, minus the cost to serve per order for each expected order. Money losers are expected to keep losing money."
        } else {
            "Per tier, the discounted expected revenue over the horizon (no cost of goods: profit unknown)."
        },
        &rows,
    ));
    o.push(&bars(
        "p-alive",
        "Probability of still being a customer",
        "Customers by their probability of still buying (BG/NBD).",
        &alive,
    ));
    let params = |f: &clientgrade_core::ModelFit| {
        f.params
            .iter()
            .map(|(n, v, _)| format!("{n} {}", num(*v, 3)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    crate::markup::html!(
        o,
        "<p class=\"muted\">BG/NBD on {} customers: {}{}.",
        l.bgnbd.customers,
        params(&l.bgnbd),
        if l.bgnbd.converged {
            ""
        } else {
            " (not converged)"
        }
    );
    if let Some(g) = &l.gamma_gamma {
        crate::markup::html!(
            o,
            " Gamma–Gamma on {} repeat buyers: {}.",
            g.customers,
            params(g)
        );
    }
    o.raw("</p>");
    if let Some(h) = &l.holdout {
        crate::markup::html!(o, "<p>Check on the {} weeks after the as-of date (to {}): predicted {} purchase days, actual {}; correlation per customer {}, mean absolute error {}.</p>\
             <table><tr><th>repeat purchases before as-of</th><th class=\"n\">customers</th><th class=\"n\">mean predicted</th><th class=\"n\">mean actual</th></tr>", num(h.weeks, 1), h.end, num(h.scorecard.predicted_total, 0), num(h.scorecard.actual_total, 0), num(h.scorecard.correlation, 3), num(h.scorecard.mae, 3));
        for (k, n, p, a) in &h.scorecard.by_frequency {
            crate::markup::html!(o, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", k, count(*n as u64), num(*p, 2), num(*a, 2));
        }
        o.raw("</table>");
    }
    o.raw("</section>");
}
