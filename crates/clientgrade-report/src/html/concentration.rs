//! The concentration section: top-N shares, HHI and the account managers' portfolios.

use super::{id, more, short, tier_colour, LIST_ITEMS};
use crate::format::{num, pct};
use crate::markup::Html;
use crate::svg::{bars, colour};
use crate::text::{ID_CHARS, NAME_CHARS};
use clientgrade_core::Portfolio;

pub(super) fn concentration_section(o: &mut Html, p: &Portfolio) {
    let v = &p.verdicts;
    let s = &p.settings.concentration;
    crate::markup::html!(
        o,
        "<section id=\"concentration\"><h2>Concentration risk</h2>"
    );
    crate::markup::html!(o, "<p class=\"takeaway\">Your largest customer brings {} of revenue, the largest ten {}; HHI {} ({}).</p><p class=\"muted\">Shares of the revenue of the customers who bought in the window.</p>", v.revenue_top.top1.map_or_else(|| "n/a".into(), pct), v.revenue_top.top10.map_or_else(|| "n/a".into(), pct), v.hhi.map_or_else(|| "n/a".into(), |h| num(h, 0)), v.hhi.map_or("n/a", clientgrade_core::concentration::hhi_band));
    for &i in v.alerts.iter().take(LIST_ITEMS) {
        let g = &p.customers[i];
        crate::markup::html!(
            o,
            "<p><b>Alert:</b> customer {} {} has {} of revenue (alert at ≥ {}).</p>",
            short(id(g), ID_CHARS),
            short(g.facts.name.as_deref().unwrap_or(""), NAME_CHARS),
            pct(g.characteristics.revenue_share),
            pct(s.customer_alert)
        );
    }
    more(o, v.alerts.len(), "p");
    let rows: Vec<(String, f64, &str, String)> = p
        .customers
        .iter()
        .take(10)
        .map(|g| {
            (
                format!("{} {}", id(g), g.facts.name.as_deref().unwrap_or(""))
                    .chars()
                    .take(28)
                    .collect(),
                g.characteristics.revenue_share,
                tier_colour(g.tier.tier),
                pct(g.characteristics.revenue_share),
            )
        })
        .collect();
    o.push(&bars(
        "top10",
        "The ten largest customers' share of revenue",
        "Share of revenue of each of the ten largest customers, coloured by tier.",
        &rows,
    ));
    if !v.managers.is_empty() {
        let rows: Vec<(String, f64, &str, String)> = v
            .managers
            .iter()
            .take(12)
            .map(|x| {
                (
                    x.manager.clone(),
                    x.revenue_share.unwrap_or(0.0),
                    if x.alert { colour::LOSER } else { colour::GOOD },
                    format!(
                        "{}{}",
                        x.revenue_share.map_or_else(|| "n/a".into(), pct),
                        if x.alert { " ⚠" } else { "" }
                    ),
                )
            })
            .collect();
        o.push(&bars(
            "managers",
            "Revenue per account manager",
            "Share of revenue that leaves with each account manager; alerts in orange.",
            &rows,
        ));
        let alerted: Vec<_> = v.managers.iter().filter(|x| x.alert).collect();
        for x in alerted.iter().take(LIST_ITEMS) {
            crate::markup::html!(o, "<p><b>Alert:</b> {} holds {} of revenue and {} of profit ({} customers, {} of them class A).</p>", short(&x.manager, NAME_CHARS), x.revenue_share.map_or_else(|| "n/a".into(), pct), x.profit_share.map_or_else(|| "n/a".into(), pct), x.customers, x.class_a_customers);
        }
        more(o, alerted.len(), "p");
    }
    o.raw("</section>");
}
