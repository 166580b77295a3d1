//! The page frame of report.html: the head with its inline style, the sections in reading order, the footer.

use crate::markup::Html;
use crate::view::View;
use crate::RunInfo;
use clientgrade_core::Portfolio;

use super::concentration::concentration_section;
use super::flags::flags_section;
use super::inputs::inputs_section;
use super::key_customers::table_section;
use super::lifetime::lifetime_section;
use super::matrix::matrix_section;
use super::pareto::pareto_section;
use super::rfm::rfm_section;
use super::tiers::tiers_section;

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
