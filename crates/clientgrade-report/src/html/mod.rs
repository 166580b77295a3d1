//! `report.html`: one self-contained file (inline CSS and SVG, no script, no external request) a business owner reads.
//!
//! This module owns the limits that keep the page small and the small pieces
//! every section shares (shortened text, `… and N more`, tier colours and
//! swatches); `page` is the frame (head, style, section order, footer), and
//! each other module renders one section.

mod concentration;
mod flags;
mod inputs;
mod key_customers;
mod lifetime;
mod matrix;
mod page;
mod pareto;
mod rfm;
mod tiers;

pub use page::report_html;
pub(crate) use page::{render, STYLE};

use crate::markup::Html;
use crate::svg::colour;
use crate::terminal::thousands as count;
use crate::text::shorten;
use clientgrade_core::{GradedCustomer, Money, Tier};

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

fn m(v: Money) -> String {
    v.to_display_string()
}

fn id(g: &GradedCustomer) -> &str {
    g.facts.id.as_ref().map_or("", |i| i.expose())
}
