//! The pieces every HTML page of the report shares: the style sheet, list and text limits, shortened data values, money, ids and tier colours.
//!
//! Below the renderers: report.html's sections (`html`), its first screens
//! and the profile and movement sections and the `compare` page use it; it
//! depends only on the leaves ([`crate::markup`], [`crate::svg`],
//! [`crate::format`], [`crate::text`]).

use crate::format::thousands as count;
use crate::markup::Html;
use crate::svg::colour;
use crate::text::shorten;
use clientgrade_core::{GradedCustomer, Money, Tier};

/// The style sheet of report.html and the `compare` report.
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

/// Alerts, notes and reasons listed at most per list (the rest are counted;
/// summary.json has them all), so that no data can make the report large.
pub(crate) const LIST_ITEMS: usize = 20;
/// Characters of a note or a piece of evidence shown at most.
pub(crate) const TEXT_CHARS: usize = 400;

/// A data value in the report: at most `max` characters (escaped when written).
pub(crate) fn short(s: &str, max: usize) -> String {
    shorten(s, max).into_owned()
}

/// `… and N more` after a list cut to [`LIST_ITEMS`].
pub(crate) fn more(o: &mut Html, total: usize, tag: &str) {
    if total > LIST_ITEMS {
        crate::markup::html!(
            o,
            "<{1} class=\"muted\">… and {} more (summary.json lists them all)</{1}>",
            count((total - LIST_ITEMS) as u64),
            tag
        );
    }
}

/// A tier's colour swatch and name.
pub(crate) fn swatch(t: Tier) -> Html {
    let mut o = Html::new();
    crate::markup::html!(
        o,
        "<span class=\"swatch\" style=\"background:{}\"></span>{}",
        tier_colour(Some(t)),
        t
    );
    o
}

/// Text as a fragment.
pub(crate) fn plain(s: &str) -> Html {
    let mut o = Html::new();
    o.text(s);
    o
}

/// A tier's colour (grey when undecided).
pub(crate) fn tier_colour(t: Option<Tier>) -> &'static str {
    match t {
        Some(Tier::Ideal) => colour::IDEAL,
        Some(Tier::Good) => colour::GOOD,
        Some(Tier::BreakEven) => colour::BREAK_EVEN,
        Some(Tier::Loser) => colour::LOSER,
        None => colour::GREY,
    }
}

/// Money as the report shows it.
pub(crate) fn m(v: Money) -> String {
    v.to_display_string()
}

/// A customer's id (empty when it has none).
pub(crate) fn id(g: &GradedCustomer) -> &str {
    g.facts.id.as_ref().map_or("", |i| i.expose())
}
