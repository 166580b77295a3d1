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
use super::STYLE;

/// Render the whole report.
pub fn report_html(run: &RunInfo<'_>, p: &Portfolio) -> String {
    render(run, p, &View::of(p))
}

/// Render the whole report from the portfolio and its figures.
pub(crate) fn render(run: &RunInfo<'_>, p: &Portfolio, view: &View) -> String {
    let mut o = Html::with_capacity(256 * 1024);
    let w = &p.window;
    crate::markup::html!(o, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
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
