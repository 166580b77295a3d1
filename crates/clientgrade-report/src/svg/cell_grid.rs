//! The 5 × 5 grid of named, counted cells: the RFM segment map.

use super::{label, open, TOP};
use crate::markup::Html;

/// A 5 × 5 grid of cells (row 0 at the top), each with a fill, a name and a
/// count: the RFM segment map.
pub fn grid(
    id: &str,
    title: &str,
    desc: &str,
    (x_label, y_label): (&str, &str),
    cells: &[[(String, &str, u64); 5]; 5],
) -> Html {
    let (cw, ch) = (100.0, 54.0);
    let height = TOP + 5.0 * ch + 48.0;
    let left = 90.0;
    let mut o = open(id, title, desc, height);
    for (r, row) in cells.iter().enumerate() {
        for (c, (name, fill, n)) in row.iter().enumerate() {
            let (x, y) = (left + c as f64 * cw, TOP + r as f64 * ch);
            crate::markup::html!(o, "<rect x=\"{7:.1}\" y=\"{8:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{9}\" fill-opacity=\"0.75\" stroke=\"#fff\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"middle\">{}</text>\
                 <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\" text-anchor=\"middle\">{10}</text>", cw - 2.0, ch - 2.0, x + cw / 2.0, y + 22.0, label(name), x + cw / 2.0, y + 40.0, x, y, fill, n);
        }
        crate::markup::html!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            TOP + r as f64 * ch + ch / 2.0 + 4.0,
            5 - r
        );
    }
    for c in 0..5 {
        crate::markup::html!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            left + c as f64 * cw + cw / 2.0,
            TOP + 5.0 * ch + 14.0,
            c + 1
        );
    }
    crate::markup::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text><text transform=\"translate(40 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text></svg>", left + 2.5 * cw, TOP + 5.0 * ch + 36.0, label(x_label), TOP + 2.5 * ch, label(y_label));
    o
}
