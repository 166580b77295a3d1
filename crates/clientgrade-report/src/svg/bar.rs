//! Horizontal bar charts, negative values to the left of the zero line.

use super::scale::frac;
use super::{label, nothing_to_draw, open, RIGHT, TOP, W};
use crate::markup::Html;

/// Horizontal bars: (label, value, colour, text shown at the bar's end). A
/// value that is not finite gets no bar; with no finite value at all the
/// chart says so in words.
pub fn bars(id: &str, title: &str, desc: &str, rows: &[(String, f64, &str, String)]) -> Html {
    if !rows.iter().any(|r| r.1.is_finite()) {
        return nothing_to_draw(id, title, desc);
    }
    let row_h = 26.0;
    let height = TOP + row_h * rows.len() as f64 + 16.0;
    let label_w = 190.0;
    let finite = || rows.iter().map(|r| r.1).filter(|v| v.is_finite());
    let max = finite().map(f64::abs).fold(0.0f64, f64::max).max(1e-12);
    let min = finite().fold(0.0f64, f64::min);
    let pw = W - label_w - RIGHT - 230.0;
    let zero = label_w + frac(0.0, min, max) * pw;
    let mut o = open(id, title, desc, height);
    for (k, (name, v, c, text)) in rows.iter().enumerate() {
        let y = TOP + row_h * k as f64;
        let end = label_w + frac(*v, min, max) * pw;
        let (x, w) = if v.is_finite() {
            (zero.min(end), (end - zero).abs())
        } else {
            (zero, 0.0)
        };
        crate::markup::html!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>\
             <rect x=\"{8:.1}\" y=\"{:.1}\" width=\"{9:.1}\" height=\"{:.1}\" fill=\"{10}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{}</text>",
            label_w - 8.0,
            y + 16.0,
            label(name),
            y + 4.0,
            row_h - 8.0,
            zero.max(x + w) + 6.0,
            y + 16.0,
            &crate::text::shorten(text, crate::text::NAME_CHARS),
            x,
            w,
            c
        );
    }
    crate::markup::html!(
        o,
        "<line x1=\"{1:.1}\" y1=\"{2}\" x2=\"{1:.1}\" y2=\"{:.1}\" class=\"axisline\"/>",
        height - 16.0,
        zero,
        TOP
    );
    o.raw("</svg>");
    o
}
