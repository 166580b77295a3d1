//! `report.html`: one self-contained file (inline CSS and SVG, no script, no external request) a business owner reads.

use clientgrade_core::flags::FlagKind;
use clientgrade_core::matrix::Quadrant;
use clientgrade_core::measures::{is_measure, label, measure, median, unit, Unit};
use clientgrade_core::rfm::Segment;
use clientgrade_core::{GradedCustomer, Money, Portfolio, Tier};

use crate::markup::Html;
use crate::svg::{bars, colour, curves, scatter, Axis, Dot, Series, Ticks};
use crate::text::{shorten, ID_CHARS, NAME_CHARS};
use crate::verdicts::group;
use crate::view::View;
use crate::RunInfo;

/// Customers drawn in the matrix scatter at most (the largest by revenue,
/// then an even sample of the rest), so a 100,000-customer report stays light.
pub const MAX_DOTS: usize = 4_000;
/// Rows of the per-customer table.
pub const TABLE_ROWS: usize = 50;
/// Alerts, notes and reasons listed at most per list (the rest are counted;
/// summary.json has them all), so that no data can make the report large.
pub const LIST_ITEMS: usize = 20;
/// Characters of a note or a piece of evidence shown at most.
pub(crate) const TEXT_CHARS: usize = 400;

/// A data value in the report: at most `max` characters (escaped when written).
pub(crate) fn short(s: &str, max: usize) -> String {
    shorten(s, max).into_owned()
}

/// `… and N more` after a list cut to [`LIST_ITEMS`].
fn more(o: &mut Html, total: usize, tag: &str) {
    if total > LIST_ITEMS {
        crate::html!(
            o,
            "<{1} class=\"muted\">… and {} more (summary.json lists them all)</{1}>",
            count((total - LIST_ITEMS) as u64),
            tag
        );
    }
}

/// A tier's colour swatch and name.
fn swatch(t: Tier) -> Html {
    let mut o = Html::new();
    crate::html!(
        o,
        "<span class=\"swatch\" style=\"background:{}\"></span>{}",
        tier_colour(Some(t)),
        t
    );
    o
}

/// Text as a fragment.
fn plain(s: &str) -> Html {
    let mut o = Html::new();
    o.text(s);
    o
}

fn tier_colour(t: Option<Tier>) -> &'static str {
    match t {
        Some(Tier::Ideal) => colour::IDEAL,
        Some(Tier::Good) => colour::GOOD,
        Some(Tier::BreakEven) => colour::BREAK_EVEN,
        Some(Tier::Loser) => colour::LOSER,
        None => colour::GREY,
    }
}

use crate::terminal::{num, pct, share, thousands as count};

fn m(v: Money) -> String {
    v.to_display_string()
}

fn id(g: &GradedCustomer) -> &str {
    g.facts.id.as_ref().map_or("", |i| i.expose())
}

pub(crate) const STYLE: &str = r#"
:root { --ink:#1b1b1b; --muted:#5a5a5a; --line:#d9d9d9; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 980px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 0 0 6px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
section { margin: 28px 0; break-inside: avoid-page; }
.takeaway { font-size: 16px; font-weight: 600; margin: 6px 0 12px; }
.muted { color: var(--muted); font-size: 13px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 14px 0; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px; } .kpi b { display: block; font-size: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
svg.chart { width: 100%; height: auto; margin: 6px 0; }
svg .ct { font-weight: 600; font-size: 14px; } svg .tick, svg .legend, svg .value, svg .label { font-size: 11px; fill: #333; }
svg .axis { font-size: 12px; fill: #333; } svg .grid { stroke: #eee; } svg .ref { stroke: #999; stroke-dasharray: 4 3; }
svg .split { stroke: #000; stroke-dasharray: 6 3; } svg .quadrant { font-size: 12px; font-weight: 600; fill: #444; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .pointlabel { font-size: 10px; fill: #000; paint-order: stroke; stroke: #fff; stroke-width: 3px; } svg .axisline { stroke: #666; }
h3 { font-size: 16px; margin: 10px 0 4px; }
.statuses { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 0 0 8px; }
.status { border-left: 4px solid #888; padding: 4px 8px; font-size: 13px; } .status b { font-size: 18px; }
.status.new { border-color: #56B4E9; } .status.active { border-color: #009E73; } .status.lapsed { border-color: #E69F00; } .status.lost { border-color: #888888; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
table.compact { font-size: 12.5px; } table.compact td, table.compact th { padding: 2px 5px; }
.loss { color: #B03A00; font-weight: 600; }
.caveat { border: 2px solid #B03A00; background: #fff4ec; border-radius: 6px; padding: 6px 14px; margin: 12px 0; }
.caveat ul { margin: 4px 0; padding-left: 20px; } td.d, td.nw { white-space: nowrap; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; margin: 4px 0; }
code { font-size: 12px; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } section { break-inside: avoid-page; } details > *:not(summary) { display: block; } @page { size: A4; margin: 14mm; } }
"#;

/// Render the whole report.
pub fn report_html(run: &RunInfo<'_>, p: &Portfolio) -> String {
    render(run, p, &View::of(p))
}

/// Render the whole report from the portfolio and its figures.
pub(crate) fn render(run: &RunInfo<'_>, p: &Portfolio, view: &View) -> String {
    let mut o = Html::with_capacity(256 * 1024);
    let w = &p.window;
    crate::html!(o, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>clientgrade report: {} customers to {}</title><style>", p.total.customers, w.as_of);
    o.raw(STYLE);
    o.raw("</style></head><body>");
    crate::first_screens::summary_section(&mut o, run, p, view);
    crate::first_screens::losers_section(&mut o, p, view);
    crate::first_screens::slipping_section(&mut o, p, view);
    if let Some(m) = &p.movement {
        crate::movement_html::movement_section(&mut o, m);
    }
    tiers_section(&mut o, p);
    matrix_section(&mut o, p, view);
    pareto_section(&mut o, p);
    concentration_section(&mut o, p);
    rfm_section(&mut o, p, view);
    lifetime_section(&mut o, run, p, view);
    flags_section(&mut o, p, view);
    crate::profile::profile_section(&mut o, p);
    table_section(&mut o, p);
    inputs_section(&mut o, run, p);
    o.raw("<p class=\"muted\">Made by clientgrade. Every figure above is also in summary.json and customers.csv in this folder.</p></body></html>\n");
    o.into_string()
}

fn inputs_section(o: &mut Html, run: &RunInfo<'_>, p: &Portfolio) {
    o.raw("<section id=\"inputs\"><h2>What was read</h2><table><tr><th>table</th><th>file</th><th class=\"n\">read</th><th class=\"n\">used</th><th class=\"n\">rejected</th><th>reasons</th></tr>");
    for t in run.tables {
        let mut reasons: Vec<String> = t
            .reasons
            .iter()
            .take(LIST_ITEMS)
            .map(|(k, v)| format!("{}: {v}", shorten(k, NAME_CHARS)))
            .collect();
        if t.reasons.len() > LIST_ITEMS {
            reasons.push(format!(
                "… and {} more reasons",
                t.reasons.len() - LIST_ITEMS
            ));
        }
        crate::html!(o, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>", t.table.name(), short(&t.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()), NAME_CHARS), count(t.read), count(t.used), count(t.rejected), &reasons.join(", "));
    }
    o.raw("</table>");
    let rejects = crate::summary::rejects_notes(run.tables);
    let notes: Vec<&String> = run.notes.iter().chain(&rejects).chain(&p.notes).collect();
    if !notes.is_empty() {
        o.raw("<ul class=\"muted\">");
        for n in notes.iter().take(LIST_ITEMS) {
            crate::html!(o, "<li>{}</li>", short(n, TEXT_CHARS));
        }
        more(o, notes.len(), "li");
        o.raw("</ul>");
    }
    o.raw("</section>");
}

fn tiers_section(o: &mut Html, p: &Portfolio) {
    if p.undecidable.is_some() {
        return;
    }
    crate::html!(
        o,
        "<section id=\"tiers\"><h2>Tiers: profit after the cost to serve</h2>"
    );
    let h = crate::headline::headline(p);
    let (lines, undecided) = crate::headline::by_tier(p);
    let t4 = &lines[3];
    crate::html!(o, "<p class=\"takeaway\">Tier 1 customers earn {} of the profit of the customers who bought in the window; {}.</p>", share(lines[0].profit, h.buyers.profit), if t4.customers == 0 {
            "no customer is in Tier 4 (loses money)".to_string()
        } else {
            format!(
                "{} in Tier 4 cost you {}",
                crate::terminal::plural(t4.customers, "customer", "customers"),
                m(-t4.profit)
            )
        });
    let r = &p.settings.tiers;
    crate::html!(o, "<p class=\"muted\">Only the {} customers who bought in the window get a tier. \
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
        crate::html!(o, "<p class=\"takeaway\">These tiers rest on an ASSUMED gross margin of {} for every customer \
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
        crate::html!(o, "<tr><td class=\"nw\">{}</td><td class=\"n\"", label);
        if let Some(k) = key {
            crate::html!(o, " data-summary=\"tier{}-customers\"", k);
        }
        o.raw(">");
        o.raw(b0);
        crate::html!(o, "{}", count(x.customers));
        o.raw(b1);
        crate::html!(o, "</td><td class=\"n\">");
        o.raw(b0);
        crate::html!(o, "{}", m(x.revenue));
        o.raw(b1);
        crate::html!(o, "</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">", if std::ptr::eq(x, &h.others) || std::ptr::eq(x, &h.all) {
                String::new()
            } else {
                share(x.revenue, h.buyers.revenue)
            }, crate::headline::profit_text(p, x.cost_of_goods), m(x.service + x.return_handling));
        o.raw(b0);
        crate::html!(o, "{}", crate::headline::profit_text(p, x.profit));
        o.raw(b1);
        crate::html!(o, "</td><td>{}</td></tr>", what);
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
        crate::html!(
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

/// An axis name as a reader says it: a characteristic's label, or the
/// attribute's own name.
fn axis_title(name: &str) -> String {
    if is_measure(name) {
        label(name)
    } else {
        name.to_string()
    }
}

fn matrix_section(o: &mut Html, p: &Portfolio, view: &View) {
    let v = &p.verdicts.matrix;
    let (ax, ay) = (v.x_axis.as_str(), v.y_axis.as_str());
    let (xt, yt) = (axis_title(ax), axis_title(ay));
    crate::html!(
        o,
        "<section id=\"matrix\"><h2>Grading matrix: {} × {}</h2>",
        short(&xt, NAME_CHARS),
        short(&yt, NAME_CHARS)
    );
    if let Some(why) = &v.fallback {
        crate::html!(
            o,
            "<p class=\"muted\"><b>The configured axes cannot be drawn.</b> {}.</p>",
            short(
                &format!("{}{}", why[..1].to_uppercase(), &why[1..]),
                TEXT_CHARS
            )
        );
    }
    let best = Quadrant::HighHigh;
    let (c, r, _) = group(p, |g| g.quadrant == Some(best));
    let (rx, ry) = crate::verdicts::axis_splits(p);
    let split_text = |name: &str, split: Option<f64>, rule: &clientgrade_core::Split| {
        split.map_or_else(
            || "n/a".into(),
            |x| {
                format!(
                    "{}{}",
                    crate::verdicts::shown_value(name, x),
                    crate::verdicts::split_rule(rule)
                )
            },
        )
    };
    let placed: u64 = Quadrant::ALL
        .iter()
        .map(|q| group(p, |g| g.quadrant == Some(*q)).0)
        .sum();
    if placed == 0 {
        crate::html!(
            o,
            "<p class=\"takeaway\">No customer can be placed: {}.</p>",
            v.fallback
                .as_deref()
                .unwrap_or("no customer who bought in the window has a value on both axes")
        );
    } else if v.judged {
        crate::html!(o, "<p class=\"takeaway\">{} customers are {} ({} at least {}, {} at least {}) and bring {} of revenue.</p>", count(c), short(&v.name(best).name, NAME_CHARS), short(&xt.to_lowercase(), NAME_CHARS), &split_text(ax, v.x, &rx), short(&yt.to_lowercase(), NAME_CHARS), &split_text(ay, v.y, &ry), share(r, p.total.revenue));
    } else {
        crate::html!(o, "<p class=\"takeaway\">{} customers have {} and bring {} of revenue.</p>\
             <p class=\"muted\">The splits are relative: they rank your customers against each other, so a quadrant's name says where it falls, not whether it is good or bad (a margin below the median can still be healthy). Each customer's action follows its tier; set <code>matrix.split-x</code> and <code>split-y</code> to numbers to name the quadrants yourself.</p>", count(c), short(&v.name(best).name, TEXT_CHARS), share(r, p.total.revenue));
    }
    let numeric = v.good_x.is_none() && v.good_y.is_none();
    if numeric && placed > 0 {
        let mut placed: Vec<&GradedCustomer> = p
            .customers
            .iter()
            .filter(|g| g.quadrant.is_some())
            .collect();
        let xs: Vec<f64> = placed
            .iter()
            .filter_map(|g| measure(&g.characteristics, ax))
            .collect();
        // a log scale when nearly all values are positive and the largest
        // dwarf the typical one (revenue); the others are pinned to the edge
        let positive = xs.iter().filter(|x| **x > 0.0).count();
        let skewed = unit(ax) != Unit::Fraction
            && positive * 10 >= xs.len() * 9
            && median(&xs)
                .is_some_and(|md| md > 0.0 && xs.iter().fold(0.0f64, |a, b| a.max(*b)) > 10.0 * md);
        // customers are ordered by revenue: keep the largest, then an even sample
        let total = placed.len();
        if total > MAX_DOTS {
            let keep = MAX_DOTS / 4;
            let step = (total - keep).div_ceil(MAX_DOTS - keep);
            placed = placed
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < keep || (i - keep).is_multiple_of(step))
                .map(|(_, g)| *g)
                .collect();
        }
        let dots: Vec<Dot<'_>> = placed
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                Some(Dot {
                    x: measure(&g.characteristics, ax)?,
                    y: measure(&g.characteristics, ay)?,
                    colour: tier_colour(g.tier.tier),
                    label: (i < 5).then(|| id(g)),
                })
            })
            .collect();
        let corners = [
            Quadrant::HighHigh,
            Quadrant::HighLow,
            Quadrant::LowHigh,
            Quadrant::LowLow,
        ]
        .map(|q| v.name(q).short.as_str());
        let title = format!("{yt} against {}", xt.to_lowercase());
        let desc = format!(
            "Each dot is a customer coloured by tier; dashed lines split at {} and {}; the five largest customers are labelled.",
            split_text(ax, v.x, &rx),
            split_text(ay, v.y, &ry)
        );
        let ticks = |name: &str| {
            if unit(name) == Unit::Fraction {
                Ticks::Percent
            } else {
                Ticks::Plain
            }
        };
        let x_title = if skewed {
            format!("{xt} (log scale)")
        } else {
            xt.clone()
        };
        let x_axis = Axis {
            title: &x_title,
            ticks: ticks(ax),
            log: skewed,
            split: v.x,
        };
        let y_axis = Axis {
            title: &yt,
            ticks: ticks(ay),
            log: false,
            split: v.y,
        };
        let (svg, clipped) = scatter("matrix", &title, &desc, (&x_axis, &y_axis), &dots, corners);
        o.push(&svg);
        o.raw("<p class=\"muted\">");
        for (k, t) in Tier::ALL.iter().enumerate() {
            if k > 0 {
                o.raw(" ");
            }
            o.push(&swatch(*t));
        }
        o.raw(". ");
        let edge = |n: usize, side: &str, at: f64, name: &str| {
            (n > 0).then(|| {
                format!(
                    "{} {side} {}",
                    count(n as u64),
                    crate::verdicts::shown_value(name, at)
                )
            })
        };
        let pinned: Vec<String> = [
            edge(clipped.y_low, "below", clipped.y_range.0, ay),
            edge(clipped.y_high, "above", clipped.y_range.1, ay),
            edge(clipped.x_low, "left of", clipped.x_range.0, ax),
            edge(clipped.x_high, "right of", clipped.x_range.1, ax),
        ]
        .into_iter()
        .flatten()
        .collect();
        if clipped.not_finite > 0 {
            crate::html!(
                o,
                "{} customers not drawn: a value is not finite. ",
                count(clipped.not_finite as u64)
            );
        }
        if !pinned.is_empty() {
            crate::html!(
                o,
                "Customers outside the drawn range are triangles at the edge: {}. ",
                &pinned.join(", ")
            );
        }
        if total > dots.len() {
            crate::html!(
                o,
                "{} of {} customers drawn: the {} largest and an even sample of the rest.",
                count(dots.len() as u64),
                count(total as u64),
                count((MAX_DOTS / 4) as u64)
            );
        }
        o.raw("</p>");
    }
    o.raw("<table><tr><th>quadrant</th><th class=\"n\">customers</th><th>by tier</th><th class=\"n\">revenue</th><th class=\"n\">profit</th><th>action</th></tr>");
    for q in Quadrant::ALL {
        let (c, r, pr) = group(p, |g| g.quadrant == Some(q));
        let t = v.name(q);
        let mix: Vec<String> = Tier::ALL
            .iter()
            .filter_map(|tier| {
                let n = view.quadrant_tier(q, *tier);
                (n > 0).then(|| format!("T{} {}", tier.number(), count(n)))
            })
            .collect();
        crate::html!(o, "<tr><td>{} <span class=\"muted\">({})</span></td><td class=\"n\">{}</td><td class=\"muted nw\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>", short(&t.name, TEXT_CHARS), q.key(), count(c), &mix.join(" · "), m(r), &crate::headline::profit_text(p, pr), short(&t.action, TEXT_CHARS));
    }
    let mut not_placed = Vec::new();
    if v.unplaced > 0 {
        not_placed.push(format!(
            "{} who bought in the window without a value on an axis",
            crate::terminal::plural(v.unplaced as u64, "customer", "customers")
        ));
    }
    if v.not_bought > 0 {
        not_placed.push(format!(
            "{} lapsed or lost (nothing bought in the window)",
            count(v.not_bought as u64)
        ));
    }
    if !not_placed.is_empty() {
        crate::html!(
            o,
            "<tr><td colspan=\"6\" class=\"muted\">Not placed: {}.</td></tr>",
            &not_placed.join("; ")
        );
    }
    o.raw("</table></section>");
}

fn pareto_section(o: &mut Html, p: &Portfolio) {
    let v = &p.verdicts;
    crate::html!(
        o,
        "<section id=\"pareto\"><h2>Pareto: who brings the revenue, the profit and the work</h2>"
    );
    crate::html!(o, "<p class=\"takeaway\">The top 20% of the {} customers who bought in the window ({}) bring {} of their revenue{}{}.</p>", count(v.pareto_revenue.customers as u64), count(v.pareto_revenue.top_customers as u64), v.pareto_revenue.top_share.map_or_else(|| "n/a".into(), pct), v.pareto_profit
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
    crate::html!(o, "<p class=\"muted\">Revenue: {}{}. Customers who bought nothing in the window (lapsed, lost) are not counted.</p>", &crate::verdicts::gini_text(&v.pareto_revenue, "net revenue"), v.pareto_service.as_ref().map_or_else(String::new, |s| format!(
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
            crate::html!(o, "<p class=\"muted\">Of the {} customers who bought in the window, the {} most profitable ({}) earn {} of their total profit ({}); the other {} give back {}.</p>", count(n as u64), count(wc.peak_customers as u64), pct(wc.peak_customers as f64 / n.max(1) as f64), wc.peak_share.map_or_else(|| "n/a".into(), pct), m(wc.total), count((n - wc.peak_customers) as u64), m(wc.given_back));
        }
    }
    o.raw("</section>");
}

fn concentration_section(o: &mut Html, p: &Portfolio) {
    let v = &p.verdicts;
    let s = &p.settings.concentration;
    crate::html!(
        o,
        "<section id=\"concentration\"><h2>Concentration risk</h2>"
    );
    crate::html!(o, "<p class=\"takeaway\">Your largest customer brings {} of revenue, the largest ten {}; HHI {} ({}).</p><p class=\"muted\">Shares of the revenue of the customers who bought in the window.</p>", v.revenue_top.top1.map_or_else(|| "n/a".into(), pct), v.revenue_top.top10.map_or_else(|| "n/a".into(), pct), v.hhi.map_or_else(|| "n/a".into(), |h| num(h, 0)), v.hhi.map_or("n/a", clientgrade_core::concentration::hhi_band));
    for &i in v.alerts.iter().take(LIST_ITEMS) {
        let g = &p.customers[i];
        crate::html!(
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
            crate::html!(o, "<p><b>Alert:</b> {} holds {} of revenue and {} of profit ({} customers, {} of them class A).</p>", short(&x.manager, NAME_CHARS), x.revenue_share.map_or_else(|| "n/a".into(), pct), x.profit_share.map_or_else(|| "n/a".into(), pct), x.customers, x.class_a_customers);
        }
        more(o, alerted.len(), "p");
    }
    o.raw("</section>");
}

fn rfm_section(o: &mut Html, p: &Portfolio, view: &View) {
    crate::html!(o, "<section id=\"rfm\"><h2>RFM segments</h2>");
    let at_risk = group(p, |g| {
        matches!(g.rfm.segment, Segment::AtRisk | Segment::CantLoseThem)
    });
    crate::html!(o, "<p class=\"takeaway\">{} customers with {} of revenue are At Risk or Can't Lose Them: they bought often, but not lately.</p>", at_risk.0, share(at_risk.1, p.total.revenue));
    let seg_colour = |s: Segment| match s {
        Segment::Champions | Segment::Loyal => colour::IDEAL,
        Segment::PotentialLoyalist | Segment::New | Segment::Promising => colour::SKY,
        Segment::NeedAttention | Segment::AboutToSleep => colour::BREAK_EVEN,
        Segment::AtRisk | Segment::CantLoseThem => colour::LOSER,
        Segment::Hibernating | Segment::Lost => colour::GREY,
    };
    // the R × FM map: recency 5 at the top, frequency–monetary 1 to 5 left to right
    let cells: [[(String, &str, u64); 5]; 5] = view.rfm_map.map(|row| {
        row.map(|c| {
            (
                c.segment.name().to_string(),
                seg_colour(c.segment),
                c.customers,
            )
        })
    });
    o.push(&crate::svg::grid(
        "rfm-map",
        "RFM segment map",
        "Customers per recency score (rows, 5 = most recent) and frequency–monetary score (columns), each cell named by its segment.",
        ("frequency–monetary score", "recency score"),
        &cells,
    ));
    let rows: Vec<(String, f64, &str, String)> = Segment::ALL
        .iter()
        .map(|s| {
            let (c, r, _) = group(p, |g| g.rfm.segment == *s);
            let col = seg_colour(*s);
            (
                s.name().to_string(),
                c as f64,
                col,
                format!("{c} customers, {} of revenue", share(r, p.total.revenue)),
            )
        })
        .collect();
    o.push(&bars(
        "rfm",
        "Customers per RFM segment",
        "Number of customers in each RFM segment, with their share of revenue.",
        &rows,
    ));
    let c = &p.verdicts.rfm_cuts;
    let cuts = |c: &[f64; 4]| {
        let v = c.map(|v| {
            if v.is_finite() {
                format!("{v:?}")
            } else {
                "n/a".into()
            }
        });
        format!("[{}]", v.join(", "))
    };
    crate::html!(o, "<p class=\"muted\">Score cut-offs: recency days {}, lifetime orders {}, lifetime revenue {}.</p></section>", cuts(&c[0]), cuts(&c[1]), cuts(&c[2]));
}

/// Customers listed per kind (declining, growing) whose measured trend
/// contradicts the lifetime model's steady rate.
const SHOWN_TREND: usize = 5;

fn lifetime_section(o: &mut Html, run: &RunInfo<'_>, p: &Portfolio, view: &View) {
    let Some(l) = &p.lifetime else {
        if let Some(why) = run.lifetime_not_fitted {
            crate::html!(o, "<section id=\"lifetime\"><h2>Lifetime value</h2><p class=\"takeaway\">Lifetime values cannot be computed: {}.</p></section>", short(why, TEXT_CHARS));
        }
        return;
    };
    let Some(v) = &view.lifetime else {
        return;
    };
    crate::html!(
        o,
        "<section id=\"lifetime\"><h2>Lifetime value in profit (next {} weeks)</h2>",
        l.settings.horizon_weeks
    );
    let money_f = |v: f64| Money::from_f64(v).map_or_else(|| "n/a".into(), m);
    crate::html!(o, "<p class=\"takeaway\">{}{} over the next {} weeks (discounted at {} a year); {} of them are more likely gone than still buying.</p>", if v.revenue_known {
            format!("Your customers are expected to bring {} of revenue", money_f(v.expected_revenue))
        } else {
            "Your customers' expected revenue is not known (the spend model was not fitted)".to_string()
        }, if v.in_profit {
            format!(" and {} of profit", money_f(v.clv_profit))
        } else {
            " (profit unknown: no cost of goods)".to_string()
        }, l.settings.horizon_weeks, pct(l.settings.discount_rate), count(v.likely_gone));
    let steady = crate::verdicts::steady_rate_text(p);
    crate::html!(
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
            crate::html!(o, "<tr><td>{}</td><td class=\"nw\">{} ({} to {})</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{6}</td></tr>", short(id(g), ID_CHARS), c.growth.map_or_else(|| "n/a".into(), clientgrade_core::evidence::percent), c.growth_low.map_or_else(|| "n/a".into(), clientgrade_core::evidence::percent), c.growth_high.map_or_else(|| "n/a".into(), clientgrade_core::evidence::percent), l.map_or_else(|| "n/a".into(), |l| num(l.expected_purchases, 1)), l.and_then(|l| l.expected_revenue)
                    .and_then(Money::from_f64)
                    .map_or_else(|| "n/a".into(), m), verdict);
        }
        o.raw("</table>");
        if down.len() > SHOWN_TREND || up.len() > SHOWN_TREND {
            crate::html!(o, "<p class=\"muted\">The {} with the most expected purchases of each kind are listed; customers.csv has growth_low, growth_high and expected_purchases for every customer.</p>", SHOWN_TREND);
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
    crate::html!(
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
        crate::html!(
            o,
            " Gamma–Gamma on {} repeat buyers: {}.",
            g.customers,
            params(g)
        );
    }
    o.raw("</p>");
    if let Some(h) = &l.holdout {
        crate::html!(o, "<p>Check on the {} weeks after the as-of date (to {}): predicted {} purchase days, actual {}; correlation per customer {}, mean absolute error {}.</p>\
             <table><tr><th>repeat purchases before as-of</th><th class=\"n\">customers</th><th class=\"n\">mean predicted</th><th class=\"n\">mean actual</th></tr>", num(h.weeks, 1), h.end, num(h.scorecard.predicted_total, 0), num(h.scorecard.actual_total, 0), num(h.scorecard.correlation, 3), num(h.scorecard.mae, 3));
        for (k, n, p, a) in &h.scorecard.by_frequency {
            crate::html!(o, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", k, count(*n as u64), num(*p, 2), num(*a, 2));
        }
        o.raw("</table>");
    }
    o.raw("</section>");
}

fn flags_section(o: &mut Html, p: &Portfolio, view: &View) {
    crate::html!(
        o,
        "<section id=\"flags\"><h2>Red flags and customers needing action</h2>"
    );
    let flagged = view.flagged;
    crate::html!(
        o,
        "<p class=\"takeaway\">{} at least one red flag; {}.</p>",
        crate::terminal::plural(flagged.0, "customer raises", "customers raise"),
        if crate::headline::profit_known(p) {
            format!("together they make {} of profit", m(flagged.2))
        } else {
            "their profit is not known (no costs given)".to_string()
        }
    );
    let rows: Vec<(String, f64, &str, String)> = FlagKind::ALL
        .iter()
        .map(|k| {
            let (c, _, pr) = group(p, |g| g.flags.iter().any(|f| f.kind == *k));
            (
                k.name().to_string(),
                c as f64,
                colour::LOSER,
                format!(
                    "{c} customers, profit {}",
                    crate::headline::profit_text(p, pr)
                ),
            )
        })
        .collect();
    o.push(&bars(
        "flags",
        "Customers per red flag",
        "Number of customers raising each red flag, with their profit.",
        &rows,
    ));
    let urgent: Vec<&GradedCustomer> = view
        .needing_action
        .iter()
        .map(|&i| &p.customers[i])
        .collect();
    crate::html!(o, "<table><tr><th>customer</th><th>action</th><th>why</th><th>flags and evidence</th><th class=\"n\">revenue</th></tr>");
    for g in urgent.iter().take(30) {
        let evidence: Vec<String> = g
            .flags
            .iter()
            .map(|f| format!("{}: {}", f.kind.name(), f.evidence))
            .collect();
        // the reason without its list of flags (the next column has them
        // with their evidence), with what to fix first
        let why = match g.action_reason.fix() {
            Some(fix) => format!("{}; {fix}", g.action_reason.main()),
            None => g.action_reason.main().to_string(),
        };
        crate::html!(
            o,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            short(id(g), ID_CHARS),
            short(g.facts.name.as_deref().unwrap_or(""), NAME_CHARS),
            g.action.name(),
            short(&why, TEXT_CHARS),
            short(&evidence.join("; "), TEXT_CHARS),
            m(g.characteristics.revenue)
        );
    }
    crate::html!(o, "</table><p class=\"muted\">{} customers need action in all; the 30 with the most revenue are listed; actions.csv has every one.</p></section>", urgent.len());
}

fn table_section(o: &mut Html, p: &Portfolio) {
    crate::html!(o, "<section id=\"customers\"><h2>Key customers</h2><p class=\"takeaway\">The {} most important customers by revenue adjusted for payment, effort, growth, margin and loyalty.</p>", TABLE_ROWS.min(p.customers.len()));
    let mut order: Vec<&GradedCustomer> = p.customers.iter().collect();
    order.sort_by_key(|g| g.key.rank);
    o.raw("<table><tr><th class=\"n\">rank</th><th>customer</th><th>tier</th><th>action</th><th>quadrant</th><th>segment</th><th>flags</th><th class=\"n\">revenue</th><th class=\"n\">profit</th></tr>");
    for g in order.iter().take(TABLE_ROWS) {
        let flags: Vec<&str> = g.flags.iter().map(|f| f.kind.name()).collect();
        crate::html!(o, "<tr><td class=\"n\">{}</td><td>{} {}</td><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", g.key.rank, short(id(g), ID_CHARS), short(g.facts.name.as_deref().unwrap_or(""), NAME_CHARS), tier_colour(g.tier.tier), g.tier.tier.map_or("undecided", Tier::name), g.action.name(), g.quadrant.map_or_else(String::new, |q| short(&p.verdicts.matrix.name(q).short, NAME_CHARS)), g.rfm.segment.name(), &flags.join(", "), m(g.characteristics.revenue), g.characteristics.profit.map_or_else(|| "n/a".into(), m));
    }
    o.raw("</table></section>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_core::flags::Flag;
    use clientgrade_core::{
        grade, ActionReason, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Settings,
    };

    fn loser(id: &str, loss: i64) -> CustomerFacts {
        CustomerFacts {
            id: Some(CustomerId::new(id)),
            revenue: Money::from_units(1_000 + loss),
            cost_of_goods: Money::from_units(1_000 + 2 * loss),
            first_purchase: Date::from_ymd(2023, 1, 5),
            last_purchase: Date::from_ymd(2025, 11, 5),
            ..CustomerFacts::default()
        }
    }

    #[test]
    fn the_action_list_shows_the_reason_and_its_fix_from_the_parts_not_the_flags() {
        let facts: Vec<CustomerFacts> = (0..5).map(|i| loser(&format!("L{i}"), 100 + i)).collect();
        let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let c = Coverage {
            cost_of_goods: true,
            ..Coverage::default()
        };
        let mut p = grade(facts, c, &Settings::default(), w);
        let g = &mut p.customers[0];
        g.flags = vec![Flag {
            kind: FlagKind::Returns,
            evidence: "returns 40% of its orders".into(),
        }];
        g.action_reason = ActionReason::new(
            "the main reason".into(),
            vec![FlagKind::Returns],
            Some("fix: agree return terms".into()),
        );
        assert_eq!(
            g.action_reason.text(),
            "the main reason; flags: returns a lot; fix: agree return terms"
        );
        let run = RunInfo {
            tables: &[],
            as_of_source: clientgrade_data::AsOfSource::Given,
            listed_without_activity: 0,
            notes: &[],
            lifetime_not_fitted: None,
        };
        let html = report_html(&run, &p);
        assert!(
            html.contains("<td>the main reason; fix: agree return terms</td><td>returns a lot: returns 40% of its orders</td>"),
            "{}",
            &html[html.find("the main reason").unwrap_or(0)..][..300]
        );
    }
}
