//! The Pareto section: what the top 20% bring, the Lorenz and whale curves and the Gini coefficients.

use super::m;
use crate::format::{pct, thousands as count};
use crate::markup::Html;
use crate::svg::{colour, curves, Series};
use clientgrade_core::Portfolio;

pub(super) fn pareto_section(o: &mut Html, p: &Portfolio) {
    let v = &p.verdicts;
    crate::markup::html!(
        o,
        "<section id=\"pareto\"><h2>Pareto: who brings the revenue, the profit and the work</h2>"
    );
    crate::markup::html!(o, "<p class=\"takeaway\">The top 20% of the {} customers who bought in the window ({}) bring {} of their revenue{}{}.</p>", count(v.pareto_revenue.customers as u64), count(v.pareto_revenue.top_customers as u64), v.pareto_revenue.top_share.map_or_else(|| "n/a".into(), pct), v.pareto_profit
            .as_ref()
            .and_then(|x| x.top_share)
            .map_or_else(String::new, |s| format!(" and {} of profit", pct(s))), v.pareto_service
            .as_ref()
            .and_then(|x| x.top_share)
            .map_or_else(String::new, |s| format!(
                "; the top 20% by effort take {} of service effort",
                pct(s)
            )));
    let mut series = vec![Series {
        name: "revenue",
        colour: colour::GOOD,
        points: &v.pareto_revenue.lorenz,
    }];
    if let Some(s) = &v.pareto_service {
        series.push(Series {
            name: "service effort",
            colour: colour::PURPLE,
            points: &s.lorenz,
        });
    }
    o.push(&curves(
        "lorenz",
        "Lorenz curves",
        "Cumulative share of the total against the cumulative share of customers, smallest first; the dashed diagonal is perfect equality.",
        "customers, smallest first",
        "share of the total",
        &series,
        true,
    ));
    crate::markup::html!(o, "<p class=\"muted\">Revenue: {}{}. Customers who bought nothing in the window (lapsed, lost) are not counted.</p>", &crate::verdicts::gini_text(&v.pareto_revenue, "net revenue"), v.pareto_service.as_ref().map_or_else(String::new, |s| format!(
            "; service effort: {}",
            &crate::verdicts::gini_text(s, "service cost")
        )));
    if let Some(wc) = &v.whale {
        if !wc.points.is_empty() {
            o.push(&curves(
                "whale",
                "Whale curve of profit",
                "Cumulative profit as a share of total profit, customers from most to least profitable; above 100% the rest give profit back.",
                "customers, most profitable first",
                "share of total profit",
                &[Series { name: "cumulative profit", colour: colour::IDEAL, points: &wc.points }],
                false,
            ));
            let n = wc.customers;
            crate::markup::html!(o, "<p class=\"muted\">Of the {} customers who bought in the window, the {} most profitable ({}) earn {} of their total profit ({}); the other {} give back {}.</p>", count(n as u64), count(wc.peak_customers as u64), pct(wc.peak_customers as f64 / n.max(1) as f64), wc.peak_share.map_or_else(|| "n/a".into(), pct), m(wc.total), count((n - wc.peak_customers) as u64), m(wc.given_back));
        }
    }
    o.raw("</section>");
}
