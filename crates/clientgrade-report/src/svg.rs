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

/// Escape text for HTML and SVG; control characters (C0, C1, bidi
/// overrides; line ends and tabs aside) become visible escapes such as `\u{1b}`.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\n' | '\t' => o.push(c),
            c if crate::text::is_control(c) => {
                let _ = write!(o, "{}", c.escape_unicode());
            }
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
        esc(&crate::text::shorten(title, TITLE_CHARS)),
        esc(&crate::text::shorten(desc, TITLE_CHARS)),
        esc(&crate::text::shorten(title, TITLE_CHARS))
    )
}

fn fmt_pct(v: f64) -> String {
    let pct = v * 100.0;
    if pct.abs() >= 10_000.0 {
        format!("{}%", compact(pct))
    } else {
        format!("{pct:.0}%")
    }
}

/// Grid lines per axis at most, whatever the data.
pub const MAX_TICKS: usize = 8;
/// Characters of a label drawn in a chart at most (longer ones end in `…`).
pub const LABEL_CHARS: usize = 40;
/// Characters of a chart title or description at most.
const TITLE_CHARS: usize = 200;

/// Round tick values between `lo` and `hi`, at most [`MAX_TICKS`], computed
/// by index (never by adding a step in a loop, which can run without end when
/// the step is lost in the magnitude of the bounds). Empty for non-finite or
/// reversed bounds.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi < lo {
        return Vec::new();
    }
    let span = hi / 2.0 - lo / 2.0; // half the span: finite for any finite bounds
    if span <= 0.0 {
        return vec![lo];
    }
    let raw = 2.0 * (span / (MAX_TICKS - 2) as f64);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil();
    let last = (hi / step).floor();
    if !(step.is_finite() && step > 0.0 && first.is_finite() && last >= first) {
        return vec![lo, hi];
    }
    let n = ((last - first).min(MAX_TICKS as f64) as usize + 1).min(MAX_TICKS);
    (0..n)
        .map(|k| (first + k as f64) * step)
        .filter(|v| v.is_finite())
        .collect()
}

/// Where `v` falls between `lo` and `hi`, from 0 to 1 (0 for anything not
/// finite); computed on halves so that no finite bounds overflow.
fn frac(v: f64, lo: f64, hi: f64) -> f64 {
    let f = (v / 2.0 - lo / 2.0) / (hi / 2.0 - lo / 2.0);
    if f.is_finite() {
        f.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The finite bounds of `values` widened to a non-empty range; `None` when
/// no value is finite.
fn bounds(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return None;
    }
    if lo < hi {
        return Some((lo, hi));
    }
    let pad = if lo == 0.0 { 1.0 } else { lo.abs() / 2.0 };
    Some((lo - pad, hi + pad))
}

/// A chart that has nothing finite to draw says so in words.
fn nothing_to_draw(id: &str, title: &str, desc: &str) -> String {
    let mut o = open(id, title, desc, 120.0);
    let _ = write!(
        o,
        "<text x=\"{LEFT}\" y=\"70\" class=\"axis\">nothing to draw: no finite values</text></svg>"
    );
    o
}

/// Axis frame with ticks: x from 0 to 1 as percentages, y from `y0` to `y1`
/// (finite, `y0 < y1`) with at most [`MAX_TICKS`] ticks at round steps,
/// labelled by `yfmt`.
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
    for v in ticks(y0, y1) {
        let y = TOP + ph - frac(v, y0, y1) * ph;
        let _ = write!(
            o,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" class=\"grid\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            LEFT + pw,
            LEFT - 6.0,
            y + 4.0,
            label(&yfmt(v))
        );
    }
    let _ = write!(
        o,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text>\
         <text transform=\"translate(14 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text>",
        LEFT + pw / 2.0,
        H - 10.0,
        label(x_label),
        TOP + ph / 2.0,
        label(y_label)
    );
}

/// A label for a chart: escaped and at most [`LABEL_CHARS`] characters.
fn label(s: &str) -> String {
    esc(&crate::text::shorten(s, LABEL_CHARS))
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
) -> String {
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
            .filter(finite)
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
            label(s.name)
        );
    }
    if left_out > 0 {
        let _ = write!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{left_out} points left out: not finite</text>",
            LEFT + 12.0,
            TOP + 14.0 + 16.0 * series.len() as f64
        );
    }
    o.push_str("</svg>");
    o
}

/// Horizontal bars: (label, value, colour, text shown at the bar's end). A
/// value that is not finite gets no bar; with no finite value at all the
/// chart says so in words.
pub fn bars(id: &str, title: &str, desc: &str, rows: &[(String, f64, &str, String)]) -> String {
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
        let _ = write!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>\
             <rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{c}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{}</text>",
            label_w - 8.0,
            y + 16.0,
            label(name),
            y + 4.0,
            row_h - 8.0,
            zero.max(x + w) + 6.0,
            y + 16.0,
            esc(&crate::text::shorten(text, crate::text::NAME_CHARS))
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
    // only dots with both coordinates finite reach the chart
    let dots: Vec<&Dot<'_>> = dots
        .iter()
        .filter(|d| tx(d.x).is_finite() && d.y.is_finite())
        .collect();
    if dots.is_empty() {
        return nothing_to_draw(id, title, desc);
    }
    let xs: Vec<f64> = dots.iter().map(|d| tx(d.x)).collect();
    let ys: Vec<f64> = dots.iter().map(|d| d.y).collect();
    let lo_hi = |v: &[f64]| {
        let mut s: Vec<f64> = v.to_vec();
        s.sort_by(|a, b| a.total_cmp(b));
        // clip the extreme 0.5% so one outlier does not flatten the rest
        let k = s.len() / 200;
        bounds([s[k], s[s.len() - 1 - k]].into_iter()).unwrap_or((0.0, 1.0))
    };
    let (x0, x1) = if log_x {
        bounds(xs.iter().copied()).unwrap_or((0.0, 1.0))
    } else {
        lo_hi(&xs)
    };
    let (y0, y1) = lo_hi(&ys);
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let sx = |x: f64| LEFT + frac(x, x0, x1) * pw;
    let sy = |y: f64| TOP + ph - frac(y, y0, y1) * ph;
    let mut o = open(id, title, desc, H);
    for k in 0..=4 {
        let f = f64::from(k) / 4.0;
        let xv = x0 + f * (x1 / 2.0 - x0 / 2.0) * 2.0;
        let yv = y0 + f * (y1 / 2.0 - y0 / 2.0) * 2.0;
        let xt = if log_x {
            compact(10f64.powf(xv))
        } else {
            compact(xv)
        };
        let _ = write!(
            o,
            "<line x1=\"{:.1}\" y1=\"{TOP}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"grid\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>\
             <line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"grid\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            sx(xv), sx(xv), TOP + ph, sx(xv), TOP + ph + 16.0, label(&xt),
            sy(yv), LEFT + pw, sy(yv), LEFT - 6.0, sy(yv) + 4.0, label(&compact(yv))
        );
    }
    for d in &dots {
        let _ = write!(
            o,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.6\" fill=\"{}\" fill-opacity=\"0.55\"/>",
            sx(tx(d.x)),
            sy(d.y),
            d.colour
        );
    }
    if let Some(x) = split.0.filter(|x| tx(*x).is_finite()) {
        let _ = write!(
            o,
            "<line x1=\"{0:.1}\" y1=\"{TOP}\" x2=\"{0:.1}\" y2=\"{1:.1}\" class=\"split\"/>",
            sx(tx(x)),
            TOP + ph
        );
    }
    if let Some(y) = split.1.filter(|y| y.is_finite()) {
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
            label(text)
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
            label(d.label.unwrap_or(""))
        );
    }
    let _ = write!(
        o,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text><text transform=\"translate(14 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text></svg>",
        LEFT + pw / 2.0,
        H - 10.0,
        label(x_label),
        TOP + ph / 2.0,
        label(y_label)
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
                label(name),
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
        label(x_label),
        TOP + 2.5 * ch,
        label(y_label)
    );
    o
}

/// 1234567 → `1.2M`, 0.25 → `0.25`, 3e15 → `3.0e15`; `n/a` when not finite.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        "n/a".into()
    } else if a >= 1e12 {
        format!("{v:.1e}")
    } else if a >= 1e9 {
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
        assert_eq!(esc("x\u{1b}[2Jy\u{202e}"), "x\\u{1b}[2Jy\\u{202e}");
        assert_eq!(compact(1_234_567.0), "1.2M");
        assert_eq!(compact(25_000.0), "25k");
        assert_eq!(compact(0.25), "0.25");
        assert_eq!(compact(3e15), "3.0e15");
        assert_eq!(compact(f64::NAN), "n/a");
    }

    #[test]
    fn ticks_are_few_round_and_computed_by_index() {
        assert_eq!(
            ticks(0.0, 1.0),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks(0.0, 1.5), [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]);
        // the whale axis of issue 17: ~2e9 wide, once ticks 10 apart
        let t = ticks(-0.1, 2.1e9);
        assert!((2..=MAX_TICKS).contains(&t.len()), "{t:?}");
        for (lo, hi) in [
            (0.0, 1e-300),
            (-1e308, 1e308),
            (f64::MIN, f64::MAX),
            (1e15, 1e15 + 0.5),
            (-5.0, -5.0),
            (3.0, 1.0),
            (f64::NAN, 1.0),
            (0.0, f64::INFINITY),
        ] {
            let t = ticks(lo, hi);
            assert!(t.len() <= MAX_TICKS, "{lo}..{hi}: {t:?}");
            assert!(t.iter().all(|v| v.is_finite()), "{lo}..{hi}: {t:?}");
        }
    }

    /// Series no real data should give, and a few it can.
    fn adversarial() -> Vec<(&'static str, Vec<f64>)> {
        vec![
            ("empty", vec![]),
            ("one point", vec![0.3]),
            ("all equal", vec![7.0; 50]),
            ("zero span at zero", vec![0.0; 10]),
            (
                "all negative",
                (1..=40).map(|i| -f64::from(i) * 1e3).collect(),
            ),
            ("1e15 span", vec![-1e15, 0.0, 1e15]),
            ("the whale of issue 17", vec![0.0, 2.1e9, 1.0]),
            ("huge", vec![f64::MAX, f64::MIN, 0.0]),
            ("tiny", vec![1e-320, 2e-320]),
            (
                "NaN and inf",
                vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
            ),
            (
                "NaN among values",
                vec![0.1, f64::NAN, 0.5, f64::INFINITY, 0.9],
            ),
        ]
    }

    /// A chart stays a few KB whatever its numbers: a base plus a bounded
    /// amount per drawn item, with no `NaN` or `inf` in it.
    fn check_chart(kind: &str, case: &str, svg: &str, items: usize) {
        let bound = 8 * 1024 + 400 * items;
        assert!(
            svg.len() <= bound,
            "{kind} / {case}: {} bytes > {bound}",
            svg.len()
        );
        assert!(
            svg.starts_with("<svg") && svg.ends_with("</svg>"),
            "{kind} / {case}"
        );
        for bad in ["NaN", "inf\"", "inf,", "inf ", "Infinity"] {
            assert!(!svg.contains(bad), "{kind} / {case}: {bad} in {svg}");
        }
    }

    #[test]
    fn every_chart_stays_small_on_adversarial_series() {
        let long = "L".repeat(1 << 20);
        for (case, values) in adversarial() {
            let n = values.len();
            let points: Vec<(f64, f64)> = values
                .iter()
                .enumerate()
                .map(|(i, v)| (i as f64 / n.max(1) as f64, *v))
                .collect();
            let svg = curves(
                "c",
                &long,
                &long,
                &long,
                &long,
                &[
                    Series {
                        name: &long,
                        colour: colour::GOOD,
                        points: &points,
                    },
                    Series {
                        name: "b",
                        colour: colour::PURPLE,
                        points: &points,
                    },
                ],
                true,
            );
            check_chart("curves", case, &svg, 2 * n + 2);
            if !values.iter().any(|v| v.is_finite()) {
                assert!(svg.contains("nothing to draw"), "{case}: {svg}");
            }

            let rows: Vec<(String, f64, &str, String)> = values
                .iter()
                .map(|v| (long.clone(), *v, colour::LOSER, long.clone()))
                .collect();
            let svg = bars("b", "bars", "d", &rows);
            check_chart("bars", case, &svg, n);

            for log_x in [false, true] {
                let dots: Vec<Dot<'_>> = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Dot {
                        x: *v,
                        y: values[n - 1 - i],
                        colour: colour::GREY,
                        label: (i < 5).then_some(long.as_str()),
                    })
                    .collect();
                let svg = scatter(
                    "s",
                    "scatter",
                    "d",
                    (&long, &long),
                    &dots,
                    log_x,
                    (values.first().copied(), values.last().copied()),
                    [&long, "b", "c", "d"],
                );
                check_chart("scatter", case, &svg, n);
            }
        }
        let cells: [[(String, &str, u64); 5]; 5] =
            std::array::from_fn(|_| std::array::from_fn(|_| (long.clone(), colour::SKY, u64::MAX)));
        check_chart(
            "grid",
            "long names",
            &grid("g", "t", "d", (&long, &long), &cells),
            25,
        );
    }
}
