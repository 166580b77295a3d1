//! Hand-written inline SVG charts: line, bar, scatter and histogram, accessible and print-friendly.
//!
//! This module owns what every chart shares: the colours, the chart's size and
//! margins, its opening tag and its labels. One module per chart family draws
//! on it (`curve`: cumulative-share curves; `bar`: horizontal bars;
//! `scatter_plot`: the matrix scatter; `cell_grid`: the RFM map), and `scale`
//! turns numbers into positions and tick values.

mod bar;
mod cell_grid;
mod curve;
mod scale;
mod scatter_plot;
#[cfg(test)]
mod tests;

pub use bar::bars;
pub use cell_grid::grid;
pub use curve::{curves, Series};
pub use scale::{compact, ticks, Ticks};
pub use scatter_plot::{scatter, Axis, Clipped, Dot};

use crate::markup::Html;

/// Colour-blind-safe colours (Okabe–Ito).
pub mod colour {
    /// Tier 1.
    pub const IDEAL: &str = "#009E73";
    /// Tier 2.
    pub const GOOD: &str = "#0072B2";
    /// Tier 3.
    pub const BREAK_EVEN: &str = "#E69F00";
    /// Tier 4.
    pub const LOSER: &str = "#D55E00";
    /// Undecided or neutral.
    pub const GREY: &str = "#888888";
    /// A second neutral series.
    pub const PURPLE: &str = "#CC79A7";
    /// A third series.
    pub const SKY: &str = "#56B4E9";
}

const W: f64 = 640.0;
const H: f64 = 360.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 52.0;

fn open(id: &str, title: &str, desc: &str, height: f64) -> Html {
    let mut o = Html::new();
    let title = crate::text::shorten(title, TITLE_CHARS);
    crate::markup::html!(
        o,
        "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{2}-t {2}-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{2}-t\">{3}</title><desc id=\"{2}-d\">{4}</desc>\
         <text x=\"{5}\" y=\"20\" class=\"ct\">{3}</text>",
        W,
        height,
        id,
        title,
        crate::text::shorten(desc, TITLE_CHARS),
        LEFT
    );
    o
}

/// Grid lines per axis at most, whatever the data.
pub const MAX_TICKS: usize = 8;
/// Characters of a label drawn in a chart at most (longer ones end in `…`).
pub const LABEL_CHARS: usize = 40;
/// Characters of a chart title or description at most.
const TITLE_CHARS: usize = 200;

/// A chart that has nothing finite to draw says so in words.
fn nothing_to_draw(id: &str, title: &str, desc: &str) -> Html {
    let mut o = open(id, title, desc, 120.0);
    crate::markup::html!(
        o,
        "<text x=\"{0}\" y=\"70\" class=\"axis\">nothing to draw: no finite values</text></svg>",
        LEFT
    );
    o
}

/// A label for a chart (escaped when written): at most [`LABEL_CHARS`] characters.
fn label(s: &str) -> String {
    crate::text::shorten(s, LABEL_CHARS).into_owned()
}
