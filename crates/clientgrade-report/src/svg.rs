//! Hand-written inline SVG charts: line, bar, scatter and histogram, accessible and print-friendly.

use std::fmt::Write;

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

/// Escape text for HTML and SVG.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const W: f64 = 640.0;
const H: f64 = 360.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 52.0;

fn open(id: &str, title: &str, desc: &str, height: f64) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>\
         <text x=\"{LEFT}\" y=\"20\" class=\"ct\">{}</text>",
        esc(title),
        esc(desc),
        esc(title)
    )
}

fn fmt_pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// Axis frame with ticks: x from 0 to 1 as percentages, y from `y0` to `y1`
/// with ticks at round steps, labelled by `yfmt`.
fn frame(
    o: &mut String,
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
        let _ = write!(
            o,
            "<line x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{:.1}\" class=\"grid\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            TOP + ph,
            TOP + ph + 16.0,
            fmt_pct(f)
        );
    }
    let span = y1 - y0;
    let step = [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0]
        .into_iter()
        .find(|s| span / s <= 6.0)
        .unwrap_or(10.0);
    let mut v = (y0 / step).ceil() * step;
    while v <= y1 + 1e-9 {
        let y = TOP + ph - (v - y0) / span * ph;
        let _ = write!(
            o,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" class=\"grid\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            LEFT + pw,
            LEFT - 6.0,
            y + 4.0,
            esc(&yfmt(v))
        );
        v += step;
    }
    let _ = write!(
        o,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text>\
         <text transform=\"translate(14 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text>",
        LEFT + pw / 2.0,
        H - 10.0,
        esc(x_label),
        TOP + ph / 2.0,
        esc(y_label)
    );
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
pub fn curves(
    id: &str,
    title: &str,
    desc: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series<'_>],
    diagonal: bool,
) -> String {
    let y_max = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(1.0f64, f64::max);
    let y_min = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0f64, f64::min);
    let y1 = (y_max * 10.0).ceil() / 10.0;
    let y0 = (y_min * 10.0).floor() / 10.0;
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let sx = |x: f64| LEFT + x * pw;
    let sy = |y: f64| TOP + ph - (y - y0) / (y1 - y0) * ph;
    let mut o = open(id, title, desc, H);
    frame(&mut o, x_label, y_label, y0, y1, &|v| fmt_pct(v));
    if diagonal {
        let _ = write!(
            o,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"ref\"/>",
            sx(0.0),
            sy(0.0),
            sx(1.0),
            sy(1.0)
        );
    }
    if y0 < 0.0 || y1 > 1.0 {
        let _ = write!(
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
            .map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y)))
            .collect();
        let _ = write!(
            o,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" points=\"{}\"/>",
            s.colour,
            path.join(" ")
        );
        let ly = TOP + 14.0 + 16.0 * k as f64;
        let _ = write!(
            o,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"14\" height=\"4\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{}</text>",
            LEFT + 12.0,
            ly - 4.0,
            s.colour,
            LEFT + 32.0,
            ly,
            esc(s.name)
        );
    }
    o.push_str("</svg>");
    o
}

/// Horizontal bars: (label, value, colour, text shown at the bar's end).
pub fn bars(id: &str, title: &str, desc: &str, rows: &[(String, f64, &str, String)]) -> String {
    let row_h = 26.0;
    let height = TOP + row_h * rows.len() as f64 + 16.0;
    let label_w = 190.0;
    let max = rows
        .iter()
        .map(|r| r.1.abs())
        .fold(0.0f64, f64::max)
        .max(1e-12);
    let min = rows.iter().map(|r| r.1).fold(0.0f64, f64::min);
    let span = max - min.min(0.0);
    let pw = W - label_w - RIGHT - 230.0;
    let zero = label_w + (-min.min(0.0)) / span * pw;
    let mut o = open(id, title, desc, height);
    for (k, (label, v, c, text)) in rows.iter().enumerate() {
        let y = TOP + row_h * k as f64;
        let w = v.abs() / span * pw;
        let x = if *v >= 0.0 { zero } else { zero - w };
        let _ = write!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>\
             <rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{c}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{}</text>",
            label_w - 8.0,
            y + 16.0,
            esc(label),
            y + 4.0,
            row_h - 8.0,
            zero.max(x + w) + 6.0,
            y + 16.0,
            esc(text)
        );
    }
    let _ = write!(
        o,
        "<line x1=\"{zero:.1}\" y1=\"{TOP}\" x2=\"{zero:.1}\" y2=\"{:.1}\" class=\"axisline\"/>",
        height - 16.0
    );
    o.push_str("</svg>");
    o
}

/// One scatter point.
pub struct Dot<'a> {
    /// X value (already positive when the axis is logarithmic).
    pub x: f64,
    /// Y value.
    pub y: f64,
    /// Fill colour.
    pub colour: &'a str,
    /// A label to print beside it, for a few notable points.
    pub label: Option<&'a str>,
}

/// A scatter plot with quadrant lines at (`split_x`, `split_y`) and the four
/// quadrant names in the corners (high-high top right …).
#[allow(clippy::too_many_arguments)] // a chart's title, description, axes, splits and corner names, each needed once
pub fn scatter(
    id: &str,
    title: &str,
    desc: &str,
    (x_label, y_label): (&str, &str),
    dots: &[Dot<'_>],
    log_x: bool,
    split: (Option<f64>, Option<f64>),
    corners: [&str; 4],
) -> String {
    let tx = |x: f64| if log_x { x.max(1e-9).log10() } else { x };
    let xs: Vec<f64> = dots.iter().map(|d| tx(d.x)).collect();
    let ys: Vec<f64> = dots.iter().map(|d| d.y).collect();
    let lo_hi = |v: &[f64]| {
        let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        s.sort_by(|a, b| a.total_cmp(b));
        if s.is_empty() {
            return (0.0, 1.0);
        }
        // clip the extreme 0.5% so one outlier does not flatten the rest
        let k = s.len() / 200;
        let (a, b) = (s[k], s[s.len() - 1 - k]);
        if a == b {
            (a - 1.0, b + 1.0)
        } else {
            (a, b)
        }
    };
    let (x0, x1) = if log_x {
        let finite = || xs.iter().copied().filter(|x| x.is_finite());
        let lo = finite().fold(f64::INFINITY, f64::min);
        let hi = finite().fold(f64::NEG_INFINITY, f64::max);
        if lo < hi {
            (lo, hi)
        } else {
            (lo - 1.0, hi + 1.0)
        }
    } else {
        lo_hi(&xs)
    };
    let (y0, y1) = lo_hi(&ys);
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let sx = |x: f64| LEFT + ((x - x0) / (x1 - x0)).clamp(0.0, 1.0) * pw;
    let sy = |y: f64| TOP + ph - ((y - y0) / (y1 - y0)).clamp(0.0, 1.0) * ph;
    let mut o = open(id, title, desc, H);
    for k in 0..=4 {
        let f = f64::from(k) / 4.0;
        let xv = x0 + f * (x1 - x0);
        let yv = y0 + f * (y1 - y0);
        let xt = if log_x {
            compact(10f64.powf(xv))
        } else {
            compact(xv)
        };
        let _ = write!(
            o,
            "<line x1=\"{:.1}\" y1=\"{TOP}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"grid\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>\
             <line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"grid\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            sx(xv), sx(xv), TOP + ph, sx(xv), TOP + ph + 16.0, esc(&xt),
            sy(yv), LEFT + pw, sy(yv), LEFT - 6.0, sy(yv) + 4.0, esc(&compact(yv))
        );
    }
    for d in dots {
        let _ = write!(
            o,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.6\" fill=\"{}\" fill-opacity=\"0.55\"/>",
            sx(tx(d.x)),
            sy(d.y),
            d.colour
        );
    }
    if let Some(x) = split.0 {
        let _ = write!(
            o,
            "<line x1=\"{0:.1}\" y1=\"{TOP}\" x2=\"{0:.1}\" y2=\"{1:.1}\" class=\"split\"/>",
            sx(tx(x)),
            TOP + ph
        );
    }
    if let Some(y) = split.1 {
        let _ = write!(
            o,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" class=\"split\"/>",
            sy(y),
            LEFT + pw
        );
    }
    let corner = [
        (LEFT + pw - 6.0, TOP + 14.0, "end", corners[0]),
        (LEFT + pw - 6.0, TOP + ph - 6.0, "end", corners[1]),
        (LEFT + 6.0, TOP + 14.0, "start", corners[2]),
        (LEFT + 6.0, TOP + ph - 6.0, "start", corners[3]),
    ];
    for (x, y, anchor, text) in corner {
        let _ = write!(
            o,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" class=\"quadrant\" text-anchor=\"{anchor}\">{}</text>",
            esc(text)
        );
    }
    // labels: move each down until it no longer overlaps an earlier one
    let mut placed: Vec<(f64, f64)> = Vec::new();
    for d in dots.iter().filter(|d| d.label.is_some()) {
        let (x, y) = (sx(tx(d.x)), sy(d.y));
        let anchor = if x > LEFT + pw * 0.7 { "end" } else { "start" };
        let dx = if anchor == "end" { -8.0 } else { 8.0 };
        let mut ly = y - 6.0;
        while placed
            .iter()
            .any(|(px, py)| (px - x).abs() < 90.0 && (py - ly).abs() < 12.0)
        {
            ly += 12.0;
        }
        placed.push((x, ly));
        let _ = write!(
            o,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"none\" stroke=\"#000\"/>\
             <line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"0.5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"pointlabel\" text-anchor=\"{anchor}\">{}</text>",
            x + dx * 0.8,
            ly - 3.0,
            x + dx,
            ly,
            esc(d.label.unwrap_or(""))
        );
    }
    let _ = write!(
        o,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text><text transform=\"translate(14 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text></svg>",
        LEFT + pw / 2.0,
        H - 10.0,
        esc(x_label),
        TOP + ph / 2.0,
        esc(y_label)
    );
    o
}

/// A 5 × 5 grid of cells (row 0 at the top), each with a fill, a name and a
/// count: the RFM segment map.
pub fn grid(
    id: &str,
    title: &str,
    desc: &str,
    (x_label, y_label): (&str, &str),
    cells: &[[(String, &str, u64); 5]; 5],
) -> String {
    let (cw, ch) = (100.0, 54.0);
    let height = TOP + 5.0 * ch + 48.0;
    let left = 90.0;
    let mut o = open(id, title, desc, height);
    for (r, row) in cells.iter().enumerate() {
        for (c, (name, fill, n)) in row.iter().enumerate() {
            let (x, y) = (left + c as f64 * cw, TOP + r as f64 * ch);
            let _ = write!(
                o,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" fill-opacity=\"0.75\" stroke=\"#fff\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"middle\">{}</text>\
                 <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\" text-anchor=\"middle\">{n}</text>",
                cw - 2.0,
                ch - 2.0,
                x + cw / 2.0,
                y + 22.0,
                esc(name),
                x + cw / 2.0,
                y + 40.0
            );
        }
        let _ = write!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            TOP + r as f64 * ch + ch / 2.0 + 4.0,
            5 - r
        );
    }
    for c in 0..5 {
        let _ = write!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            left + c as f64 * cw + cw / 2.0,
            TOP + 5.0 * ch + 14.0,
            c + 1
        );
    }
    let _ = write!(
        o,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text><text transform=\"translate(40 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text></svg>",
        left + 2.5 * cw,
        TOP + 5.0 * ch + 36.0,
        esc(x_label),
        TOP + 2.5 * ch,
        esc(y_label)
    );
    o
}

/// 1234567 → `1.2M`, 0.25 → `0.25`.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.1}B", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_compacts() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(compact(1_234_567.0), "1.2M");
        assert_eq!(compact(25_000.0), "25k");
        assert_eq!(compact(0.25), "0.25");
    }
}
