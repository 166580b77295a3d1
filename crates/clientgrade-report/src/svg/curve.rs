//! Cumulative-share curves (Lorenz, whale) in a frame of percentage axes.

use super::scale::{fmt_pct, frac, ticks};
use super::{label, nothing_to_draw, open, BOTTOM, H, LEFT, RIGHT, TOP, W};
use crate::markup::Html;

/// Axis frame with ticks: x from 0 to 1 as percentages, y from `y0` to `y1`
/// (finite, `y0 < y1`) with at most [`MAX_TICKS`](super::MAX_TICKS) ticks at round steps,
/// labelled by `yfmt`.
fn frame(
    o: &mut Html,
    x_label: &str,
    y_label: &str,
    y0: f64,
    y1: f64,
    yfmt: &dyn Fn(f64) -> String,
) {
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    for k in 0..=4 {
        let f = f64::from(k) / 4.0;
        let x = LEFT + f * pw;
        crate::markup::html!(
            o,
            "<line x1=\"{3:.1}\" y1=\"{4}\" x2=\"{3:.1}\" y2=\"{:.1}\" class=\"grid\"/>\
             <text x=\"{3:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            TOP + ph,
            TOP + ph + 16.0,
            fmt_pct(f),
            x,
            TOP
        );
    }
    for v in ticks(y0, y1) {
        let y = TOP + ph - frac(v, y0, y1) * ph;
        crate::markup::html!(
            o,
            "<line x1=\"{4}\" y1=\"{5:.1}\" x2=\"{:.1}\" y2=\"{5:.1}\" class=\"grid\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            LEFT + pw,
            LEFT - 6.0,
            y + 4.0,
            label(&yfmt(v)),
            LEFT,
            y
        );
    }
    crate::markup::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text>\
         <text transform=\"translate(14 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text>", LEFT + pw / 2.0, H - 10.0, label(x_label), TOP + ph / 2.0, label(y_label));
}

/// A line series.
pub struct Series<'a> {
    /// Legend name.
    pub name: &'a str,
    /// Stroke colour.
    pub colour: &'a str,
    /// Points with x in 0–1.
    pub points: &'a [(f64, f64)],
}

/// Cumulative-share curves (Lorenz, whale): x and y as shares; y may exceed 1.
/// Points with a coordinate that is not finite are left out (and counted
/// under the legend); with no finite point the chart says so in words.
pub fn curves(
    id: &str,
    title: &str,
    desc: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series<'_>],
    diagonal: bool,
) -> Html {
    let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
    let all = || series.iter().flat_map(|s| s.points.iter().filter(finite));
    if all().next().is_none() {
        return nothing_to_draw(id, title, desc);
    }
    let left_out: usize = series
        .iter()
        .map(|s| s.points.iter().filter(|p| !finite(p)).count())
        .sum();
    let y_max = all().map(|p| p.1).fold(1.0f64, f64::max);
    let y_min = all().map(|p| p.1).fold(0.0f64, f64::min);
    // round outwards to tenths where that stays finite
    let y1 = Some((y_max * 10.0).ceil() / 10.0)
        .filter(|v| v.is_finite())
        .unwrap_or(y_max);
    let y0 = Some((y_min * 10.0).floor() / 10.0)
        .filter(|v| v.is_finite())
        .unwrap_or(y_min);
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let sx = |x: f64| LEFT + x.clamp(0.0, 1.0) * pw;
    let sy = |y: f64| TOP + ph - frac(y, y0, y1) * ph;
    let mut o = open(id, title, desc, H);
    frame(&mut o, x_label, y_label, y0, y1, &|v| fmt_pct(v));
    if diagonal {
        crate::markup::html!(
            o,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"ref\"/>",
            sx(0.0),
            sy(0.0),
            sx(1.0),
            sy(1.0)
        );
    }
    if y0 < 0.0 || y1 > 1.0 {
        crate::markup::html!(
            o,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"ref\"/>",
            sx(0.0),
            sy(1.0),
            sx(1.0),
            sy(1.0)
        );
    }
    for (k, s) in series.iter().enumerate() {
        let path: Vec<String> = s
            .points
            .iter()
            .filter(finite)
            .map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y)))
            .collect();
        crate::markup::html!(
            o,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" points=\"{}\"/>",
            s.colour,
            path.join(" ")
        );
        let ly = TOP + 14.0 + 16.0 * k as f64;
        crate::markup::html!(o, "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"14\" height=\"4\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{}</text>", LEFT + 12.0, ly - 4.0, s.colour, LEFT + 32.0, ly, label(s.name));
    }
    if left_out > 0 {
        crate::markup::html!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{2} points left out: not finite</text>",
            LEFT + 12.0,
            TOP + 14.0 + 16.0 * series.len() as f64,
            left_out
        );
    }
    o.raw("</svg>");
    o
}
