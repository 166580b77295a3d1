//! The matrix scatter plot: quadrant splits, points beyond the drawn range pinned to the edge and counted, labels placed without overlap.

use super::scale::{linear_range, position, quantile, tick_text, tick_values, Ticks};
use super::{label, nothing_to_draw, open, BOTTOM, H, LABEL_CHARS, LEFT, RIGHT, TOP, W};
use crate::markup::Html;

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

/// A scatter plot with quadrant lines at the splits and the four quadrant
/// names in the corners (high-high top right …). The axes show the middle
/// of the data; points outside are drawn as triangles at the edge and
/// counted in the returned [`Clipped`]. Labels of notable points are placed
/// where they overlap neither each other nor the frame. A point with a
/// coordinate that is not finite is left out (and counted); with no finite
/// point the chart says so in words. At most [`MAX_TICKS`](super::MAX_TICKS) ticks per axis.
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
        crate::markup::html!(o, "<line x1=\"{3:.1}\" y1=\"{4}\" x2=\"{3:.1}\" y2=\"{:.1}\" class=\"grid\"/><text x=\"{3:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>", TOP + ph, TOP + ph + 16.0, label(&tick_text(*v, x_axis.ticks, xstep)), at, TOP);
    }
    let (yt, ystep) = tick_values(y0, y1, false);
    for v in &yt {
        let at = sy(*v);
        crate::markup::html!(o, "<line x1=\"{5}\" y1=\"{6:.1}\" x2=\"{:.1}\" y2=\"{6:.1}\" class=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>", LEFT + pw, if *v == 0.0 { "axisline" } else { "grid" }, LEFT - 6.0, at + 4.0, label(&tick_text(*v, y_axis.ticks, ystep)), LEFT, at);
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
            crate::markup::html!(o, "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{}\" fill-opacity=\"0.8\"/>", tip.0, tip.1, b1.0, b1.1, b2.0, b2.1, d.colour);
        } else {
            crate::markup::html!(
                o,
                "<circle cx=\"{1:.1}\" cy=\"{2:.1}\" r=\"2.6\" fill=\"{}\" fill-opacity=\"0.55\"/>",
                d.colour,
                cx,
                cy
            );
        }
    }
    if let Some(x) = x_split {
        crate::markup::html!(
            o,
            "<line x1=\"{0:.1}\" y1=\"{2}\" x2=\"{0:.1}\" y2=\"{1:.1}\" class=\"split\"/>",
            sx(tx(x)),
            TOP + ph,
            TOP
        );
    }
    if let Some(y) = y_split {
        crate::markup::html!(
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
        crate::markup::html!(
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
        crate::markup::html!(o, "<circle cx=\"{5:.1}\" cy=\"{6:.1}\" r=\"4\" fill=\"none\" stroke=\"#000\"/>\
             <line x1=\"{5:.1}\" y1=\"{6:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"0.5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"pointlabel\" text-anchor=\"{7}\">{}</text>", x + pick.0 * 0.8, y + pick.1 - 3.0, x + pick.0, y + pick.1, text, x, y, anchor);
    }
    crate::markup::html!(o, "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text><text transform=\"translate(14 {:.1}) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">{}</text></svg>", LEFT + pw / 2.0, H - 10.0, label(x_axis.title), TOP + ph / 2.0, label(y_axis.title));
    (o, clipped)
}
#[cfg(test)]
mod tests {
    use super::*;

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
