//! The report's first two screens: the headline, who loses you money, and who is slipping away.

use clientgrade_core::{GradedCustomer, Money, Portfolio, Status};

use crate::attention::{chance, loss_driver};
use crate::format::{pct, thousands as count};
use crate::headline::headline;
use crate::html_parts::{short, LIST_ITEMS, TEXT_CHARS};
use crate::markup::Html;
use crate::text::{ID_CHARS, NAME_CHARS};
use crate::RunInfo;

/// Rows of a first-screen table before the rest folds away.
pub const SHOWN_ROWS: usize = 12;

fn m(v: Money) -> String {
    v.to_display_string()
}

fn who(g: &GradedCustomer) -> Html {
    let mut o = Html::new();
    crate::markup::html!(
        o,
        "<b>{}</b> {}",
        short(g.facts.id.as_ref().map_or("", |i| i.expose()), ID_CHARS),
        short(g.facts.name.as_deref().unwrap_or(""), NAME_CHARS)
    );
    o
}

/// The warnings that come before any figure: decisions not taken (the
/// figures are biased) and a material share of rejected rows (incomplete).
fn caveats_box(o: &mut Html, run: &RunInfo<'_>) {
    let c = crate::caveats::caveats(run.tables);
    if c.is_empty() {
        return;
    }
    o.raw("<div class=\"caveat\" id=\"caveats\">");
    if c.biased() {
        crate::markup::html!(o, "<p><b>{}.</b></p><ul>", &c.biased_headline());
        for (t, w) in c.decisions.iter().take(LIST_ITEMS) {
            crate::markup::html!(
                o,
                "<li>{}: {} <br><span class=\"muted\">fix: {}</span></li>",
                t.table.name(),
                short(&w.message, TEXT_CHARS),
                short(&w.fix, TEXT_CHARS)
            );
        }
        if c.decisions.len() > LIST_ITEMS {
            crate::markup::html!(
                o,
                "<li class=\"muted\">… and {} more (summary.json lists them all)</li>",
                c.decisions.len() - LIST_ITEMS
            );
        }
        o.raw("</ul>");
    }
    if !c.incomplete.is_empty() {
        o.raw("<p><b>The figures are incomplete.</b></p><ul>");
        for m in &c.incomplete {
            crate::markup::html!(o, "<li>{}</li>", short(m, TEXT_CHARS));
        }
        o.raw("</ul>");
    }
    o.raw("</div>");
}

/// Money for a tile: the amount, or `unknown`.
fn known_money(v: Option<Money>) -> String {
    v.map_or_else(|| "unknown".into(), m)
}

/// One tile of the headline: a label, the figure and a note.
fn tile(o: &mut Html, label: &str, key: &str, figure: &str, note: &str) {
    crate::markup::html!(
        o,
        "<div class=\"kpi\">{}<b data-summary=\"{}\">{}</b>",
        label,
        key,
        figure
    );
    if !note.is_empty() {
        crate::markup::html!(o, "<span class=\"muted\">{}</span>", note);
    }
    o.raw("</div>");
}

/// The headline: period, caveats, takeaway, the money reconciled and
/// customers by status.
pub fn summary_section(o: &mut Html, run: &RunInfo<'_>, p: &Portfolio, view: &crate::view::View) {
    let w = &p.window;
    let h = headline(p);
    crate::markup::html!(o, "<section id=\"summary\"><h1>Who are your real customers?</h1>\
         <p class=\"muted\">{} months from {} to {} (as-of: {}). Money is profit after the cost of goods, service and returns unless it says revenue.</p>", w.months, w.first_day(), w.as_of, match run.as_of_source {
            clientgrade_data::AsOfSource::Given => "given",
            clientgrade_data::AsOfSource::LatestTransaction => "the latest transaction date",
        });
    caveats_box(o, run);
    if let Some(t) = crate::takeaway::takeaway(p, view) {
        crate::markup::html!(o, "<p class=\"takeaway\">{}</p>", t);
    }
    let known = h.profit_known;
    let assumed = !p.coverage.cost_of_goods && known;
    o.raw("<div class=\"kpis\">");
    tile(
        o,
        "customers",
        "customers",
        &count(p.total.customers),
        &format!("{} bought in the window", count(p.buyers())),
    );
    tile(
        o,
        "revenue",
        "revenue",
        &m(h.all.revenue),
        &if p.coverage.discounts {
            format!("net of {} discounts", h.all.discounts.to_display_string())
        } else {
            "net of returns".to_string()
        },
    );
    tile(
        o,
        "− cost of goods",
        "cost_of_goods",
        &known_money(known.then_some(h.all.cost_of_goods)),
        if !known {
            "no cost column"
        } else if assumed {
            "assumed margin"
        } else {
            ""
        },
    );
    tile(
        o,
        "− service and returns",
        "service_and_returns",
        &m(h.all.service + h.all.return_handling),
        if !p.coverage.service {
            "no service table"
        } else {
            ""
        },
    );
    tile(
        o,
        "= profit",
        "profit",
        &known_money(known.then_some(h.all.profit)),
        if known { "" } else { "needs cost of goods" },
    );
    o.raw("</div>");
    let mut notes = vec![format!("{}.", crate::headline::reconciliation(&h, &h.all))];
    notes.extend(
        crate::headline::reconciliation_notes(p, &h)
            .into_iter()
            .chain(crate::headline::unknown_costs(p))
            .map(|n| format!("{}{}.", n[..1].to_uppercase(), &n[1..])),
    );
    o.raw("<ul class=\"muted reconcile\">");
    for n in &notes {
        crate::markup::html!(o, "<li>{}</li>", n);
    }
    o.raw("</ul>");
    o.raw("<div class=\"statuses\">");
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
        crate::markup::html!(o, "<div class=\"status {}\"><b data-summary=\"status-{}\">{}</b> {}<br><span class=\"muted\">{}</span></div>", s.name(), s.name(), count(t.customers), s.name(), what);
    }
    o.raw("</div></section>");
}

/// Every money loser worth naming, largest loss first; the rest summed up.
pub fn losers_section(o: &mut Html, p: &Portfolio, view: &crate::view::View) {
    if p.undecidable.is_some() {
        return;
    }
    let l = &view.losers;
    crate::markup::html!(o, "<section id=\"losers\"><h2>Who loses you money</h2>");
    if l.all.0 == 0 {
        o.raw(
            "<p class=\"takeaway\">No customer loses money after the cost to serve.</p></section>",
        );
        return;
    }
    let named_loss: Money = l.all.1 - l.rest.1;
    crate::markup::html!(o, "<p class=\"takeaway\">{} (Tier 4) lose you <span class=\"loss\">{}</span> after the cost to serve. \
         The {} below lose {} of it ({}), largest loss first.</p>", crate::format::plural(l.all.0, "customer", "customers"), m(l.all.1), count(l.named.len() as u64), m(named_loss), if l.all.1.raw() > 0 {
            pct(named_loss.to_f64() / l.all.1.to_f64())
        } else {
            "n/a".into()
        });
    let head = "<table class=\"compact\"><tr><th>customer</th><th class=\"n\">loss</th><th class=\"n\">revenue</th><th class=\"n\">margin</th><th>where it goes</th><th>flags</th></tr>";
    let row = |o: &mut Html, i: usize| {
        let g = &p.customers[i];
        let c = &g.characteristics;
        let flags: Vec<&str> = g.flags.iter().map(|f| f.kind.name()).collect();
        crate::markup::html!(o, "<tr><td>{}</td><td class=\"n loss\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>", who(g), m(-c.profit.unwrap_or(Money::ZERO)), m(c.revenue), c.profit_margin.map_or_else(|| "n/a".into(), pct), &loss_driver(g), &flags.join(", "));
    };
    o.raw(head);
    for &i in l.named.iter().take(SHOWN_ROWS) {
        row(o, i);
    }
    o.raw("</table>");
    if l.named.len() > SHOWN_ROWS {
        crate::markup::html!(
            o,
            "<details><summary>The next {} named money losers</summary>",
            l.named.len() - SHOWN_ROWS
        );
        o.raw(head);
        for &i in &l.named[SHOWN_ROWS..] {
            row(o, i);
        }
        o.raw("</table></details>");
    }
    if l.rest.0 > 0 {
        crate::markup::html!(o, "<p>… and {} more customers lose {} in all, each less than {}: <code>customers.csv</code> lists every one (<code>tier</code> = 4, with the evidence in <code>tier_reason</code>).</p>", count(l.rest.0), m(l.rest.1), m(l.smallest_named));
    }
    o.raw("<p class=\"muted\">What to do: reprice, change terms or the way they are served; where that fails, phase them out (<code>actions.csv</code>).</p></section>");
}

/// Key customers slipping away and lapsed customers worth winning back.
pub fn slipping_section(o: &mut Html, p: &Portfolio, view: &crate::view::View) {
    let risk = &view.key_at_risk;
    let back = &view.win_back;
    let lapsed = p.status(Status::Lapsed);
    let lost = p.status(Status::Lost);
    let known = crate::headline::profit_known(p);
    crate::markup::html!(o, "<section id=\"slipping\"><h2>Who is slipping away</h2>");
    let worth = if known {
        format!(
            "they made {} profit in the previous window",
            m(lapsed.win_back_profit_previous)
        )
    } else {
        let revenue = view.win_back_revenue_previous;
        format!(
            "they bought {} in the previous window (their profit is not known: no costs given)",
            m(revenue)
        )
    };
    crate::markup::html!(o, "<p class=\"takeaway\">{} {} going quiet; {} {} lapsed (nothing bought in the window), {} of them worth winning back: {7}. {} more {} lost.</p>", count(risk.len() as u64), if risk.len() == 1 { "key customer is" } else { "key customers are" }, count(lapsed.customers), if lapsed.customers == 1 { "customer" } else { "customers" }, count(lapsed.win_back), count(lost.customers), if lost.customers == 1 { "is" } else { "are" }, worth);
    o.raw("<div class=\"two\"><div>");
    crate::markup::html!(o, "<h3>Key customers at risk</h3><p class=\"muted\">Top 10% by rank that bought in the window but are overdue by their own buying rhythm or missed their season (with P(alive) agreeing where it is estimated), or, with too few purchases to know their rhythm, more likely gone than alive (P(alive) &lt; 50%).</p>");
    if risk.is_empty() {
        o.raw("<p>None.</p>");
    } else {
        o.raw("<table class=\"compact\"><tr><th>customer</th><th class=\"n\">revenue</th><th>last purchase</th><th class=\"n\">P(alive)</th></tr>");
        for &i in risk.iter().take(SHOWN_ROWS) {
            let g = &p.customers[i];
            let c = &g.characteristics;
            crate::markup::html!(o, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"d\">{}</td><td class=\"n\">{}</td></tr>", who(g), m(c.revenue), c.last_purchase
                    .map_or_else(|| "n/a".into(), |d| d.to_string()), g.lifetime
                    .and_then(|l| l.p_alive)
                    .map_or_else(|| "n/a".into(), chance));
        }
        o.raw("</table>");
        if risk.len() > SHOWN_ROWS {
            crate::markup::html!(o, "<p class=\"muted\">… and {} more in <code>actions.csv</code> (action = win back).</p>", risk.len() - SHOWN_ROWS);
        }
    }
    o.raw("</div><div>");
    if known {
        o.raw("<h3>Lapsed, worth winning back</h3><p class=\"muted\">Bought only in the previous window, and profitably; most profit there first.</p>");
    } else {
        o.raw("<h3>Lapsed, worth winning back</h3><p class=\"muted\">Bought only in the previous window; their profit is not known (no costs given), so every one with revenue there is listed, most revenue first.</p>");
    }
    if back.is_empty() {
        o.raw("<p>None.</p>");
    } else {
        crate::markup::html!(o, "<table class=\"compact\"><tr><th>customer</th><th class=\"n\">{} before</th><th>last purchase</th><th class=\"n\">P(alive)</th></tr>", if known { "profit" } else { "revenue" });
        for &i in back.iter().take(SHOWN_ROWS) {
            let g = &p.customers[i];
            let c = &g.characteristics;
            crate::markup::html!(o, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"d\">{}</td><td class=\"n\">{}</td></tr>", who(g), c.profit_previous.map_or_else(|| m(c.revenue_previous), m), c.last_purchase
                    .map_or_else(|| "n/a".into(), |d| d.to_string()), g.lifetime
                    .and_then(|l| l.p_alive)
                    .map_or_else(|| "n/a".into(), chance));
        }
        o.raw("</table>");
        if back.len() > SHOWN_ROWS {
            crate::markup::html!(o, "<p class=\"muted\">… and {} more in <code>actions.csv</code> (action = win back, status = lapsed).</p>", back.len() - SHOWN_ROWS);
        }
    }
    o.raw("</div></div></section>");
}
