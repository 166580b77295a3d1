//! The grading matrix section: the scatter of the two chosen characteristics, its quadrants and the customers beyond the drawn range.

use super::{id, m, short, swatch, tier_colour, MAX_DOTS, TEXT_CHARS};
use crate::format::{share, thousands as count};
use crate::markup::Html;
use crate::svg::{scatter, Axis, Dot, Ticks};
use crate::text::NAME_CHARS;
use crate::view::group;
use crate::view::View;
use clientgrade_core::matrix::Quadrant;
use clientgrade_core::measures::{is_measure, label, measure, median, unit, Unit};
use clientgrade_core::{GradedCustomer, Portfolio, Tier};

/// An axis name as a reader says it: a characteristic's label, or the
/// attribute's own name.
fn axis_title(name: &str) -> String {
    if is_measure(name) {
        label(name)
    } else {
        name.to_string()
    }
}

pub(super) fn matrix_section(o: &mut Html, p: &Portfolio, view: &View) {
    let v = &p.verdicts.matrix;
    let (ax, ay) = (v.x_axis.as_str(), v.y_axis.as_str());
    let (xt, yt) = (axis_title(ax), axis_title(ay));
    crate::markup::html!(
        o,
        "<section id=\"matrix\"><h2>Grading matrix: {} × {}</h2>",
        short(&xt, NAME_CHARS),
        short(&yt, NAME_CHARS)
    );
    if let Some(why) = &v.fallback {
        crate::markup::html!(
            o,
            "<p class=\"muted\"><b>The configured axes cannot be drawn.</b> {}.</p>",
            short(
                &format!("{}{}", why[..1].to_uppercase(), &why[1..]),
                TEXT_CHARS
            )
        );
    }
    let best = Quadrant::HighHigh;
    let (c, r, _) = group(p, |g| g.quadrant == Some(best));
    let (rx, ry) = crate::verdicts::axis_splits(p);
    let split_text = |name: &str, split: Option<f64>, rule: &clientgrade_core::Split| {
        split.map_or_else(
            || "n/a".into(),
            |x| {
                format!(
                    "{}{}",
                    crate::verdicts::shown_value(name, x),
                    crate::verdicts::split_rule(rule)
                )
            },
        )
    };
    let placed: u64 = Quadrant::ALL
        .iter()
        .map(|q| group(p, |g| g.quadrant == Some(*q)).0)
        .sum();
    if placed == 0 {
        crate::markup::html!(
            o,
            "<p class=\"takeaway\">No customer can be placed: {}.</p>",
            v.fallback
                .as_deref()
                .unwrap_or("no customer who bought in the window has a value on both axes")
        );
    } else if v.judged {
        crate::markup::html!(o, "<p class=\"takeaway\">{} customers are {} ({} at least {}, {} at least {}) and bring {} of revenue.</p>", count(c), short(&v.name(best).name, NAME_CHARS), short(&xt.to_lowercase(), NAME_CHARS), &split_text(ax, v.x, &rx), short(&yt.to_lowercase(), NAME_CHARS), &split_text(ay, v.y, &ry), share(r, p.total.revenue));
    } else {
        crate::markup::html!(o, "<p class=\"takeaway\">{} customers have {} and bring {} of revenue.</p>\
             <p class=\"muted\">The splits are relative: they rank your customers against each other, so a quadrant's name says where it falls, not whether it is good or bad (a margin below the median can still be healthy). Each customer's action follows its tier; set <code>matrix.split-x</code> and <code>split-y</code> to numbers to name the quadrants yourself.</p>", count(c), short(&v.name(best).name, TEXT_CHARS), share(r, p.total.revenue));
    }
    let numeric = v.good_x.is_none() && v.good_y.is_none();
    if numeric && placed > 0 {
        let mut placed: Vec<&GradedCustomer> = p
            .customers
            .iter()
            .filter(|g| g.quadrant.is_some())
            .collect();
        let xs: Vec<f64> = placed
            .iter()
            .filter_map(|g| measure(&g.characteristics, ax))
            .collect();
        // a log scale when nearly all values are positive and the largest
        // dwarf the typical one (revenue); the others are pinned to the edge
        let positive = xs.iter().filter(|x| **x > 0.0).count();
        let skewed = unit(ax) != Unit::Fraction
            && positive * 10 >= xs.len() * 9
            && median(&xs)
                .is_some_and(|md| md > 0.0 && xs.iter().fold(0.0f64, |a, b| a.max(*b)) > 10.0 * md);
        // customers are ordered by revenue: keep the largest, then an even sample
        let total = placed.len();
        if total > MAX_DOTS {
            let keep = MAX_DOTS / 4;
            let step = (total - keep).div_ceil(MAX_DOTS - keep);
            placed = placed
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < keep || (i - keep).is_multiple_of(step))
                .map(|(_, g)| *g)
                .collect();
        }
        let dots: Vec<Dot<'_>> = placed
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                Some(Dot {
                    x: measure(&g.characteristics, ax)?,
                    y: measure(&g.characteristics, ay)?,
                    colour: tier_colour(g.tier.tier),
                    label: (i < 5).then(|| id(g)),
                })
            })
            .collect();
        let corners = [
            Quadrant::HighHigh,
            Quadrant::HighLow,
            Quadrant::LowHigh,
            Quadrant::LowLow,
        ]
        .map(|q| v.name(q).short.as_str());
        let title = format!("{yt} against {}", xt.to_lowercase());
        let desc = format!(
            "Each dot is a customer coloured by tier; dashed lines split at {} and {}; the five largest customers are labelled.",
            split_text(ax, v.x, &rx),
            split_text(ay, v.y, &ry)
        );
        let ticks = |name: &str| {
            if unit(name) == Unit::Fraction {
                Ticks::Percent
            } else {
                Ticks::Plain
            }
        };
        let x_title = if skewed {
            format!("{xt} (log scale)")
        } else {
            xt.clone()
        };
        let x_axis = Axis {
            title: &x_title,
            ticks: ticks(ax),
            log: skewed,
            split: v.x,
        };
        let y_axis = Axis {
            title: &yt,
            ticks: ticks(ay),
            log: false,
            split: v.y,
        };
        let (svg, clipped) = scatter("matrix", &title, &desc, (&x_axis, &y_axis), &dots, corners);
        o.push(&svg);
        o.raw("<p class=\"muted\">");
        for (k, t) in Tier::ALL.iter().enumerate() {
            if k > 0 {
                o.raw(" ");
            }
            o.push(&swatch(*t));
        }
        o.raw(". ");
        let edge = |n: usize, side: &str, at: f64, name: &str| {
            (n > 0).then(|| {
                format!(
                    "{} {side} {}",
                    count(n as u64),
                    crate::verdicts::shown_value(name, at)
                )
            })
        };
        let pinned: Vec<String> = [
            edge(clipped.y_low, "below", clipped.y_range.0, ay),
            edge(clipped.y_high, "above", clipped.y_range.1, ay),
            edge(clipped.x_low, "left of", clipped.x_range.0, ax),
            edge(clipped.x_high, "right of", clipped.x_range.1, ax),
        ]
        .into_iter()
        .flatten()
        .collect();
        if clipped.not_finite > 0 {
            crate::markup::html!(
                o,
                "{} customers not drawn: a value is not finite. ",
                count(clipped.not_finite as u64)
            );
        }
        if !pinned.is_empty() {
            crate::markup::html!(
                o,
                "Customers outside the drawn range are triangles at the edge: {}. ",
                &pinned.join(", ")
            );
        }
        if total > dots.len() {
            crate::markup::html!(
                o,
                "{} of {} customers drawn: the {} largest and an even sample of the rest.",
                count(dots.len() as u64),
                count(total as u64),
                count((MAX_DOTS / 4) as u64)
            );
        }
        o.raw("</p>");
    }
    o.raw("<table><tr><th>quadrant</th><th class=\"n\">customers</th><th>by tier</th><th class=\"n\">revenue</th><th class=\"n\">profit</th><th>action</th></tr>");
    for q in Quadrant::ALL {
        let (c, r, pr) = group(p, |g| g.quadrant == Some(q));
        let t = v.name(q);
        let mix: Vec<String> = Tier::ALL
            .iter()
            .filter_map(|tier| {
                let n = view.quadrant_tier(q, *tier);
                (n > 0).then(|| format!("T{} {}", tier.number(), count(n)))
            })
            .collect();
        crate::markup::html!(o, "<tr><td>{} <span class=\"muted\">({})</span></td><td class=\"n\">{}</td><td class=\"muted nw\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>", short(&t.name, TEXT_CHARS), q.key(), count(c), &mix.join(" · "), m(r), &crate::headline::profit_text(p, pr), short(&t.action, TEXT_CHARS));
    }
    let mut not_placed = Vec::new();
    if v.unplaced > 0 {
        not_placed.push(format!(
            "{} who bought in the window without a value on an axis",
            crate::format::plural(v.unplaced as u64, "customer", "customers")
        ));
    }
    if v.not_bought > 0 {
        not_placed.push(format!(
            "{} lapsed or lost (nothing bought in the window)",
            count(v.not_bought as u64)
        ));
    }
    if !not_placed.is_empty() {
        crate::markup::html!(
            o,
            "<tr><td colspan=\"6\" class=\"muted\">Not placed: {}.</td></tr>",
            &not_placed.join("; ")
        );
    }
    o.raw("</table></section>");
}
