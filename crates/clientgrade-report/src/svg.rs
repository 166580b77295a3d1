//! Hand-written inline SVG charts: line, bar, scatter and histogram, accessible and print-friendly.

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
    crate::html!(
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

/// A chart that has nothing finite to draw says so in words.
fn nothing_to_draw(id: &str, title: &str, desc: &str) -> Html {
    let mut o = open(id, title, desc, 120.0);
    crate::html!(
        o,
        "<text x=\"{0}\" y=\"70\" class=\"axis\">nothing to draw: no finite values</text></svg>",
        LEFT
    );
    o
}

/// Axis frame with ticks: x from 0 to 1 as percentages, y from `y0` to `y1`
/// (finite, `y0 < y1`) with at most [`MAX_TICKS`] ticks at round steps,
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
        crate::html!(
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
        crate::html!(
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
    crate::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text>\
         <text transform=\"translate(14 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text>", LEFT + pw / 2.0, H - 10.0, label(x_label), TOP + ph / 2.0, label(y_label));
}

/// A label for a chart (escaped when written): at most [`LABEL_CHARS`] characters.
fn label(s: &str) -> String {
    crate::text::shorten(s, LABEL_CHARS).into_owned()
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
        crate::html!(
            o,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"ref\"/>",
            sx(0.0),
            sy(0.0),
            sx(1.0),
            sy(1.0)
        );
    }
    if y0 < 0.0 || y1 > 1.0 {
        crate::html!(
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
        crate::html!(
            o,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" points=\"{}\"/>",
            s.colour,
            path.join(" ")
        );
        let ly = TOP + 14.0 + 16.0 * k as f64;
        crate::html!(o, "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"14\" height=\"4\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{}</text>", LEFT + 12.0, ly - 4.0, s.colour, LEFT + 32.0, ly, label(s.name));
    }
    if left_out > 0 {
        crate::html!(
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
        crate::html!(
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
    crate::html!(
        o,
        "<line x1=\"{1:.1}\" y1=\"{2}\" x2=\"{1:.1}\" y2=\"{:.1}\" class=\"axisline\"/>",
        height - 16.0,
        zero,
        TOP
    );
    o.raw("</svg>");
    o
}

/// One scatter point.
pub struct Dot<'a> {
    /// X value.
    pub x: f64,
    /// Y value.
    pub y: f64,
    /// Fill colour.
    pub colour: &'a str,
    /// A label to print beside it, for a few notable points.
    pub label: Option<&'a str>,
}

/// How an axis's numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ticks {
    /// Percentages of a fraction (0.25 → `25%`).
    Percent,
    /// Amounts and counts, compact (`25k`, `1.2M`).
    Plain,
}

/// One axis of a scatter plot.
pub struct Axis<'a> {
    /// Its title, as a reader says it.
    pub title: &'a str,
    /// How ticks are written.
    pub ticks: Ticks,
    /// Logarithmic (positive values only; the others are pinned to the low edge).
    pub log: bool,
    /// Where the matrix splits it.
    pub split: Option<f64>,
}

/// Points of a scatter plot drawn at an edge because they lie outside the
/// drawn range: below and above on X, below and above on Y, and that range.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Clipped {
    /// Points left of the X range (or not positive on a log axis).
    pub x_low: usize,
    /// Points right of the X range.
    pub x_high: usize,
    /// Points below the Y range.
    pub y_low: usize,
    /// Points above the Y range.
    pub y_high: usize,
    /// The drawn X range (in data units).
    pub x_range: (f64, f64),
    /// The drawn Y range.
    pub y_range: (f64, f64),
    /// Points not drawn at all: a coordinate is not finite.
    pub not_finite: usize,
}

/// The `q` quantile of `sorted` (finite values, not empty); never overflows.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let (a, b, t) = (sorted[lo], sorted[hi], pos - lo as f64);
    // b - a overflows for values of opposite sign near the limits of f64
    [a + (b - a) * t, a * (1.0 - t) + b * t]
        .into_iter()
        .find(|v| v.is_finite())
        .unwrap_or(a)
}

/// A round step (1, 2, 2.5, 5 × a power of ten) that cuts `lo..hi` (finite,
/// `lo < hi`) into about five parts; `None` when none is finite. Works on
/// halves, so that no finite bounds overflow.
fn nice_step(lo: f64, hi: f64) -> Option<f64> {
    let span = hi - lo;
    let (raw, scale) = if span.is_finite() {
        ((span / 5.0).max(1e-12), 1.0)
    } else {
        (((hi / 2.0 - lo / 2.0) / 5.0).max(1e-12), 2.0)
    };
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    Some(nice * mag * scale).filter(|s| s.is_finite() && *s > 0.0)
}

/// Where `v` falls from `lo` (0) to `hi` (1), unclamped (below 0 or above 1
/// outside the range); computed on halves so that no finite bounds overflow.
fn position(v: f64, lo: f64, hi: f64) -> f64 {
    (v / 2.0 - lo / 2.0) / (hi / 2.0 - lo / 2.0)
}

/// The drawn range of a linear axis: the middle of the values (the 3rd to
/// the 99.5th percentile, so that a long tail does not squeeze the rest),
/// widened to the split and rounded out to whole steps; always finite with
/// `lo < hi`.
fn linear_range(values: &[f64], split: Option<f64>, (q_lo, q_hi): (f64, f64)) -> (f64, f64) {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return (0.0, 1.0);
    }
    v.sort_by(f64::total_cmp);
    let (mut lo, mut hi) = (quantile(&v, q_lo), quantile(&v, q_hi));
    if let Some(s) = split.filter(|s| s.is_finite()) {
        lo = lo.min(s);
        hi = hi.max(s);
    }
    if hi - lo < 1e-9 {
        // widened by one, or by a relative amount where one is lost in the magnitude
        let pad = (lo.abs().max(hi.abs()) * 1e-6).max(1.0);
        return (lo - pad, hi + pad);
    }
    let Some(step) = nice_step(lo, hi) else {
        return (lo, hi);
    };
    let rounded = ((lo / step).floor() * step, (hi / step).ceil() * step);
    if rounded.0.is_finite() && rounded.1.is_finite() && rounded.0 < rounded.1 {
        rounded
    } else {
        (lo, hi)
    }
}

fn tick_text(v: f64, ticks: Ticks, step: f64) -> String {
    match ticks {
        Ticks::Percent if !(v * 100.0).is_finite() || (v * 100.0).abs() >= 10_000.0 => fmt_pct(v),
        Ticks::Percent if step < 0.01 => format!("{:.1}%", v * 100.0),
        Ticks::Percent => format!("{:.0}%", v * 100.0),
        // round ticks read without a trailing `.0`: 1M, not 1.0M
        Ticks::Plain if v == 0.0 => "0".into(),
        Ticks::Plain => compact(v).replace(".0M", "M").replace(".0B", "B"),
    }
}

/// At most [`MAX_TICKS`] of `v`: every k-th, from the first.
fn thin(v: Vec<f64>) -> Vec<f64> {
    if v.len() <= MAX_TICKS {
        return v;
    }
    let every = v.len().div_ceil(MAX_TICKS);
    v.into_iter().step_by(every).collect()
}

/// Tick values of an axis (finite bounds, `lo < hi`), at most
/// [`MAX_TICKS`]: whole steps on a linear axis, computed by index; 1, 2, 5 ×
/// powers of ten on a log axis (decades only when they are enough; every
/// k-th decade when there are more than [`MAX_TICKS`]).
fn tick_values(lo: f64, hi: f64, log: bool) -> (Vec<f64>, f64) {
    if log {
        let (a, b) = (lo.floor() as i32, hi.ceil() as i32);
        let within = |v: &f64| v.log10() >= lo - 1e-9 && v.log10() <= hi + 1e-9;
        let decades: Vec<f64> = (a..=b).map(|k| 10f64.powi(k)).filter(within).collect();
        if decades.len() >= 3 {
            return (thin(decades), 1.0);
        }
        let v: Vec<f64> = (a..=b)
            .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
            .filter(within)
            .collect();
        return (thin(v), 1.0);
    }
    let Some(step) = nice_step(lo, hi) else {
        return (vec![lo, hi], 1.0);
    };
    let (first, last) = ((lo / step).ceil(), (hi / step + 1e-6).floor());
    if !(first.is_finite() && last.is_finite() && last >= first) {
        return (vec![lo, hi], step);
    }
    let n = (last - first).min(4.0 * MAX_TICKS as f64) as usize + 1;
    let v: Vec<f64> = (0..n)
        .map(|k| (first + k as f64) * step)
        .filter(|x| x.is_finite())
        .map(|x| if x.abs() < step * 1e-9 { 0.0 } else { x })
        .collect();
    (thin(v), step)
}

/// A scatter plot with quadrant lines at the splits and the four quadrant
/// names in the corners (high-high top right …). The axes show the middle
/// of the data; points outside are drawn as triangles at the edge and
/// counted in the returned [`Clipped`]. Labels of notable points are placed
/// where they overlap neither each other nor the frame. A point with a
/// coordinate that is not finite is left out (and counted); with no finite
/// point the chart says so in words. At most [`MAX_TICKS`] ticks per axis.
pub fn scatter(
    id: &str,
    title: &str,
    desc: &str,
    (x_axis, y_axis): (&Axis<'_>, &Axis<'_>),
    dots: &[Dot<'_>],
    corners: [&str; 4],
) -> (Html, Clipped) {
    // only dots with both coordinates finite reach the chart
    let all = dots.len();
    let dots: Vec<&Dot<'_>> = dots
        .iter()
        .filter(|d| d.x.is_finite() && d.y.is_finite())
        .collect();
    if dots.is_empty() {
        let clipped = Clipped {
            not_finite: all,
            x_range: (0.0, 1.0),
            y_range: (0.0, 1.0),
            ..Clipped::default()
        };
        return (nothing_to_draw(id, title, desc), clipped);
    }
    let tx = |x: f64| if x_axis.log { x.log10() } else { x };
    let x_split = x_axis
        .split
        .filter(|x| x.is_finite() && (!x_axis.log || *x > 0.0));
    let y_split = y_axis.split.filter(|y| y.is_finite());
    let xs: Vec<f64> = dots
        .iter()
        .filter(|d| !x_axis.log || d.x > 0.0)
        .map(|d| tx(d.x))
        .collect();
    let ys: Vec<f64> = dots.iter().map(|d| d.y).collect();
    let (x0, x1) = if x_axis.log {
        let split = x_split.map(f64::log10);
        let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            (0.0, 1.0)
        } else {
            // the largest customers are never clipped; the smallest 1% may be
            let lo = quantile(&v, 0.01).min(split.unwrap_or(f64::INFINITY));
            let hi = v[v.len() - 1].max(split.unwrap_or(f64::NEG_INFINITY));
            if hi - lo < 1e-9 {
                (lo - 0.5, hi + 0.5)
            } else {
                (lo.floor().max(lo - 0.3), hi + 0.05 * (hi - lo))
            }
        }
    } else {
        linear_range(&xs, x_split, (0.01, 1.0))
    };
    let (y0, y1) = linear_range(&ys, y_split, (0.03, 0.995));
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let fx = |x: f64| position(x, x0, x1);
    let fy = |y: f64| position(y, y0, y1);
    let sx = |x: f64| LEFT + fx(x).clamp(0.0, 1.0) * pw;
    let sy = |y: f64| TOP + ph - fy(y).clamp(0.0, 1.0) * ph;
    let mut o = open(id, title, desc, H);
    let (xt, xstep) = tick_values(x0, x1, x_axis.log);
    for v in &xt {
        let at = sx(tx(*v));
        crate::html!(o, "<line x1=\"{3:.1}\" y1=\"{4}\" x2=\"{3:.1}\" y2=\"{:.1}\" class=\"grid\"/><text x=\"{3:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>", TOP + ph, TOP + ph + 16.0, label(&tick_text(*v, x_axis.ticks, xstep)), at, TOP);
    }
    let (yt, ystep) = tick_values(y0, y1, false);
    for v in &yt {
        let at = sy(*v);
        crate::html!(o, "<line x1=\"{5}\" y1=\"{6:.1}\" x2=\"{:.1}\" y2=\"{6:.1}\" class=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>", LEFT + pw, if *v == 0.0 { "axisline" } else { "grid" }, LEFT - 6.0, at + 4.0, label(&tick_text(*v, y_axis.ticks, ystep)), LEFT, at);
    }
    let mut clipped = Clipped {
        not_finite: all - dots.len(),
        x_range: if x_axis.log {
            (10f64.powf(x0), 10f64.powf(x1).min(f64::MAX))
        } else {
            (x0, x1)
        },
        y_range: (y0, y1),
        ..Clipped::default()
    };
    for d in &dots {
        let xv = if x_axis.log && d.x <= 0.0 {
            f64::NEG_INFINITY
        } else {
            tx(d.x)
        };
        let (fxv, fyv) = (fx(xv), fy(d.y));
        let (cx, cy) = (sx(xv), sy(d.y));
        let out = [fxv < 0.0, fxv > 1.0, fyv < 0.0, fyv > 1.0];
        clipped.x_low += usize::from(out[0]);
        clipped.x_high += usize::from(out[1]);
        clipped.y_low += usize::from(out[2]);
        clipped.y_high += usize::from(out[3]);
        if out.iter().any(|b| *b) {
            // a triangle at the edge, pointing where the customer really lies
            let (dx, dy) = if out[2] {
                (0.0, 1.0)
            } else if out[3] {
                (0.0, -1.0)
            } else if out[0] {
                (-1.0, 0.0)
            } else {
                (1.0, 0.0)
            };
            let tip = (cx + 4.0 * dx, cy + 4.0 * dy);
            let (b1, b2) = (
                (cx - 3.5 * dy, cy + 3.5 * dx),
                (cx + 3.5 * dy, cy - 3.5 * dx),
            );
            crate::html!(o, "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{}\" fill-opacity=\"0.8\"/>", tip.0, tip.1, b1.0, b1.1, b2.0, b2.1, d.colour);
        } else {
            crate::html!(
                o,
                "<circle cx=\"{1:.1}\" cy=\"{2:.1}\" r=\"2.6\" fill=\"{}\" fill-opacity=\"0.55\"/>",
                d.colour,
                cx,
                cy
            );
        }
    }
    if let Some(x) = x_split {
        crate::html!(
            o,
            "<line x1=\"{0:.1}\" y1=\"{2}\" x2=\"{0:.1}\" y2=\"{1:.1}\" class=\"split\"/>",
            sx(tx(x)),
            TOP + ph,
            TOP
        );
    }
    if let Some(y) = y_split {
        crate::html!(
            o,
            "<line x1=\"{2}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" class=\"split\"/>",
            sy(y),
            LEFT + pw,
            LEFT
        );
    }
    let corner = [
        (LEFT + pw - 6.0, TOP + 14.0, "end", corners[0]),
        (LEFT + pw - 6.0, TOP + ph - 6.0, "end", corners[1]),
        (LEFT + 6.0, TOP + 14.0, "start", corners[2]),
        (LEFT + 6.0, TOP + ph - 6.0, "start", corners[3]),
    ];
    // boxes (x, y, width, height) that labels must not overlap
    let text_w = |t: &str| 6.2 * t.chars().count() as f64;
    let mut taken: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (x, y, anchor, text) in corner {
        let text = crate::text::shorten(text, LABEL_CHARS);
        let w = 7.0 * text.chars().count() as f64;
        let left = if anchor == "end" { x - w } else { x };
        taken.push((left, y - 12.0, w, 15.0));
        crate::html!(
            o,
            "<text x=\"{1:.1}\" y=\"{2:.1}\" class=\"quadrant\" text-anchor=\"{3}\">{}</text>",
            text,
            x,
            y,
            anchor
        );
    }
    let overlaps = |a: &(f64, f64, f64, f64), b: &(f64, f64, f64, f64)| {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    };
    for d in dots.iter().filter(|d| d.label.is_some()) {
        let text = crate::text::shorten(d.label.unwrap_or(""), LABEL_CHARS);
        let (x, y) = (
            sx(if x_axis.log && d.x <= 0.0 {
                f64::NEG_INFINITY
            } else {
                tx(d.x)
            }),
            sy(d.y),
        );
        let w = text_w(&text);
        let candidates = [
            (10.0, -8.0),
            (10.0, 14.0),
            (-10.0, -8.0),
            (-10.0, 14.0),
            (10.0, -22.0),
            (-10.0, -22.0),
            (10.0, 28.0),
            (-10.0, 28.0),
            (24.0, -36.0),
            (-24.0, -36.0),
        ];
        let boxed = |(dx, dy): (f64, f64)| {
            let left = if dx < 0.0 { x + dx - w } else { x + dx };
            (left, y + dy - 10.0, w, 12.0)
        };
        let inside = |b: &(f64, f64, f64, f64)| {
            b.0 >= LEFT && b.0 + b.2 <= LEFT + pw && b.1 >= TOP && b.1 + b.3 <= TOP + ph
        };
        // free and inside the plot; else inside, overlapping; else on the
        // side with more room, so that a label is never cut at an edge
        let pick = candidates
            .iter()
            .copied()
            .find(|c| {
                let b = boxed(*c);
                inside(&b) && !taken.iter().any(|t| overlaps(t, &b))
            })
            .or_else(|| candidates.iter().copied().find(|c| inside(&boxed(*c))))
            .unwrap_or(if x > LEFT + pw / 2.0 {
                candidates[2]
            } else {
                candidates[0]
            });
        let b = boxed(pick);
        taken.push(b);
        let anchor = if pick.0 < 0.0 { "end" } else { "start" };
        crate::html!(o, "<circle cx=\"{5:.1}\" cy=\"{6:.1}\" r=\"4\" fill=\"none\" stroke=\"#000\"/>\
             <line x1=\"{5:.1}\" y1=\"{6:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"0.5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"pointlabel\" text-anchor=\"{7}\">{}</text>", x + pick.0 * 0.8, y + pick.1 - 3.0, x + pick.0, y + pick.1, text, x, y, anchor);
    }
    crate::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text><text transform=\"translate(14 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text></svg>", LEFT + pw / 2.0, H - 10.0, label(x_axis.title), TOP + ph / 2.0, label(y_axis.title));
    (o, clipped)
}

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
            crate::html!(o, "<rect x=\"{7:.1}\" y=\"{8:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{9}\" fill-opacity=\"0.75\" stroke=\"#fff\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"middle\">{}</text>\
                 <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\" text-anchor=\"middle\">{10}</text>", cw - 2.0, ch - 2.0, x + cw / 2.0, y + 22.0, label(name), x + cw / 2.0, y + 40.0, x, y, fill, n);
        }
        crate::html!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            TOP + r as f64 * ch + ch / 2.0 + 4.0,
            5 - r
        );
    }
    for c in 0..5 {
        crate::html!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            left + c as f64 * cw + cw / 2.0,
            TOP + 5.0 * ch + 14.0,
            c + 1
        );
    }
    crate::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text><text transform=\"translate(40 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text></svg>", left + 2.5 * cw, TOP + 5.0 * ch + 36.0, label(x_label), TOP + 2.5 * ch, label(y_label));
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
            ("all equal, where 1 is lost in the magnitude", vec![1e17; 5]),
            ("zero span at zero", vec![0.0; 10]),
            (
                "all negative",
                (1..=40).map(|i| -f64::from(i) * 1e3).collect(),
            ),
            ("1e15 span", vec![-1e15, 0.0, 1e15]),
            ("the whale of issue 17", vec![0.0, 2.1e9, 1.0]),
            ("huge", vec![f64::MAX, f64::MIN, 0.0]),
            ("tiny", vec![1e-320, 2e-320]),
            ("600 decades", (-300..=300).map(|k| 10f64.powi(k)).collect()),
            ("1e300 to 1e308", vec![1e300, 1e305, 1.7e308]),
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

    /// At most [`MAX_TICKS`] tick labels per axis (a chart has two).
    fn check_ticks(kind: &str, case: &str, svg: &str) {
        let ticks = svg.matches("class=\"tick\"").count();
        assert!(ticks <= 2 * MAX_TICKS, "{kind} / {case}: {ticks} ticks");
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
            check_ticks("curves", case, &svg);
            if !values.iter().any(|v| v.is_finite()) {
                assert!(svg.contains("nothing to draw"), "{case}: {}", svg.as_str());
            }

            let rows: Vec<(String, f64, &str, String)> = values
                .iter()
                .map(|v| (long.clone(), *v, colour::LOSER, long.clone()))
                .collect();
            let svg = bars("b", "bars", "d", &rows);
            check_chart("bars", case, &svg, n);

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
            for (log, ticks) in [
                (false, Ticks::Plain),
                (false, Ticks::Percent),
                (true, Ticks::Plain),
            ] {
                // splits from the data too: the first and last values
                let x = Axis {
                    title: &long,
                    ticks,
                    log,
                    split: values.first().copied(),
                };
                let y = Axis {
                    title: &long,
                    ticks: Ticks::Percent,
                    log: false,
                    split: values.last().copied(),
                };
                let kind = format!("scatter (log {log}, {ticks:?})");
                let (svg, clipped) =
                    scatter("s", &long, &long, (&x, &y), &dots, [&long, "b", "c", "d"]);
                check_chart(&kind, case, &svg, n);
                check_ticks(&kind, case, &svg);
                for v in [
                    clipped.x_range.0,
                    clipped.x_range.1,
                    clipped.y_range.0,
                    clipped.y_range.1,
                ] {
                    assert!(v.is_finite(), "{kind} / {case}: {clipped:?}");
                }
                if !values.iter().any(|v| v.is_finite()) {
                    assert!(
                        svg.contains("nothing to draw"),
                        "{kind} / {case}: {}",
                        svg.as_str()
                    );
                }
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

    #[test]
    fn labels_at_the_right_edge_stay_inside_the_chart() {
        // audit section 4: five large customers with e-mail ids at the right
        // edge; the labels were cut ("david.wa")
        let ids = [
            "david.watson@example.com",
            "m.okafor-lindqvist@example.org",
            "sales@northwind-traders.co.uk",
            "j.berger@example.net",
            "ap@gamma-clinics.example",
        ];
        let mut dots: Vec<Dot<'_>> = (0..120)
            .map(|i| Dot {
                x: 500.0 + 37.0 * f64::from(i),
                y: 0.1 + 0.002 * f64::from(i % 50),
                colour: "#000",
                label: None,
            })
            .collect();
        for (i, id) in ids.iter().enumerate() {
            dots.push(Dot {
                x: 9_000.0 - 40.0 * i as f64,
                y: 0.18 + 0.003 * i as f64,
                colour: "#000",
                label: Some(id),
            });
        }
        let axis = |title| Axis {
            title,
            ticks: Ticks::Plain,
            log: false,
            split: None,
        };
        let (svg, _) = scatter(
            "m",
            "t",
            "d",
            (&axis("x"), &axis("y")),
            &dots,
            ["", "", "", ""],
        );
        let mut seen = 0;
        for (at, _) in svg.match_indices("class=\"pointlabel\"") {
            let head = &svg[..at];
            let k = head.rfind("<text x=\"").unwrap() + 9;
            let x: f64 = head[k..].split('"').next().unwrap().parse().unwrap();
            let rest = &svg[at..];
            let anchor = rest
                .split("text-anchor=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let text = rest.split('>').nth(1).unwrap().split('<').next().unwrap();
            let w = 6.0 * text.chars().count() as f64;
            let (l, r) = if anchor == "end" {
                (x - w, x)
            } else {
                (x, x + w)
            };
            assert!(l >= 0.0 && r <= W, "{text} at {x} ({anchor}) is cut");
            seen += 1;
        }
        assert_eq!(seen, ids.len());
    }

    #[test]
    fn a_long_tail_is_pinned_to_the_edge_and_counted() {
        // 200 margins between -20% and +60%, and three far below
        let mut dots: Vec<Dot<'_>> = (0..200)
            .map(|i| Dot {
                x: 1_000.0 + 100.0 * f64::from(i),
                y: -0.2 + 0.004 * f64::from(i),
                colour: "#000",
                label: None,
            })
            .collect();
        for y in [-9.29, -4.0, -2.5] {
            dots.push(Dot {
                x: 5_000.0,
                y,
                colour: "#000",
                label: Some("X1"),
            });
        }
        let x = Axis {
            title: "Revenue in the window",
            ticks: Ticks::Plain,
            log: true,
            split: Some(10_000.0),
        };
        let y = Axis {
            title: "Profit margin",
            ticks: Ticks::Percent,
            log: false,
            split: Some(0.2),
        };
        let (svg, c) = scatter("m", "t", "d", (&x, &y), &dots, ["a", "b", "c", "d"]);
        assert_eq!(
            (c.y_low, c.y_high, c.x_low, c.x_high),
            (3, 0, 0, 0),
            "{c:?}"
        );
        assert!(c.y_range.0 > -1.0 && c.y_range.0 <= -0.2, "{c:?}");
        assert!(
            svg.contains(">-20%<") && svg.contains(">60%<"),
            "{}",
            svg.as_str()
        );
        assert_eq!(svg.matches("<polygon").count(), 3);
        assert!(svg.contains("Profit margin") && !svg.contains("profit_margin"));
        // three labels on one spot do not overlap each other
        let labels: Vec<(f64, f64)> = svg
            .match_indices("class=\"pointlabel\"")
            .map(|(at, _)| {
                let head = &svg[..at];
                let num = |key: &str| -> f64 {
                    let k = head.rfind(key).unwrap() + key.len();
                    head[k..].split('"').next().unwrap().parse().unwrap()
                };
                (num("<text x=\""), num("\" y=\""))
            })
            .collect();
        assert_eq!(labels.len(), 3);
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(
                    (a.0 - b.0).abs() > 12.0 || (a.1 - b.1).abs() >= 12.0,
                    "{labels:?}"
                );
            }
        }
    }
}
