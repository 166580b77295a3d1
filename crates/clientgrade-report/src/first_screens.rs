//! The report's first two screens: the headline, who loses you money, and who is slipping away.

use std::fmt::Write;

use clientgrade_core::{GradedCustomer, Money, Portfolio, Status};

use crate::attention::{chance, key_at_risk, losers, loss_driver, win_back};
use crate::html::short;
use crate::svg::esc;
use crate::terminal::{pct, thousands as count};
use crate::text::{ID_CHARS, NAME_CHARS};
use crate::RunInfo;

/// Rows of a first-screen table before the rest folds away.
pub const SHOWN_ROWS: usize = 12;

fn m(v: Money) -> String {
    esc(&v.to_display_string())
}

fn who(g: &GradedCustomer) -> String {
    format!(
        "<b>{}</b> {}",
        short(g.facts.id.as_ref().map_or("", |i| i.expose()), ID_CHARS),
        short(g.facts.name.as_deref().unwrap_or(""), NAME_CHARS)
    )
}

/// The headline: period, takeaway, key figures and customers by status.
pub fn summary_section(o: &mut String, run: &RunInfo<'_>, p: &Portfolio) {
    let w = &p.window;
    let _ = write!(
        o,
        "<section id=\"summary\"><h1>Who are your real customers?</h1>\
         <p class=\"muted\">{} months from {} to {} (as-of: {}). Money is profit after the cost of goods, service and returns unless it says revenue.</p>",
        w.months,
        w.first_day(),
        w.as_of,
        match run.as_of_source {
            clientgrade_data::AsOfSource::Given => "given",
            clientgrade_data::AsOfSource::LatestTransaction => "the latest transaction date",
        }
    );
    if let Some(t) = crate::terminal::takeaway(p) {
        let _ = write!(o, "<p class=\"takeaway\">{}</p>", esc(&t));
    } else if let Some(why) = p.undecidable {
        let _ = write!(
            o,
            "<p class=\"takeaway\">Tiers cannot be decided: {}.</p>",
            esc(why)
        );
    }
    let _ = write!(
        o,
        "<div class=\"kpis\"><div class=\"kpi\">customers<b data-summary=\"customers\">{}</b></div>\
         <div class=\"kpi\">revenue<b data-summary=\"revenue\">{}</b></div>\
         <div class=\"kpi\">profit<b data-summary=\"profit\">{}</b></div>\
         <div class=\"kpi\">cost to serve<b data-summary=\"cost_to_serve\">{}</b></div></div>",
        count(p.total.customers),
        m(p.total.revenue),
        m(p.total.profit),
        m(p.total.cost_to_serve)
    );
    o.push_str("<div class=\"statuses\">");
    for s in Status::ALL {
        let t = p.status(s);
        let what = match s {
            Status::New => "became customers in the window".to_string(),
            Status::Active => "bought in the window".to_string(),
            Status::Lapsed => format!(
                "bought only in the previous window; {} worth winning back",
                count(t.win_back)
            ),
            Status::Lost => "nothing in two windows: let go".to_string(),
        };
        let _ = write!(
            o,
            "<div class=\"status {}\"><b data-summary=\"status-{}\">{}</b> {}<br><span class=\"muted\">{}</span></div>",
            s.name(),
            s.name(),
            count(t.customers),
            s.name(),
            esc(&what)
        );
    }
    o.push_str("</div></section>");
}

/// Every money loser worth naming, largest loss first; the rest summed up.
pub fn losers_section(o: &mut String, p: &Portfolio) {
    if p.undecidable.is_some() {
        return;
    }
    let l = losers(p);
    let _ = write!(o, "<section id=\"losers\"><h2>Who loses you money</h2>");
    if l.all.0 == 0 {
        o.push_str(
            "<p class=\"takeaway\">No customer loses money after the cost to serve.</p></section>",
        );
        return;
    }
    let named_loss: Money = l.all.1 - l.rest.1;
    let _ = write!(
        o,
        "<p class=\"takeaway\">{} customers (Tier 4) lose you <span class=\"loss\">{}</span> after the cost to serve. \
         The {} below lose {} of it ({}), largest loss first.</p>",
        count(l.all.0),
        m(l.all.1),
        count(l.named.len() as u64),
        m(named_loss),
        if l.all.1.raw() > 0 {
            pct(named_loss.to_f64() / l.all.1.to_f64())
        } else {
            "n/a".into()
        }
    );
    let head = "<table class=\"compact\"><tr><th>customer</th><th class=\"n\">loss</th><th class=\"n\">revenue</th><th class=\"n\">margin</th><th>where it goes</th><th>flags</th></tr>";
    let row = |o: &mut String, i: usize| {
        let g = &p.customers[i];
        let c = &g.characteristics;
        let flags: Vec<&str> = g.flags.iter().map(|f| f.kind.name()).collect();
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"n loss\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            who(g),
            m(-c.profit.unwrap_or(Money::ZERO)),
            m(c.revenue),
            c.profit_margin.map_or_else(|| "n/a".into(), pct),
            esc(&loss_driver(g)),
            esc(&flags.join(", "))
        );
    };
    o.push_str(head);
    for &i in l.named.iter().take(SHOWN_ROWS) {
        row(o, i);
    }
    o.push_str("</table>");
    if l.named.len() > SHOWN_ROWS {
        let _ = write!(
            o,
            "<details><summary>The next {} named money losers</summary>{head}",
            l.named.len() - SHOWN_ROWS
        );
        for &i in &l.named[SHOWN_ROWS..] {
            row(o, i);
        }
        o.push_str("</table></details>");
    }
    if l.rest.0 > 0 {
        let _ = write!(
            o,
            "<p>… and {} more customers lose {} in all, each less than {}: <code>customers.csv</code> lists every one (<code>tier</code> = 4, with the evidence in <code>tier_reason</code>).</p>",
            count(l.rest.0),
            m(l.rest.1),
            m(l.smallest_named)
        );
    }
    o.push_str("<p class=\"muted\">What to do: reprice, change terms or the way they are served; where that fails, phase them out (<code>actions.csv</code>).</p></section>");
}

/// Key customers slipping away and lapsed customers worth winning back.
pub fn slipping_section(o: &mut String, p: &Portfolio) {
    let risk = key_at_risk(p);
    let back = win_back(p);
    let lapsed = p.status(Status::Lapsed);
    let lost = p.status(Status::Lost);
    let _ = write!(o, "<section id=\"slipping\"><h2>Who is slipping away</h2>");
    let _ = write!(
        o,
        "<p class=\"takeaway\">{} key customers are going quiet; {} customers lapsed (nothing bought in the window), {} of them worth winning back: they made {} profit in the previous window. {} more are lost.</p>",
        count(risk.len() as u64),
        count(lapsed.customers),
        count(lapsed.win_back),
        m(lapsed.win_back_profit_previous),
        count(lost.customers)
    );
    o.push_str("<div class=\"two\"><div>");
    let _ = write!(
        o,
        "<h3>Key customers at risk</h3><p class=\"muted\">Top 10% by rank that bought in the window but are overdue by their own buying rhythm or missed their season (with P(alive) agreeing where it is estimated), or, with too few purchases to know their rhythm, more likely gone than alive (P(alive) &lt; 50%).</p>"
    );
    if risk.is_empty() {
        o.push_str("<p>None.</p>");
    } else {
        o.push_str("<table class=\"compact\"><tr><th>customer</th><th class=\"n\">revenue</th><th>last purchase</th><th class=\"n\">P(alive)</th></tr>");
        for &i in risk.iter().take(SHOWN_ROWS) {
            let g = &p.customers[i];
            let c = &g.characteristics;
            let _ = write!(
                o,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                who(g),
                m(c.revenue),
                c.last_purchase
                    .map_or_else(|| "n/a".into(), |d| d.to_string()),
                g.lifetime
                    .and_then(|l| l.p_alive)
                    .map_or_else(|| "n/a".into(), chance)
            );
        }
        o.push_str("</table>");
        if risk.len() > SHOWN_ROWS {
            let _ = write!(
                o,
                "<p class=\"muted\">… and {} more in <code>actions.csv</code> (action = win back).</p>",
                risk.len() - SHOWN_ROWS
            );
        }
    }
    o.push_str("</div><div>");
    let _ = write!(
        o,
        "<h3>Lapsed, worth winning back</h3><p class=\"muted\">Bought only in the previous window, and profitably; most profit there first.</p>"
    );
    if back.is_empty() {
        o.push_str("<p>None.</p>");
    } else {
        o.push_str("<table class=\"compact\"><tr><th>customer</th><th class=\"n\">profit before</th><th>last purchase</th><th class=\"n\">P(alive)</th></tr>");
        for &i in back.iter().take(SHOWN_ROWS) {
            let g = &p.customers[i];
            let c = &g.characteristics;
            let _ = write!(
                o,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                who(g),
                c.profit_previous
                    .map_or_else(|| format!("revenue {}", m(c.revenue_previous)), m),
                c.last_purchase
                    .map_or_else(|| "n/a".into(), |d| d.to_string()),
                g.lifetime
                    .and_then(|l| l.p_alive)
                    .map_or_else(|| "n/a".into(), chance)
            );
        }
        o.push_str("</table>");
        if back.len() > SHOWN_ROWS {
            let _ = write!(
                o,
                "<p class=\"muted\">… and {} more in <code>actions.csv</code> (action = win back, status = lapsed).</p>",
                back.len() - SHOWN_ROWS
            );
        }
    }
    o.push_str("</div></div></section>");
}
