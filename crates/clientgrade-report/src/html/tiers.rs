//! The tiers section: customers, revenue and profit per tier reconciled with the headline, and the profit bars.

use super::{m, plain, swatch, tier_colour};
use crate::format::{num, pct, share, thousands as count};
use crate::markup::Html;
use crate::svg::bars;
use clientgrade_core::{Portfolio, Tier};

pub(super) fn tiers_section(o: &mut Html, p: &Portfolio) {
    if p.undecidable.is_some() {
        return;
    }
    crate::markup::html!(
        o,
        "<section id=\"tiers\"><h2>Tiers: profit after the cost to serve</h2>"
    );
    let h = crate::headline::headline(p);
    let (lines, undecided) = crate::headline::by_tier(p);
    let t4 = &lines[3];
    crate::markup::html!(o, "<p class=\"takeaway\">Tier 1 customers earn {} of the profit of the customers who bought in the window; {}.</p>", share(lines[0].profit, h.buyers.profit), if t4.customers == 0 {
            "no customer is in Tier 4 (loses money)".to_string()
        } else {
            format!(
                "{} in Tier 4 cost you {}",
                crate::format::plural(t4.customers, "customer", "customers"),
                m(-t4.profit)
            )
        });
    let r = &p.settings.tiers;
    crate::markup::html!(o, "<p class=\"muted\">Only the {} customers who bought in the window get a tier. \
         Tier 4 loses money; Tier 3 keeps less than {} of revenue as profit; \
         Tier 1 keeps at least {}, has at least {} orders and a profit no smaller than most profitable customers', \
         and is new, or grows by at least {} beyond the noise of its own orders \
         (the whole {}% interval of its growth), or, while its growth cannot be told from noise, is highly \
         profitable for this business (a margin well above the portfolio's, or among the top profits); \
         Tier 2 is every other profitable customer. Each customer's reason is in <code>customers.csv</code> (<code>tier_reason</code>).</p>", count(p.buyers()), pct(r.tier2_min_margin), pct(r.tier1_min_margin), r.tier1_min_orders, pct(r.tier1_min_growth), num(r.growth_confidence * 100.0, 0));
    if let Some(mg) = p
        .settings
        .costs
        .assumed_gross_margin
        .filter(|_| !p.coverage.cost_of_goods)
    {
        crate::markup::html!(o, "<p class=\"takeaway\">These tiers rest on an ASSUMED gross margin of {} for every customer \
             (<code>costs.assumed-gross-margin</code>; no cost column): margins differ only by discounts and \
             service, so Tier 1 is decided by profit size and growth, not by margin.</p>", pct(mg));
    }
    o.raw("<table><tr><th>tier</th><th class=\"n\">customers</th><th class=\"n\">revenue</th><th class=\"n\">share</th><th class=\"n\">− cost of goods</th><th class=\"n\">− service, returns</th><th class=\"n\">= profit</th><th>what to do</th></tr>");
    let row = |o: &mut Html,
               label: Html,
               key: Option<u8>,
               x: &crate::headline::MoneyLine,
               what: &str,
               bold: bool| {
        let (b0, b1) = if bold { ("<b>", "</b>") } else { ("", "") };
        crate::markup::html!(o, "<tr><td class=\"nw\">{}</td><td class=\"n\"", label);
        if let Some(k) = key {
            crate::markup::html!(o, " data-summary=\"tier{}-customers\"", k);
        }
        o.raw(">");
        o.raw(b0);
        crate::markup::html!(o, "{}", count(x.customers));
        o.raw(b1);
        crate::markup::html!(o, "</td><td class=\"n\">");
        o.raw(b0);
        crate::markup::html!(o, "{}", m(x.revenue));
        o.raw(b1);
        crate::markup::html!(o, "</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">", if std::ptr::eq(x, &h.others) || std::ptr::eq(x, &h.all) {
                String::new()
            } else {
                share(x.revenue, h.buyers.revenue)
            }, crate::headline::profit_text(p, x.cost_of_goods), m(x.service + x.return_handling));
        o.raw(b0);
        crate::markup::html!(o, "{}", crate::headline::profit_text(p, x.profit));
        o.raw(b1);
        crate::markup::html!(o, "</td><td>{}</td></tr>", what);
    };
    for (t, x) in Tier::ALL.iter().zip(&lines) {
        row(o, swatch(*t), Some(t.number()), x, t.action(), false);
    }
    if undecided.customers > 0 {
        row(o, plain("undecided"), None, &undecided, "", false);
    }
    row(o, plain("bought in the window"), None, &h.buyers, "", true);
    let others_matter = h.others.revenue.raw() != 0 || h.others.profit.raw() != 0;
    if others_matter {
        row(
            o,
            plain("lapsed and lost"),
            None,
            &h.others,
            "credits, returns or service dated in the window",
            false,
        );
        row(
            o,
            plain("every customer"),
            None,
            &h.all,
            "the headline above",
            true,
        );
    }
    o.raw("</table>");
    o.raw("<p class=\"muted\">Profit = revenue − cost of goods − service and returns; shares are of the customers who bought in the window.");
    if p.coverage.discounts {
        crate::markup::html!(
            o,
            " Revenue is already net of the {} of discounts given; <code>cost_to_serve</code> in customers.csv counts them with service and returns ({} in all), profit does not subtract them again.",
            m(h.all.discounts),
            m(h.all.cost_to_serve())
        );
    }
    o.raw("</p>");
    let rows: Vec<(String, f64, &str, String)> = Tier::ALL
        .iter()
        .zip(&lines)
        .map(|(t, x)| {
            (
                t.to_string(),
                x.profit.to_f64(),
                tier_colour(Some(*t)),
                x.profit.to_display_string(),
            )
        })
        .collect();
    o.push(&bars(
        "tier-profit",
        "Profit by tier",
        "Profit of each tier after cost of goods, service and returns; Tier 4 is negative.",
        &rows,
    ));
    o.raw("</section>");
}
